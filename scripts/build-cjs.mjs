#!/usr/bin/env node
// The CommonJS build, for `require('torch-node')` on every Node that engines allows (require(esm)
// is not there before Node 20.19/22.12). Run after tsc (npm run build:ts):
//   dist/lib/**/*.js  (ESM, from tsc)  ->  dist/cjs/lib/**/*.js  (CommonJS, esbuild, one file per
//   module, not bundled, so `torch-node` and `torch-node/vision` share one set of modules), with
//   import.meta.url shimmed from __filename;
//   dist/lib/**/*.d.ts -> dist/cjs/lib/**/*.d.ts (the same declarations, read as CommonJS ones
//   because dist/cjs/package.json says "type": "commonjs").
import { build } from 'esbuild';
import { copyFileSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const esmDir = join(root, 'dist', 'lib');
const cjsRoot = join(root, 'dist', 'cjs');
const cjsDir = join(cjsRoot, 'lib');

function walk(dir, out = []) {
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) walk(p, out);
    else out.push(p);
  }
  return out;
}

rmSync(cjsRoot, { recursive: true, force: true });
mkdirSync(cjsDir, { recursive: true });
writeFileSync(join(cjsRoot, 'package.json'), JSON.stringify({ type: 'commonjs' }, null, 2) + '\n');

const files = walk(esmDir);
const js = files.filter((f) => f.endsWith('.js'));
await build({
  entryPoints: js,
  outdir: cjsDir,
  outbase: esmDir,
  format: 'cjs',
  platform: 'node',
  target: 'node20',
  bundle: false,
  logLevel: 'warning',
  define: { 'import.meta.url': '__torchNodeImportMetaUrl' },
  banner: { js: 'const __torchNodeImportMetaUrl = require("node:url").pathToFileURL(__filename).href;' },
});
let dts = 0;
for (const f of files.filter((f) => f.endsWith('.d.ts'))) {
  const to = join(cjsDir, relative(esmDir, f));
  mkdirSync(dirname(to), { recursive: true });
  copyFileSync(f, to);
  dts++;
}
console.error(`build-cjs: ${js.length} modules and ${dts} declarations in ${relative(root, cjsDir)}/`);
