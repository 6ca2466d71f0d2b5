// RegNet ("Designing Network Design Spaces"), X and Y families, as torchvision/models/regnet.py:
// the same BlockParams generator (in float32 tensor arithmetic, as torchvision computes it, so the
// widths match to the channel), module names and initialisation, so Python's state dicts load.
import type { Tensor } from '../../tensor.js';
import { arange, log, round, pow } from '../../generated/functions.js';
import * as nn from '../../nn/index.js';
import { Module } from '../../nn/modules/module.js';
import { Conv2dNormActivation, SqueezeExcitation, makeLayer, type LayerFactory, type ActivationFactory } from '../ops/misc.js';
import { parseArgs, checkInt, type Args } from '../../validate.js';
import { _makeDivisible } from './_utils.js';
import { ImageClassification } from '../transforms/_presets.js';
import { _IMAGENET_CATEGORIES } from './_meta.js';
import { defineWeightsEnum, registerModel, builderOptions, resolveWeights, _ovewriteNamedParam, loadWeights, type WeightsOptions, type WeightsEnum } from './_api.js';

/** Python's round(): halves to even. */
function pyRound(x: number): number {
  const r = Math.round(x);
  return r - x === 0.5 && r % 2 !== 0 ? r - 1 : r;
}


/**
 * The ImageNet stem: 3x3 stride-2 convolution, normalisation, activation.
 * @example const stem = new SimpleStemIN(3, 32, nn.BatchNorm2d, nn.ReLU);
 */
export class SimpleStemIN extends Conv2dNormActivation {
  constructor(widthIn: number, widthOut: number, normLayer: LayerFactory<[number]>, activationLayer: ActivationFactory) {
    super(widthIn, widthOut, { kernelSize: 3, stride: 2, normLayer, activationLayer });
  }
}

/**
 * The bottleneck transformation: 1x1 (`a`), grouped 3x3 (`b`), optional squeeze-excitation (`se`), 1x1 (`c`).
 * @example const f = new BottleneckTransform(32, 64, 2, nn.BatchNorm2d, nn.ReLU, 8, 1.0, 0.25);
 */
export class BottleneckTransform extends nn.Sequential {
  constructor(widthIn: number, widthOut: number, stride: number, normLayer: LayerFactory<[number]>, activationLayer: ActivationFactory,
    groupWidth: number, bottleneckMultiplier: number, seRatio: number | null) {
    const layers = new Map<string, Module>();
    const wB = pyRound(widthOut * bottleneckMultiplier);
    const g = Math.floor(wB / groupWidth);
    layers.set('a', new Conv2dNormActivation(widthIn, wB, { kernelSize: 1, stride: 1, normLayer, activationLayer }));
    layers.set('b', new Conv2dNormActivation(wB, wB, { kernelSize: 3, stride, groups: g, normLayer, activationLayer }));
    if (seRatio) {
      const widthSeOut = pyRound(seRatio * widthIn);
      layers.set('se', new SqueezeExcitation({ inputChannels: wB, squeezeChannels: widthSeOut, activation: activationLayer as LayerFactory<[]> }));
    }
    layers.set('c', new Conv2dNormActivation(wB, widthOut, { kernelSize: 1, stride: 1, normLayer, activationLayer: null }));
    super(layers);
  }
}

/**
 * The residual bottleneck block: activation(x + f(x)), with a 1x1 projection `proj` of x when
 * the shape changes.
 * @example const b = new ResBottleneckBlock(32, 64, 2, nn.BatchNorm2d, nn.ReLU, 8, 1.0, 0.25);
 */
export class ResBottleneckBlock extends Module {
  proj: Conv2dNormActivation | null;
  f: BottleneckTransform;
  activation: Module;

  constructor(widthIn: number, widthOut: number, stride: number, normLayer: LayerFactory<[number]>, activationLayer: ActivationFactory,
    groupWidth = 1, bottleneckMultiplier = 1.0, seRatio: number | null = null) {
    super();
    this.proj = null;
    const shouldProj = widthIn !== widthOut || stride !== 1;
    if (shouldProj) {
      this.proj = new Conv2dNormActivation(widthIn, widthOut, { kernelSize: 1, stride, normLayer, activationLayer: null });
    }
    this.f = new BottleneckTransform(widthIn, widthOut, stride, normLayer, activationLayer, groupWidth, bottleneckMultiplier, seRatio);
    this.activation = makeLayer(activationLayer as LayerFactory<[{ inplace: boolean }]>, { inplace: true });
  }

  forward(x: Tensor): Tensor {
    x = this.proj !== null ? this.proj(x).add(this.f(x)) : x.add(this.f(x));
    return (this.activation as Module)(x) as Tensor;
  }
}

/** A RegNet block class, built as (widthIn, widthOut, stride, normLayer, activation, groupWidth, bottleneckMultiplier, seRatio). */
export type RegNetBlockFactory = LayerFactory<[number, number, number, LayerFactory<[number]>, ActivationFactory, number, number, number | null]>;

/**
 * A stage of `depth` blocks with the same output width, named `block{stageIndex}-{i}`.
 * @example const s = new AnyStage(32, 48, 2, 1, ResBottleneckBlock, nn.BatchNorm2d, nn.ReLU, 8, 1.0, 0.25, 1);
 */
export class AnyStage extends nn.Sequential {
  constructor(widthIn: number, widthOut: number, stride: number, depth: number, blockConstructor: RegNetBlockFactory,
    normLayer: LayerFactory<[number]>, activationLayer: ActivationFactory, groupWidth: number, bottleneckMultiplier: number,
    seRatio: number | null = null, stageIndex = 0) {
    super();
    for (let i = 0; i < depth; i++) {
      const block = makeLayer(blockConstructor, i === 0 ? widthIn : widthOut, widthOut, i === 0 ? stride : 1,
        normLayer, activationLayer, groupWidth, bottleneckMultiplier, seRatio);
      this.registerModule(`block${stageIndex}-${i}`, block);
    }
  }
}

/** Options of `BlockParams.fromInitParams` (torchvision's keyword arguments). */
export interface BlockParamsInitOptions {
  depth: number;
  w0: number;
  wA: number;
  wM: number;
  groupWidth: number;
  /** Default 1.0. */
  bottleneckMultiplier?: number;
  /** Squeeze-excitation ratio (RegNetY); null for none (RegNetX). */
  seRatio?: number | null;
}

/**
 * The per-stage settings of a RegNet: depths, widths, group widths, bottleneck multipliers,
 * strides and the squeeze-excitation ratio.
 * @example const p = BlockParams.fromInitParams({ depth: 16, w0: 48, wA: 27.89, wM: 2.09, groupWidth: 8, seRatio: 0.25 }); p.widths // [48, 104, 208, 440]
 */
export class BlockParams {
  constructor(public depths: number[], public widths: number[], public groupWidths: number[], public bottleneckMultipliers: number[],
    public strides: number[], public seRatio: number | null = null) {}

