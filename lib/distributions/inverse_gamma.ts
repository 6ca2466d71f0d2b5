// torch.distributions.InverseGamma, as torch/distributions/inverse_gamma.py: 1 / Gamma.
import type { Tensor } from '../tensor.js';
import * as T from '../generated/functions.js';
import * as constraints from './constraints.js';
import { type DistributionOptions, validateOption } from './distribution.js';
import { Gamma } from './gamma.js';
import { PowerTransform } from './transforms.js';
import { DEFERRED, TransformedDistribution } from './transformed_distribution.js';
import type { ParamLike } from './utils.js';

/**
 * The inverse gamma distribution: 1 / X for X ~ Gamma(concentration, rate).
 * @example new torch.distributions.InverseGamma(torch.tensor([2.0]), torch.tensor([3.0])).sample()
 */
export class InverseGamma extends TransformedDistribution {
  declare baseDist: Gamma;
  constructor(concentration: ParamLike, rate: ParamLike, options: DistributionOptions = {}) {
    super(DEFERRED, []);
    const validateArgs = validateOption(new.target.name, options);
    const base = new Gamma(concentration, rate, options);
    const negOne = base.rate.newOnes([]).neg();
    this._setup(base, new PowerTransform(negOne), validateArgs);
  }
  override get argConstraints(): Record<string, constraints.Constraint> { return { concentration: constraints.positive, rate: constraints.positive }; }
  override get support(): constraints.Constraint { return constraints.positive; }
  override get hasRsample(): boolean { return true; }
  override expand(batchShape: readonly number[]): InverseGamma { return super.expand(batchShape) as InverseGamma; }
  get concentration(): Tensor { return this.baseDist.concentration; }
  get rate(): Tensor { return this.baseDist.rate; }
  override get mean(): Tensor {
    const result = this.rate.div(this.concentration.sub(1));
    return T.where(this.concentration.gt(1), result, Infinity);
  }
  override get mode(): Tensor { return this.rate.div(this.concentration.add(1)); }
  override get variance(): Tensor {
    const result = this.rate.square().div(this.concentration.sub(1).square().mul(this.concentration.sub(2)));
    return T.where(this.concentration.gt(2), result, Infinity);
  }
  /** @example new torch.distributions.InverseGamma(2, 3).entropy() */
  override entropy(): Tensor {
    return this.concentration.add(this.rate.log()).add(this.concentration.lgamma()).sub(this.concentration.add(1).mul(this.concentration.digamma()));
  }
}
