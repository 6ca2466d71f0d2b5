// Loss modules, as torch/nn/modules/loss.py. Each takes `reduction` ('mean' by default, 'sum',
// 'none'); weighted losses keep `weight` (and `pos_weight`) as buffers, like PyTorch. Every
// argument is positional (in Python's order, less the deprecated `size_average` and `reduce`,
// which are unknown options here) or by keyword; Python's keyword-only ones are keyword-only.
import type { Tensor } from '../../tensor.js';
import { Module } from './module.js';
import { Linear, type FactoryOptions } from './linear.js';
import { PairwiseDistance } from './distance.js';
import * as F from '../functional.js';
import { parseArgs, checkChoice, checkInt, checkNumber, checkBool, checkTensor, checkIntTuple, argTypeError, isPlainObject, type KwArgs, type Args } from '../../validate.js';
import { keywordOnly } from '../functional/_args.js';
import { checkWhere, pyFloat, pyRepr } from '../_utils.js';
import type { Reduction, DistanceFunction } from '../functional.js';

/** `{ reduction }` of every loss. */
export interface LossOptions {
  /** 'mean' (default), 'sum' or 'none'. */
  reduction?: Reduction;
}

const REDUCTIONS = ['none', 'mean', 'sum'] as const;

/**
 * The shared part of the losses (PyTorch's _Loss).
 * @example const isLoss = criterion instanceof nn.Loss; criterion.reduction // 'mean'
 */
export abstract class Loss extends Module {
  reduction: Reduction;
  constructor(where: string, reduction: unknown) {
    super();
    checkWhere('nn.Loss', where);
    this.reduction = checkChoice(where, 'reduction', reduction, REDUCTIONS);
  }
}

/**
 * The shared part of the losses with a per-class weight buffer (PyTorch's _WeightedLoss).
 * @example new nn.NLLLoss(torch.tensor([1, 2, 1])).weight // the class weights, a buffer
 */
export abstract class WeightedLoss extends Loss {
  declare weight: Tensor | null;
  constructor(where: string, weight: unknown, reduction: unknown) {
    super(where, reduction);
    this.registerBuffer('weight', checkTensor(where, 'weight', weight, true));
  }
}

/** Options of NLLLoss. */
export interface NLLLossOptions extends LossOptions {
  weight?: Tensor | null;
  ignoreIndex?: number;
}

/**
 * Negative log likelihood of log-probabilities (N, C) at class indices (N).
 * @example
 * const criterion = new nn.NLLLoss(); criterion(logPs, labels).backward();
 * new nn.NLLLoss(classWeights, { reduction: 'sum' }); new nn.NLLLoss({ ignoreIndex: 0 });
 */
export class NLLLoss extends WeightedLoss {
  ignoreIndex: number;
  constructor(...args: KwArgs<[weight: Tensor | null, ignoreIndex: number, reduction: Reduction], [], NLLLossOptions>) {
    const where = `${new.target.name}()`;
    const o = parseArgs<Required<NLLLossOptions>>(where, args, ['weight', 'ignoreIndex', 'reduction'], { weight: null, ignoreIndex: -100, reduction: 'mean' });
    super(where, o.weight, o.reduction);
    this.ignoreIndex = checkInt(where, 'ignoreIndex', o.ignoreIndex);
  }
  forward(input: Tensor, target: Tensor): Tensor {
    return F.nllLoss(input, target, { weight: this.weight, ignoreIndex: this.ignoreIndex, reduction: this.reduction });
  }
}

/**
 * PyTorch's deprecated alias of NLLLoss for (N, C, H, W) inputs (NLLLoss takes those itself);
 * constructing one warns, a FutureWarning, as in Python.
 * @example new nn.NLLLoss2d()(logPs, labels) // as new nn.NLLLoss()
 */
