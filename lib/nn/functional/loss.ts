// nn.functional's losses, as in torch/nn/functional.py.
import { Tensor } from '../../tensor.js';
import * as ops from '../../generated/functions.js';
import { parseArgs, checkNumber, checkBool, checkInt, checkTensor, argTypeError, describeValue, type Args } from '../../validate.js';
import { reductionEnum, pySize, pyRepr } from '../_utils.js';
import { noGrad } from '../../autograd/grad_mode.js';
import { checkDense } from '../../arrays.js';
import { input, keywordOnly } from './_args.js';
import { broadcastShapes } from '../../functional.js';

/** How a loss reduces over the batch. */
export type Reduction = 'none' | 'mean' | 'sum';

// Python shows a warning once per calling line (its default filter); once per message here, so a
// training loop does not print it every step.
const warned = new Set<string>();
function warnOnce(message: string): void {
  if (warned.has(message)) return;
  warned.add(message);
  process.emitWarning(message, 'UserWarning');
}

/** Python's warning of the element-wise losses when target and input sizes differ (they broadcast). */
function warnSizes(x: Tensor, target: Tensor): void {
  const ts = target.shape;
  const xs = x.shape;
  if (ts.length === xs.length && ts.every((s, i) => s === xs[i])) return;
  warnOnce(`Using a target size (${pySize(ts)}) that is different to the input size (${pySize(xs)}). `
    + 'This will likely lead to incorrect results due to broadcasting. Please ensure they have the same size.');
}

/** Options of nllLoss and crossEntropy. */
export interface NLLLossFnOptions {
  /** A manual rescaling weight per class. */
  weight?: Tensor | null;
  /** A target value ignored in the loss and its gradient (default -100). */
  ignoreIndex?: number;
  reduction?: Reduction;
}

/** Options of crossEntropy. */
export interface CrossEntropyFnOptions extends NLLLossFnOptions {
  /** Mix the targets with the uniform distribution by this amount (0 to 1). */
  labelSmoothing?: number;
}

/**
 * Negative log likelihood of log-probabilities `x` (N, C) at class indices `target` (N).
 * @example F.nllLoss(logPs, labels); F.nllLoss(logPs, labels, { reduction: 'sum' })
 */
export function nllLoss(x: Tensor, target: Tensor, ...args: Args<[weight: Tensor | null], NLLLossFnOptions>): Tensor {
  const where = 'F.nllLoss()';
  const o = parseArgs<Required<NLLLossFnOptions>>(where, args, ['weight', 'ignoreIndex', 'reduction'], { weight: null, ignoreIndex: -100, reduction: 'mean' });
  input(where, x);
  checkTensor(where, 'target', target);
  checkTensor(where, 'weight', o.weight, true);
  return ops.nllLossNd(x, target, o.weight, reductionEnum(where, o.reduction), checkInt(where, 'ignoreIndex', o.ignoreIndex));
}

/**
 * Cross entropy of logits `x` against class indices (or class probabilities) `target`.
 * @example F.crossEntropy(logits, labels, { labelSmoothing: 0.1 })
 */
export function crossEntropy(x: Tensor, target: Tensor, ...args: Args<[weight: Tensor | null], CrossEntropyFnOptions>): Tensor {
  const where = 'F.crossEntropy()';
  const o = parseArgs<Required<CrossEntropyFnOptions>>(where, args, ['weight', 'ignoreIndex', 'reduction', 'labelSmoothing'],
    { weight: null, ignoreIndex: -100, reduction: 'mean', labelSmoothing: 0.0 });
  input(where, x);
  checkTensor(where, 'target', target);
  checkTensor(where, 'weight', o.weight, true);
  const ls = checkNumber(where, 'labelSmoothing', o.labelSmoothing);
  if (ls < 0 || ls > 1) throw new RangeError(`${where}: labelSmoothing must be between 0.0 and 1.0. Got: ${ls}`);
  return ops.crossEntropyLoss(x, target, o.weight, reductionEnum(where, o.reduction), checkInt(where, 'ignoreIndex', o.ignoreIndex), ls);
}

/** `{ reduction }` of the plain losses. */
export interface ReductionOptions { reduction?: Reduction }

/** Options of mseLoss and l1Loss. */
export interface WeightedReductionOptions extends ReductionOptions {
  /** An element-wise weight of the input's size; 'mean' then divides by its sum. */
  weight?: Tensor | null;
}

/**
 * The element-wise loss `none` (input's size) times `weight`, reduced as Python's weighted
 * mse_loss/l1_loss (`'mean'`: the weighted sum over the weights' sum; huber_loss: the plain mean).
 */
function weighted(loss: Tensor, weight: Tensor, reduction: Reduction, meanOverWeight: boolean): Tensor {
  const w = loss.mul(weight);
  if (reduction === 'none') return w;
  if (reduction === 'sum') return ops.sum(w);
  return meanOverWeight ? ops.sum(w).div(ops.sum(weight)) : w.mean();
}

