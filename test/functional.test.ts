// The Python-level torch functions (torch/functional.py) and Tensor members (x.T, x.H,
// x.nelement(), x.unique(), ...) against Python, computed live by the PyTorch whose LibTorch we
// link (test/oracles/functional.py, one python3 run): results, the old ATen forms still accepted,
// and errors with PyTorch's messages.
import { beforeAll, describe, expect, it } from 'vitest';
import * as torch from '../lib/index.js';
import { Tensor } from '../lib/index.js';
import { oracle } from './helpers/python.js';

type Value =
  | { shape: number[]; dtype: string; values: unknown }
  | { size: number[] }
  | { num: number }
  | { error: string; message: string }
  | Value[];

// The same inputs as test/oracles/functional.py.
const x = torch.tensor([[1.5, -2.0, 3.25], [4.0, -0.75, 2.0]]);
const y = torch.tensor([[0.5, 1.0], [2.0, 3.0], [1.0, -4.0]]);
const z = torch.arange(24, { dtype: 'float32' }).reshape(2, 3, 4);
const z2 = torch.arange(60, { dtype: 'float32' }).reshape(3, 4, 5);
const v = torch.tensor([1.0, 2.0, 3.0]);
const w = torch.tensor([4.0, 5.0]);
const s = torch.tensor(2.5);
const u = torch.tensor([3, 1, 1, 2, 3, 3, 0], { dtype: 'int64' });
const m = torch.tensor([[1, 2], [1, 2], [3, 4], [1, 2]], { dtype: 'int64' });
const c = torch.complex(torch.tensor([[1.0, 3.0], [0.0, 2.0]]), torch.tensor([[2.0, -1.0], [0.5, 0.0]]));
const A = torch.tensor([[4.0, 3.0, 2.0], [6.0, 3.0, 1.0], [2.0, 5.0, 7.0]]);
const sig = torch.linspace(-1, 1, 64);
const win = torch.hannWindow(16);
const sp = torch.tensor([[0, 2.0], [3.0, -1.0]]).toSparse();
const real = (t: Tensor): Tensor => torch.viewAsReal(t);
// Python's torch.Size results (number[] here), told apart from arrays of tensors.
class Size { constructor(readonly shape: number[]) {} }

