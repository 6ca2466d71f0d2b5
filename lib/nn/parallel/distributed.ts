// DistributedDataParallel, as torch/nn/parallel/distributed.py over c10d's Reducer. The
// constructor makes the same collectives in the same order as Python's (parameter shapes checked
// across ranks, parameters and buffers broadcast from rank 0 in 250 MB buckets, the same bucket
// assignment), and so does every forward (the one-time bucket rebuild, the buffer broadcast), so a
// Node process and a Python process can be ranks of one DDP job.
import { Module } from '../modules/module.js';
import { Tensor } from '../../tensor.js';
import { isGradEnabled } from '../../autograd/grad_mode.js';
import { ProcessGroup, group as distGroup, isInitialized } from '../../distributed/distributed_c10d.js';
import {
  Reducer, DEFAULT_FIRST_BUCKET_BYTES, broadcastCoalesced, verifyParamShapeAcrossProcesses,
} from '../../distributed/ddp_reducer.js';
import { describeValue, isPlainObject } from '../../validate.js';
import type { ForwardArgs, ForwardResult } from './data_parallel.js';

/** The options of DistributedDataParallel (Python's keyword arguments, camelCase). */
export interface DistributedDataParallelOptions {
  /** A CUDA module's one device (inputs are moved there); a CPU module takes none, as Python's. */
  deviceIds?: readonly (number | string)[] | null;
  outputDevice?: number | string | null;
  /** Python's `dim` (scatter dimension of the single-device path; unused on CPU). */
  dim?: number;
  /** Broadcast the module's buffers from rank 0 at the start of every forward (default true). */
  broadcastBuffers?: boolean;
  /** The group to synchronise over (default: the default group). */
  processGroup?: ProcessGroup | null;
  /** Bucket size in MiB (default 25, with a 1 MiB first bucket as Python's). */
  bucketCapMb?: number | null;
  /** Look for parameters the forward did not use, so backward does not wait for them. */
  findUnusedParameters?: boolean;
  /** Gradients become views into the allreduce buckets (saves a copy and memory). */
  gradientAsBucketView?: boolean;
  /** The graph is the same every iteration (Python's static_graph). */
  staticGraph?: boolean;
}

const OPTION_NAMES = [
  'deviceIds', 'outputDevice', 'dim', 'broadcastBuffers', 'processGroup', 'bucketCapMb',
  'findUnusedParameters', 'gradientAsBucketView', 'staticGraph',
];

const MB_TO_BYTES = 1024 * 1024;
const DEFAULT_BUCKET_CAP_MB = 25;
/** Python's broadcast_bucket_size: 250 MB. */
const BROADCAST_BUCKET_SIZE = 250 * 1024 * 1024;

/** Every Tensor inside an output (arrays, plain objects, Maps), as Python's _find_tensors. */
function findTensors(value: unknown, out: Tensor[] = [], seen = new Set<unknown>()): Tensor[] {
  if (value instanceof Tensor) {
    out.push(value);
  } else if (value !== null && typeof value === 'object' && !seen.has(value)) {
    seen.add(value);
    if (Array.isArray(value)) for (const v of value) findTensors(v, out, seen);
    else if (value instanceof Map) for (const v of value.values()) findTensors(v, out, seen);
    else if (isPlainObject(value)) for (const v of Object.values(value as Record<string, unknown>)) findTensors(v, out, seen);
  }
  return out;
}

/** Tensors inside `value` (arrays, plain objects) moved to `device`, as Python's _to_kwargs. */
function toDevice(value: unknown, device: string): unknown {
  if (value instanceof Tensor) return value.to(device);
  if (Array.isArray(value)) return value.map((v) => toDevice(v, device));
  if (isPlainObject(value)) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, toDevice(v, device)]));
  return value;
}

function flag(options: DistributedDataParallelOptions, name: keyof DistributedDataParallelOptions, fallback: boolean): boolean {
  const v = options[name];
  if (v === undefined) return fallback;
  if (typeof v !== 'boolean') throw new TypeError(`DistributedDataParallel(): ${name} must be a boolean (got ${describeValue(v)})`);
  return v;
}

