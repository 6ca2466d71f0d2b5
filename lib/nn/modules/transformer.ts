// TransformerEncoderLayer and TransformerEncoder, as torch/nn/modules/transformer.py (the
// reference path; PyTorch's eval-mode fast path computes the same values up to round-off).
import type { Tensor } from '../../tensor.js';
import { Module } from './module.js';
import { ModuleList } from './container.js';
import { Linear } from './linear.js';
import { Dropout } from './dropout.js';
import { LayerNorm } from './normalization.js';
import { MultiheadAttention } from './attention.js';
import * as F from '../functional.js';
import type { FactoryOptions } from './linear.js';
import { parseArgs, checkInt, checkBool, checkNumber, checkChoice, checkTensor, type Args } from '../_utils.js';
import { describeValue } from '../../dtype.js';

/** Options of TransformerEncoderLayer. */
export interface TransformerEncoderLayerOptions extends FactoryOptions {
  /** Hidden size of the feed-forward block (default 2048). */
  dimFeedforward?: number;
  /** Dropout probability (default 0.1). */
  dropout?: number;
  /** 'relu' (default), 'gelu', or a module / function applied in the feed-forward block. */
  activation?: 'relu' | 'gelu' | Module | ((x: Tensor) => Tensor);
  layerNormEps?: number;
  batchFirst?: boolean;
  /** Layer norm before (true) or after (false, default) each block. */
  normFirst?: boolean;
  bias?: boolean;
}

/** Options of a TransformerEncoderLayer / TransformerEncoder call. */
export interface TransformerEncoderCallOptions {
  /** (L, L) or (N * nhead, L, L) attention mask. */
  mask?: Tensor | null;
  /** (N, L) mask of padded positions (true = padding). */
  srcKeyPaddingMask?: Tensor | null;
  isCausal?: boolean;
}

/**
 * Self-attention plus feed-forward, with residual connections and layer norms.
 * @example const layer = new nn.TransformerEncoderLayer(64, 4, { dimFeedforward: 128, batchFirst: true }); layer(torch.randn(2, 10, 64));
 */
export class TransformerEncoderLayer extends Module {
  self_attn: MultiheadAttention;
  linear1: Linear;
  dropout: Dropout;
  linear2: Linear;
  normFirst: boolean;
  norm1: LayerNorm;
  norm2: LayerNorm;
  dropout1: Dropout;
  dropout2: Dropout;
  activation: Module | ((x: Tensor) => Tensor);

  constructor(dModel: number, nhead: number, ...args: Args<[dimFeedforward: number, dropout: number, activation: TransformerEncoderLayerOptions['activation']], TransformerEncoderLayerOptions>) {
    super();
    const where = 'TransformerEncoderLayer()';
    const o = parseArgs<TransformerEncoderLayerOptions>(where, args,
      ['dimFeedforward', 'dropout', 'activation', 'layerNormEps', 'batchFirst', 'normFirst', 'bias', 'device', 'dtype'],
      { dimFeedforward: 2048, dropout: 0.1, activation: 'relu', layerNormEps: 1e-5, batchFirst: false, normFirst: false, bias: true });
    checkInt(where, 'dModel', dModel, 1);
    checkInt(where, 'nhead', nhead, 1);
    const ff = checkInt(where, 'dimFeedforward', o.dimFeedforward, 1);
    const p = checkNumber(where, 'dropout', o.dropout);
    const bias = checkBool(where, 'bias', o.bias);
    const eps = checkNumber(where, 'layerNormEps', o.layerNormEps);
    const kw: FactoryOptions = {};
    if (o.device !== undefined) kw.device = o.device;
    if (o.dtype !== undefined) kw.dtype = o.dtype;
    this.self_attn = new MultiheadAttention(dModel, nhead, { dropout: p, bias, batchFirst: checkBool(where, 'batchFirst', o.batchFirst), ...kw });
    this.linear1 = new Linear(dModel, ff, { bias, ...kw });
    this.dropout = new Dropout(p);
    this.linear2 = new Linear(ff, dModel, { bias, ...kw });
    this.normFirst = checkBool(where, 'normFirst', o.normFirst);
    this.norm1 = new LayerNorm(dModel, { eps, bias, ...kw });
    this.norm2 = new LayerNorm(dModel, { eps, bias, ...kw });
    this.dropout1 = new Dropout(p);
    this.dropout2 = new Dropout(p);
    const act = o.activation;
    if (typeof act === 'string') {
      const name = checkChoice(where, 'activation', act, ['relu', 'gelu'] as const);
      this.activation = name === 'relu' ? (x: Tensor) => F.relu(x) : (x: Tensor) => F.gelu(x);
    } else if (act instanceof Module || typeof act === 'function') {
      this.activation = act;
    } else {
      throw new TypeError(`${where}: activation must be 'relu', 'gelu', a Module or a function (got ${describeValue(act)})`);
    }
  }

