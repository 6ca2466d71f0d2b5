// nn.utils.fusion, as torch/nn/utils/fusion.py: folds an eval-mode batch norm into the
// convolution or linear layer before it (one layer computing both, for inference).
import type { Tensor } from '../../tensor.js';
import { onesLike, zerosLike, rsqrt } from '../../generated/functions.js';
import { Parameter } from '../parameter.js';
import { ConvNd } from '../modules/conv.js';
import { Linear } from '../modules/linear.js';
import { NormBase } from '../modules/batchnorm.js';
import { argTypeError, checkBool, checkNumber, checkTensor, parseArgs, type KwArgs } from '../../validate.js';

/** The batch norm fields fusion reads. */
function bnStats(where: string, bn: unknown): { rm: Tensor; rv: Tensor; eps: number; w: Tensor | null; b: Tensor | null } {
  if (!(bn instanceof NormBase)) throw argTypeError(where, 'bn', 'a batch norm layer', bn);
  if (bn.running_mean === null || bn.running_var === null) throw new Error('bn.running_mean and bn.running_var must not be None');
  return { rm: bn.running_mean, rv: bn.running_var, eps: bn.eps, w: bn.weight, b: bn.bias };
}

/**
 * A copy of `conv` whose weight and bias also apply `bn` (both in eval mode): `fused(x)` equals
 * `bn(conv(x))`. `transpose` for a ConvTranspose layer.
 * @example
 * conv.eval(); bn.eval();
 * const fused = nn.utils.fuseConvBnEval(conv, bn);
 */
export function fuseConvBnEval<C extends ConvNd>(...args: KwArgs<[conv: C, bn: NormBase, transpose: boolean], ['conv', 'bn'], { conv?: C; bn?: NormBase; transpose?: boolean }>): C {
  const where = 'fuseConvBnEval()';
  const o = parseArgs<{ conv?: C; bn?: NormBase; transpose?: boolean }>(where, args, ['conv', 'bn', 'transpose'], { transpose: false }, ['conv', 'bn']);
  const conv = o.conv;
  if (!(conv instanceof ConvNd)) throw argTypeError(where, 'conv', 'a convolution layer', conv);
  if (!(o.bn instanceof NormBase)) throw argTypeError(where, 'bn', 'a batch norm layer', o.bn);
  if (conv.training || o.bn.training) throw new Error('Fusion only for eval!');
  const fused = conv.deepCopy();
  const s = bnStats(where, o.bn);
  [fused.weight, fused.bias] = fuseConvBnWeights(fused.weight, fused.bias, s.rm, s.rv, s.eps, s.w, s.b, checkBool(where, 'transpose', o.transpose));
  return fused;
}

/**
 * The weight and bias of a convolution followed by batch norm statistics, fused:
 * w * (bnW / sqrt(rv + eps)) per output channel, and (b - rm) * bnW / sqrt(rv + eps) + bnB.
 * @example const [w, b] = nn.utils.fuseConvBnWeights(conv.weight, conv.bias, bn.running_mean!, bn.running_var!, bn.eps, bn.weight, bn.bias);
 */
export function fuseConvBnWeights(convW: Tensor, convB: Tensor | null, bnRm: Tensor, bnRv: Tensor, bnEps: number, bnW: Tensor | null, bnB: Tensor | null,
  transpose: boolean = false): [Parameter, Parameter] {
  const where = 'fuseConvBnWeights()';
  checkTensor(where, 'convW', convW);
  checkTensor(where, 'convB', convB, true);
  checkTensor(where, 'bnRm', bnRm);
  checkTensor(where, 'bnRv', bnRv);
  checkNumber(where, 'bnEps', bnEps);
  checkTensor(where, 'bnW', bnW, true);
  checkTensor(where, 'bnB', bnB, true);
  checkBool(where, 'transpose', transpose);
  const weightDtype = convW.dtype;
  const biasDtype = convB !== null ? convB.dtype : weightDtype;
  const b = convB ?? zerosLike(bnRm);
  const w = bnW ?? onesLike(bnRm);
  const bias = bnB ?? zerosLike(bnRm);
  const varRsqrt = rsqrt(bnRv.add(bnEps));
  const rest = new Array<number>(convW.dim() - 2).fill(1);
  const shape = transpose ? [1, -1, ...rest] : [-1, 1, ...rest];
  const fusedW = convW.mul(w.mul(varRsqrt).reshape(shape)).to(weightDtype);
  const fusedB = b.sub(bnRm).mul(varRsqrt).mul(w).add(bias).to(biasDtype);
  return [new Parameter(fusedW, convW.requiresGrad), new Parameter(fusedB, b.requiresGrad)];
}

