// nn.functional (alias F): the stateless functions behind the layers, a port of
// torch/nn/functional.py. Arguments are positional as in PyTorch, or a trailing options object
// with camelCase keys: `F.logSoftmax(x, 1)` or `F.logSoftmax(x, { dim: 1 })`.
import { Tensor } from '../tensor.js';
import { type DType } from '../dtype.js';
import { checkDense } from '../arrays.js';
import * as ops from '../generated/functions.js';
import { noGrad } from '../autograd/grad_mode.js';
import type { OpArg } from '../op_arg.js';
import { ops as atenOps } from '../ops_namespace.js';
import {
  describeValue, parseArgs, checkNumber, checkBool, checkChoice, checkInt, checkTensor, checkIntTuple, type Args, type IntOrTuple,
} from '../validate.js';
import { reductionEnum, pySize } from './_utils.js';

/** How a loss reduces over the batch. */
export type Reduction = 'none' | 'mean' | 'sum';

function input(where: string, v: unknown): Tensor {
  return checkTensor(where, 'input', v);
}

function checkP(where: string, p: unknown): number {
  checkNumber(where, 'p', p);
  if ((p as number) < 0 || (p as number) > 1) throw new RangeError(`${where}: dropout probability has to be between 0 and 1, but got ${String(p)}`);
  return p as number;
}

// ---- linear and convolution --------------------------------------------------------------------

/**
 * y = x W^T + b.
 * @example F.linear(x, weight, bias)
 */
export function linear(x: Tensor, weight: Tensor, bias: Tensor | null = null): Tensor {
  input('F.linear()', x);
  checkTensor('F.linear()', 'weight', weight);
  checkTensor('F.linear()', 'bias', bias, true);
  return ops.linear(x, weight, bias);
}

/** Options of conv1d/conv2d. */
export interface ConvFnOptions {
  bias?: Tensor | null;
  stride?: IntOrTuple;
  /** Zero padding per side, or 'valid' (none) or 'same' (output size = input size). */
  padding?: IntOrTuple | 'valid' | 'same';
  dilation?: IntOrTuple;
  groups?: number;
}
type ConvPositional = [bias: Tensor | null, stride: IntOrTuple, padding: IntOrTuple | 'valid' | 'same', dilation: IntOrTuple, groups: number];

function conv(where: string, n: number, x: Tensor, weight: Tensor, args: unknown[]): Tensor {
  const o = parseArgs<Required<ConvFnOptions>>(where, args, ['bias', 'stride', 'padding', 'dilation', 'groups'],
    { bias: null, stride: 1, padding: 0, dilation: 1, groups: 1 });
  input(where, x);
  checkTensor(where, 'weight', weight);
  checkTensor(where, 'bias', o.bias, true);
  const stride = checkIntTuple(where, 'stride', o.stride, n, 1);
  const padding = typeof o.padding === 'string' ? checkChoice(where, 'padding', o.padding, ['valid', 'same']) : checkIntTuple(where, 'padding', o.padding, n, 0);
  const dilation = checkIntTuple(where, 'dilation', o.dilation, n, 1);
  const groups = checkInt(where, 'groups', o.groups, 1);
  const fn = (n === 1 ? ops.conv1d : n === 2 ? ops.conv2d : ops.conv3d) as (...a: OpArg[]) => Tensor;
  return fn(x, weight, o.bias, stride, padding, dilation, groups);
}

/**
 * 1-D convolution over (N, C, L) or (C, L) inputs.
 * @example F.conv1d(x, w, b, 1, 1); F.conv1d(x, w, { padding: 'same' })
 */
export function conv1d(x: Tensor, weight: Tensor, ...args: Args<ConvPositional, ConvFnOptions>): Tensor {
  return conv('F.conv1d()', 1, x, weight, args);
}

/**
 * 2-D convolution over (N, C, H, W) or (C, H, W) inputs.
 * @example F.conv2d(x, w, b, { stride: 2, padding: 1 })
 */
export function conv2d(x: Tensor, weight: Tensor, ...args: Args<ConvPositional, ConvFnOptions>): Tensor {
  return conv('F.conv2d()', 2, x, weight, args);
}

// ---- pooling -----------------------------------------------------------------------------------

/** Options of maxPool2d. */
export interface MaxPoolFnOptions {
  stride?: IntOrTuple | null;
  padding?: IntOrTuple;
  dilation?: IntOrTuple;
  ceilMode?: boolean;
  returnIndices?: boolean;
}

/**
 * 2-D max pooling; `stride` defaults to `kernelSize`. With `returnIndices` it returns
 * [output, indices].
 * @example F.maxPool2d(x, 2); F.maxPool2d(x, 3, { stride: 2, padding: 1 })
 */
export function maxPool2d(x: Tensor, kernelSize: IntOrTuple, options: MaxPoolFnOptions & { returnIndices: true }): [Tensor, Tensor];
export function maxPool2d(x: Tensor, kernelSize: IntOrTuple, ...args: Args<[stride: IntOrTuple | null, padding: IntOrTuple, dilation: IntOrTuple, ceilMode: boolean], MaxPoolFnOptions & { returnIndices?: false }>): Tensor;
export function maxPool2d(x: Tensor, kernelSize: IntOrTuple, ...args: unknown[]): Tensor | [Tensor, Tensor] {
  const where = 'F.maxPool2d()';
  const o = parseArgs<Required<MaxPoolFnOptions>>(where, args, ['stride', 'padding', 'dilation', 'ceilMode', 'returnIndices'],
    { stride: null, padding: 0, dilation: 1, ceilMode: false, returnIndices: false });
  input(where, x);
  const k = checkIntTuple(where, 'kernelSize', kernelSize, 2, 1);
  const stride = o.stride === null ? [] : checkIntTuple(where, 'stride', o.stride, 2, 1);
  const padding = checkIntTuple(where, 'padding', o.padding, 2, 0);
  const dilation = checkIntTuple(where, 'dilation', o.dilation, 2, 1);
  checkBool(where, 'ceilMode', o.ceilMode);
  if (checkBool(where, 'returnIndices', o.returnIndices)) {
    return ops.maxPool2dWithIndices(x, k, stride, padding, dilation, o.ceilMode) as unknown as [Tensor, Tensor];
  }
  return ops.maxPool2d(x, k, stride, padding, dilation, o.ceilMode);
}

