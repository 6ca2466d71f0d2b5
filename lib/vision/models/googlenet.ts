// torchvision.models.googlenet: GoogLeNet (Inception v1), with torchvision's module names
// (conv1.conv, inception3a.branch2.1.bn, aux1.fc2, fc) and initialisation.
import type { Tensor } from '../../tensor.js';
import { cat } from '../../generated/functions.js';
import { Module } from '../../nn/modules/module.js';
import { Conv2d, type ConvOptions } from '../../nn/modules/conv.js';
import { BatchNorm2d } from '../../nn/modules/batchnorm.js';
import { MaxPool2d, AdaptiveAvgPool2d } from '../../nn/modules/pooling.js';
import { Linear } from '../../nn/modules/linear.js';
import { Dropout } from '../../nn/modules/dropout.js';
import { Sequential } from '../../nn/modules/container.js';
import { relu } from '../../nn/functional/activation.js';
import { adaptiveAvgPool2d } from '../../nn/functional/pooling.js';
import * as init from '../../nn/init.js';
import type { IntOrTuple } from '../../validate.js';
import { parseArgs, type Args } from '../../validate.js';
import { ImageClassification } from '../transforms/_presets.js';
import { _IMAGENET_CATEGORIES } from './_meta.js';
import { defineWeightsEnum, registerModel, builderOptions, resolveWeights, loadWeights, _ovewriteNamedParam, type WeightsOptions } from './_api.js';

/**
 * GoogLeNet's result in training mode with the auxiliary classifiers on (torchvision's
 * `GoogLeNetOutputs` named tuple): an array that also carries the names.
 */
export type GoogLeNetOutputs = [logits: Tensor, auxLogits2: Tensor | null, auxLogits1: Tensor | null]
  & { readonly logits: Tensor; readonly auxLogits2: Tensor | null; readonly auxLogits1: Tensor | null };

/**
 * Builds a `GoogLeNetOutputs` (torchvision's namedtuple constructor).
 * @example const out = models.GoogLeNetOutputs(logits, aux2, aux1); out.logits === out[0] // true
 */
export function GoogLeNetOutputs(logits: Tensor, auxLogits2: Tensor | null, auxLogits1: Tensor | null): GoogLeNetOutputs {
  const out = [logits, auxLogits2, auxLogits1];
  ['logits', 'auxLogits2', 'auxLogits1'].forEach((name, i) => Object.defineProperty(out, name, { get: () => out[i], enumerable: false }));
  return out as GoogLeNetOutputs;
}

/** Keyword arguments of BasicConv2d: Conv2d's, without `bias` (always off). */
export interface BasicConv2dOptions extends Omit<ConvOptions, 'bias'> {
  kernelSize: IntOrTuple;
}

/**
 * A bias-free convolution, batch norm (eps 0.001) and ReLU; torchvision's GoogLeNet `BasicConv2d`.
 * @example const c = new models._googlenet.BasicConv2d(3, 8, { kernelSize: 3, padding: 1 }); c(torch.randn(1, 3, 8, 8)).shape // [1, 8, 8, 8]
 */
export class BasicConv2d extends Module {
  conv: Conv2d;
  bn: BatchNorm2d;

  constructor(inChannels: number, outChannels: number, options: BasicConv2dOptions) {
    super();
    this.conv = new Conv2d(inChannels, outChannels, { ...options, bias: false });
    this.bn = new BatchNorm2d(outChannels, { eps: 0.001 });
  }

  forward(x: Tensor): Tensor {
    x = this.conv(x);
    x = this.bn(x);
    return relu(x, { inplace: true });
  }
}

/** A convolution block factory (torchvision's `conv_block`): BasicConv2d by default. */
export type ConvBlock = new (inChannels: number, outChannels: number, options: BasicConv2dOptions) => Module;

/**
 * GoogLeNet's Inception module: 1x1, 1x1-3x3, 1x1-3x3 and pool-1x1 branches, concatenated;
 * torchvision's `Inception` (its "5x5" branch uses a 3x3 kernel, as torchvision's does).
 * @example const m = new models._googlenet.Inception(192, 64, 96, 128, 16, 32, 32); m(torch.randn(1, 192, 8, 8)).shape // [1, 256, 8, 8]
 */
export class Inception extends Module {
  branch1: Module;
  branch2: Sequential;
  branch3: Sequential;
  branch4: Sequential;

