// What V8 is told about the native memory tensors hold, and when we ask it to collect.
//
// V8 does not see tensor memory. We report it as external memory (in batches), which makes V8
// collect when native memory grows, and add two policies of our own:
// - scavenges: the bytes of tensors made since the last collection (their native overhead
//   included, so that small tensors count too); past kScavengeAfterBytes a scavenge (V8's
//   young-generation collection) runs. V8 collects for
//   external memory only with full mark-compact collections, which mark the whole heap: x.mul(x)
//   on a 64 KB tensor cost 4x Python's, most of it in marking. Our temporaries die young, and a
//   scavenge frees them for the cost of what survives. The bound is small so that freed blocks are
//   reused while still in cache, and each tensor also counts a fixed weight, so that a loop of
//   tiny tensors scavenges every few thousand. Needs the expose-gc process effect
//   (process_effects.h).
// - large tensors: external memory only starts incremental marking, which advances with JS
//   allocation; a loop that makes few JS objects but large tensors piles them up meanwhile. Past
//   kLargeGrowthBeforeCollect of growth, a full collection runs at once.
// - large CPU blocks count towards the scavenge when the CPU allocator allocates them, and the
//   scavenge they make due runs then, before the block: the temporaries it frees come back for it
//   from the allocator's cache while still in cache (beforeLargeCpuAllocation).
// Inline: accountNewTensor and accountFreedTensor run on every tensor made and freed.
#pragma once
#include "env_state.h"
#include <algorithm>

