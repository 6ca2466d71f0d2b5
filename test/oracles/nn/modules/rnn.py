"""Oracle of test/nn/modules/rnn.test.ts."""
import torch


def results():
    """RNN, LSTM and GRU on seeded inputs (same seed, default init)."""
    nn = torch.nn
    torch.manual_seed(21)
    lstm = nn.LSTM(6, 5, 2, batch_first=True)
    gru = nn.GRU(6, 4, bidirectional=True)
    rnn = nn.RNN(6, 3, 1, 'relu', bias=False)
    x = torch.randn(3, 7, 6)
    out, (h, c) = lstm(x)
    gout, gh = gru(x)
    rout, rh = rnn(x[0])
    h0 = torch.randn(1, 3)
    rout2, rh2 = rnn(x[0], h0)
    (out.sum() + gout.sum()).backward()
    return {
      'keys': [list(m.state_dict().keys()) for m in [lstm, gru, rnn]],
      'repr': [repr(m) for m in [lstm, gru, rnn, nn.LSTM(4, 4, dropout=0.5, num_layers=2)]],
      'lstmW': lstm.weight_hh_l1.tolist(), 'out': out.tolist(), 'h': h.tolist(), 'c': c.tolist(),
      'gout': gout.tolist(), 'gh': gh.tolist(), 'rout': rout.tolist(), 'rh': rh.tolist(), 'rout2': rout2.tolist(),
      'grad': lstm.weight_ih_l0.grad.tolist(), 'ggrad': gru.bias_hh_l0_reverse.grad.tolist(),
    }


