// torch.distributions.transforms: invertible maps with log-abs-det-Jacobians, as
// torch/distributions/transforms.py. Transforms are callable, as in Python: `t(x)`.
import { Tensor } from '../tensor.js';
import * as T from '../generated/functions.js';
import { linalg } from '../generated/namespaces.js';
import { finfo } from '../type_info.js';
import { pad } from '../nn/functional/padding.js';
import { softplus, logsigmoid } from '../nn/functional/activation.js';
import { slice } from '../indexing.js';
import * as constraints from './constraints.js';
import type { Distribution } from './distribution.js';
import { notImplemented } from './distribution.js';
import { broadcastAll, broadcastShape, rsub, sameShape, sumRightmost, trilMatrixToVec, vecToTrilMatrix, type ParamLike } from './utils.js';

/** Transforms are callable: `t(x)` is the forward map. */
export interface Transform {
  (x: Tensor): Tensor;
}

/**
 * The base class of invertible transformations with computable log det Jacobians: `t(x)`,
 * `t.inv(y)`, `t.logAbsDetJacobian(x, y)`, `domain`, `codomain`, `bijective`, `sign`, and a cache
 * of the last pair when `cacheSize` is 1.
 * @example
 * const t = new torch.distributions.ExpTransform();
 * const y = t(torch.tensor([0, 1])); t.inv(y); t.logAbsDetJacobian(x, y);
 */
export class Transform {
  /** @internal */ _cacheSize!: number;
  /** @internal */ _inv: Transform | null = null;
  /** @internal */ _cachedX: Tensor | null = null;
  /** @internal */ _cachedY: Tensor | null = null;

  constructor(cacheSize = 0) {
    const f = ((x: Tensor) => (f as Transform)._forwardCall(x)) as unknown as Transform;
    delete (f as { name?: unknown }).name;
    delete (f as { length?: unknown }).length;
    Object.setPrototypeOf(f, new.target.prototype);
    if (cacheSize !== 0 && cacheSize !== 1) throw new RangeError('cache_size must be 0 or 1');
    f._cacheSize = cacheSize;
    f._inv = null;
    f._cachedX = null;
    f._cachedY = null;
    return f;
  }

  /** Whether the map is bijective. */
  get bijective(): boolean { return false; }
  /** The constraint of valid inputs. */
  get domain(): constraints.Constraint { throw notImplemented(`${this.constructor.name}.domain`); }
  /** The constraint of valid outputs. */
  get codomain(): constraints.Constraint { throw notImplemented(`${this.constructor.name}.codomain`); }
  /** The event dimension when domain and codomain agree. */
  get eventDim(): number {
    if (this.domain.eventDim === this.codomain.eventDim) return this.domain.eventDim;
    throw new RangeError('Please use either .domain.event_dim or .codomain.event_dim');
  }
  /** The inverse transform (cached). */
  get inv(): Transform {
    let inv = this._inv;
    if (inv === null) {
      inv = new _InverseTransform(this);
      this._inv = inv;
    }
    return inv;
  }
  /** The sign of the Jacobian determinant, where defined. */
  get sign(): number | Tensor { throw notImplemented(`${this.constructor.name}.sign`); }

  /** This transform with a cache of size cacheSize. @example new torch.distributions.ExpTransform().withCache() */
  withCache(cacheSize = 1): Transform {
    if (this._cacheSize === cacheSize) return this;
    const Ctor = this.constructor as new (cacheSize?: number) => Transform;
    if (Ctor.length <= 1) return new Ctor(cacheSize);
    throw notImplemented(`${this.constructor.name}.with_cache is not implemented`);
  }

  /** Python's ==: the same transform. @example t.equals(t) */
  equals(other: Transform): boolean { return this === other; }

  /** @internal Python's __call__. */
  _forwardCall(x: Tensor): Tensor {
    if (this._cacheSize === 0) return this._call(x);
    if (x === this._cachedX) return this._cachedY!;
    const y = this._call(x);
    this._cachedX = x; this._cachedY = y;
    return y;
  }
  /** @internal */
  _invCall(y: Tensor): Tensor {
    if (this._cacheSize === 0) return this._inverse(y);
    if (y === this._cachedY) return this._cachedX!;
    const x = this._inverse(y);
    this._cachedX = x; this._cachedY = y;
    return x;
  }
  /** @internal The forward map. */
  _call(_x: Tensor): Tensor { throw notImplemented(`${this.constructor.name}._call`); }
  /** @internal The inverse map. */
  _inverse(_y: Tensor): Tensor { throw notImplemented(`${this.constructor.name}._inverse`); }
  /** log |dy/dx| at (x, y). @example new torch.distributions.ExpTransform().logAbsDetJacobian(x, y) */
  logAbsDetJacobian(_x: Tensor, _y: Tensor): Tensor { throw notImplemented(`${this.constructor.name}.logAbsDetJacobian`); }
  /** The output shape for an input shape. @example t.forwardShape([2, 3]) */
  forwardShape(shape: readonly number[]): number[] { return [...shape]; }
  /** The input shape for an output shape. @example t.inverseShape([2, 3]) */
  inverseShape(shape: readonly number[]): number[] { return [...shape]; }
  /** Python's repr. */
  toString(): string { return `${this.constructor.name}()`; }
}
Object.setPrototypeOf(Transform.prototype, Function.prototype);

