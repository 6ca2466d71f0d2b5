// autograd.Function.apply as one native call (native/custom_function.cpp): PyTorch 2's style
// (forward without ctx, then setupContext), non-tensor outputs, the grad mode around forward on
// every way out, and ctx fields user code overwrote. Expected values come from python3
// (test/oracles/autograd/function_apply.py). Every test runs with backward on the JS thread and
// forced through the worker-thread hand-off.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import * as torch from '../../lib/index.js';
import { autograd, Tensor } from '../../lib/index.js';
import { oracles } from '../helpers/python.js';

interface SetupStyle {
  y: number[]; gradFn: string; grad: number[]; forward_grad: boolean; setup_grad: boolean; needs: boolean[];
  output_requires_grad: boolean; gradAfter: boolean;
}
interface SavesOutput { y: number[]; first: number[]; second: number[] }
interface Refusals { same: string; throws: string; gradAfter: boolean }
interface NonTensorOutputs { n: number; s: string; a: number[]; b: number[]; grad: number[]; seen: boolean[][]; isTuple: boolean }

let style: SetupStyle;
let savesOutput: SavesOutput;
let refusals: Refusals;
let mixed: NonTensorOutputs;
beforeAll(() => {
  const m = 'autograd/function_apply';
  [style, savesOutput, refusals, mixed] = oracles<[SetupStyle, SavesOutput, Refusals, NonTensorOutputs]>([
    [m, 'setup_context_style'], [m, 'setup_context_saves_output'], [m, 'setup_context_refusals'], [m, 'non_tensor_outputs'],
  ]);
});

function message(fn: () => unknown): string {
  try { fn(); } catch (e) { return (e as Error).message; }
  return '';
}

