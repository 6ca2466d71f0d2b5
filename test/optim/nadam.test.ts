// optim.NAdam against PyTorch run live, through the shared optimizer table (test/helpers/optim.ts).
import { describe, expect, it } from 'vitest';
import * as torch from '../../lib/torch.js';
import * as optim from '../../lib/optim/index.js';
import { describeOptimizerTable } from '../helpers/optim.js';

describeOptimizerTable('optim/nadam', {
  cases: [
    { name: 'NAdam default', cls: 'NAdam', options: {} },
    { name: 'NAdam weightDecay momentumDecay maximize', cls: 'NAdam', options: { lr: 0.01, betas: [0.85, 0.99], weightDecay: 0.1, momentumDecay: 0.01, maximize: true } },
    { name: 'NAdam decoupledWeightDecay', cls: 'NAdam', options: { lr: 0.01, weightDecay: 0.1, decoupledWeightDecay: true } },
    { name: 'NAdam float64 decoupledWeightDecay', cls: 'NAdam', options: { lr: 0.01, weightDecay: 0.05, decoupledWeightDecay: true }, dtype: 'float64' },
  ],
  bad: [['NAdam', { lr: -1 }], ['NAdam', { betas: [0.9, 1.0] }], ['NAdam', { weightDecay: -2 }], ['NAdam', { momentumDecay: -0.004 }], ['NAdam', { eps: -1 }]],
  defaults: { NAdam: ['foreach', 'capturable', 'differentiable'] },
});

describe('NAdam option checking', () => {
  it('rejects unknown options and wrong types with TypeErrors naming them', () => {
    const p = torch.zeros(2).requiresGrad_();
    expect(() => new optim.NAdam([p], { momentum_decay: 0.1 } as never)).toThrow(/NAdam: unknown option 'momentum_decay' \(did you mean momentumDecay\?\)/);
    expect(() => new optim.NAdam([p], { decoupledWeightDecay: 1 } as never)).toThrow(/NAdam: option decoupledWeightDecay must be a boolean/);
  });
});
