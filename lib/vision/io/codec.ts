// torchvision.io's decoders and encoders over sharp. Each public function is written once as a
// "plan": the checks and the sharp job, then `finish` turning the job's raw samples into what
// torchvision returns. The sync functions run the job on the decode worker (./bridge.ts), the
// async ones on sharp directly; both finish the same way.
//
// What torchvision returns is read from the file's own header (a PNG's IHDR colour type, a JPEG's
// component count), not from libvips' interpretation: torchvision's decoders give the stored
// channels (a gray PNG with a tRNS chunk stays one channel), and the mode conversions are
// libpng's and libjpeg's, redone here on the samples:
//   - gray from RGB in PNGs: libpng's png_set_rgb_to_gray(1, 0.2989, 0.587) in fixed point
//     (coefficients 9794, 19234, 3740 / 32768; 8-bit truncates, 16-bit rounds; a pixel with
//     R = G = B keeps its value; 8-bit files with a gamma go through libpng's gamma tables);
//   - gray from a colour JPEG: libjpeg hands torchvision the Y plane; sharp gives RGB only, so Y
//     is recomputed with libjpeg's RGB -> Y (19595, 38470, 7471 / 65536, rounded), a one-unit
//     round-off from the stored Y at some pixels;
//   - RGB from gray replicates, alpha added is the maximum sample (255 or 65535), alpha dropped
//     is dropped.
import { inflateSync } from 'node:zlib';
import { fromBuffer } from '../../creation.js';
import { Tensor } from '../../tensor.js';
import { argTypeError, describeValue } from '../../validate.js';
import type { DecodeJob, EncodeJob, SharpJobResult } from './sharp_job.js';
import { decodeJpegNative, decodeJpegNativeAsync } from './libjpeg.js';

/**
 * torchvision's `ImageReadMode`: the channels a decoder returns. 'UNCHANGED' keeps the file's
 * own (1 gray, 2 gray + alpha, 3 RGB, 4 RGBA), the others convert.
 */
export type ImageReadMode = 'UNCHANGED' | 'GRAY' | 'GRAY_ALPHA' | 'RGB' | 'RGB_ALPHA';

/** What `mode` arguments accept: an `ImageReadMode`, 'RGBA' (its alias), any case (as torchvision's `mode.upper()`). */
export type ImageReadModeLike = ImageReadMode | 'RGBA' | Lowercase<ImageReadMode | 'RGBA'>;

/**
 * The members of torchvision's `ImageReadMode` enum, equal to their string values
 * (`ImageReadMode.RGB === 'RGB'`); `RGBA` is `RGB_ALPHA`, as in torchvision.
 * @example const img = io.decodeImage(data, io.ImageReadMode.RGB);
 */
export const ImageReadMode = Object.freeze({
  UNCHANGED: 'UNCHANGED',
  GRAY: 'GRAY',
  GRAY_ALPHA: 'GRAY_ALPHA',
  RGB: 'RGB',
  RGB_ALPHA: 'RGB_ALPHA',
  RGBA: 'RGB_ALPHA',
} as const);

const MODE_CHANNELS: Readonly<Record<Exclude<ImageReadMode, 'UNCHANGED'>, number>> = { GRAY: 1, GRAY_ALPHA: 2, RGB: 3, RGB_ALPHA: 4 };

/** Options of the decoders. */
export interface DecodeOptions {
  /** The channels to return (default 'UNCHANGED'). */
  mode?: ImageReadModeLike;
  /** Rotate/flip the pixels as the EXIF orientation tag says (default false, as torchvision). */
  applyExifOrientation?: boolean;
}

/** The encoded bytes a decoder reads: a uint8 1-D tensor (torchvision's input) or a Uint8Array/Buffer. */
export type EncodedImage = Tensor | Uint8Array;

/** An image format the decoders recognise by its first bytes. */
export type ImageFormat = 'jpeg' | 'png' | 'gif' | 'webp';

/**
 * A job for sharp and what to make of its result, or a result made without sharp (`direct`), or
 * first a native decoder's try (`native`: null leaves the image to sharp).
 */
