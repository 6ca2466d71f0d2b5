// DropBlock (https://arxiv.org/abs/1810.12890), as torchvision/ops/drop_block.py: the same
// Bernoulli draws from the default generator in the same order, so `torch.manualSeed` gives
// torchvision's masks.
import * as torch from '../../generated/functions.js';
import type { Tensor } from '../../tensor.js';
import { Module } from '../../nn/modules/module.js';
import * as F from '../../nn/functional.js';
import { pyFloat, pyRepr } from '../../nn/_utils.js';
import { parseArgs, checkBool, checkInt, checkNumber, checkTensor, type KwArgs } from '../../validate.js';

/** Options of dropBlock2d/dropBlock3d. */
export interface DropBlockOptions {
  /** Probability of an element to be dropped. */
  p?: number;
  /** Side of the dropped blocks (odd, or larger than the map). */
  blockSize?: number;
  /** Write into the input (default false). */
  inplace?: boolean;
  /** Added to the normalisation's denominator (default 1e-6). */
  eps?: number;
  /** Drop only when true (default true). */
  training?: boolean;
}

/** The arguments of dropBlock2d/3d after the input: Python's positional order, or options. */
export type DropBlockArgs = KwArgs<[p: number, blockSize: number, inplace: boolean, eps: number, training: boolean], ['p', 'blockSize'], DropBlockOptions>;

function dropBlock(where: string, nd: 2 | 3, input: Tensor, args: readonly unknown[]): Tensor {
  checkTensor(where, 'input', input);
  const o = parseArgs<Required<DropBlockOptions>>(where, args, ['p', 'blockSize', 'inplace', 'eps', 'training'],
    { inplace: false, eps: 1e-6, training: true }, ['p', 'blockSize']);
  const p = checkNumber(where, 'p', o.p);
  let blockSize = checkInt(where, 'blockSize', o.blockSize);
  const inplace = checkBool(where, 'inplace', o.inplace);
  const eps = checkNumber(where, 'eps', o.eps);
  const training = checkBool(where, 'training', o.training);
  if (p < 0.0 || p > 1.0) throw new RangeError(`drop probability has to be between 0 and 1, but got ${pyFloat(p)}.`);
  if (input.dim() !== nd + 2) throw new RangeError(`input should be ${nd + 2} dimensional. Got ${input.dim()} dimensions.`);
  if (!training || p === 0.0) return input;
  const [n, c, ...spatial] = input.shape as [number, number, ...number[]];
  blockSize = Math.min(blockSize, ...spatial);
  if (blockSize % 2 === 0) throw new RangeError(`block size should be odd. Got ${blockSize} which is even.`);
  // gamma of the Bernoulli draws: p * D*H*W / (block^nd * prod(size - block + 1)), in Python's float order.
  const scaled = spatial.reduce((a, s) => a * s, p);
  const valid = spatial.reduce((a, s) => a * (s - blockSize + 1), 1);
  const gamma = scaled / (blockSize ** nd * valid);
  let noise = torch.empty([n, c, ...spatial.map((s) => s - blockSize + 1)], { dtype: input.dtype, device: input.device });
  noise.bernoulli_(gamma);
  const half = Math.floor(blockSize / 2);
  noise = F.pad(noise, new Array<number>(2 * nd).fill(half), { value: 0 });
  noise = nd === 2
    ? F.maxPool2d(noise, [blockSize, blockSize], { stride: [1, 1], padding: half })
    : F.maxPool3d(noise, [blockSize, blockSize, blockSize], { stride: [1, 1, 1], padding: half });
  noise = torch.sub(1, noise);
  // Python's `numel / tensor` is `tensor.reciprocal() * numel`.
  const normalizeScale = noise.sum().add(eps).reciprocal().mul(noise.numel());
  if (inplace) return input.mul_(noise).mul_(normalizeScale);
  return input.mul(noise).mul(normalizeScale);
}

/**
 * DropBlock on (N, C, H, W) maps: drops square blocks of side blockSize, with the rate that
 * drops about a fraction p of the elements, and rescales the rest.
 * @example const y = ops.dropBlock2d(torch.randn(2, 4, 16, 16), 0.1, 3);
 */
export function dropBlock2d(input: Tensor, ...args: DropBlockArgs): Tensor {
  return dropBlock('ops.dropBlock2d()', 2, input, args);
}

/**
 * DropBlock on (N, C, D, H, W) volumes: drops cubes of side blockSize.
 * @example const y = ops.dropBlock3d(torch.randn(2, 4, 8, 8, 8), 0.1, 3);
 */
export function dropBlock3d(input: Tensor, ...args: DropBlockArgs): Tensor {
  return dropBlock('ops.dropBlock3d()', 3, input, args);
}

/** Options of the DropBlock modules. */
export type DropBlockModuleOptions = Omit<DropBlockOptions, 'training'>;

/**
 * The module form of dropBlock2d (active in training mode).
 * @example const drop = new ops.DropBlock2d(0.1, 5); drop(torch.randn(1, 8, 32, 32));
 */
export class DropBlock2d extends Module {
  p: number;
  blockSize: number;
  inplace: boolean;
  eps: number;

  constructor(...args: KwArgs<[p: number, blockSize: number, inplace: boolean, eps: number], ['p', 'blockSize'], DropBlockModuleOptions>) {
    super();
    const where = `${new.target.name}()`;
    const o = parseArgs<Required<DropBlockModuleOptions>>(where, args, ['p', 'blockSize', 'inplace', 'eps'],
      { inplace: false, eps: 1e-6 }, ['p', 'blockSize']);
    this.p = checkNumber(where, 'p', o.p);
    this.blockSize = checkInt(where, 'blockSize', o.blockSize);
    this.inplace = checkBool(where, 'inplace', o.inplace);
    this.eps = checkNumber(where, 'eps', o.eps);
  }

  forward(input: Tensor): Tensor {
    return dropBlock2d(input, this.p, this.blockSize, this.inplace, this.eps, this.training);
  }

  override toString(): string {
    return `${this.constructor.name}(p=${pyFloat(this.p)}, block_size=${this.blockSize}, inplace=${pyRepr(this.inplace)})`;
  }
}

/**
 * The module form of dropBlock3d (active in training mode).
 * @example const drop = new ops.DropBlock3d(0.1, 3); drop(torch.randn(1, 4, 8, 8, 8));
 */
export class DropBlock3d extends DropBlock2d {
  override forward(input: Tensor): Tensor {
    return dropBlock3d(input, this.p, this.blockSize, this.inplace, this.eps, this.training);
  }
}
