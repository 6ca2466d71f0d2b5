// forwardAsync / callMethodAsync: TorchScript calls on the inference pool. Results must equal the
// synchronous call's; errors reject with TorchScript's message; the caller's grad mode applies.
// (The event-loop responsiveness check is in bench/jit.mjs: on a loaded machine a timing bound
// in a test would be flaky.)
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as torch from '../../lib/index.js';
import { nn, Tensor } from '../../lib/index.js';
import { oracle } from '../helpers/python.js';

let dir = '';

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'torch-node-jit-async-'));
  oracle('jit/async_calls', 'save_slow', join(dir, 'slow.pt'));
});

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe('forwardAsync', () => {
  it('gives the synchronous call\'s results, with several calls in flight', async () => {
    const m = torch.jit.load(join(dir, 'slow.pt')).eval();
    const mainThreads = torch.getNumThreads();
    torch.jit.setAsyncPool({ threads: 2, intraOpThreads: 1 });
    expect(torch.jit.asyncPoolInfo()).toMatchObject({ threads: 2, intraOpThreads: 1, pending: 0 });
    const inputs = Array.from({ length: 6 }, (_, i) => torch.randn(8, 64).add(i));
    const sync = inputs.map((x) => m(x, 20) as Tensor);
    const promises = inputs.map((x) => m.forwardAsync(x, 20) as Promise<Tensor>);
    expect(torch.jit.asyncPoolInfo().pending).toBe(6);
    const results = await Promise.all(promises);
    results.forEach((r, i) => expect(r.equal(sync[i]!)).toBe(true));
    expect(torch.jit.asyncPoolInfo().pending).toBe(0);
    // Each pool thread has the intra-op thread count it was given.
    expect(torch.jit.asyncPoolInfo().workerIntraOpThreads).toBe(1);
    // ... without changing this thread's.
    expect(torch.getNumThreads()).toBe(mainThreads);
    const doubled = await m.callMethodAsync('check', inputs[1]!) as Tensor;
    expect(doubled.equal(inputs[1]!.mul(2))).toBe(true);
  });

  it('keeps inputs alive when JS disposes them, and rejects with TorchScript\'s message', async () => {
    const m = torch.jit.load(join(dir, 'slow.pt'));
    const x = torch.randn(4, 64);
    const expected = m(x, 50) as Tensor;
    const p = m.forwardAsync(x, 50) as Promise<Tensor>;
    x.dispose();
    expect((await p).equal(expected)).toBe(true);
    await expect(m.callMethodAsync('check', torch.ones(2).neg())).rejects.toThrow(/negative sum/);
    await expect(m.forwardAsync(torch.ones(2, 64), 1.5)).rejects.toThrow(/Expected a value of type 'int' for argument 'n'/);
    await expect(m.callMethodAsync('nope')).rejects.toThrow(/has no method 'nope'/);
    expect(torch.jit.asyncPoolInfo().pending).toBe(0);
  });

  it('runs under the caller\'s grad mode, captured at call time', async () => {
    const m = torch.jit.load(join(dir, 'slow.pt'));
    const x = torch.randn(2, 64);
    const withGrad = await m.forwardAsync(x, 2) as Tensor;
    expect(withGrad.requiresGrad).toBe(true);
    withGrad.sum().backward();
    expect(m.parameters()[0]!.grad).not.toBeNull();
    const p = torch.noGrad(() => m.forwardAsync(x, 2)) as Promise<Tensor>;
    expect((await p).requiresGrad).toBe(false);
    const q = torch.inferenceMode(() => m.forwardAsync(x, 2)) as Promise<Tensor>;
    const inf = await q;
    expect(inf.requiresGrad).toBe(false);
    expect(inf.isInference()).toBe(true);
  });

  it('refuses to resize the pool while calls are pending, and validates its options', async () => {
    const m = torch.jit.load(join(dir, 'slow.pt'));
    const p = m.forwardAsync(torch.randn(8, 64), 200);
    expect(() => torch.jit.setAsyncPool({ threads: 1 })).toThrow(/still running/);
    await p;
    torch.jit.setAsyncPool({ threads: 1 });
    expect(torch.jit.asyncPoolInfo()).toMatchObject({ threads: 1, intraOpThreads: 0 });
    torch.jit.setAsyncPool({ threads: 3 });
    expect(torch.jit.asyncPoolInfo()).toMatchObject({ threads: 3, intraOpThreads: 1 });
    expect(() => torch.jit.setAsyncPool({ threads: 0 })).toThrow(RangeError);
    expect(() => torch.jit.setAsyncPool({ threads: 1.5 })).toThrow(RangeError);
    expect(() => torch.jit.setAsyncPool({ thread: 2 } as never)).toThrow(/unknown option 'thread'/);
  });

  it('works for traced JS modules too', async () => {
    const model = new nn.Sequential(new nn.Linear(5, 3), new nn.ReLU()).eval();
    const traced = torch.jit.trace(model, [torch.randn(2, 5)]);
    const x = torch.randn(4, 5);
    const y = await traced.forwardAsync(x) as Tensor;
    expect(y.allclose(model(x) as Tensor)).toBe(true);
  });
});
