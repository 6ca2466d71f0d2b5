// torch.utils.data samplers: the order in which a DataLoader visits a dataset. RandomSampler draws
// exactly the random numbers PyTorch's does, so the same seed gives the same order.
import { empty, randperm, randint, multinomial } from '../../generated/functions.js';
import { tensor } from '../../creation.js';
import type { Tensor } from '../../tensor.js';
import { Generator } from '../../generator.js';
import { argTypeError, describeValue } from '../../validate.js';
import { escapeScopes } from '../../scope.js';

/** Anything with a length: a dataset, an array. */
export interface Sized {
  readonly length: number;
}

/**
 * `sized.length` as a count, or an error naming whose length it is (`what`: "the dataset's").
 * Python's len() refuses a negative `__len__` (ValueError) and a non-int one (TypeError); here
 * a loop up to -1 or NaN would silently run zero times, so both are errors: a TypeError unless
 * an integer, a RangeError when negative (or past 2^53 - 1, where counting breaks).
 * @internal
 */
export function checkedLength(where: string, what: string, sized: unknown): number {
  const n = (sized as Partial<Sized>).length;
  if (typeof n !== 'number' || !Number.isInteger(n)) throw argTypeError(where, `${what} length`, 'a non-negative integer', n);
  if (n < 0 || !Number.isSafeInteger(n)) throw new RangeError(`${where}: ${what} length must be a non-negative integer (got ${n})`);
  return n;
}

/**
 * Base class of samplers: an iterable of indices (or of index batches) with a length.
 * @example class EvenSampler extends torch.utils.data.Sampler<number> { ... }
 */
export abstract class Sampler<T = number> implements Iterable<T> {
  abstract [Symbol.iterator](): Iterator<T>;
  abstract get length(): number;
}

/** The values of an int64 tensor of indices as numbers (the tensor is disposed). */
function int64Values(t: Tensor): number[] {
  const small = t.to('int32');
  const v = small.dataSync() as Int32Array;
  small.dispose();
  t.dispose();
  return Array.from(v);
}

/** @internal a sampler that can hand over a whole pass of indices at once. */
interface EpochIndices {
  _epochIndices(): number[] | undefined;
}

/** A fresh generator seeded from `generator` (or the default one), as PyTorch's samplers do. */
export function drawSeed(generator?: Generator): bigint {
  const t = empty([], { dtype: 'int64' }).random_(generator === undefined ? {} : { generator });
  const seed = t.itemBigInt();
  t.dispose();
  return seed;
}

/**
 * Indices 0, 1, ..., n-1 in order.
 * @example [...new torch.utils.data.SequentialSampler([10, 20, 30])] // [0, 1, 2]
 */
export class SequentialSampler extends Sampler<number> {
  constructor(readonly dataSource: Sized) {
    super();
  }

  *[Symbol.iterator](): Iterator<number> {
    const n = this.length;
    for (let i = 0; i < n; i++) yield i;
  }

  /** @internal */
  _epochIndices(): number[] {
    return Array.from({ length: this.length }, (_, i) => i);
  }

  get length(): number {
    return checkedLength('SequentialSampler', "the data source's", this.dataSource);
  }
}

export interface RandomSamplerOptions {
  /** Draw with replacement (default false). */
  replacement?: boolean;
  /** How many indices to draw (default: the dataset's length). */
  numSamples?: number;
  /** The generator to draw from (default: a fresh one seeded from the default generator each epoch). */
  generator?: Generator;
}

/**
 * Indices in random order, as torch.utils.data.RandomSampler: without a generator, each pass
 * draws a seed from the default generator (`torch.empty((), dtype=torch.int64).random_()`) and
 * runs `randperm` on a generator seeded with it; with replacement, `randint` in chunks of 32.
 * @example const sampler = new torch.utils.data.RandomSampler(ds, { generator: g });
 */
export class RandomSampler extends Sampler<number> {
  readonly dataSource: Sized;
  readonly replacement: boolean;
  readonly generator: Generator | undefined;
  private readonly _numSamples: number | undefined;

  constructor(dataSource: Sized, options: RandomSamplerOptions = {}) {
    super();
    this.dataSource = dataSource;
    this.replacement = options.replacement ?? false;
    this._numSamples = options.numSamples;
    this.generator = options.generator;
    if (typeof this.replacement !== 'boolean') throw new TypeError(`replacement should be a boolean value, but got replacement=${describeValue(this.replacement)}`);
    if (this.generator !== undefined && !(this.generator instanceof Generator)) throw argTypeError('RandomSampler', 'generator', 'a torch.Generator', this.generator);
    const ns = this.numSamples;
    if (!Number.isInteger(ns) || ns <= 0) throw new RangeError(`numSamples should be a positive integer value, but got numSamples=${ns}`);
  }

  get numSamples(): number {
    return this._numSamples ?? checkedLength('RandomSampler', "the data source's", this.dataSource);
  }

  get length(): number {
    return this.numSamples;
  }

  /**
   * @internal One whole pass, drawing the same random numbers as iterating (the common case:
   * no replacement, numSamples = n, where PyTorch draws one randperm); undefined otherwise.
   */
  _epochIndices(): number[] | undefined {
    const n = checkedLength('RandomSampler', "the data source's", this.dataSource);
    if (this.replacement || this.numSamples !== n) return undefined;
    const generator = this.generator ?? new Generator().manualSeed(drawSeed());
    return int64Values(randperm(n, { generator }));
  }

