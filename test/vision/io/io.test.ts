// torchvision.io over sharp (JPEGs through libjpeg first: test/vision/io/libjpeg.test.ts): decoded pixels against torchvision's decoders (the reference in
// test/oracles/vision/io/io.py: libpng's transformations for PNGs, libjpeg-turbo through Pillow
// for JPEGs), over fixture files the oracle writes into a temp dir; encoders read back by Pillow;
// bad input as JS errors, through the sync bridge and the async path alike.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it, onTestFinished } from 'vitest';
import * as torch from '../../../lib/torch.js';
import { Image, io } from '../../../lib/vision/index.js';
import { setLibjpegDisabled } from '../../../lib/vision/io/libjpeg.js';
import type { Tensor } from '../../../lib/tensor.js';
import { oracleBatch, oracles } from '../../helpers/python.js';
import { runInChild } from '../../helpers/child.js';
import { tempDir } from '../../helpers/tmp.js';

type Nested = number[][][];
type N4 = number[][][][];
interface PngCase { file: string; expected: Record<string, Nested>; dtype: 'uint8' | 'uint16' }
interface JpegCase { file: string; expected: Record<string, Nested> }

const dir = tempDir('torch-node-io-');
const py = oracleBatch<{ png: Record<string, PngCase>; jpeg: Record<string, JpegCase> }>({
  png: ['vision/io/io', 'png_fixtures', dir],
  jpeg: ['vision/io/io', 'jpeg_fixtures', dir],
});

const MODES = ['UNCHANGED', 'GRAY', 'GRAY_ALPHA', 'RGB', 'RGB_ALPHA'] as const;

function maxAbsDiff(a: Tensor, want: Nested): number {
  const w = torch.tensor(want, { dtype: 'int32' });
  expect(a.shape).toEqual(w.shape);
  return a.to('int32').sub(w).abs().max().item() as number;
}

describe('decodePng: exactly torchvision.io.decode_png (libpng\'s transformations)', () => {
  it('has the same cases as the oracle', () => {
    expect(Object.keys(py().png).sort()).toEqual([
      'gray1', 'gray16', 'gray2', 'gray4', 'gray8', 'gray8_trns', 'gray_alpha16', 'gray_alpha8', 'palette4', 'palette8', 'palette_trns',
      'rgb16', 'rgb8', 'rgb8_gamma', 'rgb8_gamma_1', 'rgb8_srgb', 'rgb8_trns', 'rgba16', 'rgba8', 'rgba8_gamma_1_8',
    ]);
  });
  for (const mode of MODES) {
    it(`mode ${mode}, sync and async, every colour type and depth`, async () => {
      for (const [name, c] of Object.entries(py().png)) {
        const want = c.expected[mode];
        if (want === undefined) continue;
        const data = io.readFile(c.file);
        const got = io.decodePng(data, mode);
        expect(got.dtype, name).toBe(c.dtype);
        expect(maxAbsDiff(got, want), `${name} ${mode}`).toBe(0);
        const viaImage = await io.decodeImageAsync(c.file, { mode });
        expect(viaImage.equal(got), `${name} ${mode} async`).toBe(true);
      }
    });
  }

  it('palette PNGs where torchvision returns unusable rows: 1-4 bit indices unpacked, alpha 255 without tRNS', async () => {
    // torchvision leaves a 4-bit palette's rows packed in UNCHANGED mode, and adds no alpha band to
    // a palette without tRNS in the alpha modes (libpng's rows then misalign): here the indices
    // are unpacked (Pillow's) and the alpha is 255 (Pillow's convert('RGBA')).
    const c = py().png.palette4!;
    const [pil, rgba] = oracles<[{ mode: string; data: Nested }, { data: Nested }]>([
      ['vision/io/io', 'pil_read', c.file], ['vision/io/io', 'pil_convert', c.file, 'RGBA'],
    ]);
    expect(pil.mode).toBe('P');
    expect(maxAbsDiff(io.decodePng(io.readFile(c.file)), pil.data)).toBe(0);
    expect(maxAbsDiff(await io.decodeImageAsync(c.file, 'RGB_ALPHA'), rgba.data)).toBe(0);
    // An interlaced (Adam7) palette PNG, written by sharp: the same indices as Pillow reads.
    const sharp = (await import('sharp')).default;
    torch.manualSeed(3);
    const px = torch.randint(0, 4, [20, 27, 3], { dtype: 'uint8' }).mul(80);
    const file = join(dir, 'adam7.png');
    await sharp(Buffer.from(px.dataSync() as Uint8Array), { raw: { width: 27, height: 20, channels: 3 } }).png({ palette: true, progressive: true, colours: 64, dither: 0 }).toFile(file);
    const p7 = oracles<[{ mode: string; data: Nested }]>([['vision/io/io', 'pil_read', file]])[0];
    expect(p7.mode).toBe('P');
    expect(readFileSync(file)[28]).toBe(1); // interlaced
    expect(maxAbsDiff(io.decodePng(readFileSync(file)), p7.data)).toBe(0);
  });

  it('returns the channels-first view of H x W x C samples, as torchvision (not contiguous)', () => {
    const t = io.decodeImage(py().png.rgb8!.file);
    expect(t.shape).toEqual([3, 23, 37]);
    expect(t.stride()).toEqual([1, 37 * 3, 3]);
    expect(io.decodeImage(py().png.gray8!.file).isContiguous()).toBe(true);
  });

  it('accepts modes as torchvision: the enum, any case, RGBA for RGB_ALPHA', () => {
    const f = py().png.rgba8!.file;
    const a = io.decodeImage(f, io.ImageReadMode.RGBA);
    expect(io.ImageReadMode.RGBA).toBe('RGB_ALPHA');
    expect(io.decodeImage(f, 'rgba').equal(a)).toBe(true);
    expect(io.decodeImage(f, 'RGB_ALPHA').equal(a)).toBe(true);
    expect(io.readImage(f, 'gray').shape).toEqual([1, 23, 37]);
  });
});

