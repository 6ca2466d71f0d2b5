// torchvision.models.vgg: VGG 11/13/16/19, with and without batch norm, with torchvision's module
// names (features.N, classifier.N) and initialisation.
import type { Tensor } from '../../tensor.js';
import { Module } from '../../nn/modules/module.js';
import { Conv2d } from '../../nn/modules/conv.js';
import { BatchNorm2d } from '../../nn/modules/batchnorm.js';
import { ReLU } from '../../nn/modules/activation.js';
import { MaxPool2d, AdaptiveAvgPool2d } from '../../nn/modules/pooling.js';
import { Linear } from '../../nn/modules/linear.js';
import { Dropout } from '../../nn/modules/dropout.js';
import { Sequential } from '../../nn/modules/container.js';
import * as init from '../../nn/init.js';
import { parseArgs, argTypeError, type Args } from '../../validate.js';
import { ImageClassification } from '../transforms/_presets.js';
import { _IMAGENET_CATEGORIES } from './_meta.js';
import { defineWeightsEnum, registerModel, builderOptions, resolveWeights, loadWeights, _ovewriteNamedParam, type WeightsEnum, type WeightsOptions } from './_api.js';

/** Options of the VGG constructor (torchvision's keyword arguments, camelCased). */
export interface VGGOptions {
  numClasses?: number;
  /** Apply torchvision's initialisation (default true; the builders turn it off when loading weights). */
  initWeights?: boolean;
  /** Dropout probability of the classifier (default 0.5). */
  dropout?: number;
}

/**
 * torchvision's VGG: `features` (from `makeLayers`), a 7x7 adaptive average pool and the
 * three-layer classifier.
 * @example
 * const net = new models.VGG(models.vgg.makeLayers(models.vgg.cfgs.A), { numClasses: 10 });
 * net(torch.randn(1, 3, 32, 32)).shape // [1, 10]
 */
export class VGG extends Module {
  features: Module;
  avgpool: AdaptiveAvgPool2d;
  classifier: Sequential;

  constructor(features: Module, ...args: Args<[numClasses: number, initWeights: boolean, dropout: number], VGGOptions>) {
    super();
    if (!(features instanceof Module)) throw argTypeError('VGG()', 'features', 'an nn.Module', features);
    const o = parseArgs<Required<VGGOptions>>('VGG()', args, ['numClasses', 'initWeights', 'dropout'], { numClasses: 1000, initWeights: true, dropout: 0.5 });
    this.features = features;
    this.avgpool = new AdaptiveAvgPool2d([7, 7]);
    this.classifier = new Sequential(
      new Linear(512 * 7 * 7, 4096), new ReLU(true), new Dropout({ p: o.dropout }),
      new Linear(4096, 4096), new ReLU(true), new Dropout({ p: o.dropout }),
      new Linear(4096, o.numClasses),
    );
    if (o.initWeights) {
      for (const m of this.modules()) {
        if (m instanceof Conv2d) {
          init.kaimingNormal_(m.weight, { mode: 'fan_out', nonlinearity: 'relu' });
          if (m.bias !== null) init.constant_(m.bias, 0);
        } else if (m instanceof BatchNorm2d) {
          init.constant_(m.weight!, 1);
          init.constant_(m.bias!, 0);
        } else if (m instanceof Linear) {
          init.normal_(m.weight, 0, 0.01);
          init.constant_(m.bias!, 0);
        }
      }
    }
  }

  forward(x: Tensor): Tensor {
    x = this.features(x) as Tensor;
    x = this.avgpool(x);
    x = x.flatten(1);
    return this.classifier(x) as Tensor;
  }
}

/** One entry of a VGG configuration: a 3x3 convolution's output channels, or 'M' for a 2x2 max pool. */
export type VGGConfigEntry = number | 'M';

/**
 * torchvision's `make_layers`: the `features` Sequential of a configuration (3x3 convolutions,
 * optionally batch-normed, ReLUs and max pools).
 * @example const features = models.vgg.makeLayers(models.vgg.cfgs.A, true);
 */