export interface Plan<J, R> {
  job: J;
  finish(result: SharpJobResult): R;
  direct?: () => R;
  native?: { sync(): R | null; async(): Promise<R | null> };
}

// ---- arguments ----------------------------------------------------------------------------------

export function parseMode(where: string, mode: unknown): ImageReadMode {
  if (mode === undefined) return 'UNCHANGED';
  if (typeof mode === 'string') {
    const m = mode.toUpperCase();
    if (m === 'RGBA') return 'RGB_ALPHA';
    if (m === 'UNCHANGED' || m === 'GRAY' || m === 'GRAY_ALPHA' || m === 'RGB' || m === 'RGB_ALPHA') return m;
  }
  throw new TypeError(`${where}: mode must be one of 'UNCHANGED', 'GRAY', 'GRAY_ALPHA', 'RGB', 'RGB_ALPHA' (or 'RGBA') (got ${describeValue(mode)})`);
}

/** The bytes of a decoder's input, checked as torchvision checks its tensor. */
export function encodedBytes(where: string, input: unknown): Uint8Array {
  if (input instanceof Uint8Array) {
    if (input.byteLength === 0) throw new RangeError(`${where}: Expected a non empty 1-dimensional tensor`);
    return input;
  }
  if (!(input instanceof Tensor)) throw argTypeError(where, 'input', 'a uint8 1-D tensor or a Uint8Array', input);
  if (input.dtype !== 'uint8') throw new TypeError(`${where}: Expected a torch.uint8 tensor (got ${input.dtype})`);
  if (input.dim() !== 1 || input.numel() === 0) throw new RangeError(`${where}: Expected a non empty 1-dimensional tensor (got shape [${input.shape.join(', ')}])`);
  const t = input.device === 'cpu' ? input.contiguous() : input.cpu();
  return t.dataView() as Uint8Array;
}

// ---- headers ------------------------------------------------------------------------------------

export function sniff(b: Uint8Array): ImageFormat | undefined {
  if (b.length >= 3 && b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff) return 'jpeg';
  if (b.length >= 8 && b[0] === 0x89 && b[1] === 0x50 && b[2] === 0x4e && b[3] === 0x47 && b[4] === 0x0d && b[5] === 0x0a && b[6] === 0x1a && b[7] === 0x0a) return 'png';
  if (b.length >= 4 && b[0] === 0x47 && b[1] === 0x49 && b[2] === 0x46 && b[3] === 0x38) return 'gif';
  if (b.length >= 12 && b[0] === 0x52 && b[1] === 0x49 && b[2] === 0x46 && b[3] === 0x46 && b[8] === 0x57 && b[9] === 0x45 && b[10] === 0x42 && b[11] === 0x50) return 'webp';
  return undefined;
}

interface PngHeader { bitDepth: number; colorType: number; gamma: number | undefined }

function pngHeader(where: string, b: Uint8Array): PngHeader {
  // Signature (8), IHDR length (4) and type (4), width (4), height (4), bit depth, colour type.
  if (b.length < 26 || b[12] !== 0x49 || b[13] !== 0x48 || b[14] !== 0x44 || b[15] !== 0x52) {
    throw new Error(`${where}: Could read image metadata from content.`);
  }
  // The file gamma libpng reads before the pixels: sRGB means 1/2.2 (45455), else gAMA's value.
  let gamma: number | undefined;
  let srgb = false;
  for (let i = 8; i + 12 <= b.length;) {
    const len = ((b[i]! << 24) | (b[i + 1]! << 16) | (b[i + 2]! << 8) | b[i + 3]!) >>> 0;
    const type = String.fromCharCode(b[i + 4]!, b[i + 5]!, b[i + 6]!, b[i + 7]!);
    if (type === 'IDAT' || type === 'IEND') break;
    if (type === 'sRGB') srgb = true;
    if (type === 'gAMA' && len === 4 && i + 12 <= b.length) gamma = ((b[i + 8]! << 24) | (b[i + 9]! << 16) | (b[i + 10]! << 8) | b[i + 11]!) >>> 0;
    i += 12 + len;
  }
  return { bitDepth: b[24]!, colorType: b[25]!, gamma: srgb ? 45455 : gamma };
}

