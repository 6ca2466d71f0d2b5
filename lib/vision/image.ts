// The vision package's stand-in for a PIL image: what torchvision's datasets hand to transforms.
// torchvision's transforms take PIL images and tensors and keep the type (Resize of a PIL image is
// a PIL image; ToTensor turns a PIL image into floats in [0, 1]); ports keep those pipelines as
// written when datasets give `Image`s and transforms accept both. The pixels are a uint8 C x H x W
// tensor (torchvision.io's layout), so every transform runs torchvision's tensor algorithm on them.
import { fromBuffer } from '../creation.js';
import { Tensor } from '../tensor.js';
import { argTypeError, describeValue } from '../validate.js';
import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { decodeImagePlan } from './io/codec.js';
import { writeJpeg, writeJpegAsync, writePng, writePngAsync } from './io/index.js';
import { runPlanAsync, runPlanSync, wrapError } from './io/run.js';

/** PIL's image modes that torchvision's datasets and io produce: gray, gray + alpha, RGB, RGBA. */
export type ImageMode = 'L' | 'LA' | 'RGB' | 'RGBA';

const CHANNELS: Readonly<Record<ImageMode, number>> = { L: 1, LA: 2, RGB: 3, RGBA: 4 };
const MODE_OF_CHANNELS: readonly (ImageMode | undefined)[] = [undefined, 'L', 'LA', 'RGB', 'RGBA'];

/**
 * An 8-bit image (PIL's `Image` in torchvision programs): `data` is a uint8 tensor C x H x W,
 * `mode` names the channels. Datasets (ImageFolder, CIFAR10, SVHN, FakeData) return these;
 * transforms keep them images until `ToTensor()` (floats in [0, 1]) or `PILToTensor()` (the
 * uint8 tensor).
 * @example
 * const img = new Image(torch.zeros([3, 32, 32], { dtype: 'uint8' }));
 * img.size // [32, 32] (width, height, as PIL's)
 * img.mode // 'RGB'
 */
export class Image {
  /** The pixels: uint8, C x H x W, C = 1 (L), 2 (LA), 3 (RGB) or 4 (RGBA). */
  readonly data: Tensor;
  /** PIL's mode: 'L', 'LA', 'RGB' or 'RGBA'. */
  readonly mode: ImageMode;

  /**
   * Wraps a uint8 C x H x W tensor (not copied). The mode defaults to the one its channel count
   * names; a given mode must agree with it.
   * @example new Image(torch.full([1, 28, 28], 255, { dtype: 'uint8' }), 'L')
   */
  constructor(data: Tensor, mode?: ImageMode) {
    if (!(data instanceof Tensor)) throw argTypeError('Image', 'data', 'a uint8 tensor C x H x W', data);
    if (data.dtype !== 'uint8') throw new TypeError(`Image: data should be a uint8 tensor (got ${data.dtype})`);
    if (data.dim() !== 3) throw new RangeError(`Image: data should be C x H x W (got shape [${data.shape.join(', ')}])`);
    const c = data.shape[0]!;
    const implied = MODE_OF_CHANNELS[c];
    if (implied === undefined) throw new RangeError(`Image: data should have 1, 2, 3 or 4 channels (got ${c})`);
    if (mode !== undefined && CHANNELS[mode] === undefined) {
      throw new TypeError(`Image: mode should be one of 'L', 'LA', 'RGB', 'RGBA' (got ${describeValue(mode)})`);
    }
    if (mode !== undefined && CHANNELS[mode] !== c) throw new RangeError(`Image: mode '${mode}' has ${CHANNELS[mode]} channels but data has ${c}`);
    this.data = data;
    this.mode = mode ?? implied;
  }

  /** Width in pixels. @example img.width */
  get width(): number { return this.data.shape[2]!; }
  /** Height in pixels. @example img.height */
  get height(): number { return this.data.shape[1]!; }
  /** PIL's `size`: [width, height]. @example const [w, h] = img.size; */
  get size(): [number, number] { return [this.width, this.height]; }
  /** Channel count of the mode. @example img.channels // 3 */
  get channels(): number { return CHANNELS[this.mode]; }

  /**
   * PIL's `Image.open(fp)`, decoded at once: a PNG, JPEG, GIF (first frame) or WebP file (a path
   * or its bytes) as an `Image` of the file's mode (a palette PNG as RGB or RGBA). Blocks while a
   * worker thread decodes (`Image.openAsync` does not). 16-bit PNGs are refused: read them with
   * `io.decodeImage` (uint16).
   * @example const img = Image.open('cat.jpg').convert('RGB');
   */
  static open(fp: string | URL | Uint8Array): Image {
    const where = 'Image.open';
    let bytes: Uint8Array;
    try {
      bytes = fp instanceof Uint8Array ? fp : readFileSync(filePath(where, fp));
    } catch (e) {
      throw e instanceof TypeError ? e : wrapError(where, e);
    }
    return imageOf(where, runPlanSync(where, decodeImagePlan(where, bytes, 'UNCHANGED', false, undefined, true)));
  }

