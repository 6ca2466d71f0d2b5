// A collective or point-to-point operation in flight (c10d's Work), as asyncOp collectives and
// isend/irecv return it.
import { native } from '../binding.js';
import type { WorkHandle } from './native_types.js';

const dist = native.distributed;

/**
 * An asynchronous distributed operation (Python's torch.distributed.Work). `wait()` blocks the
 * calling thread until it completes, as in Python; `promise()` (and `await work`) settles on the
 * event loop when c10d completes it, never blocking it. A failed operation throws (or rejects
 * with) c10d's error: an Error with c10d's message, named as Python's class when c10d raises one
 * (`DistBackendError`, `DistNetworkError`, `DistStoreError`).
 * @example
 * const work = torch.distributed.allReduce(t, { asyncOp: true });
 * await work;            // or work.wait()
 */
export class Work implements PromiseLike<void> {
  /** @internal */
  readonly handle: WorkHandle;
  #promise: Promise<void> | undefined;
  readonly #onSource: ((groupRank: number) => number) | undefined;

  /** @internal */
  constructor(handle: WorkHandle, onSource?: (groupRank: number) => number) {
    this.handle = handle;
    this.#onSource = onSource;
  }

  /**
   * Blocks until the operation completes (at most timeout ms when given); true when it completed.
   * Throws the operation's error.
   * @example work.wait()
   */
  wait(timeout?: number): boolean {
    if (timeout !== undefined && (typeof timeout !== 'number' || !(timeout >= 0))) {
      throw new RangeError(`Work.wait(timeout): timeout must be a non-negative number of milliseconds (got ${String(timeout)})`);
    }
    return dist.workWait(this.handle, timeout);
  }

  /**
   * Settles when the operation completes, on the event loop (never blocks it).
   * @example await work.promise()
   */
  promise(): Promise<void> {
    this.#promise ??= dist.workPromise(this.handle);
    return this.#promise;
  }

  /**
   * `await work` waits for it without blocking the event loop.
   * @example await torch.distributed.isend(t, 1)
   */
  then<R1 = void, R2 = never>(onFulfilled?: ((value: void) => R1 | PromiseLike<R1>) | null,
    onRejected?: ((reason: unknown) => R2 | PromiseLike<R2>) | null): Promise<R1 | R2> {
    return this.promise().then(onFulfilled, onRejected);
  }

  /** True once the operation finished, successfully or not. @example work.isCompleted() */
  isCompleted(): boolean {
    return dist.workIsCompleted(this.handle);
  }

  /** True once the operation finished successfully. @example work.isSuccess() */
  isSuccess(): boolean {
    return dist.workIsSuccess(this.handle);
  }

  /** The error of a failed operation, or null. @example work.exception()?.message */
  exception(): Error | null {
    return dist.workException(this.handle);
  }

  /**
   * The (global) rank a completed recv from any source received from.
   * @example const w = torch.distributed.irecv(t); w.wait(); w.sourceRank()
   */
  sourceRank(): number {
    const r = dist.workSourceRank(this.handle);
    return this.#onSource ? this.#onSource(r) : r;
  }
}
