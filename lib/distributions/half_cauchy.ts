// torch.distributions.HalfCauchy, as torch/distributions/half_cauchy.py: |X| for a Cauchy X.
import type { Tensor } from '../tensor.js';
import * as T from '../generated/functions.js';
import * as constraints from './constraints.js';
import { type DistributionOptions, validateOption } from './distribution.js';
import { Cauchy } from './cauchy.js';
import { AbsTransform } from './transforms.js';
import { DEFERRED, TransformedDistribution } from './transformed_distribution.js';
import type { ParamLike } from './utils.js';

/**
 * The half-Cauchy distribution: |X| for X ~ Cauchy(0, scale).
 * @example new torch.distributions.HalfCauchy(torch.tensor([1.0])).sample()
 */
export class HalfCauchy extends TransformedDistribution {
  declare baseDist: Cauchy;
  constructor(scale: ParamLike, options: DistributionOptions = {}) {
    super(DEFERRED, []);
    const validateArgs = validateOption(new.target.name, options);
    this._setup(new Cauchy(0, scale, { validateArgs: false }), new AbsTransform(), validateArgs);
  }
  override get argConstraints(): Record<string, constraints.Constraint> { return { scale: constraints.positive }; }
  override get support(): constraints.Constraint { return constraints.nonnegative; }
  override get hasRsample(): boolean { return true; }
  override expand(batchShape: readonly number[]): HalfCauchy { return super.expand(batchShape) as HalfCauchy; }
  get scale(): Tensor { return this.baseDist.scale; }
  override get mean(): Tensor { return T.full([...this._extendedShape()], Infinity, { dtype: this.scale.dtype, device: this.scale.device }); }
  override get mode(): Tensor { return T.zerosLike(this.scale); }
  override get variance(): Tensor { return this.baseDist.variance; }
  /** @example new torch.distributions.HalfCauchy(1).logProb(torch.tensor(1)) */
  override logProb(value: Tensor): Tensor {
    if (this._validateArgs) this._validateSample(value);
    value = value.to({ dtype: this.baseDist.scale.dtype, device: this.baseDist.scale.device });
    const lp = this.baseDist.logProb(value).add(Math.log(2));
    return T.where(value.ge(0), lp, -Infinity);
  }
  /** @example new torch.distributions.HalfCauchy(1).cdf(torch.tensor(1)) */
  override cdf(value: Tensor): Tensor {
    if (this._validateArgs) this._validateSample(value);
    return this.baseDist.cdf(value).mul(2).sub(1);
  }
  /** @example new torch.distributions.HalfCauchy(1).icdf(torch.tensor(0.5)) */
  override icdf(prob: Tensor): Tensor { return this.baseDist.icdf(prob.add(1).div(2)); }
  /** @example new torch.distributions.HalfCauchy(1).entropy() */
  override entropy(): Tensor { return this.baseDist.entropy().sub(Math.log(2)); }
}
