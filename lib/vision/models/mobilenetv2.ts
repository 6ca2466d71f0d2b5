// MobileNetV2 ("MobileNetV2: Inverted Residuals and Linear Bottlenecks"), as
// torchvision/models/mobilenetv2.py: the same module names and initialisation, so Python's
// state dicts load.
import type { Tensor } from '../../tensor.js';
import * as nn from '../../nn/index.js';
import { Module } from '../../nn/modules/module.js';
import { Conv2dNormActivation, makeLayer, type LayerFactory } from '../ops/misc.js';
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
 * MobileNetV2's block: 1x1 expansion, depthwise 3x3, linear 1x1 projection (`conv`), with a
 * residual connection when the shape is kept.
 * @example const block = new InvertedResidual(16, 24, 2, 6); block(torch.randn(1, 16, 8, 8)).shape // [1, 24, 4, 4]
 */
export class InvertedResidual extends Module {
  stride: number;
  useResConnect: boolean;
  conv: nn.Sequential;
  outChannels: number;
  _isCn: boolean;

  constructor(inp: number, oup: number, stride: number, expandRatio: number, options: { normLayer?: LayerFactory<[number]> | null } = {}) {
    super();
    this.stride = stride;
    if (stride !== 1 && stride !== 2) throw new RangeError(`stride should be 1 or 2 instead of ${stride}`);
    const normLayer = options.normLayer ?? nn.BatchNorm2d;
    const hiddenDim = pyRound(inp * expandRatio);
    this.useResConnect = this.stride === 1 && inp === oup;
    const layers: Module[] = [];
    if (expandRatio !== 1) {
      layers.push(new Conv2dNormActivation(inp, hiddenDim, { kernelSize: 1, normLayer, activationLayer: nn.ReLU6 }));
    }
    layers.push(
      new Conv2dNormActivation(hiddenDim, hiddenDim, { stride, groups: hiddenDim, normLayer, activationLayer: nn.ReLU6 }),
      new nn.Conv2d(hiddenDim, oup, 1, 1, 0, { bias: false }),
      makeLayer(normLayer, oup),
    );
    this.conv = new nn.Sequential(...layers);
    this.outChannels = oup;
    this._isCn = stride > 1;
  }

  forward(x: Tensor): Tensor {
    return this.useResConnect ? x.add(this.conv(x)) : this.conv(x);
  }
}

/** Options of MobileNetV2 (torchvision's keyword arguments). */
export interface MobileNetV2Options {
  /** Default 1000. */
  numClasses?: number;
  /** Multiplies the channels of every layer (default 1.0). */
  widthMult?: number;
  /** Rows [t, c, n, s]: expansion, channels, repeats, first stride (default the paper's). */
  invertedResidualSetting?: number[][] | null;
  /** Channels are rounded to a multiple of this (default 8; 1 turns rounding off). */
  roundNearest?: number;
  /** The block (default InvertedResidual), called as (inp, oup, stride, expandRatio, { normLayer }). */
  block?: LayerFactory<[number, number, number, number, { normLayer: LayerFactory<[number]> }]> | null;
  /** Default BatchNorm2d. */
  normLayer?: LayerFactory<[number]> | null;
  /** Dropout before the classifier (default 0.2). */
  dropout?: number;
}

/**
 * MobileNet V2 (https://arxiv.org/abs/1801.04381): `features` then `classifier` (Dropout, Linear).
 * @example const model = new MobileNetV2({ numClasses: 10 }); model(torch.randn(1, 3, 224, 224)).shape // [1, 10]
 */
export class MobileNetV2 extends Module {
  lastChannel: number;
  features: nn.Sequential;
  classifier: nn.Sequential;

