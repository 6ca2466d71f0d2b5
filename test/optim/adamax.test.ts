// optim.Adamax against PyTorch run live, through the shared optimizer table (test/helpers/optim.ts).
import { describe, expect, it } from 'vitest';
import * as torch from '../../lib/torch.js';
import * as optim from '../../lib/optim/index.js';
import { describeOptimizerTable } from '../helpers/optim.js';

describeOptimizerTable('optim/adamax', {
  cases: [
    { name: 'Adamax default', cls: 'Adamax', options: {} },
    { name: 'Adamax betas eps weightDecay maximize', cls: 'Adamax', options: { lr: 0.01, betas: [0.8, 0.95], eps: 1e-6, weightDecay: 0.1, maximize: true } },
    { name: 'Adamax float64', cls: 'Adamax', options: { lr: 0.02, weightDecay: 0.01 }, dtype: 'float64' },
  ],
  bad: [['Adamax', { lr: -0.01 }], ['Adamax', { eps: -1 }], ['Adamax', { betas: [1.0, 0.9] }], ['Adamax', { betas: [0.9, -0.5] }], ['Adamax', { weightDecay: -1 }]],
  defaults: { Adamax: ['foreach', 'capturable', 'differentiable'] },
});

describe('Adamax option checking', () => {
  it('rejects unknown options and wrong types with TypeErrors naming them', () => {
    const p = torch.zeros(2).requiresGrad_();
    expect(() => new optim.Adamax([p], { capturable: true } as never)).toThrow(TypeError);
    expect(() => new optim.Adamax([p], { betas: [0.9] } as never)).toThrow(/Adamax: option betas must be an array of two numbers/);
  });
});
