// Transformer, TransformerEncoder(Layer) and TransformerDecoder(Layer), as
// torch/nn/modules/transformer.py (the reference path; PyTorch's inference fast paths compute the
// same values up to round-off, and its nested-tensor encoder path is reproduced by zeroing the
// padded outputs it leaves zero).
import type { Tensor } from '../../tensor.js';
import type { DType, Device } from '../../dtype.js';
import { Module } from './module.js';
import { ModuleList } from './container.js';
import { Linear } from './linear.js';
import { Dropout } from './dropout.js';
import { LayerNorm } from './normalization.js';
import { GELU, ReLU } from './activation.js';
import { MultiheadAttention } from './attention.js';
import * as F from '../functional.js';
import { _canonicalMask } from '../functional/attention.js';
import type { FactoryOptions } from './linear.js';
import { describeValue, parseArgs, checkInt, checkBool, checkNumber, checkTensor, type Args, type KwArgs } from '../../validate.js';
import { triu, full } from '../../generated/functions.js';
import * as init from '../init.js';
import { isGradEnabled } from '../../autograd/grad_mode.js';

/** The activation of a transformer layer's feed-forward block. */
export type TransformerActivation = 'relu' | 'gelu' | Module | ((x: Tensor) => Tensor);

/** Options of TransformerEncoderLayer and TransformerDecoderLayer. */
export interface TransformerEncoderLayerOptions extends FactoryOptions {
  /** Hidden size of the feed-forward block (default 2048). */
  dimFeedforward?: number;
  /** Dropout probability (default 0.1). */
  dropout?: number;
  /** 'relu' (default), 'gelu', or a module / function applied in the feed-forward block. */
  activation?: TransformerActivation;
  /** The layer norms' eps (default 1e-5). */
  layerNormEps?: number;
  /** Inputs and outputs are (batch, seq, feature) (default false). */
  batchFirst?: boolean;
  /** Layer norm before (true) or after (false, default) each block. */
  normFirst?: boolean;
  /** Biases in the linear layers and layer norms (default true). */
  bias?: boolean;
}

/** Every argument of TransformerEncoderLayer / TransformerDecoderLayer by keyword. */
export interface TransformerLayerKeywords extends TransformerEncoderLayerOptions {
  dModel?: number;
  nhead?: number;
}

/** Options of TransformerDecoderLayer (the same as the encoder layer's). */
export type TransformerDecoderLayerOptions = TransformerEncoderLayerOptions;

type LayerPositional = [dModel: number, nhead: number, dimFeedforward: number, dropout: number, activation: TransformerActivation,
  layerNormEps: number, batchFirst: boolean, normFirst: boolean, bias: boolean];
const LAYER_NAMES = ['dModel', 'nhead', 'dimFeedforward', 'dropout', 'activation', 'layerNormEps', 'batchFirst', 'normFirst', 'bias', 'device', 'dtype'] as const;
const LAYER_DEFAULTS: TransformerLayerKeywords = { dimFeedforward: 2048, dropout: 0.1, activation: 'relu', layerNormEps: 1e-5, batchFirst: false, normFirst: false, bias: true };

/** Options of a TransformerEncoderLayer call (Python's forward keywords). */
export interface TransformerEncoderLayerCallOptions {
  /** (L, L) or (N * nhead, L, L) attention mask: bool (true = blocked) or float (added). */
  srcMask?: Tensor | null;
  /** (N, L) mask of padded positions: bool (true = padding) or float (added). */
  srcKeyPaddingMask?: Tensor | null;
  /** A hint that srcMask is the causal mask. */
  isCausal?: boolean;
}

/** Options of a TransformerEncoder call (Python's forward keywords). */
export interface TransformerEncoderCallOptions {
  /** (L, L) or (N * nhead, L, L) attention mask: bool (true = blocked) or float (added). */
  mask?: Tensor | null;
  /** (N, L) mask of padded positions: bool (true = padding) or float (added). */
  srcKeyPaddingMask?: Tensor | null;
  /** A hint that mask is the causal mask; null (the default) detects it by comparing with generateSquareSubsequentMask. */
  isCausal?: boolean | null;
}

function factoryOf(o: FactoryOptions): FactoryOptions {
  const kw: FactoryOptions = {};
  if (o.device !== undefined) kw.device = o.device;
  if (o.dtype !== undefined) kw.dtype = o.dtype;
  return kw;
}

