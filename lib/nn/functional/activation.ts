// nn.functional's activations (and softmax), as in torch/nn/functional.py.
import { Tensor } from '../../tensor.js';
import { type DType } from '../../dtype.js';
import * as ops from '../../generated/functions.js';
import { parseArgs, checkNumber, checkBool, checkChoice, checkInt, checkTensor, type Args, type KwArgs } from '../../validate.js';
import { input } from './_args.js';

/** `{ inplace }` of the activations that can run in place. */
export interface InplaceOptions { inplace?: boolean }

function inplaceFlag(where: string, args: unknown[]): boolean {
  const o = parseArgs<Required<InplaceOptions>>(where, args, ['inplace'], { inplace: false });
  return checkBool(where, 'inplace', o.inplace);
}

/** max(0, x). @example F.relu(x); F.relu(x, { inplace: true }) */
export function relu(x: Tensor, ...args: Args<[inplace: boolean], InplaceOptions>): Tensor {
  const inplace = inplaceFlag('F.relu()', args);
  input('F.relu()', x);
  return inplace ? ops.relu_(x) : ops.relu(x);
}

/** In-place relu. @example F.relu_(x) */
export function relu_(x: Tensor): Tensor {
  return ops.relu_(input('F.relu_()', x));
}

/** Options of leakyRelu. */
export interface LeakyReluOptions { negativeSlope?: number; inplace?: boolean }

/** max(0, x) + negativeSlope * min(0, x). @example F.leakyRelu(x, 0.2) */
export function leakyRelu(x: Tensor, ...args: Args<[negativeSlope: number, inplace: boolean], LeakyReluOptions>): Tensor {
  const where = 'F.leakyRelu()';
  const o = parseArgs<Required<LeakyReluOptions>>(where, args, ['negativeSlope', 'inplace'], { negativeSlope: 0.01, inplace: false });
  input(where, x);
  checkNumber(where, 'negativeSlope', o.negativeSlope);
  return checkBool(where, 'inplace', o.inplace) ? ops.leakyRelu_(x, o.negativeSlope) : ops.leakyRelu(x, o.negativeSlope);
}

/** Options of elu. */
export interface EluOptions { alpha?: number; inplace?: boolean }

/** x if x > 0 else alpha * (exp(x) - 1). @example F.elu(x) */
export function elu(x: Tensor, ...args: Args<[alpha: number, inplace: boolean], EluOptions>): Tensor {
  const where = 'F.elu()';
  const o = parseArgs<Required<EluOptions>>(where, args, ['alpha', 'inplace'], { alpha: 1.0, inplace: false });
  input(where, x);
  checkNumber(where, 'alpha', o.alpha);
  return checkBool(where, 'inplace', o.inplace) ? ops.elu_(x, o.alpha) : ops.elu(x, o.alpha);
}

/** Scaled ELU. @example F.selu(x) */
export function selu(x: Tensor, ...args: Args<[inplace: boolean], InplaceOptions>): Tensor {
  const inplace = inplaceFlag('F.selu()', args);
  input('F.selu()', x);
  return inplace ? ops.selu_(x) : ops.selu(x);
}

/** Options of gelu. */
export interface GeluOptions { approximate?: 'none' | 'tanh' }

/** Gaussian error linear unit; `approximate: 'tanh'` for the tanh approximation. @example F.gelu(x) */
export function gelu(x: Tensor, ...args: Args<[approximate: 'none' | 'tanh'], GeluOptions>): Tensor {
  const where = 'F.gelu()';
  const o = parseArgs<Required<GeluOptions>>(where, args, ['approximate'], { approximate: 'none' });
  input(where, x);
  return ops.gelu(x, { approximate: checkChoice(where, 'approximate', o.approximate, ['none', 'tanh']) });
}

/** x * sigmoid(x). @example F.silu(x) */
export function silu(x: Tensor, ...args: Args<[inplace: boolean], InplaceOptions>): Tensor {
  const inplace = inplaceFlag('F.silu()', args);
  input('F.silu()', x);
  return inplace ? ops.silu_(x) : ops.silu(x);
}

/** x * tanh(softplus(x)). @example F.mish(x) */
export function mish(x: Tensor, ...args: Args<[inplace: boolean], InplaceOptions>): Tensor {
  const inplace = inplaceFlag('F.mish()', args);
  input('F.mish()', x);
  return inplace ? ops.mish_(x) : ops.mish(x);
}

