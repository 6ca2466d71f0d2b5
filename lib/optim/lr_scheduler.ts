// torch.optim.lr_scheduler: learning-rate schedules over an optimizer's parameter groups, with
// PyTorch's chainable (recursive) formulas, so the same sequence of learning rates.
import { Tensor } from '../tensor.js';
import { argTypeError, isPlainObject, describeValue, checkInt, checkNumber, checkBool } from '../validate.js';
import { Optimizer } from './optimizer.js';
import { pyPow } from '../scalar_math.js';
import { cos, log } from '../generated/functions.js';
import { tensor } from '../creation.js';

/** A scheduler's state, as stateDict() returns it: every field except the optimizer. */
export type SchedulerStateDict = Record<string, unknown>;

function checkKeys(cls: string, options: object, allowed: readonly string[]): void {
  for (const key of Object.keys(options)) {
    if (!allowed.includes(key)) throw new TypeError(`${cls}: unknown option '${key}'; options are ${allowed.join(', ')}`);
  }
}

/**
 * Base class of the learning-rate schedulers (torch.optim.lr_scheduler.LRScheduler). Call
 * `scheduler.step()` after `optimizer.step()`, once per epoch (or per batch, as the schedule means).
 * A subclass sets its fields after `super(optimizer, lastEpoch)`, then calls `this.initialStep()`
 * (Python's base constructor does that step; in JS the fields must exist first), and implements
 * `getLr()` (the chainable form) and optionally `closedFormLr()`.
 * @example
 * class LinearWarmup extends optim.lr_scheduler.LRScheduler {
 *   constructor(optimizer: optim.Optimizer, readonly warmup: number) { super(optimizer); this.initialStep(); }
 *   protected getLr(): number[] {
 *     const f = Math.min(1, (this.lastEpoch + 1) / this.warmup);
 *     return this.baseLrs.map((lr) => lr * f);
 *   }
 * }
 */
export abstract class LRScheduler {
  /** The optimizer whose learning rates this scheduler sets. */
  readonly optimizer: Optimizer;
  /** Index of the last epoch seen (-1 before the first step). */
  lastEpoch: number;
  /** The initial learning rate of each group. */
  baseLrs: number[];
  /** @internal */
  _stepCount = 0;
  /** @internal */
  _lastLr: number[] = [];
  /** @internal true while the constructor's initial step runs. */
  protected _isInitial = false;

  /**
   * @param plain - @internal true for ReduceLROnPlateau, which (as in PyTorch) neither sets
   * `initialLr` nor keeps base learning rates.
   */
  protected constructor(optimizer: Optimizer, lastEpoch: number = -1, plain = false) {
    if (!((optimizer as unknown) instanceof Optimizer)) throw new TypeError(`${describeValue(optimizer)} is not an Optimizer`);
    this.optimizer = optimizer;
    if (plain) {
      this.baseLrs = [];
      this.lastEpoch = 0;
      return;
    }
    if (!Number.isInteger(lastEpoch) || lastEpoch < -1) throw new RangeError(`lastEpoch must be an integer >= -1 (got ${lastEpoch})`);
    if (lastEpoch === -1) {
      for (const group of optimizer.paramGroups) if (group.initialLr === undefined) group.initialLr = group.lr;
    } else {
      optimizer.paramGroups.forEach((group, i) => {
        if (group.initialLr === undefined) {
          throw new RangeError(`param 'initialLr' is not specified in paramGroups[${i}] when resuming scheduler with lastEpoch >= 0`);
        }
      });
    }
    this.baseLrs = optimizer.paramGroups.map((g) => g.initialLr!);
    this.lastEpoch = lastEpoch;
  }

  /** Runs the initial step; called by each subclass constructor once its fields are set. */
  protected initialStep(): void {
    this._initialStep();
  }

  /** @internal The initial step (SequentialLR also runs it on the scheduler of epoch 0). */
  _initialStep(): void {
    this._stepCount = 0;
    this._isInitial = true;
    try {
      this.step();
    } finally {
      this._isInitial = false;
    }
  }

  /** The next learning rate of each group (the chainable form). */
  protected abstract getLr(): number[];

  /** The learning rate of each group at `lastEpoch` in closed form, when the schedule has one. */
  protected closedFormLr(): number[] | undefined {
    return undefined;
  }

  /**
   * Advances the schedule by one epoch and sets each group's `lr`. (An explicit epoch, deprecated
   * in PyTorch, uses the closed form where there is one.)
   * @example for (let e = 0; e < 100; e++) { train(); scheduler.step(); }
   */
  step(epoch?: number): void {
    if (this._stepCount === 1 && !this.optimizer._optCalled) {
      process.emitWarning('Detected call of `lr_scheduler.step()` before `optimizer.step()`. You should call them in the order `optimizer.step()` then `lr_scheduler.step()`; otherwise the first value of the learning rate schedule is skipped.');
    }
    this._stepCount += 1;
    this._updateLr(epoch);
  }

  /** @internal Sets the learning rates for the next (or the given) epoch, without the call-order check. */
  _updateLr(epoch?: number): void {
    let values: number[];
    if (epoch === undefined) {
      this.lastEpoch += 1;
      values = this.getLr();
    } else {
      checkInt(this.constructor.name, 'option epoch', epoch, 0);
      this.lastEpoch = epoch;
      values = this.closedFormLr() ?? this.getLr();
    }
    const groups = this.optimizer.paramGroups;
    if (values.length !== groups.length) throw new RangeError(`${this.constructor.name}: got ${values.length} learning rates for ${groups.length} parameter groups`);
    groups.forEach((g, i) => { g.lr = values[i]!; });
    this._lastLr = groups.map((g) => g.lr);
  }

  /** The learning rates set by the last step. @example scheduler.getLastLr() // [0.01] */
  getLastLr(): number[] {
    return [...this._lastLr];
  }

  /** Every field except the optimizer. @example const sd = scheduler.stateDict(); */
  stateDict(): SchedulerStateDict {
    const out: SchedulerStateDict = {};
    for (const [k, v] of Object.entries(this)) {
      if (k === 'optimizer') continue;
      out[k] = Array.isArray(v) ? [...v] : v instanceof Map ? new Map(v) : v;
    }
    return out;
  }

  /** Restores fields saved by stateDict(). @example scheduler.loadStateDict(sd); */
  loadStateDict(stateDict: SchedulerStateDict): void {
    if (!isPlainObject(stateDict)) throw new TypeError(`loadStateDict(stateDict): expected an object from stateDict() (got ${describeValue(stateDict)})`);
    for (const [k, v] of Object.entries(stateDict)) {
      if (k === 'optimizer') continue;
      (this as Record<string, unknown>)[k] = Array.isArray(v) ? [...v] : v instanceof Map ? new Map(v) : v;
    }
  }
}

/** LambdaLR's and MultiplicativeLR's lrLambda: one function for every group, or one per group. */
function lambdaPerGroup(
  scheduler: string, optimizer: Optimizer, lrLambda: ((epoch: number) => number) | readonly ((epoch: number) => number)[],
): ((epoch: number) => number)[] {
  const n = optimizer.paramGroups.length;
  if (Array.isArray(lrLambda) && lrLambda.length !== n) {
    throw new RangeError(`Expected ${n} lr_lambdas, but got ${lrLambda.length} (${scheduler} option lrLambda)`);
  }
  const list = Array.isArray(lrLambda) ? [...lrLambda] : optimizer.paramGroups.map(() => lrLambda as (epoch: number) => number);
  for (const f of list) if (typeof f !== 'function') throw argTypeError(scheduler, 'lrLambda', 'a function or an array of functions', f);
  return list;
}

/**
 * Sets each group's learning rate to its initial one times `lrLambda(epoch)` (one function for
 * all groups, or one per group), as torch.optim.lr_scheduler.LambdaLR.
 * @example const scheduler = new optim.lr_scheduler.LambdaLR(optimizer, (epoch) => 0.95 ** epoch);
 */
export class LambdaLR extends LRScheduler {
  lrLambdas: ((epoch: number) => number)[];

  constructor(optimizer: Optimizer, lrLambda: ((epoch: number) => number) | readonly ((epoch: number) => number)[], lastEpoch: number = -1) {
    super(optimizer, lastEpoch);
    this.lrLambdas = lambdaPerGroup('LambdaLR', optimizer, lrLambda);
    this.initialStep();
  }

