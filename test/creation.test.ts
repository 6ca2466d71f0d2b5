// torch.tensor() inference, factories, tensors over JS memory, int64 beyond 2^53 and conversions.
// Values PyTorch computes are checked against Python live.
import { describe, expect, it, beforeAll } from 'vitest';
import * as torch from '../lib/index.js';
import { Tensor } from '../lib/index.js';
import { oracleBatch } from './helpers/python.js';
import { childJsonLines } from './helpers/child.js';

// Python's results for this file, computed in one python3 run (test/oracles/creation.py).
const oracle = oracleBatch<{
  inference: Record<string, Result>;
  integerOverflowMessages: string[];
  int64PlusOneStr: string;
  factories: Record<string, Result>;
  generatorFactories: Record<string, unknown>;
}>({
  inference: ['creation', 'inference'],
  integerOverflowMessages: ['creation', 'integer_overflow_messages'],
  // str(torch.tensor([2^60 + 3]) + 1), the `big` of 'int64 values beyond 2^53'
  int64PlusOneStr: ['creation', 'int64_plus_one_str', String((1n << 60n) + 3n)],
  factories: ['creation', 'factories'],
  generatorFactories: ['creation', 'generator_factories'],
});

interface Result { shape: number[]; dtype: string; values: unknown }
// JSON has no inf/nan: both sides spell them as strings.
const clean = (v: unknown): unknown =>
  Array.isArray(v) ? v.map(clean) : typeof v === 'number' && !Number.isFinite(v) ? (Number.isNaN(v) ? 'nan' : v > 0 ? 'inf' : '-inf') : v;
const R = (t: Tensor): Result => ({ shape: t.shape, dtype: t.dtype, values: clean(t.tolist()) });

