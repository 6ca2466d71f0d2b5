// nn.functional's embedding, embeddingBag and one-hot, as in torch/nn/functional.py.
import { Tensor } from '../../tensor.js';
import * as ops from '../../generated/functions.js';
import { noGrad } from '../../autograd/grad_mode.js';
import { parseArgs, checkNumber, checkBool, checkInt, checkTensor, checkChoice, type Args } from '../../validate.js';
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

/** Options of embeddingBag (Python's keyword arguments). */
export interface EmbeddingBagFnOptions {
  /** Where each bag starts in a 1-D input (null for a 2-D input: one bag per row). */
  offsets?: Tensor | null;
  /** Renormalise looked-up rows whose norm exceeds this (in place, in `weight`). */
  maxNorm?: number | null;
  normType?: number;
  scaleGradByFreq?: boolean;
  /** How a bag reduces its rows (default 'mean'). */
  mode?: 'sum' | 'mean' | 'max';
  sparse?: boolean;
  /** One weight per index, multiplying its row ('sum' mode only). */
  perSampleWeights?: Tensor | null;
  /** `offsets` has one more entry, the end of the last bag (CSR style). */
  includeLastOffset?: boolean;
  /** Entries equal to this index are left out of their bag. */
  paddingIdx?: number | null;
}

type EmbeddingBagPositional = [offsets: Tensor | null, maxNorm: number | null, normType: number, scaleGradByFreq: boolean,
  mode: 'sum' | 'mean' | 'max', sparse: boolean, perSampleWeights: Tensor | null, includeLastOffset: boolean, paddingIdx: number | null];

/**
 * Sums, averages or takes the max of bags of embedding rows, without materialising the
 * per-index embeddings: a 2-D `x` holds one bag per row; a 1-D `x` is split into bags at `offsets`.
 * @example
 * const w = torch.randn(10, 3);
 * F.embeddingBag(torch.tensor([1n, 2n, 4n, 5n, 4n, 3n, 2n, 9n]), w, torch.tensor([0n, 4n]), { mode: 'sum' }).shape // [2, 3]
 */
export function embeddingBag(x: Tensor, weight: Tensor, ...args: Args<EmbeddingBagPositional, EmbeddingBagFnOptions>): Tensor {
  const where = 'F.embeddingBag()';
  const o = parseArgs<Required<EmbeddingBagFnOptions>>(where, args,
    ['offsets', 'maxNorm', 'normType', 'scaleGradByFreq', 'mode', 'sparse', 'perSampleWeights', 'includeLastOffset', 'paddingIdx'],
    { offsets: null, maxNorm: null, normType: 2, scaleGradByFreq: false, mode: 'mean', sparse: false, perSampleWeights: null, includeLastOffset: false, paddingIdx: null });
  input(where, x);
  checkTensor(where, 'weight', weight);
  if (weight.dtype === 'int64' && x.isFloatingPoint()) {
    // The argument order of old PyTorch versions, still accepted there with this warning.
    process.emitWarning('Argument order of nn.functional.embedding_bag was changed. Usage `embedding_bag(weight, input, ...)` is deprecated, and should now be `embedding_bag(input, weight, ...)`.');
    [x, weight] = [weight, x];
  }
  let offsets = checkTensor(where, 'offsets', o.offsets, true);
  let psw = checkTensor(where, 'perSampleWeights', o.perSampleWeights, true);
  const scaleGradByFreq = checkBool(where, 'scaleGradByFreq', o.scaleGradByFreq);
  const sparse = checkBool(where, 'sparse', o.sparse);
  let includeLastOffset = checkBool(where, 'includeLastOffset', o.includeLastOffset);
  const normType = checkNumber(where, 'normType', o.normType);
  const paddingIdx = o.paddingIdx === null ? null : checkInt(where, 'paddingIdx', o.paddingIdx);
  const size = (t: Tensor): string => `torch.Size([${t.shape.join(', ')}])`;
  if (psw !== null && (psw.dim() !== x.dim() || psw.shape.some((s, i) => s !== x.shape[i]))) {
    throw new RangeError(`embedding_bag: If per_sample_weights (${size(psw)}) is not None, then it must have the same shape as the input (${size(x)})`);
  }
  if (weight.dim() !== 2) throw new RangeError(`weight has to be a 2D Tensor, but got Tensor of dimension ${weight.dim()}`);
  if (x.dim() === 2) {
    if (offsets !== null) {
      throw new TypeError('if input is 2D, then offsets has to be None, as input is treated is a mini-batch of fixed length sequences. However, found offsets of type Tensor');
    }
    offsets = ops.arange(0, x.numel(), x.size(1), { dtype: x.dtype, device: x.device });
    includeLastOffset = false;
    x = x.reshape(-1);
    if (psw !== null) psw = psw.reshape(-1);
  } else if (x.dim() === 1) {
    if (offsets === null) throw new TypeError('offsets has to be a 1D Tensor but got None');
    if (offsets.dim() !== 1) throw new RangeError('offsets has to be a 1D Tensor');
  } else {
    throw new RangeError(`input has to be 1D or 2D Tensor, but got Tensor of dimension ${x.dim()}`);
  }
  const mode = checkChoice(where, 'mode', o.mode, ['sum', 'mean', 'max']);
  if (mode === 'max') {
    if (scaleGradByFreq) throw new TypeError('max mode does not support scaling the gradient by the frequency');
    if (sparse) throw new TypeError('max mode does not support sparse weights');
  }
  if (o.maxNorm !== null) {
    const maxNorm = checkNumber(where, 'maxNorm', o.maxNorm);
    const idx = x;
    noGrad(() => ops.embeddingRenorm_(weight, idx, maxNorm, normType));
  }
  if (psw !== null && mode !== 'sum') {
    throw new Error(`embedding_bag: per_sample_weights was not None. per_sample_weights is only supported for mode='sum' (got mode='${mode}'). Please open a feature request on GitHub.`);
  }
  const modeEnum = mode === 'sum' ? 0 : mode === 'mean' ? 1 : 2;
  const [ret] = ops.embeddingBag(weight, x, offsets, scaleGradByFreq, modeEnum, sparse, psw, includeLastOffset, paddingIdx);
  return ret;
}
