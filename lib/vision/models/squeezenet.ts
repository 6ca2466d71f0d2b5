// torchvision.models.squeezenet: SqueezeNet 1.0 and 1.1, with torchvision's module names
// (features.N.squeeze, features.N.expand1x1, classifier.1) and initialisation.
import { Tensor } from '../../tensor.js';
import { cat } from '../../generated/functions.js';
import { Module } from '../../nn/modules/module.js';
import { Conv2d } from '../../nn/modules/conv.js';
import { ReLU } from '../../nn/modules/activation.js';
import { MaxPool2d, AdaptiveAvgPool2d } from '../../nn/modules/pooling.js';
import { Dropout } from '../../nn/modules/dropout.js';
import { Sequential } from '../../nn/modules/container.js';
import * as init from '../../nn/init.js';
import { parseArgs, type Args } from '../../validate.js';
import { ImageClassification } from '../transforms/_presets.js';
import { _IMAGENET_CATEGORIES } from './_meta.js';
import { defineWeightsEnum, registerModel, builderOptions, resolveWeights, loadWeights, _ovewriteNamedParam, type WeightsEnum, type WeightsOptions } from './_api.js';

/**
 * SqueezeNet's Fire module: a 1x1 squeeze convolution, then 1x1 and 3x3 expand convolutions
 * whose outputs are concatenated (torchvision's `Fire`).
 * @example const fire = new models.squeezenet.Fire(96, 16, 64, 64); fire(torch.randn(1, 96, 8, 8)).shape // [1, 128, 8, 8]
 */
export class Fire extends Module {
  inplanes: number;
  squeeze: Conv2d;
  squeeze_activation: ReLU;
  expand1x1: Conv2d;
  expand1x1_activation: ReLU;
  expand3x3: Conv2d;
  expand3x3_activation: ReLU;

  constructor(inplanes: number, squeezePlanes: number, expand1x1Planes: number, expand3x3Planes: number) {
    super();
    this.inplanes = inplanes;
    this.squeeze = new Conv2d(inplanes, squeezePlanes, { kernelSize: 1 });
    this.squeeze_activation = new ReLU({ inplace: true });
    this.expand1x1 = new Conv2d(squeezePlanes, expand1x1Planes, { kernelSize: 1 });
    this.expand1x1_activation = new ReLU({ inplace: true });
    this.expand3x3 = new Conv2d(squeezePlanes, expand3x3Planes, { kernelSize: 3, padding: 1 });
    this.expand3x3_activation = new ReLU({ inplace: true });
  }

  forward(x: Tensor): Tensor {
    x = this.squeeze_activation(this.squeeze(x));
    return cat([this.expand1x1_activation(this.expand1x1(x)), this.expand3x3_activation(this.expand3x3(x))], 1);
  }
}

/** Options of the SqueezeNet constructor. */
export interface SqueezeNetOptions {
  /** '1_0' (default) or '1_1'. */
  version?: '1_0' | '1_1';
  numClasses?: number;
  /** Dropout probability before the final convolution (default 0.5). */
  dropout?: number;
}

/**
 * torchvision's SqueezeNet (version '1_0' or '1_1').
 * @example
 * const net = new models.SqueezeNet('1_1', { numClasses: 10 });
 * net(torch.randn(1, 3, 64, 64)).shape // [1, 10]
 */
export class SqueezeNet extends Module {
  numClasses: number;
  features: Sequential;
  classifier: Sequential;

  constructor(...args: Args<[version: '1_0' | '1_1', numClasses: number, dropout: number], SqueezeNetOptions>) {
    super();
    const o = parseArgs<Required<SqueezeNetOptions>>('SqueezeNet()', args, ['version', 'numClasses', 'dropout'], { version: '1_0', numClasses: 1000, dropout: 0.5 });
    this.numClasses = o.numClasses;
    const pool = () => new MaxPool2d({ kernelSize: 3, stride: 2, ceilMode: true });
    if (o.version === '1_0') {
      this.features = new Sequential(
        new Conv2d(3, 96, { kernelSize: 7, stride: 2 }), new ReLU({ inplace: true }), pool(),
        new Fire(96, 16, 64, 64), new Fire(128, 16, 64, 64), new Fire(128, 32, 128, 128), pool(),
        new Fire(256, 32, 128, 128), new Fire(256, 48, 192, 192), new Fire(384, 48, 192, 192), new Fire(384, 64, 256, 256), pool(),
        new Fire(512, 64, 256, 256),
      );
    } else if (o.version === '1_1') {
      this.features = new Sequential(
        new Conv2d(3, 64, { kernelSize: 3, stride: 2 }), new ReLU({ inplace: true }), pool(),
        new Fire(64, 16, 64, 64), new Fire(128, 16, 64, 64), pool(),
        new Fire(128, 32, 128, 128), new Fire(256, 32, 128, 128), pool(),
        new Fire(256, 48, 192, 192), new Fire(384, 48, 192, 192), new Fire(384, 64, 256, 256), new Fire(512, 64, 256, 256),
      );
    } else {
      throw new Error(`Unsupported SqueezeNet version ${String(o.version)}: 1_0 or 1_1 expected`);
    }
    // The final convolution is initialised differently from the rest.
    const finalConv = new Conv2d(512, this.numClasses, { kernelSize: 1 });
    this.classifier = new Sequential(new Dropout({ p: o.dropout }), finalConv, new ReLU({ inplace: true }), new AdaptiveAvgPool2d([1, 1]));
    for (const m of this.modules()) {
      if (m instanceof Conv2d) {
        if (m === finalConv) init.normal_(m.weight, { mean: 0.0, std: 0.01 });
        else init.kaimingUniform_(m.weight);
        if (m.bias !== null) init.constant_(m.bias, 0);
      }
    }
  }

