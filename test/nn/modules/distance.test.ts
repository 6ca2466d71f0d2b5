import { beforeAll, describe, expect, it } from 'vitest';
import * as torch from '../../../lib/torch.js';
import * as nn from '../../../lib/nn/index.js';
import { python } from '../../helpers/python.js';
import { expectEachClose } from '../helpers.js';

const PY = `
nn = torch.nn
torch.manual_seed(12)
a = torch.randn(4, 6); b = torch.randn(4, 6)
print(json.dumps({
  'o': {'cos': nn.CosineSimilarity()(a, b).tolist(), 'pd': nn.PairwiseDistance(p=1.0, keepdim=True)(a, b).tolist()},
  'repr': [repr(nn.CosineSimilarity()), repr(nn.PairwiseDistance())],
}))
`;

let py: { o: Record<string, unknown>; repr: string[] };
beforeAll(() => { py = python(PY); });

describe('distances equal PyTorch', () => {
  it('CosineSimilarity and PairwiseDistance: forward and repr', () => {
    torch.manualSeed(12);
    const a = torch.randn(4, 6); const b = torch.randn(4, 6);
    expectEachClose({ cos: new nn.CosineSimilarity()(a, b), pd: new nn.PairwiseDistance(1.0, { keepdim: true })(a, b) }, py.o);
    expect([new nn.CosineSimilarity(), new nn.PairwiseDistance()].map(String)).toEqual(py.repr);
  });
});
