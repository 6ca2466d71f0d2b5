// transforms.functional's conversions and basics: image dimensions, toTensor / pilToTensor /
// toPilImage (between `Image`, the stand-in for PIL's image, and tensors), convertImageDtype,
// normalize, erase. Tensor results are torchvision's, op for op.
import { Tensor } from '../../../tensor.js';
import * as torch from '../../../generated/functions.js';
import { tensor as makeTensor } from '../../../creation.js';
import type { DType } from '../../../generated/dtypes.js';
import { dtypeNames } from '../../../generated/dtypes.js';
import { Image, type ImageMode } from '../../image.js';
import { argTypeError, parseArgs, describeValue } from '../../../validate.js';
import { checkDense } from '../../../arrays.js';
import { slice } from '../../../indexing.js';
import { type ImageOrTensor, tensorDimensions, assertImageTensor, maxValue, pyDtype, wrapImage } from './_utils.js';

/**
 * [channels, height, width] of an image, as torchvision's `get_dimensions`.
 * @example const [c, h, w] = transforms.functional.getDimensions(img);
 */
export function getDimensions(img: ImageOrTensor): [number, number, number] {
  if (img instanceof Image) return [img.channels, img.height, img.width];
  if (img instanceof Tensor) return tensorDimensions(img);
  throw new TypeError(`Unexpected type ${describeValue(img, 'python')}`);
}

/**
 * [width, height] of an image, as torchvision's `get_image_size` (PIL's order).
 * @example const [w, h] = transforms.functional.getImageSize(img);
 */
export function getImageSize(img: ImageOrTensor): [number, number] {
  const [, h, w] = getDimensions(img);
  return [w, h];
}

/**
 * The channel count of an image, as torchvision's `get_image_num_channels`.
 * @example transforms.functional.getImageNumChannels(img) // 3
 */
export function getImageNumChannels(img: ImageOrTensor): number {
  return getDimensions(img)[0];
}

// uint8 -> float32 / 255 as one true division (uint8 / 255 promotes to float32): the same IEEE
// operation as torchvision's img.to(float32).div(255), so the same bits, with one pass less.
function scaleUint8(img: Tensor): Tensor {
  return img.dtype === 'uint8' ? torch.div(img, 255) : img.contiguous();
}

/** toTensor of a tensor standing for a numpy array, H x W or H x W x C. @internal */
export function arrayToTensor(pic: Tensor): Tensor {
  const nd = pic.dim();
  if (nd === 2) return scaleUint8(pic).unsqueeze_(0);
  if (nd === 3) {
    const chw = pic.permute(2, 0, 1);
    const out = scaleUint8(chw.contiguous());
    if (out !== chw) chw.dispose();
    return out;
  }
  throw new RangeError(`ToTensor: pic should be 2 or 3 dimensional (H x W or H x W x C). Got ${nd} dimensions.`);
}

/**
 * Converts an `Image` to a float32 C x H x W tensor in [0, 1] (as torchvision's `to_tensor` of
 * a PIL image), or a tensor standing for a numpy array, H x W or H x W x C (the vision datasets'
 * MNIST images), to C x H x W, uint8 values scaled to [0, 1] and other dtypes only permuted.
 * @example transforms.functional.toTensor(img).shape // [3, 32, 32]
 */
export function toTensor(pic: ImageOrTensor): Tensor {
  // Decoded images are channels-first views of H x W x C pixels; torchvision's to_tensor gives a
  // contiguous C x H x W tensor (and .view() on the result must work): the float result is made
  // contiguous (one copy, cheaper than the uint8 planar copy before the division).
  if (pic instanceof Image) return torch.div(pic.data, 255).contiguous();
  if (pic instanceof Tensor) return arrayToTensor(pic);
  throw new TypeError(`pic should be an Image or a Tensor (H x W or H x W x C). Got ${describeValue(pic)}`);
}

/**
 * The uint8 C x H x W tensor of an `Image` (a copy), as torchvision's `pil_to_tensor`.
 * @example transforms.functional.pilToTensor(img).dtype // 'uint8'
 */
export function pilToTensor(pic: Image): Tensor {
  if (!(pic instanceof Image)) throw new TypeError(`pic should be PIL Image. Got ${describeValue(pic, 'python')}`);
  return pic.data.clone();
}

const INT_RANGES: Partial<Record<DType, true>> = { uint8: true, int8: true, int16: true, uint16: true, int32: true, int64: true };

function isFloatDtype(dtype: DType): boolean {
  return dtype === 'float32' || dtype === 'float64' || dtype === 'float16' || dtype === 'bfloat16';
}

