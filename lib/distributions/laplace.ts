// torch.distributions.Laplace, as torch/distributions/laplace.py.
import type { Tensor } from '../tensor.js';
import * as T from '../generated/functions.js';
import { finfo } from '../type_info.js';
import * as constraints from './constraints.js';
import { Distribution, type DistributionOptions, validateOption } from './distribution.js';
import { allNumbers, broadcastAll, rsub, type ParamLike } from './utils.js';

/**
 * The Laplace distribution of `loc` and `scale`.
 * @example new torch.distributions.Laplace(torch.tensor([0.0]), torch.tensor([1.0])).sample()
 */
export class Laplace extends Distribution {
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
  override get mean(): Tensor { return this.loc; }
  override get mode(): Tensor { return this.loc; }
  override get variance(): Tensor { return this.scale.pow(2).mul(2); }
  override get stddev(): Tensor { return this.scale.mul(2 ** 0.5); }
  /** @example new torch.distributions.Laplace(0, 1).expand([3]) */
  override expand(batchShape: readonly number[]): Laplace {
    return this._expanded(batchShape, (n) => { n.loc = this.loc.expand([...batchShape]); n.scale = this.scale.expand([...batchShape]); });
  }
  /** @example new torch.distributions.Laplace(0, 1).rsample([2]) */
  override rsample(sampleShape: readonly number[] = []): Tensor {
    const fi = finfo(this.loc.dtype);
    const u = this.loc.newEmpty([...this._extendedShape(sampleShape)]).uniform_(fi.eps - 1, 1);
    return this.loc.sub(this.scale.mul(u.sign()).mul(T.log1p(u.abs().neg())));
  }
  /** @example new torch.distributions.Laplace(0, 1).logProb(torch.tensor(1)) */
  override logProb(value: Tensor): Tensor {
    if (this._validateArgs) this._validateSample(value);
    return T.log(this.scale.mul(2)).neg().sub(T.abs(value.sub(this.loc)).div(this.scale));
  }
  /** @example new torch.distributions.Laplace(0, 1).cdf(torch.tensor(1)) */
  override cdf(value: Tensor): Tensor {
    if (this._validateArgs) this._validateSample(value);
    return rsub(0.5, value.sub(this.loc).sign().mul(0.5).mul(T.expm1(value.sub(this.loc).abs().neg().div(this.scale))));
  }
  /** @example new torch.distributions.Laplace(0, 1).icdf(torch.tensor(0.75)) */
  override icdf(value: Tensor): Tensor {
    const term = value.sub(0.5);
    return this.loc.sub(this.scale.mul(term.sign()).mul(T.log1p(term.abs().mul(-2))));
  }
  /** @example new torch.distributions.Laplace(0, 1).entropy() */
  override entropy(): Tensor { return T.log(this.scale.mul(2)).add(1); }
}
