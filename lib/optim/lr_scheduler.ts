// torch.optim.lr_scheduler: learning-rate schedules over an optimizer's parameter groups, with
// PyTorch's chainable (recursive) formulas, so the same sequence of learning rates.
import { Tensor } from '../tensor.js';
import { argTypeError, isPlainObject, describeValue, checkInt, checkNumber } from '../validate.js';
import { Optimizer } from './optimizer.js';

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

  protected constructor(optimizer: Optimizer, lastEpoch: number = -1) {
    if (!((optimizer as unknown) instanceof Optimizer)) throw new TypeError(`${describeValue(optimizer)} is not an Optimizer`);
    if (!Number.isInteger(lastEpoch) || lastEpoch < -1) throw new RangeError(`lastEpoch must be an integer >= -1 (got ${lastEpoch})`);
    this.optimizer = optimizer;
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

/**
 * Sets each group's learning rate to its initial one times `lrLambda(epoch)` (one function for
 * all groups, or one per group), as torch.optim.lr_scheduler.LambdaLR.
 * @example const scheduler = new optim.lr_scheduler.LambdaLR(optimizer, (epoch) => 0.95 ** epoch);
 */
export class LambdaLR extends LRScheduler {
  lrLambdas: ((epoch: number) => number)[];

  constructor(optimizer: Optimizer, lrLambda: ((epoch: number) => number) | readonly ((epoch: number) => number)[], lastEpoch: number = -1) {
    super(optimizer, lastEpoch);
    if (Array.isArray(lrLambda)) {
      if (lrLambda.length !== optimizer.paramGroups.length) throw new RangeError(`Expected ${optimizer.paramGroups.length} lr_lambdas, but got ${lrLambda.length} (LambdaLR option lrLambda)`);
      this.lrLambdas = [...lrLambda];
    } else {
      this.lrLambdas = optimizer.paramGroups.map(() => lrLambda as (epoch: number) => number);
    }
    for (const f of this.lrLambdas) if (typeof f !== 'function') throw argTypeError('LambdaLR', 'lrLambda', 'a function or an array of functions', f);
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
    return this.baseLrs.map((b) => b * this.gamma ** Math.floor(this.lastEpoch / this.stepSize));
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
    return groups.map((g) => g.lr * this.gamma ** count);
  }

  protected override closedFormLr(): number[] {
    let passed = 0;
    for (const [m, c] of this.milestones) if (m <= this.lastEpoch) passed += c;
    return this.baseLrs.map((b) => b * this.gamma ** passed);
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
    return this.baseLrs.map((b) => b * this.gamma ** this.lastEpoch);
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
      return this.baseLrs.map((b) => etaMin + ((b - etaMin) * (1 + Math.cos((lastEpoch * Math.PI) / TMax))) / 2);
    }
    if (pyMod(lastEpoch - 1 - TMax, 2 * TMax) === 0) {
      return groups.map((g, i) => g.lr + ((this.baseLrs[i]! - etaMin) * (1 - Math.cos(Math.PI / TMax))) / 2);
    }
    return groups.map((g) =>
      ((1 + Math.cos((Math.PI * lastEpoch) / TMax)) / (1 + Math.cos((Math.PI * (lastEpoch - 1)) / TMax))) * (g.lr - etaMin) + etaMin);
  }

  protected override closedFormLr(): number[] {
    return this.baseLrs.map((b) => this.etaMin + ((b - this.etaMin) * (1 + Math.cos((Math.PI * this.lastEpoch) / this.TMax))) / 2);
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
export class ReduceLROnPlateau {
  readonly optimizer: Optimizer;
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
  /** @internal */
  _lastLr: number[];

  constructor(optimizer: Optimizer, options: ReduceLROnPlateauOptions = {}) {
    const cls = 'ReduceLROnPlateau';
    if (!isPlainObject(options as unknown)) throw argTypeError(cls, 'options', 'an object', options);
    checkKeys(cls, options, ['mode', 'factor', 'patience', 'threshold', 'thresholdMode', 'cooldown', 'minLr', 'eps']);
    const factor = checkNumber(cls, 'option factor', options.factor ?? 0.1);
    if (factor >= 1.0) throw new RangeError(`Factor should be < 1.0. (${cls} option factor, got ${factor})`);
    if (!((optimizer as unknown) instanceof Optimizer)) throw new TypeError(`${describeValue(optimizer)} is not an Optimizer`);
    this.factor = factor;
    this.optimizer = optimizer;
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
  step(metrics: number | Tensor, epoch?: number): void {
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

  /** The learning rates after the last step. @example scheduler.getLastLr() */
  getLastLr(): number[] {
    return [...this._lastLr];
  }

  /** Every field except the optimizer. */
  stateDict(): SchedulerStateDict {
    const out: SchedulerStateDict = {};
    for (const [k, v] of Object.entries(this)) if (k !== 'optimizer') out[k] = Array.isArray(v) ? [...v] : v;
    return out;
  }

  /** Restores fields saved by stateDict(). */
  loadStateDict(stateDict: SchedulerStateDict): void {
    if (!isPlainObject(stateDict)) throw new TypeError(`loadStateDict(stateDict): expected an object from stateDict() (got ${describeValue(stateDict)})`);
    for (const [k, v] of Object.entries(stateDict)) if (k !== 'optimizer') (this as Record<string, unknown>)[k] = Array.isArray(v) ? [...v] : v;
    this.initIsBetter(this.mode, this.threshold, this.thresholdMode);
  }
}
