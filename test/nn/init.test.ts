import { beforeAll, describe, expect, it } from 'vitest';
import * as torch from '../../lib/torch.js';
import * as nn from '../../lib/nn/index.js';
import { oracles } from '../helpers/python.js';
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

interface PyExtra {
  dirac3: unknown; dirac4g: unknown; dirac5: unknown;
  orth35: number[][]; orth53: number[][]; orth4d: number[][]; sparse: number[][];
  truncWide: number[]; truncNarrow: number[]; after: number[];
  gen: unknown[]; afterGen: number[]; errors: Record<string, string>;
}

let py: Py;
let px: PyExtra;
beforeAll(() => {
  [py, px] = oracles<[Py, PyExtra]>([['nn/init', 'results'], ['nn/init', 'extra']]);
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

const close = (got: unknown, want: unknown, digits = 5) => {
  const g = flat(got as number[]);
  const w = flat(want as number[]);
  expect(g.length).toBe(w.length);
  g.forEach((v, i) => expect(v).toBeCloseTo(w[i]!, digits));
};

describe('nn.init: dirac_, orthogonal_, sparse_, keywords and generators', () => {
  it('dirac_ for 3, 4 (grouped) and 5 dims', () => {
    expect(nn.init.dirac_(torch.empty(4, 3, 3)).tolist()).toEqual(px.dirac3);
    expect(nn.init.dirac_(torch.empty(6, 2, 3, 3), 3).tolist()).toEqual(px.dirac4g);
    expect(nn.init.dirac_(torch.empty(2, 3, 1, 3, 2), { groups: 1 }).tolist()).toEqual(px.dirac5);
  });

  it('orthogonal_, sparse_ and truncNormal_ draw what PyTorch draws for the same seed', () => {
    torch.manualSeed(3);
    close(nn.init.orthogonal_(torch.empty(3, 5)).tolist(), px.orth35);
    close(nn.init.orthogonal_(torch.empty(5, 3), { gain: 2.0 }).tolist(), px.orth53);
    close(nn.init.orthogonal_(torch.empty(2, 3, 2, 2)).reshape(2, -1).tolist(), px.orth4d);
    expect(nn.init.sparse_(torch.empty(6, 4), 0.5, { std: 0.1 }).tolist()).toEqual(px.sparse);
    close(nn.init.truncNormal_(torch.empty(8), { mean: 0.5, std: 2.0, a: -1.0, b: 3.0 }).tolist(), px.truncWide);
    close(nn.init.truncNormal_(torch.empty(8), { std: 1.0, a: 1.0, b: 1.5 }).tolist(), px.truncNarrow);
    expect(torch.rand(2).tolist()).toEqual(px.after);
  });

  it('every random initialiser takes a generator, positionally or by keyword', () => {
    // Replay the previous test's draws so the global stream (which sparse_'s randperm uses) is where Python's was.
    torch.manualSeed(3);
    nn.init.orthogonal_(torch.empty(3, 5)); nn.init.orthogonal_(torch.empty(5, 3)); nn.init.orthogonal_(torch.empty(2, 3, 2, 2));
    nn.init.sparse_(torch.empty(6, 4), 0.5); nn.init.truncNormal_(torch.empty(8), 0.5, 2.0, -1.0, 3.0);
    nn.init.truncNormal_(torch.empty(8), 0, 1, 1, 1.5); torch.rand(2);
    const g = new torch.Generator().manualSeed(7);
    const got = [
      nn.init.uniform_(torch.empty(3), -1, 1, g).tolist(),
      nn.init.normal_(torch.empty(3), { std: 2.0, generator: g }).tolist(),
      nn.init.truncNormal_(torch.empty(3), { generator: g }).tolist(),
      nn.init.xavierUniform_(torch.empty(2, 3), { generator: g }).tolist(),
      nn.init.xavierNormal_(torch.empty(2, 3), 0.5, g).tolist(),
      nn.init.kaimingUniform_(torch.empty(2, 3), { generator: g }).tolist(),
      nn.init.kaimingNormal_(torch.empty(2, 3), 0.2, 'fan_out', { generator: g }).tolist(),
      nn.init.orthogonal_(torch.empty(2, 3), { generator: g }).tolist(),
      nn.init.sparse_(torch.empty(3, 2), 0.3, { generator: g }).tolist(),
    ];
    got.forEach((v, i) => close(v, px.gen[i]));
    expect(torch.rand(2).tolist()).toEqual(px.afterGen);
  });

  it("bad arguments get PyTorch's messages or name the argument", () => {
    expect(() => nn.init.dirac_(torch.empty(3, 3))).toThrow(px.errors.dirac2!);
    expect(() => nn.init.dirac_(torch.empty(5, 3, 3), 2)).toThrow(px.errors.diracGroups!);
    expect(() => nn.init.orthogonal_(torch.empty(3))).toThrow(px.errors.orth1!);
    expect(() => nn.init.sparse_(torch.empty(3, 3, 3), 0.1)).toThrow(px.errors.sparse3!);
    expect(() => nn.init.uniform_(torch.empty(3), { c: 1 } as never)).toThrow(/unknown option 'c'/);
    expect(() => nn.init.normal_(torch.empty(3), 0, 1, {} as never, 5 as never)).toThrow(TypeError);
    expect(() => nn.init.sparse_(torch.empty(3, 3), {} as never)).toThrow(/missing required argument 'sparsity'/);
    expect(() => nn.init.uniform_(torch.empty(3), 0, 1, 'g' as never)).toThrow(/generator must be a torch.Generator/);
  });

  it('the deprecated names without the underscore still work', () => {
    const w = torch.empty(2, 2);
    expect(nn.init.constant(w, 3)).toBe(w);
    expect(w.sum().item()).toBe(12);
    expect(typeof nn.init.kaimingNormal).toBe('function');
  });
});
