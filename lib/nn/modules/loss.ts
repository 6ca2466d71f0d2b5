// Loss modules, as torch/nn/modules/loss.py. Each takes `reduction` ('mean' by default, 'sum',
// 'none'); weighted losses keep `weight` (and `pos_weight`) as buffers, like PyTorch.
import type { Tensor } from '../../tensor.js';
import { Module } from './module.js';
import * as F from '../functional.js';
import { parseArgs, checkChoice, checkInt, checkNumber, checkBool, checkTensor, type Args } from '../../validate.js';
import { checkWhere } from '../_utils.js';
import type { Reduction } from '../functional.js';

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
 * @example const criterion = new nn.NLLLoss(); criterion(logPs, labels).backward();
 */
export class NLLLoss extends WeightedLoss {
  ignoreIndex: number;
  constructor(...args: Args<[weight: Tensor | null], NLLLossOptions>) {
    const where = 'NLLLoss()';
    const o = parseArgs<Required<NLLLossOptions>>(where, args, ['weight', 'ignoreIndex', 'reduction'], { weight: null, ignoreIndex: -100, reduction: 'mean' });
    super(where, o.weight, o.reduction);
    this.ignoreIndex = checkInt(where, 'ignoreIndex', o.ignoreIndex);
  }
  forward(input: Tensor, target: Tensor): Tensor {
    return F.nllLoss(input, target, { weight: this.weight, ignoreIndex: this.ignoreIndex, reduction: this.reduction });
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
  constructor(...args: Args<[weight: Tensor | null], CrossEntropyLossOptions>) {
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

/** Mean squared error. @example new nn.MSELoss()(pred, y) */
export class MSELoss extends Loss {
  constructor(...args: Args<[reduction: Reduction], LossOptions>) {
    const o = parseArgs<Required<LossOptions>>('MSELoss()', args, ['reduction'], { reduction: 'mean' });
    super('MSELoss()', o.reduction);
  }
  forward(input: Tensor, target: Tensor): Tensor { return F.mseLoss(input, target, this.reduction); }
}

/** Mean absolute error. @example new nn.L1Loss({ reduction: 'sum' })(pred, y) */
export class L1Loss extends Loss {
  constructor(...args: Args<[reduction: Reduction], LossOptions>) {
    const o = parseArgs<Required<LossOptions>>('L1Loss()', args, ['reduction'], { reduction: 'mean' });
    super('L1Loss()', o.reduction);
  }
  forward(input: Tensor, target: Tensor): Tensor { return F.l1Loss(input, target, this.reduction); }
}

/** Options of BCELoss. */
export interface BCELossOptions extends LossOptions { weight?: Tensor | null }

/** Binary cross entropy of probabilities. @example new nn.BCELoss()(torch.sigmoid(z), y) */
export class BCELoss extends WeightedLoss {
  constructor(...args: Args<[weight: Tensor | null], BCELossOptions>) {
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
  constructor(...args: Args<[weight: Tensor | null], BCEWithLogitsLossOptions>) {
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
  constructor(...args: Args<[reduction: Reduction, beta: number], SmoothL1LossOptions>) {
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
  constructor(...args: Args<[reduction: Reduction, delta: number], HuberLossOptions>) {
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
  constructor(...args: Args<[reduction: Reduction | 'batchmean', logTarget: boolean], KLDivLossOptions>) {
    super();
    const where = 'KLDivLoss()';
    const o = parseArgs<Required<KLDivLossOptions>>(where, args, ['reduction', 'logTarget'], { reduction: 'mean', logTarget: false });
    this.reduction = checkChoice(where, 'reduction', o.reduction, ['none', 'mean', 'sum', 'batchmean']);
    this.logTarget = checkBool(where, 'logTarget', o.logTarget);
  }
  forward(input: Tensor, target: Tensor): Tensor { return F.klDiv(input, target, this.reduction, this.logTarget); }
}
