// torch-node/vision, the torchvision-like part: `import { datasets, transforms } from 'torch-node/vision'`.
// A package entry of its own: it assembles Tensor.prototype as lib/torch.ts does, so the tensors
// it returns have their methods even when it is the only entry imported.
import '../tensor_prototype.js';
// Datasets, transforms and Image registered for DataLoader worker threads.
import './_worker_exports.js';
export * as datasets from './datasets/index.js';
export * as transforms from './transforms/index.js';
export * as ops from './ops/index.js';
export * as models from './models/index.js';
export * as io from './io/index.js';
export * as utils from './utils.js';
export { Image } from './image.js';
export type { ImageMode, ImageSaveOptions } from './image.js';
