// MaxPool2d, AvgPool2d and AdaptiveAvgPool2d, as torch/nn/modules/pooling.py.
import type { Tensor } from '../../tensor.js';
import { Module } from './module.js';
import * as F from '../functional.js';
import { describeValue, parseArgs, checkIntTuple, checkBool, checkInt, type Args, type IntOrTuple } from '../../validate.js';
import { pyRepr, pyFloat } from '../_utils.js';

/** Options of MaxPool2d. */
export interface MaxPool2dOptions {
  /** Default: kernelSize. */
  stride?: IntOrTuple | null;
  padding?: IntOrTuple;
  dilation?: IntOrTuple;
  returnIndices?: boolean;
  ceilMode?: boolean;
}

/**
 * 2-D max pooling.
 * @example const pool = new nn.MaxPool2d(2); pool(torch.randn(1, 3, 8, 8)).shape // [1, 3, 4, 4]
 */
export class MaxPool2d extends Module {
  kernelSize: IntOrTuple;
  stride: IntOrTuple;
  padding: IntOrTuple;
  dilation: IntOrTuple;
  returnIndices: boolean;
  ceilMode: boolean;

  constructor(kernelSize: IntOrTuple, ...args: Args<[stride: IntOrTuple | null, padding: IntOrTuple, dilation: IntOrTuple, returnIndices: boolean, ceilMode: boolean], MaxPool2dOptions>) {
    super();
    const where = 'MaxPool2d()';
    const o = parseArgs<Required<MaxPool2dOptions>>(where, args, ['stride', 'padding', 'dilation', 'returnIndices', 'ceilMode'],
      { stride: null, padding: 0, dilation: 1, returnIndices: false, ceilMode: false });
    checkIntTuple(where, 'kernelSize', kernelSize, 2, 1);
    this.kernelSize = kernelSize;
    if (o.stride !== null) checkIntTuple(where, 'stride', o.stride, 2, 1);
    this.stride = o.stride ?? kernelSize;
    checkIntTuple(where, 'padding', o.padding, 2, 0);
    this.padding = o.padding;
    checkIntTuple(where, 'dilation', o.dilation, 2, 1);
    this.dilation = o.dilation;
    this.returnIndices = checkBool(where, 'returnIndices', o.returnIndices);
    this.ceilMode = checkBool(where, 'ceilMode', o.ceilMode);
  }

  forward(input: Tensor): Tensor {
    if (this.returnIndices) {
      // [output, indices], as PyTorch's tuple; typed as the common case.
      return F.maxPool2d(input, this.kernelSize, { stride: this.stride, padding: this.padding, dilation: this.dilation, ceilMode: this.ceilMode, returnIndices: true }) as unknown as Tensor;
    }
    return F.maxPool2d(input, this.kernelSize, this.stride, this.padding, this.dilation, this.ceilMode);
  }

  override extraRepr(): string {
    return `kernel_size=${pyRepr(this.kernelSize)}, stride=${pyRepr(this.stride)}, padding=${pyRepr(this.padding)}, dilation=${pyRepr(this.dilation)}, ceil_mode=${pyRepr(this.ceilMode)}`;
  }
}

/** Options of AvgPool2d. */
export interface AvgPool2dOptions {
  stride?: IntOrTuple | null;
  padding?: IntOrTuple;
  ceilMode?: boolean;
  countIncludePad?: boolean;
  divisorOverride?: number | null;
}

/**
 * 2-D average pooling.
 * @example new nn.AvgPool2d(2)(torch.ones(1, 1, 4, 4)).shape // [1, 1, 2, 2]
 */
export class AvgPool2d extends Module {
  kernelSize: IntOrTuple;
  stride: IntOrTuple;
  padding: IntOrTuple;
  ceilMode: boolean;
  countIncludePad: boolean;
  divisorOverride: number | null;

