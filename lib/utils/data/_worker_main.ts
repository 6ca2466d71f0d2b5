// The main module of a DataLoader worker thread (Python's torch.utils.data._utils.worker._worker_loop):
// rebuilds the dataset, seeds the thread's default generator with baseSeed + id, runs
// workerInitFn, then loads the batches of the indices the main thread sends, one task at a time
// in the order received, and posts each (or the error it raised) back on its result port.
// Batches are encoded with their tensors in SharedArrayBuffers (default collation stacks straight
// into them), so they reach the main thread without a copy. After each post the shared counter
// is bumped and notified: the main thread may be blocked in Atomics.wait on it.
import { parentPort, workerData, type MessagePort } from 'node:worker_threads';
import { manualSeed } from '../../generator.js';
import { memory } from '../../memory.js';
import { workerState, workerSeedHooks } from './_worker_state.js';
import { defaultCollate } from './collate.js';
import { encodeForWorker, decodeFromWorker, modulesOf, sharedAllocations, collectGarbage, type Encoded } from './worker_transfer.js';
import type { DatasetLike } from './dataset.js';
import type { Tensor } from '../../tensor.js';

/** @internal What the main thread gives each worker (workerData). */
export interface WorkerSetup {
  workerId: number;
  numWorkers: number;
  baseSeed: bigint;
  iterable: boolean;
  /** Batches of indices (or of batchSize items from an iterable dataset) are collated. */
  autoCollation: boolean;
  batchSize: number | null;
  dropLast: boolean;
  dataset: Encoded;
  /** null: default collation (or, without auto-collation, the samples as they are). */
  collateFn: Encoded;
  workerInitFn: Encoded;
  resultPort: MessagePort;
  signal: Int32Array;
  /** Module URLs of torch-node's TypeScript sources and of the built JavaScript that stands for them. */
  moduleMap: [string, string] | null;
  /** The package entry, so that functions sent as source text have `torch` in scope. */
  entry: string;
}

/** @internal A task from the main thread. */
export type WorkerTask =
  | { type: 'fetch'; epoch: number; idx: number; indices: number[] | number | null }
  | { type: 'resume'; epoch: number };

/** @internal What a worker posts back. */
export type WorkerResult =
  | { type: 'data'; epoch: number; idx: number; workerId: number; data: Encoded }
  | { type: 'error'; epoch: number; idx: number; workerId: number; error: SerializedError }
  | { type: 'stop'; epoch: number; idx: number; workerId: number }
  | { type: 'fatal'; workerId: number; error: SerializedError };

/** @internal An error as it crosses: its class name, message and stack. */
export interface SerializedError { name: string; message: string; stack: string }

function serializeError(e: unknown): SerializedError {
  if (e instanceof Error) return { name: e.constructor?.name ?? e.name, message: e.message, stack: e.stack ?? `${e.name}: ${e.message}` };
  return { name: 'Error', message: String(e), stack: `Error: ${String(e)} (a non-Error value was thrown)` };
}

const setup = workerData as WorkerSetup;
/** Growth of the worker's live tensor bytes after which it runs a full collection. */
const COLLECT_AFTER_BYTES = 128 << 20;
const port = setup.resultPort;

function post(message: WorkerResult): void {
  port.postMessage(message);
  Atomics.add(setup.signal, 0, 1);
  Atomics.notify(setup.signal, 0);
}

const mapModule = (url: string): string => {
  const map = setup.moduleMap;
  if (map !== null && url.startsWith(map[0]) && url.endsWith('.ts')) return map[1] + url.slice(map[0].length, -3) + '.js';
  return url;
};

async function importAll(encoded: Encoded[]): Promise<Map<string, Record<string, unknown>>> {
  const urls = new Set<string>();
  for (const e of encoded) modulesOf(e, urls);
  const modules = new Map<string, Record<string, unknown>>();
  await Promise.all([...urls].map(async (url) => {
    const target = mapModule(url);
    if (target.endsWith('.ts')) {
      throw new TypeError(`DataLoader worker: cannot import ${url} in a worker thread (Node runs JavaScript there; build the TypeScript module first)`);
    }
    modules.set(url, await import(target) as Record<string, unknown>);
  }));
  return modules;
}

type Fetcher = (indices: number[] | number | null) => Promise<{ data: unknown } | 'stop'>;

function makeFetcher(dataset: unknown, collateFn: ((samples: unknown) => unknown) | null): Fetcher {
  const { autoCollation, batchSize, dropLast } = setup;
  const collate = collateFn ?? (autoCollation ? (s: unknown) => defaultCollate(s as unknown[]) : (s: unknown) => s);
  if (setup.iterable) {
    const ds = dataset as AsyncIterable<unknown> & Iterable<unknown>;
    const it: Iterator<unknown> | AsyncIterator<unknown> = typeof ds[Symbol.asyncIterator] === 'function' ? ds[Symbol.asyncIterator]() : ds[Symbol.iterator]();
    let ended = false;
    return async () => {
      if (ended) return 'stop';
      if (!autoCollation) {
        const r = await it.next();
        if (r.done === true) { ended = true; return 'stop'; }
        return { data: collate(r.value) };
      }
      const items: unknown[] = [];
      while (items.length < batchSize!) {
        const r = await it.next();
        if (r.done === true) { ended = true; break; }
        items.push(r.value);
      }
      if (items.length === 0 || (dropLast && items.length < batchSize!)) return 'stop';
      return { data: collate(items) };
    };
  }
  const ds = dataset as DatasetLike<unknown> & { getItemAsync?: (i: number) => Promise<unknown> };
  const hasAsync = typeof ds.getItemAsync === 'function';
  // One item after another, as Python's fetcher: random transforms draw in index order.
  const item = (i: number): unknown => (hasAsync ? ds.getItemAsync!(i) : ds.getItem(i));
  const useBatch = collateFn === null && autoCollation && typeof ds.getBatch === 'function';
  return async (indices) => {
    if (!autoCollation) return { data: collate(await item(indices as number)) };
    const list = indices as number[];
    if (useBatch) {
      const batch = ds.getBatch!(list);
      if (batch !== undefined) return { data: batch };
    }
    let samples: unknown[];
    if (typeof ds.getItems === 'function') samples = ds.getItems(list);
    else {
      samples = [];
      for (const i of list) samples.push(await item(i));
    }
    return { data: collate(samples) };
  };
}

