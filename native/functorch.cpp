// The functorch interpreter stack (vmap / grad / jvp levels), its tensor wrappers, and forward-AD
// levels. Python reaches these through pybind functions (torch/csrc/functorch/init.cpp,
// torch._C._enter_dual_level), not ATen operators: aten::_add_batch_dim and _remove_batch_dim
// are the legacy (pre-functorch) vmap's, so the functorch C++ API is called directly here.
// The batching rules and the dynamic-layer kernels themselves are registered by libtorch_cpu.
#include "common.h"
#include "tensor_object.h"
#include <ATen/functorch/BatchedTensorImpl.h>
#include <ATen/functorch/DynamicLayer.h>
#include <ATen/functorch/TensorWrapper.h>
#include <ATen/WrapDimUtils.h>
#include <c10/core/AutogradState.h>
#include <c10/core/GradMode.h>
#include <c10/core/InferenceMode.h>
#include <c10/core/impl/LocalDispatchKeySet.h>
#include <memory>
#include <vector>
#include <torch/csrc/autograd/autograd.h>
#include <torch/csrc/autograd/variable.h>

namespace tn {
namespace {

using namespace at::functorch;

int64_t intArg(const Napi::CallbackInfo& info, size_t i, const char* what) {
  if (!info[i].IsNumber()) throw Napi::TypeError::New(info.Env(), std::string(what) + " must be a number");
  return info[i].As<Napi::Number>().Int64Value();
}

Napi::Value number(Napi::Env env, int64_t v) { return Napi::Number::New(env, static_cast<double>(v)); }

Napi::Value tensorValue(Napi::Env env, const at::Tensor& t) { return Napi::Value(env, wrapTensor(env, t)); }

// Inside grad/jvp levels new tensors must carry autograd keys even under inference mode: the
// levels switch it off and the matching decrement switches it back (as torch/csrc/functorch).
bool leaveInferenceMode() {
  bool prev = c10::InferenceMode::is_enabled();
  if (prev) {
    auto state = c10::AutogradState::get_tls_state();
    state.set_inference_mode(false);
    c10::AutogradState::set_tls_state(state);
  }
  return prev;
}

void restoreInferenceMode(bool prev) {
  if (prev) {
    auto state = c10::AutogradState::get_tls_state();
    state.set_inference_mode(true);
    c10::AutogradState::set_tls_state(state);
  }
}

Napi::Value vmapIncrementNesting(const Napi::CallbackInfo& info) {
  int64_t batchSize = intArg(info, 0, "batchSize");
  std::string randomness = info[1].As<Napi::String>().Utf8Value();
  RandomnessType r;
  if (randomness == "error") r = RandomnessType::Error;
  else if (randomness == "same") r = RandomnessType::Same;
  else if (randomness == "different") r = RandomnessType::Different;
  else TORCH_CHECK(false, "randomness argument must be error, same, or different.");
  return number(info.Env(), initAndPushDynamicLayer(TransformType::Vmap, c10::SymInt(batchSize), r));
}

Napi::Value vmapDecrementNesting(const Napi::CallbackInfo& info) {
  auto layer = popDynamicLayerAndDeleteMetadata();
  TORCH_INTERNAL_ASSERT(layer.key() == TransformType::Vmap);
  return number(info.Env(), layer.layerId());
}

Napi::Value gradIncrementNesting(const Napi::CallbackInfo& info) {
  bool prevGradMode = c10::GradMode::is_enabled();
  bool prevInference = leaveInferenceMode();
  return number(info.Env(), initAndPushDynamicLayer(TransformType::Grad, std::nullopt, std::nullopt, prevGradMode,
                                                    std::nullopt, std::nullopt, prevInference));
}

Napi::Value gradDecrementNesting(const Napi::CallbackInfo& info) {
  auto layer = popDynamicLayerAndDeleteMetadata();
  TORCH_INTERNAL_ASSERT(layer.key() == TransformType::Grad);
  restoreInferenceMode(std::get<GradInterpreterMeta>(layer.interpreter().meta()).prevInferenceMode_);
  return number(info.Env(), layer.layerId());
}

Napi::Value jvpIncrementNesting(const Napi::CallbackInfo& info) {
  bool prevFwGradMode = c10::AutogradState::get_tls_state().get_fw_grad_mode();
  bool prevInference = leaveInferenceMode();
  return number(info.Env(), initAndPushDynamicLayer(TransformType::Jvp, std::nullopt, std::nullopt, std::nullopt,
                                                    prevFwGradMode, std::nullopt, prevInference));
}

Napi::Value jvpDecrementNesting(const Napi::CallbackInfo& info) {
  auto layer = popDynamicLayerAndDeleteMetadata();
  TORCH_INTERNAL_ASSERT(layer.key() == TransformType::Jvp);
  restoreInferenceMode(std::get<JvpInterpreterMeta>(layer.interpreter().meta()).prevInferenceMode_);
  return number(info.Env(), layer.layerId());
}

// The depth of the interpreter stack, and popping back to a depth: a JS exception thrown between
// an increment and its decrement is cleaned up by the caller's finally, but a stack left deeper
// (an exception inside a nested transform's bookkeeping) must not leak into later calls.
Napi::Value dynamicLayerStackDepth(const Napi::CallbackInfo& info) {
  return number(info.Env(), static_cast<int64_t>(getDynamicLayerStack().size()));
}

Napi::Value addBatchDim(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  const at::Tensor& self = unwrapTensor(env, info[0], "self");
  return tensorValue(env, at::functorch::addBatchDim(self, intArg(info, 1, "batchDim"), intArg(info, 2, "level")));
}

// functorch's _remove_batch_dim: the level's batch dimension moved to outDim, or (a value that
// does not vary over the batch) expanded to batchSize along outDim.
Napi::Value removeBatchDim(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  const at::Tensor& self = unwrapTensor(env, info[0], "self");
  int64_t level = intArg(info, 1, "level");
  int64_t batchSize = intArg(info, 2, "batchSize");
  int64_t outDim = intArg(info, 3, "outDim");
  const auto* batched = maybeGetBatchedImpl(self);
  if (batched == nullptr || batched->level() < level) {
    auto sizes = self.sizes().vec();
    outDim = c10::maybe_wrap_dim(outDim, static_cast<int64_t>(sizes.size()) + 1);
    sizes.insert(sizes.begin() + outDim, batchSize);
    return tensorValue(env, self.expand(sizes));
  }
  TORCH_INTERNAL_ASSERT(batched->level() == level);
  at::Tensor value = batched->value();
  int64_t source = batched->bdim();
  int64_t dims = value.dim();
  int64_t destination = c10::maybe_wrap_dim(outDim, dims);
  if (source == destination) return tensorValue(env, value);
  std::vector<int64_t> permutation;
  permutation.reserve(dims);
  for (int64_t d = 0; d < dims; ++d) if (d != source) permutation.push_back(d);
  permutation.insert(permutation.begin() + destination, source);
  return tensorValue(env, value.permute(permutation));
}

Napi::Value wrapForGrad(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  return tensorValue(env, makeTensorWrapper(unwrapTensor(env, info[0], "self"), intArg(info, 1, "level")));
}

Napi::Value unwrapForGrad(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  const at::Tensor& self = unwrapTensor(env, info[0], "self");
  auto* wrapper = maybeGetTensorWrapper(self);
  if (wrapper == nullptr) return info[0];
  TORCH_INTERNAL_ASSERT(wrapper->level().has_value());
  if (wrapper->level() == intArg(info, 1, "level")) return tensorValue(env, wrapper->value());
  return info[0];
}

Napi::Value isBatchedTensor(const Napi::CallbackInfo& info) {
  return Napi::Boolean::New(info.Env(), maybeGetBatchedImpl(unwrapTensor(info.Env(), info[0], "self")) != nullptr);
}

Napi::Value isGradTrackingTensor(const Napi::CallbackInfo& info) {
  return Napi::Boolean::New(info.Env(), maybeGetTensorWrapper(unwrapTensor(info.Env(), info[0], "self")) != nullptr);
}

// The level of a functorch wrapper (-1 for a plain tensor), as maybe_get_level.
Napi::Value maybeGetLevel(const Napi::CallbackInfo& info) {
  const at::Tensor& self = unwrapTensor(info.Env(), info[0], "self");
  if (const auto* batched = maybeGetBatchedImpl(self)) return number(info.Env(), batched->level());
  if (auto* wrapper = maybeGetTensorWrapper(self)) return number(info.Env(), wrapper->level().value_or(-2));
  return number(info.Env(), -1);
}

// The batch dimension of a BatchedTensor (-1 for anything else), as maybe_get_bdim.
Napi::Value maybeGetBdim(const Napi::CallbackInfo& info) {
  const auto* batched = maybeGetBatchedImpl(unwrapTensor(info.Env(), info[0], "self"));
  return number(info.Env(), batched == nullptr ? -1 : batched->bdim());
}

Napi::Value getUnwrapped(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  const at::Tensor& self = unwrapTensor(env, info[0], "self");
  if (const auto* batched = maybeGetBatchedImpl(self)) return tensorValue(env, batched->value());
  if (auto* wrapper = maybeGetTensorWrapper(self)) return tensorValue(env, wrapper->value());
  TORCH_CHECK(false, "No wrappers present!");
}

Napi::Value setInplaceRequiresGradAllowed(const Napi::CallbackInfo& info) {
  at::functorch::setInplaceRequiresGradAllowed(info[0].ToBoolean());
  return info.Env().Undefined();
}

Napi::Value getInplaceRequiresGradAllowed(const Napi::CallbackInfo& info) {
  return Napi::Boolean::New(info.Env(), at::functorch::getInplaceRequiresGradAllowed());
}

// Python's torch._C._DisableFuncTorch, as a bracket: ops run below the functorch layers (printing
// reads a wrapper's value with plain tensor ops). JS pairs enter/exit in a finally block.
thread_local std::vector<std::unique_ptr<c10::impl::ExcludeDispatchKeyGuard>> disableGuards;

Napi::Value disableFuncTorchEnter(const Napi::CallbackInfo& info) {
  disableGuards.push_back(std::make_unique<c10::impl::ExcludeDispatchKeyGuard>(
      c10::DispatchKeySet({c10::DispatchKey::FuncTorchDynamicLayerFrontMode, c10::DispatchKey::FuncTorchDynamicLayerBackMode})));
  return info.Env().Undefined();
}

Napi::Value disableFuncTorchExit(const Napi::CallbackInfo& info) {
  if (!disableGuards.empty()) disableGuards.pop_back();
  return info.Env().Undefined();
}

// --- forward-mode AD levels (torch._C._enter_dual_level / _exit_dual_level) ---

Napi::Value enterDualLevel(const Napi::CallbackInfo& info) {
  return number(info.Env(), static_cast<int64_t>(torch::autograd::forward_ad::enter_dual_level()));
}

Napi::Value exitDualLevel(const Napi::CallbackInfo& info) {
  torch::autograd::forward_ad::exit_dual_level(static_cast<uint64_t>(intArg(info, 0, "level")));
  return info.Env().Undefined();
}

Napi::Value isFwGradEnabled(const Napi::CallbackInfo& info) {
  return Napi::Boolean::New(info.Env(), c10::AutogradState::get_tls_state().get_fw_grad_mode());
}

Napi::Value setFwGradEnabled(const Napi::CallbackInfo& info) {
  c10::AutogradState::get_tls_state().set_fw_grad_mode(info[0].ToBoolean());
  return info.Env().Undefined();
}

}  // namespace

void registerFunctorch(Napi::Env env, Napi::Object exports) {
  defineFunctions(env, exports, {
      TN_FN("functorchVmapIncrementNesting", vmapIncrementNesting),
      TN_FN("functorchVmapDecrementNesting", vmapDecrementNesting),
      TN_FN("functorchGradIncrementNesting", gradIncrementNesting),
      TN_FN("functorchGradDecrementNesting", gradDecrementNesting),
      TN_FN("functorchJvpIncrementNesting", jvpIncrementNesting),
      TN_FN("functorchJvpDecrementNesting", jvpDecrementNesting),
      TN_FN("functorchStackDepth", dynamicLayerStackDepth),
      TN_FN("functorchAddBatchDim", addBatchDim),
      TN_FN("functorchRemoveBatchDim", removeBatchDim),
      TN_FN("functorchWrapForGrad", wrapForGrad),
      TN_FN("functorchUnwrapForGrad", unwrapForGrad),
      TN_FN("functorchIsBatchedTensor", isBatchedTensor),
      TN_FN("functorchIsGradTrackingTensor", isGradTrackingTensor),
      TN_FN("functorchMaybeGetLevel", maybeGetLevel),
      TN_FN("functorchGetUnwrapped", getUnwrapped),
      TN_FN("functorchMaybeGetBdim", maybeGetBdim),
      TN_FN("functorchDisableEnter", disableFuncTorchEnter),
      TN_FN("functorchDisableExit", disableFuncTorchExit),
      TN_FN("functorchSetInplaceRequiresGradAllowed", setInplaceRequiresGradAllowed),
      TN_FN("functorchGetInplaceRequiresGradAllowed", getInplaceRequiresGradAllowed),
      TN_FN("enterDualLevel", enterDualLevel),
      TN_FN("exitDualLevel", exitDualLevel),
      TN_FN("isFwGradEnabled", isFwGradEnabled),
      TN_FN("setFwGradEnabled", setFwGradEnabled),
  });
}

}  // namespace tn
