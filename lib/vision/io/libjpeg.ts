// JPEG decoding through libjpeg(-turbo) in the addon (lib/native_codecs.ts): what torchvision's
// decode_jpeg and Pillow run, so the samples are theirs exactly (GRAY is the file's Y plane), at
// the decoder's own speed. sharp's pipeline costs several times that per small image, which is
// what an image-folder data loader spends its time on. Used for JPEGs with 1 or 3 components and
// no EXIF orientation to apply; everything else (CMYK, orientation, a machine without libjpeg)
// goes through sharp.
import { decodeJpegSamples, decodeJpegSamplesAsync, libjpegUnavailableReason } from '../../native_codecs.js';
import type { Tensor } from '../../tensor.js';
import type { ImageReadMode } from './codec.js';

const MODE = { UNCHANGED: 0, GRAY: 1, RGB: 3 } as const;

let disabled = process.env.TORCH_NODE_JPEG_DECODER === 'sharp';
let usable: boolean | undefined;

/**
 * Whether JPEGs decode through libjpeg here (`available: false`: through sharp), and if not,
 * why: the library is missing, the addon was built without its header, or
 * `TORCH_NODE_JPEG_DECODER=sharp` is set.
 * @example io.libjpegStatus() // { available: true, reason: null }
 */
export function libjpegStatus(): { available: boolean; reason: string | null } {
  const reason = disabled ? 'TORCH_NODE_JPEG_DECODER=sharp' : libjpegUnavailableReason();
  return { available: reason === null, reason };
}

/**
 * @internal Tests: route JPEGs through sharp (true) or libjpeg when available (false); returns
 * the previous setting.
 */
export function setLibjpegDisabled(value: boolean): boolean {
  const was = disabled;
  disabled = value;
  usable = undefined;
  return was;
}

function canUse(mode: ImageReadMode): mode is keyof typeof MODE {
  if (!(mode in MODE)) return false;
  if (usable === undefined) usable = !disabled && libjpegUnavailableReason() === null;
  return usable;
}

/** H x W x C samples as torchvision's C x H x W view. */
function channelsFirst(t: Tensor | null): Tensor | null {
  return t === null ? null : t.permute(2, 0, 1);
}

/** The decoded image, or null where sharp must decode it (see the file comment). */
export function decodeJpegNative(bytes: Uint8Array, mode: ImageReadMode): Tensor | null {
  if (!canUse(mode)) return null;
  return channelsFirst(decodeJpegSamples(bytes, MODE[mode]));
}

/** decodeJpegNative in libuv's thread pool. */
export async function decodeJpegNativeAsync(bytes: Uint8Array, mode: ImageReadMode): Promise<Tensor | null> {
  if (!canUse(mode)) return null;
  return channelsFirst(await decodeJpegSamplesAsync(bytes, MODE[mode]));
}
