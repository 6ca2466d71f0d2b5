// torchvision.models.inception: Inception v3, with torchvision's module names (Conv2d_1a_3x3.conv,
// Mixed_5b.branch5x5_1.bn, AuxLogits.fc, fc) and initialisation. The module names keep Python's
// spelling (Mixed_5b, branch3x3dbl_1): they are the state dict's keys.
import type { Tensor } from '../../tensor.js';
import { cat } from '../../generated/functions.js';
import { Module } from '../../nn/modules/module.js';
import { Conv2d, type ConvOptions } from '../../nn/modules/conv.js';
import { BatchNorm2d } from '../../nn/modules/batchnorm.js';
import { MaxPool2d, AdaptiveAvgPool2d } from '../../nn/modules/pooling.js';
import { Linear } from '../../nn/modules/linear.js';
import { Dropout } from '../../nn/modules/dropout.js';
import { relu } from '../../nn/functional/activation.js';
import { avgPool2d, maxPool2d, adaptiveAvgPool2d } from '../../nn/functional/pooling.js';
import * as init from '../../nn/init.js';
import { parseArgs, type Args, type IntOrTuple } from '../../validate.js';
import { ImageClassification } from '../transforms/_presets.js';
import { _IMAGENET_CATEGORIES } from './_meta.js';
import { defineWeightsEnum, registerModel, builderOptions, resolveWeights, loadWeights, _ovewriteNamedParam, type WeightsOptions } from './_api.js';

/**
 * Inception3's result in training mode with the auxiliary classifier on (torchvision's
 * `InceptionOutputs` named tuple): an array that also carries the names.
 */
export type InceptionOutputs = [logits: Tensor, auxLogits: Tensor | null] & { readonly logits: Tensor; readonly auxLogits: Tensor | null };

/**
 * Builds an `InceptionOutputs` (torchvision's namedtuple constructor).
 * @example const out = models.InceptionOutputs(logits, aux); out.auxLogits === out[1] // true
 */
export function InceptionOutputs(logits: Tensor, auxLogits: Tensor | null): InceptionOutputs {
  const out = [logits, auxLogits];
  ['logits', 'auxLogits'].forEach((name, i) => Object.defineProperty(out, name, { get: () => out[i], enumerable: false }));
  return out as InceptionOutputs;
}

/** Keyword arguments of BasicConv2d: Conv2d's, without `bias` (always off). */
export interface BasicConv2dOptions extends Omit<ConvOptions, 'bias'> {
  kernelSize: IntOrTuple;
}

/**
 * A bias-free convolution, batch norm (eps 0.001) and ReLU; torchvision's Inception `BasicConv2d`.
 * @example const c = new models.inception.BasicConv2d(3, 8, { kernelSize: 3 }); c(torch.randn(1, 3, 8, 8)).shape // [1, 8, 6, 6]
 */
export class BasicConv2d extends Module {
  conv: Conv2d;
  bn: BatchNorm2d;
  /** torchvision sets it on InceptionAux's conv1; its init loop only reads it on Conv2d and Linear modules, so it has no effect there either. */
  stddev?: number;

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

/** A convolution block class (torchvision's `conv_block`): BasicConv2d by default. */
export type ConvBlock = new (inChannels: number, outChannels: number, options: BasicConv2dOptions) => Module;

/**
 * Inception v3's 35x35 block; torchvision's `InceptionA`.
 * @example const m = new models.inception.InceptionA(192, 32); m(torch.randn(1, 192, 35, 35)).shape // [1, 256, 35, 35]
 */
export class InceptionA extends Module {
  branch1x1: Module; branch5x5_1: Module; branch5x5_2: Module;
  branch3x3dbl_1: Module; branch3x3dbl_2: Module; branch3x3dbl_3: Module; branch_pool: Module;

