// Shared by every native source: the headers we rely on (never <torch/torch.h>: it costs seconds
// per file), error translation, and small N-API helpers.
#pragma once
#include <napi.h>
#include <ATen/ATen.h>
#include <c10/util/Exception.h>
#include <initializer_list>
#include <string>
#include <type_traits>

namespace v8 {
class Value;
template <typename T> class FunctionCallbackInfo;
}  // namespace v8

namespace tn {

// A JS TypeError/RangeError raised from C++ for bad input detected natively.
struct JsTypeError : std::runtime_error { using std::runtime_error::runtime_error; };
struct JsRangeError : std::runtime_error { using std::runtime_error::runtime_error; };

// Thrown after a JS exception is already pending in the env (e.g. a JS callback threw).
struct JsPending {};

// Converts the current C++ exception into a pending JS exception. c10 errors keep PyTorch's
// message without the C++ backtrace.
void throwAsJs(napi_env env);

// ---- Native functions: one table row each, one guard ------------------------------------------
//
// Every function JS can call is a row of its file's table, {JS name, callback}, and every callback
// runs inside guard<F>: whatever the body throws (a c10::Error, a JS error already pending, a
// JsTypeError, std::bad_alloc, anything) becomes a JS exception through throwAsJs, the same way
// everywhere. Without it node-addon-api lets any exception but Napi::Error escape to
// std::terminate, taking the process down. Callbacks are written in one of two forms:
//   Napi::Value f(const Napi::CallbackInfo& info)            node-addon-api, the default
//   napi_value f(napi_env env, napi_callback_info info)      plain N-API, for hot small calls
// The operator call is a plain V8 callback (v8_entry.h) and has a row of its own kind.
//
//   void registerThing(Napi::Env env, Napi::Object exports) {
//     defineFunctions(env, exports, {
//         TN_FN("thing", thing),
//         TN_FN("otherThing", otherThing),
//     });
//   }
template <auto F>
napi_value guard(napi_env env, napi_callback_info cbinfo) {
  try {
    if constexpr (std::is_invocable_r_v<napi_value, decltype(F), napi_env, napi_callback_info>) {
      return F(env, cbinfo);
    } else {
      Napi::CallbackInfo info(env, cbinfo);
      return F(info);
    }
  } catch (...) {
    throwAsJs(env);
    return nullptr;
  }
}

// One row: a JS name and its guarded callback, or (v8Callback) a plain V8 callback that guards
// itself (v8_entry.h's fastEntry).
using V8Callback = void (*)(const v8::FunctionCallbackInfo<v8::Value>&);
struct NativeFunction {
  const char* name;
  napi_callback callback;
  V8Callback v8Callback = nullptr;
};
#define TN_FN(name, fn) (::tn::NativeFunction{name, &::tn::guard<fn>})

// target[row.name] = a JS function calling row's callback, for every row (native/errors.cpp).
void defineFunctions(napi_env env, napi_value target, std::initializer_list<NativeFunction> table);

inline void check(napi_env env, napi_status status) {
  if (status != napi_ok) {
    throw std::runtime_error("torch-node: internal N-API call failed (status " +
                             std::to_string(static_cast<int>(status)) + ")");
  }
}

}  // namespace tn
