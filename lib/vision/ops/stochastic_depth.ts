// torchvision.ops.stochastic_depth: drops whole residual branches at random (per sample or per
// batch), drawing its noise as torchvision does (empty(...).bernoulli_(1 - p)) so the same seed
// drops the same rows.
import type { Tensor } from '../../tensor.js';
import { empty } from '../../generated/functions.js';
import { Module } from '../../nn/modules/module.js';
import { noGrad } from '../../autograd/grad_mode.js';
import { pyFloat } from '../../nn/_utils.js';
import { checkNumber, checkBool, checkTensor, describeValue, parseArgs, type KwArgs } from '../../validate.js';

/** How stochastic depth drops: 'row' zeroes random samples of the batch, 'batch' the whole input. */
export type StochasticDepthMode = 'batch' | 'row';

function checkPMode(where: string, p: unknown, mode: unknown): [number, StochasticDepthMode] {
  const pp = checkNumber(where, 'p', p);
  if (pp < 0.0 || pp > 1.0) throw new RangeError(`drop probability has to be between 0 and 1, but got ${pp}`);
  if (mode !== 'batch' && mode !== 'row') throw new RangeError(`mode has to be either 'batch' or 'row', but got ${typeof mode === 'string' ? mode : describeValue(mode)}`);
  return [pp, mode];
}

/**
 * Stochastic Depth ("Deep Networks with Stochastic Depth", https://arxiv.org/abs/1603.09382):
 * in training, zeroes the input with probability `p` (each row in mode 'row', all of it in
 * 'batch') and scales what survives by 1 / (1 - p). The identity when not training or p is 0.
 * @example
 * torch.manualSeed(0);
 * const y = ops.stochasticDepth(torch.ones(4, 3), 0.5, 'row'); // rows of 0 or 2
 * ops.stochasticDepth(x, 0.2, 'row', false) // x
 */
export function stochasticDepth(input: Tensor, p: number, mode: StochasticDepthMode, training = true): Tensor {
  const where = 'stochasticDepth()';
  checkTensor(where, 'input', input);
  const [pp, m] = checkPMode(where, p, mode);
  if (!checkBool(where, 'training', training) || pp === 0.0) return input;
  const survivalRate = 1.0 - pp;
  const size = m === 'row' ? [input.shape[0]!, ...Array<number>(input.dim() - 1).fill(1)] : Array<number>(input.dim()).fill(1);
  const noise = noGrad(() => {
    const n = empty(size, { dtype: input.dtype, device: input.device });
    n.bernoulli_(survivalRate);
    if (survivalRate > 0.0) n.div_(survivalRate);
    return n;
  });
  return input.mul(noise);
}

/** Options of StochasticDepth. */
export interface StochasticDepthOptions {
  p?: number;
  mode?: StochasticDepthMode;
}

/**
 * The module form of `stochasticDepth`: drops in training mode only.
 * @example const sd = new StochasticDepth(0.1, 'row'); sd.eval(); sd(x) // x
 */
export class StochasticDepth extends Module {
  p: number;
  mode: StochasticDepthMode;
  constructor(...args: KwArgs<[p: number, mode: StochasticDepthMode], ['p', 'mode'], StochasticDepthOptions>) {
    super();
    const where = 'StochasticDepth()';
    const o = parseArgs<Required<StochasticDepthOptions>>(where, args, ['p', 'mode'], {}, ['p', 'mode']);
    [this.p, this.mode] = checkPMode(where, o.p, o.mode);
  }
  forward(input: Tensor): Tensor {
    return stochasticDepth(input, this.p, this.mode, this.training);
  }
  override toString(): string {
    return `StochasticDepth(p=${pyFloat(this.p)}, mode=${this.mode})`;
  }
}
