// The only file that loads the native addon. Its functions are declared here, with the handle
// types they pass around.
import { createRequire } from 'node:module';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Tensor } from './tensor.js';

/**
 * What native calls take and return for a tensor: the Tensor object itself (made natively, see
 * native/tensor_box.h).
 */
export type TensorHandle = Tensor;
/** An opaque handle on a custom autograd Function's graph node (a weak reference). */
export interface NodeHandle { readonly __nodeHandle: unique symbol }
/** State of the engine bridge (lib/autograd/function.ts), for tests. */
export interface EngineBridgeStats {
  forceCrossThread: boolean; idleWorkers: number; pendingTasks: number; pumping: number;
  liveJsCallables: number; stashedErrors: number;
}
/** An opaque native generator handle. */
export interface GeneratorHandle { readonly __generatorHandle: unique symbol }

export interface MemoryRow { device: string; tensors: number; bytes: number }

export interface SchemaArg {
  name: string; type: string; kwargOnly: boolean; optional: boolean; hasDefault: boolean;
  default?: string; writes: boolean;
}
export interface SchemaReturn { name: string; type: string; aliasesArg: number }
export interface SchemaInfo {
  name: string; overload: string; schema: string; supported: boolean;
  args: SchemaArg[]; returns: SchemaReturn[];
}

export interface NativeBinding {
  callOp(family: number, kwargs: object | undefined, ...args: unknown[]): unknown;
  opFamily(name: string): number;
  listSchemas(namespace?: string): SchemaInfo[];

  /** The class whose instances are the Tensor objects (lib/tensor.ts chains its prototype). */
  TensorBase: { readonly prototype: object };
  /** A new Tensor object sharing source's tensor, with the given prototype (subclasses). */
  tensorObject(source: TensorHandle, prototype?: object): TensorHandle;
  dispose(h: TensorHandle): void;
  isDisposed(h: TensorHandle): boolean;
  /** torch.tidy() scopes, kept natively: see lib/scope.ts. */
  scopeOpen(): number;
  scopeClose(kept: TensorHandle[] | null): void;
  scopeEscape(h: TensorHandle): boolean;
  scopeDepth(): number;
  memory(): MemoryRow[];
  liveTensorCount(): number;
  /** Bytes this thread's tensors count towards V8's external memory. */
  externalBytes(): number;
  /** A full garbage collection now (unreachable tensors are freed). */
  collectGarbage(): void;

  shape(h: TensorHandle): number[];
  dtype(h: TensorHandle): string;
  device(h: TensorHandle): string;
  strides(h: TensorHandle): number[];
  requiresGrad(h: TensorHandle): boolean;
  setRequiresGrad(h: TensorHandle, flag: boolean): void;
  grad(h: TensorHandle): TensorHandle | null;
  setGrad(h: TensorHandle, g: TensorHandle | null): void;
  gradFnName(h: TensorHandle): string | null;
  isLeaf(h: TensorHandle): boolean;
  retainGrad(h: TensorHandle): void;
  retainsGrad(h: TensorHandle): boolean;
  version(h: TensorHandle): number;
  setData(h: TensorHandle, data: TensorHandle): void;
  item(h: TensorHandle): number | boolean;
  itemBigInt(h: TensorHandle): bigint;
  /** forList: tolist()'s rules (a tensor without memory, such as a ZeroTensor, is refused). */
  dataSync(h: TensorHandle, forList?: boolean): ArrayBufferView;
  dataView(h: TensorHandle): ArrayBufferView;
  /** shape null: one dimension of the array's own length (as V8 knows it). */
  fromTypedArray(data: ArrayBufferView, dtype: string, shape: number[] | null, share: boolean): TensorHandle;

  backward(tensors: TensorHandle[], grads: (TensorHandle | null)[], retainGraph: boolean | undefined,
    createGraph: boolean, inputs: TensorHandle[] | undefined): void;
  autogradGrad(outputs: TensorHandle[], inputs: TensorHandle[], gradOutputs: (TensorHandle | null)[],
    retainGraph: boolean | undefined, createGraph: boolean, allowUnused: boolean): (TensorHandle | null)[];
  isGradEnabled(): boolean;
  setGradEnabled(flag: boolean): void;
  enterInferenceMode(enabled: boolean): void;
  exitInferenceMode(): void;
  isInferenceModeEnabled(): boolean;
  isInference(h: TensorHandle): boolean;
  variableData(h: TensorHandle): TensorHandle;
  undefinedGrad(h: TensorHandle): TensorHandle;

  functionSetup(backward: (ctx: object, ...grads: (TensorHandle | null)[]) => (TensorHandle | null)[]): void;
  functionPrepare(inputs: TensorHandle[]): number | boolean[];
  functionFinish(ctx: object, code: number | boolean[], name: string, inputs: TensorHandle[],
    outputs: (TensorHandle | null)[], toSave: (TensorHandle | null)[] | null, dirty: TensorHandle[] | null,
    nonDifferentiable: TensorHandle[] | null, materializeGrads: boolean): NodeHandle | null;
  functionSavedTensors(node: NodeHandle): (TensorHandle | null)[];
  functionNodeAlive(node: NodeHandle): boolean;
  registerHook(h: TensorHandle, fn: (grad: TensorHandle) => TensorHandle | null): number;
  removeHook(h: TensorHandle, pos: number): void;
  setForceCrossThread(force: boolean): void;
  engineBridgeStats(): EngineBridgeStats;

  newGenerator(device?: string): GeneratorHandle;
  defaultGenerator(device?: string): GeneratorHandle;
  generatorManualSeed(g: GeneratorHandle, seed: bigint): void;
  generatorInitialSeed(g: GeneratorHandle): bigint;
  generatorSeed(g: GeneratorHandle): bigint;
  generatorGetState(g: GeneratorHandle): TensorHandle;
  generatorSetState(g: GeneratorHandle, state: TensorHandle): void;
  generatorDevice(g: GeneratorHandle): string;

  setNumThreads(n: number): void;
  getNumThreads(): number;
  manualSeed(seed: bigint): void;
  versions(): { libtorch: string; cuda: boolean; parallelInfo: string };
  cudaDeviceCount(): number;
  cuda: CudaBinding;
}

/** native/cuda.cpp. `device` undefined/null means the current device. */
export interface CudaBinding {
  isAvailable(): boolean;
  deviceCount(): number;
  currentDevice(): number;
  setDevice(device: number): void;
  synchronize(device?: number | null): void;
  /** device -1: every device. */
  manualSeed(seed: bigint, device?: number | null): void;
  /** [allocated, maxAllocated, reserved, maxReserved] bytes. */
  memoryStats(device?: number | null): [number, number, number, number];
  resetPeakMemoryStats(device?: number | null): void;
  emptyCache(): void;
  deviceProperties(device?: number | null): { name: string; totalMemory: number; major: number; minor: number; multiProcessorCount: number };
  builtWithCuda(): boolean;
}

function locateAddon(): string {
  const here = dirname(fileURLToPath(import.meta.url));
  // lib/ (vitest, sources) and dist/lib/ (compiled) both sit under the package root.
  for (const root of [join(here, '..'), join(here, '..', '..')]) {
    const candidate = join(root, 'build', 'Release', 'torch_node.node');
    if (existsSync(candidate)) return candidate;
  }
  throw new Error(
    'torch-node: the native addon build/Release/torch_node.node was not found. ' +
      'Build it with `npm run build` (or run scripts/setup.sh once).');
}

const require = createRequire(import.meta.url);
export const native: NativeBinding = require(locateAddon()) as NativeBinding;
