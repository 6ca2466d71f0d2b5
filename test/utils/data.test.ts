import { describe, expect, it } from 'vitest';
// Imports the modules directly (rather than lib/index.js) so these tests do not depend on
// unrelated parts of the package; torch.utils.data is the same module.
import * as torch from '../../lib/torch.js';
import { Tensor } from '../../lib/torch.js';
import * as data from '../../lib/utils/data/index.js';
import { oracleBatch } from '../helpers/python.js';

// Python's results for this file, computed in one python3 run (test/oracles/utils/data.py).
const oracle = oracleBatch<{
  shuffledEpochs: { epochs: number[][][]; after: number };
  generatorDropLast: { first: number[]; last: number[]; count: number; plain: number[][] };
  randomSamplerReplacement: number[];
  weightedAndSubsetSamplers: { w: number[]; wn: number[]; s: number[] };
  randomSplits: { a: number[][]; b: number[][] };
  badLengths: Record<string, [string, string]>;
  workerOptions: { errors: Record<string, string | null>; prefetchDefault: number; prefetchNone: null; shuffled: number[][] };
}>({
  shuffledEpochs: ['utils/data', 'shuffled_epochs'],
  generatorDropLast: ['utils/data', 'generator_drop_last'],
  randomSamplerReplacement: ['utils/data', 'random_sampler_replacement'],
  weightedAndSubsetSamplers: ['utils/data', 'weighted_and_subset_samplers'],
  randomSplits: ['utils/data', 'random_splits'],
  badLengths: ['utils/data', 'bad_lengths'],
  workerOptions: ['utils/data', 'worker_options'],
});

const { DataLoader, TensorDataset, Subset, Dataset, IterableDataset, randomSplit, defaultCollate, RandomSampler, BatchSampler, SequentialSampler, ConcatDataset } = data;

function batchesOf(loader: Iterable<Tensor[]>): number[][] {
  return [...loader].map(([x]) => x!.tolist() as number[]);
}

describe('DataLoader order matches PyTorch', () => {
  it('shuffle: true gives the same batches as Python for the same manual_seed, epoch after epoch', () => {
    const ref = oracle().shuffledEpochs;
    torch.manualSeed(123);
    const loader = new DataLoader(new TensorDataset(torch.arange(50)), { batchSize: 8, shuffle: true });
    expect(loader.length).toBe(7);
    for (let e = 0; e < 3; e++) expect(batchesOf(loader)).toEqual(ref.epochs[e]);
    // The default generator is left in the same state as Python's.
    expect(torch.rand(1).item()).toBeCloseTo(ref.after, 7);
  });

  it('with a generator, dropLast, and the article shape (60000 / 64)', () => {
    const ref = oracle().generatorDropLast;
    const g = new torch.Generator().manualSeed(7);
    const loader = new DataLoader(new TensorDataset(torch.arange(60000)), { batchSize: 64, shuffle: true, dropLast: true, generator: g });
    const bs = batchesOf(loader);
    expect(loader.length).toBe(937);
    expect(bs.length).toBe(ref.count);
    expect(bs[0]).toEqual(ref.first);
    expect(bs[bs.length - 1]).toEqual(ref.last);
    torch.manualSeed(0);
    expect(batchesOf(new DataLoader(new TensorDataset(torch.arange(10)), { batchSize: 4, shuffle: true }))).toEqual(ref.plain);
  });

  it('RandomSampler with replacement and numSamples matches Python', () => {
    const ref = oracle().randomSamplerReplacement;
    const g = new torch.Generator().manualSeed(3);
    expect([...new RandomSampler({ length: 10 }, { replacement: true, numSamples: 70, generator: g })]).toEqual(ref);
  });

  it('WeightedRandomSampler and SubsetRandomSampler match Python', () => {
    const ref = oracle().weightedAndSubsetSamplers;
    expect([...new data.WeightedRandomSampler([0.1, 0.5, 2, 0.7], 20, { generator: new torch.Generator().manualSeed(5) })]).toEqual(ref.w);
    expect([...new data.WeightedRandomSampler([1, 2, 3, 4, 5], 4, { replacement: false, generator: new torch.Generator().manualSeed(6) })]).toEqual(ref.wn);
    expect([...new data.SubsetRandomSampler([10, 20, 30, 40, 50], { generator: new torch.Generator().manualSeed(7) })]).toEqual(ref.s);
  });

  it('randomSplit matches Python (lengths and fractions)', () => {
    const ref = oracle().randomSplits;
    const data = Array.from({ length: 10 }, (_, i) => i);
    const ds = { getItem: (i: number) => data[i]!, length: 10 };
    const a = randomSplit(ds, [3, 7], new torch.Generator().manualSeed(42));
    expect(a.map((s) => s.indices)).toEqual(ref.a);
    expect(a[0]!.getItem(0)).toBe(ref.a[0]![0]);
    const b = randomSplit({ getItem: (i: number) => i, length: 11 }, [0.5, 0.3, 0.2], new torch.Generator().manualSeed(1));
    expect(b.map((s) => s.indices)).toEqual(ref.b);
    expect(() => randomSplit(ds, [3, 3])).toThrow('Sum of input lengths does not equal the length of the input dataset!');
  });
});

