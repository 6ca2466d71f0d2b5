// c10d's stores: every operation on HashStore, TCPStore (server and client in this process),
// FileStore and PrefixStore; async get/wait leave the event loop free; a store-only job of 3
// processes.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import * as torch from '../../lib/index.js';
import { expectAllOk, runNodeRanks } from './ranks.js';

const dist = torch.distributed;
const dir = mkdtempSync(join(tmpdir(), 'torch-node-store-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

// FileStore's deleteKey says true for a key already deleted (a tombstone is appended), as in PyTorch.
function exercise(store: torch.distributed.Store, deletedAgain = false): void {
  store.set('a', 'alpha');
  store.set('bytes', new Uint8Array([0, 255, 7]));
  expect(store.get('a').toString()).toBe('alpha');
  expect([...store.get('bytes')]).toEqual([0, 255, 7]);
  expect(store.add('n', 5)).toBe(5);
  expect(store.add('n', -2)).toBe(3);
  expect(store.get('n').toString()).toBe('3');
  // compareSet: swaps only when the current value is the expected one.
  expect(store.compareSet('a', 'nope', 'beta').toString()).toBe('alpha');
  expect(store.compareSet('a', 'alpha', 'beta').toString()).toBe('beta');
  expect(store.compareSet('fresh', '', 'new').toString()).toBe('new');
  expect(store.check(['a', 'n'])).toBe(true);
  expect(store.check(['a', 'missing'])).toBe(false);
  store.wait(['a', 'n']);
  store.wait(['a'], 1000);
  expect(store.deleteKey('fresh')).toBe(true);
  expect(store.deleteKey('fresh')).toBe(deletedAgain);
  expect(store.check(['fresh'])).toBe(false);
}

describe('stores', () => {
  it('HashStore: every operation, key counts, timeouts', () => {
    const store = new dist.HashStore();
    exercise(store);
    expect(store.numKeys()).toBe(3);
    store.setTimeout(150);
    expect(store.timeout).toBe(150);
    const t0 = Date.now();
    expect(() => store.get('never')).toThrow(/[Tt]imeout|timed out/);
    expect(Date.now() - t0).toBeGreaterThanOrEqual(100);
    expect(() => store.wait(['never'], 50)).toThrow(/[Tt]imeout|timed out/);
  });

  it('TCPStore: a server on a free port and a client in one process', () => {
    const server = new dist.TCPStore('127.0.0.1', 0, { isMaster: true, worldSize: 1, timeout: 10_000 });
    expect(server.port).toBeGreaterThan(0);
    expect(server.host).toBe('127.0.0.1');
    expect(server.libuvBackend).toBe(true);
    exercise(server);
    const client = new dist.TCPStore('127.0.0.1', server.port, { timeout: 10_000 });
    expect(client.get('a').toString()).toBe('beta');
    client.set('fromClient', 'x');
    expect(server.get('fromClient').toString()).toBe('x');
    expect(client.timeout).toBe(10_000);
    expect(() => client.wait(['never'], 100)).toThrow(expect.objectContaining({ name: 'DistStoreError', message: expect.stringMatching(/timeout/) as string }));
    const legacy = new dist.TCPStore('127.0.0.1', 0, { isMaster: true, useLibuv: false, waitForWorkers: false });
    expect(legacy.libuvBackend).toBe(false);
    legacy.set('k', 'v');
    expect(legacy.get('k').toString()).toBe('v');
  });

  it('PrefixStore: keys land under prefix/', () => {
    const base = new dist.HashStore();
    const sub = new dist.PrefixStore('trainer', base);
    sub.set('k', 'v');
    expect(base.get('trainer/k').toString()).toBe('v');
    expect(sub.get('k').toString()).toBe('v');
    expect(base.check(['k'])).toBe(false);
    expect(sub.add('c', 2)).toBe(2);
    expect(sub.underlyingStore).toBe(base);
    const nested = new dist.PrefixStore('inner', sub);
    nested.set('x', '1');
    expect(base.get('trainer/inner/x').toString()).toBe('1');
  });

  it('FileStore: every operation, shared by two instances', () => {
    const path = join(dir, 'filestore');
    const a = new dist.FileStore(path, 2);
    const b = new dist.FileStore(path, 2);
    exercise(a, true);
    expect(b.get('a').toString()).toBe('beta');
    b.set('fromB', 'y');
    expect(a.get('fromB').toString()).toBe('y');
  });

  it('getAsync/waitAsync wait off the event loop, and TCPStore.create joins without blocking it', async () => {
    const server = await dist.TCPStore.create('127.0.0.1', 0, { isMaster: true, worldSize: 1, timeout: 10_000 });
    let ticks = 0;
    const timer = setInterval(() => { ticks++; }, 5);
    const pending = server.getAsync('later');
    const waited = server.waitAsync(['later']);
    setTimeout(() => server.set('later', 'now'), 150);
    expect((await pending).toString()).toBe('now');
    await waited;
    clearInterval(timer);
    expect(ticks).toBeGreaterThan(5);
    await expect(server.waitAsync(['never'], 50)).rejects.toMatchObject({ name: 'DistStoreError' });
    const hash = new dist.HashStore();
    const got = hash.getAsync('k');
    hash.set('k', 'v');
    expect((await got).toString()).toBe('v');
  });

  it('rejects bad arguments with errors naming them', () => {
    const store = new dist.HashStore();
    expect(() => store.set(1 as unknown as string, 'v')).toThrow(new TypeError('Store.set(key): key must be a string (got number)'));
    expect(() => store.set('k', 5 as unknown as string)).toThrow(new TypeError('Store.set(key, value): value must be a string or a Uint8Array'));
    expect(() => store.wait('k' as unknown as string[])).toThrow(TypeError);
    expect(() => store.add('k', 1.5)).toThrow(TypeError);
    expect(() => new dist.TCPStore('127.0.0.1', 70000)).toThrow(new RangeError('port must have value from 0 to 65535 but was 70000.'));
    expect(() => new dist.PrefixStore('p', {} as torch.distributed.Store)).toThrow(TypeError);
  });

  it('a store-only job: 3 processes count, publish and wait through one TCPStore', async () => {
    const results = await runNodeRanks(3, `
      const store = new dist.TCPStore(process.env.MASTER_ADDR, Number(process.env.MASTER_PORT),
        { worldSize, isMaster: rank === 0, timeout: 30_000 });
      store.set('rank' + rank, String(rank * 10));
      const arrived = store.add('arrived', 1);
      store.wait(['rank0', 'rank1', 'rank2']);
      const values = [0, 1, 2].map((r) => store.get('rank' + r).toString());
      const last = await store.getAsync('rank' + ((rank + 1) % 3));
      store.add('done', 1);
      if (rank === 0) { while (Number(store.get('done').toString()) < 3) await new Promise((r) => setTimeout(r, 10)); }
      report({ arrived, values, last: last.toString() });
    `, { timeoutMs: 60_000 });
    expectAllOk(results);
    const arrived = results.map((r) => (r.reports[0] as { arrived: number }).arrived).sort();
    expect(arrived).toEqual([1, 2, 3]);
    for (const r of results) {
      expect(r.reports[0]).toMatchObject({ values: ['0', '10', '20'], last: String(((r.rank + 1) % 3) * 10) });
    }
  });
});
