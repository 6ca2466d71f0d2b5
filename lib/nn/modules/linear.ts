// Linear and Identity, as torch/nn/modules/linear.py.
import type { Tensor } from '../../tensor.js';
import type { DType, Device } from '../../dtype.js';
import { empty } from '../../generated/functions.js';
import { Module } from './module.js';
import { Parameter } from '../parameter.js';
import * as init from '../init.js';
import * as F from '../functional.js';
import { parseArgs, checkInt, checkBool, type KwArgs } from '../../validate.js';
import { pyRepr } from '../_utils.js';

/** Where and in what dtype a layer creates its parameters. */
export interface FactoryOptions {
  device?: Device;
  dtype?: DType;
}

/** @internal `{ device, dtype }` for torch.empty and friends, without undefined keys. */
export function factoryKwargs(o: FactoryOptions): { device?: Device; dtype?: DType } {
  const kw: { device?: Device; dtype?: DType } = {};
  if (o.device !== undefined) kw.device = o.device;
  if (o.dtype !== undefined) kw.dtype = o.dtype;
  return kw;
}

/**
 * A placeholder that returns its input unchanged (constructor arguments are ignored).
 * @example const head = useHead ? new nn.Linear(64, 10) : new nn.Identity();
 */
export class Identity extends Module {
  constructor(..._args: unknown[]) {
    super();
  }
  forward(input: Tensor): Tensor {
    return input;
  }
}

/** Options of Linear. */
export interface LinearOptions extends FactoryOptions {
  /** Learn an additive bias (default true). */
  bias?: boolean;
}

/** Every argument of Linear by name, as Python allows (`nn.Linear(in_features=784, out_features=10)`). */
export interface LinearKeywords extends LinearOptions {
  inFeatures?: number;
  outFeatures?: number;
}

/**
 * y = x W^T + b. `weight` is (outFeatures, inFeatures), initialised like PyTorch with
 * kaiming_uniform_(a = sqrt(5)), and `bias` from U(-1/sqrt(inFeatures), 1/sqrt(inFeatures)).
 * @example
 * const fc = new nn.Linear(784, 256);
 * const noBias = new nn.Linear(784, 256, { bias: false });
 * const byName = new nn.Linear({ inFeatures: 784, outFeatures: 256 });
 * fc(torch.randn(64, 784)).shape // [64, 256]
 */
export class Linear extends Module {
  inFeatures: number;
  outFeatures: number;
  weight: Parameter;
  bias: Parameter | null;

  constructor(...args: KwArgs<[inFeatures: number, outFeatures: number, bias: boolean], ['inFeatures', 'outFeatures'], LinearKeywords>) {
    super();
    const where = 'Linear()';
    const o = parseArgs<LinearKeywords>(where, args, ['inFeatures', 'outFeatures', 'bias', 'device', 'dtype'], { bias: true },
      ['inFeatures', 'outFeatures']);
    this.inFeatures = checkInt(where, 'inFeatures', o.inFeatures, 0);
    this.outFeatures = checkInt(where, 'outFeatures', o.outFeatures, 0);
    const kw = factoryKwargs(o);
    this.weight = new Parameter(empty([this.outFeatures, this.inFeatures], kw));
    this.bias = checkBool(where, 'bias', o.bias) ? new Parameter(empty(this.outFeatures, kw)) : null;
    this.resetParameters();
  }

  /** Re-initialises weight and bias as the constructor does. @example fc.resetParameters() */
  resetParameters(): void {
    init.kaimingUniform_(this.weight, Math.sqrt(5));
    if (this.bias !== null) {
      const [fanIn] = init.calculateFanInAndFanOut(this.weight);
      const bound = fanIn > 0 ? 1 / Math.sqrt(fanIn) : 0;
      init.uniform_(this.bias, -bound, bound);
    }
  }

  forward(input: Tensor): Tensor {
    return F.linear(input, this.weight, this.bias);
  }

  override extraRepr(): string {
    return `in_features=${this.inFeatures}, out_features=${this.outFeatures}, bias=${pyRepr(this.bias !== null)}`;
  }
}

/** Every argument of Bilinear by name. */
export interface BilinearKeywords extends LinearOptions {
  in1Features?: number;
  in2Features?: number;
  outFeatures?: number;
}

/**
 * y = x1^T A x2 + b: `weight` is (outFeatures, in1Features, in2Features) and `bias`
 * (outFeatures), both initialised like PyTorch from U(-1/sqrt(in1Features), 1/sqrt(in1Features)).
 * @example
 * const m = new nn.Bilinear(20, 30, 40);
 * m(torch.randn(128, 20), torch.randn(128, 30)).shape // [128, 40]
 * new nn.Bilinear({ in1Features: 20, in2Features: 30, outFeatures: 40, bias: false })
 */
export class Bilinear extends Module {
  in1Features: number;
  in2Features: number;
  outFeatures: number;
  weight: Parameter;
  bias: Parameter | null;

  constructor(...args: KwArgs<[in1Features: number, in2Features: number, outFeatures: number, bias: boolean, device: Device, dtype: DType],
    ['in1Features', 'in2Features', 'outFeatures'], BilinearKeywords>) {
    super();
    const where = 'Bilinear()';
    const o = parseArgs<BilinearKeywords>(where, args, ['in1Features', 'in2Features', 'outFeatures', 'bias', 'device', 'dtype'], { bias: true },
      ['in1Features', 'in2Features', 'outFeatures']);
    this.in1Features = checkInt(where, 'in1Features', o.in1Features, 0);
    this.in2Features = checkInt(where, 'in2Features', o.in2Features, 0);
    this.outFeatures = checkInt(where, 'outFeatures', o.outFeatures, 0);
    const kw = factoryKwargs(o);
    this.weight = new Parameter(empty([this.outFeatures, this.in1Features, this.in2Features], kw));
    this.bias = checkBool(where, 'bias', o.bias) ? new Parameter(empty(this.outFeatures, kw)) : null;
    this.resetParameters();
  }

  /** Re-initialises weight and bias as the constructor does. @example m.resetParameters() */
  resetParameters(): void {
    if (this.in1Features <= 0) throw new RangeError(`in1_features must be > 0, but got (in1_features=${this.in1Features})`);
    const bound = 1 / Math.sqrt(this.weight.size(1));
    init.uniform_(this.weight, -bound, bound);
    if (this.bias !== null) init.uniform_(this.bias, -bound, bound);
  }

  forward(input1: Tensor, input2: Tensor): Tensor {
    return F.bilinear(input1, input2, this.weight, this.bias);
  }

  override extraRepr(): string {
    return `in1_features=${this.in1Features}, in2_features=${this.in2Features}, out_features=${this.outFeatures}, bias=${pyRepr(this.bias !== null)}`;
  }
}
