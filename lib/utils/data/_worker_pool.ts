// The main thread's side of DataLoader workers (Python's _MultiProcessingDataLoaderIter): starts
// the worker threads, hands out batches of indices round-robin with prefetchFactor * numWorkers
// outstanding, and gives the results back in order (or as they come, with inOrder: false).
//
// Results arrive on one MessagePort per worker, read with receiveMessageOnPort (never through
// 'message' events), so the same code serves both ways of iterating: `for...of` blocks the thread
// in Atomics.wait on a shared counter that each worker bumps after posting, and `for await` waits
// with Atomics.waitAsync, leaving the event loop free. Workers are unref'ed (a program ends
// without shutting them down); while a `for await` waits, they are ref'ed, so that the wait keeps
// the process alive.
import { Worker, MessageChannel, receiveMessageOnPort, type MessagePort } from 'node:worker_threads';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { decodeFromWorker, sharedBytesOf, collectGarbage, type Encoded } from './worker_transfer.js';
import { empty } from '../../generated/functions.js';
import type { WorkerResult, WorkerSetup, WorkerTask, SerializedError } from './_worker_main.js';

/** Python's MP_STATUS_CHECK_INTERVAL: how often a wait looks at the workers' health. */
const STATUS_CHECK_MS = 5000;
/** Shared memory received between two collections of the batches' buffer objects. */
const COLLECT_AFTER_BYTES = 512 << 20;

/** Atomics.waitAsync (V8 has it since Node 16; the ES2022 library typings do not). */
const waitAsync = (Atomics as unknown as {
  waitAsync(a: Int32Array, index: number, value: number, timeoutMs: number): { async: false; value: string } | { async: true; value: Promise<string> };
}).waitAsync;

/** The worker script and the module map, from where this module runs (dist/lib, dist/cjs/lib or the TypeScript sources). */
function locateWorker(): { script: URL; entry: string; moduleMap: [string, string] | null } {
  const here = import.meta.url;
  if (!here.endsWith('.ts')) {
    return { script: new URL('./_worker_main.js', here), entry: new URL('../../index.js', here).href, moduleMap: null };
  }
  // Running from the TypeScript sources (torch-node's own test runner): worker threads run the
  // built JavaScript of the same files, and modules under lib/ map to their dist/lib/ builds.
  const srcRoot = new URL('../../', here).href;
  const distRoot = new URL('../../../dist/lib/', here).href;
  const script = new URL('utils/data/_worker_main.js', distRoot);
  if (!existsSync(fileURLToPath(script))) {
    throw new Error(`DataLoader: numWorkers > 0 runs the built JavaScript in worker threads, and ${fileURLToPath(script)} is missing: run \`npx tsc -p tsconfig.json\``);
  }
  return { script, entry: new URL('index.js', distRoot).href, moduleMap: [srcRoot, distRoot] };
}

/** Python's ExceptionWrapper.reraise: the worker's error, as its class when that is a built-in one. */
function reraise(error: SerializedError, workerId: number): Error {
  const message = `Caught ${error.name} in DataLoader worker thread ${workerId}.\nOriginal ${error.stack}`;
  const builtins: Record<string, new (m: string) => Error> = { Error, TypeError, RangeError, ReferenceError, SyntaxError, EvalError, URIError };
  const Ctor = builtins[error.name] ?? Error;
  const e = new Ctor(message);
  if (Ctor === Error && error.name !== 'Error') Object.defineProperty(e, 'name', { value: error.name, configurable: true, writable: true });
  return e;
}

/** @internal What starting the workers needs; the rest of WorkerSetup is per worker. */
export type PoolSetup = Omit<WorkerSetup, 'workerId' | 'resultPort' | 'signal' | 'moduleMap' | 'entry'>;

/** @internal The worker threads of one iterator (or of a loader, with persistentWorkers). */
export class WorkerPool {
  readonly workers: Worker[] = [];
  readonly ports: MessagePort[] = [];
  readonly signal = new Int32Array(new SharedArrayBuffer(4));
  /** Messages read from the ports, not yet taken. */
  private readonly inbox: WorkerResult[] = [];
  /** Why a worker stopped, when one did outside a shutdown. */
  private died: string | null = null;
  private refs = 0;
  shutDown = false;

  constructor(setup: PoolSetup) {
    const { script, entry, moduleMap } = locateWorker();
    for (let workerId = 0; workerId < setup.numWorkers; workerId++) {
      const { port1, port2 } = new MessageChannel();
      const workerData: WorkerSetup = { ...setup, workerId, resultPort: port2, signal: this.signal, moduleMap, entry };
      const w = new Worker(script, { workerData, transferList: [port2], execArgv: [], stdout: false, stderr: false });
      w.unref();
      port1.unref();
      w.on('error', (e: Error) => { if (!this.shutDown) this.died ??= `DataLoader worker (thread ${workerId}) failed: ${e.message}`; });
      w.on('exit', (code) => { if (!this.shutDown) this.died ??= `DataLoader worker (thread ${workerId}) exited unexpectedly with exit code ${code}`; this.wake(); });
      this.workers.push(w);
      this.ports.push(port1);
    }
  }

