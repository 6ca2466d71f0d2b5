// bin/torch-node.mjs install --cuda: run on small fake wheels built here (test/bin/zip.mjs),
// stored, deflated and zip64, with RECORDs right and wrong; the download path against a local
// PEP 503 index (--index-url), as download.pytorch.org serves it.
import { execFile, spawnSync } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import { promisify } from 'node:util';
import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, truncateSync, writeFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
// @ts-expect-error: a plain .mjs helper, no declarations
import { writeWheel, writeZip } from './zip.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const BIN = join(root, 'bin', 'torch-node.mjs');

let dir: string;
const sha = (p: string) => createHash('sha256').update(readFileSync(p)).digest('hex');
const lib = (tag: string, n = 3000) => Buffer.from(`${tag}\n`.repeat(n));

interface Run { status: number | null; stdout: string; stderr: string }
function run(args: string[], env: Record<string, string | undefined> = {}, bin = BIN): Run {
  const r = spawnSync(process.execPath, [bin, ...args], {
    encoding: 'utf8', env: { ...process.env, TORCH_NODE_HOME: undefined, ...env } as NodeJS.ProcessEnv, timeout: 60_000,
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

const TORCH_REQS = [
  'filelock',
  'sympy>=1.13.3',
  'nvidia-cuda-runtime-cu12==12.6.77; platform_system == "Linux" and platform_machine == "x86_64"',
  'nvidia-cublas-cu12==12.6.4.1; platform_system == "Linux" and platform_machine == "x86_64"',
  'nvidia-windows-only-cu12==1.0; platform_system == "Windows"',
  'optree>=0.13.0; extra == "optree"',
];

/** A fake CUDA torch wheel; returns its path. */
function torchWheel(at: string, version = '2.13.0+cu126', opts: { record?: Record<string, string | null>; requires?: string[]; noCuda?: boolean } = {}) {
  const p = join(at, `torch-${version}-cp312-cp312-manylinux_2_28_x86_64.whl`);
  const files: Record<string, Buffer | string> = {
    'torch/__init__.py': 'import os\n',
    'torch/lib/libc10.so': lib('c10'),
    'torch/lib/libtorch.so': lib('torch', 10),
    'torch/lib/libtorch_cpu.so': lib('torch_cpu', 20000),
    'torch/lib/libgomp-a34b3233.so.1': lib('gomp'),
    'torch/include/ATen/ATen.h': '#pragma once\n',
    'torch/lib/libshm/alloc_info.h': '// not a library\n',
  };
  if (!opts.noCuda) files['torch/lib/libtorch_cuda.so'] = lib('torch_cuda', 5000);
  writeWheel(p, { name: 'torch', version, files, requires: opts.requires ?? TORCH_REQS, record: opts.record });
  return p;
}

function nvidiaWheels(at: string, opts: { cublasRecord?: Record<string, string | null> } = {}) {
  const runtime = join(at, 'nvidia_cuda_runtime_cu12-12.6.77-py3-none-manylinux2014_x86_64.whl');
  writeWheel(runtime, {
    name: 'nvidia-cuda-runtime-cu12', version: '12.6.77', method: 0, // stored entries
    files: {
      'nvidia/__init__.py': '',
      'nvidia/cuda_runtime/lib/libcudart.so.12': lib('cudart'),
      'nvidia/cuda_runtime/include/cuda_runtime.h': '// header\n',
    },
  });
  const cublas = join(at, 'nvidia_cublas_cu12-12.6.4.1-py3-none-manylinux_2_27_x86_64.whl');
  writeWheel(cublas, {
    name: 'nvidia-cublas-cu12', version: '12.6.4.1', zip64: true, // zip64 records everywhere
    requires: ['nvidia-cuda-nvrtc-cu12'],
    files: {
      'nvidia/cublas/lib/libcublas.so.12': lib('cublas', 8000),
      'nvidia/cublas/lib/libcublasLt.so.12': lib('cublasLt', 9000),
      'nvidia/cublas/lib/libnvblas.so.12': lib('nvblas'),
    },
    record: opts.cublasRecord,
  });
  const nvrtc = join(at, 'nvidia_cuda_nvrtc_cu12-12.6.85-py3-none-manylinux_2_17_x86_64.whl');
  writeWheel(nvrtc, {
    name: 'nvidia-cuda-nvrtc-cu12', version: '12.6.85',
    files: {
      'nvidia/cuda_nvrtc/lib/libnvrtc.so.12': lib('nvrtc'),
      'nvidia/cuda_nvrtc/lib/libnvrtc-builtins.so.12.6': lib('builtins'),
    },
  });
  return { runtime, cublas, nvrtc };
}

function hashArgs(paths: string[]) {
  return paths.flatMap((p) => ['--sha256', `${p.split('/').pop()}=${sha(p)}`]);
}

/** What a failed install may leave in home: nothing but (maybe) the empty folder. */
function expectNothingInstalled(home: string) {
  const left = existsSync(home) ? readdirSync(home) : [];
  expect(left.filter((n) => n !== 'wheels')).toEqual([]);
}

beforeAll(() => { dir = mkdtempSync(join(tmpdir(), 'torch-node-install-')); });
afterAll(() => { rmSync(dir, { recursive: true, force: true }); });

describe('torch-node install --cuda --from', () => {
  it('installs the libraries of torch and the nvidia wheels it requires, with a manifest', () => {
    const at = join(dir, 'ok');
    mkdirSync(at);
    const torch = torchWheel(at);
    const nv = nvidiaWheels(at);
    const unrelated = join(at, 'sympy-1.13.3-py3-none-any.whl');
    writeWheel(unrelated, { name: 'sympy', version: '1.13.3', files: { 'sympy/__init__.py': '' } });
    const unneeded = join(at, 'nvidia_nccl_cu12-2.27.3-py3-none-manylinux_2_18_x86_64.whl');
    writeWheel(unneeded, { name: 'nvidia-nccl-cu12', version: '2.27.3', files: { 'nvidia/nccl/lib/libnccl.so.2': lib('nccl') } });
    // Hashes from a sha256sum-style list for some wheels, --sha256 for the others.
    const list = join(at, 'SHA256SUMS');
    writeFileSync(list, `# wheels\n${sha(torch)}  ${torch.split('/').pop()}\n${sha(nv.cublas)} *${nv.cublas.split('/').pop()}\n`);
    const home = join(dir, 'home-ok');
    // Wheels not used (sympy, an nvidia wheel torch does not require) need no hash.
    const r = run(['install', '--cuda', '12.6', '--from', torch, nv.runtime, nv.cublas, '--from', nv.nvrtc, unrelated, unneeded,
      '--hashes', list, ...hashArgs([nv.runtime, nv.nvrtc]), '--home', home]);
    expect(r.stderr).not.toMatch(/Error|mismatch/);
    expect(r.status).toBe(0);
    const target = join(home, 'libtorch-2.13.0-cu126');
    expect(r.stdout.trim()).toBe(target);
    expect(r.stderr).toMatch(/sympy-1\.13\.3-py3-none-any\.whl: not torch nor a CUDA library wheel; skipped/);
    expect(r.stderr).toMatch(/nvidia_nccl_cu12-2\.27\.3-py3-none-manylinux_2_18_x86_64\.whl is not needed by torch-2\.13\.0\+cu126-cp312-cp312-manylinux_2_28_x86_64\.whl; skipped/);
    expect(readdirSync(home).sort()).toEqual(['cuda.json', 'libtorch-2.13.0-cu126']);
    expect(readdirSync(target).sort()).toEqual(['build-version', 'lib', 'manifest.json']);
    expect(readFileSync(join(target, 'build-version'), 'utf8')).toBe('2.13.0+cu126\n');
    expect(readdirSync(join(target, 'lib')).sort()).toEqual([
      'libc10.so', 'libcublas.so.12', 'libcublasLt.so.12', 'libcudart.so.12', 'libgomp-a34b3233.so.1',
      'libnvblas.so.12', 'libnvrtc-builtins.so.12.6', 'libnvrtc.so.12', 'libtorch.so', 'libtorch_cpu.so',
      'libtorch_cuda.so',
    ]);
    expect(readFileSync(join(target, 'lib', 'libtorch_cpu.so')).equals(lib('torch_cpu', 20000))).toBe(true);
    expect(readFileSync(join(target, 'lib', 'libcublasLt.so.12')).equals(lib('cublasLt', 9000))).toBe(true);
    expect(readFileSync(join(target, 'lib', 'libcudart.so.12')).equals(lib('cudart'))).toBe(true);

    const m = JSON.parse(readFileSync(join(target, 'manifest.json'), 'utf8'));
    expect(m).toMatchObject({ format: 1, name: 'libtorch-2.13.0-cu126', torch: '2.13.0+cu126', libtorch: '2.13.0', cuda: '12.6', cudaTag: 'cu126' });
    expect(m.wheels.map((w: { name: string }) => w.name)).toEqual(['torch', 'nvidia-cuda-runtime-cu12', 'nvidia-cublas-cu12', 'nvidia-cuda-nvrtc-cu12']);
    expect(m.wheels[0]).toMatchObject({ version: '2.13.0+cu126', sha256: sha(torch), expectedFrom: `--hashes ${list}` });
    const cudart = m.files.find((f: { path: string }) => f.path === 'lib/libcudart.so.12');
    expect(cudart).toMatchObject({ sha256: sha(join(target, 'lib', 'libcudart.so.12')), size: lib('cudart').length,
      entry: 'nvidia/cuda_runtime/lib/libcudart.so.12' });
    expect(m.files).toHaveLength(11);
    expect(JSON.parse(readFileSync(join(home, 'cuda.json'), 'utf8'))).toEqual({
      libtorch: 'libtorch-2.13.0-cu126', path: join(target, 'lib'), torch: '2.13.0+cu126', cuda: '12.6' });

    // list shows it; a second install refuses without --force and replaces it with --force.
    expect(run(['list', '--home', home]).stdout).toMatch(/\* .*libtorch-2\.13\.0-cu126 {2}\(torch 2\.13\.0\+cu126, CUDA 12\.6, 11 libraries/);
    const again = ['install', '--cuda', 'cu126', '--from', at, '--hashes', list, ...hashArgs([nv.runtime, nv.nvrtc]), '--home', home];
    const r2 = run(again);
    expect(r2.status).toBe(1);
    expect(r2.stderr).toMatch(/libtorch-2\.13\.0-cu126 is already installed \(--force replaces it\)/);
    const r3 = run([...again, '--force']);
    expect(r3.status).toBe(0);
    expect(readdirSync(home).sort()).toEqual(['cuda.json', 'libtorch-2.13.0-cu126']);
  });

  it('refuses a wheel whose sha256 differs from the expected one, naming it, and installs nothing', () => {
    const at = join(dir, 'badhash');
    mkdirSync(at);
    const torch = torchWheel(at);
    const nv = nvidiaWheels(at);
    const home = join(dir, 'home-badhash');
    const wrong = 'ab'.repeat(32);
    const r = run(['install', '--cuda', '12.6', '--from', at, ...hashArgs([torch, nv.runtime, nv.nvrtc]),
      '--sha256', `${nv.cublas.split('/').pop()}=${wrong}`, '--home', home]);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain(`sha256 mismatch for ${nv.cublas}: the file has ${sha(nv.cublas)}, --sha256 expects ${wrong}`);
    expectNothingInstalled(home);
  });

  it('refuses a file that does not match the wheel RECORD, naming it, and leaves nothing half-installed', () => {
    const at = join(dir, 'badrecord');
    mkdirSync(at);
    const torch = torchWheel(at);
    const bad = 'sha256=' + Buffer.alloc(32, 7).toString('base64url');
    // The corrupt file comes after others were extracted (cublas is the third wheel read).
    const nv = nvidiaWheels(at, { cublasRecord: { 'nvidia/cublas/lib/libcublasLt.so.12': bad } });
    const home = join(dir, 'home-badrecord');
    const r = run(['install', '--cuda', '12.6', '--from', at, ...hashArgs([torch, ...Object.values(nv)]), '--home', home]);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/nvidia_cublas_cu12-12\.6\.4\.1-py3-none-manylinux_2_27_x86_64\.whl: nvidia\/cublas\/lib\/libcublasLt\.so\.12 does not match the wheel's RECORD/);
    expect(r.stderr).toContain(`RECORD says ${bad}`);
    expect(r.stderr).toMatch(/Nothing was installed/);
    expectNothingInstalled(home);

    // A library missing from RECORD is refused too.
    const at2 = join(dir, 'norecord');
    mkdirSync(at2);
    const t2 = torchWheel(at2, '2.13.0+cu126', { record: { 'torch/lib/libc10.so': null } });
    const nv2 = nvidiaWheels(at2);
    const r2 = run(['install', '--cuda', '12.6', '--from', at2, ...hashArgs([t2, ...Object.values(nv2)]), '--home', home]);
    expect(r2.status).toBe(1);
    expect(r2.stderr).toMatch(/torch\/lib\/libc10\.so has no sha256 in the wheel's RECORD/);
    expectNothingInstalled(home);
  });

  it('fails clearly on missing files, missing required wheels, missing hashes and broken zips', () => {
    const at = join(dir, 'missing');
    mkdirSync(at);
    const torch = torchWheel(at);
    const nv = nvidiaWheels(at);
    const home = join(dir, 'home-missing');

    const r1 = run(['install', '--cuda', '12.6', '--from', torch, join(at, 'nope.whl'), '--home', home]);
    expect(r1.status).toBe(1);
    expect(r1.stderr).toBe(`torch-node: --from ${join(at, 'nope.whl')}: no such file or folder\n`);

    const r2 = run(['install', '--cuda', '12.6', '--from', torch, nv.runtime, ...hashArgs([torch, nv.runtime]), '--home', home]);
    expect(r2.status).toBe(1);
    expect(r2.stderr).toContain('missing wheels, needed by torch-2.13.0+cu126-cp312-cp312-manylinux_2_28_x86_64.whl:\n  nvidia-cublas-cu12 ==12.6.4.1 (required by torch-2.13.0+cu126');
    expect(r2.stderr).not.toMatch(/windows-only|optree|sympy/);

    const r3 = run(['install', '--cuda', '12.6', '--from', at, '--home', home]);
    expect(r3.status).toBe(1);
    expect(r3.stderr).toMatch(/no expected sha256 for .*\.whl: give it with --sha256/);

    // --no-wheel-hashes: the RECORDs alone.
    const r4 = run(['install', '--cuda', '12.6', '--from', at, '--no-wheel-hashes', '--home', home]);
    expect(r4.status).toBe(0);
    rmSync(home, { recursive: true });

    // A truncated download.
    const cut = join(dir, 'cut');
    mkdirSync(cut);
    const t = join(cut, torch.split('/').pop()!);
    copyFileSync(torch, t);
    truncateSync(t, statSync(t).size - 100);
    const r5 = run(['install', '--cuda', '12.6', '--from', t, '--no-wheel-hashes', '--home', home]);
    expect(r5.status).toBe(1);
    expect(r5.stderr).toContain(`torch-node: ${t}: not a readable zip file (no end of central directory record)`);

    const r6 = run(['install', '--from', torch, '--home', home]);
    expect(r6.stderr).toMatch(/install needs --cuda <version>/);
    const r7 = run(['install', '--cuda', 'twelve', '--from', torch, '--home', home]);
    expect(r7.stderr).toMatch(/--cuda takes a CUDA version such as 12\.6/);
    expectNothingInstalled(home);
  });

  it('refuses a torch wheel of another LibTorch version or CUDA version, naming both', () => {
    const at = join(dir, 'version');
    mkdirSync(at);
    const nv = nvidiaWheels(at);
    const home = join(dir, 'home-version');
    const old = torchWheel(at, '2.12.1+cu126');
    const r = run(['install', '--cuda', '12.6', '--from', old, ...Object.values(nv), '--no-wheel-hashes', '--home', home]);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/is torch 2\.12\.1\+cu126, but torch-node was built for LibTorch 2\.13(\.0)?: a torch 2\.13\.x wheel is needed/);
    rmSync(old);

    const cu128 = torchWheel(at, '2.13.0+cu128');
    const r2 = run(['install', '--cuda', '12.6', '--from', cu128, ...Object.values(nv), '--no-wheel-hashes', '--home', home]);
    expect(r2.status).toBe(1);
    expect(r2.stderr).toContain('is torch 2.13.0+cu128, built for CUDA 12.8, not the --cuda 12.6 asked for');
    rmSync(cu128);

    const cpu = torchWheel(at, '2.13.0+cpu', { noCuda: true, requires: [] });
    const r3 = run(['install', '--cuda', '12.6', '--from', cpu, '--no-wheel-hashes', '--home', home]);
    expect(r3.stderr).toContain('is torch 2.13.0+cpu, not a CUDA 12.6 build');
    rmSync(cpu);

    const nocuda = torchWheel(at, '2.13.0+cu126', { noCuda: true, requires: [] });
    const r4 = run(['install', '--cuda', '12.6', '--from', nocuda, '--no-wheel-hashes', '--home', home]);
    expect(r4.stderr).toContain('has no torch/lib/libtorch_cuda.so: not a CUDA build of torch');
    expectNothingInstalled(home);

    // The version torch-node was built for comes from its package.json "libtorch" when present.
    const pkg = join(dir, 'pkg');
    mkdirSync(join(pkg, 'bin'), { recursive: true });
    copyFileSync(BIN, join(pkg, 'bin', 'torch-node.mjs'));
    writeFileSync(join(pkg, 'package.json'), JSON.stringify({ name: 'torch-node', version: '0.0.0', libtorch: '2.12.0' }));
    const t213 = torchWheel(at, '2.13.0+cu126');
    const r5 = run(['install', '--cuda', '12.6', '--from', t213, ...Object.values(nv), '--no-wheel-hashes', '--home', home], {}, join(pkg, 'bin', 'torch-node.mjs'));
    expect(r5.stderr).toContain('is torch 2.13.0+cu126, but torch-node was built for LibTorch 2.12.0: a torch 2.12.x wheel is needed');
  });

  it('installs under TORCH_NODE_HOME, else $XDG_CACHE_HOME/torch-node, else ~/.cache/torch-node', () => {
    const at = join(dir, 'homes');
    mkdirSync(at);
    torchWheel(at);
    nvidiaWheels(at);
    const args = ['install', '--cuda', '12.6', '--from', at, '--no-wheel-hashes'];
    const fakeHome = join(dir, 'user');
    expect(run(args, { HOME: fakeHome, XDG_CACHE_HOME: undefined }).status).toBe(0);
    expect(existsSync(join(fakeHome, '.cache', 'torch-node', 'libtorch-2.13.0-cu126', 'manifest.json'))).toBe(true);
    expect(run(args, { HOME: fakeHome, XDG_CACHE_HOME: join(dir, 'xdg') }).status).toBe(0);
    expect(existsSync(join(dir, 'xdg', 'torch-node', 'libtorch-2.13.0-cu126', 'lib', 'libtorch_cuda.so'))).toBe(true);
    expect(run(args, { HOME: fakeHome, TORCH_NODE_HOME: join(dir, 'tnh') }).status).toBe(0);
    expect(existsSync(join(dir, 'tnh', 'cuda.json'))).toBe(true);
  });

  it('reads zip64 archives, including entries past 4 GB (a sparse file)', async () => {
    // The reader alone, on a zip whose second entry starts past 4 GB (the first is a hole).
    const { readZip, extractEntry } = await import(BIN);
    const big = join(dir, 'big.zip');
    writeZip(big, [{ name: 'hole.bin', zeros: 2 ** 32 + 4096, crc: 0 }, { name: 'torch/lib/libafter.so', data: lib('after') }]);
    const zip = await readZip(big);
    const after = zip.entries.get('torch/lib/libafter.so');
    expect(after.localOffset).toBeGreaterThan(2 ** 32);
    expect(zip.entries.get('hole.bin').size).toBe(2 ** 32 + 4096);
    const got = await extractEntry(zip, after, null);
    expect(got.data.equals(lib('after'))).toBe(true);
    rmSync(big);
  });

  it('explains itself with --help', () => {
    const r = run(['install', '--help']);
    expect(r.status).toBe(0);
    for (const s of ['--cuda <version>', '--from <wheel|dir>', '--sha256 <file>=<hex>', '--hashes <file>', 'TORCH_NODE_HOME',
      'libtorch-<torch version>-cu<xyz>/lib/', 'manifest.json', 'cuda.json', 'RECORD', '--no-wheel-hashes', '--index-url']) {
      expect(r.stdout).toContain(s);
    }
    expect(run(['frobnicate']).stderr).toMatch(/unknown command "frobnicate"/);
  });
});

describe('torch-node install --cuda (download)', () => {
  let server: Server;
  let base: string;
  const served: string[] = [];
  const pages = new Map<string, string>();
  const files = new Map<string, string>();
  const link = (p: string, hash = sha(p)) => `<a href="../../files/${encodeURIComponent(basename(p))}#sha256=${hash}">${basename(p)}</a>`;

  beforeAll(async () => {
    const at = join(dir, 'index');
    mkdirSync(at);
    const torch = torchWheel(at);
    const other = [torchWheel(at, '2.12.1+cu126'), torchWheel(at, '2.13.0+cu128')];
    const nv = nvidiaWheels(at);
    for (const p of [torch, ...other, ...Object.values(nv)]) files.set(`/files/${basename(p)}`, p);
    pages.set('/simple/torch/', `<html><body>${[torch, ...other].map((p) => link(p)).join('<br/>')}</body></html>`);
    pages.set('/simple/nvidia-cuda-runtime-cu12/', link(nv.runtime));
    pages.set('/simple/nvidia-cublas-cu12/', link(nv.cublas));
    pages.set('/simple/nvidia-cuda-nvrtc-cu12/', link(nv.nvrtc));
    server = createServer((req, res) => {
      const url = decodeURIComponent(req.url!.split('?')[0]!);
      if (pages.has(url)) { res.writeHead(200, { 'content-type': 'text/html' }).end(pages.get(url)); return; }
      const f = files.get(url);
      if (f) { served.push(basename(f)); res.writeHead(200).end(readFileSync(f)); return; }
      res.writeHead(404).end();
    });
    await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
    base = `http://127.0.0.1:${(server.address() as { port: number }).port}/simple`;
  });
  afterAll(() => { server.close(); });

  const runAsync = async (args: string[]) => {
    try {
      const r = await promisify(execFile)(process.execPath, [BIN, ...args], { encoding: 'utf8', env: { ...process.env, TORCH_NODE_HOME: undefined } });
      return { status: 0, stdout: r.stdout, stderr: r.stderr };
    } catch (e) {
      const x = e as { code: number; stdout: string; stderr: string };
      return { status: x.code, stdout: x.stdout, stderr: x.stderr };
    }
  };

  it('picks torch 2.13.x for the CUDA version, resolves its nvidia wheels, checks the index hashes and keeps the downloads', async () => {
    const home = join(dir, 'home-download');
    const r = await runAsync(['install', '--cuda', '12.6', '--index-url', base, '--home', home]);
    expect(r.stderr).not.toMatch(/mismatch|cannot/);
    expect(r.status).toBe(0);
    expect(served.sort()).toEqual([
      'nvidia_cublas_cu12-12.6.4.1-py3-none-manylinux_2_27_x86_64.whl', 'nvidia_cuda_nvrtc_cu12-12.6.85-py3-none-manylinux_2_17_x86_64.whl',
      'nvidia_cuda_runtime_cu12-12.6.77-py3-none-manylinux2014_x86_64.whl', 'torch-2.13.0+cu126-cp312-cp312-manylinux_2_28_x86_64.whl',
    ]);
    const m = JSON.parse(readFileSync(join(home, 'libtorch-2.13.0-cu126', 'manifest.json'), 'utf8'));
    expect(m.files).toHaveLength(11);
    expect(m.wheels.every((w: { expectedFrom: string }) => w.expectedFrom === base)).toBe(true);
    expect(readdirSync(join(home, 'wheels'))).toHaveLength(4);
    // Again (--force): the kept wheels are checked and reused, nothing is downloaded.
    served.length = 0;
    const r2 = await runAsync(['install', '--cuda', '12.6', '--index-url', base, '--home', home, '--force']);
    expect(r2.status).toBe(0);
    expect(served).toEqual([]);
    expect(r2.stderr).toMatch(/downloaded before/);
  });

  it('refuses a download whose sha256 differs from the index, and keeps no partial file', async () => {
    const home = join(dir, 'home-download-bad');
    const torch = [...files.values()].find((p) => basename(p).startsWith('torch-2.13.0+cu126'))!;
    const page = pages.get('/simple/torch/')!;
    pages.set('/simple/torch/', link(torch, 'cd'.repeat(32)));
    try {
      const r = await runAsync(['install', '--cuda', '12.6', '--index-url', base, '--home', home]);
      expect(r.status).toBe(1);
      expect(r.stderr).toContain(`sha256 mismatch for ${basename(torch)} downloaded from ${base.replace('/simple', '/files')}/`);
      expect(r.stderr).toContain(`the index says ${'cd'.repeat(32)}`);
      expect(readdirSync(join(home, 'wheels'))).toEqual([]);
      expectNothingInstalled(home);
      const r2 = await runAsync(['install', '--cuda', '13.0', '--index-url', base, '--home', home]);
      expect(r2.stderr).toMatch(/has no torch 2\.13\.x\+cu130 wheel for linux x86_64/);
    } finally {
      pages.set('/simple/torch/', page);
    }
  });
});
