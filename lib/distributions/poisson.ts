// torch.distributions.Poisson, as torch/distributions/poisson.py.
import type { Tensor } from '../tensor.js';
import * as T from '../generated/functions.js';
import { noGrad } from '../autograd/grad_mode.js';
import * as constraints from './constraints.js';
import { type DistributionOptions, validateOption } from './distribution.js';
import { ExponentialFamily } from './exp_family.js';
import { allNumbers, broadcastAll, type ParamLike } from './utils.js';

/**
 * The Poisson distribution of `rate`.
 * @example new torch.distributions.Poisson(torch.tensor([4.0])).sample()
 */
export class Poisson extends ExponentialFamily {
  rate!: Tensor;

  constructor(rate: ParamLike, options: DistributionOptions = {}) {
    super();
    [this.rate] = broadcastAll(rate) as [Tensor];
    this._init(allNumbers(rate) ? [] : this.rate.shape, [], validateOption(new.target.name, options));
  }

  override get argConstraints(): Record<string, constraints.Constraint> { return { rate: constraints.nonnegative }; }
  override get support(): constraints.Constraint { return constraints.nonnegativeInteger; }
  override get mean(): Tensor { return this.rate; }
  override get mode(): Tensor { return this.rate.floor(); }
  override get variance(): Tensor { return this.rate; }

  /** @example new torch.distributions.Poisson(2).expand([3]) */
  override expand(batchShape: readonly number[]): Poisson {
    return this._expanded(batchShape, (n) => { n.rate = this.rate.expand([...batchShape]); });
  }

  /** @example new torch.distributions.Poisson(2).sample([3]) */
  override sample(sampleShape: readonly number[] = []): Tensor {
    const shape = this._extendedShape(sampleShape);
    return noGrad(() => T.poisson(this.rate.expand(shape)));
  }

  /** @example new torch.distributions.Poisson(2).logProb(torch.tensor(3)) */
  override logProb(value: Tensor): Tensor {
    if (this._validateArgs) this._validateSample(value);
    const [rate, v] = broadcastAll(this.rate, value) as [Tensor, Tensor];
    return v.xlogy(rate).sub(rate).sub(v.add(1).lgamma());
  }

  override get _naturalParams(): Tensor[] { return [T.log(this.rate)]; }
  override _logNormalizer(x: Tensor): Tensor { return T.exp(x); }
}
