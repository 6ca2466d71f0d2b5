// nn.init: parameter initialisation, a port of torch/nn/init.py with the same formulas and the
// same random calls (so the same seed gives the same weights as PyTorch).
import { Tensor } from '../tensor.js';
import { Generator } from '../generator.js';
import { noGrad } from '../autograd/grad_mode.js';
import { type DType } from '../dtype.js';
import { describeValue, checkNumber, checkTensor } from '../validate.js';
import * as ops from '../generated/functions.js';

/** The nonlinearities calculateGain knows. */
export type Nonlinearity =
  | 'linear' | 'conv1d' | 'conv2d' | 'conv3d' | 'conv_transpose1d' | 'conv_transpose2d' | 'conv_transpose3d'
  | 'sigmoid' | 'tanh' | 'relu' | 'leaky_relu' | 'selu';

/** An optional generator for the random initialisers. */
export interface InitGeneratorOptions { generator?: Generator }

function genKw(where: string, generator: unknown): { generator?: Generator } {
  if (generator === undefined || generator === null) return {};
  if (!(generator instanceof Generator)) throw new TypeError(`${where}: generator must be a torch.Generator (got ${describeValue(generator)})`);
  return { generator };
}

/**
 * The recommended gain for a nonlinearity (PyTorch's table: 1 for linear/conv/sigmoid, 5/3 for
 * tanh, sqrt(2) for relu, sqrt(2 / (1 + slope^2)) for leaky_relu, 3/4 for selu).
 * @example nn.init.calculateGain('leaky_relu', 0.2) // 1.3867504905630728
 */
export function calculateGain(nonlinearity: Nonlinearity, param?: number | null): number {
  const linearFns = ['linear', 'conv1d', 'conv2d', 'conv3d', 'conv_transpose1d', 'conv_transpose2d', 'conv_transpose3d'];
  if (linearFns.includes(nonlinearity) || nonlinearity === 'sigmoid') return 1;
  if (nonlinearity === 'tanh') return 5.0 / 3;
  if (nonlinearity === 'relu') return Math.sqrt(2.0);
  if (nonlinearity === 'leaky_relu') {
    let slope: number;
    if (param === undefined || param === null) slope = 0.01;
    else if (typeof param === 'number') slope = param;
    else throw new TypeError(`calculateGain(): negative_slope ${String(param)} not a valid number`);
    return Math.sqrt(2.0 / (1 + slope ** 2));
  }
  if (nonlinearity === 'selu') return 3.0 / 4;
  throw new RangeError(`calculateGain(): Unsupported nonlinearity ${String(nonlinearity)}`);
}

/**
 * PyTorch's `_calculate_fan_in_and_fan_out`: [fanIn, fanOut] of a weight of at least 2 dims.
 * @example nn.init.calculateFanInAndFanOut(torch.empty(256, 784)) // [784, 256]
 */
export function calculateFanInAndFanOut(tensor: Tensor): [number, number] {
  checkTensor('calculateFanInAndFanOut()', 'tensor', tensor);
  const shape = tensor.shape;
  if (shape.length < 2) throw new RangeError('Fan in and fan out can not be computed for tensor with fewer than 2 dimensions');
  let receptive = 1;
  for (let i = 2; i < shape.length; i++) receptive *= shape[i]!;
  return [shape[1]! * receptive, shape[0]! * receptive];
}

function correctFan(tensor: Tensor, mode: string): number {
  const m = typeof mode === 'string' ? mode.toLowerCase() : mode;
  if (m !== 'fan_in' && m !== 'fan_out') {
    throw new RangeError(`mode: Mode ${String(mode)} not supported, please use one of fan_in, fan_out`);
  }
  const [fanIn, fanOut] = calculateFanInAndFanOut(tensor);
  return m === 'fan_in' ? fanIn : fanOut;
}

/**
 * Fills the tensor from U(a, b), in place, without recording gradients.
 * @example nn.init.uniform_(w, -0.1, 0.1)
 */
export function uniform_(tensor: Tensor, a: number = 0.0, b: number = 1.0, options: InitGeneratorOptions = {}): Tensor {
  checkTensor('uniform_()', 'tensor', tensor);
  checkNumber('uniform_()', 'a', a);
  checkNumber('uniform_()', 'b', b);
  const kw = genKw('uniform_()', options.generator);
  return noGrad(() => tensor.uniform_(a, b, kw));
}

/**
 * Fills the tensor from N(mean, std^2), in place, without recording gradients.
 * @example nn.init.normal_(w, 0, 0.02)
 */
export function normal_(tensor: Tensor, mean: number = 0.0, std: number = 1.0, options: InitGeneratorOptions = {}): Tensor {
  checkTensor('normal_()', 'tensor', tensor);
  checkNumber('normal_()', 'mean', mean);
  checkNumber('normal_()', 'std', std);
  const kw = genKw('normal_()', options.generator);
  return noGrad(() => tensor.normal_(mean, std, kw));
}

/**
 * Fills the tensor from a normal distribution truncated to [a, b] (PyTorch's inverse-CDF method).
 * @example nn.init.truncNormal_(w, 0, 0.02, -0.04, 0.04)
 */
