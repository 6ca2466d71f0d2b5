// Autograd graph tools that LibTorch leaves to its front end: anomaly mode's forward traceback,
// default saved-tensor hooks written in JS, and the graph-task queries multi-grad hooks need.
//
// LibTorch asks the default engine for both the anomaly metadata of every node it creates while
// anomaly mode is on (Engine::make_anomaly_metadata) and the default hooks of every tensor it
// saves for backward (Engine::get_default_saved_variable_hooks). Python's binding installs its
// own engine for this (PythonEngine); this file installs one that answers with JS: the JS stack
// of the op that made a node, and the innermost pack/unpack pair pushed by
// torch.autograd.graph.savedTensorsHooks on this JS thread. Everything else is the base engine.
#include "common.h"
#include "deferred_release.h"
#include "engine_bridge.h"
#include "graph_tools.h"
#include "tensor_object.h"
#include <torch/csrc/autograd/anomaly_mode.h>
#include <torch/csrc/autograd/engine.h>
#include <torch/csrc/autograd/function.h>
#include <torch/csrc/autograd/graph_task.h>
#include <torch/csrc/autograd/saved_variable_hooks.h>
#include <torch/csrc/autograd/variable.h>
#include <ATen/SavedTensorHooks.h>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

namespace tn {
namespace {

using torch::autograd::AnomalyMetadata;
using torch::autograd::AnomalyMode;
using torch::autograd::Node;
using torch::autograd::SavedVariableHooks;

// The env of the JS thread this is (set when the addon registers on it), else null: an engine or
// device thread, where no JS stack exists.
thread_local napi_env tlsEnv = nullptr;

// ---- Anomaly mode ------------------------------------------------------------------------------

// The JS stack at this point, without its "Error" line; empty when it cannot be read (an exception
// pending, no JS on the stack).
std::string captureJsStack(napi_env env) {
  std::string out;
  napi_handle_scope scope;
  if (napi_open_handle_scope(env, &scope) != napi_ok) return out;
  napi_value msg, err, stack;
  if (napi_create_string_utf8(env, "", 0, &msg) == napi_ok &&
      napi_create_error(env, nullptr, msg, &err) == napi_ok &&
      napi_get_named_property(env, err, "stack", &stack) == napi_ok) {
    napi_valuetype type;
    if (napi_typeof(env, stack, &type) == napi_ok && type == napi_string) {
      size_t len = 0;
      napi_get_value_string_utf8(env, stack, nullptr, 0, &len);
      out.resize(len);
      napi_get_value_string_utf8(env, stack, out.data(), len + 1, &len);
      size_t nl = out.find('\n');
      out = nl == std::string::npos ? std::string() : out.substr(nl + 1);
    }
  }
  bool pending = false;
  napi_is_exception_pending(env, &pending);
  if (pending) {  // a throwing Error.prepareStackTrace: no stack rather than a stray exception
    napi_value ignored;
    napi_get_and_clear_last_exception(env, &ignored);
    out.clear();
  }
  napi_close_handle_scope(env, scope);
  return out;
}

// The report of the last node that failed under anomaly mode, for the JS thread whose backward()
// rethrows the error (lib/autograd/anomaly_mode.ts appends it to the error's message, where
// Python prints it as a warning).
std::mutex reportMutex;
std::string lastReport;

struct JsAnomalyMetadata : AnomalyMetadata {
  std::string stack;
  bool stored = false;
  c10::intrusive_ptr<Node> parent;

  void store_stack() override {
    if (tlsEnv == nullptr) return;
    stack = captureJsStack(tlsEnv);
    stored = true;
  }

  static void describe(std::string& out, const JsAnomalyMetadata* m, const std::string& name, bool isParent) {
    if (m == nullptr || !m->stored) {
      out += "Error detected in " + name + ". No forward pass information available. Enable detect "
             "anomaly during forward pass for more information.";
      return;
    }
    if (!isParent) {
      out += "Error detected in " + name + ". Traceback of forward call that caused the error:\n" + m->stack;
    } else {
      out += "\n\nPrevious calculation was induced by " + name +
             ". Traceback of forward call that induced the previous calculation:\n" + m->stack;
    }
  }