/** The component count of a JPEG's frame header (SOFn), or 3 when none is found before the data. */
function jpegComponents(b: Uint8Array): number {
  let i = 2;
  while (i + 9 < b.length) {
    if (b[i] !== 0xff) { i++; continue; }
    const m = b[i + 1]!;
    if (m === 0xff) { i++; continue; }
    if (m === 0xd8 || m === 0x01 || (m >= 0xd0 && m <= 0xd7)) { i += 2; continue; }
    if (m >= 0xc0 && m <= 0xcf && m !== 0xc4 && m !== 0xc8 && m !== 0xcc) return b[i + 9]!;
    if (m === 0xda || m === 0xd9) break;
    i += 2 + ((b[i + 2]! << 8) | b[i + 3]!);
  }
  return 3;
}

// ---- decoding -----------------------------------------------------------------------------------

/**
 * How gray comes from RGB: libpng's fixed-point sum (with the 8-bit gamma tables libpng builds
 * when the file's gamma is not 1), or libjpeg's luma.
 */
type Conversion = { kind: 'png'; to1?: Uint8Array; from1?: Uint8Array } | { kind: 'jpeg' };

/** libpng's png_gamma_8bit_correct table for a gamma in units of 1e-5. */
function gammaTable(g: number): Uint8Array {
  const t = new Uint8Array(256);
  for (let v = 0; v < 256; v++) t[v] = v === 0 || v === 255 ? v : Math.floor(255 * Math.pow(v / 255, g * 1e-5) + 0.5);
  return t;
}

/** png_reciprocal: 1/g in units of 1e-5, rounded. */
function reciprocal(g: number): number {
  return Math.floor(1e10 / g + 0.5);
}

function decodePlan(where: string, bytes: Uint8Array, mode: ImageReadMode, opts: { applyExifOrientation: boolean }, only?: ImageFormat, paletteColors = false): Plan<DecodeJob, Tensor> {
  const format = sniff(bytes);
  if (only === 'png' && format !== 'png') throw new Error(`${where}: Content is not png!`);
  if (only === 'jpeg' && format !== 'jpeg') {
    throw new Error(`${where}: Not a JPEG file: starts with 0x${hex(bytes[0])} 0x${hex(bytes[1])}`);
  }
  if (format === undefined) {
    throw new Error(`${where}: Unsupported image file. Only jpeg, png, webp and gif are currently supported.`);
  }
  let native: number | undefined; // the channels torchvision's decoder gives in UNCHANGED mode
  let depth16 = false;
  let gray: Conversion = { kind: 'png' };
  let alphaMax: number | undefined;
  let jpegNative: Plan<DecodeJob, Tensor>['native'];
  if (format === 'png') {
    const h = pngHeader(where, bytes);
    depth16 = h.bitDepth === 16;
    // libpng's add_alpha filler is (1 << bit depth) - 1: torchvision's alpha for a 1-, 2- or
    // 4-bit gray PNG is 1, 3 or 15.
    if (h.colorType === 0 && h.bitDepth < 8) alphaMax = (1 << h.bitDepth) - 1;
    // libpng converts RGB to gray in linear light when the file's gamma is significant (outside
    // 0.95..1.05): 8-bit tables to and from linear, the sum rounded.
    if (h.gamma !== undefined && h.gamma > 0 && (h.gamma < 95000 || h.gamma > 105000) && !depth16) {
      gray = { kind: 'png', to1: gammaTable(reciprocal(h.gamma)), from1: gammaTable(reciprocal(reciprocal(h.gamma))) };
    }
    native = ({ 0: 1, 2: 3, 4: 2, 6: 4 } as Record<number, number>)[h.colorType]; // 3 (palette): sharp's RGB(A)
    if (h.colorType === 3 && mode === 'UNCHANGED' && !paletteColors) {
      // torchvision gives a palette PNG's indices (libpng's rows untransformed): libvips only
      // gives colours, so the rows are inflated and unfiltered here.
      return { job: { op: 'decode', input: bytes, depth16: false, autoOrient: false, allPages: false }, finish: () => { throw new Error('unreachable'); }, direct: () => paletteIndices(where, bytes) };
    }
  } else if (format === 'jpeg') {
    if (mode === 'GRAY_ALPHA' || mode === 'RGB_ALPHA') throw new Error(`${where}: The provided mode is not supported for JPEG files`);
    const n = jpegComponents(bytes);
    native = n === 1 ? 1 : 3;
    gray = { kind: 'jpeg' };
    if (!opts.applyExifOrientation && (n === 1 || n === 3)) {
      const asked = mode;
      jpegNative = { sync: () => decodeJpegNative(bytes, asked), async: () => decodeJpegNativeAsync(bytes, asked) };
    }
  } else if (mode === 'GRAY' || mode === 'GRAY_ALPHA') {
    throw new Error(`${where}: mode ${mode} is not supported for ${format === 'gif' ? 'GIF' : 'WebP'} files (UNCHANGED, RGB or RGB_ALPHA)`);
  }
  const job: DecodeJob = { op: 'decode', input: bytes, depth16, autoOrient: opts.applyExifOrientation, allPages: format === 'gif' };
  return {
    job,
    native: jpegNative,
    finish(r) {
      const from = native ?? r.channels; // palette, GIF, WebP: RGB or RGBA as decoded
      const to = mode === 'UNCHANGED' ? from : MODE_CHANNELS[mode];
      const out = convert(r, from, to, gray, depth16, alphaMax);
      const h = r.height / r.pages;
      const shape = r.pages > 1 ? [r.pages, h, r.width, to] : [h, r.width, to];
      const t = fromBuffer(out, { dtype: depth16 ? 'uint16' : 'uint8', shape });
      return r.pages > 1 ? t.permute(0, 3, 1, 2) : t.permute(2, 0, 1);
    },
  };
}

