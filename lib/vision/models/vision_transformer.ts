// VisionTransformer ("An Image is Worth 16x16 Words"), as torchvision/models/vision_transformer.py:
// the same module names (`encoder.layers.encoder_layer_0.self_attention.in_proj_weight`, ...),
// nn.MultiheadAttention for the attention, and torchvision's initialisation, so Python's state
// dicts load.
import type { Tensor } from '../../tensor.js';
import { cat, zeros, empty } from '../../generated/functions.js';
import * as nn from '../../nn/index.js';
import { Module, type StateDict } from '../../nn/modules/module.js';
import { Conv2dNormActivation, MLP, makeLayer, type LayerFactory, type ActivationFactory } from '../ops/misc.js';
import { ImageClassification } from '../transforms/_presets.js';
import { parseArgs, checkInt, checkNumber, type KwArgs } from '../../validate.js';
import { _IMAGENET_CATEGORIES } from './_meta.js';
import {
  defineWeightsEnum, registerModel, builderOptions, resolveWeights, _ovewriteNamedParam, loadWeights, type WeightsOptions, type WeightsEnum,
} from './_api.js';

/** One convolution of a convolutional stem (torchvision's `ConvStemConfig`). */
export interface ConvStemConfig {
  outChannels: number;
  kernelSize: number;
  stride: number;
  /** Default BatchNorm2d. */
  normLayer?: LayerFactory<[number]>;
  /** Default ReLU. */
  activationLayer?: ActivationFactory;
}

/**
 * The transformer's MLP: Linear, GELU, Dropout, Linear, Dropout (keys `0`..`4`), with
 * torchvision's xavier-uniform weights and N(0, 1e-6) biases. Loads state dicts that name the
 * linears `linear_1`/`linear_2` (torchvision's version 1) too.
 * @example const mlp = new MLPBlock(768, 3072, 0.0); mlp(torch.randn(2, 197, 768)).shape // [2, 197, 768]
 */
export class MLPBlock extends MLP {
  constructor(inDim: number, mlpDim: number, dropout: number) {
    super(inDim, [mlpDim, inDim], { activationLayer: nn.GELU, inplace: null, dropout });
    for (const m of this.modules()) {
      if (m instanceof nn.Linear) {
        nn.init.xavierUniform_(m.weight);
        if (m.bias !== null) nn.init.normal_(m.bias, { std: 1e-6 });
      }
    }
  }

  /** @internal Renames version-1 keys (`linear_1.weight` -> `0.weight`, `linear_2.*` -> `3.*`), as torchvision. */
  override _loadFromStateDict(stateDict: Map<string, unknown>, prefix: string, strict: boolean,
    missingKeys: string[], unexpectedKeys: string[], errorMsgs: string[]): void {
    for (let i = 0; i < 2; i++) {
      for (const type of ['weight', 'bias']) {
        const oldKey = `${prefix}linear_${i + 1}.${type}`;
        if (stateDict.has(oldKey)) {
          stateDict.set(`${prefix}${3 * i}.${type}`, stateDict.get(oldKey));
          stateDict.delete(oldKey);
        }
      }
    }
    super._loadFromStateDict(stateDict, prefix, strict, missingKeys, unexpectedKeys, errorMsgs);
  }
}

function defaultNorm(c: number): Module {
  return new nn.LayerNorm(c, { eps: 1e-6 });
}

/**
 * A transformer encoder block: x + Dropout(SelfAttention(LN(x))), then + MLP(LN(.)).
 * @example const b = new EncoderBlock(12, 768, 3072, 0.0, 0.0); b(torch.randn(1, 197, 768)).shape // [1, 197, 768]
 */
export class EncoderBlock extends Module {
  numHeads: number;
  ln_1: Module;
  self_attention: nn.MultiheadAttention;
  dropout: nn.Dropout;
  ln_2: Module;
  mlp: MLPBlock;

