// optim.Adadelta against PyTorch run live, through the shared optimizer table (test/helpers/optim.ts).
import { describe, expect, it } from 'vitest';
import * as torch from '../../lib/torch.js';
import * as optim from '../../lib/optim/index.js';
import { describeOptimizerTable } from '../helpers/optim.js';

describeOptimizerTable('optim/adadelta', {
  cases: [
    { name: 'Adadelta default', cls: 'Adadelta', options: {} },
    { name: 'Adadelta rho eps weightDecay maximize', cls: 'Adadelta', options: { lr: 0.5, rho: 0.8, eps: 1e-5, weightDecay: 0.1, maximize: true } },
    { name: 'Adadelta float64 weightDecay', cls: 'Adadelta', options: { lr: 0.7, weightDecay: 0.05 }, dtype: 'float64' },
  ],
  bad: [['Adadelta', { lr: -1 }], ['Adadelta', { rho: 1.5 }], ['Adadelta', { rho: -0.1 }], ['Adadelta', { eps: -0.001 }], ['Adadelta', { weightDecay: -0.1 }]],
  defaults: { Adadelta: ['foreach', 'capturable', 'differentiable'] },
});

describe('Adadelta option checking', () => {
  it('rejects unknown options and wrong types with TypeErrors naming them', () => {
    const p = torch.zeros(2).requiresGrad_();
    expect(() => new optim.Adadelta([p], { foreach: true } as never)).toThrow(/Adadelta: unknown option 'foreach'/);
    expect(() => new optim.Adadelta([p], { rho: '0.9' } as never)).toThrow(/Adadelta: option rho must be a number/);
    // Per-group options are checked too.
    const q = torch.zeros(1).requiresGrad_();
    const opt = new optim.Adadelta([p]);
    expect(() => opt.addParamGroup({ params: [q], rho: 2 })).toThrow(/Invalid rho value: 2/);
  });
});
