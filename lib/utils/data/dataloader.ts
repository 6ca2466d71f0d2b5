// torch.utils.data.DataLoader: batches of a dataset, in order or shuffled like PyTorch.
import type { Tensor } from '../../tensor.js';
import { Generator } from '../../generator.js';
import { argTypeError, isPlainObject, describeValue } from '../../validate.js';
import { snakeToCamel } from '../../names.js';
import { isAvailable as cudaIsAvailable } from '../../cuda.js';
import { IterableDataset, checkDataset, type DatasetLike } from './dataset.js';
import { BatchSampler, RandomSampler, SequentialSampler, checkedLength, drawSeed, type Sized } from './sampler.js';
import { defaultCollate, type Collated } from './collate.js';
import { workerState, type WorkerInfo } from './_worker_state.js';
import { encodeForWorker, registerWorkerExports } from './worker_transfer.js';
import { WorkerPool, WorkerEpoch, poolFinalizer } from './_worker_pool.js';

/** The batch type of a DataLoader over samples of type T with the default collate. */
export type DefaultBatch<T> = unknown extends T ? Tensor[] : Collated<T>;

export interface DataLoaderOptions<T, B> {
  /** Samples per batch (default 1); null yields samples one by one, uncollated. */
  batchSize?: number | null;
  /** Reshuffle the order every epoch (default false), as PyTorch's RandomSampler. */
  shuffle?: boolean;
  /** The order of indices (excludes shuffle). */
  sampler?: Iterable<number> & Partial<Sized>;
  /** Yields whole batches of indices (excludes batchSize, shuffle, sampler, dropLast). */
  batchSampler?: Iterable<number[]> & Partial<Sized>;
  /** Turns an array of samples into a batch (default: {@link defaultCollate}). */
  collateFn?: (samples: T[]) => B;
  /** Drop the last batch when it is smaller than batchSize (default false). */
  dropLast?: boolean;
  /** The generator for shuffling (default: the default generator). */
  generator?: Generator;
  /**
   * Worker threads that load batches in parallel (default 0: the calling thread loads them), as
   * Python's worker processes: each gets its own copy of the dataset (see
   * `registerWorkerExports` and `workerReduce` for what can cross), seeds its default generator
   * with the iterator's base seed + its id, runs `workerInitFn`, and loads whole batches
   * (getItemAsync preferred to getItem, then collation into shared memory).
   */
  numWorkers?: number;
  /**
   * Copy each batch's tensors into page-locked memory before returning them (default false), for
   * faster host-to-GPU copies. Without CUDA, Python's warning is emitted and nothing is pinned.
   */
  pinMemory?: boolean;
  /** How long to wait for a batch from the workers, in seconds (default 0: no limit). */
  timeout?: number;
  /**
   * Called in each worker with its id, after seeding and before loading (Python's
   * worker_init_fn). It crosses to the workers as other functions do: registered, or as its
   * source text (then it may use its arguments, globals and `torch`, not variables it closes over).
   */
  workerInitFn?: ((workerId: number) => void | Promise<void>) | null;
  /** Python's worker start method ('spawn', 'fork', 'forkserver'); accepted with numWorkers > 0 and unused (workers are threads). */
  multiprocessingContext?: 'spawn' | 'fork' | 'forkserver' | null;
  /** Batches each worker loads ahead (default 2 with workers; only with numWorkers > 0). */
  prefetchFactor?: number | null;
  /** Keep the workers between epochs (only with numWorkers > 0). */
  persistentWorkers?: boolean;
  /** Deprecated in Python (the current accelerator is used); accepted with its warning. */
  pinMemoryDevice?: string;
  /** Batches come in sampler order (default true); with `false` and workers, each as soon as it is ready. */
  inOrder?: boolean;
}

const OPTION_KEYS = ['batchSize', 'shuffle', 'sampler', 'batchSampler', 'numWorkers', 'collateFn', 'pinMemory', 'dropLast', 'timeout', 'workerInitFn',
  'multiprocessingContext', 'generator', 'prefetchFactor', 'persistentWorkers', 'pinMemoryDevice', 'inOrder'];

