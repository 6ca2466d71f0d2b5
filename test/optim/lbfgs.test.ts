import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
// LBFGS against PyTorch run live on a small non-quadratic problem: the loss step() returns, the
// number of closure calls, the parameters after each step and the whole state (history lists
// included) must be bit-identical, also after a state dict round trip (our own, and through
// torch.save both ways). Its closure-driven step keeps it out of the shared table of
// test/helpers/optim.ts.
import * as torch from '../../lib/torch.js';
import { Tensor } from '../../lib/torch.js';
import * as optim from '../../lib/optim/index.js';
import { load, save } from '../../lib/serialization/index.js';
import { oracle, oracleBatch } from '../helpers/python.js';
import { tempDir } from '../helpers/tmp.js';

interface Case { name: string; options: optim.LBFGSOptions; dtype?: 'float32' | 'float64' }

const CASES: Case[] = [
  { name: 'lr 0.1', options: { lr: 0.1 } },
  // A history of 3 fills and shifts; maxIter 7 gives maxEval 8.
  { name: 'historySize maxIter', options: { lr: 0.2, historySize: 3, maxIter: 7 } },
  // Each step ends after 9 closure calls.
  { name: 'maxEval', options: { lr: 0.05, maxEval: 9 } },
  // A large tolerance ends the later steps after 2 calls (lack of progress).
  { name: 'toleranceChange', options: { lr: 0.1, toleranceChange: 1e-2, maxEval: 30 } },
  // A large gradient tolerance: from the third step, step() returns after its first call.
  { name: 'toleranceGrad', options: { lr: 0.1, toleranceGrad: 0.5 } },
  { name: 'float64', options: { lr: 0.1, historySize: 5 }, dtype: 'float64' },
  { name: 'strong_wolfe', options: { lineSearchFn: 'strong_wolfe' } },
  { name: 'strong_wolfe historySize maxIter', options: { lr: 0.5, lineSearchFn: 'strong_wolfe', historySize: 4, maxIter: 10 } },
  { name: 'strong_wolfe float64', options: { lineSearchFn: 'strong_wolfe', historySize: 6 }, dtype: 'float64' },
];
const STEPS = 6;
const SPLIT = 3;
const SHAPES = [[3, 4], [5], [2, 2]];
const DIR = tempDir('torch-node-lbfgs-');

type Flat = number[];
type Value = number | null | Flat | (Flat | number | null)[];
type PyState = Record<string, Record<string, Value>>;
interface PyCase { data: Flat[]; init: Flat[]; after: Flat[][]; losses: number[]; calls: number[]; midState: PyState; finalState: PyState; loaded: Flat[] }

// test/oracles/optim/lbfgs.py, run once when first needed.
const py = oracleBatch<{
  cases: PyCase[];
  errors: { lr: [string, string]; groups: [string, string]; defaults: Record<string, unknown>; maxEval: number };
}>({
  cases: ['optim/lbfgs', 'steps_and_states', CASES, STEPS, SPLIT, DIR],
  errors: ['optim/lbfgs', 'errors'],
});

const snakeToCamel = (k: string): string => (k === 'H_diag' ? 'hDiag' : k.replace(/_([a-z])/g, (_m, ch: string) => ch.toUpperCase()));
const rows = (t: Tensor): Flat => t.detach().reshape(-1).tolist() as Flat;
const valueOf = (v: unknown): unknown => {
  if (v instanceof Tensor) return v.dim() === 0 ? v.item() : rows(v);
  if (Array.isArray(v)) return v.map(valueOf);
  return v;
};

