import { beforeAll, describe, expect, it } from 'vitest';
import * as torch from '../lib/index.js';
import { oracle } from './helpers/python.js';
import { childError, childJsonLines } from './helpers/child.js';

describe('Tensor basics', () => {
  it('reports shape, dtype, device and values', () => {
    const x = torch.zeros(2, 3);
    expect(x.shape).toEqual([2, 3]);
    expect(x.size(-1)).toBe(3);
    expect(x.dim()).toBe(2);
    expect(x.numel()).toBe(6);
    expect(x.dtype).toBe('float32');
    expect(x.device).toBe('cpu');
    expect(torch.zeros([2, 3], { dtype: torch.float64 }).dtype).toBe('float64');
  });

  it('matches PyTorch random numbers for the same seed', () => {
    const expected = oracle<number[][]>('tensor', 'randn_seed0');
    torch.manualSeed(0);
    const got = torch.randn(2, 3).tolist() as number[][];
    got.flat().forEach((v, i) => expect(v).toBeCloseTo(expected.flat()[i]!, 6));
  });

  it('returns the same object from in-place operators', () => {
    const w = torch.ones(3);
    expect(w.add_(1)).toBe(w);
    expect(w.tolist()).toEqual([2, 2, 2]);
  });

  it('throws a clear error after dispose, and disposing twice is harmless', () => {
    const x = torch.ones(2);
    x.dispose();
    x.dispose();
    expect(x.isDisposed).toBe(true);
    expect(() => x.add(1)).toThrow(/disposed/);
  });

  it('a disposed tensor throws wherever it is passed: self, other, in a list, out=, index, value', () => {
    const d = torch.ones(2);
    const a = torch.ones(2);
    expect(d.isDisposed).toBe(false);
    d.dispose();
    expect(d.isDisposed).toBe(true);
    d.dispose();
    expect(d.isDisposed).toBe(true);
    expect(() => d.mul(2)).toThrow(/disposed/);
    expect(() => torch.add(a, d)).toThrow(/disposed/);
    expect(() => torch.cat([a, d])).toThrow(/disposed/);
    expect(() => torch.add(a, a, { out: d })).toThrow(/disposed/);
    expect(() => d.float()).toThrow(/disposed/);
    expect(() => d.contiguous()).toThrow(/disposed/);
    const di = torch.tensor([0n]);
    di.dispose();
    expect(() => a.index([di])).toThrow(/disposed/);
    expect(() => a.indexPut_([di], 1)).toThrow(/disposed/);
    expect(() => a.indexPut_([torch.tensor([0n])], d)).toThrow(/disposed/);
    // Nothing was written, and the live tensor still works.
    expect(a.tolist()).toEqual([1, 1]);
  });

  it('gives PyTorch messages for PyTorch errors', () => {
    expect(() => torch.ones(2, 3).add(torch.ones(4))).toThrow(
      'The size of tensor a (3) must match the size of tensor b (4) at non-singleton dimension 1');
  });
});

