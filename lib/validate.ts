// Argument checking for every layer (tensor core, nn, optim, data), in one place: one describer of
// a JS value, one message format, and the predicates and checks built on them. A message reads
// `where: name must be expected (got value)`, so an error names the call and the argument the way
// the rest of the library does, and the layers above the tensor core (lib/nn, lib/optim) share
// these checks without the core depending on them.
import { Tensor } from './tensor.js';
import { checkDense } from './arrays.js';

/**
 * How describeValue names a value:
 * - 'js': `null`, `undefined`, `an array`, a string quoted, `number 3`, `boolean true`, an object
 *   by its class name;
 * - 'python': Python's type name (`NoneType`, `int`, `float`, `str`, `bool`, `list`, the class
 *   name), for messages that repeat PyTorch's;
 * - 'brief': as 'js', but a number or other primitive as just its value (`-1`, `NaN`).
 */
export type DescribeStyle = 'js' | 'python' | 'brief';

/**
 * A short description of a JS value for error messages. Never calls the value's own toString or
 * walks it: a Proxy or an array-like lying about its length costs nothing to describe.
 */
export function describeValue(value: unknown, style: DescribeStyle = 'js'): string {
  if (style === 'python') {
    if (value === null || value === undefined) return 'NoneType';
    if (typeof value === 'number') return Number.isInteger(value) ? 'int' : 'float';
    if (typeof value === 'string') return 'str';
    if (typeof value === 'boolean') return 'bool';
    if (Array.isArray(value)) return 'list';
    if (typeof value === 'object') return className(value) ?? 'object';
    return typeof value;
  }
  if (value === null) return 'null';
  if (value === undefined) return 'undefined';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object') return className(value) ?? 'an object';
  if (typeof value === 'string') return style === 'brief' ? value : JSON.stringify(value);
  if (style === 'brief' && typeof value !== 'function') return String(value);
  return `${typeof value} ${String(value)}`;
}

function className(value: object): string | undefined {
  return (value as { constructor?: { name?: string } }).constructor?.name;
}

/**
 * The one message format of argument errors: `where: name must be expected (got got)`, without
 * the `where: ` prefix when where is empty.
 */
export function mustBe(where: string, name: string, expected: string, got: string): string {
  return `${where === '' ? '' : `${where}: `}${name} must be ${expected} (got ${got})`;
}

/** A TypeError in the one format, describing `value`. */
export function argTypeError(where: string, name: string, expected: string, value: unknown, style: DescribeStyle = 'js'): TypeError {
  return new TypeError(mustBe(where, name, expected, describeValue(value, style)));
}

/** A RangeError in the one format, showing `value` briefly (`got -1`). */
export function argRangeError(where: string, name: string, expected: string, value: unknown): RangeError {
  return new RangeError(mustBe(where, name, expected, describeValue(value, 'brief')));
}

// ---- predicates -------------------------------------------------------------------------------

/** True for a plain object (`{...}` or `Object.create(null)`), the trailing options of a call. */
export function isPlainObject(v: unknown): v is Record<string, unknown> {
  if (v === null || typeof v !== 'object') return false;
  const proto = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
}

// ---- positional-or-options arguments ----------------------------------------------------------

/** An int, or a tuple of ints given as an array (PyTorch's `_size_2_t` and friends). */
export type IntOrTuple = number | readonly number[];

/**
 * PyTorch's "positional or keyword" arguments as a rest tuple: any prefix of the positional
 * parameters `P`, then optionally an options object `O`.
 * E.g. `Args<[p: number, inplace: boolean], { p?: number; inplace?: boolean }>` accepts `()`,
 * `(0.3)`, `(0.3, true)`, `({ p: 0.3 })`, `(0.3, { inplace: true })`.
 */
export type Args<P extends readonly unknown[], O> =
  P extends readonly [...infer Init, unknown] ? [...P, O?] | Args<Init, O> : [O?];

