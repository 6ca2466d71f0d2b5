// torchvision.transforms._presets: the inference presets that weights entries build
// (`weights.transforms()`). ImageClassification: resize (antialiased), center crop, to float,
// normalize, over transforms.functional (torchvision's tensor algorithm).
import { Tensor } from '../../tensor.js';
import { Module } from '../../nn/modules/module.js';
import { Image } from '../image.js';
import { argTypeError, describeValue, isPlainObject } from '../../validate.js';
import { resize, centerCrop, type InterpolationMode } from './functional/geometry.js';
import { pilToTensor, convertImageDtype, normalize } from './functional/misc.js';

/** Options of `ImageClassification` (torchvision's keyword-only arguments, camelCased). */
export interface ImageClassificationOptions {
  /** Side of the square center crop. */
  cropSize: number;
  /** The smaller edge is resized to this (default 256). */
  resizeSize?: number;
  /** Per-channel mean (default ImageNet's, [0.485, 0.456, 0.406]). */
  mean?: readonly number[];
  /** Per-channel std (default ImageNet's, [0.229, 0.224, 0.225]). */
  std?: readonly number[];
  /** Resize interpolation (default 'bilinear'). */
  interpolation?: InterpolationMode;
  /** Antialias the resize (default true). */
  antialias?: boolean | null;
}

const KEYS = new Set(['cropSize', 'resizeSize', 'mean', 'std', 'interpolation', 'antialias']);
const MODES: readonly string[] = ['nearest', 'nearest-exact', 'bilinear', 'bicubic'];

/**
 * torchvision's ImageClassification preset (what `weights.transforms()` gives for the
 * classification weights): resizes the smaller edge to `resizeSize` (antialiased bilinear by
 * default), crops the center `cropSize` square, converts to float in [0, 1] and normalizes with
 * `mean`/`std`. Takes an `Image`, a C x H x W or a B x C x H x W tensor (uint8 or float); returns a
 * float tensor. Runs torchvision's tensor algorithm (also on an `Image`, whose PIL resampling is
 * not reproduced).
 * @example
 * const preprocess = new transforms._presets.ImageClassification({ cropSize: 224 });
 * const batch = preprocess(img).unsqueeze(0); // [1, 3, 224, 224]
 */
export class ImageClassification extends Module {
  cropSize: number[];
  resizeSize: number[];
  mean: number[];
  std: number[];
  interpolation: InterpolationMode;
  antialias: boolean | null;

  constructor(options: ImageClassificationOptions) {
    super();
    const where = 'ImageClassification';
    if (!isPlainObject(options as unknown)) throw argTypeError(where, 'options', 'an options object with cropSize', options);
    for (const key of Object.keys(options)) if (!KEYS.has(key)) throw new TypeError(`${where}() got an unexpected keyword argument '${key}'`);
    const int = (name: string, v: unknown): number => {
      if (typeof v !== 'number' || !Number.isInteger(v) || v <= 0) throw argTypeError(where, name, 'a positive integer', v);
      return v;
    };
    this.cropSize = [int('cropSize', options.cropSize)];
    this.resizeSize = [int('resizeSize', options.resizeSize ?? 256)];
    this.mean = [...(options.mean ?? [0.485, 0.456, 0.406])];
    this.std = [...(options.std ?? [0.229, 0.224, 0.225])];
    const mode = options.interpolation ?? 'bilinear';
    if (!MODES.includes(mode)) throw argTypeError(where, 'interpolation', `one of ${MODES.join(', ')}`, mode);
    this.interpolation = mode;
    this.antialias = options.antialias === undefined ? true : options.antialias;
  }

  forward(img: Image | Tensor): Tensor {
    if (!(img instanceof Image) && !(img instanceof Tensor)) throw new TypeError(`img should be a Tensor or an Image. Got ${describeValue(img)}`);
    let x: Image | Tensor = resize(img, this.resizeSize, { interpolation: this.interpolation, antialias: this.antialias });
    x = centerCrop(x, this.cropSize);
    const t = x instanceof Image ? pilToTensor(x) : x;
    return normalize(convertImageDtype(t, 'float32'), this.mean, this.std);
  }

  /** torchvision's repr. @example String(preset) */
  override toString(): string {
    return `${this.constructor.name}(\n    crop_size=[${this.cropSize}]\n    resize_size=[${this.resizeSize}]\n    mean=[${this.mean.join(', ')}]\n`
      + `    std=[${this.std.join(', ')}]\n    interpolation=InterpolationMode.${this.interpolation.toUpperCase().replace('-', '_')}\n)`;
  }

  /** torchvision's description of the preset. @example preset.describe() */
  describe(): string {
    return 'Accepts ``PIL.Image``, batched ``(B, C, H, W)`` and single ``(C, H, W)`` image ``torch.Tensor`` objects. '
      + `The images are resized to \`\`resize_size=[${this.resizeSize}]\`\` using \`\`interpolation=InterpolationMode.${this.interpolation.toUpperCase().replace('-', '_')}\`\`, `
      + `followed by a central crop of \`\`crop_size=[${this.cropSize}]\`\`. Finally the values are first rescaled to \`\`[0.0, 1.0]\`\` `
      + `and then normalized using \`\`mean=[${this.mean.join(', ')}]\`\` and \`\`std=[${this.std.join(', ')}]\`\`.`;
  }
}
