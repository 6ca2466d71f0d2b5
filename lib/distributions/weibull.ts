// torch.distributions.Weibull, as torch/distributions/weibull.py: an Exponential through a power
// and a scale.
import type { Tensor } from '../tensor.js';
import * as T from '../generated/functions.js';
import * as constraints from './constraints.js';
import { type DistributionOptions, validateOption } from './distribution.js';
import { Exponential } from './exponential.js';
import { AffineTransform, PowerTransform } from './transforms.js';
import { DEFERRED, TransformedDistribution } from './transformed_distribution.js';
import { broadcastAll, eulerConstant, rsub, type ParamLike } from './utils.js';

/**
 * The two-parameter Weibull distribution of `scale` and `concentration`.
 * @example new torch.distributions.Weibull(torch.tensor([1.0]), torch.tensor([1.0])).sample()
 */
export class Weibull extends TransformedDistribution {
  scale!: Tensor;
  concentration!: Tensor;
  concentrationReciprocal!: Tensor;
  constructor(scale: ParamLike, concentration: ParamLike, options: DistributionOptions = {}) {
    super(DEFERRED, []);
    const validateArgs = validateOption(new.target.name, options);
    [this.scale, this.concentration] = broadcastAll(scale, concentration) as [Tensor, Tensor];
    this.concentrationReciprocal = this.concentration.reciprocal();
    const base = new Exponential(T.onesLike(this.scale), options);
    this._setup(base, [new PowerTransform(this.concentrationReciprocal), new AffineTransform(0, this.scale)], validateArgs);
  }
  override get argConstraints(): Record<string, constraints.Constraint> { return { scale: constraints.positive, concentration: constraints.positive }; }
  override get support(): constraints.Constraint { return constraints.positive; }
  /** @example new torch.distributions.Weibull(1, 2).expand([3]) */
  override expand(batchShape: readonly number[]): Weibull {
    const b = [...batchShape];
    return this._expanded(batchShape, (n) => {
      n.scale = this.scale.expand(b);
      n.concentration = this.concentration.expand(b);
      n.concentrationReciprocal = n.concentration.reciprocal();
      n.baseDist = this.baseDist.expand(b);
      n.transforms = [new PowerTransform(n.concentrationReciprocal), new AffineTransform(0, n.scale)];
    });
  }
  override get mean(): Tensor { return this.scale.mul(T.exp(T.lgamma(this.concentrationReciprocal.add(1)))); }
  override get mode(): Tensor {
    return this.scale.mul(this.concentration.sub(1).div(this.concentration).pow(this.concentration.reciprocal()));
  }
  override get variance(): Tensor {
    return this.scale.pow(2).mul(T.exp(T.lgamma(this.concentrationReciprocal.mul(2).add(1))).sub(T.exp(T.lgamma(this.concentrationReciprocal.add(1)).mul(2))));
  }
  /** @example new torch.distributions.Weibull(1, 2).entropy() */
  override entropy(): Tensor {
    return rsub(1, this.concentrationReciprocal).mul(eulerConstant).add(T.log(this.scale.mul(this.concentrationReciprocal))).add(1);
  }
}
