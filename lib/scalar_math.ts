// Python's float arithmetic where JavaScript's differs, for the scalar coefficients that ported
// code computes beside its tensors (the optimizers' bias corrections and momentum schedules).
import { native } from './binding.js';

/**
 * `x ** y` as Python computes it on floats: C's pow() (native/scalar_math.cpp). JavaScript's `**`
 * is V8's own pow, an ulp off for some inputs, which changes float64 parameters after a few steps.
 * @example pyPow(0.9, 4) // 0.6561, where 0.9 ** 4 is 0.6561000000000001
 */
export function pyPow(x: number, y: number): number {
  return native.libmPow(x, y);
}
