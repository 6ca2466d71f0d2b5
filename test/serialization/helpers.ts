// Shared by the serialization tests: a temporary folder per file, the dtypes, and tensor values
// in a form both sides print alike.
import { afterAll } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as torch from '../../lib/index.js';
import type { Tensor } from '../../lib/index.js';

/** A temporary folder removed after the test file; returns a path maker. */
export function tempFiles(prefix: string): (name: string) => string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  return (name: string) => join(dir, name);
}

export const DTYPES = ['float32', 'float64', 'float16', 'bfloat16', 'int8', 'int16', 'int32', 'int64', 'uint8', 'bool',
  'complex64', 'complex128', 'uint16', 'uint32', 'uint64'] as const;

/** Values as float64 lists (complex as [re, im] pairs), as values() in test/oracles/serialization/helpers.py. */
export function values(t: Tensor): unknown {
  if (t.dtype === 'complex64' || t.dtype === 'complex128') return torch.viewAsReal(t).to('float64').tolist();
  return t.to('float64').tolist();
}
