// torchvision.models.resnet: ResNet, ResNeXt and Wide ResNet, with torchvision's module names
// (conv1, bn1, layer1.0.downsample.0, fc, ...) and initialisation, so state dicts move between
// Python and Node both ways.
import type { Tensor } from '../../tensor.js';
import { Module } from '../../nn/modules/module.js';
import { Conv2d } from '../../nn/modules/conv.js';
import { BatchNorm2d } from '../../nn/modules/batchnorm.js';
import { GroupNorm } from '../../nn/modules/normalization.js';
import { ReLU } from '../../nn/modules/activation.js';
import { MaxPool2d, AdaptiveAvgPool2d } from '../../nn/modules/pooling.js';
import { Linear } from '../../nn/modules/linear.js';
import { Sequential } from '../../nn/modules/container.js';
import * as init from '../../nn/init.js';
import { parseArgs, argTypeError, type Args } from '../../validate.js';
import { ImageClassification } from '../transforms/_presets.js';
import { _IMAGENET_CATEGORIES } from './_meta.js';
import {
  defineWeightsEnum, registerModel, builderOptions, resolveWeights, loadWeights, _ovewriteNamedParam,
  type Weights, type WeightsEnum, type WeightsOptions,
} from './_api.js';

/** A normalization layer factory, torchvision's `norm_layer` (default `nn.BatchNorm2d`): channels in, module out. */
export type NormLayer = (numFeatures: number) => Module;

const batchNorm2d: NormLayer = (c) => new BatchNorm2d(c);

/** 3x3 convolution with padding (torchvision's `conv3x3`). */
function conv3x3(inPlanes: number, outPlanes: number, stride = 1, groups = 1, dilation = 1): Conv2d {
  return new Conv2d(inPlanes, outPlanes, { kernelSize: 3, stride, padding: dilation, groups, bias: false, dilation });
}

/** 1x1 convolution (torchvision's `conv1x1`). */
function conv1x1(inPlanes: number, outPlanes: number, stride = 1): Conv2d {
  return new Conv2d(inPlanes, outPlanes, { kernelSize: 1, stride, bias: false });
}

/** The arguments of BasicBlock and Bottleneck, after `inplanes` and `planes` (torchvision's names, camelCased). */
export interface BlockOptions {
  inplanes?: number;
  planes?: number;
  stride?: number;
  downsample?: Module | null;
  groups?: number;
  baseWidth?: number;
  dilation?: number;
  normLayer?: NormLayer | null;
}

/** BasicBlock's and Bottleneck's arguments: torchvision's, positionally, then an options object. */
export type BlockArgs = [inplanes: number, planes: number,
  ...Args<[stride: number, downsample: Module | null, groups: number, baseWidth: number, dilation: number, normLayer: NormLayer | null], BlockOptions>];

const BLOCK_NAMES = ['inplanes', 'planes', 'stride', 'downsample', 'groups', 'baseWidth', 'dilation', 'normLayer'] as const;
const BLOCK_DEFAULTS = { stride: 1, downsample: null, groups: 1, baseWidth: 64, dilation: 1, normLayer: null };

function blockArgs(where: string, args: readonly unknown[]): Required<BlockOptions> & { inplanes: number; planes: number } {
  return parseArgs<Required<BlockOptions> & { inplanes: number; planes: number }>(where, args, [...BLOCK_NAMES], BLOCK_DEFAULTS, ['inplanes', 'planes']);
}

/**
 * ResNet's basic block (two 3x3 convolutions and a shortcut), torchvision's `BasicBlock`.
 * @example const block = new models.BasicBlock(64, 64); block(torch.randn(1, 64, 8, 8)).shape // [1, 64, 8, 8]
 */
export class BasicBlock extends Module {
  static expansion = 1;
  conv1: Conv2d;
  bn1: Module;
  relu: ReLU;
  conv2: Conv2d;
  bn2: Module;
  downsample: Module | null;
  stride: number;

  constructor(...args: BlockArgs) {
    super();
    const o = blockArgs('BasicBlock()', args);
    const normLayer = o.normLayer ?? batchNorm2d;
    if (o.groups !== 1 || o.baseWidth !== 64) throw new Error('BasicBlock only supports groups=1 and base_width=64');
    if (o.dilation > 1) throw new Error('Dilation > 1 not supported in BasicBlock');
    // Both conv1 and downsample downsample the input when stride != 1.
    this.conv1 = conv3x3(o.inplanes, o.planes, o.stride);
    this.bn1 = normLayer(o.planes);
    this.relu = new ReLU({ inplace: true });
    this.conv2 = conv3x3(o.planes, o.planes);
    this.bn2 = normLayer(o.planes);
    this.downsample = o.downsample;
    this.stride = o.stride;
  }

  forward(x: Tensor): Tensor {
    let identity = x;
    let out = this.conv1(x);
    out = this.bn1(out) as Tensor;
    out = this.relu(out);
    out = this.conv2(out);
    out = this.bn2(out) as Tensor;
    if (this.downsample !== null) identity = this.downsample(x) as Tensor;
    out.add_(identity);
    return this.relu(out);
  }
}

