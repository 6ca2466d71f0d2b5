// BatchNorm1d/2d/3d and SyncBatchNorm, as torch/nn/modules/batchnorm.py (_NormBase, _BatchNorm).
// The lazy variants (LazyBatchNorm1d, ...) are in lazy.ts.
import type { Tensor } from '../../tensor.js';
import type { DType, Device } from '../../dtype.js';
import { empty, zeros, ones } from '../../generated/functions.js';
import { tensor } from '../../creation.js';
import { Module } from './module.js';
import { Parameter } from '../parameter.js';
import * as init from '../init.js';
import * as F from '../functional.js';
import { factoryKwargs, type FactoryOptions } from './linear.js';
import { parseArgs, checkInt, checkBool, checkNumber, describeValue, type KwArgs } from '../../validate.js';
import { checkWhere, pyFloat, pyRepr } from '../_utils.js';
import { noGrad } from '../../autograd/grad_mode.js';


/** Options of the batch norm layers. */
export interface BatchNormOptions extends FactoryOptions {
  /** Added to the variance for stability (default 1e-5). */
  eps?: number;
  /** Weight of the new batch in the running statistics (default 0.1); null: cumulative average. */
  momentum?: number | null;
  /** Learn a per-channel scale and shift (default true; false for the instance norms). */
  affine?: boolean;
  /** Keep running statistics for eval mode (default true; false for the instance norms). */
  trackRunningStats?: boolean;
  /** Learn the shift too when `affine` (default true). */
  bias?: boolean;
}

/** Every argument of BatchNorm1d/2d/3d and the instance norms by name (`num_features=64`, ...). */
export interface BatchNormKeywords extends BatchNormOptions {
  numFeatures?: number;
}

/** Python's positional parameters of the norm layers after numFeatures. */
export type NormPositional = [eps: number, momentum: number | null, affine: boolean, trackRunningStats: boolean, device: Device, dtype: DType];

/** The settings every norm layer is built from, checked and with defaults filled in. @internal */
export interface NormSettings {
  numFeatures: number;
  eps: number;
  momentum: number | null;
  affine: boolean;
  trackRunningStats: boolean;
  bias: boolean;
  device?: Device;
  dtype?: DType;
}

/** @internal Python's parameter names of _NormBase, in order. */
export const NORM_NAMES = ['numFeatures', 'eps', 'momentum', 'affine', 'trackRunningStats', 'device', 'dtype', 'bias'] as const;

/**
 * Parses a norm layer's arguments (`names` in Python's order) and checks them.
 * @internal
 */
export function parseNormArgs(where: string, args: readonly unknown[], names: readonly string[], defaults: Partial<NormSettings>,
  required: readonly string[] = ['numFeatures']): NormSettings & Record<string, unknown> {
  const o = parseArgs<NormSettings & Record<string, unknown>>(where, args, names, { eps: 1e-5, momentum: 0.1, bias: true, ...defaults }, required);
  if (o.numFeatures !== undefined) checkInt(where, 'numFeatures', o.numFeatures, 0);
  checkNumber(where, 'eps', o.eps);
  if (o.momentum !== null) checkNumber(where, 'momentum', o.momentum);
  checkBool(where, 'affine', o.affine);
  checkBool(where, 'trackRunningStats', o.trackRunningStats);
  checkBool(where, 'bias', o.bias);
  return o;
}

/**
 * The shared part of the batch and instance norm layers (PyTorch's _NormBase): the affine
 * parameters, the running statistics and their reset.
 * @example if (m instanceof nn.NormBase) m.resetRunningStats();
 */
export abstract class NormBase extends Module {
  numFeatures: number;
  eps: number;
  momentum: number | null;
  affine: boolean;
  trackRunningStats: boolean;
  weight: Parameter | null;
  bias: Parameter | null;
  declare running_mean: Tensor | null;
  declare running_var: Tensor | null;
  declare num_batches_tracked: Tensor | null;

  constructor(where: string, o: NormSettings) {
    super();
    checkWhere('nn.NormBase', where);
    this.numFeatures = o.numFeatures;
    this.eps = o.eps;
    this.momentum = o.momentum;
    this.affine = o.affine;
    this.trackRunningStats = o.trackRunningStats;
    const kw = factoryKwargs(o);
    if (this.affine) {
      this.weight = new Parameter(empty(this.numFeatures, kw));
      this.bias = o.bias ? new Parameter(empty(this.numFeatures, kw)) : null;
    } else {
      this.weight = null;
      this.bias = null;
    }
    if (this.trackRunningStats) {
      this.registerBuffer('running_mean', zeros(this.numFeatures, kw));
      this.registerBuffer('running_var', ones(this.numFeatures, kw));
      this.registerBuffer('num_batches_tracked', tensor(0, { dtype: 'int64', ...(o.device === undefined ? {} : { device: o.device }) }));
    } else {
      this.registerBuffer('running_mean', null);
      this.registerBuffer('running_var', null);
      this.registerBuffer('num_batches_tracked', null);
    }
    this.resetParameters();
  }

