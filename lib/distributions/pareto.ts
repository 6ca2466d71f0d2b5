// torch.distributions.Pareto, as torch/distributions/pareto.py: scale * exp(Exponential(alpha)).
import type { Tensor } from '../tensor.js';
import * as constraints from './constraints.js';
import { type DistributionOptions, validateOption } from './distribution.js';
import { Exponential } from './exponential.js';
import { AffineTransform, ExpTransform } from './transforms.js';
import { DEFERRED, TransformedDistribution } from './transformed_distribution.js';
import { broadcastAll, type ParamLike } from './utils.js';

/**
 * The Pareto Type 1 distribution of `scale` and `alpha`.
 * @example new torch.distributions.Pareto(torch.tensor([1.0]), torch.tensor([1.0])).sample()
 */
export class Pareto extends TransformedDistribution {
  scale!: Tensor;
  alpha!: Tensor;
  constructor(scale: ParamLike, alpha: ParamLike, options: DistributionOptions = {}) {
    super(DEFERRED, []);
    const validateArgs = validateOption(new.target.name, options);
    [this.scale, this.alpha] = broadcastAll(scale, alpha) as [Tensor, Tensor];
    this._setup(new Exponential(this.alpha, options), [new ExpTransform(), new AffineTransform(0, this.scale)], validateArgs);
  }
  override get argConstraints(): Record<string, constraints.Constraint> { return { alpha: constraints.positive, scale: constraints.positive }; }
  /** @example new torch.distributions.Pareto(1, 2).expand([3]) */
  override expand(batchShape: readonly number[]): Pareto {
    const n = super.expand(batchShape) as Pareto;
    n.scale = this.scale.expand([...batchShape]);
    n.alpha = this.alpha.expand([...batchShape]);
    return n;
  }
  override get mean(): Tensor {
    const a = this.alpha.clamp({ min: 1 });
    return a.mul(this.scale).div(a.sub(1));
  }
  override get mode(): Tensor { return this.scale; }
  override get variance(): Tensor {
    const a = this.alpha.clamp({ min: 2 });
    return this.scale.pow(2).mul(a).div(a.sub(1).pow(2).mul(a.sub(2)));
  }
  override get support(): constraints.Constraint { return constraints.greaterThanEq(this.scale); }
  /** @example new torch.distributions.Pareto(1, 2).entropy() */
  override entropy(): Tensor { return this.scale.div(this.alpha).log().add(this.alpha.reciprocal().add(1)); }
}
