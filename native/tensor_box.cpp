#include "tensor_box.h"
#include <unordered_set>

namespace tn {

// Each JS thread (main thread, worker_threads) has its own env, and its boxes are created and
// finalized on that thread, so the live list is per thread and needs no lock.
thread_local TensorBox* liveHead = nullptr;
thread_local int64_t liveCount = 0;
// Small allocations are reported to V8 in batches: one call per tensor would cost more than
// the tensor.
thread_local int64_t unreportedBytes = 0;
static constexpr int64_t kReportBatch = 1 << 20;

static void unlink(TensorBox* box) {
  if (box->prev) box->prev->next = box->next; else liveHead = box->next;
  if (box->next) box->next->prev = box->prev;
  box->prev = box->next = nullptr;
  --liveCount;
}

static void reportMemory(node_api_basic_env env, int64_t delta) {
  unreportedBytes += delta;
  if (unreportedBytes >= kReportBatch || unreportedBytes <= -kReportBatch) {
    int64_t adjusted;
    napi_adjust_external_memory(env, unreportedBytes, &adjusted);
    unreportedBytes = 0;
  }
}

static void forgetTensor(node_api_basic_env env, TensorBox* box) {
  if (!box->tensor.defined() && box->reportedBytes == 0) return;
  box->tensor.reset();
  unlink(box);
  if (box->reportedBytes) reportMemory(env, -box->reportedBytes);
  box->reportedBytes = 0;
}

// Runs inside GC (a basic finalizer): it must not call into JS, and it does not.
static void finalizeBox(node_api_basic_env env, void* data, void* /*hint*/) {
  auto* box = static_cast<TensorBox*>(data);
  forgetTensor(env, box);
  box->magic = 0;
  delete box;
}

static int64_t ownedBytes(const at::Tensor& t) {
  if (!t.has_storage()) return 0;
  const auto& storage = t.storage();
  // A view of storage that another tensor owns was already counted for that tensor.
  if (storage.use_count() != 1) return 0;
  return static_cast<int64_t>(storage.nbytes());
}

napi_value wrapTensor(napi_env env, at::Tensor tensor) {
  napi_value result;
  if (!tensor.defined()) {
    napi_get_null(env, &result);
    return result;
  }
  auto* box = new TensorBox();
  box->reportedBytes = ownedBytes(tensor);
  box->tensor = std::move(tensor);
  box->next = liveHead;
  if (liveHead) liveHead->prev = box;
  liveHead = box;
  ++liveCount;
  if (box->reportedBytes) reportMemory(env, box->reportedBytes);
  napi_status status = napi_create_external(env, box, finalizeBox, nullptr, &result);
  if (status != napi_ok) {
    forgetTensor(env, box);
    delete box;
    throw std::runtime_error("torch-node: could not create a tensor handle");
  }
  return result;
}

bool isTensorHandle(napi_env env, napi_value value) {
  void* data = nullptr;
  if (napi_get_value_external(env, value, &data) != napi_ok || data == nullptr) return false;
  return static_cast<TensorBox*>(data)->magic == TensorBox::kMagic;
}

TensorBox* unwrapBox(napi_env env, napi_value value, const char* what) {
  void* data = nullptr;
  if (napi_get_value_external(env, value, &data) != napi_ok || data == nullptr ||
      static_cast<TensorBox*>(data)->magic != TensorBox::kMagic) {
    throw JsTypeError(std::string(what) + " must be a Tensor");
  }
  return static_cast<TensorBox*>(data);
}

const at::Tensor& unwrapTensor(napi_env env, napi_value value, const char* what) {
  TensorBox* box = unwrapBox(env, value, what);
  if (!box->tensor.defined()) {
    throw JsTypeError(std::string(what) + " is a disposed Tensor; it cannot be used after dispose()");
  }
  return box->tensor;
}

void releaseBox(napi_env env, TensorBox* box) { forgetTensor(env, box); }

int64_t liveTensorCount() { return liveCount; }

std::vector<MemoryRow> liveMemory() {
  std::vector<MemoryRow> rows;
  std::unordered_set<const void*> seen;
  for (TensorBox* box = liveHead; box; box = box->next) {
    const at::Tensor& t = box->tensor;
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

static Napi::Value dispose(const Napi::CallbackInfo& info) {
  napi_env env = info.Env();
  void* data = nullptr;
  if (napi_get_value_external(env, info[0], &data) == napi_ok && data &&
      static_cast<TensorBox*>(data)->magic == TensorBox::kMagic) {
    releaseBox(env, static_cast<TensorBox*>(data));
  }
  return info.Env().Undefined();
}

static Napi::Value memory(const Napi::CallbackInfo& info) {
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

static Napi::Value liveCountFn(const Napi::CallbackInfo& info) {
  return Napi::Number::New(info.Env(), static_cast<double>(liveCount));
}

void registerTensorBox(Napi::Env env, Napi::Object exports) {
  exports.Set("dispose", Napi::Function::New(env, dispose, "dispose"));
  exports.Set("memory", Napi::Function::New(env, memory, "memory"));
  exports.Set("liveTensorCount", Napi::Function::New(env, liveCountFn, "liveTensorCount"));
}

}  // namespace tn
