import { beforeAll, describe, expect, it } from 'vitest';
// Imports the modules directly (rather than lib/index.js) so these tests do not depend on
// unrelated parts of the package.
import * as torch from '../../lib/torch.js';
import * as optim from '../../lib/optim/index.js';
import { oracle } from '../helpers/python.js';

const { StepLR, MultiStepLR, ExponentialLR, CosineAnnealingLR, ReduceLROnPlateau, LambdaLR, LinearLR } = optim.lr_scheduler;

const EPOCHS = 25;
const METRICS = [1, 0.9, 0.95, 0.95, 0.97, 0.96, 0.99, 0.8, 0.85, 0.86, 0.9, 0.91, 0.92, 0.93, 0.94, 0.95, 0.96, 0.97, 0.98, 0.99, 1, 1, 1, 1, 1];

function makeOptimizer(): optim.SGD {
  const a = torch.zeros(2).requiresGrad_();
  const b = torch.zeros(2).requiresGrad_();
  return new optim.SGD([{ params: [a] }, { params: [b], lr: 0.05 }], { lr: 0.1, momentum: 0.9 });
}

type Sched = { step(): void; getLastLr(): number[] };
const BUILDERS: Record<string, (o: optim.SGD) => Sched> = {
  StepLR: (o) => new StepLR(o, { stepSize: 4, gamma: 0.5 }),
  MultiStepLR: (o) => new MultiStepLR(o, { milestones: [3, 7, 7, 15], gamma: 0.3 }),
  ExponentialLR: (o) => new ExponentialLR(o, 0.9),
  CosineAnnealingLR: (o) => new CosineAnnealingLR(o, { TMax: 6, etaMin: 0.001 }),
  LambdaLR: (o) => new LambdaLR(o, [(e) => 0.9 ** e, (e) => 1 / (e + 1)]),
  LinearLR: (o) => new LinearLR(o, { startFactor: 0.25, endFactor: 0.9, totalIters: 7 }),
};

describe('learning-rate schedulers match PyTorch', () => {
  let ref: Record<string, number[][]>;
  beforeAll(() => {
    ref = oracle<Record<string, number[][]>>('optim/lr_scheduler', 'schedules', EPOCHS, METRICS);
  });

  for (const name of Object.keys(BUILDERS)) {
    it(name, () => {
      const o = makeOptimizer();
      const s = BUILDERS[name]!(o);
      const lrs = [s.getLastLr()];
      for (let e = 0; e < EPOCHS; e++) { o.step(); s.step(); lrs.push(s.getLastLr()); }
      expect(lrs.length).toBe(ref[name]!.length);
      lrs.forEach((pair, e) => pair.forEach((lr, g) => {
        const want = ref[name]![e]![g]!;
        expect(Math.abs(lr - want), `${name} epoch ${e} group ${g}: ${lr} vs ${want}`).toBeLessThanOrEqual(1e-15 + 1e-12 * Math.abs(want));
      }));
      expect(o.paramGroups.map((g) => g.lr)).toEqual(s.getLastLr());
    });
  }

  it('ReduceLROnPlateau (min/rel with cooldown and per-group minLr; max/abs)', () => {
    for (const [key, opts] of [
      ['ReduceLROnPlateau', { mode: 'min', factor: 0.5, patience: 2, cooldown: 1, minLr: [0.01, 0.02], threshold: 0.01 }],
      ['ReduceLROnPlateauMax', { mode: 'max', thresholdMode: 'abs', threshold: 0.02, patience: 1 }],
    ] as const) {
      const o = makeOptimizer();
      const s = new ReduceLROnPlateau(o, opts as optim.lr_scheduler.ReduceLROnPlateauOptions);
      const lrs = METRICS.map((m) => { o.step(); s.step(m); return s.getLastLr(); });
      expect(lrs).toEqual(ref[key]);
    }
  });
});

describe('scheduler behaviour', () => {
  it('sets initialLr, supports the closed form and stateDict round trips', () => {
    const o = makeOptimizer();
    const s = new StepLR(o, 3, 0.1);
    expect(o.paramGroups[0]!.initialLr).toBe(0.1);
    for (let e = 0; e < 4; e++) { o.step(); s.step(); }
    const sd = s.stateDict();
    expect(sd.lastEpoch).toBe(4);
    expect(sd).not.toHaveProperty('optimizer');
    const o2 = makeOptimizer();
    const s2 = new StepLR(o2, 3, 0.1);
    s2.loadStateDict(sd);
    expect(s2.lastEpoch).toBe(4);
    expect(s2.getLastLr()).toEqual(s.getLastLr());
    const c = new CosineAnnealingLR(makeOptimizer(), 10);
    c.step(5);
    expect(c.getLastLr()[0]).toBeCloseTo(0.05, 12);
  });

  it('can be subclassed (the LRScheduler JSDoc example)', () => {
    class LinearWarmup extends optim.lr_scheduler.LRScheduler {
      constructor(optimizer: optim.Optimizer, readonly warmup: number) { super(optimizer); this.initialStep(); }
      protected getLr(): number[] {
        const f = Math.min(1, (this.lastEpoch + 1) / this.warmup);
        return this.baseLrs.map((lr) => lr * f);
      }
    }
    const o = makeOptimizer();
    const s = new LinearWarmup(o, 4);
    expect(s.getLastLr()).toEqual([0.025, 0.0125]);
    for (let i = 0; i < 5; i++) { o.step(); s.step(); }
    expect(s.getLastLr()).toEqual([0.1, 0.05]);
  });

  it('rejects invalid options naming them', () => {
    const o = makeOptimizer();
    expect(() => new StepLR(o, { stepSize: 0 })).toThrow(/stepSize/);
    expect(() => new StepLR(o, { stepSize: 2, gama: 0.1 } as never)).toThrow(/unknown option 'gama'/);
    expect(() => new ExponentialLR(o, { gamma: 'x' } as never)).toThrow(/gamma/);
    expect(() => new ReduceLROnPlateau(o, { factor: 1 })).toThrow(/Factor should be < 1.0/);
    expect(() => new ReduceLROnPlateau(o, { mode: 'up' as never })).toThrow(/mode up is unknown/);
    expect(() => new StepLR({} as never, 3)).toThrow(/is not an Optimizer/);
  });
});
