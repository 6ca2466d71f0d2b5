// Tensor hooks written in JS (x.registerHook(fn)): LibTorch's C++ tensor hooks, whose function
// calls JS through the engine bridge (the engine may run them on any thread).
#include "deferred_release.h"
#include "engine_bridge.h"
#include "graph_tools.h"
#include "tensor_object.h"
#include <memory>

namespace tn {
namespace {

// Owns the reference to the JS hook function. Destroyed wherever LibTorch drops the hook (any
// thread, inside GC too): the reference is released later on the JS thread.
struct JsHookFn {
  JsThread* jt;
  napi_ref fn;
  JsHookFn(JsThread* thread, napi_ref ref) : jt(thread), fn(ref) {
    liveJsCallables.fetch_add(1, std::memory_order_relaxed);
  }
  ~JsHookFn() {
    deferRelease(jsThreadEnv(jt), fn);
    liveJsCallables.fetch_sub(1, std::memory_order_relaxed);
  }
};

// registerHook(tensor, fn): fn(gradHandle) returns a replacement handle or null. Returns the
// hook's position for removeHook.
Napi::Value registerHook(const Napi::CallbackInfo& info) {
  napi_env env = info.Env();
  const at::Tensor& t = unwrapTensor(env, info[0], "self");
  drainDeferredReleases(env);
  napi_ref ref;
  check(env, napi_create_reference(env, info[1], 1, &ref));
  auto holder = std::make_shared<JsHookFn>(currentJsThread(env), ref);
  unsigned pos = t.register_hook([holder](const at::Tensor& grad) -> at::Tensor {
    at::Tensor result;
    const GraphTaskRef graphTask = currentGraphTask();
    callOnJsThread(holder->jt, [&](napi_env env) {
      BridgedGraphTaskScope bridged(graphTask);
      Napi::HandleScope scope(env);
      napi_value fn, undefined;
      check(env, napi_get_reference_value(env, holder->fn, &fn));
      check(env, napi_get_undefined(env, &undefined));
      napi_value arg = wrapTensor(env, grad);
      napi_value r = callJsFunction(env, fn, undefined, 1, &arg);
      napi_valuetype type;
      check(env, napi_typeof(env, r, &type));
      if (type != napi_null && type != napi_undefined) result = unwrapTensor(env, r, "the value returned by a hook");
    });
    return result;
  });
  return Napi::Number::New(env, static_cast<double>(pos));
}

// removeHook(tensor, pos)
Napi::Value removeHook(const Napi::CallbackInfo& info) {
  const at::Tensor& t = unwrapTensor(info.Env(), info[0], "self");
  t.remove_hook(info[1].As<Napi::Number>().Uint32Value());
  return info.Env().Undefined();
}

}  // namespace

void registerTensorHooks(Napi::Env env, Napi::Object exports) {
  defineFunctions(env, exports, {
      TN_FN("registerHook", registerHook),
      TN_FN("removeHook", removeHook),
  });
}

}  // namespace tn
