// torchvision.transforms' automatic augmentation policies: AutoAugment (with the ImageNet, CIFAR10
// and SVHN policies), RandAugment, TrivialAugmentWide and AugMix. Each draws from torch's
// generator in torchvision's order and runs torchvision's tensor ops (the color ops of
// functional/color.ts, affine and rotate of functional/geometry.ts), so the same
// torch.manualSeed gives torchvision's tensors. An `Image` goes through its uint8 data.
import { Tensor } from '../../tensor.js';
import * as torch from '../../generated/functions.js';
import { tensor as makeTensor } from '../../creation.js';
import { ops } from '../../ops_namespace.js';
import { argTypeError, parseArgs, describeValue, checkInt } from '../../validate.js';
import { Image } from '../image.js';
import { makeTransform, factory, type Factory, type ImageTransform } from './core.js';
import { type ImageOrTensor, pyFloat, pyNumber } from './functional/_utils.js';
import { getDimensions } from './functional/misc.js';
import * as C from './functional/color.js';
import { affine, rotate, type InterpolationMode } from './functional/geometry.js';

/** The policies AutoAugment learned: on ImageNet, CIFAR10 and SVHN. */
export type AutoAugmentPolicy = 'imagenet' | 'cifar10' | 'svhn';

/**
 * torchvision's `AutoAugmentPolicy` enum: its members are the strings AutoAugment takes.
 * @example transforms.AutoAugment(transforms.AutoAugmentPolicy.CIFAR10)
 */
export const AutoAugmentPolicy: {
  readonly IMAGENET: 'imagenet';
  readonly CIFAR10: 'cifar10';
  readonly SVHN: 'svhn';
} = Object.freeze({ IMAGENET: 'imagenet', CIFAR10: 'cifar10', SVHN: 'svhn' } as const);

type Fill = number | readonly number[] | null;

const INTERPOLATION_NAMES: Record<string, string> = {
  nearest: 'NEAREST', 'nearest-exact': 'NEAREST_EXACT', bilinear: 'BILINEAR', bicubic: 'BICUBIC',
};

function interpolationRepr(mode: string): string { return `InterpolationMode.${INTERPOLATION_NAMES[mode] ?? mode}`; }

function fillRepr(fill: Fill): string {
  if (fill === null) return 'None';
  return typeof fill === 'number' ? pyNumber(fill) : `[${fill.map(pyNumber).join(', ')}]`;
}

function checkInterpolation(where: string, v: unknown): InterpolationMode {
  if (typeof v !== 'string' || !(v in INTERPOLATION_NAMES)) {
    throw argTypeError(where, 'interpolation', "an InterpolationMode ('nearest', 'nearest-exact', 'bilinear' or 'bicubic')", v);
  }
  return v as InterpolationMode;
}

function checkFillArg(where: string, v: unknown): Fill {
  if (v === null || v === undefined) return null;
  if (typeof v === 'number' && !Number.isNaN(v)) return v;
  if (Array.isArray(v) && v.every((x) => typeof x === 'number' && !Number.isNaN(x))) return [...(v as number[])];
  throw argTypeError(where, 'fill', 'a number, an array of numbers or null', v);
}

/** The fill torchvision passes on for tensors: a number becomes one per channel. */
function tensorFill(fill: Fill, channels: number): number[] | null {
  if (fill === null) return null;
  return typeof fill === 'number' ? new Array<number>(channels).fill(fill) : [...fill];
}