/** The inverse of a transform (its `inv`). @internal */
export class _InverseTransform extends Transform {
  constructor(transform: Transform) {
    super(transform._cacheSize);
    this._inv = transform;
  }
  override get domain(): constraints.Constraint { return this._inv!.codomain; }
  override get codomain(): constraints.Constraint { return this._inv!.domain; }
  override get bijective(): boolean { return this._inv!.bijective; }
  override get sign(): number | Tensor { return this._inv!.sign; }
  override get inv(): Transform { return this._inv!; }
  override withCache(cacheSize = 1): Transform { return this.inv.withCache(cacheSize).inv; }
  override equals(other: Transform): boolean { return other instanceof _InverseTransform && this._inv!.equals(other._inv!); }
  override toString(): string { return `_InverseTransform(${String(this._inv)})`; }
  override _forwardCall(x: Tensor): Tensor { return this._inv!._invCall(x); }
  override logAbsDetJacobian(x: Tensor, y: Tensor): Tensor { return this._inv!.logAbsDetJacobian(y, x).neg(); }
  override forwardShape(shape: readonly number[]): number[] { return this._inv!.inverseShape(shape); }
  override inverseShape(shape: readonly number[]): number[] { return this._inv!.forwardShape(shape); }
}

/**
 * Composes transforms in a chain.
 * @example new torch.distributions.ComposeTransform([new torch.distributions.ExpTransform(), new torch.distributions.AffineTransform(1, 2)])
 */
export class ComposeTransform extends Transform {
  parts!: Transform[];
  constructor(parts: readonly Transform[], cacheSize = 0) {
    super(cacheSize);
    this.parts = cacheSize ? parts.map((p) => p.withCache(cacheSize)) : [...parts];
  }
  override equals(other: Transform): boolean {
    return other instanceof ComposeTransform && other.parts.length === this.parts.length && this.parts.every((p, i) => p.equals(other.parts[i]!));
  }
  override get domain(): constraints.Constraint {
    if (this.parts.length === 0) return constraints.real;
    let domain = this.parts[0]!.domain;
    let eventDim = this.parts[this.parts.length - 1]!.codomain.eventDim;
    for (const part of [...this.parts].reverse()) {
      eventDim += part.domain.eventDim - part.codomain.eventDim;
      eventDim = Math.max(eventDim, part.domain.eventDim);
    }
    if (eventDim > domain.eventDim) domain = constraints.independent(domain, eventDim - domain.eventDim);
    return domain;
  }
  override get codomain(): constraints.Constraint {
    if (this.parts.length === 0) return constraints.real;
    let codomain = this.parts[this.parts.length - 1]!.codomain;
    let eventDim = this.parts[0]!.domain.eventDim;
    for (const part of this.parts) {
      eventDim += part.codomain.eventDim - part.domain.eventDim;
      eventDim = Math.max(eventDim, part.codomain.eventDim);
    }
    if (eventDim > codomain.eventDim) codomain = constraints.independent(codomain, eventDim - codomain.eventDim);
    return codomain;
  }
  override get bijective(): boolean { return this.parts.every((p) => p.bijective); }
  override get sign(): number | Tensor {
    let sign: number | Tensor = 1;
    for (const p of this.parts) {
      const s = p.sign;
      sign = typeof sign === 'number' && typeof s === 'number' ? sign * s : (s instanceof Tensor ? s.mul(sign) : (sign as Tensor).mul(s));
    }
    return sign;
  }
  override get inv(): Transform {
    let inv = this._inv;
    if (inv === null) {
      inv = new ComposeTransform([...this.parts].reverse().map((p) => p.inv));
      this._inv = inv;
      inv._inv = this;
    }
    return inv;
  }
  override withCache(cacheSize = 1): Transform {
    if (this._cacheSize === cacheSize) return this;
    return new ComposeTransform(this.parts, cacheSize);
  }
  override _forwardCall(x: Tensor): Tensor {
    for (const part of this.parts) x = part(x);
    return x;
  }
  override logAbsDetJacobian(x: Tensor, y: Tensor): Tensor {
    if (this.parts.length === 0) return T.zerosLike(x);
    const xs = [x];
    for (const part of this.parts.slice(0, -1)) xs.push(part(xs[xs.length - 1]!));
    xs.push(y);
    const terms: Tensor[] = [];
    let eventDim = this.domain.eventDim;
    this.parts.forEach((part, i) => {
      terms.push(sumRightmost(part.logAbsDetJacobian(xs[i]!, xs[i + 1]!), eventDim - part.domain.eventDim));
      eventDim += part.codomain.eventDim - part.domain.eventDim;
    });
    return terms.reduce((a, b) => a.add(b));
  }
  override forwardShape(shape: readonly number[]): number[] {
    let s = [...shape];
    for (const part of this.parts) s = part.forwardShape(s);
    return s;
  }
  override inverseShape(shape: readonly number[]): number[] {
    let s = [...shape];
    for (const part of [...this.parts].reverse()) s = part.inverseShape(s);
    return s;
  }
  override toString(): string {
    return `ComposeTransform(\n    ${this.parts.map(String).join(',\n    ')}\n)`;
  }
}