/** Options of avgPool2d. */
export interface AvgPoolFnOptions {
  stride?: IntOrTuple | null;
  padding?: IntOrTuple;
  ceilMode?: boolean;
  countIncludePad?: boolean;
  divisorOverride?: number | null;
}

/**
 * 2-D average pooling; `stride` defaults to `kernelSize`.
 * @example F.avgPool2d(x, 2)
 */
export function avgPool2d(x: Tensor, kernelSize: IntOrTuple, ...args: Args<[stride: IntOrTuple | null, padding: IntOrTuple, ceilMode: boolean, countIncludePad: boolean, divisorOverride: number | null], AvgPoolFnOptions>): Tensor {
  const where = 'F.avgPool2d()';
  const o = parseArgs<Required<AvgPoolFnOptions>>(where, args, ['stride', 'padding', 'ceilMode', 'countIncludePad', 'divisorOverride'],
    { stride: null, padding: 0, ceilMode: false, countIncludePad: true, divisorOverride: null });
  input(where, x);
  const k = checkIntTuple(where, 'kernelSize', kernelSize, 2, 1);
  const stride = o.stride === null ? [] : checkIntTuple(where, 'stride', o.stride, 2, 1);
  const padding = checkIntTuple(where, 'padding', o.padding, 2, 0);
  checkBool(where, 'ceilMode', o.ceilMode);
  checkBool(where, 'countIncludePad', o.countIncludePad);
  if (o.divisorOverride !== null) checkInt(where, 'divisorOverride', o.divisorOverride, 1);
  return ops.avgPool2d(x, k, stride, padding, o.ceilMode, o.countIncludePad, o.divisorOverride);
}

/**
 * 2-D adaptive average pooling to `outputSize` (an int, or [H, W] where null keeps the input's size).
 * @example F.adaptiveAvgPool2d(x, 1); F.adaptiveAvgPool2d(x, [7, null])
 */
export function adaptiveAvgPool2d(x: Tensor, outputSize: number | readonly (number | null)[]): Tensor {
  const where = 'F.adaptiveAvgPool2d()';
  input(where, x);
  let size: number[];
  if (typeof outputSize === 'number') size = [checkInt(where, 'outputSize', outputSize, 0), outputSize];
  else if (Array.isArray(outputSize) && outputSize.length === 2) {
    const shape = x.shape;
    size = outputSize.map((v, i) => (v === null ? shape[shape.length - 2 + i]! : checkInt(where, `outputSize[${i}]`, v, 0)));
  } else throw new TypeError(`${where}: outputSize must be an integer or an array of 2 integers or nulls (got ${describeValue(outputSize)})`);
  return ops.adaptiveAvgPool2d(x, size);
}

// ---- dropout -----------------------------------------------------------------------------------

/** Options of dropout. */
export interface DropoutFnOptions {
  /** Probability of an element to be zeroed (default 0.5). */
  p?: number;
  /** Apply dropout (default true); false returns the input. */
  training?: boolean;
  inplace?: boolean;
}

/**
 * Zeroes elements with probability p and scales the rest by 1/(1-p) when training.
 * @example F.dropout(x, { p: 0.2, training: this.training }); F.dropout(x, 0.2)
 */
export function dropout(x: Tensor, ...args: Args<[p: number, training: boolean, inplace: boolean], DropoutFnOptions>): Tensor {
  const where = 'F.dropout()';
  const o = parseArgs<Required<DropoutFnOptions>>(where, args, ['p', 'training', 'inplace'], { p: 0.5, training: true, inplace: false });
  input(where, x);
  checkP(where, o.p);
  checkBool(where, 'training', o.training);
  const inplace = checkBool(where, 'inplace', o.inplace);
  // ATen returns the input itself in these cases; skip the native call.
  if (!o.training || o.p === 0) return x;
  return inplace ? ops.dropout_(x, o.p, o.training) : ops.dropout(x, o.p, o.training);
}

// ---- activations -------------------------------------------------------------------------------

/** `{ inplace }` of the activations that can run in place. */
export interface InplaceOptions { inplace?: boolean }

function inplaceFlag(where: string, args: unknown[]): boolean {
  const o = parseArgs<Required<InplaceOptions>>(where, args, ['inplace'], { inplace: false });
  return checkBool(where, 'inplace', o.inplace);
}

/** max(0, x). @example F.relu(x); F.relu(x, { inplace: true }) */
export function relu(x: Tensor, ...args: Args<[inplace: boolean], InplaceOptions>): Tensor {
  const inplace = inplaceFlag('F.relu()', args);
  input('F.relu()', x);
  return inplace ? ops.relu_(x) : ops.relu(x);
}

/** In-place relu. @example F.relu_(x) */
export function relu_(x: Tensor): Tensor {
  return ops.relu_(input('F.relu_()', x));
}

/** Options of leakyRelu. */
export interface LeakyReluOptions { negativeSlope?: number; inplace?: boolean }

/** max(0, x) + negativeSlope * min(0, x). @example F.leakyRelu(x, 0.2) */
export function leakyRelu(x: Tensor, ...args: Args<[negativeSlope: number, inplace: boolean], LeakyReluOptions>): Tensor {
  const where = 'F.leakyRelu()';
  const o = parseArgs<Required<LeakyReluOptions>>(where, args, ['negativeSlope', 'inplace'], { negativeSlope: 0.01, inplace: false });
  input(where, x);
  checkNumber(where, 'negativeSlope', o.negativeSlope);
  return checkBool(where, 'inplace', o.inplace) ? ops.leakyRelu_(x, o.negativeSlope) : ops.leakyRelu(x, o.negativeSlope);
}

