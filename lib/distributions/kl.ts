// torch.distributions.kl: kl_divergence and its registry, as torch/distributions/kl.py (the same
// pairs, the same dispatch: the most specific registered pair, with a warning when two differ).
import type { Tensor } from '../tensor.js';
import * as T from '../generated/functions.js';
import { linalg, special } from '../generated/namespaces.js';
import { grad } from '../autograd/backward.js';
import { softplus } from '../nn/functional/activation.js';
import { Distribution, notImplemented } from './distribution.js';
import { ExponentialFamily } from './exp_family.js';
import { Bernoulli } from './bernoulli.js';
import { Beta } from './beta.js';
import { Binomial } from './binomial.js';
import { Categorical } from './categorical.js';
import { Cauchy } from './cauchy.js';
import { ContinuousBernoulli } from './continuous_bernoulli.js';
import { Dirichlet } from './dirichlet.js';
import { Exponential } from './exponential.js';
import { Gamma } from './gamma.js';
import { Geometric } from './geometric.js';
import { Gumbel } from './gumbel.js';
import { HalfNormal } from './half_normal.js';
import { Independent } from './independent.js';
import { Laplace } from './laplace.js';
import { LowRankMultivariateNormal, batchLowrankLogdet, batchLowrankMahalanobis } from './lowrank_multivariate_normal.js';
import { MultivariateNormal, batchMahalanobis } from './multivariate_normal.js';
import { Normal } from './normal.js';
import { OneHotCategorical } from './one_hot_categorical.js';
import { Pareto } from './pareto.js';
import { Poisson } from './poisson.js';
import { TransformedDistribution } from './transformed_distribution.js';
import { Uniform } from './uniform.js';
import { broadcastShape, eulerConstant as EULER, rsub, sameShape, sumRightmost } from './utils.js';
import type { _Interval, _GreaterThanEq } from './constraints.js';

/** A distribution class (constructor), as a registry key. */
export type DistributionClass<D extends Distribution = Distribution> = abstract new (...args: never[]) => D;
/** A KL divergence implementation for a pair of distribution classes. */
export type KLFunction<P extends Distribution = Distribution, Q extends Distribution = Distribution> = (p: P, q: Q) => Tensor;

const REGISTRY = new Map<DistributionClass, Map<DistributionClass, KLFunction>>();
const MEMO = new Map<DistributionClass, Map<DistributionClass, KLFunction | null>>();

/**
 * Registers `fn` as the KL divergence of (typeP, typeQ); also usable as a decorator-like
 * function: `registerKl(P, Q)(fn)`. Lookup picks the most specific registered pair of superclasses.
 * @example
 * torch.distributions.registerKl(MyNormal, MyNormal, (p, q) => ...);
 */
export function registerKl<P extends Distribution, Q extends Distribution>(typeP: DistributionClass<P>, typeQ: DistributionClass<Q>, fn: KLFunction<P, Q>): KLFunction<P, Q>;
export function registerKl<P extends Distribution, Q extends Distribution>(typeP: DistributionClass<P>, typeQ: DistributionClass<Q>): (fn: KLFunction<P, Q>) => KLFunction<P, Q>;
export function registerKl<P extends Distribution, Q extends Distribution>(typeP: DistributionClass<P>, typeQ: DistributionClass<Q>, fn?: KLFunction<P, Q>): KLFunction<P, Q> | ((fn: KLFunction<P, Q>) => KLFunction<P, Q>) {
  for (const [t, name] of [[typeP, 'type_p'], [typeQ, 'type_q']] as const) {
    if (typeof t !== 'function' || !((t as unknown) === Distribution || t.prototype instanceof Distribution)) {
      throw new TypeError(`Expected ${name} to be a Distribution subclass but got ${String(t)}`);
    }
  }
  const decorator = (f: KLFunction<P, Q>): KLFunction<P, Q> => {
    if (typeof f !== 'function') throw new TypeError('registerKl: the KL function must be a function');
    let inner = REGISTRY.get(typeP);
    if (inner === undefined) REGISTRY.set(typeP, (inner = new Map()));
    inner.set(typeQ, f as KLFunction);
    MEMO.clear();
    return f;
  };
  return fn === undefined ? decorator : decorator(fn);
}

function isSubclass(x: DistributionClass, y: DistributionClass): boolean {
  return x === y || x.prototype instanceof y;
}

