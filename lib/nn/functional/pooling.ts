// nn.functional's pooling, as in torch/nn/functional.py: max, average, power-average (LP),
// adaptive and fractional pooling in 1, 2 and 3 dimensions, and max unpooling.
import { Tensor } from '../../tensor.js';
import * as ops from '../../generated/functions.js';
import { describeValue, parseArgs, checkBool, checkInt, checkNumber, checkIntTuple, checkTensor, type Args, type IntOrTuple } from '../../validate.js';
import { input } from './_args.js';

// ---- max pooling ------------------------------------------------------------------------------

/** Options of maxPool1d, maxPool2d and maxPool3d (Python's keyword arguments). */
export interface MaxPoolFnOptions {
  /** Default: kernelSize. */
  stride?: IntOrTuple | null;
  padding?: IntOrTuple;
  dilation?: IntOrTuple;
  ceilMode?: boolean;
  /** Also return the flat indices of the maxima (for maxUnpool). */
  returnIndices?: boolean;
}

type MaxPoolPositional = [stride: IntOrTuple | null, padding: IntOrTuple, dilation: IntOrTuple, ceilMode: boolean];
const MAX_POOL_NAMES = ['stride', 'padding', 'dilation', 'ceilMode', 'returnIndices'] as const;

/** Max pooling in `n` dimensions: Python's checks, then the ATen op (with indices or not). */
function maxPoolNd(n: 1 | 2 | 3, name: string, x: unknown, kernelSize: unknown, args: readonly unknown[], forceIndices: boolean): Tensor | [Tensor, Tensor] {
  const where = `F.${name}()`;
  const o = parseArgs<Required<MaxPoolFnOptions>>(where, args, [...MAX_POOL_NAMES],
    { stride: null, padding: 0, dilation: 1, ceilMode: false, returnIndices: false });
  const t = input(where, x);
  const k = checkIntTuple(where, 'kernelSize', kernelSize, n, 1);
  const stride = o.stride === null ? [] : checkIntTuple(where, 'stride', o.stride, n, 1);
  const padding = checkIntTuple(where, 'padding', o.padding, n, 0);
  const dilation = checkIntTuple(where, 'dilation', o.dilation, n, 1);
  const ceilMode = checkBool(where, 'ceilMode', o.ceilMode);
  const withIndices = checkBool(where, 'returnIndices', o.returnIndices) || forceIndices;
  if (withIndices) {
    const op = n === 1 ? ops.maxPool1dWithIndices : n === 2 ? ops.maxPool2dWithIndices : ops.maxPool3dWithIndices;
    const [out, idx] = op(t, k, stride, padding, dilation, ceilMode);
    return [out, idx];
  }
  const op = n === 1 ? ops.maxPool1d : n === 2 ? ops.maxPool2d : ops.maxPool3d;
  return op(t, k, stride, padding, dilation, ceilMode);
}

/**
 * 1-D max pooling over (N, C, L) or (C, L) inputs; `stride` defaults to `kernelSize`. With
 * `returnIndices` it returns [output, indices].
 * @example F.maxPool1d(x, 2); const [out, idx] = F.maxPool1d(x, 2, { returnIndices: true });
 */
export function maxPool1d(x: Tensor, kernelSize: IntOrTuple, options: MaxPoolFnOptions & { returnIndices: true }): [Tensor, Tensor];
export function maxPool1d(x: Tensor, kernelSize: IntOrTuple, stride: IntOrTuple | null, padding: IntOrTuple, dilation: IntOrTuple, ceilMode: boolean, returnIndices: true): [Tensor, Tensor];
export function maxPool1d(x: Tensor, kernelSize: IntOrTuple, ...args: Args<[...MaxPoolPositional, returnIndices: false], MaxPoolFnOptions & { returnIndices?: false }>): Tensor;
export function maxPool1d(x: Tensor, kernelSize: IntOrTuple, ...args: Args<[...MaxPoolPositional, returnIndices: boolean], MaxPoolFnOptions>): Tensor | [Tensor, Tensor];
export function maxPool1d(x: Tensor, kernelSize: IntOrTuple, ...args: unknown[]): Tensor | [Tensor, Tensor] {
  return maxPoolNd(1, 'maxPool1d', x, kernelSize, args, false);
}

