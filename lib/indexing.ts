// Tensor indexing, as Python's x[...] and x[...] = v: `x.index([...])` and `x.indexPut_([...], v)`.
// A port of at::indexing (ATen/TensorIndexing.h), the translation Python's indexing uses: numbers
// select, slices slice and null unsqueezes (views), while index tensors, integer and boolean
// arrays and masks go through aten::index / aten::index_put_ with the Tensor?[] list.
import { Tensor } from './tensor.js';
import { callOp, opFamily } from './dispatch.js';
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

const fSelect = opFamily('select');
const fSlice = opFamily('slice');
const fUnsqueeze = opFamily('unsqueeze');
const fAlias = opFamily('alias');
const fIndex = opFamily('index');
const fIndexPut_ = opFamily('index_put_');
const fEmpty = opFamily('empty');
const fZeros = opFamily('zeros');
const fScalarTensor = opFamily('scalar_tensor');
const fCopy_ = opFamily('copy_');
const fFill_ = opFamily('fill_');
const fView = opFamily('view');
const fExpand = opFamily('expand');

type Item =
  | { kind: 'int'; value: number }
  | { kind: 'slice'; start: number | null; stop: number | null; step: number }
  | { kind: 'none' }
  | { kind: 'ellipsis' }
  | { kind: 'bool'; value: boolean }
  | { kind: 'tensor'; tensor: Tensor };

const SLICE_RE = /^\s*(-?\d+)?\s*:\s*(-?\d+)?\s*(?::\s*(-?\d+)?\s*)?$/;

function parseSliceString(s: string, argName: string): Item {
  if (s.trim() === '...') return { kind: 'ellipsis' };
  const m = SLICE_RE.exec(s);
  if (m === null) {
    throw new TypeError(`${argName}: a string index must be '...' or a slice such as ':', '1:3', '::2' or '-2:' (got ${JSON.stringify(s)})`);
  }
  const num = (v: string | undefined) => (v === undefined ? null : Number(v));
  return sliceItem(num(m[1]), num(m[2]), num(m[3]));
}

/** Python clamps slice bounds to the index range (x[10**20:] is empty); so do we, in safe integers. */
function clampPart(v: number | null): number | null {
  if (v === null) return null;
  return Math.max(-Number.MAX_SAFE_INTEGER, Math.min(Number.MAX_SAFE_INTEGER, v));
}

function sliceItem(start: number | null, stop: number | null, step: number | null): Item {
  const s = step ?? 1;
  if (!(s > 0)) throw new RangeError('step must be greater than zero');
  return { kind: 'slice', start: clampPart(start), stop: clampPart(stop), step: clampPart(s)! };
}

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

function toItem(e: unknown, argName: string, temps: Tensor[]): Item {
  if (typeof e === 'number') {
    if (!Number.isInteger(e)) throw new TypeError(`${argName}: an index number must be an integer (got ${e})`);
    return { kind: 'int', value: e };
  }
  if (typeof e === 'bigint') {
    if (e > BigInt(Number.MAX_SAFE_INTEGER) || e < -BigInt(Number.MAX_SAFE_INTEGER)) throw new RangeError(`${argName}: the index ${e} is beyond Number.MAX_SAFE_INTEGER`);
    return { kind: 'int', value: Number(e) };
  }
  if (e === null) return { kind: 'none' };
  if (typeof e === 'boolean') return { kind: 'bool', value: e };
  if (typeof e === 'string') return parseSliceString(e, argName);
  if (e instanceof Slice) return sliceItem(e.start, e.stop, e.step);
  if (e instanceof Tensor) return { kind: 'tensor', tensor: e };
  if (Array.isArray(e)) {
    const t = arrayToIndexTensor(e as IndexArray, argName);
    temps.push(t);
    return { kind: 'tensor', tensor: t };
  }
  throw new TypeError(
    `${argName}: an index must be a number, null, '...', a slice (torch.slice() or a string like '1:3'), a boolean, a Tensor or an array of integers or booleans (got ${describeValue(e)})`);
}

