import { beforeAll, describe, it } from 'vitest';
import * as torch from '../../../lib/torch.js';
import * as nn from '../../../lib/nn/index.js';
import { oracle } from '../../helpers/python.js';
import { expectEachClose } from '../helpers.js';

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