/**
 * ResNet's bottleneck block (1x1, 3x3, 1x1 convolutions and a shortcut), torchvision's
 * `Bottleneck`: the stride is on the 3x3 convolution (ResNet V1.5), as torchvision places it.
 * @example const block = new models.Bottleneck(256, 64); block(torch.randn(1, 256, 8, 8)).shape // [1, 256, 8, 8]
 */
export class Bottleneck extends Module {
  static expansion = 4;
  conv1: Conv2d;
  bn1: Module;
  conv2: Conv2d;
  bn2: Module;
  conv3: Conv2d;
  bn3: Module;
  relu: ReLU;
  downsample: Module | null;
  stride: number;

  constructor(...args: BlockArgs) {
    super();
    const o = blockArgs('Bottleneck()', args);
    const normLayer = o.normLayer ?? batchNorm2d;
    const width = Math.trunc(o.planes * (o.baseWidth / 64.0)) * o.groups;
    // Both conv2 and downsample downsample the input when stride != 1.
    this.conv1 = conv1x1(o.inplanes, width);
    this.bn1 = normLayer(width);
    this.conv2 = conv3x3(width, width, o.stride, o.groups, o.dilation);
    this.bn2 = normLayer(width);
    this.conv3 = conv1x1(width, o.planes * Bottleneck.expansion);
    this.bn3 = normLayer(o.planes * Bottleneck.expansion);
    this.relu = new ReLU({ inplace: true });
    this.downsample = o.downsample;
    this.stride = o.stride;
  }

  forward(x: Tensor): Tensor {
    let identity = x;
    let out = this.conv1(x);
    out = this.bn1(out) as Tensor;
    out = this.relu(out);
    out = this.conv2(out);
    out = this.bn2(out) as Tensor;
    out = this.relu(out);
    out = this.conv3(out);
    out = this.bn3(out) as Tensor;
    if (this.downsample !== null) identity = this.downsample(x) as Tensor;
    out.add_(identity);
    return this.relu(out);
  }
}

/** A ResNet block class: BasicBlock or Bottleneck (or one with the same constructor and `expansion`). */
export type ResNetBlock = (new (...args: BlockArgs) => Module) & { expansion: number };

/** Options of the ResNet constructor (torchvision's keyword arguments, camelCased). */
export interface ResNetOptions {
  numClasses?: number;
  /** Zero-initialise the last BN of each residual branch, so each block starts as an identity. */
  zeroInitResidual?: boolean;
  groups?: number;
  widthPerGroup?: number;
  /** For layer2..layer4: replace the stride-2 with a dilated convolution. */
  replaceStrideWithDilation?: readonly [boolean, boolean, boolean] | readonly boolean[] | null;
  normLayer?: NormLayer | null;
}

const RESNET_OPTION_KEYS = ['numClasses', 'zeroInitResidual', 'groups', 'widthPerGroup', 'replaceStrideWithDilation', 'normLayer'] as const;

/**
 * torchvision's ResNet: `new models.ResNet(models.BasicBlock, [2, 2, 2, 2])` is resnet18's
 * network. Module names and initialisation are torchvision's (kaiming-normal fan-out convolutions,
 * unit/zero norm layers, PyTorch's default Linear init for fc).
 * @example
 * const net = new models.ResNet(models.Bottleneck, [3, 4, 6, 3], { numClasses: 10 });
 * net(torch.randn(2, 3, 64, 64)).shape // [2, 10]
 */
export class ResNet extends Module {
  _normLayer: NormLayer;
  inplanes: number;
  dilation: number;
  groups: number;
  baseWidth: number;
  conv1: Conv2d;
  bn1: Module;
  relu: ReLU;
  maxpool: MaxPool2d;
  layer1: Sequential;
  layer2: Sequential;
  layer3: Sequential;
  layer4: Sequential;
  avgpool: AdaptiveAvgPool2d;
  fc: Linear;

