// torchvision.models.densenet: DenseNet-BC 121/161/169/201, with torchvision's module names
// (features.denseblock1.denselayer1.norm1, features.transition1.conv, classifier) and
// initialisation. Weights files from before module names lost their dots ('norm.1') are renamed
// on loading, as torchvision does.
import { Tensor } from '../../tensor.js';
import { cat } from '../../generated/functions.js';
import { Module, type StateDict } from '../../nn/modules/module.js';
import { Conv2d } from '../../nn/modules/conv.js';
import { BatchNorm2d } from '../../nn/modules/batchnorm.js';
import { ReLU } from '../../nn/modules/activation.js';
import { MaxPool2d, AvgPool2d } from '../../nn/modules/pooling.js';
import { Linear } from '../../nn/modules/linear.js';
import { Sequential, ModuleDict } from '../../nn/modules/container.js';
import { dropout } from '../../nn/functional/dropout.js';
import { relu } from '../../nn/functional/activation.js';
import { adaptiveAvgPool2d } from '../../nn/functional/pooling.js';
import * as init from '../../nn/init.js';
import { parseArgs, type Args } from '../../validate.js';
import { checkpoint } from '../../utils/checkpoint.js';
import { ImageClassification } from '../transforms/_presets.js';
import { _IMAGENET_CATEGORIES } from './_meta.js';
import { defineWeightsEnum, registerModel, builderOptions, resolveWeights, _ovewriteNamedParam, type Weights, type WeightsEnum, type WeightsOptions } from './_api.js';

/**
 * One dense layer (BN-ReLU-1x1 conv, BN-ReLU-3x3 conv) whose input is the concatenation of all
 * previous features; torchvision's `_DenseLayer`. With `memoryEfficient`, the concatenation and the
 * bottleneck (norm1-relu1-conv1) run under `torch.utils.checkpoint.checkpoint` when an input needs
 * gradients, as torchvision's: recomputed in backward instead of kept (same results, less memory).
 * @example const layer = new models.densenet._DenseLayer(64, 32, 4, 0); layer([torch.randn(1, 64, 8, 8)]).shape // [1, 32, 8, 8]
 */
export class _DenseLayer extends Module {
  norm1: BatchNorm2d;
  relu1: ReLU;
  conv1: Conv2d;
  norm2: BatchNorm2d;
  relu2: ReLU;
  conv2: Conv2d;
  dropRate: number;
  memoryEfficient: boolean;

  constructor(numInputFeatures: number, growthRate: number, bnSize: number, dropRate: number, memoryEfficient = false) {
    super();
    this.norm1 = new BatchNorm2d(numInputFeatures);
    this.relu1 = new ReLU({ inplace: true });
    this.conv1 = new Conv2d(numInputFeatures, bnSize * growthRate, { kernelSize: 1, stride: 1, bias: false });
    this.norm2 = new BatchNorm2d(bnSize * growthRate);
    this.relu2 = new ReLU({ inplace: true });
    this.conv2 = new Conv2d(bnSize * growthRate, growthRate, { kernelSize: 3, stride: 1, padding: 1, bias: false });
    this.dropRate = dropRate;
    this.memoryEfficient = memoryEfficient;
  }

  /** torchvision's `bn_function`: norm1-relu1-conv1 of the concatenated inputs. */
  bnFunction(inputs: readonly Tensor[]): Tensor {
    const concatedFeatures = cat(inputs, 1);
    return this.conv1(this.relu1(this.norm1(concatedFeatures)));
  }

  forward(input: Tensor | readonly Tensor[]): Tensor {
    const prevFeatures = input instanceof Tensor ? [input] : input;
    const bottleneckOutput = this.memoryEfficient && prevFeatures.some((t) => t.requiresGrad)
      ? checkpoint((...inputs: Tensor[]) => this.bnFunction(inputs), ...prevFeatures, { useReentrant: false })
      : this.bnFunction(prevFeatures);
    let newFeatures = this.conv2(this.relu2(this.norm2(bottleneckOutput)));
    if (this.dropRate > 0) newFeatures = dropout(newFeatures, { p: this.dropRate, training: this.training });
    return newFeatures;
  }
}

/**
 * `numLayers` dense layers, each fed the concatenation of the block input and all previous
 * layers' outputs; torchvision's `_DenseBlock` (a ModuleDict of denselayer1, denselayer2, ...).
 * @example const block = new models.densenet._DenseBlock(2, 64, 4, 32, 0); block(torch.randn(1, 64, 8, 8)).shape // [1, 128, 8, 8]
 */
