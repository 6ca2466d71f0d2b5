// Swin Transformer V1 and V2 ("Hierarchical Vision Transformer using Shifted Windows"), as
// torchvision/models/swin_transformer.py: the same shifted-window attention with relative position
// bias (V2: continuous bias from a small MLP and cosine attention), module names and
// initialisation, so Python's state dicts load.
import type { Tensor } from '../../tensor.js';
import { arange, cat, clamp, log2, meshgrid, ones, sigmoid, stack, zeros } from '../../generated/functions.js';
import { slice } from '../../indexing.js';
import * as nn from '../../nn/index.js';
import { Module } from '../../nn/modules/module.js';
import { MLP, Permute, makeLayer, type LayerFactory } from '../ops/misc.js';
import { StochasticDepth } from '../ops/stochastic_depth.js';
import { ImageClassification } from '../transforms/_presets.js';
import { parseArgs, checkInt, type KwArgs } from '../../validate.js';
import { _IMAGENET_CATEGORIES } from './_meta.js';
import { defineWeightsEnum, registerModel, builderOptions, resolveWeights, _ovewriteNamedParam, loadWeights, type WeightsOptions, type WeightsEnum } from './_api.js';

const F = nn.functional;

/** Pads H and W ([..., H, W, C]) to even sizes and stacks the four 2x2 neighbours along C. */
function _patchMergingPad(x: Tensor): Tensor {
  const [H, W] = x.shape.slice(-3, -1) as [number, number];
  x = F.pad(x, [0, 0, 0, W % 2, 0, H % 2]);
  const at = (h: number, w: number): Tensor => x.index(['...', slice(h, null, 2), slice(w, null, 2), slice()]);
  return cat([at(0, 0), at(1, 0), at(0, 1), at(1, 1)], -1);
}

/** The (1, heads, N, N) bias of a window of N = Wh * Ww positions, gathered from the table by the index. */
function _getRelativePositionBias(relativePositionBiasTable: Tensor, relativePositionIndex: Tensor, windowSize: readonly number[]): Tensor {
  const N = windowSize[0]! * windowSize[1]!;
  let bias = relativePositionBiasTable.index([relativePositionIndex]);
  bias = bias.view(N, N, -1);
  return bias.permute(2, 0, 1).contiguous().unsqueeze(0);
}

/**
 * Patch merging (V1): [..., H, W, C] -> [..., H/2, W/2, 2C] through LayerNorm(4C) and a Linear (`norm`, `reduction`).
 * @example const pm = new PatchMerging(96); pm(torch.randn(1, 8, 8, 96)).shape // [1, 4, 4, 192]
 */
export class PatchMerging extends Module {
  dim: number;
  reduction: nn.Linear;
  norm: Module;
  constructor(dim: number, normLayer: LayerFactory<[number]> = nn.LayerNorm) {
    super();
    this.dim = dim;
    this.reduction = new nn.Linear(4 * dim, 2 * dim, { bias: false });
    this.norm = makeLayer(normLayer, 4 * dim);
  }
  forward(x: Tensor): Tensor {
    x = _patchMergingPad(x);
    x = (this.norm as Module)(x) as Tensor;
    return this.reduction(x);
  }
}

/**
 * Patch merging of Swin V2: the Linear first, then LayerNorm(2C).
 * @example const pm = new PatchMergingV2(96); pm(torch.randn(1, 8, 8, 96)).shape // [1, 4, 4, 192]
 */
export class PatchMergingV2 extends Module {
  dim: number;
  reduction: nn.Linear;
  norm: Module;
  constructor(dim: number, normLayer: LayerFactory<[number]> = nn.LayerNorm) {
    super();
    this.dim = dim;
    this.reduction = new nn.Linear(4 * dim, 2 * dim, { bias: false });
    this.norm = makeLayer(normLayer, 2 * dim);
  }
  forward(x: Tensor): Tensor {
    x = _patchMergingPad(x);
    x = this.reduction(x);
    return (this.norm as Module)(x) as Tensor;
  }
}

/** Options of `shiftedWindowAttention` (torchvision's keyword arguments). */
export interface ShiftedWindowAttentionOptions {
  /** Dropout on the attention weights (default 0). */
  attentionDropout?: number;
  /** Dropout on the output (default 0). */
  dropout?: number;
  qkvBias?: Tensor | null;
  projBias?: Tensor | null;
  /** Swin V2's per-head logit scale: cosine attention (default null: scaled dot product). */
  logitScale?: Tensor | null;
  /** Applies the dropouts (default true). */
  training?: boolean;
}

/** Python's slice(start, stop) on a dimension of size n, as [begin, length]. */
function pySlice(n: number, start: number, stop: number | null): [number, number] {
  const norm = (i: number): number => Math.min(Math.max(i < 0 ? i + n : i, 0), n);
  const b = norm(start);
  const e = stop === null ? n : norm(stop);
  return [b, Math.max(e - b, 0)];
}