/** The activation function, and PyTorch's activation_relu_or_gelu (1 relu, 2 gelu, 0 other). */
function activationOf(where: string, act: unknown): [Module | ((x: Tensor) => Tensor), number] {
  if (typeof act === 'string') {
    if (act === 'relu') return [F.relu, 1];
    if (act === 'gelu') return [F.gelu, 2];
    throw new Error(`activation should be relu/gelu, not ${act}`);
  }
  if (act === F.relu || act instanceof ReLU) return [act as Module | ((x: Tensor) => Tensor), 1];
  if (act === F.gelu || act instanceof GELU) return [act as Module | ((x: Tensor) => Tensor), 2];
  if (act instanceof Module || typeof act === 'function') return [act as Module | ((x: Tensor) => Tensor), 0];
  throw new TypeError(`${where}: activation must be 'relu', 'gelu', a Module or a function (got ${describeValue(act)})`);
}

/** The checked layer arguments shared by the encoder and decoder layers. */
function layerArgs(where: string, args: readonly unknown[]) {
  const o = parseArgs<TransformerLayerKeywords>(where, args, LAYER_NAMES, LAYER_DEFAULTS, ['dModel', 'nhead']);
  return {
    dModel: checkInt(where, 'dModel', o.dModel, 1),
    nhead: checkInt(where, 'nhead', o.nhead, 1),
    ff: checkInt(where, 'dimFeedforward', o.dimFeedforward, 1),
    p: checkNumber(where, 'dropout', o.dropout),
    eps: checkNumber(where, 'layerNormEps', o.layerNormEps),
    batchFirst: checkBool(where, 'batchFirst', o.batchFirst),
    normFirst: checkBool(where, 'normFirst', o.normFirst),
    bias: checkBool(where, 'bias', o.bias),
    activation: activationOf(where, o.activation),
    kw: factoryOf(o),
  };
}

/** A module or function applied to x. */
function apply(f: Module | ((x: Tensor) => Tensor), x: Tensor): Tensor {
  return (f as (x: Tensor) => Tensor)(x);
}

/**
 * Self-attention plus feed-forward, with residual connections and layer norms.
 * @example
 * const layer = new nn.TransformerEncoderLayer({ dModel: 512, nhead: 8 });
 * const small = new nn.TransformerEncoderLayer(64, 4, { dimFeedforward: 128, batchFirst: true, activation: 'gelu' });
 * small(torch.randn(2, 10, 64), { srcKeyPaddingMask: padding });
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
  /** PyTorch's activation_relu_or_gelu: 1 for relu, 2 for gelu, 0 for any other activation. */
  activationReluOrGelu: number;

  constructor(...args: KwArgs<LayerPositional, ['dModel', 'nhead'], TransformerLayerKeywords>) {
    super();
    const a = layerArgs('TransformerEncoderLayer()', args);
    this.self_attn = new MultiheadAttention(a.dModel, a.nhead, { dropout: a.p, bias: a.bias, batchFirst: a.batchFirst, ...a.kw });
    this.linear1 = new Linear(a.dModel, a.ff, { bias: a.bias, ...a.kw });
    this.dropout = new Dropout(a.p);
    this.linear2 = new Linear(a.ff, a.dModel, { bias: a.bias, ...a.kw });
    this.normFirst = a.normFirst;
    this.norm1 = new LayerNorm(a.dModel, { eps: a.eps, bias: a.bias, ...a.kw });
    this.norm2 = new LayerNorm(a.dModel, { eps: a.eps, bias: a.bias, ...a.kw });
    this.dropout1 = new Dropout(a.p);
    this.dropout2 = new Dropout(a.p);
    [this.activation, this.activationReluOrGelu] = a.activation;
  }

  /** @internal */
  _saBlock(x: Tensor, attnMask: Tensor | null, keyPaddingMask: Tensor | null, isCausal: boolean): Tensor {
    const [y] = this.self_attn(x, x, x, { attnMask, keyPaddingMask, needWeights: false, isCausal });
    return this.dropout1(y);
  }

  /** @internal */
  _ffBlock(x: Tensor): Tensor {
    return this.dropout2(this.linear2(this.dropout(apply(this.activation, this.linear1(x)))));
  }

  forward(src: Tensor, ...args: Args<[srcMask: Tensor | null, srcKeyPaddingMask: Tensor | null, isCausal: boolean], TransformerEncoderLayerCallOptions>): Tensor {
    const where = 'TransformerEncoderLayer.forward()';
    const o = parseArgs<TransformerEncoderLayerCallOptions>(where, args, ['srcMask', 'srcKeyPaddingMask', 'isCausal'], { srcMask: null, srcKeyPaddingMask: null, isCausal: false });
    checkTensor(where, 'src', src);
    let srcMask = checkTensor(where, 'srcMask', o.srcMask, true);
    let kpm = checkTensor(where, 'srcKeyPaddingMask', o.srcKeyPaddingMask, true);
    const isCausal = checkBool(where, 'isCausal', o.isCausal);
    kpm = _canonicalMask(kpm, 'src_key_padding_mask', srcMask === null ? null : srcMask.dtype, 'src_mask', src.dtype);
    srcMask = _canonicalMask(srcMask, 'src_mask', null, '', src.dtype, false);
    let x = src;
    if (this.normFirst) {
      x = x.add(this._saBlock(this.norm1(x), srcMask, kpm, isCausal));
      x = x.add(this._ffBlock(this.norm2(x)));
    } else {
      x = this.norm1(x.add(this._saBlock(x, srcMask, kpm, isCausal)));
      x = this.norm2(x.add(this._ffBlock(x)));
    }
    return x;
  }
}

