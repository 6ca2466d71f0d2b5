// torch.distributions.constraints: the sets a distribution's parameters and values live in, as
// torch/distributions/constraints.py (same names in camelCase, same reprs, same checks).
import { Tensor } from '../tensor.js';
import * as T from '../generated/functions.js';
import { linalg } from '../generated/namespaces.js';
import { finfo } from '../type_info.js';
import { pyFloat } from './utils.js';

/** A bound of a constraint: a number, or a tensor (a distribution's parameter). */
export type Bound = number | Tensor;

// Python formats bounds in f-strings: a 0-dim tensor as its item (Tensor.__format__).
function fmtBound(b: Bound, integer: boolean): string {
  if (b instanceof Tensor) {
    if (b.dim() !== 0) return String(b);
    if (b.dtype === 'bool') return b.item() ? 'True' : 'False';
    return b.isFloatingPoint() ? pyFloat(b.item()) : String(b.item());
  }
  return integer && Number.isInteger(b) ? String(b) : pyFloat(b);
}

/**
 * The base class of constraints: `check(value)` gives a boolean tensor of the batch shape,
 * `eventDim` the dimensions one check covers, `isDiscrete` whether the set is discrete.
 * @example torch.distributions.constraints.positive.check(torch.tensor([1, -1]))
 */
export class Constraint {
  /** Whether the set is discrete. */
  get isDiscrete(): boolean { return false; }
  /** The number of rightmost dimensions that together define one event. */
  get eventDim(): number { return 0; }
  /** A boolean tensor: whether each event of value satisfies the constraint. */
  check(_value: Tensor): Tensor {
    throw new Error('NotImplementedError');
  }
  /** Python's class name (without the leading underscore). */
  protected get reprName(): string { return this.constructor.name.replace(/^_/, ''); }
  /** Python's repr, e.g. 'GreaterThan(lower_bound=0.0)'. */
  toString(): string { return `${this.reprName}()`; }
}

/**
 * A constraint that depends on the distribution's other parameters (a placeholder that cannot be
 * checked). Calling `.call({ isDiscrete, eventDim })` gives one with those attributes.
 * @example torch.distributions.constraints.isDependent(torch.distributions.constraints.dependent)
 */
export class _Dependent extends Constraint {
  constructor(protected readonly _isDiscrete?: boolean, protected readonly _eventDim?: number) { super(); }
  override get isDiscrete(): boolean {
    if (this._isDiscrete === undefined) throw new Error('NotImplementedError: .is_discrete cannot be determined statically');
    return this._isDiscrete;
  }
  override get eventDim(): number {
    if (this._eventDim === undefined) throw new Error('NotImplementedError: .event_dim cannot be determined statically');
    return this._eventDim;
  }
  /** A dependent constraint with these attributes (Python's `dependent(is_discrete=..., event_dim=...)`). */
  call(options: { isDiscrete?: boolean; eventDim?: number } = {}): _Dependent {
    return new _Dependent(options.isDiscrete ?? this._isDiscrete, options.eventDim ?? this._eventDim);
  }
  override check(_value: Tensor): Tensor {
    throw new RangeError('Cannot determine validity of dependent constraint');
  }
}

/**
 * Whether a constraint is a dependent one (cannot be checked).
 * @example torch.distributions.constraints.isDependent(torch.distributions.constraints.real) // false
 */
export function isDependent(constraint: Constraint): boolean {
  return constraint instanceof _Dependent;
}

/**
 * Reinterprets batch dimensions of a base constraint as event dimensions.
 * @example torch.distributions.constraints.independent(torch.distributions.constraints.real, 1)
 */
export class _IndependentConstraint extends Constraint {
  constructor(readonly baseConstraint: Constraint, readonly reinterpretedBatchNdims: number) {
    super();
    if (!(baseConstraint instanceof Constraint)) throw new TypeError('base_constraint must be a Constraint');
    if (!Number.isInteger(reinterpretedBatchNdims) || reinterpretedBatchNdims < 0) throw new RangeError(`reinterpreted_batch_ndims must be >= 0, got ${reinterpretedBatchNdims}`);
  }
  override get isDiscrete(): boolean { return this.baseConstraint.isDiscrete; }
  override get eventDim(): number { return this.baseConstraint.eventDim + this.reinterpretedBatchNdims; }
  override check(value: Tensor): Tensor {
    let result = this.baseConstraint.check(value);
    if (result.dim() < this.reinterpretedBatchNdims) {
      const expected = this.baseConstraint.eventDim + this.reinterpretedBatchNdims;
      throw new RangeError(`Expected value.dim() >= ${expected} but got ${value.dim()}`);
    }
    result = result.reshape([...result.shape.slice(0, result.dim() - this.reinterpretedBatchNdims), -1]);
    return result.all(-1);
  }
  override toString(): string { return `IndependentConstraint(${String(this.baseConstraint)}, ${this.reinterpretedBatchNdims})`; }
}

