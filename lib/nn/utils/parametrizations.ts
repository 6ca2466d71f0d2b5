// nn.utils.parametrizations: orthogonal, weightNorm and spectralNorm as parametrizations, as
// torch/nn/utils/parametrizations.py (the same random draws and numbers for the same seed).
import { Tensor } from '../../tensor.js';
import { Module } from '../modules/module.js';
import { ConvTranspose1d, ConvTranspose2d, ConvTranspose3d } from '../modules/conv.js';
import { normalize } from '../functional/normalization.js';
import { noGrad } from '../../autograd/grad_mode.js';
import { ops } from '../../ops_namespace.js';
import * as fns from '../../generated/functions.js';
import { linalg } from '../../generated/namespaces.js';
import { finfo } from '../../type_info.js';
import { pySize } from '../_utils.js';
import { argTypeError, checkBool, checkInt, checkNumber, parseArgs, type Args } from '../../validate.js';
import { registerParametrization, type ParametrizedModule } from './parametrize.js';

const mT = (x: Tensor): Tensor => x.transpose(-2, -1);
const mH = (x: Tensor): Tensor => (x.isComplex() ? x.transpose(-2, -1).conj() : x.transpose(-2, -1));

function isOrthogonal(q: Tensor): boolean {
  const n = q.shape[q.dim() - 2]!;
  const k = q.shape[q.dim() - 1]!;
  const id = fns.eye(k, { dtype: q.dtype, device: q.device });
  const eps = 10.0 * n * finfo(q.dtype).eps;
  return fns.allclose(fns.matmul(mH(q), q), id, { atol: eps });
}

function makeOrthogonal(a: Tensor): Tensor {
  const [x, tau] = fns.geqrf(a) as unknown as [Tensor, Tensor];
  const q = linalg.householderProduct(x, tau);
  return q.mul_(x.diagonal({ dim1: -2, dim2: -1 }).sgn().unsqueeze(-2));
}

/** The orthogonal maps of `orthogonal`. */
export type OrthogonalMap = 'matrix_exp' | 'cayley' | 'householder';

/** @internal PyTorch's _Orthogonal parametrization. */
export class _Orthogonal extends Module {
  readonly weightShape: number[];
  readonly orthogonalMap: OrthogonalMap;
  declare base: Tensor | null;

  constructor(weight: Tensor, orthogonalMap: OrthogonalMap, options: { useTrivialization?: boolean } = {}) {
    super();
    if (weight.isComplex() && orthogonalMap === 'householder') throw new TypeError('The householder parametrization does not support complex tensors.');
    this.weightShape = weight.shape;
    this.orthogonalMap = orthogonalMap;
    if (options.useTrivialization ?? true) this.registerBuffer('base', null);
  }

  private hasBase(): boolean {
    return this._ownBuffers().some(([n]) => n === 'base') || Object.prototype.hasOwnProperty.call(this, 'base');
  }

  forward(X: Tensor): Tensor {
    let n = X.shape[X.dim() - 2]!;
    let k = X.shape[X.dim() - 1]!;
    const transposed = n < k;
    if (transposed) { X = mT(X); [n, k] = [k, n]; }
    let Q: Tensor;
    if (this.orthogonalMap === 'matrix_exp' || this.orthogonalMap === 'cayley') {
      X = X.tril();
      if (n !== k) X = fns.cat([X, X.newZeros([n, n - k]).expand([...X.shape.slice(0, -2), -1, -1])], { dim: -1 });
      const A = X.sub(mH(X));
      if (this.orthogonalMap === 'matrix_exp') Q = fns.matrixExp(A);
      else {
        const id = fns.eye(n, { dtype: A.dtype, device: A.device });
        Q = linalg.solve(fns.add(id, A, { alpha: -0.5 }), fns.add(id, A, { alpha: 0.5 }));
      }
      if (n !== k) Q = Q.narrow(-1, 0, k);
    } else {
      const A = X.tril(-1);
      const tau = fns.div(2.0, fns.add(A.mul(A).sum(-2), 1.0));
      Q = linalg.householderProduct(A, tau);
      Q = Q.mul(X.diagonal({ dim1: -2, dim2: -1 }).int().unsqueeze(-2));
    }
    if (this.hasBase()) Q = fns.matmul(this.base!, Q);
    if (transposed) Q = mT(Q);
    return Q;
  }

