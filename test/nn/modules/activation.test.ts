import { beforeAll, describe, expect, it } from 'vitest';
import * as torch from '../../../lib/torch.js';
import * as nn from '../../../lib/nn/index.js';
import { oracle } from '../../helpers/python.js';
import { expectClose } from '../helpers.js';

let py: { acts: unknown[]; more: unknown[]; moreRepr: string[]; softmin: unknown; softminRepr: string };
beforeAll(() => { py = oracle('nn/modules/activation', 'results'); });

describe('activations equal PyTorch', () => {
  it('ReLU, LeakyReLU, ELU, SELU, GELU, SiLU, Mish, Sigmoid, Tanh, Softplus, Softmax, LogSoftmax, Hardtanh, PReLU', () => {
    torch.manualSeed(1);
    const a = torch.randn(3, 4);
    const acts: nn.Module[] = [new nn.ReLU(), new nn.LeakyReLU(0.2), new nn.ELU(0.5), new nn.SELU(), new nn.GELU(), new nn.GELU({ approximate: 'tanh' }),
      new nn.SiLU(), new nn.Mish(), new nn.Sigmoid(), new nn.Tanh(), new nn.Softplus(2.0, 1.0), new nn.Softmax({ dim: 0 }), new nn.LogSoftmax({ dim: 1 }), new nn.Softmax(),
      new nn.Hardtanh(-0.5, 0.5), new nn.PReLU(), new nn.PReLU(4, 0.1)];
    acts.forEach((m, i) => {
      try { expectClose(m(a), py.acts[i]); } catch (e) { throw new Error(`${String(m)}: ${(e as Error).message}`); }
    });
  });

  it('ReLU6 (also in place), LogSigmoid, Hardswish: forward and repr', () => {
    torch.manualSeed(11);
    const x1 = torch.randn(2, 3, 11);
    const more: nn.Module[] = [new nn.ReLU6(), new nn.LogSigmoid(), new nn.Hardswish(), new nn.ReLU6({ inplace: true })];
    more.forEach((m, i) => {
      try { expectClose(m(x1.clone()), py.more[i]); } catch (e) { throw new Error(`${String(m)}: ${(e as Error).message}`); }
    });
    expect(more.map(String)).toEqual(py.moreRepr);
  });

  it('Softmin: forward and repr', () => {
    torch.manualSeed(12);
    const b = torch.randn(4, 6);
    expectClose(new nn.Softmin({ dim: 1 })(b), py.softmin);
    expect(String(new nn.Softmin(1))).toBe(py.softminRepr);
  });
});
