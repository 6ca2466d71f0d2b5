import { describe, expect, it } from 'vitest';
import * as torch from '../../../lib/torch.js';
import type { Tensor } from '../../../lib/torch.js';
import * as nn from '../../../lib/nn/index.js';
import { oracleBatch } from '../../helpers/python.js';
import { expectClose } from '../helpers.js';

const PZ = nn.utils.parametrizations;
type L = unknown;
interface Orth { weight: L; keys: string[]; repr: string; grad: L }
const py = oracleBatch<{
  orth: { householder: Orth; matrixExp: Orth; cayley: Orth; householderNoTriv: Orth; errors: Record<string, string> };
  wn: { keys: string[]; g: L; weight: L; repr: string; gradG: L; gradV: L; convG: number; oldKeys: string[]; oldG: L; oldY: L; loadedWeight: L; oldRemoved: [string[], L]; removeTwice: string };
  sn: { keys: string[]; u0: L; v0: L; repr: string; y: L; u1: L; grad: L; evalWeight: L; u2: L; convT: [number, L, L];
    oldKeys: string[]; oldU: L; oldY: L; oldU1: L; oldGrad: L; oldRemoved: [string[], L]; badIters: string };
}>({
  orth: ['nn/utils/parametrizations', 'orthogonal'],
  wn: ['nn/utils/parametrizations', 'weight_norm'],
  sn: ['nn/utils/parametrizations', 'spectral_norm'],
});

const quiet = <T>(fn: () => T): T => {
  const warn = process.emitWarning;
  process.emitWarning = () => {};
  try { return fn(); } finally { process.emitWarning = warn; }
};

describe('parametrizations.orthogonal', () => {
  const cases: [keyof ReturnType<typeof py>['orth'] & string, [number, number], nn.utils.parametrizations.OrthogonalOptions][] = [
    ['householder', [3, 5], {}], ['matrixExp', [4, 4], {}], ['cayley', [5, 3], { orthogonalMap: 'cayley' }],
    ['householderNoTriv', [5, 3], { useTrivialization: false }],
  ];
  for (const [name, shape, opts] of cases) {
    it(`${name}: the weight, keys, printing and gradient as PyTorch for the same seed`, () => {
      const want = py().orth[name] as Orth;
      torch.manualSeed(4);
      const m = PZ.orthogonal(new nn.Linear(shape[1], shape[0]), opts);
      expectClose(m.weight, want.weight, 1e-5);
      expect(Object.keys(m.stateDict())).toEqual(want.keys);
      expect(String(m)).toBe(want.repr);
      const x = torch.randn(2, shape[1]);
      (m(x) as Tensor).sum().backward();
      expectClose(m.parametrizations.weight!.original.grad, want.grad, 1e-4);
    });
  }
  it("rejects what PyTorch rejects, with its messages", () => {
    const e = py().orth.errors;
    expect(() => PZ.orthogonal(new nn.BatchNorm1d(3))).toThrow(e.vector!);
    expect(() => PZ.orthogonal(new nn.Linear(2, 2), { orthogonalMap: 'qr' as never })).toThrow(e.badMap!);
    expect(() => PZ.orthogonal(new nn.Linear(2, 2), 'w')).toThrow(e.noName!);
  });
});

describe('parametrizations.weightNorm and the older weightNorm hook', () => {
  it('g, v, the weight and their gradients; Conv2d with dim null', () => {
    const r = py().wn;
    torch.manualSeed(5);
    const m = PZ.weightNorm(new nn.Linear(4, 3));
    expect(Object.keys(m.stateDict())).toEqual(r.keys);
    expectClose((m.parametrizations.weight! as unknown as Record<string, Tensor>).original0, r.g, 1e-6);
    expectClose(m.weight, r.weight, 1e-6);
    expect(String(m)).toBe(r.repr);
    const x = torch.randn(2, 4);
    m(x).pow(2).sum().backward();
    const pl = m.parametrizations.weight! as unknown as Record<string, Tensor>;
    expectClose(pl.original0!.grad, r.gradG, 1e-5);
    expectClose(pl.original1!.grad, r.gradV, 1e-5);
    const c = PZ.weightNorm(new nn.Conv2d(2, 3, 2), { dim: null });
    expectClose((c.parametrizations.weight! as unknown as Record<string, Tensor>).original0, [r.convG], 1e-6);

    const old = quiet(() => { torch.manualSeed(6); return nn.utils.weightNorm(new nn.Linear(4, 3)); });
    expect(Object.keys(old.stateDict())).toEqual(r.oldKeys);
    expectClose((old as unknown as Record<string, Tensor>).weight_g, r.oldG, 1e-6);
    expectClose(old(x), r.oldY, 1e-5);
    m.loadStateDict(old.stateDict()); // weight_g / weight_v are renamed by weightNorm's load hook
    expectClose(m.weight, r.loadedWeight, 1e-6);
    nn.utils.removeWeightNorm(old);
    expect(Object.keys(old.stateDict())).toEqual(r.oldRemoved[0]);
    expectClose(old.weight, r.oldRemoved[1], 1e-6);
    expect(old.weight).toBeInstanceOf(nn.Parameter);
    expect(() => nn.utils.removeWeightNorm(old)).toThrow(r.removeTwice);
    const twice = quiet(() => nn.utils.weightNorm(new nn.Linear(2, 2)));
    expect(() => quiet(() => nn.utils.weightNorm(twice))).toThrow('Cannot register two weight_norm hooks on the same parameter weight');
  });
});