  rightInverse(Q: Tensor): Tensor {
    return noGrad(() => {
      if (Q.shape.length !== this.weightShape.length || Q.shape.some((s, i) => s !== this.weightShape[i])) {
        throw new RangeError(`Expected a matrix or batch of matrices of shape ${pySize(this.weightShape)}. Got a tensor of shape ${pySize(Q.shape)}.`);
      }
      const qInit = Q;
      let n = Q.shape[Q.dim() - 2]!;
      let k = Q.shape[Q.dim() - 1]!;
      const transpose = n < k;
      if (transpose) { Q = mT(Q); [n, k] = [k, n]; }
      if (!this.hasBase()) {
        if (this.orthogonalMap === 'cayley' || this.orthogonalMap === 'matrix_exp') {
          const e = new Error('It is not possible to assign to the matrix exponential or the Cayley parametrizations when use_trivialization=False.');
          e.name = 'NotImplementedError';
          throw e;
        }
        const [A, tau] = fns.geqrf(Q) as unknown as [Tensor, Tensor];
        const diag = A.diagonal({ dim1: -2, dim2: -1 });
        diag.sign_();
        diag.indexPut_([tau.eq(0.0)], diag.index([tau.eq(0.0)]).mul(-1));
        return transpose ? mT(A) : A;
      }
      if (n === k) {
        Q = isOrthogonal(Q) ? Q.clone() : makeOrthogonal(Q);
      } else {
        const N = fns.randn([...Q.shape.slice(0, -2), n, n - k], { dtype: Q.dtype, device: Q.device });
        Q = makeOrthogonal(fns.cat([Q, N], { dim: -1 }));
      }
      (this as unknown as { base: Tensor }).base = Q;
      const negId = fns.zerosLike(qInit);
      negId.diagonal({ dim1: -2, dim2: -1 }).fill_(-1.0);
      return negId;
    });
  }
}

/** Options of `parametrizations.orthogonal`. */
export interface OrthogonalOptions {
  name?: string;
  /** Default: 'matrix_exp' for square or complex matrices, else 'householder'. */
  orthogonalMap?: OrthogonalMap | null;
  /** Keep a `base` buffer so the parametrization starts from the current weight (default true). */
  useTrivialization?: boolean;
}

/**
 * Makes `module[name]` an orthogonal (or unitary) matrix, or batch of them, through a
 * parametrization: PyTorch's `torch.nn.utils.parametrizations.orthogonal`.
 * @example const l = nn.utils.parametrizations.orthogonal(new nn.Linear(20, 40)); // l.weight is orthogonal
 */
export function orthogonal<M extends Module>(module: M, ...args: Args<[name: string, orthogonalMap: OrthogonalMap | null], OrthogonalOptions>): ParametrizedModule<M> {
  const where = 'orthogonal()';
  if (!(module instanceof Module)) throw argTypeError(where, 'module', 'an nn.Module', module);
  const o = parseArgs<OrthogonalOptions>(where, args, ['name', 'orthogonalMap', 'useTrivialization'], { name: 'weight', orthogonalMap: null, useTrivialization: true });
  const name = o.name!;
  const weight = (module as unknown as Record<string, unknown>)[name];
  if (!(weight instanceof Tensor)) throw new Error(`Module '${String(module)}' has no parameter or buffer with name '${name}'`);
  if (weight.dim() < 2) throw new RangeError(`Expected a matrix or batch of matrices. Got a tensor of ${weight.dim()} dimensions.`);
  let map = o.orthogonalMap ?? null;
  if (map === null) map = weight.shape[weight.dim() - 2] === weight.shape[weight.dim() - 1] || weight.isComplex() ? 'matrix_exp' : 'householder';
  if (map !== 'matrix_exp' && map !== 'cayley' && map !== 'householder') {
    throw new RangeError(`orthogonal_map has to be one of "matrix_exp", "cayley", "householder". Got: ${String(map)}`);
  }
  const orth = new _Orthogonal(weight, map, { useTrivialization: checkBool(where, 'useTrivialization', o.useTrivialization) });
  return registerParametrization(module, name, orth, { unsafe: true });
}

