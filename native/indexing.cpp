// x[...] and x[...] = v in one native call each. lib/indexing.ts turns the JS index list into a
// descriptor; here it becomes at::indexing's TensorIndex list, applied by at::indexing::get_item /
// set_item: the C++ that Python's own x[...] (torch/csrc/autograd/python_variable_indexing.cpp)
// runs, so the views, copies, autograd nodes and messages are Python's.
//
// The descriptor is a Float64Array of kStride numbers per index entry, [kind, a, b, c]:
//   kNone, kEllipsis, kFalse, kTrue   (a, b, c unused)
//   kInt      a: the integer
//   kSlice    a:b:c, start and stop NaN when omitted (Python's None), c the step
//   kTensor   tensors[a], where tensors is the call's array of index tensors
// Numbers rather than a string or an object per entry: JS writes them into one reused buffer
// without allocating, and reading them here is a memory read each. Any JS can call the binding,
// so every field is checked again here; a bad descriptor is a TypeError/RangeError, never UB.
#include <cstring>
#include "common.h"
#include "gc_pressure.h"
#include "tensor_object.h"
#include "v8_entry.h"
#include <ATen/TensorIndexing.h>
#include <ATen/TracerMode.h>
#include <c10/core/DeviceGuard.h>
#include <c10/util/SmallVector.h>
#include <torch/csrc/jit/frontend/tracer.h>
#include <cmath>

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

// The tensor of entry `slot` of the tensors argument (one Tensor, or an array of them).
at::Tensor indexTensor(napi_env env, napi_value tensors, bool isArray, int64_t slot) {
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
  return unwrapTensor(env, v, "indices: an index tensor");
}

// argv: [self, descriptor, count, tensors, ...]: the TensorIndex list of the descriptor.
void readIndices(napi_env env, const napi_value* argv, Indices& out) {
  napi_typedarray_type type;
  size_t length = 0;
  void* data = nullptr;
  bool isTypedArray = false;
  napi_is_typedarray(env, argv[1], &isTypedArray);
  if (!isTypedArray || napi_get_typedarray_info(env, argv[1], &type, &length, &data, nullptr, nullptr) != napi_ok ||
      type != napi_float64_array) {
    throw JsTypeError("indexing: the descriptor must be a Float64Array");
  }
  double countField = 0;
  if (napi_get_value_double(env, argv[2], &countField) != napi_ok || !(countField >= 0 && countField <= kMaxEntries) ||
      std::floor(countField) != countField) {
    throw JsTypeError("indexing: the entry count must be an integer from 0 to 2^20");
  }
  const size_t count = static_cast<size_t>(countField);
  if (count * kStride > length) {
    throw JsRangeError("indexing: " + std::to_string(count) + " entries do not fit a descriptor of length " + std::to_string(length));
  }
  napi_valuetype tensorsType;
  napi_typeof(env, argv[3], &tensorsType);
  bool tensorsIsArray = false;
  if (tensorsType == napi_object) napi_is_array(env, argv[3], &tensorsIsArray);
  const bool haveTensors = tensorsType != napi_undefined && tensorsType != napi_null;

  // The fields are copied before the loop: fetching a tensor entry can run JS (an accessor on the
  // tensors array) that detaches or shrinks the descriptor's buffer under a pointer into it.
  constexpr size_t kInline = 16 * kStride;
  double inlineFields[kInline];
  std::vector<double> heapFields;
  double* d = inlineFields;
  if (count * kStride > kInline) {
    heapFields.resize(count * kStride);
    d = heapFields.data();
  }
  std::memcpy(d, data, count * kStride * sizeof(double));
  out.reserve(count);
  for (size_t i = 0; i < count; ++i) {
    const double* e = d + i * kStride;
    const double kind = e[0];
    if (kind == kInt) {
      out.emplace_back(integerField(e[1]));
    } else if (kind == kSlice) {
      const int64_t step = integerField(e[3]);
      // Python refuses these while unpacking the slice, before any indexing.
      if (step == 0) throw JsRangeError("slice step cannot be zero");
      if (step < 0) throw JsRangeError("step must be greater than zero");
      out.emplace_back(at::indexing::Slice(slicePart(e[1]), slicePart(e[2]), c10::SymInt(step)));
    } else if (kind == kNone) {
      out.emplace_back(at::indexing::None);
    } else if (kind == kEllipsis) {
      out.emplace_back(at::indexing::Ellipsis);
    } else if (kind == kFalse || kind == kTrue) {
      out.emplace_back(kind == kTrue);
    } else if (kind == kTensor) {
      if (!haveTensors) throw JsTypeError("indexing: a tensor entry without tensors");
      out.emplace_back(indexTensor(env, argv[3], tensorsIsArray, integerField(e[1])));
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
// indexing, as in Python; never self's own object: x[...] is an alias).
napi_value indexGet(napi_env env, size_t argc, const napi_value* argv) {
  const at::Tensor self = unwrapTensor(env, argv[0], "self");
  Indices indices;
  readIndices(env, argv, indices);
  checkZeroDimSelect(self, indices);
  c10::OptionalDeviceGuard deviceGuard;
  if (!self.is_cpu()) deviceGuard.reset_device(self.device());
  // Under torch.jit.trace every slice must reach the tracer, as in Python.
  const bool tracing = torch::jit::tracer::isTracing();
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
  const at::Tensor self = unwrapTensor(env, argv[0], "self");
  Indices indices;
  readIndices(env, argv, indices);
  checkZeroDimSelect(self, indices);
  c10::OptionalDeviceGuard deviceGuard;
  if (!self.is_cpu()) deviceGuard.reset_device(self.device());
  const bool tracing = torch::jit::tracer::isTracing();
  TensorBox* valueBox = nullptr;
  bool isArray = false;
  napi_valuetype t = argTypeOf(env, argv[4], &isArray, &valueBox);
  if (valueBox) {
    const at::Tensor value = boxTensor(valueBox, "indexPut_(indices, value): value");
    at::indexing::set_item(self, indices, value, tracing);
  } else if (t == napi_number || t == napi_boolean || t == napi_bigint) {
    at::indexing::set_item(self, indices, valueTensor(env, self, argv[4], t), tracing);
  } else {
    throw JsTypeError("indexPut_(indices, value): value must be a Tensor, a number, a bigint or a boolean");
  }
  return nullptr;
}

}  // namespace

void registerIndexing(Napi::Env env, Napi::Object exports) {
  // Plain V8 callbacks, as the operator call: N-API's callback wrapper cost ~5% of x[0].
  defineFunctions(env, exports, {
      TN_V8_FN("index", indexGet, 4),
      TN_V8_FN("indexPut", indexPut, 5),
  });
}

}  // namespace tn
