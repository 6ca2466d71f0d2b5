// Every distribution against PyTorch run live: draws after the same seed, and logProb, entropy,
// mean, mode, variance, stddev, cdf, icdf, enumerateSupport, repr, shapes (one oracle call).
import { describe, expect, it } from 'vitest';
import * as torch from '../../lib/torch.js';
import * as D from '../../lib/distributions/index.js';
import { oracle, oracles } from '../helpers/python.js';
import { expectAttempt, expectEncoded, type Attempt, type Encoded } from '../helpers/distributions.js';

const t = (x: number[] | number[][]) => torch.tensor(x);

interface Case {
  py: string;
  ts: () => D.Distribution;
  shape?: number[];
  probe?: number[];
  /** Tolerance of draws that go through float ops ordered differently (default exact). */
  sampleTol?: number;
}

const CASES: Record<string, Case> = {
  'Normal numbers': { py: 'D.Normal(0.5, 2.0)', ts: () => new D.Normal(0.5, 2.0), shape: [4], probe: [0.1, 1.5] },
  'Normal tensors': { py: 'D.Normal(torch.tensor([0.0, 1.0, -2.0]), torch.tensor([1.0, 0.5, 3.0]))', ts: () => new D.Normal(t([0, 1, -2]), t([1, 0.5, 3])), shape: [2], probe: [0.1, 1.5, -1] },
  'Uniform': { py: 'D.Uniform(torch.tensor([0.0, -1.0]), torch.tensor([2.0, 3.0]))', ts: () => new D.Uniform(t([0, -1]), t([2, 3])), shape: [3], probe: [0.5, 1.0] },
  'Exponential': { py: 'D.Exponential(torch.tensor([0.5, 2.0]))', ts: () => new D.Exponential(t([0.5, 2])), shape: [3], probe: [0.5, 1.0] },
  'Gamma': { py: 'D.Gamma(torch.tensor([0.5, 2.0, 5.0]), torch.tensor([1.0, 2.0, 0.5]))', ts: () => new D.Gamma(t([0.5, 2, 5]), t([1, 2, 0.5])), shape: [2], probe: [0.5, 1.0, 3.0] },
  'Chi2': { py: 'D.Chi2(torch.tensor([1.0, 3.0]))', ts: () => new D.Chi2(t([1, 3])), shape: [3], probe: [0.5, 2.0] },
  'Beta': { py: 'D.Beta(torch.tensor([0.5, 2.0]), torch.tensor([1.5, 3.0]))', ts: () => new D.Beta(t([0.5, 2]), t([1.5, 3])), shape: [3] },
  'Beta numbers': { py: 'D.Beta(2.0, 3.0)', ts: () => new D.Beta(2, 3), shape: [3] },
  'Dirichlet': { py: 'D.Dirichlet(torch.tensor([[0.5, 1.0, 2.0], [3.0, 0.2, 0.3]]))', ts: () => new D.Dirichlet(t([[0.5, 1, 2], [3, 0.2, 0.3]])), shape: [2] },
  'Bernoulli probs': { py: 'D.Bernoulli(torch.tensor([0.1, 0.5, 0.9]))', ts: () => new D.Bernoulli(t([0.1, 0.5, 0.9])), shape: [4] },
  'Bernoulli logits': { py: 'D.Bernoulli(logits=torch.tensor([-1.0, 0.0, 2.0]))', ts: () => new D.Bernoulli({ logits: t([-1, 0, 2]) }), shape: [4] },
  'Categorical probs': { py: 'D.Categorical(torch.tensor([[0.1, 0.2, 0.7], [0.5, 0.25, 0.25]]))', ts: () => new D.Categorical(t([[0.1, 0.2, 0.7], [0.5, 0.25, 0.25]])), shape: [5] },
  'Categorical logits': { py: 'D.Categorical(logits=torch.tensor([0.0, 1.0, -1.0, 2.0]))', ts: () => new D.Categorical({ logits: t([0, 1, -1, 2]) }), shape: [6] },
  'OneHotCategorical': { py: 'D.OneHotCategorical(torch.tensor([0.1, 0.2, 0.7]))', ts: () => new D.OneHotCategorical(t([0.1, 0.2, 0.7])), shape: [4] },
  'OneHotCategoricalStraightThrough': { py: 'D.OneHotCategoricalStraightThrough(logits=torch.tensor([0.0, 1.0]))', ts: () => new D.OneHotCategoricalStraightThrough({ logits: t([0, 1]) }), shape: [3] },
  'Binomial': { py: 'D.Binomial(10, torch.tensor([0.2, 0.5, 0.9]))', ts: () => new D.Binomial(10, t([0.2, 0.5, 0.9])), shape: [3] },
  'Binomial logits': { py: 'D.Binomial(torch.tensor([5.0, 8.0]), logits=torch.tensor([0.3, -1.0]))', ts: () => new D.Binomial(t([5, 8]), { logits: t([0.3, -1]) }), shape: [2] },
  'Multinomial': { py: 'D.Multinomial(6, torch.tensor([0.2, 0.3, 0.5]))', ts: () => new D.Multinomial(6, t([0.2, 0.3, 0.5])), shape: [3] },
  'Geometric': { py: 'D.Geometric(torch.tensor([0.2, 0.7]))', ts: () => new D.Geometric(t([0.2, 0.7])), shape: [3] },
  'NegativeBinomial': { py: 'D.NegativeBinomial(torch.tensor([3.0, 5.0]), torch.tensor([0.4, 0.7]))', ts: () => new D.NegativeBinomial(t([3, 5]), t([0.4, 0.7])), shape: [3] },
  'Cauchy': { py: 'D.Cauchy(torch.tensor([0.0, 1.0]), torch.tensor([1.0, 2.0]))', ts: () => new D.Cauchy(t([0, 1]), t([1, 2])), shape: [3], probe: [0.5, -1] },
  'Laplace': { py: 'D.Laplace(torch.tensor([0.0, 1.0]), torch.tensor([1.0, 2.0]))', ts: () => new D.Laplace(t([0, 1]), t([1, 2])), shape: [3], probe: [0.5, -1] },
  'StudentT': { py: 'D.StudentT(torch.tensor([0.5, 1.5, 3.0]), torch.tensor([0.0, 1.0, 2.0]), torch.tensor([1.0, 2.0, 0.5]))', ts: () => new D.StudentT(t([0.5, 1.5, 3]), t([0, 1, 2]), t([1, 2, 0.5])), shape: [2] },
  'StudentT number': { py: 'D.StudentT(5.0)', ts: () => new D.StudentT(5), shape: [3] },
  'FisherSnedecor': { py: 'D.FisherSnedecor(torch.tensor([1.0, 3.0, 6.0]), torch.tensor([2.0, 5.0, 9.0]))', ts: () => new D.FisherSnedecor(t([1, 3, 6]), t([2, 5, 9])), shape: [2] },
  'LogNormal': { py: 'D.LogNormal(torch.tensor([0.0, 1.0]), torch.tensor([0.5, 1.0]))', ts: () => new D.LogNormal(t([0, 1]), t([0.5, 1])), shape: [3], probe: [0.5, 2.0] },
  'HalfNormal': { py: 'D.HalfNormal(torch.tensor([1.0, 2.0]))', ts: () => new D.HalfNormal(t([1, 2])), shape: [3], probe: [0.5, 2.0] },
  'HalfCauchy': { py: 'D.HalfCauchy(torch.tensor([1.0, 2.0]))', ts: () => new D.HalfCauchy(t([1, 2])), shape: [3], probe: [0.5, 2.0] },
  'Gumbel': { py: 'D.Gumbel(torch.tensor([0.0, 1.0]), torch.tensor([1.0, 2.0]))', ts: () => new D.Gumbel(t([0, 1]), t([1, 2])), shape: [3], probe: [0.5, 2.0] },
  'Gumbel numbers': { py: 'D.Gumbel(1.0, 2.0)', ts: () => new D.Gumbel(1, 2), shape: [3] },
  'Weibull': { py: 'D.Weibull(torch.tensor([1.0, 2.0]), torch.tensor([0.5, 3.0]))', ts: () => new D.Weibull(t([1, 2]), t([0.5, 3])), shape: [3], probe: [0.5, 2.0] },
  'Pareto': { py: 'D.Pareto(torch.tensor([1.0, 2.0, 0.5]), torch.tensor([0.5, 3.0, 2.5]))', ts: () => new D.Pareto(t([1, 2, 0.5]), t([0.5, 3, 2.5])), shape: [2], probe: [1.5, 2.5, 1.0] },
  'InverseGamma': { py: 'D.InverseGamma(torch.tensor([0.5, 1.5, 3.0]), torch.tensor([1.0, 2.0, 0.5]))', ts: () => new D.InverseGamma(t([0.5, 1.5, 3]), t([1, 2, 0.5])), shape: [2] },
  'Kumaraswamy': { py: 'D.Kumaraswamy(torch.tensor([0.5, 2.0]), torch.tensor([3.0, 1.5]))', ts: () => new D.Kumaraswamy(t([0.5, 2]), t([3, 1.5])), shape: [3] },
  'GeneralizedPareto': { py: 'D.GeneralizedPareto(torch.tensor([0.0, 1.0, 0.5]), torch.tensor([1.0, 2.0, 0.5]), torch.tensor([0.3, 0.0, -0.2]))', ts: () => new D.GeneralizedPareto(t([0, 1, 0.5]), t([1, 2, 0.5]), t([0.3, 0, -0.2])), shape: [2], probe: [0.5, 2.0, 1.0] },
  'ContinuousBernoulli': { py: 'D.ContinuousBernoulli(torch.tensor([0.1, 0.5, 0.8]))', ts: () => new D.ContinuousBernoulli(t([0.1, 0.5, 0.8])), shape: [2], probe: [0.3, 0.5, 0.9] },
  'ContinuousBernoulli logits': { py: 'D.ContinuousBernoulli(logits=torch.tensor([-2.0, 0.001, 1.0]))', ts: () => new D.ContinuousBernoulli({ logits: t([-2, 0.001, 1]) }), shape: [2] },
  'VonMises': { py: 'D.VonMises(torch.tensor([0.0, 1.0, -2.0]), torch.tensor([0.5, 4.0, 20.0]))', ts: () => new D.VonMises(t([0, 1, -2]), t([0.5, 4, 20])), shape: [4] },
  'LogisticNormal': { py: 'D.LogisticNormal(torch.tensor([0.0, 1.0, -1.0]), torch.tensor([1.0, 0.5, 2.0]))', ts: () => new D.LogisticNormal(t([0, 1, -1]), t([1, 0.5, 2])), shape: [2] },
  'RelaxedBernoulli': { py: 'D.RelaxedBernoulli(torch.tensor(0.5), torch.tensor([0.1, 0.5, 0.9]))', ts: () => new D.RelaxedBernoulli(torch.tensor(0.5), t([0.1, 0.5, 0.9])), shape: [2] },
  'RelaxedOneHotCategorical': { py: 'D.RelaxedOneHotCategorical(torch.tensor(0.7), logits=torch.tensor([0.0, 1.0, -1.0]))', ts: () => new D.RelaxedOneHotCategorical(torch.tensor(0.7), { logits: t([0, 1, -1]) }), shape: [2] },
  'Independent Normal': { py: 'D.Independent(D.Normal(torch.zeros(2, 3), torch.ones(2, 3)), 1)', ts: () => new D.Independent(new D.Normal(torch.zeros(2, 3), torch.ones(2, 3)), 1), shape: [2] },
  'TransformedDistribution logistic': { py: 'D.TransformedDistribution(D.Uniform(torch.zeros(2), torch.ones(2)), [D.SigmoidTransform().inv, D.AffineTransform(1.0, 2.0)])', ts: () => new D.TransformedDistribution(new D.Uniform(torch.zeros(2), torch.ones(2)), [new D.SigmoidTransform().inv, new D.AffineTransform(1, 2)]), shape: [3], probe: [0.5, 2.0] },
  'MultivariateNormal covariance': { py: 'D.MultivariateNormal(torch.tensor([0.0, 1.0]), torch.tensor([[2.0, 0.5], [0.5, 1.0]]))', ts: () => new D.MultivariateNormal(t([0, 1]), t([[2, 0.5], [0.5, 1]])), shape: [3] },
  'MultivariateNormal batched scaleTril': { py: 'D.MultivariateNormal(torch.zeros(2, 3), scale_tril=torch.tensor([[1.0, 0.0, 0.0], [0.5, 2.0, 0.0], [0.1, -0.3, 0.7]]))', ts: () => new D.MultivariateNormal(torch.zeros(2, 3), { scaleTril: t([[1, 0, 0], [0.5, 2, 0], [0.1, -0.3, 0.7]]) }), shape: [2] },
  'MultivariateNormal precision': { py: 'D.MultivariateNormal(torch.tensor([1.0, -1.0]), precision_matrix=torch.tensor([[2.0, 0.3], [0.3, 0.5]]))', ts: () => new D.MultivariateNormal(t([1, -1]), { precisionMatrix: t([[2, 0.3], [0.3, 0.5]]) }), shape: [3] },
  'LowRankMultivariateNormal': { py: 'D.LowRankMultivariateNormal(torch.tensor([[0.0, 1.0, 2.0], [1.0, 0.0, -1.0]]), torch.tensor([[1.0, 0.5], [0.0, 2.0], [0.3, -0.2]]), torch.tensor([0.5, 1.0, 2.0]))', ts: () => new D.LowRankMultivariateNormal(t([[0, 1, 2], [1, 0, -1]]), t([[1, 0.5], [0, 2], [0.3, -0.2]]), t([0.5, 1, 2])), shape: [2] },
  'Wishart': { py: 'D.Wishart(torch.tensor([4.0, 6.0]), covariance_matrix=torch.tensor([[2.0, 0.5], [0.5, 1.0]]))', ts: () => new D.Wishart(t([4, 6]), { covarianceMatrix: t([[2, 0.5], [0.5, 1]]) }), shape: [2] },
  'Wishart number df': { py: 'D.Wishart(3.5, scale_tril=torch.tensor([[1.0, 0.0, 0.0], [0.5, 2.0, 0.0], [0.1, -0.3, 0.7]]))', ts: () => new D.Wishart(3.5, { scaleTril: t([[1, 0, 0], [0.5, 2, 0], [0.1, -0.3, 0.7]]) }), shape: [2] },
  'LKJCholesky': { py: 'D.LKJCholesky(3, torch.tensor([0.5, 2.0]))', ts: () => new D.LKJCholesky(3, t([0.5, 2])), shape: [2] },
  'MixtureSameFamily': { py: 'D.MixtureSameFamily(D.Categorical(torch.tensor([0.2, 0.3, 0.5])), D.Normal(torch.tensor([-1.0, 0.0, 2.0]), torch.tensor([0.5, 1.0, 0.3])))', ts: () => new D.MixtureSameFamily(new D.Categorical(t([0.2, 0.3, 0.5])), new D.Normal(t([-1, 0, 2]), t([0.5, 1, 0.3]))), shape: [4], probe: [0.5] },
  'MixtureSameFamily multivariate': { py: 'D.MixtureSameFamily(D.Categorical(torch.tensor([[0.2, 0.8], [0.6, 0.4]])), D.Independent(D.Normal(torch.tensor([[[0.0, 1.0], [2.0, 3.0]], [[-1.0, 0.0], [1.0, 1.0]]]), torch.ones(2, 2, 2)), 1))', ts: () => new D.MixtureSameFamily(new D.Categorical(t([[0.2, 0.8], [0.6, 0.4]])), new D.Independent(new D.Normal(torch.tensor([[[0, 1], [2, 3]], [[-1, 0], [1, 1]]]), torch.ones(2, 2, 2)), 1)), shape: [3] },
  'Poisson': { py: 'D.Poisson(torch.tensor([0.5, 4.0, 20.0]))', ts: () => new D.Poisson(t([0.5, 4, 20])), shape: [2] },
};