/** @internal PyTorch's _WeightNorm parametrization: weight = g * v / ||v|| over every dim but `dim`. */
export class _WeightNorm extends Module {
  dim: number;
  constructor(dim: number | null = 0) {
    super();
    this.dim = dim ?? -1;
  }
  forward(weightG: Tensor, weightV: Tensor): Tensor {
    return ops.aten._weight_norm!(weightV, weightG, this.dim) as Tensor;
  }
  rightInverse(weight: Tensor): Tensor[] {
    return [fns.normExceptDim(weight, 2, this.dim), weight];
  }
}

/**
 * Weight normalization as a parametrization: `module[name]` becomes `g * v / ||v||`, with
 * `parametrizations.<name>.original0` (g) and `original1` (v); a state dict saved by the old
 * weightNorm (`<name>_g`, `<name>_v`) still loads. PyTorch's
 * `torch.nn.utils.parametrizations.weight_norm`.
 * @example const m = nn.utils.parametrizations.weightNorm(new nn.Linear(20, 40), 'weight');
 */
export function weightNorm<M extends Module>(module: M, ...args: Args<[name: string, dim: number | null], { name?: string; dim?: number | null }>): ParametrizedModule<M> {
  const where = 'weightNorm()';
  if (!(module instanceof Module)) throw argTypeError(where, 'module', 'an nn.Module', module);
  const o = parseArgs<{ name: string; dim: number | null }>(where, args, ['name', 'dim'], { name: 'weight', dim: 0 });
  const name = o.name;
  const dim = o.dim === null ? null : checkInt(where, 'dim', o.dim);
  const res = registerParametrization(module, name, new _WeightNorm(dim), { unsafe: true });
  module.registerLoadStateDictPreHook((_m, stateDict, prefix) => {
    const gKey = `${prefix}${name}_g`;
    const vKey = `${prefix}${name}_v`;
    if (stateDict.has(gKey) && stateDict.has(vKey)) {
      const original0 = stateDict.get(gKey);
      const original1 = stateDict.get(vKey);
      stateDict.delete(gKey);
      stateDict.delete(vKey);
      stateDict.set(`${prefix}parametrizations.${name}.original0`, original0);
      stateDict.set(`${prefix}parametrizations.${name}.original1`, original1);
    }
  });
  return res;
}

/** @internal PyTorch's _SpectralNorm parametrization, with its power-iteration buffers `_u` and `_v`. */
export class _SpectralNorm extends Module {
  dim: number;
  eps: number;
  nPowerIterations = 1;
  declare _u: Tensor;
  declare _v: Tensor;

  constructor(weight: Tensor, nPowerIterations: number = 1, dim: number = 0, eps: number = 1e-12) {
    super();
    const ndim = weight.dim();
    if (dim >= ndim || dim < -ndim) throw new RangeError(`Dimension out of range (expected to be in range of [-${ndim}, ${ndim - 1}] but got ${dim})`);
    if (nPowerIterations <= 0) throw new RangeError(`Expected n_power_iterations to be positive, but got n_power_iterations=${nPowerIterations}`);
    this.dim = dim >= 0 ? dim : dim + ndim;
    this.eps = eps;
    if (ndim > 1) {
      this.nPowerIterations = nPowerIterations;
      const weightMat = this.reshapeWeightToMatrix(weight);
      const [h, w] = weightMat.shape as [number, number];
      const u = weightMat.newEmpty([h]).normal_(0, 1);
      const v = weightMat.newEmpty([w]).normal_(0, 1);
      this.registerBuffer('_u', normalize(u, { dim: 0, eps: this.eps }));
      this.registerBuffer('_v', normalize(v, { dim: 0, eps: this.eps }));
      this.powerMethod(weightMat, 15);
    }
  }

