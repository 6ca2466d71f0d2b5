// A tensor's raw bytes for serializers (lib/safetensors.ts): where its memory lies (to find
// tensors that share memory, as Python's safetensors refuses them), a bounded copy of its bytes
// into a JS buffer, and a write of them to a file descriptor straight from the tensor's memory.
// Copying or writing, rather than lending a view, leaves the tensor's storage untouched
// (dataView() must make it non-resizable for the view's lifetime).
#include "enum_names.h"
#include "sys_error.h"
#include "tensor_object.h"
#include <ATen/EmptyTensor.h>
#include <cerrno>
#include <cmath>
#include <cstring>
#include <unistd.h>

namespace tn {
namespace {

constexpr double kMaxSafeInteger = 9007199254740991.0;

int64_t safeIndexArg(napi_env env, napi_value value, const char* what) {
  napi_valuetype type;
  double d = -1;
  if (napi_typeof(env, value, &type) != napi_ok || type != napi_number ||
      napi_get_value_double(env, value, &d) != napi_ok || !(d >= 0) || d > kMaxSafeInteger || std::floor(d) != d) {
    throw JsTypeError(std::string(what) + " must be a non-negative safe integer");
  }
  return static_cast<int64_t>(d);
}

// tensorMemorySpan(h) -> [layout, storagePtr, storageBytes, start, end]: addresses as numbers
// (user-space addresses fit in 53 bits), end one past the last byte the view reaches; zeros for a
// tensor without memory (not strided, meta, a ZeroTensor, unallocated).
Napi::Value tensorMemorySpan(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  const at::Tensor& t = unwrapTensor(env, info[0], "self");
  Napi::Array out = Napi::Array::New(env, 5);
  out.Set(0u, Napi::String::New(env, layoutName(t.layout())));
  double storage = 0, storageBytes = 0, start = 0, end = 0;
  if (t.layout() == at::kStrided && !t.is_meta() && !t._is_zerotensor() && t.has_storage() &&
      t.storage().data() != nullptr) {
    storage = static_cast<double>(reinterpret_cast<uintptr_t>(t.storage().data()));
    storageBytes = static_cast<double>(t.storage().nbytes());
    auto first = reinterpret_cast<uintptr_t>(t.storage().data()) + static_cast<uintptr_t>(t.storage_offset()) * t.element_size();
    start = static_cast<double>(first);
    end = start;
    if (t.numel() > 0) {
      size_t reach = at::detail::computeStorageNbytes(t.sizes(), t.strides(), t.element_size(), 0);
      end = static_cast<double>(first + reach);
    }
  }
  out.Set(1u, Napi::Number::New(env, storage));
  out.Set(2u, Napi::Number::New(env, storageBytes));
  out.Set(3u, Napi::Number::New(env, start));
  out.Set(4u, Napi::Number::New(env, end));
  return out;
}

// The checks both copies make: a contiguous CPU tensor whose storage holds its elements.
const at::Tensor& contiguousCpu(napi_env env, napi_value value, const char* what) {
  const at::Tensor& t = unwrapTensor(env, value, "self");
  TORCH_CHECK(t.device().is_cpu(), what, "(): the tensor is on ", t.device(), "; move it to the CPU first");
  TORCH_CHECK(t.layout() == at::kStrided, what, "(): the tensor's layout is ", t.layout(), "; a strided tensor is needed");
  TORCH_CHECK(t.is_contiguous(), what, "(): the tensor is not contiguous");
  TORCH_CHECK(!t.is_conj() && !t.is_neg(), what, "(): resolve the tensor's conjugate/negative bit first");
  if (t.numel() == 0) return t;
  TORCH_CHECK(!t._is_zerotensor() && t.has_storage() && t.storage().data() != nullptr, what, "(): the tensor has no memory");
  size_t needed = at::detail::computeStorageNbytes(t.sizes(), t.strides(), t.element_size(), static_cast<size_t>(t.storage_offset()));
  TORCH_CHECK(needed <= t.storage().nbytes(), what, "(): the tensor's sizes need ", needed,
              " bytes of storage but its storage holds ", t.storage().nbytes());
  return t;
}

// copyTensorBytes(h, dest, destOffset, srcOffset, byteLength): copies bytes
// [srcOffset, srcOffset + byteLength) of a contiguous CPU tensor's elements into the Uint8Array
// dest at destOffset. Every range is checked here: JS can lie about lengths, V8 cannot.
Napi::Value copyTensorBytes(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  const at::Tensor& t = contiguousCpu(env, info[0], "copyTensorBytes");
  bool isTypedArray = false;
  napi_is_typedarray(env, info[1], &isTypedArray);
  if (!isTypedArray) throw JsTypeError("copyTensorBytes(): dest must be a Uint8Array");
  napi_typedarray_type type;
  size_t length, offset;
  void* data;
  napi_value arrayBuffer;
  check(env, napi_get_typedarray_info(env, info[1], &type, &length, &data, &arrayBuffer, &offset));
  if (type != napi_uint8_array) throw JsTypeError("copyTensorBytes(): dest must be a Uint8Array");
  bool detached = false;
  napi_is_detached_arraybuffer(env, arrayBuffer, &detached);
  if (detached) throw JsTypeError("copyTensorBytes(): dest's ArrayBuffer is detached");
  int64_t destOffset = safeIndexArg(env, info[2], "copyTensorBytes(): destOffset");
  int64_t srcOffset = safeIndexArg(env, info[3], "copyTensorBytes(): srcOffset");
  int64_t byteLength = safeIndexArg(env, info[4], "copyTensorBytes(): byteLength");
  auto tensorBytes = static_cast<int64_t>(t.numel()) * static_cast<int64_t>(t.element_size());
  if (srcOffset + byteLength > tensorBytes) {
    throw JsRangeError("copyTensorBytes(): bytes [" + std::to_string(srcOffset) + ", " + std::to_string(srcOffset + byteLength) +
                       ") are outside the tensor's " + std::to_string(tensorBytes) + " bytes");
  }
  if (destOffset + byteLength > static_cast<int64_t>(length)) {
    throw JsRangeError("copyTensorBytes(): " + std::to_string(byteLength) + " bytes at destOffset " + std::to_string(destOffset) +
                       " do not fit the " + std::to_string(length) + "-byte dest");
  }
  if (byteLength == 0) return env.Undefined();
  std::memcpy(static_cast<char*>(data) + destOffset, static_cast<const char*>(t.const_data_ptr()) + srcOffset,
              static_cast<size_t>(byteLength));
  return env.Undefined();
}

// writeTensorBytes(h, fd): writes all of a contiguous CPU tensor's bytes to the file descriptor
// at its current position (blocking, as fs.writeSync), retrying short writes and EINTR.
Napi::Value writeTensorBytes(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  const at::Tensor& t = contiguousCpu(env, info[0], "writeTensorBytes");
  int64_t fd = safeIndexArg(env, info[1], "writeTensorBytes(): fd");
  if (fd > INT32_MAX) throw JsRangeError("writeTensorBytes(): fd is not a file descriptor");
  size_t bytes = static_cast<size_t>(t.numel()) * t.element_size();
  const char* data = bytes ? static_cast<const char*>(t.const_data_ptr()) : nullptr;
  for (size_t done = 0; done < bytes;) {
    ssize_t n = ::write(static_cast<int>(fd), data + done, std::min<size_t>(bytes - done, size_t(1) << 30));
    if (n < 0) {
      if (errno == EINTR) continue;
      throwSysError(env, errno, "writeTensorBytes()", "write");
    }
    done += static_cast<size_t>(n);
  }
  return env.Undefined();
}

}  // namespace

void registerTensorBytes(Napi::Env env, Napi::Object exports) {
  defineFunctions(env, exports, {
      TN_FN("tensorMemorySpan", tensorMemorySpan),
      TN_FN("copyTensorBytes", copyTensorBytes),
      TN_FN("writeTensorBytes", writeTensorBytes),
  });
}

}  // namespace tn
