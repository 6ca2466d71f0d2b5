// torch.distributions.TransformedDistribution, as torch/distributions/transformed_distribution.py.
import { Tensor } from '../tensor.js';
import { noGrad } from '../autograd/grad_mode.js';
import * as constraints from './constraints.js';
import { Distribution, type DistributionOptions, validateOption } from './distribution.js';
import { Independent } from './independent.js';
import { ComposeTransform, Transform } from './transforms.js';
import { sameShape, sumRightmost } from './utils.js';

/** @internal The product of transform signs (numbers, or tensors as PowerTransform's). */
export function mulSign(a: number | Tensor, b: number | Tensor): number | Tensor {
  if (typeof a === 'number' && typeof b === 'number') return a * b;
  return a instanceof Tensor ? a.mul(b) : (b as Tensor).mul(a);
}

/** @internal Passed by subclasses that call _setup themselves. */
export const DEFERRED = Symbol('deferred') as unknown as Distribution;

/**
 * A base distribution pushed through a sequence of transforms: samples are transformed, and
 * logProb adds the log-abs-det-Jacobians.
 * @example
 * const base = new torch.distributions.Uniform(0, 1);
 * const logistic = new torch.distributions.TransformedDistribution(base, [new torch.distributions.SigmoidTransform().inv]);
 */
export class TransformedDistribution extends Distribution {
  baseDist!: Distribution;
  transforms!: Transform[];

  constructor(baseDistribution: Distribution, transforms: Transform | readonly Transform[], options: DistributionOptions = {}) {
    super();
    // Subclasses set their own parameters first, then call _setup (Python's super().__init__).
    if ((baseDistribution as unknown) === DEFERRED) return;
    this._setup(baseDistribution, transforms, validateOption(new.target.name, options));
  }

  /** @internal The body of Python's __init__ (subclasses call it after setting their parameters). */
  protected _setup(baseDistribution: Distribution, transforms: Transform | readonly Transform[], validateArgs: boolean | undefined): void {
    if (transforms instanceof Transform) {
      this.transforms = [transforms];
    } else if (Array.isArray(transforms)) {
      if (!transforms.every((t) => t instanceof Transform)) throw new TypeError('transforms must be a Transform or a list of Transforms');
      this.transforms = [...(transforms as Transform[])];
    } else {
      throw new TypeError(`transforms must be a Transform or list, but was ${String(transforms)}`);
    }
    let base = baseDistribution;
    const baseShape = [...base.batchShape, ...base.eventShape];
    const baseEventDim = base.eventShape.length;
    const transform = new ComposeTransform(this.transforms);
    if (baseShape.length < transform.domain.eventDim) {
      throw new RangeError(`base_distribution needs to have shape with size at least ${transform.domain.eventDim}, but got torch.Size([${baseShape.join(', ')}]).`);
    }
    const forwardShape = transform.forwardShape(baseShape);
    const expandedBaseShape = transform.inverseShape(forwardShape);
    if (!sameShape(baseShape, expandedBaseShape)) {
      base = base.expand(expandedBaseShape.slice(0, expandedBaseShape.length - baseEventDim));
    }
    const reinterpreted = transform.domain.eventDim - baseEventDim;
    if (reinterpreted > 0) base = new Independent(base, reinterpreted);
    this.baseDist = base;
    const change = transform.codomain.eventDim - transform.domain.eventDim;
    const eventDim = Math.max(transform.codomain.eventDim, baseEventDim + change);
    const cut = forwardShape.length - eventDim;
    this._init(forwardShape.slice(0, cut), forwardShape.slice(cut), validateArgs);
  }

  override get argConstraints(): Record<string, constraints.Constraint> { return {}; }

  /** @example d.expand([3]) */
  override expand(batchShape: readonly number[]): TransformedDistribution {
    let shape = [...batchShape, ...this._eventShape];
    for (const t of [...this.transforms].reverse()) shape = t.inverseShape(shape);
    const baseBatchShape = shape.slice(0, shape.length - this.baseDist.eventShape.length);
    return this._expanded(batchShape, (n) => {
      n.baseDist = this.baseDist.expand(baseBatchShape);
      n.transforms = this.transforms;
    });
  }

  override get support(): constraints.Constraint {
    if (this.transforms.length === 0) return this.baseDist.support;
    let support = this.transforms[this.transforms.length - 1]!.codomain;
    if (this._eventShape.length > support.eventDim) support = constraints.independent(support, this._eventShape.length - support.eventDim);
    return support;
  }
  override get hasRsample(): boolean { return this.baseDist.hasRsample; }

  /** @example d.sample([2]) */
  override sample(sampleShape: readonly number[] = []): Tensor {
    return noGrad(() => {
      let x = this.baseDist.sample(sampleShape);
      for (const t of this.transforms) x = t(x);
      return x;
    });
  }

  /** @example d.rsample([2]) */
  override rsample(sampleShape: readonly number[] = []): Tensor {
    let x = this.baseDist.rsample(sampleShape);
    for (const t of this.transforms) x = t(x);
    return x;
  }

  /** @example d.logProb(torch.tensor(0.5)) */
  override logProb(value: Tensor): Tensor {
    if (this._validateArgs) this._validateSample(value);
    let eventDim = this._eventShape.length;
    let logProb: Tensor | number = 0.0;
    let y = value;
    for (const t of [...this.transforms].reverse()) {
      const x = t.inv(y);
      eventDim += t.domain.eventDim - t.codomain.eventDim;
      const term = sumRightmost(t.logAbsDetJacobian(x, y), eventDim - t.domain.eventDim);
      logProb = typeof logProb === 'number' ? term.neg().add(logProb) : logProb.sub(term);
      y = x;
    }
    const baseTerm = sumRightmost(this.baseDist.logProb(y), eventDim - this.baseDist.eventShape.length);
    return typeof logProb === 'number' ? baseTerm.add(logProb) : logProb.add(baseTerm);
  }

  /** @internal */
  _monotonizeCdf(value: Tensor): Tensor {
    let sign: number | Tensor = 1;
    for (const t of this.transforms) {
      const s = t.sign;
      sign = mulSign(sign, s);
    }
    if (typeof sign === 'number' && sign === 1) return value;
    return value.sub(0.5).mul(sign).add(0.5);
  }

  /** @example d.cdf(torch.tensor(0.5)) */
  override cdf(value: Tensor): Tensor {
    for (const t of [...this.transforms].reverse()) value = t.inv(value);
    if (this._validateArgs) this.baseDist._validateSample(value);
    return this._monotonizeCdf(this.baseDist.cdf(value));
  }

  /** @example d.icdf(torch.tensor(0.5)) */
  override icdf(value: Tensor): Tensor {
    value = this.baseDist.icdf(this._monotonizeCdf(value));
    for (const t of this.transforms) value = t(value);
    return value;
  }
}
