#include "js_function.h"
#include "deferred_release.h"
#include "engine_bridge.h"
#include "tensor_box.h"
#include <torch/csrc/autograd/custom_function.h>
#include <torch/csrc/autograd/function.h>
#include <torch/csrc/autograd/grad_mode.h>
#include <torch/csrc/autograd/saved_variable.h>
#include <torch/csrc/autograd/variable_info.h>
#include <c10/core/DeviceGuard.h>
#include <cmath>
#include <mutex>
#include <unordered_set>

namespace tn {
namespace {

using torch::autograd::Node;
using torch::autograd::SavedVariable;
using torch::autograd::Variable;
using torch::autograd::VariableInfo;
using torch::autograd::variable_list;

// The JS function that runs a node's backward: (ctx, ...gradOutputs) => (handle | null)[], one
// entry per tensor input of forward (lib/autograd/function.ts checks the count and the types
// with PyTorch's messages). Set once per JS thread by functionSetup.
thread_local napi_ref backwardTrampoline = nullptr;

struct JsNode : Node {
  std::string name_;
  JsThread* jt_ = nullptr;
  napi_ref ctx_ = nullptr;  // strong: the node keeps its ctx (and the JS values on it) alive
  std::vector<VariableInfo> outputInfo_;
  std::vector<SavedVariable> saved_;
  bool materialize_ = true;
  bool freed_ = false;
  bool released_ = false;

  JsNode() { liveJsCallables.fetch_add(1, std::memory_order_relaxed); }

  // Called when the last strong reference goes (the destructor waits for weak references too, and
  // ctx's node handle is one: releasing ctx here breaks that cycle). May run on any thread, inside
  // GC too: no N-API here.
  void release_resources() override {
    Node::release_resources();
    saved_.clear();
    releaseJs();
  }

  ~JsNode() override { releaseJs(); }

  void releaseJs() {
    if (ctx_ != nullptr) {
      deferRelease(jsThreadEnv(jt_), ctx_);
      ctx_ = nullptr;
    }
    if (!released_) {
      released_ = true;
      liveJsCallables.fetch_sub(1, std::memory_order_relaxed);
    }
  }

  std::string name() const override { return name_; }

  void release_variables() override {
    std::lock_guard<std::mutex> lock(mutex_);
    saved_.clear();
    freed_ = true;
  }

  variable_list apply(variable_list&& inputs) override {
    // As CppNode/PyNode: the JS backward may touch ctx, which other threads may also run.
    std::lock_guard<std::mutex> lock(mutex_);
    at::OptionalDeviceGuard deviceGuard;
    if (materialize_) {
      for (size_t i = 0; i < inputs.size() && i < outputInfo_.size(); ++i) {
        if (!inputs[i].defined()) inputs[i] = outputInfo_[i].zeros(deviceGuard);
      }
    }
    variable_list results;
    callOnJsThread(jt_, [&](napi_env env) { results = callBackward(env, inputs); });
    return results;
  }

