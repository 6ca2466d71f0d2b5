// torch.distributions.ContinuousBernoulli, as torch/distributions/continuous_bernoulli.py.
import type { Tensor } from '../tensor.js';
import * as T from '../generated/functions.js';
import { special } from '../generated/namespaces.js';
import { noGrad } from '../autograd/grad_mode.js';
import { binaryCrossEntropyWithLogits } from '../nn/functional/loss.js';
import * as constraints from './constraints.js';
import { ExponentialFamily } from './exp_family.js';
import { broadcastAll, clampProbs, logitsToProbs, parseParams, probsToLogits, probsXorLogits, rdiv, rsub, type ParamLike, lazyValue } from './utils.js';

/** Options of ContinuousBernoulli. */
export interface ContinuousBernoulliOptions {
  probs?: ParamLike;
  logits?: ParamLike;
  /** The interval around 0.5 where Taylor expansions replace the unstable formulas (default [0.499, 0.501]). */
  lims?: [number, number];
  validateArgs?: boolean;
}

const LAZY = ['probs', 'logits'] as const;

/**
 * The continuous Bernoulli distribution on [0, 1] of `probs` (or `logits`).
 * @example new torch.distributions.ContinuousBernoulli(torch.tensor([0.3])).sample()
 */
export class ContinuousBernoulli extends ExponentialFamily {
  /** @internal */ _probs?: Tensor;
  /** @internal */ _logits?: Tensor;
  /** @internal */ _param!: Tensor;
  /** @internal */ _lims!: [number, number];

  constructor(probs?: ParamLike | ContinuousBernoulliOptions, logits?: ParamLike | ContinuousBernoulliOptions, lims?: [number, number] | ContinuousBernoulliOptions, options?: ContinuousBernoulliOptions) {
    super();
    const p = parseParams('ContinuousBernoulli', ['probs', 'logits', 'lims'], [probs, logits, lims, options].filter((a) => a !== undefined));
    probsXorLogits(p);
    const validateArgs = p['validateArgs'] as boolean | undefined;
    let isScalar: boolean;
    if (p['probs'] !== undefined) {
      isScalar = typeof p['probs'] === 'number';
      let [pr] = broadcastAll(p['probs'] as ParamLike) as [Tensor];
      if (validateArgs !== undefined && !constraints.unitInterval.check(pr).all().item()) throw new RangeError('The parameter probs has invalid values');
      pr = clampProbs(pr);
      this._probs = pr;
      this._param = pr;
    } else {
      isScalar = typeof p['logits'] === 'number';
      [this._logits] = broadcastAll(p['logits'] as ParamLike) as [Tensor];
      this._param = this._logits;
    }
    this._lims = (p['lims'] as [number, number] | undefined) ?? [0.499, 0.501];
    this._init(isScalar ? [] : this._param.shape, [], validateArgs);
  }

  protected override _lazyParams(): readonly string[] { return LAZY; }
  protected override _isLazyUnset(param: string): boolean {
    return (param === 'probs' && this._probs === undefined) || (param === 'logits' && this._logits === undefined);
  }
  get probs(): Tensor { return (this._probs ??= lazyValue(() => clampProbs(logitsToProbs(this._logits!, true)))); }
  get logits(): Tensor { return (this._logits ??= lazyValue(() => probsToLogits(this._probs!, true))); }
  get paramShape(): number[] { return this._param.shape; }

  override get argConstraints(): Record<string, constraints.Constraint> { return { probs: constraints.unitInterval, logits: constraints.real }; }
  override get support(): constraints.Constraint { return constraints.unitInterval; }
  override get hasRsample(): boolean { return true; }
  override get _meanCarrierMeasure(): number { return 0; }

  /** @example new torch.distributions.ContinuousBernoulli(0.3).expand([3]) */
  override expand(batchShape: readonly number[]): ContinuousBernoulli {
    return this._expanded(batchShape, (n) => {
      const b = [...batchShape];
      n._lims = this._lims;
      n._probs = undefined; n._logits = undefined;
      if (this._probs !== undefined) { n._probs = this._probs.expand(b); n._param = n._probs; }
      if (this._logits !== undefined) { n._logits = this._logits.expand(b); n._param = n._logits; }
    });
  }

