// Every ATen operator through the c10 dispatcher: families of overloads looked up by name,
// resolved against the JS arguments as PyTorch's Python argument parser does, called boxed.
#pragma once
#include "common.h"

namespace tn {
void registerOpCall(Napi::Env env, Napi::Object exports);
}
