// optim.RAdam against PyTorch run live, through the shared optimizer table (test/helpers/optim.ts).
import { describe, expect, it } from 'vitest';
import * as torch from '../../lib/torch.js';
import * as optim from '../../lib/optim/index.js';
import { describeOptimizerTable } from '../helpers/optim.js';

describeOptimizerTable('optim/radam', {
  cases: [
    { name: 'RAdam default', cls: 'RAdam', options: {} },
    // beta2 = 0.9 makes rho_t pass 5 at step 6, so both branches run.
    { name: 'RAdam betas weightDecay maximize', cls: 'RAdam', options: { lr: 0.01, betas: [0.8, 0.9], eps: 1e-6, weightDecay: 0.1, maximize: true } },
    { name: 'RAdam decoupledWeightDecay', cls: 'RAdam', options: { lr: 0.01, betas: [0.9, 0.9], weightDecay: 0.1, decoupledWeightDecay: true } },
    { name: 'RAdam float64', cls: 'RAdam', options: { lr: 0.01, betas: [0.9, 0.95] }, dtype: 'float64' },
  ],
  bad: [['RAdam', { lr: -1 }], ['RAdam', { betas: [-0.1, 0.9] }], ['RAdam', { weightDecay: -0.5 }], ['RAdam', { eps: -3 }]],
  defaults: { RAdam: ['foreach', 'capturable', 'differentiable'] },
});

describe('RAdam option checking', () => {
  it('rejects unknown options and wrong types with TypeErrors naming them', () => {
    const p = torch.zeros(2).requiresGrad_();
    expect(() => new optim.RAdam([p], { decoupled_weight_decay: true } as never)).toThrow(/did you mean decoupledWeightDecay/);
    expect(() => new optim.RAdam([p], { maximize: 'yes' } as never)).toThrow(TypeError);
    // Per-group options are checked too.
    expect(() => new optim.RAdam([{ params: [p], betas: [0.9, 2] as [number, number] }])).toThrow(/Invalid beta parameter at index 1: 2/);
  });
});
