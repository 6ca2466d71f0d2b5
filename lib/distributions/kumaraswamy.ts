// torch.distributions.Kumaraswamy, as torch/distributions/kumaraswamy.py.
import type { Tensor } from '../tensor.js';
import * as T from '../generated/functions.js';
import * as constraints from './constraints.js';
import { type DistributionOptions, validateOption } from './distribution.js';
import { Uniform } from './uniform.js';
import { AffineTransform, PowerTransform } from './transforms.js';
import { DEFERRED, TransformedDistribution } from './transformed_distribution.js';
import { broadcastAll, eulerConstant, rsub, type ParamLike } from './utils.js';

function moments(a: Tensor, b: Tensor, n: number): Tensor {
  const arg1 = a.reciprocal().mul(n).add(1);
  const logValue = T.lgamma(arg1).add(T.lgamma(b)).sub(T.lgamma(arg1.add(b)));
  return b.mul(T.exp(logValue));
}

/**
 * The Kumaraswamy distribution of `concentration1` (a) and `concentration0` (b).
 * @example new torch.distributions.Kumaraswamy(torch.tensor([1.0]), torch.tensor([1.0])).sample()
 */
export class Kumaraswamy extends TransformedDistribution {
  concentration1!: Tensor;
  concentration0!: Tensor;
  constructor(concentration1: ParamLike, concentration0: ParamLike, options: DistributionOptions = {}) {
    super(DEFERRED, []);
    const validateArgs = validateOption(new.target.name, options);
    [this.concentration1, this.concentration0] = broadcastAll(concentration1, concentration0) as [Tensor, Tensor];
    const base = new Uniform(T.fullLike(this.concentration0, 0), T.fullLike(this.concentration0, 1), options);
    const transforms = [new PowerTransform(this.concentration0.reciprocal()), new AffineTransform(1.0, -1.0), new PowerTransform(this.concentration1.reciprocal())];
    this._setup(base, transforms, validateArgs);
  }
  override get argConstraints(): Record<string, constraints.Constraint> { return { concentration1: constraints.positive, concentration0: constraints.positive }; }
  override get support(): constraints.Constraint { return constraints.unitInterval; }
  override get hasRsample(): boolean { return true; }
  /** @example new torch.distributions.Kumaraswamy(1, 2).expand([3]) */
  override expand(batchShape: readonly number[]): Kumaraswamy {
    const n = super.expand(batchShape) as Kumaraswamy;
    n.concentration1 = this.concentration1.expand([...batchShape]);
    n.concentration0 = this.concentration0.expand([...batchShape]);
    return n;
  }
  override get mean(): Tensor { return moments(this.concentration1, this.concentration0, 1); }
  override get mode(): Tensor {
    const logMode = this.concentration0.reciprocal().mul(this.concentration0.neg().log1p()).sub(this.concentration0.neg().mul(this.concentration1).log1p());
    logMode.indexPut_([this.concentration0.lt(1).logicalOr(this.concentration1.lt(1))], NaN);
    return logMode.exp();
  }
  override get variance(): Tensor { return moments(this.concentration1, this.concentration0, 2).sub(T.pow(this.mean, 2)); }
  /** @example new torch.distributions.Kumaraswamy(1, 2).entropy() */
  override entropy(): Tensor {
    const t1 = rsub(1, this.concentration1.reciprocal());
    const t0 = rsub(1, this.concentration0.reciprocal());
    const H0 = T.digamma(this.concentration0.add(1)).add(eulerConstant);
    return t0.add(t1.mul(H0)).sub(T.log(this.concentration1)).sub(T.log(this.concentration0));
  }
}
