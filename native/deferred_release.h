// JS references held by native objects (a custom Function's ctx, a JS tensor hook) are released
// here. LibTorch may destroy such an object on any thread, or inside GC, where N-API must not be
// called: the release is queued on its environment and carried out on that environment's JS
// thread at its next allocation of a tensor object (and after backward()/grad()), so an
// inference-only program drains the queue as it goes.
#pragma once
#include <napi.h>
#include <atomic>

namespace tn {
// Any thread. A reference of an environment that is gone is dropped (its env freed it).
void deferRelease(napi_env env, napi_ref ref);
// JS thread of env only, outside GC.
void drainDeferredReleases(napi_env env);
// The JS thread's queue has entries: the allocation path's check, one relaxed load.
extern thread_local std::atomic<bool>* deferredPendingOfThread;
inline void drainDeferredReleasesIfAny(napi_env env) {
  if (deferredPendingOfThread && deferredPendingOfThread->load(std::memory_order_relaxed)) {
    drainDeferredReleases(env);
  }
}
// Registers env's queue; called once per environment at addon load (its JS thread).
void registerDeferredReleases(napi_env env);
}  // namespace tn