describe('torch.tensor dtype inference', () => {
  // [name, JS data and options]; test/oracles/creation.py makes the same tensor under each name.
  const cases: [string, () => Tensor][] = [
    ['a number is a 0-dim float32', () => torch.tensor(0.5)],
    ['numbers are float32', () => torch.tensor([[1, 2], [3, 4]])],
    ['bigints are int64', () => torch.tensor([1n, -2n])],
    ['a bigint is a 0-dim int64', () => torch.tensor(3n)],
    ['booleans are bool', () => torch.tensor([true, false])],
    ['a boolean is a 0-dim bool', () => torch.tensor(true)],
    ['bool and bigint give int64', () => torch.tensor([true, 2n])],
    ['bool and number give float32', () => torch.tensor([true, 2.5])],
    ['bigint and number give float32', () => torch.tensor([1n, 2.5])],
    ['empty array', () => torch.tensor([])],
    ['empty rows', () => torch.tensor([[], []])],
    ['deeply empty', () => torch.tensor([[[]]])],
    ['Float64Array', () => torch.tensor(new Float64Array([1.5, 2]))],
    ['Float32Array', () => torch.tensor(new Float32Array([0.1]))],
    ['Int32Array', () => torch.tensor(new Int32Array([1, -2]))],
    ['Int16Array', () => torch.tensor(new Int16Array([7]))],
    ['Int8Array', () => torch.tensor(new Int8Array([-8]))],
    ['Uint8Array', () => torch.tensor(new Uint8Array([255, 0]))],
    ['Uint8ClampedArray', () => torch.tensor(new Uint8ClampedArray([9]))],
    ['BigInt64Array', () => torch.tensor(new BigInt64Array([5n]))],
    ['nested typed arrays keep their dtype', () => torch.tensor([new Int32Array([1, 2]), new Int32Array([3, 4])])],
    ['one-element tensors in arrays', () => torch.tensor([torch.tensor(1n), torch.tensor(2n)])],
    ['tensor and number', () => torch.tensor([torch.tensor(1), 2])],
    ['a tensor is copied', () => torch.tensor(torch.arange(3))],
    ['dtype int64 from numbers', () => torch.tensor([0, 2], { dtype: 'int64' })],
    ['int64 truncates', () => torch.tensor([1.5, -1.5], { dtype: 'int64' })],
    ['bool from numbers', () => torch.tensor([0.5, 0], { dtype: 'bool' })],
    ['float16 overflow is inf', () => torch.tensor([70000], { dtype: 'float16' })],
    ['bfloat16', () => torch.tensor([0.1, 3], { dtype: torch.bfloat16 })],
    ['float64 keeps doubles', () => torch.tensor([0.1, 1e300], { dtype: 'float64' })],
    ['float32 rounds doubles', () => torch.tensor([0.1, 1e40])],
    ['uint8 wraps negatives', () => torch.tensor([-1, -255], { dtype: 'uint8' })],
    ['int16 from bigints', () => torch.tensor([[300n, -2n]], { dtype: 'int16' })],
    ['dtype aliases', () => torch.tensor([1], { dtype: 'double' as torch.DType })],
  ];

  let expected: Record<string, Result> = {};
  beforeAll(() => {
    expected = oracle().inference;
  });

  it('has the same cases as its oracle', () => {
    expect(Object.keys(expected)).toEqual(cases.map((c) => c[0]));
  });

  cases.forEach(([name, js]) => {
    it(name, () => {
      const got = R(js());
      const want = expected[name]!;
      expect(got.shape).toEqual(want.shape);
      expect(got.dtype).toBe(want.dtype);
      expect(got.values).toEqual(want.values);
    });
  });

  it('rejects ragged and malformed data with PyTorch-like messages', () => {
    expect(() => torch.tensor([[1, 2], [3]])).toThrow(new RangeError('expected sequence of length 2 at dim 1 (got 1)'));
    expect(() => torch.tensor([[1, 2], [3, 4, 5]])).toThrow('expected sequence of length 2 at dim 1 (got 3)');
    expect(() => torch.tensor([[1, 2], 3] as never)).toThrow(/^not a sequence: expected a sequence of length 2 at dim 1 \(got number 3\)$/);
    expect(() => torch.tensor([1, [2]] as never)).toThrow(/data must hold numbers, booleans, bigints or one-element tensors \(got an array at dim 1\)/);
    expect(() => torch.tensor(['a'] as never)).toThrow(TypeError);
    expect(() => torch.tensor('a' as never)).toThrow(/tensor\(data\): data must be a number/);
    expect(() => torch.tensor([torch.ones(2)])).toThrow(/only one element tensors can be converted to scalars/);
    expect(() => torch.tensor([1], null as never)).toThrow(/options must be an object/);
    expect(() => torch.tensor([1], { dtype: 'float33' as torch.DType })).toThrow(/dtype must be a dtype/);
  });

  it('rejects values an integer dtype cannot hold, as PyTorch does', () => {
    const msgs = oracle().integerOverflowMessages;
    expect(() => torch.tensor([300], { dtype: 'uint8' })).toThrow(msgs[0]);
    expect(() => torch.tensor([NaN], { dtype: 'int64' })).toThrow(msgs[1]);
    expect(() => torch.tensor([1e10], { dtype: 'int32' })).toThrow(msgs[2]);
    expect(() => torch.tensor([-129], { dtype: 'int8' })).toThrow(msgs[3]);
    expect(() => torch.tensor([1n << 63n])).toThrow(new RangeError('value cannot be converted to type int64 without overflow'));
  });

  it('takes requiresGrad and device', () => {
    const w = torch.tensor([1.5, 2], { requiresGrad: true });
    expect(w.requiresGrad).toBe(true);
    expect(w.isLeaf).toBe(true);
    expect(torch.tensor([1], { device: 'cpu' }).device).toBe('cpu');
    expect(torch.tensor([1, 2], { device: 'meta' }).device).toBe('meta');
    expect(() => torch.tensor([1n], { requiresGrad: true })).toThrow('Only Tensors of floating point and complex dtype can require gradients');
    const copy = torch.tensor(w);
    expect(copy.requiresGrad).toBe(false);
    expect(copy.gradFn).toBe(null);
  });
});

