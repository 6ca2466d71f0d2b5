// torch.distributions.Gamma, as torch/distributions/gamma.py.
import { Tensor } from '../tensor.js';
import { tensor } from '../creation.js';
import * as T from '../generated/functions.js';
import { ops } from '../ops_namespace.js';
import { special } from '../generated/namespaces.js';
import { finfo } from '../type_info.js';
import { noGrad } from '../autograd/grad_mode.js';
import * as constraints from './constraints.js';
import { type DistributionOptions, validateOption } from './distribution.js';
import { ExponentialFamily } from './exp_family.js';
import { allNumbers, broadcastAll, rsub, type ParamLike } from './utils.js';

/** @internal torch._standard_gamma (differentiable through ATen's reparameterized gradient). */
export function standardGamma(concentration: Tensor): Tensor {
  return ops.aten._standard_gamma(concentration) as Tensor;
}

/**
 * The gamma distribution of shape `concentration` and `rate`.
 * @example new torch.distributions.Gamma(torch.tensor([1.0]), torch.tensor([1.0])).sample()
 */
export class Gamma extends ExponentialFamily {
  concentration!: Tensor;
  rate!: Tensor;

  constructor(concentration: ParamLike, rate: ParamLike, options: DistributionOptions = {}) {
    super();
    [this.concentration, this.rate] = broadcastAll(concentration, rate) as [Tensor, Tensor];
    this._init(allNumbers(concentration, rate) ? [] : this.concentration.shape, [], validateOption(new.target.name, options));
  }

  override get argConstraints(): Record<string, constraints.Constraint> { return { concentration: constraints.positive, rate: constraints.positive }; }
  override get support(): constraints.Constraint { return constraints.nonnegative; }
  override get hasRsample(): boolean { return true; }
  override get _meanCarrierMeasure(): number { return 0; }
  override get mean(): Tensor { return this.concentration.div(this.rate); }
  override get mode(): Tensor { return this.concentration.sub(1).div(this.rate).clamp({ min: 0 }); }
  override get variance(): Tensor { return this.concentration.div(this.rate.pow(2)); }

  /** @example new torch.distributions.Gamma(1, 1).expand([3]) */
  override expand(batchShape: readonly number[]): Gamma {
    return this._expanded(batchShape, (n) => { n.concentration = this.concentration.expand([...batchShape]); n.rate = this.rate.expand([...batchShape]); });
  }

  /** @example new torch.distributions.Gamma(2, 1).rsample([2]) */
  override rsample(sampleShape: readonly number[] = []): Tensor {
    const shape = this._extendedShape(sampleShape);
    const value = standardGamma(this.concentration.expand(shape)).div(this.rate.expand(shape));
    noGrad(() => value.detach().clamp_({ min: finfo(value.dtype).tiny }));
    return value;
  }

  /** @example new torch.distributions.Gamma(2, 1).logProb(torch.tensor(1)) */
  override logProb(value: Tensor | number): Tensor {
    const v = value instanceof Tensor ? value.to({ dtype: this.rate.dtype, device: this.rate.device }) : tensor(value, { dtype: this.rate.dtype, device: this.rate.device });
    if (this._validateArgs) this._validateSample(v);
    return T.xlogy(this.concentration, this.rate).add(T.xlogy(this.concentration.sub(1), v)).sub(this.rate.mul(v)).sub(T.lgamma(this.concentration));
  }

  /** @example new torch.distributions.Gamma(2, 1).entropy() */
  override entropy(): Tensor {
    return this.concentration.sub(T.log(this.rate)).add(T.lgamma(this.concentration)).add(rsub(1.0, this.concentration).mul(T.digamma(this.concentration)));
  }

  override get _naturalParams(): Tensor[] { return [this.concentration.sub(1), this.rate.neg()]; }
  override _logNormalizer(x: Tensor, y: Tensor): Tensor {
    return T.lgamma(x.add(1)).add(x.add(1).mul(T.log(y.reciprocal().neg())));
  }

  /** @example new torch.distributions.Gamma(2, 1).cdf(torch.tensor(1)) */
  override cdf(value: Tensor): Tensor {
    if (this._validateArgs) this._validateSample(value);
    return special.gammainc(this.concentration, this.rate.mul(value));
  }
}