/** Python's check of the element-wise weight of mse_loss, l1_loss and huber_loss. */
function checkElementWeight(x: Tensor, weight: Tensor | null): void {
  if (weight === null) return;
  const ws = weight.shape;
  const xs = x.shape;
  if (ws.length !== xs.length || ws.some((s, i) => s !== xs[i])) throw new RangeError('Weights and input must have the same size.');
}

/**
 * Mean squared error; with `weight`, each squared error is weighted and 'mean' divides by the
 * weights' sum.
 * @example F.mseLoss(pred, y); F.mseLoss(pred, y, { reduction: 'sum', weight: w })
 */
export function mseLoss(x: Tensor, target: Tensor, ...args: Args<[reduction: Reduction, weight: Tensor | null], WeightedReductionOptions>): Tensor {
  const where = 'F.mseLoss()';
  const o = parseArgs<Required<WeightedReductionOptions>>(where, args, ['reduction', 'weight'], { reduction: 'mean', weight: null });
  input(where, x);
  checkTensor(where, 'target', target);
  warnSizes(x, target);
  const weight = checkTensor(where, 'weight', o.weight, true);
  const r = reductionEnum(where, o.reduction);
  const [a, b] = ops.broadcastTensors([x, target]) as unknown as [Tensor, Tensor];
  if (weight === null) return ops.mseLoss(a, b, r);
  checkElementWeight(x, weight);
  return weighted(a.sub(b).pow(2), weight, o.reduction, true);
}

/**
 * Mean absolute error; with `weight`, each absolute error is weighted and 'mean' divides by the
 * weights' sum.
 * @example F.l1Loss(pred, y); F.l1Loss(pred, y, { weight: w })
 */
export function l1Loss(x: Tensor, target: Tensor, ...args: Args<[reduction: Reduction, weight: Tensor | null], WeightedReductionOptions>): Tensor {
  const where = 'F.l1Loss()';
  const o = parseArgs<Required<WeightedReductionOptions>>(where, args, ['reduction', 'weight'], { reduction: 'mean', weight: null });
  input(where, x);
  checkTensor(where, 'target', target);
  warnSizes(x, target);
  const weight = checkTensor(where, 'weight', o.weight, true);
  const r = reductionEnum(where, o.reduction);
  const [a, b] = ops.broadcastTensors([x, target]) as unknown as [Tensor, Tensor];
  if (weight === null) return ops.l1Loss(a, b, r);
  checkElementWeight(x, weight);
  return weighted(a.sub(b).abs(), weight, o.reduction, true);
}

/** Options of binaryCrossEntropy. */
export interface BCEFnOptions { weight?: Tensor | null; reduction?: Reduction }

/**
 * Binary cross entropy of probabilities `x` against targets in [0, 1] of the same size.
 * @example F.binaryCrossEntropy(torch.sigmoid(z), y)
 */
export function binaryCrossEntropy(x: Tensor, target: Tensor, ...args: Args<[weight: Tensor | null], BCEFnOptions>): Tensor {
  const where = 'F.binaryCrossEntropy()';
  const o = parseArgs<Required<BCEFnOptions>>(where, args, ['weight', 'reduction'], { weight: null, reduction: 'mean' });
  input(where, x);
  checkTensor(where, 'target', target);
  checkTensor(where, 'weight', o.weight, true);
  const r = reductionEnum(where, o.reduction);
  const ts = target.shape;
  const xs = x.shape;
  if (ts.length !== xs.length || ts.some((s, i) => s !== xs[i])) {
    throw new RangeError(`Using a target size (${pySize(ts)}) that is different to the input size (${pySize(xs)}) is deprecated. Please ensure they have the same size.`);
  }
  let weight = o.weight;
  if (weight !== null) weight = weight.expand(broadcastShapes(ts, weight.shape));
  return ops.binaryCrossEntropy(x, target, weight, r);
}

/** Options of binaryCrossEntropyWithLogits. */
export interface BCEWithLogitsFnOptions extends BCEFnOptions {
  /** A weight of positive examples per class. */
  posWeight?: Tensor | null;
}

/**
 * Sigmoid + binary cross entropy in one numerically stable step.
 * @example F.binaryCrossEntropyWithLogits(z, y, { posWeight })
 */
