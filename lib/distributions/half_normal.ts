// torch.distributions.HalfNormal, as torch/distributions/half_normal.py: |X| for a Normal X.
import type { Tensor } from '../tensor.js';
import * as T from '../generated/functions.js';
import * as constraints from './constraints.js';
import { type DistributionOptions, validateOption } from './distribution.js';
import { Normal } from './normal.js';
import { AbsTransform } from './transforms.js';
import { DEFERRED, TransformedDistribution } from './transformed_distribution.js';
import type { ParamLike } from './utils.js';

/**
 * The half-normal distribution: |X| for X ~ Normal(0, scale).
 * @example new torch.distributions.HalfNormal(torch.tensor([1.0])).sample()
 */
export class HalfNormal extends TransformedDistribution {
  declare baseDist: Normal;
  constructor(scale: ParamLike, options: DistributionOptions = {}) {
    super(DEFERRED, []);
    const validateArgs = validateOption(new.target.name, options);
    this._setup(new Normal(0, scale, { validateArgs: false }), new AbsTransform(), validateArgs);
  }
  override get argConstraints(): Record<string, constraints.Constraint> { return { scale: constraints.positive }; }
  override get support(): constraints.Constraint { return constraints.nonnegative; }
  override get hasRsample(): boolean { return true; }
  override expand(batchShape: readonly number[]): HalfNormal { return super.expand(batchShape) as HalfNormal; }
  get scale(): Tensor { return this.baseDist.scale; }
  override get mean(): Tensor { return this.scale.mul(Math.sqrt(2 / Math.PI)); }
  override get mode(): Tensor { return T.zerosLike(this.scale); }
  override get variance(): Tensor { return this.scale.pow(2).mul(1 - 2 / Math.PI); }
  /** @example new torch.distributions.HalfNormal(1).logProb(torch.tensor(1)) */
  override logProb(value: Tensor): Tensor {
    if (this._validateArgs) this._validateSample(value);
    const lp = this.baseDist.logProb(value).add(Math.log(2));
    return T.where(value.ge(0), lp, -Infinity);
  }
  /** @example new torch.distributions.HalfNormal(1).cdf(torch.tensor(1)) */
  override cdf(value: Tensor): Tensor {
    if (this._validateArgs) this._validateSample(value);
    return this.baseDist.cdf(value).mul(2).sub(1);
  }
  /** @example new torch.distributions.HalfNormal(1).icdf(torch.tensor(0.5)) */
  override icdf(prob: Tensor): Tensor { return this.baseDist.icdf(prob.add(1).div(2)); }
  /** @example new torch.distributions.HalfNormal(1).entropy() */
  override entropy(): Tensor { return this.baseDist.entropy().sub(Math.log(2)); }
}