/**
 * Window-based multi-head self-attention (W-MSA) with relative position bias, shifted or not
 * (torchvision's `shifted_window_attention`): pads [B, H, W, C] to whole windows, rolls by
 * `shiftSize` (masking across the wrapped edges), attends within each window, and undoes both.
 * @example const y = models.swin_transformer.shiftedWindowAttention(x, qkvW, projW, bias, [7, 7], 3, [3, 3], { qkvBias, projBias, training: false });
 */
export function shiftedWindowAttention(input: Tensor, qkvWeight: Tensor, projWeight: Tensor, relativePositionBias: Tensor,
  windowSize: readonly number[], numHeads: number, shiftSize: readonly number[], options: ShiftedWindowAttentionOptions = {}): Tensor {
  const { attentionDropout = 0.0, dropout = 0.0, logitScale = null, training = true } = options;
  let qkvBias = options.qkvBias ?? null;
  const projBias = options.projBias ?? null;
  const [B, H, W, C] = input.shape as [number, number, number, number];
  const [ws0, ws1] = windowSize as [number, number];
  const padR = (ws1 - (W % ws1)) % ws1;
  const padB = (ws0 - (H % ws0)) % ws0;
  let x = F.pad(input, [0, 0, 0, padR, 0, padB]);
  const [, padH, padW] = x.shape as [number, number, number, number];
  const shift = [...shiftSize] as [number, number];
  if (ws0 >= padH) shift[0] = 0;
  if (ws1 >= padW) shift[1] = 0;
  const shifted = shift[0] + shift[1] > 0;
  if (shifted) x = x.roll([-shift[0], -shift[1]], [1, 2]);
  const numWindows = Math.floor(padH / ws0) * Math.floor(padW / ws1);
  x = x.view(B, Math.floor(padH / ws0), ws0, Math.floor(padW / ws1), ws1, C);
  x = x.permute(0, 1, 3, 2, 4, 5).reshape(B * numWindows, ws0 * ws1, C);
  if (logitScale !== null && qkvBias !== null) {
    qkvBias = qkvBias.clone();
    const length = Math.floor(qkvBias.numel() / 3);
    qkvBias.narrow(0, length, length).zero_();
  }
  const [n0, n1] = x.shape as [number, number, number];
  let qkv = F.linear(x, qkvWeight, qkvBias);
  qkv = qkv.reshape(n0, n1, 3, numHeads, Math.floor(C / numHeads)).permute(2, 0, 3, 1, 4);
  let q = qkv.select(0, 0);
  const k = qkv.select(0, 1);
  const v = qkv.select(0, 2);
  let attn: Tensor;
  if (logitScale !== null) {
    attn = F.normalize(q, { dim: -1 }).matmul(F.normalize(k, { dim: -1 }).transpose(-2, -1));
    attn = attn.mul(clamp(logitScale, { max: Math.log(100.0) }).exp());
  } else {
    q = q.mul(Math.floor(C / numHeads) ** -0.5);
    attn = q.matmul(k.transpose(-2, -1));
  }
  attn = attn.add(relativePositionBias);
  if (shifted) {
    let attnMask = x.newZeros([padH, padW]);
    const hSlices: [number, number | null][] = [[0, -ws0], [-ws0, -shift[0]], [-shift[0], null]];
    const wSlices: [number, number | null][] = [[0, -ws1], [-ws1, -shift[1]], [-shift[1], null]];
    let count = 0;
    for (const [h0, h1] of hSlices) {
      for (const [w0, w1] of wSlices) {
        const [hb, hl] = pySlice(padH, h0, h1);
        const [wb, wl] = pySlice(padW, w0, w1);
        if (hl > 0 && wl > 0) attnMask.narrow(0, hb, hl).narrow(1, wb, wl).fill_(count);
        count++;
      }
    }
    attnMask = attnMask.view(Math.floor(padH / ws0), ws0, Math.floor(padW / ws1), ws1);
    attnMask = attnMask.permute(0, 2, 1, 3).reshape(numWindows, ws0 * ws1);
    attnMask = attnMask.unsqueeze(1).sub(attnMask.unsqueeze(2));
    attnMask = attnMask.maskedFill(attnMask.ne(0), -100.0).maskedFill(attnMask.eq(0), 0.0);
    attn = attn.view(Math.floor(n0 / numWindows), numWindows, numHeads, n1, n1);
    attn = attn.add(attnMask.unsqueeze(1).unsqueeze(0));
    attn = attn.view(-1, numHeads, n1, n1);
  }
  attn = F.softmax(attn, { dim: -1 });
  attn = F.dropout(attn, { p: attentionDropout, training });
  x = attn.matmul(v).transpose(1, 2).reshape(n0, n1, C);
  x = F.linear(x, projWeight, projBias);
  x = F.dropout(x, { p: dropout, training });
  x = x.view(B, Math.floor(padH / ws0), Math.floor(padW / ws1), ws0, ws1, C);
  x = x.permute(0, 1, 3, 2, 4, 5).reshape(B, padH, padW, C);
  if (shifted) x = x.roll([shift[0], shift[1]], [1, 2]);
  return x.narrow(1, 0, H).narrow(2, 0, W).contiguous();
}

