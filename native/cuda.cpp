// torch.cuda: availability, current device, synchronisation, seeds, caching-allocator statistics
// and device properties. Builds against any LibTorch: the CUDA-specific calls are compiled only
// with TORCH_NODE_WITH_CUDA (set by CMakeLists.txt when the LibTorch has CUDA and its headers were
// found); otherwise the device-generic interfaces are used. Without a usable GPU every function
// throws "torch.cuda.<fn>: CUDA is not available: <why>", except isAvailable/deviceCount (false/0)
// and, as in PyTorch, manualSeed/manualSeedAll/emptyCache (no-ops).
#include "common.h"
#include "compat.h"
#include <ATen/Context.h>
#include <ATen/detail/CUDAHooksInterface.h>
#include <c10/core/impl/DeviceGuardImplInterface.h>
#include <array>
#include <mutex>
#ifdef TORCH_NODE_WITH_CUDA
#include <c10/cuda/CUDACachingAllocator.h>
#include <c10/cuda/CUDAFunctions.h>
#elif TORCH_NODE_HAS_DEVICE_ALLOCATOR
#include <c10/core/CachingDeviceAllocator.h>
#endif

namespace tn {
namespace {

const at::CUDAHooksInterface& hooks() { return at::detail::getCUDAHooks(); }

bool cudaAvailable() { return hooks().hasCUDA(); }

int deviceCountOrZero() { return cudaAvailable() ? static_cast<int>(hooks().deviceCount()) : 0; }

// Throws the documented error when CUDA cannot be used.
void requireCuda(const char* fn) {
  if (cudaAvailable()) return;
  std::string why = hooks().hasCUDART()
      ? "the linked LibTorch " TORCH_VERSION " has CUDA, but no CUDA device or driver was found"
      : "the linked LibTorch " TORCH_VERSION " was built without CUDA";
  throw std::runtime_error(std::string("torch.cuda.") + fn + ": CUDA is not available: " + why);
}

// The device argument at `i`: undefined/null -> the current device; else an index in range.
c10::DeviceIndex deviceArg(const Napi::CallbackInfo& info, size_t i, const char* fn);

c10::DeviceIndex currentIndex() {
#ifdef TORCH_NODE_WITH_CUDA
  return c10::cuda::current_device();
#else
  return c10::impl::getDeviceGuardImpl(c10::DeviceType::CUDA)->getDevice().index();
#endif
}

c10::DeviceIndex deviceArg(const Napi::CallbackInfo& info, size_t i, const char* fn) {
  if (info.Length() <= i || info[i].IsUndefined() || info[i].IsNull()) return currentIndex();
  int64_t d = info[i].As<Napi::Number>().Int64Value();
  int n = deviceCountOrZero();
  if (d < 0 || d >= n) {
    throw JsRangeError(std::string("torch.cuda.") + fn + "(device): device must be in [0, " +
                       std::to_string(n) + ") (got " + std::to_string(d) + ")");
  }
  return static_cast<c10::DeviceIndex>(d);
}

// Statistics of the CUDA caching allocator for one device: [allocated, peak allocated, reserved,
// peak reserved], as torch.cuda.memory_stats' "*_bytes.all.current/peak".
std::array<int64_t, 4> memoryStats(c10::DeviceIndex d) {
#if defined(TORCH_NODE_WITH_CUDA) || TORCH_NODE_HAS_DEVICE_ALLOCATOR
#ifdef TORCH_NODE_WITH_CUDA
  auto stats = c10::cuda::CUDACachingAllocator::getDeviceStats(d);
#else
  auto stats = c10::getDeviceAllocator(c10::DeviceType::CUDA)->getDeviceStats(d);
#endif
  constexpr size_t all = static_cast<size_t>(c10::CachingDeviceAllocator::StatType::AGGREGATE);
  return {stats.allocated_bytes[all].current, stats.allocated_bytes[all].peak,
          stats.reserved_bytes[all].current, stats.reserved_bytes[all].peak};
#else
  throw std::runtime_error("torch.cuda: memory statistics need torch-node built with the CUDA headers");
#endif
}

Napi::Value isAvailable(const Napi::CallbackInfo& info) {
  return Napi::Boolean::New(info.Env(), cudaAvailable());
}

Napi::Value deviceCount(const Napi::CallbackInfo& info) {
  return Napi::Number::New(info.Env(), deviceCountOrZero());
}

Napi::Value currentDevice(const Napi::CallbackInfo& info) {
  requireCuda("currentDevice");
  return Napi::Number::New(info.Env(), currentIndex());
}

Napi::Value setDevice(const Napi::CallbackInfo& info) {
  requireCuda("setDevice");
  c10::DeviceIndex d = deviceArg(info, 0, "setDevice");
#ifdef TORCH_NODE_WITH_CUDA
  c10::cuda::set_device(d);
#else
  c10::impl::getDeviceGuardImpl(c10::DeviceType::CUDA)->setDevice(c10::Device(c10::DeviceType::CUDA, d));
#endif
  return info.Env().Undefined();
}

Napi::Value synchronize(const Napi::CallbackInfo& info) {
  requireCuda("synchronize");
  c10::DeviceIndex d = deviceArg(info, 0, "synchronize");
  hooks().deviceSynchronize(d);
  return info.Env().Undefined();
}

// manualSeed(seed, device | -1): seeds one device's default generator, or all with -1.
Napi::Value manualSeed(const Napi::CallbackInfo& info) {
  // Like torch.cuda.manual_seed(_all): a no-op without CUDA, so seeding code stays portable.
  if (!cudaAvailable()) return info.Env().Undefined();
  bool all = info[1].IsNumber() && info[1].As<Napi::Number>().Int32Value() == -1;
  bool lossless;
  uint64_t seed = info[0].As<Napi::BigInt>().Uint64Value(&lossless);
  int first = all ? 0 : deviceArg(info, 1, "manualSeed");
  int last = all ? deviceCountOrZero() : first + 1;
  for (int i = first; i < last; ++i) {
    auto gen = hooks().getDefaultGenerator(static_cast<c10::DeviceIndex>(i));
    std::lock_guard<std::mutex> lock(gen.mutex());
    gen.set_current_seed(seed);
  }
  return info.Env().Undefined();
}

// memoryStats(device?) -> [allocated, maxAllocated, reserved, maxReserved] in bytes.
Napi::Value memoryStatsJs(const Napi::CallbackInfo& info) {
  requireCuda("memoryStats");
  auto s = memoryStats(deviceArg(info, 0, "memoryStats"));
  Napi::Array a = Napi::Array::New(info.Env(), 4);
  for (uint32_t i = 0; i < 4; ++i) a.Set(i, Napi::Number::New(info.Env(), static_cast<double>(s[i])));
  return a;
}

Napi::Value resetPeakMemoryStats(const Napi::CallbackInfo& info) {
  requireCuda("resetPeakMemoryStats");
  c10::DeviceIndex d = deviceArg(info, 0, "resetPeakMemoryStats");
#ifdef TORCH_NODE_WITH_CUDA
  c10::cuda::CUDACachingAllocator::resetPeakStats(d);
#elif TORCH_NODE_HAS_DEVICE_ALLOCATOR
  c10::getDeviceAllocator(c10::DeviceType::CUDA)->resetPeakStats(d);
#else
  (void)d;
  throw std::runtime_error("torch.cuda.resetPeakMemoryStats: needs torch-node built with the CUDA headers");
#endif
  return info.Env().Undefined();
}

Napi::Value emptyCache(const Napi::CallbackInfo& info) {
  // Like torch.cuda.empty_cache(): a no-op when CUDA was never initialised or is absent.
  if (!cudaAvailable()) return info.Env().Undefined();
#ifdef TORCH_NODE_WITH_CUDA
  c10::cuda::CUDACachingAllocator::emptyCache();
#elif TORCH_NODE_HAS_DEVICE_ALLOCATOR
  c10::getDeviceAllocator(c10::DeviceType::CUDA)->emptyCache();
#endif
  return info.Env().Undefined();
}

// deviceProperties(device?) -> { name, totalMemory, major, minor, multiProcessorCount }.
Napi::Value deviceProperties(const Napi::CallbackInfo& info) {
  requireCuda("getDeviceProperties");
  c10::DeviceIndex d = deviceArg(info, 0, "getDeviceProperties");
#ifdef TORCH_NODE_WITH_CUDA
  const auto* p = at::cuda::getDeviceProperties(d);
  Napi::Object o = Napi::Object::New(info.Env());
  o.Set("name", std::string(p->name));
  o.Set("totalMemory", static_cast<double>(p->totalGlobalMem));
  o.Set("major", p->major);
  o.Set("minor", p->minor);
  o.Set("multiProcessorCount", p->multiProcessorCount);
  return o;
#else
  (void)d;
  throw std::runtime_error(
      "torch.cuda.getDeviceProperties: torch-node was built without the CUDA headers "
      "(rebuild with the CUDA toolkit's include folder found; see CMakeLists.txt)");
#endif
}

}  // namespace

void registerCuda(Napi::Env env, Napi::Object exports) {
  Napi::Object c = Napi::Object::New(env);
  defineFunctions(env, c, {
      TN_FN("isAvailable", isAvailable),
      TN_FN("deviceCount", deviceCount),
      TN_FN("currentDevice", currentDevice),
      TN_FN("setDevice", setDevice),
      TN_FN("synchronize", synchronize),
      TN_FN("manualSeed", manualSeed),
      TN_FN("memoryStats", memoryStatsJs),
      TN_FN("resetPeakMemoryStats", resetPeakMemoryStats),
      TN_FN("emptyCache", emptyCache),
      TN_FN("deviceProperties", deviceProperties),
  });
  exports.Set("cuda", c);
}

}  // namespace tn
