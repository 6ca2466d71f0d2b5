import { describe, expect, it } from 'vitest';
import * as torch from '../../lib/torch.js';
import type { Tensor } from '../../lib/torch.js';
import * as nn from '../../lib/nn/index.js';

// Compile-time checks of the callable-module typing (`npm run typecheck` type-checks this file
// under strict TS, test/tsconfig.json); the runtime asserts are secondary.
class Pair extends nn.Module {
  forward(x: Tensor): [Tensor, Tensor] { return [x, x.mul(2)]; }
}
class Two extends nn.Module {
  forward(x: Tensor, scale: number): Tensor { return x.mul(scale); }
}
function runAny(model: nn.Module, x: Tensor): Tensor {
  return model(x);
}
// Inside a generic function the forward type of M is not known yet: call through nn.Module.
function runGeneric<M extends nn.Module>(model: M, x: Tensor): unknown {
  return (model as nn.Module)(x);
}

describe('typing of callable modules', () => {
  it('infers forward signatures and accepts every module where nn.Module is expected', () => {
    const [a, b] = new Pair()(torch.ones(1));
    expect(b.item()).toBe(2);
    expect(a.item()).toBe(1);
    const y: Tensor = new Two()(torch.ones(1), 3);
    expect(y.item()).toBe(3);
    // @ts-expect-error forward takes (Tensor, number)
    expect(() => new Two()(torch.ones(1))).toThrow();
    const mods: nn.Module[] = [new Pair(), new Two(), new nn.Linear(1, 1), new nn.NLLLoss()];
    expect(mods.length).toBe(4);
    expect(runAny(new nn.Linear(1, 1), torch.ones(1, 1)).shape).toEqual([1, 1]);
    expect(runGeneric(new nn.ReLU(), torch.ones(1))).toBeDefined();
    const seq = new nn.Sequential(new nn.Linear(2, 2));
    const out: Tensor = seq(torch.ones(1, 2));
    expect(out.shape).toEqual([1, 2]);
  });
});
