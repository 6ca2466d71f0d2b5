// CosineSimilarity and PairwiseDistance, as torch/nn/modules/distance.py. Every argument
// positionally or by keyword: `new nn.PairwiseDistance(1)`, `new nn.PairwiseDistance({ p: 1 })`.
import type { Tensor } from '../../tensor.js';
import { Module } from './module.js';
import * as F from '../functional.js';
import { parseArgs, checkInt, checkNumber, checkBool, type KwArgs } from '../../validate.js';

/**
 * Cosine similarity of two inputs along `dim` (default 1).
 * @example new nn.CosineSimilarity()(a, b); new nn.CosineSimilarity({ dim: 0, eps: 1e-6 })
 */
export class CosineSimilarity extends Module {
  dim: number;
  eps: number;
  constructor(...args: KwArgs<[dim: number, eps: number], [], F.CosineSimilarityOptions>) {
    super();
    const where = 'CosineSimilarity()';
    const o = parseArgs<Required<F.CosineSimilarityOptions>>(where, args, ['dim', 'eps'], { dim: 1, eps: 1e-8 });
    this.dim = checkInt(where, 'dim', o.dim);
    this.eps = checkNumber(where, 'eps', o.eps);
  }
  forward(x1: Tensor, x2: Tensor): Tensor { return F.cosineSimilarity(x1, x2, this.dim, this.eps); }
}

/**
 * The p-norm distance between rows of two inputs (`p` is kept as `norm`, as PyTorch's).
 * @example new nn.PairwiseDistance()(a, b); new nn.PairwiseDistance({ p: 1, keepdim: true })
 */
export class PairwiseDistance extends Module {
  norm: number;
  eps: number;
  keepdim: boolean;
  constructor(...args: KwArgs<[p: number, eps: number, keepdim: boolean], [], F.PairwiseDistanceOptions>) {
    super();
    const where = 'PairwiseDistance()';
    const o = parseArgs<Required<F.PairwiseDistanceOptions>>(where, args, ['p', 'eps', 'keepdim'], { p: 2.0, eps: 1e-6, keepdim: false });
    this.norm = checkNumber(where, 'p', o.p);
    this.eps = checkNumber(where, 'eps', o.eps);
    this.keepdim = checkBool(where, 'keepdim', o.keepdim);
  }
  forward(x1: Tensor, x2: Tensor): Tensor { return F.pairwiseDistance(x1, x2, this.norm, this.eps, this.keepdim); }
}
