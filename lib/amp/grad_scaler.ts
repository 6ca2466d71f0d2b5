// torch.amp.GradScaler: dynamic loss scaling, with the semantics of torch/amp/grad_scaler.py. The
// inf/NaN check with unscaling and the scale update are LibTorch's operators
// (_amp_foreach_non_finite_check_and_unscale_, _amp_update_scale_), run on the scale's device.
import * as cuda from '../cuda.js';
import { noGrad } from '../autograd/grad_mode.js';
import { full } from '../generated/functions.js';
import { ops } from '../ops_namespace.js';
import { Tensor, borrowGrad } from '../tensor.js';
import { describeValue, isPlainObject } from '../validate.js';

/**
 * What GradScaler needs of an optimizer (every `torch.optim` optimizer): its parameter groups, whose
 * gradients it unscales, and `step`. Structural, so that the core does not import lib/optim.
 */
export interface ScalableOptimizer {
  paramGroups: readonly { params: readonly Tensor[] }[];
  step(...args: never[]): unknown;
}

/** Where an optimizer is in the current iteration (Python's `OptState`). */
export enum OptState {
  READY = 0,
  UNSCALED = 1,
  STEPPED = 2,
}

/** The options of `new torch.amp.GradScaler(...)` (Python's keyword arguments, camelCased). */
export interface GradScalerOptions {
  /** The device type of the scale and the gradients ('cuda' by default, as Python's). */
  device?: string;
  /** The first scale factor (default 2**16). */
  initScale?: number;
  /** What the scale is multiplied by after `growthInterval` steps without inf/NaN (default 2). */
  growthFactor?: number;
  /** What the scale is multiplied by after a step with inf/NaN (default 0.5). */
  backoffFactor?: number;
  /** Consecutive finite steps before the scale grows (default 2000). */
  growthInterval?: number;
  /** false makes every method a no-op (step calls optimizer.step()). */
  enabled?: boolean;
}

/** `scaler.stateDict()`: Python's keys, so a state saved by either loads in the other. */
export interface GradScalerStateDict {
  scale: number;
  growth_factor: number;
  backoff_factor: number;
  growth_interval: number;
  _growth_tracker: number;
}

/** A tensor, or arrays and plain objects of them, as `scale()` takes and returns. */
export type ScaleOutputs = Tensor | readonly ScaleOutputs[] | { readonly [key: string]: ScaleOutputs };

interface PerOptimizerState {
  stage: OptState;
  foundInfPerDevice: Map<string, Tensor>;
}

const OPTION_KEYS = new Set(['device', 'initScale', 'growthFactor', 'backoffFactor', 'growthInterval', 'enabled']);

// One tensor copied lazily to each device that asks for it (Python's _MultiDeviceReplicator).
class MultiDeviceReplicator {
  readonly perDevice = new Map<string, Tensor>();
  constructor(readonly master: Tensor) {}
  get(device: string): Tensor {
    let t = this.perDevice.get(device);
    if (t === undefined) {
      t = this.master.to({ device, nonBlocking: true, copy: true });
      this.perDevice.set(device, t);
    }
    return t;
  }
}

function checkNumberOption(name: string, value: unknown, fallback: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || Number.isNaN(value)) throw new TypeError(`GradScaler(): ${name} must be a number (got ${describeValue(value)})`);
  return value;
}

/**
 * Scales the loss so that float16 gradients do not underflow, unscales the gradients before the
 * optimizer step, skips steps whose gradients hold inf/NaN and adapts the scale (Python's
 * `torch.amp.GradScaler`). Per iteration: `scaler.scale(loss).backward()`, optionally
 * `scaler.unscale_(opt)` (to clip), `scaler.step(opt)`, `scaler.update()`.
 *
 * The default device is 'cuda', as in Python; without CUDA such a scaler warns and is disabled.
 * @example
 * const scaler = new torch.amp.GradScaler('cpu');
 * opt.zeroGrad();
 * const loss = torch.autocast({ deviceType: 'cpu' }, () => lossFn(model.forward(x), y));
 * scaler.scale(loss).backward();
 * scaler.step(opt);
 * scaler.update();
 */
export class GradScaler {
  private readonly device: string;
  private enabled: boolean;
  private initScale = 2.0 ** 16;
  private growthFactor = 2.0;
  private backoffFactor = 0.5;
  private growthInterval = 2000;
  private initGrowthTracker = 0;
  private scaleTensor: Tensor | null = null;
  private growthTracker: Tensor | null = null;
  private perOptimizerStates = new Map<ScalableOptimizer, PerOptimizerState>();

