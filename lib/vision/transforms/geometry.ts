// torchvision.transforms' geometric transforms: Resize, CenterCrop, Pad, RandomCrop,
// RandomResizedCrop, RandomHorizontalFlip, RandomVerticalFlip, RandomPerspective, RandomRotation,
// RandomAffine, FiveCrop, TenCrop, ElasticTransform. The random ones draw their parameters from
// torch's generator with torchvision's calls in torchvision's order (get_params), so the same
// torch.manualSeed gives torchvision's crops, angles and pixels.
import { Tensor } from '../../tensor.js';
import * as torch from '../../generated/functions.js';
import { checkDense } from '../../arrays.js';
import { tensor as makeTensor } from '../../creation.js';
import { parseArgs, checkBool, checkInt, checkNumber, describeValue } from '../../validate.js';
import { makeTransform, factory, type Factory, type ImageTransform, type Transform } from './core.js';
import { type ImageOrTensor, pyFloat, pyNumber, pySeq } from './functional/_utils.js';
import { randLt } from './color.js';
import { gaussianBlur } from './functional/color.js';
import * as F from './functional/geometry.js';
import { pyRound } from './functional/_tensor.js';
import type { Fill, InterpolationMode, PaddingMode } from './functional/geometry.js';

function imageTransform(fn: (img: ImageOrTensor) => ImageOrTensor, repr: string, batch?: (x: Tensor) => Tensor): ImageTransform {
  return makeTransform(fn, repr, batch) as ImageTransform;
}

/** A transform giving several images (FiveCrop, TenCrop), each of its input's type. */
export interface CropsTransform extends Transform<ImageOrTensor, ImageOrTensor[]> {
  <T extends ImageOrTensor>(img: T): T[];
}

const SIZE_MSG = 'Please provide only two dimensions (h, w) for size.';

// torchvision's _setup_size, with the repr it prints: an int becomes the tuple (s, s), [s] the
// tuple (s, s), a pair stays as given.
function setupSize(where: string, size: unknown): { hw: [number, number]; repr: string } {
  if (typeof size === 'number') {
    const s = checkInt(where, 'size', size);
    return { hw: [s, s], repr: `(${s}, ${s})` };
  }
  if (!Array.isArray(size)) throw new TypeError(`${where}: size should be an integer or an array of 1 or 2 integers. Got ${describeValue(size)}`);
  checkDense(`${where}: size`, size);
  if (size.length === 1) {
    const s = checkInt(where, 'size[0]', size[0]);
    return { hw: [s, s], repr: `(${s}, ${s})` };
  }
  if (size.length !== 2) throw new RangeError(SIZE_MSG);
  const hw: [number, number] = [checkInt(where, 'size[0]', size[0]), checkInt(where, 'size[1]', size[1])];
  return { hw, repr: `[${hw.join(', ')}]` };
}

function checkP(where: string, p: unknown): number {
  return checkNumber(where, 'p', p);
}

function fillRepr(fill: Fill): string {
  return typeof fill === 'number' ? pyNumber(fill) : pySeq(fill, false);
}

function checkTransformFill(where: string, fill: unknown): Fill {
  if (fill === null || fill === undefined) return 0;
  if (typeof fill === 'number') return checkNumber(where, 'fill', fill);
  if (Array.isArray(fill)) {
    checkDense(`${where}: fill`, fill);
    return fill.map((v: unknown, i: number) => checkNumber(where, `fill[${i}]`, v));
  }
  throw new TypeError('Fill should be either a sequence or a number.');
}

// The fill the random grid transforms hand to the functional op for a tensor image: one float
// per channel for a number, floats for a list.
function tensorFill(fill: Fill, channels: number): number[] {
  return typeof fill === 'number' ? new Array<number>(channels).fill(fill) : [...fill];
}

// ---- Resize, CenterCrop, Pad ----------------------------------------------------------------

/** Options of Resize. */
export interface ResizeOptions {
  /** An int (the smaller edge, keeping the aspect ratio) or [h, w]. */
  size?: number | readonly number[];
  /** 'bilinear' (default), 'nearest', 'nearest-exact' or 'bicubic'. */
  interpolation?: InterpolationMode;
  /** The longest the longer edge may become when `size` is an int (default null). */
  maxSize?: number | null;
  /** Antialias when downsampling with 'bilinear' or 'bicubic' (default true). */
  antialias?: boolean | null;
}

/**
 * Resizes images to `size` (an int: the smaller edge, keeping the aspect ratio; [h, w]: both), as
 * torchvision's Resize; bilinear with antialiasing by default.
 * @example
 * transforms.Resize(256);
 * transforms.Resize([224, 224], { interpolation: transforms.InterpolationMode.BICUBIC });
 */
