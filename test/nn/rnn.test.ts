import { beforeAll, describe, expect, it } from 'vitest';
import * as torch from '../../lib/torch.js';
import * as nn from '../../lib/nn/index.js';
import { python } from '../helpers/python.js';
import { expectClose } from './helpers.js';

const PY = `
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
print(json.dumps({
  'keys': [list(m.state_dict().keys()) for m in [lstm, gru, rnn]],
  'repr': [repr(m) for m in [lstm, gru, rnn, nn.LSTM(4, 4, dropout=0.5, num_layers=2)]],
  'lstmW': lstm.weight_hh_l1.tolist(), 'out': out.tolist(), 'h': h.tolist(), 'c': c.tolist(),
  'gout': gout.tolist(), 'gh': gh.tolist(), 'rout': rout.tolist(), 'rh': rh.tolist(), 'rout2': rout2.tolist(),
  'grad': lstm.weight_ih_l0.grad.tolist(), 'ggrad': gru.bias_hh_l0_reverse.grad.tolist(),
}))
`;

let py: Record<string, unknown> & { keys: string[][]; repr: string[] };
beforeAll(() => { py = python(PY); });

describe('RNN, LSTM, GRU equal PyTorch', () => {
  it('parameter names, init, forward, backward and repr', () => {
    torch.manualSeed(21);
    const lstm = new nn.LSTM(6, 5, 2, { batchFirst: true });
    const gru = new nn.GRU(6, 4, { bidirectional: true });
    const rnn = new nn.RNN(6, 3, 1, 'relu', { bias: false });
    const x = torch.randn(3, 7, 6);
    const [out, [h, c]] = lstm(x);
    const [gout, gh] = gru(x);
    const x0 = x.select(0, 0);
    const [rout, rh] = rnn(x0);
    const h0 = torch.randn(1, 3);
    const [rout2] = rnn(x0, h0);
    out.sum().add(gout.sum()).backward();
    expect([lstm, gru, rnn].map((m) => Object.keys(m.stateDict()))).toEqual(py.keys);
    expect([lstm, gru, rnn, new nn.LSTM(4, 4, { dropout: 0.5, numLayers: 2 })].map(String)).toEqual(py.repr);
    const o: Record<string, unknown> = {
      lstmW: lstm.getParameter('weight_hh_l1'), out, h, c, gout, gh, rout, rh, rout2,
      grad: lstm.getParameter('weight_ih_l0').grad, ggrad: gru.getParameter('bias_hh_l0_reverse').grad,
    };
    for (const key of Object.keys(o)) {
      try { expectClose(o[key], py[key], 1e-5); } catch (e) { throw new Error(`${key}: ${(e as Error).message}`); }
    }
    expect(() => new nn.LSTM(4, 0)).toThrow(/hiddenSize must be greater than zero/);
    expect(() => new nn.RNN(4, 2, { nonlinearity: 'sigmoid' as 'relu' })).toThrow(/nonlinearity must be one of 'tanh', 'relu'/);
    expect(() => lstm(torch.randn(2, 3, 4, 6))).toThrow('LSTM: Expected input to be 2D or 3D, got 4D instead');
  });
});
