// Failures end in clear errors within the timeout, never a hang: a wrong world size, a port in
// use, an unreachable master, bad init arguments, a rank killed mid-collective, a rank that never
// joins a collective. Every child has a hard time limit; the expected messages are c10d's.
import { createServer, type Server } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import * as torch from '../../lib/index.js';
import { freePort, runJob, runNodeRanks } from './ranks.js';

const dist = torch.distributed;

describe('bad init', () => {
  const saved: Record<string, string | undefined> = {};
  const VARS = ['RANK', 'WORLD_SIZE', 'MASTER_ADDR', 'MASTER_PORT'];
  beforeEach(() => { for (const k of VARS) { saved[k] = process.env[k]; delete process.env[k]; } });
  afterEach(() => { for (const k of VARS) { if (saved[k] === undefined) delete process.env[k]; else process.env[k] = saved[k]; } });

  it('isAvailable/unavailableReason say what this build has', () => {
    if (dist.isAvailable()) {
      expect([dist.isGlooAvailable(), dist.unavailableReason()]).toEqual([true, null]);
    } else {
      // A build without the Gloo headers: the reason names the way to fix it, and init says it.
      expect(dist.unavailableReason()).toMatch(/GLOO_INCLUDE_DIR.*TORCH_NODE_FETCH_GLOO/);
      expect(() => dist.initProcessGroup({ store: new dist.HashStore(), rank: 0, worldSize: 1 })).toThrow(/torch\.distributed is not available/);
    }
    expect(dist.isNcclAvailable()).toBe(false);
  });

  it('bad initMethod, backend, rank or missing variables: errors before any connection', () => {
    expect(() => dist.initProcessGroup({ initMethod: 'foo://bar' })).toThrow(new Error('No rendezvous handler for foo://'));
    expect(() => dist.initProcessGroup({ initMethod: 'localhost:29500' }))
      .toThrow("initProcessGroup: initMethod must be 'env://', 'tcp://host:port' or 'file:///path' (got 'localhost:29500')");
    expect(() => dist.initProcessGroup({ initMethod: 'tcp://127.0.0.1:29500' })).toThrow(new Error('rank parameter missing'));
    expect(() => dist.initProcessGroup({ initMethod: 'tcp://127.0.0.1:29500', rank: 0 })).toThrow(new Error('world size parameter missing'));
    expect(() => dist.initProcessGroup({ initMethod: 'tcp://127.0.0.1:29500', rank: 2, worldSize: 2 }))
      .toThrow(new RangeError('initProcessGroup: rank must be in [0, worldSize) (got rank 2, worldSize 2)'));
    expect(() => dist.initProcessGroup({ initMethod: 'env://' }))
      .toThrow(new Error('Error initializing torch.distributed using env:// rendezvous: environment variable RANK expected, but not set'));
    expect(() => dist.initProcessGroup({ rank: 0, worldSize: 1 }))
      .toThrow(new Error('Error initializing torch.distributed using env:// rendezvous: environment variable MASTER_ADDR expected, but not set'));
    expect(() => dist.initProcessGroup({ backend: 'mpi' as 'gloo' })).toThrow(new TypeError("initProcessGroup: backend must be 'gloo' or 'nccl' (got 'mpi')"));
    expect(() => dist.initProcessGroup({ backend: 'nccl' })).toThrow(/NCCL/);
    expect(() => dist.initProcessGroup({ timeout: -1 })).toThrow(RangeError);
    expect(() => dist.initProcessGroup({ store: new dist.HashStore(), initMethod: 'env://', rank: 0, worldSize: 1 }))
      .toThrow(new Error('Cannot specify both init_method and store.'));
    expect(() => dist.allReduce(torch.ones([1])))
      .toThrow(new Error('Default process group has not been initialized, please make sure to call init_process_group.'));
    expect(dist.isInitialized()).toBe(false);
  });

  it('a one-rank group over a HashStore, and a file:// rendezvous, in this process', () => {
    dist.initProcessGroup({ store: new dist.HashStore(), rank: 0, worldSize: 1, timeout: 10_000 });
    try {
      expect([dist.isInitialized(), dist.getRank(), dist.getWorldSize(), dist.getBackend()]).toEqual([true, 0, 1, 'gloo']);
      const t = torch.tensor([3]);
      dist.allReduce(t);
      expect(t.tolist()).toEqual([3]);
      expect(() => dist.initProcessGroup({ store: new dist.HashStore(), rank: 0, worldSize: 1 }))
        .toThrow('trying to initialize the default process group twice!');
    } finally {
      dist.destroyProcessGroup();
    }
    expect(dist.isInitialized()).toBe(false);
    expect(dist.group.WORLD).toBe(null);
  });
});

