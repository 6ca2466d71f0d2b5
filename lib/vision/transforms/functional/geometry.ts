// torchvision.transforms.functional's geometry: resize, crops, flips, pad, rotate, affine,
// perspective, elastic. Each takes an `Image` or a tensor image [..., C, H, W] and returns the same
// kind; an `Image` goes through torchvision's tensor algorithm on its uint8 data (PIL's own
// resampling is not reproduced). Checks and messages follow torchvision/transforms/functional.py.
import { Tensor } from '../../../tensor.js';
import { Image } from '../../image.js';
import { linalg } from '../../../generated/namespaces.js';
import { tensor as makeTensor } from '../../../creation.js';
import { checkDense } from '../../../arrays.js';
import { describeValue, parseArgs, checkInt, checkNumber, checkBool, type KwArgs } from '../../../validate.js';
import {
  affineTensor, elasticTensor, padTensor, perspectiveTensor, pyRound, resampleImageData, resizeTensor, rotateTensor, slice2d,
} from './_tensor.js';
import { mapImage, wrapImage, type ImageOrTensor } from './_utils.js';

/**
 * How resampling transforms compute new pixels: torchvision's `InterpolationMode` values.
 * Tensors and `Image`s take 'nearest', 'nearest-exact', 'bilinear' and 'bicubic' in resize;
 * rotate, affine, perspective and elastic take 'nearest' and 'bilinear'.
 */
export type InterpolationMode = 'nearest' | 'nearest-exact' | 'bilinear' | 'bicubic';

/**
 * torchvision's `InterpolationMode` enum: its members are the strings the transforms take.
 * @example transforms.Resize(32, { interpolation: transforms.InterpolationMode.BICUBIC })
 */
export const InterpolationMode: {
  readonly NEAREST: 'nearest';
  readonly NEAREST_EXACT: 'nearest-exact';
  readonly BILINEAR: 'bilinear';
  readonly BICUBIC: 'bicubic';
} = Object.freeze({ NEAREST: 'nearest', NEAREST_EXACT: 'nearest-exact', BILINEAR: 'bilinear', BICUBIC: 'bicubic' } as const);

const MODES: readonly InterpolationMode[] = ['nearest', 'nearest-exact', 'bilinear', 'bicubic'];

/** A fill colour for the area outside a transformed image: one value, or one per channel. */
export type Fill = number | readonly number[];

/** Padding modes of pad. */
export type PaddingMode = 'constant' | 'edge' | 'reflect' | 'symmetric';

// ---- shared helpers -------------------------------------------------------------------------

/** Runs the tensor algorithm on a tensor image, or on an Image's data giving an Image. @internal */
export function onImage<T extends ImageOrTensor>(where: string, img: T, fn: (t: Tensor) => Tensor): T {
  if (img instanceof Tensor && img.dim() < 2) throw new TypeError('Tensor is not a torch image.');
  return mapImage(where, img, fn);
}

/** torchvision's get_dimensions: [channels, height, width]. @internal */
export function dimensionsOf(where: string, img: unknown): [number, number, number] {
  if (img instanceof Image) return [img.channels, img.height, img.width];
  if (img instanceof Tensor) {
    const nd = img.dim();
    if (nd < 2) throw new TypeError('Tensor is not a torch image.');
    return [nd === 2 ? 1 : img.shape[nd - 3]!, img.shape[nd - 2]!, img.shape[nd - 1]!];
  }
  throw new TypeError(`${where}: img should be an Image or a Tensor. Got ${describeValue(img)}`);
}

/** An InterpolationMode, checked. @internal */
export function checkInterpolation(where: string, v: unknown): InterpolationMode {
  if (typeof v !== 'string' || !(MODES as readonly string[]).includes(v)) {
    throw new TypeError(`${where}: Argument interpolation should be an InterpolationMode ('nearest', 'nearest-exact', 'bilinear' or 'bicubic'). Got ${describeValue(v)}`);
  }
  return v as InterpolationMode;
}

function gridInterpolation(v: InterpolationMode): 'nearest' | 'bilinear' {
  if (v !== 'nearest' && v !== 'bilinear') throw new RangeError(`Interpolation mode '${v}' is unsupported with Tensor input`);
  return v;
}

function numberList(where: string, name: string, v: unknown): number[] {
  if (!Array.isArray(v)) throw new TypeError(`${where}: ${name} should be an array of numbers. Got ${describeValue(v)}`);
  checkDense(`${where}: ${name}`, v);
  return v.map((x: unknown, i: number) => checkNumber(where, `${name}[${i}]`, x));
}

