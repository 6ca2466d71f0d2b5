// torchvision.transforms' color transforms: Grayscale, RandomGrayscale, ColorJitter, GaussianBlur,
// RandomInvert, RandomPosterize, RandomSolarize, RandomAdjustSharpness, RandomAutocontrast,
// RandomEqualize, LinearTransformation. The random ones draw from torch's generator in
// torchvision's order (and compare as it does: a tensor comparison where it compares a tensor),
// so the same torch.manualSeed gives torchvision's results.
import { Tensor } from '../../tensor.js';
import * as torch from '../../generated/functions.js';
import { argTypeError, parseArgs, describeValue } from '../../validate.js';
import { makeTransform, factory, type Factory, type ImageTransform, type Transform } from './core.js';
import { type ImageOrTensor, tensorOf, pyFloat, pyNumber, pySeq } from './functional/_utils.js';
import { getDimensions } from './functional/misc.js';
import * as F from './functional/color.js';

/** A probability argument in [0, 1] (a TypeError/RangeError naming it otherwise). */
export function checkP(where: string, p: unknown, name = 'p'): number {
  if (typeof p !== 'number' || Number.isNaN(p)) throw argTypeError(where, name, 'a number', p);
  return p;
}

/** `torch.rand(1).item()`, the draw of torchvision's `torch.rand(1).item() < p`. */
export function randItem(): number { return torch.rand([1]).item(); }

/** `torch.rand(1) < p` as torchvision writes it: a float32 tensor comparison (p rounded to float32). */
export function randLt(p: number): boolean { return Boolean(torch.rand([1]).lt(p).item()); }

function imageTransform(fn: (img: ImageOrTensor) => ImageOrTensor, repr: string): ImageTransform {
  return makeTransform(fn, repr) as ImageTransform;
}

/**
 * Converts an image to grayscale with 1 or 3 output channels, as torchvision's Grayscale.
 * @example transforms.Grayscale(3)
 */
export const Grayscale: Factory<[numOutputChannels?: number] | [{ numOutputChannels?: number }], ImageTransform> = factory((...args: unknown[]) => {
  const o = parseArgs<{ numOutputChannels: number }>('Grayscale', args, ['numOutputChannels'], { numOutputChannels: 1 });
  const n = o.numOutputChannels;
  if (typeof n !== 'number') throw argTypeError('Grayscale', 'numOutputChannels', 'a number', n);
  return imageTransform((img) => F.rgbToGrayscale(img, n), `Grayscale(num_output_channels=${pyNumber(n)})`);
});

/**
 * With probability `p` (default 0.1), converts an image to grayscale keeping its channel count,
 * as torchvision's RandomGrayscale.
 * @example transforms.RandomGrayscale(0.2)
 */
export const RandomGrayscale: Factory<[p?: number] | [{ p?: number }], ImageTransform> = factory((...args: unknown[]) => {
  const o = parseArgs<{ p: number }>('RandomGrayscale', args, ['p'], { p: 0.1 });
  const p = checkP('RandomGrayscale', o.p);
  return imageTransform((img) => {
    const [c] = getDimensions(img);
    if (randLt(p)) return F.rgbToGrayscale(img, c);
    return img;
  }, `RandomGrayscale(p=${pyNumber(p)})`);
});

type Range = readonly [number, number] | null;

function checkJitter(name: string, value: unknown, center = 1, bound: [number, number] = [0, Infinity], clipFirstOnZero = true): Range {
  let v: [number, number];
  if (typeof value === 'number') {
    if (value < 0) throw new RangeError(`If ${name} is a single number, it must be non negative.`);
    v = [center - value, center + value];
    if (clipFirstOnZero) v[0] = Math.max(v[0], 0.0);
  } else if (Array.isArray(value) && value.length === 2 && value.every((x) => typeof x === 'number')) {
    v = [value[0] as number, value[1] as number];
  } else {
    throw new TypeError(`${name} should be a single number or a list/tuple with length 2.`);
  }
  if (!(bound[0] <= v[0] && v[0] <= v[1] && v[1] <= bound[1])) {
    throw new RangeError(`${name} values should be between (${pyNumber(bound[0])}, ${pyFloat(bound[1]).replace(/\.0$/, '')}), but got [${v.map(pyFloat).join(', ')}].`);
  }
  return v[0] === center && v[1] === center ? null : v;
}

