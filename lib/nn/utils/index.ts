// torch.nn.utils: gradient clipping and parameter/vector conversion.
export { clipGradNorm_, clipGradNorm, clipGradValue_, clipGradsWithNorm_, getTotalNorm } from './clip_grad.js';
export type { ClipGradNormOptions, TotalNormOptions, TensorOrTensors } from './clip_grad.js';
export { parametersToVector, vectorToParameters } from './convert_parameters.js';
export * as rnn from './rnn.js';
