// torchvision.datasets: `import { datasets } from 'torch-node/vision'`.
export { VisionDataset } from './vision.js';
export { MNIST, FashionMNIST, KMNIST, EMNIST, QMNIST } from './mnist.js';
export type { MNISTOptions, EMNISTOptions, EMNISTSplit, QMNISTOptions, QMNISTWhat } from './mnist.js';
export { CIFAR10, CIFAR100 } from './cifar.js';
export type { CIFAROptions } from './cifar.js';
export { SVHN } from './svhn.js';
export type { SVHNOptions, SVHNSplit } from './svhn.js';
export { FakeData } from './fakedata.js';
export type { FakeDataOptions, FakeDataArgs } from './fakedata.js';
export { DatasetFolder, ImageFolder, IMG_EXTENSIONS, hasFileAllowedExtension, isImageFile, findClasses, makeDataset, defaultLoader, defaultLoaderAsync } from './folder.js';
export type { DatasetFolderOptions, ImageFolderOptions } from './folder.js';