/** Options of TransformerEncoder. */
export interface TransformerEncoderOptions {
  /** A module applied to the output (default null). */
  norm?: Module | null;
  /** Take PyTorch's nested-tensor path in inference where it would (default true): padded outputs are zero. */
  enableNestedTensor?: boolean;
  /** Check that the key padding mask is left-aligned before taking the nested-tensor path (default true). */
  maskCheck?: boolean;
}

/** Every argument of TransformerEncoder by keyword. */
export interface TransformerEncoderKeywords extends TransformerEncoderOptions {
  encoderLayer?: TransformerEncoderLayer | Module;
  numLayers?: number;
}

/** Python's _get_seq_len: the sequence length of an (un)batched input. */
function seqLen(src: Tensor, batchFirst: boolean): number {
  return src.dim() === 2 ? src.size(0) : src.size(batchFirst ? 1 : 0);
}

/**
 * Python's _detect_is_causal_mask: `isCausal` when given, otherwise whether `mask` equals the
 * square subsequent mask of `size`.
 */
function detectIsCausalMask(mask: Tensor | null, isCausal: boolean | null, size: number | null): boolean {
  let makeCausal = isCausal === true;
  if (isCausal === null && mask !== null) {
    const sz = size ?? mask.size(-2);
    const causal = Transformer.generateSquareSubsequentMask(sz, { device: mask.device, dtype: mask.dtype });
    const same = mask.dim() === 2 && mask.size(0) === sz && mask.size(1) === sz;
    makeCausal = same ? Boolean(mask.eq(causal).all().item()) : false;
  }
  return makeCausal;
}

/** Python's reason why the encoder's nested-tensor (sparsity) fast path is off, or ''. */
function whyNotSparsityFastPath(layer: unknown): string {
  const enc = 'encoder_layer';
  if (!(layer instanceof TransformerEncoderLayer)) return `${enc} was not TransformerEncoderLayer`;
  if (layer.normFirst) return `${enc}.norm_first was True`;
  if (!layer.self_attn.batchFirst) return `${enc}.self_attn.batch_first was not True(use batch_first for better inference performance)`;
  if (!layer.self_attn._qkvSameEmbedDim) return `${enc}.self_attn._qkv_same_embed_dim was not True`;
  if (layer.self_attn.in_proj_bias === null) return `${enc}.self_attn was passed bias=False`;
  if (!layer.activationReluOrGelu) return `${enc}.activation_relu_or_gelu was not True`;
  if (layer.norm1.eps !== layer.norm2.eps) return `${enc}.norm1.eps was not equal to ${enc}.norm2.eps`;
  if (layer.self_attn.numHeads % 2 === 1) return `${enc}.self_attn.num_heads is odd`;
  return '';
}

/**
 * A stack of `numLayers` deep copies of an encoder layer, optionally followed by a norm.
 * @example
 * const enc = new nn.TransformerEncoder(new nn.TransformerEncoderLayer(64, 4, { batchFirst: true }), 3);
 * const normed = new nn.TransformerEncoder({ encoderLayer: layer, numLayers: 6, norm: new nn.LayerNorm(64) });
 * enc(x, { srcKeyPaddingMask: padding });
 */
