// DataLoader with numWorkers > 0: worker threads with Python's semantics (seeding, ordering,
// getWorkerInfo, workerInitFn, errors, shutdown), against Python's DataLoader with worker processes
// (test/oracles/utils/data_workers.py). Each case runs in a child process over the built package
// (the workers import dist/), with a time limit, so that a hang or a crash fails one test.
import { describe, expect, it } from 'vitest';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { childJsonLines, runInChild } from '../helpers/child.js';
import { oracle, oracleBatch } from '../helpers/python.js';
import { tempDir } from '../helpers/tmp.js';

type Batches = unknown[][];
const py = oracleBatch<{
  shuffled2: { epochs: Batches[]; after: number };
  persistent2: { epochs: Batches[]; after: number };
  sequential3: { epochs: Batches[]; after: number };
  workerInfo: unknown[][];
  iterable: { sharded: number[][]; plain: number[][]; unbatched: number[] };
  error: { type: string; first: string; second: string };
  timeout: { type: string; message: string };
}>({
  shuffled2: ['utils/data_workers', 'random_augmented', 10, 4, 1, true, 2, false, 2],
  persistent2: ['utils/data_workers', 'random_augmented', 10, 4, 7, true, 3, true, 2],
  sequential3: ['utils/data_workers', 'random_augmented', 11, 2, 3, false, 1, false, 3],
  workerInfo: ['utils/data_workers', 'worker_info', 3],
  iterable: ['utils/data_workers', 'iterable', 2],
  error: ['utils/data_workers', 'worker_error'],
  timeout: ['utils/data_workers', 'timeout_error'],
});

const fixtures = fileURLToPath(new URL('../helpers/worker_datasets.mjs', import.meta.url));
// In each child: the fixture datasets as `ds`, DataLoader, and lists(batch) (tensors as nested arrays).
const PRELUDE = `const ds = await import(${JSON.stringify(fixtures)});
const { DataLoader } = torch.utils.data;
const lists = (b) => b instanceof torch.Tensor ? b.tolist() : Array.isArray(b) ? b.map(lists) : b;
`;
const LIMIT = 120_000;

