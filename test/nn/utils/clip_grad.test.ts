import { beforeAll, describe, expect, it } from 'vitest';
import * as torch from '../../../lib/torch.js';
import * as nn from '../../../lib/nn/index.js';
import { oracles } from '../../helpers/python.js';
import { expectClose } from '../helpers.js';

interface Clip { total: number; grads: number[][] }
let py: { l2: Clip; inf: Clip; l1big: Clip; value: number[][]; vec: number[] };
interface Extra {
  total3: number; totalInf: number; withNorm: number[][]; noForeach: number; noForeachGrads: number[][]; deprecated: number;
  valueNoForeach: number[][]; nonfinite: string; nonfiniteInf: string; vecType: string;
}
let px: Extra;
beforeAll(() => { [py, px] = oracles<[typeof py, Extra]>([['nn/utils/clip_grad', 'results'], ['nn/utils/clip_grad', 'extra']]); });

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

describe('getTotalNorm, clipGradsWithNorm_, foreach and the deprecated clipGradNorm', () => {
  it('equal PyTorch over float32 and float64 groups', () => {
    torch.manualSeed(11);
    const m = new nn.Sequential(new nn.Linear(4, 3), new nn.Linear(3, 2).double());
    const grads = () => { m.zeroGrad(); for (const p of m.parameters()) p.grad = torch.randnLike(p); };
    grads();
    const gs = m.parameters().map((p) => p.grad!);
    expect(nn.utils.getTotalNorm(gs, 3.0).item()).toBeCloseTo(px.total3, 5);
    expect(nn.utils.getTotalNorm(gs, Infinity, { foreach: false }).item()).toBeCloseTo(px.totalInf, 6);
    const total = nn.utils.getTotalNorm(gs);
    nn.utils.clipGradsWithNorm_(m.parameters(), 0.3, total, { foreach: false });
    m.parameters().forEach((p, i) => expectClose(p.grad, px.withNorm[i], 1e-6));
    grads();
    expect(nn.utils.clipGradNorm_(m.parameters(), 0.2, 1.0, { foreach: false }).item()).toBeCloseTo(px.noForeach, 5);
    m.parameters().forEach((p, i) => expectClose(p.grad, px.noForeachGrads[i], 1e-6));
    grads();
    const warn = process.emitWarning;
    process.emitWarning = () => {};
    try {
      expect(nn.utils.clipGradNorm(m.parameters(), 0.2).item()).toBeCloseTo(px.deprecated, 5);
    } finally { process.emitWarning = warn; }
    grads();
    nn.utils.clipGradValue_(m.parameters(), 0.1, { foreach: false });
    m.parameters().forEach((p, i) => expectClose(p.grad, px.valueNoForeach[i], 0));
  });

  it("errors are PyTorch's", () => {
    const m = new nn.Sequential(new nn.Linear(4, 3), new nn.Linear(3, 2).double());
    for (const p of m.parameters()) p.grad = torch.onesLike(p);
    m.at(0).parameters()[0]!.grad!.indexPut_([0, 0], NaN);
    expect(() => nn.utils.clipGradNorm_(m.parameters(), 1.0, { errorIfNonfinite: true })).toThrow(px.nonfinite);
    expect(() => nn.utils.clipGradNorm_(m.parameters(), 1.0, Infinity, true)).toThrow(px.nonfiniteInf);
    expect(() => nn.utils.vectorToParameters([1.0] as never, m.parameters())).toThrow(/vec must be a Tensor/);
    expect(() => nn.utils.getTotalNorm(m.parameters(), { bogus: 1 } as never)).toThrow(/unknown option 'bogus'/);
    expect(() => nn.utils.clipGradNorm_(m.parameters(), 1.0, { foreach: 'yes' as never })).toThrow(/foreach must be a boolean/);
  });
});
