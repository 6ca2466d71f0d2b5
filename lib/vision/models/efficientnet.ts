// EfficientNet B0-B7 and V2 S/M/L, as torchvision/models/efficientnet.py: the same module names,
// stochastic depth schedule and initialisation, so Python's state dicts load.
import type { Tensor } from '../../tensor.js';
import * as nn from '../../nn/index.js';
import { Module } from '../../nn/modules/module.js';
import { Conv2dNormActivation, SqueezeExcitation, makeLayer, type LayerFactory } from '../ops/misc.js';
import { StochasticDepth } from '../ops/stochastic_depth.js';
import { parseArgs, checkInt, checkNumber, describeValue, type Args } from '../../validate.js';
import { _makeDivisible } from './_utils.js';
import { ImageClassification } from '../transforms/_presets.js';
import { _IMAGENET_CATEGORIES } from './_meta.js';
import { defineWeightsEnum, registerModel, builderOptions, resolveWeights, _ovewriteNamedParam, loadWeights, type WeightsOptions, type WeightsEnum } from './_api.js';

/** A block class of EfficientNet: built as (cnf, stochasticDepthProb, normLayer). */
export type MBConvBlock = LayerFactory<[_MBConvConfig, number, LayerFactory<[number]>]>;

/**
 * The fields every EfficientNet stage row has (torchvision's `_MBConvConfig`).
 * @example _MBConvConfig.adjustChannels(32, 1.1) // 32
 */
export class _MBConvConfig {
  constructor(public expandRatio: number, public kernel: number, public stride: number, public inputChannels: number,
    public outChannels: number, public numLayers: number, public block: MBConvBlock) {}

  /** Channels times `widthMult`, rounded to a multiple of 8 (at least `minValue`). @example _MBConvConfig.adjustChannels(40, 1.4) // 56 */
  static adjustChannels(channels: number, widthMult: number, minValue: number | null = null): number {
    return _makeDivisible(channels * widthMult, 8, minValue);
  }

  /** A shallow copy, as Python's copy.copy. @internal */
  _copy(): _MBConvConfig {
    return Object.assign(Object.create(Object.getPrototypeOf(this) as object) as _MBConvConfig, this);
  }
}

/**
 * A stage of MBConv blocks (EfficientNet V1, and V2's later stages), channels and depth scaled.
 * @example new MBConvConfig(6, 3, 2, 16, 24, 2, 1.0, 1.0)
 */
export class MBConvConfig extends _MBConvConfig {
  constructor(expandRatio: number, kernel: number, stride: number, inputChannels: number, outChannels: number, numLayers: number,
    widthMult = 1.0, depthMult = 1.0, block: MBConvBlock | null = null) {
    super(expandRatio, kernel, stride, _MBConvConfig.adjustChannels(inputChannels, widthMult),
      _MBConvConfig.adjustChannels(outChannels, widthMult), MBConvConfig.adjustDepth(numLayers, depthMult), block ?? MBConv);
  }

  /** Layers times `depthMult`, rounded up. @example MBConvConfig.adjustDepth(3, 1.1) // 4 */
  static adjustDepth(numLayers: number, depthMult: number): number {
    return Math.ceil(numLayers * depthMult);
  }
}

/**
 * A stage of FusedMBConv blocks (EfficientNet V2's first stages).
 * @example new FusedMBConvConfig(4, 3, 2, 24, 48, 4)
 */
export class FusedMBConvConfig extends _MBConvConfig {
  constructor(expandRatio: number, kernel: number, stride: number, inputChannels: number, outChannels: number, numLayers: number,
    block: MBConvBlock | null = null) {
    super(expandRatio, kernel, stride, inputChannels, outChannels, numLayers, block ?? FusedMBConv);
  }
}

function checkStride(cnf: _MBConvConfig): void {
  if (!(cnf.stride >= 1 && cnf.stride <= 2)) throw new RangeError('illegal stride value');
}

/**
 * The mobile inverted bottleneck with squeeze-excitation (`block`), and stochastic depth on its
 * residual branch (`stochastic_depth`).
 * @example const b = new MBConv(new MBConvConfig(6, 3, 1, 16, 16, 1), 0.1, nn.BatchNorm2d);
 */
export class MBConv extends Module {
  useResConnect: boolean;
  block: nn.Sequential;
  stochastic_depth: StochasticDepth;
  outChannels: number;

