// Box utilities, as torchvision/ops/boxes.py: non-maximum suppression, IoU and its variants,
// format conversion, clipping and filtering. torchvision runs nms as a C++ kernel; here it is
// the same algorithm over the boxes' values (same sort, same float arithmetic, same comparisons),
// so the kept indices are the kernel's. Everything else is torchvision's tensor code, op for op.
import * as torch from '../../generated/functions.js';
import { tensor as makeTensor } from '../../creation.js';
import { noGrad } from '../../autograd/grad_mode.js';
import { slice } from '../../indexing.js';
import { unique } from '../../functional.js';
import { Tensor } from '../../tensor.js';
import { parseArgs, checkNumber, checkTensor, argTypeError, describeValue, type KwArgs } from '../../validate.js';
import { upcast, scalarTypeName } from './_utils.js';

/** Axis-aligned box formats: corners, corner + size, centre + size. */
export type BoxFormat = 'xyxy' | 'xywh' | 'cxcywh';
/** Rotated box formats (r in degrees, counter-clockwise), accepted by boxConvert. */
export type RotatedBoxFormat = 'xywhr' | 'cxcywhr' | 'xyxyxyxy';

const ALL_FORMATS: readonly string[] = ['xyxy', 'xywh', 'cxcywh', 'xywhr', 'cxcywhr', 'xyxyxyxy'];
const AXIS_FORMATS: readonly string[] = ['xyxy', 'xywh', 'cxcywh'];

/** A value as Python's f-string shows a str; other values briefly. */
function show(v: unknown): string {
  return typeof v === 'string' ? v : describeValue(v, 'brief');
}

function boxCoords(boxes: Tensor): Tensor[] {
  return boxes.unbind(-1);
}

/** The C++ kernel's dispatch: float32 and float64 only, with ATen's message for the rest. */
function checkFloatKernel(name: string, t: Tensor): void {
  if (t.dtype !== 'float32' && t.dtype !== 'float64') {
    throw new Error(`"${name}" not implemented for '${scalarTypeName(t.dtype)}'`);
  }
}


/**
 * Non-maximum suppression: visits the boxes by decreasing score and drops every later box whose
 * IoU with a kept one is greater than `iouThreshold`. The order is `scores.sort(0, true)`'s, as
 * torchvision's CPU kernel, so boxes of equal scores are visited as that sort leaves them.
 * Boxes are (x1, y1, x2, y2) with `0 <= x1 < x2` and `0 <= y1 < y2`; float32 or float64, both
 * of the same dtype. Not differentiable (it returns indices).
 *
 * @param boxes Tensor[N, 4].
 * @param scores Tensor[N].
 * @returns int64 indices of the kept boxes, by decreasing score.
 * @example
 * const boxes = makeTensor([[0, 0, 10, 10], [1, 1, 11, 11], [20, 20, 30, 30]]);
 * ops.nms(boxes, makeTensor([0.9, 0.8, 0.7]), 0.5) // tensor([0, 2])
 */