/** Options of elu. */
export interface EluOptions { alpha?: number; inplace?: boolean }

/** x if x > 0 else alpha * (exp(x) - 1). @example F.elu(x) */
export function elu(x: Tensor, ...args: Args<[alpha: number, inplace: boolean], EluOptions>): Tensor {
  const where = 'F.elu()';
  const o = parseArgs<Required<EluOptions>>(where, args, ['alpha', 'inplace'], { alpha: 1.0, inplace: false });
  input(where, x);
  checkNumber(where, 'alpha', o.alpha);
  return checkBool(where, 'inplace', o.inplace) ? ops.elu_(x, o.alpha) : ops.elu(x, o.alpha);
}

/** Scaled ELU. @example F.selu(x) */
export function selu(x: Tensor, ...args: Args<[inplace: boolean], InplaceOptions>): Tensor {
  const inplace = inplaceFlag('F.selu()', args);
  input('F.selu()', x);
  return inplace ? ops.selu_(x) : ops.selu(x);
}

/** Options of gelu. */
export interface GeluOptions { approximate?: 'none' | 'tanh' }

/** Gaussian error linear unit; `approximate: 'tanh'` for the tanh approximation. @example F.gelu(x) */
export function gelu(x: Tensor, ...args: Args<[approximate: 'none' | 'tanh'], GeluOptions>): Tensor {
  const where = 'F.gelu()';
  const o = parseArgs<Required<GeluOptions>>(where, args, ['approximate'], { approximate: 'none' });
  input(where, x);
  return ops.gelu(x, { approximate: checkChoice(where, 'approximate', o.approximate, ['none', 'tanh']) });
}

/** x * sigmoid(x). @example F.silu(x) */
export function silu(x: Tensor, ...args: Args<[inplace: boolean], InplaceOptions>): Tensor {
  const inplace = inplaceFlag('F.silu()', args);
  input('F.silu()', x);
  return inplace ? ops.silu_(x) : ops.silu(x);
}

/** x * tanh(softplus(x)). @example F.mish(x) */
export function mish(x: Tensor, ...args: Args<[inplace: boolean], InplaceOptions>): Tensor {
  const inplace = inplaceFlag('F.mish()', args);
  input('F.mish()', x);
  return inplace ? ops.mish_(x) : ops.mish(x);
}

/** 1 / (1 + exp(-x)). @example F.sigmoid(x) */
export function sigmoid(x: Tensor): Tensor {
  return ops.sigmoid(input('F.sigmoid()', x));
}

/** tanh(x). @example F.tanh(x) */
export function tanh(x: Tensor): Tensor {
  return ops.tanh(input('F.tanh()', x));
}

/** Options of softplus. */
export interface SoftplusOptions { beta?: number; threshold?: number }

/** log(1 + exp(beta x)) / beta, linear above threshold. @example F.softplus(x, { beta: 2 }) */
export function softplus(x: Tensor, ...args: Args<[beta: number, threshold: number], SoftplusOptions>): Tensor {
  const where = 'F.softplus()';
  const o = parseArgs<Required<SoftplusOptions>>(where, args, ['beta', 'threshold'], { beta: 1.0, threshold: 20.0 });
  input(where, x);
  return ops.softplus(x, checkNumber(where, 'beta', o.beta), checkNumber(where, 'threshold', o.threshold));
}

/** Options of hardtanh. */
export interface HardtanhOptions { minVal?: number; maxVal?: number; inplace?: boolean }

/** clamp(x, minVal, maxVal). @example F.hardtanh(x, -2, 2) */
export function hardtanh(x: Tensor, ...args: Args<[minVal: number, maxVal: number, inplace: boolean], HardtanhOptions>): Tensor {
  const where = 'F.hardtanh()';
  const o = parseArgs<Required<HardtanhOptions>>(where, args, ['minVal', 'maxVal', 'inplace'], { minVal: -1.0, maxVal: 1.0, inplace: false });
  input(where, x);
  checkNumber(where, 'minVal', o.minVal);
  checkNumber(where, 'maxVal', o.maxVal);
  return checkBool(where, 'inplace', o.inplace) ? ops.hardtanh_(x, o.minVal, o.maxVal) : ops.hardtanh(x, o.minVal, o.maxVal);
}

/** max(0, x) + weight * min(0, x), weight per channel or shared. @example F.prelu(x, weight) */
export function prelu(x: Tensor, weight: Tensor): Tensor {
  input('F.prelu()', x);
  return ops.prelu(x, checkTensor('F.prelu()', 'weight', weight));
}

/** Options of softmax and logSoftmax. */
export interface SoftmaxOptions {
  /** The dimension to normalise over; PyTorch's implicit choice when omitted (0 for 0-, 1- and 3-D inputs, else 1). */
  dim?: number | null;
  /** Cast the input to this dtype first. */
  dtype?: DType | null;
}

function softmaxDim(x: Tensor, dim: number | null | undefined, where: string): number {
  if (dim === null || dim === undefined) {
    const nd = x.dim();
    return nd === 0 || nd === 1 || nd === 3 ? 0 : 1;
  }
  return checkInt(where, 'dim', dim);
}

/**
 * exp(x) / sum(exp(x)) along dim.
 * @example F.softmax(logits, { dim: -1 }); F.softmax(logits, 1)
 */
export function softmax(x: Tensor, ...args: Args<[dim: number | null], SoftmaxOptions>): Tensor {
  const where = 'F.softmax()';
  const o = parseArgs<SoftmaxOptions>(where, args, ['dim', 'dtype'], {});
  input(where, x);
  return ops.softmax(x, softmaxDim(x, o.dim, where), { dtype: o.dtype ?? null });
}

/**
 * log(softmax(x)) along dim, computed stably.
 * @example F.logSoftmax(this.fc4(x), { dim: 1 })
 */
