// torchvision.transforms._presets: the inference presets that weights entries build
// (`weights.transforms()`). ImageClassification: resize (antialiased), center crop, to float,
// normalize, with torchvision's tensor algorithm.
import { Tensor } from '../../tensor.js';
import { tensor as makeTensor } from '../../creation.js';
import { Module } from '../../nn/modules/module.js';
import { interpolate } from '../../nn/functional/upsampling.js';
import { pad } from '../../nn/functional/padding.js';
import { Image } from '../image.js';
import { argTypeError, describeValue, isPlainObject } from '../../validate.js';

/** Interpolation of the classification preset's resize (torchvision's InterpolationMode values). */
export type PresetInterpolation = 'nearest' | 'nearest-exact' | 'bilinear' | 'bicubic';

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
  interpolation?: PresetInterpolation;
  /** Antialias the resize (default true). */
  antialias?: boolean | null;
}

const KEYS = new Set(['cropSize', 'resizeSize', 'mean', 'std', 'interpolation', 'antialias']);
const MODES: readonly string[] = ['nearest', 'nearest-exact', 'bilinear', 'bicubic'];
const INTEGER_MAX: Partial<Record<string, number>> = { uint8: 255, int8: 127, int16: 32767, int32: 2147483647, int64: 9223372036854775807, uint16: 65535, uint32: 4294967295 };

/** torchvision's tensor resize of the smaller edge to `size` (`F.resize(img, [size])`). */
function resizeSmallerEdge(img: Tensor, size: number, interpolation: PresetInterpolation, antialias: boolean): Tensor {
  const h = img.shape[img.dim() - 2]!, w = img.shape[img.dim() - 1]!;
  const [short, long] = w <= h ? [w, h] : [h, w];
  const newShort = size, newLong = Math.trunc((size * long) / short);
  const [newW, newH] = w <= h ? [newShort, newLong] : [newLong, newShort];
  if (newW === w && newH === h) return img;
  const squeeze = img.dim() < 4;
  let x = squeeze ? img.unsqueeze(0) : img;
  const outDtype = x.dtype;
  const cast = outDtype !== 'float32' && outDtype !== 'float64';
  if (cast) x = x.to('float32');
  const aa = antialias && (interpolation === 'bilinear' || interpolation === 'bicubic');
  x = interpolate(x, { size: [newH, newW], mode: interpolation, alignCorners: interpolation === 'bilinear' || interpolation === 'bicubic' ? false : null, antialias: aa });
  if (interpolation === 'bicubic' && outDtype === 'uint8') x = x.clamp(0, 255);
  if (squeeze) x = x.squeeze(0);
  if (cast) x = (INTEGER_MAX[outDtype] !== undefined ? x.round() : x).to(outDtype);
  return x;
}

/** torchvision's `F.center_crop(img, [size])`: zero padding first when the image is smaller. */
function centerCrop(img: Tensor, size: number): Tensor {
  let h = img.shape[img.dim() - 2]!, w = img.shape[img.dim() - 1]!;
  if (size > w || size > h) {
    const l = size > w ? Math.floor((size - w) / 2) : 0, t = size > h ? Math.floor((size - h) / 2) : 0;
    const r = size > w ? Math.floor((size - w + 1) / 2) : 0, b = size > h ? Math.floor((size - h + 1) / 2) : 0;
    img = pad(img, [l, r, t, b], 'constant', 0);
    h = img.shape[img.dim() - 2]!; w = img.shape[img.dim() - 1]!;
    if (size === w && size === h) return img;
  }
  // Python's round() on a .5 rounds half to even.
  const roundHalfEven = (v: number) => { const f = Math.floor(v); return v - f === 0.5 ? (f % 2 === 0 ? f : f + 1) : Math.round(v); };
  const top = roundHalfEven((h - size) / 2), left = roundHalfEven((w - size) / 2);
  return img.narrow(-2, top, size).narrow(-1, left, size);
}

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
  interpolation: PresetInterpolation;
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
    let x: Tensor;
    if (img instanceof Image) x = img.data;
    else if (img instanceof Tensor) x = img;
    else throw new TypeError(`img should be a Tensor or an Image. Got ${describeValue(img)}`);
    if (x.dim() < 3) throw new RangeError(`ImageClassification: expected a C x H x W or B x C x H x W image, got shape [${x.shape.join(', ')}]`);
    x = resizeSmallerEdge(x, this.resizeSize[0]!, this.interpolation, this.antialias ?? false);
    x = centerCrop(x, this.cropSize[0]!);
    // convert_image_dtype to float32: an integer image is divided by its dtype's maximum.
    if (x.dtype !== 'float32') {
      const max = INTEGER_MAX[x.dtype];
      x = max === undefined ? x.to('float32') : x.to('float32').div(max);
    } else {
      x = x.clone();
    }
    const mean = makeTensor(this.mean).view(-1, 1, 1), std = makeTensor(this.std).view(-1, 1, 1);
    if (std.eq(0).any().item()) throw new Error('std evaluated to zero after conversion to torch.float32, leading to division by zero.');
    return x.sub_(mean).div_(std);
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
