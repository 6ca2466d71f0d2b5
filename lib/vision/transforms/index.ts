// torchvision.transforms (v1): `import { transforms } from 'torch-node/vision'`.
export type { Transform, ImageTransform, ImageOrTensor, NormalizeOptions } from './core.js';
export { ToTensor, Normalize, Compose, Lambda } from './core.js';
export { PILToTensor, ToPILImage, ConvertImageDtype } from './conversion.js';
export {
  Grayscale, RandomGrayscale, ColorJitter, GaussianBlur, RandomInvert, RandomPosterize, RandomSolarize,
  RandomAdjustSharpness, RandomAutocontrast, RandomEqualize, LinearTransformation,
} from './color.js';
export type { ColorJitterOptions, ColorJitterParams } from './color.js';
export { RandomApply, RandomChoice, RandomOrder } from './containers.js';
export { RandomErasing } from './erasing.js';
export type { RandomErasingOptions, ErasingParams } from './erasing.js';
export { PythonRandom, random } from './python_random.js';
export { AutoAugmentPolicy, AutoAugment, RandAugment, TrivialAugmentWide, AugMix } from './autoaugment.js';
export type { AutoAugmentOptions, AutoAugmentParams, RandAugmentOptions, TrivialAugmentWideOptions, AugMixOptions } from './autoaugment.js';
export * as functional from './functional/index.js';
export { InterpolationMode } from './functional/geometry.js';
export type { Fill, PaddingMode } from './functional/geometry.js';
export {
  Resize, CenterCrop, Pad, RandomCrop, RandomResizedCrop, RandomHorizontalFlip, RandomVerticalFlip, RandomPerspective,
  RandomRotation, RandomAffine, FiveCrop, TenCrop, ElasticTransform,
} from './geometry.js';
export type {
  CropsTransform, ResizeOptions, PadOptions, RandomCropOptions, RandomResizedCropOptions, RandomPerspectiveOptions,
  RandomRotationOptions, RandomAffineOptions, AffineParams, ElasticTransformOptions,
} from './geometry.js';
export * as _presets from './_presets.js';
