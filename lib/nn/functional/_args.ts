// Argument checks shared by the nn.functional files.
import type { Tensor } from '../../tensor.js';
import { checkNumber, checkTensor, isPlainObject, parseArgs } from '../../validate.js';

/** The tensor argument `input`, checked. @internal */
export function input(where: string, v: unknown): Tensor {
  return checkTensor(where, 'input', v);
}

/** A dropout probability in [0, 1], PyTorch's message otherwise. @internal */
export function checkP(where: string, p: unknown): number {
  checkNumber(where, 'p', p);
  if ((p as number) < 0 || (p as number) > 1) throw new RangeError(`${where}: dropout probability has to be between 0 and 1, but got ${String(p)}`);
  return p as number;
}

/**
 * The options object of a Python signature whose parameters are keyword-only (after `*`): a
 * positional value is a TypeError, as in Python; then parseArgs' checks (unknown keys named).
 * @internal
 */
export function keywordOnly<T extends object>(where: string, args: readonly unknown[], names: readonly (keyof T & string)[], defaults: Partial<T>): T {
  let n = args.length;
  if (!(n <= 1024)) n = 1025;
  while (n > 0 && args[n - 1] === undefined) n--;
  if (n > 1 || (n === 1 && !isPlainObject(args[0]))) {
    throw new TypeError(`${where}: ${names.join(', ')} are keyword-only: give them in an options object (got ${n} positional argument${n === 1 ? '' : 's'})`);
  }
  return parseArgs<T>(where, n === 1 ? [args[0]] : [], names, defaults);
}