export const Resize: Factory<[size: number | readonly number[], interpolation?: InterpolationMode, maxSize?: number | null, antialias?: boolean | null]
  | [number | readonly number[], ResizeOptions] | [number | readonly number[], InterpolationMode, ResizeOptions]
  | [ResizeOptions], ImageTransform> = factory((...args: unknown[]) => {
  const where = 'Resize';
  const o = parseArgs<Required<ResizeOptions>>(where, args, ['size', 'interpolation', 'maxSize', 'antialias'],
    { interpolation: 'bilinear', maxSize: null, antialias: true }, ['size']);
  if (typeof o.size !== 'number' && !Array.isArray(o.size)) throw new TypeError(`Size should be int or sequence. Got ${describeValue(o.size)}`);
  if (Array.isArray(o.size) && o.size.length !== 1 && o.size.length !== 2) throw new RangeError('If size is a sequence, it should have 1 or 2 values');
  const [size, mode, maxSize, antialias] = F.checkResizeArgs(where, o.size, o.interpolation, o.maxSize, o.antialias);
  const sizeRepr = typeof o.size === 'number' ? String(o.size) : `[${size.join(', ')}]`;
  const aaRepr = o.antialias === null ? 'None' : antialias ? 'True' : 'False';
  const repr = `Resize(size=${sizeRepr}, interpolation=${mode}, max_size=${maxSize ?? 'None'}, antialias=${aaRepr})`;
  const fn = <T extends ImageOrTensor>(img: T): T => F.resizeChecked(where, img, size, mode, maxSize, antialias);
  return imageTransform(fn, repr, fn);
});

/**
 * Crops the centre of images to `size` (an int for a square, or [h, w]), padding with zeros
 * when the crop is larger, as torchvision's CenterCrop.
 * @example transforms.CenterCrop(224)
 */
export const CenterCrop: Factory<[size: number | readonly number[]] | [{ size: number | readonly number[] }], ImageTransform> = factory((...args: unknown[]) => {
  const o = parseArgs<{ size: unknown }>('CenterCrop', args, ['size'], {}, ['size']);
  const { hw, repr } = setupSize('CenterCrop', o.size);
  const fn = <T extends ImageOrTensor>(img: T): T => F.centerCrop(img, hw);
  return imageTransform(fn, `CenterCrop(size=${repr})`, fn);
});

/** Options of Pad. */
export interface PadOptions {
  /** One int (all sides), [left/right, top/bottom] or [left, top, right, bottom]. */
  padding?: number | readonly number[];
  /** Value of 'constant' padding (default 0). */
  fill?: number;
  /** 'constant' (default), 'edge', 'reflect' or 'symmetric'. */
  paddingMode?: PaddingMode;
}

/**
 * Pads every side of images, as torchvision's Pad.
 * @example
 * transforms.Pad(4);
 * transforms.Pad([2, 1], { paddingMode: 'reflect' });
 */
export const Pad: Factory<[padding: number | readonly number[], fill?: number, paddingMode?: PaddingMode] | [number | readonly number[], PadOptions]
  | [number | readonly number[], number, PadOptions] | [PadOptions], ImageTransform> = factory((...args: unknown[]) => {
  const where = 'Pad';
  const o = parseArgs<Required<PadOptions>>(where, args, ['padding', 'fill', 'paddingMode'], { fill: 0, paddingMode: 'constant' }, ['padding']);
  if (typeof o.padding !== 'number' && !Array.isArray(o.padding)) throw new TypeError('Got inappropriate padding arg');
  if (typeof o.fill !== 'number' && !Array.isArray(o.fill)) throw new TypeError('Got inappropriate fill arg');
  if (!['constant', 'edge', 'reflect', 'symmetric'].includes(o.paddingMode)) {
    throw new RangeError('Padding mode should be either constant, edge, reflect or symmetric');
  }
  F.parsePadding(where, o.padding);
  const { padding, fill, paddingMode } = o;
  const repr = `Pad(padding=${typeof padding === 'number' ? padding : pySeq(padding, false)}, fill=${fillRepr(fill)}, padding_mode=${paddingMode})`;
  const fn = <T extends ImageOrTensor>(img: T): T => F.padChecked(where, img, padding, fill, paddingMode);
  return imageTransform(fn, repr, fn);
});

// ---- random crops ---------------------------------------------------------------------------

/** Options of RandomCrop. */
export interface RandomCropOptions {
  /** The crop: an int for a square, or [h, w]. */
  size?: number | readonly number[];
  /** Padding applied first (as Pad's; default null: none). */
  padding?: number | readonly number[] | null;
  /** Pad images smaller than the crop up to its size (default false). */
  padIfNeeded?: boolean;
  /** Value of 'constant' padding (default 0). */
  fill?: number;
  /** 'constant' (default), 'edge', 'reflect' or 'symmetric'. */
  paddingMode?: PaddingMode;
}

