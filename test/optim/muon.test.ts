// optim.Muon against PyTorch run live, through the shared optimizer table (test/helpers/optim.ts),
// on 2-D parameters, wide, tall and square (the Newton-Schulz iteration transposes tall ones).
import { describe, expect, it } from 'vitest';
import * as torch from '../../lib/torch.js';
import * as optim from '../../lib/optim/index.js';
import { oracle } from '../helpers/python.js';
import { describeOptimizerTable } from '../helpers/optim.js';

const SHAPES = [[3, 4], [5, 2], [2, 2]];

describeOptimizerTable('optim/muon', {
  cases: [
    { name: 'Muon default', cls: 'Muon', options: {}, shapes: SHAPES },
    { name: 'Muon no nesterov, match_rms_adamw', cls: 'Muon', options: { lr: 0.02, weightDecay: 0.01, momentum: 0.9, nesterov: false, adjustLrFn: 'match_rms_adamw' }, shapes: SHAPES },
    { name: 'Muon nsCoefficients nsSteps eps', cls: 'Muon', options: { lr: 0.05, nsCoefficients: [3, -3.2, 1.2], nsSteps: 3, eps: 1e-5 }, shapes: SHAPES },
    { name: 'Muon float64 two groups', cls: 'Muon', options: { lr: 0.01, adjustLrFn: 'original' }, dtype: 'float64', groups: true, shapes: SHAPES },
  ],
  bad: [['Muon', { lr: -1 }], ['Muon', { momentum: -0.5 }], ['Muon', { weightDecay: -1 }], ['Muon', { adjustLrFn: 'other' }]],
  defaults: { Muon: [] },
});

describe('Muon parameters and errors', () => {
  it("refuses parameters that are not 2-D and too many Newton-Schulz steps with PyTorch's messages", () => {
    const [oneD, steps] = oracle<[string, string]>('optim/muon', 'errors');
    expect(() => new optim.Muon([torch.zeros(2, 2).requiresGrad_(), torch.zeros(5).requiresGrad_()])).toThrow(oneD);
    const p = torch.zeros(2, 3).requiresGrad_();
    p.grad = torch.ones(2, 3);
    expect(() => new optim.Muon([p], { nsSteps: 100 }).step()).toThrow(steps);
    expect(() => new optim.Muon([p], { ns_steps: 3 } as never)).toThrow(/did you mean nsSteps/);
    // Python's positional order: lr, weight_decay, momentum, nesterov, ns_coefficients, eps, ns_steps, adjust_lr_fn.
    const opt = new optim.Muon([p], 0.02, 0.01, 0.9, false, [3, -3.2, 1.2], 1e-5, 3, 'match_rms_adamw');
    expect(opt.paramGroups[0]).toMatchObject({ lr: 0.02, weightDecay: 0.01, momentum: 0.9, nesterov: false, nsCoefficients: [3, -3.2, 1.2], eps: 1e-5, nsSteps: 3, adjustLrFn: 'match_rms_adamw' });
  });
});
