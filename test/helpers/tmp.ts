// Temporary directories removed after the test file (test/setup-tmp.ts), or at process exit elsewhere.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const dirs = new Set<string>();
let registered = false;

/** Removes every directory tempDir() made in this process; test/setup-tmp.ts runs it after each test file. */
export function removeTempDirs(): void {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  dirs.clear();
}

/**
 * A fresh directory `<os.tmpdir()>/<prefix>XXXXXX`, removed with its contents after the test file
 * (and, outside vitest, when the process exits).
 * @example
 * const dir = tempDir('torch-node-io-');
 */
export function tempDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  dirs.add(dir);
  if (!registered) {
    registered = true;
    process.once('exit', removeTempDirs);
  }
  return dir;
}
