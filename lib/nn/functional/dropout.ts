// nn.functional's dropout, as in torch/nn/functional.py.
import { Tensor } from '../../tensor.js';
import * as ops from '../../generated/functions.js';
import { parseArgs, checkBool, type Args } from '../../validate.js';
import { input, checkP } from './_args.js';

/** Options of dropout. */
export interface DropoutFnOptions {
  /** Probability of an element to be zeroed (default 0.5). */
  p?: number;
  /** Apply dropout (default true); false returns the input. */
  training?: boolean;
  inplace?: boolean;
}

/**
 * Zeroes elements with probability p and scales the rest by 1/(1-p) when training.
 * @example F.dropout(x, { p: 0.2, training: this.training }); F.dropout(x, 0.2)
 */
export function dropout(x: Tensor, ...args: Args<[p: number, training: boolean, inplace: boolean], DropoutFnOptions>): Tensor {
  const where = 'F.dropout()';
  const o = parseArgs<Required<DropoutFnOptions>>(where, args, ['p', 'training', 'inplace'], { p: 0.5, training: true, inplace: false });
  input(where, x);
  checkP(where, o.p);
  checkBool(where, 'training', o.training);
  const inplace = checkBool(where, 'inplace', o.inplace);
  // ATen returns the input itself in these cases; skip the native call.
  if (!o.training || o.p === 0) return x;
  return inplace ? ops.dropout_(x, o.p, o.training) : ops.dropout(x, o.p, o.training);
}

function featureDropout(where: string, x: Tensor, args: unknown[], batchedDim: number): Tensor {
  const o = parseArgs<Required<DropoutFnOptions>>(where, args, ['p', 'training', 'inplace'], { p: 0.5, training: true, inplace: false });
  input(where, x);
  checkP(where, o.p);
  checkBool(where, 'training', o.training);
  const inplace = checkBool(where, 'inplace', o.inplace);
  const nd = x.dim();
  if (nd !== batchedDim && nd !== batchedDim - 1) {
    throw new RangeError(`${where}: Expected ${batchedDim - 1}D or ${batchedDim}D input, but received a ${nd}D input`);
  }
  const batched = nd === batchedDim;
  let t = batched ? x : (inplace ? x.unsqueeze_(0) : x.unsqueeze(0));
  t = inplace ? ops.featureDropout_(t, o.p, o.training) : ops.featureDropout(t, o.p, o.training);
  return batched ? t : (inplace ? t.squeeze_(0) : t.squeeze(0));
}

/**
 * Zeroes whole channels of (N, C, L) or (C, L) inputs with probability p (channel-wise dropout).
 * @example F.dropout1d(x, { p: 0.2, training: this.training })
 */
export function dropout1d(x: Tensor, ...args: Args<[p: number, training: boolean, inplace: boolean], DropoutFnOptions>): Tensor {
  return featureDropout('F.dropout1d()', x, args, 3);
}

/**
 * Zeroes whole channels of (N, C, H, W) or (C, H, W) inputs with probability p.
 * @example F.dropout2d(x, 0.25)
 */
export function dropout2d(x: Tensor, ...args: Args<[p: number, training: boolean, inplace: boolean], DropoutFnOptions>): Tensor {
  const where = 'F.dropout2d()';
  // PyTorch treats 3-D input as (N, C, L) here (historical behaviour), and 4-D as (N, C, H, W).
  const o = parseArgs<Required<DropoutFnOptions>>(where, args, ['p', 'training', 'inplace'], { p: 0.5, training: true, inplace: false });
  input(where, x);
  checkP(where, o.p);
  checkBool(where, 'training', o.training);
  return checkBool(where, 'inplace', o.inplace) ? ops.featureDropout_(x, o.p, o.training) : ops.featureDropout(x, o.p, o.training);
}