export function binaryCrossEntropyWithLogits(x: Tensor, target: Tensor, ...args: Args<[weight: Tensor | null], BCEWithLogitsFnOptions>): Tensor {
  const where = 'F.binaryCrossEntropyWithLogits()';
  const o = parseArgs<Required<BCEWithLogitsFnOptions>>(where, args, ['weight', 'reduction', 'posWeight'], { weight: null, reduction: 'mean', posWeight: null });
  input(where, x);
  checkTensor(where, 'target', target);
  checkTensor(where, 'weight', o.weight, true);
  checkTensor(where, 'posWeight', o.posWeight, true);
  const r = reductionEnum(where, o.reduction);
  const ts = target.shape;
  const xs = x.shape;
  if (ts.length !== xs.length || ts.some((s, i) => s !== xs[i])) {
    throw new RangeError(`Target size (${pySize(ts)}) must be the same as input size (${pySize(xs)})`);
  }
  return ops.binaryCrossEntropyWithLogits(x, target, o.weight, o.posWeight, r);
}

/** Options of smoothL1Loss. */
export interface SmoothL1Options { reduction?: Reduction; beta?: number }

/** Squared error below beta, absolute error above. @example F.smoothL1Loss(pred, y, { beta: 0.5 }) */
export function smoothL1Loss(x: Tensor, target: Tensor, ...args: Args<[reduction: Reduction, beta: number], SmoothL1Options>): Tensor {
  const where = 'F.smoothL1Loss()';
  const o = parseArgs<Required<SmoothL1Options>>(where, args, ['reduction', 'beta'], { reduction: 'mean', beta: 1.0 });
  input(where, x);
  checkTensor(where, 'target', target);
  warnSizes(x, target);
  const r = reductionEnum(where, o.reduction);
  const beta = checkNumber(where, 'beta', o.beta);
  if (beta < 0) throw new RangeError(`${where}: smooth_l1_loss does not support negative values for beta.`);
  const [a, b] = ops.broadcastTensors([x, target]) as unknown as [Tensor, Tensor];
  if (beta === 0.0) return ops.l1Loss(a, b, r);
  return ops.smoothL1Loss(a, b, r, beta);
}

/** Options of huberLoss. */
export interface HuberOptions {
  reduction?: Reduction;
  delta?: number;
  /** An element-wise weight of the input's size. */
  weight?: Tensor | null;
}

/**
 * Huber loss: squared below delta, delta-scaled absolute above; `weight` weighs each element.
 * @example F.huberLoss(pred, y, { delta: 2 })
 */
export function huberLoss(x: Tensor, target: Tensor, ...args: Args<[reduction: Reduction, delta: number, weight: Tensor | null], HuberOptions>): Tensor {
  const where = 'F.huberLoss()';
  const o = parseArgs<Required<HuberOptions>>(where, args, ['reduction', 'delta', 'weight'], { reduction: 'mean', delta: 1.0, weight: null });
  input(where, x);
  checkTensor(where, 'target', target);
  warnSizes(x, target);
  const weight = checkTensor(where, 'weight', o.weight, true);
  const r = reductionEnum(where, o.reduction);
  const delta = checkNumber(where, 'delta', o.delta);
  if (delta <= 0) throw new RangeError(`${where}: huber_loss does not support non-positive values for delta.`);
  const [a, b] = ops.broadcastTensors([x, target]) as unknown as [Tensor, Tensor];
  if (weight === null) return ops.huberLoss(a, b, r, delta);
  checkElementWeight(x, weight);
  return weighted(ops.huberLoss(a, b, 0, delta), weight, o.reduction, false);
}

/** Options of klDiv. */
export interface KLDivOptions {
  /** 'batchmean' divides the sum by the batch size (the mathematically correct KL). */
  reduction?: Reduction | 'batchmean';
  /** The target is given as log-probabilities. */
  logTarget?: boolean;
}

/**
 * Kullback-Leibler divergence of log-probabilities `x` from `target`.
 * @example F.klDiv(logQ, p, { reduction: 'batchmean' })
 */
export function klDiv(x: Tensor, target: Tensor, ...args: Args<[reduction: Reduction | 'batchmean', logTarget: boolean], KLDivOptions>): Tensor {
  const where = 'F.klDiv()';
  const o = parseArgs<Required<KLDivOptions>>(where, args, ['reduction', 'logTarget'], { reduction: 'mean', logTarget: false });
  input(where, x);
  checkTensor(where, 'target', target);
  if (o.reduction === 'mean') {
    warnOnce("reduction: 'mean' divides the total loss by both the batch size and the support size."
      + "'batchmean' divides only by the batch size, and aligns with the KL div math definition."
      + "'mean' will be changed to behave the same as 'batchmean' in the next major release.");
  }
  const r = o.reduction === 'batchmean' ? 2 : reductionEnum(where, o.reduction);
  const reduced = ops.klDiv(x, target, r, { logTarget: checkBool(where, 'logTarget', o.logTarget) });
  if (o.reduction === 'batchmean' && x.dim() !== 0) return reduced.div(x.size(0));
  return reduced;
}

// ---- the losses PyTorch writes in Python or calls straight through ------------------------------