/**
 * Entries of an index beyond the tensor's dimensions: null, '...' and booleans take none. NumPy
 * allows 64 dimensions in all; Python's x[(None,) * n] has no bound but takes time quadratic in n
 * (82 s for n = 100,000), so a bound is what keeps a long index from hanging.
 */
const MAX_EXTRA_ENTRIES = 64;

function toItems(indices: unknown, argName: string, temps: Tensor[], selfDim: number): Item[] {
  if (!Array.isArray(indices)) return [toItem(indices, argName, temps)];
  const n = indices.length;
  if (n > selfDim + MAX_EXTRA_ENTRIES) {
    throw new RangeError(`${argName}: an index of ${n} entries for a tensor of ${selfDim} dimensions; at most ${selfDim + MAX_EXTRA_ENTRIES} (one per dimension and up to ${MAX_EXTRA_ENTRIES} null, '...' or boolean entries)`);
  }
  // A plain loop, not map(): map() visits every index up to `length` looking for elements, which
  // for a sparse array of length 2**32 - 1 is billions of steps; here the first hole stops it.
  const items: Item[] = new Array<Item>(n);
  for (let i = 0; i < n; i++) {
    const e: unknown = indices[i];
    if (e === undefined && !(i in indices)) throw holeError(argName, i, n);
    items[i] = toItem(e, `${argName}[${i}]`, temps);
  }
  return items;
}

function isMaskDType(t: Tensor): boolean {
  const d = t.dtype;
  return d === 'bool' || d === 'uint8';
}

function countSpecifiedDimensions(items: Item[]): number {
  let count = 0;
  for (const it of items) {
    if (it.kind === 'tensor') count += isMaskDType(it.tensor) ? it.tensor.dim() : 1;
    else if (it.kind !== 'none' && it.kind !== 'ellipsis' && it.kind !== 'bool') count++;
  }
  return count;
}

function applySelect(self: Tensor, dim: number, index: number, realDim: number, sizes: number[]): Tensor {
  if (index === 0 && dim === 0 && sizes.length === 0) {
    throw new RangeError('invalid index of a 0-dim tensor. Use `tensor.item()` in Python or `tensor.item<T>()` in C++ to convert a 0-dim tensor to a number');
  }
  const size = sizes[dim] ?? 0;
  if (!(size > -1 - index && size > index)) {
    throw new RangeError(`index ${index} is out of bounds for dimension ${realDim} with size ${size}`);
  }
  return callOp(fSelect, [dim, index], self) as Tensor;
}

function applySlice(self: Tensor, dim: number, start: number | null, stop: number | null, step: number, disableOptimization: boolean, sizes: number[]): Tensor {
  if (sizes.length > 0 && !disableOptimization) {
    const length = sizes[dim]!;
    if ((start ?? 0) === 0 && (stop === null || length <= stop) && step === 1) return self;
  }
  return callOp(fSlice, [dim, start, stop, step], self) as Tensor;
}

function boolToIndexingTensor(self: Tensor, value: boolean): Tensor {
  const device = self.device;
  return value
    ? callOp(fZeros, [[1], { dtype: 'int64', device }]) as Tensor
    : callOp(fEmpty, [[0], { dtype: 'int64', device }]) as Tensor;
}

interface Slicing { out: (Tensor | null)[]; dim: number }

function recordTensorIndex(t: Tensor, s: Slicing): void {
  if (s.out.length === 0) {
    for (let i = 0; i < s.dim; i++) s.out.push(null);
    s.out.push(t);
  } else {
    s.out.push(t);
  }
  s.dim += isMaskDType(t) ? t.dim() : 1;
}

function extendIfStarted(s: Slicing, n: number): void {
  if (s.out.length > 0) for (let i = 0; i < n; i++) s.out.push(null);
}

