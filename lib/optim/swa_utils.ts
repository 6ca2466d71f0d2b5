// torch.optim.swa_utils: stochastic weight averaging and EMA of a model's weights (AveragedModel,
// the averaging functions, updateBn) and SWA's learning-rate schedule (SWALR), as
// torch/optim/swa_utils.py. AveragedModel is an nn.Module, as in PyTorch: this module of optim
// builds on nn.
import { Tensor } from '../tensor.js';
import type { Device } from '../dtype.js';
import { noGrad } from '../autograd/grad_mode.js';
import { ops } from '../ops_namespace.js';
import { tensor as makeTensor } from '../creation.js';
import { Module } from '../nn/modules/module.js';
import { BatchNormBase } from '../nn/modules/batchnorm.js';
import { argTypeError, isPlainObject, checkNumber, checkBool, parseArgs, type KwArgs } from '../validate.js';
import { Optimizer } from './optimizer.js';
import { LRScheduler, formatParam, pyCos } from './lr_scheduler.js';

/** Averages one parameter: returns the new average of `averaged` and `current` after `numAveraged` models. */
export type AvgFn = (averaged: Tensor, current: Tensor, numAveraged: Tensor | number) => Tensor;
/** Averages lists of parameters in place (one device and dtype per call). */
export type MultiAvgFn = (averaged: Tensor[], current: Tensor[], numAveraged: Tensor | number) => void;

function checkDecay(decay: number): void {
  checkNumber('getEmaAvgFn()', 'decay', decay);
  if (decay < 0.0 || decay > 1.0) throw new RangeError(`Invalid decay value ${decay} provided. Please provide a value in [0,1] range.`);
}

const isFloatOrComplex = (t: Tensor) => t.isFloatingPoint() || t.isComplex();

/**
 * An in-place exponential moving average over lists of tensors: `ema = lerp(ema, current, 1 - decay)`.
 * @example const ema = new optim.swa_utils.AveragedModel(model, { multiAvgFn: optim.swa_utils.getEmaMultiAvgFn(0.999) });
 */
export function getEmaMultiAvgFn(decay: number = 0.999): MultiAvgFn {
  checkDecay(decay);
  return (emaParamList, currentParamList) => noGrad(() => {
    if (isFloatOrComplex(emaParamList[0]!)) {
      ops.aten._foreach_lerp_!(emaParamList, currentParamList, 1 - decay);
    } else {
      emaParamList.forEach((pEma, i) => { pEma.copy_(pEma.mul(decay).add(currentParamList[i]!.mul(1 - decay))); });
    }
  });
}

/**
 * An in-place running (equal-weight) average over lists of tensors, SWA's.
 * @example const swa = new optim.swa_utils.AveragedModel(model, { multiAvgFn: optim.swa_utils.getSwaMultiAvgFn() });
 */
export function getSwaMultiAvgFn(): MultiAvgFn {
  return (averagedParamList, currentParamList, numAveraged) => noGrad(() => {
    if (isFloatOrComplex(averagedParamList[0]!)) {
      const n = numAveraged instanceof Tensor ? numAveraged.item() as number : numAveraged;
      ops.aten._foreach_lerp_!(averagedParamList, currentParamList, 1 / (n + 1));
    } else {
      const diffs = ops.aten._foreach_sub!(currentParamList, averagedParamList) as Tensor[];
      if (numAveraged instanceof Tensor) {
        ops.aten._foreach_addcdiv_!(averagedParamList, diffs, averagedParamList.map(() => numAveraged.add(1)));
      } else {
        ops.aten._foreach_add_!(averagedParamList, diffs, { alpha: 1.0 / (numAveraged + 1) });
      }
    }
  });
}

/**
 * The exponential moving average of one tensor: `decay * ema + (1 - decay) * current`.
 * @example new optim.swa_utils.AveragedModel(model, { avgFn: optim.swa_utils.getEmaAvgFn(0.99) })
 */
export function getEmaAvgFn(decay: number = 0.999): AvgFn {
  checkDecay(decay);
  return (emaParam, currentParam) => noGrad(() => emaParam.mul(decay).add(currentParam.mul(1 - decay)));
}

/**
 * The running average of one tensor: `averaged + (current - averaged) / (numAveraged + 1)`.
 * @example new optim.swa_utils.AveragedModel(model, { avgFn: optim.swa_utils.getSwaAvgFn() })
 */
