// LibTorch's autocast state (ATen/autocast_mode.h): per-device enabled flags and target dtypes,
// the weight-cast cache and its nesting count. Python reaches these through torch._C functions
// (torch/csrc/autograd/init.cpp), not operators. The state is thread-local, as in LibTorch: the
// enabled flag is the AutocastCPU / AutocastCUDA dispatch keys' exclusion in the thread's
// dispatch key set, which at::ThreadLocalState carries to the autograd engine's worker thread: a
// backward runs under the autocast state of the thread that called it, as in PyTorch.
#include "common.h"
#include "enum_names.h"
#include <ATen/autocast_mode.h>

namespace tn {
namespace {

std::string stringArg(const Napi::CallbackInfo& info, size_t i, const char* what) {
  if (!info[i].IsString()) throw Napi::TypeError::New(info.Env(), std::string(what) + " must be a string");
  return info[i].As<Napi::String>().Utf8Value();
}

// 'cpu', 'cuda', 'cuda:0' -> the device type, with c10::Device's own message for unknown names.
at::DeviceType deviceTypeArg(const Napi::CallbackInfo& info, size_t i) {
  return deviceFromName(stringArg(info, i, "deviceType")).type();
}

Napi::Value isAutocastEnabled(const Napi::CallbackInfo& info) {
  return Napi::Boolean::New(info.Env(), at::autocast::is_autocast_enabled(deviceTypeArg(info, 0)));
}

Napi::Value setAutocastEnabled(const Napi::CallbackInfo& info) {
  at::autocast::set_autocast_enabled(deviceTypeArg(info, 0), info[1].ToBoolean());
  return info.Env().Undefined();
}

Napi::Value isAutocastAvailable(const Napi::CallbackInfo& info) {
  return Napi::Boolean::New(info.Env(), at::autocast::is_autocast_available(deviceTypeArg(info, 0)));
}

// Device types without autocast hold no dtype: Python's conversion of it raises this message.
Napi::Value getAutocastDtype(const Napi::CallbackInfo& info) {
  at::ScalarType dtype = at::autocast::get_autocast_dtype(deviceTypeArg(info, 0));
  const char* name = scalarTypeName(dtype);
  TORCH_CHECK(dtype != at::ScalarType::Undefined && scalarTypeFromName(name).has_value(), "unsupported scalarType");
  return Napi::String::New(info.Env(), name);
}

Napi::Value setAutocastDtype(const Napi::CallbackInfo& info) {
  at::DeviceType type = deviceTypeArg(info, 0);
  auto dtype = scalarTypeFromName(stringArg(info, 1, "dtype"));
  if (!dtype) throw Napi::TypeError::New(info.Env(), "dtype must be a dtype name such as 'bfloat16'");
  at::autocast::set_autocast_dtype(type, *dtype);
  return info.Env().Undefined();
}

Napi::Value isAutocastCacheEnabled(const Napi::CallbackInfo& info) {
  return Napi::Boolean::New(info.Env(), at::autocast::is_autocast_cache_enabled());
}

Napi::Value setAutocastCacheEnabled(const Napi::CallbackInfo& info) {
  at::autocast::set_autocast_cache_enabled(info[0].ToBoolean());
  return info.Env().Undefined();
}

Napi::Value autocastIncrementNesting(const Napi::CallbackInfo& info) {
  return Napi::Number::New(info.Env(), at::autocast::increment_nesting());
}

Napi::Value autocastDecrementNesting(const Napi::CallbackInfo& info) {
  return Napi::Number::New(info.Env(), at::autocast::decrement_nesting());
}

Napi::Value clearAutocastCache(const Napi::CallbackInfo& info) {
  at::autocast::clear_cache();
  return info.Env().Undefined();
}

}  // namespace

void registerAutocast(Napi::Env env, Napi::Object exports) {
  defineFunctions(env, exports, {
      TN_FN("isAutocastEnabled", isAutocastEnabled),
      TN_FN("setAutocastEnabled", setAutocastEnabled),
      TN_FN("isAutocastAvailable", isAutocastAvailable),
      TN_FN("getAutocastDtype", getAutocastDtype),
      TN_FN("setAutocastDtype", setAutocastDtype),
      TN_FN("isAutocastCacheEnabled", isAutocastCacheEnabled),
      TN_FN("setAutocastCacheEnabled", setAutocastCacheEnabled),
      TN_FN("autocastIncrementNesting", autocastIncrementNesting),
      TN_FN("autocastDecrementNesting", autocastDecrementNesting),
      TN_FN("clearAutocastCache", clearAutocastCache),
  });
}

}  // namespace tn