/**
 * PyTorch's DistributedDataParallel: data parallelism across processes. Every rank holds a
 * replica of `module`; the constructor broadcasts rank 0's parameters and buffers, and during
 * backward c10d's Reducer averages the gradients across ranks bucket by bucket while the backward
 * pass is still running, so every replica's optimizer step sees the same gradients. The module is
 * registered as `module`: state dict keys carry the `module.` prefix as in Python.
 * Requires `torch.distributed.initProcessGroup` (or a `processGroup`) first.
 * @example
 * torch.distributed.initProcessGroup({ backend: 'gloo' });   // RANK, WORLD_SIZE, ... from torch-node-run
 * const ddp = new nn.parallel.DistributedDataParallel(model);
 * const opt = new optim.SGD(ddp.parameters(), { lr: 0.01 });
 * F.nllLoss(ddp(x), y).backward();                         // gradients averaged across ranks
 * opt.step();
 */
export class DistributedDataParallel<M extends Module = Module> extends Module {
  module: M;
  readonly processGroup: ProcessGroup;
  readonly deviceIds: number[] | null;
  readonly outputDevice: number | string | null;
  readonly dim: number;
  readonly broadcastBuffers: boolean;
  readonly findUnusedParameters: boolean;
  readonly gradientAsBucketView: boolean;
  readonly staticGraph: boolean;
  /** The bucket size limit in bytes. */
  readonly bucketBytesCap: number;
  /** Whether the next backward averages gradients (false inside noSync). */
  requireBackwardGradSync = true;
  /** Whether the last forward prepared a synchronised backward (buffers are broadcast when true). */
  requireForwardParamSync = true;
  private readonly reducer: Reducer;

  constructor(module: M, options: DistributedDataParallelOptions = {}) {
    super();
    if (!(module instanceof Module)) throw new TypeError(`DistributedDataParallel(): module must be an nn.Module (got ${describeValue(module)})`);
    if (!isPlainObject(options as unknown)) throw new TypeError(`DistributedDataParallel(): options must be an object (got ${describeValue(options)})`);
    for (const k of Object.keys(options)) {
      if (!OPTION_NAMES.includes(k)) throw new TypeError(`DistributedDataParallel(): unknown option '${k}' (expected one of ${OPTION_NAMES.join(', ')})`);
    }
    const params = module.parameters();
    if (!params.some((p) => p.requiresGrad)) {
      throw new RangeError("DistributedDataParallel is not needed when a module doesn't have any parameter that requires a gradient.");
    }
    const deviceIds = options.deviceIds ?? null;
    const onCuda = params.some((p) => p.isCuda);
    if (deviceIds !== null && deviceIds.length > 1) throw new RangeError('device_ids can only be None or contain a single element.');
    if (deviceIds !== null && deviceIds.length > 0 && !onCuda) {
      throw new RangeError(`DistributedDataParallel device_ids and output_device arguments only work with single-device/multiple-device GPU modules or CPU modules, but got device_ids ${JSON.stringify(options.deviceIds)}, output_device ${String(options.outputDevice ?? 'None')}, and module parameters {device(type='cpu')}.`);
    }
    let pg: ProcessGroup;
    if (options.processGroup !== undefined && options.processGroup !== null) {
      if (!(options.processGroup instanceof ProcessGroup)) throw new TypeError(`DistributedDataParallel(): processGroup must be a ProcessGroup (got ${describeValue(options.processGroup)})`);
      pg = options.processGroup;
    } else {
      if (!isInitialized()) {
        throw new Error('Default process group has not been initialized, please make sure to call init_process_group.');
      }
      pg = distGroup.WORLD as ProcessGroup;
    }
    const dim = options.dim ?? 0;
    if (!Number.isInteger(dim)) throw new TypeError(`DistributedDataParallel(): dim must be an integer (got ${describeValue(dim)})`);
    const capMb = options.bucketCapMb ?? null;
    if (capMb !== null && (typeof capMb !== 'number' || !(capMb > 0))) {
      throw new RangeError(`DistributedDataParallel(): bucketCapMb must be a positive number (got ${describeValue(capMb)})`);
    }
    this.module = module;
    this.processGroup = pg;
    // A CUDA module on one device (Python's single-device DDP): inputs are moved there.
    this.deviceIds = deviceIds !== null && deviceIds.length === 1
      ? [typeof deviceIds[0] === 'number' ? deviceIds[0] : Number(String(deviceIds[0]).split(':')[1] ?? 0)]
      : null;
    this.outputDevice = options.outputDevice ?? null;
    this.dim = dim;
    this.broadcastBuffers = flag(options, 'broadcastBuffers', true);
    this.findUnusedParameters = flag(options, 'findUnusedParameters', false);
    this.gradientAsBucketView = flag(options, 'gradientAsBucketView', false);
    this.staticGraph = flag(options, 'staticGraph', false);
    this.bucketBytesCap = Math.trunc((capMb ?? DEFAULT_BUCKET_CAP_MB) * MB_TO_BYTES);
    const firstBucketBytesCap = capMb === null ? DEFAULT_FIRST_BUCKET_BYTES : this.bucketBytesCap;

    // Python's _build_params_for_reducer: parameters that require grad, module by module, each once.
    const reducerParams: Tensor[] = [];
    const seen = new Set<Tensor>();
    for (const [, m] of module.namedModules()) {
      for (const [, p] of m.namedParameters({ recurse: false })) {
        if (p.requiresGrad && !seen.has(p)) { seen.add(p); reducerParams.push(p); }
      }
    }
    // Python's constructor: the shapes checked, then rank 0's parameters and buffers everywhere.
    verifyParamShapeAcrossProcesses(pg, reducerParams);
    const states: Tensor[] = module.namedParameters().map(([, p]) => p as Tensor);
    if (this.broadcastBuffers) for (const [, b] of module.namedBuffers()) states.push(b);
    broadcastCoalesced(pg, states, BROADCAST_BUCKET_SIZE, 0);
    this.reducer = new Reducer(pg, reducerParams, {
      bucketBytesCap: this.bucketBytesCap, firstBucketBytesCap,
      findUnusedParameters: this.findUnusedParameters, gradientAsBucketView: this.gradientAsBucketView,
      staticGraph: this.staticGraph,
    });
  }