type Result = {
  repr: string; batchShape: number[]; eventShape: number[]; sample: Encoded; rsample: Attempt;
  logProb: Attempt; entropy: Attempt; mean: Attempt; mode: Attempt; variance: Attempt; stddev: Attempt;
  support: string | null; enumerate: Attempt; cdf?: Attempt; icdf?: Attempt;
  expanded: { repr: string; batchShape: number[]; sample: Encoded }; perplexity: Attempt;
};

const table = Object.fromEntries(Object.entries(CASES).map(([k, c]) => [k, [c.py, c.shape ?? [], c.probe ?? null]]));
let cached: Record<string, Result> | undefined;
const py = () => (cached ??= oracle<Record<string, Result>>('distributions/distributions', 'results', table));

describe('torch.distributions against PyTorch', () => {
  for (const [name, c] of Object.entries(CASES)) {
    it(name, () => {
      const want = py()[name]!;
      const d = c.ts();
      expect(String(d)).toBe(want.repr);
      expect([...d.batchShape]).toEqual(want.batchShape);
      expect([...d.eventShape]).toEqual(want.eventShape);
      torch.manualSeed(0);
      const sample = d.sample(c.shape ?? []);
      expectEncoded(sample, want.sample, 'sample', c.sampleTol ?? 0, c.sampleTol ?? 0);
      if (want.rsample !== null) {
        torch.manualSeed(1);
        expectAttempt(() => d.rsample(c.shape ?? []), want.rsample, 'rsample', c.sampleTol ?? 1e-6);
      }
      const s = torch.tensor(sample.tolist() as number[], { dtype: sample.dtype });
      expectAttempt(() => d.logProb(s), want.logProb, 'logProb');
      expectAttempt(() => d.entropy(), want.entropy, 'entropy');
      expectAttempt(() => d.mean, want.mean, 'mean');
      expectAttempt(() => d.mode, want.mode, 'mode');
      expectAttempt(() => d.variance, want.variance, 'variance');
      expectAttempt(() => d.stddev, want.stddev, 'stddev');
      expect(String(d.support)).toBe(want.support);
      if (want.enumerate !== null) expectAttempt(() => d.enumerateSupport(), want.enumerate, 'enumerateSupport');
      const e = d.expand([2, ...d.batchShape]);
      expect(String(e)).toBe(want.expanded.repr);
      expect([...e.batchShape]).toEqual(want.expanded.batchShape);
      torch.manualSeed(2);
      expectEncoded(e.sample(), want.expanded.sample, 'expanded sample', c.sampleTol ?? 0, c.sampleTol ?? 0);
      expectAttempt(() => d.perplexity(), want.perplexity, 'perplexity');
      if (c.probe !== undefined) {
        expectAttempt(() => d.cdf(torch.tensor(c.probe!)), want.cdf!, 'cdf');
        const q = torch.tensor([0.1, 0.5, 0.9]).reshape([3, ...d.batchShape.map(() => 1)]);
        expectAttempt(() => d.icdf(q), want.icdf!, 'icdf');
      }
    });
  }
});

