// torch.optim.swa_utils: the learning-rate schedule of stochastic weight averaging.
import { argTypeError, isPlainObject, checkNumber } from '../validate.js';
import { Optimizer } from './optimizer.js';
import { LRScheduler, formatParam, pyCos } from './lr_scheduler.js';

export interface SWALROptions {
  /** The learning rate to anneal to, one for all groups or one per group. */
  swaLr: number | number[];
  /** Epochs of the annealing (default 10; 0 switches at once). */
  annealEpochs?: number;
  /** 'cos' (default) or 'linear' annealing. */
  annealStrategy?: 'cos' | 'linear';
  /** Index of the last epoch, to resume (default -1). */
  lastEpoch?: number;
}

const SWALR_KEYS = ['swaLr', 'annealEpochs', 'annealStrategy', 'lastEpoch'];

/**
 * Anneals each group's learning rate to a fixed SWA learning rate over annealEpochs epochs, then
 * keeps it there, as torch.optim.swa_utils.SWALR.
 * @example
 * const swaScheduler = new optim.swa_utils.SWALR(optimizer, { swaLr: 0.05, annealEpochs: 5 });
 * for (let epoch = 0; epoch < 20; epoch++) { train(); optimizer.step(); swaScheduler.step(); }
 */
export class SWALR extends LRScheduler {
  annealEpochs: number;
  /** @internal */
  _annealStrategy: 'cos' | 'linear';

  constructor(optimizer: Optimizer, options: SWALROptions) {
    const cls = 'SWALR';
    if (!((optimizer as unknown) instanceof Optimizer)) throw new TypeError(`${String(optimizer)} is not an Optimizer`);
    if (!isPlainObject(options as unknown)) throw argTypeError(cls, 'options', 'an object', options);
    for (const key of Object.keys(options)) {
      if (!SWALR_KEYS.includes(key)) throw new TypeError(`${cls}: unknown option '${key}'; options are ${SWALR_KEYS.join(', ')}`);
    }
    const swaLrs = formatParam(cls, 'swaLr', optimizer, options.swaLr);
    optimizer.paramGroups.forEach((g, i) => { g.swaLr = swaLrs[i]!; });
    const strategy = options.annealStrategy ?? 'cos';
    if (strategy !== 'cos' && strategy !== 'linear') throw new RangeError(`anneal_strategy must be one of 'cos' or 'linear', instead got ${String(strategy)} (SWALR option annealStrategy)`);
    const annealEpochs = options.annealEpochs ?? 10;
    if (typeof annealEpochs !== 'number' || !Number.isSafeInteger(annealEpochs) || annealEpochs < 0) {
      throw new RangeError(`anneal_epochs must be equal or greater than 0, got ${String(annealEpochs)} (SWALR option annealEpochs)`);
    }
    super(optimizer, options.lastEpoch ?? -1);
    this._annealStrategy = strategy;
    this.annealEpochs = annealEpochs;
    this.initialStep();
  }

  private anneal(t: number): number {
    return this._annealStrategy === 'cos' ? (1 - pyCos(Math.PI * t)) / 2 : t;
  }

  protected getLr(): number[] {
    let step = this._stepCount - 1;
    if (this.annealEpochs === 0) step = Math.max(1, step);
    const groups = this.optimizer.paramGroups;
    const prevAlpha = this.anneal(Math.max(0, Math.min(1, (step - 1) / Math.max(1, this.annealEpochs))));
    // The learning rate the previous step annealed from (PyTorch's _get_initial_lr).
    const prevLrs = groups.map((g) => (prevAlpha === 1 ? (g.swaLr as number) : (g.lr - prevAlpha * (g.swaLr as number)) / (1 - prevAlpha)));
    const alpha = this.anneal(Math.max(0, Math.min(1, step / Math.max(1, this.annealEpochs))));
    return groups.map((g, i) => (g.swaLr as number) * alpha + prevLrs[i]! * (1 - alpha));
  }
}
