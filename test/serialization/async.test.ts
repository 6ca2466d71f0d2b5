// saveAsync / loadAsync: the same results as save / load, with the event loop running while the
// archive is written and read.
import { afterAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import * as torch from '../../lib/index.js';
import type { Tensor } from '../../lib/index.js';

const dir = mkdtempSync(join(tmpdir(), 'tn-ser-async-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Runs fn while counting event-loop turns (a 0 ms timer re-armed each turn). */
async function countTicks<T>(fn: () => Promise<T>): Promise<[T, number]> {
  let ticks = 0;
  let running = true;
  const tick = () => { ticks++; if (running) setTimeout(tick, 0); };
  setTimeout(tick, 0);
  const r = await fn();
  running = false;
  return [r, ticks];
}

describe('async save and load', () => {
  it('give the same results as the sync versions', async () => {
    const base = torch.arange(20, { dtype: 'float64' });
    const obj = { a: base.view([4, 5]), b: base.narrow(0, 3, 4), meta: { step: 7, name: 'x' } };
    const syncBuf = torch.save(obj);
    const asyncBuf = await torch.saveAsync(obj);
    expect(asyncBuf.length).toBe(syncBuf.length);
    for (const d of [torch.load(asyncBuf), await torch.loadAsync(syncBuf), await torch.loadAsync(asyncBuf)] as (typeof obj)[]) {
      expect(d.a.tolist()).toEqual(obj.a.tolist());
      expect(d.b.tolist()).toEqual(obj.b.tolist());
      expect(d.meta).toEqual(obj.meta);
      d.a.fill_(1);
      expect(d.b.tolist()).toEqual([1, 1, 1, 1]);
    }
    const path = join(dir, 'a.pt');
    await torch.saveAsync(obj, path);
    const fromFile = (await torch.loadAsync(path, { mmap: true })) as typeof obj;
    expect(fromFile.a.tolist()).toEqual(obj.a.tolist());
    const stream = new PassThrough();
    const chunks: Buffer[] = [];
    stream.on('data', (c: Buffer) => chunks.push(c));
    await torch.saveAsync(obj, stream);
    expect((torch.load(Buffer.concat(chunks)) as typeof obj).b.tolist()).toEqual(obj.b.tolist());
    expect(readFileSync(path).length).toBe(syncBuf.length);
  });

  it('errors reject the promise', async () => {
    await expect(torch.loadAsync(join(dir, 'missing.pt'))).rejects.toThrow(/ENOENT|No such file/);
    await expect(torch.saveAsync({ a: 1 }, join(dir, 'nope', 'x.pt'))).rejects.toThrow(/cannot create/);
    await expect(torch.loadAsync(Buffer.from('PK\x03\x04 truncated'))).rejects.toThrow(/PytorchStreamReader|torch.load/);
  });

  it('the event loop runs during a large save and load', async () => {
    const big = torch.rand([50_000_000]); // 200 MB
    const path = join(dir, 'big.pt');
    const [, saveTicks] = await countTicks(() => torch.saveAsync({ big }, path));
    const [loaded, loadTicks] = await countTicks(() => torch.loadAsync(path));
    expect(saveTicks).toBeGreaterThan(2);
    expect(loadTicks).toBeGreaterThan(2);
    const l = (loaded as { big: Tensor }).big;
    expect(l.shape).toEqual([50_000_000]);
    expect(l.equal(big)).toBe(true);
  });
});
