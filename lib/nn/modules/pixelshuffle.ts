// PixelShuffle and PixelUnshuffle, as torch/nn/modules/pixelshuffle.py.
import type { Tensor } from '../../tensor.js';
import { Module } from './module.js';
import * as F from '../functional.js';
import { parseArgs, checkInt, type KwArgs } from '../../validate.js';

/**
 * Rearranges (*, C * r^2, H, W) into (*, C, H * r, W * r), r = upscaleFactor (efficient sub-pixel
 * convolution).
 * @example new nn.PixelShuffle(3)(torch.randn(1, 9, 4, 4)).shape // [1, 1, 12, 12]
 */
export class PixelShuffle extends Module {
  upscaleFactor: number;
  constructor(...args: KwArgs<[upscaleFactor: number], ['upscaleFactor'], { upscaleFactor?: number }>) {
    super();
    const o = parseArgs<{ upscaleFactor?: number }>('PixelShuffle()', args, ['upscaleFactor'], {}, ['upscaleFactor']);
    this.upscaleFactor = checkInt('PixelShuffle()', 'upscaleFactor', o.upscaleFactor);
  }
  forward(input: Tensor): Tensor {
    return F.pixelShuffle(input, this.upscaleFactor);
  }
  override extraRepr(): string {
    return `upscale_factor=${this.upscaleFactor}`;
  }
}

/**
 * The inverse of PixelShuffle: (*, C, H * r, W * r) into (*, C * r^2, H, W), r = downscaleFactor.
 * @example new nn.PixelUnshuffle({ downscaleFactor: 3 })(torch.randn(1, 1, 12, 12)).shape // [1, 9, 4, 4]
 */
export class PixelUnshuffle extends Module {
  downscaleFactor: number;
  constructor(...args: KwArgs<[downscaleFactor: number], ['downscaleFactor'], { downscaleFactor?: number }>) {
    super();
    const o = parseArgs<{ downscaleFactor?: number }>('PixelUnshuffle()', args, ['downscaleFactor'], {}, ['downscaleFactor']);
    this.downscaleFactor = checkInt('PixelUnshuffle()', 'downscaleFactor', o.downscaleFactor);
  }
  forward(input: Tensor): Tensor {
    return F.pixelUnshuffle(input, this.downscaleFactor);
  }
  override extraRepr(): string {
    return `downscale_factor=${this.downscaleFactor}`;
  }
}
