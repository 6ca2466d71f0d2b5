// Activation modules, as torch/nn/modules/activation.py (MultiheadAttention is in attention.ts).
// Every constructor takes its arguments positionally or by keyword, as Python's do:
// `new nn.LeakyReLU(0.2)`, `new nn.LeakyReLU({ negativeSlope: 0.2 })`.
import type { Tensor } from '../../tensor.js';
import { empty } from '../../generated/functions.js';
import { Module } from './module.js';
import { Parameter } from '../parameter.js';
import * as init from '../init.js';
import * as F from '../functional.js';
import { factoryKwargs, type FactoryOptions } from './linear.js';
import { parseArgs, checkBool, checkNumber, checkInt, checkChoice, checkTensor, type KwArgs } from '../../validate.js';
import { pyFloat, pyRepr } from '../_utils.js';

/** `{ inplace }` of the activations that can modify their input. */
export interface InplaceOptions {
  /** Modify the input in place (default false). */
  inplace?: boolean;
}

function inplaceOption(where: string, args: readonly unknown[]): boolean {
  const o = parseArgs<Required<InplaceOptions>>(where, args, ['inplace'], { inplace: false });
  return checkBool(where, 'inplace', o.inplace);
}

const inplaceSuffix = (inplace: boolean): string => (inplace ? ', inplace=True' : '');

/** Options of Threshold: every argument by name (`threshold` and `value` are required). */
export interface ThresholdOptions extends InplaceOptions {
  /** The value to threshold at. */
  threshold?: number;
  /** The value that replaces elements not greater than `threshold`. */
  value?: number;
}

/**
 * x if x > threshold else value.
 * @example new nn.Threshold(0.1, 20); new nn.Threshold({ threshold: 0.1, value: 20 })
 */
export class Threshold extends Module {
  threshold: number;
  value: number;
  inplace: boolean;
  constructor(...args: KwArgs<[threshold: number, value: number, inplace: boolean], ['threshold', 'value'], ThresholdOptions>) {
    super();
    const where = 'Threshold()';
    const o = parseArgs<ThresholdOptions>(where, args, ['threshold', 'value', 'inplace'], { inplace: false }, ['threshold', 'value']);
    this.threshold = checkNumber(where, 'threshold', o.threshold);
    this.value = checkNumber(where, 'value', o.value);
    this.inplace = checkBool(where, 'inplace', o.inplace);
  }
  forward(input: Tensor): Tensor { return F.threshold(input, this.threshold, this.value, this.inplace); }
  override extraRepr(): string { return `threshold=${pyFloat(this.threshold)}, value=${pyFloat(this.value)}${inplaceSuffix(this.inplace)}`; }
}

/**
 * max(0, x).
 * @example new nn.ReLU(); new nn.ReLU({ inplace: true }); new nn.ReLU(true)
 */
export class ReLU extends Module {
  inplace: boolean;
  constructor(...args: KwArgs<[inplace: boolean], [], InplaceOptions>) {
    super();
    this.inplace = inplaceOption('ReLU()', args);
  }
  forward(input: Tensor): Tensor { return F.relu(input, this.inplace); }
  override extraRepr(): string { return this.inplace ? 'inplace=True' : ''; }
}

/** Options of RReLU. */
export interface RReLUOptions extends InplaceOptions {
  /** Lower bound of the random slope (default 1/8). */
  lower?: number;
  /** Upper bound of the random slope (default 1/3). */
  upper?: number;
}

/**
 * Randomized leaky ReLU: in training, each negative element is multiplied by a slope drawn from
 * U(lower, upper) (the default generator, as PyTorch's); in eval mode by (lower + upper) / 2.
 * @example new nn.RReLU(0.1, 0.3); new nn.RReLU({ lower: 0.1, upper: 0.3 })
 */
export class RReLU extends Module {
  lower: number;
  upper: number;
  inplace: boolean;
  constructor(...args: KwArgs<[lower: number, upper: number, inplace: boolean], [], RReLUOptions>) {
    super();
    const where = 'RReLU()';
    const o = parseArgs<Required<RReLUOptions>>(where, args, ['lower', 'upper', 'inplace'], { lower: 1.0 / 8, upper: 1.0 / 3, inplace: false });
    this.lower = checkNumber(where, 'lower', o.lower);
    this.upper = checkNumber(where, 'upper', o.upper);
    this.inplace = checkBool(where, 'inplace', o.inplace);
  }
  forward(input: Tensor): Tensor { return F.rrelu(input, this.lower, this.upper, this.training, this.inplace); }
  override extraRepr(): string { return `lower=${pyFloat(this.lower)}, upper=${pyFloat(this.upper)}${inplaceSuffix(this.inplace)}`; }
}

