// Helpers of nn alone: Python's repr of numbers and tuples (module printing must match PyTorch's
// text exactly), the loss reduction enum, and the name check of the abstract bases. Argument
// parsing and checks shared with the rest of the library are in lib/validate.ts.
import { describeValue } from '../validate.js';

/** Python's repr of a float: `1e-05`, `0.1`, `1.0`, `20.0`, `inf`. @internal */
export function pyFloat(x: number): string {
  if (Number.isNaN(x)) return 'nan';
  if (x === Infinity) return 'inf';
  if (x === -Infinity) return '-inf';
  if (x === 0) return Object.is(x, -0) ? '-0.0' : '0.0';
  const [mantissa, expStr] = x.toExponential().split('e') as [string, string];
  const exp = Number(expStr);
  if (exp < -4 || exp >= 16) {
    const sign = exp < 0 ? '-' : '+';
    const digits = String(Math.abs(exp)).padStart(2, '0');
    return `${mantissa}e${sign}${digits}`;
  }
  const neg = mantissa.startsWith('-');
  const digits = mantissa.replace('-', '').replace('.', '');
  let s: string;
  if (exp >= 0) {
    s = digits.length > exp + 1 ? `${digits.slice(0, exp + 1)}.${digits.slice(exp + 1)}` : `${digits.padEnd(exp + 1, '0')}.0`;
  } else {
    s = `0.${'0'.repeat(-exp - 1)}${digits}`;
  }
  return neg ? `-${s}` : s;
}

/** Python's repr of an int, bool, null, string, or tuple (arrays print as tuples). @internal */
export function pyRepr(v: unknown): string {
  if (v === null || v === undefined) return 'None';
  if (typeof v === 'boolean') return v ? 'True' : 'False';
  if (typeof v === 'string') return `'${v}'`;
  if (Array.isArray(v)) return v.length === 1 ? `(${pyRepr(v[0])},)` : `(${v.map(pyRepr).join(', ')})`;
  return String(v);
}

/** Python's `torch.Size([2, 3])`. @internal */
export { formatSize as pySize } from '../size.js';

/** PyTorch's `_Reduction.get_enum`. @internal */
export function reductionEnum(where: string, reduction: unknown): number {
  switch (reduction) {
    case 'none': return 0;
    case 'mean': return 1;
    case 'sum': return 2;
    default:
      // Python's wording for strings; never String() of an object (a Proxy reporting length 1e9 would join a billion elements).
      throw new TypeError(`${where}: reduction must be one of 'none', 'mean', 'sum' (got ${describeValue(reduction)}): ${typeof reduction === 'string' ? reduction : describeValue(reduction)} is not a valid value for reduction`);
  }
}

/**
 * The name an abstract base's constructor (nn.Loss, nn.BatchNormBase) prefixes its errors with:
 * a string from the subclass. Anything else (the base constructed directly with odd values) would
 * be stringified into every message, and an array-like lying about its length takes forever to join.
 * @internal
 */
export function checkWhere(base: string, where: unknown): string {
  if (typeof where !== 'string') {
    throw new TypeError(`${base} is the shared base of its subclasses: its first argument is the subclass's name, a string (got ${typeof where})`);
  }
  return where;
}