  constructor(device?: string | GradScalerOptions, options?: Omit<GradScalerOptions, 'device'>) {
    const opts: GradScalerOptions = typeof device === 'string' ? { ...(options ?? {}), device } : (device ?? {});
    if (!isPlainObject(opts as unknown)) throw new TypeError(`GradScaler(): options must be an object (got ${describeValue(device)})`);
    for (const key of Object.keys(opts)) {
      if (!OPTION_KEYS.has(key)) throw new TypeError(`GradScaler(): unknown option '${key}' (expected ${[...OPTION_KEYS].join(', ')})`);
    }
    if (opts.device !== undefined && typeof opts.device !== 'string') throw new TypeError(`GradScaler(): device must be a string (got ${describeValue(opts.device)})`);
    if (opts.enabled !== undefined && typeof opts.enabled !== 'boolean') throw new TypeError(`GradScaler(): enabled must be a boolean (got ${describeValue(opts.enabled)})`);
    this.device = opts.device ?? 'cuda';
    this.enabled = opts.enabled ?? true;
    if (this.device === 'cuda' && this.enabled && !cuda.isAvailable()) {
      process.emitWarning('torch.cuda.amp.GradScaler is enabled, but CUDA is not available.  Disabling.', 'UserWarning');
      this.enabled = false;
    }
    if (this.enabled) {
      const growthFactor = checkNumberOption('growthFactor', opts.growthFactor, 2.0);
      const backoffFactor = checkNumberOption('backoffFactor', opts.backoffFactor, 0.5);
      if (growthFactor <= 1.0) throw new Error('The growth factor must be > 1.0.');
      if (backoffFactor >= 1.0) throw new Error('The backoff factor must be < 1.0.');
      this.initScale = checkNumberOption('initScale', opts.initScale, 2.0 ** 16);
      this.growthFactor = growthFactor;
      this.backoffFactor = backoffFactor;
      const interval = checkNumberOption('growthInterval', opts.growthInterval, 2000);
      if (!Number.isInteger(interval)) throw new TypeError(`GradScaler(): growthInterval must be an integer (got ${interval})`);
      this.growthInterval = interval;
    }
  }

  private stateOf(optimizer: ScalableOptimizer): PerOptimizerState {
    let s = this.perOptimizerStates.get(optimizer);
    if (s === undefined) {
      s = { stage: OptState.READY, foundInfPerDevice: new Map() };
      this.perOptimizerStates.set(optimizer, s);
    }
    return s;
  }

  private checkScaleGrowthTracker(funcname: string): [Tensor, Tensor] {
    const fix = 'This may indicate your script did not use scaler.scale(loss or outputs) earlier in the iteration.';
    if (this.scaleTensor === null) throw new Error(`Attempted ${funcname} but _scale is None.  ${fix}`);
    if (this.growthTracker === null) throw new Error(`Attempted ${funcname} but _growth_tracker is None.  ${fix}`);
    return [this.scaleTensor, this.growthTracker];
  }

  private lazyInitScaleGrowthTracker(device: string): Tensor {
    if (this.growthTracker !== null) throw new Error('_growth_tracker initialized before _scale');
    this.scaleTensor = full([], this.initScale, { dtype: 'float32', device });
    this.growthTracker = full([], this.initGrowthTracker, { dtype: 'int32', device });
    return this.scaleTensor;
  }

  /**
   * Multiplies a tensor (or the tensors of arrays and plain objects) by the scale factor; the first
   * call creates the scale on the first tensor's device. Returns its input unchanged when disabled.
   * @example scaler.scale(loss).backward();
   */
  scale<T extends ScaleOutputs>(outputs: T): T {
    if (!this.enabled) return outputs;
    if (outputs instanceof Tensor) {
      const scale = this.scaleTensor ?? this.lazyInitScaleGrowthTracker(outputs.device);
      return outputs.mul(scale.to({ device: outputs.device, nonBlocking: true })) as T;
    }
    let stash: MultiDeviceReplicator | null = null;
    const applyScale = (val: unknown): unknown => {
      if (val instanceof Tensor) {
        if (stash === null) stash = new MultiDeviceReplicator(this.scaleTensor ?? this.lazyInitScaleGrowthTracker(val.device));
        return val.mul(stash.get(val.device));
      }
      if (Array.isArray(val)) return val.map(applyScale);
      if (isPlainObject(val)) return Object.fromEntries(Object.entries(val).map(([k, v]) => [k, applyScale(v)]));
      throw new Error('outputs must be a Tensor or an iterable of Tensors');
    };
    return applyScale(outputs) as T;
  }

