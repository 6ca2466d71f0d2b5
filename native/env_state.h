// Per-environment state: everything the tensor-object machinery keeps for one JS thread (the main
// thread, or one worker_threads worker: each has its own napi_env and V8 isolate). Its boxes are
// created, collected and torn down on that thread, so none of this needs a lock.
//
// State that is per process lives elsewhere, each with its own lock or publication rule: the
// operator registry (op_registry.h), the queues of JS references to release (deferred_release.cpp,
// one per env), the default-generator lease (generator_box.cpp), the engine bridge
// (engine_bridge.cpp), and the effects applied at load (process_effects.h).
#pragma once
#include "tensor_object.h"
#include <v8.h>
#include <atomic>
#include <deque>
#include <vector>

namespace tn {

// A TensorBox with its bookkeeping. Boxes live in slabs and are recycled, never freed before the
// thread's teardown.
struct Box : TensorBox {
  int64_t reportedBytes;  // what we counted towards V8's external memory (gc_pressure.h)
  Box* nextFree;
  // Bumped each time the box is recycled: a tidy scope's entry (box, generation) is stale once
  // they differ.
  uint32_t generation;
  uint32_t countedIn;  // EnvState::collections when the counts below were made
  // What the tensor added towards the next scavenge (gc_pressure.h), to each count: taken back
  // when dispose() or tidy frees it before that collection.
  int64_t countedSmall;
  int64_t countedLarge;
  uint64_t keptMark;  // tidy_scope.cpp's "returned by the scope function" mark
  bool inUse;         // its Tensor object may still be reachable
  v8::Global<v8::Object> handle;
  Box()
      : reportedBytes(0), nextFree(nullptr), generation(0), countedIn(0), countedSmall(0), countedLarge(0),
        keptMark(0), inUse(false) {}
};

// Slabs are recycled through a LIFO free list: consecutive tensors get neighbouring, recently used
// boxes, and a collected box is not unlinked from a list (a doubly linked list of live boxes cost
// two cache misses per collected tensor once its order was scrambled). torch.memory() walks them.
constexpr size_t kSlabBoxes = 256;
struct Slab {
  Box boxes[kSlabBoxes];
  Slab* next = nullptr;
};

struct ScopeEntry { Box* box; uint32_t generation; };
struct DeferredFree { at::Tensor tensor; int64_t bytes; };

// No default member initializers and nothing to destroy, on purpose: a thread_local of this type
// is zero-initialized (so every field starts at 0/null/false), nothing runs at thread exit, and
// other translation units reach it without a TLS-init wrapper call.
struct EnvState {
  // -- tensor objects (tensor_object.cpp)
  Slab* slabs;
  Box* freeList;
  int64_t live;  // boxes holding a tensor
  bool tornDown;
  v8::Isolate* isolate;
  // The Tensor objects' template and class; leaked on purpose (a Global must not outlive its
  // isolate, and thread-exit destructors may run after it).
  v8::Global<v8::ObjectTemplate>* objectTemplate;
  v8::Global<v8::Function>* tensorClass;
  // This environment's queue of JS references to release (deferred_release.h), checked on every
  // new tensor: kept here to spare a second thread-local lookup per op.
  std::atomic<bool>* deferredPending;

  // -- GC pressure (gc_pressure.h)
  int64_t unreported;            // external memory change not yet told to V8 (+ created, - freed)
  int64_t liveLarge;             // bytes of live tensors of kLargeTensorBytes or more (as counted)
  int64_t liveLargeAtCollect;    // liveLarge after the last collection we asked for
  int64_t bytesSinceCollection;  // towards the next scavenge (kScavengeAfterBytes)
  int64_t largeSinceCollection;  // large CPU blocks allocated since, doubled (beforeLargeCpuAllocation)
  int64_t countedAtAllocation;   // of those, not yet matched by their tensor in collectIfPressed
  uint32_t collections;          // collections so far (a box's counts are stale after one)
  bool scavenges;                // the scavenge policy is on (needs the expose-gc effect)

  // -- deferred frees (deferred_free.h): oldest first
  std::deque<DeferredFree>* deferred;
  int64_t deferredBytes;

  // -- tidy scopes (tidy_scope.h): the open torch.tidy() scopes, innermost last
  std::vector<std::vector<ScopeEntry>>* scopes;
  uint64_t keptEpoch;
};

// This JS thread's state (defined in tensor_object.cpp).
extern thread_local EnvState envState;

// Drops a box's tensor (dispose, a tidy scope's close, or collection; mayDefer: the collector's,
// see deferred_free.h). Safe inside GC: no JS, no V8 calls. (tensor_object.cpp)
void forgetTensor(EnvState& s, Box* box, bool mayDefer = false);

template <typename Fn>
void forEachBoxInUse(EnvState& s, Fn&& fn) {
  for (Slab* slab = s.slabs; slab; slab = slab->next) {
    for (Box& box : slab->boxes) if (box.inUse) fn(box);
  }
}

}  // namespace tn
