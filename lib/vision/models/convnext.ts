// ConvNeXt ("A ConvNet for the 2020s"), as torchvision/models/convnext.py: the same module names,
// stochastic depth schedule and initialisation, so Python's state dicts load.
import type { Tensor } from '../../tensor.js';
import { ones } from '../../generated/functions.js';
import * as nn from '../../nn/index.js';
import { Module } from '../../nn/modules/module.js';
import { Conv2dNormActivation, Permute, makeLayer, type LayerFactory } from '../ops/misc.js';
import { StochasticDepth } from '../ops/stochastic_depth.js';
import { parseArgs, checkInt, describeValue, type Args } from '../../validate.js';
import { ImageClassification } from '../transforms/_presets.js';
import { _IMAGENET_CATEGORIES } from './_meta.js';
import { defineWeightsEnum, registerModel, builderOptions, resolveWeights, _ovewriteNamedParam, loadWeights, type WeightsOptions, type WeightsEnum } from './_api.js';

/**
 * LayerNorm over the channels of an (N, C, H, W) tensor (normalises each pixel's channel vector).
 * @example const ln = new LayerNorm2d(96, { eps: 1e-6 }); ln(torch.randn(1, 96, 8, 8)).shape // [1, 96, 8, 8]
 */
export class LayerNorm2d extends nn.LayerNorm {
  override forward(x: Tensor): Tensor {
    x = x.permute(0, 2, 3, 1);
    x = nn.functional.layerNorm(x, this.normalizedShape, this.weight, this.bias, this.eps);
    return x.permute(0, 3, 1, 2);
  }
}

/**
 * ConvNeXt's block: depthwise 7x7, LayerNorm, MLP (x4, GELU), scaled by the learnt
 * `layer_scale`, stochastic depth, residual.
 * @example const b = new CNBlock(96, 1e-6, 0.0); b(torch.randn(1, 96, 8, 8)).shape // [1, 96, 8, 8]
 */
export class CNBlock extends Module {
  block: nn.Sequential;
  layer_scale: nn.Parameter;
  stochastic_depth: StochasticDepth;

  constructor(dim: number, layerScale: number, stochasticDepthProb: number, normLayer: LayerFactory<[number]> | null = null) {
    super();
    const norm = normLayer ?? ((c: number) => new nn.LayerNorm(c, { eps: 1e-6 }));
    this.block = new nn.Sequential(
      new nn.Conv2d(dim, dim, { kernelSize: 7, padding: 3, groups: dim, bias: true }),
      new Permute([0, 2, 3, 1]),
      makeLayer(norm, dim),
      new nn.Linear({ inFeatures: dim, outFeatures: 4 * dim, bias: true }),
      new nn.GELU(),
      new nn.Linear({ inFeatures: 4 * dim, outFeatures: dim, bias: true }),
      new Permute([0, 3, 1, 2]),
    );
    this.layer_scale = new nn.Parameter(ones(dim, 1, 1).mul(layerScale));
    this.stochastic_depth = new StochasticDepth(stochasticDepthProb, 'row');
  }

  forward(input: Tensor): Tensor {
    let result = this.layer_scale.mul(this.block(input));
    result = this.stochastic_depth(result);
    result.add_(input);
    return result;
  }
}

/**
 * One ConvNeXt stage: its channels, the next stage's (null for the last) and its depth.
 * @example new CNBlockConfig(96, 192, 3)
 */
export class CNBlockConfig {
  constructor(public inputChannels: number, public outChannels: number | null, public numLayers: number) {}
  /** Python's repr. @example String(new CNBlockConfig(96, 192, 3)) // 'CNBlockConfig(input_channels=96, out_channels=192, num_layers=3)' */
  toString(): string {
    return `CNBlockConfig(input_channels=${this.inputChannels}, out_channels=${this.outChannels ?? 'None'}, num_layers=${this.numLayers})`;
  }
}

/** Options of ConvNeXt (torchvision's keyword arguments). */
export interface ConvNeXtOptions {
  blockSetting?: CNBlockConfig[];
  /** The last block's stochastic depth probability (default 0). */
  stochasticDepthProb?: number;
  /** Initial value of the blocks' layer scale (default 1e-6). */
  layerScale?: number;
  /** Default 1000. */
  numClasses?: number;
  /** The block (default CNBlock), built as (dim, layerScale, stochasticDepthProb). */
  block?: LayerFactory<[number, number, number]> | null;
  /** Normalisation of the stem, downsampling layers and head (default LayerNorm2d, eps 1e-6). */
  normLayer?: LayerFactory<[number]> | null;
}