describe('Tensor properties and access', () => {
  it('shape, size, dim, numel, stride, ndim', () => {
    const x = torch.zeros(2, 3, 4);
    expect(x.shape).toEqual([2, 3, 4]);
    x.shape.push(9);
    expect(x.shape).toEqual([2, 3, 4]);
    expect(x.size()).toEqual([2, 3, 4]);
    expect(x.size(1)).toBe(3);
    expect(x.size(-3)).toBe(2);
    expect(() => x.size(3)).toThrow(new RangeError('Dimension out of range (expected to be in range of [-3, 2], but got 3)'));
    expect(() => x.size(1.5)).toThrow(TypeError);
    expect(x.dim()).toBe(3);
    expect(x.ndim).toBe(3);
    expect(x.numel()).toBe(24);
    expect(x.stride()).toEqual([12, 4, 1]);
    expect(x.stride(0)).toBe(12);
    expect(x.permute(2, 0, 1).stride()).toEqual([1, 12, 4]);
    const s = torch.tensor(1.5);
    expect(s.shape).toEqual([]);
    expect(s.dim()).toBe(0);
    expect(s.numel()).toBe(1);
  });

  it('view and reshape take sizes as varargs or an array', () => {
    const x = torch.arange(24);
    expect(x.view(2, -1).shape).toEqual([2, 12]);
    expect(x.view([4, 6]).shape).toEqual([4, 6]);
    expect(x.reshape(2, 3, 4).shape).toEqual([2, 3, 4]);
    expect(x.view(-1, 8).shape).toEqual([3, 8]);
    expect(() => x.view(5, 5)).toThrow("shape '[5, 5]' is invalid for input of size 24");
  });

  it('tolist() refuses a shape that would make more nested arrays than the heap holds (in a child: a regression is a fatal out-of-memory)', () => {
    // No elements, but 2^31 rows: 2^31 empty arrays.
    expect(childError('torch.randn(0).tile([2 ** 31, 2 ** 31]).tolist()')).toEqual({
      name: 'RangeError',
      message: 'tolist(): a tensor of shape [2147483648, 0] makes 2147483649 nested arrays, more than a JS heap holds; read it with dataSync()',
    });
    expect(torch.zeros(3, 0, 2).tolist()).toEqual([[], [], []]);
  });

  it('item() and tolist() by dtype', () => {
    expect(torch.tensor([2.5]).item()).toBe(2.5);
    expect(torch.tensor(0.1).item()).toBe(Math.fround(0.1));
    expect(torch.tensor(0.1, { dtype: 'float64' }).item()).toBe(0.1);
    expect(torch.tensor(7n).item()).toBe(7);
    expect(torch.tensor(true).item()).toBe(true);
    expect(torch.tensor([1, 2], { dtype: 'float16' }).tolist()).toEqual([1, 2]);
    expect(torch.tensor([[true], [false]]).tolist()).toEqual([[true], [false]]);
    expect(torch.tensor(3n).tolist()).toBe(3);
    expect(torch.zeros(2, 0).tolist()).toEqual([[], []]);
    expect(() => torch.ones(2).item()).toThrow('a Tensor with 2 elements cannot be converted to Scalar');
  });

  it('dataSync gives the typed array of each dtype', () => {
    const kinds: [torch.DType, new (n: number) => ArrayBufferView][] = [
      ['float32', Float32Array], ['float64', Float64Array], ['float16', Float32Array], ['bfloat16', Float32Array],
      ['int8', Int8Array], ['int16', Int16Array], ['int32', Int32Array], ['int64', BigInt64Array],
      ['uint8', Uint8Array], ['bool', Uint8Array],
    ];
    for (const [dtype, ctor] of kinds) {
      const d = torch.ones(3, { dtype }).dataSync();
      expect(d, dtype).toBeInstanceOf(ctor);
      expect((d as unknown as ArrayLike<unknown>).length).toBe(3);
    }
  });

  it('dtype constants are strings', () => {
    expect(torch.float32).toBe('float32');
    expect(torch.float).toBe('float32');
    expect(torch.long).toBe('int64');
    expect(torch.double).toBe('float64');
    expect(torch.zeros(1, { dtype: torch.half }).dtype).toBe('float16');
    expect(torch.zeros(1, { dtype: 'torch.int16' as torch.DType }).dtype).toBe('int16');
  });

  it('requiresGrad is validated and settable on leaves only', () => {
    const w = torch.zeros(2);
    expect(() => { w.requiresGrad = 1 as never; }).toThrow(TypeError);
    w.requiresGrad = true;
    expect(w.requiresGrad).toBe(true);
    const y = w.mul(torch.tensor(2));
    expect(() => { y.requiresGrad = false; }).toThrow(/you can only change requires_grad flags of leaf variables/);
  });
});

describe('threads', () => {
  it('setNumThreads / getNumThreads', () => {
    const before = torch.getNumThreads();
    torch.setNumThreads(1);
    expect(torch.getNumThreads()).toBe(1);
    expect(() => torch.setNumThreads(0)).toThrow(RangeError);
    expect(() => torch.setNumThreads(1.5)).toThrow(/n must be a positive integer/);
    torch.setNumThreads(before);
    expect(torch.getNumThreads()).toBe(before);
  });
});