export function logSoftmax(x: Tensor, ...args: Args<[dim: number | null], SoftmaxOptions>): Tensor {
  const where = 'F.logSoftmax()';
  const o = parseArgs<SoftmaxOptions>(where, args, ['dim', 'dtype'], {});
  input(where, x);
  return ops.logSoftmax(x, softmaxDim(x, o.dim, where), { dtype: o.dtype ?? null });
}

// ---- normalisation -----------------------------------------------------------------------------

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

// ---- embedding ---------------------------------------------------------------------------------

/** Options of embedding. */
export interface EmbeddingFnOptions {
  paddingIdx?: number | null;
  maxNorm?: number | null;
  normType?: number;
  scaleGradByFreq?: boolean;
  sparse?: boolean;
}

/**
 * Looks up rows of `weight` by the integer indices in `x`.
 * @example F.embedding(torch.tensor([1n, 2n]), weight)
 */
export function embedding(x: Tensor, weight: Tensor, ...args: Args<[paddingIdx: number | null, maxNorm: number | null, normType: number, scaleGradByFreq: boolean, sparse: boolean], EmbeddingFnOptions>): Tensor {
  const where = 'F.embedding()';
  const o = parseArgs<Required<EmbeddingFnOptions>>(where, args, ['paddingIdx', 'maxNorm', 'normType', 'scaleGradByFreq', 'sparse'],
    { paddingIdx: null, maxNorm: null, normType: 2.0, scaleGradByFreq: false, sparse: false });
  input(where, x);
  checkTensor(where, 'weight', weight);
  let paddingIdx = -1;
  if (o.paddingIdx !== null) {
    const n = weight.size(0);
    paddingIdx = checkInt(where, 'paddingIdx', o.paddingIdx);
    if (paddingIdx >= n || paddingIdx < -n) throw new RangeError(`${where}: paddingIdx must be within num_embeddings (got ${paddingIdx} for ${n})`);
    if (paddingIdx < 0) paddingIdx += n;
  }
  if (o.maxNorm !== null) {
    const maxNorm = checkNumber(where, 'maxNorm', o.maxNorm);
    const idx = x.contiguous();
    noGrad(() => ops.embeddingRenorm_(weight, idx, maxNorm, o.normType));
  }
  return ops.embedding(weight, x, paddingIdx, checkBool(where, 'scaleGradByFreq', o.scaleGradByFreq), checkBool(where, 'sparse', o.sparse));
}

/**
 * One-hot encoding of int64 class indices (numClasses -1 infers max + 1).
 * @example F.oneHot(torch.tensor([0n, 2n]), 3)
 */
export function oneHot(x: Tensor, numClasses: number = -1): Tensor {
  input('F.oneHot()', x);
  return ops.oneHot(x, checkInt('F.oneHot()', 'numClasses', numClasses, -1));
}

/** Options of pad. */
export interface PadOptions { mode?: 'constant' | 'reflect' | 'replicate' | 'circular'; value?: number | null }

/**
 * Pads the last dimensions: `pad` lists (left, right) amounts starting from the last dimension.
 * @example F.pad(x, [1, 1, 2, 2], { mode: 'reflect' })
 */
export function pad(x: Tensor, padding: readonly number[], ...args: Args<[mode: 'constant' | 'reflect' | 'replicate' | 'circular', value: number | null], PadOptions>): Tensor {
  const where = 'F.pad()';
  const o = parseArgs<Required<PadOptions>>(where, args, ['mode', 'value'], { mode: 'constant', value: null });
  input(where, x);
  const p = checkIntTuple(where, 'pad', padding, 0);
  checkChoice(where, 'mode', o.mode, ['constant', 'reflect', 'replicate', 'circular']);
  return ops.pad(x, p, o.mode, o.value);
}

// ---- losses ------------------------------------------------------------------------------------

/** Options of nllLoss and crossEntropy. */
export interface NLLLossFnOptions {
  /** A manual rescaling weight per class. */
  weight?: Tensor | null;
  /** A target value ignored in the loss and its gradient (default -100). */
  ignoreIndex?: number;
  reduction?: Reduction;
}

/** Options of crossEntropy. */
export interface CrossEntropyFnOptions extends NLLLossFnOptions {
  /** Mix the targets with the uniform distribution by this amount (0 to 1). */
  labelSmoothing?: number;
}

/**
 * Negative log likelihood of log-probabilities `x` (N, C) at class indices `target` (N).
 * @example F.nllLoss(logPs, labels); F.nllLoss(logPs, labels, { reduction: 'sum' })
 */
export function nllLoss(x: Tensor, target: Tensor, ...args: Args<[weight: Tensor | null], NLLLossFnOptions>): Tensor {
  const where = 'F.nllLoss()';
  const o = parseArgs<Required<NLLLossFnOptions>>(where, args, ['weight', 'ignoreIndex', 'reduction'], { weight: null, ignoreIndex: -100, reduction: 'mean' });
  input(where, x);
  checkTensor(where, 'target', target);
  checkTensor(where, 'weight', o.weight, true);
  return ops.nllLossNd(x, target, o.weight, reductionEnum(where, o.reduction), checkInt(where, 'ignoreIndex', o.ignoreIndex));
}

/**
 * Cross entropy of logits `x` against class indices (or class probabilities) `target`.
 * @example F.crossEntropy(logits, labels, { labelSmoothing: 0.1 })
 */
export function crossEntropy(x: Tensor, target: Tensor, ...args: Args<[weight: Tensor | null], CrossEntropyFnOptions>): Tensor {
  const where = 'F.crossEntropy()';
  const o = parseArgs<Required<CrossEntropyFnOptions>>(where, args, ['weight', 'ignoreIndex', 'reduction', 'labelSmoothing'],
    { weight: null, ignoreIndex: -100, reduction: 'mean', labelSmoothing: 0.0 });
  input(where, x);
  checkTensor(where, 'target', target);
  checkTensor(where, 'weight', o.weight, true);
  const ls = checkNumber(where, 'labelSmoothing', o.labelSmoothing);
  if (ls < 0 || ls > 1) throw new RangeError(`${where}: labelSmoothing must be between 0.0 and 1.0. Got: ${ls}`);
  return ops.crossEntropyLoss(x, target, o.weight, reductionEnum(where, o.reduction), checkInt(where, 'ignoreIndex', o.ignoreIndex), ls);
}