export function getSwaAvgFn(): AvgFn {
  return (averagedParam, currentParam, numAveraged) => noGrad(() => {
    const denom = numAveraged instanceof Tensor ? numAveraged.add(1) : numAveraged + 1;
    return averagedParam.add(currentParam.sub(averagedParam).div(denom));
  });
}

/** Keywords of AveragedModel (PyTorch's arguments after `model`). */
export interface AveragedModelKeywords {
  model?: Module;
  /** Where the averaged copy lives (default: where the model is). */
  device?: Device | null;
  /** How one parameter is averaged (default: SWA's running mean). */
  avgFn?: AvgFn | null;
  /** How lists of parameters are averaged in place (default: SWA's running mean). */
  multiAvgFn?: MultiAvgFn | null;
  /** Average the buffers too (default false: they are copied from the model). */
  useBuffers?: boolean;
}

/**
 * A copy of a model whose parameters are the average (SWA) or exponential moving average (EMA)
 * of the model's over the `updateParameters` calls; its state dict holds `n_averaged` and the
 * copy's keys under `module.`. Arguments as PyTorch's, positionally or by keyword.
 * @example
 * const swaModel = new optim.swa_utils.AveragedModel(model);
 * const emaModel = new optim.swa_utils.AveragedModel(model, { multiAvgFn: optim.swa_utils.getEmaMultiAvgFn(0.999) });
 * for (const [x, y] of loader) { train(x, y); emaModel.updateParameters(model); }
 * optim.swa_utils.updateBn(loader, swaModel);
 */
export class AveragedModel<M extends Module = Module> extends Module {
  module: M;
  declare n_averaged: Tensor;
  avgFn: AvgFn | null;
  multiAvgFn: MultiAvgFn | null;
  useBuffers: boolean;

  constructor(...args: KwArgs<[model: M, device: Device | null, avgFn: AvgFn | null, multiAvgFn: MultiAvgFn | null, useBuffers: boolean], ['model'], AveragedModelKeywords>) {
    super();
    const where = 'AveragedModel()';
    const o = parseArgs<AveragedModelKeywords>(where, args, ['model', 'device', 'avgFn', 'multiAvgFn', 'useBuffers'],
      { device: null, avgFn: null, multiAvgFn: null, useBuffers: false }, ['model']);
    if (!(o.model instanceof Module)) throw argTypeError(where, 'model', 'an nn.Module', o.model);
    if (o.avgFn !== null && o.multiAvgFn !== null) throw new Error('Only one of avg_fn and multi_avg_fn should be provided');
    if (o.avgFn !== null && typeof o.avgFn !== 'function') throw argTypeError(where, 'avgFn', 'a function', o.avgFn);
    if (o.multiAvgFn !== null && typeof o.multiAvgFn !== 'function') throw argTypeError(where, 'multiAvgFn', 'a function', o.multiAvgFn);
    let copy = o.model.deepCopy() as M;
    if (o.device !== null && o.device !== undefined) copy = copy.to(o.device);
    this.module = copy;
    this.registerBuffer('n_averaged', makeTensor(0n, { dtype: 'int64', device: o.device ?? undefined }));
    this.avgFn = o.avgFn ?? null;
    this.multiAvgFn = o.multiAvgFn ?? null;
    this.useBuffers = checkBool(where, 'useBuffers', o.useBuffers);
  }

  /** Runs the averaged copy. @example const out = swaModel(x); */
  forward(...args: unknown[]): unknown {
    return (this.module as unknown as (...a: unknown[]) => unknown)(...args);
  }

