// torch.jit: run TorchScript models (load, call, save), trace JS code into TorchScript, and run
// TorchScript methods off the JS thread. `import * as torch from 'torch-node'; torch.jit.load(...)`.
import { native } from '../binding.js';
import { describeValue } from '../validate.js';
import { ScriptModule } from './script_module.js';
import type { AsyncPoolInfo } from './native_types.js';

export { ScriptModule } from './script_module.js';
export { trace, script } from './trace.js';
export type { TraceOptions } from './trace.js';
export type { ScriptModuleDescription, AsyncPoolInfo } from './native_types.js';

/** Options of `torch.jit.load`. */
export interface LoadOptions {
  /** Where tensors go: 'cpu', 'cuda', 'cuda:1' (default: where they were saved). */
  mapLocation?: string | null;
}

/**
 * Loads a TorchScript module saved by Python's `torch.jit.save`/`ScriptModule.save` (or by
 * `torch.jit.save` here), from a path or from the file's bytes. Blocks while it reads.
 * @example
 * const model = torch.jit.load('model.pt', { mapLocation: 'cpu' });
 * const y = model(torch.randn(1, 784));
 */
export function load(f: string | Uint8Array, options: LoadOptions | string = {}): ScriptModule {
  if (typeof f !== 'string' && !(f instanceof Uint8Array)) {
    throw new TypeError(`torch.jit.load(f): f must be a path or a Uint8Array/Buffer (got ${describeValue(f)})`);
  }
  const o = typeof options === 'string' ? { mapLocation: options } : options;
  if (typeof o !== 'object' || o === null) throw new TypeError(`torch.jit.load(): options must be an object (got ${describeValue(options)})`);
  for (const k of Object.keys(o)) if (k !== 'mapLocation') throw new TypeError(`torch.jit.load(): unknown option '${k}' (expected mapLocation)`);
  const loc = o.mapLocation ?? null;
  if (loc !== null && typeof loc !== 'string') throw new TypeError(`torch.jit.load(): mapLocation must be a device string (got ${describeValue(loc)})`);
  return new ScriptModule(native.jit.load(f, loc));
}

/**
 * Saves a ScriptModule in TorchScript's format (`module.save(path)`). Blocks while it writes.
 * @example torch.jit.save(torch.jit.trace(model, [x]), 'model.pt');
 */
export function save(module: ScriptModule, path: string): void {
  if (!(module instanceof ScriptModule)) {
    throw new TypeError(`torch.jit.save(m, path): m must be a ScriptModule (from torch.jit.load or torch.jit.trace; got ${describeValue(module)})`);
  }
  module.save(path);
}

/** Options of `torch.jit.setAsyncPool`. */
export interface AsyncPoolOptions {
  /** Pool threads: how many TorchScript calls run at once (default 1). */
  threads?: number;
  /**
   * Intra-op threads of each pool thread (OpenMP/MKL); 0 for LibTorch's process-wide setting
   * (`torch.getNumThreads()`). Default: 0 with one pool thread, 1 with several (threads x
   * intraOpThreads should not exceed the cores).
   */
  intraOpThreads?: number;
}

/**
 * Sizes the inference pool that `forwardAsync`/`callMethodAsync` run on: one pool per JS thread,
 * our own threads (not libuv's, which fs, dns and zlib share). Throws while calls are pending.
 * @example torch.jit.setAsyncPool({ threads: 2, intraOpThreads: 1 });
 */
export function setAsyncPool(options: AsyncPoolOptions): void {
  if (typeof options !== 'object' || options === null) throw new TypeError(`setAsyncPool(options): options must be an object (got ${describeValue(options)})`);
  for (const k of Object.keys(options)) {
    if (k !== 'threads' && k !== 'intraOpThreads') throw new TypeError(`setAsyncPool(): unknown option '${k}' (expected threads, intraOpThreads)`);
  }
  const threads = options.threads ?? 1;
  native.jit.setAsyncPool(threads, options.intraOpThreads ?? (threads === 1 ? 0 : 1));
}

/** The inference pool's size and pending calls. @example torch.jit.asyncPoolInfo().threads */
export function asyncPoolInfo(): AsyncPoolInfo {
  return native.jit.asyncPoolInfo();
}