/**
 * The support of a MixtureSameFamily: the component support, checked against every component.
 * @example new torch.distributions.constraints.MixtureSameFamilyConstraint(torch.distributions.constraints.real)
 */
export class MixtureSameFamilyConstraint extends Constraint {
  constructor(readonly baseConstraint: Constraint) { super(); }
  override get isDiscrete(): boolean { return this.baseConstraint.isDiscrete; }
  override get eventDim(): number { return this.baseConstraint.eventDim; }
  override check(value: Tensor): Tensor {
    const unsqueezed = value.unsqueeze(-1 - this.eventDim);
    let result = this.baseConstraint.check(unsqueezed);
    if (value.dim() < this.eventDim) throw new RangeError(`Expected value.dim() >= ${this.eventDim} but got ${value.dim()}`);
    const keep = value.dim() - this.eventDim;
    result = result.reshape([...result.shape.slice(0, keep), -1]);
    return result.all(-1);
  }
  override toString(): string { return `MixtureSameFamilyConstraint(${String(this.baseConstraint)})`; }
}

/** {0, 1}. @example torch.distributions.constraints.boolean.check(torch.tensor([0, 1, 2])) */
export class _Boolean extends Constraint {
  override get isDiscrete(): boolean { return true; }
  override check(value: Tensor): Tensor { return value.eq(0).logicalOr(value.eq(1)); }
}

/** One-hot vectors. @example torch.distributions.constraints.oneHot.check(torch.tensor([0, 1])) */
export class _OneHot extends Constraint {
  override get isDiscrete(): boolean { return true; }
  override get eventDim(): number { return 1; }
  override check(value: Tensor): Tensor {
    const isBoolean = value.eq(0).logicalOr(value.eq(1));
    const isNormalized = value.sum(-1).eq(1);
    return isBoolean.all(-1).logicalAnd(isNormalized);
  }
}

function isInt(value: Tensor): Tensor { return value.remainder(1).eq(0); }
function le(a: Bound, b: Tensor): Tensor { return b.ge(a); }

/** Integers in [lower, upper]. @example torch.distributions.constraints.integerInterval(0, 5) */
export class _IntegerInterval extends Constraint {
  constructor(readonly lowerBound: Bound, readonly upperBound: Bound) { super(); }
  override get isDiscrete(): boolean { return true; }
  override check(value: Tensor): Tensor {
    return isInt(value).logicalAnd(le(this.lowerBound, value)).logicalAnd(value.le(this.upperBound));
  }
  override toString(): string { return `IntegerInterval(lower_bound=${fmtBound(this.lowerBound, true)}, upper_bound=${fmtBound(this.upperBound, true)})`; }
}

/** Integers <= upper. @example torch.distributions.constraints.integerLessThan(5) */
export class _IntegerLessThan extends Constraint {
  constructor(readonly upperBound: Bound) { super(); }
  override get isDiscrete(): boolean { return true; }
  override check(value: Tensor): Tensor { return isInt(value).logicalAnd(value.le(this.upperBound)); }
  override toString(): string { return `IntegerLessThan(upper_bound=${fmtBound(this.upperBound, true)})`; }
}

/** Integers >= lower. @example torch.distributions.constraints.integerGreaterThan(0) */
export class _IntegerGreaterThan extends Constraint {
  constructor(readonly lowerBound: Bound) { super(); }
  override get isDiscrete(): boolean { return true; }
  override check(value: Tensor): Tensor { return isInt(value).logicalAnd(value.ge(this.lowerBound)); }
  override toString(): string { return `IntegerGreaterThan(lower_bound=${fmtBound(this.lowerBound, true)})`; }
}

/** The reals (not NaN). @example torch.distributions.constraints.real.check(torch.tensor([NaN])) */
export class _Real extends Constraint {
  override check(value: Tensor): Tensor { return value.eq(value); }
}

