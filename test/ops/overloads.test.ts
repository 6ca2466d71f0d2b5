// The generated operator surface against Python PyTorch: overloads resolved by argument types,
// keyword arguments, scalars, dtypes of results, out= and in-place identity, errors.
// Every expected value is computed by the PyTorch whose LibTorch we link (test/oracles/ops/overloads.py).
import { beforeAll, describe, expect, it } from 'vitest';
import * as torch from '../../lib/index.js';
import { Tensor } from '../../lib/index.js';
import { oracleBatch } from '../helpers/python.js';
import { childJsonLines } from '../helpers/child.js';

interface PyValue { v: unknown; dtype?: string }
type Result = PyValue | PyValue[];

// Python's results for this file, computed in one python3 run (test/oracles/ops/overloads.py).
interface CrashPy {
  oom: Record<string, [string, string]>; resize: [string, string]; hist: [number[], number[]];
  big: string[]; scalarErrors: Record<string, string>; ok: Record<string, number[]>;
}
interface InplacePy { identity: Record<string, [boolean, number]>; errors: Record<string, [string, string]> }
interface FactoryOutResult { is_out: boolean; device: string; dtype: string; requires_grad: boolean; values: number[] | number[][] }
const oracle = oracleBatch<{
  results: Record<string, Result>; crashRegressions: CrashPy; inplace: InplacePy;
  factoryOut: Record<string, FactoryOutResult | [string, string]>;
  keywordResolutions: unknown[][];
}>({
  results: ['ops/overloads', 'results'],
  inplace: ['ops/overloads', 'inplace_identity_and_errors'],
  factoryOut: ['ops/overloads', 'factory_out_with_options'],
  crashRegressions: ['ops/overloads', 'crash_regressions'],
  keywordResolutions: ['ops/overloads', 'keyword_resolutions'],
});

// The same inputs as test/oracles/ops/overloads.py.
const X = [[1.5, -2.0, 3.25, 0.5], [4.0, -0.75, 2.0, -1.0], [0.25, 5.0, -3.0, 2.5]];
const Y = [[0.5, 1.0, -2.0, 4.0], [2.0, 3.0, 0.25, -1.5], [1.0, -4.0, 2.0, 0.5]];