describe('int64 values beyond 2^53', () => {
  const big = (1n << 60n) + 3n;
  it('item() throws a RangeError, itemBigInt() and dataSync() are exact', () => {
    const t = torch.tensor([big, -big]);
    expect(() => t.index([0]).item()).toThrow(RangeError);
    expect(() => t.index([0]).item()).toThrow(/itemBigInt/);
    expect(t.index([0]).itemBigInt()).toBe(big);
    expect(t.index([1]).itemBigInt()).toBe(-big);
    const d = t.dataSync();
    expect(d).toBeInstanceOf(BigInt64Array);
    expect([...(d as BigInt64Array)]).toEqual([big, -big]);
    expect(() => t.tolist()).toThrow(RangeError);
    expect(torch.tensor([(1n << 53n) - 1n]).index([0]).item()).toBe(Number.MAX_SAFE_INTEGER);
  });

  it('keeps them exact through operators', () => {
    const t = torch.tensor([big]).add(torch.tensor([1n]));
    expect(t.index([0]).itemBigInt()).toBe(big + 1n);
    expect(oracle().int64PlusOneStr).toBe(String(t));
  });
});

describe('factories', () => {
  // [name, JS call]; test/oracles/creation.py makes the same tensor under each name.
  const cases: [string, () => Tensor][] = [
    ['zeros varargs', () => torch.zeros(2, 3)],
    ['zeros array', () => torch.zeros([2, 3])],
    ['zeros dtype', () => torch.zeros(2, { dtype: 'int32' })],
    ['zeros 0-dim', () => torch.zeros([])],
    ['ones', () => torch.ones(3, 1, { dtype: torch.float64 })],
    ['full int', () => torch.full([2, 2], 7)],
    ['full float', () => torch.full([2], 7.5)],
    ['full bool', () => torch.full([2], true)],
    ['full dtype', () => torch.full([2], 7, { dtype: 'float32' })],
    ['arange(n)', () => torch.arange(5)],
    ['arange(start, end, step)', () => torch.arange(-3, 3, 2)],
    ['arange float step', () => torch.arange(0, 1, 0.25)],
    ['arange dtype', () => torch.arange(4, { dtype: 'float64' })],
    ['linspace', () => torch.linspace(0, 1, 5)],
    ['linspace keyword', () => torch.linspace(-1, 1, { steps: 4, dtype: 'float64' })],
    ['eye', () => torch.eye(3)],
    ['eye rectangular', () => torch.eye(2, 3, { dtype: 'int64' })],
    ['zerosLike', () => torch.zerosLike(torch.ones(2, 2, { dtype: 'int32' }))],
    ['onesLike dtype', () => torch.onesLike(torch.zeros(3), { dtype: 'bool' })],
    ['fullLike', () => torch.fullLike(torch.zeros(2, 1), 3.25)],
    ['method onesLike on tensors', () => torch.zeros(2).newOnes([3])],
  ];
  let expected: Record<string, Result> = {};
  beforeAll(() => {
    expected = oracle().factories;
  });
  it('has the same cases as its oracle', () => {
    expect(Object.keys(expected)).toEqual(cases.map((c) => c[0]));
  });
  cases.forEach(([name, js]) => {
    it(name, () => {
      expect(R(js())).toEqual(expected[name]);
    });
  });

  it('empty, rand, randn, randint, randperm and the *Like variants give the right sizes and dtypes', () => {
    expect(torch.empty(2, 3).shape).toEqual([2, 3]);
    expect(torch.empty([4], { dtype: 'int8' }).dtype).toBe('int8');
    const r = torch.rand(3, 4);
    expect(r.shape).toEqual([3, 4]);
    expect((r.flatten().tolist() as number[]).every((v) => v >= 0 && v < 1)).toBe(true);
    expect(torch.rand([2], { dtype: 'float64' }).dtype).toBe('float64');
    expect(torch.randn(5).shape).toEqual([5]);
    const ri = torch.randint(0, 10, [3, 2]);
    expect(ri.dtype).toBe('int64');
    expect(ri.shape).toEqual([3, 2]);
    expect((ri.flatten().tolist() as number[]).every((v) => Number.isInteger(v) && v >= 0 && v < 10)).toBe(true);
    expect(torch.randint(5, [4]).shape).toEqual([4]);
    expect(torch.randint(5, [4], { dtype: 'int32' }).dtype).toBe('int32');
    const p = torch.randperm(6).tolist() as number[];
    expect([...p].sort()).toEqual([0, 1, 2, 3, 4, 5]);
    const base = torch.zeros(2, 3, { dtype: 'float64' });
    expect(torch.randLike(base).dtype).toBe('float64');
    expect(torch.randnLike(base).shape).toEqual([2, 3]);
    expect(torch.randLike(base, { dtype: 'float32' }).dtype).toBe('float32');
    expect(torch.randintLike(base, 10).shape).toEqual([2, 3]);
  });

  it('takes requiresGrad, device and generator options', () => {
    const w = torch.randn(2, 2, { requiresGrad: true });
    expect(w.requiresGrad).toBe(true);
    expect(w.isLeaf).toBe(true);
    expect(torch.zeros(2, { requiresGrad: true }).requiresGrad).toBe(true);
    expect(torch.ones(2, { device: 'cpu' }).device).toBe('cpu');
    expect(torch.zeros(2, { device: 'meta' }).device).toBe('meta');
    const a = torch.rand(4, { generator: new torch.Generator().manualSeed(3) }).tolist();
    const b = torch.rand(4, { generator: new torch.Generator().manualSeed(3) }).tolist();
    expect(a).toEqual(b);
  });

  it('every factory takes sizes as varargs or an array, and requiresGrad', () => {
    const pairs: [string, Tensor, Tensor][] = [
      ['zeros', torch.zeros(2, 3), torch.zeros([2, 3])],
      ['ones', torch.ones(2, 3), torch.ones([2, 3])],
      ['empty', torch.empty(2, 3), torch.empty([2, 3])],
      ['rand', torch.rand(2, 3), torch.rand([2, 3])],
      ['randn', torch.randn(2, 3), torch.randn([2, 3])],
    ];
    for (const [name, a, b] of pairs) {
      expect(a.shape, name).toEqual([2, 3]);
      expect(b.shape, name).toEqual([2, 3]);
    }
    const grads: [string, Tensor][] = [
      ['zeros', torch.zeros(2, { requiresGrad: true })], ['ones', torch.ones([2], { requiresGrad: true })],
      ['empty', torch.empty(2, { requiresGrad: true })], ['full', torch.full([2], 1.5, { requiresGrad: true })],
      ['arange', torch.arange(0, 3, 0.5, { requiresGrad: true })], ['linspace', torch.linspace(0, 1, 3, { requiresGrad: true })],
      ['eye', torch.eye(2, { requiresGrad: true })], ['rand', torch.rand(2, { requiresGrad: true })],
      ['randn', torch.randn([2], { requiresGrad: true })], ['zerosLike', torch.zerosLike(torch.ones(2), { requiresGrad: true })],
      ['onesLike', torch.onesLike(torch.ones(2), { requiresGrad: true })], ['fullLike', torch.fullLike(torch.ones(2), 2, { requiresGrad: true })],
      ['randLike', torch.randLike(torch.ones(2), { requiresGrad: true })], ['randnLike', torch.randnLike(torch.ones(2), { requiresGrad: true })],
    ];
    for (const [name, t] of grads) {
      expect(t.requiresGrad, name).toBe(true);
      expect(t.isLeaf, name).toBe(true);
    }
  });

  it('generator options give Python\'s numbers for every random factory', () => {
    const want = oracle().generatorFactories;
    const g = new torch.Generator().manualSeed(1);
    const got: Record<string, unknown> = {
      rand: torch.rand(2, 2, { generator: g }).tolist(),
      randn: torch.randn(3, { generator: g }).tolist(),
      randint: torch.randint(0, 9, [4], { generator: g }).tolist(),
      randperm: torch.randperm(5, { generator: g }).tolist(),
      rand_like: torch.randLike(torch.zeros(2), { generator: g }).tolist(),
      randn_like: torch.randnLike(torch.zeros(2), { generator: g }).tolist(),
      randint_like: torch.randintLike(torch.zeros(2), 5, { generator: g }).tolist(),
    };
    for (const key of Object.keys(want)) {
      const w = (want[key] as unknown[]).flat() as number[];
      const v = (got[key] as unknown[]).flat() as number[];
      expect(v.length, key).toBe(w.length);
      v.forEach((x, i) => expect(x, key).toBeCloseTo(w[i]!, 6));
    }
  });

  it('rejects bad sizes with an error', () => {
    expect(() => torch.zeros(-1)).toThrow();
    expect(() => torch.zeros('a' as never)).toThrow(TypeError);
  });
});