/** (lower, inf). @example torch.distributions.constraints.greaterThan(1) */
export class _GreaterThan extends Constraint {
  constructor(readonly lowerBound: Bound) { super(); }
  override check(value: Tensor): Tensor { return value.gt(this.lowerBound); }
  override toString(): string { return `GreaterThan(lower_bound=${fmtBound(this.lowerBound, false)})`; }
}

/** [lower, inf). @example torch.distributions.constraints.greaterThanEq(0) */
export class _GreaterThanEq extends Constraint {
  constructor(readonly lowerBound: Bound) { super(); }
  override check(value: Tensor): Tensor { return value.ge(this.lowerBound); }
  override toString(): string { return `GreaterThanEq(lower_bound=${fmtBound(this.lowerBound, false)})`; }
}

/** (-inf, upper). @example torch.distributions.constraints.lessThan(1) */
export class _LessThan extends Constraint {
  constructor(readonly upperBound: Bound) { super(); }
  override check(value: Tensor): Tensor { return value.lt(this.upperBound); }
  override toString(): string { return `LessThan(upper_bound=${fmtBound(this.upperBound, false)})`; }
}

/** [lower, upper]. @example torch.distributions.constraints.interval(0, 1) */
export class _Interval extends Constraint {
  constructor(readonly lowerBound: Bound, readonly upperBound: Bound) { super(); }
  override check(value: Tensor): Tensor { return le(this.lowerBound, value).logicalAnd(value.le(this.upperBound)); }
  override toString(): string { return `Interval(lower_bound=${fmtBound(this.lowerBound, false)}, upper_bound=${fmtBound(this.upperBound, false)})`; }
}

/** [lower, upper). @example torch.distributions.constraints.halfOpenInterval(0, 1) */
export class _HalfOpenInterval extends Constraint {
  constructor(readonly lowerBound: Bound, readonly upperBound: Bound) { super(); }
  override check(value: Tensor): Tensor { return le(this.lowerBound, value).logicalAnd(value.lt(this.upperBound)); }
  override toString(): string { return `HalfOpenInterval(lower_bound=${fmtBound(this.lowerBound, false)}, upper_bound=${fmtBound(this.upperBound, false)})`; }
}

/** Nonnegative vectors summing to 1. @example torch.distributions.constraints.simplex.check(torch.tensor([0.5, 0.5])) */
export class _Simplex extends Constraint {
  override get eventDim(): number { return 1; }
  override check(value: Tensor): Tensor {
    return value.ge(0).all(-1).logicalAnd(value.sum(-1).sub(1).abs().lt(1e-6));
  }
}

/** Nonnegative integer vectors summing to at most upper. @example torch.distributions.constraints.multinomial(10) */
export class _Multinomial extends Constraint {
  constructor(readonly upperBound: Bound) { super(); }
  override get isDiscrete(): boolean { return true; }
  override get eventDim(): number { return 1; }
  override check(x: Tensor): Tensor { return x.ge(0).all(-1).logicalAnd(x.sum(-1).le(this.upperBound)); }
}

function trilCheck(value: Tensor): Tensor {
  return value.tril().eq(value).view([...value.shape.slice(0, -2), -1]).min(-1)[0];
}

/** Lower triangular matrices. @example torch.distributions.constraints.lowerTriangular.check(torch.eye(2)) */
export class _LowerTriangular extends Constraint {
  override get eventDim(): number { return 2; }
  override check(value: Tensor): Tensor { return trilCheck(value); }
}

/** Lower triangular matrices with a positive diagonal. @example torch.distributions.constraints.lowerCholesky.check(torch.eye(2)) */
export class _LowerCholesky extends Constraint {
  override get eventDim(): number { return 2; }
  override check(value: Tensor): Tensor {
    const positiveDiagonal = value.diagonal({ dim1: -2, dim2: -1 }).gt(0).min(-1)[0];
    return trilCheck(value).logicalAnd(positiveDiagonal);
  }
}

/** Cholesky factors of correlation matrices. @example torch.distributions.constraints.corrCholesky.check(torch.eye(2)) */
export class _CorrCholesky extends Constraint {
  override get eventDim(): number { return 2; }
  override check(value: Tensor): Tensor {
    const tol = finfo(value.dtype).eps * value.shape[value.dim() - 1]! * 10;
    const rowNorm = linalg.norm(value.detach(), { dim: -1 });
    const unitRowNorm = rowNorm.sub(1.0).abs().le(tol).all(-1);
    return new _LowerCholesky().check(value).logicalAnd(unitRowNorm);
  }
}

