import { describe, expect, it } from 'vitest';
import * as torch from '../../../../lib/torch.js';
import type { Tensor } from '../../../../lib/torch.js';
import { Image, transforms } from '../../../../lib/vision/index.js';
import { oracleBatch } from '../../../helpers/python.js';

const F = transforms.functional;
const MODULE = 'vision/transforms/functional/misc';

type DT = 'uint8' | 'int8' | 'int16' | 'int32' | 'int64' | 'float32' | 'float64' | 'float16';
interface Input { shape: number[]; dtype: DT; seed: number }
const img = (dtype: DT, seed: number, shape = [2, 3, 4]): Input => ({ shape, dtype, seed });

const SOURCES: DT[] = ['uint8', 'int8', 'int16', 'int32', 'float32', 'float64'];
const TARGETS: DT[] = ['uint8', 'int8', 'int16', 'int32', 'int64', 'float32', 'float64'];
const CONVERT: [string, Input, DT][] = [];
SOURCES.forEach((s, i) => TARGETS.forEach((t) => CONVERT.push([`${s} to ${t}`, img(s, i + 1), t])));
CONVERT.push(['float16 to uint8', img('float16', 9), 'uint8'], ['uint8 to float16', img('uint8', 10), 'float16']);

const NORMALIZE: [string, Input, number | number[], number | number[]][] = [
  ['per channel', img('float32', 1, [3, 2, 4]), [0.485, 0.456, 0.406], [0.229, 0.224, 0.225]],
  ['one for all', img('float32', 2, [3, 2, 4]), [0.5], [0.25]],
  ['doubles, batch', img('float64', 3, [2, 3, 2, 2]), [0.1, 0.2, 0.3], [1, 2, 3]],
  ['uint8 (error)', img('uint8', 4, [3, 2, 2]), [0.5], [0.5]],
  ['2 dims (error)', img('float32', 5, [2, 2]), [0.5], [0.5]],
  ['std 0 (error)', img('float32', 6, [3, 2, 2]), [0.5], [1, 0, 1]],
];

const ERASE_IMG = img('float32', 7, [3, 5, 6]);
const BOXES: [number, number, number, number, number | number[]][] = [[1, 2, 2, 3, 0], [0, 0, 5, 6, 0.5], [3, 4, 4, 4, [1, 2, 3]], [-2, 1, 2, 2, 9]];

const PIL: Input[] = [img('uint8', 1, [3, 4, 5]), img('uint8', 2, [1, 3, 2]), img('uint8', 3, [4, 2, 3]), img('uint8', 4, [2, 3, 3])];

const TO_PIL: [string, Input, string | null][] = [
  ['float RGB', img('float32', 1, [3, 4, 5]), null], ['uint8 RGB', img('uint8', 2, [3, 4, 5]), null],
  ['float gray', img('float32', 3, [1, 4, 5]), null], ['uint8 H x W', img('uint8', 4, [4, 5]), null],
  ['uint8 RGBA', img('uint8', 5, [4, 2, 3]), null], ['float LA', img('float64', 6, [2, 2, 3]), null],
  ['mode RGB', img('uint8', 7, [3, 2, 2]), 'RGB'], ['mode L', img('float32', 8, [1, 2, 2]), 'L'],
  ['5 channels (error)', img('uint8', 9, [5, 2, 2]), null], ['4 dims (error)', img('uint8', 10, [1, 1, 2, 2]), null],
  ['mode RGB on 1 channel (error)', img('uint8', 11, [1, 2, 2]), 'RGB'], ['mode L on 3 channels (error)', img('uint8', 12, [3, 2, 2]), 'L'],
  ['mode LA on 4 channels (error)', img('uint8', 13, [4, 2, 2]), 'LA'], ['int32 RGB (error)', img('int32', 14, [3, 2, 2]), null],
];

interface Out { input: number[]; output?: unknown; dtype?: string; mode?: string; error?: string; message?: string }
const py = oracleBatch<{
  convert: Record<string, Out>; normalize: Record<string, Out>; erase: { input: number[]; outputs: unknown[] };
  pil: { input: number[]; toTensor: unknown; pilToTensor: unknown; dimensions: number[]; size: number[]; channels: number; tensorDimensions: number[]; tensorSize: number[] }[];
  toPil: Record<string, Out>;
}>({
  convert: [MODULE, 'convert', CONVERT], normalize: [MODULE, 'normalize', NORMALIZE], erase: [MODULE, 'erase', ERASE_IMG, BOXES],
  pil: [MODULE, 'pil', PIL], toPil: [MODULE, 'to_pil', TO_PIL],
});

const errorClass = (e: string): typeof Error => (e === 'TypeError' ? TypeError : e === 'ValueError' ? RangeError : Error);
const input = (o: Out, dtype: DT): Tensor => torch.tensor(o.input, { dtype });
function expectThrows(f: () => unknown, o: Out): void {
  expect(f).toThrow(errorClass(o.error!));
  expect(f).toThrow(o.message!);
}