// validateArgs: the same errors, with Python's messages (ValueError as RangeError).
const ERRORS: Record<string, { py: string; ts: () => unknown }> = {
  'Normal nan loc': { py: 'D.Normal(torch.tensor([0.0, float("nan")]), torch.tensor([1.0, 1.0]))', ts: () => new D.Normal(t([0, NaN]), t([1, 1])) },
  'Normal negative scale': { py: 'D.Normal(0.0, -1.0)', ts: () => new D.Normal(0, -1) },
  'Bernoulli probs above 1': { py: 'D.Bernoulli(torch.tensor([0.5, 1.5]))', ts: () => new D.Bernoulli(t([0.5, 1.5])) },
  'Bernoulli neither': { py: 'D.Bernoulli()', ts: () => new D.Bernoulli() },
  'Categorical negative probs': { py: 'D.Categorical(torch.tensor([[-0.1, 1.1], [0.5, 0.5]]))', ts: () => new D.Categorical(t([[-0.1, 1.1], [0.5, 0.5]])) },
  'Categorical 0-dim': { py: 'D.Categorical(torch.tensor(1.0))', ts: () => new D.Categorical(torch.tensor(1)) },
  'Gamma zero concentration': { py: 'D.Gamma(torch.tensor([0.0, 1.0]), 1.0)', ts: () => new D.Gamma(t([0, 1]), 1) },
  'Uniform low above high': { py: 'D.Uniform(2.0, 1.0)', ts: () => new D.Uniform(2, 1) },
  'Beta negative': { py: 'D.Beta(-1.0, 1.0)', ts: () => new D.Beta(-1, 1) },
  'Geometric zero probs': { py: 'D.Geometric(torch.tensor([0.0, 0.5]))', ts: () => new D.Geometric(t([0, 0.5])) },
  'Binomial fractional count': { py: 'D.Binomial(torch.tensor([2.5]), torch.tensor([0.5]))', ts: () => new D.Binomial(t([2.5]), t([0.5])) },
  'MultivariateNormal not PD': { py: 'D.MultivariateNormal(torch.zeros(2), covariance_matrix=torch.tensor([[1.0, 2.0], [2.0, 1.0]]))', ts: () => new D.MultivariateNormal(torch.zeros(2), { covarianceMatrix: t([[1, 2], [2, 1]]) }) },
  'MultivariateNormal two matrices': { py: 'D.MultivariateNormal(torch.zeros(2), torch.eye(2), torch.eye(2))', ts: () => new D.MultivariateNormal(torch.zeros(2), torch.eye(2), torch.eye(2)) },
  'Dirichlet 0-dim': { py: 'D.Dirichlet(torch.tensor(1.0))', ts: () => new D.Dirichlet(torch.tensor(1)) },
  'Independent too many dims': { py: 'D.Independent(D.Normal(torch.zeros(2), 1.0), 2)', ts: () => new D.Independent(new D.Normal(torch.zeros(2), 1), 2) },
  'logProb outside support': { py: 'D.Exponential(1.0).log_prob(torch.tensor(-1.0))', ts: () => new D.Exponential(1).logProb(torch.tensor(-1)) },
  'logProb outside support vector': { py: 'D.Beta(torch.tensor([1.0, 2.0]), torch.tensor([1.0, 1.0])).log_prob(torch.tensor([0.5, 1.5]))', ts: () => new D.Beta(t([1, 2]), t([1, 1])).logProb(t([0.5, 1.5])) },
  'logProb not broadcastable': { py: 'D.Normal(torch.zeros(3), 1.0).log_prob(torch.zeros(2))', ts: () => new D.Normal(torch.zeros(3), 1).logProb(torch.zeros(2)) },
  'logProb event shape': { py: 'D.Dirichlet(torch.ones(3)).log_prob(torch.ones(2) / 2)', ts: () => new D.Dirichlet(torch.ones(3)).logProb(torch.ones(2).div(2)) },
  'Categorical logProb out of range': { py: 'D.Categorical(torch.ones(3)).log_prob(torch.tensor(3))', ts: () => new D.Categorical(torch.ones(3)).logProb(torch.tensor(3n)) },
  'validate_args False': { py: 'D.Normal(0.0, -1.0, validate_args=False).log_prob(torch.tensor(-5.0))', ts: () => new D.Normal(0, -1, { validateArgs: false }).logProb(torch.tensor(-5)) },
  'default off': { py: '(D.Distribution.set_default_validate_args(False), D.Normal(0.0, -1.0))', ts: () => { D.Distribution.setDefaultValidateArgs(false); try { return new D.Normal(0, -1); } finally { D.Distribution.setDefaultValidateArgs(true); } } },
  'Wishart small df': { py: 'D.Wishart(torch.tensor([1.0]), covariance_matrix=torch.eye(3))', ts: () => new D.Wishart(t([1]), { covarianceMatrix: torch.eye(3) }) },
  'LKJCholesky dim': { py: 'D.LKJCholesky(1)', ts: () => new D.LKJCholesky(1) },
};