  /**
   * Computes every stage's settings from RegNet's parameters: the quantised linear widths
   * `w0 + wA * i`, snapped to powers of `wM` in log space and to multiples of 8, then grouped
   * into stages of equal width (torchvision's `from_init_params`).
   * @example BlockParams.fromInitParams({ depth: 22, w0: 24, wA: 24.48, wM: 2.54, groupWidth: 16 }).depths // [1, 2, 7, 12]
   */
  static fromInitParams(options: BlockParamsInitOptions): BlockParams {
    const { depth, w0, wA, wM, groupWidth } = options;
    const bottleneckMultiplier = options.bottleneckMultiplier ?? 1.0;
    const seRatio = options.seRatio ?? null;
    const QUANT = 8;
    const STRIDE = 2;
    if (wA < 0 || w0 <= 0 || wM <= 1 || w0 % 8 !== 0) throw new RangeError('Invalid RegNet settings');
    // float32 tensor arithmetic, as torchvision: the rounding of the widths depends on it. On the
    // CPU whatever the default device, since the widths are read back.
    const widthsCont = arange(depth, { dtype: 'int64', device: 'cpu' }).mul(wA).add(w0);
    const blockCapacity = round(log(widthsCont.div(w0)).div(Math.log(wM)));
    const blockWidths = (round(pow(wM, blockCapacity).mul(w0).div(QUANT)).mul(QUANT).int().tolist() as number[]);
    const numStages = new Set(blockWidths).size;
    const a = [...blockWidths, 0];
    const b = [0, ...blockWidths];
    const splits = a.map((w, i) => w !== b[i]);
    const stageWidths = blockWidths.filter((_, i) => splits[i]);
    const splitAt = splits.flatMap((t, d) => (t ? [d] : []));
    const stageDepths = splitAt.slice(1).map((d, i) => d - splitAt[i]!);
    const strides = Array<number>(numStages).fill(STRIDE);
    const bottleneckMultipliers = Array<number>(numStages).fill(bottleneckMultiplier);
    const groupWidths = Array<number>(numStages).fill(groupWidth);
    const [widths, gws] = BlockParams._adjustWidthsGroupsCompatibilty(stageWidths, bottleneckMultipliers, groupWidths);
    return new BlockParams(stageDepths, widths, gws, bottleneckMultipliers, strides, seRatio);
  }

  /** Rows [width, stride, depth, groupWidth, bottleneckMultiplier], one per stage. @example p._getExpandedParams() */
  _getExpandedParams(): [number, number, number, number, number][] {
    return this.widths.map((w, i) => [w, this.strides[i]!, this.depths[i]!, this.groupWidths[i]!, this.bottleneckMultipliers[i]!]);
  }

  /** Makes the bottleneck widths divisible by the group widths (torchvision's spelling kept). @example BlockParams._adjustWidthsGroupsCompatibilty([48], [1], [8]) */
  static _adjustWidthsGroupsCompatibilty(stageWidths: number[], bottleneckRatios: number[], groupWidths: number[]): [number[], number[]] {
    const widths = stageWidths.map((w, i) => Math.trunc(w * bottleneckRatios[i]!));
    const groupWidthsMin = groupWidths.map((g, i) => Math.min(g, widths[i]!));
    const wsBot = widths.map((wBot, i) => _makeDivisible(wBot, groupWidthsMin[i]!));
    return [wsBot.map((wBot, i) => Math.trunc(wBot / bottleneckRatios[i]!)), groupWidthsMin];
  }
}

/** Options of RegNet (torchvision's keyword arguments). */
export interface RegNetOptions {
  blockParams?: BlockParams;
  /** Default 1000. */
  numClasses?: number;
  /** Default 32. */
  stemWidth?: number;
  /** Default SimpleStemIN, built as (3, stemWidth, normLayer, activation). */
  stemType?: LayerFactory<[number, number, LayerFactory<[number]>, ActivationFactory]> | null;
  /** Default ResBottleneckBlock. */
  blockType?: RegNetBlockFactory | null;
  /** Default BatchNorm2d. */
  normLayer?: LayerFactory<[number]> | null;
  /** Default ReLU. */
  activation?: ActivationFactory | null;
}

/**
 * RegNet (https://arxiv.org/abs/2003.13678): `stem`, `trunk_output` (stages `block1`..),
 * `avgpool`, `fc`.
 * @example const m = new RegNet(BlockParams.fromInitParams({ depth: 16, w0: 48, wA: 27.89, wM: 2.09, groupWidth: 8, seRatio: 0.25 }), { numClasses: 10 });
 */
export class RegNet extends Module {
  stem: Module;
  trunk_output: nn.Sequential;
  avgpool: nn.AdaptiveAvgPool2d;
  fc: nn.Linear;

  constructor(...args: Args<[blockParams: BlockParams, numClasses: number, stemWidth: number, stemType: RegNetOptions['stemType'],
    blockType: RegNetBlockFactory | null, normLayer: LayerFactory<[number]> | null, activation: ActivationFactory | null], RegNetOptions>) {
    super();
    const where = 'RegNet()';
    const o = parseArgs<Required<RegNetOptions>>(where, args,
      ['blockParams', 'numClasses', 'stemWidth', 'stemType', 'blockType', 'normLayer', 'activation'],
      { numClasses: 1000, stemWidth: 32, stemType: null, blockType: null, normLayer: null, activation: null }, ['blockParams']);
    if (!(o.blockParams instanceof BlockParams)) throw new TypeError(`${where}: blockParams must be a BlockParams`);
    const numClasses = checkInt(where, 'numClasses', o.numClasses, 1);
    const stemType = o.stemType ?? SimpleStemIN;
    const normLayer = o.normLayer ?? nn.BatchNorm2d;
    const blockType = o.blockType ?? ResBottleneckBlock;
    const activation = o.activation ?? nn.ReLU;
    this.stem = makeLayer(stemType, 3, o.stemWidth, normLayer, activation);
    let currentWidth = o.stemWidth;
    const blocks = new Map<string, Module>();
    o.blockParams._getExpandedParams().forEach(([widthOut, stride, depth, groupWidth, bottleneckMultiplier], i) => {
      blocks.set(`block${i + 1}`, new AnyStage(currentWidth, widthOut, stride, depth, blockType, normLayer, activation, groupWidth,
        bottleneckMultiplier, o.blockParams.seRatio, i + 1));
      currentWidth = widthOut;
    });
    this.trunk_output = new nn.Sequential(blocks);
    this.avgpool = new nn.AdaptiveAvgPool2d([1, 1]);
    this.fc = new nn.Linear({ inFeatures: currentWidth, outFeatures: numClasses });

    for (const m of this.modules()) {
      if (m instanceof nn.Conv2d) {
        const fanOut = m.kernelSize[0]! * m.kernelSize[1]! * m.outChannels;
        nn.init.normal_(m.weight, { mean: 0.0, std: Math.sqrt(2.0 / fanOut) });
      } else if (m instanceof nn.BatchNorm2d) {
        nn.init.ones_(m.weight!);
        nn.init.zeros_(m.bias!);
      } else if (m instanceof nn.Linear) {
        nn.init.normal_(m.weight, { mean: 0.0, std: 0.01 });
        nn.init.zeros_(m.bias!);
      }
    }
  }

