import { describe, expect, it } from 'vitest';
import * as torch from '../../lib/torch.js';
import * as nn from '../../lib/nn/index.js';

describe('Parameter', () => {
  it('shares data with the tensor it wraps and prints as PyTorch', () => {
    const t = torch.zeros(2);
    const p = new nn.Parameter(t);
    expect(p.requiresGrad).toBe(true);
    expect(t.requiresGrad).toBe(false);
    t.add_(1);
    expect(p.tolist()).toEqual([1, 1]);
    expect(String(p)).toBe('Parameter containing:\ntensor([1., 1.], requires_grad=True)');
    expect(new nn.Parameter(torch.zeros(1), false).requiresGrad).toBe(false);
    expect(new nn.Parameter().shape).toEqual([0]);
    expect(p.mul(2)).not.toBeInstanceOf(nn.Parameter);
  });
});