  constructor(inChannels: number, poolFeatures: number, convBlock: ConvBlock | null = null) {
    super();
    const B = convBlock ?? BasicConv2d;
    this.branch1x1 = new B(inChannels, 64, { kernelSize: 1 });
    this.branch5x5_1 = new B(inChannels, 48, { kernelSize: 1 });
    this.branch5x5_2 = new B(48, 64, { kernelSize: 5, padding: 2 });
    this.branch3x3dbl_1 = new B(inChannels, 64, { kernelSize: 1 });
    this.branch3x3dbl_2 = new B(64, 96, { kernelSize: 3, padding: 1 });
    this.branch3x3dbl_3 = new B(96, 96, { kernelSize: 3, padding: 1 });
    this.branch_pool = new B(inChannels, poolFeatures, { kernelSize: 1 });
  }

  forward(x: Tensor): Tensor {
    const branch1x1 = this.branch1x1(x) as Tensor;
    const branch5x5 = this.branch5x5_2(this.branch5x5_1(x)) as Tensor;
    const branch3x3dbl = this.branch3x3dbl_3(this.branch3x3dbl_2(this.branch3x3dbl_1(x))) as Tensor;
    const branchPool = this.branch_pool(avgPool2d(x, 3, { stride: 1, padding: 1 })) as Tensor;
    return cat([branch1x1, branch5x5, branch3x3dbl, branchPool], 1);
  }
}

/**
 * Inception v3's grid reduction 35x35 -> 17x17; torchvision's `InceptionB`.
 * @example const m = new models.inception.InceptionB(288); m(torch.randn(1, 288, 35, 35)).shape // [1, 768, 17, 17]
 */
export class InceptionB extends Module {
  branch3x3: Module; branch3x3dbl_1: Module; branch3x3dbl_2: Module; branch3x3dbl_3: Module;

  constructor(inChannels: number, convBlock: ConvBlock | null = null) {
    super();
    const B = convBlock ?? BasicConv2d;
    this.branch3x3 = new B(inChannels, 384, { kernelSize: 3, stride: 2 });
    this.branch3x3dbl_1 = new B(inChannels, 64, { kernelSize: 1 });
    this.branch3x3dbl_2 = new B(64, 96, { kernelSize: 3, padding: 1 });
    this.branch3x3dbl_3 = new B(96, 96, { kernelSize: 3, stride: 2 });
  }

  forward(x: Tensor): Tensor {
    const branch3x3 = this.branch3x3(x) as Tensor;
    const branch3x3dbl = this.branch3x3dbl_3(this.branch3x3dbl_2(this.branch3x3dbl_1(x))) as Tensor;
    const branchPool = maxPool2d(x, 3, { stride: 2 });
    return cat([branch3x3, branch3x3dbl, branchPool], 1);
  }
}

/**
 * Inception v3's 17x17 block with factorized 7x7 convolutions; torchvision's `InceptionC`.
 * @example const m = new models.inception.InceptionC(768, 128); m(torch.randn(1, 768, 17, 17)).shape // [1, 768, 17, 17]
 */
export class InceptionC extends Module {
  branch1x1: Module; branch7x7_1: Module; branch7x7_2: Module; branch7x7_3: Module;
  branch7x7dbl_1: Module; branch7x7dbl_2: Module; branch7x7dbl_3: Module; branch7x7dbl_4: Module; branch7x7dbl_5: Module; branch_pool: Module;

  constructor(inChannels: number, channels7x7: number, convBlock: ConvBlock | null = null) {
    super();
    const B = convBlock ?? BasicConv2d;
    this.branch1x1 = new B(inChannels, 192, { kernelSize: 1 });
    const c7 = channels7x7;
    this.branch7x7_1 = new B(inChannels, c7, { kernelSize: 1 });
    this.branch7x7_2 = new B(c7, c7, { kernelSize: [1, 7], padding: [0, 3] });
    this.branch7x7_3 = new B(c7, 192, { kernelSize: [7, 1], padding: [3, 0] });
    this.branch7x7dbl_1 = new B(inChannels, c7, { kernelSize: 1 });
    this.branch7x7dbl_2 = new B(c7, c7, { kernelSize: [7, 1], padding: [3, 0] });
    this.branch7x7dbl_3 = new B(c7, c7, { kernelSize: [1, 7], padding: [0, 3] });
    this.branch7x7dbl_4 = new B(c7, c7, { kernelSize: [7, 1], padding: [3, 0] });
    this.branch7x7dbl_5 = new B(c7, 192, { kernelSize: [1, 7], padding: [0, 3] });
    this.branch_pool = new B(inChannels, 192, { kernelSize: 1 });
  }