  constructor(block: ResNetBlock, layers: readonly number[], ...args: [numClasses?: number, zeroInitResidual?: boolean, groups?: number, widthPerGroup?: number,
    replaceStrideWithDilation?: ResNetOptions['replaceStrideWithDilation'], normLayer?: NormLayer | null, options?: ResNetOptions] | [options?: ResNetOptions]) {
    super();
    const where = 'ResNet()';
    if (typeof block !== 'function' || typeof (block as { expansion?: unknown }).expansion !== 'number') throw argTypeError(where, 'block', 'BasicBlock or Bottleneck', block);
    if (!Array.isArray(layers) || layers.length !== 4 || !layers.every((n) => Number.isInteger(n) && n >= 0)) throw argTypeError(where, 'layers', 'an array of 4 block counts', layers);
    const o = parseArgs<Required<ResNetOptions>>(where, args, [...RESNET_OPTION_KEYS],
      { numClasses: 1000, zeroInitResidual: false, groups: 1, widthPerGroup: 64, replaceStrideWithDilation: null, normLayer: null });
    const normLayer = o.normLayer ?? batchNorm2d;
    this._normLayer = normLayer;
    this.inplanes = 64;
    this.dilation = 1;
    // Each element says whether to replace that stage's 2x2 stride with a dilated convolution.
    const rswd = o.replaceStrideWithDilation ?? [false, false, false];
    if (rswd.length !== 3) throw new Error(`replace_stride_with_dilation should be None or a 3-element tuple, got [${rswd.map((b) => (b ? 'True' : 'False')).join(', ')}]`);
    this.groups = o.groups;
    this.baseWidth = o.widthPerGroup;
    this.conv1 = new Conv2d(3, this.inplanes, { kernelSize: 7, stride: 2, padding: 3, bias: false });
    this.bn1 = normLayer(this.inplanes);
    this.relu = new ReLU({ inplace: true });
    this.maxpool = new MaxPool2d({ kernelSize: 3, stride: 2, padding: 1 });
    this.layer1 = this._makeLayer(block, 64, layers[0]!);
    this.layer2 = this._makeLayer(block, 128, layers[1]!, 2, rswd[0]!);
    this.layer3 = this._makeLayer(block, 256, layers[2]!, 2, rswd[1]!);
    this.layer4 = this._makeLayer(block, 512, layers[3]!, 2, rswd[2]!);
    this.avgpool = new AdaptiveAvgPool2d([1, 1]);
    this.fc = new Linear(512 * block.expansion, o.numClasses);

    for (const m of this.modules()) {
      if (m instanceof Conv2d) {
        init.kaimingNormal_(m.weight, { mode: 'fan_out', nonlinearity: 'relu' });
      } else if (m instanceof BatchNorm2d || m instanceof GroupNorm) {
        init.constant_(m.weight!, 1);
        init.constant_(m.bias!, 0);
      }
    }
    // Zero-initialise the last BN of each residual branch, so that each residual block starts as
    // an identity (https://arxiv.org/abs/1706.02677).
    if (o.zeroInitResidual) {
      for (const m of this.modules()) {
        const w = m instanceof Bottleneck ? (m.bn3 as { weight?: Tensor | null }).weight
          : m instanceof BasicBlock ? (m.bn2 as { weight?: Tensor | null }).weight : undefined;
        if (w !== undefined && w !== null) init.constant_(w, 0);
      }
    }
  }

  /** torchvision's `_make_layer`: one stage of `blocks` blocks. @internal */
  _makeLayer(block: ResNetBlock, planes: number, blocks: number, stride = 1, dilate = false): Sequential {
    const normLayer = this._normLayer;
    let downsample: Module | null = null;
    const previousDilation = this.dilation;
    if (dilate) {
      this.dilation *= stride;
      stride = 1;
    }
    if (stride !== 1 || this.inplanes !== planes * block.expansion) {
      downsample = new Sequential(conv1x1(this.inplanes, planes * block.expansion, stride), normLayer(planes * block.expansion));
    }
    const layers: Module[] = [];
    layers.push(new block(this.inplanes, planes, stride, downsample, this.groups, this.baseWidth, previousDilation, normLayer));
    this.inplanes = planes * block.expansion;
    for (let i = 1; i < blocks; i++) {
      layers.push(new block(this.inplanes, planes, { groups: this.groups, baseWidth: this.baseWidth, dilation: this.dilation, normLayer }));
    }
    return new Sequential(...layers);
  }

  /** @internal torchvision's `_forward_impl`. */
  _forwardImpl(x: Tensor): Tensor {
    x = this.conv1(x);
    x = this.bn1(x) as Tensor;
    x = this.relu(x);
    x = this.maxpool(x);
    x = this.layer1(x) as Tensor;
    x = this.layer2(x) as Tensor;
    x = this.layer3(x) as Tensor;
    x = this.layer4(x) as Tensor;
    x = this.avgpool(x);
    x = x.flatten(1);
    return this.fc(x);
  }

  forward(x: Tensor): Tensor {
    return this._forwardImpl(x);
  }
}

/** Options of the ResNet builders: the weights options and ResNet's (`numClasses`, `zeroInitResidual`, ...). */
export interface ResNetBuilderOptions extends WeightsOptions, ResNetOptions {}

function _resnet(where: string, block: ResNetBlock, layers: number[], weightsEnum: WeightsEnum, options: ResNetBuilderOptions | undefined,
  fixed: Partial<ResNetOptions> = {}): ResNet {
  const o = builderOptions<ResNetBuilderOptions>(where, options, RESNET_OPTION_KEYS);
  const weights: Weights | null = resolveWeights(where, weightsEnum, o);
  for (const [k, v] of Object.entries(fixed) as [keyof ResNetOptions & ('groups' | 'widthPerGroup'), number][]) _ovewriteNamedParam(o, k, v);
  if (weights !== null) _ovewriteNamedParam(o, 'numClasses', weights.meta.categories!.length);
  const model = new ResNet(block, layers, {
    numClasses: o.numClasses, zeroInitResidual: o.zeroInitResidual, groups: o.groups, widthPerGroup: o.widthPerGroup,
    replaceStrideWithDilation: o.replaceStrideWithDilation, normLayer: o.normLayer,
  });
  if (weights !== null) loadWeights(model, weights, o);
  return model;
}


/**
 * torchvision's `ResNet18_Weights`: the pretrained weights of `resnet18` (files are not downloaded; see `Weights.getStateDict`).
 * @example models.ResNet18_Weights.DEFAULT.meta.numParams // 11689512
 */
