"""Oracle of test/functional.test.ts: the Python-level torch functions (torch/functional.py) and
Tensor members, with their results or the errors PyTorch raises."""
import warnings

import torch

# The same inputs as the test.
x = torch.tensor([[1.5, -2.0, 3.25], [4.0, -0.75, 2.0]])
y = torch.tensor([[0.5, 1.0], [2.0, 3.0], [1.0, -4.0]])
z = torch.arange(24.).reshape(2, 3, 4)
z2 = torch.arange(60.).reshape(3, 4, 5)
v = torch.tensor([1.0, 2.0, 3.0])
w = torch.tensor([4.0, 5.0])
s = torch.tensor(2.5)
u = torch.tensor([3, 1, 1, 2, 3, 3, 0])
m = torch.tensor([[1, 2], [1, 2], [3, 4], [1, 2]])
c = torch.complex(torch.tensor([[1.0, 3.0], [0.0, 2.0]]), torch.tensor([[2.0, -1.0], [0.5, 0.0]]))
A = torch.tensor([[4.0, 3.0, 2.0], [6.0, 3.0, 1.0], [2.0, 5.0, 7.0]])
sig = torch.linspace(-1, 1, 64)
win = torch.hann_window(16)
sp = torch.tensor([[0, 2.0], [3.0, -1.0]]).to_sparse()


def R(v):
    if isinstance(v, torch.Tensor):
        return {'shape': list(v.shape), 'dtype': str(v.dtype)[6:], 'values': v.tolist()}
    if isinstance(v, torch.Size):
        return {'size': list(v)}
    if isinstance(v, (tuple, list)):
        return [R(e) for e in v]
    return {'num': v}


def grad_split_norm():
    a = torch.arange(6.).reshape(2, 3).requires_grad_()
    p, q = torch.split(a, [1, 2], 1)
    (p.sum() + (q * 2).sum() + a.norm() + torch.norm(a.T, 'nuc')).backward()
    return a.grad