describe.each([['on the JS thread', false], ['through the worker thread (forced)', true]])('autograd.Function.apply %s', (_label, force) => {
  beforeAll(() => autograd._setForceCrossThread(force));
  afterAll(() => autograd._setForceCrossThread(false));

  it('supports setupContext: forward takes no ctx, setupContext(ctx, inputs, output) runs after it without grad', () => {
    const seen: { forwardGrad?: boolean; setupGrad?: boolean; needs?: boolean[]; outputRequiresGrad?: boolean; inputs?: unknown[] } = {};
    class MulScale extends autograd.Function {
      static override forward(x: Tensor, w: Tensor, scale: number): Tensor {
        seen.forwardGrad = torch.isGradEnabled();
        return x.mul(w).mul(scale);
      }
      static override setupContext(ctx: autograd.FunctionCtx, inputs: [Tensor, Tensor, number], output: Tensor): void {
        const [x, w, scale] = inputs;
        seen.setupGrad = torch.isGradEnabled();
        seen.needs = [...ctx.needsInputGrad];
        seen.outputRequiresGrad = output.requiresGrad;
        seen.inputs = inputs;
        ctx.saveForBackward(x, w);
        ctx.scale = scale;
      }
      static override backward(ctx: autograd.FunctionCtx, g: Tensor): (Tensor | null)[] {
        const [x, w] = ctx.savedTensors;
        const scale = ctx.scale as number;
        return [g.mul(w).mul(scale), g.mul(x).mul(scale), null];
      }
    }
    const x = torch.tensor([1.0, -2.0, 3.0], { requiresGrad: true });
    const w = torch.tensor([0.5, 4.0, -1.0]);
    const y = MulScale.apply(x, w, 3.0);
    y.mul(torch.tensor([1.0, 2.0, 3.0])).sum().backward();
    expect(y.tolist()).toEqual(style.y);
    expect(y.gradFn?.name()).toBe(style.gradFn);
    expect(x.grad!.tolist()).toEqual(style.grad);
    expect(seen.forwardGrad).toBe(style.forward_grad);
    expect(seen.setupGrad).toBe(style.setup_grad);
    expect(seen.needs).toEqual(style.needs);
    expect(seen.outputRequiresGrad).toBe(style.output_requires_grad);
    expect(seen.inputs![0]).toBe(x);  // the arguments of apply themselves
    expect(torch.isGradEnabled()).toBe(style.gradAfter);
  });

  it('setupContext may save the output: backward and double backward use it', () => {
    class Exp extends autograd.Function {
      static override forward(x: Tensor): Tensor { return x.exp(); }
      static override setupContext(ctx: autograd.FunctionCtx, inputs: [Tensor], output: Tensor): void { ctx.saveForBackward(output); }
      static override backward(ctx: autograd.FunctionCtx, g: Tensor): Tensor {
        const [out] = ctx.savedTensors;
        return g.mul(out);
      }
    }
    const x = torch.tensor([0.5, -1.0, 2.0], { requiresGrad: true });
    const y = Exp.apply(x);
    const [gx] = autograd.grad(y.sum(), x, { createGraph: true });
    gx!.sum().backward();
    expect(y.tolist()).toEqual(savesOutput.y);
    expect(gx!.tolist()).toEqual(savesOutput.first);
    expect(x.grad!.tolist()).toEqual(savesOutput.second);
  });

  it('with setupContext, an input returned as-is and saved is refused with PyTorch\'s message; a throwing setupContext restores grad mode', () => {
    class Same extends autograd.Function {
      static override forward(x: Tensor): Tensor { return x; }
      static override setupContext(ctx: autograd.FunctionCtx, inputs: [Tensor]): void { ctx.saveForBackward(inputs[0]); }
      static override backward(ctx: autograd.FunctionCtx, g: Tensor): Tensor { return g; }
    }
    const boom = new RangeError(refusals.throws);
    class Throws extends autograd.Function {
      static override forward(x: Tensor): Tensor { return x.mul(2); }
      static override setupContext(): void { throw boom; }
    }
    const x = torch.tensor([1.0, 2.0], { requiresGrad: true });
    expect(message(() => Same.apply(x))).toBe(refusals.same);
    expect(torch.isGradEnabled()).toBe(refusals.gradAfter);
    let caught: unknown;
    try { Throws.apply(x); } catch (e) { caught = e; }
    expect(caught).toBe(boom);
    expect(torch.isGradEnabled()).toBe(refusals.gradAfter);
    // Under noGrad, the mode restored is noGrad's.
    torch.noGrad(() => {
      expect(() => Throws.apply(x)).toThrow(boom);
      expect(torch.isGradEnabled()).toBe(false);
    });
  });

  it('non-tensor outputs pass through; their gradients in backward are null, as in PyTorch', () => {
    const seen: boolean[][] = [];
    class Mixed extends autograd.Function {
      static override forward(ctx: autograd.FunctionCtx, x: Tensor): unknown[] { return [x.mul(2), 7, 'label', x.mul(3)]; }
      static override backward(ctx: autograd.FunctionCtx, g0: Tensor, g1: Tensor | null, g2: Tensor | null, g3: Tensor): Tensor {
        seen.push([g1 === null, g2 === null]);
        return g0.mul(2).add(g3.mul(3));
      }
    }
    const x = torch.tensor([1.0, 2.0], { requiresGrad: true });
    const out = Mixed.apply(x) as unknown as [Tensor, number, string, Tensor];
    const [a, n, s, b] = out;
    a.sum().add(b.sum()).backward();
    expect(Array.isArray(out)).toBe(mixed.isTuple);
    expect(n).toBe(mixed.n);
    expect(s).toBe(mixed.s);
    expect(a.tolist()).toEqual(mixed.a);
    expect(b.tolist()).toEqual(mixed.b);
    expect(x.grad!.tolist()).toEqual(mixed.grad);
    expect(seen).toEqual(mixed.seen);
  });

  it('returns a new array, each tensor output the same object forward returned', () => {
    let returned: Tensor[] = [];
    class Two extends autograd.Function {
      static override forward(ctx: autograd.FunctionCtx, x: Tensor): Tensor[] { returned = [x.mul(2), x.mul(3)]; return returned; }
      static override backward(ctx: autograd.FunctionCtx, g0: Tensor, g1: Tensor): Tensor { return g0.mul(2).add(g1.mul(3)); }
    }
    const out = Two.apply(torch.ones(2, { requiresGrad: true }));
    expect(out).not.toBe(returned);
    expect(out[0]).toBe(returned[0]);
    expect(out[1]).toBe(returned[1]);
  });

  it('checks ctx fields that user code overwrote instead of trusting them', () => {
    class LiesSave extends autograd.Function {
      static override forward(ctx: autograd.FunctionCtx, x: Tensor): Tensor { ctx._recorded = [[3 as unknown as Tensor], null, null, true]; return x.mul(2); }
      static override backward(ctx: autograd.FunctionCtx, g: Tensor): Tensor { return g; }
    }
    class LiesDirty extends autograd.Function {
      static override forward(ctx: autograd.FunctionCtx, x: Tensor): Tensor { ctx._recorded = [null, 'x' as unknown as Tensor[], null, true]; return x.mul(2); }
      static override backward(ctx: autograd.FunctionCtx, g: Tensor): Tensor { return g; }
    }
    class LiesMaterialize extends autograd.Function {
      static override forward(ctx: autograd.FunctionCtx, x: Tensor): Tensor { ctx._recorded = [null, null, null, 1 as unknown as boolean]; return x.mul(2); }
      static override backward(ctx: autograd.FunctionCtx, g: Tensor): Tensor { return g; }
    }
    class LiesShape extends autograd.Function {
      static override forward(ctx: autograd.FunctionCtx, x: Tensor): Tensor { ctx._recorded = [] as unknown as autograd.FunctionCtx['_recorded']; return x.mul(2); }
      static override backward(ctx: autograd.FunctionCtx, g: Tensor): Tensor { return g; }
    }
    const x = torch.ones(2, { requiresGrad: true });
    expect(() => LiesShape.apply(x)).toThrow(TypeError);
    expect(() => LiesSave.apply(x)).toThrow(TypeError);
    expect(() => LiesDirty.apply(x)).toThrow(TypeError);
    expect(() => LiesMaterialize.apply(x)).toThrow(TypeError);
    expect(torch.isGradEnabled()).toBe(true);
  });

  it('a disposed tensor argument is refused before forward runs', () => {
    let ran = false;
    class F extends autograd.Function {
      static override forward(ctx: autograd.FunctionCtx, x: Tensor): Tensor { ran = true; return x.mul(2); }
      static override backward(ctx: autograd.FunctionCtx, g: Tensor): Tensor { return g; }
    }
    const x = torch.ones(2, { requiresGrad: true });
    x.dispose();
    expect(() => F.apply(x)).toThrow(/disposed/);
    expect(ran).toBe(false);
    expect(torch.isGradEnabled()).toBe(true);
  });
});
