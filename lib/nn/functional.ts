// nn.functional (alias F): the stateless functions behind the layers, a port of
// torch/nn/functional.py. Arguments are positional as in PyTorch, or a trailing options object
// with camelCase keys: `F.logSoftmax(x, 1)` or `F.logSoftmax(x, { dim: 1 })`.
// One file per kind of layer under functional/, named as the modules/ file that uses it.
export * from './functional/conv.js';
export * from './functional/pooling.js';
export * from './functional/dropout.js';
export * from './functional/activation.js';
export * from './functional/normalization.js';
export * from './functional/linear.js';
export * from './functional/sparse.js';
export * from './functional/padding.js';
export * from './functional/upsampling.js';
export * from './functional/pixelshuffle.js';
export * from './functional/channelshuffle.js';
export * from './functional/fold.js';
export * from './functional/vision.js';
export * from './functional/loss.js';
export * from './functional/distance.js';
export * from './functional/attention.js';