// Python's _Match.__le__ and the __lt__ total_ordering derives from it.
function matchLe(a: readonly DistributionClass[], b: readonly DistributionClass[]): boolean {
  for (let i = 0; i < a.length; i++) {
    if (!isSubclass(a[i]!, b[i]!)) return false;
    if (a[i] !== b[i]) break;
  }
  return true;
}
function matchLt(a: readonly DistributionClass[], b: readonly DistributionClass[]): boolean {
  return matchLe(a, b) && !(a[0] === b[0] && a[1] === b[1]);
}
function minMatch(ms: DistributionClass[][]): DistributionClass[] {
  let best = ms[0]!;
  for (const m of ms.slice(1)) if (matchLt(m, best)) best = m;
  return best;
}

function dispatchKl(typeP: DistributionClass, typeQ: DistributionClass): KLFunction | null {
  const matches: DistributionClass[][] = [];
  for (const [sp, inner] of REGISTRY) for (const sq of inner.keys()) if (isSubclass(typeP, sp) && isSubclass(typeQ, sq)) matches.push([sp, sq]);
  if (matches.length === 0) return null;
  const [leftP, leftQ] = minMatch(matches) as [DistributionClass, DistributionClass];
  const [rightQ, rightP] = minMatch(matches.map((m) => [...m].reverse())) as [DistributionClass, DistributionClass];
  const leftFun = REGISTRY.get(leftP)!.get(leftQ)!;
  const rightFun = REGISTRY.get(rightP)!.get(rightQ)!;
  if (leftFun !== rightFun) {
    process.emitWarning(`Ambiguous kl_divergence(${typeP.name}, ${typeQ.name}). Please register_kl(${leftP.name}, ${rightQ.name})`, 'RuntimeWarning');
  }
  return leftFun;
}

/**
 * The Kullback-Leibler divergence KL(p || q), per batch element.
 * @example torch.distributions.klDivergence(new torch.distributions.Normal(0, 1), new torch.distributions.Normal(1, 2))
 */
export function klDivergence(p: Distribution, q: Distribution): Tensor {
  const tp = p.constructor as DistributionClass;
  const tq = q.constructor as DistributionClass;
  let inner = MEMO.get(tp);
  if (inner === undefined) MEMO.set(tp, (inner = new Map()));
  let fun = inner.get(tq);
  if (fun === undefined) {
    fun = dispatchKl(tp, tq);
    inner.set(tq, fun);
  }
  if (fun === null) throw notImplemented(`No KL(p || q) is implemented for p type ${tp.name} and q type ${tq.name}`);
  return fun(p, q);
}

const infiniteLike = (t: Tensor): Tensor => T.fullLike(t, Infinity);
const xLogX = (t: Tensor): Tensor => special.xlogy(t, t);
function batchTraceXXT(bmat: Tensor): Tensor {
  const n = bmat.size(-1);
  const m = bmat.size(-2);
  return bmat.reshape(-1, m * n).pow(2).sum(-1).reshape(bmat.shape.slice(0, -2));
}
function setWhere(t: Tensor, mask: Tensor, value: number): void {
  t.indexPut_([mask], value);
}
function klNotImplemented(): Error { return notImplemented(''); }

function klNormalNormal(p: Normal, q: Normal): Tensor {
  const varRatio = p.scale.div(q.scale).pow(2);
  const t1 = p.loc.sub(q.loc).div(q.scale).pow(2);
  return varRatio.add(t1).sub(1).sub(varRatio.log()).mul(0.5);
}
function klCategoricalCategorical(p: Categorical, q: Categorical): Tensor {
  const t = p.probs.mul(p.logits.sub(q.logits));
  setWhere(t, q.probs.eq(0).expandAs(t), Infinity);
  setWhere(t, p.probs.eq(0).expandAs(t), 0);
  return t.sum(-1);
}

