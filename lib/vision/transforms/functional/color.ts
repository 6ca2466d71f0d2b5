// transforms.functional's color operations: torchvision's tensor algorithms
// (torchvision/transforms/_functional_tensor.py), op for op, so uint8 and float images give
// torchvision's tensors bit for bit. Each takes an `Image` too (its uint8 data through the same
// algorithm, an Image back); PIL's own color code is not reproduced.
import { Tensor } from '../../../tensor.js';
import * as torch from '../../../generated/functions.js';
import { pad as torchPad } from '../../../nn/functional/padding.js';
import { Image } from '../../image.js';
import { argTypeError, parseArgs, describeValue } from '../../../validate.js';
import {
  type ImageOrTensor, mapImage, tensorDimensions, assertImageTensor, assertChannels, maxValue, castSqueezeIn,
  castSqueezeOut, pyDtype, pyNumber, pyFloat,
} from './_utils.js';
import { convertImageDtypeTensor } from './misc.js';

function checkFactor(where: string, name: string, v: unknown): number {
  if (typeof v !== 'number' || Number.isNaN(v)) throw argTypeError(where, name, 'a number', v);
  return v;
}

/** torchvision's _blend: ratio * img1 + (1 - ratio) * img2, clamped to the dtype's range. */
function blend(img1: Tensor, img2: Tensor, ratio: number): Tensor {
  const bound = maxValue(img1.dtype);
  // torchvision multiplies by float(ratio), a Python float, so uint8 * 2.0 is float32. A JS 2 is
  // an int scalar (uint8 * 2 would stay uint8 and wrap): integer images go to float32 first,
  // which is what ATen does inside the float multiply anyway (same values, same bits).
  const a = img1.isFloatingPoint() ? img1 : img1.to('float32');
  const b = img2.isFloatingPoint() ? img2 : img2.to('float32');
  return a.mul(ratio).add(b.mul(1.0 - ratio)).clamp(0, bound).to(img1.dtype);
}

function rgbToGrayscaleTensor(img: Tensor, numOutputChannels: number): Tensor {
  if (img.dim() < 3) throw new TypeError(`Input image tensor should have at least 3 dimensions, but found ${img.dim()}`);
  assertChannels(img, [1, 3]);
  if (numOutputChannels !== 1 && numOutputChannels !== 3) throw new RangeError('num_output_channels should be either 1 or 3');
  let l: Tensor;
  if (img.shape[img.dim() - 3] === 3) {
    const [r, g, b] = img.unbind(-3) as [Tensor, Tensor, Tensor];
    l = r.mul(0.2989).add(g.mul(0.587)).add(b.mul(0.114)).to(img.dtype).unsqueeze(-3);
  } else {
    l = img.clone();
  }
  return numOutputChannels === 3 ? l.expand(img.shape) : l;
}

/**
 * Converts an RGB image to grayscale (ITU-R 601-2 luma: 0.2989 R + 0.587 G + 0.114 B), with 1 or
 * 3 identical output channels, as torchvision's `rgb_to_grayscale` on tensors. A 1-channel image
 * is copied.
 * @example const gray = transforms.functional.rgbToGrayscale(img); // [1, H, W]
 */
export function rgbToGrayscale<T extends ImageOrTensor>(img: T, ...args: [numOutputChannels?: number] | [{ numOutputChannels?: number }]): T {
  const o = parseArgs<{ numOutputChannels: number }>('rgbToGrayscale', args, ['numOutputChannels'], { numOutputChannels: 1 });
  return mapImage('rgbToGrayscale', img, (t) => rgbToGrayscaleTensor(t, o.numOutputChannels));
}

/**
 * Converts an `Image` to grayscale, as torchvision's `to_grayscale` (which takes PIL images
 * only; here the tensor algorithm of `rgbToGrayscale` on the image's data).
 * @example const gray = transforms.functional.toGrayscale(img, 3); // an RGB Image of gray pixels
 */