  constructor(inChannels: number, ch1x1: number, ch3x3red: number, ch3x3: number, ch5x5red: number, ch5x5: number, poolProj: number,
    convBlock: ConvBlock | null = null) {
    super();
    const Block = convBlock ?? BasicConv2d;
    this.branch1 = new Block(inChannels, ch1x1, { kernelSize: 1 });
    this.branch2 = new Sequential(new Block(inChannels, ch3x3red, { kernelSize: 1 }), new Block(ch3x3red, ch3x3, { kernelSize: 3, padding: 1 }));
    this.branch3 = new Sequential(new Block(inChannels, ch5x5red, { kernelSize: 1 }), new Block(ch5x5red, ch5x5, { kernelSize: 3, padding: 1 }));
    this.branch4 = new Sequential(new MaxPool2d({ kernelSize: 3, stride: 1, padding: 1, ceilMode: true }), new Block(inChannels, poolProj, { kernelSize: 1 }));
  }

  /** @internal the four branches' outputs. */
  _forward(x: Tensor): Tensor[] {
    return [this.branch1(x) as Tensor, this.branch2(x) as Tensor, this.branch3(x) as Tensor, this.branch4(x) as Tensor];
  }

  forward(x: Tensor): Tensor {
    return cat(this._forward(x), 1);
  }
}

/**
 * GoogLeNet's auxiliary classifier (used in training); torchvision's `InceptionAux`.
 * @example const aux = new models._googlenet.InceptionAux(512, 10); aux(torch.randn(2, 512, 14, 14)).shape // [2, 10]
 */
export class InceptionAux extends Module {
  conv: Module;
  fc1: Linear;
  fc2: Linear;
  dropout: Dropout;

  constructor(inChannels: number, numClasses: number, convBlock: ConvBlock | null = null, dropout = 0.7) {
    super();
    const Block = convBlock ?? BasicConv2d;
    this.conv = new Block(inChannels, 128, { kernelSize: 1 });
    this.fc1 = new Linear(2048, 1024);
    this.fc2 = new Linear(1024, numClasses);
    this.dropout = new Dropout({ p: dropout });
  }

  forward(x: Tensor): Tensor {
    x = adaptiveAvgPool2d(x, [4, 4]);
    x = this.conv(x) as Tensor;
    x = x.flatten(1);
    x = relu(this.fc1(x), { inplace: true });
    x = this.dropout(x);
    return this.fc2(x);
  }
}

/** Options of the GoogLeNet constructor (torchvision's arguments, camelCased). */
export interface GoogLeNetOptions {
  numClasses?: number;
  /** Build the two auxiliary classifiers (default true); training mode then returns GoogLeNetOutputs. */
  auxLogits?: boolean;
  /** Map ImageNet-normalized input to the (x - 0.5) / 0.5 scaling the ported weights expect. */
  transformInput?: boolean;
  /** Apply torchvision's truncated-normal initialisation; null (default) means true, with torchvision's FutureWarning. */
  initWeights?: boolean | null;
  /** [convBlock, inceptionBlock, inceptionAuxBlock] classes (default BasicConv2d, Inception, InceptionAux). */
  blocks?: readonly [ConvBlock, typeof Inception, typeof InceptionAux] | null;
  dropout?: number;
  dropoutAux?: number;
}

/**
 * torchvision's GoogLeNet (Inception v1). In training mode with `auxLogits` the forward returns
 * `GoogLeNetOutputs` (logits, auxLogits2, auxLogits1); otherwise the logits.
 * @example
 * const net = new models.GoogLeNet({ numClasses: 10, initWeights: true }).eval();
 * (net(torch.randn(1, 3, 64, 64)) as Tensor).shape // [1, 10]
 */
export class GoogLeNet extends Module {
  auxLogits: boolean;
  transformInput: boolean;
  conv1: Module;
  maxpool1: MaxPool2d;
  conv2: Module;
  conv3: Module;
  maxpool2: MaxPool2d;
  inception3a: Inception;
  inception3b: Inception;
  maxpool3: MaxPool2d;
  inception4a: Inception;
  inception4b: Inception;
  inception4c: Inception;
  inception4d: Inception;
  inception4e: Inception;
  maxpool4: MaxPool2d;
  inception5a: Inception;
  inception5b: Inception;
  aux1: InceptionAux | null;
  aux2: InceptionAux | null;
  avgpool: AdaptiveAvgPool2d;
  dropout: Dropout;
  fc: Linear;

