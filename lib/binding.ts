// The only file that loads the native addon. Its functions are declared here, with the handle
// types they pass around.
import { createRequire } from 'node:module';
import { existsSync, readFileSync } from 'node:fs';
import { constants as osConstants, homedir } from 'node:os';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Tensor } from './tensor.js';
import type { AutogradNode } from './autograd/node.js';
import type { JitBinding } from './jit/native_types.js';
import type { DistributedBinding } from './distributed/native_types.js';

/** An opaque handle on a custom autograd Function's graph node (a weak reference). */
export interface NodeHandle { readonly __nodeHandle: unique symbol }
/** State of the engine bridge (lib/autograd/function.ts), for tests. */
export interface EngineBridgeStats {
  forceCrossThread: boolean; idleWorkers: number; pendingTasks: number; pumping: number;
  liveJsCallables: number; stashedErrors: number;
  /** Waits for the other side of a cross-thread hand-off, and those of them that slept in the kernel. */
  waits: number; sleeps: number;
}
/**
 * native/jpeg_decode.cpp. `mode`: 0 keeps the file's channels, 1 gray (the Y plane), 3 RGB.
 * `decode` gives an H x W x C uint8 tensor, or null for a file with other than 1 or 3 components.
 */
export interface JpegBinding {
  available(): string | null;
  decode(bytes: Uint8Array, mode: 0 | 1 | 3): Tensor | null;
  decodeAsync(bytes: Uint8Array, mode: 0 | 1 | 3): Promise<Tensor | null>;
}
/** An opaque native generator handle. */
export interface GeneratorHandle { readonly __generatorHandle: unique symbol }
/** An opaque handle on a memory-mapped file (native/mapped_file.cpp). */
export interface MappedFile { readonly __mappedFile: unique symbol }

/** What loading the addon changed for the whole process (native/process_effects.h). */
export interface ProcessEffects {
  /** LibTorch's CPU allocator was replaced by torch-node's malloc-based one. */
  cpuAllocator: boolean;
  /** glibc's fastbins were turned off (mallopt(M_MXFAST, 0)). */
  mallocFastbinsOff: boolean;
  /** V8's --expose-gc flag was set (the scavenge policy of native/gc_pressure.h needs it). */
  exposeGc: boolean;
}

/** A native autograd node, held alive by this value (lib/autograd/node.ts wraps it). */
export interface GraphNodeHandle { readonly __graphNodeHandle: unique symbol }
/** The LibTorch global flags lib/backends.ts reads and sets. */
export type BackendFlag = 'cudnnEnabled' | 'cudnnBenchmark' | 'cudnnDeterministic' | 'cudnnAllowTf32' | 'cublasAllowTf32' | 'mkldnnEnabled';

export interface MemoryRow { device: string; tensors: number; bytes: number }
/** A Kineto profiler result (native/profiler.cpp). */
export interface ProfilerResultHandle { readonly __profilerResult: unique symbol }
/** An open RECORD_FUNCTION user scope. */
export interface RecordFunctionHandle { readonly __recordFunction: unique symbol }
/** One Kineto event, times in ns from the trace start. */
export interface ProfilerEventRecord {
  name: string; overloadName: string; hidden: boolean; startNs: number; endNs: number; startThreadId: number; endThreadId: number;
  fwdThreadId: number; correlationId: number; sequenceNr: number; scope: number; deviceType: string; deviceIndex: number;
  nBytes: number; isAsync: boolean; flops: number; isUserAnnotation: boolean; shapes: number[][]; dtypes: string[]; stack: string[];
}

export interface SchemaArg {
  name: string; jsName: string; type: string; kwargOnly: boolean; optional: boolean; hasDefault: boolean;
  default?: string; writes: boolean;
}
export interface SchemaReturn { name: string; jsName: string; type: string; aliasesArg: number }
/**
 * One operator schema as native code sees it (native/op_schemas.cpp), with the verdicts of its
 * policies: the JS name (the one camelCase rule), its rank in the family's resolution order, and
 * whether Python hides it (native/python_hidden_overloads.def).
 */