/** A fill for the grid transforms: null, a number or an array (one value or one per channel). @internal */
export function checkFill(where: string, fill: unknown, channels: number): number | number[] | null {
  if (fill === null || fill === undefined) return null;
  if (typeof fill === 'number') return checkNumber(where, 'fill', fill);
  if (!Array.isArray(fill)) throw new TypeError(`${where}: fill should be a number or an array of numbers. Got ${describeValue(fill)}`);
  const list = numberList(where, 'fill', fill);
  if (list.length > 1 && list.length !== channels) {
    throw new RangeError(`The number of elements in 'fill' cannot broadcast to match the number of channels of the image (${list.length} != ${channels})`);
  }
  return list;
}

/** A size given as an int or [s] (square) or [h, w], as torchvision's functional crops take it. */
function pairSize(where: string, size: unknown): [number, number] {
  if (typeof size === 'number') { const s = checkInt(where, 'size', size); return [s, s]; }
  if (Array.isArray(size)) {
    checkDense(`${where}: size`, size);
    if (size.length === 1) { const s = checkInt(where, 'size[0]', size[0]); return [s, s]; }
    if (size.length === 2) return [checkInt(where, 'size[0]', size[0]), checkInt(where, 'size[1]', size[1])];
    throw new RangeError('Please provide only two dimensions (h, w) for size.');
  }
  throw new TypeError(`${where}: size should be an integer or an array of 1 or 2 integers. Got ${describeValue(size)}`);
}

// ---- flips, crops, pad ----------------------------------------------------------------------

/**
 * Flips an image left to right (the last dimension), as torchvision's `F.hflip`.
 * @example const flipped = transforms.functional.hflip(img);
 */
export function hflip<T extends ImageOrTensor>(img: T): T {
  return onImage('hflip', img, (t) => t.flip(-1));
}

/**
 * Flips an image upside down (dimension -2), as torchvision's `F.vflip`.
 * @example const flipped = transforms.functional.vflip(img);
 */
export function vflip<T extends ImageOrTensor>(img: T): T {
  return onImage('vflip', img, (t) => t.flip(-2));
}

function cropTensor(img: Tensor, top: number, left: number, height: number, width: number): Tensor {
  const nd = img.dim();
  const h = img.shape[nd - 2]!;
  const w = img.shape[nd - 1]!;
  const right = left + width;
  const bottom = top + height;
  if (left < 0 || top < 0 || right > w || bottom > h) {
    // the part outside the image is zeros, as PIL's crop gives
    const ltrb = [
      Math.max(-left + Math.min(0, right), 0), Math.max(-top + Math.min(0, bottom), 0),
      Math.max(right - Math.max(w, left), 0), Math.max(bottom - Math.max(h, top), 0),
    ];
    return padTensor(slice2d(img, Math.max(top, 0), bottom, Math.max(left, 0), right), [ltrb[0]!, ltrb[2]!, ltrb[1]!, ltrb[3]!], 0, 'constant');
  }
  return slice2d(img, top, bottom, left, right);
}

/**
 * Crops the box at (top, left) of the given height and width; where the box leaves the image it
 * is padded with zeros, as torchvision's `F.crop`.
 * @example const patch = transforms.functional.crop(img, 4, 4, 24, 24);
 */
export function crop<T extends ImageOrTensor>(img: T, top: number, left: number, height: number, width: number): T {
  const where = 'crop';
  checkInt(where, 'top', top); checkInt(where, 'left', left); checkInt(where, 'height', height); checkInt(where, 'width', width);
  return onImage(where, img, (t) => cropTensor(t, top, left, height, width));
}

/**
 * Crops the centre of an image to `outputSize` (an int for a square, or [h, w]); a crop larger
 * than the image pads it with zeros first, as torchvision's `F.center_crop`.
 * @example const c = transforms.functional.centerCrop(img, [24, 24]);
 */
