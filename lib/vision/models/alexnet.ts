// torchvision.models.alexnet: AlexNet, with torchvision's module names (features.N, classifier.N);
// its layers keep PyTorch's default initialisation, as torchvision's.
import type { Tensor } from '../../tensor.js';
import { Module } from '../../nn/modules/module.js';
import { Conv2d } from '../../nn/modules/conv.js';
import { ReLU } from '../../nn/modules/activation.js';
import { MaxPool2d, AdaptiveAvgPool2d } from '../../nn/modules/pooling.js';
import { Linear } from '../../nn/modules/linear.js';
import { Dropout } from '../../nn/modules/dropout.js';
import { Sequential } from '../../nn/modules/container.js';
import { parseArgs, type Args } from '../../validate.js';
import { ImageClassification } from '../transforms/_presets.js';
import { _IMAGENET_CATEGORIES } from './_meta.js';
import { defineWeightsEnum, registerModel, builderOptions, resolveWeights, loadWeights, _ovewriteNamedParam, type WeightsOptions } from './_api.js';

/** Options of the AlexNet constructor. */
export interface AlexNetOptions {
  numClasses?: number;
  /** Dropout probability of the classifier (default 0.5). */
  dropout?: number;
}

/**
 * torchvision's AlexNet (the "one weird trick" variant, as torchvision's).
 * @example
 * const net = new models.AlexNet({ numClasses: 10 });
 * net(torch.randn(1, 3, 64, 64)).shape // [1, 10]
 */
export class AlexNet extends Module {
  features: Sequential;
  avgpool: AdaptiveAvgPool2d;
  classifier: Sequential;

  constructor(...args: Args<[numClasses: number, dropout: number], AlexNetOptions>) {
    super();
    const o = parseArgs<Required<AlexNetOptions>>('AlexNet()', args, ['numClasses', 'dropout'], { numClasses: 1000, dropout: 0.5 });
    this.features = new Sequential(
      new Conv2d(3, 64, { kernelSize: 11, stride: 4, padding: 2 }),
      new ReLU({ inplace: true }),
      new MaxPool2d({ kernelSize: 3, stride: 2 }),
      new Conv2d(64, 192, { kernelSize: 5, padding: 2 }),
      new ReLU({ inplace: true }),
      new MaxPool2d({ kernelSize: 3, stride: 2 }),
      new Conv2d(192, 384, { kernelSize: 3, padding: 1 }),
      new ReLU({ inplace: true }),
      new Conv2d(384, 256, { kernelSize: 3, padding: 1 }),
      new ReLU({ inplace: true }),
      new Conv2d(256, 256, { kernelSize: 3, padding: 1 }),
      new ReLU({ inplace: true }),
      new MaxPool2d({ kernelSize: 3, stride: 2 }),
    );
    this.avgpool = new AdaptiveAvgPool2d([6, 6]);
    this.classifier = new Sequential(
      new Dropout({ p: o.dropout }),
      new Linear(256 * 6 * 6, 4096),
      new ReLU({ inplace: true }),
      new Dropout({ p: o.dropout }),
      new Linear(4096, 4096),
      new ReLU({ inplace: true }),
      new Linear(4096, o.numClasses),
    );
  }

  forward(x: Tensor): Tensor {
    x = this.features(x) as Tensor;
    x = this.avgpool(x);
    x = x.flatten(1);
    return this.classifier(x) as Tensor;
  }
}

/**
 * torchvision's `AlexNet_Weights`: the pretrained weights of `alexnet` (files are not downloaded; see `Weights.getStateDict`).
 * @example models.AlexNet_Weights.DEFAULT.meta.numParams // 61100840
 */
export const AlexNet_Weights = defineWeightsEnum('AlexNet_Weights', {
  IMAGENET1K_V1: {
    url: 'https://download.pytorch.org/models/alexnet-owt-7be5be79.pth',
    transforms: () => new ImageClassification({ cropSize: 224 }),
    meta: {
      numParams: 61100840,
      minSize: [63, 63],
      categories: _IMAGENET_CATEGORIES,
      recipe: 'https://github.com/pytorch/vision/tree/main/references/classification#alexnet-and-vgg',
      metrics: { 'ImageNet-1K': { 'acc@1': 56.522, 'acc@5': 79.066 } },
      ops: 0.714,
      fileSize: 233.087,
      docs: 'These weights reproduce closely the results of the paper using a simplified training recipe.',
    },
  },
}, 'IMAGENET1K_V1');

/** Options of the alexnet builder. */
export interface AlexNetBuilderOptions extends WeightsOptions, AlexNetOptions {}

/**
 * AlexNet from "One weird trick for parallelizing convolutional neural networks"; torchvision's
 * `alexnet`. `weights` (a member of `AlexNet_Weights`) loads that file from
 * `$TORCH_HOME/hub/checkpoints` (or `modelDir`).
 * @example
 * const net = models.alexnet({ numClasses: 10 });
 * const pretrained = models.alexnet({ weights: models.AlexNet_Weights.IMAGENET1K_V1, modelDir: './weights' });
 */
export function alexnet(options?: AlexNetBuilderOptions): AlexNet {
  const o = builderOptions<AlexNetBuilderOptions>('alexnet', options, ['numClasses', 'dropout']);
  const weights = resolveWeights('alexnet', AlexNet_Weights, o);
  if (weights !== null) _ovewriteNamedParam(o, 'numClasses', weights.meta.categories!.length);
  const model = new AlexNet({ numClasses: o.numClasses, dropout: o.dropout });
  if (weights !== null) loadWeights(model, weights, o);
  return model;
}
registerModel('alexnet', alexnet, AlexNet_Weights);
