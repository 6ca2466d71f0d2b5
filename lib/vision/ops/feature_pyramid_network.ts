// Feature Pyramid Network, as torchvision/ops/feature_pyramid_network.py: the same submodules
// under the same names (inner_blocks.i.0, layer_blocks.i.0, extra_blocks.p6/p7), the same
// initialisation draws in the same order, so a state dict saved by torchvision loads here and
// `torch.manualSeed` gives torchvision's weights.
import type { Tensor } from '../../tensor.js';
import { Module } from '../../nn/modules/module.js';
import { ModuleList } from '../../nn/modules/container.js';
import { Conv2d } from '../../nn/modules/conv.js';
import * as init from '../../nn/init.js';
import * as F from '../../nn/functional.js';
import { parseArgs, checkInt, argTypeError, describeValue, type KwArgs } from '../../validate.js';
import { Conv2dNormActivation, type LayerFactory } from './misc.js';
import { featureEntries, type FeatureMaps } from './poolers.js';

/**
 * The base of the FPN's extra blocks: given the FPN's results, the original feature maps and
 * their names, returns the extended results and names.
 * @example
 * class Identity extends ops.ExtraFPNBlock {
 *   forward(results: Tensor[], x: Tensor[], names: string[]): [Tensor[], string[]] { return [results, names]; }
 * }
 */
export abstract class ExtraFPNBlock extends Module {
  abstract forward(results: Tensor[], x: Tensor[], names: string[]): [Tensor[], string[]];
}

/** Options of FeaturePyramidNetwork's constructor. */
export interface FeaturePyramidNetworkOptions {
  /** Channels of each input feature map, in order. */
  inChannelsList?: readonly number[];
  /** Channels of every output map. */
  outChannels?: number;
  /** Extra levels on top (LastLevelMaxPool, LastLevelP6P7), or null. */
  extraBlocks?: ExtraFPNBlock | null;
  /** Normalisation after each convolution (a Module class or factory taking the channels), or null. */
  normLayer?: LayerFactory<[number]> | null;
}

/**
 * A Feature Pyramid Network (https://arxiv.org/abs/1612.03144) over feature maps of increasing
 * depth: 1x1 lateral convolutions, a nearest-upsampled top-down path, 3x3 output convolutions.
 * Takes the maps as a Map (Python's OrderedDict) or a plain object, and returns a Map in the
 * same order (highest resolution first), extra levels last.
 * @example
 * const m = new ops.FeaturePyramidNetwork([10, 20, 30], 5);
 * const out = m(new Map([['feat0', torch.rand(1, 10, 64, 64)], ['feat2', torch.rand(1, 20, 16, 16)], ['feat3', torch.rand(1, 30, 8, 8)]]));
 * [...out].map(([k, v]) => [k, v.shape]) // [['feat0', [1, 5, 64, 64]], ['feat2', [1, 5, 16, 16]], ['feat3', [1, 5, 8, 8]]]
 */
export class FeaturePyramidNetwork extends Module {
  /** The state-dict version: 2 since the blocks became Conv2dNormActivation (keys `.i.0.weight`). */
  static _version = 2;
  inner_blocks: ModuleList;
  layer_blocks: ModuleList;
  extra_blocks: ExtraFPNBlock | null;

  constructor(...args: KwArgs<[inChannelsList: readonly number[], outChannels: number, extraBlocks: ExtraFPNBlock | null,
    normLayer: LayerFactory<[number]> | null], ['inChannelsList', 'outChannels'], FeaturePyramidNetworkOptions>) {
    super();
    const where = 'FeaturePyramidNetwork()';
    const o = parseArgs<Required<FeaturePyramidNetworkOptions>>(where, args, ['inChannelsList', 'outChannels', 'extraBlocks', 'normLayer'],
      { extraBlocks: null, normLayer: null }, ['inChannelsList', 'outChannels']);
    if (!Array.isArray(o.inChannelsList)) throw argTypeError(where, 'inChannelsList', 'an array of integers', o.inChannelsList);
    const outChannels = checkInt(where, 'outChannels', o.outChannels, 1);
    this.inner_blocks = new ModuleList();
    this.layer_blocks = new ModuleList();
    o.inChannelsList.forEach((c: unknown, i: number) => {
      const inChannels = checkInt(where, `inChannelsList[${i}]`, c, 0);
      if (inChannels === 0) throw new RangeError('in_channels=0 is currently not supported');
      this.inner_blocks.append(new Conv2dNormActivation(inChannels, outChannels, { kernelSize: 1, padding: 0, normLayer: o.normLayer, activationLayer: null }));
      this.layer_blocks.append(new Conv2dNormActivation(outChannels, outChannels, { kernelSize: 3, normLayer: o.normLayer, activationLayer: null }));
    });
    for (const m of this.modules()) {
      if (m instanceof Conv2d) {
        init.kaimingUniform_(m.weight, { a: 1 });
        if (m.bias !== null) init.constant_(m.bias, 0);
      }
    }
    if (o.extraBlocks !== null && !(o.extraBlocks instanceof ExtraFPNBlock)) {
      const given: unknown = o.extraBlocks;
      const got = given instanceof Module ? given.constructor.name : describeValue(given);
      throw new TypeError(`extra_blocks should be of type ExtraFPNBlock not ${got}`);
    }
    this.extra_blocks = o.extraBlocks;
  }

