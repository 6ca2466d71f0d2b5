// torch.Generator as JS holds it: an External pointing at a GeneratorBox.
#pragma once
#include "common.h"
#include <ATen/core/Generator.h>

namespace tn {

struct GeneratorBox {
  static constexpr uint32_t kMagic = 0x6e4e7a71;
  uint32_t magic = kMagic;
  at::Generator generator;
};

// The default CPU generator is per JS thread. LibTorch has one process-wide default generator,
// which every operator without an explicit generator draws from; Node runs each worker as its own
// JS thread, and a worker's torch.manualSeed() must give it its own reproducible stream (as a
// separate Python process would have), untouched by other threads. So each JS thread keeps its own
// generator state, and while several JS threads exist, an operator that draws random numbers holds
// this lease: the calling thread's state is swapped into the default generator (only when another
// thread's is there) and kept there for the call. With a single JS thread the lease costs nothing.
// A worker's stream starts from PyTorch's default seed, as a new process does. CUDA generators
// stay process-wide.
class DefaultGeneratorLease {
 public:
  explicit DefaultGeneratorLease(bool needed);
  ~DefaultGeneratorLease();
  DefaultGeneratorLease(const DefaultGeneratorLease&) = delete;
  DefaultGeneratorLease& operator=(const DefaultGeneratorLease&) = delete;

 private:
  bool held_ = false;
};
// True when gen is the default CPU generator (whose state is per JS thread, see above).
bool isDefaultCpuGenerator(const at::Generator& gen);

bool isGeneratorHandle(napi_env env, napi_value value);
at::Generator generatorOf(napi_env env, napi_value value);
void registerGenerators(Napi::Env env, Napi::Object exports);

}  // namespace tn
