// The padding layers, as torch/nn/modules/padding.py: circular, constant, reflection,
// replication and zero padding in 1, 2 and 3 dimensions (F.pad as a layer).
import type { Tensor } from '../../tensor.js';
import { Module } from './module.js';
import * as F from '../functional.js';
import { parseArgs, checkIntTuple, checkNumber, type KwArgs, type IntOrTuple } from '../../validate.js';
import { pyRepr } from '../_utils.js';

/** Every argument of the padding layers by name. */
export interface PadKeywords {
  /** One amount for every side, or (left, right[, top, bottom[, front, back]]). */
  padding?: IntOrTuple;
}

/** Every argument of ConstantPad1d/2d/3d by name. */
export interface ConstantPadKeywords extends PadKeywords {
  /** The fill value. */
  value?: number;
}

/** The arguments of the padding layers but ConstantPad*d: the padding, positionally or by name. */
export type PadArgs = KwArgs<[padding: IntOrTuple], ['padding'], PadKeywords>;

/** The arguments of ConstantPad1d/2d/3d: padding and value, positionally or by name. */
export type ConstantPadArgs = KwArgs<[padding: IntOrTuple, value: number], ['padding', 'value'], ConstantPadKeywords>;

/**
 * What the padding layers share: `padding`, 2 * n amounts (PyTorch's _pair, _quadruple, ...),
 * and F.pad in `mode`.
 * @example new nn.ReflectionPad2d(2) instanceof nn.PadNd // true
 */
export abstract class PadNd extends Module {
  padding: number[];
  /** @internal F.pad's mode. */
  abstract readonly _mode: 'constant' | 'reflect' | 'replicate' | 'circular';

  /** `n` padded dimensions; `where` names the class in messages. */
  constructor(n: number, where: string, padding: unknown) {
    super();
    this.padding = checkIntTuple(where, 'padding', padding, 2 * n);
  }

  forward(input: Tensor): Tensor {
    return F.pad(input, this.padding, this._mode);
  }

  override extraRepr(): string {
    return pyRepr(this.padding);
  }
}

function parsePadding(where: string, args: readonly unknown[]): unknown {
  return parseArgs<PadKeywords>(where, args, ['padding'], {}, ['padding']).padding;
}

/**
 * Circular padding (PyTorch's _CircularPadNd): checks the input's rank as PyTorch does.
 * @example new nn.CircularPad2d(1) instanceof CircularPadNd // true
 */
export abstract class CircularPadNd extends PadNd {
  readonly _mode = 'circular' as const;
  /** @internal */
  abstract readonly _dims: number;

  override forward(input: Tensor): Tensor {
    const d = this._dims;
    if (input.dim() !== d + 1 && input.dim() !== d + 2) throw new RangeError(`expected ${d + 1}D or ${d + 2}D input (got ${input.dim()}D input)`);
    return super.forward(input);
  }
}

/**
 * Pads the last dimension of (N, C, W) or (C, W) inputs by wrapping around.
 * @example new nn.CircularPad1d([1, 2])(torch.arange(4, { dtype: 'float32' }).view(1, 1, 4)).tolist() // [[[3, 0, 1, 2, 3, 0, 1]]]
 */
export class CircularPad1d extends CircularPadNd {
  readonly _dims = 1;
  constructor(...args: PadArgs) {
    super(1, 'CircularPad1d()', parsePadding('CircularPad1d()', args));
  }
}

/**
 * Pads the last two dimensions of (N, C, H, W) or (C, H, W) inputs by wrapping around.
 * @example new nn.CircularPad2d([1, 1, 2, 0])(torch.randn(1, 1, 3, 3)).shape // [1, 1, 5, 5]
 */
export class CircularPad2d extends CircularPadNd {
  readonly _dims = 2;
  constructor(...args: PadArgs) {
    super(2, 'CircularPad2d()', parsePadding('CircularPad2d()', args));
  }
}

/**
 * Pads the last three dimensions of (N, C, D, H, W) or (C, D, H, W) inputs by wrapping around.
 * @example new nn.CircularPad3d(1)(torch.randn(1, 1, 3, 3, 3)).shape // [1, 1, 5, 5, 5]
 */
export class CircularPad3d extends CircularPadNd {
  readonly _dims = 3;
  constructor(...args: PadArgs) {
    super(3, 'CircularPad3d()', parsePadding('CircularPad3d()', args));
  }
}

/**
 * Padding with a constant (PyTorch's _ConstantPadNd).
 * @example new nn.ZeroPad2d(1) instanceof ConstantPadNd // true
 */
export abstract class ConstantPadNd extends PadNd {
  readonly _mode = 'constant' as const;
  value: number;

  constructor(n: number, where: string, args: readonly unknown[]) {
    const o = parseArgs<ConstantPadKeywords>(where, args, ['padding', 'value'], {}, ['padding', 'value']);
    super(n, where, o.padding);
    this.value = checkNumber(where, 'value', o.value);
  }

  override forward(input: Tensor): Tensor {
    return F.pad(input, this.padding, 'constant', this.value);
  }

  override extraRepr(): string {
    return `padding=${pyRepr(this.padding)}, value=${String(this.value)}`;
  }
}

/**
 * Pads the last dimension of (N, C, W) or (C, W) inputs with a constant.
 * @example new nn.ConstantPad1d(2, 3.5)(torch.zeros(1, 2, 4)).shape // [1, 2, 8]
 */
export class ConstantPad1d extends ConstantPadNd {
  constructor(...args: ConstantPadArgs) {
    super(1, `${new.target.name}()`, args);
  }
}

