// optim.Rprop against PyTorch run live, through the shared optimizer table (test/helpers/optim.ts).
import { describe, expect, it } from 'vitest';
import * as torch from '../../lib/torch.js';
import * as optim from '../../lib/optim/index.js';
import { describeOptimizerTable } from '../helpers/optim.js';

describeOptimizerTable('optim/rprop', {
  cases: [
    { name: 'Rprop default', cls: 'Rprop', options: {} },
    { name: 'Rprop etas stepSizes maximize', cls: 'Rprop', options: { lr: 0.05, etas: [0.3, 1.5], stepSizes: [1e-3, 0.2], maximize: true } },
    { name: 'Rprop float64', cls: 'Rprop', options: { lr: 0.02, etas: [0.4, 1.1] }, dtype: 'float64' },
  ],
  bad: [['Rprop', { lr: -1 }], ['Rprop', { etas: [1.5, 2] }], ['Rprop', { etas: [0.5, 0.9] }], ['Rprop', { etas: [0, 1.2] }]],
  defaults: { Rprop: ['foreach', 'capturable', 'differentiable'] },
});

describe('Rprop options', () => {
  it('rejects unknown options and wrong types with TypeErrors naming them', () => {
    const p = torch.zeros(2).requiresGrad_();
    expect(() => new optim.Rprop([p], { step_sizes: [1, 2] } as never)).toThrow(/Rprop: unknown option 'step_sizes' \(did you mean stepSizes\?\)/);
    expect(() => new optim.Rprop([p], { etas: [0.5] } as never)).toThrow(/Rprop: option etas must be an array of two numbers/);
    expect(() => new optim.Rprop([p], { maximize: 1 } as never)).toThrow(/Rprop: option maximize must be a boolean/);
    expect(() => new optim.Rprop([{ params: [p], etas: [0.5, 1] as [number, number] }])).toThrow(/Invalid eta values: 0.5, 1/);
  });
});
