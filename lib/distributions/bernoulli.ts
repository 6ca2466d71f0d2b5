// torch.distributions.Bernoulli, as torch/distributions/bernoulli.py.
import type { Tensor } from '../tensor.js';
import * as T from '../generated/functions.js';
import { noGrad } from '../autograd/grad_mode.js';
import { binaryCrossEntropyWithLogits } from '../nn/functional/loss.js';
import * as constraints from './constraints.js';
import { ExponentialFamily } from './exp_family.js';
import { broadcastAll, logitsToProbs, parseParams, probsToLogits, probsXorLogits, rsub, type ParamLike, type ProbsOptions, lazyValue } from './utils.js';

const LAZY = ['probs', 'logits'] as const;

/**
 * The Bernoulli distribution of `probs` (or `logits`): 1 with probability p, else 0.
 * @example
 * new torch.distributions.Bernoulli(torch.tensor([0.3])).sample();
 * new torch.distributions.Bernoulli({ logits: torch.tensor([0.5]) });
 */
export class Bernoulli extends ExponentialFamily {
  /** @internal */ _probs?: Tensor;
  /** @internal */ _logits?: Tensor;
  /** @internal */ _param!: Tensor;

  constructor(probs?: ParamLike | ProbsOptions, logits?: ParamLike | ProbsOptions, options?: ProbsOptions) {
    super();
    const p = parseParams('Bernoulli', ['probs', 'logits'], [probs, logits, options].filter((a) => a !== undefined));
    probsXorLogits(p);
    const given = (p['probs'] ?? p['logits']) as ParamLike;
    [this._param] = broadcastAll(given) as [Tensor];
    if (p['probs'] !== undefined) this._probs = this._param; else this._logits = this._param;
    this._init(typeof given === 'number' ? [] : this._param.shape, [], p['validateArgs'] as boolean | undefined);
  }

  protected override _lazyParams(): readonly string[] { return LAZY; }
  protected override _isLazyUnset(param: string): boolean {
    return (param === 'probs' && this._probs === undefined) || (param === 'logits' && this._logits === undefined);
  }
  /** The probability of 1. */
  get probs(): Tensor { return (this._probs ??= lazyValue(() => logitsToProbs(this._logits!, true))); }
  /** The log-odds of 1. */
  get logits(): Tensor { return (this._logits ??= lazyValue(() => probsToLogits(this._probs!, true))); }
  /** The shape of the given parameter. */
  get paramShape(): number[] { return this._param.shape; }

  override get argConstraints(): Record<string, constraints.Constraint> { return { probs: constraints.unitInterval, logits: constraints.real }; }
  override get support(): constraints.Constraint { return constraints.boolean; }
  override get hasEnumerateSupport(): boolean { return true; }
  override get _meanCarrierMeasure(): number { return 0; }
  override get mean(): Tensor { return this.probs; }
  override get mode(): Tensor {
    const mode = this.probs.ge(0.5).to(this.probs);
    mode.indexPut_([this.probs.eq(0.5)], NaN);
    return mode;
  }
  override get variance(): Tensor { return this.probs.mul(rsub(1, this.probs)); }

  /** @example new torch.distributions.Bernoulli(0.3).expand([3]) */
  override expand(batchShape: readonly number[]): Bernoulli {
    return this._expanded(batchShape, (n) => {
      const b = [...batchShape];
      n._probs = undefined; n._logits = undefined;
      if (this._probs !== undefined) { n._probs = this._probs.expand(b); n._param = n._probs; }
      if (this._logits !== undefined) { n._logits = this._logits.expand(b); n._param = n._logits; }
    });
  }

  /** @example new torch.distributions.Bernoulli(0.3).sample([4]) */
  override sample(sampleShape: readonly number[] = []): Tensor {
    const shape = this._extendedShape(sampleShape);
    return noGrad(() => T.bernoulli(this.probs.expand(shape)));
  }

  /** @example new torch.distributions.Bernoulli(0.3).logProb(torch.tensor(1)) */
  override logProb(value: Tensor): Tensor {
    if (this._validateArgs) this._validateSample(value);
    const [logits, v] = broadcastAll(this.logits, value) as [Tensor, Tensor];
    return binaryCrossEntropyWithLogits(logits, v, { reduction: 'none' }).neg();
  }

  /** @example new torch.distributions.Bernoulli(0.3).entropy() */
  override entropy(): Tensor {
    return binaryCrossEntropyWithLogits(this.logits, this.probs, { reduction: 'none' });
  }

  /** @example new torch.distributions.Bernoulli(torch.tensor([0.3, 0.6])).enumerateSupport() */
  override enumerateSupport(expand = true): Tensor {
    let values = T.arange(2, { dtype: this._param.dtype, device: this._param.device });
    values = values.view([-1, ...this._batchShape.map(() => 1)]);
    if (expand) values = values.expand([-1, ...this._batchShape]);
    return values;
  }

  override get _naturalParams(): Tensor[] { return [T.logit(this.probs)]; }
  override _logNormalizer(x: Tensor): Tensor { return T.log1p(T.exp(x)); }
}