export function centerCrop<T extends ImageOrTensor>(img: T, outputSize: number | readonly number[]): T {
  const where = 'centerCrop';
  const [cropHeight, cropWidth] = pairSize(where, outputSize);
  let [, imageHeight, imageWidth] = dimensionsOf(where, img);
  let out: T = img;
  if (cropWidth > imageWidth || cropHeight > imageHeight) {
    const ltrb = [
      cropWidth > imageWidth ? Math.floor((cropWidth - imageWidth) / 2) : 0,
      cropHeight > imageHeight ? Math.floor((cropHeight - imageHeight) / 2) : 0,
      cropWidth > imageWidth ? Math.floor((cropWidth - imageWidth + 1) / 2) : 0,
      cropHeight > imageHeight ? Math.floor((cropHeight - imageHeight + 1) / 2) : 0,
    ];
    out = padChecked(where, out, ltrb, 0, 'constant');
    [, imageHeight, imageWidth] = dimensionsOf(where, out);
    if (cropWidth === imageWidth && cropHeight === imageHeight) return out;
  }
  const cropTop = pyRound((imageHeight - cropHeight) / 2.0);
  const cropLeft = pyRound((imageWidth - cropWidth) / 2.0);
  return crop(out, cropTop, cropLeft, cropHeight, cropWidth);
}

/** Options of pad. */
export interface PadOptions {
  /** One int (all sides), [left/right, top/bottom] or [left, top, right, bottom]. */
  padding?: number | readonly number[];
  /** Value of 'constant' padding (default 0). */
  fill?: number;
  /** 'constant' (default), 'edge', 'reflect' or 'symmetric'. */
  paddingMode?: PaddingMode;
}

/**
 * Pads every side of an image: `padding` is one int (all sides), [left/right, top/bottom] or
 * [left, top, right, bottom]; `paddingMode` 'constant' (with `fill`), 'edge', 'reflect' or
 * 'symmetric', as torchvision's `F.pad`.
 * @example
 * transforms.functional.pad(img, 4);
 * transforms.functional.pad(img, [2, 1], { paddingMode: 'reflect' });
 */
export function pad<T extends ImageOrTensor>(img: T, ...args: KwArgs<[padding: number | readonly number[], fill: number, paddingMode: PaddingMode],
  ['padding'], PadOptions>): T {
  const where = 'pad';
  const o = parseArgs<Required<PadOptions>>(where, args, ['padding', 'fill', 'paddingMode'], { fill: 0, paddingMode: 'constant' }, ['padding']);
  return padChecked(where, img, o.padding, o.fill, o.paddingMode);
}

/** pad with its arguments given one by one. @internal */
export function padChecked<T extends ImageOrTensor>(where: string, img: T, padding: unknown, fill: unknown, paddingMode: unknown): T {
  const p = parsePadding(where, padding);
  if (fill === null || fill === undefined) fill = 0;
  if (typeof fill !== 'number') throw new TypeError('Got inappropriate fill arg');
  if (typeof paddingMode !== 'string') throw new TypeError('Got inappropriate padding_mode arg');
  if (!['constant', 'edge', 'reflect', 'symmetric'].includes(paddingMode)) {
    throw new RangeError('Padding mode should be either constant, edge, reflect or symmetric');
  }
  const f = fill;
  return onImage(where, img, (t) => padTensor(t, p, f, paddingMode as PaddingMode));
}

/** torchvision's padding argument as [left, right, top, bottom]. @internal */
export function parsePadding(where: string, padding: unknown): number[] {
  if (typeof padding === 'number') {
    checkInt(where, 'padding', padding);
    return [padding, padding, padding, padding];
  }
  if (!Array.isArray(padding)) throw new TypeError('Got inappropriate padding arg');
  checkDense(`${where}: padding`, padding);
  if (![1, 2, 4].includes(padding.length)) {
    throw new RangeError(`Padding must be an int or a 1, 2, or 4 element tuple, not a ${padding.length} element tuple`);
  }
  const p = padding.map((v: unknown, i: number) => checkInt(where, `padding[${i}]`, v));
  if (p.length === 1) return [p[0]!, p[0]!, p[0]!, p[0]!];
  if (p.length === 2) return [p[0]!, p[0]!, p[1]!, p[1]!];
  return [p[0]!, p[2]!, p[1]!, p[3]!];
}

// ---- resize ---------------------------------------------------------------------------------

/** Options of resize (every argument by name). */
export interface ResizeOptions {
  /** An int (the smaller edge, keeping the aspect ratio) or [h, w]. */
  size?: number | readonly number[];
  /** 'bilinear' (default), 'nearest', 'nearest-exact' or 'bicubic'. */
  interpolation?: InterpolationMode;
  /** The longest the longer edge may become when `size` is an int (default null: no bound). */
  maxSize?: number | null;
  /** Antialias when downsampling with 'bilinear' or 'bicubic' (default true; null means false). */
  antialias?: boolean | null;
}

