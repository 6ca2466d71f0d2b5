import { beforeAll, describe, expect, it } from 'vitest';
import * as torch from '../../../lib/torch.js';
import * as nn from '../../../lib/nn/index.js';
import { oracle, oracleBatch } from '../../helpers/python.js';
import { expectEachClose } from '../helpers.js';
import { runCase, expectLayerResult, type LayerCase, type LayerResult } from '../layer_cases.js';

let py: Record<string, unknown>;
beforeAll(() => { py = oracle('nn/modules/batchnorm', 'results'); });

const BatchNormBase = nn.BatchNormBase as unknown as new (...a: unknown[]) => unknown;

/** One row per case, run in PyTorch and here: values, gradients, running statistics, init, repr, state dict keys. */
const cases: Record<string, LayerCase> = {
  bn1d: { cls: 'BatchNorm1d', args: [5], inputs: [[4, 5]], steps: 2, perturb: true },
  bn1dKeywords: { cls: 'BatchNorm1d', kwargs: { num_features: 3, momentum: null }, inputs: [[4, 3, 6]], steps: 3 },
  bn1dPositional: { cls: 'BatchNorm1d', args: [4, 1e-4, 0.2, true, true], inputs: [[3, 4]], steps: 2, perturb: true },
  bn1dNoBias: { cls: 'BatchNorm1d', args: [4], kwargs: { bias: false }, inputs: [[3, 4]], perturb: true },
  bn2d: { cls: 'BatchNorm2d', kwargs: { num_features: 4, eps: 1e-3, affine: false }, inputs: [[2, 4, 3, 3]], steps: 2 },
  bn2dEval: { cls: 'BatchNorm2d', args: [2], inputs: [[2, 2, 3, 3]], train: false, perturb: true },
  bn3d: { cls: 'BatchNorm3d', args: [3], inputs: [[2, 3, 2, 3, 3]], steps: 2, perturb: true },
  bn3dNoStats: { cls: 'BatchNorm3d', args: [3], kwargs: { track_running_stats: false }, inputs: [[2, 3, 2, 2, 2]] },
  sync: { cls: 'SyncBatchNorm', args: [3], inputs: [[4, 3, 5]], steps: 2, perturb: true },
  syncKeywords: { cls: 'SyncBatchNorm', kwargs: { num_features: 3, momentum: null, process_group: null }, inputs: [[4, 3]], steps: 2 },
  syncPositional: { cls: 'SyncBatchNorm', args: [2, 1e-3, 0.3, false, true, null], inputs: [[3, 2, 2, 2]] },
};

const pyb = oracleBatch<{ cases: Record<string, LayerResult>; errors: Record<string, string>; convert: Record<string, unknown> }>({
  cases: ['nn/modules/batchnorm', 'run_cases', cases],
  errors: ['nn/modules/batchnorm', 'errors'],
  convert: ['nn/modules/batchnorm', 'convert'],
});

