// Autograd graph nodes seen from JS (tensor.gradFn): a handle holding the node, the one JS object
// of a node (identity), its name, its next functions (Python's next_functions), AccumulateGrad's
// variable, and its JS state: the metadata object and the hook lists lib/autograd/node.ts keeps,
// held by the node itself so they live as long as it does, whichever JS object of it is alive
// (Python keeps grad_fn.metadata on the node too). Node hooks written in JS run through the engine
// bridge, as tensor hooks do (tensor_hooks.cpp, engine_bridge.h): the engine may call them on any
// thread.
#include "deferred_release.h"
#include "engine_bridge.h"
#include "tensor_object.h"
#include <torch/csrc/autograd/custom_function.h>
#include <torch/csrc/autograd/function.h>
#include <torch/csrc/autograd/function_hook.h>
#include <torch/csrc/autograd/functions/accumulate_grad.h>
#include <atomic>
#include <memory>
#include <unordered_map>

namespace tn {
namespace {

using torch::autograd::Node;
using torch::autograd::variable_list;

// A JS value keeping a node alive: an External owning a strong reference.
struct NodeHandle {
  c10::intrusive_ptr<Node> node;
};

// The JS object (lib's AutogradNode) of each node that has a live one, on this JS thread, held
// weakly: tensor.gradFn gives the same object while it lives, as Python's `is`. (A JS WeakRef
// would keep every object it sees alive until the current job ends: a training loop that never
// yields would keep each step's graph.) An entry goes with the handle its object holds.
struct KnownNode {
  napi_ref object = nullptr;  // weak
  NodeHandle* handle = nullptr;
};
thread_local std::unordered_map<const Node*, KnownNode> knownNodes;

void finalizeHandle(napi_env env, void* data, void*) {
  auto* h = static_cast<NodeHandle*>(data);
  auto it = knownNodes.find(h->node.get());
  if (it != knownNodes.end() && it->second.handle == h) {
    deferRelease(env, it->second.object);
    knownNodes.erase(it);
  }
  delete h;
}

// A node as JS sees it: its live AutogradNode, else a new handle (lib wraps it and calls
// nodeRemember); null for no node.
napi_value nodeValue(napi_env env, c10::intrusive_ptr<Node> node) {
  napi_value out;
  if (!node) {
    check(env, napi_get_null(env, &out));
    return out;
  }
  auto it = knownNodes.find(node.get());
  if (it != knownNodes.end()) {
    out = nullptr;
    check(env, napi_get_reference_value(env, it->second.object, &out));
    if (out != nullptr) return out;
  }
  auto* h = new NodeHandle{std::move(node)};
  napi_status s = napi_create_external(env, h, finalizeHandle, nullptr, &out);
  if (s != napi_ok) {
    delete h;
    check(env, s);
  }
  return out;
}

NodeHandle& handleOf(napi_env env, napi_value value) {
  napi_valuetype type;
  check(env, napi_typeof(env, value, &type));
  if (type != napi_external) throw JsTypeError("expected an autograd node handle");
  void* data = nullptr;
  check(env, napi_get_value_external(env, value, &data));
  return *static_cast<NodeHandle*>(data);
}

Node& nodeOf(napi_env env, napi_value value) { return *handleOf(env, value).node; }

// A strong reference to a JS value, owned by a node (any thread may drop it, inside GC too): it is
// released later on its JS thread. Counts as a live JS callable, so the engine runs through the
// bridge while one exists.
struct JsRef {
  JsThread* jt;
  napi_ref ref;
  JsRef(napi_env env, napi_value value) : jt(currentJsThread(env)) {
    check(env, napi_create_reference(env, value, 1, &ref));
    liveJsCallables.fetch_add(1, std::memory_order_relaxed);
  }
  ~JsRef() {
    deferRelease(jsThreadEnv(jt), ref);
    liveJsCallables.fetch_sub(1, std::memory_order_relaxed);
  }
  napi_value get(napi_env env) const {
    napi_value v;
    check(env, napi_get_reference_value(env, ref, &v));
    return v;
  }
};

napi_value jsGrads(napi_env env, const variable_list& grads) {
  napi_value arr;
  check(env, napi_create_array_with_length(env, grads.size(), &arr));
  for (size_t i = 0; i < grads.size(); ++i) check(env, napi_set_element(env, arr, static_cast<uint32_t>(i), wrapTensor(env, grads[i])));
  return arr;
}

// What a JS dispatcher returned: null/undefined keeps `grads`; else an array of the same length of
// Tensors or nulls (lib/autograd/node.ts has checked it).
variable_list gradsFrom(napi_env env, napi_value r, const variable_list& grads) {
  napi_valuetype type;
  check(env, napi_typeof(env, r, &type));
  if (type == napi_null || type == napi_undefined) return grads;
  uint32_t n = 0;
  check(env, napi_get_array_length(env, r, &n));
  variable_list out(n);
  for (uint32_t i = 0; i < n; ++i) {
    napi_value e;
    check(env, napi_get_element(env, r, i, &e));
    napi_valuetype et;
    check(env, napi_typeof(env, e, &et));
    if (et != napi_null && et != napi_undefined) out[i] = unwrapTensor(env, e, "a gradient returned by a hook");
  }
  // lib checks each hook's result against the gradients that hook was given; this also covers
  // the gradients the engine gave when JS disposed them in a hook (lib cannot read those).
  if (out.size() != grads.size()) throw JsRangeError("a node hook returned the wrong number of gradients");
  for (size_t i = 0; i < out.size(); ++i) {
    if (!out[i].defined()) continue;
    if (!grads[i].defined()) throw std::runtime_error("can't replace a None gradient with a non-None value");
    torch::autograd::check_variable_result(grads[i], out[i], "<node hook>");
  }
  return out;
}

// The node's JS state object, carried as a pre hook (the one place a node keeps objects of ours):
// when lib has installed a pre-hook dispatcher, it also calls it with the gradients of the node's
// outputs, as Python's PyFunctionPreHook.
struct JsNodeState : torch::autograd::FunctionPreHook {
  std::unique_ptr<JsRef> state;
  std::shared_ptr<JsRef> preDispatch;  // set once, on the JS thread, before any backward can see it
  explicit JsNodeState(napi_env env, napi_value value) : state(std::make_unique<JsRef>(env, value)) {}
  variable_list operator()(const variable_list& grads) override {
    std::shared_ptr<JsRef> fn = std::atomic_load(&preDispatch);
    if (!fn) return grads;
    variable_list result;
    callOnJsThread(fn->jt, [&](napi_env env) {
      Napi::HandleScope scope(env);
      napi_value undefined, arg = jsGrads(env, grads);
      check(env, napi_get_undefined(env, &undefined));
      result = gradsFrom(env, callJsFunction(env, fn->get(env), undefined, 1, &arg), grads);
    });
    return result;
  }
};

// Python's PyFunctionPostHook: the dispatcher gets (gradInputs, gradOutputs) and may replace gradInputs.
struct JsNodePostHook : torch::autograd::FunctionPostHook {
  std::shared_ptr<JsRef> dispatch;
  explicit JsNodePostHook(std::shared_ptr<JsRef> fn) : dispatch(std::move(fn)) {}
  variable_list operator()(const variable_list& outputs, const variable_list& inputs) override {
    variable_list result;
    callOnJsThread(dispatch->jt, [&](napi_env env) {
      Napi::HandleScope scope(env);
      napi_value undefined, argv[2] = {jsGrads(env, outputs), jsGrads(env, inputs)};
      check(env, napi_get_undefined(env, &undefined));
      result = gradsFrom(env, callJsFunction(env, dispatch->get(env), undefined, 2, argv), outputs);
    });
    return result;
  }
};

JsNodeState* stateOf(Node& node) {
  for (const auto& h : node.pre_hooks()) {
    if (auto* s = dynamic_cast<JsNodeState*>(h.get())) return s;
  }
  return nullptr;
}

// gradFn(tensor) -> the node's AutogradNode | a new node handle | null
Napi::Value gradFn(const Napi::CallbackInfo& info) {
  return Napi::Value(info.Env(), nodeValue(info.Env(), unwrapTensor(info.Env(), info[0], "self").grad_fn()));
}

// nodeRemember(handle, object): object is the node's AutogradNode (holding handle), from now on
// what gradFn and nodeNextFunctions give for the node while it lives.
Napi::Value nodeRemember(const Napi::CallbackInfo& info) {
  napi_env env = info.Env();
  NodeHandle& h = handleOf(env, info[0]);
  drainDeferredReleases(env);
  KnownNode& k = knownNodes[h.node.get()];
  if (k.object != nullptr) deferRelease(env, k.object);
  k.object = nullptr;
  check(env, napi_create_reference(env, info[1], 0, &k.object));
  k.handle = &h;
  return info.Env().Undefined();
}

// nodeName(node) -> Python's grad_fn.name()
Napi::Value nodeName(const Napi::CallbackInfo& info) {
  return Napi::String::New(info.Env(), nodeOf(info.Env(), info[0]).name());
}

// nodeNextFunctions(node) -> [[AutogradNode | node handle | null, inputNr], ...], Python's next_functions.
Napi::Value nodeNextFunctions(const Napi::CallbackInfo& info) {
  napi_env env = info.Env();
  const auto& edges = nodeOf(env, info[0]).next_edges();
  Napi::Array out = Napi::Array::New(env, edges.size());
  for (size_t i = 0; i < edges.size(); ++i) {
    Napi::Array pair = Napi::Array::New(env, 2);
    pair.Set(0u, Napi::Value(env, nodeValue(env, edges[i].function)));
    pair.Set(1u, Napi::Number::New(env, edges[i].input_nr));
    out.Set(static_cast<uint32_t>(i), pair);
  }
  return out;
}

// nodeVariable(node) -> the leaf tensor of an AccumulateGrad node, undefined for other nodes.
Napi::Value nodeVariable(const Napi::CallbackInfo& info) {
  auto* acc = dynamic_cast<torch::autograd::AccumulateGrad*>(&nodeOf(info.Env(), info[0]));
  if (!acc) return info.Env().Undefined();
  return Napi::Value(info.Env(), wrapTensor(info.Env(), acc->variable));
}

// nodeState(node, create) -> the node's JS state object; `create` (a fresh object) is stored
// when there is none yet. undefined when there is none and `create` is undefined.
Napi::Value nodeState(const Napi::CallbackInfo& info) {
  napi_env env = info.Env();
  Node& node = nodeOf(env, info[0]);
  drainDeferredReleases(env);
  if (JsNodeState* s = stateOf(node)) return Napi::Value(env, s->state->get(env));
  if (info[1].IsUndefined()) return info.Env().Undefined();
  node.add_pre_hook(std::make_unique<JsNodeState>(env, info[1]));
  return info[1];
}

// nodeInstallHooks(node, kind, dispatcher): kind 'post' adds the node's one post-hook calling
// dispatcher(gradInputs, gradOutputs); 'pre' sets its pre-hook dispatcher(gradOutputs). lib calls
// each once per node, after nodeState.
Napi::Value nodeInstallHooks(const Napi::CallbackInfo& info) {
  napi_env env = info.Env();
  Node& node = nodeOf(env, info[0]);
  std::string kind = info[1].As<Napi::String>().Utf8Value();
  auto fn = std::make_shared<JsRef>(env, info[2]);
  if (kind == "post") {
    node.add_post_hook(std::make_unique<JsNodePostHook>(std::move(fn)));
  } else {
    JsNodeState* s = stateOf(node);
    if (!s) throw JsRangeError("nodeInstallHooks: the node has no state");
    std::atomic_store(&s->preDispatch, std::move(fn));
  }
  return info.Env().Undefined();
}

// nodeCheckHookResult(original, result, hookName): PyTorch's check of a gradient a node hook
// returned in place of `original` (check_variable_result: the same tensor type, device and size,
// "hook 'h' has changed the size of value"). The engine does not check what hooks return: a
// float64 or sparse gradient would be accumulated into a float32 leaf's grad, one of another size
// reach the next node's kernel.
Napi::Value nodeCheckHookResult(const Napi::CallbackInfo& info) {
  napi_env env = info.Env();
  const at::Tensor& original = unwrapTensor(env, info[0], "a gradient given to a hook");
  const at::Tensor& result = unwrapTensor(env, info[1], "a gradient returned by a hook");
  torch::autograd::check_variable_result(original, result, info[2].As<Napi::String>().Utf8Value());
  return info.Env().Undefined();
}

}  // namespace

void registerAutogradNodes(Napi::Env env, Napi::Object exports) {
  defineFunctions(env, exports, {
      TN_FN("gradFn", gradFn),
      TN_FN("nodeName", nodeName),
      TN_FN("nodeRemember", nodeRemember),
      TN_FN("nodeNextFunctions", nodeNextFunctions),
      TN_FN("nodeVariable", nodeVariable),
      TN_FN("nodeState", nodeState),
      TN_FN("nodeInstallHooks", nodeInstallHooks),
      TN_FN("nodeCheckHookResult", nodeCheckHookResult),
  });
}

}  // namespace tn
