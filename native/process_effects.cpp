#include "process_effects.h"
#include <v8.h>
#include <cstdlib>
#include <mutex>
#include <string>
#if defined(__GLIBC__)
#include <malloc.h>
#endif

namespace tn {
namespace {

ProcessEffects applied;
std::once_flag appliedOnce;

bool envFlag(const char* name) {
  const char* v = std::getenv(name);
  return v != nullptr && v[0] != '\0' && std::string(v) != "0";
}

// TORCH_NODE_DISABLE_EFFECTS names effect (or "all"); names are separated by commas or spaces.
bool disabled(const char* effect) {
  const char* list = std::getenv("TORCH_NODE_DISABLE_EFFECTS");
  if (list == nullptr) return false;
  std::string s(list);
  size_t start = 0;
  while (start <= s.size()) {
    size_t end = s.find_first_of(", ", start);
    if (end == std::string::npos) end = s.size();
    std::string name = s.substr(start, end - start);
    if (name == effect || name == "all") return true;
    start = end + 1;
  }
  return false;
}

void apply() {
#if defined(__GLIBC__)
  // No fastbins. A GC frees thousands of small tensors at once; their blocks coalesce into free
  // regions over 64 KB, and each such free made glibc consolidate every fastbin
  // (malloc_consolidate + unlink_chunk were a quarter of a small op's time). Small blocks still
  // come from the per-thread cache.
  if (!disabled("malloc-fastbins") && !envFlag("TORCH_NODE_MALLOC_DEFAULTS")) {
    applied.mallocFastbinsOff = mallopt(M_MXFAST, 0) == 1;
  }
#endif
  if (!disabled("cpu-allocator") && !envFlag("TORCH_NODE_DEFAULT_CPU_ALLOCATOR")) {
    installMallocCpuAllocator();
    applied.cpuAllocator = true;
  }
  // The only public way to ask for a scavenge (RequestGarbageCollectionForTesting) requires this
  // flag; besides allowing that call it only adds gc() to contexts created later.
  if (!disabled("expose-gc")) {
    v8::V8::SetFlagsFromString("--expose-gc");
    applied.exposeGc = true;
  }
}

Napi::Value processEffectsJs(const Napi::CallbackInfo& info) {
  Napi::Object o = Napi::Object::New(info.Env());
  o.Set("cpuAllocator", applied.cpuAllocator);
  o.Set("mallocFastbinsOff", applied.mallocFastbinsOff);
  o.Set("exposeGc", applied.exposeGc);
  return o;
}

// native.cpuBlockCache(): { blocks, bytes, reused } of the CPU allocator's cache of large blocks.
Napi::Value cpuBlockCacheJs(const Napi::CallbackInfo& info) {
  CpuBlockCacheStats st = cpuBlockCacheStats();
  Napi::Object o = Napi::Object::New(info.Env());
  o.Set("blocks", st.blocks);
  o.Set("bytes", static_cast<double>(st.bytes));
  o.Set("reused", static_cast<double>(st.reused));
  return o;
}

}  // namespace

const ProcessEffects& applyProcessEffects() {
  std::call_once(appliedOnce, apply);
  return applied;
}

const ProcessEffects& processEffects() { return applied; }

void registerProcessEffects(Napi::Env env, Napi::Object exports) {
  applyProcessEffects();
  defineFunctions(env, exports, {TN_FN("processEffects", processEffectsJs),
                                 TN_FN("cpuBlockCache", cpuBlockCacheJs)});
}

}  // namespace tn
