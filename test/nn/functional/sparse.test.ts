import { beforeAll, describe, expect, it } from 'vitest';
import * as torch from '../../../lib/torch.js';
import * as nn from '../../../lib/nn/index.js';
import type { Tensor } from '../../../lib/torch.js';
import { oracles } from '../../helpers/python.js';
import { expectClose, expectEachClose } from '../helpers.js';

const F = nn.functional;
const INDICES = [3, 0, 5, 5, 2, 1, 4, 0];

/** One case, run on both sides: F[fn](indices viewed as `shape`, a seeded randn(6, 3) weight, ...args, kwargs). */
interface SparseCase { name: string; fn: 'embedding' | 'embeddingBag'; shape: number[]; args?: unknown[]; kwargs?: Record<string, unknown>; offsets?: number[]; psw?: boolean; seed?: number }

const table: SparseCase[] = [
  { name: 'embedding', fn: 'embedding', shape: [2, 4] },
  { name: 'embeddingPadding', fn: 'embedding', shape: [8], args: [-1, null, 2, true] },
  { name: 'embeddingKw', fn: 'embedding', shape: [2, 4], kwargs: { paddingIdx: 0, scaleGradByFreq: true } },
  { name: 'bagMean2d', fn: 'embeddingBag', shape: [2, 4] },
  { name: 'bagSum', fn: 'embeddingBag', shape: [8], offsets: [0, 2, 2, 5], kwargs: { mode: 'sum' } },
  { name: 'bagMax', fn: 'embeddingBag', shape: [8], offsets: [0, 3, 6], kwargs: { mode: 'max' }, seed: 1 },
  { name: 'bagPsw', fn: 'embeddingBag', shape: [8], offsets: [0, 4], psw: true, kwargs: { mode: 'sum' }, seed: 2 },
  { name: 'bagPsw2d', fn: 'embeddingBag', shape: [4, 2], psw: true, kwargs: { mode: 'sum', paddingIdx: 5 }, seed: 3 },
  { name: 'bagLastOffset', fn: 'embeddingBag', shape: [8], offsets: [0, 3, 8], kwargs: { includeLastOffset: true, paddingIdx: 0 }, seed: 4 },
];

let py: Record<string, { out: unknown; grad: unknown; pswGrad?: unknown }>;
let pyExtras: { renorm: unknown; renormBag: unknown; oneHot: unknown; oneHot5: unknown; pad: string };
beforeAll(() => {
  [py, pyExtras] = oracles<[typeof py, typeof pyExtras]>([['nn/functional/sparse', 'cases', table], ['nn/functional/sparse', 'extras']]);
});

describe('F.embedding, F.embeddingBag and F.oneHot equal PyTorch', () => {
  it.each(table.map((c) => [c.name, c] as const))('%s: values and gradients', (_name, c) => {
    torch.manualSeed(c.seed ?? 0);
    const w = torch.randn([6, 3], { requiresGrad: true });
    const x = torch.tensor(INDICES.map(BigInt)).view(...c.shape);
    const kwargs: Record<string, unknown> = { ...c.kwargs };
    let psw: Tensor | null = null;
    if (c.psw) kwargs.perSampleWeights = psw = torch.randn(c.shape).requiresGrad_();
    if (c.offsets) kwargs.offsets = torch.tensor(c.offsets.map(BigInt));
    const fn = F[c.fn] as (...a: unknown[]) => Tensor;
    const y = fn(x, w, ...(c.args ?? []), kwargs);
    y.backward(torch.randnLike(y));
    const want = py[c.name]!;
    expectEachClose({ out: y, grad: w.grad }, { out: want.out, grad: want.grad });
    if (psw !== null) expectClose(psw.grad, want.pswGrad);
  });

  it('maxNorm renormalises the rows it reads in place; oneHot; PyTorch\'s message for a bad paddingIdx', () => {
    torch.manualSeed(1);
    const w = torch.randn(6, 3).mul(2);
    F.embedding(torch.tensor([1n, 4n]), w, { maxNorm: 1.5 });
    const w2 = torch.randn(6, 3).mul(2);
    F.embeddingBag(torch.tensor([[0n, 2n], [2n, 5n]]), w2, { maxNorm: 1.0, normType: 1.0 });
    expectEachClose({ renorm: w, renormBag: w2, oneHot: F.oneHot(torch.tensor([0n, 3n, 1n])), oneHot5: F.oneHot(torch.tensor([[0n], [2n]]), 5) },
      { renorm: pyExtras.renorm, renormBag: pyExtras.renormBag, oneHot: pyExtras.oneHot, oneHot5: pyExtras.oneHot5 });
    expect(pyExtras.pad).toMatch(/Padding_idx must be within num_embeddings/);
    expect(() => F.embedding(torch.tensor([1n]), w, { paddingIdx: 6 })).toThrow(/paddingIdx must be within num_embeddings/);
    // The old argument order (weight first) still works, as in PyTorch.
    const ids = torch.tensor([[0n, 2n], [2n, 5n]]);
    expectClose(F.embeddingBag(w2, ids), F.embeddingBag(ids, w2).tolist());
  });
});
