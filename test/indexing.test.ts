// x.index([...]) and x.indexPut_([...], v) against Python's x[...] and x[...] = v, computed live
// by the PyTorch whose LibTorch we link; also views, autograd, errors and the op surface
// (narrow, select, maskedFill, where, gather, scatter).
import { describe, expect, it, beforeAll } from 'vitest';
import * as torch from '../lib/index.js';
import { Tensor } from '../lib/index.js';
import { oracle, oracleBatch } from './helpers/python.js';
import { BReLU } from '../examples/article_models.js';
import { childJsonLines } from './helpers/child.js';
import { native } from '../lib/binding.js';

interface Result { shape: number[]; dtype: string; values: unknown }
const R = (t: Tensor): Result => ({ shape: t.shape, dtype: t.dtype, values: t.tolist() });

const x = torch.arange(60, { dtype: 'float32' }).view(3, 4, 5);
const S = (idx: torch.Indices, v: Tensor | number | boolean | bigint, base: Tensor = x): Tensor => {
  const y = base.clone();
  expect(y.indexPut_(idx, v)).toBe(y);
  return y;
};
const mask1d = torch.tensor([true, false, true, true]);
const i32 = (a: number[]) => torch.tensor(a, { dtype: 'int32' });

// [name, torch-node]; test/oracles/indexing.py CASES holds the Python expression of each name
// (over the same x; S(idx, v) sets a clone).
const cases: [string, () => Tensor][] = [
  // basic indexing
  ['x[0]', () => x.index([0])],
  ['x[-1]', () => x.index([-1])],
  ['single number without array', () => x.index(2)],
  ['x[1, 2]', () => x.index([1, 2])],
  ['bigint numbers', () => x.index([1n, -2n])],
  ['x[1, 2, 3] (0-dim)', () => x.index([1, 2, 3])],
  ['x[:, 1]', () => x.index([':', 1])],
  ['x[..., 1]', () => x.index(['...', 1])],
  ['x[0, ..., 2]', () => x.index([0, '...', 2])],
  ['x[None]', () => x.index([null])],
  ['x[:, None, 1]', () => x.index([':', null, 1])],
  ['x[None, ..., None]', () => x.index([null, '...', null])],
  ['x[..., ...]', () => x.index(['...', '...'])],
  ['x[1:3] (torch.slice)', () => x.index([torch.slice(1, 3)])],
  ['x[1:3] (string)', () => x.index(['1:3'])],
  ['x[::2]', () => x.index(['::2'])],
  ['x[-2:]', () => x.index([torch.slice(-2)])],
  ['x[:-1]', () => x.index([':-1'])],
  ['x[:, ::2, 1:4:2]', () => x.index([':', torch.slice(null, null, 2), ' 1 : 4 : 2 '])],
  ['x[10:20] (empty)', () => x.index(['10:20'])],
  ['x[-100:2]', () => x.index(['-100:2'])],
  ['huge slice bounds clamp', () => x.index([torch.slice(1e20)])],
  ['huge negative start, huge stop', () => x.index(['-100000000000000000000:1000000000000000000000000000000'])],
  ['huge step', () => x.index([torch.slice(null, null, 2 ** 62)])],
  ['x[()]', () => x.index([])],
  ['x[...]', () => x.index('...')],
  ['torch.indexing names', () => x.index([torch.indexing.Slice(), torch.indexing.None, torch.indexing.Ellipsis, torch.indexing.Slice(1)])],
  ['x[torch.tensor(1)] (0-dim index tensor)', () => x.index([torch.tensor(1n)])],
  // advanced indexing
  ['x[[0, 2]]', () => x.index([[0, 2]])],
  ['x[[-1]]', () => x.index([[-1]])],
  ['x[[0, 2], 1]', () => x.index([[0, 2], 1])],
  ['x[:, [0, 3]]', () => x.index([':', [0, 3]])],
  ['x[[0, 2], :, [1, 4]] (separated: dims first)', () => x.index([[0, 2], ':', [1, 4]])],
  ['x[:, [0, 1], [2, 3]]', () => x.index([':', [0, 1], [2, 3]])],
  ['x[1:, [0], 2]', () => x.index(['1:', [0], 2])],
  ['2-d index array', () => x.index([[[0, 1], [2, 0]]])],
  ['broadcast index arrays', () => x.index([[[0], [2]], [1, 3]])],
  ['index tensor int64', () => x.index([torch.arange(0, 3, 2)])],
  ['index tensor int32', () => x.index([':', i32([3, 0])])],
  ['x[1, torch.tensor([0, 2])]', () => x.index([1, torch.tensor([0n, 2n])])],
  ['x[:, index 2-d tensor]', () => x.index([':', torch.tensor([[0n, 1n], [2n, 3n]])])],
  ['empty index array', () => x.index([[]])],
  ['advanced then None', () => x.index([[0, 1], null])],
  // masks
  ['x[x > 30]', () => x.index([x.gt(30)])],
  ['x[mask2d]', () => x.index([x.index(['...', 0]).gt(20)])],
  ['x[:, mask1d]', () => x.index([':', mask1d])],
  ['boolean array', () => x.index([[true, false, true]])],
  ['uint8 mask', () => x.index([torch.tensor([1, 0, 1], { dtype: 'uint8' })])],
  ['x[True]', () => x.index([true])],
  ['x[False]', () => x.index([false])],
  ['x[0, True]', () => x.index([0, true])],
  ['x[torch.tensor(True)]', () => x.index([torch.tensor(true)])],
  ['mask and number', () => x.index([[true, false, true], 1, '1:3'])],
  // other dtypes
  ['int64 tensor', () => torch.arange(10).index([[1, 5, 9]])],
  ['bool tensor', () => torch.tensor([true, false, true]).index(['1:'])],
  // setitem
  ['x[0] = 1', () => S([0], 1)],
  ['x[-1, 2] = -4.5', () => S([-1, 2], -4.5)],
  ['x[:, 1] = arange(5)', () => S([':', 1], torch.arange(5, { dtype: 'float32' }))],
  ['x[..., 0] = -1', () => S(['...', 0], -1)],
  ['x[...] = 2', () => S('...', 2)],
  ['x[1:3, ::2] = 9', () => S(['1:3', '::2'], 9)],
  ['x[:] = row (broadcast)', () => S([':'], torch.arange(5, { dtype: 'float32' }))],
  ['x[1] = value with leading 1s', () => S([1], torch.ones(1, 1, 4, 5))],
  ['x[[0, 2]] = 7', () => S([[0, 2]], 7)],
  ['x[x > 30] = 0', () => S([x.gt(30)], 0)],
  ['x[mask] = values', () => S([x.gt(50)], torch.arange(9, { dtype: 'float32' }).mul(-1))],
  ['x[[0, 2], 1] = row with leading 1s', () => S([[0, 2], 1], torch.tensor([[1, 2, 3, 4, 5]]))],
  ['x[1:3, :, [0, 4]] = zeros', () => S(['1:3', ':', [0, 4]], torch.zeros(2, 4, 2))],
  ['x[:, mask1d] = 1', () => S([':', mask1d], 1)],
  ['x[None] = 3', () => S(null, 3)],
  ['x[True] = 5', () => S([true], 5)],
  ['x[False] = 5 (no-op)', () => S([false], 5)],
  ['x[1, 2, 3] = 100', () => S([1, 2, 3], 100)],
  ['int64 x[0] = 2.7 truncates', () => S([0], 2.7, torch.zeros(2, 3, { dtype: 'int64' }))],
  ['int64 x[1] = 2**50 (bigint)', () => S([1], 1n << 50n, torch.zeros(2, 2, { dtype: 'int64' }))],
  ['bool x[0] = True', () => S([0], true, torch.zeros(2, 2, { dtype: 'bool' }))],
  ['index tensor put', () => S([torch.arange(0, 3, 2)], torch.tensor(-1))],
  ['double-typed value into float', () => S([0], torch.ones(4, 5, { dtype: 'float64' }))],
  // operators through the generated surface
  ['narrow', () => x.narrow(2, 1, 3)],
  ['torch.narrow negative dim', () => torch.narrow(x, -1, 0, 2)],
  ['select', () => x.select(1, 2)],
  ['select negative', () => torch.select(x, 0, -1)],
  ['maskedFill', () => x.maskedFill(x.gt(30), -1)],
  ['maskedFill tensor value', () => x.maskedFill(x.lt(5), torch.tensor(9))],
  ['where', () => torch.where(x.gt(30), x, torch.zeros([]))],
  ['where scalar', () => torch.where(x.gt(30), x, 0)],
  ['where nonzero form', () => torch.stack(torch.where(x.index([0]).gt(15)) as unknown as Tensor[])],
  ['gather', () => x.gather(2, torch.tensor(Array(3).fill(Array(4).fill([0n, 4n]))))],
  ['gather keyword', () => torch.gather(x.index([0]), { dim: 1, index: torch.tensor([[1n], [0n], [3n], [2n]]) })],
  ['scatter', () => torch.zeros(3, 5).scatter(1, torch.tensor([[0n], [2n], [4n]]), torch.ones(3, 1))],
  ['scatter value', () => torch.zeros(3, 5).scatter(1, torch.tensor([[0n], [2n], [4n]]), 7)],
  ['scatter reduce add', () => torch.zeros(5).scatter(0, torch.tensor([0n, 0n, 3n]), torch.tensor([1, 2, 3]), { reduce: 'add' })],
  ['scatter_ in place', () => torch.zeros(2, 3).scatter_(0, torch.tensor([[1n, 0n, 1n]]), 5)],
  ['indexSelect', () => x.indexSelect(1, torch.tensor([3n, 0n]))],
];