/** The identity: an empty ComposeTransform. @example torch.distributions.identityTransform(x) */
export const identityTransform = new ComposeTransform([]);

/**
 * Reinterprets the rightmost batch dimensions of a transform as event dimensions.
 * @example new torch.distributions.IndependentTransform(new torch.distributions.ExpTransform(), 1)
 */
export class IndependentTransform extends Transform {
  baseTransform!: Transform;
  reinterpretedBatchNdims!: number;
  constructor(baseTransform: Transform, reinterpretedBatchNdims: number, cacheSize = 0) {
    super(cacheSize);
    this.baseTransform = baseTransform.withCache(cacheSize);
    this.reinterpretedBatchNdims = reinterpretedBatchNdims;
  }
  override withCache(cacheSize = 1): Transform {
    if (this._cacheSize === cacheSize) return this;
    return new IndependentTransform(this.baseTransform, this.reinterpretedBatchNdims, cacheSize);
  }
  override get domain(): constraints.Constraint { return constraints.independent(this.baseTransform.domain, this.reinterpretedBatchNdims); }
  override get codomain(): constraints.Constraint { return constraints.independent(this.baseTransform.codomain, this.reinterpretedBatchNdims); }
  override get bijective(): boolean { return this.baseTransform.bijective; }
  override get sign(): number | Tensor { return this.baseTransform.sign; }
  override _call(x: Tensor): Tensor {
    if (x.dim() < this.domain.eventDim) throw new RangeError('Too few dimensions on input');
    return this.baseTransform(x);
  }
  override _inverse(y: Tensor): Tensor {
    if (y.dim() < this.codomain.eventDim) throw new RangeError('Too few dimensions on input');
    return this.baseTransform.inv(y);
  }
  override logAbsDetJacobian(x: Tensor, y: Tensor): Tensor {
    return sumRightmost(this.baseTransform.logAbsDetJacobian(x, y), this.reinterpretedBatchNdims);
  }
  override toString(): string { return `IndependentTransform(${String(this.baseTransform)}, ${this.reinterpretedBatchNdims})`; }
  override forwardShape(shape: readonly number[]): number[] { return this.baseTransform.forwardShape(shape); }
  override inverseShape(shape: readonly number[]): number[] { return this.baseTransform.inverseShape(shape); }
}

/**
 * Reshapes the rightmost dimensions from inShape to outShape.
 * @example new torch.distributions.ReshapeTransform([2, 3], [6])
 */
export class ReshapeTransform extends Transform {
  inShape!: number[];
  outShape!: number[];
  constructor(inShape: readonly number[], outShape: readonly number[], cacheSize = 0) {
    super(cacheSize);
    this.inShape = [...inShape];
    this.outShape = [...outShape];
    const n = (s: number[]) => s.reduce((a, b) => a * b, 1);
    if (n(this.inShape) !== n(this.outShape)) throw new RangeError('in_shape, out_shape have different numbers of elements');
  }
  override get bijective(): boolean { return true; }
  override get domain(): constraints.Constraint { return constraints.independent(constraints.real, this.inShape.length); }
  override get codomain(): constraints.Constraint { return constraints.independent(constraints.real, this.outShape.length); }
  override withCache(cacheSize = 1): Transform {
    if (this._cacheSize === cacheSize) return this;
    return new ReshapeTransform(this.inShape, this.outShape, cacheSize);
  }
  override _call(x: Tensor): Tensor { return x.reshape([...x.shape.slice(0, x.dim() - this.inShape.length), ...this.outShape]); }
  override _inverse(y: Tensor): Tensor { return y.reshape([...y.shape.slice(0, y.dim() - this.outShape.length), ...this.inShape]); }
  override logAbsDetJacobian(x: Tensor, _y: Tensor): Tensor { return x.newZeros(x.shape.slice(0, x.dim() - this.inShape.length)); }
  override forwardShape(shape: readonly number[]): number[] {
    if (shape.length < this.inShape.length) throw new RangeError('Too few dimensions on input');
    const cut = shape.length - this.inShape.length;
    if (!sameShape(shape.slice(cut), this.inShape)) throw new RangeError(`Shape mismatch: expected torch.Size([${shape.slice(cut).join(', ')}]) but got torch.Size([${this.inShape.join(', ')}])`);
    return [...shape.slice(0, cut), ...this.outShape];
  }
  override inverseShape(shape: readonly number[]): number[] {
    if (shape.length < this.outShape.length) throw new RangeError('Too few dimensions on input');
    const cut = shape.length - this.outShape.length;
    if (!sameShape(shape.slice(cut), this.outShape)) throw new RangeError(`Shape mismatch: expected torch.Size([${shape.slice(cut).join(', ')}]) but got torch.Size([${this.outShape.join(', ')}])`);
    return [...shape.slice(0, cut), ...this.inShape];
  }
}