  private unscaleGrads(optimizer: ScalableOptimizer, invScale: Tensor, foundInf: Tensor, allowFp16: boolean): Map<string, Tensor> {
    const perDeviceInvScale = new MultiDeviceReplicator(invScale);
    const perDeviceFoundInf = new MultiDeviceReplicator(foundInf);
    const perDeviceAndDtype = new Map<string, Map<string, Tensor[]>>();
    // The gradients' own objects (lib/tensor.ts borrowGrad), disposed once unscaled.
    const borrowed: Tensor[] = [];
    try {
      noGrad(() => {
        for (const group of optimizer.paramGroups) {
          for (const param of group.params) {
            if (!(param instanceof Tensor)) throw new Error(`expected param to be torch.Tensor, got ${describeValue(param)}`);
            const grad = borrowGrad(param);
            if (grad === null) continue;
            borrowed.push(grad);
            if (!allowFp16 && grad.dtype === 'float16') throw new Error('Attempting to unscale FP16 gradients.');
            let perDtype = perDeviceAndDtype.get(grad.device);
            if (perDtype === undefined) perDeviceAndDtype.set(grad.device, perDtype = new Map());
            let list = perDtype.get(grad.dtype);
            if (list === undefined) perDtype.set(grad.dtype, list = []);
            list.push(grad);
          }
        }
        for (const [device, perDtype] of perDeviceAndDtype) {
          for (const grads of perDtype.values()) {
            ops.aten._amp_foreach_non_finite_check_and_unscale_!(grads, perDeviceFoundInf.get(device), perDeviceInvScale.get(device));
          }
        }
      });
    } finally {
      for (const g of borrowed) g.dispose();
    }
    return perDeviceFoundInf.perDevice;
  }

  /**
   * Divides the optimizer's gradients by the scale in place and records whether any holds inf or
   * NaN; call it before clipping gradients. At most once per optimizer between updates.
   * @example scaler.scale(loss).backward(); scaler.unscale_(opt); nn.utils.clipGradNorm_(model.parameters(), 1); scaler.step(opt);
   */
  unscale_(optimizer: ScalableOptimizer): void {
    if (!this.enabled) return;
    const [scale] = this.checkScaleGrowthTracker('unscale_');
    const state = this.stateOf(optimizer);
    if (state.stage === OptState.UNSCALED) throw new Error('unscale_() has already been called on this optimizer since the last update().');
    if (state.stage === OptState.STEPPED) throw new Error('unscale_() is being called after step().');
    // The reciprocal in double precision, as Python (outside MPS).
    const invScale = scale.double().reciprocal().float();
    const foundInf = full([], 0.0, { dtype: 'float32', device: scale.device });
    state.foundInfPerDevice = this.unscaleGrads(optimizer, invScale, foundInf, false);
    state.stage = OptState.UNSCALED;
  }

  /**
   * Unscales the gradients (unless `unscale_` did) and runs `optimizer.step()` only when none holds
   * inf or NaN; returns what step returned (undefined when skipped). Closures are not supported.
   * @example scaler.step(opt); scaler.update();
   */
  step(optimizer: ScalableOptimizer, ...args: unknown[]): unknown {
    const stepFn = optimizer.step as (...a: unknown[]) => unknown;
    if (!this.enabled) return stepFn.apply(optimizer, args);
    if (args.some((a) => typeof a === 'function')) throw new Error('Closure use is not currently supported if GradScaler is enabled.');
    this.checkScaleGrowthTracker('step');
    const state = this.stateOf(optimizer);
    if (state.stage === OptState.STEPPED) throw new Error('step() has already been called since the last update().');
    if (state.stage === OptState.READY) this.unscale_(optimizer);
    if (state.foundInfPerDevice.size === 0) throw new Error('No inf checks were recorded for this optimizer.');
    let found = 0;
    for (const v of state.foundInfPerDevice.values()) found += v.item() as number;
    const retval = found === 0 ? stepFn.apply(optimizer, args) : undefined;
    state.stage = OptState.STEPPED;
    return retval;
  }