// Python's results for this file's fixed cases, computed in one python3 run (test/oracles/indexing.py).
type Out = { ok: true; shape: number[]; dtype: string; values: unknown } | { ok: false; type: string; message: string };
const py = oracleBatch<{
  cases: Record<string, Result>; writeThrough: number[]; gradients: { grads: number[][][]; names: string[] };
  brelu: { out: number[]; grad: number[]; strY: string; strGrad: string }; errorMessages: string[];
  oneIndexTensor: {
    get: Record<string, Out>; set: Record<string, Out>; errors: Record<string, Out>; partial: number[][]; zeroDim: Out[];
    grad: { names: string[]; wGrad: number[][]; vGrad: number[][]; w2Grad: number[][] };
  };
  longestIndexShape: number[]; descriptorErrors: { type: string; message: string }[]; tracedSliceShape: number[];
}>({
  cases: ['indexing', 'cases'], writeThrough: ['indexing', 'write_through'], gradients: ['indexing', 'gradients'],
  brelu: ['indexing', 'brelu'], errorMessages: ['indexing', 'error_messages'], oneIndexTensor: ['indexing', 'one_index_tensor'],
  longestIndexShape: ['indexing', 'longest_index_shape'], descriptorErrors: ['indexing', 'descriptor_errors'],
  tracedSliceShape: ['indexing', 'traced_slice_shape'],
});