/**
 * 2-D max pooling over (N, C, H, W) or (C, H, W) inputs; `stride` defaults to `kernelSize`. With
 * `returnIndices` it returns [output, indices].
 * @example F.maxPool2d(x, 2); F.maxPool2d(x, 3, { stride: 2, padding: 1 })
 */
export function maxPool2d(x: Tensor, kernelSize: IntOrTuple, options: MaxPoolFnOptions & { returnIndices: true }): [Tensor, Tensor];
export function maxPool2d(x: Tensor, kernelSize: IntOrTuple, stride: IntOrTuple | null, padding: IntOrTuple, dilation: IntOrTuple, ceilMode: boolean, returnIndices: true): [Tensor, Tensor];
export function maxPool2d(x: Tensor, kernelSize: IntOrTuple, ...args: Args<[...MaxPoolPositional, returnIndices: false], MaxPoolFnOptions & { returnIndices?: false }>): Tensor;
export function maxPool2d(x: Tensor, kernelSize: IntOrTuple, ...args: Args<[...MaxPoolPositional, returnIndices: boolean], MaxPoolFnOptions>): Tensor | [Tensor, Tensor];
export function maxPool2d(x: Tensor, kernelSize: IntOrTuple, ...args: unknown[]): Tensor | [Tensor, Tensor] {
  return maxPoolNd(2, 'maxPool2d', x, kernelSize, args, false);
}

/**
 * 3-D max pooling over (N, C, D, H, W) or (C, D, H, W) inputs; `stride` defaults to
 * `kernelSize`. With `returnIndices` it returns [output, indices].
 * @example F.maxPool3d(torch.randn(1, 2, 4, 4, 4), 2).shape // [1, 2, 2, 2, 2]
 */
export function maxPool3d(x: Tensor, kernelSize: IntOrTuple, options: MaxPoolFnOptions & { returnIndices: true }): [Tensor, Tensor];
export function maxPool3d(x: Tensor, kernelSize: IntOrTuple, stride: IntOrTuple | null, padding: IntOrTuple, dilation: IntOrTuple, ceilMode: boolean, returnIndices: true): [Tensor, Tensor];
export function maxPool3d(x: Tensor, kernelSize: IntOrTuple, ...args: Args<[...MaxPoolPositional, returnIndices: false], MaxPoolFnOptions & { returnIndices?: false }>): Tensor;
export function maxPool3d(x: Tensor, kernelSize: IntOrTuple, ...args: Args<[...MaxPoolPositional, returnIndices: boolean], MaxPoolFnOptions>): Tensor | [Tensor, Tensor];
export function maxPool3d(x: Tensor, kernelSize: IntOrTuple, ...args: unknown[]): Tensor | [Tensor, Tensor] {
  return maxPoolNd(3, 'maxPool3d', x, kernelSize, args, false);
}

/**
 * maxPool1d's [output, indices] whatever `returnIndices` says (Python's `max_pool1d_with_indices`).
 * @example const [out, idx] = F.maxPool1dWithIndices(x, 2);
 */
export function maxPool1dWithIndices(x: Tensor, kernelSize: IntOrTuple, ...args: Args<[...MaxPoolPositional, returnIndices: boolean], MaxPoolFnOptions>): [Tensor, Tensor] {
  return maxPoolNd(1, 'maxPool1dWithIndices', x, kernelSize, args, true) as [Tensor, Tensor];
}

/**
 * maxPool2d's [output, indices] whatever `returnIndices` says (Python's `max_pool2d_with_indices`).
 * @example const [out, idx] = F.maxPool2dWithIndices(x, 2);
 */
export function maxPool2dWithIndices(x: Tensor, kernelSize: IntOrTuple, ...args: Args<[...MaxPoolPositional, returnIndices: boolean], MaxPoolFnOptions>): [Tensor, Tensor] {
  return maxPoolNd(2, 'maxPool2dWithIndices', x, kernelSize, args, true) as [Tensor, Tensor];
}

/**
 * maxPool3d's [output, indices] whatever `returnIndices` says (Python's `max_pool3d_with_indices`).
 * @example const [out, idx] = F.maxPool3dWithIndices(x, 2);
 */
export function maxPool3dWithIndices(x: Tensor, kernelSize: IntOrTuple, ...args: Args<[...MaxPoolPositional, returnIndices: boolean], MaxPoolFnOptions>): [Tensor, Tensor] {
  return maxPoolNd(3, 'maxPool3dWithIndices', x, kernelSize, args, true) as [Tensor, Tensor];
}

