import { describe, expect, it } from 'vitest';
import * as torch from '../../../lib/torch.js';
import type { Tensor } from '../../../lib/torch.js';
import { Image, transforms } from '../../../lib/vision/index.js';
import { oracleBatch } from '../../helpers/python.js';

const MODULE = 'vision/transforms/geometry';

interface Input { shape: number[]; dtype: 'uint8' | 'float32' | 'float64'; seed: number }
const INPUTS: Record<string, Input> = {
  u3: { shape: [3, 11, 13], dtype: 'uint8', seed: 11 },
  f3: { shape: [3, 11, 13], dtype: 'float32', seed: 12 },
  f1: { shape: [1, 9, 14], dtype: 'float32', seed: 13 },
  ub: { shape: [2, 3, 10, 12], dtype: 'uint8', seed: 14 },
};
const ALL = Object.keys(INPUTS);
const SEEDS = [0, 1, 2, 3, 7, 42];

// Each transform with its constructor arguments (Python's positional ones, then keywords).
interface Case { name: string; cls: string; args: unknown[]; kwargs: Record<string, unknown>; input: Input; seeds: number[] }
const CASES: Case[] = [];
function add(label: string, cls: string, args: unknown[], kwargs: Record<string, unknown> = {}, inputs: readonly string[] = ALL,
  seeds: readonly number[] = SEEDS): void {
  for (const i of inputs) CASES.push({ name: `${cls}${label} on ${i}`, cls, args, kwargs, input: INPUTS[i]!, seeds: [...seeds] });
}

add('(7)', 'Resize', [7], {}, ALL, [0]);
add('([5, 17], bicubic)', 'Resize', [[5, 17], 'bicubic'], {}, ALL, [0]);
add('(6, nearest-exact, max_size=7)', 'Resize', [6, 'nearest-exact'], { max_size: 7 }, ALL, [0]);
add('(8, antialias=False)', 'Resize', [8], { antialias: false }, ALL, [0]);
add('(5)', 'CenterCrop', [5], {}, ALL, [0]);
add('([12, 15])', 'CenterCrop', [[12, 15]], {}, ALL, [0]);
add('(2, fill=3)', 'Pad', [2], { fill: 3 }, ALL, [0]);
add('([1, 2, 3, 4], reflect)', 'Pad', [[1, 2, 3, 4]], { padding_mode: 'reflect' }, ALL, [0]);
add('([2, 1], symmetric)', 'Pad', [[2, 1]], { padding_mode: 'symmetric' }, ['u3', 'f3', 'ub'], [0]);

add('(8)', 'RandomCrop', [8]);
add('([6, 9], padding=3)', 'RandomCrop', [[6, 9]], { padding: 3 });
add('(12, pad_if_needed, edge)', 'RandomCrop', [12], { pad_if_needed: true, padding_mode: 'edge' });
add('([16, 5], pad_if_needed, fill=9)', 'RandomCrop', [[16, 5]], { pad_if_needed: true, fill: 9 });
add('([11, 13], the whole image)', 'RandomCrop', [[11, 13]], {}, ['u3']);
add('(16) (error)', 'RandomCrop', [16], {}, ['u3'], [0]);
add('(7)', 'RandomResizedCrop', [7]);
add('([6, 9], scale, ratio, bicubic)', 'RandomResizedCrop', [[6, 9], [0.3, 0.6], [0.5, 2.0], 'bicubic']);
add('(5, nearest)', 'RandomResizedCrop', [5], { interpolation: 'nearest', antialias: false });
add('(5, scale too large: the central fallback)', 'RandomResizedCrop', [5], { scale: [2.0, 3.0], ratio: [0.2, 0.25] });
add('(5, ratio too large: the central fallback)', 'RandomResizedCrop', [5], { scale: [2.0, 3.0], ratio: [4.0, 5.0] });
add('()', 'RandomHorizontalFlip', []);
add('(0.3)', 'RandomVerticalFlip', [0.3]);
add('()', 'RandomPerspective', []);
add('(0.7, 0.9, nearest, fill)', 'RandomPerspective', [0.7, 0.9, 'nearest'], { fill: 5 });
add('(30)', 'RandomRotation', [30]);
add('([-90, 45], bilinear, expand, fill)', 'RandomRotation', [[-90, 45], 'bilinear', true], { fill: 1 });
add('(20, center)', 'RandomRotation', [20], { center: [2, 3] });
add('(180, fill per channel)', 'RandomRotation', [180], { fill: [1, 2, 3] }, ['u3', 'f3']);
add('(10, translate, scale, shear)', 'RandomAffine', [10, [0.2, 0.1], [0.8, 1.2], 15]);
add('([-5, 5], 4 shears, bilinear, fill, center)', 'RandomAffine', [[-5, 5]],
  { shear: [-10, 10, -5, 5], interpolation: 'bilinear', fill: 4, center: [3, 3] });