  constructor(kernelSize: IntOrTuple, ...args: Args<[stride: IntOrTuple | null, padding: IntOrTuple, ceilMode: boolean, countIncludePad: boolean, divisorOverride: number | null], AvgPool2dOptions>) {
    super();
    const where = 'AvgPool2d()';
    const o = parseArgs<Required<AvgPool2dOptions>>(where, args, ['stride', 'padding', 'ceilMode', 'countIncludePad', 'divisorOverride'],
      { stride: null, padding: 0, ceilMode: false, countIncludePad: true, divisorOverride: null });
    checkIntTuple(where, 'kernelSize', kernelSize, 2, 1);
    this.kernelSize = kernelSize;
    if (o.stride !== null) checkIntTuple(where, 'stride', o.stride, 2, 1);
    this.stride = o.stride ?? kernelSize;
    checkIntTuple(where, 'padding', o.padding, 2, 0);
    this.padding = o.padding;
    this.ceilMode = checkBool(where, 'ceilMode', o.ceilMode);
    this.countIncludePad = checkBool(where, 'countIncludePad', o.countIncludePad);
    this.divisorOverride = o.divisorOverride === null ? null : checkInt(where, 'divisorOverride', o.divisorOverride, 1);
  }

  forward(input: Tensor): Tensor {
    return F.avgPool2d(input, this.kernelSize, this.stride, this.padding, this.ceilMode, this.countIncludePad, this.divisorOverride);
  }

  override extraRepr(): string {
    return `kernel_size=${pyRepr(this.kernelSize)}, stride=${pyRepr(this.stride)}, padding=${pyRepr(this.padding)}`;
  }
}

/**
 * 2-D adaptive average pooling to a fixed output size (null keeps that input dimension).
 * @example new nn.AdaptiveAvgPool2d([1, 1])(torch.randn(2, 64, 7, 7)).shape // [2, 64, 1, 1]
 */
export class AdaptiveAvgPool2d extends Module {
  outputSize: number | readonly (number | null)[];

  constructor(outputSize: number | readonly (number | null)[] | { outputSize: number | readonly (number | null)[] }) {
    super();
    const where = 'AdaptiveAvgPool2d()';
    const o = parseArgs<{ outputSize: number | readonly (number | null)[] }>(where, [outputSize], ['outputSize'], {}, ['outputSize']);
    const v = o.outputSize;
    if (typeof v === 'number') checkInt(where, 'outputSize', v, 0);
    else if (Array.isArray(v) && v.length === 2) v.forEach((e: unknown, i: number) => { if (e !== null) checkInt(where, `outputSize[${i}]`, e, 0); });
    else throw new TypeError(`${where}: outputSize must be an integer or an array of 2 integers or nulls (got ${describeValue(v)})`);
    this.outputSize = v;
  }

  forward(input: Tensor): Tensor {
    return F.adaptiveAvgPool2d(input, this.outputSize);
  }

  override extraRepr(): string {
    return `output_size=${pyRepr(this.outputSize)}`;
  }
}

/**
 * 1-D max pooling over (N, C, L) inputs.
 * @example new nn.MaxPool1d(2)(torch.randn(1, 4, 10)).shape // [1, 4, 5]
 */
export class MaxPool1d extends Module {
  kernelSize: IntOrTuple;
  stride: IntOrTuple;
  padding: IntOrTuple;
  dilation: IntOrTuple;
  ceilMode: boolean;

  constructor(kernelSize: IntOrTuple, ...args: Args<[stride: IntOrTuple | null, padding: IntOrTuple, dilation: IntOrTuple, returnIndices: false, ceilMode: boolean], Omit<MaxPool2dOptions, 'returnIndices'> & { returnIndices?: false }>) {
    super();
    const where = 'MaxPool1d()';
    const o = parseArgs<Required<MaxPool2dOptions>>(where, args, ['stride', 'padding', 'dilation', 'returnIndices', 'ceilMode'],
      { stride: null, padding: 0, dilation: 1, returnIndices: false, ceilMode: false });
    checkIntTuple(where, 'kernelSize', kernelSize, 1, 1);
    if (o.returnIndices !== false) throw new TypeError(`${where}: returnIndices is not supported by MaxPool1d here; use F.maxPool2d on an unsqueezed input`);
    this.kernelSize = kernelSize;
    if (o.stride !== null) checkIntTuple(where, 'stride', o.stride, 1, 1);
    this.stride = o.stride ?? kernelSize;
    checkIntTuple(where, 'padding', o.padding, 1, 0);
    this.padding = o.padding;
    checkIntTuple(where, 'dilation', o.dilation, 1, 1);
    this.dilation = o.dilation;
    this.ceilMode = checkBool(where, 'ceilMode', o.ceilMode);
  }

