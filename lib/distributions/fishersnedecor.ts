// torch.distributions.FisherSnedecor, as torch/distributions/fishersnedecor.py.
import type { Tensor } from '../tensor.js';
import * as T from '../generated/functions.js';
import { finfo } from '../type_info.js';
import * as constraints from './constraints.js';
import { Distribution, type DistributionOptions, validateOption } from './distribution.js';
import { Gamma } from './gamma.js';
import { allNumbers, broadcastAll, type ParamLike } from './utils.js';

/**
 * The Fisher–Snedecor (F) distribution of `df1` and `df2` degrees of freedom.
 * @example new torch.distributions.FisherSnedecor(torch.tensor([1.0]), torch.tensor([2.0])).sample()
 */
export class FisherSnedecor extends Distribution {
  df1!: Tensor;
  df2!: Tensor;
  /** @internal */ _gamma1!: Gamma;
  /** @internal */ _gamma2!: Gamma;
  constructor(df1: ParamLike, df2: ParamLike, options: DistributionOptions = {}) {
    super();
    [this.df1, this.df2] = broadcastAll(df1, df2) as [Tensor, Tensor];
    this._gamma1 = new Gamma(this.df1.mul(0.5), this.df1);
    this._gamma2 = new Gamma(this.df2.mul(0.5), this.df2);
    this._init(allNumbers(df1, df2) ? [] : this.df1.shape, [], validateOption(new.target.name, options));
  }
  override get argConstraints(): Record<string, constraints.Constraint> { return { df1: constraints.positive, df2: constraints.positive }; }
  override get support(): constraints.Constraint { return constraints.positive; }
  override get hasRsample(): boolean { return true; }
  /** @example new torch.distributions.FisherSnedecor(1, 2).expand([3]) */
  override expand(batchShape: readonly number[]): FisherSnedecor {
    const b = [...batchShape];
    return this._expanded(batchShape, (n) => {
      n.df1 = this.df1.expand(b); n.df2 = this.df2.expand(b); n._gamma1 = this._gamma1.expand(b); n._gamma2 = this._gamma2.expand(b);
    });
  }
  override get mean(): Tensor {
    const df2 = this.df2.clone({ memoryFormat: 'contiguous_format' });
    df2.indexPut_([df2.le(2)], NaN);
    return df2.div(df2.sub(2));
  }
  override get mode(): Tensor {
    const mode = this.df1.sub(2).div(this.df1).mul(this.df2).div(this.df2.add(2));
    mode.indexPut_([this.df1.le(2)], NaN);
    return mode;
  }
  override get variance(): Tensor {
    const df2 = this.df2.clone({ memoryFormat: 'contiguous_format' });
    df2.indexPut_([df2.le(4)], NaN);
    return df2.pow(2).mul(2).mul(this.df1.add(df2).sub(2)).div(this.df1.mul(df2.sub(2).pow(2)).mul(df2.sub(4)));
  }
  /** @example new torch.distributions.FisherSnedecor(1, 2).rsample([2]) */
  override rsample(sampleShape: readonly number[] = []): Tensor {
    const shape = [...this._extendedShape(sampleShape)];
    const X1 = this._gamma1.rsample(sampleShape).view(shape);
    const X2 = this._gamma2.rsample(sampleShape).view(shape);
    const tiny = finfo(X2.dtype).tiny;
    X2.clamp_({ min: tiny });
    const Y = X1.div(X2);
    Y.clamp_({ min: tiny });
    return Y;
  }
  /** @example new torch.distributions.FisherSnedecor(1, 2).logProb(torch.tensor(1)) */
  override logProb(value: Tensor): Tensor {
    if (this._validateArgs) this._validateSample(value);
    const ct1 = this.df1.mul(0.5);
    const ct2 = this.df2.mul(0.5);
    const ct3 = this.df1.div(this.df2);
    const t1 = ct1.add(ct2).lgamma().sub(ct1.lgamma()).sub(ct2.lgamma());
    const t2 = ct1.mul(ct3.log()).add(ct1.sub(1).mul(T.log(value)));
    const t3 = ct1.add(ct2).mul(T.log1p(ct3.mul(value)));
    return t1.add(t2).sub(t3);
  }
}
