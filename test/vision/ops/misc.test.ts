import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import * as torch from '../../../lib/torch.js';
import type { Tensor } from '../../../lib/torch.js';
import { nn } from '../../../lib/index.js';
import { ops } from '../../../lib/vision/index.js';
import { oracleBatch } from '../../helpers/python.js';

const M = 'vision/ops/misc';

function frozen(): nn.Module {
  const m = new ops.FrozenBatchNorm2d(4);
  const bn = new nn.BatchNorm2d(4);
  torch.noGrad(() => {
    bn.weight!.uniform_(0.5, 1.5);
    bn.bias!.uniform_(-1, 1);
    bn.running_mean!.uniform_(-1, 1);
    bn.running_var!.uniform_(0.5, 2);
  });
  m.loadStateDict(bn.stateDict());
  return m;
}

// The same cases as the oracle's CASES: [build, input shape, train mode].
const CASES: Record<string, [() => nn.Module, number[], boolean]> = {
  conv2d_default: [() => new ops.Conv2dNormActivation(3, 8), [2, 3, 5, 5], true],
  conv2d_tuple: [() => new ops.Conv2dNormActivation(3, 8, { kernelSize: [3, 5], stride: 2, dilation: [1, 2], activationLayer: nn.Hardswish, bias: true }), [2, 3, 9, 9], true],
  conv2d_bare: [() => new ops.Conv2dNormActivation(4, 4, 3, { groups: 2, normLayer: null, activationLayer: null }), [1, 4, 6, 6], true],
  conv2d_inplace_none: [() => new ops.Conv2dNormActivation(3, 4, 1, { activationLayer: nn.GELU, inplace: null }), [1, 3, 4, 4], true],
  conv3d: [() => new ops.Conv3dNormActivation(2, 4, { kernelSize: 3 }), [1, 2, 4, 5, 5], true],
  se: [() => new ops.SqueezeExcitation(8, 2), [2, 8, 3, 3], true],
  se_acts: [() => new ops.SqueezeExcitation(8, 3, { activation: nn.SiLU, scaleActivation: nn.Hardsigmoid }), [2, 8, 3, 3], true],
  mlp: [() => new ops.MLP(6, [12, 4]), [3, 6], true],
  mlp_norm_dropout: [() => new ops.MLP(6, [12, 10, 4], { normLayer: nn.LayerNorm, activationLayer: nn.GELU, dropout: 0.5 }), [5, 6], true],
  mlp_eval: [() => new ops.MLP(6, [12, 4], { dropout: 0.5, bias: false }), [3, 6], false],
  permute: [() => new ops.Permute([0, 2, 3, 1]), [2, 3, 4, 5], true],
  frozen_bn: [frozen, [2, 4, 3, 3], true],
  sd_row: [() => new ops.StochasticDepth(0.5, 'row'), [8, 3, 2], true],
  sd_batch: [() => new ops.StochasticDepth(0.3, 'batch'), [4, 3], true],
  sd_p1: [() => new ops.StochasticDepth(1.0, 'row'), [4, 3], true],
  sd_eval: [() => new ops.StochasticDepth({ p: 0.5, mode: 'row' }), [4, 3], false],
};

interface Run { state: [string, number[], string][]; shape: number[]; y: number[] }

const py = oracleBatch<{ names: string[]; run: Record<string, Run>; draws: [number[][], number[][], boolean]; errors: string[] }>({
  names: [M, 'names'],
  run: [M, 'run', Object.keys(CASES)],
  draws: [M, 'functional_draws'],
  errors: [M, 'errors'],
});

function digest(t: Tensor): string {
  const data = t.detach().contiguous().dataSync();
  return createHash('sha1').update(Buffer.from(data.buffer, data.byteOffset, data.byteLength)).digest('hex');
}

