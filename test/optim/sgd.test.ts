// optim.SGD against PyTorch run live, through the shared optimizer table (test/helpers/optim.ts).
import { describe, expect, it } from 'vitest';
import * as torch from '../../lib/torch.js';
import * as optim from '../../lib/optim/index.js';
import { describeOptimizerTable, type OptimizerCase } from '../helpers/optim.js';

const CASES: OptimizerCase[] = [
  { name: 'SGD plain', cls: 'SGD', options: { lr: 0.1 } },
  { name: 'SGD momentum+dampening+weightDecay', cls: 'SGD', options: { lr: 0.05, momentum: 0.9, dampening: 0.1, weightDecay: 0.01 } },
  { name: 'SGD nesterov maximize', cls: 'SGD', options: { lr: 0.05, momentum: 0.8, nesterov: true, maximize: true } },
  { name: 'SGD nesterov weightDecay', cls: 'SGD', options: { lr: 0.05, momentum: 0.8, nesterov: true, weightDecay: 0.1 } },
  { name: 'SGD foreach path momentum nesterov weightDecay', cls: 'SGD', options: { lr: 0.05, momentum: 0.8, nesterov: true, weightDecay: 0.1, foreach: true } },
  { name: 'SGD foreach path momentum dampening maximize', cls: 'SGD', options: { lr: 0.05, momentum: 0.9, dampening: 0.1, maximize: true, foreach: true } },
  { name: 'SGD momentum float64 two groups', cls: 'SGD', options: { lr: 0.05, momentum: 0.9 }, dtype: 'float64', groups: true },
];

describeOptimizerTable('optim/sgd', {
  cases: CASES,
  bad: [['SGD', { lr: -1 }], ['SGD', { momentum: -0.5 }], ['SGD', { weightDecay: -0.1 }]],
  defaults: { SGD: ['differentiable', 'fused'] },
});

describe('SGD options', () => {
  it('nesterov needs momentum and no dampening; option types are checked', () => {
    const p = torch.zeros(2).requiresGrad_();
    expect(() => new optim.SGD([p], { nesterov: true })).toThrow(/Nesterov momentum requires a momentum and zero dampening/);
    expect(() => new optim.SGD([p], { lr: 'x' } as never)).toThrow(TypeError);
    expect(() => new optim.SGD([p], { weight_decay: 0.1 } as never)).toThrow(/unknown option 'weight_decay' \(did you mean weightDecay\?\)/);
  });
});
