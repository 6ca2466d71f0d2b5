// torch.distributions.MixtureSameFamily, as torch/distributions/mixture_same_family.py.
import type { Tensor } from '../tensor.js';
import * as T from '../generated/functions.js';
import { noGrad } from '../autograd/grad_mode.js';
import * as constraints from './constraints.js';
import { Distribution, type DistributionOptions, validateOption } from './distribution.js';
import { Categorical } from './categorical.js';

/**
 * A mixture whose components are the last batch dimension of one distribution, weighted by a
 * Categorical.
 * @example
 * const mix = new torch.distributions.Categorical(torch.ones(5));
 * const comp = new torch.distributions.Normal(torch.randn(5), torch.rand(5));
 * const gmm = new torch.distributions.MixtureSameFamily(mix, comp);
 */
export class MixtureSameFamily extends Distribution {
  /** @internal */ _mixtureDistribution!: Categorical;
  /** @internal */ _componentDistribution!: Distribution;
  /** @internal */ _numComponent!: number;
  /** @internal */ _eventNdims!: number;

  constructor(mixtureDistribution: Categorical, componentDistribution: Distribution, options: DistributionOptions = {}) {
    super();
    this._mixtureDistribution = mixtureDistribution;
    this._componentDistribution = componentDistribution;
    if (!(mixtureDistribution instanceof Categorical)) throw new TypeError(' The Mixture distribution needs to be an  instance of torch.distributions.Categorical');
    if (!(componentDistribution instanceof Distribution)) throw new TypeError('The Component distribution needs to be an instance of torch.distributions.Distribution');
    const mdbs = mixtureDistribution.batchShape;
    const cdbs = componentDistribution.batchShape.slice(0, -1);
    for (let k = 1; k <= Math.min(mdbs.length, cdbs.length); k++) {
      const s1 = mdbs[mdbs.length - k]!; const s2 = cdbs[cdbs.length - k]!;
      if (s1 !== 1 && s2 !== 1 && s1 !== s2) {
        throw new RangeError(`\`mixture_distribution.batch_shape\` (${String(mdbs)}) is not compatible with \`component_distribution.batch_shape\`(torch.Size([${cdbs.join(', ')}]))`);
      }
    }
    const ls = mixtureDistribution.logits.shape;
    const km = ls[ls.length - 1]!;
    const cb = componentDistribution.batchShape;
    const kc = cb[cb.length - 1];
    if (kc !== undefined && km !== kc) throw new RangeError(`\`mixture_distribution component\` (${km}) does not equal \`component_distribution.batch_shape[-1]\` (${kc})`);
    this._numComponent = km;
    this._eventNdims = componentDistribution.eventShape.length;
    this._init(cdbs, componentDistribution.eventShape, validateOption(new.target.name, options));
  }

  override get argConstraints(): Record<string, constraints.Constraint> { return {}; }
  /** @example gmm.expand([3]) */
  override expand(batchShape: readonly number[]): MixtureSameFamily {
    const comp = this._componentDistribution.expand([...batchShape, this._numComponent]);
    return this._expanded(batchShape, (n) => {
      n._componentDistribution = comp;
      n._mixtureDistribution = this._mixtureDistribution.expand(batchShape);
      n._numComponent = this._numComponent;
      n._eventNdims = this._eventNdims;
    }, comp.eventShape);
  }
  override get support(): constraints.Constraint { return new constraints.MixtureSameFamilyConstraint(this._componentDistribution.support); }
  get mixtureDistribution(): Categorical { return this._mixtureDistribution; }
  get componentDistribution(): Distribution { return this._componentDistribution; }
  override get mean(): Tensor {
    const probs = this.padMixtureDimensions(this.mixtureDistribution.probs);
    return T.sum(probs.mul(this.componentDistribution.mean), -1 - this._eventNdims);
  }
  override get variance(): Tensor {
    const probs = this.padMixtureDimensions(this.mixtureDistribution.probs);
    const meanCondVar = T.sum(probs.mul(this.componentDistribution.variance), -1 - this._eventNdims);
    const varCondMean = T.sum(probs.mul(this.componentDistribution.mean.sub(this.pad(this.mean)).pow(2.0)), -1 - this._eventNdims);
    return meanCondVar.add(varCondMean);
  }
  /** @example gmm.cdf(torch.tensor(0)) */
  override cdf(x: Tensor): Tensor {
    const cdfX = this.componentDistribution.cdf(this.pad(x));
    return T.sum(cdfX.mul(this.mixtureDistribution.probs), -1);
  }
  /** @example gmm.logProb(torch.tensor(0)) */
  override logProb(x: Tensor): Tensor {
    if (this._validateArgs) this._validateSample(x);
    const logProbX = this.componentDistribution.logProb(this.pad(x));
    const logMixProb = T.logSoftmax(this.mixtureDistribution.logits, -1);
    return T.logsumexp(logProbX.add(logMixProb), -1);
  }
  /** @example gmm.sample([3]) */
  override sample(sampleShape: readonly number[] = []): Tensor {
    return noGrad(() => {
      const gatherDim = sampleShape.length + this._batchShape.length;
      const es = this._eventShape;
      const mixSample = this.mixtureDistribution.sample(sampleShape);
      const mixShape = mixSample.shape;
      const compSamples = this.componentDistribution.sample(sampleShape);
      let r = mixSample.reshape([...mixShape, ...new Array<number>(es.length + 1).fill(1)]);
      r = r.repeat([...new Array<number>(mixShape.length).fill(1), 1, ...es]);
      return T.gather(compSamples, gatherDim, r).squeeze(gatherDim);
    });
  }
  private pad(x: Tensor): Tensor { return x.unsqueeze(-1 - this._eventNdims); }
  private padMixtureDimensions(x: Tensor): Tensor {
    const distBatchNdims = this._batchShape.length;
    const catBatchNdims = this.mixtureDistribution.batchShape.length;
    const padNdims = catBatchNdims === 1 ? 0 : distBatchNdims - catBatchNdims;
    const xs = x.shape;
    return x.reshape([...xs.slice(0, -1), ...new Array<number>(padNdims).fill(1), ...xs.slice(-1), ...new Array<number>(this._eventNdims).fill(1)]);
  }
  override toString(): string {
    return `MixtureSameFamily(\n  ${String(this.mixtureDistribution)},\n  ${String(this.componentDistribution)})`;
  }
}
