// x[...] and x[...] = v in one native call each. lib/indexing.ts turns the JS index list into a
// descriptor; here it becomes at::indexing's TensorIndex list, applied by at::indexing::get_item /
// set_item: the C++ that Python's own x[...] (torch/csrc/autograd/python_variable_indexing.cpp)
// runs, so the views, copies, autograd nodes and messages are Python's.
//
// The descriptor is a Float64Array of kStride numbers per index entry, [kind, a, b, c]:
//   kNone, kEllipsis, kFalse, kTrue   (a, b, c unused)
//   kInt      a: the integer
//   kSlice    a:b:c, start and stop NaN when omitted (Python's None), c the step
//   kTensor   tensors[a], where tensors is the call's array of index tensors (a lone index
//             tensor comes alone, not in an array: a is then 0)
// Numbers rather than a string or an object per entry: JS writes them into one reused buffer
// without allocating, and reading them here is a memory read each. Any JS can call the binding,
// so every field is checked again here; a bad descriptor is a TypeError/RangeError, never UB.
//
// The reused buffer is made here (native.indexDescriptor) and its memory kept by this thread, so
// a call passing it is read without asking V8 for the typed array's buffer (napi_get_typedarray_info
// cost about as much as the rest of the descriptor's reading); any other Float64Array is read
// through N-API. An index of integers and slices only, the common case, is applied without
// building TensorIndex objects (each holds a Slice of three SymInts and a Tensor), by the same
// at::indexing::impl calls.
#include <cstring>
#include "common.h"
#include "gc_pressure.h"
#include "graph_tools.h"
#include "tensor_object.h"
#include "v8_entry.h"
#include <ATen/TensorIndexing.h>
#include <ATen/TracerMode.h>
#include <c10/core/DeviceGuard.h>
#include <c10/util/SmallVector.h>
#include <torch/csrc/jit/frontend/tracer.h>
#include <cmath>
#include <cstdlib>
#include <memory>
#include <optional>