export const ResNet18_Weights = defineWeightsEnum('ResNet18_Weights', {
  IMAGENET1K_V1: {
    url: 'https://download.pytorch.org/models/resnet18-f37072fd.pth',
    transforms: () => new ImageClassification({ cropSize: 224 }),
    meta: {
      minSize: [1, 1],
      categories: _IMAGENET_CATEGORIES,
      numParams: 11689512,
      recipe: 'https://github.com/pytorch/vision/tree/main/references/classification#resnet',
      metrics: { 'ImageNet-1K': { 'acc@1': 69.758, 'acc@5': 89.078 } },
      ops: 1.814,
      fileSize: 44.661,
      docs: 'These weights reproduce closely the results of the paper using a simple training recipe.',
    },
  },
}, 'IMAGENET1K_V1');

/**
 * torchvision's `ResNet34_Weights`: the pretrained weights of `resnet34` (files are not downloaded; see `Weights.getStateDict`).
 * @example models.ResNet34_Weights.DEFAULT.meta.numParams // 21797672
 */
export const ResNet34_Weights = defineWeightsEnum('ResNet34_Weights', {
  IMAGENET1K_V1: {
    url: 'https://download.pytorch.org/models/resnet34-b627a593.pth',
    transforms: () => new ImageClassification({ cropSize: 224 }),
    meta: {
      minSize: [1, 1],
      categories: _IMAGENET_CATEGORIES,
      numParams: 21797672,
      recipe: 'https://github.com/pytorch/vision/tree/main/references/classification#resnet',
      metrics: { 'ImageNet-1K': { 'acc@1': 73.314, 'acc@5': 91.42 } },
      ops: 3.664,
      fileSize: 83.275,
      docs: 'These weights reproduce closely the results of the paper using a simple training recipe.',
    },
  },
}, 'IMAGENET1K_V1');

/**
 * torchvision's `ResNet50_Weights`: the pretrained weights of `resnet50` (files are not downloaded; see `Weights.getStateDict`).
 * @example models.ResNet50_Weights.DEFAULT.meta.numParams // 25557032
 */
export const ResNet50_Weights = defineWeightsEnum('ResNet50_Weights', {
  IMAGENET1K_V1: {
    url: 'https://download.pytorch.org/models/resnet50-0676ba61.pth',
    transforms: () => new ImageClassification({ cropSize: 224 }),
    meta: {
      minSize: [1, 1],
      categories: _IMAGENET_CATEGORIES,
      numParams: 25557032,
      recipe: 'https://github.com/pytorch/vision/tree/main/references/classification#resnet',
      metrics: { 'ImageNet-1K': { 'acc@1': 76.13, 'acc@5': 92.862 } },
      ops: 4.089,
      fileSize: 97.781,
      docs: 'These weights reproduce closely the results of the paper using a simple training recipe.',
    },
  },
  IMAGENET1K_V2: {
    url: 'https://download.pytorch.org/models/resnet50-11ad3fa6.pth',
    transforms: () => new ImageClassification({ cropSize: 224, resizeSize: 232 }),
    meta: {
      minSize: [1, 1],
      categories: _IMAGENET_CATEGORIES,
      numParams: 25557032,
      recipe: 'https://github.com/pytorch/vision/issues/3995#issuecomment-1013906621',
      metrics: { 'ImageNet-1K': { 'acc@1': 80.858, 'acc@5': 95.434 } },
      ops: 4.089,
      fileSize: 97.79,
      docs: 'These weights improve upon the results of the original paper by using TorchVision\'s `new training recipe <https://pytorch.org/blog/how-to-train-state-of-the-art-models-using-torchvision-latest-primitives/>`_.',
    },
  },
}, 'IMAGENET1K_V2');

/**
 * torchvision's `ResNet101_Weights`: the pretrained weights of `resnet101` (files are not downloaded; see `Weights.getStateDict`).
 * @example models.ResNet101_Weights.DEFAULT.meta.numParams // 44549160
 */
export const ResNet101_Weights = defineWeightsEnum('ResNet101_Weights', {
  IMAGENET1K_V1: {
    url: 'https://download.pytorch.org/models/resnet101-63fe2227.pth',
    transforms: () => new ImageClassification({ cropSize: 224 }),
    meta: {
      minSize: [1, 1],
      categories: _IMAGENET_CATEGORIES,
      numParams: 44549160,
      recipe: 'https://github.com/pytorch/vision/tree/main/references/classification#resnet',
      metrics: { 'ImageNet-1K': { 'acc@1': 77.374, 'acc@5': 93.546 } },
      ops: 7.801,
      fileSize: 170.511,
      docs: 'These weights reproduce closely the results of the paper using a simple training recipe.',
    },
  },
  IMAGENET1K_V2: {
    url: 'https://download.pytorch.org/models/resnet101-cd907fc2.pth',
    transforms: () => new ImageClassification({ cropSize: 224, resizeSize: 232 }),
    meta: {
      minSize: [1, 1],
      categories: _IMAGENET_CATEGORIES,
      numParams: 44549160,
      recipe: 'https://github.com/pytorch/vision/issues/3995#new-recipe',
      metrics: { 'ImageNet-1K': { 'acc@1': 81.886, 'acc@5': 95.78 } },
      ops: 7.801,
      fileSize: 170.53,
      docs: 'These weights improve upon the results of the original paper by using TorchVision\'s `new training recipe <https://pytorch.org/blog/how-to-train-state-of-the-art-models-using-torchvision-latest-primitives/>`_.',
    },
  },
}, 'IMAGENET1K_V2');

