// nn.functional's linear and convolution, as in torch/nn/functional.py.
import { Tensor } from '../../tensor.js';
import * as ops from '../../generated/functions.js';
import type { OpArg } from '../../op_arg.js';
import { parseArgs, checkChoice, checkInt, checkTensor, checkIntTuple, type Args, type IntOrTuple } from '../../validate.js';
import { input } from './_args.js';

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

/** Options of conv1d, conv2d and conv3d. */
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

/**
 * 3-D convolution over (N, C, D, H, W) or (C, D, H, W) inputs.
 * @example F.conv3d(x, w, b, { stride: 2, padding: 1 })
 */
export function conv3d(x: Tensor, weight: Tensor, ...args: Args<ConvPositional, ConvFnOptions>): Tensor {
  return conv('F.conv3d()', 3, x, weight, args);
}

/** Options of convTranspose1d, convTranspose2d and convTranspose3d. */
export interface ConvTransposeFnOptions {
  bias?: Tensor | null;
  stride?: IntOrTuple;
  padding?: IntOrTuple;
  /** Extra size added to one side of each output dimension. */
  outputPadding?: IntOrTuple;
  groups?: number;
  dilation?: IntOrTuple;
}
type ConvTransposePositional = [bias: Tensor | null, stride: IntOrTuple, padding: IntOrTuple, outputPadding: IntOrTuple, groups: number, dilation: IntOrTuple];

function convTranspose(where: string, n: number, x: Tensor, weight: Tensor, args: unknown[]): Tensor {
  const o = parseArgs<Required<ConvTransposeFnOptions>>(where, args, ['bias', 'stride', 'padding', 'outputPadding', 'groups', 'dilation'],
    { bias: null, stride: 1, padding: 0, outputPadding: 0, groups: 1, dilation: 1 });
  input(where, x);
  checkTensor(where, 'weight', weight);
  checkTensor(where, 'bias', o.bias, true);
  const fn = (n === 1 ? ops.convTranspose1d : n === 2 ? ops.convTranspose2d : ops.convTranspose3d) as (...a: OpArg[]) => Tensor;
  return fn(x, weight, o.bias, checkIntTuple(where, 'stride', o.stride, n, 1), checkIntTuple(where, 'padding', o.padding, n, 0),
    checkIntTuple(where, 'outputPadding', o.outputPadding, n, 0), checkInt(where, 'groups', o.groups, 1), checkIntTuple(where, 'dilation', o.dilation, n, 1));
}

/**
 * 1-D transposed convolution ("deconvolution") over (N, C, L) or (C, L) inputs; weight is
 * (inChannels, outChannels / groups, kL).
 * @example F.convTranspose1d(x, w, b, { stride: 2, outputPadding: 1 })
 */
export function convTranspose1d(x: Tensor, weight: Tensor, ...args: Args<ConvTransposePositional, ConvTransposeFnOptions>): Tensor {
  return convTranspose('F.convTranspose1d()', 1, x, weight, args);
}

/**
 * 2-D transposed convolution ("deconvolution"); weight is (inChannels, outChannels / groups, kH, kW).
 * @example F.convTranspose2d(x, w, b, { stride: 2 })
 */
export function convTranspose2d(x: Tensor, weight: Tensor, ...args: Args<ConvTransposePositional, ConvTransposeFnOptions>): Tensor {
  return convTranspose('F.convTranspose2d()', 2, x, weight, args);
}

/**
 * 3-D transposed convolution ("deconvolution") over (N, C, D, H, W) or (C, D, H, W) inputs;
 * weight is (inChannels, outChannels / groups, kD, kH, kW).
 * @example F.convTranspose3d(x, w, null, 2)
 */
export function convTranspose3d(x: Tensor, weight: Tensor, ...args: Args<ConvTransposePositional, ConvTransposeFnOptions>): Tensor {
  return convTranspose('F.convTranspose3d()', 3, x, weight, args);
}

/** Options of convTbc. */
export interface ConvTbcOptions {
  /** Time steps of zero padding on each side (default 0). */
  pad?: number;
}

/**
 * 1-D convolution over a (time, batch, channels) sequence; weight is (kernel width, inChannels,
 * outChannels), bias (outChannels).
 * @example F.convTbc(x, weight, bias, 1)
 */
export function convTbc(x: Tensor, weight: Tensor, bias: Tensor, ...args: Args<[pad: number], ConvTbcOptions>): Tensor {
  const where = 'F.convTbc()';
  const o = parseArgs<Required<ConvTbcOptions>>(where, args, ['pad'], { pad: 0 });
  input(where, x);
  checkTensor(where, 'weight', weight);
  checkTensor(where, 'bias', bias);
  return ops.convTbc(x, weight, bias, checkInt(where, 'pad', o.pad));
}
