// The Tensor class. Tensor objects are made natively (native/tensor_object.h): the addon's TensorBase
// template creates them with a hidden pointer to the native tensor, and its prototype is chained
// to Tensor.prototype below, so they are instances of this class. The class body holds the members
// that are not ATen operators and that the rest of lib builds on; lib/tensor_prototype.ts
// assembles the rest of the prototype (the generated operator methods and the other hand-written
// members) once, from its table.
import { native } from './binding.js';
import { normalizeDType, type DType, type Device } from './dtype.js';
import { deviceName, isDevice, type DeviceName } from './device.js';
import { Size } from './size.js';
import { dtypeAliases, dtypeInfo } from './generated/dtypes.js';
import { argTypeError, describeValue, isPlainObject, parseArgs } from './validate.js';
import { AutogradNode, nodeObject } from './autograd/node.js';

export { AutogradNode };

export interface ToOptions {
  dtype?: DType;
  device?: Device;
  nonBlocking?: boolean;
  copy?: boolean;
  memoryFormat?: string;
}

export interface BackwardOptions {
  /** Tensor.backward's gradient (the positional argument's keyword form, as Python's `gradient=`). */
  gradient?: Tensor | null;
  retainGraph?: boolean;
  createGraph?: boolean;
  inputs?: Tensor | Tensor[];
}

/** A nested array of numbers or booleans, as `tolist()` returns. */
export type NestedArray<T> = T | NestedArray<T>[];

/**
 * A multi-dimensional array of one dtype on one device, with autograd (torch.Tensor). Made by the
 * torch functions (torch.tensor, torch.zeros, torch.randn, ...) and by the operators on tensors.
 * @example const x = torch.tensor([[1, 2], [3, 4]], { dtype: 'float32' }); x.matmul(x).sum().item() // 54
 */
export class Tensor {
  /**
   * Tensors are created by torch functions, not with `new`. `new Tensor(t)` (what subclasses such
   * as nn.Parameter call) gives a new object sharing t's data, like `t.detach()` without
   * detaching.
   */
  constructor(source: Tensor) {
    if (!(source instanceof Tensor)) throw argTypeError('Tensor(source)', 'source', 'a Tensor', source);
    // The object is made natively (a plain JS object could not hold the native tensor); a
    // subclass gets its own prototype.
    return native.tensorObject(source, new.target === Tensor ? undefined : new.target.prototype) as this;
  }

  // ---- lifetime ------------------------------------------------------------------------------

  /**
   * Frees the tensor's memory now instead of at garbage collection. Disposing twice is harmless.
   * @example const t = torch.ones(1000, 1000); t.dispose();
   */
  dispose(): void {
    native.dispose(this);
  }

  /** `using t = torch.ones(3)` disposes `t` at the end of the block. */
  [Symbol.dispose](): void {
    native.dispose(this);
  }

  /** True once dispose() ran (or a torch.tidy() scope freed it). @example t.isDisposed */
  get isDisposed(): boolean {
    return native.isDisposed(this);
  }

  // ---- metadata ------------------------------------------------------------------------------

  /** The sizes, as a fresh array. @example torch.zeros(2, 3).shape // [2, 3] */
  get shape(): number[] {
    return native.shape(this);
  }

  /**
   * The sizes as a torch.Size (an array printing as `torch.Size([2, 3])`), or one size (negative
   * dims count from the end).
   * @example x.size() // torch.Size([2, 3]); x.size(-1) // 3
   */
  size(): Size;
  size(dim: number): number;
  size(dim?: number): Size | number {
    const shape = native.shape(this);
    if (dim === undefined) return Size.adopt(shape);
    return shape[wrapDim(dim, shape.length, 'dim')]!;
  }

  /** Number of dimensions. @example torch.zeros(2, 3).dim() // 2 */
  dim(): number {
    return native.shape(this).length;
  }
  get ndim(): number { return this.dim(); }

  /** Number of elements. @example torch.zeros(2, 3).numel() // 6 */
  numel(): number {
    let n = 1;
    for (const s of native.shape(this)) n *= s;
    return n;
  }

