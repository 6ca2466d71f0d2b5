#include "custom_function.h"
#include "deferred_release.h"
#include "engine_bridge.h"
#include "graph_tools.h"
#include "ivalue_convert.h"
#include "tensor_object.h"
#include "v8_entry.h"
#include <torch/csrc/autograd/custom_function.h>
#include <torch/csrc/autograd/function.h>
#include <torch/csrc/autograd/saved_variable.h>
#include <torch/csrc/autograd/variable_info.h>
#include <c10/core/DeviceGuard.h>
#include <c10/core/GradMode.h>
#include <c10/util/SmallVector.h>
#include <mutex>
#include <optional>
#include <unordered_set>

namespace tn {
namespace {

using torch::autograd::Node;
using torch::autograd::SavedVariable;
using torch::autograd::Variable;
using torch::autograd::VariableInfo;
using torch::autograd::variable_list;

// The ctx properties native code reads and writes (lib/autograd/function.ts's FunctionCtx):
// `needsInputGrad`, `_recorded`, what ctx's methods recorded during forward (null when none was
// called, the common case, so that apply reads one property), and `_node`, the node handle apply
// leaves there.
enum CtxKey { kNeedsInputGrad, kRecorded, kNode, kNumCtxKeys };
constexpr const char* kCtxKeyNames[kNumCtxKeys] = {"needsInputGrad", "_recorded", "_node"};
// The slots of ctx._recorded.
enum RecordedSlot : uint32_t { kSaved, kDirty, kNonDifferentiable, kMaterialize, kNumRecordedSlots };

// Per JS thread (the main thread or a worker), set by functionSetup when lib/autograd/function.ts
// loads: the JS backward trampoline `(ctx, ...gradOutputs) => backward's result as an array`, the
// describer that names a value's type as Python would (for "expected Variable or None (got
// int)"), and the ctx property names as internalized V8 strings (N-API would convert and look up
// the name on every access, and cannot hold a reference to a string in every Node we support).
struct FunctionState {
  napi_env env = nullptr;
  napi_ref runBackward = nullptr;
  napi_ref typeName = nullptr;
  v8::Isolate* isolate = nullptr;
  v8::Eternal<v8::String> keys[kNumCtxKeys];
};
thread_local FunctionState* functionState = nullptr;

FunctionState& stateOf(napi_env env) {
  FunctionState* st = functionState;
  if (st == nullptr || st->env != env) throw std::runtime_error("torch-node: autograd.Function is not initialised");
  return *st;
}

// A failed N-API call that ran JS (a getter, a callback) leaves its exception pending: it
// propagates unchanged. Any other failure is ours.
void checkJs(napi_env env, napi_status status) {
  if (status == napi_ok) return;
  bool pending = false;
  napi_is_exception_pending(env, &pending);
  if (pending) throw JsPending{};
  check(env, status);
}

napi_value refValue(napi_env env, napi_ref ref) {
  napi_value v;
  check(env, napi_get_reference_value(env, ref, &v));
  return v;
}

v8::Local<v8::Object> ctxObject(napi_value ctx) {
  v8::Local<v8::Value> v = toLocal(ctx);
  if (!v->IsObject()) throw JsTypeError("functionApply(): ctx must be an object");
  return v.As<v8::Object>();
}

// ctx[key]. A getter or setter defined by user code may throw: its exception stays pending.
napi_value getCtx(const FunctionState& st, napi_value ctx, CtxKey key) {
  v8::Local<v8::Value> v;
  if (!ctxObject(ctx)->Get(st.isolate->GetCurrentContext(), st.keys[key].Get(st.isolate)).ToLocal(&v)) {
    throw JsPending{};
  }
  return toNapi(v);
}

void setCtx(const FunctionState& st, napi_value ctx, CtxKey key, v8::Local<v8::Value> value) {
  if (ctxObject(ctx)->Set(st.isolate->GetCurrentContext(), st.keys[key].Get(st.isolate), value).IsNothing()) {
    throw JsPending{};
  }
}

bool isNullish(napi_env, napi_value v) { return toLocal(v)->IsNullOrUndefined(); }

// array[i], for an array jsListLength accepted. Through V8: apply reads every argument and every
// recorded tensor this way, and N-API's element access converts and guards each time.
napi_value elementAt(napi_env, napi_value array, uint32_t i) {
  v8::Isolate* isolate = v8::Isolate::GetCurrent();
  v8::Local<v8::Value> e;
  if (!toLocal(array).As<v8::Object>()->Get(isolate->GetCurrentContext(), i).ToLocal(&e)) throw JsPending{};
  return toNapi(e);
}

// Python's name for the type of a JS value, from lib's describer (only on error paths).
std::string pyTypeName(napi_env env, napi_value value) {
  napi_value undefined, name;
  check(env, napi_get_undefined(env, &undefined));
  checkJs(env, napi_call_function(env, undefined, refValue(env, stateOf(env).typeName), 1, &value, &name));
  size_t length = 0;
  check(env, napi_get_value_string_utf8(env, name, nullptr, 0, &length));
  std::string out(length, '\0');
  check(env, napi_get_value_string_utf8(env, name, out.data(), length + 1, &length));
  return out;
}

// The graph node of one Function call, as PyTorch's PyNode: its backward calls the JS backward
// through the trampoline, on the JS thread (engine_bridge.h), and checks the gradients it returns.
struct JsNode : Node {
  std::string name_;
  JsThread* jt_ = nullptr;
  napi_ref ctx_ = nullptr;  // strong: the node keeps its ctx (and the JS values on it) alive
  std::vector<bool> isVariableInput_;  // per forward argument: was it a tensor
  std::vector<VariableInfo> outputInfo_;
  // Each saved tensor with the JS object it was saved from: ctx.savedTensors gives that very
  // object back while it lives, as PyTorch gives back the saved input's own Python object.
  struct Saved {
    SavedVariable variable;
    TensorObjectLink object;
  };
  std::vector<Saved> saved_;
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

