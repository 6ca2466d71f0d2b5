// torch.autograd.forwardAd: dual levels, makeDual/unpackDual and custom Functions' jvp, against
// live PyTorch (test/oracles/autograd/forward_ad.py).
import { describe, it, expect } from 'vitest';
import * as torch from '../../lib/index.js';
import { autograd, Tensor } from '../../lib/index.js';
import { oracleBatch } from '../helpers/python.js';

const fwAD = autograd.forwardAd;

const py = oracleBatch<{
  values: { y: number; dy: number; softmax_tangent: number[][]; plain_tangent_is_none: boolean; size_msg: string; int_msg: string; after_exit_none: boolean };
  custom: { y: number[]; dy: number[]; de: number[]; no_jvp_msg: string; wrong_count_msg: string };
}>({
  values: ['autograd/forward_ad', 'values'],
  custom: ['autograd/forward_ad', 'custom_function'],
});

describe('forwardAd', () => {
  it('propagates tangents through ops as PyTorch (callback form)', () => {
    const want = py().values;
    const got = fwAD.dualLevel(() => {
      const x = fwAD.makeDual(torch.tensor([0.5, 1.0, 2.0]), torch.tensor([1.0, 2.0, 3.0]));
      const y = x.sin().mul(x).exp().sum();
      const { primal, tangent } = fwAD.unpackDual(y);
      const a = fwAD.makeDual(torch.tensor([[1, 2], [3, 4]]), torch.tensor([[0.1, 0.2], [0.3, 0.4]]));
      const z = torch.nn.functional.softmax(a.matmul(torch.tensor([[2, 0], [1, 1]])), { dim: 1 });
      return { y: primal.item(), dy: tangent!.item(), softmax: fwAD.unpackDual(z).tangent!.tolist(), x };
    });
    expect(got.y).toBeCloseTo(want.y, 5);
    expect(got.dy).toBeCloseTo(want.dy, 4);
    const flat = (got.softmax as number[][]).flat();
    want.softmax_tangent.flat().forEach((v, i) => expect(flat[i]).toBeCloseTo(v, 6));
    // After the level is exited the tensor has no tangent any more.
    expect(fwAD.unpackDual(got.x).tangent).toBe(null);
    expect(want.after_exit_none).toBe(true);
  });

  it('using form, the named tuple, and errors as PyTorch', () => {
    const want = py().values;
    {
      using scope = fwAD.dualLevel();
      expect(scope.level).toBe(0);
      const plain = fwAD.unpackDual(torch.ones(2));
      expect(plain.tangent).toBe(null);
      expect(plain[1]).toBe(null);
      expect(want.plain_tangent_is_none).toBe(true);
      const d = fwAD.makeDual(torch.tensor([1.0, 2.0]), torch.tensor([3.0, 4.0]));
      const [p, t] = fwAD.unpackDual(d);
      expect(p.tolist()).toEqual([1, 2]);
      expect(t!.tolist()).toEqual([3, 4]);
      expect(() => fwAD.makeDual(torch.ones(2), torch.ones(3))).toThrow(want.size_msg);
      expect(() => fwAD.makeDual(torch.ones(2, { dtype: torch.int64 }), torch.ones(2))).toThrow(want.int_msg);
      // Python: one level at a time.
      expect(() => fwAD.enterDualLevel()).toThrow('Nested forward mode AD is not supported at the moment');
    }
    expect(() => fwAD.makeDual(torch.ones(2), torch.ones(2))).toThrow('you need to be inside a dual_level context');
    expect(() => fwAD.exitDualLevel()).toThrow('Dual level must be a positive number.');
    // The level was exited by the scope: a new one is level 0 again.
    const level = fwAD.enterDualLevel();
    expect(level).toBe(0);
    fwAD.exitDualLevel();
  });

  it('exits the level when the callback throws or its promise settles', async () => {
    expect(() => fwAD.dualLevel(() => { throw new Error('boom'); })).toThrow('boom');
    const v = await fwAD.dualLevel(async () => {
      await new Promise((r) => setTimeout(r, 1));
      const x = fwAD.makeDual(torch.tensor([2.0]), torch.tensor([1.0]));
      return fwAD.unpackDual(x.square()).tangent!.item();
    });
    expect(v).toBe(4);
    expect(fwAD.enterDualLevel()).toBe(0);
    fwAD.exitDualLevel({ level: 0 });
  });

  it("runs a custom Function's jvp for its outputs' tangents, with PyTorch's errors", () => {
    const want = py().custom;
    class Scale extends autograd.Function {
      static forward(ctx: autograd.FunctionCtx, x: Tensor, k: number): Tensor[] {
        ctx.k = k;
        return [x.mul(k), x.exp()];
      }
      static backward(ctx: autograd.FunctionCtx, g: Tensor): (Tensor | null)[] { return [g.mul(ctx.k as number), null]; }
      static jvp(ctx: autograd.FunctionCtx, t: Tensor, k: null): Tensor[] {
        expect(k).toBe(null);
        return [t.mul(ctx.k as number), t.mul(10)];
      }
    }
    class NoJvp extends autograd.Function {
      static forward(ctx: autograd.FunctionCtx, x: Tensor): Tensor { return x.mul(2); }
      static backward(ctx: autograd.FunctionCtx, g: Tensor): Tensor { return g.mul(2); }
    }
    class WrongCount extends autograd.Function {
      static forward(ctx: autograd.FunctionCtx, x: Tensor): Tensor[] { return [x.mul(2), x.mul(3)]; }
      static backward(ctx: autograd.FunctionCtx, g: Tensor): Tensor { return g; }
      static jvp(ctx: autograd.FunctionCtx, t: Tensor): Tensor { return t; }
    }
    fwAD.dualLevel(() => {
      const x = fwAD.makeDual(torch.tensor([1.0, 2.0]), torch.tensor([0.5, -1.0]));
      const [y, e] = Scale.apply(x, 3) as Tensor[];
      expect(fwAD.unpackDual(y).primal.tolist()).toEqual(want.y);
      expect(fwAD.unpackDual(y).tangent!.tolist()).toEqual(want.dy);
      expect(fwAD.unpackDual(e).tangent!.tolist()).toEqual(want.de);
      expect(() => NoJvp.apply(x)).toThrow(want.no_jvp_msg);
      expect(() => WrongCount.apply(x)).toThrow(want.wrong_count_msg);
    });
    // Without forward AD, jvp is never called.
    const [y] = Scale.apply(torch.tensor([1.0]), 2) as Tensor[];
    expect(y.tolist()).toEqual([2]);
  });
});
