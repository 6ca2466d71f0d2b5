// The pooling layers, as torch/nn/modules/pooling.py: max, average, power-average, adaptive and
// fractional pooling in 1, 2 and 3 dimensions, and max unpooling.
import type { Tensor } from '../../tensor.js';
import { Module } from './module.js';
import * as F from '../functional.js';
import { describeValue, parseArgs, checkIntTuple, checkBool, checkInt, checkNumber, checkTensor, type Args, type KwArgs, type IntOrTuple } from '../../validate.js';
import { pyRepr, pyFloat } from '../_utils.js';
import type { AdaptiveSize } from '../functional/pooling.js';

// ---- max pooling ------------------------------------------------------------------------------

/** Every argument of MaxPool1d/2d/3d by name (`kernelSize` included). */
export interface MaxPoolKeywords {
  kernelSize?: IntOrTuple;
  /** Default: kernelSize. */
  stride?: IntOrTuple | null;
  padding?: IntOrTuple;
  dilation?: IntOrTuple;
  /** Forward returns [output, indices] (for MaxUnpool). */
  returnIndices?: boolean;
  ceilMode?: boolean;
}
/** Options of MaxPool2d. */
export type MaxPool2dOptions = Omit<MaxPoolKeywords, 'kernelSize'>;

type MaxPoolPositional = [kernelSize: IntOrTuple, stride: IntOrTuple | null, padding: IntOrTuple, dilation: IntOrTuple, returnIndices: boolean, ceilMode: boolean];

/** Python's _MaxPoolNd: the settings of MaxPool1d/2d/3d, kept as given (an int or a tuple). */
abstract class MaxPoolNd extends Module {
  kernelSize: IntOrTuple;
  stride: IntOrTuple;
  padding: IntOrTuple;
  dilation: IntOrTuple;
  returnIndices: boolean;
  ceilMode: boolean;

  constructor(n: number, where: string, args: readonly unknown[]) {
    super();
    const o = parseArgs<MaxPoolKeywords>(where, args, ['kernelSize', 'stride', 'padding', 'dilation', 'returnIndices', 'ceilMode'],
      { stride: null, padding: 0, dilation: 1, returnIndices: false, ceilMode: false }, ['kernelSize']);
    checkIntTuple(where, 'kernelSize', o.kernelSize, n, 1);
    this.kernelSize = o.kernelSize!;
    if (o.stride !== null) checkIntTuple(where, 'stride', o.stride, n, 1);
    this.stride = o.stride ?? this.kernelSize;
    checkIntTuple(where, 'padding', o.padding, n, 0);
    this.padding = o.padding!;
    checkIntTuple(where, 'dilation', o.dilation, n, 1);
    this.dilation = o.dilation!;
    this.returnIndices = checkBool(where, 'returnIndices', o.returnIndices);
    this.ceilMode = checkBool(where, 'ceilMode', o.ceilMode);
  }

  override extraRepr(): string {
    return `kernel_size=${pyRepr(this.kernelSize)}, stride=${pyRepr(this.stride)}, padding=${pyRepr(this.padding)}, dilation=${pyRepr(this.dilation)}, ceil_mode=${pyRepr(this.ceilMode)}`;
  }
}

/**
 * 1-D max pooling over (N, C, L) inputs. With `returnIndices` forward returns [output, indices].
 * @example
 * new nn.MaxPool1d(2)(torch.randn(1, 4, 10)).shape // [1, 4, 5]
 * new nn.MaxPool1d({ kernelSize: 3, stride: 2, returnIndices: true })
 */
export class MaxPool1d extends MaxPoolNd {
  constructor(...args: KwArgs<MaxPoolPositional, ['kernelSize'], MaxPoolKeywords>) {
    super(1, 'MaxPool1d()', args);
  }

  forward(input: Tensor): Tensor {
    // [output, indices] with returnIndices, as PyTorch's tuple; typed as the common case.
    return F.maxPool1d(input, this.kernelSize, this.stride, this.padding, this.dilation, this.ceilMode, this.returnIndices) as Tensor;
  }
}

