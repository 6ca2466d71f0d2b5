// torchvision.io for images, over sharp (libvips: libpng/libspng, mozjpeg's libjpeg-turbo decoder).
// Images are uint8 tensors C x H x W (uint16 for 16-bit PNGs), as torchvision's decoders return
// them. Every function has a sync form (blocks the calling thread while a dedicated worker thread
// runs sharp: ./bridge.ts) and an `...Async` form that never blocks (sharp in libuv's pool).
// sharp is loaded on first use, so importing torch-node/vision does not pay for it.
import { readFileSync, writeFileSync } from 'node:fs';
import { readFile as readFileP, writeFile as writeFileP } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { fromBuffer } from '../../creation.js';
import { Tensor } from '../../tensor.js';
import { argTypeError, parseArgs, type Args } from '../../validate.js';
import { runPlanAsync, runPlanSync, withWhere, wrapError } from './run.js';
import {
  decodeImagePlan, encodePlan, jpegQuality, pngLevel,
  type DecodeOptions, type EncodeJpegOptions, type EncodePngOptions, type ImageFormat, type Plan,
} from './codec.js';
import type { SharpJob } from './sharp_job.js';

export { ImageReadMode } from './codec.js';
export { libjpegStatus } from './libjpeg.js';
export type { ImageReadModeLike, DecodeOptions, EncodeJpegOptions, EncodePngOptions, EncodedImage } from './codec.js';
import type { EncodedImage, ImageReadModeLike } from './codec.js';

/** Options of `decodeJpeg`: a decoder's, and the device of the result. */
export interface DecodeJpegOptions extends DecodeOptions {
  /** Where the decoded image goes (decoding runs on the CPU; default 'cpu'). */
  device?: string;
}

/** The positional-or-options arguments of the decoders after the input: mode, applyExifOrientation. */
export type DecodeArgs = Args<[mode: ImageReadModeLike, applyExifOrientation: boolean], DecodeOptions>;
/** decodeJpeg's arguments after the input: mode, device, applyExifOrientation. */
export type DecodeJpegArgs = Args<[mode: ImageReadModeLike, device: string, applyExifOrientation: boolean], DecodeJpegOptions>;

interface DecodeKw { mode: unknown; applyExifOrientation: unknown; device?: unknown }

function decodeArgs(where: string, args: readonly unknown[]): DecodeKw {
  return parseArgs<DecodeKw>(where, args, ['mode', 'applyExifOrientation'], { mode: 'UNCHANGED', applyExifOrientation: false });
}

function jpegArgs(where: string, args: readonly unknown[]): DecodeKw {
  const kw = parseArgs<DecodeKw>(where, args, ['mode', 'device', 'applyExifOrientation'], { mode: 'UNCHANGED', device: 'cpu', applyExifOrientation: false });
  if (typeof kw.device !== 'string') throw argTypeError(where, 'device', 'a device string', kw.device);
  return kw;
}

function onDevice(t: Tensor, device: unknown): Tensor {
  return device === undefined || device === 'cpu' ? t : t.to(device as string);
}

function checkPath(where: string, name: string, path: unknown): string {
  if (typeof path !== 'string' && !(path instanceof URL)) throw argTypeError(where, name, 'a path (string or file URL)', path);
  return typeof path === 'string' ? path : fileURLToPath(path);
}

function readBytes(where: string, path: unknown): Buffer {
  const p = checkPath(where, 'path', path);
  try {
    return readFileSync(p);
  } catch (e) {
    throw wrapError(where, e);
  }
}

async function readBytesAsync(where: string, path: unknown): Promise<Buffer> {
  const p = checkPath(where, 'path', path);
  try {
    return await readFileP(p);
  } catch (e) {
    throw wrapError(where, e);
  }
}