def errors():
    """PyTorch's errors for bad RNN arguments: [exception class, message] per case, computed live."""
    import warnings
    nn = torch.nn
    def err(f):
        try:
            f()
        except Exception as e:
            return [type(e).__name__, str(e)]
        return None
    m = nn.LSTM(4, 8)
    cases = {
      'input0': lambda: nn.LSTM(0, 8), 'inputNeg': lambda: nn.GRU(-1, 8), 'hidden0': lambda: nn.RNN(4, 0),
      'layers0': lambda: nn.LSTM(4, 8, 0), 'dropout': lambda: nn.GRU(4, 8, dropout=1.5),
      'projNeg': lambda: nn.LSTM(4, 8, proj_size=-1), 'projBig': lambda: nn.LSTM(4, 8, proj_size=8),
      'projGRU': lambda: nn.GRU(4, 8, proj_size=2), 'projRNN': lambda: nn.RNN(4, 8, proj_size=2),
      'lstmSize': lambda: m(torch.randn(2, 1, 6)), 'lstmSizeUnbatched': lambda: m(torch.randn(2, 6)),
      'lstmSizeBig': lambda: m(torch.randn(2, 1, 1000000)),
      'gruSize': lambda: nn.GRU(4, 8)(torch.randn(2, 1, 6)), 'rnnSize': lambda: nn.RNN(4, 8, batch_first=True)(torch.randn(1, 2, 6)),
      'lstm1d': lambda: m(torch.randn(4)), 'gru4d': lambda: nn.GRU(4, 8)(torch.randn(1, 1, 1, 4)), 'rnn1d': lambda: nn.RNN(4, 8)(torch.randn(4)),
      'lstmH': lambda: m(torch.randn(2, 1, 4), (torch.randn(1, 3, 8), torch.randn(1, 3, 8))),
      'lstmC': lambda: m(torch.randn(2, 1, 4), (torch.randn(1, 1, 8), torch.randn(1, 1, 7))),
      'lstmHWide': lambda: m(torch.randn(2, 1, 4), (torch.randn(1, 1, 80), torch.randn(1, 1, 80))),
      'lstmH2d': lambda: m(torch.randn(2, 1, 4), (torch.randn(1, 8), torch.randn(1, 1, 8))),
      'lstmUnbatchedH3d': lambda: m(torch.randn(2, 4), (torch.randn(1, 1, 8), torch.randn(1, 1, 8))),
      'lstmUnbatchedH': lambda: m(torch.randn(2, 4), (torch.randn(1, 7), torch.randn(1, 8))),
      'lstmBatchFirstH': lambda: nn.LSTM(4, 8, batch_first=True)(torch.randn(3, 2, 4), (torch.randn(1, 2, 8), torch.randn(1, 2, 8))),
      'lstmBidirH': lambda: nn.LSTM(4, 8, 2, bidirectional=True)(torch.randn(3, 2, 4), (torch.randn(2, 2, 8), torch.randn(2, 2, 8))),
      'lstmProjH': lambda: nn.LSTM(4, 8, proj_size=3)(torch.randn(3, 2, 4), (torch.randn(1, 2, 8), torch.randn(1, 2, 8))),
      'lstmProjC': lambda: nn.LSTM(4, 8, proj_size=3)(torch.randn(3, 2, 4), (torch.randn(1, 2, 3), torch.randn(1, 2, 3))),
      'gruH': lambda: nn.GRU(4, 8)(torch.randn(2, 1, 4), torch.randn(1, 3, 5)),
      'gruH2d': lambda: nn.GRU(4, 8)(torch.randn(2, 1, 4), torch.randn(1, 8)),
      'gruUnbatchedH3d': lambda: nn.GRU(4, 8)(torch.randn(2, 4), torch.randn(1, 1, 8)),
      'gruUnbatchedH': lambda: nn.GRU(4, 8)(torch.randn(2, 4), torch.randn(2, 8)),
      'rnnH': lambda: nn.RNN(4, 8, 2, batch_first=True)(torch.randn(3, 2, 4), torch.randn(2, 2, 8)),
      'rnnUnbatchedH3d': lambda: nn.RNN(4, 8)(torch.randn(2, 4), torch.randn(1, 1, 8)),
      'dtype': lambda: m(torch.randn(2, 1, 4, dtype=torch.float64)),
      'dtypeInt': lambda: nn.GRU(4, 8)(torch.ones(2, 1, 4, dtype=torch.int64)),
      'emptySeq': lambda: m(torch.randn(0, 2, 4)),
      'packedDims': lambda: m.check_input(torch.randn(5, 1, 4), torch.tensor([3, 2])),
      'packedSize': lambda: m.check_input(torch.randn(5, 6), torch.tensor([3, 2])),
    }
    with warnings.catch_warnings(record=True) as w:
        warnings.simplefilter('always')
        nn.LSTM(2, 8, dropout=0.5)
        warning = str(w[-1].message)
    torch.manual_seed(5)
    proj = nn.LSTM(4, 6, 2, proj_size=3, bidirectional=True)
    x = torch.randn(5, 2, 4)
    out, (h, c) = proj(x)
    out2, (h2, c2) = proj(x[:, 0], (torch.ones(4, 3), torch.ones(4, 6)))
    return {
      'errors': {k: err(f) for k, f in cases.items()}, 'warning': warning,
      'packedOk': err(lambda: m.check_input(torch.randn(5, 4), torch.tensor([3, 2]))),
      'packedHidden': list(m.get_expected_hidden_size(torch.randn(5, 4), torch.tensor([3, 2]))),
      'proj': {'keys': list(proj.state_dict().keys()), 'repr': repr(proj), 'out': out.tolist(), 'h': h.tolist(), 'c': c.tolist(),
               'out2': out2.tolist(), 'h2': h2.tolist(), 'c2': c2.tolist()},
    }


def keywords():
    """Every constructor argument by keyword: the same layers, parameters and reprs as positionally."""
    nn = torch.nn
    torch.manual_seed(3)
    mods = [
      nn.LSTM(input_size=28, hidden_size=16, batch_first=True),
      nn.GRU(input_size=4, hidden_size=6, num_layers=2, bias=False, dropout=0.25),
      nn.RNN(input_size=4, hidden_size=5, nonlinearity='relu', bidirectional=True),
      nn.LSTM(4, 8, 1, True, False, 0.0, True, 3),
      nn.RNN(4, 5, 2, 'relu', False, True),
      nn.RNNCell(input_size=4, hidden_size=5, nonlinearity='relu', bias=False),
      nn.LSTMCell(input_size=4, hidden_size=5),
      nn.GRUCell(4, 5, False),
    ]
    return {
      'repr': [repr(m) for m in mods],
      'params': [[[k, list(v.shape), float(v.detach().sum())] for k, v in m.named_parameters()] for m in mods],
    }


