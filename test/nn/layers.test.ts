import { beforeAll, describe, expect, it } from 'vitest';
import * as torch from '../../lib/torch.js';
import * as nn from '../../lib/nn/index.js';
import { python } from '../helpers/python.js';
import { expectClose } from './helpers.js';

const F = nn.functional;
type N = number[];
type Py = Record<string, N | N[] | number | number[][][] | number[][][][]>;

// The same seeded calls in Python and here: inputs, layers (default init) and outputs.
const PY = `
nn = torch.nn
F = nn.functional
o = {}
torch.manual_seed(1)
x = torch.randn(4, 3, 8, 8)
conv = nn.Conv2d(3, 5, 3, padding=1); y = conv(x); o['conv'] = y.tolist()
y.sum().backward(); o['convGrad'] = conv.weight.grad.tolist(); o['convBiasGrad'] = conv.bias.grad.tolist()
o['convStride'] = nn.Conv2d(3, 4, 3, stride=2, bias=False)(x).tolist()
o['convSame'] = nn.Conv2d(3, 2, (3, 5), padding='same', dilation=2)(x).tolist()
o['convReflect'] = nn.Conv2d(3, 2, 3, padding=2, padding_mode='reflect')(x).tolist()
o['convGroups'] = nn.Conv2d(3, 6, 1, groups=3)(x).tolist()
x1 = torch.randn(2, 4, 10)
o['conv1d'] = nn.Conv1d(4, 3, 3, stride=2)(x1).tolist()
o['maxpool'] = nn.MaxPool2d(3, 2, 1)(x).tolist()
o['avgpool'] = nn.AvgPool2d(2)(x).tolist()
o['avgpoolCeil'] = nn.AvgPool2d(3, stride=2, ceil_mode=True, count_include_pad=False)(x).tolist()
o['adapool'] = nn.AdaptiveAvgPool2d((3, None))(x).tolist()
bn2 = nn.BatchNorm2d(3)
o['bnTrain'] = bn2(x).tolist(); o['bnMean'] = bn2.running_mean.tolist(); o['bnVar'] = bn2.running_var.tolist()
bn2.eval(); o['bnEval'] = bn2(x).tolist()
bn1 = nn.BatchNorm1d(6, momentum=None)
z = torch.randn(5, 6)
bn1(z); bn1(z * 2); o['bnCumMean'] = bn1.running_mean.tolist(); o['bnCumVar'] = bn1.running_var.tolist()
bn3 = nn.BatchNorm1d(4, affine=False, track_running_stats=False)
z3 = torch.randn(3, 4, 5); bn3.eval(); o['bnNoStats'] = bn3(z3).tolist()
ln = nn.LayerNorm([8, 8]); o['ln'] = ln(x).tolist()
o['lnNoBias'] = nn.LayerNorm(8, bias=False)(x).tolist()
emb = nn.Embedding(7, 4, padding_idx=2)
idx = torch.tensor([[0, 2, 6], [1, 1, 3]])
o['emb'] = emb(idx).tolist()
e = emb(idx).sum(); e.backward(); o['embGrad'] = emb.weight.grad.tolist()
embn = nn.Embedding(5, 3, max_norm=1.0); o['embMaxNorm'] = embn(torch.tensor([0, 4])).tolist(); o['embMaxNormW'] = embn.weight.tolist()
a = torch.randn(3, 4)
lin = nn.Linear(4, 2); o['linear'] = lin(a).tolist()
o['acts'] = [m(a).tolist() for m in [nn.ReLU(), nn.LeakyReLU(0.2), nn.ELU(0.5), nn.SELU(), nn.GELU(), nn.GELU(approximate='tanh'),
   nn.SiLU(), nn.Mish(), nn.Sigmoid(), nn.Tanh(), nn.Softplus(2.0, 1.0), nn.Softmax(dim=0), nn.LogSoftmax(dim=1), nn.Softmax(),
   nn.Hardtanh(-0.5, 0.5), nn.PReLU(), nn.PReLU(4, 0.1), nn.Identity()]]
o['normalize'] = F.normalize(a, dim=0).tolist()
o['onehot'] = F.one_hot(torch.tensor([0, 2, 1]), 4).tolist()
o['pad'] = F.pad(a, (1, 2), mode='replicate').tolist()
torch.manual_seed(5)
d = nn.Dropout(0.3); o['drop'] = d(torch.ones(4, 5)).tolist()
o['dropF'] = F.dropout(torch.ones(6), 0.5).tolist()
o['after'] = torch.rand(2).tolist()
print(json.dumps(o))
`;

let py: Py;
beforeAll(() => { py = python<Py>(PY); });

