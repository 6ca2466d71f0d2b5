// optim.Adam and optim.AdamW against PyTorch run live, through the shared optimizer table
// (test/helpers/optim.ts), and Adam training a small regression through autograd.
import { describe, expect, it } from 'vitest';
import * as torch from '../../lib/torch.js';
import * as optim from '../../lib/optim/index.js';
import { oracle } from '../helpers/python.js';
import { describeOptimizerTable, type OptimizerCase } from '../helpers/optim.js';

const CASES: OptimizerCase[] = [
  { name: 'Adam default', cls: 'Adam', options: { lr: 0.003 } },
  { name: 'Adam amsgrad+weightDecay+betas+eps', cls: 'Adam', options: { lr: 0.01, betas: [0.8, 0.99], eps: 1e-6, weightDecay: 0.1, amsgrad: true } },
  { name: 'Adam maximize float64', cls: 'Adam', options: { lr: 0.01, maximize: true }, dtype: 'float64' },
  { name: 'Adam foreach path amsgrad+weightDecay+maximize', cls: 'Adam', options: { lr: 0.01, weightDecay: 0.1, amsgrad: true, maximize: true, foreach: true } },
  { name: 'Adam foreach path default options', cls: 'Adam', options: { lr: 0.003, foreach: true } },
  { name: 'Adam maximize+weightDecay', cls: 'Adam', options: { lr: 0.01, weightDecay: 0.1, maximize: true } },
  { name: 'Adam decoupledWeightDecay', cls: 'Adam', options: { lr: 0.01, weightDecay: 0.1, decoupledWeightDecay: true } },
  { name: 'Adam two param groups', cls: 'Adam', options: { lr: 0.01 }, groups: true },
  { name: 'AdamW default', cls: 'AdamW', options: { lr: 0.01 } },
  { name: 'AdamW amsgrad', cls: 'AdamW', options: { lr: 0.01, weightDecay: 0.05, amsgrad: true } },
  { name: 'AdamW foreach path', cls: 'AdamW', options: { lr: 0.01, foreach: true } },
];

describeOptimizerTable('optim/adam', {
  cases: CASES,
  bad: [['Adam', { lr: -1 }], ['Adam', { eps: -1 }], ['Adam', { betas: [1.0, 0.9] }], ['Adam', { betas: [0.9, -0.5] }], ['Adam', { weightDecay: -1 }], ['AdamW', { weightDecay: -1 }]],
  defaults: { Adam: ['capturable', 'differentiable', 'fused'], AdamW: ['capturable', 'differentiable', 'fused'] },
});

describe('Adam', () => {
  it('trains through autograd like PyTorch (Adam on a small regression)', () => {
    const ref = oracle<{ w: number[]; losses: number[] }>('optim/adam', 'adam_regression');
    torch.manualSeed(1);
    const x = torch.randn(16, 3);
    const y = torch.randn(16, 1);
    const w = torch.randn(3, 1).requiresGrad_();
    const b = torch.zeros(1).requiresGrad_();
    const opt = new optim.Adam([w, b], { lr: 0.05 });
    const losses: number[] = [];
    for (let i = 0; i < 10; i++) {
      const loss = x.matmul(w).add(b).sub(y).pow(2).mean();
      opt.zeroGrad();
      loss.backward();
      opt.step();
      losses.push(loss.item());
    }
    expect([...(w.detach().reshape(-1).tolist() as number[]), ...(b.detach().tolist() as number[])]).toEqual(ref.w);
    expect(losses).toEqual(ref.losses);
  });

  it('rejects bad betas and snake_case options by name', () => {
    const p = torch.zeros(2).requiresGrad_();
    expect(() => new optim.Adam([p], { lr: -1 })).toThrow(/Invalid learning rate: -1.*lr/);
    expect(() => new optim.Adam([p], { betas: [1.0, 0.9] })).toThrow(/betas\[0\]/);
    expect(() => new optim.Adam([p], { weight_decay: 0.1 } as never)).toThrow(/unknown option 'weight_decay' \(did you mean weightDecay\?\)/);
  });

  it('AdamW keeps decoupledWeightDecay after loading an Adam state dict', () => {
    const p = torch.zeros(2).requiresGrad_();
    const adam = new optim.Adam([p], { lr: 0.1 });
    const adamw = new optim.AdamW([torch.zeros(2).requiresGrad_()]);
    adamw.loadStateDict(adam.stateDict());
    expect(adamw.paramGroups[0]!.decoupledWeightDecay).toBe(true);
    expect(adamw.paramGroups[0]!.lr).toBe(0.1);
  });
});