/**
 * A copy of `linear` whose weight and bias also apply `bn` (both in eval mode): `fused(x)` equals
 * `bn(linear(x))`. bn's numFeatures must be linear's outFeatures (or 1).
 * @example
 * fc.eval(); bn.eval();
 * const fused = nn.utils.fuseLinearBnEval(fc, bn);
 */
export function fuseLinearBnEval<L extends Linear>(...args: KwArgs<[linear: L, bn: NormBase], ['linear', 'bn'], { linear?: L; bn?: NormBase }>): L {
  const where = 'fuseLinearBnEval()';
  const o = parseArgs<{ linear?: L; bn?: NormBase }>(where, args, ['linear', 'bn'], {}, ['linear', 'bn']);
  const linear = o.linear;
  if (!(linear instanceof Linear)) throw argTypeError(where, 'linear', 'a Linear layer', linear);
  if (!(o.bn instanceof NormBase)) throw argTypeError(where, 'bn', 'a batch norm layer', o.bn);
  if (linear.training || o.bn.training) throw new Error('Fusion only for eval!');
  const fused = linear.deepCopy();
  // The bn's channels must broadcast against the linear's last dimension to keep its shapes.
  if (linear.outFeatures !== o.bn.numFeatures && o.bn.numFeatures !== 1) {
    throw new Error(`To fuse, linear.out_features == bn.num_features or bn.num_features == 1, got linear.out_features=${linear.outFeatures} and bn.num_features=${o.bn.numFeatures}`);
  }
  const s = bnStats(where, o.bn);
  [fused.weight, fused.bias] = fuseLinearBnWeights(fused.weight, fused.bias, s.rm, s.rv, s.eps, s.w!, s.b!);
  return fused;
}

/**
 * The weight and bias of a linear layer followed by batch norm statistics, fused.
 * @example const [w, b] = nn.utils.fuseLinearBnWeights(fc.weight, fc.bias, bn.running_mean!, bn.running_var!, bn.eps, bn.weight!, bn.bias!);
 */
export function fuseLinearBnWeights(linearW: Tensor, linearB: Tensor | null, bnRm: Tensor, bnRv: Tensor, bnEps: number, bnW: Tensor, bnB: Tensor): [Parameter, Parameter] {
  const where = 'fuseLinearBnWeights()';
  checkTensor(where, 'linearW', linearW);
  checkTensor(where, 'linearB', linearB, true);
  checkTensor(where, 'bnRm', bnRm);
  checkTensor(where, 'bnRv', bnRv);
  checkNumber(where, 'bnEps', bnEps);
  checkTensor(where, 'bnW', bnW);
  checkTensor(where, 'bnB', bnB);
  const weightDtype = linearW.dtype;
  const biasDtype = linearB !== null ? linearB.dtype : weightDtype;
  const b = linearB ?? zerosLike(bnRm);
  const scale = bnW.mul(rsqrt(bnRv.add(bnEps)));
  const fusedW = linearW.mul(scale.unsqueeze(-1).to(weightDtype));
  const fusedB = b.sub(bnRm).mul(scale).add(bnB).to(biasDtype);
  return [new Parameter(fusedW, linearW.requiresGrad), new Parameter(fusedB, b.requiresGrad)];
}
