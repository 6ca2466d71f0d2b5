import { beforeAll, describe, expect, it } from 'vitest';
import * as torch from '../../../lib/torch.js';
import * as nn from '../../../lib/nn/index.js';
import { oracleBatch } from '../../helpers/python.js';
import { expectClose } from '../helpers.js';

// Training mode with dropout 0 keeps PyTorch on its reference path, which this port follows.
const batch = oracleBatch<{
  results: Record<string, unknown> & { keys: string[][]; repr: string };
  options: Record<string, unknown> & { keys: string[][]; repr: string[]; errors: Record<string, [string, string]> };
}>({ results: ['nn/modules/attention', 'results'], options: ['nn/modules/attention', 'options'] });
let py: ReturnType<typeof batch>['results'];
beforeAll(() => { py = batch().results; });

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
    o.gradIn = mha.in_proj_weight!.grad; o.gradX = x.grad;
    for (const key of Object.keys(o)) {
      try { expectClose(o[key], py[key], 1e-5); } catch (e) { throw new Error(`${key}: ${(e as Error).message}`); }
    }
    expect([Object.keys(mha.stateDict()), Object.keys(mha2.stateDict())]).toEqual(py.keys);
    expect(String(mha)).toBe(py.repr);
    expect(() => new nn.MultiheadAttention(8, 3)).toThrow(/embed_dim must be divisible by num_heads/);
  });
});

describe('MultiheadAttention options equal PyTorch', () => {
  it('kdim/vdim, addBiasKv, addZeroAttn by keyword: init, float and bool masks, causal, dropout, eval, gradients, repr', () => {
    const p = batch().options;
    torch.manualSeed(13);
    const kv = new nn.MultiheadAttention({ embedDim: 8, numHeads: 2, kdim: 5, vdim: 3, batchFirst: true });
    const bz = new nn.MultiheadAttention(8, 4, 0.0, true, true, true);
    const kw = new nn.MultiheadAttention({ embedDim: 8, numHeads: 2 });
    const q = torch.randn([2, 4, 8], { requiresGrad: true }); const k = torch.randn(2, 6, 5); const v = torch.randn(2, 6, 3);
    const o: Record<string, unknown> = {};
    o.init = [kv.q_proj_weight!.tolist(), kv.k_proj_weight!.tolist(), kv.v_proj_weight!.tolist(), bz.bias_k!.tolist(), bz.bias_v!.tolist(), kw.in_proj_weight!.tolist()];
    const [out, w] = kv(q, k, v); o.kv = out; o.kvW = w;
    const fk = torch.tensor([[0, 0, 0, 0, 0, -Infinity], [0, 0, 0, 0, 0, 0]]);
    const [out2, w2] = kv(q, k, v, fk, true, null, false); o.kvFloat = out2; o.kvFloatW = w2;
    const qt = q.transpose(0, 1);
    const [out3, w3] = bz(qt, qt, qt, { attnMask: torch.triu(torch.full([4, 4], -Infinity), 1) }); o.bz = out3; o.bzW = w3;
    const mask = torch.triu(torch.ones([4, 4], { dtype: 'bool' }), 1);
    const [out4] = kw(qt, qt, qt, { attnMask: mask, needWeights: false, isCausal: true }); o.causal = out4;
    kw.dropout = 0.3;
    torch.manualSeed(21);
    const [out5, w5] = kw(qt, qt, qt); o.drop = out5; o.dropW = w5;
    kw.eval();
    o.evalOut = kw(qt, qt, qt)[0];
    out.sum().add(out2.sum()).add(out3.sum()).add(out4.sum()).add(out5.sum()).backward();
    o.grads = [kv.k_proj_weight!.grad!.tolist(), bz.bias_k!.grad!.tolist(), q.grad!.tolist()];
    for (const key of Object.keys(o)) {
      try { expectClose(o[key], p[key], 1e-5); } catch (e) { throw new Error(`${key}: ${(e as Error).message}`); }
    }
    expect([kv, bz, kw].map((m) => Object.keys(m.stateDict()))).toEqual(p.keys);
    expect([kv, bz].map(String)).toEqual(p.repr);
    expect(() => new nn.MultiheadAttention(0, 2)).toThrow(new RangeError(p.errors.zero![1]));
    expect(() => new nn.MultiheadAttention({ embedDim: 8, numHeads: 0 })).toThrow(new RangeError(p.errors.heads![1]));
    expect(() => new nn.MultiheadAttention({ embedDim: 8 } as { embedDim: number; numHeads: number })).toThrow("MultiheadAttention(): missing required argument 'numHeads'");
    expect(() => new nn.MultiheadAttention(8, 2, { kDim: 3 } as object)).toThrow(/unknown option 'kDim'/);
  });
});
