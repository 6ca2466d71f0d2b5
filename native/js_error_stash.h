// JS exceptions cannot travel through C++ frames (the autograd engine, worker threads). A JS
// exception caught on the JS thread is stashed here under an id; the C++ exception carrying the
// id unwinds through LibTorch and the JS thread rethrows the very same JS value.
#pragma once
#include <napi.h>
#include <cstdint>
#include <stdexcept>

namespace tn {

struct StashedJsError : std::runtime_error {
  explicit StashedJsError(uint64_t stashId)
      : std::runtime_error("a JavaScript exception was thrown inside a callback"), id(stashId) {}
  uint64_t id;
};

// Takes the pending JS exception (JS thread only) and returns the id of its stash entry.
uint64_t stashPendingJsError(napi_env env);
// Throws the stashed value as the pending JS exception and forgets it (JS thread only).
void rethrowStashed(napi_env env, uint64_t id);
// Forgets a stashed value without throwing it (JS thread only).
void dropStashed(napi_env env, uint64_t id);
// How many values are stashed now (JS thread only; tests check that it returns to 0).
size_t stashedErrorCount();

}  // namespace tn
