import { describe, expect, it } from 'vitest';
import * as torch from '../../../lib/torch.js';
import * as nn from '../../../lib/nn/index.js';
import { oracleBatch } from '../../helpers/python.js';
import { expectClose } from '../helpers.js';
import { runCase, expectLayerResult, type LayerCase, type LayerResult } from '../layer_cases.js';

/**
 * One row per case, run in PyTorch and here: repr and state dict before the first forward (the
 * uninitialized parameters), then after it: the class it became, repr, the default initialisation
 * drawn at materialization, values, gradients and running statistics.
 */
const cases: Record<string, LayerCase> = {
  linear: { cls: 'LazyLinear', args: [5], inputs: [[3, 7]] },
  linearKeywords: { cls: 'LazyLinear', kwargs: { out_features: 3, bias: false }, inputs: [[2, 4, 6]], seed: 1 },
  linearPerturbed: { cls: 'LazyLinear', args: [2], inputs: [[4, 3]], perturb: true },
  bn1d: { cls: 'LazyBatchNorm1d', inputs: [[4, 5]], steps: 2, perturb: true },
  bn2d: { cls: 'LazyBatchNorm2d', kwargs: { momentum: null }, inputs: [[2, 3, 4, 4]], steps: 2 },
  bn3d: { cls: 'LazyBatchNorm3d', kwargs: { affine: false }, inputs: [[2, 2, 2, 3, 3]] },
  bnNoStats: { cls: 'LazyBatchNorm1d', args: [1e-3, 0.1, true, false], inputs: [[3, 4, 2]], perturb: true },
  in1d: { cls: 'LazyInstanceNorm1d', kwargs: { affine: true, track_running_stats: true }, inputs: [[2, 3, 8]], steps: 2, perturb: true },
  in2d: { cls: 'LazyInstanceNorm2d', inputs: [[2, 3, 4, 4]] },
  in3d: { cls: 'LazyInstanceNorm3d', kwargs: { affine: true, bias: false }, inputs: [[1, 2, 3, 3, 3]] },
  conv1d: { cls: 'LazyConv1d', args: [4, 3], inputs: [[2, 3, 10]] },
  conv2d: { cls: 'LazyConv2d', kwargs: { out_channels: 4, kernel_size: 3, padding: 1 }, inputs: [[2, 3, 5, 5]], seed: 1 },
  conv2dUnbatched: { cls: 'LazyConv2d', args: [4, 3], inputs: [[3, 5, 5]], seed: 2 },
  conv2dGroups: { cls: 'LazyConv2d', args: [4, 3], kwargs: { groups: 2, bias: false, padding_mode: 'reflect', padding: 1 }, inputs: [[1, 4, 5, 5]], seed: 3 },
  conv3d: { cls: 'LazyConv3d', args: [2, 2], inputs: [[1, 3, 4, 4, 4]] },
  convT1d: { cls: 'LazyConvTranspose1d', args: [4, 3], kwargs: { stride: 2 }, inputs: [[2, 3, 5]] },
  convT2d: { cls: 'LazyConvTranspose2d', args: [2, 2], kwargs: { stride: 2, output_padding: 1 }, inputs: [[1, 3, 3, 3]], seed: 4 },
  convT3d: { cls: 'LazyConvTranspose3d', kwargs: { out_channels: 2, kernel_size: 2, dilation: 2 }, inputs: [[1, 2, 2, 2, 2]], seed: 5 },
};

const py = oracleBatch<{ cases: Record<string, LayerResult>; behaviour: Record<string, unknown>; copies: Record<string, unknown> }>({
  cases: ['nn/modules/lazy', 'run_cases', cases],
  behaviour: ['nn/modules/lazy', 'behaviour'],
  copies: ['nn/modules/lazy', 'copies_and_casts'],
});

