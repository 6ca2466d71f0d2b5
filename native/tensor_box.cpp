#include "tensor_box.h"
#include "deferred_release.h"
#include <c10/core/CPUAllocator.h>
#include <algorithm>
#include <cstdlib>
#include <deque>
#include <mutex>
#if defined(__GLIBC__)
#include <malloc.h>
#endif
#include <unordered_set>

#if TN_HAVE_V8
#include <v8.h>
#endif

namespace tn {
namespace {

// Each JS thread (main thread, worker_threads) has its own env and isolate; its boxes are
// created, collected and torn down on that thread, so all of this is per thread and lock-free.
struct Box : TensorBox {
  int64_t reportedBytes = 0;  // what we counted towards V8's external memory
  Box* nextFree = nullptr;
  // Bumped each time the box is recycled: a tidy scope's entry (box, generation) is stale once
  // they differ.
  uint32_t generation = 0;
  uint64_t keptMark = 0;   // scopeClose's "returned by the scope function" mark
  bool inUse = false;      // its Tensor object may still be reachable
#if TN_HAVE_V8
  v8::Global<v8::Object> handle;
#endif
};

// Boxes live in slabs, recycled through a LIFO free list and never freed before the thread's
// teardown: consecutive tensors get neighbouring, recently used boxes, and a collected box is
// not unlinked from a list (a doubly linked list of live boxes cost two cache misses per
// collected tensor once its order was scrambled). torch.memory() walks the slabs.
constexpr size_t kSlabBoxes = 256;
struct Slab {
  Box boxes[kSlabBoxes];
  Slab* next = nullptr;
};

// Internal field 0 of every Tensor object: tells our objects from other embedder objects.
const int kTensorTag = 0;
constexpr int kTagField = 0;
constexpr int kBoxField = 1;

struct ScopeEntry { Box* box; uint32_t generation; };

// What a tensor costs natively beyond its storage bytes (TensorImpl, StorageImpl, allocator
// rounding, the box): reported too, so that many small tensors also weigh on V8's heuristics.
constexpr int64_t kTensorOverhead = 320;
constexpr int64_t kLargeTensorBytes = 1 << 20;
// External memory is reported to V8 in batches: one call per tiny tensor would cost more than
// the tensor. Large tensors cross the batch at once and are reported immediately.
constexpr int64_t kReportBatch = 1 << 20;
// Growth of live large tensors (as counted, i.e. doubled) after which wrapTensor collects.
constexpr int64_t kLargeGrowthBeforeCollect = int64_t(192) << 20;
// Small tensors the collector finds dead are not freed inside the collection: they wait in a
// queue, and each new tensor frees one (two when the queue is long). A scavenge finds ~10^5 dead
// temporaries at once; freeing them in one burst overflows malloc's per-thread cache and every
// later allocation takes the slow path (measured in C++: add() 0.90 us with burst frees of 256k
// tensors, 0.63 us freeing the oldest one per op, as Python effectively does). The queue only
// holds what the next scavenge would find anyway, bounded in bytes.
constexpr int64_t kDeferBelowBytes = 64 << 10;
constexpr int64_t kDeferredCapBytes = 32 << 20;
constexpr size_t kDeferredLong = 1 << 16;

struct DeferredFree { at::Tensor tensor; int64_t bytes; };

// Tensors of at least kScavengeCountedBytes made since the last collection of any kind; past
// kScavengeAfterBytes a scavenge (V8's young-generation collection) runs. V8 collects when the
// JS heap fills and, for external memory, only with full mark-compact collections, which mark the
// whole heap: x.mul(x) on a 64 KB tensor cost 9.5 us (Python: 2.4), most of it in marking. Our
// temporaries die young, and a scavenge frees them for the cost of what survives. The bound is
// small so that freed blocks are reused while still in cache (measured, x.mul(x) on 64 KB:
// 64 MB 8.6 us, 16 MB 4.4, 8 MB 3.2, 4 MB 3.5; BReLU without tidy 1.39x Python -> 0.99x).
constexpr int64_t kScavengeCountedBytes = 4 << 10;
constexpr int64_t kScavengeAfterBytes = int64_t(8) << 20;

struct ThreadState {
  Slab* slabs = nullptr;
  int64_t live = 0;        // boxes holding a tensor
  Box* freeList = nullptr;
  int64_t unreported = 0;  // external memory change not yet told to V8 (+ created, - freed)
  int64_t liveLarge = 0;           // bytes of live tensors of kLargeTensorBytes or more
  int64_t liveLargeAtCollect = 0;  // liveLarge after the last collection we asked for
  bool tornDown = false;
  // This environment's queue of JS references to release (deferred_release.h), checked on every
  // new tensor: kept here to spare a second thread-local lookup per op.
  std::atomic<bool>* deferredPending = nullptr;
  uint64_t keptEpoch = 0;
  std::deque<DeferredFree>* deferred = nullptr;  // see kDeferBelowBytes; oldest first
  int64_t deferredBytes = 0;
  int64_t bytesSinceCollection = 0;  // see kScavengeAfterBytes
#if TN_HAVE_V8
  v8::Isolate* isolate = nullptr;
  // The Tensor objects' template; leaked on purpose (a Global must not outlive its isolate,
  // and thread-exit destructors may run after it).
  v8::Global<v8::ObjectTemplate>* objectTemplate = nullptr;
  v8::Global<v8::Function>* tensorClass = nullptr;
#else
  napi_ref tensorClass = nullptr;
  bool constructing = false;
#endif
};
// Trivially destructible on purpose: nothing runs at thread exit.
thread_local ThreadState state;
// The open torch.tidy() scopes of this thread, innermost last.
thread_local std::vector<std::vector<ScopeEntry>> scopes;

int64_t ownedBytes(const at::Tensor& t) {
  if (!t.has_storage()) return kTensorOverhead;
  const auto& storage = t.storage();
  // A view of storage that another tensor owns was already counted for that tensor.
  if (storage.use_count() != 1) return kTensorOverhead;
  // Only memory that exists: a meta tensor's storage claims its full size (2^62 bytes for a huge
  // shape) over a null pointer, and V8 aborts the process on an external-memory change that large.
  if (storage.data() == nullptr) return kTensorOverhead;
  auto bytes = static_cast<int64_t>(std::min<size_t>(storage.nbytes(), size_t(1) << 50));
  // Large tensors count double: V8 starts collecting when external memory grew 64 MB since the
  // last full GC and only forces it at twice that, so a loop making 4 MB temporaries peaked
  // ~180 MB above Python's (which frees each at once); counting them double halves that.
  if (bytes >= kLargeTensorBytes) bytes *= 2;
  return bytes + kTensorOverhead;
}

Box* newBox(ThreadState& s) {
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

template <typename Fn>
void forEachBoxInUse(ThreadState& s, Fn&& fn) {
  for (Slab* slab = s.slabs; slab; slab = slab->next) {
    for (Box& box : slab->boxes) if (box.inUse) fn(box);
  }
}

// Drops the tensor (dispose or collection). Safe inside GC: no JS, no V8 calls.
void forgetTensor(ThreadState& s, Box* box, bool mayDefer = false) {
  if (!box->tensor.defined()) return;
  int64_t bytes = box->reportedBytes;
  if (bytes >= 2 * kLargeTensorBytes) s.liveLarge -= bytes;
  s.unreported -= bytes;
  box->reportedBytes = 0;
  --s.live;
  if (mayDefer && bytes < kDeferBelowBytes && s.deferredBytes + bytes <= kDeferredCapBytes && !s.tornDown) {
    if (!s.deferred) s.deferred = new std::deque<DeferredFree>();
    s.deferred->push_back({std::move(box->tensor), bytes});
    s.deferredBytes += bytes;
    return;
  }
  box->tensor.reset();
}

// Queued tensors were made a whole collection cycle ago and are out of the caches; freeing one
// walks TensorImpl -> StorageImpl / AutogradMeta -> grad_fn. The next frees' first levels are
// fetched ahead, while the op between two frees runs.
void prefetchNextFrees(const std::deque<DeferredFree>& q) {
  if (q.size() > 2) {
    const char* impl = reinterpret_cast<const char*>(q[2].tensor.unsafeGetTensorImpl());
    __builtin_prefetch(impl);
    __builtin_prefetch(impl + 64);
    __builtin_prefetch(impl + 128);
  }
  if (q.size() > 1) {
    c10::TensorImpl* impl = q[1].tensor.unsafeGetTensorImpl();
    if (auto* meta = impl->autograd_meta()) __builtin_prefetch(meta);
    if (impl->has_storage()) __builtin_prefetch(impl->unsafe_storage().unsafeGetStorageImpl());
  }
}

// Frees up to n queued tensors, oldest first (JS thread, outside GC). Oldest first: freed from the
// top of a stack, what an autograd-heavy loop left at the bottom stayed behind while later
// collections came and went, and its scattered memory slowed every op after it by 25%.
void releaseDeferred(ThreadState& s, size_t n) {
  std::deque<DeferredFree>* q = s.deferred;
  while (n-- > 0 && !q->empty()) {
    s.deferredBytes -= q->front().bytes;
    q->pop_front();
    prefetchNextFrees(*q);
  }
}

void releaseAllDeferred(ThreadState& s) {
  if (s.deferred) releaseDeferred(s, s.deferred->size());
}

// The handle is gone: the box goes back to the free list. Safe inside GC.
void destroyBox(ThreadState& s, Box* box, bool mayDefer = false) {
  forgetTensor(s, box, mayDefer);
  box->magic = 0;
  box->inUse = false;
  ++box->generation;
  box->nextFree = s.freeList;
  s.freeList = box;
}

void flushReport(napi_env env, ThreadState& s) {
  int64_t delta = s.unreported;
  s.unreported = 0;
#if TN_HAVE_V8
  s.isolate->AdjustAmountOfExternalAllocatedMemory(delta);
#else
  int64_t adjusted;
  napi_adjust_external_memory(env, delta, &adjusted);
#endif
}

#if TN_HAVE_V8
// napi_value and v8::Local<v8::Value> are the same pointer (Node's own conversion).
inline v8::Local<v8::Value> toLocal(napi_value v) {
  v8::Local<v8::Value> local;
  static_assert(sizeof(local) == sizeof(v), "napi_value is a V8 handle");
  std::memcpy(static_cast<void*>(&local), &v, sizeof(v));
  return local;
}
inline napi_value toNapi(v8::Local<v8::Value> local) { return reinterpret_cast<napi_value>(*local); }

// First-pass weak callback, inside GC: resets the handle (V8 requires it) and frees the tensor.
void onCollected(const v8::WeakCallbackInfo<Box>& info) {
  Box* box = info.GetParameter();
  box->handle.Reset();
  destroyBox(state, box, /*mayDefer=*/true);
}

// After any collection the count towards the next scavenge restarts. A full collection (gc(),
// memory pressure, LowMemoryNotification) frees everything it found dead: the queue of small
// tensors is emptied too. Full collections are rare, so one burst is cheap.
void onCollectionEnd(v8::Isolate*, v8::GCType type, v8::GCCallbackFlags, void*) {
  ThreadState& s = state;
  s.bytesSinceCollection = 0;
  if (type & v8::kGCTypeMarkSweepCompact) releaseAllDeferred(s);
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
napi_value newTensorObject(ThreadState& s, Box* box, v8::Local<v8::Value> prototype) {
  v8::Local<v8::Context> context = s.isolate->GetCurrentContext();
  v8::Local<v8::Object> obj;
  if (!s.objectTemplate->Get(s.isolate)->NewInstance(context).ToLocal(&obj)) throw JsPending{};
  obj->SetAlignedPointerInInternalField(kTagField, const_cast<int*>(&kTensorTag));
  obj->SetAlignedPointerInInternalField(kBoxField, box);
  if (!prototype.IsEmpty() && prototype->IsObject()) {
    if (obj->SetPrototype(context, prototype).IsNothing()) throw JsPending{};
  }
  box->handle.Reset(s.isolate, obj);
  box->handle.SetWeak(box, onCollected, v8::WeakCallbackType::kParameter);
  return toNapi(obj);
}
#else
void finalizeBox(node_api_basic_env env, void* data, void* /*hint*/) {
  destroyBox(state, static_cast<Box*>(data));
}

inline Box* boxOf(napi_env env, napi_value value) {
  napi_valuetype t;
  if (napi_typeof(env, value, &t) != napi_ok || t != napi_object) return nullptr;
  void* data = nullptr;
  if (napi_unwrap(env, value, &data) != napi_ok || data == nullptr) return nullptr;
  auto* box = static_cast<Box*>(data);
  return box->magic == TensorBox::kMagic ? box : nullptr;
}
#define boxOf(value) boxOf(env, value)

napi_value newTensorObject(napi_env env, ThreadState& s, Box* box, napi_value prototype) {
  napi_value ctor, obj;
  check(env, napi_get_reference_value(env, s.tensorClass, &ctor));
  s.constructing = true;
  napi_status status = napi_new_instance(env, ctor, 0, nullptr, &obj);
  s.constructing = false;
  if (status != napi_ok) throw JsPending{};
  if (prototype != nullptr) {
    napi_value global, object, setPrototypeOf, argv[2] = {obj, prototype};
    check(env, napi_get_global(env, &global));
    check(env, napi_get_named_property(env, global, "Object", &object));
    check(env, napi_get_named_property(env, object, "setPrototypeOf", &setPrototypeOf));
    if (napi_call_function(env, object, setPrototypeOf, 2, argv, nullptr) != napi_ok) throw JsPending{};
  }
  if (napi_wrap(env, obj, box, finalizeBox, nullptr, nullptr) != napi_ok) throw JsPending{};
  return obj;
}
#endif

// Worker exit or env teardown: free everything this thread still holds. V8 does not run weak
// callbacks when an isolate is disposed, so without this a worker's tensors would leak.
void teardown(void* /*arg*/) {
  ThreadState& s = state;
  s.tornDown = true;
  s.deferredPending = nullptr;  // the queue goes with the environment
  scopes.clear();
  releaseAllDeferred(s);
#if TN_HAVE_V8
  if (s.isolate) s.isolate->RemoveGCEpilogueCallback(onCollectionEnd, nullptr);
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
  if (s.tensorClass) s.tensorClass->Reset();
#endif
  // (Without V8's API, N-API runs the remaining finalizers itself after this hook, into the
  // slabs: they stay.)
}

// CPU tensor data from plain malloc instead of posix_memalign. LibTorch's default CPU allocator
// aligns every block to 64 bytes with posix_memalign, which bypasses malloc's thread cache and
// splits off fragments; with tensors freed in GC batches (not one by one as in Python) glibc's
// coalescing (unlink_chunk, malloc_consolidate) became the largest cost of a small op (measured:
// -20% CPU per a.add(b)). Blocks stay 64-byte aligned: the raw pointer sits just before the data.
// TORCH_NODE_DEFAULT_CPU_ALLOCATOR=1 keeps LibTorch's allocator.
struct MallocCpuAllocator final : c10::Allocator {
  static void release(void* data) {
    if (data) std::free(static_cast<void**>(data)[-1]);
  }
  c10::DataPtr allocate(size_t n) override {
    if (n == 0) return {nullptr, nullptr, &release, c10::Device(c10::DeviceType::CPU)};
    void* raw = n < (SIZE_MAX >> 1) ? std::malloc(n + 64 + sizeof(void*)) : nullptr;
    TORCH_CHECK(raw, "DefaultCPUAllocator: can't allocate memory: you tried to allocate ", n,
                " bytes. Error code 12 (Cannot allocate memory)");
    auto addr = (reinterpret_cast<uintptr_t>(raw) + sizeof(void*) + 63) & ~uintptr_t(63);
    void* data = reinterpret_cast<void*>(addr);
    static_cast<void**>(data)[-1] = raw;
    return {data, data, &release, c10::Device(c10::DeviceType::CPU)};
  }
  c10::DeleterFnPtr raw_deleter() const override { return &release; }
  void copy_data(void* dest, const void* src, std::size_t count) const override {
    default_copy_data(dest, src, count);
  }
};

void installCpuAllocator() {
  static bool installed = false;  // once per process (the addon may load in several threads)
  static std::mutex m;
  std::lock_guard<std::mutex> lock(m);
  if (installed) return;
  installed = true;
#if defined(__GLIBC__)
  // No fastbins. A GC frees thousands of small tensors at once; their blocks coalesce into free
  // regions over 64 KB, and each such free made glibc consolidate every fastbin
  // (malloc_consolidate + unlink_chunk were a quarter of a small op's time). Small blocks still
  // come from the per-thread cache. Measured: -25% CPU per a.add(b). TORCH_NODE_MALLOC_DEFAULTS=1
  // leaves malloc as it is.
  if (!std::getenv("TORCH_NODE_MALLOC_DEFAULTS")) mallopt(M_MXFAST, 0);
#endif
  if (std::getenv("TORCH_NODE_DEFAULT_CPU_ALLOCATOR")) return;
  // Never destroyed: tensors may be freed during process exit.
  static auto* alloc = new MallocCpuAllocator();
  c10::SetCPUAllocator(alloc, /*priority=*/1);
}

}  // namespace

namespace {

#if TN_HAVE_V8
using Prototype = v8::Local<v8::Value>;
#else
using Prototype = napi_value;
#endif

// A new Tensor object owning tensor (defined), recorded in the innermost tidy scope.
napi_value makeTensorObject(napi_env env, at::Tensor tensor, Prototype prototype) {
  ThreadState& s = state;
  if (s.tornDown) throw std::runtime_error("torch-node: the environment is shutting down");
  if (s.deferredPending && s.deferredPending->load(std::memory_order_relaxed)) drainDeferredReleases(env);
  int64_t bytes = ownedBytes(tensor);
#if TN_HAVE_V8
  if (bytes >= 2 * kLargeTensorBytes) {
    // External memory only starts incremental marking, which advances with JS allocation; a loop
    // that makes few JS objects but large tensors piles them up meanwhile. Past a bound, collect
    // now (on the JS thread, before the new handle exists; inputs are on the stack, so alive).
    if (s.liveLarge - s.liveLargeAtCollect > kLargeGrowthBeforeCollect && s.isolate) {
      s.isolate->MemoryPressureNotification(v8::MemoryPressureLevel::kCritical);
      s.isolate->MemoryPressureNotification(v8::MemoryPressureLevel::kNone);
      s.liveLargeAtCollect = s.liveLarge;
    }
    s.liveLarge += bytes;
  }
  if (bytes >= kScavengeCountedBytes) {
    s.bytesSinceCollection += bytes;
    if (s.bytesSinceCollection > kScavengeAfterBytes && s.isolate) {
      s.bytesSinceCollection = 0;
      s.isolate->RequestGarbageCollectionForTesting(v8::Isolate::kMinorGarbageCollection);
    }
  }
#endif
  Box* box = newBox(s);
  box->reportedBytes = bytes;
  box->tensor = std::move(tensor);
  ++s.live;
  s.unreported += box->reportedBytes;
  if (s.unreported >= kReportBatch || s.unreported <= -kReportBatch) flushReport(env, s);
  napi_value result;
  try {
#if TN_HAVE_V8
    result = newTensorObject(s, box, prototype);
#else
    result = newTensorObject(env, s, box, prototype);
#endif
  } catch (...) {
    destroyBox(s, box);
    throw;
  }
  if (!scopes.empty()) {
    scopes.back().push_back({box, box->generation});
  }
  if (s.deferred && !s.deferred->empty()) releaseDeferred(s, s.deferred->size() > kDeferredLong ? 2 : 1);
  return result;
}

}  // namespace

napi_value wrapTensor(napi_env env, at::Tensor tensor) {
  if (!tensor.defined()) {
    napi_value result;
    napi_get_null(env, &result);
    return result;
  }
  return makeTensorObject(env, std::move(tensor), Prototype());
}

TensorBox* tensorBoxOf(napi_env env, napi_value value) { return boxOf(value); }

bool isTensorHandle(napi_env env, napi_value value) { return boxOf(value) != nullptr; }

napi_valuetype argTypeOf(napi_env env, napi_value value, bool* isArray, TensorBox** box) {
  *isArray = false;
  if (box) *box = nullptr;
#if TN_HAVE_V8
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
#else
  napi_valuetype t;
  napi_typeof(env, value, &t);
  if (t == napi_object) {
    napi_is_array(env, value, isArray);
    Box* b = *isArray ? nullptr : boxOf(value);
    if (b) {
      if (box) *box = b;
      return napi_external;
    }
  }
  return t;
#endif
}

TensorBox* unwrapBox(napi_env env, napi_value value, const char* what) {
  Box* box = boxOf(value);
  if (!box) throw JsTypeError(std::string(what) + " must be a Tensor");
  return box;
}

const at::Tensor& boxTensor(TensorBox* box, const char* what) {
  if (!box->tensor.defined()) {
    throw JsTypeError(std::string(what) + ": Tensor has been disposed: it cannot be used after dispose() (or outside the torch.tidy() scope that freed it)");
  }
  return box->tensor;
}

const at::Tensor& unwrapTensor(napi_env env, napi_value value, const char* what) {
  Box* box = boxOf(value);
  if (!box) throw JsTypeError(std::string(what) + " must be a Tensor");
  return boxTensor(box, what);
}

void releaseBox(napi_env env, TensorBox* box) { forgetTensor(state, static_cast<Box*>(box)); }

void collectGarbageNow(napi_env env) {
#if TN_HAVE_V8
  ThreadState& s = state;
  if (s.isolate) s.isolate->LowMemoryNotification();
  releaseAllDeferred(s);
  flushReport(env, s);
#endif
}

int64_t liveTensorCount() { return state.live; }

std::vector<MemoryRow> liveMemory() {
  std::vector<MemoryRow> rows;
  std::unordered_set<const void*> seen;
  forEachBoxInUse(state, [&](Box& box) {
    const at::Tensor& t = box.tensor;
    if (!t.defined()) return;
    std::string device = t.device().str();
    MemoryRow* row = nullptr;
    for (auto& r : rows) if (r.device == device) row = &r;
    if (!row) { rows.push_back(MemoryRow{device}); row = &rows.back(); }
    row->tensors++;
    if (t.has_storage()) {
      const void* key = t.storage().unsafeGetStorageImpl();
      if (seen.insert(key).second) row->bytes += static_cast<int64_t>(t.storage().nbytes());
    }
  });
  return rows;
}

namespace {

napi_value dispose(napi_env env, napi_callback_info info) {
  size_t argc = 1;
  napi_value argv[1];
  napi_get_cb_info(env, info, &argc, argv, nullptr, nullptr);
  if (argc >= 1) {
    if (Box* box = boxOf(argv[0])) forgetTensor(state, box);
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
  return guardedValue(info, [&]() -> Napi::Value {
    napi_env env = info.Env();
    const at::Tensor& source = unwrapTensor(env, info[0], "source");
    Prototype prototype;
    if (info.Length() > 1 && info[1].IsObject()) {
#if TN_HAVE_V8
      prototype = toLocal(info[1]);
#else
      prototype = info[1];
#endif
    }
    return Napi::Value(env, makeTensorObject(env, source, prototype));
  });
}

// torch.tidy(): scopeOpen() before the function runs, scopeClose(kept) after it (kept: the
// tensors it returned, or null when it threw). Everything else made in the scope and still
// alive is disposed; kept tensors pass to the enclosing scope.
Napi::Value scopeOpen(const Napi::CallbackInfo& info) {
  scopes.emplace_back();
  return Napi::Number::New(info.Env(), static_cast<double>(scopes.size()));
}

Napi::Value scopeClose(const Napi::CallbackInfo& info) {
  napi_env env = info.Env();
  if (scopes.empty()) throw Napi::Error::New(env, "torch-node: tidy scope closed twice");
  std::vector<ScopeEntry> entries = std::move(scopes.back());
  scopes.pop_back();
  ThreadState& s = state;
  uint64_t mark = ++s.keptEpoch;
  if (info.Length() > 0 && info[0].IsArray()) {
    Napi::Array kept = info[0].As<Napi::Array>();
    for (uint32_t i = 0; i < kept.Length(); ++i) {
      if (Box* box = boxOf(static_cast<napi_value>(kept.Get(i)))) box->keptMark = mark;
    }
  }
  for (const ScopeEntry& e : entries) {
    Box* box = e.box;
    if (box->generation != e.generation) continue;  // collected (and maybe reused) meanwhile
    if (box->keptMark != mark) forgetTensor(s, box);
    else if (!scopes.empty()) scopes.back().push_back(e);
  }
  return info.Env().Undefined();
}

// Takes a tensor out of the innermost open scope that recorded it (escapeScopes in lib/scope.ts).
Napi::Value scopeEscape(const Napi::CallbackInfo& info) {
  napi_env env = info.Env();
  Box* box = boxOf(static_cast<napi_value>(info[0]));
  if (!box) return Napi::Boolean::New(env, false);
  for (auto scope = scopes.rbegin(); scope != scopes.rend(); ++scope) {
    for (size_t i = scope->size(); i-- > 0;) {
      const ScopeEntry& e = (*scope)[i];
      if (e.box == box && e.generation == box->generation) {
        scope->erase(scope->begin() + static_cast<std::ptrdiff_t>(i));
        return Napi::Boolean::New(env, true);
      }
    }
  }
  return Napi::Boolean::New(env, false);
}

Napi::Value scopeDepth(const Napi::CallbackInfo& info) {
  return Napi::Number::New(info.Env(), static_cast<double>(scopes.size()));
}

#if TN_HAVE_V8
void constructTensorBase(const v8::FunctionCallbackInfo<v8::Value>& info) {
  v8::Isolate* isolate = info.GetIsolate();
  isolate->ThrowException(v8::Exception::TypeError(v8::String::NewFromUtf8Literal(
      isolate, "Tensors are created by torch functions (torch.tensor, torch.zeros, ...), not with new")));
}
#else
napi_value constructTensorBase(napi_env env, napi_callback_info info) {
  napi_value self;
  napi_get_cb_info(env, info, nullptr, nullptr, &self, nullptr);
  if (!state.constructing) {
    napi_throw_type_error(env, nullptr, "Tensors are created by torch functions (torch.tensor, torch.zeros, ...), not with new");
    return nullptr;
  }
  return self;
}
#endif

Napi::Value memory(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  Napi::Array out = Napi::Array::New(env);
  uint32_t i = 0;
  for (const auto& row : liveMemory()) {
    Napi::Object o = Napi::Object::New(env);
    o.Set("device", row.device);
    o.Set("tensors", Napi::Number::New(env, static_cast<double>(row.tensors)));
    o.Set("bytes", Napi::Number::New(env, static_cast<double>(row.bytes)));
    out.Set(i++, o);
  }
  return out;
}

Napi::Value liveCountFn(const Napi::CallbackInfo& info) {
  return Napi::Number::New(info.Env(), static_cast<double>(state.live));
}

// Bytes counted towards V8's external memory by this thread's tensors (for tests and benches).
Napi::Value externalBytes(const Napi::CallbackInfo& info) {
  int64_t total = 0;
  forEachBoxInUse(state, [&](Box& box) { total += box.reportedBytes; });
  return Napi::Number::New(info.Env(), static_cast<double>(total));
}

Napi::Value collectGarbage(const Napi::CallbackInfo& info) {
  collectGarbageNow(info.Env());
  return info.Env().Undefined();
}

}  // namespace

void registerTensorBox(Napi::Env env, Napi::Object exports) {
  installCpuAllocator();
  ThreadState& s = state;
  s.tornDown = false;
  s.deferredPending = deferredPendingOfThread;  // registerDeferredReleases ran first (addon.cpp)
#if TN_HAVE_V8
  s.isolate = v8::Isolate::GetCurrent();
#endif
  napi_add_env_cleanup_hook(env, teardown, nullptr);
  // The class whose instances are the Tensor objects; lib/tensor.ts chains its prototype to
  // Tensor.prototype.
#if TN_HAVE_V8
  {
    v8::Isolate* isolate = s.isolate;
    v8::Local<v8::FunctionTemplate> tmpl = v8::FunctionTemplate::New(isolate, constructTensorBase);
    tmpl->SetClassName(v8::String::NewFromUtf8Literal(isolate, "Tensor"));
    tmpl->InstanceTemplate()->SetInternalFieldCount(2);
    v8::Local<v8::Function> cls = tmpl->GetFunction(isolate->GetCurrentContext()).ToLocalChecked();
    s.objectTemplate = new v8::Global<v8::ObjectTemplate>(isolate, tmpl->InstanceTemplate());
    s.tensorClass = new v8::Global<v8::Function>(isolate, cls);
    isolate->AddGCEpilogueCallback(onCollectionEnd, nullptr, v8::kGCTypeAll);
    // The only public way to ask for a scavenge (RequestGarbageCollectionForTesting) requires
    // this flag; besides allowing that call it only adds gc() to contexts created later.
    static std::once_flag exposeGc;
    std::call_once(exposeGc, [] { v8::V8::SetFlagsFromString("--expose-gc"); });
    exports.Set("TensorBase", Napi::Value(env, toNapi(cls)));
  }
#else
  {
    napi_value cls;
    check(env, napi_define_class(env, "Tensor", NAPI_AUTO_LENGTH, constructTensorBase, nullptr, 0, nullptr, &cls));
    check(env, napi_create_reference(env, cls, 1, &s.tensorClass));
    exports.Set("TensorBase", Napi::Value(env, cls));
  }
#endif
  napi_value fn;
  napi_create_function(env, "dispose", NAPI_AUTO_LENGTH, dispose, nullptr, &fn);
  exports.Set("dispose", Napi::Value(env, fn));
  napi_create_function(env, "isDisposed", NAPI_AUTO_LENGTH, isDisposed, nullptr, &fn);
  exports.Set("isDisposed", Napi::Value(env, fn));
  TN_EXPORT(exports, "tensorObject", tensorObject);
  TN_EXPORT(exports, "scopeOpen", scopeOpen);
  TN_EXPORT(exports, "scopeClose", scopeClose);
  TN_EXPORT(exports, "scopeEscape", scopeEscape);
  TN_EXPORT(exports, "scopeDepth", scopeDepth);
  TN_EXPORT(exports, "memory", memory);
  TN_EXPORT(exports, "liveTensorCount", liveCountFn);
  TN_EXPORT(exports, "externalBytes", externalBytes);
  TN_EXPORT(exports, "collectGarbage", collectGarbage);
}

}  // namespace tn
