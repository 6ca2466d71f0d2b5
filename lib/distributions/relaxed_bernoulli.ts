// torch.distributions.RelaxedBernoulli (and LogitRelaxedBernoulli), as
// torch/distributions/relaxed_bernoulli.py.
import type { Tensor } from '../tensor.js';
import * as T from '../generated/functions.js';
import * as constraints from './constraints.js';
import { Distribution } from './distribution.js';
import { SigmoidTransform } from './transforms.js';
import { DEFERRED, TransformedDistribution } from './transformed_distribution.js';
import { broadcastAll, clampProbs, logitsToProbs, parseParams, probsToLogits, probsXorLogits, type ParamLike, type ProbsOptions, lazyValue } from './utils.js';

const LAZY = ['probs', 'logits'] as const;

/**
 * The logit of a RelaxedBernoulli sample (the base distribution of RelaxedBernoulli).
 * @example new torch.distributions.LogitRelaxedBernoulli(torch.tensor(2.0), torch.tensor([0.3])).rsample()
 */
export class LogitRelaxedBernoulli extends Distribution {
  temperature!: Tensor;
  /** @internal */ _probs?: Tensor;
  /** @internal */ _logits?: Tensor;
  /** @internal */ _param!: Tensor;
  constructor(temperature: Tensor, probs?: ParamLike | ProbsOptions, logits?: ParamLike | ProbsOptions, options?: ProbsOptions) {
    super();
    this.temperature = temperature;
    const p = parseParams(new.target.name, ['probs', 'logits'], [probs, logits, options].filter((a) => a !== undefined));
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
  get probs(): Tensor { return (this._probs ??= lazyValue(() => logitsToProbs(this._logits!, true))); }
  get logits(): Tensor { return (this._logits ??= lazyValue(() => probsToLogits(this._probs!, true))); }
  get paramShape(): number[] { return this._param.shape; }
  override get argConstraints(): Record<string, constraints.Constraint> { return { probs: constraints.unitInterval, logits: constraints.real }; }
  override get support(): constraints.Constraint { return constraints.real; }
  /** @example d.expand([3]) */
  override expand(batchShape: readonly number[]): LogitRelaxedBernoulli {
    return this._expanded(batchShape, (n) => {
      const b = [...batchShape];
      n.temperature = this.temperature;
      n._probs = undefined; n._logits = undefined;
      if (this._probs !== undefined) { n._probs = this._probs.expand(b); n._param = n._probs; }
      if (this._logits !== undefined) { n._logits = this._logits.expand(b); n._param = n._logits; }
    });
  }
  /** @example d.rsample([2]) */
  override rsample(sampleShape: readonly number[] = []): Tensor {
    const shape = [...this._extendedShape(sampleShape)];
    const probs = clampProbs(this.probs.expand(shape));
    const uniforms = clampProbs(T.rand(shape, { dtype: probs.dtype, device: probs.device }));
    return uniforms.log().sub(uniforms.neg().log1p()).add(probs.log()).sub(probs.neg().log1p()).div(this.temperature);
  }
  /** @example d.logProb(torch.tensor(0.5)) */
  override logProb(value: Tensor): Tensor {
    if (this._validateArgs) this._validateSample(value);
    const [logits, v] = broadcastAll(this.logits, value) as [Tensor, Tensor];
    const diff = logits.sub(v.mul(this.temperature));
    return this.temperature.log().add(diff).sub(diff.exp().log1p().mul(2));
  }
}

/**
 * The relaxed Bernoulli (binary Concrete) distribution of `temperature` and `probs` (or `logits`).
 * @example new torch.distributions.RelaxedBernoulli(torch.tensor([2.2]), torch.tensor([0.1, 0.2, 0.3, 0.99])).rsample()
 */
export class RelaxedBernoulli extends TransformedDistribution {
  declare baseDist: LogitRelaxedBernoulli;
  constructor(temperature: Tensor, probs?: ParamLike | ProbsOptions, logits?: ParamLike | ProbsOptions, options?: ProbsOptions) {
    super(DEFERRED, []);
    const p = parseParams('RelaxedBernoulli', ['probs', 'logits'], [probs, logits, options].filter((a) => a !== undefined));
    const base = new LogitRelaxedBernoulli(temperature, { probs: p['probs'] as ParamLike | undefined, logits: p['logits'] as ParamLike | undefined });
    this._setup(base, new SigmoidTransform(), p['validateArgs'] as boolean | undefined);
  }
  override get argConstraints(): Record<string, constraints.Constraint> { return { probs: constraints.unitInterval, logits: constraints.real }; }
  override get support(): constraints.Constraint { return constraints.unitInterval; }
  override get hasRsample(): boolean { return true; }
  override expand(batchShape: readonly number[]): RelaxedBernoulli { return super.expand(batchShape) as RelaxedBernoulli; }
  get temperature(): Tensor { return this.baseDist.temperature; }
  get logits(): Tensor { return this.baseDist.logits; }
  get probs(): Tensor { return this.baseDist.probs; }
}