/** torchvision's RandomCrop.get_params: [top, left, h, w] by torch.randint. */
function randomCropParams(img: ImageOrTensor, outputSize: readonly number[]): [number, number, number, number] {
  const [, h, w] = F.dimensionsOf('RandomCrop.getParams', img);
  const [th, tw] = outputSize as [number, number];
  if (h < th || w < tw) throw new RangeError(`Required crop size (${th}, ${tw}) is larger than input image size (${h}, ${w})`);
  if (w === tw && h === th) return [0, 0, h, w];
  const i = torch.randint(0, h - th + 1, [1]).item();
  const j = torch.randint(0, w - tw + 1, [1]).item();
  return [i, j, th, tw];
}

/**
 * Crops a random box of `size`, after optional padding, as torchvision's RandomCrop.
 * @example transforms.RandomCrop(32, { padding: 4 })
 */
export const RandomCrop: Factory<[size: number | readonly number[], padding?: number | readonly number[] | null, padIfNeeded?: boolean, fill?: number, paddingMode?: PaddingMode]
  | [number | readonly number[], RandomCropOptions] | [RandomCropOptions], ImageTransform> & {
  /** torchvision's RandomCrop.get_params: a random [top, left, h, w] of `outputSize` [h, w]. @example const [i, j, h, w] = transforms.RandomCrop.getParams(img, [24, 24]); */
  getParams(img: ImageOrTensor, outputSize: readonly [number, number]): [number, number, number, number];
} = Object.assign(factory((...args: unknown[]) => {
  const where = 'RandomCrop';
  const o = parseArgs<Required<RandomCropOptions>>(where, args, ['size', 'padding', 'padIfNeeded', 'fill', 'paddingMode'],
    { padding: null, padIfNeeded: false, fill: 0, paddingMode: 'constant' }, ['size']);
  const { hw, repr } = setupSize(where, o.size);
  const padIfNeeded = checkBool(where, 'padIfNeeded', o.padIfNeeded);
  const { padding, fill, paddingMode } = o;
  if (padding !== null) F.parsePadding(where, padding);
  const fn = <T extends ImageOrTensor>(input: T): T => {
    let img = input;
    if (padding !== null) img = F.padChecked(where, img, padding, fill, paddingMode);
    const [, height, width] = F.dimensionsOf(where, img);
    if (padIfNeeded && width < hw[1]) img = F.padChecked(where, img, [hw[1] - width, 0], fill, paddingMode);
    if (padIfNeeded && height < hw[0]) img = F.padChecked(where, img, [0, hw[0] - height], fill, paddingMode);
    const [i, j, h, w] = randomCropParams(img, hw);
    return F.crop(img, i, j, h, w);
  };
  const padRepr = padding === null ? 'None' : typeof padding === 'number' ? String(padding) : pySeq(padding, false);
  return imageTransform(fn, `RandomCrop(size=${repr.replace(/^\[(.*)\]$/, '($1)')}, padding=${padRepr})`);
}), { getParams: randomCropParams });

/** Options of RandomResizedCrop. */
export interface RandomResizedCropOptions {
  /** The output: an int for a square, or [h, w]. */
  size?: number | readonly number[];
  /** Range of the crop's area, as a fraction of the image's (default [0.08, 1.0]). */
  scale?: readonly [number, number];
  /** Range of the crop's aspect ratio w / h (default [3/4, 4/3]). */
  ratio?: readonly [number, number];
  /** 'bilinear' (default), 'nearest', 'nearest-exact' or 'bicubic'. */
  interpolation?: InterpolationMode;
  /** Antialias when downsampling (default true). */
  antialias?: boolean | null;
}

/** torchvision's RandomResizedCrop.get_params: 10 tries of a random area and log-uniform ratio, then a central crop. */
function resizedCropParams(img: ImageOrTensor, scale: readonly number[], ratio: readonly number[]): [number, number, number, number] {
  const [, height, width] = F.dimensionsOf('RandomResizedCrop.getParams', img);
  const area = height * width;
  const logRatio = torch.log(makeTensor([ratio[0]!, ratio[1]!])).tolist() as number[];
  for (let n = 0; n < 10; n++) {
    const targetArea = area * torch.empty([1]).uniform_(scale[0]!, scale[1]!).item();
    const aspectRatio = torch.exp(torch.empty([1]).uniform_(logRatio[0]!, logRatio[1]!)).item();
    const w = pyRound(Math.sqrt(targetArea * aspectRatio));
    const h = pyRound(Math.sqrt(targetArea / aspectRatio));
    if (w > 0 && w <= width && h > 0 && h <= height) {
      const i = torch.randint(0, height - h + 1, [1]).item();
      const j = torch.randint(0, width - w + 1, [1]).item();
      return [i, j, h, w];
    }
  }
  // fall back to a central crop
  const inRatio = width / height;
  let w: number;
  let h: number;
  if (inRatio < Math.min(ratio[0]!, ratio[1]!)) {
    w = width;
    h = pyRound(w / Math.min(ratio[0]!, ratio[1]!));
  } else if (inRatio > Math.max(ratio[0]!, ratio[1]!)) {
    h = height;
    w = pyRound(h * Math.max(ratio[0]!, ratio[1]!));
  } else {
    w = width;
    h = height;
  }
  return [Math.floor((height - h) / 2), Math.floor((width - w) / 2), h, w];
}