  private wake(): void {
    Atomics.add(this.signal, 0, 1);
    Atomics.notify(this.signal, 0);
  }

  send(workerId: number, task: WorkerTask): void {
    this.workers[workerId]!.postMessage(task);
  }

  /** The next message from any worker, if one has arrived. */
  private poll(): WorkerResult | undefined {
    if (this.inbox.length === 0) {
      for (const p of this.ports) {
        for (let m = receiveMessageOnPort(p); m !== undefined; m = receiveMessageOnPort(p)) this.inbox.push(m.message as WorkerResult);
      }
    }
    return this.inbox.shift();
  }

  private check(m: WorkerResult | undefined): WorkerResult | undefined {
    if (m !== undefined && m.type === 'fatal') {
      throw new Error(`DataLoader worker (thread ${m.workerId}) exited unexpectedly: ${m.error.stack}`);
    }
    if (m === undefined && this.died !== null) throw new Error(this.died);
    return m;
  }

  /**
   * The next result, blocking the thread (Atomics.wait) until one arrives; after
   * `timeoutSeconds` (0: no limit) Python's "DataLoader timed out" error.
   */
  receiveSync(timeoutSeconds: number): WorkerResult {
    const deadline = timeoutSeconds > 0 ? performance.now() + timeoutSeconds * 1000 : Infinity;
    for (;;) {
      const seen = Atomics.load(this.signal, 0);
      const m = this.check(this.poll());
      if (m !== undefined) return m;
      const left = deadline - performance.now();
      if (left <= 0) throw new Error(`DataLoader timed out after ${timeoutSeconds} seconds`);
      Atomics.wait(this.signal, 0, seen, Math.min(left, STATUS_CHECK_MS));
    }
  }

  /** The next result, waiting without blocking the event loop (Atomics.waitAsync). */
  async receive(timeoutSeconds: number): Promise<WorkerResult> {
    const deadline = timeoutSeconds > 0 ? performance.now() + timeoutSeconds * 1000 : Infinity;
    this.ref();
    try {
      for (;;) {
        const seen = Atomics.load(this.signal, 0);
        const m = this.check(this.poll());
        if (m !== undefined) return m;
        const left = deadline - performance.now();
        if (left <= 0) throw new Error(`DataLoader timed out after ${timeoutSeconds} seconds`);
        const r = waitAsync(this.signal, 0, seen, Math.min(left, STATUS_CHECK_MS));
        if (r.async) await r.value;
      }
    } finally {
      this.unref();
    }
  }

  /**
   * Counts the shared memory of the batches received. Their buffer objects hold it until this
   * thread collects them (disposing a batch's tensors drops only the tensors' hold); they wait
   * for their turn through a few young-generation collections (torch-node runs one per large
   * tensor made), so they reach the old generation, which a loop that makes few JS objects
   * collects rarely: a full collection every COLLECT_AFTER_BYTES bounds the memory held.
   */
  received(bytes: number): void {
    this.receivedBytes += bytes;
    if (this.receivedBytes > COLLECT_AFTER_BYTES) {
      this.receivedBytes = 0;
      collectGarbage('major');
    }
  }

  private receivedBytes = 0;

  private ref(): void {
    if (this.refs++ === 0) for (const w of this.workers) w.ref();
  }

  private unref(): void {
    if (--this.refs === 0 && !this.shutDown) for (const w of this.workers) w.unref();
  }

  /** Terminates the workers (idempotent). Their batches already received stay valid. */
  shutdown(): void {
    if (this.shutDown) return;
    this.shutDown = true;
    // The default generator's state is swapped per JS thread only while several threads run:
    // draw nothing from it once, so that this thread's own stream is loaded before the workers
    // exit (else the last stream a worker left in it would stay this thread's).
    empty([0]).uniform_().dispose();
    for (const w of this.workers) void w.terminate();
    for (const p of this.ports) p.close();
    this.inbox.length = 0;
  }
}

/** Shuts down the pools of iterators and loaders that were garbage-collected unfinished. */
export const poolFinalizer = new FinalizationRegistry<WorkerPool>((pool) => pool.shutdown());

/** @internal The per-epoch state of Python's _MultiProcessingDataLoaderIter over a pool. */
export class WorkerEpoch<B> {
  private sendIdx = 0;
  private rcvdIdx = 0;
  /** Task idx -> the worker it went to, and its result once it came out of order. */
  private readonly taskInfo = new Map<number, { worker: number; result?: WorkerResult }>();
  private tasksOutstanding = 0;
  private readonly workersStatus: boolean[];
  private readonly workersNumTasks: number[];
  private cycle = 0;
  private done = false;

