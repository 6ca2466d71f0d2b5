// MobileNetV3 ("Searching for MobileNetV3"), large and small, as torchvision/models/mobilenetv3.py:
// the same module names and initialisation, so Python's state dicts load.
import type { Tensor } from '../../tensor.js';
import * as nn from '../../nn/index.js';
import { Module } from '../../nn/modules/module.js';
import { Conv2dNormActivation, SqueezeExcitation, makeLayer, type LayerFactory } from '../ops/misc.js';
import { parseArgs, checkInt, describeValue, type Args } from '../../validate.js';
import { _makeDivisible } from './_utils.js';
import { ImageClassification } from '../transforms/_presets.js';
import { _IMAGENET_CATEGORIES } from './_meta.js';
import { defineWeightsEnum, registerModel, builderOptions, resolveWeights, _ovewriteNamedParam, loadWeights, type WeightsOptions, type WeightsEnum } from './_api.js';

/**
 * One row of MobileNetV3's table: channels (scaled by `widthMult`), kernel, squeeze-excitation,
 * activation ('RE' ReLU, 'HS' hard swish), stride and dilation.
 * @example const cnf = new InvertedResidualConfig(16, 3, 64, 24, false, 'RE', 2, 1, 1.0);
 */
export class InvertedResidualConfig {
  inputChannels: number;
  kernel: number;
  expandedChannels: number;
  outChannels: number;
  useSe: boolean;
  useHs: boolean;
  stride: number;
  dilation: number;

  constructor(inputChannels: number, kernel: number, expandedChannels: number, outChannels: number, useSe: boolean,
    activation: 'RE' | 'HS', stride: number, dilation: number, widthMult: number) {
    this.inputChannels = InvertedResidualConfig.adjustChannels(inputChannels, widthMult);
    this.kernel = kernel;
    this.expandedChannels = InvertedResidualConfig.adjustChannels(expandedChannels, widthMult);
    this.outChannels = InvertedResidualConfig.adjustChannels(outChannels, widthMult);
    this.useSe = useSe;
    this.useHs = activation === 'HS';
    this.stride = stride;
    this.dilation = dilation;
  }

  /** Channels times `widthMult`, rounded to a multiple of 8. @example InvertedResidualConfig.adjustChannels(20, 0.75) // 16 */
  static adjustChannels(channels: number, widthMult: number): number {
    return _makeDivisible(channels * widthMult, 8);
  }
}

/** The SE layer of MobileNetV3: SqueezeExcitation with a hard sigmoid gate. */
function seLayerDefault(inputChannels: number, squeezeChannels: number): Module {
  return new SqueezeExcitation(inputChannels, squeezeChannels, { scaleActivation: nn.Hardsigmoid });
}

/**
 * MobileNetV3's block (`block`: expansion, depthwise, optional squeeze-excitation, projection).
 * @example const b = new InvertedResidual(new InvertedResidualConfig(16, 3, 64, 24, false, 'RE', 2, 1, 1), nn.BatchNorm2d);
 */
export class InvertedResidual extends Module {
  useResConnect: boolean;
  block: nn.Sequential;
  outChannels: number;
  _isCn: boolean;

  constructor(cnf: InvertedResidualConfig, normLayer: LayerFactory<[number]>,
    seLayer: LayerFactory<[number, number]> = seLayerDefault) {
    super();
    if (!(cnf.stride >= 1 && cnf.stride <= 2)) throw new RangeError('illegal stride value');
    this.useResConnect = cnf.stride === 1 && cnf.inputChannels === cnf.outChannels;
    const layers: Module[] = [];
    const activationLayer = cnf.useHs ? nn.Hardswish : nn.ReLU;
    if (cnf.expandedChannels !== cnf.inputChannels) {
      layers.push(new Conv2dNormActivation(cnf.inputChannels, cnf.expandedChannels, { kernelSize: 1, normLayer, activationLayer }));
    }
    const stride = cnf.dilation > 1 ? 1 : cnf.stride;
    layers.push(new Conv2dNormActivation(cnf.expandedChannels, cnf.expandedChannels, {
      kernelSize: cnf.kernel, stride, dilation: cnf.dilation, groups: cnf.expandedChannels, normLayer, activationLayer,
    }));
    if (cnf.useSe) {
      const squeezeChannels = _makeDivisible(Math.floor(cnf.expandedChannels / 4), 8);
      layers.push(makeLayer(seLayer, cnf.expandedChannels, squeezeChannels));
    }
    layers.push(new Conv2dNormActivation(cnf.expandedChannels, cnf.outChannels, { kernelSize: 1, normLayer, activationLayer: null }));
    this.block = new nn.Sequential(...layers);
    this.outChannels = cnf.outChannels;
    this._isCn = cnf.stride > 1;
  }