  forward(x: Tensor): Tensor {
    x = this.stem(x);
    x = this.trunk_output(x);
    x = this.avgpool(x);
    x = x.flatten(1);
    return this.fc(x);
  }
}

/**
 * The pretrained weights of `RegNet_Y_400MF` (torchvision's `RegNet_Y_400MF_Weights`); `DEFAULT` is `IMAGENET1K_V2`.
 * @example RegNet_Y_400MF_Weights.DEFAULT.meta.numParams // 4344144
 */
export const RegNet_Y_400MF_Weights = defineWeightsEnum('RegNet_Y_400MF_Weights', {
  IMAGENET1K_V1: {
    url: 'https://download.pytorch.org/models/regnet_y_400mf-c65dace8.pth',
    transforms: () => new ImageClassification({ cropSize: 224 }),
    meta: { minSize: [1, 1] as const, categories: _IMAGENET_CATEGORIES, numParams: 4344144, recipe: 'https://github.com/pytorch/vision/tree/main/references/classification#small-models', metrics: { "ImageNet-1K": { "acc@1": 74.046, "acc@5": 91.716 } }, ops: 0.402, fileSize: 16.806, docs: 'These weights reproduce closely the results of the paper using a simple training recipe.' },
  },
  IMAGENET1K_V2: {
    url: 'https://download.pytorch.org/models/regnet_y_400mf-e6988f5f.pth',
    transforms: () => new ImageClassification({ cropSize: 224, resizeSize: 232 }),
    meta: { minSize: [1, 1] as const, categories: _IMAGENET_CATEGORIES, numParams: 4344144, recipe: 'https://github.com/pytorch/vision/issues/3995#new-recipe', metrics: { "ImageNet-1K": { "acc@1": 75.804, "acc@5": 92.742 } }, ops: 0.402, fileSize: 16.806, docs: "These weights improve upon the results of the original paper by using a modified version of TorchVision's `new training recipe <https://pytorch.org/blog/how-to-train-state-of-the-art-models-using-torchvision-latest-primitives/>`_." },
  },
}, 'IMAGENET1K_V2');

/**
 * The pretrained weights of `RegNet_Y_800MF` (torchvision's `RegNet_Y_800MF_Weights`); `DEFAULT` is `IMAGENET1K_V2`.
 * @example RegNet_Y_800MF_Weights.DEFAULT.meta.numParams // 6432512
 */
export const RegNet_Y_800MF_Weights = defineWeightsEnum('RegNet_Y_800MF_Weights', {
  IMAGENET1K_V1: {
    url: 'https://download.pytorch.org/models/regnet_y_800mf-1b27b58c.pth',
    transforms: () => new ImageClassification({ cropSize: 224 }),
    meta: { minSize: [1, 1] as const, categories: _IMAGENET_CATEGORIES, numParams: 6432512, recipe: 'https://github.com/pytorch/vision/tree/main/references/classification#small-models', metrics: { "ImageNet-1K": { "acc@1": 76.42, "acc@5": 93.136 } }, ops: 0.834, fileSize: 24.774, docs: 'These weights reproduce closely the results of the paper using a simple training recipe.' },
  },
  IMAGENET1K_V2: {
    url: 'https://download.pytorch.org/models/regnet_y_800mf-58fc7688.pth',
    transforms: () => new ImageClassification({ cropSize: 224, resizeSize: 232 }),
    meta: { minSize: [1, 1] as const, categories: _IMAGENET_CATEGORIES, numParams: 6432512, recipe: 'https://github.com/pytorch/vision/issues/3995#new-recipe', metrics: { "ImageNet-1K": { "acc@1": 78.828, "acc@5": 94.502 } }, ops: 0.834, fileSize: 24.774, docs: "These weights improve upon the results of the original paper by using a modified version of TorchVision's `new training recipe <https://pytorch.org/blog/how-to-train-state-of-the-art-models-using-torchvision-latest-primitives/>`_." },
  },
}, 'IMAGENET1K_V2');

/**
 * The pretrained weights of `RegNet_Y_1_6GF` (torchvision's `RegNet_Y_1_6GF_Weights`); `DEFAULT` is `IMAGENET1K_V2`.
 * @example RegNet_Y_1_6GF_Weights.DEFAULT.meta.numParams // 11202430
 */
export const RegNet_Y_1_6GF_Weights = defineWeightsEnum('RegNet_Y_1_6GF_Weights', {
  IMAGENET1K_V1: {
    url: 'https://download.pytorch.org/models/regnet_y_1_6gf-b11a554e.pth',
    transforms: () => new ImageClassification({ cropSize: 224 }),
    meta: { minSize: [1, 1] as const, categories: _IMAGENET_CATEGORIES, numParams: 11202430, recipe: 'https://github.com/pytorch/vision/tree/main/references/classification#small-models', metrics: { "ImageNet-1K": { "acc@1": 77.95, "acc@5": 93.966 } }, ops: 1.612, fileSize: 43.152, docs: 'These weights reproduce closely the results of the paper using a simple training recipe.' },
  },
  IMAGENET1K_V2: {
    url: 'https://download.pytorch.org/models/regnet_y_1_6gf-0d7bc02a.pth',
    transforms: () => new ImageClassification({ cropSize: 224, resizeSize: 232 }),
    meta: { minSize: [1, 1] as const, categories: _IMAGENET_CATEGORIES, numParams: 11202430, recipe: 'https://github.com/pytorch/vision/issues/3995#new-recipe', metrics: { "ImageNet-1K": { "acc@1": 80.876, "acc@5": 95.444 } }, ops: 1.612, fileSize: 43.152, docs: "These weights improve upon the results of the original paper by using a modified version of TorchVision's `new training recipe <https://pytorch.org/blog/how-to-train-state-of-the-art-models-using-torchvision-latest-primitives/>`_." },
  },
}, 'IMAGENET1K_V2');

/**
 * The pretrained weights of `RegNet_Y_3_2GF` (torchvision's `RegNet_Y_3_2GF_Weights`); `DEFAULT` is `IMAGENET1K_V2`.
 * @example RegNet_Y_3_2GF_Weights.DEFAULT.meta.numParams // 19436338
 */