describe('decodeJpeg: libjpeg-turbo (Pillow) against sharp\'s mozjpeg decoder (the path without libjpeg)', () => {
  it('RGB and UNCHANGED agree exactly; GRAY of a gray JPEG too', () => {
    const was = setLibjpegDisabled(true);
    try {
      for (const [name, c] of Object.entries(py().jpeg)) {
        const data = readFileSync(c.file);
        expect(maxAbsDiff(io.decodeJpeg(data), c.expected.UNCHANGED!), name).toBe(0);
        expect(maxAbsDiff(io.decodeJpeg(data, 'RGB'), c.expected.RGB!), name).toBe(0);
        if (name.startsWith('gray')) expect(maxAbsDiff(io.decodeJpeg(data, 'GRAY'), c.expected.GRAY!), name).toBe(0);
      }
    } finally {
      setLibjpegDisabled(was);
    }
  });

  it('GRAY of a colour JPEG: luma recomputed from RGB, within 8 of the stored Y plane, and equal at 98% of pixels', () => {
    // libjpeg hands torchvision the Y plane; sharp gives RGB, from which libjpeg's luma is
    // recomputed. Where YCbCr -> RGB clamped (saturated colours) the stored Y is not recoverable.
    const was = setLibjpegDisabled(true);
    onTestFinished(() => { setLibjpegDisabled(was); });
    for (const [name, c] of Object.entries(py().jpeg)) {
      if (name.startsWith('gray')) continue;
      const got = io.decodeJpeg(readFileSync(c.file), 'GRAY');
      const d = got.to('int32').sub(torch.tensor(c.expected.GRAY!, { dtype: 'int32' })).abs();
      expect(d.max().item(), name).toBeLessThanOrEqual(8);
      expect(d.gt(0).float().mean().item(), name).toBeLessThan(0.04);
    }
  });

  it('decodes a list of JPEGs, sync and async; alpha modes are refused as torchvision does', async () => {
    const files = Object.values(py().jpeg).map((c) => io.readFile(c.file));
    const many = io.decodeJpeg(files, 'RGB');
    const manyAsync = await io.decodeJpegAsync(files, 'RGB');
    expect(many).toHaveLength(files.length);
    many.forEach((t, i) => expect(t.equal(manyAsync[i]!)).toBe(true));
    expect(() => io.decodeJpeg(files[0]!, 'RGB_ALPHA')).toThrow('The provided mode is not supported for JPEG files');
    expect(() => io.decodeJpeg([])).toThrow('Input list must contain at least one element');
  });
});