// name -> the call in torch-node; test/oracles/ops/overloads.py CASES makes the same call under each name.
const cases: Record<string, (x: Tensor, y: Tensor, i: Tensor, c: Tensor) => unknown> = {
  add_tensor: (x, y) => x.add(y),
  add_tensor_alpha: (x, y) => torch.add(x, y, { alpha: 0.5 }),
  add_scalar: (x) => x.add(2),
  add_scalar_alpha: (x) => x.add(2, { alpha: 3 }),
  add_scalar_first: (x) => torch.add(2, x),
  sub_scalar_first: (x) => torch.sub(1, x),
  sub_scalar_first_alpha: (x) => torch.sub(1, x, { alpha: 2 }),
  rsub: (x) => torch.rsub(x, 1),
  mul_scalar: (x) => x.mul(2.5),
  mul_bool: (x) => x.mul(true),
  pow_tensor_scalar: (x) => x.pow(2),
  pow_scalar_tensor: (x) => torch.pow(2, x),
  pow_tensor_tensor: (x, y) => x.abs().pow(y),
  sum_all: (x) => x.sum(),
  sum_dim: (x) => x.sum(1),
  sum_dim_keepdim_kw: (x) => torch.sum(x, { dim: 1, keepdim: true }),
  sum_dims: (x) => x.sum([0, 1]),
  sum_positional_keepdim: (x) => torch.sum(x, 0, true),
  sum_int_dtype: (_x, _y, i) => i.sum({ dtype: 'float64' }),
  sum_int: (_x, _y, i) => i.sum(),
  mean_dim: (x) => x.mean(0),
  max_all: (x) => x.max(),
  max_dim: (x) => x.max(1),
  max_dim_keepdim: (x) => torch.max(x, 0, true),
  max_dim_kw: (x) => torch.max(x, { dim: 0, keepdim: true }),
  max_other: (x, y) => x.max(y),
  min_dim: (x) => x.min(0),
  min_other: (x, y) => torch.min(x, y),
  std_all: (x) => x.std(),
  std_dim: (x) => x.std(1),
  std_unbiased_false: (x) => x.std(1, false),
  std_correction: (x) => x.std({ dim: 1, correction: 0 }),
  std_correction_keepdim: (x) => torch.std(x, 0, { correction: 2, keepdim: true }),
  var_dim: (x) => torch.var(x, 1),
  var_keepdim: (x) => x.var([0, 1], { keepdim: true }),
  split_int: (x) => x.split(2, 1),
  split_sizes: (x) => x.split([1, 3], { dim: 1 }),
  split_fn: (x) => torch.split(x, 2),
  cat: (x, y) => torch.cat([x, y]),
  cat_dim: (x, y) => torch.cat([x, y], 1),
  stack_kw: (x, y) => torch.stack([x, y], { dim: 1 }),
  where_scalar_other: (x, _y, _i, c) => torch.where(c, x, 0),
  where_scalar_self: (x, _y, _i, c) => torch.where(c, 1.5, x),
  // JS has one number type: an integral number is Python's int (1.0 === 1), so use 1.5 here.
  where_scalars: (_x, _y, _i, c) => torch.where(c, 1.5, -1),
  where_int_scalars: (_x, _y, _i, c) => torch.where(c, 1, -1),
  where_method: (x, y, _i, c) => x.where(c, y),
  where_method_scalar: (x, _y, _i, c) => x.where(c, 7),
  where_nonzero: (_x, _y, _i, c) => torch.where(c),
  clamp_min_kw: (x) => x.clamp({ min: 0 }),
  clamp_both: (x) => x.clamp(-1, 1),
  clamp_max_tensor: (x, y) => x.clamp({ max: y }),
  clamp_fn: (x) => torch.clamp(x, { min: -0.5, max: 0.5 }),
  view_varargs: (x) => x.view(-1, 2),
  view_list: (x) => x.view([2, 6]),
  view_dtype: (x) => x.view('int32'),
  reshape_varargs: (x) => x.reshape(4, 3),
  reshape_fn: (x) => torch.reshape(x, [6, 2]),
  permute_varargs: (x) => x.permute(1, 0),
  expand_varargs: (x) => x.narrow(0, 0, 1).expand(3, 4),
  expand_minus_one: (x) => x.narrow(0, 0, 1).expand(2, -1),
  repeat_varargs: (x) => x.repeat(2, 1),
  flatten: (x) => x.flatten(),
  transpose: (x) => x.transpose(0, 1),
  div_tensor: (x, y) => x.div(y),
  div_floor_camel: (x, y) => x.div(y, { roundingMode: 'floor' }),
  div_trunc_snake: (x) => torch.div(x, 2, { rounding_mode: 'trunc' } as unknown as { roundingMode: string }),
  div_scalar_first: (x) => torch.div(1, x),
  int_div: (_x, _y, i) => i.div(2),
  int_add_int: (_x, _y, i) => i.add(1),
  int_mul_int: (_x, _y, i) => i.mul(3),
  int_add_float: (_x, _y, i) => i.add(0.5),
  int_sub_first: (_x, _y, i) => torch.sub(10, i),
  int_floor_divide: (_x, _y, i) => i.floorDivide(5),
  int_remainder: (_x, _y, i) => i.remainder(5),
  int_bigint: (_x, _y, i) => i.add(2n ** 40n),
  eq_scalar: (x) => x.eq(0.5),
  ge_scalar: (x) => x.ge(0),
  masked_fill: (x, _y, _i, c) => x.maskedFill(c, 0),
  full: () => torch.full([2, 3], 7),
  full_float: () => torch.full([2], 1.5),
  full_bool: () => torch.full([2], true),
  arange_end: () => torch.arange(5),
  arange_start_step: () => torch.arange(1, 2, 0.25),
  arange_dtype: () => torch.arange(0, 6, 2, { dtype: 'float64' }),
  zeros_varargs: () => torch.zeros(2, 3),
  zeros_varargs_dtype: () => torch.zeros(2, 3, { dtype: 'int32' }),
  ones_list: () => torch.ones([3]),
  linspace: () => torch.linspace(0, 1, 5),
  eye: () => torch.eye(2, 3),
  zeros_like: (x) => torch.zerosLike(x, { dtype: 'int64' }),
  log_softmax: (x) => x.logSoftmax(1),
  log_softmax_fn_kw: (x) => torch.logSoftmax(x, { dim: 0 }),
  softmax_dtype: (x) => torch.softmax(x, 1, { dtype: 'float64' }),
  linear: (x, y) => torch.linear(x, y),
  linear_bias: (x, y) => torch.linear(x, y, x.select(0, 0).narrow(0, 0, 3)),
  matmul: (x, y) => x.matmul(y.t()),
  sort: (x) => x.sort(1),
  sort_desc: (x) => torch.sort(x, 0, { descending: true }),
  topk: (x) => x.topk(2),
  argmax: (x) => x.argmax(1),
  cumsum: (x) => x.cumsum(0),
  gather: (x) => x.gather(1, torch.tensor([[0], [1], [2]], { dtype: 'int64' })),
  addcdiv: (x, y) => torch.addcdiv(x, x, y, { value: 0.5 }),
  addmm_beta: (x, y) => torch.addmm(x.narrow(1, 0, 3), x, y.t(), { beta: 0.5, alpha: 2 }),
  lerp: (x, y) => torch.lerp(x, y, 0.25),
  norm: (x) => x.norm(),
  norm_p_dim: (x) => x.norm(1, 1),
  is_floating_point: (x) => x.isFloatingPoint(),
  is_contiguous: (x) => x.t().isContiguous(),
  nonzero: (_x, _y, _i, c) => c.nonzero(),
  unbind: (x) => x.unbind(1),
  chunk: (x) => torch.chunk(x, 2, 1),
  dropout_eval: (x) => torch.dropout(x, 0.3, false),
  linalg_vector_norm: (x) => torch.linalg.vectorNorm(x, 1, { dim: 1 }),
  linalg_matrix_norm: (x) => torch.linalg.matrixNorm(x),
  linalg_det: (x) => torch.linalg.det(x.narrow(1, 0, 3)),
  fft_fftfreq: () => torch.fft.fftfreq(5, 0.5),
  fft_rfft_abs: (x) => torch.fft.rfft(x).abs(),
  special_expit: (x) => torch.special.expit(x),
  special_xlogy_scalar: (x) => torch.special.xlogy(2, x.abs()),
  polygamma_method: (x) => x.abs().polygamma(1),
  polygamma_fn: (x) => torch.polygamma(2, x.abs()),
  ops_log_softmax: (x) => torch.ops.aten._log_softmax!(x, 1, false),
  ops_add_scalar: (x) => torch.ops.aten.add!(x, 1),
  ops_overload_qualified: (x) => torch.ops.aten.sum.dim_IntList!(x, [1]),
  ops_overload_default: (x) => torch.ops.aten.sum.default!(x),
  ops_overload_string: (x) => torch.ops.aten['add.Scalar']!(x, 2),
  inplace_sigmoid: (x) => x.clone().sigmoid_(),
  inplace_mul_tensor: (x, y) => x.clone().mul_(y),
  inplace_lerp_scalar: (x, y) => x.clone().lerp_(y, 0.25),
  inplace_add_tensor_alpha: (x, y) => x.clone().add_(y, { alpha: 0.5 }),
  inplace_sub_tensor_alpha: (x, y) => x.clone().sub_(y, { alpha: 2 }),
  inplace_mul_scalar: (x) => x.clone().mul_(2.5),
  inplace_div_scalar: (x) => x.clone().div_(3),
  inplace_int_mul_int: (_x, _y, i) => i.clone().mul_(3),
  inplace_add_scalar_alpha: (x) => x.clone().add_(2, { alpha: 3 }),
  inplace_addcmul: (x, y) => x.clone().addcmul_(y, y, { value: 0.5 }),
  inplace_addcdiv: (x, y) => x.clone().addcdiv_(x, y, { value: -1 }),
  inplace_broadcast_other: (x, y) => x.clone().mul_(y.select(0, 0)),
};

