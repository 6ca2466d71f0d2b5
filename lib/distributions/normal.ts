// torch.distributions.Normal, as torch/distributions/normal.py.
import type { Tensor } from '../tensor.js';
import * as T from '../generated/functions.js';
import { noGrad } from '../autograd/grad_mode.js';
import * as constraints from './constraints.js';
import { type DistributionOptions, validateOption } from './distribution.js';
import { ExponentialFamily } from './exp_family.js';
import { allNumbers, broadcastAll, standardNormal, type ParamLike } from './utils.js';

/**
 * The normal (Gaussian) distribution of mean `loc` and standard deviation `scale`.
 * @example
 * const m = new torch.distributions.Normal(torch.tensor([0.0]), torch.tensor([1.0]));
 * m.sample(); // normally distributed with loc=0 and scale=1
 */
export class Normal extends ExponentialFamily {
  /** The mean. */
  loc!: Tensor;
  /** The standard deviation. */
  scale!: Tensor;

  constructor(loc: ParamLike, scale: ParamLike, options: DistributionOptions = {}) {
    super();
    [this.loc, this.scale] = broadcastAll(loc, scale) as [Tensor, Tensor];
    this._init(allNumbers(loc, scale) ? [] : this.loc.shape, [], validateOption(new.target.name, options));
  }

  override get argConstraints(): Record<string, constraints.Constraint> { return { loc: constraints.real, scale: constraints.positive }; }
  override get support(): constraints.Constraint { return constraints.real; }
  override get hasRsample(): boolean { return true; }
  override get _meanCarrierMeasure(): number { return 0; }
  override get mean(): Tensor { return this.loc; }
  override get mode(): Tensor { return this.loc; }
  override get stddev(): Tensor { return this.scale; }
  override get variance(): Tensor { return this.stddev.pow(2); }

  /** @example new torch.distributions.Normal(0, 1).expand([3]) */
  override expand(batchShape: readonly number[]): Normal {
    return this._expanded(batchShape, (n) => { n.loc = this.loc.expand([...batchShape]); n.scale = this.scale.expand([...batchShape]); });
  }

  /** @example new torch.distributions.Normal(0, 1).sample([2]) */
  override sample(sampleShape: readonly number[] = []): Tensor {
    const shape = this._extendedShape(sampleShape);
    return noGrad(() => T.normal(this.loc.expand(shape), this.scale.expand(shape)));
  }

  /** @example new torch.distributions.Normal(0, 1).rsample([2]) */
  override rsample(sampleShape: readonly number[] = []): Tensor {
    const shape = this._extendedShape(sampleShape);
    const eps = standardNormal(shape, this.loc.dtype, this.loc.device);
    return this.loc.add(eps.mul(this.scale));
  }

  /** @example new torch.distributions.Normal(0, 1).logProb(torch.tensor(0.5)) */
  override logProb(value: Tensor): Tensor {
    if (this._validateArgs) this._validateSample(value);
    const v = this.scale.pow(2);
    const logScale = this.scale.log();
    return value.sub(this.loc).pow(2).neg().div(v.mul(2)).sub(logScale).sub(Math.log(Math.sqrt(2 * Math.PI)));
  }

  /** @example new torch.distributions.Normal(0, 1).cdf(torch.tensor(0.5)) */
  override cdf(value: Tensor): Tensor {
    if (this._validateArgs) this._validateSample(value);
    return T.erf(value.sub(this.loc).mul(this.scale.reciprocal()).div(Math.sqrt(2))).add(1).mul(0.5);
  }

  /** @example new torch.distributions.Normal(0, 1).icdf(torch.tensor(0.975)) */
  override icdf(value: Tensor): Tensor {
    return this.loc.add(this.scale.mul(T.erfinv(value.mul(2).sub(1))).mul(Math.sqrt(2)));
  }

  /** @example new torch.distributions.Normal(0, 2).entropy() */
  override entropy(): Tensor {
    return T.log(this.scale).add(0.5 + 0.5 * Math.log(2 * Math.PI));
  }

  override get _naturalParams(): Tensor[] {
    return [this.loc.div(this.scale.pow(2)), this.scale.pow(2).reciprocal().mul(-0.5)];
  }

  override _logNormalizer(x: Tensor, y: Tensor): Tensor {
    return x.pow(2).mul(-0.25).div(y).add(T.log(y.reciprocal().mul(-Math.PI)).mul(0.5));
  }
}