/**
 * ConvNeXt (https://arxiv.org/abs/2201.03545): `features`, `avgpool`, `classifier` (LayerNorm2d, Flatten, Linear).
 * @example const m = new ConvNeXt([new CNBlockConfig(32, 64, 1), new CNBlockConfig(64, null, 1)], { numClasses: 10 });
 */
export class ConvNeXt extends Module {
  features: nn.Sequential;
  avgpool: nn.AdaptiveAvgPool2d;
  classifier: nn.Sequential;

  constructor(...args: Args<[blockSetting: CNBlockConfig[], stochasticDepthProb: number, layerScale: number, numClasses: number,
    block: LayerFactory<[number, number, number]> | null, normLayer: LayerFactory<[number]> | null], ConvNeXtOptions>) {
    super();
    const where = 'ConvNeXt()';
    const o = parseArgs<Required<ConvNeXtOptions>>(where, args, ['blockSetting', 'stochasticDepthProb', 'layerScale', 'numClasses', 'block', 'normLayer'],
      { stochasticDepthProb: 0.0, layerScale: 1e-6, numClasses: 1000, block: null, normLayer: null }, ['blockSetting']);
    const setting = o.blockSetting;
    if (Array.isArray(setting) && setting.length === 0) throw new RangeError('The block_setting should not be empty');
    if (!Array.isArray(setting) || !setting.every((s) => s instanceof CNBlockConfig)) {
      throw new TypeError(`The block_setting should be List[CNBlockConfig] (got ${describeValue(setting)})`);
    }
    const numClasses = checkInt(where, 'numClasses', o.numClasses, 1);
    const block = o.block ?? CNBlock;
    const normLayer = o.normLayer ?? ((c: number) => new LayerNorm2d(c, { eps: 1e-6 }));

    const layers: Module[] = [];
    const firstconvOutputChannels = setting[0]!.inputChannels;
    layers.push(new Conv2dNormActivation(3, firstconvOutputChannels, { kernelSize: 4, stride: 4, padding: 0, normLayer, activationLayer: null, bias: true }));
    const totalStageBlocks = setting.reduce((s, cnf) => s + cnf.numLayers, 0);
    let stageBlockId = 0;
    for (const cnf of setting) {
      const stage: Module[] = [];
      for (let i = 0; i < cnf.numLayers; i++) {
        const sdProb = o.stochasticDepthProb * stageBlockId / (totalStageBlocks - 1.0);
        stage.push(makeLayer(block, cnf.inputChannels, o.layerScale, sdProb));
        stageBlockId++;
      }
      layers.push(new nn.Sequential(...stage));
      if (cnf.outChannels !== null) {
        layers.push(new nn.Sequential(makeLayer(normLayer, cnf.inputChannels),
          new nn.Conv2d(cnf.inputChannels, cnf.outChannels, { kernelSize: 2, stride: 2 })));
      }
    }
    this.features = new nn.Sequential(...layers);
    this.avgpool = new nn.AdaptiveAvgPool2d(1);
    const lastblock = setting[setting.length - 1]!;
    const lastconvOutputChannels = lastblock.outChannels ?? lastblock.inputChannels;
    this.classifier = new nn.Sequential(makeLayer(normLayer, lastconvOutputChannels), new nn.Flatten(1), new nn.Linear(lastconvOutputChannels, numClasses));

    for (const m of this.modules()) {
      if (m instanceof nn.Conv2d || m instanceof nn.Linear) {
        nn.init.truncNormal_(m.weight, { std: 0.02 });
        if (m.bias !== null) nn.init.zeros_(m.bias);
      }
    }
  }

  forward(x: Tensor): Tensor {
    x = this.features(x);
    x = this.avgpool(x);
    return this.classifier(x);
  }
}

