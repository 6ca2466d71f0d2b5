// torch.distributions.RelaxedOneHotCategorical (and ExpRelaxedCategorical), as
// torch/distributions/relaxed_categorical.py.
import type { Tensor } from '../tensor.js';
import * as T from '../generated/functions.js';
import * as constraints from './constraints.js';
import { Distribution } from './distribution.js';
import { Categorical, type CategoricalOptions } from './categorical.js';
import { ExpTransform } from './transforms.js';
import { DEFERRED, TransformedDistribution } from './transformed_distribution.js';
import { broadcastAll, clampProbs, parseParams } from './utils.js';

/**
 * The log of a RelaxedOneHotCategorical sample (its base distribution).
 * @example new torch.distributions.ExpRelaxedCategorical(torch.tensor(2.0), torch.tensor([0.1, 0.9])).rsample()
 */
export class ExpRelaxedCategorical extends Distribution {
  temperature!: Tensor;
  /** @internal */ _categorical!: Categorical;
  constructor(temperature: Tensor, probs?: Tensor | CategoricalOptions, logits?: Tensor | CategoricalOptions, options?: CategoricalOptions) {
    super();
    const p = parseParams(new.target.name, ['probs', 'logits'], [probs, logits, options].filter((a) => a !== undefined));
    this._categorical = new Categorical({ probs: p['probs'] as Tensor | undefined, logits: p['logits'] as Tensor | undefined });
    this.temperature = temperature;
    this._init(this._categorical.batchShape, this._categorical.paramShape.slice(-1), p['validateArgs'] as boolean | undefined);
  }
  override get argConstraints(): Record<string, constraints.Constraint> { return { probs: constraints.simplex, logits: constraints.realVector }; }
  override get support(): constraints.Constraint { return constraints.realVector; }
  override get hasRsample(): boolean { return true; }
  /** @example d.expand([3]) */
  override expand(batchShape: readonly number[]): ExpRelaxedCategorical {
    return this._expanded(batchShape, (n) => { n.temperature = this.temperature; n._categorical = this._categorical.expand(batchShape); });
  }
  get paramShape(): number[] { return this._categorical.paramShape; }
  get logits(): Tensor { return this._categorical.logits; }
  get probs(): Tensor { return this._categorical.probs; }
  /** @example d.rsample([2]) */
  override rsample(sampleShape: readonly number[] = []): Tensor {
    const shape = [...this._extendedShape(sampleShape)];
    const uniforms = clampProbs(T.rand(shape, { dtype: this.logits.dtype, device: this.logits.device }));
    const gumbels = uniforms.log().neg().log().neg();
    const scores = this.logits.add(gumbels).div(this.temperature);
    return scores.sub(scores.logsumexp(-1, true));
  }
  /** @example d.logProb(value) */
  override logProb(value: Tensor): Tensor {
    const K = this._categorical._numEvents;
    if (this._validateArgs) this._validateSample(value);
    const [logits, v] = broadcastAll(this.logits, value) as [Tensor, Tensor];
    const logScale = T.fullLike(this.temperature, K).lgamma().sub(this.temperature.log().mul(-(K - 1)));
    let score = logits.sub(v.mul(this.temperature));
    score = score.sub(score.logsumexp(-1, true)).sum(-1);
    return score.add(logScale);
  }
}

/**
 * The relaxed one-hot categorical (Concrete) distribution of `temperature` and `probs` (or `logits`).
 * @example new torch.distributions.RelaxedOneHotCategorical(torch.tensor([2.2]), torch.tensor([0.1, 0.2, 0.3, 0.4])).rsample()
 */
export class RelaxedOneHotCategorical extends TransformedDistribution {
  declare baseDist: ExpRelaxedCategorical;
  constructor(temperature: Tensor, probs?: Tensor | CategoricalOptions, logits?: Tensor | CategoricalOptions, options?: CategoricalOptions) {
    super(DEFERRED, []);
    const p = parseParams('RelaxedOneHotCategorical', ['probs', 'logits'], [probs, logits, options].filter((a) => a !== undefined));
    const validateArgs = p['validateArgs'] as boolean | undefined;
    const base = new ExpRelaxedCategorical(temperature, { probs: p['probs'] as Tensor | undefined, logits: p['logits'] as Tensor | undefined, ...(validateArgs === undefined ? {} : { validateArgs }) });
    this._setup(base, new ExpTransform(), validateArgs);
  }
  override get argConstraints(): Record<string, constraints.Constraint> { return { probs: constraints.simplex, logits: constraints.realVector }; }
  override get support(): constraints.Constraint { return constraints.simplex; }
  override get hasRsample(): boolean { return true; }
  override expand(batchShape: readonly number[]): RelaxedOneHotCategorical { return super.expand(batchShape) as RelaxedOneHotCategorical; }
  get temperature(): Tensor { return this.baseDist.temperature; }
  get logits(): Tensor { return this.baseDist.logits; }
  get probs(): Tensor { return this.baseDist.probs; }
}
