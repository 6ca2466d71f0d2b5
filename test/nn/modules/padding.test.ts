import { beforeAll, describe, expect, it } from 'vitest';
import * as torch from '../../../lib/torch.js';
import * as nn from '../../../lib/nn/index.js';
import { oracles } from '../../helpers/python.js';
import { checkCase, type CaseResult, type ModuleCase } from '../module_cases.js';

// One table, run on both sides (init, forward, gradients, repr), every argument positionally or by name.
const table: ModuleCase[] = [
  { name: 'circular1d', cls: 'CircularPad1d', args: [[1, 2]], input: [2, 3, 5] },
  { name: 'circular1dUnbatched', cls: 'CircularPad1d', args: [2], input: [3, 4] },
  { name: 'circular2d', cls: 'CircularPad2d', kwargs: { padding: [1, 0, 2, 1] }, input: [1, 2, 3, 4] },
  { name: 'circular3d', cls: 'CircularPad3d', args: [1], input: [1, 1, 2, 3, 3] },
  { name: 'constant1d', cls: 'ConstantPad1d', args: [2, 3.5], input: [2, 2, 3] },
  { name: 'constant1dNeg', cls: 'ConstantPad1d', args: [[-1, 2]], kwargs: { value: -1 }, input: [2, 2, 4] },
  { name: 'constant2d', cls: 'ConstantPad2d', kwargs: { padding: [3, 0, 2, 1], value: 0.25 }, input: [1, 2, 2, 3] },
  { name: 'constant3d', cls: 'ConstantPad3d', args: [[1, 0, 0, 1, 2, 0], 2], input: [1, 1, 2, 2, 2] },
  { name: 'zero1d', cls: 'ZeroPad1d', args: [[2, 1]], input: [1, 2, 3] },
  { name: 'zero2d', cls: 'ZeroPad2d', kwargs: { padding: 1 }, input: [2, 3, 3] },
  { name: 'zero3d', cls: 'ZeroPad3d', args: [[0, 1, 1, 0, 2, 2]], input: [1, 1, 2, 2, 2] },
  { name: 'reflection1d', cls: 'ReflectionPad1d', args: [[2, 1]], input: [1, 2, 4] },
  { name: 'reflection2d', cls: 'ReflectionPad2d', args: [[1, 1, 2, 0]], input: [1, 2, 3, 4] },
  { name: 'reflection3d', cls: 'ReflectionPad3d', kwargs: { padding: 1 }, input: [1, 1, 3, 3, 3] },
  { name: 'replication1d', cls: 'ReplicationPad1d', args: [[3, 1]], input: [2, 4] },
  { name: 'replication2d', cls: 'ReplicationPad2d', args: [2], input: [1, 1, 3, 3] },
  { name: 'replication3d', cls: 'ReplicationPad3d', args: [[1, 0, 2, 1, 0, 1]], input: [1, 2, 2, 3, 2] },
];

let py: Record<string, CaseResult>;
let pyErrors: Record<string, string>;
beforeAll(() => {
  [py, pyErrors] = oracles<[Record<string, CaseResult>, Record<string, string>]>([['nn/modules/padding', 'cases', table], ['nn/modules/padding', 'errors']]);
});

describe('the padding layers equal PyTorch', () => {
  it.each(table.map((c) => [c.name, c] as const))('%s: forward, gradient, repr', (_name, c) => {
    checkCase(c, py[c.name]!);
  });

  it('rejects what PyTorch rejects', () => {
    expect(() => new nn.CircularPad2d(1)(torch.randn(2, 3))).toThrow(pyErrors.circularDim!);
    expect(() => new nn.CircularPad3d(1)(torch.randn(1, 2, 3, 4, 5, 6))).toThrow(pyErrors.circular3dDim!);
    expect(() => new nn.ReflectionPad1d(4)(torch.randn(1, 2, 3))).toThrow(pyErrors.reflectTooBig!);
    expect(() => new nn.ZeroPad2d([1, 2])).toThrow('ZeroPad2d(): padding must be an integer or an array of 4 integers (got an array of length 2)');
    expect(() => new nn.ConstantPad1d(2, { padding: 1 } as never)).toThrow(/ConstantPad1d\(\): got multiple values for argument 'padding'/);
    expect(() => new (nn.ConstantPad2d as unknown as new (...a: unknown[]) => nn.Module)(2)).toThrow("ConstantPad2d(): missing required argument 'value'");
    expect(() => new nn.ReplicationPad1d({ pad: 1 } as never)).toThrow("ReplicationPad1d(): unknown option 'pad'");
  });
});