/** `{ reduction }` of the plain losses. */
export interface ReductionOptions { reduction?: Reduction }

/** Mean squared error. @example F.mseLoss(pred, y) */
export function mseLoss(x: Tensor, target: Tensor, ...args: Args<[reduction: Reduction], ReductionOptions>): Tensor {
  const where = 'F.mseLoss()';
  const o = parseArgs<Required<ReductionOptions>>(where, args, ['reduction'], { reduction: 'mean' });
  input(where, x);
  checkTensor(where, 'target', target);
  const r = reductionEnum(where, o.reduction);
  const [a, b] = ops.broadcastTensors([x, target]) as unknown as [Tensor, Tensor];
  return ops.mseLoss(a, b, r);
}

/** Mean absolute error. @example F.l1Loss(pred, y) */
export function l1Loss(x: Tensor, target: Tensor, ...args: Args<[reduction: Reduction], ReductionOptions>): Tensor {
  const where = 'F.l1Loss()';
  const o = parseArgs<Required<ReductionOptions>>(where, args, ['reduction'], { reduction: 'mean' });
  input(where, x);
  checkTensor(where, 'target', target);
  const r = reductionEnum(where, o.reduction);
  const [a, b] = ops.broadcastTensors([x, target]) as unknown as [Tensor, Tensor];
  return ops.l1Loss(a, b, r);
}

/** Options of binaryCrossEntropy. */
export interface BCEFnOptions { weight?: Tensor | null; reduction?: Reduction }

/**
 * Binary cross entropy of probabilities `x` against targets in [0, 1] of the same size.
 * @example F.binaryCrossEntropy(torch.sigmoid(z), y)
 */
export function binaryCrossEntropy(x: Tensor, target: Tensor, ...args: Args<[weight: Tensor | null], BCEFnOptions>): Tensor {
  const where = 'F.binaryCrossEntropy()';
  const o = parseArgs<Required<BCEFnOptions>>(where, args, ['weight', 'reduction'], { weight: null, reduction: 'mean' });
  input(where, x);
  checkTensor(where, 'target', target);
  checkTensor(where, 'weight', o.weight, true);
  const r = reductionEnum(where, o.reduction);
  const ts = target.shape;
  const xs = x.shape;
  if (ts.length !== xs.length || ts.some((s, i) => s !== xs[i])) {
    throw new RangeError(`Using a target size (${pySize(ts)}) that is different to the input size (${pySize(xs)}) is deprecated. Please ensure they have the same size.`);
  }
  let weight = o.weight;
  if (weight !== null) weight = weight.expand(ts);
  return ops.binaryCrossEntropy(x, target, weight, r);
}

/** Options of binaryCrossEntropyWithLogits. */
export interface BCEWithLogitsFnOptions extends BCEFnOptions {
  /** A weight of positive examples per class. */
  posWeight?: Tensor | null;
}

/**
 * Sigmoid + binary cross entropy in one numerically stable step.
 * @example F.binaryCrossEntropyWithLogits(z, y, { posWeight })
 */
export function binaryCrossEntropyWithLogits(x: Tensor, target: Tensor, ...args: Args<[weight: Tensor | null], BCEWithLogitsFnOptions>): Tensor {
  const where = 'F.binaryCrossEntropyWithLogits()';
  const o = parseArgs<Required<BCEWithLogitsFnOptions>>(where, args, ['weight', 'reduction', 'posWeight'], { weight: null, reduction: 'mean', posWeight: null });
  input(where, x);
  checkTensor(where, 'target', target);
  checkTensor(where, 'weight', o.weight, true);
  checkTensor(where, 'posWeight', o.posWeight, true);
  const r = reductionEnum(where, o.reduction);
  const ts = target.shape;
  const xs = x.shape;
  if (ts.length !== xs.length || ts.some((s, i) => s !== xs[i])) {
    throw new RangeError(`Target size (${pySize(ts)}) must be the same as input size (${pySize(xs)})`);
  }
  return ops.binaryCrossEntropyWithLogits(x, target, o.weight, o.posWeight, r);
}

/** Options of smoothL1Loss. */
export interface SmoothL1Options { reduction?: Reduction; beta?: number }

/** Squared error below beta, absolute error above. @example F.smoothL1Loss(pred, y, { beta: 0.5 }) */
export function smoothL1Loss(x: Tensor, target: Tensor, ...args: Args<[reduction: Reduction, beta: number], SmoothL1Options>): Tensor {
  const where = 'F.smoothL1Loss()';
  const o = parseArgs<Required<SmoothL1Options>>(where, args, ['reduction', 'beta'], { reduction: 'mean', beta: 1.0 });
  input(where, x);
  checkTensor(where, 'target', target);
  const r = reductionEnum(where, o.reduction);
  const beta = checkNumber(where, 'beta', o.beta);
  if (beta < 0) throw new RangeError(`${where}: beta must be non-negative (got ${beta})`);
  const [a, b] = ops.broadcastTensors([x, target]) as unknown as [Tensor, Tensor];
  if (beta === 0.0) return ops.l1Loss(a, b, r);
  return ops.smoothL1Loss(a, b, r, beta);
}

/** Options of huberLoss. */
export interface HuberOptions { reduction?: Reduction; delta?: number }

