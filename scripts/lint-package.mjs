#!/usr/bin/env node
// npm run lint:package: packs torch-node (prepack builds dist/) into a temporary folder and runs
// publint and @arethetypeswrong/cli (node10, node16 CJS and ESM, bundler) on the tarball.
// Any error fails (exit 1).
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const bin = (name) => join(root, 'node_modules', '.bin', name);
const dir = mkdtempSync(join(tmpdir(), 'torch-node-lint-'));
let failed = false;
try {
  const out = execFileSync('npm', ['pack', '--json', '--pack-destination', dir], { cwd: root, encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'] });
  const tgz = join(dir, JSON.parse(out)[0].filename);
  console.log(`lint:package: ${tgz}`);
  for (const [name, args] of [['publint', ['run', tgz, '--level', 'warning']], ['attw', [tgz]]]) {
    console.log(`\n$ ${name} ${args.join(' ')}`);
    const r = spawnSync(bin(name), args, { cwd: root, stdio: 'inherit' });
    if (r.status !== 0) failed = true;
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
if (failed) {
  console.error('\nlint:package: failed');
  process.exit(1);
}
console.log('\nlint:package: publint and attw report no error');