/** The stage tables of torchvision's four ConvNeXt sizes and their default stochastic depth. @internal */
export const CONVNEXT_SETTINGS: Record<'tiny' | 'small' | 'base' | 'large', { setting: () => CNBlockConfig[]; sd: number }> = {
  tiny: { setting: () => [new CNBlockConfig(96, 192, 3), new CNBlockConfig(192, 384, 3), new CNBlockConfig(384, 768, 9), new CNBlockConfig(768, null, 3)], sd: 0.1 },
  small: { setting: () => [new CNBlockConfig(96, 192, 3), new CNBlockConfig(192, 384, 3), new CNBlockConfig(384, 768, 27), new CNBlockConfig(768, null, 3)], sd: 0.4 },
  base: { setting: () => [new CNBlockConfig(128, 256, 3), new CNBlockConfig(256, 512, 3), new CNBlockConfig(512, 1024, 27), new CNBlockConfig(1024, null, 3)], sd: 0.5 },
  large: { setting: () => [new CNBlockConfig(192, 384, 3), new CNBlockConfig(384, 768, 3), new CNBlockConfig(768, 1536, 27), new CNBlockConfig(1536, null, 3)], sd: 0.5 },
};

/**
 * The pretrained weights of `ConvNeXt_Tiny` (torchvision's `ConvNeXt_Tiny_Weights`); `DEFAULT` is `IMAGENET1K_V1`.
 * @example ConvNeXt_Tiny_Weights.DEFAULT.meta.numParams // 28589128
 */
export const ConvNeXt_Tiny_Weights = defineWeightsEnum('ConvNeXt_Tiny_Weights', {
  IMAGENET1K_V1: {
    url: 'https://download.pytorch.org/models/convnext_tiny-983f1562.pth',
    transforms: () => new ImageClassification({ cropSize: 224, resizeSize: 236 }),
    meta: { minSize: [32, 32] as const, categories: _IMAGENET_CATEGORIES, recipe: 'https://github.com/pytorch/vision/tree/main/references/classification#convnext', docs: "These weights improve upon the results of the original paper by using a modified version of TorchVision's `new training recipe <https://pytorch.org/blog/how-to-train-state-of-the-art-models-using-torchvision-latest-primitives/>`_.", numParams: 28589128, metrics: { "ImageNet-1K": { "acc@1": 82.52, "acc@5": 96.146 } }, ops: 4.456, fileSize: 109.119 },
  },
}, 'IMAGENET1K_V1');

/**
 * The pretrained weights of `ConvNeXt_Small` (torchvision's `ConvNeXt_Small_Weights`); `DEFAULT` is `IMAGENET1K_V1`.
 * @example ConvNeXt_Small_Weights.DEFAULT.meta.numParams // 50223688
 */
export const ConvNeXt_Small_Weights = defineWeightsEnum('ConvNeXt_Small_Weights', {
  IMAGENET1K_V1: {
    url: 'https://download.pytorch.org/models/convnext_small-0c510722.pth',
    transforms: () => new ImageClassification({ cropSize: 224, resizeSize: 230 }),
    meta: { minSize: [32, 32] as const, categories: _IMAGENET_CATEGORIES, recipe: 'https://github.com/pytorch/vision/tree/main/references/classification#convnext', docs: "These weights improve upon the results of the original paper by using a modified version of TorchVision's `new training recipe <https://pytorch.org/blog/how-to-train-state-of-the-art-models-using-torchvision-latest-primitives/>`_.", numParams: 50223688, metrics: { "ImageNet-1K": { "acc@1": 83.616, "acc@5": 96.65 } }, ops: 8.684, fileSize: 191.703 },
  },
}, 'IMAGENET1K_V1');

/**
 * The pretrained weights of `ConvNeXt_Base` (torchvision's `ConvNeXt_Base_Weights`); `DEFAULT` is `IMAGENET1K_V1`.
 * @example ConvNeXt_Base_Weights.DEFAULT.meta.numParams // 88591464
 */
export const ConvNeXt_Base_Weights = defineWeightsEnum('ConvNeXt_Base_Weights', {
  IMAGENET1K_V1: {
    url: 'https://download.pytorch.org/models/convnext_base-6075fbad.pth',
    transforms: () => new ImageClassification({ cropSize: 224, resizeSize: 232 }),
    meta: { minSize: [32, 32] as const, categories: _IMAGENET_CATEGORIES, recipe: 'https://github.com/pytorch/vision/tree/main/references/classification#convnext', docs: "These weights improve upon the results of the original paper by using a modified version of TorchVision's `new training recipe <https://pytorch.org/blog/how-to-train-state-of-the-art-models-using-torchvision-latest-primitives/>`_.", numParams: 88591464, metrics: { "ImageNet-1K": { "acc@1": 84.062, "acc@5": 96.87 } }, ops: 15.355, fileSize: 338.064 },
  },
}, 'IMAGENET1K_V1');