  protected getLr(): number[] {
    return this.baseLrs.map((b, i) => b * this.lrLambdas[i]!(this.lastEpoch));
  }

  /** Every field except the optimizer and the functions (as PyTorch, which keeps only callable objects' fields). */
  override stateDict(): SchedulerStateDict {
    const sd = super.stateDict();
    delete sd.lrLambdas;
    return sd;
  }
}

export interface LinearLROptions {
  /** Factor applied at the first epoch (default 1/3; in (0, 1]). */
  startFactor?: number;
  /** Factor reached after totalIters epochs (default 1; in [0, 1]). */
  endFactor?: number;
  /** Epochs over which the factor changes linearly (default 5). */
  totalIters?: number;
  /** Index of the last epoch, to resume (default -1). */
  lastEpoch?: number;
}

/**
 * Scales each group's learning rate by a factor changing linearly from startFactor to endFactor
 * over totalIters epochs (a warmup), as torch.optim.lr_scheduler.LinearLR.
 * @example const warmup = new optim.lr_scheduler.LinearLR(optimizer, { startFactor: 0.1, totalIters: 10 });
 */
export class LinearLR extends LRScheduler {
  startFactor: number;
  endFactor: number;
  totalIters: number;

  constructor(optimizer: Optimizer, options: LinearLROptions = {}) {
    if (!isPlainObject(options as unknown)) throw argTypeError('LinearLR', 'options', 'an object', options);
    checkKeys('LinearLR', options, ['startFactor', 'endFactor', 'totalIters', 'lastEpoch']);
    const startFactor = checkNumber('LinearLR', 'option startFactor', options.startFactor ?? 1.0 / 3);
    const endFactor = checkNumber('LinearLR', 'option endFactor', options.endFactor ?? 1.0);
    if (startFactor > 1.0 || startFactor <= 0) throw new RangeError(`Starting multiplicative factor expected to be greater than 0 and less or equal to 1. (LinearLR option startFactor, got ${startFactor})`);
    if (endFactor > 1.0 || endFactor < 0) throw new RangeError(`Ending multiplicative factor expected to be between 0 and 1. (LinearLR option endFactor, got ${endFactor})`);
    super(optimizer, options.lastEpoch ?? -1);
    this.startFactor = startFactor;
    this.endFactor = endFactor;
    this.totalIters = checkInt('LinearLR', 'option totalIters', options.totalIters ?? 5, 1);
    this.initialStep();
  }

  protected getLr(): number[] {
    const groups = this.optimizer.paramGroups;
    const { startFactor, endFactor, totalIters, lastEpoch } = this;
    if (lastEpoch === 0) return groups.map((g) => g.lr * startFactor);
    if (this._isInitial || lastEpoch > totalIters) return groups.map((g) => g.lr);
    return groups.map((g) => g.lr * (1.0 + (endFactor - startFactor) / (totalIters * startFactor + (lastEpoch - 1) * (endFactor - startFactor))));
  }

  protected override closedFormLr(): number[] {
    const { startFactor, endFactor, totalIters, lastEpoch } = this;
    return this.baseLrs.map((b) => b * (startFactor + ((endFactor - startFactor) * Math.min(totalIters, lastEpoch)) / totalIters));
  }
}

export interface StepLROptions {
  /** Period of learning-rate decay, in epochs. */
  stepSize: number;
  /** Multiplicative factor (default 0.1). */
  gamma?: number;
  /** Index of the last epoch, to resume (default -1). */
  lastEpoch?: number;
}

/**
 * Multiplies each group's learning rate by gamma every stepSize epochs.
 * @example const scheduler = new optim.lr_scheduler.StepLR(optimizer, { stepSize: 30, gamma: 0.1 });
 */
export class StepLR extends LRScheduler {
  stepSize: number;
  gamma: number;

  constructor(optimizer: Optimizer, options: StepLROptions);
  constructor(optimizer: Optimizer, stepSize: number, gamma?: number, lastEpoch?: number);
  constructor(optimizer: Optimizer, a: StepLROptions | number, gamma?: number, lastEpoch?: number) {
    const o: StepLROptions = typeof a === 'number' ? { stepSize: a, gamma, lastEpoch } : a;
    if (!isPlainObject(o)) throw new TypeError(`StepLR: expected stepSize or an options object (got ${describeValue(a)})`);
    checkKeys('StepLR', o, ['stepSize', 'gamma', 'lastEpoch']);
    super(optimizer, o.lastEpoch ?? -1);
    this.stepSize = checkInt('StepLR', 'option stepSize', o.stepSize, 1);
    this.gamma = checkNumber('StepLR', 'option gamma', o.gamma ?? 0.1);
    this.initialStep();
  }

  protected getLr(): number[] {
    const groups = this.optimizer.paramGroups;
    if (this.lastEpoch === 0 || this.lastEpoch % this.stepSize !== 0) return groups.map((g) => g.lr);
    return groups.map((g) => g.lr * this.gamma);
  }

  protected override closedFormLr(): number[] {
    return this.baseLrs.map((b) => b * pyPow(this.gamma, Math.floor(this.lastEpoch / this.stepSize)));
  }
}

export interface MultiStepLROptions {
  /** Epoch indices at which to decay (a milestone listed twice decays twice). */
  milestones: Iterable<number>;
  /** Multiplicative factor (default 0.1). */
  gamma?: number;
  /** Index of the last epoch, to resume (default -1). */
  lastEpoch?: number;
}

/**
 * Multiplies each group's learning rate by gamma at each milestone epoch.
 * @example const scheduler = new optim.lr_scheduler.MultiStepLR(optimizer, { milestones: [30, 80], gamma: 0.1 });
 */
export class MultiStepLR extends LRScheduler {
  /** Milestone epoch -> how many times it was listed. */
  milestones: Map<number, number>;
  gamma: number;

  constructor(optimizer: Optimizer, options: MultiStepLROptions);
  constructor(optimizer: Optimizer, milestones: Iterable<number>, gamma?: number, lastEpoch?: number);
  constructor(optimizer: Optimizer, a: MultiStepLROptions | Iterable<number>, gamma?: number, lastEpoch?: number) {
    const o: MultiStepLROptions = isPlainObject(a) ? (a as MultiStepLROptions) : { milestones: a as Iterable<number>, gamma, lastEpoch };
    checkKeys('MultiStepLR', o, ['milestones', 'gamma', 'lastEpoch']);
    if (o.milestones === null || typeof o.milestones !== 'object' || typeof (o.milestones as Iterable<number>)[Symbol.iterator] !== 'function') {
      throw argTypeError('MultiStepLR', 'option milestones', 'an iterable of integers', o.milestones);
    }
    super(optimizer, o.lastEpoch ?? -1);
    this.milestones = new Map();
    for (const m of o.milestones) {
      checkInt('MultiStepLR', 'option milestones', m, 0);
      this.milestones.set(m, (this.milestones.get(m) ?? 0) + 1);
    }
    this.gamma = checkNumber('MultiStepLR', 'option gamma', o.gamma ?? 0.1);
    this.initialStep();
  }

  protected getLr(): number[] {
    const groups = this.optimizer.paramGroups;
    const count = this.milestones.get(this.lastEpoch);
    if (count === undefined) return groups.map((g) => g.lr);
    return groups.map((g) => g.lr * pyPow(this.gamma, count));
  }

  protected override closedFormLr(): number[] {
    let passed = 0;
    for (const [m, c] of this.milestones) if (m <= this.lastEpoch) passed += c;
    return this.baseLrs.map((b) => b * pyPow(this.gamma, passed));
  }
}

export interface ExponentialLROptions {
  /** Multiplicative factor per epoch. */
  gamma: number;
  /** Index of the last epoch, to resume (default -1). */
  lastEpoch?: number;
}

/**
 * Multiplies each group's learning rate by gamma every epoch.
 * @example const scheduler = new optim.lr_scheduler.ExponentialLR(optimizer, { gamma: 0.9 });
 */
export class ExponentialLR extends LRScheduler {
  gamma: number;

