import { beforeAll, describe, expect, it } from 'vitest';
import * as torch from '../../../lib/torch.js';
import * as nn from '../../../lib/nn/index.js';
import { oracle } from '../../helpers/python.js';
import { expectEachClose } from '../helpers.js';

let py: { ln: Record<string, unknown>; gn: Record<string, unknown>; gnrepr: string[] };
beforeAll(() => { py = oracle('nn/modules/normalization', 'results'); });

describe('normalization layers equal PyTorch', () => {
  it('LayerNorm over several dimensions, and without bias', () => {
    torch.manualSeed(1);
    const x = torch.randn(4, 3, 8, 8);
    expectEachClose({ ln: new nn.LayerNorm([8, 8])(x), lnNoBias: new nn.LayerNorm(8, { bias: false })(x) }, py.ln);
  });

  it('GroupNorm with and without affine parameters: forward and repr', () => {
    torch.manualSeed(11);
    const x = torch.randn(2, 4, 5, 5);
    const gn = new nn.GroupNorm(2, 4);
    const gn2 = new nn.GroupNorm(4, 4, { affine: false });
    expectEachClose({ gn: gn(x), gn2: gn2(x) }, py.gn);
    expect([gn, gn2].map(String)).toEqual(py.gnrepr);
  });
});
