// The `betas` option of the Adam family (Adamax, NAdam, RAdam): a pair of coefficients in [0, 1).
import { numberOption } from './optimizer.js';

/** Copies `betas` (default `fallback`) into a fresh pair, or throws a TypeError naming the option. */
export function betasFrom(cls: string, betas: unknown, fallback: [number, number]): [number, number] {
  if (betas === undefined) return [fallback[0], fallback[1]];
  if (!Array.isArray(betas) || betas.length !== 2) throw new TypeError(`${cls}: option betas must be an array of two numbers`);
  return [betas[0] as number, betas[1] as number];
}

/** Checks each beta is a number in [0, 1), with PyTorch's message and the option named. */
export function checkBetas(cls: string, betas: unknown): void {
  if (!Array.isArray(betas) || betas.length !== 2) throw new TypeError(`${cls}: option betas must be an array of two numbers`);
  for (let i = 0; i < 2; i++) {
    const b = numberOption(cls, `betas[${i}]`, betas[i]);
    if (!(b >= 0 && b < 1)) throw new RangeError(`Invalid beta parameter at index ${i}: ${b} (${cls} option betas[${i}] must be in [0, 1))`);
  }
}
