// nn.functional's attention: scaled_dot_product_attention (ATen's kernel, whose CPU choice and
// dropout draws are Python's) and multi_head_attention_forward, a line-for-line port of
// torch/nn/functional.py (the path MultiheadAttention takes outside its inference fast path).
import { pySize } from '../_utils.js';
import { Tensor } from '../../tensor.js';
import type { DType } from '../../dtype.js';
import * as ops from '../../generated/functions.js';
import { parseArgs, checkBool, checkInt, checkNumber, checkTensor, type Args, type KwArgs } from '../../validate.js';
// linear through the barrel: its file may change, its F name does not.
import * as F from '../functional.js';
import { softmax } from './activation.js';
import { dropout } from './dropout.js';
import { pad } from './padding.js';

/** Options of scaledDotProductAttention. */
export interface ScaledDotProductAttentionOptions {
  /** Bool mask (true = attend) or float mask added to the scores, broadcastable to (..., L, S). */
  attnMask?: Tensor | null;
  /** Dropout probability on the attention weights (default 0). */
  dropoutP?: number;
  /** Apply a causal (lower-triangular) mask; attnMask must then be null. */
  isCausal?: boolean;
  /** Scale of the scores (default 1/sqrt(E)). */
  scale?: number | null;
  /** Grouped-query attention: key and value may have fewer heads than query (default false). */
  enableGqa?: boolean;
}

/**
 * softmax(Q K^T * scale + mask) V over the last two dimensions: query (..., L, E), key (..., S, E),
 * value (..., S, Ev) -> (..., L, Ev). ATen's kernel: the same choice of implementation and, with
 * dropoutP > 0, the same dropout draws as Python for the same seed. Note a bool attnMask is
 * true where attention is allowed (the opposite of MultiheadAttention's masks).
 * @example
 * const q = torch.randn(2, 4, 6, 8); const k = torch.randn(2, 4, 5, 8); const v = torch.randn(2, 4, 5, 8);
 * F.scaledDotProductAttention(q, k, v).shape // [2, 4, 6, 8]
 * F.scaledDotProductAttention(q, q, q, { isCausal: true, dropoutP: 0.1 });
 */
export function scaledDotProductAttention(query: Tensor, key: Tensor, value: Tensor,
  ...args: Args<[attnMask: Tensor | null, dropoutP: number, isCausal: boolean], ScaledDotProductAttentionOptions>): Tensor {
  const where = 'F.scaledDotProductAttention()';
  checkTensor(where, 'query', query);
  checkTensor(where, 'key', key);
  checkTensor(where, 'value', value);
  const o = parseArgs<ScaledDotProductAttentionOptions>(where, args, ['attnMask', 'dropoutP', 'isCausal', 'scale', 'enableGqa'],
    { attnMask: null, dropoutP: 0.0, isCausal: false, scale: null, enableGqa: false });
  const mask = checkTensor(where, 'attnMask', o.attnMask, true);
  const p = checkNumber(where, 'dropoutP', o.dropoutP);
  const isCausal = checkBool(where, 'isCausal', o.isCausal);
  const scale = o.scale === null || o.scale === undefined ? null : checkNumber(where, 'scale', o.scale);
  const enableGqa = checkBool(where, 'enableGqa', o.enableGqa);
  return ops.scaledDotProductAttention(query, key, value, mask, p, isCausal, { scale, enableGqa });
}

// ---- multi_head_attention_forward -------------------------------------------------------------

function pyTuple(shape: readonly number[]): string {
  return shape.length === 1 ? `(${shape[0]},)` : `(${shape.join(', ')})`;
}
function sameShape(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((s, i) => s === b[i]);
}

/**
 * Python's `_canonical_mask`: a bool mask becomes a float one (-inf where true) of the target
 * dtype; a float mask is returned as is; any other dtype is an error. Warns, as Python, when the
 * key padding mask's dtype differs from the attention mask's.
 * @internal
 */