/**
 * torchvision's `ResNet152_Weights`: the pretrained weights of `resnet152` (files are not downloaded; see `Weights.getStateDict`).
 * @example models.ResNet152_Weights.DEFAULT.meta.numParams // 60192808
 */
export const ResNet152_Weights = defineWeightsEnum('ResNet152_Weights', {
  IMAGENET1K_V1: {
    url: 'https://download.pytorch.org/models/resnet152-394f9c45.pth',
    transforms: () => new ImageClassification({ cropSize: 224 }),
    meta: {
      minSize: [1, 1],
      categories: _IMAGENET_CATEGORIES,
      numParams: 60192808,
      recipe: 'https://github.com/pytorch/vision/tree/main/references/classification#resnet',
      metrics: { 'ImageNet-1K': { 'acc@1': 78.312, 'acc@5': 94.046 } },
      ops: 11.514,
      fileSize: 230.434,
      docs: 'These weights reproduce closely the results of the paper using a simple training recipe.',
    },
  },
  IMAGENET1K_V2: {
    url: 'https://download.pytorch.org/models/resnet152-f82ba261.pth',
    transforms: () => new ImageClassification({ cropSize: 224, resizeSize: 232 }),
    meta: {
      minSize: [1, 1],
      categories: _IMAGENET_CATEGORIES,
      numParams: 60192808,
      recipe: 'https://github.com/pytorch/vision/issues/3995#new-recipe',
      metrics: { 'ImageNet-1K': { 'acc@1': 82.284, 'acc@5': 96.002 } },
      ops: 11.514,
      fileSize: 230.474,
      docs: 'These weights improve upon the results of the original paper by using TorchVision\'s `new training recipe <https://pytorch.org/blog/how-to-train-state-of-the-art-models-using-torchvision-latest-primitives/>`_.',
    },
  },
}, 'IMAGENET1K_V2');

/**
 * torchvision's `ResNeXt50_32X4D_Weights`: the pretrained weights of `resnext50_32x4d` (files are not downloaded; see `Weights.getStateDict`).
 * @example models.ResNeXt50_32X4D_Weights.DEFAULT.meta.numParams // 25028904
 */
export const ResNeXt50_32X4D_Weights = defineWeightsEnum('ResNeXt50_32X4D_Weights', {
  IMAGENET1K_V1: {
    url: 'https://download.pytorch.org/models/resnext50_32x4d-7cdf4587.pth',
    transforms: () => new ImageClassification({ cropSize: 224 }),
    meta: {
      minSize: [1, 1],
      categories: _IMAGENET_CATEGORIES,
      numParams: 25028904,
      recipe: 'https://github.com/pytorch/vision/tree/main/references/classification#resnext',
      metrics: { 'ImageNet-1K': { 'acc@1': 77.618, 'acc@5': 93.698 } },
      ops: 4.23,
      fileSize: 95.789,
      docs: 'These weights reproduce closely the results of the paper using a simple training recipe.',
    },
  },
  IMAGENET1K_V2: {
    url: 'https://download.pytorch.org/models/resnext50_32x4d-1a0047aa.pth',
    transforms: () => new ImageClassification({ cropSize: 224, resizeSize: 232 }),
    meta: {
      minSize: [1, 1],
      categories: _IMAGENET_CATEGORIES,
      numParams: 25028904,
      recipe: 'https://github.com/pytorch/vision/issues/3995#new-recipe',
      metrics: { 'ImageNet-1K': { 'acc@1': 81.198, 'acc@5': 95.34 } },
      ops: 4.23,
      fileSize: 95.833,
      docs: 'These weights improve upon the results of the original paper by using TorchVision\'s `new training recipe <https://pytorch.org/blog/how-to-train-state-of-the-art-models-using-torchvision-latest-primitives/>`_.',
    },
  },
}, 'IMAGENET1K_V2');

/**
 * torchvision's `ResNeXt101_32X8D_Weights`: the pretrained weights of `resnext101_32x8d` (files are not downloaded; see `Weights.getStateDict`).
 * @example models.ResNeXt101_32X8D_Weights.DEFAULT.meta.numParams // 88791336
 */
