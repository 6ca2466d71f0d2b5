// torch.autocast: mixed precision over LibTorch's autocast dispatch keys. Entering a scope sets
// the thread-local state (enabled flag, target dtype, cache flag, nesting count) exactly as
// torch/amp/autocast_mode.py's __enter__ does, and leaving restores what was saved at entry; the
// casting itself is done by the AutocastCPU / AutocastCUDA kernels LibTorch registers.
import { native } from '../binding.js';
import { normalizeDType, type DType } from '../dtype.js';
import * as cuda from '../cuda.js';
import { Tensor } from '../tensor.js';
import { describeValue, isPlainObject } from '../validate.js';

/** A device type autocast knows: 'cpu', 'cuda' (any device string LibTorch parses is accepted). */
export type AutocastDeviceType = 'cpu' | 'cuda' | (string & {});

/** The options of `torch.autocast` (Python's keyword arguments, camelCased). */
export interface AutocastOptions {
  /** 'cpu' or 'cuda' (required). */
  deviceType: AutocastDeviceType;
  /** The lower-precision dtype ops run in; default `torch.getAutocastDtype(deviceType)` (bfloat16 on CPU, float16 on CUDA). */
  dtype?: DType | string | null;
  /** Whether autocasting is on in the scope (default true); `enabled: false` opens a scope that turns it off. */
  enabled?: boolean;
  /** Whether casts of leaf tensors (weights) are cached for the outermost scope (default: the current setting, true). */
  cacheEnabled?: boolean | null;
}

/** An open autocast scope: what it set, and `[Symbol.dispose]` to close it (the `using` form). */
export interface AutocastScope {
  readonly deviceType: string;
  /** The dtype the scope set. */
  readonly dtype: DType;
  /** Whether autocasting is on inside (false after a warning disabled it). */
  readonly enabled: boolean;
  readonly cacheEnabled: boolean;
  [Symbol.dispose](): void;
}

const OPTION_KEYS = new Set(['deviceType', 'dtype', 'enabled', 'cacheEnabled']);
const SUPPORTED_DTYPES: readonly DType[] = ['bfloat16', 'float16'];

function warn(message: string): void {
  process.emitWarning(message, 'UserWarning');
}

function checkDeviceType(where: string, deviceType: unknown): string {
  if (typeof deviceType !== 'string') {
    throw new TypeError(`${where}: deviceType must be a string such as 'cpu' or 'cuda' (got ${describeValue(deviceType)})`);
  }
  return deviceType;
}

function checkBoolean(where: string, name: string, value: unknown): boolean {
  if (typeof value !== 'boolean') throw new TypeError(`${where}: ${name} must be a boolean (got ${describeValue(value)})`);
  return value;
}

interface ResolvedAutocast {
  deviceType: string;
  dtype: DType;
  enabled: boolean;
  cacheEnabled: boolean;
}

// torch.autocast.__init__: the argument checks, defaults, and the warnings that disable autocast.
function resolve(where: string, options: AutocastOptions | AutocastDeviceType): ResolvedAutocast {
  const opts: AutocastOptions = typeof options === 'string' ? { deviceType: options } : options;
  if (!isPlainObject(opts as unknown)) {
    throw new TypeError(`${where}: options must be a device type string or an object with deviceType (got ${describeValue(options)})`);
  }
  for (const key of Object.keys(opts)) {
    if (!OPTION_KEYS.has(key)) throw new TypeError(`${where}: unknown option '${key}' (expected deviceType, dtype, enabled, cacheEnabled)`);
  }
  const deviceType = checkDeviceType(where, opts.deviceType);
  const dtype = opts.dtype === undefined || opts.dtype === null ? getAutocastDtype(deviceType) : normalizeDType(opts.dtype, 'dtype');
  if (!native.isAutocastAvailable(deviceType)) {
    throw new Error(`User specified an unsupported autocast device_type '${deviceType}'`);
  }
  const cacheEnabled = opts.cacheEnabled === undefined || opts.cacheEnabled === null
    ? native.isAutocastCacheEnabled() : checkBoolean(where, 'cacheEnabled', opts.cacheEnabled);
  let enabled = opts.enabled === undefined ? true : checkBoolean(where, 'enabled', opts.enabled);
  const deviceName = deviceType.toUpperCase();
  if (enabled) {
    if (deviceType === 'cuda') {
      if (!cuda.isAvailable()) {
        warn('CUDA is not available or torch_xla is imported. Disabling autocast.');
        enabled = false;
      } else if (dtype === 'bfloat16' && !cudaBf16Supported()) {
        throw new Error('Current CUDA Device does not support bfloat16. Please switch dtype to float16.');
      }
    } else if (!SUPPORTED_DTYPES.includes(dtype)) {
      warn(`In ${deviceName} autocast, but the target dtype is not supported. Disabling autocast.\n` +
        `${deviceName} Autocast only supports dtypes of ${SUPPORTED_DTYPES.map((d) => `torch.${d}`).join(', ')} currently.`);
      enabled = false;
    }
  }
  return { deviceType, dtype, enabled, cacheEnabled };
}