// ---- average pooling --------------------------------------------------------------------------

/** Options of avgPool1d, avgPool2d and avgPool3d (avgPool1d has no divisorOverride). */
export interface AvgPoolFnOptions {
  /** Default: kernelSize. */
  stride?: IntOrTuple | null;
  padding?: IntOrTuple;
  ceilMode?: boolean;
  countIncludePad?: boolean;
  divisorOverride?: number | null;
}

type AvgPoolPositional = [stride: IntOrTuple | null, padding: IntOrTuple, ceilMode: boolean, countIncludePad: boolean];

function avgPoolNd(n: 1 | 2 | 3, x: unknown, kernelSize: unknown, args: readonly unknown[]): Tensor {
  const where = `F.avgPool${n}d()`;
  const names: (keyof AvgPoolFnOptions)[] = ['stride', 'padding', 'ceilMode', 'countIncludePad'];
  if (n > 1) names.push('divisorOverride');
  const o = parseArgs<Required<AvgPoolFnOptions>>(where, args, names,
    { stride: null, padding: 0, ceilMode: false, countIncludePad: true, divisorOverride: null });
  const t = input(where, x);
  const k = checkIntTuple(where, 'kernelSize', kernelSize, n, 1);
  const stride = o.stride === null ? [] : checkIntTuple(where, 'stride', o.stride, n, 1);
  const padding = checkIntTuple(where, 'padding', o.padding, n, 0);
  const ceilMode = checkBool(where, 'ceilMode', o.ceilMode);
  const countIncludePad = checkBool(where, 'countIncludePad', o.countIncludePad);
  if (n === 1) return ops.avgPool1d(t, k, stride, padding, ceilMode, countIncludePad);
  const divisor = o.divisorOverride === null ? null : checkInt(where, 'divisorOverride', o.divisorOverride, 1);
  return (n === 2 ? ops.avgPool2d : ops.avgPool3d)(t, k, stride, padding, ceilMode, countIncludePad, divisor);
}

/**
 * 1-D average pooling over (N, C, L) inputs; `stride` defaults to `kernelSize`.
 * @example F.avgPool1d(x, 3, { stride: 2 })
 */
export function avgPool1d(x: Tensor, kernelSize: IntOrTuple, ...args: Args<AvgPoolPositional, Omit<AvgPoolFnOptions, 'divisorOverride'>>): Tensor {
  return avgPoolNd(1, x, kernelSize, args);
}

/**
 * 2-D average pooling; `stride` defaults to `kernelSize`.
 * @example F.avgPool2d(x, 2)
 */
export function avgPool2d(x: Tensor, kernelSize: IntOrTuple, ...args: Args<[...AvgPoolPositional, divisorOverride: number | null], AvgPoolFnOptions>): Tensor {
  return avgPoolNd(2, x, kernelSize, args);
}

/**
 * 3-D average pooling over (N, C, D, H, W) inputs; `stride` defaults to `kernelSize`.
 * @example F.avgPool3d(torch.randn(1, 2, 4, 4, 4), 2).shape // [1, 2, 2, 2, 2]
 */
export function avgPool3d(x: Tensor, kernelSize: IntOrTuple, ...args: Args<[...AvgPoolPositional, divisorOverride: number | null], AvgPoolFnOptions>): Tensor {
  return avgPoolNd(3, x, kernelSize, args);
}

// ---- power-average pooling --------------------------------------------------------------------

/** Options of lpPool1d, lpPool2d and lpPool3d. */
export interface LPPoolFnOptions {
  /** Default: kernelSize. */
  stride?: IntOrTuple | null;
  ceilMode?: boolean;
}

function lpPoolNd(n: 1 | 2 | 3, x: unknown, normType: unknown, kernelSize: unknown, args: readonly unknown[]): Tensor {
  const where = `F.lpPool${n}d()`;
  const o = parseArgs<Required<LPPoolFnOptions>>(where, args, ['stride', 'ceilMode'], { stride: null, ceilMode: false });
  const t = input(where, x);
  const p = checkNumber(where, 'normType', normType);
  const k = checkIntTuple(where, 'kernelSize', kernelSize, n, 1);
  const ceilMode = checkBool(where, 'ceilMode', o.ceilMode);
  const stride = o.stride;
  if (p === Infinity || p === -Infinity) {
    const max = n === 1 ? maxPool1d : n === 2 ? maxPool2d : maxPool3d;
    return p === Infinity ? max(t.abs(), k, stride, 0, 1, ceilMode) : max(t.abs().neg(), k, stride, 0, 1, ceilMode).neg();
  }
  const out = avgPoolNd(n, t.pow(p), k, [stride, 0, ceilMode]);
  // sign(out) * relu(|out|) zeroes the gradient where the window's sum of powers is zero.
  return ops.sign(out).mul(ops.relu(ops.abs(out))).mul(k.reduce((a, b) => a * b, 1)).pow(1.0 / p);
}