let expected: Record<string, Result> = {};

beforeAll(() => {
  expected = py().cases;
});

describe('index / indexPut_ match Python', () => {
  it('has the same cases as its oracle', () => {
    expect(Object.keys(expected)).toEqual(cases.map((c) => c[0]));
  });

  cases.forEach(([name, js]) => {
    it(name, () => {
      expect(R(js())).toEqual(expected[name]);
    });
  });
});

describe('views and copies', () => {
  it('basic indexing returns views that write through', () => {
    const y = x.clone();
    y.index([1, ':', '1:3']).fill_(-1);
    y.index([0]).index([0]).mul_(0);
    const expectedY = py().writeThrough;
    expect(y.flatten().tolist()).toEqual(expectedY);
  });

  it('advanced indexing copies', () => {
    const y = x.clone();
    y.index([[0, 1]]).fill_(-1);
    y.index([y.gt(10)]).fill_(-1);
    expect(y.tolist()).toEqual(x.tolist());
  });

  it('x[...] and x[()] are aliases, not the same object', () => {
    const a = x.index('...');
    expect(a).not.toBe(x);
    expect(a.dataView()).toBeDefined();
    const y = x.clone();
    y.index([]).add_(1);
    expect(y.index([0, 0, 0]).item()).toBe(1);
  });
});

describe('autograd through indexing', () => {
  it('gradients and grad_fn names match Python', () => {
    const want = py().gradients;
    torch.manualSeed(0);
    const w = torch.randn(3, 4, { requiresGrad: true });
    const names: string[] = [];
    const grads: unknown[] = [];
    const a = w.index([[0, 2]]); names.push(a.gradFn!.name());
    const b = w.index([':', '1:3']); names.push(b.gradFn!.name());
    const c = w.index([1]); names.push(c.gradFn!.name());
    const d = w.index([w.gt(0)]); names.push(d.gradFn!.name());
    const e = w.index([null]); names.push(e.gradFn!.name());
    const f = w.index('...'); names.push(f.gradFn!.name());
    const take = () => { grads.push(w.grad!.tolist()); w.grad = null; };
    a.mul(torch.tensor(2)).sum().backward(); take();
    b.mul(b).sum().backward(); take();
    c.exp().sum().backward(); take();
    d.sum().backward(); take();
    let z = w.clone(); z.indexPut_([[0]], w.index([[1]]).mul(torch.tensor(3))); names.push(z.gradFn!.name());
    z.mul(z).sum().backward(); take();
    z = w.clone(); z.indexPut_([':', 0], w.index([':', 1]).mul(torch.tensor(3))); names.push(z.gradFn!.name());
    z.mul(z).sum().backward(); take();
    z = w.clone(); z.indexPut_([z.gt(0)], 0); names.push(z.gradFn!.name());
    z.mul(w).sum().backward(); take();
    expect(names).toEqual(want.names);
    grads.forEach((g, i) => {
      (g as number[][]).flat().forEach((v, j) => expect(v).toBeCloseTo(want.grads[i]!.flat()[j]!, 5));
    });
  });

  it("runs the article's BReLU forward and backward as Python does", () => {
    const want = py().brelu;
    torch.manualSeed(0);
    const input = torch.randn(6, 3);
    // The forward and backward bodies of the article, run directly on tensors.
    const n = input.shape[0]!;
    const even = torch.arange(0, n, 2);
    const odd = torch.arange(1, n, 2);
    const output = input.clone();
    output.indexPut_([even], output.index([even]).clamp({ min: 0 }));
    output.indexPut_([odd], output.index([odd]).neg().clamp({ min: 0 }).neg());
    const gradOutput = torch.arange(18, { dtype: 'float32' }).view(6, 3);
    const gradInput = gradOutput.clone();
    gradInput.indexPut_([even], input.index([even]).ge(0).float().mul(gradInput.index([even])));
    gradInput.indexPut_([odd], input.index([odd]).lt(0).float().mul(gradInput.index([odd])));
    (output.flatten().tolist() as number[]).forEach((v, i) => expect(v).toBeCloseTo(want.out[i]!, 6));
    expect(gradInput.flatten().tolist()).toEqual(want.grad);

    // The same through autograd.Function (examples/article_models.ts), printed as Python prints it.
    torch.manualSeed(0);
    const xs = torch.randn(6, 3, { requiresGrad: true });
    const ys = BReLU.apply(xs) as Tensor;
    ys.mul(gradOutput).sum().backward();
    expect(String(ys)).toBe(want.strY);
    expect(String(xs.grad)).toBe(want.strGrad);
  });

  it('in-place indexPut_ on a leaf that requires grad gives PyTorch\'s error', () => {
    const w = torch.ones(3, { requiresGrad: true });
    expect(() => w.indexPut_([0], 2)).toThrow('a leaf Variable that requires grad is being used in an in-place operation.');
  });
});

