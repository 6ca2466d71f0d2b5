import { beforeAll, describe, expect, it } from 'vitest';
import * as torch from '../../../lib/torch.js';
import * as nn from '../../../lib/nn/index.js';
import { oracle, oracleBatch } from '../../helpers/python.js';
import { expectClose } from '../helpers.js';
import { runCase, expectLayerResult, type LayerCase, type LayerResult } from '../layer_cases.js';

let py: number[][];
beforeAll(() => { py = oracle('nn/modules/linear', 'results'); });

/** One row per case, run in PyTorch and here: values, gradients, default init, repr, state dict keys. */
const cases: Record<string, LayerCase> = {
  linearKeywords: { cls: 'Linear', kwargs: { in_features: 4, out_features: 2 }, inputs: [[3, 4]] },
  linearNoBias: { cls: 'Linear', args: [5, 3, false], inputs: [[2, 4, 5]] },
  bilinear: { cls: 'Bilinear', args: [3, 4, 5], inputs: [[6, 3], [6, 4]], seed: 2 },
  bilinearKeywords: { cls: 'Bilinear', kwargs: { in1_features: 2, in2_features: 2, out_features: 3, bias: false }, inputs: [[4, 2], [4, 2]], seed: 3 },
  bilinearBatched: { cls: 'Bilinear', args: [2, 3], kwargs: { out_features: 4 }, inputs: [[2, 5, 2], [2, 5, 3]], seed: 4 },
  identity: { cls: 'Identity', args: [54], kwargs: { unused_argument1: 0.1, unused_argument2: false }, inputs: [[2, 3]] },
};

const pyb = oracleBatch<{ cases: Record<string, LayerResult>; errors: Record<string, string> }>({
  cases: ['nn/modules/linear', 'run_cases', cases],
  errors: ['nn/modules/linear', 'errors'],
});

describe('Linear, Bilinear and Identity equal PyTorch (same seed, default init)', () => {
  it('Linear forward after default init; Identity returns its input', () => {
    torch.manualSeed(1);
    const a = torch.randn(3, 4);
    expectClose(new nn.Linear(4, 2)(a), py);
    expect(new nn.Identity()(a)).toBe(a);
  });

  it.each(Object.keys(cases))('%s: values, gradients, init, repr and state dict keys', (name) => {
    expectLayerResult(name, runCase(cases[name]!), pyb().cases[name]!);
  });

  it("bad inputs give PyTorch's messages; keywords are checked by name", () => {
    const e = pyb().errors;
    expect(() => new nn.Bilinear(0, 2, 3)).toThrow(e.in1!);
    expect(() => new nn.Bilinear(2, 3, 4)(torch.zeros(5, 2), torch.zeros(5, 4))).toThrow(e.mismatch!);
    expect(() => new (nn.Bilinear as unknown as new (...a: unknown[]) => unknown)(2, 3)).toThrow("Bilinear(): missing required argument 'outFeatures'");
    expect(() => new nn.Bilinear(2, 3, 4, { bais: false } as never)).toThrow("Bilinear(): unknown option 'bais'");
  });
});