add('(0, translate)', 'RandomAffine', [0], { translate: [0.3, 0.3] });
add('(4)', 'FiveCrop', [4], {}, ALL, [0]);
add('([5, 3], vertical_flip)', 'TenCrop', [[5, 3], true], {}, ALL, [0]);
add('(alpha=20, sigma=1)', 'ElasticTransform', [20.5, 1.5]);
add('([3, 7], [1, 0.5], nearest, fill)', 'ElasticTransform', [[3.5, 7.5], [1.25, 0.5], 'nearest'], { fill: [2] });
add('(sigma 0)', 'ElasticTransform', [10.5, 0.0], {}, ['f3']);

const START_SEEDS = [0, 5, 9];
const PARAMS = [
  { name: 'RandomCrop', cls: 'RandomCrop', image: INPUTS.u3!, args: [[5, 7]], seeds: START_SEEDS },
  { name: 'RandomResizedCrop', cls: 'RandomResizedCrop', image: INPUTS.f3!, args: [[0.08, 1.0], [3 / 4, 4 / 3]], seeds: START_SEEDS },
  { name: 'RandomRotation', cls: 'RandomRotation', args: [[-30, 30]], seeds: START_SEEDS },
  { name: 'RandomAffine', cls: 'RandomAffine', args: [[-10, 10], [0.1, 0.2], [0.9, 1.1], [-5, 5, -3, 3], [32, 24]], seeds: START_SEEDS },
  { name: 'RandomPerspective', cls: 'RandomPerspective', args: [32, 24, 0.5], seeds: START_SEEDS },
  { name: 'ElasticTransform', cls: 'ElasticTransform', args: [[5.5, 3.5], [1.5, 1.5], [9, 10]], seeds: START_SEEDS },
];

type Result = Record<string, { input: unknown; outputs?: unknown[]; image_output?: unknown; repr?: string; error?: string; message?: string }>;
const py = oracleBatch<{ cases: Result; params: Record<string, unknown[]> }>({
  cases: [MODULE, 'run', CASES.map(({ name, cls, args, kwargs, input, seeds }) => ({ name, cls, args, kwargs, input, seeds }))],
  params: [MODULE, 'params', PARAMS],
});

const camel = (k: string): string => k.replace(/_([a-z])/g, (_m, c: string) => c.toUpperCase());
type Ctor = (...a: unknown[]) => (x: unknown) => unknown;
const T = transforms as unknown as Record<string, Ctor & { getParams: (...a: unknown[]) => unknown }>;
function make(c: Case): (x: unknown) => unknown {
  const kw = Object.fromEntries(Object.entries(c.kwargs).map(([k, v]) => [camel(k), v]));
  return Object.keys(kw).length > 0 ? T[c.cls]!(...c.args, kw) : T[c.cls]!(...c.args);
}
const listOf = (y: unknown): unknown => (Array.isArray(y) ? y.map((t) => listOf(t)) : y instanceof Image ? y.data.tolist() : (y as Tensor).tolist());

