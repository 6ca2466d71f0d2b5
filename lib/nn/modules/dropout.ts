// Dropout, as torch/nn/modules/dropout.py.
import type { Tensor } from '../../tensor.js';
import { Module } from './module.js';
import * as F from '../functional.js';
import { parseArgs, checkBool, checkNumber, type Args } from '../../validate.js';
import { pyFloat, pyRepr } from '../_utils.js';

/** Options of Dropout. */
export interface DropoutOptions {
  /** Probability of an element to be zeroed (default 0.5). */
  p?: number;
  inplace?: boolean;
}

/**
 * During training, zeroes elements with probability p and scales the rest by 1/(1-p); the
 * identity in eval mode. The masks come from the default generator, as PyTorch's.
 * @example const drop = new nn.Dropout(0.3); drop(x); drop.eval(); drop(x) // x
 */
export class Dropout extends Module {
  p: number;
  inplace: boolean;

  constructor(...args: Args<[p: number, inplace: boolean], DropoutOptions>) {
    super();
    const where = `${new.target.name}()`;
    const o = parseArgs<Required<DropoutOptions>>(where, args, ['p', 'inplace'], { p: 0.5, inplace: false });
    const p = checkNumber(where, 'p', o.p);
    if (p < 0 || p > 1) throw new RangeError(`${where}: p: dropout probability has to be between 0 and 1, but got ${p}`);
    this.p = p;
    this.inplace = checkBool(where, 'inplace', o.inplace);
  }

  forward(input: Tensor): Tensor {
    return F.dropout(input, this.p, this.training, this.inplace);
  }

  override extraRepr(): string {
    return `p=${pyFloat(this.p)}, inplace=${pyRepr(this.inplace)}`;
  }
}

/**
 * Zeroes whole channels of (N, C, L) or (C, L) inputs with probability p during training.
 * @example new nn.Dropout1d(0.2)(torch.randn(8, 16, 100))
 */
export class Dropout1d extends Dropout {
  override forward(input: Tensor): Tensor {
    return F.dropout1d(input, this.p, this.training, this.inplace);
  }
}

/**
 * Zeroes whole channels of (N, C, H, W) inputs with probability p during training.
 * @example new nn.Dropout2d(0.25)(torch.randn(8, 16, 14, 14))
 */
export class Dropout2d extends Dropout {
  override forward(input: Tensor): Tensor {
    return F.dropout2d(input, this.p, this.training, this.inplace);
  }
}
