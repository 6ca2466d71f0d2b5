// Embedding and EmbeddingBag, as torch/nn/modules/sparse.py.
import type { Tensor } from '../../tensor.js';
import { empty } from '../../generated/functions.js';
import { Module } from './module.js';
import { Parameter } from '../parameter.js';
import * as init from '../init.js';
import * as F from '../functional.js';
import { factoryKwargs, type FactoryOptions } from './linear.js';
import { parseArgs, checkInt, checkBool, checkNumber, checkTensor, checkChoice, type Args, type KwArgs } from '../../validate.js';
import { pyFloat, pyRepr } from '../_utils.js';
import { noGrad } from '../../autograd/grad_mode.js';

/** Every argument of Embedding by name, as Python allows (`nn.Embedding(num_embeddings=10, embedding_dim=3)`). */
export interface EmbeddingKeywords extends FactoryOptions {
  numEmbeddings?: number;
  embeddingDim?: number;
  /** This row gets no gradient and is initialised to zeros. */
  paddingIdx?: number | null;
  /** Renormalise looked-up rows whose norm exceeds this. */
  maxNorm?: number | null;
  normType?: number;
  scaleGradByFreq?: boolean;
  sparse?: boolean;
  /** Initial weight (PyTorch's `_weight`). */
  _weight?: Tensor | null;
  /** Frozen weight (PyTorch's `_freeze`). */
  _freeze?: boolean;
}
/** Options of Embedding. */
export type EmbeddingOptions = Omit<EmbeddingKeywords, 'numEmbeddings' | 'embeddingDim'>;

type EmbeddingPositional = [numEmbeddings: number, embeddingDim: number, paddingIdx: number | null, maxNorm: number | null, normType: number,
  scaleGradByFreq: boolean, sparse: boolean, _weight: Tensor | null, _freeze: boolean];

/** Python's padding_idx check, a negative index counted from the end. */
function checkPaddingIdx(where: string, v: unknown, numEmbeddings: number): number | null {
  if (v === null || v === undefined) return null;
  let paddingIdx = checkInt(where, 'paddingIdx', v);
  if (paddingIdx > 0 && paddingIdx >= numEmbeddings) throw new RangeError(`${where}: paddingIdx must be within numEmbeddings (got ${paddingIdx})`);
  if (paddingIdx < 0) {
    if (paddingIdx < -numEmbeddings) throw new RangeError(`${where}: paddingIdx must be within numEmbeddings (got ${paddingIdx})`);
    paddingIdx = numEmbeddings + paddingIdx;
  }
  return paddingIdx;
}

/** The given initial weight, checked against the table's size. */
function checkWeight(where: string, w: Tensor, numEmbeddings: number, embeddingDim: number): Tensor {
  const s = w.shape;
  if (s.length !== 2 || s[0] !== numEmbeddings || s[1] !== embeddingDim) {
    throw new RangeError(`${where}: Shape of weight does not match num_embeddings and embedding_dim`);
  }
  return w;
}

/** Every argument of Embedding.fromPretrained by name. */
export interface EmbeddingFromPretrainedKeywords {
  embeddings?: Tensor;
  /** Keep the weight out of training (default true). */
  freeze?: boolean;
  paddingIdx?: number | null;
  maxNorm?: number | null;
  normType?: number;
  scaleGradByFreq?: boolean;
  sparse?: boolean;
}

/**
 * A lookup table of `numEmbeddings` vectors of size `embeddingDim`, initialised from N(0, 1).
 * @example
 * const emb = new nn.Embedding(10, 3); emb(torch.tensor([[1n, 2n], [4n, 5n]])).shape // [2, 2, 3]
 * new nn.Embedding({ numEmbeddings: 10, embeddingDim: 3, paddingIdx: 0 })
 */
export class Embedding extends Module {
  numEmbeddings: number;
  embeddingDim: number;
  paddingIdx: number | null;
  maxNorm: number | null;
  normType: number;
  scaleGradByFreq: boolean;
  sparse: boolean;
  weight: Parameter;