/** ColorJitter's random parameters: the order of the four adjustments and their factors. */
export interface ColorJitterParams {
  /** torch.randperm(4): 0 brightness, 1 contrast, 2 saturation, 3 hue. */
  fnIdx: number[];
  brightnessFactor: number | null;
  contrastFactor: number | null;
  saturationFactor: number | null;
  hueFactor: number | null;
}

function uniform(range: Range): number | null {
  return range === null ? null : torch.empty([1]).uniform_(range[0], range[1]).item();
}

function jitterParams(b: Range, c: Range, s: Range, h: Range): ColorJitterParams {
  const perm = torch.randperm(4);
  const fnIdx = (perm.tolist() as (number | bigint)[]).map(Number);
  return { fnIdx, brightnessFactor: uniform(b), contrastFactor: uniform(c), saturationFactor: uniform(s), hueFactor: uniform(h) };
}

export interface ColorJitterOptions {
  brightness?: number | readonly [number, number];
  contrast?: number | readonly [number, number];
  saturation?: number | readonly [number, number];
  hue?: number | readonly [number, number];
}

/**
 * Randomly changes brightness, contrast, saturation and hue, in a random order, as torchvision's
 * ColorJitter: each argument a number `x` (a factor drawn from [max(0, 1 - x), 1 + x]; for hue,
 * [-x, x] with x <= 0.5) or a [min, max] range. `ColorJitter.getParams` draws as torchvision's
 * `get_params` (torch.randperm(4), then one uniform draw per enabled adjustment).
 * @example transforms.ColorJitter({ brightness: 0.4, contrast: 0.4, saturation: 0.4, hue: 0.1 })
 */
export const ColorJitter: Factory<[brightness?: number | readonly [number, number], contrast?: number | readonly [number, number], saturation?: number | readonly [number, number], hue?: number | readonly [number, number]] | [number | readonly [number, number], ColorJitterOptions] | [number | readonly [number, number], number | readonly [number, number], ColorJitterOptions] | [number | readonly [number, number], number | readonly [number, number], number | readonly [number, number], ColorJitterOptions] | [ColorJitterOptions], ImageTransform> & {
  /** torchvision's ColorJitter.get_params over ranges (null: that adjustment off). @example transforms.ColorJitter.getParams([0.6, 1.4], null, null, [-0.1, 0.1]) */
  getParams(brightness: readonly [number, number] | null, contrast: readonly [number, number] | null, saturation: readonly [number, number] | null, hue: readonly [number, number] | null): ColorJitterParams;
} = Object.assign(factory((...args: unknown[]) => {
  const o = parseArgs<{ brightness: unknown; contrast: unknown; saturation: unknown; hue: unknown }>('ColorJitter', args,
    ['brightness', 'contrast', 'saturation', 'hue'], { brightness: 0, contrast: 0, saturation: 0, hue: 0 });
  const b = checkJitter('brightness', o.brightness);
  const c = checkJitter('contrast', o.contrast);
  const s = checkJitter('saturation', o.saturation);
  const h = checkJitter('hue', o.hue, 0, [-0.5, 0.5], false);
  const show = (r: Range): string => (r === null ? 'None' : pySeq(r, true, pyFloat));
  const repr = `ColorJitter(brightness=${show(b)}, contrast=${show(c)}, saturation=${show(s)}, hue=${show(h)})`;
  return imageTransform((img) => {
    const p = jitterParams(b, c, s, h);
    for (const id of p.fnIdx) {
      if (id === 0 && p.brightnessFactor !== null) img = F.adjustBrightness(img, p.brightnessFactor);
      else if (id === 1 && p.contrastFactor !== null) img = F.adjustContrast(img, p.contrastFactor);
      else if (id === 2 && p.saturationFactor !== null) img = F.adjustSaturation(img, p.saturationFactor);
      else if (id === 3 && p.hueFactor !== null) img = F.adjustHue(img, p.hueFactor);
    }
    return img;
  }, repr);
}), { getParams: jitterParams });

