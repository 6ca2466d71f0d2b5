// V8's own API where N-API costs too much: napi_value <-> v8::Local conversion, and the plain V8
// callback the operator call is exported as. The addon is built against the V8 headers of the
// Node it runs in (CMakeLists.txt; one build per Node ABI), so this is safe for that Node.
#pragma once
#include "common.h"
#include <v8.h>
#include <cstring>
#include <vector>

namespace tn {

// napi_value and v8::Local<v8::Value> are the same pointer (Node's own conversion).
static_assert(sizeof(napi_value) == sizeof(v8::Local<v8::Value>), "napi_value is a V8 handle");
inline v8::Local<v8::Value> toLocal(napi_value v) {
  v8::Local<v8::Value> local;
  std::memcpy(static_cast<void*>(&local), &v, sizeof(v));
  return local;
}
template <typename T>
inline napi_value toNapi(v8::Local<T> local) {
  return reinterpret_cast<napi_value>(*local);
}

// A native function taking its JS arguments as an array (at least kMinArgs: missing ones are
// undefined).
using ArgvFn = napi_value (*)(napi_env env, size_t argc, const napi_value* argv);

// F as a plain V8 callback, the exported form of the hottest call (native.callOp): N-API's
// callback wrapper cost ~5% of a small op. It is guard<F>'s twin: any exception becomes a JS
// exception through throwAsJs, and what N-API's wrapper would do after the body runs is done here
// (an exception napi_throw stored until the callback returns is thrown). The row:
//   {"callOp", nullptr, &fastEntry<callOpImpl, 2>}
template <ArgvFn F, size_t kMinArgs = 0>
void fastEntry(const v8::FunctionCallbackInfo<v8::Value>& info) {
  constexpr size_t kInline = 32;
  auto env = static_cast<napi_env>(info.Data().As<v8::External>()->Value());
  size_t argc = static_cast<size_t>(info.Length());
  size_t n = argc > kMinArgs ? argc : kMinArgs;
  napi_value inlineArgv[kInline];
  std::vector<napi_value> heapArgv;
  napi_value* argv = inlineArgv;
  if (n > kInline) {
    heapArgv.resize(n);
    argv = heapArgv.data();
  }
  for (size_t i = 0; i < n; ++i) {
    argv[i] = toNapi(i < argc ? info[static_cast<int>(i)] : v8::Local<v8::Value>(v8::Undefined(info.GetIsolate())));
  }
  napi_value result;
  try {
    result = F(env, n, argv);
  } catch (...) {
    throwAsJs(env);
    result = nullptr;
  }
  bool pending = false;
  napi_is_exception_pending(env, &pending);
  if (pending) {
    napi_value error;
    napi_get_and_clear_last_exception(env, &error);
    info.GetIsolate()->ThrowException(toLocal(error));
    return;
  }
  if (result != nullptr) info.GetReturnValue().Set(toLocal(result));
}

#define TN_V8_FN(name, fn, minArgs) (::tn::NativeFunction{name, nullptr, &::tn::fastEntry<fn, minArgs>})

}  // namespace tn
