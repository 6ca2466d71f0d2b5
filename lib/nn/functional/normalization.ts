// nn.functional's normalisation, as in torch/nn/functional.py.
import { Tensor } from '../../tensor.js';
import * as ops from '../../generated/functions.js';
import { parseArgs, checkNumber, checkBool, checkInt, checkTensor, checkIntTuple, type Args, type IntOrTuple } from '../../validate.js';
import { pySize, pyFloat } from '../_utils.js';
import { pad } from './padding.js';
import { avgPool2d } from './pooling.js';
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
  if (o.training && o.eps <= 0) throw new RangeError(`batch_norm eps must be positive during training, but got ${pyFloat(o.eps)}`);
  if (o.eps < 0) throw new RangeError(`batch_norm eps must be non-negative, but got ${pyFloat(o.eps)}`);
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
export interface NormalizeOptions {
  p?: number;
  dim?: number;
  eps?: number;
  /** Write the result into this tensor (no autograd through it), as Python's `out=`. */
  out?: Tensor | null;
}

/**
 * x / max(||x||_p, eps) along dim.
 * @example F.normalize(x, { dim: 1 })
 */
export function normalize(x: Tensor, ...args: Args<[p: number, dim: number, eps: number, out: Tensor | null], NormalizeOptions>): Tensor {
  const where = 'F.normalize()';
  const o = parseArgs<Required<NormalizeOptions>>(where, args, ['p', 'dim', 'eps', 'out'], { p: 2.0, dim: 1, eps: 1e-12, out: null });
  input(where, x);
  const out = checkTensor(where, 'out', o.out, true);
  const denom = x.norm(checkNumber(where, 'p', o.p), [checkInt(where, 'dim', o.dim)], true).clampMin(checkNumber(where, 'eps', o.eps)).expandAs(x);
  return out === null ? x.div(denom) : ops.div(x, denom, { out });
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
    throw new RangeError(`Expected more than 1 value per channel when training, got input size [${verify.join(', ')}]`);
  }
  return ops.groupNorm(x, g, o.weight, o.bias, checkNumber(where, 'eps', o.eps), false);
}

/** Options of instanceNorm. */
export interface InstanceNormFnOptions {
  runningMean?: Tensor | null;
  runningVar?: Tensor | null;
  weight?: Tensor | null;
  bias?: Tensor | null;
  /** Normalise with each instance's own statistics (default true); false uses the running ones. */
  useInputStats?: boolean;
  momentum?: number;
  eps?: number;
}

/**
 * Instance normalisation: each channel of each sample normalised over its positions, as
 * `F.instance_norm`. With running statistics and `useInputStats`, they are updated (averaged over
 * the batch) with `momentum`.
 * @example
 * F.instanceNorm(torch.randn(2, 3, 8, 8)).shape // [2, 3, 8, 8]
 * F.instanceNorm(x, { runningMean: rm, runningVar: rv, weight, bias })
 */
export function instanceNorm(x: Tensor, ...args: Args<[runningMean: Tensor | null, runningVar: Tensor | null, weight: Tensor | null,
  bias: Tensor | null, useInputStats: boolean, momentum: number, eps: number], InstanceNormFnOptions>): Tensor {
  const where = 'F.instanceNorm()';
  const o = parseArgs<Required<InstanceNormFnOptions>>(where, args, ['runningMean', 'runningVar', 'weight', 'bias', 'useInputStats', 'momentum', 'eps'],
    { runningMean: null, runningVar: null, weight: null, bias: null, useInputStats: true, momentum: 0.1, eps: 1e-5 });
  input(where, x);
  checkTensor(where, 'runningMean', o.runningMean, true);
  checkTensor(where, 'runningVar', o.runningVar, true);
  checkTensor(where, 'weight', o.weight, true);
  checkTensor(where, 'bias', o.bias, true);
  checkBool(where, 'useInputStats', o.useInputStats);
  checkNumber(where, 'momentum', o.momentum);
  checkNumber(where, 'eps', o.eps);
  if (o.useInputStats) {
    const size = x.shape;
    let prod = 1;
    for (let i = 2; i < size.length; i++) prod *= size[i]!;
    if (prod === 1) throw new RangeError(`Expected more than 1 spatial element when training, got input size ${pySize(size)}`);
  }
  return ops.instanceNorm(x, o.weight, o.bias, o.runningMean, o.runningVar, o.useInputStats, o.momentum, o.eps, false);
}

/** Options of rmsNorm. */
export interface RMSNormFnOptions {
  weight?: Tensor | null;
  /** Added to the mean square; null (the default): the dtype's machine epsilon. */
  eps?: number | null;
}

/**
 * Root mean square normalisation over the last `normalizedShape` dimensions, as `F.rms_norm`:
 * x / sqrt(mean(x^2) + eps) * weight.
 * @example F.rmsNorm(torch.randn(4, 8), [8])
 */
export function rmsNorm(x: Tensor, normalizedShape: IntOrTuple, ...args: Args<[weight: Tensor | null, eps: number | null], RMSNormFnOptions>): Tensor {
  const where = 'F.rmsNorm()';
  const o = parseArgs<Required<RMSNormFnOptions>>(where, args, ['weight', 'eps'], { weight: null, eps: null });
  input(where, x);
  const shape = typeof normalizedShape === 'number' ? [checkInt(where, 'normalizedShape', normalizedShape, 0)] : checkIntTuple(where, 'normalizedShape', normalizedShape, 0, 0);
  checkTensor(where, 'weight', o.weight, true);
  const eps = o.eps === null ? null : checkNumber(where, 'eps', o.eps);
  return ops.rmsNorm(x, shape, o.weight, eps);
}

/** Options of localResponseNorm. */
export interface LocalResponseNormFnOptions { alpha?: number; beta?: number; k?: number }

/**
 * Local response normalisation across channels (dim 1), as `F.local_response_norm`:
 * x / (k + alpha / size * sum of x^2 over `size` neighbouring channels)^beta.
 * @example F.localResponseNorm(torch.randn(2, 8, 5, 5), 3)
 */
export function localResponseNorm(x: Tensor, size: number, ...args: Args<[alpha: number, beta: number, k: number], LocalResponseNormFnOptions>): Tensor {
  const where = 'F.localResponseNorm()';
  const o = parseArgs<Required<LocalResponseNormFnOptions>>(where, args, ['alpha', 'beta', 'k'], { alpha: 1e-4, beta: 0.75, k: 1.0 });
  input(where, x);
  checkInt(where, 'size', size, 1);
  const alpha = checkNumber(where, 'alpha', o.alpha);
  const beta = checkNumber(where, 'beta', o.beta);
  const k = checkNumber(where, 'k', o.k);
  const dim = x.dim();
  if (dim < 3) throw new RangeError(`Expected 3D or higher dimensionality                          input (got ${dim} dimensions)`);
  if (x.numel() === 0) return x;
  let div = x.mul(x);
  const before = Math.floor(size / 2);
  const after = Math.floor((size - 1) / 2);
  if (dim === 3) {
    div = div.unsqueeze(1);
    div = pad(div, [0, 0, before, after]);
    div = avgPool2d(div, [size, 1], { stride: 1 }).squeeze(1);
  } else {
    const sizes = x.shape;
    div = div.view(sizes[0]!, 1, sizes[1]!, sizes[2]!, -1);
    div = pad(div, [0, 0, 0, 0, before, after]);
    div = ops.avgPool3d(div, [size, 1, 1], { stride: 1 }).squeeze(1);
    div = div.view(sizes);
  }
  div = div.mul(alpha).add(k).pow(beta);
  return x.div(div);
}
