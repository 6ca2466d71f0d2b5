// torch.utils.data datasets: Dataset, TensorDataset, Subset, ConcatDataset, randomSplit.
import { randperm } from '../../generated/functions.js';
import { fromTypedArray } from '../../creation.js';
import { Tensor } from '../../tensor.js';
import { Generator, defaultGenerator } from '../../generator.js';
import { argTypeError, describeValue } from '../../validate.js';
import { checkedLength } from './sampler.js';
import { registerWorkerExports } from './worker_transfer.js';

/**
 * What a DataLoader accepts as a dataset: an object with `getItem(index)` and `length` (a
 * {@link Dataset} subclass, or any object of that shape), or a plain array of samples.
 *
 * `getBatch(indices)` is optional: a dataset that can produce a whole collated batch at once
 * (e.g. with one `indexSelect` per field) defines it, returning exactly what the default collate
 * would make of `indices.map(getItem)`, or undefined to fall back to per-item loading. The
 * DataLoader calls it only when it uses the default collate function.
 */
export interface DatasetLike<T> {
  /** The sample at `index` (0 <= index < length). */
  getItem(index: number): T;
  /** The number of samples. */
  readonly length: number;
  /** Optional: a whole collated batch at once (see above). */
  getBatch?(indices: readonly number[]): unknown;
  /** Optional: several samples at once (PyTorch's `__getitems__`). */
  getItems?(indices: readonly number[]): T[];
}

/**
 * A map-style dataset (torch.utils.data.Dataset). Subclasses implement `getItem(index)` (Python's
 * `__getitem__`) and `length` (Python's `__len__`, as a getter or a readonly field). `at(index)`
 * also takes negative indices, and datasets are iterable.
 * @example
 * class Squares extends torch.utils.data.Dataset<[Tensor, number]> {
 *   get length() { return 100; }
 *   getItem(i: number): [Tensor, number] { return [torch.tensor([i]), i * i]; }
 * }
 * const loader = new torch.utils.data.DataLoader(new Squares(), { batchSize: 10 });
 */
export abstract class Dataset<T> implements DatasetLike<T>, Iterable<T> {
  /** Python's `dataset[i]`: the sample `at(i)` (negative counts from the end; out of range throws). */
  readonly [index: number]: T;
  abstract getItem(index: number): T;
  abstract get length(): number;

  /** The sample at `index`, counting from the end when negative. @example ds.at(-1) */
  at(index: number): T {
    const n = this.length;
    if (!Number.isInteger(index)) throw argTypeError('at(index)', 'index', 'an integer', index);
    const i = index < 0 ? index + n : index;
    if (i < 0 || i >= n) throw new RangeError(`index ${index} is out of range for a dataset of length ${n}`);
    return this.getItem(i);
  }

  /** Iterates over the samples in order. @example for (const [x, y] of ds) ... */
  *[Symbol.iterator](): Iterator<T> {
    const n = checkedLength(this.constructor.name, "the dataset's", this);
    for (let i = 0; i < n; i++) yield this.getItem(i);
  }
}

/**
 * An iterable-style dataset (torch.utils.data.IterableDataset): a stream of samples rather than
 * indexed access. A DataLoader batches it in iteration order (no shuffle or sampler); its
 * `length` is known only if the dataset defines one.
 * @example
 * class Counter extends torch.utils.data.IterableDataset<number> {
 *   *[Symbol.iterator]() { for (let i = 0; i < 10; i++) yield i; }
 * }
 * for (const batch of new torch.utils.data.DataLoader(new Counter(), { batchSize: 4 })) ...
 */
export abstract class IterableDataset<T> implements Iterable<T> {
  abstract [Symbol.iterator](): Iterator<T>;
}

/**
 * `dataset[i]` as Python's `dataset[i]`. A Proxy is the prototype of the class's prototype, so it
 * sees only property reads that found nothing on the instance and its classes (an integer key
 * never does): instances stay plain objects (private fields work, no trap on ordinary access).
 */