// rsample gradients with respect to the parameters, after the same seed.
const GRADIENTS: Record<string, { py: string; ts: (...p: torch.Tensor[]) => D.Distribution; params: number[][]; shape: number[] }> = {
  Normal: { py: 'lambda a, b: D.Normal(a, b)', ts: (a, b) => new D.Normal(a!, b!), params: [[0, 1], [1, 2]], shape: [3] },
  Gamma: { py: 'lambda a, b: D.Gamma(a, b)', ts: (a, b) => new D.Gamma(a!, b!), params: [[0.5, 3], [1, 2]], shape: [3] },
  Beta: { py: 'lambda a, b: D.Beta(a, b)', ts: (a, b) => new D.Beta(a!, b!), params: [[0.5, 3], [1, 2]], shape: [3] },
  Dirichlet: { py: 'lambda a: D.Dirichlet(a)', ts: (a) => new D.Dirichlet(a!), params: [[0.5, 3, 1]], shape: [4] },
  StudentT: { py: 'lambda a, b, c: D.StudentT(a, b, c)', ts: (a, b, c) => new D.StudentT(a!, b!, c!), params: [[3, 5], [0, 1], [1, 2]], shape: [2] },
  MultivariateNormal: { py: 'lambda a, b: D.MultivariateNormal(a, scale_tril=b)', ts: (a, b) => new D.MultivariateNormal(a!, { scaleTril: b! }), params: [[0, 1], [[1, 0] as never, [0.5, 2] as never] as never], shape: [3] },
  LogNormal: { py: 'lambda a, b: D.LogNormal(a, b)', ts: (a, b) => new D.LogNormal(a!, b!), params: [[0, 1], [0.5, 0.2]], shape: [3] },
  RelaxedOneHotCategorical: { py: 'lambda a, b: D.RelaxedOneHotCategorical(a, logits=b)', ts: (a, b) => new D.RelaxedOneHotCategorical(a!, { logits: b! }), params: [[0.5] as never, [0, 1, -1]], shape: [2] },
};

