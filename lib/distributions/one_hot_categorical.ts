// torch.distributions.OneHotCategorical and OneHotCategoricalStraightThrough, as
// torch/distributions/one_hot_categorical.py.
import type { Tensor } from '../tensor.js';
import * as T from '../generated/functions.js';
import { oneHot } from '../nn/functional/sparse.js';
import * as constraints from './constraints.js';
import { Distribution } from './distribution.js';
import { Categorical, type CategoricalOptions } from './categorical.js';
import { parseParams, rsub } from './utils.js';

/**
 * A Categorical whose samples are one-hot vectors.
 * @example new torch.distributions.OneHotCategorical(torch.tensor([0.25, 0.25, 0.25, 0.25])).sample()
 */
export class OneHotCategorical extends Distribution {
  /** @internal */ _categorical!: Categorical;

  constructor(probs?: Tensor | CategoricalOptions, logits?: Tensor | CategoricalOptions, options?: CategoricalOptions) {
    super();
    const p = parseParams(new.target.name, ['probs', 'logits'], [probs, logits, options].filter((a) => a !== undefined));
    this._categorical = new Categorical({ probs: p['probs'] as Tensor | undefined, logits: p['logits'] as Tensor | undefined });
    this._init(this._categorical.batchShape, this._categorical.paramShape.slice(-1), p['validateArgs'] as boolean | undefined);
  }

  override get argConstraints(): Record<string, constraints.Constraint> { return { probs: constraints.simplex, logits: constraints.realVector }; }
  override get support(): constraints.Constraint { return constraints.oneHot; }
  override get hasEnumerateSupport(): boolean { return true; }
  get _param(): Tensor { return this._categorical._param; }
  get probs(): Tensor { return this._categorical.probs; }
  get logits(): Tensor { return this._categorical.logits; }
  get paramShape(): number[] { return this._categorical.paramShape; }
  override get mean(): Tensor { return this._categorical.probs; }
  override get mode(): Tensor {
    const probs = this._categorical.probs;
    return oneHot(probs.argmax(-1), probs.shape[probs.dim() - 1]!).to(probs);
  }
  override get variance(): Tensor { return this._categorical.probs.mul(rsub(1, this._categorical.probs)); }

  /** @example new torch.distributions.OneHotCategorical(torch.ones(3)).expand([2]) */
  override expand(batchShape: readonly number[]): OneHotCategorical {
    return this._expanded(batchShape, (n) => { n._categorical = this._categorical.expand(batchShape); });
  }

  /** @example new torch.distributions.OneHotCategorical(torch.ones(3)).sample([2]) */
  override sample(sampleShape: readonly number[] = []): Tensor {
    const probs = this._categorical.probs;
    const indices = this._categorical.sample(sampleShape);
    return oneHot(indices, this._categorical._numEvents).to(probs);
  }

  /** @example new torch.distributions.OneHotCategorical(torch.ones(3)).logProb(torch.tensor([0, 1, 0])) */
  override logProb(value: Tensor): Tensor {
    if (this._validateArgs) this._validateSample(value);
    return this._categorical.logProb(value.max(-1)[1]!);
  }

  /** @example new torch.distributions.OneHotCategorical(torch.ones(3)).entropy() */
  override entropy(): Tensor { return this._categorical.entropy(); }

  /** @example new torch.distributions.OneHotCategorical(torch.ones(3)).enumerateSupport() */
  override enumerateSupport(expand = true): Tensor {
    const n = this._eventShape[0]!;
    let values = T.eye(n, { dtype: this._param.dtype, device: this._param.device });
    values = values.view([n, ...this._batchShape.map(() => 1), n]);
    if (expand) values = values.expand([n, ...this._batchShape, n]);
    return values;
  }
}

/**
 * A OneHotCategorical whose rsample passes gradients straight through the probabilities.
 * @example new torch.distributions.OneHotCategoricalStraightThrough(torch.ones(3).requiresGrad_()).rsample()
 */
export class OneHotCategoricalStraightThrough extends OneHotCategorical {
  override get hasRsample(): boolean { return true; }
  /** @example new torch.distributions.OneHotCategoricalStraightThrough(torch.ones(3)).rsample() */
  override rsample(sampleShape: readonly number[] = []): Tensor {
    const samples = this.sample(sampleShape);
    const probs = this._categorical.probs;
    return samples.add(probs.sub(probs.detach()));
  }
}
