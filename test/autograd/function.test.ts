// Custom autograd Functions written in TypeScript (torch.autograd.Function), checked against
// Python PyTorch: the article's BReLU (committed fixture, test/fixtures/brelu.py) and the
// ctx API, errors and double backward (computed live by test/oracles/autograd/function.py). Every
// test runs twice: with backward on the JS thread (CPU fast path) and forced through the
// worker-thread hand-off.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { readFileSync } from 'node:fs';
import * as v8 from 'node:v8';
import * as vm from 'node:vm';
import { fileURLToPath } from 'node:url';
import * as torch from '../../lib/index.js';
import { autograd, Tensor } from '../../lib/index.js';
import { oracle } from '../helpers/python.js';
import { BReLU } from '../../examples/article_models.js';

// ---- the article's BReLU (examples/article_models.ts) ---------------------------------------------
const brelu = BReLU.apply;            // works detached, like Python's brelu.apply
// -------------------------------------------------------------------------------------------------

v8.setFlagsFromString('--expose-gc');
const gc = vm.runInNewContext('gc') as () => void;

interface BReLUFixture { input: number[][]; weights: number[][]; output: number[][]; gradFn: string; inputGrad: number[][] }
const fixture = JSON.parse(readFileSync(fileURLToPath(new URL('../fixtures/brelu.json', import.meta.url)), 'utf8')) as BReLUFixture;

// The Python side of every other expectation in this file.
interface Oracle {
  msgCount: string; msgShape: string; msgDevice: string; msgNonVar: string; msgType: string; msgInplace: string; msgTwice: string;
  multi: { y0: number[]; y1: number[]; gradBoth: number[]; gradFirst: number[] };
  materialize: { seen: boolean[] };
  dirty: { sameObject: boolean; gradFn: string; grad: number[]; version: number };
  nondiff: { values: number[]; valuesRequireGrad: boolean; indicesRequireGrad: boolean; grad: number[] };
  nonTensor: { needs: boolean[]; y: number[]; grad: number[] };
  passthrough: { same: boolean; gradFn: string; grad: number[] };
  cube: { insideForward: boolean; insideBackward: boolean[]; first: number[]; second: number[] };
  ctxProp: number[];
  notExecutable: { requiresGrad: boolean; gradFn: null | string; needs: boolean[] };
  savedIdentity: {
    input: boolean; output: boolean; inner: boolean; none: boolean; other: boolean; again: boolean; grad: number[];
    droppedRequiresGrad: boolean; droppedGrad: number[];
  };
}

let want: Oracle;
beforeAll(() => { want = oracle<Oracle>('autograd/function', 'results'); });

function flat(t: Tensor): number[] {
  return t.flatten().tolist() as number[];
}