  constructor(cnf: _MBConvConfig, stochasticDepthProb: number, normLayer: LayerFactory<[number]>,
    seLayer: LayerFactory<[number, number, { activation: LayerFactory<[]> }]> = SqueezeExcitation) {
    super();
    checkStride(cnf);
    this.useResConnect = cnf.stride === 1 && cnf.inputChannels === cnf.outChannels;
    const layers: Module[] = [];
    const activationLayer = nn.SiLU;
    const expandedChannels = _MBConvConfig.adjustChannels(cnf.inputChannels, cnf.expandRatio);
    if (expandedChannels !== cnf.inputChannels) {
      layers.push(new Conv2dNormActivation(cnf.inputChannels, expandedChannels, { kernelSize: 1, normLayer, activationLayer }));
    }
    layers.push(new Conv2dNormActivation(expandedChannels, expandedChannels, {
      kernelSize: cnf.kernel, stride: cnf.stride, groups: expandedChannels, normLayer, activationLayer,
    }));
    const squeezeChannels = Math.max(1, Math.floor(cnf.inputChannels / 4));
    layers.push(makeLayer(seLayer, expandedChannels, squeezeChannels, { activation: () => new nn.SiLU({ inplace: true }) }));
    layers.push(new Conv2dNormActivation(expandedChannels, cnf.outChannels, { kernelSize: 1, normLayer, activationLayer: null }));
    this.block = new nn.Sequential(...layers);
    this.stochastic_depth = new StochasticDepth(stochasticDepthProb, 'row');
    this.outChannels = cnf.outChannels;
  }

  forward(input: Tensor): Tensor {
    let result = this.block(input);
    if (this.useResConnect) {
      result = this.stochastic_depth(result);
      result.add_(input);
    }
    return result;
  }
}

/**
 * EfficientNet V2's fused block: one full convolution instead of expansion + depthwise.
 * @example const b = new FusedMBConv(new FusedMBConvConfig(4, 3, 2, 24, 48, 1), 0, nn.BatchNorm2d);
 */
export class FusedMBConv extends Module {
  useResConnect: boolean;
  block: nn.Sequential;
  stochastic_depth: StochasticDepth;
  outChannels: number;

  constructor(cnf: _MBConvConfig, stochasticDepthProb: number, normLayer: LayerFactory<[number]>) {
    super();
    checkStride(cnf);
    this.useResConnect = cnf.stride === 1 && cnf.inputChannels === cnf.outChannels;
    const layers: Module[] = [];
    const activationLayer = nn.SiLU;
    const expandedChannels = _MBConvConfig.adjustChannels(cnf.inputChannels, cnf.expandRatio);
    if (expandedChannels !== cnf.inputChannels) {
      layers.push(new Conv2dNormActivation(cnf.inputChannels, expandedChannels, { kernelSize: cnf.kernel, stride: cnf.stride, normLayer, activationLayer }));
      layers.push(new Conv2dNormActivation(expandedChannels, cnf.outChannels, { kernelSize: 1, normLayer, activationLayer: null }));
    } else {
      layers.push(new Conv2dNormActivation(cnf.inputChannels, cnf.outChannels, { kernelSize: cnf.kernel, stride: cnf.stride, normLayer, activationLayer }));
    }
    this.block = new nn.Sequential(...layers);
    this.stochastic_depth = new StochasticDepth(stochasticDepthProb, 'row');
    this.outChannels = cnf.outChannels;
  }

  forward(input: Tensor): Tensor {
    let result = this.block(input);
    if (this.useResConnect) {
      result = this.stochastic_depth(result);
      result.add_(input);
    }
    return result;
  }
}

/** Options of EfficientNet (torchvision's keyword arguments). */
export interface EfficientNetOptions {
  invertedResidualSetting?: _MBConvConfig[];
  /** Dropout before the classifier. */
  dropout?: number;
  /** The largest stochastic depth probability, reached by the last block (default 0.2). */
  stochasticDepthProb?: number;
  /** Default 1000. */
  numClasses?: number;
  /** Default BatchNorm2d. */
  normLayer?: LayerFactory<[number]> | null;
  /** Channels of the penultimate layer (default 4 x the last stage's). */
  lastChannel?: number | null;
}

/**
 * EfficientNet V1 and V2 (https://arxiv.org/abs/1905.11946, https://arxiv.org/abs/2104.00298)
 * from a stage table: `features`, `avgpool`, `classifier` (Dropout, Linear).
 * @example const [setting, last] = _efficientnetConf('efficientnet_b0', { widthMult: 1.0, depthMult: 1.0 }); const m = new EfficientNet(setting, 0.2, { lastChannel: last });
 */
export class EfficientNet extends Module {
  features: nn.Sequential;
  avgpool: nn.AdaptiveAvgPool2d;
  classifier: nn.Sequential;

