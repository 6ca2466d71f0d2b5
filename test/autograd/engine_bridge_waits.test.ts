// The waits of the engine bridge (native/engine_bridge.cpp) on the cross-thread path: a waiter
// polls for a while, then sleeps, and the length of its poll follows how fast the last answers
// came. These cases drive each wait through both ends: answers that come at once, answers that
// come after the poll gave up (a slow JS backward, a long pause between backward calls), and
// switches between the two, and check that every backward still gets its gradients and leaves
// the bridge idle.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import * as torch from '../../lib/index.js';
import { autograd, Tensor } from '../../lib/index.js';

/** Busy-waits for ms milliseconds (a JS backward or forward that takes that long). */
function busy(ms: number): void {
  const end = performance.now() + ms;
  while (performance.now() < end) { /* spin */ }
}

/** 3x, whose backward takes ctx.ms milliseconds. */
class SlowTriple extends autograd.Function {
  static override forward(ctx: autograd.FunctionCtx, x: Tensor, ms: number): Tensor {
    ctx.ms = ms;
    return x.mul(3);
  }
  static override backward(ctx: autograd.FunctionCtx, g: Tensor): (Tensor | null)[] {
    busy(ctx.ms as number);
    return [g.mul(3), null];
  }
}

const flat = (t: Tensor): number[] => t.flatten().tolist() as number[];

function expectIdle(): void {
  const stats = autograd._engineBridgeStats();
  expect(stats.pumping).toBe(0);
  expect(stats.pendingTasks).toBe(0);
}

describe('the cross-thread waits', () => {
  beforeAll(() => autograd._setForceCrossThread(true));
  afterAll(() => autograd._setForceCrossThread(false));

  it('answers fast and slow JS backwards, in any order', () => {
    // 0 ms: answered while the engine thread polls; 3 ms: longer than any poll, so it sleeps and
    // is woken; the switches make each poll window grow and shrink.
    const delays = [0, 0, 3, 0, 3, 3, 0, 0, 0, 3, 0];
    for (const ms of delays) {
      const x = torch.tensor([1.0, -2.0], { requiresGrad: true });
      SlowTriple.apply(x, ms).sum().backward();
      expect(flat(x.grad!)).toEqual([3, 3]);
    }
    expectIdle();
  });

  it('wakes a worker that slept between backward calls', () => {
    // A pause between calls longer than the worker's poll: it sleeps, and the next backward wakes it.
    for (const pause of [0, 3, 0, 5, 0, 0, 3]) {
      busy(pause);
      const x = torch.tensor([0.5, 4.0], { requiresGrad: true });
      SlowTriple.apply(SlowTriple.apply(x, 0), 0).sum().backward();
      expect(flat(x.grad!)).toEqual([9, 9]);
    }
    expectIdle();
  });

  it('runs a graph whose JS nodes alternate slow and fast backwards', () => {
    const x = torch.tensor([2.0], { requiresGrad: true });
    let h = x;
    for (let i = 0; i < 6; i++) h = SlowTriple.apply(h, i % 2 === 0 ? 2 : 0);
    h.backward();
    expect(flat(x.grad!)).toEqual([3 ** 6]);
    expectIdle();
  });

  it('keeps a nested backward inside a slow JS backward working', () => {
    class Outer extends autograd.Function {
      // 3x, its backward's factor computed by a nested backward through a slow JS node
      static override forward(ctx: autograd.FunctionCtx, x: Tensor): Tensor { return x.mul(3); }
      static override backward(ctx: autograd.FunctionCtx, g: Tensor): Tensor {
        busy(2);
        const inner = torch.tensor([1.0], { requiresGrad: true });
        torch.enableGrad(() => SlowTriple.apply(inner, 2)).backward();
        return g.mul(inner.grad!);
      }
    }
    const x = torch.tensor([1.0, 1.0], { requiresGrad: true });
    Outer.apply(x).sum().backward();
    expect(flat(x.grad!)).toEqual([3, 3]);
    expectIdle();
  });
});
