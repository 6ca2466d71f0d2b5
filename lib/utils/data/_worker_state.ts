// The state of a DataLoader worker thread, read by getWorkerInfo() and by default collation (which
// stacks into shared memory in a worker, so that batches cross to the main thread without a copy).

/**
 * What `getWorkerInfo()` returns in a DataLoader worker (torch.utils.data.get_worker_info):
 * the worker's id, the number of workers, its seed, and its own copy of the dataset.
 */
export interface WorkerInfo {
  /** This worker's id, 0 to numWorkers - 1. */
  readonly id: number;
  /** The loader's number of workers. */
  readonly numWorkers: number;
  /** The seed this worker's default generator was seeded with: the iterator's base seed + id. */
  readonly seed: bigint;
  /** This worker's copy of the dataset (not the main thread's object). */
  readonly dataset: unknown;
}

/** @internal set by the worker thread's main module; null in any other thread. */
export const workerState: { info: WorkerInfo | null } = { info: null };

/** @internal Seeders of other generators (the vision package's Python-`random`), run in each worker after torch's. */
export const workerSeedHooks: ((seed: bigint) => void)[] = [];

/**
 * @internal Runs `hook(seed)` in each DataLoader worker after seeding torch's default generator
 * with the worker's seed, as Python's workers also seed Python's `random` (the modules whose
 * objects crossed to the worker are loaded by then).
 */
export function onWorkerSeed(hook: (seed: bigint) => void): void {
  workerSeedHooks.push(hook);
}
