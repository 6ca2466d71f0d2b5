// torch.tensor() and tensors over JS memory. Other factories (zeros, rand, ...) are operators.
import { native } from './binding.js';
import { Tensor } from './tensor.js';
import { defaultDeviceOrUndefined } from './default_device.js';
import { normalizeDType, isFloatingDType, type DType, type Device } from './dtype.js';
import { describeValue } from './validate.js';
import { dtypeInfo, dtypeNames } from './generated/dtypes.js';
import { checkDense, holeError } from './arrays.js';

export interface TensorOptions {
  dtype?: DType;
  device?: Device;
  requiresGrad?: boolean;
}

/** Data accepted by torch.tensor: numbers, booleans, bigints, typed arrays, nested arrays of them. */
export type TensorData = number | boolean | bigint | ArrayBufferView | Tensor | readonly TensorData[];

/** What a leaf of the data says about the dtype: float, integer or boolean, or a typed array's own dtype. */
type Kind = 'float' | 'int' | 'bool' | `typed:${DType}`;
type LeafValue = number | boolean | bigint;

type TypedArrayClass = new (...a: never[]) => ArrayBufferView;
// Each typed array holds the dtype whose layout it has (native/dtypes.def; Uint8Array is uint8, not
// bool); Uint8ClampedArray holds uint8 too.
const TYPED_ARRAY_DTYPES: [TypedArrayClass, DType][] = [
  ...dtypeNames
    .filter((d) => dtypeInfo[d].typedArrayExact && dtypeInfo[d].kind !== 'bool')
    .map((d): [TypedArrayClass, DType] => [(globalThis as unknown as Record<string, TypedArrayClass>)[dtypeInfo[d].typedArray!]!, d]),
  [Uint8ClampedArray, 'uint8'],
];

/** The dtype a typed array holds (Uint8Array -> uint8, BigInt64Array -> int64, ...). @example dtypeOfTypedArray(new Int32Array(2)) // 'int32' */
export function dtypeOfTypedArray(a: ArrayBufferView): DType {
  for (const [ctor, dtype] of TYPED_ARRAY_DTYPES) if (a instanceof ctor) return dtype;
  throw new TypeError(`data must be a numeric typed array (got ${describeValue(a)})`);
}

function isTypedArray(v: unknown): v is ArrayBufferView & ArrayLike<number | bigint> {
  return ArrayBuffer.isView(v) && !(v instanceof DataView);
}

// The shape from the first element at each depth. Those first elements are kept (firstPath[d] is
// element 0 of the array at depth d on that path) and flatten() takes them from there: each
// element is read once, so a getter runs once and cannot answer differently the second time.
function inferShape(data: unknown, shape: number[], firstPath: unknown[]): void {
  if (Array.isArray(data)) {
    shape.push(data.length);
    if (data.length > 0) {
      const first: unknown = data[0];
      firstPath.push(first);
      inferShape(first, shape, firstPath);
    }
  } else if (isTypedArray(data)) {
    shape.push(data.length);
  }
}

