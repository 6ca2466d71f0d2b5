import { beforeAll, describe, expect, it } from 'vitest';
import * as torch from '../../../lib/torch.js';
import * as nn from '../../../lib/nn/index.js';
import { oracle } from '../../helpers/python.js';
import { expectEachClose } from '../helpers.js';

let py: { o: Record<string, unknown>; repr: string[] };
beforeAll(() => { py = oracle('nn/modules/distance', 'results'); });

describe('distances equal PyTorch', () => {
  it('CosineSimilarity and PairwiseDistance: forward and repr', () => {
    torch.manualSeed(12);
    const a = torch.randn(4, 6); const b = torch.randn(4, 6);
    expectEachClose({ cos: new nn.CosineSimilarity()(a, b), pd: new nn.PairwiseDistance(1.0, { keepdim: true })(a, b) }, py.o);
    expect([new nn.CosineSimilarity(), new nn.PairwiseDistance()].map(String)).toEqual(py.repr);
  });
});
