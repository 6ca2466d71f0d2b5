// A tensor as JS holds it: an External pointing at a TensorBox. The box owns one reference to the
// at::Tensor; dispose() releases it early, the GC finalizer (synchronous, it runs no JS) deletes
// the box. Live boxes sit in an intrusive list so torch.memory() can report them.
#pragma once
#include "common.h"

namespace tn {

struct TensorBox {
  static constexpr uint32_t kMagic = 0x7e45042b;
  uint32_t magic = kMagic;
  at::Tensor tensor;
  int64_t reportedBytes = 0;  // what we told V8 about (external memory)
  TensorBox* prev = nullptr;
  TensorBox* next = nullptr;
};

// Wraps a tensor into a new External (undefined tensors become JS null).
napi_value wrapTensor(napi_env env, at::Tensor tensor);
// The box behind a JS handle; throws a TypeError naming `what` when it is not a tensor handle.
TensorBox* unwrapBox(napi_env env, napi_value value, const char* what);
// The tensor behind a JS handle; throws when disposed.
const at::Tensor& unwrapTensor(napi_env env, napi_value value, const char* what);
// True when value is an External we created for a tensor.
bool isTensorHandle(napi_env env, napi_value value);
// Releases the tensor now (dispose); the box lives until GC.
void releaseBox(napi_env env, TensorBox* box);

// Per-device live tensor counts and unique storage bytes.
struct MemoryRow { std::string device; int64_t tensors = 0; int64_t bytes = 0; };
std::vector<MemoryRow> liveMemory();
int64_t liveTensorCount();

void registerTensorBox(Napi::Env env, Napi::Object exports);

}  // namespace tn