/** torchvision's _compute_resized_output_size: [h, w]. @internal */
export function computeResizedOutputSize(imageSize: [number, number], size: readonly number[], maxSize: number | null): [number, number] {
  const [h, w] = imageSize;
  const [short, long] = w <= h ? [w, h] : [h, w];
  if (size.length === 1) {
    const requested = size[0]!;
    let newShort = requested;
    let newLong = Math.trunc(requested * long / short);
    if (maxSize !== null) {
      if (maxSize <= requested) {
        throw new RangeError(`max_size = ${maxSize} must be strictly greater than the requested size for the smaller edge size = [${requested}]`);
      }
      if (newLong > maxSize) {
        newShort = Math.trunc(maxSize * newShort / newLong);
        newLong = maxSize;
      }
    }
    const [newW, newH] = w <= h ? [newShort, newLong] : [newLong, newShort];
    return [newH, newW];
  }
  return [size[0]!, size[1]!];
}

/** resize's arguments, checked: [size as 1 or 2 ints, interpolation, maxSize, antialias]. @internal */
export function checkResizeArgs(where: string, size: unknown, interpolation: unknown, maxSize: unknown, antialias: unknown):
[number[], InterpolationMode, number | null, boolean] {
  const mode = checkInterpolation(where, interpolation);
  let list: number[];
  if (typeof size === 'number') list = [checkInt(where, 'size', size)];
  else if (Array.isArray(size)) {
    checkDense(`${where}: size`, size);
    if (size.length !== 1 && size.length !== 2) {
      throw new RangeError(`Size must be an int or a 1 or 2 element tuple/list, not a ${size.length} element tuple/list`);
    }
    list = size.map((s: unknown, i: number) => checkInt(where, `size[${i}]`, s));
  } else {
    throw new TypeError(`Size should be int or sequence. Got ${describeValue(size)}`);
  }
  const max = maxSize === null || maxSize === undefined ? null : checkInt(where, 'maxSize', maxSize);
  if (max !== null && list.length !== 1) {
    throw new RangeError('max_size should only be passed if size specifies the length of the smaller edge, ' +
      'i.e. size should be an int or a sequence of length 1 in torchscript mode.');
  }
  const aa = antialias === null || antialias === undefined ? false : checkBool(where, 'antialias', antialias);
  return [list, mode, max, aa];
}

/**
 * Resizes an image to `size`: an int matches the smaller edge to it (keeping the aspect ratio,
 * the longer edge at most `maxSize`), [h, w] sets both. Bilinear with antialiasing by default, as
 * torchvision's `F.resize` (uint8 images are resized in float32 and rounded back, as there).
 * @example
 * transforms.functional.resize(img, 256);
 * transforms.functional.resize(img, [32, 32], { interpolation: 'bicubic', antialias: false });
 */
export function resize<T extends ImageOrTensor>(img: T, ...args: KwArgs<[size: number | readonly number[], interpolation: InterpolationMode,
  maxSize: number | null, antialias: boolean | null], ['size'], ResizeOptions>): T {
  const where = 'resize';
  const o = parseArgs<Required<ResizeOptions>>(where, args, ['size', 'interpolation', 'maxSize', 'antialias'],
    { interpolation: 'bilinear', maxSize: null, antialias: true }, ['size']);
  const [size, mode, maxSize, antialias] = checkResizeArgs(where, o.size, o.interpolation, o.maxSize, o.antialias);
  return resizeChecked(where, img, size, mode, maxSize, antialias);
}

/** resize after its checks. @internal */
export function resizeChecked<T extends ImageOrTensor>(where: string, img: T, size: readonly number[], mode: InterpolationMode,
  maxSize: number | null, antialias: boolean): T {
  const [, h, w] = dimensionsOf(where, img);
  const out = computeResizedOutputSize([h, w], size, maxSize);
  if (out[0] === h && out[1] === w) return img;
  // An Image is resampled as Pillow resamples (always antialiased; RGBA and LA, which Pillow
  // resamples premultiplied, take the tensor path).
  if (img instanceof Image && (mode === 'bilinear' || mode === 'bicubic') && (img.mode === 'L' || img.mode === 'RGB')) {
    return wrapImage(resampleImageData(img.data, out, mode), img.mode) as T;
  }
  return onImage(where, img, (t) => resizeTensor(t, out, mode, antialias));
}

