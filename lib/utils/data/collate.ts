// default_collate: a list of samples -> a batch, as torch.utils.data.default_collate.
import { stack } from '../../generated/functions.js';
import { fromTypedArray, tensor } from '../../creation.js';
import { Tensor } from '../../tensor.js';
import { argTypeError, isPlainObject, describeValue } from '../../validate.js';
import { workerState } from './_worker_state.js';
import { sharedEmpty } from './worker_transfer.js';

/**
 * The type default collation gives a batch of samples of type T: tensors and numbers become
 * tensors, strings string arrays, and arrays, tuples, plain objects and Maps are collated field
 * by field.
 */
export type Collated<T> =
  T extends Tensor ? Tensor
    : T extends number | boolean | bigint ? Tensor
      : T extends string ? string[]
        : T extends ArrayBufferView ? Tensor
          : T extends Map<infer K, infer V> ? Map<K, Collated<V>>
            : T extends readonly unknown[] ? { -readonly [K in keyof T]: Collated<T[K]> }
              : T extends object ? { [K in keyof T]: Collated<T[K]> }
                : T;

/** The typed arrays default collation turns into tensors. */
function isTypedArray(v: unknown): v is ArrayBufferView & ArrayLike<number | bigint> {
  return ArrayBuffer.isView(v) && !(v instanceof DataView);
}

/**
 * Collates samples into a batch like PyTorch's default_collate: tensors are stacked along a new
 * first dimension (`torch.stack`); numbers become a tensor, int64 when all are integers (PyTorch's
 * `int`) and float64 otherwise (PyTorch's `float`); booleans a bool tensor, bigints int64; typed
 * arrays are stacked as tensors; strings stay an array; arrays/tuples are transposed and collated
 * position by position; plain objects and Maps key by key.
 * @example
 * torch.utils.data.defaultCollate([[torch.ones(2), 0], [torch.zeros(2), 1]]);
 * // [tensor([[1, 1], [0, 0]]), tensor([0, 1])]
 */
export function defaultCollate<T>(batch: readonly T[]): Collated<T> {
  return collate(batch) as Collated<T>;
}

function collate(batch: readonly unknown[]): unknown {
  if (!Array.isArray(batch) || batch.length === 0) throw argTypeError('defaultCollate(batch)', 'batch', 'a non-empty array of samples', batch);
  const elem = batch[0];
  if (elem instanceof Tensor) {
    for (const b of batch) if (!(b instanceof Tensor)) throw new TypeError(`defaultCollate: expected every sample to be a Tensor like the first (got ${describeValue(b)})`);
    if (workerState.info !== null && elem.device === 'cpu' && (batch as Tensor[]).every((b) => b.dtype === elem.dtype && b.device === 'cpu' && !b.requiresGrad)) {
      // In a DataLoader worker, as Python's: stacked straight into shared memory, which the
      // main thread then maps without a copy. (Unequal shapes fail in stack, with its message.)
      const shapes = (batch as Tensor[]).map((b) => b.shape);
      if (shapes.every((s) => s.length === shapes[0]!.length && s.every((d, i) => d === shapes[0]![i]))) {
        return stack(batch as Tensor[], 0, { out: sharedEmpty([batch.length, ...elem.shape], elem.dtype) });
      }
    }
    return stack(batch as Tensor[], 0);
  }
  if (typeof elem === 'number') {
    let allInt = true;
    for (const b of batch) {
      if (typeof b !== 'number') throw new TypeError(`defaultCollate: expected every sample to be a number like the first (got ${describeValue(b)})`);
      if (allInt && !Number.isInteger(b)) allInt = false;
    }
    return allInt
      ? fromTypedArray(BigInt64Array.from(batch as number[], (v) => BigInt(v)))
      : fromTypedArray(Float64Array.from(batch as number[]));
  }
  if (typeof elem === 'boolean' || typeof elem === 'bigint') {
    return tensor(batch as (boolean | bigint)[]);
  }
  if (typeof elem === 'string') return [...batch];
  if (isTypedArray(elem)) {
    return stack(batch.map((b) => {
      if (!isTypedArray(b)) throw new TypeError(`defaultCollate: expected every sample to be a typed array like the first (got ${describeValue(b)})`);
      return tensor(b);
    }), 0);
  }
  if (elem instanceof Map) {
    const out = new Map<unknown, unknown>();
    for (const key of elem.keys()) out.set(key, collate(batch.map((d) => (d as Map<unknown, unknown>).get(key))));
    return out;
  }
  if (Array.isArray(elem)) {
    const size = elem.length;
    for (const b of batch) {
      if (!Array.isArray(b) || b.length !== size) throw new RangeError('each element in list of batch should be of equal size');
    }
    const out = new Array<unknown>(size);
    for (let i = 0; i < size; i++) out[i] = collate(batch.map((b) => (b as unknown[])[i]));
    return out;
  }
  if (isPlainObject(elem)) {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(elem)) out[key] = collate(batch.map((d) => (d as Record<string, unknown>)[key]));
    return out;
  }
  throw new TypeError(`default_collate: batch must contain tensors, numbers, booleans, bigints, strings, typed arrays, arrays, Maps or plain objects; found ${describeValue(elem)}`);
}