describe('DataLoader workers: the same batches as Python', () => {
  it('a random per-sample dataset, shuffled, 2 workers: each worker seeded baseSeed + id gives Python\'s batches, with for...of and for await', () => {
    const want = py().shuffled2;
    const [sync, asyncRun] = childJsonLines<{ epochs: Batches[]; after: number }>(PRELUDE + `
for (const mode of ['sync', 'async']) {
  torch.manualSeed(1);
  const loader = new DataLoader(new ds.RandomAugmented(10), { batchSize: 4, shuffle: true, numWorkers: 2 });
  const epochs = [];
  for (let e = 0; e < 2; e++) {
    const batches = [];
    if (mode === 'sync') for (const b of loader) batches.push(lists(b));
    else for await (const b of loader) batches.push(lists(b));
    epochs.push(batches);
  }
  emit({ epochs, after: torch.rand([1]).item() });
}`, LIMIT);
    expect(sync).toEqual(want);
    expect(asyncRun).toEqual(want);
  });

  it('persistentWorkers: the workers keep their generators across epochs and the base seed is drawn once, as Python', () => {
    const want = py().persistent2;
    const [got] = childJsonLines<{ epochs: Batches[]; after: number }>(PRELUDE + `
torch.manualSeed(7);
const loader = new DataLoader(new ds.RandomAugmented(10), { batchSize: 4, shuffle: true, numWorkers: 2, persistentWorkers: true });
const epochs = [];
for (let e = 0; e < 3; e++) epochs.push([...loader].map(lists));
emit({ epochs, after: torch.rand([1]).item() });`, LIMIT);
    expect(got).toEqual(want);
  });

  it('3 workers, batch size 2, 11 samples in order: round-robin assignment and the short last batch', () => {
    const want = py().sequential3;
    const [got] = childJsonLines<{ epochs: Batches[]; after: number }>(PRELUDE + `
torch.manualSeed(3);
const loader = new DataLoader(new ds.RandomAugmented(11), { batchSize: 2, numWorkers: 3 });
emit({ epochs: [[...loader].map(lists)], after: torch.rand([1]).item() });`, LIMIT);
    expect(got).toEqual(want);
  });

  it('getWorkerInfo() in the workers ({ id, numWorkers, seed, dataset }) and workerInitFn called once per worker with its id', () => {
    const want = py().workerInfo;
    const [got, main] = childJsonLines<unknown>(PRELUDE + `
torch.manualSeed(3);
emit([...new DataLoader(new ds.InfoProbe(6), { batchSize: 2, numWorkers: 2, workerInitFn: ds.recordInit })].map(lists));
emit({ info: torch.utils.data.getWorkerInfo(), initCalls: globalThis.initCalls ?? 0 });`, LIMIT);
    expect(got).toEqual(want);
    expect(main).toEqual({ info: null, initCalls: 0 });
  });

  it("IterableDataset: each worker iterates its own copy (duplicates unless sharded with getWorkerInfo), as Python", () => {
    const want = py().iterable;
    const [got] = childJsonLines(PRELUDE + `
emit({
  sharded: [...new DataLoader(new ds.ShardedRange(3, 10), { batchSize: 2, numWorkers: 2 })].map(lists),
  plain: [...new DataLoader(new ds.PlainRange(5), { batchSize: 2, numWorkers: 2 })].map(lists),
  unbatched: [...new DataLoader(new ds.PlainRange(3), { batchSize: null, numWorkers: 2 })].map(lists),
});`, LIMIT);
    expect(got).toEqual(want);
  });

  it('inOrder: false gives every batch once; a dataset rebuilt by [workerReduce]() and an array dataset cross too', () => {
    const [unordered, reduced, array] = childJsonLines<number[][]>(PRELUDE + `
emit([...new DataLoader(new ds.Slow(12, 1), { batchSize: 2, numWorkers: 3, inOrder: false })].map(lists));
emit([...new DataLoader(new ds.Reduced(5), { batchSize: 2, numWorkers: 2 })].map(lists));
emit([...new DataLoader([[1, 2], [3, 4], [5, 6]], { batchSize: 2, numWorkers: 2 })].map(lists));`, LIMIT);
    expect([...unordered].sort((a, b) => a[0]! - b[0]!)).toEqual([[0, 1], [2, 3], [4, 5], [6, 7], [8, 9], [10, 11]]);
    expect(reduced).toEqual([[0, 10], [20, 30], [40]]);
    expect(array).toEqual([[[1, 3], [2, 4]], [[5], [6]]]);
  });

  it('workers prefer getItemAsync; without workers for await uses it and for...of uses getItem', () => {
    const [workers, asyncMain, syncMain] = childJsonLines<number[][]>(PRELUDE + `
emit([...new DataLoader(new ds.AsyncItems(4), { batchSize: 2, numWorkers: 2 })].map(lists));
const zero = new DataLoader(new ds.AsyncItems(4), { batchSize: 2 });
const a = []; for await (const b of zero) a.push(lists(b));
emit(a);
emit([...zero].map(lists));`, LIMIT);
    expect(workers).toEqual([[[0, 1], [1, 1]], [[2, 3], [1, 1]]]);
    expect(asyncMain).toEqual(workers);
    expect(syncMain).toEqual([[[0, 1], [0, 0]], [[2, 3], [0, 0]]]);
  });
});

describe('DataLoader workers: vision datasets and transforms', () => {
  it("MNIST with ToTensor, RandomCrop(20, { padding: 2 }) and RandomHorizontalFlip, shuffled, 2 workers: torchvision's crops and flips", () => {
    // A small MNIST in IDX files (torchvision reads root/MNIST/raw).
    const root = tempDir('torch-node-mnist-');
    const raw = join(root, 'MNIST', 'raw');
    mkdirSync(raw, { recursive: true });
    const n = 18;
    const images = Buffer.alloc(16 + n * 28 * 28);
    [0x803, n, 28, 28].forEach((v, i) => images.writeUInt32BE(v, 4 * i));
    for (let i = 16; i < images.length; i++) images[i] = (i * 37 + (i >> 5) * 11) & 255;
    const labels = Buffer.alloc(8 + n);
    [0x801, n].forEach((v, i) => labels.writeUInt32BE(v, 4 * i));
    for (let i = 0; i < n; i++) labels[8 + i] = (i * 3) % 10;
    // torchvision checks that the test split's files exist too: the same ones serve.
    for (const split of ['train', 't10k']) {
      writeFileSync(join(raw, `${split}-images-idx3-ubyte`), images);
      writeFileSync(join(raw, `${split}-labels-idx1-ubyte`), labels);
    }
    const want = oracle<unknown[]>('utils/data_workers', 'mnist_random_crops', root, 11);
    const vision = fileURLToPath(new URL('../../dist/lib/vision/index.js', import.meta.url));
    const [got] = childJsonLines(`
const { datasets, transforms } = await import(${JSON.stringify(vision)});
const tf = transforms.Compose([transforms.ToTensor(), transforms.RandomCrop(20, { padding: 2 }), transforms.RandomHorizontalFlip()]);
const ds = new datasets.MNIST(${JSON.stringify(root)}, { transform: tf });
torch.manualSeed(11);
const loader = new torch.utils.data.DataLoader(ds, { batchSize: 4, shuffle: true, numWorkers: 2 });
emit([...loader].map(([x, y]) => [x.sum([1, 2, 3]).tolist(), x.select(1, 0).select(1, 0).tolist(), y.tolist()]));`, LIMIT);
    expect(got).toEqual(want);
  });
});

