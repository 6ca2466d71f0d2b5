// cmake/Gloo.cmake, run on its own (`cmake -P`): the Gloo headers from GLOO_INCLUDE_DIR, or
// downloaded (TORCH_NODE_FETCH_GLOO=1) from an archive URL and checked header by header against
// cmake/gloo-headers.sha256 before use. The archives here are file:// URLs built from the headers
// beside the checkout (the network is not needed).
import { execFileSync, spawnSync } from 'node:child_process';
import { appendFileSync, cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../..', import.meta.url));
const script = join(root, 'cmake/Gloo.cmake');
const shared = join(root, '../shared/third_party/gloo/include');
const hasShared = existsSync(join(shared, 'gloo/context.h'));
const work = mkdtempSync(join(tmpdir(), 'torch-node-gloo-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const COMMIT = /TORCH_NODE_GLOO_COMMIT "([0-9a-f]{40})"/.exec(readFileSync(script, 'utf8'))![1]!;

function runGloo(defs: Record<string, string>): { status: number | null; out: string } {
  const env = { ...process.env };
  delete env.GLOO_INCLUDE_DIR;
  delete env.TORCH_NODE_FETCH_GLOO;
  delete env.TORCH_NODE_GLOO_URL;
  const args = [...Object.entries(defs).map(([k, v]) => `-D${k}=${v}`), '-P', script];
  const r = spawnSync('cmake', args, { cwd: root, env, encoding: 'utf8' });
  // CMake wraps its error messages: one space for every run of whitespace.
  return { status: r.status, out: (r.stdout + r.stderr).replace(/\s+/g, ' ') };
}

/** A tar.gz like GitHub's archive of a commit (one top folder holding gloo/), from the headers. */
function archive(name: string, edit?: (dir: string) => void): string {
  const top = join(work, name, `gloo-${COMMIT}`);
  cpSync(shared, top, { recursive: true });
  edit?.(top);
  const file = join(work, `${name}.tar.gz`);
  execFileSync('tar', ['-czf', file, '-C', join(work, name), `gloo-${COMMIT}`]);
  return `file://${file}`;
}

function files(dir: string, prefix = ''): string[] {
  return readdirSync(join(dir, prefix), { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? files(dir, join(prefix, e.name)) : [join(prefix, e.name)]).sort();
}

describe('cmake/Gloo.cmake', () => {
  it.skipIf(!hasShared)('TORCH_NODE_FETCH_GLOO=1: downloads, checks every header, and uses them', () => {
    const url = archive('good');
    const out = join(work, 'out-good');
    const r = runGloo({ TORCH_NODE_FETCH_GLOO: '1', TORCH_NODE_GLOO_URL: url, TORCH_NODE_GLOO_WORK_DIR: out });
    expect(r.status, r.out).toBe(0);
    const include = join(out, `gloo-${COMMIT}`, 'include');
    expect(r.out).toContain(`torch.distributed with Gloo headers from ${include}`);
    // Exactly the manifest's headers, byte for byte.
    const manifest = readFileSync(join(root, 'cmake/gloo-headers.sha256'), 'utf8').split('\n')
      .filter((l) => /^[0-9a-f]{64} {2}/.test(l)).map((l) => l.slice(66)).sort();
    expect(files(include)).toEqual(manifest);
    for (const f of manifest) expect(readFileSync(join(include, f)).equals(readFileSync(join(shared, f))), f).toBe(true);
    // A second run finds them checked and downloads nothing.
    const again = runGloo({ TORCH_NODE_FETCH_GLOO: '1', TORCH_NODE_GLOO_URL: 'file:///nonexistent.tar.gz', TORCH_NODE_GLOO_WORK_DIR: out });
    expect(again.status, again.out).toBe(0);
    expect(again.out).not.toContain('downloading');
  });

  it.skipIf(!hasShared)('refuses an archive whose headers differ from the manifest, and leaves nothing to use', () => {
    const url = archive('tampered', (dir) => appendFileSync(join(dir, 'gloo/context.h'), '\n// changed\n'));
    const out = join(work, 'out-tampered');
    const r = runGloo({ TORCH_NODE_FETCH_GLOO: '1', TORCH_NODE_GLOO_URL: url, TORCH_NODE_GLOO_WORK_DIR: out });
    expect(r.status).not.toBe(0);
    expect(r.out).toMatch(/do not match cmake\/gloo-headers\.sha256: gloo\/context\.h \(sha256 [0-9a-f]{64}\)/);
    expect(existsSync(join(out, `gloo-${COMMIT}`, 'include'))).toBe(false);
  });

  it('a failed download names the URL and the way around it', () => {
    const r = runGloo({ TORCH_NODE_FETCH_GLOO: '1', TORCH_NODE_GLOO_URL: `file://${join(work, 'missing.tar.gz')}`, TORCH_NODE_GLOO_WORK_DIR: join(work, 'out-missing') });
    expect(r.status).not.toBe(0);
    expect(r.out).toContain(`downloading file://${join(work, 'missing.tar.gz')} failed`);
    expect(r.out).toContain('TORCH_NODE_GLOO_URL=file:///path/to/archive.tar.gz');
  });

  it('an archive that is not Gloo is refused', () => {
    const dir = join(work, 'notgloo', 'x');
    cpSync(script, join(dir, 'readme.txt'), { recursive: true });
    const file = join(work, 'notgloo.tar.gz');
    execFileSync('tar', ['-czf', file, '-C', join(work, 'notgloo'), 'x']);
    const r = runGloo({ TORCH_NODE_FETCH_GLOO: '1', TORCH_NODE_GLOO_URL: `file://${file}`, TORCH_NODE_GLOO_WORK_DIR: join(work, 'out-notgloo') });
    expect(r.status).not.toBe(0);
    expect(r.out).toContain('is not a Gloo source archive');
  });

  it('GLOO_INCLUDE_DIR: used when it holds the headers, an error when it does not; nothing given: built without Gloo', () => {
    if (hasShared) {
      const r = runGloo({ GLOO_INCLUDE_DIR: shared });
      expect(r.status, r.out).toBe(0);
      expect(r.out).toContain('torch.distributed with Gloo headers from');
      expect(r.out).not.toContain('differ');
    }
    const empty = join(work, 'empty');
    const bad = runGloo({ GLOO_INCLUDE_DIR: empty });
    expect(bad.status).not.toBe(0);
    expect(bad.out).toContain(`GLOO_INCLUDE_DIR='${empty}' has no gloo/context.h and gloo/config.h`);
    const none = runGloo({});
    expect(none.status, none.out).toBe(0);
    expect(none.out).toContain('torch.distributed without Gloo');
  });
});