describe('GIF and WebP (decodeImage)', () => {
  it('gives Pillow\'s pixels: GIF frames as RGB (N x C x H x W when animated), lossless WebP as RGBA', () => {
    const want = oracles<[{ anim: N4; still: Nested; webp: Nested }]>([['vision/io/io', 'gif_webp_fixtures', dir]])[0];
    const anim = io.decodeImage(join(dir, 'anim.gif'));
    expect(anim.shape).toEqual([2, 3, 9, 13]);
    expect(anim.equal(torch.tensor(want.anim, { dtype: 'uint8' }))).toBe(true);
    expect(io.decodeGif(io.readFile(join(dir, 'still.gif'))).equal(torch.tensor(want.still, { dtype: 'uint8' }))).toBe(true);
    const webp = io.decodeWebp(io.readFile(join(dir, 'img.webp')));
    expect(webp.equal(torch.tensor(want.webp, { dtype: 'uint8' }))).toBe(true);
    expect(io.decodeImage(join(dir, 'img.webp'), 'RGB').equal(webp.narrow(0, 0, 3))).toBe(true);
    expect(() => io.decodeImage(join(dir, 'img.webp'), 'GRAY')).toThrow('mode GRAY is not supported for WebP files');
  });
});

describe('encoders', () => {
  it('encodePng/writePng: 1 to 4 channels, read back by Pillow and by decodePng unchanged', async () => {
    torch.manualSeed(0);
    const cases = [[1, 'L'], [2, 'LA'], [3, 'RGB'], [4, 'RGBA']] as const;
    const imgs = cases.map(([c]) => torch.randint(0, 256, [c, 13, 17], { dtype: 'uint8' }));
    const files = cases.map(([c]) => join(dir, `enc${c}.png`));
    for (let i = 0; i < cases.length; i++) {
      const img = imgs[i]!;
      const bytes = io.writePng(img, files[i]!, 9);
      expect(bytes.dtype).toBe('uint8');
      expect(readFileSync(files[i]!).equals(Buffer.from(bytes.dataSync() as Uint8Array))).toBe(true);
      expect(io.decodePng(bytes).equal(img)).toBe(true);
      expect((await io.decodeImageAsync(await io.encodePngAsync(img, { compressionLevel: 0 }))).equal(img)).toBe(true);
    }
    const pil = oracles<{ mode: string; format: string; data: Nested }[]>(files.map((f) => ['vision/io/io', 'pil_read', f]));
    pil.forEach((p, i) => {
      expect([p.format, p.mode]).toEqual(['PNG', cases[i]![1]]);
      expect(maxAbsDiff(imgs[i]!, p.data)).toBe(0);
    });
  });

  it('encodeJpeg: what torchvision\'s encoder (libjpeg, 4:2:0) gives, decoded, at quality 75 and 95', async () => {
    // libjpeg's defaults on both sides (Annex K tables scaled by quality, 4:2:0, islow DCT): the
    // same coefficients, so the same pixels once decoded (the files differ in their headers).
    const src = py().png.rgb8!.file;
    const img = io.decodeImage(src, 'RGB');
    const file = join(dir, 'enc.jpg');
    io.writeJpeg(img, file, 90);
    const [p75, p95, pil] = oracles<[Nested, Nested, { mode: string; format: string }]>([
      ['vision/io/io', 'pil_roundtrip_jpeg', src, 75], ['vision/io/io', 'pil_roundtrip_jpeg', src, 95], ['vision/io/io', 'pil_read', file],
    ]);
    const ours75 = io.decodeJpeg(io.encodeJpeg(img));
    const ours95 = io.decodeJpeg(await io.encodeJpegAsync(img, { quality: 95 }));
    expect(maxAbsDiff(ours75, p75)).toBe(0);
    expect(maxAbsDiff(ours95, p95)).toBe(0);
    const gray = io.encodeJpeg(io.decodeImage(src, 'GRAY'), 90);
    expect(io.decodeImage(gray).shape).toEqual([1, 23, 37]);
    expect([pil.format, pil.mode]).toEqual(['JPEG', 'RGB']);
  });

  it('checks images and levels as torchvision', () => {
    const img = torch.zeros([3, 4, 4], { dtype: 'uint8' });
    expect(() => io.encodeJpeg(img, 0)).toThrow('Image quality should be a positive number between 1 and 100');
    expect(() => io.encodeJpeg(img, { quality: 101 })).toThrow(RangeError);
    expect(() => io.encodePng(img, 10)).toThrow('Compression level should be between 0 and 9');
    expect(() => io.encodePng(img.float())).toThrow('Input tensor dtype should be uint8');
    expect(() => io.encodePng(torch.zeros([4, 4], { dtype: 'uint8' }))).toThrow('Input data should be a 3-dimensional tensor');
    expect(() => io.encodeJpeg(torch.zeros([4, 4, 4], { dtype: 'uint8' }))).toThrow('The number of channels should be 1 or 3, got: 4');
    expect(() => io.encodePng(torch.zeros([5, 4, 4], { dtype: 'uint8' }))).toThrow('The number of channels should be 1 or 2 or 3 or 4, got: 5');
    expect(() => io.encodePng(img, { level: 3 } as never)).toThrow("unknown option 'level'");
  });
});