  constructor(...args: Args<[invertedResidualSetting: _MBConvConfig[], dropout: number, stochasticDepthProb: number, numClasses: number,
    normLayer: LayerFactory<[number]> | null, lastChannel: number | null], EfficientNetOptions>) {
    super();
    const where = 'EfficientNet()';
    const o = parseArgs<Required<EfficientNetOptions>>(where, args,
      ['invertedResidualSetting', 'dropout', 'stochasticDepthProb', 'numClasses', 'normLayer', 'lastChannel'],
      { stochasticDepthProb: 0.2, numClasses: 1000, normLayer: null, lastChannel: null }, ['invertedResidualSetting', 'dropout']);
    const setting = o.invertedResidualSetting;
    if (Array.isArray(setting) && setting.length === 0) throw new RangeError('The inverted_residual_setting should not be empty');
    if (!Array.isArray(setting) || !setting.every((s) => s instanceof _MBConvConfig)) {
      throw new TypeError(`The inverted_residual_setting should be List[MBConvConfig] (got ${describeValue(setting)})`);
    }
    const numClasses = checkInt(where, 'numClasses', o.numClasses, 1);
    const dropout = checkNumber(where, 'dropout', o.dropout);
    const normLayer = o.normLayer ?? nn.BatchNorm2d;

    const layers: Module[] = [];
    const firstconvOutputChannels = setting[0]!.inputChannels;
    layers.push(new Conv2dNormActivation(3, firstconvOutputChannels, { kernelSize: 3, stride: 2, normLayer, activationLayer: nn.SiLU }));
    const totalStageBlocks = setting.reduce((s, cnf) => s + cnf.numLayers, 0);
    let stageBlockId = 0;
    for (const cnf of setting) {
      const stage: Module[] = [];
      for (let i = 0; i < cnf.numLayers; i++) {
        const blockCnf = cnf._copy();
        if (stage.length > 0) {
          blockCnf.inputChannels = blockCnf.outChannels;
          blockCnf.stride = 1;
        }
        const sdProb = o.stochasticDepthProb * stageBlockId / totalStageBlocks;
        stage.push(makeLayer(blockCnf.block, blockCnf, sdProb, normLayer));
        stageBlockId++;
      }
      layers.push(new nn.Sequential(...stage));
    }
    const lastconvInputChannels = setting[setting.length - 1]!.outChannels;
    const lastconvOutputChannels = o.lastChannel ?? 4 * lastconvInputChannels;
    layers.push(new Conv2dNormActivation(lastconvInputChannels, lastconvOutputChannels, { kernelSize: 1, normLayer, activationLayer: nn.SiLU }));
    this.features = new nn.Sequential(...layers);
    this.avgpool = new nn.AdaptiveAvgPool2d(1);
    this.classifier = new nn.Sequential(new nn.Dropout({ p: dropout, inplace: true }), new nn.Linear(lastconvOutputChannels, numClasses));

    for (const m of this.modules()) {
      if (m instanceof nn.Conv2d) {
        nn.init.kaimingNormal_(m.weight, { mode: 'fan_out' });
        if (m.bias !== null) nn.init.zeros_(m.bias);
      } else if (m instanceof nn.BatchNorm2d || m instanceof nn.GroupNorm) {
        nn.init.ones_(m.weight!);
        nn.init.zeros_(m.bias!);
      } else if (m instanceof nn.Linear) {
        const initRange = 1.0 / Math.sqrt(m.outFeatures);
        nn.init.uniform_(m.weight, -initRange, initRange);
        nn.init.zeros_(m.bias!);
      }
    }
  }

  forward(x: Tensor): Tensor {
    x = this.features(x);
    x = this.avgpool(x);
    x = x.flatten(1);
    return this.classifier(x);
  }
}

/** The EfficientNet variants `_efficientnetConf` knows. */
export type EfficientNetArch = `efficientnet_b${0 | 1 | 2 | 3 | 4 | 5 | 6 | 7}` | 'efficientnet_v2_s' | 'efficientnet_v2_m' | 'efficientnet_v2_l';

/**
 * The stage table and last channel count of an EfficientNet variant (V1 takes `widthMult` and `depthMult`).
 * @example const [setting, lastChannel] = _efficientnetConf('efficientnet_v2_s'); lastChannel // 1280
 */
