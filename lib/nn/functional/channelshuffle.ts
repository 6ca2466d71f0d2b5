// nn.functional's channel_shuffle and native_channel_shuffle (torch/nn/functional.py, the layer
// of torch/nn/modules/channelshuffle.py).
import { Tensor } from '../../tensor.js';
import * as ops from '../../generated/functions.js';
import { parseArgs, checkInt, type KwArgs } from '../../validate.js';
import { input } from './_args.js';

/**
 * Splits the C channels of (N, C, *) into `groups` groups and interleaves them: (N, g, C/g, *)
 * transposed to (N, C/g, g, *) (ShuffleNet's channel shuffle).
 * @example F.channelShuffle(torch.arange(4, { dtype: 'float32' }).view(1, 4, 1, 1), 2).flatten().tolist() // [0, 2, 1, 3]
 */
export function channelShuffle(x: Tensor, ...args: KwArgs<[groups: number], ['groups'], { groups?: number }>): Tensor {
  const where = 'F.channelShuffle()';
  const o = parseArgs<{ groups?: number }>(where, args, ['groups'], {}, ['groups']);
  input(where, x);
  return ops.channelShuffle(x, checkInt(where, 'groups', o.groups));
}

/**
 * The native kernel behind channelShuffle (PyTorch may make it private).
 * @example F.nativeChannelShuffle(x, 3)
 */
export function nativeChannelShuffle(x: Tensor, ...args: KwArgs<[groups: number], ['groups'], { groups?: number }>): Tensor {
  const where = 'F.nativeChannelShuffle()';
  const o = parseArgs<{ groups?: number }>(where, args, ['groups'], {}, ['groups']);
  input(where, x);
  return ops.nativeChannelShuffle(x, checkInt(where, 'groups', o.groups));
}