export class NLLLoss2d extends NLLLoss {
  constructor(...args: KwArgs<[weight: Tensor | null, ignoreIndex: number, reduction: Reduction], [], NLLLossOptions>) {
    super(...args);
    process.emitWarning('`NLLLoss2d` has been deprecated. Please use `NLLLoss` instead as a drop-in replacement and see '
      + 'https://pytorch.org/docs/main/nn.html#torch.nn.NLLLoss for more details.', 'FutureWarning');
  }
}

/** Options of CrossEntropyLoss. */
export interface CrossEntropyLossOptions extends NLLLossOptions {
  labelSmoothing?: number;
}

/**
 * Cross entropy of logits against class indices or class probabilities (logSoftmax + NLLLoss).
 * @example const criterion = new nn.CrossEntropyLoss({ labelSmoothing: 0.1 }); criterion(logits, labels)
 */
export class CrossEntropyLoss extends WeightedLoss {
  ignoreIndex: number;
  labelSmoothing: number;
  constructor(...args: KwArgs<[weight: Tensor | null, ignoreIndex: number, reduction: Reduction, labelSmoothing: number], [], CrossEntropyLossOptions>) {
    const where = 'CrossEntropyLoss()';
    const o = parseArgs<Required<CrossEntropyLossOptions>>(where, args, ['weight', 'ignoreIndex', 'reduction', 'labelSmoothing'],
      { weight: null, ignoreIndex: -100, reduction: 'mean', labelSmoothing: 0.0 });
    super(where, o.weight, o.reduction);
    this.ignoreIndex = checkInt(where, 'ignoreIndex', o.ignoreIndex);
    this.labelSmoothing = checkNumber(where, 'labelSmoothing', o.labelSmoothing);
    if (this.labelSmoothing < 0 || this.labelSmoothing > 1) throw new RangeError(`${where}: labelSmoothing must be between 0.0 and 1.0 (got ${this.labelSmoothing})`);
  }
  forward(input: Tensor, target: Tensor): Tensor {
    return F.crossEntropy(input, target, { weight: this.weight, ignoreIndex: this.ignoreIndex, reduction: this.reduction, labelSmoothing: this.labelSmoothing });
  }
}

/** A loss whose only argument is `reduction`: MSELoss, L1Loss, SoftMarginLoss, MultiLabelMarginLoss. */
function reductionOnly(where: string, args: readonly unknown[]): Reduction {
  return parseArgs<Required<LossOptions>>(where, args, ['reduction'], { reduction: 'mean' }).reduction;
}

/** Mean squared error. @example new nn.MSELoss()(pred, y); new nn.MSELoss({ reduction: 'sum' }) */
export class MSELoss extends Loss {
  constructor(...args: KwArgs<[reduction: Reduction], [], LossOptions>) {
    super('MSELoss()', reductionOnly('MSELoss()', args));
  }
  forward(input: Tensor, target: Tensor): Tensor { return F.mseLoss(input, target, this.reduction); }
}

/** Mean absolute error. @example new nn.L1Loss({ reduction: 'sum' })(pred, y) */
export class L1Loss extends Loss {
  constructor(...args: KwArgs<[reduction: Reduction], [], LossOptions>) {
    super('L1Loss()', reductionOnly('L1Loss()', args));
  }
  forward(input: Tensor, target: Tensor): Tensor { return F.l1Loss(input, target, this.reduction); }
}

/** Options of BCELoss. */
export interface BCELossOptions extends LossOptions { weight?: Tensor | null }

/** Binary cross entropy of probabilities. @example new nn.BCELoss()(torch.sigmoid(z), y) */
export class BCELoss extends WeightedLoss {
  constructor(...args: KwArgs<[weight: Tensor | null, reduction: Reduction], [], BCELossOptions>) {
    const where = 'BCELoss()';
    const o = parseArgs<Required<BCELossOptions>>(where, args, ['weight', 'reduction'], { weight: null, reduction: 'mean' });
    super(where, o.weight, o.reduction);
  }
  forward(input: Tensor, target: Tensor): Tensor {
    return F.binaryCrossEntropy(input, target, { weight: this.weight, reduction: this.reduction });
  }
}