function toPlain(r: unknown): Result {
  if (Array.isArray(r)) return r.map((e) => toPlain(e) as PyValue);
  if (r instanceof Tensor) return { v: r.tolist(), dtype: r.dtype };
  return { v: r };
}

let expected: Record<string, Result>;
beforeAll(() => {
  expected = oracle().results;
});

function expectClose(got: unknown, want: unknown, path: string): void {
  if (Array.isArray(want)) {
    expect(Array.isArray(got), `${path} is an array`).toBe(true);
    expect((got as unknown[]).length, `${path}.length`).toBe(want.length);
    want.forEach((w, k) => expectClose((got as unknown[])[k], w, `${path}[${k}]`));
  } else if (typeof want === 'number') {
    expect(typeof got, path).toBe('number');
    if (Number.isNaN(want)) expect(Number.isNaN(got), path).toBe(true);
    else expect(got as number, path).toBeCloseTo(want, 5);
  } else {
    expect(got, path).toEqual(want);
  }
}

describe('operators match Python PyTorch', () => {
  it('has the same cases as its oracle', () => {
    expect(Object.keys(expected)).toEqual(Object.keys(cases));
  });

  for (const [name, run] of Object.entries(cases)) {
    it(name, () => {
      const x = torch.tensor(X);
      const y = torch.tensor(Y);
      const i = torch.arange(12).reshape(3, 4);
      const c = x.gt(0);
      const got = toPlain(run(x, y, i, c));
      const want = expected[name]!;
      if (Array.isArray(want)) {
        expect(Array.isArray(got)).toBe(true);
        const g = got as PyValue[];
        expect(g.length).toBe(want.length);
        want.forEach((w, k) => {
          if (w.dtype !== undefined) expect(g[k]!.dtype, `dtype of [${k}]`).toBe(w.dtype);
          expectClose(g[k]!.v, w.v, `[${k}]`);
        });
      } else {
        const g = got as PyValue;
        if (want.dtype !== undefined) expect(g.dtype, 'dtype').toBe(want.dtype);
        expectClose(g.v, want.v, 'value');
      }
    });
  }
});