/**
 * Crops the box at (top, left) of the given height and width, then resizes it to `size`, as
 * torchvision's `F.resized_crop` (what RandomResizedCrop applies).
 * @example transforms.functional.resizedCrop(img, 2, 3, 20, 18, [16, 16]);
 */
export function resizedCrop<T extends ImageOrTensor>(img: T, top: number, left: number, height: number, width: number,
  ...args: KwArgs<[size: number | readonly number[], interpolation: InterpolationMode, antialias: boolean | null], ['size'],
    Omit<ResizeOptions, 'maxSize'>>): T {
  const where = 'resizedCrop';
  const o = parseArgs<Required<Omit<ResizeOptions, 'maxSize'>>>(where, args, ['size', 'interpolation', 'antialias'],
    { interpolation: 'bilinear', antialias: true }, ['size']);
  const [size, mode, , antialias] = checkResizeArgs(where, o.size, o.interpolation, null, o.antialias);
  return resizeChecked(where, crop(img, top, left, height, width), size, mode, null, antialias);
}

// ---- five and ten crops ---------------------------------------------------------------------

function fiveCropChecked<T extends ImageOrTensor>(where: string, img: T, size: unknown): [T, T, T, T, T] {
  const pair = pairSize(where, size);
  const [cropHeight, cropWidth] = pair;
  const [, imageHeight, imageWidth] = dimensionsOf(where, img);
  if (cropWidth > imageWidth || cropHeight > imageHeight) {
    const shown = Array.isArray(size) && size.length === 2 ? `[${pair.join(', ')}]` : `(${pair.join(', ')})`;
    throw new RangeError(`Requested crop size ${shown} is bigger than input size (${imageHeight}, ${imageWidth})`);
  }
  const tl = crop(img, 0, 0, cropHeight, cropWidth);
  const tr = crop(img, 0, imageWidth - cropWidth, cropHeight, cropWidth);
  const bl = crop(img, imageHeight - cropHeight, 0, cropHeight, cropWidth);
  const br = crop(img, imageHeight - cropHeight, imageWidth - cropWidth, cropHeight, cropWidth);
  const center = centerCrop(img, [cropHeight, cropWidth]);
  return [tl, tr, bl, br, center];
}

/**
 * The four corner crops and the centre crop of `size`, as torchvision's `F.five_crop`:
 * [topLeft, topRight, bottomLeft, bottomRight, center].
 * @example const [tl, tr, bl, br, center] = transforms.functional.fiveCrop(img, 24);
 */
export function fiveCrop<T extends ImageOrTensor>(img: T, size: number | readonly number[]): [T, T, T, T, T] {
  return fiveCropChecked('fiveCrop', img, size);
}

/**
 * fiveCrop of the image and of its flip (horizontal, or vertical with `verticalFlip`), as
 * torchvision's `F.ten_crop`: ten images.
 * @example const crops = transforms.functional.tenCrop(img, [24, 24], { verticalFlip: true });
 */
export function tenCrop<T extends ImageOrTensor>(img: T, ...args: KwArgs<[size: number | readonly number[], verticalFlip: boolean], ['size'],
  { size?: number | readonly number[]; verticalFlip?: boolean }>): [T, T, T, T, T, T, T, T, T, T] {
  const where = 'tenCrop';
  const o = parseArgs<{ size: unknown; verticalFlip: unknown }>(where, args, ['size', 'verticalFlip'], { verticalFlip: false }, ['size']);
  const verticalFlip = checkBool(where, 'verticalFlip', o.verticalFlip);
  const size = o.size;
  const first = fiveCropChecked(where, img, size);
  const flipped = verticalFlip ? vflip(img) : hflip(img);
  const second = fiveCropChecked(where, flipped, size);
  return [...first, ...second];
}

// ---- affine family --------------------------------------------------------------------------

const RAD = Math.PI / 180; // Python's math.radians multiplies by pi / 180

/**
 * torchvision's _get_inverse_affine_matrix: the 2 x 3 matrix (6 numbers) mapping output pixels
 * back to input pixels for a rotation by `angle` degrees about `center`, then `translate`,
 * `scale` and `shear` (degrees, [x, y]); `inverted` false gives the forward matrix. @internal
 */