describe('DataLoader batching', () => {
  it('sequential batches, dropLast and length', () => {
    const ds = new TensorDataset(torch.arange(10), torch.arange(10).mul(10));
    const dl = new DataLoader(ds, { batchSize: 4 });
    expect(dl.length).toBe(3);
    const batches = [...dl];
    expect(batches.map((b) => b.map((t) => t.tolist()))).toEqual([
      [[0, 1, 2, 3], [0, 10, 20, 30]], [[4, 5, 6, 7], [40, 50, 60, 70]], [[8, 9], [80, 90]]]);
    const dropped = new DataLoader(ds, { batchSize: 4, dropLast: true });
    expect(dropped.length).toBe(2);
    expect([...dropped].length).toBe(2);
  });

  it('the TensorDataset fast path equals per-item loading with the default collate', () => {
    torch.manualSeed(0);
    const x = torch.randn(20, 3, 2);
    const y = torch.randint(0, 5, [20]);
    const ds = new TensorDataset(x, y);
    const idx = [5, 0, 19, 7];
    const fast = ds.getBatch(idx);
    const slow = defaultCollate(idx.map((i) => ds.getItem(i)));
    expect(fast.length).toBe(2);
    fast.forEach((t, i) => {
      expect(t.shape).toEqual(slow[i]!.shape);
      expect(t.dtype).toBe(slow[i]!.dtype);
      expect(torch.equal(t, slow[i]!)).toBe(true);
    });
    // A custom collateFn takes the per-item path.
    const seen: number[] = [];
    const dl = new DataLoader(ds, { batchSize: 5, collateFn: (items) => { seen.push(items.length); return items.length; } });
    expect([...dl]).toEqual([5, 5, 5, 5]);
    expect(seen).toEqual([5, 5, 5, 5]);
  });

  it('default collate turns numbers, tuples and objects into tensors like PyTorch', () => {
    const b = defaultCollate([[torch.ones(2), 1], [torch.zeros(2), 2]]);
    expect(b[0].tolist()).toEqual([[1, 1], [0, 0]]);
    expect(b[1].dtype).toBe('int64');
    expect(b[1].tolist()).toEqual([1, 2]);
    const f = defaultCollate([0.5, 1]);
    expect(f.dtype).toBe('float64');
    const o = defaultCollate([{ x: torch.tensor([1]), name: 'a', ok: true }, { x: torch.tensor([2]), name: 'b', ok: false }]);
    expect(o.x.tolist()).toEqual([[1], [2]]);
    expect(o.name).toEqual(['a', 'b']);
    expect(o.ok.dtype).toBe('bool');
    expect(() => defaultCollate([[1, 2], [3]])).toThrow('each element in list of batch should be of equal size');
  });

  it('works over a Dataset subclass, an array, a Subset and a ConcatDataset', () => {
    class Squares extends Dataset<[Tensor, number]> {
      get length(): number { return 6; }
      getItem(i: number): [Tensor, number] { return [torch.tensor([i]), i * i]; }
    }
    const sq = new Squares();
    expect(sq.at(-1)[1]).toBe(25);
    expect([...sq].length).toBe(6);
    const batches = [...new DataLoader(sq, { batchSize: 4 })];
    expect(batches[0]![0].tolist()).toEqual([[0], [1], [2], [3]]);
    expect(batches[0]![1].tolist()).toEqual([0, 1, 4, 9]);
    expect([...new DataLoader([1, 2, 3], { batchSize: 2 })].map((t) => t.tolist())).toEqual([[1, 2], [3]]);
    const sub = new Subset(new TensorDataset(torch.arange(10)), [9, 3, 4]);
    expect([...new DataLoader(sub, { batchSize: 2 })].map((b) => b[0]!.tolist())).toEqual([[9, 3], [4]]);
    const cat = new ConcatDataset([sq, sq]);
    expect(cat.length).toBe(12);
    expect(cat.getItem(7)[1]).toBe(1);
    const unbatched = [...new DataLoader([10, 20], { batchSize: null })];
    expect(unbatched).toEqual([10, 20]);
  });

  it('batches an IterableDataset in iteration order', () => {
    class Counter extends IterableDataset<number> {
      *[Symbol.iterator](): Iterator<number> { for (let i = 0; i < 10; i++) yield i; }
    }
    const dl = new DataLoader(new Counter(), { batchSize: 4 });
    expect([...dl].map((t) => t.tolist())).toEqual([[0, 1, 2, 3], [4, 5, 6, 7], [8, 9]]);
    expect([...new DataLoader(new Counter(), { batchSize: 4, dropLast: true })].length).toBe(2);
    expect(() => dl.length).toThrow(/no length/);
    expect(() => new DataLoader(new Counter(), { shuffle: true })).toThrow('DataLoader with IterableDataset: expected unspecified shuffle option, but got shuffle=true');
  });

  it('samplers and batch samplers', () => {
    expect([...new BatchSampler(new SequentialSampler({ length: 7 }), 3, false)]).toEqual([[0, 1, 2], [3, 4, 5], [6]]);
    expect(new BatchSampler(new SequentialSampler({ length: 7 }), 3, true).length).toBe(2);
    const dl = new DataLoader(new TensorDataset(torch.arange(6)), { batchSampler: [[5, 4], [0]] });
    expect([...dl].map((b) => b[0]!.tolist())).toEqual([[5, 4], [0]]);
    const dl2 = new DataLoader(new TensorDataset(torch.arange(6)), { sampler: [2, 2, 1], batchSize: 2 });
    expect([...dl2].map((b) => b[0]!.tolist())).toEqual([[2, 2], [1]]);
  });

  it('a dataset length that is negative, NaN or not an integer is an error, not an empty loader', () => {
    // Python: len() of a dataset whose __len__ returns -1 raises ValueError, a float TypeError.
    const py = oracle().badLengths;
    expect(py['-1']).toEqual(['ValueError', '__len__() should return >= 0']);
    expect(py['2.5']![0]).toBe('TypeError');
    expect(py.nan![0]).toBe('TypeError');
    class Sized extends Dataset<number> {
      constructor(public n: number) { super(); }
      get length(): number { return this.n; }
      getItem(i: number): number { return i; }
    }
    // ValueError -> RangeError, TypeError -> TypeError; the message names the length.
    const cases: [number, ErrorConstructor][] = [[-1, RangeError], [Number.NaN, TypeError], [2.5, TypeError], [Infinity, TypeError]];
    for (const [n, cls] of cases) {
      const got = cls === RangeError ? String(n) : `number ${n}`;
      const message = `DataLoader: the dataset's length must be a non-negative integer (got ${got})`;
      expect(() => new DataLoader(new Sized(n)), String(n)).toThrow(new cls(message));
      expect(() => new DataLoader(new Sized(n), { shuffle: true, batchSize: 2 }), String(n)).toThrow(cls);
      expect(() => new DataLoader({ length: n, getItem: (i: number) => i }), String(n)).toThrow(cls);
      // A length that turns bad after the loader was made fails when iterated or measured.
      const ds = new Sized(3);
      const dl = new DataLoader(ds, { batchSize: 2 });
      const shuffled = new DataLoader(ds, { batchSize: 2, shuffle: true });
      ds.n = n;
      expect(() => [...dl], String(n)).toThrow(new cls(`SequentialSampler: the data source's length must be a non-negative integer (got ${got})`));
      expect(() => dl.length, String(n)).toThrow(cls);
      expect(() => [...shuffled], String(n)).toThrow(new cls(`RandomSampler: the data source's length must be a non-negative integer (got ${got})`));
      expect(() => [...ds], String(n)).toThrow(new cls(`Sized: the dataset's length must be a non-negative integer (got ${got})`));
      expect(() => [...new SequentialSampler({ length: n })], String(n)).toThrow(cls);
      expect(() => [...new RandomSampler({ length: n }, { numSamples: 2 })], String(n)).toThrow(cls);
      expect(() => new BatchSampler({ length: n, [Symbol.iterator]: () => [][Symbol.iterator]() }, 2, false).length, String(n)).toThrow(
        new cls(`BatchSampler: the sampler's length must be a non-negative integer (got ${got})`));
      expect(() => new DataLoader(new TensorDataset(torch.arange(3)), { sampler: { length: n, [Symbol.iterator]: () => [0, 1][Symbol.iterator]() } }).length, String(n)).toThrow(cls);
      expect(() => new ConcatDataset([new Sized(2), new Sized(n)]), String(n)).toThrow(cls);
      expect(() => randomSplit(new Sized(n), [0.5, 0.5]), String(n)).toThrow(cls);
    }
    class Stream extends IterableDataset<number> {
      get length(): number { return -1; }
      *[Symbol.iterator](): Iterator<number> { yield 1; }
    }
    expect(() => new DataLoader(new Stream(), { batchSize: 2 }).length).toThrow(new RangeError("DataLoader: the dataset's length must be a non-negative integer (got -1)"));
    // Zero is a length: an empty loader, as in PyTorch.
    expect([...new DataLoader(new Sized(0))]).toEqual([]);
  });

  it('rejects invalid options naming them', () => {
    const ds = new TensorDataset(torch.arange(3));
    expect(() => new DataLoader(ds, { batchSize: 0 })).toThrow(/batchSize/);
    expect(() => new DataLoader(ds, { batchSize: 1.5 })).toThrow(RangeError);
    expect(() => new DataLoader(ds, { shuffle: 'yes' as never })).toThrow(/shuffle/);
    expect(() => new DataLoader(ds, { batch_size: 4 } as never)).toThrow(/unknown option 'batch_size' \(did you mean batchSize\?\)/);
    expect(() => new DataLoader(ds, { sampler: [0], shuffle: true })).toThrow('sampler option is mutually exclusive with shuffle');
    expect(() => new DataLoader({} as never)).toThrow(/getItem/);
    expect(() => new TensorDataset(torch.arange(3), torch.arange(4))).toThrow('Size mismatch between tensors');
    expect(() => ds.getItem(3)).toThrow(RangeError);
  });
});

