// nn.functional's bilinear and grouped_mm, as in torch/nn/functional.py (F.linear lives beside the
// convolutions).
import type { Tensor } from '../../tensor.js';
import type { DType } from '../../dtype.js';
import * as ops from '../../generated/functions.js';
import { ops as atenOps } from '../../ops_namespace.js';
import { checkTensor, isPlainObject, argTypeError } from '../../validate.js';

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

/** The keyword-only options of groupedMm. */
export interface GroupedMmOptions {
  /** int32 offsets ending each group of a 2-D operand's jagged dimension. */
  offs?: Tensor | null;
  /** Added to each group's result. */
  bias?: Tensor | null;
  /** The output (and accumulation) dtype. */
  outDtype?: DType | null;
}

const GROUPED_MM_KEYS = ['offs', 'bias', 'outDtype'];

/**
 * Grouped matrix multiply, as `F.grouped_mm` (Mixture-of-Experts layers): 3-D operands are one
 * matrix product per group; a 2-D operand is cut into groups by `offs`. It runs
 * `aten::_grouped_mm`, so the operands must meet that kernel's layout rules (e.g. row strides a
 * multiple of 16 bytes) as in Python.
 * @example F.groupedMm(torch.randn(2, 4, 8), torch.randn(2, 8, 16)).shape // [2, 4, 16]
 */
export function groupedMm(matA: Tensor, matB: Tensor, options: GroupedMmOptions = {}): Tensor {
  const where = 'F.groupedMm()';
  checkTensor(where, 'matA', matA);
  checkTensor(where, 'matB', matB);
  if (!isPlainObject(options as unknown)) throw argTypeError(where, 'options', 'an object', options);
  for (const key of Object.keys(options)) {
    if (!GROUPED_MM_KEYS.includes(key)) throw new TypeError(`${where}: unknown option '${key}' (expected one of ${GROUPED_MM_KEYS.join(', ')})`);
  }
  const { offs = null, bias = null, outDtype = null }: GroupedMmOptions = options;
  return atenOps.aten._grouped_mm(matA, matB, offs, bias, outDtype);
}
