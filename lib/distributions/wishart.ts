// torch.distributions.Wishart, as torch/distributions/wishart.py (Bartlett decomposition with
// Python's draws: Chi2 rsample, then randn for the lower triangle).
import { Tensor } from '../tensor.js';
import * as T from '../generated/functions.js';
import { linalg } from '../generated/namespaces.js';
import { tensor } from '../creation.js';
import { finfo } from '../type_info.js';
import * as constraints from './constraints.js';
import { ExponentialFamily } from './exp_family.js';
import { Chi2 } from './chi2.js';
import { precisionToScaleTril } from './multivariate_normal.js';
import { broadcastShape, parseParams, lazyValue } from './utils.js';

const LOG_2 = Math.log(2);

function mvdigamma(x: Tensor, p: number): Tensor {
  if (!x.gt((p - 1) / 2).all().item()) throw new RangeError('Wrong domain for multivariate digamma function.');
  return T.digamma(x.unsqueeze(-1).sub(T.arange(p, { dtype: x.dtype, device: x.device }).div(2).expand([...x.shape, -1]))).sum(-1);
}

function clampAboveEps(x: Tensor): Tensor {
  return x.clamp({ min: finfo(x.dtype).eps });
}

/** Options of Wishart: exactly one of covarianceMatrix, precisionMatrix, scaleTril. */
export interface WishartOptions {
  covarianceMatrix?: Tensor;
  precisionMatrix?: Tensor;
  scaleTril?: Tensor;
  validateArgs?: boolean;
}

const LAZY = ['covarianceMatrix', 'precisionMatrix', 'scaleTril'] as const;

/**
 * The Wishart distribution of `df` degrees of freedom and a scale matrix given by
 * `covarianceMatrix`, `precisionMatrix` or `scaleTril`.
 * @example new torch.distributions.Wishart(torch.tensor([4]), { covarianceMatrix: torch.eye(2) }).sample()
 */
export class Wishart extends ExponentialFamily {
  df!: Tensor;
  /** @internal */ _unbroadcastedScaleTril!: Tensor;
  /** @internal */ _covarianceMatrix?: Tensor;
  /** @internal */ _precisionMatrix?: Tensor;
  /** @internal */ _scaleTril?: Tensor;
  /** @internal */ _batchDims!: number[];
  /** @internal */ _distChi2!: Chi2;

  constructor(df: Tensor | number, covarianceMatrix?: Tensor | WishartOptions, precisionMatrix?: Tensor | WishartOptions, scaleTril?: Tensor | WishartOptions, options?: WishartOptions) {
    super();
    const p = parseParams('Wishart', ['covarianceMatrix', 'precisionMatrix', 'scaleTril'], [covarianceMatrix, precisionMatrix, scaleTril, options].filter((a) => a !== undefined));
    const cov = p['covarianceMatrix'] as Tensor | undefined;
    const prec = p['precisionMatrix'] as Tensor | undefined;
    const st = p['scaleTril'] as Tensor | undefined;
    if (Number(cov !== undefined) + Number(st !== undefined) + Number(prec !== undefined) !== 1) {
      throw new RangeError('Exactly one of covariance_matrix or precision_matrix or scale_tril may be specified.');
    }
    const param = (cov ?? prec ?? st)!;
    if (param.dim() < 2) throw new RangeError('scale_tril must be at least two-dimensional, with optional leading batch dimensions');
    let batchShape: number[];
    if (typeof df === 'number') {
      batchShape = param.shape.slice(0, -2);
      this.df = tensor(df, { dtype: param.dtype, device: param.device });
    } else {
      batchShape = broadcastShape(param.shape.slice(0, -2), df.shape);
      this.df = df.expand(batchShape);
    }
    const eventShape = param.shape.slice(-2);
    const n = eventShape[1]!;
    if (this.df.le(n - 1).any().item()) {
      throw new RangeError(`Value of df=${String(df)} expected to be greater than ndim - 1 = ${n - 1}.`);
    }
    if (st !== undefined) this._scaleTril = param.expand([...batchShape, -1, -1]);
    else if (cov !== undefined) this._covarianceMatrix = param.expand([...batchShape, -1, -1]);
    else this._precisionMatrix = param.expand([...batchShape, -1, -1]);
    if (this.df.lt(n).any().item()) {
      process.emitWarning('Low df values detected. Singular samples are highly likely to occur for ndim - 1 < df < ndim.', 'UserWarning');
    }
    this._init(batchShape, eventShape, p['validateArgs'] as boolean | undefined);
    this._batchDims = this._batchShape.map((_, x) => -(x + 1));
    if (st !== undefined) this._unbroadcastedScaleTril = st;
    else if (cov !== undefined) this._unbroadcastedScaleTril = linalg.cholesky(cov);
    else this._unbroadcastedScaleTril = precisionToScaleTril(prec!);
    this._distChi2 = this.makeChi2(this.df, batchShape);
  }