  /** The dtype, e.g. 'float32'. @example x.dtype */
  get dtype(): DType {
    return native.dtype(this) as DType;
  }

  /** The device, as a string: 'cpu' or 'cuda:0' (`torch.device(x.device)` for Python's object). @example x.device */
  get device(): DeviceName {
    return native.device(this);
  }

  get isCuda(): boolean { return this.device.startsWith('cuda'); }

  /** Strides in elements. @example x.stride() */
  stride(): number[];
  stride(dim: number): number;
  stride(dim?: number): number[] | number {
    const s = native.strides(this);
    if (dim === undefined) return s;
    return s[wrapDim(dim, s.length, 'dim')]!;
  }

  // ---- autograd ------------------------------------------------------------------------------

  /** Whether gradients are recorded for this tensor. Settable on leaves. @example w.requiresGrad = true */
  get requiresGrad(): boolean {
    return native.requiresGrad(this);
  }
  set requiresGrad(flag: boolean) {
    if (typeof flag !== 'boolean') throw argTypeError('', 'requiresGrad', 'a boolean', flag);
    native.setRequiresGrad(this, flag);
  }

  /** Sets requiresGrad in place and returns this tensor. @example torch.zeros(3).requiresGrad_() */
  requiresGrad_(flag: boolean = true): this {
    this.requiresGrad = flag;
    return this;
  }

  /**
   * The accumulated gradient, or null. The same object on every read while the gradient is the
   * same tensor, as in Python (`x.grad is x.grad`): an optimizer step or `grad.zero_()` keeps it;
   * `zeroGrad()` (which sets it to null) and the next backward make a new one. `x.grad.dispose()`
   * releases that object's reference only: x keeps its gradient (`x.grad = null` drops it), and
   * the next read returns a new object.
   * @example loss.backward(); const g = w.grad; w.grad === g // true
   */
  get grad(): Tensor | null {
    const last = gradObjects.get(this);
    const g = native.grad(this, last);
    if (g !== last) {
      if (g === null) gradObjects.delete(this);
      else gradObjects.set(this, g);
    }
    return g;
  }
  set grad(g: Tensor | null) {
    if (g !== null && !(g instanceof Tensor)) throw argTypeError('', 'grad', 'a Tensor or null', g);
    native.setGrad(this, g);
    if (g === null) gradObjects.delete(this);
    else gradObjects.set(this, g);
  }

  /** The autograd node that produced this tensor, or null for leaves. @example y.gradFn?.name() */
  get gradFn(): AutogradNode | null {
    return nodeObject(native.gradFn(this));
  }

  /** True for tensors created by the user (not by a recorded op). @example w.isLeaf */
  get isLeaf(): boolean {
    return native.isLeaf(this);
  }

  /** Keeps .grad for a non-leaf tensor after backward. @example y.retainGrad() */
  retainGrad(): void {
    native.retainGrad(this);
  }

  get retainsGrad(): boolean {
    return native.retainsGrad(this);
  }

  /** The version counter bumped by in-place ops. */
  get _version(): number {
    return native.version(this);
  }

  /** Replaces this tensor's data, keeping its identity (PyTorch's `x.data = y`). */
  set data(value: Tensor) {
    if (!(value instanceof Tensor)) throw argTypeError('', 'data', 'a Tensor', value);
    native.setData(this, value);
  }
  /** A tensor sharing this one's data, detached from autograd. */
  get data(): Tensor {
    return this.detach();
  }