  /**
   * Updates the scale: backs off after a step with inf/NaN, grows after `growthInterval` finite
   * steps; or sets it to `newScale` (a number, or a one-element tensor on the scaler's device).
   * @example scaler.update(); scaler.update(1024);
   */
  update(newScale?: number | Tensor | null): void {
    if (!this.enabled) return;
    const [scale, growthTracker] = this.checkScaleGrowthTracker('update');
    if (newScale !== undefined && newScale !== null) {
      if (typeof newScale === 'number') {
        scale.fill_(newScale);
      } else {
        const reason = 'new_scale should be a float or a 1-element torch.cuda.FloatTensor or torch.FloatTensor with requires_grad=False.';
        if (!(newScale instanceof Tensor)) throw new TypeError(`update(newScale): newScale must be a number or a Tensor (got ${describeValue(newScale)})`);
        if (newScale.device.split(':')[0] !== this.device) throw new Error(reason);
        if (newScale.numel() !== 1) throw new Error(reason);
        if (newScale.requiresGrad) throw new Error(reason);
        scale.copy_(newScale);
      }
    } else {
      const foundInfs: Tensor[] = [];
      for (const state of this.perOptimizerStates.values()) {
        for (const foundInf of state.foundInfPerDevice.values()) foundInfs.push(foundInf.to({ device: scale.device, nonBlocking: true }));
      }
      if (foundInfs.length === 0) throw new Error('No inf checks were recorded prior to update.');
      const combined = foundInfs[0]!;
      for (let i = 1; i < foundInfs.length; i++) combined.add_(foundInfs[i]!);
      ops.aten._amp_update_scale_!(scale, growthTracker, combined, this.growthFactor, this.backoffFactor, this.growthInterval);
    }
    this.perOptimizerStates = new Map();
  }

  /**
   * The current scale factor (the initial one before the first `scale()`, 1 when disabled).
   * @example scaler.getScale() // 65536
   */
  getScale(): number {
    if (!this.enabled) return 1.0;
    return this.scaleTensor === null ? this.initScale : (this.scaleTensor.item() as number);
  }

  /** @example scaler.getGrowthFactor() // 2 */
  getGrowthFactor(): number {
    return this.growthFactor;
  }

  /** @example scaler.setGrowthFactor(4) */
  setGrowthFactor(newFactor: number): void {
    this.growthFactor = newFactor;
  }

  /** @example scaler.getBackoffFactor() // 0.5 */
  getBackoffFactor(): number {
    return this.backoffFactor;
  }

  /** @example scaler.setBackoffFactor(0.25) */
  setBackoffFactor(newFactor: number): void {
    this.backoffFactor = newFactor;
  }

  /** @example scaler.getGrowthInterval() // 2000 */
  getGrowthInterval(): number {
    return this.growthInterval;
  }

  /** @example scaler.setGrowthInterval(100) */
  setGrowthInterval(newInterval: number): void {
    this.growthInterval = newInterval;
  }

  /** @internal The count of consecutive finite steps (Python's `_get_growth_tracker`). */
  getGrowthTracker(): number {
    if (!this.enabled) return 0;
    return this.growthTracker === null ? this.initGrowthTracker : (this.growthTracker.item() as number);
  }

  /** @example if (scaler.isEnabled()) ... */
  isEnabled(): boolean {
    return this.enabled;
  }

  /**
   * The scaler's state with Python's keys ({} when disabled).
   * @example torch.save(scaler.stateDict(), 'scaler.pt')
   */
  stateDict(): GradScalerStateDict | Record<string, never> {
    if (!this.enabled) return {};
    return {
      scale: this.getScale(),
      growth_factor: this.growthFactor,
      backoff_factor: this.backoffFactor,
      growth_interval: this.growthInterval,
      _growth_tracker: this.getGrowthTracker(),
    };
  }

  /**
   * Restores a state from `stateDict()` (ours or Python's).
   * @example scaler.loadStateDict(saved)
   */
  loadStateDict(stateDict: GradScalerStateDict | Record<string, never>): void {
    if (!this.enabled) return;
    if (!isPlainObject(stateDict as unknown)) throw new TypeError(`loadStateDict(stateDict): stateDict must be an object (got ${describeValue(stateDict)})`);
    if (Object.keys(stateDict).length === 0) {
      throw new Error('The source state dict is empty, possibly because it was saved from a disabled instance of GradScaler.');
    }
    const sd = stateDict as GradScalerStateDict;
    for (const key of ['scale', 'growth_factor', 'backoff_factor', 'growth_interval', '_growth_tracker'] as const) {
      if (!(key in sd)) throw new Error(`KeyError: '${key}'`);
    }
    this.initScale = sd.scale;
    if (this.scaleTensor !== null) this.scaleTensor.fill_(sd.scale);
    this.growthFactor = sd.growth_factor;
    this.backoffFactor = sd.backoff_factor;
    this.growthInterval = sd.growth_interval;
    this.initGrowthTracker = sd._growth_tracker;
    if (this.growthTracker !== null) this.growthTracker.fill_(sd._growth_tracker);
  }
}