/** 1 / (1 + exp(-x)). @example F.sigmoid(x) */
export function sigmoid(x: Tensor): Tensor {
  return ops.sigmoid(input('F.sigmoid()', x));
}

/** tanh(x). @example F.tanh(x) */
export function tanh(x: Tensor): Tensor {
  return ops.tanh(input('F.tanh()', x));
}

/** Options of softplus. */
export interface SoftplusOptions { beta?: number; threshold?: number }

/** log(1 + exp(beta x)) / beta, linear above threshold. @example F.softplus(x, { beta: 2 }) */
export function softplus(x: Tensor, ...args: Args<[beta: number, threshold: number], SoftplusOptions>): Tensor {
  const where = 'F.softplus()';
  const o = parseArgs<Required<SoftplusOptions>>(where, args, ['beta', 'threshold'], { beta: 1.0, threshold: 20.0 });
  input(where, x);
  return ops.softplus(x, checkNumber(where, 'beta', o.beta), checkNumber(where, 'threshold', o.threshold));
}

/** Options of hardtanh. */
export interface HardtanhOptions { minVal?: number; maxVal?: number; inplace?: boolean }

/** clamp(x, minVal, maxVal). @example F.hardtanh(x, -2, 2) */
export function hardtanh(x: Tensor, ...args: Args<[minVal: number, maxVal: number, inplace: boolean], HardtanhOptions>): Tensor {
  const where = 'F.hardtanh()';
  const o = parseArgs<Required<HardtanhOptions>>(where, args, ['minVal', 'maxVal', 'inplace'], { minVal: -1.0, maxVal: 1.0, inplace: false });
  input(where, x);
  checkNumber(where, 'minVal', o.minVal);
  checkNumber(where, 'maxVal', o.maxVal);
  if (o.minVal > o.maxVal) throw new RangeError(`${where}: min_val cannot be greater than max_val`);
  return checkBool(where, 'inplace', o.inplace) ? ops.hardtanh_(x, o.minVal, o.maxVal) : ops.hardtanh(x, o.minVal, o.maxVal);
}

/** max(0, x) + weight * min(0, x), weight per channel or shared. @example F.prelu(x, weight) */
export function prelu(x: Tensor, weight: Tensor): Tensor {
  input('F.prelu()', x);
  return ops.prelu(x, checkTensor('F.prelu()', 'weight', weight));
}

/** Options of softmax and logSoftmax. */
export interface SoftmaxOptions {
  /** The dimension to normalise over; PyTorch's implicit choice when omitted (0 for 0-, 1- and 3-D inputs, else 1). */
  dim?: number | null;
  /** Cast the input to this dtype first. */
  dtype?: DType | null;
}

// PyTorch warns once per calling line (Python's default filter); once per function here.
const implicitDimWarned = new Set<string>();

function softmaxDim(x: Tensor, dim: number | null | undefined, where: string, name: string): number {
  if (dim === null || dim === undefined) {
    if (!implicitDimWarned.has(name)) {
      implicitDimWarned.add(name);
      process.emitWarning(`Implicit dimension choice for ${name} has been deprecated. Change the call to include dim=X as an argument.`);
    }
    const nd = x.dim();
    return nd === 0 || nd === 1 || nd === 3 ? 0 : 1;
  }
  return checkInt(where, 'dim', dim);
}

/**
 * exp(x) / sum(exp(x)) along dim.
 * @example F.softmax(logits, { dim: -1 }); F.softmax(logits, 1)
 */
export function softmax(x: Tensor, ...args: Args<[dim: number | null], SoftmaxOptions>): Tensor {
  const where = 'F.softmax()';
  const o = parseArgs<SoftmaxOptions>(where, args, ['dim', 'dtype'], {});
  input(where, x);
  return ops.softmax(x, softmaxDim(x, o.dim, where, 'softmax'), { dtype: o.dtype ?? null });
}

/**
 * log(softmax(x)) along dim, computed stably.
 * @example F.logSoftmax(this.fc4(x), { dim: 1 })
 */
export function logSoftmax(x: Tensor, ...args: Args<[dim: number | null], SoftmaxOptions>): Tensor {
  const where = 'F.logSoftmax()';
  const o = parseArgs<SoftmaxOptions>(where, args, ['dim', 'dtype'], {});
  input(where, x);
  return ops.logSoftmax(x, softmaxDim(x, o.dim, where, 'log_softmax'), { dtype: o.dtype ?? null });
}

