// JPEG decoding through libjpeg (lib/vision/io/libjpeg.ts, native/jpeg_decode.cpp): the samples
// torchvision's decode_jpeg gives (libjpeg-turbo through Pillow, test/oracles/vision/io/io.py) in
// every mode, GRAY included (the file's Y plane, where the sharp path can only recompute luma);
// sync and async alike; files it does not take (CMYK, EXIF orientation) still decode through sharp;
// errors are libjpeg's messages; the native entry points check what JS hands them.
import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import * as torch from '../../../lib/torch.js';
import { native } from '../../../lib/binding.js';
import { io } from '../../../lib/vision/index.js';
import { libjpegStatus, setLibjpegDisabled } from '../../../lib/vision/io/libjpeg.js';
import type { Tensor } from '../../../lib/tensor.js';
import { oracleBatch } from '../../helpers/python.js';
import { tempDir } from '../../helpers/tmp.js';

type Nested = number[][][];
interface JpegCase { file: string; expected: Record<string, Nested> }

const dir = tempDir('torch-node-libjpeg-');
const py = oracleBatch<{ jpeg: Record<string, JpegCase>; cmyk: { file: string; rgb: Nested } }>({
  jpeg: ['vision/io/io', 'jpeg_fixtures', dir],
  cmyk: ['vision/io/io', 'cmyk_jpeg', dir],
});

function maxAbsDiff(a: Tensor, want: Nested): number {
  const w = torch.tensor(want, { dtype: 'int32' });
  expect(a.shape).toEqual(w.shape);
  return a.to('int32').sub(w).abs().max().item() as number;
}

afterEach(() => {
  setLibjpegDisabled(false);
});

describe('libjpeg decoding', () => {
  it('is available on this build (libjpeg-dev at build time, libjpeg at run time)', () => {
    expect(libjpegStatus()).toEqual({ available: true, reason: null });
    expect(io.libjpegStatus).toBe(libjpegStatus);
  });

  it('gives torchvision\'s samples exactly in UNCHANGED, RGB and GRAY (the Y plane), sync and async', async () => {
    const cases = Object.entries(py().jpeg);
    expect(cases.length).toBeGreaterThanOrEqual(5);
    for (const [name, c] of cases) {
      const data = readFileSync(c.file);
      for (const mode of ['UNCHANGED', 'RGB', 'GRAY'] as const) {
        const got = io.decodeJpeg(data, mode);
        expect(maxAbsDiff(got, c.expected[mode]!), `${name} ${mode}`).toBe(0);
        const viaAsync = await io.decodeImageAsync(c.file, mode);
        expect(viaAsync.equal(got), `${name} ${mode} async`).toBe(true);
      }
    }
  });

  it('GRAY of a colour JPEG is the Y plane, which the sharp path only approximates', () => {
    const c = py().jpeg.rgb_q90_420!;
    const data = readFileSync(c.file);
    const fast = io.decodeJpeg(data, 'GRAY');
    setLibjpegDisabled(true);
    const viaSharp = io.decodeJpeg(data, 'GRAY');
    expect(maxAbsDiff(fast, c.expected.GRAY!)).toBe(0);
    expect(maxAbsDiff(viaSharp, c.expected.GRAY!)).toBeGreaterThan(0);
    expect(maxAbsDiff(viaSharp, c.expected.GRAY!)).toBeLessThanOrEqual(8);
  });

  it('returns torchvision\'s layout: the C x H x W view of H x W x C samples', () => {
    const t = io.decodeJpeg(readFileSync(py().jpeg.rgb_q75_444!.file));
    expect(t.shape).toEqual([3, 64, 64]);
    expect(t.stride()).toEqual([1, 64 * 3, 3]);
    expect(native.jpeg.decode(readFileSync(py().jpeg.gray_q90!.file), 0)!.shape).toEqual([45, 70, 1]);
  });

  it('leaves CMYK JPEGs and EXIF orientation to sharp', async () => {
    const { file, rgb } = py().cmyk;
    const bytes = readFileSync(file);
    expect(native.jpeg.decode(bytes, 3)).toBeNull();
    expect(await native.jpeg.decodeAsync(bytes, 3)).toBeNull();
    const got = io.decodeJpeg(bytes, 'RGB');
    expect(got.shape).toEqual([3, 30, 41]);
    setLibjpegDisabled(true);
    expect(io.decodeJpeg(bytes, 'RGB').equal(got)).toBe(true);
    // The CMYK -> RGB conversion is sharp's (colour-managed), not Pillow's naive one: the same picture.
    expect(got.to('float32').sub(torch.tensor(rgb, { dtype: 'float32' })).abs().mean().item()).toBeLessThan(40);
    setLibjpegDisabled(false);
    const c = py().jpeg.rgb_q90_420!;
    const oriented = io.decodeImage(c.file, { mode: 'RGB', applyExifOrientation: true });
    expect(maxAbsDiff(oriented, c.expected.RGB!)).toBe(0); // no orientation tag: unchanged, through sharp
  });

  it('reports corrupt and truncated files with libjpeg\'s message, sync and async', async () => {
    const jpg = readFileSync(py().jpeg.rgb_q90_420!.file);
    expect(() => io.decodeJpeg(jpg.subarray(0, 2000))).toThrow('decodeJpeg: Premature end of JPEG file');
    await expect(io.decodeJpegAsync(jpg.subarray(0, 400))).rejects.toThrow(/^decodeJpegAsync: /);
    const garbled = Buffer.from(jpg);
    garbled.fill(0x55, 300, 700);
    expect(() => io.decodeImage(garbled)).toThrow(/^decodeImage: /);
    expect(io.decodeJpeg(jpg).shape).toEqual([3, 61, 83]); // the decoder keeps working
  });

  it('checks its native arguments: no crash on what JS can pass', async () => {
    const jpg = readFileSync(py().jpeg.rgb_q90_420!.file);
    expect(() => native.jpeg.decode(42 as never, 0)).toThrow(new TypeError('bytes must be a Uint8Array'));
    expect(() => native.jpeg.decode(new Float32Array(4) as never, 0)).toThrow(TypeError);
    expect(() => native.jpeg.decode(new Uint8Array(0), 0)).toThrow(RangeError);
    expect(() => native.jpeg.decode(jpg, 2 as never)).toThrow(new RangeError('mode must be 0, 1 or 3'));
    expect(() => native.jpeg.decode(jpg, '3' as never)).toThrow(TypeError);
    await expect(native.jpeg.decodeAsync(new Uint8Array([1, 2, 3]), 0)).rejects.toThrow(/JPEG/);
    // The async copy of the input: changing the buffer after the call does not change the result.
    const copy = Buffer.from(jpg);
    const pending = native.jpeg.decodeAsync(copy, 3);
    copy.fill(0);
    expect((await pending)!.permute(2, 0, 1).equal(io.decodeJpeg(jpg, 'RGB'))).toBe(true);
  });

  it('TORCH_NODE_JPEG_DECODER=sharp turns it off for the process', async () => {
    const { runInChild } = await import('../../helpers/child.js');
    const r = runInChild(`
      const { libjpegStatus } = await import(${JSON.stringify(new URL('../../../dist/lib/vision/io/libjpeg.js', import.meta.url).href)});
      console.log(JSON.stringify(libjpegStatus()));
    `, { env: { TORCH_NODE_JPEG_DECODER: 'sharp' } });
    expect(JSON.parse(r.stdout.trim())).toEqual({ available: false, reason: 'TORCH_NODE_JPEG_DECODER=sharp' });
  });
});