export interface SchemaInfo {
  name: string; jsName: string; overload: string; rank: number; hiddenFromPython: boolean;
  schema: string; supported: boolean;
  args: SchemaArg[]; returns: SchemaReturn[];
  /** Python returns a named tuple (several returns, all named): the result array carries the names. */
  namedReturns: boolean;
}

export interface NativeBinding {
  callOp(family: number, keywordCount: number | undefined, ...argsThenKeywords: unknown[]): unknown;
  opFamily(name: string): number;
  listSchemas(namespace?: string): SchemaInfo[];
  /** self[...] from lib/indexing.ts's descriptor (native/indexing.cpp). */
  index(self: Tensor, desc: Float64Array, count: number, tensors: Tensor | Tensor[] | undefined): Tensor;
  /** self[...] = value, in place, from the same descriptor. */
  indexPut(self: Tensor, desc: Float64Array, count: number, tensors: Tensor | Tensor[] | undefined, value: Tensor | number | boolean | bigint): void;
  /** A Float64Array of that many descriptor entries that native code reads directly (it replaces the previous one). */
  indexDescriptor(entries: number): Float64Array;

  /** The class whose instances are the Tensor objects (lib/tensor.ts chains its prototype). */
  TensorBase: { readonly prototype: object };
  /** A new Tensor object sharing source's tensor, with the given prototype (subclasses). */
  tensorObject(source: Tensor, prototype?: object): Tensor;
  dispose(h: Tensor): void;
  isDisposed(h: Tensor): boolean;
  /** torch.tidy() scopes, kept natively: see lib/scope.ts. */
  scopeOpen(): number;
  scopeClose(kept: Tensor[] | null): void;
  scopeEscape(h: Tensor): boolean;
  scopeDepth(): number;
  memory(): MemoryRow[];
  liveTensorCount(): number;
  /** Bytes this thread's tensors count towards V8's external memory. */
  externalBytes(): number;
  /** A full garbage collection now (unreachable tensors are freed). */
  collectGarbage(): void;

