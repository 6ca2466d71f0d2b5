// nn.utils.convertConv2dWeightMemoryFormat / convertConv3dWeightMemoryFormat, as
// torch/nn/utils/memory_format.py.
import type { MemoryFormat } from '../../op_arg.js';
import { Module } from '../modules/module.js';
import { Conv2d, Conv3d, ConvTranspose2d, ConvTranspose3d } from '../modules/conv.js';
import { argTypeError } from '../../validate.js';

function convert(where: string, module: Module, memoryFormat: MemoryFormat, is: (m: Module) => m is Conv2d | Conv3d | ConvTranspose2d | ConvTranspose3d): void {
  if (!(module instanceof Module)) throw argTypeError(where, 'module', 'an nn.Module', module);
  if (is(module)) {
    const weightData = module.weight.detach().clone({ memoryFormat });
    module.weight.data = weightData.resize_(weightData.shape, { memoryFormat });
  }
  for (const child of module.children()) convert(where, child, memoryFormat, is);
}

/**
 * Converts the weights of every Conv2d and ConvTranspose2d in the tree to `memoryFormat` (e.g.
 * 'channels_last'), in place; returns the module.
 * @example nn.utils.convertConv2dWeightMemoryFormat(model, 'channels_last')
 */
export function convertConv2dWeightMemoryFormat<M extends Module>(module: M, memoryFormat: MemoryFormat): M {
  convert('convertConv2dWeightMemoryFormat()', module, memoryFormat, (m): m is Conv2d | ConvTranspose2d => m instanceof Conv2d || m instanceof ConvTranspose2d);
  return module;
}

/**
 * Converts the weights of every Conv3d and ConvTranspose3d in the tree to `memoryFormat` (e.g.
 * 'channels_last_3d'), in place; returns the module.
 * @example nn.utils.convertConv3dWeightMemoryFormat(model, 'channels_last_3d')
 */
export function convertConv3dWeightMemoryFormat<M extends Module>(module: M, memoryFormat: MemoryFormat): M {
  convert('convertConv3dWeightMemoryFormat()', module, memoryFormat, (m): m is Conv3d | ConvTranspose3d => m instanceof Conv3d || m instanceof ConvTranspose3d);
  return module;
}
