import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import * as torch from '../../../lib/torch.js';
import * as nn from '../../../lib/nn/index.js';
import { oracleBatch } from '../../helpers/python.js';
import { expectClose } from '../helpers.js';

// Python's results for this file, computed in one python3 run (test/oracles/nn/modules/transformer.py).
const oracle = oracleBatch<{
  results: Record<string, unknown> & { keys: string[]; repr: string[]; same: boolean };
  full: Record<string, unknown> & { keys: string[] };
  options: Record<string, unknown> & { warnings: string[]; keys: string[][]; repr: string[]; customKeys: string[]; mask64: [string, boolean[][]];
    errors: Record<string, [string, string]> };
}>({
  options: ['nn/modules/transformer', 'options'],
  results: ['nn/modules/transformer', 'results'],
  full: ['nn/modules/transformer', 'full'],
});

let py: ReturnType<typeof oracle>['results'];
beforeAll(() => { py = oracle().results; });

describe('TransformerEncoderLayer and TransformerEncoder equal PyTorch', () => {
  it('post-norm, pre-norm, masks, dropout in training, deep-copied layers', () => {
    torch.manualSeed(2);
    const layer = new nn.TransformerEncoderLayer(8, 2, { dimFeedforward: 16, dropout: 0.0, batchFirst: true });
    const enc = new nn.TransformerEncoder(layer, 2);
    const nf = new nn.TransformerEncoderLayer(8, 2, 16, 0.0, 'gelu', { normFirst: true });
    const drop = new nn.TransformerEncoderLayer(8, 2, 16, 0.1, { activation: new nn.GELU() });
    const x = torch.randn(3, 5, 8);
    const f = false; const t = true;
    const kpm = torch.tensor([[f, f, f, f, f], [f, f, f, t, t], [f, f, f, f, f]]);
    const mask = torch.triu(torch.full([5, 5], -Infinity), 1);
    const o: Record<string, unknown> = {
      layer: layer(x), enc: enc(x, { srcKeyPaddingMask: kpm }), encMask: enc(x, { mask }),
      nf: nf(x.transpose(0, 1)), drop: drop(x.transpose(0, 1)),
    };
    for (const key of Object.keys(o)) {
      try { expectClose(o[key], py[key], 1e-5); } catch (e) { throw new Error(`${key}: ${(e as Error).message}`); }
    }
    expect(Object.keys(enc.stateDict())).toEqual(py.keys);
    expect([layer, drop].map(String)).toEqual(py.repr);
    const l0 = enc.layers.at(0) as nn.TransformerEncoderLayer;
    const l1 = enc.layers.at(1) as nn.TransformerEncoderLayer;
    expect(l0.linear1.weight.equal(l1.linear1.weight)).toBe(py.same);
    expect(l0.linear1.weight).not.toBe(l1.linear1.weight);
    expect(l0.linear1.weight).not.toBe(layer.linear1.weight);
  });

  it('deepCopy copies parameters, buffers and structure', () => {
    const seq = new nn.Sequential(new Map<string, nn.Module>([['fc', new nn.Linear(2, 2)], ['bn', new nn.BatchNorm1d(2)]]));
    seq.eval();
    const copy = seq.deepCopy();
    expect(copy).toBeInstanceOf(nn.Sequential);
    expect(copy.training).toBe(false);
    expect(String(copy)).toBe(String(seq));
    expect(Object.keys(copy.stateDict())).toEqual(Object.keys(seq.stateDict()));
    const a = seq.at(0) as nn.Linear;
    const b = copy.at(0) as nn.Linear;
    expect(b).not.toBe(a);
    expect(b.weight.equal(a.weight)).toBe(true);
    expect(b.weight).toBeInstanceOf(nn.Parameter);
    nn.init.zeros_(b.weight);
    expect(a.weight.abs().sum().item()).toBeGreaterThan(0);
    expect(copy[0]).toBe(b);
    expect(copy(torch.ones(3, 2)).shape).toEqual([3, 2]);
  });
});