export function makeLayers(cfg: readonly VGGConfigEntry[], batchNorm = false): Sequential {
  const layers: Module[] = [];
  let inChannels = 3;
  for (const v of cfg) {
    if (v === 'M') {
      layers.push(new MaxPool2d({ kernelSize: 2, stride: 2 }));
    } else {
      const conv2d = new Conv2d(inChannels, v, { kernelSize: 3, padding: 1 });
      if (batchNorm) layers.push(conv2d, new BatchNorm2d(v), new ReLU({ inplace: true }));
      else layers.push(conv2d, new ReLU({ inplace: true }));
      inChannels = v;
    }
  }
  return new Sequential(...layers);
}

/** torchvision's VGG configurations: A (vgg11), B (vgg13), D (vgg16), E (vgg19). */
export const cfgs: Readonly<Record<'A' | 'B' | 'D' | 'E', readonly VGGConfigEntry[]>> = Object.freeze({
  A: [64, 'M', 128, 'M', 256, 256, 'M', 512, 512, 'M', 512, 512, 'M'],
  B: [64, 64, 'M', 128, 128, 'M', 256, 256, 'M', 512, 512, 'M', 512, 512, 'M'],
  D: [64, 64, 'M', 128, 128, 'M', 256, 256, 256, 'M', 512, 512, 512, 'M', 512, 512, 512, 'M'],
  E: [64, 64, 'M', 128, 128, 'M', 256, 256, 256, 256, 'M', 512, 512, 512, 512, 'M', 512, 512, 512, 512, 'M'],
});

/** Options of the VGG builders. */
export interface VGGBuilderOptions extends WeightsOptions, VGGOptions {}

function _vgg(where: string, cfg: 'A' | 'B' | 'D' | 'E', batchNorm: boolean, weightsEnum: WeightsEnum, options: VGGBuilderOptions | undefined): VGG {
  const o = builderOptions<VGGBuilderOptions>(where, options, ['numClasses', 'initWeights', 'dropout']);
  const weights = resolveWeights(where, weightsEnum, o);
  if (weights !== null) {
    o.initWeights = false;
    if (weights.meta.categories != null) _ovewriteNamedParam(o, 'numClasses', weights.meta.categories.length);
  }
  const model = new VGG(makeLayers(cfgs[cfg], batchNorm), { numClasses: o.numClasses, initWeights: o.initWeights, dropout: o.dropout });
  if (weights !== null) loadWeights(model, weights, o);
  return model;
}


/**
 * torchvision's `VGG11_Weights`: the pretrained weights of `vgg11` (files are not downloaded; see `Weights.getStateDict`).
 * @example models.VGG11_Weights.DEFAULT.meta.numParams // 132863336
 */
export const VGG11_Weights = defineWeightsEnum('VGG11_Weights', {
  IMAGENET1K_V1: {
    url: 'https://download.pytorch.org/models/vgg11-8a719046.pth',
    transforms: () => new ImageClassification({ cropSize: 224 }),
    meta: {
      minSize: [32, 32],
      categories: _IMAGENET_CATEGORIES,
      recipe: 'https://github.com/pytorch/vision/tree/main/references/classification#alexnet-and-vgg',
      docs: 'These weights were trained from scratch by using a simplified training recipe.',
      numParams: 132863336,
      metrics: { 'ImageNet-1K': { 'acc@1': 69.02, 'acc@5': 88.628 } },
      ops: 7.609,
      fileSize: 506.84,
    },
  },
}, 'IMAGENET1K_V1');

/**
 * torchvision's `VGG11_BN_Weights`: the pretrained weights of `vgg11_bn` (files are not downloaded; see `Weights.getStateDict`).
 * @example models.VGG11_BN_Weights.DEFAULT.meta.numParams // 132868840
 */
export const VGG11_BN_Weights = defineWeightsEnum('VGG11_BN_Weights', {
  IMAGENET1K_V1: {
    url: 'https://download.pytorch.org/models/vgg11_bn-6002323d.pth',
    transforms: () => new ImageClassification({ cropSize: 224 }),
    meta: {
      minSize: [32, 32],
      categories: _IMAGENET_CATEGORIES,
      recipe: 'https://github.com/pytorch/vision/tree/main/references/classification#alexnet-and-vgg',
      docs: 'These weights were trained from scratch by using a simplified training recipe.',
      numParams: 132868840,
      metrics: { 'ImageNet-1K': { 'acc@1': 70.37, 'acc@5': 89.81 } },
      ops: 7.609,
      fileSize: 506.881,
    },
  },
}, 'IMAGENET1K_V1');

