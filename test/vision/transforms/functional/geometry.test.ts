import { describe, expect, it } from 'vitest';
import * as torch from '../../../../lib/torch.js';
import type { Tensor } from '../../../../lib/torch.js';
import { Image, transforms } from '../../../../lib/vision/index.js';
import { getInverseAffineMatrix, getPerspectiveCoeffs } from '../../../../lib/vision/transforms/functional/geometry.js';
import { oracleBatch, oracles } from '../../../helpers/python.js';

const F = transforms.functional;
const MODULE = 'vision/transforms/functional/geometry';

// Every op runs on uint8 and float images, one, three channels and batched (N, C, H, W), odd sizes.
interface Input { shape: number[]; dtype: 'uint8' | 'float32' | 'float64'; seed: number }
const INPUTS: Record<string, Input> = {
  u3: { shape: [3, 7, 9], dtype: 'uint8', seed: 1 },
  f3: { shape: [3, 7, 9], dtype: 'float32', seed: 2 },
  u1: { shape: [1, 8, 5], dtype: 'uint8', seed: 3 },
  ub: { shape: [2, 3, 6, 5], dtype: 'uint8', seed: 4 },
  fb: { shape: [2, 3, 6, 5], dtype: 'float32', seed: 5 },
  d3: { shape: [3, 5, 7], dtype: 'float64', seed: 6 },
};
const ALL = Object.keys(INPUTS);

interface Case { name: string; input: Input; op: string; args?: unknown[]; kwargs?: Record<string, unknown> }
const CASES: Case[] = [];
function add(name: string, inputs: readonly string[], op: string, args: unknown[] = [], kwargs: Record<string, unknown> = {}): void {
  for (const i of inputs) CASES.push({ name: `${op} ${name} on ${i}`, input: INPUTS[i]!, op, args, kwargs });
}

const MODES = ['nearest', 'nearest-exact', 'bilinear', 'bicubic'] as const;
for (const mode of MODES) {
  for (const size of [4, [5, 11], 12, [3], [2, 1], [31, 40]] as const) add(`${JSON.stringify(size)} ${mode}`, ALL, 'resize', [size, mode]);
  if (mode === 'bilinear' || mode === 'bicubic') add(`[4, 3] ${mode} no antialias`, ALL, 'resize', [[4, 3], mode], { antialias: false });
}
add('4 maxSize 6', ['u3', 'f3', 'u1'], 'resize', [4], { max_size: 6 });
add('the same size', ['u3'], 'resize', [[7, 9]]);
add('3 sizes (error)', ['u3'], 'resize', [[1, 2, 3]]);
add('[4, 4] maxSize (error)', ['u3'], 'resize', [[4, 4]], { max_size: 8 });
add('maxSize <= size (error)', ['u3'], 'resize', [5], { max_size: 5 });

for (const [name, box] of Object.entries({
  inside: [1, 2, 4, 5], whole: [0, 0, 7, 9], 'past the bottom right': [4, 6, 5, 6], 'before the top left': [-2, -3, 4, 5],
  'larger on all sides': [-1, -2, 10, 12], 'ending before the image': [-5, -6, 2, 3], empty: [2, 2, 0, 3],
})) add(name, ALL, 'crop', box);

for (const size of [3, [4, 6], [2], [8, 5], 11, [7, 9]]) add(JSON.stringify(size), ALL, 'centerCrop', [size]);
add('[2, 3, 5, 4] to [3, 7]', ALL, 'resizedCrop', [2, 3, 5, 4, [3, 7]]);
add('[0, 1, 6, 6] to 9 bicubic', ALL, 'resizedCrop', [0, 1, 6, 6, 9, 'bicubic']);
add('[1, 1, 4, 4] to 8 nearest', ['u3', 'f3'], 'resizedCrop', [1, 1, 4, 4, [8]], { interpolation: 'nearest' });
add('', ALL, 'hflip');
add('', ALL, 'vflip');

for (const mode of ['constant', 'edge', 'reflect', 'symmetric'] as const) {
  for (const padding of [2, [1, 3], [1, 2, 3, 0], [3]]) add(`${JSON.stringify(padding)} ${mode}`, ALL, 'pad', [padding], { padding_mode: mode });
}
add('[2, 1] fill 7', ALL, 'pad', [[2, 1], 7]);
add('negative constant', ALL, 'pad', [[-1, 2, 1, -2]]);
add('negative symmetric', ['u3', 'f3'], 'pad', [[-1, 2, 1, -2]], { padding_mode: 'symmetric' });
add('3 values (error)', ['u3'], 'pad', [[1, 2, 3]]);
add('bad mode (error)', ['u3'], 'pad', [1], { padding_mode: 'wrap' });

