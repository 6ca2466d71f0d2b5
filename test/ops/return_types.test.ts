// Python's named tuples (torch.return_types): the result is an array that also carries each field
// by its (camelCase) name, and is typed so. Field names and values from Python PyTorch.
import { describe, expect, it } from 'vitest';
import * as torch from '../../lib/index.js';
import { Tensor } from '../../lib/index.js';
import { native } from '../../lib/binding.js';
import { snakeToCamel } from '../../lib/names.js';
import { oracleBatch } from '../helpers/python.js';
import { runInChild } from '../helpers/child.js';

interface CallResult { type: string; fields: string[]; values: unknown[] }

const X = [[4.0, 1.0, 2.0], [1.0, 5.0, 3.0], [2.0, 3.0, 6.0]];
const x = torch.tensor(X, { dtype: 'float64' });
const b = torch.tensor([[1.0], [2.0], [3.0]], { dtype: 'float64' });
const lu = torch.linalg.luFactor(x);

// The same calls as test/oracles/ops/return_types.py's, by the same names.
const cases: Record<string, () => unknown> = {
  'torch.max': () => torch.max(x, 1),
  'torch.min': () => torch.min(x, 0, { keepdim: true }),
  'torch.sort': () => torch.sort(x, { descending: true }),
  'torch.topk': () => torch.topk(x, 2),
  'torch.kthvalue': () => torch.kthvalue(x, 2, 1),
  'torch.mode': () => torch.mode(x, 1),
  'torch.median': () => torch.median(x, 1),
  'torch.nanmedian': () => torch.nanmedian(x, 1),
  'torch.aminmax': () => torch.aminmax(x, { dim: 1 }),
  'torch.cummax': () => torch.cummax(x, 1),
  'torch.cummin': () => torch.cummin(x, 1),
  'torch.frexp': () => torch.frexp(x),
  'torch.geqrf': () => torch.geqrf(x),
  'torch.histogram': () => torch.histogram(x.flatten(), 4),
  'torch.histogramdd': () => torch.histogramdd(x, [2, 2, 2]),
  'torch.qr': () => torch.qr(x),
  'torch.svd': () => torch.svd(x),
  'torch.slogdet': () => torch.slogdet(x),
  'torch.triangular_solve': () => torch.triangularSolve(b, x),
  'torch.lu_unpack': () => torch.luUnpack(lu.LU, lu.pivots),
  'torch.linalg.cholesky_ex': () => torch.linalg.choleskyEx(x),
  'torch.linalg.eigh': () => torch.linalg.eigh(x),
  'torch.linalg.inv_ex': () => torch.linalg.invEx(x),
  'torch.linalg.ldl_factor': () => torch.linalg.ldlFactor(x),
  'torch.linalg.ldl_factor_ex': () => torch.linalg.ldlFactorEx(x),
  'torch.linalg.lstsq': () => torch.linalg.lstsq(x, b),
  'torch.linalg.lu': () => torch.linalg.lu(x),
  'torch.linalg.lu_factor': () => torch.linalg.luFactor(x),
  'torch.linalg.lu_factor_ex': () => torch.linalg.luFactorEx(x),
  'torch.linalg.qr': () => torch.linalg.qr(x),
  'torch.linalg.slogdet': () => torch.linalg.slogdet(x),
  'torch.linalg.solve_ex': () => torch.linalg.solveEx(x, b),
  'torch.linalg.svd': () => torch.linalg.svd(x),
  'Tensor.max': () => x.max(1),
  'Tensor.sort': () => x.sort(0),
  'Tensor.topk': () => x.topk(1, { largest: false }),
  'Tensor.slogdet': () => x.slogdet(),
  'torch.max out=': () => torch.max(x, 1, { out: [torch.empty(0, { dtype: 'float64' }), torch.empty(0, { dtype: 'int64' })] }),
};

const py = oracleBatch<{ fields: Record<string, string[]>; calls: Record<string, CallResult>; names: string[]; plain: Record<string, string> }>({
  fields: ['ops/return_types', 'fields'],
  calls: ['ops/return_types', 'calls', Object.keys(cases)],
  names: ['ops/return_types', 'case_names'],
  plain: ['ops/return_types', 'plain_tuples'],
});

