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

bool isGeneratorHandle(napi_env env, napi_value value);
at::Generator generatorOf(napi_env env, napi_value value);
void registerGenerators(Napi::Env env, Napi::Object exports);

}  // namespace tn
