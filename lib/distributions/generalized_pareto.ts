// torch.distributions.GeneralizedPareto, as torch/distributions/generalized_pareto.py.
import type { Tensor } from '../tensor.js';
import * as T from '../generated/functions.js';
import { tensor } from '../creation.js';
import { broadcastTo } from '../generated/functions.js';
import * as constraints from './constraints.js';
import { Distribution, type DistributionOptions, validateOption } from './distribution.js';
import { allNumbers, broadcastAll, rdiv, rsub, type ParamLike } from './utils.js';

/**
 * The generalized Pareto distribution of `loc`, `scale` and `concentration`.
 * @example new torch.distributions.GeneralizedPareto(torch.tensor([0.1]), torch.tensor([2.0]), torch.tensor([0.4])).sample()
 */
export class GeneralizedPareto extends Distribution {
  loc!: Tensor;
  scale!: Tensor;
  concentration!: Tensor;
  constructor(loc: ParamLike, scale: ParamLike, concentration: ParamLike, options: DistributionOptions = {}) {
    super();
    [this.loc, this.scale, this.concentration] = broadcastAll(loc, scale, concentration) as [Tensor, Tensor, Tensor];
    this._init(allNumbers(loc, scale, concentration) ? [] : this.loc.shape, [], validateOption(new.target.name, options));
  }
  override get argConstraints(): Record<string, constraints.Constraint> { return { loc: constraints.real, scale: constraints.positive, concentration: constraints.real }; }
  override get hasRsample(): boolean { return true; }
  /** @example new torch.distributions.GeneralizedPareto(0, 1, 0.5).expand([3]) */
  override expand(batchShape: readonly number[]): GeneralizedPareto {
    const b = [...batchShape];
    return this._expanded(batchShape, (n) => { n.loc = this.loc.expand(b); n.scale = this.scale.expand(b); n.concentration = this.concentration.expand(b); });
  }
  /** @example new torch.distributions.GeneralizedPareto(0, 1, 0.5).rsample([2]) */
  override rsample(sampleShape: readonly number[] = []): Tensor {
    const u = T.rand([...this._extendedShape(sampleShape)], { dtype: this.loc.dtype, device: this.loc.device });
    return this.icdf(u);
  }
  private z(x: Tensor): Tensor { return x.sub(this.loc).div(this.scale); }
  /** @example new torch.distributions.GeneralizedPareto(0, 1, 0.5).logProb(torch.tensor(1)) */
  override logProb(value: Tensor): Tensor {
    if (this._validateArgs) this._validateSample(value);
    const z = this.z(value);
    const eqZero = T.isclose(this.concentration, tensor(0.0));
    const safe = T.where(eqZero, T.onesLike(this.concentration), this.concentration);
    const y = rdiv(1, safe).add(T.onesLike(z));
    const whereNonzero = T.where(y.eq(0), y, y.mul(T.log1p(safe.mul(z))));
    return this.scale.log().neg().sub(T.where(eqZero, z, whereNonzero));
  }
  /** The log of the survival function 1 - cdf. @example d.logSurvivalFunction(torch.tensor(1)) */
  logSurvivalFunction(value: Tensor): Tensor {
    if (this._validateArgs) this._validateSample(value);
    const z = this.z(value);
    const eqZero = T.isclose(this.concentration, tensor(0.0));
    const safe = T.where(eqZero, T.onesLike(this.concentration), this.concentration);
    const whereNonzero = T.log1p(safe.mul(z)).neg().div(safe);
    return T.where(eqZero, z.neg(), whereNonzero);
  }
  /** The log of the cdf. @example d.logCdf(torch.tensor(1)) */
  logCdf(value: Tensor): Tensor { return T.log1p(T.exp(this.logSurvivalFunction(value)).neg()); }
  /** @example new torch.distributions.GeneralizedPareto(0, 1, 0.5).cdf(torch.tensor(1)) */
  override cdf(value: Tensor): Tensor { return T.exp(this.logCdf(value)); }
  /** @example new torch.distributions.GeneralizedPareto(0, 1, 0.5).icdf(torch.tensor(0.5)) */
  override icdf(value: Tensor): Tensor {
    const c = this.concentration;
    const eqZero = T.isclose(c, T.zerosLike(c));
    const safe = T.where(eqZero, T.onesLike(c), c);
    const logu = T.log1p(value.neg());
    const whereNonzero = this.loc.add(this.scale.div(safe).mul(T.expm1(safe.neg().mul(logu))));
    const whereZero = this.loc.sub(this.scale.mul(logu));
    return T.where(eqZero, whereZero, whereNonzero);
  }
  override get mean(): Tensor {
    const valid = this.concentration.lt(1);
    const safe = T.where(valid, this.concentration, 0.5);
    return T.where(valid, this.loc.add(this.scale.div(rsub(1, safe))), NaN);
  }
  override get variance(): Tensor {
    const valid = this.concentration.lt(0.5);
    const safe = T.where(valid, this.concentration, 0.25);
    const result = this.scale.pow(2).div(rsub(1, safe).pow(2).mul(rsub(1, safe.mul(2))));
    return T.where(valid, result, NaN);
  }
  /** @example new torch.distributions.GeneralizedPareto(0, 1, 0.5).entropy() */
  override entropy(): Tensor { return broadcastTo(T.log(this.scale).add(this.concentration).add(1), [...this._batchShape]); }
  override get mode(): Tensor { return this.loc; }
  override get support(): constraints.Constraint {
    const lower = this.loc;
    const upper = T.where(this.concentration.lt(0), lower.sub(this.scale.div(this.concentration)), Infinity);
    return constraints.interval(lower, upper);
  }
}
