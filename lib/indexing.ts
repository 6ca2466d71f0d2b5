// Tensor indexing, as Python's x[...] and x[...] = v: `x.index([...])` and `x.indexPut_([...], v)`.
// This module turns the JS index list into a compact descriptor; native/indexing.cpp applies it
// in one call through at::indexing (ATen/TensorIndexing.h), the translation Python's indexing
// uses: numbers select, slices slice and null unsqueezes (views), while index tensors, integer
// and boolean arrays and masks go through aten::index / aten::index_put_.
import { Tensor } from './tensor.js';
import { callOp, opFamily } from './dispatch.js';
import { native } from './binding.js';
import { tensor as tensorFromData, type TensorData } from './creation.js';
import { describeValue } from './validate.js';
import { holeError } from './arrays.js';
import type { OpArg } from './op_arg.js';

/**
 * A slice `start:stop:step`; null parts take Python's defaults (0, the end, 1). Made by
 * torch.slice(); ':'-style strings are the same.
 * @example x.index([new torch.Slice(1, null, 2)]) // x[1::2]
 */
export class Slice {
  constructor(
    readonly start: number | null = null,
    readonly stop: number | null = null,
    readonly step: number | null = null,
  ) {
    checkSlicePart(start, 'start');
    checkSlicePart(stop, 'stop');
    checkSlicePart(step, 'step');
  }

  /** Python's notation, e.g. '1:3', '::2', ':'. */
  toString(): string {
    const p = (v: number | null) => (v === null ? '' : String(v));
    return `${p(this.start)}:${p(this.stop)}${this.step === null ? '' : `:${this.step}`}`;
  }
}

function checkSlicePart(v: unknown, name: string): void {
  if (v !== null && !(typeof v === 'number' && Number.isInteger(v))) {
    throw new TypeError(`slice(): ${name} must be an integer or null (got ${describeValue(v)})`);
  }
}

/** Nested arrays of integers (an int64 index tensor) or of booleans (a mask). */
export type IndexArray = readonly (number | bigint | boolean | IndexArray)[];

/**
 * One element of an index: a number or bigint (select), null (new axis), '...' (ellipsis), a slice
 * (`torch.slice(1, 3)` or a string such as '1:3', '::2', ':'), a boolean, an index or mask
 * Tensor, or an array of integers / booleans (an index tensor / mask).
 */
export type IndexElement = number | bigint | boolean | null | string | Slice | Tensor | IndexArray;

/** What index() and indexPut_() take: an array is the tuple of Python's x[a, b, ...]. */
export type Indices = IndexElement | readonly IndexElement[];

/**
 * A slice for `x.index([...])`: the arguments are those of the C++ frontend's
 * `torch::indexing::Slice(start, stop, step)` (all optional; `slice(1)` is `1:`, unlike Python's
 * `slice(1)`). Called with a Tensor first, it is the operator `aten::slice(self, dim, start, end, step)`.
 * @example
 * x.index([torch.slice(1, 3)]);        // x[1:3]
 * x.index([torch.slice(null, null, 2)]); // x[::2]
 * x.index([':', torch.slice(-2)]);      // x[:, -2:]
 */
export function slice(start?: number | null, stop?: number | null, step?: number | null): Slice;
export function slice(self: Tensor, ...args: OpArg[]): Tensor;
export function slice(...args: unknown[]): Slice | Tensor {
  if (args[0] instanceof Tensor) return callOp(fSlice, args) as Tensor;
  if (args.length > 3) throw new TypeError(`slice(start, stop, step): expected at most 3 arguments (got ${args.length})`);
  const [start, stop, step] = args as (number | null | undefined)[];
  return new Slice(start ?? null, stop ?? null, step ?? null);
}

const fSlice = opFamily('slice');

// ---- The descriptor --------------------------------------------------------------------------
// An index list travels to native/indexing.cpp as STRIDE numbers per entry in a Float64Array,
// [kind, a, b, c] (kinds below; a slice is a:b:c with NaN for an omitted start or stop; a tensor
// entry's a is its position in the call's tensors). Native code builds at::indexing's TensorIndex
// list from it and applies it with at::indexing::get_item / set_item, the C++ Python's x[...]
// runs. One buffer, made natively (native.indexDescriptor) so that native code reads it without
// asking V8 for it, is reused across calls: an index costs no allocation here.

