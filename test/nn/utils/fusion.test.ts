import { describe, expect, it } from 'vitest';
import * as torch from '../../../lib/torch.js';
import * as nn from '../../../lib/nn/index.js';
import { oracleBatch } from '../../helpers/python.js';
import { expectEachClose } from '../helpers.js';

const py = oracleBatch<{ r: {
  conv: { weight: unknown; bias: unknown; y: unknown; ref: unknown; repr: string; grad: boolean; keys: string[] };
  convT: { weight: unknown; bias: unknown; y: unknown; keys: string[] };
  linear: { weight: unknown; bias: unknown; y: unknown; ref: unknown };
  weights: { w: unknown; b: unknown; wGrad: boolean; bGrad: boolean };
  linearWeights: { w: unknown; b: unknown };
  errors: string[];
} }>({ r: ['nn/utils/fusion', 'results'] });

/** A batch norm with seeded, non-trivial statistics and affine parameters, in eval mode (as the oracle's _bn). */
function bnOf<B extends nn.BatchNormBase>(n: number, Cls: new (n: number) => B, seed: number): B {
  torch.manualSeed(seed);
  const bn = new Cls(n);
  torch.noGrad(() => {
    bn.running_mean!.copy_(torch.randn(n));
    bn.running_var!.copy_(torch.rand(n).add(0.5));
    bn.weight!.copy_(torch.randn(n));
    bn.bias!.copy_(torch.randn(n));
  });
  return bn.eval();
}

describe('nn.utils.fusion equals torch.nn.utils.fusion', () => {
  it('fuseConvBnEval, fuseLinearBnEval (and ConvTranspose with transpose): parameters and output', () => {
    const want = py().r;
    torch.manualSeed(0);
    const conv = new nn.Conv2d(3, 4, 3).eval();
    const bn = bnOf(4, nn.BatchNorm2d, 1);
    const x = torch.randn(2, 3, 6, 6);
    const f = nn.utils.fuseConvBnEval(conv, bn);
    expectEachClose({ weight: f.weight, bias: f.bias, y: f(x), ref: bn(conv(x)) }, { weight: want.conv.weight, bias: want.conv.bias, y: want.conv.y, ref: want.conv.ref });
    expect([String(f), f.weight.requiresGrad, Object.keys(f.stateDict())]).toEqual([want.conv.repr, want.conv.grad, want.conv.keys]);
    expect(f).not.toBe(conv);
    torch.manualSeed(2);
    const convt = new nn.ConvTranspose2d(3, 5, 2, { bias: false }).eval();
    const bnt = bnOf(5, nn.BatchNorm2d, 3);
    const xt = torch.randn(1, 3, 4, 4);
    const ft = nn.utils.fusion.fuseConvBnEval({ conv: convt, bn: bnt, transpose: true });
    expectEachClose({ weight: ft.weight, bias: ft.bias, y: ft(xt) }, { weight: want.convT.weight, bias: want.convT.bias, y: want.convT.y });
    expect(Object.keys(ft.stateDict())).toEqual(want.convT.keys);
    torch.manualSeed(4);
    const fc = new nn.Linear(5, 3).eval();
    const bn1 = bnOf(3, nn.BatchNorm1d, 5);
    const x1 = torch.randn(4, 5);
    const fl = nn.utils.fuseLinearBnEval(fc, bn1);
    expectEachClose({ weight: fl.weight, bias: fl.bias, y: fl(x1), ref: bn1(fc(x1)) }, want.linear);
    const [w, b] = nn.utils.fuseConvBnWeights(conv.weight, null, bn.running_mean!, bn.running_var!, 1e-3, null, null);
    expectEachClose({ w, b }, { w: want.weights.w, b: want.weights.b });
    expect([w.requiresGrad, b.requiresGrad]).toEqual([want.weights.wGrad, want.weights.bGrad]);
    const [lw, lb] = nn.utils.fuseLinearBnWeights(fc.weight, fc.bias, bn1.running_mean!, bn1.running_var!, bn1.eps, bn1.weight!, bn1.bias!);
    expectEachClose({ w: lw, b: lb }, want.linearWeights);
  });

  it('PyTorch\'s messages for training-mode layers and mismatched features', () => {
    const [training, features] = py().r.errors;
    const bn = bnOf(4, nn.BatchNorm2d, 1);
    expect(() => nn.utils.fuseConvBnEval(new nn.Conv2d(1, 2, 1), bn)).toThrow(training);
    expect(() => nn.utils.fuseLinearBnEval(new nn.Linear(5, 3).eval(), bnOf(4, nn.BatchNorm1d, 0))).toThrow(features);
  });
});
