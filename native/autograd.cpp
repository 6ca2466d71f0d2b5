// backward(), autograd.grad() and the grad-mode switches.
#include "tensor_box.h"
#include "deferred_release.h"
#include <torch/csrc/autograd/autograd.h>
#include <torch/csrc/autograd/grad_mode.h>
#include <c10/core/InferenceMode.h>
#include <memory>
#include <vector>

namespace tn {
namespace {

std::vector<at::Tensor> tensorList(Napi::Env env, Napi::Value value, const char* what, bool allowNull) {
  std::vector<at::Tensor> out;
  if (value.IsUndefined() || value.IsNull()) return out;
  Napi::Array array = value.As<Napi::Array>();
  for (uint32_t i = 0; i < array.Length(); ++i) {
    Napi::Value e = array.Get(i);
    if (allowNull && (e.IsNull() || e.IsUndefined())) out.emplace_back();
    else out.push_back(unwrapTensor(env, e, what));
  }
  return out;
}

std::optional<bool> optionalBool(Napi::Value v) {
  if (v.IsUndefined() || v.IsNull()) return std::nullopt;
  return v.ToBoolean().Value();
}

// backward(tensors, gradTensors, retainGraph?, createGraph, inputs)
Napi::Value backward(const Napi::CallbackInfo& info) {
  return guardedValue(info, [&]() -> Napi::Value {
    Napi::Env env = info.Env();
    auto tensors = tensorList(env, info[0], "tensors", false);
    auto grads = tensorList(env, info[1], "gradient", true);
    auto inputs = tensorList(env, info[4], "inputs", false);
    torch::autograd::backward(tensors, grads, optionalBool(info[2]), info[3].ToBoolean(), inputs);
    drainDeferredReleases(env);
    return env.Undefined();
  });
}

// grad(outputs, inputs, gradOutputs, retainGraph?, createGraph, allowUnused)
Napi::Value grad(const Napi::CallbackInfo& info) {
  return guardedValue(info, [&]() -> Napi::Value {
    Napi::Env env = info.Env();
    auto outputs = tensorList(env, info[0], "outputs", false);
    auto inputs = tensorList(env, info[1], "inputs", false);
    auto gradOutputs = tensorList(env, info[2], "gradOutputs", true);
    auto result = torch::autograd::grad(outputs, inputs, gradOutputs, optionalBool(info[3]),
                                        info[4].ToBoolean(), info[5].ToBoolean());
    Napi::Array out = Napi::Array::New(env, result.size());
    for (size_t i = 0; i < result.size(); ++i) out.Set(static_cast<uint32_t>(i), Napi::Value(env, wrapTensor(env, result[i])));
    return out;
  });
}

Napi::Value isGradEnabled(const Napi::CallbackInfo& info) {
  return Napi::Boolean::New(info.Env(), c10::GradMode::is_enabled());
}

Napi::Value setGradEnabled(const Napi::CallbackInfo& info) {
  c10::GradMode::set_enabled(info[0].ToBoolean());
  return info.Env().Undefined();
}

// Inference mode is an RAII guard in C++; JS brackets a callback with enter/exit, so the guards
// live on a per-thread stack and are always popped in order (a finally block in JS).
thread_local std::vector<std::unique_ptr<c10::InferenceMode>> inferenceGuards;

Napi::Value enterInferenceMode(const Napi::CallbackInfo& info) {
  inferenceGuards.push_back(std::make_unique<c10::InferenceMode>(info[0].ToBoolean()));
  return info.Env().Undefined();
}

Napi::Value exitInferenceMode(const Napi::CallbackInfo& info) {
  if (!inferenceGuards.empty()) inferenceGuards.pop_back();
  return info.Env().Undefined();
}

Napi::Value isInferenceModeEnabled(const Napi::CallbackInfo& info) {
  return Napi::Boolean::New(info.Env(), c10::InferenceMode::is_enabled());
}

Napi::Value isInference(const Napi::CallbackInfo& info) {
  return guardedValue(info, [&]() -> Napi::Value {
    return Napi::Boolean::New(info.Env(), unwrapTensor(info.Env(), info[0], "self").is_inference());
  });
}

}  // namespace

void registerAutograd(Napi::Env env, Napi::Object exports) {
  exports.Set("backward", Napi::Function::New(env, backward, "backward"));
  exports.Set("autogradGrad", Napi::Function::New(env, grad, "autogradGrad"));
  exports.Set("isGradEnabled", Napi::Function::New(env, isGradEnabled, "isGradEnabled"));
  exports.Set("setGradEnabled", Napi::Function::New(env, setGradEnabled, "setGradEnabled"));
  exports.Set("enterInferenceMode", Napi::Function::New(env, enterInferenceMode, "enterInferenceMode"));
  exports.Set("exitInferenceMode", Napi::Function::New(env, exitInferenceMode, "exitInferenceMode"));
  exports.Set("isInferenceModeEnabled", Napi::Function::New(env, isInferenceModeEnabled, "isInferenceModeEnabled"));
  exports.Set("isInference", Napi::Function::New(env, isInference, "isInference"));
}

}  // namespace tn
