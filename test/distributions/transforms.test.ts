// torch.distributions transforms, constraints and the biject_to/transform_to registries against
// PyTorch run live.
import { describe, expect, it } from 'vitest';
import * as torch from '../../lib/torch.js';
import * as D from '../../lib/distributions/index.js';
import { oracleBatch } from '../helpers/python.js';
import { expectAttempt, expectEncoded, type Attempt, type Encoded } from '../helpers/distributions.js';

const C = D.constraints;
const t = (x: number[] | number[][]) => torch.tensor(x);
type Nested = number[] | number[][] | number[][][];

const TRANSFORMS: Record<string, { py: string; ts: () => D.Transform; x: Nested }> = {
  Exp: { py: 'D.ExpTransform()', ts: () => new D.ExpTransform(), x: [-1, 0, 0.5] },
  Power: { py: 'D.PowerTransform(torch.tensor([2.0, 0.5, -1.0]))', ts: () => new D.PowerTransform(t([2, 0.5, -1])), x: [0.5, 2, 3] },
  Sigmoid: { py: 'D.SigmoidTransform()', ts: () => new D.SigmoidTransform(), x: [-2, 0, 3] },
  Softplus: { py: 'D.SoftplusTransform()', ts: () => new D.SoftplusTransform(), x: [-2, 0, 3] },
  Tanh: { py: 'D.TanhTransform()', ts: () => new D.TanhTransform(), x: [-2, 0, 0.7] },
  Abs: { py: 'D.AbsTransform()', ts: () => new D.AbsTransform(), x: [-2, 0, 3] },
  Affine: { py: 'D.AffineTransform(1.0, 2.0)', ts: () => new D.AffineTransform(1, 2), x: [-2, 0, 3] },
  'Affine tensor event_dim 1': { py: 'D.AffineTransform(torch.tensor([1.0, -1.0]), torch.tensor([2.0, -0.5]), event_dim=1)', ts: () => new D.AffineTransform(t([1, -1]), t([2, -0.5]), 1), x: [[1, 2], [3, 4]] },
  CorrCholesky: { py: 'D.CorrCholeskyTransform()', ts: () => new D.CorrCholeskyTransform(), x: [[0.3, -0.5, 1.2], [0.0, 2.0, -1.0]] },
  Softmax: { py: 'D.SoftmaxTransform()', ts: () => new D.SoftmaxTransform(), x: [[0.3, -0.5, 1.2]] },
  StickBreaking: { py: 'D.StickBreakingTransform()', ts: () => new D.StickBreakingTransform(), x: [[0.3, -0.5, 1.2], [0, 0, 0]] },
  LowerCholesky: { py: 'D.LowerCholeskyTransform()', ts: () => new D.LowerCholeskyTransform(), x: [[1, 2], [3, -1]] },
  PositiveDefinite: { py: 'D.PositiveDefiniteTransform()', ts: () => new D.PositiveDefiniteTransform(), x: [[1, 2], [3, -1]] },
  Reshape: { py: 'D.ReshapeTransform((2, 3), (6,))', ts: () => new D.ReshapeTransform([2, 3], [6]), x: [[1, 2, 3], [4, 5, 6]] },
  Independent: { py: 'D.IndependentTransform(D.ExpTransform(), 1)', ts: () => new D.IndependentTransform(new D.ExpTransform(), 1), x: [[1, 2], [3, -1]] },
  Compose: { py: 'D.ComposeTransform([D.ExpTransform(), D.AffineTransform(1.0, -2.0), D.TanhTransform()])', ts: () => new D.ComposeTransform([new D.ExpTransform(), new D.AffineTransform(1, -2), new D.TanhTransform()]), x: [-1, 0, 0.3] },
  'Compose with event dims': { py: 'D.ComposeTransform([D.AffineTransform(0.5, 2.0), D.StickBreakingTransform()])', ts: () => new D.ComposeTransform([new D.AffineTransform(0.5, 2), new D.StickBreakingTransform()]), x: [[0.1, 0.2], [1, -1]] },
  'Inverse of Sigmoid': { py: 'D.SigmoidTransform().inv', ts: () => new D.SigmoidTransform().inv, x: [0.1, 0.5, 0.9] },
  Cat: { py: 'D.CatTransform([D.ExpTransform(), D.AffineTransform(1.0, 3.0)], 0, [2, 1])', ts: () => new D.CatTransform([new D.ExpTransform(), new D.AffineTransform(1, 3)], 0, [2, 1]), x: [0.5, -1, 2] },
  Stack: { py: 'D.StackTransform([D.ExpTransform(), D.TanhTransform()], 1)', ts: () => new D.StackTransform([new D.ExpTransform(), new D.TanhTransform()], 1), x: [[0.5, -1], [2, 0.3]] },
  CumulativeDistribution: { py: 'D.CumulativeDistributionTransform(D.Normal(0.0, 2.0))', ts: () => new D.CumulativeDistributionTransform(new D.Normal(0, 2)), x: [-1, 0, 3] },
  Identity: { py: 'D.identity_transform', ts: () => D.identityTransform, x: [1, 2] },
};