/** y = exp(x). @example new torch.distributions.ExpTransform()(torch.tensor([0, 1])) */
export class ExpTransform extends Transform {
  override get domain(): constraints.Constraint { return constraints.real; }
  override get codomain(): constraints.Constraint { return constraints.positive; }
  override get bijective(): boolean { return true; }
  override get sign(): number { return 1; }
  override equals(other: Transform): boolean { return other instanceof ExpTransform; }
  override _call(x: Tensor): Tensor { return x.exp(); }
  override _inverse(y: Tensor): Tensor { return y.log(); }
  override logAbsDetJacobian(x: Tensor, _y: Tensor): Tensor { return x; }
}

/** y = x ** exponent. @example new torch.distributions.PowerTransform(2)(torch.tensor([1, 2])) */
export class PowerTransform extends Transform {
  exponent!: Tensor;
  constructor(exponent: ParamLike, cacheSize = 0) {
    super(cacheSize);
    [this.exponent] = broadcastAll(exponent) as [Tensor];
  }
  override get domain(): constraints.Constraint { return constraints.positive; }
  override get codomain(): constraints.Constraint { return constraints.positive; }
  override get bijective(): boolean { return true; }
  override withCache(cacheSize = 1): Transform {
    if (this._cacheSize === cacheSize) return this;
    return new PowerTransform(this.exponent, cacheSize);
  }
  override get sign(): Tensor { return this.exponent.sign(); }
  override equals(other: Transform): boolean { return other instanceof PowerTransform && Boolean(this.exponent.eq(other.exponent).all().item()); }
  override _call(x: Tensor): Tensor { return x.pow(this.exponent); }
  override _inverse(y: Tensor): Tensor { return y.pow(this.exponent.reciprocal()); }
  override logAbsDetJacobian(x: Tensor, y: Tensor): Tensor { return this.exponent.mul(y).div(x).abs().log(); }
  override forwardShape(shape: readonly number[]): number[] { return broadcastShape(shape, this.exponent.shape); }
  override inverseShape(shape: readonly number[]): number[] { return broadcastShape(shape, this.exponent.shape); }
}

function clippedSigmoid(x: Tensor): Tensor {
  const fi = finfo(x.dtype);
  return T.clamp(T.sigmoid(x), { min: fi.tiny, max: 1.0 - fi.eps });
}

/** y = sigmoid(x). @example new torch.distributions.SigmoidTransform()(torch.tensor([0, 1])) */
export class SigmoidTransform extends Transform {
  override get domain(): constraints.Constraint { return constraints.real; }
  override get codomain(): constraints.Constraint { return constraints.unitInterval; }
  override get bijective(): boolean { return true; }
  override get sign(): number { return 1; }
  override equals(other: Transform): boolean { return other instanceof SigmoidTransform; }
  override _call(x: Tensor): Tensor { return clippedSigmoid(x); }
  override _inverse(y: Tensor): Tensor {
    const fi = finfo(y.dtype);
    const yc = y.clamp({ min: fi.tiny, max: 1.0 - fi.eps });
    return yc.log().sub(yc.neg().log1p());
  }
  override logAbsDetJacobian(x: Tensor, _y: Tensor): Tensor { return softplus(x.neg()).neg().sub(softplus(x)); }
}

/** y = log(1 + exp(x)). @example new torch.distributions.SoftplusTransform()(torch.tensor([0, 1])) */
export class SoftplusTransform extends Transform {
  override get domain(): constraints.Constraint { return constraints.real; }
  override get codomain(): constraints.Constraint { return constraints.positive; }
  override get bijective(): boolean { return true; }
  override get sign(): number { return 1; }
  override equals(other: Transform): boolean { return other instanceof SoftplusTransform; }
  override _call(x: Tensor): Tensor { return softplus(x); }
  override _inverse(y: Tensor): Tensor { return y.neg().expm1().neg().log().add(y); }
  override logAbsDetJacobian(x: Tensor, _y: Tensor): Tensor { return softplus(x.neg()).neg(); }
}