/**
 * As `Args`, for parameters some of which are required (Python's `Conv2d(in_channels,
 * out_channels, kernel_size, stride=1, ...)`): any prefix of `P` positionally, then an options
 * object `O` that must name every required parameter (`Req`, in order) not given positionally, and
 * may name any other. `O` declares every keyword, the required ones as optional keys.
 * E.g. `KwArgs<[inFeatures: number, outFeatures: number, bias: boolean], ['inFeatures', 'outFeatures'], LinearKw>`
 * accepts `(784, 10)`, `(784, 10, false)`, `(784, { outFeatures: 10 })`, `({ inFeatures: 784, outFeatures: 10 })`,
 * and rejects `(784)` and `({ bias: false })` at compile time.
 */
export type KwArgs<P extends readonly unknown[], Req extends readonly string[], O> =
  P extends readonly [...infer Init, unknown]
    ? (DropFirst<Req, P['length']> extends readonly [] ? [...P, O?] : [...P, WithKeys<O, DropFirst<Req, P['length']>[number]>])
      | KwArgs<Init, Req, O>
    : Req extends readonly [] ? [O?] : [WithKeys<O, Req[number]>];

/** `K` without its first `N` entries. */
type DropFirst<K extends readonly string[], N extends number, Seen extends unknown[] = []> =
  Seen['length'] extends N ? K
    : K extends readonly [string, ...infer Rest extends string[]] ? DropFirst<Rest, N, [...Seen, unknown]> : [];

/** `O` with the keys `K` present (not undefined). */
type WithKeys<O, K extends string> = O & { [k in K & keyof O]-?: Exclude<O[k], undefined> };

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

// ---- checks: each returns the value, typed, or throws in the one format -----------------------

/**
 * A TypeError/RangeError unless v is an integer within [min, max]. A safe integer: beyond 2^53 a
 * JS number stands for no exact integer (and `new nn.RNN(4, 5, 1e308)` looped making layers).
 * @internal
 */
export function checkInt(where: string, name: string, v: unknown, min = -Infinity, max = Infinity): number {
  if (typeof v !== 'number' || !Number.isSafeInteger(v)) throw argTypeError(where, name, 'an integer', v);
  if (v < min) throw argRangeError(where, name, min === 0 ? 'non-negative' : min === 1 ? 'a positive integer' : `>= ${min}`, v);
  if (v > max) throw argRangeError(where, name, `<= ${max}`, v);
  return v;
}

/** A TypeError unless v is a number other than NaN. @internal */
export function checkNumber(where: string, name: string, v: unknown): number {
  if (typeof v !== 'number' || Number.isNaN(v)) throw argTypeError(where, name, 'a number', v);
  return v;
}

/** A TypeError unless v is a boolean. @internal */
export function checkBool(where: string, name: string, v: unknown): boolean {
  if (typeof v !== 'boolean') throw argTypeError(where, name, 'a boolean', v);
  return v;
}

/** A TypeError unless v is one of `choices`. @internal */
export function checkChoice<C extends string>(where: string, name: string, v: unknown, choices: readonly C[]): C {
  if (typeof v !== 'string' || !(choices as readonly string[]).includes(v)) {
    throw argTypeError(where, name, `one of ${choices.map((c) => `'${c}'`).join(', ')}`, v);
  }
  return v as C;
}

/** A TypeError unless v is a Tensor (or null/undefined when allowed). @internal */
export function checkTensor(where: string, name: string, v: unknown, nullable: true): Tensor | null;
export function checkTensor(where: string, name: string, v: unknown, nullable?: false): Tensor;
export function checkTensor(where: string, name: string, v: unknown, nullable = false): Tensor | null {
  if (v instanceof Tensor) return v;
  if (nullable && (v === null || v === undefined)) return null;
  throw argTypeError(where, name, `a Tensor${nullable ? ' or null' : ''}`, v);
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
  throw new TypeError(mustBe(where, name, `an integer or an array of ${n} integers`,
    `${describeValue(v)}${Array.isArray(v) ? ` of length ${v.length}` : ''}`));
}
