// Comparing torch.distributions results with the oracles' encoding (test/oracles/distributions/common.py).
import { expect } from 'vitest';
import { Tensor } from '../../lib/tensor.js';

/** A tensor as the oracles encode it: nan/inf as strings. */
export interface Encoded { shape: number[]; dtype: string; data: (number | boolean | string)[] }
/** An oracle value: a tensor, or the error Python raised. */
export type Attempt = Encoded | { error: string } | null;

function decode(v: number | boolean | string): number | boolean {
  if (v === 'nan') return NaN;
  if (v === 'inf') return Infinity;
  if (v === '-inf') return -Infinity;
  return v as number | boolean;
}

/** Expects `actual` to equal the encoded tensor: shape, dtype, values within rtol (NaN equals NaN). */
export function expectEncoded(actual: Tensor, want: Encoded, what: string, rtol = 1e-6, atol = 1e-6): void {
  expect(actual.shape, `${what}: shape`).toEqual(want.shape);
  expect(actual.dtype, `${what}: dtype`).toBe(want.dtype);
  const got = (actual.detach().reshape(-1).tolist() as (number | boolean)[]);
  want.data.forEach((w0, i) => {
    const w = decode(w0);
    const g = got[i]!;
    if (typeof w === 'boolean' || typeof g === 'boolean') { expect(g, `${what}[${i}]`).toBe(w); return; }
    if (Number.isNaN(w)) { expect(Number.isNaN(g), `${what}[${i}]: ${g} is not nan`).toBe(true); return; }
    if (!Number.isFinite(w)) { expect(g, `${what}[${i}]`).toBe(w); return; }
    const tol = atol + rtol * Math.abs(w);
    if (!(Math.abs(g - w) <= tol)) expect.fail(`${what}[${i}]: got ${g}, want ${w} (tolerance ${tol})`);
  });
}

/** Runs fn and compares with the oracle's value or error (NotImplementedError: no value on both sides). */
export function expectAttempt(fn: () => Tensor, want: Attempt, what: string, rtol = 1e-6, atol = 1e-6): void {
  if (want === null) return;
  if ('error' in want) {
    let threw: unknown;
    try { fn(); } catch (e) { threw = e; }
    expect(threw, `${what}: PyTorch raised ${want.error}`).toBeInstanceOf(Error);
    return;
  }
  expectEncoded(fn(), want, what, rtol, atol);
}
