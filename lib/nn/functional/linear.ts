// nn.functional's bilinear, as in torch/nn/functional.py (F.linear lives beside the convolutions).
import type { Tensor } from '../../tensor.js';
import * as ops from '../../generated/functions.js';
import { checkTensor } from '../../validate.js';

/**
 * y = x1^T A x2 + b for each pair of rows: `weight` is (outFeatures, in1Features, in2Features),
 * `bias` (outFeatures), as `F.bilinear`.
 * @example F.bilinear(torch.randn(8, 3), torch.randn(8, 4), torch.randn(5, 3, 4)).shape // [8, 5]
 */
export function bilinear(input1: Tensor, input2: Tensor, weight: Tensor, bias: Tensor | null | { bias?: Tensor | null } = null): Tensor {
  const where = 'F.bilinear()';
  checkTensor(where, 'input1', input1);
  checkTensor(where, 'input2', input2);
  checkTensor(where, 'weight', weight);
  let b: unknown = bias;
  if (bias !== null && typeof bias === 'object' && Object.getPrototypeOf(bias) === Object.prototype) {
    for (const k of Object.keys(bias)) if (k !== 'bias') throw new TypeError(`${where}: unknown option '${k}' (expected one of bias)`);
    b = (bias as { bias?: Tensor | null }).bias ?? null;
  }
  return ops.bilinear(input1, input2, weight, checkTensor(where, 'bias', b, true));
}
