#include "tensor_box.h"
#include <c10/core/CPUAllocator.h>
#include <cstdlib>
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
  Box* prev = nullptr;        // every box of this thread whose handle may still be reachable
  Box* next = nullptr;
#if TN_HAVE_V8
  v8::Global<v8::External> handle;
#endif
};

// What a tensor costs natively beyond its storage bytes (TensorImpl, StorageImpl, allocator
// rounding, the box): reported too, so that many small tensors also weigh on V8's heuristics.
constexpr int64_t kTensorOverhead = 320;
constexpr int64_t kLargeTensorBytes = 1 << 20;
// External memory is reported to V8 in batches: one call per tiny tensor would cost more than
// the tensor. Large tensors cross the batch at once and are reported immediately.
constexpr int64_t kReportBatch = 1 << 20;
// Growth of live large tensors (as counted, i.e. doubled) after which wrapTensor collects.
constexpr int64_t kLargeGrowthBeforeCollect = int64_t(192) << 20;
// Boxes are recycled: GC frees them in bursts, and malloc/free of millions of small blocks in
// bursts was a visible cost (malloc_consolidate).
constexpr int64_t kMaxFreeBoxes = 1 << 16;

struct ThreadState {
  Box* head = nullptr;
  int64_t live = 0;        // boxes holding a tensor
  Box* freeList = nullptr;
  int64_t freeCount = 0;
  int64_t unreported = 0;  // external memory change not yet told to V8 (+ created, - freed)
  int64_t liveLarge = 0;           // bytes of live tensors of kLargeTensorBytes or more
  int64_t liveLargeAtCollect = 0;  // liveLarge after the last collection we asked for
  bool tornDown = false;
#if TN_HAVE_V8
  v8::Isolate* isolate = nullptr;
#endif
};
// Trivially destructible on purpose: nothing runs at thread exit.
thread_local ThreadState state;

int64_t ownedBytes(const at::Tensor& t) {
  if (!t.has_storage()) return kTensorOverhead;
  const auto& storage = t.storage();
  // A view of storage that another tensor owns was already counted for that tensor.
  if (storage.use_count() != 1) return kTensorOverhead;
  auto bytes = static_cast<int64_t>(storage.nbytes());
  // Large tensors count double: V8 starts collecting when external memory grew 64 MB since the
  // last full GC and only forces it at twice that, so a loop making 4 MB temporaries peaked
  // ~180 MB above Python's (which frees each at once); counting them double halves that.
  if (bytes >= kLargeTensorBytes) bytes *= 2;
  return bytes + kTensorOverhead;
}

Box* newBox(ThreadState& s) {
  Box* box = s.freeList;
  if (box) {
    s.freeList = box->next;
    // Boxes come back from GC in bursts and go cold; fetch the next one while this op runs.
    if (s.freeList) __builtin_prefetch(s.freeList, 1);
    --s.freeCount;
    box->next = nullptr;
    box->magic = TensorBox::kMagic;
  } else {
    box = new Box();
  }
  box->next = s.head;
  if (s.head) s.head->prev = box;
  s.head = box;
  return box;
}

// Drops the tensor (dispose or collection). Safe inside GC: no JS, no V8 calls.
void forgetTensor(ThreadState& s, Box* box) {
  if (!box->tensor.defined()) return;
  if (box->reportedBytes >= 2 * kLargeTensorBytes) s.liveLarge -= box->reportedBytes;
  s.unreported -= box->reportedBytes;
  box->reportedBytes = 0;
  --s.live;
  box->tensor.reset();
}

// The handle is gone: the box goes back to the free list. Safe inside GC.
void destroyBox(ThreadState& s, Box* box) {
  forgetTensor(s, box);
  if (box->prev) box->prev->next = box->next; else s.head = box->next;
  if (box->next) box->next->prev = box->prev;
  box->prev = nullptr;
  box->magic = 0;
  if (!s.tornDown && s.freeCount < kMaxFreeBoxes) {
    box->next = s.freeList;
    s.freeList = box;
    ++s.freeCount;
  } else {
    delete box;
  }
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
  destroyBox(state, box);
}

inline Box* boxOf(napi_value value) {
  v8::Local<v8::Value> v = toLocal(value);
  if (v.IsEmpty() || !v->IsExternal()) return nullptr;
  auto* box = static_cast<Box*>(v.As<v8::External>()->Value());
  return box && box->magic == TensorBox::kMagic ? box : nullptr;
}
#else
void finalizeBox(node_api_basic_env env, void* data, void* /*hint*/) {
  destroyBox(state, static_cast<Box*>(data));
}

inline Box* boxOf(napi_env env, napi_value value) {
  void* data = nullptr;
  if (napi_get_value_external(env, value, &data) != napi_ok || data == nullptr) return nullptr;
  auto* box = static_cast<Box*>(data);
  return box->magic == TensorBox::kMagic ? box : nullptr;
}
#define boxOf(value) boxOf(env, value)
#endif

