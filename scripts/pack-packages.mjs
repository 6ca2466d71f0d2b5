#!/usr/bin/env node
// Packs the three npm packages into <dir>:
//   torch-node                              (npm pack of the root: prepack builds dist/)
//   @torch-node/linux-x64-gnu               (packages/linux-x64-gnu: node20/ node22/ node24/ addons)
//   @torch-node/libtorch-cpu-linux-x64      (packages/libtorch-cpu-linux-x64: LibTorch's lib/)
// and prints a JSON array on stdout: [{ name, version, file, size, unpackedSize }] (file absolute,
// sizes in bytes); progress goes to stderr.
//
// Usage: node scripts/pack-packages.mjs --out <dir> [--skip-build] [--rebuild]
//   Missing outputs are made first: the staged LibTorch (scripts/stage-libtorch.mjs) and the
//   prebuilt addons (scripts/build-prebuilds.mjs, minutes each: one compile per Node ABI).
//   --skip-build: make nothing, fail when an output is missing.
//   --rebuild: rebuild the prebuilt addons even when present.
// The three versions are kept in lockstep with the root package.json's version (written into the
// two packages' package.json, the platform package's LibTorch dependency and the root's
// optionalDependencies, all exact).
import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildPrebuild, SUPPORTED_MAJORS } from './build-prebuilds.mjs';
import { stageLibtorch } from './stage-libtorch.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const argv = process.argv.slice(2);
const outIndex = argv.indexOf('--out');
if (outIndex < 0 || !argv[outIndex + 1]) {
  console.error('usage: node scripts/pack-packages.mjs --out <dir> [--skip-build] [--rebuild]');
  process.exit(2);
}
const outDir = resolve(argv[outIndex + 1]);
const skipBuild = argv.includes('--skip-build');
const rebuild = argv.includes('--rebuild');

const platformDir = join(root, 'packages', 'linux-x64-gnu');
const libtorchDir = join(root, 'packages', 'libtorch-cpu-linux-x64');
const readJson = (f) => JSON.parse(readFileSync(f, 'utf8'));
const writeJsonIfChanged = (f, obj) => {
  const text = JSON.stringify(obj, null, 2) + '\n';
  if (readFileSync(f, 'utf8') !== text) {
    writeFileSync(f, text);
    console.error(`pack-packages: updated ${f}`);
  }
};

function syncVersions() {
  const rootPkgFile = join(root, 'package.json');
  const rootPkg = readJson(rootPkgFile);
  const version = rootPkg.version;
  const lib = readJson(join(libtorchDir, 'package.json'));
  lib.version = version;
  writeJsonIfChanged(join(libtorchDir, 'package.json'), lib);
  const plat = readJson(join(platformDir, 'package.json'));
  plat.version = version;
  plat.dependencies = { ...plat.dependencies, [lib.name]: version };
  writeJsonIfChanged(join(platformDir, 'package.json'), plat);
  rootPkg.optionalDependencies = { ...rootPkg.optionalDependencies, [plat.name]: version };
  writeJsonIfChanged(rootPkgFile, rootPkg);
  return version;
}

function ensureOutputs() {
  if (!existsSync(join(libtorchDir, 'lib', 'libtorch_cpu.so')) || !existsSync(join(libtorchDir, 'build-version'))) {
    if (skipBuild) throw new Error('pack-packages: LibTorch is not staged (run node scripts/stage-libtorch.mjs, or drop --skip-build)');
    const s = stageLibtorch();
    console.error(`pack-packages: staged LibTorch ${s.version} (${s.files.length} files, ${s.bytes} bytes)`);
  }
  for (const major of SUPPORTED_MAJORS) {
    const addon = join(platformDir, `node${major}`, 'torch_node.node');
    if (existsSync(addon) && !rebuild) continue;
    if (skipBuild) throw new Error(`pack-packages: ${addon} is missing (run node scripts/build-prebuilds.mjs, or drop --skip-build)`);
    buildPrebuild(major, { force: rebuild });
  }
  copyFileSync(join(root, 'LICENSE'), join(platformDir, 'LICENSE'));
}

function pack(dir) {
  const out = execFileSync('npm', ['pack', '--json', '--pack-destination', outDir], {
    cwd: dir, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'], maxBuffer: 64 * 1024 * 1024,
  });
  const info = JSON.parse(out)[0];
  return { name: info.name, version: info.version, file: join(outDir, info.filename), size: info.size,
    unpackedSize: info.unpackedSize };
}

try {
  mkdirSync(outDir, { recursive: true });
  const version = syncVersions();
  ensureOutputs();
  console.error(`pack-packages: packing version ${version} into ${outDir}`);
  const result = [pack(root), pack(platformDir), pack(libtorchDir)];
  console.log(JSON.stringify(result, null, 2));
} catch (e) {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
}
