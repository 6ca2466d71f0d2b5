// torch.distributions.LowRankMultivariateNormal, as torch/distributions/lowrank_multivariate_normal.py.
import { Tensor } from '../tensor.js';
import * as T from '../generated/functions.js';
import { linalg } from '../generated/namespaces.js';
import { broadcastTensors } from '../functional.js';
import * as constraints from './constraints.js';
import { Distribution, type DistributionOptions, validateOption } from './distribution.js';
import { batchMahalanobis, batchMv } from './multivariate_normal.js';
import { sameShape, standardNormal } from './utils.js';

function addIdentity(K: Tensor): Tensor {
  const m = K.size(-1);
  return K.add(T.eye(m, { dtype: K.dtype, device: K.device }));
}

/** @internal */
export function batchCapacitanceTril(W: Tensor, D: Tensor): Tensor {
  const WtDinv = W.mT.div(D.unsqueeze(-2));
  return linalg.cholesky(addIdentity(T.matmul(WtDinv, W).contiguous()));
}

/** @internal */
export function batchLowrankLogdet(_W: Tensor, D: Tensor, capacitanceTril: Tensor): Tensor {
  return capacitanceTril.diagonal({ dim1: -2, dim2: -1 }).log().sum(-1).mul(2).add(D.log().sum(-1));
}

/** @internal */
export function batchLowrankMahalanobis(W: Tensor, D: Tensor, x: Tensor, capacitanceTril: Tensor): Tensor {
  const WtDinv = W.mT.div(D.unsqueeze(-2));
  const WtDinvX = batchMv(WtDinv, x);
  const term1 = x.pow(2).div(D).sum(-1);
  const term2 = batchMahalanobis(capacitanceTril, WtDinvX);
  return term1.sub(term2);
}

/**
 * A multivariate normal whose covariance is covFactor @ covFactor.T + diag(covDiag).
 * @example new torch.distributions.LowRankMultivariateNormal(torch.zeros(2), torch.tensor([[1], [0]]), torch.ones(2)).sample()
 */
export class LowRankMultivariateNormal extends Distribution {
  loc!: Tensor;
  covFactor!: Tensor;
  covDiag!: Tensor;
  /** @internal */ _unbroadcastedCovFactor!: Tensor;
  /** @internal */ _unbroadcastedCovDiag!: Tensor;
  /** @internal */ _capacitanceTril!: Tensor;

  constructor(loc: Tensor, covFactor: Tensor, covDiag: Tensor, options: DistributionOptions = {}) {
    super();
    if (loc.dim() < 1) throw new RangeError('loc must be at least one-dimensional.');
    const eventShape = loc.shape.slice(-1);
    if (covFactor.dim() < 2) throw new RangeError('cov_factor must be at least two-dimensional, with optional leading batch dimensions');
    if (!sameShape(covFactor.shape.slice(-2, -1), eventShape)) throw new RangeError(`cov_factor must be a batch of matrices with shape ${eventShape[0]} x m`);
    if (!sameShape(covDiag.shape.slice(-1), eventShape)) throw new RangeError(`cov_diag must be a batch of vectors with shape torch.Size([${eventShape.join(', ')}])`);
    let loc_: Tensor; let covDiag_: Tensor;
    try {
      [loc_, this.covFactor, covDiag_] = broadcastTensors(loc.unsqueeze(-1), covFactor, covDiag.unsqueeze(-1)) as [Tensor, Tensor, Tensor];
    } catch {
      throw new RangeError(`Incompatible batch shapes: loc ${String(loc.size())}, cov_factor ${String(covFactor.size())}, cov_diag ${String(covDiag.size())}`);
    }
    this.loc = loc_.index(['...', 0]);
    this.covDiag = covDiag_.index(['...', 0]);
    this._unbroadcastedCovFactor = covFactor;
    this._unbroadcastedCovDiag = covDiag;
    this._capacitanceTril = batchCapacitanceTril(covFactor, covDiag);
    this._init(this.loc.shape.slice(0, -1), eventShape, validateOption(new.target.name, options));
  }