  forward(x: Tensor): Tensor {
    x = this.features(x) as Tensor;
    x = this.classifier(x) as Tensor;
    return x.flatten(1);
  }
}

/** Options of the SqueezeNet builders. */
export interface SqueezeNetBuilderOptions extends WeightsOptions, Omit<SqueezeNetOptions, 'version'> {}

function _squeezenet(where: string, version: '1_0' | '1_1', weightsEnum: WeightsEnum, options: SqueezeNetBuilderOptions | undefined): SqueezeNet {
  const o = builderOptions<SqueezeNetBuilderOptions>(where, options, ['numClasses', 'dropout']);
  const weights = resolveWeights(where, weightsEnum, o);
  if (weights !== null) _ovewriteNamedParam(o, 'numClasses', weights.meta.categories!.length);
  const model = new SqueezeNet(version, { numClasses: o.numClasses, dropout: o.dropout });
  if (weights !== null) loadWeights(model, weights, o);
  return model;
}

/**
 * torchvision's `SqueezeNet1_0_Weights`: the pretrained weights of `squeezenet1_0` (files are not downloaded; see `Weights.getStateDict`).
 * @example models.SqueezeNet1_0_Weights.DEFAULT.meta.numParams // 1248424
 */
export const SqueezeNet1_0_Weights = defineWeightsEnum('SqueezeNet1_0_Weights', {
  IMAGENET1K_V1: {
    url: 'https://download.pytorch.org/models/squeezenet1_0-b66bff10.pth',
    transforms: () => new ImageClassification({ cropSize: 224 }),
    meta: {
      categories: _IMAGENET_CATEGORIES,
      recipe: 'https://github.com/pytorch/vision/pull/49#issuecomment-277560717',
      docs: 'These weights reproduce closely the results of the paper using a simple training recipe.',
      minSize: [21, 21],
      numParams: 1248424,
      metrics: { 'ImageNet-1K': { 'acc@1': 58.092, 'acc@5': 80.42 } },
      ops: 0.819,
      fileSize: 4.778,
    },
  },
}, 'IMAGENET1K_V1');

/**
 * torchvision's `SqueezeNet1_1_Weights`: the pretrained weights of `squeezenet1_1` (files are not downloaded; see `Weights.getStateDict`).
 * @example models.SqueezeNet1_1_Weights.DEFAULT.meta.numParams // 1235496
 */
export const SqueezeNet1_1_Weights = defineWeightsEnum('SqueezeNet1_1_Weights', {
  IMAGENET1K_V1: {
    url: 'https://download.pytorch.org/models/squeezenet1_1-b8a52dc0.pth',
    transforms: () => new ImageClassification({ cropSize: 224 }),
    meta: {
      categories: _IMAGENET_CATEGORIES,
      recipe: 'https://github.com/pytorch/vision/pull/49#issuecomment-277560717',
      docs: 'These weights reproduce closely the results of the paper using a simple training recipe.',
      minSize: [17, 17],
      numParams: 1235496,
      metrics: { 'ImageNet-1K': { 'acc@1': 58.178, 'acc@5': 80.624 } },
      ops: 0.349,
      fileSize: 4.729,
    },
  },
}, 'IMAGENET1K_V1');

/**
 * SqueezeNet 1.0 from "SqueezeNet: AlexNet-level accuracy with 50x fewer parameters and <0.5MB
 * model size"; torchvision's `squeezenet1_0`. `weights` (a member of `SqueezeNet1_0_Weights`)
 * loads that file from `$TORCH_HOME/hub/checkpoints` (or `modelDir`).
 * @example const net = models.squeezenet1_0({ numClasses: 10 });
 */
export function squeezenet1_0(options?: SqueezeNetBuilderOptions): SqueezeNet {
  return _squeezenet('squeezenet1_0', '1_0', SqueezeNet1_0_Weights, options);
}
registerModel('squeezenet1_0', squeezenet1_0, SqueezeNet1_0_Weights);

/**
 * SqueezeNet 1.1 from the official SqueezeNet repo (2.4x less computation than 1.0, as accurate);
 * torchvision's `squeezenet1_1`. `weights` (a member of `SqueezeNet1_1_Weights`) loads that file
 * from `$TORCH_HOME/hub/checkpoints` (or `modelDir`).
 * @example const net = models.squeezenet1_1({ numClasses: 10 });
 */
export function squeezenet1_1(options?: SqueezeNetBuilderOptions): SqueezeNet {
  return _squeezenet('squeezenet1_1', '1_1', SqueezeNet1_1_Weights, options);
}
registerModel('squeezenet1_1', squeezenet1_1, SqueezeNet1_1_Weights);