  /** `Image.open` without blocking. @example const img = (await Image.openAsync('cat.jpg')).convert('RGB'); */
  static async openAsync(fp: string | URL | Uint8Array): Promise<Image> {
    const where = 'Image.openAsync';
    let bytes: Uint8Array;
    try {
      bytes = fp instanceof Uint8Array ? fp : await readFile(filePath(where, fp));
    } catch (e) {
      throw e instanceof TypeError ? e : wrapError(where, e);
    }
    return imageOf(where, await runPlanAsync(where, decodeImagePlan(where, bytes, 'UNCHANGED', false, undefined, true)));
  }

  /**
   * PIL's `convert(mode)` between 'L', 'LA', 'RGB' and 'RGBA', with PIL's arithmetic: gray from
   * RGB is ITU-R 601-2 luma (R * 299/1000 + G * 587/1000 + B * 114/1000, PIL's fixed point,
   * rounded), alpha is dropped or added as 255, gray is replicated to RGB.
   * @example const gray = Image.open('cat.jpg').convert('L');
   */
  convert(mode: ImageMode): Image {
    if (CHANNELS[mode] === undefined) throw new TypeError(`Image.convert: mode should be one of 'L', 'LA', 'RGB', 'RGBA' (got ${describeValue(mode)})`);
    if (mode === this.mode) return new Image(this.data.clone(), mode);
    const src = this.data.permute(1, 2, 0).contiguous().dataSync() as Uint8Array;
    const n = this.width * this.height;
    const sc = this.channels;
    const dc = CHANNELS[mode];
    const out = new Uint8Array(n * dc);
    const color = sc >= 3;
    const alpha = sc === 2 || sc === 4;
    for (let p = 0, s = 0, d = 0; p < n; p++, s += sc, d += dc) {
      const r = src[s]!;
      const g = color ? src[s + 1]! : r;
      const b = color ? src[s + 2]! : r;
      const a = alpha ? src[s + sc - 1]! : 255;
      if (dc <= 2) {
        out[d] = color ? (r * 19595 + g * 38470 + b * 7471 + 0x8000) >>> 16 : r;
      } else {
        out[d] = r; out[d + 1] = g; out[d + 2] = b;
      }
      if (dc === 2 || dc === 4) out[d + dc - 1] = a;
    }
    return new Image(fromBuffer(out, { shape: [this.height, this.width, dc] }).permute(2, 0, 1).contiguous(), mode);
  }

  /**
   * PIL's `save(fp)`: writes a PNG or a JPEG (by the extension, or `format`); JPEG at `quality`
   * (default 75, PIL's). Blocks while a worker thread encodes (`saveAsync` does not).
   * @example img.save('out.png');
   * @example img.save('out.jpg', { quality: 90 });
   */
  save(fp: string, options: ImageSaveOptions = {}): void {
    const [format, quality] = saveFormat('Image.save', fp, options);
    if (format === 'png') writePng(this.data, fp);
    else writeJpeg(this.data, fp, quality);
  }

  /** `save` without blocking. @example await img.saveAsync('out.png'); */
  async saveAsync(fp: string, options: ImageSaveOptions = {}): Promise<void> {
    const [format, quality] = saveFormat('Image.saveAsync', fp, options);
    if (format === 'png') await writePngAsync(this.data, fp);
    else await writeJpegAsync(this.data, fp, quality);
  }

  /** PIL's repr, e.g. `<Image mode=RGB size=32x32>`. @example String(img) */
  toString(): string { return `<Image mode=${this.mode} size=${this.width}x${this.height}>`; }
}

/** Options of `Image.save`. */
export interface ImageSaveOptions {
  /** 'png' or 'jpeg' (any case; 'jpg' too); default from the file name's extension. */
  format?: string;
  /** JPEG quality 1..100 (default 75). */
  quality?: number;
}

function saveFormat(where: string, fp: unknown, options: ImageSaveOptions): ['png' | 'jpeg', number] {
  if (typeof fp !== 'string') throw argTypeError(where, 'fp', 'a file name', fp);
  for (const k of Object.keys(options)) {
    if (k !== 'format' && k !== 'quality') throw new TypeError(`${where}: unknown option '${k}' (expected format, quality)`);
  }
  const f = (options.format ?? fp.slice(fp.lastIndexOf('.') + 1)).toLowerCase();
  const format = f === 'png' ? 'png' : f === 'jpg' || f === 'jpeg' ? 'jpeg' : undefined;
  if (format === undefined) throw new RangeError(`${where}: unknown file format '${f}' (PNG or JPEG: .png, .jpg, .jpeg)`);
  return [format, options.quality ?? 75];
}

function filePath(where: string, fp: unknown): string {
  if (typeof fp === 'string') return fp;
  if (fp instanceof URL) return fileURLToPath(fp);
  throw argTypeError(where, 'fp', 'a path (string or file URL) or the bytes of an image', fp);
}

function imageOf(where: string, t: Tensor): Image {
  if (t.dtype !== 'uint8') throw new RangeError(`${where}: 16-bit images have no Image mode here; read them with io.decodeImage (uint16)`);
  return new Image(t.dim() === 4 ? t.select(0, 0) : t);
}

/** The channel count of a mode. @example channelsOf('RGB') // 3 */
export function channelsOf(mode: ImageMode): number { return CHANNELS[mode]; }