  *[Symbol.iterator](): Iterator<number> {
    const n = checkedLength('RandomSampler', "the data source's", this.dataSource);
    const generator = this.generator ?? new Generator().manualSeed(drawSeed());
    const numSamples = this.numSamples;
    if (this.replacement) {
      for (let k = 0; k < Math.floor(numSamples / 32); k++) {
        yield* int64Values(randint(n, [32], { dtype: 'int64', generator }));
      }
      yield* int64Values(randint(n, [numSamples % 32], { dtype: 'int64', generator }));
    } else {
      for (let k = 0; k < Math.floor(numSamples / n); k++) {
        yield* int64Values(randperm(n, { generator }));
      }
      yield* int64Values(randperm(n, { generator })).slice(0, numSamples % n);
    }
  }
}

/**
 * The given indices in random order (a fresh permutation per pass).
 * @example const sampler = new torch.utils.data.SubsetRandomSampler([0, 2, 4, 6]);
 */
export class SubsetRandomSampler extends Sampler<number> {
  readonly indices: number[];
  readonly generator: Generator | undefined;

  constructor(indices: Iterable<number>, options: { generator?: Generator } = {}) {
    super();
    this.indices = [...indices];
    this.generator = options.generator;
  }

  *[Symbol.iterator](): Iterator<number> {
    const perm = int64Values(randperm(this.indices.length, { generator: this.generator ?? null }));
    for (const i of perm) yield this.indices[i]!;
  }

  get length(): number {
    return this.indices.length;
  }
}

/**
 * Groups another sampler's indices into batches of `batchSize` (the last one smaller unless
 * `dropLast`).
 * @example [...new torch.utils.data.BatchSampler(new SequentialSampler(ds), 3, false)]
 */
export class BatchSampler extends Sampler<number[]> {
  readonly sampler: Iterable<number> & Partial<Sized>;
  readonly batchSize: number;
  readonly dropLast: boolean;

  constructor(sampler: Iterable<number> & Partial<Sized>, batchSize: number, dropLast: boolean) {
    super();
    if (typeof batchSize !== 'number' || !Number.isInteger(batchSize) || batchSize <= 0) {
      throw new RangeError(`batchSize should be a positive integer value, but got batchSize=${describeValue(batchSize)}`);
    }
    if (typeof dropLast !== 'boolean') throw new TypeError(`dropLast should be a boolean value, but got dropLast=${describeValue(dropLast)}`);
    this.sampler = sampler;
    this.batchSize = batchSize;
    this.dropLast = dropLast;
  }

  *[Symbol.iterator](): Iterator<number[]> {
    const whole = typeof (this.sampler as Partial<EpochIndices>)._epochIndices === 'function'
      ? (this.sampler as unknown as EpochIndices)._epochIndices()
      : undefined;
    if (whole !== undefined) {
      const bs = this.batchSize;
      const end = this.dropLast ? whole.length - (whole.length % bs) : whole.length;
      for (let i = 0; i < end; i += bs) yield whole.slice(i, Math.min(i + bs, end));
      return;
    }
    let batch: number[] = [];
    for (const idx of this.sampler) {
      batch.push(idx);
      if (batch.length === this.batchSize) {
        yield batch;
        batch = [];
      }
    }
    if (batch.length > 0 && !this.dropLast) yield batch;
  }

  get length(): number {
    if (this.sampler.length === undefined) throw new TypeError('BatchSampler: the sampler has no length');
    const n = checkedLength('BatchSampler', "the sampler's", this.sampler);
    return this.dropLast ? Math.floor(n / this.batchSize) : Math.ceil(n / this.batchSize);
  }
}

export interface WeightedRandomSamplerOptions {
  /** Draw with replacement (default true). */
  replacement?: boolean;
  /** The generator to draw from (default: the default generator). */
  generator?: Generator;
}

/**
 * Indices 0..weights.length-1 drawn with the given (unnormalized) weights, as
 * torch.utils.data.WeightedRandomSampler (`torch.multinomial` over float64 weights).
 * @example const sampler = new torch.utils.data.WeightedRandomSampler([0.1, 0.9], 100);
 */
export class WeightedRandomSampler extends Sampler<number> {
  readonly weights: Tensor;
  readonly numSamples: number;
  readonly replacement: boolean;
  readonly generator: Generator | undefined;

  constructor(weights: readonly number[] | Tensor, numSamples: number, options: WeightedRandomSamplerOptions = {}) {
    super();
    if (typeof numSamples !== 'number' || !Number.isInteger(numSamples) || numSamples <= 0) {
      throw new RangeError(`numSamples should be a positive integer value, but got numSamples=${describeValue(numSamples)}`);
    }
    const replacement = options.replacement ?? true;
    if (typeof replacement !== 'boolean') throw new TypeError(`replacement should be a boolean value, but got replacement=${describeValue(replacement)}`);
    const w = Array.isArray(weights) ? tensor(weights as number[], { dtype: 'float64' }) : (weights as Tensor).to('float64');
    if (w.dim() !== 1) throw new RangeError(`weights should be a 1d sequence but given weights have shape [${w.shape.join(', ')}]`);
    this.weights = w === weights ? w : escapeScopes(w);
    this.numSamples = numSamples;
    this.replacement = replacement;
    this.generator = options.generator;
  }

  *[Symbol.iterator](): Iterator<number> {
    yield* int64Values(multinomial(this.weights, this.numSamples, this.replacement, { generator: this.generator ?? null }));
  }

  get length(): number {
    return this.numSamples;
  }
}