  constructor(...args: Args<[numClasses: number, widthMult: number, invertedResidualSetting: number[][] | null, roundNearest: number,
    block: MobileNetV2Options['block'], normLayer: LayerFactory<[number]> | null, dropout: number], MobileNetV2Options>) {
    super();
    const where = 'MobileNetV2()';
    const o = parseArgs<Required<MobileNetV2Options>>(where, args,
      ['numClasses', 'widthMult', 'invertedResidualSetting', 'roundNearest', 'block', 'normLayer', 'dropout'],
      { numClasses: 1000, widthMult: 1.0, invertedResidualSetting: null, roundNearest: 8, block: null, normLayer: null, dropout: 0.2 });
    const numClasses = checkInt(where, 'numClasses', o.numClasses, 1);
    const block = o.block ?? InvertedResidual;
    const normLayer = o.normLayer ?? nn.BatchNorm2d;
    let inputChannel = 32;
    const lastChannel = 1280;
    const setting = o.invertedResidualSetting ?? [
      [1, 16, 1, 1], [6, 24, 2, 2], [6, 32, 3, 2], [6, 64, 4, 2], [6, 96, 3, 1], [6, 160, 3, 2], [6, 320, 1, 1],
    ];
    if (setting.length === 0 || setting[0]!.length !== 4) {
      throw new RangeError(`inverted_residual_setting should be non-empty or a 4-element list, got ${JSON.stringify(setting)}`);
    }
    inputChannel = _makeDivisible(inputChannel * o.widthMult, o.roundNearest);
    this.lastChannel = _makeDivisible(lastChannel * Math.max(1.0, o.widthMult), o.roundNearest);
    const features: Module[] = [new Conv2dNormActivation(3, inputChannel, { stride: 2, normLayer, activationLayer: nn.ReLU6 })];
    for (const [t, c, n, s] of setting as [number, number, number, number][]) {
      const outputChannel = _makeDivisible(c * o.widthMult, o.roundNearest);
      for (let i = 0; i < n; i++) {
        const stride = i === 0 ? s : 1;
        features.push(makeLayer(block, inputChannel, outputChannel, stride, t, { normLayer }));
        inputChannel = outputChannel;
      }
    }
    features.push(new Conv2dNormActivation(inputChannel, this.lastChannel, { kernelSize: 1, normLayer, activationLayer: nn.ReLU6 }));
    this.features = new nn.Sequential(...features);
    this.classifier = new nn.Sequential(new nn.Dropout({ p: o.dropout }), new nn.Linear(this.lastChannel, numClasses));

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
    x = nn.functional.adaptiveAvgPool2d(x, [1, 1]);
    x = x.flatten(1);
    return this.classifier(x);
  }
}

/**
 * The pretrained weights of `MobileNet_V2` (torchvision's `MobileNet_V2_Weights`); `DEFAULT` is `IMAGENET1K_V2`.
 * @example MobileNet_V2_Weights.DEFAULT.meta.numParams // 3504872
 */
export const MobileNet_V2_Weights = defineWeightsEnum('MobileNet_V2_Weights', {
  IMAGENET1K_V1: {
    url: 'https://download.pytorch.org/models/mobilenet_v2-b0353104.pth',
    transforms: () => new ImageClassification({ cropSize: 224 }),
    meta: { numParams: 3504872, minSize: [1, 1] as const, categories: _IMAGENET_CATEGORIES, recipe: 'https://github.com/pytorch/vision/tree/main/references/classification#mobilenetv2', metrics: { "ImageNet-1K": { "acc@1": 71.878, "acc@5": 90.286 } }, ops: 0.301, fileSize: 13.555, docs: 'These weights reproduce closely the results of the paper using a simple training recipe.' },
  },
  IMAGENET1K_V2: {
    url: 'https://download.pytorch.org/models/mobilenet_v2-7ebf99e0.pth',
    transforms: () => new ImageClassification({ cropSize: 224, resizeSize: 232 }),
    meta: { numParams: 3504872, minSize: [1, 1] as const, categories: _IMAGENET_CATEGORIES, recipe: 'https://github.com/pytorch/vision/issues/3995#new-recipe-with-reg-tuning', metrics: { "ImageNet-1K": { "acc@1": 72.154, "acc@5": 90.822 } }, ops: 0.301, fileSize: 13.598, docs: "These weights improve upon the results of the original paper by using a modified version of TorchVision's `new training recipe <https://pytorch.org/blog/how-to-train-state-of-the-art-models-using-torchvision-latest-primitives/>`_." },
  },
}, 'IMAGENET1K_V2');

/** Options of `mobilenetV2`: MobileNetV2's options and the weights. */
export interface MobileNetV2BuilderOptions extends WeightsOptions, MobileNetV2Options {}

/**
 * MobileNetV2 (torchvision's `mobilenet_v2`).
 * @example const model = models.mobilenetV2({ numClasses: 10 }); model.eval(); model(torch.randn(1, 3, 64, 64)).shape // [1, 10]
 */
export function mobilenetV2(options: MobileNetV2BuilderOptions = {}): MobileNetV2 {
  const where = 'mobilenet_v2';
  const o = builderOptions<MobileNetV2BuilderOptions>(where, options, ['numClasses', 'widthMult', 'invertedResidualSetting', 'roundNearest', 'block', 'normLayer', 'dropout']);
  const weights = resolveWeights(where, MobileNet_V2_Weights, o);
  if (weights !== null) _ovewriteNamedParam(o, 'numClasses', weights.meta.categories!.length);
  const { weights: _w, progress: _p, modelDir: _m, pretrained: _pr, ...rest } = o;
  const model = new MobileNetV2(rest);
  if (weights !== null) loadWeights(model, weights, o);
  return model;
}

registerModel('mobilenet_v2', mobilenetV2, MobileNet_V2_Weights);