  private outsideUnstableRegion(): Tensor {
    return T.max(T.le(this.probs, this._lims[0]), T.gt(this.probs, this._lims[1]));
  }
  private cutProbs(): Tensor {
    return T.where(this.outsideUnstableRegion(), this.probs, T.onesLike(this.probs).mul(this._lims[0]));
  }
  /** @internal */
  _contBernLogNorm(): Tensor {
    const cut = this.cutProbs();
    const below = T.where(T.le(cut, 0.5), cut, T.zerosLike(cut));
    const above = T.where(T.ge(cut, 0.5), cut, T.onesLike(cut));
    const logNorm = T.log(T.abs(T.log1p(cut.neg()).sub(T.log(cut)))).sub(T.where(T.le(cut, 0.5), T.log1p(below.mul(-2.0)), T.log(above.mul(2.0).sub(1.0))));
    const x = T.pow(this.probs.sub(0.5), 2);
    const taylor = x.mul(104.0 / 45.0).add(4.0 / 3.0).mul(x).add(Math.log(2.0));
    return T.where(this.outsideUnstableRegion(), logNorm, taylor);
  }
  override get mean(): Tensor {
    const cut = this.cutProbs();
    const mus = cut.div(cut.mul(2.0).sub(1.0)).add(rdiv(1.0, T.log1p(cut.neg()).sub(T.log(cut))));
    const x = this.probs.sub(0.5);
    const taylor = T.pow(x, 2).mul(16.0 / 45.0).add(1.0 / 3.0).mul(x).add(0.5);
    return T.where(this.outsideUnstableRegion(), mus, taylor);
  }
  override get stddev(): Tensor { return T.sqrt(this.variance); }
  override get variance(): Tensor {
    const cut = this.cutProbs();
    const vars = cut.mul(cut.sub(1.0)).div(T.pow(rsub(1.0, cut.mul(2.0)), 2)).add(rdiv(1.0, T.pow(T.log1p(cut.neg()).sub(T.log(cut)), 2)));
    const x = T.pow(this.probs.sub(0.5), 2);
    const taylor = rsub(1.0 / 12.0, rsub(1.0 / 15.0, x.mul(128.0 / 945.0)).mul(x));
    return T.where(this.outsideUnstableRegion(), vars, taylor);
  }

  /** @example new torch.distributions.ContinuousBernoulli(0.3).sample([2]) */
  override sample(sampleShape: readonly number[] = []): Tensor {
    const shape = this._extendedShape(sampleShape);
    const u = T.rand([...shape], { dtype: this.probs.dtype, device: this.probs.device });
    return noGrad(() => this.icdf(u));
  }
  /** @example new torch.distributions.ContinuousBernoulli(0.3).rsample([2]) */
  override rsample(sampleShape: readonly number[] = []): Tensor {
    const shape = this._extendedShape(sampleShape);
    const u = T.rand([...shape], { dtype: this.probs.dtype, device: this.probs.device });
    return this.icdf(u);
  }
  /** @example new torch.distributions.ContinuousBernoulli(0.3).logProb(torch.tensor(0.5)) */
  override logProb(value: Tensor): Tensor {
    if (this._validateArgs) this._validateSample(value);
    const [logits, v] = broadcastAll(this.logits, value) as [Tensor, Tensor];
    return binaryCrossEntropyWithLogits(logits, v, { reduction: 'none' }).neg().add(this._contBernLogNorm());
  }
  /** @example new torch.distributions.ContinuousBernoulli(0.3).cdf(torch.tensor(0.5)) */
  override cdf(value: Tensor): Tensor {
    if (this._validateArgs) this._validateSample(value);
    const cut = this.cutProbs();
    const cdfs = T.pow(cut, value).mul(T.pow(rsub(1.0, cut), rsub(1.0, value))).add(cut).sub(1.0).div(cut.mul(2.0).sub(1.0));
    const unbounded = T.where(this.outsideUnstableRegion(), cdfs, value);
    return T.where(T.le(value, 0.0), T.zerosLike(value), T.where(T.ge(value, 1.0), T.onesLike(value), unbounded));
  }
  /** @example new torch.distributions.ContinuousBernoulli(0.3).icdf(torch.tensor(0.5)) */
  override icdf(value: Tensor): Tensor {
    const cut = this.cutProbs();
    return T.where(
      this.outsideUnstableRegion(),
      T.log1p(cut.neg().add(value.mul(cut.mul(2.0).sub(1.0)))).sub(T.log1p(cut.neg())).div(T.log(cut).sub(T.log1p(cut.neg()))),
      value,
    );
  }
  /** @example new torch.distributions.ContinuousBernoulli(0.3).entropy() */
  override entropy(): Tensor {
    const lp0 = T.log1p(this.probs.neg());
    const lp1 = T.log(this.probs);
    return this.mean.mul(lp0.sub(lp1)).sub(this._contBernLogNorm()).sub(lp0);
  }
  override get _naturalParams(): Tensor[] { return [this.logits]; }
  override _logNormalizer(x: Tensor): Tensor {
    const out = T.max(T.le(x, this._lims[0] - 0.5), T.gt(x, this._lims[1] - 0.5));
    const cut = T.where(out, x, T.onesLike(x).mul(this._lims[0] - 0.5));
    const logNorm = T.log(T.abs(special.expm1(cut))).sub(T.log(T.abs(cut)));
    const taylor = x.mul(0.5).add(T.pow(x, 2).div(24.0)).sub(T.pow(x, 4).div(2880.0));
    return T.where(out, logNorm, taylor);
  }
}
