import { beforeAll, describe, expect, it } from 'vitest';
// Adadelta, Adamax, NAdam and RAdam against PyTorch run live: parameters after each of 20 steps
// must be bit-identical (JSON carries each float exactly), state names and values too.
import * as torch from '../../lib/torch.js';
import { Tensor } from '../../lib/torch.js';
import * as optim from '../../lib/optim/index.js';
import { oracle, oracleBatch } from '../helpers/python.js';

interface Case { name: string; cls: string; options: Record<string, unknown>; dtype?: 'float32' | 'float64' }

const CASES: Case[] = [
  { name: 'Adadelta default', cls: 'Adadelta', options: {} },
  { name: 'Adadelta rho eps weightDecay maximize', cls: 'Adadelta', options: { lr: 0.5, rho: 0.8, eps: 1e-5, weightDecay: 0.1, maximize: true } },
  { name: 'Adadelta float64 weightDecay', cls: 'Adadelta', options: { lr: 0.7, weightDecay: 0.05 }, dtype: 'float64' },
  { name: 'Adamax default', cls: 'Adamax', options: {} },
  { name: 'Adamax betas eps weightDecay maximize', cls: 'Adamax', options: { lr: 0.01, betas: [0.8, 0.95], eps: 1e-6, weightDecay: 0.1, maximize: true } },
  { name: 'Adamax float64', cls: 'Adamax', options: { lr: 0.02, weightDecay: 0.01 }, dtype: 'float64' },
  { name: 'NAdam default', cls: 'NAdam', options: {} },
  { name: 'NAdam weightDecay momentumDecay maximize', cls: 'NAdam', options: { lr: 0.01, betas: [0.85, 0.99], weightDecay: 0.1, momentumDecay: 0.01, maximize: true } },
  { name: 'NAdam decoupledWeightDecay', cls: 'NAdam', options: { lr: 0.01, weightDecay: 0.1, decoupledWeightDecay: true } },
  { name: 'NAdam float64 decoupledWeightDecay', cls: 'NAdam', options: { lr: 0.01, weightDecay: 0.05, decoupledWeightDecay: true }, dtype: 'float64' },
  { name: 'RAdam default', cls: 'RAdam', options: {} },
  // beta2 = 0.9 makes rho_t pass 5 at step 6, so both branches run.
  { name: 'RAdam betas weightDecay maximize', cls: 'RAdam', options: { lr: 0.01, betas: [0.8, 0.9], eps: 1e-6, weightDecay: 0.1, maximize: true } },
  { name: 'RAdam decoupledWeightDecay', cls: 'RAdam', options: { lr: 0.01, betas: [0.9, 0.9], weightDecay: 0.1, decoupledWeightDecay: true } },
  { name: 'RAdam float64', cls: 'RAdam', options: { lr: 0.01, betas: [0.9, 0.95] }, dtype: 'float64' },
];

const STEPS = 20;
const SPLIT = 10;

// Python's results known when this file loads, computed in one python3 run
// (test/oracles/optim/adaptive_optimizers.py).
const pyResults = oracleBatch<{
  stepsAndStates: PyCase[];
  defaults: Record<string, Record<string, unknown>>;
}>({
  stepsAndStates: ['optim/adaptive_optimizers', 'steps_and_states', CASES, STEPS, SPLIT],
  defaults: ['optim/adaptive_optimizers', 'defaults'],
});

const SHAPES = [[3, 4], [5], [2, 2]];

type Flat = number[];
interface PyCase {
  init: Flat[];
  grads: Flat[][];
  after: Flat[][];
  /** PyTorch's state_dict()['state'] after SPLIT steps: snake_case keys, tensors flattened. */
  midState: Record<string, Record<string, Flat | number>>;
  finalState: Record<string, Record<string, Flat | number>>;
  /** The parameters after STEPS steps of an optimizer loaded with the state after SPLIT steps. */
  loaded: Flat[];
}

const snakeToCamel = (k: string): string => k.replace(/_([a-z])/g, (_m, ch: string) => ch.toUpperCase());

type Ctor = new (params: unknown, options?: unknown) => optim.Optimizer;
const ctorOf = (cls: string): Ctor => (optim as unknown as Record<string, Ctor>)[cls]!;

function flatOf(v: unknown): number | number[] {
  if (v instanceof Tensor) return v.dim() === 0 ? v.item() : (v.detach().reshape(-1).tolist() as number[]);
  return v as number;
}

