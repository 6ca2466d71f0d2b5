// Every ATen operator through the c10 dispatcher: families of overloads looked up by name
// (op_registry), resolved against the JS arguments as PyTorch's Python argument parser does
// (op_match.h), converted (op_convert.h) and called boxed (op_call.cpp).
#pragma once
#include "common.h"

namespace tn {
// callOp, opFamily.
void registerOpCall(Napi::Env env, Napi::Object exports);
// listSchemas (op_schemas.cpp).
void registerOpSchemas(Napi::Env env, Napi::Object exports);
}  // namespace tn
