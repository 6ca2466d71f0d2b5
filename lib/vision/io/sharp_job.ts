// The one piece of io that calls sharp: a decode or an encode described as plain data (so it can
// cross to the decode worker), run against a sharp module. The async functions call it on the
// calling thread (sharp works in libuv's pool); the sync ones send the same job to the decode
// worker, whose source embeds this function's text (`runSharpJob.toString()`): it must stay
// self-contained (no imports, no module-level names) and plain JavaScript once types are stripped.
import type sharpModule from 'sharp';

/** sharp's default export (the factory). */
export type SharpFactory = typeof sharpModule;

/** A decode: pixels of `input` as raw interleaved samples, 8 or 16 bits. */
export interface DecodeJob {
  op: 'decode';
  input: Uint8Array;
  /** 16-bit samples (a 16-bit PNG): libvips' rgb16 space, else sRGB 8-bit. */
  depth16: boolean;
  /** Rotate/flip as the EXIF orientation says (torchvision's apply_exif_orientation). */
  autoOrient: boolean;
  /** All frames of an animated GIF/WebP, stacked vertically (libvips' pages: -1). */
  allPages: boolean;
}

/** An encode of raw interleaved 8-bit samples H x W x C. */
export interface EncodeJob {
  op: 'encode';
  input: Uint8Array;
  width: number;
  height: number;
  channels: number;
  format: 'png' | 'jpeg';
  /** JPEG quality 1..100. */
  quality: number;
  /** PNG zlib level 0..9. */
  compressionLevel: number;
}

export type SharpJob = DecodeJob | EncodeJob;

/** A job's result: the output bytes and, for a decode, the raw layout. */
export interface SharpJobResult {
  data: Uint8Array;
  width: number;
  height: number;
  channels: number;
  /** Frames stacked in `height` (1 unless allPages). */
  pages: number;
}

/**
 * Runs one job. Decodes ignore embedded ICC profiles (torchvision's decoders give the stored
 * samples, never colour-managed ones) and fail on corrupt or truncated data (libvips' 'error'
 * level: warnings such as a known-incorrect sRGB profile do not fail). Gray images come back
 * replicated to RGB (libvips' sRGB output of a b-w image copies the band exactly); the caller
 * picks the bands torchvision returns.
 */
export async function runSharpJob(sharp: SharpFactory, job: SharpJob): Promise<SharpJobResult> {
  if (job.op === 'decode') {
    let img = sharp(job.input, { failOn: 'error', ignoreIcc: true, autoOrient: job.autoOrient, pages: job.allPages ? -1 : 1 });
    if (job.depth16) img = img.toColourspace('rgb16');
    const out = await img.raw({ depth: job.depth16 ? 'ushort' : 'uchar' }).toBuffer({ resolveWithObject: true });
    const pageHeight = out.info.pageHeight ?? out.info.height;
    return { data: out.data, width: out.info.width, height: out.info.height, channels: out.info.channels, pages: Math.max(1, Math.round(out.info.height / pageHeight)) };
  }
  const raw = { width: job.width, height: job.height, channels: job.channels as 1 | 2 | 3 | 4 };
  let img = sharp(job.input, { raw });
  // A one- or two-band raw image is gray (+ alpha): say so, or libvips writes it as sRGB.
  if (job.channels <= 2) img = img.toColourspace('b-w');
  // libjpeg's defaults, as torchvision's encoder uses them: 4:2:0 chroma, Annex K tables, no
  // Huffman optimisation, no trellis quantisation (mozjpeg's extras off).
  const data = job.format === 'jpeg'
    ? await img.jpeg({ quality: job.quality, chromaSubsampling: '4:2:0', optimiseCoding: false, trellisQuantisation: false, overshootDeringing: false, optimiseScans: false, quantisationTable: 0 }).toBuffer()
    : await img.png({ compressionLevel: job.compressionLevel }).toBuffer();
  return { data, width: job.width, height: job.height, channels: job.channels, pages: 1 };
}
