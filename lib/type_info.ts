// torch.finfo / torch.iinfo (Python's torch/_C type info objects) and the math constants torch
// re-exports (torch.inf, torch.nan, torch.pi, torch.e). The limits are computed from each format's
// bit layout rather than read from LibTorch: every one is exact as a JS number (or a bigint).
import { normalizeDType, type DType } from './dtype.js';
import { dtypeInfo } from './generated/dtypes.js';

/** Positive infinity, as Python's `torch.inf`. @example torch.tensor([1, torch.inf]) */
export const inf: number = Infinity;
/** Not a number, as Python's `torch.nan`. @example torch.full([2], torch.nan) */
export const nan: number = NaN;
/** π, as Python's `torch.pi`. @example torch.tensor(torch.pi).sin() */
export const pi: number = Math.PI;
/** Euler's number, as Python's `torch.e`. @example torch.tensor(1).mul(torch.e) */
export const e: number = Math.E;

/** The floating point dtypes' layouts: mantissa bits stored, largest exponent, decimal digits. */
const FLOAT_FORMATS: Partial<Record<DType, { bits: number; mantissa: number; maxExp: number; digits: number }>> = {
  float16: { bits: 16, mantissa: 10, maxExp: 15, digits: 3 },
  bfloat16: { bits: 16, mantissa: 7, maxExp: 127, digits: 2 },
  float32: { bits: 32, mantissa: 23, maxExp: 127, digits: 6 },
  float64: { bits: 64, mantissa: 52, maxExp: 1023, digits: 15 },
};
/** A complex dtype's finfo is its components'. */
const COMPLEX_PARTS: Partial<Record<DType, DType>> = { complex64: 'float32', complex128: 'float64' };

/**
 * Python's `%g` (6 significant digits, C's round-half-even on the exact binary value, where JS's
 * toPrecision rounds ties up), as PyTorch's finfo/iinfo reprs print their numbers.
 */
function formatG(x: number): string {
  if (x === 0) return '0';
  if (!Number.isFinite(x)) return Number.isNaN(x) ? 'nan' : x > 0 ? 'inf' : '-inf';
  const [m, ex] = Math.abs(x).toExponential(100).split('e') as [string, string];
  const digits = m.replace('.', '');
  let exp = Number(ex);
  let head = digits.slice(0, 6);
  const rest = digits.slice(6);
  const up = rest[0]! > '5' || (rest[0] === '5' && (/[1-9]/.test(rest.slice(1)) || Number(head[5]) % 2 === 1));
  if (up) {
    head = String(Number(head) + 1);
    if (head.length > 6) { head = head.slice(0, 6); exp++; }
  }
  const strip = (f: string): string => f.replace(/0+$/, '');
  let out: string;
  if (exp < -4 || exp >= 6) {
    const frac = strip(head.slice(1));
    out = `${head[0]}${frac ? `.${frac}` : ''}e${exp < 0 ? '-' : '+'}${String(Math.abs(exp)).padStart(2, '0')}`;
  } else {
    const int = exp >= 0 ? head.slice(0, exp + 1) : '0';
    const frac = strip(exp >= 0 ? head.slice(exp + 1) : '0'.repeat(-exp - 1) + head);
    out = frac ? `${int}.${frac}` : int;
  }
  return x < 0 ? `-${out}` : out;
}

/**
 * The limits of a floating point dtype, as Python's `torch.finfo`.
 * @example torch.finfo(torch.float16).max // 65504
 */
export class FInfo {
  /** Bits the type occupies. */
  readonly bits: number;
  /** The difference between 1 and the next representable number. */
  readonly eps: number;
  /** The largest finite value. */
  readonly max: number;
  /** The most negative finite value (-max). */
  readonly min: number;
  /** The smallest positive normal number. */
  readonly tiny: number;
  /** The same as tiny. */
  readonly smallestNormal: number;
  /** The decimal resolution, 10 to the minus the number of exact decimal digits. */
  readonly resolution: number;
  /** The dtype these describe (a complex dtype's components' dtype). */
  readonly dtype: DType;