/** Options of BCEWithLogitsLoss. */
export interface BCEWithLogitsLossOptions extends BCELossOptions { posWeight?: Tensor | null }

/** Sigmoid + binary cross entropy, numerically stable. @example new nn.BCEWithLogitsLoss({ posWeight })(z, y) */
export class BCEWithLogitsLoss extends Loss {
  declare weight: Tensor | null;
  declare pos_weight: Tensor | null;
  constructor(...args: KwArgs<[weight: Tensor | null, reduction: Reduction, posWeight: Tensor | null], [], BCEWithLogitsLossOptions>) {
    const where = 'BCEWithLogitsLoss()';
    const o = parseArgs<Required<BCEWithLogitsLossOptions>>(where, args, ['weight', 'reduction', 'posWeight'], { weight: null, reduction: 'mean', posWeight: null });
    super(where, o.reduction);
    this.registerBuffer('weight', checkTensor(where, 'weight', o.weight, true));
    this.registerBuffer('pos_weight', checkTensor(where, 'posWeight', o.posWeight, true));
  }
  /** The positive-class weight buffer (`pos_weight` in the state dict). */
  get posWeight(): Tensor | null { return this.pos_weight; }
  forward(input: Tensor, target: Tensor): Tensor {
    return F.binaryCrossEntropyWithLogits(input, target, { weight: this.weight, posWeight: this.pos_weight, reduction: this.reduction });
  }
}

/** Options of SmoothL1Loss. */
export interface SmoothL1LossOptions extends LossOptions { beta?: number }

/** Squared error below beta, absolute above. @example new nn.SmoothL1Loss({ beta: 0.5 }) */
export class SmoothL1Loss extends Loss {
  beta: number;
  constructor(...args: KwArgs<[reduction: Reduction, beta: number], [], SmoothL1LossOptions>) {
    const where = 'SmoothL1Loss()';
    const o = parseArgs<Required<SmoothL1LossOptions>>(where, args, ['reduction', 'beta'], { reduction: 'mean', beta: 1.0 });
    super(where, o.reduction);
    this.beta = checkNumber(where, 'beta', o.beta);
  }
  forward(input: Tensor, target: Tensor): Tensor { return F.smoothL1Loss(input, target, this.reduction, this.beta); }
}

/** Options of HuberLoss. */
export interface HuberLossOptions extends LossOptions { delta?: number }

/** Huber loss. @example new nn.HuberLoss({ delta: 2 }) */
export class HuberLoss extends Loss {
  delta: number;
  constructor(...args: KwArgs<[reduction: Reduction, delta: number], [], HuberLossOptions>) {
    const where = 'HuberLoss()';
    const o = parseArgs<Required<HuberLossOptions>>(where, args, ['reduction', 'delta'], { reduction: 'mean', delta: 1.0 });
    super(where, o.reduction);
    this.delta = checkNumber(where, 'delta', o.delta);
  }
  forward(input: Tensor, target: Tensor): Tensor { return F.huberLoss(input, target, this.reduction, this.delta); }
}

/** Options of KLDivLoss. */
export interface KLDivLossOptions {
  reduction?: Reduction | 'batchmean';
  logTarget?: boolean;
}

/** Kullback-Leibler divergence. @example new nn.KLDivLoss({ reduction: 'batchmean' })(logQ, p) */
export class KLDivLoss extends Module {
  reduction: Reduction | 'batchmean';
  logTarget: boolean;
  constructor(...args: KwArgs<[reduction: Reduction | 'batchmean', logTarget: boolean], [], KLDivLossOptions>) {
    super();
    const where = 'KLDivLoss()';
    const o = parseArgs<Required<KLDivLossOptions>>(where, args, ['reduction', 'logTarget'], { reduction: 'mean', logTarget: false });
    this.reduction = checkChoice(where, 'reduction', o.reduction, ['none', 'mean', 'sum', 'batchmean']);
    this.logTarget = checkBool(where, 'logTarget', o.logTarget);
  }
  forward(input: Tensor, target: Tensor): Tensor { return F.klDiv(input, target, this.reduction, this.logTarget); }
}

