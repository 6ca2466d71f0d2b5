// RoIPool (Fast R-CNN), as torchvision.ops.roi_pool. torchvision runs it as a C++ kernel; this is
// that kernel's computation in tensor ops: box corners rounded half away from zero, bins of
// floor/ceil'd edges clipped to the map, the first maximum in row-major order, empty bins 0. The
// gradient goes to each bin's maximum, as the kernel's backward.
import * as torch from '../../generated/functions.js';
import { tensor as makeTensor } from '../../creation.js';
import { noGrad } from '../../autograd/grad_mode.js';
import type { Tensor } from '../../tensor.js';
import { Module } from '../../nn/modules/module.js';
import { pyFloat, pyRepr } from '../../nn/_utils.js';
import { parseArgs, checkNumber, checkTensor, type KwArgs } from '../../validate.js';
import { checkRoiBoxesShape, roiLimits, scalarTypeName, toRois, type RoIBoxes } from './_utils.js';
import { checkRoiInput, pairSize, type OutputSize } from './roi_align.js';

/** Options of roiPool (and RoIPool's constructor). */
export interface RoIPoolOptions {
  /** Output [height, width] in bins (or one int). */
  outputSize?: OutputSize;
  /** Maps box coordinates to the input's (default 1). */
  spatialScale?: number;
}

/** C's round(): half away from zero (torch.round rounds half to even). @internal */
export function roundHalfAway(x: Tensor): Tensor {
  const r = torch.trunc(x);
  const frac = x.sub(r);
  return r.add(torch.where(frac.abs().ge(0.5), torch.sign(x), 0));
}

/**
 * The kernel's bin edges along one axis: [K, P] starts and ends, clipped to [0, clip]. The extent
 * of a box is roi_end - roi_start + extra (RoIPool counts both ends, PSRoIPool not), at least 1.
 * @internal
 */
export function binEdges(start: Tensor, end: Tensor, pooled: number, clip: number, extra = 1): [Tensor, Tensor] {
  const dtype = start.dtype;
  const size = clip;
  const extent = end.sub(start).add(extra).clamp({ min: 1 });
  const binSize = extent.to(dtype).div(pooled).unsqueeze(1); // T
  const p = torch.arange(pooled, { dtype, device: start.device }).unsqueeze(0);
  const s0 = torch.floor(p.mul(binSize)).to('int64').add(start.to('int64').unsqueeze(1)).clamp(0, size);
  const e0 = torch.ceil(p.add(1).mul(binSize)).to('int64').add(start.to('int64').unsqueeze(1)).clamp(0, size);
  return [s0, e0];
}

/** The RoIPool computation on rois as Tensor[K, 5]. @internal */
export function roiPoolRois(input: Tensor, rois: Tensor, spatialScale: number, pooledHeight: number, pooledWidth: number, chunked = false): Tensor {
  const [, channels, height, width] = input.shape as [number, number, number, number];
  const k = rois.size(0);
  if (k === 0 || channels === 0 || pooledHeight === 0 || pooledWidth === 0) {
    return input.newZeros([k, channels, pooledHeight, pooledWidth]);
  }
  const device = input.device;
  const corners = noGrad(() => roundHalfAway(rois.detach().narrow(1, 1, 4).mul(spatialScale)));
  const [hStart, hEnd] = binEdges(corners.select(1, 1), corners.select(1, 3), pooledHeight, height); // [K, PH]
  const [wStart, wEnd] = binEdges(corners.select(1, 0), corners.select(1, 2), pooledWidth, width); // [K, PW]
  const extH = hEnd.sub(hStart).amax(1).clamp({ min: 1 }); // [K]
  const extW = wEnd.sub(wStart).amax(1).clamp({ min: 1 });
  const bh = extH.max().item();
  const bw = extW.max().item();
  // The gather holds [boxes, PH, PW, BH, BW, C], every bin padded to the largest: past the limit,
  // take the boxes in chunks of similar bin sizes (sorted by it), each padded to its own largest.
  const perBin = channels * pooledHeight * pooledWidth;
  if (!chunked && k > 1 && k * perBin * bh * bw > roiLimits.elements) {
    const area = extH.mul(extW);
    const order = Array.from(area.argsort({ stable: true }).dataSync() as BigInt64Array, Number);
    const areas = area.dataSync() as BigInt64Array;
    const parts: Tensor[] = [];
    for (let i = 0; i < k;) {
      let n = 1;
      while (i + n < k && (n + 1) * perBin * Number(areas[order[i + n]!]!) <= roiLimits.elements) n++;
      const ids = makeTensor(order.slice(i, i + n), { dtype: 'int64', device });
      parts.push(roiPoolRois(input, rois.index([ids]), spatialScale, pooledHeight, pooledWidth, true));
      i += n;
    }
    const inverse = new Array<number>(k);
    order.forEach((roi, j) => { inverse[roi] = j; });
    return torch.cat(parts, 0).index([makeTensor(inverse, { dtype: 'int64', device })]);
  }
  const hIdx = hStart.unsqueeze(2).add(torch.arange(bh, { device }).view(1, 1, -1)); // [K, PH, BH]
  const wIdx = wStart.unsqueeze(2).add(torch.arange(bw, { device }).view(1, 1, -1)); // [K, PW, BW]
  const hIn = hIdx.lt(hEnd.unsqueeze(2));
  const wIn = wIdx.lt(wEnd.unsqueeze(2));
  // Channels last, so that each gathered index copies a row of C contiguous values.
  const values = input.permute(0, 2, 3, 1).contiguous().index([
    rois.select(1, 0).detach().to('int64').view(-1, 1, 1, 1, 1),
    hIdx.clamp(0, height - 1).view(k, pooledHeight, 1, bh, 1),
    wIdx.clamp(0, width - 1).view(k, 1, pooledWidth, 1, bw),
  ]); // [K, PH, PW, BH, BW, C]
  const inBin = hIn.view(k, pooledHeight, 1, bh, 1, 1).logicalAnd(wIn.view(k, 1, pooledWidth, 1, bw, 1));
  // The kernel starts from -FLT_MAX and keeps a value only if greater: NaN and values at or below
  // -FLT_MAX never win, and a bin without a winner reads -FLT_MAX (0 when empty).
  const lowest = -3.4028234663852886e38;
  const candidates = torch.where(inBin.logicalAnd(values.gt(lowest)), values, -Infinity);
  // The first maximum in the bin's row-major order, as the kernel's strict >.
  const best = candidates.reshape([k, pooledHeight, pooledWidth, bh * bw, channels]).max(3).values.permute(0, 3, 1, 2);
  const empty = hEnd.le(hStart).view(k, 1, pooledHeight, 1).logicalOr(wEnd.le(wStart).view(k, 1, 1, pooledWidth));
  const none = torch.where(empty, 0, lowest).to(input.dtype);
  return torch.where(best.eq(-Infinity), none, best);
}