function fileBytes(where: string, data: unknown): Uint8Array {
  if (data instanceof Uint8Array) return data;
  if (!(data instanceof Tensor)) throw argTypeError(where, 'data', 'a uint8 1-D tensor or a Uint8Array', data);
  if (data.dtype !== 'uint8') throw new TypeError(`${where}: Input tensor dtype should be uint8 (got ${data.dtype})`);
  if (data.dim() !== 1) throw new RangeError(`${where}: Input data should be a 1-dimensional tensor (got shape [${data.shape.join(', ')}])`);
  return (data.device === 'cpu' ? data.contiguous() : data.cpu()).dataView() as Uint8Array;
}

// ---- files ------------------------------------------------------------------------------------

/**
 * torchvision's `read_file`: the bytes of a file as a uint8 1-D tensor (over the bytes read, no
 * copy).
 * @example const data = io.readFile('cat.jpg'); const img = io.decodeJpeg(data);
 */
export function readFile(path: string | URL): Tensor {
  return fromBuffer(readBytes('readFile', path));
}

/** `readFile` without blocking. @example const data = await io.readFileAsync('cat.jpg'); */
export async function readFileAsync(path: string | URL): Promise<Tensor> {
  return fromBuffer(await readBytesAsync('readFileAsync', path));
}

/**
 * torchvision's `write_file`: writes a uint8 1-D tensor (or bytes) to a file; returns the data.
 * @example io.writeFile('copy.png', io.readFile('image.png'));
 */
export function writeFile(filename: string | URL, data: Tensor | Uint8Array): Tensor | Uint8Array {
  const p = checkPath('writeFile', 'filename', filename);
  const bytes = fileBytes('writeFile', data);
  withWhere('writeFile', () => writeFileSync(p, bytes));
  return data;
}

/** `writeFile` without blocking. @example await io.writeFileAsync('copy.png', data); */
export async function writeFileAsync(filename: string | URL, data: Tensor | Uint8Array): Promise<Tensor | Uint8Array> {
  const p = checkPath('writeFileAsync', 'filename', filename);
  const bytes = fileBytes('writeFileAsync', data);
  try {
    await writeFileP(p, bytes);
  } catch (e) {
    throw wrapError('writeFileAsync', e);
  }
  return data;
}

// ---- decoding ---------------------------------------------------------------------------------

function inputBytes(where: string, input: unknown): unknown {
  return typeof input === 'string' || input instanceof URL ? readBytes(where, input) : input;
}

async function inputBytesAsync(where: string, input: unknown): Promise<unknown> {
  return typeof input === 'string' || input instanceof URL ? readBytesAsync(where, input) : input;
}

/**
 * torchvision's `decode_image`: decodes a JPEG, PNG, GIF or WebP image (recognised by its first
 * bytes) into a uint8 tensor C x H x W: 1 channel (gray), 2 (gray + alpha), 3 (RGB) or 4 (RGBA)
 * as stored, or as `mode` asks. A 16-bit PNG gives uint16 samples, an animated GIF N x C x H x W.
 * `input` is the encoded bytes (a uint8 1-D tensor, a Uint8Array or Buffer) or a file path.
 * Blocks the calling thread while a worker thread decodes; `decodeImageAsync` does not block.
 * @example
 * const img = io.decodeImage(io.readFile('cat.jpg'), 'RGB');  // uint8 [3, H, W]
 * const gray = io.decodeImage(fs.readFileSync('digit.png'), io.ImageReadMode.GRAY);
 * const rotated = io.decodeImage(bytes, { mode: 'RGB', applyExifOrientation: true });
 */
export function decodeImage(input: EncodedImage | string | URL, ...args: DecodeArgs): Tensor {
  const kw = decodeArgs('decodeImage', args);
  return runPlanSync('decodeImage', decodeImagePlan('decodeImage', inputBytes('decodeImage', input), kw.mode, kw.applyExifOrientation));
}

/**
 * `decodeImage` without blocking: sharp decodes in libuv's thread pool.
 * @example const img = await io.decodeImageAsync(await fs.promises.readFile('cat.jpg'), 'RGB');
 */
