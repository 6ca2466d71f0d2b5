#include "gc_pressure.h"
#include "deferred_free.h"
#include "process_effects.h"
#include <unordered_set>

namespace tn {
namespace {

// After any collection the count towards the next scavenge restarts. A full collection (gc(),
// memory pressure, LowMemoryNotification) frees everything it found dead: the queue of small
// tensors is emptied too. Full collections are rare, so one burst is cheap.
void onCollectionEnd(v8::Isolate*, v8::GCType type, v8::GCCallbackFlags, void*) {
  EnvState& s = envState;
  s.bytesSinceCollection = 0;
  s.largeSinceCollection = 0;
  s.countedAtAllocation = 0;
  ++s.collections;
  if (type & v8::kGCTypeMarkSweepCompact) {
    freeAllDeferred(s);
    cpuBlockCacheTrim();
  }
}

// Per-device live tensor counts and unique storage bytes.
struct MemoryRow { std::string device; int64_t tensors = 0; int64_t bytes = 0; };

std::vector<MemoryRow> liveMemory() {
  std::vector<MemoryRow> rows;
  std::unordered_set<const void*> seen;
  forEachBoxInUse(envState, [&](Box& box) {
    const at::Tensor& t = box.tensor;
    if (!t.defined()) return;
    std::string device = t.device().str();
    MemoryRow* row = nullptr;
    for (auto& r : rows) if (r.device == device) row = &r;
    if (!row) { rows.push_back(MemoryRow{device}); row = &rows.back(); }
    row->tensors++;
    if (t.has_storage()) {
      const void* key = t.storage().unsafeGetStorageImpl();
      if (seen.insert(key).second) row->bytes += static_cast<int64_t>(t.storage().nbytes());
    }
  });
  return rows;
}

// torch.memory(): [{device, tensors, bytes}] of this thread's live tensors.
Napi::Value memory(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  Napi::Array out = Napi::Array::New(env);
  uint32_t i = 0;
  for (const auto& row : liveMemory()) {
    Napi::Object o = Napi::Object::New(env);
    o.Set("device", row.device);
    o.Set("tensors", Napi::Number::New(env, static_cast<double>(row.tensors)));
    o.Set("bytes", Napi::Number::New(env, static_cast<double>(row.bytes)));
    out.Set(i++, o);
  }
  return out;
}

Napi::Value liveTensorCount(const Napi::CallbackInfo& info) {
  return Napi::Number::New(info.Env(), static_cast<double>(envState.live));
}

// Bytes counted towards V8's external memory by this thread's tensors (for tests and benches).
Napi::Value externalBytes(const Napi::CallbackInfo& info) {
  int64_t total = 0;
  forEachBoxInUse(envState, [&](Box& box) { total += box.reportedBytes; });
  return Napi::Number::New(info.Env(), static_cast<double>(total));
}

Napi::Value collectGarbage(const Napi::CallbackInfo& info) {
  collectGarbageNow(info.Env());
  return info.Env().Undefined();
}

}  // namespace

void collectGarbageNow(napi_env env) {
  EnvState& s = envState;
  if (s.isolate) s.isolate->LowMemoryNotification();
  freeAllDeferred(s);
  cpuBlockCacheTrim();
  flushReport(s);
}

bool isOutOfMemory(const c10::Error& e) {
  if (dynamic_cast<const c10::OutOfMemoryError*>(&e)) return true;
  const std::string& msg = e.msg();
  return msg.find("can't allocate memory") != std::string::npos ||
         msg.find("not enough memory") != std::string::npos;
}

void registerGcPressure(Napi::Env env, Napi::Object exports) {
  EnvState& s = envState;
  s.isolate->AddGCEpilogueCallback(onCollectionEnd, nullptr, v8::kGCTypeAll);
  // Requesting a scavenge (the only public way: RequestGarbageCollectionForTesting) is a fatal
  // error without V8's --expose-gc flag.
  s.scavenges = processEffects().exposeGc;
  defineFunctions(env, exports, {
      TN_FN("memory", memory),
      TN_FN("liveTensorCount", liveTensorCount),
      TN_FN("externalBytes", externalBytes),
      TN_FN("collectGarbage", collectGarbage),
  });
}

void unregisterGcPressure(EnvState& s) {
  if (s.isolate) s.isolate->RemoveGCEpilogueCallback(onCollectionEnd, nullptr);
}

}  // namespace tn
