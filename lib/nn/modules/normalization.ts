// LayerNorm, GroupNorm, RMSNorm, LocalResponseNorm and CrossMapLRN2d, as torch/nn/modules/normalization.py.
import type { Tensor } from '../../tensor.js';
import { empty } from '../../generated/functions.js';
import { Module } from './module.js';
import { Parameter } from '../parameter.js';
import * as init from '../init.js';
import * as F from '../functional.js';
import { factoryKwargs, type FactoryOptions } from './linear.js';
import type { DType, Device } from '../../dtype.js';
import { zerosLike, stack, zeros } from '../../generated/functions.js';
import { Function as AutogradFunction, type FunctionCtx } from '../../autograd/function.js';
import { parseArgs, checkInt, checkIntTuple, checkBool, checkNumber, type KwArgs, type IntOrTuple } from '../../validate.js';
import { pyFloat, pyRepr } from '../_utils.js';

/** Options of LayerNorm. */
export interface LayerNormOptions extends FactoryOptions {
  eps?: number;
  /** Learn a per-element scale (and shift, if `bias`); default true. */
  elementwiseAffine?: boolean;
  bias?: boolean;
}

/** Every argument of LayerNorm by name. */
export interface LayerNormKeywords extends LayerNormOptions {
  normalizedShape?: IntOrTuple;
}

function checkShape(where: string, v: unknown): number[] {
  return typeof v === 'number' ? [checkInt(where, 'normalizedShape', v, 0)] : checkIntTuple(where, 'normalizedShape', v, 0, 0);
}

/**
 * Layer normalisation over the last dimensions (`normalizedShape`).
 * @example
 * const ln = new nn.LayerNorm(64); ln(torch.randn(8, 64));
 * new nn.LayerNorm({ normalizedShape: [10], elementwiseAffine: false })
 */
export class LayerNorm extends Module {
  normalizedShape: number[];
  eps: number;
  elementwiseAffine: boolean;
  weight: Parameter | null;
  bias: Parameter | null;

