// CPU tensor data from plain malloc instead of posix_memalign (a process effect:
// process_effects.h). LibTorch's default CPU allocator aligns every block to 64 bytes with
// posix_memalign, which bypasses malloc's thread cache and splits off fragments; with tensors
// freed in GC batches (not one by one as in Python) glibc's coalescing (unlink_chunk,
// malloc_consolidate) became the largest cost of a small op. Blocks stay 64-byte aligned: the raw
// pointer sits just before the data.
//
// Large blocks are kept in a small cache when freed and handed out again for the same size. In
// Python a temporary is freed as soon as it is dropped and the next one gets the same, still
// cached and mapped, memory back from malloc. Here temporaries die a few at a time, at
// collections; freed in a batch, large blocks merge into malloc's top chunk and are trimmed (or
// unmapped), so the next ones faulted fresh zeroed pages in and were written from cold memory.
// The cache is bounded in bytes, most recently freed first, and emptied when an allocation fails
// and at full collections (cpuBlockCacheTrim).
#include "process_effects.h"
#include "gc_pressure.h"
#include <c10/core/CPUAllocator.h>
#include <torch/csrc/autograd/graph_task.h>
#include <algorithm>
#include <cstdlib>
#include <mutex>

namespace tn {
namespace {

// Room for 64-byte alignment and the raw pointer (and, cached blocks, their size) before the data.
constexpr size_t kHeader = 64 + sizeof(void*);
constexpr size_t kCachedHeader = 64 + 2 * sizeof(void*);
constexpr size_t kPage = 4096;

// Blocks of at least kLargeTensorBytes are cached, up to kCacheCapBytes in all: a loop's few
// temporaries between two collections (gc_pressure.h) fit.
constexpr size_t kCacheCapBytes = size_t(64) << 20;
constexpr int kCacheSlots = 64;

// Freed large blocks, most recently freed first. Tensors are freed on the JS threads, autograd's
// engine threads and workers: one lock, taken only for blocks of kLargeTensorBytes or more.
struct BlockCache {
  std::mutex mutex;
  struct Entry { void* raw; size_t size; };
  Entry entries[kCacheSlots];
  int count = 0;
  size_t bytes = 0;
  uint64_t reused = 0;  // blocks handed out again (for tests)

  void* take(size_t size) {
    std::lock_guard<std::mutex> lock(mutex);
    for (int i = 0; i < count; i++) {
      if (entries[i].size != size) continue;
      void* raw = entries[i].raw;
      for (int j = i; j + 1 < count; j++) entries[j] = entries[j + 1];
      count--;
      bytes -= size;
      reused++;
      return raw;
    }
    return nullptr;
  }

  // Keeps raw (of size) if it fits; returns the blocks to free (outside the lock) in evicted.
  bool put(void* raw, size_t size, Entry* evicted, int* nEvicted) {
    *nEvicted = 0;
    if (size > kCacheCapBytes) return false;
    std::lock_guard<std::mutex> lock(mutex);
    while (count > 0 && (count == kCacheSlots || bytes + size > kCacheCapBytes)) {
      evicted[(*nEvicted)++] = entries[--count];
      bytes -= evicted[*nEvicted - 1].size;
    }
    for (int j = count; j > 0; j--) entries[j] = entries[j - 1];
    entries[0] = {raw, size};
    count++;
    bytes += size;
    return true;
  }

  void trim() {
    Entry out[kCacheSlots];
    int n;
    {
      std::lock_guard<std::mutex> lock(mutex);
      n = count;
      for (int i = 0; i < n; i++) out[i] = entries[i];
      count = 0;
      bytes = 0;
    }
    for (int i = 0; i < n; i++) std::free(out[i].raw);
  }
};

BlockCache& blockCache() {
  static auto* cache = new BlockCache();  // never destroyed: tensors may be freed during exit
  return *cache;
}

// A block's data is preceded by its raw malloc pointer; a cached-size block's raw pointer is
// tagged in bit 0 (malloc returns 16-byte aligned blocks) and preceded by its size.
struct MallocCpuAllocator final : c10::Allocator {
  static void release(void* data) {
    if (!data) return;
    auto tagged = reinterpret_cast<uintptr_t>(static_cast<void**>(data)[-1]);
    void* raw = reinterpret_cast<void*>(tagged & ~uintptr_t(1));
    if (tagged & 1) {
      size_t size = static_cast<size_t*>(data)[-2];
      BlockCache::Entry evicted[kCacheSlots];
      int n = 0;
      bool kept = blockCache().put(raw, size, evicted, &n);
      for (int i = 0; i < n; i++) std::free(evicted[i].raw);
      if (kept) return;
    }
    std::free(raw);
  }
  c10::DataPtr allocate(size_t n) override {
    if (n == 0) return {nullptr, nullptr, &release, c10::Device(c10::DeviceType::CPU)};
    void* data;
    if (n >= size_t(kLargeTensorBytes) && n < (SIZE_MAX >> 1)) {
      // A collection that frees blocks runs before the cache is looked at; never inside the
      // autograd engine, which may hold a graph task's lock while it allocates.
      static thread_local bool collecting = false;  // an allocation from inside that collection
      EnvState& s = envState;
      if (s.scavenges && !collecting && torch::autograd::get_current_graph_task_id() == -1) {
        collecting = true;
        beforeLargeCpuAllocation(s, static_cast<int64_t>(std::min<size_t>(n, size_t(1) << 50)));
        collecting = false;
      }
      size_t size = (n + kCachedHeader + kPage - 1) & ~(kPage - 1);
      void* raw = blockCache().take(size);
      if (!raw) raw = std::malloc(size);
      if (!raw) {
        blockCache().trim();
        raw = std::malloc(size);
      }
      checkAllocated(raw, n);
      data = reinterpret_cast<void*>((reinterpret_cast<uintptr_t>(raw) + kCachedHeader - 1) & ~uintptr_t(63));
      static_cast<size_t*>(data)[-2] = size;
      static_cast<void**>(data)[-1] = reinterpret_cast<void*>(reinterpret_cast<uintptr_t>(raw) | 1);
    } else {
      void* raw = n < (SIZE_MAX >> 1) ? std::malloc(n + kHeader) : nullptr;
      checkAllocated(raw, n);
      data = reinterpret_cast<void*>((reinterpret_cast<uintptr_t>(raw) + kHeader - 1) & ~uintptr_t(63));
      static_cast<void**>(data)[-1] = raw;
    }
    return {data, data, &release, c10::Device(c10::DeviceType::CPU)};
  }
  static void checkAllocated(void* raw, size_t n) {
    TORCH_CHECK(raw, "DefaultCPUAllocator: can't allocate memory: you tried to allocate ", n,
                " bytes. Error code 12 (Cannot allocate memory)");
  }
  c10::DeleterFnPtr raw_deleter() const override { return &release; }
  void copy_data(void* dest, const void* src, std::size_t count) const override {
    default_copy_data(dest, src, count);
  }
};

}  // namespace

void installMallocCpuAllocator() {
  // Never destroyed: tensors may be freed during process exit.
  static auto* alloc = new MallocCpuAllocator();
  c10::SetCPUAllocator(alloc, /*priority=*/1);
}

void cpuBlockCacheTrim() { blockCache().trim(); }

CpuBlockCacheStats cpuBlockCacheStats() {
  BlockCache& c = blockCache();
  std::lock_guard<std::mutex> lock(c.mutex);
  return {c.count, static_cast<int64_t>(c.bytes), static_cast<int64_t>(c.reused)};
}

}  // namespace tn