// In-place overloads: the call hands back self's own object (native/op_call.cpp, returnOne) and
// the operator moves self's version once, as in PyTorch.
describe('in-place calls', () => {
  it('return self itself, move its version by one, and fail with PyTorch\'s errors', () => {
    const py = oracle().inplace;
    const x = torch.tensor(X);
    const calls: Record<string, (t: Tensor) => Tensor> = {
      mul_: (t) => t.mul_(2), add_: (t) => t.add_(1, { alpha: 2 }), lerp_: (t) => t.lerp_(torch.tensor(Y), 0.5),
      addcmul_: (t) => t.addcmul_(t, t, { value: 0.1 }), sigmoid_: (t) => t.sigmoid_(),
    };
    const got: Record<string, [boolean, number]> = {};
    for (const [name, f] of Object.entries(calls)) {
      const v = x._version;
      got[name] = [f(x) === x, x._version - v];
    }
    expect(got).toEqual(py.identity);
    const errorOf = (f: () => unknown): [string, string] => {
      try { f(); } catch (e) { return [(e as Error).constructor.name, (e as Error).message]; }
      return ['none', ''];
    };
    const errors = {
      broadcast: errorOf(() => torch.tensor(X).mul_(torch.ones(2, 3, 4))),
      int_by_float: errorOf(() => torch.arange(3).mul_(2.5)),
      leaf: errorOf(() => torch.ones(2, { requiresGrad: true }).add_(1)),
    };
    // PyTorch's RuntimeError is a JS Error here.
    const pyErrors = Object.fromEntries(Object.entries(py.errors).map(([k, [kind, m]]) => [k, [kind === 'RuntimeError' ? 'Error' : kind, m]]));
    expect(errors).toEqual(pyErrors);
  });
});