  forward(x: Tensor): Tensor {
    const branch1x1 = this.branch1x1(x) as Tensor;
    const branch7x7 = this.branch7x7_3(this.branch7x7_2(this.branch7x7_1(x))) as Tensor;
    let branch7x7dbl = this.branch7x7dbl_2(this.branch7x7dbl_1(x)) as Tensor;
    branch7x7dbl = this.branch7x7dbl_5(this.branch7x7dbl_4(this.branch7x7dbl_3(branch7x7dbl))) as Tensor;
    const branchPool = this.branch_pool(avgPool2d(x, 3, { stride: 1, padding: 1 })) as Tensor;
    return cat([branch1x1, branch7x7, branch7x7dbl, branchPool], 1);
  }
}

/**
 * Inception v3's grid reduction 17x17 -> 8x8; torchvision's `InceptionD`.
 * @example const m = new models.inception.InceptionD(768); m(torch.randn(1, 768, 17, 17)).shape // [1, 1280, 8, 8]
 */
export class InceptionD extends Module {
  branch3x3_1: Module; branch3x3_2: Module; branch7x7x3_1: Module; branch7x7x3_2: Module; branch7x7x3_3: Module; branch7x7x3_4: Module;

  constructor(inChannels: number, convBlock: ConvBlock | null = null) {
    super();
    const B = convBlock ?? BasicConv2d;
    this.branch3x3_1 = new B(inChannels, 192, { kernelSize: 1 });
    this.branch3x3_2 = new B(192, 320, { kernelSize: 3, stride: 2 });
    this.branch7x7x3_1 = new B(inChannels, 192, { kernelSize: 1 });
    this.branch7x7x3_2 = new B(192, 192, { kernelSize: [1, 7], padding: [0, 3] });
    this.branch7x7x3_3 = new B(192, 192, { kernelSize: [7, 1], padding: [3, 0] });
    this.branch7x7x3_4 = new B(192, 192, { kernelSize: 3, stride: 2 });
  }

  forward(x: Tensor): Tensor {
    const branch3x3 = this.branch3x3_2(this.branch3x3_1(x)) as Tensor;
    const branch7x7x3 = this.branch7x7x3_4(this.branch7x7x3_3(this.branch7x7x3_2(this.branch7x7x3_1(x)))) as Tensor;
    const branchPool = maxPool2d(x, 3, { stride: 2 });
    return cat([branch3x3, branch7x7x3, branchPool], 1);
  }
}

/**
 * Inception v3's 8x8 block with expanded filter banks; torchvision's `InceptionE`.
 * @example const m = new models.inception.InceptionE(1280); m(torch.randn(1, 1280, 8, 8)).shape // [1, 2048, 8, 8]
 */
export class InceptionE extends Module {
  branch1x1: Module; branch3x3_1: Module; branch3x3_2a: Module; branch3x3_2b: Module;
  branch3x3dbl_1: Module; branch3x3dbl_2: Module; branch3x3dbl_3a: Module; branch3x3dbl_3b: Module; branch_pool: Module;

  constructor(inChannels: number, convBlock: ConvBlock | null = null) {
    super();
    const B = convBlock ?? BasicConv2d;
    this.branch1x1 = new B(inChannels, 320, { kernelSize: 1 });
    this.branch3x3_1 = new B(inChannels, 384, { kernelSize: 1 });
    this.branch3x3_2a = new B(384, 384, { kernelSize: [1, 3], padding: [0, 1] });
    this.branch3x3_2b = new B(384, 384, { kernelSize: [3, 1], padding: [1, 0] });
    this.branch3x3dbl_1 = new B(inChannels, 448, { kernelSize: 1 });
    this.branch3x3dbl_2 = new B(448, 384, { kernelSize: 3, padding: 1 });
    this.branch3x3dbl_3a = new B(384, 384, { kernelSize: [1, 3], padding: [0, 1] });
    this.branch3x3dbl_3b = new B(384, 384, { kernelSize: [3, 1], padding: [1, 0] });
    this.branch_pool = new B(inChannels, 192, { kernelSize: 1 });
  }