/** The reduction of a loss PyTorch reduces in Python, with the message that function gives. */
function checkReduction(where: string, reduction: unknown, suffix: string): Reduction {
  if (reduction === 'none' || reduction === 'mean' || reduction === 'sum') return reduction;
  throw new RangeError(`${typeof reduction === 'string' ? reduction : describeValue(reduction)} ${suffix}`);
}

function reduce(loss: Tensor, reduction: Reduction): Tensor {
  return reduction === 'mean' ? loss.mean() : reduction === 'sum' ? ops.sum(loss) : loss;
}

/** Options of ctcLoss. */
export interface CTCLossFnOptions {
  /** The blank label (default 0). */
  blank?: number;
  reduction?: Reduction;
  /** Zero infinite losses and their gradients (those of inputs too short for their targets). */
  zeroInfinity?: boolean;
}

/**
 * The Connectionist Temporal Classification loss of `logProbs` (T, N, C) (or (T, C) unbatched),
 * log-softmaxed over C, against `targets` ((N, S) padded, or all targets concatenated);
 * `inputLengths` and `targetLengths` are tensors or arrays of N lengths. 'mean' divides each
 * loss by its target length, then averages over the batch.
 * @example
 * const logProbs = torch.randn(50, 16, 20).logSoftmax(2).detach().requiresGrad_();
 * const targets = torch.randint(1, 20, [16, 30]);
 * const loss = F.ctcLoss(logProbs, targets, torch.full([16], 50, { dtype: 'int64' }), torch.randint(10, 30, [16]));
 */
export function ctcLoss(logProbs: Tensor, targets: Tensor, inputLengths: Tensor | readonly number[], targetLengths: Tensor | readonly number[],
  ...args: Args<[blank: number, reduction: Reduction, zeroInfinity: boolean], CTCLossFnOptions>): Tensor {
  const where = 'F.ctcLoss()';
  const o = parseArgs<Required<CTCLossFnOptions>>(where, args, ['blank', 'reduction', 'zeroInfinity'], { blank: 0, reduction: 'mean', zeroInfinity: false });
  checkTensor(where, 'logProbs', logProbs);
  checkTensor(where, 'targets', targets);
  const lengths = (name: string, v: unknown): Tensor | number[] => {
    if (v instanceof Tensor) return v;
    if (Array.isArray(v)) {
      checkDense(`${where}: ${name}`, v);
      return v.map((e: unknown, i) => checkInt(where, `${name}[${i}]`, e));
    }
    throw argTypeError(where, name, 'a Tensor or an array of integers', v);
  };
  const il = lengths('inputLengths', inputLengths);
  const tl = lengths('targetLengths', targetLengths);
  const r = reductionEnum(where, o.reduction);
  const blank = checkInt(where, 'blank', o.blank);
  const zi = checkBool(where, 'zeroInfinity', o.zeroInfinity);
  if (il instanceof Tensor !== tl instanceof Tensor) {
    // PyTorch's overloads take both lengths as tensors or both as int lists.
    throw new TypeError(`${where}: inputLengths and targetLengths must both be Tensors or both be arrays of integers`);
  }
  if (il instanceof Tensor) return ops.ctcLoss(logProbs, targets, il, tl as Tensor, blank, r, zi);
  return ops.ctcLoss(logProbs, targets, il, tl as number[], blank, r, zi);
}

/** Options of poissonNllLoss. */
export interface PoissonNLLLossFnOptions {
  /** The input is the log of the rate (default true): loss = exp(input) - target * input. */
  logInput?: boolean;
  /** Add Stirling's approximation of log(target!) (default false). */
  full?: boolean;
  /** Added to the rate before its log when logInput is false (default 1e-8). */
  eps?: number;
  reduction?: Reduction;
}

/**
 * Negative log likelihood of a Poisson distribution with rate `x` (or log-rate) at `target`.
 * @example F.poissonNllLoss(logRate, counts); F.poissonNllLoss(rate, counts, { logInput: false, full: true })
 */
export function poissonNllLoss(x: Tensor, target: Tensor, ...args: Args<[logInput: boolean, full: boolean, eps: number, reduction: Reduction], PoissonNLLLossFnOptions>): Tensor {
  const where = 'F.poissonNllLoss()';
  const o = parseArgs<Required<PoissonNLLLossFnOptions>>(where, args, ['logInput', 'full', 'eps', 'reduction'], { logInput: true, full: false, eps: 1e-8, reduction: 'mean' });
  input(where, x);
  checkTensor(where, 'target', target);
  const r = reductionEnum(where, checkReduction(where, o.reduction, 'is not a valid value for reduction'));
  return ops.poissonNllLoss(x, target, checkBool(where, 'logInput', o.logInput), checkBool(where, 'full', o.full), checkNumber(where, 'eps', o.eps), r);
}

/** Options of gaussianNllLoss. */
export interface GaussianNLLLossFnOptions {
  /** Add the constant 0.5 * log(2 pi) (default false). */
  full?: boolean;
  /** The variances are clamped to at least eps, without gradient through the clamp (default 1e-6). */
  eps?: number;
  reduction?: Reduction;
}