describe('lazy modules equal PyTorch', () => {
  it.each(Object.keys(cases))('%s: before and after the first forward', (name) => {
    expectLayerResult(name, runCase(cases[name]!), py().cases[name]!);
  });

  it('become their non-lazy class after the first forward', () => {
    const fc = new nn.LazyLinear(10);
    expect(fc).toBeInstanceOf(nn.LazyModuleMixin);
    expect(fc).toBeInstanceOf(nn.Linear);
    expect(nn.LazyModuleMixin.hasUninitializedParams(fc)).toBe(true);
    expect(fc.weight).toBeInstanceOf(nn.UninitializedParameter);
    const w = fc.weight;
    fc(torch.randn(4, 7));
    expect(fc).not.toBeInstanceOf(nn.LazyModuleMixin);
    expect(fc.constructor).toBe(nn.Linear);
    expect(fc.weight).toBe(w);
    expect(fc.weight).not.toBeInstanceOf(nn.UninitializedParameter);
    expect(fc.weight.constructor).toBe(nn.Parameter);
    expect(fc.weight.shape).toEqual([10, 7]);
    expect(fc.inFeatures).toBe(7);
    const bn = new nn.LazyBatchNorm2d();
    expect(bn).not.toBeInstanceOf(nn.BatchNorm2d);
    bn(torch.randn(2, 3, 2, 2));
    expect(bn).toBeInstanceOf(nn.BatchNorm2d);
    expect(bn.running_mean!.constructor).toBe(torch.Tensor);
    expect(bn.running_mean!.shape).toEqual([3]);
    // An optimizer built before the first forward holds the same (now materialized) parameters.
    const conv = new nn.LazyConv2d(4, 3);
    const params = conv.parameters();
    conv(torch.randn(1, 2, 5, 5));
    expect(conv.parameters()).toEqual(params);
    expect(params[0]!.shape).toEqual([4, 2, 3, 3]);
  });

  it("load a state dict before the first forward, print and fail as PyTorch's", () => {
    const b = py().behaviour;
    torch.manualSeed(0);
    const src = new nn.Linear(3, 2);
    const lazy = new nn.LazyLinear(2);
    lazy.loadStateDict(src.stateDict());
    expect(String(lazy)).toBe(b.loadedRepr);
    expect(lazy instanceof nn.LazyModuleMixin).toBe(b.loadedLazy);
    expect(lazy.constructor.name).toBe(b.loadedClass);
    expectClose(lazy.weight, b.loadedWeight);
    expect(String(new nn.LazyLinear(2).weight)).toBe(b.uninitRepr);
    expect(String(new nn.LazyBatchNorm1d().running_mean)).toBe(b.bufRepr);
    expect(() => new nn.LazyLinear(2).weight.shape).toThrow(b.shapeError as string);
    expect(() => new nn.LazyConv2d(4, 3)(torch.zeros(2, 3))).toThrow(b.convDim as string);
    expect(() => new nn.LazyConv2d(4, 3, { groups: 2 })(torch.zeros(1, 3, 5, 5))).toThrow(b.groups as string);
    expect(() => new nn.LazyBatchNorm1d()(torch.randn(3))).toThrow('LazyBatchNorm1d: expected an input with a channel dimension (dim 1)');
    expect(() => new nn.LazyLinear(3)(torch.tensor(1))).toThrow(RangeError);
    expect(() => (new nn.LazyLinear(3) as unknown as (x: number) => unknown)(5)).toThrow('LazyLinear.forward(): input must be a Tensor (got number 5)');
    expect(() => new nn.UninitializedParameter().materialize('a' as never)).toThrow('materialize(): shape must be a non-negative integer or an array of them');
    expect(() => nn.SyncBatchNorm.convertSyncBatchnorm(3 as never)).toThrow('SyncBatchNorm.convertSyncBatchnorm(): module must be an nn.Module (got number 3)');
    const p = new nn.UninitializedParameter();
    p.materialize([2, 3]);
    expect([p.constructor.name, p.shape, p.requiresGrad]).toEqual(b.materialized);
    const buf = new nn.UninitializedBuffer();
    buf.materialize(4);
    expect([buf.constructor.name, buf.shape, buf.requiresGrad]).toEqual(b.bufMaterialized);
  });

  it('a deep copy made before the first forward initialises on its own; a cast before it casts the materialized tensors', () => {
    const p = py().copies;
    torch.manualSeed(4);
    const seq = new nn.Sequential(new nn.LazyLinear(3), new nn.ReLU(), new nn.LazyLinear(2));
    const c = seq.deepCopy();
    const x = torch.randn(5, 4);
    const y = c(x);
    expect(String(c)).toBe(p.copyRepr);
    expectClose(y, p.copyY);
    expectClose((c.at(0) as nn.Linear).weight, p.copyWeight);
    expect(seq.at(0) instanceof nn.LazyModuleMixin).toBe(p.originalLazy);
    const d = new nn.Sequential(new nn.LazyLinear(2), new nn.LazyBatchNorm1d()).double();
    const z = d(torch.randn([3, 4], { dtype: 'float64' }));
    expectClose(z, p.doubleY);
    expect(Object.values(d.stateDict()).map((t) => t.dtype)).toEqual(p.doubleDtypes);
  });

  it('keyword constructors', () => {
    expect(new nn.LazyLinear({ outFeatures: 3 }).outFeatures).toBe(3);
    expect(new nn.LazyConvTranspose2d({ outChannels: 8, kernelSize: 2, stride: 2 }).stride).toEqual([2, 2]);
    expect(new nn.LazyBatchNorm1d({ eps: 1e-3 }).eps).toBe(1e-3);
    expect(() => new (nn.LazyLinear as unknown as new () => unknown)()).toThrow("LazyLinear(): missing required argument 'outFeatures'");
    expect(() => new nn.LazyConv1d(3, 3, { kernel: 1 } as never)).toThrow("LazyConv1d(): unknown option 'kernel'");
    expect(() => new nn.LazyInstanceNorm2d({ numFeatures: 3 } as never)).toThrow("LazyInstanceNorm2d(): unknown option 'numFeatures'");
  });
});

describe('constructor types', () => {
  it('reject a missing required argument at compile time', () => {
    // @ts-expect-error outFeatures is required
    expect(() => new nn.LazyLinear({ bias: false })).toThrow(TypeError);
    // @ts-expect-error kernelSize is required
    expect(() => new nn.LazyConv2d(4)).toThrow(TypeError);
    // @ts-expect-error numFeatures is required
    expect(() => new nn.BatchNorm2d({ momentum: null })).toThrow(TypeError);
    // @ts-expect-error normalizedShape is required
    expect(() => new nn.LayerNorm({ eps: 1e-3 })).toThrow(TypeError);
    // @ts-expect-error numChannels is required
    expect(() => new nn.GroupNorm({ numGroups: 2 })).toThrow(TypeError);
    // @ts-expect-error in2Features and outFeatures are required
    expect(() => new nn.Bilinear(3, { bias: false })).toThrow(TypeError);
    // @ts-expect-error unknown keyword
    expect(() => new nn.InstanceNorm1d(3, { affin: true })).toThrow(TypeError);
    expect(new nn.SyncBatchNorm({ numFeatures: 2, processGroup: null }).numFeatures).toBe(2);
  });
});
