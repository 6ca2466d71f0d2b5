// torch.distributions.Geometric, as torch/distributions/geometric.py.
import type { Tensor } from '../tensor.js';
import * as T from '../generated/functions.js';
import { finfo } from '../type_info.js';
import { noGrad } from '../autograd/grad_mode.js';
import { binaryCrossEntropyWithLogits } from '../nn/functional/loss.js';
import * as constraints from './constraints.js';
import { Distribution } from './distribution.js';
import { broadcastAll, logitsToProbs, parseParams, probsToLogits, probsXorLogits, pyTuple, rdiv, type ParamLike, type ProbsOptions, lazyValue } from './utils.js';

const LAZY = ['probs', 'logits'] as const;

/**
 * The number of failures before the first success in Bernoulli trials of `probs` (or `logits`).
 * @example new torch.distributions.Geometric(torch.tensor([0.3])).sample()
 */
export class Geometric extends Distribution {
  /** @internal */ _probs?: Tensor;
  /** @internal */ _logits?: Tensor;

  constructor(probs?: ParamLike | ProbsOptions, logits?: ParamLike | ProbsOptions, options?: ProbsOptions) {
    super();
    const p = parseParams('Geometric', ['probs', 'logits'], [probs, logits, options].filter((a) => a !== undefined));
    probsXorLogits(p);
    const given = (p['probs'] ?? p['logits']) as ParamLike;
    const [t] = broadcastAll(given) as [Tensor];
    if (p['probs'] !== undefined) this._probs = t; else this._logits = t;
    this._init(typeof given === 'number' ? [] : t.shape, [], p['validateArgs'] as boolean | undefined);
    if (this._validateArgs && p['probs'] !== undefined) {
      const value = this.probs;
      const valid = value.gt(0);
      if (!valid.all().item()) {
        throw new RangeError(`Expected parameter probs (Tensor of shape ${pyTuple(value.shape)}) of distribution ${this.toString()} to be positive but found invalid values:\n${String(value.detach().index([valid.logicalNot()]))}`);
      }
    }
  }

  protected override _lazyParams(): readonly string[] { return LAZY; }
  protected override _isLazyUnset(param: string): boolean {
    return (param === 'probs' && this._probs === undefined) || (param === 'logits' && this._logits === undefined);
  }
  get probs(): Tensor { return (this._probs ??= lazyValue(() => logitsToProbs(this._logits!, true))); }
  get logits(): Tensor { return (this._logits ??= lazyValue(() => probsToLogits(this._probs!, true))); }

  override get argConstraints(): Record<string, constraints.Constraint> { return { probs: constraints.unitInterval, logits: constraints.real }; }
  override get support(): constraints.Constraint { return constraints.nonnegativeInteger; }
  override get mean(): Tensor { return rdiv(1.0, this.probs).sub(1.0); }
  override get mode(): Tensor { return T.zerosLike(this.probs); }
  override get variance(): Tensor { return rdiv(1.0, this.probs).sub(1.0).div(this.probs); }

  /** @example new torch.distributions.Geometric(0.3).expand([3]) */
  override expand(batchShape: readonly number[]): Geometric {
    return this._expanded(batchShape, (n) => {
      const b = [...batchShape];
      n._probs = this._probs?.expand(b);
      n._logits = this._logits?.expand(b);
    });
  }

  /** @example new torch.distributions.Geometric(0.3).sample([4]) */
  override sample(sampleShape: readonly number[] = []): Tensor {
    const shape = this._extendedShape(sampleShape);
    const tiny = finfo(this.probs.dtype).tiny;
    return noGrad(() => {
      const u = this.probs.newEmpty([...shape]).uniform_(tiny, 1);
      return u.log().div(this.probs.neg().log1p()).floor();
    });
  }

  /** @example new torch.distributions.Geometric(0.3).logProb(torch.tensor(2)) */
  override logProb(value: Tensor): Tensor {
    if (this._validateArgs) this._validateSample(value);
    const [v, pr] = broadcastAll(value, this.probs) as [Tensor, Tensor];
    const probs = pr.clone({ memoryFormat: 'contiguous_format' });
    probs.indexPut_([probs.eq(1).logicalAnd(v.eq(0))], 0);
    return v.mul(probs.neg().log1p()).add(this.probs.log());
  }

  /** @example new torch.distributions.Geometric(0.3).entropy() */
  override entropy(): Tensor {
    return binaryCrossEntropyWithLogits(this.logits, this.probs, { reduction: 'none' }).div(this.probs);
  }
}