/** Options of PoissonNLLLoss. */
export interface PoissonNLLLossOptions extends LossOptions {
  logInput?: boolean;
  full?: boolean;
  eps?: number;
}

/**
 * Negative log likelihood of a Poisson distribution with the input as (log-)rate.
 * @example new nn.PoissonNLLLoss({ logInput: false, full: true })(rate, counts)
 */
export class PoissonNLLLoss extends Loss {
  logInput: boolean;
  full: boolean;
  eps: number;
  constructor(...args: KwArgs<[logInput: boolean, full: boolean, eps: number, reduction: Reduction], [], PoissonNLLLossOptions>) {
    const where = 'PoissonNLLLoss()';
    const o = parseArgs<Required<PoissonNLLLossOptions>>(where, args, ['logInput', 'full', 'eps', 'reduction'], { logInput: true, full: false, eps: 1e-8, reduction: 'mean' });
    super(where, o.reduction);
    this.logInput = checkBool(where, 'logInput', o.logInput);
    this.full = checkBool(where, 'full', o.full);
    this.eps = checkNumber(where, 'eps', o.eps);
  }
  forward(logInput: Tensor, target: Tensor): Tensor {
    return F.poissonNllLoss(logInput, target, { logInput: this.logInput, full: this.full, eps: this.eps, reduction: this.reduction });
  }
}

/** Options of GaussianNLLLoss (keyword-only, as in PyTorch). */
export interface GaussianNLLLossOptions extends LossOptions {
  full?: boolean;
  eps?: number;
}

/**
 * Negative log likelihood of a Gaussian; forward takes the mean, the target and the variance.
 * @example const criterion = new nn.GaussianNLLLoss({ full: true }); criterion(mu, y, sigma2)
 */
export class GaussianNLLLoss extends Loss {
  full: boolean;
  eps: number;
  constructor(...args: Args<[], GaussianNLLLossOptions>) {
    const where = 'GaussianNLLLoss()';
    const o = keywordOnly<Required<GaussianNLLLossOptions>>(where, args, ['full', 'eps', 'reduction'], { full: false, eps: 1e-6, reduction: 'mean' });
    super(where, o.reduction);
    this.full = checkBool(where, 'full', o.full);
    this.eps = checkNumber(where, 'eps', o.eps);
  }
  forward(input: Tensor, target: Tensor, variance: Tensor | number): Tensor {
    return F.gaussianNllLoss(input, target, variance, { full: this.full, eps: this.eps, reduction: this.reduction });
  }
}

/** Options of the losses with a margin. */
export interface MarginLossOptions extends LossOptions { margin?: number }

/**
 * For inputs of distances and targets 1 or -1: x where 1, max(0, margin - x) where -1.
 * @example new nn.HingeEmbeddingLoss({ margin: 2 })(distances, targets)
 */
export class HingeEmbeddingLoss extends Loss {
  margin: number;
  constructor(...args: KwArgs<[margin: number, reduction: Reduction], [], MarginLossOptions>) {
    const where = 'HingeEmbeddingLoss()';
    const o = parseArgs<Required<MarginLossOptions>>(where, args, ['margin', 'reduction'], { margin: 1.0, reduction: 'mean' });
    super(where, o.reduction);
    this.margin = checkNumber(where, 'margin', o.margin);
  }
  forward(input: Tensor, target: Tensor): Tensor { return F.hingeEmbeddingLoss(input, target, this.margin, this.reduction); }
}

/**
 * Multi-class multi-label hinge loss (targets: class indices ended by -1).
 * @example new nn.MultiLabelMarginLoss()(scores, torch.tensor([[3n, 0n, -1n, 1n]]))
 */
