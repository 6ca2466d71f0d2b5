import { beforeAll, describe, expect, it } from 'vitest';
import * as torch from '../../../lib/torch.js';
import * as nn from '../../../lib/nn/index.js';
import { oracle } from '../../helpers/python.js';
import { expectClose } from '../helpers.js';

interface Clip { total: number; grads: number[][] }
let py: { l2: Clip; inf: Clip; l1big: Clip; value: number[][]; vec: number[] };
beforeAll(() => { py = oracle('nn/utils/clip_grad', 'results'); });

describe('nn.utils', () => {
  it('clipGradNorm_ and clipGradValue_ equal PyTorch', () => {
    torch.manualSeed(7);
    const m = new nn.Sequential(new nn.Linear(5, 4), new nn.Tanh(), new nn.Linear(4, 3));
    const x = torch.randn(6, 5);
    const cases: [keyof typeof py, number, number][] = [['l2', 0.5, 2], ['inf', 0.1, Infinity], ['l1big', 100, 1]];
    for (const [name, maxNorm, normType] of cases) {
      m.zeroGrad();
      m(x).pow(2).sum().backward();
      const total = nn.utils.clipGradNorm_(m.parameters(), maxNorm, { normType });
      const expected = py[name] as Clip;
      expect(total.item()).toBeCloseTo(expected.total, 5);
      m.parameters().forEach((p, i) => expectClose(p.grad, expected.grads[i], 1e-5));
    }
    m.zeroGrad();
    m(x).pow(2).sum().backward();
    nn.utils.clipGradValue_(m.parameters(), 0.05);
    m.parameters().forEach((p, i) => expectClose(p.grad, py.value[i], 1e-6));
    const v = nn.utils.parametersToVector(m.parameters());
    expectClose(v, py.vec, 0);
    nn.utils.vectorToParameters(v.mul(0), m.parameters());
    expect(m.parameters().every((p) => p.abs().sum().item() === 0)).toBe(true);
    expect(nn.utils.clipGradNorm_(new nn.Linear(2, 2).parameters(), 1).item()).toBe(0);
    expect(() => nn.utils.clipGradNorm_(m.parameters(), 'a' as unknown as number)).toThrow(/maxNorm must be a number/);
  });
});
