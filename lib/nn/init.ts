// nn.init: parameter initialisation, a port of torch/nn/init.py with the same formulas and the
// same random calls (so the same seed gives the same weights as PyTorch).
import { Tensor } from '../tensor.js';
import { Generator } from '../generator.js';
import { noGrad } from '../autograd/grad_mode.js';
import { type DType } from '../dtype.js';
import { describeValue, checkNumber, checkTensor, checkInt, parseArgs, type Args } from '../validate.js';
import { linalg } from '../generated/namespaces.js';
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

/** Options of uniform_ (PyTorch's keyword arguments). */
export interface UniformOptions extends InitGeneratorOptions { a?: number; b?: number }
/** Options of normal_. */
export interface NormalOptions extends InitGeneratorOptions { mean?: number; std?: number }
/** Options of truncNormal_. */
export interface TruncNormalOptions extends InitGeneratorOptions { mean?: number; std?: number; a?: number; b?: number }
/** Options of xavierUniform_, xavierNormal_ and orthogonal_. */
export interface GainOptions extends InitGeneratorOptions { gain?: number }
/** Options of sparse_. */
export interface SparseOptions extends InitGeneratorOptions { sparsity?: number; std?: number }

/** The generator an initialiser draws from (the default generator when null or absent). */
export type InitGenerator = Generator | null | undefined;

/**
 * Fills the tensor from U(a, b), in place, without recording gradients. Arguments positionally
 * (`a, b, generator`) or by keyword.
 * @example nn.init.uniform_(w, -0.1, 0.1); nn.init.uniform_(w, { b: 2, generator: g })
 */
export function uniform_(tensor: Tensor, ...args: Args<[a: number, b: number, generator: InitGenerator], UniformOptions>): Tensor {
  const where = 'uniform_()';
  checkTensor(where, 'tensor', tensor);
  const o = parseArgs<UniformOptions>(where, args, ['a', 'b', 'generator'], { a: 0.0, b: 1.0 });
  const a = checkNumber(where, 'a', o.a);
  const b = checkNumber(where, 'b', o.b);
  const kw = genKw(where, o.generator);
  return noGrad(() => tensor.uniform_(a, b, kw));
}

/**
 * Fills the tensor from N(mean, std^2), in place, without recording gradients.
 * @example nn.init.normal_(w, 0, 0.02); nn.init.normal_(w, { std: 0.02 })
 */
export function normal_(tensor: Tensor, ...args: Args<[mean: number, std: number, generator: InitGenerator], NormalOptions>): Tensor {
  const where = 'normal_()';
  checkTensor(where, 'tensor', tensor);
  const o = parseArgs<NormalOptions>(where, args, ['mean', 'std', 'generator'], { mean: 0.0, std: 1.0 });
  const mean = checkNumber(where, 'mean', o.mean);
  const std = checkNumber(where, 'std', o.std);
  const kw = genKw(where, o.generator);
  return noGrad(() => tensor.normal_(mean, std, kw));
}

/**
 * Fills the tensor from a normal distribution truncated to [a, b] (PyTorch's method: rejection
 * from N(mean, std) when [a, b] holds more than 30% of the mass, else rejection from U(a, b)
 * against the normal density).
 * @example nn.init.truncNormal_(w, 0, 0.02, -0.04, 0.04); nn.init.truncNormal_(w, { std: 0.02 })
 */