export class MultiLabelMarginLoss extends Loss {
  constructor(...args: KwArgs<[reduction: Reduction], [], LossOptions>) {
    super('MultiLabelMarginLoss()', reductionOnly('MultiLabelMarginLoss()', args));
  }
  forward(input: Tensor, target: Tensor): Tensor { return F.multilabelMarginLoss(input, target, this.reduction); }
}

/**
 * Two-class logistic loss log(1 + exp(-y x)) for targets 1 or -1.
 * @example new nn.SoftMarginLoss()(scores, targets)
 */
export class SoftMarginLoss extends Loss {
  constructor(...args: KwArgs<[reduction: Reduction], [], LossOptions>) {
    super('SoftMarginLoss()', reductionOnly('SoftMarginLoss()', args));
  }
  forward(input: Tensor, target: Tensor): Tensor { return F.softMarginLoss(input, target, this.reduction); }
}

/** Options of MultiLabelSoftMarginLoss. */
export interface MultiLabelSoftMarginLossOptions extends LossOptions { weight?: Tensor | null }

/**
 * Multi-label one-versus-all logistic loss, averaged over the classes.
 * @example new nn.MultiLabelSoftMarginLoss(classWeights)(logits, multiHot)
 */
export class MultiLabelSoftMarginLoss extends WeightedLoss {
  constructor(...args: KwArgs<[weight: Tensor | null, reduction: Reduction], [], MultiLabelSoftMarginLossOptions>) {
    const where = 'MultiLabelSoftMarginLoss()';
    const o = parseArgs<Required<MultiLabelSoftMarginLossOptions>>(where, args, ['weight', 'reduction'], { weight: null, reduction: 'mean' });
    super(where, o.weight, o.reduction);
  }
  forward(input: Tensor, target: Tensor): Tensor {
    return F.multilabelSoftMarginLoss(input, target, { weight: this.weight, reduction: this.reduction });
  }
}

/**
 * 1 - cos(x1, x2) for targets 1, max(0, cos(x1, x2) - margin) for targets -1.
 * @example new nn.CosineEmbeddingLoss({ margin: 0.2 })(a, b, targets)
 */
export class CosineEmbeddingLoss extends Loss {
  margin: number;
  constructor(...args: KwArgs<[margin: number, reduction: Reduction], [], MarginLossOptions>) {
    const where = 'CosineEmbeddingLoss()';
    const o = parseArgs<Required<MarginLossOptions>>(where, args, ['margin', 'reduction'], { margin: 0.0, reduction: 'mean' });
    super(where, o.reduction);
    this.margin = checkNumber(where, 'margin', o.margin);
  }
  forward(input1: Tensor, input2: Tensor, target: Tensor): Tensor {
    return F.cosineEmbeddingLoss(input1, input2, target, this.margin, this.reduction);
  }
}

/**
 * max(0, -y (x1 - x2) + margin) for targets y of 1 or -1.
 * @example new nn.MarginRankingLoss({ margin: 0.5 })(scoreA, scoreB, targets)
 */
export class MarginRankingLoss extends Loss {
  margin: number;
  constructor(...args: KwArgs<[margin: number, reduction: Reduction], [], MarginLossOptions>) {
    const where = 'MarginRankingLoss()';
    const o = parseArgs<Required<MarginLossOptions>>(where, args, ['margin', 'reduction'], { margin: 0.0, reduction: 'mean' });
    super(where, o.reduction);
    this.margin = checkNumber(where, 'margin', o.margin);
  }
  forward(input1: Tensor, input2: Tensor, target: Tensor): Tensor {
    return F.marginRankingLoss(input1, input2, target, this.margin, this.reduction);
  }
}

/** Options of MultiMarginLoss. */
export interface MultiMarginLossOptions extends LossOptions {
  p?: number;
  margin?: number;
  weight?: Tensor | null;
}

/**
 * Multi-class hinge loss (p 1 or 2) at class indices.
 * @example new nn.MultiMarginLoss({ p: 2, margin: 0.5 })(scores, labels)
 */
