#include "deferred_release.h"
#include <memory>
#include <mutex>
#include <unordered_map>
#include <vector>

namespace tn {
namespace {

struct Queue {
  std::mutex mutex;
  std::vector<napi_ref> refs;
  std::atomic<bool> pending{false};
};

// One queue per environment (the main thread's and each worker's). An entry is removed when its
// environment is torn down; what is still queued then is released by the teardown itself.
std::mutex registryMutex;
std::unordered_map<napi_env, std::shared_ptr<Queue>>& registry() {
  static auto* map = new std::unordered_map<napi_env, std::shared_ptr<Queue>>();  // never destroyed
  return *map;
}

std::shared_ptr<Queue> queueOf(napi_env env) {
  std::lock_guard<std::mutex> lock(registryMutex);
  auto it = registry().find(env);
  return it == registry().end() ? nullptr : it->second;
}

void releaseAll(napi_env env, Queue& q) {
  std::vector<napi_ref> mine;
  {
    std::lock_guard<std::mutex> lock(q.mutex);
    mine.swap(q.refs);
    q.pending.store(false, std::memory_order_relaxed);
  }
  for (napi_ref ref : mine) napi_delete_reference(env, ref);
}

void teardown(void* arg) {
  auto env = static_cast<napi_env>(arg);
  std::shared_ptr<Queue> q;
  {
    std::lock_guard<std::mutex> lock(registryMutex);
    auto it = registry().find(env);
    if (it == registry().end()) return;
    q = it->second;
    registry().erase(it);
  }
  releaseAll(env, *q);
  deferredPendingOfThread = nullptr;
}

}  // namespace

thread_local std::atomic<bool>* deferredPendingOfThread = nullptr;

void registerDeferredReleases(napi_env env) {
  auto q = std::make_shared<Queue>();
  {
    std::lock_guard<std::mutex> lock(registryMutex);
    registry()[env] = q;
  }
  deferredPendingOfThread = &q->pending;
  napi_add_env_cleanup_hook(env, teardown, env);
}

void deferRelease(napi_env env, napi_ref ref) {
  std::shared_ptr<Queue> q = queueOf(env);
  if (!q) return;
  std::lock_guard<std::mutex> lock(q->mutex);
  q->refs.push_back(ref);
  q->pending.store(true, std::memory_order_relaxed);
}

void drainDeferredReleases(napi_env env) {
  if (std::shared_ptr<Queue> q = queueOf(env)) releaseAll(env, *q);
}

}  // namespace tn