export function nms(boxes: Tensor, scores: Tensor, ...args: KwArgs<[iouThreshold: number], ['iouThreshold'], { iouThreshold?: number }>): Tensor {
  const where = 'ops.nms()';
  checkTensor(where, 'boxes', boxes);
  checkTensor(where, 'scores', scores);
  const { iouThreshold } = parseArgs<{ iouThreshold: number }>(where, args, ['iouThreshold'], {}, ['iouThreshold']);
  checkNumber(where, 'iouThreshold', iouThreshold);
  if (boxes.dim() !== 2) throw new Error(`boxes should be a 2d tensor, got ${boxes.dim()}D`);
  if (boxes.size(1) !== 4) throw new Error(`boxes should have 4 elements in dimension 1, got ${boxes.size(1)}`);
  if (scores.dim() !== 1) throw new Error(`scores should be a 1d tensor, got ${scores.dim()}D`);
  if (boxes.size(0) !== scores.size(0)) {
    throw new Error(`boxes and scores should have same number of elements in dimension 0, got ${boxes.size(0)} and ${scores.size(0)}`);
  }
  checkFloatKernel('nms_kernel', boxes);
  if (boxes.dtype !== scores.dtype) throw new Error('dets should have the same type as scores');
  if (boxes.numel() === 0) return torch.empty([0], { dtype: 'int64', device: boxes.device });
  return noGrad(() => {
    const dets = boxes.detach().to('cpu');
    const x1t = dets.select(1, 0).contiguous();
    const y1t = dets.select(1, 1).contiguous();
    const x2t = dets.select(1, 2).contiguous();
    const y2t = dets.select(1, 3).contiguous();
    // The areas as the kernel computes them: a tensor expression in the boxes' dtype.
    const areasT = x2t.sub(x1t).mul(y2t.sub(y1t));
    const order = Array.from(torch.sort(scores.detach().to('cpu'), 0, true).indices.dataSync() as BigInt64Array, Number);
    const x1 = x1t.dataSync() as Float32Array | Float64Array;
    const y1 = y1t.dataSync() as Float32Array | Float64Array;
    const x2 = x2t.dataSync() as Float32Array | Float64Array;
    const y2 = y2t.dataSync() as Float32Array | Float64Array;
    const areas = areasT.dataSync() as Float32Array | Float64Array;
    // float32 boxes: every intermediate rounded to float32, as the kernel's scalar_t arithmetic.
    const r = dets.dtype === 'float32' ? Math.fround : (v: number) => v;
    const n = order.length;
    const suppressed = new Uint8Array(n);
    const keep: number[] = [];
    for (let a = 0; a < n; a++) {
      const i = order[a]!;
      if (suppressed[i] === 1) continue;
      keep.push(i);
      const ix1 = x1[i]!, iy1 = y1[i]!, ix2 = x2[i]!, iy2 = y2[i]!, iarea = areas[i]!;
      for (let b = a + 1; b < n; b++) {
        const j = order[b]!;
        if (suppressed[j] === 1) continue;
        const xx1 = Math.max(ix1, x1[j]!);
        const yy1 = Math.max(iy1, y1[j]!);
        const xx2 = Math.min(ix2, x2[j]!);
        const yy2 = Math.min(iy2, y2[j]!);
        const w = Math.max(0, r(xx2 - xx1));
        const h = Math.max(0, r(yy2 - yy1));
        const inter = r(w * h);
        const ovr = r(inter / r(r(iarea + areas[j]!) - inter));
        if (ovr > iouThreshold) suppressed[j] = 1;
      }
    }
    return makeTensor(keep, { dtype: 'int64', device: boxes.device });
  });
}

/**
 * Non-maximum suppression per category: boxes of different `idxs` never suppress each other.
 * As torchvision, up to 4000 box coordinates on the CPU (100,000 elsewhere) shift each category's
 * boxes apart and run one nms; beyond, nms runs per category (Detectron2's loop).
 *
 * @param boxes Tensor[N, 4] (x1, y1, x2, y2).
 * @param scores Tensor[N].
 * @param idxs Tensor[N] of category indices.
 * @returns int64 indices of the kept boxes, by decreasing score.
 * @example
 * const boxes = makeTensor([[0, 0, 10, 10], [1, 1, 11, 11]]);
 * ops.batchedNms(boxes, makeTensor([0.9, 0.8]), makeTensor([0, 1], { dtype: 'int64' }), 0.5) // tensor([0, 1])
 */