/**
 * The pretrained weights of `ConvNeXt_Large` (torchvision's `ConvNeXt_Large_Weights`); `DEFAULT` is `IMAGENET1K_V1`.
 * @example ConvNeXt_Large_Weights.DEFAULT.meta.numParams // 197767336
 */
export const ConvNeXt_Large_Weights = defineWeightsEnum('ConvNeXt_Large_Weights', {
  IMAGENET1K_V1: {
    url: 'https://download.pytorch.org/models/convnext_large-ea097f82.pth',
    transforms: () => new ImageClassification({ cropSize: 224, resizeSize: 232 }),
    meta: { minSize: [32, 32] as const, categories: _IMAGENET_CATEGORIES, recipe: 'https://github.com/pytorch/vision/tree/main/references/classification#convnext', docs: "These weights improve upon the results of the original paper by using a modified version of TorchVision's `new training recipe <https://pytorch.org/blog/how-to-train-state-of-the-art-models-using-torchvision-latest-primitives/>`_.", numParams: 197767336, metrics: { "ImageNet-1K": { "acc@1": 84.414, "acc@5": 96.976 } }, ops: 34.361, fileSize: 754.537 },
  },
}, 'IMAGENET1K_V1');

/** Options of the ConvNeXt builders: ConvNeXt's options (the stage table fixed) and the weights. */
export interface ConvNeXtBuilderOptions extends WeightsOptions, Omit<ConvNeXtOptions, 'blockSetting'> {}

function convnext(size: 'tiny' | 'small' | 'base' | 'large', weightsEnum: WeightsEnum, options: unknown): ConvNeXt {
  const where = `convnext_${size}`;
  const o = builderOptions<ConvNeXtBuilderOptions>(where, options, ['stochasticDepthProb', 'layerScale', 'numClasses', 'block', 'normLayer']);
  const weights = resolveWeights(where, weightsEnum, o);
  if (weights !== null) _ovewriteNamedParam(o, 'numClasses', weights.meta.categories!.length);
  const { weights: _w, progress: _p, modelDir: _m, pretrained: _pr, stochasticDepthProb, ...rest } = o;
  const s = CONVNEXT_SETTINGS[size];
  const model = new ConvNeXt(s.setting(), { ...rest, stochasticDepthProb: stochasticDepthProb ?? s.sd });
  if (weights !== null) loadWeights(model, weights, o);
  return model;
}

/**
 * ConvNeXt Tiny (torchvision's `convnext_tiny`).
 * @example const model = models.convnextTiny({ numClasses: 10 });
 */
export function convnextTiny(options: ConvNeXtBuilderOptions = {}): ConvNeXt {
  return convnext('tiny', ConvNeXt_Tiny_Weights, options);
}

/**
 * ConvNeXt Small (torchvision's `convnext_small`).
 * @example const model = models.convnextSmall({ numClasses: 10 });
 */
export function convnextSmall(options: ConvNeXtBuilderOptions = {}): ConvNeXt {
  return convnext('small', ConvNeXt_Small_Weights, options);
}

/**
 * ConvNeXt Base (torchvision's `convnext_base`).
 * @example const model = models.convnextBase({ numClasses: 10 });
 */
export function convnextBase(options: ConvNeXtBuilderOptions = {}): ConvNeXt {
  return convnext('base', ConvNeXt_Base_Weights, options);
}

/**
 * ConvNeXt Large (torchvision's `convnext_large`).
 * @example const model = models.convnextLarge({ numClasses: 10 });
 */
export function convnextLarge(options: ConvNeXtBuilderOptions = {}): ConvNeXt {
  return convnext('large', ConvNeXt_Large_Weights, options);
}

registerModel('convnext_tiny', convnextTiny, ConvNeXt_Tiny_Weights);
registerModel('convnext_small', convnextSmall, ConvNeXt_Small_Weights);
registerModel('convnext_base', convnextBase, ConvNeXt_Base_Weights);
registerModel('convnext_large', convnextLarge, ConvNeXt_Large_Weights);
