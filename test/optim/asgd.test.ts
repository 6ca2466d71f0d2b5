import { beforeAll, describe, expect, it } from 'vitest';
// ASGD against PyTorch run live: parameters after each of 20 steps must be bit-identical (JSON
// carries each float exactly), state names and values too, also after a state dict round trip.
import * as torch from '../../lib/torch.js';
import { Tensor } from '../../lib/torch.js';
import * as optim from '../../lib/optim/index.js';
import { oracleBatch } from '../helpers/python.js';

interface Case { name: string; options: optim.ASGDOptions; dtype?: 'float32' | 'float64' }

const CASES: Case[] = [
  { name: 'default', options: {} },
  // t0 = 5: averaging starts at step 6 (mu < 1), so both branches run.
  { name: 'lambd alpha t0 weightDecay maximize', options: { lr: 0.05, lambd: 0.01, alpha: 0.6, t0: 5, weightDecay: 0.1, maximize: true } },
  { name: 'float64 t0', options: { lr: 0.03, lambd: 0.002, t0: 3 }, dtype: 'float64' },
];
const BAD: Record<string, unknown>[] = [{ lr: -1 }, { weightDecay: -0.5 }];
const STEPS = 20;
const SPLIT = 10;
const SHAPES = [[3, 4], [5], [2, 2]];

type Flat = number[];
type PyState = Record<string, Record<string, Flat | number>>;
interface PyCase { init: Flat[]; grads: Flat[][]; after: Flat[][]; midState: PyState; finalState: PyState; loaded: Flat[] }

// test/oracles/optim/asgd.py, run once when first needed.
const py = oracleBatch<{ cases: PyCase[]; bad: [string, string][]; defaults: Record<string, unknown> }>({
  cases: ['optim/asgd', 'steps_and_states', 'ASGD', CASES, STEPS, SPLIT],
  bad: ['optim/asgd', 'bad_option_messages', 'ASGD', BAD],
  defaults: ['optim/asgd', 'defaults', 'ASGD'],
});

const snakeToCamel = (k: string): string => k.replace(/_([a-z])/g, (_m, ch: string) => ch.toUpperCase());
const camelToSnake = (k: string): string => k.replace(/([A-Z])/g, (m) => `_${m.toLowerCase()}`);
const flatOf = (v: unknown): unknown => (v instanceof Tensor ? (v.dim() === 0 ? v.item() : v.detach().reshape(-1).tolist()) : v);

function dumpState(opt: optim.Optimizer): PyState {
  const out: PyState = {};
  for (const [i, s] of Object.entries(opt.stateDict().state)) {
    out[i] = {};
    for (const [k, v] of Object.entries(s)) out[i][k] = flatOf(v) as Flat | number;
  }
  return out;
}
function camelState(st: PyState): PyState {
  const out: PyState = {};
  for (const [i, s] of Object.entries(st)) {
    out[i] = {};
    for (const [k, v] of Object.entries(s)) out[i][snakeToCamel(k)] = v;
  }
  return out;
}