export function _efficientnetConf(arch: EfficientNetArch, options: { widthMult?: number; depthMult?: number } = {}): [_MBConvConfig[], number | null] {
  if (arch.startsWith('efficientnet_b')) {
    const w = options.widthMult ?? 1.0;
    const d = options.depthMult ?? 1.0;
    const b = (e: number, k: number, s: number, i: number, o: number, n: number): MBConvConfig => new MBConvConfig(e, k, s, i, o, n, w, d);
    return [[b(1, 3, 1, 32, 16, 1), b(6, 3, 2, 16, 24, 2), b(6, 5, 2, 24, 40, 2), b(6, 3, 2, 40, 80, 3),
      b(6, 5, 1, 80, 112, 3), b(6, 5, 2, 112, 192, 4), b(6, 3, 1, 192, 320, 1)], null];
  }
  const F = (e: number, k: number, s: number, i: number, o: number, n: number): FusedMBConvConfig => new FusedMBConvConfig(e, k, s, i, o, n);
  const M = (e: number, k: number, s: number, i: number, o: number, n: number): MBConvConfig => new MBConvConfig(e, k, s, i, o, n);
  if (arch.startsWith('efficientnet_v2_s')) {
    return [[F(1, 3, 1, 24, 24, 2), F(4, 3, 2, 24, 48, 4), F(4, 3, 2, 48, 64, 4), M(4, 3, 2, 64, 128, 6), M(6, 3, 1, 128, 160, 9),
      M(6, 3, 2, 160, 256, 15)], 1280];
  }
  if (arch.startsWith('efficientnet_v2_m')) {
    return [[F(1, 3, 1, 24, 24, 3), F(4, 3, 2, 24, 48, 5), F(4, 3, 2, 48, 80, 5), M(4, 3, 2, 80, 160, 7), M(6, 3, 1, 160, 176, 14),
      M(6, 3, 2, 176, 304, 18), M(6, 3, 1, 304, 512, 5)], 1280];
  }
  if (arch.startsWith('efficientnet_v2_l')) {
    return [[F(1, 3, 1, 32, 32, 4), F(4, 3, 2, 32, 64, 7), F(4, 3, 2, 64, 96, 7), M(4, 3, 2, 96, 192, 10), M(6, 3, 1, 192, 224, 19),
      M(6, 3, 2, 224, 384, 25), M(6, 3, 1, 384, 640, 7)], 1280];
  }
  throw new RangeError(`Unsupported model type ${String(arch)}`);
}

/**
 * The pretrained weights of `EfficientNet_B0` (torchvision's `EfficientNet_B0_Weights`); `DEFAULT` is `IMAGENET1K_V1`.
 * @example EfficientNet_B0_Weights.DEFAULT.meta.numParams // 5288548
 */
export const EfficientNet_B0_Weights = defineWeightsEnum('EfficientNet_B0_Weights', {
  IMAGENET1K_V1: {
    url: 'https://download.pytorch.org/models/efficientnet_b0_rwightman-7f5810bc.pth',
    transforms: () => new ImageClassification({ cropSize: 224, resizeSize: 256, interpolation: 'bicubic' }),
    meta: { categories: _IMAGENET_CATEGORIES, minSize: [1, 1] as const, recipe: 'https://github.com/pytorch/vision/tree/main/references/classification#efficientnet-v1', numParams: 5288548, metrics: { "ImageNet-1K": { "acc@1": 77.692, "acc@5": 93.532 } }, ops: 0.386, fileSize: 20.451, docs: 'These weights are ported from the original paper.' },
  },
}, 'IMAGENET1K_V1');

/**
 * The pretrained weights of `EfficientNet_B1` (torchvision's `EfficientNet_B1_Weights`); `DEFAULT` is `IMAGENET1K_V2`.
 * @example EfficientNet_B1_Weights.DEFAULT.meta.numParams // 7794184
 */
export const EfficientNet_B1_Weights = defineWeightsEnum('EfficientNet_B1_Weights', {
  IMAGENET1K_V1: {
    url: 'https://download.pytorch.org/models/efficientnet_b1_rwightman-bac287d4.pth',
    transforms: () => new ImageClassification({ cropSize: 240, resizeSize: 256, interpolation: 'bicubic' }),
    meta: { categories: _IMAGENET_CATEGORIES, minSize: [1, 1] as const, recipe: 'https://github.com/pytorch/vision/tree/main/references/classification#efficientnet-v1', numParams: 7794184, metrics: { "ImageNet-1K": { "acc@1": 78.642, "acc@5": 94.186 } }, ops: 0.687, fileSize: 30.134, docs: 'These weights are ported from the original paper.' },
  },
  IMAGENET1K_V2: {
    url: 'https://download.pytorch.org/models/efficientnet_b1-c27df63c.pth',
    transforms: () => new ImageClassification({ cropSize: 240, resizeSize: 255, interpolation: 'bilinear' }),
    meta: { categories: _IMAGENET_CATEGORIES, minSize: [1, 1] as const, recipe: 'https://github.com/pytorch/vision/issues/3995#new-recipe-with-lr-wd-crop-tuning', numParams: 7794184, metrics: { "ImageNet-1K": { "acc@1": 79.838, "acc@5": 94.934 } }, ops: 0.687, fileSize: 30.136, docs: "These weights improve upon the results of the original paper by using a modified version of TorchVision's `new training recipe <https://pytorch.org/blog/how-to-train-state-of-the-art-models-using-torchvision-latest-primitives/>`_." },
  },
}, 'IMAGENET1K_V2');

