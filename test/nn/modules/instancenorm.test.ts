import { describe, expect, it } from 'vitest';
import * as torch from '../../../lib/torch.js';
import * as nn from '../../../lib/nn/index.js';
import { oracleBatch } from '../../helpers/python.js';
import { runCase, expectLayerResult, type LayerCase, type LayerResult } from '../layer_cases.js';

/** One row per case, run in PyTorch and here: values, gradients, running statistics, init, repr, state dict keys. */
const cases: Record<string, LayerCase> = {
  in1d: { cls: 'InstanceNorm1d', args: [3], inputs: [[2, 3, 6]] },
  in1dUnbatched: { cls: 'InstanceNorm1d', args: [3], inputs: [[3, 6]] },
  in1dTracked: { cls: 'InstanceNorm1d', kwargs: { num_features: 3, affine: true, track_running_stats: true }, inputs: [[2, 3, 5]], steps: 2, perturb: true },
  in2d: { cls: 'InstanceNorm2d', args: [3], inputs: [[2, 3, 4, 4]] },
  in2dAffine: { cls: 'InstanceNorm2d', args: [3, 1e-3, 0.2, true, true], inputs: [[2, 3, 4, 4]], steps: 2, perturb: true },
  in2dCumulative: { cls: 'InstanceNorm2d', kwargs: { num_features: 3, momentum: null, track_running_stats: true }, inputs: [[2, 3, 4, 4]], steps: 3 },
  in2dUnbatchedAffine: { cls: 'InstanceNorm2d', kwargs: { num_features: 2, affine: true, bias: false }, inputs: [[2, 3, 3]], perturb: true },
  in3d: { cls: 'InstanceNorm3d', args: [2], inputs: [[2, 2, 3, 3, 3]] },
  in3dTrackedEval: { cls: 'InstanceNorm3d', kwargs: { num_features: 2, track_running_stats: true }, inputs: [[2, 2, 2, 3, 3]], train: false },
};

const py = oracleBatch<{ cases: Record<string, LayerResult>; errors: Record<string, string> }>({
  cases: ['nn/modules/instancenorm', 'run_cases', cases],
  errors: ['nn/modules/instancenorm', 'errors'],
});

describe('InstanceNorm1d/2d/3d equal PyTorch', () => {
  it.each(Object.keys(cases))('%s: values, gradients, running stats, init, repr and state dict keys', (name) => {
    expectLayerResult(name, runCase(cases[name]!), py().cases[name]!);
  });

  it("bad inputs give PyTorch's messages; a channel count that affine=False ignores warns", async () => {
    const e = py().errors;
    expect(() => new nn.InstanceNorm2d(3)(torch.zeros(3, 4))).toThrow(e.dim!);
    expect(() => new nn.InstanceNorm1d(3, { affine: true })(torch.zeros(2, 4, 5))).toThrow(e.affine!);
    expect(() => new nn.InstanceNorm1d(3)(torch.zeros(2, 3, 1))).toThrow(e.spatial!);
    const warned = new Promise<string>((resolve) => process.once('warning', (w) => resolve(w.message)));
    new nn.InstanceNorm1d(3)(torch.zeros(2, 4, 5));
    expect(await warned).toBe(e.warning);
    expect(() => new nn.InstanceNorm1d(3).loadStateDict({ running_mean: torch.zeros(3), running_var: torch.ones(3) })).toThrow(e.load!);
  });

  it('keyword constructors', () => {
    const m = new nn.InstanceNorm2d({ numFeatures: 4, affine: true, trackRunningStats: true });
    expect([m.numFeatures, m.affine, m.trackRunningStats]).toEqual([4, true, true]);
    expect(Object.keys(m.stateDict())).toEqual(['weight', 'bias', 'running_mean', 'running_var', 'num_batches_tracked']);
    expect(() => new nn.InstanceNorm1d({ affine: true } as never)).toThrow("InstanceNorm1d(): missing required argument 'numFeatures'");
    expect(() => new nn.InstanceNorm1d(3, { afine: true } as never)).toThrow("unknown option 'afine'");
  });
});