describe('layer forward passes equal PyTorch (same seed, default init)', () => {
  it('convolutions, pooling, normalisation, embedding, linear, activations, dropout', () => {
    const o: Record<string, unknown> = {};
    torch.manualSeed(1);
    const x = torch.randn(4, 3, 8, 8);
    const conv = new nn.Conv2d(3, 5, 3, { padding: 1 });
    const y = conv(x);
    o.conv = y;
    y.sum().backward();
    o.convGrad = conv.weight.grad; o.convBiasGrad = conv.bias!.grad;
    o.convStride = new nn.Conv2d(3, 4, 3, { stride: 2, bias: false })(x);
    o.convSame = new nn.Conv2d(3, 2, [3, 5], { padding: 'same', dilation: 2 })(x);
    o.convReflect = new nn.Conv2d(3, 2, 3, { padding: 2, paddingMode: 'reflect' })(x);
    o.convGroups = new nn.Conv2d(3, 6, 1, { groups: 3 })(x);
    const x1 = torch.randn(2, 4, 10);
    o.conv1d = new nn.Conv1d(4, 3, 3, 2)(x1);
    o.maxpool = new nn.MaxPool2d(3, 2, 1)(x);
    o.avgpool = new nn.AvgPool2d(2)(x);
    o.avgpoolCeil = new nn.AvgPool2d(3, { stride: 2, ceilMode: true, countIncludePad: false })(x);
    o.adapool = new nn.AdaptiveAvgPool2d([3, null])(x);
    const bn2 = new nn.BatchNorm2d(3);
    o.bnTrain = bn2(x); o.bnMean = bn2.runningMean!.clone(); o.bnVar = bn2.runningVar!.clone();
    bn2.eval(); o.bnEval = bn2(x);
    const bn1 = new nn.BatchNorm1d(6, { momentum: null });
    const z = torch.randn(5, 6);
    bn1(z); bn1(z.mul(2)); o.bnCumMean = bn1.running_mean; o.bnCumVar = bn1.running_var;
    const bn3 = new nn.BatchNorm1d(4, { affine: false, trackRunningStats: false });
    const z3 = torch.randn(3, 4, 5); bn3.eval(); o.bnNoStats = bn3(z3);
    o.ln = new nn.LayerNorm([8, 8])(x);
    o.lnNoBias = new nn.LayerNorm(8, { bias: false })(x);
    const emb = new nn.Embedding(7, 4, { paddingIdx: 2 });
    const idx = torch.tensor([[0n, 2n, 6n], [1n, 1n, 3n]]);
    o.emb = emb(idx);
    emb(idx).sum().backward(); o.embGrad = emb.weight.grad;
    const embn = new nn.Embedding(5, 3, { maxNorm: 1.0 });
    o.embMaxNorm = embn(torch.tensor([0n, 4n])); o.embMaxNormW = embn.weight;
    const a = torch.randn(3, 4);
    o.linear = new nn.Linear(4, 2)(a);
    const acts: nn.Module[] = [new nn.ReLU(), new nn.LeakyReLU(0.2), new nn.ELU(0.5), new nn.SELU(), new nn.GELU(), new nn.GELU({ approximate: 'tanh' }),
      new nn.SiLU(), new nn.Mish(), new nn.Sigmoid(), new nn.Tanh(), new nn.Softplus(2.0, 1.0), new nn.Softmax({ dim: 0 }), new nn.LogSoftmax({ dim: 1 }), new nn.Softmax(),
      new nn.Hardtanh(-0.5, 0.5), new nn.PReLU(), new nn.PReLU(4, 0.1), new nn.Identity()];
    o.acts = acts.map((m) => m(a).tolist());
    o.normalize = F.normalize(a, { dim: 0 });
    o.onehot = F.oneHot(torch.tensor([0n, 2n, 1n]), 4);
    o.pad = F.pad(a, [1, 2], { mode: 'replicate' });
    torch.manualSeed(5);
    const d = new nn.Dropout(0.3);
    o.drop = d(torch.ones(4, 5));
    o.dropF = F.dropout(torch.ones(6), 0.5);
    o.after = torch.rand(2);
    for (const key of Object.keys(py)) {
      expect(o[key], key).toBeDefined();
      try { expectClose(o[key], py[key], 1e-5); } catch (e) { throw new Error(`${key}: ${(e as Error).message}`); }
    }
  });

  it('Dropout is the identity in eval mode and with p = 0; inplace modifies the input', () => {
    const x = torch.randn(10, 10);
    const d = new nn.Dropout(0.5);
    d.eval();
    expect(d(x)).toBe(x);
    expect(F.dropout(x, { p: 0.5, training: false }).equal(x)).toBe(true);
    const ones = torch.ones(100);
    const same = new nn.Dropout({ p: 0.5, inplace: true })(ones);
    expect(same).toBe(ones);
    expect(new Set(ones.tolist() as number[])).toEqual(new Set([0, 2]));
  });

  it('MaxPool2d with returnIndices gives [output, indices]', () => {
    const x = torch.arange(16, { dtype: 'float32' }).view(1, 1, 4, 4);
    const [out, idx] = F.maxPool2d(x, 2, { returnIndices: true });
    expect(out.tolist()).toEqual([[[[5, 7], [13, 15]]]]);
    expect(idx.tolist()).toEqual([[[[5, 7], [13, 15]]]]);
  });

  it('Flatten and Unflatten reshape as PyTorch', () => {
    expect(new nn.Flatten()(torch.zeros(2, 3, 4, 5)).shape).toEqual([2, 60]);
    expect(new nn.Flatten(0, 1)(torch.zeros(2, 3, 4)).shape).toEqual([6, 4]);
    expect(new nn.Unflatten(1, [3, 4])(torch.zeros(2, 12)).shape).toEqual([2, 3, 4]);
  });

  it('BatchNorm needs more than one value per channel when training', () => {
    const bn = new nn.BatchNorm1d(3);
    expect(() => bn(torch.zeros(1, 3))).toThrow('Expected more than 1 value per channel when training, got input size torch.Size([1, 3])');
    expect(() => bn(torch.zeros(2, 3, 4, 5))).toThrow('expected 2D or 3D input (got 4D input)');
    bn.eval();
    expect(bn(torch.zeros(1, 3)).shape).toEqual([1, 3]);
  });
});