/**
 * The pretrained weights of `EfficientNet_B2` (torchvision's `EfficientNet_B2_Weights`); `DEFAULT` is `IMAGENET1K_V1`.
 * @example EfficientNet_B2_Weights.DEFAULT.meta.numParams // 9109994
 */
export const EfficientNet_B2_Weights = defineWeightsEnum('EfficientNet_B2_Weights', {
  IMAGENET1K_V1: {
    url: 'https://download.pytorch.org/models/efficientnet_b2_rwightman-c35c1473.pth',
    transforms: () => new ImageClassification({ cropSize: 288, resizeSize: 288, interpolation: 'bicubic' }),
    meta: { categories: _IMAGENET_CATEGORIES, minSize: [1, 1] as const, recipe: 'https://github.com/pytorch/vision/tree/main/references/classification#efficientnet-v1', numParams: 9109994, metrics: { "ImageNet-1K": { "acc@1": 80.608, "acc@5": 95.31 } }, ops: 1.088, fileSize: 35.174, docs: 'These weights are ported from the original paper.' },
  },
}, 'IMAGENET1K_V1');

/**
 * The pretrained weights of `EfficientNet_B3` (torchvision's `EfficientNet_B3_Weights`); `DEFAULT` is `IMAGENET1K_V1`.
 * @example EfficientNet_B3_Weights.DEFAULT.meta.numParams // 12233232
 */
export const EfficientNet_B3_Weights = defineWeightsEnum('EfficientNet_B3_Weights', {
  IMAGENET1K_V1: {
    url: 'https://download.pytorch.org/models/efficientnet_b3_rwightman-b3899882.pth',
    transforms: () => new ImageClassification({ cropSize: 300, resizeSize: 320, interpolation: 'bicubic' }),
    meta: { categories: _IMAGENET_CATEGORIES, minSize: [1, 1] as const, recipe: 'https://github.com/pytorch/vision/tree/main/references/classification#efficientnet-v1', numParams: 12233232, metrics: { "ImageNet-1K": { "acc@1": 82.008, "acc@5": 96.054 } }, ops: 1.827, fileSize: 47.184, docs: 'These weights are ported from the original paper.' },
  },
}, 'IMAGENET1K_V1');

/**
 * The pretrained weights of `EfficientNet_B4` (torchvision's `EfficientNet_B4_Weights`); `DEFAULT` is `IMAGENET1K_V1`.
 * @example EfficientNet_B4_Weights.DEFAULT.meta.numParams // 19341616
 */
export const EfficientNet_B4_Weights = defineWeightsEnum('EfficientNet_B4_Weights', {
  IMAGENET1K_V1: {
    url: 'https://download.pytorch.org/models/efficientnet_b4_rwightman-23ab8bcd.pth',
    transforms: () => new ImageClassification({ cropSize: 380, resizeSize: 384, interpolation: 'bicubic' }),
    meta: { categories: _IMAGENET_CATEGORIES, minSize: [1, 1] as const, recipe: 'https://github.com/pytorch/vision/tree/main/references/classification#efficientnet-v1', numParams: 19341616, metrics: { "ImageNet-1K": { "acc@1": 83.384, "acc@5": 96.594 } }, ops: 4.394, fileSize: 74.489, docs: 'These weights are ported from the original paper.' },
  },
}, 'IMAGENET1K_V1');

/**
 * The pretrained weights of `EfficientNet_B5` (torchvision's `EfficientNet_B5_Weights`); `DEFAULT` is `IMAGENET1K_V1`.
 * @example EfficientNet_B5_Weights.DEFAULT.meta.numParams // 30389784
 */
export const EfficientNet_B5_Weights = defineWeightsEnum('EfficientNet_B5_Weights', {
  IMAGENET1K_V1: {
    url: 'https://download.pytorch.org/models/efficientnet_b5_lukemelas-1a07897c.pth',
    transforms: () => new ImageClassification({ cropSize: 456, resizeSize: 456, interpolation: 'bicubic' }),
    meta: { categories: _IMAGENET_CATEGORIES, minSize: [1, 1] as const, recipe: 'https://github.com/pytorch/vision/tree/main/references/classification#efficientnet-v1', numParams: 30389784, metrics: { "ImageNet-1K": { "acc@1": 83.444, "acc@5": 96.628 } }, ops: 10.266, fileSize: 116.864, docs: 'These weights are ported from the original paper.' },
  },
}, 'IMAGENET1K_V1');

