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