  forward(input: Tensor): Tensor {
    const result = this.block(input);
    if (this.useResConnect) result.add_(input);
    return result;
  }
}

/** Options of MobileNetV3 (torchvision's keyword arguments after the two required ones). */
export interface MobileNetV3Options {
  invertedResidualSetting?: InvertedResidualConfig[];
  /** Channels of the penultimate layer. */
  lastChannel?: number;
  /** Default 1000. */
  numClasses?: number;
  /** The block (default InvertedResidual), called as (cnf, normLayer). */
  block?: LayerFactory<[InvertedResidualConfig, LayerFactory<[number]>]> | null;
  /** Default BatchNorm2d with eps 0.001, momentum 0.01. */
  normLayer?: LayerFactory<[number]> | null;
  /** Default 0.2. */
  dropout?: number;
}

/**
 * MobileNet V3 (https://arxiv.org/abs/1905.02244) from its block table: `features`, `avgpool`,
 * `classifier` (Linear, Hardswish, Dropout, Linear). `mobilenetV3Large`/`mobilenetV3Small` build the two variants.
 * @example const [setting, last] = _mobilenetV3Conf('mobilenet_v3_small'); const m = new MobileNetV3(setting, last, { numClasses: 10 });
 */
export class MobileNetV3 extends Module {
  features: nn.Sequential;
  avgpool: nn.AdaptiveAvgPool2d;
  classifier: nn.Sequential;