describe('Transformer equals PyTorch', () => {
  it('init, training forward with dropout, eval forward with masks, decoder layer', () => {
    const p = oracle().full;
    torch.manualSeed(5);
    const model = new nn.Transformer({ dModel: 8, nhead: 2, numEncoderLayers: 2, numDecoderLayers: 1, dimFeedforward: 12, dropout: 0.1, batchFirst: true });
    const dec = new nn.TransformerDecoderLayer(8, 2, 12, 0.0, { normFirst: true });
    const src = torch.randn(2, 6, 8); const tgt = torch.randn(2, 4, 8);
    const mask = nn.Transformer.generateSquareSubsequentMask(4);
    const out = model(src, tgt, { tgtMask: mask });
    model.eval();
    const f = false; const t = true;
    const ev = torch.noGrad(() => model(src, tgt, { tgtMask: mask, srcKeyPaddingMask: torch.tensor([[f, f, f, f, f, f], [f, f, f, f, t, t]]) }));
    const o: Record<string, unknown> = {
      out, ev, dec: dec(tgt.transpose(0, 1), src.transpose(0, 1), { tgtMask: mask }), mask: mask.isinf(),
      w: ((model.decoder as nn.TransformerDecoder).layers.at(0) as nn.TransformerDecoderLayer).linear1.weight,
    };
    for (const key of Object.keys(o)) {
      try { expectClose(o[key], p[key], 2e-5); } catch (e) { throw new Error(`${key}: ${(e as Error).message}`); }
    }
    expect(Object.keys(model.stateDict())).toEqual(p.keys);
  });
});

