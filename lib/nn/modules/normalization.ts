// LayerNorm, as torch/nn/modules/normalization.py.
import type { Tensor } from '../../tensor.js';
import { empty } from '../../generated/functions.js';
import { Module } from './module.js';
import { Parameter } from '../parameter.js';
import * as init from '../init.js';
import * as F from '../functional.js';
import { factoryKwargs, type FactoryOptions } from './linear.js';
import { parseArgs, checkInt, checkIntTuple, checkBool, checkNumber, type Args, type IntOrTuple } from '../../validate.js';
import { pyFloat, pyRepr } from '../_utils.js';

/** Options of LayerNorm. */
export interface LayerNormOptions extends FactoryOptions {
  eps?: number;
  /** Learn a per-element scale (and shift, if `bias`); default true. */
  elementwiseAffine?: boolean;
  bias?: boolean;
}

/**
 * Layer normalisation over the last dimensions (`normalizedShape`).
 * @example const ln = new nn.LayerNorm(64); ln(torch.randn(8, 64));
 */
export class LayerNorm extends Module {
  normalizedShape: number[];
  eps: number;
  elementwiseAffine: boolean;
  weight: Parameter | null;
  bias: Parameter | null;

  constructor(normalizedShape: IntOrTuple, ...args: Args<[eps: number, elementwiseAffine: boolean, bias: boolean], LayerNormOptions>) {
    super();
    const where = 'LayerNorm()';
    const o = parseArgs<Required<Omit<LayerNormOptions, 'device' | 'dtype'>> & FactoryOptions>(where, args,
      ['eps', 'elementwiseAffine', 'bias', 'device', 'dtype'], { eps: 1e-5, elementwiseAffine: true, bias: true });
    this.normalizedShape = typeof normalizedShape === 'number' ? [checkInt(where, 'normalizedShape', normalizedShape, 0)]
      : checkIntTuple(where, 'normalizedShape', normalizedShape, 0, 0);
    this.eps = checkNumber(where, 'eps', o.eps);
    this.elementwiseAffine = checkBool(where, 'elementwiseAffine', o.elementwiseAffine);
    const bias = checkBool(where, 'bias', o.bias);
    const kw = factoryKwargs(o);
    if (this.elementwiseAffine) {
      this.weight = new Parameter(empty(this.normalizedShape, kw));
      this.bias = bias ? new Parameter(empty(this.normalizedShape, kw)) : null;
    } else {
      this.weight = null;
      this.bias = null;
    }
    this.resetParameters();
  }

  /** Weight to 1, bias to 0. @example ln.resetParameters() */
  resetParameters(): void {
    if (this.weight !== null) init.ones_(this.weight);
    if (this.bias !== null) init.zeros_(this.bias);
  }

  forward(input: Tensor): Tensor {
    return F.layerNorm(input, this.normalizedShape, this.weight, this.bias, this.eps);
  }

  override extraRepr(): string {
    return `${pyRepr(this.normalizedShape)}, eps=${pyFloat(this.eps)}, elementwise_affine=${pyRepr(this.elementwiseAffine)}, bias=${pyRepr(this.bias !== null)}`;
  }
}

/** Options of GroupNorm. */
export interface GroupNormOptions extends FactoryOptions {
  eps?: number;
  /** Learn a per-channel scale and shift (default true). */
  affine?: boolean;
  bias?: boolean;
}

/**
 * Group normalisation: the channels split into groups, each normalised on its own.
 * @example const gn = new nn.GroupNorm(4, 16); gn(torch.randn(2, 16, 8, 8));
 */
export class GroupNorm extends Module {
  numGroups: number;
  numChannels: number;
  eps: number;
  affine: boolean;
  weight: Parameter | null;
  bias: Parameter | null;

  constructor(numGroups: number, numChannels: number, ...args: Args<[eps: number, affine: boolean], GroupNormOptions>) {
    super();
    const where = 'GroupNorm()';
    const o = parseArgs<Required<Omit<GroupNormOptions, 'device' | 'dtype'>> & FactoryOptions>(where, args,
      ['eps', 'affine', 'device', 'dtype', 'bias'], { eps: 1e-5, affine: true, bias: true });
    this.numGroups = checkInt(where, 'numGroups', numGroups, 1);
    this.numChannels = checkInt(where, 'numChannels', numChannels, 0);
    if (numChannels % numGroups !== 0) throw new RangeError(`${where}: num_channels (${numChannels}) must be divisible by num_groups (${numGroups})`);
    this.eps = checkNumber(where, 'eps', o.eps);
    this.affine = checkBool(where, 'affine', o.affine);
    const kw = factoryKwargs(o);
    if (this.affine) {
      this.weight = new Parameter(empty(numChannels, kw));
      this.bias = checkBool(where, 'bias', o.bias) ? new Parameter(empty(numChannels, kw)) : null;
    } else {
      this.weight = null;
      this.bias = null;
    }
    this.resetParameters();
  }

  /** Weight to 1, bias to 0. @example gn.resetParameters() */
  resetParameters(): void {
    if (this.weight !== null) init.ones_(this.weight);
    if (this.bias !== null) init.zeros_(this.bias);
  }

  forward(input: Tensor): Tensor {
    return F.groupNorm(input, this.numGroups, this.weight, this.bias, this.eps);
  }

  override extraRepr(): string {
    return `${this.numGroups}, ${this.numChannels}, eps=${pyFloat(this.eps)}, affine=${pyRepr(this.affine)}, bias=${pyRepr(this.bias !== null)}`;
  }
}