for (const [name, args, kwargs] of [
  ['30', [30], {}], ['-45.5 bilinear', [-45.5, 'bilinear'], {}], ['90 expand', [90], { expand: true }],
  ['33 expand bilinear', [33, 'bilinear', true], {}], ['20 center', [20], { center: [1, 2] }],
  ['25 fill 0.5', [25], { fill: 0.5 }], ['-60 bilinear fill [1]', [-60, 'bilinear'], { fill: [1] }],
  ['200 bilinear center expand fill', [200, 'bilinear', true, [3, 4], 9], {}],
] as [string, unknown[], Record<string, unknown>][]) add(name, ALL, 'rotate', args, kwargs);
add('fill per channel', ['u3', 'f3', 'fb', 'd3'], 'rotate', [40, 'bilinear'], { fill: [10, 0.25, 3] });
add('fill per channel nearest', ['u3', 'f3'], 'rotate', [40], { fill: [10, 0.25, 3] });
add('bicubic (error)', ['u3'], 'rotate', [10, 'bicubic']);
add('fill of 2 on 3 channels (error)', ['u3'], 'rotate', [10], { fill: [1, 2] });

for (const [name, args, kwargs] of [
  ['rotation', [30, [0, 0], 1.0, [0.0]], {}], ['everything', [-17.5, [2, -1], 0.8, [10, -5], 'bilinear'], {}],
  ['shear number', [0, [1, 1], 1.25, 15], {}], ['center fill', [45, [0, 0], 1.0, [0, 0]], { center: [2, 3], fill: 100 }],
  ['bilinear fill', [12, [-2, 1], 1.1, [4, 4], 'bilinear'], { fill: [0.5] }],
] as [string, unknown[], Record<string, unknown>][]) add(name, ALL, 'affine', args, kwargs);
add('scale 0 (error)', ['u3'], 'affine', [0, [0, 0], 0, 0]);
add('translate of 3 (error)', ['u3'], 'affine', [0, [0, 0, 0], 1, 0]);

const START = [[0, 0], [8, 0], [8, 6], [0, 6]];
for (const [name, end, kwargs] of [
  ['bilinear', [[1, 1], [7, 0], [8, 5], [2, 6]], {}], ['nearest', [[2, 0], [8, 1], [6, 6], [0, 4]], { interpolation: 'nearest' }],
  ['fill', [[1, 2], [6, 0], [8, 6], [1, 5]], { fill: [3] }],
] as [string, number[][], Record<string, unknown>][]) add(name, ALL, 'perspective', [START, end], kwargs);
add('three corners (error)', ['u3'], 'perspective', [START.slice(0, 3), START]);

add('3', ALL, 'fiveCrop', [3]);
add('[4, 2]', ALL, 'fiveCrop', [[4, 2]]);
add('too large (error)', ['u3'], 'fiveCrop', [[8, 2]]);
add('[3, 4]', ALL, 'tenCrop', [[3, 4]]);
add('2 vertical', ALL, 'tenCrop', [2, true]);

// A fixed displacement field per image size, as a float32 tensor argument.
function field(h: number, w: number, seed: number): { tensor: number[][][][]; dtype: string } {
  torch.manualSeed(seed);
  return { tensor: torch.rand([1, h, w, 2]).sub(0.5).mul(0.6).tolist() as number[][][][], dtype: 'float32' };
}
for (const i of ALL) {
  const [h, w] = INPUTS[i]!.shape.slice(-2) as [number, number];
  add('bilinear', [i], 'elasticTransform', [field(h, w, 7)]);
  add('nearest fill', [i], 'elasticTransform', [field(h, w, 8), 'nearest'], { fill: [2] });
  add('bicubic', [i], 'elasticTransform', [field(h, w, 9), 'bicubic']);
}
add('wrong shape (error)', ['u3'], 'elasticTransform', [field(7, 8, 1)]);

const AFFINE_ARGS: unknown[][] = [
  [[0, 0], 30, [0, 0], 1, [0, 0]], [[1.5, -2], -17.5, [2, -1], 0.8, [10, -5]], [[0, 0], 90, [0, 0], 1, [0, 0]],
  [[3, 4], 123.456, [-7, 3], 2.5, [-33, 21]],
];
const POINTS: [number[][], number[][]][] = [
  [START, [[1, 1], [7, 0], [8, 5], [2, 6]]], [[[0, 0], [31, 0], [31, 31], [0, 31]], [[3, 2], [29, 0], [31, 28], [1, 30]]],
  [[[0, 0], [9, 0], [9, 9], [0, 9]], [[0.5, 1.25], [8, 0], [9.5, 9], [0, 8.75]]],
];