/**
 * Information about the current DataLoader worker, as torch.utils.data.get_worker_info: in a
 * worker thread `{ id, numWorkers, seed, dataset }` (the worker's own copy of the dataset); null
 * in any other thread.
 * @example
 * class Shard extends torch.utils.data.IterableDataset<number> {
 *   *[Symbol.iterator]() {
 *     const info = torch.utils.data.getWorkerInfo();
 *     const [id, n] = info === null ? [0, 1] : [info.id, info.numWorkers];
 *     for (let i = id; i < 100; i += n) yield i;
 *   }
 * }
 */
export function getWorkerInfo(): WorkerInfo | null {
  return workerState.info;
}

/** Python's pin_memory over a batch: tensors pinned, arrays and plain objects walked. */
function pinBatch(batch: unknown): unknown {
  if (batch !== null && typeof batch === 'object') {
    if (typeof (batch as Tensor).pinMemory === 'function' && typeof (batch as Tensor).isPinned === 'function') return (batch as Tensor).pinMemory();
    if (Array.isArray(batch)) return batch.map(pinBatch);
    if (isPlainObject(batch)) return Object.fromEntries(Object.entries(batch).map(([k, v]) => [k, pinBatch(v)]));
  }
  return batch;
}

/** An array of samples seen as a dataset. */
class ArrayDataset<T> implements DatasetLike<T> {
  constructor(private readonly items: readonly T[]) {}
  getItem(index: number): T { return this.items[index]!; }
  get length(): number { return this.items.length; }
}
registerWorkerExports(import.meta.url, { ArrayDataset });

/** Python's _InfiniteConstantSampler: an IterableDataset's workers are asked for batches without indices. */
function* forever(): Iterator<null> {
  for (;;) yield null;
}

/**
 * Iterates over a dataset in batches, as torch.utils.data.DataLoader (single process). With
 * `shuffle: true` the order is PyTorch's for the same seed: each pass draws the loader's base
 * seed and the RandomSampler's seed from the generator, then a `randperm`.
 *
 * Datasets that define `getBatch(indices)` (TensorDataset, Subset of one, the vision datasets
 * with ToTensor/Normalize transforms) are batched natively: one `indexSelect` per field and
 * batch instead of one object per sample.
 *
 * With `numWorkers > 0`, worker threads load the batches (Python's worker processes, with its
 * seeding, prefetching and ordering; see docs/porting.md, "DataLoader workers"). `for...of`
 * then blocks the calling thread (Atomics.wait) until the next batch is ready; `for await...of`
 * waits without blocking the event loop, and also uses a dataset's `getItemAsync` without workers.
 * @example
 * const loader = new torch.utils.data.DataLoader(trainset, { batchSize: 64, shuffle: true });
 * for (const [images, labels] of loader) { ... }
 * loader.length // number of batches
 */
export class DataLoader<T = unknown, B = DefaultBatch<T>, D extends DatasetLike<T> | IterableDataset<T> = DatasetLike<T>> implements Iterable<B> {
  /**
   * The dataset as given (an array is seen as a map-style dataset). Its type is the dataset's
   * own, so `loader.dataset.length` (Python's `len(loader.dataset)`) type-checks for map-style
   * datasets, also on a `DataLoader` parameter with no type arguments.
   */
  readonly dataset: D;
  readonly batchSize: number | null;
  readonly dropLast: boolean;
  readonly generator: Generator | undefined;
  /** The sampler of indices (SequentialSampler or RandomSampler unless given); null for an IterableDataset. */
  readonly sampler: (Iterable<number> & Partial<Sized>) | null;
  /** The sampler of index batches; null when batchSize is null or for an IterableDataset. */
  readonly batchSampler: (Iterable<number[]> & Partial<Sized>) | null;
  readonly numWorkers: number;
  readonly pinMemory: boolean;
  readonly timeout: number;
  readonly workerInitFn: ((workerId: number) => void) | null;
  readonly multiprocessingContext: 'spawn' | 'fork' | 'forkserver' | null;
  /** As Python: null without workers, 2 by default with them. */
  readonly prefetchFactor: number | null;
  readonly persistentWorkers: boolean;
  readonly pinMemoryDevice: string;
  readonly inOrder: boolean;
  readonly #collate: { collate(samples: T[]): B; isDefault: boolean; custom: ((samples: never) => unknown) | null };
  /** With persistentWorkers: the pool, and the number of epochs it served. */
  #pool: WorkerPool | null = null;
  #epochs = 0;
  #current: WorkerEpoch<B> | null = null;