// name -> the call in torch-node; test/oracles/functional.py CASES makes the same call under each name.
const cases: Record<string, () => unknown> = {
  // broadcastShapes / broadcastTensors
  broadcast_shapes: () => new Size(torch.broadcastShapes([2], [3, 1], [1, 1, 1])),
  broadcast_shapes_ints: () => new Size(torch.broadcastShapes(3, [2, 1])),
  broadcast_shapes_none: () => new Size(torch.broadcastShapes()),
  broadcast_shapes_skip_none: () => new Size(torch.broadcastShapes(null, [2, 1], [0])),
  broadcast_shapes_mismatch: () => new Size(torch.broadcastShapes([1, 2], [3])),
  broadcast_shapes_negative: () => new Size(torch.broadcastShapes([1], [-1])),
  broadcast_tensors: () => torch.broadcastTensors(v, w.view(2, 1)),
  broadcast_tensors_list: () => torch.broadcastTensors([v, w.view(2, 1)]),
  // einsum
  einsum_varargs: () => torch.einsum('ij,jk->ik', x, y),
  einsum_list: () => torch.einsum('ij,jk->ik', [x, y]),
  einsum_three: () => torch.einsum('ij,jk,kl->il', x, y, x),
  einsum_one: () => torch.einsum('bij->bji', z),
  einsum_sublist: () => torch.einsum(x, [0, 1], y, [1, 2], [0, 2]),
  einsum_sublist_implicit: () => torch.einsum(x, [0, 27], y, [27, 30]),
  einsum_sublist_ellipsis: () => torch.einsum(z, ['...', 0], ['...']),
  einsum_too_few: () => torch.einsum('i'),
  einsum_bad_subscript: () => torch.einsum(x, [60, 1]),
  // meshgrid
  meshgrid_ij: () => torch.meshgrid(v, w, { indexing: 'ij' }),
  meshgrid_xy: () => torch.meshgrid(v, w, { indexing: 'xy' }),
  meshgrid_list: () => torch.meshgrid([v, w, s], { indexing: 'xy' }),
  meshgrid_bad_indexing: () => torch.meshgrid(v, { indexing: 'ab' as 'ij' }),
  meshgrid_empty: () => torch.meshgrid(),
  // blockDiag, cartesianProd, chainMatmul, atleast*
  block_diag: () => torch.blockDiag(x, v, s),
  block_diag_list: () => torch.blockDiag([x, y]),
  block_diag_none: () => torch.blockDiag(),
  cartesian_prod: () => torch.cartesianProd(v, w),
  cartesian_prod_one: () => torch.cartesianProd(v),
  cartesian_prod_list: () => torch.cartesianProd([v, w, v]),
  chain_matmul: () => torch.chainMatmul(x, y, x),
  chain_matmul_list: () => torch.chainMatmul([y, x]),
  chain_matmul_one: () => torch.chainMatmul(x),
  chain_matmul_none: () => torch.chainMatmul(),
  atleast_1d_one: () => torch.atleast1d(s),
  atleast_1d_many: () => torch.atleast1d(s, v),
  atleast_1d_list: () => torch.atleast1d([s]),
  atleast_1d_none: () => torch.atleast1d(),
  atleast_2d: () => torch.atleast2d(v, s, x),
  atleast_2d_one: () => torch.atleast2d(v),
  atleast_3d: () => torch.atleast3d(x, s),
  atleast_3d_one: () => torch.atleast3d(z),
  // tensordot
  tensordot_int: () => torch.tensordot(x, y, 1),
  tensordot_default: () => torch.tensordot(z, z2),
  tensordot_zero: () => torch.tensordot(v, w, 0),
  tensordot_pair: () => torch.tensordot(x, y, [[0], [1]]),
  tensordot_pair_two: () => torch.tensordot(z, z2, { dims: [[1, 2], [0, 1]] }),
  tensordot_tensor_int: () => torch.tensordot(x, y, torch.tensor(1, { dtype: 'int64' })),
  tensordot_tensor_pair: () => torch.tensordot(x, y, torch.tensor([[0], [1]], { dtype: 'int64' })),
  tensordot_aten_form: () => torch.tensordot(x, y, [0], [1]),
  tensordot_aten_options: () => torch.tensordot(x, y, { dimsSelf: [1], dimsOther: [0] }),
  tensordot_negative: () => torch.tensordot(x, y, -1),
  tensordot_too_many: () => torch.tensordot(x, y, 3),
  tensordot_mismatch: () => torch.tensordot(x, y, [[0], [0]]),
  // unique
  unique: () => torch.unique(u),
  unique_inverse: () => torch.unique(u, { returnInverse: true }),
  unique_counts: () => torch.unique(u, { returnCounts: true }),
  unique_both: () => torch.unique(u, { returnInverse: true, returnCounts: true }),
  unique_positional: () => torch.unique(u, true, false, true),
  unique_unsorted: () => torch.unique(u, { sorted: false }),
  unique_dim: () => torch.unique(m, { dim: 0, returnInverse: true, returnCounts: true }),
  unique_float: () => torch.unique(x.round()),
  unique_method: () => u.unique({ returnInverse: true }),
  unique_method_positional: () => m.unique(true, false, false, 1),
  unique_bad_dim: () => torch.unique(u, { dim: 3 }),
  unique_consecutive: () => torch.uniqueConsecutive(u),
  unique_consecutive_both: () => torch.uniqueConsecutive(u, true, true),
  unique_consecutive_counts: () => torch.uniqueConsecutive(u, { returnCounts: true }),
  unique_consecutive_dim: () => torch.uniqueConsecutive(m, { returnInverse: true, dim: 0 }),
  unique_consecutive_method: () => u.uniqueConsecutive({ returnCounts: true }),
  // split
  split_int: () => torch.split(z, 1),
  split_int_dim: () => torch.split(z, 3, 2),
  split_sections: () => torch.split(z, [1, 2], 1),
  split_keywords: () => torch.split(z, { splitSizeOrSections: [3, 1], dim: -1 }),
  split_aten_keyword: () => torch.split(z, { splitSize: 2, dim: 1 }),
  split_tensor_size: () => torch.split(z, torch.tensor(2, { dtype: 'int64' }), 1),
  split_method: () => z.split(2, 1),
  split_method_sections: () => z.split([1, 3], { dim: 2 }),
  split_method_keyword: () => z.split({ splitSize: 1 }),
  split_bad_sizes: () => torch.split(z, [1, 1], 1),
  // norm
  norm: () => torch.norm(x),
  norm_p_dim: () => torch.norm(x, 1, 1),
  norm_keepdim: () => torch.norm(z, 3, [0, 2], true),
  norm_inf: () => torch.norm(x, Infinity, 0),
  norm_neg_inf: () => torch.norm(x, -Infinity),
  norm_none: () => torch.norm(z, null),
  norm_half: () => torch.norm(v, 0.5),
  norm_fro_dim: () => torch.norm(z, 'fro', [0, 2]),
  norm_fro_int_dim: () => torch.norm(z, 'fro', 1, { keepdim: true }),
  norm_fro_three_dims: () => torch.norm(z, 'fro', [0, 1, 2]),
  norm_nuc: () => torch.norm(A, 'nuc'),
  norm_nuc_dim: () => torch.norm(z, 'nuc', [0, 2]),
  norm_nuc_3d: () => torch.norm(z, 'nuc'),
  norm_dtype: () => torch.norm(x, 2, 1, { dtype: 'float64' }),
  norm_options: () => torch.norm(x, { p: 1, dim: 0, keepdim: true }),
  norm_p_tensor: () => torch.norm(x, torch.tensor(1.0)),
  norm_bad_string: () => torch.norm(x, 'abc' as 'fro'),
  norm_int_input: () => torch.norm(u),
  norm_expanded: () => torch.norm(s.expand(3), 1),
  norm_sparse: () => torch.norm(sp),
  norm_sparse_p: () => torch.norm(sp, 1),
  norm_sparse_none: () => torch.norm(sp, null),
  norm_sparse_all_dims: () => torch.norm(sp, 3, [0, 1], { dtype: 'float64' }),
  norm_sparse_fro_dims: () => torch.norm(sp, 'fro', [0, 1], true),
  norm_sparse_dim: () => torch.norm(sp, 2, 1),
  norm_sparse_fro_dtype: () => torch.norm(sp, 'fro', { dtype: 'float64' }),
  norm_sparse_nuc_dtype: () => torch.norm(sp, 'nuc', { dtype: 'float64' }),
  norm_sparse_bad_string: () => torch.norm(sp, 'abc' as 'fro', 0),
  norm_sparse_csr: () => torch.norm(sp.toSparse({ layout: 'sparse_csr' })),
  norm_method: () => x.norm(),
  norm_method_positional: () => x.norm(2, 1, true, 'float64'),
  norm_method_nuc: () => A.norm('nuc', { keepdim: true }),
  // nonzero
  nonzero: () => torch.nonzero(x.gt(0)),
  nonzero_as_tuple: () => torch.nonzero(x.gt(0), { asTuple: true }),
  nonzero_as_tuple_false: () => torch.nonzero(x.gt(0), { asTuple: false }),
  nonzero_as_tuple_0d: () => torch.nonzero(s, { asTuple: true }),
  nonzero_method: () => z.gt(20).nonzero({ asTuple: true }),
  nonzero_method_plain: () => z.gt(20).nonzero(),
  nonzero_as_tuple_out: () => torch.nonzero(x, { asTuple: true, out: torch.empty(0, { dtype: 'int64' }) }),
  // Tensor members
  T_2d: () => x.T,
  T_3d: () => z.T,
  T_1d: () => v.T,
  T_0d: () => s.T,
  H_complex: () => real(c.H.resolveConj()),
  H_real: () => x.H,
  H_1d: () => v.H,
  H_3d: () => z.H,
  nelement: () => z.nelement(),
  // stft (Python's centred default), cdist, unravelIndex, lu
  stft_default: () => real(torch.stft(sig, 16, { window: win, returnComplex: true })),
  stft_not_centred: () => real(torch.stft(sig, 16, 8, { window: win, center: false, returnComplex: true })),
  stft_pad_mode: () => real(torch.stft(sig, 16, 4, 16, win, true, 'constant', true, { returnComplex: true })),
  stft_n_fft_option: () => real(torch.stft(sig, { nFft: 8, window: torch.hannWindow(8), returnComplex: true })),
  stft_method: () => real(sig.stft(16, { hopLength: 4, window: win, returnComplex: true })),
  stft_align: () => torch.stft(sig, 16, { window: win, returnComplex: true, alignToWindow: true }),
  cdist: () => torch.cdist(x, x.flip(0)),
  cdist_p: () => torch.cdist(x, x.flip(0), 1),
  cdist_mode: () => torch.cdist(x, x.flip(0), 2, 'donot_use_mm_for_euclid_dist'),
  cdist_mode_option: () => torch.cdist(x, x.flip(0), { computeMode: 'use_mm_for_euclid_dist' }),
  unravel_index: () => torch.unravelIndex(torch.tensor([4, 1], { dtype: 'int64' }), [2, 3]),
  unravel_index_int: () => torch.unravelIndex(torch.tensor(4, { dtype: 'int64' }), 6),
  unravel_index_2d: () => torch.unravelIndex(torch.tensor([[1234], [5678]], { dtype: 'int64' }), [10, 10, 10, 10]),
  unravel_index_wraps: () => torch.unravelIndex(torch.tensor([-1, 7], { dtype: 'int32' }), [2, 3]),
  unravel_index_empty_shape: () => torch.unravelIndex(torch.tensor(0, { dtype: 'int64' }), []),
  unravel_index_float: () => torch.unravelIndex(torch.tensor(4), 6),
  unravel_index_negative: () => torch.unravelIndex(torch.tensor(4, { dtype: 'int64' }), [-1, 2]),
  lu: () => torch.lu(A),
  lu_infos: () => torch.lu(A, { getInfos: true }),
  lu_positional: () => torch.lu(z, true, true),
  lu_method: () => A.lu(),
  lu_method_infos: () => A.lu({ getInfos: true }),
  // Gradients through the views and norms.
  grad_split_norm: () => {
    const a = torch.arange(6, { dtype: 'float32' }).reshape(2, 3).requiresGrad_();
    const [p, q] = torch.split(a, [1, 2], 1);
    p!.sum().add(q!.mul(2).sum()).add(a.norm()).add(a.T.norm('nuc')).backward();
    return a.grad;
  },
  lu_out_wrong_length: () => torch.lu(A, { out: [torch.empty(0), torch.empty(0), torch.empty(0)] }),
};