  constructor(numHeads: number, hiddenDim: number, mlpDim: number, dropout: number, attentionDropout: number,
    normLayer: LayerFactory<[number]> = defaultNorm) {
    super();
    this.numHeads = numHeads;
    this.ln_1 = makeLayer(normLayer, hiddenDim);
    this.self_attention = new nn.MultiheadAttention(hiddenDim, numHeads, { dropout: attentionDropout, batchFirst: true });
    this.dropout = new nn.Dropout(dropout);
    this.ln_2 = makeLayer(normLayer, hiddenDim);
    this.mlp = new MLPBlock(hiddenDim, mlpDim, dropout);
  }

  forward(input: Tensor): Tensor {
    if (input.dim() !== 3) throw new RangeError(`Expected (batch_size, seq_length, hidden_dim) got [${input.shape.join(', ')}]`);
    let x = (this.ln_1 as Module)(input) as Tensor;
    [x] = this.self_attention(x, x, x, { needWeights: false });
    x = this.dropout(x);
    x = x.add(input);
    let y = (this.ln_2 as Module)(x) as Tensor;
    y = this.mlp(y);
    return x.add(y);
  }
}

/**
 * The transformer encoder: learnt position embedding (`pos_embedding`), Dropout, the blocks
 * (`layers.encoder_layer_{i}`), a final norm (`ln`).
 * @example const enc = new Encoder(197, 2, 4, 64, 128, 0.0, 0.0); enc(torch.randn(1, 197, 64)).shape // [1, 197, 64]
 */
export class Encoder extends Module {
  pos_embedding: nn.Parameter;
  dropout: nn.Dropout;
  layers: nn.Sequential;
  ln: Module;

  constructor(seqLength: number, numLayers: number, numHeads: number, hiddenDim: number, mlpDim: number, dropout: number,
    attentionDropout: number, normLayer: LayerFactory<[number]> = defaultNorm) {
    super();
    this.pos_embedding = new nn.Parameter(empty(1, seqLength, hiddenDim).normal_({ std: 0.02 }));
    this.dropout = new nn.Dropout(dropout);
    const layers = new Map<string, Module>();
    for (let i = 0; i < numLayers; i++) {
      layers.set(`encoder_layer_${i}`, new EncoderBlock(numHeads, hiddenDim, mlpDim, dropout, attentionDropout, normLayer));
    }
    this.layers = new nn.Sequential(layers);
    this.ln = makeLayer(normLayer, hiddenDim);
  }

  forward(input: Tensor): Tensor {
    if (input.dim() !== 3) throw new RangeError(`Expected (batch_size, seq_length, hidden_dim) got [${input.shape.join(', ')}]`);
    input = input.add(this.pos_embedding);
    return (this.ln as Module)(this.layers(this.dropout(input))) as Tensor;
  }
}

/** Options of VisionTransformer (torchvision's keyword arguments). */
export interface VisionTransformerOptions {
  imageSize?: number;
  patchSize?: number;
  numLayers?: number;
  numHeads?: number;
  hiddenDim?: number;
  mlpDim?: number;
  /** Default 0. */
  dropout?: number;
  /** Default 0. */
  attentionDropout?: number;
  /** Default 1000. */
  numClasses?: number;
  /** A pre-logits Linear + Tanh of this size before the head (default none). */
  representationSize?: number | null;
  /** Default LayerNorm with eps 1e-6. */
  normLayer?: LayerFactory<[number]>;
  /** A convolutional stem instead of the patch projection (default none). */
  convStemConfigs?: ConvStemConfig[] | null;
}

type VitPositional = [imageSize: number, patchSize: number, numLayers: number, numHeads: number, hiddenDim: number, mlpDim: number,
  dropout: number, attentionDropout: number, numClasses: number, representationSize: number | null, normLayer: LayerFactory<[number]>,
  convStemConfigs: ConvStemConfig[] | null];