export class _DenseBlock extends ModuleDict {
  static _version = 2;

  constructor(numLayers: number, numInputFeatures: number, bnSize: number, growthRate: number, dropRate: number, memoryEfficient = false) {
    super();
    for (let i = 0; i < numLayers; i++) {
      const layer = new _DenseLayer(numInputFeatures + i * growthRate, growthRate, bnSize, dropRate, memoryEfficient);
      this.addModule(`denselayer${i + 1}`, layer);
    }
  }

  forward(initFeatures: Tensor): Tensor {
    const features = [initFeatures];
    for (const [, layer] of this.items()) features.push((layer as _DenseLayer)(features));
    return cat(features, 1);
  }
}

/**
 * Between dense blocks: BN, ReLU, 1x1 convolution, 2x2 average pool; torchvision's `_Transition`.
 * @example const t = new models.densenet._Transition(256, 128); t(torch.randn(1, 256, 8, 8)).shape // [1, 128, 4, 4]
 */
export class _Transition extends Sequential {
  constructor(numInputFeatures: number, numOutputFeatures: number) {
    super(new Map<string, Module>([
      ['norm', new BatchNorm2d(numInputFeatures)],
      ['relu', new ReLU({ inplace: true })],
      ['conv', new Conv2d(numInputFeatures, numOutputFeatures, { kernelSize: 1, stride: 1, bias: false })],
      ['pool', new AvgPool2d({ kernelSize: 2, stride: 2 })],
    ]));
  }
}

/** Options of the DenseNet constructor (torchvision's arguments, camelCased). */
export interface DenseNetOptions {
  /** Filters each layer adds (`k` in the paper; default 32). */
  growthRate?: number;
  /** Layers in each of the 4 blocks (default [6, 12, 24, 16], DenseNet-121). */
  blockConfig?: readonly [number, number, number, number] | readonly number[];
  /** Filters of the first convolution (default 64). */
  numInitFeatures?: number;
  /** Bottleneck width factor: bnSize * growthRate features (default 4). */
  bnSize?: number;
  /** Dropout after each dense layer (default 0). */
  dropRate?: number;
  numClasses?: number;
  /** Accepted; torch-node has no activation checkpointing, so it changes nothing (same results, no memory saved). */
  memoryEfficient?: boolean;
}

/**
 * torchvision's DenseNet-BC ("Densely Connected Convolutional Networks").
 * @example
 * const net = new models.DenseNet(12, [2, 2, 2, 2], 16, { numClasses: 10 });
 * net(torch.randn(1, 3, 64, 64)).shape // [1, 10]
 */
export class DenseNet extends Module {
  features: Sequential;
  classifier: Linear;

  constructor(...args: Args<[growthRate: number, blockConfig: readonly number[], numInitFeatures: number, bnSize: number, dropRate: number,
    numClasses: number, memoryEfficient: boolean], DenseNetOptions>) {
    super();
    const o = parseArgs<Required<DenseNetOptions>>('DenseNet()', args,
      ['growthRate', 'blockConfig', 'numInitFeatures', 'bnSize', 'dropRate', 'numClasses', 'memoryEfficient'],
      { growthRate: 32, blockConfig: [6, 12, 24, 16], numInitFeatures: 64, bnSize: 4, dropRate: 0, numClasses: 1000, memoryEfficient: false });
    // First convolution
    this.features = new Sequential(new Map<string, Module>([
      ['conv0', new Conv2d(3, o.numInitFeatures, { kernelSize: 7, stride: 2, padding: 3, bias: false })],
      ['norm0', new BatchNorm2d(o.numInitFeatures)],
      ['relu0', new ReLU({ inplace: true })],
      ['pool0', new MaxPool2d({ kernelSize: 3, stride: 2, padding: 1 })],
    ]));
    // Each dense block
    let numFeatures = o.numInitFeatures;
    o.blockConfig.forEach((numLayers, i) => {
      const block = new _DenseBlock(numLayers, numFeatures, o.bnSize, o.growthRate, o.dropRate, o.memoryEfficient);
      this.features.addModule(`denseblock${i + 1}`, block);
      numFeatures = numFeatures + numLayers * o.growthRate;
      if (i !== o.blockConfig.length - 1) {
        const trans = new _Transition(numFeatures, Math.floor(numFeatures / 2));
        this.features.addModule(`transition${i + 1}`, trans);
        numFeatures = Math.floor(numFeatures / 2);
      }
    });
    // Final batch norm
    this.features.addModule('norm5', new BatchNorm2d(numFeatures));
    // Linear layer
    this.classifier = new Linear(numFeatures, o.numClasses);
    // Official init from torch repo.
    for (const m of this.modules()) {
      if (m instanceof Conv2d) {
        init.kaimingNormal_(m.weight);
      } else if (m instanceof BatchNorm2d) {
        init.constant_(m.weight!, 1);
        init.constant_(m.bias!, 0);
      } else if (m instanceof Linear) {
        init.constant_(m.bias!, 0);
      }
    }
  }