/**
 * torchvision's `VGG13_Weights`: the pretrained weights of `vgg13` (files are not downloaded; see `Weights.getStateDict`).
 * @example models.VGG13_Weights.DEFAULT.meta.numParams // 133047848
 */
export const VGG13_Weights = defineWeightsEnum('VGG13_Weights', {
  IMAGENET1K_V1: {
    url: 'https://download.pytorch.org/models/vgg13-19584684.pth',
    transforms: () => new ImageClassification({ cropSize: 224 }),
    meta: {
      minSize: [32, 32],
      categories: _IMAGENET_CATEGORIES,
      recipe: 'https://github.com/pytorch/vision/tree/main/references/classification#alexnet-and-vgg',
      docs: 'These weights were trained from scratch by using a simplified training recipe.',
      numParams: 133047848,
      metrics: { 'ImageNet-1K': { 'acc@1': 69.928, 'acc@5': 89.246 } },
      ops: 11.308,
      fileSize: 507.545,
    },
  },
}, 'IMAGENET1K_V1');

/**
 * torchvision's `VGG13_BN_Weights`: the pretrained weights of `vgg13_bn` (files are not downloaded; see `Weights.getStateDict`).
 * @example models.VGG13_BN_Weights.DEFAULT.meta.numParams // 133053736
 */
export const VGG13_BN_Weights = defineWeightsEnum('VGG13_BN_Weights', {
  IMAGENET1K_V1: {
    url: 'https://download.pytorch.org/models/vgg13_bn-abd245e5.pth',
    transforms: () => new ImageClassification({ cropSize: 224 }),
    meta: {
      minSize: [32, 32],
      categories: _IMAGENET_CATEGORIES,
      recipe: 'https://github.com/pytorch/vision/tree/main/references/classification#alexnet-and-vgg',
      docs: 'These weights were trained from scratch by using a simplified training recipe.',
      numParams: 133053736,
      metrics: { 'ImageNet-1K': { 'acc@1': 71.586, 'acc@5': 90.374 } },
      ops: 11.308,
      fileSize: 507.59,
    },
  },
}, 'IMAGENET1K_V1');

/**
 * torchvision's `VGG16_Weights`: the pretrained weights of `vgg16` (files are not downloaded; see `Weights.getStateDict`).
 * @example models.VGG16_Weights.DEFAULT.meta.numParams // 138357544
 */
export const VGG16_Weights = defineWeightsEnum('VGG16_Weights', {
  IMAGENET1K_V1: {
    url: 'https://download.pytorch.org/models/vgg16-397923af.pth',
    transforms: () => new ImageClassification({ cropSize: 224 }),
    meta: {
      minSize: [32, 32],
      categories: _IMAGENET_CATEGORIES,
      recipe: 'https://github.com/pytorch/vision/tree/main/references/classification#alexnet-and-vgg',
      docs: 'These weights were trained from scratch by using a simplified training recipe.',
      numParams: 138357544,
      metrics: { 'ImageNet-1K': { 'acc@1': 71.592, 'acc@5': 90.382 } },
      ops: 15.47,
      fileSize: 527.796,
    },
  },
  IMAGENET1K_FEATURES: {
    url: 'https://download.pytorch.org/models/vgg16_features-amdegroot-88682ab5.pth',
    transforms: () => new ImageClassification({ cropSize: 224, mean: [0.48235, 0.45882, 0.40784], std: [0.00392156862745098, 0.00392156862745098, 0.00392156862745098] }),
    meta: {
      minSize: [32, 32],
      categories: null,
      recipe: 'https://github.com/amdegroot/ssd.pytorch#training-ssd',
      docs: 'These weights can\'t be used for classification because they are missing values in the `classifier` module. Only the `features` module has valid values and can be used for feature extraction. The weights were trained using the original input standardization method as described in the paper.',
      numParams: 138357544,
      metrics: { 'ImageNet-1K': { 'acc@1': NaN, 'acc@5': NaN } },
      ops: 15.47,
      fileSize: 527.802,
    },
  },
}, 'IMAGENET1K_V1');

/**
 * torchvision's `VGG16_BN_Weights`: the pretrained weights of `vgg16_bn` (files are not downloaded; see `Weights.getStateDict`).
 * @example models.VGG16_BN_Weights.DEFAULT.meta.numParams // 138365992
 */
