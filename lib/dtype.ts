// dtypes and devices are strings, with constants beside them: torch.float32 === 'float32'. The
// dtypes themselves (names, aliases, item sizes, classes) are native/dtypes.def, the table native
// code compiles in, generated into lib/generated/dtypes.ts by codegen/.
import { describeValue } from './validate.js';
import { dtypeAliases, dtypeInfo, type DType } from './generated/dtypes.js';

export type { DType } from './generated/dtypes.js';
export * from './generated/dtype_constants.js';

/** A device: a string ('cpu', 'cuda', 'cuda:N', any device string LibTorch parses) or a torch.device. */
export type { Device, DeviceName } from './device.js';

const hasOwn = (o: object, key: string): boolean => Object.prototype.hasOwnProperty.call(o, key);

/**
 * The canonical name of a dtype ('torch.float' and 'float' are 'float32'), or a TypeError naming `argName`.
 * @example torch.normalizeDType('torch.float') // 'float32'
 */
export function normalizeDType(value: unknown, argName = 'dtype'): DType {
  if (typeof value === 'string') {
    const key = value.startsWith('torch.') ? value.slice(6) : value;
    if (hasOwn(dtypeInfo, key)) return key as DType;
    if (hasOwn(dtypeAliases, key)) return dtypeAliases[key]!;
  }
  throw new TypeError(`${argName} must be a dtype such as 'float32', 'int64' or 'bool' (got ${describeValue(value)})`);
}

/** Whether a dtype is a floating point type, as Python's dtype.is_floating_point. @example isFloatingDType('float16') // true */
export function isFloatingDType(d: DType): boolean {
  return hasOwn(dtypeInfo, d) && dtypeInfo[d].kind === 'float';
}
