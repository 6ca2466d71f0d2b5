// torch.distributions.utils: argument broadcasting, probs/logits conversions and the helpers the
// distributions share, as torch/distributions/utils.py.
import { Tensor } from '../tensor.js';
import * as T from '../generated/functions.js';
import { broadcastTensors } from '../functional.js';
import { tensor } from '../creation.js';
import { finfo } from '../type_info.js';
import { enableGrad } from '../autograd/grad_mode.js';
import type { DType, Device } from '../dtype.js';

/** The Euler–Mascheroni constant. @example torch.distributions.utils.eulerConstant */
export const eulerConstant = 0.5772156649015329;

/** A distribution parameter: a tensor, or a number (made a tensor of the other arguments' dtype). */
export type ParamLike = Tensor | number;

/**
 * Broadcasts numbers and tensors together, as Python's `broadcast_all`: numbers become tensors of
 * the first tensor argument's dtype and device (float32 when all are numbers).
 * @example const [loc, scale] = torch.distributions.utils.broadcastAll(torch.zeros(3), 1);
 */
export function broadcastAll(...values: ParamLike[]): Tensor[] {
  for (const v of values) {
    if (!(v instanceof Tensor) && typeof v !== 'number') {
      throw new TypeError('Input arguments must all be instances of numbers.Number, torch.Tensor or objects implementing __torch_function__.');
    }
  }
  if (values.every((v) => v instanceof Tensor)) return broadcastTensors(...(values as Tensor[]));
  let dtype: DType = 'float32';
  let device: Device | undefined;
  for (const v of values) {
    if (v instanceof Tensor) { dtype = v.dtype; device = v.device; break; }
  }
  const tensors = values.map((v) => (v instanceof Tensor ? v : tensor(v, device === undefined ? { dtype } : { dtype, device })));
  return broadcastTensors(...tensors);
}

/** @internal A standard normal draw of `shape`, as Python's `_standard_normal` (one normal_ call). */
export function standardNormal(shape: readonly number[], dtype: DType, device: Device): Tensor {
  return T.empty([...shape], { dtype, device }).normal_();
}

/** @internal Sums the rightmost `dim` dimensions, as Python's `_sum_rightmost`. */
export function sumRightmost(value: Tensor, dim: number): Tensor {
  if (dim === 0) return value;
  const shape = value.shape;
  return value.reshape([...shape.slice(0, shape.length - dim), -1]).sum(-1);
}

/**
 * Logits to probabilities: sigmoid for binary, softmax over the last dimension otherwise.
 * @example torch.distributions.utils.logitsToProbs(torch.tensor([0, 1]))
 */
export function logitsToProbs(logits: Tensor, isBinary = false): Tensor {
  if (isBinary) return T.sigmoid(logits);
  return logits.softmax(-1);
}

/**
 * Clamps probabilities into [eps, 1 - eps] of their dtype.
 * @example torch.distributions.utils.clampProbs(torch.tensor([0, 1]))
 */
export function clampProbs(probs: Tensor): Tensor {
  const eps = finfo(probs.dtype).eps;
  return probs.clamp(eps, 1 - eps);
}

/**
 * Probabilities to logits (log-odds for binary), after clamping.
 * @example torch.distributions.utils.probsToLogits(torch.tensor([0.2, 0.8]))
 */
export function probsToLogits(probs: Tensor, isBinary = false): Tensor {
  const ps = clampProbs(probs);
  if (isBinary) return T.log(ps).sub(T.log1p(ps.neg()));
  return T.log(ps);
}

function trilMask(n: number, diag: number, device: Device): Tensor {
  const arange = T.arange(n, { device });
  return arange.lt(arange.view(-1, 1).add(diag + 1));
}

/**
 * The lower triangle (from diagonal `diag`) of the last two dimensions, as a vector, row by row.
 * @example torch.distributions.utils.trilMatrixToVec(torch.eye(3))
 */
export function trilMatrixToVec(mat: Tensor, diag = 0): Tensor {
  const n = mat.shape[mat.dim() - 1]!;
  if (diag < -n || diag >= n) throw new RangeError(`diag (${diag}) provided is outside [${-n}, ${n - 1}].`);
  return mat.index(['...', trilMask(n, diag, mat.device)]);
}

/**
 * The inverse of trilMatrixToVec: a vector to a lower triangular matrix.
 * @example torch.distributions.utils.vecToTrilMatrix(torch.ones(6))
 */
export function vecToTrilMatrix(vec: Tensor, diag = 0): Tensor {
  const last = vec.shape[vec.dim() - 1]!;
  const n = (-(1 + 2 * diag) + ((1 + 2 * diag) ** 2 + 8 * last + 4 * Math.abs(diag) * (diag + 1)) ** 0.5) / 2;
  const eps = finfo(vec.dtype).eps;
  if (Math.round(n) - n > eps) throw new RangeError(`The size of last dimension is ${last} which cannot be expressed as the lower triangular part of a square D x D matrix.`);
  const m = Math.round(n);
  const mat = vec.newZeros([...vec.shape.slice(0, -1), m, m]);
  mat.indexPut_(['...', trilMask(m, diag, vec.device)], vec);
  return mat;
}