export const RegNet_Y_3_2GF_Weights = defineWeightsEnum('RegNet_Y_3_2GF_Weights', {
  IMAGENET1K_V1: {
    url: 'https://download.pytorch.org/models/regnet_y_3_2gf-b5a9779c.pth',
    transforms: () => new ImageClassification({ cropSize: 224 }),
    meta: { minSize: [1, 1] as const, categories: _IMAGENET_CATEGORIES, numParams: 19436338, recipe: 'https://github.com/pytorch/vision/tree/main/references/classification#medium-models', metrics: { "ImageNet-1K": { "acc@1": 78.948, "acc@5": 94.576 } }, ops: 3.176, fileSize: 74.567, docs: 'These weights reproduce closely the results of the paper using a simple training recipe.' },
  },
  IMAGENET1K_V2: {
    url: 'https://download.pytorch.org/models/regnet_y_3_2gf-9180c971.pth',
    transforms: () => new ImageClassification({ cropSize: 224, resizeSize: 232 }),
    meta: { minSize: [1, 1] as const, categories: _IMAGENET_CATEGORIES, numParams: 19436338, recipe: 'https://github.com/pytorch/vision/issues/3995#new-recipe', metrics: { "ImageNet-1K": { "acc@1": 81.982, "acc@5": 95.972 } }, ops: 3.176, fileSize: 74.567, docs: "These weights improve upon the results of the original paper by using a modified version of TorchVision's `new training recipe <https://pytorch.org/blog/how-to-train-state-of-the-art-models-using-torchvision-latest-primitives/>`_." },
  },
}, 'IMAGENET1K_V2');

/**
 * The pretrained weights of `RegNet_Y_8GF` (torchvision's `RegNet_Y_8GF_Weights`); `DEFAULT` is `IMAGENET1K_V2`.
 * @example RegNet_Y_8GF_Weights.DEFAULT.meta.numParams // 39381472
 */
export const RegNet_Y_8GF_Weights = defineWeightsEnum('RegNet_Y_8GF_Weights', {
  IMAGENET1K_V1: {
    url: 'https://download.pytorch.org/models/regnet_y_8gf-d0d0e4a8.pth',
    transforms: () => new ImageClassification({ cropSize: 224 }),
    meta: { minSize: [1, 1] as const, categories: _IMAGENET_CATEGORIES, numParams: 39381472, recipe: 'https://github.com/pytorch/vision/tree/main/references/classification#medium-models', metrics: { "ImageNet-1K": { "acc@1": 80.032, "acc@5": 95.048 } }, ops: 8.473, fileSize: 150.701, docs: 'These weights reproduce closely the results of the paper using a simple training recipe.' },
  },
  IMAGENET1K_V2: {
    url: 'https://download.pytorch.org/models/regnet_y_8gf-dc2b1b54.pth',
    transforms: () => new ImageClassification({ cropSize: 224, resizeSize: 232 }),
    meta: { minSize: [1, 1] as const, categories: _IMAGENET_CATEGORIES, numParams: 39381472, recipe: 'https://github.com/pytorch/vision/issues/3995#new-recipe', metrics: { "ImageNet-1K": { "acc@1": 82.828, "acc@5": 96.33 } }, ops: 8.473, fileSize: 150.701, docs: "These weights improve upon the results of the original paper by using a modified version of TorchVision's `new training recipe <https://pytorch.org/blog/how-to-train-state-of-the-art-models-using-torchvision-latest-primitives/>`_." },
  },
}, 'IMAGENET1K_V2');

/**
 * The pretrained weights of `RegNet_Y_16GF` (torchvision's `RegNet_Y_16GF_Weights`); `DEFAULT` is `IMAGENET1K_V2`.
 * @example RegNet_Y_16GF_Weights.DEFAULT.meta.numParams // 83590140
 */
export const RegNet_Y_16GF_Weights = defineWeightsEnum('RegNet_Y_16GF_Weights', {
  IMAGENET1K_V1: {
    url: 'https://download.pytorch.org/models/regnet_y_16gf-9e6ed7dd.pth',
    transforms: () => new ImageClassification({ cropSize: 224 }),
    meta: { minSize: [1, 1] as const, categories: _IMAGENET_CATEGORIES, numParams: 83590140, recipe: 'https://github.com/pytorch/vision/tree/main/references/classification#large-models', metrics: { "ImageNet-1K": { "acc@1": 80.424, "acc@5": 95.24 } }, ops: 15.912, fileSize: 319.49, docs: 'These weights reproduce closely the results of the paper using a simple training recipe.' },
  },
  IMAGENET1K_V2: {
    url: 'https://download.pytorch.org/models/regnet_y_16gf-3e4a00f9.pth',
    transforms: () => new ImageClassification({ cropSize: 224, resizeSize: 232 }),
    meta: { minSize: [1, 1] as const, categories: _IMAGENET_CATEGORIES, numParams: 83590140, recipe: 'https://github.com/pytorch/vision/issues/3995#new-recipe', metrics: { "ImageNet-1K": { "acc@1": 82.886, "acc@5": 96.328 } }, ops: 15.912, fileSize: 319.49, docs: "These weights improve upon the results of the original paper by using a modified version of TorchVision's `new training recipe <https://pytorch.org/blog/how-to-train-state-of-the-art-models-using-torchvision-latest-primitives/>`_." },
  },
  IMAGENET1K_SWAG_E2E_V1: {
    url: 'https://download.pytorch.org/models/regnet_y_16gf_swag-43afe44d.pth',
    transforms: () => new ImageClassification({ cropSize: 384, resizeSize: 384, interpolation: 'bicubic' }),
    meta: { minSize: [1, 1] as const, categories: _IMAGENET_CATEGORIES, recipe: 'https://github.com/facebookresearch/SWAG', license: 'https://github.com/facebookresearch/SWAG/blob/main/LICENSE', numParams: 83590140, metrics: { "ImageNet-1K": { "acc@1": 86.012, "acc@5": 98.054 } }, ops: 46.735, fileSize: 319.49, docs: 'These weights are learnt via transfer learning by end-to-end fine-tuning the original `SWAG <https://arxiv.org/abs/2201.08371>`_ weights on ImageNet-1K data.' },
  },
  IMAGENET1K_SWAG_LINEAR_V1: {
    url: 'https://download.pytorch.org/models/regnet_y_16gf_lc_swag-f3ec0043.pth',
    transforms: () => new ImageClassification({ cropSize: 224, resizeSize: 224, interpolation: 'bicubic' }),
    meta: { minSize: [1, 1] as const, categories: _IMAGENET_CATEGORIES, recipe: 'https://github.com/pytorch/vision/pull/5793', license: 'https://github.com/facebookresearch/SWAG/blob/main/LICENSE', numParams: 83590140, metrics: { "ImageNet-1K": { "acc@1": 83.976, "acc@5": 97.244 } }, ops: 15.912, fileSize: 319.49, docs: 'These weights are composed of the original frozen `SWAG <https://arxiv.org/abs/2201.08371>`_ trunk weights and a linear classifier learnt on top of them trained on ImageNet-1K data.' },
  },
}, 'IMAGENET1K_V2');

/**
 * The pretrained weights of `RegNet_Y_32GF` (torchvision's `RegNet_Y_32GF_Weights`); `DEFAULT` is `IMAGENET1K_V2`.
 * @example RegNet_Y_32GF_Weights.DEFAULT.meta.numParams // 145046770
 */