  /**
   * Renames version-1 keys (`inner_blocks.0.weight`, from before the blocks were
   * Conv2dNormActivation) to the current ones (`inner_blocks.0.0.weight`), as torchvision does for
   * state dicts without version 2 metadata, then loads as usual.
   * @internal
   */
  override _loadFromStateDict(stateDict: Map<string, unknown>, prefix: string, strict: boolean,
    missingKeys: string[], unexpectedKeys: string[], errorMsgs: string[]): void {
    const numBlocks = this.inner_blocks.length;
    for (const block of ['inner_blocks', 'layer_blocks']) {
      for (let i = 0; i < numBlocks; i++) {
        for (const type of ['weight', 'bias']) {
          const oldKey = `${prefix}${block}.${i}.${type}`;
          if (stateDict.has(oldKey)) {
            stateDict.set(`${prefix}${block}.${i}.0.${type}`, stateDict.get(oldKey));
            stateDict.delete(oldKey);
          }
        }
      }
    }
    super._loadFromStateDict(stateDict, prefix, strict, missingKeys, unexpectedKeys, errorMsgs);
  }

  /**
   * @param x feature maps by name, in increasing depth.
   * @returns the FPN's maps by the same names (then the extra blocks' names), highest resolution first.
   */
  forward(x: FeatureMaps): Map<string, Tensor> {
    const entries = featureEntries('FeaturePyramidNetwork.forward()', x);
    let names = entries.map(([k]) => k);
    const maps = entries.map(([, v]) => v);
    const n = maps.length;
    let lastInner = (this.inner_blocks.at(n - 1) as Conv2dNormActivation)(maps[n - 1]!);
    let results: Tensor[] = [(this.layer_blocks.at(n - 1) as Conv2dNormActivation)(lastInner)];
    for (let idx = n - 2; idx >= 0; idx--) {
      const innerLateral = (this.inner_blocks.at(idx) as Conv2dNormActivation)(maps[idx]!);
      const featShape = innerLateral.shape.slice(-2);
      const innerTopDown = F.interpolate(lastInner, { size: featShape, mode: 'nearest' });
      lastInner = innerLateral.add(innerTopDown);
      results.unshift((this.layer_blocks.at(idx) as Conv2dNormActivation)(lastInner));
    }
    if (this.extra_blocks !== null) [results, names] = this.extra_blocks(results, maps, names);
    return new Map(names.map((k, i) => [k, results[i]!]));
  }
}

/**
 * An extra FPN level 'pool': the last map subsampled by 2 (max_pool2d with kernel 1, stride 2).
 * @example new ops.FeaturePyramidNetwork([16, 32], 8, new ops.LastLevelMaxPool())
 */
export class LastLevelMaxPool extends ExtraFPNBlock {
  forward(x: Tensor[], _y: Tensor[], names: string[]): [Tensor[], string[]] {
    names.push('pool');
    x.push(F.maxPool2d(x[x.length - 1]!, 1, { stride: 2, padding: 0 }));
    return [x, names];
  }
}

/**
 * RetinaNet's extra FPN levels P6 and P7: stride-2 3x3 convolutions on P5 (when the channels
 * agree) or C5, the second after a ReLU.
 * @example new ops.FeaturePyramidNetwork([256, 512], 256, new ops.LastLevelP6P7(256, 256))
 */
export class LastLevelP6P7 extends ExtraFPNBlock {
  p6: Conv2d;
  p7: Conv2d;
  use_P5: boolean;

  constructor(...args: KwArgs<[inChannels: number, outChannels: number], ['inChannels', 'outChannels'], { inChannels?: number; outChannels?: number }>) {
    super();
    const where = 'LastLevelP6P7()';
    const o = parseArgs<{ inChannels: number; outChannels: number }>(where, args, ['inChannels', 'outChannels'], {}, ['inChannels', 'outChannels']);
    const inChannels = checkInt(where, 'inChannels', o.inChannels, 1);
    const outChannels = checkInt(where, 'outChannels', o.outChannels, 1);
    this.p6 = new Conv2d(inChannels, outChannels, 3, 2, 1);
    this.p7 = new Conv2d(outChannels, outChannels, 3, 2, 1);
    for (const module of [this.p6, this.p7]) {
      init.kaimingUniform_(module.weight, { a: 1 });
      init.constant_(module.bias!, 0);
    }
    this.use_P5 = inChannels === outChannels;
  }

  forward(p: Tensor[], c: Tensor[], names: string[]): [Tensor[], string[]] {
    const p5 = p[p.length - 1]!, c5 = c[c.length - 1]!;
    const x = this.use_P5 ? p5 : c5;
    const p6 = this.p6(x);
    const p7 = this.p7(F.relu(p6));
    p.push(p6, p7);
    names.push('p6', 'p7');
    return [p, names];
  }
}