const DEFAULT_SCALE: readonly [number, number] = [0.08, 1.0];
const DEFAULT_RATIO: readonly [number, number] = [3.0 / 4.0, 4.0 / 3.0];

function pair(where: string, name: string, v: unknown): [number, number] {
  if (!Array.isArray(v)) throw new TypeError(`${name[0]!.toUpperCase()}${name.slice(1)} should be a sequence`);
  checkDense(`${where}: ${name}`, v);
  if (v.length !== 2) throw new RangeError(`${where}: ${name} should be [min, max]`);
  return [checkNumber(where, `${name}[0]`, v[0]), checkNumber(where, `${name}[1]`, v[1])];
}

/**
 * Crops a random area (a fraction `scale` of the image, aspect ratio in `ratio`) and resizes it
 * to `size`, as torchvision's RandomResizedCrop.
 * @example transforms.RandomResizedCrop(224, { scale: [0.5, 1.0] })
 */
export const RandomResizedCrop: Factory<[size: number | readonly number[], scale?: readonly [number, number], ratio?: readonly [number, number], interpolation?: InterpolationMode, antialias?: boolean | null]
  | [number | readonly number[], RandomResizedCropOptions] | [RandomResizedCropOptions], ImageTransform> & {
  /** torchvision's RandomResizedCrop.get_params: a random [top, left, h, w]. @example const [i, j, h, w] = transforms.RandomResizedCrop.getParams(img, [0.08, 1], [3 / 4, 4 / 3]); */
  getParams(img: ImageOrTensor, scale: readonly [number, number], ratio: readonly [number, number]): [number, number, number, number];
} = Object.assign(factory((...args: unknown[]) => {
  const where = 'RandomResizedCrop';
  const o = parseArgs<Required<RandomResizedCropOptions>>(where, args, ['size', 'scale', 'ratio', 'interpolation', 'antialias'],
    { scale: DEFAULT_SCALE, ratio: DEFAULT_RATIO, interpolation: 'bilinear', antialias: true }, ['size']);
  const { hw, repr } = setupSize(where, o.size);
  const scale = pair(where, 'scale', o.scale);
  const ratio = pair(where, 'ratio', o.ratio);
  if (scale[0] > scale[1] || ratio[0] > ratio[1]) process.emitWarning('Scale and ratio should be of kind (min, max)');
  const [, mode, , antialias] = F.checkResizeArgs(where, hw, o.interpolation, null, o.antialias);
  const fn = <T extends ImageOrTensor>(img: T): T => {
    const [i, j, h, w] = resizedCropParams(img, scale, ratio);
    return F.resizeChecked(where, F.crop(img, i, j, h, w), hw, mode, null, antialias);
  };
  // round(x, 4) of the defaults (floats in Python) prints 1.0; of a number the user gave, as written
  const r4 = (given: boolean) => (x: number): string => (given ? pyNumber : pyFloat)(Math.round(x * 1e4) / 1e4);
  const aaRepr = o.antialias === null ? 'None' : antialias ? 'True' : 'False';
  return imageTransform(fn, `RandomResizedCrop(size=${repr}, scale=(${scale.map(r4(o.scale !== DEFAULT_SCALE)).join(', ')}), ratio=(${ratio.map(r4(o.ratio !== DEFAULT_RATIO)).join(', ')}), ` +
    `interpolation=${mode}, antialias=${aaRepr})`);
}), { getParams: resizedCropParams });

// ---- flips ----------------------------------------------------------------------------------

/**
 * Flips images left to right with probability `p` (default 0.5), as torchvision's RandomHorizontalFlip.
 * @example transforms.RandomHorizontalFlip()
 */
export const RandomHorizontalFlip: Factory<[p?: number] | [{ p?: number }], ImageTransform> = factory((...args: unknown[]) => {
  const o = parseArgs<{ p: unknown }>('RandomHorizontalFlip', args, ['p'], { p: 0.5 });
  const p = checkP('RandomHorizontalFlip', o.p);
  return imageTransform(<T extends ImageOrTensor>(img: T): T => (randLt(p) ? F.hflip(img) : img), `RandomHorizontalFlip(p=${pyNumber(p)})`);
});

/**
 * Flips images upside down with probability `p` (default 0.5), as torchvision's RandomVerticalFlip.
 * @example transforms.RandomVerticalFlip(0.3)
 */
export const RandomVerticalFlip: Factory<[p?: number] | [{ p?: number }], ImageTransform> = factory((...args: unknown[]) => {
  const o = parseArgs<{ p: unknown }>('RandomVerticalFlip', args, ['p'], { p: 0.5 });
  const p = checkP('RandomVerticalFlip', o.p);
  return imageTransform(<T extends ImageOrTensor>(img: T): T => (randLt(p) ? F.vflip(img) : img), `RandomVerticalFlip(p=${pyNumber(p)})`);
});

