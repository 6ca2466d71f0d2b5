// The vision package's stand-in for a PIL image: what torchvision's datasets hand to transforms.
// torchvision's transforms take PIL images and tensors and keep the type (Resize of a PIL image is
// a PIL image; ToTensor turns a PIL image into floats in [0, 1]); ports keep those pipelines as
// written when datasets give `Image`s and transforms accept both. The pixels are a uint8 C x H x W
// tensor (torchvision.io's layout), so every transform runs torchvision's tensor algorithm on them.
import { Tensor } from '../tensor.js';
import { argTypeError, describeValue } from '../validate.js';

/** PIL's image modes that torchvision's datasets and io produce: gray, gray + alpha, RGB, RGBA. */
export type ImageMode = 'L' | 'LA' | 'RGB' | 'RGBA';

const CHANNELS: Readonly<Record<ImageMode, number>> = { L: 1, LA: 2, RGB: 3, RGBA: 4 };
const MODE_OF_CHANNELS: readonly (ImageMode | undefined)[] = [undefined, 'L', 'LA', 'RGB', 'RGBA'];

/**
 * An 8-bit image (PIL's `Image` in torchvision programs): `data` is a uint8 tensor C x H x W,
 * `mode` names the channels. Datasets (ImageFolder, CIFAR10, SVHN, FakeData) return these;
 * transforms keep them images until `ToTensor()` (floats in [0, 1]) or `PILToTensor()` (the
 * uint8 tensor).
 * @example
 * const img = new Image(torch.zeros([3, 32, 32], { dtype: 'uint8' }));
 * img.size // [32, 32] (width, height, as PIL's)
 * img.mode // 'RGB'
 */
export class Image {
  /** The pixels: uint8, C x H x W, C = 1 (L), 2 (LA), 3 (RGB) or 4 (RGBA). */
  readonly data: Tensor;
  /** PIL's mode: 'L', 'LA', 'RGB' or 'RGBA'. */
  readonly mode: ImageMode;

  /**
   * Wraps a uint8 C x H x W tensor (not copied). The mode defaults to the one its channel count
   * names; a given mode must agree with it.
   * @example new Image(torch.full([1, 28, 28], 255, { dtype: 'uint8' }), 'L')
   */
  constructor(data: Tensor, mode?: ImageMode) {
    if (!(data instanceof Tensor)) throw argTypeError('Image', 'data', 'a uint8 tensor C x H x W', data);
    if (data.dtype !== 'uint8') throw new TypeError(`Image: data should be a uint8 tensor (got ${data.dtype})`);
    if (data.dim() !== 3) throw new RangeError(`Image: data should be C x H x W (got shape [${data.shape.join(', ')}])`);
    const c = data.shape[0]!;
    const implied = MODE_OF_CHANNELS[c];
    if (implied === undefined) throw new RangeError(`Image: data should have 1, 2, 3 or 4 channels (got ${c})`);
    if (mode !== undefined && CHANNELS[mode] === undefined) {
      throw new TypeError(`Image: mode should be one of 'L', 'LA', 'RGB', 'RGBA' (got ${describeValue(mode)})`);
    }
    if (mode !== undefined && CHANNELS[mode] !== c) throw new RangeError(`Image: mode '${mode}' has ${CHANNELS[mode]} channels but data has ${c}`);
    this.data = data;
    this.mode = mode ?? implied;
  }

  /** Width in pixels. @example img.width */
  get width(): number { return this.data.shape[2]!; }
  /** Height in pixels. @example img.height */
  get height(): number { return this.data.shape[1]!; }
  /** PIL's `size`: [width, height]. @example const [w, h] = img.size; */
  get size(): [number, number] { return [this.width, this.height]; }
  /** Channel count of the mode. @example img.channels // 3 */
  get channels(): number { return CHANNELS[this.mode]; }

  /** PIL's repr, e.g. `<Image mode=RGB size=32x32>`. @example String(img) */
  toString(): string { return `<Image mode=${this.mode} size=${this.width}x${this.height}>`; }
}

/** The channel count of a mode. @example channelsOf('RGB') // 3 */
export function channelsOf(mode: ImageMode): number { return CHANNELS[mode]; }