  constructor(optimizer: Optimizer, options: ExponentialLROptions);
  constructor(optimizer: Optimizer, gamma: number, lastEpoch?: number);
  constructor(optimizer: Optimizer, a: ExponentialLROptions | number, lastEpoch?: number) {
    const o: ExponentialLROptions = typeof a === 'number' ? { gamma: a, lastEpoch } : a;
    if (!isPlainObject(o)) throw new TypeError(`ExponentialLR: expected gamma or an options object (got ${describeValue(a)})`);
    checkKeys('ExponentialLR', o, ['gamma', 'lastEpoch']);
    super(optimizer, o.lastEpoch ?? -1);
    this.gamma = checkNumber('ExponentialLR', 'option gamma', o.gamma);
    this.initialStep();
  }

  protected getLr(): number[] {
    const groups = this.optimizer.paramGroups;
    if (this._isInitial) return groups.map((g) => g.lr);
    return groups.map((g) => g.lr * this.gamma);
  }

  protected override closedFormLr(): number[] {
    return this.baseLrs.map((b) => b * pyPow(this.gamma, this.lastEpoch));
  }
}

export interface CosineAnnealingLROptions {
  /** Maximum number of iterations (PyTorch's T_max). */
  TMax: number;
  /** Minimum learning rate (default 0). */
  etaMin?: number;
  /** Index of the last epoch, to resume (default -1). */
  lastEpoch?: number;
}

/**
 * Cosine annealing (SGDR without restarts), with PyTorch's recursive formula.
 * @example const scheduler = new optim.lr_scheduler.CosineAnnealingLR(optimizer, { TMax: 100, etaMin: 1e-5 });
 */
export class CosineAnnealingLR extends LRScheduler {
  TMax: number;
  etaMin: number;

  constructor(optimizer: Optimizer, options: CosineAnnealingLROptions);
  constructor(optimizer: Optimizer, TMax: number, etaMin?: number, lastEpoch?: number);
  constructor(optimizer: Optimizer, a: CosineAnnealingLROptions | number, etaMin?: number, lastEpoch?: number) {
    if (typeof a !== 'number' && !isPlainObject(a)) throw new TypeError(`CosineAnnealingLR: expected TMax or an options object (got ${describeValue(a)})`);
    const o: CosineAnnealingLROptions = typeof a === 'number' ? { TMax: a, etaMin, lastEpoch } : { ...a };
    const raw = o as unknown as Record<string, unknown>;
    if (raw.TMax === undefined && raw.tMax !== undefined) { raw.TMax = raw.tMax; delete raw.tMax; }
    checkKeys('CosineAnnealingLR', o, ['TMax', 'etaMin', 'lastEpoch']);
    super(optimizer, o.lastEpoch ?? -1);
    this.TMax = checkNumber('CosineAnnealingLR', 'option TMax', o.TMax);
    if (this.TMax <= 0) throw new RangeError(`CosineAnnealingLR: option TMax must be > 0 (got ${this.TMax})`);
    this.etaMin = checkNumber('CosineAnnealingLR', 'option etaMin', o.etaMin ?? 0);
    this.initialStep();
  }

  protected getLr(): number[] {
    const groups = this.optimizer.paramGroups;
    const { TMax, etaMin, lastEpoch } = this;
    if (this._isInitial) return groups.map((g) => g.lr);
    if (this._stepCount === 1 && lastEpoch > 0) {
      return this.baseLrs.map((b) => etaMin + ((b - etaMin) * (1 + pyCos((lastEpoch * Math.PI) / TMax))) / 2);
    }
    if (pyMod(lastEpoch - 1 - TMax, 2 * TMax) === 0) {
      return groups.map((g, i) => g.lr + ((this.baseLrs[i]! - etaMin) * (1 - pyCos(Math.PI / TMax))) / 2);
    }
    return groups.map((g) =>
      ((1 + pyCos((Math.PI * lastEpoch) / TMax)) / (1 + pyCos((Math.PI * (lastEpoch - 1)) / TMax))) * (g.lr - etaMin) + etaMin);
  }

  protected override closedFormLr(): number[] {
    return this.baseLrs.map((b) => this.etaMin + ((b - this.etaMin) * (1 + pyCos((Math.PI * this.lastEpoch) / this.TMax))) / 2);
  }
}

function pyMod(a: number, b: number): number {
  const r = a % b;
  return r !== 0 && (r < 0) !== (b < 0) ? r + b : r;
}

export interface ReduceLROnPlateauOptions {
  /** 'min' (default): reduce when the metric stops decreasing; 'max': when it stops increasing. */
  mode?: 'min' | 'max';
  /** Factor by which the learning rate is reduced (default 0.1, must be < 1). */
  factor?: number;
  /** Epochs with no improvement tolerated before reducing (default 10). */
  patience?: number;
  /** Threshold for a significant improvement (default 1e-4). */
  threshold?: number;
  /** 'rel' (default) or 'abs'. */
  thresholdMode?: 'rel' | 'abs';
  /** Epochs to wait after a reduction (default 0). */
  cooldown?: number;
  /** Lower bound on the learning rate, one for all groups or one per group (default 0). */
  minLr?: number | number[];
  /** Minimal change of learning rate applied (default 1e-8). */
  eps?: number;
}

/**
 * Reduces the learning rate when a metric has stopped improving, as PyTorch's ReduceLROnPlateau.
 * @example
 * const scheduler = new optim.lr_scheduler.ReduceLROnPlateau(optimizer, { mode: 'min', patience: 5 });
 * scheduler.step(validationLoss);
 */
export class ReduceLROnPlateau extends LRScheduler {
  factor: number;
  minLrs: number[];
  defaultMinLr: number | null;
  patience: number;
  cooldown: number;
  eps: number;
  lastEpoch = 0;
  mode: 'min' | 'max' = 'min';
  threshold = 1e-4;
  thresholdMode: 'rel' | 'abs' = 'rel';
  modeWorse = Infinity;
  best = Infinity;
  cooldownCounter = 0;
  numBadEpochs = 0;

  constructor(optimizer: Optimizer, options: ReduceLROnPlateauOptions = {}) {
    const cls = 'ReduceLROnPlateau';
    if (!isPlainObject(options as unknown)) throw argTypeError(cls, 'options', 'an object', options);
    checkKeys(cls, options, ['mode', 'factor', 'patience', 'threshold', 'thresholdMode', 'cooldown', 'minLr', 'eps']);
    const factor = checkNumber(cls, 'option factor', options.factor ?? 0.1);
    if (factor >= 1.0) throw new RangeError(`Factor should be < 1.0. (${cls} option factor, got ${factor})`);
    super(optimizer, 0, true);
    this.factor = factor;
    const minLr = options.minLr ?? 0;
    if (Array.isArray(minLr)) {
      if (minLr.length !== optimizer.paramGroups.length) throw new RangeError(`expected ${optimizer.paramGroups.length} min_lrs, got ${minLr.length} (${cls} option minLr)`);
      minLr.forEach((v) => checkNumber(cls, 'option minLr', v));
      this.defaultMinLr = null;
      this.minLrs = [...minLr];
    } else {
      this.defaultMinLr = checkNumber(cls, 'option minLr', minLr);
      this.minLrs = optimizer.paramGroups.map(() => minLr);
    }
    this.patience = checkInt(cls, 'option patience', options.patience ?? 10, 0);
    this.cooldown = checkInt(cls, 'option cooldown', options.cooldown ?? 0, 0);
    this.eps = checkNumber(cls, 'option eps', options.eps ?? 1e-8);
    this._lastLr = optimizer.paramGroups.map((g) => g.lr);
    this.initIsBetter(options.mode ?? 'min', checkNumber(cls, 'option threshold', options.threshold ?? 1e-4), options.thresholdMode ?? 'rel');
    this.reset();
  }

  protected getLr(): number[] {
    throw new Error('ReduceLROnPlateau sets the learning rates from a metric; call step(metric)');
  }

  private reset(): void {
    this.best = this.modeWorse;
    this.cooldownCounter = 0;
    this.numBadEpochs = 0;
  }

  private initIsBetter(mode: string, threshold: number, thresholdMode: string): void {
    if (mode !== 'min' && mode !== 'max') throw new RangeError(`mode ${mode} is unknown! (ReduceLROnPlateau option mode: 'min' or 'max')`);
    if (thresholdMode !== 'rel' && thresholdMode !== 'abs') throw new RangeError(`threshold mode ${thresholdMode} is unknown! (ReduceLROnPlateau option thresholdMode: 'rel' or 'abs')`);
    this.modeWorse = mode === 'min' ? Infinity : -Infinity;
    this.mode = mode;
    this.threshold = threshold;
    this.thresholdMode = thresholdMode;
  }