export function batchedNms(boxes: Tensor, scores: Tensor, idxs: Tensor,
  ...args: KwArgs<[iouThreshold: number], ['iouThreshold'], { iouThreshold?: number }>): Tensor {
  const where = 'ops.batchedNms()';
  checkTensor(where, 'boxes', boxes);
  checkTensor(where, 'scores', scores);
  checkTensor(where, 'idxs', idxs);
  const { iouThreshold } = parseArgs<{ iouThreshold: number }>(where, args, ['iouThreshold'], {}, ['iouThreshold']);
  checkNumber(where, 'iouThreshold', iouThreshold);
  const limit = boxes.device === 'cpu' ? 4000 : 100_000;
  return boxes.numel() > limit
    ? batchedNmsVanilla(boxes, scores, idxs, iouThreshold)
    : batchedNmsCoordinateTrick(boxes, scores, idxs, iouThreshold);
}

function batchedNmsCoordinateTrick(boxes: Tensor, scores: Tensor, idxs: Tensor, iouThreshold: number): Tensor {
  if (boxes.numel() === 0) return torch.empty([0], { dtype: 'int64', device: boxes.device });
  // An offset per category, larger than any coordinate, so boxes of different categories never overlap.
  const maxCoordinate = boxes.max();
  const offsets = idxs.to(boxes).mul(maxCoordinate.add(makeTensor(1).to(boxes)));
  const boxesForNms = boxes.add(offsets.unsqueeze(1));
  return nms(boxesForNms, scores, iouThreshold);
}

function batchedNmsVanilla(boxes: Tensor, scores: Tensor, idxs: Tensor, iouThreshold: number): Tensor {
  const keepMask = torch.zerosLike(scores, { dtype: 'bool' });
  for (const classId of unique(idxs)) {
    const currIndices = torch.where(idxs.eq(classId))[0]!;
    const currKeep = nms(boxes.index([currIndices]), scores.index([currIndices]), iouThreshold);
    keepMask.indexPut_([currIndices.index([currKeep])], true);
  }
  const keepIndices = torch.where(keepMask)[0]!;
  return keepIndices.index([scores.index([keepIndices]).sort({ descending: true }).indices]);
}

/**
 * The indices of the boxes whose both sides are at least `minSize`.
 * @param boxes Tensor[..., 4] (x1, y1, x2, y2).
 * @example ops.removeSmallBoxes(makeTensor([[0, 0, 1, 1], [0, 0, 5, 5]]), 2) // tensor([1])
 */
export function removeSmallBoxes(boxes: Tensor, ...args: KwArgs<[minSize: number], ['minSize'], { minSize?: number }>): Tensor {
  const where = 'ops.removeSmallBoxes()';
  checkTensor(where, 'boxes', boxes);
  const { minSize } = parseArgs<{ minSize: number }>(where, args, ['minSize'], {}, ['minSize']);
  checkNumber(where, 'minSize', minSize);
  const ws = boxes.select(-1, 2).sub(boxes.select(-1, 0));
  const hs = boxes.select(-1, 3).sub(boxes.select(-1, 1));
  const keep = ws.ge(minSize).logicalAnd(hs.ge(minSize));
  return torch.where(keep)[0]!;
}

/**
 * Clips (x1, y1, x2, y2) boxes to an image of `size` = [height, width].
 * @param boxes Tensor[..., 4].
 * @example ops.clipBoxesToImage(makeTensor([[-5, 2, 40, 50]]), [32, 32]) // tensor([[0, 2, 32, 32]])
 */
export function clipBoxesToImage(boxes: Tensor, ...args: KwArgs<[size: readonly [number, number]], ['size'], { size?: readonly [number, number] }>): Tensor {
  const where = 'ops.clipBoxesToImage()';
  checkTensor(where, 'boxes', boxes);
  const { size } = parseArgs<{ size: readonly [number, number] }>(where, args, ['size'], {}, ['size']);
  if (!Array.isArray(size) || size.length !== 2) throw argTypeError(where, 'size', 'an array [height, width]', size);
  const height = checkNumber(where, 'size[0]', size[0]);
  const width = checkNumber(where, 'size[1]', size[1]);
  const dim = boxes.dim();
  const last = boxes.size(-1);
  const boxesX = boxes.index(['...', slice(0, last, 2)]).clamp({ min: 0, max: width });
  const boxesY = boxes.index(['...', slice(1, last, 2)]).clamp({ min: 0, max: height });
  return torch.stack([boxesX, boxesY], dim).reshape(boxes.shape);
}