/** torchvision's _apply_op on a tensor image. */
function applyOp(img: Tensor, opName: string, magnitude: number, interpolation: InterpolationMode, fill: number[] | null): Tensor {
  const degrees = (rad: number): number => rad * (180.0 / Math.PI);
  switch (opName) {
    case 'ShearX':
      return affine(img, { angle: 0.0, translate: [0, 0], scale: 1.0, shear: [degrees(Math.atan(magnitude)), 0.0], interpolation, fill, center: [0, 0] });
    case 'ShearY':
      return affine(img, { angle: 0.0, translate: [0, 0], scale: 1.0, shear: [0.0, degrees(Math.atan(magnitude))], interpolation, fill, center: [0, 0] });
    case 'TranslateX':
      return affine(img, { angle: 0.0, translate: [Math.trunc(magnitude), 0], scale: 1.0, interpolation, shear: [0.0, 0.0], fill });
    case 'TranslateY':
      return affine(img, { angle: 0.0, translate: [0, Math.trunc(magnitude)], scale: 1.0, interpolation, shear: [0.0, 0.0], fill });
    case 'Rotate': return rotate(img, magnitude, { interpolation, fill });
    case 'Brightness': return C.adjustBrightness(img, 1.0 + magnitude);
    case 'Color': return C.adjustSaturation(img, 1.0 + magnitude);
    case 'Contrast': return C.adjustContrast(img, 1.0 + magnitude);
    case 'Sharpness': return C.adjustSharpness(img, 1.0 + magnitude);
    case 'Posterize': return C.posterize(img, Math.trunc(magnitude));
    case 'Solarize': return C.solarize(img, magnitude);
    case 'AutoContrast': return C.autocontrast(img);
    case 'Equalize': return C.equalize(img);
    case 'Invert': return C.invert(img);
    case 'Identity': return img;
    default: throw new RangeError(`The provided operator ${opName} is not recognized.`);
  }
}

/** An op's magnitudes (a 0-d tensor for ops without one) and whether it takes a random sign. */
type Space = [name: string, magnitudes: Tensor, signed: boolean][];

const linspace = (a: number, b: number, n: number): Tensor => torch.linspace(a, b, { steps: n });
const scalar = (): Tensor => makeTensor(0.0);
/** `top - (torch.arange(n) / ((n - 1) / div)).round().int()` (Posterize's bits). */
const bits = (top: number, n: number, div: number): Tensor => torch.rsub(torch.arange(n).div((n - 1) / div).round().to('int32'), top);

/** A Python float of one element of a magnitudes tensor (`float(t[i].item())`). */
const at = (t: Tensor, i: number | Tensor): number => Number(t.index([i]).item());

type Policy = [[string, number, number | null], [string, number, number | null]][];