/** @internal Python's float repr of a number ('0.0', '1e-06', 'inf'). */
export function pyFloat(x: number): string {
  if (Number.isNaN(x)) return 'nan';
  if (x === Infinity) return 'inf';
  if (x === -Infinity) return '-inf';
  if (Number.isInteger(x) && Math.abs(x) < 1e16) return `${x}.0`;
  const s = String(x);
  const m = /^(-?[\d.]+)e([+-])(\d+)$/.exec(s);
  if (m) return `${m[1]}e${m[2]}${m[3]!.padStart(2, '0')}`;
  if (Math.abs(x) < 1e-4 && x !== 0) {
    const [mant, exp] = x.toExponential().split('e') as [string, string];
    const e = Number(exp);
    return `${mant}e${e < 0 ? '-' : '+'}${String(Math.abs(e)).padStart(2, '0')}`;
  }
  return s;
}

/** @internal Python's tuple repr of a shape: '()', '(2,)', '(2, 3)'. */
export function pyTuple(shape: readonly number[]): string {
  return shape.length === 1 ? `(${shape[0]},)` : `(${shape.join(', ')})`;
}

/** @internal Whether two shapes are equal. */
export function sameShape(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((d, i) => d === b[i]);
}

/** @internal The broadcast of shapes (throws as torch.broadcast_shapes). */
export function broadcastShape(...shapes: (readonly number[])[]): number[] {
  const n = Math.max(0, ...shapes.map((s) => s.length));
  const out = new Array<number>(n).fill(1);
  for (const s of shapes) {
    for (let i = 0; i < s.length; i++) {
      const j = n - s.length + i;
      const d = s[i]!;
      if (out[j] === 1) out[j] = d;
      else if (d !== 1 && d !== out[j]) throw new RangeError(`Shape mismatch: objects cannot be broadcast to a single shape.  Mismatch is between ${formatTuple(out)} and ${formatTuple(s)}`);
    }
  }
  return out;
}

function formatTuple(s: readonly number[]): string {
  return pyTuple(s);
}

/** @internal The finfo of a tensor's dtype. */
export function finfoOf(x: Tensor): { eps: number; tiny: number; max: number; min: number } {
  return finfo(x.dtype);
}

/** @internal Python's `c - x` for a number c (Tensor.__rsub__). */
export function rsub(c: number, x: Tensor): Tensor {
  return T.rsub(x, c);
}

/** @internal Python's `c / x` for a number c (Tensor.__rtruediv__: reciprocal, then multiply). */
export function rdiv(c: number, x: Tensor): Tensor {
  return x.reciprocal().mul(c);
}

/** @internal Whether every argument is a JS number (Python's isinstance(x, Number) on all). */
export function allNumbers(...values: unknown[]): boolean {
  return values.every((v) => typeof v === 'number');
}

function isOptionsObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !(v instanceof Tensor) && !Array.isArray(v) && Object.getPrototypeOf(v) === Object.prototype;
}

/**
 * @internal Python's positional-or-keyword parameters: `args` are the positional values in the
 * order of `names`, and a trailing plain object gives any of them (and validateArgs) by name.
 */
export function parseParams(cls: string, names: readonly string[], args: readonly unknown[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  let n = args.length;
  if (n > 0 && isOptionsObject(args[n - 1])) {
    const opts = args[n - 1] as Record<string, unknown>;
    n -= 1;
    for (const [k, v] of Object.entries(opts)) {
      if (k !== 'validateArgs' && !names.includes(k)) throw new TypeError(`${cls}: unknown option '${k}' (expected one of ${[...names, 'validateArgs'].join(', ')})`);
      if (v !== undefined) out[k] = v;
    }
  }
  if (n > names.length) throw new TypeError(`${cls}() takes at most ${names.length} positional arguments (got ${n})`);
  for (let i = 0; i < n; i++) {
    const v = args[i];
    if (v === undefined || v === null) continue;
    if (names[i]! in out) throw new TypeError(`${cls}() got multiple values for argument '${names[i]}'`);
    out[names[i]!] = v;
  }
  return out;
}

/** @internal Exactly one of probs and logits, as Python requires. */
export function probsXorLogits(p: Record<string, unknown>): void {
  if ((p['probs'] === undefined) === (p['logits'] === undefined)) throw new RangeError('Either `probs` or `logits` must be specified, but not both.');
}

/** Options of distributions parameterized by probabilities or logits (exactly one of them). */
export interface ProbsOptions {
  probs?: ParamLike;
  logits?: ParamLike;
  validateArgs?: boolean;
}

/**
 * @internal Python's lazy_property: the value is computed once, with gradients recorded even when
 * first asked for under no_grad (as in sample()), so later differentiable uses see its graph.
 */
export function lazyValue<T>(fn: () => T): T {
  return enableGrad(fn);
}