/**
 * The pretrained weights of `EfficientNet_B6` (torchvision's `EfficientNet_B6_Weights`); `DEFAULT` is `IMAGENET1K_V1`.
 * @example EfficientNet_B6_Weights.DEFAULT.meta.numParams // 43040704
 */
export const EfficientNet_B6_Weights = defineWeightsEnum('EfficientNet_B6_Weights', {
  IMAGENET1K_V1: {
    url: 'https://download.pytorch.org/models/efficientnet_b6_lukemelas-24a108a5.pth',
    transforms: () => new ImageClassification({ cropSize: 528, resizeSize: 528, interpolation: 'bicubic' }),
    meta: { categories: _IMAGENET_CATEGORIES, minSize: [1, 1] as const, recipe: 'https://github.com/pytorch/vision/tree/main/references/classification#efficientnet-v1', numParams: 43040704, metrics: { "ImageNet-1K": { "acc@1": 84.008, "acc@5": 96.916 } }, ops: 19.068, fileSize: 165.362, docs: 'These weights are ported from the original paper.' },
  },
}, 'IMAGENET1K_V1');

/**
 * The pretrained weights of `EfficientNet_B7` (torchvision's `EfficientNet_B7_Weights`); `DEFAULT` is `IMAGENET1K_V1`.
 * @example EfficientNet_B7_Weights.DEFAULT.meta.numParams // 66347960
 */
export const EfficientNet_B7_Weights = defineWeightsEnum('EfficientNet_B7_Weights', {
  IMAGENET1K_V1: {
    url: 'https://download.pytorch.org/models/efficientnet_b7_lukemelas-c5b4e57e.pth',
    transforms: () => new ImageClassification({ cropSize: 600, resizeSize: 600, interpolation: 'bicubic' }),
    meta: { categories: _IMAGENET_CATEGORIES, minSize: [1, 1] as const, recipe: 'https://github.com/pytorch/vision/tree/main/references/classification#efficientnet-v1', numParams: 66347960, metrics: { "ImageNet-1K": { "acc@1": 84.122, "acc@5": 96.908 } }, ops: 37.746, fileSize: 254.675, docs: 'These weights are ported from the original paper.' },
  },
}, 'IMAGENET1K_V1');

/**
 * The pretrained weights of `EfficientNet_V2_S` (torchvision's `EfficientNet_V2_S_Weights`); `DEFAULT` is `IMAGENET1K_V1`.
 * @example EfficientNet_V2_S_Weights.DEFAULT.meta.numParams // 21458488
 */
export const EfficientNet_V2_S_Weights = defineWeightsEnum('EfficientNet_V2_S_Weights', {
  IMAGENET1K_V1: {
    url: 'https://download.pytorch.org/models/efficientnet_v2_s-dd5fe13b.pth',
    transforms: () => new ImageClassification({ cropSize: 384, resizeSize: 384, interpolation: 'bilinear' }),
    meta: { categories: _IMAGENET_CATEGORIES, minSize: [33, 33] as const, recipe: 'https://github.com/pytorch/vision/tree/main/references/classification#efficientnet-v2', numParams: 21458488, metrics: { "ImageNet-1K": { "acc@1": 84.228, "acc@5": 96.878 } }, ops: 8.366, fileSize: 82.704, docs: "These weights improve upon the results of the original paper by using a modified version of TorchVision's `new training recipe <https://pytorch.org/blog/how-to-train-state-of-the-art-models-using-torchvision-latest-primitives/>`_." },
  },
}, 'IMAGENET1K_V1');

/**
 * The pretrained weights of `EfficientNet_V2_M` (torchvision's `EfficientNet_V2_M_Weights`); `DEFAULT` is `IMAGENET1K_V1`.
 * @example EfficientNet_V2_M_Weights.DEFAULT.meta.numParams // 54139356
 */
export const EfficientNet_V2_M_Weights = defineWeightsEnum('EfficientNet_V2_M_Weights', {
  IMAGENET1K_V1: {
    url: 'https://download.pytorch.org/models/efficientnet_v2_m-dc08266a.pth',
    transforms: () => new ImageClassification({ cropSize: 480, resizeSize: 480, interpolation: 'bilinear' }),
    meta: { categories: _IMAGENET_CATEGORIES, minSize: [33, 33] as const, recipe: 'https://github.com/pytorch/vision/tree/main/references/classification#efficientnet-v2', numParams: 54139356, metrics: { "ImageNet-1K": { "acc@1": 85.112, "acc@5": 97.156 } }, ops: 24.582, fileSize: 208.01, docs: "These weights improve upon the results of the original paper by using a modified version of TorchVision's `new training recipe <https://pytorch.org/blog/how-to-train-state-of-the-art-models-using-torchvision-latest-primitives/>`_." },
  },
}, 'IMAGENET1K_V1');