const POLICIES: Record<AutoAugmentPolicy, Policy> = {
  imagenet: [
    [['Posterize', 0.4, 8], ['Rotate', 0.6, 9]], [['Solarize', 0.6, 5], ['AutoContrast', 0.6, null]],
    [['Equalize', 0.8, null], ['Equalize', 0.6, null]], [['Posterize', 0.6, 7], ['Posterize', 0.6, 6]],
    [['Equalize', 0.4, null], ['Solarize', 0.2, 4]], [['Equalize', 0.4, null], ['Rotate', 0.8, 8]],
    [['Solarize', 0.6, 3], ['Equalize', 0.6, null]], [['Posterize', 0.8, 5], ['Equalize', 1.0, null]],
    [['Rotate', 0.2, 3], ['Solarize', 0.6, 8]], [['Equalize', 0.6, null], ['Posterize', 0.4, 6]],
    [['Rotate', 0.8, 8], ['Color', 0.4, 0]], [['Rotate', 0.4, 9], ['Equalize', 0.6, null]],
    [['Equalize', 0.0, null], ['Equalize', 0.8, null]], [['Invert', 0.6, null], ['Equalize', 1.0, null]],
    [['Color', 0.6, 4], ['Contrast', 1.0, 8]], [['Rotate', 0.8, 8], ['Color', 1.0, 2]],
    [['Color', 0.8, 8], ['Solarize', 0.8, 7]], [['Sharpness', 0.4, 7], ['Invert', 0.6, null]],
    [['ShearX', 0.6, 5], ['Equalize', 1.0, null]], [['Color', 0.4, 0], ['Equalize', 0.6, null]],
    [['Equalize', 0.4, null], ['Solarize', 0.2, 4]], [['Solarize', 0.6, 5], ['AutoContrast', 0.6, null]],
    [['Invert', 0.6, null], ['Equalize', 1.0, null]], [['Color', 0.6, 4], ['Contrast', 1.0, 8]],
    [['Equalize', 0.8, null], ['Equalize', 0.6, null]],
  ],
  cifar10: [
    [['Invert', 0.1, null], ['Contrast', 0.2, 6]], [['Rotate', 0.7, 2], ['TranslateX', 0.3, 9]],
    [['Sharpness', 0.8, 1], ['Sharpness', 0.9, 3]], [['ShearY', 0.5, 8], ['TranslateY', 0.7, 9]],
    [['AutoContrast', 0.5, null], ['Equalize', 0.9, null]], [['ShearY', 0.2, 7], ['Posterize', 0.3, 7]],
    [['Color', 0.4, 3], ['Brightness', 0.6, 7]], [['Sharpness', 0.3, 9], ['Brightness', 0.7, 9]],
    [['Equalize', 0.6, null], ['Equalize', 0.5, null]], [['Contrast', 0.6, 7], ['Sharpness', 0.6, 5]],
    [['Color', 0.7, 7], ['TranslateX', 0.5, 8]], [['Equalize', 0.3, null], ['AutoContrast', 0.4, null]],
    [['TranslateY', 0.4, 3], ['Sharpness', 0.2, 6]], [['Brightness', 0.9, 6], ['Color', 0.2, 8]],
    [['Solarize', 0.5, 2], ['Invert', 0.0, null]], [['Equalize', 0.2, null], ['AutoContrast', 0.6, null]],
    [['Equalize', 0.2, null], ['Equalize', 0.6, null]], [['Color', 0.9, 9], ['Equalize', 0.6, null]],
    [['AutoContrast', 0.8, null], ['Solarize', 0.2, 8]], [['Brightness', 0.1, 3], ['Color', 0.7, 0]],
    [['Solarize', 0.4, 5], ['AutoContrast', 0.9, null]], [['TranslateY', 0.9, 9], ['TranslateY', 0.7, 9]],
    [['AutoContrast', 0.9, null], ['Solarize', 0.8, 3]], [['Equalize', 0.8, null], ['Invert', 0.1, null]],
    [['TranslateY', 0.7, 9], ['AutoContrast', 0.9, null]],
  ],
  svhn: [
    [['ShearX', 0.9, 4], ['Invert', 0.2, null]], [['ShearY', 0.9, 8], ['Invert', 0.7, null]],
    [['Equalize', 0.6, null], ['Solarize', 0.6, 6]], [['Invert', 0.9, null], ['Equalize', 0.6, null]],
    [['Equalize', 0.6, null], ['Rotate', 0.9, 3]], [['ShearX', 0.9, 4], ['AutoContrast', 0.8, null]],
    [['ShearY', 0.9, 8], ['Invert', 0.4, null]], [['ShearY', 0.9, 5], ['Solarize', 0.2, 6]],
    [['Invert', 0.9, null], ['AutoContrast', 0.8, null]], [['Equalize', 0.6, null], ['Rotate', 0.9, 3]],
    [['ShearX', 0.9, 4], ['Solarize', 0.3, 3]], [['ShearY', 0.8, 8], ['Invert', 0.7, null]],
    [['Equalize', 0.9, null], ['TranslateY', 0.6, 6]], [['Invert', 0.9, null], ['Equalize', 0.6, null]],
    [['Contrast', 0.3, 3], ['Rotate', 0.8, 4]], [['Invert', 0.8, null], ['TranslateY', 0.0, 2]],
    [['ShearY', 0.7, 6], ['Solarize', 0.4, 8]], [['Invert', 0.6, null], ['Rotate', 0.8, 4]],
    [['ShearY', 0.3, 7], ['TranslateX', 0.9, 3]], [['ShearX', 0.1, 6], ['Invert', 0.6, null]],
    [['Solarize', 0.7, 2], ['TranslateY', 0.6, 7]], [['ShearY', 0.8, 4], ['Invert', 0.8, null]],
    [['ShearX', 0.7, 9], ['TranslateY', 0.8, 3]], [['ShearY', 0.8, 5], ['AutoContrast', 0.7, null]],
    [['ShearX', 0.7, 2], ['Invert', 0.1, null]],
  ],
};

/** Runs `fn` on the tensor of an Image or Tensor, giving back the input's type. */
function onTensor(img: ImageOrTensor, fn: (t: Tensor) => Tensor): ImageOrTensor {
  if (img instanceof Tensor) return fn(img);
  if (img instanceof Image) return new Image(fn(img.data).contiguous(), img.mode);
  throw new TypeError(`img should be an Image or a Tensor. Got ${describeValue(img)}`);
}

/** AutoAugment's random draws: which sub-policy, the two probabilities, the two signs. */
export interface AutoAugmentParams { policyId: number; probs: Tensor; signs: Tensor }

