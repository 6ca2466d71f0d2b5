// optim.Adafactor against PyTorch run live, through the shared optimizer table (test/helpers/optim.ts):
// the factored second moment of the [3, 4] and [2, 2] parameters, the plain one of the [5] one.
import { describe, expect, it } from 'vitest';
import * as torch from '../../lib/torch.js';
import * as optim from '../../lib/optim/index.js';
import { describeOptimizerTable } from '../helpers/optim.js';

describeOptimizerTable('optim/adafactor', {
  cases: [
    { name: 'Adafactor default', cls: 'Adafactor', options: {} },
    { name: 'Adafactor lr beta2Decay eps d weightDecay maximize', cls: 'Adafactor', options: { lr: 0.05, beta2Decay: -0.5, eps: [1e-20, 1e-2], d: 1.5, weightDecay: 0.1, maximize: true } },
    // A large lr: rho_t is 1/sqrt(step), and d = 1 clips the update.
    { name: 'Adafactor large lr', cls: 'Adafactor', options: { lr: 1 } },
    { name: 'Adafactor float64 two groups', cls: 'Adafactor', options: { lr: 0.02, weightDecay: 0.01 }, dtype: 'float64', groups: true },
  ],
  bad: [['Adafactor', { lr: -1 }], ['Adafactor', { beta2Decay: 0.5 }], ['Adafactor', { eps: [-1, 1e-3] }], ['Adafactor', { eps: [null, -1] }], ['Adafactor', { d: 0.5 }], ['Adafactor', { weightDecay: -1 }]],
  defaults: { Adafactor: ['foreach'] },
});

describe('Adafactor options and errors', () => {
  it('takes Python\'s positional arguments and refuses what PyTorch refuses', () => {
    const p = torch.zeros(2, 3).requiresGrad_();
    const opt = new optim.Adafactor([p], 0.1, -0.6, [null, 1e-4], 2, 0.5);
    expect(opt.paramGroups[0]).toMatchObject({ lr: 0.1, beta2Decay: -0.6, eps: [null, 1e-4], d: 2, weightDecay: 0.5, maximize: false });
    expect(() => new optim.Adafactor([p], { beta2_decay: -0.8 } as never)).toThrow(/did you mean beta2Decay/);
    expect(() => new optim.Adafactor([p], { eps: 1e-3 } as never)).toThrow(TypeError);
    expect(() => new optim.Adafactor([torch.zeros(2, { dtype: 'complex64' }).requiresGrad_()]).step()).not.toThrow();
    const c = torch.zeros(2, { dtype: 'complex64' }).requiresGrad_();
    c.grad = torch.zeros(2, { dtype: 'complex64' });
    expect(() => new optim.Adafactor([c]).step()).toThrow('Adafactor does not support complex parameters');
    p.grad = torch.sparseCooTensor(torch.tensor([[0]], { dtype: 'int64' }), torch.ones(1, 3), [2, 3]);
    expect(() => new optim.Adafactor([p]).step()).toThrow('Adafactor does not support sparse gradients');
  });
});