/** Huber loss: squared below delta, delta-scaled absolute above. @example F.huberLoss(pred, y, { delta: 2 }) */
export function huberLoss(x: Tensor, target: Tensor, ...args: Args<[reduction: Reduction, delta: number], HuberOptions>): Tensor {
  const where = 'F.huberLoss()';
  const o = parseArgs<Required<HuberOptions>>(where, args, ['reduction', 'delta'], { reduction: 'mean', delta: 1.0 });
  input(where, x);
  checkTensor(where, 'target', target);
  const r = reductionEnum(where, o.reduction);
  const delta = checkNumber(where, 'delta', o.delta);
  if (delta <= 0) throw new RangeError(`${where}: delta must be positive (got ${delta})`);
  const [a, b] = ops.broadcastTensors([x, target]) as unknown as [Tensor, Tensor];
  return ops.huberLoss(a, b, r, delta);
}

/** Options of klDiv. */
export interface KLDivOptions {
  /** 'batchmean' divides the sum by the batch size (the mathematically correct KL). */
  reduction?: Reduction | 'batchmean';
  /** The target is given as log-probabilities. */
  logTarget?: boolean;
}

/**
 * Kullback-Leibler divergence of log-probabilities `x` from `target`.
 * @example F.klDiv(logQ, p, { reduction: 'batchmean' })
 */
export function klDiv(x: Tensor, target: Tensor, ...args: Args<[reduction: Reduction | 'batchmean', logTarget: boolean], KLDivOptions>): Tensor {
  const where = 'F.klDiv()';
  const o = parseArgs<Required<KLDivOptions>>(where, args, ['reduction', 'logTarget'], { reduction: 'mean', logTarget: false });
  input(where, x);
  checkTensor(where, 'target', target);
  const r = o.reduction === 'batchmean' ? 2 : reductionEnum(where, o.reduction);
  const reduced = ops.klDiv(x, target, r, { logTarget: checkBool(where, 'logTarget', o.logTarget) });
  if (o.reduction === 'batchmean' && x.dim() !== 0) return reduced.div(x.size(0));
  return reduced;
}

// ---- more layers' functions --------------------------------------------------------------------

function featureDropout(where: string, x: Tensor, args: unknown[], batchedDim: number): Tensor {
  const o = parseArgs<Required<DropoutFnOptions>>(where, args, ['p', 'training', 'inplace'], { p: 0.5, training: true, inplace: false });
  input(where, x);
  checkP(where, o.p);
  checkBool(where, 'training', o.training);
  const inplace = checkBool(where, 'inplace', o.inplace);
  const nd = x.dim();
  if (nd !== batchedDim && nd !== batchedDim - 1) {
    throw new RangeError(`${where}: Expected ${batchedDim - 1}D or ${batchedDim}D input, but received a ${nd}D input`);
  }
  const batched = nd === batchedDim;
  let t = batched ? x : (inplace ? x.unsqueeze_(0) : x.unsqueeze(0));
  t = inplace ? ops.featureDropout_(t, o.p, o.training) : ops.featureDropout(t, o.p, o.training);
  return batched ? t : (inplace ? t.squeeze_(0) : t.squeeze(0));
}

/**
 * Zeroes whole channels of (N, C, L) or (C, L) inputs with probability p (channel-wise dropout).
 * @example F.dropout1d(x, { p: 0.2, training: this.training })
 */
export function dropout1d(x: Tensor, ...args: Args<[p: number, training: boolean, inplace: boolean], DropoutFnOptions>): Tensor {
  return featureDropout('F.dropout1d()', x, args, 3);
}

/**
 * Zeroes whole channels of (N, C, H, W) or (C, H, W) inputs with probability p.
 * @example F.dropout2d(x, 0.25)
 */
export function dropout2d(x: Tensor, ...args: Args<[p: number, training: boolean, inplace: boolean], DropoutFnOptions>): Tensor {
  const where = 'F.dropout2d()';
  // PyTorch treats 3-D input as (N, C, L) here (historical behaviour), and 4-D as (N, C, H, W).
  const o = parseArgs<Required<DropoutFnOptions>>(where, args, ['p', 'training', 'inplace'], { p: 0.5, training: true, inplace: false });
  input(where, x);
  checkP(where, o.p);
  checkBool(where, 'training', o.training);
  return checkBool(where, 'inplace', o.inplace) ? ops.featureDropout_(x, o.p, o.training) : ops.featureDropout(x, o.p, o.training);
}

/**
 * 1-D max pooling over (N, C, L) inputs; `stride` defaults to `kernelSize`.
 * @example F.maxPool1d(x, 2)
 */
export function maxPool1d(x: Tensor, kernelSize: IntOrTuple, ...args: Args<[stride: IntOrTuple | null, padding: IntOrTuple, dilation: IntOrTuple, ceilMode: boolean], Omit<MaxPoolFnOptions, 'returnIndices'>>): Tensor {
  const where = 'F.maxPool1d()';
  const o = parseArgs<Required<Omit<MaxPoolFnOptions, 'returnIndices'>>>(where, args, ['stride', 'padding', 'dilation', 'ceilMode'],
    { stride: null, padding: 0, dilation: 1, ceilMode: false });
  input(where, x);
  const k = checkIntTuple(where, 'kernelSize', kernelSize, 1, 1);
  const stride = o.stride === null ? [] : checkIntTuple(where, 'stride', o.stride, 1, 1);
  return ops.maxPool1d(x, k, stride, checkIntTuple(where, 'padding', o.padding, 1, 0), checkIntTuple(where, 'dilation', o.dilation, 1, 1), checkBool(where, 'ceilMode', o.ceilMode));
}

/**
 * 1-D average pooling over (N, C, L) inputs; `stride` defaults to `kernelSize`.
 * @example F.avgPool1d(x, 3, { stride: 2 })
 */