describe('indexing errors', () => {
  it("uses PyTorch's messages for PyTorch's errors", () => {
    const msgs = py().errorMessages;
    const calls: (() => unknown)[] = [
      () => x.index([3]), () => x.index([1, 7]), () => x.index([0, 0, 0, 0]), () => torch.tensor(1).index([0]),
      () => x.index(['::-1']), () => x.index([[5]]), () => x.index([torch.tensor([true, false])]),
      () => torch.tensor(1).index([':']), () => x.index([':', -5]), () => S([':', 0], torch.ones(2)),
      () => S([[0, 1]], torch.ones(3)), () => x.index([torch.tensor([0.5])]),
    ];
    calls.forEach((f, i) => {
      let message = 'no error';
      try { f(); } catch (e) { message = (e as Error).message; }
      expect(message).toBe(msgs[i]);
    });
    expect(() => x.index([3])).toThrow(RangeError);
    expect(() => x.index([0, 0, 0, 0])).toThrow(RangeError);
    expect(() => x.index([torch.slice(null, null, 0)])).toThrow(RangeError);
  });

  it('rejects bad index values with a TypeError naming the argument', () => {
    expect(() => x.index([0.5])).toThrow(/indices\[0\]: an index number must be an integer/);
    expect(() => x.index(['abc'])).toThrow(/indices\[0\]: a string index must be/);
    expect(() => x.index([':', [0.5]])).toThrow(/indices\[1\]: tensors used as indices must be long, int, byte or bool tensors/);
    expect(() => x.index([undefined as unknown as number])).toThrow(TypeError);
    expect(() => x.index([{} as unknown as number])).toThrow(/indices\[0\]: an index must be/);
    expect(() => x.indexPut_([0], 'a' as unknown as number)).toThrow(/value must be a Tensor, a number, a bigint or a boolean/);
    expect(() => torch.slice(0.5)).toThrow(/start must be an integer or null/);
  });

  it('torch.slice builds slices, and with a tensor first is aten::slice', () => {
    expect(String(torch.slice(1, 3))).toBe('1:3');
    expect(String(torch.slice(null, null, 2))).toBe('::2');
    expect(String(torch.slice())).toBe(':');
    expect(torch.slice(1)).toBeInstanceOf(torch.Slice);
    expect(torch.slice(x, 2, 1, 3).shape).toEqual([3, 4, 2]);
  });
});

describe('random index tuples against Python', () => {
  // A deterministic generator of index tuples over x (3, 4, 5): every kind of element mixed.
  let seed = 12345;
  const rnd = (n: number): number => { seed = (seed * 1103515245 + 12345) % 2147483648; return Math.floor(seed / 65536) % n; };
  const pick = <T>(a: T[]): T => a[rnd(a.length)]!;
  // js: the element; json: its form for test/oracles/indexing.py; py: how Python writes it (for messages).
  type Gen = { js: torch.IndexElement; json: unknown; py: string };
  const element = (): Gen => {
    switch (rnd(7)) {
      case 0: { const i = rnd(7) - 3; return { js: i, json: i, py: String(i) }; }
      case 1: {
        const start = pick([null, -2, 0, 1, 3]);
        const stop = pick([null, -1, 2, 4]);
        const step = pick([null, 1, 2, 3]);
        const p = (v: number | null) => (v === null ? 'None' : String(v));
        return { js: torch.slice(start, stop, step), json: { slice: [start, stop, step] }, py: `slice(${p(start)}, ${p(stop)}, ${p(step)})` };
      }
      case 2: return { js: null, json: null, py: 'None' };
      case 3: return { js: '...', json: '...', py: '...' };
      case 4: {
        const a = Array.from({ length: 1 + rnd(3) }, () => rnd(5) - 2);
        return { js: a, json: { tensor: a }, py: `torch.tensor([${a.join(', ')}])` };
      }
      case 5: {
        const a = Array.from({ length: 3 + rnd(3) }, () => rnd(2) === 1);
        return { js: a, json: { tensor: a }, py: `torch.tensor([${a.map((b) => (b ? 'True' : 'False')).join(', ')}])` };
      }
      default: { const b = rnd(2) === 1; return { js: b, json: b, py: b ? 'True' : 'False' }; }
    }
  };
  const tuples: Gen[][] = Array.from({ length: 200 }, () => Array.from({ length: 1 + rnd(4) }, element));

  type Outcome = { ok: true; shape: number[]; values: unknown } | { ok: false; message: string };
  let want: { get: Outcome[]; set: Outcome[] };
  beforeAll(() => {
    want = oracle<{ get: Outcome[]; set: Outcome[] }>('indexing', 'random_tuples', tuples.map((t) => t.map((e) => e.json)));
  });

  const run = (f: () => Tensor): Outcome => {
    try {
      const r = f();
      return { ok: true, shape: r.shape, values: r.tolist() };
    } catch (e) {
      return { ok: false, message: (e as Error).message };
    }
  };

  it('index() gives Python\'s result or error for 200 random tuples', () => {
    // The sweep is a real mix: successes and errors, short and long tuples.
    expect(want.get.filter((o) => o.ok).length).toBeGreaterThan(60);
    expect(want.get.filter((o) => !o.ok).length).toBeGreaterThan(20);
    expect(tuples.filter((t) => t.length >= 3).length).toBeGreaterThan(50);
    tuples.forEach((t, i) => {
      const got = run(() => x.index(t.map((e) => e.js)));
      expect(got, `x[${t.map((e) => e.py).join(', ')}]`).toEqual(want.get[i]);
    });
  });

  it('indexPut_() gives Python\'s result or error for the same tuples', () => {
    tuples.forEach((t, i) => {
      const got = run(() => x.clone().indexPut_(t.map((e) => e.js), -1));
      expect(got, `x[${t.map((e) => e.py).join(', ')}] = -1`).toEqual(want.set[i]);
    });
  });
});