function cxcywhToXyxy(boxes: Tensor): Tensor {
  const [cx, cy, w, h] = boxCoords(boxes) as [Tensor, Tensor, Tensor, Tensor];
  const hw = w.mul(0.5), hh = h.mul(0.5);
  return torch.stack([cx.sub(hw), cy.sub(hh), cx.add(hw), cy.add(hh)], -1);
}

function xyxyToCxcywh(boxes: Tensor): Tensor {
  const [x1, y1, x2, y2] = boxCoords(boxes) as [Tensor, Tensor, Tensor, Tensor];
  return torch.stack([x1.add(x2).div(2), y1.add(y2).div(2), x2.sub(x1), y2.sub(y1)], -1);
}

function xywhToXyxy(boxes: Tensor): Tensor {
  const [x, y, w, h] = boxCoords(boxes) as [Tensor, Tensor, Tensor, Tensor];
  return torch.stack([x, y, x.add(w), y.add(h)], -1);
}

function xyxyToXywh(boxes: Tensor): Tensor {
  const [x1, y1, x2, y2] = boxCoords(boxes) as [Tensor, Tensor, Tensor, Tensor];
  return torch.stack([x1, y1, x2.sub(x1), y2.sub(y1)], -1);
}

/** Rotated conversions compute in floats; integer boxes come back rounded, as torchvision's. */
function castBack(out: Tensor, dtype: Tensor['dtype'], needCast: boolean): Tensor {
  return needCast ? out.round_().to(dtype) : out;
}

function cxcywhrToXywhr(boxes: Tensor): Tensor {
  const needCast = !boxes.isFloatingPoint();
  const [cx, cy, w, h, r] = boxCoords(boxes) as [Tensor, Tensor, Tensor, Tensor, Tensor];
  const rad = r.mul(Math.PI).div(180.0);
  const cos = torch.cos(rad), sin = torch.sin(rad);
  const x1 = cx.sub(w.div(2).mul(cos)).sub(h.div(2).mul(sin));
  const y1 = cy.sub(h.div(2).mul(cos)).add(w.div(2).mul(sin));
  return castBack(torch.stack([x1, y1, w, h, r], -1), boxes.dtype, needCast);
}

function xywhrToCxcywhr(boxes: Tensor): Tensor {
  const needCast = !boxes.isFloatingPoint();
  const [x1, y1, w, h, r] = boxCoords(boxes) as [Tensor, Tensor, Tensor, Tensor, Tensor];
  const rad = r.mul(Math.PI).div(180.0);
  const cos = torch.cos(rad), sin = torch.sin(rad);
  const cx = x1.add(w.div(2).mul(cos)).add(h.div(2).mul(sin));
  const cy = y1.sub(w.div(2).mul(sin)).add(h.div(2).mul(cos));
  return castBack(torch.stack([cx, cy, w, h, r], -1), boxes.dtype, needCast);
}

function xywhrToXyxyxyxy(boxes: Tensor): Tensor {
  const needCast = !boxes.isFloatingPoint();
  const [x1, y1, w, h, r] = boxCoords(boxes) as [Tensor, Tensor, Tensor, Tensor, Tensor];
  const rad = r.mul(Math.PI).div(180.0);
  const cos = torch.cos(rad), sin = torch.sin(rad);
  const x2 = x1.add(w.mul(cos));
  const y2 = y1.sub(w.mul(sin));
  const x3 = x2.add(h.mul(sin));
  const y3 = y2.add(h.mul(cos));
  const x4 = x1.add(h.mul(sin));
  const y4 = y1.add(h.mul(cos));
  return castBack(torch.stack([x1, y1, x2, y2, x3, y3, x4, y4], -1), boxes.dtype, needCast);
}

