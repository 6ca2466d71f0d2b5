import { beforeAll, describe, expect, it } from 'vitest';
// SparseAdam against PyTorch run live, with sparse COO gradients (repeated indices, an empty
// one, a missing one): parameters after each of 20 steps must be bit-identical (JSON carries
// each float exactly), state names and values too, also after a state dict round trip.
import * as torch from '../../lib/torch.js';
import { Tensor } from '../../lib/torch.js';
import * as nn from '../../lib/nn/index.js';
import * as optim from '../../lib/optim/index.js';
import { oracleBatch } from '../helpers/python.js';

interface Case { name: string; options: optim.SparseAdamOptions; dtype?: 'float32' | 'float64' }

const CASES: Case[] = [
  { name: 'default', options: {} },
  { name: 'betas eps maximize', options: { lr: 0.01, betas: [0.8, 0.95], eps: 1e-6, maximize: true } },
  { name: 'float64', options: { lr: 0.02, betas: [0.85, 0.9] }, dtype: 'float64' },
];
const BAD: Record<string, unknown>[] = [{ lr: 0 }, { lr: -1 }, { eps: 0 }, { betas: [1, 0.9] }, { betas: [0.9, -0.1] }];
const STEPS = 20;
const SPLIT = 10;
const SHAPES = [[6, 3], [5]];

type Flat = number[];
type PyState = Record<string, Record<string, Flat | number>>;
interface SparseGrad { indices: number[]; values: Flat }
interface PyCase { init: Flat[]; grads: SparseGrad[][]; after: Flat[][]; midState: PyState; finalState: PyState; loaded: Flat[] }
type Message = [string, string];

// test/oracles/optim/sparse_adam.py, run once when first needed.
const py = oracleBatch<{
  cases: PyCase[];
  errors: { options: Message[]; dense: Message; sparseParam: Message; complexParam: Message; defaults: Record<string, unknown> };
  embedding: { init: Flat; ids: number[][]; losses: number[]; weight: Flat };
}>({
  cases: ['optim/sparse_adam', 'steps_and_states', CASES, STEPS, SPLIT],
  errors: ['optim/sparse_adam', 'errors', BAD],
  embedding: ['optim/sparse_adam', 'embedding', 5],
});

const snakeToCamel = (k: string): string => k.replace(/_([a-z])/g, (_m, ch: string) => ch.toUpperCase());
const camelToSnake = (k: string): string => k.replace(/([A-Z])/g, (m) => `_${m.toLowerCase()}`);
const flatOf = (v: unknown): unknown => (v instanceof Tensor ? (v.dim() === 0 ? v.item() : v.detach().reshape(-1).tolist()) : v);
const rows = (t: Tensor): Flat => t.detach().reshape(-1).tolist() as Flat;

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
function sparseGrad(g: SparseGrad, i: number, dtype: 'float32' | 'float64'): Tensor {
  const shape = SHAPES[i]!;
  const indices = torch.tensor(g.indices, { dtype: 'int64' }).reshape(1, -1);
  const values = torch.tensor(g.values, { dtype }).reshape(-1, ...shape.slice(1));
  return torch.sparseCooTensor(indices, values, shape);
}

