// Datasets for test/utils/data_workers.test.ts, in a module of their own so that DataLoader worker
// threads can import them: registerWorkerExports names them, and each worker rebuilds its copy
// from the instance's properties. test/oracles/utils/data_workers.py defines the same datasets
// for Python's DataLoader.
import * as torch from '../../dist/lib/index.js';

const { Dataset, IterableDataset, registerWorkerExports, getWorkerInfo, workerReduce } = torch.utils.data;

/** Random draws per sample, in the order a random augmentation makes them (a flip coin, noise, an int). */
export class RandomAugmented extends Dataset {
  constructor(n) {
    super();
    this.n = n;
    this.base = torch.arange(n * 4, { dtype: 'float32' }).view(n, 4);
  }

  get length() { return this.n; }

  getItem(i) {
    let x = this.base.select(0, i);
    if (torch.rand([1]).item() < 0.5) x = x.flip(0);
    const noise = torch.randn([4]).mul(0.1);
    const k = torch.randint(0, 10, [1]).item();
    return [x.add(noise), i, k];
  }
}

/** What getWorkerInfo() says in the worker that loads each sample, and how often workerInitFn ran there. */
export class InfoProbe extends Dataset {
  constructor(n) { super(); this.n = n; }
  get length() { return this.n; }
  getItem(i) {
    const info = getWorkerInfo();
    return [i, info.id, info.numWorkers, String(info.seed), info.dataset === this ? 1 : 0, globalThis.initCalls ?? 0, globalThis.initId ?? -1];
  }
}

/** A workerInitFn, registered: it counts its calls in the worker. */
export function recordInit(workerId) {
  globalThis.initCalls = (globalThis.initCalls ?? 0) + 1;
  globalThis.initId = workerId;
}

/** PyTorch's documented sharding example: each worker yields its own slice of [start, end). */
export class ShardedRange extends IterableDataset {
  constructor(start, end) { super(); this.start = start; this.end = end; }
  *[Symbol.iterator]() {
    const info = getWorkerInfo();
    let [lo, hi] = [this.start, this.end];
    if (info !== null) {
      const per = Math.ceil((this.end - this.start) / info.numWorkers);
      lo = this.start + info.id * per;
      hi = Math.min(lo + per, this.end);
    }
    for (let i = lo; i < hi; i++) yield i;
  }
}

/** Not sharded: every worker yields all of it (Python's duplicates). */
export class PlainRange extends IterableDataset {
  constructor(n) { super(); this.n = n; }
  *[Symbol.iterator]() { for (let i = 0; i < this.n; i++) yield i; }
}

/** Throws a RangeError for one index. */
export class FailsAt extends Dataset {
  constructor(n, bad) { super(); this.n = n; this.bad = bad; }
  get length() { return this.n; }
  getItem(i) {
    if (i === this.bad) throw new RangeError(`index ${i} is bad`);
    return i;
  }
}

/** Each sample takes `ms` milliseconds (the thread sleeps). */
export class Slow extends Dataset {
  constructor(n, ms) { super(); this.n = n; this.ms = ms; }
  get length() { return this.n; }
  getItem(i) {
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, this.ms);
    return i;
  }
}

/** getItemAsync (preferred by workers) and getItem give different samples. */
export class AsyncItems extends Dataset {
  constructor(n) { super(); this.n = n; }
  get length() { return this.n; }
  getItem(i) { return [i, 0]; }
  async getItemAsync(i) {
    await new Promise((resolve) => setTimeout(resolve, 1));
    return [i, 1];
  }
}

/** Rebuilt from constructor arguments ([workerReduce]) rather than from its properties; its count is private. */
export class Reduced extends Dataset {
  #n;
  constructor(n) { super(); this.#n = n; }
  get length() { return this.#n; }
  getItem(i) { return i * 10; }
  [workerReduce]() { return { module: import.meta.url, exportName: 'Reduced', args: [this.#n] }; }
}

registerWorkerExports(import.meta.url, { RandomAugmented, InfoProbe, recordInit, ShardedRange, PlainRange, FailsAt, Slow, AsyncItems });
