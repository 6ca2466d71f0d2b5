// nn.functional's pixel_shuffle and pixel_unshuffle (torch/nn/functional.py, the layers of
// torch/nn/modules/pixelshuffle.py).
import { Tensor } from '../../tensor.js';
import * as ops from '../../generated/functions.js';
import { parseArgs, checkInt, type KwArgs } from '../../validate.js';
import { input } from './_args.js';

/**
 * Rearranges (*, C * r^2, H, W) into (*, C, H * r, W * r), r the upscale factor (sub-pixel
 * convolution's upsampling).
 * @example F.pixelShuffle(torch.randn(1, 9, 4, 4), 3).shape // [1, 1, 12, 12]
 */
export function pixelShuffle(x: Tensor, ...args: KwArgs<[upscaleFactor: number], ['upscaleFactor'], { upscaleFactor?: number }>): Tensor {
  const where = 'F.pixelShuffle()';
  const o = parseArgs<{ upscaleFactor?: number }>(where, args, ['upscaleFactor'], {}, ['upscaleFactor']);
  input(where, x);
  return ops.pixelShuffle(x, checkInt(where, 'upscaleFactor', o.upscaleFactor));
}

/**
 * The inverse of pixelShuffle: (*, C, H * r, W * r) into (*, C * r^2, H, W).
 * @example F.pixelUnshuffle(torch.randn(1, 1, 12, 12), 3).shape // [1, 9, 4, 4]
 */
export function pixelUnshuffle(x: Tensor, ...args: KwArgs<[downscaleFactor: number], ['downscaleFactor'], { downscaleFactor?: number }>): Tensor {
  const where = 'F.pixelUnshuffle()';
  const o = parseArgs<{ downscaleFactor?: number }>(where, args, ['downscaleFactor'], {}, ['downscaleFactor']);
  input(where, x);
  return ops.pixelUnshuffle(x, checkInt(where, 'downscaleFactor', o.downscaleFactor));
}