  shape(h: Tensor): number[];
  dtype(h: Tensor): string;
  device(h: Tensor): string;
  strides(h: Tensor): number[];
  requiresGrad(h: Tensor): boolean;
  setRequiresGrad(h: Tensor, flag: boolean): void;
  /** h's gradient; `last` (what this returned before) again while it holds the same TensorImpl. */
  grad(h: Tensor, last?: Tensor): Tensor | null;
  borrowGrad(h: Tensor): Tensor | null;
  setGrad(h: Tensor, g: Tensor | null): void;
  /** The autograd node of h (native/autograd_node.cpp): its live AutogradNode, else a new handle; null for leaves. */
  gradFn(h: Tensor): GraphNodeHandle | AutogradNode | null;
  /** From now on `object` is what gradFn and nodeNextFunctions give for the node, while it lives. */
  nodeRemember(n: GraphNodeHandle, object: AutogradNode): void;
  nodeName(n: GraphNodeHandle): string;
  nodeNextFunctions(n: GraphNodeHandle): [GraphNodeHandle | AutogradNode | null, number][];
  /** AccumulateGrad's leaf tensor; undefined for other nodes. */
  nodeVariable(n: GraphNodeHandle): Tensor | null | undefined;
  /** The node's JS state object; `create` is stored (and returned) when it has none. */
  nodeState(n: GraphNodeHandle, create?: object): object | undefined;
  /** The node's hook dispatchers: 'post' (gradInputs, gradOutputs), 'pre' (gradOutputs). */
  nodeInstallHooks(n: GraphNodeHandle, kind: 'post', fn: (gradInputs: (Tensor | null)[], gradOutputs: (Tensor | null)[]) => (Tensor | null)[] | null): void;
  nodeInstallHooks(n: GraphNodeHandle, kind: 'pre', fn: (gradOutputs: (Tensor | null)[]) => (Tensor | null)[] | null): void;
  /** PyTorch's check of a gradient a node hook returned in place of `original` (type, device, size); throws its error. */
  nodeCheckHookResult(original: Tensor, result: Tensor, hookName: string): void;
  /** LibTorch's global flags (at::globalContext()) behind torch.backends. */
  backendFlag(name: BackendFlag): boolean;
  setBackendFlag(name: BackendFlag, value: boolean): void;
  /** What the linked LibTorch has (native/backends.cpp). */
  backends(): { cudnn: boolean; cudnnVersion: number | null; mps: boolean; mkldnn: boolean; openmp: boolean };
  /** LibTorch's parse of a device string (and an explicit index): [type, index or null]. */
  parseDevice(name: string, index?: number): [string, number | null];
  /** torch.accelerator's native side (ATen/DeviceAccelerator.h). */
  accelerator: {
    /** The build's accelerator device type ('cuda', ...), or null. */
    current(): string | null;
    deviceCount(): number;
    getDeviceIndex(): number;
    setDeviceIndex(index: number): void;
    synchronize(index: number): void;
  };
  isLeaf(h: Tensor): boolean;
  retainGrad(h: Tensor): void;
  retainsGrad(h: Tensor): boolean;
  version(h: Tensor): number;
  setData(h: Tensor, data: Tensor): void;
  item(h: Tensor): number | boolean;
  itemBigInt(h: Tensor): bigint;
  /** forList: tolist()'s rules (a tensor without memory, such as a ZeroTensor, is refused). */
  dataSync(h: Tensor, forList?: boolean): ArrayBufferView;
  dataView(h: Tensor): ArrayBufferView;
  /** shape null: one dimension of the array's own length (as V8 knows it). */
  fromTypedArray(data: ArrayBufferView, dtype: string, shape: number[] | null, share: boolean): Tensor;
  /**
   * Maps the whole regular file at path (mmap MAP_PRIVATE, PROT_READ|PROT_WRITE): writes through
   * tensors made from it are copy-on-write and never reach the file. The mapping lives while the
   * handle or any tensor made from it does. Missing files and directories throw an Error with
   * Node's `code`/`errno`/`syscall`/`path`; other non-regular files a TypeError; empty files a RangeError.
   * @example const m = native.mapFile('/tmp/w.bin'); native.mappedFileByteLength(m)
   */
  mapFile(path: string): MappedFile;
  /** The mapped file's size in bytes. @example native.mappedFileByteLength(native.mapFile(p)) */
  mappedFileByteLength(handle: MappedFile): number;
  /**
   * A CPU tensor over the mapped bytes from byteOffset (strides in elements; absent: contiguous).
   * The view's whole extent must lie inside the file. Memory not aligned to the dtype's element
   * size is copied into a fresh tensor (same values, not backed by the file).
   * @example native.tensorFromMapping(m, 64, 'float32', [2, 3])
   */
  tensorFromMapping(handle: MappedFile, byteOffset: number, dtype: string, shape: number[], strides?: number[]): Tensor;
  /**
   * Where a tensor's memory lies (native/tensor_bytes.cpp): its layout, its storage's address and
   * size, and the bytes [start, end) its view reaches; zeros when it has no memory.
   * @example const [layout, storage, storageBytes, start, end] = native.tensorMemorySpan(t)
   */
  tensorMemorySpan(h: Tensor): [layout: string, storage: number, storageBytes: number, start: number, end: number];
  /**
   * Copies bytes [srcOffset, srcOffset + byteLength) of a contiguous CPU tensor into dest at
   * destOffset (all ranges checked natively).
   * @example native.copyTensorBytes(t, buf, 0, 0, t.numel() * 4)
   */
  copyTensorBytes(h: Tensor, dest: Uint8Array, destOffset: number, srcOffset: number, byteLength: number): void;
  /**
   * Writes all bytes of a contiguous CPU tensor to the open file descriptor fd at its current
   * position (blocking, as fs.writeSync); write errors carry Node's code/errno/syscall.
   * @example native.writeTensorBytes(t, fs.openSync(path, 'w'))
   */
  writeTensorBytes(h: Tensor, fd: number): void;

  backward(tensors: Tensor[], grads: (Tensor | null)[], retainGraph: boolean | undefined,
    createGraph: boolean, inputs: Tensor[] | undefined): void;
  autogradGrad(outputs: Tensor[], inputs: Tensor[], gradOutputs: (Tensor | null)[],
    retainGraph: boolean | undefined, createGraph: boolean, allowUnused: boolean): (Tensor | null)[];
  isGradEnabled(): boolean;
  setGradEnabled(flag: boolean): void;
  enterInferenceMode(enabled: boolean): void;
  exitInferenceMode(): void;
  isInferenceModeEnabled(): boolean;
  variableData(h: Tensor): Tensor;

