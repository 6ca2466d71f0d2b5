// The engine bridge (native/engine_bridge.h): JS backwards called from a thread that is not the JS
// thread, as on CUDA. On CPU the hand-off is forced with autograd._setForceCrossThread(true), so
// the worker-thread path, the JS-thread pump, re-entrancy, errors, GC and disposal are all tested
// without a GPU; the same checks run on the CPU fast path too. Expected numbers from Python PyTorch.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import * as v8 from 'node:v8';
import * as vm from 'node:vm';
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import * as torch from '../../lib/index.js';
import { autograd, Tensor } from '../../lib/index.js';
import { oracle } from '../helpers/python.js';

v8.setFlagsFromString('--expose-gc');
const gc = vm.runInNewContext('gc') as () => void;

const flat = (t: Tensor): number[] => t.flatten().tolist() as number[];

/** sin, whose backward differentiates an inner graph with autograd.grad (as checkpointing does). */
class NestedSin extends autograd.Function {
  static override forward(ctx: autograd.FunctionCtx, x: Tensor): Tensor {
    ctx.saveForBackward(x);
    return x.sin();
  }
  static override backward(ctx: autograd.FunctionCtx, g: Tensor): Tensor {
    const [x] = ctx.savedTensors;
    const xx = x.detach().requiresGrad_(true);
    const y = torch.enableGrad(() => Double.apply(xx.sin()));
    const [gx] = autograd.grad(y, xx, { gradOutputs: [g.mul(0.5)] });
    return gx!;
  }
}

/** 2x, itself a JS Function: NestedSin's inner graph goes through a second JS node (depth 2). */
class Double extends autograd.Function {
  static override forward(ctx: autograd.FunctionCtx, x: Tensor): Tensor { return x.mul(2); }
  static override backward(ctx: autograd.FunctionCtx, g: Tensor): Tensor { return g.mul(2); }
}

class MyError extends Error {
  constructor(message: string, readonly code: number) { super(message); this.name = 'MyError'; }
}

class Thrower extends autograd.Function {
  static override forward(ctx: autograd.FunctionCtx, x: Tensor): Tensor { return x.mul(3); }
  static override backward(ctx: autograd.FunctionCtx): Tensor { throw ctx.error as Error; }
}

class ThrowOnce extends autograd.Function {
  static override forward(ctx: autograd.FunctionCtx, x: Tensor, error: Error): Tensor { ctx.error = error; return x.mul(3); }
  static override backward(ctx: autograd.FunctionCtx): Tensor[] { throw ctx.error as Error; }
}

/** A backward that throws from inside a nested backward. */
class NestedThrow extends autograd.Function {
  static override forward(ctx: autograd.FunctionCtx, x: Tensor, error: Error): Tensor { ctx.error = error; return x.mul(1); }
  static override backward(ctx: autograd.FunctionCtx, g: Tensor): (Tensor | null)[] {
    const inner = torch.ones(2, { requiresGrad: true });
    torch.enableGrad(() => ThrowOnce.apply(inner, ctx.error as Error).sum()).backward();
    return [g, null];
  }
}

interface Oracle { nested: number[]; chain: number[]; grads: number[] }
let want: Oracle;

beforeAll(() => {
  want = oracle<Oracle>('autograd/threading', 'results');
});
afterAll(() => autograd._setForceCrossThread(false));

