// torch.nn.utils: gradient clipping, parameter/vector conversion, parametrizations, pruning,
// fusion, packed sequences, functional calls. Each file is also a namespace named as PyTorch's
// module (`nn.utils.clipGrad.clipGradNorm_` is `torch.nn.utils.clip_grad.clip_grad_norm_`).
export { clipGradNorm_, clipGradNorm, clipGradValue_, clipGradsWithNorm_, getTotalNorm } from './clip_grad.js';
export type { ClipGradNormOptions, TotalNormOptions, TensorOrTensors } from './clip_grad.js';
export { parametersToVector, vectorToParameters } from './convert_parameters.js';
export { convertConv2dWeightMemoryFormat, convertConv3dWeightMemoryFormat } from './memory_format.js';
export { skipInit } from './init.js';
export { weightNorm, removeWeightNorm } from './weight_norm.js';
export { spectralNorm, removeSpectralNorm } from './spectral_norm.js';
export type { SpectralNormHookOptions } from './spectral_norm.js';
export * as parametrize from './parametrize.js';
export * as parametrizations from './parametrizations.js';
export * as stateless from './stateless.js';
export * as rnn from './rnn.js';
export * as prune from './prune.js';
export { fuseConvBnEval, fuseConvBnWeights, fuseLinearBnEval, fuseLinearBnWeights } from './fusion.js';
export * as fusion from './fusion.js';
export * as clipGrad from './clip_grad.js';
export * as convertParameters from './convert_parameters.js';
export * as memoryFormat from './memory_format.js';
export * as init from './init.js';
