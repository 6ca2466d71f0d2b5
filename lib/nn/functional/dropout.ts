// nn.functional's dropout, as in torch/nn/functional.py.
import { Tensor } from '../../tensor.js';
import * as ops from '../../generated/functions.js';
import { parseArgs, checkBool, type Args } from '../../validate.js';
import { input, checkP } from './_args.js';

// Python shows a warning once per calling line (its default filter); once per message here, so a
// training loop does not print it every step.
const warned = new Set<string>();
function warnOnce(message: string): void {
  if (warned.has(message)) return;
  warned.add(message);
  process.emitWarning(message);
}

/** Options of dropout. */
export interface DropoutFnOptions {
  /** Probability of an element to be zeroed (default 0.5). */
  p?: number;
  /** Apply dropout (default true); false returns the input. */
  training?: boolean;
  inplace?: boolean;
}

/** The arguments every dropout function takes, checked (PyTorch's defaults but `training`'s). */
function dropoutArgs(where: string, x: Tensor, args: unknown[], training: boolean): Required<DropoutFnOptions> {
  const o = parseArgs<Required<DropoutFnOptions>>(where, args, ['p', 'training', 'inplace'], { p: 0.5, training, inplace: false });
  input(where, x);
  checkP(where, o.p);
  checkBool(where, 'training', o.training);
  checkBool(where, 'inplace', o.inplace);
  return o;
}

/** aten's feature dropout over dim 1, a batch of one added around an unbatched input. */
function channelDropout(x: Tensor, batched: boolean, o: Required<DropoutFnOptions>): Tensor {
  const { p, training, inplace } = o;
  let t = batched ? x : (inplace ? x.unsqueeze_(0) : x.unsqueeze(0));
  t = inplace ? ops.featureDropout_(t, p, training) : ops.featureDropout(t, p, training);
  return batched ? t : (inplace ? t.squeeze_(0) : t.squeeze(0));
}

/**
 * Zeroes elements with probability p and scales the rest by 1/(1-p) when training.
 * @example F.dropout(x, { p: 0.2, training: this.training }); F.dropout(x, 0.2)
 */
export function dropout(x: Tensor, ...args: Args<[p: number, training: boolean, inplace: boolean], DropoutFnOptions>): Tensor {
  const where = 'F.dropout()';
  const o = dropoutArgs(where, x, args, true);
  // ATen returns the input itself in these cases; skip the native call.
  if (!o.training || o.p === 0) return x;
  return o.inplace ? ops.dropout_(x, o.p, o.training) : ops.dropout(x, o.p, o.training);
}

function featureDropout(where: string, x: Tensor, args: unknown[], batchedDim: number): Tensor {
  const o = dropoutArgs(where, x, args, true);
  const nd = x.dim();
  if (nd !== batchedDim && nd !== batchedDim - 1) {
    throw new RangeError(`${where}: Expected ${batchedDim - 1}D or ${batchedDim}D input, but received a ${nd}D input`);
  }
  return channelDropout(x, nd === batchedDim, o);
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
  const o = dropoutArgs(where, x, args, true);
  const nd = x.dim();
  if (nd !== 3 && nd !== 4) {
    warnOnce(`dropout2d: Received a ${nd}-D input to dropout2d, which is deprecated and will result in an error in a future ` +
      'release. To retain the behavior and silence this warning, please use dropout instead. Note that dropout2d exists to provide ' +
      'channel-wise dropout on inputs with 2 spatial dimensions, a channel dimension, and an optional batch dimension (i.e. 3D or 4D inputs).');
  }
  if (nd === 3) {
    warnOnce('dropout2d: Received a 3D input to dropout2d and assuming that channel-wise 1D dropout behavior is desired - input ' +
      'is interpreted as shape (N, C, L), where C is the channel dim. This behavior will change in a future release to interpret the input ' +
      'as one without a batch dimension, i.e. shape (C, H, W). To maintain the 1D channel-wise dropout behavior, please switch to using dropout1d instead.');
  }
  return o.inplace ? ops.featureDropout_(x, o.p, o.training) : ops.featureDropout(x, o.p, o.training);
}

/**
 * Zeroes whole channels of (N, C, D, H, W) or (C, D, H, W) inputs with probability p. Other
 * ranks are deprecated in PyTorch: they warn, and are treated as unbatched (a batch of one added).
 * @example F.dropout3d(x, { p: 0.2, training: this.training })
 */
export function dropout3d(x: Tensor, ...args: Args<[p: number, training: boolean, inplace: boolean], DropoutFnOptions>): Tensor {
  const where = 'F.dropout3d()';
  const o = dropoutArgs(where, x, args, true);
  const nd = x.dim();
  if (nd !== 4 && nd !== 5) {
    warnOnce(`dropout3d: Received a ${nd}-D input to dropout3d, which is deprecated and will result in an error in a future ` +
      'release. To retain the behavior and silence this warning, please use dropout instead. Note that dropout3d exists to provide ' +
      'channel-wise dropout on inputs with 3 spatial dimensions, a channel dimension, and an optional batch dimension (i.e. 4D or 5D inputs).');
  }
  return channelDropout(x, nd === 5, o);
}

/**
 * Alpha dropout (for SELU networks): dropped elements take SELU's negative saturation value and
 * the result is scaled and shifted to keep zero mean and unit variance. Note PyTorch's default
 * `training: false` here.
 * @example F.alphaDropout(x, { p: 0.2, training: this.training })
 */
export function alphaDropout(x: Tensor, ...args: Args<[p: number, training: boolean, inplace: boolean], DropoutFnOptions>): Tensor {
  const where = 'F.alphaDropout()';
  const o = dropoutArgs(where, x, args, false);
  // ATen returns the input itself in these cases; skip the native call.
  if (!o.training || o.p === 0) return x;
  return o.inplace ? ops.alphaDropout_(x, o.p, o.training) : ops.alphaDropout(x, o.p, o.training);
}

/**
 * Alpha dropout of whole channels (dim 1 of a batched input). Note PyTorch's default
 * `training: false` here.
 * @example F.featureAlphaDropout(x, { p: 0.2, training: this.training })
 */
export function featureAlphaDropout(x: Tensor, ...args: Args<[p: number, training: boolean, inplace: boolean], DropoutFnOptions>): Tensor {
  const where = 'F.featureAlphaDropout()';
  const o = dropoutArgs(where, x, args, false);
  if (!o.training || o.p === 0) return x;
  return o.inplace ? ops.featureAlphaDropout_(x, o.p, o.training) : ops.featureAlphaDropout(x, o.p, o.training);
}
