// Position-sensitive RoIAlign (R-FCN), as torchvision.ops.ps_roi_align: torchvision's C++ kernel
// computed in tensor ops (see roi_align.ts), differentiable with respect to the input and boxes.
import type { Tensor } from '../../tensor.js';
import { Module } from '../../nn/modules/module.js';
import { pyFloat, pyRepr } from '../../nn/_utils.js';
import { parseArgs, checkInt, checkNumber, checkTensor, type KwArgs } from '../../validate.js';
import { checkRoiBoxesShape, scalarTypeName, toRois, type RoIBoxes } from './_utils.js';
import { checkRoiInput, pairSize, roiAlignRois, type OutputSize } from './roi_align.js';

/** Options of psRoiAlign (and PSRoIAlign's constructor). */
export interface PSRoIAlignOptions {
  /** Output [height, width] in bins (or one int); the input's channels must be a multiple of their product. */
  outputSize?: OutputSize;
  /** Maps box coordinates to the input's (default 1). */
  spatialScale?: number;
  /** Sampling points per bin side; <= 0 (the default -1) chooses ceil(roi size / output size) per box. */
  samplingRatio?: number;
}

/** The channel check shared with psRoiPool. @internal */
export function checkPsChannels(input: Tensor, pooledHeight: number, pooledWidth: number): void {
  if (input.shape[1]! % (pooledHeight * pooledWidth) !== 0) {
    throw new Error('input channels must be a multiple of pooling height * pooling width');
  }
}

/**
 * Position-sensitive Region of Interest Align (R-FCN): output channel c's bin (i, j) averages
 * bilinear samples of input channel (c * outputSize[0] + i) * outputSize[1] + j over the bin.
 * Boxes are shifted by -0.5 pixel, as torchvision's kernel always does.
 * @param input Tensor[N, C, H, W], C a multiple of outputSize[0] * outputSize[1].
 * @param boxes Tensor[K, 5] of (batch index, x1, y1, x2, y2), or an array of Tensor[L, 4], one per image.
 * @returns Tensor[K, C / (outputSize[0] * outputSize[1]), outputSize[0], outputSize[1]].
 * @example ops.psRoiAlign(torch.randn(1, 18, 16, 16), [torch.tensor([[0, 0, 8, 8]])], 3).shape // [1, 2, 3, 3]
 */
export function psRoiAlign(input: Tensor, boxes: RoIBoxes,
  ...args: KwArgs<[outputSize: OutputSize, spatialScale: number, samplingRatio: number], ['outputSize'], PSRoIAlignOptions>): Tensor {
  const where = 'ops.psRoiAlign()';
  checkTensor(where, 'input', input);
  checkRoiBoxesShape(where, boxes);
  const o = parseArgs<Required<PSRoIAlignOptions>>(where, args, ['outputSize', 'spatialScale', 'samplingRatio'],
    { spatialScale: 1.0, samplingRatio: -1 }, ['outputSize']);
  const [pooledHeight, pooledWidth] = pairSize(where, o.outputSize);
  const spatialScale = checkNumber(where, 'spatialScale', o.spatialScale);
  const samplingRatio = checkInt(where, 'samplingRatio', o.samplingRatio);
  const rois = toRois(boxes);
  checkRoiInput(where, input, rois, 'input should have the same type as rois');
  if (!input.isFloatingPoint()) throw new Error(`"ps_roi_align_forward_kernel" not implemented for '${scalarTypeName(input.dtype)}'`);
  checkPsChannels(input, pooledHeight, pooledWidth);
  return roiAlignRois(input, rois, spatialScale, pooledHeight, pooledWidth, samplingRatio, true, true);
}

/**
 * The module form of psRoiAlign.
 * @example new ops.PSRoIAlign(3, 0.5, 2)(torch.randn(2, 9, 20, 20), torch.tensor([[1, 4, 4, 30, 30]])).shape // [1, 1, 3, 3]
 */
export class PSRoIAlign extends Module {
  outputSize: OutputSize;
  spatialScale: number;
  samplingRatio: number;

  constructor(...args: KwArgs<[outputSize: OutputSize, spatialScale: number, samplingRatio: number],
    ['outputSize', 'spatialScale', 'samplingRatio'], PSRoIAlignOptions>) {
    super();
    const where = 'PSRoIAlign()';
    const o = parseArgs<Required<PSRoIAlignOptions>>(where, args, ['outputSize', 'spatialScale', 'samplingRatio'], {},
      ['outputSize', 'spatialScale', 'samplingRatio']);
    pairSize(where, o.outputSize);
    this.outputSize = o.outputSize;
    this.spatialScale = checkNumber(where, 'spatialScale', o.spatialScale);
    this.samplingRatio = checkInt(where, 'samplingRatio', o.samplingRatio);
  }

  forward(input: Tensor, rois: RoIBoxes): Tensor {
    return psRoiAlign(input, rois, this.outputSize, this.spatialScale, this.samplingRatio);
  }

  override toString(): string {
    return `PSRoIAlign(output_size=${pyRepr(this.outputSize)}, spatial_scale=${pyFloat(this.spatialScale)}, sampling_ratio=${this.samplingRatio})`;
  }
}
