// nn.functional's losses, as in torch/nn/functional.py.
import { Tensor } from '../../tensor.js';
import * as ops from '../../generated/functions.js';
import { parseArgs, checkNumber, checkBool, checkInt, checkTensor, type Args } from '../../validate.js';
import { reductionEnum, pySize } from '../_utils.js';
import { input } from './_args.js';

/** How a loss reduces over the batch. */
export type Reduction = 'none' | 'mean' | 'sum';

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

/** Mean squared error. @example F.mseLoss(pred, y) */
export function mseLoss(x: Tensor, target: Tensor, ...args: Args<[reduction: Reduction], ReductionOptions>): Tensor {
  const where = 'F.mseLoss()';
  const o = parseArgs<Required<ReductionOptions>>(where, args, ['reduction'], { reduction: 'mean' });
  input(where, x);
  checkTensor(where, 'target', target);
  const r = reductionEnum(where, o.reduction);
  const [a, b] = ops.broadcastTensors([x, target]) as unknown as [Tensor, Tensor];
  return ops.mseLoss(a, b, r);
}

/** Mean absolute error. @example F.l1Loss(pred, y) */
export function l1Loss(x: Tensor, target: Tensor, ...args: Args<[reduction: Reduction], ReductionOptions>): Tensor {
  const where = 'F.l1Loss()';
  const o = parseArgs<Required<ReductionOptions>>(where, args, ['reduction'], { reduction: 'mean' });
  input(where, x);
  checkTensor(where, 'target', target);
  const r = reductionEnum(where, o.reduction);
  const [a, b] = ops.broadcastTensors([x, target]) as unknown as [Tensor, Tensor];
  return ops.l1Loss(a, b, r);
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
  if (weight !== null) weight = weight.expand(ts);
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
  const r = reductionEnum(where, o.reduction);
  const beta = checkNumber(where, 'beta', o.beta);
  if (beta < 0) throw new RangeError(`${where}: beta must be non-negative (got ${beta})`);
  const [a, b] = ops.broadcastTensors([x, target]) as unknown as [Tensor, Tensor];
  if (beta === 0.0) return ops.l1Loss(a, b, r);
  return ops.smoothL1Loss(a, b, r, beta);
}

/** Options of huberLoss. */
export interface HuberOptions { reduction?: Reduction; delta?: number }

/** Huber loss: squared below delta, delta-scaled absolute above. @example F.huberLoss(pred, y, { delta: 2 }) */
export function huberLoss(x: Tensor, target: Tensor, ...args: Args<[reduction: Reduction, delta: number], HuberOptions>): Tensor {
  const where = 'F.huberLoss()';
  const o = parseArgs<Required<HuberOptions>>(where, args, ['reduction', 'delta'], { reduction: 'mean', delta: 1.0 });
  input(where, x);
  checkTensor(where, 'target', target);
  const r = reductionEnum(where, o.reduction);
  const delta = checkNumber(where, 'delta', o.delta);
  if (delta <= 0) throw new RangeError(`${where}: delta must be positive (got ${delta})`);
  const [a, b] = ops.broadcastTensors([x, target]) as unknown as [Tensor, Tensor];
  return ops.huberLoss(a, b, r, delta);
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
  const r = o.reduction === 'batchmean' ? 2 : reductionEnum(where, o.reduction);
  const reduced = ops.klDiv(x, target, r, { logTarget: checkBool(where, 'logTarget', o.logTarget) });
  if (o.reduction === 'batchmean' && x.dim() !== 0) return reduced.div(x.size(0));
  return reduced;
}