/**
 * Vision Transformer (https://arxiv.org/abs/2010.11929): `conv_proj` (patches), `class_token`,
 * `encoder`, `heads` (`head`, or `pre_logits`, `act`, `head`). Inputs must be imageSize square.
 * @example
 * const vit = new VisionTransformer({ imageSize: 32, patchSize: 8, numLayers: 2, numHeads: 2, hiddenDim: 32, mlpDim: 64, numClasses: 10 });
 * vit(torch.randn(1, 3, 32, 32)).shape // [1, 10]
 */
export class VisionTransformer extends Module {
  imageSize: number;
  patchSize: number;
  hiddenDim: number;
  mlpDim: number;
  attentionDropout: number;
  dropout: number;
  numClasses: number;
  representationSize: number | null;
  normLayer: LayerFactory<[number]>;
  conv_proj: Module;
  class_token: nn.Parameter;
  encoder: Encoder;
  seqLength: number;
  heads: nn.Sequential;

  constructor(...args: KwArgs<VitPositional, ['imageSize', 'patchSize', 'numLayers', 'numHeads', 'hiddenDim', 'mlpDim'], VisionTransformerOptions>) {
    super();
    const where = 'VisionTransformer()';
    const o = parseArgs<Required<VisionTransformerOptions>>(where, args,
      ['imageSize', 'patchSize', 'numLayers', 'numHeads', 'hiddenDim', 'mlpDim', 'dropout', 'attentionDropout', 'numClasses',
        'representationSize', 'normLayer', 'convStemConfigs'],
      { dropout: 0.0, attentionDropout: 0.0, numClasses: 1000, representationSize: null, normLayer: defaultNorm, convStemConfigs: null },
      ['imageSize', 'patchSize', 'numLayers', 'numHeads', 'hiddenDim', 'mlpDim']);
    const imageSize = checkInt(where, 'imageSize', o.imageSize, 1);
    const patchSize = checkInt(where, 'patchSize', o.patchSize, 1);
    const hiddenDim = checkInt(where, 'hiddenDim', o.hiddenDim, 1);
    if (imageSize % patchSize !== 0) throw new RangeError('Input shape indivisible by patch size!');
    this.imageSize = imageSize;
    this.patchSize = patchSize;
    this.hiddenDim = hiddenDim;
    this.mlpDim = checkInt(where, 'mlpDim', o.mlpDim, 1);
    this.attentionDropout = checkNumber(where, 'attentionDropout', o.attentionDropout);
    this.dropout = checkNumber(where, 'dropout', o.dropout);
    this.numClasses = checkInt(where, 'numClasses', o.numClasses, 1);
    this.representationSize = o.representationSize;
    this.normLayer = o.normLayer;

    if (o.convStemConfigs !== null) {
      const seqProj = new nn.Sequential();
      let prevChannels = 3;
      o.convStemConfigs.forEach((c, i) => {
        seqProj.registerModule(`conv_bn_relu_${i}`, new Conv2dNormActivation({
          inChannels: prevChannels, outChannels: c.outChannels, kernelSize: c.kernelSize, stride: c.stride,
          normLayer: c.normLayer ?? nn.BatchNorm2d, activationLayer: c.activationLayer ?? nn.ReLU,
        }));
        prevChannels = c.outChannels;
      });
      seqProj.registerModule('conv_last', new nn.Conv2d({ inChannels: prevChannels, outChannels: hiddenDim, kernelSize: 1 }));
      this.conv_proj = seqProj;
    } else {
      this.conv_proj = new nn.Conv2d({ inChannels: 3, outChannels: hiddenDim, kernelSize: patchSize, stride: patchSize });
    }
    let seqLength = Math.floor(imageSize / patchSize) ** 2;
    this.class_token = new nn.Parameter(zeros(1, 1, hiddenDim));
    seqLength += 1;
    this.encoder = new Encoder(seqLength, checkInt(where, 'numLayers', o.numLayers, 0), checkInt(where, 'numHeads', o.numHeads, 1),
      hiddenDim, this.mlpDim, this.dropout, this.attentionDropout, o.normLayer);
    this.seqLength = seqLength;
    const headsLayers = new Map<string, Module>();
    if (o.representationSize === null) {
      headsLayers.set('head', new nn.Linear(hiddenDim, this.numClasses));
    } else {
      headsLayers.set('pre_logits', new nn.Linear(hiddenDim, o.representationSize));
      headsLayers.set('act', new nn.Tanh());
      headsLayers.set('head', new nn.Linear(o.representationSize, this.numClasses));
    }
    this.heads = new nn.Sequential(headsLayers);

    const convProj = this.conv_proj;
    if (convProj instanceof nn.Conv2d) {
      const fanIn = convProj.inChannels * convProj.kernelSize[0]! * convProj.kernelSize[1]!;
      nn.init.truncNormal_(convProj.weight, { std: Math.sqrt(1 / fanIn) });
      if (convProj.bias !== null) nn.init.zeros_(convProj.bias);
    } else {
      const convLast = (convProj as unknown as { conv_last?: unknown }).conv_last;
      if (convLast instanceof nn.Conv2d) {
        nn.init.normal_(convLast.weight, { mean: 0.0, std: Math.sqrt(2.0 / convLast.outChannels) });
        if (convLast.bias !== null) nn.init.zeros_(convLast.bias);
      }
    }
    const preLogits = (this.heads as unknown as { pre_logits?: unknown }).pre_logits;
    if (preLogits instanceof nn.Linear) {
      nn.init.truncNormal_(preLogits.weight, { std: Math.sqrt(1 / preLogits.inFeatures) });
      nn.init.zeros_(preLogits.bias!);
    }
    const head = (this.heads as unknown as { head?: unknown }).head;
    if (head instanceof nn.Linear) {
      nn.init.zeros_(head.weight);
      nn.init.zeros_(head.bias!);
    }
  }