function xyxyxyxyToXywhr(boxes: Tensor): Tensor {
  const needCast = !boxes.isFloatingPoint();
  const [x1, y1, x2, y2, x3, y3] = boxCoords(boxes) as [Tensor, Tensor, Tensor, Tensor, Tensor, Tensor];
  const r = torch.atan2(y1.sub(y2), x2.sub(x1)).mul(180).div(Math.PI);
  const w = x2.sub(x1).pow(2).add(y1.sub(y2).pow(2)).sqrt();
  const h = x3.sub(x2).pow(2).add(y3.sub(y2).pow(2)).sqrt();
  return castBack(torch.stack([x1, y1, w, h, r], -1), boxes.dtype, needCast);
}

/**
 * Converts boxes between formats: 'xyxy' (corners), 'xywh' (top-left corner, width, height),
 * 'cxcywh' (centre, width, height), and the rotated 'xywhr', 'cxcywhr', 'xyxyxyxy'.
 * @param boxes Tensor[..., K] (K = 4, 5 or 8 by format).
 * @example ops.boxConvert(makeTensor([[10, 20, 4, 6]]), 'cxcywh', 'xyxy') // tensor([[8, 17, 12, 23]])
 */
export function boxConvert(boxes: Tensor,
  ...args: KwArgs<[inFmt: BoxFormat | RotatedBoxFormat, outFmt: BoxFormat | RotatedBoxFormat], ['inFmt', 'outFmt'],
    { inFmt?: BoxFormat | RotatedBoxFormat; outFmt?: BoxFormat | RotatedBoxFormat }>): Tensor {
  const where = 'ops.boxConvert()';
  checkTensor(where, 'boxes', boxes);
  const { inFmt, outFmt } = parseArgs<{ inFmt: string; outFmt: string }>(where, args, ['inFmt', 'outFmt'], {}, ['inFmt', 'outFmt']);
  if (!ALL_FORMATS.includes(inFmt) || !ALL_FORMATS.includes(outFmt)) {
    throw new RangeError(`Unsupported Bounding Box Conversions for given in_fmt ${show(inFmt)} and out_fmt ${show(outFmt)}`);
  }
  if (inFmt === outFmt) return boxes.clone();
  switch (`${inFmt}>${outFmt}`) {
    case 'xywh>xyxy': return xywhToXyxy(boxes);
    case 'cxcywh>xyxy': return cxcywhToXyxy(boxes);
    case 'xyxy>xywh': return xyxyToXywh(boxes);
    case 'xyxy>cxcywh': return xyxyToCxcywh(boxes);
    case 'xywh>cxcywh': return xyxyToCxcywh(xywhToXyxy(boxes));
    case 'cxcywh>xywh': return xyxyToXywh(cxcywhToXyxy(boxes));
    case 'cxcywhr>xywhr': return cxcywhrToXywhr(boxes);
    case 'xywhr>cxcywhr': return xywhrToCxcywhr(boxes);
    case 'cxcywhr>xyxyxyxy': return xywhrToXyxyxyxy(cxcywhrToXywhr(boxes).to(boxes.dtype));
    case 'xyxyxyxy>cxcywhr': return xywhrToCxcywhr(xyxyxyxyToXywhr(boxes).to(boxes.dtype));
    case 'xywhr>xyxyxyxy': return xywhrToXyxyxyxy(boxes);
    case 'xyxyxyxy>xywhr': return xyxyxyxyToXywhr(boxes);
    default: throw new RangeError(`Unsupported Bounding Box Conversions for given in_fmt ${inFmt} and out_fmt ${outFmt}`);
  }
}

/**
 * The areas of boxes in `fmt` ('xyxy' by default, 'xywh' or 'cxcywh'); half floats are computed
 * in float32 and small ints in int32.
 * @param boxes Tensor[..., 4].
 * @example ops.boxArea(makeTensor([[0, 0, 2, 3]])) // tensor([6])
 */