describe('files and bad input', () => {
  it('readFile/writeFile move bytes as uint8 1-D tensors', async () => {
    const f = join(dir, 'bytes.bin');
    const t = torch.tensor([1, 2, 250], { dtype: 'uint8' });
    expect(io.writeFile(f, t)).toBe(t);
    expect(io.readFile(f).tolist()).toEqual([1, 2, 250]);
    await io.writeFileAsync(pathToFileURL(f), new Uint8Array([7, 8]));
    expect((await io.readFileAsync(f)).tolist()).toEqual([7, 8]);
  });

  it('gives clear errors for what is not an image, truncated files, wrong types, missing files', async () => {
    const png = readFileSync(py().png.rgb8!.file);
    const jpg = readFileSync(py().jpeg.rgb_q90_420!.file);
    const text = new TextEncoder().encode('not an image at all');
    expect(() => io.decodeImage(text)).toThrow('decodeImage: Unsupported image file. Only jpeg, png, webp and gif are currently supported.');
    await expect(io.decodeImageAsync(text)).rejects.toThrow('Unsupported image file');
    expect(() => io.decodePng(jpg)).toThrow('decodePng: Content is not png!');
    expect(() => io.decodeJpeg(png)).toThrow('decodeJpeg: Not a JPEG file: starts with 0x89 0x50');
    // Truncated: the worker's error reaches the blocked caller, and the bridge keeps working.
    for (const cut of [png.subarray(0, 60), png.subarray(0, png.length - 30), jpg.subarray(0, 400), jpg.subarray(0, 2000)]) {
      expect(() => io.decodeImage(cut)).toThrow(/^decodeImage: /);
      await expect(io.decodeImageAsync(cut)).rejects.toThrow(/^decodeImageAsync: /);
    }
    expect(io.decodeImage(png).shape).toEqual([3, 23, 37]);
    expect(() => io.decodeImage(torch.zeros([4], { dtype: 'float32' }))).toThrow('decodeImage: Expected a torch.uint8 tensor');
    expect(() => io.decodeImage(torch.zeros([2, 2], { dtype: 'uint8' }))).toThrow('Expected a non empty 1-dimensional tensor');
    expect(() => io.decodeImage(new Uint8Array(0))).toThrow('Expected a non empty 1-dimensional tensor');
    expect(() => io.decodeImage(42 as never)).toThrow(TypeError);
    expect(() => io.decodeImage(png, 'CMYK' as never)).toThrow("decodeImage: mode must be one of 'UNCHANGED'");
    expect(() => io.decodeImage(png, { mode: 'RGB', exif: true } as never)).toThrow("unknown option 'exif'");
    expect(() => io.readImage(join(dir, 'missing.png'))).toThrow(/readImage: ENOENT/);
    await expect(io.readImageAsync(join(dir, 'missing.png'))).rejects.toThrow(/readImageAsync: ENOENT/);
    expect(() => io.readFile(3 as never)).toThrow('readFile: path must be a path (string or file URL) (got number 3)');
  });

  it('decodes from a uint8 tensor view at an offset (a slice of a bigger buffer)', () => {
    const png = readFileSync(py().png.gray8!.file);
    const big = Buffer.concat([Buffer.from([1, 2, 3]), png]);
    const view = torch.fromBuffer(big).narrow(0, 3, png.length);
    expect(io.decodeImage(view).equal(io.decodeImage(png))).toBe(true);
  });
});