export class MultiMarginLoss extends WeightedLoss {
  p: number;
  margin: number;
  constructor(...args: KwArgs<[p: number, margin: number, weight: Tensor | null, reduction: Reduction], [], MultiMarginLossOptions>) {
    const where = 'MultiMarginLoss()';
    const o = parseArgs<Required<MultiMarginLossOptions>>(where, args, ['p', 'margin', 'weight', 'reduction'], { p: 1, margin: 1.0, weight: null, reduction: 'mean' });
    super(where, o.weight, o.reduction);
    const p = checkNumber(where, 'p', o.p);
    if (p !== 1 && p !== 2) throw new RangeError('only p == 1 and p == 2 supported');
    if (this.weight !== null && this.weight.dim() !== 1) {
      throw new RangeError(`MultiMarginLoss: expected weight to be None or 1D tensor, got ${this.weight.dim()}D instead`);
    }
    this.p = p;
    this.margin = checkNumber(where, 'margin', o.margin);
  }
  forward(input: Tensor, target: Tensor): Tensor {
    return F.multiMarginLoss(input, target, { p: this.p, margin: this.margin, weight: this.weight, reduction: this.reduction });
  }
}

/** Options of TripletMarginLoss. */
export interface TripletMarginLossOptions extends LossOptions {
  margin?: number;
  p?: number;
  eps?: number;
  swap?: boolean;
}

/**
 * max(d(a, p) - d(a, n) + margin, 0) with the p-norm pairwise distance d.
 * @example new nn.TripletMarginLoss({ margin: 1, p: 2 })(anchor, positive, negative)
 */
export class TripletMarginLoss extends Loss {
  margin: number;
  p: number;
  eps: number;
  swap: boolean;
  constructor(...args: KwArgs<[margin: number, p: number, eps: number, swap: boolean, reduction: Reduction], [], TripletMarginLossOptions>) {
    const where = 'TripletMarginLoss()';
    const o = parseArgs<Required<TripletMarginLossOptions>>(where, args, ['margin', 'p', 'eps', 'swap', 'reduction'],
      { margin: 1.0, p: 2.0, eps: 1e-6, swap: false, reduction: 'mean' });
    super(where, o.reduction);
    const margin = checkNumber(where, 'margin', o.margin);
    if (margin <= 0) throw new RangeError(`TripletMarginLoss: expected margin to be greater than 0, got ${margin} instead`);
    this.margin = margin;
    this.p = checkNumber(where, 'p', o.p);
    this.eps = checkNumber(where, 'eps', o.eps);
    this.swap = checkBool(where, 'swap', o.swap);
  }
  forward(anchor: Tensor, positive: Tensor, negative: Tensor): Tensor {
    return F.tripletMarginLoss(anchor, positive, negative, { margin: this.margin, p: this.p, eps: this.eps, swap: this.swap, reduction: this.reduction });
  }
}

/** Options of TripletMarginWithDistanceLoss (keyword-only, as in PyTorch). */
export interface TripletMarginWithDistanceLossOptions extends LossOptions {
  /** A distance of two batches of embeddings; null (default) is a PairwiseDistance submodule. */
  distanceFunction?: DistanceFunction | null;
  margin?: number;
  swap?: boolean;
}

/**
 * max(d(a, p) - d(a, n) + margin, 0) with any distance d (a function, or a module such as
 * nn.PairwiseDistance, the default, which is registered as the submodule `distance_function`).
 * @example
 * new nn.TripletMarginWithDistanceLoss({ distanceFunction: (a, b) => torch.sub(1, F.cosineSimilarity(a, b)), margin: 0.3 })
 */
