// lib/nn is written against the public Tensor API only: no file under lib/nn imports the native
// binding (lib/binding.ts), so the layers port line for line from PyTorch's torch/nn and the
// native surface stays the tensor core's.
import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

function tsFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    return statSync(p).isDirectory() ? tsFiles(p) : p.endsWith('.ts') ? [p] : [];
  });
}

describe('lib/nn layering', () => {
  it('no file under lib/nn imports the native binding', () => {
    const root = fileURLToPath(new URL('../../lib/nn', import.meta.url));
    const files = tsFiles(root);
    expect(files.length).toBeGreaterThan(10);
    const offenders = files.filter((f) => /from\s+['"](?:\.\.\/)+binding(?:\.js)?['"]/.test(readFileSync(f, 'utf8')));
    expect(offenders).toEqual([]);
  });
});