function dumpState(opt: optim.Optimizer): PyState {
  const out: PyState = {};
  for (const [i, s] of Object.entries(opt.stateDict().state)) {
    out[i] = {};
    for (const [k, v] of Object.entries(s)) out[i][k] = valueOf(v) as Value;
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

function problem(ref: PyCase, dtype: 'float32' | 'float64'): { params: Tensor[]; loss: (ps: Tensor[]) => Tensor } {
  const [a, tw, tv, tu] = ref.data.map((v, i) => torch.tensor(v, { dtype }).reshape([SHAPES[0]!, SHAPES[0]!, SHAPES[1]!, SHAPES[2]!][i]!));
  const params = ref.init.map((v, i) => torch.tensor(v, { dtype }).reshape(SHAPES[i]!).requiresGrad_());
  const loss = ([w, v, u]: Tensor[]): Tensor =>
    w!.mul(a!).tanh().sub(tw!).pow(2).sum().add(v!.sub(tv!).pow(4).sum()).add(u!.sin().mul(tu!).sum());
  return { params, loss };
}

describe('LBFGS matches PyTorch bit for bit', () => {
  let cases: PyCase[];
  beforeAll(() => { cases = py().cases; });

  CASES.forEach((c, ci) => {
    it(`${c.name}: ${STEPS} steps, losses, closure calls, state, stateDict round trip`, () => {
      const ref = cases[ci]!;
      const dtype = c.dtype ?? 'float32';
      const { params: a, loss } = problem(ref, dtype);
      const opt = new optim.LBFGS(a, c.options);
      let calls = 0;
      const closure = (): Tensor => {
        calls++;
        opt.zeroGrad();
        const l = loss(a);
        l.backward();
        return l;
      };
      let b: Tensor[] = [];
      let optB: optim.LBFGS | null = null;
      let d: Tensor[] = [];
      let optD: optim.LBFGS | null = null;
      for (let s = 0; s < STEPS; s++) {
        calls = 0;
        const l = opt.step(closure);
        expect(l.item(), `step ${s + 1} loss`).toBe(ref.losses[s]);
        expect(calls, `step ${s + 1} closure calls`).toBe(ref.calls[s]);
        a.forEach((p, i) => expect(rows(p), `step ${s + 1} param ${i}`).toEqual(ref.after[s]![i]!));
        if (s + 1 > SPLIT) {
          for (const [ps, o] of [[b, optB!], [d, optD!]] as const) {
            o.step(() => {
              o.zeroGrad();
              const lb = loss(ps);
              lb.backward();
              return lb;
            });
          }
        }
        if (s + 1 === SPLIT) {
          expect(dumpState(opt)).toEqual(camelState(ref.midState));
          b = problem(ref, dtype).params;
          torch.noGrad(() => b.forEach((p, i) => p.copy_(a[i]!)));
          optB = new optim.LBFGS(b);
          optB.loadStateDict(opt.stateDict());
          expect(optB.paramGroups[0]!.lr).toBe(c.options.lr ?? 1);
          const sa = opt.state.get(a[0]!)!;
          const sb = optB.state.get(b[0]!)!;
          expect(sb.oldDirs === sa.oldDirs || sb.prevFlatGrad === sa.prevFlatGrad, 'history copied').toBe(false);
          save(opt.stateDict(), join(DIR, `${ci}.ours.pt`));
          // PyTorch's own state dict, as its torch.save wrote it.
          d = problem(ref, dtype).params;
          torch.noGrad(() => d.forEach((p, i) => p.copy_(a[i]!)));
          optD = new optim.LBFGS(d);
          optD.loadStateDict(load(join(DIR, `${ci}.pt`)) as Record<string, unknown>);
        }
      }
      expect(dumpState(opt)).toEqual(camelState(ref.finalState));
      b.forEach((p, i) => expect(rows(p)).toEqual(ref.loaded[i]!));
      d.forEach((p, i) => expect(rows(p), `loaded from Python's file: param ${i}`).toEqual(ref.loaded[i]!));
    });
  });

  it("PyTorch's LBFGS loads the state dicts torch.save wrote here and continues as from its own", () => {
    const ours = oracle<{ params: number[][]; keys: string[] }[]>('optim/lbfgs', 'load_ours', CASES, STEPS, SPLIT, DIR);
    CASES.forEach((c, ci) => {
      // PyTorch's own key names (H_diag, old_dirs, ...).
      expect(ours[ci]!.keys, c.name).toEqual(Object.keys(cases[ci]!.midState['0']!).sort());
      ours[ci]!.params.forEach((p, i) => expect(p, `${c.name} param ${i}`).toEqual(cases[ci]!.loaded[i]!));
    });
  });

  it('loads PyTorch\'s LBFGS state (snake_case keys, H_diag)', () => {
    const ref = cases[1]!;
    const { params: a, loss } = problem(ref, 'float32');
    torch.noGrad(() => a.forEach((p, i) => p.copy_(torch.tensor(ref.after[SPLIT - 1]![i]!).reshape(SHAPES[i]!))));
    const opt = new optim.LBFGS(a);
    // PyTorch's structure: tensors for d and prev_flat_grad, lists of tensors for the history,
    // 0-dim tensors for ro, al and H_diag (t is lr, a number, after the first step).
    const t0 = (x: unknown): unknown => (x === null ? null : torch.tensor(x as number | Flat));
    const s0: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(ref.midState['0']!)) {
      if (['d', 'prev_flat_grad', 'H_diag'].includes(k)) s0[k] = t0(v);
      else if (['old_dirs', 'old_stps', 'ro', 'al'].includes(k)) s0[k] = (v as unknown[]).map(t0);
      else s0[k] = v;
    }
    const group: Record<string, unknown> = { params: [0, 1, 2] };
    for (const [k, v] of Object.entries(opt.paramGroups[0]!)) if (k !== 'params') group[k.replace(/([A-Z])/g, (m) => `_${m.toLowerCase()}`)] = v;
    group.lr = CASES[1]!.options.lr;
    group.history_size = CASES[1]!.options.historySize;
    group.max_iter = CASES[1]!.options.maxIter;
    group.max_eval = 8;
    opt.loadStateDict({ state: { 0: s0 }, param_groups: [group] });
    expect(Object.keys(opt.state.get(a[0]!)!)).toContain('hDiag');
    for (let s = SPLIT; s < STEPS; s++) {
      opt.step(() => { opt.zeroGrad(); const l = loss(a); l.backward(); return l; });
      a.forEach((p, i) => expect(rows(p), `step ${s + 1} param ${i}`).toEqual(ref.after[s]![i]!));
    }
  });
});

describe('LBFGS options and errors', () => {
  it("PyTorch's messages and defaults", () => {
    const { lr, groups, defaults, maxEval } = py().errors;
    const p = torch.zeros(2).requiresGrad_();
    expect(lr[0]).toBe('ValueError');
    expect(() => new optim.LBFGS([p], { lr: -1 })).toThrow(RangeError);
    expect(() => new optim.LBFGS([p], { lr: -1 })).toThrow(lr[1]);
    expect(() => new optim.LBFGS([{ params: [p] }, { params: [torch.zeros(1).requiresGrad_()] }])).toThrow(groups[1]);
    const expected: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(defaults)) expected[snakeToCamel(k)] = v;
    expect(new optim.LBFGS([p]).defaults).toEqual(expected);
    expect(new optim.LBFGS([p], { maxIter: 7 }).defaults.maxEval).toBe(maxEval);
  });

  it('needs a closure; lineSearchFn is null or strong_wolfe', () => {
    const p = torch.zeros(2).requiresGrad_();
    const opt = new optim.LBFGS([p]);
    expect(() => (opt.step as () => void)()).toThrow(/LBFGS.step\(closure\): closure must be a function/);
    expect(() => new optim.LBFGS([p], { lineSearchFn: 'wolfe' } as never)).toThrow(/only 'strong_wolfe' is supported/);
    expect(() => new optim.LBFGS([p], { max_iter: 3 } as never)).toThrow(/LBFGS: unknown option 'max_iter' \(did you mean maxIter\?\)/);
    expect(() => new optim.LBFGS([p], { historySize: 2.5 })).toThrow(TypeError);
    // Stops at once when the gradient is already below toleranceGrad, returning the loss.
    const l = opt.step(() => { opt.zeroGrad(); const x = p.mul(0).sum(); x.backward(); return x; });
    expect(l.item()).toBe(0);
    expect(opt.state.get(p)!.funcEvals).toBe(1);
  });
});
