// torch.distributions: as Python's torch.distributions package.
export { Distribution, type DistributionOptions } from './distribution.js';
export { ExponentialFamily } from './exp_family.js';
export * as constraints from './constraints.js';
export * as utils from './utils.js';
export { Bernoulli } from './bernoulli.js';
export { Beta } from './beta.js';
export { Binomial, type BinomialOptions } from './binomial.js';
export { Categorical, type CategoricalOptions } from './categorical.js';
export { Chi2 } from './chi2.js';
export { Dirichlet } from './dirichlet.js';
export { Exponential } from './exponential.js';
export { Gamma } from './gamma.js';
export { Geometric } from './geometric.js';
export { Multinomial, type MultinomialOptions } from './multinomial.js';
export { NegativeBinomial } from './negative_binomial.js';
export { Normal } from './normal.js';
export { OneHotCategorical, OneHotCategoricalStraightThrough } from './one_hot_categorical.js';
export { Poisson } from './poisson.js';
export { Uniform } from './uniform.js';
export { Cauchy } from './cauchy.js';
export { ContinuousBernoulli, type ContinuousBernoulliOptions } from './continuous_bernoulli.js';
export { FisherSnedecor } from './fishersnedecor.js';
export { GeneralizedPareto } from './generalized_pareto.js';
export { Gumbel } from './gumbel.js';
export { HalfCauchy } from './half_cauchy.js';
export { HalfNormal } from './half_normal.js';
export { Independent } from './independent.js';
export { InverseGamma } from './inverse_gamma.js';
export { Kumaraswamy } from './kumaraswamy.js';
export { Laplace } from './laplace.js';
export { LogNormal } from './log_normal.js';
export { LogisticNormal } from './logistic_normal.js';
export { Pareto } from './pareto.js';
export { LogitRelaxedBernoulli, RelaxedBernoulli } from './relaxed_bernoulli.js';
export { ExpRelaxedCategorical, RelaxedOneHotCategorical } from './relaxed_categorical.js';
export { StudentT } from './studentT.js';
export { MultivariateNormal, type MultivariateNormalOptions } from './multivariate_normal.js';
export { LowRankMultivariateNormal } from './lowrank_multivariate_normal.js';
export { Wishart, type WishartOptions } from './wishart.js';
export { LKJCholesky } from './lkj_cholesky.js';
export { MixtureSameFamily } from './mixture_same_family.js';
export { TransformedDistribution } from './transformed_distribution.js';
export { VonMises } from './von_mises.js';
export { Weibull } from './weibull.js';
export {
  Transform, AbsTransform, AffineTransform, CatTransform, ComposeTransform, CorrCholeskyTransform,
  CumulativeDistributionTransform, ExpTransform, IndependentTransform, LowerCholeskyTransform,
  PositiveDefiniteTransform, PowerTransform, ReshapeTransform, SigmoidTransform, SoftplusTransform,
  TanhTransform, SoftmaxTransform, StackTransform, StickBreakingTransform, identityTransform,
} from './transforms.js';
export * as transforms from './transforms.js';
export { klDivergence, registerKl, type KLFunction, type DistributionClass } from './kl.js';
export * as kl from './kl.js';
export { bijectTo, transformTo, ConstraintRegistry, type TransformFactory, type CallableRegistry, type ConstraintClass } from './constraint_registry.js';
export * as constraintRegistry from './constraint_registry.js';
export type { ParamLike, ProbsOptions } from './utils.js';