namespace tn {
namespace {

// Kept in step with KIND in lib/indexing.ts.
enum Kind : int { kNone = 0, kEllipsis = 1, kFalse = 2, kTrue = 3, kInt = 4, kSlice = 5, kTensor = 6 };
constexpr size_t kStride = 4;
// The descriptor's entry count is bounded by JS (the tensor's dimensions plus 64); this bound
// only keeps a forged count from sizing anything absurd.
constexpr double kMaxEntries = 1 << 20;
// JS integers: exact up to 2^53; lib/indexing.ts clamps slice bounds to this range as Python
// clamps them to Py_ssize_t.
constexpr double kMaxSafeInteger = 9007199254740991.0;

using Indices = c10::SmallVector<at::indexing::TensorIndex, 8>;

// This thread's reused descriptor (native.indexDescriptor), known by identity. The BackingStore
// is shared with V8: the memory stays ours to read even if JS detaches the Float64Array's buffer.
// Its memory is malloc'd with a deleter of our own, so releasing it needs no isolate. Allocated,
// not a thread_local object: a V8 handle must not be released by thread-exit destructors after
// the isolate is gone; the environment's cleanup releases it.
struct SharedDescriptor {
  v8::Global<v8::Value> array;
  std::shared_ptr<v8::BackingStore> store;
  const double* data = nullptr;
  size_t length = 0;  // doubles
};
thread_local SharedDescriptor* sharedDescriptor = nullptr;

void releaseSharedDescriptor(void*) {
  delete sharedDescriptor;
  sharedDescriptor = nullptr;
}

// The fields of one index entry once read and checked: a kInt's integer in start, a kSlice's
// bounds with Python's defaults filled in (the step is positive, so those of a forward slice).
struct BasicEntry {
  bool isInt;
  int64_t start, stop, step;
};
using BasicEntries = c10::SmallVector<BasicEntry, 8>;

int64_t integerField(double d) {
  if (!(d >= -kMaxSafeInteger && d <= kMaxSafeInteger) || std::floor(d) != d) {
    throw JsRangeError("indexing: a descriptor field is not a safe integer (got " + std::to_string(d) + ")");
  }
  return static_cast<int64_t>(d);
}

std::optional<c10::SymInt> slicePart(double d) {
  if (std::isnan(d)) return std::nullopt;
  return c10::SymInt(integerField(d));
}

// The tensor of entry `slot` of the tensors argument (one Tensor, or an array of them); its object
// goes into `saved` when given (JS pack hooks receive it: graph_tools.h).
at::Tensor indexTensor(napi_env env, napi_value tensors, bool isArray, int64_t slot, SavedObjectsScope* saved) {
  napi_value v = tensors;
  if (isArray) {
    uint32_t length = 0;
    napi_get_array_length(env, tensors, &length);
    if (slot < 0 || slot >= static_cast<int64_t>(length)) {
      throw JsRangeError("indexing: tensor slot " + std::to_string(slot) + " is outside the tensors array (length " + std::to_string(length) + ")");
    }
    if (napi_get_element(env, tensors, static_cast<uint32_t>(slot), &v) != napi_ok) throw JsPending{};
  } else if (slot != 0) {
    throw JsRangeError("indexing: tensor slot " + std::to_string(slot) + " given a single tensor");
  }
  at::Tensor t = unwrapTensor(env, v, "indices: an index tensor");
  if (saved != nullptr) saved->add(t.unsafeGetTensorImpl(), v);
  return t;
}

// The descriptor's fields, copied: fetching a tensor entry can run JS (an accessor on the tensors
// array) that writes to, detaches or shrinks the descriptor's buffer under a pointer into it.
class Fields {
 public:
  // argv: [self, descriptor, count, ...].
  Fields(napi_env env, const napi_value* argv) {
    const void* data = nullptr;
    size_t length = 0;
    const SharedDescriptor* shared = sharedDescriptor;
    if (shared != nullptr && shared->array == toLocal(argv[1])) {
      data = shared->data;
      length = shared->length;
    } else {
      napi_typedarray_type type;
      void* typed = nullptr;
      bool isTypedArray = false;
      napi_is_typedarray(env, argv[1], &isTypedArray);
      if (!isTypedArray || napi_get_typedarray_info(env, argv[1], &type, &length, &typed, nullptr, nullptr) != napi_ok ||
          type != napi_float64_array) {
        throw JsTypeError("indexing: the descriptor must be a Float64Array");
      }
      data = typed;
    }
    v8::Local<v8::Value> countValue = toLocal(argv[2]);
    const double countField = countValue->IsNumber() ? countValue.As<v8::Number>()->Value() : -1;
    if (!(countField >= 0 && countField <= kMaxEntries) || std::floor(countField) != countField) {
      throw JsTypeError("indexing: the entry count must be an integer from 0 to 2^20");
    }
    count_ = static_cast<size_t>(countField);
    if (count_ * kStride > length) {
      throw JsRangeError("indexing: " + std::to_string(count_) + " entries do not fit a descriptor of length " + std::to_string(length));
    }
    d_ = inline_;
    if (count_ * kStride > kInline) {
      heap_.resize(count_ * kStride);
      d_ = heap_.data();
    }
    std::memcpy(d_, data, count_ * kStride * sizeof(double));
  }
  size_t count() const { return count_; }
  const double* entry(size_t i) const { return d_ + i * kStride; }

  // True when every entry is an integer or a slice (no tensors, None, '...' or booleans).
  bool basicOnly() const {
    for (size_t i = 0; i < count_; ++i) {
      const double kind = d_[i * kStride];
      if (kind != kInt && kind != kSlice) return false;
    }
    return true;
  }

