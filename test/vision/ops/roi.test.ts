// roiAlign and roiPool against torchvision: roi_align against torchvision's own pure-PyTorch
// transcription of its kernel (`_roi_align`, values and gradients) and, for boxes leaving the
// feature map, against the CPU kernel written as Python loops; roi_pool against its CPU kernel
// written as Python loops (test/oracles/vision/ops/roi.py says how each follows the C++).
import { describe, expect, it } from 'vitest';
import * as torch from '../../../lib/torch.js';
import type { Tensor, DType } from '../../../lib/torch.js';
import { ops } from '../../../lib/vision/index.js';
import { oracleBatch } from '../../helpers/python.js';
import { roiAlignStrategy } from '../../../lib/vision/ops/roi_align.js';
import { roiLimits } from '../../../lib/vision/ops/_utils.js';

interface AlignCase {
  dtype: DType; x: number[]; boxes: number[][][]; scale: number; size: [number, number]; sr: number; aligned: boolean;
  y: number[]; g: number[]; dx: number[]; drois: number[];
}
interface OutsideCases { x: number[]; rois: number[][]; cases: { scale: number; size: [number, number]; sr: number; aligned: boolean; y: number[] }[] }
interface PsCases {
  x: number[]; rois: number[][]; reprs: [string, string];
  align: { scale: number; size: [number, number]; sr: number; y: unknown[]; g: number[]; dx: unknown[] }[];
  pool: { scale: number; size: [number, number]; y: number[]; g: number[]; dx: number[] }[];
}
interface PoolCase { dtype: DType; scale: number; size: [number, number]; x: unknown[]; rois: number[][]; y: number[]; g: number[]; dx: number[] }

const py = oracleBatch<{ align: AlignCase[]; outside: OutsideCases; pool: PoolCase[]; reprs: string[]; ps: PsCases }>({
  ps: ['vision/ops/roi', 'ps_cases'],
  align: ['vision/ops/roi', 'roi_align_cases'],
  outside: ['vision/ops/roi', 'roi_align_outside_cases'],
  pool: ['vision/ops/roi', 'roi_pool_cases'],
  reprs: ['vision/ops/roi', 'reprs'],
});

const t = (data: unknown, dtype: DType = 'float32'): Tensor => torch.tensor(data as number[], { dtype });

/** Python's JSON of non-finite numbers ('nan', '-inf') back to numbers. */
function numbers(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(numbers);
  if (v === 'nan') return NaN;
  if (v === 'inf') return Infinity;
  if (v === '-inf') return -Infinity;
  return v;
}

/** The largest |a - b| / (atol + rtol |b|): at most 1 when a is within tolerance of b. */
function closeness(a: Tensor, b: Tensor, atol: number, rtol: number): number {
  return a.sub(b).abs().div(b.abs().mul(rtol).add(atol)).max().item();
}

