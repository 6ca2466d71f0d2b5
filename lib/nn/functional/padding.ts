// nn.functional's padding, as in torch/nn/functional.py.
import { Tensor } from '../../tensor.js';
import * as ops from '../../generated/functions.js';
import { parseArgs, checkChoice, checkIntTuple, checkNumber, type KwArgs } from '../../validate.js';
import { input } from './_args.js';

/** Options of pad. */
export interface PadOptions {
  /** 'constant' (default), 'reflect' (mirror without the edge), 'replicate' (repeat the edge) or 'circular' (wrap around). */
  mode?: 'constant' | 'reflect' | 'replicate' | 'circular';
  /** Fill value of 'constant' padding (default 0; other modes take none). */
  value?: number | null;
}

/** Every argument of pad by name (`F.pad(x, { pad: [1, 1], mode: 'reflect' })`). */
export interface PadKeywords extends PadOptions {
  /** (left, right) amounts, from the last dimension backwards. */
  pad?: readonly number[];
}

/**
 * Pads the last dimensions: `pad` lists (left, right) amounts starting from the last dimension
 * (negative amounts crop). 'reflect', 'replicate' and 'circular' pad up to the last 3 dimensions.
 * @example
 * F.pad(x, [1, 1, 2, 2], { mode: 'reflect' });
 * F.pad(x, [0, 1], 'constant', -1);
 */
export function pad(x: Tensor, ...args: KwArgs<[pad: readonly number[], mode: 'constant' | 'reflect' | 'replicate' | 'circular', value: number | null], ['pad'], PadKeywords>): Tensor {
  const where = 'F.pad()';
  const o = parseArgs<Required<PadKeywords>>(where, args, ['pad', 'mode', 'value'], { mode: 'constant', value: null }, ['pad']);
  input(where, x);
  const p = checkIntTuple(where, 'pad', o.pad, 0);
  checkChoice(where, 'mode', o.mode, ['constant', 'reflect', 'replicate', 'circular']);
  if (o.value !== null) checkNumber(where, 'value', o.value);
  return ops.pad(x, p, o.mode, o.value);
}