/**
 * Region of Interest Pooling (Fast R-CNN): the maximum of each of the output's bins over each box.
 * @param input Tensor[N, C, H, W].
 * @param boxes Tensor[K, 5] of (batch index, x1, y1, x2, y2), or an array of Tensor[L, 4], one per image.
 * @returns Tensor[K, C, outputSize[0], outputSize[1]].
 * @example
 * const features = torch.randn(1, 8, 32, 32);
 * ops.roiPool(features, [makeTensor([[0, 0, 16, 16]])], [4, 4]).shape // [1, 8, 4, 4]
 */
export function roiPool(input: Tensor, boxes: RoIBoxes,
  ...args: KwArgs<[outputSize: OutputSize, spatialScale: number], ['outputSize'], RoIPoolOptions>): Tensor {
  const where = 'ops.roiPool()';
  checkTensor(where, 'input', input);
  checkRoiBoxesShape(where, boxes);
  const o = parseArgs<Required<RoIPoolOptions>>(where, args, ['outputSize', 'spatialScale'], { spatialScale: 1.0 }, ['outputSize']);
  const [pooledHeight, pooledWidth] = pairSize(where, o.outputSize);
  const spatialScale = checkNumber(where, 'spatialScale', o.spatialScale);
  const rois = toRois(boxes);
  checkRoiInput(where, input, rois, 'input and rois must have the same dtype');
  if (input.dtype !== 'float32' && input.dtype !== 'float64') throw new Error('roi_pool only supports float and double types');
  return roiPoolRois(input, rois, spatialScale, pooledHeight, pooledWidth);
}

/**
 * The module form of roiPool.
 * @example
 * const pool = new ops.RoIPool(7, 0.5);
 * pool(torch.randn(1, 4, 20, 20), [makeTensor([[0, 0, 30, 30]])]).shape // [1, 4, 7, 7]
 */
export class RoIPool extends Module {
  outputSize: OutputSize;
  spatialScale: number;

  constructor(...args: KwArgs<[outputSize: OutputSize, spatialScale: number], ['outputSize', 'spatialScale'], RoIPoolOptions>) {
    super();
    const where = 'RoIPool()';
    const o = parseArgs<Required<RoIPoolOptions>>(where, args, ['outputSize', 'spatialScale'], {}, ['outputSize', 'spatialScale']);
    pairSize(where, o.outputSize);
    this.outputSize = o.outputSize;
    this.spatialScale = checkNumber(where, 'spatialScale', o.spatialScale);
  }

  forward(input: Tensor, rois: RoIBoxes): Tensor {
    return roiPool(input, rois, this.outputSize, this.spatialScale);
  }

  override extraRepr(): string {
    return `output_size=${pyRepr(this.outputSize)}, spatial_scale=${pyFloat(this.spatialScale)}`;
  }
}