const DEFAULT_SIGMA: readonly [number, number] = [0.1, 2.0];

/**
 * Blurs with a Gaussian kernel of `kernelSize` (odd) and a sigma drawn uniformly from `sigma`
 * ([min, max], default [0.1, 2.0], or one number), as torchvision's GaussianBlur.
 * @example transforms.GaussianBlur(5, [0.1, 2.0])
 */
export const GaussianBlur: Factory<[kernelSize: number | readonly number[], sigma?: number | readonly [number, number]] | [number | readonly number[], { sigma?: number | readonly [number, number] }] | [{ kernelSize: number | readonly number[]; sigma?: number | readonly [number, number] }], ImageTransform> & {
  /** torchvision's GaussianBlur.get_params: torch.empty(1).uniform_(min, max).item(). @example transforms.GaussianBlur.getParams(0.1, 2) */
  getParams(sigmaMin: number, sigmaMax: number): number;
} = Object.assign(factory((...args: unknown[]) => {
  const o = parseArgs<{ kernelSize: unknown; sigma: unknown }>('GaussianBlur', args, ['kernelSize', 'sigma'], { sigma: DEFAULT_SIGMA }, ['kernelSize']);
  const kernelSize = setupSize(o.kernelSize, 'Kernel size should be a tuple/list of two integers');
  for (const k of kernelSize) {
    if (!Number.isInteger(k)) throw argTypeError('GaussianBlur', 'kernelSize', 'integers', k);
    if (k <= 0 || k % 2 === 0) throw new RangeError('Kernel size value should be an odd and positive number.');
  }
  let sigma: [number, number];
  const sg = o.sigma;
  if (typeof sg === 'number') {
    if (!(sg > 0)) throw new RangeError('If sigma is a single number, it must be positive.');
    sigma = [sg, sg];
  } else if (Array.isArray(sg) && sg.length === 2 && sg.every((x) => typeof x === 'number')) {
    if (!(sg[0] > 0 && sg[0] <= sg[1])) throw new RangeError('sigma values should be positive and of the form (min, max).');
    sigma = [sg[0], sg[1]];
  } else {
    throw new RangeError('sigma should be a single number or a list/tuple with length 2.');
  }
  // torchvision keeps a sequence as given (a JS array reads as a list) and makes tuples of numbers.
  const ksRepr = Array.isArray(o.kernelSize) && o.kernelSize.length === 2 ? pySeq(kernelSize, false) : pySeq(kernelSize, true);
  const sigmaRepr = o.sigma === DEFAULT_SIGMA ? '(0.1, 2.0)' : Array.isArray(sg) ? pySeq(sigma, false) : pySeq(sigma, true);
  const repr = `GaussianBlur(kernel_size=${ksRepr}, sigma=${sigmaRepr})`;
  return imageTransform((img) => {
    const s = blurParams(sigma[0], sigma[1]);
    return F.gaussianBlur(img, kernelSize, [s, s]);
  }, repr);
}), { getParams: blurParams });

function blurParams(sigmaMin: number, sigmaMax: number): number {
  return torch.empty([1]).uniform_(sigmaMin, sigmaMax).item();
}

/** torchvision's _setup_size: one int for both sides, or a sequence of 1 or 2. */
export function setupSize(size: unknown, errorMsg: string): [number, number] {
  if (typeof size === 'number') return [Math.trunc(size), Math.trunc(size)];
  if (Array.isArray(size) && size.length === 1) return [size[0] as number, size[0] as number];
  if (!Array.isArray(size)) throw new TypeError(`${errorMsg} (got ${describeValue(size)})`);
  if (size.length !== 2) throw new RangeError(errorMsg);
  return [size[0] as number, size[1] as number];
}

