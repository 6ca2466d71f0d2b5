// Shared by every native source: the headers we rely on (never <torch/torch.h>: it costs seconds
// per file), error translation, and small N-API helpers.
#pragma once
#include <napi.h>
#include <ATen/ATen.h>
#include <c10/util/Exception.h>
#include <string>

namespace tn {

// A JS TypeError/RangeError raised from C++ for bad input detected natively.
struct JsTypeError : std::runtime_error { using std::runtime_error::runtime_error; };
struct JsRangeError : std::runtime_error { using std::runtime_error::runtime_error; };

// Thrown after a JS exception is already pending in the env (e.g. a JS callback threw).
struct JsPending {};

// Converts the current C++ exception into a pending JS exception. c10 errors keep PyTorch's
// message without the C++ backtrace.
void throwAsJs(napi_env env);

// Runs body; any exception becomes a JS exception and the function returns undefined.
template <typename Fn>
napi_value guarded(napi_env env, Fn&& body) {
  try {
    return body();
  } catch (...) {
    throwAsJs(env);
    return nullptr;
  }
}

// node-addon-api flavour: wraps a Napi callback so that c10 errors become JS errors.
template <typename Fn>
Napi::Value guardedValue(const Napi::CallbackInfo& info, Fn&& body) {
  napi_env env = info.Env();
  try {
    return body();
  } catch (const Napi::Error& e) {
    throw;
  } catch (...) {
    throwAsJs(env);
    return Napi::Value();
  }
}

// The one guard of every exported callback: whatever a body throws (a c10::Error, a JS error
// already pending, std::bad_alloc, anything) becomes a JS exception. Without it node-addon-api
// lets any exception but Napi::Error escape to std::terminate, taking the process down.
using NativeFn = Napi::Value (*)(const Napi::CallbackInfo&);
template <NativeFn F>
napi_value entryPoint(napi_env env, napi_callback_info cbinfo) {
  try {
    Napi::CallbackInfo info(env, cbinfo);
    return F(info);
  } catch (...) {
    throwAsJs(env);
    return nullptr;
  }
}

// exports[name] = a JS function calling cb (one of entryPoint<...> or a guarded napi_callback).
void exportFunction(napi_env env, napi_value exports, const char* name, napi_callback cb);
#define TN_EXPORT(exports, name, fn) ::tn::exportFunction(env, exports, name, ::tn::entryPoint<fn>)

inline void check(napi_env env, napi_status status) {
  if (status != napi_ok) {
    throw std::runtime_error("torch-node: internal N-API call failed (status " +
                             std::to_string(static_cast<int>(status)) + ")");
  }
}

}  // namespace tn
