// scripts/install.mjs, torch-node's npm "install" script: nothing by default; with
// TORCH_NODE_BUILD_FROM_SOURCE=1 a build whose missing tools are named clearly. Run with a PATH
// holding only the tools each case allows.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, symlinkSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execFileSync, spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const script = fileURLToPath(new URL('../../scripts/install.mjs', import.meta.url));
let work: string;

// A folder of symlinks to the given commands, as the whole PATH.
function pathWith(name: string, commands: string[]): string {
  const dir = join(work, name);
  mkdirSync(dir);
  for (const c of commands) symlinkSync(execFileSync('which', [c], { encoding: 'utf8' }).trim(), join(dir, c));
  return dir;
}

function install(env: Record<string, string>): { status: number | null; out: string } {
  const r = spawnSync(process.execPath, [script], { encoding: 'utf8', env: { HOME: process.env.HOME ?? '/root', ...env } });
  return { status: r.status, out: r.stdout + r.stderr };
}

beforeAll(() => { work = mkdtempSync(join(tmpdir(), 'torch-node-install-')); });
afterAll(() => { rmSync(work, { recursive: true, force: true }); });

describe('the install script', () => {
  it('does nothing unless a build from source is asked for', () => {
    expect(install({ PATH: pathWith('none', []) })).toEqual({ status: 0, out: '' });
  });

  it('names what a build from source lacks: cmake, a C++ compiler, LibTorch', () => {
    const noCmake = install({ PATH: pathWith('no-cmake', []), TORCH_NODE_BUILD_FROM_SOURCE: '1' });
    expect(noCmake.status).toBe(1);
    expect(noCmake.out).toContain('cmake was not found on PATH');

    const noCompiler = install({ PATH: pathWith('no-cxx', ['cmake']), TORCH_NODE_BUILD_FROM_SOURCE: '1' });
    expect(noCompiler.status).toBe(1);
    expect(noCompiler.out).toContain('no C++17 compiler was found');

    const badLibtorch = install({ PATH: pathWith('bad-libtorch', ['cmake', 'g++']), npm_config_build_from_source: 'true', LIBTORCH: join(work, 'nothing') });
    expect(badLibtorch.status).toBe(1);
    expect(badLibtorch.out).toContain(`LIBTORCH=${join(work, 'nothing')} is not a LibTorch`);

    const noLibtorch = install({ PATH: pathWith('no-python', ['cmake', 'g++']), TORCH_NODE_BUILD_FROM_SOURCE: '1' });
    expect(noLibtorch.status).toBe(1);
    expect(noLibtorch.out).toContain('LibTorch was not found');
  });
});