describe('roiAlign', () => {
  it('equals torchvision\'s _roi_align, values and gradients (input and boxes), over scales, sizes, sampling ratios, alignments, float32 and float64, both summation strategies', () => {
    const cases = py().align;
    expect(cases.length).toBe(64);
    // Every case through the matrix products, every other one through the gathers too.
    for (const strategy of ['gather', 'matmul'] as const) for (const c of cases.filter((_, i) => strategy === 'matmul' || i % 2 === 0)) {
      roiAlignStrategy.force = strategy;
      // The kernel's sample coordinates round differently from _roi_align's (start + p*bin + (i+.5)*bin/grid
      // against (i+.5)*(bin/grid)): float32 agrees to a few ulps, float64 to 1e-12.
      const [atol, rtol] = c.dtype === 'float32' ? [1e-5, 1e-5] : [1e-12, 1e-12];
      const x = t(c.x, c.dtype).requiresGrad_();
      const boxes = c.boxes.map((b) => t(b, c.dtype));
      const rois = torch.cat(boxes.map((b, i) => torch.cat([torch.full([b.size(0), 1], i, { dtype: c.dtype }), b], 1))).requiresGrad_();
      const y = ops.roiAlign(x, rois, c.size, c.scale, c.sr, c.aligned);
      expect(y.shape).toEqual([7, 3, ...c.size]);
      expect(closeness(y, t(c.y, c.dtype), atol, rtol)).toBeLessThanOrEqual(1);
      y.mul(t(c.g, c.dtype)).sum().backward();
      expect(closeness(x.grad!, t(c.dx, c.dtype), atol, rtol)).toBeLessThanOrEqual(1);
      // Box gradients divide by the grid, so float32's ulp differences grow with it.
      const [batol, brtol] = c.dtype === 'float32' ? [1e-4, 1e-4] : [1e-10, 1e-10];
      expect(closeness(rois.grad!, t(c.drois, c.dtype), batol, brtol)).toBeLessThanOrEqual(1);
      // The list-of-boxes form and the options form give the same output.
      const y2 = ops.roiAlign(x.detach(), boxes, { outputSize: c.size, spatialScale: c.scale, samplingRatio: c.sr, aligned: c.aligned });
      expect(torch.equal(y2, y.detach())).toBe(true);
    }
    roiAlignStrategy.force = null;
  });

  it('follows torchvision\'s CPU kernel for boxes leaving the feature map and adaptive grids larger than it', () => {
    const { x, rois, cases } = py().outside;
    expect(cases.length).toBe(16);
    for (const strategy of ['gather', 'matmul'] as const) for (const c of cases) {
      roiAlignStrategy.force = strategy;
      const y = ops.roiAlign(t(x, 'float64'), t(rois, 'float64'), c.size, { spatialScale: c.scale, samplingRatio: c.sr, aligned: c.aligned });
      expect(closeness(y, t(c.y, 'float64'), 1e-12, 1e-12)).toBeLessThanOrEqual(1);
    }
    roiAlignStrategy.force = null;
  });

  it('RoIAlign module, reprs, empty boxes, errors', () => {
    const [alignRepr, alignedRepr, poolRepr] = py().reprs as [string, string, string];
    expect(String(new ops.RoIAlign([7, 7], 0.25, 2))).toBe(alignRepr);
    expect(String(new ops.RoIAlign(5, 0.5, -1, { aligned: true }))).toBe(alignedRepr);
    expect(String(new ops.RoIPool([3, 2], 0.0625))).toBe(poolRepr);
    const x = torch.randn(1, 2, 8, 8);
    const m = new ops.RoIAlign({ outputSize: 2, spatialScale: 1, samplingRatio: 2 });
    const boxes = [torch.tensor([[1, 1, 6, 6]])];
    expect(torch.equal(m(x, boxes), ops.roiAlign(x, boxes, 2, 1, 2))).toBe(true);
    expect(ops.roiAlign(x, [torch.zeros(0, 4)], 3).shape).toEqual([0, 2, 3, 3]);
    expect(() => ops.roiAlign(x, torch.zeros(2, 4), 3)).toThrow('The boxes tensor shape is not correct as Tensor[K, 5]');
    expect(() => ops.roiAlign(x, [torch.zeros(2, 5)], 3)).toThrow('The shape of the tensor in the boxes list is not correct as List[Tensor[L, 4]]');
    expect(() => ops.roiAlign(x, torch.zeros(2, 5, { dtype: 'float64' }), 3)).toThrow('input should have the same type as rois');
    // @ts-expect-error: outputSize is required
    expect(() => ops.roiAlign(x, boxes)).toThrow(/missing required argument 'outputSize'/);
    // @ts-expect-error: not boxes
    expect(() => ops.roiAlign(x, 'boxes', 3)).toThrow(TypeError);
    // @ts-expect-error: samplingRatio is required by the module, as in Python
    expect(() => new ops.RoIAlign(7, 0.5)).toThrow(/missing required argument 'samplingRatio'/);
  });
});

describe('roiPool', () => {
  it('equals torchvision\'s CPU kernel: values (ties, -inf, NaN, boxes off the map, empty bins) and input gradients', () => {
    const cases = py().pool;
    expect(cases.length).toBe(18);
    for (const c of cases) {
      const x = t(numbers(c.x), c.dtype).requiresGrad_();
      const y = ops.roiPool(x, t(c.rois, c.dtype), c.size, c.scale);
      expect(y.tolist()).toEqual(c.y);
      y.mul(t(c.g, c.dtype)).sum().backward();
      expect(x.grad!.tolist()).toEqual(c.dx);
    }
  });

  it('RoIPool module, box lists, errors', () => {
    const x = torch.randn(2, 3, 8, 8);
    const boxes = [torch.tensor([[0, 0, 5, 5]]), torch.tensor([[1, 2, 7, 7], [0, 0, 2, 2]])];
    const pool = new ops.RoIPool(2, { spatialScale: 1 });
    const rois = torch.tensor([[0, 0, 0, 5, 5], [1, 1, 2, 7, 7], [1, 0, 0, 2, 2]]);
    expect(torch.equal(pool(x, boxes), ops.roiPool(x, rois, [2, 2]))).toBe(true);
    expect(() => ops.roiPool(x.int(), rois.int(), 2)).toThrow('roi_pool only supports float and double types');
    expect(() => ops.roiPool(x, rois.double(), 2)).toThrow('input and rois must have the same dtype');
    expect(() => ops.roiPool(x, rois, -1)).toThrow(RangeError);
  });
});