/**
 * 1-D power-average pooling: (sum of x^p over each window)^(1/p).
 * @example F.lpPool1d(x, 2, 3)
 */
export function lpPool1d(x: Tensor, normType: number, kernelSize: IntOrTuple, ...args: Args<[stride: IntOrTuple | null, ceilMode: boolean], LPPoolFnOptions>): Tensor {
  return lpPoolNd(1, x, normType, kernelSize, args);
}

/**
 * 2-D power-average pooling: (sum of x^p over each window)^(1/p).
 * @example F.lpPool2d(x, 2, 3, { stride: 2 })
 */
export function lpPool2d(x: Tensor, normType: number, kernelSize: IntOrTuple, ...args: Args<[stride: IntOrTuple | null, ceilMode: boolean], LPPoolFnOptions>): Tensor {
  return lpPoolNd(2, x, normType, kernelSize, args);
}

/**
 * 3-D power-average pooling: (sum of x^p over each window)^(1/p).
 * @example F.lpPool3d(torch.randn(1, 2, 4, 4, 4), 2, 2)
 */
export function lpPool3d(x: Tensor, normType: number, kernelSize: IntOrTuple, ...args: Args<[stride: IntOrTuple | null, ceilMode: boolean], LPPoolFnOptions>): Tensor {
  return lpPoolNd(3, x, normType, kernelSize, args);
}

// ---- max unpooling ----------------------------------------------------------------------------

/** Options of maxUnpool1d, maxUnpool2d and maxUnpool3d. */
export interface MaxUnpoolFnOptions {
  /** Default: kernelSize. */
  stride?: IntOrTuple | null;
  padding?: IntOrTuple;
  /** The spatial size to produce (optionally with N and C first); default: the inverse of the pooling's size. */
  outputSize?: readonly number[] | null;
}

/** Python's `_unpool_output_size`. */
function unpoolOutputSize(where: string, x: Tensor, k: number[], stride: number[], padding: number[], outputSize: unknown): number[] {
  const shape = x.shape;
  const n = k.length;
  const defaultSize = k.map((kd, d) => (shape[shape.length - n + d]! - 1) * stride[d]! + kd - 2 * padding[d]!);
  let ret: number[];
  if (outputSize === null || outputSize === undefined) ret = defaultSize;
  else {
    if (!Array.isArray(outputSize)) throw new TypeError(`${where}: outputSize must be an array of integers or null (got ${describeValue(outputSize)})`);
    let size = (outputSize as unknown[]).map((v, i) => checkInt(where, `outputSize[${i}]`, v));
    if (size.length === n + 2) size = size.slice(2);
    if (size.length !== n) {
      throw new RangeError(`output_size should be a sequence containing ${n} or ${n + 2} elements, but it has a length of '${size.length}'`);
    }
    for (let d = 0; d < n; d++) {
      const min = defaultSize[d]! - stride[d]!;
      const max = defaultSize[d]! + stride[d]!;
      if (!(min < size[d]! && size[d]! < max)) {
        throw new RangeError(`invalid output_size "[${size.join(', ')}]" (dim ${d} must be between ${min} and ${max})`);
      }
    }
    ret = size;
  }
  ret.forEach((v, d) => {
    if (v < 0) throw new RangeError(`max_unpooling: output_size must contain non-negative spatial dimensions, but got output_size[${d}]=${v}`);
  });
  return ret;
}