  constructor(...args: KwArgs<EmbeddingPositional, ['numEmbeddings', 'embeddingDim'], EmbeddingKeywords>) {
    super();
    const where = 'Embedding()';
    const o = parseArgs<EmbeddingKeywords>(where, args,
      ['numEmbeddings', 'embeddingDim', 'paddingIdx', 'maxNorm', 'normType', 'scaleGradByFreq', 'sparse', '_weight', '_freeze', 'device', 'dtype'],
      { paddingIdx: null, maxNorm: null, normType: 2.0, scaleGradByFreq: false, sparse: false, _weight: null, _freeze: false },
      ['numEmbeddings', 'embeddingDim']);
    this.numEmbeddings = checkInt(where, 'numEmbeddings', o.numEmbeddings, 0);
    this.embeddingDim = checkInt(where, 'embeddingDim', o.embeddingDim, 0);
    this.paddingIdx = checkPaddingIdx(where, o.paddingIdx, this.numEmbeddings);
    this.maxNorm = o.maxNorm === null ? null : checkNumber(where, 'maxNorm', o.maxNorm);
    this.normType = checkNumber(where, 'normType', o.normType);
    this.scaleGradByFreq = checkBool(where, 'scaleGradByFreq', o.scaleGradByFreq);
    this.sparse = checkBool(where, 'sparse', o.sparse);
    const freeze = checkBool(where, '_freeze', o._freeze);
    const w = checkTensor(where, '_weight', o._weight, true);
    if (w === null) {
      this.weight = new Parameter(empty([this.numEmbeddings, this.embeddingDim], factoryKwargs(o)), !freeze);
      this.resetParameters();
    } else {
      this.weight = new Parameter(checkWeight(where, w, this.numEmbeddings, this.embeddingDim), !freeze);
    }
  }

  /**
   * An Embedding over given vectors (frozen unless `freeze` is false); the arguments after
   * `embeddings` as Python's `from_pretrained`, positionally or by keyword.
   * @example
   * const emb = nn.Embedding.fromPretrained(torch.randn(100, 16));
   * nn.Embedding.fromPretrained(weights, { freeze: false, paddingIdx: 0 })
   */
  static fromPretrained(...args: KwArgs<[embeddings: Tensor, freeze: boolean, paddingIdx: number | null, maxNorm: number | null, normType: number,
    scaleGradByFreq: boolean, sparse: boolean], ['embeddings'], EmbeddingFromPretrainedKeywords>): Embedding {
    const where = 'Embedding.fromPretrained()';
    const o = parseArgs<EmbeddingFromPretrainedKeywords>(where, args, ['embeddings', 'freeze', 'paddingIdx', 'maxNorm', 'normType', 'scaleGradByFreq', 'sparse'],
      { freeze: true, paddingIdx: null, maxNorm: null, normType: 2.0, scaleGradByFreq: false, sparse: false }, ['embeddings']);
    const embeddings = checkTensor(where, 'embeddings', o.embeddings);
    if (embeddings.dim() !== 2) throw new RangeError('Embeddings parameter is expected to be 2-dimensional');
    const [rows, cols] = embeddings.shape as [number, number];
    return new Embedding({ numEmbeddings: rows, embeddingDim: cols, _weight: embeddings, _freeze: checkBool(where, 'freeze', o.freeze),
      paddingIdx: o.paddingIdx ?? null, maxNorm: o.maxNorm ?? null, normType: o.normType!, scaleGradByFreq: o.scaleGradByFreq!, sparse: o.sparse! });
  }

  /** Re-draws the weight from N(0, 1) and zeroes the padding row. @example emb.resetParameters() */
  resetParameters(): void {
    init.normal_(this.weight);
    if (this.paddingIdx !== null) {
      const idx = this.paddingIdx;
      noGrad(() => { this.weight.select(0, idx).fill_(0); });
    }
  }

  forward(input: Tensor): Tensor {
    return F.embedding(input, this.weight, this.paddingIdx, this.maxNorm, this.normType, this.scaleGradByFreq, this.sparse);
  }

  override extraRepr(): string {
    let s = `${this.numEmbeddings}, ${this.embeddingDim}`;
    if (this.paddingIdx !== null) s += `, padding_idx=${this.paddingIdx}`;
    if (this.maxNorm !== null) s += `, max_norm=${pyFloat(this.maxNorm)}`;
    if (this.normType !== 2) s += `, norm_type=${pyFloat(this.normType)}`;
    if (this.scaleGradByFreq) s += ', scale_grad_by_freq=True';
    if (this.sparse) s += ', sparse=True';
    return s;
  }
}

