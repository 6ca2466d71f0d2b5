// Activation modules, as torch/nn/modules/activation.py.
import type { Tensor } from '../../tensor.js';
import { empty } from '../../generated/functions.js';
import { Module } from './module.js';
import { Parameter } from '../parameter.js';
import * as init from '../init.js';
import * as F from '../functional.js';
import { factoryKwargs, type FactoryOptions } from './linear.js';
import { parseArgs, checkBool, checkNumber, checkInt, checkChoice, type Args } from '../../validate.js';
import { pyFloat, pyRepr } from '../_utils.js';

/** `{ inplace }` of the activations that can modify their input. */
export interface InplaceOptions {
  /** Modify the input in place (default false). */
  inplace?: boolean;
}

function inplaceOption(where: string, args: unknown[]): boolean {
  const o = parseArgs<Required<InplaceOptions>>(where, args, ['inplace'], { inplace: false });
  return checkBool(where, 'inplace', o.inplace);
}

/**
 * max(0, x).
 * @example new nn.ReLU(); new nn.ReLU({ inplace: true }); new nn.ReLU(true)
 */
export class ReLU extends Module {
  inplace: boolean;
  constructor(...args: Args<[inplace: boolean], InplaceOptions>) {
    super();
    this.inplace = inplaceOption('ReLU()', args);
  }
  forward(input: Tensor): Tensor { return F.relu(input, this.inplace); }
  override extraRepr(): string { return this.inplace ? 'inplace=True' : ''; }
}

/** Options of LeakyReLU. */
export interface LeakyReLUOptions extends InplaceOptions { negativeSlope?: number }

/**
 * max(0, x) + negativeSlope * min(0, x).
 * @example new nn.LeakyReLU(0.2)
 */
export class LeakyReLU extends Module {
  negativeSlope: number;
  inplace: boolean;
  constructor(...args: Args<[negativeSlope: number, inplace: boolean], LeakyReLUOptions>) {
    super();
    const where = 'LeakyReLU()';
    const o = parseArgs<Required<LeakyReLUOptions>>(where, args, ['negativeSlope', 'inplace'], { negativeSlope: 1e-2, inplace: false });
    this.negativeSlope = checkNumber(where, 'negativeSlope', o.negativeSlope);
    this.inplace = checkBool(where, 'inplace', o.inplace);
  }
  forward(input: Tensor): Tensor { return F.leakyRelu(input, this.negativeSlope, this.inplace); }
  override extraRepr(): string { return `negative_slope=${pyFloat(this.negativeSlope)}${this.inplace ? ', inplace=True' : ''}`; }
}

/** Options of ELU. */
export interface ELUOptions extends InplaceOptions { alpha?: number }

/**
 * x if x > 0 else alpha * (exp(x) - 1).
 * @example new nn.ELU({ alpha: 0.5 })
 */
export class ELU extends Module {
  alpha: number;
  inplace: boolean;
  constructor(...args: Args<[alpha: number, inplace: boolean], ELUOptions>) {
    super();
    const where = 'ELU()';
    const o = parseArgs<Required<ELUOptions>>(where, args, ['alpha', 'inplace'], { alpha: 1.0, inplace: false });
    this.alpha = checkNumber(where, 'alpha', o.alpha);
    this.inplace = checkBool(where, 'inplace', o.inplace);
  }
  forward(input: Tensor): Tensor { return F.elu(input, this.alpha, this.inplace); }
  override extraRepr(): string { return `alpha=${pyFloat(this.alpha)}${this.inplace ? ', inplace=True' : ''}`; }
}

/** Scaled ELU. @example new nn.SELU() */
export class SELU extends Module {
  inplace: boolean;
  constructor(...args: Args<[inplace: boolean], InplaceOptions>) {
    super();
    this.inplace = inplaceOption('SELU()', args);
  }
  forward(input: Tensor): Tensor { return F.selu(input, this.inplace); }
  override extraRepr(): string { return this.inplace ? 'inplace=True' : ''; }
}

