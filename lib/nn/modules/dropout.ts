// Dropout layers, as torch/nn/modules/dropout.py. Every constructor takes `p` and `inplace`
// positionally or by keyword: `new nn.Dropout(0.3)`, `new nn.Dropout({ p: 0.3, inplace: true })`.
import type { Tensor } from '../../tensor.js';
import { Module } from './module.js';
import * as F from '../functional.js';
import { parseArgs, checkBool, checkNumber, type KwArgs } from '../../validate.js';
import { pyFloat, pyRepr } from '../_utils.js';

/** Options of the dropout layers. */
export interface DropoutOptions {
  /** Probability of an element (or channel) to be dropped (default 0.5). */
  p?: number;
  /** Modify the input in place (default false). */
  inplace?: boolean;
}

/**
 * The shared base of the dropout layers (PyTorch's `_DropoutNd`): `p`, `inplace` and the repr.
 * @example class MyDropout extends nn.DropoutNd { forward(x: Tensor) { return F.dropout(x, this.p, this.training); } }
 */
export abstract class DropoutNd extends Module {
  p: number;
  inplace: boolean;

  constructor(...args: KwArgs<[p: number, inplace: boolean], [], DropoutOptions>) {
    super();
    const where = `${new.target.name}()`;
    const o = parseArgs<Required<DropoutOptions>>(where, args, ['p', 'inplace'], { p: 0.5, inplace: false });
    const p = checkNumber(where, 'p', o.p);
    if (p < 0 || p > 1) throw new RangeError(`${where}: p: dropout probability has to be between 0 and 1, but got ${p}`);
    this.p = p;
    this.inplace = checkBool(where, 'inplace', o.inplace);
  }

  abstract forward(input: Tensor): Tensor;

  override extraRepr(): string {
    return `p=${pyFloat(this.p)}, inplace=${pyRepr(this.inplace)}`;
  }
}

/**
 * During training, zeroes elements with probability p and scales the rest by 1/(1-p); the
 * identity in eval mode. The masks come from the default generator, as PyTorch's.
 * @example const drop = new nn.Dropout(0.3); drop(x); drop.eval(); drop(x) // x
 */
export class Dropout extends DropoutNd {
  forward(input: Tensor): Tensor {
    return F.dropout(input, this.p, this.training, this.inplace);
  }
}

/**
 * Zeroes whole channels of (N, C, L) or (C, L) inputs with probability p during training.
 * @example new nn.Dropout1d(0.2)(torch.randn(8, 16, 100))
 */
export class Dropout1d extends DropoutNd {
  forward(input: Tensor): Tensor {
    return F.dropout1d(input, this.p, this.training, this.inplace);
  }
}

/**
 * Zeroes whole channels of (N, C, H, W) inputs with probability p during training (a 3-D input
 * is taken as (N, C, L), with PyTorch's warning).
 * @example new nn.Dropout2d(0.25)(torch.randn(8, 16, 14, 14))
 */
export class Dropout2d extends DropoutNd {
  forward(input: Tensor): Tensor {
    return F.dropout2d(input, this.p, this.training, this.inplace);
  }
}

/**
 * Zeroes whole channels of (N, C, D, H, W) or (C, D, H, W) inputs with probability p during training.
 * @example new nn.Dropout3d({ p: 0.2 })(torch.randn(2, 4, 3, 8, 8))
 */
export class Dropout3d extends DropoutNd {
  forward(input: Tensor): Tensor {
    return F.dropout3d(input, this.p, this.training, this.inplace);
  }
}

/**
 * Alpha dropout for self-normalizing (SELU) networks: keeps zero mean and unit variance. Like
 * PyTorch's, it ignores `inplace` in forward.
 * @example new nn.AlphaDropout(0.2)(torch.randn(20, 16))
 */
export class AlphaDropout extends DropoutNd {
  forward(input: Tensor): Tensor {
    return F.alphaDropout(input, this.p, this.training);
  }
}

/**
 * Alpha dropout of whole channels (dim 1). Like PyTorch's, it ignores `inplace` in forward.
 * @example new nn.FeatureAlphaDropout(0.2)(torch.randn(20, 16, 4, 4))
 */
export class FeatureAlphaDropout extends DropoutNd {
  forward(input: Tensor): Tensor {
    return F.featureAlphaDropout(input, this.p, this.training);
  }
}