const CONSTRAINTS: Record<string, { py: string; ts: () => D.constraints.Constraint; x: Nested }> = {
  real: { py: 'C.real', ts: () => C.real, x: [-1, 2] },
  realVector: { py: 'C.real_vector', ts: () => C.realVector, x: [[-1, 2]] },
  positive: { py: 'C.positive', ts: () => C.positive, x: [-1, 2] },
  nonnegative: { py: 'C.nonnegative', ts: () => C.nonnegative, x: [-1, 2] },
  greaterThan: { py: 'C.greater_than(1.5)', ts: () => C.greaterThan(1.5), x: [-1, 2] },
  greaterThanEq: { py: 'C.greater_than_eq(-1.0)', ts: () => C.greaterThanEq(-1), x: [-1, 2] },
  lessThan: { py: 'C.less_than(3.0)', ts: () => C.lessThan(3), x: [-1, 2] },
  unitInterval: { py: 'C.unit_interval', ts: () => C.unitInterval, x: [-1, 2] },
  interval: { py: 'C.interval(-2.0, 5.0)', ts: () => C.interval(-2, 5), x: [-1, 2] },
  'interval tensor bounds': { py: 'C.interval(torch.tensor([0.0, 1.0]), torch.tensor([1.0, 4.0]))', ts: () => C.interval(t([0, 1]), t([1, 4])), x: [-1, 2] },
  halfOpenInterval: { py: 'C.half_open_interval(0.0, 2.0)', ts: () => C.halfOpenInterval(0, 2), x: [-1, 2] },
  simplex: { py: 'C.simplex', ts: () => C.simplex, x: [[0.3, -0.5, 1.2]] },
  lowerCholesky: { py: 'C.lower_cholesky', ts: () => C.lowerCholesky, x: [[1, 2], [3, -1]] },
  positiveDefinite: { py: 'C.positive_definite', ts: () => C.positiveDefinite, x: [[1, 2], [3, -1]] },
  positiveSemidefinite: { py: 'C.positive_semidefinite', ts: () => C.positiveSemidefinite, x: [[1, 2], [3, -1]] },
  corrCholesky: { py: 'C.corr_cholesky', ts: () => C.corrCholesky, x: [[0.3, -0.5, 1.2]] },
  independent: { py: 'C.independent(C.positive, 1)', ts: () => C.independent(C.positive, 1), x: [[-1, 2]] },
  cat: { py: 'C.cat([C.positive, C.unit_interval], 0, [2, 1])', ts: () => C.cat([C.positive, C.unitInterval], 0, [2, 1]), x: [-1, 2, 0.5] },
  stack: { py: 'C.stack([C.real, C.positive], 1)', ts: () => C.stack([C.real, C.positive], 1), x: [[-1, 2], [0.5, -3]] },
  boolean: { py: 'C.boolean', ts: () => C.boolean, x: [0, 1] },
  nonnegativeInteger: { py: 'C.nonnegative_integer', ts: () => C.nonnegativeInteger, x: [0, 1] },
  integerInterval: { py: 'C.integer_interval(0, 4)', ts: () => C.integerInterval(0, 4), x: [0, 1] },
  square: { py: 'C.square', ts: () => C.square, x: [[1, 2], [3, 4]] },
  symmetric: { py: 'C.symmetric', ts: () => C.symmetric, x: [[1, 2], [3, 4]] },
};

const CHECKS: Record<string, { py: string; ts: () => D.constraints.Constraint; v: Nested }> = {
  boolean: { py: 'C.boolean', ts: () => C.boolean, v: [0, 1, 0.5, 2] },
  oneHot: { py: 'C.one_hot', ts: () => C.oneHot, v: [[0, 1, 0], [1, 1, 0], [0.5, 0.5, 0]] },
  integerInterval: { py: 'C.integer_interval(1, 3)', ts: () => C.integerInterval(1, 3), v: [0, 1, 2.5, 3, 4] },
  positiveInteger: { py: 'C.positive_integer', ts: () => C.positiveInteger, v: [0, 1, 2.5, 3] },
  simplex: { py: 'C.simplex', ts: () => C.simplex, v: [[0.5, 0.5], [0.7, 0.4], [1.2, -0.2]] },
  multinomial: { py: 'C.multinomial(3)', ts: () => C.multinomial(3), v: [[1, 2], [2, 2], [-1, 3]] },
  lowerTriangular: { py: 'C.lower_triangular', ts: () => C.lowerTriangular, v: [[[1, 0], [2, -3]], [[1, 1], [0, 1]]] },
  lowerCholesky: { py: 'C.lower_cholesky', ts: () => C.lowerCholesky, v: [[[1, 0], [2, 3]], [[1, 0], [2, -3]]] },
  corrCholesky: { py: 'C.corr_cholesky', ts: () => C.corrCholesky, v: [[[1, 0], [0.6, 0.8]], [[1, 0], [0.5, 0.5]]] },
  positiveDefinite: { py: 'C.positive_definite', ts: () => C.positiveDefinite, v: [[[2, 1], [1, 2]], [[1, 2], [2, 1]]] },
  positiveSemidefinite: { py: 'C.positive_semidefinite', ts: () => C.positiveSemidefinite, v: [[[1, 1], [1, 1]], [[1, 2], [2, 1]]] },
  'symmetric not square': { py: 'C.symmetric', ts: () => C.symmetric, v: [[1, 2, 3], [4, 5, 6]] },
  halfOpenInterval: { py: 'C.half_open_interval(0.0, 1.0)', ts: () => C.halfOpenInterval(0, 1), v: [0, 0.5, 1] },
};