  /** The module's buffers, read each forward (a module may replace them), as Python's. */
  private modulesBuffers(): Tensor[] {
    return this.module.namedBuffers().map(([, b]) => b);
  }

  /** Python's will_sync_module_buffers. */
  willSyncModuleBuffers(): boolean {
    return this.requireForwardParamSync && this.broadcastBuffers && this.modulesBuffers().length > 0;
  }

  forward(...inputs: ForwardArgs<M>): ForwardResult<M> {
    // Python's _pre_forward.
    const grad = isGradEnabled();
    if (grad && this.requireBackwardGradSync) this.reducer.prepareForForward();
    if (grad) this.reducer.rebuildBuckets();
    if (this.willSyncModuleBuffers()) broadcastCoalesced(this.processGroup, this.modulesBuffers(), BROADCAST_BUCKET_SIZE, 0);
    const args = this.deviceIds === null ? inputs as unknown[] : (inputs as unknown[]).map((a) => toDevice(a, `cuda:${this.deviceIds![0]}`));
    const output = (this.module as unknown as (...a: unknown[]) => ForwardResult<M>)(...args);
    // Python's _post_forward.
    if (isGradEnabled() && this.requireBackwardGradSync) {
      this.requireForwardParamSync = true;
      this.reducer.prepareForBackward(this.findUnusedParameters && !this.staticGraph ? findTensors(output) : []);
    } else {
      this.requireForwardParamSync = false;
    }
    return output;
  }

  /**
   * Gradients are not averaged inside: they accumulate locally, and the first synchronised
   * backward after it averages the sum. Python's `with ddp.no_sync():` — as a callback, or with
   * no argument a scope to close (`using _ = ddp.noSync();`). The forward must run inside too.
   * @example
   * ddp.noSync(() => { lossOf(ddp(x1)).backward(); });   // local accumulation
   * lossOf(ddp(x2)).backward();                          // averages the sum of both
   */
  noSync<T>(fn: () => T): T;
  noSync(): { [Symbol.dispose](): void };
  noSync<T>(fn?: () => T): T | { [Symbol.dispose](): void } {
    if (fn !== undefined && typeof fn !== 'function') throw new TypeError(`noSync(fn): fn must be a function (got ${describeValue(fn)})`);
    const old = this.requireBackwardGradSync;
    this.requireBackwardGradSync = false;
    if (fn === undefined) {
      let open = true;
      return { [Symbol.dispose]: () => { if (open) { open = false; this.requireBackwardGradSync = old; } } };
    }
    try {
      return fn();
    } finally {
      this.requireBackwardGradSync = old;
    }
  }

  /** The number of parameters in each of the Reducer's buckets (in allreduce order). */
  bucketSizes(): number[] {
    return this.reducer.bucketSizes();
  }

  /** Removes the Reducer's autograd hooks now (they otherwise go with garbage collection). */
  release(): void {
    this.reducer.release();
  }
}