  /** The patch embeddings, (N, (H/p)*(W/p), hiddenDim). @example vit._processInput(x) */
  _processInput(x: Tensor): Tensor {
    const [n, , h, w] = x.shape as [number, number, number, number];
    const p = this.patchSize;
    if (h !== this.imageSize) throw new RangeError(`Wrong image height! Expected ${this.imageSize} but got ${h}!`);
    if (w !== this.imageSize) throw new RangeError(`Wrong image width! Expected ${this.imageSize} but got ${w}!`);
    const nH = Math.floor(h / p);
    const nW = Math.floor(w / p);
    x = (this.conv_proj as Module)(x) as Tensor;
    x = x.reshape(n, this.hiddenDim, nH * nW);
    return x.permute(0, 2, 1);
  }

  forward(x: Tensor): Tensor {
    x = this._processInput(x);
    const n = x.shape[0]!;
    const batchClassToken = this.class_token.expand(n, -1, -1);
    x = cat([batchClassToken, x], 1);
    x = this.encoder(x);
    x = x.select(1, 0);
    return this.heads(x);
  }
}

/**
 * The pretrained weights of `ViT_B_16` (torchvision's `ViT_B_16_Weights`); `DEFAULT` is `IMAGENET1K_V1`.
 * @example ViT_B_16_Weights.DEFAULT.meta.numParams // 86567656
 */
