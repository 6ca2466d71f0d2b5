import { describe, expect, it } from 'vitest';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as torch from '../lib/index.js';
import { native } from '../lib/binding.js';

// The CPU allocator's cache of freed large blocks (native/cpu_allocator.cpp) and the collection
// that runs before a large allocation (native/gc_pressure.h).
const here = dirname(fileURLToPath(import.meta.url));
const effects = native.processEffects();
const MB4 = 1 << 20; // float32 elements in 4 MB

describe.skipIf(!effects.cpuAllocator)('CPU allocator block cache', () => {
  it('hands a freed large block out again, and zeros() still zero-fills it', () => {
    native.collectGarbage();
    const a = torch.ones(MB4);
    a.dispose();
    expect(native.cpuBlockCache().blocks).toBe(1);
    const before = native.cpuBlockCache().reused;
    const z = torch.zeros(MB4);
    expect(native.cpuBlockCache().reused).toBe(before + 1);
    expect(native.cpuBlockCache().blocks).toBe(0);
    expect(z.sum().item()).toBe(0);
    expect(z.max().item()).toBe(0);
    z.dispose();
  });

  it('small blocks are not cached; blocks of another size are not reused', () => {
    native.collectGarbage();
    torch.ones(1000).dispose();
    expect(native.cpuBlockCache().blocks).toBe(0);
    torch.ones(MB4).dispose();
    const before = native.cpuBlockCache().reused;
    const b = torch.full([MB4 / 2], 3, { dtype: torch.float32 }); // 2 MB
    expect(native.cpuBlockCache().reused).toBe(before);
    expect(b.sum().item()).toBe(3 * (MB4 / 2));
    b.dispose();
  });

  it('returns its blocks to malloc at a full collection', () => {
    const ts = Array.from({ length: 4 }, () => torch.ones(MB4));
    for (const t of ts) t.dispose();
    expect(native.cpuBlockCache().blocks).toBeGreaterThan(0);
    native.collectGarbage();
    expect(native.cpuBlockCache()).toMatchObject({ blocks: 0, bytes: 0 });
  });

  it('holds at most 64 MB', () => {
    const ts = Array.from({ length: 40 }, () => torch.ones(MB4));
    for (const t of ts) t.dispose();
    const { bytes, blocks } = native.cpuBlockCache();
    expect(bytes).toBeLessThanOrEqual(64 << 20);
    expect(blocks).toBeGreaterThanOrEqual(15);
    native.collectGarbage();
  });

  it('a loop making 4 MB temporaries without dispose reuses the last ones and does not grow', () => {
    native.collectGarbage();
    const reused0 = native.cpuBlockCache().reused;
    const rssMB = () => process.memoryUsage.rss() / 1e6;
    const peaks: number[] = [];
    let maxBlocks = 0;
    for (let c = 0; c < 5; c++) {
      let m = 0;
      for (let i = 0; i < 60; i++) {
        const y = torch.ones(MB4);
        if (i % 20 === 0) {
          expect(y.sum().item()).toBe(MB4);
          m = Math.max(m, rssMB());
          maxBlocks = Math.max(maxBlocks, native.cpuBlockCache().blocks);
        }
      }
      peaks.push(m);
    }
    // Collections (before allocations, when the scavenge policy is on) free the loop's dead
    // temporaries: nearly every iteration takes its block from the cache.
    if (effects.exposeGc) expect(native.cpuBlockCache().reused - reused0).toBeGreaterThan(270);
    expect(maxBlocks).toBeLessThanOrEqual(16);
    expect(peaks[peaks.length - 1]! - peaks[0]!).toBeLessThan(64);
  });

  it('a large tensor made while the loop collects keeps its values (inputs survive the collection)', () => {
    const x = torch.arange(MB4, { dtype: torch.float32 });
    for (let i = 0; i < 20; i++) {
      const y = x.mul(2); // output allocated while x is only held by this frame
      expect(y.narrow(0, MB4 - 1, 1).item()).toBe(2 * (MB4 - 1));
    }
    expect(x.narrow(0, 12345, 1).item()).toBe(12345);
  });

  it('large gradients made in backward are freed and reused', () => {
    native.collectGarbage();
    const w = torch.ones(MB4, { requiresGrad: true });
    for (let i = 0; i < 10; i++) {
      const loss = w.mul(3).sum();
      loss.backward();
      expect(w.grad!.narrow(0, 0, 1).item()).toBe(3 * (i + 1));
    }
    w.dispose();
  });

  it('blocks are cached and reused across threads (a worker making 4 MB tensors beside this one)', async () => {
    const { Worker } = await import('node:worker_threads');
    const addon = join(here, '..', 'build', 'Release', 'torch_node.node');
    const code = `
      const { parentPort, workerData } = require('node:worker_threads');
      const native = require(workerData.addon);
      const mul = native.opFamily('mul');
      const a = native.fromTypedArray(new Float32Array(${MB4}).fill(1), 'float32', [${MB4}], false);
      for (let i = 0; i < 200; i++) {
        const b = native.callOp(mul, undefined, a, a);
        if (i % 2 === 0) native.dispose(b);
      }
      parentPort.postMessage(native.liveTensorCount());`;
    const reused0 = native.cpuBlockCache().reused;
    const w = new Worker(code, { eval: true, workerData: { addon } });
    const done = new Promise<number>((resolve, reject) => {
      w.on('message', resolve);
      w.on('error', reject);
    });
    for (let i = 0; i < 200; i++) expect(torch.ones(MB4).narrow(0, 7, 1).item()).toBe(1);
    const live = await done;
    await w.terminate();
    expect(live).toBeLessThan(150);
    expect(native.cpuBlockCache().reused - reused0).toBeGreaterThan(200);
    expect(native.cpuBlockCache().bytes).toBeLessThanOrEqual(64 << 20);
  });
});
