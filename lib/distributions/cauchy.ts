// torch.distributions.Cauchy, as torch/distributions/cauchy.py.
import type { Tensor } from '../tensor.js';
import * as T from '../generated/functions.js';
import * as constraints from './constraints.js';
import { Distribution, type DistributionOptions, validateOption } from './distribution.js';
import { allNumbers, broadcastAll, type ParamLike } from './utils.js';

/**
 * The Cauchy (Lorentz) distribution of median `loc` and half width `scale`.
 * @example new torch.distributions.Cauchy(torch.tensor([0.0]), torch.tensor([1.0])).sample()
 */
export class Cauchy extends Distribution {
  loc!: Tensor;
  scale!: Tensor;
  constructor(loc: ParamLike, scale: ParamLike, options: DistributionOptions = {}) {
    super();
    [this.loc, this.scale] = broadcastAll(loc, scale) as [Tensor, Tensor];
    this._init(allNumbers(loc, scale) ? [] : this.loc.shape, [], validateOption(new.target.name, options));
  }
  override get argConstraints(): Record<string, constraints.Constraint> { return { loc: constraints.real, scale: constraints.positive }; }
  override get support(): constraints.Constraint { return constraints.real; }
  override get hasRsample(): boolean { return true; }
  /** @example new torch.distributions.Cauchy(0, 1).expand([3]) */
  override expand(batchShape: readonly number[]): Cauchy {
    return this._expanded(batchShape, (n) => { n.loc = this.loc.expand([...batchShape]); n.scale = this.scale.expand([...batchShape]); });
  }
  override get mean(): Tensor { return T.full([...this._extendedShape()], NaN, { dtype: this.loc.dtype, device: this.loc.device }); }
  override get mode(): Tensor { return this.loc; }
  override get variance(): Tensor { return T.full([...this._extendedShape()], Infinity, { dtype: this.loc.dtype, device: this.loc.device }); }
  /** @example new torch.distributions.Cauchy(0, 1).rsample([2]) */
  override rsample(sampleShape: readonly number[] = []): Tensor {
    const eps = this.loc.newEmpty([...this._extendedShape(sampleShape)]).cauchy_();
    return this.loc.add(eps.mul(this.scale));
  }
  /** @example new torch.distributions.Cauchy(0, 1).logProb(torch.tensor(1)) */
  override logProb(value: Tensor): Tensor {
    if (this._validateArgs) this._validateSample(value);
    return this.scale.log().neg().add(-Math.log(Math.PI)).sub(value.sub(this.loc).div(this.scale).pow(2).log1p());
  }
  /** @example new torch.distributions.Cauchy(0, 1).cdf(torch.tensor(1)) */
  override cdf(value: Tensor): Tensor {
    if (this._validateArgs) this._validateSample(value);
    return T.atan(value.sub(this.loc).div(this.scale)).div(Math.PI).add(0.5);
  }
  /** @example new torch.distributions.Cauchy(0, 1).icdf(torch.tensor(0.75)) */
  override icdf(value: Tensor): Tensor {
    return T.tan(value.sub(0.5).mul(Math.PI)).mul(this.scale).add(this.loc);
  }
  /** @example new torch.distributions.Cauchy(0, 1).entropy() */
  override entropy(): Tensor { return this.scale.log().add(Math.log(4 * Math.PI)); }
}