/**
 * Negative log likelihood of a Gaussian with mean `x` and variance `variance` (a tensor of the
 * input's size, one dimension short of it, or with one dimension of size 1; or a number) at `target`.
 * @example F.gaussianNllLoss(mu, y, sigma2); F.gaussianNllLoss(mu, y, 0.5, { full: true, reduction: 'sum' })
 */
export function gaussianNllLoss(x: Tensor, target: Tensor, variance: Tensor | number, ...args: Args<[full: boolean, eps: number, reduction: Reduction], GaussianNLLLossFnOptions>): Tensor {
  const where = 'F.gaussianNllLoss()';
  const o = parseArgs<Required<GaussianNLLLossFnOptions>>(where, args, ['full', 'eps', 'reduction'], { full: false, eps: 1e-6, reduction: 'mean' });
  input(where, x);
  checkTensor(where, 'target', target);
  const full = checkBool(where, 'full', o.full);
  const eps = checkNumber(where, 'eps', o.eps);
  let v: Tensor;
  if (typeof variance === 'number') {
    checkNumber(where, 'var', variance);
    if (variance < 0) throw new RangeError('var has negative entry/entries');
    v = ops.onesLike(x).mul(variance);
  } else {
    v = checkTensor(where, 'var', variance);
    if (ops.any(v.lt(0)).item()) throw new RangeError('var has negative entry/entries');
  }
  const xs = x.shape;
  const vs = v.shape;
  const same = (a: readonly number[], b: readonly number[]): boolean => a.length === b.length && a.every((s, i) => s === b[i]);
  if (!same(vs, xs)) {
    if (xs.length > 0 && same(xs.slice(0, -1), vs)) {
      v = v.unsqueeze(-1);
    } else if (!(xs.length === vs.length && vs.reduce((acc, s, i) => (xs[i] !== s ? acc + s : acc), 0) === 1)) {
      throw new RangeError('var is of incorrect size');
    }
  }
  const reduction = checkReduction(where, o.reduction, 'is not valid');
  v = v.clone();
  noGrad(() => v.clamp_({ min: eps }));
  let loss = v.log().add(x.sub(target).pow(2).div(v)).mul(0.5);
  if (full) loss = loss.add(0.5 * Math.log(2 * Math.PI));
  return reduce(loss, reduction);
}

/** Options of the margin losses (marginRankingLoss, hingeEmbeddingLoss, cosineEmbeddingLoss). */
export interface MarginLossFnOptions {
  margin?: number;
  reduction?: Reduction;
}

/**
 * max(0, -target * (x1 - x2) + margin), for targets of 1 (x1 should rank higher) or -1.
 * @example F.marginRankingLoss(scoreA, scoreB, torch.tensor([1, -1, 1]), { margin: 0.5 })
 */
export function marginRankingLoss(x1: Tensor, x2: Tensor, target: Tensor, ...args: Args<[margin: number, reduction: Reduction], MarginLossFnOptions>): Tensor {
  const where = 'F.marginRankingLoss()';
  const o = parseArgs<Required<MarginLossFnOptions>>(where, args, ['margin', 'reduction'], { margin: 0, reduction: 'mean' });
  checkTensor(where, 'input1', x1);
  checkTensor(where, 'input2', x2);
  checkTensor(where, 'target', target);
  const margin = checkNumber(where, 'margin', o.margin);
  const r = reductionEnum(where, o.reduction);
  if (x1.dim() !== x2.dim() || x1.dim() !== target.dim()) {
    throw new RangeError('margin_ranking_loss : All input tensors should have same dimension but got sizes: '
      + `input1: ${pySize(x1.shape)}, input2: ${pySize(x2.shape)}, target: ${pySize(target.shape)} `);
  }
  return ops.marginRankingLoss(x1, x2, target, margin, r);
}

/**
 * x where target is 1, max(0, margin - x) where it is -1: for learning whether inputs (often
 * distances) are similar.
 * @example F.hingeEmbeddingLoss(distances, torch.tensor([1, -1, 1]), { margin: 2 })
 */
export function hingeEmbeddingLoss(x: Tensor, target: Tensor, ...args: Args<[margin: number, reduction: Reduction], MarginLossFnOptions>): Tensor {
  const where = 'F.hingeEmbeddingLoss()';
  const o = parseArgs<Required<MarginLossFnOptions>>(where, args, ['margin', 'reduction'], { margin: 1.0, reduction: 'mean' });
  input(where, x);
  checkTensor(where, 'target', target);
  const margin = checkNumber(where, 'margin', o.margin);
  return ops.hingeEmbeddingLoss(x, target, margin, reductionEnum(where, o.reduction));
}