describe('DataLoader workers: errors', () => {
  it("an error in a worker is raised in the main loop as Python's (Caught X in DataLoader worker N. Original ...) with the worker's stack", () => {
    const want = py().error;
    const got = childJsonLines<{ name: string; lines: string[]; batches: number }>(PRELUDE + `
for (const mode of ['sync', 'async']) {
  let batches = 0;
  try {
    const loader = new DataLoader(new ds.FailsAt(20, 13), { batchSize: 4, numWorkers: 2 });
    if (mode === 'sync') for (const b of loader) batches++;
    else for await (const b of loader) batches++;
  } catch (e) {
    emit({ name: e.constructor.name, lines: e.message.split('\\n'), batches });
  }
}`, LIMIT);
    expect(want.first).toBe('Caught ValueError in DataLoader worker process 1.');
    for (const r of got) {
      // Python's text, with JS's error class, and "thread" for what is a thread here.
      expect(r.name).toBe('RangeError');
      expect(r.lines[0]).toBe('Caught RangeError in DataLoader worker thread 1.');
      expect(r.lines[1]).toBe('Original RangeError: index 13 is bad');
      expect(r.lines[2]).toMatch(/at FailsAt\.getItem \(.*worker_datasets\.mjs:\d+:\d+\)/);
      expect(r.batches).toBe(3);
    }
    expect(got).toHaveLength(2);
  });

  it("timeout: Python's error when a batch takes longer", () => {
    const want = py().timeout;
    const [got] = childJsonLines<{ name: string; message: string }>(PRELUDE + `
try { for (const b of new DataLoader(new ds.Slow(4, 2000), { batchSize: 2, numWorkers: 1, timeout: 0.25 })) emit('batch'); }
catch (e) { emit({ name: e.constructor.name, message: e.message }); }`, LIMIT);
    expect(want.type).toBe('RuntimeError');
    expect(got).toEqual({ name: 'Error', message: want.message });
  });

  it('a dataset, workerInitFn or collateFn that cannot cross gives a TypeError naming it; a closure fails in the worker saying why', () => {
    const got = childJsonLines<{ error?: { name: string; message: string } }>(PRELUDE + `
class Local extends torch.utils.data.Dataset { get length() { return 2; } getItem(i) { return i; } }
emit(attempt(() => new DataLoader(new Local(), { numWorkers: 1 })[Symbol.iterator]()));
emit(attempt(() => new DataLoader([1, 2], { numWorkers: 1, collateFn: Math.max })[Symbol.iterator]()));
const obj = { getItem(i) { return i; }, length: 2 };
emit(attempt(() => new DataLoader(obj, { numWorkers: 1 })[Symbol.iterator]()));
const calls = [];
let error = null;
try { for (const b of new DataLoader([1, 2], { numWorkers: 1, workerInitFn: (id) => calls.push(id) })) ; } catch (e) { error = { name: e.constructor.name, message: e.message.split('\\n').slice(0, 2).join('\\n') }; }
emit({ error });`, LIMIT);
    expect(got[0]!.error!.name).toBe('TypeError');
    expect(got[0]!.error!.message).toContain('the dataset (an instance of Local) cannot be sent to a DataLoader worker: Local is not registered');
    expect(got[0]!.error!.message).toContain('registerWorkerExports(import.meta.url, { Local })');
    expect(got[1]!.error).toEqual({ name: 'TypeError', message: expect.stringContaining('collateFn (function max) cannot be sent to a DataLoader worker: it is a native or bound function') });
    expect(got[2]!.error).toEqual({ name: 'TypeError', message: expect.stringContaining("the dataset.getItem (function getItem) cannot be sent to a DataLoader worker: its source text is not a function expression") });
    expect(got[3]!.error!.name).toBe('ReferenceError');
    expect(got[3]!.error!.message).toMatch(/^Caught ReferenceError in DataLoader worker thread 0\.\nOriginal ReferenceError: calls is not defined \(in workerInitFn, which crossed to the DataLoader worker as its source text/);
  });
});

describe('DataLoader workers: shutdown', () => {
  // The child prints 'done' and must exit by itself, promptly, with workers still loading.
  const exitsPromptly = (body: string): void => {
    const t0 = Date.now();
    const r = runInChild(PRELUDE + body + `\nconsole.log('done');`, 60_000);
    expect(r.signal, r.stderr).toBeNull();
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout.trim().split('\n').pop()).toBe('done');
    expect(Date.now() - t0).toBeLessThan(30_000);
  };

  it('break out of for...of and for await, with slow workers still busy: the program ends', () => {
    exitsPromptly(`
for (const b of new DataLoader(new ds.Slow(1000, 50), { batchSize: 2, numWorkers: 2 })) break;
for await (const b of new DataLoader(new ds.Slow(1000, 50), { batchSize: 2, numWorkers: 2 })) break;`);
  });

  it('persistent workers left running after an epoch, and after a break: the program ends', () => {
    exitsPromptly(`
const loader = new DataLoader(new ds.Slow(20, 5), { batchSize: 2, numWorkers: 2, persistentWorkers: true });
let n = 0;
for (const b of loader) n++;
for (const b of loader) break;
if (n !== 10) throw new Error('expected 10 batches, got ' + n);`);
  });

  it('an exception thrown in the loop body, an iterator dropped unfinished and garbage-collected: the program ends', () => {
    const t0 = Date.now();
    const r = runInChild(PRELUDE + `
try { for (const b of new DataLoader(new ds.Slow(1000, 20), { batchSize: 2, numWorkers: 2 })) throw new Error('body'); } catch (e) { if (e.message !== 'body') throw e; }
let it = new DataLoader(new ds.Slow(1000, 20), { batchSize: 2, numWorkers: 2 })[Symbol.iterator]();
it.next();
it = null;
for (let i = 0; i < 5; i++) { gc(); await new Promise((r) => setTimeout(r, 20)); }
console.log('done');`, { timeoutMs: 60_000, nodeArgs: ['--expose-gc'] });
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout.trim()).toBe('done');
    expect(Date.now() - t0).toBeLessThan(30_000);
  });

  it('an iterable dataset that ends early in one worker: the others finish the epoch, then the workers stop', () => {
    const [got] = childJsonLines<number[][]>(PRELUDE + `
emit([...new DataLoader(new ds.ShardedRange(0, 3), { batchSize: 1, numWorkers: 3, prefetchFactor: 1 })].map(lists));`, LIMIT);
    expect(got).toEqual([[0], [1], [2]]);
  });

  it('for await keeps the event loop running while workers load', () => {
    const [ticks] = childJsonLines<number>(PRELUDE + `
let ticks = 0;
const timer = setInterval(() => ticks++, 5);
for await (const b of new DataLoader(new ds.Slow(8, 40), { batchSize: 2, numWorkers: 1 })) ;
clearInterval(timer);
emit(ticks);`, LIMIT);
    // 8 samples x 40 ms in one worker: about 320 ms of waiting, during which the timer runs.
    expect(ticks).toBeGreaterThan(20);
  });
});

