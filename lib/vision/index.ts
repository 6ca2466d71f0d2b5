// torch-node/vision, the torchvision-like part: `import { datasets, transforms } from 'torch-node/vision'`.
export * as datasets from './datasets/index.js';
export * as transforms from './transforms.js';
