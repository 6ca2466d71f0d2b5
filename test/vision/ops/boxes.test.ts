// torchvision.ops' box utilities and losses against torchvision itself (nms against a Python
// transcription of torchvision's CPU kernel: see test/oracles/vision/ops/boxes.py). The inputs
// come from the oracle (seeded), so both sides see the same float32 values; every op here is the
// same ATen arithmetic as torchvision's Python, so values are compared exactly.
import { describe, expect, it } from 'vitest';
import * as torch from '../../../lib/torch.js';
import type { Tensor, DType } from '../../../lib/torch.js';
import { ops } from '../../../lib/vision/index.js';
import { oracleBatch } from '../../helpers/python.js';

interface NmsCase { dtype: DType; boxes: number[][]; scores: number[]; thr: number; keep: number[] }
interface BatchedCase { boxes: number[][]; scores: number[]; idxs: number[]; thr: number; keep: number[]; trick: number[]; vanilla: number[] }
type Results = Record<string, unknown>;

const py = oracleBatch<{ nms: NmsCase[]; batched: BatchedCase[]; boxes: Results; losses: Results }>({
  nms: ['vision/ops/boxes', 'nms_cases'],
  batched: ['vision/ops/boxes', 'batched_nms_cases'],
  boxes: ['vision/ops/boxes', 'box_results'],
  losses: ['vision/ops/boxes', 'loss_results'],
});

const t = (data: unknown, dtype: DType = 'float32'): Tensor => torch.tensor(data as number[], { dtype });
const list = (x: Tensor): unknown => x.tolist();

describe('nms', () => {
  it('keeps the indices torchvision\'s kernel keeps (random boxes, tied scores, float32 and float64, IoU at the threshold)', () => {
    const cases = py().nms;
    expect(cases.length).toBe(14);
    for (const c of cases) {
      const keep = ops.nms(t(c.boxes, c.dtype), t(c.scores, c.dtype), c.thr);
      expect(keep.dtype).toBe('int64');
      expect(list(keep)).toEqual(c.keep);
    }
    // Options form, and an empty input.
    const c = cases[0]!;
    expect(list(ops.nms(t(c.boxes), t(c.scores), { iouThreshold: c.thr }))).toEqual(c.keep);
    expect(ops.nms(torch.zeros(0, 4), torch.zeros(0), 0.5).shape).toEqual([0]);
  });

  it('checks its arguments with the kernel\'s messages', () => {
    const b = torch.rand(3, 4);
    expect(() => ops.nms(torch.rand(3), torch.rand(3), 0.5)).toThrow('boxes should be a 2d tensor, got 1D');
    expect(() => ops.nms(torch.rand(3, 5), torch.rand(3), 0.5)).toThrow('boxes should have 4 elements in dimension 1, got 5');
    expect(() => ops.nms(b, torch.rand(3, 1), 0.5)).toThrow('scores should be a 1d tensor, got 2D');
    expect(() => ops.nms(b, torch.rand(2), 0.5)).toThrow('boxes and scores should have same number of elements in dimension 0, got 3 and 2');
    expect(() => ops.nms(b, torch.rand(3, { dtype: 'float64' }), 0.5)).toThrow('dets should have the same type as scores');
    expect(() => ops.nms(b.half(), torch.rand(3).half(), 0.5)).toThrow(`"nms_kernel" not implemented for 'Half'`);
    // @ts-expect-error: iouThreshold is required
    expect(() => ops.nms(b, torch.rand(3))).toThrow(/missing required argument 'iouThreshold'/);
    // @ts-expect-error: not a number
    expect(() => ops.nms(b, torch.rand(3), '0.5')).toThrow(TypeError);
  });
});

describe('batchedNms', () => {
  it('gives torchvision\'s indices on both sides of its 4000-number switch (coordinate trick, per-class loop)', () => {
    const cases = py().batched;
    expect(cases.map((c) => c.boxes.length)).toEqual([200, 999, 1001, 1500]);
    for (const c of cases) {
      const boxes = t(c.boxes), scores = t(c.scores), idxs = t(c.idxs, 'int64');
      expect(list(ops.batchedNms(boxes, scores, idxs, c.thr))).toEqual(c.keep);
      expect(list(ops.batchedNms(boxes, scores, idxs, { iouThreshold: c.thr }))).toEqual(c.keep);
    }
    // The two strategies agree on these inputs, which is what makes the switch invisible.
    for (const c of cases) expect(c.trick).toEqual(c.vanilla);
    expect(ops.batchedNms(torch.zeros(0, 4), torch.zeros(0), torch.zeros(0, { dtype: 'int64' }), 0.5).shape).toEqual([0]);
  });
});