  void print_stack(const std::string& currentNodeName) override {
    std::string report;
    describe(report, this, currentNodeName, false);
    c10::intrusive_ptr<Node> p = parent;
    int depth = 0;
    while (p && depth++ < 64) {
      auto* pm = dynamic_cast<JsAnomalyMetadata*>(p->metadata());
      describe(report, pm, p->name(), true);
      if (pm == nullptr) break;
      p = pm->parent;
    }
    std::lock_guard<std::mutex> lock(reportMutex);
    lastReport = std::move(report);
  }

  void assign_parent(const c10::intrusive_ptr<Node>& parentNode) override { parent = parentNode; }
};

// ---- Saved-tensor hooks ------------------------------------------------------------------------

// One pack/unpack pair pushed from JS. The functions are JS wrappers (lib/autograd/graph.ts):
// pack returns an object box, unpack takes it and returns a tensor, so every reference held here
// is to an object.
struct HookPair {
  JsThread* jt;
  napi_ref pack;
  napi_ref unpack;
  HookPair(JsThread* thread, napi_ref p, napi_ref u) : jt(thread), pack(p), unpack(u) {
    liveJsCallables.fetch_add(1, std::memory_order_relaxed);
  }
  ~HookPair() {
    deferRelease(jsThreadEnv(jt), pack);
    deferRelease(jsThreadEnv(jt), unpack);
    liveJsCallables.fetch_sub(1, std::memory_order_relaxed);
  }
};

// The pairs pushed on this JS thread, innermost last.
thread_local std::vector<std::shared_ptr<HookPair>> hookStack;

}  // namespace

// The graph task of the engine thread a hook was brought over from, while it runs on the JS thread
// (the engine's own record of it is thread-local to the engine thread): what currentGraphTaskId()
// and willEngineExecuteTensor() answer there, so that checkpointing recomputes once per backward
// and multi-grad hooks count as on the CPU path.
thread_local GraphTaskRef bridgedGraphTask;

GraphTaskRef currentGraphTask() {
  GraphTaskRef ref;
  ref.id = torch::autograd::get_current_graph_task_id();
  if (ref.id == -1) return bridgedGraphTask;
  ref.execInfo = torch::autograd::get_current_graph_task_exec_info();
  ref.nodesInGraph = torch::autograd::get_current_graph_task_nodes_in_graph();
  return ref;
}

BridgedGraphTaskScope::BridgedGraphTaskScope(const GraphTaskRef& task) : saved_(bridgedGraphTask) {
  bridgedGraphTask = task;
}
BridgedGraphTaskScope::~BridgedGraphTaskScope() { bridgedGraphTask = saved_; }

namespace {

// The hooks of one saved tensor: LibTorch calls pack when saving (with grad mode off) and unpack
// when backward needs the tensor, possibly on another thread: both run on the JS thread.
struct JsSavedVariableHooks : SavedVariableHooks {
  std::shared_ptr<HookPair> pair;
  napi_ref packed = nullptr;

  explicit JsSavedVariableHooks(std::shared_ptr<HookPair> p) : pair(std::move(p)) {}
  ~JsSavedVariableHooks() override {
    if (packed != nullptr) deferRelease(jsThreadEnv(pair->jt), packed);
  }

  void call_pack_hook(const at::Tensor& tensor) override {
    callOnJsThread(pair->jt, [&](napi_env env) {
      napi_value fn, undefined;
      check(env, napi_get_reference_value(env, pair->pack, &fn));
      check(env, napi_get_undefined(env, &undefined));
      // The tensor's own object where a call on this thread has it (SavedObjectsScope).
      napi_value arg = SavedObjectsScope::findOpen(tensor.unsafeGetTensorImpl());
      if (arg == nullptr) {
        arg = wrapTensor(env, tensor);
        if (SavedObjectsScope* scope = SavedObjectsScope::innermost()) scope->add(tensor.unsafeGetTensorImpl(), arg);
      }
      napi_value r = callJsFunction(env, fn, undefined, 1, &arg);
      check(env, napi_create_reference(env, r, 1, &packed));
    });
  }