/** The palette indices of a palette PNG, 1 x H x W uint8 (libpng's rows, 1-4 bit samples expanded to bytes, not scaled). */
function paletteIndices(where: string, b: Uint8Array): Tensor {
  const u32 = (i: number): number => ((b[i]! << 24) | (b[i + 1]! << 16) | (b[i + 2]! << 8) | b[i + 3]!) >>> 0;
  const width = u32(16);
  const height = u32(20);
  const depth = b[24]!;
  const interlaced = b[28] === 1;
  const idat: Uint8Array[] = [];
  for (let i = 8; i + 8 <= b.length;) {
    const len = u32(i);
    const type = String.fromCharCode(b[i + 4]!, b[i + 5]!, b[i + 6]!, b[i + 7]!);
    if (i + 12 + len > b.length) throw new Error(`${where}: Out of bound read in decode_png. Probably, the input image is corrupted`);
    if (type === 'IDAT') idat.push(b.subarray(i + 8, i + 8 + len));
    if (type === 'IEND') break;
    i += 12 + len;
  }
  let raw: Uint8Array;
  try {
    raw = inflateSync(Buffer.concat(idat));
  } catch (e) {
    throw new Error(`${where}: corrupt PNG data (${(e as Error).message})`);
  }
  const out = new Uint8Array(width * height);
  const passes = interlaced
    ? [[0, 0, 8, 8], [4, 0, 8, 8], [0, 4, 4, 8], [2, 0, 4, 4], [0, 2, 2, 4], [1, 0, 2, 2], [0, 1, 1, 2]]
    : [[0, 0, 1, 1]];
  let pos = 0;
  for (const [x0, y0, dx, dy] of passes as [number, number, number, number][]) {
    const w = Math.ceil((width - x0) / dx);
    const h = Math.ceil((height - y0) / dy);
    if (w <= 0 || h <= 0) continue;
    const rowBytes = Math.ceil((w * depth) / 8);
    let prev = new Uint8Array(rowBytes);
    for (let y = 0; y < h; y++) {
      if (pos + 1 + rowBytes > raw.length) throw new Error(`${where}: Out of bound read in decode_png. Probably, the input image is corrupted`);
      const filter = raw[pos]!;
      const row = raw.slice(pos + 1, pos + 1 + rowBytes);
      pos += 1 + rowBytes;
      for (let i = 0; i < rowBytes; i++) {
        const a = i >= 1 ? row[i - 1]! : 0;
        const up = prev[i]!;
        const c = i >= 1 ? prev[i - 1]! : 0;
        let v = row[i]!;
        if (filter === 1) v += a;
        else if (filter === 2) v += up;
        else if (filter === 3) v += (a + up) >> 1;
        else if (filter === 4) {
          const p = a + up - c;
          const pa = Math.abs(p - a), pb = Math.abs(p - up), pc = Math.abs(p - c);
          v += pa <= pb && pa <= pc ? a : pb <= pc ? up : c;
        } else if (filter !== 0) throw new Error(`${where}: bad PNG filter type ${filter}`);
        row[i] = v & 0xff;
      }
      prev = row;
      const perByte = 8 / depth;
      const mask = (1 << depth) - 1;
      for (let x = 0; x < w; x++) {
        const v = depth === 8 ? row[x]! : (row[Math.floor(x / perByte)]! >> (8 - depth * ((x % perByte) + 1))) & mask;
        out[(y0 + y * dy) * width + x0 + x * dx] = v;
      }
    }
  }
  return fromBuffer(out, { shape: [1, height, width] });
}