/** Options of ShiftedWindowAttention and ShiftedWindowAttentionV2. */
export interface ShiftedWindowAttentionModuleOptions {
  /** Bias in the qkv projection (default true). */
  qkvBias?: boolean;
  /** Bias in the output projection (default true). */
  projBias?: boolean;
  /** Default 0. */
  attentionDropout?: number;
  /** Default 0. */
  dropout?: number;
}

/**
 * The shifted-window attention layer with a learnt relative position bias table
 * (`qkv`, `proj`, `relative_position_bias_table`, buffer `relative_position_index`).
 * @example const attn = new ShiftedWindowAttention(96, [7, 7], [3, 3], 3); attn(torch.randn(1, 14, 14, 96)).shape // [1, 14, 14, 96]
 */
export class ShiftedWindowAttention extends Module {
  windowSize: number[];
  shiftSize: number[];
  numHeads: number;
  attentionDropout: number;
  dropout: number;
  qkv: nn.Linear;
  proj: nn.Linear;
  declare relative_position_bias_table: nn.Parameter;
  declare relative_position_index: Tensor;

  constructor(dim: number, windowSize: readonly number[], shiftSize: readonly number[], numHeads: number,
    options: ShiftedWindowAttentionModuleOptions = {}) {
    super();
    if (windowSize.length !== 2 || shiftSize.length !== 2) throw new RangeError('window_size and shift_size must be of length 2');
    const o = parseArgs<Required<ShiftedWindowAttentionModuleOptions>>(`${new.target.name}()`, [options],
      ['qkvBias', 'projBias', 'attentionDropout', 'dropout'], { qkvBias: true, projBias: true, attentionDropout: 0.0, dropout: 0.0 });
    this.windowSize = [...windowSize];
    this.shiftSize = [...shiftSize];
    this.numHeads = numHeads;
    this.attentionDropout = o.attentionDropout;
    this.dropout = o.dropout;
    this.qkv = new nn.Linear(dim, dim * 3, { bias: o.qkvBias });
    this.proj = new nn.Linear(dim, dim, { bias: o.projBias });
    this.defineRelativePositionBiasTable();
    this.defineRelativePositionIndex();
  }

  /** Creates the learnt bias table, (2Wh-1)(2Ww-1) x heads, truncated-normal (std 0.02). @example attn.defineRelativePositionBiasTable() */
  defineRelativePositionBiasTable(): void {
    this.relative_position_bias_table = new nn.Parameter(zeros((2 * this.windowSize[0]! - 1) * (2 * this.windowSize[1]! - 1), this.numHeads));
    nn.init.truncNormal_(this.relative_position_bias_table, { std: 0.02 });
  }

  /** Registers `relative_position_index`: each pair of window positions' row in the bias table. @example attn.defineRelativePositionIndex() */
  defineRelativePositionIndex(): void {
    const [ws0, ws1] = this.windowSize as [number, number];
    const coordsH = arange(ws0, { dtype: 'int64' });
    const coordsW = arange(ws1, { dtype: 'int64' });
    const coords = stack(meshgrid([coordsH, coordsW], { indexing: 'ij' }));
    const coordsFlatten = coords.flatten(1);
    const relativeCoords = coordsFlatten.unsqueeze(2).sub(coordsFlatten.unsqueeze(1)).permute(1, 2, 0).contiguous();
    relativeCoords.select(2, 0).add_(ws0 - 1);
    relativeCoords.select(2, 1).add_(ws1 - 1);
    relativeCoords.select(2, 0).mul_(2 * ws1 - 1);
    this.registerBuffer('relative_position_index', relativeCoords.sum(-1).flatten());
  }

  /** The (1, heads, N, N) bias added to the attention scores. @example attn.getRelativePositionBias() */
  getRelativePositionBias(): Tensor {
    return _getRelativePositionBias(this.relative_position_bias_table, this.relative_position_index, this.windowSize);
  }

  forward(x: Tensor): Tensor {
    const relativePositionBias = this.getRelativePositionBias();
    return shiftedWindowAttention(x, this.qkv.weight, this.proj.weight, relativePositionBias, this.windowSize, this.numHeads, this.shiftSize, {
      attentionDropout: this.attentionDropout, dropout: this.dropout, qkvBias: this.qkv.bias, projBias: this.proj.bias, training: this.training,
    });
  }
}