  // functorch's interpreter stack and wrappers, forward-AD levels (native/functorch.cpp).
  functorchVmapIncrementNesting(batchSize: number, randomness: string): number;
  functorchVmapDecrementNesting(): number;
  functorchGradIncrementNesting(): number;
  functorchGradDecrementNesting(): number;
  functorchJvpIncrementNesting(): number;
  functorchJvpDecrementNesting(): number;
  functorchStackDepth(): number;
  functorchAddBatchDim(h: Tensor, batchDim: number, level: number): Tensor;
  functorchRemoveBatchDim(h: Tensor, level: number, batchSize: number, outDim: number): Tensor;
  functorchWrapForGrad(h: Tensor, level: number): Tensor;
  functorchUnwrapForGrad(h: Tensor, level: number): Tensor;
  functorchIsBatchedTensor(h: Tensor): boolean;
  functorchIsGradTrackingTensor(h: Tensor): boolean;
  functorchMaybeGetLevel(h: Tensor): number;
  functorchGetUnwrapped(h: Tensor): Tensor;
  functorchMaybeGetBdim(h: Tensor): number;
  functorchDisableEnter(): void;
  functorchDisableExit(): void;
  functorchSetInplaceRequiresGradAllowed(allowed: boolean): void;
  functorchGetInplaceRequiresGradAllowed(): boolean;
  enterDualLevel(): number;
  exitDualLevel(level: number): void;
  isFwGradEnabled(): boolean;
  setFwGradEnabled(enabled: boolean): void;

  // LibTorch's thread-local autocast state (native/autocast.cpp).
  isAutocastEnabled(deviceType: string): boolean;
  setAutocastEnabled(deviceType: string, enabled: boolean): void;
  isAutocastAvailable(deviceType: string): boolean;
  getAutocastDtype(deviceType: string): string;
  setAutocastDtype(deviceType: string, dtype: string): void;
  isAutocastCacheEnabled(): boolean;
  setAutocastCacheEnabled(enabled: boolean): void;
  autocastIncrementNesting(): number;
  autocastDecrementNesting(): number;
  clearAutocastCache(): void;
  undefinedGrad(h: Tensor): Tensor;

  functionSetup(runBackward: (ctx: object, ...grads: (Tensor | null)[]) => unknown[],
    pyTypeName: (value: unknown) => string): void;
  functionApply(cls: object, ctx: object, args: unknown[], forward: (...args: never[]) => unknown,
    setupContext: ((...args: never[]) => unknown) | null, name: string): unknown;
  functionSavedTensors(node: NodeHandle): (Tensor | null)[];
  registerHook(h: Tensor, fn: (grad: Tensor) => Tensor | null): number;
  removeHook(h: Tensor, pos: number): void;
  // Anomaly mode, default saved-tensor hooks and graph-task queries (native/graph_tools.cpp).
  setDetectAnomaly(enabled: boolean, checkNan: boolean): void;
  isAnomalyEnabled(): boolean;
  isAnomalyCheckNanEnabled(): boolean;
  takeAnomalyReport(): string | null;
  savedTensorsHooksPush(pack: (t: Tensor) => object, unpack: (box: object) => Tensor): void;
  savedTensorsHooksPop(): void;
  savedTensorsHooksDepth(): number;
  savedTensorsHooksDisable(message: string): void;
  savedTensorsHooksEnable(): void;
  savedTensorsHooksDisabledMessage(): string | null;
  currentGraphTaskId(): number;
  willEngineExecuteTensor(t: Tensor): boolean;
  // The Kineto profiler (native/profiler.cpp).
  profilerEnable(activities: string[], recordShapes: boolean, profileMemory: boolean, withStack: boolean,
    withFlops: boolean, withModules: boolean): void;
  profilerDisable(): ProfilerResultHandle;
  profilerEnabled(): boolean;
  profilerResultEvents(r: ProfilerResultHandle): ProfilerEventRecord[];
  profilerResultSave(r: ProfilerResultHandle, path: string): void;
  recordFunctionEnter(name: string): RecordFunctionHandle;
  recordFunctionExit(h: RecordFunctionHandle): void;
  setForceCrossThread(force: boolean): void;
  engineBridgeStats(): EngineBridgeStats;

