// torch.distributions.Categorical, as torch/distributions/categorical.py.
import { Tensor } from '../tensor.js';
import * as T from '../generated/functions.js';
import { broadcastTensors } from '../functional.js';
import { slice } from '../indexing.js';
import { finfo } from '../type_info.js';
import { noGrad } from '../autograd/grad_mode.js';
import * as constraints from './constraints.js';
import { Distribution } from './distribution.js';
import { logitsToProbs, parseParams, probsToLogits, probsXorLogits, type ProbsOptions, lazyValue } from './utils.js';

/** Options of Categorical-like distributions (tensor probs or logits). */
export interface CategoricalOptions {
  probs?: Tensor;
  logits?: Tensor;
  validateArgs?: boolean;
}

const LAZY = ['probs', 'logits'] as const;

/**
 * The categorical distribution over {0, ..., K - 1} of `probs` (or `logits`) along the last dimension.
 * @example
 * new torch.distributions.Categorical(torch.tensor([0.25, 0.25, 0.25, 0.25])).sample();
 * new torch.distributions.Categorical({ logits: torch.zeros(3) });
 */
export class Categorical extends Distribution {
  /** @internal */ _probs?: Tensor;
  /** @internal */ _logits?: Tensor;
  /** @internal */ _param!: Tensor;
  /** @internal */ _numEvents!: number;

  constructor(probs?: Tensor | CategoricalOptions, logits?: Tensor | CategoricalOptions, options?: CategoricalOptions) {
    super();
    const p = parseParams(new.target.name, ['probs', 'logits'], [probs, logits, options].filter((a) => a !== undefined));
    probsXorLogits(p);
    if (p['probs'] !== undefined) {
      const pr = p['probs'] as Tensor;
      if (!(pr instanceof Tensor)) throw new TypeError(`${new.target.name}: probs must be a Tensor`);
      if (pr.dim() < 1) throw new RangeError('`probs` parameter must be at least one-dimensional.');
      this._probs = pr.div(pr.sum(-1, true));
      this._param = this._probs;
    } else {
      const lg = p['logits'] as Tensor;
      if (!(lg instanceof Tensor)) throw new TypeError(`${new.target.name}: logits must be a Tensor`);
      if (lg.dim() < 1) throw new RangeError('`logits` parameter must be at least one-dimensional.');
      this._logits = lg.sub(lg.logsumexp(-1, true));
      this._param = this._logits;
    }
    const s = this._param.shape;
    this._numEvents = s[s.length - 1]!;
    this._init(s.length > 1 ? s.slice(0, -1) : [], [], p['validateArgs'] as boolean | undefined);
  }

  protected override _lazyParams(): readonly string[] { return LAZY; }
  protected override _isLazyUnset(param: string): boolean {
    return (param === 'probs' && this._probs === undefined) || (param === 'logits' && this._logits === undefined);
  }
  /** The normalized probabilities. */
  get probs(): Tensor { return (this._probs ??= lazyValue(() => logitsToProbs(this._logits!))); }
  /** The normalized log probabilities. */
  get logits(): Tensor { return (this._logits ??= lazyValue(() => probsToLogits(this._probs!))); }
  /** The shape of the given parameter. */
  get paramShape(): number[] { return this._param.shape; }

  override get argConstraints(): Record<string, constraints.Constraint> { return { probs: constraints.simplex, logits: constraints.realVector }; }
  override get support(): constraints.Constraint { return constraints.integerInterval(0, this._numEvents - 1); }
  override get hasEnumerateSupport(): boolean { return true; }
  override get mean(): Tensor { return T.full([...this._extendedShape()], NaN, { dtype: this.probs.dtype, device: this.probs.device }); }
  override get mode(): Tensor { return this.probs.argmax(-1); }
  override get variance(): Tensor { return T.full([...this._extendedShape()], NaN, { dtype: this.probs.dtype, device: this.probs.device }); }

  /** @example new torch.distributions.Categorical(torch.ones(3)).expand([2]) */
  override expand(batchShape: readonly number[]): Categorical {
    const paramShape = [...batchShape, this._numEvents];
    return this._expanded(batchShape, (n) => {
      n._probs = undefined; n._logits = undefined;
      if (this._probs !== undefined) { n._probs = this._probs.expand(paramShape); n._param = n._probs; }
      if (this._logits !== undefined) { n._logits = this._logits.expand(paramShape); n._param = n._logits; }
      n._numEvents = this._numEvents;
    });
  }

  /** @example new torch.distributions.Categorical(torch.ones(3)).sample([5]) */
  override sample(sampleShape: readonly number[] = []): Tensor {
    const numel = sampleShape.reduce((a, b) => a * b, 1);
    const probs2d = this.probs.reshape(-1, this._numEvents);
    const samples2d = noGrad(() => T.multinomial(probs2d, numel, true)).T;
    return samples2d.reshape([...this._extendedShape(sampleShape)]);
  }

  /** @example new torch.distributions.Categorical(torch.ones(3)).logProb(torch.tensor(1)) */
  override logProb(value: Tensor): Tensor {
    if (this._validateArgs) this._validateSample(value);
    const v = value.long().unsqueeze(-1);
    const [vb, logPmf] = broadcastTensors(v, this.logits) as [Tensor, Tensor];
    const idx = vb.index(['...', slice(null, 1)]);
    return logPmf.gather(-1, idx).squeeze(-1);
  }

  /** @example new torch.distributions.Categorical(torch.ones(3)).entropy() */
  override entropy(): Tensor {
    const minReal = finfo(this.logits.dtype).min;
    const logits = T.clamp(this.logits, { min: minReal });
    return logits.mul(this.probs).sum(-1).neg();
  }

  /** @example new torch.distributions.Categorical(torch.ones(3)).enumerateSupport() */
  override enumerateSupport(expand = true): Tensor {
    let values = T.arange(this._numEvents, { dtype: 'int64', device: this._param.device });
    values = values.view([-1, ...this._batchShape.map(() => 1)]);
    if (expand) values = values.expand([-1, ...this._batchShape]);
    return values;
  }
}
export type { ProbsOptions };
