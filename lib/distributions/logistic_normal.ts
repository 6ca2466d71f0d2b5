// torch.distributions.LogisticNormal, as torch/distributions/logistic_normal.py: a Normal through
// the stick-breaking transform.
import type { Tensor } from '../tensor.js';
import * as constraints from './constraints.js';
import { type DistributionOptions, validateOption } from './distribution.js';
import type { Independent } from './independent.js';
import { Normal } from './normal.js';
import { StickBreakingTransform } from './transforms.js';
import { DEFERRED, TransformedDistribution } from './transformed_distribution.js';
import type { ParamLike } from './utils.js';

/**
 * The logistic-normal distribution on the simplex: StickBreakingTransform of a Normal.
 * @example new torch.distributions.LogisticNormal(torch.zeros(3), torch.ones(3)).sample()
 */
export class LogisticNormal extends TransformedDistribution {
  declare baseDist: Independent<Normal>;
  constructor(loc: ParamLike, scale: ParamLike, options: DistributionOptions = {}) {
    super(DEFERRED, []);
    const validateArgs = validateOption(new.target.name, options);
    let base: Normal = new Normal(loc, scale, options);
    if (base.batchShape.length === 0) base = base.expand([1]);
    this._setup(base, new StickBreakingTransform(), validateArgs);
  }
  override get argConstraints(): Record<string, constraints.Constraint> { return { loc: constraints.real, scale: constraints.positive }; }
  override get support(): constraints.Constraint { return constraints.simplex; }
  override get hasRsample(): boolean { return true; }
  override expand(batchShape: readonly number[]): LogisticNormal { return super.expand(batchShape) as LogisticNormal; }
  get loc(): Tensor { return this.baseDist.baseDist.loc; }
  get scale(): Tensor { return this.baseDist.baseDist.scale; }
}
