#!/usr/bin/env node
// Stages the LibTorch shared libraries the prebuilt addon needs into
// packages/libtorch-cpu-linux-x64/lib/ (the @torch-node/libtorch-cpu-linux-x64 npm package).
//
// Source: LIBTORCH (an unpacked LibTorch folder, or a PyTorch install's torch/ folder), else the
// PyTorch of python3. The libraries taken are the addon's LibTorch sonames (libc10, libtorch_cpu,
// libtorch) and, transitively, every NEEDED library found in that same lib/ folder (libgomp.so.1
// from the wheel); everything else they need is glibc/libstdc++ from the system.
// A CUDA LibTorch is refused: this package is the CPU one.
//
// Usage: node scripts/stage-libtorch.mjs [--from <dir>]   prints a JSON summary (files, bytes).
import { execFileSync } from 'node:child_process';
import { copyFileSync, cpSync, existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const pkgDir = join(root, 'packages', 'libtorch-cpu-linux-x64');
const ROOTS = ['libc10.so', 'libtorch_cpu.so', 'libtorch.so'];

/** The LibTorch folder (holding lib/) to stage from. */
export function findLibtorch(explicit) {
  const given = explicit ?? process.env.LIBTORCH;
  if (given) {
    const dir = resolve(given);
    if (!existsSync(join(dir, 'lib', 'libtorch_cpu.so')))
      throw new Error(`stage-libtorch: ${dir} has no lib/libtorch_cpu.so (LIBTORCH/--from must be an unpacked LibTorch or a torch/ folder)`);
    return dir;
  }
  try {
    return execFileSync('python3', ['-c', 'import torch,os;print(os.path.dirname(torch.__file__))'],
      { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    throw new Error('stage-libtorch: no LibTorch: set LIBTORCH to an unpacked LibTorch, or install PyTorch for python3 (`python3 -m pip install torch --index-url https://download.pytorch.org/whl/cpu`)');
  }
}

/** "2.13.0+cpu" from build-version (LibTorch zip) or version.py (pip torch). */
export function libtorchVersion(dir) {
  if (existsSync(join(dir, 'build-version'))) return readFileSync(join(dir, 'build-version'), 'utf8').trim();
  if (existsSync(join(dir, 'version.py'))) {
    const m = /^__version__\s*=\s*['"]([^'"]+)['"]/m.exec(readFileSync(join(dir, 'version.py'), 'utf8'));
    if (m) return m[1];
  }
  throw new Error(`stage-libtorch: cannot tell the LibTorch version of ${dir} (no build-version or version.py)`);
}

function needed(file) {
  const out = execFileSync('readelf', ['-d', file], { encoding: 'utf8' });
  return [...out.matchAll(/\(NEEDED\)\s+Shared library: \[([^\]]+)\]/g)].map((m) => m[1]);
}

export function stageLibtorch(from) {
  const dir = findLibtorch(from);
  const lib = join(dir, 'lib');
  if (existsSync(join(lib, 'libc10_cuda.so')) || existsSync(join(lib, 'libtorch_cuda.so')))
    throw new Error(`stage-libtorch: ${dir} is a CUDA LibTorch; the package is CPU-only (use a +cpu wheel or LibTorch)`);
  const version = libtorchVersion(dir);
  const take = new Set();
  const queue = [...ROOTS];
  while (queue.length) {
    const name = queue.shift();
    if (take.has(name)) continue;
    take.add(name);
    for (const dep of needed(join(lib, name))) if (existsSync(join(lib, dep)) && !take.has(dep)) queue.push(dep);
  }
  const outLib = join(pkgDir, 'lib');
  rmSync(outLib, { recursive: true, force: true });
  mkdirSync(outLib, { recursive: true });
  let bytes = 0;
  const files = [];
  for (const name of [...take].sort()) {
    copyFileSync(join(lib, name), join(outLib, name)); // follows symlinks: real files in the tarball
    const size = statSync(join(outLib, name)).size;
    bytes += size;
    files.push({ name, size });
  }
  // PyTorch's license (and its third-party notices) travel with its binaries.
  const distInfo = join(dir, '..', `torch-${version}.dist-info`, 'licenses');
  rmSync(join(pkgDir, 'licenses'), { recursive: true, force: true });
  if (existsSync(join(distInfo, 'LICENSE'))) {
    copyFileSync(join(distInfo, 'LICENSE'), join(pkgDir, 'LICENSE'));
    if (existsSync(join(distInfo, 'third_party'))) cpSync(join(distInfo, 'third_party'), join(pkgDir, 'licenses', 'third_party'), { recursive: true });
  } else if (existsSync(join(dir, 'LICENSE'))) {
    copyFileSync(join(dir, 'LICENSE'), join(pkgDir, 'LICENSE'));
  } else {
    writeFileSync(join(pkgDir, 'LICENSE'), 'PyTorch is licensed under the BSD-3-Clause license: https://github.com/pytorch/pytorch/blob/main/LICENSE\n');
  }
  writeFileSync(join(pkgDir, 'build-version'), version + '\n');
  const summary = { from: dir, version, files, bytes };
  writeFileSync(join(pkgDir, 'staged.json'), JSON.stringify(summary, null, 2) + '\n');
  return summary;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const i = process.argv.indexOf('--from');
  try {
    console.log(JSON.stringify(stageLibtorch(i >= 0 ? process.argv[i + 1] : undefined), null, 2));
  } catch (e) {
    console.error(e.message);
    process.exit(1);
  }
}