  /** True while in the cooldown period after a reduction. */
  get inCooldown(): boolean {
    return this.cooldownCounter > 0;
  }

  private isBetter(a: number, best: number): boolean {
    if (this.mode === 'min' && this.thresholdMode === 'rel') return a < best * (1.0 - this.threshold);
    if (this.mode === 'min' && this.thresholdMode === 'abs') return a < best - this.threshold;
    if (this.mode === 'max' && this.thresholdMode === 'rel') return a > best * (this.threshold + 1.0);
    return a > best + this.threshold;
  }

  /**
   * Records the epoch's metric (a number or a one-element tensor) and reduces the learning rates
   * after `patience` epochs without improvement.
   * @example scheduler.step(valLoss);
   */
  // metrics is optional only in the type (the base class's step takes no argument); leaving it out throws.
  override step(metrics?: number | Tensor, epoch?: number): void {
    const current = metrics instanceof Tensor ? metrics.item() : metrics;
    if (typeof current !== 'number') throw argTypeError('ReduceLROnPlateau.step(metrics)', 'metrics', 'a number or a Tensor', metrics);
    this.lastEpoch = epoch ?? this.lastEpoch + 1;
    if (this.isBetter(current, this.best)) {
      this.best = current;
      this.numBadEpochs = 0;
    } else {
      this.numBadEpochs += 1;
    }
    if (this.inCooldown) {
      this.cooldownCounter -= 1;
      this.numBadEpochs = 0;
    }
    if (this.numBadEpochs > this.patience) {
      this.reduceLr();
      this.cooldownCounter = this.cooldown;
      this.numBadEpochs = 0;
    }
    this._lastLr = this.optimizer.paramGroups.map((g) => g.lr);
  }

  private reduceLr(): void {
    const groups = this.optimizer.paramGroups;
    if (groups.length !== this.minLrs.length) {
      if (this.defaultMinLr === null) {
        throw new RangeError(`The number of param groups in the \`optimizer\` (${groups.length}) differs from when \`ReduceLROnPlateau\` was initialized (${this.minLrs.length}), usually due to a new param group being added to the optimizer. Please modify the \`minLrs\` field to match the length of the \`optimizer\` param groups.`);
      }
      this.minLrs = groups.map(() => this.defaultMinLr!);
    }
    groups.forEach((g, i) => {
      const oldLr = g.lr;
      const newLr = Math.max(oldLr * this.factor, this.minLrs[i]!);
      if (oldLr - newLr > this.eps) g.lr = newLr;
    });
  }

  /** Every field except the optimizer. @example const sd = scheduler.stateDict(); */
  override stateDict(): SchedulerStateDict {
    const out: SchedulerStateDict = {};
    for (const [k, v] of Object.entries(this)) if (k !== 'optimizer') out[k] = Array.isArray(v) ? [...v] : v;
    return out;
  }

  /** Restores fields saved by stateDict(). @example scheduler.loadStateDict(sd); */
  override loadStateDict(stateDict: SchedulerStateDict): void {
    if (!isPlainObject(stateDict)) throw new TypeError(`loadStateDict(stateDict): expected an object from stateDict() (got ${describeValue(stateDict)})`);
    for (const [k, v] of Object.entries(stateDict)) if (k !== 'optimizer') (this as Record<string, unknown>)[k] = Array.isArray(v) ? [...v] : v;
    this.initIsBetter(this.mode, this.threshold, this.thresholdMode);
  }
}

/**
 * Python's math.cos and math.log call the C library's cos() and log(). V8's Math.cos and Math.log
 * are an ulp off for a few percent of inputs, which changes the schedules' last digits; LibTorch's
 * float64 cos and log on a one-element tensor give the C library's result for all but rare inputs.
 */
function libm(op: typeof cos, x: number): number {
  const t = tensor(x, { dtype: 'float64' });
  const r = op(t);
  const v = r.item();
  t.dispose();
  r.dispose();
  return v;
}
/** @internal */
export const pyCos = (x: number): number => libm(cos, x);
const pyLog = (x: number): number => libm(log, x);

/** Python's bisect_right: the number of sorted values <= x. */
function bisectRight(sorted: readonly number[], x: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (x < sorted[mid]!) hi = mid; else lo = mid + 1;
  }
  return lo;
}

/** One value per parameter group: a number for all, or an array with one per group (PyTorch's _format_param). */
/** @internal */
export function formatParam(cls: string, name: string, optimizer: Optimizer, param: unknown): number[] {
  const n = optimizer.paramGroups.length;
  if (Array.isArray(param)) {
    if (param.length !== n) throw new RangeError(`${name} must have the same length as optimizer.paramGroups. ${name} has ${param.length} values, paramGroups has ${n}. (${cls} option ${name})`);
    return param.map((v) => checkNumber(cls, `option ${name}`, v));
  }
  const v = checkNumber(cls, `option ${name}`, param);
  return optimizer.paramGroups.map(() => v);
}

/** A value as PyTorch's messages print it: numbers plainly, strings quoted. */
function pyValue(v: unknown): string {
  if (typeof v === 'number') return String(v);
  if (typeof v === 'string') return `'${v}'`;
  return describeValue(v);
}

function checkOptimizer(optimizer: unknown): asserts optimizer is Optimizer {
  if (!(optimizer instanceof Optimizer)) throw new TypeError(`${describeValue(optimizer)} is not an Optimizer`);
}

/** Sets the momentum of a group: beta1 for optimizers with betas (Adam), else `momentum`. */
function setMomentum(group: Record<string, unknown>, useBeta1: boolean, momentum: number): void {
  if (useBeta1) group.betas = [momentum, ...(group.betas as number[]).slice(1)];
  else group.momentum = momentum;
}

/**
 * Multiplies each group's learning rate by `lrLambda(epoch)` every epoch (one function for all
 * groups, or one per group), as torch.optim.lr_scheduler.MultiplicativeLR.
 * @example const scheduler = new optim.lr_scheduler.MultiplicativeLR(optimizer, () => 0.95);
 */
export class MultiplicativeLR extends LRScheduler {
  lrLambdas: ((epoch: number) => number)[];

  constructor(optimizer: Optimizer, lrLambda: ((epoch: number) => number) | readonly ((epoch: number) => number)[], lastEpoch: number = -1) {
    super(optimizer, lastEpoch);
    this.lrLambdas = lambdaPerGroup('MultiplicativeLR', optimizer, lrLambda);
    this.initialStep();
  }

  protected getLr(): number[] {
    const groups = this.optimizer.paramGroups;
    if (this._isInitial) return groups.map((g) => g.lr);
    return groups.map((g, i) => g.lr * this.lrLambdas[i]!(this.lastEpoch));
  }

  /** Every field except the optimizer and the functions. */
  override stateDict(): SchedulerStateDict {
    const sd = super.stateDict();
    delete sd.lrLambdas;
    return sd;
  }
}

export interface ConstantLROptions {
  /** Factor applied until totalIters (default 1/3; in [0, 1]). */
  factor?: number;
  /** Epochs during which the factor applies (default 5). */
  totalIters?: number;
  /** Index of the last epoch, to resume (default -1). */
  lastEpoch?: number;
}

/**
 * Multiplies each group's learning rate by a constant factor until totalIters epochs have passed,
 * as torch.optim.lr_scheduler.ConstantLR.
 * @example const scheduler = new optim.lr_scheduler.ConstantLR(optimizer, { factor: 0.5, totalIters: 4 });
 */
export class ConstantLR extends LRScheduler {
  factor: number;
  totalIters: number;

  constructor(optimizer: Optimizer, options: ConstantLROptions = {}) {
    if (!isPlainObject(options as unknown)) throw argTypeError('ConstantLR', 'options', 'an object', options);
    checkKeys('ConstantLR', options, ['factor', 'totalIters', 'lastEpoch']);
    const factor = checkNumber('ConstantLR', 'option factor', options.factor ?? 1.0 / 3);
    if (factor > 1.0 || factor < 0) throw new RangeError(`Constant multiplicative factor expected to be between 0 and 1. (ConstantLR option factor, got ${factor})`);
    const totalIters = checkInt('ConstantLR', 'option totalIters', options.totalIters ?? 5, 0);
    super(optimizer, options.lastEpoch ?? -1);
    this.factor = factor;
    this.totalIters = totalIters;
    this.initialStep();
  }

