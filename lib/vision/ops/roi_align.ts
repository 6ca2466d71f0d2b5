// RoIAlign (Mask R-CNN), as torchvision.ops.roi_align. torchvision runs it as a C++ kernel; this
// is that kernel's computation in tensor ops: the same sampling points, the same treatment of
// points off the feature map (zero beyond one pixel outside, clamped inside that margin), the same
// adaptive grid, the same average. Being tensor ops it is differentiable, with respect to the
// input as the kernel's backward, and with respect to the boxes too (the kernel gives them none).
import * as torch from '../../generated/functions.js';
import { tensor as makeTensor } from '../../creation.js';
import { Tensor } from '../../tensor.js';
import { Module } from '../../nn/modules/module.js';
import { pyFloat, pyRepr } from '../../nn/_utils.js';
import { parseArgs, checkBool, checkInt, checkIntTuple, checkNumber, checkTensor, type KwArgs } from '../../validate.js';
import { checkRoiBoxesShape, roiLimits, scalarTypeName, toRois, type RoIBoxes } from './_utils.js';

/** An output size: one int for a square, or [height, width]. */
export type OutputSize = number | readonly [number, number];

/** Options of roiAlign (and RoIAlign's constructor). */
export interface RoIAlignOptions {
  /** Output [height, width] in bins (or one int). */
  outputSize?: OutputSize;
  /** Maps box coordinates to the input's (0.5 for a feature map at half the image's size; default 1). */
  spatialScale?: number;
  /** Sampling points per bin side; <= 0 (the default -1) chooses ceil(roi size / output size) per box. */
  samplingRatio?: number;
  /** Shift the boxes by -0.5 pixel (Detectron2's alignment; default false, the legacy behaviour). */
  aligned?: boolean;
}

/** The C++ kernels' checks shared by roiAlign and roiPool. @internal */
export function checkRoiInput(where: string, input: Tensor, rois: Tensor, sameTypeMessage: string): void {
  if (input.dim() !== 4) throw new RangeError(`${where}: input must be a Tensor[N, C, H, W] (got ${input.dim()} dimensions)`);
  if (input.dtype !== rois.dtype) throw new Error(sameTypeMessage);
}

/**
 * Per sample coordinate: the kernel's clamped low/high pixel indices and the weights of the two,
 * zeroed (with index 0) for a sample beyond one pixel outside the map or NaN.
 */
function interpolationAxis(coord: Tensor, size: number, valid: Tensor): { low: Tensor; high: Tensor; l: Tensor; h: Tensor } {
  const dtype = coord.dtype;
  let c = torch.where(valid, coord, 0);
  c = torch.where(c.le(0), 0, c);
  let low = c.to('int64');
  const atEdge = low.ge(size - 1);
  low = torch.where(atEdge, size - 1, low);
  const high = torch.where(atEdge, size - 1, low.add(1));
  c = torch.where(atEdge, low.to(dtype), c);
  const l = c.sub(low.to(dtype));
  const h = torch.sub(1, l);
  const zero = torch.zerosLike(l);
  return { low, high, l: torch.where(valid, l, zero), h: torch.where(valid, h, zero) };
}

/**
 * How roiAlign sums its samples: 'gather' reads the four neighbours of every sample point
 * (work ~ boxes x channels x bins x samples); 'matmul' sums the same bilinear weights as two
 * matrix products per image, rows then columns (work ~ boxes x channels x map size x output
 * width, in BLAS). Both compute the kernel's sum in another order. Chosen by the estimated cost
 * unless `force` is set. @internal
 */
export const roiAlignStrategy: { force: 'gather' | 'matmul' | null } = { force: null };

/** The [K, P, size] matrix of one axis's bilinear weights, summed over a bin's samples. */
function axisMatrix(axis: { low: Tensor; high: Tensor; l: Tensor; h: Tensor }, k: number, pooled: number, size: number,
  dtype: Tensor['dtype'], device: Tensor['device']): Tensor {
  return torch.zeros([k, pooled, size], { dtype, device }).scatterAdd(2, axis.low, axis.h).scatterAdd(2, axis.high, axis.l);
}

/**
 * out[k, c, ph, pw] = sum over h, w of ay[k, ph, h] * input[b_k, c, h, w] * ax[k, pw, w], as one
 * matrix product per image and chunk of boxes (chunks bound the intermediate [C * H, boxes * PW]).
 */