  private makeChi2(df: Tensor, batchShape: readonly number[]): Chi2 {
    const L = this._unbroadcastedScaleTril;
    return new Chi2(df.unsqueeze(-1).sub(T.arange(this._eventShape[1]!, { dtype: L.dtype, device: L.device }).expand([...batchShape, -1])));
  }

  protected override _lazyParams(): readonly string[] { return LAZY; }
  protected override _isLazyUnset(param: string): boolean {
    if (param === 'covarianceMatrix') return this._covarianceMatrix === undefined;
    if (param === 'precisionMatrix') return this._precisionMatrix === undefined;
    if (param === 'scaleTril') return this._scaleTril === undefined;
    return false;
  }

  override get argConstraints(): Record<string, constraints.Constraint> {
    return {
      covarianceMatrix: constraints.positiveDefinite, precisionMatrix: constraints.positiveDefinite,
      scaleTril: constraints.lowerCholesky, df: constraints.greaterThan(this._eventShape[1]! - 1),
    };
  }
  override get support(): constraints.Constraint { return constraints.positiveDefinite; }
  override get hasRsample(): boolean { return true; }
  override get _meanCarrierMeasure(): number { return 0; }

  /** @example d.expand([3]) */
  override expand(batchShape: readonly number[]): Wishart {
    const covShape = [...batchShape, ...this._eventShape];
    return this._expanded(batchShape, (n) => {
      n._unbroadcastedScaleTril = this._unbroadcastedScaleTril.expand(covShape);
      n.df = this.df.expand([...batchShape]);
      n._batchDims = batchShape.map((_, x) => -(x + 1));
      n._covarianceMatrix = this._covarianceMatrix?.expand(covShape);
      n._scaleTril = this._scaleTril?.expand(covShape);
      n._precisionMatrix = this._precisionMatrix?.expand(covShape);
      n._eventShape = this._eventShape;
      n._distChi2 = n.makeChi2(n.df, batchShape);
    });
  }

  private get fullShape(): number[] { return [...this._batchShape, ...this._eventShape]; }
  get scaleTril(): Tensor { return (this._scaleTril ??= lazyValue(() => this._unbroadcastedScaleTril.expand(this.fullShape))); }
  get covarianceMatrix(): Tensor {
    return (this._covarianceMatrix ??= lazyValue(() => this._unbroadcastedScaleTril.matmul(this._unbroadcastedScaleTril.transpose(-2, -1)).expand(this.fullShape)));
  }
  get precisionMatrix(): Tensor {
    const L = this._unbroadcastedScaleTril;
    const identity = T.eye(this._eventShape[1]!, { device: L.device, dtype: L.dtype });
    return (this._precisionMatrix ??= lazyValue(() => T.choleskySolve(identity, L).expand(this.fullShape)));
  }
  private dfView(): Tensor { return this.df.view([...this._batchShape, 1, 1]); }
  override get mean(): Tensor { return this.dfView().mul(this.covarianceMatrix); }
  override get mode(): Tensor {
    const factor = this.df.sub(this.covarianceMatrix.size(-1)).sub(1);
    factor.indexPut_([factor.le(0)], NaN);
    return factor.view([...this._batchShape, 1, 1]).mul(this.covarianceMatrix);
  }
  override get variance(): Tensor {
    const V = this.covarianceMatrix;
    const d = V.diagonal({ dim1: -2, dim2: -1 });
    return this.dfView().mul(V.pow(2).add(T.einsum('...i,...j->...ij', [d, d])));
  }