export class TransformerEncoder extends Module {
  layers: ModuleList;
  numLayers: number;
  norm: Module | null;
  /** The enableNestedTensor given at construction. */
  enableNestedTensor: boolean;
  /** Whether the nested-tensor path is taken in inference (enableNestedTensor, if the layer allows it). */
  useNestedTensor: boolean;
  maskCheck: boolean;

  constructor(...args: KwArgs<[encoderLayer: TransformerEncoderLayer | Module, numLayers: number, norm: Module | null, enableNestedTensor: boolean, maskCheck: boolean],
    ['encoderLayer', 'numLayers'], TransformerEncoderKeywords>) {
    super();
    const where = 'TransformerEncoder()';
    const o = parseArgs<TransformerEncoderKeywords>(where, args, ['encoderLayer', 'numLayers', 'norm', 'enableNestedTensor', 'maskCheck'],
      { norm: null, enableNestedTensor: true, maskCheck: true }, ['encoderLayer', 'numLayers']);
    const encoderLayer = o.encoderLayer;
    if (!(encoderLayer instanceof Module)) throw new TypeError(`${where}: encoderLayer must be an nn.TransformerEncoderLayer (got ${describeValue(encoderLayer)})`);
    this.numLayers = checkInt(where, 'numLayers', o.numLayers, 1);
    this.layers = new ModuleList(Array.from({ length: this.numLayers }, () => encoderLayer.deepCopy()));
    const norm = o.norm ?? null;
    if (norm !== null && !(norm instanceof Module)) throw new TypeError(`${where}: norm must be an nn.Module or null (got ${describeValue(norm)})`);
    this.norm = norm;
    this.enableNestedTensor = checkBool(where, 'enableNestedTensor', o.enableNestedTensor);
    this.useNestedTensor = this.enableNestedTensor;
    this.maskCheck = checkBool(where, 'maskCheck', o.maskCheck);
    const why = whyNotSparsityFastPath(encoderLayer);
    if (this.enableNestedTensor && why !== '') {
      process.emitWarning(`enable_nested_tensor is True, but self.use_nested_tensor is False because ${why}`);
      this.useNestedTensor = false;
    }
  }

  forward(src: Tensor, ...args: Args<[mask: Tensor | null, srcKeyPaddingMask: Tensor | null, isCausal: boolean | null], TransformerEncoderCallOptions>): Tensor {
    const where = 'TransformerEncoder.forward()';
    const o = parseArgs<TransformerEncoderCallOptions>(where, args, ['mask', 'srcKeyPaddingMask', 'isCausal'], { mask: null, srcKeyPaddingMask: null, isCausal: null });
    checkTensor(where, 'src', src);
    let mask = checkTensor(where, 'mask', o.mask, true);
    let kpm = checkTensor(where, 'srcKeyPaddingMask', o.srcKeyPaddingMask, true);
    const isCausalIn = o.isCausal === null || o.isCausal === undefined ? null : checkBool(where, 'isCausal', o.isCausal);
    kpm = _canonicalMask(kpm, 'src_key_padding_mask', mask === null ? null : mask.dtype, 'mask', src.dtype);
    mask = _canonicalMask(mask, 'mask', null, '', src.dtype, false);
    const first = this.layers.at(0) as TransformerEncoderLayer;
    const pad = this._nestedPadding(src, mask, kpm);
    const isCausal = detectIsCausalMask(mask, isCausalIn, seqLen(src, first.self_attn.batchFirst));
    let x = src;
    for (const layer of this.layers) x = (layer as TransformerEncoderLayer)(x, { srcMask: mask, isCausal, srcKeyPaddingMask: kpm });
    if (pad !== null) x = x.maskedFill(pad.unsqueeze(-1), 0);
    return this.norm === null ? x : apply(this.norm, x);
  }

  /** @internal the padding (true = padded) when PyTorch would run its nested-tensor path (which leaves padded outputs zero), else null. */
  _nestedPadding(src: Tensor, mask: Tensor | null, kpm: Tensor | null): Tensor | null {
    const first = this.layers.at(0) as TransformerEncoderLayer;
    if (!this.useNestedTensor || first.training || src.dim() !== 3 || kpm === null) return null;
    // kpm is canonical (float): padded positions are -inf.
    const pad = kpm.isinf().logicalAnd(kpm.lt(0));
    if (this.maskCheck) {
      const L = pad.size(1);
      if (L > 1) {
        const pi = pad.to('int32');
        if (!pi.narrow(1, 1, L - 1).ge(pi.narrow(1, 0, L - 1)).all().item()) return null; // not left-aligned
      }
    }
    if (mask !== null) return null;
    const sa = first.self_attn;
    const args: (Tensor | null)[] = [src, sa.in_proj_weight, sa.in_proj_bias, sa.out_proj.weight, sa.out_proj.bias, first.norm1.weight, first.norm1.bias,
      first.norm2.weight, first.norm2.bias, first.linear1.weight, first.linear1.bias, first.linear2.weight, first.linear2.bias];
    if (isGradEnabled() && args.some((t) => t !== null && t.requiresGrad)) return null;
    return pad;
  }
}