const pyExtra = () => (extraCache ??= oracles<[Record<string, string | null>, Record<string, Encoded[]>]>([
  ['distributions/distributions', 'errors', Object.fromEntries(Object.entries(ERRORS).map(([k, v]) => [k, v.py]))],
  ['distributions/distributions', 'gradients', Object.fromEntries(Object.entries(GRADIENTS).map(([k, v]) => [k, [v.py, v.params, v.shape]]))],
]));
let extraCache: [Record<string, string | null>, Record<string, Encoded[]>] | undefined;

const PY_TO_JS: Record<string, string> = { ValueError: 'RangeError', NotImplementedError: 'NotImplementedError', TypeError: 'TypeError' };

describe('validateArgs errors as Python\'s', () => {
  for (const [name, c] of Object.entries(ERRORS)) {
    it(name, () => {
      const want = pyExtra()[0][name];
      if (want === null) { expect(c.ts).not.toThrow(); return; }
      let err: unknown;
      try { c.ts(); } catch (e) { err = e; }
      expect(err, `Python raised ${want}`).toBeInstanceOf(Error);
      const [cls, ...rest] = want!.split(': ');
      expect((err as Error).message).toBe(rest.join(': '));
      expect((err as Error).name).toBe(PY_TO_JS[cls!] ?? cls);
    });
  }
});

