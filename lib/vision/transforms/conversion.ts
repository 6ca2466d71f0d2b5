// torchvision.transforms' conversions between `Image` (the stand-in for PIL's image) and tensors,
// and between image dtypes: PILToTensor, ToPILImage, ConvertImageDtype (ToTensor is in core.ts).
import type { Tensor } from '../../tensor.js';
import type { DType } from '../../generated/dtypes.js';
import type { Image, ImageMode } from '../image.js';
import { argTypeError, parseArgs } from '../../validate.js';
import { makeTransform, factory, type Factory, type Transform } from './core.js';
import { pilToTensor, toPilImage, convertImageDtype, checkImageDtype } from './functional/misc.js';

/**
 * Converts an `Image` to its uint8 C x H x W tensor (a copy), as torchvision's PILToTensor.
 * @example transforms.PILToTensor()(img).dtype // 'uint8'
 */
export const PILToTensor: Factory<[], Transform<Image, Tensor>> = factory(() =>
  makeTransform<Image, Tensor>(pilToTensor, 'PILToTensor()'));

/**
 * Converts a tensor (C x H x W or H x W; floats in [0, 1] scaled by 255) to an `Image`, as
 * torchvision's ToPILImage; `mode` defaults to the one the channel count implies.
 * @example transforms.ToPILImage()(torch.rand([3, 8, 8])).mode // 'RGB'
 */
export const ToPILImage: Factory<[mode?: ImageMode | null] | [{ mode?: ImageMode | null }], Transform<Tensor, Image>> = factory((...args: unknown[]) => {
  const o = parseArgs<{ mode: ImageMode | null }>('ToPILImage', args, ['mode'], { mode: null });
  if (o.mode !== null && typeof o.mode !== 'string') throw argTypeError('ToPILImage', 'mode', 'a string or null', o.mode);
  const mode = o.mode;
  return makeTransform<Tensor, Image>((pic) => toPilImage(pic, mode), mode === null ? 'ToPILImage()' : `ToPILImage(mode=${mode})`);
});

/**
 * Converts a tensor image to `dtype`, rescaling the values as torchvision's ConvertImageDtype
 * (uint8 255 is float 1.0; float 1.0 is uint8 255).
 * @example transforms.ConvertImageDtype('float32')
 */
export const ConvertImageDtype: Factory<[dtype: DType] | [{ dtype: DType }], Transform<Tensor, Tensor>> = factory((...args: unknown[]) => {
  const o = parseArgs<{ dtype: DType }>('ConvertImageDtype', args, ['dtype'], {}, ['dtype']);
  const dtype = checkImageDtype('ConvertImageDtype', o.dtype);
  // torchvision's ConvertImageDtype is an nn.Module without a __repr__ of its own.
  return makeTransform<Tensor, Tensor>((image) => convertImageDtype(image, dtype), 'ConvertImageDtype()');
});
