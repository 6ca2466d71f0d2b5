// ShuffleNetV2 ("ShuffleNet V2: Practical Guidelines for Efficient CNN Architecture Design"), as
// torchvision/models/shufflenetv2.py: the same module names (and PyTorch's default layer
// initialisation, torchvision adds none), so Python's state dicts load.
import type { Tensor } from '../../tensor.js';
import { cat } from '../../generated/functions.js';
import * as nn from '../../nn/index.js';
import { Module } from '../../nn/modules/module.js';
import { makeLayer, type LayerFactory } from '../ops/misc.js';
import { parseArgs, checkInt, type Args } from '../../validate.js';
import { ImageClassification } from '../transforms/_presets.js';
import { _IMAGENET_CATEGORIES } from './_meta.js';
import { defineWeightsEnum, registerModel, builderOptions, resolveWeights, _ovewriteNamedParam, loadWeights, type WeightsOptions, type WeightsEnum } from './_api.js';

/**
 * Interleaves the channels of `groups` groups (torchvision's channel_shuffle).
 * @example channelShuffle(torch.arange(4).float().view(1, 4, 1, 1), 2).flatten().tolist() // [0, 2, 1, 3]
 */
export function channelShuffle(x: Tensor, groups: number): Tensor {
  const [batchsize, numChannels, height, width] = x.shape as [number, number, number, number];
  const channelsPerGroup = Math.floor(numChannels / groups);
  x = x.view(batchsize, groups, channelsPerGroup, height, width);
  x = x.transpose(1, 2).contiguous();
  return x.view(batchsize, numChannels, height, width);
}

/**
 * ShuffleNetV2's unit: split (stride 1) or two branches (stride 2), concatenated and shuffled.
 * @example const unit = new InvertedResidual(24, 116, 2); unit(torch.randn(1, 24, 8, 8)).shape // [1, 116, 4, 4]
 */
export class InvertedResidual extends Module {
  stride: number;
  branch1: nn.Sequential;
  branch2: nn.Sequential;

  constructor(inp: number, oup: number, stride: number) {
    super();
    if (!(stride >= 1 && stride <= 3)) throw new RangeError('illegal stride value');
    this.stride = stride;
    const branchFeatures = Math.floor(oup / 2);
    if (this.stride === 1 && inp !== branchFeatures << 1) {
      throw new RangeError(`Invalid combination of stride ${stride}, inp ${inp} and oup ${oup} values. If stride == 1 then inp should be equal to oup // 2 << 1.`);
    }
    if (this.stride > 1) {
      this.branch1 = new nn.Sequential(
        InvertedResidual.depthwiseConv(inp, inp, 3, this.stride, 1),
        new nn.BatchNorm2d(inp),
        new nn.Conv2d(inp, branchFeatures, { kernelSize: 1, stride: 1, padding: 0, bias: false }),
        new nn.BatchNorm2d(branchFeatures),
        new nn.ReLU({ inplace: true }),
      );
    } else {
      this.branch1 = new nn.Sequential();
    }
    this.branch2 = new nn.Sequential(
      new nn.Conv2d(this.stride > 1 ? inp : branchFeatures, branchFeatures, { kernelSize: 1, stride: 1, padding: 0, bias: false }),
      new nn.BatchNorm2d(branchFeatures),
      new nn.ReLU({ inplace: true }),
      InvertedResidual.depthwiseConv(branchFeatures, branchFeatures, 3, this.stride, 1),
      new nn.BatchNorm2d(branchFeatures),
      new nn.Conv2d(branchFeatures, branchFeatures, { kernelSize: 1, stride: 1, padding: 0, bias: false }),
      new nn.BatchNorm2d(branchFeatures),
      new nn.ReLU({ inplace: true }),
    );
  }

  /** A depthwise convolution (groups = input channels). @example InvertedResidual.depthwiseConv(24, 24, 3, 2, 1) */
  static depthwiseConv(i: number, o: number, kernelSize: number, stride = 1, padding = 0, bias = false): nn.Conv2d {
    return new nn.Conv2d(i, o, kernelSize, stride, padding, { bias, groups: i });
  }

