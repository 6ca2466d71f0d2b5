// AdaptiveLogSoftmaxWithLoss, as torch/nn/modules/adaptive.py.
import type { Tensor } from '../../tensor.js';
import { argmax } from '../../generated/functions.js';
import { Module } from './module.js';
import { Linear, type FactoryOptions } from './linear.js';
import { ModuleList, Sequential } from './container.js';
import * as F from '../functional.js';
import { parseArgs, checkInt, checkNumber, checkBool, argTypeError, type KwArgs } from '../../validate.js';
import { pySize } from '../_utils.js';
import { checkDense } from '../../arrays.js';

/** The result of AdaptiveLogSoftmaxWithLoss's forward: `[output, loss]`, also by name (Python's `_ASMoutput`). */
export type ASMOutput = [output: Tensor, loss: Tensor] & {
  /** The log-probability of each example's target class (N) (or a scalar for one example). */
  output: Tensor;
  /** The mean negative log-likelihood, a scalar. */
  loss: Tensor;
};

/** Every argument of AdaptiveLogSoftmaxWithLoss by name. */
export interface AdaptiveLogSoftmaxWithLossKeywords extends FactoryOptions {
  inFeatures?: number;
  nClasses?: number;
  /** Increasing class indices in [1, nClasses - 1] where the clusters start. */
  cutoffs?: readonly number[];
  /** Each cluster's hidden size is inFeatures / divValue^(cluster index + 1) (default 4). */
  divValue?: number;
  /** A bias in the head (default false). */
  headBias?: boolean;
}

/**
 * Efficient softmax approximation for many classes (Grave et al., 2016): frequent classes in a
 * head, rare ones in tail clusters of smaller projections. Forward returns `{ output, loss }`
 * (also `[output, loss]`); `logProb(x)` gives all log-probabilities, `predict(x)` the likeliest class.
 * @example
 * const asm = new nn.AdaptiveLogSoftmaxWithLoss(64, 1000, [100, 500], { divValue: 2 });
 * const { output, loss } = asm(hidden, targets); // hidden (N, 64), targets (N) in [0, 1000)
 * loss.backward();
 * asm.predict(hidden) // (N) class indices
 */
export class AdaptiveLogSoftmaxWithLoss extends Module {
  inFeatures: number;
  nClasses: number;
  cutoffs: number[];
  divValue: number;
  headBias: boolean;
  shortlistSize: number;
  nClusters: number;
  headSize: number;
  head: Linear;
  tail: ModuleList;

  constructor(...args: KwArgs<[inFeatures: number, nClasses: number, cutoffs: readonly number[], divValue: number, headBias: boolean],
    ['inFeatures', 'nClasses', 'cutoffs'], AdaptiveLogSoftmaxWithLossKeywords>) {
    super();
    const where = 'AdaptiveLogSoftmaxWithLoss()';
    const o = parseArgs<AdaptiveLogSoftmaxWithLossKeywords>(where, args, ['inFeatures', 'nClasses', 'cutoffs', 'divValue', 'headBias', 'device', 'dtype'],
      { divValue: 4.0, headBias: false }, ['inFeatures', 'nClasses', 'cutoffs']);
    const inFeatures = checkInt(where, 'inFeatures', o.inFeatures, 0);
    const nClasses = checkInt(where, 'nClasses', o.nClasses);
    if (!Array.isArray(o.cutoffs)) throw argTypeError(where, 'cutoffs', 'an array of integers', o.cutoffs);
    checkDense(`${where}: cutoffs`, o.cutoffs);
    const cutoffs = (o.cutoffs as unknown[]).map((c, i) => checkNumber(where, `cutoffs[${i}]`, c));
    if (cutoffs.length === 0) throw new RangeError('cutoffs should be a sequence of length larger than 0');
    // Python's test: sorted, positive, at most nClasses - 1, unique, integers.
    if (cutoffs.some((c, i) => (i > 0 && c <= cutoffs[i - 1]!) || c <= 0 || c > nClasses - 1 || !Number.isInteger(c))) {
      throw new RangeError('cutoffs should be a sequence of unique, positive integers sorted in an increasing order, '
        + 'where each value is between 1 and n_classes-1');
    }
    const kw: FactoryOptions = {};
    if (o.device !== undefined) kw.device = o.device;
    if (o.dtype !== undefined) kw.dtype = o.dtype;
    this.inFeatures = inFeatures;
    this.nClasses = nClasses;
    this.cutoffs = [...cutoffs, nClasses];
    this.divValue = checkNumber(where, 'divValue', o.divValue);
    this.headBias = checkBool(where, 'headBias', o.headBias);
    this.shortlistSize = this.cutoffs[0]!;
    this.nClusters = this.cutoffs.length - 1;
    this.headSize = this.shortlistSize + this.nClusters;
    this.head = new Linear(this.inFeatures, this.headSize, { bias: this.headBias, ...kw });
    this.tail = new ModuleList();
    for (let i = 0; i < this.nClusters; i++) {
      const hsz = Math.floor(this.inFeatures / this.divValue ** (i + 1));
      const osz = this.cutoffs[i + 1]! - this.cutoffs[i]!;
      this.tail.append(new Sequential(new Linear(this.inFeatures, hsz, { bias: false, ...kw }), new Linear(hsz, osz, { bias: false, ...kw })));
    }
  }