type Result = Record<string, { input: unknown; output?: unknown; image_output?: unknown; error?: string; message?: string }>;
const py = oracleBatch<{ cases: Result; matrices: number[][]; coeffs: number[][] }>({
  cases: [MODULE, 'run', CASES.map(({ name, input, op, args, kwargs }) => ({ name, input, op, args, kwargs }))],
  matrices: [MODULE, 'affine_matrices', AFFINE_ARGS],
  coeffs: [MODULE, 'perspective_coeffs', POINTS],
});

const camel = (k: string): string => k.replace(/_([a-z])/g, (_m, c: string) => c.toUpperCase());
function jsArg(v: unknown): unknown {
  if (v !== null && typeof v === 'object' && 'tensor' in v) {
    const t = v as { tensor: number[]; dtype: 'float32' };
    return torch.tensor(t.tensor, { dtype: t.dtype });
  }
  return v;
}
function call(c: Case, img: Tensor | Image): unknown {
  const args = (c.args ?? []).map(jsArg);
  const kw = Object.fromEntries(Object.entries(c.kwargs ?? {}).map(([k, v]) => [camel(k), jsArg(v)]));
  const fn = (F as unknown as Record<string, (...a: unknown[]) => unknown>)[c.op]!;
  return Object.keys(kw).length > 0 ? fn(img, ...args, kw) : fn(img, ...args);
}
const listOf = (y: unknown): unknown => (Array.isArray(y) ? y.map((t: Tensor | Image) => listOf(t)) : y instanceof Image ? y.data.tolist() : (y as Tensor).tolist());

describe("transforms.functional geometry gives torchvision's tensor results, bit for bit", () => {
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
        if (r.error !== 'RuntimeError') expect(() => call(c, img)).toThrow(r.message!);
        return;
      }
      const out = call(c, img);
      expect(listOf(out)).toEqual(r.output);
      // an Image ('RGB' or 'L') gives an Image of its mode with the same pixels, resized as
      // Pillow resizes (the oracle's image_output: LibTorch's uint8 antialiased kernel)
      if (c.input.dtype === 'uint8' && c.input.shape.length === 3) {
        const imgOut = call(c, new Image(img));
        const first = Array.isArray(imgOut) ? imgOut[0] : imgOut;
        expect(first).toBeInstanceOf(Image);
        expect((first as Image).mode).toBe(c.input.shape[0] === 3 ? 'RGB' : 'L');
        expect(listOf(imgOut)).toEqual(r.image_output ?? r.output);
      }
    });
  }

  it("an Image resizes as Pillow does: equal pixels but for rare one-unit differences (the tensor path differs at a fifth)", () => {
    // A smooth picture with noise, as photos are: Pillow's filter in fixed point against LibTorch's
    // uint8 port of it; torchvision's float tensor path rounds differently.
    const g = new torch.Generator().manualSeed(11);
    const ramp = torch.linspace(0, 200, 60).view(1, 1, 60).add(torch.linspace(0, 50, 45).view(1, 45, 1));
    const data = ramp.expand(3, 45, 60).add(torch.randint(0, 56, [3, 45, 60], { generator: g })).to('uint8');
    const boxes: [number, number, number, number, [number, number], 'bilinear' | 'bicubic'][] = [
      [0, 0, 45, 60, [24, 24], 'bilinear'], [5, 7, 30, 41, [17, 23], 'bilinear'], [3, 2, 40, 50, [61, 73], 'bilinear'],
      [0, 0, 45, 60, [24, 24], 'bicubic'], [5, 7, 30, 41, [17, 23], 'bicubic'], [3, 2, 40, 50, [61, 73], 'bicubic'],
    ];
    const gray = data.narrow(0, 0, 1).contiguous();
    const [rgbWant, grayWant] = oracles<[number[][][][], number[][][][]]>([
      [MODULE, 'pil_resized', data.tolist(), boxes], [MODULE, 'pil_resized', gray.tolist(), boxes],
    ]);
    boxes.forEach(([top, left, h, w, size, mode], i) => {
      for (const [img, want] of [[new Image(data), rgbWant[i]!], [new Image(gray), grayWant[i]!]] as const) {
        const got = F.resizedCrop(img, top, left, h, w, size, mode).data.to('int32');
        const d = got.sub(torch.tensor(want, { dtype: 'int32' })).abs();
        expect(d.max().item(), `${mode} ${size}`).toBeLessThanOrEqual(1);
        expect(d.gt(0).float().mean().item(), `${mode} ${size}`).toBeLessThan(0.02);
        const viaTensor = F.resizedCrop(img.data, top, left, h, w, size, mode).to('int32');
        expect(viaTensor.sub(torch.tensor(want, { dtype: 'int32' })).abs().gt(0).float().mean().item()).toBeGreaterThan(0.05);
      }
    });
  });

  // V8's Math.sin/cos/tan and the C library's (Python's math) differ in the last bit for about one
  // value in fifty: the matrix agrees to an ulp of float64, and the float32 theta the grid is made
  // of rounds that away (the rotate/affine cases above are bit-exact).
  it('_get_inverse_affine_matrix, to one float64 ulp', () => {
    const got = AFFINE_ARGS.map((a) => getInverseAffineMatrix(...(a as Parameters<typeof getInverseAffineMatrix>)));
    got.forEach((m, i) => m.forEach((v, j) => {
      const want = py().matrices[i]![j]!;
      expect(Math.abs(v - want)).toBeLessThanOrEqual(2 * Number.EPSILON * Math.max(Math.abs(want), 1));
    }));
  });

  it('_get_perspective_coeffs (float64 least squares rounded to float32)', () => {
    expect(POINTS.map(([s, e]) => getPerspectiveCoeffs(s, e))).toEqual(py().coeffs);
  });
});