/** Entry kinds, in step with Kind in native/indexing.cpp. */
const NONE = 0;
const ELLIPSIS = 1;
const FALSE = 2;
const TRUE = 3;
const INT = 4;
const SLICE = 5;
const TENSOR = 6;
const STRIDE = 4;

/**
 * Entries of an index beyond the tensor's dimensions: null, '...' and booleans take none. NumPy
 * allows 64 dimensions in all; Python's x[(None,) * n] has no bound but takes time quadratic in n
 * (82 s for n = 100,000), so a bound is what keeps a long index from hanging.
 */
const MAX_EXTRA_ENTRIES = 64;

/** One call's descriptor, index tensors, and the tensors it made from index arrays. */
class Encoding {
  /**
   * The call's index tensors: the first alone (passed as is), the rest only when there are more
   * (an array made for the call). Emptying a reused array (length = 0) and refilling it cost a
   * runtime call and a new backing store per call.
   */
  tensor: Tensor | null = null;
  tensors: Tensor[] | null = null;
  readonly temps: Tensor[] = [];
  constructor(public desc: Float64Array, readonly isShared: boolean) {}
}

// The reused encoding, and whether a call is using it: an index array's getter (or a Proxy) can
// run JS that indexes again while the outer call encodes; that inner call gets its own. Native
const shared = new Encoding(native.indexDescriptor(8), true);
let sharedInUse = false;

function acquire(): Encoding {
  if (sharedInUse) return new Encoding(new Float64Array(STRIDE * 8), false);
  sharedInUse = true;
  return shared;
}

function release(enc: Encoding): void {
  enc.tensor = null;
  enc.tensors = null;
  if (enc.temps.length > 0) {
    for (const t of enc.temps) t.dispose();
    enc.temps.length = 0;
  }
  if (enc === shared) sharedInUse = false;
}

/** Adds an index tensor to the call's tensors; returns its position. */
function addTensor(enc: Encoding, t: Tensor): number {
  if (enc.tensor === null) {
    enc.tensor = t;
    return 0;
  }
  if (enc.tensors === null) enc.tensors = [enc.tensor];
  return enc.tensors.push(t) - 1;
}

function put(enc: Encoding, i: number, kind: number, a: number, b: number, c: number): void {
  let d = enc.desc;
  const o = i * STRIDE;
  if (o + STRIDE > d.length) {
    const entries = Math.max(d.length / STRIDE * 2, i + 1);
    const grown = enc.isShared ? native.indexDescriptor(entries) : new Float64Array(entries * STRIDE);
    grown.set(d);
    enc.desc = d = grown;
  }
  d[o] = kind;
  d[o + 1] = a;
  d[o + 2] = b;
  d[o + 3] = c;
}

/** The argument name of entry i in messages: `indices[i]`, or `indices` for a lone index. */
function entryName(i: number): string {
  return i < 0 ? 'indices' : `indices[${i}]`;
}

// ---- Strings: '...' and slices such as '1:3', parsed once ----------------------------------

/** A parsed string: [kind, start, stop, step]. */
type Parsed = readonly [number, number, number, number];
const parsedStrings = new Map<string, Parsed>();
/** Strings made on the fly (`${i}:${i + 1}`) must not grow the cache without bound. */
const MAX_PARSED_STRINGS = 1024;
const ELLIPSIS_ENTRY: Parsed = [ELLIPSIS, 0, 0, 0];

const SLICE_RE = /^\s*(-?\d+)?\s*:\s*(-?\d+)?\s*(?::\s*(-?\d+)?\s*)?$/;

function parseString(s: string, i: number): Parsed {
  if (s.trim() === '...') return ELLIPSIS_ENTRY;
  const m = SLICE_RE.exec(s);
  if (m === null) {
    throw new TypeError(`${entryName(i)}: a string index must be '...' or a slice such as ':', '1:3', '::2' or '-2:' (got ${JSON.stringify(s)})`);
  }
  const num = (v: string | undefined) => (v === undefined ? NaN : clampPart(Number(v)));
  return [SLICE, num(m[1]), num(m[2]), m[3] === undefined ? 1 : clampPart(Number(m[3]))];
}

/** Python clamps slice bounds to the index range (x[10**20:] is empty); so do we, in safe integers. */
function clampPart(v: number): number {
  return Math.max(-Number.MAX_SAFE_INTEGER, Math.min(Number.MAX_SAFE_INTEGER, v));
}