export function avgPool1d(x: Tensor, kernelSize: IntOrTuple, ...args: Args<[stride: IntOrTuple | null, padding: IntOrTuple, ceilMode: boolean, countIncludePad: boolean], Omit<AvgPoolFnOptions, 'divisorOverride'>>): Tensor {
  const where = 'F.avgPool1d()';
  const o = parseArgs<Required<Omit<AvgPoolFnOptions, 'divisorOverride'>>>(where, args, ['stride', 'padding', 'ceilMode', 'countIncludePad'],
    { stride: null, padding: 0, ceilMode: false, countIncludePad: true });
  input(where, x);
  const k = checkIntTuple(where, 'kernelSize', kernelSize, 1, 1);
  const stride = o.stride === null ? [] : checkIntTuple(where, 'stride', o.stride, 1, 1);
  return ops.avgPool1d(x, k, stride, checkIntTuple(where, 'padding', o.padding, 1, 0), checkBool(where, 'ceilMode', o.ceilMode), checkBool(where, 'countIncludePad', o.countIncludePad));
}

/** Options of convTranspose2d. */
export interface ConvTransposeFnOptions {
  bias?: Tensor | null;
  stride?: IntOrTuple;
  padding?: IntOrTuple;
  outputPadding?: IntOrTuple;
  groups?: number;
  dilation?: IntOrTuple;
}

/**
 * 2-D transposed convolution ("deconvolution"); weight is (inChannels, outChannels / groups, kH, kW).
 * @example F.convTranspose2d(x, w, b, { stride: 2 })
 */