/**
 * Pads the last two dimensions of (N, C, H, W) or (C, H, W) inputs with a constant.
 * @example new nn.ConstantPad2d([3, 0, 2, 1], 3.5); new nn.ConstantPad2d({ padding: 2, value: -1 })
 */
export class ConstantPad2d extends ConstantPadNd {
  constructor(...args: ConstantPadArgs) {
    super(2, `${new.target.name}()`, args);
  }
}

/**
 * Pads the last three dimensions of (N, C, D, H, W) or (C, D, H, W) inputs with a constant.
 * @example new nn.ConstantPad3d([3, 3, 6, 6, 0, 1], 3.5)(torch.randn(16, 3, 10, 20, 30)).shape // [16, 3, 11, 32, 36]
 */
export class ConstantPad3d extends ConstantPadNd {
  constructor(...args: ConstantPadArgs) {
    super(3, `${new.target.name}()`, args);
  }
}

/**
 * Pads the last dimension of (N, C, W) or (C, W) inputs with zeros.
 * @example new nn.ZeroPad1d([1, 2])(torch.randn(1, 2, 4)).shape // [1, 2, 7]
 */
export class ZeroPad1d extends ConstantPad1d {
  constructor(...args: PadArgs) {
    super(parsePadding('ZeroPad1d()', args) as IntOrTuple, 0);
  }
  override extraRepr(): string {
    return pyRepr(this.padding);
  }
}

/**
 * Pads the last two dimensions of (N, C, H, W) or (C, H, W) inputs with zeros.
 * @example new nn.ZeroPad2d([1, 1, 2, 0])(torch.randn(1, 1, 3, 3)).shape // [1, 1, 5, 5]
 */
export class ZeroPad2d extends ConstantPad2d {
  constructor(...args: PadArgs) {
    super(parsePadding('ZeroPad2d()', args) as IntOrTuple, 0);
  }
  override extraRepr(): string {
    return pyRepr(this.padding);
  }
}

/**
 * Pads the last three dimensions of (N, C, D, H, W) or (C, D, H, W) inputs with zeros.
 * @example new nn.ZeroPad3d(1)(torch.randn(1, 1, 2, 2, 2)).shape // [1, 1, 4, 4, 4]
 */
export class ZeroPad3d extends ConstantPad3d {
  constructor(...args: PadArgs) {
    super(parsePadding('ZeroPad3d()', args) as IntOrTuple, 0);
  }
  override extraRepr(): string {
    return pyRepr(this.padding);
  }
}

/**
 * Pads the last dimension of (N, C, W) or (C, W) inputs with the reflection of the input
 * boundary (the edge itself not repeated).
 * @example new nn.ReflectionPad1d(2)(torch.arange(4, { dtype: 'float32' }).view(1, 1, 4)).tolist() // [[[2, 1, 0, 1, 2, 3, 2, 1]]]
 */
export class ReflectionPad1d extends PadNd {
  readonly _mode = 'reflect' as const;
  constructor(...args: PadArgs) {
    super(1, 'ReflectionPad1d()', parsePadding('ReflectionPad1d()', args));
  }
}

/**
 * Pads the last two dimensions of (N, C, H, W) or (C, H, W) inputs by reflection.
 * @example new nn.ReflectionPad2d([1, 1, 2, 0])(torch.randn(1, 1, 3, 3)).shape // [1, 1, 5, 5]
 */
export class ReflectionPad2d extends PadNd {
  readonly _mode = 'reflect' as const;
  constructor(...args: PadArgs) {
    super(2, 'ReflectionPad2d()', parsePadding('ReflectionPad2d()', args));
  }
}

/**
 * Pads the last three dimensions of (N, C, D, H, W) or (C, D, H, W) inputs by reflection.
 * @example new nn.ReflectionPad3d(1)(torch.randn(1, 1, 2, 2, 2)).shape // [1, 1, 4, 4, 4]
 */
export class ReflectionPad3d extends PadNd {
  readonly _mode = 'reflect' as const;
  constructor(...args: PadArgs) {
    super(3, 'ReflectionPad3d()', parsePadding('ReflectionPad3d()', args));
  }
}

/**
 * Pads the last dimension of (N, C, W) or (C, W) inputs by repeating the edge value.
 * @example new nn.ReplicationPad1d([3, 1])(torch.randn(1, 2, 4)).shape // [1, 2, 8]
 */
export class ReplicationPad1d extends PadNd {
  readonly _mode = 'replicate' as const;
  constructor(...args: PadArgs) {
    super(1, 'ReplicationPad1d()', parsePadding('ReplicationPad1d()', args));
  }
}

/**
 * Pads the last two dimensions of (N, C, H, W) or (C, H, W) inputs by repeating the edge values.
 * @example new nn.ReplicationPad2d(2)(torch.randn(1, 1, 3, 3)).shape // [1, 1, 7, 7]
 */
export class ReplicationPad2d extends PadNd {
  readonly _mode = 'replicate' as const;
  constructor(...args: PadArgs) {
    super(2, 'ReplicationPad2d()', parsePadding('ReplicationPad2d()', args));
  }
}

/**
 * Pads the last three dimensions of (N, C, D, H, W) or (C, D, H, W) inputs by repeating the edge values.
 * @example new nn.ReplicationPad3d(3)(torch.randn(16, 3, 8, 320, 480)).shape // [16, 3, 14, 326, 486]
 */
export class ReplicationPad3d extends PadNd {
  readonly _mode = 'replicate' as const;
  constructor(...args: PadArgs) {
    super(3, 'ReplicationPad3d()', parsePadding('ReplicationPad3d()', args));
  }
}