  protected getLr(): number[] {
    const groups = this.optimizer.paramGroups;
    if (this.lastEpoch === 0) return groups.map((g) => g.lr * this.factor);
    if (this.lastEpoch !== this.totalIters) return groups.map((g) => g.lr);
    return groups.map((g) => g.lr * (1.0 / this.factor));
  }

  protected override closedFormLr(): number[] {
    return this.baseLrs.map((b) => b * (this.factor + (this.lastEpoch >= this.totalIters ? 1 - this.factor : 0)));
  }
}

export interface PolynomialLROptions {
  /** Epochs over which the learning rate decays to 0 (default 5). */
  totalIters?: number;
  /** Power of the polynomial (default 1). */
  power?: number;
  /** Index of the last epoch, to resume (default -1). */
  lastEpoch?: number;
}

/**
 * Decays each group's learning rate as `(1 - epoch / totalIters) ** power`, reaching 0 at
 * totalIters, as torch.optim.lr_scheduler.PolynomialLR.
 * @example const scheduler = new optim.lr_scheduler.PolynomialLR(optimizer, { totalIters: 100, power: 2 });
 */
export class PolynomialLR extends LRScheduler {
  totalIters: number;
  power: number;

  constructor(optimizer: Optimizer, options: PolynomialLROptions = {}) {
    if (!isPlainObject(options as unknown)) throw argTypeError('PolynomialLR', 'options', 'an object', options);
    checkKeys('PolynomialLR', options, ['totalIters', 'power', 'lastEpoch']);
    const totalIters = checkInt('PolynomialLR', 'option totalIters', options.totalIters ?? 5, 1);
    const power = checkNumber('PolynomialLR', 'option power', options.power ?? 1.0);
    super(optimizer, options.lastEpoch ?? -1);
    this.totalIters = totalIters;
    this.power = power;
    this.initialStep();
  }

  protected getLr(): number[] {
    const groups = this.optimizer.paramGroups;
    const { totalIters, lastEpoch } = this;
    if (this._isInitial || lastEpoch > totalIters) return groups.map((g) => g.lr);
    const decayFactor = pyPow((1.0 - lastEpoch / totalIters) / (1.0 - (lastEpoch - 1) / totalIters), this.power);
    return groups.map((g) => g.lr * decayFactor);
  }

  protected override closedFormLr(): number[] {
    return this.baseLrs.map((b) => b * pyPow(1.0 - Math.min(this.totalIters, this.lastEpoch) / this.totalIters, this.power));
  }
}

/** Checks the schedulers given to SequentialLR / ChainedScheduler, with PyTorch's messages. */
function checkSchedulers(cls: string, optimizer: Optimizer, schedulers: readonly unknown[]): void {
  if (schedulers.length < 1) {
    throw new RangeError(cls === 'SequentialLR' ? `${cls} expects at least one scheduler, but got no scheduler.` : `${cls} expects at least one scheduler to be chained, but got no scheduler.`);
  }
  schedulers.forEach((s, i) => {
    if (s instanceof ReduceLROnPlateau) {
      throw new TypeError(`${cls} does not support \`ReduceLROnPlateau\` scheduler as it requires additional kwargs to be specified when calling \`step\`, but got one at index ${i} in the given schedulers sequence.`);
    }
    if (!(s instanceof LRScheduler)) throw new TypeError(`${cls} at index ${i} should have \`optimizer\` as its attribute. (got ${describeValue(s)})`);
    if (s.optimizer !== optimizer) {
      throw new RangeError(`${cls} expects all schedulers to belong to the same optimizer, but got scheduler ${s.constructor.name} at index ${i} has a different optimizer (${s.optimizer.constructor.name}), which is different from ${optimizer.constructor.name}.`);
    }
  });
}

function undoLastEpoch(s: LRScheduler): void {
  if (s instanceof SequentialLR || s instanceof ChainedScheduler) for (const c of s._schedulers) undoLastEpoch(c);
  else s.lastEpoch -= 1;
}

export interface SequentialLROptions {
  /** The schedulers, run one after another. */
  schedulers: readonly LRScheduler[];
  /** The epochs at which the next scheduler takes over (one fewer than the schedulers). */
  milestones: readonly number[];
  /** Index of the last epoch, to resume (default -1). */
  lastEpoch?: number;
}

/**
 * Runs schedulers one after another, switching at the milestone epochs, as
 * torch.optim.lr_scheduler.SequentialLR. The schedulers must be created on the same optimizer.
 * @example
 * const warmup = new optim.lr_scheduler.LinearLR(optimizer, { startFactor: 0.1, totalIters: 5 });
 * const decay = new optim.lr_scheduler.ExponentialLR(optimizer, 0.95);
 * const scheduler = new optim.lr_scheduler.SequentialLR(optimizer, { schedulers: [warmup, decay], milestones: [5] });
 */
export class SequentialLR extends LRScheduler {
  /** @internal */
  _schedulers: LRScheduler[];
  /** @internal */
  _milestones: number[];

  constructor(optimizer: Optimizer, options: SequentialLROptions);
  constructor(optimizer: Optimizer, schedulers: readonly LRScheduler[], milestones: readonly number[], lastEpoch?: number);
  constructor(optimizer: Optimizer, a: SequentialLROptions | readonly LRScheduler[], milestones?: readonly number[], lastEpoch?: number) {
    const cls = 'SequentialLR';
    const o: SequentialLROptions = Array.isArray(a) ? { schedulers: a as readonly LRScheduler[], milestones: milestones!, lastEpoch } : (a as SequentialLROptions);
    if (!isPlainObject(o as unknown)) throw new TypeError(`${cls}: expected schedulers and milestones or an options object (got ${describeValue(a)})`);
    checkKeys(cls, o, ['schedulers', 'milestones', 'lastEpoch']);
    checkOptimizer(optimizer);
    if (!Array.isArray(o.schedulers)) throw argTypeError(cls, 'option schedulers', 'an array of schedulers', o.schedulers);
    if (!Array.isArray(o.milestones)) throw argTypeError(cls, 'option milestones', 'an array of integers', o.milestones);
    checkSchedulers(cls, optimizer, o.schedulers);
    for (const m of o.milestones) checkInt(cls, 'option milestones', m);
    if (o.milestones.length !== o.schedulers.length - 1) {
      throw new RangeError(`Sequential Schedulers expects number of schedulers provided to be one more than the number of milestone points, but got number of schedulers ${o.schedulers.length} and the number of milestones to be equal to ${o.milestones.length}`);
    }
    const last = o.lastEpoch ?? -1;
    super(optimizer, last);
    this._schedulers = [...o.schedulers];
    this._milestones = [...o.milestones];
    this.lastEpoch = last + 1;
    // As PyTorch: restart from the initial learning rates, undo the step each scheduler's
    // constructor took, and take the first scheduler's initial step again.
    for (const g of optimizer.paramGroups) g.lr = g.initialLr!;
    for (const s of this._schedulers) undoLastEpoch(s);
    const idx = bisectRight(this._milestones, 0);
    this._schedulers[idx]!._initialStep();
    this._lastLr = this._schedulers[idx]!.getLastLr();
  }

  protected getLr(): number[] {
    throw new Error('SequentialLR has no learning-rate formula of its own; call step()');
  }

  /** Steps the scheduler of the current epoch (the next one restarts at a milestone). @example scheduler.step(); */
  override step(): void {
    this.lastEpoch += 1;
    const idx = bisectRight(this._milestones, this.lastEpoch);
    const scheduler = this._schedulers[idx]!;
    if (idx > 0 && this._milestones[idx - 1] === this.lastEpoch) scheduler._updateLr(0);
    else scheduler.step();
    this._lastLr = scheduler.getLastLr();
  }

  /** Every field except the optimizer, with each scheduler's stateDict(). @example const sd = scheduler.stateDict(); */
  override stateDict(): SchedulerStateDict {
    const sd = super.stateDict();
    sd._schedulers = this._schedulers.map((s) => s.stateDict());
    return sd;
  }

