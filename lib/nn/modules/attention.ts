// MultiheadAttention, as torch.nn.MultiheadAttention (torch/nn/modules/activation.py) and
// F.multi_head_attention_forward, for the packed-projection case (kdim = vdim = embedDim, no
// bias_k/bias_v, no zero attention). Always the reference path; PyTorch's eval-mode fast path
// computes the same values up to round-off.
import type { Tensor } from '../../tensor.js';
import { empty, zerosLike, bmm, baddbmm, scaledDotProductAttention } from '../../generated/functions.js';
import { Module } from './module.js';
import { Parameter } from '../parameter.js';
import { Linear, factoryKwargs, type FactoryOptions } from './linear.js';
import * as init from '../init.js';
import * as F from '../functional.js';
import { parseArgs, checkInt, checkBool, checkNumber, checkTensor, type Args } from '../../validate.js';
import { pySize } from '../_utils.js';

/** PyTorch's name of MultiheadAttention's output projection (a plain Linear). */
export class NonDynamicallyQuantizableLinear extends Linear {}

/** Options of MultiheadAttention. */
export interface MultiheadAttentionOptions extends FactoryOptions {
  /** Dropout on the attention weights (default 0). */
  dropout?: number;
  /** Biases in the input and output projections (default true). */
  bias?: boolean;
  /** Inputs and outputs are (batch, seq, feature) (default false: (seq, batch, feature)). */
  batchFirst?: boolean;
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

function canonicalMask(mask: Tensor | null, dtype: Tensor['dtype']): Tensor | null {
  if (mask === null) return null;
  if (mask.dtype === 'bool') return zerosLike(mask, { dtype }).maskedFill_(mask, -Infinity);
  return mask;
}

/**
 * Multi-head scaled dot-product attention with learnt input and output projections. Returns
 * [output, weights] (weights null when `needWeights` is false).
 * @example
 * const mha = new nn.MultiheadAttention(64, 8, { batchFirst: true });
 * const [out, weights] = mha(x, x, x); // self-attention over (N, L, 64)
 */
export class MultiheadAttention extends Module {
  embedDim: number;
  numHeads: number;
  dropout: number;
  batchFirst: boolean;
  headDim: number;
  in_proj_weight: Parameter;
  in_proj_bias: Parameter | null;
  out_proj: NonDynamicallyQuantizableLinear;

  constructor(embedDim: number, numHeads: number, ...args: Args<[dropout: number, bias: boolean], MultiheadAttentionOptions>) {
    super();
    const where = 'MultiheadAttention()';
    const o = parseArgs<Required<Omit<MultiheadAttentionOptions, 'device' | 'dtype'>> & FactoryOptions>(where, args,
      ['dropout', 'bias', 'batchFirst', 'device', 'dtype'], { dropout: 0, bias: true, batchFirst: false });
    this.embedDim = checkInt(where, 'embedDim', embedDim, 1);
    this.numHeads = checkInt(where, 'numHeads', numHeads, 1);
    this.dropout = checkNumber(where, 'dropout', o.dropout);
    if (this.dropout < 0 || this.dropout > 1) throw new RangeError(`${where}: dropout must be in [0, 1] (got ${this.dropout})`);
    this.batchFirst = checkBool(where, 'batchFirst', o.batchFirst);
    this.headDim = Math.floor(embedDim / numHeads);
    if (this.headDim * numHeads !== embedDim) throw new RangeError(`${where}: embed_dim must be divisible by num_heads (got ${embedDim} and ${numHeads})`);
    const bias = checkBool(where, 'bias', o.bias);
    const kw = factoryKwargs(o);
    this.in_proj_weight = new Parameter(empty([3 * embedDim, embedDim], kw));
    this.in_proj_bias = bias ? new Parameter(empty(3 * embedDim, kw)) : null;
    this.out_proj = new NonDynamicallyQuantizableLinear(embedDim, embedDim, { bias, ...kw });
    this.resetParameters();
  }