export function getInverseAffineMatrix(center: readonly number[], angle: number, translate: readonly number[], scale: number,
  shear: readonly number[], inverted = true): number[] {
  const rot = angle * RAD;
  const sx = shear[0]! * RAD;
  const sy = shear[1]! * RAD;
  const [cx, cy] = center as [number, number];
  const [tx, ty] = translate as [number, number];
  const a = Math.cos(rot - sy) / Math.cos(sy);
  const b = -Math.cos(rot - sy) * Math.tan(sx) / Math.cos(sy) - Math.sin(rot);
  const c = Math.sin(rot - sy) / Math.cos(sy);
  const d = -Math.sin(rot - sy) * Math.tan(sx) / Math.cos(sy) + Math.cos(rot);
  let matrix: number[];
  if (inverted) {
    matrix = [d, -b, 0.0, -c, a, 0.0].map((x) => x / scale);
    matrix[2]! += matrix[0]! * (-cx - tx) + matrix[1]! * (-cy - ty);
    matrix[5]! += matrix[3]! * (-cx - tx) + matrix[4]! * (-cy - ty);
    matrix[2]! += cx;
    matrix[5]! += cy;
  } else {
    matrix = [a, b, 0.0, c, d, 0.0].map((x) => x * scale);
    matrix[2]! += matrix[0]! * -cx + matrix[1]! * -cy;
    matrix[5]! += matrix[3]! * -cx + matrix[4]! * -cy;
    matrix[2]! += cx + tx;
    matrix[5]! += cy + ty;
  }
  return matrix;
}

function centerFrom(where: string, center: unknown, img: ImageOrTensor): [number, number] {
  if (center === null || center === undefined) return [0.0, 0.0];
  if (!Array.isArray(center)) throw new TypeError('Argument center should be a sequence');
  const c = numberList(where, 'center', center);
  const [, height, width] = dimensionsOf(where, img);
  // pixel coordinates translated so that (0, 0) is the image centre
  return [1.0 * (c[0]! - width * 0.5), 1.0 * (c[1]! - height * 0.5)];
}

/** Options of rotate. */
export interface RotateOptions {
  /** Degrees, counter-clockwise. */
  angle?: number;
  /** 'nearest' (default) or 'bilinear'. */
  interpolation?: InterpolationMode;
  /** Grow the output to hold the whole rotated image (default false). */
  expand?: boolean;
  /** Centre of rotation in pixels, [x, y] from the top-left corner (default: the image centre). */
  center?: readonly number[] | null;
  /** Colour of the area outside the rotated image (default null: zeros). */
  fill?: Fill | null;
}

/**
 * Rotates an image by `angle` degrees counter-clockwise, as torchvision's `F.rotate`.
 * @example
 * transforms.functional.rotate(img, 30);
 * transforms.functional.rotate(img, 45, { interpolation: 'bilinear', expand: true, fill: [255, 0, 0] });
 */
export function rotate<T extends ImageOrTensor>(img: T, ...args: KwArgs<[angle: number, interpolation: InterpolationMode, expand: boolean,
  center: readonly number[] | null, fill: Fill | null], ['angle'], RotateOptions>): T {
  const where = 'rotate';
  const o = parseArgs<Required<RotateOptions>>(where, args, ['angle', 'interpolation', 'expand', 'center', 'fill'],
    { interpolation: 'nearest', expand: false, center: null, fill: null }, ['angle']);
  const mode = checkInterpolation(where, o.interpolation);
  if (typeof o.angle !== 'number' || Number.isNaN(o.angle)) throw new TypeError('Argument angle should be int or float');
  const expand = checkBool(where, 'expand', o.expand);
  const centerF = centerFrom(where, o.center, img);
  const [channels] = dimensionsOf(where, img);
  const fill = checkFill(where, o.fill, channels);
  const grid = gridInterpolation(mode);
  // -angle: torchvision's rotate and affine turn opposite ways
  const matrix = getInverseAffineMatrix(centerF, -o.angle, [0.0, 0.0], 1.0, [0.0, 0.0]);
  return onImage(where, img, (t) => rotateTensor(t, matrix, grid, expand, fill));
}

/** Options of affine. */
export interface AffineOptions {
  /** Rotation in degrees, clockwise. */
  angle?: number;
  /** Post-rotation translation [x, y] in pixels. */
  translate?: readonly number[];
  /** Overall scale. */
  scale?: number;
  /** Shear in degrees: one value (parallel to x) or [x, y]. */
  shear?: number | readonly number[];
  /** 'nearest' (default) or 'bilinear'. */
  interpolation?: InterpolationMode;
  /** Colour of the area outside the transformed image (default null: zeros). */
  fill?: Fill | null;
  /** Centre in pixels, [x, y] from the top-left corner (default: the image centre). */
  center?: readonly number[] | null;
}