/** convertImageDtype on a tensor (no argument checks). @internal */
export function convertImageDtypeTensor(image: Tensor, dtype: DType): Tensor {
  if (image.dtype === dtype) return image;
  if (image.isFloatingPoint()) {
    if (isFloatDtype(dtype)) return image.to(dtype);
    if ((image.dtype === 'float32' && (dtype === 'int32' || dtype === 'int64')) || (image.dtype === 'float64' && dtype === 'int64')) {
      throw new Error(`The cast from ${pyDtype(image.dtype)} to ${pyDtype(dtype)} cannot be performed safely.`);
    }
    // Maps [0, 1] onto [0, max] with every bin the same width (1 - eps keeps 1.0 below max + 1).
    const eps = 1e-3;
    const maxVal = maxValue(dtype);
    return image.mul(maxVal + 1.0 - eps).to(dtype);
  }
  const inputMax = maxValue(image.dtype);
  if (isFloatDtype(dtype)) return image.to(dtype).div(inputMax);
  const outputMax = maxValue(dtype);
  // Python computes the factors in floats (int64's max is 2 ** 63 there too), exact for these.
  if (inputMax > outputMax) {
    const factor = Math.floor((inputMax + 1) / (outputMax + 1));
    return torch.div(image, factor, { roundingMode: 'floor' }).to(dtype);
  }
  const factor = Math.floor((outputMax + 1) / (inputMax + 1));
  return image.to(dtype).mul(factor);
}

/**
 * Converts an image tensor to `dtype` (default float32), rescaling values as torchvision's
 * `convert_image_dtype`: integers to floats divide by the integer maximum (uint8 / 255), floats to
 * integers multiply by max + 1 - 1e-3 and truncate, integers to integers shift by whole bits.
 * @example transforms.functional.convertImageDtype(img, 'float32')
 */
export function convertImageDtype(image: Tensor, ...args: [dtype?: DType] | [{ dtype?: DType }]): Tensor {
  const o = parseArgs<{ dtype: DType }>('convertImageDtype', args, ['dtype'], { dtype: 'float32' });
  if (!(image instanceof Tensor)) throw new TypeError('Input img should be Tensor Image');
  checkImageDtype('convertImageDtype', o.dtype);
  return convertImageDtypeTensor(image, o.dtype);
}

/** A TypeError unless `dtype` names a real dtype an image can have. @internal */
export function checkImageDtype(where: string, dtype: unknown): DType {
  if (typeof dtype !== 'string' || !(dtypeNames as readonly string[]).includes(dtype) || !(isFloatDtype(dtype as DType) || INT_RANGES[dtype as DType])) {
    throw argTypeError(where, 'dtype', 'a real image dtype (uint8, int8, int16, uint16, int32, int64, float16, bfloat16, float32, float64)', dtype);
  }
  return dtype as DType;
}

const PERMITTED: Record<number, readonly string[]> = { 2: ['LA'], 3: ['RGB', 'YCbCr', 'HSV'], 4: ['RGBA', 'CMYK', 'RGBX'] };

/**
 * Converts a tensor, C x H x W or H x W, to an `Image`, as torchvision's `to_pil_image`: float
 * values in [0, 1] are scaled by 255 and truncated to uint8; uint8 values are kept. The mode
 * follows the channel count (1: 'L', 2: 'LA', 3: 'RGB', 4: 'RGBA') or must agree with it.
 * PIL's 16-bit, 32-bit and float modes ('I;16', 'I', 'F') and 'CMYK', 'YCbCr', ... have no
 * `Image` here and throw.
 * @example const img = transforms.functional.toPilImage(torch.rand([3, 8, 8]));
 */
export function toPilImage(pic: Tensor, ...args: [mode?: ImageMode | null] | [{ mode?: ImageMode | null }]): Image {
  const o = parseArgs<{ mode: string | null }>('toPilImage', args, ['mode'], { mode: null });
  if (!(pic instanceof Tensor)) throw new TypeError(`pic should be Tensor or ndarray. Got ${describeValue(pic, 'python')}.`);
  let mode = o.mode;
  if (mode !== null && typeof mode !== 'string') throw argTypeError('toPilImage', 'mode', 'a string or null', mode);
  let hwc = pic.dim() === 3 ? pic.permute(1, 2, 0) : pic;
  if (hwc.dim() === 2) hwc = hwc.unsqueeze(2);
  if (hwc.dim() !== 3) throw new RangeError(`pic should be 2/3 dimensional. Got ${hwc.dim()} dimensions.`);
  const c = hwc.shape[2]!;
  if (c > 4) throw new RangeError(`pic should not have > 4 channels. Got ${c} channels.`);
  // numpy's (pic * 255).astype(np.uint8): a float multiply, then truncation.
  if (hwc.isFloatingPoint() && mode !== 'F') hwc = hwc.mul(255).to('uint8');
  const dtype = hwc.dtype;
  if (c === 1) {
    const expected = dtype === 'uint8' ? 'L' : dtype === 'int16' ? 'I;16' : dtype === 'int32' ? 'I' : dtype === 'float32' ? 'F' : null;
    if (mode !== null && mode !== expected) {
      throw new RangeError(`Incorrect mode (${mode}) supplied for input type ${dtype}. Should be ${String(expected)}`);
    }
    mode = expected;
  } else {
    const permitted = PERMITTED[c]!;
    if (mode !== null && !permitted.includes(mode)) {
      throw new RangeError(`Only modes [${permitted.map((m) => `'${m}'`).join(', ')}] are supported for ${c === 2 ? 2 : c === 3 ? 3 : 4}D inputs`);
    }
    if (mode === null && dtype === 'uint8') mode = permitted[0]!;
  }
  if (mode === null) throw new TypeError(`Input type ${dtype} is not supported`);
  if (!['L', 'LA', 'RGB', 'RGBA'].includes(mode) || dtype !== 'uint8') {
    throw new TypeError(`toPilImage: mode '${mode}' (${dtype} data) has no Image here; an Image holds 8-bit L, LA, RGB or RGBA pixels`);
  }
  return wrapImage(hwc.permute(2, 0, 1).contiguous(), mode as ImageMode);
}

