import { describe, expect, it } from 'vitest';
import * as torch from '../../../lib/torch.js';
import * as nn from '../../../lib/nn/index.js';
import { oracleBatch } from '../../helpers/python.js';

const py = oracleBatch<{
  mf: { strides2d: number[][]; strides3d: number[][]; skip: [number[], string, boolean]; afterSkip: number[] };
}>({ mf: ['nn/utils/memory_format', 'results'] });

describe('convertConv2dWeightMemoryFormat, convertConv3dWeightMemoryFormat, skipInit', () => {
  it('convert the weights of the right layers only, as PyTorch', () => {
    const r = py().mf;
    torch.manualSeed(1);
    const m = new nn.Sequential(new nn.Conv2d(3, 4, 3), new nn.ReLU(), new nn.Sequential(new nn.ConvTranspose2d(4, 2, 2)), new nn.Conv3d(2, 2, 1));
    expect(nn.utils.convertConv2dWeightMemoryFormat(m, 'channels_last')).toBe(m);
    expect(m.parameters().map((p) => p.stride())).toEqual(r.strides2d);
    nn.utils.convertConv3dWeightMemoryFormat(m, 'channels_last_3d');
    expect(m.parameters().map((p) => p.stride())).toEqual(r.strides3d);
  });

  it('skipInit builds on meta and moves to the device without drawing', () => {
    const r = py().mf;
    torch.manualSeed(2);
    const s = nn.utils.skipInit(nn.Linear, 5, 3, { bias: false });
    expect([s.weight.shape, String(s.weight.device), s.bias === null]).toEqual(r.skip);
    expect(s).toBeInstanceOf(nn.Linear);
    expect(torch.rand(2).tolist()).toEqual(r.afterSkip);
    class NoDevice extends nn.Module { w = new nn.Parameter(torch.ones(1)); constructor(opts: object = {}) { super(); void opts; } }
    expect(() => (nn.utils.skipInit as (c: unknown) => unknown)(NoDevice)).toThrow("Module must support a 'device' arg to skip initialization");
    expect(() => (nn.utils.skipInit as (c: unknown) => unknown)(Object)).toThrow(/Expected a Module/);
  });
});
