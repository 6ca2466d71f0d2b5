// torch.distributions.Binomial, as torch/distributions/binomial.py.
import type { Tensor } from '../tensor.js';
import * as T from '../generated/functions.js';
import { noGrad } from '../autograd/grad_mode.js';
import * as constraints from './constraints.js';
import { Distribution, notImplemented } from './distribution.js';
import { broadcastAll, logitsToProbs, parseParams, probsToLogits, probsXorLogits, rsub, type ParamLike, lazyValue } from './utils.js';

/** Options of Binomial/NegativeBinomial. */
export interface BinomialOptions {
  totalCount?: ParamLike;
  probs?: ParamLike;
  logits?: ParamLike;
  validateArgs?: boolean;
}

function clampByZero(x: Tensor): Tensor {
  return x.clamp({ min: 0 }).add(x).sub(x.clamp({ max: 0 })).div(2);
}

const LAZY = ['probs', 'logits'] as const;

/**
 * The binomial distribution of `totalCount` trials with success probability `probs` (or `logits`).
 * @example new torch.distributions.Binomial(100, torch.tensor([0, 0.2, 0.8, 1])).sample()
 */
export class Binomial extends Distribution {
  totalCount!: Tensor;
  /** @internal */ _probs?: Tensor;
  /** @internal */ _logits?: Tensor;
  /** @internal */ _param!: Tensor;

  constructor(totalCount?: ParamLike | BinomialOptions, probs?: ParamLike | BinomialOptions, logits?: ParamLike | BinomialOptions, options?: BinomialOptions) {
    super();
    const p = parseParams('Binomial', ['totalCount', 'probs', 'logits'], [totalCount, probs, logits, options].filter((a) => a !== undefined));
    probsXorLogits(p);
    const tc = (p['totalCount'] ?? 1) as ParamLike;
    const isProbs = p['probs'] !== undefined;
    const [t, param] = broadcastAll(tc, (isProbs ? p['probs'] : p['logits']) as ParamLike) as [Tensor, Tensor];
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
    return { totalCount: constraints.nonnegativeInteger, probs: constraints.unitInterval, logits: constraints.real };
  }
  override get support(): constraints.Constraint { return constraints.integerInterval(0, this.totalCount); }
  override get hasEnumerateSupport(): boolean { return true; }
  override get mean(): Tensor { return this.totalCount.mul(this.probs); }
  override get mode(): Tensor { return this.totalCount.add(1).mul(this.probs).floor().clamp({ max: this.totalCount }); }
  override get variance(): Tensor { return this.totalCount.mul(this.probs).mul(rsub(1, this.probs)); }

  /** @example new torch.distributions.Binomial(10, 0.5).expand([3]) */
  override expand(batchShape: readonly number[]): Binomial {
    return this._expanded(batchShape, (n) => {
      const b = [...batchShape];
      n.totalCount = this.totalCount.expand(b);
      n._probs = undefined; n._logits = undefined;
      if (this._probs !== undefined) { n._probs = this._probs.expand(b); n._param = n._probs; }
      if (this._logits !== undefined) { n._logits = this._logits.expand(b); n._param = n._logits; }
    });
  }

  /** @example new torch.distributions.Binomial(10, 0.5).sample([3]) */
  override sample(sampleShape: readonly number[] = []): Tensor {
    const shape = this._extendedShape(sampleShape);
    return noGrad(() => T.binomial(this.totalCount.expand(shape), this.probs.expand(shape)));
  }

  /** @example new torch.distributions.Binomial(10, 0.5).logProb(torch.tensor(3)) */
  override logProb(value: Tensor): Tensor {
    if (this._validateArgs) this._validateSample(value);
    const logFactorialN = T.lgamma(this.totalCount.add(1));
    const logFactorialK = T.lgamma(value.add(1));
    const logFactorialNmk = T.lgamma(this.totalCount.sub(value).add(1));
    const normalizeTerm = this.totalCount.mul(clampByZero(this.logits))
      .add(this.totalCount.mul(T.log1p(T.exp(T.abs(this.logits).neg())))).sub(logFactorialN);
    return value.mul(this.logits).sub(logFactorialK).sub(logFactorialNmk).sub(normalizeTerm);
  }

  /** @example new torch.distributions.Binomial(10, 0.5).entropy() */
  override entropy(): Tensor {
    const totalCount = Math.trunc(this.totalCount.max().item());
    if (this.totalCount.min().item() !== totalCount) throw notImplemented('Inhomogeneous total count not supported by `entropy`.');
    const logProb = this.logProb(this.enumerateSupport(false));
    return T.exp(logProb).mul(logProb).sum(0).neg();
  }

  /** @example new torch.distributions.Binomial(3, 0.5).enumerateSupport() */
  override enumerateSupport(expand = true): Tensor {
    const totalCount = Math.trunc(this.totalCount.max().item());
    if (this.totalCount.min().item() !== totalCount) throw notImplemented('Inhomogeneous total count not supported by `enumerate_support`.');
    let values = T.arange(1 + totalCount, { dtype: this._param.dtype, device: this._param.device });
    values = values.view([-1, ...this._batchShape.map(() => 1)]);
    if (expand) values = values.expand([-1, ...this._batchShape]);
    return values;
  }
}
