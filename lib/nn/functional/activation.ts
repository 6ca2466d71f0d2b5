// nn.functional's activations (and softmax), as in torch/nn/functional.py.
import { Tensor } from '../../tensor.js';
import { type DType } from '../../dtype.js';
import * as ops from '../../generated/functions.js';
import { parseArgs, checkNumber, checkBool, checkChoice, checkInt, checkTensor, type Args } from '../../validate.js';
import { input } from './_args.js';

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
