// InstanceNorm1d/2d/3d, as torch/nn/modules/instancenorm.py (_InstanceNorm). The lazy variants
// (LazyInstanceNorm1d, ...) are in lazy.ts.
import type { Tensor } from '../../tensor.js';
import * as F from '../functional.js';
import { NormBase, NORM_NAMES, parseNormArgs, type BatchNormKeywords, type NormPositional } from './batchnorm.js';
import type { KwArgs } from '../../validate.js';

/** The constructor arguments of the instance norms: Python's `(num_features, eps, momentum, affine, track_running_stats, device, dtype, *, bias)`. */
export type InstanceNormArgs = KwArgs<[numFeatures: number, ...NormPositional], ['numFeatures'], BatchNormKeywords>;

const warned = new Set<string>();

/** @internal the instance norms' defaults: no affine parameters, no running statistics. */
export const INSTANCE_NORM_DEFAULTS = { affine: false, trackRunningStats: false } as const;

/**
 * The shared part of the instance norm layers (PyTorch's _InstanceNorm): every channel of every
 * sample is normalised over its own positions; inputs without a batch dimension are accepted.
 * @example if (m instanceof nn.InstanceNormBase) console.log(m.numFeatures);
 */
export abstract class InstanceNormBase extends NormBase {
  /** @internal the number of dimensions of an input without batch dimension. */
  abstract _getNoBatchDim(): number;

  /** @internal */
  _applyInstanceNorm(input: Tensor): Tensor {
    return F.instanceNorm(input, this.running_mean, this.running_var, this.weight, this.bias,
      this.training || !this.trackRunningStats, this.momentum ?? 0.0, this.eps);
  }

  override _loadFromStateDict(stateDict: Map<string, unknown>, prefix: string, strict: boolean,
    missingKeys: string[], unexpectedKeys: string[], errorMsgs: string[]): void {
    // PyTorch's check for checkpoints of before 0.4.0, when instance norms tracked running stats by default.
    if (!this.trackRunningStats) {
      const keys = ['running_mean', 'running_var'].map((n) => prefix + n).filter((k) => stateDict.has(k));
      if (keys.length > 0) {
        const klass = this.constructor.name;
        errorMsgs.push(`Unexpected running stats buffer(s) ${keys.map((k) => `"${k}"`).join(' and ')} for ${klass} `
          + 'with track_running_stats=False. If state_dict is a checkpoint saved before 0.4.0, this may be expected '
          + `because ${klass} does not track running stats by default since 0.4.0. Please remove these keys from state_dict. If `
          + `the running stats are actually needed, instead set track_running_stats=True in ${klass} to enable them. See `
          + `the documentation of ${klass} for details.`);
        for (const k of keys) stateDict.delete(k);
      }
    }
    super._loadFromStateDict(stateDict, prefix, strict, missingKeys, unexpectedKeys, errorMsgs);
  }

  forward(input: Tensor): Tensor {
    this._checkInputDim(input);
    const featureDim = input.dim() - this._getNoBatchDim();
    const size = input.shape[featureDim]!;
    if (size !== this.numFeatures) {
      if (this.affine) {
        throw new RangeError(`expected input's size at dim=${featureDim} to match num_features (${this.numFeatures}), but got: ${size}.`);
      }
      const message = `input's size at dim=${featureDim} does not match num_features. You can silence this warning by not passing in num_features, which is not used because affine=False`;
      // Once per message, as Python's default warning filter shows it (not on every training step).
      if (!warned.has(message)) {
        warned.add(message);
        process.emitWarning(message);
      }
    }
    if (input.dim() === this._getNoBatchDim()) return this._applyInstanceNorm(input.unsqueeze(0)).squeeze(0);
    return this._applyInstanceNorm(input);
  }
}

function checkDim(input: Tensor, a: number, b: number): void {
  const d = input.dim();
  if (d !== a && d !== b) throw new RangeError(`expected ${a}D or ${b}D input (got ${d}D input)`);
}

/**
 * Instance normalisation over (N, C, L) or unbatched (C, L) inputs.
 * @example
 * const norm = new nn.InstanceNorm1d(16);
 * const learned = new nn.InstanceNorm1d({ numFeatures: 16, affine: true, trackRunningStats: true });
 * norm(torch.randn(4, 16, 30)).shape // [4, 16, 30]
 */
export class InstanceNorm1d extends InstanceNormBase {
  constructor(...args: InstanceNormArgs) {
    super('InstanceNorm1d()', parseNormArgs('InstanceNorm1d()', args, NORM_NAMES, INSTANCE_NORM_DEFAULTS));
  }
  /** @internal */
  _getNoBatchDim(): number { return 2; }
  /** @internal */
  _checkInputDim(input: Tensor): void { checkDim(input, 2, 3); }
}

/**
 * Instance normalisation over (N, C, H, W) or unbatched (C, H, W) inputs (style transfer's norm).
 * @example const norm = new nn.InstanceNorm2d(64, { affine: true }); norm(torch.randn(2, 64, 32, 32));
 */
export class InstanceNorm2d extends InstanceNormBase {
  constructor(...args: InstanceNormArgs) {
    super('InstanceNorm2d()', parseNormArgs('InstanceNorm2d()', args, NORM_NAMES, INSTANCE_NORM_DEFAULTS));
  }
  /** @internal */
  _getNoBatchDim(): number { return 3; }
  /** @internal */
  _checkInputDim(input: Tensor): void { checkDim(input, 3, 4); }
}

/**
 * Instance normalisation over (N, C, D, H, W) or unbatched (C, D, H, W) inputs.
 * @example const norm = new nn.InstanceNorm3d(8); norm(torch.randn(2, 8, 4, 6, 6));
 */
export class InstanceNorm3d extends InstanceNormBase {
  constructor(...args: InstanceNormArgs) {
    super('InstanceNorm3d()', parseNormArgs('InstanceNorm3d()', args, NORM_NAMES, INSTANCE_NORM_DEFAULTS));
  }
  /** @internal */
  _getNoBatchDim(): number { return 4; }
  /** @internal */
  _checkInputDim(input: Tensor): void { checkDim(input, 4, 5); }
}
