import { beforeAll, describe, expect, it } from 'vitest';
import * as torch from '../../../lib/torch.js';
import * as nn from '../../../lib/nn/index.js';
import { oracle } from '../../helpers/python.js';
import { expectClose } from '../helpers.js';

let py: number[][];
beforeAll(() => { py = oracle('nn/modules/linear', 'results'); });

describe('Linear and Identity equal PyTorch (same seed, default init)', () => {
  it('Linear forward after default init; Identity returns its input', () => {
    torch.manualSeed(1);
    const a = torch.randn(3, 4);
    expectClose(new nn.Linear(4, 2)(a), py);
    expect(new nn.Identity()(a)).toBe(a);
  });
});
