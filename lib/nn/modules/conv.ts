// Conv1d and Conv2d, as torch/nn/modules/conv.py (_ConvNd).
import type { Tensor } from '../../tensor.js';
import { empty } from '../../generated/functions.js';
import { Module } from './module.js';
import { Parameter } from '../parameter.js';
import * as init from '../init.js';
import * as F from '../functional.js';
import { factoryKwargs, type FactoryOptions } from './linear.js';
import { parseArgs, checkInt, checkBool, checkChoice, checkIntTuple, type Args, type IntOrTuple } from '../../validate.js';
import { pyRepr, pySize } from '../_utils.js';

/** How a convolution pads its input. */
export type PaddingMode = 'zeros' | 'reflect' | 'replicate' | 'circular';

/** Options of ConvTranspose2d. */
export interface ConvTransposeOptions extends Omit<ConvOptions, 'padding'> {
  padding?: IntOrTuple;
  /** Extra size added to one side of each output dimension (to pick among the sizes a stride allows). */
  outputPadding?: IntOrTuple;
}

/** Options of Conv1d and Conv2d. */
export interface ConvOptions extends FactoryOptions {
  stride?: IntOrTuple;
  /** Padding per side, or 'valid' (none) or 'same' (keep the size; stride 1 only). */
  padding?: IntOrTuple | 'valid' | 'same';
  dilation?: IntOrTuple;
  groups?: number;
  bias?: boolean;
  paddingMode?: PaddingMode;
}

type ConvPositional = [stride: IntOrTuple, padding: IntOrTuple | 'valid' | 'same', dilation: IntOrTuple, groups: number, bias: boolean, paddingMode: PaddingMode];

/**
 * The shared part of Conv1d and Conv2d (PyTorch's _ConvNd).
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

  constructor(n: number, where: string, inChannels: number, outChannels: number, kernelSize: IntOrTuple, args: unknown[], transposed = false) {
    super();
    type O = Required<Omit<ConvTransposeOptions, 'device' | 'dtype'>> & FactoryOptions;
    const o = transposed
      ? parseArgs<O>(where, args, ['stride', 'padding', 'outputPadding', 'groups', 'bias', 'dilation', 'paddingMode', 'device', 'dtype'],
        { stride: 1, padding: 0, outputPadding: 0, dilation: 1, groups: 1, bias: true, paddingMode: 'zeros' })
      : parseArgs<O>(where, args, ['stride', 'padding', 'dilation', 'groups', 'bias', 'paddingMode', 'device', 'dtype'],
        { stride: 1, padding: 0, outputPadding: 0, dilation: 1, groups: 1, bias: true, paddingMode: 'zeros' });
    this.transposed = transposed;
    this.inChannels = checkInt(where, 'inChannels', inChannels, 0);
    this.outChannels = checkInt(where, 'outChannels', outChannels, 0);
    this.kernelSize = checkIntTuple(where, 'kernelSize', kernelSize, n, 1);
    this.stride = checkIntTuple(where, 'stride', o.stride, n, 1);
    this.dilation = checkIntTuple(where, 'dilation', o.dilation, n, 1);
    const groups = checkInt(where, 'groups', o.groups);
    if (groups <= 0) throw new RangeError(`${where}: groups must be a positive integer (got ${groups})`);
    if (this.inChannels % groups !== 0) throw new RangeError(`${where}: inChannels must be divisible by groups (got ${this.inChannels} and ${groups})`);
    if (this.outChannels % groups !== 0) throw new RangeError(`${where}: outChannels must be divisible by groups (got ${this.outChannels} and ${groups})`);
    this.groups = groups;
    if (typeof o.padding === 'string') {
      this.padding = checkChoice(where, 'padding', o.padding, ['valid', 'same'] as const);
      if (this.padding === 'same' && this.stride.some((s) => s !== 1)) {
        throw new RangeError(`${where}: padding='same' is not supported for strided convolutions`);
      }
    } else {
      this.padding = checkIntTuple(where, 'padding', o.padding, n, 0);
    }
    this.paddingMode = checkChoice(where, 'paddingMode', o.paddingMode, ['zeros', 'reflect', 'replicate', 'circular']);
    this.outputPadding = checkIntTuple(where, 'outputPadding', o.outputPadding, n, 0);
    if (transposed && typeof this.padding === 'string') throw new TypeError(`${where}: padding must be an integer or an array of ${n} integers`);
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
      if (fanIn !== 0) {
        const bound = 1 / Math.sqrt(fanIn);
        init.uniform_(this.bias, -bound, bound);
      }
    }
  }

  /** @internal */
  _convForward(input: Tensor, conv: typeof F.conv2d): Tensor {
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
 * 1-D convolution over (N, C, L) inputs; default initialisation as PyTorch's.
 * @example const conv = new nn.Conv1d(16, 33, 3, { stride: 2 }); conv(torch.randn(20, 16, 50))
 */
export class Conv1d extends ConvNd {
  constructor(inChannels: number, outChannels: number, kernelSize: IntOrTuple, ...args: Args<ConvPositional, ConvOptions>) {
    super(1, 'Conv1d()', inChannels, outChannels, kernelSize, args);
  }
  forward(input: Tensor): Tensor {
    return this._convForward(input, F.conv1d);
  }
}

/**
 * 2-D convolution over (N, C, H, W) inputs; default initialisation as PyTorch's.
 * @example const conv = new nn.Conv2d(1, 32, 3, { padding: 1 }); conv(torch.randn(8, 1, 28, 28)).shape // [8, 32, 28, 28]
 */
export class Conv2d extends ConvNd {
  constructor(inChannels: number, outChannels: number, kernelSize: IntOrTuple, ...args: Args<ConvPositional, ConvOptions>) {
    super(2, 'Conv2d()', inChannels, outChannels, kernelSize, args);
  }
  forward(input: Tensor): Tensor {
    return this._convForward(input, F.conv2d);
  }
}

/**
 * 2-D transposed convolution (the gradient of Conv2d with respect to its input), over (N, C, H, W)
 * inputs; `forward(x, outputSize)` picks the output size among those the stride allows.
 * @example const up = new nn.ConvTranspose2d(16, 8, 2, { stride: 2 }); up(torch.randn(1, 16, 7, 7)).shape // [1, 8, 14, 14]
 */
export class ConvTranspose2d extends ConvNd {
  constructor(inChannels: number, outChannels: number, kernelSize: IntOrTuple,
    ...args: Args<[stride: IntOrTuple, padding: IntOrTuple, outputPadding: IntOrTuple, groups: number, bias: boolean, dilation: IntOrTuple, paddingMode: 'zeros'], ConvTransposeOptions>) {
    super(2, 'ConvTranspose2d()', inChannels, outChannels, kernelSize, args, true);
  }

  forward(input: Tensor, outputSize?: readonly number[] | null): Tensor {
    if (this.paddingMode !== 'zeros') throw new RangeError('Only `zeros` padding mode is supported for ConvTranspose2d');
    const outputPadding = this._outputPadding(input, outputSize ?? null, 2);
    return F.convTranspose2d(input, this.weight, this.bias, this.stride, this.padding as number[], outputPadding, this.groups, this.dilation);
  }

  /** @internal PyTorch's _ConvTransposeNd._output_padding. */
  _outputPadding(input: Tensor, outputSize: readonly number[] | null, nSpatial: number): number[] {
    if (outputSize === null) return this.outputPadding;
    const nonSpatial = input.dim() === nSpatial + 2 ? 2 : 1;
    let size = [...outputSize];
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
