import { beforeAll, describe, expect, it } from 'vitest';
import * as torch from '../../../lib/torch.js';
import * as nn from '../../../lib/nn/index.js';
import { oracleBatch } from '../../helpers/python.js';
import { expectClose } from '../helpers.js';

// Python's results for this file, computed in one python3 run (test/oracles/nn/modules/transformer.py).
const oracle = oracleBatch<{
  results: Record<string, unknown> & { keys: string[]; repr: string[]; same: boolean };
  full: Record<string, unknown> & { keys: string[] };
}>({
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