function indexThrough(cls: { prototype: object }, read: (self: object, index: number) => unknown): void {
  const base = Object.getPrototypeOf(cls.prototype) as object;
  Object.setPrototypeOf(cls.prototype, new Proxy(base, {
    get(target, key, receiver: object) {
      if (typeof key === 'string' && key !== '' && String(Number(key)) === key && Number.isInteger(Number(key))) {
        return read(receiver, Number(key));
      }
      return Reflect.get(target, key, receiver);
    },
  }));
}
indexThrough(Dataset, (self, i) => (self as Dataset<unknown>).at(i));
indexThrough(IterableDataset, (self) => {
  throw new TypeError(`${self.constructor.name} is an IterableDataset: its samples are read by iterating over it, not by index`);
});

/** Throws a RangeError unless 0 <= i < n (negative i counts from the end); returns the index. */
export function checkIndex(index: number, n: number): number {
  if (!Number.isInteger(index)) throw argTypeError('', 'index', 'an integer', index);
  const i = index < 0 ? index + n : index;
  if (i < 0 || i >= n) throw new RangeError(`index ${index} is out of range for a dataset of length ${n}`);
  return i;
}

/** An int64 index tensor over batch indices (negative ones wrapped), bounds-checked against n. */
export function indexTensor(indices: readonly number[], n: number): Tensor {
  const a = new BigInt64Array(indices.length);
  for (let k = 0; k < indices.length; k++) a[k] = BigInt(checkIndex(indices[k]!, n));
  return fromTypedArray(a);
}

/**
 * Samples are the rows of the given tensors (all with the same size in dim 0): sample i is
 * `[t0[i], t1[i], ...]`. DataLoader batches it natively, one `indexSelect` per tensor.
 * @example
 * const ds = new torch.utils.data.TensorDataset(features, labels);
 * const [x, y] = ds.getItem(0);
 */
export class TensorDataset extends Dataset<Tensor[]> {
  readonly tensors: Tensor[];

  constructor(...tensors: Tensor[]) {
    super();
    if (tensors.length === 0) throw new TypeError('TensorDataset needs at least one tensor');
    for (const t of tensors) if (!(t instanceof Tensor)) throw argTypeError('TensorDataset', 'every argument', 'a Tensor', t);
    const n = tensors[0]!.size(0);
    if (tensors.some((t) => t.size(0) !== n)) throw new RangeError('Size mismatch between tensors');
    this.tensors = tensors;
  }

  get length(): number {
    return this.tensors[0]!.size(0);
  }

  getItem(index: number): Tensor[] {
    const i = checkIndex(index, this.length);
    return this.tensors.map((t) => t.select(0, i));
  }

  /** The collated batch: `[t0.indexSelect(0, idx), t1.indexSelect(0, idx), ...]`. */
  getBatch(indices: readonly number[]): Tensor[] {
    const idx = indexTensor(indices, this.length);
    const out = this.tensors.map((t) => t.indexSelect(0, idx));
    idx.dispose();
    return out;
  }
}

/**
 * The samples of `dataset` at `indices`, in that order.
 * @example const firstHundred = new torch.utils.data.Subset(ds, [...Array(100).keys()]);
 */
export class Subset<T> extends Dataset<T> {
  readonly dataset: DatasetLike<T>;
  readonly indices: number[];

  constructor(dataset: DatasetLike<T>, indices: Iterable<number>) {
    super();
    checkDataset(dataset, 'Subset');
    this.dataset = dataset;
    this.indices = [...indices];
  }

  get length(): number {
    return this.indices.length;
  }

  getItem(index: number): T {
    return this.dataset.getItem(this.indices[checkIndex(index, this.indices.length)]!);
  }

  getItems(indices: readonly number[]): T[] {
    const mapped = indices.map((i) => this.indices[checkIndex(i, this.indices.length)]!);
    if (typeof this.dataset.getItems === 'function') return this.dataset.getItems(mapped);
    return mapped.map((i) => this.dataset.getItem(i));
  }

  /** Delegates to the wrapped dataset's getBatch, when it has one. */
  getBatch(indices: readonly number[]): unknown {
    if (typeof this.dataset.getBatch !== 'function') return undefined;
    return this.dataset.getBatch(indices.map((i) => this.indices[checkIndex(i, this.indices.length)]!));
  }
}