  constructor(
    readonly pool: WorkerPool,
    readonly epoch: number,
    private readonly indices: Iterator<number[] | number | null>,
    private readonly options: { numWorkers: number; prefetchFactor: number; inOrder: boolean; timeout: number; persistent: boolean; iterable: boolean },
    private readonly afterBatch: (batch: unknown) => B,
  ) {
    const n = options.numWorkers;
    this.workersStatus = new Array<boolean>(n).fill(true);
    this.workersNumTasks = new Array<number>(n).fill(0);
    if (epoch > 0) for (let w = 0; w < n; w++) pool.send(w, { type: 'resume', epoch });
    for (let i = 0; i < options.prefetchFactor * n; i++) this.tryPutIndex();
  }

  private tryPutIndex(): void {
    const { numWorkers, prefetchFactor, inOrder } = this.options;
    const maxTasks = prefetchFactor * numWorkers;
    const r = this.indices.next();
    if (r.done === true) return;
    let worker = -1;
    for (let k = 0; k < numWorkers; k++) {
      const w = this.cycle;
      this.cycle = (this.cycle + 1) % numWorkers;
      if (!this.workersStatus[w]) continue;
      if (inOrder) { worker = w; break; }
      const active = this.workersStatus.filter(Boolean).length;
      if (this.workersNumTasks[w]! < Math.floor(maxTasks / active)) { worker = w; break; }
    }
    if (worker < 0) return;
    this.pool.send(worker, { type: 'fetch', epoch: this.epoch, idx: this.sendIdx, indices: r.value });
    this.taskInfo.set(this.sendIdx, { worker });
    this.workersNumTasks[worker]! += 1;
    this.tasksOutstanding += 1;
    this.sendIdx += 1;
  }

  /** Ends the epoch: non-persistent pools shut down. */
  finish(): void {
    this.done = true;
    if (!this.options.persistent) this.pool.shutdown();
  }

  private process(result: WorkerResult): B {
    this.workersNumTasks[(result as { workerId: number }).workerId]! -= 1;
    this.tryPutIndex();
    if (result.type === 'error') throw reraise(result.error, result.workerId);
    const data = (result as { data: Encoded }).data;
    this.pool.received(sharedBytesOf(data));
    return this.afterBatch(decodeFromWorker(data));
  }

  /**
   * One step of Python's _next_data: a batch to yield, a result to wait for ('wait'), or the
   * end ('end'). `got` is a result just received.
   */
  private step(got: WorkerResult | undefined): { batch: B } | 'wait' | 'end' {
    if (got !== undefined) {
      if (got.type === 'fatal') throw new Error(`DataLoader worker (thread ${got.workerId}) exited unexpectedly: ${got.error.stack}`);
      // A result of an earlier epoch (persistent workers after a break): dropped, as Python drops them on resume.
      if (got.epoch !== this.epoch) return 'wait';
      this.tasksOutstanding -= 1;
      if (got.type === 'stop') {
        this.workersStatus[got.workerId] = false;
        this.taskInfo.delete(got.idx);
        this.tryPutIndex();
      } else if (got.idx !== this.rcvdIdx) {
        if (!this.options.inOrder) {
          this.taskInfo.delete(got.idx);
          return { batch: this.process(got) };
        }
        this.taskInfo.get(got.idx)!.result = got;
      } else {
        this.taskInfo.delete(got.idx);
        this.rcvdIdx += 1;
        return { batch: this.process(got) };
      }
    }
    for (;;) {
      while (this.rcvdIdx < this.sendIdx) {
        const info = this.taskInfo.get(this.rcvdIdx);
        if (info !== undefined) {
          if (info.result !== undefined || this.workersStatus[info.worker]) break;
          this.taskInfo.delete(this.rcvdIdx);
        }
        this.rcvdIdx += 1;
      }
      if (this.rcvdIdx >= this.sendIdx) return 'end';
      const info = this.taskInfo.get(this.rcvdIdx)!;
      if (info.result !== undefined) {
        this.taskInfo.delete(this.rcvdIdx);
        this.rcvdIdx += 1;
        return { batch: this.process(info.result) };
      }
      return 'wait';
    }
  }

  nextSync(): IteratorResult<B> {
    if (this.done) return { done: true, value: undefined };
    try {
      let got: WorkerResult | undefined;
      for (;;) {
        const s = this.step(got);
        if (s === 'end') { this.finish(); return { done: true, value: undefined }; }
        if (s !== 'wait') return { done: false, value: s.batch };
        got = this.pool.receiveSync(this.options.timeout);
      }
    } catch (e) {
      this.finish();
      this.pool.shutdown();
      throw e;
    }
  }

  async next(): Promise<IteratorResult<B>> {
    if (this.done) return { done: true, value: undefined };
    try {
      let got: WorkerResult | undefined;
      for (;;) {
        const s = this.step(got);
        if (s === 'end') { this.finish(); return { done: true, value: undefined }; }
        if (s !== 'wait') return { done: false, value: s.batch };
        got = await this.pool.receive(this.options.timeout);
      }
    } catch (e) {
      this.finish();
      this.pool.shutdown();
      throw e;
    }
  }
}