// torch.cuda.is_bf16_supported() on a CUDA build: compute capability 8.0 (Ampere) or newer.
function cudaBf16Supported(): boolean {
  return cuda.getDeviceProperties().major >= 8;
}

interface SavedState {
  cacheEnabled: boolean;
  enabled: boolean;
  dtype: string;
}

// torch.autocast.__enter__.
function enter(r: ResolvedAutocast): SavedState {
  const saved: SavedState = {
    cacheEnabled: native.isAutocastCacheEnabled(),
    enabled: native.isAutocastEnabled(r.deviceType),
    dtype: native.getAutocastDtype(r.deviceType),
  };
  native.setAutocastEnabled(r.deviceType, r.enabled);
  native.setAutocastDtype(r.deviceType, r.dtype);
  native.autocastIncrementNesting();
  native.setAutocastCacheEnabled(r.cacheEnabled);
  return saved;
}

// torch.autocast.__exit__: the outermost scope's exit drops the cached weight casts.
function exit(r: ResolvedAutocast, saved: SavedState): void {
  if (native.autocastDecrementNesting() === 0) native.clearAutocastCache();
  native.setAutocastEnabled(r.deviceType, saved.enabled);
  native.setAutocastDtype(r.deviceType, saved.dtype);
  native.setAutocastCacheEnabled(saved.cacheEnabled);
}

function isPromiseLike(value: unknown): value is PromiseLike<unknown> {
  return (typeof value === 'object' || typeof value === 'function') && value !== null &&
    typeof (value as { then?: unknown }).then === 'function';
}

/**
 * A region of mixed precision (Python's `with torch.autocast(device_type, ...)`): inside it, ops
 * LibTorch lists run in `dtype` (matmul, linear, conv ... in bfloat16 on CPU), precision-sensitive
 * ops in float32, and ops with several inputs in their widest type. With a callback, runs it in the
 * scope and returns its value; without one, opens the scope and returns it for `using`.
 *
 * The state is LibTorch's, thread-local as in Python: it applies to everything that runs on this
 * thread until the scope closes. An async callback's scope stays open until its promise settles,
 * so other code the event loop runs in the meantime also runs under it; scopes must close in the
 * reverse order they opened (each restores the state it found). `backward()` runs with the state
 * of the thread that calls it (the engine carries it to its worker thread, as PyTorch's does): call
 * it after the scope closes, as Python's documentation advises, and backward runs without autocast.
 *
 * @example
 * const loss = torch.autocast({ deviceType: 'cpu', dtype: torch.bfloat16 }, () => lossFn(model.forward(x), y));
 * loss.backward();
 * @example
 * {
 *   using _ = torch.autocast({ deviceType: 'cpu' });
 *   const y = torch.mm(a, b);   // bfloat16
 * }
 */
export function autocast(options: AutocastOptions | AutocastDeviceType): AutocastScope;
export function autocast<T>(options: AutocastOptions | AutocastDeviceType, fn: () => T): T;
export function autocast<T>(options: AutocastOptions | AutocastDeviceType, fn?: () => T): T | AutocastScope {
  const r = resolve('autocast()', options);
  if (fn === undefined) {
    const saved = enter(r);
    let open = true;
    return {
      deviceType: r.deviceType,
      dtype: r.dtype,
      enabled: r.enabled,
      cacheEnabled: r.cacheEnabled,
      [Symbol.dispose]() {
        if (!open) return;
        open = false;
        exit(r, saved);
      },
    };
  }
  if (typeof fn !== 'function') throw new TypeError(`autocast(options, fn): fn must be a function (got ${describeValue(fn)})`);
  const saved = enter(r);
  let result: T;
  try {
    result = fn();
  } catch (e) {
    exit(r, saved);
    throw e;
  }
  if (isPromiseLike(result)) {
    return Promise.resolve(result).finally(() => exit(r, saved)) as T;
  }
  exit(r, saved);
  return result;
}

