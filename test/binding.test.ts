// The loader (lib/binding.ts): your own LibTorch (TORCH_NODE_LIBTORCH / LIBTORCH), a CUDA LibTorch
// installed by `torch-node install --cuda` (TORCH_NODE_HOME/cuda.json), and the error when no
// addon fits. Each case loads torch-node in a child process with its own environment.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cpSync, linkSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runInChild } from './helpers/child.js';
import { oracle } from './helpers/python.js';

const torchDir = oracle<string>('binding', 'torch_dir');
const repo = fileURLToPath(new URL('..', import.meta.url));
const LIBS = ['libc10.so', 'libtorch_cpu.so', 'libtorch.so', 'libgomp.so.1'];
const clean = { TORCH_NODE_LIBTORCH: undefined, LIBTORCH: undefined, TORCH_NODE_HOME: undefined, TORCH_NODE_CUDA: undefined };

// Prints the sum of ones(2) and the file libc10.so was mapped from.
const probe = `const maps = (await import('node:fs')).readFileSync('/proc/self/maps', 'utf8').split('\\n');
console.log(JSON.stringify({ sum: torch.ones([2]).sum().item(), c10: maps.find((l) => l.endsWith('/libc10.so'))?.split(/\\s+/).pop() }));`;
const parse = (out: string) => JSON.parse(out.trim().split('\n').pop()!) as { sum: number; c10: string };

let work: string;
// A LibTorch folder of the given version: the wheel's libraries hard-linked (so /proc/self/maps
// names this folder), symlinked where the file system does not allow links.
function fakeLibtorch(name: string, version: string): string {
  const dir = join(work, name);
  mkdirSync(join(dir, 'lib'), { recursive: true });
  for (const lib of LIBS) {
    try { linkSync(join(torchDir, 'lib', lib), join(dir, 'lib', lib)); }
    catch { symlinkSync(join(torchDir, 'lib', lib), join(dir, 'lib', lib)); }
  }
  writeFileSync(join(dir, 'build-version'), `${version}\n`);
  return dir;
}

beforeAll(() => { work = mkdtempSync(join(tmpdir(), 'torch-node-binding-')); });
afterAll(() => { rmSync(work, { recursive: true, force: true }); });

describe('bring your own LibTorch', () => {
  it('TORCH_NODE_LIBTORCH (an unpacked LibTorch, or a PyTorch install) is the LibTorch loaded', () => {
    const dir = fakeLibtorch('own', '2.13.0+cpu');
    const own = parse(runInChild(probe, { env: { ...clean, TORCH_NODE_LIBTORCH: dir } }).stdout);
    expect(own.sum).toBe(2);
    expect(own.c10.startsWith(dir) || own.c10 === join(torchDir, 'lib', 'libc10.so')).toBe(true);
    const pip = parse(runInChild(probe, { env: { ...clean, LIBTORCH: torchDir } }).stdout);
    expect(pip).toEqual({ sum: 2, c10: join(torchDir, 'lib', 'libc10.so') });
  });

  it('a path that is no LibTorch fails loudly, naming it', () => {
    const r = runInChild(probe, { env: { ...clean, TORCH_NODE_LIBTORCH: join(work, 'nothing-here') } });
    expect(r.status).not.toBe(0);
    expect(r.stderr).toContain(`TORCH_NODE_LIBTORCH=${join(work, 'nothing-here')} is not a LibTorch`);
  });

  it('a LibTorch of another major.minor is refused with both versions', () => {
    const dir = fakeLibtorch('old', '2.12.1+cpu');
    const r = runInChild(probe, { env: { ...clean, TORCH_NODE_LIBTORCH: dir } });
    expect(r.status).not.toBe(0);
    expect(r.stderr).toMatch(/is LibTorch 2\.12\.1\+cpu, but the addon .* was built for LibTorch 2\.13/);
  });
});

describe('a CUDA LibTorch installed by `torch-node install --cuda`', () => {
  it('is loaded from TORCH_NODE_HOME/cuda.json; TORCH_NODE_CUDA=0 skips it; a missing folder is an error', () => {
    const home = join(work, 'home');
    const dir = fakeLibtorch('home/libtorch-2.13.0-cu126', '2.13.0+cu126');
    writeFileSync(join(home, 'cuda.json'), JSON.stringify({ libtorch: 'libtorch-2.13.0-cu126', path: join(dir, 'lib'), torch: '2.13.0+cu126', cuda: '12.6' }));
    const used = parse(runInChild(probe, { env: { ...clean, TORCH_NODE_HOME: home } }).stdout);
    expect(used.sum).toBe(2);
    expect(used.c10.startsWith(dir) || used.c10 === join(torchDir, 'lib', 'libc10.so')).toBe(true);

    writeFileSync(join(home, 'cuda.json'), JSON.stringify({ path: join(home, 'gone', 'lib') }));
    const missing = runInChild(probe, { env: { ...clean, TORCH_NODE_HOME: home } });
    expect(missing.status).not.toBe(0);
    expect(missing.stderr).toContain('npx torch-node install --cuda <version> --force');
    const skipped = runInChild(probe, { env: { ...clean, TORCH_NODE_HOME: home, TORCH_NODE_CUDA: '0' } });
    expect(parse(skipped.stdout).sum).toBe(2);
  });
});