/**
 * Swin V2's attention: cosine attention with a learnt per-head `logit_scale`, and a continuous
 * position bias from an MLP (`cpb_mlp`) over log-spaced coordinates (`relative_coords_table`).
 * @example const attn = new ShiftedWindowAttentionV2(96, [8, 8], [4, 4], 3); attn(torch.randn(1, 16, 16, 96)).shape // [1, 16, 16, 96]
 */
export class ShiftedWindowAttentionV2 extends ShiftedWindowAttention {
  logit_scale: nn.Parameter;
  cpb_mlp: nn.Sequential;
  declare relative_coords_table: Tensor;

  constructor(dim: number, windowSize: readonly number[], shiftSize: readonly number[], numHeads: number,
    options: ShiftedWindowAttentionModuleOptions = {}) {
    super(dim, windowSize, shiftSize, numHeads, options);
    this.logit_scale = new nn.Parameter(ones([numHeads, 1, 1]).mul(10).log());
    this.cpb_mlp = new nn.Sequential(new nn.Linear(2, 512, { bias: true }), new nn.ReLU({ inplace: true }), new nn.Linear(512, numHeads, { bias: false }));
    if (this.qkv.bias !== null) {
      const length = Math.floor(this.qkv.bias.numel() / 3);
      this.qkv.bias.detach().narrow(0, length, length).zero_();
    }
  }

  /** Registers `relative_coords_table`: the window's relative coordinates, log-spaced into [-1, 1]-ish. @example attn.defineRelativePositionBiasTable() */
  override defineRelativePositionBiasTable(): void {
    const [ws0, ws1] = this.windowSize as [number, number];
    const h = arange(-(ws0 - 1), ws0, { dtype: 'float32' });
    const w = arange(-(ws1 - 1), ws1, { dtype: 'float32' });
    let table = stack(meshgrid([h, w], { indexing: 'ij' })).permute(1, 2, 0).contiguous().unsqueeze(0);
    table.select(3, 0).div_(ws0 - 1);
    table.select(3, 1).div_(ws1 - 1);
    table.mul_(8);
    // |x| as x * sign(x): the same values, and an operator the meta device has (building on 'meta').
    const sign = table.sign();
    table = sign.mul(log2(table.mul(sign).add(1.0))).div(3.0);
    this.registerBuffer('relative_coords_table', table);
  }

  override getRelativePositionBias(): Tensor {
    const bias = _getRelativePositionBias(this.cpb_mlp(this.relative_coords_table).view(-1, this.numHeads), this.relative_position_index, this.windowSize);
    return sigmoid(bias).mul(16);
  }

  override forward(x: Tensor): Tensor {
    const relativePositionBias = this.getRelativePositionBias();
    return shiftedWindowAttention(x, this.qkv.weight, this.proj.weight, relativePositionBias, this.windowSize, this.numHeads, this.shiftSize, {
      attentionDropout: this.attentionDropout, dropout: this.dropout, qkvBias: this.qkv.bias, projBias: this.proj.bias,
      logitScale: this.logit_scale, training: this.training,
    });
  }
}

/** An attention layer class of a Swin block, built as (dim, windowSize, shiftSize, numHeads, { attentionDropout, dropout }). */
export type SwinAttentionFactory = LayerFactory<[number, number[], number[], number, { attentionDropout: number; dropout: number }]>;

/** Options of SwinTransformerBlock (torchvision's keyword arguments). */
export interface SwinTransformerBlockOptions {
  /** Hidden size of the MLP over the dimension (default 4). */
  mlpRatio?: number;
  /** Default 0. */
  dropout?: number;
  /** Default 0. */
  attentionDropout?: number;
  /** Default 0. */
  stochasticDepthProb?: number;
  /** Default LayerNorm. */
  normLayer?: LayerFactory<[number]>;
  /** Default ShiftedWindowAttention (V1) / ShiftedWindowAttentionV2 (V2). */
  attnLayer?: SwinAttentionFactory;
}

/**
 * A Swin block: x + SD(attn(norm1(x))), then x + SD(mlp(norm2(x))) (`norm1`, `attn`,
 * `stochastic_depth`, `norm2`, `mlp`).
 * @example const b = new SwinTransformerBlock(96, 3, [7, 7], [0, 0]); b(torch.randn(1, 14, 14, 96)).shape // [1, 14, 14, 96]
 */
export class SwinTransformerBlock extends Module {
  norm1: Module;
  attn: Module;
  stochastic_depth: StochasticDepth;
  norm2: Module;
  mlp: MLP;

