// torch.nn.parallel: DataParallel and data_parallel (this build has no accelerator: see data_parallel.ts),
// DistributedDataParallel (distributed.ts).
export { DataParallel, dataParallel } from './data_parallel.js';
export type { DataParallelKeywords } from './data_parallel.js';
export { DistributedDataParallel } from './distributed.js';
export type { DistributedDataParallelOptions } from './distributed.js';