  private reshapeWeightToMatrix(weight: Tensor): Tensor {
    if (weight.dim() <= 1) throw new RangeError(`Expected weight to have more than 1 dimension, got ${weight.dim()}`);
    if (this.dim !== 0) {
      const rest = Array.from({ length: weight.dim() }, (_, d) => d).filter((d) => d !== this.dim);
      weight = weight.permute(this.dim, ...rest);
    }
    return weight.flatten(1);
  }

  private powerMethod(weightMat: Tensor, nPowerIterations: number): void {
    noGrad(() => {
      for (let i = 0; i < nPowerIterations; i++) {
        // F.normalize(..., out=self._u): the buffers are updated in place.
        this._u.copy_(normalize(fns.mv(weightMat, this._v), { dim: 0, eps: this.eps }));
        this._v.copy_(normalize(fns.mv(mH(weightMat), this._u), { dim: 0, eps: this.eps }));
      }
    });
  }

  forward(weight: Tensor): Tensor {
    if (weight.dim() === 1) return normalize(weight, { dim: 0, eps: this.eps });
    const weightMat = this.reshapeWeightToMatrix(weight);
    if (this.training) this.powerMethod(weightMat, this.nPowerIterations);
    const u = this._u.clone({ memoryFormat: 'contiguous_format' });
    const v = this._v.clone({ memoryFormat: 'contiguous_format' });
    const sigma = fns.vdot(u, fns.mv(weightMat, v));
    return weight.div(sigma);
  }

  rightInverse(value: Tensor): Tensor {
    return value;
  }
}

/** Options of `parametrizations.spectralNorm`. */
export interface SpectralNormOptions {
  name?: string;
  nPowerIterations?: number;
  eps?: number;
  /** Default 1 for ConvTranspose layers, else 0. */
  dim?: number | null;
}

/**
 * Spectral normalization as a parametrization: `module[name]` is divided by its largest
 * singular value, estimated by power iteration (one step per forward in training mode, on the
 * buffers `parametrizations.<name>.0._u` and `_v`). PyTorch's
 * `torch.nn.utils.parametrizations.spectral_norm`.
 * @example const snm = nn.utils.parametrizations.spectralNorm(new nn.Linear(20, 40));
 */
export function spectralNorm<M extends Module>(module: M, ...args: Args<[name: string, nPowerIterations: number, eps: number, dim: number | null], SpectralNormOptions>): ParametrizedModule<M> {
  const where = 'spectralNorm()';
  if (!(module instanceof Module)) throw argTypeError(where, 'module', 'an nn.Module', module);
  const o = parseArgs<SpectralNormOptions>(where, args, ['name', 'nPowerIterations', 'eps', 'dim'], { name: 'weight', nPowerIterations: 1, eps: 1e-12, dim: null });
  const name = o.name!;
  const weight = (module as unknown as Record<string, unknown>)[name];
  if (!(weight instanceof Tensor)) throw new Error(`Module '${String(module)}' has no parameter or buffer with name '${name}'`);
  let dim = o.dim ?? null;
  if (dim === null) dim = module instanceof ConvTranspose1d || module instanceof ConvTranspose2d || module instanceof ConvTranspose3d ? 1 : 0;
  const sn = new _SpectralNorm(weight, checkInt(where, 'nPowerIterations', o.nPowerIterations), checkInt(where, 'dim', dim), checkNumber(where, 'eps', o.eps));
  return registerParametrization(module, name, sn);
}