  constructor(dim: number, numHeads: number, windowSize: readonly number[], shiftSize: readonly number[], options: SwinTransformerBlockOptions = {}) {
    super();
    const o = parseArgs<Required<SwinTransformerBlockOptions>>(`${new.target.name}()`, [options],
      ['mlpRatio', 'dropout', 'attentionDropout', 'stochasticDepthProb', 'normLayer', 'attnLayer'],
      { mlpRatio: 4.0, dropout: 0.0, attentionDropout: 0.0, stochasticDepthProb: 0.0, normLayer: nn.LayerNorm, attnLayer: new.target.defaultAttnLayer });
    this.norm1 = makeLayer(o.normLayer, dim);
    this.attn = makeLayer(o.attnLayer, dim, [...windowSize], [...shiftSize], numHeads, { attentionDropout: o.attentionDropout, dropout: o.dropout });
    this.stochastic_depth = new StochasticDepth(o.stochasticDepthProb, 'row');
    this.norm2 = makeLayer(o.normLayer, dim);
    this.mlp = new MLP(dim, [Math.trunc(dim * o.mlpRatio), dim], { activationLayer: nn.GELU, inplace: null, dropout: o.dropout });
    for (const m of this.mlp.modules()) {
      if (m instanceof nn.Linear) {
        nn.init.xavierUniform_(m.weight);
        if (m.bias !== null) nn.init.normal_(m.bias, { std: 1e-6 });
      }
    }
  }

  /** The attention layer class blocks of this type use by default. @internal */
  static get defaultAttnLayer(): SwinAttentionFactory {
    return ShiftedWindowAttention;
  }

  forward(x: Tensor): Tensor {
    x = x.add(this.stochastic_depth((this.attn as Module)((this.norm1 as Module)(x)) as Tensor));
    return x.add(this.stochastic_depth(this.mlp((this.norm2 as Module)(x) as Tensor)));
  }
}

/**
 * Swin V2's block: post-normalisation, x + SD(norm1(attn(x))), x + SD(norm2(mlp(x))).
 * @example const b = new SwinTransformerBlockV2(96, 3, [8, 8], [4, 4]); b(torch.randn(1, 16, 16, 96)).shape // [1, 16, 16, 96]
 */
export class SwinTransformerBlockV2 extends SwinTransformerBlock {
  /** @internal */
  static override get defaultAttnLayer(): SwinAttentionFactory {
    return ShiftedWindowAttentionV2;
  }

  override forward(x: Tensor): Tensor {
    x = x.add(this.stochastic_depth((this.norm1 as Module)((this.attn as Module)(x)) as Tensor));
    return x.add(this.stochastic_depth((this.norm2 as Module)(this.mlp(x)) as Tensor));
  }
}

/** A Swin block class, built as (dim, numHeads, windowSize, shiftSize, options). */
export type SwinBlockFactory = LayerFactory<[number, number, number[], number[], SwinTransformerBlockOptions]>;

/** Options of SwinTransformer (torchvision's keyword arguments). */
export interface SwinTransformerOptions {
  patchSize?: readonly number[];
  embedDim?: number;
  depths?: readonly number[];
  numHeads?: readonly number[];
  windowSize?: readonly number[];
  /** Default 4. */
  mlpRatio?: number;
  /** Default 0. */
  dropout?: number;
  /** Default 0. */
  attentionDropout?: number;
  /** The last block's stochastic depth probability (default 0.1). */
  stochasticDepthProb?: number;
  /** Default 1000. */
  numClasses?: number;
  /** Default LayerNorm (eps 1e-5). */
  normLayer?: LayerFactory<[number]> | null;
  /** Default SwinTransformerBlock. */
  block?: SwinBlockFactory | null;
  /** Default PatchMerging, built as (dim, normLayer). */
  downsampleLayer?: LayerFactory<[number, LayerFactory<[number]>]>;
}

type SwinPositional = [patchSize: readonly number[], embedDim: number, depths: readonly number[], numHeads: readonly number[], windowSize: readonly number[],
  mlpRatio: number, dropout: number, attentionDropout: number, stochasticDepthProb: number, numClasses: number, normLayer: LayerFactory<[number]> | null,
  block: SwinBlockFactory | null, downsampleLayer: LayerFactory<[number, LayerFactory<[number]>]>];

/**
 * Swin Transformer (https://arxiv.org/abs/2103.14030; V2 https://arxiv.org/abs/2111.09883):
 * `features` (patch embedding, stages, patch merging), `norm`, `permute`, `avgpool`, `flatten`, `head`.
 * @example
 * const m = new SwinTransformer({ patchSize: [4, 4], embedDim: 32, depths: [2, 2], numHeads: [2, 4], windowSize: [4, 4], numClasses: 10 });
 * m(torch.randn(1, 3, 32, 32)).shape // [1, 10]
 */
export class SwinTransformer extends Module {
  numClasses: number;
  features: nn.Sequential;
  norm: Module;
  permute: Permute;
  avgpool: nn.AdaptiveAvgPool2d;
  flatten: nn.Flatten;
  head: nn.Linear;