/**
 * Whether autocast is on for a device type (default 'cuda', as Python's no-argument form).
 * @example torch.autocast({ deviceType: 'cpu' }, () => torch.isAutocastEnabled('cpu')) // true
 */
export function isAutocastEnabled(deviceType: AutocastDeviceType = 'cuda'): boolean {
  return native.isAutocastEnabled(checkDeviceType('isAutocastEnabled()', deviceType));
}

/**
 * Turns autocast on or off for a device type, outside any scope (Python's
 * `torch.set_autocast_enabled(device_type, enabled)`; the one-argument form is CUDA's).
 * @example torch.setAutocastEnabled('cpu', true); try { ... } finally { torch.setAutocastEnabled('cpu', false); }
 */
export function setAutocastEnabled(deviceType: AutocastDeviceType, enabled: boolean): void;
export function setAutocastEnabled(enabled: boolean): void;
export function setAutocastEnabled(a: AutocastDeviceType | boolean, b?: boolean): void {
  if (typeof a === 'boolean' && b === undefined) {
    native.setAutocastEnabled('cuda', a);
    return;
  }
  const deviceType = checkDeviceType('setAutocastEnabled()', a);
  native.setAutocastEnabled(deviceType, checkBoolean('setAutocastEnabled()', 'enabled', b));
}

/**
 * The dtype autocast casts to on a device type (bfloat16 on CPU and float16 on CUDA unless set).
 * @example torch.getAutocastDtype('cpu') // 'bfloat16'
 */
export function getAutocastDtype(deviceType: AutocastDeviceType): DType {
  return native.getAutocastDtype(checkDeviceType('getAutocastDtype()', deviceType)) as DType;
}

/**
 * Sets the dtype autocast casts to on a device type.
 * @example torch.setAutocastDtype('cpu', 'float16')
 */
export function setAutocastDtype(deviceType: AutocastDeviceType, dtype: DType | string): void {
  native.setAutocastDtype(checkDeviceType('setAutocastDtype()', deviceType), normalizeDType(dtype, 'dtype'));
}

/**
 * Whether LibTorch has autocast kernels for a device type (`torch.amp.is_autocast_available`).
 * @example torch.amp.isAutocastAvailable('cpu') // true
 */
export function isAutocastAvailable(deviceType: AutocastDeviceType): boolean {
  return native.isAutocastAvailable(checkDeviceType('isAutocastAvailable()', deviceType));
}

/**
 * Whether autocast caches the casts of leaf tensors (weights) while a scope is open.
 * @example torch.isAutocastCacheEnabled() // true
 */
export function isAutocastCacheEnabled(): boolean {
  return native.isAutocastCacheEnabled();
}

/**
 * Turns the autocast weight-cast cache on or off.
 * @example torch.setAutocastCacheEnabled(false)
 */
export function setAutocastCacheEnabled(enabled: boolean): void {
  native.setAutocastCacheEnabled(checkBoolean('setAutocastCacheEnabled()', 'enabled', enabled));
}

/**
 * Counts one more open autocast region and returns the new depth (what a scope's entry does).
 * @example torch.autocastIncrementNesting() // 1
 */
export function autocastIncrementNesting(): number {
  return native.autocastIncrementNesting();
}

/**
 * Counts one autocast region less and returns the new depth (what a scope's exit does).
 * @example if (torch.autocastDecrementNesting() === 0) torch.clearAutocastCache();
 */
export function autocastDecrementNesting(): number {
  return native.autocastDecrementNesting();
}

/**
 * Drops the cached casts of leaf tensors.
 * @example torch.clearAutocastCache()
 */
export function clearAutocastCache(): void {
  native.clearAutocastCache();
}

// torch.amp.autocast_mode._cast: floating-point tensors of the device type (not float64) cast to
// dtype, through arrays and plain objects.
function castValue(value: unknown, deviceType: string, dtype: DType): unknown {
  if (value instanceof Tensor) {
    const eligible = value.isFloatingPoint() && value.device.split(':')[0] === deviceType && value.dtype !== 'float64';
    return eligible ? value.to(dtype) : value;
  }
  if (Array.isArray(value)) return value.map((v) => castValue(v, deviceType, dtype));
  if (isPlainObject(value)) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, castValue(v, deviceType, dtype)]));
  }
  return value;
}

