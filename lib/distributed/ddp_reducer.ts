// DistributedDataParallel's native side (native/distributed_reducer.cpp): c10d's Reducer and the
// helpers Python's DDP constructor calls (torch._C._distributed_c10d's Reducer,
// _verify_params_across_processes, _broadcast_coalesced). lib/nn/parallel reaches c10d only
// through here: lib/nn never touches the binding.
import { native } from '../binding.js';
import type { Tensor } from '../tensor.js';
import type { DistributedBinding, GroupHandle } from './native_types.js';
import { ProcessGroup } from './distributed_c10d.js';

/** A c10d::Reducer. */
interface ReducerHandle { readonly __reducerHandle: unique symbol }

interface ReducerBinding {
  reducerNew(group: GroupHandle, params: Tensor[], bucketBytesCap: number, firstBucketBytesCap: number,
    findUnusedParameters: boolean, gradientAsBucketView: boolean, staticGraph: boolean): ReducerHandle;
  reducerPrepareForForward(reducer: ReducerHandle): void;
  reducerRebuildBuckets(reducer: ReducerHandle): boolean;
  reducerPrepareForBackward(reducer: ReducerHandle, outputs: Tensor[]): void;
  reducerRelease(reducer: ReducerHandle): void;
  reducerBucketSizes(reducer: ReducerHandle): number[];
  verifyParamsAcrossProcesses(group: GroupHandle, params: Tensor[]): void;
  broadcastCoalesced(group: GroupHandle, tensors: Tensor[], bufferSize: number, src: number): void;
}

const dist = native.distributed as DistributedBinding & ReducerBinding;

/** Python's dist._DEFAULT_FIRST_BUCKET_BYTES: the small first bucket (1 MiB). */
export const DEFAULT_FIRST_BUCKET_BYTES = 1024 * 1024;

/** The Reducer's construction settings (DDP's, in bytes). */
export interface ReducerOptions {
  bucketBytesCap: number;
  firstBucketBytesCap: number;
  findUnusedParameters: boolean;
  gradientAsBucketView: boolean;
  staticGraph: boolean;
}

/**
 * c10d's Reducer over `params` (DDP's parameters that require a gradient, in module order): it
 * hooks each parameter's gradient accumulator, allreduces each bucket as soon as its gradients are
 * ready during backward, and writes the averaged gradients back. Used by
 * nn.parallel.DistributedDataParallel; the bucket assignment is Python's (reversed).
 * @example
 * const reducer = new Reducer(pg, params, { bucketBytesCap: 25 << 20, firstBucketBytesCap: 1 << 20,
 *   findUnusedParameters: false, gradientAsBucketView: false, staticGraph: false });
 */
export class Reducer {
  private handle: ReducerHandle | null;

  constructor(group: ProcessGroup, params: Tensor[], options: ReducerOptions) {
    this.handle = dist.reducerNew(group.handle, params, options.bucketBytesCap, options.firstBucketBytesCap,
      options.findUnusedParameters, options.gradientAsBucketView, options.staticGraph);
  }

  private get live(): ReducerHandle {
    if (this.handle === null) throw new Error('the Reducer was released');
    return this.handle;
  }

  /** Before a forward that will be followed by a synchronised backward. */
  prepareForForward(): void { dist.reducerPrepareForForward(this.live); }

  /** The one-time rebuild of buckets in gradient order (a collective); true when it happened. */
  rebuildBuckets(): boolean { return dist.reducerRebuildBuckets(this.live); }

  /** After forward: `outputs` are searched for unused parameters (findUnusedParameters only). */
  prepareForBackward(outputs: Tensor[]): void { dist.reducerPrepareForBackward(this.live, outputs); }

  /** The number of parameters in each current bucket. */
  bucketSizes(): number[] { return dist.reducerBucketSizes(this.live); }

  /** Removes the autograd hooks and frees the buckets now rather than at garbage collection. */
  release(): void {
    if (this.handle !== null) dist.reducerRelease(this.handle);
    this.handle = null;
  }
}

/**
 * Python's _verify_param_shape_across_processes: every rank has as many parameters as rank 0,
 * with the same shapes, dtypes and layouts (a collective; RuntimeError naming the mismatch).
 * @example verifyParamShapeAcrossProcesses(pg, model.parameters())
 */
export function verifyParamShapeAcrossProcesses(group: ProcessGroup, params: Tensor[]): void {
  dist.verifyParamsAcrossProcesses(group.handle, params);
}

/**
 * Python's dist._broadcast_coalesced: `tensors` from rank `src` to every rank, packed into flat
 * buffers of at most `bufferSize` bytes, written into each tensor in place.
 * @example broadcastCoalesced(pg, model.parameters(), 250 * 1024 * 1024, 0)
 */
export function broadcastCoalesced(group: ProcessGroup, tensors: Tensor[], bufferSize: number, src: number): void {
  if (tensors.length === 0) return;
  dist.broadcastCoalesced(group.handle, tensors, bufferSize, src);
}