export function boxArea(boxes: Tensor, ...args: KwArgs<[fmt: BoxFormat], [], { fmt?: BoxFormat }>): Tensor {
  const where = 'ops.boxArea()';
  checkTensor(where, 'boxes', boxes);
  const { fmt } = parseArgs<{ fmt: string }>(where, args, ['fmt'], { fmt: 'xyxy' });
  return area(boxes, fmt);
}

function area(boxes: Tensor, fmt: string): Tensor {
  if (!AXIS_FORMATS.includes(fmt)) throw new RangeError(`Unsupported Bounding Box area for given format ${show(fmt)}`);
  boxes = upcast(boxes);
  if (fmt === 'xyxy') return boxes.select(-1, 2).sub(boxes.select(-1, 0)).mul(boxes.select(-1, 3).sub(boxes.select(-1, 1)));
  return boxes.select(-1, 2).mul(boxes.select(-1, 3));
}

/** boxes[..., None, a:b] and boxes[..., None, :, a:b]: the two sides of a pairwise op. */
function rows(boxes: Tensor, start: number, length = 2): Tensor {
  return boxes.narrow(-1, start, length).unsqueeze(-2);
}
function cols(boxes: Tensor, start: number, length = 2): Tensor {
  return boxes.narrow(-1, start, length).unsqueeze(-3);
}

function boxInterUnion(boxes1: Tensor, boxes2: Tensor, fmt = 'xyxy'): [Tensor, Tensor] {
  const area1 = area(boxes1, fmt);
  const area2 = area(boxes2, fmt);
  let lt: Tensor, rb: Tensor;
  if (fmt === 'xyxy') {
    lt = torch.max(rows(boxes1, 0), cols(boxes2, 0));
    rb = torch.min(rows(boxes1, 2), cols(boxes2, 2));
  } else if (fmt === 'xywh') {
    lt = torch.max(rows(boxes1, 0), cols(boxes2, 0));
    rb = torch.min(rows(boxes1, 0).add(rows(boxes1, 2)), cols(boxes2, 0).add(cols(boxes2, 2)));
  } else {
    lt = torch.max(rows(boxes1, 0).sub(rows(boxes1, 2).div(2)), cols(boxes2, 0).sub(cols(boxes2, 2).div(2)));
    rb = torch.min(rows(boxes1, 0).add(rows(boxes1, 2).div(2)), cols(boxes2, 0).add(cols(boxes2, 2).div(2)));
  }
  const wh = upcast(rb.sub(lt)).clamp({ min: 0 });
  const inter = wh.select(-1, 0).mul(wh.select(-1, 1));
  const union = area1.unsqueeze(-1).add(area2.unsqueeze(-2)).sub(inter);
  return [inter, union];
}

/**
 * Pairwise intersection over union of two sets of boxes in `fmt` ('xyxy' by default, 'xywh',
 * 'cxcywh'). torchvision computes rotated formats with a C++ kernel this package does not have.
 * @param boxes1 Tensor[..., N, 4].
 * @param boxes2 Tensor[..., M, 4].
 * @returns Tensor[..., N, M].
 * @example ops.boxIou(makeTensor([[0, 0, 2, 2]]), makeTensor([[1, 1, 3, 3], [0, 0, 2, 2]])) // tensor([[0.1429, 1.0000]])
 */