  constructor(...args: Args<[invertedResidualSetting: InvertedResidualConfig[], lastChannel: number, numClasses: number,
    block: MobileNetV3Options['block'], normLayer: LayerFactory<[number]> | null, dropout: number], MobileNetV3Options>) {
    super();
    const where = 'MobileNetV3()';
    const o = parseArgs<Required<MobileNetV3Options>>(where, args,
      ['invertedResidualSetting', 'lastChannel', 'numClasses', 'block', 'normLayer', 'dropout'],
      { numClasses: 1000, block: null, normLayer: null, dropout: 0.2 }, ['invertedResidualSetting', 'lastChannel']);
    const setting = o.invertedResidualSetting;
    if (Array.isArray(setting) && setting.length === 0) throw new RangeError('The inverted_residual_setting should not be empty');
    if (!Array.isArray(setting) || !setting.every((s) => s instanceof InvertedResidualConfig)) {
      throw new TypeError(`The inverted_residual_setting should be List[InvertedResidualConfig] (got ${describeValue(setting)})`);
    }
    const numClasses = checkInt(where, 'numClasses', o.numClasses, 1);
    const lastChannel = checkInt(where, 'lastChannel', o.lastChannel, 1);
    const block = o.block ?? InvertedResidual;
    const normLayer = o.normLayer ?? ((c: number) => new nn.BatchNorm2d(c, { eps: 0.001, momentum: 0.01 }));

    const layers: Module[] = [];
    const firstconvOutputChannels = setting[0]!.inputChannels;
    layers.push(new Conv2dNormActivation(3, firstconvOutputChannels, { kernelSize: 3, stride: 2, normLayer, activationLayer: nn.Hardswish }));
    for (const cnf of setting) layers.push(makeLayer(block, cnf, normLayer));
    const lastconvInputChannels = setting[setting.length - 1]!.outChannels;
    const lastconvOutputChannels = 6 * lastconvInputChannels;
    layers.push(new Conv2dNormActivation(lastconvInputChannels, lastconvOutputChannels, { kernelSize: 1, normLayer, activationLayer: nn.Hardswish }));
    this.features = new nn.Sequential(...layers);
    this.avgpool = new nn.AdaptiveAvgPool2d(1);
    this.classifier = new nn.Sequential(
      new nn.Linear(lastconvOutputChannels, lastChannel),
      new nn.Hardswish({ inplace: true }),
      new nn.Dropout({ p: o.dropout, inplace: true }),
      new nn.Linear(lastChannel, numClasses),
    );

    for (const m of this.modules()) {
      if (m instanceof nn.Conv2d) {
        nn.init.kaimingNormal_(m.weight, { mode: 'fan_out' });
        if (m.bias !== null) nn.init.zeros_(m.bias);
      } else if (m instanceof nn.BatchNorm2d || m instanceof nn.GroupNorm) {
        nn.init.ones_(m.weight!);
        nn.init.zeros_(m.bias!);
      } else if (m instanceof nn.Linear) {
        nn.init.normal_(m.weight, 0, 0.01);
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

/** Options of `_mobilenetV3Conf` (torchvision's `_mobilenet_v3_conf` keywords). */
export interface MobileNetV3ConfOptions {
  widthMult?: number;
  /** Halve the channels of the last blocks (detection backbones). */
  reducedTail?: boolean;
  /** Dilate the last blocks instead of striding (segmentation backbones). */
  dilated?: boolean;
}

/**
 * The block table and last channel count of 'mobilenet_v3_large' or 'mobilenet_v3_small'.
 * @example const [setting, lastChannel] = _mobilenetV3Conf('mobilenet_v3_large'); lastChannel // 1280
 */
export function _mobilenetV3Conf(arch: 'mobilenet_v3_large' | 'mobilenet_v3_small', options: MobileNetV3ConfOptions = {}): [InvertedResidualConfig[], number] {
  const widthMult = options.widthMult ?? 1.0;
  const r = options.reducedTail === true ? 2 : 1;
  const d = options.dilated === true ? 2 : 1;
  const b = (i: number, k: number, e: number, o: number, se: boolean, act: 'RE' | 'HS', s: number, dil: number): InvertedResidualConfig =>
    new InvertedResidualConfig(i, k, e, o, se, act, s, dil, widthMult);
  const q = (x: number): number => Math.floor(x / r);
  if (arch === 'mobilenet_v3_large') {
    return [[
      b(16, 3, 16, 16, false, 'RE', 1, 1),
      b(16, 3, 64, 24, false, 'RE', 2, 1),
      b(24, 3, 72, 24, false, 'RE', 1, 1),
      b(24, 5, 72, 40, true, 'RE', 2, 1),
      b(40, 5, 120, 40, true, 'RE', 1, 1),
      b(40, 5, 120, 40, true, 'RE', 1, 1),
      b(40, 3, 240, 80, false, 'HS', 2, 1),
      b(80, 3, 200, 80, false, 'HS', 1, 1),
      b(80, 3, 184, 80, false, 'HS', 1, 1),
      b(80, 3, 184, 80, false, 'HS', 1, 1),
      b(80, 3, 480, 112, true, 'HS', 1, 1),
      b(112, 3, 672, 112, true, 'HS', 1, 1),
      b(112, 5, 672, q(160), true, 'HS', 2, d),
      b(q(160), 5, q(960), q(160), true, 'HS', 1, d),
      b(q(160), 5, q(960), q(160), true, 'HS', 1, d),
    ], InvertedResidualConfig.adjustChannels(q(1280), widthMult)];
  }
  if (arch === 'mobilenet_v3_small') {
    return [[
      b(16, 3, 16, 16, true, 'RE', 2, 1),
      b(16, 3, 72, 24, false, 'RE', 2, 1),
      b(24, 3, 88, 24, false, 'RE', 1, 1),
      b(24, 5, 96, 40, true, 'HS', 2, 1),
      b(40, 5, 240, 40, true, 'HS', 1, 1),
      b(40, 5, 240, 40, true, 'HS', 1, 1),
      b(40, 5, 120, 48, true, 'HS', 1, 1),
      b(48, 5, 144, 48, true, 'HS', 1, 1),
      b(48, 5, 288, q(96), true, 'HS', 2, d),
      b(q(96), 5, q(576), q(96), true, 'HS', 1, d),
      b(q(96), 5, q(576), q(96), true, 'HS', 1, d),
    ], InvertedResidualConfig.adjustChannels(q(1024), widthMult)];
  }
  throw new RangeError(`Unsupported model type ${String(arch)}`);
}

/**
 * The pretrained weights of `MobileNet_V3_Large` (torchvision's `MobileNet_V3_Large_Weights`); `DEFAULT` is `IMAGENET1K_V2`.
 * @example MobileNet_V3_Large_Weights.DEFAULT.meta.numParams // 5483032
 */
export const MobileNet_V3_Large_Weights = defineWeightsEnum('MobileNet_V3_Large_Weights', {
  IMAGENET1K_V1: {
    url: 'https://download.pytorch.org/models/mobilenet_v3_large-8738ca79.pth',
    transforms: () => new ImageClassification({ cropSize: 224 }),
    meta: { minSize: [1, 1] as const, categories: _IMAGENET_CATEGORIES, numParams: 5483032, recipe: 'https://github.com/pytorch/vision/tree/main/references/classification#mobilenetv3-large--small', metrics: { "ImageNet-1K": { "acc@1": 74.042, "acc@5": 91.34 } }, ops: 0.217, fileSize: 21.114, docs: 'These weights were trained from scratch by using a simple training recipe.' },
  },
  IMAGENET1K_V2: {
    url: 'https://download.pytorch.org/models/mobilenet_v3_large-5c1a4163.pth',
    transforms: () => new ImageClassification({ cropSize: 224, resizeSize: 232 }),
    meta: { minSize: [1, 1] as const, categories: _IMAGENET_CATEGORIES, numParams: 5483032, recipe: 'https://github.com/pytorch/vision/issues/3995#new-recipe-with-reg-tuning', metrics: { "ImageNet-1K": { "acc@1": 75.274, "acc@5": 92.566 } }, ops: 0.217, fileSize: 21.107, docs: "These weights improve marginally upon the results of the original paper by using a modified version of TorchVision's `new training recipe <https://pytorch.org/blog/how-to-train-state-of-the-art-models-using-torchvision-latest-primitives/>`_." },
  },
}, 'IMAGENET1K_V2');

/**
 * The pretrained weights of `MobileNet_V3_Small` (torchvision's `MobileNet_V3_Small_Weights`); `DEFAULT` is `IMAGENET1K_V1`.
 * @example MobileNet_V3_Small_Weights.DEFAULT.meta.numParams // 2542856
 */
export const MobileNet_V3_Small_Weights = defineWeightsEnum('MobileNet_V3_Small_Weights', {
  IMAGENET1K_V1: {
    url: 'https://download.pytorch.org/models/mobilenet_v3_small-047dcff4.pth',
    transforms: () => new ImageClassification({ cropSize: 224 }),
    meta: { minSize: [1, 1] as const, categories: _IMAGENET_CATEGORIES, numParams: 2542856, recipe: 'https://github.com/pytorch/vision/tree/main/references/classification#mobilenetv3-large--small', metrics: { "ImageNet-1K": { "acc@1": 67.668, "acc@5": 87.402 } }, ops: 0.057, fileSize: 9.829, docs: 'These weights improve upon the results of the original paper by using a simple training recipe.' },
  },
}, 'IMAGENET1K_V1');

/** Options of `mobilenetV3Large`/`mobilenetV3Small`: MobileNetV3's options, the table's options and the weights. */
export interface MobileNetV3BuilderOptions extends WeightsOptions, Omit<MobileNetV3Options, 'invertedResidualSetting' | 'lastChannel'>, MobileNetV3ConfOptions {}

function mobilenetV3(arch: 'mobilenet_v3_large' | 'mobilenet_v3_small', weightsEnum: WeightsEnum, options: unknown): MobileNetV3 {
  const o = builderOptions<MobileNetV3BuilderOptions>(arch, options, ['numClasses', 'block', 'normLayer', 'dropout', 'widthMult', 'reducedTail', 'dilated']);
  const weights = resolveWeights(arch, weightsEnum, o);
  if (weights !== null) _ovewriteNamedParam(o, 'numClasses', weights.meta.categories!.length);
  const { weights: _w, progress: _p, modelDir: _m, pretrained: _pr, widthMult, reducedTail, dilated, ...rest } = o;
  const [setting, lastChannel] = _mobilenetV3Conf(arch, { widthMult, reducedTail, dilated });
  const model = new MobileNetV3(setting, lastChannel, rest);
  if (weights !== null) loadWeights(model, weights, o);
  return model;
}

/**
 * MobileNetV3-Large (torchvision's `mobilenet_v3_large`).
 * @example const model = models.mobilenetV3Large({ numClasses: 10 });
 */
export function mobilenetV3Large(options: MobileNetV3BuilderOptions = {}): MobileNetV3 {
  return mobilenetV3('mobilenet_v3_large', MobileNet_V3_Large_Weights, options);
}

/**
 * MobileNetV3-Small (torchvision's `mobilenet_v3_small`).
 * @example const model = models.mobilenetV3Small(); model.eval(); model(torch.randn(1, 3, 64, 64)).shape // [1, 1000]
 */
export function mobilenetV3Small(options: MobileNetV3BuilderOptions = {}): MobileNetV3 {
  return mobilenetV3('mobilenet_v3_small', MobileNet_V3_Small_Weights, options);
}

registerModel('mobilenet_v3_large', mobilenetV3Large, MobileNet_V3_Large_Weights);
registerModel('mobilenet_v3_small', mobilenetV3Small, MobileNet_V3_Small_Weights);
