// torch.tensor() and tensors over JS memory. Other factories (zeros, rand, ...) are operators.
import { native } from './binding.js';
import { Tensor } from './tensor.js';
import { normalizeDType, describeValue, type DType, type Device } from './dtype.js';

export interface TensorOptions {
  dtype?: DType;
  device?: Device;
  requiresGrad?: boolean;
}

/** Data accepted by torch.tensor: numbers, booleans, bigints, typed arrays, nested arrays of them. */
export type TensorData = number | boolean | bigint | ArrayBufferView | readonly TensorData[];

type Leaf = 'number' | 'boolean' | 'bigint';

const TYPED_ARRAY_DTYPES: [new (...a: never[]) => ArrayBufferView, DType][] = [
  [Float32Array, 'float32'], [Float64Array, 'float64'], [Int8Array, 'int8'], [Int16Array, 'int16'],
  [Int32Array, 'int32'], [BigInt64Array, 'int64'], [Uint8Array, 'uint8'], [Uint8ClampedArray, 'uint8'],
  [Uint16Array, 'uint16'], [Uint32Array, 'uint32'], [BigUint64Array, 'uint64'],
];

/** The dtype a typed array holds (Uint8Array -> uint8, BigInt64Array -> int64, ...). */
export function dtypeOfTypedArray(a: ArrayBufferView): DType {
  for (const [ctor, dtype] of TYPED_ARRAY_DTYPES) if (a instanceof ctor) return dtype;
  throw new TypeError(`data must be a numeric typed array (got ${describeValue(a)})`);
}

function isTypedArray(v: unknown): v is ArrayBufferView & ArrayLike<number | bigint> {
  return ArrayBuffer.isView(v) && !(v instanceof DataView);
}

function inferShape(data: TensorData, shape: number[], depth: number): void {
  if (Array.isArray(data)) {
    shape.push(data.length);
    if (data.length > 0) inferShape(data[0] as TensorData, shape, depth + 1);
  } else if (isTypedArray(data)) {
    shape.push(data.length);
  }
}

function flatten(data: TensorData, shape: number[], depth: number, out: (number | boolean | bigint)[], leaves: Set<Leaf>): void {
  if (depth === shape.length) {
    const t = typeof data;
    if (t !== 'number' && t !== 'boolean' && t !== 'bigint') {
      throw new TypeError(`tensor(): data must hold numbers, booleans or bigints (got ${describeValue(data)} at depth ${depth})`);
    }
    leaves.add(t as Leaf);
    out.push(data as number | boolean | bigint);
    return;
  }
  const expected = shape[depth]!;
  if (Array.isArray(data) || isTypedArray(data)) {
    const seq = data as ArrayLike<TensorData>;
    if (seq.length !== expected) {
      throw new RangeError(`expected sequence of length ${expected} at dim ${depth} (got ${seq.length})`);
    }
    for (let i = 0; i < seq.length; i++) flatten(seq[i]!, shape, depth + 1, out, leaves);
    return;
  }
  throw new RangeError(`expected sequence of length ${expected} at dim ${depth} (got a scalar)`);
}

function typedArrayFor(dtype: DType, values: (number | boolean | bigint)[]): ArrayBufferView {
  const n = values.length;
  const num = (v: number | boolean | bigint) => (typeof v === 'bigint' ? Number(v) : Number(v));
  const big = (v: number | boolean | bigint) => (typeof v === 'bigint' ? v : BigInt(Math.trunc(Number(v))));
  switch (dtype) {
    case 'float64': return Float64Array.from(values, num);
    case 'int64': return BigInt64Array.from(values, big);
    case 'uint64': return BigUint64Array.from(values, big);
    case 'int32': return Int32Array.from(values, num);
    case 'int16': return Int16Array.from(values, num);
    case 'int8': return Int8Array.from(values, num);
    case 'uint8': case 'bool': return Uint8Array.from(values, (v) => (dtype === 'bool' ? (num(v) !== 0 ? 1 : 0) : num(v)));
    case 'uint16': return Uint16Array.from(values, num);
    case 'uint32': return Uint32Array.from(values, num);
    default: return n === 0 ? new Float64Array(0) : Float64Array.from(values, num);
  }
}

function storedDType(dtype: DType): DType {
  // Types with no JS typed array are built in float64 and converted natively.
  return dtype === 'float32' || dtype === 'float16' || dtype === 'bfloat16' || dtype.startsWith('complex') ? 'float64' : dtype;
}