export function convTranspose2d(x: Tensor, weight: Tensor, ...args: Args<[bias: Tensor | null, stride: IntOrTuple, padding: IntOrTuple, outputPadding: IntOrTuple, groups: number, dilation: IntOrTuple], ConvTransposeFnOptions>): Tensor {
  const where = 'F.convTranspose2d()';
  const o = parseArgs<Required<ConvTransposeFnOptions>>(where, args, ['bias', 'stride', 'padding', 'outputPadding', 'groups', 'dilation'],
    { bias: null, stride: 1, padding: 0, outputPadding: 0, groups: 1, dilation: 1 });
  input(where, x);
  checkTensor(where, 'weight', weight);
  checkTensor(where, 'bias', o.bias, true);
  return ops.convTranspose2d(x, weight, o.bias, checkIntTuple(where, 'stride', o.stride, 2, 1), checkIntTuple(where, 'padding', o.padding, 2, 0),
    checkIntTuple(where, 'outputPadding', o.outputPadding, 2, 0), checkInt(where, 'groups', o.groups, 1), checkIntTuple(where, 'dilation', o.dilation, 2, 1));
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

/** min(max(0, x), 6). @example F.relu6(x) */
export function relu6(x: Tensor, ...args: Args<[inplace: boolean], InplaceOptions>): Tensor {
  const inplace = inplaceFlag('F.relu6()', args);
  input('F.relu6()', x);
  return inplace ? ops.hardtanh_(x, 0, 6) : ops.relu6(x);
}

/** log(sigmoid(x)). @example F.logsigmoid(x) */
export function logsigmoid(x: Tensor): Tensor {
  return ops.logSigmoid(input('F.logsigmoid()', x));
}

/** x * relu6(x + 3) / 6. @example F.hardswish(x) */
export function hardswish(x: Tensor, ...args: Args<[inplace: boolean], InplaceOptions>): Tensor {
  const inplace = inplaceFlag('F.hardswish()', args);
  input('F.hardswish()', x);
  return inplace ? ops.hardswish_(x) : ops.hardswish(x);
}

/** Options of interpolate. */
export interface InterpolateOptions {
  /** Output spatial size (one int for every spatial dim, or one per dim). Give this or scaleFactor. */
  size?: number | readonly number[] | null;
  /** Multiplier of the spatial size (one number, or one per dim). */
  scaleFactor?: number | readonly number[] | null;
  /** 'nearest' (default), 'linear' (3-D input), 'bilinear' or 'bicubic' (4-D input), 'nearest-exact'. */
  mode?: 'nearest' | 'nearest-exact' | 'linear' | 'bilinear' | 'bicubic';
  /** Align corner pixels (interpolating modes only; default false). */
  alignCorners?: boolean | null;
  /** Compute the output size from scaleFactor and forget the scale (default: keep it). */
  recomputeScaleFactor?: boolean | null;
}

/**
 * Up/down-samples (N, C, L) or (N, C, H, W) inputs, as PyTorch's F.interpolate.
 * @example F.interpolate(x, { scaleFactor: 2, mode: 'bilinear' }); F.interpolate(x, { size: [32, 32] })
 */
export function interpolate(x: Tensor, ...args: Args<[size: number | readonly number[] | null, scaleFactor: number | readonly number[] | null, mode: InterpolateOptions['mode'], alignCorners: boolean | null, recomputeScaleFactor: boolean | null], InterpolateOptions>): Tensor {
  const where = 'F.interpolate()';
  const o = parseArgs<InterpolateOptions>(where, args, ['size', 'scaleFactor', 'mode', 'alignCorners', 'recomputeScaleFactor'], { mode: 'nearest' });
  input(where, x);
  const mode = checkChoice(where, 'mode', o.mode, ['nearest', 'nearest-exact', 'linear', 'bilinear', 'bicubic'] as const);
  let alignCorners = o.alignCorners ?? null;
  if (mode === 'nearest' || mode === 'nearest-exact') {
    if (alignCorners !== null) throw new TypeError(`${where}: align_corners option can only be set with the interpolating modes: linear | bilinear | bicubic | trilinear`);
  } else {
    alignCorners = checkBool(where, 'alignCorners', alignCorners ?? false);
  }
  const dim = x.dim() - 2;
  if (dim !== 1 && dim !== 2) throw new RangeError(`${where}: expected a 3-D or 4-D input (got ${x.dim()}-D)`);
  const size = o.size ?? null;
  const scale = o.scaleFactor ?? null;
  let outputSize: number[] | null = null;
  let scaleFactors: number[] | null = null;
  if (size !== null && scale !== null) throw new TypeError(`${where}: only one of size or scaleFactor should be defined`);
  if (size !== null) {
    outputSize = typeof size === 'number' ? new Array<number>(dim).fill(checkInt(where, 'size', size, 0)) : checkIntTuple(where, 'size', size, dim, 0);
  } else if (scale !== null) {
    if (Array.isArray(scale)) checkDense(`${where}: scaleFactor`, scale);
    const list = typeof scale === 'number' ? new Array<number>(dim).fill(scale) : [...scale];
    if (list.length !== dim) throw new RangeError(`${where}: Input and scale_factor must have the same number of spatial dimensions, but got input with spatial dimensions of ${dim} and scale_factor of shape ${list.length}.`);
    list.forEach((s, i) => checkNumber(where, `scaleFactor[${i}]`, s));
    scaleFactors = list;
  } else {
    throw new TypeError(`${where}: either size or scaleFactor should be defined`);
  }
  if (o.recomputeScaleFactor) {
    if (size !== null) throw new TypeError(`${where}: recompute_scale_factor is not meaningful with an explicit size.`);
    const shape = x.shape;
    outputSize = scaleFactors!.map((s, i) => Math.floor(shape[i + 2]! * s));
    scaleFactors = null;
  }
  const A = atenOps.aten;
  const kw = { outputSize, scaleFactors };
  if (mode === 'nearest') return (dim === 1 ? A.upsample_nearest1d! : A.upsample_nearest2d!)(x, kw) as Tensor;
  if (mode === 'nearest-exact') return (dim === 1 ? A._upsample_nearest_exact1d! : A._upsample_nearest_exact2d!)(x, kw) as Tensor;
  if (mode === 'linear') {
    if (dim !== 1) throw new RangeError(`${where}: Got ${x.dim()}D input, but linear mode needs 3D input`);
    return A.upsample_linear1d!(x, { ...kw, alignCorners }) as Tensor;
  }
  if (dim !== 2) throw new RangeError(`${where}: Got ${x.dim()}D input, but ${mode} mode needs 4D input`);
  return (mode === 'bilinear' ? A.upsample_bilinear2d! : A.upsample_bicubic2d!)(x, { ...kw, alignCorners }) as Tensor;
}

/**
 * softmax(-x) along dim.
 * @example F.softmin(x, { dim: 1 })
 */
export function softmin(x: Tensor, ...args: Args<[dim: number | null], SoftmaxOptions>): Tensor {
  const where = 'F.softmin()';
  const o = parseArgs<SoftmaxOptions>(where, args, ['dim', 'dtype'], {});
  input(where, x);
  return ops.softmax(x.neg(), softmaxDim(x, o.dim, where), { dtype: o.dtype ?? null });
}

/**
 * 2-D adaptive max pooling; with `returnIndices` it returns [output, indices].
 * @example F.adaptiveMaxPool2d(x, [1, 1])
 */
export function adaptiveMaxPool2d(x: Tensor, outputSize: number | readonly (number | null)[], options: { returnIndices: true }): [Tensor, Tensor];
export function adaptiveMaxPool2d(x: Tensor, outputSize: number | readonly (number | null)[], options?: { returnIndices?: false }): Tensor;
export function adaptiveMaxPool2d(x: Tensor, outputSize: number | readonly (number | null)[], options: { returnIndices?: boolean } = {}): Tensor | [Tensor, Tensor] {
  const where = 'F.adaptiveMaxPool2d()';
  input(where, x);
  const o = parseArgs<{ returnIndices: boolean }>(where, [options], ['returnIndices'], { returnIndices: false });
  let size: number[];
  if (typeof outputSize === 'number') size = [checkInt(where, 'outputSize', outputSize, 0), outputSize];
  else if (Array.isArray(outputSize) && outputSize.length === 2) {
    const shape = x.shape;
    size = outputSize.map((v, i) => (v === null ? shape[shape.length - 2 + i]! : checkInt(where, `outputSize[${i}]`, v, 0)));
  } else throw new TypeError(`${where}: outputSize must be an integer or an array of 2 integers or nulls (got ${describeValue(outputSize)})`);
  const [out, idx] = ops.adaptiveMaxPool2d(x, size);
  return checkBool(where, 'returnIndices', o.returnIndices) ? [out, idx] : out;
}

/** Options of cosineSimilarity. */
export interface CosineSimilarityOptions { dim?: number; eps?: number }

/**
 * Cosine similarity of x1 and x2 along dim.
 * @example F.cosineSimilarity(a, b, { dim: 1 })
 */
export function cosineSimilarity(x1: Tensor, x2: Tensor, ...args: Args<[dim: number, eps: number], CosineSimilarityOptions>): Tensor {
  const where = 'F.cosineSimilarity()';
  const o = parseArgs<Required<CosineSimilarityOptions>>(where, args, ['dim', 'eps'], { dim: 1, eps: 1e-8 });
  checkTensor(where, 'x1', x1);
  checkTensor(where, 'x2', x2);
  return ops.cosineSimilarity(x1, x2, checkInt(where, 'dim', o.dim), checkNumber(where, 'eps', o.eps));
}

/** Options of pairwiseDistance. */
export interface PairwiseDistanceOptions { p?: number; eps?: number; keepdim?: boolean }

/**
 * ||x1 - x2 + eps||_p along the last dimension.
 * @example F.pairwiseDistance(a, b)
 */
export function pairwiseDistance(x1: Tensor, x2: Tensor, ...args: Args<[p: number, eps: number, keepdim: boolean], PairwiseDistanceOptions>): Tensor {
  const where = 'F.pairwiseDistance()';
  const o = parseArgs<Required<PairwiseDistanceOptions>>(where, args, ['p', 'eps', 'keepdim'], { p: 2.0, eps: 1e-6, keepdim: false });
  checkTensor(where, 'x1', x1);
  checkTensor(where, 'x2', x2);
  return ops.pairwiseDistance(x1, x2, checkNumber(where, 'p', o.p), checkNumber(where, 'eps', o.eps), checkBool(where, 'keepdim', o.keepdim));
}