export class TripletMarginWithDistanceLoss extends Loss {
  /** The distance, under Python's attribute name (a submodule when it is a module). */
  distance_function: DistanceFunction;
  margin: number;
  swap: boolean;
  constructor(...args: Args<[], TripletMarginWithDistanceLossOptions>) {
    const where = 'TripletMarginWithDistanceLoss()';
    const o = keywordOnly<Required<TripletMarginWithDistanceLossOptions>>(where, args, ['distanceFunction', 'margin', 'swap', 'reduction'],
      { distanceFunction: null, margin: 1.0, swap: false, reduction: 'mean' });
    super(where, o.reduction);
    const margin = checkNumber(where, 'margin', o.margin);
    if (margin <= 0) throw new RangeError(`TripletMarginWithDistanceLoss: expected margin to be greater than 0, got ${margin} instead`);
    if (o.distanceFunction !== null && typeof o.distanceFunction !== 'function') {
      throw argTypeError(where, 'distanceFunction', 'a function of two tensors or null', o.distanceFunction);
    }
    this.distance_function = o.distanceFunction ?? new PairwiseDistance();
    this.margin = margin;
    this.swap = checkBool(where, 'swap', o.swap);
  }
  /** The distance function (`distance_function`). */
  get distanceFunction(): DistanceFunction { return this.distance_function; }
  forward(anchor: Tensor, positive: Tensor, negative: Tensor): Tensor {
    return F.tripletMarginWithDistanceLoss(anchor, positive, negative,
      { distanceFunction: this.distance_function, margin: this.margin, swap: this.swap, reduction: this.reduction });
  }
}

/** Options of CTCLoss. */
export interface CTCLossOptions extends LossOptions {
  blank?: number;
  zeroInfinity?: boolean;
}

/**
 * The Connectionist Temporal Classification loss; forward takes (logProbs, targets,
 * inputLengths, targetLengths), as F.ctcLoss.
 * @example const ctc = new nn.CTCLoss({ blank: 0, zeroInfinity: true }); ctc(logProbs, targets, inputLengths, targetLengths)
 */
export class CTCLoss extends Loss {
  blank: number;
  zeroInfinity: boolean;
  constructor(...args: KwArgs<[blank: number, reduction: Reduction, zeroInfinity: boolean], [], CTCLossOptions>) {
    const where = 'CTCLoss()';
    const o = parseArgs<Required<CTCLossOptions>>(where, args, ['blank', 'reduction', 'zeroInfinity'], { blank: 0, reduction: 'mean', zeroInfinity: false });
    super(where, o.reduction);
    this.blank = checkInt(where, 'blank', o.blank);
    this.zeroInfinity = checkBool(where, 'zeroInfinity', o.zeroInfinity);
  }
  forward(logProbs: Tensor, targets: Tensor, inputLengths: Tensor | readonly number[], targetLengths: Tensor | readonly number[]): Tensor {
    return F.ctcLoss(logProbs, targets, inputLengths, targetLengths, this.blank, this.reduction, this.zeroInfinity);
  }
}

/** Every argument of LinearCrossEntropyLoss by name (all but the first two are keyword-only in PyTorch). */
export interface LinearCrossEntropyLossKeywords extends FactoryOptions, LossOptions {
  inFeatures?: number;
  numClasses?: number;
  /** (d1, ..., dK) of a K-dimensional loss (default none). */
  outFeatures?: readonly number[];
  /** Learn a bias of the linear map (default false). */
  bias?: boolean;
  weight?: Tensor | null;
  ignoreIndex?: number | null;
  labelSmoothing?: number;
  /** PyTorch's chunked-path options; only null (its default, the reference path) is available. */
  options?: null;
}

/**
 * A linear layer (`linear`, inFeatures -> numClasses x outFeatures) and cross entropy in one
 * module, as F.linearCrossEntropy.
 * @example
 * const head = new nn.LinearCrossEntropyLoss(512, 32000, { labelSmoothing: 0.1 });
 * const loss = head(hidden, tokens); // hidden (N, 512), tokens (N)
 */