  /** The running mean buffer (`running_mean` in the state dict). */
  get runningMean(): Tensor | null { return this.running_mean; }
  /** The running variance buffer (`running_var` in the state dict). */
  get runningVar(): Tensor | null { return this.running_var; }
  /** The count of training batches seen (`num_batches_tracked` in the state dict). */
  get numBatchesTracked(): Tensor | null { return this.num_batches_tracked; }

  /** Zeroes the running mean and count, sets the running variance to 1. @example bn.resetRunningStats() */
  resetRunningStats(): void {
    if (!this.trackRunningStats) return;
    noGrad(() => {
      this.running_mean!.zero_();
      this.running_var!.fill_(1);
      this.num_batches_tracked!.zero_();
    });
  }

  /** Resets the running statistics, weight to 1 and bias to 0. @example bn.resetParameters() */
  resetParameters(): void {
    this.resetRunningStats();
    if (this.affine) {
      init.ones_(this.weight!);
      if (this.bias !== null) init.zeros_(this.bias);
    }
  }

  /** @internal */
  abstract _checkInputDim(input: Tensor): void;

  override _loadFromStateDict(stateDict: Map<string, unknown>, prefix: string, strict: boolean,
    missingKeys: string[], unexpectedKeys: string[], errorMsgs: string[]): void {
    // Checkpoints from before num_batches_tracked existed load with the current count (or 0).
    if (this.trackRunningStats) {
      const key = prefix + 'num_batches_tracked';
      if (!stateDict.has(key)) stateDict.set(key, this.num_batches_tracked ?? tensor(0, { dtype: 'int64' }));
    }
    super._loadFromStateDict(stateDict, prefix, strict, missingKeys, unexpectedKeys, errorMsgs);
  }

  override extraRepr(): string {
    return `${this.numFeatures}, eps=${pyFloat(this.eps)}, momentum=${this.momentum === null ? 'None' : pyFloat(this.momentum)}, affine=${pyRepr(this.affine)}, bias=${pyRepr(this.bias !== null)}, track_running_stats=${pyRepr(this.trackRunningStats)}`;
  }
}

/**
 * The shared part of the batch norm layers (PyTorch's _BatchNorm): normalises over the batch
 * and every position, per channel (dim 1).
 * @example if (m instanceof nn.BatchNormBase) m.resetRunningStats();
 */
export abstract class BatchNormBase extends NormBase {
  /** The exponential average factor of this step, counting the batch (PyTorch's _BatchNorm.forward). @internal */
  protected _averageFactor(): number {
    let factor = this.momentum ?? 0.0;
    if (this.training && this.trackRunningStats && this.num_batches_tracked !== null) {
      this.num_batches_tracked.add_(1);
      factor = this.momentum === null ? 1.0 / this.num_batches_tracked.item() : this.momentum;
    }
    return factor;
  }

  forward(input: Tensor): Tensor {
    this._checkInputDim(input);
    const factor = this._averageFactor();
    const training = this.training;
    const bnTraining = training ? true : this.running_mean === null && this.running_var === null;
    const useStats = !training || this.trackRunningStats;
    return F.batchNorm(input, useStats ? this.running_mean : null, useStats ? this.running_var : null,
      this.weight, this.bias, bnTraining, factor, this.eps);
  }
}

function checkDim(input: Tensor, dims: readonly number[], text: string): void {
  const d = input.dim();
  if (!dims.includes(d)) throw new RangeError(`expected ${text} input (got ${d}D input)`);
}

/** The constructor arguments of BatchNorm1d/2d/3d: Python's `(num_features, eps, momentum, affine, track_running_stats, device, dtype, *, bias)`. */
export type BatchNormArgs = KwArgs<[numFeatures: number, ...NormPositional], ['numFeatures'], BatchNormKeywords>;

const BN_DEFAULTS = { affine: true, trackRunningStats: true } as const;

/**
 * Batch normalisation over (N, C) or (N, C, L) inputs.
 * @example
 * const bn = new nn.BatchNorm1d(128); bn(torch.randn(64, 128)); bn.eval();
 * new nn.BatchNorm1d({ numFeatures: 128, momentum: null }) // cumulative average
 */
export class BatchNorm1d extends BatchNormBase {
  constructor(...args: BatchNormArgs) {
    super('BatchNorm1d()', parseNormArgs('BatchNorm1d()', args, NORM_NAMES, BN_DEFAULTS));
  }
  /** @internal */
  _checkInputDim(input: Tensor): void { checkDim(input, [2, 3], '2D or 3D'); }
}

