import { beforeAll, describe, expect, it } from 'vitest';
import * as torch from '../../../lib/torch.js';
import * as nn from '../../../lib/nn/index.js';
import { oracle } from '../../helpers/python.js';
import { expectEachClose } from '../helpers.js';

const F = nn.functional;

// Dropout masks come from the generator: the same seed gives PyTorch's masks, and the generator
// is left in the same state (the draw after them agrees).
let py: { elements: Record<string, unknown>; channels: Record<string, unknown>; repr: string[] };
beforeAll(() => { py = oracle('nn/modules/dropout', 'results'); });

describe('dropout equals PyTorch', () => {
  it('Dropout and F.dropout draw the same masks for the same seed', () => {
    torch.manualSeed(5);
    const d = new nn.Dropout(0.3);
    const drop = d(torch.ones(4, 5));
    const dropF = F.dropout(torch.ones(6), 0.5);
    expectEachClose({ drop, dropF, after: torch.rand(2) }, py.elements);
  });

  it('Dropout1d and Dropout2d zero whole channels (also unbatched): masks and repr', () => {
    torch.manualSeed(11);
    const d1 = new nn.Dropout1d(0.5);
    const d2 = new nn.Dropout2d(0.3);
    expectEachClose({ d1: d1(torch.ones(2, 6, 3)), d2: d2(torch.ones(2, 6, 2, 2)), d1nb: d1(torch.ones(6, 3)) }, py.channels);
    expect([d1, d2].map(String)).toEqual(py.repr);
  });

  it('Dropout is the identity in eval mode and with p = 0; inplace modifies the input', () => {
    const x = torch.randn(10, 10);
    const d = new nn.Dropout(0.5);
    d.eval();
    expect(d(x)).toBe(x);
    expect(F.dropout(x, { p: 0.5, training: false }).equal(x)).toBe(true);
    const ones = torch.ones(100);
    const same = new nn.Dropout({ p: 0.5, inplace: true })(ones);
    expect(same).toBe(ones);
    expect(new Set(ones.tolist() as number[])).toEqual(new Set([0, 2]));
  });
});
