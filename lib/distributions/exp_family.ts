// torch.distributions.ExponentialFamily: entropy through the log normalizer's gradient (Bregman
// divergence), as torch/distributions/exp_family.py.
import type { Tensor } from '../tensor.js';
import { grad } from '../autograd/backward.js';
import { Distribution, notImplemented } from './distribution.js';

/**
 * The base class of exponential family distributions, p(x; θ) = exp(<t(x), θ> - F(θ) + k(x)):
 * subclasses give the natural parameters θ, the log normalizer F and the carrier measure k.
 * @example new torch.distributions.Normal(0, 1) instanceof torch.distributions.ExponentialFamily // true
 */
export abstract class ExponentialFamily extends Distribution {
  /** @internal The natural parameters. */
  get _naturalParams(): Tensor[] { throw notImplemented(`${this.constructor.name}._naturalParams`); }
  /** @internal The log normalizer of the natural parameters. */
  _logNormalizer(..._naturalParams: Tensor[]): Tensor { throw notImplemented(`${this.constructor.name}._logNormalizer`); }
  /** @internal The expected carrier measure. */
  get _meanCarrierMeasure(): number | Tensor { throw notImplemented(`${this.constructor.name}._meanCarrierMeasure`); }

  /** The entropy, through the Bregman divergence of the log normalizer. @example new torch.distributions.Poisson(2).entropy() */
  override entropy(): Tensor {
    const m = this._meanCarrierMeasure;
    const nparams = this._naturalParams.map((p) => p.detach().requiresGrad_());
    const lgNormal = this._logNormalizer(...nparams);
    const gradients = grad(lgNormal.sum(), nparams, { createGraph: true });
    let result = lgNormal.add(typeof m === 'number' ? -m : m.neg());
    nparams.forEach((np, i) => {
      result = result.sub(np.mul(gradients[i]!).reshape([...this._batchShape, -1]).sum(-1));
    });
    return result;
  }
}