/**
 * The pretrained weights of `EfficientNet_V2_L` (torchvision's `EfficientNet_V2_L_Weights`); `DEFAULT` is `IMAGENET1K_V1`.
 * @example EfficientNet_V2_L_Weights.DEFAULT.meta.numParams // 118515272
 */
export const EfficientNet_V2_L_Weights = defineWeightsEnum('EfficientNet_V2_L_Weights', {
  IMAGENET1K_V1: {
    url: 'https://download.pytorch.org/models/efficientnet_v2_l-59c71312.pth',
    transforms: () => new ImageClassification({ cropSize: 480, resizeSize: 480, interpolation: 'bicubic', mean: [0.5, 0.5, 0.5] as const, std: [0.5, 0.5, 0.5] as const }),
    meta: { categories: _IMAGENET_CATEGORIES, minSize: [33, 33] as const, recipe: 'https://github.com/pytorch/vision/tree/main/references/classification#efficientnet-v2', numParams: 118515272, metrics: { "ImageNet-1K": { "acc@1": 85.808, "acc@5": 97.788 } }, ops: 56.08, fileSize: 454.573, docs: 'These weights are ported from the original paper.' },
  },
}, 'IMAGENET1K_V1');

/** Options of the EfficientNet builders: EfficientNet's options (the stage table fixed) and the weights. */
export interface EfficientNetBuilderOptions extends WeightsOptions, Omit<EfficientNetOptions, 'invertedResidualSetting' | 'lastChannel'> {}

function efficientnet(arch: EfficientNetArch, weightsEnum: WeightsEnum, conf: { widthMult?: number; depthMult?: number }, dropout: number,
  normLayer: LayerFactory<[number]> | null, options: unknown): EfficientNet {
  const o = builderOptions<EfficientNetBuilderOptions>(arch, options, ['dropout', 'stochasticDepthProb', 'numClasses', 'normLayer']);
  const weights = resolveWeights(arch, weightsEnum, o);
  if (weights !== null) _ovewriteNamedParam(o, 'numClasses', weights.meta.categories!.length);
  const [setting, lastChannel] = _efficientnetConf(arch, conf);
  const { weights: _w, progress: _p, modelDir: _m, pretrained: _pr, dropout: d, normLayer: n, ...rest } = o;
  const model = new EfficientNet(setting, d ?? dropout, { ...rest, lastChannel, normLayer: n ?? normLayer });
  if (weights !== null) loadWeights(model, weights, o);
  return model;
}

const bnEps3Mom1 = (c: number): nn.Module => new nn.BatchNorm2d(c, { eps: 0.001, momentum: 0.01 });
const bnEps3 = (c: number): nn.Module => new nn.BatchNorm2d(c, { eps: 1e-3 });

/**
 * EfficientNet-B0 (torchvision's `efficientnet_b0`: width x1.0, depth x1.0, dropout 0.2).
 * @example const model = models.efficientnetB0({ numClasses: 10 });
 */
export function efficientnetB0(options: EfficientNetBuilderOptions = {}): EfficientNet {
  return efficientnet('efficientnet_b0', EfficientNet_B0_Weights, { widthMult: 1.0, depthMult: 1.0 }, 0.2, null, options);
}

/**
 * EfficientNet-B1 (torchvision's `efficientnet_b1`: width x1.0, depth x1.1, dropout 0.2).
 * @example const model = models.efficientnetB1({ numClasses: 10 });
 */
export function efficientnetB1(options: EfficientNetBuilderOptions = {}): EfficientNet {
  return efficientnet('efficientnet_b1', EfficientNet_B1_Weights, { widthMult: 1.0, depthMult: 1.1 }, 0.2, null, options);
}

/**
 * EfficientNet-B2 (torchvision's `efficientnet_b2`: width x1.1, depth x1.2, dropout 0.3).
 * @example const model = models.efficientnetB2({ numClasses: 10 });
 */
export function efficientnetB2(options: EfficientNetBuilderOptions = {}): EfficientNet {
  return efficientnet('efficientnet_b2', EfficientNet_B2_Weights, { widthMult: 1.1, depthMult: 1.2 }, 0.3, null, options);
}