function maxUnpoolNd(n: 1 | 2 | 3, x: unknown, indices: unknown, kernelSize: unknown, args: readonly unknown[]): Tensor {
  const where = `F.maxUnpool${n}d()`;
  const o = parseArgs<Required<MaxUnpoolFnOptions>>(where, args, ['stride', 'padding', 'outputSize'], { stride: null, padding: 0, outputSize: null });
  const t = input(where, x);
  const idx = checkTensor(where, 'indices', indices);
  const k = checkIntTuple(where, 'kernelSize', kernelSize, n, 1);
  const stride = o.stride === null ? k : checkIntTuple(where, 'stride', o.stride, n, 1);
  const padding = checkIntTuple(where, 'padding', o.padding, n, 0);
  const size = unpoolOutputSize(where, t, k, stride, padding, o.outputSize);
  if (n === 1) return ops.maxUnpool2d(t.unsqueeze(-1), idx.unsqueeze(-1), [...size, 1]).squeeze(-1);
  if (n === 2) return ops.maxUnpool2d(t, idx, size);
  return ops.maxUnpool3d(t, idx, size, stride, padding);
}

type MaxUnpoolPositional = [stride: IntOrTuple | null, padding: IntOrTuple, outputSize: readonly number[] | null];

/**
 * A partial inverse of maxPool1d: puts each value at its index, zeros elsewhere.
 * @example const [y, idx] = F.maxPool1d(x, 2, { returnIndices: true }); F.maxUnpool1d(y, idx, 2)
 */
export function maxUnpool1d(x: Tensor, indices: Tensor, kernelSize: IntOrTuple, ...args: Args<MaxUnpoolPositional, MaxUnpoolFnOptions>): Tensor {
  return maxUnpoolNd(1, x, indices, kernelSize, args);
}

/**
 * A partial inverse of maxPool2d: puts each value at its index, zeros elsewhere.
 * @example const [y, idx] = F.maxPool2d(x, 2, { returnIndices: true }); F.maxUnpool2d(y, idx, 2)
 */
export function maxUnpool2d(x: Tensor, indices: Tensor, kernelSize: IntOrTuple, ...args: Args<MaxUnpoolPositional, MaxUnpoolFnOptions>): Tensor {
  return maxUnpoolNd(2, x, indices, kernelSize, args);
}

/**
 * A partial inverse of maxPool3d: puts each value at its index, zeros elsewhere.
 * @example const [y, idx] = F.maxPool3d(x, 2, { returnIndices: true }); F.maxUnpool3d(y, idx, 2)
 */
export function maxUnpool3d(x: Tensor, indices: Tensor, kernelSize: IntOrTuple, ...args: Args<MaxUnpoolPositional, MaxUnpoolFnOptions>): Tensor {
  return maxUnpoolNd(3, x, indices, kernelSize, args);
}

// ---- adaptive pooling -------------------------------------------------------------------------

/** An adaptive pooling's output size: an int, or one entry per pooled dimension (null keeps the input's). */
export type AdaptiveSize = number | readonly (number | null)[];

/** Python's `_list_with_default`, with the checks of the output size. */
function adaptiveSize(where: string, n: number, x: Tensor, outputSize: unknown, allowNull: boolean): number[] {
  if (typeof outputSize === 'number') return new Array<number>(n).fill(checkInt(where, 'outputSize', outputSize, 0));
  if (Array.isArray(outputSize) && outputSize.length === n) {
    const shape = x.shape;
    if (allowNull && shape.length <= n) throw new RangeError(`Input dimension should be at least ${n + 1}`);
    return (outputSize as unknown[]).map((v, i) => (v === null && allowNull ? shape[shape.length - n + i]! : checkInt(where, `outputSize[${i}]`, v, 0)));
  }
  const what = n === 1 ? 'an integer or an array of 1 integer' : `an integer or an array of ${n} integers${allowNull ? ' or nulls' : ''}`;
  throw new TypeError(`${where}: outputSize must be ${what} (got ${describeValue(outputSize)})`);
}

/**
 * 1-D adaptive average pooling to `outputSize` over (N, C, L) inputs.
 * @example F.adaptiveAvgPool1d(torch.randn(1, 2, 10), 3).shape // [1, 2, 3]
 */
export function adaptiveAvgPool1d(x: Tensor, outputSize: number | readonly [number]): Tensor {
  const where = 'F.adaptiveAvgPool1d()';
  const t = input(where, x);
  return ops.adaptiveAvgPool1d(t, adaptiveSize(where, 1, t, outputSize, false));
}

/**
 * 2-D adaptive average pooling to `outputSize` (an int, or [H, W] where null keeps the input's size).
 * @example F.adaptiveAvgPool2d(x, 1); F.adaptiveAvgPool2d(x, [7, null])
 */