  constructor(...args: KwArgs<SwinPositional, ['patchSize', 'embedDim', 'depths', 'numHeads', 'windowSize'], SwinTransformerOptions>) {
    super();
    const where = 'SwinTransformer()';
    const o = parseArgs<Required<SwinTransformerOptions>>(where, args,
      ['patchSize', 'embedDim', 'depths', 'numHeads', 'windowSize', 'mlpRatio', 'dropout', 'attentionDropout', 'stochasticDepthProb',
        'numClasses', 'normLayer', 'block', 'downsampleLayer'],
      { mlpRatio: 4.0, dropout: 0.0, attentionDropout: 0.0, stochasticDepthProb: 0.1, numClasses: 1000, normLayer: null, block: null, downsampleLayer: PatchMerging },
      ['patchSize', 'embedDim', 'depths', 'numHeads', 'windowSize']);
    this.numClasses = checkInt(where, 'numClasses', o.numClasses, 1);
    const block = o.block ?? SwinTransformerBlock;
    const normLayer = o.normLayer ?? ((c: number) => new nn.LayerNorm(c, { eps: 1e-5 }));
    const embedDim = checkInt(where, 'embedDim', o.embedDim, 1);
    const { patchSize, depths, numHeads, windowSize } = o;
    const layers: Module[] = [new nn.Sequential(
      new nn.Conv2d(3, embedDim, { kernelSize: [patchSize[0]!, patchSize[1]!], stride: [patchSize[0]!, patchSize[1]!] }),
      new Permute([0, 2, 3, 1]),
      makeLayer(normLayer, embedDim),
    )];
    const totalStageBlocks = depths.reduce((a, b) => a + b, 0);
    let stageBlockId = 0;
    for (let iStage = 0; iStage < depths.length; iStage++) {
      const stage: Module[] = [];
      const dim = embedDim * 2 ** iStage;
      for (let iLayer = 0; iLayer < depths[iStage]!; iLayer++) {
        const sdProb = o.stochasticDepthProb * stageBlockId / (totalStageBlocks - 1);
        stage.push(makeLayer(block, dim, numHeads[iStage]!, [...windowSize], windowSize.map((w) => (iLayer % 2 === 0 ? 0 : Math.floor(w / 2))), {
          mlpRatio: o.mlpRatio, dropout: o.dropout, attentionDropout: o.attentionDropout, stochasticDepthProb: sdProb, normLayer,
        }));
        stageBlockId++;
      }
      layers.push(new nn.Sequential(...stage));
      if (iStage < depths.length - 1) layers.push(makeLayer(o.downsampleLayer, dim, normLayer));
    }
    this.features = new nn.Sequential(...layers);
    const numFeatures = embedDim * 2 ** (depths.length - 1);
    this.norm = makeLayer(normLayer, numFeatures);
    this.permute = new Permute([0, 3, 1, 2]);
    this.avgpool = new nn.AdaptiveAvgPool2d(1);
    this.flatten = new nn.Flatten(1);
    this.head = new nn.Linear(numFeatures, this.numClasses);
    for (const m of this.modules()) {
      if (m instanceof nn.Linear) {
        nn.init.truncNormal_(m.weight, { std: 0.02 });
        if (m.bias !== null) nn.init.zeros_(m.bias);
      }
    }
  }

  forward(x: Tensor): Tensor {
    x = this.features(x);
    x = (this.norm as Module)(x) as Tensor;
    x = this.permute(x);
    x = this.avgpool(x);
    x = this.flatten(x);
    return this.head(x);
  }
}

/**
 * The pretrained weights of `Swin_T` (torchvision's `Swin_T_Weights`); `DEFAULT` is `IMAGENET1K_V1`.
 * @example Swin_T_Weights.DEFAULT.meta.numParams // 28288354
 */
export const Swin_T_Weights = defineWeightsEnum('Swin_T_Weights', {
  IMAGENET1K_V1: {
    url: 'https://download.pytorch.org/models/swin_t-704ceda3.pth',
    transforms: () => new ImageClassification({ cropSize: 224, resizeSize: 232, interpolation: 'bicubic' }),
    meta: { categories: _IMAGENET_CATEGORIES, numParams: 28288354, minSize: [224, 224] as const, recipe: 'https://github.com/pytorch/vision/tree/main/references/classification#swintransformer', metrics: { "ImageNet-1K": { "acc@1": 81.474, "acc@5": 95.776 } }, ops: 4.491, fileSize: 108.19, docs: 'These weights reproduce closely the results of the paper using a similar training recipe.' },
  },
}, 'IMAGENET1K_V1');

/**
 * The pretrained weights of `Swin_S` (torchvision's `Swin_S_Weights`); `DEFAULT` is `IMAGENET1K_V1`.
 * @example Swin_S_Weights.DEFAULT.meta.numParams // 49606258
 */