/** applySlicing: views for numbers/slices/null/'...', and the Tensor?[] list for the rest. */
function applySlicing(self: Tensor, items: Item[], out: (Tensor | null)[], temps: Tensor[]): Tensor {
  const specified = countSpecifiedDimensions(items);
  const selfDim = self.dim();
  if (specified > selfDim) throw new RangeError(`too many indices for tensor of dimension ${selfDim}`);
  const s: Slicing = { out, dim: 0 };
  let result = self;
  const keep = (t: Tensor): Tensor => { if (t !== self && t !== result) temps.push(t); return t; };
  for (let i = 0; i < items.length; i++) {
    const it = items[i]!;
    const sizes = result.shape;
    switch (it.kind) {
      case 'int':
        result = keep(applySelect(result, s.dim, it.value, i, sizes));
        break;
      case 'slice':
        result = keep(applySlice(result, s.dim, it.start, it.stop, it.step, false, sizes));
        s.dim++;
        extendIfStarted(s, 1);
        break;
      case 'ellipsis': {
        const n = selfDim - specified;
        s.dim += n;
        extendIfStarted(s, n);
        break;
      }
      case 'none':
        result = keep(callOp(fUnsqueeze, [s.dim], result) as Tensor);
        s.dim++;
        extendIfStarted(s, 1);
        break;
      case 'bool':
        result = keep(callOp(fUnsqueeze, [s.dim], result) as Tensor);
        recordTensorIndex(keep(boolToIndexingTensor(result, it.value)), s);
        break;
      case 'tensor': {
        const t = it.tensor;
        const dtype = t.dtype;
        const integral = dtype === 'bool' || dtype.startsWith('int') || dtype.startsWith('uint');
        if (t.dim() === 0 && integral) {
          if (dtype !== 'uint8' && dtype !== 'bool') {
            result = keep(applySelect(result, s.dim, Number(t.itemBigInt()), i, sizes));
          } else {
            result = keep(callOp(fUnsqueeze, [s.dim], result) as Tensor);
            const v: unknown = t.item();
            recordTensorIndex(keep(boolToIndexingTensor(result, v !== 0 && v !== false)), s);
          }
        } else {
          recordTensorIndex(t, s);
        }
        break;
      }
    }
  }
  return result;
}

function trimTrailingNulls(out: (Tensor | null)[]): (Tensor | null)[] {
  let n = out.length;
  while (n > 0 && out[n - 1] === null) n--;
  return out.slice(0, n);
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
  const only = soleIndexTensor(self, indices);
  if (only !== undefined) return callOp(fIndex, [[only]], self) as Tensor;
  const temps: Tensor[] = [];
  try {
    const items = toItems(indices, 'indices', temps, self.dim());
    if (items.length === 1) {
      const it = items[0]!;
      if (it.kind === 'int') return applySelect(self, 0, it.value, 0, self.shape);
      if (it.kind === 'slice') return applySlice(self, 0, it.start, it.stop, it.step, true, self.shape);
      if (it.kind === 'none') return callOp(fUnsqueeze, [0], self) as Tensor;
      if (it.kind === 'ellipsis') return callOp(fAlias, [], self) as Tensor;
      if (it.kind === 'bool') {
        const r = callOp(fUnsqueeze, [0], self) as Tensor;
        temps.push(r);
        const idx = boolToIndexingTensor(r, it.value);
        temps.push(idx);
        return callOp(fIndex, [[idx]], r) as Tensor;
      }
    }
    const out: (Tensor | null)[] = [];
    const sliced = applySlicing(self, items, out, temps);
    if (out.length === 0) {
      if (sliced === self) return callOp(fAlias, [], self) as Tensor;
      removeFrom(temps, sliced);
      return sliced;
    }
    return callOp(fIndex, [trimTrailingNulls(out)], sliced) as Tensor;
  } finally {
    for (const t of temps) t.dispose();
  }
}

/**
 * The index tensor of x[t] when t is an integer index tensor of one or more dimensions: what
 * applySlicing would hand to aten::index / index_put_ unchanged (two property reads instead of
 * the general walk; masks and 0-dim tensors take the general path).
 */
