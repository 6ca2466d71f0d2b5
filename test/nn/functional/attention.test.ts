import { describe, expect, it, vi } from 'vitest';
import * as torch from '../../../lib/torch.js';
import * as nn from '../../../lib/nn/index.js';
import { oracleBatch } from '../../helpers/python.js';
import { expectClose } from '../helpers.js';

const F = nn.functional;
type Errors = Record<string, [string, string]>;
const py = oracleBatch<{ sdpa: Record<string, unknown> & { errors: Errors }; mha: Record<string, unknown> & { errors: Errors } }>({
  sdpa: ['nn/functional/attention', 'sdpa'],
  mha: ['nn/functional/attention', 'mha_forward'],
});

function expectEach(o: Record<string, unknown>, p: Record<string, unknown>, tol = 1e-5): void {
  for (const key of Object.keys(o)) {
    try { expectClose(o[key], p[key], tol); } catch (e) { throw new Error(`${key}: ${(e as Error).message}`); }
  }
}

describe('F.scaledDotProductAttention equals PyTorch', () => {
  it('masks, causal, scale, grouped-query, dropout draws for the seed, gradients', () => {
    const p = py().sdpa;
    torch.manualSeed(1);
    const q = torch.randn([2, 4, 5, 8], { requiresGrad: true });
    const k = torch.randn([2, 4, 6, 8], { requiresGrad: true });
    const v = torch.randn([2, 4, 6, 3], { requiresGrad: true });
    const bmask = torch.rand(5, 6).gt(0.3);
    const fmask = torch.randn(2, 1, 5, 6);
    const o: Record<string, torch.Tensor> = {};
    o.plain = F.scaledDotProductAttention(q, k, v);
    o.bool = F.scaledDotProductAttention(q, k, v, { attnMask: bmask });
    o.float = F.scaledDotProductAttention(q, k, v, fmask);
    o.causal = F.scaledDotProductAttention(q, k, v, { isCausal: true });
    o.scale = F.scaledDotProductAttention(q, k, v, { scale: 0.3 });
    const kg = torch.randn(2, 2, 6, 8); const vg = torch.randn(2, 2, 6, 3);
    o.gqa = F.scaledDotProductAttention(q, kg, vg, { enableGqa: true });
    torch.manualSeed(7);
    o.drop = F.scaledDotProductAttention(q, k, v, null, 0.4);
    o.drop2 = F.scaledDotProductAttention(q, k, v, { dropoutP: 0.4, isCausal: true });
    Object.values(o).reduce((s, t) => s.add(t.sum()), torch.tensor(0)).backward();
    expectEach({ ...o, grads: [q.grad!.tolist(), k.grad!.tolist(), v.grad!.tolist()] }, p);
    expect(() => F.scaledDotProductAttention(q, k, v, bmask, 0, true)).toThrow(p.errors.causalMask![1]);
    expect(() => F.scaledDotProductAttention(q, kg, vg)).toThrow(p.errors.gqa![1]);
    expect(() => F.scaledDotProductAttention(q, k, v, { dropout: 0.1 } as unknown as { dropoutP: number })).toThrow(/unknown option 'dropout'/);
    expect(() => F.scaledDotProductAttention(q, k, 'v' as unknown as torch.Tensor)).toThrow('F.scaledDotProductAttention(): value must be a Tensor (got "v")');
  });
});

