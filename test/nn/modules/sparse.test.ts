import { beforeAll, describe, expect, it } from 'vitest';
import * as torch from '../../../lib/torch.js';
import * as nn from '../../../lib/nn/index.js';
import { oracle, oracleBatch } from '../../helpers/python.js';
import { expectClose, expectEachClose } from '../helpers.js';

let py: Record<string, unknown>;
beforeAll(() => { py = oracle('nn/modules/sparse', 'results'); });

describe('Embedding equals PyTorch (same seed, default init)', () => {
  it('paddingIdx (zero row, no gradient) and maxNorm (renormalises the weight rows it reads)', () => {
    const o: Record<string, unknown> = {};
    torch.manualSeed(1);
    const emb = new nn.Embedding(7, 4, { paddingIdx: 2 });
    const idx = torch.tensor([[0n, 2n, 6n], [1n, 1n, 3n]]);
    o.emb = emb(idx);
    emb(idx).sum().backward(); o.embGrad = emb.weight.grad;
    const embn = new nn.Embedding(5, 3, { maxNorm: 1.0 });
    o.embMaxNorm = embn(torch.tensor([0n, 4n])); o.embMaxNormW = embn.weight;
    expectEachClose(o, py);
  });
});

/** One EmbeddingBag case, run on both sides (test/oracles/nn/modules/sparse.py `bags`). */
interface BagCase { name: string; args?: unknown[]; kwargs?: Record<string, unknown>; input: '1d' | '2d'; offsets?: number[]; psw?: boolean; seed?: number }

const BAG_INDICES = [1, 2, 4, 5, 4, 3, 2, 9, 0, 7];
const BAG_OFFSETS = [0, 4, 4, 7];

const BAGS: BagCase[] = [
  { name: 'mean (default), 1-D with an empty bag', args: [10, 3], input: '1d' },
  { name: 'sum by keyword, 2-D', kwargs: { numEmbeddings: 10, embeddingDim: 4, mode: 'sum' }, input: '2d', seed: 1 },
  { name: 'max', args: [10, 3], kwargs: { mode: 'max' }, input: '1d', seed: 2 },
  { name: 'sum with perSampleWeights', args: [10, 2, null, 2, false, 'sum'], input: '1d', psw: true, seed: 3 },
  { name: 'perSampleWeights, 2-D', kwargs: { numEmbeddings: 10, embeddingDim: 2, mode: 'sum' }, input: '2d', psw: true, seed: 4 },
  { name: 'includeLastOffset', kwargs: { numEmbeddings: 10, embeddingDim: 3, includeLastOffset: true }, input: '1d', offsets: [0, 3, 6, 10], seed: 5 },
  { name: 'paddingIdx (negative)', kwargs: { numEmbeddings: 10, embeddingDim: 3, paddingIdx: -6, mode: 'sum' }, input: '1d', seed: 6 },
  { name: 'paddingIdx in mean mode', args: [10, 3], kwargs: { paddingIdx: 2 }, input: '2d', seed: 7 },
  { name: 'maxNorm, normType, scaleGradByFreq', kwargs: { numEmbeddings: 10, embeddingDim: 3, maxNorm: 0.5, normType: 1.5, scaleGradByFreq: true }, input: '1d', seed: 8 },
];

const bagPy = oracleBatch<{
  keywords: { weight: unknown; repr: string; paddingIdx: number; pRepr: string; pGrad: boolean; qGrad: boolean; qRepr: string };
  bags: Record<string, { out: unknown; grad: unknown; weight: unknown; repr: string; keys: string[]; pswGrad?: unknown }>;
  extras: { p: unknown; pRepr: string; pGrad: boolean; q: unknown; qRepr: string; qGrad: boolean; errors: string[] };
}>({
  keywords: ['nn/modules/sparse', 'keywords'],
  bags: ['nn/modules/sparse', 'bags', BAGS],
  extras: ['nn/modules/sparse', 'bag_extras'],
});