describe('box utilities', () => {
  it('boxArea, boxIou (three formats, batched, int16 and half inputs upcast), gIoU, dIoU, cIoU', () => {
    const r = py().boxes;
    const b1 = t(r.b1), b2 = t(r.b2), bb1 = t(r.batched1), bb2 = t(r.batched2);
    for (const fmt of ['xyxy', 'xywh', 'cxcywh'] as const) {
      expect(list(ops.boxArea(b1, fmt))).toEqual(r[`area_${fmt}`]);
      expect(list(ops.boxArea(b1, { fmt }))).toEqual(r[`area_${fmt}`]);
      expect(list(ops.boxIou(b1, b2, fmt))).toEqual(r[`iou_${fmt}`]);
    }
    expect(list(ops.boxArea(b1))).toEqual(r.area_xyxy);
    const ints = t(r.ints, 'int16');
    const areaInts = ops.boxArea(ints);
    expect([`torch.${areaInts.dtype}`, list(areaInts)]).toEqual(r.area_ints);
    expect(list(ops.boxIou(ints, ints))).toEqual(r.iou_ints);
    const areaHalf = ops.boxArea(t(r.half, 'float16'));
    expect([`torch.${areaHalf.dtype}`, list(areaHalf)]).toEqual(r.area_half);
    expect(list(ops.boxIou(bb1, bb2))).toEqual(r.iou_batched);
    expect(list(ops.generalizedBoxIou(b1, b2))).toEqual(r.giou);
    expect(list(ops.generalizedBoxIou(bb1, bb2))).toEqual(r.giou_batched);
    expect(list(ops.distanceBoxIou(b1, b2))).toEqual(r.diou);
    expect(list(ops.distanceBoxIou(b1, b2, { eps: 0.5 }))).toEqual(r.diou_eps);
    expect(list(ops.distanceBoxIou(b1, b2, 0.5))).toEqual(r.diou_eps);
    expect(list(ops.completeBoxIou(b1, b2))).toEqual(r.ciou);
    expect(list(ops.completeBoxIou(bb1, bb2))).toEqual(r.ciou_batched);
  });

  it('boxConvert between every pair of formats, rotated ones included', () => {
    const r = py().boxes;
    const b1 = t(r.b1);
    const convert = r.convert as unknown as Record<string, number[][]>;
    expect(Object.keys(convert).length).toBe(9);
    for (const [key, want] of Object.entries(convert)) {
      const [a, b] = key.split('>') as [ops.BoxFormat, ops.BoxFormat];
      expect(list(ops.boxConvert(b1, a, b))).toEqual(want);
      expect(list(ops.boxConvert(b1, { inFmt: a, outFmt: b }))).toEqual(want);
    }
    const rot = t(r.rot);
    for (const [key, want] of Object.entries(r.convert_rot as unknown as Record<string, number[][]>)) {
      const [a, b] = key.split('>') as [ops.RotatedBoxFormat, ops.RotatedBoxFormat];
      expect(list(ops.boxConvert(rot, a, b))).toEqual(want);
    }
    const eight = ops.boxConvert(rot, 'xywhr', 'xyxyxyxy');
    for (const [key, want] of Object.entries(r.convert_rot8 as unknown as Record<string, number[][]>)) {
      expect(list(ops.boxConvert(eight, 'xyxyxyxy', key.split('>')[1] as ops.RotatedBoxFormat))).toEqual(want);
    }
    const rotInt = ops.boxConvert(t(r.rot_int, 'int32'), 'cxcywhr', 'xyxyxyxy');
    expect(rotInt.dtype).toBe('int32');
    expect(list(rotInt)).toEqual(r.convert_rot_int);
    expect(list(ops.boxConvert(t(r.ints, 'int16'), 'xyxy', 'cxcywh'))).toEqual(r.convert_ints);
    const same = ops.boxConvert(b1, 'xyxy', 'xyxy');
    expect(list(same)).toEqual(r.b1);
    same.fill_(0);
    expect(list(b1)).toEqual(r.b1); // a copy, as torchvision's clone
  });

  it('clipBoxesToImage, removeSmallBoxes, masksToBoxes', () => {
    const r = py().boxes;
    expect(list(ops.clipBoxesToImage(t(r.shifted), [40, 60]))).toEqual(r.clip);
    expect(list(ops.clipBoxesToImage(t(r.batched1).sub(30), { size: [40, 60] }))).toEqual(r.clip_batched);
    expect([10, 30, 45].map((m) => list(ops.removeSmallBoxes(t(r.b1), m)))).toEqual(r.small);
    expect(list(ops.masksToBoxes(t(r.masks, 'int32')))).toEqual(r.masks_to_boxes);
    expect(list(ops.masksToBoxes(t(r.masks, 'bool')))).toEqual(r.masks_to_boxes);
    const empty = ops.masksToBoxes(torch.zeros(0, 5, 5));
    expect([empty.shape, empty.dtype]).toEqual([[0, 4], 'float32']);
  });

  it('errors as torchvision\'s', () => {
    const r = py().boxes;
    const b1 = t(r.b1);
    // @ts-expect-error: not a format
    expect(() => ops.boxConvert(b1, 'xyxy', 'yxyx')).toThrow(r.convert_error as string);
    // @ts-expect-error: not an area format
    expect(() => ops.boxArea(b1, 'xyxyxyxy')).toThrow(r.area_error as string);
    expect(() => ops.boxConvert(b1, 'xyxy', 'yxyx' as ops.BoxFormat)).toThrow(RangeError);
    expect(() => ops.boxIou(b1, b1, 'cxcywhr' as ops.BoxFormat)).toThrow(/box_iou_rotated/);
    // @ts-expect-error: unknown option
    expect(() => ops.boxIou(b1, b1, { format: 'xyxy' })).toThrow(/unknown option 'format'/);
    // @ts-expect-error: size is [height, width]
    expect(() => ops.clipBoxesToImage(b1, 40)).toThrow(TypeError);
  });
});