function separableSums(input: Tensor, batchInd: Tensor, ay: Tensor, ax: Tensor): Tensor {
  const [, channels, height, width] = input.shape as [number, number, number, number];
  const [k, pooledHeight] = ay.shape as [number, number];
  const pooledWidth = ax.shape[1]!;
  const chunk = Math.max(1, Math.floor((1 << 23) / Math.max(1, channels * height * pooledWidth)));
  const groups = new Map<number, number[]>();
  (batchInd.tolist() as number[]).forEach((b, i) => {
    const g = groups.get(b);
    if (g === undefined) groups.set(b, [i]);
    else g.push(i);
  });
  const parts: Tensor[] = [];
  const order: number[] = [];
  for (const [b, members] of groups) {
    const xb = input.select(0, b).reshape([channels * height, width]);
    for (let start = 0; start < members.length; start += chunk) {
      const ids = members.slice(start, start + chunk);
      const n = ids.length;
      const sel = makeTensor(ids, { dtype: 'int64', device: input.device });
      const axT = ax.index([sel]).permute(2, 0, 1).reshape([width, n * pooledWidth]);
      const cols = xb.matmul(axT).view(channels, height, n, pooledWidth).permute(2, 1, 0, 3).reshape([n, height, channels * pooledWidth]);
      parts.push(ay.index([sel]).bmm(cols).view(n, pooledHeight, channels, pooledWidth).permute(0, 2, 1, 3));
      order.push(...ids);
    }
  }
  const all = parts.length === 1 ? parts[0]! : torch.cat(parts, 0);
  const inverse = new Array<number>(k);
  order.forEach((roi, j) => { inverse[roi] = j; });
  return all.index([makeTensor(inverse, { dtype: 'int64', device: input.device })]);
}