/**
 * 2-D max pooling. With `returnIndices` forward returns [output, indices].
 * @example
 * const pool = new nn.MaxPool2d(2); pool(torch.randn(1, 3, 8, 8)).shape // [1, 3, 4, 4]
 * new nn.MaxPool2d({ kernelSize: 3, stride: 2, padding: 1 })
 */
export class MaxPool2d extends MaxPoolNd {
  constructor(...args: KwArgs<MaxPoolPositional, ['kernelSize'], MaxPoolKeywords>) {
    super(2, 'MaxPool2d()', args);
  }

  forward(input: Tensor): Tensor {
    return F.maxPool2d(input, this.kernelSize, this.stride, this.padding, this.dilation, this.ceilMode, this.returnIndices) as Tensor;
  }
}

/**
 * 3-D max pooling over (N, C, D, H, W) inputs. With `returnIndices` forward returns [output, indices].
 * @example new nn.MaxPool3d({ kernelSize: 2 })(torch.randn(1, 2, 4, 4, 4)).shape // [1, 2, 2, 2, 2]
 */
export class MaxPool3d extends MaxPoolNd {
  constructor(...args: KwArgs<MaxPoolPositional, ['kernelSize'], MaxPoolKeywords>) {
    super(3, 'MaxPool3d()', args);
  }

  forward(input: Tensor): Tensor {
    return F.maxPool3d(input, this.kernelSize, this.stride, this.padding, this.dilation, this.ceilMode, this.returnIndices) as Tensor;
  }
}

// ---- max unpooling ----------------------------------------------------------------------------

/** Every argument of MaxUnpool1d/2d/3d by name. */
export interface MaxUnpoolKeywords {
  kernelSize?: IntOrTuple;
  /** Default: kernelSize. */
  stride?: IntOrTuple | null;
  padding?: IntOrTuple;
}

type MaxUnpoolPositional = [kernelSize: IntOrTuple, stride: IntOrTuple | null, padding: IntOrTuple];

/** Python's _MaxUnpoolNd: sizes stored as tuples (`_single`, `_pair`, `_triple`). */
abstract class MaxUnpoolNd extends Module {
  kernelSize: number[];
  stride: number[];
  padding: number[];

  constructor(n: number, where: string, args: readonly unknown[]) {
    super();
    const o = parseArgs<MaxUnpoolKeywords>(where, args, ['kernelSize', 'stride', 'padding'], { stride: null, padding: 0 }, ['kernelSize']);
    this.kernelSize = checkIntTuple(where, 'kernelSize', o.kernelSize, n, 1);
    this.stride = o.stride === null ? [...this.kernelSize] : checkIntTuple(where, 'stride', o.stride, n, 1);
    this.padding = checkIntTuple(where, 'padding', o.padding, n, 0);
  }

  override extraRepr(): string {
    return `kernel_size=${pyRepr(this.kernelSize)}, stride=${pyRepr(this.stride)}, padding=${pyRepr(this.padding)}`;
  }
}

/**
 * A partial inverse of MaxPool1d: each pooled value goes back to the position of its index,
 * zeros elsewhere. `outputSize` picks among the input sizes the pooling could have come from.
 * @example
 * const pool = new nn.MaxPool1d(2, { returnIndices: true }); const unpool = new nn.MaxUnpool1d(2);
 * const [y, idx] = pool(x) as unknown as [Tensor, Tensor]; unpool(y, idx)
 */
export class MaxUnpool1d extends MaxUnpoolNd {
  constructor(...args: KwArgs<MaxUnpoolPositional, ['kernelSize'], MaxUnpoolKeywords>) {
    super(1, 'MaxUnpool1d()', args);
  }

  /** Unpools `input` by `indices`; `outputSize` positionally or by keyword. @example unpool(y, idx, { outputSize: x.shape }) */
  forward(input: Tensor, indices: Tensor, ...args: Args<[outputSize: readonly number[] | null], { outputSize?: readonly number[] | null }>): Tensor {
    const o = parseArgs<{ outputSize: readonly number[] | null }>('MaxUnpool1d.forward()', args, ['outputSize'], { outputSize: null });
    return F.maxUnpool1d(input, indices, this.kernelSize, this.stride, this.padding, o.outputSize);
  }
}