/**
 * Multi-class multi-label hinge loss: `target` (C) or (N, C) holds class indices, ended by the
 * first -1.
 * @example F.multilabelMarginLoss(torch.tensor([[0.1, 0.2, 0.4, 0.8]]), torch.tensor([[3n, 0n, -1n, 1n]]))
 */
export function multilabelMarginLoss(x: Tensor, target: Tensor, ...args: Args<[reduction: Reduction], ReductionOptions>): Tensor {
  const where = 'F.multilabelMarginLoss()';
  const o = parseArgs<Required<ReductionOptions>>(where, args, ['reduction'], { reduction: 'mean' });
  input(where, x);
  checkTensor(where, 'target', target);
  return ops.multilabelMarginLoss(x, target, reductionEnum(where, o.reduction));
}

/**
 * Two-class logistic loss log(1 + exp(-target * x)), targets 1 or -1.
 * @example F.softMarginLoss(scores, torch.tensor([1, -1, 1]))
 */
export function softMarginLoss(x: Tensor, target: Tensor, ...args: Args<[reduction: Reduction], ReductionOptions>): Tensor {
  const where = 'F.softMarginLoss()';
  const o = parseArgs<Required<ReductionOptions>>(where, args, ['reduction'], { reduction: 'mean' });
  input(where, x);
  checkTensor(where, 'target', target);
  return ops.softMarginLoss(x, target, reductionEnum(where, o.reduction));
}

/** Options of multilabelSoftMarginLoss. */
export interface MultiLabelSoftMarginLossFnOptions {
  /** A weight per class (C). */
  weight?: Tensor | null;
  reduction?: Reduction;
}

/**
 * Multi-label one-versus-all logistic loss of `x` (N, C) against 0/1 targets (N, C), averaged
 * over the classes.
 * @example F.multilabelSoftMarginLoss(logits, torch.tensor([[1, 0, 1], [0, 1, 0]]))
 */
export function multilabelSoftMarginLoss(x: Tensor, target: Tensor, ...args: Args<[weight: Tensor | null, reduction: Reduction], MultiLabelSoftMarginLossFnOptions>): Tensor {
  const where = 'F.multilabelSoftMarginLoss()';
  const o = parseArgs<Required<MultiLabelSoftMarginLossFnOptions>>(where, args, ['weight', 'reduction'], { weight: null, reduction: 'mean' });
  input(where, x);
  checkTensor(where, 'target', target);
  const weight = checkTensor(where, 'weight', o.weight, true);
  let loss = target.mul(ops.logSigmoid(x)).add(ops.rsub(target, 1).mul(ops.logSigmoid(x.neg()))).neg();
  if (weight !== null) loss = loss.mul(weight);
  const classDim = x.dim() - 1;
  const C = x.size(classDim);
  loss = ops.sum(loss, { dim: classDim }).div(C);
  return reduce(loss, checkReduction(where, o.reduction, 'is not valid'));
}

/**
 * 1 - cos(x1, x2) where target is 1, max(0, cos(x1, x2) - margin) where it is -1.
 * @example F.cosineEmbeddingLoss(a, b, torch.tensor([1, -1]), { margin: 0.2 })
 */
export function cosineEmbeddingLoss(x1: Tensor, x2: Tensor, target: Tensor, ...args: Args<[margin: number, reduction: Reduction], MarginLossFnOptions>): Tensor {
  const where = 'F.cosineEmbeddingLoss()';
  const o = parseArgs<Required<MarginLossFnOptions>>(where, args, ['margin', 'reduction'], { margin: 0, reduction: 'mean' });
  checkTensor(where, 'input1', x1);
  checkTensor(where, 'input2', x2);
  checkTensor(where, 'target', target);
  const margin = checkNumber(where, 'margin', o.margin);
  return ops.cosineEmbeddingLoss(x1, x2, target, margin, reductionEnum(where, o.reduction));
}

/** Options of multiMarginLoss. */
export interface MultiMarginLossFnOptions {
  /** 1 (default) or 2: the power of the hinge. */
  p?: number;
  margin?: number;
  /** A weight per class (C), one-dimensional. */
  weight?: Tensor | null;
  reduction?: Reduction;
}

/**
 * Multi-class hinge loss of `x` (N, C) or (C) at class indices `target`.
 * @example F.multiMarginLoss(scores, labels, { p: 2, margin: 0.5 })
 */
export function multiMarginLoss(x: Tensor, target: Tensor, ...args: Args<[p: number, margin: number, weight: Tensor | null, reduction: Reduction], MultiMarginLossFnOptions>): Tensor {
  const where = 'F.multiMarginLoss()';
  const o = parseArgs<Required<MultiMarginLossFnOptions>>(where, args, ['p', 'margin', 'weight', 'reduction'], { p: 1, margin: 1.0, weight: null, reduction: 'mean' });
  input(where, x);
  checkTensor(where, 'target', target);
  const p = checkNumber(where, 'p', o.p);
  const margin = checkNumber(where, 'margin', o.margin);
  const weight = checkTensor(where, 'weight', o.weight, true);
  const r = reductionEnum(where, o.reduction);
  if (p !== 1 && p !== 2) throw new RangeError('only p == 1 and p == 2 supported');
  if (weight !== null && weight.dim() !== 1) throw new RangeError('weight must be one-dimensional');
  return ops.multiMarginLoss(x, target, p, margin, { weight, reduction: r });
}

