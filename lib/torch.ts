// The torch namespace: `import * as torch from 'torch-node'`.
import { native } from './binding.js';
import { Tensor } from './tensor.js';
import { runInScope } from './scope.js';
// Assembles Tensor.prototype (the generated operator methods and the hand-written members); the
// .d.ts keeps this import, and with it the typed members the modules it loads declare.
import './tensor_prototype.js';

export * from './generated/functions.js';
export {
  broadcastShapes, broadcastTensors, einsum, meshgrid, blockDiag, cartesianProd, chainMatmul, atleast1d, atleast2d, atleast3d,
  tensordot, unique, uniqueConsecutive, split, norm, nonzero, stft, cdist, unravelIndex, lu,
  type ShapeLike, type EinsumSublist, type MeshgridOptions, type TensordotDims, type UniqueResult, type UniqueOptions,
  type UniqueConsecutiveOptions, type SplitSize, type NormOrd, type NormOptions, type NonzeroOptions, type StftOptions,
  type CdistComputeMode, type LuOptions,
} from './functional.js';
export * from './dtype.js';
export { Tensor, AutogradNode } from './tensor.js';
export { Size } from './size.js';
export type { ToOptions, BackwardOptions, NestedArray, TensorTypeName } from './tensor.js';
export { Generator, defaultGenerator, manualSeed, seed, initialSeed, getRngState, setRngState } from './generator.js';
export { tensor, fromTypedArray, fromBuffer } from './creation.js';
export { slice, Slice, indexing } from './indexing.js';
export type { Indices, IndexElement, IndexArray } from './indexing.js';
export { formatTensor, setPrintOptions, getPrintOptions, printOptions } from './printing.js';
export type { PrintOptions, SetPrintOptions } from './printing.js';
export type { TensorOptions, TensorData, FromTypedArrayOptions } from './creation.js';
export { noGrad, enableGrad, inferenceMode, setGradEnabled, isGradEnabled, isInferenceModeEnabled } from './autograd/grad_mode.js';
export { isAnomalyEnabled, isAnomalyCheckNanEnabled } from './autograd/anomaly_mode.js';
export { ops } from './ops_namespace.js';
export { memory } from './memory.js';
export { setDefaultDevice, getDefaultDevice } from './default_device.js';
export type { MemoryInfo } from './memory.js';
export type { OpArg, Scalar, Layout, MemoryFormat } from './op_arg.js';
export { linalg, fft, special } from './generated/namespaces.js';
/** torch.return_types: the named tuples operators return (types; the results are arrays carrying the names). */
export type * as return_types from './generated/return_types.js';
export { device } from './device.js';
export type { DeviceName, DeviceConstructor, TorchDevice } from './device.js';
export * as accelerator from './accelerator.js';
export * as backends from './backends.js';
export * as distributed from './distributed/index.js';
export type { Grads, NodePostHook, NodePreHook } from './autograd/node.js';
export * as safetensors from './safetensors.js';
export * as amp from './amp/index.js';
export { autocast, isAutocastEnabled, setAutocastEnabled, getAutocastDtype, setAutocastDtype, isAutocastCacheEnabled, setAutocastCacheEnabled, autocastIncrementNesting, autocastDecrementNesting, clearAutocastCache } from './amp/autocast_mode.js';
export { inf, nan, pi, e, finfo, iinfo, FInfo, IInfo } from './type_info.js';

/**
 * Runs fn and disposes every tensor it created except those it returns (in arrays and plain
 * objects too). Nested scopes hand kept tensors to the enclosing scope.
 * @example const loss = torch.tidy(() => criterion(model(x), y));
 */
export function tidy<T>(fn: () => T): T {
  return runInScope(fn, (v): v is Tensor => v instanceof Tensor);
}

/** Sets the number of intra-op threads. @example torch.setNumThreads(1) */
export function setNumThreads(n: number): void {
  if (!Number.isInteger(n) || n < 1) throw new RangeError(`setNumThreads(n): n must be a positive integer (got ${n})`);
  native.setNumThreads(n);
}

/** @example torch.getNumThreads() */
export function getNumThreads(): number {
  return native.getNumThreads();
}

/** The version of the linked LibTorch, e.g. '2.13.0'. */
export const libtorchVersion: string = native.versions().libtorch;
