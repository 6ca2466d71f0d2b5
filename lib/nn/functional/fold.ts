// nn.functional's fold and unfold (torch/nn/functional.py, the layers of
// torch/nn/modules/fold.py): sliding local blocks to columns and back (im2col, col2im).
import { Tensor } from '../../tensor.js';
import { ops as atenOps } from '../../ops_namespace.js';
import { parseArgs, checkIntTuple, type KwArgs, type IntOrTuple } from '../../validate.js';
import { input } from './_args.js';

/** Options of unfold. */
export interface UnfoldFnOptions {
  kernelSize?: IntOrTuple;
  dilation?: IntOrTuple;
  padding?: IntOrTuple;
  stride?: IntOrTuple;
}

/** Options of fold. */
export interface FoldFnOptions extends UnfoldFnOptions {
  /** Spatial size (H, W) of the output. */
  outputSize?: IntOrTuple;
}

type Im2col = (...a: unknown[]) => Tensor;

/**
 * Extracts sliding local blocks of a (N, C, H, W) or (C, H, W) input into columns:
 * (N, C * kH * kW, L), L the number of blocks.
 * @example F.unfold(torch.randn(1, 3, 10, 12), [2, 3]).shape // [1, 18, 99]
 */
export function unfold(x: Tensor, ...args: KwArgs<[kernelSize: IntOrTuple, dilation: IntOrTuple, padding: IntOrTuple, stride: IntOrTuple], ['kernelSize'], UnfoldFnOptions>): Tensor {
  const where = 'F.unfold()';
  const o = parseArgs<UnfoldFnOptions>(where, args, ['kernelSize', 'dilation', 'padding', 'stride'], { dilation: 1, padding: 0, stride: 1 }, ['kernelSize']);
  input(where, x);
  return (atenOps.aten.im2col as unknown as Im2col)(x, checkIntTuple(where, 'kernelSize', o.kernelSize, 2), checkIntTuple(where, 'dilation', o.dilation, 2),
    checkIntTuple(where, 'padding', o.padding, 2), checkIntTuple(where, 'stride', o.stride, 2));
}

/**
 * Sums columns of sliding local blocks, (N, C * kH * kW, L) or (C * kH * kW, L), back into a
 * (N, C, H, W) or (C, H, W) tensor: the inverse of unfold where blocks do not overlap.
 * @example F.fold(torch.randn(1, 12, 9), [4, 5], 2).shape // [1, 3, 4, 5]
 */
export function fold(x: Tensor, ...args: KwArgs<[outputSize: IntOrTuple, kernelSize: IntOrTuple, dilation: IntOrTuple, padding: IntOrTuple, stride: IntOrTuple], ['outputSize', 'kernelSize'], FoldFnOptions>): Tensor {
  const where = 'F.fold()';
  const o = parseArgs<FoldFnOptions>(where, args, ['outputSize', 'kernelSize', 'dilation', 'padding', 'stride'], { dilation: 1, padding: 0, stride: 1 },
    ['outputSize', 'kernelSize']);
  input(where, x);
  return (atenOps.aten.col2im as unknown as Im2col)(x, checkIntTuple(where, 'outputSize', o.outputSize, 2), checkIntTuple(where, 'kernelSize', o.kernelSize, 2),
    checkIntTuple(where, 'dilation', o.dilation, 2), checkIntTuple(where, 'padding', o.padding, 2), checkIntTuple(where, 'stride', o.stride, 2));
}