/**
 * A partial inverse of MaxPool2d (see MaxUnpool1d).
 * @example
 * const pool = new nn.MaxPool2d(2, { returnIndices: true }); const unpool = new nn.MaxUnpool2d(2);
 * const [y, idx] = pool(x) as unknown as [Tensor, Tensor]; unpool(y, idx, x.shape)
 */
export class MaxUnpool2d extends MaxUnpoolNd {
  constructor(...args: KwArgs<MaxUnpoolPositional, ['kernelSize'], MaxUnpoolKeywords>) {
    super(2, 'MaxUnpool2d()', args);
  }

  /** Unpools `input` by `indices`; `outputSize` positionally or by keyword. @example unpool(y, idx, { outputSize: x.shape }) */
  forward(input: Tensor, indices: Tensor, ...args: Args<[outputSize: readonly number[] | null], { outputSize?: readonly number[] | null }>): Tensor {
    const o = parseArgs<{ outputSize: readonly number[] | null }>('MaxUnpool2d.forward()', args, ['outputSize'], { outputSize: null });
    return F.maxUnpool2d(input, indices, this.kernelSize, this.stride, this.padding, o.outputSize);
  }
}

/**
 * A partial inverse of MaxPool3d (see MaxUnpool1d).
 * @example
 * const pool = new nn.MaxPool3d(2, { returnIndices: true }); const unpool = new nn.MaxUnpool3d(2);
 * const [y, idx] = pool(x) as unknown as [Tensor, Tensor]; unpool(y, idx)
 */
export class MaxUnpool3d extends MaxUnpoolNd {
  constructor(...args: KwArgs<MaxUnpoolPositional, ['kernelSize'], MaxUnpoolKeywords>) {
    super(3, 'MaxUnpool3d()', args);
  }

  /** Unpools `input` by `indices`; `outputSize` positionally or by keyword. @example unpool(y, idx, { outputSize: x.shape }) */
  forward(input: Tensor, indices: Tensor, ...args: Args<[outputSize: readonly number[] | null], { outputSize?: readonly number[] | null }>): Tensor {
    const o = parseArgs<{ outputSize: readonly number[] | null }>('MaxUnpool3d.forward()', args, ['outputSize'], { outputSize: null });
    return F.maxUnpool3d(input, indices, this.kernelSize, this.stride, this.padding, o.outputSize);
  }
}

// ---- average pooling --------------------------------------------------------------------------

/** Every argument of AvgPool1d/2d/3d by name (AvgPool1d has no divisorOverride). */
export interface AvgPoolKeywords {
  kernelSize?: IntOrTuple;
  /** Default: kernelSize. */
  stride?: IntOrTuple | null;
  padding?: IntOrTuple;
  ceilMode?: boolean;
  countIncludePad?: boolean;
  divisorOverride?: number | null;
}
/** Options of AvgPool2d. */
export type AvgPool2dOptions = Omit<AvgPoolKeywords, 'kernelSize'>;

type AvgPoolPositional = [kernelSize: IntOrTuple, stride: IntOrTuple | null, padding: IntOrTuple, ceilMode: boolean, countIncludePad: boolean];

/**
 * 1-D average pooling over (N, C, L) inputs.
 * @example
 * new nn.AvgPool1d(3, { stride: 2 })(torch.randn(1, 4, 11)).shape // [1, 4, 5]
 * new nn.AvgPool1d({ kernelSize: 3 })
 */
export class AvgPool1d extends Module {
  kernelSize: number[];
  stride: number[];
  padding: number[];
  ceilMode: boolean;
  countIncludePad: boolean;

