// CosineSimilarity and PairwiseDistance, as torch/nn/modules/distance.py.
import type { Tensor } from '../../tensor.js';
import { Module } from './module.js';
import * as F from '../functional.js';
import { parseArgs, checkInt, checkNumber, checkBool, type Args } from '../../validate.js';

/**
 * Cosine similarity of two inputs along `dim` (default 1).
 * @example new nn.CosineSimilarity({ dim: 1 })(a, b)
 */
export class CosineSimilarity extends Module {
  dim: number;
  eps: number;
  constructor(...args: Args<[dim: number, eps: number], F.CosineSimilarityOptions>) {
    super();
    const o = parseArgs<Required<F.CosineSimilarityOptions>>('CosineSimilarity()', args, ['dim', 'eps'], { dim: 1, eps: 1e-8 });
    this.dim = checkInt('CosineSimilarity()', 'dim', o.dim);
    this.eps = checkNumber('CosineSimilarity()', 'eps', o.eps);
  }
  forward(x1: Tensor, x2: Tensor): Tensor { return F.cosineSimilarity(x1, x2, this.dim, this.eps); }
}

/**
 * The p-norm distance between rows of two inputs.
 * @example new nn.PairwiseDistance()(a, b)
 */
export class PairwiseDistance extends Module {
  norm: number;
  eps: number;
  keepdim: boolean;
  constructor(...args: Args<[p: number, eps: number, keepdim: boolean], F.PairwiseDistanceOptions>) {
    super();
    const where = 'PairwiseDistance()';
    const o = parseArgs<Required<F.PairwiseDistanceOptions>>(where, args, ['p', 'eps', 'keepdim'], { p: 2.0, eps: 1e-6, keepdim: false });
    this.norm = checkNumber(where, 'p', o.p);
    this.eps = checkNumber(where, 'eps', o.eps);
    this.keepdim = checkBool(where, 'keepdim', o.keepdim);
  }
  forward(x1: Tensor, x2: Tensor): Tensor { return F.pairwiseDistance(x1, x2, this.norm, this.eps, this.keepdim); }
}
