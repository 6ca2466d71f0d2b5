// Position-sensitive RoIPool (R-FCN), as torchvision.ops.ps_roi_pool: torchvision's C++ kernel
// computed in tensor ops: corners rounded half away from zero, bins floor/ceil'd and clipped to
// [0, size - 1] as its forward does, each bin's average, empty bins 0. The gradient is the
// gradient of that forward (torchvision's backward kernel clips the bins to [0, size] instead, so
// the two differ for bins that reach the map's last row or column).
import * as torch from '../../generated/functions.js';
import type { Tensor } from '../../tensor.js';
import { Module } from '../../nn/modules/module.js';
import { pyFloat, pyRepr } from '../../nn/_utils.js';
import { parseArgs, checkNumber, checkTensor, type KwArgs } from '../../validate.js';
import { noGrad } from '../../autograd/grad_mode.js';
import { checkRoiBoxesShape, toRois, type RoIBoxes } from './_utils.js';
import { checkRoiInput, pairSize, type OutputSize } from './roi_align.js';
import { binEdges, roundHalfAway } from './roi_pool.js';
import { checkPsChannels } from './ps_roi_align.js';

/** Options of psRoiPool (and PSRoIPool's constructor). */
export interface PSRoIPoolOptions {
  /** Output [height, width] in bins (or one int); the input's channels must be a multiple of their product. */
  outputSize?: OutputSize;
  /** Maps box coordinates to the input's (default 1). */
  spatialScale?: number;
}

function psRoiPoolRois(input: Tensor, rois: Tensor, spatialScale: number, pooledHeight: number, pooledWidth: number): Tensor {
  const [, inChannels, height, width] = input.shape as [number, number, number, number];
  const channels = inChannels / (pooledHeight * pooledWidth);
  const k = rois.size(0);
  if (k === 0 || channels === 0) return input.newZeros([k, channels, pooledHeight, pooledWidth]);
  const device = input.device;
  const corners = noGrad(() => roundHalfAway(rois.detach().narrow(1, 1, 4).mul(spatialScale)));
  const [hStart, hEnd] = binEdges(corners.select(1, 1), corners.select(1, 3), pooledHeight, height - 1, 0); // [K, PH]
  const [wStart, wEnd] = binEdges(corners.select(1, 0), corners.select(1, 2), pooledWidth, width - 1, 0); // [K, PW]
  const bh = Math.max(1, hEnd.sub(hStart).max().item());
  const bw = Math.max(1, wEnd.sub(wStart).max().item());
  const hIdx = hStart.unsqueeze(2).add(torch.arange(bh, { device }).view(1, 1, -1)); // [K, PH, BH]
  const wIdx = wStart.unsqueeze(2).add(torch.arange(bw, { device }).view(1, 1, -1)); // [K, PW, BW]
  const values = input.index([
    rois.select(1, 0).detach().to('int64').view(-1, 1, 1, 1, 1, 1),
    torch.arange(inChannels, { device }).view(1, channels, pooledHeight, pooledWidth, 1, 1),
    hIdx.clamp(0, height - 1).view(k, 1, pooledHeight, 1, bh, 1),
    wIdx.clamp(0, width - 1).view(k, 1, 1, pooledWidth, 1, bw),
  ]); // [K, C, PH, PW, BH, BW]
  const inBin = hIdx.lt(hEnd.unsqueeze(2)).view(k, 1, pooledHeight, 1, bh, 1)
    .logicalAnd(wIdx.lt(wEnd.unsqueeze(2)).view(k, 1, 1, pooledWidth, 1, bw));
  const sums = torch.where(inBin, values, 0).sum([-2, -1]);
  const hExtent = hEnd.sub(hStart).view(k, 1, pooledHeight, 1);
  const wExtent = wEnd.sub(wStart).view(k, 1, 1, pooledWidth);
  const empty = hExtent.le(0).logicalOr(wExtent.le(0));
  const area = hExtent.mul(wExtent).to(input.dtype);
  return torch.where(empty, 0, sums.div(torch.where(empty, 1, area)));
}

/**
 * Position-sensitive Region of Interest Pooling (R-FCN): output channel c's bin (i, j) averages
 * input channel (c * outputSize[0] + i) * outputSize[1] + j over the bin.
 * @param input Tensor[N, C, H, W], C a multiple of outputSize[0] * outputSize[1].
 * @param boxes Tensor[K, 5] of (batch index, x1, y1, x2, y2), or an array of Tensor[L, 4], one per image.
 * @returns Tensor[K, C / (outputSize[0] * outputSize[1]), outputSize[0], outputSize[1]].
 * @example ops.psRoiPool(torch.randn(1, 8, 16, 16), [torch.tensor([[0, 0, 8, 8]])], 2).shape // [1, 2, 2, 2]
 */
export function psRoiPool(input: Tensor, boxes: RoIBoxes,
  ...args: KwArgs<[outputSize: OutputSize, spatialScale: number], ['outputSize'], PSRoIPoolOptions>): Tensor {
  const where = 'ops.psRoiPool()';
  checkTensor(where, 'input', input);
  checkRoiBoxesShape(where, boxes);
  const o = parseArgs<Required<PSRoIPoolOptions>>(where, args, ['outputSize', 'spatialScale'], { spatialScale: 1.0 }, ['outputSize']);
  const [pooledHeight, pooledWidth] = pairSize(where, o.outputSize);
  const spatialScale = checkNumber(where, 'spatialScale', o.spatialScale);
  const rois = toRois(boxes);
  checkRoiInput(where, input, rois, 'input and rois must have the same dtype');
  checkPsChannels(input, pooledHeight, pooledWidth);
  if (input.dtype !== 'float32' && input.dtype !== 'float64') throw new Error('ps_roi_pool only supports float and double types');
  return psRoiPoolRois(input, rois, spatialScale, pooledHeight, pooledWidth);
}

/**
 * The module form of psRoiPool.
 * @example new ops.PSRoIPool(2, 1.0)(torch.randn(1, 4, 10, 10), [torch.tensor([[1, 1, 8, 8]])]).shape // [1, 1, 2, 2]
 */
export class PSRoIPool extends Module {
  outputSize: OutputSize;
  spatialScale: number;

  constructor(...args: KwArgs<[outputSize: OutputSize, spatialScale: number], ['outputSize', 'spatialScale'], PSRoIPoolOptions>) {
    super();
    const where = 'PSRoIPool()';
    const o = parseArgs<Required<PSRoIPoolOptions>>(where, args, ['outputSize', 'spatialScale'], {}, ['outputSize', 'spatialScale']);
    pairSize(where, o.outputSize);
    this.outputSize = o.outputSize;
    this.spatialScale = checkNumber(where, 'spatialScale', o.spatialScale);
  }

  forward(input: Tensor, rois: RoIBoxes): Tensor {
    return psRoiPool(input, rois, this.outputSize, this.spatialScale);
  }

  override toString(): string {
    return `PSRoIPool(output_size=${pyRepr(this.outputSize)}, spatial_scale=${pyFloat(this.spatialScale)})`;
  }
}
