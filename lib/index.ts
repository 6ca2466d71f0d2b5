// torch-node: `import * as torch from 'torch-node'` or `import { nn, optim, autograd, Tensor } from 'torch-node'`.
export * from './torch.js';
export * as autograd from './autograd/index.js';
export * as optim from './optim/index.js';
export * as cuda from './cuda.js';
export * as nn from './nn/index.js';
export * as distributions from './distributions/index.js';
export * as func from './func/index.js';
export * as utils from './utils/index.js';
export * as profiler from './profiler/index.js';
export * as jit from './jit/index.js';
export { save, saveAsync, load, loadAsync } from './serialization/index.js';
export type { SaveTarget, SaveOptions, LoadOptions, LoadSource, MapLocation } from './serialization/index.js';
export * as serialization from './serialization/index.js';