  forward(x: Tensor): Tensor {
    const features = this.features(x) as Tensor;
    let out = relu(features, { inplace: true });
    out = adaptiveAvgPool2d(out, [1, 1]);
    out = out.flatten(1);
    return this.classifier(out);
  }
}

/**
 * torchvision's `_load_state_dict` for DenseNet: renames the keys of old checkpoints
 * ('denselayer1.norm.1.weight' -> 'denselayer1.norm1.weight') before loading.
 */
function loadDenseNetWeights(model: DenseNet, weights: Weights, options: WeightsOptions): void {
  const pattern = /^(.*denselayer\d+\.(?:norm|relu|conv))\.((?:[12])\.(?:weight|bias|running_mean|running_var))$/;
  const stateDict = weights.getStateDict({ progress: options.progress ?? true, checkHash: true, ...(options.modelDir === undefined ? {} : { modelDir: options.modelDir }) });
  const renamed: StateDict = {};
  for (const [key, value] of Object.entries(stateDict)) {
    const res = pattern.exec(key);
    renamed[res === null ? key : res[1]! + res[2]!] = value;
  }
  model.loadStateDict(renamed);
}

/** Options of the DenseNet builders. */
export interface DenseNetBuilderOptions extends WeightsOptions, Pick<DenseNetOptions, 'bnSize' | 'dropRate' | 'numClasses' | 'memoryEfficient'> {}

function _densenet(where: string, growthRate: number, blockConfig: number[], numInitFeatures: number, weightsEnum: WeightsEnum,
  options: DenseNetBuilderOptions | undefined): DenseNet {
  const o = builderOptions<DenseNetBuilderOptions>(where, options, ['bnSize', 'dropRate', 'numClasses', 'memoryEfficient']);
  const weights = resolveWeights(where, weightsEnum, o);
  if (weights !== null) _ovewriteNamedParam(o, 'numClasses', weights.meta.categories!.length);
  const model = new DenseNet(growthRate, blockConfig, numInitFeatures, { bnSize: o.bnSize, dropRate: o.dropRate, numClasses: o.numClasses, memoryEfficient: o.memoryEfficient });
  if (weights !== null) loadDenseNetWeights(model, weights, o);
  return model;
}


/**
 * torchvision's `DenseNet121_Weights`: the pretrained weights of `densenet121` (files are not downloaded; see `Weights.getStateDict`).
 * @example models.DenseNet121_Weights.DEFAULT.meta.numParams // 7978856
 */
export const DenseNet121_Weights = defineWeightsEnum('DenseNet121_Weights', {
  IMAGENET1K_V1: {
    url: 'https://download.pytorch.org/models/densenet121-a639ec97.pth',
    transforms: () => new ImageClassification({ cropSize: 224 }),
    meta: {
      minSize: [29, 29],
      categories: _IMAGENET_CATEGORIES,
      recipe: 'https://github.com/pytorch/vision/pull/116',
      docs: 'These weights are ported from LuaTorch.',
      numParams: 7978856,
      metrics: { 'ImageNet-1K': { 'acc@1': 74.434, 'acc@5': 91.972 } },
      ops: 2.834,
      fileSize: 30.845,
    },
  },
}, 'IMAGENET1K_V1');

/**
 * torchvision's `DenseNet161_Weights`: the pretrained weights of `densenet161` (files are not downloaded; see `Weights.getStateDict`).
 * @example models.DenseNet161_Weights.DEFAULT.meta.numParams // 28681000
 */
export const DenseNet161_Weights = defineWeightsEnum('DenseNet161_Weights', {
  IMAGENET1K_V1: {
    url: 'https://download.pytorch.org/models/densenet161-8d451a50.pth',
    transforms: () => new ImageClassification({ cropSize: 224 }),
    meta: {
      minSize: [29, 29],
      categories: _IMAGENET_CATEGORIES,
      recipe: 'https://github.com/pytorch/vision/pull/116',
      docs: 'These weights are ported from LuaTorch.',
      numParams: 28681000,
      metrics: { 'ImageNet-1K': { 'acc@1': 77.138, 'acc@5': 93.56 } },
      ops: 7.728,
      fileSize: 110.369,
    },
  },
}, 'IMAGENET1K_V1');

