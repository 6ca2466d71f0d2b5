// torchvision.transforms (v1): `import { transforms } from 'torch-node/vision'`.
export type { Transform, NormalizeOptions } from './core.js';
export { ToTensor, Normalize, Compose, Lambda } from './core.js';
export * as functional from './functional/index.js';