describe('Tensor objects (made natively)', () => {
  const DTYPES: torch.DType[] = ['float16', 'bfloat16', 'float32', 'float64', 'int8', 'int16', 'int32', 'int64', 'uint8', 'bool'];
  // One python3 run for the whole block.
  let want: { to: Record<string, unknown[]>; float: number[]; double: { name: string; grad: number[]; dtype: string } };
  beforeAll(() => {
    want = oracle('tensor', 'conversions', DTYPES);
  });

  it('are instances of Tensor with no own properties, from every kind of op', () => {
    const x = torch.arange(6, { dtype: 'float32' }).view(2, 3);
    const made: torch.Tensor[] = [
      torch.zeros(2), torch.tensor([1, 2]), x, x.add(1), x.t(), x.index([0]), x.index([torch.tensor([1n])]),
      ...torch.split(x, 1), torch.max(x, 1)[1],
    ];
    for (const t of made) {
      expect(t instanceof torch.Tensor).toBe(true);
      expect(t.constructor).toBe(torch.Tensor);
      expect(Object.keys(t)).toEqual([]);
      expect(Object.getOwnPropertyNames(t)).toEqual([]);
    }
    expect(made[3]!.tolist()).toEqual([[1, 2, 3], [4, 5, 6]]);
  });

  it('new Tensor(x) is a new object sharing x\'s data', () => {
    const x = torch.tensor([1, 2, 3]);
    const y = new torch.Tensor(x);
    expect(y).not.toBe(x);
    expect(y).toBeInstanceOf(torch.Tensor);
    expect(y.constructor).toBe(torch.Tensor);
    expect(y.shape).toEqual([3]);
    expect(y.dtype).toBe('float32');
    y.add_(1);
    expect(x.tolist()).toEqual([2, 3, 4]);
    x.mul_(2);
    expect(y.tolist()).toEqual([4, 6, 8]);
    // Two objects: disposing one leaves the other.
    y.dispose();
    expect(y.isDisposed).toBe(true);
    expect(x.isDisposed).toBe(false);
    expect(x.sum().item()).toBe(18);
  });

  it('new Tensor() rejects what is not a live Tensor', () => {
    const ctor = torch.Tensor as unknown as new (v: unknown) => torch.Tensor;
    expect(() => new ctor(3)).toThrow(TypeError);
    expect(() => new ctor(3)).toThrow(/source/);
    expect(() => new ctor([1, 2])).toThrow(/source must be a Tensor/);
    expect(() => new ctor(undefined)).toThrow("Tensor(source): source must be a Tensor (got undefined)");
    expect(() => new ctor(Object.create(torch.Tensor.prototype))).toThrow(TypeError);
    const d = torch.ones(2);
    d.dispose();
    expect(() => new ctor(d)).toThrow(/disposed/);
  });

  it('JS subclasses: new My(x) is a My and a Tensor, ops work on it', () => {
    class My extends torch.Tensor {
      tag = 'mine';
      twice(): torch.Tensor { return this.mul(2); }
    }
    const x = torch.tensor([[1, 2], [3, 4]]);
    const m = new My(x);
    expect(m).toBeInstanceOf(My);
    expect(m).toBeInstanceOf(torch.Tensor);
    expect(m.constructor).toBe(My);
    expect(m.tag).toBe('mine');
    expect(Object.keys(m)).toEqual(['tag']);
    expect(m.shape).toEqual([2, 2]);
    expect(m.twice().tolist()).toEqual([[2, 4], [6, 8]]);
    expect(torch.matmul(m, x).tolist()).toEqual([[7, 10], [15, 22]]);
    expect(m.index([torch.tensor([1n])]).tolist()).toEqual([[3, 4]]);
    expect(m.add_(1)).toBe(m);
    expect(x.tolist()).toEqual([[2, 3], [4, 5]]);
  });

  it('nn.Parameter still builds on a tensor: requiresGrad, isParameter, shared data', () => {
    const x = torch.tensor([1, 2, 3]);
    const p = new torch.nn.Parameter(x);
    expect(p).toBeInstanceOf(torch.nn.Parameter);
    expect(p).toBeInstanceOf(torch.Tensor);
    expect(torch.nn.isParameter(p)).toBe(true);
    expect(torch.nn.isParameter(x)).toBe(false);
    expect(p.requiresGrad).toBe(true);
    expect(p.isLeaf).toBe(true);
    expect(x.requiresGrad).toBe(false);
    x.add_(1);
    expect(p.tolist()).toEqual([2, 3, 4]);
    p.mul(p).sum().backward();
    expect(p.grad!.tolist()).toEqual([4, 6, 8]);
    expect(new torch.nn.Parameter(x, false).requiresGrad).toBe(false);
  });

  it('returns the same object where PyTorch does: in-place, out=, contiguous, to() without a change', () => {
    const x = torch.ones(2, 3);
    expect(x.add_(1)).toBe(x);
    expect(x.mul_(torch.full([3], 2))).toBe(x);
    const o = torch.empty(2, 3);
    expect(torch.add(x, x, { out: o })).toBe(o);
    expect(o.tolist()).toEqual([[8, 8, 8], [8, 8, 8]]);
    expect(x.contiguous()).toBe(x);
    const t = x.t();
    const c = t.contiguous();
    expect(c).not.toBe(t);
    expect(c.isContiguous()).toBe(true);
    expect(x.to('float32')).toBe(x);
    expect(x.to(torch.float32)).toBe(x);
    expect(x.float()).toBe(x);
    expect(x.to({ dtype: 'float32' })).toBe(x);
    expect(x.to('cpu')).toBe(x);
    expect(x.double()).not.toBe(x);
  });

  it('x.float() / x.to(dtype) give a new tensor of the right dtype and values, as Python', () => {
    const x = torch.tensor([0.5, 1.7, 2.5, 100.25, 3.999]);
    for (const n of DTYPES) {
      const y = x.to(n);
      expect(y.dtype, n).toBe(n);
      if (n !== 'float32') expect(y, n).not.toBe(x);
      expect(y.tolist(), n).toEqual(want.to[n]);
    }
    const i = torch.tensor([1n, -2n, 3n, 1n << 40n]);
    expect(i.dtype).toBe('int64');
    const f = i.float();
    expect(f).not.toBe(i);
    expect(f.dtype).toBe('float32');
    expect(f.tolist()).toEqual(want.float);
    expect(i.dtype).toBe('int64');
    expect(i.long()).toBe(i);
  });

  it('x.double() on a tensor that requires grad records ToCopyBackward0, as Python', () => {
    const w = torch.tensor([1.5, -2.0], { requiresGrad: true });
    const y = w.double();
    expect(y.dtype).toBe('float64');
    expect(y.gradFn!.name()).toBe(want.double.name);
    expect(w.float()).toBe(w);
    y.mul(y).sum().backward();
    expect(w.grad!.tolist()).toEqual(want.double.grad);
    expect(w.grad!.dtype).toBe(want.double.dtype);
  });
});

