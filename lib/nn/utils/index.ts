// torch.nn.utils: gradient clipping and parameter/vector conversion.
export { clipGradNorm_, clipGradValue_, parametersToVector, vectorToParameters } from './clip_grad.js';
export type { ClipGradNormOptions, TensorOrTensors } from './clip_grad.js';
export * as rnn from './rnn.js';
