// The static types of the generated API (checked by `npm run typecheck`, test/tsconfig.json), and the
// same calls at runtime. Lines marked @ts-expect-error must stay type errors.
import { describe, expect, it } from 'vitest';
import * as torch from '../../lib/index.js';
import { Tensor, type DType } from '../../lib/index.js';

class MyTensorBox extends Tensor {}

describe('types of the generated API', () => {
  it('derives return types from the schemas', () => {
    const x = torch.randn(3, 4);
    const m: Tensor = x.max();
    const [values, indices]: [Tensor, Tensor] = x.max(1);
    const pair: [Tensor, Tensor] = torch.sort(x, 0, { descending: true });
    const parts: Tensor[] = x.split(2);
    const isFloat: boolean = x.isFloatingPoint();
    const dtype: DType = torch.resultType(x, 1);
    const nz: Tensor[] = torch.where(x.gt(0));
    const mean: [Tensor, Tensor] = torch.stdMean(x, 1);
    expect(m.shape).toEqual([]);
    expect(values.shape).toEqual([3]);
    expect(indices.dtype).toBe('int64');
    expect(pair.length).toBe(2);
    expect(parts.length).toBe(2);
    expect(isFloat).toBe(true);
    expect(dtype).toBe('float32');
    expect(nz.length).toBe(2);
    expect(mean[0].shape).toEqual([3]);
  });

  it('types in-place methods as returning this', () => {
    const b = new MyTensorBox(torch.zeros(2));
    const same: MyTensorBox = b.add_(1).mul_(2).clamp_({ max: 3 });
    expect(same).toBe(b);
    expect(b.tolist()).toEqual([2, 2]);
  });

  it('accepts varargs sizes, lists, options and scalars', () => {
    const a: Tensor = torch.zeros(2, 3, { dtype: 'float64', requiresGrad: true });
    const b: Tensor = torch.ones([2, 3]);
    const c: Tensor = a.view(-1).reshape(3, 2).permute(1, 0).expand(2, 3);
    const d: Tensor = torch.sub(1, b).mul(2).div(b, { roundingMode: 'floor' }).pow(2);
    const e: Tensor = torch.where(b.gt(0), b, 0).clamp({ min: 0 }).sum({ dim: 1, keepdim: true });
    const f: Tensor = torch.cat([a, b], 1).std({ dim: 0, correction: 0 });
    const g: Tensor = torch.linear(b, torch.ones(4, 3), null).logSoftmax(1);
    const h: Tensor = torch.dropout(g, 0.3, false);
    const i: Tensor = torch.ops.aten._log_softmax(h, 1, false);
    const j: Tensor = torch.linalg.vectorNorm(i, 2, { dim: [0, 1] });
    expect(c.shape).toEqual([2, 3]);
    expect(d.shape).toEqual([2, 3]);
    expect(e.shape).toEqual([2, 1]);
    expect(f.shape).toEqual([6]);
    expect(j.shape).toEqual([]);
  });

  it('rejects what PyTorch rejects, at compile time', () => {
    const x = torch.ones(2, 2);
    // @ts-expect-error Python's Tensor has no linear method
    expect(() => x.linear(x)).toThrow(TypeError);
    // @ts-expect-error torch.add_ does not exist in Python either
    expect(() => torch.add_(x, 1)).toThrow(TypeError);
    // @ts-expect-error unknown keyword
    expect(() => x.sum({ dimm: 1 })).toThrow(TypeError);
    // @ts-expect-error not a dtype
    expect(() => torch.zeros(2, { dtype: 'float33' })).toThrow(TypeError);
    // @ts-expect-error maximum takes no number for a tensor, in Python as at run time here
    expect(() => torch.maximum(x, 0)).toThrow(TypeError);
    // @ts-expect-error private operators are only under torch.ops.aten
    expect(torch._log_softmax).toBeUndefined();
  });
});