  private bartlettSampling(sampleShape: readonly number[]): Tensor {
    const p = this._eventShape[1]!;
    const noise = clampAboveEps(this._distChi2.rsample(sampleShape).sqrt()).diagEmbed({ dim1: -2, dim2: -1 });
    const ij = T.trilIndices(p, p, -1);
    const [i, j] = [ij.select(0, 0), ij.select(0, 1)];
    noise.indexPut_(['...', i, j], T.randn([...sampleShape, ...this._batchShape, Math.trunc((p * (p - 1)) / 2)], { dtype: noise.dtype, device: noise.device }));
    const chol = this._unbroadcastedScaleTril.matmul(noise);
    return chol.matmul(chol.transpose(-2, -1));
  }

  /** @example new torch.distributions.Wishart(3, { covarianceMatrix: torch.eye(2) }).rsample([2]) */
  override rsample(sampleShape: readonly number[] = [], maxTryCorrection = 10): Tensor {
    const sample = this.bartlettSampling(sampleShape);
    let isSingular = this.support.check(sample);
    if (this._batchShape.length) isSingular = isSingular.amax(this._batchDims);
    if (isSingular.any().item()) {
      process.emitWarning('Singular sample detected.', 'UserWarning');
      for (let k = 0; k < maxTryCorrection; k++) {
        const sampleNew = this.bartlettSampling(isSingular.index([isSingular]).shape);
        sample.indexPut_([isSingular], sampleNew);
        let isSingularNew = this.support.check(sampleNew).logicalNot();
        if (this._batchShape.length) isSingularNew = isSingularNew.amax(this._batchDims);
        isSingular.indexPut_([isSingular.clone()], isSingularNew);
        if (!isSingular.any().item()) break;
      }
    }
    return sample;
  }

  /** @example d.logProb(torch.eye(2)) */
  override logProb(value: Tensor): Tensor {
    if (this._validateArgs) this._validateSample(value);
    const nu = this.df;
    const p = this._eventShape[1]!;
    const L = this._unbroadcastedScaleTril;
    return nu.neg().mul(L.diagonal({ dim1: -2, dim2: -1 }).log().sum(-1).add((p * LOG_2) / 2))
      .sub(T.mvlgamma(nu.div(2), p))
      .add(nu.sub(p).sub(1).div(2).mul(linalg.slogdet(value).logabsdet))
      .sub(T.choleskySolve(value, L).diagonal({ dim1: -2, dim2: -1 }).sum(-1).div(2));
  }

  /** @example d.entropy() */
  override entropy(): Tensor {
    const nu = this.df;
    const p = this._eventShape[1]!;
    const L = this._unbroadcastedScaleTril;
    return L.diagonal({ dim1: -2, dim2: -1 }).log().sum(-1).add((p * LOG_2) / 2).mul(p + 1)
      .add(T.mvlgamma(nu.div(2), p))
      .sub(nu.sub(p).sub(1).div(2).mul(mvdigamma(nu.div(2), p)))
      .add(nu.mul(p).div(2));
  }

  override get _naturalParams(): Tensor[] {
    const p = this._eventShape[1]!;
    return [this.precisionMatrix.neg().div(2), this.df.sub(p).sub(1).div(2)];
  }
  override _logNormalizer(x: Tensor, y: Tensor): Tensor {
    const p = this._eventShape[1]!;
    return y.add((p + 1) / 2).mul(linalg.slogdet(x.mul(-2)).logabsdet.neg().add(LOG_2 * p)).add(T.mvlgamma(y.add((p + 1) / 2), p));
  }
}
