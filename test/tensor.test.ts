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