export const Swin_S_Weights = defineWeightsEnum('Swin_S_Weights', {
  IMAGENET1K_V1: {
    url: 'https://download.pytorch.org/models/swin_s-5e29d889.pth',
    transforms: () => new ImageClassification({ cropSize: 224, resizeSize: 246, interpolation: 'bicubic' }),
    meta: { categories: _IMAGENET_CATEGORIES, numParams: 49606258, minSize: [224, 224] as const, recipe: 'https://github.com/pytorch/vision/tree/main/references/classification#swintransformer', metrics: { "ImageNet-1K": { "acc@1": 83.196, "acc@5": 96.36 } }, ops: 8.741, fileSize: 189.786, docs: 'These weights reproduce closely the results of the paper using a similar training recipe.' },
  },
}, 'IMAGENET1K_V1');

/**
 * The pretrained weights of `Swin_B` (torchvision's `Swin_B_Weights`); `DEFAULT` is `IMAGENET1K_V1`.
 * @example Swin_B_Weights.DEFAULT.meta.numParams // 87768224
 */
export const Swin_B_Weights = defineWeightsEnum('Swin_B_Weights', {
  IMAGENET1K_V1: {
    url: 'https://download.pytorch.org/models/swin_b-68c6b09e.pth',
    transforms: () => new ImageClassification({ cropSize: 224, resizeSize: 238, interpolation: 'bicubic' }),
    meta: { categories: _IMAGENET_CATEGORIES, numParams: 87768224, minSize: [224, 224] as const, recipe: 'https://github.com/pytorch/vision/tree/main/references/classification#swintransformer', metrics: { "ImageNet-1K": { "acc@1": 83.582, "acc@5": 96.64 } }, ops: 15.431, fileSize: 335.364, docs: 'These weights reproduce closely the results of the paper using a similar training recipe.' },
  },
}, 'IMAGENET1K_V1');

/**
 * The pretrained weights of `Swin_V2_T` (torchvision's `Swin_V2_T_Weights`); `DEFAULT` is `IMAGENET1K_V1`.
 * @example Swin_V2_T_Weights.DEFAULT.meta.numParams // 28351570
 */
export const Swin_V2_T_Weights = defineWeightsEnum('Swin_V2_T_Weights', {
  IMAGENET1K_V1: {
    url: 'https://download.pytorch.org/models/swin_v2_t-b137f0e2.pth',
    transforms: () => new ImageClassification({ cropSize: 256, resizeSize: 260, interpolation: 'bicubic' }),
    meta: { categories: _IMAGENET_CATEGORIES, numParams: 28351570, minSize: [256, 256] as const, recipe: 'https://github.com/pytorch/vision/tree/main/references/classification#swintransformer-v2', metrics: { "ImageNet-1K": { "acc@1": 82.072, "acc@5": 96.132 } }, ops: 5.94, fileSize: 108.626, docs: 'These weights reproduce closely the results of the paper using a similar training recipe.' },
  },
}, 'IMAGENET1K_V1');

/**
 * The pretrained weights of `Swin_V2_S` (torchvision's `Swin_V2_S_Weights`); `DEFAULT` is `IMAGENET1K_V1`.
 * @example Swin_V2_S_Weights.DEFAULT.meta.numParams // 49737442
 */
export const Swin_V2_S_Weights = defineWeightsEnum('Swin_V2_S_Weights', {
  IMAGENET1K_V1: {
    url: 'https://download.pytorch.org/models/swin_v2_s-637d8ceb.pth',
    transforms: () => new ImageClassification({ cropSize: 256, resizeSize: 260, interpolation: 'bicubic' }),
    meta: { categories: _IMAGENET_CATEGORIES, numParams: 49737442, minSize: [256, 256] as const, recipe: 'https://github.com/pytorch/vision/tree/main/references/classification#swintransformer-v2', metrics: { "ImageNet-1K": { "acc@1": 83.712, "acc@5": 96.816 } }, ops: 11.546, fileSize: 190.675, docs: 'These weights reproduce closely the results of the paper using a similar training recipe.' },
  },
}, 'IMAGENET1K_V1');

/**
 * The pretrained weights of `Swin_V2_B` (torchvision's `Swin_V2_B_Weights`); `DEFAULT` is `IMAGENET1K_V1`.
 * @example Swin_V2_B_Weights.DEFAULT.meta.numParams // 87930848
 */
export const Swin_V2_B_Weights = defineWeightsEnum('Swin_V2_B_Weights', {
  IMAGENET1K_V1: {
    url: 'https://download.pytorch.org/models/swin_v2_b-781e5279.pth',
    transforms: () => new ImageClassification({ cropSize: 256, resizeSize: 272, interpolation: 'bicubic' }),
    meta: { categories: _IMAGENET_CATEGORIES, numParams: 87930848, minSize: [256, 256] as const, recipe: 'https://github.com/pytorch/vision/tree/main/references/classification#swintransformer-v2', metrics: { "ImageNet-1K": { "acc@1": 84.112, "acc@5": 96.864 } }, ops: 20.325, fileSize: 336.372, docs: 'These weights reproduce closely the results of the paper using a similar training recipe.' },
  },
}, 'IMAGENET1K_V1');