/** Options of Hardtanh. */
export interface HardtanhOptions extends InplaceOptions {
  minVal?: number;
  maxVal?: number;
  /** Deprecated name of `minVal` (warns, as PyTorch's `min_value`). */
  minValue?: number | null;
  /** Deprecated name of `maxVal` (warns, as PyTorch's `max_value`). */
  maxValue?: number | null;
}

/**
 * clamp(x, minVal, maxVal).
 * @example new nn.Hardtanh(-2, 2); new nn.Hardtanh({ minVal: -2, maxVal: 2 })
 */
export class Hardtanh extends Module {
  minVal: number;
  maxVal: number;
  inplace: boolean;
  constructor(...args: KwArgs<[minVal: number, maxVal: number, inplace: boolean, minValue: number | null, maxValue: number | null], [], HardtanhOptions>) {
    super();
    const where = 'Hardtanh()';
    const o = parseArgs<HardtanhOptions>(where, args, ['minVal', 'maxVal', 'inplace', 'minValue', 'maxValue'],
      { minVal: -1.0, maxVal: 1.0, inplace: false, minValue: null, maxValue: null });
    let minVal = o.minVal;
    let maxVal = o.maxVal;
    if (o.minValue !== null && o.minValue !== undefined) {
      process.emitWarning('keyword argument `min_value` is deprecated and renamed to `min_val`', 'FutureWarning');
      minVal = o.minValue;
    }
    if (o.maxValue !== null && o.maxValue !== undefined) {
      process.emitWarning('keyword argument `max_value` is deprecated and renamed to `max_val`', 'FutureWarning');
      maxVal = o.maxValue;
    }
    this.minVal = checkNumber(where, 'minVal', minVal);
    this.maxVal = checkNumber(where, 'maxVal', maxVal);
    this.inplace = checkBool(where, 'inplace', o.inplace);
    if (!(this.maxVal > this.minVal)) {
      throw new RangeError(`${where}: maxVal must be greater than minVal (got minVal=${this.minVal}, maxVal=${this.maxVal})`);
    }
  }
  forward(input: Tensor): Tensor { return F.hardtanh(input, this.minVal, this.maxVal, this.inplace); }
  override extraRepr(): string { return `min_val=${pyFloat(this.minVal)}, max_val=${pyFloat(this.maxVal)}${inplaceSuffix(this.inplace)}`; }
}

/**
 * min(max(0, x), 6): a Hardtanh from 0 to 6, as PyTorch's.
 * @example new nn.ReLU6(); new nn.ReLU6({ inplace: true })
 */
export class ReLU6 extends Hardtanh {
  constructor(...args: KwArgs<[inplace: boolean], [], InplaceOptions>) {
    const inplace = inplaceOption('ReLU6()', args);
    super(0.0, 6.0, inplace);
  }
  override extraRepr(): string { return this.inplace ? 'inplace=True' : ''; }
}

/** 1 / (1 + exp(-x)). @example new nn.Sigmoid() */
export class Sigmoid extends Module {
  forward(input: Tensor): Tensor { return F.sigmoid(input); }
}

/**
 * 0 for x <= -3, 1 for x >= 3, x / 6 + 1 / 2 between.
 * @example new nn.Hardsigmoid(); new nn.Hardsigmoid({ inplace: true })
 */
export class Hardsigmoid extends Module {
  inplace: boolean;
  constructor(...args: KwArgs<[inplace: boolean], [], InplaceOptions>) {
    super();
    this.inplace = inplaceOption('Hardsigmoid()', args);
  }
  forward(input: Tensor): Tensor { return F.hardsigmoid(input, this.inplace); }
}

/** tanh(x). @example new nn.Tanh() */
export class Tanh extends Module {
  forward(input: Tensor): Tensor { return F.tanh(input); }
}

/** x * sigmoid(x). @example new nn.SiLU(); new nn.SiLU({ inplace: true }) */
export class SiLU extends Module {
  inplace: boolean;
  constructor(...args: KwArgs<[inplace: boolean], [], InplaceOptions>) {
    super();
    this.inplace = inplaceOption('SiLU()', args);
  }
  forward(input: Tensor): Tensor { return F.silu(input, this.inplace); }
  override extraRepr(): string { return this.inplace ? 'inplace=True' : ''; }
}