// onFirstPath: data is the array reached through element 0 at every depth so far, whose element 0
// inferShape already read (firstPath[depth]).
function flatten(data: unknown, shape: number[], depth: number, out: LeafValue[], kinds: Set<Kind>,
  firstPath: readonly unknown[], onFirstPath: boolean): void {
  if (depth === shape.length) {
    if (typeof data === 'number') { kinds.add('float'); out.push(data); return; }
    if (typeof data === 'boolean') { kinds.add('bool'); out.push(data); return; }
    if (typeof data === 'bigint') { kinds.add('int'); out.push(data); return; }
    if (data instanceof Tensor) {
      if (data.numel() !== 1) throw new TypeError(`tensor(): only one element tensors can be converted to scalars (got a tensor of shape [${data.shape.join(', ')}] at dim ${depth})`);
      const d = data.dtype;
      if (d === 'bool') { kinds.add('bool'); out.push(data.item() as unknown as boolean); }
      else if (isFloatingDType(d)) { kinds.add('float'); out.push(data.item()); }
      else { kinds.add('int'); out.push(data.itemBigInt()); }
      return;
    }
    throw new TypeError(`tensor(): data must hold numbers, booleans, bigints or one-element tensors (got ${describeValue(data)} at dim ${depth})`);
  }
  const expected = shape[depth]!;
  if (Array.isArray(data)) {
    if (data.length !== expected) throw new RangeError(`expected sequence of length ${expected} at dim ${depth} (got ${data.length})`);
    if (depth === shape.length - 1) {
      // The innermost arrays hold nearly all the data: a tight loop, kinds recorded once.
      let float = false;
      let bool = false;
      let int = false;
      for (let i = 0; i < data.length; i++) {
        const v: unknown = onFirstPath && i === 0 ? firstPath[depth] : data[i];
        if (typeof v === 'number') { float = true; out.push(v); }
        else if (typeof v === 'boolean') { bool = true; out.push(v); }
        else if (typeof v === 'bigint') { int = true; out.push(v); }
        else {
          // Only here, off the fast path: a hole reads as undefined; stop at the first one.
          if (v === undefined && !(i in data)) throw holeError(`tensor(): data at dim ${depth}`, i, data.length);
          flatten(v, shape, depth + 1, out, kinds, firstPath, onFirstPath && i === 0);
        }
      }
      if (float) kinds.add('float');
      if (bool) kinds.add('bool');
      if (int) kinds.add('int');
      return;
    }
    for (let i = 0; i < data.length; i++) {
      const first = onFirstPath && i === 0;
      const v: unknown = first ? firstPath[depth] : data[i];
      if (v === undefined && !(i in data)) throw holeError(`tensor(): data at dim ${depth}`, i, data.length);
      flatten(v, shape, depth + 1, out, kinds, firstPath, first);
    }
    return;
  }
  if (isTypedArray(data)) {
    if (data.length !== expected) throw new RangeError(`expected sequence of length ${expected} at dim ${depth} (got ${data.length})`);
    if (depth !== shape.length - 1) throw new TypeError(`tensor(): data must hold numbers, booleans, bigints or one-element tensors (got ${describeValue(data)} at dim ${depth + 1})`);
    kinds.add(`typed:${dtypeOfTypedArray(data)}`);
    for (let i = 0; i < data.length; i++) out.push(data[i]!);
    return;
  }
  throw new TypeError(`not a sequence: expected a sequence of length ${expected} at dim ${depth} (got ${describeValue(data)})`);
}

/** PyTorch's inference for mixed data: any float gives float32, else any integer int64, else bool. */
function inferDType(kinds: Set<Kind>): DType {
  const typed = [...kinds].filter((k) => k.startsWith('typed:'));
  if (typed.length === kinds.size && typed.length === 1) return typed[0]!.slice(6) as DType;
  let float = false;
  let int = false;
  for (const k of kinds) {
    if (k === 'float') float = true;
    else if (k === 'int') int = true;
    else if (k.startsWith('typed:')) {
      const d = k.slice(6) as DType;
      if (isFloatingDType(d)) float = true;
      else if (d !== 'bool') int = true;
    }
  }
  if (float || kinds.size === 0) return 'float32';
  return int ? 'int64' : 'bool';
}

/** Integer dtypes: [lowest, highest], and the typed array that stores them. */
const INT_DTYPES: Partial<Record<DType, { lo: number; hi: number; make: (n: number) => ArrayLike<number | bigint> & { [i: number]: number | bigint } }>> = {
  int8: { lo: -128, hi: 127, make: (n) => new Int8Array(n) },
  int16: { lo: -32768, hi: 32767, make: (n) => new Int16Array(n) },
  int32: { lo: -2147483648, hi: 2147483647, make: (n) => new Int32Array(n) },
  int64: { lo: -(2 ** 63), hi: 2 ** 63, make: (n) => new BigInt64Array(n) },
  uint8: { lo: 0, hi: 255, make: (n) => new Uint8Array(n) },
  uint16: { lo: 0, hi: 65535, make: (n) => new Uint16Array(n) },
  uint32: { lo: 0, hi: 4294967295, make: (n) => new Uint32Array(n) },
  uint64: { lo: 0, hi: 2 ** 64, make: (n) => new BigUint64Array(n) },
};
const BIG_RANGES: Partial<Record<DType, [bigint, bigint]>> = {
  int64: [-(1n << 63n), (1n << 63n) - 1n], uint64: [0n, (1n << 64n) - 1n],
};

