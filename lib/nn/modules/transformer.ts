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
import { describeValue, parseArgs, checkInt, checkBool, checkNumber, checkChoice, checkTensor, type Args } from '../../validate.js';
import { triu, full } from '../../generated/functions.js';
import * as init from '../init.js';
import { isGradEnabled } from '../../autograd/grad_mode.js';

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
    this.activation = activationOf(where, o.activation);
    this._activationReluOrGelu = typeof o.activation === 'string';
  }

  /** @internal PyTorch's activation_relu_or_gelu (the fast-path condition). */
  declare _activationReluOrGelu: boolean;

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

  /** @internal PyTorch's use_nested_tensor: padded outputs are zeroed in inference, as its nested-tensor fast path does. */
  declare _useNestedTensor: boolean;

  constructor(encoderLayer: TransformerEncoderLayer, numLayers: number, norm: Module | null | { norm?: Module | null; enableNestedTensor?: boolean } = null,
    options: { enableNestedTensor?: boolean } = {}) {
    super();
    const where = 'TransformerEncoder()';
    let enableNested = options.enableNestedTensor ?? true;
    if (norm !== null && !(norm instanceof Module) && norm.enableNestedTensor !== undefined) enableNested = norm.enableNestedTensor;
    checkBool(where, 'enableNestedTensor', enableNested);
    const l = encoderLayer as TransformerEncoderLayer;
    Object.defineProperty(this, '_useNestedTensor', {
      value: enableNested && l instanceof TransformerEncoderLayer && !l.normFirst && l.self_attn.batchFirst && l.self_attn.in_proj_bias !== null
        && l._activationReluOrGelu && l.norm1.eps === l.norm2.eps && l.self_attn.numHeads % 2 === 0,
      writable: true, enumerable: false, configurable: true,
    });
    if (!(encoderLayer instanceof Module)) throw new TypeError(`${where}: encoderLayer must be an nn.TransformerEncoderLayer (got ${describeValue(encoderLayer)})`);
    this.numLayers = checkInt(where, 'numLayers', numLayers, 1);
    this.layers = new ModuleList(Array.from({ length: numLayers }, () => encoderLayer.deepCopy()));
    if (norm !== null && !(norm instanceof Module)) norm = norm.norm ?? null;
    if (norm !== null && !(norm instanceof Module)) throw new TypeError(`${where}: norm must be an nn.Module or null (got ${describeValue(norm)})`);
    this.norm = norm;
  }

  forward(src: Tensor, options: TransformerEncoderCallOptions = {}): Tensor {
    let x = src;
    for (const layer of this.layers) x = (layer as TransformerEncoderLayer)(x, options);
    const pad = this._nestedPadding(src, options);
    if (pad !== null) x = x.maskedFill(pad.unsqueeze(-1), 0);
    return this.norm === null ? x : (this.norm as Module)(x) as Tensor;
  }

  /** @internal the padding mask when PyTorch would run its nested-tensor path (which zeroes padded outputs), else null. */
  _nestedPadding(src: Tensor, options: TransformerEncoderCallOptions): Tensor | null {
    const kpm = options.srcKeyPaddingMask ?? null;
    const first = this.layers.at(0) as TransformerEncoderLayer;
    if (!this._useNestedTensor || first.training || src.dim() !== 3 || kpm === null || (options.mask ?? null) !== null) return null;
    const pad = kpm.dtype === 'bool' ? kpm : kpm.ne(0);
    const L = pad.size(1);
    if (L > 1) {
      const pi = pad.to('int32');
      if (!pi.narrow(1, 1, L - 1).ge(pi.narrow(1, 0, L - 1)).all().item()) return null; // not left-aligned
    }
    const sa = first.self_attn;
    const args: (Tensor | null)[] = [src, sa.in_proj_weight, sa.in_proj_bias, sa.out_proj.weight, sa.out_proj.bias, first.norm1.weight, first.norm1.bias,
      first.norm2.weight, first.norm2.bias, first.linear1.weight, first.linear1.bias, first.linear2.weight, first.linear2.bias];
    if (isGradEnabled() && args.some((t) => t !== null && t.requiresGrad)) return null;
    return pad;
  }
}