export function adaptiveAvgPool2d(x: Tensor, outputSize: AdaptiveSize): Tensor {
  const where = 'F.adaptiveAvgPool2d()';
  const t = input(where, x);
  return ops.adaptiveAvgPool2d(t, adaptiveSize(where, 2, t, outputSize, true));
}

/**
 * 3-D adaptive average pooling to `outputSize` (an int, or [D, H, W] where null keeps the input's size).
 * @example F.adaptiveAvgPool3d(torch.randn(1, 2, 5, 6, 7), [2, null, 3]).shape // [1, 2, 2, 6, 3]
 */
export function adaptiveAvgPool3d(x: Tensor, outputSize: AdaptiveSize): Tensor {
  const where = 'F.adaptiveAvgPool3d()';
  const t = input(where, x);
  return ops.adaptiveAvgPool3d(t, adaptiveSize(where, 3, t, outputSize, true));
}

function adaptiveMaxPoolNd(n: 1 | 2 | 3, name: string, x: unknown, outputSize: unknown, args: readonly unknown[], forceIndices: boolean): Tensor | [Tensor, Tensor] {
  const where = `F.${name}()`;
  const o = parseArgs<{ returnIndices: boolean }>(where, args, ['returnIndices'], { returnIndices: false });
  const t = input(where, x);
  const withIndices = checkBool(where, 'returnIndices', o.returnIndices) || forceIndices;
  const size = adaptiveSize(where, n, t, outputSize, n > 1);
  const op = n === 1 ? ops.adaptiveMaxPool1d : n === 2 ? ops.adaptiveMaxPool2d : ops.adaptiveMaxPool3d;
  const [out, idx] = op(t, size);
  return withIndices ? [out, idx] : out;
}

/**
 * 1-D adaptive max pooling; with `returnIndices` it returns [output, indices].
 * @example F.adaptiveMaxPool1d(torch.randn(1, 2, 10), 3).shape // [1, 2, 3]
 */
export function adaptiveMaxPool1d(x: Tensor, outputSize: number | readonly [number], options: { returnIndices: true } | true): [Tensor, Tensor];
export function adaptiveMaxPool1d(x: Tensor, outputSize: number | readonly [number], options?: { returnIndices?: false } | false): Tensor;
export function adaptiveMaxPool1d(x: Tensor, outputSize: number | readonly [number], options?: { returnIndices?: boolean } | boolean): Tensor | [Tensor, Tensor];
export function adaptiveMaxPool1d(x: Tensor, outputSize: number | readonly [number], ...args: unknown[]): Tensor | [Tensor, Tensor] {
  return adaptiveMaxPoolNd(1, 'adaptiveMaxPool1d', x, outputSize, args, false);
}

/**
 * 2-D adaptive max pooling; with `returnIndices` it returns [output, indices].
 * @example F.adaptiveMaxPool2d(x, [1, 1])
 */
export function adaptiveMaxPool2d(x: Tensor, outputSize: AdaptiveSize, options: { returnIndices: true } | true): [Tensor, Tensor];
export function adaptiveMaxPool2d(x: Tensor, outputSize: AdaptiveSize, options?: { returnIndices?: false } | false): Tensor;
export function adaptiveMaxPool2d(x: Tensor, outputSize: AdaptiveSize, options?: { returnIndices?: boolean } | boolean): Tensor | [Tensor, Tensor];
export function adaptiveMaxPool2d(x: Tensor, outputSize: AdaptiveSize, ...args: unknown[]): Tensor | [Tensor, Tensor] {
  return adaptiveMaxPoolNd(2, 'adaptiveMaxPool2d', x, outputSize, args, false);
}

/**
 * 3-D adaptive max pooling; with `returnIndices` it returns [output, indices].
 * @example F.adaptiveMaxPool3d(torch.randn(1, 2, 5, 6, 7), 2).shape // [1, 2, 2, 2, 2]
 */
export function adaptiveMaxPool3d(x: Tensor, outputSize: AdaptiveSize, options: { returnIndices: true } | true): [Tensor, Tensor];
export function adaptiveMaxPool3d(x: Tensor, outputSize: AdaptiveSize, options?: { returnIndices?: false } | false): Tensor;
export function adaptiveMaxPool3d(x: Tensor, outputSize: AdaptiveSize, options?: { returnIndices?: boolean } | boolean): Tensor | [Tensor, Tensor];
export function adaptiveMaxPool3d(x: Tensor, outputSize: AdaptiveSize, ...args: unknown[]): Tensor | [Tensor, Tensor] {
  return adaptiveMaxPoolNd(3, 'adaptiveMaxPool3d', x, outputSize, args, false);
}