registerKl(Bernoulli, Bernoulli, (p, q) => {
  const t1 = p.probs.mul(softplus(q.logits.neg()).sub(softplus(p.logits.neg())));
  setWhere(t1, q.probs.eq(0), Infinity);
  setWhere(t1, p.probs.eq(0), 0);
  const t2 = rsub(1, p.probs).mul(softplus(q.logits).sub(softplus(p.logits)));
  setWhere(t2, q.probs.eq(1), Infinity);
  setWhere(t2, p.probs.eq(1), 0);
  return t1.add(t2);
});
registerKl(Beta, Beta, (p, q) => {
  const sp = p.concentration1.add(p.concentration0);
  const sq = q.concentration1.add(q.concentration0);
  const t1 = q.concentration1.lgamma().add(q.concentration0.lgamma()).add(sp.lgamma());
  const t2 = p.concentration1.lgamma().add(p.concentration0.lgamma()).add(sq.lgamma());
  const t3 = p.concentration1.sub(q.concentration1).mul(T.digamma(p.concentration1));
  const t4 = p.concentration0.sub(q.concentration0).mul(T.digamma(p.concentration0));
  const t5 = sq.sub(sp).mul(T.digamma(sp));
  return t1.sub(t2).add(t3).add(t4).add(t5);
});
registerKl(Binomial, Binomial, (p, q) => {
  if (p.totalCount.lt(q.totalCount).any().item()) throw notImplemented('KL between Binomials where q.total_count > p.total_count is not implemented');
  const kl = p.totalCount.mul(p.probs.mul(p.logits.sub(q.logits)).add(p.probs.neg().log1p()).sub(q.probs.neg().log1p()));
  const infIdxs = p.totalCount.gt(q.totalCount);
  kl.indexPut_([infIdxs], infiniteLike(kl.index([infIdxs])));
  return kl;
});
registerKl(Categorical, Categorical, klCategoricalCategorical);
registerKl(ContinuousBernoulli, ContinuousBernoulli, (p, q) => {
  const t1 = p.mean.mul(p.logits.sub(q.logits));
  const t2 = p._contBernLogNorm().add(T.log1p(p.probs.neg()));
  const t3 = q._contBernLogNorm().neg().sub(T.log1p(q.probs.neg()));
  return t1.add(t2).add(t3);
});
registerKl(Dirichlet, Dirichlet, (p, q) => {
  const sp = p.concentration.sum(-1);
  const sq = q.concentration.sum(-1);
  const t1 = sp.lgamma().sub(sq.lgamma());
  const t2 = p.concentration.lgamma().sub(q.concentration.lgamma()).sum(-1);
  const t3 = p.concentration.sub(q.concentration);
  const t4 = p.concentration.digamma().sub(sp.digamma().unsqueeze(-1));
  return t1.sub(t2).add(t3.mul(t4).sum(-1));
});
registerKl(Exponential, Exponential, (p, q) => {
  const rateRatio = q.rate.div(p.rate);
  return rateRatio.log().neg().add(rateRatio).sub(1);
});
registerKl(ExponentialFamily, ExponentialFamily, (p, q) => {
  if (p.constructor !== q.constructor) throw notImplemented('The cross KL-divergence between different exponential families cannot                             be computed using Bregman divergences');
  const pn = p._naturalParams.map((np) => np.detach().requiresGrad_());
  const qn = q._naturalParams;
  const lgNormal = p._logNormalizer(...pn);
  const gradients = grad(lgNormal.sum(), pn, { createGraph: true });
  let result = q._logNormalizer(...qn).sub(lgNormal);
  pn.forEach((pnp, i) => {
    result = result.sub(sumRightmost(qn[i]!.sub(pnp).mul(gradients[i]!), q.eventShape.length));
  });
  return result;
});
registerKl(Gamma, Gamma, (p, q) => {
  const t1 = q.concentration.mul(p.rate.div(q.rate).log());
  const t2 = T.lgamma(q.concentration).sub(T.lgamma(p.concentration));
  const t3 = p.concentration.sub(q.concentration).mul(T.digamma(p.concentration));
  const t4 = q.rate.sub(p.rate).mul(p.concentration.div(p.rate));
  return t1.add(t2).add(t3).add(t4);
});
registerKl(Gumbel, Gumbel, (p, q) => {
  const ct1 = p.scale.div(q.scale);
  const ct2 = q.loc.div(q.scale);
  const ct3 = p.loc.div(q.scale);
  const t1 = ct1.log().neg().sub(ct2).add(ct3);
  const t2 = ct1.mul(EULER);
  const t3 = T.exp(ct2.add(ct1.add(1).lgamma()).sub(ct3));
  return t1.add(t2).add(t3).sub(1 + EULER);
});
registerKl(Geometric, Geometric, (p, q) => p.entropy().neg().sub(T.log1p(q.probs.neg()).div(p.probs)).sub(q.logits));
registerKl(HalfNormal, HalfNormal, (p, q) => klNormalNormal(p.baseDist, q.baseDist));
registerKl(Laplace, Laplace, (p, q) => {
  const scaleRatio = p.scale.div(q.scale);
  const locAbsDiff = p.loc.sub(q.loc).abs();
  const t1 = scaleRatio.log().neg();
  const t2 = locAbsDiff.div(q.scale);
  const t3 = scaleRatio.mul(T.exp(locAbsDiff.neg().div(p.scale)));
  return t1.add(t2).add(t3).sub(1);
});
registerKl(LowRankMultivariateNormal, LowRankMultivariateNormal, (p, q) => {
  if (!sameShape(p.eventShape, q.eventShape)) throw new RangeError('KL-divergence between two Low Rank Multivariate Normals with                          different event shapes cannot be computed');
  const term1 = batchLowrankLogdet(q._unbroadcastedCovFactor, q._unbroadcastedCovDiag, q._capacitanceTril)
    .sub(batchLowrankLogdet(p._unbroadcastedCovFactor, p._unbroadcastedCovDiag, p._capacitanceTril));
  const term3 = batchLowrankMahalanobis(q._unbroadcastedCovFactor, q._unbroadcastedCovDiag, q.loc.sub(p.loc), q._capacitanceTril);
  const qWtqDinv = q._unbroadcastedCovFactor.mT.div(q._unbroadcastedCovDiag.unsqueeze(-2));
  const A = linalg.solveTriangular(q._capacitanceTril, qWtqDinv, { upper: false });
  const term21 = p._unbroadcastedCovDiag.div(q._unbroadcastedCovDiag).sum(-1);
  const term22 = batchTraceXXT(p._unbroadcastedCovFactor.mul(q._unbroadcastedCovDiag.rsqrt().unsqueeze(-1)));
  const term23 = batchTraceXXT(A.mul(p._unbroadcastedCovDiag.sqrt().unsqueeze(-2)));
  const term24 = batchTraceXXT(A.matmul(p._unbroadcastedCovFactor));
  const term2 = term21.add(term22).sub(term23).sub(term24);
  return term1.add(term2).add(term3).sub(p.eventShape[0]!).mul(0.5);
});
registerKl(MultivariateNormal, LowRankMultivariateNormal, (p, q) => {
  if (!sameShape(p.eventShape, q.eventShape)) throw new RangeError('KL-divergence between two (Low Rank) Multivariate Normals with                          different event shapes cannot be computed');
  const term1 = batchLowrankLogdet(q._unbroadcastedCovFactor, q._unbroadcastedCovDiag, q._capacitanceTril)
    .sub(p._unbroadcastedScaleTril.diagonal({ dim1: -2, dim2: -1 }).log().sum(-1).mul(2));
  const term3 = batchLowrankMahalanobis(q._unbroadcastedCovFactor, q._unbroadcastedCovDiag, q.loc.sub(p.loc), q._capacitanceTril);
  const qWtqDinv = q._unbroadcastedCovFactor.mT.div(q._unbroadcastedCovDiag.unsqueeze(-2));
  const A = linalg.solveTriangular(q._capacitanceTril, qWtqDinv, { upper: false });
  const term21 = batchTraceXXT(p._unbroadcastedScaleTril.mul(q._unbroadcastedCovDiag.rsqrt().unsqueeze(-1)));
  const term22 = batchTraceXXT(A.matmul(p._unbroadcastedScaleTril));
  return term1.add(term21.sub(term22)).add(term3).sub(p.eventShape[0]!).mul(0.5);
});
registerKl(LowRankMultivariateNormal, MultivariateNormal, (p, q) => {
  if (!sameShape(p.eventShape, q.eventShape)) throw new RangeError('KL-divergence between two (Low Rank) Multivariate Normals with                          different event shapes cannot be computed');
  const term1 = q._unbroadcastedScaleTril.diagonal({ dim1: -2, dim2: -1 }).log().sum(-1).mul(2)
    .sub(batchLowrankLogdet(p._unbroadcastedCovFactor, p._unbroadcastedCovDiag, p._capacitanceTril));
  const term3 = batchMahalanobis(q._unbroadcastedScaleTril, q.loc.sub(p.loc));
  const combined = broadcastShape(q._unbroadcastedScaleTril.shape.slice(0, -2), p._unbroadcastedCovFactor.shape.slice(0, -2));
  const n = p.eventShape[0]!;
  const qScaleTril = q._unbroadcastedScaleTril.expand([...combined, n, n]);
  const pCovFactor = p._unbroadcastedCovFactor.expand([...combined, n, p.covFactor.size(-1)]);
  const pCovDiag = T.diagEmbed(p._unbroadcastedCovDiag.sqrt()).expand([...combined, n, n]);
  const term21 = batchTraceXXT(linalg.solveTriangular(qScaleTril, pCovFactor, { upper: false }));
  const term22 = batchTraceXXT(linalg.solveTriangular(qScaleTril, pCovDiag, { upper: false }));
  return term1.add(term21.add(term22)).add(term3).sub(p.eventShape[0]!).mul(0.5);
});
registerKl(MultivariateNormal, MultivariateNormal, (p, q) => {
  if (!sameShape(p.eventShape, q.eventShape)) throw new RangeError('KL-divergence between two Multivariate Normals with                          different event shapes cannot be computed');
  const halfTerm1 = q._unbroadcastedScaleTril.diagonal({ dim1: -2, dim2: -1 }).log().sum(-1)
    .sub(p._unbroadcastedScaleTril.diagonal({ dim1: -2, dim2: -1 }).log().sum(-1));
  const combined = broadcastShape(q._unbroadcastedScaleTril.shape.slice(0, -2), p._unbroadcastedScaleTril.shape.slice(0, -2));
  const n = p.eventShape[0]!;
  const qScaleTril = q._unbroadcastedScaleTril.expand([...combined, n, n]);
  const pScaleTril = p._unbroadcastedScaleTril.expand([...combined, n, n]);
  const term2 = batchTraceXXT(linalg.solveTriangular(qScaleTril, pScaleTril, { upper: false }));
  const term3 = batchMahalanobis(q._unbroadcastedScaleTril, q.loc.sub(p.loc));
  return halfTerm1.add(term2.add(term3).sub(n).mul(0.5));
});
registerKl(Normal, Normal, klNormalNormal);
registerKl(OneHotCategorical, OneHotCategorical, (p, q) => klCategoricalCategorical(p._categorical, q._categorical));
registerKl(Pareto, Pareto, (p, q) => {
  const scaleRatio = p.scale.div(q.scale);
  const alphaRatio = q.alpha.div(p.alpha);
  const t1 = q.alpha.mul(scaleRatio.log());
  const t2 = alphaRatio.log().neg();
  const result = t1.add(t2).add(alphaRatio).sub(1);
  const lb = (d: Pareto) => (d.support as _GreaterThanEq).lowerBound as Tensor;
  setWhere(result, lb(p).lt(lb(q)), Infinity);
  return result;
});
registerKl(Poisson, Poisson, (p, q) => p.rate.mul(p.rate.log().sub(q.rate.log())).sub(p.rate.sub(q.rate)));
registerKl(TransformedDistribution, TransformedDistribution, (p, q) => {
  if (p.transforms.length !== q.transforms.length || !p.transforms.every((t, i) => t.equals(q.transforms[i]!))) throw klNotImplemented();
  if (!sameShape(p.eventShape, q.eventShape)) throw klNotImplemented();
  return klDivergence(p.baseDist, q.baseDist);
});
registerKl(Uniform, Uniform, (p, q) => {
  const result = q.high.sub(q.low).div(p.high.sub(p.low)).log();
  setWhere(result, q.low.gt(p.low).logicalOr(q.high.lt(p.high)), Infinity);
  return result;
});