  forward(x: Tensor): Tensor {
    let out: Tensor;
    if (this.stride === 1) {
      const [x1, x2] = x.chunk(2, 1) as [Tensor, Tensor];
      out = cat([x1, this.branch2(x2)], 1);
    } else {
      out = cat([this.branch1(x), this.branch2(x)], 1);
    }
    return channelShuffle(out, 2);
  }
}

/** Options of ShuffleNetV2 (torchvision's keyword arguments). */
export interface ShuffleNetV2Options {
  /** Units per stage (3 numbers). */
  stagesRepeats?: readonly number[];
  /** Channels of conv1, the three stages and conv5 (5 numbers). */
  stagesOutChannels?: readonly number[];
  /** Default 1000. */
  numClasses?: number;
  /** The unit (default InvertedResidual), called as (inp, oup, stride). */
  invertedResidual?: LayerFactory<[number, number, number]>;
}

/**
 * ShuffleNet V2 (https://arxiv.org/abs/1807.11164): `conv1`, `maxpool`, `stage2`..`stage4`, `conv5`, `fc`.
 * @example const m = new ShuffleNetV2([4, 8, 4], [24, 48, 96, 192, 1024], { numClasses: 10 }); m(torch.randn(1, 3, 64, 64)).shape // [1, 10]
 */
export class ShuffleNetV2 extends Module {
  _stageOutChannels: number[];
  conv1: nn.Sequential;
  maxpool: nn.MaxPool2d;
  stage2: nn.Sequential;
  stage3: nn.Sequential;
  stage4: nn.Sequential;
  conv5: nn.Sequential;
  fc: nn.Linear;

  constructor(...args: Args<[stagesRepeats: readonly number[], stagesOutChannels: readonly number[], numClasses: number,
    invertedResidual: LayerFactory<[number, number, number]>], ShuffleNetV2Options>) {
    super();
    const where = 'ShuffleNetV2()';
    const o = parseArgs<Required<ShuffleNetV2Options>>(where, args, ['stagesRepeats', 'stagesOutChannels', 'numClasses', 'invertedResidual'],
      { numClasses: 1000, invertedResidual: InvertedResidual }, ['stagesRepeats', 'stagesOutChannels']);
    if (!Array.isArray(o.stagesRepeats) || o.stagesRepeats.length !== 3) throw new RangeError('expected stages_repeats as list of 3 positive ints');
    if (!Array.isArray(o.stagesOutChannels) || o.stagesOutChannels.length !== 5) throw new RangeError('expected stages_out_channels as list of 5 positive ints');
    const numClasses = checkInt(where, 'numClasses', o.numClasses, 1);
    this._stageOutChannels = [...o.stagesOutChannels];
    let inputChannels = 3;
    let outputChannels = this._stageOutChannels[0]!;
    this.conv1 = new nn.Sequential(
      new nn.Conv2d(inputChannels, outputChannels, 3, 2, 1, { bias: false }),
      new nn.BatchNorm2d(outputChannels),
      new nn.ReLU({ inplace: true }),
    );
    inputChannels = outputChannels;
    this.maxpool = new nn.MaxPool2d({ kernelSize: 3, stride: 2, padding: 1 });
    const stages: nn.Sequential[] = [];
    for (let s = 0; s < 3; s++) {
      outputChannels = this._stageOutChannels[s + 1]!;
      const seq: Module[] = [makeLayer(o.invertedResidual, inputChannels, outputChannels, 2)];
      for (let i = 0; i < o.stagesRepeats[s]! - 1; i++) seq.push(makeLayer(o.invertedResidual, outputChannels, outputChannels, 1));
      stages.push(new nn.Sequential(...seq));
      inputChannels = outputChannels;
    }
    [this.stage2, this.stage3, this.stage4] = stages as [nn.Sequential, nn.Sequential, nn.Sequential];
    outputChannels = this._stageOutChannels[this._stageOutChannels.length - 1]!;
    this.conv5 = new nn.Sequential(
      new nn.Conv2d(inputChannels, outputChannels, 1, 1, 0, { bias: false }),
      new nn.BatchNorm2d(outputChannels),
      new nn.ReLU({ inplace: true }),
    );
    this.fc = new nn.Linear(outputChannels, numClasses);
  }