function numberList(where: string, name: string, v: unknown): number[] {
  if (Array.isArray(v)) checkDense(`${where}: ${name}`, v);
  const list = typeof v === 'number' ? [v] : Array.isArray(v) ? [...(v as unknown[])] : null;
  if (list === null || list.length === 0 || list.some((x) => typeof x !== 'number' || Number.isNaN(x))) {
    throw argTypeError(where, name, 'a number or a non-empty array of numbers', v);
  }
  return list as number[];
}

/**
 * Normalizes a float tensor image (..., C, H, W) per channel, `(x - mean) / std`, as
 * torchvision's `normalize`.
 * @example transforms.functional.normalize(x, [0.485, 0.456, 0.406], [0.229, 0.224, 0.225])
 */
export function normalize(tensor: Tensor, ...args: [mean: number | readonly number[], std: number | readonly number[], inplace?: boolean] | [number | readonly number[], number | readonly number[], { inplace?: boolean }] | [{ mean: number | readonly number[]; std: number | readonly number[]; inplace?: boolean }]): Tensor {
  const o = parseArgs<{ mean: unknown; std: unknown; inplace: boolean }>('normalize', args, ['mean', 'std', 'inplace'], { inplace: false }, ['mean', 'std']);
  if (!(tensor instanceof Tensor)) throw new TypeError(`img should be Tensor Image. Got ${describeValue(tensor, 'python')}`);
  const mean = numberList('normalize', 'mean', o.mean);
  const std = numberList('normalize', 'std', o.std);
  if (typeof o.inplace !== 'boolean') throw argTypeError('normalize', 'inplace', 'a boolean', o.inplace);
  assertImageTensor(tensor);
  if (!tensor.isFloatingPoint()) throw new TypeError(`Input tensor should be a float tensor. Got ${pyDtype(tensor.dtype)}.`);
  if (tensor.dim() < 3) throw new RangeError(`Expected tensor to be a tensor image of size (..., C, H, W). Got tensor.size() = torch.Size([${tensor.shape.join(', ')}])`);
  const out = o.inplace ? tensor : tensor.clone();
  const m = makeTensor(mean, { dtype: tensor.dtype, device: tensor.device });
  const s = makeTensor(std, { dtype: tensor.dtype, device: tensor.device });
  if (s.eq(0).any().item()) throw new RangeError(`std evaluated to zero after conversion to ${pyDtype(tensor.dtype)}, leading to division by zero.`);
  return out.sub_(m.view(-1, 1, 1)).div_(s.view(-1, 1, 1));
}

/**
 * Fills the rectangle at row `i`, column `j`, of height `h` and width `w` with `v` (broadcast),
 * as torchvision's `erase` (tensors only, as torchvision's).
 * @example transforms.functional.erase(img, 2, 2, 4, 4, torch.tensor(0))
 */
export function erase(img: Tensor, i: number, j: number, h: number, w: number, v: Tensor, ...args: [inplace?: boolean] | [{ inplace?: boolean }]): Tensor {
  const o = parseArgs<{ inplace: boolean }>('erase', args, ['inplace'], { inplace: false });
  if (!(img instanceof Tensor)) throw new TypeError(`img should be Tensor Image. Got ${describeValue(img, 'python')}`);
  for (const [name, x] of [['i', i], ['j', j], ['h', h], ['w', w]] as const) {
    if (typeof x !== 'number' || !Number.isInteger(x)) throw argTypeError('erase', name, 'an integer', x);
  }
  if (!(v instanceof Tensor)) throw argTypeError('erase', 'v', 'a Tensor', v);
  if (typeof o.inplace !== 'boolean') throw argTypeError('erase', 'inplace', 'a boolean', o.inplace);
  assertImageTensor(img);
  const out = o.inplace ? img : img.clone();
  out.indexPut_(['...', slice(i, i + h), slice(j, j + w)], v);
  return out;
}