  constructor(...args: Args<[numClasses: number, auxLogits: boolean, transformInput: boolean, initWeights: boolean | null,
    blocks: GoogLeNetOptions['blocks'], dropout: number, dropoutAux: number], GoogLeNetOptions>) {
    super();
    const o = parseArgs<Required<GoogLeNetOptions>>('GoogLeNet()', args,
      ['numClasses', 'auxLogits', 'transformInput', 'initWeights', 'blocks', 'dropout', 'dropoutAux'],
      { numClasses: 1000, auxLogits: true, transformInput: false, initWeights: null, blocks: null, dropout: 0.2, dropoutAux: 0.7 });
    const blocks = o.blocks ?? [BasicConv2d, Inception, InceptionAux];
    let initWeights = o.initWeights;
    if (initWeights === null) {
      process.emitWarning('The default weight initialization of GoogleNet will be changed in future releases of torchvision. If you wish to keep '
        + 'the old behavior (which leads to long initialization times due to scipy/scipy#11299), please set init_weights=True.', 'FutureWarning');
      initWeights = true;
    }
    if (blocks.length !== 3) throw new Error(`blocks length should be 3 instead of ${blocks.length}`);
    const [ConvBlockClass, InceptionBlock, InceptionAuxBlock] = blocks;
    this.auxLogits = o.auxLogits;
    this.transformInput = o.transformInput;
    this.conv1 = new ConvBlockClass(3, 64, { kernelSize: 7, stride: 2, padding: 3 });
    this.maxpool1 = new MaxPool2d(3, { stride: 2, ceilMode: true });
    this.conv2 = new ConvBlockClass(64, 64, { kernelSize: 1 });
    this.conv3 = new ConvBlockClass(64, 192, { kernelSize: 3, padding: 1 });
    this.maxpool2 = new MaxPool2d(3, { stride: 2, ceilMode: true });
    this.inception3a = new InceptionBlock(192, 64, 96, 128, 16, 32, 32, ConvBlockClass);
    this.inception3b = new InceptionBlock(256, 128, 128, 192, 32, 96, 64, ConvBlockClass);
    this.maxpool3 = new MaxPool2d(3, { stride: 2, ceilMode: true });
    this.inception4a = new InceptionBlock(480, 192, 96, 208, 16, 48, 64, ConvBlockClass);
    this.inception4b = new InceptionBlock(512, 160, 112, 224, 24, 64, 64, ConvBlockClass);
    this.inception4c = new InceptionBlock(512, 128, 128, 256, 24, 64, 64, ConvBlockClass);
    this.inception4d = new InceptionBlock(512, 112, 144, 288, 32, 64, 64, ConvBlockClass);
    this.inception4e = new InceptionBlock(528, 256, 160, 320, 32, 128, 128, ConvBlockClass);
    this.maxpool4 = new MaxPool2d(2, { stride: 2, ceilMode: true });
    this.inception5a = new InceptionBlock(832, 256, 160, 320, 32, 128, 128, ConvBlockClass);
    this.inception5b = new InceptionBlock(832, 384, 192, 384, 48, 128, 128, ConvBlockClass);
    if (o.auxLogits) {
      this.aux1 = new InceptionAuxBlock(512, o.numClasses, ConvBlockClass, o.dropoutAux);
      this.aux2 = new InceptionAuxBlock(528, o.numClasses, ConvBlockClass, o.dropoutAux);
    } else {
      this.aux1 = null;
      this.aux2 = null;
    }
    this.avgpool = new AdaptiveAvgPool2d([1, 1]);
    this.dropout = new Dropout({ p: o.dropout });
    this.fc = new Linear(1024, o.numClasses);
    if (initWeights) {
      for (const m of this.modules()) {
        if (m instanceof Conv2d || m instanceof Linear) {
          init.truncNormal_(m.weight, { mean: 0.0, std: 0.01, a: -2, b: 2 });
        } else if (m instanceof BatchNorm2d) {
          init.constant_(m.weight!, 1);
          init.constant_(m.bias!, 0);
        }
      }
    }
  }

  /** @internal torchvision's `_transform_input`: ImageNet normalization -> (x - 0.5) / 0.5. */
  _transformInput(x: Tensor): Tensor {
    if (this.transformInput) {
      const xCh0 = x.select(1, 0).unsqueeze(1).mul(0.229 / 0.5).add((0.485 - 0.5) / 0.5);
      const xCh1 = x.select(1, 1).unsqueeze(1).mul(0.224 / 0.5).add((0.456 - 0.5) / 0.5);
      const xCh2 = x.select(1, 2).unsqueeze(1).mul(0.225 / 0.5).add((0.406 - 0.5) / 0.5);
      x = cat([xCh0, xCh1, xCh2], 1);
    }
    return x;
  }

