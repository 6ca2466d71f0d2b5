// torch.distributions.StudentT, as torch/distributions/studentT.py.
import type { Tensor } from '../tensor.js';
import * as T from '../generated/functions.js';
import * as constraints from './constraints.js';
import { Distribution, type DistributionOptions, validateOption } from './distribution.js';
import { Chi2 } from './chi2.js';
import { broadcastAll, standardNormal, type ParamLike } from './utils.js';

const LGAMMA_HALF = 0.5723649429247001; // math.lgamma(0.5) = log(sqrt(pi))

/**
 * Student's t-distribution of `df` degrees of freedom, `loc` and `scale`.
 * @example new torch.distributions.StudentT(torch.tensor([2.0])).sample()
 */
export class StudentT extends Distribution {
  df!: Tensor;
  loc!: Tensor;
  scale!: Tensor;
  /** @internal */ _chi2!: Chi2;
  constructor(df: ParamLike, loc: ParamLike = 0.0, scale: ParamLike = 1.0, options: DistributionOptions = {}) {
    super();
    [this.df, this.loc, this.scale] = broadcastAll(df, loc, scale) as [Tensor, Tensor, Tensor];
    this._chi2 = new Chi2(this.df);
    this._init(this.df.shape, [], validateOption(new.target.name, options));
  }
  override get argConstraints(): Record<string, constraints.Constraint> { return { df: constraints.positive, loc: constraints.real, scale: constraints.positive }; }
  override get support(): constraints.Constraint { return constraints.real; }
  override get hasRsample(): boolean { return true; }
  override get mean(): Tensor {
    const m = this.loc.clone({ memoryFormat: 'contiguous_format' });
    m.indexPut_([this.df.le(1)], NaN);
    return m;
  }
  override get mode(): Tensor { return this.loc; }
  override get variance(): Tensor {
    const m = this.df.clone({ memoryFormat: 'contiguous_format' });
    const gt2 = this.df.gt(2);
    m.indexPut_([gt2], this.scale.index([gt2]).pow(2).mul(this.df.index([gt2])).div(this.df.index([gt2]).sub(2)));
    m.indexPut_([this.df.le(2).logicalAnd(this.df.gt(1))], Infinity);
    m.indexPut_([this.df.le(1)], NaN);
    return m;
  }
  /** @example new torch.distributions.StudentT(2).expand([3]) */
  override expand(batchShape: readonly number[]): StudentT {
    const b = [...batchShape];
    return this._expanded(batchShape, (n) => {
      n.df = this.df.expand(b); n.loc = this.loc.expand(b); n.scale = this.scale.expand(b); n._chi2 = this._chi2.expand(b);
    });
  }
  /** @example new torch.distributions.StudentT(2).rsample([2]) */
  override rsample(sampleShape: readonly number[] = []): Tensor {
    const shape = this._extendedShape(sampleShape);
    const X = standardNormal(shape, this.df.dtype, this.df.device);
    const Z = this._chi2.rsample(sampleShape);
    const Y = X.mul(T.rsqrt(Z.div(this.df)));
    return this.loc.add(this.scale.mul(Y));
  }
  /** @example new torch.distributions.StudentT(2).logProb(torch.tensor(1)) */
  override logProb(value: Tensor): Tensor {
    if (this._validateArgs) this._validateSample(value);
    const y = value.sub(this.loc).div(this.scale);
    const Z = this.scale.log().add(this.df.log().mul(0.5)).add(0.5 * Math.log(Math.PI)).add(T.lgamma(this.df.mul(0.5))).sub(T.lgamma(this.df.add(1.0).mul(0.5)));
    return this.df.add(1.0).mul(-0.5).mul(T.log1p(y.pow(2.0).div(this.df))).sub(Z);
  }
  /** @example new torch.distributions.StudentT(2).entropy() */
  override entropy(): Tensor {
    const lbeta = T.lgamma(this.df.mul(0.5)).add(LGAMMA_HALF).sub(T.lgamma(this.df.add(1).mul(0.5)));
    return this.scale.log()
      .add(this.df.add(1).mul(0.5).mul(T.digamma(this.df.add(1).mul(0.5)).sub(T.digamma(this.df.mul(0.5)))))
      .add(this.df.log().mul(0.5)).add(lbeta);
  }
}
