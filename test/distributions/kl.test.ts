// torch.distributions.klDivergence against PyTorch run live: every registered pair of classes
// (the same registry), and the dispatch rules of registerKl.
import { describe, expect, it } from 'vitest';
import * as torch from '../../lib/torch.js';
import * as D from '../../lib/distributions/index.js';
import { oracleBatch } from '../helpers/python.js';
import { expectAttempt, type Attempt } from '../helpers/distributions.js';

const t = (x: number[] | number[][]) => torch.tensor(x);
type Make = () => D.Distribution;

// Per class: [py p, py q], [ts p, ts q]; KL(P || Q) uses P's first and Q's second instance.
const INSTANCES: Record<string, [[string, string], [Make, Make]]> = {
  Bernoulli: [['D.Bernoulli(torch.tensor([0.3, 0.8]))', 'D.Bernoulli(torch.tensor([0.5, 0.1]))'], [() => new D.Bernoulli(t([0.3, 0.8])), () => new D.Bernoulli(t([0.5, 0.1]))]],
  Beta: [['D.Beta(torch.tensor([0.5, 2.0]), torch.tensor([1.5, 3.0]))', 'D.Beta(torch.tensor([1.0, 4.0]), torch.tensor([2.0, 0.7]))'], [() => new D.Beta(t([0.5, 2]), t([1.5, 3])), () => new D.Beta(t([1, 4]), t([2, 0.7]))]],
  Binomial: [['D.Binomial(10, torch.tensor([0.3, 0.8]))', 'D.Binomial(torch.tensor([10.0, 8.0]), torch.tensor([0.5, 0.1]))'], [() => new D.Binomial(10, t([0.3, 0.8])), () => new D.Binomial(t([10, 8]), t([0.5, 0.1]))]],
  Categorical: [['D.Categorical(torch.tensor([[0.2, 0.3, 0.5], [0.0, 0.5, 0.5]]))', 'D.Categorical(torch.tensor([[0.6, 0.2, 0.2], [0.1, 0.0, 0.9]]))'], [() => new D.Categorical(t([[0.2, 0.3, 0.5], [0, 0.5, 0.5]])), () => new D.Categorical(t([[0.6, 0.2, 0.2], [0.1, 0, 0.9]]))]],
  Cauchy: [['D.Cauchy(torch.tensor([0.0, 1.0]), torch.tensor([1.0, 2.0]))', 'D.Cauchy(torch.tensor([1.0, -1.0]), torch.tensor([0.5, 1.0]))'], [() => new D.Cauchy(t([0, 1]), t([1, 2])), () => new D.Cauchy(t([1, -1]), t([0.5, 1]))]],
  ContinuousBernoulli: [['D.ContinuousBernoulli(torch.tensor([0.3, 0.8]))', 'D.ContinuousBernoulli(torch.tensor([0.5, 0.1]))'], [() => new D.ContinuousBernoulli(t([0.3, 0.8])), () => new D.ContinuousBernoulli(t([0.5, 0.1]))]],
  Dirichlet: [['D.Dirichlet(torch.tensor([[0.5, 1.0, 2.0], [3.0, 0.2, 0.3]]))', 'D.Dirichlet(torch.tensor([[1.0, 1.0, 1.0], [0.5, 2.0, 4.0]]))'], [() => new D.Dirichlet(t([[0.5, 1, 2], [3, 0.2, 0.3]])), () => new D.Dirichlet(t([[1, 1, 1], [0.5, 2, 4]]))]],
  Exponential: [['D.Exponential(torch.tensor([0.5, 2.0]))', 'D.Exponential(torch.tensor([1.5, 0.3]))'], [() => new D.Exponential(t([0.5, 2])), () => new D.Exponential(t([1.5, 0.3]))]],
  ExponentialFamily: [['D.Wishart(torch.tensor([4.0, 6.0]), covariance_matrix=torch.tensor([[2.0, 0.5], [0.5, 1.0]]))', 'D.Wishart(torch.tensor([3.0, 5.0]), covariance_matrix=torch.tensor([[1.0, -0.2], [-0.2, 0.8]]))'],
    [() => new D.Wishart(t([4, 6]), { covarianceMatrix: t([[2, 0.5], [0.5, 1]]) }), () => new D.Wishart(t([3, 5]), { covarianceMatrix: t([[1, -0.2], [-0.2, 0.8]]) })]],
  Gamma: [['D.Gamma(torch.tensor([0.5, 2.0]), torch.tensor([1.0, 3.0]))', 'D.Gamma(torch.tensor([1.5, 0.7]), torch.tensor([2.0, 0.5]))'], [() => new D.Gamma(t([0.5, 2]), t([1, 3])), () => new D.Gamma(t([1.5, 0.7]), t([2, 0.5]))]],
  Geometric: [['D.Geometric(torch.tensor([0.3, 0.8]))', 'D.Geometric(torch.tensor([0.5, 0.1]))'], [() => new D.Geometric(t([0.3, 0.8])), () => new D.Geometric(t([0.5, 0.1]))]],
  Gumbel: [['D.Gumbel(torch.tensor([0.0, 1.0]), torch.tensor([1.0, 2.0]))', 'D.Gumbel(torch.tensor([1.0, -1.0]), torch.tensor([0.5, 1.0]))'], [() => new D.Gumbel(t([0, 1]), t([1, 2])), () => new D.Gumbel(t([1, -1]), t([0.5, 1]))]],
  HalfNormal: [['D.HalfNormal(torch.tensor([1.0, 2.0]))', 'D.HalfNormal(torch.tensor([0.5, 3.0]))'], [() => new D.HalfNormal(t([1, 2])), () => new D.HalfNormal(t([0.5, 3]))]],
  Independent: [['D.Independent(D.Normal(torch.zeros(2, 3), torch.ones(2, 3)), 1)', 'D.Independent(D.Normal(torch.ones(2, 3), torch.full((2, 3), 2.0)), 1)'], [() => new D.Independent(new D.Normal(torch.zeros(2, 3), torch.ones(2, 3)), 1), () => new D.Independent(new D.Normal(torch.ones(2, 3), torch.full([2, 3], 2)), 1)]],
  Laplace: [['D.Laplace(torch.tensor([0.0, 1.0]), torch.tensor([1.0, 2.0]))', 'D.Laplace(torch.tensor([1.0, -1.0]), torch.tensor([0.5, 1.0]))'], [() => new D.Laplace(t([0, 1]), t([1, 2])), () => new D.Laplace(t([1, -1]), t([0.5, 1]))]],
  LowRankMultivariateNormal: [['D.LowRankMultivariateNormal(torch.tensor([[0.0, 1.0], [1.0, 0.0]]), torch.tensor([[1.0], [0.5]]), torch.tensor([0.5, 1.0]))', 'D.LowRankMultivariateNormal(torch.tensor([1.0, -1.0]), torch.tensor([[0.3], [-0.2]]), torch.tensor([2.0, 1.5]))'],
    [() => new D.LowRankMultivariateNormal(t([[0, 1], [1, 0]]), t([[1], [0.5]]), t([0.5, 1])), () => new D.LowRankMultivariateNormal(t([1, -1]), t([[0.3], [-0.2]]), t([2, 1.5]))]],
  MultivariateNormal: [['D.MultivariateNormal(torch.tensor([[0.0, 1.0], [1.0, 0.0]]), torch.tensor([[2.0, 0.5], [0.5, 1.0]]))', 'D.MultivariateNormal(torch.tensor([1.0, -1.0]), scale_tril=torch.tensor([[1.0, 0.0], [0.4, 0.7]]))'],
    [() => new D.MultivariateNormal(t([[0, 1], [1, 0]]), t([[2, 0.5], [0.5, 1]])), () => new D.MultivariateNormal(t([1, -1]), { scaleTril: t([[1, 0], [0.4, 0.7]]) })]],
  Normal: [['D.Normal(torch.tensor([0.0, 1.0]), torch.tensor([1.0, 2.0]))', 'D.Normal(torch.tensor([1.0, -1.0]), torch.tensor([0.5, 1.0]))'], [() => new D.Normal(t([0, 1]), t([1, 2])), () => new D.Normal(t([1, -1]), t([0.5, 1]))]],
  OneHotCategorical: [['D.OneHotCategorical(torch.tensor([[0.2, 0.3, 0.5], [0.0, 0.5, 0.5]]))', 'D.OneHotCategorical(torch.tensor([[0.6, 0.2, 0.2], [0.1, 0.0, 0.9]]))'], [() => new D.OneHotCategorical(t([[0.2, 0.3, 0.5], [0, 0.5, 0.5]])), () => new D.OneHotCategorical(t([[0.6, 0.2, 0.2], [0.1, 0, 0.9]]))]],
  Pareto: [['D.Pareto(torch.tensor([1.0, 2.0]), torch.tensor([3.0, 1.5]))', 'D.Pareto(torch.tensor([0.5, 2.5]), torch.tensor([1.0, 2.5]))'], [() => new D.Pareto(t([1, 2]), t([3, 1.5])), () => new D.Pareto(t([0.5, 2.5]), t([1, 2.5]))]],
  Poisson: [['D.Poisson(torch.tensor([0.5, 4.0]))', 'D.Poisson(torch.tensor([2.0, 1.0]))'], [() => new D.Poisson(t([0.5, 4])), () => new D.Poisson(t([2, 1]))]],
  TransformedDistribution: [['D.LogNormal(torch.tensor([0.0, 1.0]), torch.tensor([1.0, 2.0]))', 'D.LogNormal(torch.tensor([1.0, -1.0]), torch.tensor([0.5, 1.0]))'], [() => new D.LogNormal(t([0, 1]), t([1, 2])), () => new D.LogNormal(t([1, -1]), t([0.5, 1]))]],
  Uniform: [['D.Uniform(torch.tensor([0.1, 1.0]), torch.tensor([0.6, 3.0]))', 'D.Uniform(torch.tensor([0.0, 1.5]), torch.tensor([1.0, 4.0]))'], [() => new D.Uniform(t([0.1, 1]), t([0.6, 3])), () => new D.Uniform(t([0, 1.5]), t([1, 4]))]],
};