function autoAugmentParams(transformNum: number): AutoAugmentParams {
  const policyId = Number(torch.randint(transformNum, [1]).item());
  const probs = torch.rand([2]);
  const signs = torch.randint(2, [2]);
  return { policyId, probs, signs };
}

export interface AutoAugmentOptions {
  policy?: AutoAugmentPolicy;
  interpolation?: InterpolationMode;
  fill?: number | readonly number[] | null;
}

/**
 * AutoAugment (Cubuk et al., 2019): one of the 25 learned sub-policies of `policy` (default
 * 'imagenet'), each two ops applied with their probabilities and magnitudes, as torchvision's
 * AutoAugment. For uint8 images (Solarize and Posterize need them, as in torchvision).
 * @example transforms.AutoAugment(transforms.AutoAugmentPolicy.CIFAR10)
 */
export const AutoAugment: Factory<[policy?: AutoAugmentPolicy, interpolation?: InterpolationMode, fill?: number | readonly number[] | null] | [AutoAugmentPolicy, AutoAugmentOptions] | [AutoAugmentPolicy, InterpolationMode, AutoAugmentOptions] | [AutoAugmentOptions], ImageTransform> & {
  /** torchvision's AutoAugment.get_params. @example transforms.AutoAugment.getParams(25) */
  getParams(transformNum: number): AutoAugmentParams;
} = Object.assign(factory((...args: unknown[]) => {
  const where = 'AutoAugment';
  const o = parseArgs<{ policy: unknown; interpolation: unknown; fill: unknown }>(where, args, ['policy', 'interpolation', 'fill'],
    { policy: 'imagenet', interpolation: 'nearest', fill: null });
  const policy = o.policy as AutoAugmentPolicy;
  const policies = typeof policy === 'string' ? POLICIES[policy] : undefined;
  if (policies === undefined) throw new RangeError(`The provided policy ${describeValue(policy, 'brief')} is not recognized.`);
  const interpolation = checkInterpolation(where, o.interpolation);
  const fill = checkFillArg(where, o.fill);
  const repr = `AutoAugment(policy=AutoAugmentPolicy.${policy.toUpperCase()}, fill=${fillRepr(fill)})`;
  return makeTransform((img: ImageOrTensor) => {
    const [channels, height, width] = getDimensions(img);
    const f = tensorFill(fill, channels);
    const { policyId, probs, signs } = autoAugmentParams(policies.length);
    const space = new Map<string, [Tensor, boolean]>([
      ['ShearX', [linspace(0.0, 0.3, 10), true]], ['ShearY', [linspace(0.0, 0.3, 10), true]],
      ['TranslateX', [linspace(0.0, 150.0 / 331.0 * width, 10), true]], ['TranslateY', [linspace(0.0, 150.0 / 331.0 * height, 10), true]],
      ['Rotate', [linspace(0.0, 30.0, 10), true]], ['Brightness', [linspace(0.0, 0.9, 10), true]],
      ['Color', [linspace(0.0, 0.9, 10), true]], ['Contrast', [linspace(0.0, 0.9, 10), true]],
      ['Sharpness', [linspace(0.0, 0.9, 10), true]], ['Posterize', [bits(8, 10, 4), false]],
      ['Solarize', [linspace(255.0, 0.0, 10), false]], ['AutoContrast', [scalar(), false]],
      ['Equalize', [scalar(), false]], ['Invert', [scalar(), false]],
    ]);
    return onTensor(img, (t) => {
      policies[policyId]!.forEach(([opName, p, magnitudeId], i) => {
        // `probs[i] <= p`: a float32 tensor comparison
        if (!probs.index([i]).le(p).item()) return;
        const [magnitudes, signed] = space.get(opName)!;
        let magnitude = magnitudeId !== null ? at(magnitudes, magnitudeId) : 0.0;
        if (signed && Number(signs.index([i]).item()) === 0) magnitude *= -1.0;
        t = applyOp(t, opName, magnitude, interpolation, f);
      });
      return t;
    });
  }, repr) as ImageTransform;
}), { getParams: autoAugmentParams });