export function truncNormal_(tensor: Tensor, mean = 0.0, std = 1.0, a = -2.0, b = 2.0, options: InitGeneratorOptions = {}): Tensor {
  checkTensor('truncNormal_()', 'tensor', tensor);
  for (const [n, v] of [['mean', mean], ['std', std], ['a', a], ['b', b]] as const) checkNumber('truncNormal_()', n, v);
  const kw = genKw('truncNormal_()', options.generator);
  const normCdf = (x: number) => (1.0 + erf(x / Math.sqrt(2.0))) / 2.0;
  return noGrad(() => {
    const p = normCdf((b - mean) / std) - normCdf((a - mean) / std);
    if (p > 0.3) {
      // Rejection from N(mean, std) with the bounds cast to the tensor's dtype (PyTorch 2.13).
      const lo = torch_tensor(a, tensor.dtype);
      const hi = torch_tensor(b, tensor.dtype);
      let result = tensor.normal_(mean, std, kw);
      for (;;) {
        const mask = result.lt(lo).logicalOr(result.gt(hi));
        if (!mask.any().item()) break;
        result = ops.where(mask, ops.emptyLike(result).normal_(mean, std, kw), result);
      }
      if (result !== tensor) tensor.copy_(result);
    } else {
      const mode = Math.max(a, Math.min(mean, b));
      const logPeak = -0.5 * ((mode - mean) / std) ** 2;
      const candidates = ops.emptyLike(tensor);
      const acceptBuf = ops.emptyLike(tensor);
      tensor.uniform_(a, b, kw);
      candidates.copy_(tensor);
      candidates.sub_(mean).div_(std).pow_(2).mul_(-0.5).sub_(logPeak);
      let pending = acceptBuf.uniform_(kw).log_().gt(candidates);
      if (pending.any().item()) {
        let result = tensor;
        for (;;) {
          candidates.uniform_(a, b, kw);
          result = ops.where(pending, candidates, result);
          candidates.sub_(mean).div_(std).pow_(2).mul_(-0.5).sub_(logPeak);
          pending = ops.where(pending, acceptBuf.uniform_(kw).log_().gt(candidates), pending);
          if (!pending.any().item()) break;
        }
        tensor.copy_(result);
      }
    }
    return tensor;
  });
}

/** The value as a tensor's dtype would hold it (PyTorch's `tensor.new_tensor(a).item()`). */
function torch_tensor(v: number, dtype: DType): number {
  const t = ops.scalarTensor(v, { dtype });
  const r = t.item();
  t.dispose();
  return r;
}

// math.erf (Abramowitz-Stegun is not exact enough; use a series/continued fraction in double).
function erf(x: number): number {
  const sign = x < 0 ? -1 : 1;
  const ax = Math.abs(x);
  if (ax < 2.5) {
    // Taylor series: erf(x) = 2/sqrt(pi) * sum (-1)^n x^(2n+1) / (n! (2n+1))
    let term = ax;
    let sum = ax;
    for (let n = 1; n < 100; n++) {
      term *= -ax * ax / n;
      const add = term / (2 * n + 1);
      sum += add;
      if (Math.abs(add) < 1e-17 * Math.abs(sum)) break;
    }
    return sign * (2 / Math.sqrt(Math.PI)) * sum;
  }
  // Continued fraction for erfc.
  let f = 0;
  for (let n = 60; n >= 1; n--) f = (n / 2) / (ax + f);
  const erfc = Math.exp(-ax * ax) / Math.sqrt(Math.PI) / (ax + f);
  return sign * (1 - erfc);
}

/**
 * Fills the tensor with a constant, in place.
 * @example nn.init.constant_(bias, 0.1)
 */
export function constant_(tensor: Tensor, val: number): Tensor {
  checkTensor('constant_()', 'tensor', tensor);
  checkNumber('constant_()', 'val', val);
  return noGrad(() => tensor.fill_(val));
}

/** Fills the tensor with ones, in place. @example nn.init.ones_(bn.weight!) */
export function ones_(tensor: Tensor): Tensor {
  checkTensor('ones_()', 'tensor', tensor);
  return noGrad(() => tensor.fill_(1.0));
}

/** Fills the tensor with zeros, in place. @example nn.init.zeros_(linear.bias!) */
export function zeros_(tensor: Tensor): Tensor {
  checkTensor('zeros_()', 'tensor', tensor);
  return noGrad(() => tensor.zero_());
}

/** Fills a 2-D tensor with the identity matrix, in place. @example nn.init.eye_(w) */
export function eye_(tensor: Tensor): Tensor {
  checkTensor('eye_()', 'tensor', tensor);
  const shape = tensor.shape;
  if (shape.length !== 2) throw new RangeError('Only tensors with 2 dimensions are supported');
  return noGrad(() => { tensor.zero_(); tensor.fillDiagonal_(1); return tensor; });
}