/** Options of a TransformerDecoderLayer call (Python's forward keywords). */
export interface TransformerDecoderLayerCallOptions {
  tgtMask?: Tensor | null;
  memoryMask?: Tensor | null;
  tgtKeyPaddingMask?: Tensor | null;
  memoryKeyPaddingMask?: Tensor | null;
  tgtIsCausal?: boolean;
  memoryIsCausal?: boolean;
}

/** Options of a TransformerDecoder call: as the layer's, tgtIsCausal null (default) detecting a causal tgtMask. */
export interface TransformerDecoderCallOptions extends Omit<TransformerDecoderLayerCallOptions, 'tgtIsCausal'> {
  tgtIsCausal?: boolean | null;
}

type DecoderCallPositional = [tgtMask: Tensor | null, memoryMask: Tensor | null, tgtKeyPaddingMask: Tensor | null, memoryKeyPaddingMask: Tensor | null,
  tgtIsCausal: boolean | null, memoryIsCausal: boolean];
const DECODER_CALL_NAMES = ['tgtMask', 'memoryMask', 'tgtKeyPaddingMask', 'memoryKeyPaddingMask', 'tgtIsCausal', 'memoryIsCausal'] as const;

/**
 * Self-attention, attention over the encoder's memory, and feed-forward, with residuals and norms.
 * @example
 * const layer = new nn.TransformerDecoderLayer({ dModel: 512, nhead: 8, batchFirst: true });
 * layer(tgt, memory, { tgtMask: nn.Transformer.generateSquareSubsequentMask(tgt.shape[1]!) });
 */
export class TransformerDecoderLayer extends Module {
  self_attn: MultiheadAttention;
  multihead_attn: MultiheadAttention;
  linear1: Linear;
  dropout: Dropout;
  linear2: Linear;
  normFirst: boolean;
  norm1: LayerNorm;
  norm2: LayerNorm;
  norm3: LayerNorm;
  dropout1: Dropout;
  dropout2: Dropout;
  dropout3: Dropout;
  activation: Module | ((x: Tensor) => Tensor);

  constructor(...args: KwArgs<LayerPositional, ['dModel', 'nhead'], TransformerLayerKeywords>) {
    super();
    const a = layerArgs('TransformerDecoderLayer()', args);
    this.self_attn = new MultiheadAttention(a.dModel, a.nhead, { dropout: a.p, batchFirst: a.batchFirst, bias: a.bias, ...a.kw });
    this.multihead_attn = new MultiheadAttention(a.dModel, a.nhead, { dropout: a.p, batchFirst: a.batchFirst, bias: a.bias, ...a.kw });
    this.linear1 = new Linear(a.dModel, a.ff, { bias: a.bias, ...a.kw });
    this.dropout = new Dropout(a.p);
    this.linear2 = new Linear(a.ff, a.dModel, { bias: a.bias, ...a.kw });
    this.normFirst = a.normFirst;
    this.norm1 = new LayerNorm(a.dModel, { eps: a.eps, bias: a.bias, ...a.kw });
    this.norm2 = new LayerNorm(a.dModel, { eps: a.eps, bias: a.bias, ...a.kw });
    this.norm3 = new LayerNorm(a.dModel, { eps: a.eps, bias: a.bias, ...a.kw });
    this.dropout1 = new Dropout(a.p);
    this.dropout2 = new Dropout(a.p);
    this.dropout3 = new Dropout(a.p);
    this.activation = a.activation[0];
  }