export const ViT_B_16_Weights = defineWeightsEnum('ViT_B_16_Weights', {
  IMAGENET1K_V1: {
    url: 'https://download.pytorch.org/models/vit_b_16-c867db91.pth',
    transforms: () => new ImageClassification({ cropSize: 224 }),
    meta: { categories: _IMAGENET_CATEGORIES, numParams: 86567656, minSize: [224, 224] as const, recipe: 'https://github.com/pytorch/vision/tree/main/references/classification#vit_b_16', metrics: { "ImageNet-1K": { "acc@1": 81.072, "acc@5": 95.318 } }, ops: 17.564, fileSize: 330.285, docs: "These weights were trained from scratch by using a modified version of `DeIT <https://arxiv.org/abs/2012.12877>`_'s training recipe." },
  },
  IMAGENET1K_SWAG_E2E_V1: {
    url: 'https://download.pytorch.org/models/vit_b_16_swag-9ac1b537.pth',
    transforms: () => new ImageClassification({ cropSize: 384, resizeSize: 384, interpolation: 'bicubic' }),
    meta: { categories: _IMAGENET_CATEGORIES, recipe: 'https://github.com/facebookresearch/SWAG', license: 'https://github.com/facebookresearch/SWAG/blob/main/LICENSE', numParams: 86859496, minSize: [384, 384] as const, metrics: { "ImageNet-1K": { "acc@1": 85.304, "acc@5": 97.65 } }, ops: 55.484, fileSize: 331.398, docs: 'These weights are learnt via transfer learning by end-to-end fine-tuning the original `SWAG <https://arxiv.org/abs/2201.08371>`_ weights on ImageNet-1K data.' },
  },
  IMAGENET1K_SWAG_LINEAR_V1: {
    url: 'https://download.pytorch.org/models/vit_b_16_lc_swag-4e70ced5.pth',
    transforms: () => new ImageClassification({ cropSize: 224, resizeSize: 224, interpolation: 'bicubic' }),
    meta: { categories: _IMAGENET_CATEGORIES, recipe: 'https://github.com/pytorch/vision/pull/5793', license: 'https://github.com/facebookresearch/SWAG/blob/main/LICENSE', numParams: 86567656, minSize: [224, 224] as const, metrics: { "ImageNet-1K": { "acc@1": 81.886, "acc@5": 96.18 } }, ops: 17.564, fileSize: 330.285, docs: 'These weights are composed of the original frozen `SWAG <https://arxiv.org/abs/2201.08371>`_ trunk weights and a linear classifier learnt on top of them trained on ImageNet-1K data.' },
  },
}, 'IMAGENET1K_V1');

/**
 * The pretrained weights of `ViT_B_32` (torchvision's `ViT_B_32_Weights`); `DEFAULT` is `IMAGENET1K_V1`.
 * @example ViT_B_32_Weights.DEFAULT.meta.numParams // 88224232
 */
export const ViT_B_32_Weights = defineWeightsEnum('ViT_B_32_Weights', {
  IMAGENET1K_V1: {
    url: 'https://download.pytorch.org/models/vit_b_32-d86f8d99.pth',
    transforms: () => new ImageClassification({ cropSize: 224 }),
    meta: { categories: _IMAGENET_CATEGORIES, numParams: 88224232, minSize: [224, 224] as const, recipe: 'https://github.com/pytorch/vision/tree/main/references/classification#vit_b_32', metrics: { "ImageNet-1K": { "acc@1": 75.912, "acc@5": 92.466 } }, ops: 4.409, fileSize: 336.604, docs: "These weights were trained from scratch by using a modified version of `DeIT <https://arxiv.org/abs/2012.12877>`_'s training recipe." },
  },
}, 'IMAGENET1K_V1');

/**
 * The pretrained weights of `ViT_L_16` (torchvision's `ViT_L_16_Weights`); `DEFAULT` is `IMAGENET1K_V1`.
 * @example ViT_L_16_Weights.DEFAULT.meta.numParams // 304326632
 */