/**
 * Xavier/Glorot uniform: U(-a, a) with a = gain * sqrt(6 / (fanIn + fanOut)).
 * @example nn.init.xavierUniform_(w, nn.init.calculateGain('relu'))
 */
export function xavierUniform_(tensor: Tensor, gain: number = 1.0, options: InitGeneratorOptions = {}): Tensor {
  checkTensor('xavierUniform_()', 'tensor', tensor);
  checkNumber('xavierUniform_()', 'gain', gain);
  const [fanIn, fanOut] = calculateFanInAndFanOut(tensor);
  const std = gain * Math.sqrt(2.0 / (fanIn + fanOut));
  const a = Math.sqrt(3.0) * std;
  const kw = genKw('xavierUniform_()', options.generator);
  return noGrad(() => tensor.uniform_(-a, a, kw));
}

/**
 * Xavier/Glorot normal: N(0, std^2) with std = gain * sqrt(2 / (fanIn + fanOut)).
 * @example nn.init.xavierNormal_(w)
 */
export function xavierNormal_(tensor: Tensor, gain: number = 1.0, options: InitGeneratorOptions = {}): Tensor {
  checkTensor('xavierNormal_()', 'tensor', tensor);
  checkNumber('xavierNormal_()', 'gain', gain);
  const [fanIn, fanOut] = calculateFanInAndFanOut(tensor);
  const std = gain * Math.sqrt(2.0 / (fanIn + fanOut));
  const kw = genKw('xavierNormal_()', options.generator);
  return noGrad(() => tensor.normal_(0.0, std, kw));
}

/** Options of the Kaiming initialisers (PyTorch's keyword arguments). */
export interface KaimingOptions extends InitGeneratorOptions {
  /** Negative slope of the rectifier after this layer (leaky_relu only), default 0. */
  a?: number;
  /** 'fan_in' (default) preserves the forward pass's variance, 'fan_out' the backward's. */
  mode?: 'fan_in' | 'fan_out';
  /** Default 'leaky_relu'. */
  nonlinearity?: Nonlinearity;
}

function kaimingArgs(where: string, aOrOptions: number | KaimingOptions | undefined, mode?: string, nonlinearity?: Nonlinearity, options?: InitGeneratorOptions): Required<Omit<KaimingOptions, 'generator'>> & InitGeneratorOptions {
  let o: KaimingOptions;
  if (aOrOptions !== null && typeof aOrOptions === 'object') o = aOrOptions;
  else o = { a: aOrOptions, mode: mode as KaimingOptions['mode'], nonlinearity, generator: options?.generator };
  for (const k of Object.keys(o)) {
    if (!['a', 'mode', 'nonlinearity', 'generator'].includes(k)) throw new TypeError(`${where}: unknown option '${k}' (expected one of a, mode, nonlinearity, generator)`);
  }
  const a = o.a ?? 0;
  checkNumber(where, 'a', a);
  return { a, mode: o.mode ?? 'fan_in', nonlinearity: o.nonlinearity ?? 'leaky_relu', generator: o.generator };
}

/**
 * Kaiming/He uniform: U(-bound, bound) with bound = gain * sqrt(3 / fan). Positional like
 * PyTorch (`a, mode, nonlinearity`) or an options object.
 * @example nn.init.kaimingUniform_(w, Math.sqrt(5)); nn.init.kaimingUniform_(w, { mode: 'fan_out', nonlinearity: 'relu' })
 */
export function kaimingUniform_(tensor: Tensor, a?: number | KaimingOptions, mode?: 'fan_in' | 'fan_out', nonlinearity?: Nonlinearity, options?: InitGeneratorOptions): Tensor {
  checkTensor('kaimingUniform_()', 'tensor', tensor);
  const o = kaimingArgs('kaimingUniform_()', a, mode, nonlinearity, options);
  if (tensor.shape.includes(0)) return tensor;
  const fan = correctFan(tensor, o.mode);
  const gain = calculateGain(o.nonlinearity, o.a);
  const std = gain / Math.sqrt(fan);
  const bound = Math.sqrt(3.0) * std;
  const kw = genKw('kaimingUniform_()', o.generator);
  return noGrad(() => tensor.uniform_(-bound, bound, kw));
}

/**
 * Kaiming/He normal: N(0, std^2) with std = gain / sqrt(fan).
 * @example nn.init.kaimingNormal_(w, { mode: 'fan_out', nonlinearity: 'relu' })
 */
export function kaimingNormal_(tensor: Tensor, a?: number | KaimingOptions, mode?: 'fan_in' | 'fan_out', nonlinearity?: Nonlinearity, options?: InitGeneratorOptions): Tensor {
  checkTensor('kaimingNormal_()', 'tensor', tensor);
  const o = kaimingArgs('kaimingNormal_()', a, mode, nonlinearity, options);
  if (tensor.shape.includes(0)) return tensor;
  const fan = correctFan(tensor, o.mode);
  const gain = calculateGain(o.nonlinearity, o.a);
  const std = gain / Math.sqrt(fan);
  const kw = genKw('kaimingNormal_()', o.generator);
  return noGrad(() => tensor.normal_(0, std, kw));
}