/** min(max(0, x), 6). @example F.relu6(x) */
export function relu6(x: Tensor, ...args: Args<[inplace: boolean], InplaceOptions>): Tensor {
  const inplace = inplaceFlag('F.relu6()', args);
  input('F.relu6()', x);
  return inplace ? ops.relu6_(x) : ops.relu6(x);
}

/** log(sigmoid(x)). @example F.logsigmoid(x) */
export function logsigmoid(x: Tensor): Tensor {
  return ops.logSigmoid(input('F.logsigmoid()', x));
}

/** x * relu6(x + 3) / 6. @example F.hardswish(x) */
export function hardswish(x: Tensor, ...args: Args<[inplace: boolean], InplaceOptions>): Tensor {
  const inplace = inplaceFlag('F.hardswish()', args);
  input('F.hardswish()', x);
  return inplace ? ops.hardswish_(x) : ops.hardswish(x);
}

/**
 * softmax(-x) along dim.
 * @example F.softmin(x, { dim: 1 })
 */
export function softmin(x: Tensor, ...args: Args<[dim: number | null], SoftmaxOptions>): Tensor {
  const where = 'F.softmin()';
  const o = parseArgs<SoftmaxOptions>(where, args, ['dim', 'dtype'], {});
  input(where, x);
  return ops.softmax(x.neg(), softmaxDim(x, o.dim, where, 'softmin'), { dtype: o.dtype ?? null });
}

// ---- in-place forms and the rest of torch.nn.functional's activations -------------------------

/** Options of threshold. */
export interface ThresholdOptions {
  /** The value to threshold at. */
  threshold?: number;
  /** The value that replaces elements not greater than `threshold`. */
  value?: number;
  inplace?: boolean;
}

/**
 * x if x > threshold else value, element-wise (`threshold` and `value` are required).
 * @example F.threshold(x, 0.1, 20); F.threshold(x, { threshold: 0.1, value: 20 })
 */
export function threshold(x: Tensor,
  ...args: KwArgs<[threshold: number, value: number, inplace: boolean], ['threshold', 'value'], ThresholdOptions>): Tensor {
  const where = 'F.threshold()';
  const o = parseArgs<Required<ThresholdOptions>>(where, args, ['threshold', 'value', 'inplace'], { inplace: false }, ['threshold', 'value']);
  input(where, x);
  const t = checkNumber(where, 'threshold', o.threshold);
  const v = checkNumber(where, 'value', o.value);
  return checkBool(where, 'inplace', o.inplace) ? ops.threshold_(x, t, v) : ops.threshold(x, t, v);
}

/**
 * In-place threshold.
 * @example F.threshold_(x, 0, -1)
 */
export function threshold_(x: Tensor,
  ...args: KwArgs<[threshold: number, value: number], ['threshold', 'value'], Omit<ThresholdOptions, 'inplace'>>): Tensor {
  const where = 'F.threshold_()';
  const o = parseArgs<Required<Omit<ThresholdOptions, 'inplace'>>>(where, args, ['threshold', 'value'], {}, ['threshold', 'value']);
  input(where, x);
  return ops.threshold_(x, checkNumber(where, 'threshold', o.threshold), checkNumber(where, 'value', o.value));
}

/** Options of glu. */
export interface GluOptions {
  /** The dimension split in half (default -1). */
  dim?: number;
}

/**
 * Gated linear unit: a * sigmoid(b), where a and b are the two halves of the input along `dim`.
 * @example F.glu(torch.randn(4, 6)).shape // [4, 3]
 */
export function glu(x: Tensor, ...args: Args<[dim: number], GluOptions>): Tensor {
  const where = 'F.glu()';
  const o = parseArgs<Required<GluOptions>>(where, args, ['dim'], { dim: -1 });
  input(where, x);
  const dim = checkInt(where, 'dim', o.dim);
  if (x.dim() === 0) throw new RangeError(`${where}: glu does not support scalars because halving size must be even`);
  return ops.glu(x, dim);
}

/**
 * In-place hardtanh.
 * @example F.hardtanh_(x, -2, 2)
 */
export function hardtanh_(x: Tensor, ...args: Args<[minVal: number, maxVal: number], Omit<HardtanhOptions, 'inplace'>>): Tensor {
  const where = 'F.hardtanh_()';
  const o = parseArgs<Required<Omit<HardtanhOptions, 'inplace'>>>(where, args, ['minVal', 'maxVal'], { minVal: -1.0, maxVal: 1.0 });
  input(where, x);
  return ops.hardtanh_(x, checkNumber(where, 'minVal', o.minVal), checkNumber(where, 'maxVal', o.maxVal));
}