function overflow(dtype: DType): RangeError {
  return new RangeError(`value cannot be converted to type ${dtype} without overflow`);
}

/**
 * c10::checked_convert: integer dtypes truncate, and reject NaN and values out of range
 * (unsigned ones let negatives down to -max wrap around, as PyTorch does).
 */
function typedArrayFor(dtype: DType, values: LeafValue[]): ArrayBufferView {
  const n = values.length;
  const int = INT_DTYPES[dtype];
  if (int !== undefined) {
    const out = int.make(n);
    const big = dtype === 'int64' || dtype === 'uint64';
    // int64/uint64 bounds are exclusive powers of two (exact in doubles); the others inclusive.
    const { lo, hi } = int;
    for (let i = 0; i < n; i++) {
      const v = values[i]!;
      if (typeof v === 'bigint') {
        const [blo, bhi] = BIG_RANGES[dtype] ?? [BigInt(lo), BigInt(hi)];
        const bad = blo === 0n ? v > bhi || (v < 0n && -v > bhi) : v < blo || v > bhi;
        if (bad) throw overflow(dtype);
        out[i] = big ? (dtype === 'uint64' ? BigInt.asUintN(64, v) : v) : Number(BigInt.asIntN(64, v));
        continue;
      }
      const x = typeof v === 'boolean' ? (v ? 1 : 0) : Math.trunc(v);
      if (Number.isNaN(x)) throw overflow(dtype);
      const bad = lo === 0
        ? (big ? x >= hi : x > hi) || (x < 0 && (big ? -x >= hi : -x > hi))
        : (big ? x < lo || x >= hi : x < lo || x > hi);
      if (bad) throw overflow(dtype);
      out[i] = big ? (dtype === 'uint64' ? BigInt.asUintN(64, BigInt(x)) : BigInt(x)) : x;
    }
    return out as unknown as ArrayBufferView;
  }
  if (dtype === 'bool') {
    const out = new Uint8Array(n);
    for (let i = 0; i < n; i++) { const v = values[i]!; out[i] = (typeof v === 'bigint' ? v !== 0n : Boolean(v)) ? 1 : 0; }
    return out;
  }
  const out = dtype === 'float32' ? new Float32Array(n) : new Float64Array(n);
  for (let i = 0; i < n; i++) out[i] = Number(values[i]!);
  return out;
}

function storedDType(dtype: DType): DType {
  // Types with no JS typed array are built in float64 and converted natively.
  return dtype === 'float16' || dtype === 'bfloat16' || dtype.startsWith('complex') ? 'float64' : dtype;
}

function finish(t: Tensor, dtype: DType, options: TensorOptions): Tensor {
  let result = t;
  const device = options.device ?? defaultDeviceOrUndefined();
  if (result.dtype !== dtype || device !== undefined) {
    result = result.to({ dtype, device: device ?? result.device });
  }
  if (options.requiresGrad) result.requiresGrad_(true);
  return result;
}

