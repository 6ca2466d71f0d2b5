// torch.distributions.constraint_registry: biject_to and transform_to, as
// torch/distributions/constraint_registry.py (a registry from constraint classes to factories).
import * as constraints from './constraints.js';
import { notImplemented } from './distribution.js';
import * as transforms from './transforms.js';

/** A factory of a transform for a constraint. */
export type TransformFactory<C extends constraints.Constraint = constraints.Constraint> = (constraint: C) => transforms.Transform;
/** A constraint class (constructor), as a registry key. */
export type ConstraintClass = abstract new (...args: never[]) => constraints.Constraint;

/**
 * A registry linking constraints to transforms: calling it on a constraint gives a transform from
 * the reals onto the constraint's set.
 * @example
 * const t = torch.distributions.bijectTo(torch.distributions.constraints.positive);
 * t(torch.tensor([-1, 0, 1])); // exp
 */
export class ConstraintRegistry {
  private readonly registry = new Map<ConstraintClass, TransformFactory>();

  /**
   * Registers a factory for a constraint class (or the class of a constraint instance).
   * @example torch.distributions.bijectTo.register(MyConstraint, (c) => new torch.distributions.ExpTransform())
   */
  register<C extends constraints.Constraint>(constraint: ConstraintClass | C, factory: TransformFactory<C>): TransformFactory<C> {
    let cls: unknown = constraint;
    if (constraint instanceof constraints.Constraint) cls = constraint.constructor;
    if (typeof cls !== 'function' || !((cls as unknown) === constraints.Constraint || (cls as ConstraintClass).prototype instanceof constraints.Constraint)) {
      throw new TypeError(`Expected constraint to be either a Constraint subclass or instance, but got ${String(constraint)}`);
    }
    this.registry.set(cls as ConstraintClass, factory as TransformFactory);
    return factory;
  }

  /**
   * The transform for a constraint.
   * @example torch.distributions.transformTo.call(torch.distributions.constraints.simplex)
   */
  call(constraint: constraints.Constraint): transforms.Transform {
    const factory = this.registry.get(constraint.constructor as ConstraintClass);
    if (factory === undefined) throw notImplemented(`Cannot transform ${constraint.constructor.name} constraints`);
    return factory(constraint);
  }
}

/** A registry callable as a function, as Python's registries are. */
export type CallableRegistry = ConstraintRegistry & ((constraint: constraints.Constraint) => transforms.Transform);

function callable(registry: ConstraintRegistry): CallableRegistry {
  const f = ((c: constraints.Constraint) => registry.call(c)) as CallableRegistry;
  f.register = registry.register.bind(registry) as CallableRegistry['register'];
  f.call = registry.call.bind(registry) as CallableRegistry['call'];
  return f;
}

/**
 * The bijective transform from the reals onto a constraint's set (`biject_to`).
 * @example torch.distributions.bijectTo(torch.distributions.constraints.simplex) // StickBreakingTransform
 */
export const bijectTo: CallableRegistry = callable(new ConstraintRegistry());
/**
 * A transform from the reals onto a constraint's set, not necessarily bijective (`transform_to`).
 * @example torch.distributions.transformTo(torch.distributions.constraints.simplex) // SoftmaxTransform
 */
export const transformTo: CallableRegistry = callable(new ConstraintRegistry());

const both = (c: ConstraintClass | constraints.Constraint, f: TransformFactory): void => {
  bijectTo.register(c, f);
  transformTo.register(c, f);
};

both(constraints.real, () => transforms.identityTransform);
bijectTo.register(constraints._IndependentConstraint, (c: constraints._IndependentConstraint) => new transforms.IndependentTransform(bijectTo(c.baseConstraint), c.reinterpretedBatchNdims));
transformTo.register(constraints._IndependentConstraint, (c: constraints._IndependentConstraint) => new transforms.IndependentTransform(transformTo(c.baseConstraint), c.reinterpretedBatchNdims));
both(constraints.positive, () => new transforms.ExpTransform());
both(constraints.nonnegative, () => new transforms.ExpTransform());
const greater = (c: constraints.Constraint) => new transforms.ComposeTransform([new transforms.ExpTransform(), new transforms.AffineTransform((c as constraints._GreaterThan).lowerBound, 1)]);
both(constraints._GreaterThan, greater);
both(constraints._GreaterThanEq, greater);
both(constraints._LessThan, (c) => new transforms.ComposeTransform([new transforms.ExpTransform(), new transforms.AffineTransform((c as constraints._LessThan).upperBound, -1)]));
const interval = (c0: constraints.Constraint) => {
  const c = c0 as constraints._Interval;
  const lowerIs0 = typeof c.lowerBound === 'number' && c.lowerBound === 0;
  const upperIs1 = typeof c.upperBound === 'number' && c.upperBound === 1;
  if (lowerIs0 && upperIs1) return new transforms.SigmoidTransform();
  const loc = c.lowerBound;
  const scale = typeof c.upperBound === 'number' && typeof c.lowerBound === 'number'
    ? c.upperBound - c.lowerBound
    : (typeof c.upperBound === 'number' ? (c.lowerBound as import('../tensor.js').Tensor).neg().add(c.upperBound) : c.upperBound.sub(c.lowerBound));
  return new transforms.ComposeTransform([new transforms.SigmoidTransform(), new transforms.AffineTransform(loc, scale)]);
};
both(constraints._Interval, interval);
both(constraints._HalfOpenInterval, interval);
bijectTo.register(constraints.simplex, () => new transforms.StickBreakingTransform());
transformTo.register(constraints.simplex, () => new transforms.SoftmaxTransform());
transformTo.register(constraints.lowerCholesky, () => new transforms.LowerCholeskyTransform());
transformTo.register(constraints.positiveDefinite, () => new transforms.PositiveDefiniteTransform());
transformTo.register(constraints.positiveSemidefinite, () => new transforms.PositiveDefiniteTransform());
both(constraints.corrCholesky, () => new transforms.CorrCholeskyTransform());
bijectTo.register(constraints._Cat, (c: constraints._Cat) => new transforms.CatTransform(c.cseq.map((x) => bijectTo(x)), c.dim, c.lengths));
transformTo.register(constraints._Cat, (c: constraints._Cat) => new transforms.CatTransform(c.cseq.map((x) => transformTo(x)), c.dim, c.lengths));
bijectTo.register(constraints._Stack, (c: constraints._Stack) => new transforms.StackTransform(c.cseq.map((x) => bijectTo(x)), c.dim));
transformTo.register(constraints._Stack, (c: constraints._Stack) => new transforms.StackTransform(c.cseq.map((x) => transformTo(x)), c.dim));
