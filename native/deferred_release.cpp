#include "deferred_release.h"
#include <mutex>
#include <vector>

namespace tn {

static std::mutex queueMutex;
static std::vector<std::pair<napi_env, napi_ref>> queue;

void deferRelease(napi_env env, napi_ref ref) {
  std::lock_guard<std::mutex> lock(queueMutex);
  queue.emplace_back(env, ref);
}

void drainDeferredReleases(napi_env env) {
  std::vector<std::pair<napi_env, napi_ref>> mine;
  {
    std::lock_guard<std::mutex> lock(queueMutex);
    if (queue.empty()) return;
    for (auto it = queue.begin(); it != queue.end();) {
      if (it->first == env) { mine.push_back(*it); it = queue.erase(it); } else ++it;
    }
  }
  for (auto& [e, ref] : mine) napi_delete_reference(e, ref);
}

}  // namespace tn