def cells():
    """RNNCell, LSTMCell and GRUCell: default init for the seed, batched and unbatched steps, gradients."""
    nn = torch.nn
    torch.manual_seed(11)
    rc = nn.RNNCell(4, 3)
    rr = nn.RNNCell(4, 3, nonlinearity='relu', bias=False)
    lc = nn.LSTMCell(4, 3)
    gc = nn.GRUCell(4, 3)
    x = torch.randn(5, 2, 4)
    h0 = torch.randn(2, 3)
    o = {'init': [rc.weight_ih.tolist(), rr.weight_hh.tolist(), lc.bias_hh.tolist(), gc.weight_ih.tolist()]}
    h = h0; hr = None; hl = None; hg = None
    for t in range(5):
        h = rc(x[t], h)
        hr = rr(x[t], hr)
        hl = lc(x[t], hl)
        hg = gc(x[t], hg)
    o['rc'] = h.tolist(); o['rr'] = hr.tolist(); o['lh'] = hl[0].tolist(); o['lc'] = hl[1].tolist(); o['gc'] = hg.tolist()
    (h.sum() + hr.sum() + hl[0].sum() + hl[1].sum() + hg.sum()).backward()
    o['grads'] = [rc.weight_hh.grad.tolist(), rr.weight_ih.grad.tolist(), lc.weight_ih.grad.tolist(), gc.bias_hh.grad.tolist()]
    u = x[0, 0]
    o['unb'] = [rc(u).tolist(), rc(u, h0[0]).tolist(), [t.tolist() for t in lc(u)], [t.tolist() for t in lc(u, (h0[0], h0[1]))], gc(u, h0[1]).tolist()]
    o['keys'] = [list(m.state_dict().keys()) for m in (rc, rr, lc, gc)]
    o['repr'] = [repr(m) for m in (rc, rr, lc, gc)]
    def err(f):
        try:
            f()
        except Exception as e:
            return [type(e).__name__, str(e)]
        return None
    o['errors'] = {
      'input3d': err(lambda: rc(torch.randn(1, 2, 4))), 'hidden3d': err(lambda: gc(torch.randn(2, 4), torch.randn(1, 2, 3))),
      'lstmHx': err(lambda: lc(torch.randn(2, 4), (torch.randn(2, 3), torch.randn(1, 2, 3)))),
      'size': err(lambda: rc(torch.randn(2, 5))), 'hsize': err(lambda: gc(torch.randn(2, 4), torch.randn(2, 4))),
    }
    return o


def packed():
    """RNN, LSTM and GRU over PackedSequences: sorted and unsorted batches, given states, gradients."""
    nn = torch.nn
    from torch.nn.utils.rnn import pack_padded_sequence, pad_packed_sequence
    torch.manual_seed(17)
    lstm = nn.LSTM(3, 4, 2, bidirectional=True)
    gru = nn.GRU(3, 5, batch_first=True)
    rnn = nn.RNN(3, 2, nonlinearity='relu')
    proj = nn.LSTM(3, 6, proj_size=2)
    x = torch.randn(6, 4, 3, requires_grad=True)
    lengths = [4, 6, 2, 5]
    p = pack_padded_sequence(x, lengths, enforce_sorted=False)
    out, (h, c) = lstm(p)
    padded, lens = pad_packed_sequence(out)
    h0 = torch.randn(1, 4, 5)
    pg = pack_padded_sequence(x.transpose(0, 1), lengths, batch_first=True, enforce_sorted=False)
    gout, gh = gru(pg, h0)
    gpadded, _ = pad_packed_sequence(gout, batch_first=True, total_length=7)
    sorted_lengths = [6, 5, 3, 1]
    pr = pack_padded_sequence(x, sorted_lengths)
    rout, rh = rnn(pr)
    pout, (ph, pc) = proj(p)
    (padded.sum() + gpadded.sum() + rout.data.sum() + h.sum() + c.sum() + pout.data.sum()).backward()
    return {
      'data': p.data.tolist(), 'batchSizes': p.batch_sizes.tolist(), 'sorted': p.sorted_indices.tolist(), 'unsorted': p.unsorted_indices.tolist(),
      'outData': out.data.tolist(), 'padded': padded.tolist(), 'lens': lens.tolist(), 'h': h.tolist(), 'c': c.tolist(),
      'gpadded': gpadded.tolist(), 'gh': gh.tolist(), 'rdata': rout.data.tolist(), 'rh': rh.tolist(), 'rsorted': rout.sorted_indices,
      'ph': ph.tolist(), 'pc': pc.tolist(), 'pdata': pout.data.tolist(),
      'gradX': x.grad.tolist(), 'gradW': lstm.weight_hh_l1_reverse.grad.tolist(),
    }