// ---- RandomPerspective, RandomRotation, RandomAffine ----------------------------------------

/** Options of RandomPerspective. */
export interface RandomPerspectiveOptions {
  /** How far the corners may move, 0..1 (default 0.5). */
  distortionScale?: number;
  /** Probability of transforming (default 0.5). */
  p?: number;
  /** 'bilinear' (default) or 'nearest'. */
  interpolation?: InterpolationMode;
  /** Colour of the area outside the transformed image (default 0). */
  fill?: Fill;
}

/** torchvision's RandomPerspective.get_params: [startpoints, endpoints], eight torch.randint draws. */
function perspectiveParams(width: number, height: number, distortionScale: number): [number[][], number[][]] {
  const halfHeight = Math.floor(height / 2);
  const halfWidth = Math.floor(width / 2);
  const dw = Math.trunc(distortionScale * halfWidth);
  const dh = Math.trunc(distortionScale * halfHeight);
  const ri = (lo: number, hi: number): number => torch.randint(lo, hi, [1]).item();
  const topleft = [ri(0, dw + 1), ri(0, dh + 1)];
  const topright = [ri(width - dw - 1, width), ri(0, dh + 1)];
  const botright = [ri(width - dw - 1, width), ri(height - dh - 1, height)];
  const botleft = [ri(0, dw + 1), ri(height - dh - 1, height)];
  const startpoints = [[0, 0], [width - 1, 0], [width - 1, height - 1], [0, height - 1]];
  return [startpoints, [topleft, topright, botright, botleft]];
}

/**
 * With probability `p`, moves the corners of images by up to `distortionScale` of half their
 * size and warps them accordingly, as torchvision's RandomPerspective.
 * @example transforms.RandomPerspective(0.3, 0.5)
 */
export const RandomPerspective: Factory<[distortionScale?: number, p?: number, interpolation?: InterpolationMode, fill?: Fill]
  | [number, RandomPerspectiveOptions] | [number, number, RandomPerspectiveOptions] | [RandomPerspectiveOptions], ImageTransform> & {
  /** torchvision's RandomPerspective.get_params: random [startpoints, endpoints]. @example const [start, end] = transforms.RandomPerspective.getParams(32, 32, 0.5); */
  getParams(width: number, height: number, distortionScale: number): [number[][], number[][]];
} = Object.assign(factory((...args: unknown[]) => {
  const where = 'RandomPerspective';
  const o = parseArgs<Required<RandomPerspectiveOptions>>(where, args, ['distortionScale', 'p', 'interpolation', 'fill'],
    { distortionScale: 0.5, p: 0.5, interpolation: 'bilinear', fill: 0 });
  const distortionScale = checkNumber(where, 'distortionScale', o.distortionScale);
  const p = checkP(where, o.p);
  const mode = F.checkInterpolation(where, o.interpolation);
  const fill = checkTransformFill(where, o.fill);
  const fn = <T extends ImageOrTensor>(img: T): T => {
    const [channels, height, width] = F.dimensionsOf(where, img);
    const f = tensorFill(fill, channels);
    if (randLt(p)) {
      const [startpoints, endpoints] = perspectiveParams(width, height, distortionScale);
      return F.perspective(img, startpoints, endpoints, mode, f);
    }
    return img;
  };
  return imageTransform(fn, `RandomPerspective(p=${pyNumber(p)})`);
}), { getParams: perspectiveParams });

// torchvision's _setup_angle: one non-negative number d as [-d, d], or a sequence of the sizes given.
function setupAngle(x: unknown, name: string, reqSizes: readonly number[]): number[] {
  if (typeof x === 'number') {
    checkNumber(name, name, x);
    if (x < 0) throw new RangeError(`If ${name} is a single number, it must be positive.`);
    return [0 - x, x]; // Python's -0 of an int is 0
  }
  checkSequence(x, name, reqSizes);
  return (x as unknown[]).map((d, i) => checkNumber(name, `${name}[${i}]`, d));
}

function checkSequence(x: unknown, name: string, reqSizes: readonly number[]): void {
  const msg = reqSizes.length < 2 ? String(reqSizes[0]) : reqSizes.join(' or ');
  if (!Array.isArray(x)) throw new TypeError(`${name} should be a sequence of length ${msg}.`);
  checkDense(name, x);
  if (!reqSizes.includes(x.length)) throw new RangeError(`${name} should be a sequence of length ${msg}.`);
}

/** Options of RandomRotation. */
export interface RandomRotationOptions {
  /** Range of degrees [min, max], or d for [-d, d]. */
  degrees?: number | readonly number[];
  /** 'nearest' (default) or 'bilinear'. */
  interpolation?: InterpolationMode;
  /** Grow the output to hold the whole rotated image (default false). */
  expand?: boolean;
  /** Centre of rotation [x, y] in pixels (default: the image centre). */
  center?: readonly number[] | null;
  /** Colour of the area outside the rotated image (default 0). */
  fill?: Fill;
}