export function _canonicalMask(mask: Tensor | null, maskName: string, otherType: DType | null, otherName: string, targetType: DType,
  checkOther = true): Tensor | null {
  if (mask === null) return null;
  const isFloat = mask.isFloatingPoint();
  if (mask.dtype !== 'bool' && !isFloat) throw new TypeError(`only bool and floating types of ${maskName} are supported`);
  if (checkOther && otherType !== null && mask.dtype !== otherType) {
    process.emitWarning(`Support for mismatched ${maskName} and ${otherName} is deprecated. Use same type for both instead.`);
  }
  if (!isFloat) return ops.zerosLike(mask, { dtype: targetType }).maskedFill_(mask, -Infinity);
  return mask;
}

function mhaShapeCheck(query: Tensor, key: Tensor, value: Tensor, keyPaddingMask: Tensor | null, attnMask: Tensor | null, numHeads: number): boolean {
  if (query.dim() === 3) {
    if (key.dim() !== 3 || value.dim() !== 3) {
      throw new Error(`For batched (3-D) \`query\`, expected \`key\` and \`value\` to be 3-D but found ${key.dim()}-D and ${value.dim()}-D tensors respectively`);
    }
    if (keyPaddingMask !== null && keyPaddingMask.dim() !== 2) {
      throw new Error(`For batched (3-D) \`query\`, expected \`key_padding_mask\` to be \`None\` or 2-D but found ${keyPaddingMask.dim()}-D tensor instead`);
    }
    if (attnMask !== null && attnMask.dim() !== 2 && attnMask.dim() !== 3) {
      throw new Error(`For batched (3-D) \`query\`, expected \`attn_mask\` to be \`None\`, 2-D or 3-D but found ${attnMask.dim()}-D tensor instead`);
    }
    return true;
  }
  if (query.dim() === 2) {
    if (key.dim() !== 2 || value.dim() !== 2) {
      throw new Error(`For unbatched (2-D) \`query\`, expected \`key\` and \`value\` to be 2-D but found ${key.dim()}-D and ${value.dim()}-D tensors respectively`);
    }
    if (keyPaddingMask !== null && keyPaddingMask.dim() !== 1) {
      throw new Error(`For unbatched (2-D) \`query\`, expected \`key_padding_mask\` to be \`None\` or 1-D but found ${keyPaddingMask.dim()}-D tensor instead`);
    }
    if (attnMask !== null) {
      if (attnMask.dim() !== 2 && attnMask.dim() !== 3) {
        throw new Error(`For unbatched (2-D) \`query\`, expected \`attn_mask\` to be \`None\`, 2-D or 3-D but found ${attnMask.dim()}-D tensor instead`);
      }
      if (attnMask.dim() === 3) {
        const expected = [numHeads, query.shape[0]!, key.shape[0]!];
        if (!sameShape(attnMask.shape, expected)) throw new Error(`Expected \`attn_mask\` shape to be ${pyTuple(expected)} but got ${pySize(attnMask.shape)}`);
      }
    }
    return false;
  }
  throw new Error(`query should be unbatched 2D or batched 3D tensor but received ${query.dim()}-D query tensor`);
}

function inProjectionPacked(q: Tensor, k: Tensor, v: Tensor, w: Tensor, b: Tensor | null): [Tensor, Tensor, Tensor] {
  const E = q.size(-1);
  if (k === v) {
    if (q === k) {
      // self-attention; reshaped to (3, E) rather than (E, 3), as Python, for the same memory order as chunk()
      const proj = F.linear(q, w, b).unflatten(-1, [3, E]).unsqueeze(0).transpose(0, -2).squeeze(-2).contiguous();
      return [proj.select(0, 0), proj.select(0, 1), proj.select(0, 2)];
    }
    const [wq, wkv] = w.split([E, E * 2]) as [Tensor, Tensor];
    const [bq, bkv] = b === null ? [null, null] : b.split([E, E * 2]) as [Tensor, Tensor];
    const qProj = F.linear(q, wq, bq);
    const kv = F.linear(k, wkv, bkv).unflatten(-1, [2, E]).unsqueeze(0).transpose(0, -2).squeeze(-2).contiguous();
    return [qProj, kv.select(0, 0), kv.select(0, 1)];
  }
  const [wq, wk, wv] = w.chunk(3) as [Tensor, Tensor, Tensor];
  const [bq, bk, bv] = b === null ? [null, null, null] : b.chunk(3) as [Tensor, Tensor, Tensor];
  return [F.linear(q, wq, bq), F.linear(k, wk, bk), F.linear(v, wv, bv)];
}

