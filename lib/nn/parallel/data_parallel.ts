// DataParallel and data_parallel, as torch/nn/parallel/data_parallel.py on a machine without
// accelerators: this build is CPU-only, so DataParallel holds the module and calls it.
import { Module } from '../modules/module.js';
import { describeValue, isPlainObject } from '../../validate.js';

/** Every argument of DataParallel by name. */
export interface DataParallelKeywords {
  module?: Module;
  /** Accepted as PyTorch does; with no accelerator PyTorch ignores them (deviceIds stays []). */
  deviceIds?: readonly (number | string)[] | null;
  outputDevice?: number | string | null;
  dim?: number;
}

/** The arguments of `M`'s forward. */
export type ForwardArgs<M> = M extends { forward(...a: infer A): unknown } ? A : unknown[];
/** What `M`'s forward returns. */
export type ForwardResult<M> = M extends { forward(...a: never[]): infer R } ? R : unknown;

/**
 * PyTorch's DataParallel: splits each batch across GPUs and runs a replica of `module` on each.
 * This build has no GPU, and there PyTorch's DataParallel keeps the module (`deviceIds` is []) and
 * forward calls it unchanged; so does this one. The module is registered as `module`, so state
 * dict keys are prefixed `module.` as in PyTorch (checkpoints saved from a DataParallel load here).
 * @example
 * const model = new nn.DataParallel(new nn.Linear(10, 2));
 * model(torch.randn(8, 10)).shape // [8, 2]
 * Object.keys(model.stateDict()) // ['module.weight', 'module.bias']
 */
export class DataParallel<M extends Module = Module> extends Module {
  module: M;
  /** The devices used: none on this CPU-only build. */
  deviceIds: number[];

  constructor(module: M | (DataParallelKeywords & { module: M }), deviceIds: readonly (number | string)[] | null = null,
    outputDevice: number | string | null = null, dim = 0) {
    super();
    let m: unknown = module;
    if (isPlainObject(module)) {
      const o = module as DataParallelKeywords;
      for (const k of Object.keys(o)) {
        if (!['module', 'deviceIds', 'outputDevice', 'dim'].includes(k)) throw new TypeError(`DataParallel(): unknown option '${k}' (expected one of module, deviceIds, outputDevice, dim)`);
      }
      m = o.module;
    }
    if (!(m instanceof Module)) throw new TypeError(`DataParallel(): module must be an nn.Module (got ${describeValue(m)})`);
    void deviceIds; void outputDevice; void dim;
    this.module = m as M;
    this.deviceIds = [];
  }

  forward(...inputs: ForwardArgs<M>): ForwardResult<M> {
    return (this.module as unknown as (...a: unknown[]) => ForwardResult<M>)(...(inputs as unknown[]));
  }
}

/**
 * PyTorch's functional data_parallel: evaluates `module(input)` in parallel across the given
 * GPUs. PyTorch raises `RuntimeError: device type could not be determined` on a machine without
 * accelerators, and so does this CPU-only build.
 * @example try { nn.parallel.dataParallel(model, x); } catch (e) { ... } // no accelerator here
 */
export function dataParallel(module: Module, inputs: unknown, ..._rest: unknown[]): never {
  void module; void inputs;
  throw new Error('device type could not be determined');
}