  /**
   * Folds the model's current parameters (and buffers with useBuffers) into the average: the
   * first call copies them.
   * @example swaModel.updateParameters(model);
   */
  updateParameters(model: Module): void {
    if (!(model instanceof Module)) throw argTypeError('updateParameters()', 'model', 'an nn.Module', model);
    noGrad(() => {
      const selfParam: Tensor[] = this.useBuffers ? [...this.module.parameters(), ...this.module.buffers()] : this.parameters();
      const modelParam: Tensor[] = this.useBuffers ? [...model.parameters(), ...model.buffers()] : model.parameters();
      const selfDetached: Tensor[] = [];
      const modelDetached: Tensor[] = [];
      const n = this.n_averaged.item() as number;
      const copyParam = n === 0;
      const count = Math.min(selfParam.length, modelParam.length);
      for (let i = 0; i < count; i++) {
        const pAveraged = selfParam[i]!;
        const pModel = modelParam[i]!.detach().to(pAveraged.device);
        selfDetached.push(pAveraged.detach());
        modelDetached.push(pModel);
        if (copyParam) pAveraged.detach().copy_(pModel);
      }
      if (n > 0) {
        if (this.multiAvgFn !== null || this.avgFn === null) {
          for (const [device, idx] of groupByDeviceAndDType(selfDetached, modelDetached)) {
            const selfParams = idx.map((i) => selfDetached[i]!);
            const modelParams = idx.map((i) => modelDetached[i]!);
            const nDev = this.n_averaged.to(device);
            if (this.multiAvgFn !== null) this.multiAvgFn(selfParams, modelParams, nDev);
            else if (FOREACH_DEVICES.includes(device.split(':')[0]!)) getSwaMultiAvgFn()(selfParams, modelParams, nDev);
            else {
              const avg = getSwaAvgFn();
              selfParams.forEach((pAveraged, i) => { pAveraged.copy_(avg(pAveraged, modelParams[i]!, nDev)); });
            }
          }
        } else {
          selfDetached.forEach((pAveraged, i) => {
            const nAveraged = this.n_averaged.to(pAveraged.device);
            pAveraged.detach().copy_(this.avgFn!(pAveraged.detach(), modelDetached[i]!, nAveraged));
          });
        }
      }
      if (!this.useBuffers) {
        const mine = this.module.buffers();
        const theirs = model.buffers();
        if (mine.length !== theirs.length) throw new Error(`zip() argument 2 is ${theirs.length > mine.length ? 'longer' : 'shorter'} than argument 1`);
        mine.forEach((bSwa, i) => { bSwa.detach().copy_(theirs[i]!.detach().to(bSwa.device)); });
      }
      this.n_averaged.add_(1);
    });
  }
}

// PyTorch's _get_foreach_kernels_supported_devices(): the default average uses the foreach
// kernels only there (on CPU it averages tensor by tensor).
const FOREACH_DEVICES = ['cuda', 'xpu'];

/** PyTorch's _group_tensors_by_device_and_dtype over two parallel lists: [device, indices] per group of the first list. */
function groupByDeviceAndDType(a: Tensor[], b: Tensor[]): [string, number[]][] {
  const groups = new Map<string, [string, number[]]>();
  a.forEach((t, i) => {
    const key = `${t.device}/${t.dtype}/${b[i]!.dtype}`;
    let g = groups.get(key);
    if (g === undefined) groups.set(key, g = [String(t.device), []]);
    g[1].push(i);
  });
  return [...groups.values()];
}

/**
 * Recomputes the running statistics of every BatchNorm of `model` with one pass over `loader`
 * (a cumulative average: momentum null during the pass), as SWA needs after averaging. The loader
 * is any iterable of input tensors or of `[input, ...]` batches; the model's training mode is
 * restored afterwards.
 * @example optim.swa_utils.updateBn(trainLoader, swaModel);
 */
export function updateBn(loader: Iterable<unknown>, model: Module, device: Device | null = null): void {
  const where = 'updateBn()';
  if (loader === null || typeof loader !== 'object' || typeof (loader as Iterable<unknown>)[Symbol.iterator] !== 'function') {
    throw argTypeError(where, 'loader', 'an iterable of tensors or batches', loader);
  }
  if (!(model instanceof Module)) throw argTypeError(where, 'model', 'an nn.Module', model);
  noGrad(() => {
    const momenta = new Map<BatchNormBase, number | null>();
    for (const module of model.modules()) {
      if (module instanceof BatchNormBase) {
        module.resetRunningStats();
        momenta.set(module, module.momentum);
      }
    }
    if (momenta.size === 0) return;
    const wasTraining = model.training;
    model.train();
    for (const module of momenta.keys()) module.momentum = null;
    for (let input of loader) {
      if (Array.isArray(input)) input = input[0];
      if (!(input instanceof Tensor)) throw argTypeError(where, 'loader', 'batches of tensors (or [input, ...] arrays)', input);
      if (device !== null) input = input.to(device);
      (model as (x: Tensor) => unknown)(input as Tensor);
    }
    for (const [module, momentum] of momenta) module.momentum = momentum;
    model.train(wasTraining);
  });
}

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
