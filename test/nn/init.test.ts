import { beforeAll, describe, expect, it } from 'vitest';
import * as torch from '../../lib/torch.js';
import * as nn from '../../lib/nn/index.js';
import { oracle } from '../helpers/python.js';
import { flat } from './helpers.js';

// Default initialisation must be PyTorch's call for call: same seed, same weights, bit for bit.
interface Py {
  linear: { weight: number[][]; bias: number[] };
  linearNoBias: number[][];
  conv: { weight: number[][][][]; bias: number[] };
  conv1d: { weight: number[][][]; bias: number[] };
  bn: { weight: number[]; bias: number[]; running_mean: number[]; running_var: number[]; num_batches_tracked: number };
  emb: number[][];
  prelu: number[];
  after: number[];
  xavierU: number[][]; xavierN: number[][]; kaimingU: number[][]; kaimingN: number[][]; kaimingFanOut: number[][];
  uniform: number[]; normal: number[]; trunc: number[];
  gains: number[];
  fan: number[];
}

let py: Py;
beforeAll(() => {
  py = oracle<Py>('nn/init', 'results');
});

describe('default initialisation equals PyTorch for the same seed', () => {
  it('Linear, Conv2d, Conv1d, BatchNorm1d, Embedding, PReLU, in sequence', () => {
    torch.manualSeed(0);
    const l = new nn.Linear(5, 3);
    const l2 = new nn.Linear(4, 2, { bias: false });
    const c = new nn.Conv2d(2, 4, 3);
    const c1 = new nn.Conv1d(3, 2, 2, { groups: 1 });
    const bn = new nn.BatchNorm1d(4);
    const e = new nn.Embedding(6, 3, { paddingIdx: 1 });
    const p = new nn.PReLU(3);
    expect(l.weight.tolist()).toEqual(py.linear.weight);
    expect(l.bias!.tolist()).toEqual(py.linear.bias);
    expect(l2.weight.tolist()).toEqual(py.linearNoBias);
    expect(l2.bias).toBeNull();
    expect(c.weight.tolist()).toEqual(py.conv.weight);
    expect(c.bias!.tolist()).toEqual(py.conv.bias);
    expect(c1.weight.tolist()).toEqual(py.conv1d.weight);
    expect(c1.bias!.tolist()).toEqual(py.conv1d.bias);
    const sd = bn.stateDict();
    expect(Object.keys(sd)).toEqual(['weight', 'bias', 'running_mean', 'running_var', 'num_batches_tracked']);
    expect(sd.weight!.tolist()).toEqual(py.bn.weight);
    expect(sd.bias!.tolist()).toEqual(py.bn.bias);
    expect(sd.running_var!.tolist()).toEqual(py.bn.running_var);
    expect(sd.num_batches_tracked!.dtype).toBe('int64');
    expect(sd.num_batches_tracked!.item()).toBe(0);
    expect(e.weight.tolist()).toEqual(py.emb);
    expect(p.weight.tolist()).toEqual(py.prelu);
    // The generator is left in the same state.
    expect(torch.rand(3).tolist()).toEqual(py.after);
  });

  it('parameters require grad and are leaves', () => {
    const l = new nn.Linear(2, 2);
    expect(l.weight).toBeInstanceOf(nn.Parameter);
    expect(l.weight.requiresGrad).toBe(true);
    expect(l.weight.isLeaf).toBe(true);
    expect(l.weight.gradFn).toBeNull();
  });
});

describe('nn.init', () => {
  it('xavier, kaiming, uniform, normal and truncNormal match PyTorch draw for draw', () => {
    torch.manualSeed(0);
    // Replay the layer constructions so the generator is where Python's was.
    new nn.Linear(5, 3); new nn.Linear(4, 2, false); new nn.Conv2d(2, 4, 3); new nn.Conv1d(3, 2, 2);
    new nn.BatchNorm1d(4); new nn.Embedding(6, 3, { paddingIdx: 1 }); new nn.PReLU(3); torch.rand(3);
    torch.empty(3, 5);
    expect(nn.init.xavierUniform_(torch.empty(3, 5), 2.0).tolist()).toEqual(py.xavierU);
    expect(nn.init.xavierNormal_(torch.empty(3, 5)).tolist()).toEqual(py.xavierN);
    expect(nn.init.kaimingUniform_(torch.empty(3, 5), 0.1).tolist()).toEqual(py.kaimingU);
    expect(nn.init.kaimingNormal_(torch.empty(3, 5), { mode: 'fan_out', nonlinearity: 'relu' }).tolist()).toEqual(py.kaimingN);
    expect(nn.init.kaimingUniform_(torch.empty(4, 2, 3, 3), { mode: 'fan_out' }).reshape(4, -1).tolist()).toEqual(py.kaimingFanOut);
    expect(nn.init.uniform_(torch.empty(4), -2, 3).tolist()).toEqual(py.uniform);
    expect(nn.init.normal_(torch.empty(4), 1, 0.5).tolist()).toEqual(py.normal);
    const t = flat(nn.init.truncNormal_(torch.empty(6), 0, 1, -0.5, 0.5).tolist());
    t.forEach((v, i) => expect(v).toBeCloseTo(py.trunc[i]!, 6));
  });

  it('calculateGain and fans follow PyTorch', () => {
    const names = ['linear', 'conv2d', 'sigmoid', 'tanh', 'relu', 'leaky_relu', 'selu'] as const;
    expect([...names.map((n) => nn.init.calculateGain(n)), nn.init.calculateGain('leaky_relu', 0.2)]).toEqual(py.gains);
    expect(nn.init.calculateFanInAndFanOut(torch.empty(4, 2, 3, 5))).toEqual(py.fan);
    expect(() => nn.init.calculateGain('swish' as 'relu')).toThrow(/Unsupported nonlinearity swish/);
    expect(() => nn.init.kaimingUniform_(torch.empty(3, 3), { mode: 'fan_avg' as 'fan_in' })).toThrow(/Mode fan_avg not supported/);
    expect(() => nn.init.xavierUniform_(torch.empty(3))).toThrow('Fan in and fan out can not be computed for tensor with fewer than 2 dimensions');
  });

  it('runs without recording gradients and keeps the tensor', () => {
    const w = new nn.Parameter(torch.empty(2, 2));
    expect(nn.init.constant_(w, 0.5)).toBe(w);
    expect(w.tolist()).toEqual([[0.5, 0.5], [0.5, 0.5]]);
    expect(w.gradFn).toBeNull();
    nn.init.zeros_(w);
    expect(w.sum().item()).toBe(0);
    nn.init.ones_(w);
    expect(w.sum().item()).toBe(4);
    nn.init.eye_(w);
    expect(w.tolist()).toEqual([[1, 0], [0, 1]]);
  });
});
