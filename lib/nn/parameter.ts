// nn.Parameter: a Tensor subclass that modules register as a trainable parameter.
import { inspect } from 'node:util';
import { Tensor } from '../tensor.js';
import { describeValue, parseArgs, type Args } from '../validate.js';
import type { DType, Device } from '../dtype.js';
import { empty } from '../generated/functions.js';
import { escapeScopes } from '../scope.js';

/**
 * A tensor that is a module parameter: assigning one to a module property registers it, so it
 * shows in `parameters()`, `namedParameters()` and `stateDict()`. Built from a tensor, it shares
 * that tensor's data (like PyTorch's `Parameter(data)`, a detached alias) and requires grad
 * unless `requiresGrad` is false.
 * @example
 * class Scale extends nn.Module {
 *   alpha = new nn.Parameter(torch.tensor(1.0));
 *   forward(x: Tensor): Tensor { return x.mul(this.alpha); }
 * }
 * new nn.Parameter(torch.zeros(3), false).requiresGrad // false
 */
export class Parameter extends Tensor {
  constructor(data?: Tensor | null, requiresGrad: boolean | { requiresGrad?: boolean } = true) {
    let flag: unknown = requiresGrad;
    if (requiresGrad !== null && typeof requiresGrad === 'object') flag = requiresGrad.requiresGrad ?? true;
    if (typeof flag !== 'boolean') throw new TypeError(`Parameter(): requiresGrad must be a boolean (got ${describeValue(flag)})`);
    if (data !== undefined && data !== null && !(data instanceof Tensor)) {
      throw new TypeError(`Parameter(): data must be a Tensor (got ${describeValue(data)})`);
    }
    const source = data ?? empty(0);
    const detached = source.detach();
    super(detached);
    // The parameter is a new object sharing detached's tensor: the two temporaries can go now.
    detached.dispose();
    if (data === undefined || data === null) source.dispose();
    this.requiresGrad_(flag);
    // Parameters are long-lived module state: a torch.tidy() around model construction must not free them.
    escapeScopes(this);
  }

  /** `Parameter containing:\ntensor([...], requires_grad=True)`, as PyTorch prints it. */
  override toString(): string {
    return `Parameter containing:\n${Tensor.prototype.toString.call(this)}`;
  }

  /** Node's console.log. */
  [inspect.custom](): string {
    return this.toString();
  }
}

/**
 * True for values that are an `nn.Parameter`.
 * @example nn.isParameter(model.fc1.weight) // true
 */
export function isParameter(v: unknown): v is Parameter {
  return v instanceof Parameter;
}

/** Options of UninitializedParameter and UninitializedBuffer. */
export interface UninitializedOptions {
  requiresGrad?: boolean;
  device?: Device;
  dtype?: DType;
}

const SHAPE_MESSAGE = "Can't access the shape of an uninitialized parameter or buffer. This error usually happens in `load_state_dict` when "
  + 'trying to load an uninitialized parameter into an initialized one. Call `forward` to initialize the parameters before accessing their attributes.';

function factory(o: UninitializedOptions): { device?: Device; dtype?: DType } {
  const kw: { device?: Device; dtype?: DType } = {};
  if (o.device !== undefined) kw.device = o.device;
  if (o.dtype !== undefined) kw.dtype = o.dtype;
  return kw;
}

/** The prototype natively made tensors have (a materialized buffer becomes a plain tensor again). */
let plainTensorPrototype: object | undefined;

/**
 * The members UninitializedParameter and UninitializedBuffer share (PyTorch's
 * UninitializedTensorMixin): `materialize`, and a `shape` that is an error until then.
 * `x instanceof nn.UninitializedTensorMixin` is true for both kinds.
 * @example if (p instanceof nn.UninitializedTensorMixin) p.materialize([10, 4]);
 */
export abstract class UninitializedTensorMixin {
  static [Symbol.hasInstance](v: unknown): boolean {
    return v instanceof UninitializedParameter || v instanceof UninitializedBuffer;
  }
}

function materialize(t: Tensor, shape: readonly number[] | number, device: Device | undefined, dtype: DType | undefined, proto: object): void {
  const dims = typeof shape === 'number' ? [shape] : Array.isArray(shape) ? [...(shape as readonly number[])] : null;
  if (dims === null || !dims.every((d) => Number.isSafeInteger(d) && d >= 0)) {
    throw new TypeError(`materialize(): shape must be a non-negative integer or an array of them (got ${describeValue(shape)})`);
  }
  t.data = empty(dims, { device: device ?? t.device, dtype: dtype ?? t.dtype });
  Object.setPrototypeOf(t, proto);
}