// Inputs that once crashed the process run in a child process, so that a regression fails these
// tests instead of taking the test worker down. Expected values and messages come from Python.
describe('identity: x.grad is x.grad, as in Python', () => {
  it('the same object while the gradient is the same tensor, a new one when it is replaced', () => {
    const want = oracle<Record<string, boolean>>('tensor', 'grad_identity');
    const x = torch.ones(3, { requiresGrad: true });
    const backward = (createGraph = false) => x.mul(x).sum().backward({ createGraph });
    backward();
    const a = x.grad!;
    const got: Record<string, boolean> = { twice: x.grad === x.grad };
    backward();
    got.afterSecondBackward = x.grad === a;
    x.grad!.zero_();
    got.afterZero_ = x.grad === a;
    const opt = new torch.optim.SGD([x], { lr: 0.1 });
    opt.step();
    got.afterStep = x.grad === a;
    opt.zeroGrad({ setToNone: false });
    got.afterZeroGradKeep = x.grad === a;
    opt.zeroGrad();
    got.afterZeroGrad = x.grad === null;
    backward();
    got.afterNewBackward = x.grad === a;
    const g = torch.zeros(3);
    x.grad = g;
    got.assigned = x.grad === g;
    x.grad = null;
    backward(true);
    const c = x.grad!;
    backward(true);
    got.outOfPlaceAccumulation = x.grad === c;
    got.data = x.data === x.data;
    const lin = new torch.nn.Linear(2, 3);
    got.parameter = lin.weight === lin.weight && [...lin.parameters()][0] === lin.weight;
    lin.forward(torch.ones(1, 2)).sum().backward();
    const w = lin.weight.grad;
    new torch.optim.SGD(lin.parameters(), { lr: 0.1 }).step();
    got.parameterGradAfterStep = lin.weight.grad === w;
    expect(got).toEqual(want);
  });

  it('dispose() of x.grad releases that object only: x keeps its gradient, the next read is a new object', () => {
    const x = torch.ones(2, { requiresGrad: true });
    x.mul(x).sum().backward();
    const g = x.grad!;
    g.dispose();
    const h = x.grad!;
    expect(h).not.toBe(g);
    expect(h.tolist()).toEqual([2, 2]);
    expect(x.grad).toBe(h);
    // An object made inside torch.tidy() is disposed with the scope; the next read makes another.
    x.grad = null;
    x.mul(x).sum().backward();
    const inside = torch.tidy(() => { const t = x.grad!; t.add(1); return null; });
    expect(inside).toBe(null);
    expect(x.grad!.isDisposed).toBe(false);
    expect(x.grad!.tolist()).toEqual([2, 2]);
  });

  it('the kept object lives with the gradient: x.grad = null lets it go', () => {
    const before = torch.memory({ collect: true }).numTensors;
    const x = torch.ones(3, { requiresGrad: true });
    x.mul(x).sum().backward();
    void x.grad;
    expect(torch.memory({ collect: true }).numTensors).toBe(before + 2);
    x.grad = null;
    expect(torch.memory({ collect: true }).numTensors).toBe(before + 1);
  });
});