  /**
   * Computes gradients of this tensor with respect to graph leaves. Python's
   * `backward(gradient=None, retain_graph=None, create_graph=False, inputs=None)`: any prefix
   * positionally, the rest in an options object (`gradient` included); an unknown option key is a
   * TypeError naming it.
   * @example const loss = x.mul(x).sum(); loss.backward(); x.grad
   * @example y.backward({ retainGraph: true }); y.backward(torch.ones(3), { createGraph: true })
   * @example y.backward({ gradient: torch.ones(3), inputs: [x] })
   */
  backward(options?: BackwardOptions): void;
  backward(gradient?: Tensor | null, options?: Omit<BackwardOptions, 'gradient'>): void;
  backward(gradient?: Tensor | null, retainGraph?: boolean | null, createGraph?: boolean, inputs?: Tensor | Tensor[]): void;
  backward(...args: unknown[]): void {
    // No arguments (a training loop's loss.backward()) skips the parsing.
    if (args.length === 0) { backwardImpl([this], [null], {}); return; }
    const o = parseArgs<BackwardOptions>('backward()', args, BACKWARD_ARGS, {});
    const gradient = o.gradient;
    if (gradient !== undefined && gradient !== null && !(gradient instanceof Tensor)) {
      throw argTypeError('backward()', 'gradient', 'a Tensor or null', gradient);
    }
    backwardImpl([this], [gradient ?? null], o);
  }

  // ---- data ----------------------------------------------------------------------------------

  /**
   * The value of a one-element tensor as a number (a boolean for bool tensors). int64 values
   * beyond Number.MAX_SAFE_INTEGER throw a RangeError: read those with itemBigInt().
   * @example torch.tensor([2.5]).item() // 2.5
   */
  item(): number {
    return native.item(this) as number;
  }

  /** The exact value of a one-element integer tensor. @example torch.tensor(1n << 60n).itemBigInt() */
  itemBigInt(): bigint {
    return native.itemBigInt(this);
  }

  /**
   * A copy of the elements, row-major, in a typed array: Float32Array for float32 (and for
   * float16/bfloat16), Float64Array, Int32Array, BigInt64Array for int64, Uint8Array for uint8 and bool.
   * @example torch.ones(2).dataSync() // Float32Array [1, 1]
   */
  dataSync(): ArrayBufferView {
    return native.dataSync(this);
  }

  /**
   * The elements of a contiguous CPU tensor in place, without copying. Writes show in the
   * tensor. Lifetime: the view holds a reference to the tensor's storage, so it stays valid
   * after the tensor is disposed, collected or given another storage (`set_`); the memory is
   * freed once both are gone. As Python's `numpy()`, it makes the storage non-resizable: a later
   * `resize_` that needs more memory throws "Trying to resize storage that is not resizable".
   * Tensors with the negative or conjugate bit set are refused (call `resolveNeg()` first).
   * @example const v = x.dataView() as Float32Array; v[0] = 5;
   */
  dataView(): ArrayBufferView {
    return native.dataView(this);
  }

  /**
   * The elements as nested arrays (numbers, or booleans for bool tensors); a number for a 0-dim tensor.
   * int64 values beyond Number.MAX_SAFE_INTEGER throw a RangeError.
   * @example torch.eye(2).tolist() // [[1, 0], [0, 1]]
   */
  tolist(): NestedArray<number> | NestedArray<boolean> {
    const shape = this.shape;
    // Counted first: a tensor without elements can still have 2^31 rows, and building that many
    // empty arrays exhausts V8's heap, a fatal error no JS code can catch (Python raises MemoryError).
    let arrays = 1;
    for (let d = 0, rows = 1; d < shape.length - 1; d++) arrays += rows *= shape[d]!;
    if (arrays > MAX_TOLIST_ARRAYS) {
      throw new RangeError(`tolist(): a tensor of shape [${shape.join(', ')}] makes ${arrays} nested arrays, more than a JS heap holds; read it with dataSync()`);
    }
    const data = native.dataSync(this, true);
    const isBool = this.dtype === 'bool';
    const flat: (number | boolean)[] = new Array((data as unknown as { length: number }).length);
    const src = data as unknown as ArrayLike<number | bigint>;
    for (let i = 0; i < flat.length; i++) {
      const v = src[i]!;
      if (typeof v === 'bigint') {
        if (v > BigInt(Number.MAX_SAFE_INTEGER) || v < -BigInt(Number.MAX_SAFE_INTEGER)) {
          throw new RangeError(`tolist(): the int64 value ${v} is beyond Number.MAX_SAFE_INTEGER; read it with dataSync() as a BigInt64Array`);
        }
        flat[i] = Number(v);
      } else {
        flat[i] = isBool ? v !== 0 : v;
      }
    }
    if (shape.length === 0) return flat[0] as number;
    let pos = 0;
    const build = (d: number): unknown[] => {
      const out: unknown[] = new Array(shape[d]!);
      for (let i = 0; i < shape[d]!; i++) out[i] = d === shape.length - 1 ? flat[pos++] : build(d + 1);
      return out;
    };
    return build(0) as NestedArray<number>;
  }