  forward(x: Tensor): Tensor {
    x = this.conv1(x);
    x = this.maxpool(x);
    x = this.stage2(x);
    x = this.stage3(x);
    x = this.stage4(x);
    x = this.conv5(x);
    x = x.mean([2, 3]);
    return this.fc(x);
  }
}

/**
 * The pretrained weights of `ShuffleNet_V2_X0_5` (torchvision's `ShuffleNet_V2_X0_5_Weights`); `DEFAULT` is `IMAGENET1K_V1`.
 * @example ShuffleNet_V2_X0_5_Weights.DEFAULT.meta.numParams // 1366792
 */
export const ShuffleNet_V2_X0_5_Weights = defineWeightsEnum('ShuffleNet_V2_X0_5_Weights', {
  IMAGENET1K_V1: {
    url: 'https://download.pytorch.org/models/shufflenetv2_x0.5-f707e7126e.pth',
    transforms: () => new ImageClassification({ cropSize: 224 }),
    meta: { minSize: [1, 1] as const, categories: _IMAGENET_CATEGORIES, recipe: 'https://github.com/ericsun99/Shufflenet-v2-Pytorch', numParams: 1366792, metrics: { "ImageNet-1K": { "acc@1": 60.552, "acc@5": 81.746 } }, ops: 0.04, fileSize: 5.282, docs: 'These weights were trained from scratch to reproduce closely the results of the paper.' },
  },
}, 'IMAGENET1K_V1');

/**
 * The pretrained weights of `ShuffleNet_V2_X1_0` (torchvision's `ShuffleNet_V2_X1_0_Weights`); `DEFAULT` is `IMAGENET1K_V1`.
 * @example ShuffleNet_V2_X1_0_Weights.DEFAULT.meta.numParams // 2278604
 */
export const ShuffleNet_V2_X1_0_Weights = defineWeightsEnum('ShuffleNet_V2_X1_0_Weights', {
  IMAGENET1K_V1: {
    url: 'https://download.pytorch.org/models/shufflenetv2_x1-5666bf0f80.pth',
    transforms: () => new ImageClassification({ cropSize: 224 }),
    meta: { minSize: [1, 1] as const, categories: _IMAGENET_CATEGORIES, recipe: 'https://github.com/ericsun99/Shufflenet-v2-Pytorch', numParams: 2278604, metrics: { "ImageNet-1K": { "acc@1": 69.362, "acc@5": 88.316 } }, ops: 0.145, fileSize: 8.791, docs: 'These weights were trained from scratch to reproduce closely the results of the paper.' },
  },
}, 'IMAGENET1K_V1');

/**
 * The pretrained weights of `ShuffleNet_V2_X1_5` (torchvision's `ShuffleNet_V2_X1_5_Weights`); `DEFAULT` is `IMAGENET1K_V1`.
 * @example ShuffleNet_V2_X1_5_Weights.DEFAULT.meta.numParams // 3503624
 */
export const ShuffleNet_V2_X1_5_Weights = defineWeightsEnum('ShuffleNet_V2_X1_5_Weights', {
  IMAGENET1K_V1: {
    url: 'https://download.pytorch.org/models/shufflenetv2_x1_5-3c479a10.pth',
    transforms: () => new ImageClassification({ cropSize: 224, resizeSize: 232 }),
    meta: { minSize: [1, 1] as const, categories: _IMAGENET_CATEGORIES, recipe: 'https://github.com/pytorch/vision/pull/5906', numParams: 3503624, metrics: { "ImageNet-1K": { "acc@1": 72.996, "acc@5": 91.086 } }, ops: 0.296, fileSize: 13.557, docs: "These weights were trained from scratch by using TorchVision's `new training recipe <https://pytorch.org/blog/how-to-train-state-of-the-art-models-using-torchvision-latest-primitives/>`_." },
  },
}, 'IMAGENET1K_V1');

/**
 * The pretrained weights of `ShuffleNet_V2_X2_0` (torchvision's `ShuffleNet_V2_X2_0_Weights`); `DEFAULT` is `IMAGENET1K_V1`.
 * @example ShuffleNet_V2_X2_0_Weights.DEFAULT.meta.numParams // 7393996
 */