describe('ASGD matches PyTorch bit for bit', () => {
  let cases: PyCase[];
  beforeAll(() => { cases = py().cases; });
  const setGrads = (ps: Tensor[], ref: PyCase, s: number, dtype: 'float32' | 'float64'): void => {
    ps.forEach((p, i) => { p.grad = torch.tensor(ref.grads[s]![i]!, { dtype }).reshape(SHAPES[i]!); });
    if (s === 2) ps[1]!.grad = null;
  };

  CASES.forEach((c, ci) => {
    it(`${c.name}: ${STEPS} steps, state, stateDict round trips`, () => {
      const ref = cases[ci]!;
      const dtype = c.dtype ?? 'float32';
      const mk = (): Tensor[] => ref.init.map((v, i) => torch.tensor(v, { dtype }).reshape(SHAPES[i]!).requiresGrad_());
      const a = mk();
      const optA = new optim.ASGD(a, c.options);
      let b: Tensor[] = [];
      let d: Tensor[] = [];
      let optB: optim.ASGD | null = null;
      let optD: optim.ASGD | null = null;
      for (let s = 0; s < STEPS; s++) {
        setGrads(a, ref, s, dtype);
        optA.step();
        a.forEach((p, i) => expect(p.detach().reshape(-1).tolist(), `step ${s + 1} param ${i}`).toEqual(ref.after[s]![i]!));
        if (s + 1 > SPLIT) {
          for (const [ps, opt] of [[b, optB!], [d, optD!]] as const) {
            ps.forEach((p, i) => { p.grad = a[i]!.grad; });
            opt.step();
          }
        }
        if (s + 1 === SPLIT) {
          expect(dumpState(optA)).toEqual(camelState(ref.midState));
          const sd = optA.stateDict();
          expect(Object.keys(sd.paramGroups[0]!).sort()).toEqual([...Object.keys(optA.defaults), 'params'].sort());
          // Our own state dict, into an optimizer with other options over copies of the parameters.
          b = mk();
          torch.noGrad(() => b.forEach((p, i) => p.copy_(a[i]!)));
          optB = new optim.ASGD(b, { lr: 0.123 });
          optB.loadStateDict(sd);
          expect(optB.paramGroups[0]!.lr).toBe(c.options.lr ?? 1e-2);
          expect(optB.state.get(b[0]!)!.ax).not.toBe(optA.state.get(a[0]!)!.ax);
          // PyTorch's structure: snake_case keys, tensors for step.
          d = mk();
          torch.noGrad(() => d.forEach((p, i) => p.copy_(a[i]!)));
          optD = new optim.ASGD(d);
          const pyState: Record<string, Record<string, Tensor>> = {};
          for (const [i, s0] of Object.entries(ref.midState)) {
            pyState[i] = {};
            for (const [k, v] of Object.entries(s0)) {
              pyState[i][k] = typeof v === 'number' ? torch.tensor(v, { dtype: 'float32' }) : torch.tensor(v, { dtype }).reshape(SHAPES[Number(i)]!);
            }
          }
          const group: Record<string, unknown> = { params: [0, 1, 2], foreach: false, differentiable: false, capturable: false };
          for (const [k, v] of Object.entries(optA.paramGroups[0]!)) if (k !== 'params') group[camelToSnake(k)] = v;
          optD.loadStateDict({ state: pyState, param_groups: [group] });
        }
      }
      expect(dumpState(optA)).toEqual(camelState(ref.finalState));
      b.forEach((p, i) => expect(p.detach().reshape(-1).tolist()).toEqual(ref.loaded[i]!));
      d.forEach((p, i) => expect(p.detach().reshape(-1).tolist()).toEqual(ref.loaded[i]!));
    });
  });
});

describe('ASGD options', () => {
  it("rejects bad options with PyTorch's ValueError text", () => {
    const p = torch.zeros(2).requiresGrad_();
    BAD.forEach((options, i) => {
      const [type, message] = py().bad[i]!;
      expect(type, JSON.stringify(options)).toBe('ValueError');
      expect(() => new optim.ASGD([p], options)).toThrow(RangeError);
      expect(() => new optim.ASGD([p], options)).toThrow(message);
    });
    expect(() => new optim.ASGD([p], { weight_decay: 1 } as never)).toThrow(/ASGD: unknown option 'weight_decay' \(did you mean weightDecay\?\)/);
    expect(() => new optim.ASGD([p], { t0: '5' } as never)).toThrow(/ASGD: option t0 must be a number/);
    expect(() => new optim.ASGD([p], { maximize: 1 } as never)).toThrow(/ASGD: option maximize must be a boolean/);
    expect(() => new optim.ASGD([{ params: [p], lr: -2 }])).toThrow(/Invalid learning rate: -2/);
  });

  it("defaults are PyTorch's", () => {
    const expected: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(py().defaults)) if (!['foreach', 'capturable', 'differentiable'].includes(k)) expected[snakeToCamel(k)] = v;
    expect(new optim.ASGD([torch.zeros(1).requiresGrad_()]).defaults).toEqual(expected);
  });
});