  newGenerator(device?: string): GeneratorHandle;
  defaultGenerator(device?: string): GeneratorHandle;
  generatorManualSeed(g: GeneratorHandle, seed: bigint): void;
  generatorInitialSeed(g: GeneratorHandle): bigint;
  generatorSeed(g: GeneratorHandle): bigint;
  generatorGetState(g: GeneratorHandle): Tensor;
  generatorSetState(g: GeneratorHandle, state: Tensor): void;
  generatorDevice(g: GeneratorHandle): string;

  setNumThreads(n: number): void;
  getNumThreads(): number;
  libmPow(x: number, y: number): number;
  manualSeed(seed: bigint): void;
  versions(): { libtorch: string; cuda: boolean; parallelInfo: string };
  /**
   * The process-wide effects the addon applied at load (native/process_effects.h; each is switched
   * off by TORCH_NODE_DISABLE_EFFECTS, see docs/native-layout.md).
   */
  processEffects(): ProcessEffects;
  /** The CPU allocator's cache of freed large blocks (native/cpu_allocator.cpp): blocks and bytes held, blocks reused so far. */
  cpuBlockCache(): { blocks: number; bytes: number; reused: number };
  cuda: CudaBinding;
  /** torch.distributed: lib/distributed/native_types.ts. */
  distributed: DistributedBinding;
  /** torch.jit: lib/jit/native_types.ts. */
  jit: JitBinding;
  /** native/jpeg_decode.cpp: JPEG decoding through libjpeg (lib/vision/io/libjpeg.ts). */
  jpeg: JpegBinding;

  /** native/serialization.cpp: torch.save's archive writer (returns the archive when path is null). */
  serializationWrite(path: string | null, tmpPath: string | null, pickle: Uint8Array, keys: string[], storages: Tensor[],
    fsync?: boolean): Buffer | undefined;
  serializationWriteAsync(path: string | null, tmpPath: string | null, pickle: Uint8Array, keys: string[], storages: Tensor[],
    callback: (err: Error | null, out?: Buffer) => void, fsync?: boolean): void;
  /**
   * torch.load's archive reader: the pickle and every data/<key> record as a uint8 tensor; for a
   * uint8 tensor over a mapped file, the records' offsets and sizes in it instead.
   */
  serializationRead(source: string | Uint8Array | Tensor): SerializedArchive;
  serializationReadAsync(source: string | Uint8Array | Tensor, callback: (err: Error | null, out?: SerializedArchive) => void): void;
  /** [storage id, storage bytes, storage offset (elements), element size, device]. */
  serializationStorageInfo(h: Tensor): [number, number, number, number, string];
  /** A tensor of dtype over a uint8 storage tensor's memory (bounds checked). */
  serializationTensor(storage: Tensor, dtype: string, size: number[], stride: number[], offset: number): Tensor;
}

/** What native/serialization.cpp reads from a torch.save archive. */
export interface SerializedArchive { pickle: Buffer; byteorder: string; keys: string[]; storages: Tensor[]; offsets?: number[]; sizes?: number[] }

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
}

// ---------------------------------------------------------------------------------------------
// Loading the addon. In order:
//   (a) TORCH_NODE_LIBTORCH (or LIBTORCH) names a LibTorch (an unpacked LibTorch, or a PyTorch
//       install's torch/ folder): its libc10/libtorch_cpu/libtorch are loaded first, with
//       RTLD_NOW | RTLD_GLOBAL, so the addon's NEEDED sonames bind to them; then the addon from
//       (b) or (c). A path that is not a LibTorch, or a LibTorch whose major.minor differs from the
//       one the addon was built for, is refused.
//   (b) the addon built in this clone (or by TORCH_NODE_BUILD_FROM_SOURCE): build/Release/torch_node.node.
//   (c) the prebuilt addon of the platform package (@torch-node/linux-x64-gnu):
//       node<major>/torch_node.node for this Node's major; its LibTorch comes from
//       @torch-node/libtorch-cpu-linux-x64 through $ORIGIN-relative RUNPATHs.
// When nothing fits, or loading fails, the error names the platform, the Node ABI and the
// LibTorch version, and lists the possible solutions.