export const ViT_L_16_Weights = defineWeightsEnum('ViT_L_16_Weights', {
  IMAGENET1K_V1: {
    url: 'https://download.pytorch.org/models/vit_l_16-852ce7e3.pth',
    transforms: () => new ImageClassification({ cropSize: 224, resizeSize: 242 }),
    meta: { categories: _IMAGENET_CATEGORIES, numParams: 304326632, minSize: [224, 224] as const, recipe: 'https://github.com/pytorch/vision/tree/main/references/classification#vit_l_16', metrics: { "ImageNet-1K": { "acc@1": 79.662, "acc@5": 94.638 } }, ops: 61.555, fileSize: 1161.023, docs: "These weights were trained from scratch by using a modified version of TorchVision's `new training recipe <https://pytorch.org/blog/how-to-train-state-of-the-art-models-using-torchvision-latest-primitives/>`_." },
  },
  IMAGENET1K_SWAG_E2E_V1: {
    url: 'https://download.pytorch.org/models/vit_l_16_swag-4f3808c9.pth',
    transforms: () => new ImageClassification({ cropSize: 512, resizeSize: 512, interpolation: 'bicubic' }),
    meta: { categories: _IMAGENET_CATEGORIES, recipe: 'https://github.com/facebookresearch/SWAG', license: 'https://github.com/facebookresearch/SWAG/blob/main/LICENSE', numParams: 305174504, minSize: [512, 512] as const, metrics: { "ImageNet-1K": { "acc@1": 88.064, "acc@5": 98.512 } }, ops: 361.986, fileSize: 1164.258, docs: 'These weights are learnt via transfer learning by end-to-end fine-tuning the original `SWAG <https://arxiv.org/abs/2201.08371>`_ weights on ImageNet-1K data.' },
  },
  IMAGENET1K_SWAG_LINEAR_V1: {
    url: 'https://download.pytorch.org/models/vit_l_16_lc_swag-4d563306.pth',
    transforms: () => new ImageClassification({ cropSize: 224, resizeSize: 224, interpolation: 'bicubic' }),
    meta: { categories: _IMAGENET_CATEGORIES, recipe: 'https://github.com/pytorch/vision/pull/5793', license: 'https://github.com/facebookresearch/SWAG/blob/main/LICENSE', numParams: 304326632, minSize: [224, 224] as const, metrics: { "ImageNet-1K": { "acc@1": 85.146, "acc@5": 97.422 } }, ops: 61.555, fileSize: 1161.023, docs: 'These weights are composed of the original frozen `SWAG <https://arxiv.org/abs/2201.08371>`_ trunk weights and a linear classifier learnt on top of them trained on ImageNet-1K data.' },
  },
}, 'IMAGENET1K_V1');

/**
 * The pretrained weights of `ViT_L_32` (torchvision's `ViT_L_32_Weights`); `DEFAULT` is `IMAGENET1K_V1`.
 * @example ViT_L_32_Weights.DEFAULT.meta.numParams // 306535400
 */
export const ViT_L_32_Weights = defineWeightsEnum('ViT_L_32_Weights', {
  IMAGENET1K_V1: {
    url: 'https://download.pytorch.org/models/vit_l_32-c7638314.pth',
    transforms: () => new ImageClassification({ cropSize: 224 }),
    meta: { categories: _IMAGENET_CATEGORIES, numParams: 306535400, minSize: [224, 224] as const, recipe: 'https://github.com/pytorch/vision/tree/main/references/classification#vit_l_32', metrics: { "ImageNet-1K": { "acc@1": 76.972, "acc@5": 93.07 } }, ops: 15.378, fileSize: 1169.449, docs: "These weights were trained from scratch by using a modified version of `DeIT <https://arxiv.org/abs/2012.12877>`_'s training recipe." },
  },
}, 'IMAGENET1K_V1');

/**
 * The pretrained weights of `ViT_H_14` (torchvision's `ViT_H_14_Weights`); `DEFAULT` is `IMAGENET1K_SWAG_E2E_V1`.
 * @example ViT_H_14_Weights.DEFAULT.meta.numParams // 633470440
 */