function hex(v: number | undefined): string {
  return (v ?? 0).toString(16).padStart(2, '0');
}

/**
 * The samples of `to` channels from sharp's raw result (`r.channels` bands: gray replicated to
 * RGB, alpha last), torchvision's stored layout having `from` channels. Narrowing happens in
 * place in the result's memory; only adding an alpha band allocates.
 */
function convert(r: SharpJobResult, from: number, to: number, gray: Conversion, depth16: boolean, alphaMax?: number): Uint8Array {
  const sc = r.channels;
  const n = r.width * r.height;
  const bytes = r.data;
  if (depth16 && bytes.byteOffset % 2 !== 0) return convert({ ...r, data: bytes.slice() }, from, to, gray, depth16, alphaMax);
  const src = depth16 ? new Uint16Array(bytes.buffer, bytes.byteOffset, bytes.byteLength / 2) : bytes;
  // sharp's alpha band counts only where torchvision's layout has one: a tRNS chunk of a gray or
  // RGB PNG gives libvips an alpha band that torchvision's decoder ignores.
  const hasAlpha = sc === 4 && (from === 2 || from === 4);
  // sharp's bands are the answer: RGB of anything, RGBA of an image with alpha.
  if (to === sc && (to === 3 || hasAlpha)) return bytes;
  const max = alphaMax ?? (depth16 ? 65535 : 255);
  const dst = to <= sc ? src : depth16 ? new Uint16Array(n * to) : new Uint8Array(n * to);
  const toGray = to <= 2 && from >= 3;
  for (let p = 0, s = 0, d = 0; p < n; p++, s += sc, d += to) {
    const r0 = src[s]!, g0 = src[s + 1]!, b0 = src[s + 2]!;
    const a = hasAlpha ? src[s + 3]! : max;
    if (to <= 2) {
      dst[d] = toGray ? grayOf(r0, g0, b0, gray, depth16) : r0;
      if (to === 2) dst[d + 1] = a;
    } else {
      dst[d] = r0; dst[d + 1] = g0; dst[d + 2] = b0;
      if (to === 4) dst[d + 3] = a;
    }
  }
  const len = n * to * (depth16 ? 2 : 1);
  return dst === src ? new Uint8Array(bytes.buffer, bytes.byteOffset, len) : new Uint8Array(dst.buffer, 0, len);
}