export const ResNeXt101_32X8D_Weights = defineWeightsEnum('ResNeXt101_32X8D_Weights', {
  IMAGENET1K_V1: {
    url: 'https://download.pytorch.org/models/resnext101_32x8d-8ba56ff5.pth',
    transforms: () => new ImageClassification({ cropSize: 224 }),
    meta: {
      minSize: [1, 1],
      categories: _IMAGENET_CATEGORIES,
      numParams: 88791336,
      recipe: 'https://github.com/pytorch/vision/tree/main/references/classification#resnext',
      metrics: { 'ImageNet-1K': { 'acc@1': 79.312, 'acc@5': 94.526 } },
      ops: 16.414,
      fileSize: 339.586,
      docs: 'These weights reproduce closely the results of the paper using a simple training recipe.',
    },
  },
  IMAGENET1K_V2: {
    url: 'https://download.pytorch.org/models/resnext101_32x8d-110c445d.pth',
    transforms: () => new ImageClassification({ cropSize: 224, resizeSize: 232 }),
    meta: {
      minSize: [1, 1],
      categories: _IMAGENET_CATEGORIES,
      numParams: 88791336,
      recipe: 'https://github.com/pytorch/vision/issues/3995#new-recipe-with-fixres',
      metrics: { 'ImageNet-1K': { 'acc@1': 82.834, 'acc@5': 96.228 } },
      ops: 16.414,
      fileSize: 339.673,
      docs: 'These weights improve upon the results of the original paper by using TorchVision\'s `new training recipe <https://pytorch.org/blog/how-to-train-state-of-the-art-models-using-torchvision-latest-primitives/>`_.',
    },
  },
}, 'IMAGENET1K_V2');

/**
 * torchvision's `ResNeXt101_64X4D_Weights`: the pretrained weights of `resnext101_64x4d` (files are not downloaded; see `Weights.getStateDict`).
 * @example models.ResNeXt101_64X4D_Weights.DEFAULT.meta.numParams // 83455272
 */
export const ResNeXt101_64X4D_Weights = defineWeightsEnum('ResNeXt101_64X4D_Weights', {
  IMAGENET1K_V1: {
    url: 'https://download.pytorch.org/models/resnext101_64x4d-173b62eb.pth',
    transforms: () => new ImageClassification({ cropSize: 224, resizeSize: 232 }),
    meta: {
      minSize: [1, 1],
      categories: _IMAGENET_CATEGORIES,
      numParams: 83455272,
      recipe: 'https://github.com/pytorch/vision/pull/5935',
      metrics: { 'ImageNet-1K': { 'acc@1': 83.246, 'acc@5': 96.454 } },
      ops: 15.46,
      fileSize: 319.318,
      docs: 'These weights were trained from scratch by using TorchVision\'s `new training recipe <https://pytorch.org/blog/how-to-train-state-of-the-art-models-using-torchvision-latest-primitives/>`_.',
    },
  },
}, 'IMAGENET1K_V1');

/**
 * torchvision's `Wide_ResNet50_2_Weights`: the pretrained weights of `wide_resnet50_2` (files are not downloaded; see `Weights.getStateDict`).
 * @example models.Wide_ResNet50_2_Weights.DEFAULT.meta.numParams // 68883240
 */
export const Wide_ResNet50_2_Weights = defineWeightsEnum('Wide_ResNet50_2_Weights', {
  IMAGENET1K_V1: {
    url: 'https://download.pytorch.org/models/wide_resnet50_2-95faca4d.pth',
    transforms: () => new ImageClassification({ cropSize: 224 }),
    meta: {
      minSize: [1, 1],
      categories: _IMAGENET_CATEGORIES,
      numParams: 68883240,
      recipe: 'https://github.com/pytorch/vision/pull/912#issue-445437439',
      metrics: { 'ImageNet-1K': { 'acc@1': 78.468, 'acc@5': 94.086 } },
      ops: 11.398,
      fileSize: 131.82,
      docs: 'These weights reproduce closely the results of the paper using a simple training recipe.',
    },
  },
  IMAGENET1K_V2: {
    url: 'https://download.pytorch.org/models/wide_resnet50_2-9ba9bcbe.pth',
    transforms: () => new ImageClassification({ cropSize: 224, resizeSize: 232 }),
    meta: {
      minSize: [1, 1],
      categories: _IMAGENET_CATEGORIES,
      numParams: 68883240,
      recipe: 'https://github.com/pytorch/vision/issues/3995#new-recipe-with-fixres',
      metrics: { 'ImageNet-1K': { 'acc@1': 81.602, 'acc@5': 95.758 } },
      ops: 11.398,
      fileSize: 263.124,
      docs: 'These weights improve upon the results of the original paper by using TorchVision\'s `new training recipe <https://pytorch.org/blog/how-to-train-state-of-the-art-models-using-torchvision-latest-primitives/>`_.',
    },
  },
}, 'IMAGENET1K_V2');

/**
 * torchvision's `Wide_ResNet101_2_Weights`: the pretrained weights of `wide_resnet101_2` (files are not downloaded; see `Weights.getStateDict`).
 * @example models.Wide_ResNet101_2_Weights.DEFAULT.meta.numParams // 126886696
 */