  // ---- conversion ----------------------------------------------------------------------------

  /**
   * Converts to a dtype and/or device; returns this tensor when nothing changes.
   * @example x.to('cuda'); x.to('float64'); x.to({ device: 'cpu', dtype: 'float16' }); x.to(other)
   */
  to(target: DType | Device | Tensor | ToOptions, options?: Omit<ToOptions, 'dtype' | 'device'>): Tensor {
    // x.to('float32'), x.float(): the common case, straight to aten::to.dtype (which returns x
    // itself when nothing changes).
    if (options === undefined && typeof target === 'string' && hasOwn(dtypeInfo, target)) return toDtypeImpl(this, target as DType);
    options ??= {};
    let spec: ToOptions;
    if (target instanceof Tensor) spec = { dtype: target.dtype, device: target.device };
    else if (typeof target === 'string') spec = isDTypeName(target) ? { dtype: normalizeDType(target) } : { device: target };
    else if (isDevice(target)) spec = { device: String(target) };
    else if (isPlainObject(target)) spec = target as ToOptions;
    else throw new TypeError(`to(): expected a dtype, a device, a Tensor or an options object (got ${describeValue(target)})`);
    spec = { ...options, ...spec };
    const dtype = spec.dtype === undefined ? undefined : normalizeDType(spec.dtype, 'dtype');
    // Always the operator, which returns x itself when nothing changes: only it knows which device
    // 'cuda' means (the current one, torch.cuda.setDevice). A dtype alone takes aten::to.dtype, the
    // overload x.float() uses (one candidate to match, no keyword arguments).
    if (spec.device === undefined && dtype !== undefined && !spec.copy && !spec.nonBlocking && spec.memoryFormat === undefined) return toDtypeImpl(this, dtype);
    return toImpl(this, { dtype, device: deviceName(spec.device), nonBlocking: spec.nonBlocking ?? false, copy: spec.copy ?? false, memoryFormat: spec.memoryFormat });
  }

  /** @example x.float() */ float(): Tensor { return toDtypeImpl(this, 'float32'); }
  /** @example x.double() */ double(): Tensor { return toDtypeImpl(this, 'float64'); }
  /** @example x.half() */ half(): Tensor { return toDtypeImpl(this, 'float16'); }
  /** @example x.bfloat16() */ bfloat16(): Tensor { return toDtypeImpl(this, 'bfloat16'); }
  /** @example x.long() */ long(): Tensor { return toDtypeImpl(this, 'int64'); }
  /** @example x.int() */ int(): Tensor { return toDtypeImpl(this, 'int32'); }
  /** @example x.short() */ short(): Tensor { return toDtypeImpl(this, 'int16'); }
  /** @example x.char() */ char(): Tensor { return toDtypeImpl(this, 'int8'); }
  /** @example x.byte() */ byte(): Tensor { return toDtypeImpl(this, 'uint8'); }
  /** @example x.bool() */ bool(): Tensor { return toDtypeImpl(this, 'bool'); }
  /** @example x.cpu() */ cpu(): Tensor { return this.to('cpu'); }
  /** @example x.cuda() ; x.cuda(1) */
  cuda(device?: number | Device): Tensor {
    const name = device === undefined ? 'cuda' : typeof device === 'number' ? `cuda:${device}` : deviceName(device);
    return this.to(name);
  }
  /** Same dtype and device as `other`. @example x.typeAs(y) */
  typeAs(other: Tensor): Tensor { return this.to(other.dtype); }