// ---- Index arrays: int64 index tensors or bool masks, as Python's lists ---------------------

function arrayLeaves(a: IndexArray, kinds: Set<string>, argName: string): void {
  // Indexed, not for-of: a hole is reported as one (and stops the walk of a sparse array).
  const n = a.length;
  for (let i = 0; i < n; i++) {
    const v = a[i];
    if (v === undefined && !(i in a)) throw holeError(argName, i, n);
    if (Array.isArray(v)) arrayLeaves(v as IndexArray, kinds, `${argName}[${i}]`);
    else if (typeof v === 'boolean') kinds.add('boolean');
    else if (typeof v === 'bigint') kinds.add('int');
    else if (typeof v === 'number') {
      if (!Number.isInteger(v)) {
        throw new TypeError(`${argName}: tensors used as indices must be long, int, byte or bool tensors (got the non-integer number ${v} in an index array)`);
      }
      kinds.add('int');
    } else {
      throw new TypeError(`${argName}: an index array must hold integers or booleans (got ${describeValue(v)})`);
    }
  }
}

/** An index array as a tensor: booleans give a bool mask, integers an int64 index tensor. */
function arrayToIndexTensor(a: IndexArray, argName: string): Tensor {
  const kinds = new Set<string>();
  arrayLeaves(a, kinds, argName);
  const dtype = kinds.size === 1 && kinds.has('boolean') ? 'bool' : 'int64';
  return tensorFromData(a as TensorData, { dtype });
}

// ---- Encoding one entry ----------------------------------------------------------------------

function encodeEntry(enc: Encoding, slot: number, e: unknown, i: number): void {
  if (typeof e === 'string') {
    let p = parsedStrings.get(e);
    if (p === undefined) {
      p = parseString(e, i);
      if (parsedStrings.size >= MAX_PARSED_STRINGS) parsedStrings.clear();
      parsedStrings.set(e, p);
    }
    put(enc, slot, p[0], p[1], p[2], p[3]);
  } else if (typeof e === 'number') {
    if (!Number.isInteger(e)) throw new TypeError(`${entryName(i)}: an index number must be an integer (got ${e})`);
    if (Math.abs(e) > Number.MAX_SAFE_INTEGER) throw new RangeError(`${entryName(i)}: the index ${e} is beyond Number.MAX_SAFE_INTEGER`);
    put(enc, slot, INT, e, 0, 0);
  } else if (e === null) {
    put(enc, slot, NONE, 0, 0, 0);
  } else if (e instanceof Tensor) {
    put(enc, slot, TENSOR, addTensor(enc, e), 0, 0);
  } else if (e instanceof Slice) {
    put(enc, slot, SLICE, e.start === null ? NaN : clampPart(e.start), e.stop === null ? NaN : clampPart(e.stop),
      e.step === null ? 1 : clampPart(e.step));
  } else if (typeof e === 'boolean') {
    put(enc, slot, e ? TRUE : FALSE, 0, 0, 0);
  } else if (typeof e === 'bigint') {
    if (e > BigInt(Number.MAX_SAFE_INTEGER) || e < -BigInt(Number.MAX_SAFE_INTEGER)) throw new RangeError(`${entryName(i)}: the index ${e} is beyond Number.MAX_SAFE_INTEGER`);
    put(enc, slot, INT, Number(e), 0, 0);
  } else if (Array.isArray(e)) {
    const t = arrayToIndexTensor(e as IndexArray, entryName(i));
    enc.temps.push(t);
    put(enc, slot, TENSOR, addTensor(enc, t), 0, 0);
  } else {
    throw new TypeError(
      `${entryName(i)}: an index must be a number, null, '...', a slice (torch.slice() or a string like '1:3'), a boolean, a Tensor or an array of integers or booleans (got ${describeValue(e)})`);
  }
}

