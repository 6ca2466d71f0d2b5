import { describe, expect, it } from 'vitest';
import * as torch from '../../../../lib/torch.js';
import type { Tensor } from '../../../../lib/torch.js';
import { Image, transforms } from '../../../../lib/vision/index.js';
import { oracleBatch } from '../../../helpers/python.js';

const F = transforms.functional;
const MODULE = 'vision/transforms/functional/color';

// uint8 and float images, 1 and 3 channels, batched (N, C, H, W), one with a constant channel,
// one of low contrast (equalize's lookup tables), one of doubles.
interface Input { shape: number[]; dtype: 'uint8' | 'float32' | 'float64' | 'int16' | 'int32'; seed: number; range?: number[]; flat?: boolean }
const INPUTS: Record<string, Input> = {
  u3: { shape: [3, 6, 7], dtype: 'uint8', seed: 1 },
  f3: { shape: [3, 6, 7], dtype: 'float32', seed: 2 },
  u1: { shape: [1, 5, 4], dtype: 'uint8', seed: 3 },
  f1: { shape: [1, 5, 4], dtype: 'float32', seed: 4 },
  ub: { shape: [2, 3, 4, 5], dtype: 'uint8', seed: 5 },
  fb: { shape: [2, 3, 4, 5], dtype: 'float32', seed: 6 },
  d3: { shape: [3, 4, 6], dtype: 'float64', seed: 7 },
  uflat: { shape: [3, 5, 5], dtype: 'uint8', seed: 8, flat: true },
  fflat: { shape: [3, 5, 5], dtype: 'float32', seed: 9, flat: true },
  ulow: { shape: [3, 8, 8], dtype: 'uint8', seed: 10, range: [100, 130] },
};
const ALL = ['u3', 'f3', 'u1', 'f1', 'ub', 'fb', 'd3'];
const RGB = ['u3', 'f3', 'ub', 'fb', 'd3'];

interface Case { name: string; input: Input; op: string; args?: unknown[]; kwargs?: Record<string, unknown> }
const CASES: Case[] = [];
function add(name: string, inputs: readonly string[], op: string, args: unknown[] = [], kwargs: Record<string, unknown> = {}): void {
  for (const i of inputs) CASES.push({ name: `${op} ${name} on ${i}`, input: INPUTS[i]!, op, args, kwargs });
}

for (const f of [0, 0.5, 1.7, 2]) add(String(f), ALL, 'adjustBrightness', [f]);
for (const f of [0.3, 1, 1.8, 3]) add(String(f), [...ALL, 'uflat'], 'adjustContrast', [f]);
for (const f of [0, 0.2, 1.6, 2]) add(String(f), ALL, 'adjustSaturation', [f]);
for (const f of [-0.5, -0.3, 0, 0.2, 0.5]) add(String(f), [...ALL, 'uflat', 'fflat'], 'adjustHue', [f]);
add('0.7', ALL, 'adjustGamma', [0.7]);
add('1.5 gain 0.8', ALL, 'adjustGamma', [1.5], { gain: 0.8 });
for (const f of [0, 0.3, 2, 2.5]) add(String(f), ALL, 'adjustSharpness', [f]);
add('1', ALL, 'rgbToGrayscale', []);
add('3', ALL, 'rgbToGrayscale', [3]);
add('', ALL, 'invert');
for (const b of [0, 3, 8]) add(String(b), ['u3', 'u1', 'ub'], 'posterize', [b]);
add('100', ['u3', 'u1', 'ub'], 'solarize', [100]);
add('0.4', ['f3', 'f1', 'fb', 'd3'], 'solarize', [0.4]);
add('', [...ALL, 'uflat', 'fflat'], 'autocontrast');
add('', ['u3', 'u1', 'ub', 'uflat', 'ulow'], 'equalize');
add('[3, 5] [0.8, 1.3]', ALL, 'gaussianBlur', [[3, 5], [0.8, 1.3]]);
add('5 default sigma', ALL, 'gaussianBlur', [5]);
add('3 sigma 2', ALL, 'gaussianBlur', [3, 2]);
// torchvision's messages
add('negative (error)', ['u3'], 'adjustBrightness', [-1]);
add('negative (error)', ['u3'], 'adjustContrast', [-0.5]);
add('negative (error)', ['u3'], 'adjustSaturation', [-2]);
add('0.6 (error)', ['u3'], 'adjustHue', [0.6]);
add('negative (error)', ['u3'], 'adjustGamma', [-1]);
add('negative (error)', ['u3'], 'adjustSharpness', [-1]);
add('2 channels (error)', ['u3'], 'rgbToGrayscale', [2]);
add('9 bits (error)', ['u3'], 'posterize', [9]);
add('float (error)', ['f3'], 'posterize', [2]);
add('above the bound (error)', ['f3'], 'solarize', [2]);
add('float (error)', ['f3'], 'equalize');
add('even kernel (error)', ['u3'], 'gaussianBlur', [4]);
add('3 kernel sizes (error)', ['u3'], 'gaussianBlur', [[3, 3, 3]]);
add('sigma 0 (error)', ['u3'], 'gaussianBlur', [3, 0]);
add('3 sigmas (error)', ['u3'], 'gaussianBlur', [3, [1, 2, 3]]);
add('4 channels (error)', ['u3'], 'adjustBrightness', [1]);
CASES[CASES.length - 1]!.input = { shape: [4, 3, 3], dtype: 'uint8', seed: 11 };
add('2 dims (error)', ['u3'], 'invert');
CASES[CASES.length - 1]!.input = { shape: [3, 3], dtype: 'uint8', seed: 12 };