  // PyNode::apply: one result per forward argument (extra trailing nulls are dropped), null for
  // every argument that was not a tensor, a tensor or null for every one that was.
  variable_list callBackward(napi_env env, const variable_list& grads) {
    Napi::HandleScope scope(env);
    const FunctionState& st = stateOf(env);
    c10::SmallVector<napi_value, 8> argv(grads.size() + 1);
    argv[0] = refValue(env, ctx_);
    for (size_t i = 0; i < grads.size(); ++i) argv[i + 1] = wrapTensor(env, grads[i]);
    napi_value undefined;
    check(env, napi_get_undefined(env, &undefined));
    napi_value result = callJsFunction(env, refValue(env, st.runBackward), undefined, argv.size(), argv.data());
    uint32_t count = jsListLength(env, result, "backward()'s result");
    const uint32_t expected = static_cast<uint32_t>(isVariableInput_.size());
    if (count > expected) {
      bool allNull = true;
      for (uint32_t i = expected; i < count && allNull; ++i) allNull = isNullish(env, elementAt(env, result, i));
      if (allNull) count = expected;
    }
    if (count != expected) {
      throw std::runtime_error("function " + name_ + " returned an incorrect number of gradients (expected " +
                               std::to_string(expected) + ", got " + std::to_string(count) + ")");
    }
    variable_list out;
    out.reserve(num_outputs());
    for (uint32_t i = 0; i < count; ++i) {
      napi_value g = elementAt(env, result, i);
      if (!isVariableInput_[i]) {
        if (!isNullish(env, g)) {
          throw std::runtime_error("function " + name_ + " returned a gradient different than None at position " +
                                   std::to_string(i + 1) + ", but the corresponding forward input was not a Variable");
        }
        continue;
      }
      if (isNullish(env, g)) {
        out.emplace_back();
        continue;
      }
      TensorBox* box = tensorBoxOf(env, g);
      if (box == nullptr) throw JsTypeError("expected Variable or None (got " + pyTypeName(env, g) + ")");
      out.push_back(boxTensor(box, "gradient"));
    }
    return out;
  }
};

// A list a ctx method recorded (saveForBackward's, markDirty's, markNonDifferentiable's): null, or
// an array of tensors (and of nulls where allowNull). The ctx methods check their arguments with
// PyTorch's messages; this is for a ctx whose fields user code overwrote.
template <typename Fn>
void forEachCtxTensor(napi_env env, napi_value list, const char* what, bool allowNull, Fn&& fn) {
  if (isNullish(env, list)) return;
  uint32_t n = jsListLength(env, list, what);
  for (uint32_t i = 0; i < n; ++i) {
    napi_value e = elementAt(env, list, i);
    if (allowNull && isNullish(env, e)) {
      fn(static_cast<const at::Tensor*>(nullptr), static_cast<TensorBox*>(nullptr));
      continue;
    }
    TensorBox* box = unwrapTensorBox(env, e, what);
    fn(&box->tensor, box);
  }
}

void finalizeNodeRef(node_api_basic_env, void* data, void*) {
  delete static_cast<c10::weak_intrusive_ptr<JsNode>*>(data);
}

napi_value callFunction(napi_env env, napi_value recv, napi_value fn, size_t argc, const napi_value* argv,
                        const char* what) {
  napi_value result;
  napi_status status = napi_call_function(env, recv, fn, argc, argv, &result);
  if (status == napi_ok) return result;
  bool pending = false;
  napi_is_exception_pending(env, &pending);
  if (pending) throw JsPending{};  // forward's own exception, unchanged
  throw JsTypeError(std::string(what) + " must be a function");
}

// functionApply(cls, ctx, args, forward, setupContext, name): F.apply(...args), as
// THPFunction_apply. setupContext is null unless F overrides it (then forward takes no ctx and
// setupContext(ctx, args, output) runs after it, as in PyTorch 2). name is the node's name
// (`${F.name}Backward`). Returns forward's output, each tensor in it wired into the graph (an
// input returned unchanged comes back as a new tensor, a view of it, as in PyTorch).
// Exported as a plain V8 callback (v8_entry.h): it is on the path of every Function call.
napi_value functionApply(napi_env env, size_t /*argc: at least 6, missing ones undefined*/, const napi_value* argv) {
  napi_value cls = argv[0], ctx = argv[1], args = argv[2], forward = argv[3], setupContext = argv[4],
             name = argv[5];
  const FunctionState& st = stateOf(env);  // throws unless functionSetup ran on this JS thread
  drainDeferredReleasesIfAny(env);

  // unpack_input: the tensor arguments, needsInputGrad (requires_grad, whatever the grad mode),
  // and whether the call is recorded.
  const uint32_t numArgs = jsListLength(env, args, "apply() arguments");
  c10::SmallVector<napi_value, 8> callArgs(numArgs + 1);  // [ctx, ...args]
  callArgs[0] = ctx;
  std::vector<bool> isVariableInput(numArgs);
  variable_list inputVars;
  inputVars.reserve(numArgs);
  c10::SmallVector<v8::Local<v8::Value>, 8> needs(numArgs);
  bool anyRequiresGrad = false;
  for (uint32_t i = 0; i < numArgs; ++i) {
    napi_value arg = elementAt(env, args, i);
    callArgs[i + 1] = arg;
    bool requiresGrad = false;
    if (TensorBox* box = tensorBoxOf(env, arg)) {
      const at::Tensor& t = boxTensor(box, "apply() argument");
      inputVars.push_back(t);
      isVariableInput[i] = true;
      requiresGrad = t.requires_grad();
      anyRequiresGrad = anyRequiresGrad || requiresGrad;
    }
    needs[i] = v8::Boolean::New(st.isolate, requiresGrad);
  }
  setCtx(st, ctx, kNeedsInputGrad, v8::Array::New(st.isolate, needs.data(), numArgs));
  const bool executable = c10::GradMode::is_enabled() && anyRequiresGrad;
  const bool newStyle = !isNullish(env, setupContext);

  // forward (and setupContext) with grad mode off. The guards restore both modes on every way out,
  // a JS exception included (it stays pending and propagates unchanged).
  napi_value output;
  {
    c10::AutoGradMode gradMode(false);
    c10::AutoFwGradMode fwGradMode(false);
    if (newStyle) {
      output = callFunction(env, cls, forward, numArgs, callArgs.data() + 1, "forward");
      napi_value setupArgs[3] = {ctx, args, output};
      callFunction(env, cls, setupContext, 3, setupArgs, "setupContext");
    } else {
      output = callFunction(env, cls, forward, numArgs + 1, callArgs.data(), "forward");
    }
  }

  // process_outputs: forward's result is one value or an array of values; its tensors are the
  // outputs, anything else passes through.
  bool multi = false;
  check(env, napi_is_array(env, output, &multi));
  const uint32_t numOutputs = multi ? jsListLength(env, output, "forward()'s result") : 1;
  c10::SmallVector<napi_value, 4> outValues(numOutputs);
  std::vector<std::optional<Variable>> rawOutputs(numOutputs);
  for (uint32_t i = 0; i < numOutputs; ++i) {
    outValues[i] = multi ? elementAt(env, output, i) : output;
    if (TensorBox* box = tensorBoxOf(env, outValues[i])) rawOutputs[i] = boxTensor(box, "forward()'s output");
  }

  // What ctx recorded: [saved, dirty, nonDifferentiable, materialize], or null for none of it.
  napi_value recorded = getCtx(st, ctx, kRecorded);
  const bool anyRecorded = !isNullish(env, recorded);
  napi_value slots[kNumRecordedSlots] = {};
  if (anyRecorded) {
    if (jsListLength(env, recorded, "ctx._recorded") != kNumRecordedSlots) {
      throw JsTypeError("ctx._recorded must be an array of 4 entries");
    }
    for (uint32_t k = 0; k < kNumRecordedSlots; ++k) slots[k] = elementAt(env, recorded, k);
  }
  napi_value undefined;
  check(env, napi_get_undefined(env, &undefined));
  for (napi_value& slot : slots) if (slot == nullptr) slot = undefined;
  std::unordered_set<at::TensorImpl*> dirty, nonDifferentiable, toSaveIfSetupContext;
  forEachCtxTensor(env, slots[kDirty], "ctx.markDirty() tensor", false, [&](const at::Tensor* t, TensorBox*) {
    dirty.insert(t->unsafeGetTensorImpl());
    t->unsafeGetTensorImpl()->bump_version();  // as _mark_dirty
  });
  forEachCtxTensor(env, slots[kNonDifferentiable], "ctx.markNonDifferentiable() tensor", false, [&](const at::Tensor* t, TensorBox*) {
    nonDifferentiable.insert(t->unsafeGetTensorImpl());
  });
  std::vector<std::pair<std::optional<at::Tensor>, TensorObjectLink>> tensorsToSave;
  forEachCtxTensor(env, slots[kSaved], "ctx.saveForBackward() tensor", true, [&](const at::Tensor* t, TensorBox* box) {
    if (t == nullptr) {
      tensorsToSave.emplace_back();
      return;
    }
    // With setupContext, LibTorch refuses an input returned as-is and saved (the message tells
    // to save a view instead), as PyTorch does.
    if (newStyle) toSaveIfSetupContext.insert(t->unsafeGetTensorImpl());
    tensorsToSave.emplace_back(*t, linkTensorObject(box));
  });

  c10::intrusive_ptr<JsNode> node;
  if (executable) {
    node = c10::make_intrusive<JsNode>();
    size_t nameLength = 0;
    check(env, napi_get_value_string_utf8(env, name, nullptr, 0, &nameLength));
    node->name_.resize(nameLength);
    check(env, napi_get_value_string_utf8(env, name, node->name_.data(), nameLength + 1, &nameLength));
    node->jt_ = currentJsThread(env);
    node->isVariableInput_ = std::move(isVariableInput);
    node->set_next_edges(torch::autograd::collect_next_edges(inputVars));
    node->clear_input_metadata();
  }
  // Called by _wrap_outputs only when an input carries a forward gradient (forward-mode AD), on
  // this thread: F.jvp(ctx, ...tangents), a tangent per forward argument (null for non-tensors
  // and tensors without one), as THPFunction_apply's jvp_user_function. One pointer captured,
  // so building the std::function allocates nothing on the common (backward-only) path.
  struct JvpCall {
    napi_env env;
    napi_value cls, ctx, args;
    uint32_t numArgs, numOutputs;
  } jvpCall{env, cls, ctx, args, numArgs, numOutputs};
  torch::autograd::_jvp_fn_t jvp = [call = &jvpCall](const variable_list&, const variable_list& tangents) -> variable_list {
    napi_env env = call->env;
    napi_value jvpFn;
    napi_valuetype type = napi_undefined;
    check(env, napi_get_named_property(env, call->cls, "jvp", &jvpFn));
    check(env, napi_typeof(env, jvpFn, &type));
    if (type != napi_function) {
      TORCH_CHECK_NOT_IMPLEMENTED(false,
                    "You must implement the jvp function for custom autograd.Function to use it with forward mode AD.");
    }
    std::vector<napi_value> jvpArgs(call->numArgs + 1);
    jvpArgs[0] = call->ctx;
    napi_value null;
    check(env, napi_get_null(env, &null));
    size_t k = 0;
    for (uint32_t i = 0; i < call->numArgs; ++i) {
      napi_value arg = elementAt(env, call->args, i);
      jvpArgs[i + 1] = null;
      if (tensorBoxOf(env, arg) != nullptr) {
        if (k < tangents.size() && tangents[k].defined()) jvpArgs[i + 1] = wrapTensor(env, tangents[k]);
        ++k;
      }
    }
    napi_value result = callFunction(env, call->cls, jvpFn, jvpArgs.size(), jvpArgs.data(), "jvp");
    bool isArray = false;
    check(env, napi_is_array(env, result, &isArray));
    const uint32_t count = isArray ? jsListLength(env, result, "jvp()'s result") : 1;
    TORCH_CHECK(count == call->numOutputs, "Function's jvp returned an invalid number of forward gradients (expected ",
                call->numOutputs, " but got ", count, ")");
    variable_list out(count);
    for (uint32_t i = 0; i < count; ++i) {
      napi_value v = isArray ? elementAt(env, result, i) : result;
      if (TensorBox* box = tensorBoxOf(env, v)) out[i] = boxTensor(box, "jvp()'s result");
    }
    return out;
  };
  auto viewAsSelf = [](const at::Tensor& x) -> at::Tensor { return x.view_as(x); };
  c10::intrusive_ptr<Node> cdata = node;
  auto wrapped = torch::autograd::_wrap_outputs(inputVars, nonDifferentiable, dirty, rawOutputs, cdata, jvp,
                                                toSaveIfSetupContext, viewAsSelf, false);

  // The result: the same JS object for every output LibTorch kept, a new one where it made a view.
  for (uint32_t i = 0; i < numOutputs; ++i) {
    if (wrapped[i].has_value() && rawOutputs[i].has_value() &&
        wrapped[i]->unsafeGetTensorImpl() != rawOutputs[i]->unsafeGetTensorImpl()) {
      outValues[i] = wrapTensor(env, *wrapped[i]);
    }
  }
  napi_value result = outValues[0];
  if (multi) {
    check(env, napi_create_array_with_length(env, numOutputs, &result));
    for (uint32_t i = 0; i < numOutputs; ++i) check(env, napi_set_element(env, result, i, outValues[i]));
  }
  if (!executable) return result;

  node->outputInfo_.reserve(numOutputs);
  for (auto& out : wrapped) {
    if (out.has_value()) node->outputInfo_.emplace_back(*out);
    else node->outputInfo_.emplace_back();
  }
  // After the wrapping, as _save_variables: an output is saved without its grad_fn (no cycle).
  // Outputs are few: a scan, where PyTorch builds a set.
  auto isOutput = [&](const at::Tensor& t) {
    for (const auto& out : wrapped) {
      if (out.has_value() && out->unsafeGetTensorImpl() == t.unsafeGetTensorImpl()) return true;
    }
    return false;
  };
  node->saved_.reserve(tensorsToSave.size());
  // A JS pack hook receives each saved tensor's own object (graph_tools.h).
  std::optional<SavedObjectsScope> savedObjects;
  if (jsPackHooksPushed.load(std::memory_order_relaxed) != 0) {
    savedObjects.emplace();
    for (const auto& [t, object] : tensorsToSave) {
      if (!t.has_value()) continue;
      if (napi_value o = linkedTensorObject(object, *t)) savedObjects->add(t->unsafeGetTensorImpl(), o);
    }
  }
  for (const auto& [t, object] : tensorsToSave) {
    if (t.has_value()) node->saved_.push_back({SavedVariable(*t, isOutput(*t)), object});
    else node->saved_.emplace_back();
  }
  if (anyRecorded && napi_get_value_bool(env, slots[kMaterialize], &node->materialize_) != napi_ok) {
    throw JsTypeError("ctx._recorded[3] (materialize grads) must be a boolean");
  }

  // The node keeps ctx; ctx reaches the node through a weak handle, and lets go of the tensors it
  // recorded (held by the node now: through ctx they would form a cycle through the graph).
  check(env, napi_create_reference(env, ctx, 1, &node->ctx_));
  auto* weak = new c10::weak_intrusive_ptr<JsNode>(node);
  napi_value handle;
  if (napi_create_external(env, weak, finalizeNodeRef, nullptr, &handle) != napi_ok) {
    delete weak;
    throw std::runtime_error("torch-node: could not create a node handle");
  }
  setCtx(st, ctx, kNode, toLocal(handle));
  if (anyRecorded) setCtx(st, ctx, kRecorded, v8::Null(st.isolate));
  return result;
}

// functionSetup(runBackward, pyTypeName): once per JS thread, when lib/autograd/function.ts loads.
Napi::Value functionSetup(const Napi::CallbackInfo& info) {
  napi_env env = info.Env();
  if (!info[0].IsFunction() || !info[1].IsFunction()) {
    throw JsTypeError("functionSetup(runBackward, pyTypeName): two functions expected");
  }
  FunctionState* st = functionState;
  if (st == nullptr || st->env != env) {
    // A thread's state is never freed: a JS thread initialises it once (its env outlives it).
    st = new FunctionState();
    st->env = env;
    st->isolate = v8::Isolate::GetCurrent();
    for (int k = 0; k < kNumCtxKeys; ++k) {
      st->keys[k].Set(st->isolate, v8::String::NewFromUtf8(st->isolate, kCtxKeyNames[k], v8::NewStringType::kInternalized)
                                       .ToLocalChecked());
    }
    functionState = st;
  } else {
    napi_delete_reference(env, st->runBackward);
    napi_delete_reference(env, st->typeName);
  }
  check(env, napi_create_reference(env, info[0], 1, &st->runBackward));
  check(env, napi_create_reference(env, info[1], 1, &st->typeName));
  return info.Env().Undefined();
}

c10::intrusive_ptr<JsNode> lockNode(napi_env env, napi_value value) {
  void* data = nullptr;
  if (napi_get_value_external(env, value, &data) != napi_ok) throw JsTypeError("a custom Function node handle expected");
  return static_cast<c10::weak_intrusive_ptr<JsNode>*>(data)->lock();
}

// functionSavedTensors(node): the saved tensors, unpacked (PyTorch's checks included).
Napi::Value functionSavedTensors(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  auto node = lockNode(env, info[0]);
  TORCH_CHECK(node, torch::autograd::ERR_BACKWARD_TWICE);
  // No lock: this runs inside the node's own apply (which holds the node mutex).
  TORCH_CHECK(!node->freed_, torch::autograd::ERR_BACKWARD_TWICE);
  c10::intrusive_ptr<Node> self = node;
  Napi::Array out = Napi::Array::New(env, node->saved_.size());
  for (size_t i = 0; i < node->saved_.size(); ++i) {
    at::Tensor t = node->saved_[i].variable.unpack(self);
    // An input (or a tensor made inside forward) is saved as itself and unpacks to the same
    // TensorImpl, so its object comes back; an output is saved without its grad_fn and unpacks
    // to a new tensor, so it gets a new object, as in PyTorch.
    napi_value same = t.defined() ? linkedTensorObject(node->saved_[i].object, t) : nullptr;
    out.Set(static_cast<uint32_t>(i), Napi::Value(env, same != nullptr ? same : wrapTensor(env, std::move(t))));
  }
  return out;
}

}  // namespace

void registerCustomFunction(Napi::Env env, Napi::Object exports) {
  defineFunctions(env, exports, {
      TN_FN("functionSetup", functionSetup),
      TN_V8_FN("functionApply", functionApply, 6),
      TN_FN("functionSavedTensors", functionSavedTensors),
  });
}

}  // namespace tn