/** Fills enc from `indices` (an array is Python's index tuple); returns the entry count. */
function encode(enc: Encoding, self: Tensor, indices: unknown): number {
  if (!Array.isArray(indices)) {
    encodeEntry(enc, 0, indices, -1);
    return 1;
  }
  const n = indices.length;
  if (n > MAX_EXTRA_ENTRIES) {
    const dim = self.dim();
    if (n > dim + MAX_EXTRA_ENTRIES) {
      throw new RangeError(`indices: an index of ${n} entries for a tensor of ${dim} dimensions; at most ${dim + MAX_EXTRA_ENTRIES} (one per dimension and up to ${MAX_EXTRA_ENTRIES} null, '...' or boolean entries)`);
    }
  }
  // A plain loop, not map(): map() visits every index up to `length` looking for elements, which
  // for a sparse array of length 2**32 - 1 is billions of steps; here the first hole stops it.
  for (let i = 0; i < n; i++) {
    const e: unknown = indices[i];
    if (e === undefined && !(i in indices)) throw holeError('indices', i, n);
    encodeEntry(enc, i, e, i);
  }
  return n;
}

/**
 * `self[indices]` in Python: basic indexing returns a view, advanced indexing a copy.
 * @example
 * x.index([0]);                          // x[0]
 * x.index([':', 1]);                     // x[:, 1]
 * x.index([null, '...', torch.slice(1, 3)]); // x[None, ..., 1:3]
 * x.index([[0, 2]]);                     // x[[0, 2]]
 * x.index([x.gt(0)]);                    // x[x > 0]
 */
export function index(self: Tensor, indices: Indices): Tensor {
  if (!(self instanceof Tensor)) throw new TypeError(`index(): self must be a Tensor (got ${describeValue(self)})`);
  const enc = acquire();
  try {
    const n = encode(enc, self, indices);
    return native.index(self, enc.desc, n, enc.tensors ?? enc.tensor ?? undefined);
  } finally {
    release(enc);
  }
}

/**
 * `self[indices] = value` in Python, in place; returns self. `value` is a Tensor (broadcast to
 * the indexed shape) or a number. Autograd records it (CopySlices / IndexPutBackward0).
 * @example
 * x.indexPut_([0], 1);                       // x[0] = 1
 * x.indexPut_([':', torch.slice(1, 3)], y);  // x[:, 1:3] = y
 * x.indexPut_([x.lt(0)], 0);                 // x[x < 0] = 0
 * out.indexPut_([even], out.index([even]).clamp({ min: 0 }));
 */
export function indexPut_(self: Tensor, indices: Indices, value: Tensor | number | boolean | bigint): Tensor {
  if (!(self instanceof Tensor)) throw new TypeError(`indexPut_(): self must be a Tensor (got ${describeValue(self)})`);
  const vt = typeof value;
  if (vt !== 'number' && vt !== 'boolean' && vt !== 'bigint' && !(value instanceof Tensor)) {
    throw new TypeError(`indexPut_(indices, value): value must be a Tensor, a number, a bigint or a boolean (got ${describeValue(value)})`);
  }
  const enc = acquire();
  try {
    const n = encode(enc, self, indices);
    native.indexPut(self, enc.desc, n, enc.tensors ?? enc.tensor ?? undefined, value);
    return self;
  } finally {
    release(enc);
  }
}

declare module './tensor.js' {
  interface Tensor {
    /**
     * `x[indices]` in Python. An array is the index tuple; its elements are numbers, null (new
     * axis), '...', slices (`torch.slice(start, stop, step)` or ':'-style strings such as '1:3',
     * '::2', ':'), booleans, index/mask Tensors, and arrays of integers or booleans.
     * @example x.index([':', 0]); x.index([torch.arange(0, 4, 2)]); x.index([x.gt(0)])
     */
    index(indices: Indices): Tensor;
    /**
     * `x[indices] = value` in Python, in place; returns this tensor.
     * @example x.indexPut_([x.lt(0)], 0); x.indexPut_([0, '1:3'], torch.ones(2))
     */
    indexPut_(indices: Indices, value: Tensor | number | boolean | bigint): this;
  }
}

/**
 * The C++ frontend's `torch::indexing` names: `Slice`, `None`, `Ellipsis`.
 * @example
 * const { Slice, None, Ellipsis } = torch.indexing;
 * x.index([Slice(), None, Ellipsis, 0]);   // x[:, None, ..., 0]
 */
export const indexing: {
  readonly Slice: (start?: number | null, stop?: number | null, step?: number | null) => Slice;
  readonly None: null;
  readonly Ellipsis: '...';
} = Object.freeze({
  Slice: (start?: number | null, stop?: number | null, step?: number | null): Slice => new Slice(start ?? null, stop ?? null, step ?? null),
  None: null,
  Ellipsis: '...' as const,
});