/** Options of the Swin builders: SwinTransformer's options (the architecture's own fixed) and the weights. */
export interface SwinBuilderOptions extends WeightsOptions,
  Omit<SwinTransformerOptions, 'patchSize' | 'embedDim' | 'depths' | 'numHeads' | 'windowSize' | 'block' | 'downsampleLayer'> {}

interface SwinArch { embedDim: number; depths: number[]; numHeads: number[]; windowSize: number[]; sd: number; v2: boolean }

function swinTransformer(where: string, weightsEnum: WeightsEnum, arch: SwinArch, options: unknown): SwinTransformer {
  const o = builderOptions<SwinBuilderOptions>(where, options, ['mlpRatio', 'dropout', 'attentionDropout', 'stochasticDepthProb', 'numClasses', 'normLayer']);
  const weights = resolveWeights(where, weightsEnum, o);
  if (weights !== null) _ovewriteNamedParam(o, 'numClasses', weights.meta.categories!.length);
  const { weights: _w, progress: _p, modelDir: _m, pretrained: _pr, stochasticDepthProb, ...rest } = o;
  const model = new SwinTransformer({
    ...rest, patchSize: [4, 4], embedDim: arch.embedDim, depths: arch.depths, numHeads: arch.numHeads, windowSize: arch.windowSize,
    stochasticDepthProb: stochasticDepthProb ?? arch.sd,
    ...(arch.v2 ? { block: SwinTransformerBlockV2, downsampleLayer: PatchMergingV2 } : {}),
  });
  if (weights !== null) loadWeights(model, weights, o);
  return model;
}

/**
 * Swin-T (torchvision's `swin_t`).
 * @example const model = models.swinT({ numClasses: 10 }); model.eval(); model(torch.randn(1, 3, 224, 224)).shape // [1, 10]
 */
export function swinT(options: SwinBuilderOptions = {}): SwinTransformer {
  return swinTransformer('swin_t', Swin_T_Weights, { embedDim: 96, depths: [2, 2, 6, 2], numHeads: [3, 6, 12, 24], windowSize: [7, 7], sd: 0.2, v2: false }, options);
}

/**
 * Swin-S (torchvision's `swin_s`).
 * @example const model = models.swinS({ numClasses: 10 });
 */
export function swinS(options: SwinBuilderOptions = {}): SwinTransformer {
  return swinTransformer('swin_s', Swin_S_Weights, { embedDim: 96, depths: [2, 2, 18, 2], numHeads: [3, 6, 12, 24], windowSize: [7, 7], sd: 0.3, v2: false }, options);
}

/**
 * Swin-B (torchvision's `swin_b`).
 * @example const model = models.swinB({ numClasses: 10 });
 */
export function swinB(options: SwinBuilderOptions = {}): SwinTransformer {
  return swinTransformer('swin_b', Swin_B_Weights, { embedDim: 128, depths: [2, 2, 18, 2], numHeads: [4, 8, 16, 32], windowSize: [7, 7], sd: 0.5, v2: false }, options);
}

/**
 * Swin V2-T (torchvision's `swin_v2_t`).
 * @example const model = models.swinV2T({ numClasses: 10 });
 */
export function swinV2T(options: SwinBuilderOptions = {}): SwinTransformer {
  return swinTransformer('swin_v2_t', Swin_V2_T_Weights, { embedDim: 96, depths: [2, 2, 6, 2], numHeads: [3, 6, 12, 24], windowSize: [8, 8], sd: 0.2, v2: true }, options);
}

/**
 * Swin V2-S (torchvision's `swin_v2_s`).
 * @example const model = models.swinV2S({ numClasses: 10 });
 */
export function swinV2S(options: SwinBuilderOptions = {}): SwinTransformer {
  return swinTransformer('swin_v2_s', Swin_V2_S_Weights, { embedDim: 96, depths: [2, 2, 18, 2], numHeads: [3, 6, 12, 24], windowSize: [8, 8], sd: 0.3, v2: true }, options);
}

/**
 * Swin V2-B (torchvision's `swin_v2_b`).
 * @example const model = models.swinV2B({ numClasses: 10 });
 */
export function swinV2B(options: SwinBuilderOptions = {}): SwinTransformer {
  return swinTransformer('swin_v2_b', Swin_V2_B_Weights, { embedDim: 128, depths: [2, 2, 18, 2], numHeads: [4, 8, 16, 32], windowSize: [8, 8], sd: 0.5, v2: true }, options);
}

registerModel('swin_t', swinT, Swin_T_Weights);
registerModel('swin_s', swinS, Swin_S_Weights);
registerModel('swin_b', swinB, Swin_B_Weights);
registerModel('swin_v2_t', swinV2T, Swin_V2_T_Weights);
registerModel('swin_v2_s', swinV2S, Swin_V2_S_Weights);
registerModel('swin_v2_b', swinV2B, Swin_V2_B_Weights);