export function boxIou(boxes1: Tensor, boxes2: Tensor, ...args: KwArgs<[fmt: BoxFormat], [], { fmt?: BoxFormat }>): Tensor {
  const where = 'ops.boxIou()';
  checkTensor(where, 'boxes1', boxes1);
  checkTensor(where, 'boxes2', boxes2);
  const { fmt } = parseArgs<{ fmt: string }>(where, args, ['fmt'], { fmt: 'xyxy' });
  if (AXIS_FORMATS.includes(fmt)) {
    const [inter, union] = boxInterUnion(boxes1, boxes2, fmt);
    return inter.div(union);
  }
  if (['cxcywhr', 'xywhr', 'xyxyxyxy'].includes(fmt)) {
    throw new Error(`ops.boxIou(): rotated boxes ('${fmt}') need torchvision's box_iou_rotated C++ kernel, which torch-node does not have`);
  }
  throw new RangeError(`Unsupported format '${show(fmt)}'. Supported axis-aligned formats: ('xyxy', 'xywh', 'cxcywh'). Supported rotated formats: ('cxcywhr', 'xywhr', 'xyxyxyxy').`);
}

/**
 * Pairwise generalized IoU of (x1, y1, x2, y2) boxes: IoU minus the share of the smallest
 * enclosing box that the union leaves empty.
 * @param boxes1 Tensor[..., N, 4].
 * @param boxes2 Tensor[..., M, 4].
 * @returns Tensor[..., N, M].
 * @example ops.generalizedBoxIou(makeTensor([[0, 0, 1, 1]]), makeTensor([[2, 0, 3, 1]])) // tensor([[-0.3333]])
 */
export function generalizedBoxIou(boxes1: Tensor, boxes2: Tensor): Tensor {
  const where = 'ops.generalizedBoxIou()';
  checkTensor(where, 'boxes1', boxes1);
  checkTensor(where, 'boxes2', boxes2);
  const [inter, union] = boxInterUnion(boxes1, boxes2);
  const iou = inter.div(union);
  const lti = torch.min(rows(boxes1, 0), cols(boxes2, 0));
  const rbi = torch.max(rows(boxes1, 2), cols(boxes2, 2));
  const whi = upcast(rbi.sub(lti)).clamp({ min: 0 });
  const areai = whi.select(-1, 0).mul(whi.select(-1, 1));
  return iou.sub(areai.sub(union).div(areai));
}

function boxDiouIou(boxes1: Tensor, boxes2: Tensor, eps: number): [Tensor, Tensor] {
  const [inter, union] = boxInterUnion(boxes1, boxes2);
  const iou = inter.div(union);
  const lti = torch.min(rows(boxes1, 0), cols(boxes2, 0));
  const rbi = torch.max(rows(boxes1, 2), cols(boxes2, 2));
  const whi = upcast(rbi.sub(lti)).clamp({ min: 0 });
  const diagonalDistanceSquared = whi.select(-1, 0).pow(2).add(whi.select(-1, 1).pow(2)).add(eps);
  const xp = boxes1.select(-1, 0).add(boxes1.select(-1, 2)).div(2);
  const yp = boxes1.select(-1, 1).add(boxes1.select(-1, 3)).div(2);
  const xg = boxes2.select(-1, 0).add(boxes2.select(-1, 2)).div(2);
  const yg = boxes2.select(-1, 1).add(boxes2.select(-1, 3)).div(2);
  const centersDistanceSquared = upcast(xp.unsqueeze(-1).sub(xg.unsqueeze(-2))).pow(2)
    .add(upcast(yp.unsqueeze(-1).sub(yg.unsqueeze(-2))).pow(2));
  return [iou.sub(centersDistanceSquared.div(diagonalDistanceSquared)), iou];
}

function epsArg(where: string, args: readonly unknown[]): number {
  const { eps } = parseArgs<{ eps: number }>(where, args, ['eps'], { eps: 1e-7 });
  return checkNumber(where, 'eps', eps);
}

/**
 * Pairwise distance IoU of (x1, y1, x2, y2) boxes: IoU minus the squared distance of the centres
 * over the squared diagonal of the smallest enclosing box.
 * @param boxes1 Tensor[..., N, 4].
 * @param boxes2 Tensor[..., M, 4].
 * @returns Tensor[..., N, M].
 * @example ops.distanceBoxIou(makeTensor([[0, 0, 1, 1]]), makeTensor([[0, 0, 1, 1]])) // tensor([[1.]])
 */