export function truncNormal_(tensor: Tensor, ...args: Args<[mean: number, std: number, a: number, b: number, generator: InitGenerator], TruncNormalOptions>): Tensor {
  const where = 'truncNormal_()';
  checkTensor(where, 'tensor', tensor);
  const o = parseArgs<Required<Omit<TruncNormalOptions, 'generator'>> & InitGeneratorOptions>(where, args, ['mean', 'std', 'a', 'b', 'generator'], { mean: 0.0, std: 1.0, a: -2.0, b: 2.0 });
  const { mean, std, a, b } = o;
  for (const [n, v] of [['mean', mean], ['std', std], ['a', a], ['b', b]] as const) checkNumber(where, n, v);
  const kw = genKw(where, o.generator);
  if (isMeta(tensor)) return tensor;
  if (mean < a - 2 * std || mean > b + 2 * std) {
    process.emitWarning('mean is more than 2 std from [a, b] in nn.init.trunc_normal_. The distribution of values may be incorrect.');
  }
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
 * Fills a {3, 4, 5}-dimensional tensor with the Dirac delta, in place: a convolution with it is
 * the identity on as many input channels as possible (per group with `groups` > 1).
 * @example nn.init.dirac_(torch.empty(3, 16, 5, 5)); nn.init.dirac_(torch.empty(3, 24, 5, 5), 3)
 */
export function dirac_(tensor: Tensor, ...args: Args<[groups: number], { groups?: number }>): Tensor {
  const where = 'dirac_()';
  checkTensor(where, 'tensor', tensor);
  const { groups } = parseArgs<{ groups: number }>(where, args, ['groups'], { groups: 1 });
  checkInt(where, 'groups', groups, 1);
  const dims = tensor.dim();
  if (dims !== 3 && dims !== 4 && dims !== 5) throw new RangeError('Only tensors with 3, 4, or 5 dimensions are supported');
  const sizes = tensor.shape;
  if (sizes[0]! % groups !== 0) throw new RangeError('dim 0 must be divisible by groups');
  if (isMeta(tensor)) return tensor;
  const outChansPerGrp = Math.floor(sizes[0]! / groups);
  const minDim = Math.min(outChansPerGrp, sizes[1]!);
  const centre = sizes.slice(2).map((s) => Math.floor(s / 2));
  return noGrad(() => {
    tensor.zero_();
    for (let g = 0; g < groups; g++) {
      for (let d = 0; d < minDim; d++) tensor.indexPut_([g * outChansPerGrp + d, d, ...centre], 1);
    }
    return tensor;
  });
}

/**
 * Xavier/Glorot uniform: U(-a, a) with a = gain * sqrt(6 / (fanIn + fanOut)).
 * @example nn.init.xavierUniform_(w, nn.init.calculateGain('relu'))
 */
export function xavierUniform_(tensor: Tensor, ...args: Args<[gain: number, generator: InitGenerator], GainOptions>): Tensor {
  const where = 'xavierUniform_()';
  checkTensor(where, 'tensor', tensor);
  const o = parseArgs<GainOptions>(where, args, ['gain', 'generator'], { gain: 1.0 });
  const gain = checkNumber(where, 'gain', o.gain);
  const [fanIn, fanOut] = calculateFanInAndFanOut(tensor);
  const std = gain * Math.sqrt(2.0 / (fanIn + fanOut));
  const a = Math.sqrt(3.0) * std;
  const kw = genKw(where, o.generator);
  return noGrad(() => tensor.uniform_(-a, a, kw));
}

/**
 * Xavier/Glorot normal: N(0, std^2) with std = gain * sqrt(2 / (fanIn + fanOut)).
 * @example nn.init.xavierNormal_(w)
 */
export function xavierNormal_(tensor: Tensor, ...args: Args<[gain: number, generator: InitGenerator], GainOptions>): Tensor {
  const where = 'xavierNormal_()';
  checkTensor(where, 'tensor', tensor);
  const o = parseArgs<GainOptions>(where, args, ['gain', 'generator'], { gain: 1.0 });
  const gain = checkNumber(where, 'gain', o.gain);
  const [fanIn, fanOut] = calculateFanInAndFanOut(tensor);
  const std = gain * Math.sqrt(2.0 / (fanIn + fanOut));
  const kw = genKw(where, o.generator);
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

type KaimingArgs = Args<[a: number, mode: 'fan_in' | 'fan_out', nonlinearity: Nonlinearity, generator: InitGenerator], KaimingOptions>;

function kaiming(where: string, tensor: Tensor, args: readonly unknown[]): { std: number; kw: { generator?: Generator } } | null {
  checkTensor(where, 'tensor', tensor);
  const o = parseArgs<KaimingOptions>(where, args, ['a', 'mode', 'nonlinearity', 'generator'], { a: 0, mode: 'fan_in', nonlinearity: 'leaky_relu' });
  const a = checkNumber(where, 'a', o.a);
  const kw = genKw(where, o.generator);
  if (tensor.shape.includes(0)) {
    process.emitWarning('Initializing zero-element tensors is a no-op');
    return null;
  }
  const fan = correctFan(tensor, o.mode!);
  const gain = calculateGain(o.nonlinearity!, a);
  return { std: gain / Math.sqrt(fan), kw };
}

/**
 * Kaiming/He uniform: U(-bound, bound) with bound = gain * sqrt(3 / fan). Positional like
 * PyTorch (`a, mode, nonlinearity, generator`) or an options object.
 * @example nn.init.kaimingUniform_(w, Math.sqrt(5)); nn.init.kaimingUniform_(w, { mode: 'fan_out', nonlinearity: 'relu' })
 */
export function kaimingUniform_(tensor: Tensor, ...args: KaimingArgs): Tensor {
  const k = kaiming('kaimingUniform_()', tensor, args);
  if (k === null || isMeta(tensor)) return tensor;
  const bound = Math.sqrt(3.0) * k.std;
  return noGrad(() => tensor.uniform_(-bound, bound, k.kw));
}

/**
 * Kaiming/He normal: N(0, std^2) with std = gain / sqrt(fan).
 * @example nn.init.kaimingNormal_(w, { mode: 'fan_out', nonlinearity: 'relu' })
 */
export function kaimingNormal_(tensor: Tensor, ...args: KaimingArgs): Tensor {
  const k = kaiming('kaimingNormal_()', tensor, args);
  if (k === null || isMeta(tensor)) return tensor;
  return noGrad(() => tensor.normal_(0, k.std, k.kw));
}

/**
 * A (semi-)orthogonal matrix, as Saxe et al. (2013): the Q of a QR factorisation of a normal
 * draw, its columns' signs fixed by R's diagonal, times `gain`. Dimensions past the first are
 * flattened.
 * @example nn.init.orthogonal_(torch.empty(3, 5)); nn.init.orthogonal_(w, { gain: 2 })
 */
export function orthogonal_(tensor: Tensor, ...args: Args<[gain: number, generator: InitGenerator], GainOptions>): Tensor {
  const where = 'orthogonal_()';
  checkTensor(where, 'tensor', tensor);
  const o = parseArgs<GainOptions>(where, args, ['gain', 'generator'], { gain: 1 });
  const gain = checkNumber(where, 'gain', o.gain);
  const kw = genKw(where, o.generator);
  if (tensor.dim() < 2) throw new RangeError('Only tensors with 2 or more dimensions are supported');
  if (tensor.numel() === 0 || isMeta(tensor)) return tensor;
  const rows = tensor.shape[0]!;
  const cols = Math.floor(tensor.numel() / rows);
  return noGrad(() => {
    const flattened = tensor.newEmpty([rows, cols]).normal_(0, 1, kw);
    if (rows < cols) flattened.t_();
    const [q0, r] = linalg.qr(flattened) as unknown as [Tensor, Tensor];
    const ph = ops.diag(r, 0).sign();
    const q = q0.mul_(ph);
    if (rows < cols) q.t_();
    tensor.viewAs(q).copy_(q);
    tensor.mul_(gain);
    return tensor;
  });
}

/**
 * A 2-D sparse matrix: N(0, std^2) draws with ceil(sparsity * rows) zeros in each column (rows
 * picked by `torch.randperm` on the default generator, as PyTorch does even when `generator` is
 * given; `generator` draws the values).
 * @example nn.init.sparse_(torch.empty(3, 5), 0.1); nn.init.sparse_(w, { sparsity: 0.5, std: 0.02 })
 */
export function sparse_(tensor: Tensor, ...args: Args<[sparsity: number, std: number, generator: InitGenerator], SparseOptions>): Tensor {
  const where = 'sparse_()';
  checkTensor(where, 'tensor', tensor);
  const o = parseArgs<SparseOptions>(where, args, ['sparsity', 'std', 'generator'], { std: 0.01 }, ['sparsity']);
  const sparsity = checkNumber(where, 'sparsity', o.sparsity);
  const std = checkNumber(where, 'std', o.std);
  const kw = genKw(where, o.generator);
  if (tensor.dim() !== 2) throw new RangeError('Only tensors with 2 dimensions are supported');
  if (isMeta(tensor)) return tensor;
  const [rows, cols] = tensor.shape as [number, number];
  const numZeros = Math.ceil(sparsity * rows);
  return noGrad(() => {
    tensor.normal_(0, std, kw);
    for (let c = 0; c < cols; c++) {
      const rowIndices = ops.randperm(rows);
      tensor.indexPut_([rowIndices.narrow(0, 0, Math.min(numZeros, rows)), c], 0);
    }
    return tensor;
  });
}

function isMeta(t: Tensor): boolean {
  return String(t.device) === 'meta';
}

// PyTorch's deprecated names without the trailing underscore: they warn, then do the same.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
function deprecate<F extends (...a: any[]) => Tensor>(fn: F, newName: string): F {
  const oldName = newName.slice(0, -1);
  let warned = false;
  return ((...a: unknown[]) => {
    if (!warned) {
      warned = true;
      process.emitWarning(`\`nn.init.${oldName}\` is now deprecated in favor of \`nn.init.${newName}\`.`, 'FutureWarning');
    }
    return fn(...a);
  }) as unknown as F;
}

/** Deprecated alias of uniform_ (warns once). @example nn.init.uniform(w) */
export const uniform = deprecate(uniform_, 'uniform_');
/** Deprecated alias of normal_ (warns once). @example nn.init.normal(w) */
export const normal = deprecate(normal_, 'normal_');
/** Deprecated alias of constant_ (warns once). @example nn.init.constant(w, 0) */
export const constant = deprecate(constant_, 'constant_');
/** Deprecated alias of eye_ (warns once). @example nn.init.eye(w) */
export const eye = deprecate(eye_, 'eye_');
/** Deprecated alias of dirac_ (warns once). @example nn.init.dirac(w) */
export const dirac = deprecate(dirac_, 'dirac_');
/** Deprecated alias of xavierUniform_ (warns once). @example nn.init.xavierUniform(w) */
export const xavierUniform = deprecate(xavierUniform_, 'xavierUniform_');
/** Deprecated alias of xavierNormal_ (warns once). @example nn.init.xavierNormal(w) */
export const xavierNormal = deprecate(xavierNormal_, 'xavierNormal_');
/** Deprecated alias of kaimingUniform_ (warns once). @example nn.init.kaimingUniform(w) */
export const kaimingUniform = deprecate(kaimingUniform_, 'kaimingUniform_');
/** Deprecated alias of kaimingNormal_ (warns once). @example nn.init.kaimingNormal(w) */
export const kaimingNormal = deprecate(kaimingNormal_, 'kaimingNormal_');
/** Deprecated alias of orthogonal_ (warns once). @example nn.init.orthogonal(w) */
export const orthogonal = deprecate(orthogonal_, 'orthogonal_');
/** Deprecated alias of sparse_ (warns once). @example nn.init.sparse(w, 0.1) */
export const sparse = deprecate(sparse_, 'sparse_');
