// nn.functional's distances, as in torch/nn/functional.py.
import { Tensor } from '../../tensor.js';
import * as ops from '../../generated/functions.js';
import { parseArgs, checkNumber, checkBool, checkInt, checkTensor, type Args } from '../../validate.js';

/** Options of cosineSimilarity. */
export interface CosineSimilarityOptions { dim?: number; eps?: number }

/**
 * Cosine similarity of x1 and x2 along dim.
 * @example F.cosineSimilarity(a, b, { dim: 1 })
 */
export function cosineSimilarity(x1: Tensor, x2: Tensor, ...args: Args<[dim: number, eps: number], CosineSimilarityOptions>): Tensor {
  const where = 'F.cosineSimilarity()';
  const o = parseArgs<Required<CosineSimilarityOptions>>(where, args, ['dim', 'eps'], { dim: 1, eps: 1e-8 });
  checkTensor(where, 'x1', x1);
  checkTensor(where, 'x2', x2);
  return ops.cosineSimilarity(x1, x2, checkInt(where, 'dim', o.dim), checkNumber(where, 'eps', o.eps));
}

/** Options of pairwiseDistance. */
export interface PairwiseDistanceOptions { p?: number; eps?: number; keepdim?: boolean }

/**
 * ||x1 - x2 + eps||_p along the last dimension.
 * @example F.pairwiseDistance(a, b)
 */
export function pairwiseDistance(x1: Tensor, x2: Tensor, ...args: Args<[p: number, eps: number, keepdim: boolean], PairwiseDistanceOptions>): Tensor {
  const where = 'F.pairwiseDistance()';
  const o = parseArgs<Required<PairwiseDistanceOptions>>(where, args, ['p', 'eps', 'keepdim'], { p: 2.0, eps: 1e-6, keepdim: false });
  checkTensor(where, 'x1', x1);
  checkTensor(where, 'x2', x2);
  return ops.pairwiseDistance(x1, x2, checkNumber(where, 'p', o.p), checkNumber(where, 'eps', o.eps), checkBool(where, 'keepdim', o.keepdim));
}

/** Options of pdist. */
export interface PdistOptions {
  /** The p of the p-norm (default 2). */
  p?: number;
}

/**
 * The p-norm distance between every pair of rows of an (N, M) input: the upper triangle of the
 * distance matrix, row by row, N * (N - 1) / 2 values.
 * @example F.pdist(torch.randn(4, 3)).shape // [6]
 */
export function pdist(x: Tensor, ...args: Args<[p: number], PdistOptions>): Tensor {
  const where = 'F.pdist()';
  const o = parseArgs<Required<PdistOptions>>(where, args, ['p'], { p: 2 });
  checkTensor(where, 'input', x);
  return ops.pdist(x, checkNumber(where, 'p', o.p));
}