function randomOp(name: string, extra: string, fn: (img: ImageOrTensor) => ImageOrTensor, p: number): ImageTransform {
  // torchvision draws torch.rand(1).item() and compares in Python floats.
  return imageTransform((img) => (randItem() < p ? fn(img) : img), `${name}(${extra}p=${pyNumber(p)})`);
}

/**
 * Inverts the colors with probability `p` (default 0.5), as torchvision's RandomInvert.
 * @example transforms.RandomInvert(0.5)
 */
export const RandomInvert: Factory<[p?: number] | [{ p?: number }], ImageTransform> = factory((...args: unknown[]) => {
  const o = parseArgs<{ p: number }>('RandomInvert', args, ['p'], { p: 0.5 });
  return randomOp('RandomInvert', '', F.invert, checkP('RandomInvert', o.p));
});

/**
 * Posterizes (keeps `bits` bits per channel) with probability `p`, as torchvision's RandomPosterize.
 * @example transforms.RandomPosterize(4, 0.5)
 */
export const RandomPosterize: Factory<[bits: number, p?: number] | [number, { p?: number }] | [{ bits: number; p?: number }], ImageTransform> = factory((...args: unknown[]) => {
  const o = parseArgs<{ bits: number; p: number }>('RandomPosterize', args, ['bits', 'p'], { p: 0.5 }, ['bits']);
  if (typeof o.bits !== 'number' || !Number.isInteger(o.bits)) throw argTypeError('RandomPosterize', 'bits', 'an integer', o.bits);
  return randomOp('RandomPosterize', `bits=${o.bits},`, (img) => F.posterize(img, o.bits), checkP('RandomPosterize', o.p));
});

/**
 * Solarizes (inverts values >= `threshold`) with probability `p`, as torchvision's RandomSolarize.
 * @example transforms.RandomSolarize(192, 0.5)
 */
export const RandomSolarize: Factory<[threshold: number, p?: number] | [number, { p?: number }] | [{ threshold: number; p?: number }], ImageTransform> = factory((...args: unknown[]) => {
  const o = parseArgs<{ threshold: number; p: number }>('RandomSolarize', args, ['threshold', 'p'], { p: 0.5 }, ['threshold']);
  if (typeof o.threshold !== 'number' || Number.isNaN(o.threshold)) throw argTypeError('RandomSolarize', 'threshold', 'a number', o.threshold);
  return randomOp('RandomSolarize', `threshold=${pyNumber(o.threshold)},`, (img) => F.solarize(img, o.threshold), checkP('RandomSolarize', o.p));
});

/**
 * Adjusts sharpness by `sharpnessFactor` with probability `p`, as torchvision's RandomAdjustSharpness.
 * @example transforms.RandomAdjustSharpness(2, 0.5)
 */
export const RandomAdjustSharpness: Factory<[sharpnessFactor: number, p?: number] | [number, { p?: number }] | [{ sharpnessFactor: number; p?: number }], ImageTransform> = factory((...args: unknown[]) => {
  const o = parseArgs<{ sharpnessFactor: number; p: number }>('RandomAdjustSharpness', args, ['sharpnessFactor', 'p'], { p: 0.5 }, ['sharpnessFactor']);
  if (typeof o.sharpnessFactor !== 'number' || Number.isNaN(o.sharpnessFactor)) throw argTypeError('RandomAdjustSharpness', 'sharpnessFactor', 'a number', o.sharpnessFactor);
  return randomOp('RandomAdjustSharpness', `sharpness_factor=${pyNumber(o.sharpnessFactor)},`, (img) => F.adjustSharpness(img, o.sharpnessFactor), checkP('RandomAdjustSharpness', o.p));
});

/**
 * Autocontrasts with probability `p`, as torchvision's RandomAutocontrast.
 * @example transforms.RandomAutocontrast(0.5)
 */
export const RandomAutocontrast: Factory<[p?: number] | [{ p?: number }], ImageTransform> = factory((...args: unknown[]) => {
  const o = parseArgs<{ p: number }>('RandomAutocontrast', args, ['p'], { p: 0.5 });
  return randomOp('RandomAutocontrast', '', F.autocontrast, checkP('RandomAutocontrast', o.p));
});