  /** @internal torchvision's `_forward`: the logits and (in training) the auxiliary logits. */
  _forward(x: Tensor): [Tensor, Tensor | null, Tensor | null] {
    x = this.conv1(x) as Tensor;
    x = this.maxpool1(x);
    x = this.conv2(x) as Tensor;
    x = this.conv3(x) as Tensor;
    x = this.maxpool2(x);
    x = this.inception3a(x);
    x = this.inception3b(x);
    x = this.maxpool3(x);
    x = this.inception4a(x);
    let aux1: Tensor | null = null;
    if (this.aux1 !== null && this.training) aux1 = this.aux1(x);
    x = this.inception4b(x);
    x = this.inception4c(x);
    x = this.inception4d(x);
    let aux2: Tensor | null = null;
    if (this.aux2 !== null && this.training) aux2 = this.aux2(x);
    x = this.inception4e(x);
    x = this.maxpool4(x);
    x = this.inception5a(x);
    x = this.inception5b(x);
    x = this.avgpool(x);
    x = x.flatten(1);
    x = this.dropout(x);
    x = this.fc(x);
    return [x, aux2, aux1];
  }

  /** @internal torchvision's `eager_outputs`. */
  eagerOutputs(x: Tensor, aux2: Tensor | null, aux1: Tensor | null): Tensor | GoogLeNetOutputs {
    return this.training && this.auxLogits ? GoogLeNetOutputs(x, aux2, aux1) : x;
  }

  forward(x: Tensor): Tensor | GoogLeNetOutputs {
    x = this._transformInput(x);
    const [logits, aux2, aux1] = this._forward(x);
    return this.eagerOutputs(logits, aux2, aux1);
  }
}

/**
 * torchvision's `GoogLeNet_Weights`: the pretrained weights of `googlenet` (files are not downloaded; see `Weights.getStateDict`).
 * @example models.GoogLeNet_Weights.DEFAULT.meta.numParams // 6624904
 */
export const GoogLeNet_Weights = defineWeightsEnum('GoogLeNet_Weights', {
  IMAGENET1K_V1: {
    url: 'https://download.pytorch.org/models/googlenet-1378be20.pth',
    transforms: () => new ImageClassification({ cropSize: 224 }),
    meta: {
      numParams: 6624904,
      minSize: [15, 15],
      categories: _IMAGENET_CATEGORIES,
      recipe: 'https://github.com/pytorch/vision/tree/main/references/classification#googlenet',
      metrics: { 'ImageNet-1K': { 'acc@1': 69.778, 'acc@5': 89.53 } },
      ops: 1.498,
      fileSize: 49.731,
      docs: 'These weights are ported from the original paper.',
    },
  },
}, 'IMAGENET1K_V1');

/** Options of the googlenet builder. */
export interface GoogLeNetBuilderOptions extends WeightsOptions, GoogLeNetOptions {}

/**
 * GoogLeNet (Inception v1) from "Going Deeper with Convolutions"; torchvision's `googlenet`.
 * With `weights`, the auxiliary classifiers are dropped after loading unless `auxLogits: true`
 * is asked for (they are not pretrained), and `transformInput` defaults to true, as torchvision's.
 * @example
 * const net = models.googlenet({ numClasses: 10, initWeights: true });
 * const pretrained = models.googlenet({ weights: models.GoogLeNet_Weights.DEFAULT, modelDir: './weights' });
 */
export function googlenet(options?: GoogLeNetBuilderOptions): GoogLeNet {
  const o = builderOptions<GoogLeNetBuilderOptions>('googlenet', options, ['numClasses', 'auxLogits', 'transformInput', 'initWeights', 'blocks', 'dropout', 'dropoutAux']);
  const weights = resolveWeights('googlenet', GoogLeNet_Weights, o);
  const originalAuxLogits = o.auxLogits ?? false;
  if (weights !== null) {
    if (o.transformInput === undefined) _ovewriteNamedParam(o, 'transformInput', true);
    _ovewriteNamedParam(o, 'auxLogits', true);
    _ovewriteNamedParam(o, 'initWeights', false);
    _ovewriteNamedParam(o, 'numClasses', weights.meta.categories!.length);
  }
  const model = new GoogLeNet({
    numClasses: o.numClasses, auxLogits: o.auxLogits, transformInput: o.transformInput, initWeights: o.initWeights, blocks: o.blocks,
    dropout: o.dropout, dropoutAux: o.dropoutAux,
  });
  if (weights !== null) {
    loadWeights(model, weights, o);
    if (!originalAuxLogits) {
      model.auxLogits = false;
      model.aux1 = null;
      model.aux2 = null;
    } else {
      process.emitWarning('auxiliary heads in the pretrained googlenet model are NOT pretrained, so make sure to train them', 'UserWarning');
    }
  }
  return model;
}
registerModel('googlenet', googlenet, GoogLeNet_Weights);