export const Wide_ResNet101_2_Weights = defineWeightsEnum('Wide_ResNet101_2_Weights', {
  IMAGENET1K_V1: {
    url: 'https://download.pytorch.org/models/wide_resnet101_2-32ee1156.pth',
    transforms: () => new ImageClassification({ cropSize: 224 }),
    meta: {
      minSize: [1, 1],
      categories: _IMAGENET_CATEGORIES,
      numParams: 126886696,
      recipe: 'https://github.com/pytorch/vision/pull/912#issue-445437439',
      metrics: { 'ImageNet-1K': { 'acc@1': 78.848, 'acc@5': 94.284 } },
      ops: 22.753,
      fileSize: 242.896,
      docs: 'These weights reproduce closely the results of the paper using a simple training recipe.',
    },
  },
  IMAGENET1K_V2: {
    url: 'https://download.pytorch.org/models/wide_resnet101_2-d733dc28.pth',
    transforms: () => new ImageClassification({ cropSize: 224, resizeSize: 232 }),
    meta: {
      minSize: [1, 1],
      categories: _IMAGENET_CATEGORIES,
      numParams: 126886696,
      recipe: 'https://github.com/pytorch/vision/issues/3995#new-recipe',
      metrics: { 'ImageNet-1K': { 'acc@1': 82.51, 'acc@5': 96.02 } },
      ops: 22.753,
      fileSize: 484.747,
      docs: 'These weights improve upon the results of the original paper by using TorchVision\'s `new training recipe <https://pytorch.org/blog/how-to-train-state-of-the-art-models-using-torchvision-latest-primitives/>`_.',
    },
  },
}, 'IMAGENET1K_V2');


/**
 * ResNet-18 from "Deep Residual Learning for Image Recognition"; torchvision's `resnet18`. `weights` (a member of `ResNet18_Weights`, e.g. `ResNet18_Weights.DEFAULT`) loads that file
 * from `$TORCH_HOME/hub/checkpoints` (or `modelDir`); without it the network has torchvision's random initialisation.
 * @example
 * const net = models.resnet18({ numClasses: 10 });
 * const pretrained = models.resnet18({ weights: models.ResNet18_Weights.DEFAULT, modelDir: './weights' });
 */
export function resnet18(options?: ResNetBuilderOptions): ResNet {
  return _resnet('resnet18', BasicBlock, [2, 2, 2, 2], ResNet18_Weights, options);
}
registerModel('resnet18', resnet18, ResNet18_Weights);

/**
 * ResNet-34 from "Deep Residual Learning for Image Recognition"; torchvision's `resnet34`. `weights` (a member of `ResNet34_Weights`, e.g. `ResNet34_Weights.DEFAULT`) loads that file
 * from `$TORCH_HOME/hub/checkpoints` (or `modelDir`); without it the network has torchvision's random initialisation.
 * @example
 * const net = models.resnet34({ numClasses: 10 });
 * const pretrained = models.resnet34({ weights: models.ResNet34_Weights.DEFAULT, modelDir: './weights' });
 */
export function resnet34(options?: ResNetBuilderOptions): ResNet {
  return _resnet('resnet34', BasicBlock, [3, 4, 6, 3], ResNet34_Weights, options);
}
registerModel('resnet34', resnet34, ResNet34_Weights);

/**
 * ResNet-50 from "Deep Residual Learning for Image Recognition" (the stride on the 3x3 convolution: ResNet V1.5); torchvision's `resnet50`. `weights` (a member of `ResNet50_Weights`, e.g. `ResNet50_Weights.DEFAULT`) loads that file
 * from `$TORCH_HOME/hub/checkpoints` (or `modelDir`); without it the network has torchvision's random initialisation.
 * @example
 * const net = models.resnet50({ numClasses: 10 });
 * const pretrained = models.resnet50({ weights: models.ResNet50_Weights.DEFAULT, modelDir: './weights' });
 */
export function resnet50(options?: ResNetBuilderOptions): ResNet {
  return _resnet('resnet50', Bottleneck, [3, 4, 6, 3], ResNet50_Weights, options);
}
registerModel('resnet50', resnet50, ResNet50_Weights);

/**
 * ResNet-101 from "Deep Residual Learning for Image Recognition" (ResNet V1.5); torchvision's `resnet101`. `weights` (a member of `ResNet101_Weights`, e.g. `ResNet101_Weights.DEFAULT`) loads that file
 * from `$TORCH_HOME/hub/checkpoints` (or `modelDir`); without it the network has torchvision's random initialisation.
 * @example
 * const net = models.resnet101({ numClasses: 10 });
 * const pretrained = models.resnet101({ weights: models.ResNet101_Weights.DEFAULT, modelDir: './weights' });
 */
export function resnet101(options?: ResNetBuilderOptions): ResNet {
  return _resnet('resnet101', Bottleneck, [3, 4, 23, 3], ResNet101_Weights, options);
}
registerModel('resnet101', resnet101, ResNet101_Weights);

/**
 * ResNet-152 from "Deep Residual Learning for Image Recognition" (ResNet V1.5); torchvision's `resnet152`. `weights` (a member of `ResNet152_Weights`, e.g. `ResNet152_Weights.DEFAULT`) loads that file
 * from `$TORCH_HOME/hub/checkpoints` (or `modelDir`); without it the network has torchvision's random initialisation.
 * @example
 * const net = models.resnet152({ numClasses: 10 });
 * const pretrained = models.resnet152({ weights: models.ResNet152_Weights.DEFAULT, modelDir: './weights' });
 */
export function resnet152(options?: ResNetBuilderOptions): ResNet {
  return _resnet('resnet152', Bottleneck, [3, 8, 36, 3], ResNet152_Weights, options);
}
registerModel('resnet152', resnet152, ResNet152_Weights);

