// Saving to a path is atomic: a process killed in the middle of writing a ~500 MB file leaves the
// previous file at the path intact (only its temporary sibling is partial).
import { afterAll, describe, expect, it } from 'vitest';
import { lstatSync, mkdtempSync, readdirSync, rmSync, statSync, symlinkSync } from 'node:fs';
import { spawn } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as torch from '../../lib/index.js';
import type { Tensor } from '../../lib/index.js';

const dir = mkdtempSync(join(tmpdir(), 'tn-ser-atomic-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('atomic saves', () => {
  it('SIGKILL during a 500 MB save leaves the previous file intact', async () => {
    const path = join(dir, 'model.pt');
    torch.save({ version: 1, w: torch.arange(10, { dtype: 'float32' }) }, path);
    const before = statSync(path).size;
    const dist = fileURLToPath(new URL('../../dist/lib', import.meta.url));
    const child = spawn(process.execPath, [fileURLToPath(new URL('./save_big_child.mjs', import.meta.url)), dist, path],
      { stdio: ['ignore', 'pipe', 'inherit'], env: { ...process.env, OMP_NUM_THREADS: '1' } });
    const exited = new Promise<NodeJS.Signals | null>((resolve) => child.on('exit', (_code, signal) => resolve(signal)));
    let out = '';
    child.stdout.on('data', (d: Buffer) => { out += d.toString(); });
    // Kill once the temporary file holds at least 100 MB (of ~500 MB).
    let partial = 0;
    const deadline = Date.now() + 40_000;
    while (Date.now() < deadline && child.exitCode === null) {
      const tmp = readdirSync(dir).find((f) => f.startsWith('model.pt.tmp-'));
      if (tmp) {
        partial = statSync(join(dir, tmp)).size;
        if (partial >= 100e6) break;
      }
      await new Promise((r) => setTimeout(r, 5));
    }
    child.kill('SIGKILL');
    expect(await exited).toBe('SIGKILL');
    expect(out).not.toContain('saved');
    expect(partial).toBeGreaterThanOrEqual(100e6);
    expect(partial).toBeLessThan(500e6);
    expect(statSync(path).size).toBe(before);
    const d = torch.load(path) as { version: number; w: Tensor };
    expect(d.version).toBe(1);
    expect(d.w.tolist()).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
  });

  it('a failed save leaves no temporary file and the previous file in place', () => {
    const path = join(dir, 'keep.pt');
    torch.save({ a: 1 }, path);
    expect(() => torch.save({ f: () => 0 }, path)).toThrow(TypeError);
    expect(() => torch.save({ a: 2 }, join(dir, 'no-such-dir', 'x.pt'))).toThrow(/cannot create/);
    expect(readdirSync(dir).filter((f) => f.startsWith('keep.pt.tmp-'))).toEqual([]);
    expect(torch.load(path)).toEqual({ a: 1 });
  });

  it('fsync: false still replaces the file whole; a bad fsync option is a TypeError before anything is written', async () => {
    const path = join(dir, 'nofsync.pt');
    torch.save({ a: 1 }, path, { fsync: false });
    await torch.saveAsync({ a: 2, w: torch.ones([3]) }, path, { fsync: false });
    const d = torch.load(path) as { a: number; w: Tensor };
    expect(d.a).toBe(2);
    expect(d.w.tolist()).toEqual([1, 1, 1]);
    expect(() => torch.save({ a: 3 }, path, { fsync: 'yes' as unknown as boolean })).toThrow(/options\.fsync must be a boolean/);
    expect(() => torch.save({ a: 3 }, path, 5 as unknown as torch.SaveOptions)).toThrow(TypeError);
    expect(readdirSync(dir).filter((f) => f.startsWith('nofsync.pt.tmp-'))).toEqual([]);
    expect((torch.load(path) as { a: number }).a).toBe(2);
  });

  it('a symlinked path is written through the link, which stays a link', () => {
    const real = join(dir, 'real.pt');
    const link = join(dir, 'link.pt');
    torch.save({ a: 1 }, real);
    symlinkSync(real, link);
    torch.save({ a: 2 }, link);
    expect(lstatSync(link).isSymbolicLink()).toBe(true);
    expect(torch.load(real)).toEqual({ a: 2 });
  });
});
