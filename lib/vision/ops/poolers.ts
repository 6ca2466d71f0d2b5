// Multi-scale RoIAlign, as torchvision/ops/poolers.py: each box is pooled from the pyramid level
// that the FPN paper's heuristic (eq. 1) assigns to its size, with the scales inferred from the
// feature maps' sizes against the images'.
import * as torch from '../../generated/functions.js';
import { tensor as makeTensor } from '../../creation.js';
import { Tensor } from '../../tensor.js';
import { Module } from '../../nn/modules/module.js';
import { pyRepr } from '../../nn/_utils.js';
import { parseArgs, checkInt, checkTensor, argTypeError, isPlainObject, type KwArgs } from '../../validate.js';
import { boxArea } from './boxes.js';
import { roiAlign, pairSize, type OutputSize } from './roi_align.js';

/** Feature maps by name, in order: a Map (Python's OrderedDict) or a plain object. */
export type FeatureMaps = ReadonlyMap<string, Tensor> | Readonly<Record<string, Tensor>>;

/** The entries of feature maps, in their order. @internal */
export function featureEntries(where: string, x: unknown): [string, Tensor][] {
  let entries: [string, unknown][];
  if (x instanceof Map) {
    entries = [...(x as Map<unknown, unknown>)].map(([k, v]) => {
      if (typeof k !== 'string') throw argTypeError(where, 'x', 'a Map with string keys', k);
      return [k, v];
    });
  } else if (isPlainObject(x)) {
    entries = Object.entries(x);
  } else {
    throw argTypeError(where, 'x', 'a Map or an object of feature maps', x);
  }
  for (const [k, v] of entries) checkTensor(where, `x['${k}']`, v);
  return entries as [string, Tensor][];
}

/**
 * The pyramid level of each box by the FPN paper's eq. 1:
 * floor(canonicalLevel + log2(sqrt(area) / canonicalScale) + eps), clamped to [kMin, kMax], minus kMin.
 * @example
 * const mapper = new ops.LevelMapper(2, 5);
 * mapper.call([makeTensor([[0, 0, 32, 32], [0, 0, 600, 600]])]) // tensor([0, 3])
 */
export class LevelMapper {
  kMin: number;
  kMax: number;
  s0: number;
  lvl0: number;
  eps: number;

  constructor(kMin: number, kMax: number, canonicalScale = 224, canonicalLevel = 4, eps = 1e-6) {
    this.kMin = kMin;
    this.kMax = kMax;
    this.s0 = canonicalScale;
    this.lvl0 = canonicalLevel;
    this.eps = eps;
  }

  /** The level index (int64, from 0) of every box of every image, concatenated. */
  call(boxlists: readonly Tensor[]): Tensor {
    const s = torch.sqrt(torch.cat(boxlists.map((b) => boxArea(b))));
    const targetLvls = torch.floor(torch.log2(s.div(this.s0)).add(this.lvl0).add(makeTensor(this.eps, { dtype: s.dtype })));
    return targetLvls.clamp({ min: this.kMin, max: this.kMax }).to('int64').sub(this.kMin).to('int64');
  }
}

/** The scale 2^-k nearest to a feature map's size over the image's. */
function inferScale(feature: Tensor, originalSize: readonly [number, number]): number {
  const size = feature.shape.slice(-2);
  const scales = size.map((s1, i) => 2 ** makeTensor(s1 / originalSize[i]!).log2().round().item());
  return scales[0]!;
}

function setupScales(features: readonly Tensor[], imageShapes: readonly (readonly [number, number])[], canonicalScale: number,
  canonicalLevel: number): [number[], LevelMapper] {
  if (imageShapes.length === 0) throw new RangeError('images list should not be empty');
  let maxX = 0, maxY = 0;
  for (const shape of imageShapes) {
    maxX = Math.max(shape[0], maxX);
    maxY = Math.max(shape[1], maxY);
  }
  const scales = features.map((f) => inferScale(f, [maxX, maxY]));
  const lvlMin = -torch.log2(makeTensor(scales[0]!, { dtype: 'float32' })).item();
  const lvlMax = -torch.log2(makeTensor(scales[scales.length - 1]!, { dtype: 'float32' })).item();
  return [scales, new LevelMapper(Math.trunc(lvlMin), Math.trunc(lvlMax), canonicalScale, canonicalLevel)];
}

function convertToRoiFormat(boxes: readonly Tensor[]): Tensor {
  const concat = torch.cat(boxes, 0);
  const ids = torch.cat(boxes.map((b, i) => torch.fullLike(b.narrow(1, 0, 1), i, { dtype: concat.dtype, device: concat.device })), 0);
  return torch.cat([ids, concat], 1);
}

/** Options of MultiScaleRoIAlign's constructor. */
export interface MultiScaleRoIAlignOptions {
  /** Names of the feature maps to pool from. */
  featmapNames?: readonly string[];
  /** Output [height, width] (or one int). */
  outputSize?: OutputSize;
  /** RoIAlign's sampling ratio. */
  samplingRatio?: number;
  /** The box size (in pixels, as sqrt(area)) that maps to canonicalLevel (default 224). */
  canonicalScale?: number;
  /** The level a box of canonicalScale pools from (default 4). */
  canonicalLevel?: number;
}

