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

/** Text drawn on raw RGB samples H x W x 3 (the labels of utils.drawBoundingBoxes). */
export interface LabelsJob {
  op: 'labels';
  input: Uint8Array;
  width: number;
  height: number;
  /** Each label: its text (Pango markup escaped), top-left corner, colour, optional background. */
  labels: { text: string; x: number; y: number; color: string; background: string | null; margin: number }[];
  /** Pango font description, e.g. 'sans 10'. */
  font: string;
  /** A font file (TrueType/OpenType), or null for the system's `font`. */
  fontfile: string | null;
}

/** An SVG drawn over raw RGB samples H x W x 3 of the same size (utils.drawKeypoints). */
export interface SvgJob {
  op: 'svg';
  input: Uint8Array;
  width: number;
  height: number;
  svg: string;
}

export type SharpJob = DecodeJob | EncodeJob | LabelsJob | SvgJob;

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
  if (job.op === 'svg') {
    const out = await sharp(job.input, { raw: { width: job.width, height: job.height, channels: 3 } })
      .composite([{ input: Buffer.from(job.svg), left: 0, top: 0 }]).removeAlpha().raw().toBuffer({ resolveWithObject: true });
    return { data: out.data, width: out.info.width, height: out.info.height, channels: out.info.channels, pages: 1 };
  }
  if (job.op === 'labels') {
    const layers = [];
    for (const l of job.labels) {
      const text = { text: `<span foreground="${l.color}">${l.text}</span>`, font: job.font, rgba: true, dpi: 72 } as { text: string; font: string; rgba: boolean; dpi: number; fontfile?: string };
      if (job.fontfile !== null) text.fontfile = job.fontfile;
      const rendered = await sharp({ text }).png().toBuffer({ resolveWithObject: true });
      if (l.background !== null) {
        const m = l.margin;
        layers.push({ input: { create: { width: rendered.info.width + 2 * m, height: rendered.info.height + 2 * m, channels: 4, background: l.background } }, left: l.x - m, top: l.y - m });
      }
      layers.push({ input: rendered.data, left: l.x, top: l.y });
    }
    // Layers are clipped to the image by cropping them first: libvips refuses overlays that
    // stick out of the base image only when they start outside it, so place those at 0 and crop.
    const clipped = [];
    for (const layer of layers) {
      const meta = await sharp(layer.input as never).png().toBuffer({ resolveWithObject: true });
      const left = Math.max(0, layer.left), top = Math.max(0, layer.top);
      const right = Math.min(job.width, layer.left + meta.info.width), bottom = Math.min(job.height, layer.top + meta.info.height);
      if (right <= left || bottom <= top) continue;
      const part = await sharp(meta.data).extract({ left: left - layer.left, top: top - layer.top, width: right - left, height: bottom - top }).png().toBuffer();
      clipped.push({ input: part, left, top });
    }
    const out = await sharp(job.input, { raw: { width: job.width, height: job.height, channels: 3 } })
      .composite(clipped).removeAlpha().raw().toBuffer({ resolveWithObject: true });
    return { data: out.data, width: out.info.width, height: out.info.height, channels: out.info.channels, pages: 1 };
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