  /** PyTorch's _reset_parameters: xavier-uniform in-projection, zero biases. @example mha.resetParameters() */
  resetParameters(): void {
    init.xavierUniform_(this.in_proj_weight);
    if (this.in_proj_bias !== null) {
      init.constant_(this.in_proj_bias, 0.0);
      init.constant_(this.out_proj.bias!, 0.0);
    }
  }

  forward(query: Tensor, key: Tensor, value: Tensor, options: MultiheadAttentionCallOptions = {}): [Tensor, Tensor | null] {
    const where = 'MultiheadAttention.forward()';
    const o = parseArgs<Required<MultiheadAttentionCallOptions>>(where, [options], ['keyPaddingMask', 'needWeights', 'attnMask', 'averageAttnWeights', 'isCausal'],
      { keyPaddingMask: null, needWeights: true, attnMask: null, averageAttnWeights: true, isCausal: false });
    checkTensor(where, 'query', query);
    checkTensor(where, 'key', key);
    checkTensor(where, 'value', value);
    const batched = query.dim() === 3;
    if (this.batchFirst && batched) {
      const sameKV = key === value;
      const sameQK = query === key;
      query = query.transpose(1, 0);
      key = sameQK ? query : key.transpose(1, 0);
      value = sameKV ? key : value.transpose(1, 0);
    }
    const [out, weights] = multiHeadAttentionForward(this, query, key, value,
      checkTensor(where, 'keyPaddingMask', o.keyPaddingMask, true), checkBool(where, 'needWeights', o.needWeights),
      checkTensor(where, 'attnMask', o.attnMask, true), checkBool(where, 'averageAttnWeights', o.averageAttnWeights), checkBool(where, 'isCausal', o.isCausal));
    return [this.batchFirst && batched ? out.transpose(1, 0) : out, weights];
  }
}

function multiHeadAttentionForward(m: MultiheadAttention, query: Tensor, key: Tensor, value: Tensor, keyPaddingMask: Tensor | null,
  needWeights: boolean, attnMask: Tensor | null, average: boolean, isCausal: boolean): [Tensor, Tensor | null] {
  const batched = query.dim() === 3;
  if (!batched) {
    query = query.unsqueeze(1); key = key === value ? key.unsqueeze(1) : key.unsqueeze(1); value = value.unsqueeze(1);
    if (keyPaddingMask !== null) keyPaddingMask = keyPaddingMask.unsqueeze(0);
  }
  const [tgtLen, bsz, embedDim] = query.shape as [number, number, number];
  const srcLen0 = key.shape[0]!;
  const heads = m.numHeads;
  const headDim = m.headDim;
  if (embedDim !== m.embedDim) throw new RangeError(`was expecting embedding dimension of ${m.embedDim}, but got ${embedDim}`);
  keyPaddingMask = canonicalMask(keyPaddingMask, query.dtype);
  if (isCausal && attnMask === null) {
    throw new Error('Need attn_mask if specifying the is_causal hint. You may use the Transformer module method `generate_square_subsequent_mask` to create this mask.');
  }
  if (isCausal && keyPaddingMask === null && !needWeights) attnMask = null;
  else {
    attnMask = canonicalMask(attnMask, query.dtype);
    if (keyPaddingMask !== null) isCausal = false;
  }
  // in-projection (packed)
  const w = m.in_proj_weight;
  const b = m.in_proj_bias;
  let q: Tensor; let k: Tensor; let v: Tensor;
  const E = embedDim;
  if (key === value) {
    if (query === key) {
      const proj = F.linear(query, w, b).unflatten(-1, [3, E]).unsqueeze(0).transpose(0, -2).squeeze(-2).contiguous();
      [q, k, v] = [proj.select(0, 0), proj.select(0, 1), proj.select(0, 2)];
    } else {
      const [wq, wkv] = w.split([E, 2 * E]) as [Tensor, Tensor];
      const [bq, bkv] = b === null ? [null, null] : b.split([E, 2 * E]) as [Tensor, Tensor];
      q = F.linear(query, wq, bq);
      const kv = F.linear(key, wkv, bkv).unflatten(-1, [2, E]).unsqueeze(0).transpose(0, -2).squeeze(-2).contiguous();
      [k, v] = [kv.select(0, 0), kv.select(0, 1)];
    }
  } else {
    const [wq, wk, wv] = w.chunk(3) as [Tensor, Tensor, Tensor];
    const [bq, bk, bv] = b === null ? [null, null, null] : b.chunk(3) as [Tensor, Tensor, Tensor];
    q = F.linear(query, wq, bq); k = F.linear(key, wk, bk); v = F.linear(value, wv, bv);
  }
  if (attnMask !== null) {
    if (attnMask.dim() === 2) {
      const s = attnMask.shape;
      if (s[0] !== tgtLen || s[1] !== srcLen0) throw new RangeError(`The shape of the 2D attn_mask is ${pySize(s)}, but should be (${tgtLen}, ${srcLen0}).`);
      attnMask = attnMask.unsqueeze(0);
    } else if (attnMask.dim() === 3) {
      const s = attnMask.shape;
      if (s[0] !== bsz * heads || s[1] !== tgtLen || s[2] !== srcLen0) throw new RangeError(`The shape of the 3D attn_mask is ${pySize(s)}, but should be (${bsz * heads}, ${tgtLen}, ${srcLen0}).`);
    } else {
      throw new RangeError(`attn_mask's dimension ${attnMask.dim()} is not supported`);
    }
  }
  q = q.view(tgtLen, bsz * heads, headDim).transpose(0, 1);
  k = k.view(k.shape[0]!, bsz * heads, headDim).transpose(0, 1);
  v = v.view(v.shape[0]!, bsz * heads, headDim).transpose(0, 1);
  const srcLen = k.size(1);
  if (keyPaddingMask !== null) {
    const s = keyPaddingMask.shape;
    if (s[0] !== bsz || s[1] !== srcLen) throw new RangeError(`expecting key_padding_mask shape of (${bsz}, ${srcLen}), but got ${pySize(s)}`);
    const kpm = keyPaddingMask.view(bsz, 1, 1, srcLen).expand(-1, heads, -1, -1).reshape(bsz * heads, 1, srcLen);
    attnMask = attnMask === null ? kpm : attnMask.add(kpm);
  }
  const dropoutP = m.training ? m.dropout : 0.0;
  if (needWeights) {
    const qScaled = q.mul(Math.sqrt(1.0 / headDim));
    let weights = attnMask !== null ? baddbmm(attnMask, qScaled, k.transpose(-2, -1)) : bmm(qScaled, k.transpose(-2, -1));
    weights = F.softmax(weights, { dim: -1 });
    if (dropoutP > 0.0) weights = F.dropout(weights, { p: dropoutP });
    let out = bmm(weights, v);
    out = out.transpose(0, 1).contiguous().view(tgtLen * bsz, embedDim);
    out = F.linear(out, m.out_proj.weight, m.out_proj.bias);
    out = out.view(tgtLen, bsz, out.size(1));
    weights = weights.view(bsz, heads, tgtLen, srcLen);
    if (average) weights = weights.mean({ dim: 1 });
    if (!batched) { out = out.squeeze(1); weights = weights.squeeze(0); }
    return [out, weights];
  }
  if (attnMask !== null) {
    attnMask = attnMask.size(0) === 1 && attnMask.dim() === 3 ? attnMask.unsqueeze(0) : attnMask.view(bsz, heads, -1, srcLen);
  }
  const q4 = q.view(bsz, heads, tgtLen, headDim);
  const k4 = k.view(bsz, heads, srcLen, headDim);
  const v4 = v.view(bsz, heads, srcLen, headDim);
  let out = scaledDotProductAttention(q4, k4, v4, attnMask, dropoutP, isCausal);
  out = out.permute(2, 0, 1, 3).contiguous().view(bsz * tgtLen, embedDim);
  out = F.linear(out, m.out_proj.weight, m.out_proj.bias);
  out = out.view(tgtLen, bsz, out.size(1));
  if (!batched) out = out.squeeze(1);
  return [out, null];
}

