// torch.distributions.MultivariateNormal, as torch/distributions/multivariate_normal.py.
import { Tensor } from '../tensor.js';
import * as T from '../generated/functions.js';
import { linalg } from '../generated/namespaces.js';
import * as constraints from './constraints.js';
import { Distribution } from './distribution.js';
import { broadcastShape, parseParams, standardNormal, lazyValue } from './utils.js';

/** @internal Batched matrix-vector product. */
export function batchMv(bmat: Tensor, bvec: Tensor): Tensor {
  return T.matmul(bmat, bvec.unsqueeze(-1)).squeeze(-1);
}

/** @internal The squared Mahalanobis distance x^T (L L^T)^-1 x, batched as Python's _batch_mahalanobis. */
export function batchMahalanobis(bL: Tensor, bx0: Tensor): Tensor {
  let bx = bx0;
  const n = bx.size(-1);
  const bxBatchShape = bx.shape.slice(0, -1);
  const bxBatchDims = bxBatchShape.length;
  const bLBatchDims = bL.dim() - 2;
  const outer = bxBatchDims - bLBatchDims;
  const oldBatchDims = outer + bLBatchDims;
  const newBatchDims = outer + 2 * bLBatchDims;
  const newShape = bx.shape.slice(0, outer);
  const sLs = bL.shape.slice(0, -2);
  const sxs = bx.shape.slice(outer, -1);
  sLs.forEach((sL, i) => { newShape.push(Math.floor(sxs[i]! / sL), sL); });
  newShape.push(n);
  bx = bx.reshape(newShape);
  const range = (a: number, b: number, step = 1) => { const r: number[] = []; for (let i = a; i < b; i += step) r.push(i); return r; };
  const permuteDims = [...range(0, outer), ...range(outer, newBatchDims, 2), ...range(outer + 1, newBatchDims, 2), newBatchDims];
  bx = bx.permute(permuteDims);
  const flatL = bL.reshape(-1, n, n);
  const flatX = bx.reshape(-1, flatL.size(0), n);
  const flatXSwap = flatX.permute(1, 2, 0);
  const MSwap = linalg.solveTriangular(flatL, flatXSwap, { upper: false }).pow(2).sum(-2);
  const M = MSwap.t();
  const permutedM = M.reshape(bx.shape.slice(0, -1));
  const permuteInv = range(0, outer);
  for (let i = 0; i < bLBatchDims; i++) permuteInv.push(outer + i, oldBatchDims + i);
  return permutedM.permute(permuteInv).reshape(bxBatchShape);
}

/** @internal The lower Cholesky factor of the covariance from a precision matrix. */
export function precisionToScaleTril(P: Tensor): Tensor {
  const Lf = linalg.cholesky(T.flip(P, [-2, -1]));
  const LInv = T.transpose(T.flip(Lf, [-2, -1]), -2, -1);
  const Id = T.eye(P.shape[P.dim() - 1]!, { dtype: P.dtype, device: P.device });
  return linalg.solveTriangular(LInv, Id, { upper: false });
}

/** Options of MultivariateNormal: exactly one of covarianceMatrix, precisionMatrix, scaleTril. */
export interface MultivariateNormalOptions {
  covarianceMatrix?: Tensor;
  precisionMatrix?: Tensor;
  scaleTril?: Tensor;
  validateArgs?: boolean;
}

const LAZY = ['covarianceMatrix', 'precisionMatrix', 'scaleTril'] as const;

/**
 * The multivariate normal distribution of mean `loc` and a covariance given by
 * `covarianceMatrix`, `precisionMatrix` or `scaleTril` (lower Cholesky factor).
 * @example new torch.distributions.MultivariateNormal(torch.zeros(2), { covarianceMatrix: torch.eye(2) }).sample()
 */
export class MultivariateNormal extends Distribution {
  loc!: Tensor;
  /** @internal */ _unbroadcastedScaleTril!: Tensor;
  /** @internal */ _covarianceMatrix?: Tensor;
  /** @internal */ _precisionMatrix?: Tensor;
  /** @internal */ _scaleTril?: Tensor;

  constructor(loc: Tensor, covarianceMatrix?: Tensor | MultivariateNormalOptions, precisionMatrix?: Tensor | MultivariateNormalOptions, scaleTril?: Tensor | MultivariateNormalOptions, options?: MultivariateNormalOptions) {
    super();
    const p = parseParams('MultivariateNormal', ['covarianceMatrix', 'precisionMatrix', 'scaleTril'], [covarianceMatrix, precisionMatrix, scaleTril, options].filter((a) => a !== undefined));
    if (!(loc instanceof Tensor)) throw new TypeError('MultivariateNormal(loc): loc must be a Tensor');
    if (loc.dim() < 1) throw new RangeError('loc must be at least one-dimensional.');
    const cov = p['covarianceMatrix'] as Tensor | undefined;
    const prec = p['precisionMatrix'] as Tensor | undefined;
    const st = p['scaleTril'] as Tensor | undefined;
    if (Number(cov !== undefined) + Number(st !== undefined) + Number(prec !== undefined) !== 1) {
      throw new RangeError('Exactly one of covariance_matrix or precision_matrix or scale_tril may be specified.');
    }
    let batchShape: number[];
    if (st !== undefined) {
      if (st.dim() < 2) throw new RangeError('scale_tril matrix must be at least two-dimensional, with optional leading batch dimensions');
      batchShape = broadcastShape(st.shape.slice(0, -2), loc.shape.slice(0, -1));
      this._scaleTril = st.expand([...batchShape, -1, -1]);
    } else if (cov !== undefined) {
      if (cov.dim() < 2) throw new RangeError('covariance_matrix must be at least two-dimensional, with optional leading batch dimensions');
      batchShape = broadcastShape(cov.shape.slice(0, -2), loc.shape.slice(0, -1));
      this._covarianceMatrix = cov.expand([...batchShape, -1, -1]);
    } else {
      if (prec!.dim() < 2) throw new RangeError('precision_matrix must be at least two-dimensional, with optional leading batch dimensions');
      batchShape = broadcastShape(prec!.shape.slice(0, -2), loc.shape.slice(0, -1));
      this._precisionMatrix = prec!.expand([...batchShape, -1, -1]);
    }
    this.loc = loc.expand([...batchShape, -1]);
    this._init(batchShape, this.loc.shape.slice(-1), p['validateArgs'] as boolean | undefined);
    if (st !== undefined) this._unbroadcastedScaleTril = st;
    else if (cov !== undefined) this._unbroadcastedScaleTril = linalg.cholesky(cov);
    else this._unbroadcastedScaleTril = precisionToScaleTril(prec!);
  }