describe('losses', () => {
  it('sigmoidFocalLoss: values for alphas, gammas and reductions, and the gradient', () => {
    const r = py().losses;
    const logits = t(r.logits), targets = t(r.targets);
    let n = 0;
    for (const [alpha, gamma] of [[0.25, 2], [-1, 2], [0.5, 0], [1.0, 1.5]] as const) {
      for (const reduction of ['none', 'mean', 'sum'] as const) {
        const key = `focal_${alpha === 1 ? '1.0' : alpha}_${gamma}_${reduction}`;
        expect(list(ops.sigmoidFocalLoss(logits, targets, alpha, gamma, reduction))).toEqual(r[key]);
        expect(list(ops.sigmoidFocalLoss(logits, targets, { alpha, gamma, reduction }))).toEqual(r[key]);
        n++;
      }
    }
    expect(n).toBe(12);
    const x = logits.clone().requiresGrad_();
    ops.sigmoidFocalLoss(x, targets, { reduction: 'sum' }).backward();
    expect(list(x.grad!)).toEqual(r.focal_grad);
    // @ts-expect-error: not a reduction
    expect(() => ops.sigmoidFocalLoss(logits, targets, { reduction: 'avg' })).toThrow(r.reduction_error as string);
    expect(() => ops.sigmoidFocalLoss(logits, targets, { alpha: 2 })).toThrow(r.alpha_error as string);
  });

  it('generalized, distance and complete box IoU losses: reductions, eps, one box, empty mean, gradients', () => {
    const r = py().losses;
    const b1 = t(r.b1), b2 = t(r.b2);
    const fns = { giou: ops.generalizedBoxIouLoss, diou: ops.distanceBoxIouLoss, ciou: ops.completeBoxIouLoss };
    for (const [name, fn] of Object.entries(fns)) {
      for (const reduction of ['none', 'mean', 'sum'] as const) {
        expect(list(fn(b1, b2, reduction))).toEqual(r[`${name}_${reduction}`]);
      }
      expect(list(fn(b1, b2, { eps: 0.1 }))).toEqual(r[`${name}_eps`]);
      expect(list(fn(b1.index([2]), b2.index([2])))).toEqual(r[`${name}_single`]);
      expect(list(fn(b1.narrow(0, 0, 0), b2.narrow(0, 0, 0), 'mean'))).toEqual(r[`${name}_empty_mean`]);
      const p = b1.clone().requiresGrad_();
      fn(p, b2, 'sum').backward();
      expect(list(p.grad!)).toEqual(r[`${name}_grad`]);
    }
  });
});