  constructor(...args: KwArgs<AvgPoolPositional, ['kernelSize'], Omit<AvgPoolKeywords, 'divisorOverride'>>) {
    super();
    const where = 'AvgPool1d()';
    const o = parseArgs<Omit<AvgPoolKeywords, 'divisorOverride'>>(where, args, ['kernelSize', 'stride', 'padding', 'ceilMode', 'countIncludePad'],
      { stride: null, padding: 0, ceilMode: false, countIncludePad: true }, ['kernelSize']);
    this.kernelSize = checkIntTuple(where, 'kernelSize', o.kernelSize, 1, 1);
    this.stride = o.stride === null ? this.kernelSize : checkIntTuple(where, 'stride', o.stride, 1, 1);
    this.padding = checkIntTuple(where, 'padding', o.padding, 1, 0);
    this.ceilMode = checkBool(where, 'ceilMode', o.ceilMode);
    this.countIncludePad = checkBool(where, 'countIncludePad', o.countIncludePad);
  }

  forward(input: Tensor): Tensor {
    return F.avgPool1d(input, this.kernelSize, this.stride, this.padding, this.ceilMode, this.countIncludePad);
  }

  override extraRepr(): string {
    return `kernel_size=${pyRepr(this.kernelSize)}, stride=${pyRepr(this.stride)}, padding=${pyRepr(this.padding)}`;
  }
}

/** AvgPool2d and AvgPool3d: settings kept as given, as Python does. */
abstract class AvgPoolNd extends Module {
  kernelSize: IntOrTuple;
  stride: IntOrTuple;
  padding: IntOrTuple;
  ceilMode: boolean;
  countIncludePad: boolean;
  divisorOverride: number | null;

  constructor(n: number, where: string, args: readonly unknown[]) {
    super();
    const o = parseArgs<AvgPoolKeywords>(where, args, ['kernelSize', 'stride', 'padding', 'ceilMode', 'countIncludePad', 'divisorOverride'],
      { stride: null, padding: 0, ceilMode: false, countIncludePad: true, divisorOverride: null }, ['kernelSize']);
    checkIntTuple(where, 'kernelSize', o.kernelSize, n, 1);
    this.kernelSize = o.kernelSize!;
    if (o.stride !== null) checkIntTuple(where, 'stride', o.stride, n, 1);
    this.stride = o.stride ?? this.kernelSize;
    checkIntTuple(where, 'padding', o.padding, n, 0);
    this.padding = o.padding!;
    this.ceilMode = checkBool(where, 'ceilMode', o.ceilMode);
    this.countIncludePad = checkBool(where, 'countIncludePad', o.countIncludePad);
    this.divisorOverride = o.divisorOverride === null ? null : checkInt(where, 'divisorOverride', o.divisorOverride, 1);
  }

  override extraRepr(): string {
    return `kernel_size=${pyRepr(this.kernelSize)}, stride=${pyRepr(this.stride)}, padding=${pyRepr(this.padding)}`;
  }
}

/**
 * 2-D average pooling.
 * @example
 * new nn.AvgPool2d(2)(torch.ones(1, 1, 4, 4)).shape // [1, 1, 2, 2]
 * new nn.AvgPool2d({ kernelSize: 3, stride: 2, countIncludePad: false })
 */
export class AvgPool2d extends AvgPoolNd {
  constructor(...args: KwArgs<[...AvgPoolPositional, divisorOverride: number | null], ['kernelSize'], AvgPoolKeywords>) {
    super(2, 'AvgPool2d()', args);
  }

  forward(input: Tensor): Tensor {
    return F.avgPool2d(input, this.kernelSize, this.stride, this.padding, this.ceilMode, this.countIncludePad, this.divisorOverride);
  }
}

/**
 * 3-D average pooling over (N, C, D, H, W) inputs.
 * @example new nn.AvgPool3d({ kernelSize: 2 })(torch.ones(1, 1, 4, 4, 4)).shape // [1, 1, 2, 2, 2]
 */
export class AvgPool3d extends AvgPoolNd {
  constructor(...args: KwArgs<[...AvgPoolPositional, divisorOverride: number | null], ['kernelSize'], AvgPoolKeywords>) {
    super(3, 'AvgPool3d()', args);
  }

