import { describe, expect, it } from 'vitest';
import * as torch from '../../../lib/torch.js';
import * as nn from '../../../lib/nn/index.js';

describe('Flatten and Unflatten', () => {
  it('Flatten and Unflatten reshape as PyTorch', () => {
    expect(new nn.Flatten()(torch.zeros(2, 3, 4, 5)).shape).toEqual([2, 60]);
    expect(new nn.Flatten(0, 1)(torch.zeros(2, 3, 4)).shape).toEqual([6, 4]);
    expect(new nn.Unflatten(1, [3, 4])(torch.zeros(2, 12)).shape).toEqual([2, 3, 4]);
  });
});