describe('one integer index tensor: x[t] and x[t] = v', () => {
  let want: ReturnType<typeof py>['oneIndexTensor'];
  const base = () => torch.arange(12, { dtype: 'float32' }).view(4, 3);
  const t1 = () => torch.tensor([2n, 0n, 2n]);
  const t2 = () => torch.tensor([[0n, 3n], [1n, 1n]]);
  const i1 = () => torch.tensor([2, 0, 2], { dtype: 'int32' });
  const i2 = () => torch.tensor([[0, 3], [1, 1]], { dtype: 'int32' });
  const put = (t: Tensor, v: Tensor | number, x: Tensor = base()): Tensor => {
    expect(x.indexPut_([t], v)).toBe(x);
    return x;
  };
  // [name, torch-node]: each name is the Python expression test/oracles/indexing.py runs under it.
  const gets: [string, () => Tensor][] = [
    ['x[t1]', () => base().index([t1()])],
    ['x[t1] (not in a list)', () => base().index(t1())],
    ['x[t2]', () => base().index([t2()])],
    ['x[i1]', () => base().index([i1()])],
    ['x[i2]', () => base().index([i2()])],
    ['x[torch.tensor([-1, -4])]', () => base().index([torch.tensor([-1n, -4n])])],
    ['x[torch.tensor([], dtype=torch.int64)]', () => base().index([torch.tensor([], { dtype: 'int64' })])],
    ['torch.arange(5)[torch.tensor([4, 0, 4])]', () => torch.arange(5).index([torch.tensor([4n, 0n, 4n])])],
  ];
  const sets: [string, () => Tensor][] = [
    ['S(torch.tensor([0, 2]), torch.tensor([[-1., -2., -3.]]))', () => put(torch.tensor([0n, 2n]), torch.tensor([[-1, -2, -3]]))],
    ['S(torch.tensor([0, 2]), torch.tensor([[[-1., -2., -3.]]]))', () => put(torch.tensor([0n, 2n]), torch.tensor([[[-1, -2, -3]]]))],
    ['S(torch.tensor([[0, 3], [1, 2]]), torch.tensor([[5., 6., 7.]]))', () => put(torch.tensor([[0n, 3n], [1n, 2n]]), torch.tensor([[5, 6, 7]]))],
    ['S(torch.tensor([3, 1]), -2.5)', () => put(torch.tensor([3n, 1n]), -2.5)],
    ['S(torch.tensor([3, 1]), torch.tensor([[1., 2., 3.], [4., 5., 6.]]))', () => put(torch.tensor([3n, 1n]), torch.tensor([[1, 2, 3], [4, 5, 6]]))],
    ['S(torch.tensor([1, 2], dtype=torch.int32), torch.tensor([[8., 9., 10.]]))', () => put(torch.tensor([1, 2], { dtype: 'int32' }), torch.tensor([[8, 9, 10]]))],
    ['S(torch.tensor([[0], [3]], dtype=torch.int32), 9.)', () => put(torch.tensor([[0], [3]], { dtype: 'int32' }), 9)],
    ['S(torch.tensor([1]), torch.tensor([[[7.]]]))', () => put(torch.tensor([1n]), torch.tensor([[[7]]]))],
    ['S(torch.tensor([4, 0]), torch.tensor([10, 20]), torch.arange(5))', () => put(torch.tensor([4n, 0n]), torch.tensor([10n, 20n]), torch.arange(5))],
    ['S(torch.tensor([-1]), 7, torch.arange(5))', () => put(torch.tensor([-1n]), 7, torch.arange(5))],
  ];
  const errors: [string, () => Tensor][] = [
    ['x[torch.tensor([4])]', () => base().index([torch.tensor([4n])])],
    ['x[torch.tensor([-5], dtype=torch.int32)]', () => base().index([torch.tensor([-5], { dtype: 'int32' })])],
    ['x[torch.tensor([[0, 9]])]', () => base().index([torch.tensor([[0n, 9n]])])],
    ['S(torch.tensor([7]), 1.)', () => put(torch.tensor([7n]), 1)],
    ['S(torch.tensor([0, -6], dtype=torch.int32), torch.ones(1, 3))', () => put(torch.tensor([0, -6], { dtype: 'int32' }), torch.ones(1, 3))],
    ['S(torch.tensor([0, 1]), torch.ones(3, 3))', () => put(torch.tensor([0n, 1n]), torch.ones(3, 3))],
    ['S(torch.tensor([0, 1]), torch.ones(3, dtype=torch.float64))', () => put(torch.tensor([0n, 1n]), torch.ones(3, { dtype: 'float64' }))],
  ];
  const run = (f: () => Tensor): Out => {
    try {
      const r = f();
      return { ok: true, shape: r.shape, dtype: r.dtype, values: r.tolist() };
    } catch (e) {
      return { ok: false, type: (e as Error).constructor.name, message: (e as Error).message };
    }
  };

  beforeAll(() => {
    want = py().oneIndexTensor;
  });

  it('x[t] with a 1-D or 2-D int64 / int32 index tensor matches Python', () => {
    expect(Object.keys(want.get)).toEqual(gets.map((g) => g[0]));
    expect(Object.values(want.get).every((o) => o.ok)).toBe(true);
    gets.forEach(([name, f]) => expect(run(f), name).toEqual(want.get[name]));
  });

  it('x[t] = v matches Python: values with leading 1s, scalars, int32 indices, integer tensors', () => {
    expect(Object.keys(want.set)).toEqual(sets.map((g) => g[0]));
    expect(Object.values(want.set).every((o) => o.ok)).toBe(true);
    sets.forEach(([name, f]) => expect(run(f), name).toEqual(want.set[name]));
  });

  it("out-of-range indices and bad values give Python's errors", () => {
    expect(Object.keys(want.errors)).toEqual(errors.map((g) => g[0]));
    expect(Object.values(want.errors).every((o) => !o.ok)).toBe(true);
    errors.forEach(([name, f]) => expect(run(f), name).toEqual(want.errors[name]));
    // What a failed assignment left written is what Python leaves (the rows before the bad index).
    const x = base();
    expect(() => x.indexPut_([torch.tensor([0n, 7n])], 100)).toThrow(RangeError);
    expect(x.tolist()).toEqual(want.partial);
  });

  // at::indexing's dimension check comes first, with Python's message (aten::index's own adds
  // "(got 1)").
  it('on a 0-dim tensor, x[t] and x[t] = v give Python\'s error', () => {
    expect(want.zeroDim[0]).toEqual({ ok: false, type: 'RangeError', message: 'too many indices for tensor of dimension 0' });
    expect(run(() => torch.tensor(1).index([[0]]))).toEqual(want.zeroDim[0]); // the general path
    expect(run(() => torch.tensor(1).index([torch.tensor([0n])]))).toEqual(want.zeroDim[0]);
    expect(run(() => put(torch.tensor([0n]), 2, torch.tensor(1)))).toEqual(want.zeroDim[1]);
  });

  it('leaves no temporaries behind', () => {
    const x = base();
    const t = torch.tensor([0n, 2n]);
    const v = torch.tensor([[1, 2, 3]]);
    const before = torch.memory({ collect: true }).numTensors;
    const r = x.index([t]);
    expect(torch.memory().numTensors).toBe(before + 1);
    r.dispose();
    x.indexPut_([t], v); // v without its leading 1: a view, disposed at once
    x.indexPut_([t], 5); // the scalar as a tensor, disposed at once
    expect(torch.memory().numTensors).toBe(before);
  });

  it('autograd through x[t] and x[t] = v: grad_fn names and gradients as Python', () => {
    const w = torch.arange(12, { dtype: 'float32' }).view(4, 3).requiresGrad_();
    const names: string[] = [];
    const a = w.index([t1()]);
    names.push(a.gradFn!.name());
    a.mul(torch.arange(9, { dtype: 'float32' }).view(3, 3)).sum().backward();
    expect(w.grad!.tolist()).toEqual(want.grad.wGrad);
    w.grad = null;
    const v = torch.tensor([[1, 2, 3]], { requiresGrad: true });
    const z = w.mul(1);
    z.indexPut_([torch.tensor([0n, 2n])], v.mul(2));
    names.push(z.gradFn!.name());
    z.mul(z).sum().backward();
    expect(v.grad!.tolist()).toEqual(want.grad.vGrad);
    expect(w.grad!.tolist()).toEqual(want.grad.w2Grad);
    names.push(w.index([i2()]).gradFn!.name());
    expect(names).toEqual(want.grad.names);
  });
});

