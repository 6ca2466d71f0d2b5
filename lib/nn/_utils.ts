// Shared helpers of torch-node's nn: PyTorch-style positional-or-options argument parsing, option
// validation with errors naming the option, and Python's repr of numbers and tuples (module
// printing must match PyTorch's text exactly).
import { Tensor, isPlainObject } from '../tensor.js';
import { describeValue } from '../dtype.js';
import { checkDense } from '../arrays.js';

/** An int, or a tuple of ints given as an array (PyTorch's `_size_2_t` and friends). */
export type IntOrTuple = number | readonly number[];

/**
 * Splits `args` (positional values, then an optional trailing plain options object) into one
 * record keyed by `names`, PyTorch's parameter order. Unknown option keys, a value given both
 * positionally and as an option, and too many positional values are TypeErrors naming `where`.
 * Missing values take `defaults`; names listed in `required` must be present.
 * @internal
 */
export function parseArgs<T extends object>(where: string, args: readonly unknown[], names: readonly (keyof T & string)[],
  defaults: Partial<T>, required: readonly (keyof T & string)[] = []): T {
  let n = args.length;
  // A length past any real argument list (an array-like lying about it) is too many, not a
  // billion trailing undefineds to skip one by one.
  if (!(n <= names.length + 1 + 1024)) {
    throw new TypeError(`${where} takes at most ${names.length} positional arguments (${String(n)} given)`);
  }
  while (n > 0 && args[n - 1] === undefined) n--;
  let options: Record<string, unknown> | undefined;
  if (n > 0 && isPlainObject(args[n - 1])) {
    options = args[n - 1] as Record<string, unknown>;
    n--;
  }
  if (n > names.length) {
    throw new TypeError(`${where} takes at most ${names.length} positional arguments (${n} given)`);
  }
  const out: Record<string, unknown> = { ...(defaults as Record<string, unknown>) };
  for (let i = 0; i < n; i++) {
    if (args[i] !== undefined) out[names[i]!] = args[i];
  }
  if (options !== undefined) {
    for (const key of Object.keys(options)) {
      if (!(names as readonly string[]).includes(key)) {
        throw new TypeError(`${where}: unknown option '${key}' (expected one of ${names.join(', ')})`);
      }
      const i = names.indexOf(key as keyof T & string);
      if (i < n && args[i] !== undefined) throw new TypeError(`${where}: got multiple values for argument '${key}'`);
      if (options[key] !== undefined) out[key] = options[key];
    }
  }
  for (const name of required) {
    if (out[name] === undefined) throw new TypeError(`${where}: missing required argument '${name}'`);
  }
  return out as T;
}

/**
 * A TypeError/RangeError unless v is an integer within [min, max]. A safe integer: beyond 2^53 a
 * JS number stands for no exact integer (and `new nn.RNN(4, 5, 1e308)` looped making layers).
 * @internal
 */
export function checkInt(where: string, name: string, v: unknown, min = -Infinity, max = Infinity): number {
  if (typeof v !== 'number' || !Number.isSafeInteger(v)) throw new TypeError(`${where}: ${name} must be an integer (got ${describeValue(v)})`);
  if (v < min) throw new RangeError(`${where}: ${name} must be ${min === 0 ? 'non-negative' : min === 1 ? 'a positive integer' : `>= ${min}`} (got ${v})`);
  if (v > max) throw new RangeError(`${where}: ${name} must be <= ${max} (got ${v})`);
  return v;
}

/** A TypeError unless v is a finite number. @internal */
export function checkNumber(where: string, name: string, v: unknown): number {
  if (typeof v !== 'number' || Number.isNaN(v)) throw new TypeError(`${where}: ${name} must be a number (got ${describeValue(v)})`);
  return v;
}

/** A TypeError unless v is a boolean. @internal */
export function checkBool(where: string, name: string, v: unknown): boolean {
  if (typeof v !== 'boolean') throw new TypeError(`${where}: ${name} must be a boolean (got ${describeValue(v)})`);
  return v;
}

/** A TypeError unless v is one of `choices`. @internal */
export function checkChoice<C extends string>(where: string, name: string, v: unknown, choices: readonly C[]): C {
  if (typeof v !== 'string' || !(choices as readonly string[]).includes(v)) {
    throw new TypeError(`${where}: ${name} must be one of ${choices.map((c) => `'${c}'`).join(', ')} (got ${describeValue(v)})`);
  }
  return v as C;
}

/** A TypeError unless v is a Tensor (or null/undefined when allowed). @internal */
export function checkTensor(where: string, name: string, v: unknown, nullable: true): Tensor | null;
export function checkTensor(where: string, name: string, v: unknown, nullable?: false): Tensor;
export function checkTensor(where: string, name: string, v: unknown, nullable = false): Tensor | null {
  if (v instanceof Tensor) return v;
  if (nullable && (v === null || v === undefined)) return null;
  throw new TypeError(`${where}: ${name} must be a Tensor${nullable ? ' or null' : ''} (got ${describeValue(v)})`);
}

/**
 * An int or a tuple of `n` ints (as an array), checked and expanded to n ints like PyTorch's
 * `_pair`; `min` bounds every entry. @internal
 */
export function checkIntTuple(where: string, name: string, v: unknown, n: number, min = -Infinity): number[] {
  if (typeof v === 'number') {
    checkInt(where, name, v, min);
    return new Array<number>(n).fill(v);
  }
  if (Array.isArray(v) && (v.length === n || (n === 0))) {
    checkDense(`${where}: ${name}`, v);
    v.forEach((e: unknown, i: number) => checkInt(where, `${name}[${i}]`, e, min));
    return [...(v as number[])];
  }
  throw new TypeError(`${where}: ${name} must be an integer or an array of ${n} integers (got ${describeValue(v)}${Array.isArray(v) ? ` of length ${v.length}` : ''})`);
}

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
export function pySize(shape: readonly number[]): string {
  return `torch.Size([${shape.join(', ')}])`;
}

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
 * PyTorch's "positional or keyword" arguments as a rest tuple: any prefix of the positional
 * parameters `P`, then optionally an options object `O`.
 * E.g. `Args<[p: number, inplace: boolean], { p?: number; inplace?: boolean }>` accepts `()`,
 * `(0.3)`, `(0.3, true)`, `({ p: 0.3 })`, `(0.3, { inplace: true })`.
 */
export type Args<P extends readonly unknown[], O> =
  P extends readonly [...infer Init, unknown] ? [...P, O?] | Args<Init, O> : [O?];

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