export const RegNet_Y_32GF_Weights = defineWeightsEnum('RegNet_Y_32GF_Weights', {
  IMAGENET1K_V1: {
    url: 'https://download.pytorch.org/models/regnet_y_32gf-4dee3f7a.pth',
    transforms: () => new ImageClassification({ cropSize: 224 }),
    meta: { minSize: [1, 1] as const, categories: _IMAGENET_CATEGORIES, numParams: 145046770, recipe: 'https://github.com/pytorch/vision/tree/main/references/classification#large-models', metrics: { "ImageNet-1K": { "acc@1": 80.878, "acc@5": 95.34 } }, ops: 32.28, fileSize: 554.076, docs: 'These weights reproduce closely the results of the paper using a simple training recipe.' },
  },
  IMAGENET1K_V2: {
    url: 'https://download.pytorch.org/models/regnet_y_32gf-8db6d4b5.pth',
    transforms: () => new ImageClassification({ cropSize: 224, resizeSize: 232 }),
    meta: { minSize: [1, 1] as const, categories: _IMAGENET_CATEGORIES, numParams: 145046770, recipe: 'https://github.com/pytorch/vision/issues/3995#new-recipe', metrics: { "ImageNet-1K": { "acc@1": 83.368, "acc@5": 96.498 } }, ops: 32.28, fileSize: 554.076, docs: "These weights improve upon the results of the original paper by using a modified version of TorchVision's `new training recipe <https://pytorch.org/blog/how-to-train-state-of-the-art-models-using-torchvision-latest-primitives/>`_." },
  },
  IMAGENET1K_SWAG_E2E_V1: {
    url: 'https://download.pytorch.org/models/regnet_y_32gf_swag-04fdfa75.pth',
    transforms: () => new ImageClassification({ cropSize: 384, resizeSize: 384, interpolation: 'bicubic' }),
    meta: { minSize: [1, 1] as const, categories: _IMAGENET_CATEGORIES, recipe: 'https://github.com/facebookresearch/SWAG', license: 'https://github.com/facebookresearch/SWAG/blob/main/LICENSE', numParams: 145046770, metrics: { "ImageNet-1K": { "acc@1": 86.838, "acc@5": 98.362 } }, ops: 94.826, fileSize: 554.076, docs: 'These weights are learnt via transfer learning by end-to-end fine-tuning the original `SWAG <https://arxiv.org/abs/2201.08371>`_ weights on ImageNet-1K data.' },
  },
  IMAGENET1K_SWAG_LINEAR_V1: {
    url: 'https://download.pytorch.org/models/regnet_y_32gf_lc_swag-e1583746.pth',
    transforms: () => new ImageClassification({ cropSize: 224, resizeSize: 224, interpolation: 'bicubic' }),
    meta: { minSize: [1, 1] as const, categories: _IMAGENET_CATEGORIES, recipe: 'https://github.com/pytorch/vision/pull/5793', license: 'https://github.com/facebookresearch/SWAG/blob/main/LICENSE', numParams: 145046770, metrics: { "ImageNet-1K": { "acc@1": 84.622, "acc@5": 97.48 } }, ops: 32.28, fileSize: 554.076, docs: 'These weights are composed of the original frozen `SWAG <https://arxiv.org/abs/2201.08371>`_ trunk weights and a linear classifier learnt on top of them trained on ImageNet-1K data.' },
  },
}, 'IMAGENET1K_V2');

/**
 * The pretrained weights of `RegNet_Y_128GF` (torchvision's `RegNet_Y_128GF_Weights`); `DEFAULT` is `IMAGENET1K_SWAG_E2E_V1`.
 * @example RegNet_Y_128GF_Weights.DEFAULT.meta.numParams // 644812894
 */
export const RegNet_Y_128GF_Weights = defineWeightsEnum('RegNet_Y_128GF_Weights', {
  IMAGENET1K_SWAG_E2E_V1: {
    url: 'https://download.pytorch.org/models/regnet_y_128gf_swag-c8ce3e52.pth',
    transforms: () => new ImageClassification({ cropSize: 384, resizeSize: 384, interpolation: 'bicubic' }),
    meta: { minSize: [1, 1] as const, categories: _IMAGENET_CATEGORIES, recipe: 'https://github.com/facebookresearch/SWAG', license: 'https://github.com/facebookresearch/SWAG/blob/main/LICENSE', numParams: 644812894, metrics: { "ImageNet-1K": { "acc@1": 88.228, "acc@5": 98.682 } }, ops: 374.57, fileSize: 2461.564, docs: 'These weights are learnt via transfer learning by end-to-end fine-tuning the original `SWAG <https://arxiv.org/abs/2201.08371>`_ weights on ImageNet-1K data.' },
  },
  IMAGENET1K_SWAG_LINEAR_V1: {
    url: 'https://download.pytorch.org/models/regnet_y_128gf_lc_swag-cbe8ce12.pth',
    transforms: () => new ImageClassification({ cropSize: 224, resizeSize: 224, interpolation: 'bicubic' }),
    meta: { minSize: [1, 1] as const, categories: _IMAGENET_CATEGORIES, recipe: 'https://github.com/pytorch/vision/pull/5793', license: 'https://github.com/facebookresearch/SWAG/blob/main/LICENSE', numParams: 644812894, metrics: { "ImageNet-1K": { "acc@1": 86.068, "acc@5": 97.844 } }, ops: 127.518, fileSize: 2461.564, docs: 'These weights are composed of the original frozen `SWAG <https://arxiv.org/abs/2201.08371>`_ trunk weights and a linear classifier learnt on top of them trained on ImageNet-1K data.' },
  },
}, 'IMAGENET1K_SWAG_E2E_V1');

/**
 * The pretrained weights of `RegNet_X_400MF` (torchvision's `RegNet_X_400MF_Weights`); `DEFAULT` is `IMAGENET1K_V2`.
 * @example RegNet_X_400MF_Weights.DEFAULT.meta.numParams // 5495976
 */
export const RegNet_X_400MF_Weights = defineWeightsEnum('RegNet_X_400MF_Weights', {
  IMAGENET1K_V1: {
    url: 'https://download.pytorch.org/models/regnet_x_400mf-adf1edd5.pth',
    transforms: () => new ImageClassification({ cropSize: 224 }),
    meta: { minSize: [1, 1] as const, categories: _IMAGENET_CATEGORIES, numParams: 5495976, recipe: 'https://github.com/pytorch/vision/tree/main/references/classification#small-models', metrics: { "ImageNet-1K": { "acc@1": 72.834, "acc@5": 90.95 } }, ops: 0.414, fileSize: 21.258, docs: 'These weights reproduce closely the results of the paper using a simple training recipe.' },
  },
  IMAGENET1K_V2: {
    url: 'https://download.pytorch.org/models/regnet_x_400mf-62229a5f.pth',
    transforms: () => new ImageClassification({ cropSize: 224, resizeSize: 232 }),
    meta: { minSize: [1, 1] as const, categories: _IMAGENET_CATEGORIES, numParams: 5495976, recipe: 'https://github.com/pytorch/vision/issues/3995#new-recipe-with-fixres', metrics: { "ImageNet-1K": { "acc@1": 74.864, "acc@5": 92.322 } }, ops: 0.414, fileSize: 21.257, docs: "These weights improve upon the results of the original paper by using a modified version of TorchVision's `new training recipe <https://pytorch.org/blog/how-to-train-state-of-the-art-models-using-torchvision-latest-primitives/>`_." },
  },
}, 'IMAGENET1K_V2');