  forward(input: Tensor): Tensor {
    return F.maxPool1d(input, this.kernelSize, this.stride, this.padding, this.dilation, this.ceilMode);
  }

  override extraRepr(): string {
    return `kernel_size=${pyRepr(this.kernelSize)}, stride=${pyRepr(this.stride)}, padding=${pyRepr(this.padding)}, dilation=${pyRepr(this.dilation)}, ceil_mode=${pyRepr(this.ceilMode)}`;
  }
}

/**
 * 1-D average pooling over (N, C, L) inputs.
 * @example new nn.AvgPool1d(3, { stride: 2 })(torch.randn(1, 4, 11)).shape // [1, 4, 5]
 */
export class AvgPool1d extends Module {
  kernelSize: number[];
  stride: number[];
  padding: number[];
  ceilMode: boolean;
  countIncludePad: boolean;

  constructor(kernelSize: IntOrTuple, ...args: Args<[stride: IntOrTuple | null, padding: IntOrTuple, ceilMode: boolean, countIncludePad: boolean], Omit<AvgPool2dOptions, 'divisorOverride'>>) {
    super();
    const where = 'AvgPool1d()';
    const o = parseArgs<Required<Omit<AvgPool2dOptions, 'divisorOverride'>>>(where, args, ['stride', 'padding', 'ceilMode', 'countIncludePad'],
      { stride: null, padding: 0, ceilMode: false, countIncludePad: true });
    this.kernelSize = checkIntTuple(where, 'kernelSize', kernelSize, 1, 1);
    this.stride = o.stride === null ? this.kernelSize : checkIntTuple(where, 'stride', o.stride, 1, 1);
    this.padding = checkIntTuple(where, 'padding', o.padding, 1, 0);
    this.ceilMode = checkBool(where, 'ceilMode', o.ceilMode);
    this.countIncludePad = checkBool(where, 'countIncludePad', o.countIncludePad);
  }

  forward(input: Tensor): Tensor {
    return F.avgPool1d(input, this.kernelSize, this.stride, this.padding, this.ceilMode, this.countIncludePad);
  }

  override extraRepr(): string {
    return `kernel_size=${pyRepr(this.kernelSize)}, stride=${pyRepr(this.stride)}, padding=${pyRepr(this.padding)}`;
  }
}

/**
 * 2-D adaptive max pooling to a fixed output size (null keeps that input dimension).
 * @example new nn.AdaptiveMaxPool2d(1)(torch.randn(2, 64, 7, 7)).shape // [2, 64, 1, 1]
 */
export class AdaptiveMaxPool2d extends Module {
  outputSize: number | readonly (number | null)[];
  returnIndices: boolean;

  constructor(outputSize: number | readonly (number | null)[], options: { returnIndices?: boolean } | boolean = {}) {
    super();
    const where = 'AdaptiveMaxPool2d()';
    const v = outputSize;
    if (typeof v === 'number') checkInt(where, 'outputSize', v, 0);
    else if (Array.isArray(v) && v.length === 2) v.forEach((e: unknown, i: number) => { if (e !== null) checkInt(where, `outputSize[${i}]`, e, 0); });
    else throw new TypeError(`${where}: outputSize must be an integer or an array of 2 integers or nulls (got ${describeValue(v)})`);
    this.outputSize = v;
    const o = parseArgs<{ returnIndices: boolean }>(where, [options], ['returnIndices'], { returnIndices: false });
    this.returnIndices = checkBool(where, 'returnIndices', o.returnIndices);
  }

  forward(input: Tensor): Tensor {
    if (this.returnIndices) return F.adaptiveMaxPool2d(input, this.outputSize, { returnIndices: true }) as unknown as Tensor;
    return F.adaptiveMaxPool2d(input, this.outputSize);
  }

  override extraRepr(): string {
    return `output_size=${pyRepr(this.outputSize)}`;
  }
}