/** RandAugment's and TrivialAugmentWide's ops: a name, its magnitudes, a random sign or not. */
function randAugmentSpace(numBins: number, height: number, width: number): Space {
  return [
    ['Identity', scalar(), false], ['ShearX', linspace(0.0, 0.3, numBins), true], ['ShearY', linspace(0.0, 0.3, numBins), true],
    ['TranslateX', linspace(0.0, 150.0 / 331.0 * width, numBins), true], ['TranslateY', linspace(0.0, 150.0 / 331.0 * height, numBins), true],
    ['Rotate', linspace(0.0, 30.0, numBins), true], ['Brightness', linspace(0.0, 0.9, numBins), true],
    ['Color', linspace(0.0, 0.9, numBins), true], ['Contrast', linspace(0.0, 0.9, numBins), true],
    ['Sharpness', linspace(0.0, 0.9, numBins), true], ['Posterize', bits(8, numBins, 4), false],
    ['Solarize', linspace(255.0, 0.0, numBins), false], ['AutoContrast', scalar(), false], ['Equalize', scalar(), false],
  ];
}

export interface RandAugmentOptions {
  numOps?: number;
  magnitude?: number;
  numMagnitudeBins?: number;
  interpolation?: InterpolationMode;
  fill?: number | readonly number[] | null;
}

/**
 * RandAugment (Cubuk et al., 2020): `numOps` (default 2) ops drawn uniformly, each at bin
 * `magnitude` (default 9) of `numMagnitudeBins` (default 31), as torchvision's RandAugment.
 * @example transforms.RandAugment({ numOps: 2, magnitude: 9 })
 */
export const RandAugment: Factory<[numOps?: number, magnitude?: number, numMagnitudeBins?: number, interpolation?: InterpolationMode, fill?: number | readonly number[] | null] | [number, RandAugmentOptions] | [number, number, RandAugmentOptions] | [number, number, number, RandAugmentOptions] | [RandAugmentOptions], ImageTransform> = factory((...args: unknown[]) => {
  const where = 'RandAugment';
  const o = parseArgs<{ numOps: unknown; magnitude: unknown; numMagnitudeBins: unknown; interpolation: unknown; fill: unknown }>(where, args,
    ['numOps', 'magnitude', 'numMagnitudeBins', 'interpolation', 'fill'], { numOps: 2, magnitude: 9, numMagnitudeBins: 31, interpolation: 'nearest', fill: null });
  const numOps = checkInt(where, 'numOps', o.numOps);
  const magnitude = checkInt(where, 'magnitude', o.magnitude);
  const numBins = checkInt(where, 'numMagnitudeBins', o.numMagnitudeBins);
  const interpolation = checkInterpolation(where, o.interpolation);
  const fill = checkFillArg(where, o.fill);
  const repr = `RandAugment(num_ops=${numOps}, magnitude=${magnitude}, num_magnitude_bins=${numBins}, interpolation=${interpolationRepr(interpolation)}, fill=${fillRepr(fill)})`;
  return makeTransform((img: ImageOrTensor) => {
    const [channels, height, width] = getDimensions(img);
    const f = tensorFill(fill, channels);
    const space = randAugmentSpace(numBins, height, width);
    return onTensor(img, (t) => {
      for (let k = 0; k < numOps; k++) {
        const opIndex = Number(torch.randint(space.length, [1]).item());
        const [opName, magnitudes, signed] = space[opIndex]!;
        if (magnitudes.dim() > 0 && (magnitude < -magnitudes.shape[0]! || magnitude >= magnitudes.shape[0]!)) {
          throw new RangeError(`index ${magnitude} is out of bounds for dimension 0 with size ${magnitudes.shape[0]}`);
        }
        let m = magnitudes.dim() > 0 ? at(magnitudes, magnitude) : 0.0;
        // `signed and torch.randint(2, (1,))`: drawn only for signed ops
        if (signed && Number(torch.randint(2, [1]).item()) !== 0) m *= -1.0;
        t = applyOp(t, opName, m, interpolation, f);
      }
      return t;
    });
  }, repr) as ImageTransform;
});

export interface TrivialAugmentWideOptions {
  numMagnitudeBins?: number;
  interpolation?: InterpolationMode;
  fill?: number | readonly number[] | null;
}

/**
 * TrivialAugment Wide (Müller and Hutter, 2021): one op drawn uniformly at a magnitude drawn
 * uniformly from `numMagnitudeBins` (default 31), as torchvision's TrivialAugmentWide.
 * @example transforms.TrivialAugmentWide()
 */