  constructor(dataset: (D & (DatasetLike<T> | IterableDataset<T>)) | readonly T[], options: DataLoaderOptions<T, B> = {}) {
    if (!isPlainObject(options as unknown)) throw argTypeError('DataLoader', 'options', 'an object', options);
    for (const key of Object.keys(options)) {
      if (!OPTION_KEYS.includes(key)) {
        const camel = snakeToCamel(key);
        throw new TypeError(`DataLoader: unknown option '${key}'${OPTION_KEYS.includes(camel) ? ` (did you mean ${camel}?)` : ''}; options are ${OPTION_KEYS.join(', ')}`);
      }
    }
    const iterableStyle = dataset instanceof IterableDataset;
    const ds: DatasetLike<T> = Array.isArray(dataset) ? new ArrayDataset(dataset as readonly T[]) : (dataset as DatasetLike<T>);
    if (!iterableStyle) checkDataset(ds, 'DataLoader');
    this.dataset = (iterableStyle ? dataset : ds) as D;
    const shuffle = options.shuffle ?? false;
    if (iterableStyle) {
      if (options.shuffle !== undefined && options.shuffle !== false) throw new RangeError(`DataLoader with IterableDataset: expected unspecified shuffle option, but got shuffle=${String(options.shuffle)}`);
      if (options.sampler !== undefined) throw new RangeError('DataLoader with IterableDataset: expected unspecified sampler option');
      if (options.batchSampler !== undefined) throw new RangeError('DataLoader with IterableDataset: expected unspecified batchSampler option');
    }
    if (typeof shuffle !== 'boolean') throw argTypeError('DataLoader', 'option shuffle', 'a boolean', shuffle);
    const dropLast = options.dropLast ?? false;
    if (typeof dropLast !== 'boolean') throw argTypeError('DataLoader', 'option dropLast', 'a boolean', dropLast);
    let batchSize = options.batchSize === undefined ? 1 : options.batchSize;
    if (batchSize !== null && (typeof batchSize !== 'number' || !Number.isInteger(batchSize) || batchSize <= 0)) {
      throw new RangeError(`DataLoader: option batchSize should be a positive integer value or null, but got batchSize=${describeValue(batchSize)}`);
    }
    if (options.generator !== undefined && !(options.generator instanceof Generator)) {
      throw argTypeError('DataLoader', 'option generator', 'a torch.Generator', options.generator);
    }
    const numWorkers = options.numWorkers ?? 0;
    if (typeof numWorkers !== 'number' || !Number.isInteger(numWorkers)) throw argTypeError('DataLoader', 'option numWorkers', 'an integer', numWorkers);
    if (numWorkers < 0) throw new RangeError('DataLoader: numWorkers option should be non-negative; use numWorkers=0 to disable multiprocessing.');
    this.numWorkers = numWorkers;
    const timeout = options.timeout ?? 0;
    if (typeof timeout !== 'number' || Number.isNaN(timeout)) throw argTypeError('DataLoader', 'option timeout', 'a number', timeout);
    if (timeout < 0) throw new RangeError('DataLoader: timeout option should be non-negative');
    this.timeout = timeout;
    let prefetchFactor = options.prefetchFactor ?? null;
    if (prefetchFactor !== null && (typeof prefetchFactor !== 'number' || !Number.isInteger(prefetchFactor))) {
      throw argTypeError('DataLoader', 'option prefetchFactor', 'an integer or null', prefetchFactor);
    }
    if (numWorkers === 0 && prefetchFactor !== null) {
      throw new RangeError('DataLoader: prefetchFactor option could only be specified in multiprocessing.let numWorkers > 0 to enable multiprocessing, otherwise set prefetchFactor to null.');
    } else if (numWorkers > 0 && prefetchFactor === null) {
      prefetchFactor = 2;
    } else if (prefetchFactor !== null && prefetchFactor < 0) {
      throw new RangeError('DataLoader: prefetchFactor option should be non-negative');
    }
    this.prefetchFactor = prefetchFactor;
    const persistentWorkers = options.persistentWorkers ?? false;
    if (typeof persistentWorkers !== 'boolean') throw argTypeError('DataLoader', 'option persistentWorkers', 'a boolean', persistentWorkers);
    if (persistentWorkers && numWorkers === 0) throw new RangeError('DataLoader: persistentWorkers option needs numWorkers > 0');
    this.persistentWorkers = persistentWorkers;
    const context = options.multiprocessingContext ?? null;
    if (context !== null) {
      if (numWorkers === 0) throw new RangeError(`DataLoader: multiprocessingContext can only be used with multi-process loading (numWorkers > 0), but got numWorkers=0`);
      if (!['spawn', 'fork', 'forkserver'].includes(context as string)) {
        throw new RangeError(`DataLoader: multiprocessingContext option should specify a valid start method in ['fork', 'spawn', 'forkserver'], but got multiprocessingContext=${describeValue(context)}`);
      }
    }
    this.multiprocessingContext = context;
    const workerInitFn = options.workerInitFn ?? null;
    if (workerInitFn !== null && typeof workerInitFn !== 'function') throw argTypeError('DataLoader', 'option workerInitFn', 'a function or null', workerInitFn);
    this.workerInitFn = workerInitFn;
    const pinMemory = options.pinMemory ?? false;
    if (typeof pinMemory !== 'boolean') throw argTypeError('DataLoader', 'option pinMemory', 'a boolean', pinMemory);
    this.pinMemory = pinMemory;
    const pinMemoryDevice = options.pinMemoryDevice ?? '';
    if (typeof pinMemoryDevice !== 'string') throw argTypeError('DataLoader', 'option pinMemoryDevice', 'a string', pinMemoryDevice);
    this.pinMemoryDevice = pinMemoryDevice;
    const inOrder = options.inOrder ?? true;
    if (typeof inOrder !== 'boolean') throw argTypeError('DataLoader', 'option inOrder', 'a boolean', inOrder);
    this.inOrder = inOrder;
    if (options.collateFn !== undefined && typeof options.collateFn !== 'function') {
      throw argTypeError('DataLoader', 'option collateFn', 'a function', options.collateFn);
    }
    this.generator = options.generator;

    if (options.sampler !== undefined && shuffle) throw new RangeError('DataLoader: sampler option is mutually exclusive with shuffle');
    let batchSampler: (Iterable<number[]> & Partial<Sized>) | null = null;
    if (options.batchSampler !== undefined) {
      if (batchSize !== 1 || shuffle || options.sampler !== undefined || dropLast) {
        throw new RangeError('DataLoader: batchSampler option is mutually exclusive with batchSize, shuffle, sampler, and dropLast');
      }
      batchSize = null;
      batchSampler = options.batchSampler;
    } else if (batchSize === null && dropLast) {
      throw new RangeError('DataLoader: batchSize=null option disables auto-batching and is mutually exclusive with dropLast');
    }
    let sampler: (Iterable<number> & Partial<Sized>) | null = null;
    if (!iterableStyle) {
      sampler = options.sampler ?? (shuffle ? new RandomSampler(ds, { generator: this.generator }) : new SequentialSampler(ds));
      if (typeof (sampler as Iterable<number>)[Symbol.iterator] !== 'function') throw argTypeError('DataLoader', 'option sampler', 'iterable', sampler);
      if (batchSize !== null && batchSampler === null) batchSampler = new BatchSampler(sampler, batchSize, dropLast);
    }
    this.sampler = sampler;
    this.batchSampler = batchSampler;
    this.batchSize = batchSize;
    this.dropLast = dropLast;
    const autoCollation = batchSampler !== null || (iterableStyle && batchSize !== null);
    if (options.collateFn !== undefined) {
      this.#collate = { collate: options.collateFn, isDefault: false, custom: options.collateFn };
    } else if (autoCollation) {
      this.#collate = { collate: (samples: T[]) => defaultCollate(samples) as B, isDefault: true, custom: null };
    } else {
      this.#collate = { collate: (sample: T[]) => sample as unknown as B, isDefault: true, custom: null };
    }
  }