/**
 * Equalizes the histogram (uint8 images) with probability `p`, as torchvision's RandomEqualize.
 * @example transforms.RandomEqualize(0.5)
 */
export const RandomEqualize: Factory<[p?: number] | [{ p?: number }], ImageTransform> = factory((...args: unknown[]) => {
  const o = parseArgs<{ p: number }>('RandomEqualize', args, ['p'], { p: 0.5 });
  return randomOp('RandomEqualize', '', F.equalize, checkP('RandomEqualize', o.p));
});

function pyTensorList(t: Tensor): string {
  const fmt = t.isFloatingPoint() ? pyFloat : pyNumber;
  const walk = (v: unknown): string => (Array.isArray(v) ? `[${v.map(walk).join(', ')}]` : fmt(Number(v)));
  return walk(t.tolist());
}

/**
 * Whitening and other linear maps of flattened tensor images: `(x.view(-1, n) - meanVector) @
 * transformationMatrix`, reshaped back, as torchvision's LinearTransformation (tensors only).
 * @example transforms.LinearTransformation(torch.eye(12), torch.zeros(12))
 */
export const LinearTransformation: Factory<[transformationMatrix: Tensor, meanVector: Tensor] | [Tensor, { meanVector: Tensor }] | [{ transformationMatrix: Tensor; meanVector: Tensor }], Transform<Tensor, Tensor>> = factory((...args: unknown[]) => {
  const o = parseArgs<{ transformationMatrix: Tensor; meanVector: Tensor }>('LinearTransformation', args,
    ['transformationMatrix', 'meanVector'], {}, ['transformationMatrix', 'meanVector']);
  const m = o.transformationMatrix;
  const mv = o.meanVector;
  if (!(m instanceof Tensor)) throw argTypeError('LinearTransformation', 'transformationMatrix', 'a Tensor', m);
  if (!(mv instanceof Tensor)) throw argTypeError('LinearTransformation', 'meanVector', 'a Tensor', mv);
  const size = `(${m.shape.join(', ')}${m.dim() === 1 ? ',' : ''})`;
  if (m.shape[0] !== m.shape[1]) throw new RangeError(`transformation_matrix should be square. Got ${size} rectangular matrix.`);
  if (mv.shape[0] !== m.shape[0]) {
    throw new RangeError(`mean_vector should have the same length ${mv.shape[0]} as any one of the dimensions of the transformation_matrix [${size}]`);
  }
  if (m.device !== mv.device) throw new RangeError(`Input tensors should be on the same device. Got ${m.device} and ${mv.device}`);
  if (m.dtype !== mv.dtype) throw new RangeError(`Input tensors should have the same dtype. Got torch.${m.dtype} and torch.${mv.dtype}`);
  const repr = `LinearTransformation(transformation_matrix=${pyTensorList(m)}, mean_vector=${pyTensorList(mv)})`;
  return makeTransform((tensor: Tensor) => {
    const t = tensorOf('LinearTransformation', tensor);
    if (!(tensor instanceof Tensor)) throw new TypeError(`LinearTransformation: tensor should be a Tensor. Got ${describeValue(tensor)}`);
    const shape = t.shape;
    const k = shape.length;
    const n = shape[k - 3]! * shape[k - 2]! * shape[k - 1]!;
    if (n !== m.shape[0]) {
      throw new RangeError(`Input tensor and transformation matrix have incompatible shape.[${shape[k - 3]} x ${shape[k - 2]} x ${shape[k - 1]}] != ${m.shape[0]}`);
    }
    if (t.device.split(':')[0] !== mv.device.split(':')[0]) {
      throw new RangeError(`Input tensor should be on the same device as transformation matrix and mean vector. Got ${t.device} vs ${mv.device}`);
    }
    const flat = t.view(-1, n).sub(mv);
    return torch.mm(flat, m.to(flat.dtype)).view(shape);
  }, repr);
});