  forward(input: Tensor): Tensor {
    return F.avgPool3d(input, this.kernelSize, this.stride, this.padding, this.ceilMode, this.countIncludePad, this.divisorOverride);
  }
}

// ---- fractional max pooling -------------------------------------------------------------------

/** Every argument of FractionalMaxPool2d/3d by name: one of outputSize and outputRatio is required. */
export interface FractionalMaxPoolKeywords {
  kernelSize?: IntOrTuple;
  outputSize?: IntOrTuple | null;
  /** The output size as a fraction of the input's, each in (0, 1). */
  outputRatio?: number | readonly number[] | null;
  returnIndices?: boolean;
  /** Fixed random offsets of the pooling regions, (N, C, 2 or 3) in [0, 1): a buffer. */
  _randomSamples?: Tensor | null;
}

type FractionalPositional = [kernelSize: IntOrTuple, outputSize: IntOrTuple | null, outputRatio: number | readonly number[] | null, returnIndices: boolean, _randomSamples: Tensor | null];

/** FractionalMaxPool2d and FractionalMaxPool3d's checks, as Python's constructors. */
abstract class FractionalMaxPoolNd extends Module {
  kernelSize: number[];
  outputSize: number[] | null;
  outputRatio: number[] | null;
  returnIndices: boolean;
  declare _random_samples: Tensor | null;

  constructor(n: number, where: string, args: readonly unknown[]) {
    super();
    const name = where.slice(0, -2);
    const o = parseArgs<FractionalMaxPoolKeywords>(where, args, ['kernelSize', 'outputSize', 'outputRatio', 'returnIndices', '_randomSamples'],
      { outputSize: null, outputRatio: null, returnIndices: false, _randomSamples: null }, ['kernelSize']);
    if (n === 3 && (typeof o.kernelSize === 'number' ? o.kernelSize <= 0 : Array.isArray(o.kernelSize) && o.kernelSize.some((k) => typeof k === 'number' && k <= 0))) {
      throw new RangeError(`kernel_size must be greater than 0, but got ${pyRepr(o.kernelSize)}`);
    }
    this.kernelSize = checkIntTuple(where, 'kernelSize', o.kernelSize, n, 1);
    this.returnIndices = checkBool(where, 'returnIndices', o.returnIndices);
    this.registerBuffer('_random_samples', checkTensor(where, '_randomSamples', o._randomSamples, true));
    this.outputSize = o.outputSize === null ? null : checkIntTuple(where, 'outputSize', o.outputSize, n, 1);
    const r = o.outputRatio;
    if (r === null || r === undefined) this.outputRatio = null;
    else if (typeof r === 'number') this.outputRatio = new Array<number>(n).fill(checkNumber(where, 'outputRatio', r));
    else if (Array.isArray(r) && r.length === n) this.outputRatio = (r as unknown[]).map((v, i) => checkNumber(where, `outputRatio[${i}]`, v));
    else throw new TypeError(`${where}: outputRatio must be a number or an array of ${n} numbers (got ${describeValue(r)})`);
    if (this.outputSize === null && this.outputRatio === null) {
      throw new TypeError(`${name} requires specifying either an output size, or a pooling ratio`);
    }
    if (this.outputSize !== null && this.outputRatio !== null) throw new TypeError('only one of output_size and output_ratio may be specified');
    if (this.outputRatio !== null && !this.outputRatio.every((v) => v > 0 && v < 1)) {
      throw new RangeError(`output_ratio must be between 0 and 1 (got ${pyRepr(r)})`);
    }
  }
}

/**
 * 2-D fractional max pooling (Graham, 2014): max over kernelSize windows placed at pseudo-random
 * steps that give `outputSize` (or `outputRatio` of the input size). The steps are drawn with
 * torch.rand at each forward, as in Python (same seed, same windows), unless `_randomSamples` fixes them.
 * @example
 * new nn.FractionalMaxPool2d(3, { outputRatio: [0.5, 0.5] })(torch.randn(1, 2, 10, 10)).shape // [1, 2, 5, 5]
 * new nn.FractionalMaxPool2d({ kernelSize: 2, outputSize: 4 })
 */