describe.each([['on the JS thread', false], ['through the worker thread (forced)', true]])('autograd.Function %s', (_label, force) => {
  beforeAll(() => autograd._setForceCrossThread(force));
  afterAll(() => autograd._setForceCrossThread(false));

  it("runs the guide's BReLU verbatim: output and input gradient equal Python's (article fixture)", () => {
    const x = torch.tensor(fixture.input, { requiresGrad: true });
    const y = brelu(x);
    expect(y.gradFn?.name()).toBe(fixture.gradFn);
    expect(y.tolist()).toEqual(fixture.output);
    y.mul(torch.tensor(fixture.weights)).sum().backward();
    expect(x.grad!.tolist()).toEqual(fixture.inputGrad);
    // Called through the class too.
    const z = BReLU.apply(x);
    expect(z.tolist()).toEqual(fixture.output);
  });

  it('reports a wrong number of gradients, shape, device and type with PyTorch\'s messages', () => {
    const x = torch.randn(3, 3, { requiresGrad: true });
    class BadCount extends autograd.Function {
      static override forward(ctx: autograd.FunctionCtx, t: Tensor): Tensor { return t.clone(); }
      static override backward(ctx: autograd.FunctionCtx, g: Tensor): Tensor[] { return [g, g]; }
    }
    class WrongShape extends autograd.Function {
      static override forward(ctx: autograd.FunctionCtx, t: Tensor): Tensor { return t.clone(); }
      static override backward(): Tensor { return torch.zeros(2, 3); }
    }
    class WrongDevice extends autograd.Function {
      static override forward(ctx: autograd.FunctionCtx, t: Tensor): Tensor { return t.clone(); }
      static override backward(): Tensor { return torch.zeros([3, 3], { device: 'meta' }); }
    }
    class NonVar extends autograd.Function {
      static override forward(ctx: autograd.FunctionCtx, t: Tensor, k: number): Tensor { return t.mul(k); }
      static override backward(ctx: autograd.FunctionCtx, g: Tensor): Tensor[] { return [g.mul(2), g]; }
    }
    class WrongType extends autograd.Function {
      static override forward(ctx: autograd.FunctionCtx, t: Tensor): Tensor { return t.clone(); }
      static override backward(): Tensor { return 3 as unknown as Tensor; }
    }
    expect(() => BadCount.apply(x).sum().backward()).toThrow(want.msgCount);
    expect(() => WrongShape.apply(x).sum().backward()).toThrow(want.msgShape);
    expect(() => WrongDevice.apply(x).sum().backward()).toThrow(want.msgDevice);
    expect(() => NonVar.apply(x, 2).sum().backward()).toThrow(want.msgNonVar);
    expect(() => WrongType.apply(x).sum().backward()).toThrow(want.msgType);
    // The exact texts.
    const message = (fn: () => void): string => { try { fn(); } catch (e) { return (e as Error).message; } return ''; };
    expect(message(() => BadCount.apply(x).sum().backward())).toBe(want.msgCount);
    expect(message(() => WrongShape.apply(x).sum().backward())).toBe(want.msgShape);
    expect(message(() => WrongDevice.apply(x).sum().backward())).toBe(want.msgDevice);
  });

  it('savedTensors reports in-place modification and a freed graph as PyTorch does', () => {
    class Save extends autograd.Function {
      static override forward(ctx: autograd.FunctionCtx, t: Tensor): Tensor { ctx.saveForBackward(t); return t.mul(2); }
      static override backward(ctx: autograd.FunctionCtx, g: Tensor): Tensor { const [t] = ctx.savedTensors; return g.mul(t); }
    }
    const x = torch.randn(3, 3, { requiresGrad: true });
    const y = x.mul(2);
    const o = Save.apply(y);
    y.add_(torch.ones(3, 3));
    expect(() => o.sum().backward()).toThrow(want.msgInplace);
    const o2 = Save.apply(x);
    o2.sum().backward();
    expect(() => o2.sum().backward()).toThrow(want.msgTwice);
  });

  it('supports multiple outputs, with zeros for an output that got no gradient', () => {
    class Two extends autograd.Function {
      static override forward(ctx: autograd.FunctionCtx, t: Tensor): Tensor[] {
        const e = t.exp();
        ctx.saveForBackward(e);
        return [t.mul(2), e];
      }
      static override backward(ctx: autograd.FunctionCtx, g0: Tensor, g1: Tensor): Tensor {
        const [e] = ctx.savedTensors;
        return g0.mul(2).add(g1.mul(e));
      }
    }
    const a = torch.tensor([0.5, -1.0, 2.0], { requiresGrad: true });
    let [y0, y1] = Two.apply(a);
    y0.mul(torch.tensor([1, 2, 3], { dtype: 'float32' })).add(y1).sum().backward();
    expect(flat(a.grad!)).toEqual(want.multi.gradBoth);
    a.grad = null;
    [y0, y1] = Two.apply(a);
    y0.sum().backward();
    expect(flat(y0)).toEqual(want.multi.y0);
    expect(flat(y1)).toEqual(want.multi.y1);
    expect(flat(a.grad!)).toEqual(want.multi.gradFirst);
    expect(y0.gradFn?.name()).toBe('TwoBackward');
  });

  it('setMaterializeGrads(false) passes null for outputs without a gradient', () => {
    const seen: boolean[] = [];
    class NoMat extends autograd.Function {
      static override forward(ctx: autograd.FunctionCtx, t: Tensor): Tensor[] {
        ctx.setMaterializeGrads(false);
        return [t.mul(1), t.mul(3)];
      }
      static override backward(ctx: autograd.FunctionCtx, g0: Tensor | null, g1: Tensor | null): Tensor {
        seen.push(g0 === null, g1 === null);
        return g0 ?? g1!.mul(3);
      }
    }
    const a = torch.tensor([0.5, -1.0, 2.0], { requiresGrad: true });
    NoMat.apply(a)[1].sum().backward();
    expect(seen).toEqual(want.materialize.seen);
  });

  it('markDirty: an in-place forward returns the input itself, rebased onto the Function', () => {
    class MulInplace extends autograd.Function {
      static override forward(ctx: autograd.FunctionCtx, t: Tensor): Tensor {
        t.mul_(2);
        ctx.markDirty(t);
        return t;
      }
      static override backward(ctx: autograd.FunctionCtx, g: Tensor): Tensor { return g.mul(2); }
    }
    const b = torch.tensor([1.0, -2.0, 3.0], { requiresGrad: true });
    const c = b.mul(1);
    const r = MulInplace.apply(c);
    expect(r === c).toBe(want.dirty.sameObject);
    expect(c.gradFn?.name()).toBe(want.dirty.gradFn);
    expect(c._version).toBe(want.dirty.version);
    r.mul(torch.tensor([1, 2, 3], { dtype: 'float32' })).sum().backward();
    expect(flat(b.grad!)).toEqual(want.dirty.grad);
  });

  it('markNonDifferentiable: indices do not require grad', () => {
    class SortF extends autograd.Function {
      static override forward(ctx: autograd.FunctionCtx, t: Tensor): Tensor[] {
        const [v, i] = t.sort();
        ctx.markNonDifferentiable(i);
        ctx.saveForBackward(i);
        return [v, i];
      }
      static override backward(ctx: autograd.FunctionCtx, gv: Tensor): Tensor {
        const [i] = ctx.savedTensors;
        const g = torch.zerosLike(gv);
        g.indexPut_([i], gv);
        return g;
      }
    }
    const d = torch.tensor([3.0, 1.0, 2.0], { requiresGrad: true });
    const [v, i] = SortF.apply(d);
    expect(v.requiresGrad).toBe(want.nondiff.valuesRequireGrad);
    expect(i.requiresGrad).toBe(want.nondiff.indicesRequireGrad);
    v.mul(torch.tensor([1, 2, 3], { dtype: 'float32' })).sum().backward();
    expect(flat(v)).toEqual(want.nondiff.values);
    expect(flat(d.grad!)).toEqual(want.nondiff.grad);
  });

  it('passes non-tensor arguments through; needsInputGrad and ctx properties as in PyTorch', () => {
    const needs: boolean[] = [];
    class Scale extends autograd.Function {
      static override forward(ctx: autograd.FunctionCtx, t: Tensor, k: number, opts: { m: number }, w: Tensor): Tensor {
        needs.push(...ctx.needsInputGrad);
        ctx.k = k;
        return t.mul(k).mul(opts.m).add(w);
      }
      static override backward(ctx: autograd.FunctionCtx, g: Tensor): (Tensor | null)[] {
        return [g.mul(ctx.k as number).mul(2), null, null, null];
      }
    }
    const e = torch.tensor([1.0, 2.0], { requiresGrad: true });
    const ys = Scale.apply(e, 3.0, { m: 2.0 }, torch.tensor([0.5, 0.5]));
    ys.sum().backward();
    expect(needs).toEqual(want.nonTensor.needs);
    expect(flat(ys)).toEqual(want.nonTensor.y);
    expect(flat(e.grad!)).toEqual(want.nonTensor.grad);

    class Prop extends autograd.Function {
      static override forward(ctx: autograd.FunctionCtx, t: Tensor): Tensor {
        ctx.scale = 3;
        ctx.note = 'hello';
        return t.mul(ctx.scale as number);
      }
      static override backward(ctx: autograd.FunctionCtx, g: Tensor): Tensor {
        return g.mul(ctx.scale as number).mul((ctx.note as string).length);
      }
    }
    const p = torch.tensor([1.0, 2.0], { requiresGrad: true });
    Prop.apply(p).sum().backward();
    expect(flat(p.grad!)).toEqual(want.ctxProp);
  });

  it('an input returned unchanged comes back as a new tensor (a view), as in PyTorch', () => {
    class Same extends autograd.Function {
      static override forward(ctx: autograd.FunctionCtx, t: Tensor): Tensor { return t; }
      static override backward(ctx: autograd.FunctionCtx, g: Tensor): Tensor { return g.mul(5); }
    }
    const f = torch.tensor([1.0, 2.0], { requiresGrad: true });
    const ps = Same.apply(f);
    expect(ps === f).toBe(want.passthrough.same);
    expect(ps.gradFn?.name()).toBe(want.passthrough.gradFn);
    ps.sum().backward();
    expect(flat(f.grad!)).toEqual(want.passthrough.grad);
  });

  it('savedTensors gives back the saved input\'s own object, and a new one for a saved output', () => {
    const seen: Record<string, boolean> = {};
    class Keep extends autograd.Function {
      static override forward(ctx: autograd.FunctionCtx, x: Tensor, w: Tensor): Tensor {
        const y = x.mul(w);
        const t = x.sign();
        ctx.saveForBackward(x, y, t, null, w);
        ctx.t = t;
        return y;
      }
      static override backward(ctx: autograd.FunctionCtx, g: Tensor): Tensor[] {
        const [a, b, c, n, w] = ctx.savedTensors;
        Object.assign(seen, {
          input: a === kx, output: b === ky, inner: c === ctx.t, none: n === null, other: w === kw,
          again: ctx.savedTensors[0] === a,
        });
        return [g.mul(w!), g.mul(a!)];
      }
    }
    const kx = torch.tensor([1.0, -2.0, 3.0], { requiresGrad: true });
    const kw = torch.tensor([0.5, 2.0, -1.0]);
    const ky = Keep.apply(kx, kw);
    ky.sum().backward();
    const { grad, droppedRequiresGrad, droppedGrad, ...identity } = want.savedIdentity;
    expect(seen).toEqual(identity);
    expect(flat(kx.grad!)).toEqual(grad);

    // The saved input's object collected (or disposed) before backward: a new object, same values.
    const requiresGrad: boolean[] = [];
    class Twice extends autograd.Function {
      static override forward(ctx: autograd.FunctionCtx, x: Tensor): Tensor { ctx.saveForBackward(x); return x.mul(2); }
      static override backward(ctx: autograd.FunctionCtx, g: Tensor): Tensor {
        const [a] = ctx.savedTensors;
        requiresGrad.push(a!.requiresGrad);
        return g.mul(a!);
      }
    }
    const k0 = torch.tensor([1.0, 2.0], { requiresGrad: true });
    let ko = ((): Tensor => Twice.apply(k0.mul(3)))();
    gc(); gc();
    ko.sum().backward();
    expect(flat(k0.grad!)).toEqual(droppedGrad);
    k0.grad = null;
    const kh = k0.mul(3);
    ko = Twice.apply(kh);
    kh.dispose();
    ko.sum().backward();
    expect(flat(k0.grad!)).toEqual(droppedGrad);
    expect(requiresGrad).toEqual([droppedRequiresGrad, droppedRequiresGrad]);
  });

  it('forward runs without grad; backward with grad exactly under createGraph (double backward)', () => {
    const flags: { fwd?: boolean; bwd: boolean[] } = { bwd: [] };
    class Cube extends autograd.Function {
      static override forward(ctx: autograd.FunctionCtx, t: Tensor): Tensor {
        flags.fwd = torch.isGradEnabled();
        ctx.saveForBackward(t);
        return t.pow(3);
      }
      static override backward(ctx: autograd.FunctionCtx, g: Tensor): Tensor {
        flags.bwd.push(torch.isGradEnabled());
        const [t] = ctx.savedTensors;
        return g.mul(3).mul(t.pow(2));
      }
    }
    const h = torch.tensor([1.0, -2.0, 0.5], { requiresGrad: true });
    const [gx] = autograd.grad(Cube.apply(h).sum(), h, { createGraph: true });
    gx!.sum().backward();
    Cube.apply(h).sum().backward();
    expect(flags.fwd).toBe(want.cube.insideForward);
    expect(flags.bwd).toEqual(want.cube.insideBackward);
    expect(flat(gx!)).toEqual(want.cube.first);
    expect(flat(h.grad!)).toEqual(want.cube.second);
    expect(torch.isGradEnabled()).toBe(true);
  });

  it('under noGrad nothing is recorded and needsInputGrad is all false', () => {
    const needs: boolean[] = [];
    class NoGradF extends autograd.Function {
      static override forward(ctx: autograd.FunctionCtx, t: Tensor): Tensor { needs.push(...ctx.needsInputGrad); return t.mul(2); }
      static override backward(ctx: autograd.FunctionCtx, g: Tensor): Tensor { return g; }
    }
    const p = torch.tensor([1.0, 2.0], { requiresGrad: true });
    const q = torch.noGrad(() => NoGradF.apply(p));
    expect(q.requiresGrad).toBe(want.notExecutable.requiresGrad);
    expect(q.gradFn).toBe(want.notExecutable.gradFn);
    expect(needs).toEqual(want.notExecutable.needs);
  });

  it('restores grad mode when forward throws, and rethrows the same value', () => {
    const boom = new RangeError('forward failed');
    class Throws extends autograd.Function {
      static override forward(): Tensor { throw boom; }
    }
    let caught: unknown;
    try { Throws.apply(torch.ones(2, { requiresGrad: true })); } catch (e) { caught = e; }
    expect(caught).toBe(boom);
    expect(torch.isGradEnabled()).toBe(true);
  });

  it('checks ctx arguments with PyTorch\'s messages', () => {
    class BadSave extends autograd.Function {
      static override forward(ctx: autograd.FunctionCtx, t: Tensor): Tensor { ctx.saveForBackward(t, 3 as unknown as Tensor); return t; }
    }
    expect(() => BadSave.apply(torch.ones(2))).toThrow('save_for_backward can only save variables, but argument 1 is of type int');
    expect(() => autograd.Function.apply(torch.ones(1))).toThrow(TypeError);
  });
});