export class LinearCrossEntropyLoss extends WeightedLoss {
  numClasses: number;
  outFeatures: number[];
  ignoreIndex: number | null;
  labelSmoothing: number;
  linear: Linear;
  options: null;
  constructor(...args: KwArgs<[inFeatures: number, numClasses: number], ['inFeatures', 'numClasses'], LinearCrossEntropyLossKeywords>) {
    const where = 'LinearCrossEntropyLoss()';
    let n = args.length;
    while (n > 0 && args[n - 1] === undefined) n--;
    if (n > 3 || (n === 3 && !isPlainObject(args[2]))) {
      throw new TypeError(`${where} takes 2 positional arguments (inFeatures, numClasses); the others are keyword-only`);
    }
    const o = parseArgs<LinearCrossEntropyLossKeywords>(where, args,
      ['inFeatures', 'numClasses', 'outFeatures', 'bias', 'device', 'dtype', 'reduction', 'weight', 'ignoreIndex', 'labelSmoothing', 'options'],
      { outFeatures: [], bias: false, reduction: 'mean', weight: null, ignoreIndex: null, labelSmoothing: 0.0, options: null }, ['inFeatures', 'numClasses']);
    const inFeatures = checkInt(where, 'inFeatures', o.inFeatures, 0);
    const numClasses = checkInt(where, 'numClasses', o.numClasses, 0);
    if (!Array.isArray(o.outFeatures)) throw argTypeError(where, 'outFeatures', 'an array of integers', o.outFeatures);
    const outFeatures = checkIntTuple(where, 'outFeatures', o.outFeatures, 0, 0);
    const weight = checkTensor(where, 'weight', o.weight, true);
    if (weight !== null && !(weight.dim() === 1 && weight.shape[0] === numClasses)) {
      throw new RangeError(`expected weight shape to be ${pyRepr([numClasses])}, got ${pyRepr(weight.shape)}`);
    }
    const labelSmoothing = checkNumber(where, 'labelSmoothing', o.labelSmoothing);
    if (labelSmoothing < 0 || labelSmoothing > 1.0) throw new RangeError(`expected label_smoothing to be in range [0, 1], got ${pyFloat(labelSmoothing)}`);
    if (o.options !== null && o.options !== undefined) {
      throw new TypeError(`${where}: options (PyTorch's LinearCrossEntropyOptions, its chunked implementation) is not available: pass null for the reference path`);
    }
    super(where, weight, o.reduction);
    this.numClasses = numClasses;
    this.outFeatures = outFeatures;
    this.ignoreIndex = o.ignoreIndex === null || o.ignoreIndex === undefined ? null : checkInt(where, 'ignoreIndex', o.ignoreIndex);
    this.labelSmoothing = labelSmoothing;
    const kw: FactoryOptions = {};
    if (o.device !== undefined) kw.device = o.device;
    if (o.dtype !== undefined) kw.dtype = o.dtype;
    this.linear = new Linear(inFeatures, outFeatures.reduce((a, b) => a * b, numClasses), { bias: checkBool(where, 'bias', o.bias), ...kw });
    this.options = null;
  }
  forward(input: Tensor, target: Tensor): Tensor {
    const w = this.linear.weight.reshape([this.numClasses, ...this.outFeatures, this.linear.inFeatures]);
    const b = this.linear.bias === null ? null : this.linear.bias.reshape([this.numClasses, ...this.outFeatures]);
    return F.linearCrossEntropy(input, w, target, {
      linearBias: b, weight: this.weight, reduction: this.reduction, ignoreIndex: this.ignoreIndex, labelSmoothing: this.labelSmoothing, options: this.options,
    });
  }
  override extraRepr(): string {
    return `in_features=${this.linear.inFeatures}, num_classes=${this.numClasses}, out_features=${pyRepr(this.outFeatures)}, `
      + `bias=${pyRepr(this.linear.bias !== null)}, reduction=${this.reduction}, ignore_index=${pyRepr(this.ignoreIndex)}, `
      + `label_smoothing=${pyFloat(this.labelSmoothing)}, options=None`;
  }
}
