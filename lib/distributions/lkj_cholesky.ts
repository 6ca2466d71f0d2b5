// torch.distributions.LKJCholesky, as torch/distributions/lkj_cholesky.py (the onion method).
import type { Tensor } from '../tensor.js';
import * as T from '../generated/functions.js';
import { finfo } from '../type_info.js';
import { slice } from '../indexing.js';
import * as constraints from './constraints.js';
import { Distribution, type DistributionOptions, validateOption } from './distribution.js';
import { Beta } from './beta.js';
import { broadcastAll, rsub, type ParamLike } from './utils.js';

/**
 * The LKJ distribution over Cholesky factors of `dim` x `dim` correlation matrices.
 * @example new torch.distributions.LKJCholesky(3, 0.5).sample()
 */
export class LKJCholesky extends Distribution {
  dim!: number;
  concentration!: Tensor;
  /** @internal */ _beta!: Beta;
  constructor(dim: number, concentration: ParamLike = 1.0, options: DistributionOptions = {}) {
    super();
    if (!Number.isInteger(dim) || dim < 2) throw new RangeError(`Expected dim to be an integer greater than or equal to 2. Found dim=${dim}.`);
    this.dim = dim;
    [this.concentration] = broadcastAll(concentration) as [Tensor];
    const marginalConc = this.concentration.add(0.5 * (dim - 2));
    let offset = T.arange(dim - 1, { dtype: this.concentration.dtype, device: this.concentration.device });
    offset = T.cat([offset.newZeros([1]), offset]);
    const betaConc1 = offset.add(0.5);
    const betaConc0 = marginalConc.unsqueeze(-1).sub(offset.mul(0.5));
    this._beta = new Beta(betaConc1, betaConc0);
    this._init(this.concentration.shape, [dim, dim], validateOption(new.target.name, options));
  }
  override get argConstraints(): Record<string, constraints.Constraint> { return { concentration: constraints.positive }; }
  override get support(): constraints.Constraint { return constraints.corrCholesky; }
  /** @example new torch.distributions.LKJCholesky(3, 0.5).expand([2]) */
  override expand(batchShape: readonly number[]): LKJCholesky {
    return this._expanded(batchShape, (n) => {
      n.dim = this.dim;
      n.concentration = this.concentration.expand([...batchShape]);
      n._beta = this._beta.expand([...batchShape, this.dim]);
    });
  }
  /** @example new torch.distributions.LKJCholesky(3, 0.5).sample([2]) */
  override sample(sampleShape: readonly number[] = []): Tensor {
    const y = this._beta.sample(sampleShape).unsqueeze(-1);
    const uNormal = T.randn([...this._extendedShape(sampleShape)], { dtype: y.dtype, device: y.device }).tril(-1);
    const uHypersphere = uNormal.div(uNormal.norm({ dim: -1, keepdim: true }));
    uHypersphere.indexPut_(['...', 0, slice()], 0.0);
    let w = T.sqrt(y).mul(uHypersphere);
    const eps = finfo(w.dtype).tiny;
    const diagElems = T.clamp(rsub(1, T.sum(w.pow(2), -1)), { min: eps }).sqrt();
    w = w.add(T.diagEmbed(diagElems));
    return w;
  }
  /** @example new torch.distributions.LKJCholesky(2).logProb(torch.eye(2)) */
  override logProb(value: Tensor): Tensor {
    if (this._validateArgs) this._validateSample(value);
    const diagElems = value.diagonal({ dim1: -1, dim2: -2 }).index(['...', slice(1, null)]);
    let order = T.arange(2, this.dim + 1, { device: this.concentration.device });
    order = this.concentration.sub(1).unsqueeze(-1).mul(2).add(this.dim).sub(order);
    const unnormalized = T.sum(order.mul(diagElems.log()), -1);
    const dm1 = this.dim - 1;
    const alpha = this.concentration.add(0.5 * dm1);
    const denominator = T.lgamma(alpha).mul(dm1);
    const numerator = T.mvlgamma(alpha.sub(0.5), dm1);
    const piConstant = 0.5 * dm1 * Math.log(Math.PI);
    const normalizeTerm = numerator.add(piConstant).sub(denominator);
    return unnormalized.sub(normalizeTerm);
  }
}
