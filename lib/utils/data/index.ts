// torch.utils.data: datasets, samplers and the DataLoader.
export { Dataset, IterableDataset, TensorDataset, Subset, ConcatDataset, randomSplit } from './dataset.js';
export type { DatasetLike } from './dataset.js';
export { Sampler, SequentialSampler, RandomSampler, SubsetRandomSampler, WeightedRandomSampler, BatchSampler } from './sampler.js';
export type { Sized, RandomSamplerOptions, WeightedRandomSamplerOptions } from './sampler.js';
export { DistributedSampler } from './distributed.js';
export type { DistributedSamplerOptions } from './distributed.js';
export { DataLoader, getWorkerInfo } from './dataloader.js';
export type { DataLoaderOptions, DefaultBatch } from './dataloader.js';
export type { WorkerInfo } from './_worker_state.js';
export { workerReduce, reducible, registerWorkerExports, madeBy } from './worker_transfer.js';
export type { WorkerReduction, WorkerReducible } from './worker_transfer.js';
export { defaultCollate } from './collate.js';
export type { Collated } from './collate.js';
