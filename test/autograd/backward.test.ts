// Core autograd: backward (with a gradient, retainGraph, createGraph), autograd.grad (allowUnused)
// and PyTorch's errors, every expected value from Python PyTorch.
import { describe, it, expect, beforeAll } from 'vitest';
import * as torch from '../../lib/index.js';
import { autograd, Tensor } from '../../lib/index.js';
import { oracle } from '../helpers/python.js';

interface Oracle {
  withGradient: number[];
  retained: number[];
  doubleFirst: number[];
  doubleSecond: number[];
  hessianRow: number[];
  gradUnused: (number[] | null)[];
  nonScalar: string; freed: string; inplace: string; unused: string; noGradFn: string;
  inputsOnly: { a: number[]; b: null };
  accumulated: number[];
}

let want: Oracle;
beforeAll(() => { want = oracle<Oracle>('autograd/backward', 'results'); });

const flat = (t: Tensor): number[] => t.flatten().tolist() as number[];
const message = (fn: () => unknown): string => { try { fn(); } catch (e) { return (e as Error).message; } return '<no error>'; };

describe.each([['on the JS thread', false], ['through the worker thread (forced)', true]])('core autograd %s', (_label, force) => {
  beforeAll(() => autograd._setForceCrossThread(force));

  it('backward with an explicit gradient', () => {
    const x = torch.tensor([[1.0, -2.0, 3.0], [0.5, 4.0, -1.5]], { requiresGrad: true });
    x.pow(2).mul(3).backward(torch.tensor([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]]));
    expect(flat(x.grad!)).toEqual(want.withGradient);
  });

  it('retainGraph keeps the graph for a second backward; gradients accumulate', () => {
    const x = torch.tensor([[1.0, -2.0, 3.0], [0.5, 4.0, -1.5]], { requiresGrad: true });
    const z = x.exp().sum();
    z.backward(null, { retainGraph: true });
    z.backward();
    expect(flat(x.grad!)).toEqual(want.retained);
    // Options without a gradient, as Python's backward(retain_graph=True).
    const x2 = torch.tensor([[1.0, -2.0, 3.0], [0.5, 4.0, -1.5]], { requiresGrad: true });
    const z2 = x2.exp().sum();
    z2.backward({ retainGraph: true });
    z2.backward();
    expect(flat(x2.grad!)).toEqual(want.retained);
    const c = torch.tensor([1.0, 2.0], { requiresGrad: true });
    for (let k = 0; k < 3; k++) c.mul(k + 1).sum().backward();
    expect(flat(c.grad!)).toEqual(want.accumulated);
  });

  it('createGraph gives differentiable gradients (double backward, a Hessian row)', () => {
    const w = torch.tensor([0.5, -1.0, 2.0], { requiresGrad: true });
    const f = w.pow(3).mul(w.sin()).sum();
    const [g] = autograd.grad(f, w, { createGraph: true });
    expect(flat(g!)).toEqual(want.doubleFirst);
    expect(g!.requiresGrad).toBe(true);
    g!.sum().backward(null, { retainGraph: true });
    expect(flat(w.grad!)).toEqual(want.doubleSecond);
    const [h] = autograd.grad(g!.select(0, 1), w);
    expect(flat(h!)).toEqual(want.hessianRow);
  });

  it('autograd.grad with allowUnused returns null for an unused input, and PyTorch\'s error without it', () => {
    const u = torch.tensor([1.0, 2.0], { requiresGrad: true });
    const v = torch.tensor([3.0, 4.0], { requiresGrad: true });
    const gu = autograd.grad(u.mul(u).sum(), [u, v], { allowUnused: true });
    expect(gu.map((t) => (t === null ? null : flat(t)))).toEqual(want.gradUnused);
    expect(message(() => autograd.grad(u.mul(u).sum(), [u, v]))).toBe(want.unused);
  });

  it('backward(inputs) accumulates only into the given leaves', () => {
    const a = torch.tensor([1.0, 2.0], { requiresGrad: true });
    const b = torch.tensor([3.0, 4.0], { requiresGrad: true });
    a.mul(b).sum().backward(null, { inputs: [a] });
    expect(flat(a.grad!)).toEqual(want.inputsOnly.a);
    expect(b.grad).toBe(want.inputsOnly.b);
  });

  it("gives PyTorch's messages: non-scalar backward, freed graph, in-place change of a saved tensor, no grad_fn", () => {
    const u = torch.tensor([1.0, 2.0], { requiresGrad: true });
    expect(message(() => u.mul(2).backward())).toBe(want.nonScalar);
    const s = u.exp().mul(2).sum();
    s.backward();
    expect(message(() => s.backward())).toBe(want.freed);
    const r = u.mul(1).exp();
    r.add_(torch.ones(2));
    expect(message(() => r.sum().backward())).toBe(want.inplace);
    expect(message(() => torch.tensor([1.0, 2.0]).sum().backward())).toBe(want.noGradFn);
    // The next backward works.
    u.grad = null;
    u.mul(3).sum().backward();
    expect(flat(u.grad!)).toEqual([3, 3]);
  });
});