export function toGrayscale(img: Image, ...args: [numOutputChannels?: number] | [{ numOutputChannels?: number }]): Image {
  if (!(img instanceof Image)) throw new TypeError('Input should be PIL Image');
  return rgbToGrayscale(img, ...(args as [number]));
}

/**
 * Brightness: blends the image with black (`factor` 0 black, 1 the original, 2 twice as bright),
 * as torchvision's `adjust_brightness`.
 * @example transforms.functional.adjustBrightness(img, 1.5)
 */
export function adjustBrightness<T extends ImageOrTensor>(img: T, brightnessFactor: number): T {
  checkFactor('adjustBrightness', 'brightnessFactor', brightnessFactor);
  if (brightnessFactor < 0) throw new RangeError(`brightness_factor (${pyNumber(brightnessFactor)}) is not non-negative.`);
  return mapImage('adjustBrightness', img, (t) => {
    assertImageTensor(t);
    assertChannels(t, [1, 3]);
    return blend(t, torch.zerosLike(t), brightnessFactor);
  });
}

/**
 * Contrast: blends the image with its mean gray level, as torchvision's `adjust_contrast`.
 * @example transforms.functional.adjustContrast(img, 0.5)
 */
export function adjustContrast<T extends ImageOrTensor>(img: T, contrastFactor: number): T {
  checkFactor('adjustContrast', 'contrastFactor', contrastFactor);
  if (contrastFactor < 0) throw new RangeError(`contrast_factor (${pyNumber(contrastFactor)}) is not non-negative.`);
  return mapImage('adjustContrast', img, (t) => {
    assertImageTensor(t);
    assertChannels(t, [3, 1]);
    const c = tensorDimensions(t)[0];
    const dtype = t.isFloatingPoint() ? t.dtype : 'float32';
    const gray = c === 3 ? rgbToGrayscaleTensor(t, 1).to(dtype) : t.to(dtype);
    const mean = torch.mean(gray, [-3, -2, -1], true);
    return blend(t, mean, contrastFactor);
  });
}

/**
 * Saturation: blends the image with its grayscale version (0 gray, 1 the original), as
 * torchvision's `adjust_saturation`. A 1-channel image is returned as is.
 * @example transforms.functional.adjustSaturation(img, 2)
 */
export function adjustSaturation<T extends ImageOrTensor>(img: T, saturationFactor: number): T {
  checkFactor('adjustSaturation', 'saturationFactor', saturationFactor);
  if (saturationFactor < 0) throw new RangeError(`saturation_factor (${pyNumber(saturationFactor)}) is not non-negative.`);
  return mapImage('adjustSaturation', img, (t) => {
    assertImageTensor(t);
    assertChannels(t, [1, 3]);
    if (tensorDimensions(t)[0] === 1) return t;
    return blend(t, rgbToGrayscaleTensor(t, 1), saturationFactor);
  });
}

/** torchvision's _rgb2hsv (float images). */
export function rgbToHsv(img: Tensor): Tensor {
  const [r, g, b] = img.unbind(-3) as [Tensor, Tensor, Tensor];
  const maxc = img.max(-3).values;
  const minc = img.min(-3).values;
  const eqc = maxc.eq(minc);
  const cr = maxc.sub(minc);
  const ones = torch.onesLike(maxc);
  const s = cr.div(torch.where(eqc, ones, maxc));
  const crDivisor = torch.where(eqc, ones, cr);
  const rc = maxc.sub(r).div(crDivisor);
  const gc = maxc.sub(g).div(crDivisor);
  const bc = maxc.sub(b).div(crDivisor);
  const hr = maxc.eq(r).mul(bc.sub(gc));
  const hg = maxc.eq(g).bitwiseAnd(maxc.ne(r)).mul(rc.add(2.0).sub(bc));
  const hb = maxc.ne(g).bitwiseAnd(maxc.ne(r)).mul(gc.add(4.0).sub(rc));
  const h = torch.fmod(hr.add(hg).add(hb).div(6.0).add(1.0), 1.0);
  return torch.stack([h, s, maxc], -3);
}

