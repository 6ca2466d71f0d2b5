// torch.distributions.Gumbel, as torch/distributions/gumbel.py: a Uniform through
// -log(-log(u)) scaled and shifted.
import type { Tensor } from '../tensor.js';
import * as T from '../generated/functions.js';
import { finfo } from '../type_info.js';
import * as constraints from './constraints.js';
import { type DistributionOptions, validateOption } from './distribution.js';
import { Uniform } from './uniform.js';
import { AffineTransform, ExpTransform } from './transforms.js';
import { DEFERRED, TransformedDistribution } from './transformed_distribution.js';
import { allNumbers, broadcastAll, eulerConstant, type ParamLike } from './utils.js';

/**
 * The Gumbel distribution of `loc` and `scale`.
 * @example new torch.distributions.Gumbel(torch.tensor([1.0]), torch.tensor([2.0])).sample()
 */
export class Gumbel extends TransformedDistribution {
  loc!: Tensor;
  scale!: Tensor;
  constructor(loc: ParamLike, scale: ParamLike, options: DistributionOptions = {}) {
    super(DEFERRED, []);
    const validateArgs = validateOption(new.target.name, options);
    [this.loc, this.scale] = broadcastAll(loc, scale) as [Tensor, Tensor];
    const fi = finfo(this.loc.dtype);
    const base = allNumbers(loc, scale)
      ? new Uniform(fi.tiny, 1 - fi.eps, options)
      : new Uniform(T.fullLike(this.loc, fi.tiny), T.fullLike(this.loc, 1 - fi.eps), options);
    const transforms = [new ExpTransform().inv, new AffineTransform(0, T.onesLike(this.scale).neg()), new ExpTransform().inv, new AffineTransform(loc, this.scale.neg())];
    this._setup(base, transforms, validateArgs);
  }
  override get argConstraints(): Record<string, constraints.Constraint> { return { loc: constraints.real, scale: constraints.positive }; }
  override get support(): constraints.Constraint { return constraints.real; }
  /** @example new torch.distributions.Gumbel(0, 1).expand([3]) */
  override expand(batchShape: readonly number[]): Gumbel {
    const n = super.expand(batchShape) as Gumbel;
    n.loc = this.loc.expand([...batchShape]);
    n.scale = this.scale.expand([...batchShape]);
    return n;
  }
  /** @example new torch.distributions.Gumbel(0, 1).logProb(torch.tensor(1)) */
  override logProb(value: Tensor): Tensor {
    if (this._validateArgs) this._validateSample(value);
    const y = this.loc.sub(value).div(this.scale);
    return y.sub(y.exp()).sub(this.scale.log());
  }
  override get mean(): Tensor { return this.loc.add(this.scale.mul(eulerConstant)); }
  override get mode(): Tensor { return this.loc; }
  override get stddev(): Tensor { return this.scale.mul(Math.PI / Math.sqrt(6)); }
  override get variance(): Tensor { return this.stddev.pow(2); }
  /** @example new torch.distributions.Gumbel(0, 1).entropy() */
  override entropy(): Tensor { return this.scale.log().add(1 + eulerConstant); }
}
