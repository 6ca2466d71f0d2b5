// The torch namespace: `import * as torch from 'torch-node'`.
import { native } from './binding.js';
import { Tensor, setTensorImpls } from './tensor.js';
import { callOp, opFamily } from './dispatch.js';
import { installTensorMethods } from './generated/tensor_methods.js';
import { runBackward } from './autograd/backward.js';
import { runInScope } from './scope.js';
import { formatTensor } from './printing.js';
import { installIndexing } from './indexing.js';
import { installFunctionalMethods } from './tensor_functional_methods.js';
import { inspect } from 'node:util';

installTensorMethods();
installIndexing();
installFunctionalMethods();
const toFamily = opFamily('to');
const toDtypeFamily = opFamily('to.dtype');
setTensorImpls({
  toDtype: (t, dtype) => callOp(toDtypeFamily, [dtype], t) as Tensor,
  backward: (tensors, grads, options) => runBackward(tensors, grads.map((g) => (g === null ? null : g.handle)), options),
  to: (t, spec) => callOp(toFamily, [{ dtype: spec.dtype ?? null, device: spec.device ?? null, nonBlocking: spec.nonBlocking, copy: spec.copy, memoryFormat: spec.memoryFormat ?? null }], t) as Tensor,
});
Object.defineProperty(Tensor.prototype, 'toString', { value(this: Tensor) { return formatTensor(this); }, writable: true, configurable: true });
Object.defineProperty(Tensor.prototype, inspect.custom, { value(this: Tensor) { return formatTensor(this); }, writable: true, configurable: true });

export * from './generated/functions.js';
export {
  broadcastShapes, broadcastTensors, einsum, meshgrid, blockDiag, cartesianProd, chainMatmul, atleast1d, atleast2d, atleast3d,
  tensordot, unique, uniqueConsecutive, split, norm, nonzero, stft, cdist, unravelIndex, lu,
  type ShapeLike, type EinsumSublist, type MeshgridOptions, type TensordotDims, type UniqueResult, type UniqueOptions,
  type UniqueConsecutiveOptions, type SplitSize, type NormOrd, type NormOptions, type NonzeroOptions, type StftOptions,
  type CdistComputeMode, type LuOptions,
} from './functional.js';
// Keeps the typed Tensor methods (a `declare module` in tensor_methods.ts) in the published .d.ts.
export type {} from './generated/tensor_methods.js';
export * from './dtype.js';
export { Tensor, AutogradNode } from './tensor.js';
export type { ToOptions, BackwardOptions, NestedArray } from './tensor.js';
export { Generator, defaultGenerator, manualSeed, seed, initialSeed, getRngState, setRngState } from './generator.js';
export { tensor, fromTypedArray, fromBuffer } from './creation.js';
export { slice, Slice, indexing } from './indexing.js';
export type { Indices, IndexElement, IndexArray } from './indexing.js';
export { formatTensor, setPrintOptions, getPrintOptions, printOptions } from './printing.js';
export type { PrintOptions, SetPrintOptions } from './printing.js';
export type { TensorOptions, TensorData, FromTypedArrayOptions } from './creation.js';
export { noGrad, enableGrad, inferenceMode, setGradEnabled, isGradEnabled, isInferenceModeEnabled } from './autograd/grad_mode.js';
export { ops } from './ops_namespace.js';
export { memory } from './memory.js';
export { setDefaultDevice, getDefaultDevice } from './default_device.js';
export type { MemoryInfo } from './memory.js';
export type { OpArg, Scalar, Layout, MemoryFormat } from './op_arg.js';
export { linalg, fft, special } from './generated/namespaces.js';
export * as safetensors from './safetensors.js';

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