function dumpState(opt: optim.Optimizer): Record<string, Record<string, number | number[]>> {
  const sd = opt.stateDict();
  const out: Record<string, Record<string, number | number[]>> = {};
  for (const [i, s] of Object.entries(sd.state)) {
    out[i] = {};
    for (const [k, v] of Object.entries(s)) out[i][k] = flatOf(v);
  }
  return out;
}

function camelState(py: PyCase['midState']): Record<string, Record<string, number | number[]>> {
  const out: Record<string, Record<string, number | number[]>> = {};
  for (const [i, s] of Object.entries(py)) {
    out[i] = {};
    for (const [k, v] of Object.entries(s)) out[i][snakeToCamel(k)] = v;
  }
  return out;
}

describe('Adadelta, Adamax, NAdam, RAdam match PyTorch bit for bit', () => {
  let py: PyCase[];
  beforeAll(() => {
    py = pyResults().stepsAndStates;
  });

  const setGrads = (ps: Tensor[], ref: PyCase, s: number, dtype: 'float32' | 'float64'): void => {
    ps.forEach((p, i) => { p.grad = torch.tensor(ref.grads[s]![i]!, { dtype }).reshape(SHAPES[i]!); });
    if (s === 2) ps[1]!.grad = null;
  };

  CASES.forEach((c, ci) => {
    it(`${c.name}: ${STEPS} steps, state`, () => {
      const ref = py[ci]!;
      const dtype = c.dtype ?? 'float32';
      const ps = ref.init.map((v, i) => torch.tensor(v, { dtype }).reshape(SHAPES[i]!).requiresGrad_());
      const opt = new (ctorOf(c.cls))(ps, c.options);
      for (let s = 0; s < STEPS; s++) {
        setGrads(ps, ref, s, dtype);
        opt.step();
        ps.forEach((p, i) => {
          expect(p.detach().reshape(-1).tolist(), `${c.name} step ${s + 1} param ${i}`).toEqual(ref.after[s]![i]!);
        });
      }
      expect(dumpState(opt)).toEqual(camelState(ref.finalState));
    });

    it(`${c.name}: stateDict/loadStateDict round trip, and PyTorch's snake_case state`, () => {
      const ref = py[ci]!;
      const dtype = c.dtype ?? 'float32';
      const mk = (): Tensor[] => ref.init.map((v, i) => torch.tensor(v, { dtype }).reshape(SHAPES[i]!).requiresGrad_());
      const a = mk();
      const optA = new (ctorOf(c.cls))(a, c.options);
      for (let s = 0; s < SPLIT; s++) { setGrads(a, ref, s, dtype); optA.step(); }
      const sd = optA.stateDict();
      expect(dumpState(optA)).toEqual(camelState(ref.midState));
      expect(Object.keys(sd.paramGroups[0]!).sort()).toEqual([...Object.keys(optA.defaults), 'params'].sort());

      // A fresh optimizer (other options) over copies of the parameters, with the state loaded.
      const b = mk();
      torch.noGrad(() => { b.forEach((p, i) => p.copy_(a[i]!)); });
      const optB = new (ctorOf(c.cls))(b, { lr: 0.123 });
      optB.loadStateDict(sd);
      expect(optB.paramGroups[0]!.lr).toBe(optA.paramGroups[0]!.lr);

      // Another from PyTorch's own state dict: snake_case keys and option names, tensors for step.
      const d = mk();
      torch.noGrad(() => { d.forEach((p, i) => p.copy_(a[i]!)); });
      const optD = new (ctorOf(c.cls))(d);
      const pyState: Record<string, Record<string, Tensor>> = {};
      for (const [i, s] of Object.entries(ref.midState)) {
        pyState[i] = {};
        for (const [k, v] of Object.entries(s)) {
          pyState[i][k] = typeof v === 'number'
            ? torch.tensor(v, { dtype: 'float32' })
            : torch.tensor(v, { dtype }).reshape(SHAPES[Number(i)]!);
        }
      }
      const group: Record<string, unknown> = { params: [0, 1, 2], foreach: false, differentiable: false, capturable: false };
      for (const [k, v] of Object.entries(optA.paramGroups[0]!)) {
        if (k !== 'params') group[k.replace(/([A-Z])/g, (m) => `_${m.toLowerCase()}`)] = v;
      }
      optD.loadStateDict({ state: pyState, param_groups: [group] });

      for (let s = SPLIT; s < STEPS; s++) {
        for (const [ps, opt] of [[a, optA], [b, optB], [d, optD]] as const) { setGrads([...ps], ref, s, dtype); opt.step(); }
      }
      a.forEach((p, i) => {
        expect(p.detach().reshape(-1).tolist()).toEqual(ref.after[STEPS - 1]![i]!);
        expect(b[i]!.detach().reshape(-1).tolist()).toEqual(ref.loaded[i]!);
        expect(d[i]!.detach().reshape(-1).tolist()).toEqual(ref.loaded[i]!);
      });
      expect(optB.state.get(b[0]!)!.expAvg ?? optB.state.get(b[0]!)!.squareAvg)
        .not.toBe(optA.state.get(a[0]!)!.expAvg ?? optA.state.get(a[0]!)!.squareAvg);
    });
  });
});

