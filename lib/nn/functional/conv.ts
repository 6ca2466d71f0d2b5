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