/** Options of GELU. */
export interface GELUOptions { approximate?: 'none' | 'tanh' }

/** Gaussian error linear unit. @example new nn.GELU({ approximate: 'tanh' }) */
export class GELU extends Module {
  approximate: 'none' | 'tanh';
  constructor(...args: Args<[approximate: 'none' | 'tanh'], GELUOptions>) {
    super();
    const where = 'GELU()';
    const o = parseArgs<Required<GELUOptions>>(where, args, ['approximate'], { approximate: 'none' });
    this.approximate = checkChoice(where, 'approximate', o.approximate, ['none', 'tanh']);
  }
  forward(input: Tensor): Tensor { return F.gelu(input, this.approximate); }
  override extraRepr(): string { return `approximate=${pyRepr(this.approximate)}`; }
}

/** x * sigmoid(x). @example new nn.SiLU() */
export class SiLU extends Module {
  inplace: boolean;
  constructor(...args: Args<[inplace: boolean], InplaceOptions>) {
    super();
    this.inplace = inplaceOption('SiLU()', args);
  }
  forward(input: Tensor): Tensor { return F.silu(input, this.inplace); }
  override extraRepr(): string { return this.inplace ? 'inplace=True' : ''; }
}

/** x * tanh(softplus(x)). @example new nn.Mish() */
export class Mish extends Module {
  inplace: boolean;
  constructor(...args: Args<[inplace: boolean], InplaceOptions>) {
    super();
    this.inplace = inplaceOption('Mish()', args);
  }
  forward(input: Tensor): Tensor { return F.mish(input, this.inplace); }
  override extraRepr(): string { return this.inplace ? 'inplace=True' : ''; }
}

/** 1 / (1 + exp(-x)). @example new nn.Sigmoid() */
export class Sigmoid extends Module {
  forward(input: Tensor): Tensor { return F.sigmoid(input); }
}

/** tanh(x). @example new nn.Tanh() */
export class Tanh extends Module {
  forward(input: Tensor): Tensor { return F.tanh(input); }
}

/** Options of Softplus. */
export interface SoftplusOptions { beta?: number; threshold?: number }

/** log(1 + exp(beta x)) / beta. @example new nn.Softplus({ beta: 2 }) */
export class Softplus extends Module {
  beta: number;
  threshold: number;
  constructor(...args: Args<[beta: number, threshold: number], SoftplusOptions>) {
    super();
    const where = 'Softplus()';
    const o = parseArgs<Required<SoftplusOptions>>(where, args, ['beta', 'threshold'], { beta: 1.0, threshold: 20.0 });
    this.beta = checkNumber(where, 'beta', o.beta);
    this.threshold = checkNumber(where, 'threshold', o.threshold);
  }
  forward(input: Tensor): Tensor { return F.softplus(input, this.beta, this.threshold); }
  override extraRepr(): string { return `beta=${pyFloat(this.beta)}, threshold=${pyFloat(this.threshold)}`; }
}

/** Options of Softmax and LogSoftmax. */
export interface SoftmaxDimOptions {
  /** The dimension to normalise over (PyTorch's implicit choice when null). */
  dim?: number | null;
}

function dimOption(where: string, args: unknown[]): number | null {
  const o = parseArgs<SoftmaxDimOptions>(where, args, ['dim'], { dim: null });
  return o.dim === null || o.dim === undefined ? null : checkInt(where, 'dim', o.dim);
}

/** Softmax along `dim`. @example new nn.Softmax({ dim: 1 }) */
export class Softmax extends Module {
  dim: number | null;
  constructor(...args: Args<[dim: number | null], SoftmaxDimOptions>) {
    super();
    this.dim = dimOption('Softmax()', args);
  }
  forward(input: Tensor): Tensor { return F.softmax(input, this.dim); }
  override extraRepr(): string { return `dim=${pyRepr(this.dim)}`; }
}