// A sparse array costs nothing to make, yet walking it by index up to `length` takes billions of
// steps: these ran for minutes. In a child with a time limit, so that a regression fails here.
describe('absurd and sparse index arrays (child process)', () => {
  it('are rejected at once, naming the argument', () => {
    type Attempt = { value?: unknown; error?: { name: string; message: string } };
    const results = childJsonLines<Attempt>(`
const x = torch.zeros([2, 3]);
const sparse = () => Object.assign([], { length: 2 ** 32 - 1 });
const late = () => { const a = [0, 1]; a.length = 2 ** 32 - 1; return a; };
const t0 = Date.now();
emit(attempt(() => x.index(sparse())));
emit(attempt(() => x.indexPut_(sparse(), 1)));
emit(attempt(() => x.index([sparse()])));
emit(attempt(() => x.index([late()])));
emit(attempt(() => x.index([[0, sparse()]])));
emit(attempt(() => x.indexPut_([':', late()], 1)));
emit(attempt(() => x.index([0, , 1])));
emit(attempt(() => x.index(new Array(67).fill(null))));
emit(attempt(() => x.index(new Array(66).fill(null)).shape));
emit(attempt(() => x.index(new Array(66).fill('...')).shape));
emit(Date.now() - t0);
`, { timeoutMs: 20_000 });
    const message = (i: number) => results[i]!.error?.message;
    const hole = (at: string, index: number, length: number) =>
      `${at}: the array has a hole at index ${index} (a sparse array of length ${length}); arrays must be dense`;
    const tooLong = (n: number) => `indices: an index of ${n} entries for a tensor of 2 dimensions; at most 66 (one per dimension and up to 64 null, '...' or boolean entries)`;
    expect(results[0]!.error).toEqual({ name: 'RangeError', message: tooLong(2 ** 32 - 1) });
    expect(results[1]!.error).toEqual({ name: 'RangeError', message: tooLong(2 ** 32 - 1) });
    expect(results[2]!.error).toEqual({ name: 'TypeError', message: hole('indices[0]', 0, 2 ** 32 - 1) });
    expect(message(3)).toBe(hole('indices[0]', 2, 2 ** 32 - 1));
    expect(message(4)).toBe(hole('indices[0][1]', 0, 2 ** 32 - 1));
    expect(message(5)).toBe(hole('indices[1]', 2, 2 ** 32 - 1));
    expect(results[6]!.error).toEqual({ name: 'TypeError', message: hole('indices', 1, 3) });
    expect(results[7]!.error).toEqual({ name: 'RangeError', message: tooLong(67) });
    expect(results[8]!.value).toEqual([...new Array(66).fill(1), 2, 3]);
    expect(results[9]!.value).toEqual([2, 3]);
    expect(results[10]).toBeLessThan(5000);
  }, 30_000);

  it('the longest index allowed gives the shape Python gives', () => {
    // Python has no bound, but x[(None,) * n] takes time quadratic in n (82 s for n = 100,000).
    const want = py().longestIndexShape;
    const nulls = new Array<null>(32).fill(null);
    expect(x.index([...nulls, '...', 1, ...nulls]).shape).toEqual(want);
  });
});

