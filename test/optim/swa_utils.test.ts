import { describe, expect, it } from 'vitest';
import * as torch from '../../lib/torch.js';
import type { Tensor } from '../../lib/torch.js';
import * as nn from '../../lib/nn/index.js';
import * as optim from '../../lib/optim/index.js';
import { oracleBatch } from '../helpers/python.js';
import { expectClose } from '../nn/helpers.js';

const swa = optim.swa_utils;
type SD = Record<string, unknown>;
const py = oracleBatch<{ a: {
  keys: string[]; repr: string; swa: SD; emaMulti: SD; emaAvg: SD; swaMulti: SD; buffers: SD; forward: unknown;
  bn: [unknown, unknown, number, boolean, number]; bnBare: unknown; badDecay: string; both: string;
} }>({ a: ['optim/swa_utils', 'averaged'] });

const makeModel = () => new nn.Sequential(new nn.Linear(3, 4), new nn.BatchNorm1d(4), new nn.ReLU(), new nn.Linear(4, 2));

function perturb(m: nn.Sequential, k: number): void {
  torch.noGrad(() => {
    m.parameters().forEach((p, i) => { p.add_(torch.fullLike(p, 0.1 * (k + 1) + 0.01 * i)); });
    const bn = m.at(1) as nn.BatchNorm1d;
    bn.running_mean!.add_(k + 1);
    bn.num_batches_tracked!.add_(k + 1);
  });
}

describe('optim.swa_utils.AveragedModel', () => {
  it('SWA and EMA averages (avgFn, multiAvgFn, useBuffers) equal PyTorch, state dict keys under module.', () => {
    const r = py().a;
    torch.manualSeed(0);
    const model = makeModel();
    const variants: Record<string, optim.swa_utils.AveragedModel> = {
      swa: new swa.AveragedModel(model),
      emaMulti: new swa.AveragedModel(model, { multiAvgFn: swa.getEmaMultiAvgFn(0.9) }),
      emaAvg: new swa.AveragedModel(model, null, swa.getEmaAvgFn(0.8)),
      swaMulti: new swa.AveragedModel({ model, multiAvgFn: swa.getSwaMultiAvgFn() }),
      buffers: new swa.AveragedModel(model, { useBuffers: true, multiAvgFn: swa.getEmaMultiAvgFn(0.5) }),
    };
    expect(Object.keys(variants.swa!.stateDict())).toEqual(r.keys);
    expect(String(variants.swa)).toBe(r.repr);
    for (let k = 0; k < 3; k++) {
      perturb(model, k);
      for (const v of Object.values(variants)) v.updateParameters(model);
    }
    for (const [name, v] of Object.entries(variants)) {
      const sd = v.stateDict();
      const want = (r as unknown as Record<string, SD>)[name]!;
      expect(Object.keys(sd)).toEqual(Object.keys(want));
      for (const [key, t] of Object.entries(sd)) expectClose(t, want[key], 1e-6);
    }
    const x = torch.randn(5, 3);
    variants.swa!.eval();
    expectClose(variants.swa!(x) as Tensor, r.forward, 1e-6);
    expect(variants.swa!.module).not.toBe(model);
  });

  it('updateBn recomputes BatchNorm statistics over [input, target] batches or bare tensors', () => {
    const r = py().a;
    torch.manualSeed(0);
    const model = makeModel();
    const m = new swa.AveragedModel(model);
    for (let k = 0; k < 3; k++) { perturb(model, k); m.updateParameters(model); }
    torch.manualSeed(1);
    const data = [0, 1, 2].map(() => torch.randn(4, 3).mul(2).add(1));
    m.eval();
    swa.updateBn(data.map((d) => [d, torch.zeros(4)]), m);
    const bn = m.module.at(1) as nn.BatchNorm1d;
    expectClose(bn.running_mean, r.bn[0], 1e-5);
    expectClose(bn.running_var, r.bn[1], 1e-5);
    expect([bn.momentum, m.training, bn.num_batches_tracked!.item()]).toEqual(r.bn.slice(2));
    swa.updateBn(data.values(), m);
    expectClose(bn.running_var, r.bnBare, 1e-5);
    swa.updateBn([torch.ones(1)], new nn.Linear(1, 1)); // no BatchNorm: nothing to do
  });

  it("errors are PyTorch's or name the argument", () => {
    const r = py().a;
    expect(() => swa.getEmaAvgFn(1.5)).toThrow(r.badDecay);
    expect(() => new swa.AveragedModel(makeModel(), { avgFn: swa.getEmaAvgFn(), multiAvgFn: swa.getEmaMultiAvgFn() })).toThrow(r.both);
    expect(() => new swa.AveragedModel({} as never)).toThrow(/missing required argument 'model'/);
    expect(() => new swa.AveragedModel(makeModel(), { bogus: 1 } as never)).toThrow(/unknown option 'bogus'/);
    expect(() => swa.updateBn(3 as never, makeModel())).toThrow(/loader must be/);
  });
});
