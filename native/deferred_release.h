// Memory a tensor borrows from JS (fromTypedArray with share) is held by a napi_ref. LibTorch may
// free the tensor on any thread, or inside GC, where refs must not be touched: the release is
// queued here and carried out on the JS thread at the next native call that drains the queue.
#pragma once
#include <napi.h>

namespace tn {
void deferRelease(napi_env env, napi_ref ref);
// JS thread only.
void drainDeferredReleases(napi_env env);
}  // namespace tn