function rotationParams(degrees: readonly number[]): number {
  return torch.empty([1]).uniform_(degrees[0]!, degrees[1]!).item();
}

/**
 * Rotates images by a random angle in `degrees` ([min, max], or d for [-d, d]), as torchvision's
 * RandomRotation.
 * @example transforms.RandomRotation(15, { interpolation: 'bilinear' })
 */
export const RandomRotation: Factory<[degrees: number | readonly number[], interpolation?: InterpolationMode, expand?: boolean, center?: readonly number[] | null, fill?: Fill]
  | [number | readonly number[], RandomRotationOptions] | [RandomRotationOptions], ImageTransform> & {
  /** torchvision's RandomRotation.get_params: an angle drawn uniformly from [min, max]. @example transforms.RandomRotation.getParams([-30, 30]) */
  getParams(degrees: readonly [number, number]): number;
} = Object.assign(factory((...args: unknown[]) => {
  const where = 'RandomRotation';
  const o = parseArgs<Required<RandomRotationOptions>>(where, args, ['degrees', 'interpolation', 'expand', 'center', 'fill'],
    { interpolation: 'nearest', expand: false, center: null, fill: 0 }, ['degrees']);
  const mode = F.checkInterpolation(where, o.interpolation);
  const degrees = setupAngle(o.degrees, 'degrees', [2]);
  if (o.center !== null) checkSequence(o.center, 'center', [2]);
  const center = o.center;
  const expand = checkBool(where, 'expand', o.expand);
  const fill = checkTransformFill(where, o.fill);
  const fn = <T extends ImageOrTensor>(img: T): T => {
    const [channels] = F.dimensionsOf(where, img);
    const f = tensorFill(fill, channels);
    const angle = rotationParams(degrees);
    return F.rotate(img, angle, mode, expand, center, f);
  };
  const repr = `RandomRotation(degrees=${pySeq(degrees, false, pyFloat)}, interpolation=${mode}, expand=${expand ? 'True' : 'False'}` +
    `${center !== null ? `, center=${pySeq(center, false)}` : ''}, fill=${fillRepr(fill)})`;
  return imageTransform(fn, repr);
}), { getParams: rotationParams });

/** Options of RandomAffine. */
export interface RandomAffineOptions {
  /** Range of rotation degrees [min, max], or d for [-d, d]. */
  degrees?: number | readonly number[];
  /** Largest translation as fractions [a, b] of the width and height (default null: none). */
  translate?: readonly number[] | null;
  /** Range of the scale factor [min, max] (default null: 1). */
  scale?: readonly number[] | null;
  /** Shear range in degrees: d, [min, max] (x only) or [xmin, xmax, ymin, ymax] (default null: none). */
  shear?: number | readonly number[] | null;
  /** 'nearest' (default) or 'bilinear'. */
  interpolation?: InterpolationMode;
  /** Colour of the area outside the transformed image (default 0). */
  fill?: Fill;
  /** Centre [x, y] in pixels (default: the image centre). */
  center?: readonly number[] | null;
}

/** RandomAffine's drawn parameters: [angle, [tx, ty], scale, [shearX, shearY]]. */
export type AffineParams = [angle: number, translations: [number, number], scale: number, shear: [number, number]];

function affineParams(degrees: readonly number[], translate: readonly number[] | null, scaleRanges: readonly number[] | null,
  shears: readonly number[] | null, imgSize: readonly number[]): AffineParams {
  const uniform = (a: number, b: number): number => torch.empty([1]).uniform_(a, b).item();
  const angle = uniform(degrees[0]!, degrees[1]!);
  let translations: [number, number] = [0, 0];
  if (translate !== null) {
    const maxDx = translate[0]! * imgSize[0]!;
    const maxDy = translate[1]! * imgSize[1]!;
    const tx = pyRound(uniform(-maxDx, maxDx));
    const ty = pyRound(uniform(-maxDy, maxDy));
    translations = [tx, ty];
  }
  const scale = scaleRanges !== null ? uniform(scaleRanges[0]!, scaleRanges[1]!) : 1.0;
  let shearX = 0.0;
  let shearY = 0.0;
  if (shears !== null) {
    shearX = uniform(shears[0]!, shears[1]!);
    if (shears.length === 4) shearY = uniform(shears[2]!, shears[3]!);
  }
  return [angle, translations, scale, [shearX, shearY]];
}

/**
 * A random affine transformation keeping the image centre: rotation in `degrees`, translation
 * up to `translate`, scale in `scale`, shear in `shear`, as torchvision's RandomAffine.
 * @example transforms.RandomAffine(10, { translate: [0.1, 0.1], scale: [0.9, 1.1] })
 */