const py = oracleBatch<{ pairs: string[]; results: Record<string, Attempt>; dispatch: { inherited: number[]; ambiguous: number[]; warning: string | null } }>({
  pairs: ['distributions/kl', 'pairs'],
  results: ['distributions/kl', 'results', Object.fromEntries(Object.entries(INSTANCES).map(([k, v]) => [k, v[0]]))],
  dispatch: ['distributions/kl', 'dispatch'],
});

describe('klDivergence against PyTorch', () => {
  it('has an instance pair for every registered class', () => {
    const classes = new Set(py().pairs.flatMap((p) => p.split(',')));
    expect([...classes].sort()).toEqual(Object.keys(INSTANCES).sort());
  });

  it('gives Python\'s value (or refusal) for every registered pair', () => {
    for (const pair of py().pairs) {
      const [a, b] = pair.split(',') as [string, string];
      torch.manualSeed(0);
      const p = INSTANCES[a]![1][0]();
      const q = INSTANCES[b]![1][1]();
      expectAttempt(() => D.klDivergence(p, q), py().results[pair]!, `KL(${pair})`, 1e-5, 1e-5);
    }
  });

  it('dispatches to the most specific pair and warns when two pairs tie', async () => {
    class MyNormal extends D.Normal {}
    class OtherNormal extends D.Normal {}
    const p = new MyNormal(t([0, 1]), t([1, 2]));
    const q = new OtherNormal(t([1, 0]), t([0.5, 1]));
    const want = py().dispatch;
    expect(D.klDivergence(p, q).tolist()).toEqual(want.inherited.map((x) => Math.fround(x)));
    D.registerKl(MyNormal, D.Normal)(() => torch.zeros(2));
    D.registerKl(D.Normal, OtherNormal)(() => torch.ones(2));
    const warnings: string[] = [];
    const onWarning = (w: Error) => warnings.push(w.message);
    process.on('warning', onWarning);
    try {
      expect(D.klDivergence(p, q).tolist()).toEqual(want.ambiguous);
      // The warning event comes on a later tick.
      await new Promise((resolve) => setImmediate(resolve));
    } finally {
      process.off('warning', onWarning);
    }
    expect(warnings).toEqual([want.warning]);
  });

  it('refuses unregistered pairs with Python\'s message', () => {
    expect(() => D.klDivergence(new D.Normal(0, 1), new D.Categorical(t([0.5, 0.5])))).toThrow('No KL(p || q) is implemented for p type Normal and q type Categorical');
  });
});
