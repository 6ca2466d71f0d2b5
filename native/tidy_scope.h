// torch.tidy() scopes (lib/scope.ts): every tensor object made while a scope is open is recorded
// in the innermost one, weakly (by box and generation: a box collected and reused meanwhile is
// stale). Closing the scope disposes what it recorded except the tensors the function returned,
// which pass to the enclosing scope.
#pragma once
#include "env_state.h"

namespace tn {

// A new tensor object's box (inline: runs on every tensor made).
inline void recordInScope(EnvState& s, Box* box) {
  if (s.scopes && !s.scopes->empty()) s.scopes->back().push_back({box, box->generation});
}

// scopeOpen, scopeClose, scopeEscape, scopeDepth.
void registerTidyScopes(Napi::Env env, Napi::Object exports);

}  // namespace tn