/**
 * A new tensor holding a copy of `data`: a number, boolean or bigint (a 0-dim tensor), a typed
 * array, or nested arrays of them (one-element tensors count as numbers).
 *
 * dtype inference follows PyTorch's rule with JS types. A JS number is a double, and JS cannot
 * tell `1` from `1.0`, so numbers count as Python floats: **numbers give float32** (the default
 * dtype), bigints (`1n`) give int64, booleans give bool, and a typed array gives its own dtype
 * (Float64Array float64, Int32Array int32, BigInt64Array int64, Uint8Array uint8, ...). Mixed
 * data: any number makes it float32, else any bigint makes it int64. Pass `dtype` for anything
 * else (`torch.tensor([0, 2], { dtype: 'int64' })`): integer dtypes truncate like PyTorch and
 * reject NaN and values out of range ("value cannot be converted to type int8 without overflow").
 * @example
 * torch.tensor([[1, 2], [3, 4]]);                 // float32
 * torch.tensor([1n, 2n]);                          // int64
 * torch.tensor([0, 2], { dtype: 'int64' });        // int64
 * torch.tensor([true, false]);                     // bool
 * torch.tensor(new Int32Array([1, 2]));            // int32
 * torch.tensor(0.0);                               // a 0-dim float32 tensor
 * torch.tensor([1.5], { requiresGrad: true, device: 'cpu' });
 */
export function tensor(data: TensorData | Tensor, options: TensorOptions = {}): Tensor {
  if (options === null || typeof options !== 'object') throw new TypeError(`tensor(data, options): options must be an object (got ${describeValue(options)})`);
  const wanted = options.dtype === undefined ? undefined : normalizeDType(options.dtype, 'dtype');
  if (data instanceof Tensor) {
    const copy = data.detach().clone();
    return finish(copy, wanted ?? copy.dtype, options);
  }
  if (isTypedArray(data)) {
    // Shape null: the array's own length as V8 knows it (a `length` property may lie).
    const t = native.fromTypedArray(data, dtypeOfTypedArray(data), null, false);
    return finish(t, wanted ?? t.dtype, options);
  }
  if (typeof data === 'string' || typeof data === 'symbol' || typeof data === 'function' || data === null || data === undefined) {
    throw new TypeError(`tensor(data): data must be a number, boolean, bigint, typed array or nested array of them (got ${describeValue(data)})`);
  }
  const shape: number[] = [];
  const firstPath: unknown[] = [];
  inferShape(data, shape, firstPath);
  const values: LeafValue[] = [];
  const kinds = new Set<Kind>();
  flatten(data, shape, 0, values, kinds, firstPath, true);
  const dtype = wanted ?? inferDType(kinds);
  const stored = storedDType(dtype);
  const t = native.fromTypedArray(typedArrayFor(stored, values), stored, shape, false);
  return finish(t, dtype, options);
}

export interface FromTypedArrayOptions {
  /** Sizes; defaults to [array.length]. */
  shape?: number[];
  /** Reinterpret as this dtype (same element size), default: the array's own. */
  dtype?: DType;
  /** Share the array's memory instead of copying (default true). */
  share?: boolean;
}

/**
 * A CPU tensor over a typed array's elements. With `share` (the default) no copy is made: the
 * tensor uses the array's memory (from its byteOffset) and keeps its ArrayBuffer alive; writes
 * show on both sides. Ownership: the JS ArrayBuffer stays the owner; the tensor holds a
 * reference released when the tensor is disposed or collected (views of the tensor keep it too).
 * The tensor holds the memory itself: if the ArrayBuffer is later transferred or detached
 * (postMessage/structuredClone with `transfer`), the tensor keeps the memory alive and valid.
 * A resizable ArrayBuffer (`maxByteLength`) could shrink under the tensor, so sharing one is a
 * TypeError: pass `share: false` to copy instead. Lengths are V8's own, not the array's
 * `length`/`byteLength` properties.
 * @example const t = torch.fromTypedArray(new Float32Array([1, 2, 3, 4]), { shape: [2, 2] });
 */