export const RandomAffine: Factory<[degrees: number | readonly number[], translate?: readonly number[] | null, scale?: readonly number[] | null,
  shear?: number | readonly number[] | null, interpolation?: InterpolationMode, fill?: Fill, center?: readonly number[] | null]
  | [number | readonly number[], RandomAffineOptions] | [RandomAffineOptions], ImageTransform> & {
  /**
   * torchvision's RandomAffine.get_params: [angle, [tx, ty], scale, [shearX, shearY]] for an image of `imgSize` [width, height].
   * @example transforms.RandomAffine.getParams([-10, 10], [0.1, 0.1], [0.9, 1.1], null, [32, 32])
   */
  getParams(degrees: readonly number[], translate: readonly number[] | null, scaleRanges: readonly number[] | null,
    shears: readonly number[] | null, imgSize: readonly number[]): AffineParams;
} = Object.assign(factory((...args: unknown[]) => {
  const where = 'RandomAffine';
  const o = parseArgs<Required<RandomAffineOptions>>(where, args, ['degrees', 'translate', 'scale', 'shear', 'interpolation', 'fill', 'center'],
    { translate: null, scale: null, shear: null, interpolation: 'nearest', fill: 0, center: null }, ['degrees']);
  const mode = F.checkInterpolation(where, o.interpolation);
  const degrees = setupAngle(o.degrees, 'degrees', [2]);
  let translate: number[] | null = null;
  if (o.translate !== null) {
    checkSequence(o.translate, 'translate', [2]);
    translate = o.translate.map((t, i) => checkNumber(where, `translate[${i}]`, t));
    if (translate.some((t) => !(t >= 0.0 && t <= 1.0))) throw new RangeError('translation values should be between 0 and 1');
  }
  let scale: number[] | null = null;
  if (o.scale !== null) {
    checkSequence(o.scale, 'scale', [2]);
    scale = o.scale.map((s, i) => checkNumber(where, `scale[${i}]`, s));
    if (scale.some((s) => s <= 0)) throw new RangeError('scale values should be positive');
  }
  const shear = o.shear !== null ? setupAngle(o.shear, 'shear', [2, 4]) : null;
  const fill = checkTransformFill(where, o.fill);
  if (o.center !== null) checkSequence(o.center, 'center', [2]);
  const center = o.center;
  const fn = <T extends ImageOrTensor>(img: T): T => {
    const [channels, height, width] = F.dimensionsOf(where, img);
    const f = tensorFill(fill, channels);
    const [angle, translations, s, sh] = affineParams(degrees, translate, scale, shear, [width, height]);
    return F.affine(img, angle, translations, s, sh, mode, f, center);
  };
  let repr = `RandomAffine(degrees=${pySeq(degrees, false, pyFloat)}`;
  if (translate !== null) repr += `, translate=${pySeq(translate, false)}`;
  if (scale !== null) repr += `, scale=${pySeq(scale, false)}`;
  if (shear !== null) repr += `, shear=${pySeq(shear, false, pyFloat)}`;
  if (mode !== 'nearest') repr += `, interpolation=${mode}`;
  if (fill !== 0) repr += `, fill=${fillRepr(fill)}`;
  if (center !== null) repr += `, center=${pySeq(center, false)}`;
  return imageTransform(fn, `${repr})`);
}), { getParams: affineParams });

// ---- FiveCrop, TenCrop ----------------------------------------------------------------------

/**
 * The four corner crops and the centre crop of `size`, as torchvision's FiveCrop: an array of
 * five images.
 * @example const [tl, tr, bl, br, center] = transforms.FiveCrop(24)(img);
 */
export const FiveCrop: Factory<[size: number | readonly number[]] | [{ size: number | readonly number[] }], CropsTransform> = factory((...args: unknown[]) => {
  const o = parseArgs<{ size: unknown }>('FiveCrop', args, ['size'], {}, ['size']);
  const { hw, repr } = setupSize('FiveCrop', o.size);
  return makeTransform((img: ImageOrTensor) => F.fiveCrop(img, hw), `FiveCrop(size=${repr})`) as CropsTransform;
});

/**
 * fiveCrop of the image and of its flip (horizontal, or vertical with `verticalFlip`), as
 * torchvision's TenCrop: an array of ten images.
 * @example const crops = transforms.TenCrop(24)(img); // crops.length === 10
 */
export const TenCrop: Factory<[size: number | readonly number[], verticalFlip?: boolean] | [number | readonly number[], { verticalFlip?: boolean }]
  | [{ size: number | readonly number[]; verticalFlip?: boolean }], CropsTransform> = factory((...args: unknown[]) => {
  const o = parseArgs<{ size: unknown; verticalFlip: unknown }>('TenCrop', args, ['size', 'verticalFlip'], { verticalFlip: false }, ['size']);
  const { hw, repr } = setupSize('TenCrop', o.size);
  const verticalFlip = checkBool('TenCrop', 'verticalFlip', o.verticalFlip);
  return makeTransform((img: ImageOrTensor) => F.tenCrop(img, hw, verticalFlip),
    `TenCrop(size=${repr}, vertical_flip=${verticalFlip ? 'True' : 'False'})`) as CropsTransform;
});

