// Numbers given where PyTorch's Python API takes a Tensor go through the same overload Python
// picks (a wrapped-number Tensor), so backward nodes carry Python's names.
import { describe, expect, it } from 'vitest';
import * as torch from '../../lib/index.js';
import { oracle } from '../helpers/python.js';

describe('scalar arguments pick the overload Python picks', () => {
  it('names backward nodes as Python does', () => {
    const expected = oracle<Record<string, string>>('ops/scalar_overloads', 'backward_node_names');
    const x = torch.ones(2, { requiresGrad: true }).mul(1);
    const got: Record<string, string | undefined> = {
      mul: x.mul(2).gradFn?.name(), add: x.add(2).gradFn?.name(), sub: x.sub(2).gradFn?.name(),
      div: x.div(2).gradFn?.name(), rsub: torch.rsub(x, 2).gradFn?.name(), pow: x.pow(2).gradFn?.name(),
      add_: x.clone().add_(1).gradFn?.name(), addAlpha: torch.add(x, 2, { alpha: 2 }).gradFn?.name(),
      mulFloat: x.mul(2.5).gradFn?.name(), clamp: x.clamp({ min: 0 }).gradFn?.name(),
      remainder: x.remainder(2).gradFn?.name(), multiply: x.multiply(2).gradFn?.name(),
      subtract: x.subtract(2).gradFn?.name(), divide: x.divide(2).gradFn?.name(),
      trueDivide: x.trueDivide(2).gradFn?.name(), divideFloor: x.divide(2, { roundingMode: 'floor' }).gradFn?.name(),
      divTrunc: x.div(2, { roundingMode: 'trunc' }).gradFn?.name(), mul_: x.clone().mul_(2).gradFn?.name(),
      sub_: x.clone().sub_(2).gradFn?.name(),
    };
    expect(got).toEqual(expected);
  });

  it('keeps integer tensors integral with integral numbers, as Python ints do', () => {
    const i = torch.tensor([1n, 2n, 3n]);
    expect(i.add(1).dtype).toBe('int64');
    expect(i.mul(2).tolist()).toEqual([2, 4, 6]);
    expect(i.div(2).dtype).toBe('float32');
  });

  it('still reaches the C++-only Scalar overload by its qualified name', () => {
    expect(torch.ops.aten['add.Scalar']!(torch.ones(2), 2)).toBeDefined();
  });
});

describe('results that are an input unchanged', () => {
  it('are the same JS object, as in Python', () => {
    const c = torch.ones(2, 3);
    expect(c.contiguous()).toBe(c);
    expect(c.t().contiguous()).not.toBe(c);
  });
});

describe('integer arguments', () => {
  it('reject values outside int64 with a RangeError naming the argument', () => {
    expect(() => torch.ones(3).narrow(0, 1e20, 1)).toThrow(RangeError);
    expect(() => torch.ones(3).narrow(0, 1e20, 1)).toThrow(/start is outside the int64 range/);
  });
});