describe('BatchNorm equals PyTorch', () => {
  it('training and eval, running statistics, cumulative average (momentum null), no running stats', () => {
    const o: Record<string, unknown> = {};
    torch.manualSeed(1);
    const x = torch.randn(4, 3, 8, 8);
    const bn2 = new nn.BatchNorm2d(3);
    o.bnTrain = bn2(x); o.bnMean = bn2.runningMean!.clone(); o.bnVar = bn2.runningVar!.clone();
    bn2.eval(); o.bnEval = bn2(x);
    const bn1 = new nn.BatchNorm1d(6, { momentum: null });
    const z = torch.randn(5, 6);
    bn1(z); bn1(z.mul(2)); o.bnCumMean = bn1.running_mean; o.bnCumVar = bn1.running_var;
    const bn3 = new nn.BatchNorm1d(4, { affine: false, trackRunningStats: false });
    const z3 = torch.randn(3, 4, 5); bn3.eval(); o.bnNoStats = bn3(z3);
    expectEachClose(o, py);
  });

  it.each(Object.keys(cases))('%s: values, gradients, running stats, init, repr and state dict keys', (name) => {
    expectLayerResult(name, runCase(cases[name]!), pyb().cases[name]!);
  });

  it('BatchNorm needs more than one value per channel when training', () => {
    const bn = new nn.BatchNorm1d(3);
    expect(() => bn(torch.zeros(1, 3))).toThrow('Expected more than 1 value per channel when training, got input size torch.Size([1, 3])');
    expect(() => bn(torch.zeros(2, 3, 4, 5))).toThrow('expected 2D or 3D input (got 4D input)');
    bn.eval();
    expect(bn(torch.zeros(1, 3)).shape).toEqual([1, 3]);
  });

  it("bad inputs give PyTorch's messages", () => {
    const e = pyb().errors;
    expect(() => new nn.BatchNorm3d(3)(torch.zeros(2, 3, 4, 4))).toThrow(e.dim3d!);
    expect(() => new nn.SyncBatchNorm(3)(torch.zeros(3))).toThrow(e.syncDim!);
    expect(() => new nn.SyncBatchNorm(0)(torch.zeros(2, 0))).toThrow(e.syncZero!);
    expect(() => nn.F.batchNorm(torch.zeros(2, 3), null, null, { training: true, eps: 0 })).toThrow(e.epsTrain!);
  });

  it('keyword constructors: required by name, unknown keys and bad values rejected by name', () => {
    const bn = new nn.BatchNorm2d({ numFeatures: 64, momentum: null });
    expect([bn.numFeatures, bn.momentum]).toEqual([64, null]);
    expect(new nn.BatchNorm1d(8, 1e-3, { affine: false }).eps).toBe(1e-3);
    expect(() => new (nn.BatchNorm1d as unknown as new (o: object) => unknown)({ eps: 1e-3 })).toThrow("BatchNorm1d(): missing required argument 'numFeatures'");
    expect(() => new nn.BatchNorm1d(3, { epsilon: 1 } as never)).toThrow("BatchNorm1d(): unknown option 'epsilon'");
    expect(() => new nn.BatchNorm1d(3, { momentum: 'a' } as never)).toThrow(TypeError);
    expect(() => new nn.BatchNorm1d(3, 1e-5, { eps: 1e-3 })).toThrow("got multiple values for argument 'eps'");
    expect(() => new nn.SyncBatchNorm(3, { processGroup: 'g', bias: false }).processGroup).not.toThrow();
  });

  it('SyncBatchNorm.convertSyncBatchnorm replaces the batch norms, sharing their tensors', () => {
    torch.manualSeed(3);
    const bn = new nn.BatchNorm2d(4, { momentum: null });
    const model = new nn.Sequential(new nn.Conv2d(3, 4, 3), bn, new nn.Sequential(new nn.BatchNorm1d(2, { affine: false })));
    model.eval();
    const synced = nn.SyncBatchNorm.convertSyncBatchnorm(model) as nn.Sequential;
    const p = pyb().convert;
    expect(String(synced)).toBe(p.repr);
    expect(Object.keys(synced.stateDict())).toEqual(p.keys);
    expect(synced === model).toBe(p.same);
    const s = synced.at(1) as nn.SyncBatchNorm;
    expect(s).toBeInstanceOf(nn.SyncBatchNorm);
    expect(s.training).toBe(p.training);
    expect(s.weight).toBe(bn.weight);
    expect(s.running_mean).toBe(bn.running_mean);
    expect(s.numBatchesTracked).toBe(bn.numBatchesTracked);
  });
});

describe('the abstract base nn.BatchNormBase with odd arguments', () => {
  it('a non-string name is a TypeError at once', () => {
    const t0 = Date.now();
    expect(() => new BatchNormBase(NaN, { numFeatures: 3 })).toThrow(TypeError);
    expect(Date.now() - t0).toBeLessThan(2000);
  });

  it('an argument list lying about its length is too many arguments, at once', () => {
    const lying = new Proxy([1, 2], { get: (t, k) => (k === 'length' ? 1e9 : Reflect.get(t, k)) });
    const t0 = Date.now();
    expect(() => Reflect.construct(nn.BatchNorm1d, lying)).toThrow();
    expect(Date.now() - t0).toBeLessThan(2000);
  });

  it('ordinary subclasses are unchanged', () => {
    expect(new nn.BatchNorm1d(3, { eps: 1e-3 }).eps).toBe(1e-3);
  });
});
