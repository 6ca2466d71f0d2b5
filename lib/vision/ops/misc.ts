// torchvision.ops.misc: the building blocks torchvision's models share (Conv2dNormActivation,
// SqueezeExcitation, MLP, Permute, FrozenBatchNorm2d), with torchvision's submodule names so
// their state dicts have Python's keys.
import type { Tensor } from '../../tensor.js';
import { ones, zeros } from '../../generated/functions.js';
import { Module } from '../../nn/modules/module.js';
import { Sequential } from '../../nn/modules/container.js';
import { Conv2d, Conv3d } from '../../nn/modules/conv.js';
import { BatchNorm2d, BatchNorm3d } from '../../nn/modules/batchnorm.js';
import { ReLU, Sigmoid } from '../../nn/modules/activation.js';
import { Linear } from '../../nn/modules/linear.js';
import { Dropout } from '../../nn/modules/dropout.js';
import { AdaptiveAvgPool2d } from '../../nn/modules/pooling.js';
import { pyFloat } from '../../nn/_utils.js';
import { parseArgs, checkInt, checkNumber, describeValue, type KwArgs, type IntOrTuple } from '../../validate.js';

/**
 * A layer-building argument, as torchvision's `norm_layer` / `activation_layer` / `block`: a
 * module class (`nn.BatchNorm2d`, `nn.ReLU`) or a function returning a module (Python's
 * `functools.partial(nn.BatchNorm2d, eps=0.001)` is `(c) => new nn.BatchNorm2d(c, { eps: 0.001 })`).
 * @example const norm: LayerFactory<[number]> = (c) => new nn.BatchNorm2d(c, { eps: 0.001 });
 */
export type LayerFactory<A extends unknown[] = unknown[]> = (new (...args: A) => Module) | ((...args: A) => Module);

/**
 * An activation-building argument: built with `{ inplace }` when the block passes it, else with
 * nothing (`nn.ReLU`, `nn.Hardswish`, `nn.GELU`, or a function).
 * @example const act: ActivationFactory = nn.SiLU;
 */
export type ActivationFactory = LayerFactory<[]> | LayerFactory<[{ inplace: boolean }]>;

/**
 * Builds a layer from a `LayerFactory`: `new` for a module class, a call for a function.
 * @example const bn = makeLayer(nn.BatchNorm2d, 16);
 */
export function makeLayer<A extends unknown[]>(factory: LayerFactory<A>, ...args: A): Module {
  if (typeof factory !== 'function') throw new TypeError(`expected a module class or a function returning a module (got ${describeValue(factory)})`);
  const isClass = factory === Module || (factory.prototype !== undefined && factory.prototype instanceof Module);
  const m = isClass ? new (factory as new (...a: A) => Module)(...args) : (factory as (...a: A) => Module)(...args);
  if (!(m instanceof Module)) throw new TypeError(`a layer factory must return an nn.Module (got ${describeValue(m)})`);
  return m;
}

/**
 * BatchNorm2d whose statistics and affine parameters are fixed buffers (detection backbones).
 * Loading a state dict drops its `num_batches_tracked`, as torchvision's.
 * @example const bn = new FrozenBatchNorm2d(64); bn(torch.randn(1, 64, 8, 8)).shape // [1, 64, 8, 8]
 */
export class FrozenBatchNorm2d extends Module {
  eps: number;
  declare weight: Tensor;
  declare bias: Tensor;
  declare running_mean: Tensor;
  declare running_var: Tensor;

  constructor(...args: KwArgs<[numFeatures: number, eps: number], ['numFeatures'], { numFeatures?: number; eps?: number }>) {
    super();
    const where = 'FrozenBatchNorm2d()';
    const o = parseArgs<{ numFeatures: number; eps: number }>(where, args, ['numFeatures', 'eps'], { eps: 1e-5 }, ['numFeatures']);
    const n = checkInt(where, 'numFeatures', o.numFeatures, 0);
    this.eps = checkNumber(where, 'eps', o.eps);
    this.registerBuffer('weight', ones(n));
    this.registerBuffer('bias', zeros(n));
    this.registerBuffer('running_mean', zeros(n));
    this.registerBuffer('running_var', ones(n));
  }