/**
 * Batch normalisation over (N, C, H, W) inputs.
 * @example const bn = new nn.BatchNorm2d({ numFeatures: 64, momentum: null }); bn(torch.randn(8, 64, 14, 14));
 */
export class BatchNorm2d extends BatchNormBase {
  constructor(...args: BatchNormArgs) {
    super('BatchNorm2d()', parseNormArgs('BatchNorm2d()', args, NORM_NAMES, BN_DEFAULTS));
  }
  /** @internal */
  _checkInputDim(input: Tensor): void { checkDim(input, [4], '4D'); }
}

/**
 * Batch normalisation over (N, C, D, H, W) inputs.
 * @example const bn = new nn.BatchNorm3d(16); bn(torch.randn(2, 16, 4, 8, 8));
 */
export class BatchNorm3d extends BatchNormBase {
  constructor(...args: BatchNormArgs) {
    super('BatchNorm3d()', parseNormArgs('BatchNorm3d()', args, NORM_NAMES, BN_DEFAULTS));
  }
  /** @internal */
  _checkInputDim(input: Tensor): void { checkDim(input, [5], '5D'); }
}

/** Every argument of SyncBatchNorm by name. */
export interface SyncBatchNormKeywords extends BatchNormKeywords {
  /** The process group to synchronise over (null: the whole world). Kept, unused: this build has no torch.distributed. */
  processGroup?: unknown;
}

/**
 * Batch normalisation whose statistics are reduced across the processes of a distributed job
 * (PyTorch's SyncBatchNorm). This build has no torch.distributed, so no process group is ever
 * initialised and, exactly as PyTorch does then, forward is plain batch normalisation (training
 * and eval alike) over inputs of at least 2 dimensions. `processGroup` is stored as given.
 * @example
 * const model = nn.SyncBatchNorm.convertSyncBatchnorm(new nn.Sequential(new nn.Conv2d(3, 8, 3), new nn.BatchNorm2d(8)));
 * const sbn = new nn.SyncBatchNorm({ numFeatures: 8, momentum: 0.01 });
 */
export class SyncBatchNorm extends BatchNormBase {
  processGroup: unknown;

  constructor(...args: KwArgs<[numFeatures: number, eps: number, momentum: number | null, affine: boolean, trackRunningStats: boolean,
    processGroup: unknown, device: Device, dtype: DType], ['numFeatures'], SyncBatchNormKeywords>) {
    const where = 'SyncBatchNorm()';
    const o = parseNormArgs(where, args, ['numFeatures', 'eps', 'momentum', 'affine', 'trackRunningStats', 'processGroup', 'device', 'dtype', 'bias'],
      { ...BN_DEFAULTS, processGroup: null } as Partial<NormSettings>);
    super(where, o);
    this.processGroup = o.processGroup ?? null;
  }

  /** @internal */
  _checkInputDim(input: Tensor): void {
    if (input.dim() < 2) throw new RangeError(`expected at least 2D input (got ${input.dim()}D input)`);
  }

  override forward(input: Tensor): Tensor {
    this._checkInputDim(input);
    if (input.shape[1] === 0) throw new RangeError('SyncBatchNorm number of input channels should be non-zero');
    // Without an initialised process group PyTorch falls back to the framework's batch norm.
    return super.forward(input);
  }

  /**
   * Replaces every BatchNorm1d/2d/3d in `module` (or `module` itself) by a SyncBatchNorm sharing
   * its parameters and running statistics, as `SyncBatchNorm.convert_sync_batchnorm`.
   * @example const synced = nn.SyncBatchNorm.convertSyncBatchnorm(model);
   */
  static convertSyncBatchnorm<M extends Module>(module: M, processGroup: unknown = null): Module {
    if (!(module instanceof Module)) throw new TypeError(`SyncBatchNorm.convertSyncBatchnorm(): module must be an nn.Module (got ${describeValue(module)})`);
    let out: Module = module;
    if (module instanceof BatchNormBase) {
      const bn: BatchNormBase = module;
      const s = new SyncBatchNorm(bn.numFeatures, bn.eps, bn.momentum, bn.affine, bn.trackRunningStats, processGroup, { bias: bn.bias !== null });
      if (bn.affine) {
        noGrad(() => {
          s.weight = bn.weight;
          s.bias = bn.bias;
        });
      }
      s.running_mean = bn.running_mean;
      s.running_var = bn.running_var;
      s.num_batches_tracked = bn.num_batches_tracked;
      s.training = bn.training;
      out = s;
    }
    for (const [name, child] of module.namedChildren()) {
      out.addModule(name, SyncBatchNorm.convertSyncBatchnorm(child, processGroup));
    }
    return out;
  }
}
