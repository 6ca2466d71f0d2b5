// The convolutions, as torch/nn/modules/conv.py (_ConvNd, _ConvTransposeNd).
import type { Tensor } from '../../tensor.js';
import { empty } from '../../generated/functions.js';
import { Module } from './module.js';
import { Parameter } from '../parameter.js';
import * as init from '../init.js';
import * as F from '../functional.js';
import { factoryKwargs, type FactoryOptions } from './linear.js';
import { parseArgs, checkInt, checkBool, checkChoice, checkIntTuple, isPlainObject, type KwArgs, type IntOrTuple } from '../../validate.js';
import { pyRepr, pySize } from '../_utils.js';

/** How a convolution pads its input. */
export type PaddingMode = 'zeros' | 'reflect' | 'replicate' | 'circular';

/** Options of Conv1d, Conv2d and Conv3d. */
export interface ConvOptions extends FactoryOptions {
  stride?: IntOrTuple;
  /** Padding per side, or 'valid' (none) or 'same' (keep the size; stride 1 only). */
  padding?: IntOrTuple | 'valid' | 'same';
  dilation?: IntOrTuple;
  groups?: number;
  bias?: boolean;
  paddingMode?: PaddingMode;
}

/** Every argument of Conv1d/2d/3d by name, as Python allows (`nn.Conv2d(in_channels=1, out_channels=32, kernel_size=3)`). */
export interface ConvKeywords extends ConvOptions {
  inChannels?: number;
  outChannels?: number;
  kernelSize?: IntOrTuple;
}

/** Options of ConvTranspose1d/2d/3d. */
export interface ConvTransposeOptions extends Omit<ConvOptions, 'padding' | 'paddingMode'> {
  padding?: IntOrTuple;
  /** Extra size added to one side of each output dimension (to pick among the sizes a stride allows). */
  outputPadding?: IntOrTuple;
  /** Only 'zeros' is supported, as in PyTorch. */
  paddingMode?: 'zeros';
}

/** Every argument of ConvTranspose1d/2d/3d by name. */
export interface ConvTransposeKeywords extends ConvTransposeOptions {
  inChannels?: number;
  outChannels?: number;
  kernelSize?: IntOrTuple;
}

/** The arguments of Conv1d/2d/3d: Python's positional order, or any of them by name. */
export type ConvArgs = KwArgs<[inChannels: number, outChannels: number, kernelSize: IntOrTuple, stride: IntOrTuple,
  padding: IntOrTuple | 'valid' | 'same', dilation: IntOrTuple, groups: number, bias: boolean, paddingMode: PaddingMode],
  ['inChannels', 'outChannels', 'kernelSize'], ConvKeywords>;

/** The arguments of ConvTranspose1d/2d/3d: Python's positional order, or any of them by name. */
export type ConvTransposeArgs = KwArgs<[inChannels: number, outChannels: number, kernelSize: IntOrTuple, stride: IntOrTuple,
  padding: IntOrTuple, outputPadding: IntOrTuple, groups: number, bias: boolean, dilation: IntOrTuple, paddingMode: 'zeros'],
  ['inChannels', 'outChannels', 'kernelSize'], ConvTransposeKeywords>;

type ConvFn = (x: Tensor, weight: Tensor, bias: Tensor | null, stride: number[], padding: number[] | 'valid' | 'same' | number, dilation: number[], groups: number) => Tensor;

/**
 * The shared part of the convolutions (PyTorch's _ConvNd): parses Python's arguments (positional
 * or by name; `n` spatial dimensions), creates `weight` and `bias` and initialises them as PyTorch.
 * @example model.apply((m) => { if (m instanceof nn.ConvNd) nn.init.kaimingNormal_(m.weight, { mode: 'fan_out', nonlinearity: 'relu' }); });
 */
export abstract class ConvNd extends Module {
  inChannels: number;
  outChannels: number;
  kernelSize: number[];
  stride: number[];
  padding: number[] | 'valid' | 'same';
  dilation: number[];
  transposed: boolean;
  outputPadding: number[];
  groups: number;
  paddingMode: PaddingMode;
  weight: Parameter;
  bias: Parameter | null;
  /** @internal F.pad amounts for non-zero padding modes. */
  _reversedPaddingRepeatedTwice: number[];