  forward(x: Tensor): Tensor {
    const branch1x1 = this.branch1x1(x) as Tensor;
    const b3 = this.branch3x3_1(x) as Tensor;
    const branch3x3 = cat([this.branch3x3_2a(b3) as Tensor, this.branch3x3_2b(b3) as Tensor], 1);
    const b3dbl = this.branch3x3dbl_2(this.branch3x3dbl_1(x)) as Tensor;
    const branch3x3dbl = cat([this.branch3x3dbl_3a(b3dbl) as Tensor, this.branch3x3dbl_3b(b3dbl) as Tensor], 1);
    const branchPool = this.branch_pool(avgPool2d(x, 3, { stride: 1, padding: 1 })) as Tensor;
    return cat([branch1x1, branch3x3, branch3x3dbl, branchPool], 1);
  }
}

/**
 * Inception v3's auxiliary classifier (used in training); torchvision's `InceptionAux`.
 * @example const aux = new models.inception.InceptionAux(768, 10); aux(torch.randn(2, 768, 17, 17)).shape // [2, 10]
 */
export class InceptionAux extends Module {
  conv0: Module;
  conv1: BasicConv2d | Module;
  fc: Linear & { stddev?: number };

  constructor(inChannels: number, numClasses: number, convBlock: ConvBlock | null = null) {
    super();
    const B = convBlock ?? BasicConv2d;
    this.conv0 = new B(inChannels, 128, { kernelSize: 1 });
    this.conv1 = new B(128, 768, { kernelSize: 5 });
    (this.conv1 as { stddev?: number }).stddev = 0.01;
    this.fc = new Linear(768, numClasses);
    this.fc.stddev = 0.001;
  }

  forward(x: Tensor): Tensor {
    x = avgPool2d(x, 5, { stride: 3 });
    x = this.conv0(x) as Tensor;
    x = this.conv1(x) as Tensor;
    x = adaptiveAvgPool2d(x, [1, 1]);
    x = x.flatten(1);
    return this.fc(x);
  }
}

/** Options of the Inception3 constructor (torchvision's arguments, camelCased). */
export interface Inception3Options {
  numClasses?: number;
  /** Build the auxiliary classifier (default true); training mode then returns InceptionOutputs. */
  auxLogits?: boolean;
  /** Map ImageNet-normalized input to the (x - 0.5) / 0.5 scaling the ported weights expect. */
  transformInput?: boolean;
  /** [convBlock, InceptionA, InceptionB, InceptionC, InceptionD, InceptionE, InceptionAux] classes. */
  inceptionBlocks?: readonly [ConvBlock, typeof InceptionA, typeof InceptionB, typeof InceptionC, typeof InceptionD, typeof InceptionE, typeof InceptionAux] | null;
  /** Apply torchvision's truncated-normal initialisation; null (default) means true, with torchvision's FutureWarning. */
  initWeights?: boolean | null;
  dropout?: number;
}

/**
 * torchvision's Inception3 (Inception v3; 75x75 inputs at least, 299x299 for the weights). In
 * training mode with `auxLogits` the forward returns `InceptionOutputs` (logits, auxLogits);
 * otherwise the logits.
 * @example
 * const net = new models.Inception3({ numClasses: 10, initWeights: true }).eval();
 * (net(torch.randn(1, 3, 80, 80)) as Tensor).shape // [1, 10]
 */
export class Inception3 extends Module {
  auxLogits: boolean;
  transformInput: boolean;
  Conv2d_1a_3x3: Module;
  Conv2d_2a_3x3: Module;
  Conv2d_2b_3x3: Module;
  maxpool1: MaxPool2d;
  Conv2d_3b_1x1: Module;
  Conv2d_4a_3x3: Module;
  maxpool2: MaxPool2d;
  Mixed_5b: Module;
  Mixed_5c: Module;
  Mixed_5d: Module;
  Mixed_6a: Module;
  Mixed_6b: Module;
  Mixed_6c: Module;
  Mixed_6d: Module;
  Mixed_6e: Module;
  AuxLogits: Module | null;
  Mixed_7a: Module;
  Mixed_7b: Module;
  Mixed_7c: Module;
  avgpool: AdaptiveAvgPool2d;
  dropout: Dropout;
  fc: Linear;