// ---- ElasticTransform -----------------------------------------------------------------------

/** Options of ElasticTransform. */
export interface ElasticTransformOptions {
  /** Strength of the displacements, one or [x, y] (default 50). */
  alpha?: number | readonly number[];
  /** Smoothness (Gaussian sigma) of the displacements, one or [x, y] (default 5). */
  sigma?: number | readonly number[];
  /** 'bilinear' (default), 'nearest' or 'bicubic'. */
  interpolation?: InterpolationMode;
  /** Colour of the area outside the transformed image (default 0). */
  fill?: Fill;
}

function twoFloats(where: string, name: string, v: unknown): [number, number] {
  if (typeof v === 'number') return [checkNumber(where, name, v), v];
  if (!Array.isArray(v)) throw new TypeError(`${name} should be float or a sequence of floats. Got ${describeValue(v, 'python')}`);
  checkDense(`${where}: ${name}`, v);
  if (v.length === 1) { const x = checkNumber(where, `${name}[0]`, v[0]); return [x, x]; }
  if (v.length !== 2) throw new RangeError(`If ${name} is a sequence its length should be 2. Got ${v.length}`);
  return [checkNumber(where, `${name}[0]`, v[0]), checkNumber(where, `${name}[1]`, v[1])];
}

/** torchvision's ElasticTransform.get_params: a blurred uniform displacement field, 1 x H x W x 2. */
function elasticParams(alpha: readonly number[], sigma: readonly number[], size: readonly number[]): Tensor {
  const [h, w] = size as [number, number];
  let dx = torch.rand([1, 1, h, w]).mul(2).sub(1);
  if (sigma[0]! > 0.0) {
    let kx = Math.trunc(8 * sigma[0]! + 1);
    if (kx % 2 === 0) kx += 1; // the kernel must be odd
    dx = gaussianBlur(dx, [kx, kx], [...sigma]);
  }
  dx = dx.mul(alpha[0]!).div(w);
  let dy = torch.rand([1, 1, h, w]).mul(2).sub(1);
  if (sigma[1]! > 0.0) {
    let ky = Math.trunc(8 * sigma[1]! + 1);
    if (ky % 2 === 0) ky += 1;
    dy = gaussianBlur(dy, [ky, ky], [...sigma]);
  }
  dy = dy.mul(alpha[1]!).div(h);
  return torch.concat([dx, dy], 1).permute(0, 2, 3, 1);
}

/**
 * Moves every pixel by a random, smooth displacement field (strength `alpha`, smoothness
 * `sigma`), as torchvision's ElasticTransform.
 * @example transforms.ElasticTransform(50.0, 5.0)
 */
export const ElasticTransform: Factory<[alpha?: number | readonly number[], sigma?: number | readonly number[], interpolation?: InterpolationMode, fill?: Fill]
  | [number | readonly number[], ElasticTransformOptions] | [number | readonly number[], number | readonly number[], ElasticTransformOptions]
  | [ElasticTransformOptions], ImageTransform> & {
  /** torchvision's ElasticTransform.get_params: the displacement field (1 x H x W x 2) for `size` [h, w]. @example transforms.ElasticTransform.getParams([50, 50], [5, 5], [32, 32]) */
  getParams(alpha: readonly number[], sigma: readonly number[], size: readonly number[]): Tensor;
} = Object.assign(factory((...args: unknown[]) => {
  const where = 'ElasticTransform';
  const o = parseArgs<Required<ElasticTransformOptions>>(where, args, ['alpha', 'sigma', 'interpolation', 'fill'],
    { alpha: 50.0, sigma: 5.0, interpolation: 'bilinear', fill: 0 });
  const alpha = twoFloats(where, 'alpha', o.alpha);
  const sigma = twoFloats(where, 'sigma', o.sigma);
  const mode = F.checkInterpolation(where, o.interpolation);
  let fill: number[];
  if (typeof o.fill === 'number') fill = [checkNumber(where, 'fill', o.fill)];
  else if (Array.isArray(o.fill)) fill = o.fill.map((v, i) => checkNumber(where, `fill[${i}]`, v));
  else throw new TypeError(`fill should be int or float or a list or tuple of them. Got ${describeValue(o.fill, 'python')}`);
  const fn = <T extends ImageOrTensor>(img: T): T => {
    const [, height, width] = F.dimensionsOf(where, img);
    const displacement = elasticParams(alpha, sigma, [height, width]);
    return F.elasticTransform(img, displacement, mode, fill);
  };
  const repr = `ElasticTransform(alpha=${pySeq(alpha, false, pyFloat)}, sigma=${pySeq(sigma, false, pyFloat)}, ` +
    `interpolation=InterpolationMode.${mode.toUpperCase().replace('-', '_')}, fill=${pySeq(fill, false, pyFloat)})`;
  return imageTransform(fn, repr);
}), { getParams: elasticParams });