  forward(tgt: Tensor, memory: Tensor, ...args: Args<[tgtMask: Tensor | null, memoryMask: Tensor | null, tgtKeyPaddingMask: Tensor | null,
    memoryKeyPaddingMask: Tensor | null, tgtIsCausal: boolean, memoryIsCausal: boolean], TransformerDecoderLayerCallOptions>): Tensor {
    const where = 'TransformerDecoderLayer.forward()';
    const o = parseArgs<TransformerDecoderLayerCallOptions>(where, args, DECODER_CALL_NAMES, { tgtIsCausal: false, memoryIsCausal: false });
    checkTensor(where, 'tgt', tgt);
    checkTensor(where, 'memory', memory);
    const tgtMask = checkTensor(where, 'tgtMask', o.tgtMask, true);
    const memMask = checkTensor(where, 'memoryMask', o.memoryMask, true);
    const tgtKpm = checkTensor(where, 'tgtKeyPaddingMask', o.tgtKeyPaddingMask, true);
    const memKpm = checkTensor(where, 'memoryKeyPaddingMask', o.memoryKeyPaddingMask, true);
    const tgtCausal = checkBool(where, 'tgtIsCausal', o.tgtIsCausal);
    const memCausal = checkBool(where, 'memoryIsCausal', o.memoryIsCausal);
    const sa = (x: Tensor) => this.dropout1(this.self_attn(x, x, x, { attnMask: tgtMask, keyPaddingMask: tgtKpm, isCausal: tgtCausal, needWeights: false })[0]);
    const mha = (x: Tensor) => this.dropout2(this.multihead_attn(x, memory, memory, { attnMask: memMask, keyPaddingMask: memKpm, isCausal: memCausal, needWeights: false })[0]);
    const ffb = (x: Tensor) => this.dropout3(this.linear2(this.dropout(apply(this.activation, this.linear1(x)))));
    let x = tgt;
    if (this.normFirst) {
      x = x.add(sa(this.norm1(x)));
      x = x.add(mha(this.norm2(x)));
      x = x.add(ffb(this.norm3(x)));
    } else {
      x = this.norm1(x.add(sa(x)));
      x = this.norm2(x.add(mha(x)));
      x = this.norm3(x.add(ffb(x)));
    }
    return x;
  }
}

/** Every argument of TransformerDecoder by keyword. */
export interface TransformerDecoderKeywords {
  decoderLayer?: TransformerDecoderLayer | Module;
  numLayers?: number;
  /** A module applied to the output (default null). */
  norm?: Module | null;
}

/**
 * A stack of `numLayers` deep copies of a decoder layer, optionally followed by a norm.
 * @example
 * const dec = new nn.TransformerDecoder(new nn.TransformerDecoderLayer(64, 4), 3);
 * const normed = new nn.TransformerDecoder({ decoderLayer: layer, numLayers: 6, norm: new nn.LayerNorm(64) });
 */
export class TransformerDecoder extends Module {
  layers: ModuleList;
  numLayers: number;
  norm: Module | null;

  constructor(...args: KwArgs<[decoderLayer: TransformerDecoderLayer | Module, numLayers: number, norm: Module | null], ['decoderLayer', 'numLayers'], TransformerDecoderKeywords>) {
    super();
    const where = 'TransformerDecoder()';
    const o = parseArgs<TransformerDecoderKeywords>(where, args, ['decoderLayer', 'numLayers', 'norm'], { norm: null }, ['decoderLayer', 'numLayers']);
    const decoderLayer = o.decoderLayer;
    if (!(decoderLayer instanceof Module)) throw new TypeError(`${where}: decoderLayer must be an nn.TransformerDecoderLayer (got ${describeValue(decoderLayer)})`);
    this.numLayers = checkInt(where, 'numLayers', o.numLayers, 1);
    this.layers = new ModuleList(Array.from({ length: this.numLayers }, () => decoderLayer.deepCopy()));
    const norm = o.norm ?? null;
    if (norm !== null && !(norm instanceof Module)) throw new TypeError(`${where}: norm must be an nn.Module or null (got ${describeValue(norm)})`);
    this.norm = norm;
  }