export async function decodeImageAsync(input: EncodedImage | string | URL, ...args: DecodeArgs): Promise<Tensor> {
  const kw = decodeArgs('decodeImageAsync', args);
  const bytes = await inputBytesAsync('decodeImageAsync', input);
  return runPlanAsync('decodeImageAsync', decodeImagePlan('decodeImageAsync', bytes, kw.mode, kw.applyExifOrientation));
}

function decodeOne(where: string, input: unknown, kw: DecodeKw, only: ImageFormat): Plan<SharpJob, Tensor> {
  return decodeImagePlan(where, input, kw.mode, kw.applyExifOrientation, only);
}

/**
 * torchvision's `decode_png`: a PNG's bytes to a uint8 (uint16 for 16-bit PNGs) tensor C x H x W.
 * Not a PNG: an Error "Content is not png!".
 * @example const img = io.decodePng(io.readFile('mask.png'), 'GRAY');
 */
export function decodePng(input: EncodedImage, ...args: DecodeArgs): Tensor {
  return runPlanSync('decodePng', decodeOne('decodePng', input, decodeArgs('decodePng', args), 'png'));
}

/** `decodePng` without blocking. @example const img = await io.decodePngAsync(bytes); */
export async function decodePngAsync(input: EncodedImage, ...args: DecodeArgs): Promise<Tensor> {
  return runPlanAsync('decodePngAsync', decodeOne('decodePngAsync', input, decodeArgs('decodePngAsync', args), 'png'));
}

/**
 * torchvision's `decode_jpeg`: a JPEG's bytes to a uint8 tensor C x H x W (modes UNCHANGED, GRAY,
 * RGB), or an array of them for an array of inputs. `device` moves the results (decoding runs on
 * the CPU).
 * @example const img = io.decodeJpeg(io.readFile('cat.jpg'));
 * @example const [a, b] = io.decodeJpeg([dataA, dataB], 'RGB');
 */
export function decodeJpeg(input: EncodedImage, ...args: DecodeJpegArgs): Tensor;
export function decodeJpeg(input: readonly EncodedImage[], ...args: DecodeJpegArgs): Tensor[];
export function decodeJpeg(input: EncodedImage | readonly EncodedImage[], ...args: DecodeJpegArgs): Tensor | Tensor[] {
  const kw = jpegArgs('decodeJpeg', args);
  if (Array.isArray(input)) {
    if (input.length === 0) throw new RangeError('decodeJpeg: Input list must contain at least one element');
    const plans = input.map((x: unknown) => decodeOne('decodeJpeg', x, kw, 'jpeg'));
    return plans.map((p) => onDevice(runPlanSync('decodeJpeg', p), kw.device));
  }
  return onDevice(runPlanSync('decodeJpeg', decodeOne('decodeJpeg', input, kw, 'jpeg')), kw.device);
}

/**
 * `decodeJpeg` without blocking (an array of inputs decodes concurrently).
 * @example const img = await io.decodeJpegAsync(bytes, 'RGB');
 */
export function decodeJpegAsync(input: EncodedImage, ...args: DecodeJpegArgs): Promise<Tensor>;
export function decodeJpegAsync(input: readonly EncodedImage[], ...args: DecodeJpegArgs): Promise<Tensor[]>;
export async function decodeJpegAsync(input: EncodedImage | readonly EncodedImage[], ...args: DecodeJpegArgs): Promise<Tensor | Tensor[]> {
  const kw = jpegArgs('decodeJpegAsync', args);
  if (Array.isArray(input)) {
    if (input.length === 0) throw new RangeError('decodeJpegAsync: Input list must contain at least one element');
    const plans = input.map((x: unknown) => decodeOne('decodeJpegAsync', x, kw, 'jpeg'));
    return (await Promise.all(plans.map((p) => runPlanAsync('decodeJpegAsync', p)))).map((t) => onDevice(t, kw.device));
  }
  return onDevice(await runPlanAsync('decodeJpegAsync', decodeOne('decodeJpegAsync', input, kw, 'jpeg')), kw.device);
}

