// nn.functional's padding, as in torch/nn/functional.py.
import { Tensor } from '../../tensor.js';
import * as ops from '../../generated/functions.js';
import { parseArgs, checkChoice, checkIntTuple, type Args } from '../../validate.js';
import { input } from './_args.js';

/** Options of pad. */
export interface PadOptions { mode?: 'constant' | 'reflect' | 'replicate' | 'circular'; value?: number | null }

/**
 * Pads the last dimensions: `pad` lists (left, right) amounts starting from the last dimension.
 * @example F.pad(x, [1, 1, 2, 2], { mode: 'reflect' })
 */
export function pad(x: Tensor, padding: readonly number[], ...args: Args<[mode: 'constant' | 'reflect' | 'replicate' | 'circular', value: number | null], PadOptions>): Tensor {
  const where = 'F.pad()';
  const o = parseArgs<Required<PadOptions>>(where, args, ['mode', 'value'], { mode: 'constant', value: null });
  input(where, x);
  const p = checkIntTuple(where, 'pad', padding, 0);
  checkChoice(where, 'mode', o.mode, ['constant', 'reflect', 'replicate', 'circular']);
  return ops.pad(x, p, o.mode, o.value);
}