export const ViT_H_14_Weights = defineWeightsEnum('ViT_H_14_Weights', {
  IMAGENET1K_SWAG_E2E_V1: {
    url: 'https://download.pytorch.org/models/vit_h_14_swag-80465313.pth',
    transforms: () => new ImageClassification({ cropSize: 518, resizeSize: 518, interpolation: 'bicubic' }),
    meta: { categories: _IMAGENET_CATEGORIES, recipe: 'https://github.com/facebookresearch/SWAG', license: 'https://github.com/facebookresearch/SWAG/blob/main/LICENSE', numParams: 633470440, minSize: [518, 518] as const, metrics: { "ImageNet-1K": { "acc@1": 88.552, "acc@5": 98.694 } }, ops: 1016.717, fileSize: 2416.643, docs: 'These weights are learnt via transfer learning by end-to-end fine-tuning the original `SWAG <https://arxiv.org/abs/2201.08371>`_ weights on ImageNet-1K data.' },
  },
  IMAGENET1K_SWAG_LINEAR_V1: {
    url: 'https://download.pytorch.org/models/vit_h_14_lc_swag-c1eb923e.pth',
    transforms: () => new ImageClassification({ cropSize: 224, resizeSize: 224, interpolation: 'bicubic' }),
    meta: { categories: _IMAGENET_CATEGORIES, recipe: 'https://github.com/pytorch/vision/pull/5793', license: 'https://github.com/facebookresearch/SWAG/blob/main/LICENSE', numParams: 632045800, minSize: [224, 224] as const, metrics: { "ImageNet-1K": { "acc@1": 85.708, "acc@5": 97.73 } }, ops: 167.295, fileSize: 2411.209, docs: 'These weights are composed of the original frozen `SWAG <https://arxiv.org/abs/2201.08371>`_ trunk weights and a linear classifier learnt on top of them trained on ImageNet-1K data.' },
  },
}, 'IMAGENET1K_SWAG_E2E_V1');

/**
 * Resizes a checkpoint's position embedding (`encoder.pos_embedding`) to another image or patch
 * size (bicubic by default, align corners), as torchvision's `interpolate_embeddings`; with
 * `resetHeads` the `heads.*` entries are dropped. Returns a new state dict.
 * @example const sd = models.interpolateEmbeddings(384, 16, torch.load('vit_b_16.pth') as nn.StateDict);
 */
export function interpolateEmbeddings(imageSize: number, patchSize: number, modelState: StateDict,
  options: { interpolationMode?: 'nearest' | 'bilinear' | 'bicubic'; resetHeads?: boolean } = {}): StateDict {
  const posEmbedding = modelState['encoder.pos_embedding'];
  if (posEmbedding === undefined) throw new RangeError("interpolateEmbeddings: modelState has no 'encoder.pos_embedding'");
  let [n, seqLength, hiddenDim] = posEmbedding.shape as [number, number, number];
  if (n !== 1) throw new RangeError(`Unexpected position embedding shape: [${posEmbedding.shape.join(', ')}]`);
  let newSeqLength = Math.floor(imageSize / patchSize) ** 2 + 1;
  let state: StateDict = { ...modelState };
  if (newSeqLength !== seqLength) {
    seqLength -= 1;
    newSeqLength -= 1;
    const posEmbeddingToken = posEmbedding.narrow(1, 0, 1);
    let posEmbeddingImg = posEmbedding.narrow(1, 1, seqLength).permute(0, 2, 1);
    const seqLength1d = Math.trunc(Math.sqrt(seqLength));
    if (seqLength1d * seqLength1d !== seqLength) {
      throw new RangeError(`seq_length is not a perfect square! Instead got seq_length_1d * seq_length_1d = ${seqLength1d * seqLength1d} and seq_length = ${seqLength}`);
    }
    posEmbeddingImg = posEmbeddingImg.reshape(1, hiddenDim, seqLength1d, seqLength1d);
    const newSeqLength1d = Math.floor(imageSize / patchSize);
    let img = nn.functional.interpolate(posEmbeddingImg, { size: newSeqLength1d, mode: options.interpolationMode ?? 'bicubic', alignCorners: true });
    img = img.reshape(1, hiddenDim, newSeqLength).permute(0, 2, 1);
    state['encoder.pos_embedding'] = cat([posEmbeddingToken, img], 1);
    if (options.resetHeads === true) state = Object.fromEntries(Object.entries(state).filter(([k]) => !k.startsWith('heads')));
  }
  return state;
}

