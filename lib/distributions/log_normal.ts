// torch.distributions.LogNormal, as torch/distributions/log_normal.py: exp of a Normal.
import type { Tensor } from '../tensor.js';
import * as constraints from './constraints.js';
import { type DistributionOptions, validateOption } from './distribution.js';
import { Normal } from './normal.js';
import { ExpTransform } from './transforms.js';
import { DEFERRED, TransformedDistribution } from './transformed_distribution.js';
import type { ParamLike } from './utils.js';

/**
 * The log-normal distribution: exp(X) for X ~ Normal(loc, scale).
 * @example new torch.distributions.LogNormal(torch.tensor([0.0]), torch.tensor([1.0])).sample()
 */
export class LogNormal extends TransformedDistribution {
  declare baseDist: Normal;
  constructor(loc: ParamLike, scale: ParamLike, options: DistributionOptions = {}) {
    super(DEFERRED, []);
    const validateArgs = validateOption(new.target.name, options);
    this._setup(new Normal(loc, scale, options), new ExpTransform(), validateArgs);
  }
  override get argConstraints(): Record<string, constraints.Constraint> { return { loc: constraints.real, scale: constraints.positive }; }
  override get support(): constraints.Constraint { return constraints.positive; }
  override get hasRsample(): boolean { return true; }
  override expand(batchShape: readonly number[]): LogNormal { return super.expand(batchShape) as LogNormal; }
  get loc(): Tensor { return this.baseDist.loc; }
  get scale(): Tensor { return this.baseDist.scale; }
  override get mean(): Tensor { return this.loc.add(this.scale.pow(2).div(2)).exp(); }
  override get mode(): Tensor { return this.loc.sub(this.scale.square()).exp(); }
  override get variance(): Tensor {
    const s2 = this.scale.pow(2);
    return s2.expm1().mul(this.loc.mul(2).add(s2).exp());
  }
  /** @example new torch.distributions.LogNormal(0, 1).entropy() */
  override entropy(): Tensor { return this.baseDist.entropy().add(this.loc); }
}