export class FractionalMaxPool2d extends FractionalMaxPoolNd {
  constructor(...args: KwArgs<FractionalPositional, ['kernelSize'], FractionalMaxPoolKeywords>) {
    super(2, 'FractionalMaxPool2d()', args);
  }

  forward(input: Tensor): Tensor {
    return F.fractionalMaxPool2d(input, this.kernelSize, this.outputSize, this.outputRatio, this.returnIndices, { _randomSamples: this._random_samples }) as Tensor;
  }
}

/**
 * 3-D fractional max pooling over (N, C, D, H, W) inputs (see FractionalMaxPool2d).
 * @example new nn.FractionalMaxPool3d(2, { outputSize: [3, 3, 3] })(torch.randn(1, 2, 6, 6, 6)).shape // [1, 2, 3, 3, 3]
 */
export class FractionalMaxPool3d extends FractionalMaxPoolNd {
  constructor(...args: KwArgs<FractionalPositional, ['kernelSize'], FractionalMaxPoolKeywords>) {
    super(3, 'FractionalMaxPool3d()', args);
  }

  forward(input: Tensor): Tensor {
    return F.fractionalMaxPool3d(input, this.kernelSize, this.outputSize, this.outputRatio, this.returnIndices, { _randomSamples: this._random_samples }) as Tensor;
  }
}

// ---- power-average pooling --------------------------------------------------------------------

/** Every argument of LPPool1d/2d/3d by name. */
export interface LPPoolKeywords {
  normType?: number;
  kernelSize?: IntOrTuple;
  /** Default: kernelSize. */
  stride?: IntOrTuple | null;
  ceilMode?: boolean;
}

type LPPoolPositional = [normType: number, kernelSize: IntOrTuple, stride: IntOrTuple | null, ceilMode: boolean];

/** Python's _LPPoolNd. */
abstract class LPPoolNd extends Module {
  normType: number;
  kernelSize: IntOrTuple;
  stride: IntOrTuple | null;
  ceilMode: boolean;

  constructor(n: number, where: string, args: readonly unknown[]) {
    super();
    const o = parseArgs<LPPoolKeywords>(where, args, ['normType', 'kernelSize', 'stride', 'ceilMode'], { stride: null, ceilMode: false }, ['normType', 'kernelSize']);
    this.normType = checkNumber(where, 'normType', o.normType);
    checkIntTuple(where, 'kernelSize', o.kernelSize, n, 1);
    this.kernelSize = o.kernelSize!;
    if (o.stride !== null) checkIntTuple(where, 'stride', o.stride, n, 1);
    this.stride = o.stride ?? null;
    this.ceilMode = checkBool(where, 'ceilMode', o.ceilMode);
  }

  override extraRepr(): string {
    const p = Number.isInteger(this.normType) ? String(this.normType) : pyFloat(this.normType);
    return `norm_type=${p}, kernel_size=${pyRepr(this.kernelSize)}, stride=${pyRepr(this.stride)}, ceil_mode=${pyRepr(this.ceilMode)}`;
  }
}

/**
 * 1-D power-average pooling: (sum over each window of x^p)^(1/p); p = inf is max pooling.
 * @example new nn.LPPool1d(2, 3, { stride: 2 })(torch.randn(1, 4, 11)).shape // [1, 4, 5]
 */
export class LPPool1d extends LPPoolNd {
  constructor(...args: KwArgs<LPPoolPositional, ['normType', 'kernelSize'], LPPoolKeywords>) {
    super(1, 'LPPool1d()', args);
  }

  forward(input: Tensor): Tensor {
    return F.lpPool1d(input, this.normType, this.kernelSize, this.stride, this.ceilMode);
  }
}

/**
 * 2-D power-average pooling: (sum over each window of x^p)^(1/p); p = inf is max pooling.
 * @example new nn.LPPool2d({ normType: 2, kernelSize: 3, stride: 2 })(torch.randn(1, 4, 9, 9)).shape // [1, 4, 4, 4]
 */
