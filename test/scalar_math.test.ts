// lib/scalar_math.ts: Python's float results where JavaScript's differ.
import { describe, expect, it } from 'vitest';
import { pyPow } from '../lib/scalar_math.js';
import { oracle } from './helpers/python.js';

describe('pyPow', () => {
  it("gives Python's float x ** y bit for bit where JavaScript's ** does not", () => {
    // The optimizers' coefficients: beta ** step for the usual betas over long runs, their square
    // roots, NAdam's 0.96 ** (step * 0.004), and plain values.
    const cases: [number, number][] = [[0.9, 4], [2, 0.5], [10, -3], [1.5, 2.5], [0.5, 1074]];
    for (const beta of [0.9, 0.99, 0.999, 0.95, 0.96]) {
      for (let step = 1; step <= 3000; step += 7) cases.push([beta, step]);
    }
    for (let step = 1; step <= 3000; step += 11) {
      cases.push([1 - 0.999 ** step, 0.5], [0.96, step * 0.004]);
    }
    const want = oracle<number[]>('scalar_math', 'powers', cases);
    const got = cases.map(([x, y]) => pyPow(x, y));
    expect(got).toEqual(want);
    // The reason it exists: JavaScript's own pow is an ulp off for some of these.
    expect(cases.some(([x, y], i) => x ** y !== want[i])).toBe(true);
    expect(pyPow(0.9, 4)).toBe(0.6561);
  });

  it('rejects arguments that are not numbers', () => {
    expect(() => pyPow('2' as unknown as number, 2)).toThrow(TypeError);
    expect(() => pyPow(2, undefined as unknown as number)).toThrow(/x and y must be numbers/);
  });
});