// Factories with out= and tensor options: Python's binding merges a factory's functional and out=
// overloads and checks dtype, layout and device against out (native/op_call.cpp,
// matchOutWithOptions); torch.setDefaultDevice's device takes part as in Python.
describe('factories with out= and tensor options', () => {
  // The calls of test/oracles/ops/overloads.py's FACTORY_OUT and FACTORY_OUT_DEFAULT_META.
  const calls: Record<string, [number[], (o: Tensor) => Tensor]> = {
    zeros_device_meta: [[2], (o) => torch.zeros(2, { out: o, device: 'meta' })],
    ones_device_cpu: [[2], (o) => torch.ones(2, { out: o, device: 'cpu' })],
    zeros_dtype_int64: [[2], (o) => torch.zeros(2, { out: o, dtype: torch.int64 })],
    zeros_all_options: [[2], (o) => torch.zeros(2, { out: o, dtype: 'float32', layout: 'strided', device: 'cpu:0', pinMemory: false })],
    zeros_layout_sparse: [[2], (o) => torch.zeros(2, { out: o, layout: 'sparse_coo' })],
    linspace_dtype_float64: [[2], (o) => torch.linspace(0, 1, 2, { out: o, dtype: 'float64' })],
    eye_device_meta: [[2, 2], (o) => torch.eye(2, { out: o, device: 'meta' })],
    full_dtype: [[2], (o) => torch.full([2], 3, { out: o, dtype: 'float32' })],
    arange_dtype: [[2], (o) => torch.arange(2, { out: o, dtype: 'float32' })],
    randn_generator_dtype: [[2], (o) => torch.randn(2, { out: o, generator: new torch.Generator().manualSeed(1), dtype: 'float32' })],
    zeros_requires_grad: [[2], (o) => torch.zeros(2, { out: o, requiresGrad: true })],
    zeros_device_none: [[2], (o) => torch.zeros(2, { out: o, device: null, dtype: null })],
  };
  const underMeta: typeof calls = {
    default_zeros: [[2], (o) => torch.zeros(2, { out: o })],
    default_arange: [[3], (o) => torch.arange(3, { out: o })],
    default_ones_device_cpu: [[2], (o) => torch.ones(2, { out: o, device: 'cpu' })],
    default_full_dtype: [[2], (o) => torch.full([2], 1.5, { out: o, dtype: 'float32' })],
  };
  const run = ([shape, f]: [number[], (o: Tensor) => Tensor]): FactoryOutResult | [string, string] => {
    const o = torch.empty(shape, { device: 'cpu' });
    let r: Tensor;
    try { r = f(o); } catch (e) {
      // PyTorch's RuntimeError is a JS Error here.
      const kind = (e as Error).constructor.name;
      return [kind === 'Error' ? 'RuntimeError' : kind, (e as Error).message];
    }
    return { is_out: r === o, device: r.device, dtype: String(r.dtype), requires_grad: r.requiresGrad, values: r.tolist() as number[] };
  };

  it('check the options against out as Python does, and give out back', () => {
    const got: Record<string, unknown> = {};
    for (const [name, c] of Object.entries(calls)) got[name] = run(c);
    torch.setDefaultDevice('meta');
    try {
      for (const [name, c] of Object.entries(underMeta)) got[name] = run(c);
    } finally {
      torch.setDefaultDevice(null);
    }
    expect(got).toEqual(oracle().factoryOut);
  });

  it('type the options before reading them: a wrong type is no match, a throwing getter rethrows', () => {
    const o = torch.empty(2);
    for (const bad of [{ dtype: 5 }, { layout: 7 }, { device: 3 }, { pinMemory: 'yes' }, { dtype: {} }]) {
      expect(() => torch.zeros(2, { out: o, ...bad } as never)).toThrow(TypeError);
    }
    const boom = new RangeError('boom');
    expect(() => torch.zeros(2, { out: o, device: { toString() { throw boom; } } } as never)).toThrow(boom);
  });
});

