// torch.utils.data.DataLoader: batches of a dataset, in order or shuffled like PyTorch.
import type { Tensor } from '../../tensor.js';
import { Generator } from '../../generator.js';
import { argTypeError, isPlainObject, describeValue } from '../../validate.js';
import { snakeToCamel } from '../../names.js';
import { IterableDataset, checkDataset, type DatasetLike } from './dataset.js';
import { BatchSampler, RandomSampler, SequentialSampler, checkedLength, drawSeed, type Sized } from './sampler.js';
import { defaultCollate, type Collated } from './collate.js';

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
  /** Accepted for ports from PyTorch; loading always runs in the calling thread. */
  numWorkers?: number;
  /** Accepted for ports from PyTorch; has no effect. */
  pinMemory?: boolean;
}

const OPTION_KEYS = ['batchSize', 'shuffle', 'sampler', 'batchSampler', 'collateFn', 'dropLast', 'generator', 'numWorkers', 'pinMemory'];

/** An array of samples seen as a dataset. */
class ArrayDataset<T> implements DatasetLike<T> {
  constructor(private readonly items: readonly T[]) {}
  getItem(index: number): T { return this.items[index]!; }
  get length(): number { return this.items.length; }
}

/**
 * Iterates over a dataset in batches, as torch.utils.data.DataLoader (single process). With
 * `shuffle: true` the order is PyTorch's for the same seed: each pass draws the loader's base
 * seed and the RandomSampler's seed from the generator, then a `randperm`.
 *
 * Datasets that define `getBatch(indices)` (TensorDataset, Subset of one, the vision datasets
 * with ToTensor/Normalize transforms) are batched natively: one `indexSelect` per field and
 * batch instead of one object per sample.
 * @example
 * const loader = new torch.utils.data.DataLoader(trainset, { batchSize: 64, shuffle: true });
 * for (const [images, labels] of loader) { ... }
 * loader.length // number of batches
 */
export class DataLoader<T = unknown, B = DefaultBatch<T>> implements Iterable<B> {
  /** The dataset: map-style (getItem/length) or, for an IterableDataset, iterable-style. */
  readonly dataset: DatasetLike<T> | IterableDataset<T>;
  readonly batchSize: number | null;
  readonly dropLast: boolean;
  readonly generator: Generator | undefined;
  /** The sampler of indices (SequentialSampler or RandomSampler unless given); null for an IterableDataset. */
  readonly sampler: (Iterable<number> & Partial<Sized>) | null;
  /** The sampler of index batches; null when batchSize is null or for an IterableDataset. */
  readonly batchSampler: (Iterable<number[]> & Partial<Sized>) | null;
  readonly #collate: { collate(samples: T[]): B; isDefault: boolean };

  constructor(dataset: DatasetLike<T> | readonly T[] | IterableDataset<T>, options: DataLoaderOptions<T, B> = {}) {
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
    this.dataset = iterableStyle ? (dataset as IterableDataset<T>) : ds;
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
    if (typeof numWorkers !== 'number' || !Number.isInteger(numWorkers) || numWorkers < 0) {
      throw new RangeError(`DataLoader: option numWorkers should be a non-negative integer (got ${describeValue(numWorkers)})`);
    }
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
      this.#collate = { collate: options.collateFn, isDefault: false };
    } else if (autoCollation) {
      this.#collate = { collate: (samples: T[]) => defaultCollate(samples) as B, isDefault: true };
    } else {
      this.#collate = { collate: (sample: T[]) => sample as unknown as B, isDefault: true };
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

  /** One pass over the data. Draws the base seed now, as PyTorch's iterator does. */
  [Symbol.iterator](): Iterator<B> {
    // PyTorch's _BaseDataLoaderIter draws _base_seed from the loader's generator on creation;
    // drawing it keeps the random stream in step with Python's.
    drawSeed(this.generator);
    return this.batches();
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