/**
 * torchvision's `DenseNet169_Weights`: the pretrained weights of `densenet169` (files are not downloaded; see `Weights.getStateDict`).
 * @example models.DenseNet169_Weights.DEFAULT.meta.numParams // 14149480
 */
export const DenseNet169_Weights = defineWeightsEnum('DenseNet169_Weights', {
  IMAGENET1K_V1: {
    url: 'https://download.pytorch.org/models/densenet169-b2777c0a.pth',
    transforms: () => new ImageClassification({ cropSize: 224 }),
    meta: {
      minSize: [29, 29],
      categories: _IMAGENET_CATEGORIES,
      recipe: 'https://github.com/pytorch/vision/pull/116',
      docs: 'These weights are ported from LuaTorch.',
      numParams: 14149480,
      metrics: { 'ImageNet-1K': { 'acc@1': 75.6, 'acc@5': 92.806 } },
      ops: 3.36,
      fileSize: 54.708,
    },
  },
}, 'IMAGENET1K_V1');

/**
 * torchvision's `DenseNet201_Weights`: the pretrained weights of `densenet201` (files are not downloaded; see `Weights.getStateDict`).
 * @example models.DenseNet201_Weights.DEFAULT.meta.numParams // 20013928
 */
export const DenseNet201_Weights = defineWeightsEnum('DenseNet201_Weights', {
  IMAGENET1K_V1: {
    url: 'https://download.pytorch.org/models/densenet201-c1103571.pth',
    transforms: () => new ImageClassification({ cropSize: 224 }),
    meta: {
      minSize: [29, 29],
      categories: _IMAGENET_CATEGORIES,
      recipe: 'https://github.com/pytorch/vision/pull/116',
      docs: 'These weights are ported from LuaTorch.',
      numParams: 20013928,
      metrics: { 'ImageNet-1K': { 'acc@1': 76.896, 'acc@5': 93.37 } },
      ops: 4.291,
      fileSize: 77.373,
    },
  },
}, 'IMAGENET1K_V1');


/**
 * Densenet-121 from "Densely Connected Convolutional Networks"; torchvision's `densenet121`. `weights`
 * (a member of `DenseNet121_Weights`) loads that file from `$TORCH_HOME/hub/checkpoints` (or `modelDir`).
 * @example const net = models.densenet121({ numClasses: 10 });
 */
export function densenet121(options?: DenseNetBuilderOptions): DenseNet {
  return _densenet('densenet121', 32, [6, 12, 24, 16], 64, DenseNet121_Weights, options);
}
registerModel('densenet121', densenet121, DenseNet121_Weights);

/**
 * Densenet-161 from "Densely Connected Convolutional Networks"; torchvision's `densenet161`. `weights`
 * (a member of `DenseNet161_Weights`) loads that file from `$TORCH_HOME/hub/checkpoints` (or `modelDir`).
 * @example const net = models.densenet161({ numClasses: 10 });
 */
export function densenet161(options?: DenseNetBuilderOptions): DenseNet {
  return _densenet('densenet161', 48, [6, 12, 36, 24], 96, DenseNet161_Weights, options);
}
registerModel('densenet161', densenet161, DenseNet161_Weights);

/**
 * Densenet-169 from "Densely Connected Convolutional Networks"; torchvision's `densenet169`. `weights`
 * (a member of `DenseNet169_Weights`) loads that file from `$TORCH_HOME/hub/checkpoints` (or `modelDir`).
 * @example const net = models.densenet169({ numClasses: 10 });
 */
export function densenet169(options?: DenseNetBuilderOptions): DenseNet {
  return _densenet('densenet169', 32, [6, 12, 32, 32], 64, DenseNet169_Weights, options);
}
registerModel('densenet169', densenet169, DenseNet169_Weights);

/**
 * Densenet-201 from "Densely Connected Convolutional Networks"; torchvision's `densenet201`. `weights`
 * (a member of `DenseNet201_Weights`) loads that file from `$TORCH_HOME/hub/checkpoints` (or `modelDir`).
 * @example const net = models.densenet201({ numClasses: 10 });
 */
export function densenet201(options?: DenseNetBuilderOptions): DenseNet {
  return _densenet('densenet201', 32, [6, 12, 48, 32], 64, DenseNet201_Weights, options);
}
registerModel('densenet201', densenet201, DenseNet201_Weights);