  /**
   * `n` spatial dimensions; `where` names the class in messages (`'Conv2d()'`); `args` are the
   * subclass constructor's arguments, in Python's order of Conv*d (or ConvTranspose*d when
   * `transposed`).
   */
  constructor(n: number, where: string, transposed: boolean, args: readonly unknown[]) {
    super();
    type O = ConvKeywords & { outputPadding?: IntOrTuple };
    const required = ['inChannels', 'outChannels', 'kernelSize'] as const;
    const defaults = { stride: 1, padding: 0, outputPadding: 0, dilation: 1, groups: 1, bias: true, paddingMode: 'zeros' } as const;
    const o = transposed
      ? parseArgs<O>(where, args, ['inChannels', 'outChannels', 'kernelSize', 'stride', 'padding', 'outputPadding', 'groups', 'bias', 'dilation', 'paddingMode', 'device', 'dtype'], defaults, required)
      : parseArgs<O>(where, args, ['inChannels', 'outChannels', 'kernelSize', 'stride', 'padding', 'dilation', 'groups', 'bias', 'paddingMode', 'device', 'dtype'], defaults, required);
    this.transposed = transposed;
    this.inChannels = checkInt(where, 'inChannels', o.inChannels, 0);
    this.outChannels = checkInt(where, 'outChannels', o.outChannels, 0);
    this.kernelSize = checkIntTuple(where, 'kernelSize', o.kernelSize, n, 1);
    this.stride = checkIntTuple(where, 'stride', o.stride, n, 1);
    this.dilation = checkIntTuple(where, 'dilation', o.dilation, n, 1);
    const groups = checkInt(where, 'groups', o.groups);
    if (groups <= 0) throw new RangeError(`${where}: groups must be a positive integer (got ${groups})`);
    if (this.inChannels % groups !== 0) throw new RangeError(`${where}: inChannels must be divisible by groups (got ${this.inChannels} and ${groups})`);
    if (this.outChannels % groups !== 0) throw new RangeError(`${where}: outChannels must be divisible by groups (got ${this.outChannels} and ${groups})`);
    this.groups = groups;
    if (typeof o.padding === 'string') {
      if (transposed) throw new TypeError(`${where}: padding must be an integer or an array of ${n} integers (got "${o.padding}")`);
      this.padding = checkChoice(where, 'padding', o.padding, ['valid', 'same'] as const);
      if (this.padding === 'same' && this.stride.some((s) => s !== 1)) {
        throw new RangeError(`${where}: padding='same' is not supported for strided convolutions`);
      }
    } else {
      this.padding = checkIntTuple(where, 'padding', o.padding, n, 0);
    }
    this.paddingMode = checkChoice(where, 'paddingMode', o.paddingMode, ['zeros', 'reflect', 'replicate', 'circular']);
    if (transposed && this.paddingMode !== 'zeros') throw new RangeError(`${where}: Only "zeros" padding mode is supported for ${where.slice(0, -2)}`);
    this.outputPadding = checkIntTuple(where, 'outputPadding', o.outputPadding, n, 0);
    if (this.padding === 'same') {
      this._reversedPaddingRepeatedTwice = new Array<number>(2 * n).fill(0);
      for (let d = 0; d < n; d++) {
        const total = this.dilation[d]! * (this.kernelSize[d]! - 1);
        const left = Math.floor(total / 2);
        const i = 2 * (n - d - 1);
        this._reversedPaddingRepeatedTwice[i] = left;
        this._reversedPaddingRepeatedTwice[i + 1] = total - left;
      }
    } else if (this.padding === 'valid') {
      this._reversedPaddingRepeatedTwice = new Array<number>(2 * n).fill(0);
    } else {
      this._reversedPaddingRepeatedTwice = [...this.padding].reverse().flatMap((p) => [p, p]);
    }
    const kw = factoryKwargs(o);
    const shape = transposed ? [this.inChannels, this.outChannels / groups] : [this.outChannels, this.inChannels / groups];
    this.weight = new Parameter(empty([...shape, ...this.kernelSize], kw));
    this.bias = checkBool(where, 'bias', o.bias) ? new Parameter(empty(this.outChannels, kw)) : null;
    this.resetParameters();
  }

