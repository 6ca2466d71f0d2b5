// torch.backends: the flags PyTorch keeps in LibTorch's global context (at::globalContext()),
// read and set there, so LibTorch's kernels see them and reading one back after setting it gives
// what Python gives; and what the build has (cuDNN, MPS, oneDNN, OpenMP). native/backends.cpp.
import { native, type BackendFlag } from './binding.js';
import { describeValue } from './validate.js';

function flag(name: BackendFlag, setter: string): PropertyDescriptor {
  return {
    get: () => native.backendFlag(name),
    set: (value: unknown) => {
      // PyTorch's message (its setters take a bool only).
      if (typeof value !== 'boolean') throw new TypeError(`${setter} expects a bool, but got ${describeValue(value, 'python')}`);
      native.setBackendFlag(name, value);
    },
    enumerable: true,
  };
}

/** torch.backends.cudnn: cuDNN's flags (they exist, and are kept, on builds without cuDNN too). */
export interface CudnnBackend {
  /** Whether cuDNN may be used (default true). */
  enabled: boolean;
  /** Let cuDNN benchmark convolution algorithms and pick the fastest (default false). */
  benchmark: boolean;
  /** Only deterministic cuDNN algorithms (default false). */
  deterministic: boolean;
  /** TF32 in cuDNN convolutions on Ampere and later (default true). */
  allowTf32: boolean;
  /** Whether the build has cuDNN. */
  isAvailable(): boolean;
  /** cuDNN's version as a number (90100 for 9.1.0), or null without cuDNN. */
  version(): number | null;
}

/**
 * torch.backends.cudnn, as Python's.
 * @example torch.backends.cudnn.benchmark = true;
 */
export const cudnn: CudnnBackend = Object.defineProperties({
  isAvailable: (): boolean => native.backends().cudnn,
  version: (): number | null => native.backends().cudnnVersion,
}, {
  enabled: flag('cudnnEnabled', 'set_enabled_cudnn'),
  benchmark: flag('cudnnBenchmark', 'set_benchmark_cudnn'),
  deterministic: flag('cudnnDeterministic', 'set_deterministic_cudnn'),
  // PyTorch's setter names cuBLAS here too (its message says set_allow_tf32_cublas).
  allowTf32: flag('cudnnAllowTf32', 'set_allow_tf32_cublas'),
}) as CudnnBackend;

/** torch.backends.cuda: the cuBLAS matmul flag. */
export interface CudaBackend {
  readonly matmul: {
    /** TF32 in float32 matrix multiplications on Ampere and later (default false). */
    allowTf32: boolean;
  };
  /** Whether the linked LibTorch was built with CUDA. */
  isBuilt(): boolean;
}

/**
 * torch.backends.cuda, as Python's (matmul.allowTf32 and isBuilt).
 * @example torch.backends.cuda.matmul.allowTf32 = true;
 */
export const cuda: CudaBackend = {
  matmul: Object.defineProperties({}, { allowTf32: flag('cublasAllowTf32', 'set_allow_tf32_cublas') }) as { allowTf32: boolean },
  isBuilt: (): boolean => native.versions().cuda,
};

/** torch.backends.mps: Apple's Metal backend (never built on Linux and Windows). @example torch.backends.mps.isAvailable() */
export const mps = {
  /** Whether MPS is usable now. @example torch.backends.mps.isAvailable() // false on Linux */
  isAvailable: (): boolean => native.backends().mps,
  /** Whether the linked LibTorch was built with MPS. @example torch.backends.mps.isBuilt() */
  isBuilt: (): boolean => native.backends().mps,
};

/** torch.backends.mkldnn: oneDNN (MKL-DNN). */
export interface MkldnnBackend {
  /** Whether oneDNN kernels may be used (default true). */
  enabled: boolean;
  /** Whether the build has oneDNN. */
  isAvailable(): boolean;
}

/**
 * torch.backends.mkldnn, as Python's.
 * @example torch.backends.mkldnn.isAvailable()
 */
export const mkldnn: MkldnnBackend = Object.defineProperties({
  isAvailable: (): boolean => native.backends().mkldnn,
}, { enabled: flag('mkldnnEnabled', 'set_enabled_mkldnn') }) as MkldnnBackend;

/** torch.backends.openmp. @example torch.backends.openmp.isAvailable() */
export const openmp = {
  /** Whether the build uses OpenMP. @example torch.backends.openmp.isAvailable() */
  isAvailable: (): boolean => native.backends().openmp,
};
