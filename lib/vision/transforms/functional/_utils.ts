// What every functional op of the transforms shares: torchvision's tensor-image checks and dtype
// bounds (_functional_tensor's _assert_image_tensor, _assert_channels, _max_value,
// _cast_squeeze_in/out), and the `Image | Tensor` handling: an op on an Image runs the tensor
// algorithm on its uint8 data and wraps the result as an Image again, so pipelines keep the type
// as torchvision's keep PIL images PIL.
import { Tensor } from '../../../tensor.js';
import type { DType } from '../../../generated/dtypes.js';
import { Image, type ImageMode } from '../../image.js';
import { describeValue } from '../../../validate.js';

/** A tensor image (..., C, H, W) or an `Image`, what torchvision's transforms take. */
export type ImageOrTensor = Image | Tensor;

/** Python's name of a dtype in messages: `torch.uint8`. */
export function pyDtype(dtype: DType): string { return `torch.${dtype}`; }

/** Python's type in messages (`<class 'int'>`) for a JS value. */
export function pyType(v: unknown): string {
  return `<class '${describeValue(v, 'python')}'>`;
}

/** The tensor of an Image or Tensor argument; a TypeError naming `where` for anything else. */
export function tensorOf(where: string, img: unknown): Tensor {
  if (img instanceof Tensor) return img;
  if (img instanceof Image) return img.data;
  throw new TypeError(`${where}: img should be an Image or a Tensor. Got ${describeValue(img)}`);
}

const MODES: readonly (ImageMode | undefined)[] = [undefined, 'L', 'LA', 'RGB', 'RGBA'];

/**
 * Runs a tensor algorithm on `img`: on a Tensor directly, on an Image's data, the result wrapped
 * as an Image (its mode kept when the channel count is, else the mode of the new count).
 */
export function mapImage<T extends ImageOrTensor>(where: string, img: T, fn: (t: Tensor) => Tensor): T {
  if (img instanceof Tensor) return fn(img) as T;
  if (img instanceof Image) return wrapImage(fn(img.data), img.mode) as T;
  throw new TypeError(`${where}: img should be an Image or a Tensor. Got ${describeValue(img)}`);
}

/**
 * Whether a C x H x W tensor is the channels-first view of contiguous H x W x C samples: the
 * decoders' layout, Pillow's own, which the uint8 resampling kernel reads fastest.
 */
export function isPixelInterleaved(data: Tensor): boolean {
  if (data.dim() !== 3) return false;
  const [c, , w] = data.shape as [number, number, number];
  const [s0, s1, s2] = data.stride() as [number, number, number];
  return s0 === 1 && s2 === c && s1 === w * c;
}

/**
 * A uint8 C x H x W result as an Image, in `mode` when the channel count agrees. Its data is
 * contiguous, or interleaved as decoded (see isPixelInterleaved); other views are copied.
 */
export function wrapImage(data: Tensor, mode?: ImageMode): Image {
  const c = data.shape[0]!;
  const m = mode !== undefined && MODES[c] !== undefined && channelsOfMode(mode) === c ? mode : MODES[c];
  return new Image(data.isContiguous() || isPixelInterleaved(data) ? data : data.contiguous(), m);
}

function channelsOfMode(mode: ImageMode): number { return MODES.indexOf(mode); }

/** torchvision's _assert_image_tensor. */
export function assertImageTensor(img: Tensor): void {
  if (img.dim() < 2) throw new TypeError('Tensor is not a torch image.');
}

/** [channels, height, width] of a tensor image (torchvision's get_dimensions). */
export function tensorDimensions(img: Tensor): [number, number, number] {
  assertImageTensor(img);
  const s = img.shape;
  const n = s.length;
  return [n === 2 ? 1 : s[n - 3]!, s[n - 2]!, s[n - 1]!];
}

/** torchvision's _assert_channels. */
export function assertChannels(img: Tensor, permitted: readonly number[]): void {
  const c = tensorDimensions(img)[0];
  if (!permitted.includes(c)) {
    throw new TypeError(`Input image tensor permitted channel values are [${permitted.join(', ')}], but found ${c}`);
  }
}

/** The largest value of an image dtype: 255 for uint8, ..., 1 for floats (torchvision's _max_value). */
export function maxValue(dtype: DType): number {
  switch (dtype) {
    case 'uint8': return 255;
    case 'int8': return 127;
    case 'int16': return 32767;
    case 'uint16': return 65535;
    case 'int32': return 2147483647;
    case 'int64': return 9223372036854775807;
    default: return 1;
  }
}

/** True for the integer dtypes torchvision rounds to after a float computation. */
export function isIntegerImageDtype(dtype: DType): boolean {
  return dtype === 'uint8' || dtype === 'int8' || dtype === 'int16' || dtype === 'int32' || dtype === 'int64';
}

/** torchvision's _cast_squeeze_in: a 4-d tensor of one of `reqDtypes`, and how to undo it. */
export function castSqueezeIn(img: Tensor, reqDtypes: readonly DType[]): [Tensor, boolean, boolean, DType] {
  let needSqueeze = false;
  if (img.dim() < 4) { img = img.unsqueeze(0); needSqueeze = true; }
  const outDtype = img.dtype;
  let needCast = false;
  if (!reqDtypes.includes(outDtype)) { needCast = true; img = img.to(reqDtypes[0]!); }
  return [img, needCast, needSqueeze, outDtype];
}

/** torchvision's _cast_squeeze_out: rounds back to an integer dtype, drops the added batch dim. */
export function castSqueezeOut(img: Tensor, needCast: boolean, needSqueeze: boolean, outDtype: DType): Tensor {
  if (needSqueeze) img = img.squeeze(0);
  if (needCast) {
    if (isIntegerImageDtype(outDtype)) img = img.round();
    img = img.to(outDtype);
  }
  return img;
}

/** Python's repr of a float: `0.5`, `2.0`, `1e-05`, `inf`. */
export function pyFloat(x: number): string {
  if (Number.isNaN(x)) return 'nan';
  if (!Number.isFinite(x)) return x > 0 ? 'inf' : '-inf';
  if (x === 0) return Object.is(x, -0) ? '-0.0' : '0.0';
  const r = Math.abs(x);
  if (r < 1e-4 || r >= 1e16) return x.toExponential().replace(/e([+-])(\d)$/, 'e$10$2');
  const s = String(x);
  return Number.isInteger(x) ? `${s}.0` : s;
}

/** Python's repr of a number the user gave (an int stays an int: `1`, a fraction a float: `0.5`). */
export function pyNumber(x: number): string {
  return Number.isInteger(x) && Math.abs(x) < 1e16 ? String(x) : pyFloat(x);
}

/** Python's repr of a list or tuple of numbers given by the user. */
export function pySeq(v: readonly number[], tuple: boolean, fmt: (x: number) => string = pyNumber): string {
  const body = v.map(fmt).join(', ');
  return tuple ? `(${body}${v.length === 1 ? ',' : ''})` : `[${body}]`;
}