export const TrivialAugmentWide: Factory<[numMagnitudeBins?: number, interpolation?: InterpolationMode, fill?: number | readonly number[] | null] | [number, TrivialAugmentWideOptions] | [number, InterpolationMode, TrivialAugmentWideOptions] | [TrivialAugmentWideOptions], ImageTransform> = factory((...args: unknown[]) => {
  const where = 'TrivialAugmentWide';
  const o = parseArgs<{ numMagnitudeBins: unknown; interpolation: unknown; fill: unknown }>(where, args,
    ['numMagnitudeBins', 'interpolation', 'fill'], { numMagnitudeBins: 31, interpolation: 'nearest', fill: null });
  const numBins = checkInt(where, 'numMagnitudeBins', o.numMagnitudeBins);
  const interpolation = checkInterpolation(where, o.interpolation);
  const fill = checkFillArg(where, o.fill);
  const repr = `TrivialAugmentWide(num_magnitude_bins=${numBins}, interpolation=${interpolationRepr(interpolation)}, fill=${fillRepr(fill)})`;
  return makeTransform((img: ImageOrTensor) => {
    const [channels] = getDimensions(img);
    const f = tensorFill(fill, channels);
    const space: Space = [
      ['Identity', scalar(), false], ['ShearX', linspace(0.0, 0.99, numBins), true], ['ShearY', linspace(0.0, 0.99, numBins), true],
      ['TranslateX', linspace(0.0, 32.0, numBins), true], ['TranslateY', linspace(0.0, 32.0, numBins), true],
      ['Rotate', linspace(0.0, 135.0, numBins), true], ['Brightness', linspace(0.0, 0.99, numBins), true],
      ['Color', linspace(0.0, 0.99, numBins), true], ['Contrast', linspace(0.0, 0.99, numBins), true],
      ['Sharpness', linspace(0.0, 0.99, numBins), true], ['Posterize', bits(8, numBins, 6), false],
      ['Solarize', linspace(255.0, 0.0, numBins), false], ['AutoContrast', scalar(), false], ['Equalize', scalar(), false],
    ];
    return onTensor(img, (t) => {
      const opIndex = Number(torch.randint(space.length, [1]).item());
      const [opName, magnitudes, signed] = space[opIndex]!;
      let m = magnitudes.dim() > 0 ? at(magnitudes, torch.randint(magnitudes.shape[0]!, [1], { dtype: 'int64' })) : 0.0;
      if (signed && Number(torch.randint(2, [1]).item()) !== 0) m *= -1.0;
      return applyOp(t, opName, m, interpolation, f);
    });
  }, repr) as ImageTransform;
});

export interface AugMixOptions {
  severity?: number;
  mixtureWidth?: number;
  chainDepth?: number;
  alpha?: number;
  allOps?: boolean;
  interpolation?: InterpolationMode;
  fill?: number | readonly number[] | null;
}

/**
 * AugMix (Hendrycks et al., 2020): a Dirichlet-weighted mix of `mixtureWidth` (default 3) chains
 * of 1 to 3 (or `chainDepth`) ops at `severity` (1..10, default 3), blended with the original by
 * a Beta(alpha, alpha) weight, as torchvision's AugMix.
 * @example transforms.AugMix({ severity: 3, mixtureWidth: 3 })
 */
