// Python's `x ** y` on floats, for the scalar coefficients of the optimizers (bias corrections,
// momentum schedules). Python calls C's pow() (glibc: correctly rounded in practice); JS's `**`
// is V8's own pow, an ulp off for some inputs (0.9 ** 4 is 0.6561000000000001 in JS, 0.6561 in
// Python), which changes float64 parameters after a few steps. pow(Tensor, Tensor) on one
// float64 element runs std::pow, so it gives Python's number. pow(Tensor, Scalar) would not: it
// rewrites small integer exponents (x ** 3 as x * x * x).
import { pow } from '../generated/functions.js';
import { tensor } from '../creation.js';

const cache = new Map<string, number>();

/** `x ** y` as Python (C's pow) computes it. @example pyPow(0.9, 4) // 0.6561 */
export function pyPow(x: number, y: number): number {
  const key = `${x} ${y}`;
  const hit = cache.get(key);
  if (hit !== undefined) return hit;
  const base = tensor(x, { dtype: 'float64' });
  const exponent = tensor(y, { dtype: 'float64' });
  const result = pow(base, exponent);
  const value = result.item();
  base.dispose();
  exponent.dispose();
  result.dispose();
  // Steps grow without bound; keep the cache small.
  if (cache.size >= 4096) cache.clear();
  cache.set(key, value);
  return value;
}
