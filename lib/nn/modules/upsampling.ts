// Upsample, UpsamplingNearest2d and UpsamplingBilinear2d, as torch/nn/modules/upsampling.py.
import type { Tensor } from '../../tensor.js';
import { Module } from './module.js';
import * as F from '../functional.js';
import { parseArgs, type Args } from '../../validate.js';
import { pyRepr, pyFloat } from '../_utils.js';
import type { InterpolateMode, InterpolateOptions } from '../functional.js';

/** Options of Upsample. */
export type UpsampleOptions = Omit<InterpolateOptions, 'antialias'>;

/** Options of UpsamplingNearest2d and UpsamplingBilinear2d. */
export type UpsamplingOptions = Pick<InterpolateOptions, 'size' | 'scaleFactor'>;

/** An output size: one int for every spatial dimension, one per dimension, or null. */
export type UpsampleSize = number | readonly number[] | null;

/**
 * Up/down-samples (N, C, L), (N, C, H, W) or (N, C, D, H, W) inputs to a size or by a scale
 * factor (F.interpolate as a layer); every argument positionally or by name, as in PyTorch.
 * @example
 * new nn.Upsample({ scaleFactor: 2, mode: 'nearest' })(torch.randn(1, 3, 8, 8)).shape // [1, 3, 16, 16]
 * new nn.Upsample([4, 5], null, 'bilinear');
 */
export class Upsample extends Module {
  size: UpsampleSize;
  scaleFactor: number | readonly number[] | null;
  mode: InterpolateMode;
  alignCorners: boolean | null;
  recomputeScaleFactor: boolean | null;

  constructor(...args: Args<[size: UpsampleSize, scaleFactor: number | readonly number[] | null, mode: InterpolateMode, alignCorners: boolean | null, recomputeScaleFactor: boolean | null], UpsampleOptions>) {
    super();
    const o = parseArgs<UpsampleOptions>(`${new.target.name}()`, args, ['size', 'scaleFactor', 'mode', 'alignCorners', 'recomputeScaleFactor'], { mode: 'nearest' });
    this.size = o.size ?? null;
    const s = o.scaleFactor ?? null;
    // As Python's `float(scale_factor) if scale_factor else None`: a zero scale is no scale.
    this.scaleFactor = Array.isArray(s) ? [...s] : s === 0 ? null : s;
    this.mode = o.mode!;
    this.alignCorners = o.alignCorners ?? null;
    this.recomputeScaleFactor = o.recomputeScaleFactor ?? null;
  }

  forward(input: Tensor): Tensor {
    return F.interpolate(input, this.size, this.scaleFactor, this.mode, this.alignCorners, { recomputeScaleFactor: this.recomputeScaleFactor });
  }

  override extraRepr(): string {
    const s = this.scaleFactor;
    const info = s !== null ? `scale_factor=${typeof s === 'number' ? pyFloat(s) : `(${s.map(pyFloat).join(', ')}${s.length === 1 ? ',' : ''})`}` : `size=${pyRepr(this.size)}`;
    return `${info}, mode=${pyRepr(this.mode)}`;
  }
}

/**
 * Nearest-neighbour upsampling of (N, C, H, W) inputs (PyTorch keeps it for old code; prefer
 * F.interpolate or Upsample).
 * @example new nn.UpsamplingNearest2d({ scaleFactor: 2 })(torch.randn(1, 1, 2, 2)).shape // [1, 1, 4, 4]
 */
export class UpsamplingNearest2d extends Upsample {
  constructor(...args: Args<[size: UpsampleSize, scaleFactor: number | readonly number[] | null], UpsamplingOptions>) {
    const o = parseArgs<UpsamplingOptions>('UpsamplingNearest2d()', args, ['size', 'scaleFactor'], {});
    super(o.size ?? null, o.scaleFactor ?? null, 'nearest');
  }
}

/**
 * Bilinear upsampling of (N, C, H, W) inputs with alignCorners true (PyTorch keeps it for old
 * code; prefer F.interpolate or Upsample).
 * @example new nn.UpsamplingBilinear2d([5, 7])(torch.randn(1, 1, 2, 3)).shape // [1, 1, 5, 7]
 */
export class UpsamplingBilinear2d extends Upsample {
  constructor(...args: Args<[size: UpsampleSize, scaleFactor: number | readonly number[] | null], UpsamplingOptions>) {
    const o = parseArgs<UpsamplingOptions>('UpsamplingBilinear2d()', args, ['size', 'scaleFactor'], {});
    super(o.size ?? null, o.scaleFactor ?? null, 'bilinear', true);
  }
}