  protected override _lazyParams(): readonly string[] { return LAZY; }
  protected override _isLazyUnset(param: string): boolean {
    if (param === 'covarianceMatrix') return this._covarianceMatrix === undefined;
    if (param === 'precisionMatrix') return this._precisionMatrix === undefined;
    if (param === 'scaleTril') return this._scaleTril === undefined;
    return false;
  }
  private get fullShape(): number[] { return [...this._batchShape, ...this._eventShape, ...this._eventShape]; }
  /** The lower Cholesky factor of the covariance. */
  get scaleTril(): Tensor { return (this._scaleTril ??= lazyValue(() => this._unbroadcastedScaleTril.expand(this.fullShape))); }
  /** The covariance matrix. */
  get covarianceMatrix(): Tensor {
    return (this._covarianceMatrix ??= lazyValue(() => T.matmul(this._unbroadcastedScaleTril, this._unbroadcastedScaleTril.mT).expand(this.fullShape)));
  }
  /** The precision (inverse covariance) matrix. */
  get precisionMatrix(): Tensor {
    return (this._precisionMatrix ??= lazyValue(() => T.choleskyInverse(this._unbroadcastedScaleTril).expand(this.fullShape)));
  }

  override get argConstraints(): Record<string, constraints.Constraint> {
    return { loc: constraints.realVector, covarianceMatrix: constraints.positiveDefinite, precisionMatrix: constraints.positiveDefinite, scaleTril: constraints.lowerCholesky };
  }
  override get support(): constraints.Constraint { return constraints.realVector; }
  override get hasRsample(): boolean { return true; }

  /** @example new torch.distributions.MultivariateNormal(torch.zeros(2), { scaleTril: torch.eye(2) }).expand([3]) */
  override expand(batchShape: readonly number[]): MultivariateNormal {
    const locShape = [...batchShape, ...this._eventShape];
    const covShape = [...locShape, ...this._eventShape];
    return this._expanded(batchShape, (n) => {
      n.loc = this.loc.expand(locShape);
      n._unbroadcastedScaleTril = this._unbroadcastedScaleTril;
      n._covarianceMatrix = this._covarianceMatrix?.expand(covShape);
      n._scaleTril = this._scaleTril?.expand(covShape);
      n._precisionMatrix = this._precisionMatrix?.expand(covShape);
    });
  }

  override get mean(): Tensor { return this.loc; }
  override get mode(): Tensor { return this.loc; }
  override get variance(): Tensor { return this._unbroadcastedScaleTril.pow(2).sum(-1).expand([...this._batchShape, ...this._eventShape]); }

  /** @example new torch.distributions.MultivariateNormal(torch.zeros(2), { scaleTril: torch.eye(2) }).rsample([3]) */
  override rsample(sampleShape: readonly number[] = []): Tensor {
    const eps = standardNormal(this._extendedShape(sampleShape), this.loc.dtype, this.loc.device);
    return this.loc.add(batchMv(this._unbroadcastedScaleTril, eps));
  }

  /** @example new torch.distributions.MultivariateNormal(torch.zeros(2), { scaleTril: torch.eye(2) }).logProb(torch.zeros(2)) */
  override logProb(value: Tensor): Tensor {
    if (this._validateArgs) this._validateSample(value);
    const diff = value.sub(this.loc);
    const M = batchMahalanobis(this._unbroadcastedScaleTril, diff);
    const halfLogDet = this._unbroadcastedScaleTril.diagonal({ dim1: -2, dim2: -1 }).log().sum(-1);
    return M.add(this._eventShape[0]! * Math.log(2 * Math.PI)).mul(-0.5).sub(halfLogDet);
  }

  /** @example new torch.distributions.MultivariateNormal(torch.zeros(2), { scaleTril: torch.eye(2) }).entropy() */
  override entropy(): Tensor {
    const halfLogDet = this._unbroadcastedScaleTril.diagonal({ dim1: -2, dim2: -1 }).log().sum(-1);
    const H = halfLogDet.add(0.5 * this._eventShape[0]! * (1.0 + Math.log(2 * Math.PI)));
    return this._batchShape.length === 0 ? H : H.expand([...this._batchShape]);
  }
}