describe('ops.misc: torchvision.ops.misc blocks', () => {
  it('the test and the oracle hold the same cases', () => {
    expect(Object.keys(CASES)).toEqual(py().names);
  });

  it.each(Object.keys(CASES))('%s: the state dict (keys, shapes, seeded values) and the output are torchvision\'s', (name) => {
    const [make, shape, train] = CASES[name]!;
    torch.manualSeed(0);
    const m = make();
    m.train(train);
    torch.manualSeed(1);
    const x = torch.randn(shape);
    torch.manualSeed(2);
    const y = torch.noGrad(() => (m as (x: Tensor) => Tensor)(x));
    const want = py().run[name]!;
    expect(Object.entries(m.stateDict()).map(([k, v]) => [k, v.shape, digest(v)])).toEqual(want.state);
    expect(y.shape).toEqual(want.shape);
    const got = y.flatten().tolist() as number[];
    got.forEach((v, i) => expect(v, `${name}[${i}]`).toBeCloseTo(want.y[i]!, 5));
  });

  it('Conv2dNormActivation keeps torchvision\'s Sequential keys and outChannels', () => {
    const block = new ops.Conv2dNormActivation(3, 16, { stride: 2, activationLayer: nn.Hardswish });
    expect(Object.keys(block.stateDict())).toEqual(['0.weight', '1.weight', '1.bias', '1.running_mean', '1.running_var', '1.num_batches_tracked']);
    expect(block.outChannels).toBe(16);
    expect(block.at(2)).toBeInstanceOf(nn.Hardswish);
    expect(() => new ops.Conv2dNormActivation(3, 16, { kernel: 3 } as never)).toThrow(/unknown option 'kernel'/);
  });

  it('a function works as a layer factory (Python\'s functools.partial)', () => {
    const block = new ops.Conv2dNormActivation(3, 4, { normLayer: (c: number) => new nn.BatchNorm2d(c, { eps: 1e-3, momentum: 0.01 }) });
    expect((block.at(1) as nn.BatchNorm2d).eps).toBe(1e-3);
    expect(() => new ops.Conv2dNormActivation(3, 4, { normLayer: (() => 3) as never })).toThrow(/must return an nn.Module/);
  });

  it('FrozenBatchNorm2d holds buffers only and prints as torchvision', () => {
    const m = new ops.FrozenBatchNorm2d(5, { eps: 1e-3 });
    expect(m.parameters()).toEqual([]);
    expect(Object.keys(m.stateDict())).toEqual(['weight', 'bias', 'running_mean', 'running_var']);
    expect(String(m)).toBe('FrozenBatchNorm2d(5, eps=0.001)');
    expect(String(new ops.FrozenBatchNorm2d(2))).toBe('FrozenBatchNorm2d(2, eps=1e-05)');
  });
});

describe('ops.stochasticDepth', () => {
  it('draws as torchvision for the same seed (row and batch modes), the identity when not training', () => {
    const [a, b, same] = py().draws;
    torch.manualSeed(3);
    const x = torch.randn(6, 2);
    torch.manualSeed(4);
    expect(ops.stochasticDepth(x, 0.4, 'row').tolist()).toEqual(a);
    expect(ops.stochasticDepth(x, 0.4, 'batch').tolist()).toEqual(b);
    expect(ops.stochasticDepth(x, 0.4, 'row', false)).toBe(x);
    expect(same).toBe(true);
  });

  it("gives torchvision's messages for a bad p or mode", () => {
    const msgs: string[] = [];
    for (const [p, mode] of [[1.5, 'row'], [-0.1, 'row'], [0.5, 'col']] as const) {
      try { ops.stochasticDepth(torch.ones(2), p, mode as 'row'); } catch (e) { msgs.push((e as Error).message); }
    }
    expect(msgs).toEqual(py().errors);
    expect(String(new ops.StochasticDepth(0.2, 'row'))).toBe('StochasticDepth(p=0.2, mode=row)');
    expect(String(new ops.StochasticDepth(0, 'batch'))).toBe('StochasticDepth(p=0.0, mode=batch)');
  });
});