function inProjection(q: Tensor, k: Tensor, v: Tensor, wq: Tensor, wk: Tensor, wv: Tensor,
  bq: Tensor | null, bk: Tensor | null, bv: Tensor | null): [Tensor, Tensor, Tensor] {
  const [Eq, Ek, Ev] = [q.size(-1), k.size(-1), v.size(-1)];
  const check = (t: Tensor | null, expected: number[], what: string): void => {
    if (t !== null && !sameShape(t.shape, expected)) throw new Error(`expecting ${what} shape of ${pyTuple(expected)}, but got ${pySize(t.shape)}`);
  };
  check(wq, [Eq, Eq], 'query weights'); check(wk, [Eq, Ek], 'key weights'); check(wv, [Eq, Ev], 'value weights');
  check(bq, [Eq], 'query bias'); check(bk, [Eq], 'key bias'); check(bv, [Eq], 'value bias');
  return [F.linear(q, wq, bq), F.linear(k, wk, bk), F.linear(v, wv, bv)];
}

/** Every argument of multiHeadAttentionForward after query, key and value, by keyword. */
export interface MultiHeadAttentionForwardOptions {
  embedDimToCheck?: number;
  numHeads?: number;
  inProjWeight?: Tensor | null;
  inProjBias?: Tensor | null;
  biasK?: Tensor | null;
  biasV?: Tensor | null;
  addZeroAttn?: boolean;
  dropoutP?: number;
  outProjWeight?: Tensor;
  outProjBias?: Tensor | null;
  /** Apply dropout (default true). */
  training?: boolean;
  /** (N, S) (or (S) unbatched) mask of keys to ignore: true, or a float added to the scores. */
  keyPaddingMask?: Tensor | null;
  /** Return the attention weights too (default true). */
  needWeights?: boolean;
  /** (L, S) or (N * numHeads, L, S) mask: true = blocked, or a float added to the scores. */
  attnMask?: Tensor | null;
  /** Project with qProjWeight, kProjWeight, vProjWeight (key and value sizes other than the query's). */
  useSeparateProjWeight?: boolean;
  qProjWeight?: Tensor | null;
  kProjWeight?: Tensor | null;
  vProjWeight?: Tensor | null;
  /** Projected keys (N * numHeads, S, headDim) to use as they are. */
  staticK?: Tensor | null;
  staticV?: Tensor | null;
  /** Average the returned weights over the heads (default true). */
  averageAttnWeights?: boolean;
  /** A hint that attnMask is the causal mask. */
  isCausal?: boolean;
}

type MHAPositional = [embedDimToCheck: number, numHeads: number, inProjWeight: Tensor | null, inProjBias: Tensor | null,
  biasK: Tensor | null, biasV: Tensor | null, addZeroAttn: boolean, dropoutP: number, outProjWeight: Tensor, outProjBias: Tensor | null,
  training: boolean, keyPaddingMask: Tensor | null, needWeights: boolean, attnMask: Tensor | null];
type MHARequired = ['embedDimToCheck', 'numHeads', 'inProjWeight', 'inProjBias', 'biasK', 'biasV', 'addZeroAttn', 'dropoutP', 'outProjWeight', 'outProjBias'];

