// Argument checks shared by the nn.functional files.
import type { Tensor } from '../../tensor.js';
import { checkNumber, checkTensor } from '../../validate.js';

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
