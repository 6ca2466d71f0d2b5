// optim.Adagrad against PyTorch run live, through the shared optimizer table (test/helpers/optim.ts).
import { describeOptimizerTable } from '../helpers/optim.js';

describeOptimizerTable('optim/adagrad', {
  cases: [
    { name: 'Adagrad default', cls: 'Adagrad', options: {} },
    { name: 'Adagrad lrDecay weightDecay init maximize', cls: 'Adagrad', options: { lr: 0.1, lrDecay: 0.01, weightDecay: 0.02, initialAccumulatorValue: 0.1, maximize: true } },
    { name: 'Adagrad float64 eps', cls: 'Adagrad', options: { lr: 0.05, eps: 1e-6 }, dtype: 'float64' },
  ],
  bad: [['Adagrad', { lr: -1 }], ['Adagrad', { lrDecay: -1 }], ['Adagrad', { weightDecay: -1 }], ['Adagrad', { initialAccumulatorValue: -1 }], ['Adagrad', { eps: -1 }]],
  defaults: { Adagrad: ['foreach', 'differentiable', 'fused'] },
});