  /** @internal torchvision drops `num_batches_tracked` (a BatchNorm2d's state dict loads). */
  override _loadFromStateDict(stateDict: Map<string, unknown>, prefix: string, strict: boolean,
    missingKeys: string[], unexpectedKeys: string[], errorMsgs: string[]): void {
    stateDict.delete(prefix + 'num_batches_tracked');
    super._loadFromStateDict(stateDict, prefix, strict, missingKeys, unexpectedKeys, errorMsgs);
  }

  forward(x: Tensor): Tensor {
    const w = this.weight.reshape(1, -1, 1, 1);
    const b = this.bias.reshape(1, -1, 1, 1);
    const rv = this.running_var.reshape(1, -1, 1, 1);
    const rm = this.running_mean.reshape(1, -1, 1, 1);
    const scale = w.mul(rv.add(this.eps).rsqrt());
    const bias = b.sub(rm.mul(scale));
    return x.mul(scale).add(bias);
  }

  override toString(): string {
    return `FrozenBatchNorm2d(${this.weight.shape[0]}, eps=${pyFloat(this.eps)})`;
  }
}

/** Options of Conv2dNormActivation and Conv3dNormActivation (torchvision's keyword arguments). */
export interface ConvNormActivationOptions {
  inChannels?: number;
  outChannels?: number;
  /** Default 3. */
  kernelSize?: IntOrTuple;
  /** Default 1. */
  stride?: IntOrTuple;
  /** Default `(kernelSize - 1) / 2 * dilation` per dimension (null). */
  padding?: IntOrTuple | 'same' | 'valid' | null;
  /** Default 1. */
  groups?: number;
  /** Normalisation after the convolution (default BatchNorm2d / BatchNorm3d); null for none. */
  normLayer?: LayerFactory<[number]> | null;
  /** Activation after the normalisation (default ReLU); null for none. */
  activationLayer?: ActivationFactory | null;
  /** Default 1. */
  dilation?: IntOrTuple;
  /** Passed to the activation as `{ inplace }`; null passes nothing (default true). */
  inplace?: boolean | null;
  /** Bias in the convolution; default: only when there is no normalisation (null). */
  bias?: boolean | null;
}

type ConvNormArgs = KwArgs<[inChannels: number, outChannels: number, kernelSize: IntOrTuple, stride: IntOrTuple,
  padding: IntOrTuple | 'same' | 'valid' | null, groups: number, normLayer: LayerFactory<[number]> | null,
  activationLayer: ActivationFactory | null, dilation: IntOrTuple, inplace: boolean | null, bias: boolean | null],
  ['inChannels', 'outChannels'], ConvNormActivationOptions>;

const CONV_NORM_NAMES = ['inChannels', 'outChannels', 'kernelSize', 'stride', 'padding', 'groups', 'normLayer',
  'activationLayer', 'dilation', 'inplace', 'bias'] as const;

function convNormLayers(where: string, nd: number, args: readonly unknown[], conv: typeof Conv2d | typeof Conv3d,
  norm: LayerFactory<[number]>): { layers: Module[]; outChannels: number } {
  const o = parseArgs<Required<ConvNormActivationOptions>>(where, args, [...CONV_NORM_NAMES], {
    kernelSize: 3, stride: 1, padding: null, groups: 1, normLayer: norm, activationLayer: ReLU, dilation: 1, inplace: true, bias: null,
  }, ['inChannels', 'outChannels']);
  let padding = o.padding;
  if (padding === null) {
    if (typeof o.kernelSize === 'number' && typeof o.dilation === 'number') {
      padding = Math.floor((o.kernelSize - 1) / 2) * o.dilation;
    } else {
      const k = typeof o.kernelSize === 'number' ? Array<number>(nd).fill(o.kernelSize) : o.kernelSize;
      const d = typeof o.dilation === 'number' ? Array<number>(nd).fill(o.dilation) : o.dilation;
      padding = k.map((ki, i) => Math.floor((ki - 1) / 2) * d[i]!);
    }
  }
  const bias = o.bias ?? o.normLayer === null;
  const layers: Module[] = [new conv(o.inChannels, o.outChannels, o.kernelSize, o.stride, padding, { dilation: o.dilation, groups: o.groups, bias })];
  if (o.normLayer !== null) layers.push(makeLayer(o.normLayer, o.outChannels));
  if (o.activationLayer !== null) {
    const act = o.activationLayer as LayerFactory<[{ inplace: boolean }?]>;
    layers.push(o.inplace === null ? makeLayer(act) : makeLayer(act, { inplace: o.inplace }));
  }
  return { layers, outChannels: o.outChannels };
}

