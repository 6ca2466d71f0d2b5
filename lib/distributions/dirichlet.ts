// torch.distributions.Dirichlet, as torch/distributions/dirichlet.py (torch._sample_dirichlet with
// the reparameterized gradient of torch._dirichlet_grad).
import { Tensor } from '../tensor.js';
import * as T from '../generated/functions.js';
import { ops } from '../ops_namespace.js';
import { Function, type FunctionCtx } from '../autograd/function.js';
import * as constraints from './constraints.js';
import { type DistributionOptions, validateOption } from './distribution.js';
import { ExponentialFamily } from './exp_family.js';

class DirichletSample extends Function {
  static override forward(ctx: FunctionCtx, concentration: Tensor): Tensor {
    const x = ops.aten._sample_dirichlet(concentration) as Tensor;
    ctx.saveForBackward(x, concentration);
    return x;
  }
  static override backward(ctx: FunctionCtx, gradOutput: Tensor | null): Tensor {
    const [x, concentration] = ctx.savedTensors as [Tensor, Tensor];
    const total = concentration.sum(-1, true).expandAs(concentration);
    const grad = ops.aten._dirichlet_grad(x, concentration, total) as Tensor;
    return grad.mul(gradOutput!.sub(x.mul(gradOutput!).sum(-1, true)));
  }
}

/**
 * The Dirichlet distribution of `concentration` (the last dimension is the event).
 * @example new torch.distributions.Dirichlet(torch.tensor([0.5, 0.5])).sample()
 */
export class Dirichlet extends ExponentialFamily {
  concentration!: Tensor;

  constructor(concentration: Tensor, options: DistributionOptions = {}) {
    super();
    if (!(concentration instanceof Tensor)) throw new TypeError(`Dirichlet(concentration): concentration must be a Tensor`);
    if (concentration.dim() < 1) throw new RangeError('`concentration` parameter must be at least one-dimensional.');
    this.concentration = concentration;
    const s = concentration.shape;
    this._init(s.slice(0, -1), s.slice(-1), validateOption(new.target.name, options));
  }

  override get argConstraints(): Record<string, constraints.Constraint> { return { concentration: constraints.independent(constraints.positive, 1) }; }
  override get support(): constraints.Constraint { return constraints.simplex; }
  override get hasRsample(): boolean { return true; }

  /** @example new torch.distributions.Dirichlet(torch.ones(3)).expand([2]) */
  override expand(batchShape: readonly number[]): Dirichlet {
    return this._expanded(batchShape, (n) => { n.concentration = this.concentration.expand([...batchShape, ...this._eventShape]); });
  }

  /** @example new torch.distributions.Dirichlet(torch.ones(3)).rsample() */
  override rsample(sampleShape: readonly number[] = []): Tensor {
    const shape = this._extendedShape(sampleShape);
    return DirichletSample.apply(this.concentration.expand(shape)) as Tensor;
  }

  /** @example new torch.distributions.Dirichlet(torch.ones(2)).logProb(torch.tensor([0.3, 0.7])) */
  override logProb(value: Tensor): Tensor {
    if (this._validateArgs) this._validateSample(value);
    return T.xlogy(this.concentration.sub(1.0), value).sum(-1).add(T.lgamma(this.concentration.sum(-1))).sub(T.lgamma(this.concentration).sum(-1));
  }

  override get mean(): Tensor { return this.concentration.div(this.concentration.sum(-1, true)); }
  override get mode(): Tensor {
    const cm1 = this.concentration.sub(1).clamp({ min: 0.0 });
    const mode = cm1.div(cm1.sum(-1, true));
    const mask = this.concentration.lt(1).all(-1);
    const k = cm1.shape[cm1.dim() - 1]!;
    mode.indexPut_([mask], T.oneHot(mode.index([mask]).argmax(-1), k).to(mode));
    return mode;
  }
  override get variance(): Tensor {
    const con0 = this.concentration.sum(-1, true);
    return this.concentration.mul(con0.sub(this.concentration)).div(con0.pow(2).mul(con0.add(1)));
  }

  /** @example new torch.distributions.Dirichlet(torch.ones(3)).entropy() */
  override entropy(): Tensor {
    const k = this.concentration.size(-1);
    const a0 = this.concentration.sum(-1);
    return T.lgamma(this.concentration).sum(-1).sub(T.lgamma(a0)).sub(T.rsub(a0, k).mul(T.digamma(a0)))
      .sub(this.concentration.sub(1.0).mul(T.digamma(this.concentration)).sum(-1));
  }

  override get _naturalParams(): Tensor[] { return [this.concentration]; }
  override _logNormalizer(x: Tensor): Tensor { return x.lgamma().sum(-1).sub(T.lgamma(x.sum(-1))); }
}