describe('tensors over JS memory', () => {
  it('fromTypedArray shares memory both ways by default', () => {
    const a = new Float32Array([1, 2, 3, 4]);
    const t = torch.fromTypedArray(a, { shape: [2, 2] });
    expect(t.shape).toEqual([2, 2]);
    expect(t.dtype).toBe('float32');
    a[0] = 10;
    expect(t.index([0, 0]).item()).toBe(10);
    t.index([1]).fill_(-1);
    expect([...a]).toEqual([10, 2, -1, -1]);
  });

  it('fromTypedArray with share: false copies', () => {
    const a = new Int32Array([1, 2, 3]);
    const t = torch.fromTypedArray(a, { share: false });
    a[0] = 100;
    expect(t.dtype).toBe('int32');
    expect(t.tolist()).toEqual([1, 2, 3]);
  });

  it('fromTypedArray respects the view offset and reinterprets same-size dtypes', () => {
    const buf = new Float64Array([0, 1, 2, 3, 4]);
    const sub = buf.subarray(2);
    expect(torch.fromTypedArray(sub).tolist()).toEqual([2, 3, 4]);
    const bits = new Int32Array([0x3f800000]);
    expect(torch.fromTypedArray(bits, { dtype: 'float32' }).tolist()).toEqual([1]);
    const big = new BigInt64Array([1n << 60n]);
    expect(torch.fromTypedArray(big).index([0]).itemBigInt()).toBe(1n << 60n);
  });

  it('fromTypedArray validates its arguments', () => {
    expect(() => torch.fromTypedArray([1, 2] as never)).toThrow(TypeError);
    expect(() => torch.fromTypedArray(new Float32Array(3), { shape: [2, 2] })).toThrow(RangeError);
    expect(() => torch.fromTypedArray(new Float32Array(3), { shape: [1.5] })).toThrow(/shape must be an array of non-negative integers/);
    expect(() => torch.fromTypedArray(new Float32Array(3), { dtype: 'float64' })).toThrow(/4-byte elements/);
  });

  it('the tensor keeps the memory alive after the array is dropped', () => {
    let t: Tensor;
    {
      const a = new Float64Array(1000).fill(2.5);
      t = torch.fromTypedArray(a);
    }
    const g = (globalThis as { gc?: () => void }).gc;
    if (g) g();
    expect(t.sum().item()).toBe(2500);
  });

  it('fromBuffer shares a Buffer\'s bytes', () => {
    const buf = Buffer.from([1, 2, 3, 4, 5, 6, 7, 8]);
    const t = torch.fromBuffer(buf);
    expect(t.dtype).toBe('uint8');
    expect(t.tolist()).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    buf[0] = 42;
    expect(t.index([0]).item()).toBe(42);
    const f = torch.fromBuffer(Buffer.from(new Float32Array([1.5, -2]).buffer), { dtype: 'float32' });
    expect(f.tolist()).toEqual([1.5, -2]);
    expect(torch.fromBuffer(buf, { shape: [2, 4] }).narrow(1, 1, 2).tolist()).toEqual([[2, 3], [6, 7]]);
    expect(() => torch.fromBuffer(buf.subarray(1, 5), { dtype: 'float32' })).toThrow(RangeError);
    expect(() => torch.fromBuffer(new Float32Array(2) as never)).toThrow(TypeError);
    expect(() => torch.fromBuffer(Buffer.alloc(4), { shape: [1000000] })).toThrow(new RangeError('fromBuffer(): shape [1000000] needs 1000000 bytes but the buffer holds 4'));
    expect(() => torch.fromBuffer(Buffer.alloc(4), { shape: [-1] })).toThrow(TypeError);
  });

  it('dataView is zero-copy and outlives the tensor', () => {
    const t = torch.arange(4, { dtype: 'float32' });
    const v = t.dataView() as Float32Array;
    expect(v).toBeInstanceOf(Float32Array);
    v[1] = 7;
    expect(t.index([1]).item()).toBe(7);
    t.add_(1);
    expect([...v]).toEqual([1, 8, 3, 4]);
    t.dispose();
    expect([...v]).toEqual([1, 8, 3, 4]);
    expect(torch.tensor([1n, 2n]).dataView()).toBeInstanceOf(BigInt64Array);
    expect(torch.tensor([true]).dataView()).toBeInstanceOf(Uint8Array);
  });

  it('dataView refuses non-contiguous tensors; dataSync copies', () => {
    const m = torch.arange(6, { dtype: 'float32' }).view(2, 3).t();
    expect(() => m.dataView()).toThrow(/not contiguous/);
    const d = m.dataSync() as Float32Array;
    expect([...d]).toEqual([0, 3, 1, 4, 2, 5]);
    d[0] = 99;
    expect(m.index([0, 0]).item()).toBe(0);
    expect(torch.ones(2, { dtype: 'float16' }).dataSync()).toBeInstanceOf(Float32Array);
  });
});