export const AugMix: Factory<[severity?: number, mixtureWidth?: number, chainDepth?: number, alpha?: number, allOps?: boolean, interpolation?: InterpolationMode, fill?: number | readonly number[] | null] | [number, AugMixOptions] | [number, number, AugMixOptions] | [number, number, number, AugMixOptions] | [AugMixOptions], ImageTransform> = factory((...args: unknown[]) => {
  const where = 'AugMix';
  const o = parseArgs<{ severity: unknown; mixtureWidth: unknown; chainDepth: unknown; alpha: unknown; allOps: unknown; interpolation: unknown; fill: unknown }>(where, args,
    ['severity', 'mixtureWidth', 'chainDepth', 'alpha', 'allOps', 'interpolation', 'fill'],
    { severity: 3, mixtureWidth: 3, chainDepth: -1, alpha: 1.0, allOps: true, interpolation: 'bilinear', fill: null });
  const PARAMETER_MAX = 10;
  const severity = checkInt(where, 'severity', o.severity);
  if (!(severity >= 1 && severity <= PARAMETER_MAX)) throw new RangeError(`The severity must be between [1, ${PARAMETER_MAX}]. Got ${severity} instead.`);
  const mixtureWidth = checkInt(where, 'mixtureWidth', o.mixtureWidth);
  const chainDepth = checkInt(where, 'chainDepth', o.chainDepth);
  if (typeof o.alpha !== 'number' || Number.isNaN(o.alpha)) throw argTypeError(where, 'alpha', 'a number', o.alpha);
  const alpha = o.alpha;
  if (typeof o.allOps !== 'boolean') throw argTypeError(where, 'allOps', 'a boolean', o.allOps);
  const allOps = o.allOps;
  const interpolation = checkInterpolation(where, o.interpolation);
  const fill = checkFillArg(where, o.fill);
  const repr = `AugMix(severity=${severity}, mixture_width=${mixtureWidth}, chain_depth=${chainDepth}, alpha=${pyFloat(alpha)}, all_ops=${allOps ? 'True' : 'False'}, interpolation=${interpolationRepr(interpolation)}, fill=${fillRepr(fill)})`;
  return makeTransform((origImg: ImageOrTensor) => {
    const [channels, height, width] = getDimensions(origImg);
    const img = origImg instanceof Image ? origImg.data : origImg;
    if (!(img instanceof Tensor)) throw new TypeError(`img should be an Image or a Tensor. Got ${describeValue(origImg)}`);
    const f = tensorFill(fill, channels);
    const space: Space = [
      ['ShearX', linspace(0.0, 0.3, PARAMETER_MAX), true], ['ShearY', linspace(0.0, 0.3, PARAMETER_MAX), true],
      ['TranslateX', linspace(0.0, width / 3.0, PARAMETER_MAX), true], ['TranslateY', linspace(0.0, height / 3.0, PARAMETER_MAX), true],
      ['Rotate', linspace(0.0, 30.0, PARAMETER_MAX), true], ['Posterize', bits(4, PARAMETER_MAX, 4), false],
      ['Solarize', linspace(255.0, 0.0, PARAMETER_MAX), false], ['AutoContrast', scalar(), false], ['Equalize', scalar(), false],
    ];
    if (allOps) {
      space.push(['Brightness', linspace(0.0, 0.9, PARAMETER_MAX), true], ['Color', linspace(0.0, 0.9, PARAMETER_MAX), true],
        ['Contrast', linspace(0.0, 0.9, PARAMETER_MAX), true], ['Sharpness', linspace(0.0, 0.9, PARAMETER_MAX), true]);
    }
    const origDims = img.shape;
    const batch = img.view([...new Array<number>(Math.max(4 - img.dim(), 0)).fill(1), ...origDims]);
    const n = batch.shape[0]!;
    const batchDims = [n, ...new Array<number>(batch.dim() - 1).fill(1)];
    const dirichlet = (p: number[]): Tensor => ops.aten._sample_dirichlet(makeTensor(p, { device: batch.device }).expand(n, -1)) as Tensor;
    const m = dirichlet([alpha, alpha]);
    const combinedWeights = dirichlet(new Array<number>(mixtureWidth).fill(alpha)).mul(m.select(1, 1).view(n, -1));
    const mix = m.select(1, 0).view(batchDims).mul(batch);
    for (let i = 0; i < mixtureWidth; i++) {
      let aug = batch;
      const depth = chainDepth > 0 ? chainDepth : Number(torch.randint(1, 4, [1]).item());
      for (let d = 0; d < depth; d++) {
        const opIndex = Number(torch.randint(space.length, [1]).item());
        const [opName, magnitudes, signed] = space[opIndex]!;
        let mag = magnitudes.dim() > 0 ? at(magnitudes, torch.randint(severity, [1], { dtype: 'int64' })) : 0.0;
        if (signed && Number(torch.randint(2, [1]).item()) !== 0) mag *= -1.0;
        aug = applyOp(aug, opName, mag, interpolation, f);
      }
      mix.add_(combinedWeights.select(1, i).view(batchDims).mul(aug));
    }
    const out = mix.view(origDims).to(img.dtype);
    return origImg instanceof Image ? new Image(out.contiguous(), origImg.mode) : out;
  }, repr) as ImageTransform;
});