function soleIndexTensor(self: Tensor, indices: Indices): Tensor | undefined {
  const t = Array.isArray(indices) ? (indices.length === 1 ? indices[0] : undefined) : indices;
  if (!(t instanceof Tensor)) return undefined;
  const dtype = t.dtype;
  if (dtype !== 'int64' && dtype !== 'int32') return undefined;
  // A 0-dim self takes the general path for Python's "too many indices" message.
  return t.dim() > 0 && self.dim() > 0 ? t : undefined;
}

function removeFrom(temps: Tensor[], t: Tensor): void {
  const i = temps.indexOf(t);
  if (i >= 0) temps.splice(i, 1);
}

function sameShape(a: number[], b: number[]): boolean {
  return a.length === b.length && a.every((v, i) => v === b[i]);
}

function slicePrefix1s(sizes: number[]): number[] {
  let first = sizes.length;
  for (let i = 0; i < sizes.length; i++) if (sizes[i] !== 1) { first = i; break; }
  return sizes.slice(first);
}

/** copy_to: dst.copy_(src), broadcasting src (without its leading 1-dims) to dst's shape. */
function copyTo(dst: Tensor, src: Tensor, temps: Tensor[]): void {
  const dstShape = dst.shape;
  const srcShape = src.shape;
  if (sameShape(dstShape, srcShape)) { callOp(fCopy_, [src], dst); return; }
  if (srcShape.length === 0 && src.device === 'cpu') { callOp(fFill_, [src], dst); return; }
  const view = callOp(fView, [slicePrefix1s(srcShape)], src) as Tensor;
  temps.push(view);
  const expanded = callOp(fExpand, [dstShape], view) as Tensor;
  temps.push(expanded);
  callOp(fCopy_, [expanded], dst);
}

function valueToTensor(self: Tensor, value: unknown, temps: Tensor[]): Tensor {
  if (value instanceof Tensor) return value;
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') {
    const device = self.device;
    const t = callOp(fScalarTensor, [value, { dtype: self.dtype, device: device.startsWith('cuda') ? 'cpu' : device }]) as Tensor;
    temps.push(t);
    return t;
  }
  throw new TypeError(`indexPut_(indices, value): value must be a Tensor, a number, a bigint or a boolean (got ${describeValue(value)})`);
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
  const temps: Tensor[] = [];
  try {
    const v = valueToTensor(self, value, temps);
    const only = soleIndexTensor(self, indices);
    if (only !== undefined) {
      callOp(fIndexPut_, [[only], withoutLeadingOnes(v, temps)], self);
      return self;
    }
    const items = toItems(indices, 'indices', temps, self.dim());
    if (items.length === 1) {
      const it = items[0]!;
      if (it.kind === 'bool' && !it.value) return self;
      if (it.kind === 'ellipsis') { copyTo(self, v, temps); return self; }
      if (it.kind === 'none' || (it.kind === 'bool' && it.value)) {
        const u = callOp(fUnsqueeze, [0], self) as Tensor;
        temps.push(u);
        copyTo(u, v, temps);
        return self;
      }
      if (it.kind === 'int') {
        const r = applySelect(self, 0, it.value, 0, self.shape);
        temps.push(r);
        copyTo(r, v, temps);
        return self;
      }
      if (it.kind === 'slice') {
        const r = applySlice(self, 0, it.start, it.stop, it.step, false, self.shape);
        if (r !== self) temps.push(r);
        copyTo(r, v, temps);
        return self;
      }
    }
    const out: (Tensor | null)[] = [];
    const sliced = applySlicing(self, items, out, temps);
    if (out.length === 0) {
      copyTo(sliced, v, temps);
      return self;
    }
    callOp(fIndexPut_, [trimTrailingNulls(out), withoutLeadingOnes(v, temps)], sliced);
    return self;
  } finally {
    for (const t of temps) t.dispose();
  }
}

/** The value of an index_put_ without its leading 1-dims, as Python's setitem passes it. */
function withoutLeadingOnes(v: Tensor, temps: Tensor[]): Tensor {
  const valueShape = v.shape;
  if (valueShape.length === 0 || valueShape[0] !== 1) return v;
  const values = callOp(fView, [slicePrefix1s(valueShape)], v) as Tensor;
  temps.push(values);
  return values;
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