/** y = tanh(x). @example new torch.distributions.TanhTransform()(torch.tensor([0, 1])) */
export class TanhTransform extends Transform {
  override get domain(): constraints.Constraint { return constraints.real; }
  override get codomain(): constraints.Constraint { return constraints.interval(-1.0, 1.0); }
  override get bijective(): boolean { return true; }
  override get sign(): number { return 1; }
  override equals(other: Transform): boolean { return other instanceof TanhTransform; }
  override _call(x: Tensor): Tensor { return x.tanh(); }
  override _inverse(y: Tensor): Tensor { return T.atanh(y); }
  override logAbsDetJacobian(x: Tensor, _y: Tensor): Tensor {
    return rsub(Math.log(2.0), x).sub(softplus(x.mul(-2.0))).mul(2.0);
  }
}

/** y = |x| (not bijective; the inverse is the identity). @example new torch.distributions.AbsTransform()(torch.tensor([-1, 2])) */
export class AbsTransform extends Transform {
  override get domain(): constraints.Constraint { return constraints.real; }
  override get codomain(): constraints.Constraint { return constraints.positive; }
  override equals(other: Transform): boolean { return other instanceof AbsTransform; }
  override _call(x: Tensor): Tensor { return x.abs(); }
  override _inverse(y: Tensor): Tensor { return y; }
}

/**
 * y = loc + scale * x.
 * @example new torch.distributions.AffineTransform(1, 2)(torch.tensor([0, 1]))
 */
export class AffineTransform extends Transform {
  loc!: ParamLike;
  scale!: ParamLike;
  /** @internal */ _eventDim!: number;
  constructor(loc: ParamLike, scale: ParamLike, eventDim = 0, cacheSize = 0) {
    super(cacheSize);
    this.loc = loc;
    this.scale = scale;
    this._eventDim = eventDim;
  }
  override get eventDim(): number { return this._eventDim; }
  override get domain(): constraints.Constraint { return this._eventDim === 0 ? constraints.real : constraints.independent(constraints.real, this._eventDim); }
  override get codomain(): constraints.Constraint { return this.domain; }
  override get bijective(): boolean { return true; }
  override withCache(cacheSize = 1): Transform {
    if (this._cacheSize === cacheSize) return this;
    return new AffineTransform(this.loc, this.scale, this._eventDim, cacheSize);
  }
  override equals(other: Transform): boolean {
    if (!(other instanceof AffineTransform)) return false;
    const same = (a: ParamLike, b: ParamLike) => (typeof a === 'number' && typeof b === 'number' ? a === b : Boolean(T.eq(a instanceof Tensor ? a : T.fullLike(b as Tensor, a), b).all().item()));
    return same(this.loc, other.loc) && same(this.scale, other.scale);
  }
  override get sign(): number | Tensor {
    if (typeof this.scale === 'number') return this.scale > 0 ? 1 : this.scale < 0 ? -1 : 0;
    return this.scale.sign();
  }
  override _call(x: Tensor): Tensor {
    const sx = typeof this.scale === 'number' ? x.mul(this.scale) : this.scale.mul(x);
    return typeof this.loc === 'number' ? sx.add(this.loc) : this.loc.add(sx);
  }
  override _inverse(y: Tensor): Tensor { return y.sub(this.loc).div(this.scale); }
  override logAbsDetJacobian(x: Tensor, _y: Tensor): Tensor {
    let shape = x.shape;
    let result = typeof this.scale === 'number' ? T.fullLike(x, Math.log(Math.abs(this.scale))) : T.abs(this.scale).log();
    if (this._eventDim) {
      result = result.view([...result.shape.slice(0, -this._eventDim), -1]).sum(-1);
      shape = shape.slice(0, -this._eventDim);
    }
    return result.expand(shape);
  }
  override forwardShape(shape: readonly number[]): number[] {
    return broadcastShape(shape, this.loc instanceof Tensor ? this.loc.shape : [], this.scale instanceof Tensor ? this.scale.shape : []);
  }
  override inverseShape(shape: readonly number[]): number[] { return this.forwardShape(shape); }
}

/**
 * Unconstrained vectors to Cholesky factors of correlation matrices.
 * @example new torch.distributions.CorrCholeskyTransform()(torch.zeros(3))
 */
