// torch.utils.data.DataLoader: batches of a dataset, in order or shuffled like PyTorch.
import type { Tensor } from '../../tensor.js';
import { Generator } from '../../generator.js';
import { isPlainObject } from '../../tensor.js';
import { describeValue } from '../../dtype.js';
import { checkDataset, type DatasetLike } from './dataset.js';
import { BatchSampler, RandomSampler, SequentialSampler, drawSeed, type Sized } from './sampler.js';
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
  readonly dataset: DatasetLike<T>;
  readonly batchSize: number | null;
  readonly dropLast: boolean;
  readonly generator: Generator | undefined;
  /** The sampler of indices (SequentialSampler or RandomSampler unless given). */
  readonly sampler: Iterable<number> & Partial<Sized>;
  /** The sampler of index batches; null when batchSize is null. */
  readonly batchSampler: (Iterable<number[]> & Partial<Sized>) | null;
  readonly #collate: { collate(samples: T[]): B; isDefault: boolean };

  constructor(dataset: DatasetLike<T> | readonly T[], options: DataLoaderOptions<T, B> = {}) {
    if (!isPlainObject(options as unknown)) throw new TypeError(`DataLoader: options must be an object (got ${describeValue(options)})`);
    for (const key of Object.keys(options)) {
      if (!OPTION_KEYS.includes(key)) {
        const camel = key.replace(/_([a-z])/g, (_m, c: string) => c.toUpperCase());
        throw new TypeError(`DataLoader: unknown option '${key}'${OPTION_KEYS.includes(camel) ? ` (did you mean ${camel}?)` : ''}; options are ${OPTION_KEYS.join(', ')}`);
      }
    }
    const ds: DatasetLike<T> = Array.isArray(dataset) ? new ArrayDataset(dataset as readonly T[]) : (dataset as DatasetLike<T>);
    checkDataset(ds, 'DataLoader');
    this.dataset = ds;
    const shuffle = options.shuffle ?? false;
    if (typeof shuffle !== 'boolean') throw new TypeError(`DataLoader: option shuffle must be a boolean (got ${describeValue(shuffle)})`);
    const dropLast = options.dropLast ?? false;
    if (typeof dropLast !== 'boolean') throw new TypeError(`DataLoader: option dropLast must be a boolean (got ${describeValue(dropLast)})`);
    let batchSize = options.batchSize === undefined ? 1 : options.batchSize;
    if (batchSize !== null && (typeof batchSize !== 'number' || !Number.isInteger(batchSize) || batchSize <= 0)) {
      throw new RangeError(`DataLoader: option batchSize should be a positive integer value or null, but got batchSize=${describeValue(batchSize)}`);
    }
    if (options.generator !== undefined && !(options.generator instanceof Generator)) {
      throw new TypeError(`DataLoader: option generator must be a torch.Generator (got ${describeValue(options.generator)})`);
    }
    const numWorkers = options.numWorkers ?? 0;
    if (typeof numWorkers !== 'number' || !Number.isInteger(numWorkers) || numWorkers < 0) {
      throw new RangeError(`DataLoader: option numWorkers should be a non-negative integer (got ${describeValue(numWorkers)})`);
    }
    if (options.collateFn !== undefined && typeof options.collateFn !== 'function') {
      throw new TypeError(`DataLoader: option collateFn must be a function (got ${describeValue(options.collateFn)})`);
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
    const sampler = options.sampler ?? (shuffle ? new RandomSampler(ds, { generator: this.generator }) : new SequentialSampler(ds));
    if (typeof (sampler as Iterable<number>)[Symbol.iterator] !== 'function') throw new TypeError(`DataLoader: option sampler must be iterable (got ${describeValue(sampler)})`);
    if (batchSize !== null && batchSampler === null) batchSampler = new BatchSampler(sampler, batchSize, dropLast);
    this.sampler = sampler;
    this.batchSampler = batchSampler;
    this.batchSize = batchSize;
    this.dropLast = dropLast;
    const autoCollation = batchSampler !== null;
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
    const s = this.batchSampler ?? this.sampler;
    const n = s.length;
    if (typeof n !== 'number') throw new TypeError('DataLoader: the sampler has no length');
    return n;
  }

  /** One pass over the data. Draws the base seed now, as PyTorch's iterator does. */
  [Symbol.iterator](): Iterator<B> {
    // PyTorch's _BaseDataLoaderIter draws _base_seed from the loader's generator on creation;
    // drawing it keeps the random stream in step with Python's.
    drawSeed(this.generator);
    return this.batches();
  }

  private *batches(): IterableIterator<B> {
    const ds = this.dataset;
    const { collate, isDefault } = this.#collate;
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
