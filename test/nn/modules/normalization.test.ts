import { beforeAll, describe, expect, it } from 'vitest';
import * as torch from '../../../lib/torch.js';
import * as nn from '../../../lib/nn/index.js';
import { oracle, oracleBatch } from '../../helpers/python.js';
import { expectEachClose } from '../helpers.js';
import { runCase, expectLayerResult, type LayerCase, type LayerResult } from '../layer_cases.js';

let py: { ln: Record<string, unknown>; gn: Record<string, unknown>; gnrepr: string[] };
beforeAll(() => { py = oracle('nn/modules/normalization', 'results'); });

/** One row per case, run in PyTorch and here: values, gradients, init, repr, state dict keys. */
const cases: Record<string, LayerCase> = {
  lnKeywords: { cls: 'LayerNorm', kwargs: { normalized_shape: [10] }, inputs: [[3, 10]], perturb: true },
  lnPositional: { cls: 'LayerNorm', args: [[4, 5], 1e-3, false], inputs: [[2, 3, 4, 5]] },
  lnNoBias: { cls: 'LayerNorm', args: [6], kwargs: { bias: false }, inputs: [[2, 6]], perturb: true },
  gnKeywords: { cls: 'GroupNorm', kwargs: { num_groups: 2, num_channels: 4 }, inputs: [[2, 4, 3, 3]], perturb: true },
  gnPositional: { cls: 'GroupNorm', args: [3, 6, 1e-3, false], inputs: [[2, 6, 5]] },
  gnNoBias: { cls: 'GroupNorm', args: [1, 2], kwargs: { bias: false }, inputs: [[3, 2, 4]], perturb: true },
  rms: { cls: 'RMSNorm', args: [[6]], inputs: [[3, 6]], perturb: true },
  rmsKeywords: { cls: 'RMSNorm', kwargs: { normalized_shape: [2, 3], eps: 1e-6 }, inputs: [[4, 2, 3]], perturb: true },
  rmsNoAffine: { cls: 'RMSNorm', args: [5, null, false], inputs: [[2, 5]] },
  lrn: { cls: 'LocalResponseNorm', args: [2], inputs: [[2, 5, 4, 4]] },
  lrn3d: { cls: 'LocalResponseNorm', args: [3], kwargs: { alpha: 1e-2, beta: 0.5, k: 1.5 }, inputs: [[2, 6, 7]] },
  lrn5d: { cls: 'LocalResponseNorm', kwargs: { size: 3 }, inputs: [[1, 4, 2, 3, 3]] },
  crossMap: { cls: 'CrossMapLRN2d', args: [3], inputs: [[2, 6, 4, 4]] },
  crossMapWide: { cls: 'CrossMapLRN2d', kwargs: { size: 5, alpha: 0.01, beta: 0.75, k: 2 }, inputs: [[2, 9, 3, 3]] },
  crossMapFewChannels: { cls: 'CrossMapLRN2d', args: [4, 0.1, 0.5], inputs: [[1, 2, 3, 2]] },
};

const pyb = oracleBatch<{ cases: Record<string, LayerResult>; errors: Record<string, string> }>({
  cases: ['nn/modules/normalization', 'run_cases', cases],
  errors: ['nn/modules/normalization', 'errors'],
});

describe('normalization layers equal PyTorch', () => {
  it('LayerNorm over several dimensions, and without bias', () => {
    torch.manualSeed(1);
    const x = torch.randn(4, 3, 8, 8);
    expectEachClose({ ln: new nn.LayerNorm([8, 8])(x), lnNoBias: new nn.LayerNorm(8, { bias: false })(x) }, py.ln);
  });

  it('GroupNorm with and without affine parameters: forward and repr', () => {
    torch.manualSeed(11);
    const x = torch.randn(2, 4, 5, 5);
    const gn = new nn.GroupNorm(2, 4);
    const gn2 = new nn.GroupNorm(4, 4, { affine: false });
    expectEachClose({ gn: gn(x), gn2: gn2(x) }, py.gn);
    expect([gn, gn2].map(String)).toEqual(py.gnrepr);
  });

  it.each(Object.keys(cases))('%s: values, gradients, init, repr and state dict keys', (name) => {
    expectLayerResult(name, runCase(cases[name]!), pyb().cases[name]!);
  });

  it("bad inputs give PyTorch's messages", () => {
    const e = pyb().errors;
    expect(() => new nn.LocalResponseNorm(2)(torch.zeros(2, 3))).toThrow(e.lrnDim!);
    expect(() => new nn.CrossMapLRN2d(3)(torch.zeros(2, 3, 4))).toThrow(e.crossDim!);
    expect(() => new nn.RMSNorm(4)(torch.zeros(2, 3))).toThrow(e.rmsShape!);
    expect(() => new nn.GroupNorm(3, 4)).toThrow(e.gnDivisible!);
  });

  it('keyword constructors: required by name, unknown keys rejected by name', () => {
    expect(new nn.LayerNorm({ normalizedShape: [10] }).normalizedShape).toEqual([10]);
    expect(new nn.GroupNorm({ numGroups: 2, numChannels: 4 }).numChannels).toBe(4);
    expect(new nn.LocalResponseNorm({ size: 3, k: 2 }).k).toBe(2);
    expect(() => new (nn.LayerNorm as unknown as new (o: object) => unknown)({ eps: 1 })).toThrow("LayerNorm(): missing required argument 'normalizedShape'");
    expect(() => new nn.GroupNorm(2, { numChannel: 4 } as never)).toThrow("GroupNorm(): unknown option 'numChannel'");
    expect(() => new nn.RMSNorm([4], { eps: 'x' } as never)).toThrow(TypeError);
    expect(() => new nn.CrossMapLRN2d(0)).toThrow(RangeError);
  });
});