  override get argConstraints(): Record<string, constraints.Constraint> {
    return { loc: constraints.realVector, covFactor: constraints.independent(constraints.real, 2), covDiag: constraints.independent(constraints.positive, 1) };
  }
  override get support(): constraints.Constraint { return constraints.realVector; }
  override get hasRsample(): boolean { return true; }

  /** @example d.expand([3]) */
  override expand(batchShape: readonly number[]): LowRankMultivariateNormal {
    const locShape = [...batchShape, ...this._eventShape];
    return this._expanded(batchShape, (n) => {
      n.loc = this.loc.expand(locShape);
      n.covDiag = this.covDiag.expand(locShape);
      n.covFactor = this.covFactor.expand([...locShape, this.covFactor.size(-1)]);
      n._unbroadcastedCovFactor = this._unbroadcastedCovFactor;
      n._unbroadcastedCovDiag = this._unbroadcastedCovDiag;
      n._capacitanceTril = this._capacitanceTril;
    });
  }

  private get fullShape(): number[] { return [...this._batchShape, ...this._eventShape, ...this._eventShape]; }
  override get mean(): Tensor { return this.loc; }
  override get mode(): Tensor { return this.loc; }
  override get variance(): Tensor {
    return this._unbroadcastedCovFactor.pow(2).sum(-1).add(this._unbroadcastedCovDiag).expand([...this._batchShape, ...this._eventShape]);
  }
  /** The lower Cholesky factor of the covariance. */
  get scaleTril(): Tensor {
    const sqrtU = this._unbroadcastedCovDiag.sqrt().unsqueeze(-1);
    const DW = this._unbroadcastedCovFactor.div(sqrtU);
    const K = addIdentity(T.matmul(DW, DW.mT).contiguous());
    return sqrtU.mul(linalg.cholesky(K)).expand(this.fullShape);
  }
  /** The covariance matrix. */
  get covarianceMatrix(): Tensor {
    return T.matmul(this._unbroadcastedCovFactor, this._unbroadcastedCovFactor.mT).add(T.diagEmbed(this._unbroadcastedCovDiag)).expand(this.fullShape);
  }
  /** The precision matrix. */
  get precisionMatrix(): Tensor {
    const WtDinv = this._unbroadcastedCovFactor.mT.div(this._unbroadcastedCovDiag.unsqueeze(-2));
    const A = linalg.solveTriangular(this._capacitanceTril, WtDinv, { upper: false });
    return T.diagEmbed(this._unbroadcastedCovDiag.reciprocal()).sub(A.mT.matmul(A)).expand(this.fullShape);
  }

  /** @example d.rsample([2]) */
  override rsample(sampleShape: readonly number[] = []): Tensor {
    const shape = this._extendedShape(sampleShape);
    const WShape = [...shape.slice(0, -1), this.covFactor.size(-1)];
    const epsW = standardNormal(WShape, this.loc.dtype, this.loc.device);
    const epsD = standardNormal(shape, this.loc.dtype, this.loc.device);
    return this.loc.add(batchMv(this._unbroadcastedCovFactor, epsW)).add(this._unbroadcastedCovDiag.sqrt().mul(epsD));
  }

  /** @example d.logProb(torch.zeros(2)) */
  override logProb(value: Tensor): Tensor {
    if (this._validateArgs) this._validateSample(value);
    const diff = value.sub(this.loc);
    const M = batchLowrankMahalanobis(this._unbroadcastedCovFactor, this._unbroadcastedCovDiag, diff, this._capacitanceTril);
    const logDet = batchLowrankLogdet(this._unbroadcastedCovFactor, this._unbroadcastedCovDiag, this._capacitanceTril);
    return logDet.add(this._eventShape[0]! * Math.log(2 * Math.PI)).add(M).mul(-0.5);
  }

  /** @example d.entropy() */
  override entropy(): Tensor {
    const logDet = batchLowrankLogdet(this._unbroadcastedCovFactor, this._unbroadcastedCovDiag, this._capacitanceTril);
    const H = logDet.add(this._eventShape[0]! * (1.0 + Math.log(2 * Math.PI))).mul(0.5);
    return this._batchShape.length === 0 ? H : H.expand([...this._batchShape]);
  }
}