/** Square matrices. @example torch.distributions.constraints.square.check(torch.eye(2)) */
export class _Square extends Constraint {
  override get eventDim(): number { return 2; }
  override check(value: Tensor): Tensor {
    const s = value.shape;
    return T.full(s.slice(0, -2), s[s.length - 2] === s[s.length - 1], { dtype: 'bool', device: value.device });
  }
}

/** Symmetric matrices. @example torch.distributions.constraints.symmetric.check(torch.eye(2)) */
export class _Symmetric extends _Square {
  override check(value: Tensor): Tensor {
    const square = super.check(value);
    if (!square.all().item()) return square;
    return T.isclose(value, value.mT, { atol: 1e-6 }).all(-2).all(-1);
  }
}

/** Positive semidefinite matrices. @example torch.distributions.constraints.positiveSemidefinite.check(torch.eye(2)) */
export class _PositiveSemidefinite extends _Symmetric {
  override check(value: Tensor): Tensor {
    const sym = super.check(value);
    if (!sym.all().item()) return sym;
    return linalg.eigvalsh(value).ge(0).all(-1);
  }
}

/** Positive definite matrices. @example torch.distributions.constraints.positiveDefinite.check(torch.eye(2)) */
export class _PositiveDefinite extends _Symmetric {
  override check(value: Tensor): Tensor {
    const sym = super.check(value);
    if (!sym.all().item()) return sym;
    return linalg.choleskyEx(value).info.eq(0);
  }
}

/**
 * Applies a sequence of constraints to consecutive pieces (of `lengths`) along `dim`.
 * @example torch.distributions.constraints.cat([constraints.real, constraints.positive], 0)
 */
export class _Cat extends Constraint {
  readonly cseq: Constraint[];
  readonly lengths: number[];
  constructor(cseq: readonly Constraint[], readonly dim = 0, lengths?: readonly number[]) {
    super();
    if (!cseq.every((c) => c instanceof Constraint)) throw new TypeError('All elements of cseq must be Constraint instances');
    this.cseq = [...cseq];
    this.lengths = lengths === undefined ? this.cseq.map(() => 1) : [...lengths];
    if (this.lengths.length !== this.cseq.length) throw new RangeError(`lengths (${this.lengths.length}) must match cseq (${this.cseq.length})`);
  }
  override get isDiscrete(): boolean { return this.cseq.some((c) => c.isDiscrete); }
  override get eventDim(): number { return Math.max(...this.cseq.map((c) => c.eventDim)); }
  override check(value: Tensor): Tensor {
    if (!(-value.dim() <= this.dim && this.dim < value.dim())) throw new RangeError(`dim ${this.dim} out of range for value with ${value.dim()} dimensions`);
    const checks: Tensor[] = [];
    let start = 0;
    this.cseq.forEach((c, i) => {
      checks.push(c.check(value.narrow(this.dim, start, this.lengths[i]!)));
      start += this.lengths[i]!;
    });
    return T.cat(checks, this.dim);
  }
}

/**
 * Applies a sequence of constraints to the slices along `dim`.
 * @example torch.distributions.constraints.stack([constraints.real, constraints.positive], 0)
 */
export class _Stack extends Constraint {
  readonly cseq: Constraint[];
  constructor(cseq: readonly Constraint[], readonly dim = 0) {
    super();
    if (!cseq.every((c) => c instanceof Constraint)) throw new TypeError('All elements of cseq must be Constraint instances');
    this.cseq = [...cseq];
  }
  override get isDiscrete(): boolean { return this.cseq.some((c) => c.isDiscrete); }
  override get eventDim(): number {
    let dim = Math.max(...this.cseq.map((c) => c.eventDim));
    if (this.dim + dim < 0) dim += 1;
    return dim;
  }
  override check(value: Tensor): Tensor {
    if (!(-value.dim() <= this.dim && this.dim < value.dim())) throw new RangeError(`dim ${this.dim} out of range for value with ${value.dim()} dimensions`);
    const n = value.size(this.dim);
    const checks: Tensor[] = [];
    for (let i = 0; i < n; i++) checks.push(this.cseq[i]!.check(value.select(this.dim, i)));
    return T.stack(checks, this.dim);
  }
}