describe('crash regressions (child process)', () => {
  let py: { resize: string; zeroStr: string; zeroTolist: string; neg: number[] };
  beforeAll(() => {
    py = oracle('tensor', 'crash_regressions');
  });

  it('dataView holds the storage: resize_ is refused as with numpy(), set_ leaves the view valid', () => {
    const [resized, set] = childJsonLines<any>(`
emit(attempt(() => { const x = torch.ones([1024]); const v = x.dataView();
  const e = attempt(() => x.resize_([1 << 22])); return [e, v.length, v.every((z) => z === 1), x.shape]; }));
emit(attempt(() => { const x = torch.ones([1024]); const v = x.dataView(); x.set_(torch.zeros([2])); gc();
  v.fill(3); return [v[0], x.shape, x.sum().item()]; }));`, { nodeArgs: ['--expose-gc'] });
    expect(resized).toEqual({ value: [{ error: { name: 'Error', message: py.resize } }, 1024, true, [1024]] });
    expect(set).toEqual({ value: [3, [2], 0] });
  });

  it('ZeroTensors and negative views: dataSync resolves them, tolist/dataView refuse with a message', () => {
    const [zSync, zStr, zList, zView, nSync, nView] = childJsonLines<any>(`
const z = torch.ops.aten._efficientzerotensor([4]);
emit(attempt(() => Array.from(z.dataSync())));
emit(attempt(() => String(z)));
emit(attempt(() => z.tolist()));
emit(attempt(() => z.dataView().length));
const n = torch.ops.aten._neg_view(torch.tensor([1, 2, 3]));
emit(attempt(() => Array.from(n.dataSync())));
emit(attempt(() => n.dataView().length));`);
    expect(zSync).toEqual({ value: [0, 0, 0, 0] });
    expect(zStr).toEqual({ value: py.zeroStr });
    expect(zList).toEqual({ error: { name: 'Error', message: py.zeroTolist } });
    expect(zView.error.name).toBe('Error');
    expect(zView.error.message).toMatch(/ZeroTensor/);
    expect(nSync).toEqual({ value: py.neg });
    expect(nView.error.name).toBe('Error');
    expect(nView.error.message).toMatch(/negative bit/);
  });
});

describe('meta tensors (child process)', () => {
  it("a huge meta tensor counts no memory (V8 aborted on its 2^62 'bytes') and prints as Python's", () => {
    const [printed, huge] = childJsonLines<string | boolean>(`
const r = torch.ops.aten.range(2, 1000000000000000, 1, { device: 'meta' });
emit(String(torch.empty([2, 3], { device: 'meta' })));
emit(String(r).startsWith("tensor(..., device='meta', size=("));`);
    expect(printed).toBe(oracle<string>('tensor', 'meta_str'));
    expect(huge).toBe(true);
  });
});