function finish(t: Tensor, dtype: DType, options: TensorOptions): Tensor {
  let result = t;
  if (result.dtype !== dtype || options.device !== undefined) {
    result = result.to({ dtype, device: options.device ?? result.device });
  }
  if (options.requiresGrad) result.requiresGrad_(true);
  return result;
}

/**
 * A new tensor holding a copy of `data`. dtype inference, as PyTorch's with JS's types: a JS
 * number is a double, so numbers give the default float dtype (float32), bigints int64,
 * booleans bool, typed arrays their own dtype. `dtype` overrides it.
 * @example
 * torch.tensor([[1, 2], [3, 4]]);                 // float32
 * torch.tensor([0, 2], { dtype: 'int64' });        // int64
 * torch.tensor(0.0);                               // a 0-dim float32 tensor
 * torch.tensor([1.5], { requiresGrad: true });
 */
export function tensor(data: TensorData | Tensor, options: TensorOptions = {}): Tensor {
  if (options === null || typeof options !== 'object') throw new TypeError(`tensor(data, options): options must be an object (got ${describeValue(options)})`);
  const wanted = options.dtype === undefined ? undefined : normalizeDType(options.dtype, 'dtype');
  if (data instanceof Tensor) {
    const copy = data.detach().clone();
    return finish(copy, wanted ?? copy.dtype, options);
  }
  if (isTypedArray(data)) {
    const t = new Tensor(native.fromTypedArray(data, dtypeOfTypedArray(data), [data.length], false));
    return finish(t, wanted ?? t.dtype, options);
  }
  const shape: number[] = [];
  inferShape(data, shape, 0);
  const values: (number | boolean | bigint)[] = [];
  const leaves = new Set<Leaf>();
  flatten(data, shape, 0, values, leaves);
  let inferred: DType = 'float32';
  if (leaves.size === 1 && leaves.has('boolean')) inferred = 'bool';
  else if (leaves.size >= 1 && !leaves.has('number') && leaves.has('bigint')) inferred = 'int64';
  const dtype = wanted ?? inferred;
  const stored = storedDType(dtype);
  const t = new Tensor(native.fromTypedArray(typedArrayFor(stored, values), stored, shape, false));
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
 * tensor uses the array's memory and keeps its ArrayBuffer alive; writes show on both sides.
 * @example const t = torch.fromTypedArray(new Float32Array([1, 2, 3, 4]), { shape: [2, 2] });
 */
export function fromTypedArray(array: ArrayBufferView, options: FromTypedArrayOptions = {}): Tensor {
  if (!isTypedArray(array)) throw new TypeError(`fromTypedArray(array): array must be a typed array (got ${describeValue(array)})`);
  const dtype = options.dtype === undefined ? dtypeOfTypedArray(array) : normalizeDType(options.dtype);
  const shape = options.shape ?? [array.length];
  if (!Array.isArray(shape) || shape.some((s) => !Number.isInteger(s) || s < 0)) {
    throw new TypeError(`fromTypedArray(): shape must be an array of non-negative integers (got ${describeValue(shape)})`);
  }
  const numel = shape.reduce((a, b) => a * b, 1);
  const own = dtypeOfTypedArray(array);
  const elementBytes = array.byteLength / array.length || 1;
  const itemSize: Record<string, number> = { float16: 2, bfloat16: 2, float32: 4, float64: 8, int8: 1, int16: 2, int32: 4, int64: 8, uint8: 1, bool: 1, uint16: 2, uint32: 4, uint64: 8 };
  if (dtype !== own && itemSize[dtype] !== elementBytes) {
    throw new TypeError(`fromTypedArray(): dtype ${dtype} has ${itemSize[dtype]}-byte elements but the array has ${elementBytes}-byte elements`);
  }
  if (numel * (itemSize[dtype] ?? elementBytes) > array.byteLength) {
    throw new RangeError(`fromTypedArray(): shape [${shape.join(', ')}] needs ${numel} elements but the array holds ${array.length}`);
  }
  return new Tensor(native.fromTypedArray(array, dtype, shape, options.share ?? true));
}

/**
 * A uint8 (or `dtype`) tensor over a Node Buffer's bytes, shared without copying.
 * @example torch.fromBuffer(fs.readFileSync(path)).narrow(0, 16, 784)
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
  const view = new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength);
  return new Tensor(native.fromTypedArray(view, dtype, shape, options.share ?? true));
}