export class CorrCholeskyTransform extends Transform {
  override get domain(): constraints.Constraint { return constraints.realVector; }
  override get codomain(): constraints.Constraint { return constraints.corrCholesky; }
  override get bijective(): boolean { return true; }
  override _call(x0: Tensor): Tensor {
    let x = T.tanh(x0);
    const eps = finfo(x.dtype).eps;
    x = x.clamp({ min: -1 + eps, max: 1 - eps });
    let r = vecToTrilMatrix(x, -1);
    const z = r.pow(2);
    const z1mCumprodSqrt = rsub(1, z).sqrt().cumprod(-1);
    r = r.add(T.eye(r.shape[r.dim() - 1]!, { dtype: r.dtype, device: r.device }));
    return r.mul(pad(z1mCumprodSqrt.index(['...', slice(null, -1)]), [1, 0], { value: 1 }));
  }
  override _inverse(y: Tensor): Tensor {
    const yCumsum = rsub(1, T.cumsum(y.mul(y), -1));
    const yCumsumShifted = pad(yCumsum.index(['...', slice(null, -1)]), [1, 0], { value: 1 });
    const yVec = trilMatrixToVec(y, -1);
    const yCumsumVec = trilMatrixToVec(yCumsumShifted, -1);
    const t = yVec.div(yCumsumVec.sqrt());
    return t.log1p().sub(t.neg().log1p()).div(2);
  }
  override logAbsDetJacobian(x: Tensor, y: Tensor): Tensor {
    const y1mCumsum = rsub(1, y.mul(y).cumsum(-1));
    const y1mCumsumTril = trilMatrixToVec(y1mCumsum, -2);
    const stickBreakingLogdet = y1mCumsumTril.log().sum(-1).mul(0.5);
    const tanhLogdet = x.add(softplus(x.mul(-2))).sub(Math.log(2.0)).sum(-1).mul(-2);
    return stickBreakingLogdet.add(tanhLogdet);
  }
  override forwardShape(shape: readonly number[]): number[] {
    if (shape.length < 1) throw new RangeError('Too few dimensions on input');
    const N = shape[shape.length - 1]!;
    const Dm = Math.round((0.25 + 2 * N) ** 0.5 + 0.5);
    if ((Dm * (Dm - 1)) / 2 !== N) throw new RangeError('Input is not a flattened lower-diagonal number');
    return [...shape.slice(0, -1), Dm, Dm];
  }
  override inverseShape(shape: readonly number[]): number[] {
    if (shape.length < 2) throw new RangeError('Too few dimensions on input');
    if (shape[shape.length - 2] !== shape[shape.length - 1]) throw new RangeError('Input is not square');
    const Dm = shape[shape.length - 1]!;
    return [...shape.slice(0, -2), (Dm * (Dm - 1)) / 2];
  }
}

/** Unconstrained vectors to the simplex by exp and normalization (not bijective). @example new torch.distributions.SoftmaxTransform()(torch.zeros(3)) */
export class SoftmaxTransform extends Transform {
  override get domain(): constraints.Constraint { return constraints.realVector; }
  override get codomain(): constraints.Constraint { return constraints.simplex; }
  override equals(other: Transform): boolean { return other instanceof SoftmaxTransform; }
  override _call(x: Tensor): Tensor {
    const probs = x.sub(x.max(-1, true)[0]!).exp();
    return probs.div(probs.sum(-1, true));
  }
  override _inverse(y: Tensor): Tensor { return y.log(); }
  override forwardShape(shape: readonly number[]): number[] {
    if (shape.length < 1) throw new RangeError('Too few dimensions on input');
    return [...shape];
  }
  override inverseShape(shape: readonly number[]): number[] {
    if (shape.length < 1) throw new RangeError('Too few dimensions on input');
    return [...shape];
  }
}

/** Unconstrained vectors to the simplex by stick breaking (bijective). @example new torch.distributions.StickBreakingTransform()(torch.zeros(2)) */
export class StickBreakingTransform extends Transform {
  override get domain(): constraints.Constraint { return constraints.realVector; }
  override get codomain(): constraints.Constraint { return constraints.simplex; }
  override get bijective(): boolean { return true; }
  override equals(other: Transform): boolean { return other instanceof StickBreakingTransform; }
  override _call(x: Tensor): Tensor {
    const n = x.shape[x.dim() - 1]!;
    const offset = rsub(n + 1, x.newOnes([n]).cumsum(-1));
    const z = clippedSigmoid(x.sub(offset.log()));
    const zCumprod = rsub(1, z).cumprod(-1);
    return pad(z, [0, 1], { value: 1 }).mul(pad(zCumprod, [1, 0], { value: 1 }));
  }
  override _inverse(y: Tensor): Tensor {
    const yCrop = y.index(['...', slice(null, -1)]);
    const offset = rsub(y.shape[y.dim() - 1]!, y.newOnes([yCrop.shape[yCrop.dim() - 1]!]).cumsum(-1));
    let sf = rsub(1, yCrop.cumsum(-1));
    sf = T.clamp(sf, { min: finfo(y.dtype).tiny });
    return yCrop.log().sub(sf.log()).add(offset.log());
  }
  override logAbsDetJacobian(x0: Tensor, y: Tensor): Tensor {
    const n = x0.shape[x0.dim() - 1]!;
    const offset = rsub(n + 1, x0.newOnes([n]).cumsum(-1));
    const x = x0.sub(offset.log());
    return x.neg().add(logsigmoid(x)).add(y.index(['...', slice(null, -1)]).log()).sum(-1);
  }
  override forwardShape(shape: readonly number[]): number[] {
    if (shape.length < 1) throw new RangeError('Too few dimensions on input');
    return [...shape.slice(0, -1), shape[shape.length - 1]! + 1];
  }
  override inverseShape(shape: readonly number[]): number[] {
    if (shape.length < 1) throw new RangeError('Too few dimensions on input');
    return [...shape.slice(0, -1), shape[shape.length - 1]! - 1];
  }
}