describe('Embedding by keyword', () => {
  it('every argument by name, negative paddingIdx, repr; fromPretrained positionally or by keyword', () => {
    const want = bagPy().keywords;
    torch.manualSeed(3);
    const a = new nn.Embedding({ numEmbeddings: 6, embeddingDim: 3, paddingIdx: -1, maxNorm: 2, normType: 1.5, scaleGradByFreq: true });
    expectClose(a.weight, want.weight);
    expect(a.paddingIdx).toBe(want.paddingIdx);
    // Python prints the max_norm it was given (the int 2); numbers here carry no int/float type.
    expect(String(a).replace('max_norm=2.0', 'max_norm=2')).toBe(want.repr);
    const w = torch.arange(12, { dtype: 'float32' }).view(4, 3);
    const p = nn.Embedding.fromPretrained({ embeddings: w, freeze: false, paddingIdx: 1, sparse: true });
    expect(String(p)).toBe(want.pRepr);
    expect(p.weight.requiresGrad).toBe(want.pGrad);
    const q = nn.Embedding.fromPretrained(w);
    expect(q.weight.requiresGrad).toBe(want.qGrad);
    expect(String(q)).toBe(want.qRepr);
    expect(nn.Embedding.fromPretrained(w, false).weight.requiresGrad).toBe(true);
    expect(() => new nn.Embedding({ numEmbeddings: 3 } as never)).toThrow(/embeddingDim/);
    expect(() => new nn.Embedding(3, 2, { padding: 1 } as never)).toThrow(/unknown option 'padding'/);
    expect(() => nn.Embedding.fromPretrained(torch.ones(3))).toThrow('Embeddings parameter is expected to be 2-dimensional');
  });
});

describe('EmbeddingBag equals PyTorch', () => {
  it('both sides ran the same cases', () => {
    expect(Object.keys(bagPy().bags)).toEqual(BAGS.map((c) => c.name));
  });
  for (const c of BAGS) {
    it(c.name, () => {
      const want = bagPy().bags[c.name]!;
      torch.manualSeed(c.seed ?? 0);
      const m = new nn.EmbeddingBag(...([...(c.args ?? []), ...(c.kwargs ? [c.kwargs] : [])] as [number, number]));
      const ids = torch.tensor(BAG_INDICES.map(BigInt));
      const x = c.input === '2d' ? ids.view(2, 5) : ids;
      const offsets = c.input === '2d' ? null : torch.tensor((c.offsets ?? BAG_OFFSETS).map(BigInt));
      const psw = c.psw ? torch.randn(x.shape).requiresGrad_() : null;
      const y = psw === null ? m(x, offsets) : offsets === null ? m(x, { perSampleWeights: psw }) : m(x, offsets, { perSampleWeights: psw });
      y.backward(torch.randnLike(y));
      expectEachClose({ out: y, grad: m.weight.grad, weight: m.weight }, { out: want.out, grad: want.grad, weight: want.weight });
      if (psw !== null) expectClose(psw.grad, want.pswGrad);
      expect(String(m)).toBe(want.repr);
      expect(Object.keys(m.stateDict())).toEqual(want.keys);
    });
  }

  it('fromPretrained (frozen or not) and PyTorch\'s messages for bad arguments', () => {
    const want = bagPy().extras;
    const w = torch.arange(12, { dtype: 'float32' }).view(4, 3);
    const p = nn.EmbeddingBag.fromPretrained(w, { mode: 'max' });
    const q = nn.EmbeddingBag.fromPretrained({ embeddings: w, freeze: false, mode: 'sum', paddingIdx: 0, includeLastOffset: true });
    const x = torch.tensor([0n, 1n, 3n, 2n, 1n]);
    const o = torch.tensor([0n, 2n, 5n]);
    expectEachClose({ p: p(x, o.narrow(0, 0, 2)), q: q(x, o) }, { p: want.p, q: want.q });
    expect([String(p), String(q), p.weight.requiresGrad, q.weight.requiresGrad]).toEqual([want.pRepr, want.qRepr, want.pGrad, want.qGrad]);
    const F = nn.functional;
    const [twoD, noOffsets, maxFreq, pswMean, pswShape, threeD, weight1d] = want.errors;
    expect(() => F.embeddingBag(x.view(1, 5), w, o)).toThrow(twoD!.replace("<class 'torch.Tensor'>", 'Tensor'));
    expect(() => F.embeddingBag(x, w)).toThrow(noOffsets);
    expect(() => F.embeddingBag(x, w, o, { mode: 'max', scaleGradByFreq: true })).toThrow(maxFreq);
    expect(() => F.embeddingBag(x, w, o, { mode: 'mean', perSampleWeights: torch.ones(5) })).toThrow(pswMean);
    expect(() => F.embeddingBag(x, w, o, { mode: 'sum', perSampleWeights: torch.ones(4) })).toThrow(pswShape);
    expect(() => F.embeddingBag(x.view(1, 1, 5), w)).toThrow(threeD);
    expect(() => F.embeddingBag(x, w.view(-1), o)).toThrow(weight1d);
    expect(() => F.embeddingBag(x, w, o, { mode: 'min' as never })).toThrow(/mode must be one of 'sum', 'mean', 'max'/);
  });
});
