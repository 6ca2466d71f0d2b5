// nn.functional's pooling, as in torch/nn/functional.py.
import { Tensor } from '../../tensor.js';
import * as ops from '../../generated/functions.js';
import { describeValue, parseArgs, checkBool, checkInt, checkIntTuple, type Args, type IntOrTuple } from '../../validate.js';
import { input } from './_args.js';

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