export const VGG16_BN_Weights = defineWeightsEnum('VGG16_BN_Weights', {
  IMAGENET1K_V1: {
    url: 'https://download.pytorch.org/models/vgg16_bn-6c64b313.pth',
    transforms: () => new ImageClassification({ cropSize: 224 }),
    meta: {
      minSize: [32, 32],
      categories: _IMAGENET_CATEGORIES,
      recipe: 'https://github.com/pytorch/vision/tree/main/references/classification#alexnet-and-vgg',
      docs: 'These weights were trained from scratch by using a simplified training recipe.',
      numParams: 138365992,
      metrics: { 'ImageNet-1K': { 'acc@1': 73.36, 'acc@5': 91.516 } },
      ops: 15.47,
      fileSize: 527.866,
    },
  },
}, 'IMAGENET1K_V1');

/**
 * torchvision's `VGG19_Weights`: the pretrained weights of `vgg19` (files are not downloaded; see `Weights.getStateDict`).
 * @example models.VGG19_Weights.DEFAULT.meta.numParams // 143667240
 */
export const VGG19_Weights = defineWeightsEnum('VGG19_Weights', {
  IMAGENET1K_V1: {
    url: 'https://download.pytorch.org/models/vgg19-dcbb9e9d.pth',
    transforms: () => new ImageClassification({ cropSize: 224 }),
    meta: {
      minSize: [32, 32],
      categories: _IMAGENET_CATEGORIES,
      recipe: 'https://github.com/pytorch/vision/tree/main/references/classification#alexnet-and-vgg',
      docs: 'These weights were trained from scratch by using a simplified training recipe.',
      numParams: 143667240,
      metrics: { 'ImageNet-1K': { 'acc@1': 72.376, 'acc@5': 90.876 } },
      ops: 19.632,
      fileSize: 548.051,
    },
  },
}, 'IMAGENET1K_V1');

/**
 * torchvision's `VGG19_BN_Weights`: the pretrained weights of `vgg19_bn` (files are not downloaded; see `Weights.getStateDict`).
 * @example models.VGG19_BN_Weights.DEFAULT.meta.numParams // 143678248
 */
export const VGG19_BN_Weights = defineWeightsEnum('VGG19_BN_Weights', {
  IMAGENET1K_V1: {
    url: 'https://download.pytorch.org/models/vgg19_bn-c79401a0.pth',
    transforms: () => new ImageClassification({ cropSize: 224 }),
    meta: {
      minSize: [32, 32],
      categories: _IMAGENET_CATEGORIES,
      recipe: 'https://github.com/pytorch/vision/tree/main/references/classification#alexnet-and-vgg',
      docs: 'These weights were trained from scratch by using a simplified training recipe.',
      numParams: 143678248,
      metrics: { 'ImageNet-1K': { 'acc@1': 74.218, 'acc@5': 91.842 } },
      ops: 19.632,
      fileSize: 548.143,
    },
  },
}, 'IMAGENET1K_V1');


/**
 * VGG-11 from "Very Deep Convolutional Networks for Large-Scale Image Recognition"; torchvision's
 * `vgg11`. `weights` (a member of `VGG11_Weights`) loads that file from `$TORCH_HOME/hub/checkpoints` (or `modelDir`).
 * @example
 * const net = models.vgg11({ numClasses: 10 });
 * const pretrained = models.vgg11({ weights: 'DEFAULT', modelDir: './weights' });
 */
export function vgg11(options?: VGGBuilderOptions): VGG {
  return _vgg('vgg11', 'A', false, VGG11_Weights, options);
}
registerModel('vgg11', vgg11, VGG11_Weights);

/**
 * VGG-11 with batch normalization from "Very Deep Convolutional Networks for Large-Scale Image Recognition"; torchvision's
 * `vgg11_bn`. `weights` (a member of `VGG11_BN_Weights`) loads that file from `$TORCH_HOME/hub/checkpoints` (or `modelDir`).
 * @example
 * const net = models.vgg11Bn({ numClasses: 10 });
 * const pretrained = models.vgg11Bn({ weights: 'DEFAULT', modelDir: './weights' });
 */
export function vgg11Bn(options?: VGGBuilderOptions): VGG {
  return _vgg('vgg11_bn', 'A', true, VGG11_BN_Weights, options);
}
registerModel('vgg11_bn', vgg11Bn, VGG11_BN_Weights);