/** Unconstrained matrices to lower triangular ones with a positive diagonal. @example new torch.distributions.LowerCholeskyTransform()(torch.zeros(2, 2)) */
export class LowerCholeskyTransform extends Transform {
  override get domain(): constraints.Constraint { return constraints.independent(constraints.real, 2); }
  override get codomain(): constraints.Constraint { return constraints.lowerCholesky; }
  override equals(other: Transform): boolean { return other instanceof LowerCholeskyTransform; }
  override _call(x: Tensor): Tensor { return x.tril(-1).add(x.diagonal({ dim1: -2, dim2: -1 }).exp().diagEmbed()); }
  override _inverse(y: Tensor): Tensor { return y.tril(-1).add(y.diagonal({ dim1: -2, dim2: -1 }).log().diagEmbed()); }
}

/** Unconstrained matrices to positive definite ones. @example new torch.distributions.PositiveDefiniteTransform()(torch.zeros(2, 2)) */
export class PositiveDefiniteTransform extends Transform {
  override get domain(): constraints.Constraint { return constraints.independent(constraints.real, 2); }
  override get codomain(): constraints.Constraint { return constraints.positiveDefinite; }
  override equals(other: Transform): boolean { return other instanceof PositiveDefiniteTransform; }
  override _call(x: Tensor): Tensor {
    const l = new LowerCholeskyTransform()(x);
    return l.matmul(l.mT);
  }
  override _inverse(y: Tensor): Tensor {
    return new LowerCholeskyTransform().inv(linalg.cholesky(y));
  }
}

function checkDim(dim: number, t: Tensor, what: string): void {
  if (!(-t.dim() <= dim && dim < t.dim())) throw new RangeError(`dim ${dim} out of range for ${what} with ${t.dim()} dimensions`);
}

/**
 * Applies transforms to consecutive pieces (of `lengths`) along `dim`, as torch.cat.
 * @example new torch.distributions.CatTransform([new torch.distributions.ExpTransform(), new torch.distributions.AbsTransform()], 0, [2, 2])
 */
export class CatTransform extends Transform {
  transforms!: Transform[];
  lengths!: number[];
  dim!: number;
  constructor(tseq: readonly Transform[], dim = 0, lengths?: readonly number[], cacheSize = 0) {
    super(cacheSize);
    if (!tseq.every((t) => t instanceof Transform)) throw new TypeError('All elements of tseq must be Transform instances');
    this.transforms = cacheSize ? tseq.map((t) => t.withCache(cacheSize)) : [...tseq];
    this.lengths = lengths === undefined ? this.transforms.map(() => 1) : [...lengths];
    if (this.lengths.length !== this.transforms.length) throw new RangeError(`lengths (${this.lengths.length}) must match transforms (${this.transforms.length})`);
    this.dim = dim;
  }
  override get eventDim(): number { return Math.max(...this.transforms.map((t) => t.eventDim)); }
  /** The total length along dim. */
  get length(): number { return this.lengths.reduce((a, b) => a + b, 0); }
  override withCache(cacheSize = 1): Transform {
    if (this._cacheSize === cacheSize) return this;
    return new CatTransform(this.transforms, this.dim, this.lengths, cacheSize);
  }
  private pieces(x: Tensor, what: string, fn: (t: Transform, piece: Tensor) => Tensor): Tensor[] {
    checkDim(this.dim, x, what);
    if (x.size(this.dim) !== this.length) throw new RangeError(`${what === 'tensor' ? 'x' : what}.size(${this.dim}) = ${x.size(this.dim)} must equal length ${this.length}`);
    let start = 0;
    return this.transforms.map((t, i) => {
      const out = fn(t, x.narrow(this.dim, start, this.lengths[i]!));
      start += this.lengths[i]!;
      return out;
    });
  }
  override _call(x: Tensor): Tensor { return T.cat(this.pieces(x, 'tensor', (t, p) => t(p)), this.dim); }
  override _inverse(y: Tensor): Tensor { return T.cat(this.pieces(y, 'tensor', (t, p) => t.inv(p)), this.dim); }
  override logAbsDetJacobian(x: Tensor, y: Tensor): Tensor {
    checkDim(this.dim, y, 'y');
    const ys: Tensor[] = [];
    let start = 0;
    this.transforms.forEach((_t, i) => { ys.push(y.narrow(this.dim, start, this.lengths[i]!)); start += this.lengths[i]!; });
    let k = 0;
    const logdetjacs = this.pieces(x, 'x', (t, xs) => {
      let l = t.logAbsDetJacobian(xs, ys[k++]!);
      if (t.eventDim < this.eventDim) l = sumRightmost(l, this.eventDim - t.eventDim);
      return l;
    });
    let dim = this.dim;
    if (dim >= 0) dim -= x.dim();
    dim += this.eventDim;
    if (dim < 0) return T.cat(logdetjacs, dim);
    return logdetjacs.reduce((a, b) => a.add(b));
  }
  override get bijective(): boolean { return this.transforms.every((t) => t.bijective); }
  override get domain(): constraints.Constraint { return constraints.cat(this.transforms.map((t) => t.domain), this.dim, this.lengths); }
  override get codomain(): constraints.Constraint { return constraints.cat(this.transforms.map((t) => t.codomain), this.dim, this.lengths); }
}