describe('Transformer family: every option, mask kind and keyword equals PyTorch', () => {
  afterEach(() => { vi.restoreAllMocks(); });

  it('the nested-tensor warnings of TransformerEncoder', () => {
    const p = oracle().options;
    const warn = vi.spyOn(process, 'emitWarning').mockImplementation(() => undefined);
    new nn.TransformerEncoder(new nn.TransformerEncoderLayer(8, 2), 1);
    new nn.TransformerEncoder(new nn.TransformerEncoderLayer(9, 3, { batchFirst: true }), 1);
    new nn.TransformerEncoder(new nn.TransformerEncoderLayer(8, 2, { batchFirst: true, activation: (x: torch.Tensor) => x }), 1);
    new nn.TransformerEncoder(new nn.TransformerEncoderLayer(8, 2, { batchFirst: true, normFirst: true }), 1, { enableNestedTensor: false });
    expect(warn.mock.calls.map((c) => c[0])).toEqual(p.warnings);
  });

  it('keyword constructors, activations, bool/float masks and key padding masks, causal hints and detection, gradients, nested path', () => {
    const p = oracle().options;
    vi.spyOn(process, 'emitWarning').mockImplementation(() => undefined);
    torch.manualSeed(31);
    const kw = new nn.TransformerEncoderLayer({ dModel: 8, nhead: 2, dimFeedforward: 16, dropout: 0.0, activation: 'gelu', layerNormEps: 1e-3,
      batchFirst: true, normFirst: true, bias: false });
    const fn = new nn.TransformerEncoderLayer(8, 2, 16, 0.0, nn.functional.gelu);
    const lam = new nn.TransformerEncoderLayer(8, 2, 16, 0.0, (x: torch.Tensor) => torch.tanh(x).mul(2));
    const enc = new nn.TransformerEncoder({ encoderLayer: new nn.TransformerEncoderLayer(8, 2, 12, 0.0, { batchFirst: true }), numLayers: 2,
      norm: new nn.LayerNorm(8), enableNestedTensor: true, maskCheck: true });
    const dl = new nn.TransformerDecoderLayer({ dModel: 8, nhead: 2, dimFeedforward: 12, dropout: 0.0, activation: 'gelu', batchFirst: true });
    const dec = new nn.TransformerDecoder({ decoderLayer: dl, numLayers: 2, norm: new nn.LayerNorm(8) });
    expect([kw.activationReluOrGelu, fn.activationReluOrGelu, lam.activationReluOrGelu]).toEqual([2, 2, 0]);
    const x = torch.randn([3, 5, 8], { requiresGrad: true });
    const mem = torch.randn(3, 6, 8);
    const bmask = torch.rand(5, 5).gt(0.7);
    bmask.fillDiagonal_(false);
    const fmask = torch.randn(5, 5);
    const fkpm = torch.zeros(3, 5); fkpm.select(0, 1).narrow(0, 3, 2).fill_(-Infinity);
    const kpm = fkpm.isinf();
    const causal = nn.Transformer.generateSquareSubsequentMask(5);
    const r: Record<string, torch.Tensor> = {};
    r.kw = kw(x); r.kwMask = kw(x, bmask); r.kwKpm = kw(x, { srcKeyPaddingMask: kpm });
    r.fn = fn(x.transpose(0, 1), fmask); r.lam = lam(x.transpose(0, 1));
    r.encBool = enc(x, bmask); r.encFloatKpm = enc(x, { srcKeyPaddingMask: fkpm });
    r.encCausal = enc(x, causal); r.encCausalHint = enc(x, { mask: causal, isCausal: true });
    r.encBoth = enc(x, fmask, fkpm);
    const tgt = torch.randn(3, 4, 8);
    const tmask = nn.Transformer.generateSquareSubsequentMask(4).bool();
    const f = false; const t = true;
    r.dec = dec(tgt, mem, tmask, null, torch.tensor([[f, f, f, f], [f, f, f, t], [f, f, f, f]]),
      torch.tensor([[f, f, f, f, f, f], [f, f, f, f, t, t], [t, f, f, f, f, f]]));
    r.decMem = dec(tgt, mem, { memoryMask: torch.randn(4, 6), tgtIsCausal: false });
    r.dl = dl(tgt, mem, { tgtMask: nn.Transformer.generateSquareSubsequentMask(4), tgtIsCausal: true });
    Object.values(r).reduce((s, v) => s.add(v.sum()), torch.tensor(0)).backward();
    const o: Record<string, unknown> = { ...r, grads: [x.grad!.tolist(), kw.linear1.weight.grad!.tolist()] };
    enc.eval();
    torch.noGrad(() => {
      o.nested = enc(x, { srcKeyPaddingMask: kpm });
      o.notLeft = enc(x, { srcKeyPaddingMask: torch.tensor([[t, f, f, f, f], [f, f, f, f, f], [f, f, f, f, f]]) });
    });
    for (const key of Object.keys(o)) {
      try { expectClose(o[key], p[key], 2e-5); } catch (e) { throw new Error(`${key}: ${(e as Error).message}`); }
    }
    expect([kw, enc, dec].map((m) => Object.keys(m.stateDict()))).toEqual(p.keys);
    expect([kw, dec].map(String)).toEqual(p.repr);
  });

  it('Transformer: every argument positionally, a custom encoder, the static mask, errors', () => {
    const p = oracle().options;
    vi.spyOn(process, 'emitWarning').mockImplementation(() => undefined);
    torch.manualSeed(8);
    const custom = new nn.TransformerEncoder(new nn.TransformerEncoderLayer(8, 2, 12, 0.0), 1);
    const model = new nn.Transformer(8, 2, 1, 1, 12, 0.0, 'gelu', custom, null, 1e-4, false, true, true);
    const s = torch.randn(6, 2, 8); const g = torch.randn(4, 2, 8);
    expectClose(model(s, g, { tgtMask: nn.Transformer.generateSquareSubsequentMask(4), srcIsCausal: false }), p.custom, 2e-5);
    expectClose(model(s.select(1, 0), g.select(1, 0), { tgtMask: nn.Transformer.generateSquareSubsequentMask(4).bool() }), p.unbatched, 2e-5);
    expect(Object.keys(model.stateDict())).toEqual(p.customKeys);
    expectClose(((model.encoder as nn.TransformerEncoder).layers.at(0) as nn.TransformerEncoderLayer).linear1.weight, p.customInit, 1e-6);
    const m64 = nn.Transformer.generateSquareSubsequentMask(3, { dtype: 'float64' });
    expect([`torch.${m64.dtype}`, nn.Transformer.generateSquareSubsequentMask(3).isinf().tolist()]).toEqual(p.mask64);
    expect(() => new nn.TransformerEncoderLayer(8, 2, { activation: 'tanh' as 'relu' })).toThrow(new Error(p.errors.act![1]));
    expect(() => model(torch.randn(6, 2, 8), torch.randn(4, 3, 8))).toThrow(p.errors.batch![1]);
    expect(() => model(torch.randn(6, 2, 8), torch.randn(4, 2, 6))).toThrow(p.errors.feature![1]);
    const enc = new nn.TransformerEncoder(new nn.TransformerEncoderLayer(8, 2, 12, 0.0, { batchFirst: true }), 1);
    expect(() => enc(torch.randn(3, 5, 8), torch.ones([5, 5], { dtype: 'int64' }))).toThrow(new TypeError(p.errors.maskType![1]));
    expect(() => new nn.TransformerEncoderLayer({ dModel: 8 } as { dModel: number; nhead: number })).toThrow("TransformerEncoderLayer(): missing required argument 'nhead'");
    expect(() => new nn.TransformerDecoder({ numLayers: 2 } as { decoderLayer: nn.Module; numLayers: number })).toThrow("TransformerDecoder(): missing required argument 'decoderLayer'");
    expect(() => new nn.Transformer({ dmodel: 8 } as object)).toThrow(/unknown option 'dmodel'/);
    expect(() => enc(torch.randn(3, 5, 8), { srcMask: null } as object)).toThrow(/unknown option 'srcMask'/);
  });
});
