// nn.functional's embedding and one-hot, as in torch/nn/functional.py.
import { Tensor } from '../../tensor.js';
import * as ops from '../../generated/functions.js';
import { noGrad } from '../../autograd/grad_mode.js';
import { parseArgs, checkNumber, checkBool, checkInt, checkTensor, type Args } from '../../validate.js';
import { input } from './_args.js';

/** Options of embedding. */
export interface EmbeddingFnOptions {
  paddingIdx?: number | null;
  maxNorm?: number | null;
  normType?: number;
  scaleGradByFreq?: boolean;
  sparse?: boolean;
}

/**
 * Looks up rows of `weight` by the integer indices in `x`.
 * @example F.embedding(torch.tensor([1n, 2n]), weight)
 */
export function embedding(x: Tensor, weight: Tensor, ...args: Args<[paddingIdx: number | null, maxNorm: number | null, normType: number, scaleGradByFreq: boolean, sparse: boolean], EmbeddingFnOptions>): Tensor {
  const where = 'F.embedding()';
  const o = parseArgs<Required<EmbeddingFnOptions>>(where, args, ['paddingIdx', 'maxNorm', 'normType', 'scaleGradByFreq', 'sparse'],
    { paddingIdx: null, maxNorm: null, normType: 2.0, scaleGradByFreq: false, sparse: false });
  input(where, x);
  checkTensor(where, 'weight', weight);
  let paddingIdx = -1;
  if (o.paddingIdx !== null) {
    const n = weight.size(0);
    paddingIdx = checkInt(where, 'paddingIdx', o.paddingIdx);
    if (paddingIdx >= n || paddingIdx < -n) throw new RangeError(`${where}: paddingIdx must be within num_embeddings (got ${paddingIdx} for ${n})`);
    if (paddingIdx < 0) paddingIdx += n;
  }
  if (o.maxNorm !== null) {
    const maxNorm = checkNumber(where, 'maxNorm', o.maxNorm);
    const idx = x.contiguous();
    noGrad(() => ops.embeddingRenorm_(weight, idx, maxNorm, o.normType));
  }
  return ops.embedding(weight, x, paddingIdx, checkBool(where, 'scaleGradByFreq', o.scaleGradByFreq), checkBool(where, 'sparse', o.sparse));
}

/**
 * One-hot encoding of int64 class indices (numClasses -1 infers max + 1).
 * @example F.oneHot(torch.tensor([0n, 2n]), 3)
 */
export function oneHot(x: Tensor, numClasses: number = -1): Tensor {
  input('F.oneHot()', x);
  return ops.oneHot(x, checkInt('F.oneHot()', 'numClasses', numClasses, -1));
}