  /** @internal */
  constructor(dtype: DType) {
    const f = FLOAT_FORMATS[dtype]!;
    this.bits = f.bits;
    this.eps = 2 ** -f.mantissa;
    this.max = (2 - 2 ** -f.mantissa) * 2 ** f.maxExp;
    this.min = -this.max;
    this.tiny = 2 ** (1 - f.maxExp);
    this.smallestNormal = this.tiny;
    this.resolution = Number(`1e-${f.digits}`);
    this.dtype = dtype;
    Object.freeze(this);
  }

  /** Python's repr. @example String(torch.finfo(torch.float16)) */
  toString(): string {
    return `finfo(resolution=${formatG(this.resolution)}, min=${formatG(this.min)}, max=${formatG(this.max)}, eps=${formatG(this.eps)}, `
      + `smallest_normal=${formatG(this.smallestNormal)}, tiny=${formatG(this.tiny)}, dtype=${this.dtype})`;
  }
}

/**
 * The limits of an integer dtype, as Python's `torch.iinfo`. `min` and `max` are numbers, bigints
 * for int64 and uint64 (whose extremes no JS number holds exactly, and Python's are exact ints).
 * @example torch.iinfo(torch.int8).max // 127
 */
export class IInfo<T extends number | bigint = number | bigint> {
  /** Bits the type occupies. */
  readonly bits: number;
  /** The smallest value. */
  readonly min: T;
  /** The largest value. */
  readonly max: T;
  /** The dtype these describe. */
  readonly dtype: DType;

  /** @internal */
  constructor(dtype: DType) {
    const bits = dtypeInfo[dtype].itemsize * 8;
    const signed = dtypeInfo[dtype].kind === 'int';
    const min = signed ? -(1n << BigInt(bits - 1)) : 0n;
    const max = signed ? (1n << BigInt(bits - 1)) - 1n : (1n << BigInt(bits)) - 1n;
    this.bits = bits;
    this.min = (bits === 64 ? min : Number(min)) as T;
    this.max = (bits === 64 ? max : Number(max)) as T;
    this.dtype = dtype;
    Object.freeze(this);
  }

  /** Python's repr. @example String(torch.iinfo(torch.int8)) // 'iinfo(min=-128, max=127, dtype=int8)' */
  toString(): string {
    return `iinfo(min=${formatG(Number(this.min))}, max=${formatG(Number(this.max))}, dtype=${this.dtype})`;
  }
}

/**
 * Machine limits of a floating point (or complex) dtype, float32 when left out: Python's
 * `torch.finfo(type)`. Any other dtype is PyTorch's TypeError.
 * @example torch.finfo(torch.float32).eps // 1.1920928955078125e-7
 * @example torch.finfo('bfloat16').max // 3.3895313892515355e+38
 */
export function finfo(dtype: DType = 'float32'): FInfo {
  const d = normalizeDType(dtype);
  const f = COMPLEX_PARTS[d] ?? d;
  if (FLOAT_FORMATS[f] === undefined) {
    throw new TypeError("torch.finfo() requires a floating point input type. Use torch.iinfo to handle 'torch.finfo'");
  }
  return new FInfo(f);
}

/**
 * Machine limits of an integer dtype: Python's `torch.iinfo(type)`. int64 and uint64 give bigint
 * limits, the other integer dtypes numbers; bool, floating point and complex dtypes are
 * PyTorch's TypeErrors.
 * @example torch.iinfo(torch.int32).max // 2147483647
 * @example torch.iinfo(torch.int64).min // -9223372036854775808n
 */
export function iinfo(dtype: 'int64' | 'uint64'): IInfo<bigint>;
export function iinfo(dtype: 'int8' | 'int16' | 'int32' | 'uint8' | 'uint16' | 'uint32'): IInfo<number>;
export function iinfo(dtype: DType): IInfo;
export function iinfo(dtype: DType): IInfo {
  const d = normalizeDType(dtype);
  const kind = dtypeInfo[d].kind;
  if (kind === 'bool') throw new TypeError('torch.bool is not supported by torch.iinfo');
  if (kind !== 'int' && kind !== 'uint') {
    throw new TypeError("torch.iinfo() requires an integer input type. Use torch.finfo to handle 'torch.iinfo'");
  }
  return new IInfo(d);
}