/** x * tanh(softplus(x)). @example new nn.Mish(); new nn.Mish({ inplace: true }) */
export class Mish extends Module {
  inplace: boolean;
  constructor(...args: KwArgs<[inplace: boolean], [], InplaceOptions>) {
    super();
    this.inplace = inplaceOption('Mish()', args);
  }
  forward(input: Tensor): Tensor { return F.mish(input, this.inplace); }
  override extraRepr(): string { return this.inplace ? 'inplace=True' : ''; }
}

/** x * relu6(x + 3) / 6. @example new nn.Hardswish(); new nn.Hardswish({ inplace: true }) */
export class Hardswish extends Module {
  inplace: boolean;
  constructor(...args: KwArgs<[inplace: boolean], [], InplaceOptions>) {
    super();
    this.inplace = inplaceOption('Hardswish()', args);
  }
  forward(input: Tensor): Tensor { return F.hardswish(input, this.inplace); }
}

/** Options of ELU and CELU. */
export interface ELUOptions extends InplaceOptions {
  /** Default 1. */
  alpha?: number;
}

/**
 * x if x > 0 else alpha * (exp(x) - 1).
 * @example new nn.ELU(0.5); new nn.ELU({ alpha: 0.5 })
 */
export class ELU extends Module {
  alpha: number;
  inplace: boolean;
  constructor(...args: KwArgs<[alpha: number, inplace: boolean], [], ELUOptions>) {
    super();
    const where = 'ELU()';
    const o = parseArgs<Required<ELUOptions>>(where, args, ['alpha', 'inplace'], { alpha: 1.0, inplace: false });
    this.alpha = checkNumber(where, 'alpha', o.alpha);
    this.inplace = checkBool(where, 'inplace', o.inplace);
  }
  forward(input: Tensor): Tensor { return F.elu(input, this.alpha, this.inplace); }
  override extraRepr(): string { return `alpha=${pyFloat(this.alpha)}${inplaceSuffix(this.inplace)}`; }
}

/** Options of CELU. */
export type CELUOptions = ELUOptions;

/**
 * max(0, x) + min(0, alpha * (exp(x / alpha) - 1)).
 * @example new nn.CELU(); new nn.CELU({ alpha: 0.5 })
 */
export class CELU extends Module {
  alpha: number;
  inplace: boolean;
  constructor(...args: KwArgs<[alpha: number, inplace: boolean], [], CELUOptions>) {
    super();
    const where = 'CELU()';
    const o = parseArgs<Required<CELUOptions>>(where, args, ['alpha', 'inplace'], { alpha: 1.0, inplace: false });
    this.alpha = checkNumber(where, 'alpha', o.alpha);
    this.inplace = checkBool(where, 'inplace', o.inplace);
  }
  forward(input: Tensor): Tensor { return F.celu(input, this.alpha, this.inplace); }
  override extraRepr(): string { return `alpha=${pyFloat(this.alpha)}${inplaceSuffix(this.inplace)}`; }
}

/** Scaled ELU. @example new nn.SELU(); new nn.SELU({ inplace: true }) */
export class SELU extends Module {
  inplace: boolean;
  constructor(...args: KwArgs<[inplace: boolean], [], InplaceOptions>) {
    super();
    this.inplace = inplaceOption('SELU()', args);
  }
  forward(input: Tensor): Tensor { return F.selu(input, this.inplace); }
  override extraRepr(): string { return this.inplace ? 'inplace=True' : ''; }
}

/** Options of GLU. */
export interface GLUOptions {
  /** The dimension split in half (default -1). */
  dim?: number;
}

/**
 * Gated linear unit: a * sigmoid(b), a and b the halves of the input along `dim`.
 * @example new nn.GLU()(torch.randn(4, 6)).shape // [4, 3]; new nn.GLU({ dim: 0 })
 */
export class GLU extends Module {
  dim: number;
  constructor(...args: KwArgs<[dim: number], [], GLUOptions>) {
    super();
    const where = 'GLU()';
    const o = parseArgs<Required<GLUOptions>>(where, args, ['dim'], { dim: -1 });
    this.dim = checkInt(where, 'dim', o.dim);
  }
  forward(input: Tensor): Tensor { return F.glu(input, this.dim); }
  override extraRepr(): string { return `dim=${this.dim}`; }
}

/** Options of GELU. */
export interface GELUOptions { approximate?: 'none' | 'tanh' }