describe('backward arguments as Python keywords', () => {
  interface Keywords {
    gradientKeyword: number[]; positionalRetain: number[];
    gradientInputs: { a: null; b: number[] }; autogradBackward: number[];
  }
  let kw: Keywords;
  beforeAll(() => { kw = oracle<Keywords>('autograd/backward', 'keyword_forms'); });

  it('takes the gradient in the options object, and retainGraph positionally', () => {
    const x = torch.tensor([[1.0, -2.0, 3.0], [0.5, 4.0, -1.5]], { requiresGrad: true });
    const g = torch.tensor([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]]);
    const y = x.pow(2).mul(3);
    y.backward({ gradient: g, retainGraph: true });
    expect(flat(x.grad!)).toEqual(kw.gradientKeyword);
    y.backward(g, true);
    expect(flat(x.grad!)).toEqual(kw.positionalRetain);
    const a = torch.tensor([1.0, 2.0], { requiresGrad: true });
    const b = torch.tensor([3.0, 4.0], { requiresGrad: true });
    a.mul(b).backward({ gradient: torch.tensor([1.0, -1.0]), inputs: [b] });
    expect(a.grad).toBe(kw.gradientInputs.a);
    expect(flat(b.grad!)).toEqual(kw.gradientInputs.b);
  });

  it('autograd.backward takes gradTensors positionally or as an option', () => {
    const c = torch.tensor([1.0, 2.0], { requiresGrad: true });
    autograd.backward([c.mul(2), c.mul(c)], { gradTensors: [torch.tensor([1.0, 1.0]), torch.tensor([0.5, 2.0])] });
    expect(flat(c.grad!)).toEqual(kw.autogradBackward);
    const d = torch.tensor([1.0, 2.0], { requiresGrad: true });
    autograd.backward([d.mul(2), d.mul(d)], [torch.tensor([1.0, 1.0]), torch.tensor([0.5, 2.0])], { retainGraph: false });
    expect(flat(d.grad!)).toEqual(kw.autogradBackward);
  });

  it('names an unknown option, a gradient given twice and a wrong type in TypeErrors', () => {
    const x = torch.tensor([1.0, 2.0], { requiresGrad: true });
    const y = x.mul(2).sum();
    const bad = (fn: () => unknown): Error => { try { fn(); } catch (e) { return e as Error; } throw new Error('no error'); };
    const unknown = bad(() => y.backward({ retainGrahp: true } as never));
    expect(unknown).toBeInstanceOf(TypeError);
    expect(unknown.message).toBe("backward(): unknown option 'retainGrahp' (expected one of gradient, retainGraph, createGraph, inputs)");
    expect(bad(() => y.backward(torch.tensor(1.0), { gradient: torch.tensor(1.0) } as never)).message)
      .toBe("backward(): got multiple values for argument 'gradient'");
    expect(bad(() => y.backward({ gradient: [1] } as never))).toBeInstanceOf(TypeError);
    expect(bad(() => y.backward({ retainGraph: 'yes' } as never)).message).toMatch(/retainGraph must be a boolean/);
    expect(bad(() => autograd.backward(y, { grad: torch.tensor(1.0) } as never)).message)
      .toBe("autograd.backward(): unknown option 'grad' (expected one of gradTensors, retainGraph, createGraph, inputs)");
    expect(bad(() => autograd.grad(y, [x], { allow_unused: true } as never)).message)
      .toBe("autograd.grad(): unknown option 'allow_unused' (expected one of gradOutputs, retainGraph, createGraph, allowUnused)");
    // Nothing ran: the graph is intact.
    y.backward();
    expect(flat(x.grad!)).toEqual([2, 2]);
  });
});