  /** Re-initialises weight and bias as the constructor does. @example conv.resetParameters() */
  resetParameters(): void {
    init.kaimingUniform_(this.weight, Math.sqrt(5));
    if (this.bias !== null) {
      const [fanIn] = init.calculateFanInAndFanOut(this.weight);
      const bound = fanIn > 0 ? 1 / Math.sqrt(fanIn) : 0;
      init.uniform_(this.bias, -bound, bound);
    }
  }

  /** @internal */
  _convForward(input: Tensor, conv: ConvFn): Tensor {
    if (this.paddingMode !== 'zeros') {
      const padded = F.pad(input, this._reversedPaddingRepeatedTwice, { mode: this.paddingMode });
      return conv(padded, this.weight, this.bias, this.stride, 0, this.dilation, this.groups);
    }
    return conv(input, this.weight, this.bias, this.stride, this.padding, this.dilation, this.groups);
  }

  override extraRepr(): string {
    let s = `${this.inChannels}, ${this.outChannels}, kernel_size=${pyRepr(this.kernelSize)}, stride=${pyRepr(this.stride)}`;
    if (typeof this.padding === 'string' || this.padding.some((p) => p !== 0)) s += `, padding=${typeof this.padding === 'string' ? this.padding : pyRepr(this.padding)}`;
    if (this.dilation.some((d) => d !== 1)) s += `, dilation=${pyRepr(this.dilation)}`;
    if (this.outputPadding.some((p) => p !== 0)) s += `, output_padding=${pyRepr(this.outputPadding)}`;
    if (this.groups !== 1) s += `, groups=${this.groups}`;
    if (this.bias === null) s += ', bias=False';
    if (this.paddingMode !== 'zeros') s += `, padding_mode=${this.paddingMode}`;
    return s;
  }
}

/**
 * 1-D convolution over (N, C, L) or (C, L) inputs; default initialisation as PyTorch's.
 * @example
 * const conv = new nn.Conv1d(16, 33, 3, { stride: 2 });
 * conv(torch.randn(20, 16, 50)).shape // [20, 33, 24]
 * new nn.Conv1d({ inChannels: 16, outChannels: 33, kernelSize: 3 });
 */
export class Conv1d extends ConvNd {
  constructor(...args: ConvArgs) {
    super(1, 'Conv1d()', false, args);
  }
  forward(input: Tensor): Tensor {
    return this._convForward(input, F.conv1d);
  }
}

/**
 * 2-D convolution over (N, C, H, W) or (C, H, W) inputs; default initialisation as PyTorch's.
 * @example
 * const conv = new nn.Conv2d(1, 32, 3, { padding: 1 });
 * conv(torch.randn(8, 1, 28, 28)).shape // [8, 32, 28, 28]
 * new nn.Conv2d(3, 64, { kernelSize: 7, stride: 2 }); new nn.Conv2d({ inChannels: 1, outChannels: 32, kernelSize: 3 });
 */
export class Conv2d extends ConvNd {
  constructor(...args: ConvArgs) {
    super(2, 'Conv2d()', false, args);
  }
  forward(input: Tensor): Tensor {
    return this._convForward(input, F.conv2d);
  }
}

/**
 * 3-D convolution over (N, C, D, H, W) or (C, D, H, W) inputs; default initialisation as PyTorch's.
 * @example
 * const conv = new nn.Conv3d(16, 33, [3, 5, 2], { stride: [2, 1, 1], padding: [4, 2, 0] });
 * conv(torch.randn(20, 16, 10, 50, 100)).shape // [20, 33, 8, 50, 99]
 */
export class Conv3d extends ConvNd {
  constructor(...args: ConvArgs) {
    super(3, 'Conv3d()', false, args);
  }
  forward(input: Tensor): Tensor {
    return this._convForward(input, F.conv3d);
  }
}

/** ConvTranspose's `forward(input, outputSize)`: the size (spatial, or with batch and channels), also by name. */
export type OutputSizeArg = readonly number[] | null | undefined | { outputSize?: readonly number[] | null };

/**
 * The shared part of the transposed convolutions (PyTorch's _ConvTransposeNd): `forward(x,
 * outputSize)` picks the output size among those the stride allows.
 * @example const up = new nn.ConvTranspose2d(16, 8, 2, { stride: 2 }); up instanceof nn.ConvTransposeNd // true
 */
