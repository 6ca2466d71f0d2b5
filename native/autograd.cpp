// backward(), autograd.grad() and the grad-mode switches.
#include "tensor_object.h"
#include "deferred_release.h"
#include "engine_bridge.h"
#include <torch/csrc/autograd/autograd.h>
#include <torch/csrc/autograd/grad_mode.h>
#include <torch/csrc/autograd/functions/basic_ops.h>
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
  Napi::Env env = info.Env();
  auto tensors = tensorList(env, info[0], "tensors", false);
  auto grads = tensorList(env, info[1], "gradient", true);
  auto inputs = tensorList(env, info[4], "inputs", false);
  std::optional<bool> retainGraph = optionalBool(info[2]);
  bool createGraph = info[3].ToBoolean();
  // The engine may call JS nodes and hooks: see engine_bridge.h.
  runEngine(env, [&] { torch::autograd::backward(tensors, grads, retainGraph, createGraph, inputs); });
  drainDeferredReleases(env);
  return env.Undefined();
}

// grad(outputs, inputs, gradOutputs, retainGraph?, createGraph, allowUnused)
Napi::Value grad(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  auto outputs = tensorList(env, info[0], "outputs", false);
  auto inputs = tensorList(env, info[1], "inputs", false);
  auto gradOutputs = tensorList(env, info[2], "gradOutputs", true);
  std::optional<bool> retainGraph = optionalBool(info[3]);
  bool createGraph = info[4].ToBoolean();
  bool allowUnused = info[5].ToBoolean();
  std::vector<at::Tensor> result;
  // Run with allow_unused and check here, for Python's message (python_engine.cpp) rather than
  // LibTorch C++'s ("element 1of the differentiated Tensors ...").
  runEngine(env, [&] {
    result = torch::autograd::grad(outputs, inputs, gradOutputs, retainGraph, createGraph, true);
  });
  drainDeferredReleases(env);
  for (size_t i = 0; i < result.size() && !allowUnused; ++i) {
    TORCH_CHECK(result[i].defined(), "The differentiated Tensor at index ", i,
                " appears to not have been used in the graph. Set allow_unused=True if this is the desired behavior.");
  }
  Napi::Array out = Napi::Array::New(env, result.size());
  for (size_t i = 0; i < result.size(); ++i) out.Set(static_cast<uint32_t>(i), Napi::Value(env, wrapTensor(env, result[i])));
  return out;
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

// variableData(t): PyTorch's `t.data` (shares storage, detached, its own version counter).
Napi::Value variableData(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  return Napi::Value(env, wrapTensor(env, unwrapTensor(env, info[0], "self").variable_data()));
}

// undefinedGrad(t): t through a node whose backward passes an undefined gradient on (gradcheck's
// check that backward functions handle undefined output gradients).
Napi::Value undefinedGrad(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  auto node = c10::make_intrusive<torch::autograd::UndefinedGrad>();
  auto out = node->apply({unwrapTensor(env, info[0], "self")});
  return Napi::Value(env, wrapTensor(env, out.at(0)));
}

}  // namespace

void registerAutograd(Napi::Env env, Napi::Object exports) {
  defineFunctions(env, exports, {
      TN_FN("backward", backward),
      TN_FN("autogradGrad", grad),
      TN_FN("isGradEnabled", isGradEnabled),
      TN_FN("setGradEnabled", setGradEnabled),
      TN_FN("enterInferenceMode", enterInferenceMode),
      TN_FN("exitInferenceMode", exitInferenceMode),
      TN_FN("isInferenceModeEnabled", isInferenceModeEnabled),
      TN_FN("variableData", variableData),
      TN_FN("undefinedGrad", undefinedGrad),
  });
}

}  // namespace tn