/**
 * Convolution, normalisation and activation in a Sequential (keys `0`, `1`, `2`), as
 * torchvision.ops.Conv2dNormActivation. Positional arguments in Python's order, or options.
 * @example
 * const block = new Conv2dNormActivation(3, 16, { stride: 2, activationLayer: nn.Hardswish });
 * block(torch.randn(1, 3, 32, 32)).shape // [1, 16, 16, 16]
 */
export class Conv2dNormActivation extends Sequential {
  outChannels: number;
  constructor(...args: ConvNormArgs) {
    const { layers, outChannels } = convNormLayers('Conv2dNormActivation()', 2, args, Conv2d, BatchNorm2d);
    super(...layers);
    this.outChannels = outChannels;
  }
}

/**
 * Conv3d, normalisation (default BatchNorm3d) and activation in a Sequential, as
 * torchvision.ops.Conv3dNormActivation.
 * @example const block = new Conv3dNormActivation(3, 8); block(torch.randn(1, 3, 4, 8, 8)).shape // [1, 8, 4, 8, 8]
 */
export class Conv3dNormActivation extends Sequential {
  outChannels: number;
  constructor(...args: ConvNormArgs) {
    const { layers, outChannels } = convNormLayers('Conv3dNormActivation()', 3, args, Conv3d, BatchNorm3d);
    super(...layers);
    this.outChannels = outChannels;
  }
}

/** Options of SqueezeExcitation. */
export interface SqueezeExcitationOptions {
  inputChannels?: number;
  squeezeChannels?: number;
  /** The `delta` activation (default ReLU). */
  activation?: LayerFactory<[]>;
  /** The `sigma` activation (default Sigmoid). */
  scaleActivation?: LayerFactory<[]>;
}

/**
 * The Squeeze-and-Excitation block (https://arxiv.org/abs/1709.01507): scales each channel by a
 * gate computed from the channel means. Modules `avgpool`, `fc1`, `fc2`, `activation`, `scale_activation`.
 * @example const se = new SqueezeExcitation(64, 16); se(torch.randn(2, 64, 8, 8)).shape // [2, 64, 8, 8]
 */
export class SqueezeExcitation extends Module {
  avgpool: AdaptiveAvgPool2d;
  fc1: Conv2d;
  fc2: Conv2d;
  activation: Module;
  scale_activation: Module;

  constructor(...args: KwArgs<[inputChannels: number, squeezeChannels: number, activation: LayerFactory<[]>, scaleActivation: LayerFactory<[]>],
    ['inputChannels', 'squeezeChannels'], SqueezeExcitationOptions>) {
    super();
    const o = parseArgs<Required<SqueezeExcitationOptions>>('SqueezeExcitation()', args,
      ['inputChannels', 'squeezeChannels', 'activation', 'scaleActivation'], { activation: ReLU, scaleActivation: Sigmoid },
      ['inputChannels', 'squeezeChannels']);
    this.avgpool = new AdaptiveAvgPool2d(1);
    this.fc1 = new Conv2d(o.inputChannels, o.squeezeChannels, 1);
    this.fc2 = new Conv2d(o.squeezeChannels, o.inputChannels, 1);
    this.activation = makeLayer(o.activation);
    this.scale_activation = makeLayer(o.scaleActivation);
  }

