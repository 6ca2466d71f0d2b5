// optim.RMSprop against PyTorch run live, through the shared optimizer table (test/helpers/optim.ts).
import { describeOptimizerTable } from '../helpers/optim.js';

describeOptimizerTable('optim/rmsprop', {
  cases: [
    { name: 'RMSprop default', cls: 'RMSprop', options: {} },
    { name: 'RMSprop centered momentum weightDecay', cls: 'RMSprop', options: { lr: 0.01, alpha: 0.9, momentum: 0.5, centered: true, weightDecay: 0.01 } },
    { name: 'RMSprop maximize float64', cls: 'RMSprop', options: { lr: 0.01, eps: 1e-6, maximize: true }, dtype: 'float64' },
  ],
  bad: [['RMSprop', { lr: -1 }], ['RMSprop', { alpha: -1 }], ['RMSprop', { eps: -1 }], ['RMSprop', { momentum: -1 }], ['RMSprop', { weightDecay: -1 }]],
  defaults: { RMSprop: ['foreach', 'capturable', 'differentiable'] },
});
