// torch.distributions.Exponential, as torch/distributions/exponential.py.
import type { Tensor } from '../tensor.js';
import * as T from '../generated/functions.js';
import * as constraints from './constraints.js';
import { type DistributionOptions, validateOption } from './distribution.js';
import { ExponentialFamily } from './exp_family.js';
import { allNumbers, broadcastAll, rsub, type ParamLike } from './utils.js';

/**
 * The exponential distribution of `rate`.
 * @example new torch.distributions.Exponential(torch.tensor([1.0])).sample()
 */
export class Exponential extends ExponentialFamily {
  rate!: Tensor;

  constructor(rate: ParamLike, options: DistributionOptions = {}) {
    super();
    [this.rate] = broadcastAll(rate) as [Tensor];
    this._init(allNumbers(rate) ? [] : this.rate.shape, [], validateOption(new.target.name, options));
  }

  override get argConstraints(): Record<string, constraints.Constraint> { return { rate: constraints.positive }; }
  override get support(): constraints.Constraint { return constraints.nonnegative; }
  override get hasRsample(): boolean { return true; }
  override get _meanCarrierMeasure(): number { return 0; }
  override get mean(): Tensor { return this.rate.reciprocal(); }
  override get mode(): Tensor { return T.zerosLike(this.rate); }
  override get stddev(): Tensor { return this.rate.reciprocal(); }
  override get variance(): Tensor { return this.rate.pow(-2); }

  /** @example new torch.distributions.Exponential(1).expand([3]) */
  override expand(batchShape: readonly number[]): Exponential {
    return this._expanded(batchShape, (n) => { n.rate = this.rate.expand([...batchShape]); });
  }

  /** @example new torch.distributions.Exponential(1).rsample([2]) */
  override rsample(sampleShape: readonly number[] = []): Tensor {
    const shape = this._extendedShape(sampleShape);
    return this.rate.newEmpty([...shape]).exponential_().div(this.rate);
  }

  /** @example new torch.distributions.Exponential(2).logProb(torch.tensor(1)) */
  override logProb(value: Tensor): Tensor {
    if (this._validateArgs) this._validateSample(value);
    return this.rate.log().sub(this.rate.mul(value));
  }

  /** @example new torch.distributions.Exponential(2).cdf(torch.tensor(1)) */
  override cdf(value: Tensor): Tensor {
    if (this._validateArgs) this._validateSample(value);
    return rsub(1, T.exp(this.rate.neg().mul(value)));
  }

  /** @example new torch.distributions.Exponential(2).icdf(torch.tensor(0.5)) */
  override icdf(value: Tensor): Tensor {
    return T.log1p(value.neg()).neg().div(this.rate);
  }

  /** @example new torch.distributions.Exponential(2).entropy() */
  override entropy(): Tensor {
    return rsub(1.0, T.log(this.rate));
  }

  override get _naturalParams(): Tensor[] { return [this.rate.neg()]; }
  override _logNormalizer(x: Tensor): Tensor { return T.log(x.neg()).neg(); }
}