describe('conversions', () => {
  it('to / float / double / long / int / bool / cpu', () => {
    const x = torch.tensor([1.7, -2.2, 0]);
    expect(x.to('float64').dtype).toBe('float64');
    expect(x.to(torch.float16).dtype).toBe('float16');
    expect(x.to({ dtype: 'int32' }).tolist()).toEqual([1, -2, 0]);
    expect(x.to({ device: 'cpu', dtype: 'float64' }).dtype).toBe('float64');
    expect(x.to(torch.zeros(1, { dtype: 'int64' })).dtype).toBe('int64');
    expect(x.double().dtype).toBe('float64');
    expect(x.long().tolist()).toEqual([1, -2, 0]);
    expect(x.int().dtype).toBe('int32');
    expect(x.bool().tolist()).toEqual([true, true, false]);
    expect(x.long().float().dtype).toBe('float32');
    expect(x.cpu().device).toBe('cpu');
    // Unchanged dtype/device: the same tensor, as in PyTorch.
    expect(x.to('float32')).toBe(x);
    expect(x.float()).toBe(x);
    expect(x.cpu()).toBe(x);
    expect(x.to('float32', { copy: true })).not.toBe(x);
    expect(() => x.to(5 as never)).toThrow(TypeError);
  });

  it('contiguous, clone and detach', () => {
    const x = torch.arange(6, { dtype: 'float32' }).view(2, 3);
    const t = x.t();
    expect(t.isContiguous()).toBe(false);
    const c = t.contiguous();
    expect(c.isContiguous()).toBe(true);
    expect(c.tolist()).toEqual(t.tolist());
    const same = x.contiguous();
    same.index([0, 0]).fill_(5);
    expect(x.index([0, 0]).item()).toBe(5);

    const w = torch.ones(3, { requiresGrad: true });
    const k = w.clone();
    expect(k.gradFn?.name()).toBe('CloneBackward0');
    k.detach().fill_(0);
    expect(w.tolist()).toEqual([1, 1, 1]);
    const d = w.detach();
    expect(d.requiresGrad).toBe(false);
    d.mul_(2);
    expect(w.tolist()).toEqual([2, 2, 2]);
  });
});