export class LPPool2d extends LPPoolNd {
  constructor(...args: KwArgs<LPPoolPositional, ['normType', 'kernelSize'], LPPoolKeywords>) {
    super(2, 'LPPool2d()', args);
  }

  forward(input: Tensor): Tensor {
    return F.lpPool2d(input, this.normType, this.kernelSize, this.stride, this.ceilMode);
  }
}

/**
 * 3-D power-average pooling: (sum over each window of x^p)^(1/p); p = inf is max pooling.
 * @example new nn.LPPool3d(2, 2)(torch.randn(1, 4, 4, 4, 4)).shape // [1, 4, 2, 2, 2]
 */
export class LPPool3d extends LPPoolNd {
  constructor(...args: KwArgs<LPPoolPositional, ['normType', 'kernelSize'], LPPoolKeywords>) {
    super(3, 'LPPool3d()', args);
  }

  forward(input: Tensor): Tensor {
    return F.lpPool3d(input, this.normType, this.kernelSize, this.stride, this.ceilMode);
  }
}

// ---- adaptive pooling -------------------------------------------------------------------------

/** An adaptive pooling's output size, checked for `n` dimensions (nulls allowed past 1-D). */
function checkAdaptiveSize(where: string, n: number, v: unknown): AdaptiveSize {
  if (typeof v === 'number') checkInt(where, 'outputSize', v, 0);
  else if (Array.isArray(v) && v.length === n) v.forEach((e: unknown, i: number) => { if (e !== null || n === 1) checkInt(where, `outputSize[${i}]`, e, 0); });
  else {
    const what = n === 1 ? 'an integer or an array of 1 integer' : `an integer or an array of ${n} integers or nulls`;
    throw new TypeError(`${where}: outputSize must be ${what} (got ${describeValue(v)})`);
  }
  return v as AdaptiveSize;
}

/** Every argument of AdaptiveAvgPool1d/2d/3d by name. */
export interface AdaptiveAvgPoolKeywords {
  outputSize?: AdaptiveSize;
}

/** Python's _AdaptiveAvgPoolNd. */
abstract class AdaptiveAvgPoolNd extends Module {
  outputSize: AdaptiveSize;

  constructor(n: number, where: string, args: readonly unknown[]) {
    super();
    const o = parseArgs<AdaptiveAvgPoolKeywords>(where, args, ['outputSize'], {}, ['outputSize']);
    this.outputSize = checkAdaptiveSize(where, n, o.outputSize);
  }

  override extraRepr(): string {
    return `output_size=${pyRepr(this.outputSize)}`;
  }
}

/**
 * 1-D adaptive average pooling to a fixed output length.
 * @example new nn.AdaptiveAvgPool1d(5)(torch.randn(1, 64, 8)).shape // [1, 64, 5]
 */
export class AdaptiveAvgPool1d extends AdaptiveAvgPoolNd {
  constructor(...args: KwArgs<[outputSize: number | readonly [number]], ['outputSize'], AdaptiveAvgPoolKeywords>) {
    super(1, 'AdaptiveAvgPool1d()', args);
  }

  forward(input: Tensor): Tensor {
    return F.adaptiveAvgPool1d(input, this.outputSize as number | readonly [number]);
  }
}

/**
 * 2-D adaptive average pooling to a fixed output size (null keeps that input dimension).
 * @example
 * new nn.AdaptiveAvgPool2d([1, 1])(torch.randn(2, 64, 7, 7)).shape // [2, 64, 1, 1]
 * new nn.AdaptiveAvgPool2d({ outputSize: 1 })
 */
export class AdaptiveAvgPool2d extends AdaptiveAvgPoolNd {
  constructor(...args: KwArgs<[outputSize: AdaptiveSize], ['outputSize'], AdaptiveAvgPoolKeywords>) {
    super(2, 'AdaptiveAvgPool2d()', args);
  }

  forward(input: Tensor): Tensor {
    return F.adaptiveAvgPool2d(input, this.outputSize);
  }
}

