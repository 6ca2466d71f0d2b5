// The image decoders of the addon (native/jpeg_decode.cpp: JPEG through libjpeg, opened at run
// time), as the core hands them to torch-node/vision, which is written against the public API and
// never reaches the binding itself (lib/vision/io/libjpeg.ts decides when to use them).
import { native } from './binding.js';
import type { Tensor } from './tensor.js';

/** What the JPEG decoder returns: 0 the file's channels (1 or 3), 1 gray (the Y plane), 3 RGB. */
export type JpegChannels = 0 | 1 | 3;

/** @internal Why libjpeg cannot decode here (the library or its header is missing), or null. */
export function libjpegUnavailableReason(): string | null {
  return native.jpeg.available();
}

/**
 * @internal A JPEG's samples as a uint8 H x W x C tensor, or null for a file with other than 1 or 3
 * components (CMYK, YCCK); throws libjpeg's message for a corrupt or truncated file.
 */
export function decodeJpegSamples(bytes: Uint8Array, channels: JpegChannels): Tensor | null {
  return native.jpeg.decode(bytes, channels);
}

/** @internal decodeJpegSamples in libuv's thread pool (the input is copied first). */
export function decodeJpegSamplesAsync(bytes: Uint8Array, channels: JpegChannels): Promise<Tensor | null> {
  return native.jpeg.decodeAsync(bytes, channels);
}
