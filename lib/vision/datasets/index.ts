// torchvision.datasets: `import { datasets } from 'torch-node/vision'`.
export { MNIST, FashionMNIST } from './mnist.js';
export type { MNISTOptions } from './mnist.js';
