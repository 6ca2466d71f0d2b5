// torch.autograd.gradcheck / gradgradcheck: the article's activations pass, a wrong backward is
// caught with PyTorch's report (numerical and analytical Jacobians, compared with Python's text).
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import * as torch from '../../lib/index.js';
import { autograd, Tensor } from '../../lib/index.js';
import { oracle } from '../helpers/python.js';
import { BReLU } from '../../examples/article_models.js';

// The article's BReLU (examples/article_models.ts); float64 inputs keep float64 gradients
// (float32 * float64 promotes).
/** BReLU with a deliberately wrong backward (the odd rows pass the gradient where they should not). */
class WrongBReLU extends BReLU {
  static override backward(ctx: autograd.FunctionCtx, gradOutput: Tensor): Tensor | null {
    const [input] = ctx.savedTensors;
    const even = torch.arange(0, input.shape[0], 2);
    const gradInput = gradOutput.clone();
    gradInput.indexPut_([even], input.index([even]).ge(0).double().mul(gradInput.index([even])));
    return gradInput;
  }
}

/** x^3 with a differentiable backward (gradgradcheck passes) ... */
class Cube extends autograd.Function {
  static override forward(ctx: autograd.FunctionCtx, x: Tensor): Tensor { ctx.saveForBackward(x); return x.pow(3); }
  static override backward(ctx: autograd.FunctionCtx, g: Tensor): Tensor { const [x] = ctx.savedTensors; return g.mul(3).mul(x.pow(2)); }
}
/** ... and one whose backward is right once but wrong when differentiated (it detaches x). */
class CubeDetached extends autograd.Function {
  static override forward(ctx: autograd.FunctionCtx, x: Tensor): Tensor { ctx.saveForBackward(x); return x.pow(3); }
  static override backward(ctx: autograd.FunctionCtx, g: Tensor): Tensor { const [x] = ctx.savedTensors; return g.mul(3).mul(x.detach().pow(2)); }
}

function softExponential(x: Tensor, alpha: Tensor): Tensor {
  const a = alpha.item();
  if (a === 0.0) return x;
  if (a < 0.0) return torch.log(torch.sub(1, alpha.mul(x.add(alpha)))).neg().div(alpha);
  return torch.exp(alpha.mul(x)).sub(1).div(alpha).add(alpha);
}

const silu = (x: Tensor): Tensor => x.mul(torch.sigmoid(x));

const X = [[0.7, -1.3, 0.4], [-0.6, 1.1, -0.9], [1.5, 0.3, -0.2], [-0.8, 0.5, 1.2]];

interface Oracle { wrongMessage: string; wrongResult: boolean; ggWrong: boolean; ggRight: boolean; gcBReLU: boolean }
let want: Oracle;

beforeAll(() => {
  want = oracle<Oracle>('autograd/gradcheck', 'results', X);
});

describe.each([['on the JS thread', false], ['through the worker thread (forced)', true]])('gradcheck %s', (_label, force) => {
  beforeAll(() => autograd._setForceCrossThread(force));
  afterAll(() => autograd._setForceCrossThread(false));

  it("passes the guide's BReLU away from 0", () => {
    const x = torch.tensor(X, { dtype: 'float64', requiresGrad: true });
    expect(autograd.gradcheck(BReLU.apply, [x])).toBe(want.gcBReLU);
    expect(autograd.gradcheck((t: Tensor) => BReLU.apply(t), x)).toBe(true);
  });

  it("passes Soft Exponential with respect to alpha and the input (alpha > 0 and < 0)", () => {
    const x = torch.tensor(X, { dtype: 'float64', requiresGrad: true });
    for (const a of [0.8, -0.3]) {
      const alpha = torch.tensor(a, { dtype: 'float64', requiresGrad: true });
      expect(autograd.gradcheck(softExponential, [x, alpha])).toBe(true);
      expect(autograd.gradgradcheck(softExponential, [x, alpha])).toBe(true);
    }
  });

  it('passes SiLU (gradcheck and gradgradcheck)', () => {
    const x = torch.tensor(X, { dtype: 'float64', requiresGrad: true });
    expect(autograd.gradcheck(silu, [x])).toBe(true);
    expect(autograd.gradgradcheck(silu, [x])).toBe(true);
  });

  it("catches a wrong backward with PyTorch's report (numerical and analytical Jacobians)", () => {
    const x = torch.tensor(X, { dtype: 'float64', requiresGrad: true });
    let caught: unknown;
    try { autograd.gradcheck(WrongBReLU.apply, [x]); } catch (e) { caught = e; }
    expect(caught).toBeInstanceOf(autograd.GradcheckError);
    expect((caught as Error).message).toBe(want.wrongMessage);
    expect(autograd.gradcheck(WrongBReLU.apply, [x], { raiseException: false })).toBe(want.wrongResult);
  });

  it('gradgradcheck passes a differentiable JS backward and catches a non-differentiable one', () => {
    const v = torch.tensor([0.5, -1.5, 2.0], { dtype: 'float64', requiresGrad: true });
    expect(autograd.gradgradcheck(Cube.apply, [v])).toBe(want.ggRight);
    expect(autograd.gradgradcheck(CubeDetached.apply, [v], { raiseException: false })).toBe(want.ggWrong);
    expect(() => autograd.gradgradcheck(CubeDetached.apply, [v])).toThrow(autograd.GradcheckError);
  });

  it('checks its arguments', () => {
    expect(() => autograd.gradcheck(silu, [torch.ones(2, { dtype: 'float64' })])).toThrow(
      'gradcheck expects at least one input tensor to require gradient, but none of them have requires_grad=True.');
    expect(() => autograd.gradcheck(silu, [torch.ones(2, { dtype: 'float64', requiresGrad: true })], { eps: -1 })).toThrow(TypeError);
  });
});
