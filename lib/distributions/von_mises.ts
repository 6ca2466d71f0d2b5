// torch.distributions.VonMises, as torch/distributions/von_mises.py (rejection sampling in
// float64, the same uniform draws per round as Python).
import type { Tensor } from '../tensor.js';
import * as T from '../generated/functions.js';
import { noGrad } from '../autograd/grad_mode.js';
import * as constraints from './constraints.js';
import { Distribution, type DistributionOptions, validateOption } from './distribution.js';
import { broadcastAll, rdiv, rsub, type ParamLike } from './utils.js';

function evalPoly(y: Tensor, coef: readonly number[]): Tensor | number {
  const c = [...coef];
  let result: Tensor | number = c.pop()!;
  while (c.length > 0) result = y.mul(result).add(c.pop()!);
  return result;
}

const I0_COEF_SMALL = [1.0, 3.5156229, 3.0899424, 1.2067492, 0.2659732, 0.360768e-1, 0.45813e-2];
const I0_COEF_LARGE = [0.39894228, 0.1328592e-1, 0.225319e-2, -0.157565e-2, 0.916281e-2, -0.2057706e-1, 0.2635537e-1, -0.1647633e-1, 0.392377e-2];
const I1_COEF_SMALL = [0.5, 0.87890594, 0.51498869, 0.15084934, 0.2658733e-1, 0.301532e-2, 0.32411e-3];
const I1_COEF_LARGE = [0.39894228, -0.3988024e-1, -0.362018e-2, 0.163801e-2, -0.1031555e-1, 0.2282967e-1, -0.2895312e-1, 0.1787654e-1, -0.420059e-2];

/** @internal log of the modified Bessel function of order 0 or 1 (Python's polynomial approximations). */
export function logModifiedBesselFn(x: Tensor, order = 0): Tensor {
  if (order !== 0 && order !== 1) throw new RangeError(`order must be 0 or 1, got ${order}`);
  let y = x.div(3.75);
  y = y.mul(y);
  let small = evalPoly(y, order === 0 ? I0_COEF_SMALL : I1_COEF_SMALL) as Tensor;
  if (order === 1) small = x.abs().mul(small);
  small = small.log();
  y = rdiv(3.75, x);
  const large = x.sub(x.log().mul(0.5)).add((evalPoly(y, order === 0 ? I0_COEF_LARGE : I1_COEF_LARGE) as Tensor).log());
  return T.where(x.lt(3.75), small, large);
}

function rejectionSample(loc: Tensor, concentration: Tensor, proposalR: Tensor, x: Tensor): Tensor {
  let done = T.zeros(x.shape, { dtype: 'bool', device: loc.device });
  while (!done.all().item()) {
    const u = T.rand([3, ...x.shape], { dtype: loc.dtype, device: loc.device });
    const [u1, u2, u3] = u.unbind() as [Tensor, Tensor, Tensor];
    const z = T.cos(u1.mul(Math.PI));
    const f = proposalR.mul(z).add(1).div(proposalR.add(z));
    const c = concentration.mul(proposalR.sub(f));
    const accept = c.mul(rsub(2, c)).sub(u2).gt(0).logicalOr(c.div(u2).log().add(1).sub(c).ge(0));
    if (accept.any().item()) {
      x = T.where(accept, u3.sub(0.5).sign().mul(f.acos()), x);
      done = done.logicalOr(accept);
    }
  }
  return x.add(Math.PI).add(loc).remainder(2 * Math.PI).sub(Math.PI);
}

/**
 * The von Mises (circular normal) distribution of `loc` and `concentration`.
 * @example new torch.distributions.VonMises(torch.tensor([1.0]), torch.tensor([1.0])).sample()
 */
export class VonMises extends Distribution {
  loc!: Tensor;
  concentration!: Tensor;
  constructor(loc: ParamLike, concentration: ParamLike, options: DistributionOptions = {}) {
    super();
    [this.loc, this.concentration] = broadcastAll(loc, concentration) as [Tensor, Tensor];
    this._init(this.loc.shape, [], validateOption(new.target.name, options));
  }
  override get argConstraints(): Record<string, constraints.Constraint> { return { loc: constraints.real, concentration: constraints.positive }; }
  override get support(): constraints.Constraint { return constraints.real; }
  /** @example new torch.distributions.VonMises(0, 1).logProb(torch.tensor(1)) */
  override logProb(value: Tensor): Tensor {
    if (this._validateArgs) this._validateSample(value);
    return this.concentration.mul(T.cos(value.sub(this.loc))).sub(Math.log(2 * Math.PI)).sub(logModifiedBesselFn(this.concentration, 0));
  }
  private get proposalR(): Tensor {
    const kappa = this.concentration.to('float64');
    const tau = kappa.pow(2).mul(4).add(1).sqrt().add(1);
    const rho = tau.sub(tau.mul(2).sqrt()).div(kappa.mul(2));
    const r = rho.pow(2).add(1).div(rho.mul(2));
    const taylor = rdiv(1, kappa).add(kappa);
    return T.where(kappa.lt(1e-5), taylor, r);
  }
  /** @example new torch.distributions.VonMises(0, 1).sample([3]) */
  override sample(sampleShape: readonly number[] = []): Tensor {
    return noGrad(() => {
      const shape = this._extendedShape(sampleShape);
      const loc = this.loc.to('float64');
      const x = T.empty([...shape], { dtype: loc.dtype, device: this.loc.device });
      return rejectionSample(loc, this.concentration.to('float64'), this.proposalR, x).to(this.loc.dtype);
    });
  }
  /** @example new torch.distributions.VonMises(0, 1).expand([3]) */
  override expand(batchShape: readonly number[]): VonMises {
    const v = (this as unknown as { _validateArgsOverride?: boolean })._validateArgsOverride;
    return new VonMises(this.loc.expand([...batchShape]), this.concentration.expand([...batchShape]), v === undefined ? {} : { validateArgs: v });
  }
  override get mean(): Tensor { return this.loc; }
  override get mode(): Tensor { return this.loc; }
  override get variance(): Tensor {
    return rsub(1, logModifiedBesselFn(this.concentration, 1).sub(logModifiedBesselFn(this.concentration, 0)).exp());
  }
}