/** The options of `torch.amp.customFwd`. */
export interface CustomFwdOptions {
  deviceType: AutocastDeviceType;
  /** When set and forward runs under autocast: floating-point inputs are cast to it and forward runs with autocast off. */
  castInputs?: DType | string | null;
}

/** What customFwd/customBwd record on a Function's ctx. */
interface AutocastCtx {
  _dtype?: DType;
  _fwdUsedAutocast?: boolean;
}

/**
 * Wraps a custom Function's `forward(ctx, ...args)` for autocast (Python's `@custom_fwd`): records
 * the autocast state on ctx for `customBwd`, and with `castInputs` runs forward in that dtype with
 * autocast off.
 * @example
 * class MyMm extends torch.autograd.Function {
 *   static forward = torch.amp.customFwd({ deviceType: 'cpu' }, (ctx: torch.autograd.FunctionCtx, a: Tensor, b: Tensor) => { ctx.saveForBackward(a, b); return a.mm(b); });
 *   static backward = torch.amp.customBwd({ deviceType: 'cpu' }, (ctx: torch.autograd.FunctionCtx, g: Tensor) => { const [a, b] = ctx.savedTensors; return [g.mm(b!.t()), a!.t().mm(g)]; });
 * }
 */
export function customFwd<C extends object, A extends unknown[], R>(options: CustomFwdOptions, fwd: (ctx: C, ...args: A) => R): (ctx: C, ...args: A) => R {
  if (!isPlainObject(options as unknown)) throw new TypeError(`customFwd(options, fwd): options must be an object (got ${describeValue(options)})`);
  const deviceType = checkDeviceType('customFwd()', options.deviceType);
  const castInputs = options.castInputs === undefined || options.castInputs === null ? null : normalizeDType(options.castInputs, 'castInputs');
  if (typeof fwd !== 'function') throw new TypeError(`customFwd(options, fwd): fwd must be a function (got ${describeValue(fwd)})`);
  return (ctx: C, ...args: A): R => {
    const c = ctx as C & AutocastCtx;
    c._dtype = getAutocastDtype(deviceType);
    if (castInputs === null) {
      c._fwdUsedAutocast = native.isAutocastEnabled(deviceType);
      return fwd(ctx, ...args);
    }
    const autocastContext = native.isAutocastEnabled(deviceType);
    c._fwdUsedAutocast = false;
    if (autocastContext) {
      return autocast({ deviceType, enabled: false }, () => fwd(ctx, ...(castValue(args, deviceType, castInputs) as A)));
    }
    return fwd(ctx, ...args);
  };
}

/**
 * Wraps a custom Function's `backward(ctx, ...grads)` to run with the autocast state its forward
 * had (Python's `@custom_bwd`); the forward must be wrapped by `customFwd`.
 * @example
 * class Double extends torch.autograd.Function {
 *   static forward = torch.amp.customFwd({ deviceType: 'cpu' }, (ctx: torch.autograd.FunctionCtx, x: Tensor) => x.mul(2));
 *   static backward = torch.amp.customBwd({ deviceType: 'cpu' }, (ctx: torch.autograd.FunctionCtx, g: Tensor) => g.mul(2));
 * }
 */
export function customBwd<C extends object, G extends unknown[], R>(options: { deviceType: AutocastDeviceType }, bwd: (ctx: C, ...grads: G) => R): (ctx: C, ...grads: G) => R {
  if (!isPlainObject(options as unknown)) throw new TypeError(`customBwd(options, bwd): options must be an object (got ${describeValue(options)})`);
  const deviceType = checkDeviceType('customBwd()', options.deviceType);
  if (typeof bwd !== 'function') throw new TypeError(`customBwd(options, bwd): bwd must be a function (got ${describeValue(bwd)})`);
  return (ctx: C, ...grads: G): R => {
    const c = ctx as C & AutocastCtx;
    return autocast({ deviceType, enabled: c._fwdUsedAutocast ?? false, dtype: c._dtype ?? null }, () => bwd(ctx, ...grads));
  };
}