/** The Node majors the platform packages carry an addon for. */
export const PREBUILT_NODE_MAJORS = [20, 22, 24] as const;

const here = dirname(fileURLToPath(import.meta.url));

/** The torch-node package root: lib/ (sources), dist/lib/ (ESM) and dist/cjs/lib/ (CommonJS) all sit under it. */
function findPackageRoot(): string {
  let dir = here;
  for (let i = 0; i < 5; i++) {
    const pj = join(dir, 'package.json');
    if (existsSync(pj)) {
      try {
        if (JSON.parse(readFileSync(pj, 'utf8')).name === 'torch-node') return dir;
      } catch { /* not ours */ }
    }
    dir = dirname(dir);
  }
  return join(here, '..');
}

const packageRoot = findPackageRoot();

function readJson(file: string): Record<string, unknown> | undefined {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
  } catch {
    return undefined;
  }
}

/** The LibTorch version this torch-node release is built against (package.json's "libtorch"). */
function expectedLibtorch(): string {
  const v = readJson(join(packageRoot, 'package.json'))?.libtorch;
  return typeof v === 'string' ? v : 'unknown';
}

function glibcVersion(): string | undefined {
  try {
    const header = (process.report?.getReport() as { header?: { glibcVersionRuntime?: string } } | undefined)?.header;
    return header?.glibcVersionRuntime;
  } catch {
    return undefined;
  }
}

function platformPackageName(): string {
  const libc = process.platform === 'linux' ? (glibcVersion() ? '-gnu' : '-musl') : '';
  return `@torch-node/${process.platform}-${process.arch}${libc}`;
}

/** The LibTorch version of a LibTorch folder: build-version (LibTorch zip) or version.py (pip torch). */
export function readLibtorchVersion(dir: string): string | undefined {
  const bv = join(dir, 'build-version');
  if (existsSync(bv)) return readFileSync(bv, 'utf8').trim();
  const vp = join(dir, 'version.py');
  if (existsSync(vp)) return /^__version__\s*=\s*['"]([^'"]+)['"]/m.exec(readFileSync(vp, 'utf8'))?.[1];
  return undefined;
}

const majorMinor = (v: string): string => /^(\d+\.\d+)/.exec(v)?.[1] ?? v;

function loadError(reason: string, cause?: unknown): Error {
  const nodeMajor = Number(process.versions.node.split('.')[0]);
  const glibc = glibcVersion();
  const libc = process.platform === 'linux' ? (glibc ? `glibc ${glibc}` : 'musl') : '';
  const supported = (PREBUILT_NODE_MAJORS as readonly number[]).includes(nodeMajor);
  const lines = [
    `torch-node: could not load the native addon. ${reason}`,
    `  platform: ${process.platform}-${process.arch}${libc ? ` (${libc})` : ''}; Node ${process.versions.node} ` +
      `(ABI ${process.versions.modules}); LibTorch ${expectedLibtorch()} (CPU)`,
    'Possible solutions:',
    `- Install with optional dependencies enabled, so that ${platformPackageName()} (prebuilt for ` +
      'linux-x64 glibc) is installed: `npm install --include=optional torch-node` ' +
      '(not --omit=optional / --no-optional; with pnpm or yarn, allow this os/cpu/libc).',
    `- Use a Node major with a prebuilt addon: ${PREBUILT_NODE_MAJORS.join(', ')}` +
      (supported ? '.' : ` (this is Node ${nodeMajor}).`),
    `- Use your own LibTorch ${majorMinor(expectedLibtorch())}: set TORCH_NODE_LIBTORCH to an unpacked ` +
      'LibTorch (holding lib/) or a PyTorch install\'s torch/ folder.',
    '- Build from source: `TORCH_NODE_BUILD_FROM_SOURCE=1 npm install torch-node` or ' +
      '`npm rebuild torch-node --build-from-source` (needs cmake, a C++17 compiler, C++20 for Node 23+, and LibTorch).',
  ];
  if (cause !== undefined) lines.push(`Original error: ${cause instanceof Error ? cause.message : String(cause)}`);
  return new Error(lines.join('\n'), cause !== undefined ? { cause } : undefined);
}