  variable_list callBackward(napi_env env, const variable_list& grads) {
    Napi::HandleScope scope(env);
    if (backwardTrampoline == nullptr) throw std::runtime_error("torch-node: autograd.Function is not initialised");
    std::vector<napi_value> argv(grads.size() + 1);
    check(env, napi_get_reference_value(env, ctx_, &argv[0]));
    for (size_t i = 0; i < grads.size(); ++i) argv[i + 1] = wrapTensor(env, grads[i]);
    napi_value fn, undefined;
    check(env, napi_get_reference_value(env, backwardTrampoline, &fn));
    check(env, napi_get_undefined(env, &undefined));
    napi_value result = callJsFunction(env, fn, undefined, argv.size(), argv.data());
    uint32_t n = 0;
    check(env, napi_get_array_length(env, result, &n));
    if (n != num_outputs()) {
      throw std::runtime_error("function " + name_ + " returned an incorrect number of gradients (expected " +
                               std::to_string(num_outputs()) + ", got " + std::to_string(n) + ")");
    }
    variable_list out;
    out.reserve(n);
    for (uint32_t i = 0; i < n; ++i) {
      napi_value e;
      check(env, napi_get_element(env, result, i, &e));
      napi_valuetype type;
      check(env, napi_typeof(env, e, &type));
      if (type == napi_null || type == napi_undefined) out.emplace_back();
      else out.push_back(unwrapTensor(env, e, "gradient"));
    }
    return out;
  }
};

std::vector<at::Tensor> tensorArray(napi_env env, napi_value value, const char* what) {
  std::vector<at::Tensor> out;
  napi_valuetype type;
  check(env, napi_typeof(env, value, &type));
  if (type == napi_null || type == napi_undefined) return out;
  uint32_t n = 0;
  check(env, napi_get_array_length(env, value, &n));
  out.reserve(n);
  for (uint32_t i = 0; i < n; ++i) {
    napi_value e;
    check(env, napi_get_element(env, value, i, &e));
    out.push_back(unwrapTensor(env, e, what));
  }
  return out;
}

bool isNullish(napi_env env, napi_value v) {
  napi_valuetype type;
  check(env, napi_typeof(env, v, &type));
  return type == napi_null || type == napi_undefined;
}

// functionSetup(backwardTrampoline)
Napi::Value functionSetup(const Napi::CallbackInfo& info) {
  napi_env env = info.Env();
  if (backwardTrampoline != nullptr) napi_delete_reference(env, backwardTrampoline);
  check(env, napi_create_reference(env, info[0], 1, &backwardTrampoline));
  return info.Env().Undefined();
}

// functionPrepare(inputs: TensorHandle[]): a number, bit 0 = grad mode before, bit i+1 = input i
// requires grad (ctx.needsInputGrad, as PyTorch: whatever the grad mode); the Function is recorded
// when grad mode was on and any bit is set; or, beyond 50 inputs, [gradModeBefore, ...needsInputGrad]. Turns grad mode
// off for forward (functionFinish, or the caller on error, restores it).
napi_value functionPrepare(napi_env env, napi_callback_info cbinfo) {
  return guarded(env, [&]() -> napi_value {
    size_t argc = 1;
    napi_value argv[1];
    napi_get_cb_info(env, cbinfo, &argc, argv, nullptr, nullptr);
    uint32_t n = 0;
    check(env, napi_get_array_length(env, argv[0], &n));
    bool gradMode = c10::GradMode::is_enabled();
    std::vector<bool> needs(n, false);
    for (uint32_t i = 0; i < n; ++i) {
      napi_value e;
      check(env, napi_get_element(env, argv[0], i, &e));
      const at::Tensor& t = unwrapTensor(env, e, "input");
      needs[i] = t.requires_grad();
    }
    c10::GradMode::set_enabled(false);
    napi_value result;
    if (n <= 50) {
      double code = gradMode ? 1 : 0;
      double bit = 2;
      for (uint32_t i = 0; i < n; ++i, bit *= 2) if (needs[i]) code += bit;
      check(env, napi_create_double(env, code, &result));
    } else {
      check(env, napi_create_array_with_length(env, n + 1, &result));
      napi_value b;
      napi_get_boolean(env, gradMode, &b);
      napi_set_element(env, result, 0, b);
      for (uint32_t i = 0; i < n; ++i) {
        napi_get_boolean(env, needs[i], &b);
        napi_set_element(env, result, i + 1, b);
      }
    }
    return result;
  });
}

void finalizeNodeRef(node_api_basic_env, void* data, void*) {
  delete static_cast<c10::weak_intrusive_ptr<JsNode>*>(data);
}

// functionFinish(ctx, code, name, inputs, outputs, toSave, dirty, nonDifferentiable, materialize)
// Restores grad mode, wires forward's outputs into the graph and saves tensors. Outputs LibTorch
// had to replace (an input returned unchanged becomes a view of it) are written back into the
// outputs array. Returns the node handle for ctx (null when nothing needs a gradient).
napi_value functionFinish(napi_env env, napi_callback_info cbinfo) {
  size_t argc = 9;
  napi_value argv[9];
  napi_get_cb_info(env, cbinfo, &argc, argv, nullptr, nullptr);
  bool prevGrad = true;
  bool executable = false;
  napi_valuetype codeType;
  napi_typeof(env, argv[1], &codeType);
  if (codeType == napi_number) {
    double code;
    napi_get_value_double(env, argv[1], &code);
    prevGrad = std::fmod(code, 2.0) == 1.0;
    executable = prevGrad && code >= 2.0;
  } else {
    uint32_t n = 0;
    napi_get_array_length(env, argv[1], &n);
    for (uint32_t i = 0; i < n; ++i) {
      napi_value e;
      bool b = false;
      napi_get_element(env, argv[1], i, &e);
      napi_get_value_bool(env, e, &b);
      if (i == 0) prevGrad = b; else executable = executable || b;
    }
    executable = executable && prevGrad;
  }
  c10::GradMode::set_enabled(prevGrad);
  return guarded(env, [&]() -> napi_value {
    drainDeferredReleases(env);
    variable_list inputVars = tensorArray(env, argv[3], "input");
    uint32_t numOutputs = 0;
    check(env, napi_get_array_length(env, argv[4], &numOutputs));
    std::vector<std::optional<Variable>> rawOutputs(numOutputs);
    for (uint32_t i = 0; i < numOutputs; ++i) {
      napi_value e;
      check(env, napi_get_element(env, argv[4], i, &e));
      if (!isNullish(env, e)) rawOutputs[i] = unwrapTensor(env, e, "output");
    }
    std::unordered_set<at::TensorImpl*> dirty, nonDifferentiable;
    for (const auto& t : tensorArray(env, argv[6], "dirty tensor")) {
      dirty.insert(t.unsafeGetTensorImpl());
      t.unsafeGetTensorImpl()->bump_version();  // as AutogradContext::get_and_bump_dirty
    }
    for (const auto& t : tensorArray(env, argv[7], "non-differentiable tensor")) {
      nonDifferentiable.insert(t.unsafeGetTensorImpl());
    }
    c10::intrusive_ptr<JsNode> node;
    if (executable) {
      node = c10::make_intrusive<JsNode>();
      size_t nameLength = 0;
      check(env, napi_get_value_string_utf8(env, argv[2], nullptr, 0, &nameLength));
      node->name_.resize(nameLength);
      check(env, napi_get_value_string_utf8(env, argv[2], node->name_.data(), nameLength + 1, &nameLength));
      node->jt_ = currentJsThread(env);
      node->set_next_edges(torch::autograd::collect_next_edges(inputVars));
      node->clear_input_metadata();
    }
    torch::autograd::_jvp_fn_t jvp = [](const variable_list&, const variable_list&) -> variable_list {
      TORCH_CHECK(false, "torch-node: forward-mode AD (jvp) is not implemented for custom autograd Functions");
    };
    auto viewAsSelf = [](const at::Tensor& x) -> at::Tensor { return x.view_as(x); };
    c10::intrusive_ptr<Node> cdata = node;
    auto wrapped = torch::autograd::_wrap_outputs(inputVars, nonDifferentiable, dirty, rawOutputs, cdata, jvp, {},
                                                  viewAsSelf, false);
    for (uint32_t i = 0; i < numOutputs && i < wrapped.size(); ++i) {
      if (wrapped[i].has_value() && rawOutputs[i].has_value() &&
          wrapped[i]->unsafeGetTensorImpl() != rawOutputs[i]->unsafeGetTensorImpl()) {
        check(env, napi_set_element(env, argv[4], i, wrapTensor(env, *wrapped[i])));
      }
    }
    napi_value result;
    if (!executable) {
      napi_get_null(env, &result);
      return result;
    }
    node->outputInfo_.reserve(wrapped.size());
    for (auto& output : wrapped) {
      if (output.has_value()) node->outputInfo_.emplace_back(output.value());
      else node->outputInfo_.emplace_back();
    }
    napi_get_value_bool(env, argv[8], &node->materialize_);
    if (!isNullish(env, argv[5])) {
      uint32_t n = 0;
      check(env, napi_get_array_length(env, argv[5], &n));
      node->saved_.reserve(n);
      for (uint32_t i = 0; i < n; ++i) {
        napi_value e;
        check(env, napi_get_element(env, argv[5], i, &e));
        if (isNullish(env, e)) {
          node->saved_.emplace_back();
        } else {
          const at::Tensor& t = unwrapTensor(env, e, "saved tensor");
          bool isOutput = t.grad_fn().get() == node.get();
          node->saved_.emplace_back(t, isOutput);
        }
      }
    }
    check(env, napi_create_reference(env, argv[0], 1, &node->ctx_));
    auto* weak = new c10::weak_intrusive_ptr<JsNode>(node);
    napi_status status = napi_create_external(env, weak, finalizeNodeRef, nullptr, &result);
    if (status != napi_ok) {
      delete weak;
      throw std::runtime_error("torch-node: could not create a node handle");
    }
    return result;
  });
}

c10::intrusive_ptr<JsNode> lockNode(napi_env env, napi_value value) {
  void* data = nullptr;
  check(env, napi_get_value_external(env, value, &data));
  return static_cast<c10::weak_intrusive_ptr<JsNode>*>(data)->lock();
}

// functionSavedTensors(node): the saved tensors, unpacked (PyTorch's checks included).
Napi::Value functionSavedTensors(const Napi::CallbackInfo& info) {
  return guardedValue(info, [&]() -> Napi::Value {
    Napi::Env env = info.Env();
    auto node = lockNode(env, info[0]);
    TORCH_CHECK(node, torch::autograd::ERR_BACKWARD_TWICE);
    // No lock: this runs inside the node's own apply (which holds the node mutex).
    if (node->saved_.empty()) {
      TORCH_CHECK(!node->freed_, torch::autograd::ERR_BACKWARD_TWICE);
      return Napi::Array::New(env, 0);
    }
    TORCH_CHECK(!node->freed_, torch::autograd::ERR_BACKWARD_TWICE);
    c10::intrusive_ptr<Node> self = node;
    Napi::Array out = Napi::Array::New(env, node->saved_.size());
    for (size_t i = 0; i < node->saved_.size(); ++i) {
      at::Tensor t = node->saved_[i].unpack(self);
      out.Set(static_cast<uint32_t>(i), Napi::Value(env, wrapTensor(env, std::move(t))));
    }
    return out;
  });
}

// functionNodeAlive(node): false once the graph holding the node was freed.
Napi::Value functionNodeAlive(const Napi::CallbackInfo& info) {
  return guardedValue(info, [&]() -> Napi::Value {
    return Napi::Boolean::New(info.Env(), static_cast<bool>(lockNode(info.Env(), info[0])));
  });
}

}  // namespace

void registerJsFunction(Napi::Env env, Napi::Object exports) {
  TN_EXPORT(exports, "functionSetup", functionSetup);
  napi_value fn;
  napi_create_function(env, "functionPrepare", NAPI_AUTO_LENGTH, functionPrepare, nullptr, &fn);
  exports.Set("functionPrepare", Napi::Value(env, fn));
  napi_create_function(env, "functionFinish", NAPI_AUTO_LENGTH, functionFinish, nullptr, &fn);
  exports.Set("functionFinish", Napi::Value(env, fn));
  TN_EXPORT(exports, "functionSavedTensors", functionSavedTensors);
  TN_EXPORT(exports, "functionNodeAlive", functionNodeAlive);
}

}  // namespace tn