/** Options of the ViT builders: VisionTransformer's options (the architecture's own fixed) and the weights. */
export interface VitBuilderOptions extends WeightsOptions, Omit<VisionTransformerOptions, 'patchSize' | 'numLayers' | 'numHeads' | 'hiddenDim' | 'mlpDim'> {}

const VIT_KEYS = ['imageSize', 'dropout', 'attentionDropout', 'numClasses', 'representationSize', 'normLayer', 'convStemConfigs'];

function visionTransformer(where: string, weightsEnum: WeightsEnum, patchSize: number, numLayers: number, numHeads: number,
  hiddenDim: number, mlpDim: number, options: unknown): VisionTransformer {
  const o = builderOptions<VitBuilderOptions>(where, options, VIT_KEYS);
  const weights = resolveWeights(where, weightsEnum, o);
  if (weights !== null) {
    _ovewriteNamedParam(o, 'numClasses', weights.meta.categories!.length);
    const minSize = weights.meta.minSize!;
    _ovewriteNamedParam(o, 'imageSize', minSize[0]);
  }
  const { weights: _w, progress: _p, modelDir: _m, pretrained: _pr, imageSize, ...rest } = o;
  const model = new VisionTransformer({ ...rest, imageSize: imageSize ?? 224, patchSize, numLayers, numHeads, hiddenDim, mlpDim });
  if (weights !== null) loadWeights(model, weights, o);
  return model;
}

/**
 * ViT-B/16 (torchvision's `vit_b_16`). `imageSize` (default 224) sets the input size.
 * @example const vit = models.vitB_16({ numClasses: 10 }); vit(torch.randn(1, 3, 224, 224)).shape // [1, 10]
 */
export function vitB_16(options: VitBuilderOptions = {}): VisionTransformer {
  return visionTransformer('vit_b_16', ViT_B_16_Weights, 16, 12, 12, 768, 3072, options);
}

/**
 * ViT-B/32 (torchvision's `vit_b_32`).
 * @example const vit = models.vitB_32({ weights: null });
 */
export function vitB_32(options: VitBuilderOptions = {}): VisionTransformer {
  return visionTransformer('vit_b_32', ViT_B_32_Weights, 32, 12, 12, 768, 3072, options);
}

/**
 * ViT-L/16 (torchvision's `vit_l_16`).
 * @example const vit = models.vitL_16({ numClasses: 100 });
 */
export function vitL_16(options: VitBuilderOptions = {}): VisionTransformer {
  return visionTransformer('vit_l_16', ViT_L_16_Weights, 16, 24, 16, 1024, 4096, options);
}

/**
 * ViT-L/32 (torchvision's `vit_l_32`).
 * @example const vit = models.vitL_32();
 */
export function vitL_32(options: VitBuilderOptions = {}): VisionTransformer {
  return visionTransformer('vit_l_32', ViT_L_32_Weights, 32, 24, 16, 1024, 4096, options);
}

/**
 * ViT-H/14 (torchvision's `vit_h_14`; its weights are SWAG's, 518 x 518 or 224 x 224 inputs).
 * @example const vit = models.vitH_14({ imageSize: 224 });
 */
export function vitH_14(options: VitBuilderOptions = {}): VisionTransformer {
  return visionTransformer('vit_h_14', ViT_H_14_Weights, 14, 32, 16, 1280, 5120, options);
}

registerModel('vit_b_16', vitB_16, ViT_B_16_Weights);
registerModel('vit_b_32', vitB_32, ViT_B_32_Weights);
registerModel('vit_l_16', vitL_16, ViT_L_16_Weights);
registerModel('vit_l_32', vitL_32, ViT_L_32_Weights);
registerModel('vit_h_14', vitH_14, ViT_H_14_Weights);