/**
 * A parameter whose shape is not known yet, as lazy modules (nn.LazyLinear, ...) hold until
 * their first forward. `materialize(shape)` gives it storage and makes it an ordinary
 * nn.Parameter, the same object. Reading `shape` before is PyTorch's error; other operations on
 * it see an empty tensor. In a state dict it appears as itself.
 * @example
 * const w = new nn.UninitializedParameter();
 * w.materialize([3, 4]); // now an nn.Parameter of shape [3, 4] (uninitialised memory)
 */
export class UninitializedParameter extends Parameter {
  constructor(...args: Args<[requiresGrad: boolean, device: Device, dtype: DType], UninitializedOptions>) {
    const o = parseArgs<UninitializedOptions>('UninitializedParameter()', args, ['requiresGrad', 'device', 'dtype'], { requiresGrad: true });
    super(empty(0, factory(o)), o.requiresGrad);
  }

  /** @internal Module.deepCopy's copy: a new uninitialized parameter (PyTorch's __deepcopy__). */
  _deepCopy(): UninitializedParameter {
    return new UninitializedParameter(this.requiresGrad, this.device, this.dtype);
  }

  /** Gives the parameter storage of `shape` and makes it an nn.Parameter. @example w.materialize([10, 4]) */
  materialize(shape: readonly number[] | number, device?: Device, dtype?: DType): void {
    materialize(this, shape, device, dtype, Parameter.prototype);
  }

  override get shape(): number[] {
    throw new Error(SHAPE_MESSAGE);
  }

  /** Itself: a lazy module's state dict holds its uninitialized parameters as they are. */
  override detach(): Tensor {
    return this;
  }

  /** `<UninitializedParameter>`, as PyTorch prints it. */
  override toString(): string {
    return '<UninitializedParameter>';
  }

  override [inspect.custom](): string {
    return this.toString();
  }
}

/**
 * A buffer whose shape is not known yet (a lazy batch norm's running statistics).
 * `materialize(shape)` gives it storage and makes it an ordinary tensor, the same object.
 * @example const b = new nn.UninitializedBuffer(); b.materialize([8]);
 */
export class UninitializedBuffer extends Tensor {
  /** Whether the module's state dict includes it (PyTorch's `persistent`). */
  declare persistent: boolean;

  constructor(...args: Args<[requiresGrad: boolean, device: Device, dtype: DType, persistent: boolean], UninitializedOptions & { persistent?: boolean }>) {
    const o = parseArgs<UninitializedOptions & { persistent?: boolean }>('UninitializedBuffer()', args,
      ['requiresGrad', 'device', 'dtype', 'persistent'], { requiresGrad: false, persistent: true });
    const source = empty(0, factory(o));
    super(source);
    source.dispose();
    this.requiresGrad_(o.requiresGrad!);
    Object.defineProperty(this, 'persistent', { value: o.persistent, writable: true, enumerable: false, configurable: true });
    escapeScopes(this);
  }

  /** @internal Module.deepCopy's copy: a new uninitialized buffer. */
  _deepCopy(): UninitializedBuffer {
    return new UninitializedBuffer(this.requiresGrad, this.device, this.dtype, this.persistent);
  }

  /** Gives the buffer storage of `shape` and makes it an ordinary tensor. @example b.materialize([8]) */
  materialize(shape: readonly number[] | number, device?: Device, dtype?: DType): void {
    plainTensorPrototype ??= Object.getPrototypeOf(empty(0)) as object;
    delete (this as { persistent?: boolean }).persistent;
    materialize(this, shape, device, dtype, plainTensorPrototype);
  }

  override get shape(): number[] {
    throw new Error(SHAPE_MESSAGE);
  }

  /** Itself: a lazy module's state dict holds its uninitialized buffers as they are. */
  override detach(): Tensor {
    return this;
  }

  /** `<UninitializedBuffer>`, as PyTorch prints it. */
  override toString(): string {
    return '<UninitializedBuffer>';
  }

  /** Node's console.log. */
  [inspect.custom](): string {
    return this.toString();
  }
}

// Module.to()/float()/double() replace each buffer by `buffer.to(...)`: an uninitialized buffer
// converts to an uninitialized buffer (as PyTorch's does), so a lazy module can be cast before
// its first forward.
Object.defineProperty(UninitializedBuffer.prototype, 'to', {
  value: function to(this: UninitializedBuffer, ...args: unknown[]): Tensor {
    const t = (Tensor.prototype.to as (...a: unknown[]) => Tensor).apply(this, args);
    if (t === this) return this;
    const out = new UninitializedBuffer(this.requiresGrad, t.device, t.dtype, this.persistent);
    t.dispose();
    return out;
  },
  writable: true, configurable: true,
});

/**
 * True for an uninitialized parameter or buffer (PyTorch's `torch.nn.parameter.is_lazy`).
 * @example nn.isLazy(new nn.LazyLinear(10).weight) // true
 */
export function isLazy(v: unknown): boolean {
  return v instanceof UninitializedTensorMixin;
}
