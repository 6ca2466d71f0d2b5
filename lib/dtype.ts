// dtypes and devices are strings, with constants beside them: torch.float32 === 'float32'.
import { describeValue } from './validate.js';

/** Every dtype a tensor can have. */
export type DType =
  | 'float16' | 'bfloat16' | 'float32' | 'float64'
  | 'int8' | 'int16' | 'int32' | 'int64' | 'uint8' | 'bool'
  | 'complex64' | 'complex128' | 'uint16' | 'uint32' | 'uint64';

/** 'cpu', 'cuda', 'cuda:N' (and any device string LibTorch parses). */
export type Device = 'cpu' | 'cuda' | `cuda:${number}` | (string & {});

export const float16 = 'float16' as const;
export const half = 'float16' as const;
export const bfloat16 = 'bfloat16' as const;
export const float32 = 'float32' as const;
export const float = 'float32' as const;
export const float64 = 'float64' as const;
export const double = 'float64' as const;
export const int8 = 'int8' as const;
export const int16 = 'int16' as const;
export const short = 'int16' as const;
export const int32 = 'int32' as const;
export const int = 'int32' as const;
export const int64 = 'int64' as const;
export const long = 'int64' as const;
export const uint8 = 'uint8' as const;
export const bool = 'bool' as const;

const ALIASES: Record<string, DType> = {
  float: 'float32', double: 'float64', half: 'float16', short: 'int16', int: 'int32', long: 'int64',
  cfloat: 'complex64', cdouble: 'complex128',
};
const DTYPES = new Set<string>([
  'float16', 'bfloat16', 'float32', 'float64', 'int8', 'int16', 'int32', 'int64', 'uint8', 'bool',
  'complex64', 'complex128', 'uint16', 'uint32', 'uint64',
]);

/** The canonical name of a dtype ('torch.float' and 'float' are 'float32'), or a TypeError naming `argName`. */
export function normalizeDType(value: unknown, argName = 'dtype'): DType {
  if (typeof value === 'string') {
    const key = value.startsWith('torch.') ? value.slice(6) : value;
    if (DTYPES.has(key)) return key as DType;
    if (key in ALIASES) return ALIASES[key]!;
  }
  throw new TypeError(`${argName} must be a dtype such as 'float32', 'int64' or 'bool' (got ${describeValue(value)})`);
}

export function isFloatingDType(d: DType): boolean {
  return d === 'float16' || d === 'bfloat16' || d === 'float32' || d === 'float64';
}