describe('Image.open / convert / save (PIL\'s)', () => {
  it('opens files in PIL\'s modes and converts between L, LA, RGB, RGBA as Pillow does', async () => {
    const files = ['gray8', 'gray_alpha8', 'rgb8', 'rgba8', 'palette8', 'palette_trns'].map((k) => py().png[k]!.file);
    files.push(py().jpeg.rgb_q90_420!.file, py().jpeg.gray_q90!.file);
    const modes = ['L', 'LA', 'RGB', 'RGBA'] as const;
    const calls = files.flatMap((f) => modes.map((m) => ['vision/io/io', 'pil_convert', f, m] as const));
    const want = oracles<{ opened: string; data: Nested }[]>(calls);
    let i = 0;
    for (const f of files) {
      const img = Image.open(f);
      expect((await Image.openAsync(readFileSync(f))).data.equal(img.data)).toBe(true);
      for (const m of modes) {
        const w = want[i++]!;
        // A palette image opens as its colours (PIL's 'P' converts the same way).
        expect(img.mode, f).toBe(w.opened === 'P' ? (f.includes('trns') ? 'RGBA' : 'RGB') : w.opened);
        expect(maxAbsDiff(img.convert(m).data, w.data), `${f} -> ${m}`).toBe(0);
      }
    }
  });

  it('saves PNG and JPEG files that read back', async () => {
    const img = Image.open(py().png.rgba8!.file);
    img.save(join(dir, 'img.png'));
    expect(Image.open(join(dir, 'img.png')).data.equal(img.data)).toBe(true);
    await img.convert('RGB').saveAsync(join(dir, 'img.jpg'), { quality: 95 });
    expect(Image.open(join(dir, 'img.jpg')).mode).toBe('RGB');
    expect(() => img.save(join(dir, 'img.gif'))).toThrow("Image.save: unknown file format 'gif'");
    expect(() => Image.open(py().png.gray16!.file)).toThrow('16-bit images have no Image mode here');
    expect(() => Image.open(join(dir, 'missing.png'))).toThrow(/^Image.open: ENOENT/);
    expect(() => Image.open(3 as never)).toThrow('Image.open: fp must be a path (string or file URL) or the bytes of an image (got number 3)');
  });
});

describe('the sync bridge', () => {
  it('lets the process exit with the decode worker started, and reports sharp errors in a child', () => {
    const png = join(dir, 'child.png');
    writeFileSync(png, readFileSync(py().png.rgba8!.file));
    const vision = JSON.stringify(new URL('../../../dist/lib/vision/index.js', import.meta.url).pathname);
    const r = runInChild(`
      const { io } = await import(${vision});
      const t = io.decodeImage(${JSON.stringify(png)}, 'RGB');
      let msg = '';
      try { io.decodeImage(new Uint8Array([0x89, 0x50, 0x4e, 0x47, 13, 10, 26, 10, 0, 0, 0, 13, 73, 72, 68, 82, 0, 0, 0, 1, 0, 0, 0, 1, 8, 2, 0, 0, 0])); } catch (e) { msg = e.message; }
      console.log(JSON.stringify({ shape: t.shape, msg }));
    `, 30_000);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const out = JSON.parse(r.stdout) as { shape: number[]; msg: string };
    expect(out.shape).toEqual([3, 23, 37]);
    expect(out.msg).toMatch(/^decodeImage: /);
  });
});