export const ShuffleNet_V2_X2_0_Weights = defineWeightsEnum('ShuffleNet_V2_X2_0_Weights', {
  IMAGENET1K_V1: {
    url: 'https://download.pytorch.org/models/shufflenetv2_x2_0-8be3c8ee.pth',
    transforms: () => new ImageClassification({ cropSize: 224, resizeSize: 232 }),
    meta: { minSize: [1, 1] as const, categories: _IMAGENET_CATEGORIES, recipe: 'https://github.com/pytorch/vision/pull/5906', numParams: 7393996, metrics: { "ImageNet-1K": { "acc@1": 76.23, "acc@5": 93.006 } }, ops: 0.583, fileSize: 28.433, docs: "These weights were trained from scratch by using TorchVision's `new training recipe <https://pytorch.org/blog/how-to-train-state-of-the-art-models-using-torchvision-latest-primitives/>`_." },
  },
}, 'IMAGENET1K_V1');

/** Options of the ShuffleNetV2 builders: ShuffleNetV2's options (the stage sizes fixed) and the weights. */
export interface ShuffleNetV2BuilderOptions extends WeightsOptions, Omit<ShuffleNetV2Options, 'stagesRepeats' | 'stagesOutChannels'> {}

function shufflenetv2(where: string, weightsEnum: WeightsEnum, outChannels: number[], options: unknown): ShuffleNetV2 {
  const o = builderOptions<ShuffleNetV2BuilderOptions>(where, options, ['numClasses', 'invertedResidual']);
  const weights = resolveWeights(where, weightsEnum, o);
  if (weights !== null) _ovewriteNamedParam(o, 'numClasses', weights.meta.categories!.length);
  const { weights: _w, progress: _p, modelDir: _m, pretrained: _pr, ...rest } = o;
  const model = new ShuffleNetV2([4, 8, 4], outChannels, rest);
  if (weights !== null) loadWeights(model, weights, o);
  return model;
}

/**
 * ShuffleNetV2 with 0.5x output channels (torchvision's `shufflenet_v2_x0_5`).
 * @example const model = models.shufflenetV2X0_5({ numClasses: 10 });
 */
export function shufflenetV2X0_5(options: ShuffleNetV2BuilderOptions = {}): ShuffleNetV2 {
  return shufflenetv2('shufflenet_v2_x0_5', ShuffleNet_V2_X0_5_Weights, [24, 48, 96, 192, 1024], options);
}

/**
 * ShuffleNetV2 with 1.0x output channels (torchvision's `shufflenet_v2_x1_0`).
 * @example const model = models.shufflenetV2X1_0({ numClasses: 10 });
 */
export function shufflenetV2X1_0(options: ShuffleNetV2BuilderOptions = {}): ShuffleNetV2 {
  return shufflenetv2('shufflenet_v2_x1_0', ShuffleNet_V2_X1_0_Weights, [24, 116, 232, 464, 1024], options);
}

/**
 * ShuffleNetV2 with 1.5x output channels (torchvision's `shufflenet_v2_x1_5`).
 * @example const model = models.shufflenetV2X1_5({ numClasses: 10 });
 */
export function shufflenetV2X1_5(options: ShuffleNetV2BuilderOptions = {}): ShuffleNetV2 {
  return shufflenetv2('shufflenet_v2_x1_5', ShuffleNet_V2_X1_5_Weights, [24, 176, 352, 704, 1024], options);
}

/**
 * ShuffleNetV2 with 2.0x output channels (torchvision's `shufflenet_v2_x2_0`).
 * @example const model = models.shufflenetV2X2_0({ numClasses: 10 });
 */
export function shufflenetV2X2_0(options: ShuffleNetV2BuilderOptions = {}): ShuffleNetV2 {
  return shufflenetv2('shufflenet_v2_x2_0', ShuffleNet_V2_X2_0_Weights, [24, 244, 488, 976, 2048], options);
}

registerModel('shufflenet_v2_x0_5', shufflenetV2X0_5, ShuffleNet_V2_X0_5_Weights);
registerModel('shufflenet_v2_x1_0', shufflenetV2X1_0, ShuffleNet_V2_X1_0_Weights);
registerModel('shufflenet_v2_x1_5', shufflenetV2X1_5, ShuffleNet_V2_X1_5_Weights);
registerModel('shufflenet_v2_x2_0', shufflenetV2X2_0, ShuffleNet_V2_X2_0_Weights);