  /** Re-initialises the head and every tail projection. @example asm.resetParameters() */
  resetParameters(): void {
    this.head.resetParameters();
    for (const projection of this.tail.children()) {
      for (const layer of projection.children()) (layer as Linear).resetParameters();
    }
  }

  forward(input_: Tensor, target_: Tensor): ASMOutput {
    const targDim = target_.dim();
    if (targDim === 1) {
      if (input_.size(0) !== target_.size(0)) throw new RangeError('Input and target should have the same size in the batch dimension.');
      if (input_.dim() !== 2) throw new RangeError(`1D target tensor expects 2D input tensors, but found inputs with size ${pySize(input_.shape)}`);
    } else if (targDim === 0) {
      if (input_.dim() !== 1) throw new RangeError(`0D target tensor expects 1D input tensors, but found inputs with size ${pySize(input_.shape)}`);
    } else {
      throw new RangeError('0D or 1D target tensor expected, multi-target not supported');
    }
    const isBatched = targDim > 0;
    const input = isBatched ? input_ : input_.unsqueeze(0);
    const target = isBatched ? target_ : target_.unsqueeze(0);
    let usedRows = 0;
    const batchSize = target.size(0);
    let output = input.newZeros([batchSize]);
    const gatherInds = target.newEmpty([batchSize]);
    const cutoffValues = [0, ...this.cutoffs];
    for (let i = 0; i < cutoffValues.length - 1; i++) {
      const lowIdx = cutoffValues[i]!;
      const highIdx = cutoffValues[i + 1]!;
      const targetMask = target.ge(lowIdx).bitwiseAnd(target.lt(highIdx));
      const rowIndices = targetMask.nonzero().squeeze();
      if (rowIndices.numel() === 0) continue;
      if (i === 0) {
        gatherInds.indexCopy_(0, rowIndices, target.index([targetMask]));
      } else {
        const relativeTarget = target.index([targetMask]).sub(lowIdx);
        const inputSubset = input.indexSelect(0, rowIndices);
        const clusterOutput = (this.tail.at(i - 1) as Sequential)(inputSubset) as Tensor;
        const clusterIndex = this.shortlistSize + i - 1;
        gatherInds.indexFill_(0, rowIndices, clusterIndex);
        const clusterLogprob = F.logSoftmax(clusterOutput, { dim: 1 });
        const localLogprob = clusterLogprob.gather(1, relativeTarget.unsqueeze(1));
        output.indexCopy_(0, rowIndices, localLogprob.squeeze(1));
      }
      usedRows += rowIndices.numel();
    }
    if (usedRows !== batchSize) {
      throw new RangeError(`Target values should be in [0, ${this.nClasses - 1}], `
        + `but values in range [${String(target.min().item())}, ${String(target.max().item())}] were found. `);
    }
    const headOutput = this.head(input);
    const headLogprob = F.logSoftmax(headOutput, { dim: 1 });
    output = output.add_(headLogprob.gather(1, gatherInds.unsqueeze(1)).squeeze());
    const loss = output.neg().mean();
    if (!isBatched) output = output.squeeze(0);
    return Object.assign([output, loss] as [Tensor, Tensor], { output, loss });
  }

  private getFullLogProb(input: Tensor, headOutput: Tensor): Tensor {
    const out = input.newEmpty([headOutput.size(0), this.nClasses]);
    const headLogprob = F.logSoftmax(headOutput, { dim: 1 });
    out.narrow(1, 0, this.shortlistSize).copy_(headLogprob.narrow(1, 0, this.shortlistSize));
    for (let i = 0; i + 1 < this.cutoffs.length; i++) {
      const startIdx = this.cutoffs[i]!;
      const stopIdx = this.cutoffs[i + 1]!;
      const clusterOutput = (this.tail.at(i) as Sequential)(input) as Tensor;
      const clusterLogprob = F.logSoftmax(clusterOutput, { dim: 1 });
      const outputLogprob = clusterLogprob.add(headLogprob.select(1, this.shortlistSize + i).unsqueeze(1));
      out.narrow(1, startIdx, stopIdx - startIdx).copy_(outputLogprob);
    }
    return out;
  }

  /**
   * The log-probabilities of all nClasses classes for each row of `input` (N, inFeatures).
   * @example asm.logProb(hidden).exp().sum(1) // ones
   */
  logProb(input: Tensor): Tensor {
    const headOutput = this.head(input);
    return this.getFullLogProb(input, headOutput);
  }

  /**
   * The most likely class of each row of `input` (N, inFeatures), as argmax of logProb but
   * computing the tail only for rows whose best head entry is a cluster.
   * @example asm.predict(hidden) // (N) int64
   */
  predict(input: Tensor): Tensor {
    const headOutput = this.head(input);
    const output = argmax(headOutput, { dim: 1 });
    const notInShortlist = output.ge(this.shortlistSize);
    const allInShortlist = !notInShortlist.any().item();
    if (allInShortlist) return output;
    if (notInShortlist.all().item()) {
      const logProb = this.getFullLogProb(input, headOutput);
      return argmax(logProb, { dim: 1 });
    }
    const logProb = this.getFullLogProb(input.index([notInShortlist]), headOutput.index([notInShortlist]));
    output.indexPut_([notInShortlist], argmax(logProb, { dim: 1 }));
    return output;
  }
}