/** Options of tripletMarginLoss. */
export interface TripletMarginLossFnOptions {
  /** Positive (default 1). */
  margin?: number;
  /** The norm degree of the pairwise distance (default 2). */
  p?: number;
  eps?: number;
  /** Use the distance positive-negative when it is smaller than anchor-negative (default false). */
  swap?: boolean;
  reduction?: Reduction;
}

/**
 * max(d(a, p) - d(a, n) + margin, 0) with the p-norm pairwise distance d.
 * @example F.tripletMarginLoss(anchor, positive, negative, { margin: 0.5, swap: true })
 */
export function tripletMarginLoss(anchor: Tensor, positive: Tensor, negative: Tensor,
  ...args: Args<[margin: number, p: number, eps: number, swap: boolean, reduction: Reduction], TripletMarginLossFnOptions>): Tensor {
  const where = 'F.tripletMarginLoss()';
  const o = parseArgs<Required<TripletMarginLossFnOptions>>(where, args, ['margin', 'p', 'eps', 'swap', 'reduction'], { margin: 1.0, p: 2, eps: 1e-6, swap: false, reduction: 'mean' });
  checkTensor(where, 'anchor', anchor);
  checkTensor(where, 'positive', positive);
  checkTensor(where, 'negative', negative);
  const margin = checkNumber(where, 'margin', o.margin);
  const p = checkNumber(where, 'p', o.p);
  const eps = checkNumber(where, 'eps', o.eps);
  const swap = checkBool(where, 'swap', o.swap);
  const r = reductionEnum(where, o.reduction);
  if (margin <= 0) throw new RangeError(`margin must be greater than 0, got ${margin}`);
  return ops.tripletMarginLoss(anchor, positive, negative, margin, p, eps, swap, r);
}

/** A distance between two batches of embeddings, row by row (a function or a callable module). */
export type DistanceFunction = (x1: Tensor, x2: Tensor) => Tensor;

/** Options of tripletMarginWithDistanceLoss (all keyword-only, as in PyTorch). */
export interface TripletMarginWithDistanceLossFnOptions {
  /** The distance (default: the Euclidean pairwise distance, torch.pairwiseDistance). */
  distanceFunction?: DistanceFunction | null;
  /** Positive (default 1). */
  margin?: number;
  swap?: boolean;
  reduction?: Reduction;
}

/**
 * max(d(a, p) - d(a, n) + margin, 0) with any distance function d.
 * @example
 * const cosDist = (a: Tensor, b: Tensor) => torch.sub(1, F.cosineSimilarity(a, b));
 * F.tripletMarginWithDistanceLoss(anchor, positive, negative, { distanceFunction: cosDist, margin: 0.3 })
 */
export function tripletMarginWithDistanceLoss(anchor: Tensor, positive: Tensor, negative: Tensor,
  ...args: Args<[], TripletMarginWithDistanceLossFnOptions>): Tensor {
  const where = 'F.tripletMarginWithDistanceLoss()';
  const o = keywordOnly<Required<TripletMarginWithDistanceLossFnOptions>>(where, args, ['distanceFunction', 'margin', 'swap', 'reduction'],
    { distanceFunction: null, margin: 1.0, swap: false, reduction: 'mean' });
  checkTensor(where, 'anchor', anchor);
  checkTensor(where, 'positive', positive);
  checkTensor(where, 'negative', negative);
  if (o.distanceFunction !== null && typeof o.distanceFunction !== 'function') {
    throw argTypeError(where, 'distanceFunction', 'a function of two tensors or null', o.distanceFunction);
  }
  const margin = checkNumber(where, 'margin', o.margin);
  const swap = checkBool(where, 'swap', o.swap);
  const reduction = checkReduction(where, o.reduction, 'is not a valid value for reduction');
  if (margin <= 0) throw new RangeError(`margin must be greater than 0, got ${margin}`);
  const [ad, pd, nd] = [anchor.dim(), positive.dim(), negative.dim()];
  if (!(ad === pd && pd === nd)) {
    throw new RangeError('The anchor, positive, and negative tensors are expected to have the same number of dimensions, but got: '
      + `anchor ${ad}D, positive ${pd}D, and negative ${nd}D inputs`);
  }
  const d: DistanceFunction = o.distanceFunction ?? ((a, b) => ops.pairwiseDistance(a, b));
  const distance = (a: Tensor, b: Tensor): Tensor => {
    const out: unknown = d(a, b);
    if (!(out instanceof Tensor)) throw argTypeError(where, 'distanceFunction', 'a function returning a Tensor', out);
    return out;
  };
  const distPos = distance(anchor, positive);
  let distNeg = distance(anchor, negative);
  if (swap) distNeg = ops.minimum(distNeg, distance(positive, negative));
  const loss = ops.clampMin(distPos.add(margin).sub(distNeg), 0);
  return reduce(loss, reduction);
}

