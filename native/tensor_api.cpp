// Tensor properties and data transfer between JS memory and tensors.
#include "dtypes.h"
#include "tensor_box.h"
#include "deferred_release.h"
#include <torch/csrc/autograd/variable.h>
#include <torch/csrc/autograd/function.h>
#include <c10/util/Half.h>
#include <c10/util/BFloat16.h>

namespace tn {
namespace {

const at::Tensor& arg0(const Napi::CallbackInfo& info, const char* what = "self") {
  return unwrapTensor(info.Env(), info[0], what);
}

// Hot: read on every x.shape. Plain N-API to skip node-addon-api's wrappers.
napi_value shape(napi_env env, napi_callback_info info) {
  return guarded(env, [&]() -> napi_value {
    size_t argc = 1;
    napi_value argv[1];
    napi_get_cb_info(env, info, &argc, argv, nullptr, nullptr);
    const at::Tensor& t = unwrapTensor(env, argv[0], "self");
    auto sizes = t.sizes();
    napi_value out;
    napi_create_array_with_length(env, sizes.size(), &out);
    for (size_t i = 0; i < sizes.size(); ++i) {
      napi_value v;
      napi_create_double(env, static_cast<double>(sizes[i]), &v);
      napi_set_element(env, out, i, v);
    }
    return out;
  });
}

napi_value dtype(napi_env env, napi_callback_info info) {
  return guarded(env, [&]() -> napi_value {
    size_t argc = 1;
    napi_value argv[1];
    napi_get_cb_info(env, info, &argc, argv, nullptr, nullptr);
    const at::Tensor& t = unwrapTensor(env, argv[0], "self");
    napi_value out;
    napi_create_string_utf8(env, scalarTypeName(t.scalar_type()), NAPI_AUTO_LENGTH, &out);
    return out;
  });
}

Napi::Value device(const Napi::CallbackInfo& info) {
  return guardedValue(info, [&]() -> Napi::Value {
    return Napi::String::New(info.Env(), arg0(info).device().str());
  });
}

Napi::Value strides(const Napi::CallbackInfo& info) {
  return guardedValue(info, [&]() -> Napi::Value {
    auto s = arg0(info).strides();
    Napi::Array out = Napi::Array::New(info.Env(), s.size());
    for (size_t i = 0; i < s.size(); ++i) out.Set(static_cast<uint32_t>(i), static_cast<double>(s[i]));
    return out;
  });
}

Napi::Value requiresGrad(const Napi::CallbackInfo& info) {
  return guardedValue(info, [&]() -> Napi::Value {
    return Napi::Boolean::New(info.Env(), arg0(info).requires_grad());
  });
}

Napi::Value setRequiresGrad(const Napi::CallbackInfo& info) {
  return guardedValue(info, [&]() -> Napi::Value {
    at::Tensor t = arg0(info);
    bool flag = info[1].As<Napi::Boolean>();
    if (!t.is_leaf() && !flag) {
      throw std::runtime_error("you can only change requires_grad flags of leaf variables. If you want to use a computed variable in a subgraph that doesn't require differentiation use var_no_grad = var.detach().");
    }
    t.set_requires_grad(flag);
    return info.Env().Undefined();
  });
}

Napi::Value grad(const Napi::CallbackInfo& info) {
  return guardedValue(info, [&]() -> Napi::Value {
    return Napi::Value(info.Env(), wrapTensor(info.Env(), arg0(info).grad()));
  });
}

Napi::Value setGrad(const Napi::CallbackInfo& info) {
  return guardedValue(info, [&]() -> Napi::Value {
    at::Tensor t = arg0(info);
    if (info[1].IsNull() || info[1].IsUndefined()) {
      t.mutable_grad().reset();
    } else {
      const at::Tensor& g = unwrapTensor(info.Env(), info[1], "grad");
      TORCH_CHECK(g.sizes().equals(t.sizes()), "assigned grad has data of a different size");
      TORCH_CHECK(g.scalar_type() == t.scalar_type(), "assigned grad has data of a different type");
      TORCH_CHECK(g.device() == t.device(), "assigned grad has data located on a different device");
      t.mutable_grad() = g;
    }
    return info.Env().Undefined();
  });
}

Napi::Value gradFnName(const Napi::CallbackInfo& info) {
  return guardedValue(info, [&]() -> Napi::Value {
    const auto& fn = arg0(info).grad_fn();
    if (!fn) return info.Env().Null();
    return Napi::String::New(info.Env(), fn->name());
  });
}

Napi::Value isLeaf(const Napi::CallbackInfo& info) {
  return guardedValue(info, [&]() -> Napi::Value {
    return Napi::Boolean::New(info.Env(), arg0(info).is_leaf());
  });
}

Napi::Value retainGrad(const Napi::CallbackInfo& info) {
  return guardedValue(info, [&]() -> Napi::Value {
    arg0(info).retain_grad();
    return info.Env().Undefined();
  });
}

Napi::Value retainsGrad(const Napi::CallbackInfo& info) {
  return guardedValue(info, [&]() -> Napi::Value {
    return Napi::Boolean::New(info.Env(), arg0(info).retains_grad());
  });
}

Napi::Value version(const Napi::CallbackInfo& info) {
  return guardedValue(info, [&]() -> Napi::Value {
    return Napi::Number::New(info.Env(), static_cast<double>(arg0(info)._version()));
  });
}

// param.data = other: swaps the tensor's data, keeping its autograd identity.
Napi::Value setData(const Napi::CallbackInfo& info) {
  return guardedValue(info, [&]() -> Napi::Value {
    at::Tensor t = arg0(info);
    t.set_data(unwrapTensor(info.Env(), info[1], "data"));
    return info.Env().Undefined();
  });
}

constexpr double kMaxSafe = 9007199254740991.0;

Napi::Value item(const Napi::CallbackInfo& info) {
  return guardedValue(info, [&]() -> Napi::Value {
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
  });
}

Napi::Value itemBigInt(const Napi::CallbackInfo& info) {
  return guardedValue(info, [&]() -> Napi::Value {
    c10::Scalar s = arg0(info).item();
    TORCH_CHECK_TYPE(s.isIntegral(true), "itemBigInt() needs an integer or bool tensor");
    return Napi::BigInt::New(info.Env(), s.toLong());
  });
}

// The JS typed array each dtype reads as: its element size and whether it is converted.
struct JsArrayKind { napi_typedarray_type type; at::ScalarType storedAs; };

JsArrayKind jsArrayKindOf(at::ScalarType t) {
  switch (t) {
    case at::kFloat: return {napi_float32_array, at::kFloat};
    case at::kDouble: return {napi_float64_array, at::kDouble};
    case at::kHalf: case at::kBFloat16: return {napi_float32_array, at::kFloat};
    case at::kChar: return {napi_int8_array, at::kChar};
    case at::kShort: return {napi_int16_array, at::kShort};
    case at::kInt: return {napi_int32_array, at::kInt};
    case at::kLong: return {napi_bigint64_array, at::kLong};
    case at::kByte: return {napi_uint8_array, at::kByte};
    case at::kBool: return {napi_uint8_array, at::kBool};
    case at::kUInt16: return {napi_uint16_array, at::kUInt16};
    case at::kUInt32: return {napi_uint32_array, at::kUInt32};
    case at::kUInt64: return {napi_biguint64_array, at::kUInt64};
    default:
      throw JsTypeError(std::string("dtype ") + scalarTypeName(t) + " has no JS typed array");
  }
}

// dataSync(h): a copy of the elements in a fresh typed array (float16/bfloat16 read as float32).
Napi::Value dataSync(const Napi::CallbackInfo& info) {
  return guardedValue(info, [&]() -> Napi::Value {
    const at::Tensor& src = arg0(info);
    JsArrayKind kind = jsArrayKindOf(src.scalar_type());
    at::Tensor t = src.detach().to(at::kCPU, kind.storedAs).contiguous();
    size_t bytes = t.numel() * t.element_size();
    Napi::Env env = info.Env();
    napi_value buffer, result;
    void* data;
    check(env, napi_create_arraybuffer(env, bytes, &data, &buffer));
    if (bytes) std::memcpy(data, t.data_ptr(), bytes);
    check(env, napi_create_typedarray(env, kind.type, t.numel(), buffer, 0, &result));
    return Napi::Value(env, result);
  });
}

// dataView(h): the elements of a contiguous CPU tensor in place. The view holds a reference to
// the storage, so it stays valid after the tensor is disposed; writes show in the tensor.
Napi::Value dataView(const Napi::CallbackInfo& info) {
  return guardedValue(info, [&]() -> Napi::Value {
    const at::Tensor& t = arg0(info);
    TORCH_CHECK(t.device().is_cpu(), "dataView(): the tensor is on ", t.device(), "; views need a CPU tensor (use dataSync() to copy)");
    TORCH_CHECK(t.is_contiguous(), "dataView(): the tensor is not contiguous; call contiguous() first");
    JsArrayKind kind = jsArrayKindOf(t.scalar_type());
    TORCH_CHECK(kind.storedAs == t.scalar_type(), "dataView(): dtype ", scalarTypeName(t.scalar_type()), " has no JS typed array of the same layout (use dataSync())");
    Napi::Env env = info.Env();
    auto* keep = new at::Tensor(t);
    size_t bytes = t.numel() * t.element_size();
    napi_value buffer, result;
    if (bytes == 0) {
      delete keep;
      void* unused;
      check(env, napi_create_arraybuffer(env, 0, &unused, &buffer));
    } else {
      check(env, napi_create_external_arraybuffer(env, t.data_ptr(), bytes,
          [](node_api_basic_env, void*, void* hint) { delete static_cast<at::Tensor*>(hint); },
          keep, &buffer));
    }
    check(env, napi_create_typedarray(env, kind.type, t.numel(), buffer, 0, &result));
    return Napi::Value(env, result);
  });
}

// fromTypedArray(array, dtype, shape, share): a tensor over the typed array's elements. With
// share the tensor uses the JS memory in place and keeps the ArrayBuffer alive; else it copies.
Napi::Value fromTypedArray(const Napi::CallbackInfo& info) {
  return guardedValue(info, [&]() -> Napi::Value {
    Napi::Env env = info.Env();
    napi_typedarray_type type;
    size_t length, offset;
    void* data;
    napi_value arrayBuffer;
    check(env, napi_get_typedarray_info(env, info[0], &type, &length, &data, &arrayBuffer, &offset));
    auto dtype = scalarTypeFromName(info[1].As<Napi::String>());
    if (!dtype) throw JsTypeError("dtype is not a torch-node dtype");
    Napi::Array shapeArray = info[2].As<Napi::Array>();
    std::vector<int64_t> sizes;
    for (uint32_t i = 0; i < shapeArray.Length(); ++i) sizes.push_back(shapeArray.Get(i).As<Napi::Number>().Int64Value());
    bool share = info.Length() > 3 && info[3].ToBoolean();
    auto options = at::TensorOptions().dtype(*dtype);
    if (!share) {
      at::Tensor t = at::empty(sizes, options);
      size_t bytes = t.numel() * t.element_size();
      if (bytes) std::memcpy(t.data_ptr(), data, bytes);
      return Napi::Value(env, wrapTensor(env, t));
    }
    napi_ref ref;
    check(env, napi_create_reference(env, arrayBuffer, 1, &ref));
    at::Tensor t = at::from_blob(data, sizes, [ref, env](void*) { deferRelease(env, ref); }, options);
    return Napi::Value(env, wrapTensor(env, t));
  });
}

}  // namespace

void registerTensorApi(Napi::Env env, Napi::Object exports) {
  napi_value fn;
  napi_create_function(env, "shape", NAPI_AUTO_LENGTH, shape, nullptr, &fn);
  exports.Set("shape", Napi::Value(env, fn));
  napi_create_function(env, "dtype", NAPI_AUTO_LENGTH, dtype, nullptr, &fn);
  exports.Set("dtype", Napi::Value(env, fn));
  exports.Set("device", Napi::Function::New(env, device, "device"));
  exports.Set("strides", Napi::Function::New(env, strides, "strides"));
  exports.Set("requiresGrad", Napi::Function::New(env, requiresGrad, "requiresGrad"));
  exports.Set("setRequiresGrad", Napi::Function::New(env, setRequiresGrad, "setRequiresGrad"));
  exports.Set("grad", Napi::Function::New(env, grad, "grad"));
  exports.Set("setGrad", Napi::Function::New(env, setGrad, "setGrad"));
  exports.Set("gradFnName", Napi::Function::New(env, gradFnName, "gradFnName"));
  exports.Set("isLeaf", Napi::Function::New(env, isLeaf, "isLeaf"));
  exports.Set("retainGrad", Napi::Function::New(env, retainGrad, "retainGrad"));
  exports.Set("retainsGrad", Napi::Function::New(env, retainsGrad, "retainsGrad"));
  exports.Set("version", Napi::Function::New(env, version, "version"));
  exports.Set("setData", Napi::Function::New(env, setData, "setData"));
  exports.Set("item", Napi::Function::New(env, item, "item"));
  exports.Set("itemBigInt", Napi::Function::New(env, itemBigInt, "itemBigInt"));
  exports.Set("dataSync", Napi::Function::New(env, dataSync, "dataSync"));
  exports.Set("dataView", Napi::Function::New(env, dataView, "dataView"));
  exports.Set("fromTypedArray", Napi::Function::New(env, fromTypedArray, "fromTypedArray"));
}

}  // namespace tn
