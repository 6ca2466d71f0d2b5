import { beforeAll, describe, expect, it } from 'vitest';
import * as torch from '../../../lib/torch.js';
import * as nn from '../../../lib/nn/index.js';
import { oracle } from '../../helpers/python.js';
import { expectClose } from '../helpers.js';

// Training mode with dropout 0 keeps PyTorch on its reference path, which this port follows.
let py: Record<string, unknown> & { keys: string[][]; repr: string };
beforeAll(() => { py = oracle('nn/modules/attention', 'results'); });

describe('MultiheadAttention equals PyTorch', () => {
  it('self, cross and separate-value attention, masks, weights, unbatched, gradients', () => {
    torch.manualSeed(9);
    const mha = new nn.MultiheadAttention(8, 2, { batchFirst: true });
    const mha2 = new nn.MultiheadAttention(8, 4, { bias: false });
    const x = torch.randn(3, 5, 8, { requiresGrad: true });
    const mem = torch.randn(3, 6, 8);
    const f = false; const t = true;
    const kpm = torch.tensor([[f, f, f, f, f, f], [f, f, f, f, t, t], [t, f, f, f, f, f]]);
    const am = torch.randn(5, 5);
    const o: Record<string, unknown> = {};
    const [out, w] = mha(x, x, x); o.self = out; o.selfW = w;
    const [out2, w2] = mha(x, mem, mem, { keyPaddingMask: kpm, averageAttnWeights: false }); o.cross = out2; o.crossW = w2;
    const [out3, none] = mha(x, x, x, { attnMask: am, needWeights: false }); o.sdpa = out3;
    expect(none).toBeNull();
    const k = torch.randn(3, 6, 8); const v = torch.randn(3, 6, 8);
    o.sep = mha(x, k, v)[0];
    const q5 = torch.randn(5, 8);
    const [out5, w5] = mha2(q5, q5, q5, { attnMask: torch.triu(torch.ones(5, 5, { dtype: 'bool' }), 1) }); o.unb = out5; o.unbW = w5;
    out.sum().add(out2.sum()).add(out3.sum()).backward();
    o.gradIn = mha.in_proj_weight.grad; o.gradX = x.grad;
    for (const key of Object.keys(o)) {
      try { expectClose(o[key], py[key], 1e-5); } catch (e) { throw new Error(`${key}: ${(e as Error).message}`); }
    }
    expect([Object.keys(mha.stateDict()), Object.keys(mha2.stateDict())]).toEqual(py.keys);
    expect(String(mha)).toBe(py.repr);
    expect(() => new nn.MultiheadAttention(8, 3)).toThrow(/embed_dim must be divisible by num_heads/);
  });
});