/** torchvision's _hsv2rgb (float images). */
export function hsvToRgb(img: Tensor): Tensor {
  const [h, s, v] = img.unbind(-3) as [Tensor, Tensor, Tensor];
  const h6 = h.mul(6.0);
  const i0 = torch.floor(h6);
  const f = h6.sub(i0);
  let i = i0.to('int32');
  const p = torch.clamp(v.mul(torch.rsub(s, 1.0)), 0.0, 1.0);
  const q = torch.clamp(v.mul(torch.rsub(s.mul(f), 1.0)), 0.0, 1.0);
  const t = torch.clamp(v.mul(torch.rsub(s.mul(torch.rsub(f, 1.0)), 1.0)), 0.0, 1.0);
  i = i.remainder(6);
  const mask = i.unsqueeze(-3).eq(torch.arange(6, { device: i.device }).view(-1, 1, 1));
  const a1 = torch.stack([v, q, p, p, t, v], -3);
  const a2 = torch.stack([t, v, v, q, p, p], -3);
  const a3 = torch.stack([p, p, t, v, v, q], -3);
  const a4 = torch.stack([a1, a2, a3], -4);
  return torch.einsum('...ijk, ...xijk -> ...xjk', [mask.to(img.dtype), a4]);
}

/**
 * Hue: shifts the hue by `hueFactor` in [-0.5, 0.5] (in HSV space), as torchvision's
 * `adjust_hue`. A 1-channel image is returned as is.
 * @example transforms.functional.adjustHue(img, 0.1)
 */
export function adjustHue<T extends ImageOrTensor>(img: T, hueFactor: number): T {
  checkFactor('adjustHue', 'hueFactor', hueFactor);
  if (!(hueFactor >= -0.5 && hueFactor <= 0.5)) throw new RangeError(`hue_factor (${pyNumber(hueFactor)}) is not in [-0.5, 0.5].`);
  return mapImage('adjustHue', img, (t) => {
    assertImageTensor(t);
    assertChannels(t, [1, 3]);
    if (tensorDimensions(t)[0] === 1) return t;
    const origDtype = t.dtype;
    const hsv = rgbToHsv(convertImageDtypeTensor(t, 'float32'));
    const [h, s, v] = hsv.unbind(-3) as [Tensor, Tensor, Tensor];
    const h2 = h.add(hueFactor).remainder(1.0);
    const rgb = hsvToRgb(torch.stack([h2, s, v], -3));
    return convertImageDtypeTensor(rgb, origDtype);
  });
}

/**
 * Gamma correction: `gain * img ** gamma` on [0, 1] values, as torchvision's `adjust_gamma`.
 * @example transforms.functional.adjustGamma(img, 0.8)
 */
export function adjustGamma<T extends ImageOrTensor>(img: T, ...args: [gamma: number, gain?: number] | [number, { gain?: number }] | [{ gamma: number; gain?: number }]): T {
  const o = parseArgs<{ gamma: number; gain: number }>('adjustGamma', args, ['gamma', 'gain'], { gain: 1 }, ['gamma']);
  checkFactor('adjustGamma', 'gamma', o.gamma);
  checkFactor('adjustGamma', 'gain', o.gain);
  return mapImage('adjustGamma', img, (t) => {
    assertChannels(t, [1, 3]);
    if (o.gamma < 0) throw new RangeError('Gamma should be a non-negative real number');
    const dtype = t.dtype;
    let result = t.isFloatingPoint() ? t : convertImageDtypeTensor(t, 'float32');
    result = result.pow(o.gamma).mul(o.gain).clamp(0, 1);
    return convertImageDtypeTensor(result, dtype);
  });
}

/**
 * Inverts the colors (`max - img`: 255 - x for uint8, 1 - x for floats), as torchvision's `invert`.
 * @example transforms.functional.invert(img)
 */
export function invert<T extends ImageOrTensor>(img: T): T {
  return mapImage('invert', img, invertTensor);
}