describe('option checking', () => {
  it('rejects bad options with PyTorch\'s ValueError text, naming the option', () => {
    const bad: [string, Record<string, unknown>][] = [
      ['Adadelta', { lr: -1 }], ['Adadelta', { rho: 1.5 }], ['Adadelta', { rho: -0.1 }], ['Adadelta', { eps: -0.001 }], ['Adadelta', { weightDecay: -0.1 }],
      ['Adamax', { lr: -0.01 }], ['Adamax', { eps: -1 }], ['Adamax', { betas: [1.0, 0.9] }], ['Adamax', { betas: [0.9, -0.5] }], ['Adamax', { weightDecay: -1 }],
      ['NAdam', { lr: -1 }], ['NAdam', { betas: [0.9, 1.0] }], ['NAdam', { weightDecay: -2 }], ['NAdam', { momentumDecay: -0.004 }], ['NAdam', { eps: -1 }],
      ['RAdam', { lr: -1 }], ['RAdam', { betas: [-0.1, 0.9] }], ['RAdam', { weightDecay: -0.5 }], ['RAdam', { eps: -3 }],
    ];
    const msgs = oracle<[string, string][]>('optim/adaptive_optimizers', 'bad_option_messages', bad);
    const p = torch.zeros(2).requiresGrad_();
    bad.forEach(([cls, options], i) => {
      const [type, message] = msgs[i]!;
      expect(type, `${cls} ${JSON.stringify(options)}`).toBe('ValueError');
      const option = Object.keys(options)[0]!;
      const escaped = message.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      expect(() => new (ctorOf(cls))([p], options)).toThrow(RangeError);
      expect(() => new (ctorOf(cls))([p], options)).toThrow(new RegExp(`^${escaped} \\(${cls} option ${option.replace(/[[\]]/g, '\\$&')}`));
    });
  });

  it('rejects unknown options and wrong types with TypeErrors naming them', () => {
    const p = torch.zeros(2).requiresGrad_();
    expect(() => new optim.NAdam([p], { momentum_decay: 0.1 } as never)).toThrow(/NAdam: unknown option 'momentum_decay' \(did you mean momentumDecay\?\)/);
    expect(() => new optim.RAdam([p], { decoupled_weight_decay: true } as never)).toThrow(/did you mean decoupledWeightDecay/);
    expect(() => new optim.Adadelta([p], { foreach: true } as never)).toThrow(/Adadelta: unknown option 'foreach'/);
    expect(() => new optim.Adamax([p], { capturable: true } as never)).toThrow(TypeError);
    expect(() => new optim.Adadelta([p], { rho: '0.9' } as never)).toThrow(/Adadelta: option rho must be a number/);
    expect(() => new optim.Adamax([p], { betas: [0.9] } as never)).toThrow(/Adamax: option betas must be an array of two numbers/);
    expect(() => new optim.NAdam([p], { decoupledWeightDecay: 1 } as never)).toThrow(/NAdam: option decoupledWeightDecay must be a boolean/);
    expect(() => new optim.RAdam([p], { maximize: 'yes' } as never)).toThrow(TypeError);
    // Per-group options are checked too.
    expect(() => new optim.RAdam([{ params: [p], betas: [0.9, 2] as [number, number] }])).toThrow(/Invalid beta parameter at index 1: 2/);
    const q = torch.zeros(1).requiresGrad_();
    const opt = new optim.Adadelta([p]);
    expect(() => opt.addParamGroup({ params: [q], rho: 2 })).toThrow(/Invalid rho value: 2/);
  });

  it('defaults are PyTorch\'s', () => {
    const py = pyResults().defaults;
    const p = torch.zeros(1).requiresGrad_();
    for (const cls of ['Adadelta', 'Adamax', 'NAdam', 'RAdam']) {
      const ours = new (ctorOf(cls))([p]).defaults as Record<string, unknown>;
      const expected: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(py[cls]!)) if (!['foreach', 'capturable', 'differentiable'].includes(k)) expected[snakeToCamel(k)] = v;
      expect(ours, cls).toEqual(expected);
    }
  });
});
