// torch.distributions.Multinomial, as torch/distributions/multinomial.py.
import type { Tensor } from '../tensor.js';
import * as T from '../generated/functions.js';
import { tensor } from '../creation.js';
import { slice } from '../indexing.js';
import * as constraints from './constraints.js';
import { Distribution, notImplemented } from './distribution.js';
import { Categorical } from './categorical.js';
import { Binomial } from './binomial.js';
import { broadcastAll, parseParams, rsub } from './utils.js';

/** Options of Multinomial. */
export interface MultinomialOptions {
  totalCount?: number;
  probs?: Tensor;
  logits?: Tensor;
  validateArgs?: boolean;
}

/**
 * The multinomial distribution: counts of `totalCount` draws from a Categorical of `probs` (or `logits`).
 * @example new torch.distributions.Multinomial(100, torch.tensor([1.0, 1.0, 1.0, 1.0])).sample()
 */
export class Multinomial extends Distribution {
  totalCount!: number;
  /** @internal */ _categorical!: Categorical;
  /** @internal */ _binomial!: Binomial;

  constructor(totalCount?: number | MultinomialOptions, probs?: Tensor | MultinomialOptions, logits?: Tensor | MultinomialOptions, options?: MultinomialOptions) {
    super();
    const p = parseParams('Multinomial', ['totalCount', 'probs', 'logits'], [totalCount, probs, logits, options].filter((a) => a !== undefined));
    const tc = p['totalCount'] ?? 1;
    if (typeof tc !== 'number' || !Number.isInteger(tc)) throw notImplemented('inhomogeneous total_count is not supported');
    this.totalCount = tc;
    this._categorical = new Categorical({ probs: p['probs'] as Tensor | undefined, logits: p['logits'] as Tensor | undefined });
    this._binomial = new Binomial(tc, { probs: this.probs });
    const ps = this._categorical.paramShape;
    this._init(this._categorical.batchShape, ps.slice(-1), p['validateArgs'] as boolean | undefined);
  }

  override get argConstraints(): Record<string, constraints.Constraint> { return { probs: constraints.simplex, logits: constraints.realVector }; }
  override get support(): constraints.Constraint { return constraints.multinomial(this.totalCount); }
  get logits(): Tensor { return this._categorical.logits; }
  get probs(): Tensor { return this._categorical.probs; }
  get paramShape(): number[] { return this._categorical.paramShape; }
  override get mean(): Tensor { return this.probs.mul(this.totalCount); }
  override get variance(): Tensor { return this.probs.mul(this.totalCount).mul(rsub(1, this.probs)); }

  /** @example new torch.distributions.Multinomial(10, torch.ones(3)).expand([2]) */
  override expand(batchShape: readonly number[]): Multinomial {
    return this._expanded(batchShape, (n) => { n.totalCount = this.totalCount; n._categorical = this._categorical.expand(batchShape); });
  }

  /** @example new torch.distributions.Multinomial(10, torch.ones(3)).sample() */
  override sample(sampleShape: readonly number[] = []): Tensor {
    let samples = this._categorical.sample([this.totalCount, ...sampleShape]);
    const idx = Array.from({ length: samples.dim() }, (_, i) => i);
    idx.push(idx.shift()!);
    samples = samples.permute(idx);
    const counts = samples.newZeros([...this._extendedShape(sampleShape)]);
    counts.scatterAdd_(-1, samples, T.onesLike(samples));
    return counts.typeAs(this.probs);
  }

  /** @example new torch.distributions.Multinomial(10, torch.ones(3)).entropy() */
  override entropy(): Tensor {
    const n = tensor(this.totalCount);
    const catEntropy = this._categorical.entropy();
    const term1 = n.mul(catEntropy).sub(T.lgamma(n.add(1)));
    const support = this._binomial.enumerateSupport(false).index([slice(1, null)]);
    const binomialProbs = T.exp(this._binomial.logProb(support));
    const weights = T.lgamma(support.add(1));
    const term2 = binomialProbs.mul(weights).sum([0, -1]);
    return term1.add(term2);
  }

  /** @example new torch.distributions.Multinomial(3, torch.ones(2)).logProb(torch.tensor([1, 2])) */
  override logProb(value: Tensor): Tensor {
    if (this._validateArgs) this._validateSample(value);
    const [lg, v] = broadcastAll(this.logits, value) as [Tensor, Tensor];
    const logits = lg.clone({ memoryFormat: 'contiguous_format' });
    const logFactorialN = T.lgamma(v.sum(-1).add(1));
    const logFactorialXs = T.lgamma(v.add(1)).sum(-1);
    logits.indexPut_([v.eq(0).logicalAnd(logits.eq(-Infinity))], 0);
    const logPowers = logits.mul(v).sum(-1);
    return logFactorialN.sub(logFactorialXs).add(logPowers);
  }
}
