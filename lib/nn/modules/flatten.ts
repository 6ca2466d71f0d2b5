// Flatten and Unflatten, as torch/nn/modules/flatten.py.
import type { Tensor } from '../../tensor.js';
import { Module } from './module.js';
import { parseArgs, checkInt, checkIntTuple, type KwArgs } from '../../validate.js';
import { pyRepr } from '../_utils.js';

/** Options of Flatten. */
export interface FlattenOptions {
  /** First dimension flattened (default 1). */
  startDim?: number;
  /** Last dimension flattened (default -1). */
  endDim?: number;
}

/**
 * Flattens dimensions startDim..endDim (default 1..-1) into one.
 * @example
 * new nn.Flatten()(torch.zeros(32, 1, 28, 28)).shape // [32, 784]
 * new nn.Flatten({ startDim: 0 })(torch.zeros(2, 3)).shape // [6]
 */
export class Flatten extends Module {
  startDim: number;
  endDim: number;
  constructor(...args: KwArgs<[startDim: number, endDim: number], [], FlattenOptions>) {
    super();
    const where = 'Flatten()';
    const o = parseArgs<Required<FlattenOptions>>(where, args, ['startDim', 'endDim'], { startDim: 1, endDim: -1 });
    this.startDim = checkInt(where, 'startDim', o.startDim);
    this.endDim = checkInt(where, 'endDim', o.endDim);
  }
  forward(input: Tensor): Tensor { return input.flatten(this.startDim, this.endDim); }
  override extraRepr(): string { return `start_dim=${this.startDim}, end_dim=${this.endDim}`; }
}

/** Options of Unflatten: every argument by name (both are required). */
export interface UnflattenOptions {
  /** The dimension to expand. */
  dim?: number;
  /** Its new sizes (one may be -1). */
  unflattenedSize?: readonly number[];
}

/**
 * Expands one dimension into `unflattenedSize`.
 * @example
 * new nn.Unflatten(1, [1, 28, 28])(torch.zeros(32, 784)).shape // [32, 1, 28, 28]
 * new nn.Unflatten({ dim: 1, unflattenedSize: [2, 3] })
 */
export class Unflatten extends Module {
  dim: number;
  unflattenedSize: number[];
  constructor(...args: KwArgs<[dim: number, unflattenedSize: readonly number[]], ['dim', 'unflattenedSize'], UnflattenOptions>) {
    super();
    const where = 'Unflatten()';
    const o = parseArgs<UnflattenOptions>(where, args, ['dim', 'unflattenedSize'], {}, ['dim', 'unflattenedSize']);
    this.dim = checkInt(where, 'dim', o.dim);
    this.unflattenedSize = checkIntTuple(where, 'unflattenedSize', o.unflattenedSize, 0, -1);
  }
  forward(input: Tensor): Tensor { return input.unflatten(this.dim, this.unflattenedSize); }
  override extraRepr(): string { return `dim=${this.dim}, unflattened_size=${pyRepr(this.unflattenedSize)}`; }
}