/**
 * 3-D adaptive average pooling to a fixed output size (null keeps that input dimension).
 * @example new nn.AdaptiveAvgPool3d([5, 7, 9])(torch.randn(1, 64, 8, 9, 10)).shape // [1, 64, 5, 7, 9]
 */
export class AdaptiveAvgPool3d extends AdaptiveAvgPoolNd {
  constructor(...args: KwArgs<[outputSize: AdaptiveSize], ['outputSize'], AdaptiveAvgPoolKeywords>) {
    super(3, 'AdaptiveAvgPool3d()', args);
  }

  forward(input: Tensor): Tensor {
    return F.adaptiveAvgPool3d(input, this.outputSize);
  }
}

/** Every argument of AdaptiveMaxPool1d/2d/3d by name. */
export interface AdaptiveMaxPoolKeywords {
  outputSize?: AdaptiveSize;
  /** Forward returns [output, indices]. */
  returnIndices?: boolean;
}

/** Python's _AdaptiveMaxPoolNd. */
abstract class AdaptiveMaxPoolNd extends Module {
  outputSize: AdaptiveSize;
  returnIndices: boolean;

  constructor(n: number, where: string, args: readonly unknown[]) {
    super();
    const o = parseArgs<AdaptiveMaxPoolKeywords>(where, args, ['outputSize', 'returnIndices'], { returnIndices: false }, ['outputSize']);
    this.outputSize = checkAdaptiveSize(where, n, o.outputSize);
    this.returnIndices = checkBool(where, 'returnIndices', o.returnIndices);
  }

  override extraRepr(): string {
    return `output_size=${pyRepr(this.outputSize)}`;
  }
}

/**
 * 1-D adaptive max pooling to a fixed output length; with `returnIndices` forward returns [output, indices].
 * @example new nn.AdaptiveMaxPool1d(5)(torch.randn(1, 64, 8)).shape // [1, 64, 5]
 */
export class AdaptiveMaxPool1d extends AdaptiveMaxPoolNd {
  constructor(...args: KwArgs<[outputSize: number | readonly [number], returnIndices: boolean], ['outputSize'], AdaptiveMaxPoolKeywords>) {
    super(1, 'AdaptiveMaxPool1d()', args);
  }

  forward(input: Tensor): Tensor {
    return F.adaptiveMaxPool1d(input, this.outputSize as number | readonly [number], this.returnIndices) as Tensor;
  }
}

/**
 * 2-D adaptive max pooling to a fixed output size (null keeps that input dimension); with
 * `returnIndices` forward returns [output, indices].
 * @example
 * new nn.AdaptiveMaxPool2d(1)(torch.randn(2, 64, 7, 7)).shape // [2, 64, 1, 1]
 * new nn.AdaptiveMaxPool2d({ outputSize: [5, null], returnIndices: true })
 */
export class AdaptiveMaxPool2d extends AdaptiveMaxPoolNd {
  constructor(...args: KwArgs<[outputSize: AdaptiveSize, returnIndices: boolean], ['outputSize'], AdaptiveMaxPoolKeywords>) {
    super(2, 'AdaptiveMaxPool2d()', args);
  }

  forward(input: Tensor): Tensor {
    return F.adaptiveMaxPool2d(input, this.outputSize, this.returnIndices) as Tensor;
  }
}

/**
 * 3-D adaptive max pooling to a fixed output size (null keeps that input dimension); with
 * `returnIndices` forward returns [output, indices].
 * @example new nn.AdaptiveMaxPool3d([5, 7, 9])(torch.randn(1, 64, 8, 9, 10)).shape // [1, 64, 5, 7, 9]
 */
export class AdaptiveMaxPool3d extends AdaptiveMaxPoolNd {
  constructor(...args: KwArgs<[outputSize: AdaptiveSize, returnIndices: boolean], ['outputSize'], AdaptiveMaxPoolKeywords>) {
    super(3, 'AdaptiveMaxPool3d()', args);
  }

  forward(input: Tensor): Tensor {
    return F.adaptiveMaxPool3d(input, this.outputSize, this.returnIndices) as Tensor;
  }
}
