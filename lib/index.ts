// torch-node: `import * as torch from 'torch-node'` or `import { nn, optim, autograd, Tensor } from 'torch-node'`.
export * from './torch.js';
export * as autograd from './autograd/index.js';
export * as optim from './optim/index.js';
export * as cuda from './cuda.js';
export * as nn from './nn/index.js';
export * as utils from './utils/index.js';
