// BatchNorm1d and BatchNorm2d, as torch/nn/modules/batchnorm.py (_NormBase, _BatchNorm).
import type { Tensor } from '../../tensor.js';
import { empty, zeros, ones } from '../../generated/functions.js';
import { tensor } from '../../creation.js';
import { Module } from './module.js';
import { Parameter } from '../parameter.js';
import * as init from '../init.js';
import * as F from '../functional.js';
import { factoryKwargs, type FactoryOptions } from './linear.js';
import { parseArgs, checkInt, checkBool, checkNumber, type Args } from '../../validate.js';
import { checkWhere, pyFloat, pyRepr } from '../_utils.js';
import { noGrad } from '../../autograd/grad_mode.js';


/** Options of the batch norm layers. */
export interface BatchNormOptions extends FactoryOptions {
  /** Added to the variance for stability (default 1e-5). */
  eps?: number;
  /** Weight of the new batch in the running statistics (default 0.1); null: cumulative average. */
  momentum?: number | null;
  /** Learn a per-channel scale and shift (default true). */
  affine?: boolean;
  /** Keep running statistics for eval mode (default true). */
  trackRunningStats?: boolean;
  /** Learn the shift too when `affine` (default true). */
  bias?: boolean;
}

type BatchNormPositional = [eps: number, momentum: number | null, affine: boolean, trackRunningStats: boolean];

/**
 * The shared part of the batch norm layers (PyTorch's _NormBase and _BatchNorm).
 * @example if (m instanceof nn.BatchNormBase) m.resetRunningStats();
 */
export abstract class BatchNormBase extends Module {
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

  constructor(where: string, numFeatures: number, args: unknown[]) {
    super();
    checkWhere('nn.BatchNormBase', where);
    const o = parseArgs<Required<Omit<BatchNormOptions, 'device' | 'dtype'>> & FactoryOptions>(where, args,
      ['eps', 'momentum', 'affine', 'trackRunningStats', 'device', 'dtype', 'bias'],
      { eps: 1e-5, momentum: 0.1, affine: true, trackRunningStats: true, bias: true });
    this.numFeatures = checkInt(where, 'numFeatures', numFeatures, 0);
    this.eps = checkNumber(where, 'eps', o.eps);
    this.momentum = o.momentum === null ? null : checkNumber(where, 'momentum', o.momentum);
    this.affine = checkBool(where, 'affine', o.affine);
    this.trackRunningStats = checkBool(where, 'trackRunningStats', o.trackRunningStats);
    const kw = factoryKwargs(o);
    if (this.affine) {
      this.weight = new Parameter(empty(this.numFeatures, kw));
      this.bias = checkBool(where, 'bias', o.bias) ? new Parameter(empty(this.numFeatures, kw)) : null;
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

  forward(input: Tensor): Tensor {
    this._checkInputDim(input);
    let factor = this.momentum ?? 0.0;
    const training = this.training;
    if (training && this.trackRunningStats && this.num_batches_tracked !== null) {
      this.num_batches_tracked.add_(1);
      factor = this.momentum === null ? 1.0 / this.num_batches_tracked.item() : this.momentum;
    }
    const bnTraining = training ? true : this.running_mean === null && this.running_var === null;
    const useStats = !training || this.trackRunningStats;
    return F.batchNorm(input, useStats ? this.running_mean : null, useStats ? this.running_var : null,
      this.weight, this.bias, bnTraining, factor, this.eps);
  }

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
 * Batch normalisation over (N, C) or (N, C, L) inputs.
 * @example const bn = new nn.BatchNorm1d(128); bn(torch.randn(64, 128)); bn.eval();
 */
export class BatchNorm1d extends BatchNormBase {
  constructor(numFeatures: number, ...args: Args<BatchNormPositional, BatchNormOptions>) {
    super('BatchNorm1d()', numFeatures, args);
  }
  /** @internal */
  _checkInputDim(input: Tensor): void {
    const d = input.dim();
    if (d !== 2 && d !== 3) throw new RangeError(`expected 2D or 3D input (got ${d}D input)`);
  }
}

/**
 * Batch normalisation over (N, C, H, W) inputs.
 * @example const bn = new nn.BatchNorm2d(32); bn(torch.randn(8, 32, 14, 14));
 */
export class BatchNorm2d extends BatchNormBase {
  constructor(numFeatures: number, ...args: Args<BatchNormPositional, BatchNormOptions>) {
    super('BatchNorm2d()', numFeatures, args);
  }
  /** @internal */
  _checkInputDim(input: Tensor): void {
    const d = input.dim();
    if (d !== 4) throw new RangeError(`expected 4D input (got ${d}D input)`);
  }
}