/**
 * The pretrained weights of `RegNet_X_800MF` (torchvision's `RegNet_X_800MF_Weights`); `DEFAULT` is `IMAGENET1K_V2`.
 * @example RegNet_X_800MF_Weights.DEFAULT.meta.numParams // 7259656
 */
export const RegNet_X_800MF_Weights = defineWeightsEnum('RegNet_X_800MF_Weights', {
  IMAGENET1K_V1: {
    url: 'https://download.pytorch.org/models/regnet_x_800mf-ad17e45c.pth',
    transforms: () => new ImageClassification({ cropSize: 224 }),
    meta: { minSize: [1, 1] as const, categories: _IMAGENET_CATEGORIES, numParams: 7259656, recipe: 'https://github.com/pytorch/vision/tree/main/references/classification#small-models', metrics: { "ImageNet-1K": { "acc@1": 75.212, "acc@5": 92.348 } }, ops: 0.8, fileSize: 27.945, docs: 'These weights reproduce closely the results of the paper using a simple training recipe.' },
  },
  IMAGENET1K_V2: {
    url: 'https://download.pytorch.org/models/regnet_x_800mf-94a99ebd.pth',
    transforms: () => new ImageClassification({ cropSize: 224, resizeSize: 232 }),
    meta: { minSize: [1, 1] as const, categories: _IMAGENET_CATEGORIES, numParams: 7259656, recipe: 'https://github.com/pytorch/vision/issues/3995#new-recipe-with-fixres', metrics: { "ImageNet-1K": { "acc@1": 77.522, "acc@5": 93.826 } }, ops: 0.8, fileSize: 27.945, docs: "These weights improve upon the results of the original paper by using a modified version of TorchVision's `new training recipe <https://pytorch.org/blog/how-to-train-state-of-the-art-models-using-torchvision-latest-primitives/>`_." },
  },
}, 'IMAGENET1K_V2');

/**
 * The pretrained weights of `RegNet_X_1_6GF` (torchvision's `RegNet_X_1_6GF_Weights`); `DEFAULT` is `IMAGENET1K_V2`.
 * @example RegNet_X_1_6GF_Weights.DEFAULT.meta.numParams // 9190136
 */
export const RegNet_X_1_6GF_Weights = defineWeightsEnum('RegNet_X_1_6GF_Weights', {
  IMAGENET1K_V1: {
    url: 'https://download.pytorch.org/models/regnet_x_1_6gf-e3633e7f.pth',
    transforms: () => new ImageClassification({ cropSize: 224 }),
    meta: { minSize: [1, 1] as const, categories: _IMAGENET_CATEGORIES, numParams: 9190136, recipe: 'https://github.com/pytorch/vision/tree/main/references/classification#small-models', metrics: { "ImageNet-1K": { "acc@1": 77.04, "acc@5": 93.44 } }, ops: 1.603, fileSize: 35.339, docs: 'These weights reproduce closely the results of the paper using a simple training recipe.' },
  },
  IMAGENET1K_V2: {
    url: 'https://download.pytorch.org/models/regnet_x_1_6gf-a12f2b72.pth',
    transforms: () => new ImageClassification({ cropSize: 224, resizeSize: 232 }),
    meta: { minSize: [1, 1] as const, categories: _IMAGENET_CATEGORIES, numParams: 9190136, recipe: 'https://github.com/pytorch/vision/issues/3995#new-recipe-with-fixres', metrics: { "ImageNet-1K": { "acc@1": 79.668, "acc@5": 94.922 } }, ops: 1.603, fileSize: 35.339, docs: "These weights improve upon the results of the original paper by using a modified version of TorchVision's `new training recipe <https://pytorch.org/blog/how-to-train-state-of-the-art-models-using-torchvision-latest-primitives/>`_." },
  },
}, 'IMAGENET1K_V2');

/**
 * The pretrained weights of `RegNet_X_3_2GF` (torchvision's `RegNet_X_3_2GF_Weights`); `DEFAULT` is `IMAGENET1K_V2`.
 * @example RegNet_X_3_2GF_Weights.DEFAULT.meta.numParams // 15296552
 */
export const RegNet_X_3_2GF_Weights = defineWeightsEnum('RegNet_X_3_2GF_Weights', {
  IMAGENET1K_V1: {
    url: 'https://download.pytorch.org/models/regnet_x_3_2gf-f342aeae.pth',
    transforms: () => new ImageClassification({ cropSize: 224 }),
    meta: { minSize: [1, 1] as const, categories: _IMAGENET_CATEGORIES, numParams: 15296552, recipe: 'https://github.com/pytorch/vision/tree/main/references/classification#medium-models', metrics: { "ImageNet-1K": { "acc@1": 78.364, "acc@5": 93.992 } }, ops: 3.177, fileSize: 58.756, docs: 'These weights reproduce closely the results of the paper using a simple training recipe.' },
  },
  IMAGENET1K_V2: {
    url: 'https://download.pytorch.org/models/regnet_x_3_2gf-7071aa85.pth',
    transforms: () => new ImageClassification({ cropSize: 224, resizeSize: 232 }),
    meta: { minSize: [1, 1] as const, categories: _IMAGENET_CATEGORIES, numParams: 15296552, recipe: 'https://github.com/pytorch/vision/issues/3995#new-recipe', metrics: { "ImageNet-1K": { "acc@1": 81.196, "acc@5": 95.43 } }, ops: 3.177, fileSize: 58.756, docs: "These weights improve upon the results of the original paper by using a modified version of TorchVision's `new training recipe <https://pytorch.org/blog/how-to-train-state-of-the-art-models-using-torchvision-latest-primitives/>`_." },
  },
}, 'IMAGENET1K_V2');

/**
 * The pretrained weights of `RegNet_X_8GF` (torchvision's `RegNet_X_8GF_Weights`); `DEFAULT` is `IMAGENET1K_V2`.
 * @example RegNet_X_8GF_Weights.DEFAULT.meta.numParams // 39572648
 */
export const RegNet_X_8GF_Weights = defineWeightsEnum('RegNet_X_8GF_Weights', {
  IMAGENET1K_V1: {
    url: 'https://download.pytorch.org/models/regnet_x_8gf-03ceed89.pth',
    transforms: () => new ImageClassification({ cropSize: 224 }),
    meta: { minSize: [1, 1] as const, categories: _IMAGENET_CATEGORIES, numParams: 39572648, recipe: 'https://github.com/pytorch/vision/tree/main/references/classification#medium-models', metrics: { "ImageNet-1K": { "acc@1": 79.344, "acc@5": 94.686 } }, ops: 7.995, fileSize: 151.456, docs: 'These weights reproduce closely the results of the paper using a simple training recipe.' },
  },
  IMAGENET1K_V2: {
    url: 'https://download.pytorch.org/models/regnet_x_8gf-2b70d774.pth',
    transforms: () => new ImageClassification({ cropSize: 224, resizeSize: 232 }),
    meta: { minSize: [1, 1] as const, categories: _IMAGENET_CATEGORIES, numParams: 39572648, recipe: 'https://github.com/pytorch/vision/issues/3995#new-recipe', metrics: { "ImageNet-1K": { "acc@1": 81.682, "acc@5": 95.678 } }, ops: 7.995, fileSize: 151.456, docs: "These weights improve upon the results of the original paper by using a modified version of TorchVision's `new training recipe <https://pytorch.org/blog/how-to-train-state-of-the-art-models-using-torchvision-latest-primitives/>`_." },
  },
}, 'IMAGENET1K_V2');