function invertTensor(t: Tensor): Tensor {
  assertImageTensor(t);
  if (t.dim() < 3) throw new TypeError(`Input image tensor should have at least 3 dimensions, but found ${t.dim()}`);
  assertChannels(t, [1, 3]);
  return torch.rsub(t, maxValue(t.dtype));
}

/**
 * Keeps the `bits` high bits of each uint8 channel value, as torchvision's `posterize`.
 * @example transforms.functional.posterize(img, 4)
 */
export function posterize<T extends ImageOrTensor>(img: T, bits: number): T {
  if (typeof bits !== 'number' || !Number.isInteger(bits)) throw argTypeError('posterize', 'bits', 'an integer', bits);
  if (!(bits >= 0 && bits <= 8)) throw new RangeError(`The number if bits should be between 0 and 8. Got ${bits}`);
  return mapImage('posterize', img, (t) => {
    assertImageTensor(t);
    if (t.dim() < 3) throw new TypeError(`Input image tensor should have at least 3 dimensions, but found ${t.dim()}`);
    if (t.dtype !== 'uint8') throw new TypeError(`Only torch.uint8 image tensors are supported, but found ${pyDtype(t.dtype)}`);
    assertChannels(t, [1, 3]);
    // -(2 ** (8 - bits)) is ~(2 ** (8 - bits) - 1): it clears the low bits.
    return t.bitwiseAnd(-(2 ** (8 - bits)));
  });
}

/**
 * Inverts the values at or above `threshold`, as torchvision's `solarize`.
 * @example transforms.functional.solarize(img, 128)
 */
export function solarize<T extends ImageOrTensor>(img: T, threshold: number): T {
  checkFactor('solarize', 'threshold', threshold);
  return mapImage('solarize', img, (t) => {
    assertImageTensor(t);
    if (t.dim() < 3) throw new TypeError(`Input image tensor should have at least 3 dimensions, but found ${t.dim()}`);
    assertChannels(t, [1, 3]);
    if (threshold > maxValue(t.dtype)) throw new TypeError('Threshold should be less than bound of img.');
    const inverted = invertTensor(t);
    return torch.where(t.ge(threshold), inverted, t);
  });
}

function blurredDegenerateImage(img: Tensor): Tensor {
  const dtype = img.isFloatingPoint() ? img.dtype : 'float32';
  let kernel = torch.ones([3, 3], { dtype, device: img.device });
  kernel.indexPut_([1, 1], 5.0);
  kernel = kernel.div_(kernel.sum());
  kernel = kernel.expand(img.shape[img.dim() - 3]!, 1, 3, 3);
  let [tmp, needCast, needSqueeze, outDtype] = castSqueezeIn(img, [kernel.dtype]);
  tmp = torch.conv2d(tmp, kernel, { groups: tmp.shape[tmp.dim() - 3]! });
  tmp = castSqueezeOut(tmp, needCast, needSqueeze, outDtype);
  const result = img.clone();
  result.indexPut_(['...', '1:-1', '1:-1'], tmp);
  return result;
}

/**
 * Sharpness: blends the image with a smoothed copy (0 blurred, 1 the original, 2 sharper), as
 * torchvision's `adjust_sharpness`; the border pixels keep their values.
 * @example transforms.functional.adjustSharpness(img, 2)
 */
export function adjustSharpness<T extends ImageOrTensor>(img: T, sharpnessFactor: number): T {
  checkFactor('adjustSharpness', 'sharpnessFactor', sharpnessFactor);
  if (sharpnessFactor < 0) throw new RangeError(`sharpness_factor (${pyNumber(sharpnessFactor)}) is not non-negative.`);
  return mapImage('adjustSharpness', img, (t) => {
    assertImageTensor(t);
    assertChannels(t, [1, 3]);
    const n = t.dim();
    if (t.shape[n - 1]! <= 2 || t.shape[n - 2]! <= 2) return t;
    return blend(t, blurredDegenerateImage(t), sharpnessFactor);
  });
}

/**
 * Stretches each channel to the full range (its minimum to 0, its maximum to the dtype's
 * maximum), as torchvision's `autocontrast`.
 * @example transforms.functional.autocontrast(img)
 */