// Operator arguments that once crashed the process (or hung it) run in a child process, so that a
// regression fails these tests instead of taking the test worker down. Expected values and
// messages come from Python (test/oracles/ops/overloads.py).
describe('crash regressions (child process)', () => {
  // 2^40 elements: past any machine's memory (2^34 fits on a large one).
  const N = 2 ** 40;
  // Each factory with out= (randperm's out is int64, as its values need); test/oracles/ops/overloads.py
  // OOM makes the same calls.
  const OOM: [string, string][] = [
    ['ones', `torch.ones([${N}], { out: o })`],
    ['zeros', `torch.zeros([${N}], { out: o })`],
    ['full', `torch.full([${N}], 1, { out: o })`],
    ['arange', `torch.arange(${N}, { out: o })`],
    ['linspace', `torch.linspace(0, 1, ${N}, { out: o })`],
    ['eye', `torch.eye(${2 ** 20}, { out: o })`],
    ['randn', `torch.randn([${N}], { out: o })`],
    ['randint', `torch.randint(10, [${N}], { out: o })`],
    ['randperm', `torch.randperm(${N}, { out: o })`],
  ];
  let py: CrashPy;
  beforeAll(() => {
    py = oracle().crashRegressions;
  });

  it('out-of-memory in out= factories and resize_ is a clean error that leaves the tensor as it was', () => {
    const lines = childJsonLines<any>(`
const N = ${N};
const cases = { ${OOM.map(([name, js]) => `${name}: (o) => ${js}`).join(', ')} };
for (const [name, f] of Object.entries(cases)) {
  const o = torch.zeros([1], { dtype: name === 'randperm' ? 'int64' : 'float32' });
  emit([name, attempt(() => { f(o); }), o.shape, o.sum().item()]);
}
const x = torch.zeros([4]);
emit(['resize_', attempt(() => { x.resize_([N]); }), x.shape, x.sum().item()]);`);
    expect(lines.map((l) => l[0])).toEqual([...OOM.map(([name]) => name), 'resize_']);
    for (const [name, got, shape, sum] of lines) {
      const want = name === 'resize_' ? py.resize : py.oom[name];
      expect(want?.[0], name).toBe('RuntimeError');
      expect(got.error?.name, name).toBe('Error');
      expect(got.error.message, name).toMatch(/can't allocate memory/);
      // Python's message is LibTorch's, after its '[enforce fail at ...]' prefix.
      expect(want![1].endsWith(got.error.message), `${name}: ${got.error.message}`).toBe(true);
      // Python leaves the out tensor claiming 2^40 elements; here it keeps its old geometry.
      expect(shape, name).toEqual(name === 'resize_' ? [4] : [1]);
      expect(sum, name).toBe(0);
    }
  });

  it('bigints and numbers up to 2^63 convert exactly', () => {
    const [hist, big] = childJsonLines<any>(`
emit(attempt(() => torch.histogram(torch.tensor([0.5, 1.5]), { bins: 3, range: [0n, 3n] }).map((t) => t.tolist())));
emit(attempt(() => { const r = torch.arange(3).add(2 ** 60); return [r.dtype, Array.from(r.dataSync())]; }));`);
    expect(hist).toEqual({ value: py.hist });
    // Both sides print the int64 values as decimal strings (JSON numbers would round them).
    expect(big).toEqual({ value: ['int64', py.big] });
  });

  it('numbers stand for Tensors only where Python allows', () => {
    const lines = childJsonLines<any>(`
const o = torch.ones([2]);
for (const k of ['maximum', 'atan2', 'hypot']) emit([k, attempt(() => { torch[k](o, 2); })]);
emit(['mul', attempt(() => torch.mul(o, 2).tolist())]);
emit(['add', attempt(() => torch.add(o, 2).tolist())]);
emit(['sub', attempt(() => torch.sub(2, o).tolist())]);
emit(['copy_', attempt(() => torch.ones([2]).copy_(2).tolist())]);`);
    for (const [k, got] of lines) {
      if (k in py.scalarErrors) {
        expect(got.error?.name, k).toBe(py.scalarErrors[k]);
        expect(got.error.name, k).toBe('TypeError');
      } else {
        expect(got, k).toEqual({ value: py.ok[k] });
      }
    }
  });

  it('an array element is read once: a getter that changes type on a second read', () => {
    const [changing] = childJsonLines<any>(`
let n = 0; const arr = [1, 2];
Object.defineProperty(arr, 0, { get() { return n++ === 0 ? 1 : 'x'; } });
emit([attempt(() => torch.zeros(arr).shape), n]);`);
    expect(changing).toEqual([{ value: [1, 2] }, 1]);
  });

  it('keyword values are read once; a throwing getter rethrows its own error; huge lists are refused fast', () => {
    const [keyword, thrown, huge] = childJsonLines<any>(`
let count = 0;
emit([attempt(() => torch.zeros([2], { get dtype() { count++; return 'float64'; } }).dtype), count]);
const boom = new Error('boom'); const bad = [1, 2];
Object.defineProperty(bad, 1, { get() { throw boom; } });
let same = false; try { torch.zeros(bad); } catch (e) { same = e === boom; }
emit(same);
const t0 = Date.now();
emit([attempt(() => torch.zeros(Object.assign([], { length: 2 ** 25 }))), Date.now() - t0]);`);
    expect(keyword).toEqual([{ value: 'float64' }, 1]);
    expect(thrown).toBe(true);
    expect(huge[0].error.name).toBe('RangeError');
    expect(huge[0].error.message).toMatch(/at most 16777216/);
    expect(huge[1]).toBeLessThan(10_000);
  });
});

describe('remembered overload resolutions', () => {
  it('a call with the types of a remembered resolution still checks what its types leave open', () => {
    // arange(Scalar end) takes a 0-dim tensor for the number, as Python (torch.arange(torch.tensor(3))
    // has shape [3]); a 1-dim tensor has the same argument types and is refused, as Python refuses it.
    for (let i = 0; i < 3; i++) {
      expect(torch.arange(torch.tensor(3)).shape).toEqual([3]);
      expect(() => torch.arange(torch.tensor([3]))).toThrow(TypeError);
    }
  });

  it('calls with keyword arguments are remembered by their names, order and value types', () => {
    // In a fresh process, so that every call below is resolved first by the search and then, the
    // second time round, from what the first round remembered (native/op_call.cpp, KwCacheEntry).
    const lines = childJsonLines<unknown[]>(`
const x = torch.tensor(${JSON.stringify(X)}), y = torch.tensor(${JSON.stringify(Y)});
const i = torch.arange(12).reshape(3, 4);
const xg = x.clone().requiresGrad_();
const t0 = torch.tensor(0.5), tg = torch.tensor(0.5, { requiresGrad: true }), row = torch.tensor([0, 1, 2, 3]);
const calls = [
  () => xg.clamp({ min: 0 }),
  () => xg.clamp({ min: t0 }),
  () => xg.clamp({ min: tg }),
  () => xg.clamp({ min: row }),
  () => xg.clamp({ min: 0.25 }),
  () => torch.sum(x, { dim: 1 }),
  () => torch.sum(x, { dim: 1, keepdim: true }),
  () => torch.sum(x, { keepdim: true, dim: 1 }),
  () => torch.sum(x, { dtype: 'float64' }),
  () => torch.sum(i, { dim: 0, dtype: 'float32' }),
  () => i.add(i, { alpha: 2 }),
  () => i.add(i, { alpha: 2.5 }),
  () => x.add(y, { alpha: 2.5 }),
  () => torch.div(x, y, { roundingMode: 'floor' }),
  () => torch.div(x, y, { roundingMode: null }),
  () => torch.div(i, 4, { roundingMode: 'trunc' }),
];
for (let round = 0; round < 2; round++) {
  for (const f of calls) {
    let r;
    try { r = f(); } catch (e) { emit([e.constructor.name, e.message]); continue; }
    emit([r.gradFn ? r.gradFn.name() : null, r.dtype, r.shape, r.tolist()]);
  }
}`);
    const want = oracle().keywordResolutions;
    expect(lines.length).toBe(2 * want.length);
    lines.forEach((got, k) => {
      const w = want[k % want.length]!;
      const where = `call ${k % want.length}, round ${Math.floor(k / want.length)}`;
      if (w.length === 2) {
        // Python's RuntimeError is a JS Error here, with the same message.
        expect(got, where).toEqual(['Error', w[1]]);
      } else {
        expect(got.slice(0, 3), where).toEqual(w.slice(0, 3));
        expectClose(got[3], w[3], where);
      }
    });
  });

  it('a disposed tensor is refused, naming the argument, on every call of a remembered resolution', () => {
    const a = torch.ones(1);
    const b = torch.ones(1);
    expect(a.add(b).tolist()).toEqual([2]);
    b.dispose();
    for (let i = 0; i < 3; i++) expect(() => a.add(b)).toThrow('other: Tensor has been disposed');
    expect(a.add(2).tolist()).toEqual([3]);
  });
});