describe("transforms' geometry gives torchvision's results for the same seed", () => {
  it('has a result for every case', () => {
    expect(Object.keys(py().cases).sort()).toEqual(CASES.map((c) => c.name).sort());
  });

  for (const c of CASES) {
    it(c.name, () => {
      const r = py().cases[c.name]!;
      const img = torch.tensor(r.input as number[], { dtype: c.input.dtype });
      if (r.error !== undefined) {
        const Err = r.error === 'TypeError' ? TypeError : r.error === 'ValueError' ? RangeError : Error;
        const run = (): unknown => { torch.manualSeed(0); return make(c)(img); };
        expect(run).toThrow(Err);
        expect(run).toThrow(r.message!);
        return;
      }
      const t = make(c);
      expect(String(t)).toBe(r.repr);
      c.seeds.forEach((seed, k) => {
        torch.manualSeed(seed);
        expect(listOf(t(img)), `seed ${seed}`).toEqual(r.outputs![k]);
      });
      // An Image draws the same and gives an Image with the same pixels (resized as Pillow
      // resizes: the oracle's image_output).
      if (c.input.dtype === 'uint8' && c.input.shape.length === 3) {
        torch.manualSeed(c.seeds[0]!);
        const out = t(new Image(img));
        expect(Array.isArray(out) ? out[0] : out).toBeInstanceOf(Image);
        expect(listOf(out)).toEqual(r.image_output ?? r.outputs![0]);
      }
    });
  }

  for (const p of PARAMS) {
    it(`${p.name}.getParams draws as get_params`, () => {
      const args = 'image' in p ? [torch.tensor(py().cases[CASES.find((c) => c.input === p.image)!.name]!.input as number[], { dtype: p.image!.dtype }), ...p.args] : p.args;
      const got = p.seeds.map((seed) => {
        torch.manualSeed(seed);
        const r = T[p.cls]!.getParams(...args);
        return r instanceof torch.Tensor ? r.tolist() : r;
      });
      expect(got).toEqual(py().params[p.name]);
    });
  }
});

describe('transforms geometry: arguments', () => {
  it('checks them with torchvision messages', () => {
    expect(() => transforms.Resize([1, 2, 3])).toThrow('If size is a sequence, it should have 1 or 2 values');
    expect(() => transforms.Resize('a' as never)).toThrow(TypeError);
    expect(() => transforms.CenterCrop([1, 2, 3])).toThrow('Please provide only two dimensions (h, w) for size.');
    expect(() => transforms.Pad(1, { paddingMode: 'wrap' as never })).toThrow('Padding mode should be either constant, edge, reflect or symmetric');
    expect(() => transforms.Pad([1, 2, 3])).toThrow('Padding must be an int or a 1, 2, or 4 element tuple, not a 3 element tuple');
    expect(() => transforms.RandomRotation(-5)).toThrow('If degrees is a single number, it must be positive.');
    expect(() => transforms.RandomRotation([1, 2, 3])).toThrow('degrees should be a sequence of length 2.');
    expect(() => transforms.RandomAffine(0, { translate: [0.5, 2] })).toThrow('translation values should be between 0 and 1');
    expect(() => transforms.RandomAffine(0, { scale: [0, 1] })).toThrow('scale values should be positive');
    expect(() => transforms.RandomAffine(0, { shear: [1, 2, 3] })).toThrow('shear should be a sequence of length 2 or 4.');
    expect(() => transforms.RandomRotation(5, { fill: 'x' as never })).toThrow('Fill should be either a sequence or a number.');
    expect(() => transforms.RandomCrop(4, { bogus: 1 } as never)).toThrow(/unknown option 'bogus'/);
    expect(() => transforms.ElasticTransform([1, 2, 3])).toThrow('If alpha is a sequence its length should be 2. Got 3');
  });

  it('works with and without new, and in Compose with Image inputs', () => {
    const img = new Image(torch.randint(0, 256, [3, 20, 24], { dtype: 'uint8' }));
    const t = transforms.Compose<Image, Image>([new transforms.Resize(16), transforms.RandomCrop(12, { padding: 2 }), transforms.RandomHorizontalFlip()]);
    const out = t(img);
    expect(out).toBeInstanceOf(Image);
    expect(out.size).toEqual([12, 12]);
  });

  it('Resize, CenterCrop and Pad carry a batch form giving the stacked per-sample results', () => {
    const batch = torch.randint(0, 256, [4, 28, 28], { dtype: 'uint8' });
    for (const t of [transforms.Resize(14), transforms.CenterCrop(20), transforms.Pad(2, { paddingMode: 'reflect' })]) {
      const each = torch.stack([0, 1, 2, 3].map((i) => t(batch.select(0, i)) as Tensor));
      expect(t.batch!(batch).tolist()).toEqual(each.tolist());
    }
  });
});