  /**
   * Without an argument, Python's type name of this tensor: 'torch.FloatTensor',
   * 'torch.cuda.LongTensor'. With one (a dtype, or such a type name), this tensor converted to it,
   * or this tensor itself when it already is of it; a type name with a device ('torch.cuda.')
   * moves it there, one without moves it to the CPU, as Python's `x.type('torch.FloatTensor')`.
   * @example torch.zeros(2).type() // 'torch.FloatTensor'
   * @example x.type('float64'); x.type('torch.cuda.HalfTensor')
   */
  type(): string;
  type(dtype: DType | TensorTypeName): Tensor;
  type(dtype?: unknown): string | Tensor {
    if (dtype === undefined) {
      const device = this.device;
      const colon = device.indexOf(':');
      const deviceType = colon < 0 ? device : device.slice(0, colon);
      return `torch.${deviceType === 'cpu' ? '' : `${deviceType}.`}${TENSOR_TYPE_NAMES[this.dtype]}Tensor`;
    }
    if (typeof dtype === 'string' && isDTypeName(dtype)) return toDtypeImpl(this, normalizeDType(dtype));
    const m = typeof dtype === 'string' ? /^torch\.(?:(\w+)\.)?(\w+)Tensor$/.exec(dtype) : null;
    const target = m === null ? undefined : (Object.keys(TENSOR_TYPE_NAMES) as DType[]).find((d) => TENSOR_TYPE_NAMES[d] === m[2]);
    if (m === null || target === undefined) {
      if (typeof dtype !== 'string') throw argTypeError('type()', 'dtype', "a dtype or a tensor type name such as 'torch.FloatTensor'", dtype);
      throw new TypeError(`invalid type: '${dtype}'`);
    }
    const deviceType = m[1] ?? 'cpu';
    const device = this.device;
    if (device === deviceType || device.startsWith(`${deviceType}:`)) return toDtypeImpl(this, target);
    return this.to({ dtype: target, device: deviceType });
  }

  /**
   * Python's `for row in x`: the tensor's slices along its first dimension (`x.unbind(0)`); a 0-d
   * tensor is PyTorch's TypeError. Deep equality in test frameworks (vitest's and jest's toEqual,
   * and toBe's failure hint) walks iterables, so compares tensors slice by slice down to 0-d ones;
   * compare `tolist()` or `torch.equal(a, b)` instead.
   * @example for (const row of torch.eye(2)) console.log(row.tolist())
   */
  *[Symbol.iterator](): Iterator<Tensor> {
    if (native.shape(this).length === 0) throw new TypeError('iteration over a 0-d tensor');
    yield* (this as unknown as { unbind(dim: number): Tensor[] }).unbind(0);
  }

  /**
   * `Number(t)`, `+t`, `Math.max(t, 0)`, `t < 1`: the value of a one-element tensor, as Python's
   * `float(t)` (a number; bool tensors give 0 or 1; any other element count is PyTorch's error).
   * Strings (`String(t)`, template literals) and the 'default' hint (`'x: ' + t`, `t == 1`) give the
   * printed tensor: `t + 1` is string concatenation, not tensor arithmetic (write `t.add(1)`, or
   * `+t + 1` for the number).
   * @example +torch.tensor([2.5]) // 2.5
   */
  [Symbol.toPrimitive](hint: 'number' | 'string' | 'default'): number | string {
    if (hint !== 'number') return this.toString();
    let n = 1;
    for (const s of native.shape(this)) n *= s;
    if (n !== 1) throw new RangeError('only one element tensors can be converted to Python scalars');
    return Number(this.item());
  }
}

export interface Tensor {
  /** Node's console.log uses this. */
  [key: symbol]: unknown;
}

const hasOwn = (o: object, key: string): boolean => Object.prototype.hasOwnProperty.call(o, key);

function isDTypeName(s: string): boolean {
  const key = s.startsWith('torch.') ? s.slice(6) : s;
  return hasOwn(dtypeInfo, key) || hasOwn(dtypeAliases, key);
}

