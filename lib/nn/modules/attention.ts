// MultiheadAttention, as torch.nn.MultiheadAttention (torch/nn/modules/activation.py), running
// F.multiHeadAttentionForward (lib/nn/functional/attention.ts). Always the reference path;
// PyTorch's eval-mode fast path computes the same values up to round-off.
import type { Tensor } from '../../tensor.js';
import { empty } from '../../generated/functions.js';
import { Module } from './module.js';
import { Parameter } from '../parameter.js';
import { Linear, factoryKwargs, type FactoryOptions } from './linear.js';
import * as init from '../init.js';
import { multiHeadAttentionForward, _canonicalMask } from '../functional/attention.js';
import { parseArgs, checkInt, checkBool, checkNumber, checkTensor, type Args, type KwArgs } from '../../validate.js';

/** PyTorch's name of MultiheadAttention's output projection (a plain Linear). @example new nn.MultiheadAttention(8, 2).out_proj instanceof nn.NonDynamicallyQuantizableLinear // true */
export class NonDynamicallyQuantizableLinear extends Linear {}

/** Options of MultiheadAttention. */
export interface MultiheadAttentionOptions extends FactoryOptions {
  /** Dropout on the attention weights (default 0). */
  dropout?: number;
  /** Biases in the input and output projections (default true). */
  bias?: boolean;
  /** Learnt biases appended to the keys and values (default false). */
  addBiasKv?: boolean;
  /** Append a batch of zeros to the keys and values (default false). */
  addZeroAttn?: boolean;
  /** Features of the keys (default embedDim). */
  kdim?: number | null;
  /** Features of the values (default embedDim). */
  vdim?: number | null;
  /** Inputs and outputs are (batch, seq, feature) (default false: (seq, batch, feature)). */
  batchFirst?: boolean;
}

/** Every argument of MultiheadAttention by keyword (`new nn.MultiheadAttention({ embedDim: 8, numHeads: 2 })`). */
export interface MultiheadAttentionKeywords extends MultiheadAttentionOptions {
  embedDim?: number;
  numHeads?: number;
}

/** Options of a MultiheadAttention call. */
export interface MultiheadAttentionCallOptions {
  /** (N, S) mask of keys to ignore: true (or -inf) = ignore. */
  keyPaddingMask?: Tensor | null;
  /** Return the attention weights too (default true). */
  needWeights?: boolean;
  /** (L, S) or (N * numHeads, L, S) mask added to (float) or blocking (bool, true = blocked) the scores. */
  attnMask?: Tensor | null;
  /** Average the returned weights over heads (default true). */
  averageAttnWeights?: boolean;
  /** A hint that attnMask is the causal mask. */
  isCausal?: boolean;
}

/**
 * Multi-head scaled dot-product attention with learnt input and output projections. Returns
 * [output, weights] (weights null when `needWeights` is false).
 * @example
 * const mha = new nn.MultiheadAttention({ embedDim: 64, numHeads: 8, batchFirst: true });
 * const [out, weights] = mha(x, x, x); // self-attention over (N, L, 64)
 * const cross = new nn.MultiheadAttention(64, 8, { kdim: 32, vdim: 16 });
 */
export class MultiheadAttention extends Module {
  embedDim: number;
  kdim: number;
  vdim: number;
  /** @internal PyTorch's _qkv_same_embed_dim: one packed in-projection. */
  _qkvSameEmbedDim: boolean;
  numHeads: number;
  dropout: number;
  batchFirst: boolean;
  headDim: number;
  in_proj_weight: Parameter | null;
  q_proj_weight: Parameter | null;
  k_proj_weight: Parameter | null;
  v_proj_weight: Parameter | null;
  in_proj_bias: Parameter | null;
  out_proj: NonDynamicallyQuantizableLinear;
  bias_k: Parameter | null;
  bias_v: Parameter | null;
  addZeroAttn: boolean;

