// torch.distributions.NegativeBinomial, as torch/distributions/negative_binomial.py.
import type { Tensor } from '../tensor.js';
import * as T from '../generated/functions.js';
import { noGrad } from '../autograd/grad_mode.js';
import { logsigmoid } from '../nn/functional/activation.js';
import * as constraints from './constraints.js';
import { Distribution } from './distribution.js';
import { Gamma } from './gamma.js';
import type { BinomialOptions } from './binomial.js';
import { broadcastAll, logitsToProbs, parseParams, probsToLogits, probsXorLogits, type ParamLike, lazyValue } from './utils.js';

const LAZY = ['probs', 'logits'] as const;

/**
 * The number of successes before `totalCount` failures in Bernoulli trials of success `probs` (or `logits`).
 * @example new torch.distributions.NegativeBinomial(5, torch.tensor([0.3])).sample()
 */
export class NegativeBinomial extends Distribution {
  totalCount!: Tensor;
  /** @internal */ _probs?: Tensor;
  /** @internal */ _logits?: Tensor;
  /** @internal */ _param!: Tensor;
  /** @internal */ _gammaCache?: Gamma;

  constructor(totalCount: ParamLike | BinomialOptions, probs?: ParamLike | BinomialOptions, logits?: ParamLike | BinomialOptions, options?: BinomialOptions) {
    super();
    const p = parseParams('NegativeBinomial', ['totalCount', 'probs', 'logits'], [totalCount, probs, logits, options].filter((a) => a !== undefined));
    probsXorLogits(p);
    const isProbs = p['probs'] !== undefined;
    const [t, param] = broadcastAll(p['totalCount'] as ParamLike, (isProbs ? p['probs'] : p['logits']) as ParamLike) as [Tensor, Tensor];
    this._param = param;
    if (isProbs) this._probs = param; else this._logits = param;
    this.totalCount = t.typeAs(param);
    this._init(param.shape, [], p['validateArgs'] as boolean | undefined);
  }

  protected override _lazyParams(): readonly string[] { return LAZY; }
  protected override _isLazyUnset(param: string): boolean {
    return (param === 'probs' && this._probs === undefined) || (param === 'logits' && this._logits === undefined);
  }
  get probs(): Tensor { return (this._probs ??= lazyValue(() => logitsToProbs(this._logits!, true))); }
  get logits(): Tensor { return (this._logits ??= lazyValue(() => probsToLogits(this._probs!, true))); }
  get paramShape(): number[] { return this._param.shape; }

  override get argConstraints(): Record<string, constraints.Constraint> {
    return { totalCount: constraints.greaterThanEq(0), probs: constraints.halfOpenInterval(0.0, 1.0), logits: constraints.real };
  }
  override get support(): constraints.Constraint { return constraints.nonnegativeInteger; }
  override get mean(): Tensor { return this.totalCount.mul(T.exp(this.logits)); }
  override get mode(): Tensor { return this.totalCount.sub(1).mul(this.logits.exp()).floor().clamp({ min: 0.0 }); }
  override get variance(): Tensor { return this.mean.div(T.sigmoid(this.logits.neg())); }

  /** @example new torch.distributions.NegativeBinomial(5, 0.5).expand([3]) */
  override expand(batchShape: readonly number[]): NegativeBinomial {
    return this._expanded(batchShape, (n) => {
      const b = [...batchShape];
      n.totalCount = this.totalCount.expand(b);
      n._probs = undefined; n._logits = undefined; n._gammaCache = undefined;
      if (this._probs !== undefined) { n._probs = this._probs.expand(b); n._param = n._probs; }
      if (this._logits !== undefined) { n._logits = this._logits.expand(b); n._param = n._logits; }
    });
  }

  /** @internal The Gamma mixing distribution. */
  get _gamma(): Gamma {
    return (this._gammaCache ??= lazyValue(() => new Gamma(this.totalCount, T.exp(this.logits.neg()), { validateArgs: false })));
  }

  /** @example new torch.distributions.NegativeBinomial(5, 0.5).sample([3]) */
  override sample(sampleShape: readonly number[] = []): Tensor {
    return noGrad(() => T.poisson(this._gamma.sample(sampleShape)));
  }

  /** @example new torch.distributions.NegativeBinomial(5, 0.5).logProb(torch.tensor(3)) */
  override logProb(value: Tensor): Tensor {
    if (this._validateArgs) this._validateSample(value);
    const logUnnormalized = this.totalCount.mul(logsigmoid(this.logits.neg())).add(value.mul(logsigmoid(this.logits)));
    let logNormalization = T.lgamma(this.totalCount.add(value)).neg().add(T.lgamma(value.add(1.0))).add(T.lgamma(this.totalCount));
    logNormalization = logNormalization.maskedFill(this.totalCount.add(value).eq(0.0), 0.0);
    return logUnnormalized.sub(logNormalization);
  }
}