/** The RoIAlign computation on rois as Tensor[K, 5]. @internal */
export function roiAlignRois(input: Tensor, rois: Tensor, spatialScale: number, pooledHeight: number, pooledWidth: number,
  samplingRatio: number, aligned: boolean, positionSensitive = false): Tensor {
  const [, inChannels, height, width] = input.shape as [number, number, number, number];
  // Position-sensitive RoIAlign (R-FCN) reads output channel c's bin (ph, pw) from input channel
  // (c * PH + ph) * PW + pw; its kernel is the aligned one, with an average over an unclamped count.
  const channels = positionSensitive ? inChannels / (pooledHeight * pooledWidth) : inChannels;
  const k = rois.size(0);
  if (k === 0 || channels === 0 || pooledHeight === 0 || pooledWidth === 0) {
    return input.newZeros([k, channels, pooledHeight, pooledWidth]);
  }
  const dtype = input.dtype;
  const device = input.device;
  const batchInd = rois.select(1, 0).to('int64');
  const offset = aligned ? 0.5 : 0.0;
  const startW = rois.select(1, 1).mul(spatialScale).sub(offset);
  const startH = rois.select(1, 2).mul(spatialScale).sub(offset);
  const endW = rois.select(1, 3).mul(spatialScale).sub(offset);
  const endH = rois.select(1, 4).mul(spatialScale).sub(offset);
  let roiWidth = endW.sub(startW);
  let roiHeight = endH.sub(startH);
  if (!aligned) {
    roiWidth = roiWidth.clamp({ min: 1.0 });
    roiHeight = roiHeight.clamp({ min: 1.0 });
  }
  const binH = roiHeight.div(pooledHeight);
  const binW = roiWidth.div(pooledWidth);
  const exact = samplingRatio > 0;
  // The sampling grid of each box: samplingRatio, or ceil(roi size / output size) (as the kernel's int).
  const gridH = exact ? torch.full([k], samplingRatio, { dtype: 'int64', device }) : torch.ceil(binH.detach()).to('int64');
  const gridW = exact ? torch.full([k], samplingRatio, { dtype: 'int64', device }) : torch.ceil(binW.detach()).to('int64');
  const count = positionSensitive ? gridH.mul(gridW).to(dtype) : gridH.mul(gridW).clamp({ min: 1 }).to(dtype);
  // Grids differ per box: sample the largest and mask the points a smaller box does not have.
  const maxH = exact ? samplingRatio : Math.max(0, gridH.max().item());
  const maxW = exact ? samplingRatio : Math.max(0, gridW.max().item());
  const ph = torch.arange(pooledHeight, { dtype, device });
  const pw = torch.arange(pooledWidth, { dtype, device });
  const ix = torch.arange(maxW, { device });
  const gridHT = gridH.to(dtype);
  const gridWT = gridW.to(dtype);
  // x = roi_start_w + pw * bin_size_w + (ix + .5) * bin_size_w / roi_bin_grid_w, in the kernel's order: [K, PW, IX].
  const xBase = startW.unsqueeze(1).add(pw.unsqueeze(0).mul(binW.unsqueeze(1))).unsqueeze(2);
  const xs = xBase.add(ix.to(dtype).add(0.5).view(1, 1, -1).mul(binW.view(-1, 1, 1)).div(gridWT.view(-1, 1, 1)));
  const xMask = ix.unsqueeze(0).lt(gridW.unsqueeze(1)); // [K, IX]
  const xValid = xs.ge(-1.0).logicalAnd(xs.le(width)).logicalAnd(xMask.unsqueeze(1));
  const xa = interpolationAxis(xs, width, xValid);
  const yBase = startH.unsqueeze(1).add(ph.unsqueeze(0).mul(binH.unsqueeze(1))); // [K, PH]
  const strategy = roiAlignStrategy.force ?? (!positionSensitive && height * width < 500 * pooledHeight * maxH * maxW ? 'matmul' : 'gather');
  if (strategy === 'matmul' && !positionSensitive) {
    const iy = torch.arange(maxH, { device });
    const ys = yBase.unsqueeze(2).add(binH.view(-1, 1, 1).mul(iy.to(dtype).add(0.5).view(1, 1, -1)).div(gridHT.view(-1, 1, 1))); // [K, PH, IY]
    const yMask = iy.unsqueeze(0).lt(gridH.unsqueeze(1)); // [K, IY]
    const yValid = ys.ge(-1.0).logicalAnd(ys.le(height)).logicalAnd(yMask.unsqueeze(1));
    const ya = interpolationAxis(ys, height, yValid);
    const sums = separableSums(input, batchInd, axisMatrix(ya, k, pooledHeight, height, dtype, device),
      axisMatrix(xa, k, pooledWidth, width, dtype, device));
    return sums.div(count.view(-1, 1, 1, 1));
  }
  // Gathers hold [boxes, PH, PW, IX, C] at a time: bound them by taking the boxes in chunks.
  const perBox = inChannels * pooledHeight * pooledWidth * Math.max(1, maxW);
  const chunk = Math.max(1, Math.floor(roiLimits.elements / perBox));
  if (k > chunk) {
    const parts: Tensor[] = [];
    for (let start = 0; start < k; start += chunk) {
      parts.push(roiAlignRois(input, rois.narrow(0, start, Math.min(chunk, k - start)), spatialScale, pooledHeight, pooledWidth,
        samplingRatio, aligned, positionSensitive));
    }
    return torch.cat(parts, 0);
  }
  const xLow = xa.low.view(k, 1, pooledWidth, maxW);
  const xHigh = xa.high.view(k, 1, pooledWidth, maxW);
  const hx = xa.h.view(k, 1, pooledWidth, maxW, 1);
  const lx = xa.l.view(k, 1, pooledWidth, maxW, 1);
  const bIdx = batchInd.view(-1, 1, 1, 1);
  // Channels last, so that each gathered index copies a row of channels; position-sensitive
  // RoIAlign gathers the (c * PH + ph) * PW + pw channels of each bin.
  const source = input.permute(0, 2, 3, 1).contiguous();
  const psChannels = positionSensitive
    ? torch.arange(inChannels, { device }).view(channels, pooledHeight * pooledWidth).t().reshape([1, pooledHeight, pooledWidth, 1, channels])
    : null;
  const gather = (yIdx: Tensor, xIdx: Tensor): Tensor => {
    const rows = source.index([bIdx, yIdx, xIdx]); // [K, PH, PW, IX, C or Cin]
    return psChannels === null ? rows : rows.gather(4, psChannels.expand([k, pooledHeight, pooledWidth, maxW, channels]));
  };
  let output: Tensor | null = null;
  for (let iy = 0; iy < maxH; iy++) {
    const ys = yBase.add(binH.mul(iy + 0.5).div(gridHT).unsqueeze(1)); // [K, PH]
    const yValid = ys.ge(-1.0).logicalAnd(ys.le(height)).logicalAnd(gridH.gt(iy).unsqueeze(1));
    const ya = interpolationAxis(ys, height, yValid);
    const yLow = ya.low.view(k, pooledHeight, 1, 1);
    const yHigh = ya.high.view(k, pooledHeight, 1, 1);
    const hy = ya.h.view(k, pooledHeight, 1, 1, 1);
    const ly = ya.l.view(k, pooledHeight, 1, 1, 1);
    const v1 = gather(yLow, xLow);
    const v2 = gather(yLow, xHigh);
    const v3 = gather(yHigh, xLow);
    const v4 = gather(yHigh, xHigh);
    const val = hy.mul(hx).mul(v1).add(hy.mul(lx).mul(v2)).add(ly.mul(hx).mul(v3)).add(ly.mul(lx).mul(v4));
    const partial = val.sum(3); // [K, PH, PW, C]
    output = output === null ? partial : output.add(partial);
  }
  if (output !== null) output = output.permute(0, 3, 1, 2);
  const sums = output ?? input.newZeros([k, channels, pooledHeight, pooledWidth]);
  if (!positionSensitive) return sums.div(count.view(-1, 1, 1, 1));
  // The position-sensitive kernel does not clamp the count: a box with an empty grid averages no
  // sample over 0, NaN, and passes no gradient back.
  const c = count.view(-1, 1, 1, 1);
  const none = c.eq(0);
  return torch.where(none, NaN, sums.div(torch.where(none, 1, c)));
}

