// Python's named tuples (torch.return_types): the result is an array that also carries each field
// by its (camelCase) name, and is typed so. Field names and values from Python PyTorch.
import { describe, expect, it } from 'vitest';
import * as torch from '../../lib/index.js';
import { Tensor } from '../../lib/index.js';
import { native } from '../../lib/binding.js';
import { snakeToCamel } from '../../lib/names.js';
import { oracleBatch } from '../helpers/python.js';
import { runInChild, type ChildResult } from '../helpers/child.js';

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

// A named tuple's fields are the array's own elements under a second name: disposing them through
// either name, disposing twice, and torch.tidy keeping them (through the array or one field) must
// behave as for any tensor. In a child process, so a regression fails here and not the worker.
describe('named tuples after dispose (child process)', () => {
  const code = String.raw`const out = {};
const run = (name, f) => { try { out[name] = ['ok', f()]; } catch (e) { out[name] = ['err', e?.constructor?.name ?? typeof e, String(e?.message ?? e).slice(0, 160)]; } };
const X = torch.tensor([[4, 1, 2], [1, 5, 3], [2, 3, 6]], { dtype: 'float64' });
const B = torch.tensor([[1], [2], [3]], { dtype: 'float64' });
const cases = {
  max: () => torch.max(X, 1), sort: () => torch.sort(X), topk: () => torch.topk(X, 2), frexp: () => torch.frexp(X),
  histogram: () => torch.histogram(X.flatten(), 4), histogramdd: () => torch.histogramdd(X, [2, 2, 2]),
  svd: () => torch.svd(X), slogdet: () => torch.linalg.slogdet(X), lu: () => torch.linalg.lu(X), lstsq: () => torch.linalg.lstsq(X, B),
  aminmax: () => torch.aminmax(X, { dim: 1 }), eigh: () => torch.linalg.eigh(X), cummax: () => torch.cummax(X, 1),
  methodMax: () => X.max(1), luFactorEx: () => torch.linalg.luFactorEx(X),
};
const tensorsOf = (v) => (v instanceof torch.Tensor ? [v] : Array.isArray(v) ? v.flatMap(tensorsOf) : []);
for (const [name, f] of Object.entries(cases)) {
  const r = f();
  const fields = Object.keys(r).filter((k) => !/^\d+$/.test(k));
  for (const t of tensorsOf([...r])) t.dispose();
  run(name + ' fields', () => fields.map((k, i) => r[k] === r[i] && tensorsOf(r[k]).every((t) => t.isDisposed)));
  run(name + ' use', () => tensorsOf(r[fields[0]])[0].add(1));
  run(name + ' print', () => String(tensorsOf(r[fields[0]])[0]));
  run(name + ' redispose', () => { for (const t of tensorsOf([...r])) t.dispose(); return 'ok'; });
  // Kept by torch.tidy through the array, whichever way it is reached.
  run(name + ' tidy', () => { const k = torch.tidy(f); return fields.map((f2) => tensorsOf(k[f2]).every((t) => !t.isDisposed)); });
  run(name + ' tidy field only', () => { const k = torch.tidy(() => ({ only: f()[fields[fields.length - 1]] })); return tensorsOf(k.only).every((t) => !t.isDisposed); });
}
// out= named tuples whose out tensors were disposed before the call.
{
  const v = torch.empty(0, { dtype: 'float64' }); const i = torch.empty(0, { dtype: 'int64' });
  i.dispose();
  run('out disposed', () => torch.max(X, 1, { out: [v, i] }));
  const v2 = torch.empty(0, { dtype: 'float64' }); const i2 = torch.empty(0, { dtype: 'int64' });
  run('out same', () => { const r = torch.max(X, 1, { out: [v2, i2] }); return [r.values === v2, r.indices === i2, r[0] === v2]; });
}
console.log(JSON.stringify(out));
`;
  let r: ChildResult | undefined;
  const got = (): Record<string, unknown[]> => {
    r ??= runInChild(code);
    expect(r.signal, r.stderr).toBeNull();
    expect(r.status, r.stderr).toBe(0);
    return JSON.parse(r.stdout) as Record<string, unknown[]>;
  };
  const names = ['max', 'sort', 'topk', 'frexp', 'histogram', 'histogramdd', 'svd', 'slogdet', 'lu', 'lstsq', 'aminmax', 'eigh', 'cummax', 'methodMax', 'luFactorEx'];
  const disposed = 'Tensor has been disposed: it cannot be used after dispose() (or outside the torch.tidy() scope that freed it)';

  it.each(names)('%s: fields name the disposed elements; using one is an error, printing and disposing again are not', (name) => {
    const o = got();
    const fields = o[name + ' fields']!;
    expect(fields[0]).toBe('ok');
    expect((fields[1] as boolean[]).length).toBeGreaterThanOrEqual(2);
    expect((fields[1] as boolean[]).every(Boolean)).toBe(true);
    expect(o[name + ' use']).toEqual(['err', 'TypeError', 'self: ' + disposed]);
    expect(o[name + ' print']).toEqual(['ok', 'tensor(<disposed>)']);
    expect(o[name + ' redispose']).toEqual(['ok', 'ok']);
  });

  it.each(names)('%s: torch.tidy keeps what it returns, through the array or one field', (name) => {
    const o = got();
    expect(o[name + ' tidy']![0]).toBe('ok');
    expect((o[name + ' tidy']![1] as boolean[]).every(Boolean)).toBe(true);
    expect(o[name + ' tidy field only']).toEqual(['ok', true]);
  });

  it('out= tensors: a disposed one is an error naming its schema argument; the result is the out tensors themselves', () => {
    const o = got();
    expect(o['out disposed']).toEqual(['err', 'TypeError', 'max_values: ' + disposed]);
    expect(o['out same']).toEqual(['ok', [true, true, true]]);
  });
});
