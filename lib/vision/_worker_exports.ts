// The vision package's classes and factories, registered for DataLoader worker threads: a dataset
// (ImageFolder, CIFAR10, MNIST, ...) crosses to a worker as its properties, its transforms as the
// factory calls that made them (transforms.Compose([...]) is called again there with the same
// arguments), its loader functions by name, and Images as their data and mode. A worker also
// seeds transforms.random (Python's `random`, drawn by RandomChoice/RandomOrder) with its seed, as
// Python's workers seed `random`.
import { registerWorkerExports } from '../utils/data/worker_transfer.js';
import { onWorkerSeed } from '../utils/data/_worker_state.js';
import * as datasets from './datasets/index.js';
import * as transforms from './transforms/index.js';
import { Image } from './image.js';

/** The classes and factories of a namespace: its capitalised function exports, and the loaders. */
function exportsOf(ns: Record<string, unknown>, names: (name: string) => boolean): Record<string, () => unknown> {
  return Object.fromEntries(Object.entries(ns).filter(([k, v]) => typeof v === 'function' && names(k))) as Record<string, () => unknown>;
}

registerWorkerExports(import.meta.url, {
  ...exportsOf(datasets, (k) => /^[A-Z]/.test(k) || k === 'defaultLoader' || k === 'defaultLoaderAsync'),
  ...exportsOf(transforms, (k) => /^[A-Z]/.test(k) && k !== 'PythonRandom'),
  Image,
});

onWorkerSeed((seed) => transforms.random.seed(seed));

