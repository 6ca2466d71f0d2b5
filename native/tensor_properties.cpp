// Tensor properties as JS reads and sets them: shape, dtype, device, strides, and the autograd
// state of a tensor (requiresGrad, grad, leaf, retained grad, version, .data).
#include "enum_names.h"
#include "tensor_object.h"
#include <torch/csrc/autograd/variable.h>
#include <torch/csrc/autograd/function.h>

namespace tn {
namespace {

const at::Tensor& arg0(const Napi::CallbackInfo& info, const char* what = "self") {
  return unwrapTensor(info.Env(), info[0], what);
}

// Hot: read on every x.shape. Plain N-API, without node-addon-api's CallbackInfo.
napi_value shape(napi_env env, napi_callback_info info) {
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
}

napi_value dtype(napi_env env, napi_callback_info info) {
  size_t argc = 1;
  napi_value argv[1];
  napi_get_cb_info(env, info, &argc, argv, nullptr, nullptr);
  const at::Tensor& t = unwrapTensor(env, argv[0], "self");
  napi_value out;
  napi_create_string_utf8(env, scalarTypeName(t.scalar_type()), NAPI_AUTO_LENGTH, &out);
  return out;
}

Napi::Value device(const Napi::CallbackInfo& info) {
  return Napi::String::New(info.Env(), arg0(info).device().str());
}

Napi::Value strides(const Napi::CallbackInfo& info) {
  auto s = arg0(info).strides();
  Napi::Array out = Napi::Array::New(info.Env(), s.size());
  for (size_t i = 0; i < s.size(); ++i) out.Set(static_cast<uint32_t>(i), static_cast<double>(s[i]));
  return out;
}

Napi::Value requiresGrad(const Napi::CallbackInfo& info) {
  return Napi::Boolean::New(info.Env(), arg0(info).requires_grad());
}

Napi::Value setRequiresGrad(const Napi::CallbackInfo& info) {
  at::Tensor t = arg0(info);
  bool flag = info[1].As<Napi::Boolean>();
  if (!t.is_leaf() && !flag) {
    throw std::runtime_error("you can only change requires_grad flags of leaf variables. If you want to use a computed variable in a subgraph that doesn't require differentiation use var_no_grad = var.detach().");
  }
  t.set_requires_grad(flag);
  return info.Env().Undefined();
}

// grad(self, last): last is the object this returned before (lib/tensor.ts keeps it), handed back
// while it holds the very TensorImpl of the gradient, as Python's x.grad is x.grad. A disposed
// one is not: a new object is made.
Napi::Value grad(const Napi::CallbackInfo& info) {
  const at::Tensor& g = arg0(info).grad();
  if (g.defined() && info.Length() > 1) {
    TensorBox* last = tensorBoxOf(info.Env(), info[1]);
    if (last && last->tensor.defined() && last->tensor.unsafeGetTensorImpl() == g.unsafeGetTensorImpl()) return info[1];
  }
  return Napi::Value(info.Env(), wrapTensor(info.Env(), g));
}

// borrowGrad(self): a new object for the gradient, which the caller (an optimizer) disposes
// after the update while the tensor keeps the gradient: not counted towards the next scavenge.
Napi::Value borrowGrad(const Napi::CallbackInfo& info) {
  return Napi::Value(info.Env(), wrapBorrowedTensor(info.Env(), arg0(info).grad()));
}

Napi::Value setGrad(const Napi::CallbackInfo& info) {
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
}

Napi::Value isLeaf(const Napi::CallbackInfo& info) {
  return Napi::Boolean::New(info.Env(), arg0(info).is_leaf());
}

Napi::Value retainGrad(const Napi::CallbackInfo& info) {
  arg0(info).retain_grad();
  return info.Env().Undefined();
}

Napi::Value retainsGrad(const Napi::CallbackInfo& info) {
  return Napi::Boolean::New(info.Env(), arg0(info).retains_grad());
}

Napi::Value version(const Napi::CallbackInfo& info) {
  return Napi::Number::New(info.Env(), static_cast<double>(arg0(info)._version()));
}

// param.data = other: swaps the tensor's data, keeping its autograd identity.
Napi::Value setData(const Napi::CallbackInfo& info) {
  at::Tensor t = arg0(info);
  t.set_data(unwrapTensor(info.Env(), info[1], "data"));
  return info.Env().Undefined();
}

}  // namespace

void registerTensorProperties(Napi::Env env, Napi::Object exports) {
  defineFunctions(env, exports, {
      TN_FN("shape", shape),
      TN_FN("dtype", dtype),
      TN_FN("device", device),
      TN_FN("strides", strides),
      TN_FN("requiresGrad", requiresGrad),
      TN_FN("setRequiresGrad", setRequiresGrad),
      TN_FN("grad", grad),
      TN_FN("borrowGrad", borrowGrad),
      TN_FN("setGrad", setGrad),
      TN_FN("isLeaf", isLeaf),
      TN_FN("retainGrad", retainGrad),
      TN_FN("retainsGrad", retainsGrad),
      TN_FN("version", version),
      TN_FN("setData", setData),
  });
}

}  // namespace tn