  /** Restores fields and each scheduler's state saved by stateDict(). @example scheduler.loadStateDict(sd); */
  override loadStateDict(stateDict: SchedulerStateDict): void {
    loadNested(this, stateDict);
  }
}

function loadNested(self: SequentialLR | ChainedScheduler, stateDict: SchedulerStateDict): void {
  if (!isPlainObject(stateDict)) throw new TypeError(`loadStateDict(stateDict): expected an object from stateDict() (got ${describeValue(stateDict)})`);
  const { _schedulers: nested, ...rest } = stateDict;
  if (!Array.isArray(nested) || nested.length !== self._schedulers.length) {
    throw new TypeError(`loadStateDict(stateDict): expected _schedulers, the states of ${self._schedulers.length} schedulers`);
  }
  LRScheduler.prototype.loadStateDict.call(self, rest);
  nested.forEach((s, i) => self._schedulers[i]!.loadStateDict(s as SchedulerStateDict));
}

/**
 * Steps several schedulers together at each step, so their factors multiply, as
 * torch.optim.lr_scheduler.ChainedScheduler.
 * @example
 * const scheduler = new optim.lr_scheduler.ChainedScheduler([
 *   new optim.lr_scheduler.ConstantLR(optimizer, { factor: 0.1, totalIters: 2 }),
 *   new optim.lr_scheduler.ExponentialLR(optimizer, 0.9),
 * ]);
 */
export class ChainedScheduler extends LRScheduler {
  /** @internal */
  _schedulers: LRScheduler[];

  constructor(schedulers: readonly LRScheduler[], optimizer?: Optimizer) {
    const cls = 'ChainedScheduler';
    if (!Array.isArray(schedulers)) throw argTypeError(cls, 'schedulers', 'an array of schedulers', schedulers);
    if (schedulers.length < 1) checkSchedulers(cls, undefined as never, schedulers);
    const opt = optimizer ?? (schedulers[0] as { optimizer?: Optimizer }).optimizer;
    checkOptimizer(opt);
    checkSchedulers(cls, opt, schedulers);
    super(opt);
    this._schedulers = [...schedulers];
    this._lastLr = this._schedulers[this._schedulers.length - 1]!.optimizer.paramGroups.map((g) => g.lr);
  }

  protected getLr(): number[] {
    throw new Error('ChainedScheduler has no learning-rate formula of its own; call step()');
  }

  /** Steps every scheduler, in order. @example scheduler.step(); */
  override step(): void {
    for (const s of this._schedulers) s.step();
    this._lastLr = this._schedulers[this._schedulers.length - 1]!.optimizer.paramGroups.map((g) => g.lr);
  }

  /** Every field except the optimizer, with each scheduler's stateDict(). @example const sd = scheduler.stateDict(); */
  override stateDict(): SchedulerStateDict {
    const sd = super.stateDict();
    sd._schedulers = this._schedulers.map((s) => s.stateDict());
    return sd;
  }

  /** Restores fields and each scheduler's state saved by stateDict(). @example scheduler.loadStateDict(sd); */
  override loadStateDict(stateDict: SchedulerStateDict): void {
    loadNested(this, stateDict);
  }
}

export interface CyclicLROptions {
  /** Lower learning-rate boundary of the cycle, one for all groups or one per group. */
  baseLr: number | number[];
  /** Upper learning-rate boundary of the cycle, one for all groups or one per group. */
  maxLr: number | number[];
  /** Iterations in the increasing half of a cycle (default 2000). */
  stepSizeUp?: number;
  /** Iterations in the decreasing half (default stepSizeUp). */
  stepSizeDown?: number;
  /** 'triangular' (default), 'triangular2' (amplitude halves each cycle) or 'exp_range' (scaled by gamma ** iteration); ignored with scaleFn. */
  mode?: 'triangular' | 'triangular2' | 'exp_range';
  /** Base of 'exp_range' (default 1). */
  gamma?: number;
  /** A custom amplitude scale, of the cycle number or the iteration (see scaleMode). */
  scaleFn?: (x: number) => number;
  /** What scaleFn is given: 'cycle' (default) or 'iterations'. */
  scaleMode?: 'cycle' | 'iterations';
  /** Cycle the momentum (SGD's momentum, or beta1 of Adam-like optimizers) inversely to the learning rate (default true). */
  cycleMomentum?: boolean;
  /** Lower momentum boundary (default 0.8), one for all groups or one per group. */
  baseMomentum?: number | number[];
  /** Upper momentum boundary (default 0.9), one for all groups or one per group. */
  maxMomentum?: number | number[];
  /** Index of the last batch, to resume (default -1). */
  lastEpoch?: number;
}

/**
 * Cycles each group's learning rate between baseLr and maxLr (cyclical learning rates), as
 * torch.optim.lr_scheduler.CyclicLR. Step it after every batch.
 * @example
 * const scheduler = new optim.lr_scheduler.CyclicLR(optimizer, { baseLr: 0.01, maxLr: 0.1, stepSizeUp: 2000 });
 * for (const batch of loader) { train(batch); optimizer.step(); scheduler.step(); }
 */
export class CyclicLR extends LRScheduler {
  maxLrs: number[];
  totalSize: number;
  stepRatio: number;
  mode: string;
  gamma: number;
  scaleMode: 'cycle' | 'iterations';
  cycleMomentum: boolean;
  useBeta1 = false;
  baseMomentums: number[] = [];
  maxMomentums: number[] = [];
  /** @internal */
  _scaleFnCustom: ((x: number) => number) | null;

  constructor(optimizer: Optimizer, options: CyclicLROptions) {
    const cls = 'CyclicLR';
    checkOptimizer(optimizer);
    if (!isPlainObject(options as unknown)) throw argTypeError(cls, 'options', 'an object', options);
    checkKeys(cls, options, ['baseLr', 'maxLr', 'stepSizeUp', 'stepSizeDown', 'mode', 'gamma', 'scaleFn', 'scaleMode', 'cycleMomentum', 'baseMomentum', 'maxMomentum', 'lastEpoch']);
    const lastEpoch = options.lastEpoch ?? -1;
    const baseLrs = formatParam(cls, 'baseLr', optimizer, options.baseLr);
    const maxLrs = formatParam(cls, 'maxLr', optimizer, options.maxLr);
    const stepSizeUp = checkNumber(cls, 'option stepSizeUp', options.stepSizeUp ?? 2000);
    const stepSizeDown = checkNumber(cls, 'option stepSizeDown', options.stepSizeDown ?? stepSizeUp);
    const mode = options.mode ?? 'triangular';
    const scaleFn = options.scaleFn ?? null;
    if (scaleFn !== null && typeof scaleFn !== 'function') throw argTypeError(cls, 'option scaleFn', 'a function', scaleFn);
    if (!['triangular', 'triangular2', 'exp_range'].includes(mode) && scaleFn === null) throw new RangeError(`mode is invalid and scale_fn is None (CyclicLR option mode: 'triangular', 'triangular2' or 'exp_range', got ${pyValue(mode)})`);
    const gamma = checkNumber(cls, 'option gamma', options.gamma ?? 1.0);
    const scaleMode = options.scaleMode ?? 'cycle';
    if (scaleMode !== 'cycle' && scaleMode !== 'iterations') throw argTypeError(cls, 'option scaleMode', "'cycle' or 'iterations'", scaleMode);
    const cycleMomentum = checkBool(cls, 'option cycleMomentum', options.cycleMomentum ?? true);
    let useBeta1 = false;
    let baseMomentums: number[] = [];
    let maxMomentums: number[] = [];
    if (cycleMomentum) {
      if (!('momentum' in optimizer.defaults) && !('betas' in optimizer.defaults)) {
        throw new RangeError('optimizer must support momentum or beta1 with `cycle_momentum` option enabled (CyclicLR option cycleMomentum)');
      }
      useBeta1 = 'betas' in optimizer.defaults;
      baseMomentums = formatParam(cls, 'baseMomentum', optimizer, options.baseMomentum ?? 0.8);
      maxMomentums = formatParam(cls, 'maxMomentum', optimizer, options.maxMomentum ?? 0.9);
    }
    // As PyTorch: the groups start at baseLr (which becomes their initialLr) and maxMomentum.
    if (lastEpoch === -1) {
      optimizer.paramGroups.forEach((g, i) => {
        g.lr = baseLrs[i]!;
        if (cycleMomentum) {
          setMomentum(g, useBeta1, maxMomentums[i]!);
          g.maxMomentum = maxMomentums[i]!;
          g.baseMomentum = baseMomentums[i]!;
        }
      });
    }
    super(optimizer, lastEpoch);
    this.maxLrs = maxLrs;
    this.totalSize = stepSizeUp + stepSizeDown;
    this.stepRatio = stepSizeUp / this.totalSize;
    this.mode = mode;
    this.gamma = gamma;
    this._scaleFnCustom = scaleFn;
    this.scaleMode = scaleMode;
    this.initScaleFn();
    this.cycleMomentum = cycleMomentum;
    this.useBeta1 = useBeta1;
    this.baseMomentums = baseMomentums;
    this.maxMomentums = maxMomentums;
    this.initialStep();
    this.baseLrs = baseLrs;
  }