/**
 * In-place elu.
 * @example F.elu_(x, 0.5)
 */
export function elu_(x: Tensor, ...args: Args<[alpha: number], Omit<EluOptions, 'inplace'>>): Tensor {
  const where = 'F.elu_()';
  const o = parseArgs<Required<Omit<EluOptions, 'inplace'>>>(where, args, ['alpha'], { alpha: 1.0 });
  input(where, x);
  return ops.elu_(x, checkNumber(where, 'alpha', o.alpha));
}

/**
 * In-place selu.
 * @example F.selu_(x)
 */
export function selu_(x: Tensor): Tensor {
  return ops.selu_(input('F.selu_()', x));
}

/** Options of celu. */
export interface CeluOptions { alpha?: number; inplace?: boolean }

/**
 * max(0, x) + min(0, alpha * (exp(x / alpha) - 1)).
 * @example F.celu(x); F.celu(x, { alpha: 0.5 })
 */
export function celu(x: Tensor, ...args: Args<[alpha: number, inplace: boolean], CeluOptions>): Tensor {
  const where = 'F.celu()';
  const o = parseArgs<Required<CeluOptions>>(where, args, ['alpha', 'inplace'], { alpha: 1.0, inplace: false });
  input(where, x);
  const alpha = checkNumber(where, 'alpha', o.alpha);
  return checkBool(where, 'inplace', o.inplace) ? ops.celu_(x, alpha) : ops.celu(x, alpha);
}

/**
 * In-place celu.
 * @example F.celu_(x, 2)
 */
export function celu_(x: Tensor, ...args: Args<[alpha: number], Omit<CeluOptions, 'inplace'>>): Tensor {
  const where = 'F.celu_()';
  const o = parseArgs<Required<Omit<CeluOptions, 'inplace'>>>(where, args, ['alpha'], { alpha: 1.0 });
  input(where, x);
  return ops.celu_(x, checkNumber(where, 'alpha', o.alpha));
}

/**
 * In-place leakyRelu.
 * @example F.leakyRelu_(x, 0.2)
 */
export function leakyRelu_(x: Tensor, ...args: Args<[negativeSlope: number], Omit<LeakyReluOptions, 'inplace'>>): Tensor {
  const where = 'F.leakyRelu_()';
  const o = parseArgs<Required<Omit<LeakyReluOptions, 'inplace'>>>(where, args, ['negativeSlope'], { negativeSlope: 0.01 });
  input(where, x);
  return ops.leakyRelu_(x, checkNumber(where, 'negativeSlope', o.negativeSlope));
}

/** Options of rrelu. */
export interface RreluOptions {
  /** Lower bound of the random slope (default 1/8). */
  lower?: number;
  /** Upper bound of the random slope (default 1/3). */
  upper?: number;
  /** Draw a slope per element from U(lower, upper) (default false: the mean slope (lower + upper) / 2). */
  training?: boolean;
  inplace?: boolean;
}

/**
 * Randomized leaky ReLU: negative elements times a slope drawn from U(lower, upper) per element
 * when training, times (lower + upper) / 2 otherwise. The slopes come from the default generator
 * as PyTorch's.
 * @example F.rrelu(x, { training: true })
 */
export function rrelu(x: Tensor, ...args: Args<[lower: number, upper: number, training: boolean, inplace: boolean], RreluOptions>): Tensor {
  const where = 'F.rrelu()';
  const o = parseArgs<Required<RreluOptions>>(where, args, ['lower', 'upper', 'training', 'inplace'],
    { lower: 1.0 / 8, upper: 1.0 / 3, training: false, inplace: false });
  input(where, x);
  const lower = checkNumber(where, 'lower', o.lower);
  const upper = checkNumber(where, 'upper', o.upper);
  const training = checkBool(where, 'training', o.training);
  return checkBool(where, 'inplace', o.inplace) ? ops.rrelu_(x, lower, upper, training) : ops.rrelu(x, lower, upper, training);
}

/**
 * In-place rrelu.
 * @example F.rrelu_(x, 0.1, 0.3, true)
 */
export function rrelu_(x: Tensor, ...args: Args<[lower: number, upper: number, training: boolean], Omit<RreluOptions, 'inplace'>>): Tensor {
  const where = 'F.rrelu_()';
  const o = parseArgs<Required<Omit<RreluOptions, 'inplace'>>>(where, args, ['lower', 'upper', 'training'],
    { lower: 1.0 / 8, upper: 1.0 / 3, training: false });
  input(where, x);
  return ops.rrelu_(x, checkNumber(where, 'lower', o.lower), checkNumber(where, 'upper', o.upper), checkBool(where, 'training', o.training));
}

