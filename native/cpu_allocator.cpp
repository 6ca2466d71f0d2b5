// CPU tensor data from plain malloc instead of posix_memalign (a process effect:
// process_effects.h). LibTorch's default CPU allocator aligns every block to 64 bytes with
// posix_memalign, which bypasses malloc's thread cache and splits off fragments; with tensors
// freed in GC batches (not one by one as in Python) glibc's coalescing (unlink_chunk,
// malloc_consolidate) became the largest cost of a small op. Blocks stay 64-byte aligned: the raw
// pointer sits just before the data.
#include "process_effects.h"
#include <c10/core/CPUAllocator.h>
#include <cstdlib>

namespace tn {
namespace {

struct MallocCpuAllocator final : c10::Allocator {
  static void release(void* data) {
    if (data) std::free(static_cast<void**>(data)[-1]);
  }
  c10::DataPtr allocate(size_t n) override {
    if (n == 0) return {nullptr, nullptr, &release, c10::Device(c10::DeviceType::CPU)};
    void* raw = n < (SIZE_MAX >> 1) ? std::malloc(n + 64 + sizeof(void*)) : nullptr;
    TORCH_CHECK(raw, "DefaultCPUAllocator: can't allocate memory: you tried to allocate ", n,
                " bytes. Error code 12 (Cannot allocate memory)");
    auto addr = (reinterpret_cast<uintptr_t>(raw) + sizeof(void*) + 63) & ~uintptr_t(63);
    void* data = reinterpret_cast<void*>(addr);
    static_cast<void**>(data)[-1] = raw;
    return {data, data, &release, c10::Device(c10::DeviceType::CPU)};
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

}  // namespace tn
