// torch.distributions.Beta, as torch/distributions/beta.py (a two-component Dirichlet).
import { Tensor } from '../tensor.js';
import * as T from '../generated/functions.js';
import { tensor } from '../creation.js';
import * as constraints from './constraints.js';
import { type DistributionOptions, validateOption } from './distribution.js';
import { ExponentialFamily } from './exp_family.js';
import { Dirichlet } from './dirichlet.js';
import { broadcastAll, rsub, type ParamLike } from './utils.js';

/**
 * The beta distribution of `concentration1` (alpha) and `concentration0` (beta).
 * @example new torch.distributions.Beta(torch.tensor([0.5]), torch.tensor([0.5])).sample()
 */
export class Beta extends ExponentialFamily {
  /** @internal */
  _dirichlet!: Dirichlet;

  constructor(concentration1: ParamLike, concentration0: ParamLike, options: DistributionOptions = {}) {
    super();
    let both: Tensor;
    if (typeof concentration1 === 'number' && typeof concentration0 === 'number') {
      both = tensor([concentration1, concentration0]);
    } else {
      const [c1, c0] = broadcastAll(concentration1, concentration0) as [Tensor, Tensor];
      both = T.stack([c1, c0], -1);
    }
    this._dirichlet = new Dirichlet(both, options);
    this._init(this._dirichlet.batchShape, [], validateOption(new.target.name, options));
  }

  override get argConstraints(): Record<string, constraints.Constraint> { return { concentration1: constraints.positive, concentration0: constraints.positive }; }
  override get support(): constraints.Constraint { return constraints.unitInterval; }
  override get hasRsample(): boolean { return true; }

  /** @example new torch.distributions.Beta(1, 2).expand([3]) */
  override expand(batchShape: readonly number[]): Beta {
    return this._expanded(batchShape, (n) => { n._dirichlet = this._dirichlet.expand(batchShape); });
  }

  override get mean(): Tensor { return this.concentration1.div(this.concentration1.add(this.concentration0)); }
  override get mode(): Tensor { return this._dirichlet.mode.index(['...', 0]); }
  override get variance(): Tensor {
    const total = this.concentration1.add(this.concentration0);
    return this.concentration1.mul(this.concentration0).div(total.pow(2).mul(total.add(1)));
  }

  /** @example new torch.distributions.Beta(1, 2).rsample([2]) */
  override rsample(sampleShape: readonly number[] = []): Tensor {
    return this._dirichlet.rsample(sampleShape).select(-1, 0);
  }

  /** @example new torch.distributions.Beta(1, 2).logProb(torch.tensor(0.3)) */
  override logProb(value: Tensor): Tensor {
    if (this._validateArgs) this._validateSample(value);
    return this._dirichlet.logProb(T.stack([value, rsub(1.0, value)], -1));
  }

  /** @example new torch.distributions.Beta(1, 2).entropy() */
  override entropy(): Tensor { return this._dirichlet.entropy(); }

  get concentration1(): Tensor { return this._dirichlet.concentration.index(['...', 0]); }
  get concentration0(): Tensor { return this._dirichlet.concentration.index(['...', 1]); }

  override get _naturalParams(): Tensor[] { return [this.concentration1, this.concentration0]; }
  override _logNormalizer(x: Tensor, y: Tensor): Tensor { return T.lgamma(x).add(T.lgamma(y)).sub(T.lgamma(x.add(y))); }
}