 private:
  static constexpr size_t kInline = 16 * kStride;
  double inline_[kInline];
  std::vector<double> heap_;
  double* d_;
  size_t count_ = 0;
};

// Python refuses these while unpacking the slice, before any indexing.
int64_t sliceStep(const double* e) {
  const int64_t step = integerField(e[3]);
  if (step == 0) throw JsRangeError("slice step cannot be zero");
  if (step < 0) throw JsRangeError("step must be greater than zero");
  return step;
}

// The entries of a basicOnly() descriptor, checked in order as readIndices checks them.
void readBasic(const Fields& fields, BasicEntries& out) {
  const size_t count = fields.count();
  out.resize(count);
  for (size_t i = 0; i < count; ++i) {
    const double* e = fields.entry(i);
    BasicEntry& b = out[i];
    b.isInt = e[0] == kInt;
    if (b.isInt) {
      b.start = integerField(e[1]);
      continue;
    }
    b.step = sliceStep(e);
    b.start = std::isnan(e[1]) ? 0 : integerField(e[1]);
    b.stop = std::isnan(e[2]) ? at::indexing::INDEX_MAX : integerField(e[2]);
  }
}

// self[entries] for integers and slices: at::indexing::get_item's one-entry path, else
// applySlicing's loop (handleDimInMultiDimIndexing's integer and slice cases) with its alias of
// an unchanged self. For set_item (forGet false) a lone slice keeps the optimization setting, as
// there. Only for a non-nested self of at least entries.size() dimensions: the other cases
// (too many indices, 0-dim self) take get_item / set_item and their messages.
at::Tensor applyBasicEntry(const at::Tensor& from, const BasicEntry& b, int64_t dim, int64_t realDim,
                           bool disableSliceOptimization, const at::Device& device) {
  const std::optional<c10::SymIntArrayRef> sizes(from.sym_sizes());
  if (b.isInt) return at::indexing::impl::applySelect(from, dim, c10::SymInt(b.start), realDim, device, sizes);
  return at::indexing::impl::applySlice(from, dim, c10::SymInt(b.start), c10::SymInt(b.stop), c10::SymInt(b.step),
                                        disableSliceOptimization, device, sizes);
}

at::Tensor applyBasic(const at::Tensor& self, const BasicEntries& entries, bool disableSliceOptimization, bool forGet) {
  const at::Device device = self.device();
  const size_t count = entries.size();
  if (count == 1) return applyBasicEntry(self, entries[0], 0, 0, forGet || disableSliceOptimization, device);
  at::Tensor result = applyBasicEntry(self, entries[0], 0, 0, disableSliceOptimization, device);
  int64_t dim = entries[0].isInt ? 0 : 1;
  for (size_t i = 1; i < count; ++i) {
    const BasicEntry& b = entries[i];
    result = applyBasicEntry(result, b, dim, static_cast<int64_t>(i), disableSliceOptimization, device);
    if (!b.isInt) ++dim;
  }
  if (forGet && result.is_same(self)) result = at::alias(result);
  return result;
}

bool basicApplies(const at::Tensor& self, const Fields& fields) {
  return fields.count() > 0 && !self.is_nested() && static_cast<int64_t>(fields.count()) <= self.dim() && fields.basicOnly();
}

// argv: [self, descriptor, count, tensors, ...]: the TensorIndex list of the descriptor.
void readIndices(napi_env env, const napi_value* argv, const Fields& fields, Indices& out, SavedObjectsScope* saved) {
  const size_t count = fields.count();
  napi_valuetype tensorsType;
  napi_typeof(env, argv[3], &tensorsType);
  bool tensorsIsArray = false;
  if (tensorsType == napi_object) napi_is_array(env, argv[3], &tensorsIsArray);
  const bool haveTensors = tensorsType != napi_undefined && tensorsType != napi_null;

  out.reserve(count);
  for (size_t i = 0; i < count; ++i) {
    const double* e = fields.entry(i);
    const double kind = e[0];
    if (kind == kInt) {
      out.emplace_back(integerField(e[1]));
    } else if (kind == kSlice) {
      const int64_t step = sliceStep(e);
      out.emplace_back(at::indexing::Slice(slicePart(e[1]), slicePart(e[2]), c10::SymInt(step)));
    } else if (kind == kNone) {
      out.emplace_back(at::indexing::None);
    } else if (kind == kEllipsis) {
      out.emplace_back(at::indexing::Ellipsis);
    } else if (kind == kFalse || kind == kTrue) {
      out.emplace_back(kind == kTrue);
    } else if (kind == kTensor) {
      if (!haveTensors) throw JsTypeError("indexing: a tensor entry without tensors");
      out.emplace_back(indexTensor(env, argv[3], tensorsIsArray, integerField(e[1]), saved));
    } else {
      throw JsTypeError("indexing: unknown descriptor kind " + std::to_string(kind));
    }
  }
}

// Python's x[i] on a 0-dim x with i != 0 reads the size of a dimension the tensor does not have
// (at::indexing::impl::applySelect indexes an empty size list); the answer it gives is this one.
void checkZeroDimSelect(const at::Tensor& self, const Indices& indices) {
  if (indices.size() == 1 && indices[0].is_integer() && self.dim() == 0 && !self.is_nested()) {
    const int64_t i = indices[0].integer().expect_int();
    TORCH_CHECK_INDEX(i == 0, "index ", i, " is out of bounds for dimension 0 with size 0");
  }
}

// native.index(self, descriptor, count, tensors): self[...], a new Tensor (a view for basic
// indexing, as in Python; never self's own object: x[...] is an alias). tensors is undefined, the
// one index tensor, or an array of them.
napi_value indexGet(napi_env env, size_t argc, const napi_value* argv) {
  // A reference while no JS can run (the basic path), a copy before reading tensor entries: their
  // accessors may dispose self.
  const at::Tensor& selfRef = unwrapTensor(env, argv[0], "self");
  const Fields fields(env, argv);
  // Under torch.jit.trace every slice must reach the tracer, as in Python.
  const bool tracing = torch::jit::tracer::isTracing();
  if (basicApplies(selfRef, fields)) {
    BasicEntries entries;
    readBasic(fields, entries);
    c10::OptionalDeviceGuard deviceGuard;
    if (!selfRef.is_cpu()) deviceGuard.reset_device(selfRef.device());
    // Views only: nothing here allocates tensor memory, so no out-of-memory retry.
    return wrapTensor(env, applyBasic(selfRef, entries, tracing, /*forGet=*/true));
  }
  const at::Tensor self = selfRef;
  // Advanced indexing saves tensors for backward: a JS pack hook receives their own objects.
  std::optional<SavedObjectsScope> saved;
  if (jsPackHooksPushed.load(std::memory_order_relaxed) != 0) {
    saved.emplace();
    saved->add(self.unsafeGetTensorImpl(), argv[0]);
  }
  Indices indices;
  readIndices(env, argv, fields, indices, saved ? &*saved : nullptr);
  checkZeroDimSelect(self, indices);
  c10::OptionalDeviceGuard deviceGuard;
  if (!self.is_cpu()) deviceGuard.reset_device(self.device());
  at::Tensor result;
  try {
    result = at::indexing::get_item(self, indices, tracing);
  } catch (const c10::Error& e) {
    // Out of memory: tensors JS no longer reaches may hold memory until the next GC. Collect
    // and retry once, as the operator call does for operators that write none of their inputs.
    if (!isOutOfMemory(e)) throw;
    collectGarbageNow(env);
    result = at::indexing::get_item(self, indices, tracing);
  }
  if (saved) {
    if (napi_value made = saved->find(result.unsafeGetTensorImpl())) return made;
  }
  return wrapTensor(env, std::move(result));
}

// Python's setitem value (valueToTensor in python_variable_indexing.cpp): a number as a 0-dim
// tensor of self's dtype, on the CPU for a CUDA self (copy_ and fill_ take it from there). A bool
// is Python's int 1 or 0, an integral number Python's int (exact up to int64), a bigint an int64.
at::Tensor valueTensor(napi_env env, const at::Tensor& self, napi_value v, napi_valuetype t) {
  c10::Scalar scalar;
  if (t == napi_boolean) {
    bool b = false;
    napi_get_value_bool(env, v, &b);
    scalar = c10::Scalar(static_cast<int64_t>(b));
  } else if (t == napi_bigint) {
    int64_t r = 0;
    bool lossless = false;
    napi_get_value_bigint_int64(env, v, &r, &lossless);
    if (!lossless) throw JsRangeError("indexPut_(indices, value): value is outside the int64 range");
    scalar = c10::Scalar(r);
  } else {
    double d = 0;
    napi_get_value_double(env, v, &d);
    if (std::isfinite(d) && std::floor(d) == d && d >= -9223372036854775808.0 && d < 9223372036854775808.0) {
      scalar = c10::Scalar(static_cast<int64_t>(d));
    } else {
      scalar = c10::Scalar(d);
    }
  }
  at::AutoDispatchBelowADInplaceOrView guard;
  at::tracer::impl::NoTracerDispatchMode tracerGuard;
  const at::Device device = self.device();
  if (c10::isQIntType(self.scalar_type())) {
    return at::indexing::scalarToTensor(scalar, at::device(at::kCPU).dtype(at::kFloat), at::Device(at::kCPU));
  }
  if (device.is_cuda()) return at::indexing::scalarToTensor(scalar, self.options(), at::Device(at::kCPU));
  at::Tensor value = at::indexing::scalarToTensor(scalar, self.options(), device);
  return device.is_cpu() ? at::lift_fresh(value) : value;
}

// native.indexPut(self, descriptor, count, tensors, value): self[...] = value, in place.
napi_value indexPut(napi_env env, size_t argc, const napi_value* argv) {
  const at::Tensor& selfRef = unwrapTensor(env, argv[0], "self");
  const Fields fields(env, argv);
  const bool basic = basicApplies(selfRef, fields);
  // As in indexGet: a copy only where tensor entries are read (their accessors may dispose self).
  at::Tensor selfCopy;
  if (!basic) selfCopy = selfRef;
  const at::Tensor& self = basic ? selfRef : selfCopy;
  BasicEntries entries;
  Indices indices;
  std::optional<SavedObjectsScope> saved;
  if (basic) {
    readBasic(fields, entries);
  } else {
    if (jsPackHooksPushed.load(std::memory_order_relaxed) != 0) {
      saved.emplace();
      saved->add(self.unsafeGetTensorImpl(), argv[0]);
    }
    readIndices(env, argv, fields, indices, saved ? &*saved : nullptr);
    checkZeroDimSelect(self, indices);
  }
  c10::OptionalDeviceGuard deviceGuard;
  if (!self.is_cpu()) deviceGuard.reset_device(self.device());
  const bool tracing = torch::jit::tracer::isTracing();
  TensorBox* valueBox = nullptr;
  bool isArray = false;
  napi_valuetype t = argTypeOf(env, argv[4], &isArray, &valueBox);
  at::Tensor value;
  if (valueBox) {
    value = boxTensor(valueBox, "indexPut_(indices, value): value");
    if (saved) saved->add(value.unsafeGetTensorImpl(), argv[4]);
  } else if (t == napi_number || t == napi_boolean || t == napi_bigint) {
    value = valueTensor(env, self, argv[4], t);
  } else {
    throw JsTypeError("indexPut_(indices, value): value must be a Tensor, a number, a bigint or a boolean");
  }
  if (basic) {
    // set_item's path for integers and slices: the view, then copy_to.
    at::indexing::copy_to(applyBasic(self, entries, tracing, /*forGet=*/false), value);
  } else {
    at::indexing::set_item(self, indices, value, tracing);
  }
  return nullptr;
}

// native.indexDescriptor(entries): a new shared descriptor of that many entries, replacing this
// thread's previous one (lib/indexing.ts makes one, and a larger one when an index outgrows it).
napi_value indexDescriptor(napi_env env, size_t argc, const napi_value* argv) {
  v8::Local<v8::Value> arg = toLocal(argv[0]);
  const double entries = arg->IsNumber() ? arg.As<v8::Number>()->Value() : -1;
  if (!(entries >= 1 && entries <= kMaxEntries) || std::floor(entries) != entries) {
    throw JsRangeError("indexDescriptor(entries): entries must be an integer from 1 to 2^20");
  }
  const size_t length = static_cast<size_t>(entries) * kStride;
  void* memory = std::calloc(length, sizeof(double));
  if (memory == nullptr) throw std::bad_alloc();
  std::shared_ptr<v8::BackingStore> store = v8::ArrayBuffer::NewBackingStore(
      memory, length * sizeof(double), [](void* data, size_t, void*) { std::free(data); }, nullptr);
  v8::Isolate* isolate = v8::Isolate::GetCurrent();
  v8::Local<v8::ArrayBuffer> buffer = v8::ArrayBuffer::New(isolate, store);
  v8::Local<v8::Float64Array> array = v8::Float64Array::New(buffer, 0, length);
  if (sharedDescriptor == nullptr) sharedDescriptor = new SharedDescriptor();
  sharedDescriptor->array.Reset(isolate, array);
  sharedDescriptor->store = std::move(store);
  sharedDescriptor->data = static_cast<const double*>(memory);
  sharedDescriptor->length = length;
  return toNapi(array);
}

}  // namespace

void registerIndexing(Napi::Env env, Napi::Object exports) {
  // Plain V8 callbacks, as the operator call: N-API's callback wrapper cost ~5% of x[0].
  defineFunctions(env, exports, {
      TN_V8_FN("index", indexGet, 4),
      TN_V8_FN("indexPut", indexPut, 5),
      TN_V8_FN("indexDescriptor", indexDescriptor, 1),
  });
  // A worker's descriptor is released with its environment, not left to thread exit.
  napi_add_env_cleanup_hook(env, releaseSharedDescriptor, nullptr);
}

}  // namespace tn