/**
 * VGG-13 from "Very Deep Convolutional Networks for Large-Scale Image Recognition"; torchvision's
 * `vgg13`. `weights` (a member of `VGG13_Weights`) loads that file from `$TORCH_HOME/hub/checkpoints` (or `modelDir`).
 * @example
 * const net = models.vgg13({ numClasses: 10 });
 * const pretrained = models.vgg13({ weights: 'DEFAULT', modelDir: './weights' });
 */
export function vgg13(options?: VGGBuilderOptions): VGG {
  return _vgg('vgg13', 'B', false, VGG13_Weights, options);
}
registerModel('vgg13', vgg13, VGG13_Weights);

/**
 * VGG-13 with batch normalization from "Very Deep Convolutional Networks for Large-Scale Image Recognition"; torchvision's
 * `vgg13_bn`. `weights` (a member of `VGG13_BN_Weights`) loads that file from `$TORCH_HOME/hub/checkpoints` (or `modelDir`).
 * @example
 * const net = models.vgg13Bn({ numClasses: 10 });
 * const pretrained = models.vgg13Bn({ weights: 'DEFAULT', modelDir: './weights' });
 */
export function vgg13Bn(options?: VGGBuilderOptions): VGG {
  return _vgg('vgg13_bn', 'B', true, VGG13_BN_Weights, options);
}
registerModel('vgg13_bn', vgg13Bn, VGG13_BN_Weights);

/**
 * VGG-16 from "Very Deep Convolutional Networks for Large-Scale Image Recognition"; torchvision's
 * `vgg16`. `weights` (a member of `VGG16_Weights`) loads that file from `$TORCH_HOME/hub/checkpoints` (or `modelDir`).
 * @example
 * const net = models.vgg16({ numClasses: 10 });
 * const pretrained = models.vgg16({ weights: 'DEFAULT', modelDir: './weights' });
 */
export function vgg16(options?: VGGBuilderOptions): VGG {
  return _vgg('vgg16', 'D', false, VGG16_Weights, options);
}
registerModel('vgg16', vgg16, VGG16_Weights);

/**
 * VGG-16 with batch normalization from "Very Deep Convolutional Networks for Large-Scale Image Recognition"; torchvision's
 * `vgg16_bn`. `weights` (a member of `VGG16_BN_Weights`) loads that file from `$TORCH_HOME/hub/checkpoints` (or `modelDir`).
 * @example
 * const net = models.vgg16Bn({ numClasses: 10 });
 * const pretrained = models.vgg16Bn({ weights: 'DEFAULT', modelDir: './weights' });
 */
export function vgg16Bn(options?: VGGBuilderOptions): VGG {
  return _vgg('vgg16_bn', 'D', true, VGG16_BN_Weights, options);
}
registerModel('vgg16_bn', vgg16Bn, VGG16_BN_Weights);

/**
 * VGG-19 from "Very Deep Convolutional Networks for Large-Scale Image Recognition"; torchvision's
 * `vgg19`. `weights` (a member of `VGG19_Weights`) loads that file from `$TORCH_HOME/hub/checkpoints` (or `modelDir`).
 * @example
 * const net = models.vgg19({ numClasses: 10 });
 * const pretrained = models.vgg19({ weights: 'DEFAULT', modelDir: './weights' });
 */
export function vgg19(options?: VGGBuilderOptions): VGG {
  return _vgg('vgg19', 'E', false, VGG19_Weights, options);
}
registerModel('vgg19', vgg19, VGG19_Weights);

/**
 * VGG-19 with batch normalization from "Very Deep Convolutional Networks for Large-Scale Image Recognition"; torchvision's
 * `vgg19_bn`. `weights` (a member of `VGG19_BN_Weights`) loads that file from `$TORCH_HOME/hub/checkpoints` (or `modelDir`).
 * @example
 * const net = models.vgg19Bn({ numClasses: 10 });
 * const pretrained = models.vgg19Bn({ weights: 'DEFAULT', modelDir: './weights' });
 */
export function vgg19Bn(options?: VGGBuilderOptions): VGG {
  return _vgg('vgg19_bn', 'E', true, VGG19_BN_Weights, options);
}
registerModel('vgg19_bn', vgg19Bn, VGG19_BN_Weights);