  constructor(...args: KwArgs<[embedDim: number, numHeads: number, dropout: number, bias: boolean, addBiasKv: boolean, addZeroAttn: boolean,
    kdim: number | null, vdim: number | null, batchFirst: boolean], ['embedDim', 'numHeads'], MultiheadAttentionKeywords>) {
    super();
    const where = 'MultiheadAttention()';
    const o = parseArgs<MultiheadAttentionKeywords>(where, args,
      ['embedDim', 'numHeads', 'dropout', 'bias', 'addBiasKv', 'addZeroAttn', 'kdim', 'vdim', 'batchFirst', 'device', 'dtype'],
      { dropout: 0, bias: true, addBiasKv: false, addZeroAttn: false, kdim: null, vdim: null, batchFirst: false }, ['embedDim', 'numHeads']);
    const embedDim = checkInt(where, 'embedDim', o.embedDim);
    const numHeads = checkInt(where, 'numHeads', o.numHeads);
    if (embedDim <= 0 || numHeads <= 0) {
      throw new RangeError(`embed_dim and num_heads must be greater than 0, got embed_dim=${embedDim} and num_heads=${numHeads} instead`);
    }
    this.embedDim = embedDim;
    this.kdim = o.kdim === null || o.kdim === undefined ? embedDim : checkInt(where, 'kdim', o.kdim, 1);
    this.vdim = o.vdim === null || o.vdim === undefined ? embedDim : checkInt(where, 'vdim', o.vdim, 1);
    this._qkvSameEmbedDim = this.kdim === embedDim && this.vdim === embedDim;
    this.numHeads = numHeads;
    this.dropout = checkNumber(where, 'dropout', o.dropout);
    if (this.dropout < 0 || this.dropout > 1) throw new RangeError(`${where}: dropout must be in [0, 1] (got ${this.dropout})`);
    this.batchFirst = checkBool(where, 'batchFirst', o.batchFirst);
    this.headDim = Math.floor(embedDim / numHeads);
    if (this.headDim * numHeads !== embedDim) throw new RangeError(`${where}: embed_dim must be divisible by num_heads (got ${embedDim} and ${numHeads})`);
    const bias = checkBool(where, 'bias', o.bias);
    const addBiasKv = checkBool(where, 'addBiasKv', o.addBiasKv);
    this.addZeroAttn = checkBool(where, 'addZeroAttn', o.addZeroAttn);
    const kw = factoryKwargs(o);
    if (!this._qkvSameEmbedDim) {
      this.q_proj_weight = new Parameter(empty([embedDim, embedDim], kw));
      this.k_proj_weight = new Parameter(empty([embedDim, this.kdim], kw));
      this.v_proj_weight = new Parameter(empty([embedDim, this.vdim], kw));
      this.in_proj_weight = null;
    } else {
      this.in_proj_weight = new Parameter(empty([3 * embedDim, embedDim], kw));
      this.q_proj_weight = null;
      this.k_proj_weight = null;
      this.v_proj_weight = null;
    }
    this.in_proj_bias = bias ? new Parameter(empty(3 * embedDim, kw)) : null;
    this.out_proj = new NonDynamicallyQuantizableLinear(embedDim, embedDim, { bias, ...kw });
    if (addBiasKv) {
      this.bias_k = new Parameter(empty([1, 1, embedDim], kw));
      this.bias_v = new Parameter(empty([1, 1, embedDim], kw));
    } else {
      this.bias_k = null;
      this.bias_v = null;
    }
    this.resetParameters();
  }

  /** PyTorch's _reset_parameters: xavier-uniform in-projections, zero biases, xavier-normal bias_k/bias_v. @example mha.resetParameters() */
  resetParameters(): void {
    if (this._qkvSameEmbedDim) {
      init.xavierUniform_(this.in_proj_weight!);
    } else {
      init.xavierUniform_(this.q_proj_weight!);
      init.xavierUniform_(this.k_proj_weight!);
      init.xavierUniform_(this.v_proj_weight!);
    }
    if (this.in_proj_bias !== null) {
      init.constant_(this.in_proj_bias, 0.0);
      init.constant_(this.out_proj.bias!, 0.0);
    }
    if (this.bias_k !== null) init.xavierNormal_(this.bias_k);
    if (this.bias_v !== null) init.xavierNormal_(this.bias_v);
  }