// glibc's RTLD_NODELETE: a preloaded LibTorch library stays loaded after process.dlopen closes it
// (it registers no Node module, so process.dlopen throws and closes it).
const RTLD_NODELETE = 0x1000;

/** Where `torch-node install --cuda` puts CUDA LibTorches (bin/torch-node.mjs uses the same rule). */
function torchNodeHome(): string {
  if (process.env.TORCH_NODE_HOME) return resolve(process.env.TORCH_NODE_HOME);
  const xdg = process.env.XDG_CACHE_HOME;
  return join(xdg && isAbsolute(xdg) ? xdg : join(homedir(), '.cache'), 'torch-node');
}

/**
 * The CUDA LibTorch `torch-node install --cuda` installed last (<home>/cuda.json), as a LibTorch
 * folder; undefined when none is installed or TORCH_NODE_CUDA=0 opts out.
 */
function installedCudaLibtorch(): string | undefined {
  if (process.env.TORCH_NODE_CUDA === '0') return undefined;
  const file = join(torchNodeHome(), 'cuda.json');
  if (!existsSync(file)) return undefined;
  const path = readJson(file)?.path;
  if (typeof path !== 'string' || !existsSync(path)) {
    throw new Error(`torch-node: ${file} names a CUDA LibTorch at ${String(path)}, which is missing. ` +
      'Reinstall it (`npx torch-node install --cuda <version> --force`), delete that file, or set TORCH_NODE_CUDA=0 ' +
      'to use the CPU LibTorch.');
  }
  return dirname(path);
}

/**
 * (a): the LibTorch named by TORCH_NODE_LIBTORCH / LIBTORCH, else the CUDA LibTorch installed by
 * `torch-node install --cuda`, to be preloaded; undefined when there is none. `variable` is what
 * the messages name: `NAME=value`, or the cuda.json that chose it.
 */
function preloadUserLibtorch(): { variable: string; dir: string; version: string } | undefined {
  const name = process.env.TORCH_NODE_LIBTORCH ? 'TORCH_NODE_LIBTORCH' : process.env.LIBTORCH ? 'LIBTORCH' : undefined;
  const cuda = name ? undefined : installedCudaLibtorch();
  if (!name && !cuda) return undefined;
  const variable = name ? `${name}=${process.env[name]}` : `${join(torchNodeHome(), 'cuda.json')} (the CUDA LibTorch ${cuda})`;
  const dir = resolve(name ? process.env[name]! : cuda!);
  const lib = join(dir, 'lib');
  const names = ['libc10.so', 'libtorch_cpu.so', 'libtorch.so'];
  const missing = names.filter((n) => !existsSync(join(lib, n)));
  if (missing.length > 0) {
    throw new Error(`torch-node: ${variable} is not a LibTorch: ${lib} has no ` +
      `${missing.join(', ')}. Point ${name ?? 'TORCH_NODE_LIBTORCH'} at an unpacked LibTorch (the folder holding lib/) or at a ` +
      `PyTorch install's torch/ folder (\`python3 -c "import torch,os;print(os.path.dirname(torch.__file__))"\`), or unset it.`);
  }
  const version = readLibtorchVersion(dir);
  if (!version) {
    throw new Error(`torch-node: ${variable}: cannot tell its LibTorch version ` +
      `(no ${join(dir, 'build-version')} nor ${join(dir, 'version.py')}).`);
  }
  return { variable, dir, version };
}

function dlopenGlobal(file: string): void {
  const flags = osConstants.dlopen.RTLD_NOW | osConstants.dlopen.RTLD_GLOBAL | RTLD_NODELETE;
  try {
    process.dlopen({ exports: {} } as NodeJS.Module, file, flags);
  } catch (e) {
    // Loaded, but not a Node module: expected.
    if (e instanceof Error && /did not self-register|Module did not/.test(e.message)) return;
    throw e;
  }
}