describe('transforms.functional.convertImageDtype', () => {
  for (const [name, spec, dtype] of CONVERT) {
    it(name, () => {
      const o = py().convert[name]!;
      const x = input(o, spec.dtype);
      if (o.error !== undefined) return expectThrows(() => F.convertImageDtype(x, dtype), o);
      const out = F.convertImageDtype(x, dtype);
      expect(out.dtype).toBe(o.dtype);
      if (dtype === 'int64') expect([...(out.dataSync() as BigInt64Array)].map(String)).toEqual(o.output);
      else expect(out.tolist()).toEqual(o.output);
    });
  }
  it('defaults to float32 and checks its arguments', () => {
    expect(F.convertImageDtype(torch.tensor([[[255]]], { dtype: 'uint8' })).tolist()).toEqual([[[1]]]);
    expect(() => F.convertImageDtype(torch.zeros([1, 1, 1]), 'bool' as never)).toThrow(/dtype must be a real image dtype/);
    expect(() => F.convertImageDtype([1] as never)).toThrow('Input img should be Tensor Image');
  });
});

describe('transforms.functional.normalize', () => {
  for (const [name, spec, mean, std] of NORMALIZE) {
    it(name, () => {
      const o = py().normalize[name]!;
      const x = input(o, spec.dtype);
      if (o.error !== undefined) return expectThrows(() => F.normalize(x, mean, std), o);
      const out = F.normalize(x, mean, std);
      expect(out.tolist()).toEqual(o.output);
      expect(x.tolist()).toEqual(o.input); // not in place
      const y = x.clone();
      expect(F.normalize(y, { mean, std, inplace: true })).toBe(y);
      expect(y.tolist()).toEqual(o.output);
    });
  }
});

describe('transforms.functional.erase', () => {
  it("fills the rectangles as torchvision's erase (Python slice bounds included)", () => {
    const o = py().erase;
    const x = torch.tensor(o.input, { dtype: 'float32' });
    BOXES.forEach(([i, j, h, w, v], k) => {
      const vt = Array.isArray(v) ? torch.tensor(v).view(-1, 1, 1) : torch.tensor(v);
      expect(F.erase(x, i, j, h, w, vt).tolist()).toEqual(o.outputs[k]);
    });
    expect(x.tolist()).toEqual(o.input);
    const y = x.clone();
    expect(F.erase(y, 0, 0, 1, 1, torch.tensor(7), true)).toBe(y);
    expect(y.index([0, 0, 0]).item()).toBe(7);
    expect(() => F.erase(new Image(torch.zeros([3, 2, 2], { dtype: 'uint8' })) as never, 0, 0, 1, 1, torch.tensor(0))).toThrow(/img should be Tensor Image/);
  });
});

describe('transforms.functional: Image and tensor conversions', () => {
  it("toTensor / pilToTensor / dimensions of an Image are those of torchvision's for the PIL image", () => {
    PIL.forEach((spec, k) => {
      const o = py().pil[k]!;
      const data = torch.tensor(o.input, { dtype: 'uint8' });
      const image = new Image(data);
      expect(F.toTensor(image).tolist()).toEqual(o.toTensor);
      expect(F.toTensor(image).dtype).toBe('float32');
      const u = F.pilToTensor(image);
      expect(u.tolist()).toEqual(o.pilToTensor);
      expect(u).not.toBe(data);
      expect(F.getDimensions(image)).toEqual(o.dimensions);
      expect(F.getImageSize(image)).toEqual(o.size);
      expect(F.getImageNumChannels(image)).toBe(o.channels);
      expect(F.getDimensions(data)).toEqual(o.tensorDimensions);
      expect(F.getImageSize(data)).toEqual(o.tensorSize);
      expect(spec.shape[0]).toBe(o.channels);
    });
    expect(() => F.pilToTensor(torch.zeros([1, 2, 2]) as never)).toThrow('pic should be PIL Image. Got Tensor');
    expect(() => F.getDimensions(torch.zeros([3]))).toThrow('Tensor is not a torch image.');
  });

  for (const [name, spec, mode] of TO_PIL) {
    it(`toPilImage: ${name}`, () => {
      const o = py().toPil[name]!;
      const x = input(o, spec.dtype);
      if (o.error !== undefined) {
        expect(() => F.toPilImage(x, mode as never)).toThrow(errorClass(o.error));
        if (!o.message!.includes('numpy')) expect(() => F.toPilImage(x, mode as never)).toThrow(o.message!);
        return;
      }
      const out = F.toPilImage(x, mode as never);
      expect(out).toBeInstanceOf(Image);
      expect(out.mode).toBe(o.mode);
      expect(out.data.tolist()).toEqual(o.output);
    });
  }

  it('toPilImage names what an Image cannot hold', () => {
    expect(() => F.toPilImage(torch.zeros([1, 2, 2]), 'F' as never)).toThrow(/mode 'F'.*no Image here/);
    expect(() => F.toPilImage(torch.zeros([3, 2, 2]), 'HSV' as never)).toThrow(/mode 'HSV'.*no Image here/);
    expect(() => F.toPilImage(new Image(torch.zeros([1, 2, 2], { dtype: 'uint8' })) as never)).toThrow('pic should be Tensor or ndarray. Got Image.');
  });

  it('toTensor of an array-like tensor (H x W x C) permutes and scales as before', () => {
    const hwc = torch.tensor([[[0, 255], [51, 102]]], { dtype: 'uint8' });
    expect(F.toTensor(hwc).tolist()).toEqual([[[0, 0.20000000298023224]], [[1, 0.4000000059604645]]]);
    expect(() => F.toTensor(5 as never)).toThrow(TypeError);
  });
});