describe('the native descriptor', () => {
  it("x[i] on a 0-dim tensor and zero or negative slice steps give Python's errors", () => {
    const want = py().descriptorErrors;
    const calls = [
      () => torch.tensor(1).index(1), () => torch.tensor(1).index([-1]), () => torch.tensor(1).index([0]),
      () => torch.zeros(3).index([torch.slice(null, null, 0)]), () => torch.zeros(3).index([null, '::-2']),
    ];
    // IndexError is a RangeError here; Python's ValueError for a slice step too (a value out of range).
    const jsType: Record<string, string> = { IndexError: 'RangeError', ValueError: 'RangeError' };
    calls.forEach((f, i) => {
      let got = { type: 'none', message: '' };
      try { f(); } catch (e) { got = { type: (e as Error).constructor.name, message: (e as Error).message }; }
      expect(got).toEqual({ type: jsType[want[i]!.type], message: want[i]!.message });
    });
  });

  it('refuses a forged descriptor with a JS error, never a crash', () => {
    const x = torch.zeros(2, 3);
    const d = (...v: number[]) => new Float64Array(v);
    const t = torch.tensor([1n]);
    const attempts: [() => unknown, RegExp][] = [
      [() => native.index(x, [0, 0, 0, 0] as unknown as Float64Array, 1, undefined), /descriptor must be a Float64Array/],
      [() => native.index(x, new Float32Array(4) as unknown as Float64Array, 1, undefined), /descriptor must be a Float64Array/],
      [() => native.index(x, d(4, 0, 0, 0), 2, undefined), /2 entries do not fit a descriptor of length 4/],
      [() => native.index(x, d(4, 0, 0, 0), -1, undefined), /entry count must be an integer/],
      [() => native.index(x, d(4, 0, 0, 0), 0.5, undefined), /entry count must be an integer/],
      [() => native.index(x, d(9, 0, 0, 0), 1, undefined), /unknown descriptor kind 9/],
      [() => native.index(x, d(NaN, 0, 0, 0), 1, undefined), /unknown descriptor kind/],
      [() => native.index(x, d(4, 0.5, 0, 0), 1, undefined), /not a safe integer/],
      [() => native.index(x, d(4, 2 ** 60, 0, 0), 1, undefined), /not a safe integer/],
      [() => native.index(x, d(5, NaN, NaN, NaN), 1, undefined), /not a safe integer/],
      [() => native.index(x, d(6, 0, 0, 0), 1, undefined), /a tensor entry without tensors/],
      [() => native.index(x, d(6, 1, 0, 0), 1, [t]), /tensor slot 1 is outside the tensors array \(length 1\)/],
      [() => native.index(x, d(6, -1, 0, 0), 1, [t]), /tensor slot -1 is outside/],
      [() => native.index(x, d(6, 0, 0, 0), 1, [{} as Tensor]), /an index tensor must be a Tensor/],
      [() => native.index(x, d(6, 0, 0, 0), 1, 5 as unknown as Tensor[]), /an index tensor must be a Tensor/],
      [() => native.index({} as Tensor, d(4, 0, 0, 0), 1, undefined), /self must be a Tensor/],
      [() => native.indexPut(x, d(4, 0, 0, 0), 1, undefined, 'a' as unknown as number), /value must be a Tensor, a number/],
    ];
    attempts.forEach(([f, message]) => expect(f).toThrow(message));
    // The genuine descriptor of x[1, 1:3] works through the same door.
    expect(native.index(x.add(torch.arange(3)), d(4, 1, 0, 0, 5, 1, 3, 1), 2, undefined).tolist()).toEqual([1, 2]);
  });

  it('reads the descriptor before any JS runs: an accessor on the tensors array that rewrites or detaches it changes nothing', () => {
    const x = torch.arange(6).reshape([2, 3]);
    for (const spoil of ['rewrite', 'detach'] as const) {
      // [tensor slot 0, integer 1]: x[[1, 0], 1] in Python, tensor([4, 1]).
      const desc = new Float64Array([6, 0, 0, 0, 4, 1, 0, 0]);
      const tensors: torch.Tensor[] = [];
      Object.defineProperty(tensors, 0, {
        get() {
          if (spoil === 'rewrite') desc.set([9, 0, 0, 0], 4);
          else structuredClone(desc.buffer, { transfer: [desc.buffer] });
          return torch.tensor([1n, 0n]);
        },
      });
      expect((native.index(x, desc, 2, tensors) as torch.Tensor).tolist()).toEqual([4, 1]);
    }
  });

  it('a descriptor made natively is read directly, and stays readable (never a crash) when detached or replaced', () => {
    const x = torch.arange(6).reshape([2, 3]);
    expect(() => native.indexDescriptor(0)).toThrow(/entries must be an integer from 1/);
    expect(() => native.indexDescriptor(1.5)).toThrow(/entries must be an integer from 1/);
    // Made here, it replaces the one lib/indexing.ts made: that one is then read through N-API.
    const d = native.indexDescriptor(2);
    expect(d).toBeInstanceOf(Float64Array);
    expect(d.length).toBe(8);
    d.set([4, 1, 0, 0, 5, 1, 3, 1]);
    expect((native.index(x, d, 2, undefined) as Tensor).tolist()).toEqual([4, 5]);
    expect(() => native.index(x, d, 3, undefined)).toThrow(/3 entries do not fit a descriptor of length 8/);
    expect(x.index([1, '1:3']).tolist()).toEqual([4, 5]);
    // Detached, its memory is still held natively: the last fields written are read.
    structuredClone(d.buffer, { transfer: [d.buffer as ArrayBuffer] });
    expect(d.length).toBe(0);
    expect((native.index(x, d, 2, undefined) as Tensor).tolist()).toEqual([4, 5]);
    // An index longer than lib/indexing.ts's descriptor makes it a larger one, read directly again.
    const nulls = new Array(20).fill(null);
    expect(x.index([...nulls, 1]).shape).toEqual([...new Array(20).fill(1), 3]);
    expect(x.index([0, '::2']).tolist()).toEqual([0, 2]);
  });

  it('one index tensor travels alone, several as an array', () => {
    const x = torch.arange(6).reshape([2, 3]);
    const d = (...v: number[]) => new Float64Array(v);
    const t = torch.tensor([1n, 0n]);
    expect((native.index(x, d(6, 0, 0, 0), 1, t) as Tensor).tolist()).toEqual([[3, 4, 5], [0, 1, 2]]);
    expect(() => native.index(x, d(6, 1, 0, 0), 1, t)).toThrow(/tensor slot 1 given a single tensor/);
    expect(x.index([t, torch.tensor([2n, 0n])]).tolist()).toEqual([5, 0]);
    const y = torch.arange(24).reshape([2, 3, 4]);
    expect(y.index([t, '1:', torch.tensor([0n])]).tolist()).toEqual([[16, 20], [4, 8]]);
  });

  it('integers and slices alone give views, and x[:, :] an alias of x, not x itself', () => {
    const x = torch.zeros(2, 3);
    const a = x.index([':', ':']);
    a.requiresGrad_(true);
    expect(x.requiresGrad).toBe(false);
    x.index([':', '1:3']).fill_(1);
    x.index([1, 0]).fill_(2);
    expect(x.tolist()).toEqual([[0, 1, 1], [2, 1, 1]]);
    x.indexPut_([0, '::2'], 5);
    x.indexPut_([':', 1], torch.tensor([7, 8]));
    expect(x.tolist()).toEqual([[5, 7, 5], [2, 8, 1]]);
  });

  it('string indices are parsed once, and made-up strings do not grow the cache without bound', () => {
    const y = torch.arange(3000);
    for (let i = 0; i < 2500; i++) expect(y.index([`${i}:${i + 2}`]).tolist()).toEqual([i, i + 1]);
    expect(y.index(['1:3']).tolist()).toEqual([1, 2]);
    expect(y.index([' 1 : 3 ']).tolist()).toEqual([1, 2]);
  });

  it('an index array whose element getter indexes again gets the right results for both', () => {
    const y = torch.arange(12).view(3, 4);
    let inner: Tensor | undefined;
    const tricky = [':', 0];
    Object.defineProperty(tricky, 1, { get() { inner = y.index([2, '1:3']); return 0; }, enumerable: true });
    const outer = y.index(tricky as torch.Indices);
    expect(outer.tolist()).toEqual([0, 4, 8]);
    expect(inner!.tolist()).toEqual([9, 10]);
    const proxied = new Proxy([[0, 2], '...'], { get(target, key, receiver) { if (key === '0') y.index([[1]]); return Reflect.get(target, key, receiver); } });
    expect(y.index(proxied as torch.Indices).tolist()).toEqual([[0, 1, 2, 3], [8, 9, 10, 11]]);
  });

  it('under torch.jit.trace every slice is recorded, as in Python (another width is sliced too)', () => {
    const want = py().tracedSliceShape;
    const traced = torch.jit.trace((x: Tensor) => x.index([':', '0:3']), [torch.zeros(2, 3)]);
    expect((traced(torch.zeros(2, 5)) as Tensor).shape).toEqual(want);
  });
});