/** Gaussian error linear unit. @example new nn.GELU(); new nn.GELU({ approximate: 'tanh' }) */
export class GELU extends Module {
  approximate: 'none' | 'tanh';
  constructor(...args: KwArgs<[approximate: 'none' | 'tanh'], [], GELUOptions>) {
    super();
    const where = 'GELU()';
    const o = parseArgs<Required<GELUOptions>>(where, args, ['approximate'], { approximate: 'none' });
    this.approximate = checkChoice(where, 'approximate', o.approximate, ['none', 'tanh']);
  }
  forward(input: Tensor): Tensor { return F.gelu(input, this.approximate); }
  override extraRepr(): string { return `approximate=${pyRepr(this.approximate)}`; }
}

/** Options of Hardshrink and Softshrink. */
export interface ShrinkOptions {
  /** The half-width of the zeroed band (default 0.5). */
  lambd?: number;
}

/**
 * x where |x| > lambd, else 0.
 * @example new nn.Hardshrink(); new nn.Hardshrink({ lambd: 1 })
 */
export class Hardshrink extends Module {
  lambd: number;
  constructor(...args: KwArgs<[lambd: number], [], ShrinkOptions>) {
    super();
    const where = 'Hardshrink()';
    const o = parseArgs<Required<ShrinkOptions>>(where, args, ['lambd'], { lambd: 0.5 });
    this.lambd = checkNumber(where, 'lambd', o.lambd);
  }
  forward(input: Tensor): Tensor { return F.hardshrink(input, this.lambd); }
  override extraRepr(): string { return pyFloat(this.lambd); }
}

/** Options of LeakyReLU. */
export interface LeakyReLUOptions extends InplaceOptions {
  /** Slope of the negative part (default 0.01). */
  negativeSlope?: number;
}

/**
 * max(0, x) + negativeSlope * min(0, x).
 * @example new nn.LeakyReLU(0.2); new nn.LeakyReLU({ negativeSlope: 0.2 })
 */
export class LeakyReLU extends Module {
  negativeSlope: number;
  inplace: boolean;
  constructor(...args: KwArgs<[negativeSlope: number, inplace: boolean], [], LeakyReLUOptions>) {
    super();
    const where = 'LeakyReLU()';
    const o = parseArgs<Required<LeakyReLUOptions>>(where, args, ['negativeSlope', 'inplace'], { negativeSlope: 1e-2, inplace: false });
    this.negativeSlope = checkNumber(where, 'negativeSlope', o.negativeSlope);
    this.inplace = checkBool(where, 'inplace', o.inplace);
  }
  forward(input: Tensor): Tensor { return F.leakyRelu(input, this.negativeSlope, this.inplace); }
  override extraRepr(): string { return `negative_slope=${pyFloat(this.negativeSlope)}${inplaceSuffix(this.inplace)}`; }
}

/** log(sigmoid(x)). @example new nn.LogSigmoid() */
export class LogSigmoid extends Module {
  forward(input: Tensor): Tensor { return F.logsigmoid(input); }
}

/** Options of Softplus. */
export interface SoftplusOptions {
  /** Default 1. */
  beta?: number;
  /** Above beta * x > threshold the function is linear (default 20). */
  threshold?: number;
}

/** log(1 + exp(beta x)) / beta. @example new nn.Softplus(2); new nn.Softplus({ beta: 2 }) */
export class Softplus extends Module {
  beta: number;
  threshold: number;
  constructor(...args: KwArgs<[beta: number, threshold: number], [], SoftplusOptions>) {
    super();
    const where = 'Softplus()';
    const o = parseArgs<Required<SoftplusOptions>>(where, args, ['beta', 'threshold'], { beta: 1.0, threshold: 20.0 });
    this.beta = checkNumber(where, 'beta', o.beta);
    this.threshold = checkNumber(where, 'threshold', o.threshold);
  }
  forward(input: Tensor): Tensor { return F.softplus(input, this.beta, this.threshold); }
  override extraRepr(): string { return `beta=${pyFloat(this.beta)}, threshold=${pyFloat(this.threshold)}`; }
}

/**
 * x - lambd where x > lambd, x + lambd where x < -lambd, else 0.
 * @example new nn.Softshrink(); new nn.Softshrink({ lambd: 0.3 })
 */
export class Softshrink extends Module {
  lambd: number;
  constructor(...args: KwArgs<[lambd: number], [], ShrinkOptions>) {
    super();
    const where = 'Softshrink()';
    const o = parseArgs<Required<ShrinkOptions>>(where, args, ['lambd'], { lambd: 0.5 });
    this.lambd = checkNumber(where, 'lambd', o.lambd);
  }
  forward(input: Tensor): Tensor { return F.softshrink(input, this.lambd); }
  override extraRepr(): string { return pyFloat(this.lambd); }
}