describe('psRoiAlign / psRoiPool', () => {
  it('equal torchvision\'s CPU kernels (float64 transcriptions): values, NaN where the kernel divides 0 by 0, input gradients', () => {
    const { x: xs, rois: rs, align, pool, reprs } = py().ps;
    expect([align.length, pool.length]).toEqual([8, 4]);
    const rois = t(rs, 'float64');
    for (const c of align) {
      const x = t(xs, 'float64').requiresGrad_();
      const y = ops.psRoiAlign(x, rois, c.size, c.scale, c.sr);
      expect(torch.allclose(y, t(numbers(c.y), 'float64'), { rtol: 1e-12, atol: 1e-12, equalNan: true })).toBe(true);
      torch.where(y.isnan(), 0, y.mul(t(c.g, 'float64'))).sum().backward();
      expect(torch.allclose(x.grad!, t(numbers(c.dx), 'float64'), { rtol: 1e-12, atol: 1e-12 })).toBe(true);
    }
    expect(align.some((c) => JSON.stringify(c.y).includes('nan'))).toBe(true);
    for (const c of pool) {
      const x = t(xs, 'float64').requiresGrad_();
      const y = ops.psRoiPool(x, rois, { outputSize: c.size, spatialScale: c.scale });
      expect(closeness(y, t(c.y, 'float64'), 1e-12, 1e-12)).toBeLessThanOrEqual(1);
      y.mul(t(c.g, 'float64')).sum().backward();
      expect(closeness(x.grad!, t(c.dx, 'float64'), 1e-12, 1e-12)).toBeLessThanOrEqual(1);
    }
    expect([String(new ops.PSRoIAlign([3, 3], 0.5, 2)), String(new ops.PSRoIPool(2, 0.25))]).toEqual(reprs);
    const m = new ops.PSRoIPool(2, 1);
    expect(torch.equal(m(t(xs, 'float64'), rois), ops.psRoiPool(t(xs, 'float64'), rois, 2))).toBe(true);
    expect(() => ops.psRoiAlign(t(xs, 'float64'), rois, 3)).toThrow('input channels must be a multiple of pooling height * pooling width');
    expect(() => ops.psRoiPool(t(xs), rois, 2)).toThrow('input and rois must have the same dtype');
  });
});

describe('many boxes', () => {
  it('are taken in chunks, giving what one box at a time gives', () => {
    torch.manualSeed(0);
    const x = torch.randn(2, 8, 40, 48);
    const xy = torch.rand(40, 2).mul(30);
    const rois = torch.cat([torch.randint(0, 2, [40, 1]).float(), xy, xy.add(torch.rand(40, 2).mul(30).add(10))], 1);
    const single = (f: (r: Tensor) => Tensor): Tensor => torch.cat(Array.from({ length: 40 }, (_, i) => f(rois.narrow(0, i, 1))));
    const wantPool = single((r) => ops.roiPool(x, r, 7, 0.5));
    roiAlignStrategy.force = 'gather';
    const wantAlign = single((r) => ops.roiAlign(x, r, 7, 0.5, -1));
    roiLimits.elements = 20000; // a few boxes per chunk
    try {
      expect(torch.equal(ops.roiPool(x, rois, 7, 0.5), wantPool)).toBe(true);
      // Exact up to the order of the sums over a chunk's (larger or smaller) padded sampling grid.
      expect(closeness(ops.roiAlign(x, rois, 7, 0.5, -1), wantAlign, 1e-6, 1e-6)).toBeLessThanOrEqual(1);
    } finally {
      roiLimits.elements = 1 << 24;
      roiAlignStrategy.force = null;
    }
  });
});