interface TransformResult {
  repr: string; y: Encoded; inv: Attempt; ladj: Attempt; invLadj: Attempt; domain: string; codomain: string;
  bijective: boolean; forwardShape: number[]; inverseShape: number[];
}
interface RegistryEntry { repr: string; y: Encoded; check: Encoded }
interface RegistryResult { constraint: string; eventDim: number; isDiscrete: boolean; biject: RegistryEntry | { error: string }; transform: RegistryEntry | { error: string } }

const py = oracleBatch<{ transforms: Record<string, TransformResult>; registries: Record<string, RegistryResult>; checks: Record<string, Attempt> }>({
  transforms: ['distributions/transforms', 'transforms', Object.fromEntries(Object.entries(TRANSFORMS).map(([k, v]) => [k, [v.py, v.x]]))],
  registries: ['distributions/transforms', 'registries', Object.fromEntries(Object.entries(CONSTRAINTS).map(([k, v]) => [k, [v.py, v.x]]))],
  checks: ['distributions/transforms', 'checks', Object.fromEntries(Object.entries(CHECKS).map(([k, v]) => [k, [v.py, v.v]]))],
});

describe('transforms against PyTorch', () => {
  for (const [name, c] of Object.entries(TRANSFORMS)) {
    it(name, () => {
      const want = py().transforms[name]!;
      const tr = c.ts();
      const x = torch.tensor(c.x as number[]);
      const y = tr(x);
      expect(String(tr)).toBe(want.repr);
      expectEncoded(y, want.y, 'y');
      expectAttempt(() => tr.inv(y), want.inv, 'inv(y)', 1e-5, 1e-5);
      expectAttempt(() => tr.logAbsDetJacobian(x, y), want.ladj, 'logAbsDetJacobian', 1e-5, 1e-5);
      expectAttempt(() => tr.inv.logAbsDetJacobian(y, x), want.invLadj, 'inv.logAbsDetJacobian', 1e-5, 1e-5);
      expect(String(tr.domain)).toBe(want.domain);
      expect(String(tr.codomain)).toBe(want.codomain);
      expect(tr.bijective).toBe(want.bijective);
      expect(tr.forwardShape(x.shape)).toEqual(want.forwardShape);
      expect(tr.inverseShape(y.shape)).toEqual(want.inverseShape);
    });
  }

  it('caches the last pair with cacheSize 1, as Python', () => {
    const tr = new D.ExpTransform(1);
    const x = torch.tensor([1, 2]);
    const y = tr(x);
    expect(tr(x)).toBe(y);
    expect(tr.inv(y)).toBe(x);
    expect(new D.ExpTransform().withCache(1)._cacheSize).toBe(1);
    expect(() => new D.ExpTransform(2)).toThrow('cache_size must be 0 or 1');
    expect(new D.ExpTransform().inv.inv).toBeInstanceOf(D.ExpTransform);
  });
});

describe('constraints and the biject_to/transform_to registries against PyTorch', () => {
  for (const [name, c] of Object.entries(CONSTRAINTS)) {
    it(name, () => {
      const want = py().registries[name]!;
      const con = c.ts();
      expect(String(con)).toBe(want.constraint);
      expect(con.eventDim).toBe(want.eventDim);
      expect(con.isDiscrete).toBe(want.isDiscrete);
      const x = torch.tensor(c.x as number[]);
      for (const [key, reg] of [['biject', D.bijectTo], ['transform', D.transformTo]] as const) {
        const w = want[key];
        if ('error' in w) {
          expect(() => reg(con)).toThrow(w.error);
          continue;
        }
        const tr = reg(con);
        expect(String(tr)).toBe(w.repr);
        const y = tr(x);
        expectEncoded(y, w.y, `${key} y`, 1e-5, 1e-5);
        expectEncoded(con.check(y), w.check, `${key} check`);
      }
    });
  }

  it('checks values as Python', () => {
    for (const [name, c] of Object.entries(CHECKS)) {
      expectAttempt(() => c.ts().check(torch.tensor(c.v as number[])), py().checks[name]!, name);
    }
  });

  it('registers new factories and refuses non-constraints', () => {
    class _Odd extends D.constraints.Constraint {}
    const odd = new _Odd();
    expect(() => D.bijectTo(odd)).toThrow('Cannot transform _Odd constraints');
    D.bijectTo.register(_Odd, () => new D.ExpTransform());
    expect(D.bijectTo(odd)).toBeInstanceOf(D.ExpTransform);
    expect(() => D.bijectTo.register(42 as never, () => new D.ExpTransform())).toThrow(TypeError);
  });
});