  forward(tgt: Tensor, memory: Tensor, ...args: Args<DecoderCallPositional, TransformerDecoderCallOptions>): Tensor {
    const where = 'TransformerDecoder.forward()';
    const o = parseArgs<TransformerDecoderCallOptions>(where, args, DECODER_CALL_NAMES, { tgtIsCausal: null, memoryIsCausal: false });
    checkTensor(where, 'tgt', tgt);
    const tgtMask = checkTensor(where, 'tgtMask', o.tgtMask, true);
    const first = this.layers.at(0) as TransformerDecoderLayer;
    const batchFirst = first.self_attn instanceof MultiheadAttention ? first.self_attn.batchFirst : false;
    const tgtIsCausal = detectIsCausalMask(tgtMask, o.tgtIsCausal === null || o.tgtIsCausal === undefined ? null : checkBool(where, 'tgtIsCausal', o.tgtIsCausal),
      seqLen(tgt, batchFirst));
    let x = tgt;
    for (const layer of this.layers) {
      x = (layer as TransformerDecoderLayer)(x, memory, {
        tgtMask, memoryMask: o.memoryMask ?? null, tgtKeyPaddingMask: o.tgtKeyPaddingMask ?? null, memoryKeyPaddingMask: o.memoryKeyPaddingMask ?? null,
        tgtIsCausal, memoryIsCausal: o.memoryIsCausal ?? false,
      });
    }
    return this.norm === null ? x : apply(this.norm, x);
  }
}

/** Options of Transformer (all of Python's keyword arguments). */
export interface TransformerOptions extends TransformerEncoderLayerOptions {
  /** Features of the inputs (default 512). */
  dModel?: number;
  /** Attention heads (default 8). */
  nhead?: number;
  /** Encoder layers (default 6). */
  numEncoderLayers?: number;
  /** Decoder layers (default 6). */
  numDecoderLayers?: number;
  /** An encoder to use instead of the default one. */
  customEncoder?: Module | null;
  /** A decoder to use instead of the default one. */
  customDecoder?: Module | null;
}

/** Options of a Transformer call (Python's forward keywords). */
export interface TransformerCallOptions extends TransformerDecoderCallOptions {
  srcMask?: Tensor | null;
  srcKeyPaddingMask?: Tensor | null;
  /** A hint that srcMask is the causal mask; null (the default) detects it. */
  srcIsCausal?: boolean | null;
}

type TransformerPositional = [dModel: number, nhead: number, numEncoderLayers: number, numDecoderLayers: number, dimFeedforward: number, dropout: number,
  activation: TransformerActivation, customEncoder: Module | null, customDecoder: Module | null, layerNormEps: number, batchFirst: boolean,
  normFirst: boolean, bias: boolean];

/**
 * The encoder-decoder transformer of "Attention Is All You Need" (defaults: dModel 512, 8 heads,
 * 6 + 6 layers, feed-forward 2048, dropout 0.1); every weight matrix xavier-uniform initialised.
 * @example
 * const model = new nn.Transformer({ dModel: 64, nhead: 4, numEncoderLayers: 2, numDecoderLayers: 2, batchFirst: true });
 * const out = model(src, tgt, { tgtMask: nn.Transformer.generateSquareSubsequentMask(tgt.shape[1]!) });
 */
export class Transformer extends Module {
  encoder: Module;
  decoder: Module;
  dModel: number;
  nhead: number;
  batchFirst: boolean;

  constructor(...args: KwArgs<TransformerPositional, [], TransformerOptions>) {
    super();
    const where = 'Transformer()';
    const o = parseArgs<TransformerOptions>(where, args,
      ['dModel', 'nhead', 'numEncoderLayers', 'numDecoderLayers', 'dimFeedforward', 'dropout', 'activation', 'customEncoder', 'customDecoder',
        'layerNormEps', 'batchFirst', 'normFirst', 'bias', 'device', 'dtype'],
      { dModel: 512, nhead: 8, numEncoderLayers: 6, numDecoderLayers: 6, dimFeedforward: 2048, dropout: 0.1, activation: 'relu',
        customEncoder: null, customDecoder: null, layerNormEps: 1e-5, batchFirst: false, normFirst: false, bias: true });
    const d = checkInt(where, 'dModel', o.dModel, 1);
    const layerOpts: TransformerEncoderLayerOptions = {
      dimFeedforward: o.dimFeedforward, dropout: o.dropout, activation: o.activation, layerNormEps: o.layerNormEps,
      batchFirst: o.batchFirst, normFirst: o.normFirst, bias: o.bias, ...factoryOf(o),
    };
    const normOpts = { eps: o.layerNormEps, bias: o.bias, ...factoryOf(o) };
    if (o.customEncoder !== null && o.customEncoder !== undefined) {
      if (!(o.customEncoder instanceof Module)) throw new TypeError(`${where}: customEncoder must be an nn.Module or null (got ${describeValue(o.customEncoder)})`);
      this.encoder = o.customEncoder;
    } else {
      const layer = new TransformerEncoderLayer(d, o.nhead!, layerOpts);
      this.encoder = new TransformerEncoder(layer, checkInt(where, 'numEncoderLayers', o.numEncoderLayers, 1), new LayerNorm(d, normOpts));
    }
    if (o.customDecoder !== null && o.customDecoder !== undefined) {
      if (!(o.customDecoder instanceof Module)) throw new TypeError(`${where}: customDecoder must be an nn.Module or null (got ${describeValue(o.customDecoder)})`);
      this.decoder = o.customDecoder;
    } else {
      const layer = new TransformerDecoderLayer(d, o.nhead!, layerOpts);
      this.decoder = new TransformerDecoder(layer, checkInt(where, 'numDecoderLayers', o.numDecoderLayers, 1), new LayerNorm(d, normOpts));
    }
    this._resetParameters();
    this.dModel = d;
    this.nhead = checkInt(where, 'nhead', o.nhead, 1);
    this.batchFirst = checkBool(where, 'batchFirst', o.batchFirst);
  }

