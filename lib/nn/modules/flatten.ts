// Flatten and Unflatten, as torch/nn/modules/flatten.py.
import type { Tensor } from '../../tensor.js';
import { Module } from './module.js';
import { parseArgs, checkInt, checkIntTuple, type Args } from '../../validate.js';
import { pyRepr } from '../_utils.js';

/** Options of Flatten. */
export interface FlattenOptions { startDim?: number; endDim?: number }

/**
 * Flattens dimensions startDim..endDim (default 1..-1) into one.
 * @example new nn.Flatten()(torch.zeros(32, 1, 28, 28)).shape // [32, 784]
 */
export class Flatten extends Module {
  startDim: number;
  endDim: number;
  constructor(...args: Args<[startDim: number, endDim: number], FlattenOptions>) {
    super();
    const where = 'Flatten()';
    const o = parseArgs<Required<FlattenOptions>>(where, args, ['startDim', 'endDim'], { startDim: 1, endDim: -1 });
    this.startDim = checkInt(where, 'startDim', o.startDim);
    this.endDim = checkInt(where, 'endDim', o.endDim);
  }
  forward(input: Tensor): Tensor { return input.flatten(this.startDim, this.endDim); }
  override extraRepr(): string { return `start_dim=${this.startDim}, end_dim=${this.endDim}`; }
}

/**
 * Expands one dimension into `unflattenedSize`.
 * @example new nn.Unflatten(1, [1, 28, 28])(torch.zeros(32, 784)).shape // [32, 1, 28, 28]
 */
export class Unflatten extends Module {
  dim: number;
  unflattenedSize: number[];
  constructor(dim: number, unflattenedSize: readonly number[]) {
    super();
    const where = 'Unflatten()';
    this.dim = checkInt(where, 'dim', dim);
    this.unflattenedSize = checkIntTuple(where, 'unflattenedSize', unflattenedSize, 0, -1);
  }
  forward(input: Tensor): Tensor { return input.unflatten(this.dim, this.unflattenedSize); }
  override extraRepr(): string { return `dim=${this.dim}, unflattened_size=${pyRepr(this.unflattenedSize)}`; }
}