/** Every argument of EmbeddingBag by name. */
export interface EmbeddingBagKeywords extends FactoryOptions {
  numEmbeddings?: number;
  embeddingDim?: number;
  /** Renormalise looked-up rows whose norm exceeds this. */
  maxNorm?: number | null;
  normType?: number;
  scaleGradByFreq?: boolean;
  /** How a bag reduces its rows (default 'mean'). */
  mode?: 'sum' | 'mean' | 'max';
  sparse?: boolean;
  /** Initial weight (PyTorch's `_weight`). */
  _weight?: Tensor | null;
  /** `offsets` has one more entry, the end of the last bag. */
  includeLastOffset?: boolean;
  /** Entries equal to this index are left out of their bag; its row is initialised to zeros. */
  paddingIdx?: number | null;
}

type EmbeddingBagPositional = [numEmbeddings: number, embeddingDim: number, maxNorm: number | null, normType: number, scaleGradByFreq: boolean,
  mode: 'sum' | 'mean' | 'max', sparse: boolean, _weight: Tensor | null, includeLastOffset: boolean, paddingIdx: number | null];

/** Every argument of EmbeddingBag.fromPretrained by name. */
export interface EmbeddingBagFromPretrainedKeywords extends Omit<EmbeddingBagKeywords, 'numEmbeddings' | 'embeddingDim' | '_weight' | 'device' | 'dtype'> {
  embeddings?: Tensor;
  /** Keep the weight out of training (default true). */
  freeze?: boolean;
}

/**
 * Sums, averages or takes the max of bags of embeddings without materialising them (F.embeddingBag
 * over a weight of `numEmbeddings` x `embeddingDim` drawn from N(0, 1)). Forward takes a 2-D input
 * (one bag per row) or a 1-D input with `offsets`, and optional `perSampleWeights` ('sum' mode).
 * @example
 * const bag = new nn.EmbeddingBag({ numEmbeddings: 10, embeddingDim: 3, mode: 'sum' });
 * bag(torch.tensor([1n, 2n, 4n, 5n, 4n, 3n, 2n, 9n]), torch.tensor([0n, 4n])).shape // [2, 3]
 */
export class EmbeddingBag extends Module {
  numEmbeddings: number;
  embeddingDim: number;
  maxNorm: number | null;
  normType: number;
  scaleGradByFreq: boolean;
  paddingIdx: number | null;
  weight: Parameter;
  mode: 'sum' | 'mean' | 'max';
  sparse: boolean;
  includeLastOffset: boolean;

  constructor(...args: KwArgs<EmbeddingBagPositional, ['numEmbeddings', 'embeddingDim'], EmbeddingBagKeywords>) {
    super();
    const where = 'EmbeddingBag()';
    const o = parseArgs<EmbeddingBagKeywords>(where, args,
      ['numEmbeddings', 'embeddingDim', 'maxNorm', 'normType', 'scaleGradByFreq', 'mode', 'sparse', '_weight', 'includeLastOffset', 'paddingIdx', 'device', 'dtype'],
      { maxNorm: null, normType: 2.0, scaleGradByFreq: false, mode: 'mean', sparse: false, _weight: null, includeLastOffset: false, paddingIdx: null },
      ['numEmbeddings', 'embeddingDim']);
    this.numEmbeddings = checkInt(where, 'numEmbeddings', o.numEmbeddings, 0);
    this.embeddingDim = checkInt(where, 'embeddingDim', o.embeddingDim, 0);
    this.maxNorm = o.maxNorm === null ? null : checkNumber(where, 'maxNorm', o.maxNorm);
    this.normType = checkNumber(where, 'normType', o.normType);
    this.scaleGradByFreq = checkBool(where, 'scaleGradByFreq', o.scaleGradByFreq);
    this.paddingIdx = checkPaddingIdx(where, o.paddingIdx, this.numEmbeddings);
    const w = checkTensor(where, '_weight', o._weight, true);
    if (w === null) {
      this.weight = new Parameter(empty([this.numEmbeddings, this.embeddingDim], factoryKwargs(o)));
      this.resetParameters();
    } else {
      this.weight = new Parameter(checkWeight(where, w, this.numEmbeddings, this.embeddingDim));
    }
    this.mode = checkChoice(where, 'mode', o.mode, ['sum', 'mean', 'max']);
    this.sparse = checkBool(where, 'sparse', o.sparse);
    this.includeLastOffset = checkBool(where, 'includeLastOffset', o.includeLastOffset);
  }