describe('no addon for this platform', () => {
  it("throws sharp's kind of error: platform, Node ABI, LibTorch, and the solutions", () => {
    // torch-node's JS without build/Release and without the platform package.
    const root = join(work, 'bare');
    mkdirSync(root);
    cpSync(join(repo, 'dist', 'lib'), join(root, 'dist', 'lib'), { recursive: true });
    cpSync(join(repo, 'package.json'), join(root, 'package.json'));
    const r = runInChild('', { env: clean, entry: join(root, 'dist', 'lib', 'index.js') });
    expect(r.status).not.toBe(0);
    expect(r.stderr).toContain('torch-node: could not load the native addon.');
    expect(r.stderr).toContain(`${process.platform}-${process.arch}`);
    expect(r.stderr).toContain(`(ABI ${process.versions.modules})`);
    expect(r.stderr).toMatch(/LibTorch 2\.13/);
    expect(r.stderr).toContain('Possible solutions:');
    expect(r.stderr).toContain('TORCH_NODE_BUILD_FROM_SOURCE=1');
  });
});

describe('process-wide effects at load (native/process_effects.cpp)', () => {
  // What the child reports: the effects the addon says it applied, whether a vm context created
  // after load has gc() (V8's --expose-gc), a sum computed with the effects as they are, and the
  // most tensors alive during synchronous loops of 100k 4 KB and 200k 16-byte temporaries (still
  // freed without yielding). Every tensor counts towards the scavenges of native/gc_pressure.h by
  // its native size, storage plus overhead, plus a fixed 1 KB (one scavenge per 8 MB: about 1,500
  // of the 4 KB ones, 6,000 of the tiny ones), which need gc() exposed; without it V8's own
  // collections free them, later (tiny ones when new space fills or external memory grows ~64 MB:
  // ~110,000 alive; ~25,000 with the native size alone).
  const report = `const { native } = await import(${JSON.stringify(join(repo, 'dist', 'lib', 'binding.js'))});
const vm = await import('node:vm');
const a = torch.ones([1024]), b = torch.ones([1024]);
const start = native.liveTensorCount();
let live = 0;
for (let i = 0; i < 100_000; i++) { a.add(b); if (i % 100 === 0) live = Math.max(live, native.liveTensorCount() - start); }
const c = torch.ones([4]), d = torch.ones([4]);
const start4 = native.liveTensorCount();
let live4 = 0;
for (let i = 0; i < 200_000; i++) { c.add(d); if (i % 100 === 0) live4 = Math.max(live4, native.liveTensorCount() - start4); }
console.log(JSON.stringify({ effects: native.processEffects(), gc: vm.runInNewContext('typeof gc'),
  sum: a.add(b).sum().item(), live, live4 }));`;
  const run = (env: Record<string, string | undefined>) => {
    const r = runInChild(report, { env: { ...clean, TORCH_NODE_DISABLE_EFFECTS: undefined, TORCH_NODE_DEFAULT_CPU_ALLOCATOR: undefined, TORCH_NODE_MALLOC_DEFAULTS: undefined, ...env } });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    return JSON.parse(r.stdout.trim().split('\n').pop()!) as {
      effects: { cpuAllocator: boolean; mallocFastbinsOff: boolean; exposeGc: boolean }; gc: string; sum: number; live: number; live4: number;
    };
  };

  it('by default all three are applied', () => {
    const r = run({});
    expect(r.effects).toEqual({ cpuAllocator: true, mallocFastbinsOff: process.platform === 'linux', exposeGc: true });
    expect(r.gc).toBe('function');
    expect(r.sum).toBe(2048);
    expect(r.live).toBeLessThan(2_500);
    expect(r.live4).toBeLessThan(8_000);
  });

  it('TORCH_NODE_DISABLE_EFFECTS=all applies none; tensors are still right and still freed', () => {
    const r = run({ TORCH_NODE_DISABLE_EFFECTS: 'all' });
    expect(r.effects).toEqual({ cpuAllocator: false, mallocFastbinsOff: false, exposeGc: false });
    expect(r.gc).toBe('undefined');
    expect(r.sum).toBe(2048);
    expect(r.live).toBeLessThan(50_000);
  });

  it('effects are switched off one by one, by name, and by the older variables', () => {
    expect(run({ TORCH_NODE_DISABLE_EFFECTS: 'expose-gc' })).toMatchObject(
      { effects: { cpuAllocator: true, exposeGc: false }, gc: 'undefined' });
    expect(run({ TORCH_NODE_DISABLE_EFFECTS: 'cpu-allocator, malloc-fastbins' }).effects).toEqual(
      { cpuAllocator: false, mallocFastbinsOff: false, exposeGc: true });
    expect(run({ TORCH_NODE_DEFAULT_CPU_ALLOCATOR: '1', TORCH_NODE_MALLOC_DEFAULTS: '1' }).effects).toEqual(
      { cpuAllocator: false, mallocFastbinsOff: false, exposeGc: true });
  });
});
