import { describe, expect, it } from 'vitest';
import * as torch from '../lib/index.js';
import { python } from './helpers/python.js';

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
    const expected = python<number[][]>('torch.manual_seed(0); print(json.dumps(torch.randn(2, 3).tolist()))');
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