/** The output size as [height, width], as torch's `_pair`. @internal */
export function pairSize(where: string, v: unknown): [number, number] {
  const [h, w] = checkIntTuple(where, 'outputSize', v, 2, 0) as [number, number];
  return [h, w];
}

/**
 * Region of Interest Align (Mask R-CNN): average of bilinearly interpolated samples in each of
 * the output's bins over each box.
 * @param input Tensor[N, C, H, W].
 * @param boxes Tensor[K, 5] of (batch index, x1, y1, x2, y2), or an array of Tensor[L, 4], one per
 *   image. In image coordinates, mapped to the input's by `spatialScale`.
 * @returns Tensor[K, C, outputSize[0], outputSize[1]].
 * @example
 * const features = torch.randn(1, 8, 32, 32);
 * const boxes = [makeTensor([[0, 0, 16, 16], [8, 8, 31, 31]])];
 * ops.roiAlign(features, boxes, 7, { spatialScale: 1, samplingRatio: 2 }).shape // [2, 8, 7, 7]
 */
export function roiAlign(input: Tensor, boxes: RoIBoxes,
  ...args: KwArgs<[outputSize: OutputSize, spatialScale: number, samplingRatio: number, aligned: boolean], ['outputSize'], RoIAlignOptions>): Tensor {
  const where = 'ops.roiAlign()';
  checkTensor(where, 'input', input);
  checkRoiBoxesShape(where, boxes);
  const o = parseArgs<Required<RoIAlignOptions>>(where, args, ['outputSize', 'spatialScale', 'samplingRatio', 'aligned'],
    { spatialScale: 1.0, samplingRatio: -1, aligned: false }, ['outputSize']);
  const [pooledHeight, pooledWidth] = pairSize(where, o.outputSize);
  const spatialScale = checkNumber(where, 'spatialScale', o.spatialScale);
  const samplingRatio = checkInt(where, 'samplingRatio', o.samplingRatio);
  const aligned = checkBool(where, 'aligned', o.aligned);
  const rois = toRois(boxes);
  checkRoiInput(where, input, rois, 'input should have the same type as rois');
  if (!input.isFloatingPoint()) throw new Error(`"roi_align_forward_kernel" not implemented for '${scalarTypeName(input.dtype)}'`);
  return roiAlignRois(input, rois, spatialScale, pooledHeight, pooledWidth, samplingRatio, aligned);
}

/**
 * The module form of roiAlign.
 * @example
 * const pool = new ops.RoIAlign([7, 7], 0.25, 2);
 * pool(torch.randn(2, 16, 50, 50), makeTensor([[0, 10, 10, 100, 80], [1, 0, 0, 60, 60]])).shape // [2, 16, 7, 7]
 */
export class RoIAlign extends Module {
  outputSize: OutputSize;
  spatialScale: number;
  samplingRatio: number;
  aligned: boolean;

  constructor(...args: KwArgs<[outputSize: OutputSize, spatialScale: number, samplingRatio: number, aligned: boolean],
    ['outputSize', 'spatialScale', 'samplingRatio'], RoIAlignOptions>) {
    super();
    const where = 'RoIAlign()';
    const o = parseArgs<Required<RoIAlignOptions>>(where, args, ['outputSize', 'spatialScale', 'samplingRatio', 'aligned'],
      { aligned: false }, ['outputSize', 'spatialScale', 'samplingRatio']);
    pairSize(where, o.outputSize);
    this.outputSize = o.outputSize;
    this.spatialScale = checkNumber(where, 'spatialScale', o.spatialScale);
    this.samplingRatio = checkInt(where, 'samplingRatio', o.samplingRatio);
    this.aligned = checkBool(where, 'aligned', o.aligned);
  }

  forward(input: Tensor, rois: RoIBoxes): Tensor {
    return roiAlign(input, rois, this.outputSize, this.spatialScale, this.samplingRatio, this.aligned);
  }

  override extraRepr(): string {
    return `output_size=${pyRepr(this.outputSize)}, spatial_scale=${pyFloat(this.spatialScale)}, sampling_ratio=${this.samplingRatio}, aligned=${pyRepr(this.aligned)}`;
  }
}