async function main(): Promise<void> {
  const ns = await import(setup.entry) as Record<string, unknown>;
  const torch = (ns.default !== null && typeof ns.default === 'object' && 'Tensor' in (ns.default as object) ? ns.default : ns) as { setNumThreads(n: number): void };
  // As Python's workers: one intra-op thread each (OpenMP's thread count is per thread here, so
  // the main thread keeps its own).
  torch.setNumThreads(1);
  const seed = setup.baseSeed + BigInt(setup.workerId);

  // Errors of setup (rebuilding the dataset, workerInitFn) are reported for the first task, as
  // Python reports its worker_init_fn's; a dataset that did not rebuild fails every task.
  let initError: SerializedError | null = null;
  let broken: SerializedError | null = null;
  let dataset: unknown = null;
  let collateFn: ((samples: unknown) => unknown) | null = null;
  let fetcher: Fetcher | null = null;
  try {
    const modules = await importAll([setup.dataset, setup.collateFn, setup.workerInitFn]);
    const ctx = { modules, scope: { torch }, mapModule, keepShared: true };
    dataset = decodeFromWorker(setup.dataset, ctx);
    collateFn = decodeFromWorker(setup.collateFn, ctx) as typeof collateFn;
    const initFn = decodeFromWorker(setup.workerInitFn, ctx) as ((id: number) => unknown) | null;
    // Seeded once the dataset is rebuilt, as Python's worker seeds after unpickling it.
    manualSeed(seed);
    for (const hook of workerSeedHooks) hook(seed);
    workerState.info = Object.freeze({ id: setup.workerId, numWorkers: setup.numWorkers, seed, dataset });
    try {
      if (initFn !== null) await initFn(setup.workerId);
      fetcher = makeFetcher(dataset, collateFn);
    } catch (e) {
      initError = serializeError(e);
    }
  } catch (e) {
    broken = serializeError(e);
  }

  let liveAfterCollect = memory().numBytes;
  const queue: WorkerTask[] = [];
  let running = false;
  let iterationEnd = false;
  const pump = async (): Promise<void> => {
    if (running) return;
    running = true;
    while (queue.length > 0) {
      const task = queue.shift()!;
      if (task.type === 'resume') {
        iterationEnd = false;
        if (broken === null) {
          try { fetcher = makeFetcher(dataset, collateFn); } catch (e) { initError = serializeError(e); }
        }
        continue;
      }
      const { epoch, idx } = task;
      if (iterationEnd) continue;
      if (broken !== null) { post({ type: 'error', epoch, idx, workerId: setup.workerId, error: broken }); continue; }
      if (initError !== null || fetcher === null) {
        post({ type: 'error', epoch, idx, workerId: setup.workerId, error: initError ?? serializeError(new Error('the DataLoader worker has no fetcher')) });
        initError = null;
        continue;
      }
      const allocated: Tensor[] = [];
      sharedAllocations.log = allocated;
      try {
        const r = await fetcher(task.indices);
        if (r === 'stop') {
          iterationEnd = true;
          post({ type: 'stop', epoch, idx, workerId: setup.workerId });
        } else {
          post({ type: 'data', epoch, idx, workerId: setup.workerId, data: encodeForWorker(r.data, 'the batch') });
        }
      } catch (e) {
        post({ type: 'error', epoch, idx, workerId: setup.workerId, error: serializeError(e) });
      } finally {
        sharedAllocations.log = null;
        // The batch's shared memory now belongs to the main thread: drop this thread's hold.
        for (const t of allocated) t.dispose();
      }
      // A worker makes few JS objects but many tensors and shared buffers (the samples, then the
      // batch), which V8 weighs little: collect the young generation (where the batches' buffer
      // objects die) every COLLECT_AFTER_BYTES of shared memory made, and the whole heap past
      // twice that growth of live tensor bytes, so that memory is freed about as Python frees it.
      if (sharedAllocations.bytes > COLLECT_AFTER_BYTES) {
        sharedAllocations.bytes = 0;
        collectGarbage('minor');
      }
      if (memory().numBytes > liveAfterCollect + 2 * COLLECT_AFTER_BYTES) {
        collectGarbage('major');
        liveAfterCollect = memory().numBytes;
      }
      // Back to the event loop between batches (messages, timers).
      await new Promise<void>((resolve) => setImmediate(resolve));
    }
    running = false;
  };
  parentPort!.on('message', (task: WorkerTask) => {
    queue.push(task);
    void pump();
  });
}

process.on('uncaughtException', (e) => {
  post({ type: 'fatal', workerId: setup.workerId, error: serializeError(e) });
  process.exit(1);
});
main().catch((e: unknown) => {
  post({ type: 'fatal', workerId: setup.workerId, error: serializeError(e) });
  process.exit(1);
});
