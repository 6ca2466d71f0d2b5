// The addon's entry point: each concept registers its functions.
#include "common.h"
#include "deferred_release.h"
#include "generator_box.h"
#include "op_call.h"
#include "gc_pressure.h"
#include "process_effects.h"
#include "tensor_object.h"
#include "tidy_scope.h"

namespace tn {
void registerTensorProperties(Napi::Env env, Napi::Object exports);
void registerTensorData(Napi::Env env, Napi::Object exports);
void registerAutograd(Napi::Env env, Napi::Object exports);
void registerEngineBridge(Napi::Env env, Napi::Object exports);
void registerCustomFunction(Napi::Env env, Napi::Object exports);
void registerTensorHooks(Napi::Env env, Napi::Object exports);
void registerRuntime(Napi::Env env, Napi::Object exports);
void registerScalarMath(Napi::Env env, Napi::Object exports);
void registerCuda(Napi::Env env, Napi::Object exports);
void registerScriptModule(Napi::Env env, Napi::Object exports);
void registerSerialization(Napi::Env env, Napi::Object exports);
void registerMappedFile(Napi::Env env, Napi::Object exports);
void registerTensorBytes(Napi::Env env, Napi::Object exports);
void registerIndexing(Napi::Env env, Napi::Object exports);
void registerBackends(Napi::Env env, Napi::Object exports);
void registerAutogradNodes(Napi::Env env, Napi::Object exports);
void registerDistributed(Napi::Env env, Napi::Object exports);
void registerFunctorch(Napi::Env env, Napi::Object exports);
void registerAutocast(Napi::Env env, Napi::Object exports);
void registerGraphTools(Napi::Env env, Napi::Object exports);
void registerProfiler(Napi::Env env, Napi::Object exports);
void registerJpegDecode(Napi::Env env, Napi::Object exports);
}  // namespace tn

static Napi::Object init(Napi::Env env, Napi::Object exports) {
  // First: cleanup hooks run in reverse order, so the queue outlives the teardown of tensors,
  // whose autograd nodes and hooks queue their references as they go.
  tn::registerDeferredReleases(env);
  // Before anything allocates a tensor: the CPU allocator is chosen here.
  tn::registerProcessEffects(env, exports);
  tn::registerTensorObjects(env, exports);
  tn::registerGcPressure(env, exports);
  tn::registerTidyScopes(env, exports);
  tn::registerOpCall(env, exports);
  tn::registerOpSchemas(env, exports);
  tn::registerTensorProperties(env, exports);
  tn::registerTensorData(env, exports);
  tn::registerAutograd(env, exports);
  tn::registerEngineBridge(env, exports);
  tn::registerCustomFunction(env, exports);
  tn::registerTensorHooks(env, exports);
  tn::registerGenerators(env, exports);
  tn::registerRuntime(env, exports);
  tn::registerScalarMath(env, exports);
  tn::registerCuda(env, exports);
  tn::registerScriptModule(env, exports);
  tn::registerSerialization(env, exports);
  tn::registerMappedFile(env, exports);
  tn::registerTensorBytes(env, exports);
  tn::registerIndexing(env, exports);
  tn::registerBackends(env, exports);
  tn::registerAutogradNodes(env, exports);
  tn::registerDistributed(env, exports);
  tn::registerFunctorch(env, exports);
  tn::registerAutocast(env, exports);
  tn::registerGraphTools(env, exports);
  tn::registerProfiler(env, exports);
  tn::registerJpegDecode(env, exports);
  return exports;
}

NODE_API_MODULE(torch_node, init)