describe('rsample gradients against PyTorch', () => {
  for (const [name, c] of Object.entries(GRADIENTS)) {
    it(name, () => {
      const ps = c.params.map((p) => torch.tensor(p).requiresGrad_());
      torch.manualSeed(0);
      c.ts(...ps).rsample(c.shape).sum().backward();
      ps.forEach((p, i) => expectEncoded(p.grad!, pyExtra()[1][name]![i]!, `grad ${i}`, 1e-5, 1e-5));
    });
  }
});

describe('options', () => {
  it('refuse unknown keys, naming them', () => {
    expect(() => new D.Normal(0, 1, { validate_args: false } as never)).toThrow("Normal: unknown option 'validate_args' (expected validateArgs)");
    expect(() => new D.Categorical({ logit: torch.zeros(2) } as never)).toThrow("Categorical: unknown option 'logit'");
    expect(() => new D.LogNormal(0, 1, { scale: 2 } as never)).toThrow("LogNormal: unknown option 'scale'");
  });
});

describe('lazy parameters', () => {
  it('are computed with gradients even when first asked for by sample (Python\'s lazy_property)', () => {
    const logits = torch.tensor([0.5, -1]).requiresGrad_();
    const d = new D.Bernoulli({ logits });
    d.sample();
    expect(d.probs.requiresGrad).toBe(true);
    d.logProb(torch.tensor([1, 0])).sum().backward();
    expect(logits.grad).not.toBeNull();
  });
});

describe('the package namespace', () => {
  it('holds every name of Python\'s torch.distributions.__all__, camelCased', async () => {
    const tn = await import('../../lib/index.js');
    expect(tn.distributions.Normal).toBe(D.Normal);
    const names = oracle<string[]>('distributions/distributions', 'public_names');
    const camel = (n: string) => n.replace(/_([a-z])/g, (_m, c: string) => c.toUpperCase());
    const missing = names.map(camel).filter((n) => !(n in D));
    expect(missing).toEqual([]);
    expect(names.length).toBe(67);
  });
});