# The test's cases, by name.
CASES = {
    "broadcast_shapes": lambda: torch.broadcast_shapes((2,), (3, 1), (1, 1, 1)),
    "broadcast_shapes_ints": lambda: torch.broadcast_shapes(3, (2, 1)),
    "broadcast_shapes_none": lambda: torch.broadcast_shapes(),
    "broadcast_shapes_skip_none": lambda: torch.broadcast_shapes(None, (2, 1), (0,)),
    "broadcast_shapes_mismatch": lambda: torch.broadcast_shapes([1, 2], [3]),
    "broadcast_shapes_negative": lambda: torch.broadcast_shapes((1,), (-1,)),
    "broadcast_tensors": lambda: torch.broadcast_tensors(v, w.view(2, 1)),
    "broadcast_tensors_list": lambda: torch.broadcast_tensors(v, w.view(2, 1)),
    "einsum_varargs": lambda: torch.einsum('ij,jk->ik', x, y),
    "einsum_list": lambda: torch.einsum('ij,jk->ik', [x, y]),
    "einsum_three": lambda: torch.einsum('ij,jk,kl->il', x, y, x),
    "einsum_one": lambda: torch.einsum('bij->bji', z),
    "einsum_sublist": lambda: torch.einsum(x, [0, 1], y, [1, 2], [0, 2]),
    "einsum_sublist_implicit": lambda: torch.einsum(x, [0, 27], y, [27, 30]),
    "einsum_sublist_ellipsis": lambda: torch.einsum(z, [..., 0], [...]),
    "einsum_too_few": lambda: torch.einsum('i'),
    "einsum_bad_subscript": lambda: torch.einsum(x, [60, 1]),
    "meshgrid_ij": lambda: torch.meshgrid(v, w, indexing='ij'),
    "meshgrid_xy": lambda: torch.meshgrid(v, w, indexing='xy'),
    "meshgrid_list": lambda: torch.meshgrid([v, w, s], indexing='xy'),
    "meshgrid_bad_indexing": lambda: torch.meshgrid(v, indexing='ab'),
    "meshgrid_empty": lambda: torch.meshgrid(),
    "block_diag": lambda: torch.block_diag(x, v, s),
    "block_diag_list": lambda: torch.block_diag(x, y),
    "block_diag_none": lambda: torch.block_diag(),
    "cartesian_prod": lambda: torch.cartesian_prod(v, w),
    "cartesian_prod_one": lambda: torch.cartesian_prod(v),
    "cartesian_prod_list": lambda: torch.cartesian_prod(v, w, v),
    "chain_matmul": lambda: torch.chain_matmul(x, y, x),
    "chain_matmul_list": lambda: torch.chain_matmul(y, x),
    "chain_matmul_one": lambda: torch.chain_matmul(x),
    "chain_matmul_none": lambda: torch.chain_matmul(),
    "atleast_1d_one": lambda: torch.atleast_1d(s),
    "atleast_1d_many": lambda: torch.atleast_1d(s, v),
    "atleast_1d_list": lambda: torch.atleast_1d([s]),
    "atleast_1d_none": lambda: torch.atleast_1d(),
    "atleast_2d": lambda: torch.atleast_2d(v, s, x),
    "atleast_2d_one": lambda: torch.atleast_2d(v),
    "atleast_3d": lambda: torch.atleast_3d(x, s),
    "atleast_3d_one": lambda: torch.atleast_3d(z),
    "tensordot_int": lambda: torch.tensordot(x, y, 1),
    "tensordot_default": lambda: torch.tensordot(z, z2),
    "tensordot_zero": lambda: torch.tensordot(v, w, 0),
    "tensordot_pair": lambda: torch.tensordot(x, y, ([0], [1])),
    "tensordot_pair_two": lambda: torch.tensordot(z, z2, dims=([1, 2], [0, 1])),
    "tensordot_tensor_int": lambda: torch.tensordot(x, y, torch.tensor(1)),
    "tensordot_tensor_pair": lambda: torch.tensordot(x, y, torch.tensor([[0], [1]])),
    "tensordot_aten_form": lambda: torch.tensordot(x, y, ([0], [1])),
    "tensordot_aten_options": lambda: torch.tensordot(x, y, ([1], [0])),
    "tensordot_negative": lambda: torch.tensordot(x, y, -1),
    "tensordot_too_many": lambda: torch.tensordot(x, y, 3),
    "tensordot_mismatch": lambda: torch.tensordot(x, y, ([0], [0])),
    "unique": lambda: torch.unique(u),
    "unique_inverse": lambda: torch.unique(u, return_inverse=True),
    "unique_counts": lambda: torch.unique(u, return_counts=True),
    "unique_both": lambda: torch.unique(u, return_inverse=True, return_counts=True),
    "unique_positional": lambda: torch.unique(u, True, False, True),
    "unique_unsorted": lambda: torch.unique(u, sorted=False),
    "unique_dim": lambda: torch.unique(m, dim=0, return_inverse=True, return_counts=True),
    "unique_float": lambda: torch.unique(x.round()),
    "unique_method": lambda: u.unique(return_inverse=True),
    "unique_method_positional": lambda: m.unique(True, False, False, 1),
    "unique_bad_dim": lambda: torch.unique(u, dim=3),
    "unique_consecutive": lambda: torch.unique_consecutive(u),
    "unique_consecutive_both": lambda: torch.unique_consecutive(u, True, True),
    "unique_consecutive_counts": lambda: torch.unique_consecutive(u, return_counts=True),
    "unique_consecutive_dim": lambda: torch.unique_consecutive(m, return_inverse=True, dim=0),
    "unique_consecutive_method": lambda: u.unique_consecutive(return_counts=True),
    "split_int": lambda: torch.split(z, 1),
    "split_int_dim": lambda: torch.split(z, 3, 2),
    "split_sections": lambda: torch.split(z, [1, 2], 1),
    "split_keywords": lambda: torch.split(z, split_size_or_sections=[3, 1], dim=-1),
    "split_aten_keyword": lambda: torch.split(z, 2, dim=1),
    "split_tensor_size": lambda: torch.split(z, torch.tensor(2), 1),
    "split_method": lambda: z.split(2, 1),
    "split_method_sections": lambda: z.split([1, 3], dim=2),
    "split_method_keyword": lambda: z.split(split_size=1),
    "split_bad_sizes": lambda: torch.split(z, [1, 1], 1),
    "norm": lambda: torch.norm(x),
    "norm_p_dim": lambda: torch.norm(x, 1, 1),
    "norm_keepdim": lambda: torch.norm(z, 3, [0, 2], True),
    "norm_inf": lambda: torch.norm(x, float('inf'), 0),
    "norm_neg_inf": lambda: torch.norm(x, float('-inf')),
    "norm_none": lambda: torch.norm(z, None),
    "norm_half": lambda: torch.norm(v, 0.5),
    "norm_fro_dim": lambda: torch.norm(z, 'fro', (0, 2)),
    "norm_fro_int_dim": lambda: torch.norm(z, 'fro', 1, keepdim=True),
    "norm_fro_three_dims": lambda: torch.norm(z, 'fro', (0, 1, 2)),
    "norm_nuc": lambda: torch.norm(A, 'nuc'),
    "norm_nuc_dim": lambda: torch.norm(z, 'nuc', (0, 2)),
    "norm_nuc_3d": lambda: torch.norm(z, 'nuc'),
    "norm_dtype": lambda: torch.norm(x, 2, 1, dtype=torch.float64),
    "norm_options": lambda: torch.norm(x, p=1, dim=0, keepdim=True),
    "norm_p_tensor": lambda: torch.norm(x, torch.tensor(1.)),
    "norm_bad_string": lambda: torch.norm(x, 'abc'),
    "norm_int_input": lambda: torch.norm(u),
    "norm_expanded": lambda: torch.norm(s.expand(3), 1),
    "norm_sparse": lambda: torch.norm(sp),
    "norm_sparse_p": lambda: torch.norm(sp, 1),
    "norm_sparse_none": lambda: torch.norm(sp, None),
    "norm_sparse_all_dims": lambda: torch.norm(sp, 3, (0, 1), dtype=torch.float64),
    "norm_sparse_fro_dims": lambda: torch.norm(sp, 'fro', (0, 1), True),
    "norm_sparse_dim": lambda: torch.norm(sp, 2, 1),
    "norm_sparse_fro_dtype": lambda: torch.norm(sp, 'fro', dtype=torch.float64),
    "norm_sparse_nuc_dtype": lambda: torch.norm(sp, 'nuc', dtype=torch.float64),
    "norm_sparse_bad_string": lambda: torch.norm(sp, 'abc', 0),
    "norm_sparse_csr": lambda: torch.norm(sp.to_sparse_csr()),
    "norm_method": lambda: x.norm(),
    "norm_method_positional": lambda: x.norm(2, 1, True, torch.float64),
    "norm_method_nuc": lambda: A.norm('nuc', keepdim=True),
    "nonzero": lambda: torch.nonzero(x > 0),
    "nonzero_as_tuple": lambda: torch.nonzero(x > 0, as_tuple=True),
    "nonzero_as_tuple_false": lambda: torch.nonzero(x > 0, as_tuple=False),
    "nonzero_as_tuple_0d": lambda: torch.nonzero(s, as_tuple=True),
    "nonzero_method": lambda: (z > 20).nonzero(as_tuple=True),
    "nonzero_method_plain": lambda: (z > 20).nonzero(),
    "nonzero_as_tuple_out": lambda: torch.nonzero(x, as_tuple=True, out=torch.empty(0, dtype=torch.long)),
    "T_2d": lambda: x.T,
    "T_3d": lambda: z.T,
    "T_1d": lambda: v.T,
    "T_0d": lambda: s.T,
    "H_complex": lambda: torch.view_as_real(c.H.resolve_conj()),
    "H_real": lambda: x.H,
    "H_1d": lambda: v.H,
    "H_3d": lambda: z.H,
    "nelement": lambda: z.nelement(),
    "stft_default": lambda: torch.view_as_real(torch.stft(sig, 16, window=win, return_complex=True)),
    "stft_not_centred": lambda: torch.view_as_real(torch.stft(sig, 16, 8, window=win, center=False, return_complex=True)),
    "stft_pad_mode": lambda: torch.view_as_real(torch.stft(sig, 16, 4, 16, win, True, 'constant', True, return_complex=True)),
    "stft_n_fft_option": lambda: torch.view_as_real(torch.stft(sig, n_fft=8, window=torch.hann_window(8), return_complex=True)),
    "stft_method": lambda: torch.view_as_real(sig.stft(16, hop_length=4, window=win, return_complex=True)),
    "stft_align": lambda: torch.stft(sig, 16, window=win, return_complex=True, align_to_window=True),
    "cdist": lambda: torch.cdist(x, x.flip(0)),
    "cdist_p": lambda: torch.cdist(x, x.flip(0), 1.0),
    "cdist_mode": lambda: torch.cdist(x, x.flip(0), 2.0, 'donot_use_mm_for_euclid_dist'),
    "cdist_mode_option": lambda: torch.cdist(x, x.flip(0), compute_mode='use_mm_for_euclid_dist'),
    "unravel_index": lambda: torch.unravel_index(torch.tensor([4, 1]), (2, 3)),
    "unravel_index_int": lambda: torch.unravel_index(torch.tensor(4), 6),
    "unravel_index_2d": lambda: torch.unravel_index(torch.tensor([[1234], [5678]]), (10, 10, 10, 10)),
    "unravel_index_wraps": lambda: torch.unravel_index(torch.tensor([-1, 7], dtype=torch.int32), (2, 3)),
    "unravel_index_empty_shape": lambda: torch.unravel_index(torch.tensor(0), ()),
    "unravel_index_float": lambda: torch.unravel_index(torch.tensor(4.), 6),
    "unravel_index_negative": lambda: torch.unravel_index(torch.tensor(4), (-1, 2)),
    "lu": lambda: torch.lu(A),
    "lu_infos": lambda: torch.lu(A, get_infos=True),
    "lu_positional": lambda: torch.lu(z, True, True),
    "lu_method": lambda: A.lu(),
    "lu_method_infos": lambda: A.lu(get_infos=True),
    "grad_split_norm": lambda: grad_split_norm(),
    "lu_out_wrong_length": lambda: torch.lu(A, out=(torch.empty(0), torch.empty(0), torch.empty(0))),
}


def results():
    """Each case's result, or its error's type and message."""
    warnings.simplefilter('ignore')
    out = {}
    for name, f in CASES.items():
        try:
            out[name] = R(f())
        except Exception as e:
            out[name] = {'error': type(e).__name__, 'message': str(e)}
    return out