  /** The number of batches (samples when batchSize is null). @example loader.length */
  get length(): number {
    if (this.sampler === null) {
      if ((this.dataset as Partial<Sized>).length === undefined) throw new TypeError('DataLoader: this IterableDataset has no length');
      const n = checkedLength('DataLoader', "the dataset's", this.dataset);
      if (this.batchSize === null) return n;
      return this.dropLast ? Math.floor(n / this.batchSize) : Math.ceil(n / this.batchSize);
    }
    const s = this.batchSampler ?? this.sampler;
    if (s.length === undefined) throw new TypeError('DataLoader: the sampler has no length');
    return checkedLength('DataLoader', this.batchSampler !== null ? "the batch sampler's" : "the sampler's", s);
  }

  /** Whether batches are pinned, with Python's warnings when pinning was asked for. */
  private pinning(): boolean {
    if (this.pinMemory && this.pinMemoryDevice !== '') {
      process.emitWarning(`pin_memory_device is deprecated, the current accelerator will be used as the device,ignore pin_memory_device='${this.pinMemoryDevice}'.`);
    }
    if (this.pinMemory && !cudaIsAvailable()) {
      process.emitWarning("'pin_memory' argument is set as true but no accelerator is found, then device pinned memory won't be used.");
      return false;
    }
    return this.pinMemory;
  }

