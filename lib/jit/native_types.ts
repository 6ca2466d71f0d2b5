// The native torch.jit functions (native/script_module.cpp, native/jit_trace.cpp), as lib/binding.ts
// declares them under `native.jit`.
import type { Tensor } from '../tensor.js';

/** An opaque handle on a TorchScript module (a tagged External owning the module object). */
export interface ScriptObjectHandle { readonly __scriptObjectHandle: unique symbol }

/** What `describe` tells about a module's class. */
export interface ScriptModuleDescription {
  /** The qualified class name, e.g. `__torch__.Net` or `__torch__.torch.nn.modules.linear.Linear`. */
  typeName: string;
  attributes: { name: string; type: string; kind: 'parameter' | 'buffer' | 'module' | 'attribute' }[];
  constants: string[];
  methods: { name: string; schema: string }[];
}

/** The inference pool's settings and state. */
export interface AsyncPoolInfo {
  threads: number;
  /** 0: each pool thread keeps LibTorch's default (the process-wide `torch.getNumThreads()`). */
  intraOpThreads: number;
  /** Calls submitted and not yet settled. */
  pending: number;
  /** `at::get_num_threads()` as measured on a pool thread (0 until one has started). */
  workerIntraOpThreads: number;
}

/** A JS module tree, described for `trace`: the same tensors are registered in TorchScript. */
export interface TraceModuleSpec {
  className: string;
  training: boolean;
  tensors: [string, Tensor, boolean][];
  children: [string, TraceModuleSpec][];
}

export interface JitBinding {
  load(source: string | Uint8Array, mapLocation: string | null): ScriptObjectHandle;
  save(h: ScriptObjectHandle, path: string): void;
  saveToBuffer(h: ScriptObjectHandle): Buffer;
  describe(h: ScriptObjectHandle): ScriptModuleDescription;
  getAttr(h: ScriptObjectHandle, name: string): unknown;
  hasAttr(h: ScriptObjectHandle, name: string): boolean;
  setAttr(h: ScriptObjectHandle, name: string, value: unknown): void;
  ownTensors(h: ScriptObjectHandle): [string, Tensor, 'parameter' | 'buffer'][];
  ownModules(h: ScriptObjectHandle): [string, ScriptObjectHandle][];
  sameObject(a: ScriptObjectHandle, b: ScriptObjectHandle): boolean;
  sameTensor(a: Tensor, b: Tensor): boolean;
  train(h: ScriptObjectHandle, mode: boolean): void;
  to(h: ScriptObjectHandle, device: string | null, dtype: string | null, nonBlocking: boolean): void;
  clone(h: ScriptObjectHandle): ScriptObjectHandle;
  graph(h: ScriptObjectHandle, method: string): string;
  /** Module objects met in results and attributes are turned into JS objects by this function. */
  setModuleFactory(fn: (h: ScriptObjectHandle) => unknown): void;
  callMethod(h: ScriptObjectHandle, name: string, args: unknown[]): unknown;
  callMethodAsync(h: ScriptObjectHandle, name: string, args: unknown[]): Promise<unknown>;
  setAsyncPool(threads: number, intraOpThreads: number): void;
  asyncPoolInfo(): AsyncPoolInfo;
  trace(fn: (...args: unknown[]) => unknown, exampleInputs: unknown[], module: TraceModuleSpec | null, strict: boolean): ScriptObjectHandle;
}