  at::Tensor call_unpack_hook() override {
    at::Tensor result;
    const GraphTaskRef graphTask = currentGraphTask();
    callOnJsThread(pair->jt, [&](napi_env env) {
      BridgedGraphTaskScope bridged(graphTask);
      napi_value fn, undefined, box;
      check(env, napi_get_reference_value(env, pair->unpack, &fn));
      check(env, napi_get_undefined(env, &undefined));
      check(env, napi_get_reference_value(env, packed, &box));
      napi_value r = callJsFunction(env, fn, undefined, 1, &box);
      result = unwrapTensor(env, r, "the value returned by an unpack hook");
    });
    return result;
  }
};

// This JS thread's innermost open SavedObjectsScope.
thread_local SavedObjectsScope* innermostSavedObjects = nullptr;

}  // namespace

std::atomic<int> jsPackHooksPushed{0};

SavedObjectsScope::SavedObjectsScope() : outer_(innermostSavedObjects) { innermostSavedObjects = this; }
SavedObjectsScope::~SavedObjectsScope() { innermostSavedObjects = outer_; }

napi_value SavedObjectsScope::find(const c10::TensorImpl* impl) const {
  for (const auto& [known, object] : objects_) {
    if (known == impl) return object;
  }
  return nullptr;
}

napi_value SavedObjectsScope::findOpen(const c10::TensorImpl* impl) {
  for (const SavedObjectsScope* s = innermostSavedObjects; s != nullptr; s = s->outer_) {
    if (napi_value object = s->find(impl)) return object;
  }
  return nullptr;
}

SavedObjectsScope* SavedObjectsScope::innermost() { return innermostSavedObjects; }

namespace {

// ---- The engine --------------------------------------------------------------------------------

struct NodeEngine : torch::autograd::Engine {
  std::unique_ptr<AnomalyMetadata> make_anomaly_metadata() override {
    return std::make_unique<JsAnomalyMetadata>();
  }
  std::unique_ptr<SavedVariableHooks> get_default_saved_variable_hooks() override {
    if (hookStack.empty()) return nullptr;
    return std::make_unique<JsSavedVariableHooks>(hookStack.back());
  }
};

// Never destroyed: engine threads may outlive static destruction at exit.
torch::autograd::Engine& nodeEngine() {
  static NodeEngine* engine = new NodeEngine();
  return *engine;
}

// ---- JS functions --------------------------------------------------------------------------------

Napi::Value setDetectAnomaly(const Napi::CallbackInfo& info) {
  AnomalyMode::set_enabled(info[0].ToBoolean().Value(), info[1].ToBoolean().Value());
  return info.Env().Undefined();
}

Napi::Value isAnomalyEnabled(const Napi::CallbackInfo& info) {
  return Napi::Boolean::New(info.Env(), AnomalyMode::is_enabled());
}

Napi::Value isAnomalyCheckNanEnabled(const Napi::CallbackInfo& info) {
  return Napi::Boolean::New(info.Env(), AnomalyMode::should_check_nan());
}

// takeAnomalyReport(): the report of the last failing node (see print_stack), or null; clears it.
Napi::Value takeAnomalyReport(const Napi::CallbackInfo& info) {
  std::string report;
  {
    std::lock_guard<std::mutex> lock(reportMutex);
    report.swap(lastReport);
  }
  if (report.empty()) return info.Env().Null();
  return Napi::String::New(info.Env(), report);
}

// savedTensorsHooksPush(pack, unpack)
Napi::Value savedTensorsHooksPush(const Napi::CallbackInfo& info) {
  napi_env env = info.Env();
  const auto& disabled = at::SavedTensorDefaultHooks::get_disabled_error_message();
  if (disabled.has_value()) throw std::runtime_error(*disabled);
  drainDeferredReleases(env);
  napi_ref pack, unpack;
  check(env, napi_create_reference(env, info[0], 1, &pack));
  check(env, napi_create_reference(env, info[1], 1, &unpack));
  hookStack.push_back(std::make_shared<HookPair>(currentJsThread(env), pack, unpack));
  jsPackHooksPushed.fetch_add(1, std::memory_order_relaxed);
  return info.Env().Undefined();
}

Napi::Value savedTensorsHooksPop(const Napi::CallbackInfo& info) {
  if (!hookStack.empty()) {
    hookStack.pop_back();
    jsPackHooksPushed.fetch_sub(1, std::memory_order_relaxed);
  }
  return info.Env().Undefined();
}

Napi::Value savedTensorsHooksDepth(const Napi::CallbackInfo& info) {
  return Napi::Number::New(info.Env(), static_cast<double>(hookStack.size()));
}

// savedTensorsHooksDisable(message): as Python, refused (with the message) while hooks are pushed.
Napi::Value savedTensorsHooksDisable(const Napi::CallbackInfo& info) {
  std::string message = info[0].As<Napi::String>().Utf8Value();
  if (!hookStack.empty()) throw std::runtime_error(message);
  at::SavedTensorDefaultHooks::disable(message, /*fail_if_non_empty=*/false);
  return info.Env().Undefined();
}

Napi::Value savedTensorsHooksEnable(const Napi::CallbackInfo& info) {
  at::SavedTensorDefaultHooks::enable();
  return info.Env().Undefined();
}

Napi::Value savedTensorsHooksDisabledMessage(const Napi::CallbackInfo& info) {
  const auto& disabled = at::SavedTensorDefaultHooks::get_disabled_error_message();
  if (!disabled.has_value()) return info.Env().Null();
  return Napi::String::New(info.Env(), *disabled);
}

// The id of the graph task running on this thread, -1 outside backward.
Napi::Value currentGraphTaskId(const Napi::CallbackInfo& info) {
  return Napi::Number::New(info.Env(), currentGraphTask().id);
}

// willEngineExecuteTensor(t): whether the running graph task will execute t's grad_fn (or its
// gradient accumulator for a leaf), as Python's torch._C._will_engine_execute_node.
Napi::Value willEngineExecuteTensor(const Napi::CallbackInfo& info) {
  const at::Tensor& t = unwrapTensor(info.Env(), info[0], "tensor");
  const GraphTaskRef task = currentGraphTask();
  const auto* execInfo = task.execInfo;
  TORCH_CHECK(execInfo, "_will_engine_execute_node should only be called during the backward pass");
  c10::intrusive_ptr<Node> owner;
  Node* node = nullptr;
  if (t.grad_fn()) {
    node = t.grad_fn().get();
  } else {
    owner = torch::autograd::impl::grad_accumulator(t);
    node = owner.get();
  }
  TORCH_CHECK(node != nullptr, "tensor does not require grad");
  const auto* inGraph = task.nodesInGraph;
  bool ret = inGraph != nullptr && inGraph->count(node) > 0;
  if (ret && !execInfo->empty()) {
    auto it = execInfo->find(node);
    if (it == execInfo->end() || !it->second.should_execute()) {
      ret = false;
    } else {
      TORCH_CHECK(!(node->topological_nr() == 0 && it->second.captures_),
                  "A leaf node was passed to _will_engine_execute_node but we are currently running "
                  "autograd.grad(). This is currently not supported.");
    }
  }
  return Napi::Boolean::New(info.Env(), ret);
}

}  // namespace

void registerGraphTools(Napi::Env env, Napi::Object exports) {
  tlsEnv = env;
  static std::once_flag installed;
  std::call_once(installed, [] {
    nodeEngine();
    torch::autograd::set_default_engine_stub(&nodeEngine);
  });
  defineFunctions(env, exports, {
      TN_FN("setDetectAnomaly", setDetectAnomaly),
      TN_FN("isAnomalyEnabled", isAnomalyEnabled),
      TN_FN("isAnomalyCheckNanEnabled", isAnomalyCheckNanEnabled),
      TN_FN("takeAnomalyReport", takeAnomalyReport),
      TN_FN("savedTensorsHooksPush", savedTensorsHooksPush),
      TN_FN("savedTensorsHooksPop", savedTensorsHooksPop),
      TN_FN("savedTensorsHooksDepth", savedTensorsHooksDepth),
      TN_FN("savedTensorsHooksDisable", savedTensorsHooksDisable),
      TN_FN("savedTensorsHooksEnable", savedTensorsHooksEnable),
      TN_FN("savedTensorsHooksDisabledMessage", savedTensorsHooksDisabledMessage),
      TN_FN("currentGraphTaskId", currentGraphTaskId),
      TN_FN("willEngineExecuteTensor", willEngineExecuteTensor),
  });
}

}  // namespace tn
