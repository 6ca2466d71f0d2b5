// Tensor elements to and from JS memory: item(), copies into fresh typed arrays (dataSync), views
// of a CPU tensor's memory (dataView), and tensors over or copied from typed arrays
// (fromTypedArray).
#include "enum_names.h"
#include "tensor_object.h"
#include "v8_entry.h"
#include <c10/util/Half.h>
#include <c10/util/BFloat16.h>
#include <ATen/EmptyTensor.h>
#include <cmath>
#include <cstring>

namespace tn {
namespace {

const at::Tensor& arg0(const Napi::CallbackInfo& info, const char* what = "self") {
  return unwrapTensor(info.Env(), info[0], what);
}

constexpr double kMaxSafe = 9007199254740991.0;

Napi::Value item(const Napi::CallbackInfo& info) {
  const at::Tensor& t = arg0(info);
  c10::Scalar s = t.item();
  Napi::Env env = info.Env();
  if (s.isBoolean()) return Napi::Boolean::New(env, s.toBool());
  if (s.isIntegral(false)) {
    int64_t v = s.toLong();
    if (static_cast<double>(v) > kMaxSafe || static_cast<double>(v) < -kMaxSafe) {
      if (info.Length() > 1 && info[1].ToBoolean()) return Napi::BigInt::New(env, v);
      throw JsRangeError("item(): the int64 value " + std::to_string(v) +
                         " is beyond Number.MAX_SAFE_INTEGER; use itemBigInt() to read it exactly");
    }
    return Napi::Number::New(env, static_cast<double>(v));
  }
  if (s.isComplex()) throw JsTypeError("item(): complex tensors are not supported");
  return Napi::Number::New(env, s.toDouble());
}

Napi::Value itemBigInt(const Napi::CallbackInfo& info) {
  c10::Scalar s = arg0(info).item();
  TORCH_CHECK_TYPE(s.isIntegral(true), "itemBigInt() needs an integer or bool tensor");
  return Napi::BigInt::New(info.Env(), s.toLong());
}

// The JS typed array each dtype reads as: its element size and whether it is converted.
struct JsArrayKind { napi_typedarray_type type; at::ScalarType storedAs; };

JsArrayKind jsArrayKindOf(at::ScalarType t) {
  auto array = typedArrayOf(t);  // native/dtypes.def
  if (!array) throw JsTypeError(std::string("dtype ") + scalarTypeName(t) + " has no JS typed array");
  return {array->type, array->layout};
}

// A N-API call that fails with a JS exception pending (an ArrayBuffer too large to allocate, a
// getter that threw) stops the native call with that exception.
void checkJs(napi_env env, napi_status status) {
  if (status == napi_ok) return;
  bool pending = false;
  napi_is_exception_pending(env, &pending);
  if (pending) throw JsPending{};
  check(env, status);
}

// The bytes a tensor's sizes, strides and offset reach must lie inside its storage before raw
// memory is read or exposed: LibTorch itself can leave a tensor claiming more (a resize_ whose
// allocation failed keeps its new sizes, as in Python).
void checkStorageCovers(const at::Tensor& t, const char* what) {
  if (t.numel() == 0) return;
  TORCH_CHECK(t.has_storage() && t.storage().data() != nullptr,
              what, "() shouldn't be called on a tensor with unallocated storage");
  size_t needed = at::detail::computeStorageNbytes(t.sizes(), t.strides(), t.element_size(),
                                                   static_cast<size_t>(t.storage_offset()));
  TORCH_CHECK(needed <= t.storage().nbytes(), what, "(): the tensor's sizes need ", needed,
              " bytes of storage but its storage holds ", t.storage().nbytes());
}

// dataSync(h, forList): a copy of the elements in a fresh typed array (float16/bfloat16 read as
// float32; negative and conjugate bits resolved, as Python's tolist() does). forList: tolist()'s
// rules (it refuses a tensor without memory, such as a ZeroTensor, with Python's message).
Napi::Value dataSync(const Napi::CallbackInfo& info) {
  const at::Tensor& src = arg0(info);
  bool forList = info.Length() > 1 && info[1].IsBoolean() && info[1].As<Napi::Boolean>().Value();
  const char* what = forList ? "tolist" : "dataSync";
  JsArrayKind kind = jsArrayKindOf(src.scalar_type());
  at::Tensor t;
  if (src._is_zerotensor()) {
    // Zeros that own no memory: what they read as, as Python prints them.
    TORCH_CHECK(!forList || src.numel() == 0, "tolist() shouldn't be called on a tensor with unallocated storage");
    t = at::zeros(src.sizes(), at::TensorOptions().dtype(kind.storedAs));
  } else {
    if (src.device().is_cpu()) checkStorageCovers(src, what);
    t = src.detach().resolve_conj().resolve_neg().to(at::kCPU, kind.storedAs).contiguous();
  }
  checkStorageCovers(t, what);
  size_t bytes = t.numel() * t.element_size();
  Napi::Env env = info.Env();
  napi_value buffer, result;
  void* data;
  checkJs(env, napi_create_arraybuffer(env, bytes, &data, &buffer));
  if (bytes) std::memcpy(data, t.data_ptr(), bytes);
  checkJs(env, napi_create_typedarray(env, kind.type, t.numel(), buffer, 0, &result));
  return Napi::Value(env, result);
}

// dataView(h): the elements of a contiguous CPU tensor in place. The view holds a reference to
// the storage (not the tensor: set_() may give the tensor another one), so it stays valid after
// the tensor is disposed or re-pointed; writes show in the tensor. Like Python's numpy(), it makes
// the storage non-resizable: a resize_() that would move the memory under the view is refused.
Napi::Value dataView(const Napi::CallbackInfo& info) {
  const at::Tensor& t = arg0(info);
  TORCH_CHECK(t.device().is_cpu(), "dataView(): the tensor is on ", t.device(), "; views need a CPU tensor (use dataSync() to copy)");
  TORCH_CHECK(!t._is_zerotensor(), "dataView(): a ZeroTensor has no memory to view (use dataSync() for its zeros)");
  TORCH_CHECK(!t.is_neg(), "Can't call dataView() on Tensor that has negative bit set. Use tensor.resolveNeg().dataView() instead.");
  TORCH_CHECK(!t.is_conj(), "Can't call dataView() on Tensor that has conjugate bit set. Use tensor.resolveConj().dataView() instead.");
  TORCH_CHECK(t.layout() == at::kStrided, "dataView(): the tensor's layout is ", t.layout(), "; views need a strided tensor");
  TORCH_CHECK(t.is_contiguous(), "dataView(): the tensor is not contiguous; call contiguous() first");
  JsArrayKind kind = jsArrayKindOf(t.scalar_type());
  TORCH_CHECK(kind.storedAs == t.scalar_type(), "dataView(): dtype ", scalarTypeName(t.scalar_type()), " has no JS typed array of the same layout (use dataSync())");
  checkStorageCovers(t, "dataView");
  Napi::Env env = info.Env();
  size_t bytes = t.numel() * t.element_size();
  napi_value buffer, result;
  if (bytes == 0) {
    void* unused;
    checkJs(env, napi_create_arraybuffer(env, 0, &unused, &buffer));
  } else {
    t.storage().unsafeGetStorageImpl()->set_resizable(false);
    auto* keep = new c10::Storage(t.storage());
    napi_status status = napi_create_external_arraybuffer(env, t.data_ptr(), bytes,
        [](node_api_basic_env, void*, void* hint) { delete static_cast<c10::Storage*>(hint); },
        keep, &buffer);
    if (status != napi_ok) delete keep;
    checkJs(env, status);
  }
  checkJs(env, napi_create_typedarray(env, kind.type, t.numel(), buffer, 0, &result));
  return Napi::Value(env, result);
}

size_t typedArrayElementSize(napi_typedarray_type type) {
  switch (type) {
    case napi_int8_array: case napi_uint8_array: case napi_uint8_clamped_array: return 1;
    case napi_int16_array: case napi_uint16_array: return 2;
    case napi_int32_array: case napi_uint32_array: case napi_float32_array: return 4;
    case napi_float64_array: case napi_bigint64_array: case napi_biguint64_array: return 8;
    default: return 0;
  }
}

// Sizes from a JS array, each element read once: non-negative integers whose product fits.
std::vector<int64_t> sizesOf(napi_env env, napi_value value, const char* what) {
  bool isArray = false;
  napi_is_array(env, value, &isArray);
  if (!isArray) throw JsTypeError(std::string(what) + ": shape must be an array of non-negative integers");
  uint32_t n = 0;
  checkJs(env, napi_get_array_length(env, value, &n));
  if (n > 64) throw JsRangeError(std::string(what) + ": shape has " + std::to_string(n) + " dimensions; at most 64 are supported");
  std::vector<int64_t> sizes;
  sizes.reserve(n);
  int64_t numel = 1;
  for (uint32_t i = 0; i < n; ++i) {
    napi_value e;
    checkJs(env, napi_get_element(env, value, i, &e));
    double d;
    if (napi_get_value_double(env, e, &d) != napi_ok || !(d >= 0) || d > 9007199254740991.0 || std::floor(d) != d) {
      throw JsTypeError(std::string(what) + ": shape must be an array of non-negative integers (element " + std::to_string(i) + " is not)");
    }
    auto size = static_cast<int64_t>(d);
    if (__builtin_mul_overflow(numel, size, &numel)) throw JsRangeError(std::string(what) + ": the shape's element count overflows int64");
    sizes.push_back(size);
  }
  return sizes;
}

// fromTypedArray(array, dtype, shape | null, share): a tensor over the typed array's elements
// (shape null: one dimension, the array's own length). With share the tensor uses the JS memory
// in place and holds it; else it copies. Lengths come from V8, never from the JS object: a
// `length` or `byteLength` property can lie.
Napi::Value fromTypedArray(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  const char* what = "fromTypedArray()";
  bool isTypedArray = false;
  napi_is_typedarray(env, info[0], &isTypedArray);
  if (!isTypedArray) throw JsTypeError("fromTypedArray(array): array must be a typed array");
  napi_typedarray_type type;
  size_t length, offset;
  void* data;
  napi_value arrayBuffer;
  checkJs(env, napi_get_typedarray_info(env, info[0], &type, &length, &data, &arrayBuffer, &offset));
  bool detached = false;
  napi_is_detached_arraybuffer(env, arrayBuffer, &detached);
  if (detached) throw JsTypeError("fromTypedArray(array): the array's ArrayBuffer is detached (transferred or structuredClone'd away)");
  size_t elementSize = typedArrayElementSize(type);
  if (elementSize == 0) throw JsTypeError("fromTypedArray(array): this kind of typed array is not supported");
  if (!info[1].IsString()) throw JsTypeError("fromTypedArray(): dtype must be a string");
  auto dtype = scalarTypeFromName(info[1].As<Napi::String>());
  if (!dtype) throw JsTypeError("fromTypedArray(): dtype is not a torch-node dtype");
  size_t itemSize = c10::elementSize(*dtype);
  size_t byteLength = length * elementSize;
  std::vector<int64_t> sizes;
  if (info[2].IsNull() || info[2].IsUndefined()) {
    if (byteLength % itemSize != 0) throw JsRangeError("fromTypedArray(): the array's byte length is not a multiple of the dtype's element size");
    sizes.push_back(static_cast<int64_t>(byteLength / itemSize));
  } else {
    sizes = sizesOf(env, info[2], what);
  }
  int64_t numel = c10::multiply_integers(sizes);
  int64_t needed;
  if (__builtin_mul_overflow(numel, static_cast<int64_t>(itemSize), &needed) || static_cast<size_t>(needed) > byteLength) {
    throw JsRangeError("fromTypedArray(): shape needs " + std::to_string(numel) + " elements of " + std::to_string(itemSize) +
                       " bytes but the array holds " + std::to_string(byteLength) + " bytes");
  }
  bool share = info.Length() > 3 && info[3].ToBoolean();
  auto options = at::TensorOptions().dtype(*dtype);
  if (!share || needed == 0) {
    at::Tensor t = at::empty(sizes, options);
    if (needed) std::memcpy(t.data_ptr(), data, static_cast<size_t>(needed));
    return Napi::Value(env, wrapTensor(env, t));
  }
  if (reinterpret_cast<uintptr_t>(data) % itemSize != 0) {
    throw JsRangeError("fromTypedArray(): the array's memory is not aligned to the dtype's " + std::to_string(itemSize) +
                       "-byte elements; pass share: false to copy");
  }
  // The tensor holds the BackingStore itself: detaching or transferring the ArrayBuffer leaves
  // the memory alive for the tensor. A resizable buffer could shrink under it: refused.
  v8::Local<v8::Value> bufferValue = toLocal(arrayBuffer);
  std::shared_ptr<v8::BackingStore> store;
  if (bufferValue->IsArrayBuffer()) store = bufferValue.As<v8::ArrayBuffer>()->GetBackingStore();
  else if (bufferValue->IsSharedArrayBuffer()) store = bufferValue.As<v8::SharedArrayBuffer>()->GetBackingStore();
  if (!store) throw JsTypeError("fromTypedArray(array): the array's buffer is neither an ArrayBuffer nor a SharedArrayBuffer");
  if (store->IsResizableByUserJavaScript() && !store->IsShared()) {
    throw JsTypeError("fromTypedArray(array): the array's ArrayBuffer is resizable and could shrink under the tensor; pass share: false to copy");
  }
  at::Tensor t = at::from_blob(data, sizes, [store](void*) {}, options);
  return Napi::Value(env, wrapTensor(env, t));
}

}  // namespace

void registerTensorData(Napi::Env env, Napi::Object exports) {
  defineFunctions(env, exports, {
      TN_FN("item", item),
      TN_FN("itemBigInt", itemBigInt),
      TN_FN("dataSync", dataSync),
      TN_FN("dataView", dataView),
      TN_FN("fromTypedArray", fromTypedArray),
  });
}

}  // namespace tn