/** The most nested arrays tolist() builds: V8's largest FixedArray, far beyond what its default heap holds as arrays. */
const MAX_TOLIST_ARRAYS = 2 ** 27;

/** Python's tensor type names ('torch.FloatTensor'), per dtype. */
const TENSOR_TYPE_NAMES: Readonly<Record<DType, string>> = {
  float32: 'Float', float64: 'Double', float16: 'Half', bfloat16: 'BFloat16', int8: 'Char', int16: 'Short',
  int32: 'Int', int64: 'Long', uint8: 'Byte', bool: 'Bool', complex64: 'ComplexFloat', complex128: 'ComplexDouble',
  uint16: 'UInt16', uint32: 'UInt32', uint64: 'UInt64',
};

/** A Python tensor type name, with or without a device: 'torch.FloatTensor', 'torch.cuda.LongTensor'. */
export type TensorTypeName = `torch.${string}Tensor`;

const BACKWARD_ARGS = ['gradient', 'retainGraph', 'createGraph', 'inputs'] as const;

/** Wraps a dim into [0, ndim), or a RangeError in PyTorch's words. */
export function wrapDim(dim: number, ndim: number, argName: string): number {
  if (!Number.isInteger(dim)) throw argTypeError('', argName, 'an integer', dim);
  const n = Math.max(ndim, 1);
  if (dim < -n || dim >= n) {
    throw new RangeError(`Dimension out of range (expected to be in range of [${-n}, ${n - 1}], but got ${dim})`);
  }
  return dim < 0 ? dim + n : dim;
}

/**
 * @internal The gradient of t as a new object that the caller disposes once done with it (what the
 * optimizers read): unlike `t.grad`'s object, it does not outlive the update, so `zeroGrad()` frees
 * the gradient at once rather than at the next collection, and the next backward's gradient reuses
 * that memory while it is still in cache; nor does it count towards the next scavenge. An object
 * the caller holds from `t.grad` is left alone.
 */
export function borrowGrad(t: Tensor): Tensor | null {
  return native.borrowGrad(t);
}

/**
 * The object each tensor's `grad` getter returned last: handed back while it still holds the
 * gradient's TensorImpl (native grad compares), so that `x.grad === x.grad`. Weak on the tensor,
 * strong on the object: a JS WeakRef would keep every object it hands out alive until the current
 * job ends, which a synchronous training loop never reaches. So the setter (and zeroGrad(), which
 * sets null) replaces or drops the entry at once; a gradient that a backward with createGraph
 * replaced out of place stays alive until the next read.
 */
const gradObjects = new WeakMap<Tensor, Tensor>();

// Filled by lib/tensor_prototype.ts at load time, so this file stays free of import cycles.
type BackwardImpl = (tensors: Tensor[], grads: (Tensor | null)[], options: BackwardOptions) => void;
type ToImpl = (t: Tensor, spec: { dtype?: DType; device?: string; nonBlocking: boolean; copy: boolean; memoryFormat?: string }) => Tensor;
let backwardImpl: BackwardImpl = () => { throw new Error('torch-node: autograd is not loaded'); };
type ToDtypeImpl = (t: Tensor, dtype: DType) => Tensor;
let toImpl: ToImpl = () => { throw new Error('torch-node: operators are not loaded'); };
let toDtypeImpl: ToDtypeImpl = () => { throw new Error('torch-node: operators are not loaded'); };
/** @internal */
export function setTensorImpls(impls: { backward: BackwardImpl; to: ToImpl; toDtype: ToDtypeImpl }): void {
  backwardImpl = impls.backward;
  toImpl = impls.to;
  toDtypeImpl = impls.toDtype;
}

// Natively made tensor objects inherit from the addon's TensorBase.prototype: chained here to
// Tensor.prototype, so `instanceof Tensor` holds and every method below (and the generated
// operators) applies. Its own `constructor` names this class, as `t.constructor === Tensor` expects.
Object.setPrototypeOf(native.TensorBase.prototype, Tensor.prototype);
Object.defineProperty(native.TensorBase.prototype, 'constructor', { value: Tensor, writable: true, configurable: true });