describe('SparseAdam matches PyTorch bit for bit', () => {
  let cases: PyCase[];
  beforeAll(() => { cases = py().cases; });
  const setGrads = (ps: Tensor[], ref: PyCase, s: number, dtype: 'float32' | 'float64'): void => {
    ps.forEach((p, i) => { p.grad = sparseGrad(ref.grads[s]![i]!, i, dtype); });
    if (s === 2) ps[1]!.grad = null;
  };

  CASES.forEach((c, ci) => {
    it(`${c.name}: ${STEPS} steps, state, stateDict round trips`, () => {
      const ref = cases[ci]!;
      const dtype = c.dtype ?? 'float32';
      const mk = (): Tensor[] => ref.init.map((v, i) => torch.tensor(v, { dtype }).reshape(SHAPES[i]!).requiresGrad_());
      const a = mk();
      const optA = new optim.SparseAdam(a, c.options);
      let b: Tensor[] = [];
      let d: Tensor[] = [];
      let optB: optim.SparseAdam | null = null;
      let optD: optim.SparseAdam | null = null;
      for (let s = 0; s < STEPS; s++) {
        setGrads(a, ref, s, dtype);
        optA.step();
        a.forEach((p, i) => expect(rows(p), `step ${s + 1} param ${i}`).toEqual(ref.after[s]![i]!));
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
          b = mk();
          torch.noGrad(() => b.forEach((p, i) => p.copy_(a[i]!)));
          optB = new optim.SparseAdam(b, { lr: 0.123 });
          optB.loadStateDict(sd);
          expect(optB.paramGroups[0]!.lr).toBe(c.options.lr ?? 1e-3);
          expect(optB.state.get(b[0]!)!.expAvg === optA.state.get(a[0]!)!.expAvg, 'state copied').toBe(false);
          // PyTorch's structure: snake_case keys (SparseAdam's step is a plain number there).
          d = mk();
          torch.noGrad(() => d.forEach((p, i) => p.copy_(a[i]!)));
          optD = new optim.SparseAdam(d);
          const pyState: Record<string, Record<string, Tensor | number>> = {};
          for (const [i, s0] of Object.entries(ref.midState)) {
            pyState[i] = {};
            for (const [k, v] of Object.entries(s0)) pyState[i][k] = typeof v === 'number' ? v : torch.tensor(v, { dtype }).reshape(SHAPES[Number(i)]!);
          }
          const group: Record<string, unknown> = { params: [0, 1] };
          for (const [k, v] of Object.entries(optA.paramGroups[0]!)) if (k !== 'params') group[camelToSnake(k)] = v;
          optD.loadStateDict({ state: pyState, param_groups: [group] });
        }
      }
      expect(dumpState(optA)).toEqual(camelState(ref.finalState));
      b.forEach((p, i) => expect(rows(p)).toEqual(ref.loaded[i]!));
      d.forEach((p, i) => expect(rows(p)).toEqual(ref.loaded[i]!));
      // The gradients given were not disposed by the step.
      expect(rows(a[0]!.grad!.coalesce().values()).length).toBeGreaterThan(0);
    });
  });

  it('trains an nn.Embedding with sparse: true as PyTorch does', () => {
    const ref = py().embedding;
    const emb = new nn.Embedding(7, 3, { sparse: true });
    torch.noGrad(() => emb.weight.copy_(torch.tensor(ref.init).reshape(7, 3)));
    const opt = new optim.SparseAdam(emb.parameters(), { lr: 0.01 });
    ref.ids.forEach((ids, s) => {
      opt.zeroGrad();
      const loss = emb.forward(torch.tensor(ids, { dtype: 'int64' })).pow(2).sum();
      loss.backward();
      opt.step();
      expect(loss.item(), `step ${s + 1}`).toBe(ref.losses[s]);
    });
    expect(rows(emb.weight)).toEqual(ref.weight);
  });
});

describe('SparseAdam errors', () => {
  it("rejects bad options, dense gradients, sparse and complex parameters with PyTorch's messages", () => {
    const errors = py().errors;
    const p = torch.zeros(2).requiresGrad_();
    BAD.forEach((options, i) => {
      const [type, message] = errors.options[i]!;
      expect(type, JSON.stringify(options)).toBe('ValueError');
      expect(() => new optim.SparseAdam([p], options)).toThrow(RangeError);
      expect(() => new optim.SparseAdam([p], options)).toThrow(message);
    });
    p.grad = torch.ones(2);
    expect(errors.dense[0]).toBe('RuntimeError');
    expect(() => new optim.SparseAdam([p]).step()).toThrow(errors.dense[1]);
    const sp = torch.sparseCooTensor(torch.tensor([[0]], { dtype: 'int64' }), torch.tensor([1]), [2]);
    expect(() => new optim.SparseAdam([torch.zeros(2).requiresGrad_(), sp])).toThrow(errors.sparseParam[1]);
    expect(() => new optim.SparseAdam([torch.zeros(2, { dtype: 'complex64' }).requiresGrad_()])).toThrow(errors.complexParam[1]);
    expect(() => new optim.SparseAdam([p], { weight_decay: 0 } as never)).toThrow(/SparseAdam: unknown option 'weight_decay'/);
    expect(() => new optim.SparseAdam([p], { betas: [0.9] } as never)).toThrow(/SparseAdam: option betas must be an array of two numbers/);
    expect(() => new optim.SparseAdam([{ params: [p], eps: -1 }])).toThrow(/Invalid epsilon value: -1/);
  });

  it("defaults are PyTorch's", () => {
    const expected: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(py().errors.defaults)) expected[snakeToCamel(k)] = v;
    expect(new optim.SparseAdam([torch.zeros(1).requiresGrad_()]).defaults).toEqual(expected);
  });
});