  private initScaleFn(): void {
    if (this._scaleFnCustom !== null) return;
    this.scaleMode = this.mode === 'exp_range' ? 'iterations' : 'cycle';
  }

  /** The amplitude scale at x (a cycle number or an iteration, per scaleMode). @example scheduler.scaleFn(2) */
  scaleFn(x: number): number {
    if (this._scaleFnCustom !== null) return this._scaleFnCustom(x);
    if (this.mode === 'triangular') return 1.0;
    if (this.mode === 'triangular2') return 1 / 2.0 ** (x - 1);
    return pyPow(this.gamma, x);
  }

  protected getLr(): number[] {
    const cycle = Math.floor(1 + this.lastEpoch / this.totalSize);
    const x = 1.0 + this.lastEpoch / this.totalSize - cycle;
    const scaleFactor = x <= this.stepRatio ? x / this.stepRatio : (x - 1) / (this.stepRatio - 1);
    const at = this.scaleMode === 'cycle' ? cycle : this.lastEpoch;
    const lrs = this.baseLrs.map((b, i) => b + (this.maxLrs[i]! - b) * scaleFactor * this.scaleFn(at));
    if (this.cycleMomentum) {
      const momentums = this.baseMomentums.map((b, i) => this.maxMomentums[i]! - (this.maxMomentums[i]! - b) * scaleFactor * this.scaleFn(at));
      this.optimizer.paramGroups.forEach((g, i) => setMomentum(g, this.useBeta1, momentums[i]!));
    }
    return lrs;
  }

  /** Every field except the optimizer and a custom scaleFn. @example const sd = scheduler.stateDict(); */
  override stateDict(): SchedulerStateDict {
    const sd = super.stateDict();
    sd._scaleFnCustom = null;
    return sd;
  }

  /** Restores fields saved by stateDict() (a custom scaleFn stays). @example scheduler.loadStateDict(sd); */
  override loadStateDict(stateDict: SchedulerStateDict): void {
    if (!isPlainObject(stateDict)) throw new TypeError(`loadStateDict(stateDict): expected an object from stateDict() (got ${describeValue(stateDict)})`);
    const { _scaleFnCustom: _ignored, ...rest } = stateDict;
    super.loadStateDict(rest);
    this.initScaleFn();
  }
}

export interface CosineAnnealingWarmRestartsOptions {
  /** Iterations until the first restart (PyTorch's T_0, a positive integer). */
  T0: number;
  /** Factor by which the period grows after each restart (PyTorch's T_mult, an integer >= 1; default 1). */
  TMult?: number;
  /** Minimum learning rate (default 0). */
  etaMin?: number;
  /** Index of the last epoch, to resume (default -1). */
  lastEpoch?: number;
}

/**
 * Cosine annealing with warm restarts (SGDR), as torch.optim.lr_scheduler.CosineAnnealingWarmRestarts.
 * `step(epoch)` takes a fractional epoch too, to step per batch.
 * @example
 * const scheduler = new optim.lr_scheduler.CosineAnnealingWarmRestarts(optimizer, { T0: 10, TMult: 2 });
 * for (let epoch = 0; epoch < 20; epoch++) {
 *   for (let i = 0; i < iters; i++) { train(); optimizer.step(); scheduler.step(epoch + i / iters); }
 * }
 */
export class CosineAnnealingWarmRestarts extends LRScheduler {
  T0: number;
  Ti: number;
  TMult: number;
  etaMin: number;
  TCur: number;

  constructor(optimizer: Optimizer, options: CosineAnnealingWarmRestartsOptions);
  constructor(optimizer: Optimizer, T0: number, TMult?: number, etaMin?: number, lastEpoch?: number);
  constructor(optimizer: Optimizer, a: CosineAnnealingWarmRestartsOptions | number, TMult?: number, etaMin?: number, lastEpoch?: number) {
    const cls = 'CosineAnnealingWarmRestarts';
    if (typeof a !== 'number' && !isPlainObject(a)) throw new TypeError(`${cls}: expected T0 or an options object (got ${describeValue(a)})`);
    const o: CosineAnnealingWarmRestartsOptions = typeof a === 'number' ? { T0: a, TMult, etaMin, lastEpoch } : a;
    checkKeys(cls, o, ['T0', 'TMult', 'etaMin', 'lastEpoch']);
    if (typeof o.T0 !== 'number' || !Number.isSafeInteger(o.T0) || o.T0 <= 0) throw new RangeError(`Expected positive integer T_0, but got ${pyValue(o.T0)} (${cls} option T0)`);
    const tMult = o.TMult ?? 1;
    if (typeof tMult !== 'number' || !Number.isSafeInteger(tMult) || tMult < 1) throw new RangeError(`Expected integer T_mult >= 1, but got ${pyValue(tMult)} (${cls} option TMult)`);
    const eta = checkNumber(cls, 'option etaMin', o.etaMin ?? 0.0);
    const last = o.lastEpoch ?? -1;
    super(optimizer, last);
    this.T0 = o.T0;
    this.Ti = o.T0;
    this.TMult = tMult;
    this.etaMin = eta;
    this.TCur = last;
    this.initialStep();
  }

  protected getLr(): number[] {
    return this.baseLrs.map((b) => this.etaMin + ((b - this.etaMin) * (1 + pyCos((Math.PI * this.TCur) / this.Ti))) / 2);
  }

  /**
   * Advances one step, or goes to `epoch` (fractional epochs step within an epoch).
   * @example scheduler.step(epoch + i / iters);
   */
  override step(epoch?: number): void {
    if (epoch === undefined && this.lastEpoch < 0) epoch = 0;
    if (epoch === undefined) {
      epoch = this.lastEpoch + 1;
      this.TCur = this.TCur + 1;
      if (this.TCur >= this.Ti) {
        this.TCur = this.TCur % this.Ti;
        this.Ti = this.Ti * this.TMult;
      }
    } else {
      checkNumber('CosineAnnealingWarmRestarts.step(epoch)', 'epoch', epoch);
      if (epoch < 0) throw new RangeError(`Expected non-negative epoch, but got ${epoch}`);
      if (epoch >= this.T0) {
        if (this.TMult === 1) {
          this.TCur = epoch % this.T0;
        } else {
          const n = Math.trunc(pyLog((epoch / this.T0) * (this.TMult - 1) + 1) / pyLog(this.TMult));
          this.TCur = epoch - (this.T0 * (this.TMult ** n - 1)) / (this.TMult - 1);
          this.Ti = this.T0 * this.TMult ** n;
        }
      } else {
        this.Ti = this.T0;
        this.TCur = epoch;
      }
    }
    this.lastEpoch = Math.floor(epoch);
    const values = this.getLr();
    const groups = this.optimizer.paramGroups;
    groups.forEach((g, i) => { g.lr = values[i]!; });
    this._lastLr = groups.map((g) => g.lr);
  }
}