  /** The per-channel gate, (N, C, 1, 1). @example se._scale(x) */
  _scale(input: Tensor): Tensor {
    let scale = this.avgpool(input);
    scale = this.fc1(scale);
    scale = (this.activation as Module)(scale) as Tensor;
    scale = this.fc2(scale);
    return (this.scale_activation as Module)(scale) as Tensor;
  }

  forward(input: Tensor): Tensor {
    return this._scale(input).mul(input);
  }
}

/** Options of MLP. */
export interface MLPOptions {
  inChannels?: number;
  hiddenChannels?: readonly number[];
  /** Normalisation after each hidden Linear (default none). */
  normLayer?: LayerFactory<[number]> | null;
  /** Activation after each hidden layer (default ReLU). */
  activationLayer?: ActivationFactory | null;
  /** `{ inplace }` for the activations and dropouts; null (default) passes nothing. */
  inplace?: boolean | null;
  /** Bias in the Linear layers (default true). */
  bias?: boolean;
  /** Dropout probability (default 0). */
  dropout?: number;
}

/**
 * The multi-layer perceptron of torchvision.ops.MLP: Linear (norm) activation Dropout for each
 * hidden size, then Linear and Dropout, in a Sequential (keys `0`, `1`, ...).
 * @example const mlp = new MLP(16, [32, 8], { activationLayer: nn.GELU }); mlp(torch.randn(4, 16)).shape // [4, 8]
 */
export class MLP extends Sequential {
  constructor(...args: KwArgs<[inChannels: number, hiddenChannels: readonly number[], normLayer: LayerFactory<[number]> | null,
    activationLayer: ActivationFactory | null, inplace: boolean | null, bias: boolean, dropout: number],
    ['inChannels', 'hiddenChannels'], MLPOptions>) {
    const where = 'MLP()';
    const o = parseArgs<Required<MLPOptions>>(where, args, ['inChannels', 'hiddenChannels', 'normLayer', 'activationLayer', 'inplace', 'bias', 'dropout'],
      { normLayer: null, activationLayer: ReLU, inplace: null, bias: true, dropout: 0.0 }, ['inChannels', 'hiddenChannels']);
    if (!Array.isArray(o.hiddenChannels) || o.hiddenChannels.length === 0) {
      throw new TypeError(`${where}: hiddenChannels must be a non-empty array of integers (got ${describeValue(o.hiddenChannels)})`);
    }
    const params: [{ inplace: boolean }] | [] = o.inplace === null ? [] : [{ inplace: o.inplace }];
    const layers: Module[] = [];
    let inDim = o.inChannels;
    for (const hiddenDim of o.hiddenChannels.slice(0, -1)) {
      layers.push(new Linear(inDim, hiddenDim, { bias: o.bias }));
      if (o.normLayer !== null) layers.push(makeLayer(o.normLayer, hiddenDim));
      if (o.activationLayer === null) throw new TypeError(`${where}: activationLayer must be a layer factory when there are hidden layers`);
      layers.push(makeLayer(o.activationLayer as LayerFactory<[{ inplace: boolean }?]>, ...params));
      layers.push(new Dropout(o.dropout, ...params));
      inDim = hiddenDim;
    }
    layers.push(new Linear(inDim, o.hiddenChannels[o.hiddenChannels.length - 1]!, { bias: o.bias }));
    layers.push(new Dropout(o.dropout, ...params));
    super(...layers);
  }
}

/**
 * Returns its input with the dimensions permuted (a view), as torchvision.ops.Permute.
 * @example new Permute([0, 2, 3, 1])(torch.randn(1, 3, 4, 5)).shape // [1, 4, 5, 3]
 */
export class Permute extends Module {
  dims: number[];
  constructor(dims: readonly number[]) {
    super();
    if (!Array.isArray(dims) || !dims.every((d) => Number.isInteger(d))) {
      throw new TypeError(`Permute(): dims must be an array of integers (got ${describeValue(dims)})`);
    }
    this.dims = [...dims];
  }
  forward(x: Tensor): Tensor {
    return x.permute(...this.dims);
  }
}