  /**
   * An EmbeddingBag over given vectors (frozen unless `freeze` is false).
   * @example const bag = nn.EmbeddingBag.fromPretrained(torch.randn(100, 16), { mode: 'max' });
   */
  static fromPretrained(...args: KwArgs<[embeddings: Tensor, freeze: boolean, maxNorm: number | null, normType: number, scaleGradByFreq: boolean,
    mode: 'sum' | 'mean' | 'max', sparse: boolean, includeLastOffset: boolean, paddingIdx: number | null], ['embeddings'], EmbeddingBagFromPretrainedKeywords>): EmbeddingBag {
    const where = 'EmbeddingBag.fromPretrained()';
    const o = parseArgs<EmbeddingBagFromPretrainedKeywords>(where, args,
      ['embeddings', 'freeze', 'maxNorm', 'normType', 'scaleGradByFreq', 'mode', 'sparse', 'includeLastOffset', 'paddingIdx'],
      { freeze: true, maxNorm: null, normType: 2.0, scaleGradByFreq: false, mode: 'mean', sparse: false, includeLastOffset: false, paddingIdx: null }, ['embeddings']);
    const embeddings = checkTensor(where, 'embeddings', o.embeddings);
    if (embeddings.dim() !== 2) throw new RangeError('Embeddings parameter is expected to be 2-dimensional');
    const [rows, cols] = embeddings.shape as [number, number];
    const freeze = checkBool(where, 'freeze', o.freeze);
    const bag = new EmbeddingBag({ numEmbeddings: rows, embeddingDim: cols, _weight: embeddings, maxNorm: o.maxNorm ?? null, normType: o.normType!,
      scaleGradByFreq: o.scaleGradByFreq!, mode: o.mode!, sparse: o.sparse!, includeLastOffset: o.includeLastOffset!, paddingIdx: o.paddingIdx ?? null });
    bag.weight.requiresGrad = !freeze;
    return bag;
  }

  /** Re-draws the weight from N(0, 1) and zeroes the padding row. @example bag.resetParameters() */
  resetParameters(): void {
    init.normal_(this.weight);
    if (this.paddingIdx !== null) {
      const idx = this.paddingIdx;
      noGrad(() => { this.weight.select(0, idx).fill_(0); });
    }
  }

  /**
   * The bags' reductions; `offsets` and `perSampleWeights` positionally or by keyword, as Python's
   * `bag(input, offsets, per_sample_weights=w)`.
   * @example bag(x, offsets, { perSampleWeights: w })
   */
  forward(input: Tensor, ...args: Args<[offsets: Tensor | null, perSampleWeights: Tensor | null], { offsets?: Tensor | null; perSampleWeights?: Tensor | null }>): Tensor {
    const o = parseArgs<{ offsets: Tensor | null; perSampleWeights: Tensor | null }>('EmbeddingBag.forward()', args, ['offsets', 'perSampleWeights'],
      { offsets: null, perSampleWeights: null });
    return F.embeddingBag(input, this.weight, o.offsets, this.maxNorm, this.normType, this.scaleGradByFreq, this.mode, this.sparse,
      o.perSampleWeights, this.includeLastOffset, this.paddingIdx);
  }

  override extraRepr(): string {
    let s = `${this.numEmbeddings}, ${this.embeddingDim}`;
    if (this.maxNorm !== null) s += `, max_norm=${pyFloat(this.maxNorm)}`;
    if (this.normType !== 2) s += `, norm_type=${pyFloat(this.normType)}`;
    if (this.scaleGradByFreq) s += ', scale_grad_by_freq=True';
    s += `, mode=${pyRepr(this.mode)}`;
    if (this.paddingIdx !== null) s += `, padding_idx=${this.paddingIdx}`;
    return s;
  }
}