describe('DataLoader workers: user modules', () => {
  it('a Dataset subclass registered in its own module, with a registered collateFn, loads in workers', () => {
    const dir = tempDir('torch-node-workers-');
    const entry = fileURLToPath(new URL('../../dist/lib/index.js', import.meta.url));
    writeFileSync(join(dir, 'squares.mjs'), `import * as torch from ${JSON.stringify(entry)};
export class Squares extends torch.utils.data.Dataset {
  constructor(n) { super(); this.n = n; this.offset = torch.tensor([0.5]); }
  get length() { return this.n; }
  getItem(i) { return { x: torch.tensor([i * i]).add(this.offset), tag: 'sq' + i }; }
}
export function stackX(samples) { return { x: torch.stack(samples.map((s) => s.x)), tags: samples.map((s) => s.tag).join(',') }; }
torch.utils.data.registerWorkerExports(import.meta.url, { Squares, stackX });
`);
    const [plain, custom] = childJsonLines(`
const { Squares, stackX } = await import(${JSON.stringify(join(dir, 'squares.mjs'))});
const lists = (b) => b instanceof torch.Tensor ? b.tolist() : b;
const out = (l) => [...l].map((b) => Object.fromEntries(Object.entries(b).map(([k, v]) => [k, lists(v)])));
emit(out(new torch.utils.data.DataLoader(new Squares(3), { batchSize: 2, numWorkers: 2 })));
emit(out(new torch.utils.data.DataLoader(new Squares(3), { batchSize: 2, numWorkers: 2, collateFn: stackX })));`, LIMIT);
    expect(plain).toEqual([{ x: [[0.5], [1.5]], tag: ['sq0', 'sq1'] }, { x: [[4.5]], tag: ['sq2'] }]);
    expect(custom).toEqual([{ x: [[0.5], [1.5]], tags: 'sq0,sq1' }, { x: [[4.5]], tags: 'sq2' }]);
  });
});