/** Options of a TransformerDecoderLayer / TransformerDecoder call. */
export interface TransformerDecoderCallOptions {
  tgtMask?: Tensor | null;
  memoryMask?: Tensor | null;
  tgtKeyPaddingMask?: Tensor | null;
  memoryKeyPaddingMask?: Tensor | null;
  tgtIsCausal?: boolean;
  memoryIsCausal?: boolean;
}

/**
 * Self-attention, attention over the encoder's memory, and feed-forward, with residuals and norms.
 * @example const layer = new nn.TransformerDecoderLayer(64, 4, { batchFirst: true }); layer(tgt, memory);
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

  constructor(dModel: number, nhead: number, ...args: Args<[dimFeedforward: number, dropout: number, activation: TransformerEncoderLayerOptions['activation']], TransformerEncoderLayerOptions>) {
    super();
    const where = 'TransformerDecoderLayer()';
    const o = parseArgs<TransformerEncoderLayerOptions>(where, args,
      ['dimFeedforward', 'dropout', 'activation', 'layerNormEps', 'batchFirst', 'normFirst', 'bias', 'device', 'dtype'],
      { dimFeedforward: 2048, dropout: 0.1, activation: 'relu', layerNormEps: 1e-5, batchFirst: false, normFirst: false, bias: true });
    checkInt(where, 'dModel', dModel, 1);
    checkInt(where, 'nhead', nhead, 1);
    const ff = checkInt(where, 'dimFeedforward', o.dimFeedforward, 1);
    const p = checkNumber(where, 'dropout', o.dropout);
    const bias = checkBool(where, 'bias', o.bias);
    const eps = checkNumber(where, 'layerNormEps', o.layerNormEps);
    const batchFirst = checkBool(where, 'batchFirst', o.batchFirst);
    const kw: FactoryOptions = {};
    if (o.device !== undefined) kw.device = o.device;
    if (o.dtype !== undefined) kw.dtype = o.dtype;
    this.self_attn = new MultiheadAttention(dModel, nhead, { dropout: p, batchFirst, bias, ...kw });
    this.multihead_attn = new MultiheadAttention(dModel, nhead, { dropout: p, batchFirst, bias, ...kw });
    this.linear1 = new Linear(dModel, ff, { bias, ...kw });
    this.dropout = new Dropout(p);
    this.linear2 = new Linear(ff, dModel, { bias, ...kw });
    this.normFirst = checkBool(where, 'normFirst', o.normFirst);
    this.norm1 = new LayerNorm(dModel, { eps, bias, ...kw });
    this.norm2 = new LayerNorm(dModel, { eps, bias, ...kw });
    this.norm3 = new LayerNorm(dModel, { eps, bias, ...kw });
    this.dropout1 = new Dropout(p);
    this.dropout2 = new Dropout(p);
    this.dropout3 = new Dropout(p);
    this.activation = activationOf(where, o.activation);
  }

  forward(tgt: Tensor, memory: Tensor, options: TransformerDecoderCallOptions = {}): Tensor {
    const where = 'TransformerDecoderLayer.forward()';
    const o = parseArgs<TransformerDecoderCallOptions>(where, [options],
      ['tgtMask', 'memoryMask', 'tgtKeyPaddingMask', 'memoryKeyPaddingMask', 'tgtIsCausal', 'memoryIsCausal'], {});
    const tgtMask = checkTensor(where, 'tgtMask', o.tgtMask, true);
    const memMask = checkTensor(where, 'memoryMask', o.memoryMask, true);
    const tgtKpm = checkTensor(where, 'tgtKeyPaddingMask', o.tgtKeyPaddingMask, true);
    const memKpm = checkTensor(where, 'memoryKeyPaddingMask', o.memoryKeyPaddingMask, true);
    const tgtCausal = checkBool(where, 'tgtIsCausal', o.tgtIsCausal ?? false);
    const memCausal = checkBool(where, 'memoryIsCausal', o.memoryIsCausal ?? false);
    const sa = (x: Tensor) => this.dropout1(this.self_attn(x, x, x, { attnMask: tgtMask, keyPaddingMask: tgtKpm, isCausal: tgtCausal, needWeights: false })[0]);
    const mha = (x: Tensor) => this.dropout2(this.multihead_attn(x, memory, memory, { attnMask: memMask, keyPaddingMask: memKpm, isCausal: memCausal, needWeights: false })[0]);
    const act = this.activation as (x: Tensor) => Tensor;
    const ffb = (x: Tensor) => this.dropout3(this.linear2(this.dropout(act(this.linear1(x)))));
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

/**
 * A stack of `numLayers` deep copies of a decoder layer, optionally followed by a norm.
 * @example const dec = new nn.TransformerDecoder(new nn.TransformerDecoderLayer(64, 4), 3);
 */
