// Helpers of the nn tests: flatten nested arrays and compare with a tolerance.
import { expect } from 'vitest';
import type { Tensor } from '../../lib/torch.js';

export function flat(v: unknown): number[] {
  if (Array.isArray(v)) return v.flatMap(flat);
  return [Number(v)];
}

/** Every element of `actual` within `tol` (absolute + relative) of `expected`, shapes equal. */
export function expectClose(actual: Tensor | unknown, expected: unknown, tol = 1e-5): void {
  const a = flat(typeof actual === 'object' && actual !== null && 'tolist' in actual ? (actual as Tensor).tolist() : actual);
  const e = flat(expected);
  expect(a.length).toBe(e.length);
  for (let i = 0; i < a.length; i++) {
    const diff = Math.abs(a[i]! - e[i]!);
    if (!(diff <= tol + tol * Math.abs(e[i]!))) {
      expect.fail(`element ${i}: ${a[i]} vs expected ${e[i]} (diff ${diff})`);
    }
  }
}

/** `expectClose` for every key of `expected`, naming the key that differs. */
export function expectEachClose(actual: Record<string, unknown>, expected: Record<string, unknown>, tol = 1e-5): void {
  for (const key of Object.keys(expected)) {
    expect(actual[key], key).toBeDefined();
    try { expectClose(actual[key], expected[key], tol); } catch (e) { throw new Error(`${key}: ${(e as Error).message}`); }
  }
}
