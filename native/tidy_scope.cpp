#include "tidy_scope.h"

namespace tn {

namespace {

std::vector<std::vector<ScopeEntry>>& scopesOf(EnvState& s) {
  if (!s.scopes) s.scopes = new std::vector<std::vector<ScopeEntry>>();  // freed at teardown
  return *s.scopes;
}

// torch.tidy(): scopeOpen() before the function runs, scopeClose(kept) after it (kept: the
// tensors it returned, or null when it threw). Everything else made in the scope and still
// alive is disposed; kept tensors pass to the enclosing scope.
Napi::Value scopeOpen(const Napi::CallbackInfo& info) {
  auto& scopes = scopesOf(envState);
  scopes.emplace_back();
  return Napi::Number::New(info.Env(), static_cast<double>(scopes.size()));
}

Napi::Value scopeClose(const Napi::CallbackInfo& info) {
  napi_env env = info.Env();
  EnvState& s = envState;
  auto& scopes = scopesOf(s);
  if (scopes.empty()) throw Napi::Error::New(env, "torch-node: tidy scope closed twice");
  std::vector<ScopeEntry> entries = std::move(scopes.back());
  scopes.pop_back();
  uint64_t mark = ++s.keptEpoch;
  if (info.Length() > 0 && info[0].IsArray()) {
    Napi::Array kept = info[0].As<Napi::Array>();
    for (uint32_t i = 0; i < kept.Length(); ++i) {
      if (auto* box = static_cast<Box*>(tensorBoxOf(env, kept.Get(i)))) box->keptMark = mark;
    }
  }
  for (const ScopeEntry& e : entries) {
    Box* box = e.box;
    if (box->generation != e.generation) continue;  // collected (and maybe reused) meanwhile
    if (box->keptMark != mark) forgetTensor(s, box, false);
    else if (!scopes.empty()) scopes.back().push_back(e);
  }
  return info.Env().Undefined();
}

// Takes a tensor out of the innermost open scope that recorded it (escapeScopes in lib/scope.ts).
Napi::Value scopeEscape(const Napi::CallbackInfo& info) {
  napi_env env = info.Env();
  auto* box = static_cast<Box*>(tensorBoxOf(env, info[0]));
  if (!box) return Napi::Boolean::New(env, false);
  auto& scopes = scopesOf(envState);
  for (auto scope = scopes.rbegin(); scope != scopes.rend(); ++scope) {
    for (size_t i = scope->size(); i-- > 0;) {
      const ScopeEntry& e = (*scope)[i];
      if (e.box == box && e.generation == box->generation) {
        scope->erase(scope->begin() + static_cast<std::ptrdiff_t>(i));
        return Napi::Boolean::New(env, true);
      }
    }
  }
  return Napi::Boolean::New(env, false);
}

Napi::Value scopeDepth(const Napi::CallbackInfo& info) {
  return Napi::Number::New(info.Env(), static_cast<double>(scopesOf(envState).size()));
}

}  // namespace

void registerTidyScopes(Napi::Env env, Napi::Object exports) {
  defineFunctions(env, exports, {
      TN_FN("scopeOpen", scopeOpen),
      TN_FN("scopeClose", scopeClose),
      TN_FN("scopeEscape", scopeEscape),
      TN_FN("scopeDepth", scopeDepth),
  });
}

}  // namespace tn