/**
 * adaptiveMaxPool1d's [output, indices] (Python's `adaptive_max_pool1d_with_indices`).
 * @example const [out, idx] = F.adaptiveMaxPool1dWithIndices(x, 3);
 */
export function adaptiveMaxPool1dWithIndices(x: Tensor, outputSize: number | readonly [number], options?: { returnIndices?: boolean } | boolean): [Tensor, Tensor] {
  return adaptiveMaxPoolNd(1, 'adaptiveMaxPool1dWithIndices', x, outputSize, [options], true) as [Tensor, Tensor];
}

/**
 * adaptiveMaxPool2d's [output, indices] (Python's `adaptive_max_pool2d_with_indices`).
 * @example const [out, idx] = F.adaptiveMaxPool2dWithIndices(x, [2, 2]);
 */
export function adaptiveMaxPool2dWithIndices(x: Tensor, outputSize: AdaptiveSize, options?: { returnIndices?: boolean } | boolean): [Tensor, Tensor] {
  return adaptiveMaxPoolNd(2, 'adaptiveMaxPool2dWithIndices', x, outputSize, [options], true) as [Tensor, Tensor];
}

/**
 * adaptiveMaxPool3d's [output, indices] (Python's `adaptive_max_pool3d_with_indices`).
 * @example const [out, idx] = F.adaptiveMaxPool3dWithIndices(x, 2);
 */
export function adaptiveMaxPool3dWithIndices(x: Tensor, outputSize: AdaptiveSize, options?: { returnIndices?: boolean } | boolean): [Tensor, Tensor] {
  return adaptiveMaxPoolNd(3, 'adaptiveMaxPool3dWithIndices', x, outputSize, [options], true) as [Tensor, Tensor];
}

// ---- fractional max pooling -------------------------------------------------------------------

/** Options of fractionalMaxPool2d and fractionalMaxPool3d: one of outputSize and outputRatio is required. */
export interface FractionalMaxPoolFnOptions {
  outputSize?: IntOrTuple | null;
  /** The output size as a fraction of the input's, in (0, 1). */
  outputRatio?: number | readonly number[] | null;
  returnIndices?: boolean;
  /** The pooling regions' random offsets, (N, C, n) in [0, 1); drawn with torch.rand when null. */
  _randomSamples?: Tensor | null;
}

type FractionalPositional = [outputSize: IntOrTuple | null, outputRatio: number | readonly number[] | null, returnIndices: boolean, _randomSamples: Tensor | null];

function fractionalMaxPoolNd(n: 2 | 3, name: string, x: unknown, kernelSize: unknown, args: readonly unknown[], forceIndices: boolean): Tensor | [Tensor, Tensor] {
  const where = `F.${name}()`;
  const o = parseArgs<Required<FractionalMaxPoolFnOptions>>(where, args, ['outputSize', 'outputRatio', 'returnIndices', '_randomSamples'],
    { outputSize: null, outputRatio: null, returnIndices: false, _randomSamples: null });
  const t = input(where, x);
  const k = checkIntTuple(where, 'kernelSize', kernelSize, n, 1);
  const withIndices = checkBool(where, 'returnIndices', o.returnIndices) || forceIndices;
  let size: number[];
  if (o.outputSize !== null) size = checkIntTuple(where, 'outputSize', o.outputSize, n, 0);
  else if (o.outputRatio !== null) {
    const r = o.outputRatio;
    let ratio: number[];
    if (typeof r === 'number') ratio = new Array<number>(n).fill(checkNumber(where, 'outputRatio', r));
    else if (Array.isArray(r) && r.length === n) ratio = (r as unknown[]).map((v, i) => checkNumber(where, `outputRatio[${i}]`, v));
    else throw new TypeError(`${where}: outputRatio must be a number or an array of ${n} numbers (got ${describeValue(r)})`);
    const shape = t.shape;
    size = ratio.map((v, i) => Math.trunc(shape[shape.length - n + i]! * v));
  } else {
    throw new TypeError(`fractional_max_pool${n}d requires specifying either an output_size or an output_ratio`);
  }
  let samples = checkTensor(where, '_randomSamples', o._randomSamples, true);
  if (samples === null) {
    const nBatch = t.dim() === n + 1 ? 1 : t.size(0);
    samples = ops.rand([nBatch, t.size(-(n + 1)), n], { dtype: t.dtype, device: t.device });
  }
  const [out, idx] = (n === 2 ? ops.fractionalMaxPool2d : ops.fractionalMaxPool3d)(t, k, size, samples);
  return withIndices ? [out, idx] : out;
}