export function distanceBoxIou(boxes1: Tensor, boxes2: Tensor, ...args: KwArgs<[eps: number], [], { eps?: number }>): Tensor {
  const where = 'ops.distanceBoxIou()';
  checkTensor(where, 'boxes1', boxes1);
  checkTensor(where, 'boxes2', boxes2);
  const eps = epsArg(where, args);
  return boxDiouIou(upcast(boxes1), upcast(boxes2), eps)[0];
}

/**
 * Pairwise complete IoU of (x1, y1, x2, y2) boxes: the distance IoU minus an aspect-ratio
 * penalty (whose weight carries no gradient, as torchvision's).
 * @param boxes1 Tensor[..., N, 4].
 * @param boxes2 Tensor[..., M, 4].
 * @returns Tensor[..., N, M].
 * @example ops.completeBoxIou(makeTensor([[0, 0, 1, 1]]), makeTensor([[0, 0, 2, 1]]))
 */
export function completeBoxIou(boxes1: Tensor, boxes2: Tensor, ...args: KwArgs<[eps: number], [], { eps?: number }>): Tensor {
  const where = 'ops.completeBoxIou()';
  checkTensor(where, 'boxes1', boxes1);
  checkTensor(where, 'boxes2', boxes2);
  const eps = epsArg(where, args);
  boxes1 = upcast(boxes1);
  boxes2 = upcast(boxes2);
  const [diou, iou] = boxDiouIou(boxes1, boxes2, eps);
  const wPred = boxes1.select(-1, 2).sub(boxes1.select(-1, 0)).unsqueeze(-1);
  const hPred = boxes1.select(-1, 3).sub(boxes1.select(-1, 1)).unsqueeze(-1);
  const wGt = boxes2.select(-1, 2).sub(boxes2.select(-1, 0)).unsqueeze(-2);
  const hGt = boxes2.select(-1, 3).sub(boxes2.select(-1, 1)).unsqueeze(-2);
  const v = torch.pow(torch.atan(wPred.div(hPred)).sub(torch.atan(wGt.div(hGt))), 2).mul(4 / Math.PI ** 2);
  const alpha = noGrad(() => v.div(torch.sub(1, iou).add(v).add(eps)));
  return diou.sub(alpha.mul(v));
}

/**
 * The (x1, y1, x2, y2) boxes around masks; an empty mask gives [0, 0, 0, 0].
 * @param masks Tensor[N, H, W].
 * @returns float32 Tensor[N, 4].
 * @example ops.masksToBoxes(makeTensor([[[0, 1, 1], [0, 1, 0]]])) // tensor([[1, 0, 2, 1]])
 */
export function masksToBoxes(masks: Tensor): Tensor {
  checkTensor('ops.masksToBoxes()', 'masks', masks);
  if (masks.numel() === 0) return torch.zeros([0, 4], { device: masks.device, dtype: 'float32' });
  if (masks.dim() !== 3) throw new RangeError(`ops.masksToBoxes(): masks must be a Tensor[N, H, W] (got ${masks.dim()} dimensions)`);
  const [, h, w] = masks.shape as [number, number, number];
  const masksBool = masks.bool();
  const nonZeroRows = torch.any(masksBool, 2);
  const nonZeroCols = torch.any(masksBool, 1);
  const emptyMasks = torch.any(nonZeroRows, 1).logicalNot();
  const rowsF = nonZeroRows.float();
  const colsF = nonZeroCols.float();
  const y1 = rowsF.argmax(1);
  const x1 = colsF.argmax(1);
  const y2 = torch.sub(h - 1, rowsF.flip([1]).argmax(1));
  const x2 = torch.sub(w - 1, colsF.flip([1]).argmax(1));
  const boundingBoxes = torch.stack([x1, y1, x2, y2], 1).float();
  boundingBoxes.indexPut_([emptyMasks], 0);
  return boundingBoxes;
}
