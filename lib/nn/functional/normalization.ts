// nn.functional's normalisation, as in torch/nn/functional.py.
import { Tensor } from '../../tensor.js';
import * as ops from '../../generated/functions.js';
import { parseArgs, checkNumber, checkBool, checkInt, checkTensor, checkIntTuple, type Args, type IntOrTuple } from '../../validate.js';
import { pySize } from '../_utils.js';
import { input } from './_args.js';

/** Options of batchNorm. */
export interface BatchNormFnOptions {
  weight?: Tensor | null;
  bias?: Tensor | null;
  /** Use batch statistics (and update the running ones); default false. */
  training?: boolean;
  momentum?: number;
  eps?: number;
}

/**
 * Batch normalisation over the channel dimension (dim 1).
 * @example F.batchNorm(x, runningMean, runningVar, { weight, bias, training: true })
 */
export function batchNorm(x: Tensor, runningMean: Tensor | null, runningVar: Tensor | null,
  ...args: Args<[weight: Tensor | null, bias: Tensor | null, training: boolean, momentum: number, eps: number], BatchNormFnOptions>): Tensor {
  const where = 'F.batchNorm()';
  const o = parseArgs<Required<BatchNormFnOptions>>(where, args, ['weight', 'bias', 'training', 'momentum', 'eps'],
    { weight: null, bias: null, training: false, momentum: 0.1, eps: 1e-5 });
  input(where, x);
  checkTensor(where, 'runningMean', runningMean, true);
  checkTensor(where, 'runningVar', runningVar, true);
  checkTensor(where, 'weight', o.weight, true);
  checkTensor(where, 'bias', o.bias, true);
  checkBool(where, 'training', o.training);
  checkNumber(where, 'momentum', o.momentum);
  checkNumber(where, 'eps', o.eps);
  if (o.training) {
    const size = x.shape;
    let prod = size[0] ?? 1;
    for (let i = 2; i < size.length; i++) prod *= size[i]!;
    if (prod === 1) throw new RangeError(`Expected more than 1 value per channel when training, got input size ${pySize(size)}`);
  }
  return ops.batchNorm(x, o.weight, o.bias, runningMean, runningVar, o.training, o.momentum, o.eps, false);
}

/** Options of layerNorm. */
export interface LayerNormFnOptions { weight?: Tensor | null; bias?: Tensor | null; eps?: number }

/**
 * Layer normalisation over the last `normalizedShape` dimensions.
 * @example F.layerNorm(x, [64])
 */
export function layerNorm(x: Tensor, normalizedShape: IntOrTuple, ...args: Args<[weight: Tensor | null, bias: Tensor | null, eps: number], LayerNormFnOptions>): Tensor {
  const where = 'F.layerNorm()';
  const o = parseArgs<Required<LayerNormFnOptions>>(where, args, ['weight', 'bias', 'eps'], { weight: null, bias: null, eps: 1e-5 });
  input(where, x);
  const shape = typeof normalizedShape === 'number' ? [checkInt(where, 'normalizedShape', normalizedShape, 0)] : checkIntTuple(where, 'normalizedShape', normalizedShape, 0, 0);
  checkTensor(where, 'weight', o.weight, true);
  checkTensor(where, 'bias', o.bias, true);
  return ops.layerNorm(x, shape, o.weight, o.bias, checkNumber(where, 'eps', o.eps));
}

/** Options of normalize. */
export interface NormalizeOptions { p?: number; dim?: number; eps?: number }

/**
 * x / max(||x||_p, eps) along dim.
 * @example F.normalize(x, { dim: 1 })
 */
export function normalize(x: Tensor, ...args: Args<[p: number, dim: number, eps: number], NormalizeOptions>): Tensor {
  const where = 'F.normalize()';
  const o = parseArgs<Required<NormalizeOptions>>(where, args, ['p', 'dim', 'eps'], { p: 2.0, dim: 1, eps: 1e-12 });
  input(where, x);
  const denom = x.norm(checkNumber(where, 'p', o.p), [checkInt(where, 'dim', o.dim)], true).clampMin(checkNumber(where, 'eps', o.eps)).expandAs(x);
  return x.div(denom);
}

/** Options of groupNorm. */
export interface GroupNormFnOptions { weight?: Tensor | null; bias?: Tensor | null; eps?: number }

/**
 * Group normalisation: channels split into `numGroups` groups, each normalised over its channels and positions.
 * @example F.groupNorm(x, 4)
 */
export function groupNorm(x: Tensor, numGroups: number, ...args: Args<[weight: Tensor | null, bias: Tensor | null, eps: number], GroupNormFnOptions>): Tensor {
  const where = 'F.groupNorm()';
  const o = parseArgs<Required<GroupNormFnOptions>>(where, args, ['weight', 'bias', 'eps'], { weight: null, bias: null, eps: 1e-5 });
  input(where, x);
  const g = checkInt(where, 'numGroups', numGroups, 1);
  checkTensor(where, 'weight', o.weight, true);
  checkTensor(where, 'bias', o.bias, true);
  const size = x.shape;
  if (size.length < 2) throw new RangeError(`Expected at least 2 dimensions for input tensor but received ${size.length}`);
  const verify = [Math.floor(size[0]! * size[1]! / g), g, ...size.slice(2)];
  if (verify[0]! * size.slice(2).reduce((a, b) => a * b, 1) === 1) {
    throw new RangeError(`Expected more than 1 value per channel when training, got input size ${pySize(verify)}`);
  }
  return ops.groupNorm(x, g, o.weight, o.bias, checkNumber(where, 'eps', o.eps), false);
}