// Worker exit or env teardown: free everything this thread still holds. V8 does not run weak
// callbacks when an isolate is disposed, so without this a worker's tensors would leak.
void teardown(void* /*arg*/) {
  ThreadState& s = state;
  s.tornDown = true;
#if TN_HAVE_V8
  while (Box* box = s.head) {
    box->handle.Reset();
    s.head = box->next;
    box->tensor.reset();
    box->magic = 0;
    delete box;
  }
  s.live = 0;
#endif
  // (Without V8's API, N-API runs the remaining finalizers itself at teardown.)
  while (Box* box = s.freeList) {
    s.freeList = box->next;
    delete box;
  }
  s.freeCount = 0;
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

napi_value wrapTensor(napi_env env, at::Tensor tensor) {
  napi_value result;
  if (!tensor.defined()) {
    napi_get_null(env, &result);
    return result;
  }
  ThreadState& s = state;
  if (s.tornDown) throw std::runtime_error("torch-node: the environment is shutting down");
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
#endif
  Box* box = newBox(s);
  box->reportedBytes = bytes;
  box->tensor = std::move(tensor);
  ++s.live;
  s.unreported += box->reportedBytes;
  if (s.unreported >= kReportBatch || s.unreported <= -kReportBatch) flushReport(env, s);
#if TN_HAVE_V8
  v8::Local<v8::External> external = v8::External::New(s.isolate, box);
  box->handle.Reset(s.isolate, external);
  box->handle.SetWeak(box, onCollected, v8::WeakCallbackType::kParameter);
  result = toNapi(external);
#else
  napi_status status = napi_create_external(env, box, finalizeBox, nullptr, &result);
  if (status != napi_ok) {
    destroyBox(s, box);
    throw std::runtime_error("torch-node: could not create a tensor handle");
  }
#endif
  return result;
}

TensorBox* tensorBoxOf(napi_env env, napi_value value) { return boxOf(value); }

bool isTensorHandle(napi_env env, napi_value value) { return boxOf(value) != nullptr; }

TensorBox* unwrapBox(napi_env env, napi_value value, const char* what) {
  Box* box = boxOf(value);
  if (!box) throw JsTypeError(std::string(what) + " must be a Tensor");
  return box;
}

const at::Tensor& unwrapTensor(napi_env env, napi_value value, const char* what) {
  Box* box = boxOf(value);
  if (!box) throw JsTypeError(std::string(what) + " must be a Tensor");
  if (!box->tensor.defined()) {
    throw JsTypeError(std::string(what) + " is a disposed Tensor; it cannot be used after dispose()");
  }
  return box->tensor;
}

void releaseBox(napi_env env, TensorBox* box) { forgetTensor(state, static_cast<Box*>(box)); }

void collectGarbageNow(napi_env env) {
#if TN_HAVE_V8
  ThreadState& s = state;
  if (s.isolate) s.isolate->LowMemoryNotification();
  flushReport(env, s);
#endif
}

int64_t liveTensorCount() { return state.live; }

std::vector<MemoryRow> liveMemory() {
  std::vector<MemoryRow> rows;
  std::unordered_set<const void*> seen;
  for (Box* box = state.head; box; box = box->next) {
    const at::Tensor& t = box->tensor;
    if (!t.defined()) continue;
    std::string device = t.device().str();
    MemoryRow* row = nullptr;
    for (auto& r : rows) if (r.device == device) row = &r;
    if (!row) { rows.push_back(MemoryRow{device}); row = &rows.back(); }
    row->tensors++;
    if (t.has_storage()) {
      const void* key = t.storage().unsafeGetStorageImpl();
      if (seen.insert(key).second) row->bytes += static_cast<int64_t>(t.storage().nbytes());
    }
  }
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
  for (Box* box = state.head; box; box = box->next) total += box->reportedBytes;
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
#if TN_HAVE_V8
  s.isolate = v8::Isolate::GetCurrent();
#endif
  napi_add_env_cleanup_hook(env, teardown, nullptr);
  napi_value fn;
  napi_create_function(env, "dispose", NAPI_AUTO_LENGTH, dispose, nullptr, &fn);
  exports.Set("dispose", Napi::Value(env, fn));
  exports.Set("memory", Napi::Function::New(env, memory, "memory"));
  exports.Set("liveTensorCount", Napi::Function::New(env, liveCountFn, "liveTensorCount"));
  exports.Set("externalBytes", Napi::Function::New(env, externalBytes, "externalBytes"));
  exports.Set("collectGarbage", Napi::Function::New(env, collectGarbage, "collectGarbage"));
}

}  // namespace tn