// Inputs that once crashed the process (or read past a buffer) run in a child process, so that a
// regression fails these tests instead of taking the test worker down.
describe('crash regressions (child process)', () => {
  it('typed-array lengths come from V8, never from a lying length property or getter', () => {
    const [tensorBig, fromBig, small, lyingShape, lyingNoShape, lyingTensor] = childJsonLines<any>(`
const lying = (n) => { const a = new Float32Array(n); Object.defineProperty(a, 'length', { value: 1 << 26 }); return a; };
emit(attempt(() => { const t = torch.tensor(lying(2)); return [t.shape, t.sum().item()]; }));
emit(attempt(() => torch.fromTypedArray(lying(2)).shape));
// A smaller fake length: the data is still V8's 2 elements (and no heap bytes beyond them).
emit(attempt(() => { const a = new Float32Array([5, 6]); Object.defineProperty(a, 'length', { value: 1 });
  return [Array.from(torch.tensor(a).dataSync()), Array.from(torch.fromTypedArray(a).dataSync())]; }));
class Lying extends Float32Array { get length() { return 1 << 26; } get byteLength() { return 1 << 28; } }
emit(attempt(() => torch.fromTypedArray(new Lying(2), { shape: [1 << 26] }).shape));
emit(attempt(() => torch.fromTypedArray(new Lying(2)).shape));
emit(attempt(() => torch.tensor(new Lying(2)).shape));`);
    expect(tensorBig).toEqual({ value: [[2], 0] });
    expect(fromBig).toEqual({ value: [2] });
    expect(small).toEqual({ value: [[5, 6], [5, 6]] });
    expect(lyingShape.error.name).toBe('RangeError');
    expect(lyingShape.error.message).toMatch(/bytes/);
    expect(lyingNoShape).toEqual({ value: [2] });
    expect(lyingTensor).toEqual({ value: [2] });
  });

  it('resizable, transferred and detached ArrayBuffers', () => {
    const [resizable, copied, transferred, detached] = childJsonLines<any>(`
emit(attempt(() => torch.fromTypedArray(new Float32Array(new ArrayBuffer(1 << 20, { maxByteLength: 1 << 24 }))).shape));
emit(attempt(() => { const ab = new ArrayBuffer(1 << 20, { maxByteLength: 1 << 24 }); new Float32Array(ab).fill(1);
  const t = torch.fromTypedArray(new Float32Array(ab), { share: false }); ab.resize(0); return t.sum().item(); }));
// The tensor keeps the transferred memory alive; the new owner sees its writes.
emit(attempt(() => { const ab = new ArrayBuffer(1 << 20); const t = torch.fromTypedArray(new Float32Array(ab));
  const ab2 = structuredClone(ab, { transfer: [ab] }); gc(); t.fill_(3); return [t.sum().item(), new Float32Array(ab2)[0]]; }));
emit(attempt(() => { const ab = new ArrayBuffer(16); const a = new Float32Array(ab); structuredClone(ab, { transfer: [ab] });
  return torch.fromTypedArray(a).shape; }));`, { nodeArgs: ['--expose-gc'] });
    expect(resizable.error.name).toBe('TypeError');
    expect(resizable.error.message).toMatch(/resizable/);
    expect(copied).toEqual({ value: (1 << 18) });
    expect(transferred).toEqual({ value: [786432, 3] });
    expect(detached.error.name).toBe('TypeError');
    expect(detached.error.message).toMatch(/detached/);
  });

  it('shared JS memory is released without backward(): 10,000 fromTypedArray tensors of 1 MB', () => {
    // Without a leak arrayBuffers ends near 0 MB and peaks at a few MB (dispose or drop alike); a
    // leak would hold 1 MB per tensor. The child stops as soon as the bound is passed, so a
    // regression does not pile up 10 GB.
    const bound = 200e6;
    const [res] = childJsonLines<{ dispose: number; drop: number; failedAt: number | null }>(`
let failedAt = null;
const run = (dispose) => {
  for (let i = 0; i < 10000 && failedAt === null; i++) {
    const t = torch.fromTypedArray(new Float32Array(1 << 18));
    if (dispose) t.dispose();
    if (i % 100 === 0 && process.memoryUsage().arrayBuffers > ${bound}) { gc(); if (process.memoryUsage().arrayBuffers > ${bound}) failedAt = i; }
  }
  gc();
  return process.memoryUsage().arrayBuffers;
};
emit({ dispose: run(true), drop: run(false), failedAt });`, { nodeArgs: ['--expose-gc'] });
    expect(res!.failedAt).toBeNull();
    expect(res!.dispose).toBeLessThan(bound);
    expect(res!.drop).toBeLessThan(bound);
  });
});