type Result = Record<string, { input: unknown; output?: unknown; dtype?: string; error?: string; message?: string }>;
const py = oracleBatch<{ cases: Result }>({
  cases: [MODULE, 'run', CASES],
});

const camel = (k: string): string => k.replace(/_([a-z])/g, (_m, c: string) => c.toUpperCase());
function call(c: Case, img: Tensor | Image): Tensor | Image {
  const args = c.args ?? [];
  const kw = Object.fromEntries(Object.entries(c.kwargs ?? {}).map(([k, v]) => [camel(k), v]));
  const fn = (F as unknown as Record<string, (...a: unknown[]) => Tensor | Image>)[c.op]!;
  return Object.keys(kw).length > 0 ? fn(img, ...args, kw) : fn(img, ...args);
}

describe("transforms.functional color ops give torchvision's tensor results, bit for bit", () => {
  it('has a result for every case', () => {
    expect(Object.keys(py().cases).sort()).toEqual(CASES.map((c) => c.name).sort());
  });

  for (const c of CASES) {
    it(c.name, () => {
      const r = py().cases[c.name]!;
      const img = torch.tensor(r.input as number[], { dtype: c.input.dtype });
      if (r.error !== undefined) {
        const Err = r.error === 'TypeError' ? TypeError : r.error === 'ValueError' ? RangeError : Error;
        expect(() => call(c, img)).toThrow(Err);
        expect(() => call(c, img)).toThrow(r.message!);
        return;
      }
      const out = call(c, img) as Tensor;
      expect(out.dtype).toBe(r.dtype);
      expect(out.tolist()).toEqual(r.output);
      // an Image (1 or 3-channel uint8) gives an Image with the same pixels
      if (c.input.dtype === 'uint8' && c.input.shape.length === 3) {
        const imgOut = call(c, new Image(img));
        expect(imgOut).toBeInstanceOf(Image);
        expect((imgOut as Image).data.tolist()).toEqual(r.output);
        const channels = (r.output as unknown[]).length;
        expect((imgOut as Image).mode).toBe(channels === 3 ? 'RGB' : 'L');
      }
    });
  }
});

describe('transforms.functional color ops: arguments', () => {
  it('names the bad argument', () => {
    const img = torch.zeros([3, 4, 4]);
    expect(() => F.adjustBrightness(img, 'a' as never)).toThrow(/brightnessFactor must be a number/);
    expect(() => F.adjustGamma(img, { gain: 1 } as never)).toThrow(/missing required argument 'gamma'/);
    expect(() => F.rgbToGrayscale(img, { bogus: 1 } as never)).toThrow(/unknown option 'bogus'/);
    expect(() => F.invert([1, 2] as never)).toThrow(TypeError);
    expect(() => F.toGrayscale(img as never)).toThrow('Input should be PIL Image');
  });

  it('toGrayscale of an Image is rgbToGrayscale of its data', () => {
    torch.manualSeed(0);
    const data = torch.randint(0, 256, [3, 4, 5], { dtype: 'uint8' });
    const g = F.toGrayscale(new Image(data), 3);
    expect(g.mode).toBe('RGB');
    expect(g.data.tolist()).toEqual(F.rgbToGrayscale(data, 3).tolist());
    expect(F.toGrayscale(new Image(data)).mode).toBe('L');
  });
});