/**
 * EfficientNet-B3 (torchvision's `efficientnet_b3`: width x1.2, depth x1.4, dropout 0.3).
 * @example const model = models.efficientnetB3({ numClasses: 10 });
 */
export function efficientnetB3(options: EfficientNetBuilderOptions = {}): EfficientNet {
  return efficientnet('efficientnet_b3', EfficientNet_B3_Weights, { widthMult: 1.2, depthMult: 1.4 }, 0.3, null, options);
}

/**
 * EfficientNet-B4 (torchvision's `efficientnet_b4`: width x1.4, depth x1.8, dropout 0.4).
 * @example const model = models.efficientnetB4({ numClasses: 10 });
 */
export function efficientnetB4(options: EfficientNetBuilderOptions = {}): EfficientNet {
  return efficientnet('efficientnet_b4', EfficientNet_B4_Weights, { widthMult: 1.4, depthMult: 1.8 }, 0.4, null, options);
}

/**
 * EfficientNet-B5 (torchvision's `efficientnet_b5`: width x1.6, depth x2.2, dropout 0.4).
 * @example const model = models.efficientnetB5({ numClasses: 10 });
 */
export function efficientnetB5(options: EfficientNetBuilderOptions = {}): EfficientNet {
  return efficientnet('efficientnet_b5', EfficientNet_B5_Weights, { widthMult: 1.6, depthMult: 2.2 }, 0.4, bnEps3Mom1, options);
}

/**
 * EfficientNet-B6 (torchvision's `efficientnet_b6`: width x1.8, depth x2.6, dropout 0.5).
 * @example const model = models.efficientnetB6({ numClasses: 10 });
 */
export function efficientnetB6(options: EfficientNetBuilderOptions = {}): EfficientNet {
  return efficientnet('efficientnet_b6', EfficientNet_B6_Weights, { widthMult: 1.8, depthMult: 2.6 }, 0.5, bnEps3Mom1, options);
}

/**
 * EfficientNet-B7 (torchvision's `efficientnet_b7`: width x2.0, depth x3.1, dropout 0.5).
 * @example const model = models.efficientnetB7({ numClasses: 10 });
 */
export function efficientnetB7(options: EfficientNetBuilderOptions = {}): EfficientNet {
  return efficientnet('efficientnet_b7', EfficientNet_B7_Weights, { widthMult: 2.0, depthMult: 3.1 }, 0.5, bnEps3Mom1, options);
}

/**
 * EfficientNetV2-S (torchvision's `efficientnet_v2_s`).
 * @example const model = models.efficientnetV2S({ numClasses: 10 });
 */
export function efficientnetV2S(options: EfficientNetBuilderOptions = {}): EfficientNet {
  return efficientnet('efficientnet_v2_s', EfficientNet_V2_S_Weights, {}, 0.2, bnEps3, options);
}

/**
 * EfficientNetV2-M (torchvision's `efficientnet_v2_m`).
 * @example const model = models.efficientnetV2M({ numClasses: 10 });
 */
export function efficientnetV2M(options: EfficientNetBuilderOptions = {}): EfficientNet {
  return efficientnet('efficientnet_v2_m', EfficientNet_V2_M_Weights, {}, 0.3, bnEps3, options);
}

/**
 * EfficientNetV2-L (torchvision's `efficientnet_v2_l`).
 * @example const model = models.efficientnetV2L({ numClasses: 10 });
 */
export function efficientnetV2L(options: EfficientNetBuilderOptions = {}): EfficientNet {
  return efficientnet('efficientnet_v2_l', EfficientNet_V2_L_Weights, {}, 0.4, bnEps3, options);
}

registerModel('efficientnet_b0', efficientnetB0, EfficientNet_B0_Weights);
registerModel('efficientnet_b1', efficientnetB1, EfficientNet_B1_Weights);
registerModel('efficientnet_b2', efficientnetB2, EfficientNet_B2_Weights);
registerModel('efficientnet_b3', efficientnetB3, EfficientNet_B3_Weights);
registerModel('efficientnet_b4', efficientnetB4, EfficientNet_B4_Weights);
registerModel('efficientnet_b5', efficientnetB5, EfficientNet_B5_Weights);
registerModel('efficientnet_b6', efficientnetB6, EfficientNet_B6_Weights);
registerModel('efficientnet_b7', efficientnetB7, EfficientNet_B7_Weights);
registerModel('efficientnet_v2_s', efficientnetV2S, EfficientNet_V2_S_Weights);
registerModel('efficientnet_v2_m', efficientnetV2M, EfficientNet_V2_M_Weights);
registerModel('efficientnet_v2_l', efficientnetV2L, EfficientNet_V2_L_Weights);
