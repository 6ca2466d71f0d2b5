// torchvision.transforms.functional: `transforms.functional.adjustBrightness(img, 1.5)`.
export {
  getDimensions, getImageSize, getImageNumChannels, toTensor, pilToTensor, toPilImage, convertImageDtype, normalize, erase,
} from './misc.js';
export {
  rgbToGrayscale, toGrayscale, adjustBrightness, adjustContrast, adjustSaturation, adjustHue, adjustGamma, invert,
  posterize, solarize, adjustSharpness, autocontrast, equalize, gaussianBlur,
} from './color.js';
export {
  InterpolationMode, resize, crop, centerCrop, resizedCrop, hflip, vflip, pad, rotate, affine, perspective, fiveCrop, tenCrop,
  elasticTransform,
} from './geometry.js';
export type {
  Fill, PaddingMode, PadOptions, ResizeOptions, RotateOptions, AffineOptions, PerspectiveOptions, ElasticTransformOptions,
} from './geometry.js';