/** Options of linearCrossEntropy (all keyword-only, as in PyTorch). */
export interface LinearCrossEntropyFnOptions {
  /** The bias of the linear map, (C, d1, ..., dK). */
  linearBias?: Tensor | null;
  /** A manual rescaling weight per class. */
  weight?: Tensor | null;
  reduction?: Reduction;
  /** A target value ignored (default: none given, which is -100 for class-index targets). */
  ignoreIndex?: number | null;
  labelSmoothing?: number;
  /**
   * PyTorch's `LinearCrossEntropyOptions`, which selects a chunked implementation; only null (the
   * reference path, PyTorch's default) is available here.
   */
  options?: null;
}

/**
 * Cross entropy of the logits `linear(x, linearWeight, linearBias)` against `target`, without a
 * separate linear layer: `x` is (in) or (N, in), `linearWeight` (C, in) or (C, d1, ..., dK, in) for
 * a K-dimensional loss.
 * @example
 * const loss = F.linearCrossEntropy(hidden, head.weight, labels, { labelSmoothing: 0.1 });
 */
export function linearCrossEntropy(x: Tensor, linearWeight: Tensor, target: Tensor, ...args: Args<[], LinearCrossEntropyFnOptions>): Tensor {
  const where = 'F.linearCrossEntropy()';
  const o = keywordOnly<Required<LinearCrossEntropyFnOptions>>(where, args, ['linearBias', 'weight', 'reduction', 'ignoreIndex', 'labelSmoothing', 'options'],
    { linearBias: null, weight: null, reduction: 'mean', ignoreIndex: null, labelSmoothing: 0.0, options: null });
  input(where, x);
  checkTensor(where, 'linearWeight', linearWeight);
  checkTensor(where, 'target', target);
  const bias = checkTensor(where, 'linearBias', o.linearBias, true);
  const weight = checkTensor(where, 'weight', o.weight, true);
  const ignore = o.ignoreIndex === null ? null : checkInt(where, 'ignoreIndex', o.ignoreIndex);
  if (o.options !== null) {
    throw new TypeError(`${where}: options (PyTorch's LinearCrossEntropyOptions, its chunked implementation) is not available: pass null for the reference path`);
  }
  if (x.dim() < 1 || x.dim() > 2) throw new RangeError(`expected input with dimensionality 1 or 2, got ${x.dim()}`);
  if (linearWeight.dim() < 2) throw new RangeError(`expected linear_weight with dimensionality at least 2, got ${linearWeight.dim()}`);
  const numBatches = x.shape.slice(0, -1);
  const inFeatures = x.shape[x.dim() - 1]!;
  const ws = linearWeight.shape;
  if (inFeatures !== ws[ws.length - 1]) {
    throw new RangeError('expected equal input and linear_weight last dimensions (in_features), '
      + `got ${inFeatures} and ${ws[ws.length - 1]}, respectively`);
  }
  const numClasses = ws[0]!;
  const outFeatures = ws.slice(1, -1);
  const same = (a: readonly number[], b: readonly number[]): boolean => a.length === b.length && a.every((s, i) => s === b[i]);
  if (bias !== null && !same(bias.shape, [numClasses, ...outFeatures])) {
    throw new RangeError(`expected linear_bias shape ${pyRepr([numClasses, ...outFeatures])}, got ${pyRepr(bias.shape)}`);
  }
  if (outFeatures.length > 0 && numBatches.length === 0) {
    throw new RangeError(`K-dimensional loss defined by linear_weight shape ${pyRepr(ws)} requires`
      + ` batched input, (N, ${inFeatures}), got unbatched input with shape ${pyRepr(x.shape)}`);
  }
  const logitsShape = [...numBatches, numClasses, ...outFeatures];
  if (same(target.shape, logitsShape) && ignore !== null) {
    throw new RangeError('ignore_index cannot be specified when target contains probabilities');
  }
  const k = outFeatures.reduce((a, b) => a * b, numClasses);
  let w = linearWeight;
  let b = bias;
  if (outFeatures.length > 0) {
    w = w.reshape([k, inFeatures]);
    if (b !== null) b = b.reshape([k]);
  }
  const logits = ops.linear(x, w, b).reshape(logitsShape);
  return crossEntropy(logits, target, { weight, reduction: o.reduction, ignoreIndex: ignore ?? -100, labelSmoothing: o.labelSmoothing });
}