/**
 * The pretrained weights of `RegNet_X_16GF` (torchvision's `RegNet_X_16GF_Weights`); `DEFAULT` is `IMAGENET1K_V2`.
 * @example RegNet_X_16GF_Weights.DEFAULT.meta.numParams // 54278536
 */
export const RegNet_X_16GF_Weights = defineWeightsEnum('RegNet_X_16GF_Weights', {
  IMAGENET1K_V1: {
    url: 'https://download.pytorch.org/models/regnet_x_16gf-2007eb11.pth',
    transforms: () => new ImageClassification({ cropSize: 224 }),
    meta: { minSize: [1, 1] as const, categories: _IMAGENET_CATEGORIES, numParams: 54278536, recipe: 'https://github.com/pytorch/vision/tree/main/references/classification#medium-models', metrics: { "ImageNet-1K": { "acc@1": 80.058, "acc@5": 94.944 } }, ops: 15.941, fileSize: 207.627, docs: 'These weights reproduce closely the results of the paper using a simple training recipe.' },
  },
  IMAGENET1K_V2: {
    url: 'https://download.pytorch.org/models/regnet_x_16gf-ba3796d7.pth',
    transforms: () => new ImageClassification({ cropSize: 224, resizeSize: 232 }),
    meta: { minSize: [1, 1] as const, categories: _IMAGENET_CATEGORIES, numParams: 54278536, recipe: 'https://github.com/pytorch/vision/issues/3995#new-recipe', metrics: { "ImageNet-1K": { "acc@1": 82.716, "acc@5": 96.196 } }, ops: 15.941, fileSize: 207.627, docs: "These weights improve upon the results of the original paper by using a modified version of TorchVision's `new training recipe <https://pytorch.org/blog/how-to-train-state-of-the-art-models-using-torchvision-latest-primitives/>`_." },
  },
}, 'IMAGENET1K_V2');

/**
 * The pretrained weights of `RegNet_X_32GF` (torchvision's `RegNet_X_32GF_Weights`); `DEFAULT` is `IMAGENET1K_V2`.
 * @example RegNet_X_32GF_Weights.DEFAULT.meta.numParams // 107811560
 */
export const RegNet_X_32GF_Weights = defineWeightsEnum('RegNet_X_32GF_Weights', {
  IMAGENET1K_V1: {
    url: 'https://download.pytorch.org/models/regnet_x_32gf-9d47f8d0.pth',
    transforms: () => new ImageClassification({ cropSize: 224 }),
    meta: { minSize: [1, 1] as const, categories: _IMAGENET_CATEGORIES, numParams: 107811560, recipe: 'https://github.com/pytorch/vision/tree/main/references/classification#large-models', metrics: { "ImageNet-1K": { "acc@1": 80.622, "acc@5": 95.248 } }, ops: 31.736, fileSize: 412.039, docs: 'These weights reproduce closely the results of the paper using a simple training recipe.' },
  },
  IMAGENET1K_V2: {
    url: 'https://download.pytorch.org/models/regnet_x_32gf-6eb8fdc6.pth',
    transforms: () => new ImageClassification({ cropSize: 224, resizeSize: 232 }),
    meta: { minSize: [1, 1] as const, categories: _IMAGENET_CATEGORIES, numParams: 107811560, recipe: 'https://github.com/pytorch/vision/issues/3995#new-recipe', metrics: { "ImageNet-1K": { "acc@1": 83.014, "acc@5": 96.288 } }, ops: 31.736, fileSize: 412.039, docs: "These weights improve upon the results of the original paper by using a modified version of TorchVision's `new training recipe <https://pytorch.org/blog/how-to-train-state-of-the-art-models-using-torchvision-latest-primitives/>`_." },
  },
}, 'IMAGENET1K_V2');

/** Options of the RegNet builders: RegNet's options (the block parameters fixed) and the weights. */
export interface RegNetBuilderOptions extends WeightsOptions, Omit<RegNetOptions, 'blockParams'> {}

function regnet(where: string, weightsEnum: WeightsEnum, params: BlockParamsInitOptions, options: unknown): RegNet {
  const o = builderOptions<RegNetBuilderOptions>(where, options, ['numClasses', 'stemWidth', 'stemType', 'blockType', 'normLayer', 'activation']);
  const weights = resolveWeights(where, weightsEnum, o);
  if (weights !== null) _ovewriteNamedParam(o, 'numClasses', weights.meta.categories!.length);
  const { weights: _w, progress: _p, modelDir: _m, pretrained: _pr, normLayer, ...rest } = o;
  const model = new RegNet(BlockParams.fromInitParams(params), { ...rest, normLayer: normLayer ?? ((c: number) => new nn.BatchNorm2d(c, { eps: 1e-05, momentum: 0.1 })) });
  if (weights !== null) loadWeights(model, weights, o);
  return model;
}

/**
 * RegNetY-400MF (torchvision's `regnet_y_400mf`).
 * @example const model = models.regnetY_400mf({ numClasses: 10 });
 */
export function regnetY_400mf(options: RegNetBuilderOptions = {}): RegNet {
  return regnet('regnet_y_400mf', RegNet_Y_400MF_Weights, { depth: 16, w0: 48, wA: 27.89, wM: 2.09, groupWidth: 8, seRatio: 0.25 }, options);
}

/**
 * RegNetY-800MF (torchvision's `regnet_y_800mf`).
 * @example const model = models.regnetY_800mf({ numClasses: 10 });
 */
export function regnetY_800mf(options: RegNetBuilderOptions = {}): RegNet {
  return regnet('regnet_y_800mf', RegNet_Y_800MF_Weights, { depth: 14, w0: 56, wA: 38.84, wM: 2.4, groupWidth: 16, seRatio: 0.25 }, options);
}

/**
 * RegNetY-1.6GF (torchvision's `regnet_y_1_6gf`).
 * @example const model = models.regnetY_1_6gf({ numClasses: 10 });
 */
export function regnetY_1_6gf(options: RegNetBuilderOptions = {}): RegNet {
  return regnet('regnet_y_1_6gf', RegNet_Y_1_6GF_Weights, { depth: 27, w0: 48, wA: 20.71, wM: 2.65, groupWidth: 24, seRatio: 0.25 }, options);
}