/** Options of hardshrink and softshrink. */
export interface ShrinkOptions {
  /** The half-width of the zeroed band (default 0.5). */
  lambd?: number;
}

/**
 * x where |x| > lambd, else 0.
 * @example F.hardshrink(x); F.hardshrink(x, { lambd: 1 })
 */
export function hardshrink(x: Tensor, ...args: Args<[lambd: number], ShrinkOptions>): Tensor {
  const where = 'F.hardshrink()';
  const o = parseArgs<Required<ShrinkOptions>>(where, args, ['lambd'], { lambd: 0.5 });
  input(where, x);
  return ops.hardshrink(x, checkNumber(where, 'lambd', o.lambd));
}

/**
 * x - lambd where x > lambd, x + lambd where x < -lambd, else 0.
 * @example F.softshrink(x, 0.3)
 */
export function softshrink(x: Tensor, ...args: Args<[lambd: number], ShrinkOptions>): Tensor {
  const where = 'F.softshrink()';
  const o = parseArgs<Required<ShrinkOptions>>(where, args, ['lambd'], { lambd: 0.5 });
  input(where, x);
  return ops.softshrink(x, checkNumber(where, 'lambd', o.lambd));
}

/**
 * x - tanh(x).
 * @example F.tanhshrink(x)
 */
export function tanhshrink(x: Tensor): Tensor {
  input('F.tanhshrink()', x);
  return x.sub(x.tanh());
}

/**
 * x / (1 + |x|).
 * @example F.softsign(x)
 */
export function softsign(x: Tensor): Tensor {
  input('F.softsign()', x);
  return x.div(x.abs().add(1));
}

/**
 * 0 for x <= -3, 1 for x >= 3, x / 6 + 1 / 2 between.
 * @example F.hardsigmoid(x); F.hardsigmoid(x, { inplace: true })
 */
export function hardsigmoid(x: Tensor, ...args: Args<[inplace: boolean], InplaceOptions>): Tensor {
  const inplace = inplaceFlag('F.hardsigmoid()', args);
  input('F.hardsigmoid()', x);
  return inplace ? ops.hardsigmoid_(x) : ops.hardsigmoid(x);
}

/** Options of gumbelSoftmax. */
export interface GumbelSoftmaxOptions {
  /** Temperature (default 1). */
  tau?: number;
  /** Return one-hot samples, differentiated as the soft ones (default false). */
  hard?: boolean;
  /** Deprecated and without effect, as in PyTorch (a value other than 1e-10 warns). */
  eps?: number;
  /** The dimension of the categories (default -1). */
  dim?: number;
}

/**
 * Samples from the Gumbel-Softmax distribution (optionally one-hot, with the straight-through
 * gradient). Draws its Gumbel noise from the default generator with the same calls as PyTorch,
 * so the same seed gives the same samples.
 * @example F.gumbelSoftmax(logits, { tau: 0.5, hard: true })
 */
export function gumbelSoftmax(logits: Tensor,
  ...args: Args<[tau: number, hard: boolean, eps: number, dim: number], GumbelSoftmaxOptions>): Tensor {
  const where = 'F.gumbelSoftmax()';
  const o = parseArgs<Required<GumbelSoftmaxOptions>>(where, args, ['tau', 'hard', 'eps', 'dim'], { tau: 1, hard: false, eps: 1e-10, dim: -1 });
  checkTensor(where, 'logits', logits);
  const tau = checkNumber(where, 'tau', o.tau);
  const hard = checkBool(where, 'hard', o.hard);
  const dim = checkInt(where, 'dim', o.dim);
  if (checkNumber(where, 'eps', o.eps) !== 1e-10) process.emitWarning('`eps` parameter is deprecated and has no effect.');
  // ~Gumbel(0, 1), then ~Gumbel(logits, tau): PyTorch's operations in PyTorch's order.
  const gumbels = ops.emptyLike(logits, { memoryFormat: 'contiguous_format' }).exponential_().log().neg();
  const ySoft = logits.add(gumbels).div(tau).softmax(dim);
  if (!hard) return ySoft;
  const index = ySoft.max(dim, true)[1];
  const yHard = ops.zerosLike(logits, { memoryFormat: 'contiguous_format' }).scatter_(dim, index, 1.0);
  return yHard.sub(ySoft.detach()).add(ySoft);
}