  constructor(...args: KwArgs<[normalizedShape: IntOrTuple, eps: number, elementwiseAffine: boolean, bias: boolean, device: Device, dtype: DType],
    ['normalizedShape'], LayerNormKeywords>) {
    super();
    const where = 'LayerNorm()';
    const o = parseArgs<Required<Omit<LayerNormKeywords, 'device' | 'dtype'>> & FactoryOptions>(where, args,
      ['normalizedShape', 'eps', 'elementwiseAffine', 'bias', 'device', 'dtype'], { eps: 1e-5, elementwiseAffine: true, bias: true }, ['normalizedShape']);
    this.normalizedShape = checkShape(where, o.normalizedShape);
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

/** Every argument of GroupNorm by name. */
export interface GroupNormKeywords extends GroupNormOptions {
  numGroups?: number;
  numChannels?: number;
}

/**
 * Group normalisation: the channels split into groups, each normalised on its own.
 * @example
 * const gn = new nn.GroupNorm(4, 16); gn(torch.randn(2, 16, 8, 8));
 * new nn.GroupNorm({ numGroups: 2, numChannels: 4 })
 */
export class GroupNorm extends Module {
  numGroups: number;
  numChannels: number;
  eps: number;
  affine: boolean;
  weight: Parameter | null;
  bias: Parameter | null;

  constructor(...args: KwArgs<[numGroups: number, numChannels: number, eps: number, affine: boolean, device: Device, dtype: DType],
    ['numGroups', 'numChannels'], GroupNormKeywords>) {
    super();
    const where = 'GroupNorm()';
    const o = parseArgs<Required<Omit<GroupNormKeywords, 'device' | 'dtype'>> & FactoryOptions>(where, args,
      ['numGroups', 'numChannels', 'eps', 'affine', 'device', 'dtype', 'bias'], { eps: 1e-5, affine: true, bias: true }, ['numGroups', 'numChannels']);
    const numGroups = this.numGroups = checkInt(where, 'numGroups', o.numGroups, 1);
    const numChannels = this.numChannels = checkInt(where, 'numChannels', o.numChannels, 0);
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

/** Every argument of RMSNorm by name. */
export interface RMSNormKeywords extends FactoryOptions {
  normalizedShape?: IntOrTuple;
  /** Added to the mean square; null (the default): the input dtype's machine epsilon. */
  eps?: number | null;
  /** Learn a per-element scale (default true). */
  elementwiseAffine?: boolean;
}

/**
 * Root mean square layer normalisation over the last dimensions (`normalizedShape`):
 * x / sqrt(mean(x^2) + eps) * weight.
 * @example
 * const norm = new nn.RMSNorm([64]); norm(torch.randn(8, 10, 64));
 * new nn.RMSNorm({ normalizedShape: 64, eps: 1e-6 })
 */
export class RMSNorm extends Module {
  normalizedShape: number[];
  eps: number | null;
  elementwiseAffine: boolean;
  weight: Parameter | null;

  constructor(...args: KwArgs<[normalizedShape: IntOrTuple, eps: number | null, elementwiseAffine: boolean, device: Device, dtype: DType],
    ['normalizedShape'], RMSNormKeywords>) {
    super();
    const where = 'RMSNorm()';
    const o = parseArgs<Required<Omit<RMSNormKeywords, 'device' | 'dtype'>> & FactoryOptions>(where, args,
      ['normalizedShape', 'eps', 'elementwiseAffine', 'device', 'dtype'], { eps: null, elementwiseAffine: true }, ['normalizedShape']);
    this.normalizedShape = checkShape(where, o.normalizedShape);
    this.eps = o.eps === null ? null : checkNumber(where, 'eps', o.eps);
    this.elementwiseAffine = checkBool(where, 'elementwiseAffine', o.elementwiseAffine);
    this.weight = this.elementwiseAffine ? new Parameter(empty(this.normalizedShape, factoryKwargs(o))) : null;
    this.resetParameters();
  }

  /** Weight to 1. @example norm.resetParameters() */
  resetParameters(): void {
    if (this.weight !== null) init.ones_(this.weight);
  }

  forward(x: Tensor): Tensor {
    return F.rmsNorm(x, this.normalizedShape, this.weight, this.eps);
  }

  override extraRepr(): string {
    return `${pyRepr(this.normalizedShape)}, eps=${this.eps === null ? 'None' : pyFloat(this.eps)}, elementwise_affine=${pyRepr(this.elementwiseAffine)}`;
  }
}

/** Every argument of LocalResponseNorm and CrossMapLRN2d by name. */
export interface LocalResponseNormKeywords {
  /** The number of neighbouring channels summed. */
  size?: number;
  /** Multiplicative factor (default 1e-4). */
  alpha?: number;
  /** Exponent (default 0.75). */
  beta?: number;
  /** Additive factor (default 1). */
  k?: number;
}

type LRNArgs = KwArgs<[size: number, alpha: number, beta: number, k: number], ['size'], LocalResponseNormKeywords>;

function parseLRN(where: string, args: readonly unknown[]): Required<LocalResponseNormKeywords> {
  const o = parseArgs<Required<LocalResponseNormKeywords>>(where, args, ['size', 'alpha', 'beta', 'k'], { alpha: 1e-4, beta: 0.75, k: 1.0 }, ['size']);
  checkInt(where, 'size', o.size, 1);
  checkNumber(where, 'alpha', o.alpha);
  checkNumber(where, 'beta', o.beta);
  checkNumber(where, 'k', o.k);
  return o;
}

/** Python prints these settings as given, an int as an int: JS numbers that are integers print as floats where Python's defaults are floats. */
function lrnRepr(m: { size: number; alpha: number; beta: number; k: number }, kInt: boolean): string {
  return `${m.size}, alpha=${pyFloat(m.alpha)}, beta=${pyFloat(m.beta)}, k=${kInt && Number.isInteger(m.k) ? String(m.k) : pyFloat(m.k)}`;
}

/**
 * Local response normalisation across channels: each value divided by
 * (k + alpha / size * the sum of squares over `size` neighbouring channels)^beta.
 * @example const lrn = new nn.LocalResponseNorm(2); lrn(torch.randn(32, 5, 24, 24));
 */
export class LocalResponseNorm extends Module {
  size: number;
  alpha: number;
  beta: number;
  k: number;

  constructor(...args: LRNArgs) {
    super();
    const o = parseLRN('LocalResponseNorm()', args);
    this.size = o.size;
    this.alpha = o.alpha;
    this.beta = o.beta;
    this.k = o.k;
  }

  forward(input: Tensor): Tensor {
    return F.localResponseNorm(input, this.size, this.alpha, this.beta, this.k);
  }

  override extraRepr(): string {
    return lrnRepr(this, false);
  }
}

/**
 * The legacy cross-map LRN of `nn.CrossMapLRN2d` (PyTorch's `torch.nn.modules._functions.CrossMapLRN2d`),
 * forward and backward ported step by step so values and gradients are PyTorch's, quirks included
 * (the first channel's square stays in the running window sum of later channels).
 */
class CrossMapLRN2dFunction extends AutogradFunction {
  static forward(ctx: FunctionCtx, x: Tensor, size: number, alpha: number, beta: number, k: number): Tensor {
    if (x.dim() !== 4) throw new RangeError(`CrossMapLRN2d: Expected input to be 4D, got ${x.dim()}D instead.`);
    const channels = x.shape[1]!;
    const square = x.pow(2);
    const prePad = Math.trunc((size - 1) / 2 + 1);
    const prePadCrop = Math.min(prePad, channels);
    const scales: Tensor[] = [];
    let first = zerosLike(square.select(1, 0));
    for (let c = 0; c < prePadCrop; c++) first = first.add(square.select(1, c));
    scales.push(first);
    for (let c = 1; c < channels; c++) {
      let current = scales[c - 1]!;
      if (c < channels - prePad + 1) current = current.add(square.select(1, c + prePad - 1));
      if (c > prePad) current = current.sub(square.select(1, c - prePad));
      scales.push(current);
    }
    const scale = stack(scales, 1).mul(alpha / size).add(k);
    const output = scale.pow(-beta).mul(x);
    const state = ctx as unknown as { lrn: [number, number, number, Tensor] };
    state.lrn = [size, alpha, beta, scale];
    ctx.saveForBackward(x, output);
    return output;
  }

  static backward(ctx: FunctionCtx, gradOutput: Tensor): (Tensor | null)[] {
    const [x, output] = ctx.savedTensors as [Tensor, Tensor];
    const [size, alpha, beta, scale] = (ctx as unknown as { lrn: [number, number, number, Tensor] }).lrn;
    const [batch, channels, height, width] = x.shape as [number, number, number, number];
    const cacheRatioValue = 2 * alpha * beta / size;
    const inversePrePad = Math.trunc(size - (size - 1) / 2);
    const gradInput = scale.pow(-beta).mul(gradOutput);
    const padded = zeros([channels + size - 1, height, width], { dtype: x.dtype });
    const center = padded.narrow(0, inversePrePad, channels);
    for (let n = 0; n < batch; n++) {
      center.copy_(gradOutput.select(0, n).mul(output.select(0, n)).div(scale.select(0, n)));
      const accum = padded.narrow(0, 0, size - 1).sum(0);
      for (let c = 0; c < channels; c++) {
        accum.add_(padded.select(0, c + size - 1));
        gradInput.select(0, n).select(0, c).addcmul_(x.select(0, n).select(0, c), accum, { value: -cacheRatioValue });
        accum.sub_(padded.select(0, c));
      }
    }
    return [gradInput, null, null, null, null];
  }
}

/**
 * PyTorch's legacy cross-map local response normalisation of 4-D inputs, with its own backward
 * (values and gradients as PyTorch's, including its running window keeping the first channel's
 * square for later channels).
 * @example const lrn = new nn.CrossMapLRN2d(3); lrn(torch.randn(2, 6, 4, 4));
 */
export class CrossMapLRN2d extends Module {
  size: number;
  alpha: number;
  beta: number;
  k: number;

  constructor(...args: LRNArgs) {
    super();
    const o = parseLRN('CrossMapLRN2d()', args);
    this.size = o.size;
    this.alpha = o.alpha;
    this.beta = o.beta;
    this.k = o.k;
  }

  forward(input: Tensor): Tensor {
    return CrossMapLRN2dFunction.apply(input, this.size, this.alpha, this.beta, this.k) as unknown as Tensor;
  }

  override extraRepr(): string {
    // Python's default k here is the int 1.
    return lrnRepr(this, true);
  }
}