const plain = (v: unknown): unknown => {
  if (v instanceof Tensor) return plain(v.tolist());
  if (Array.isArray(v)) return v.map(plain);
  return typeof v === 'bigint' ? Number(v) : v;
};

// LAPACK results agree to rounding (a zero may come out as 1e-17 on one side).
function expectClose(got: unknown, want: unknown): void {
  if (Array.isArray(want)) {
    expect(Array.isArray(got) && got.length === want.length).toBe(true);
    want.forEach((w, i) => expectClose((got as unknown[])[i], w));
  } else if (typeof want === 'number') {
    expect(Math.abs((got as number) - want)).toBeLessThanOrEqual(1e-12 * Math.max(1, Math.abs(want)));
  } else {
    expect(got).toBe(want);
  }
}

describe('named tuples (torch.return_types)', () => {
  it('has the same cases as the oracle', () => {
    expect(Object.keys(cases)).toEqual(py().names);
  });

  it.each(Object.keys(cases))('%s carries Python\'s fields by name, in order', (name) => {
    const want = py().calls[name]!;
    const r = cases[name]!() as unknown[] & Record<string, unknown>;
    expect(Array.isArray(r)).toBe(true);
    expect(r.length).toBe(want.fields.length);
    const names = want.fields.map((f) => snakeToCamel(f));
    expect(Object.keys(r).filter((k) => !/^\d+$/.test(k))).toEqual(names);
    names.forEach((field, i) => {
      expect(r[field]).toBe(r[i]);
      expectClose(plain(r[i]), want.values[i]);
    });
    // Destructuring and spreading keep working.
    const [first] = r;
    expect(first).toBe(r[names[0]!]);
    expect([...r].length).toBe(names.length);
  });

  it('names every torch.return_types type of Python by its schema\'s returns (private ones too)', () => {
    const schemas = native.listSchemas('aten');
    const missing: string[] = [];
    for (const [type, fields] of Object.entries(py().fields)) {
      // NAME_out is the out= overloads' type: the same fields as NAME's.
      const candidates = schemas.filter((s) => s.namedReturns && (s.name === type || (type.endsWith('_out') && s.name === type.slice(0, -4))));
      const match = candidates.find((s) => s.returns.map((r) => r.name).join() === fields.join());
      if (!match) { missing.push(type); continue; }
      expect(match.returns.map((r) => r.jsName)).toEqual(fields.map((f) => snakeToCamel(f)));
    }
    expect(missing).toEqual([]);
    expect(Object.keys(py().fields).length).toBeGreaterThan(60);
  });

  it('leaves results Python returns as plain tuples unnamed (unnamed schema returns)', () => {
    expect(py().plain).toEqual({ std_mean: 'tuple', var_mean: 'tuple' });
    const r = torch.stdMean(x) as unknown as Record<string, unknown>;
    expect(Object.keys(r)).toEqual(['0', '1']);
    expect(Object.keys(torch.varMean(x, 1) as unknown as Record<string, unknown>)).toEqual(['0', '1']);
  });

  it('names the fields where code generation from strings is disallowed too', () => {
    const r = runInChild("const r = torch.max(torch.rand(3, 3), 1); console.log(Object.keys(r).join(), r.indices === r[1])",
      { nodeArgs: ['--disallow-code-generation-from-strings'] });
    expect(r.stderr).toBe('');
    expect(r.stdout).toBe('0,1,values,indices true\n');
  });

  it('types the result by name (torch.return_types)', () => {
    const r: torch.return_types.max = x.max(1);
    const { values, indices } = r;
    const [v, i]: [Tensor, Tensor] = torch.max(x, 1);
    const s: torch.return_types.linalgSlogdet = torch.linalg.slogdet(x);
    const h: Tensor[] = torch.histogramdd(x, [2, 2, 2]).binEdges;
    // @ts-expect-error: no such field
    expect(r.value).toBeUndefined();
    expect(values).toBe(r[0]);
    expect(indices.dtype).toBe('int64');
    expect(v.shape).toEqual([3]);
    expect(i.dtype).toBe('int64');
    expect(s.logabsdet.shape).toEqual([]);
    expect(h.length).toBe(3);
  });
});