export class TransformerDecoder extends Module {
  layers: ModuleList;
  numLayers: number;
  norm: Module | null;

  constructor(decoderLayer: TransformerDecoderLayer, numLayers: number, norm: Module | null | { norm?: Module | null } = null) {
    super();
    const where = 'TransformerDecoder()';
    if (!(decoderLayer instanceof Module)) throw new TypeError(`${where}: decoderLayer must be an nn.TransformerDecoderLayer (got ${describeValue(decoderLayer)})`);
    this.numLayers = checkInt(where, 'numLayers', numLayers, 1);
    this.layers = new ModuleList(Array.from({ length: numLayers }, () => decoderLayer.deepCopy()));
    if (norm !== null && !(norm instanceof Module)) norm = norm.norm ?? null;
    if (norm !== null && !(norm instanceof Module)) throw new TypeError(`${where}: norm must be an nn.Module or null (got ${describeValue(norm)})`);
    this.norm = norm;
  }

  forward(tgt: Tensor, memory: Tensor, options: TransformerDecoderCallOptions = {}): Tensor {
    let x = tgt;
    for (const layer of this.layers) x = (layer as TransformerDecoderLayer)(x, memory, options);
    return this.norm === null ? x : (this.norm as Module)(x) as Tensor;
  }
}

/** Options of Transformer. */
export interface TransformerOptions extends TransformerEncoderLayerOptions {
  dModel?: number;
  nhead?: number;
  numEncoderLayers?: number;
  numDecoderLayers?: number;
  customEncoder?: Module | null;
  customDecoder?: Module | null;
}