/**
 * Applies an affine transformation that keeps the image centre: rotation (`angle` degrees,
 * clockwise), `translate` [x, y], `scale`, `shear`, as torchvision's `F.affine`.
 * @example
 * transforms.functional.affine(img, 15, [2, -1], 1.1, [5, 0]);
 * transforms.functional.affine(img, { angle: 0, translate: [0, 0], scale: 1, shear: [10, 0], interpolation: 'bilinear', fill: 128 });
 */
export function affine<T extends ImageOrTensor>(img: T, ...args: KwArgs<[angle: number, translate: readonly number[], scale: number,
  shear: number | readonly number[], interpolation: InterpolationMode, fill: Fill | null, center: readonly number[] | null],
  ['angle', 'translate', 'scale', 'shear'], AffineOptions>): T {
  const where = 'affine';
  const o = parseArgs<Required<AffineOptions>>(where, args, ['angle', 'translate', 'scale', 'shear', 'interpolation', 'fill', 'center'],
    { interpolation: 'nearest', fill: null, center: null }, ['angle', 'translate', 'scale', 'shear']);
  const mode = checkInterpolation(where, o.interpolation);
  if (typeof o.angle !== 'number' || Number.isNaN(o.angle)) throw new TypeError('Argument angle should be int or float');
  if (!Array.isArray(o.translate)) throw new TypeError('Argument translate should be a sequence');
  if (o.translate.length !== 2) throw new RangeError('Argument translate should be a sequence of length 2');
  const translate = numberList(where, 'translate', o.translate);
  const scale = checkNumber(where, 'scale', o.scale);
  if (scale <= 0.0) throw new RangeError('Argument scale should be positive');
  let shear: number[];
  if (typeof o.shear === 'number') shear = [checkNumber(where, 'shear', o.shear), 0.0];
  else if (Array.isArray(o.shear)) shear = numberList(where, 'shear', o.shear);
  else throw new TypeError('Shear should be either a single value or a sequence of two values');
  if (shear.length === 1) shear = [shear[0]!, shear[0]!];
  if (shear.length !== 2) throw new RangeError(`Shear should be a sequence containing two values. Got [${shear.join(', ')}]`);
  const centerF = centerFrom(where, o.center, img);
  const [channels] = dimensionsOf(where, img);
  const fill = checkFill(where, o.fill, channels);
  const grid = gridInterpolation(mode);
  const matrix = getInverseAffineMatrix(centerF, o.angle, translate.map((t) => 1.0 * t), scale, shear);
  return onImage(where, img, (t) => affineTensor(t, matrix, grid, fill));
}

/**
 * torchvision's _get_perspective_coeffs: the 8 coefficients (a..h) of the perspective map taking
 * `endpoints` to `startpoints`, by least squares in float64, rounded to float32. @internal
 */
export function getPerspectiveCoeffs(startpoints: readonly (readonly number[])[], endpoints: readonly (readonly number[])[]): number[] {
  if (startpoints.length !== 4 || endpoints.length !== 4) {
    throw new RangeError(`Please provide exactly four corners, got ${startpoints.length} startpoints and ${endpoints.length} endpoints.`);
  }
  const rows: number[][] = [];
  // torch.tensor of a row with a non-integer is float32 before it lands in the float64 matrix
  const asTorchRow = (r: number[]): number[] => (r.every(Number.isInteger) ? r : r.map(Math.fround));
  for (let i = 0; i < 4; i++) {
    const p1 = endpoints[i]!;
    const p2 = startpoints[i]!;
    rows.push(asTorchRow([p1[0]!, p1[1]!, 1, 0, 0, 0, -p2[0]! * p1[0]!, -p2[0]! * p1[1]!]));
    rows.push(asTorchRow([0, 0, 0, p1[0]!, p1[1]!, 1, -p2[1]! * p1[0]!, -p2[1]! * p1[1]!]));
  }
  const aMatrix = makeTensor(rows, { dtype: 'float64' });
  const bMatrix = makeTensor(startpoints.map((p) => [...p]), { dtype: 'float64' }).view(8);
  const res = linalg.lstsq(aMatrix, bMatrix, { driver: 'gels' }).solution.to('float32');
  return res.tolist() as number[];
}