describe('transforms.functional geometry: what torchvision leaves out', () => {
  it('takes H x W tensors (MNIST items) as one-channel images in resize and the grid transforms', () => {
    const img = torch.arange(30, { dtype: 'float32' }).view(5, 6);
    const one = img.unsqueeze(0);
    expect(F.resize(img, [3, 4]).tolist()).toEqual(F.resize(one, [3, 4]).squeeze(0).tolist());
    expect(F.rotate(img, 30, { fill: 1 }).tolist()).toEqual(F.rotate(one, 30, { fill: 1 }).squeeze(0).tolist());
    expect(F.pad(img, 2, { paddingMode: 'symmetric' }).tolist()).toEqual(F.pad(one, 2, { paddingMode: 'symmetric' }).squeeze(0).tolist());
  });

  it('takes 5-d batches as the per-image results', () => {
    torch.manualSeed(0);
    const img = torch.rand([2, 2, 3, 5, 6]);
    const flat = img.view(4, 3, 5, 6);
    expect(F.resize(img, [4, 9]).tolist()).toEqual(F.resize(flat, [4, 9]).view(2, 2, 3, 4, 9).tolist());
    expect(F.affine(img, 10, [1, 0], 1, 0).tolist()).toEqual(F.affine(flat, 10, [1, 0], 1, 0).view(2, 2, 3, 5, 6).tolist());
  });

  it('names the bad argument', () => {
    const img = torch.zeros([3, 4, 4]);
    expect(() => F.resize(img, 4, { interpolation: 'box' as never })).toThrow(/interpolation/);
    expect(() => F.resize(img, { size: 4, bogus: 1 } as never)).toThrow(/unknown option 'bogus'/);
    expect(() => F.hflip([1, 2] as never)).toThrow(TypeError);
    expect(() => F.crop(img, 0.5, 0, 2, 2)).toThrow(/top/);
    expect(() => F.rotate(torch.zeros([4]), 10)).toThrow('Tensor is not a torch image.');
  });

  it('frees its intermediates, never its arguments', () => {
    torch.manualSeed(0);
    const img = torch.rand([3, 6, 7]);
    const displacement = torch.zeros([1, 6, 7, 2]);
    const a = F.elasticTransform(img, displacement);
    const b = F.elasticTransform(img, displacement, { fill: [1] });
    const c = F.pad(img, [0, 0]);
    expect(img.isDisposed || displacement.isDisposed || a.isDisposed || b.isDisposed || c.isDisposed).toBe(false);
    expect(a.tolist()).toEqual(b.tolist());
    expect(c.tolist()).toEqual(img.tolist());
    // inside a user's tidy scope, the results are the scope's to free or keep
    const kept = torch.tidy(() => F.resize(F.rotate(img, 10), [3, 3]));
    expect(kept.isDisposed).toBe(false);
    expect(kept.shape).toEqual([3, 3, 3]);
  });

  it('InterpolationMode holds the mode strings', () => {
    expect(transforms.InterpolationMode.BILINEAR).toBe('bilinear');
    expect(F.InterpolationMode.NEAREST_EXACT).toBe('nearest-exact');
  });
});
