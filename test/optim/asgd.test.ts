// optim.ASGD against PyTorch run live, through the shared optimizer table (test/helpers/optim.ts).
import { describe, expect, it } from 'vitest';
import * as torch from '../../lib/torch.js';
import * as optim from '../../lib/optim/index.js';
import { describeOptimizerTable } from '../helpers/optim.js';

describeOptimizerTable('optim/asgd', {
  cases: [
    { name: 'ASGD default', cls: 'ASGD', options: {} },
    // t0 = 5: averaging starts at step 6 (mu < 1), so both branches run.
    { name: 'ASGD lambd alpha t0 weightDecay maximize', cls: 'ASGD', options: { lr: 0.05, lambd: 0.01, alpha: 0.6, t0: 5, weightDecay: 0.1, maximize: true } },
    { name: 'ASGD float64 t0', cls: 'ASGD', options: { lr: 0.03, lambd: 0.002, t0: 3 }, dtype: 'float64' },
  ],
  bad: [['ASGD', { lr: -1 }], ['ASGD', { weightDecay: -0.5 }]],
  defaults: { ASGD: ['foreach', 'capturable', 'differentiable'] },
});

describe('ASGD options', () => {
  it('rejects unknown options and wrong types with TypeErrors naming them', () => {
    const p = torch.zeros(2).requiresGrad_();
    expect(() => new optim.ASGD([p], { weight_decay: 1 } as never)).toThrow(/ASGD: unknown option 'weight_decay' \(did you mean weightDecay\?\)/);
    expect(() => new optim.ASGD([p], { t0: '5' } as never)).toThrow(/ASGD: option t0 must be a number/);
    expect(() => new optim.ASGD([p], { maximize: 1 } as never)).toThrow(/ASGD: option maximize must be a boolean/);
    expect(() => new optim.ASGD([{ params: [p], lr: -2 }])).toThrow(/Invalid learning rate: -2/);
  });
});