/**
 * 2-D fractional max pooling (Graham, 2014): max over kH x kW windows at pseudo-random steps
 * that give `outputSize` (or `outputRatio` of the input's size). The steps come from
 * `_randomSamples`, or from torch.rand as in Python (the same seed gives the same windows).
 * @example F.fractionalMaxPool2d(torch.randn(1, 2, 9, 9), 3, { outputSize: 4 }).shape // [1, 2, 4, 4]
 */
export function fractionalMaxPool2d(x: Tensor, kernelSize: IntOrTuple, options: FractionalMaxPoolFnOptions & { returnIndices: true }): [Tensor, Tensor];
export function fractionalMaxPool2d(x: Tensor, kernelSize: IntOrTuple, outputSize: IntOrTuple | null, outputRatio: number | readonly number[] | null, returnIndices: true, options?: { _randomSamples?: Tensor | null }): [Tensor, Tensor];
export function fractionalMaxPool2d(x: Tensor, kernelSize: IntOrTuple, ...args: Args<FractionalPositional, FractionalMaxPoolFnOptions>): Tensor;
export function fractionalMaxPool2d(x: Tensor, kernelSize: IntOrTuple, ...args: unknown[]): Tensor | [Tensor, Tensor] {
  return fractionalMaxPoolNd(2, 'fractionalMaxPool2d', x, kernelSize, args, false);
}

/**
 * 3-D fractional max pooling, as fractionalMaxPool2d over (N, C, D, H, W) inputs.
 * @example F.fractionalMaxPool3d(torch.randn(1, 2, 9, 9, 9), 2, { outputRatio: 0.5 }).shape // [1, 2, 4, 4, 4]
 */
export function fractionalMaxPool3d(x: Tensor, kernelSize: IntOrTuple, options: FractionalMaxPoolFnOptions & { returnIndices: true }): [Tensor, Tensor];
export function fractionalMaxPool3d(x: Tensor, kernelSize: IntOrTuple, outputSize: IntOrTuple | null, outputRatio: number | readonly number[] | null, returnIndices: true, options?: { _randomSamples?: Tensor | null }): [Tensor, Tensor];
export function fractionalMaxPool3d(x: Tensor, kernelSize: IntOrTuple, ...args: Args<FractionalPositional, FractionalMaxPoolFnOptions>): Tensor;
export function fractionalMaxPool3d(x: Tensor, kernelSize: IntOrTuple, ...args: unknown[]): Tensor | [Tensor, Tensor] {
  return fractionalMaxPoolNd(3, 'fractionalMaxPool3d', x, kernelSize, args, false);
}

/**
 * fractionalMaxPool2d's [output, indices] (Python's `fractional_max_pool2d_with_indices`).
 * @example const [out, idx] = F.fractionalMaxPool2dWithIndices(x, 2, { outputSize: 3 });
 */
export function fractionalMaxPool2dWithIndices(x: Tensor, kernelSize: IntOrTuple, ...args: Args<FractionalPositional, FractionalMaxPoolFnOptions>): [Tensor, Tensor] {
  return fractionalMaxPoolNd(2, 'fractionalMaxPool2dWithIndices', x, kernelSize, args, true) as [Tensor, Tensor];
}

/**
 * fractionalMaxPool3d's [output, indices] (Python's `fractional_max_pool3d_with_indices`).
 * @example const [out, idx] = F.fractionalMaxPool3dWithIndices(x, 2, { outputSize: 3 });
 */
export function fractionalMaxPool3dWithIndices(x: Tensor, kernelSize: IntOrTuple, ...args: Args<FractionalPositional, FractionalMaxPoolFnOptions>): [Tensor, Tensor] {
  return fractionalMaxPoolNd(3, 'fractionalMaxPool3dWithIndices', x, kernelSize, args, true) as [Tensor, Tensor];
}

