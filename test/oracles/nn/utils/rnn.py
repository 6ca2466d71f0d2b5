"""Oracle of test/nn/utils/rnn.test.ts."""
import torch
from torch.nn.utils import rnn


def results():
    """pack/pad round trips, options of each function, gradients through packing, reprs and errors."""
    torch.manual_seed(4)
    a = torch.randn(4, 2, requires_grad=True); b = torch.randn(2, 2, requires_grad=True); c = torch.randn(3, 2, requires_grad=True)
    o = {}
    ps = rnn.pack_sequence([a, b, c], enforce_sorted=False)
    o['ps'] = [ps.data.tolist(), ps.batch_sizes.tolist(), ps.sorted_indices.tolist(), ps.unsorted_indices.tolist()]
    o['unpack'] = [t.tolist() for t in rnn.unpack_sequence(ps)]
    padded = rnn.pad_sequence([a, b, c])
    o['pad'] = padded.tolist()
    o['padBF'] = rnn.pad_sequence([a, b, c], batch_first=True, padding_value=-1.5).tolist()
    o['padLeft'] = rnn.pad_sequence([a, b, c], True, 0.5, 'left').tolist()
    pp = rnn.pack_padded_sequence(padded, torch.tensor([4, 2, 3]), enforce_sorted=False)
    out, lens = rnn.pad_packed_sequence(pp, batch_first=True, padding_value=9.0, total_length=6)
    o['padPacked'] = out.tolist(); o['lens'] = lens.tolist()
    sp = rnn.pack_padded_sequence(padded[:, [0, 2, 1]], [4, 3, 2])
    o['sortedData'] = sp.data.tolist(); o['sortedNone'] = sp.sorted_indices is None and sp.unsorted_indices is None
    o['unpad'] = [t.tolist() for t in rnn.unpad_sequence(rnn.pad_sequence([a, b, c]), torch.tensor([4, 2, 3]))]
    o['unpadBF'] = [t.tolist() for t in rnn.unpad_sequence(rnn.pad_sequence([a, b, c], batch_first=True), torch.tensor([4, 2, 3]), batch_first=True)]
    o['invert'] = rnn.invert_permutation(torch.tensor([2, 0, 3, 1])).tolist()
    (out * torch.arange(out.numel()).view(out.shape)).sum().backward()
    o['grads'] = [a.grad.tolist(), b.grad.tolist(), c.grad.tolist()]
    small = rnn.pack_sequence([torch.tensor([1., 2., 3.]), torch.tensor([4., 5.])])
    o['repr'] = repr(small)
    o['reprUnsorted'] = repr(rnn.pack_sequence([torch.tensor([1., 2.]), torch.tensor([4., 5., 6.])], enforce_sorted=False))
    d = small.double()
    o['double'] = [str(d.data.dtype), str(d.batch_sizes.dtype), small.to(torch.float32) is small]
    def err(f):
        try:
            f()
        except Exception as e:
            return [type(e).__name__, str(e)]
        return None
    o['errors'] = {
      'unsorted': err(lambda: rnn.pack_padded_sequence(padded, [4, 2, 3])),
      'total': err(lambda: rnn.pad_packed_sequence(pp, total_length=3)),
      'zero': err(lambda: rnn.pack_padded_sequence(padded, [4, 2, 0])),
    }
    return o
