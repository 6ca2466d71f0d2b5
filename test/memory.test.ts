import { describe, expect, it } from 'vitest';
import { Worker } from 'node:worker_threads';
import { PerformanceObserver, constants as perfConstants } from 'node:perf_hooks';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as torch from '../lib/index.js';
import { optim } from '../lib/index.js';
import { native } from '../lib/binding.js';

const here = dirname(fileURLToPath(import.meta.url));

// Young-generation collections (scavenges) V8 ran during fn: Node reports every collection to a
// 'gc' PerformanceObserver, after the fact.
async function scavengesDuring(fn: () => void): Promise<number> {
  let n = 0;
  const observer = new PerformanceObserver((list) => {
    for (const e of list.getEntries()) {
      if ((e as unknown as { detail?: { kind?: number } }).detail?.kind === perfConstants.NODE_PERFORMANCE_GC_MINOR) n++;
    }
  });
  observer.observe({ entryTypes: ['gc'] });
  fn();
  // The entries arrive over a few event-loop turns (made in one immediate, dispatched in the
  // next): wait at least three turns, then until the count stops changing.
  let seen = -1;
  for (let i = 0; i < 50 && (i < 3 || n !== seen); i++) {
    seen = n;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  observer.disconnect();
  return n;
}

describe('torch.memory()', () => {
  it('reports live tensors and bytes per device', () => {
    const before = torch.memory({ collect: true });
    const t = torch.zeros(1000);
    const view = t.view(10, 100); // shares t's storage: counted as a tensor, not as bytes
    const after = torch.memory();
    expect(after.numTensors).toBe(before.numTensors + 2);
    expect(after.numBytes).toBe(before.numBytes + 4000);
    expect(after.devices.cpu!.numBytes).toBe(before.devices.cpu?.numBytes ?? 0 + 4000);
    t.dispose();
    expect(torch.memory().numTensors).toBe(before.numTensors + 1);
    view.dispose();
    expect(torch.memory().numTensors).toBe(before.numTensors);
    expect(native.liveTensorCount()).toBe(before.numTensors);
  });

  it('dispose() frees now; twice is harmless; a disposed tensor throws a clear error', () => {
    const before = torch.memory({ collect: true }).numBytes;
    const t = torch.ones(1 << 18);
    expect(torch.memory().numBytes).toBe(before + (1 << 20));
    t.dispose();
    expect(torch.memory().numBytes).toBe(before);
    t.dispose();
    expect(t.isDisposed).toBe(true);
    expect(() => t.sum()).toThrow(/disposed/);
    expect(() => torch.add(t, 1)).toThrow(/disposed/);
  });

  it('Symbol.dispose / using disposes at the end of the block', () => {
    let seen: torch.Tensor;
    {
      using t = torch.ones(3);
      seen = t;
      expect(t.isDisposed).toBe(false);
    }
    expect(seen.isDisposed).toBe(true);
    const u = torch.ones(2);
    u[Symbol.dispose]();
    expect(u.isDisposed).toBe(true);
  });

  it('frees tensors during a synchronous loop that never yields (GC-driven)', () => {
    const a = torch.ones(4);
    const b = torch.ones(4);
    const start = native.liveTensorCount();
    let maxLive = 0;
    for (let i = 0; i < 100_000; i++) {
      a.mul(b).add(1);
      if (i % 1000 === 0) maxLive = Math.max(maxLive, native.liveTensorCount());
    }
    // Without GC-time freeing, all 200,000 would still be alive here.
    expect(maxLive - start).toBeLessThan(80_000);
    expect(native.liveTensorCount() - start).toBeLessThan(80_000);
  });

  it('keeps memory bounded when each iteration creates a 4 MB tensor', () => {
    const rss0 = process.memoryUsage.rss();
    let maxRss = rss0;
    for (let i = 0; i < 150; i++) { // 600 MB if nothing were freed
      torch.ones(1 << 20);
      if (i % 10 === 0) maxRss = Math.max(maxRss, process.memoryUsage.rss());
    }
    expect((maxRss - rss0) / 1e6).toBeLessThan(300);
  });

  it('frees mid-size temporaries every 8 MB of new tensors (a young-generation collection)', () => {
    const start = native.liveTensorCount();
    let maxLive = 0;
    for (let i = 0; i < 3000; i++) { // 64 KB each: 192 MB in all
      torch.ones(16384);
      if (i % 25 === 0) maxLive = Math.max(maxLive, native.liveTensorCount() - start);
    }
    // A collection every 128 of them; V8 alone let ~1,000 (64 MB of external memory) pile up
    // before its full collection.
    expect(maxLive).toBeLessThan(400);
  });

  it('tensors freed by dispose() or tidy do not count towards the next scavenge', async () => {
    const KB64 = 16384;
    const MB4 = 1 << 20;
    torch.memory({ collect: true });
    // Left to the collector, 64 MB of 64 KB temporaries make the policy scavenge every 8 MB.
    expect(await scavengesDuring(() => { for (let i = 0; i < 1000; i++) torch.ones(KB64); })).toBeGreaterThanOrEqual(6);
    // Released deterministically, they need none (V8 may still run one of its own).
    expect(await scavengesDuring(() => { for (let i = 0; i < 1000; i++) torch.ones(KB64).dispose(); })).toBeLessThanOrEqual(2);
    expect(await scavengesDuring(() => {
      for (let i = 0; i < 500; i++) torch.tidy(() => { torch.ones(KB64).add(1); });
    })).toBeLessThanOrEqual(2);
    // 4 MB tensors: one scavenge per tensor left to the collector, none when disposed.
    expect(await scavengesDuring(() => { for (let i = 0; i < 40; i++) torch.ones(MB4); })).toBeGreaterThanOrEqual(30);
    expect(await scavengesDuring(() => { for (let i = 0; i < 40; i++) torch.ones(MB4).dispose(); })).toBeLessThanOrEqual(2);
    // 2 MB tensors (counted when their block is allocated): the same.
    expect(await scavengesDuring(() => { for (let i = 0; i < 60; i++) torch.ones(MB4 / 2); })).toBeGreaterThanOrEqual(20);
    expect(await scavengesDuring(() => { for (let i = 0; i < 60; i++) torch.ones(MB4 / 2).dispose(); })).toBeLessThanOrEqual(2);
    // Disposing a tensor whose memory a view still holds frees nothing: the view is left to the
    // collector, and the scavenges happen as before.
    expect(await scavengesDuring(() => {
      for (let i = 0; i < 1000; i++) { const t = torch.ones(KB64); t.view(-1); t.dispose(); }
    })).toBeGreaterThanOrEqual(6);
    // Nor when a graph that an undisposed output holds keeps it: only a collection frees that.
    expect(await scavengesDuring(() => {
      const w = torch.ones(KB64, { requiresGrad: true });
      for (let i = 0; i < 1000; i++) { const t = torch.ones(KB64); torch.dot(t, w); t.dispose(); }
    })).toBeGreaterThanOrEqual(6);
    // An optimizer's reads of the gradients (disposed by it, the gradients staying with the
    // parameters until zeroGrad frees them) count for nothing: 64 MB of 64 KB gradients.
    const p = torch.zeros(KB64, { requiresGrad: true });
    const opt = new optim.SGD([p], { lr: 0.1 });
    expect(await scavengesDuring(() => {
      for (let i = 0; i < 1000; i++) { p.sum().backward(); opt.step(); opt.zeroGrad(); }
    })).toBeLessThanOrEqual(2);
  });

  it('reports tensor bytes to V8 as external memory', () => {
    torch.memory({ collect: true });
    const before = native.externalBytes();
    const t = torch.empty(1 << 20);
    expect(native.externalBytes() - before).toBeGreaterThanOrEqual(4 << 20);
    t.dispose();
    expect(native.externalBytes() - before).toBeLessThan(4096);
  });

  it('leaves nothing behind after forward/backward steps, with and without tidy', () => {
    const w = torch.randn(8, 4, { requiresGrad: true });
    const x = torch.randn(16, 8);
    const step = () => {
      const loss = x.matmul(w).sigmoid().mean();
      loss.backward();
      torch.noGrad(() => { w.sub_(w.grad!.mul(0.1)); });
      w.grad!.zero_();
    };
    step(); // w.grad exists from here on
    const before = torch.memory({ collect: true }).numTensors;
    for (let i = 0; i < 50; i++) step();
    expect(torch.memory({ collect: true }).numTensors).toBe(before);
    for (let i = 0; i < 50; i++) torch.tidy(step);
    expect(torch.memory().numTensors).toBeLessThanOrEqual(before);
  });

  it('leaves nothing behind when a step throws midway', () => {
    const w = torch.randn(3, 3, { requiresGrad: true });
    // A separate function, so that no frame of this test still points at the last step's tensors.
    const failingStep = () => {
      const h = torch.ones(2, 3).matmul(w);
      return h.matmul(torch.ones(2, 2)); // shape error
    };
    const before = torch.memory({ collect: true }).numTensors;
    let failures = 0;
    for (let i = 0; i < 10; i++) {
      try { failingStep(); } catch (e) { failures += /cannot be multiplied|shapes/.test(String(e)) ? 1 : 0; }
    }
    expect(failures).toBe(10);
    expect(torch.memory({ collect: true }).numTensors).toBeLessThanOrEqual(before + 1);
  });

  it('collects and retries once when an allocation fails, then reports the error', () => {
    expect(() => torch.empty(2 ** 50, { dtype: 'uint8' })).toThrow(/allocate/);
    expect(torch.ones(2).sum().item()).toBe(2); // still usable
  });

  it('loads in two worker_threads at once and frees cleanly at exit and on terminate', async () => {
    const addon = join(here, '..', 'build', 'Release', 'torch_node.node');
    expect(existsSync(addon)).toBe(true);
    const mainLive = native.liveTensorCount();
    const run = (iterations: number, hang: boolean) => new Promise<{ live: number; kept: number; code: number }>((resolve, reject) => {
      const w = new Worker(join(here, 'helpers', 'tensor_worker.mjs'), { workerData: { addon, iterations, hang } });
      let msg: { live: number; kept: number } | undefined;
      w.on('message', (m) => { msg = m; if (hang) void w.terminate(); });
      w.on('error', reject);
      w.on('exit', (code) => (msg ? resolve({ ...msg, code }) : reject(new Error(`worker exited with ${code} before reporting`))));
    });
    const results = await Promise.all([run(20_000, false), run(20_000, false), run(5_000, true)]);
    for (const r of results.slice(0, 2)) {
      expect(r.code).toBe(0);
      expect(r.kept).toBe(20);
      expect(r.live).toBeGreaterThanOrEqual(21); // per-thread accounting: the kept ones and `a`
      expect(r.live).toBeLessThan(40_000);
    }
    expect(results[2]!.code).toBe(1); // terminate()
    expect(native.liveTensorCount()).toBeLessThanOrEqual(mainLive + 1);
  });
});
