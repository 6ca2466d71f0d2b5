// Fold and Unfold, as torch/nn/modules/fold.py: sliding local blocks to columns and back.
import type { Tensor } from '../../tensor.js';
import { Module } from './module.js';
import * as F from '../functional.js';
import { parseArgs, checkIntTuple, type KwArgs, type IntOrTuple } from '../../validate.js';
import { pyRepr } from '../_utils.js';

/** Every argument of Unfold by name. */
export interface UnfoldKeywords {
  kernelSize?: IntOrTuple;
  dilation?: IntOrTuple;
  padding?: IntOrTuple;
  stride?: IntOrTuple;
}

/** Every argument of Fold by name. */
export interface FoldKeywords extends UnfoldKeywords {
  /** Spatial size (H, W) of the output. */
  outputSize?: IntOrTuple;
}

// The sizes as given (an int or a pair), as Python keeps and prints them; checked here so a bad
// one fails at construction.
function sizeArg(where: string, name: string, v: unknown): IntOrTuple {
  checkIntTuple(where, name, v, 2);
  return Array.isArray(v) ? [...(v as number[])] : (v as number);
}

/**
 * Sums columns of sliding local blocks, (N, C * prod(kernelSize), L) or unbatched, into a
 * (N, C, outputSize) tensor (the inverse of Unfold where blocks do not overlap).
 * @example new nn.Fold([4, 5], [2, 2])(torch.randn(1, 12, 12)).shape // [1, 3, 4, 5]
 */
export class Fold extends Module {
  outputSize: IntOrTuple;
  kernelSize: IntOrTuple;
  dilation: IntOrTuple;
  padding: IntOrTuple;
  stride: IntOrTuple;

  constructor(...args: KwArgs<[outputSize: IntOrTuple, kernelSize: IntOrTuple, dilation: IntOrTuple, padding: IntOrTuple, stride: IntOrTuple], ['outputSize', 'kernelSize'], FoldKeywords>) {
    super();
    const where = 'Fold()';
    const o = parseArgs<FoldKeywords>(where, args, ['outputSize', 'kernelSize', 'dilation', 'padding', 'stride'], { dilation: 1, padding: 0, stride: 1 },
      ['outputSize', 'kernelSize']);
    this.outputSize = sizeArg(where, 'outputSize', o.outputSize);
    this.kernelSize = sizeArg(where, 'kernelSize', o.kernelSize);
    this.dilation = sizeArg(where, 'dilation', o.dilation);
    this.padding = sizeArg(where, 'padding', o.padding);
    this.stride = sizeArg(where, 'stride', o.stride);
  }

  forward(input: Tensor): Tensor {
    return F.fold(input, this.outputSize, this.kernelSize, this.dilation, this.padding, this.stride);
  }

  override extraRepr(): string {
    return `output_size=${pyRepr(this.outputSize)}, kernel_size=${pyRepr(this.kernelSize)}, dilation=${pyRepr(this.dilation)}, ` +
      `padding=${pyRepr(this.padding)}, stride=${pyRepr(this.stride)}`;
  }
}

/**
 * Extracts sliding local blocks of (N, C, H, W) or (C, H, W) inputs into columns,
 * (N, C * prod(kernelSize), L).
 * @example new nn.Unfold({ kernelSize: [2, 3] })(torch.randn(2, 5, 3, 4)).shape // [2, 30, 4]
 */
export class Unfold extends Module {
  kernelSize: IntOrTuple;
  dilation: IntOrTuple;
  padding: IntOrTuple;
  stride: IntOrTuple;

  constructor(...args: KwArgs<[kernelSize: IntOrTuple, dilation: IntOrTuple, padding: IntOrTuple, stride: IntOrTuple], ['kernelSize'], UnfoldKeywords>) {
    super();
    const where = 'Unfold()';
    const o = parseArgs<UnfoldKeywords>(where, args, ['kernelSize', 'dilation', 'padding', 'stride'], { dilation: 1, padding: 0, stride: 1 }, ['kernelSize']);
    this.kernelSize = sizeArg(where, 'kernelSize', o.kernelSize);
    this.dilation = sizeArg(where, 'dilation', o.dilation);
    this.padding = sizeArg(where, 'padding', o.padding);
    this.stride = sizeArg(where, 'stride', o.stride);
  }

  forward(input: Tensor): Tensor {
    return F.unfold(input, this.kernelSize, this.dilation, this.padding, this.stride);
  }

  override extraRepr(): string {
    return `kernel_size=${pyRepr(this.kernelSize)}, dilation=${pyRepr(this.dilation)}, padding=${pyRepr(this.padding)}, stride=${pyRepr(this.stride)}`;
  }
}