function grayOf(r: number, g: number, b: number, how: Conversion, depth16: boolean): number {
  if (how.kind === 'jpeg') return (19595 * r + 38470 * g + 7471 * b + 32768) >>> 16;
  if (r === g && r === b) return r;
  // png_set_rgb_to_gray(1, 0.2989, 0.587): 29890 * 32768 / 100000 and 58700 * 32768 / 100000
  // truncated, blue the rest of 32768.
  if (depth16) return (9794 * r + 19234 * g + 3740 * b + 16384) >>> 15;
  if (how.to1 !== undefined) return how.from1![(9794 * how.to1[r]! + 19234 * how.to1[g]! + 3740 * how.to1[b]! + 16384) >>> 15]!;
  return (9794 * r + 19234 * g + 3740 * b) >>> 15;
}

/**
 * The plan of a decode. `paletteColors`: a palette PNG in UNCHANGED mode gives its colours (RGB,
 * or RGBA with tRNS) instead of torchvision's indices, as PIL's images of it convert.
 */
export function decodeImagePlan(where: string, input: unknown, mode: unknown, applyExifOrientation: unknown, only?: ImageFormat, paletteColors = false): Plan<DecodeJob, Tensor> {
  const bytes = encodedBytes(where, input);
  if (typeof applyExifOrientation !== 'boolean') throw argTypeError(where, 'applyExifOrientation', 'a boolean', applyExifOrientation);
  return decodePlan(where, bytes, parseMode(where, mode), { applyExifOrientation }, only, paletteColors);
}

// ---- encoding -----------------------------------------------------------------------------------

/** Options of `encodeJpeg`/`writeJpeg`. */
export interface EncodeJpegOptions {
  /** 1..100, default 75 (torchvision's). */
  quality?: number;
}

/** Options of `encodePng`/`writePng`. */
export interface EncodePngOptions {
  /** zlib level 0..9, default 6 (torchvision's). */
  compressionLevel?: number;
}

export function jpegQuality(where: string, q: unknown): number {
  if (typeof q !== 'number' || !Number.isInteger(q)) throw argTypeError(where, 'quality', 'an integer', q);
  if (q < 1 || q > 100) throw new RangeError(`${where}: Image quality should be a positive number between 1 and 100 (got ${q})`);
  return q;
}

export function pngLevel(where: string, l: unknown): number {
  if (typeof l !== 'number' || !Number.isInteger(l)) throw argTypeError(where, 'compressionLevel', 'an integer', l);
  if (l < 0 || l > 9) throw new RangeError(`${where}: Compression level should be between 0 and 9 (got ${l})`);
  return l;
}

/** The samples of a uint8 C x H x W image as H x W x C bytes, and its size. */
function imageSamples(where: string, input: unknown, allowed: readonly number[]): { data: Uint8Array; c: number; h: number; w: number } {
  if (!(input instanceof Tensor)) throw argTypeError(where, 'input', 'a uint8 tensor C x H x W', input);
  if (input.dtype !== 'uint8') throw new TypeError(`${where}: Input tensor dtype should be uint8 (got ${input.dtype})`);
  if (input.dim() !== 3) throw new RangeError(`${where}: Input data should be a 3-dimensional tensor (got shape [${input.shape.join(', ')}])`);
  const [c, h, w] = input.shape as [number, number, number];
  if (!allowed.includes(c)) throw new RangeError(`${where}: The number of channels should be ${allowed.join(' or ')}, got: ${c}`);
  if (h === 0 || w === 0) throw new RangeError(`${where}: the image is empty (shape [${input.shape.join(', ')}])`);
  const hwc = (input.device === 'cpu' ? input : input.cpu()).permute(1, 2, 0).contiguous();
  return { data: hwc.dataView() as Uint8Array, c, h, w };
}

/** The bytes of an encoded file as torchvision gives them: a uint8 1-D tensor (over them, no copy). */
function bytesTensor(r: SharpJobResult): Tensor {
  return fromBuffer(r.data);
}

export function encodePlan(where: string, input: unknown, format: 'png' | 'jpeg', level: number): Plan<EncodeJob, Tensor> {
  const { data, c, h, w } = imageSamples(where, input, format === 'jpeg' ? [1, 3] : [1, 2, 3, 4]);
  const job: EncodeJob = { op: 'encode', input: data, width: w, height: h, channels: c, format, quality: level, compressionLevel: level };
  return { job, finish: bytesTensor };
}