/**
 * Multi-scale RoIAlign pooling (Faster/Mask R-CNN with or without FPN): each box pools from the
 * level the FPN paper's heuristic gives its size. Scales and levels are inferred on the first
 * call from the feature maps' and images' sizes, and kept (`scales`, `mapLevels`), as torchvision.
 * @example
 * const m = new ops.MultiScaleRoIAlign(['feat1', 'feat3'], 3, 2);
 * const x = new Map([['feat1', torch.rand(1, 5, 64, 64)], ['feat2', torch.rand(1, 5, 32, 32)], ['feat3', torch.rand(1, 5, 16, 16)]]);
 * const boxes = torch.rand(6, 4).mul(256);
 * boxes.index([':', '2:']).add_(boxes.index([':', ':2']));
 * m(x, [boxes], [[512, 512]]).shape // [6, 5, 3, 3]
 */
export class MultiScaleRoIAlign extends Module {
  featmapNames: string[];
  samplingRatio: number;
  outputSize: [number, number];
  scales: number[] | null = null;
  mapLevels: LevelMapper | null = null;
  canonicalScale: number;
  canonicalLevel: number;

  constructor(...args: KwArgs<[featmapNames: readonly string[], outputSize: OutputSize, samplingRatio: number],
    ['featmapNames', 'outputSize', 'samplingRatio'], MultiScaleRoIAlignOptions>) {
    super();
    const where = 'MultiScaleRoIAlign()';
    const o = parseArgs<Required<MultiScaleRoIAlignOptions>>(where, args,
      ['featmapNames', 'outputSize', 'samplingRatio', 'canonicalScale', 'canonicalLevel'],
      { canonicalScale: 224, canonicalLevel: 4 }, ['featmapNames', 'outputSize', 'samplingRatio']);
    if (!Array.isArray(o.featmapNames) || !o.featmapNames.every((n) => typeof n === 'string')) {
      throw argTypeError(where, 'featmapNames', 'an array of strings', o.featmapNames);
    }
    this.featmapNames = [...o.featmapNames];
    this.samplingRatio = checkInt(where, 'samplingRatio', o.samplingRatio);
    this.outputSize = pairSize(where, o.outputSize);
    this.canonicalScale = checkInt(where, 'canonicalScale', o.canonicalScale);
    this.canonicalLevel = checkInt(where, 'canonicalLevel', o.canonicalLevel);
  }

  /**
   * @param x feature maps by name (those not in featmapNames are ignored), each [N, C, H_l, W_l].
   * @param boxes one Tensor[L, 4] of (x1, y1, x2, y2) per image, in image coordinates.
   * @param imageShapes [height, width] of each image before the backbone.
   * @returns Tensor[K, C, outputSize[0], outputSize[1]], the boxes of all images in order.
   */
  forward(x: FeatureMaps, boxes: readonly Tensor[], imageShapes: readonly (readonly [number, number])[]): Tensor {
    const where = 'MultiScaleRoIAlign.forward()';
    const xFiltered = featureEntries(where, x).filter(([k]) => this.featmapNames.includes(k)).map(([, v]) => v);
    if (!Array.isArray(boxes)) throw argTypeError(where, 'boxes', 'an array of Tensor[L, 4]', boxes);
    boxes.forEach((b, i) => checkTensor(where, `boxes[${i}]`, b));
    if (this.scales === null || this.mapLevels === null) {
      [this.scales, this.mapLevels] = setupScales(xFiltered, imageShapes, this.canonicalScale, this.canonicalLevel);
    }
    return multiscaleRoiAlign(xFiltered, boxes, this.outputSize, this.samplingRatio, this.scales, this.mapLevels);
  }

  override toString(): string {
    const names = `[${this.featmapNames.map((n) => pyRepr(n)).join(', ')}]`;
    return `MultiScaleRoIAlign(featmap_names=${names}, output_size=${pyRepr(this.outputSize)}, sampling_ratio=${this.samplingRatio})`;
  }
}

function multiscaleRoiAlign(xFiltered: readonly Tensor[], boxes: readonly Tensor[], outputSize: [number, number], samplingRatio: number,
  scales: readonly number[], mapper: LevelMapper): Tensor {
  const rois = convertToRoiFormat(boxes);
  const [ph, pw] = outputSize;
  if (xFiltered.length === 1) return roiAlign(xFiltered[0]!, rois, [ph, pw], scales[0]!, samplingRatio);
  const levels = mapper.call(boxes);
  const first = xFiltered[0]!;
  const result = torch.zeros([rois.size(0), first.shape[1]!, ph, pw], { dtype: first.dtype, device: first.device });
  xFiltered.forEach((feature, level) => {
    const idxInLevel = torch.where(levels.eq(level))[0]!;
    const roisPerLevel = rois.index([idxInLevel]);
    const pooled = roiAlign(feature, roisPerLevel, [ph, pw], scales[level]!, samplingRatio);
    result.indexPut_([idxInLevel], pooled.to(result.dtype));
  });
  return result;
}
