#include "tensor_object.h"
#include "deferred_free.h"
#include "deferred_release.h"
#include "gc_pressure.h"
#include "tidy_scope.h"
#include "v8_entry.h"

namespace tn {

thread_local EnvState envState;

namespace {

// Internal field 0 of every Tensor object: tells our objects from other embedder objects.
const int kTensorTag = 0;
constexpr int kTagField = 0;
constexpr int kBoxField = 1;

Box* newBox(EnvState& s) {
  if (!s.freeList) {
    auto* slab = new Slab();
    slab->next = s.slabs;
    s.slabs = slab;
    for (size_t i = kSlabBoxes; i-- > 0;) {
      slab->boxes[i].nextFree = s.freeList;
      s.freeList = &slab->boxes[i];
    }
  }
  Box* box = s.freeList;
  s.freeList = box->nextFree;
  // Fetch the next box while this op runs.
  if (s.freeList) __builtin_prefetch(s.freeList, 1);
  box->nextFree = nullptr;
  box->magic = TensorBox::kMagic;
  box->inUse = true;
  return box;
}

// The handle is gone: the box goes back to the free list. Safe inside GC.
void destroyBox(EnvState& s, Box* box, bool mayDefer = false) {
  forgetTensor(s, box, mayDefer);
  box->magic = 0;
  box->inUse = false;
  ++box->generation;
  box->nextFree = s.freeList;
  s.freeList = box;
}

// First-pass weak callback, inside GC: resets the handle (V8 requires it) and frees the tensor.
void onCollected(const v8::WeakCallbackInfo<Box>& info) {
  Box* box = info.GetParameter();
  box->handle.Reset();
  destroyBox(envState, box, /*mayDefer=*/true);
}

inline Box* boxOfObject(v8::Local<v8::Object> obj) {
  if (obj->InternalFieldCount() != 2 || obj->GetAlignedPointerFromInternalField(kTagField) != &kTensorTag) return nullptr;
  auto* box = static_cast<Box*>(obj->GetAlignedPointerFromInternalField(kBoxField));
  return box && box->magic == TensorBox::kMagic ? box : nullptr;
}

inline Box* boxOf(napi_value value) {
  v8::Local<v8::Value> v = toLocal(value);
  if (v.IsEmpty() || !v->IsObject()) return nullptr;
  return boxOfObject(v.As<v8::Object>());
}

// Makes the JS object of a new box: from the template (prototype chained to Tensor.prototype by
// lib/tensor.ts), or with the given prototype (a JS subclass such as nn.Parameter).
// A Tensor object made once per thread from the template, tagged and without a box: new objects
// are copies of it (a copy skips the template's instantiation: its cache probe, context switch
// and handle scopes), the box field then set.
thread_local v8::Global<v8::Object>* boilerplate = nullptr;

napi_value newTensorObject(EnvState& s, Box* box, v8::Local<v8::Value> prototype) {
  v8::Local<v8::Context> context = s.isolate->GetCurrentContext();
  if (!boilerplate) {
    v8::Local<v8::Object> first;
    if (!s.objectTemplate->Get(s.isolate)->NewInstance(context).ToLocal(&first)) throw JsPending{};
    int fields[2] = {kTagField, kBoxField};
    void* values[2] = {const_cast<int*>(&kTensorTag), nullptr};
    first->SetAlignedPointerInInternalFields(2, fields, values);
    boilerplate = new v8::Global<v8::Object>(s.isolate, first);
  }
  v8::Local<v8::Object> obj = boilerplate->Get(s.isolate)->Clone();
  if (obj.IsEmpty()) throw JsPending{};
  obj->SetAlignedPointerInInternalField(kBoxField, box);
  if (!prototype.IsEmpty() && prototype->IsObject()) {
    if (obj->SetPrototype(context, prototype).IsNothing()) throw JsPending{};
  }
  box->handle.Reset(s.isolate, obj);
  box->handle.SetWeak(box, onCollected, v8::WeakCallbackType::kParameter);
  return toNapi(obj);
}

// This thread's state, its address computed once: in a shared library each use of a thread_local
// is a __tls_get_addr call, and GCC recomputes the address after every call rather than keeping
// it (ten times per tensor made). The empty asm hides where the pointer came from.
inline EnvState& threadState() {
  EnvState* s = &envState;
  asm("" : "+r"(s));
  return *s;
}

// A new Tensor object owning tensor (defined), recorded in the innermost tidy scope.
// counted: whether the tensor counts towards the next scavenge (see wrapBorrowedTensor).
napi_value makeTensorObject(napi_env env, at::Tensor tensor, v8::Local<v8::Value> prototype, bool counted = true) {
  EnvState& s = threadState();
  if (s.tornDown) throw std::runtime_error("torch-node: the environment is shutting down");
  if (s.deferredPending && s.deferredPending->load(std::memory_order_relaxed)) drainDeferredReleases(env);
  int64_t bytes = ownedBytes(tensor);
  Box* box = newBox(s);
  collectIfPressed(s, box, bytes, counted);
  box->reportedBytes = bytes;
  box->tensor = std::move(tensor);
  ++s.live;
  accountNewTensor(s, bytes);
  napi_value result;
  try {
    result = newTensorObject(s, box, prototype);
  } catch (...) {
    destroyBox(s, box);
    throw;
  }
  recordInScope(s, box);
  freeDeferredStep(s);
  return result;
}

// Worker exit or env teardown: free everything this thread still holds. V8 does not run weak
// callbacks when an isolate is disposed, so without this a worker's tensors would leak.
void teardown(void* /*arg*/) {
  EnvState& s = envState;
  s.tornDown = true;
  s.deferredPending = nullptr;  // the queue goes with the environment
  delete s.scopes;
  s.scopes = nullptr;
  freeAllDeferred(s);
  unregisterGcPressure(s);
  forEachBoxInUse(s, [](Box& box) {
    box.handle.Reset();
    box.tensor.reset();
  });
  s.live = 0;
  while (Slab* slab = s.slabs) {
    s.slabs = slab->next;
    delete slab;
  }
  s.freeList = nullptr;
  if (s.objectTemplate) s.objectTemplate->Reset();
  if (boilerplate) {
    boilerplate->Reset();
    delete boilerplate;
    boilerplate = nullptr;
  }
  if (s.tensorClass) s.tensorClass->Reset();
}

napi_value dispose(napi_env env, napi_callback_info info) {
  size_t argc = 1;
  napi_value argv[1];
  napi_get_cb_info(env, info, &argc, argv, nullptr, nullptr);
  if (argc >= 1) {
    if (Box* box = boxOf(argv[0])) forgetTensor(envState, box);
  }
  return nullptr;
}

napi_value isDisposed(napi_env env, napi_callback_info info) {
  size_t argc = 1;
  napi_value argv[1];
  napi_get_cb_info(env, info, &argc, argv, nullptr, nullptr);
  Box* box = argc >= 1 ? boxOf(argv[0]) : nullptr;
  napi_value r;
  napi_get_boolean(env, box == nullptr || !box->tensor.defined(), &r);
  return r;
}

// native.tensorObject(source, prototype?): a new Tensor object sharing source's tensor, with the
// given prototype (a JS subclass such as nn.Parameter); what `new Tensor(source)` returns.
Napi::Value tensorObject(const Napi::CallbackInfo& info) {
  napi_env env = info.Env();
  const at::Tensor& source = unwrapTensor(env, info[0], "source");
  v8::Local<v8::Value> prototype;
  if (info.Length() > 1 && info[1].IsObject()) prototype = toLocal(info[1]);
  return Napi::Value(env, makeTensorObject(env, source, prototype));
}

void constructTensorBase(const v8::FunctionCallbackInfo<v8::Value>& info) {
  v8::Isolate* isolate = info.GetIsolate();
  isolate->ThrowException(v8::Exception::TypeError(v8::String::NewFromUtf8Literal(
      isolate, "Tensors are created by torch functions (torch.tensor, torch.zeros, ...), not with new")));
}

}  // namespace

void forgetTensor(EnvState& s, Box* box, bool mayDefer) {
  if (!box->tensor.defined()) return;
  int64_t bytes = box->reportedBytes;
  accountFreedTensor(s, bytes);
  box->reportedBytes = 0;
  --s.live;
  if (mayDefer && deferFree(s, box->tensor, bytes)) return;
  // Outside a collection (dispose, tidy): when this object held the last reference to the tensor
  // and its storage, the memory is freed now and no scavenge is needed for it. Not when something
  // else still holds it: a view's object, counted only for its overhead, or a graph that an
  // undisposed output keeps alive, which only a collection frees.
  if (!mayDefer && box->tensor.use_count() == 1 && box->tensor.has_storage() &&
      box->tensor.storage().use_count() == 1) {
    creditReleasedTensor(s, box);
  }
  box->tensor.reset();
}

namespace {
napi_value wrapOrNull(napi_env env, at::Tensor tensor, bool counted) {
  if (!tensor.defined()) {
    napi_value result;
    napi_get_null(env, &result);
    return result;
  }
  return makeTensorObject(env, std::move(tensor), v8::Local<v8::Value>(), counted);
}
}  // namespace

napi_value wrapTensor(napi_env env, at::Tensor tensor) { return wrapOrNull(env, std::move(tensor), true); }

napi_value wrapBorrowedTensor(napi_env env, at::Tensor tensor) {
  return wrapOrNull(env, std::move(tensor), /*counted=*/false);
}

TensorBox* tensorBoxOf(napi_env env, napi_value value) { return boxOf(value); }

TensorObjectLink linkTensorObject(TensorBox* box) {
  return TensorObjectLink{box, box == nullptr ? 0u : static_cast<Box*>(box)->generation};
}

napi_value linkedTensorObject(const TensorObjectLink& link, const at::Tensor& tensor) {
  // A recycled box has a new generation; a collected object's box is not in use (its handle may
  // already be reset inside the collection that found it dead).
  auto* box = static_cast<Box*>(link.box);
  EnvState& s = threadState();
  if (box == nullptr || s.tornDown || !box->inUse || box->generation != link.generation || box->handle.IsEmpty() ||
      !box->tensor.defined() || box->tensor.unsafeGetTensorImpl() != tensor.unsafeGetTensorImpl()) {
    return nullptr;
  }
  return toNapi(box->handle.Get(s.isolate).As<v8::Value>());
}

bool isTensorHandle(napi_env env, napi_value value) { return boxOf(value) != nullptr; }

napi_valuetype argTypeOf(napi_env env, napi_value value, bool* isArray, TensorBox** box) {
  *isArray = false;
  if (box) *box = nullptr;
  v8::Local<v8::Value> v = toLocal(value);
  if (v->IsNumber()) return napi_number;
  if (v->IsObject()) {
    if (v->IsArray()) { *isArray = true; return napi_object; }
    if (v->IsExternal()) return napi_external;  // a Generator handle (Externals are objects to V8)
    if (Box* b = boxOfObject(v.As<v8::Object>())) {
      if (box) *box = b;
      return napi_external;
    }
    if (v->IsFunction()) return napi_function;
    return napi_object;
  }
  if (v->IsNullOrUndefined()) return v->IsNull() ? napi_null : napi_undefined;
  if (v->IsBoolean()) return napi_boolean;
  if (v->IsString()) return napi_string;
  if (v->IsBigInt()) return napi_bigint;
  return napi_symbol;
}

const at::Tensor& boxTensor(TensorBox* box, const char* what) {
  if (!box->tensor.defined()) {
    throw JsTypeError(std::string(what) + ": Tensor has been disposed: it cannot be used after dispose() (or outside the torch.tidy() scope that freed it)");
  }
  return box->tensor;
}

TensorBox* unwrapTensorBox(napi_env env, napi_value value, const char* what) {
  Box* box = boxOf(value);
  if (!box) throw JsTypeError(std::string(what) + " must be a Tensor");
  boxTensor(box, what);
  return box;
}

const at::Tensor& unwrapTensor(napi_env env, napi_value value, const char* what) {
  return unwrapTensorBox(env, value, what)->tensor;
}

void registerTensorObjects(Napi::Env env, Napi::Object exports) {
  EnvState& s = envState;
  s.tornDown = false;
  s.deferredPending = deferredPendingOfThread;  // registerDeferredReleases ran first (addon.cpp)
  s.isolate = v8::Isolate::GetCurrent();
  napi_add_env_cleanup_hook(env, teardown, nullptr);
  // The class whose instances are the Tensor objects; lib/tensor.ts chains its prototype to
  // Tensor.prototype.
  v8::Isolate* isolate = s.isolate;
  v8::Local<v8::FunctionTemplate> tmpl = v8::FunctionTemplate::New(isolate, constructTensorBase);
  tmpl->SetClassName(v8::String::NewFromUtf8Literal(isolate, "Tensor"));
  tmpl->InstanceTemplate()->SetInternalFieldCount(2);
  v8::Local<v8::Function> cls = tmpl->GetFunction(isolate->GetCurrentContext()).ToLocalChecked();
  s.objectTemplate = new v8::Global<v8::ObjectTemplate>(isolate, tmpl->InstanceTemplate());
  s.tensorClass = new v8::Global<v8::Function>(isolate, cls);
  exports.Set("TensorBase", Napi::Value(env, toNapi(cls)));
  defineFunctions(env, exports, {
      TN_FN("dispose", dispose),
      TN_FN("isDisposed", isDisposed),
      TN_FN("tensorObject", tensorObject),
  });
}

}  // namespace tn