describe('DataLoader worker options', () => {
  it("validates numWorkers, timeout, prefetchFactor, persistentWorkers and multiprocessingContext with Python's messages (snake_case names in camelCase)", () => {
    const py = oracle().workerOptions;
    const ds = new TensorDataset(torch.arange(20));
    const cases: Record<string, data.DataLoaderOptions<Tensor[], unknown>> = {
      negativeWorkers: { numWorkers: -1 },
      negativeTimeout: { timeout: -1 },
      prefetchWithoutWorkers: { prefetchFactor: 2 },
      negativePrefetch: { numWorkers: 2, prefetchFactor: -1 },
      persistentWithoutWorkers: { persistentWorkers: true },
      contextWithoutWorkers: { multiprocessingContext: 'spawn' },
    };
    expect(Object.keys(cases)).toEqual(Object.keys(py.errors));
    const camel = (m: string): string => m.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase()).replace('None', 'null');
    for (const [name, options] of Object.entries(cases)) {
      expect(() => new DataLoader(ds, options), name).toThrow(new RangeError(`DataLoader: ${camel(py.errors[name]!)}`));
    }
    expect(new DataLoader(ds, { numWorkers: 2 }).prefetchFactor).toBe(py.prefetchDefault);
    expect(new DataLoader(ds).prefetchFactor).toBe(py.prefetchNone);
    expect(() => new DataLoader(ds, { numWorkers: 1, multiprocessingContext: 'threads' as never })).toThrow(/valid start method/);
    expect(() => new DataLoader(ds, { workerInitFn: 3 as never })).toThrow(/workerInitFn/);
  });

  it('with numWorkers > 0 the batches are the same as Python\'s, in order; getWorkerInfo() is null in the main thread', () => {
    // Worker threads run the built dist/ of these sources (test/utils/data_workers.test.ts has the rest).
    const py = oracle().workerOptions;
    const ds = new TensorDataset(torch.arange(20));
    torch.manualSeed(5);
    const loader = new DataLoader(ds, { batchSize: 4, shuffle: true, numWorkers: 2, persistentWorkers: true, workerInitFn: () => undefined });
    expect(batchesOf(loader)).toEqual(py.shuffled);
    expect(data.getWorkerInfo()).toBeNull();
  });

  it("pinMemory without CUDA warns as Python and returns the batches unpinned", () => {
    const warnings: string[] = [];
    const original = process.emitWarning;
    process.emitWarning = ((w: string | Error) => { warnings.push(String(w)); }) as typeof process.emitWarning;
    try {
      const loader = new DataLoader(new TensorDataset(torch.arange(4)), { batchSize: 2, pinMemory: true });
      const batches = batchesOf(loader);
      expect(batches).toEqual([[0, 1], [2, 3]]);
    } finally {
      process.emitWarning = original;
    }
    expect(warnings).toContain("'pin_memory' argument is set as true but no accelerator is found, then device pinned memory won't be used.");
  });
});

describe('dataset[i]', () => {
  it('reads dataset.at(i) on every Dataset, with private fields intact and negative indices', () => {
    class Squares extends Dataset<number> {
      readonly #n: number;
      constructor(n: number) { super(); this.#n = n; }
      get length(): number { return this.#n; }
      getItem(i: number): number { return i * i; }
    }
    const sq = new Squares(5);
    expect(sq[3]).toBe(9);
    expect(sq[-1]).toBe(16);
    expect(() => sq[5]).toThrow(RangeError);
    expect(sq.length).toBe(5);
    const td = new TensorDataset(torch.arange(4), torch.arange(4).mul(10));
    const [x, y] = td[2]!;
    expect([x!.item(), y!.item()]).toEqual([2, 20]);
    expect((td as unknown as Record<string, unknown>).notAMethod).toBeUndefined();
  });

  it('is a clear TypeError on an IterableDataset', () => {
    class Stream extends IterableDataset<number> {
      *[Symbol.iterator](): Iterator<number> { yield 1; }
    }
    expect(() => (new Stream() as unknown as number[])[0]).toThrow(new TypeError('Stream is an IterableDataset: its samples are read by iterating over it, not by index'));
  });
});