// The same checks on the CPU fast path (the engine on the JS thread) keep both paths honest.
describe.each([['the cross-thread path (forced)', true], ['the JS-thread path', false]])('%s', (_label, force) => {
  beforeAll(() => autograd._setForceCrossThread(force));
  it('runs JS backwards from the worker thread with the right results and grad mode', () => {
    const modes: boolean[] = [];
    class Probe extends autograd.Function {
      static override forward(ctx: autograd.FunctionCtx, x: Tensor): Tensor { return x.mul(2); }
      static override backward(ctx: autograd.FunctionCtx, g: Tensor): Tensor { modes.push(torch.isGradEnabled()); return g.mul(2); }
    }
    const x = torch.tensor([1.0, 2.0], { requiresGrad: true });
    Probe.apply(x).sum().backward();
    autograd.grad(Probe.apply(x).sum(), x, { createGraph: true });
    torch.noGrad(() => torch.enableGrad(() => Probe.apply(x).sum()).backward());
    expect(modes).toEqual([false, true, false]);
    expect(flat(x.grad!)).toEqual([4, 4]);
    const stats = autograd._engineBridgeStats();
    expect(stats.forceCrossThread).toBe(force);
    expect(stats.pumping).toBe(0);
    expect(stats.pendingTasks).toBe(0);
  });

  it('is re-entrant: a JS backward may run autograd.grad through another JS Function', () => {
    const x = torch.tensor([0.3, -1.2, 2.0], { requiresGrad: true });
    NestedSin.apply(x).mul(torch.tensor([1.0, 2.0, 3.0])).sum().backward();
    const got = flat(x.grad!);
    got.forEach((v, i) => expect(v).toBeCloseTo(want.nested[i]!, 6));
    expect(autograd._engineBridgeStats().pumping).toBe(0);
  });

  it('runs a chain of 50 JS nodes', () => {
    class Scale extends autograd.Function {
      static override forward(ctx: autograd.FunctionCtx, x: Tensor, k: number, b: number): Tensor { ctx.k = k; return x.mul(k).add(b); }
      static override backward(ctx: autograd.FunctionCtx, g: Tensor): (Tensor | null)[] { return [g.mul(ctx.k as number), null, null]; }
    }
    const x = torch.tensor([0.3, -1.2, 2.0], { requiresGrad: true });
    let h = x;
    for (let i = 0; i < 50; i++) h = i % 2 === 0 ? Scale.apply(h, 2, 0) : Scale.apply(h, 0.5, 1);
    h.sum().backward();
    expect(flat(x.grad!)).toEqual(want.chain);
  });

  it('rethrows the very same JS value, and the next backward works', () => {
    const x = torch.ones(2, { requiresGrad: true });
    const error = new MyError('backward failed', 42);
    let caught: unknown;
    try { ThrowOnce.apply(x, error).sum().backward(); } catch (e) { caught = e; }
    expect(caught).toBe(error);
    expect((caught as MyError).code).toBe(42);
    // Thrown values that are not Errors cross too.
    try { ThrowOnce.apply(x, 'a string' as unknown as Error).sum().backward(); } catch (e) { caught = e; }
    expect(caught).toBe('a string');
    // From inside a nested backward, through two engine runs.
    const deep = new MyError('deep', 7);
    try { NestedThrow.apply(x, deep).sum().backward(); } catch (e) { caught = e; }
    expect(caught).toBe(deep);
    x.grad = null;
    Double.apply(x).sum().backward();
    expect(flat(x.grad!)).toEqual([2, 2]);
    expect(autograd._engineBridgeStats().stashedErrors).toBe(0);
  });

  it('1,000 throwing backwards in a row leak nothing and never hang', () => {
    const x = torch.ones(4, { requiresGrad: true });
    torch.tidy(() => { try { ThrowOnce.apply(x, new Error('warm-up')).sum().backward(); } catch { /* expected */ } });
    gc();
    const before = torch.memory().numTensors;
    const callablesBefore = autograd._engineBridgeStats().liveJsCallables;
    let count = 0;
    for (let i = 0; i < 1000; i++) {
      torch.tidy(() => {
        try { ThrowOnce.apply(x, new MyError(`failure ${i}`, i)).sum().backward(); } catch (e) { if ((e as MyError).code === i) count++; }
      });
    }
    gc();
    expect(count).toBe(1000);
    expect(torch.memory().numTensors).toBeLessThanOrEqual(before);
    const stats = autograd._engineBridgeStats();
    expect(stats.stashedErrors).toBe(0);
    expect(stats.pumping).toBe(0);
    expect(stats.pendingTasks).toBe(0);
    expect(stats.liveJsCallables).toBe(callablesBefore);
    expect(stats.idleWorkers).toBeLessThanOrEqual(4);
  });

  it('is safe with GC, dispose() and torch.tidy inside and around a pumped backward', () => {
    class Messy extends autograd.Function {
      static override forward(ctx: autograd.FunctionCtx, x: Tensor): Tensor { ctx.saveForBackward(x); return x.exp(); }
      static override backward(ctx: autograd.FunctionCtx, g: Tensor): Tensor {
        // x is the forward's input itself (as in PyTorch): a copy of it is what this backward owns.
        const x = ctx.savedTensors[0]!.detach().clone();
        // Garbage, collected right here (finalizers run inside GC while the engine waits).
        for (let i = 0; i < 2000; i++) torch.ones(16).mul(i);
        gc();
        const r = torch.tidy(() => g.mul(x.exp()).add(1).sub(1));
        x.dispose();
        g.dispose();
        return r;
      }
    }
    for (let round = 0; round < 5; round++) {
      const x = torch.tensor([0.5, -0.25], { requiresGrad: true });
      torch.tidy(() => Messy.apply(x).sum().backward());
      gc();
      const expected = [Math.exp(0.5), Math.exp(-0.25)];
      flat(x.grad!).forEach((v, i) => expect(v).toBeCloseTo(expected[i]!, 5));
    }
  });

  it('frees the graph (and the JS ctx) of Functions that were never backwarded', () => {
    const before = autograd._engineBridgeStats().liveJsCallables;
    for (let i = 0; i < 200; i++) torch.tidy(() => { Double.apply(torch.ones(3, { requiresGrad: true })); });
    gc();
    expect(autograd._engineBridgeStats().liveJsCallables).toBe(before);
  });
});

describe('the switch', () => {
  it('TORCH_NODE_FORCE_CROSS_THREAD=1 turns the switch on at load', () => {
    const addon = fileURLToPath(new URL('../../build/Release/torch_node.node', import.meta.url));
    const script = `const b = require(${JSON.stringify(addon)}); console.log(JSON.stringify(b.engineBridgeStats().forceCrossThread));`;
    const run = (value: string): boolean => JSON.parse(execFileSync(process.execPath, ['-e', script],
      { encoding: 'utf8', env: { ...process.env, TORCH_NODE_FORCE_CROSS_THREAD: value } }).trim()) as boolean;
    expect(run('1')).toBe(true);
    expect(run('0')).toBe(false);
  });
});