/**
 * The concatenation of several datasets.
 * @example const all = new torch.utils.data.ConcatDataset([trainA, trainB]);
 */
export class ConcatDataset<T> extends Dataset<T> {
  readonly datasets: DatasetLike<T>[];
  readonly cumulativeSizes: number[];

  constructor(datasets: Iterable<DatasetLike<T>>) {
    super();
    this.datasets = [...datasets];
    if (this.datasets.length === 0) throw new RangeError('datasets should not be an empty iterable');
    let total = 0;
    this.cumulativeSizes = this.datasets.map((d) => { checkDataset(d, 'ConcatDataset'); total += d.length; return total; });
  }

  get length(): number {
    return this.cumulativeSizes[this.cumulativeSizes.length - 1]!;
  }

  getItem(index: number): T {
    const i = checkIndex(index, this.length);
    let d = 0;
    while (this.cumulativeSizes[d]! <= i) d++;
    return this.datasets[d]!.getItem(d === 0 ? i : i - this.cumulativeSizes[d - 1]!);
  }
}

// DataLoader workers rebuild these from their properties (tensors cross as shared memory).
registerWorkerExports(import.meta.url, { TensorDataset, Subset, ConcatDataset });

/**
 * @internal throws a TypeError unless d looks like a dataset, and a TypeError/RangeError unless
 * its length is a count (a length of -1 or NaN would otherwise make an empty loader).
 */
export function checkDataset(d: unknown, where: string): void {
  if (d === null || typeof d !== 'object' || typeof (d as DatasetLike<unknown>).getItem !== 'function' || typeof (d as DatasetLike<unknown>).length !== 'number') {
    throw new TypeError(`${where}: dataset must have getItem(index) and a numeric length (got ${describeValue(d)})`);
  }
  checkedLength(where, "the dataset's", d);
}

/**
 * Splits a dataset into non-overlapping random subsets of the given lengths (or fractions
 * summing to 1), as torch.utils.data.random_split: the same generator state gives the same split.
 * @example
 * const [train, val] = torch.utils.data.randomSplit(ds, [0.8, 0.2], new torch.Generator().manualSeed(42));
 */
export function randomSplit<T>(dataset: DatasetLike<T>, lengths: readonly number[], generator: Generator = defaultGenerator): Subset<T>[] {
  checkDataset(dataset, 'randomSplit');
  if (!Array.isArray(lengths) || lengths.some((l) => typeof l !== 'number' || Number.isNaN(l))) {
    throw argTypeError('randomSplit', 'lengths', 'an array of numbers', lengths);
  }
  if (!(generator instanceof Generator)) throw argTypeError('randomSplit', 'generator', 'a torch.Generator', generator);
  const n = dataset.length;
  let lens = [...lengths];
  const total = lens.reduce((a, b) => a + b, 0);
  if (Math.abs(total - 1) <= 1e-9 * Math.max(1, Math.abs(total)) && total <= 1) {
    const sizes = lens.map((frac, i) => {
      if (frac < 0 || frac > 1) throw new RangeError(`Fraction at index ${i} is not between 0 and 1`);
      return Math.floor(n * frac);
    });
    const remainder = n - sizes.reduce((a, b) => a + b, 0);
    for (let i = 0; i < remainder; i++) sizes[i % sizes.length]! += 1;
    sizes.forEach((s, i) => { if (s === 0) process.emitWarning(`Length of split at index ${i} is 0. This might result in an empty dataset.`); });
    lens = sizes;
  }
  if (lens.some((l) => !Number.isInteger(l) || l < 0)) throw new RangeError(`randomSplit: lengths must be non-negative integers or fractions summing to 1 (got [${lengths.join(', ')}])`);
  const sum = lens.reduce((a, b) => a + b, 0);
  if (sum !== n) throw new RangeError('Sum of input lengths does not equal the length of the input dataset!');
  const perm = randperm(sum, { generator });
  const indices = Array.from(perm.dataSync() as BigInt64Array, Number);
  perm.dispose();
  let offset = 0;
  return lens.map((len) => {
    const s = new Subset(dataset, indices.slice(offset, offset + len));
    offset += len;
    return s;
  });
}