/**
 * ResNeXt-50 32x4d from "Aggregated Residual Transformation for Deep Neural Networks"; torchvision's `resnext50_32x4d`. `weights` (a member of `ResNeXt50_32X4D_Weights`, e.g. `ResNeXt50_32X4D_Weights.DEFAULT`) loads that file
 * from `$TORCH_HOME/hub/checkpoints` (or `modelDir`); without it the network has torchvision's random initialisation.
 * @example
 * const net = models.resnext50_32x4d({ numClasses: 10 });
 * const pretrained = models.resnext50_32x4d({ weights: models.ResNeXt50_32X4D_Weights.DEFAULT, modelDir: './weights' });
 */
export function resnext50_32x4d(options?: ResNetBuilderOptions): ResNet {
  return _resnet('resnext50_32x4d', Bottleneck, [3, 4, 6, 3], ResNeXt50_32X4D_Weights, options, { groups: 32, widthPerGroup: 4 });
}
registerModel('resnext50_32x4d', resnext50_32x4d, ResNeXt50_32X4D_Weights);

/**
 * ResNeXt-101 32x8d from "Aggregated Residual Transformation for Deep Neural Networks"; torchvision's `resnext101_32x8d`. `weights` (a member of `ResNeXt101_32X8D_Weights`, e.g. `ResNeXt101_32X8D_Weights.DEFAULT`) loads that file
 * from `$TORCH_HOME/hub/checkpoints` (or `modelDir`); without it the network has torchvision's random initialisation.
 * @example
 * const net = models.resnext101_32x8d({ numClasses: 10 });
 * const pretrained = models.resnext101_32x8d({ weights: models.ResNeXt101_32X8D_Weights.DEFAULT, modelDir: './weights' });
 */
export function resnext101_32x8d(options?: ResNetBuilderOptions): ResNet {
  return _resnet('resnext101_32x8d', Bottleneck, [3, 4, 23, 3], ResNeXt101_32X8D_Weights, options, { groups: 32, widthPerGroup: 8 });
}
registerModel('resnext101_32x8d', resnext101_32x8d, ResNeXt101_32X8D_Weights);

/**
 * ResNeXt-101 64x4d from "Aggregated Residual Transformation for Deep Neural Networks"; torchvision's `resnext101_64x4d`. `weights` (a member of `ResNeXt101_64X4D_Weights`, e.g. `ResNeXt101_64X4D_Weights.DEFAULT`) loads that file
 * from `$TORCH_HOME/hub/checkpoints` (or `modelDir`); without it the network has torchvision's random initialisation.
 * @example
 * const net = models.resnext101_64x4d({ numClasses: 10 });
 * const pretrained = models.resnext101_64x4d({ weights: models.ResNeXt101_64X4D_Weights.DEFAULT, modelDir: './weights' });
 */
export function resnext101_64x4d(options?: ResNetBuilderOptions): ResNet {
  return _resnet('resnext101_64x4d', Bottleneck, [3, 4, 23, 3], ResNeXt101_64X4D_Weights, options, { groups: 64, widthPerGroup: 4 });
}
registerModel('resnext101_64x4d', resnext101_64x4d, ResNeXt101_64X4D_Weights);

/**
 * Wide ResNet-50-2 from "Wide Residual Networks": the bottleneck channels doubled; torchvision's `wide_resnet50_2`. `weights` (a member of `Wide_ResNet50_2_Weights`, e.g. `Wide_ResNet50_2_Weights.DEFAULT`) loads that file
 * from `$TORCH_HOME/hub/checkpoints` (or `modelDir`); without it the network has torchvision's random initialisation.
 * @example
 * const net = models.wideResnet50_2({ numClasses: 10 });
 * const pretrained = models.wideResnet50_2({ weights: models.Wide_ResNet50_2_Weights.DEFAULT, modelDir: './weights' });
 */
export function wideResnet50_2(options?: ResNetBuilderOptions): ResNet {
  return _resnet('wide_resnet50_2', Bottleneck, [3, 4, 6, 3], Wide_ResNet50_2_Weights, options, { widthPerGroup: 64 * 2 });
}
registerModel('wide_resnet50_2', wideResnet50_2, Wide_ResNet50_2_Weights);

/**
 * Wide ResNet-101-2 from "Wide Residual Networks": the bottleneck channels doubled; torchvision's `wide_resnet101_2`. `weights` (a member of `Wide_ResNet101_2_Weights`, e.g. `Wide_ResNet101_2_Weights.DEFAULT`) loads that file
 * from `$TORCH_HOME/hub/checkpoints` (or `modelDir`); without it the network has torchvision's random initialisation.
 * @example
 * const net = models.wideResnet101_2({ numClasses: 10 });
 * const pretrained = models.wideResnet101_2({ weights: models.Wide_ResNet101_2_Weights.DEFAULT, modelDir: './weights' });
 */
export function wideResnet101_2(options?: ResNetBuilderOptions): ResNet {
  return _resnet('wide_resnet101_2', Bottleneck, [3, 4, 23, 3], Wide_ResNet101_2_Weights, options, { widthPerGroup: 64 * 2 });
}
registerModel('wide_resnet101_2', wideResnet101_2, Wide_ResNet101_2_Weights);