describe('failures between processes', () => {
  let server: Server | undefined;
  afterEach(() => { server?.close(); server = undefined; });

  it('a wrong world size: every rank fails within the timeout, naming the missing ranks', async () => {
    const results = await runNodeRanks(2, `
      try { dist.initProcessGroup({ timeout: 4000 }); report('joined'); }
      catch (e) { report(e.message.split('\\n')[0]); process.exit(3); }
    `, { worldSize: 3, timeoutMs: 40_000 });
    for (const r of results) {
      expect(r.timedOut).toBe(false);
      expect(r.status, r.stderr).toBe(3);
    }
    expect(results[0]!.reports[0]).toMatch(/Timed out after \d+ seconds waiting for clients\. 2\/3 clients joined\./);
    expect(results[1]!.reports[0]).toMatch(/[Tt]imed out|[Tt]imeout/);
  });

  it('a port in use: the master says so', async () => {
    const port = await freePort();
    server = createServer();
    await new Promise<void>((resolve) => server!.listen(port, '0.0.0.0', resolve));
    const results = await runNodeRanks(1, `
      try { dist.initProcessGroup({ timeout: 5000 }); report('joined'); }
      catch (e) { report(e.message.split('\\n')[0]); process.exit(3); }
    `, { port, timeoutMs: 30_000 });
    expect(results[0]!.status, results[0]!.stderr).toBe(3);
    expect(results[0]!.reports[0]).toMatch(/address already in use|EADDRINUSE/);
  });

  it('an unreachable master: the worker gives up after the timeout', async () => {
    const results = await runJob([{ node: '' }, { node: `
      const t0 = Date.now();
      try { dist.initProcessGroup({ timeout: 3000 }); report('joined'); }
      catch (e) { report([e.message.split('\\n')[0], Date.now() - t0, e.name]); process.exit(3); }
    ` }], { timeoutMs: 40_000 });
    const [message, ms, name] = results[1]!.reports[0] as [string, number, string];
    expect(name).toBe('DistNetworkError');
    expect(results[1]!.status, results[1]!.stderr).toBe(3);
    expect(message).toMatch(/timed out after \d+ms while trying to connect to \(127\.0\.0\.1, \d+\)/);
    expect(ms).toBeLessThan(20_000);
  });

  it('a rank killed mid-collective: the others fail with a clear error, fast', async () => {
    const results = await runNodeRanks(3, `
      dist.initProcessGroup({ timeout: 20_000 });
      const t = torch.ones([1000]);
      const t0 = Date.now();
      try {
        for (let i = 0; i < 100000; i++) {
          if (rank === 2 && i === 20) process.kill(process.pid, 'SIGKILL');
          dist.allReduce(t);
        }
        report('finished');
      } catch (e) { report([e.message.split('\\n')[0], Date.now() - t0]); process.exit(3); }
    `, { timeoutMs: 60_000 });
    expect(results[2]!.signal).toBe('SIGKILL');
    for (const r of results.slice(0, 2)) {
      expect(r.timedOut).toBe(false);
      expect(r.status, r.stderr).toBe(3);
      const [message, ms] = r.reports[0] as [string, number];
      expect(message).toMatch(/Connection closed by peer|Connection reset by peer|Read error|Timed out/);
      expect(ms).toBeLessThan(20_000 + 5000);
    }
  });

  it('monitoredBarrier names the rank that did not arrive; Work.wait(timeout) gives up on a late peer', async () => {
    const results = await runNodeRanks(2, `
      dist.initProcessGroup({ timeout: 20_000 });
      if (rank === 1) {
        await new Promise((r) => setTimeout(r, 3000));
        dist.allReduce(torch.ones([1]));
        dist.barrier();
        process.exit(0);
      }
      const err = (f) => { try { f(); return null; } catch (e) { return e.message.split('\\n')[0]; } };
      const monitored = err(() => dist.monitoredBarrier({ timeout: 1000 }));
      const w = dist.allReduce(torch.ones([1]), { asyncOp: true });
      const t0 = Date.now();
      const waited = err(() => w.wait(300));
      const ms = Date.now() - t0;
      report({ monitored, waited, ms });
      w.wait();
      dist.barrier();
    `, { timeoutMs: 40_000 });
    const got = results[0]!.reports[0] as { monitored: string; waited: string | null; ms: number };
    expect(got.monitored).toMatch(/Rank 1 failed to pass monitoredBarrier in 1000 ms/);
    expect(got.waited).toMatch(/[Tt]imed out|timeout/);
    expect(got.ms).toBeLessThan(2000);
  });

  it('a rank that never joins a collective: the others time out with the group\'s timeout', async () => {
    const results = await runNodeRanks(2, `
      dist.initProcessGroup({ timeout: 2000 });
      if (rank === 1) { await new Promise((r) => setTimeout(r, 6000)); process.exit(0); }
      const t0 = Date.now();
      try { dist.allReduce(torch.ones([4])); report('done'); }
      catch (e) { report([e.message.split('\\n')[0], Date.now() - t0]); process.exit(3); }
    `, { timeoutMs: 40_000 });
    const [message, ms] = results[0]!.reports[0] as [string, number];
    expect(results[0]!.status, results[0]!.stderr).toBe(3);
    expect(message).toMatch(/[Tt]imed out/);
    expect(ms).toBeGreaterThanOrEqual(1500);
    expect(ms).toBeLessThan(10_000);
  });
});