namespace tn {

// What a tensor costs natively beyond its storage bytes (TensorImpl, StorageImpl, allocator
// rounding, the box): reported too, so that many small tensors also weigh on V8's heuristics.
constexpr int64_t kTensorOverhead = 320;
constexpr int64_t kLargeTensorBytes = 1 << 20;
// External memory is reported to V8 in batches: one call per tiny tensor would cost more than
// the tensor. Large tensors cross the batch at once and are reported immediately.
constexpr int64_t kReportBatch = 1 << 20;
// Growth of live large tensors (as counted, i.e. doubled) after which a new tensor collects.
constexpr int64_t kLargeGrowthBeforeCollect = int64_t(192) << 20;
constexpr int64_t kScavengeAfterBytes = int64_t(8) << 20;
// What each tensor adds towards the scavenge bound besides its bytes: a scavenge at least every
// ~6,000 tensors however small. Counted at their native size alone (~0.3 KB), a loop of tiny ops
// ran ~25,000 tensors between scavenges, and their TensorImpls, autograd metadata and graph nodes
// were freed out of cache and their memory reused from cold blocks: (x*x).sum() with grad took
// 2.8-3.3 us, 2.4-2.6 us with this weight. Twice the weight scavenged so often that views (m[0])
// got 5% slower; half of it lost most of the gain
// (bench/results/2026-12-07-scavenge-per-tensor.md). Not reported to V8 as external memory.
constexpr int64_t kScavengeBytesPerTensor = 1024;

// The bytes a tensor is counted for.
inline int64_t ownedBytes(const at::Tensor& t) {
  if (!t.has_storage()) return kTensorOverhead;
  const auto& storage = t.storage();
  // A view of storage that another tensor owns was already counted for that tensor.
  if (storage.use_count() != 1) return kTensorOverhead;
  // Only memory that exists: a meta tensor's storage claims its full size (2^62 bytes for a huge
  // shape) over a null pointer, and V8 aborts the process on an external-memory change that large.
  if (storage.data() == nullptr) return kTensorOverhead;
  auto bytes = static_cast<int64_t>(std::min<size_t>(storage.nbytes(), size_t(1) << 50));
  // Large tensors count double: V8 starts collecting when external memory grew 64 MB since the
  // last full GC and only forces it at twice that, so a loop making 4 MB temporaries peaked far
  // above Python's (which frees each at once); counting them double halves that.
  if (bytes >= kLargeTensorBytes) bytes *= 2;
  return bytes + kTensorOverhead;
}

inline void flushReport(EnvState& s) {
  int64_t delta = s.unreported;
  s.unreported = 0;
  s.isolate->AdjustAmountOfExternalAllocatedMemory(delta);
}

// Before a tensor of `bytes` gets its object (JS thread, outside GC; its inputs are on the stack,
// so alive): may collect. Records in box what the tensor adds towards the next scavenge; nothing
// when scavenge is false (an object its caller disposes while a native owner keeps the tensor,
// wrapBorrowedTensor). Large tensors count towards liveLarge either way, as accountFreedTensor
// takes every one of them back.
inline void collectIfPressed(EnvState& s, Box* box, int64_t bytes, bool scavenge = true) {
  box->countedSmall = 0;
  box->countedLarge = 0;
  if (bytes >= 2 * kLargeTensorBytes) {
    if (s.liveLarge - s.liveLargeAtCollect > kLargeGrowthBeforeCollect) {
      s.isolate->MemoryPressureNotification(v8::MemoryPressureLevel::kCritical);
      s.isolate->MemoryPressureNotification(v8::MemoryPressureLevel::kNone);
      s.liveLargeAtCollect = s.liveLarge;
    }
    s.liveLarge += bytes;
  }
  // Small tensors count as well (at their native size, kTensorOverhead included): left out, a loop
  // of small ops that makes little JS garbage waited for V8's own collections, after ~64 MB of
  // external memory (bench/memory's small case peaked at 1.4x Python's, and every op wrote into
  // memory freed long before).
  if (scavenge && s.scavenges) {
    // What the CPU allocator already counted for a large tensor's block is not counted twice.
    int64_t credit = bytes >= 2 * kLargeTensorBytes ? std::min(s.countedAtAllocation, bytes) : 0;
    s.countedAtAllocation -= credit;
    int64_t counted = bytes - credit + kScavengeBytesPerTensor;
    s.bytesSinceCollection += counted;
    if (s.bytesSinceCollection > kScavengeAfterBytes) {
      s.bytesSinceCollection = 0;
      s.isolate->RequestGarbageCollectionForTesting(v8::Isolate::kMinorGarbageCollection);
    } else {
      box->countedSmall = counted;
      box->countedLarge = credit;
    }
  }
  box->countedIn = s.collections;
}

// Before the CPU allocator allocates a block of `bytes` (kLargeTensorBytes or more) on a JS
// thread: the block counts towards the next scavenge now (as ownedBytes will count its tensor),
// and when that scavenge is due it runs before the block is allocated rather than after its
// tensor is made, so that the blocks it frees (a loop's last temporaries) come back for this one
// while still in cache. Ops run on the JS thread with their inputs held, as when makeTensorObject
// collects; the allocator does not call this inside the autograd engine.
inline void beforeLargeCpuAllocation(EnvState& s, int64_t bytes) {
  if (!s.scavenges || s.tornDown) return;
  int64_t counted = 2 * bytes;
  if (s.largeSinceCollection + counted > kScavengeAfterBytes && v8::Isolate::TryGetCurrent() == s.isolate) {
    s.isolate->RequestGarbageCollectionForTesting(v8::Isolate::kMinorGarbageCollection);
  }
  s.largeSinceCollection += counted;
  s.countedAtAllocation += counted;
}

// A new tensor counted for `bytes` (after collectIfPressed).
inline void accountNewTensor(EnvState& s, int64_t bytes) {
  s.unreported += bytes;
  if (s.unreported >= kReportBatch || s.unreported <= -kReportBatch) flushReport(s);
}

// A tensor was freed by dispose() or a closing tidy scope, not by a collection: what it added
// towards the next scavenge is taken back, since no collection is needed to free it. A program
// that releases its temporaries deterministically then scavenges only for what it leaves to the
// collector (a loop disposing a 4 MB tensor per iteration: none at all, its block going straight
// back through the allocator's cache). After a collection the counts restarted without it.
inline void creditReleasedTensor(EnvState& s, const Box* box) {
  if (box->countedIn != s.collections) return;
  s.bytesSinceCollection -= std::min(s.bytesSinceCollection, box->countedSmall);
  s.largeSinceCollection -= std::min(s.largeSinceCollection, box->countedLarge);
}

// A tensor counted for `bytes` is released (safe inside GC: no V8 call).
inline void accountFreedTensor(EnvState& s, int64_t bytes) {
  if (bytes >= 2 * kLargeTensorBytes) s.liveLarge -= bytes;
  s.unreported -= bytes;
}

// Runs a full garbage collection now, so that unreachable tensors are freed (JS thread only,
// never inside GC). Used when an allocation fails for lack of memory: the caller retries once.
void collectGarbageNow(napi_env env);
// Whether an error is such an allocation failure: CUDA's allocator throws OutOfMemoryError, the
// CPU allocator a plain c10::Error.
bool isOutOfMemory(const c10::Error& e);

// Per-thread setup (GC callback; the scavenge policy when the expose-gc effect is on) and
// torch.memory()'s exports.
void registerGcPressure(Napi::Env env, Napi::Object exports);
// Env teardown: drops the GC callback.
void unregisterGcPressure(EnvState& s);

}  // namespace tn
