// Embedding, as torch/nn/modules/sparse.py.
import type { Tensor } from '../../tensor.js';
import { empty } from '../../generated/functions.js';
import { Module } from './module.js';
import { Parameter } from '../parameter.js';
import * as init from '../init.js';
import * as F from '../functional.js';
import { factoryKwargs, type FactoryOptions } from './linear.js';
import { parseArgs, checkInt, checkBool, checkNumber, checkTensor, type Args } from '../../validate.js';
import { pyFloat } from '../_utils.js';
import { noGrad } from '../../autograd/grad_mode.js';

/** Options of Embedding. */
export interface EmbeddingOptions extends FactoryOptions {
  /** This row gets no gradient and is initialised to zeros. */
  paddingIdx?: number | null;
  /** Renormalise looked-up rows whose norm exceeds this. */
  maxNorm?: number | null;
  normType?: number;
  scaleGradByFreq?: boolean;
  sparse?: boolean;
  /** @internal initial weight (PyTorch's `_weight`). */
  _weight?: Tensor | null;
  /** @internal frozen weight (PyTorch's `_freeze`). */
  _freeze?: boolean;
}

type EmbeddingPositional = [paddingIdx: number | null, maxNorm: number | null, normType: number, scaleGradByFreq: boolean, sparse: boolean];

/**
 * A lookup table of `numEmbeddings` vectors of size `embeddingDim`, initialised from N(0, 1).
 * @example const emb = new nn.Embedding(10, 3); emb(torch.tensor([[1n, 2n], [4n, 5n]])).shape // [2, 2, 3]
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

  constructor(numEmbeddings: number, embeddingDim: number, ...args: Args<EmbeddingPositional, EmbeddingOptions>) {
    super();
    const where = 'Embedding()';
    const o = parseArgs<Required<Omit<EmbeddingOptions, 'device' | 'dtype'>> & FactoryOptions>(where, args,
      ['paddingIdx', 'maxNorm', 'normType', 'scaleGradByFreq', 'sparse', '_weight', '_freeze', 'device', 'dtype'],
      { paddingIdx: null, maxNorm: null, normType: 2.0, scaleGradByFreq: false, sparse: false, _weight: null, _freeze: false });
    this.numEmbeddings = checkInt(where, 'numEmbeddings', numEmbeddings, 0);
    this.embeddingDim = checkInt(where, 'embeddingDim', embeddingDim, 0);
    let paddingIdx = o.paddingIdx === null ? null : checkInt(where, 'paddingIdx', o.paddingIdx);
    if (paddingIdx !== null) {
      if (paddingIdx > 0 && paddingIdx >= numEmbeddings) throw new RangeError(`${where}: paddingIdx must be within numEmbeddings (got ${paddingIdx})`);
      if (paddingIdx < 0) {
        if (paddingIdx < -numEmbeddings) throw new RangeError(`${where}: paddingIdx must be within numEmbeddings (got ${paddingIdx})`);
        paddingIdx = numEmbeddings + paddingIdx;
      }
    }
    this.paddingIdx = paddingIdx;
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
      const s = w.shape;
      if (s.length !== 2 || s[0] !== numEmbeddings || s[1] !== embeddingDim) {
        throw new RangeError(`${where}: Shape of weight does not match num_embeddings and embedding_dim`);
      }
      this.weight = new Parameter(w, !freeze);
    }
  }

  /**
   * An Embedding over given vectors (frozen unless `freeze` is false).
   * @example const emb = nn.Embedding.fromPretrained(torch.randn(100, 16));
   */
  static fromPretrained(embeddings: Tensor, options: Omit<EmbeddingOptions, '_weight' | '_freeze' | 'device' | 'dtype'> & { freeze?: boolean } = {}): Embedding {
    checkTensor('Embedding.fromPretrained()', 'embeddings', embeddings);
    if (embeddings.dim() !== 2) throw new RangeError('Embeddings parameter is expected to be 2-dimensional');
    const { freeze = true, ...rest } = options;
    const [rows, cols] = embeddings.shape as [number, number];
    return new Embedding(rows, cols, { ...rest, _weight: embeddings, _freeze: freeze });
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


