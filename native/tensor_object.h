// A tensor as JS holds it: the JS Tensor object itself, made natively from one object template
// with two internal fields (a tag, then the TensorBox), its prototype chained to lib/tensor.ts's
// Tensor.prototype. One JS object per tensor and no JS constructor call: an External wrapped again
// by a JS object was most of a small op's cost. The box owns one reference to the at::Tensor;
// dispose() releases it early. When the object becomes unreachable, V8 calls our weak callback
// inside the garbage collection itself (not later from the event loop, as N-API finalizers do),
// and the tensor is freed there or just after (deferred_free.h): a synchronous loop that never
// yields still frees its temporaries. Boxes sit in per-thread slabs (env_state.h) so that
// torch.memory() can report them and a worker's teardown frees what it still holds.
//
// Who owns what around a tensor object:
//   tensor_object.cpp  boxes, the JS object, wrap/unwrap, dispose, the Tensor base class
//   gc_pressure.*      what V8 is told about native memory, when we ask it to collect, torch.memory()
//   deferred_free.h    small tensors found dead by a collection, freed one per new tensor
//   tidy_scope.*       torch.tidy() scopes
//   env_state.h        the per-JS-thread state all of them share
//
// Rule for code that runs when a tensor is destroyed (a deleter, an autograd node's destructor):
// it may run inside GC, so it must not call into JS or N-API; release JS references through
// deferred_release.h.
#pragma once
#include "common.h"

namespace tn {

struct TensorBox {
  static constexpr uint32_t kMagic = 0x7e45042b;
  uint32_t magic = kMagic;
  at::Tensor tensor;
};

// Wraps a tensor into a new JS Tensor object (undefined tensors become JS null).
napi_value wrapTensor(napi_env env, at::Tensor tensor);
// The same, for an object that the caller disposes itself while something native (a parameter's
// gradient field) owns the tensor: it does not count towards the next scavenge, since no
// collection is needed to free what it holds.
napi_value wrapBorrowedTensor(napi_env env, at::Tensor tensor);
// The tensor behind a JS handle; throws when disposed.
const at::Tensor& unwrapTensor(napi_env env, napi_value value, const char* what);
// The same check, giving the box (whose tensor is then defined).
TensorBox* unwrapTensorBox(napi_env env, napi_value value, const char* what);
// True when value is a JS Tensor object (one we created).
bool isTensorHandle(napi_env env, napi_value value);
// The box when value is a tensor handle, else nullptr (no exception).
TensorBox* tensorBoxOf(napi_env env, napi_value value);

// A weak link from native code to a Tensor object, as a TensorImpl keeps its PyObject in PyTorch:
// it gives the object back while that object is alive and still holds the same tensor. It holds
// no handle of its own (the box's weak handle already says whether the object lives), so making
// one costs two words. Made and followed on the object's JS thread only.
struct TensorObjectLink {
  TensorBox* box = nullptr;
  uint32_t generation = 0;
};
TensorObjectLink linkTensorObject(TensorBox* box);
// The linked object when it is alive, not disposed, and holds tensor's TensorImpl; else nullptr.
napi_value linkedTensorObject(const TensorObjectLink& link, const at::Tensor& tensor);

// typeof for operator arguments in one step: napi_typeof's answer, except that Tensor objects are
// napi_external (the matcher's "native handle" type, shared with Generator handles); isArray is
// set for arrays, and box (when given) to the tensor's box or nullptr.
napi_valuetype argTypeOf(napi_env env, napi_value value, bool* isArray, TensorBox** box = nullptr);
// The tensor of a box argTypeOf found; throws when disposed (what names the argument).
const at::Tensor& boxTensor(TensorBox* box, const char* what);

void registerTensorObjects(Napi::Env env, Napi::Object exports);

}  // namespace tn