// Pairs of different families.
registerKl(Bernoulli, Poisson, (p, q) => p.entropy().neg().sub(p.probs.mul(q.rate.log()).sub(q.rate)));
registerKl(Beta, ContinuousBernoulli, (p, q) => p.entropy().neg().sub(p.mean.mul(q.logits)).sub(T.log1p(q.probs.neg())).sub(q._contBernLogNorm()));
registerKl(Beta, Pareto, (p) => infiniteLike(p.concentration1));
registerKl(Beta, Exponential, (p, q) => p.entropy().neg().sub(q.rate.log()).add(q.rate.mul(p.concentration1.div(p.concentration1.add(p.concentration0)))));
registerKl(Beta, Gamma, (p, q) => {
  const t1 = p.entropy().neg();
  const t2 = q.concentration.lgamma().sub(q.concentration.mul(q.rate.log()));
  const t3 = q.concentration.sub(1).mul(p.concentration1.digamma().sub(p.concentration1.add(p.concentration0).digamma()));
  const t4 = q.rate.mul(p.concentration1).div(p.concentration1.add(p.concentration0));
  return t1.add(t2).sub(t3).add(t4);
});
registerKl(Beta, Normal, (p, q) => {
  const EBeta = p.concentration1.div(p.concentration1.add(p.concentration0));
  const varNormal = q.scale.pow(2);
  const t1 = p.entropy().neg();
  const t2 = varNormal.mul(2).mul(Math.PI).log().mul(0.5);
  const t3 = EBeta.mul(rsub(1, EBeta)).div(p.concentration1.add(p.concentration0).add(1)).add(EBeta.pow(2)).mul(0.5);
  const t4 = q.loc.mul(EBeta);
  const t5 = q.loc.pow(2).mul(0.5);
  return t1.add(t2).add(t3.sub(t4).add(t5).div(varNormal));
});
registerKl(Beta, Uniform, (p, q) => {
  const result = p.entropy().neg().add(q.high.sub(q.low).log());
  const s = p.support as _Interval;
  setWhere(result, q.low.gt(s.lowerBound).logicalOr(q.high.lt(s.upperBound)), Infinity);
  return result;
});
registerKl(ContinuousBernoulli, Pareto, (p) => infiniteLike(p.probs));
registerKl(ContinuousBernoulli, Exponential, (p, q) => p.entropy().neg().sub(T.log(q.rate)).add(q.rate.mul(p.mean)));
registerKl(ContinuousBernoulli, Normal, (p, q) => {
  const t1 = p.entropy().neg();
  const t2 = T.square(q.loc.div(q.scale)).add(Math.log(2.0 * Math.PI)).mul(0.5).add(T.log(q.scale));
  const t3 = p.variance.add(T.square(p.mean)).sub(q.loc.mul(2.0).mul(p.mean)).div(T.square(q.scale).mul(2.0));
  return t1.add(t2).add(t3);
});
registerKl(ContinuousBernoulli, Uniform, (p, q) => {
  const result = p.entropy().neg().add(q.high.sub(q.low).log());
  const s = p.support as _Interval;
  return T.where(T.max(T.ge(q.low, s.lowerBound), T.le(q.high, s.upperBound)), T.onesLike(result).mul(Infinity), result);
});
for (const Q of [Beta, ContinuousBernoulli, Pareto, Uniform]) registerKl(Exponential, Q as DistributionClass, (p) => infiniteLike(p.rate));
registerKl(Exponential, Gamma, (p, q) => {
  const ratio = q.rate.div(p.rate);
  const t1 = q.concentration.neg().mul(T.log(ratio));
  return t1.add(ratio).add(q.concentration.lgamma()).add(q.concentration.mul(EULER)).sub(1 + EULER);
});
registerKl(Exponential, Gumbel, (p, q) => {
  const srp = p.rate.mul(q.scale);
  const lsr = q.loc.div(q.scale);
  const t1 = srp.log().sub(1);
  const t2 = T.exp(lsr).mul(srp).div(srp.add(1));
  const t3 = srp.reciprocal();
  return t1.sub(lsr).add(t2).add(t3);
});
registerKl(Exponential, Normal, (p, q) => {
  const varNormal = q.scale.pow(2);
  const rateSqr = p.rate.pow(2);
  const t1 = T.log(rateSqr.mul(varNormal).mul(2).mul(Math.PI)).mul(0.5);
  const t2 = rateSqr.reciprocal();
  const t3 = q.loc.div(p.rate);
  const t4 = q.loc.pow(2).mul(0.5);
  return t1.sub(1).add(t2.sub(t3).add(t4).div(varNormal));
});
for (const Q of [Beta, ContinuousBernoulli, Pareto, Uniform]) registerKl(Gamma, Q as DistributionClass, (p) => infiniteLike(p.concentration));
registerKl(Gamma, Exponential, (p, q) => p.entropy().neg().sub(q.rate.log()).add(q.rate.mul(p.concentration).div(p.rate)));
registerKl(Gamma, Gumbel, (p, q) => {
  const bsp = p.rate.mul(q.scale);
  const lsr = q.loc.div(q.scale);
  const t1 = p.concentration.sub(1).mul(p.concentration.digamma()).sub(p.concentration.lgamma()).sub(p.concentration);
  const t2 = bsp.log().add(p.concentration.div(bsp));
  const t3 = T.exp(lsr).mul(bsp.reciprocal().add(1).pow(p.concentration.neg())).sub(lsr);
  return t1.add(t2).add(t3);
});
registerKl(Gamma, Normal, (p, q) => {
  const varNormal = q.scale.pow(2);
  const betaSqr = p.rate.pow(2);
  const t1 = T.log(betaSqr.mul(varNormal).mul(2).mul(Math.PI)).mul(0.5).sub(p.concentration).sub(p.concentration.lgamma());
  const t2 = p.concentration.pow(2).add(p.concentration).mul(0.5).div(betaSqr);
  const t3 = q.loc.mul(p.concentration).div(p.rate);
  const t4 = q.loc.pow(2).mul(0.5);
  return t1.add(p.concentration.sub(1).mul(p.concentration.digamma())).add(t2.sub(t3).add(t4).div(varNormal));
});
for (const Q of [Beta, ContinuousBernoulli, Exponential, Gamma, Pareto, Uniform]) registerKl(Gumbel, Q as DistributionClass, (p) => infiniteLike(p.loc));
registerKl(Gumbel, Normal, (p, q) => {
  const paramRatio = p.scale.div(q.scale);
  const t1 = paramRatio.div(Math.sqrt(2 * Math.PI)).log();
  const t2 = paramRatio.mul(Math.PI).mul(0.5).pow(2).div(3);
  const t3 = p.loc.add(p.scale.mul(EULER)).sub(q.loc).div(q.scale).pow(2).mul(0.5);
  return t1.neg().add(t2).add(t3).sub(EULER + 1);
});
for (const Q of [Beta, ContinuousBernoulli, Exponential, Gamma, Pareto, Uniform]) registerKl(Laplace, Q as DistributionClass, (p) => infiniteLike(p.loc));
registerKl(Laplace, Normal, (p, q) => {
  const varNormal = q.scale.pow(2);
  const ssvr = p.scale.pow(2).div(varNormal);
  const t1 = T.log(ssvr.mul(2).div(Math.PI)).mul(0.5);
  const t2 = p.loc.pow(2).mul(0.5);
  const t3 = p.loc.mul(q.loc);
  const t4 = q.loc.pow(2).mul(0.5);
  return t1.neg().add(ssvr).add(t2.sub(t3).add(t4).div(varNormal)).sub(1);
});
for (const Q of [Beta, ContinuousBernoulli, Exponential, Gamma, Pareto, Uniform]) registerKl(Normal, Q as DistributionClass, (p) => infiniteLike(p.loc));
registerKl(Normal, Gumbel, (p, q) => {
  const msr = p.loc.div(q.scale);
  const vssr = p.scale.div(q.scale).pow(2);
  const lsr = q.loc.div(q.scale);
  const t1 = vssr.log().mul(0.5);
  const t2 = msr.sub(lsr);
  const t3 = T.exp(msr.neg().add(vssr.mul(0.5)).add(lsr));
  return t1.neg().add(t2).add(t3).sub(0.5 * (1 + Math.log(2 * Math.PI)));
});
registerKl(Normal, Laplace, (p, q) => {
  const locDiff = p.loc.sub(q.loc);
  const scaleRatio = p.scale.div(q.scale);
  const ldsr = locDiff.div(p.scale);
  const t1 = T.log(scaleRatio);
  const t2 = p.scale.mul(Math.sqrt(2 / Math.PI)).mul(T.exp(ldsr.pow(2).mul(-0.5)));
  const t3 = locDiff.mul(T.erf(ldsr.mul(Math.sqrt(0.5))));
  return t1.neg().add(t2.add(t3).div(q.scale)).sub(0.5 * (1 + Math.log(0.5 * Math.PI)));
});
for (const Q of [Beta, ContinuousBernoulli, Uniform]) registerKl(Pareto, Q as DistributionClass, (p) => infiniteLike(p.scale));
registerKl(Pareto, Exponential, (p, q) => {
  const srp = p.scale.mul(q.rate);
  const t1 = p.alpha.div(srp).log();
  const t2 = p.alpha.reciprocal();
  const t3 = p.alpha.mul(srp).div(p.alpha.sub(1));
  const result = t1.sub(t2).add(t3).sub(1);
  setWhere(result, p.alpha.le(1), Infinity);
  return result;
});
registerKl(Pareto, Gamma, (p, q) => {
  const common = p.scale.log().add(p.alpha.reciprocal());
  const t1 = p.alpha.log().sub(common);
  const t2 = q.concentration.lgamma().sub(q.concentration.mul(q.rate.log()));
  const t3 = rsub(1, q.concentration).mul(common);
  const t4 = q.rate.mul(p.alpha).mul(p.scale).div(p.alpha.sub(1));
  const result = t1.add(t2).add(t3).add(t4).sub(1);
  setWhere(result, p.alpha.le(1), Infinity);
  return result;
});
registerKl(Pareto, Normal, (p, q) => {
  const varNormal = q.scale.pow(2).mul(2);
  const common = p.scale.div(p.alpha.sub(1));
  const t1 = q.scale.mul(Math.sqrt(2 * Math.PI)).mul(p.alpha).div(p.scale).log();
  const t2 = p.alpha.reciprocal();
  const t3 = p.alpha.mul(common.pow(2)).div(p.alpha.sub(2));
  const t4 = p.alpha.mul(common).sub(q.loc).pow(2);
  const result = t1.sub(t2).add(t3.add(t4).div(varNormal)).sub(1);
  setWhere(result, p.alpha.le(2), Infinity);
  return result;
});
for (const Q of [Bernoulli, Binomial]) registerKl(Poisson, Q as DistributionClass, (p) => infiniteLike(p.rate));
registerKl(Uniform, Beta, (p, q) => {
  const common = p.high.sub(p.low);
  const t1 = T.log(common);
  const t2 = q.concentration1.sub(1).mul(xLogX(p.high).sub(xLogX(p.low)).sub(common)).div(common);
  const t3 = q.concentration0.sub(1).mul(xLogX(rsub(1, p.high)).sub(xLogX(rsub(1, p.low))).add(common)).div(common);
  const t4 = q.concentration1.lgamma().add(q.concentration0.lgamma()).sub(q.concentration1.add(q.concentration0).lgamma());
  const result = t3.add(t4).sub(t1).sub(t2);
  const s = q.support as _Interval;
  setWhere(result, p.high.gt(s.upperBound).logicalOr(p.low.lt(s.lowerBound)), Infinity);
  return result;
});
registerKl(Uniform, ContinuousBernoulli, (p, q) => {
  const result = p.entropy().neg().sub(p.mean.mul(q.logits)).sub(T.log1p(q.probs.neg())).sub(q._contBernLogNorm());
  const s = q.support as _Interval;
  return T.where(T.max(T.ge(p.high, s.upperBound), T.le(p.low, s.lowerBound)), T.onesLike(result).mul(Infinity), result);
});
registerKl(Uniform, Exponential, (p, q) => {
  const result = q.rate.mul(p.high.add(p.low)).div(2).sub(p.high.sub(p.low).mul(q.rate).log());
  setWhere(result, p.low.lt((q.support as _GreaterThanEq).lowerBound), Infinity);
  return result;
});
registerKl(Uniform, Gamma, (p, q) => {
  const common = p.high.sub(p.low);
  const t1 = common.log();
  const t2 = q.concentration.lgamma().sub(q.concentration.mul(q.rate.log()));
  const t3 = rsub(1, q.concentration).mul(xLogX(p.high).sub(xLogX(p.low)).sub(common)).div(common);
  const t4 = q.rate.mul(p.high.add(p.low)).div(2);
  const result = t1.neg().add(t2).add(t3).add(t4);
  setWhere(result, p.low.lt((q.support as _GreaterThanEq).lowerBound), Infinity);
  return result;
});
registerKl(Uniform, Gumbel, (p, q) => {
  const common = q.scale.div(p.high.sub(p.low));
  const hld = p.high.sub(q.loc).div(q.scale);
  const lld = p.low.sub(q.loc).div(q.scale);
  const t1 = common.log().add(hld.add(lld).mul(0.5));
  const t2 = common.mul(T.exp(hld.neg()).sub(T.exp(lld.neg())));
  return t1.sub(t2);
});
registerKl(Uniform, Normal, (p, q) => {
  const common = p.high.sub(p.low);
  const t1 = q.scale.mul(Math.sqrt(Math.PI * 2)).div(common).log();
  const t2 = common.pow(2).div(12);
  const t3 = p.high.add(p.low).sub(q.loc.mul(2)).div(2).pow(2);
  return t1.add(t2.add(t3).mul(0.5).div(q.scale.pow(2)));
});
registerKl(Uniform, Pareto, (p, q) => {
  const su = p.high.sub(p.low);
  const t1 = q.alpha.mul(q.scale.pow(q.alpha)).mul(su).log();
  const t2 = xLogX(p.high).sub(xLogX(p.low)).sub(su).div(su);
  const result = t2.mul(q.alpha.add(1)).sub(t1);
  setWhere(result, p.low.lt((q.support as _GreaterThanEq).lowerBound as Tensor), Infinity);
  return result;
});
registerKl(Independent, Independent, (p, q) => {
  if (p.reinterpretedBatchNdims !== q.reinterpretedBatchNdims) throw klNotImplemented();
  return sumRightmost(klDivergence(p.baseDist, q.baseDist), p.reinterpretedBatchNdims);
});
registerKl(Cauchy, Cauchy, (p, q) => {
  const t1 = p.scale.add(q.scale).pow(2).add(p.loc.sub(q.loc).pow(2)).log();
  const t2 = p.scale.mul(4).mul(q.scale).log();
  return t1.sub(t2);
});