/** A constraint that depends on other parameters. @example torch.distributions.constraints.dependent */
export const dependent = new _Dependent();
/**
 * A dependent constraint with static attributes (Python's `dependent_property(is_discrete=..., event_dim=...)`).
 * @example torch.distributions.constraints.dependentProperty({ isDiscrete: true, eventDim: 0 })
 */
export function dependentProperty(options: { isDiscrete?: boolean; eventDim?: number } = {}): _Dependent {
  return new _Dependent(options.isDiscrete, options.eventDim);
}
/** @example torch.distributions.constraints.independent(torch.distributions.constraints.real, 1) */
export function independent(baseConstraint: Constraint, reinterpretedBatchNdims: number): _IndependentConstraint {
  return new _IndependentConstraint(baseConstraint, reinterpretedBatchNdims);
}
/** @example torch.distributions.constraints.boolean */
export const boolean = new _Boolean();
/** @example torch.distributions.constraints.oneHot */
export const oneHot = new _OneHot();
/** @example torch.distributions.constraints.nonnegativeInteger */
export const nonnegativeInteger = new _IntegerGreaterThan(0);
/** @example torch.distributions.constraints.positiveInteger */
export const positiveInteger = new _IntegerGreaterThan(1);
/** @example torch.distributions.constraints.integerInterval(0, 3) */
export function integerInterval(lowerBound: Bound, upperBound: Bound): _IntegerInterval { return new _IntegerInterval(lowerBound, upperBound); }
/** @example torch.distributions.constraints.real */
export const real = new _Real();
/** @example torch.distributions.constraints.realVector */
export const realVector = independent(real, 1);
/** @example torch.distributions.constraints.positive */
export const positive = new _GreaterThan(0.0);
/** @example torch.distributions.constraints.nonnegative */
export const nonnegative = new _GreaterThanEq(0.0);
/** @example torch.distributions.constraints.greaterThan(1) */
export function greaterThan(lowerBound: Bound): _GreaterThan { return new _GreaterThan(lowerBound); }
/** @example torch.distributions.constraints.greaterThanEq(1) */
export function greaterThanEq(lowerBound: Bound): _GreaterThanEq { return new _GreaterThanEq(lowerBound); }
/** @example torch.distributions.constraints.lessThan(1) */
export function lessThan(upperBound: Bound): _LessThan { return new _LessThan(upperBound); }
/** @example torch.distributions.constraints.multinomial(10) */
export function multinomial(upperBound: Bound): _Multinomial { return new _Multinomial(upperBound); }
/** @example torch.distributions.constraints.unitInterval */
export const unitInterval = new _Interval(0.0, 1.0);
/** @example torch.distributions.constraints.interval(-1, 1) */
export function interval(lowerBound: Bound, upperBound: Bound): _Interval { return new _Interval(lowerBound, upperBound); }
/** @example torch.distributions.constraints.halfOpenInterval(0, 1) */
export function halfOpenInterval(lowerBound: Bound, upperBound: Bound): _HalfOpenInterval { return new _HalfOpenInterval(lowerBound, upperBound); }
/** @example torch.distributions.constraints.simplex */
export const simplex = new _Simplex();
/** @example torch.distributions.constraints.lowerTriangular */
export const lowerTriangularConstraint = new _LowerTriangular();
/** @example torch.distributions.constraints.lowerCholesky */
export const lowerCholesky = new _LowerCholesky();
/** @example torch.distributions.constraints.corrCholesky */
export const corrCholesky = new _CorrCholesky();
/** @example torch.distributions.constraints.square */
export const square = new _Square();
/** @example torch.distributions.constraints.symmetric */
export const symmetric = new _Symmetric();
/** @example torch.distributions.constraints.positiveSemidefinite */
export const positiveSemidefinite = new _PositiveSemidefinite();
/** @example torch.distributions.constraints.positiveDefinite */
export const positiveDefinite = new _PositiveDefinite();
/** @example torch.distributions.constraints.cat([constraints.real, constraints.positive]) */
export function cat(cseq: readonly Constraint[], dim = 0, lengths?: readonly number[]): _Cat { return new _Cat(cseq, dim, lengths); }
/** @example torch.distributions.constraints.stack([constraints.real, constraints.positive]) */
export function stack(cseq: readonly Constraint[], dim = 0): _Stack { return new _Stack(cseq, dim); }
export { lowerTriangularConstraint as lowerTriangular };