  /** @internal PyTorch's _reset_parameters: xavier-uniform every parameter with more than one dimension. */
  _resetParameters(): void {
    for (const p of this.parameters()) if (p.dim() > 1) init.xavierUniform_(p);
  }

  /**
   * A float mask with -inf above the diagonal (position i may attend to positions <= i); static,
   * as Python's.
   * @example nn.Transformer.generateSquareSubsequentMask(4)
   */
  static generateSquareSubsequentMask(sz: number, ...args: Args<[device: Device | null, dtype: DType | null], { device?: Device | null; dtype?: DType | null }>): Tensor {
    const where = 'Transformer.generateSquareSubsequentMask()';
    const o = parseArgs<{ device?: Device | null; dtype?: DType | null }>(where, args, ['device', 'dtype'], { device: null, dtype: null });
    checkInt(where, 'sz', sz, 0);
    const opts: { device?: Device; dtype?: DType } = {};
    if (o.device !== null && o.device !== undefined) opts.device = o.device;
    if (o.dtype !== null && o.dtype !== undefined) opts.dtype = o.dtype;
    return triu(full([sz, sz], -Infinity, opts), 1);
  }

  forward(src: Tensor, tgt: Tensor, ...args: Args<[srcMask: Tensor | null, tgtMask: Tensor | null, memoryMask: Tensor | null, srcKeyPaddingMask: Tensor | null,
    tgtKeyPaddingMask: Tensor | null, memoryKeyPaddingMask: Tensor | null, srcIsCausal: boolean | null, tgtIsCausal: boolean | null, memoryIsCausal: boolean],
    TransformerCallOptions>): Tensor {
    const where = 'Transformer.forward()';
    const o = parseArgs<TransformerCallOptions>(where, args,
      ['srcMask', 'tgtMask', 'memoryMask', 'srcKeyPaddingMask', 'tgtKeyPaddingMask', 'memoryKeyPaddingMask', 'srcIsCausal', 'tgtIsCausal', 'memoryIsCausal'],
      { srcIsCausal: null, tgtIsCausal: null, memoryIsCausal: false });
    checkTensor(where, 'src', src);
    checkTensor(where, 'tgt', tgt);
    const batched = src.dim() === 3;
    if (batched && src.size(this.batchFirst ? 0 : 1) !== tgt.size(this.batchFirst ? 0 : 1)) throw new Error('the batch number of src and tgt must be equal');
    if (src.size(-1) !== this.dModel || tgt.size(-1) !== this.dModel) throw new Error('the feature number of src and tgt must be equal to d_model');
    const enc = this.encoder as (src: Tensor, o: TransformerEncoderCallOptions) => Tensor;
    const mem = enc(src, { mask: o.srcMask ?? null, srcKeyPaddingMask: o.srcKeyPaddingMask ?? null, isCausal: o.srcIsCausal ?? null });
    const dec = this.decoder as (tgt: Tensor, memory: Tensor, o: TransformerDecoderCallOptions) => Tensor;
    return dec(tgt, mem, {
      tgtMask: o.tgtMask ?? null, memoryMask: o.memoryMask ?? null, tgtKeyPaddingMask: o.tgtKeyPaddingMask ?? null,
      memoryKeyPaddingMask: o.memoryKeyPaddingMask ?? null, tgtIsCausal: o.tgtIsCausal ?? null, memoryIsCausal: o.memoryIsCausal ?? false,
    });
  }
}