/** Options of a Transformer call. */
export interface TransformerCallOptions extends TransformerDecoderCallOptions {
  srcMask?: Tensor | null;
  srcKeyPaddingMask?: Tensor | null;
  srcIsCausal?: boolean;
}

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

  constructor(options: TransformerOptions = {}) {
    super();
    const where = 'Transformer()';
    const o = parseArgs<TransformerOptions>(where, [options],
      ['dModel', 'nhead', 'numEncoderLayers', 'numDecoderLayers', 'dimFeedforward', 'dropout', 'activation', 'customEncoder', 'customDecoder',
        'layerNormEps', 'batchFirst', 'normFirst', 'bias', 'device', 'dtype'],
      { dModel: 512, nhead: 8, numEncoderLayers: 6, numDecoderLayers: 6, dimFeedforward: 2048, dropout: 0.1, activation: 'relu',
        customEncoder: null, customDecoder: null, layerNormEps: 1e-5, batchFirst: false, normFirst: false, bias: true });
    const d = checkInt(where, 'dModel', o.dModel, 1);
    const layerOpts: TransformerEncoderLayerOptions = {
      dimFeedforward: o.dimFeedforward, dropout: o.dropout, activation: o.activation, layerNormEps: o.layerNormEps,
      batchFirst: o.batchFirst, normFirst: o.normFirst, bias: o.bias,
    };
    if (o.device !== undefined) layerOpts.device = o.device;
    if (o.dtype !== undefined) layerOpts.dtype = o.dtype;
    const normOpts = { eps: o.layerNormEps, bias: o.bias, ...(o.device === undefined ? {} : { device: o.device }), ...(o.dtype === undefined ? {} : { dtype: o.dtype }) };
    if (o.customEncoder) this.encoder = o.customEncoder;
    else {
      const layer = new TransformerEncoderLayer(d, o.nhead!, layerOpts);
      this.encoder = new TransformerEncoder(layer, checkInt(where, 'numEncoderLayers', o.numEncoderLayers, 1), new LayerNorm(d, normOpts));
    }
    if (o.customDecoder) this.decoder = o.customDecoder;
    else {
      const layer = new TransformerDecoderLayer(d, o.nhead!, layerOpts);
      this.decoder = new TransformerDecoder(layer, checkInt(where, 'numDecoderLayers', o.numDecoderLayers, 1), new LayerNorm(d, normOpts));
    }
    for (const p of this.parameters()) if (p.dim() > 1) init.xavierUniform_(p);
    this.dModel = d;
    this.nhead = checkInt(where, 'nhead', o.nhead, 1);
    this.batchFirst = checkBool(where, 'batchFirst', o.batchFirst);
  }

  /**
   * A float mask with -inf above the diagonal (position i may attend to positions <= i).
   * @example nn.Transformer.generateSquareSubsequentMask(4)
   */
  static generateSquareSubsequentMask(size: number, options: FactoryOptions = {}): Tensor {
    checkInt('Transformer.generateSquareSubsequentMask()', 'size', size, 0);
    return triu(full([size, size], -Infinity, { dtype: options.dtype ?? 'float32', ...(options.device === undefined ? {} : { device: options.device }) }), 1);
  }

  forward(src: Tensor, tgt: Tensor, options: TransformerCallOptions = {}): Tensor {
    const where = 'Transformer.forward()';
    const o = parseArgs<TransformerCallOptions>(where, [options],
      ['srcMask', 'tgtMask', 'memoryMask', 'srcKeyPaddingMask', 'tgtKeyPaddingMask', 'memoryKeyPaddingMask', 'srcIsCausal', 'tgtIsCausal', 'memoryIsCausal'], {});
    const batched = src.dim() === 3;
    if (batched && src.size(this.batchFirst ? 0 : 1) !== tgt.size(this.batchFirst ? 0 : 1)) throw new RangeError('the batch number of src and tgt must be equal');
    if (src.size(-1) !== this.dModel || tgt.size(-1) !== this.dModel) throw new RangeError('the feature number of src and tgt must be equal to d_model');
    const memory = (this.encoder as Module)(src, { mask: o.srcMask ?? null, srcKeyPaddingMask: o.srcKeyPaddingMask ?? null, isCausal: o.srcIsCausal ?? false }) as Tensor;
    return (this.decoder as Module)(tgt, memory, {
      tgtMask: o.tgtMask ?? null, memoryMask: o.memoryMask ?? null, tgtKeyPaddingMask: o.tgtKeyPaddingMask ?? null,
      memoryKeyPaddingMask: o.memoryKeyPaddingMask ?? null, tgtIsCausal: o.tgtIsCausal ?? false, memoryIsCausal: o.memoryIsCausal ?? false,
    }) as Tensor;
  }
}

function activationOf(where: string, act: TransformerEncoderLayerOptions['activation']): Module | ((x: Tensor) => Tensor) {
  if (typeof act === 'string') {
    const name = checkChoice(where, 'activation', act, ['relu', 'gelu'] as const);
    return name === 'relu' ? (x: Tensor) => F.relu(x) : (x: Tensor) => F.gelu(x);
  }
  if (act instanceof Module || typeof act === 'function') return act;
  throw new TypeError(`${where}: activation must be 'relu', 'gelu', a Module or a function (got ${describeValue(act)})`);
}
