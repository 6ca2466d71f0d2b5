// What loading the addon changes for the whole process, in one place (docs/native-layout.md,
// "Process-wide effects"). Each effect is applied once per process, at the first load, and each
// can be switched off before that with TORCH_NODE_DISABLE_EFFECTS (a comma-separated list of the
// names below, or "all"):
//   cpu-allocator   LibTorch's CPU allocator replaced by a malloc-based one (cpu_allocator.cpp);
//                   also off with TORCH_NODE_DEFAULT_CPU_ALLOCATOR=1
//   malloc-fastbins glibc's fastbins turned off (mallopt(M_MXFAST, 0)); also off with
//                   TORCH_NODE_MALLOC_DEFAULTS=1
//   expose-gc       V8's --expose-gc flag set, which the scavenge policy needs (gc_pressure.h)
#pragma once
#include "common.h"

namespace tn {

struct ProcessEffects {
  bool cpuAllocator = false;
  bool mallocFastbinsOff = false;
  bool exposeGc = false;
};

// Applies the effects not switched off (first call in the process; later calls, from workers,
// only return what was applied). JS thread, at addon load.
const ProcessEffects& applyProcessEffects();
// What applyProcessEffects applied.
const ProcessEffects& processEffects();

// native.processEffects(): { cpuAllocator, mallocFastbinsOff, exposeGc }.
void registerProcessEffects(Napi::Env env, Napi::Object exports);

// cpu_allocator.cpp
void installMallocCpuAllocator();
// Returns the large blocks the CPU allocator keeps for reuse to malloc (any thread).
void cpuBlockCacheTrim();
struct CpuBlockCacheStats { int blocks; int64_t bytes; int64_t reused; };
CpuBlockCacheStats cpuBlockCacheStats();

}  // namespace tn