export function autocontrast<T extends ImageOrTensor>(img: T): T {
  return mapImage('autocontrast', img, (t) => {
    assertImageTensor(t);
    if (t.dim() < 3) throw new TypeError(`Input image tensor should have at least 3 dimensions, but found ${t.dim()}`);
    assertChannels(t, [1, 3]);
    const bound = maxValue(t.dtype);
    const dtype = t.isFloatingPoint() ? t.dtype : 'float32';
    const minimum = t.amin([-2, -1], true).to(dtype);
    const maximum = t.amax([-2, -1], true).to(dtype);
    // Python's `bound / t` is Tensor.__rdiv__: t.reciprocal() * bound (not one true division).
    const scale = maximum.sub(minimum).reciprocal().mul(bound);
    const eq = torch.isfinite(scale).logicalNot();
    minimum.indexPut_([eq], 0);
    scale.indexPut_([eq], 1);
    return t.sub(minimum).mul(scale).clamp(0, bound).to(t.dtype);
  });
}

function scaleChannel(chan: Tensor): Tensor {
  // torchvision counts with histc on CUDA (floats) and bincount elsewhere (int64); so do we.
  const hist = chan.device.startsWith('cuda')
    ? torch.histc(chan.to('float32'), { bins: 256, min: 0, max: 255 })
    : torch.bincount(chan.reshape(-1), { minlength: 256 });
  const nonzero = hist.index([hist.ne(0)]);
  const step = torch.div(nonzero.index([':-1']).sum(), 255, { roundingMode: 'floor' });
  if (step.item() === 0) return chan;
  let lut = torch.div(torch.cumsum(hist, 0).add(torch.div(step, 2, { roundingMode: 'floor' })), step, { roundingMode: 'floor' });
  lut = torchPad(lut, [1, 0]).index([':-1']).clamp(0, 255);
  return lut.index([chan.to('int64')]).to('uint8');
}

function equalizeSingle(img: Tensor): Tensor {
  const chans: Tensor[] = [];
  for (let c = 0; c < img.shape[0]!; c++) chans.push(scaleChannel(img.select(0, c)));
  return torch.stack(chans);
}

/**
 * Histogram equalization of each channel of a uint8 image (3 or 4 dimensions), as torchvision's
 * `equalize` (its `_equalize_single_image` lookup tables, exactly).
 * @example transforms.functional.equalize(img)
 */
export function equalize<T extends ImageOrTensor>(img: T): T {
  return mapImage('equalize', img, (t) => {
    assertImageTensor(t);
    if (!(t.dim() >= 3 && t.dim() <= 4)) throw new TypeError(`Input image tensor should have 3 or 4 dimensions, but found ${t.dim()}`);
    if (t.dtype !== 'uint8') throw new TypeError(`Only torch.uint8 image tensors are supported, but found ${pyDtype(t.dtype)}`);
    assertChannels(t, [1, 3]);
    if (t.dim() === 3) return equalizeSingle(t);
    const out: Tensor[] = [];
    for (let i = 0; i < t.shape[0]!; i++) out.push(equalizeSingle(t.select(0, i)));
    return torch.stack(out);
  });
}

function gaussianKernel1d(kernelSize: number, sigma: number, dtype: Tensor['dtype'], device: Tensor['device']): Tensor {
  const half = (kernelSize - 1) * 0.5;
  const x = torch.linspace(-half, half, { steps: kernelSize, dtype, device });
  const pdf = torch.exp(x.div(sigma).pow(2).mul(-0.5));
  return pdf.div(pdf.sum());
}

/** Python's repr of a list argument in messages (`[3, 4]`). */
function pyList(v: unknown): string {
  return Array.isArray(v) ? `[${v.map((x) => (typeof x === 'number' ? pyNumber(x) : String(x))).join(', ')}]` : String(v);
}