describe('parametrizations.spectralNorm and the older spectralNorm hook', () => {
  it("power iteration buffers, values and gradients as PyTorch's, train and eval", () => {
    const r = py().sn;
    torch.manualSeed(7);
    const m = PZ.spectralNorm(new nn.Linear(5, 4));
    const p = m.parametrizations.weight!.at(0) as unknown as Record<string, Tensor>;
    expect(Object.keys(m.stateDict())).toEqual(r.keys);
    expectClose(p._u, r.u0, 1e-5);
    expectClose(p._v, r.v0, 1e-5);
    expect(String(m)).toBe(r.repr);
    const x = torch.randn(3, 5);
    const y = m(x);
    y.sum().backward();
    expectClose(y, r.y, 1e-5);
    expectClose(p._u, r.u1, 1e-5);
    expectClose(m.parametrizations.weight!.original.grad, r.grad, 1e-4);
    m.eval();
    expectClose(m.weight, r.evalWeight, 1e-5);
    expectClose(p._u, r.u2, 1e-5);
    torch.manualSeed(8);
    const ct = PZ.spectralNorm(new nn.ConvTranspose2d(3, 2, 2), { nPowerIterations: 2, eps: 1e-6 });
    const sn = ct.parametrizations.weight!.at(0) as unknown as { dim: number; _u: Tensor };
    expect(sn.dim).toBe(r.convT[0]);
    expectClose(sn._u, r.convT[1], 1e-5);
    expectClose(ct.weight.flatten(), r.convT[2], 1e-5);
    expect(() => PZ.spectralNorm(new nn.Linear(2, 2), { nPowerIterations: 0 })).toThrow(r.badIters);
  });

  it('the older hook form: keys, u updated per forward, gradient, remove', () => {
    const r = py().sn;
    torch.manualSeed(7);
    PZ.spectralNorm(new nn.Linear(5, 4));
    const x = torch.randn(3, 5);
    torch.manualSeed(9);
    const o = nn.utils.spectralNorm(new nn.Linear(5, 4));
    const self = o as unknown as Record<string, Tensor>;
    expect(Object.keys(o.stateDict())).toEqual(r.oldKeys);
    expectClose(self.weight_u, r.oldU, 1e-5);
    const yo = o(x);
    expectClose(yo, r.oldY, 1e-5);
    expectClose(self.weight_u, r.oldU1, 1e-5);
    yo.sum().backward();
    expectClose(self.weight_orig!.grad, r.oldGrad, 1e-4);
    nn.utils.removeSpectralNorm(o);
    expect(Object.keys(o.stateDict())).toEqual(r.oldRemoved[0]);
    expectClose(o.weight, r.oldRemoved[1], 1e-5);
    expect(() => nn.utils.removeSpectralNorm(o)).toThrow(/spectral_norm of 'weight' not found/);
  });
});

describe('removeWeightNorm and removeSpectralNorm arguments', () => {
  it('refuse what is not a module or a name before printing it in the not-found message', () => {
    // An array Proxy lying about its length: String() of it would walk a billion elements.
    const lying = new Proxy([new nn.Linear(2, 2)], { get: (t, k, r) => (k === 'length' ? 1e9 : Reflect.get(t, k, r)) }) as unknown as nn.Module;
    const started = Date.now();
    expect(() => nn.utils.removeWeightNorm(lying)).toThrow(/removeWeightNorm\(\).*module.*nn\.Module/);
    expect(() => nn.utils.removeSpectralNorm(lying)).toThrow(/removeSpectralNorm\(\).*module.*nn\.Module/);
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(() => nn.utils.removeWeightNorm(new nn.Linear(2, 2), 3 as unknown as string)).toThrow(/removeWeightNorm\(\).*name.*a string/);
    expect(() => nn.utils.removeSpectralNorm(new nn.Linear(2, 2), null as unknown as string)).toThrow(/removeSpectralNorm\(\).*name.*a string/);
  });
});
