// optim.SparseAdam against PyTorch run live: the shared optimizer table (test/helpers/optim.ts)
// with sparse COO gradients (repeated indices, an empty one, a missing one), an nn.Embedding
// trained with sparse gradients, and PyTorch's errors.
import { describe, expect, it } from 'vitest';
import * as torch from '../../lib/torch.js';
import { Tensor } from '../../lib/torch.js';
import * as nn from '../../lib/nn/index.js';
import * as optim from '../../lib/optim/index.js';
import { oracleBatch } from '../helpers/python.js';
import { describeOptimizerTable, snakeToCamel } from '../helpers/optim.js';

const BAD: Record<string, unknown>[] = [{ lr: 0 }, { lr: -1 }, { eps: 0 }, { betas: [1, 0.9] }, { betas: [0.9, -0.1] }];

type Flat = number[];
type Message = [string, string];

// test/oracles/optim/sparse_adam.py, run once when first needed.
const py = oracleBatch<{
  errors: { options: Message[]; dense: Message; sparseParam: Message; complexParam: Message; defaults: Record<string, unknown> };
  embedding: { init: Flat; ids: number[][]; losses: number[]; weight: Flat };
}>({
  errors: ['optim/sparse_adam', 'errors', BAD],
  embedding: ['optim/sparse_adam', 'embedding', 5],
});

const rows = (t: Tensor): Flat => t.detach().reshape(-1).tolist() as Flat;

describeOptimizerTable('optim/sparse_adam', {
  cases: [
    { name: 'SparseAdam default', cls: 'SparseAdam', options: {}, sparse: true },
    { name: 'SparseAdam betas eps maximize', cls: 'SparseAdam', options: { lr: 0.01, betas: [0.8, 0.95], eps: 1e-6, maximize: true }, sparse: true },
    { name: 'SparseAdam float64', cls: 'SparseAdam', options: { lr: 0.02, betas: [0.85, 0.9] }, dtype: 'float64', sparse: true },
  ],
});

describe('SparseAdam training', () => {
  it('leaves the gradients it was given usable', () => {
    const p = torch.zeros(6, 3).requiresGrad_();
    const opt = new optim.SparseAdam([p]);
    p.grad = torch.sparseCooTensor(torch.tensor([[0, 2, 0]], { dtype: 'int64' }), torch.ones(3, 3), [6, 3]);
    opt.step();
    expect(rows(p.grad.coalesce().values())).toEqual([2, 2, 2, 1, 1, 1]);
  });

  it('trains an nn.Embedding with sparse: true as PyTorch does', () => {
    const ref = py().embedding;
    const emb = new nn.Embedding(7, 3, { sparse: true });
    torch.noGrad(() => emb.weight.copy_(torch.tensor(ref.init).reshape(7, 3)));
    const opt = new optim.SparseAdam(emb.parameters(), { lr: 0.01 });
    ref.ids.forEach((ids, s) => {
      opt.zeroGrad();
      const loss = emb.forward(torch.tensor(ids, { dtype: 'int64' })).pow(2).sum();
      loss.backward();
      opt.step();
      expect(loss.item(), `step ${s + 1}`).toBe(ref.losses[s]);
    });
    expect(rows(emb.weight)).toEqual(ref.weight);
  });
});

describe('SparseAdam errors', () => {
  it("rejects bad options, dense gradients, sparse and complex parameters with PyTorch's messages", () => {
    const errors = py().errors;
    const p = torch.zeros(2).requiresGrad_();
    BAD.forEach((options, i) => {
      const [type, message] = errors.options[i]!;
      expect(type, JSON.stringify(options)).toBe('ValueError');
      expect(() => new optim.SparseAdam([p], options)).toThrow(RangeError);
      expect(() => new optim.SparseAdam([p], options)).toThrow(message);
    });
    p.grad = torch.ones(2);
    expect(errors.dense[0]).toBe('RuntimeError');
    expect(() => new optim.SparseAdam([p]).step()).toThrow(errors.dense[1]);
    const sp = torch.sparseCooTensor(torch.tensor([[0]], { dtype: 'int64' }), torch.tensor([1]), [2]);
    expect(() => new optim.SparseAdam([torch.zeros(2).requiresGrad_(), sp])).toThrow(errors.sparseParam[1]);
    expect(() => new optim.SparseAdam([torch.zeros(2, { dtype: 'complex64' }).requiresGrad_()])).toThrow(errors.complexParam[1]);
    expect(() => new optim.SparseAdam([p], { weight_decay: 0 } as never)).toThrow(/SparseAdam: unknown option 'weight_decay'/);
    expect(() => new optim.SparseAdam([p], { betas: [0.9] } as never)).toThrow(/SparseAdam: option betas must be an array of two numbers/);
    expect(() => new optim.SparseAdam([{ params: [p], eps: -1 }])).toThrow(/Invalid epsilon value: -1/);
  });

  it("defaults are PyTorch's", () => {
    const expected: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(py().errors.defaults)) expected[snakeToCamel(k)] = v;
    expect(new optim.SparseAdam([torch.zeros(1).requiresGrad_()]).defaults).toEqual(expected);
  });
});
