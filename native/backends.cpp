// torch.backends (cudnn, cuda.matmul, mkldnn, openmp, mps), torch.accelerator and torch.device's
// parser: LibTorch's global flags (at::globalContext(), what Python's torch._C._get_cudnn_* /
// _set_cudnn_* read and write), its accelerator API (ATen/DeviceAccelerator.h, what
// torch._C._accelerator_* call) and at::Device's parse of device strings.
#include "common.h"
#include <ATen/Context.h>
#include <ATen/DeviceAccelerator.h>
#include <c10/core/DeviceType.h>

namespace tn {
namespace {

// The flags Python's torch.backends reads and sets, by name.
bool readFlag(const std::string& name) {
  auto& ctx = at::globalContext();
  if (name == "cudnnEnabled") return ctx.userEnabledCuDNN();
  if (name == "cudnnBenchmark") return ctx.benchmarkCuDNN();
  if (name == "cudnnDeterministic") return ctx.deterministicCuDNN();
  if (name == "cudnnAllowTf32") return ctx.allowTF32CuDNN();
  if (name == "cublasAllowTf32") return ctx.allowTF32CuBLAS();
  if (name == "mkldnnEnabled") return ctx.userEnabledMkldnn();
  throw JsRangeError("unknown backend flag " + name);
}

void writeFlag(const std::string& name, bool value) {
  auto& ctx = at::globalContext();
  if (name == "cudnnEnabled") ctx.setUserEnabledCuDNN(value);
  else if (name == "cudnnBenchmark") ctx.setBenchmarkCuDNN(value);
  else if (name == "cudnnDeterministic") ctx.setDeterministicCuDNN(value);
  else if (name == "cudnnAllowTf32") ctx.setAllowTF32CuDNN(value);
  else if (name == "cublasAllowTf32") ctx.setAllowTF32CuBLAS(value);
  else if (name == "mkldnnEnabled") ctx.setUserEnabledMkldnn(value);
  else throw JsRangeError("unknown backend flag " + name);
}

// backendFlag(name) -> boolean
Napi::Value backendFlag(const Napi::CallbackInfo& info) {
  return Napi::Boolean::New(info.Env(), readFlag(info[0].As<Napi::String>().Utf8Value()));
}

// setBackendFlag(name, value)
Napi::Value setBackendFlag(const Napi::CallbackInfo& info) {
  writeFlag(info[0].As<Napi::String>().Utf8Value(), info[1].As<Napi::Boolean>().Value());
  return info.Env().Undefined();
}

// backends() -> { cudnn, cudnnVersion (null without cuDNN), mps, mkldnn, openmp }: what the build has.
Napi::Value backends(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  Napi::Object o = Napi::Object::New(env);
  bool cudnn = at::globalContext().hasCuDNN();
  o.Set("cudnn", cudnn);
  o.Set("cudnnVersion", cudnn ? Napi::Number::New(env, static_cast<double>(at::globalContext().versionCuDNN())) : env.Null());
  o.Set("mps", at::globalContext().hasMPS());
  o.Set("mkldnn", at::globalContext().hasMKLDNN());
  o.Set("openmp", at::globalContext().hasOpenMP());
  return o;
}

// accelerator.current() -> 'cuda', 'mps', ... or null: the accelerator the build has (Python's
// torch._C._accelerator_getAccelerator()).
Napi::Value acceleratorCurrent(const Napi::CallbackInfo& info) {
  auto acc = at::accelerator::getAccelerator(false);
  if (!acc) return info.Env().Null();
  return Napi::String::New(info.Env(), c10::DeviceTypeName(*acc, /*lower_case=*/true));
}

Napi::Value acceleratorDeviceCount(const Napi::CallbackInfo& info) {
  return Napi::Number::New(info.Env(), at::accelerator::deviceCount());
}

Napi::Value acceleratorGetDeviceIndex(const Napi::CallbackInfo& info) {
  return Napi::Number::New(info.Env(), at::accelerator::getDeviceIndex());
}

Napi::Value acceleratorSetDeviceIndex(const Napi::CallbackInfo& info) {
  at::accelerator::setDeviceIndex(static_cast<c10::DeviceIndex>(info[0].As<Napi::Number>().Int32Value()));
  return info.Env().Undefined();
}

Napi::Value acceleratorSynchronize(const Napi::CallbackInfo& info) {
  at::accelerator::synchronizeDevice(static_cast<c10::DeviceIndex>(info[0].As<Napi::Number>().Int32Value()));
  return info.Env().Undefined();
}

// parseDevice(name, index?) -> [type, index | null]: LibTorch's parse of a device string (Python's
// torch.device(str) and torch.device(str, int), with their messages).
Napi::Value parseDevice(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  std::string name = info[0].As<Napi::String>().Utf8Value();
  at::Device d(name);
  if (info.Length() > 1 && info[1].IsNumber()) {
    TORCH_CHECK(!d.has_index(), "type (string) must not include an index because index was passed explicitly: ", name);
    int64_t index = info[1].As<Napi::Number>().Int64Value();
    TORCH_CHECK(index >= 0, "Device index must not be negative");
    d = at::Device(d.type(), static_cast<c10::DeviceIndex>(index));
  }
  Napi::Array out = Napi::Array::New(env, 2);
  out.Set(0u, c10::DeviceTypeName(d.type(), /*lower_case=*/true));
  out.Set(1u, d.has_index() ? Napi::Number::New(env, d.index()) : env.Null());
  return out;
}

}  // namespace

void registerBackends(Napi::Env env, Napi::Object exports) {
  defineFunctions(env, exports, {
      TN_FN("backendFlag", backendFlag),
      TN_FN("setBackendFlag", setBackendFlag),
      TN_FN("backends", backends),
      TN_FN("parseDevice", parseDevice),
  });
  Napi::Object a = Napi::Object::New(env);
  defineFunctions(env, a, {
      TN_FN("current", acceleratorCurrent),
      TN_FN("deviceCount", acceleratorDeviceCount),
      TN_FN("getDeviceIndex", acceleratorGetDeviceIndex),
      TN_FN("setDeviceIndex", acceleratorSetDeviceIndex),
      TN_FN("synchronize", acceleratorSynchronize),
  });
  exports.Set("accelerator", a);
}

}  // namespace tn