  /** @internal */
  _saBlock(x: Tensor, attnMask: Tensor | null, keyPaddingMask: Tensor | null, isCausal: boolean): Tensor {
    const [y] = this.self_attn(x, x, x, { attnMask, keyPaddingMask, needWeights: false, isCausal });
    return this.dropout1(y);
  }

  /** @internal */
  _ffBlock(x: Tensor): Tensor {
    const act = this.activation as (x: Tensor) => Tensor;
    return this.dropout2(this.linear2(this.dropout(act(this.linear1(x)))));
  }

  forward(src: Tensor, options: TransformerEncoderCallOptions = {}): Tensor {
    const where = 'TransformerEncoderLayer.forward()';
    const o = parseArgs<TransformerEncoderCallOptions>(where, [options], ['mask', 'srcKeyPaddingMask', 'isCausal'], {});
    const mask = checkTensor(where, 'mask', o.mask, true);
    const kpm = checkTensor(where, 'srcKeyPaddingMask', o.srcKeyPaddingMask, true);
    const isCausal = checkBool(where, 'isCausal', o.isCausal ?? false);
    let x = src;
    if (this.normFirst) {
      x = x.add(this._saBlock(this.norm1(x), mask, kpm, isCausal));
      x = x.add(this._ffBlock(this.norm2(x)));
    } else {
      x = this.norm1(x.add(this._saBlock(x, mask, kpm, isCausal)));
      x = this.norm2(x.add(this._ffBlock(x)));
    }
    return x;
  }
}

/**
 * A stack of `numLayers` deep copies of an encoder layer, optionally followed by a norm.
 * @example const enc = new nn.TransformerEncoder(new nn.TransformerEncoderLayer(64, 4, { batchFirst: true }), 3);
 */
export class TransformerEncoder extends Module {
  layers: ModuleList;
  numLayers: number;
  norm: Module | null;

  constructor(encoderLayer: TransformerEncoderLayer, numLayers: number, options: { norm?: Module | null } = {}) {
    super();
    const where = 'TransformerEncoder()';
    if (!(encoderLayer instanceof TransformerEncoderLayer)) throw new TypeError(`${where}: encoderLayer must be an nn.TransformerEncoderLayer (got ${describeValue(encoderLayer)})`);
    this.numLayers = checkInt(where, 'numLayers', numLayers, 1);
    this.layers = new ModuleList(Array.from({ length: numLayers }, () => encoderLayer.deepCopy()));
    const norm = options.norm ?? null;
    if (norm !== null && !(norm instanceof Module)) throw new TypeError(`${where}: norm must be an nn.Module or null (got ${describeValue(norm)})`);
    this.norm = norm;
  }

  forward(src: Tensor, options: TransformerEncoderCallOptions = {}): Tensor {
    let x = src;
    for (const layer of this.layers) x = (layer as TransformerEncoderLayer)(x, options);
    return this.norm === null ? x : (this.norm as Module)(x) as Tensor;
  }
}
