// torch.distributions.Chi2, as torch/distributions/chi2.py: Gamma(df / 2, 1 / 2).
import type { Tensor } from '../tensor.js';
import * as constraints from './constraints.js';
import type { DistributionOptions } from './distribution.js';
import { Gamma } from './gamma.js';
import { broadcastAll, type ParamLike } from './utils.js';

/**
 * The chi-squared distribution of `df` degrees of freedom, a Gamma(df / 2, 0.5).
 * @example new torch.distributions.Chi2(torch.tensor([1.0])).sample()
 */
export class Chi2 extends Gamma {
  constructor(df: ParamLike, options: DistributionOptions = {}) {
    const [d] = broadcastAll(df) as [Tensor];
    super(typeof df === 'number' ? df * 0.5 : d.mul(0.5), 0.5, options);
  }
  override get argConstraints(): Record<string, constraints.Constraint> { return { df: constraints.positive }; }
  /** Degrees of freedom. */
  get df(): Tensor { return this.concentration.mul(2); }
  /** @example new torch.distributions.Chi2(2).expand([3]) */
  override expand(batchShape: readonly number[]): Chi2 {
    return super.expand(batchShape) as Chi2;
  }
}
