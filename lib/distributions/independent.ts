// torch.distributions.Independent, as torch/distributions/independent.py.
import type { Tensor } from '../tensor.js';
import * as constraints from './constraints.js';
import { Distribution, notImplemented, type DistributionOptions, validateOption } from './distribution.js';
import { sumRightmost } from './utils.js';

/**
 * Reinterprets batch dimensions of a distribution as event dimensions (log probabilities summed
 * over them).
 * @example
 * const base = new torch.distributions.Normal(torch.zeros(3), torch.ones(3));
 * new torch.distributions.Independent(base, 1).logProb(torch.zeros(3)); // one number
 */
export class Independent<D extends Distribution = Distribution> extends Distribution {
  baseDist!: D;
  reinterpretedBatchNdims!: number;

  constructor(baseDistribution: D, reinterpretedBatchNdims: number, options: DistributionOptions = {}) {
    super();
    const nb = baseDistribution.batchShape.length;
    if (reinterpretedBatchNdims > nb) {
      throw new RangeError(`Expected reinterpreted_batch_ndims <= len(base_distribution.batch_shape), actual ${reinterpretedBatchNdims} vs ${nb}`);
    }
    const shape = [...baseDistribution.batchShape, ...baseDistribution.eventShape];
    const eventDim = reinterpretedBatchNdims + baseDistribution.eventShape.length;
    this.baseDist = baseDistribution;
    this.reinterpretedBatchNdims = reinterpretedBatchNdims;
    this._init(shape.slice(0, shape.length - eventDim), shape.slice(shape.length - eventDim), validateOption(new.target.name, options));
  }

  override get argConstraints(): Record<string, constraints.Constraint> { return {}; }
  /** @example new torch.distributions.Independent(new torch.distributions.Normal(torch.zeros(3), 1), 1).expand([2]) */
  override expand(batchShape: readonly number[]): Independent<D> {
    return this._expanded(batchShape, (n) => {
      n.baseDist = this.baseDist.expand([...batchShape, ...this._eventShape.slice(0, this.reinterpretedBatchNdims)]) as D;
      n.reinterpretedBatchNdims = this.reinterpretedBatchNdims;
    });
  }
  override get hasRsample(): boolean { return this.baseDist.hasRsample; }
  override get hasEnumerateSupport(): boolean {
    if (this.reinterpretedBatchNdims > 0) return false;
    return this.baseDist.hasEnumerateSupport;
  }
  override get support(): constraints.Constraint {
    const result = this.baseDist.support;
    return this.reinterpretedBatchNdims ? constraints.independent(result, this.reinterpretedBatchNdims) : result;
  }
  override get mean(): Tensor { return this.baseDist.mean; }
  override get mode(): Tensor { return this.baseDist.mode; }
  override get variance(): Tensor { return this.baseDist.variance; }
  /** @example d.sample([2]) */
  override sample(sampleShape: readonly number[] = []): Tensor { return this.baseDist.sample(sampleShape); }
  /** @example d.rsample([2]) */
  override rsample(sampleShape: readonly number[] = []): Tensor { return this.baseDist.rsample(sampleShape); }
  /** @example d.logProb(torch.zeros(3)) */
  override logProb(value: Tensor): Tensor { return sumRightmost(this.baseDist.logProb(value), this.reinterpretedBatchNdims); }
  /** @example d.entropy() */
  override entropy(): Tensor { return sumRightmost(this.baseDist.entropy(), this.reinterpretedBatchNdims); }
  /** @example new torch.distributions.Independent(new torch.distributions.Bernoulli(torch.ones(2, 3).mul(0.5)), 0).enumerateSupport() */
  override enumerateSupport(expand = true): Tensor {
    if (this.reinterpretedBatchNdims > 0) throw notImplemented('Enumeration over cartesian product is not implemented');
    return this.baseDist.enumerateSupport(expand);
  }
  override toString(): string { return `Independent(${String(this.baseDist)}, ${this.reinterpretedBatchNdims})`; }
}
