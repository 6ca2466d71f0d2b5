// torch.distributions.Uniform, as torch/distributions/uniform.py.
import type { Tensor } from '../tensor.js';
import * as T from '../generated/functions.js';
import * as constraints from './constraints.js';
import { Distribution, type DistributionOptions, validateOption } from './distribution.js';
import { allNumbers, broadcastAll, type ParamLike } from './utils.js';

/**
 * The uniform distribution on the half-open interval [low, high).
 * @example new torch.distributions.Uniform(torch.tensor([0.0]), torch.tensor([5.0])).sample()
 */
export class Uniform extends Distribution {
  low!: Tensor;
  high!: Tensor;

  constructor(low: ParamLike, high: ParamLike, options: DistributionOptions = {}) {
    super();
    [this.low, this.high] = broadcastAll(low, high) as [Tensor, Tensor];
    this._init(allNumbers(low, high) ? [] : this.low.shape, [], validateOption(new.target.name, options));
  }

  override get argConstraints(): Record<string, constraints.Constraint> {
    return { low: constraints.lessThan(this.high), high: constraints.greaterThan(this.low) };
  }
  override get support(): constraints.Constraint { return constraints.interval(this.low, this.high); }
  override get hasRsample(): boolean { return true; }
  override get mean(): Tensor { return this.high.add(this.low).div(2); }
  override get mode(): Tensor { return this.high.mul(NaN); }
  override get stddev(): Tensor { return this.high.sub(this.low).div(12 ** 0.5); }
  override get variance(): Tensor { return this.high.sub(this.low).pow(2).div(12); }

  /** @example new torch.distributions.Uniform(0, 1).expand([3]) */
  override expand(batchShape: readonly number[]): Uniform {
    return this._expanded(batchShape, (n) => { n.low = this.low.expand([...batchShape]); n.high = this.high.expand([...batchShape]); });
  }

  /** @example new torch.distributions.Uniform(0, 1).rsample([2]) */
  override rsample(sampleShape: readonly number[] = []): Tensor {
    const shape = this._extendedShape(sampleShape);
    const rand = T.rand([...shape], { dtype: this.low.dtype, device: this.low.device });
    return this.low.add(rand.mul(this.high.sub(this.low)));
  }

  /** @example new torch.distributions.Uniform(0, 2).logProb(torch.tensor(1)) */
  override logProb(value: Tensor): Tensor {
    if (this._validateArgs) this._validateSample(value);
    const lb = this.low.le(value).typeAs(this.low);
    const ub = this.high.gt(value).typeAs(this.low);
    return T.log(lb.mul(ub)).sub(T.log(this.high.sub(this.low)));
  }

  /** @example new torch.distributions.Uniform(0, 2).cdf(torch.tensor(1)) */
  override cdf(value: Tensor): Tensor {
    if (this._validateArgs) this._validateSample(value);
    return value.sub(this.low).div(this.high.sub(this.low)).clamp(0, 1);
  }

  /** @example new torch.distributions.Uniform(0, 2).icdf(torch.tensor(0.5)) */
  override icdf(value: Tensor): Tensor {
    return value.mul(this.high.sub(this.low)).add(this.low);
  }

  /** @example new torch.distributions.Uniform(0, 2).entropy() */
  override entropy(): Tensor {
    return T.log(this.high.sub(this.low));
  }
}
