// torch.distributed's native side, shared by the files that bind c10d (native/distributed*.cpp).
//
// JS holds c10d objects as tagged externals: a Store handle, a ProcessGroup handle and a Work
// handle, each owning one reference to the c10d object (c10::intrusive_ptr). Another binding
// (DDP's Reducer, say) reaches the c10d::ProcessGroup behind a JS handle with processGroupOf(),
// and hands c10d work back to JS with wrapWork()/promiseOfFuture(). These files are compiled with
// c10d's defines (USE_DISTRIBUTED, and USE_C10D_GLOO when the Gloo headers were found; see
// cmake/Gloo.cmake): this header itself needs no Gloo header.
#pragma once
#include "common.h"
#include <ATen/core/ivalue.h>
#include <torch/csrc/distributed/c10d/ProcessGroup.hpp>
#include <torch/csrc/distributed/c10d/Store.hpp>
#include <torch/csrc/distributed/c10d/Work.hpp>
#include <functional>

namespace tn::dist {

// The c10d object behind a JS handle; TypeError naming `what` when value is not one.
c10::intrusive_ptr<c10d::Store> storeOf(napi_env env, napi_value value, const char* what);
c10::intrusive_ptr<c10d::ProcessGroup> processGroupOf(napi_env env, napi_value value, const char* what);
c10::intrusive_ptr<c10d::Work> workOf(napi_env env, napi_value value, const char* what);

// New JS handles owning one reference each.
napi_value wrapStore(napi_env env, c10::intrusive_ptr<c10d::Store> store);
napi_value wrapProcessGroup(napi_env env, c10::intrusive_ptr<c10d::ProcessGroup> pg);
napi_value wrapWork(napi_env env, c10::intrusive_ptr<c10d::Work> work);

// What a background task hands back: on the JS thread, makes the value the promise resolves with
// (or throws, and the promise rejects with the JS error throwAsJs makes of the exception).
using Settle = std::function<napi_value(napi_env)>;

// A promise settled on the JS thread (through a thread-safe function) when `complete` is called
// from any thread. The pending promise keeps the event loop alive; it never blocks it.
class Completion {
 public:
  // Returns the promise; the Completion owns itself until complete() has run.
  static Completion* create(napi_env env, napi_value* promise);
  // Once, from any thread: settle runs on the JS thread. An exception_ptr rejects instead.
  void complete(Settle settle);
  void fail(std::exception_ptr error);

 private:
  static void callJs(napi_env env, napi_value, void* context, void* data);
  napi_deferred deferred_ = nullptr;
  napi_threadsafe_function tsfn_ = nullptr;
  Settle settle_;
  std::exception_ptr error_;
};

// Runs task on a thread of its own (store waits and blocking joins may take minutes: never a
// libuv pool thread) and settles the returned promise with what it returns.
napi_value runOffThread(napi_env env, std::function<Settle()> task);

// A promise resolved with undefined when the c10d future completes, rejected with its error.
napi_value promiseOfFuture(napi_env env, const c10::intrusive_ptr<c10::ivalue::Future>& future);

// c10d's error classes keep their Python names: a JS Error whose `name` is DistError,
// DistBackendError, DistStoreError, DistNetworkError or DistQueueEmptyError (Python's
// torch.distributed exception classes), with c10d's message.
napi_value distErrorValue(napi_env env, const c10::DistError& error);

template <Napi::Value (*F)(const Napi::CallbackInfo&)>
Napi::Value distCall(const Napi::CallbackInfo& info) {
  try {
    return F(info);
  } catch (const c10::DistError& e) {
    throw Napi::Error(info.Env(), distErrorValue(info.Env(), e));
  }
}
// A row of a distributed table: TN_FN with c10d's error names.
#define TN_DIST_FN(name, fn) TN_FN(name, ::tn::dist::distCall<fn>)

// A number of milliseconds at `value` (undefined/null: fallback); RangeError naming `what`.
std::chrono::milliseconds msArg(napi_env env, napi_value value, std::chrono::milliseconds fallback,
                                const char* what);

}  // namespace tn::dist