/**
 * torchvision's `decode_gif`: a GIF's frames as uint8 RGB, C x H x W for one frame, N x C x H x W
 * for several.
 * @example const frames = io.decodeGif(io.readFile('anim.gif'));
 */
export function decodeGif(input: EncodedImage): Tensor {
  return runPlanSync('decodeGif', decodeImagePlan('decodeGif', input, 'RGB', false, 'gif'));
}

/**
 * torchvision's `decode_webp`: a WebP's bytes to uint8 RGB or RGBA (modes UNCHANGED, RGB, RGB_ALPHA).
 * @example const img = io.decodeWebp(io.readFile('photo.webp'), 'RGB');
 */
export function decodeWebp(input: EncodedImage, mode?: ImageReadModeLike): Tensor {
  return runPlanSync('decodeWebp', decodeImagePlan('decodeWebp', input, mode, false, 'webp'));
}

/**
 * torchvision's `read_image`: `decodeImage(readFile(path), mode)`.
 * @example const img = io.readImage('cat.jpg', io.ImageReadMode.RGB);
 */
export function readImage(path: string | URL, ...args: DecodeArgs): Tensor {
  const kw = decodeArgs('readImage', args);
  return runPlanSync('readImage', decodeImagePlan('readImage', readBytes('readImage', path), kw.mode, kw.applyExifOrientation));
}

/** `readImage` without blocking. @example const img = await io.readImageAsync('cat.jpg', 'RGB'); */
export async function readImageAsync(path: string | URL, ...args: DecodeArgs): Promise<Tensor> {
  const kw = decodeArgs('readImageAsync', args);
  const bytes = await readBytesAsync('readImageAsync', path);
  return runPlanAsync('readImageAsync', decodeImagePlan('readImageAsync', bytes, kw.mode, kw.applyExifOrientation));
}

// ---- encoding ---------------------------------------------------------------------------------

interface QualityKw { quality: unknown }
interface LevelKw { compressionLevel: unknown }

function quality(where: string, args: readonly unknown[]): number {
  return jpegQuality(where, parseArgs<QualityKw>(where, args, ['quality'], { quality: 75 }).quality);
}

function level(where: string, args: readonly unknown[]): number {
  return pngLevel(where, parseArgs<LevelKw>(where, args, ['compressionLevel'], { compressionLevel: 6 }).compressionLevel);
}

/** encodeJpeg's arguments after the image: quality. */
export type EncodeJpegArgs = Args<[quality: number], EncodeJpegOptions>;
/** encodePng's arguments after the image: compressionLevel. */
export type EncodePngArgs = Args<[compressionLevel: number], EncodePngOptions>;

/**
 * torchvision's `encode_jpeg`: a uint8 image C x H x W (C = 1 or 3) to the bytes of a JPEG file
 * (a uint8 1-D tensor), baseline with 4:2:0 chroma as libjpeg's defaults; an array gives an array.
 * @example const bytes = io.encodeJpeg(img, 90);
 * @example const bytes = io.encodeJpeg(img, { quality: 90 });
 */
export function encodeJpeg(input: Tensor, ...args: EncodeJpegArgs): Tensor;
export function encodeJpeg(input: readonly Tensor[], ...args: EncodeJpegArgs): Tensor[];
export function encodeJpeg(input: Tensor | readonly Tensor[], ...args: EncodeJpegArgs): Tensor | Tensor[] {
  const q = quality('encodeJpeg', args);
  if (Array.isArray(input)) {
    if (input.length === 0) throw new RangeError('encodeJpeg: encode_jpeg requires at least one input tensor when a list is passed');
    return input.map((x: unknown) => runPlanSync('encodeJpeg', encodePlan('encodeJpeg', x, 'jpeg', q)));
  }
  return runPlanSync('encodeJpeg', encodePlan('encodeJpeg', input, 'jpeg', q));
}