export interface OneCycleLROptions {
  /** Peak learning rate, one for all groups or one per group. */
  maxLr: number | number[];
  /** Steps in the cycle; or give epochs and stepsPerEpoch. */
  totalSteps?: number;
  /** Epochs (with stepsPerEpoch, instead of totalSteps). */
  epochs?: number;
  /** Steps per epoch (with epochs, instead of totalSteps). */
  stepsPerEpoch?: number;
  /** Fraction of the cycle spent increasing the learning rate (default 0.3). */
  pctStart?: number;
  /** 'cos' (default) or 'linear' annealing. */
  annealStrategy?: 'cos' | 'linear';
  /** Cycle the momentum (SGD's momentum, or beta1 of Adam-like optimizers) inversely to the learning rate (default true). */
  cycleMomentum?: boolean;
  /** Lower momentum boundary (default 0.85), one for all groups or one per group. */
  baseMomentum?: number | number[];
  /** Upper momentum boundary (default 0.95), one for all groups or one per group. */
  maxMomentum?: number | number[];
  /** initialLr = maxLr / divFactor (default 25). */
  divFactor?: number;
  /** minLr = initialLr / finalDivFactor (default 1e4). */
  finalDivFactor?: number;
  /** Three phases (up, back down to initialLr, then down to minLr) instead of two (default false). */
  threePhase?: boolean;
  /** Index of the last batch, to resume (default -1). */
  lastEpoch?: number;
}

interface SchedulePhase {
  endStep: number;
  startLr: string;
  endLr: string;
  startMomentum: string;
  endMomentum: string;
}

/**
 * The 1cycle policy (super-convergence): the learning rate rises from maxLr / divFactor to maxLr,
 * then anneals to far below, while the momentum cycles inversely, as
 * torch.optim.lr_scheduler.OneCycleLR. Step it after every batch.
 * @example
 * const scheduler = new optim.lr_scheduler.OneCycleLR(optimizer, { maxLr: 0.01, epochs: 10, stepsPerEpoch: loader.length });
 * for (let e = 0; e < 10; e++) for (const batch of loader) { train(batch); optimizer.step(); scheduler.step(); }
 */
export class OneCycleLR extends LRScheduler {
  totalSteps: number;
  cycleMomentum: boolean;
  useBeta1 = false;
  /** @internal */
  _schedulePhases: SchedulePhase[];
  /** @internal */
  _annealFuncType: 'cos' | 'linear';

  constructor(optimizer: Optimizer, options: OneCycleLROptions) {
    const cls = 'OneCycleLR';
    checkOptimizer(optimizer);
    if (!isPlainObject(options as unknown)) throw argTypeError(cls, 'options', 'an object', options);
    checkKeys(cls, options, ['maxLr', 'totalSteps', 'epochs', 'stepsPerEpoch', 'pctStart', 'annealStrategy', 'cycleMomentum', 'baseMomentum', 'maxMomentum', 'divFactor', 'finalDivFactor', 'threePhase', 'lastEpoch']);
    const isPosInt = (v: unknown): boolean => typeof v === 'number' && Number.isSafeInteger(v) && v > 0;
    let totalSteps: number;
    if (options.totalSteps !== undefined) {
      if (!isPosInt(options.totalSteps)) throw new RangeError(`Expected positive integer total_steps, but got ${pyValue(options.totalSteps)} (${cls} option totalSteps)`);
      totalSteps = options.totalSteps;
    } else if (options.epochs !== undefined && options.stepsPerEpoch !== undefined) {
      if (!isPosInt(options.epochs)) throw new RangeError(`Expected positive integer epochs, but got ${pyValue(options.epochs)} (${cls} option epochs)`);
      if (!isPosInt(options.stepsPerEpoch)) throw new RangeError(`Expected positive integer steps_per_epoch, but got ${pyValue(options.stepsPerEpoch)} (${cls} option stepsPerEpoch)`);
      totalSteps = options.epochs * options.stepsPerEpoch;
    } else {
      throw new TypeError('You must define either total_steps OR (epochs AND steps_per_epoch) (OneCycleLR options totalSteps, or epochs and stepsPerEpoch)');
    }
    const pctStart = options.pctStart ?? 0.3;
    if (typeof pctStart !== 'number' || !(pctStart >= 0 && pctStart <= 1)) throw new RangeError(`Expected float between 0 and 1 pct_start, but got ${pyValue(pctStart)} (${cls} option pctStart)`);
    const phases: SchedulePhase[] = options.threePhase
      ? [
        { endStep: pctStart * totalSteps - 1, startLr: 'initialLr', endLr: 'maxLr', startMomentum: 'maxMomentum', endMomentum: 'baseMomentum' },
        { endStep: 2 * pctStart * totalSteps - 2, startLr: 'maxLr', endLr: 'initialLr', startMomentum: 'baseMomentum', endMomentum: 'maxMomentum' },
        { endStep: totalSteps - 1, startLr: 'initialLr', endLr: 'minLr', startMomentum: 'maxMomentum', endMomentum: 'maxMomentum' },
      ]
      : [
        { endStep: pctStart * totalSteps - 1, startLr: 'initialLr', endLr: 'maxLr', startMomentum: 'maxMomentum', endMomentum: 'baseMomentum' },
        { endStep: totalSteps - 1, startLr: 'maxLr', endLr: 'minLr', startMomentum: 'baseMomentum', endMomentum: 'maxMomentum' },
      ];
    checkBool(cls, 'option threePhase', options.threePhase ?? false);
    const anneal = options.annealStrategy ?? 'cos';
    if (anneal !== 'cos' && anneal !== 'linear') throw new RangeError(`anneal_strategy must be one of 'cos' or 'linear', instead got ${pyValue(anneal)} (${cls} option annealStrategy)`);
    const maxLrs = formatParam(cls, 'maxLr', optimizer, options.maxLr);
    const divFactor = checkNumber(cls, 'option divFactor', options.divFactor ?? 25.0);
    const finalDivFactor = checkNumber(cls, 'option finalDivFactor', options.finalDivFactor ?? 1e4);
    const lastEpoch = options.lastEpoch ?? -1;
    if (lastEpoch === -1) {
      optimizer.paramGroups.forEach((g, i) => {
        g.initialLr = maxLrs[i]! / divFactor;
        g.maxLr = maxLrs[i]!;
        g.minLr = g.initialLr / finalDivFactor;
      });
    }
    const cycleMomentum = checkBool(cls, 'option cycleMomentum', options.cycleMomentum ?? true);
    let useBeta1 = false;
    if (cycleMomentum) {
      if (!('momentum' in optimizer.defaults) && !('betas' in optimizer.defaults)) {
        throw new RangeError('optimizer must support momentum or beta1 with `cycle_momentum` option enabled (OneCycleLR option cycleMomentum)');
      }
      useBeta1 = 'betas' in optimizer.defaults;
      const maxMomentums = formatParam(cls, 'maxMomentum', optimizer, options.maxMomentum ?? 0.95);
      const baseMomentums = formatParam(cls, 'baseMomentum', optimizer, options.baseMomentum ?? 0.85);
      if (lastEpoch === -1) {
        optimizer.paramGroups.forEach((g, i) => {
          setMomentum(g, useBeta1, maxMomentums[i]!);
          g.maxMomentum = maxMomentums[i]!;
          g.baseMomentum = baseMomentums[i]!;
        });
      }
    }
    super(optimizer, lastEpoch);
    this.totalSteps = totalSteps;
    this._schedulePhases = phases;
    this._annealFuncType = anneal;
    this.cycleMomentum = cycleMomentum;
    this.useBeta1 = useBeta1;
    this.initialStep();
  }

  private anneal(start: number, end: number, pct: number): number {
    if (this._annealFuncType === 'cos') {
      const cosOut = pyCos(Math.PI * pct) + 1;
      return end + ((start - end) / 2.0) * cosOut;
    }
    return (end - start) * pct + start;
  }

  protected getLr(): number[] {
    const stepNum = this.lastEpoch;
    if (stepNum > this.totalSteps) throw new RangeError(`Tried to step ${stepNum} times. The specified number of total steps is ${this.totalSteps}`);
    const phases = this._schedulePhases;
    return this.optimizer.paramGroups.map((group) => {
      const g = group as Record<string, unknown>;
      let startStep = 0.0;
      for (let i = 0; i < phases.length; i++) {
        const phase = phases[i]!;
        const endStep = phase.endStep;
        if (stepNum <= endStep || i === phases.length - 1) {
          const pct = (stepNum - startStep) / (endStep - startStep);
          const lr = this.anneal(g[phase.startLr] as number, g[phase.endLr] as number, pct);
          if (this.cycleMomentum) setMomentum(g, this.useBeta1, this.anneal(g[phase.startMomentum] as number, g[phase.endMomentum] as number, pct));
          return lr;
        }
        startStep = phase.endStep;
      }
      throw new Error('unreachable: the last phase always applies');
    });
  }
}
