#include "js_error_stash.h"
#include <unordered_map>

namespace tn {

// Per JS thread (Node runs one environment per thread: the main thread and each worker), so that
// workers throwing at once neither race on one table nor pick up each other's errors. Only the
// thread that stashed an error rethrows it: the C++ exception carrying the id unwinds back to the
// native call on that same thread. Heap-allocated and never freed: nothing runs at thread exit
// (napi_refs must not be deleted after their environment is gone).
struct Stash {
  std::unordered_map<uint64_t, napi_ref> refs;
  uint64_t nextId = 1;
};
static thread_local Stash* threadStash = nullptr;
static Stash& stashOfThread() {
  if (!threadStash) threadStash = new Stash();
  return *threadStash;
}

// References can only hold objects (before N-API 10): any other thrown value (`throw 'text'`) is
// kept in a holder object, marked by this property name.
static const char* const kBoxed = "__torchNodeThrownValue";

uint64_t stashPendingJsError(napi_env env) {
  napi_value error;
  napi_get_and_clear_last_exception(env, &error);
  napi_valuetype type;
  napi_typeof(env, error, &type);
  if (type != napi_object && type != napi_function) {
    napi_value holder;
    napi_create_object(env, &holder);
    napi_set_named_property(env, holder, kBoxed, error);
    error = holder;
  }
  napi_ref ref;
  napi_create_reference(env, error, 1, &ref);
  Stash& stash = stashOfThread();
  uint64_t id = stash.nextId++;
  stash.refs.emplace(id, ref);
  return id;
}

void rethrowStashed(napi_env env, uint64_t id) {
  auto& stash = stashOfThread().refs;
  auto it = stash.find(id);
  if (it == stash.end()) {
    napi_throw_error(env, nullptr, "torch-node: a JavaScript exception was lost");
    return;
  }
  napi_value error;
  napi_get_reference_value(env, it->second, &error);
  napi_delete_reference(env, it->second);
  stash.erase(it);
  bool boxed = false;
  napi_value key;
  napi_create_string_utf8(env, kBoxed, NAPI_AUTO_LENGTH, &key);
  napi_has_own_property(env, error, key, &boxed);
  if (boxed) napi_get_named_property(env, error, kBoxed, &error);
  napi_throw(env, error);
}

void dropStashed(napi_env env, uint64_t id) {
  auto& stash = stashOfThread().refs;
  auto it = stash.find(id);
  if (it == stash.end()) return;
  napi_delete_reference(env, it->second);
  stash.erase(it);
}

size_t stashedErrorCount() { return threadStash ? threadStash->refs.size() : 0; }

}  // namespace tn