/** (b) then (c): the addon file, with the LibTorch version it was built against (when known). */
function locateAddon(): { file: string; builtFor?: string } {
  const dev = join(packageRoot, 'build', 'Release', 'torch_node.node');
  const meta = (file: string) => {
    const v = readJson(join(dirname(file), 'torch_node.json'))?.libtorch;
    return { file, builtFor: typeof v === 'string' && v ? v : undefined };
  };
  const nodeMajor = Number(process.versions.node.split('.')[0]);
  // A build for another Node major (torch_node.json's "node") would fail on V8 symbols: the
  // platform package's addon is tried instead, and failing that, the error says so.
  const devNode = existsSync(dev) ? readJson(join(dirname(dev), 'torch_node.json'))?.node : undefined;
  const devOtherNode = typeof devNode === 'number' && devNode !== nodeMajor;
  if (existsSync(dev) && !devOtherNode) return meta(dev);
  const req = createRequire(join(packageRoot, 'package.json'));
  // npm installs only the platform package whose os/cpu/libc match, so on Linux the one found is
  // the right libc (and telling glibc from musl, ~40 ms, is left to the error path).
  const base = `@torch-node/${process.platform}-${process.arch}`;
  const candidates = process.platform === 'linux' ? [`${base}-gnu`, `${base}-musl`] : [base];
  let pkg = '';
  let platformDir = '';
  for (const name of candidates) {
    try {
      platformDir = dirname(req.resolve(`${name}/package.json`));
      pkg = name;
      break;
    } catch { /* not installed */ }
  }
  if (!platformDir) {
    pkg = platformPackageName();
    if (devOtherNode) {
      throw loadError(`${dev} was built for Node ${devNode}, not this Node ${nodeMajor} (its V8 API differs): ` +
        `rebuild it with this Node (npm run build:native), or install ${pkg}.`);
    }
    throw loadError(`No prebuilt addon for this platform: the package ${pkg} is not installed` +
      (pkg === '@torch-node/linux-x64-gnu' ? '' : ' (prebuilt addons exist for linux-x64 glibc only)') +
      ', and there is no addon built from source (build/Release/torch_node.node).');
  }
  const file = join(platformDir, `node${nodeMajor}`, 'torch_node.node');
  if (!existsSync(file)) {
    throw loadError(`${pkg} has no addon for Node ${nodeMajor} (ABI ${process.versions.modules}): ` +
      `it has ${PREBUILT_NODE_MAJORS.map((m) => `node${m}`).join(', ')}.`);
  }
  return meta(file);
}

function loadNative(): NativeBinding {
  const user = preloadUserLibtorch();
  const addon = locateAddon();
  if (user) {
    const built = addon.builtFor ?? expectedLibtorch();
    if (built !== 'unknown' && majorMinor(user.version) !== majorMinor(built)) {
      throw new Error(`torch-node: ${user.variable} is LibTorch ${user.version}, ` +
        `but the addon ${addon.file} was built for LibTorch ${built}: the major.minor versions must match ` +
        `(${majorMinor(user.version)} vs ${majorMinor(built)}). Use a LibTorch ${majorMinor(built)}, or unset ` +
        `it (TORCH_NODE_CUDA=0 skips an installed CUDA LibTorch), or rebuild from source against this LibTorch (TORCH_NODE_BUILD_FROM_SOURCE=1).`);
    }
    // The CUDA libraries too, when the LibTorch has them (a CUDA LibTorch from `torch-node install`).
    const libs = ['libc10.so', 'libc10_cuda.so', 'libtorch_cpu.so', 'libtorch_cuda.so', 'libtorch.so']
      .filter((name) => !name.includes('cuda') || existsSync(join(user.dir, 'lib', name)));
    for (const name of libs) {
      try {
        dlopenGlobal(join(user.dir, 'lib', name));
      } catch (e) {
        throw loadError(`${user.variable}: loading ${join(user.dir, 'lib', name)} failed.`, e);
      }
    }
  }
  const require = createRequire(import.meta.url);
  try {
    return require(addon.file) as NativeBinding;
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    const missingLibtorch = !user && /lib(c10|torch\w*|gomp)\.so[.\d]*: cannot open shared object file/.test(message);
    throw loadError(`Loading ${addon.file} failed` + (missingLibtorch
      ? ': its LibTorch libraries were not found (the package @torch-node/libtorch-cpu-linux-x64, a dependency ' +
        'of the platform package, is missing or not where the addon looks: next to it, or under its node_modules).'
      : '.'), e);
  }
}

export const native: NativeBinding = loadNative();