function V(r: unknown): Value {
  if (r instanceof Tensor) return { shape: r.shape, dtype: r.dtype, values: r.tolist() };
  if (r instanceof Size) return { size: r.shape };
  if (Array.isArray(r)) return r.map(V);
  if (typeof r === 'number') return { num: r };
  throw new Error(`unexpected result ${String(r)}`);
}

function expectClose(got: unknown, want: unknown, path: string): void {
  if (typeof want === 'number' && typeof got === 'number') {
    if (Number.isInteger(want) && Number.isInteger(got)) expect(got, path).toBe(want);
    else expect(Math.abs(got - want), `${path}: ${got} vs ${want}`).toBeLessThanOrEqual(1e-5 * (1 + Math.abs(want)));
  } else if (Array.isArray(want)) {
    expect(Array.isArray(got), path).toBe(true);
    expect((got as unknown[]).length, path).toBe(want.length);
    want.forEach((e, i) => expectClose((got as unknown[])[i], e, `${path}[${i}]`));
  } else if (want !== null && typeof want === 'object') {
    expect(got !== null && typeof got === 'object', path).toBe(true);
    expect(Object.keys(got as object).sort(), path).toEqual(Object.keys(want).sort());
    for (const [k, e] of Object.entries(want)) expectClose((got as Record<string, unknown>)[k], e, `${path}.${k}`);
  } else {
    expect(got, path).toEqual(want);
  }
}