  constructor(...args: Args<[numClasses: number, auxLogits: boolean, transformInput: boolean, inceptionBlocks: Inception3Options['inceptionBlocks'],
    initWeights: boolean | null, dropout: number], Inception3Options>) {
    super();
    const o = parseArgs<Required<Inception3Options>>('Inception3()', args,
      ['numClasses', 'auxLogits', 'transformInput', 'inceptionBlocks', 'initWeights', 'dropout'],
      { numClasses: 1000, auxLogits: true, transformInput: false, inceptionBlocks: null, initWeights: null, dropout: 0.5 });
    const blocks = o.inceptionBlocks ?? [BasicConv2d, InceptionA, InceptionB, InceptionC, InceptionD, InceptionE, InceptionAux];
    let initWeights = o.initWeights;
    if (initWeights === null) {
      process.emitWarning('The default weight initialization of inception_v3 will be changed in future releases of torchvision. If you wish to keep '
        + 'the old behavior (which leads to long initialization times due to scipy/scipy#11299), please set init_weights=True.', 'FutureWarning');
      initWeights = true;
    }
    if (blocks.length !== 7) throw new Error(`length of inception_blocks should be 7 instead of ${blocks.length}`);
    const [B, IA, IB, IC, ID, IE, IAux] = blocks;
    this.auxLogits = o.auxLogits;
    this.transformInput = o.transformInput;
    this.Conv2d_1a_3x3 = new B(3, 32, { kernelSize: 3, stride: 2 });
    this.Conv2d_2a_3x3 = new B(32, 32, { kernelSize: 3 });
    this.Conv2d_2b_3x3 = new B(32, 64, { kernelSize: 3, padding: 1 });
    this.maxpool1 = new MaxPool2d({ kernelSize: 3, stride: 2 });
    this.Conv2d_3b_1x1 = new B(64, 80, { kernelSize: 1 });
    this.Conv2d_4a_3x3 = new B(80, 192, { kernelSize: 3 });
    this.maxpool2 = new MaxPool2d({ kernelSize: 3, stride: 2 });
    this.Mixed_5b = new IA(192, 32, B);
    this.Mixed_5c = new IA(256, 64, B);
    this.Mixed_5d = new IA(288, 64, B);
    this.Mixed_6a = new IB(288, B);
    this.Mixed_6b = new IC(768, 128, B);
    this.Mixed_6c = new IC(768, 160, B);
    this.Mixed_6d = new IC(768, 160, B);
    this.Mixed_6e = new IC(768, 192, B);
    this.AuxLogits = o.auxLogits ? new IAux(768, o.numClasses, B) : null;
    this.Mixed_7a = new ID(768, B);
    this.Mixed_7b = new IE(1280, B);
    this.Mixed_7c = new IE(2048, B);
    this.avgpool = new AdaptiveAvgPool2d([1, 1]);
    this.dropout = new Dropout({ p: o.dropout });
    this.fc = new Linear(2048, o.numClasses);
    if (initWeights) {
      for (const m of this.modules()) {
        if (m instanceof Conv2d || m instanceof Linear) {
          const stddev = (m as { stddev?: number }).stddev ?? 0.1;
          init.truncNormal_(m.weight, { mean: 0.0, std: stddev, a: -2, b: 2 });
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
  _forward(x: Tensor): [Tensor, Tensor | null] {
    x = this.Conv2d_1a_3x3(x) as Tensor;
    x = this.Conv2d_2a_3x3(x) as Tensor;
    x = this.Conv2d_2b_3x3(x) as Tensor;
    x = this.maxpool1(x);
    x = this.Conv2d_3b_1x1(x) as Tensor;
    x = this.Conv2d_4a_3x3(x) as Tensor;
    x = this.maxpool2(x);
    x = this.Mixed_5b(x) as Tensor;
    x = this.Mixed_5c(x) as Tensor;
    x = this.Mixed_5d(x) as Tensor;
    x = this.Mixed_6a(x) as Tensor;
    x = this.Mixed_6b(x) as Tensor;
    x = this.Mixed_6c(x) as Tensor;
    x = this.Mixed_6d(x) as Tensor;
    x = this.Mixed_6e(x) as Tensor;
    let aux: Tensor | null = null;
    if (this.AuxLogits !== null && this.training) aux = this.AuxLogits(x) as Tensor;
    x = this.Mixed_7a(x) as Tensor;
    x = this.Mixed_7b(x) as Tensor;
    x = this.Mixed_7c(x) as Tensor;
    x = this.avgpool(x);
    x = this.dropout(x);
    x = x.flatten(1);
    x = this.fc(x);
    return [x, aux];
  }

  /** @internal torchvision's `eager_outputs`. */
  eagerOutputs(x: Tensor, aux: Tensor | null): Tensor | InceptionOutputs {
    return this.training && this.auxLogits ? InceptionOutputs(x, aux) : x;
  }

  forward(x: Tensor): Tensor | InceptionOutputs {
    x = this._transformInput(x);
    const [logits, aux] = this._forward(x);
    return this.eagerOutputs(logits, aux);
  }
}

/**
 * torchvision's `Inception_V3_Weights`: the pretrained weights of `inception_v3` (files are not downloaded; see `Weights.getStateDict`).
 * @example models.Inception_V3_Weights.DEFAULT.meta.numParams // 27161264
 */
export const Inception_V3_Weights = defineWeightsEnum('Inception_V3_Weights', {
  IMAGENET1K_V1: {
    url: 'https://download.pytorch.org/models/inception_v3_google-0cc3c7bd.pth',
    transforms: () => new ImageClassification({ cropSize: 299, resizeSize: 342 }),
    meta: {
      numParams: 27161264,
      minSize: [75, 75],
      categories: _IMAGENET_CATEGORIES,
      recipe: 'https://github.com/pytorch/vision/tree/main/references/classification#inception-v3',
      metrics: { 'ImageNet-1K': { 'acc@1': 77.294, 'acc@5': 93.45 } },
      ops: 5.713,
      fileSize: 103.903,
      docs: 'These weights are ported from the original paper.',
    },
  },
}, 'IMAGENET1K_V1');

/** Options of the inceptionV3 builder. */
export interface Inception3BuilderOptions extends WeightsOptions, Inception3Options {}

/**
 * Inception v3 from "Rethinking the Inception Architecture for Computer Vision"; torchvision's
 * `inception_v3`. It expects N x 3 x 299 x 299 inputs. With `weights`, `transformInput` defaults
 * to true and the auxiliary classifier is dropped after loading if `auxLogits: false` was asked for.
 * @example
 * const net = models.inceptionV3({ numClasses: 10, initWeights: true });
 * const pretrained = models.inceptionV3({ weights: models.Inception_V3_Weights.DEFAULT, modelDir: './weights' });
 */
export function inceptionV3(options?: Inception3BuilderOptions): Inception3 {
  const o = builderOptions<Inception3BuilderOptions>('inception_v3', options, ['numClasses', 'auxLogits', 'transformInput', 'inceptionBlocks', 'initWeights', 'dropout']);
  const weights = resolveWeights('inception_v3', Inception_V3_Weights, o);
  const originalAuxLogits = o.auxLogits ?? true;
  if (weights !== null) {
    if (o.transformInput === undefined) _ovewriteNamedParam(o, 'transformInput', true);
    _ovewriteNamedParam(o, 'auxLogits', true);
    _ovewriteNamedParam(o, 'initWeights', false);
    _ovewriteNamedParam(o, 'numClasses', weights.meta.categories!.length);
  }
  const model = new Inception3({
    numClasses: o.numClasses, auxLogits: o.auxLogits, transformInput: o.transformInput, inceptionBlocks: o.inceptionBlocks,
    initWeights: o.initWeights, dropout: o.dropout,
  });
  if (weights !== null) {
    loadWeights(model, weights, o);
    if (!originalAuxLogits) {
      model.auxLogits = false;
      model.AuxLogits = null;
    }
  }
  return model;
}
registerModel('inception_v3', inceptionV3, Inception_V3_Weights);