/** `encodeJpeg` without blocking. @example const bytes = await io.encodeJpegAsync(img, 90); */
export function encodeJpegAsync(input: Tensor, ...args: EncodeJpegArgs): Promise<Tensor>;
export function encodeJpegAsync(input: readonly Tensor[], ...args: EncodeJpegArgs): Promise<Tensor[]>;
export async function encodeJpegAsync(input: Tensor | readonly Tensor[], ...args: EncodeJpegArgs): Promise<Tensor | Tensor[]> {
  const q = quality('encodeJpegAsync', args);
  if (Array.isArray(input)) {
    if (input.length === 0) throw new RangeError('encodeJpegAsync: encode_jpeg requires at least one input tensor when a list is passed');
    const plans = input.map((x: unknown) => encodePlan('encodeJpegAsync', x, 'jpeg', q));
    return Promise.all(plans.map((p) => runPlanAsync('encodeJpegAsync', p)));
  }
  return runPlanAsync('encodeJpegAsync', encodePlan('encodeJpegAsync', input, 'jpeg', q));
}

/**
 * torchvision's `encode_png`: a uint8 image C x H x W to the bytes of a PNG file (a uint8 1-D
 * tensor). C = 1 or 3 as torchvision, and also 2 (gray + alpha) and 4 (RGBA).
 * @example const bytes = io.encodePng(img);
 * @example const small = io.encodePng(img, { compressionLevel: 9 });
 */
export function encodePng(input: Tensor, ...args: EncodePngArgs): Tensor {
  return runPlanSync('encodePng', encodePlan('encodePng', input, 'png', level('encodePng', args)));
}

/** `encodePng` without blocking. @example const bytes = await io.encodePngAsync(img); */
export async function encodePngAsync(input: Tensor, ...args: EncodePngArgs): Promise<Tensor> {
  return runPlanAsync('encodePngAsync', encodePlan('encodePngAsync', input, 'png', level('encodePngAsync', args)));
}

/**
 * torchvision's `write_jpeg`: encodes a uint8 image C x H x W (C = 1 or 3) and writes the file;
 * returns the encoded bytes.
 * @example io.writeJpeg(img, 'out.jpg', 95);
 */
export function writeJpeg(input: Tensor, filename: string | URL, ...args: EncodeJpegArgs): Tensor {
  const p = checkPath('writeJpeg', 'filename', filename);
  const data = runPlanSync('writeJpeg', encodePlan('writeJpeg', input, 'jpeg', quality('writeJpeg', args)));
  writeFile(p, data);
  return data;
}

/** `writeJpeg` without blocking. @example await io.writeJpegAsync(img, 'out.jpg'); */
export async function writeJpegAsync(input: Tensor, filename: string | URL, ...args: EncodeJpegArgs): Promise<Tensor> {
  const p = checkPath('writeJpegAsync', 'filename', filename);
  const data = await runPlanAsync('writeJpegAsync', encodePlan('writeJpegAsync', input, 'jpeg', quality('writeJpegAsync', args)));
  await writeFileAsync(p, data);
  return data;
}

/**
 * torchvision's `write_png`: encodes a uint8 image C x H x W (C = 1 to 4) and writes the file;
 * returns the encoded bytes.
 * @example io.writePng(img, 'out.png');
 */
export function writePng(input: Tensor, filename: string | URL, ...args: EncodePngArgs): Tensor {
  const p = checkPath('writePng', 'filename', filename);
  const data = runPlanSync('writePng', encodePlan('writePng', input, 'png', level('writePng', args)));
  writeFile(p, data);
  return data;
}

/** `writePng` without blocking. @example await io.writePngAsync(img, 'out.png'); */
export async function writePngAsync(input: Tensor, filename: string | URL, ...args: EncodePngArgs): Promise<Tensor> {
  const p = checkPath('writePngAsync', 'filename', filename);
  const data = await runPlanAsync('writePngAsync', encodePlan('writePngAsync', input, 'png', level('writePngAsync', args)));
  await writeFileAsync(p, data);
  return data;
}