export function fromTypedArray(array: ArrayBufferView, options: FromTypedArrayOptions = {}): Tensor {
  if (!isTypedArray(array)) throw new TypeError(`fromTypedArray(array): array must be a typed array (got ${describeValue(array)})`);
  const dtype = options.dtype === undefined ? dtypeOfTypedArray(array) : normalizeDType(options.dtype);
  const shape = options.shape ?? null;
  const own = dtypeOfTypedArray(array);
  const elementBytes = array.byteLength / array.length || 1;
  const itemSize: Record<string, number> = { float16: 2, bfloat16: 2, float32: 4, float64: 8, int8: 1, int16: 2, int32: 4, int64: 8, uint8: 1, bool: 1, uint16: 2, uint32: 4, uint64: 8 };
  if (dtype !== own && itemSize[dtype] !== elementBytes) {
    throw new TypeError(`fromTypedArray(): dtype ${dtype} has ${itemSize[dtype]}-byte elements but the array has ${elementBytes}-byte elements`);
  }
  if (shape === null) return native.fromTypedArray(array, dtype, null, options.share ?? true);
  // some() would step over every hole of a sparse shape: stop at the first instead.
  if (Array.isArray(shape)) checkDense('fromTypedArray(): shape', shape);
  if (!Array.isArray(shape) || shape.some((s) => !Number.isInteger(s) || s < 0)) {
    throw new TypeError(`fromTypedArray(): shape must be an array of non-negative integers (got ${describeValue(shape)})`);
  }
  const numel = shape.reduce((a, b) => a * b, 1);
  if (numel * (itemSize[dtype] ?? elementBytes) > array.byteLength) {
    throw new RangeError(`fromTypedArray(): shape [${shape.join(', ')}] needs ${numel} elements but the array holds ${array.length}`);
  }
  return native.fromTypedArray(array, dtype, shape, options.share ?? true);
}

/**
 * A uint8 (or `dtype`) tensor over a Node Buffer's bytes, shared without copying (as
 * fromTypedArray: writes show on both sides, the tensor keeps the memory alive). For a dtype
 * wider than a byte, the Buffer's offset and length must be multiples of its size.
 * @example torch.fromBuffer(fs.readFileSync(path)).narrow(0, 16, 784)
 * @example torch.fromBuffer(buf, { dtype: 'float32', shape: [2, 2] })
 */
export function fromBuffer(buffer: Uint8Array, options: FromTypedArrayOptions = {}): Tensor {
  if (!(buffer instanceof Uint8Array)) throw new TypeError(`fromBuffer(buffer): buffer must be a Buffer or Uint8Array (got ${describeValue(buffer)})`);
  const dtype = options.dtype === undefined ? 'uint8' : normalizeDType(options.dtype);
  const itemSize: Record<string, number> = { float16: 2, bfloat16: 2, float32: 4, float64: 8, int8: 1, int16: 2, int32: 4, int64: 8, uint8: 1, bool: 1, uint16: 2, uint32: 4, uint64: 8 };
  const size = itemSize[dtype];
  if (size === undefined) throw new TypeError(`fromBuffer(): dtype ${dtype} is not supported`);
  if (buffer.byteOffset % size !== 0 || buffer.byteLength % size !== 0) {
    throw new RangeError(`fromBuffer(): the buffer's offset and length must be multiples of ${size} bytes for ${dtype}`);
  }
  const shape = options.shape ?? [buffer.byteLength / size];
  // some() would step over every hole of a sparse shape: stop at the first instead.
  if (Array.isArray(shape)) checkDense('fromBuffer(): shape', shape);
  if (!Array.isArray(shape) || shape.some((s) => !Number.isInteger(s) || s < 0)) {
    throw new TypeError(`fromBuffer(): shape must be an array of non-negative integers (got ${describeValue(shape)})`);
  }
  const numel = shape.reduce((a, b) => a * b, 1);
  if (numel * size > buffer.byteLength) {
    throw new RangeError(`fromBuffer(): shape [${shape.join(', ')}] needs ${numel * size} bytes but the buffer holds ${buffer.byteLength}`);
  }
  const view = new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength);
  return native.fromTypedArray(view, dtype, shape, options.share ?? true);
}