function checkPoints(where: string, name: string, v: unknown): number[][] {
  if (!Array.isArray(v)) throw new TypeError(`${where}: ${name} should be an array of four [x, y] points. Got ${describeValue(v)}`);
  checkDense(`${where}: ${name}`, v);
  return v.map((p: unknown, i: number) => {
    const q = numberList(where, `${name}[${i}]`, p);
    if (q.length !== 2) throw new RangeError(`${where}: ${name}[${i}] should be an [x, y] point`);
    return q;
  });
}

/** Options of perspective. */
export interface PerspectiveOptions {
  /** The four corners [top-left, top-right, bottom-right, bottom-left] of the original image, [x, y] each. */
  startpoints?: readonly (readonly number[])[];
  /** Where those corners go in the transformed image. */
  endpoints?: readonly (readonly number[])[];
  /** 'bilinear' (default) or 'nearest'. */
  interpolation?: InterpolationMode;
  /** Colour of the area outside the transformed image (default null: zeros). */
  fill?: Fill | null;
}

/**
 * Applies the perspective transformation that moves the four `startpoints` to `endpoints`, as
 * torchvision's `F.perspective`.
 * @example
 * const start = [[0, 0], [31, 0], [31, 31], [0, 31]];
 * const end = [[3, 2], [29, 0], [31, 28], [1, 30]];
 * transforms.functional.perspective(img, start, end);
 */
export function perspective<T extends ImageOrTensor>(img: T, ...args: KwArgs<[startpoints: readonly (readonly number[])[],
  endpoints: readonly (readonly number[])[], interpolation: InterpolationMode, fill: Fill | null], ['startpoints', 'endpoints'], PerspectiveOptions>): T {
  const where = 'perspective';
  const o = parseArgs<Required<PerspectiveOptions>>(where, args, ['startpoints', 'endpoints', 'interpolation', 'fill'],
    { interpolation: 'bilinear', fill: null }, ['startpoints', 'endpoints']);
  const coeffs = getPerspectiveCoeffs(checkPoints(where, 'startpoints', o.startpoints), checkPoints(where, 'endpoints', o.endpoints));
  const mode = checkInterpolation(where, o.interpolation);
  const [channels] = dimensionsOf(where, img);
  const fill = checkFill(where, o.fill, channels);
  const grid = gridInterpolation(mode);
  return onImage(where, img, (t) => perspectiveTensor(t, coeffs, grid, fill));
}

/** Options of elasticTransform. */
export interface ElasticTransformOptions {
  /** The displacement field, 1 x H x W x 2, in grid_sample's normalised units. */
  displacement?: Tensor;
  /** 'bilinear' (default), 'nearest' or 'bicubic'. */
  interpolation?: InterpolationMode;
  /** Colour of the area outside the transformed image (default null: zeros). */
  fill?: Fill | null;
}

/**
 * Moves every pixel by a displacement field (1 x H x W x 2, normalised as grid_sample's grid),
 * as torchvision's `F.elastic_transform`; ElasticTransform draws the field.
 * @example
 * const displacement = torch.zeros([1, 32, 32, 2]);
 * transforms.functional.elasticTransform(img, displacement);
 */
export function elasticTransform<T extends ImageOrTensor>(img: T, ...args: KwArgs<[displacement: Tensor, interpolation: InterpolationMode, fill: Fill | null],
  ['displacement'], ElasticTransformOptions>): T {
  const where = 'elasticTransform';
  const o = parseArgs<Required<ElasticTransformOptions>>(where, args, ['displacement', 'interpolation', 'fill'],
    { interpolation: 'bilinear', fill: null }, ['displacement']);
  const mode = checkInterpolation(where, o.interpolation);
  if (!(o.displacement instanceof Tensor)) throw new TypeError('Argument displacement should be a Tensor');
  const [channels, h, w] = dimensionsOf(where, img);
  const want = [1, h, w, 2];
  const got = o.displacement.shape;
  if (got.length !== 4 || got.some((s, i) => s !== want[i])) {
    throw new RangeError(`Argument displacement shape should be torch.Size([${want.join(', ')}]), but given torch.Size([${got.join(', ')}])`);
  }
  const fill = checkFill(where, o.fill, channels);
  // torchvision hands any mode to grid_sample here, which also has 'bicubic'
  if (mode === 'nearest-exact') throw new RangeError(`Interpolation mode '${mode}' is unsupported with Tensor input`);
  const displacement = o.displacement;
  return onImage(where, img, (t) => elasticTensor(t, displacement, mode, fill));
}