/**
 * Applies one transform per slice along `dim`, as torch.stack.
 * @example new torch.distributions.StackTransform([new torch.distributions.ExpTransform(), new torch.distributions.AbsTransform()], 1)
 */
export class StackTransform extends Transform {
  transforms!: Transform[];
  dim!: number;
  constructor(tseq: readonly Transform[], dim = 0, cacheSize = 0) {
    super(cacheSize);
    if (!tseq.every((t) => t instanceof Transform)) throw new TypeError('All elements of tseq must be Transform instances');
    this.transforms = cacheSize ? tseq.map((t) => t.withCache(cacheSize)) : [...tseq];
    this.dim = dim;
  }
  override withCache(cacheSize = 1): Transform {
    if (this._cacheSize === cacheSize) return this;
    return new StackTransform(this.transforms, this.dim, cacheSize);
  }
  private slices(z: Tensor, what: string): Tensor[] {
    checkDim(this.dim, z, what);
    if (z.size(this.dim) !== this.transforms.length) throw new RangeError(`${what === 'tensor' ? 'x' : what}.size(${this.dim}) = ${z.size(this.dim)} must equal len(transforms) ${this.transforms.length}`);
    return Array.from({ length: z.size(this.dim) }, (_, i) => z.select(this.dim, i));
  }
  override _call(x: Tensor): Tensor { return T.stack(this.slices(x, 'tensor').map((s, i) => this.transforms[i]!(s)), this.dim); }
  override _inverse(y: Tensor): Tensor { return T.stack(this.slices(y, 'tensor').map((s, i) => this.transforms[i]!.inv(s)), this.dim); }
  override logAbsDetJacobian(x: Tensor, y: Tensor): Tensor {
    const xs = this.slices(x, 'x');
    const ys = this.slices(y, 'y');
    return T.stack(xs.map((xi, i) => this.transforms[i]!.logAbsDetJacobian(xi, ys[i]!)), this.dim);
  }
  override get bijective(): boolean { return this.transforms.every((t) => t.bijective); }
  override get domain(): constraints.Constraint { return constraints.stack(this.transforms.map((t) => t.domain), this.dim); }
  override get codomain(): constraints.Constraint { return constraints.stack(this.transforms.map((t) => t.codomain), this.dim); }
}

/**
 * The cdf of a distribution as a transform to the unit interval (the copula's building block).
 * @example new torch.distributions.CumulativeDistributionTransform(new torch.distributions.Normal(0, 1))
 */
export class CumulativeDistributionTransform extends Transform {
  distribution!: Distribution;
  constructor(distribution: Distribution, cacheSize = 0) {
    super(cacheSize);
    this.distribution = distribution;
  }
  override get bijective(): boolean { return true; }
  override get codomain(): constraints.Constraint { return constraints.unitInterval; }
  override get sign(): number { return 1; }
  override get domain(): constraints.Constraint { return this.distribution.support; }
  override _call(x: Tensor): Tensor { return this.distribution.cdf(x); }
  override _inverse(y: Tensor): Tensor { return this.distribution.icdf(y); }
  override logAbsDetJacobian(x: Tensor, _y: Tensor): Tensor { return this.distribution.logProb(x); }
  override withCache(cacheSize = 1): Transform {
    if (this._cacheSize === cacheSize) return this;
    return new CumulativeDistributionTransform(this.distribution, cacheSize);
  }
}