/**
 * RegNetY-3.2GF (torchvision's `regnet_y_3_2gf`).
 * @example const model = models.regnetY_3_2gf({ numClasses: 10 });
 */
export function regnetY_3_2gf(options: RegNetBuilderOptions = {}): RegNet {
  return regnet('regnet_y_3_2gf', RegNet_Y_3_2GF_Weights, { depth: 21, w0: 80, wA: 42.63, wM: 2.66, groupWidth: 24, seRatio: 0.25 }, options);
}

/**
 * RegNetY-8GF (torchvision's `regnet_y_8gf`).
 * @example const model = models.regnetY_8gf({ numClasses: 10 });
 */
export function regnetY_8gf(options: RegNetBuilderOptions = {}): RegNet {
  return regnet('regnet_y_8gf', RegNet_Y_8GF_Weights, { depth: 17, w0: 192, wA: 76.82, wM: 2.19, groupWidth: 56, seRatio: 0.25 }, options);
}

/**
 * RegNetY-16GF (torchvision's `regnet_y_16gf`).
 * @example const model = models.regnetY_16gf({ numClasses: 10 });
 */
export function regnetY_16gf(options: RegNetBuilderOptions = {}): RegNet {
  return regnet('regnet_y_16gf', RegNet_Y_16GF_Weights, { depth: 18, w0: 200, wA: 106.23, wM: 2.48, groupWidth: 112, seRatio: 0.25 }, options);
}

/**
 * RegNetY-32GF (torchvision's `regnet_y_32gf`).
 * @example const model = models.regnetY_32gf({ numClasses: 10 });
 */
export function regnetY_32gf(options: RegNetBuilderOptions = {}): RegNet {
  return regnet('regnet_y_32gf', RegNet_Y_32GF_Weights, { depth: 20, w0: 232, wA: 115.89, wM: 2.53, groupWidth: 232, seRatio: 0.25 }, options);
}

/**
 * RegNetY-128GF (torchvision's `regnet_y_128gf`).
 * @example const model = models.regnetY_128gf({ numClasses: 10 });
 */
export function regnetY_128gf(options: RegNetBuilderOptions = {}): RegNet {
  return regnet('regnet_y_128gf', RegNet_Y_128GF_Weights, { depth: 27, w0: 456, wA: 160.83, wM: 2.52, groupWidth: 264, seRatio: 0.25 }, options);
}

/**
 * RegNetX-400MF (torchvision's `regnet_x_400mf`).
 * @example const model = models.regnetX_400mf({ numClasses: 10 });
 */
export function regnetX_400mf(options: RegNetBuilderOptions = {}): RegNet {
  return regnet('regnet_x_400mf', RegNet_X_400MF_Weights, { depth: 22, w0: 24, wA: 24.48, wM: 2.54, groupWidth: 16 }, options);
}

/**
 * RegNetX-800MF (torchvision's `regnet_x_800mf`).
 * @example const model = models.regnetX_800mf({ numClasses: 10 });
 */
export function regnetX_800mf(options: RegNetBuilderOptions = {}): RegNet {
  return regnet('regnet_x_800mf', RegNet_X_800MF_Weights, { depth: 16, w0: 56, wA: 35.73, wM: 2.28, groupWidth: 16 }, options);
}

/**
 * RegNetX-1.6GF (torchvision's `regnet_x_1_6gf`).
 * @example const model = models.regnetX_1_6gf({ numClasses: 10 });
 */
export function regnetX_1_6gf(options: RegNetBuilderOptions = {}): RegNet {
  return regnet('regnet_x_1_6gf', RegNet_X_1_6GF_Weights, { depth: 18, w0: 80, wA: 34.01, wM: 2.25, groupWidth: 24 }, options);
}

/**
 * RegNetX-3.2GF (torchvision's `regnet_x_3_2gf`).
 * @example const model = models.regnetX_3_2gf({ numClasses: 10 });
 */
export function regnetX_3_2gf(options: RegNetBuilderOptions = {}): RegNet {
  return regnet('regnet_x_3_2gf', RegNet_X_3_2GF_Weights, { depth: 25, w0: 88, wA: 26.31, wM: 2.25, groupWidth: 48 }, options);
}

/**
 * RegNetX-8GF (torchvision's `regnet_x_8gf`).
 * @example const model = models.regnetX_8gf({ numClasses: 10 });
 */
export function regnetX_8gf(options: RegNetBuilderOptions = {}): RegNet {
  return regnet('regnet_x_8gf', RegNet_X_8GF_Weights, { depth: 23, w0: 80, wA: 49.56, wM: 2.88, groupWidth: 120 }, options);
}

/**
 * RegNetX-16GF (torchvision's `regnet_x_16gf`).
 * @example const model = models.regnetX_16gf({ numClasses: 10 });
 */
export function regnetX_16gf(options: RegNetBuilderOptions = {}): RegNet {
  return regnet('regnet_x_16gf', RegNet_X_16GF_Weights, { depth: 22, w0: 216, wA: 55.59, wM: 2.1, groupWidth: 128 }, options);
}

/**
 * RegNetX-32GF (torchvision's `regnet_x_32gf`).
 * @example const model = models.regnetX_32gf({ numClasses: 10 });
 */
export function regnetX_32gf(options: RegNetBuilderOptions = {}): RegNet {
  return regnet('regnet_x_32gf', RegNet_X_32GF_Weights, { depth: 23, w0: 320, wA: 69.86, wM: 2.0, groupWidth: 168 }, options);
}

registerModel('regnet_y_400mf', regnetY_400mf, RegNet_Y_400MF_Weights);
registerModel('regnet_y_800mf', regnetY_800mf, RegNet_Y_800MF_Weights);
registerModel('regnet_y_1_6gf', regnetY_1_6gf, RegNet_Y_1_6GF_Weights);
registerModel('regnet_y_3_2gf', regnetY_3_2gf, RegNet_Y_3_2GF_Weights);
registerModel('regnet_y_8gf', regnetY_8gf, RegNet_Y_8GF_Weights);
registerModel('regnet_y_16gf', regnetY_16gf, RegNet_Y_16GF_Weights);
registerModel('regnet_y_32gf', regnetY_32gf, RegNet_Y_32GF_Weights);
registerModel('regnet_y_128gf', regnetY_128gf, RegNet_Y_128GF_Weights);
registerModel('regnet_x_400mf', regnetX_400mf, RegNet_X_400MF_Weights);
registerModel('regnet_x_800mf', regnetX_800mf, RegNet_X_800MF_Weights);
registerModel('regnet_x_1_6gf', regnetX_1_6gf, RegNet_X_1_6GF_Weights);
registerModel('regnet_x_3_2gf', regnetX_3_2gf, RegNet_X_3_2GF_Weights);
registerModel('regnet_x_8gf', regnetX_8gf, RegNet_X_8GF_Weights);
registerModel('regnet_x_16gf', regnetX_16gf, RegNet_X_16GF_Weights);
registerModel('regnet_x_32gf', regnetX_32gf, RegNet_X_32GF_Weights);
