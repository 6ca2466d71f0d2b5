// ChannelShuffle, as torch/nn/modules/channelshuffle.py.
import type { Tensor } from '../../tensor.js';
import { Module } from './module.js';
import * as F from '../functional.js';
import { parseArgs, checkInt, type KwArgs } from '../../validate.js';

/**
 * Splits the channels of (N, C, *) into `groups` groups and interleaves them (ShuffleNet).
 * @example new nn.ChannelShuffle(2)(torch.arange(4, { dtype: 'float32' }).view(1, 4, 1, 1)).flatten().tolist() // [0, 2, 1, 3]
 */
export class ChannelShuffle extends Module {
  groups: number;
  constructor(...args: KwArgs<[groups: number], ['groups'], { groups?: number }>) {
    super();
    const o = parseArgs<{ groups?: number }>('ChannelShuffle()', args, ['groups'], {}, ['groups']);
    this.groups = checkInt('ChannelShuffle()', 'groups', o.groups);
  }
  forward(input: Tensor): Tensor {
    return F.channelShuffle(input, this.groups);
  }
  override extraRepr(): string {
    return `groups=${this.groups}`;
  }
}
