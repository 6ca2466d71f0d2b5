// The one place LibTorch version differences live. torch-node builds against LibTorch 2.11 to
// 2.13, CPU and CUDA builds (2.13's CPU LibTorch in CI); sources use the macros and helpers here
// instead of testing versions themselves.
#pragma once
#include <torch/version.h>

// Version as one number: 2.13 -> 213.
#define TORCH_NODE_TORCH_VERSION (TORCH_VERSION_MAJOR * 100 + TORCH_VERSION_MINOR)

// c10::DeviceAllocator (c10/core/CachingDeviceAllocator.h) with getDeviceStats/resetPeakStats/
// emptyCache, reached through c10::getDeviceAllocator(kCUDA): 2.9 and later. Used for CUDA memory
// statistics when the addon is built without the CUDA headers (TORCH_NODE_WITH_CUDA unset).
#define TORCH_NODE_HAS_DEVICE_ALLOCATOR (TORCH_NODE_TORCH_VERSION >= 209)

// Differences known and handled where the call is written version-neutrally:
// - c10::cuda::set_device(index[, force]): newer versions take an optional `force`; always call
//   with one argument.
// - CUDACachingAllocator::emptyCache([mempool_id]): the pool argument has a default; call with none.
// - CUDACachingAllocator::getDeviceStats returns c10::CachingDeviceAllocator::DeviceStats (2.8+,
//   CUDACachingAllocator::DeviceStats before); hold it with `auto`.
// - StatType::AGGREGATE indexes the StatArray in every supported version.

#ifdef TORCH_NODE_WITH_CUDA
// at::cuda::getDeviceProperties lives in ATen/cuda/CUDAContextLight.h, which also includes the
// cuBLAS, cuSPARSE and cuSOLVER headers. A toolkit has them; the CUDA runtime headers alone (pip
// wheels, TORCH_NODE_TORCH_IMPORT=direct) may not, so then declare the one function used: it is
// exported by libtorch_cuda.so with this signature in every supported version (2.11, 2.13).
#if __has_include(<cublas_v2.h>) && __has_include(<cusparse.h>) && __has_include(<cusolverDn.h>)
#include <ATen/cuda/CUDAContextLight.h>
#else
#include <c10/core/Device.h>
#include <cuda_runtime_api.h>
namespace at::cuda {
cudaDeviceProp* getDeviceProperties(c10::DeviceIndex device);
}  // namespace at::cuda
#endif
#endif  // TORCH_NODE_WITH_CUDA