describe('F.multiHeadAttentionForward equals PyTorch', () => {
  it('packed and separate projections, bias_k/v, zero attention, static keys, unbatched, dropout, gradients, errors', () => {
    const p = py().mha;
    torch.manualSeed(2);
    const E = 6; const H = 2;
    const q = torch.randn([4, 3, E], { requiresGrad: true }); const k = torch.randn(4 + 1, 3, E); const v = torch.randn(5, 3, E);
    const w = torch.randn([3 * E, E], { requiresGrad: true }); const b = torch.randn(3 * E);
    const ow = torch.randn(E, E); const ob = torch.randn(E);
    const bk = torch.randn(1, 1, E); const bv = torch.randn(1, 1, E);
    const f = false; const t = true;
    const kpm = torch.tensor([[f, f, f, f, f], [f, f, f, t, t], [t, f, f, f, f]]);
    const am = torch.randn(4, 5);
    const o: Record<string, unknown> = {};
    let [out, wts] = F.multiHeadAttentionForward(q, k, v, E, H, w, b, null, null, false, 0.0, ow, ob, { training: false });
    o.packed = out; o.packedW = wts;
    const warn = vi.spyOn(process, 'emitWarning').mockImplementation(() => undefined);
    [out, wts] = F.multiHeadAttentionForward(q, k, v, E, H, w, b, bk, bv, true, 0.0, ow, ob,
      { training: false, keyPaddingMask: kpm, attnMask: am, averageAttnWeights: false });
    expect(warn).toHaveBeenCalledWith('Support for mismatched key_padding_mask and attn_mask is deprecated. Use same type for both instead.');
    warn.mockRestore();
    o.biasZero = out; o.biasZeroW = wts;
    const k2 = torch.randn(5, 3, 4); const v2 = torch.randn(5, 3, 7);
    const qw = torch.randn(E, E); const kw = torch.randn(E, 4); const vw = torch.randn(E, 7);
    [out] = F.multiHeadAttentionForward(q, k2, v2, E, H, null, b, null, null, false, 0.0, ow, ob,
      { training: false, needWeights: false, useSeparateProjWeight: true, qProjWeight: qw, kProjWeight: kw, vProjWeight: vw, attnMask: am });
    o.separate = out;
    const sk = torch.randn(3 * H, 7, E / H); const sv = torch.randn(3 * H, 7, E / H);
    [out, wts] = F.multiHeadAttentionForward(q, k, v, E, H, w, b, null, null, false, 0.0, ow, ob, { training: false, staticK: sk, staticV: sv });
    o.static = out; o.staticW = wts;
    const qs = q.select(1, 0);
    [out, wts] = F.multiHeadAttentionForward(qs, qs, qs, E, H, w, b, null, null, false, 0.0, ow, ob,
      { training: false, attnMask: torch.triu(torch.ones([4, 4], { dtype: 'bool' }), 1) });
    o.unbatched = out; o.unbatchedW = wts;
    torch.manualSeed(9);
    [out, wts] = F.multiHeadAttentionForward(q, q, q, E, H, w, b, null, null, false, 0.5, ow, ob);
    o.dropW = out; o.dropWW = wts;
    torch.manualSeed(9);
    [out] = F.multiHeadAttentionForward(q, q, q, E, H, w, b, null, null, false, 0.5, ow, ob, { needWeights: false });
    o.dropSdpa = out;
    out.sum().backward();
    o.grads = [q.grad!.tolist(), w.grad!.tolist()];
    expectEach(o, p);
    const cls: Record<string, ErrorConstructor> = { RuntimeError: Error, AssertionError: Error };
    const call = (extra: object, ...qkv: torch.Tensor[]) => () => F.multiHeadAttentionForward(qkv[0] ?? q, qkv[1] ?? k, qkv[2] ?? v, E, H, w, b, null, null, false, 0.0, ow, ob, extra);
    const errs: [string, () => unknown][] = [
      ['embed', () => F.multiHeadAttentionForward(q, k, v, 8, H, w, b, null, null, false, 0.0, ow, ob)],
      ['mask2d', call({ attnMask: torch.randn(4, 4) })], ['mask3d', call({ attnMask: torch.randn(2, 4, 5) })],
      ['causal', call({ isCausal: true })], ['kdim', call({ keyPaddingMask: torch.ones(3, 5, 1) })],
      ['kv', call({}, q, k, v.narrow(0, 0, 4))], ['qdim', call({}, q.select(0, 0).select(0, 0))],
      ['unbMask', call({ attnMask: torch.zeros(3, 4, 4) }, qs, qs, qs)], ['kpmLen', call({ keyPaddingMask: torch.zeros([3, 4], { dtype: 'bool' }) })],
    ];
    for (const [key, fn] of errs) {
      const [c, m] = p.errors[key]!;
      expect(fn, key).toThrow(cls[c]!);
      expect(fn, key).toThrow(m);
    }
    // A mask of another dtype is a TypeError here (an AssertionError in Python), with Python's message.
    expect(call({ attnMask: torch.ones([4, 5], { dtype: 'int64' }) })).toThrow(new TypeError(p.errors.intMask![1]));
    expect(() => F.multiHeadAttentionForward(q, k, v, E, H, w, b, null, null, false, 0.0, ow, ob, { bogus: 1 } as object)).toThrow(/unknown option 'bogus'/);
  });
});