export abstract class ConvTransposeNd extends ConvNd {
  /** @internal */
  _transposedForward(n: number, input: Tensor, outputSize: OutputSizeArg): Tensor {
    const size = isPlainObject(outputSize)
      ? parseArgs<{ outputSize?: readonly number[] | null }>(`${this.constructor.name}.forward()`, [outputSize], ['outputSize'], {}).outputSize
      : outputSize;
    const outputPadding = this._outputPadding(input, size ?? null, n);
    const fn = n === 1 ? F.convTranspose1d : n === 2 ? F.convTranspose2d : F.convTranspose3d;
    return fn(input, this.weight, this.bias, this.stride, this.padding as number[], outputPadding, this.groups, this.dilation);
  }

  /** @internal PyTorch's _ConvTransposeNd._output_padding. */
  _outputPadding(input: Tensor, outputSize: readonly number[] | null, nSpatial: number): number[] {
    if (outputSize === null) return this.outputPadding;
    const nonSpatial = input.dim() === nSpatial + 2 ? 2 : 1;
    let size = checkIntTuple(`${this.constructor.name}.forward()`, 'outputSize', outputSize, 0);
    if (size.length === nonSpatial + nSpatial) size = size.slice(nonSpatial);
    if (size.length !== nSpatial) {
      throw new RangeError(`ConvTranspose${nSpatial}D: for ${input.dim()}D input, output_size must have ${nSpatial} or ${nonSpatial + nSpatial} elements (got ${size.length})`);
    }
    const shape = input.shape;
    const padding = this.padding as number[];
    const minSizes: number[] = [];
    const maxSizes: number[] = [];
    for (let d = 0; d < nSpatial; d++) {
      minSizes.push((shape[d + nonSpatial]! - 1) * this.stride[d]! - 2 * padding[d]! + this.dilation[d]! * (this.kernelSize[d]! - 1) + 1);
      maxSizes.push(minSizes[d]! + this.stride[d]! - 1);
    }
    size.forEach((s, i) => {
      if (s < minSizes[i]! || s > maxSizes[i]!) {
        throw new RangeError(`requested an output size of [${size.join(', ')}], but valid sizes range from [${minSizes.join(', ')}] to [${maxSizes.join(', ')}] (for an input of ${pySize(shape.slice(2))})`);
      }
    });
    return size.map((s, d) => s - minSizes[d]!);
  }
}

/**
 * 1-D transposed convolution (the gradient of Conv1d with respect to its input) over (N, C, L)
 * or (C, L) inputs.
 * @example
 * const up = new nn.ConvTranspose1d(16, 8, 3, { stride: 2 });
 * up(torch.randn(1, 16, 10)).shape // [1, 8, 21]
 * up(torch.randn(1, 16, 10), [22]).shape // [1, 8, 22]
 * up(torch.randn(1, 16, 10), { outputSize: [22] }).shape // [1, 8, 22]
 */
export class ConvTranspose1d extends ConvTransposeNd {
  constructor(...args: ConvTransposeArgs) {
    super(1, 'ConvTranspose1d()', true, args);
  }
  forward(input: Tensor, outputSize?: OutputSizeArg): Tensor {
    return this._transposedForward(1, input, outputSize);
  }
}

/**
 * 2-D transposed convolution (the gradient of Conv2d with respect to its input), over (N, C, H, W)
 * inputs; `forward(x, outputSize)` picks the output size among those the stride allows.
 * @example const up = new nn.ConvTranspose2d(16, 8, 2, { stride: 2 }); up(torch.randn(1, 16, 7, 7)).shape // [1, 8, 14, 14]
 */
export class ConvTranspose2d extends ConvTransposeNd {
  constructor(...args: ConvTransposeArgs) {
    super(2, 'ConvTranspose2d()', true, args);
  }
  forward(input: Tensor, outputSize?: OutputSizeArg): Tensor {
    return this._transposedForward(2, input, outputSize);
  }
}

/**
 * 3-D transposed convolution over (N, C, D, H, W) or (C, D, H, W) inputs.
 * @example const up = new nn.ConvTranspose3d(16, 8, 2, { stride: 2 }); up(torch.randn(1, 16, 4, 4, 4)).shape // [1, 8, 8, 8, 8]
 */
export class ConvTranspose3d extends ConvTransposeNd {
  constructor(...args: ConvTransposeArgs) {
    super(3, 'ConvTranspose3d()', true, args);
  }
  forward(input: Tensor, outputSize?: OutputSizeArg): Tensor {
    return this._transposedForward(3, input, outputSize);
  }
}