describe('torch/functional.py ported', () => {
  let expected: Record<string, Value>;
  beforeAll(() => {
    expected = oracle<Record<string, Value>>('functional', 'results');
  });

  it('has the same cases as its oracle', () => {
    expect(Object.keys(expected)).toEqual(Object.keys(cases));
  });

  for (const [name, fn] of Object.entries(cases)) {
    it(name, () => {
      const want = expected[name]!;
      if ('error' in want && !Array.isArray(want)) {
        // PyTorch's message (the errors PyTorch raises itself), as a JS error.
        expect(fn).toThrow(want.message.split('\n')[0]!);
        return;
      }
      expectClose(V(fn()), want, name);
    });
  }
});

describe('argument errors', () => {
  it('names the argument and what was expected', () => {
    expect(() => torch.broadcastShapes([2], 'ab' as never)).toThrow(new TypeError("torch.broadcastShapes(): shapes[1] must be an integer or an array of integers (got \"ab\")"));
    expect(() => torch.broadcastShapes(2.5)).toThrow(/shapes\[0\] must be an integer \(got number 2.5\)/);
    expect(() => torch.broadcastShapes([1, 2], [3])).toThrow(RangeError);
    expect(() => torch.broadcastTensors(v, 3 as never)).toThrow(new TypeError('torch.broadcastTensors(): tensors[1] must be a Tensor (got number 3)'));
    expect(() => torch.blockDiag([x], y as never)).toThrow(/expected tensors as separate arguments or one array of tensors/);
    expect(() => torch.einsum(3 as never, x)).toThrow(/einsum\(\): equation must be a string \(got number 3\)/);
    expect(() => torch.einsum('ij->ji', x, 'a' as never)).toThrow(/operands\[1\] must be a Tensor/);
    expect(() => torch.einsum(x, [0, 'a' as never])).toThrow(/subscripts must be integers in \[0, 52\) or '...'/);
    expect(() => torch.meshgrid(v, { indexing: 1 as never })).toThrow(/indexing must be 'ij' or 'xy' \(got number 1\)/);
    expect(() => torch.meshgrid(v, { index: 'ij' } as never)).toThrow(/unknown option 'index'/);
    expect(() => torch.atleast1d(v, { foo: 1 } as never)).toThrow(/takes no options/);
    expect(() => torch.tensordot(x, y, 'x' as never)).toThrow(new TypeError('torch.tensordot(): dims must be an integer, a pair of integer arrays or a Tensor (got "x")'));
    expect(() => torch.tensordot(x, y, 1.5)).toThrow(/dims must be an integer/);
    expect(() => torch.tensordot(x, y, [[0], [1], [2]] as never)).toThrow(/of length 3/);
    expect(() => torch.tensordot(x, y, [[0.5], [1]])).toThrow(/dims\[0\]\[0\] must be an integer \(got number 0.5\)/);
    expect(() => torch.tensordot(x, y, -1)).toThrow(RangeError);
    expect(() => torch.tensordot(x, y, torch.tensor([[0], [1], [1]], { dtype: 'int64' }))).toThrow('dims tensor must have size 2 in first dimension, got 3');
    expect(() => torch.tensordot(x, 2 as never)).toThrow(/b must be a Tensor/);
    expect(() => torch.unique(u, { returnInverse: 1 as never })).toThrow(new TypeError('torch.unique(): returnInverse must be a boolean (got number 1)'));
    expect(() => torch.unique(u, { return_inverse: true } as never)).toThrow(/unknown option 'return_inverse'/);
    expect(() => torch.unique(u, { dim: 0.5 })).toThrow(/dim must be an integer/);
    expect(() => torch.unique([1, 2] as never)).toThrow(/input must be a Tensor \(got an array\)/);
    // @ts-expect-error too many arguments
    expect(() => torch.uniqueConsecutive(u, true, true, null, 1)).toThrow(/takes at most 3 positional arguments/);
    expect(() => torch.split(z, 'a' as never)).toThrow(/splitSizeOrSections must be an integer, an array of integers or a Tensor/);
    expect(() => torch.split(z, [1, 0.5])).toThrow(/splitSizeOrSections\[1\] must be an integer/);
    expect(() => torch.split(z, 1, 'a' as never)).toThrow(/dim must be an integer/);
    expect(() => torch.split(z, { dim: 1 } as never)).toThrow(/missing required argument 'splitSizeOrSections'/);
    expect(() => z.split({ dim: 1 } as never)).toThrow(/missing required argument 'splitSize'/);
    expect(() => torch.norm(x, true as never)).toThrow(/p must be a number, 'fro', 'nuc' or null \(got boolean true\)/);
    expect(() => torch.norm(x, 2, 'a' as never)).toThrow(/dim must be an array of integers/);
    expect(() => torch.norm(x, 2, 0, 1 as never)).toThrow(/keepdim must be a boolean/);
    expect(() => torch.norm(x, { dtype: 'float33' as never })).toThrow(/dtype must be a dtype/);
    expect(() => torch.nonzero(x, true as never)).toThrow(/takes only an options object after input/);
    expect(() => torch.nonzero(x, { asTuple: 1 as never })).toThrow(/asTuple must be a boolean/);
    expect(() => x.nonzero({ out: torch.empty(0) } as never)).toThrow(/unknown option 'out'/);
    expect(() => torch.stft(sig, {} as never)).toThrow(/missing required argument 'nFft'/);
    expect(() => torch.stft(sig, 16.5)).toThrow(/nFft must be an integer/);
    expect(() => torch.cdist(x, x, 2, 'abc' as never)).toThrow(/computeMode must be one of .*abc is not a valid value for compute_mode/);
    expect(() => torch.cdist(x, x, 'a' as never)).toThrow(/p must be a number/);
    expect(() => torch.unravelIndex(u, 'a' as never)).toThrow(/shape must be an integer or an array of integers/);
    expect(() => torch.unravelIndex(u, [2, 1.5])).toThrow(/shape\[1\] must be an integer/);
    expect(() => torch.lu(A, { out: A as never })).toThrow(/argument 'out' must be tuple of Tensors, not Tensor/);
    expect(() => torch.lu(A, { pivot: 'yes' as never })).toThrow(/pivot must be a boolean/);
  });
});