const MHA_NAMES = ['embedDimToCheck', 'numHeads', 'inProjWeight', 'inProjBias', 'biasK', 'biasV', 'addZeroAttn', 'dropoutP', 'outProjWeight',
  'outProjBias', 'training', 'keyPaddingMask', 'needWeights', 'attnMask', 'useSeparateProjWeight', 'qProjWeight', 'kProjWeight', 'vProjWeight',
  'staticK', 'staticV', 'averageAttnWeights', 'isCausal'] as const;

/**
 * Multi-head attention on (L, N, E) query and (S, N, E) key/value (or unbatched (L, E), (S, E)):
 * PyTorch's `F.multi_head_attention_forward`, argument for argument (positionally up to
 * attnMask, then by keyword). Returns [output (L, N, E), weights (N, L, S) averaged over heads,
 * or (N, heads, L, S), or null when needWeights is false].
 * @example
 * const [out, w] = F.multiHeadAttentionForward(q, k, v, 8, 2, mha.in_proj_weight, mha.in_proj_bias, null, null, false, 0.0,
 *   mha.out_proj.weight, mha.out_proj.bias, { training: false });
 */
export function multiHeadAttentionForward(query: Tensor, key: Tensor, value: Tensor,
  ...args: KwArgs<MHAPositional, MHARequired, MultiHeadAttentionForwardOptions>): [Tensor, Tensor | null] {
  const where = 'F.multiHeadAttentionForward()';
  checkTensor(where, 'query', query);
  checkTensor(where, 'key', key);
  checkTensor(where, 'value', value);
  const o = parseArgs<MultiHeadAttentionForwardOptions>(where, args, MHA_NAMES,
    { training: true, keyPaddingMask: null, needWeights: true, attnMask: null, useSeparateProjWeight: false, qProjWeight: null,
      kProjWeight: null, vProjWeight: null, staticK: null, staticV: null, averageAttnWeights: true, isCausal: false },
    ['embedDimToCheck', 'numHeads', 'outProjWeight']);
  const t = (name: keyof MultiHeadAttentionForwardOptions & string): Tensor | null => checkTensor(where, name, o[name] ?? null, true);
  const embedDimToCheck = checkInt(where, 'embedDimToCheck', o.embedDimToCheck);
  const numHeads = checkInt(where, 'numHeads', o.numHeads, 1);
  const inProjWeight = t('inProjWeight'); const inProjBias = t('inProjBias');
  const biasK = t('biasK'); const biasV = t('biasV');
  const addZeroAttn = checkBool(where, 'addZeroAttn', o.addZeroAttn ?? false);
  let dropoutP = checkNumber(where, 'dropoutP', o.dropoutP ?? 0);
  const outProjWeight = checkTensor(where, 'outProjWeight', o.outProjWeight);
  const outProjBias = t('outProjBias');
  const training = checkBool(where, 'training', o.training);
  let keyPaddingMask = t('keyPaddingMask');
  const needWeights = checkBool(where, 'needWeights', o.needWeights);
  let attnMask = t('attnMask');
  const useSeparate = checkBool(where, 'useSeparateProjWeight', o.useSeparateProjWeight);
  const staticK = t('staticK'); const staticV = t('staticV');
  const average = checkBool(where, 'averageAttnWeights', o.averageAttnWeights);
  let isCausal = checkBool(where, 'isCausal', o.isCausal);

  const isBatched = mhaShapeCheck(query, key, value, keyPaddingMask, attnMask, numHeads);
  if (!isBatched) {
    query = query.unsqueeze(1);
    key = key.unsqueeze(1);
    value = value.unsqueeze(1);
    if (keyPaddingMask !== null) keyPaddingMask = keyPaddingMask.unsqueeze(0);
  }
  const [tgtLen, bsz, embedDim] = query.shape as [number, number, number];
  const srcLen0 = key.shape[0]!;
  keyPaddingMask = _canonicalMask(keyPaddingMask, 'key_padding_mask', attnMask === null ? null : attnMask.dtype, 'attn_mask', query.dtype);
  if (isCausal && attnMask === null) {
    throw new Error('Need attn_mask if specifying the is_causal hint. You may use the Transformer module method `generate_square_subsequent_mask` to create this mask.');
  }
  if (isCausal && keyPaddingMask === null && !needWeights) {
    // The causal hint alone drives scaled_dot_product_attention; the mask is not needed.
    attnMask = null;
  } else {
    attnMask = _canonicalMask(attnMask, 'attn_mask', null, '', query.dtype, false);
    if (keyPaddingMask !== null) isCausal = false;
  }
  if (embedDim !== embedDimToCheck) throw new Error(`was expecting embedding dimension of ${embedDimToCheck}, but got ${embedDim}`);
  const headDim = Math.floor(embedDim / numHeads);
  if (headDim * numHeads !== embedDim) throw new Error(`embed_dim ${embedDim} not divisible by num_heads ${numHeads}`);
  if (useSeparate) {
    if (!sameShape(key.shape.slice(0, 2), value.shape.slice(0, 2))) {
      throw new Error(`key's sequence and batch dims ${pySize(key.shape.slice(0, 2))} do not match value's ${pySize(value.shape.slice(0, 2))}`);
    }
  } else if (!sameShape(key.shape, value.shape)) {
    throw new Error(`key shape ${pySize(key.shape)} does not match value shape ${pySize(value.shape)}`);
  }
  let q: Tensor; let k: Tensor; let v: Tensor;
  if (!useSeparate) {
    if (inProjWeight === null) throw new Error('use_separate_proj_weight is False but in_proj_weight is None');
    [q, k, v] = inProjectionPacked(query, key, value, inProjWeight, inProjBias);
  } else {
    const qw = t('qProjWeight'); const kw = t('kProjWeight'); const vw = t('vProjWeight');
    if (qw === null) throw new Error('use_separate_proj_weight is True but q_proj_weight is None');
    if (kw === null) throw new Error('use_separate_proj_weight is True but k_proj_weight is None');
    if (vw === null) throw new Error('use_separate_proj_weight is True but v_proj_weight is None');
    const [bq, bk, bv] = inProjBias === null ? [null, null, null] : inProjBias.chunk(3) as [Tensor, Tensor, Tensor];
    [q, k, v] = inProjection(query, key, value, qw, kw, vw, bq, bk, bv);
  }
  if (attnMask !== null) {
    if (attnMask.dim() === 2) {
      const correct = [tgtLen, srcLen0];
      if (!sameShape(attnMask.shape, correct)) throw new Error(`The shape of the 2D attn_mask is ${pySize(attnMask.shape)}, but should be ${pyTuple(correct)}.`);
      attnMask = attnMask.unsqueeze(0);
    } else if (attnMask.dim() === 3) {
      const correct = [bsz * numHeads, tgtLen, srcLen0];
      if (!sameShape(attnMask.shape, correct)) throw new Error(`The shape of the 3D attn_mask is ${pySize(attnMask.shape)}, but should be ${pyTuple(correct)}.`);
    } else {
      throw new Error(`attn_mask's dimension ${attnMask.dim()} is not supported`);
    }
  }
  if (biasK !== null && biasV !== null) {
    if (staticK !== null) throw new Error('bias cannot be added to static key.');
    if (staticV !== null) throw new Error('bias cannot be added to static value.');
    k = ops.cat([k, biasK.repeat(1, bsz, 1)]);
    v = ops.cat([v, biasV.repeat(1, bsz, 1)]);
    if (attnMask !== null) attnMask = pad(attnMask, [0, 1]);
    if (keyPaddingMask !== null) keyPaddingMask = pad(keyPaddingMask, [0, 1]);
  } else {
    if (biasK !== null) throw new Error('bias_k is set but bias_v is None');
    if (biasV !== null) throw new Error('bias_v is set but bias_k is None');
  }
  q = q.view(tgtLen, bsz * numHeads, headDim).transpose(0, 1);
  if (staticK === null) {
    k = k.view(k.shape[0]!, bsz * numHeads, headDim).transpose(0, 1);
  } else {
    if (staticK.size(0) !== bsz * numHeads) throw new Error(`expecting static_k.size(0) of ${bsz * numHeads}, but got ${staticK.size(0)}`);
    if (staticK.size(2) !== headDim) throw new Error(`expecting static_k.size(2) of ${headDim}, but got ${staticK.size(2)}`);
    k = staticK;
  }
  if (staticV === null) {
    v = v.view(v.shape[0]!, bsz * numHeads, headDim).transpose(0, 1);
  } else {
    if (staticV.size(0) !== bsz * numHeads) throw new Error(`expecting static_v.size(0) of ${bsz * numHeads}, but got ${staticV.size(0)}`);
    if (staticV.size(2) !== headDim) throw new Error(`expecting static_v.size(2) of ${headDim}, but got ${staticV.size(2)}`);
    v = staticV;
  }
  if (addZeroAttn) {
    const shape = [bsz * numHeads, 1, headDim];
    k = ops.cat([k, ops.zeros(shape, { dtype: k.dtype, device: k.device })], 1);
    v = ops.cat([v, ops.zeros(shape, { dtype: v.dtype, device: v.device })], 1);
    if (attnMask !== null) attnMask = pad(attnMask, [0, 1]);
    if (keyPaddingMask !== null) keyPaddingMask = pad(keyPaddingMask, [0, 1]);
  }
  const srcLen = k.size(1);
  if (keyPaddingMask !== null) {
    if (keyPaddingMask.shape[0] !== bsz) throw new Error(`Expected key_padded_mask.shape[0] to be ${bsz}, but got ${keyPaddingMask.shape[0]}`);
    if (keyPaddingMask.shape[1] !== srcLen) throw new Error(`Expected key_padded_mask.shape[1] to be ${srcLen}, but got ${keyPaddingMask.shape[1]}`);
    const kpm = keyPaddingMask.view(bsz, 1, 1, srcLen).expand(-1, numHeads, -1, -1).reshape(bsz * numHeads, 1, srcLen);
    attnMask = attnMask === null ? kpm : attnMask.add(kpm);
  }
  if (!training) dropoutP = 0.0;
  if (needWeights) {
    const E = q.shape[2]!;
    const qScaled = q.mul(Math.sqrt(1.0 / E));
    if (isCausal && attnMask === null) throw new Error('FIXME: is_causal not implemented for need_weights');
    let weights = attnMask !== null ? ops.baddbmm(attnMask, qScaled, k.transpose(-2, -1)) : ops.bmm(qScaled, k.transpose(-2, -1));
    weights = softmax(weights, { dim: -1 });
    if (dropoutP > 0.0) weights = dropout(weights, { p: dropoutP });
    let out = ops.bmm(weights, v);
    out = out.transpose(0, 1).reshape(tgtLen * bsz, embedDim);
    out = F.linear(out, outProjWeight, outProjBias);
    out = out.view(tgtLen, bsz, out.size(1));
    weights = weights.view(bsz, numHeads, tgtLen, srcLen);
    if (average) weights = weights.mean({ dim: 1 });
    if (!isBatched) { out = out.squeeze(1); weights = weights.squeeze(0); }
    return [out, weights];
  }
  if (attnMask !== null) {
    attnMask = attnMask.size(0) === 1 && attnMask.dim() === 3 ? attnMask.unsqueeze(0) : attnMask.view(bsz, numHeads, -1, srcLen);
  }
  const q4 = q.view(bsz, numHeads, tgtLen, headDim);
  const k4 = k.view(bsz, numHeads, srcLen, headDim);
  const v4 = v.view(bsz, numHeads, srcLen, headDim);
  let out = ops.scaledDotProductAttention(q4, k4, v4, attnMask, dropoutP, isCausal);
  out = out.permute(2, 0, 1, 3).reshape(bsz * tgtLen, embedDim);
  out = F.linear(out, outProjWeight, outProjBias);
  out = out.view(tgtLen, bsz, out.size(1));
  if (!isBatched) out = out.squeeze(1);
  return [out, null];
}
