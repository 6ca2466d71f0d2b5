// Process-wide settings: threads, the global seed, library versions, device availability.
#include "common.h"
#include "tensor_object.h"
#include "generator_box.h"
#include <ATen/Parallel.h>
#include <ATen/Context.h>
#include <ATen/detail/CUDAHooksInterface.h>
#include <torch/version.h>

namespace tn {
namespace {

Napi::Value setNumThreads(const Napi::CallbackInfo& info) {
  at::set_num_threads(info[0].As<Napi::Number>().Int32Value());
  return info.Env().Undefined();
}

Napi::Value getNumThreads(const Napi::CallbackInfo& info) {
  return Napi::Number::New(info.Env(), at::get_num_threads());
}

// manualSeed(seed: bigint): seeds every device's default generator, as torch.manual_seed does.
Napi::Value manualSeed(const Napi::CallbackInfo& info) {
  bool lossless;
  uint64_t seed = info[0].As<Napi::BigInt>().Uint64Value(&lossless);
  {
    DefaultGeneratorLease lease(true);  // this JS thread's stream
    auto gen = at::detail::getDefaultCPUGenerator();
    std::lock_guard<std::mutex> lock(gen.mutex());
    gen.set_current_seed(seed);
  }
  const auto& cuda = at::detail::getCUDAHooks();
  if (cuda.hasCUDA()) {
    for (int i = 0; i < cuda.deviceCount(); ++i) {
      auto gen = cuda.getDefaultGenerator(i);
      std::lock_guard<std::mutex> lock(gen.mutex());
      gen.set_current_seed(seed);
    }
  }
  return info.Env().Undefined();
}

Napi::Value versions(const Napi::CallbackInfo& info) {
  Napi::Object o = Napi::Object::New(info.Env());
  o.Set("libtorch", TORCH_VERSION);
  o.Set("cuda", at::detail::getCUDAHooks().hasCUDA());
  o.Set("parallelInfo", at::get_parallel_info());
  return o;
}

}  // namespace

void registerRuntime(Napi::Env env, Napi::Object exports) {
  defineFunctions(env, exports, {
      TN_FN("setNumThreads", setNumThreads),
      TN_FN("getNumThreads", getNumThreads),
      TN_FN("manualSeed", manualSeed),
      TN_FN("versions", versions),
  });
}

}  // namespace tn