describe('behaviour beyond values', () => {
  it('types results as Python returns them', () => {
    const one: Tensor = torch.unique(u);
    const [values, inverse]: [Tensor, Tensor] = torch.unique(u, { returnInverse: true });
    const triple: [Tensor, Tensor, Tensor] = u.unique(true, true, true);
    const runs: Tensor = u.uniqueConsecutive();
    const idx: Tensor[] = x.nonzero({ asTuple: true });
    const t: Tensor = torch.atleast1d(s);
    const ts: Tensor[] = torch.atleast1d(s, v);
    const [lu, pivots]: [Tensor, Tensor] = torch.lu(A);
    const shape: number[] = torch.broadcastShapes([2, 1], [3]);
    const flag = Math.random() < 2;
    const either: Tensor | [Tensor, Tensor] = torch.unique(u, { returnCounts: flag });
    // @ts-expect-error a Tensor alone unless returnInverse or returnCounts is true
    const notTuple: [Tensor, Tensor] = torch.unique(u);
    // @ts-expect-error an array of index tensors with asTuple: true
    const notTensor: Tensor = torch.nonzero(x, { asTuple: true });
    expect([Array.isArray(either), notTuple instanceof Tensor, Array.isArray(notTensor)]).toEqual([true, true, true]);
    expect([one.dim(), values.dim(), inverse.shape, triple.length, runs.dim(), idx.length, t.dim(), ts.length]).toEqual([1, 1, [7], 3, 1, 2, 1, 2]);
    expect([lu.shape, pivots.dtype, shape]).toEqual([[3, 3], 'int32', [2, 3]]);
  });

  it('names the backward nodes as Python does', () => {
    const a = torch.arange(6, { dtype: 'float32' }).reshape(2, 3).requiresGrad_();
    expect(a.T.gradFn?.name()).toBe('PermuteBackward0');
    expect(a.norm().gradFn?.name()).toBe('LinalgVectorNormBackward0');
    expect(torch.split(a, 1)[0]!.gradFn?.name()).toBe('SplitBackward0');
  });

  it('writes lu results into out tensors and returns them', () => {
    const out = [torch.empty(0), torch.empty(0, { dtype: 'int32' }), torch.empty(0, { dtype: 'int32' })];
    const r = torch.lu(A, { getInfos: true, out });
    expect(r[0]).toBe(out[0]);
    expect(r[2]).toBe(out[2]);
    expectClose(out[0]!.tolist(), (torch.lu(A)[0]).tolist(), 'LU');
  });

  it('writes norm and tensordot results into out=', () => {
    const o = torch.empty(0);
    expect(torch.norm(x, 1, 1, false, o)).toBe(o);
    expect(o.shape).toEqual([2]);
    const o2 = torch.empty(0);
    expect(torch.tensordot(x, y, 1, { out: o2 })).toBe(o2);
    expect(o2.shape).toEqual([2, 2]);
  });
});