  /**
   * One pass over the data. Draws the base seed now, as PyTorch's iterator does. With workers,
   * `next()` blocks the calling thread until the next batch is ready (use `for await` to keep
   * the event loop running); `return()` (a `break`) stops the workers unless they persist.
   */
  [Symbol.iterator](): Iterator<B> {
    if (this.numWorkers > 0) {
      const epoch = this.startEpoch();
      const it: IterableIterator<B> = {
        next: () => epoch.nextSync(),
        return: (value?: unknown) => { epoch.finish(); return { done: true, value: value as B }; },
        [Symbol.iterator]() { return it; },
      };
      if (!this.persistentWorkers) poolFinalizer.register(it, epoch.pool);
      return it;
    }
    // PyTorch's _BaseDataLoaderIter draws _base_seed from the loader's generator on creation;
    // drawing it keeps the random stream in step with Python's.
    drawSeed(this.generator);
    return this.pinning() ? this.pinned() : this.batches();
  }

  /**
   * One pass over the data that never blocks the event loop: with workers, waits for their
   * batches asynchronously; without, loads in this thread, awaiting `getItemAsync(index)` for
   * datasets that have it (and `[Symbol.asyncIterator]` of iterable ones).
   * @example for await (const [images, labels] of loader) { ... }
   */
  [Symbol.asyncIterator](): AsyncIterator<B> {
    if (this.numWorkers > 0) {
      const epoch = this.startEpoch();
      const it: AsyncIterableIterator<B> = {
        next: () => epoch.next(),
        return: async (value?: unknown) => { epoch.finish(); return { done: true, value: value as B }; },
        [Symbol.asyncIterator]() { return it; },
      };
      if (!this.persistentWorkers) poolFinalizer.register(it, epoch.pool);
      return it;
    }
    drawSeed(this.generator);
    const pin = this.pinning();
    const inner = this.asyncBatches();
    return (async function* () {
      for await (const b of inner) yield (pin ? pinBatch(b) : b) as B;
    })();
  }