/**
 * Gaussian blur with a `kernelSize` (odd, one or [kx, ky]) and `sigma` (default
 * 0.3 * ((k - 1) * 0.5 - 1) + 0.8, i.e. k * 0.15 + 0.35), as torchvision's `gaussian_blur`:
 * reflect padding, then a depthwise conv2d with the separable kernel.
 * @example transforms.functional.gaussianBlur(img, [5, 5], [1.5, 1.5])
 */
export function gaussianBlur<T extends ImageOrTensor>(img: T, ...args: [kernelSize: number | readonly number[], sigma?: number | readonly number[] | null] | [number | readonly number[], { sigma?: number | readonly number[] | null }] | [{ kernelSize: number | readonly number[]; sigma?: number | readonly number[] | null }]): T {
  const o = parseArgs<{ kernelSize: unknown; sigma: unknown }>('gaussianBlur', args, ['kernelSize', 'sigma'], {}, ['kernelSize']);
  let ks = o.kernelSize;
  if (!(typeof ks === 'number' || Array.isArray(ks))) throw new TypeError(`kernel_size should be int or a sequence of integers. Got ${describeValue(ks, 'python')}`);
  if (typeof ks === 'number') ks = [ks, ks];
  const kernelSize = ks as number[];
  if (kernelSize.length !== 2) throw new RangeError(`If kernel_size is a sequence its length should be 2. Got ${kernelSize.length}`);
  for (const k of kernelSize) {
    if (typeof k !== 'number' || !Number.isInteger(k)) throw argTypeError('gaussianBlur', 'kernelSize', 'integers', k);
    if (k % 2 === 0 || k < 0) throw new RangeError(`kernel_size should have odd and positive integers. Got ${pyList(kernelSize)}`);
  }
  let sg = o.sigma;
  if (sg === undefined || sg === null) sg = kernelSize.map((k) => k * 0.15 + 0.35);
  if (!(typeof sg === 'number' || Array.isArray(sg))) throw new TypeError(`sigma should be either float or sequence of floats. Got ${describeValue(sg, 'python')}`);
  // A number becomes [float(s), float(s)] in torchvision (messages then show floats).
  const fromNumber = typeof sg === 'number';
  if (typeof sg === 'number') sg = [sg, sg];
  let sigma = sg as number[];
  if (sigma.length === 1) sigma = [sigma[0]!, sigma[0]!];
  if (sigma.length !== 2) throw new RangeError(`If sigma is a sequence, its length should be 2. Got ${sigma.length}`);
  for (const s of sigma) {
    if (typeof s !== 'number' || Number.isNaN(s)) throw argTypeError('gaussianBlur', 'sigma', 'numbers', s);
    if (s <= 0) throw new RangeError(`sigma should have positive values. Got ${fromNumber ? `[${sigma.map(pyFloat).join(', ')}]` : pyList(sigma)}`);
  }
  return mapImage('gaussianBlur', img, (t) => gaussianBlurTensor(t, kernelSize, sigma));
}

function gaussianBlurTensor(img: Tensor, kernelSize: readonly number[], sigma: readonly number[]): Tensor {
  assertImageTensor(img);
  const dtype = img.isFloatingPoint() ? img.dtype : 'float32';
  const kx = gaussianKernel1d(kernelSize[0]!, sigma[0]!, dtype, img.device);
  const ky = gaussianKernel1d(kernelSize[1]!, sigma[1]!, dtype, img.device);
  let kernel = torch.mm(ky.unsqueeze(1), kx.unsqueeze(0));
  const c = img.dim() === 2 ? 1 : img.shape[img.dim() - 3]!;
  kernel = kernel.expand(c, 1, kernel.shape[0]!, kernel.shape[1]!);
  let [t, needCast, needSqueeze, outDtype] = castSqueezeIn(img, [kernel.dtype]);
  const px = Math.floor(kernelSize[0]! / 2);
  const py = Math.floor(kernelSize[1]! / 2);
  t = torchPad(t, [px, px, py, py], 'reflect');
  t = torch.conv2d(t, kernel, { groups: t.shape[t.dim() - 3]! });
  return castSqueezeOut(t, needCast, needSqueeze, outDtype);
}