describe('Tensor conveniences: iteration, number conversion, type()', () => {
  const DTYPES = ['float32', 'float64', 'float16', 'bfloat16', 'int8', 'int16', 'int32', 'int64', 'uint8', 'bool',
    'complex64', 'complex128', 'uint16', 'uint32', 'uint64'] as const;
  interface Want {
    rows: number[][]; rowCount: number; vector: number[]; zeroDim: string;
    scalars: { float: number; bool: number; int: number }; notOne: string;
    typeNames: Record<string, string>; converted: { double: [string, number[]]; long: [string, number[]] }; invalid: string;
  }
  let want: Want;
  beforeAll(() => { want = oracle<Want>('tensor', 'conveniences', DTYPES); });
  const error = (fn: () => unknown): Error => { try { fn(); } catch (e) { return e as Error; } throw new Error('no error'); };

  it('iterates over the first dimension as Python\'s for row in x', () => {
    const x = torch.arange(6.0).reshape(3, 2);
    const rows: number[][] = [];
    for (const row of x) rows.push(row.tolist() as number[]);
    expect(rows).toEqual(want.rows);
    expect([...torch.zeros(4, 0)].length).toBe(want.rowCount);
    expect([...torch.tensor([1.5, -2.0])].map((v) => v.item())).toEqual(want.vector);
    const [first] = x;
    expect(first!.shape).toEqual([2]);
    const e = error(() => [...torch.tensor(1.0)]);
    expect(e).toBeInstanceOf(TypeError);
    expect(e.message).toBe(want.zeroDim);
  });

  it('converts a one-element tensor to a number with Number() and unary +, as Python\'s float()', () => {
    expect(Number(torch.tensor([[2.5]]))).toBe(want.scalars.float);
    expect(+torch.tensor([true])).toBe(want.scalars.bool);
    expect(+torch.tensor(7n)).toBe(want.scalars.int);
    expect((torch.tensor(0.5) as unknown as number) < 1).toBe(true);
    expect(Math.max(torch.tensor([3.0]) as unknown as number, 1)).toBe(3);
    const e = error(() => +torch.ones(2));
    expect(e).toBeInstanceOf(RangeError);
    expect(e.message).toBe(want.notOne);
    expect(error(() => Number(torch.ones(0))).message).toBe(want.notOne);
  });

  it('prints the tensor for the string and default hints', () => {
    const t = torch.tensor([1.0, 2.0]);
    const printed = t.toString();
    expect(printed).toBe('tensor([1., 2.])');
    expect(String(t)).toBe(printed);
    expect(`${t}`).toBe(printed);
    expect('x: ' + (t as unknown as string)).toBe(`x: ${printed}`);
    const one = torch.tensor([2.0]);
    expect((one as unknown as number) + 1).toBe('tensor([2.])1');
    expect(+one + 1).toBe(3);
  });

  it('type() gives Python\'s type names, type(dtype) converts', () => {
    expect(Object.fromEntries(DTYPES.map((d) => [d, torch.zeros(1, { dtype: d }).type()]))).toEqual(want.typeNames);
    const y = torch.tensor([1.5, -2.5]);
    expect(y.type('float32')).toBe(y);
    expect(y.type('torch.FloatTensor')).toBe(y);
    const d = y.type('float64');
    expect([`torch.${d.dtype}`, d.tolist()]).toEqual(want.converted.double);
    const l = y.type('torch.LongTensor');
    expect([`torch.${l.dtype}`, l.tolist()]).toEqual(want.converted.long);
    expect(y.type('torch.double' as never).dtype).toBe('float64');
    const e = error(() => y.type('foo' as never));
    expect(e).toBeInstanceOf(TypeError);
    expect(e.message).toBe(want.invalid);
    expect(error(() => y.type('torch.NopeTensor')).message).toBe("invalid type: 'torch.NopeTensor'");
    expect(error(() => y.type(3 as never))).toBeInstanceOf(TypeError);
  });
});