/** Options of PReLU. */
export interface PReLUOptions extends FactoryOptions {
  /** 1 (shared) or the number of channels. */
  numParameters?: number;
  /** Initial slope (default 0.25). */
  init?: number;
}

/**
 * max(0, x) + a * min(0, x) with a learnt slope a.
 * @example new nn.PReLU(); new nn.PReLU(3); new nn.PReLU({ numParameters: 3, init: 0.1 })
 */
export class PReLU extends Module {
  numParameters: number;
  init: number;
  weight: Parameter;
  constructor(...args: KwArgs<[numParameters: number, init: number], [], PReLUOptions>) {
    super();
    const where = 'PReLU()';
    const o = parseArgs<PReLUOptions>(where, args, ['numParameters', 'init', 'device', 'dtype'], { numParameters: 1, init: 0.25 });
    this.numParameters = checkInt(where, 'numParameters', o.numParameters, 1);
    this.init = checkNumber(where, 'init', o.init);
    this.weight = new Parameter(empty(this.numParameters, factoryKwargs(o)));
    this.resetParameters();
  }
  /** Sets every slope to `init`. @example prelu.resetParameters() */
  resetParameters(): void { init.constant_(this.weight, this.init); }
  forward(input: Tensor): Tensor { return F.prelu(input, this.weight); }
  override extraRepr(): string { return `num_parameters=${this.numParameters}`; }
}

/** x / (1 + |x|). @example new nn.Softsign() */
export class Softsign extends Module {
  forward(input: Tensor): Tensor { return F.softsign(input); }
}

/** x - tanh(x). @example new nn.Tanhshrink() */
export class Tanhshrink extends Module {
  forward(input: Tensor): Tensor { return F.tanhshrink(input); }
}

/** Options of Softmin, Softmax and LogSoftmax. */
export interface SoftmaxDimOptions {
  /** The dimension to normalise over (PyTorch's implicit choice when null). */
  dim?: number | null;
}

function dimOption(where: string, args: readonly unknown[]): number | null {
  const o = parseArgs<SoftmaxDimOptions>(where, args, ['dim'], { dim: null });
  return o.dim === null || o.dim === undefined ? null : checkInt(where, 'dim', o.dim);
}

/** softmax(-x) along `dim`. @example new nn.Softmin(1); new nn.Softmin({ dim: 1 }) */
export class Softmin extends Module {
  dim: number | null;
  constructor(...args: KwArgs<[dim: number | null], [], SoftmaxDimOptions>) {
    super();
    this.dim = dimOption('Softmin()', args);
  }
  forward(input: Tensor): Tensor { return F.softmin(input, this.dim); }
  override extraRepr(): string { return `dim=${pyRepr(this.dim)}`; }
}

/** Softmax along `dim`. @example new nn.Softmax(1); new nn.Softmax({ dim: 1 }) */
export class Softmax extends Module {
  dim: number | null;
  constructor(...args: KwArgs<[dim: number | null], [], SoftmaxDimOptions>) {
    super();
    this.dim = dimOption('Softmax()', args);
  }
  forward(input: Tensor): Tensor { return F.softmax(input, this.dim); }
  override extraRepr(): string { return `dim=${pyRepr(this.dim)}`; }
}

/**
 * Softmax over the channels of each spatial location of a (N, C, H, W) or (C, H, W) input.
 * @example new nn.Softmax2d()(torch.randn(2, 3, 12, 13))
 */
export class Softmax2d extends Module {
  forward(input: Tensor): Tensor {
    const nd = checkTensor('Softmax2d', 'input', input).dim();
    if (nd !== 3 && nd !== 4) throw new RangeError(`Softmax2d: expected input to be 3D or 4D, got ${nd}D instead`);
    return F.softmax(input, -3);
  }
}

/** Log-softmax along `dim`. @example new nn.LogSoftmax(1); new nn.LogSoftmax({ dim: 1 }) */
export class LogSoftmax extends Module {
  dim: number | null;
  constructor(...args: KwArgs<[dim: number | null], [], SoftmaxDimOptions>) {
    super();
    this.dim = dimOption('LogSoftmax()', args);
  }
  forward(input: Tensor): Tensor { return F.logSoftmax(input, this.dim); }
  override extraRepr(): string { return `dim=${pyRepr(this.dim)}`; }
}