// A sparse array costs nothing to make, yet walking it by index up to `length` takes billions of
// steps: fromTypedArray's shape ran for minutes. In a child with a time limit, so that a
// regression fails here instead of hanging the run.
describe('sparse arrays (child process)', () => {
  it('torch.tensor, fromTypedArray and fromBuffer stop at the first hole, and say so', () => {
    type Attempt = { value?: unknown; error?: { name: string; message: string } };
    const results = childJsonLines<Attempt>(`
const sparse = () => Object.assign([], { length: 2 ** 32 - 1 });
const late = (a) => { a.length = 2 ** 32 - 1; return a; };
const t0 = Date.now();
emit(attempt(() => torch.tensor(sparse())));
emit(attempt(() => torch.tensor(late([1, 2, 3]))));
emit(attempt(() => torch.tensor(late([[1], [2]]))));
emit(attempt(() => torch.tensor([[1, 2], late([3, 4])])));
emit(attempt(() => torch.tensor([1, , 3])));
emit(attempt(() => torch.fromTypedArray(new Float32Array(4), { shape: sparse() })));
emit(attempt(() => torch.fromBuffer(new Uint8Array(4), { shape: late([2]) })));
emit(attempt(() => torch.tensor([1, undefined, 3])));
emit(Date.now() - t0);
`, { timeoutMs: 20_000 });
    const hole = (at: string, index: number, length: number) =>
      ({ name: 'TypeError', message: `${at}: the array has a hole at index ${index} (a sparse array of length ${length}); arrays must be dense` });
    expect(results.slice(0, 7).map((r) => r.error)).toEqual([
      hole('tensor(): data at dim 0', 0, 2 ** 32 - 1),
      hole('tensor(): data at dim 0', 3, 2 ** 32 - 1),
      hole('tensor(): data at dim 0', 2, 2 ** 32 - 1),
      // The shape comes from the first row: the second is longer than it.
      { name: 'RangeError', message: `expected sequence of length 2 at dim 1 (got ${2 ** 32 - 1})` },
      hole('tensor(): data at dim 0', 1, 3),
      hole('fromTypedArray(): shape', 0, 2 ** 32 - 1),
      hole('fromBuffer(): shape', 1, 2 ** 32 - 1),
    ]);
    // A stored undefined is no hole: the message it always had.
    expect(results[7]!.error).toEqual({ name: 'TypeError', message: 'tensor(): data must hold numbers, booleans, bigints or one-element tensors (got undefined at dim 1)' });
    expect(results[8]).toBeLessThan(5000);
  }, 30_000);
});

describe('each element read once', () => {
  it('torch.tensor reads every element once, the first ones too (a getter cannot answer twice)', () => {
    const counted = (value: number, counter: { n: number }): number[] => {
      const a = [value, 2];
      Object.defineProperty(a, 0, { get() { counter.n++; return counter.n === 1 ? value : 'changed'; } });
      return a;
    };
    for (const [data, expected] of [
      [(c: { n: number }) => [counted(7, c), [1, 2]], [[7, 2], [1, 2]]],
      [(c: { n: number }) => [[1, 2], counted(7, c)], [[1, 2], [7, 2]]],
      [(c: { n: number }) => [[counted(7, c)]], [[[7, 2]]]],
    ] as [(c: { n: number }) => unknown, unknown][]) {
      const c = { n: 0 };
      expect(torch.tensor(data(c) as number[][]).tolist()).toEqual(expected);
      expect(c.n).toBe(1);
    }
  });
});
