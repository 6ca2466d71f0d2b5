// torch.finfo / torch.iinfo and the constants torch.inf, torch.nan, torch.pi, torch.e, against
// Python PyTorch.
import { describe, it, expect } from 'vitest';
import * as torch from '../lib/index.js';
import type { DType } from '../lib/index.js';
import { oracleBatch } from './helpers/python.js';

const FLOATS = ['float16', 'bfloat16', 'float32', 'float64', 'complex64', 'complex128'] as const;
const INTS = ['int8', 'int16', 'int32', 'int64', 'uint8', 'uint16', 'uint32', 'uint64'] as const;

interface FInfoWant { bits: number; eps: number; max: number; min: number; tiny: number; smallestNormal: number; resolution: number; dtype: string; str: string }
interface IInfoWant { bits: number; min: string; max: string; dtype: string; str: string }
const py = oracleBatch<{
  constants: { inf: string; pi: number; e: number; nanIsNan: boolean };
  finfo: Record<string, FInfoWant>;
  iinfo: Record<string, IInfoWant>;
  errors: Record<string, string>;
}>({
  constants: ['type_info', 'constants'],
  finfo: ['type_info', 'finfo', FLOATS],
  iinfo: ['type_info', 'iinfo', INTS],
  errors: ['type_info', 'errors'],
});

const message = (fn: () => unknown): string => {
  try { fn(); } catch (e) { expect(e).toBeInstanceOf(TypeError); return (e as Error).message; }
  return '<no error>';
};

describe('constants', () => {
  it('are Python\'s torch.inf, torch.nan, torch.pi, torch.e', () => {
    const want = py().constants;
    expect(want.inf).toBe('inf');
    expect(torch.inf).toBe(Infinity);
    expect(want.nanIsNan).toBe(true);
    expect(Number.isNaN(torch.nan)).toBe(true);
    expect(torch.pi).toBe(want.pi);
    expect(torch.e).toBe(want.e);
  });
});

describe('finfo', () => {
  it.each(FLOATS)('%s has PyTorch\'s fields and repr', (name) => {
    const want = py().finfo[name]!;
    const f = torch.finfo(name);
    expect({
      bits: f.bits, eps: f.eps, max: f.max, min: f.min, tiny: f.tiny, smallestNormal: f.smallestNormal,
      resolution: f.resolution, dtype: f.dtype, str: String(f),
    }).toEqual(want);
    expect(Object.isFrozen(f)).toBe(true);
  });

  it('defaults to float32 and takes aliases', () => {
    expect(torch.finfo().eps).toBe(py().finfo.float32!.eps);
    expect(torch.finfo('torch.half' as DType).max).toBe(py().finfo.float16!.max);
  });

  it("gives PyTorch's TypeError for a dtype of another kind", () => {
    const want = py().errors;
    expect(message(() => torch.finfo(torch.int32))).toBe(want.finfoInt);
    expect(message(() => torch.finfo(torch.bool))).toBe(want.finfoBool);
    expect(message(() => torch.finfo('float8' as DType))).toMatch(/dtype must be a dtype/);
  });
});

describe('iinfo', () => {
  it.each(INTS)('%s has PyTorch\'s fields and repr', (name) => {
    const want = py().iinfo[name]!;
    const i = torch.iinfo(name);
    const wide = name === 'int64' || name === 'uint64';
    // int64 and uint64 limits are exact bigints, the others numbers.
    expect(typeof i.min).toBe(wide ? 'bigint' : 'number');
    expect(typeof i.max).toBe(wide ? 'bigint' : 'number');
    expect({ bits: i.bits, min: String(i.min), max: String(i.max), dtype: i.dtype, str: String(i) }).toEqual(want);
  });

  it('agrees with what tensors of the dtype hold at the limits', () => {
    expect(torch.tensor([torch.iinfo('int32').max], { dtype: 'int32' }).add(1).item()).toBe(torch.iinfo('int32').min);
    expect(torch.tensor([torch.iinfo('int64').max]).itemBigInt()).toBe(torch.iinfo('int64').max);
  });

  it("gives PyTorch's TypeError for a dtype of another kind", () => {
    const want = py().errors;
    expect(message(() => torch.iinfo(torch.float32))).toBe(want.iinfoFloat);
    expect(message(() => torch.iinfo(torch.complex64))).toBe(want.iinfoComplex);
    expect(message(() => torch.iinfo(torch.bool))).toBe(want.iinfoBool);
  });
});