  /**
   * A new epoch over worker threads: a new pool (drawing the base seed from the generator, as
   * Python's iterator does) unless persistent workers already run; then the first
   * prefetchFactor * numWorkers tasks go out.
   */
  private startEpoch(): WorkerEpoch<B> {
    if (workerState.info !== null) {
      throw new Error('DataLoader: a DataLoader worker cannot start workers of its own (numWorkers > 0 in a worker thread). If a module that runs your program at its top level was imported by the workers to rebuild the dataset, move the dataset into a module of its own or guard the program with `isMainThread`.');
    }
    const pin = this.pinning();
    const iterable = this.sampler === null;
    this.#current?.finish();
    let pool = this.persistentWorkers ? this.#pool : null;
    if (pool === null || pool.shutDown) {
      const baseSeed = drawSeed(this.generator);
      const dataset = this.dataset;
      pool = new WorkerPool({
        numWorkers: this.numWorkers,
        baseSeed,
        iterable,
        autoCollation: this.batchSampler !== null || (iterable && this.batchSize !== null),
        batchSize: this.batchSize,
        dropLast: this.dropLast,
        dataset: encodeForWorker(dataset, 'the dataset'),
        collateFn: this.#collate.custom === null ? null : encodeForWorker(this.#collate.custom, 'collateFn'),
        workerInitFn: this.workerInitFn === null ? null : encodeForWorker(this.workerInitFn, 'workerInitFn'),
      });
      this.#epochs = 0;
      if (this.persistentWorkers) {
        this.#pool = pool;
        poolFinalizer.register(this, pool);
      }
    }
    const indices: Iterator<number[] | number | null> = iterable
      ? forever()
      : (this.batchSampler ?? this.sampler!)[Symbol.iterator]() as Iterator<number[] | number>;
    const epoch = new WorkerEpoch<B>(pool, this.#epochs++, indices, {
      numWorkers: this.numWorkers,
      prefetchFactor: this.prefetchFactor!,
      inOrder: this.inOrder,
      timeout: this.timeout,
      persistent: this.persistentWorkers,
      iterable,
    }, pin ? (b) => pinBatch(b) as B : (b) => b as B);
    if (this.persistentWorkers) this.#current = epoch;
    return epoch;
  }

  private async *asyncBatches(): AsyncIterableIterator<B> {
    const { collate, isDefault } = this.#collate;
    const source = this.dataset as unknown as Partial<AsyncIterable<T>> & { getItemAsync?: (i: number) => Promise<T> };
    if (this.sampler === null) {
      if (typeof source[Symbol.asyncIterator] !== 'function') {
        yield* this.batches();
        return;
      }
      const bs = this.batchSize;
      let pending: T[] = [];
      for await (const item of source as AsyncIterable<T>) {
        if (bs === null) {
          yield isDefault ? (item as unknown as B) : (collate as unknown as (s: T) => B)(item);
          continue;
        }
        pending.push(item);
        if (pending.length === bs) {
          yield collate(pending);
          pending = [];
        }
      }
      if (pending.length > 0 && !this.dropLast) yield collate(pending);
      return;
    }
    if (typeof source.getItemAsync !== 'function') {
      yield* this.batches();
      return;
    }
    const ds = this.dataset as DatasetLike<T>;
    // One item after another, as the synchronous path: random transforms draw in index order.
    const item = (i: number): Promise<T> => source.getItemAsync!(i);
    if (this.batchSampler === null) {
      for (const i of this.sampler) {
        const x = await item(i);
        yield isDefault ? (x as unknown as B) : (collate as unknown as (s: T) => B)(x);
      }
      return;
    }
    const fast = isDefault && typeof ds.getBatch === 'function';
    for (const indices of this.batchSampler) {
      if (fast) {
        const batch = ds.getBatch!(indices);
        if (batch !== undefined) {
          yield batch as B;
          continue;
        }
      }
      const samples: T[] = [];
      for (const i of indices) samples.push(await item(i));
      yield collate(samples);
    }
  }

  private *pinned(): IterableIterator<B> {
    for (const batch of this.batches()) yield pinBatch(batch) as B;
  }

  private *batches(): IterableIterator<B> {
    const { collate, isDefault } = this.#collate;
    if (this.sampler === null) {
      // An IterableDataset: batches in iteration order.
      const bs = this.batchSize;
      let pending: T[] = [];
      for (const item of this.dataset as IterableDataset<T>) {
        if (bs === null) {
          yield isDefault ? (item as unknown as B) : (collate as unknown as (s: T) => B)(item);
          continue;
        }
        pending.push(item);
        if (pending.length === bs) {
          yield collate(pending);
          pending = [];
        }
      }
      if (pending.length > 0 && !this.dropLast) yield collate(pending);
      return;
    }
    const ds = this.dataset as DatasetLike<T>;
    if (this.batchSampler === null) {
      // No auto-collation: one sample at a time; a custom collateFn gets the sample itself.
      for (const i of this.sampler) {
        const item = ds.getItem(i);
        yield isDefault ? (item as unknown as B) : (collate as unknown as (s: T) => B)(item);
      }
      return;
    }
    const fast = isDefault && typeof ds.getBatch === 'function';
    for (const indices of this.batchSampler) {
      if (fast) {
        const batch = ds.getBatch!(indices);
        if (batch !== undefined) {
          yield batch as B;
          continue;
        }
      }
      const samples = typeof ds.getItems === 'function' ? ds.getItems(indices) : indices.map((i) => ds.getItem(i));
      yield collate(samples);
    }
  }
}