  forward(query: Tensor, key: Tensor, value: Tensor,
    ...args: Args<[keyPaddingMask: Tensor | null, needWeights: boolean, attnMask: Tensor | null, averageAttnWeights: boolean, isCausal: boolean], MultiheadAttentionCallOptions>): [Tensor, Tensor | null] {
    const where = 'MultiheadAttention.forward()';
    const o = parseArgs<Required<MultiheadAttentionCallOptions>>(where, args, ['keyPaddingMask', 'needWeights', 'attnMask', 'averageAttnWeights', 'isCausal'],
      { keyPaddingMask: null, needWeights: true, attnMask: null, averageAttnWeights: true, isCausal: false });
    checkTensor(where, 'query', query);
    checkTensor(where, 'key', key);
    checkTensor(where, 'value', value);
    let attnMask = checkTensor(where, 'attnMask', o.attnMask, true);
    let keyPaddingMask = checkTensor(where, 'keyPaddingMask', o.keyPaddingMask, true);
    const isBatched = query.dim() === 3;
    keyPaddingMask = _canonicalMask(keyPaddingMask, 'key_padding_mask', attnMask === null ? null : attnMask.dtype, 'attn_mask', query.dtype);
    attnMask = _canonicalMask(attnMask, 'attn_mask', null, '', query.dtype, false);
    if (this.batchFirst && isBatched) {
      if (key === value) {
        if (query === key) {
          query = key = value = query.transpose(1, 0);
        } else {
          query = query.transpose(1, 0);
          key = key.transpose(1, 0);
          value = key;
        }
      } else {
        query = query.transpose(1, 0); key = key.transpose(1, 0); value = value.transpose(1, 0);
      }
    }
    const common = {
      training: this.training, keyPaddingMask, needWeights: checkBool(where, 'needWeights', o.needWeights), attnMask,
      averageAttnWeights: checkBool(where, 'averageAttnWeights', o.averageAttnWeights), isCausal: checkBool(where, 'isCausal', o.isCausal),
    };
    const [out, weights] = this._qkvSameEmbedDim
      ? multiHeadAttentionForward(query, key, value, this.embedDim, this.numHeads, this.in_proj_weight, this.in_proj_bias, this.bias_k, this.bias_v,
        this.addZeroAttn, this.dropout, this.out_proj.weight, this.out_proj.bias, common)
      : multiHeadAttentionForward(query, key, value, this.embedDim, this.numHeads, this.in_proj_weight, this.in_proj_bias, this.bias_k, this.bias_v,
        this.addZeroAttn, this.dropout, this.out_proj.weight, this.out_proj.bias,
        { ...common, useSeparateProjWeight: true, qProjWeight: this.q_proj_weight, kProjWeight: this.k_proj_weight, vProjWeight: this.v_proj_weight });
    return [this.batchFirst && isBatched ? out.transpose(1, 0) : out, weights];
  }

  /**
   * PyTorch's merge_masks: the attention and key padding masks as one (N, heads, L, L) mask, with
   * its type (1: key padding only, 2: attention mask), for a batched (N, L, E) query.
   * @example const [mask, type] = mha.mergeMasks(attnMask, keyPaddingMask, x);
   */
  mergeMasks(attnMask: Tensor | null, keyPaddingMask: Tensor | null, query: Tensor): [Tensor | null, number | null] {
    let maskType: number | null = null;
    let merged: Tensor | null = null;
    if (keyPaddingMask !== null) { maskType = 1; merged = keyPaddingMask; }
    if (attnMask !== null) {
      const [batchSize, seqLen] = query.shape as [number, number, number];
      maskType = 2;
      const expanded = attnMask.dim() === 3 ? attnMask.view(batchSize, -1, seqLen, seqLen)
        : attnMask.view(1, 1, seqLen, seqLen).expand(batchSize, this.numHeads, -1, -1);
      merged = expanded;
      if (keyPaddingMask !== null) merged = expanded.add(keyPaddingMask.view(batchSize, 1, 1, seqLen).expand(-1, this.numHeads, -1, -1));
    }
    return [merged, maskType];
  }
}