/** Log-softmax along `dim`. @example new nn.LogSoftmax({ dim: 1 }) */
export class LogSoftmax extends Module {
  dim: number | null;
  constructor(...args: Args<[dim: number | null], SoftmaxDimOptions>) {
    super();
    this.dim = dimOption('LogSoftmax()', args);
  }
  forward(input: Tensor): Tensor { return F.logSoftmax(input, this.dim); }
  override extraRepr(): string { return `dim=${pyRepr(this.dim)}`; }
}

/** Options of Hardtanh. */
export interface HardtanhOptions extends InplaceOptions { minVal?: number; maxVal?: number }

/** clamp(x, minVal, maxVal). @example new nn.Hardtanh(-2, 2) */
export class Hardtanh extends Module {
  minVal: number;
  maxVal: number;
  inplace: boolean;
  constructor(...args: Args<[minVal: number, maxVal: number, inplace: boolean], HardtanhOptions>) {
    super();
    const where = 'Hardtanh()';
    const o = parseArgs<Required<HardtanhOptions>>(where, args, ['minVal', 'maxVal', 'inplace'], { minVal: -1.0, maxVal: 1.0, inplace: false });
    this.minVal = checkNumber(where, 'minVal', o.minVal);
    this.maxVal = checkNumber(where, 'maxVal', o.maxVal);
    if (!(this.maxVal > this.minVal)) throw new RangeError(`${where}: maxVal must be greater than minVal (got minVal=${this.minVal}, maxVal=${this.maxVal})`);
    this.inplace = checkBool(where, 'inplace', o.inplace);
  }
  forward(input: Tensor): Tensor { return F.hardtanh(input, this.minVal, this.maxVal, this.inplace); }
  override extraRepr(): string { return `min_val=${pyFloat(this.minVal)}, max_val=${pyFloat(this.maxVal)}${this.inplace ? ', inplace=True' : ''}`; }
}

/** Options of PReLU. */
export interface PReLUOptions extends FactoryOptions {
  /** 1 (shared) or the number of channels. */
  numParameters?: number;
  /** Initial slope (default 0.25). */
  init?: number;
}

/** max(0, x) + a * min(0, x) with a learnt slope a. @example new nn.PReLU({ numParameters: 3 }) */
export class PReLU extends Module {
  numParameters: number;
  init: number;
  weight: Parameter;
  constructor(...args: Args<[numParameters: number, init: number], PReLUOptions>) {
    super();
    const where = 'PReLU()';
    const o = parseArgs<Required<Omit<PReLUOptions, 'device' | 'dtype'>> & FactoryOptions>(where, args, ['numParameters', 'init', 'device', 'dtype'], { numParameters: 1, init: 0.25 });
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

/** min(max(0, x), 6). @example new nn.ReLU6() */
export class ReLU6 extends Module {
  inplace: boolean;
  constructor(...args: Args<[inplace: boolean], InplaceOptions>) {
    super();
    this.inplace = inplaceOption('ReLU6()', args);
  }
  forward(input: Tensor): Tensor { return F.relu6(input, this.inplace); }
  override extraRepr(): string { return this.inplace ? 'inplace=True' : ''; }
}

/** log(sigmoid(x)). @example new nn.LogSigmoid() */
export class LogSigmoid extends Module {
  forward(input: Tensor): Tensor { return F.logsigmoid(input); }
}

/** x * relu6(x + 3) / 6. @example new nn.Hardswish() */
export class Hardswish extends Module {
  inplace: boolean;
  constructor(...args: Args<[inplace: boolean], InplaceOptions>) {
    super();
    this.inplace = inplaceOption('Hardswish()', args);
  }
  forward(input: Tensor): Tensor { return F.hardswish(input, this.inplace); }
}

/** softmax(-x) along `dim`. @example new nn.Softmin({ dim: 1 }) */
export class Softmin extends Module {
  dim: number | null;
  constructor(...args: Args<[dim: number | null], SoftmaxDimOptions>) {
    super();
    this.dim = dimOption('Softmin()', args);
  }
  forward(input: Tensor): Tensor { return F.softmin(input, this.dim); }
  override extraRepr(): string { return `dim=${pyRepr(this.dim)}`; }
}
