// Small tensors the collector finds dead are not freed inside the collection: they wait in a
// queue, and each new tensor frees one (two when the queue is long). A scavenge finds ~10^5 dead
// temporaries at once; freeing them in one burst overflows malloc's per-thread cache and every
// later allocation takes the slow path (add() cost 40% more with burst frees than freeing the
// oldest one per op, as Python effectively does). The queue only holds what the next scavenge
// would find anyway, bounded in bytes. Inline: these run on every tensor made and collected.
#pragma once
#include "env_state.h"

namespace tn {

constexpr int64_t kDeferBelowBytes = 64 << 10;
constexpr int64_t kDeferredCapBytes = 32 << 20;
constexpr size_t kDeferredLong = 1 << 16;

// Takes tensor into the queue when it is small and the queue has room (inside GC: no JS, no V8).
inline bool deferFree(EnvState& s, at::Tensor& tensor, int64_t bytes) {
  if (bytes >= kDeferBelowBytes || s.deferredBytes + bytes > kDeferredCapBytes || s.tornDown) return false;
  if (!s.deferred) s.deferred = new std::deque<DeferredFree>();
  s.deferred->push_back({std::move(tensor), bytes});
  s.deferredBytes += bytes;
  return true;
}

// Queued tensors were made a whole collection cycle ago and are out of the caches; freeing one
// walks TensorImpl -> StorageImpl / AutogradMeta -> grad_fn. The next frees' first levels are
// fetched ahead, while the op between two frees runs.
inline void prefetchNextFrees(const std::deque<DeferredFree>& q) {
  if (q.size() > 2) {
    const char* impl = reinterpret_cast<const char*>(q[2].tensor.unsafeGetTensorImpl());
    __builtin_prefetch(impl);
    __builtin_prefetch(impl + 64);
    __builtin_prefetch(impl + 128);
  }
  if (q.size() > 1) {
    c10::TensorImpl* impl = q[1].tensor.unsafeGetTensorImpl();
    if (auto* meta = impl->autograd_meta()) __builtin_prefetch(meta);
    if (impl->has_storage()) __builtin_prefetch(impl->unsafe_storage().unsafeGetStorageImpl());
  }
}

// Frees up to n queued tensors, oldest first (JS thread, outside GC). Oldest first: freed from the
// top of a stack, what an autograd-heavy loop left at the bottom stayed behind while later
// collections came and went, and its scattered memory slowed every op after it.
inline void freeDeferred(EnvState& s, size_t n) {
  std::deque<DeferredFree>* q = s.deferred;
  while (n-- > 0 && !q->empty()) {
    s.deferredBytes -= q->front().bytes;
    q->pop_front();
    prefetchNextFrees(*q);
  }
}

inline void freeAllDeferred(EnvState& s) {
  if (s.deferred) freeDeferred(s, s.deferred->size());
}

// After each new tensor object: one queued free (two when the queue is long).
inline void freeDeferredStep(EnvState& s) {
  if (s.deferred && !s.deferred->empty()) freeDeferred(s, s.deferred->size() > kDeferredLong ? 2 : 1);
}

}  // namespace tn
