#include "generator_box.h"
#include "dtypes.h"
#include "tensor_box.h"
#include <ATen/CPUGeneratorImpl.h>
#include <ATen/Context.h>

namespace tn {

bool isGeneratorHandle(napi_env env, napi_value value) {
  void* data = nullptr;
  if (napi_get_value_external(env, value, &data) != napi_ok || data == nullptr) return false;
  return static_cast<GeneratorBox*>(data)->magic == GeneratorBox::kMagic;
}

at::Generator generatorOf(napi_env env, napi_value value) {
  if (!isGeneratorHandle(env, value)) throw JsTypeError("generator must be a torch.Generator");
  void* data = nullptr;
  napi_get_value_external(env, value, &data);
  return static_cast<GeneratorBox*>(data)->generator;
}

static napi_value wrapGenerator(napi_env env, at::Generator gen) {
  auto* box = new GeneratorBox{GeneratorBox::kMagic, std::move(gen)};
  napi_value result;
  napi_create_external(env, box, [](node_api_basic_env, void* data, void*) {
    delete static_cast<GeneratorBox*>(data);
  }, nullptr, &result);
  return result;
}

static at::Generator defaultGeneratorFor(const at::Device& device) {
  return at::globalContext().defaultGenerator(device);
}

// newGenerator(device?) -> handle of a fresh generator (default seed, as PyTorch's)
static Napi::Value newGenerator(const Napi::CallbackInfo& info) {
  return guardedValue(info, [&]() -> Napi::Value {
    at::Device device = info.Length() > 0 && info[0].IsString()
                            ? deviceFromName(info[0].As<Napi::String>()) : at::Device(at::kCPU);
    at::Generator gen;
    if (device.is_cpu()) {
      gen = at::make_generator<at::CPUGeneratorImpl>();
    } else {
      // Other devices: a new generator of the device's accelerator hooks.
      gen = at::globalContext().getAcceleratorHooksInterface(device.type()).getNewGenerator(device.index());
    }
    return Napi::Value(info.Env(), wrapGenerator(info.Env(), gen));
  });
}

static Napi::Value defaultGenerator(const Napi::CallbackInfo& info) {
  return guardedValue(info, [&]() -> Napi::Value {
    at::Device device = info.Length() > 0 && info[0].IsString()
                            ? deviceFromName(info[0].As<Napi::String>()) : at::Device(at::kCPU);
    return Napi::Value(info.Env(), wrapGenerator(info.Env(), defaultGeneratorFor(device)));
  });
}

static Napi::Value manualSeed(const Napi::CallbackInfo& info) {
  return guardedValue(info, [&]() -> Napi::Value {
    at::Generator gen = generatorOf(info.Env(), info[0]);
    bool lossless;
    uint64_t seed = info[1].As<Napi::BigInt>().Uint64Value(&lossless);
    std::lock_guard<std::mutex> lock(gen.mutex());
    gen.set_current_seed(seed);
    return info.Env().Undefined();
  });
}

static Napi::Value seedOf(const Napi::CallbackInfo& info) {
  return guardedValue(info, [&]() -> Napi::Value {
    at::Generator gen = generatorOf(info.Env(), info[0]);
    std::lock_guard<std::mutex> lock(gen.mutex());
    return Napi::BigInt::New(info.Env(), gen.current_seed());
  });
}

// Picks a non-deterministic seed, as torch.seed() / Generator.seed() do.
static Napi::Value reseed(const Napi::CallbackInfo& info) {
  return guardedValue(info, [&]() -> Napi::Value {
    at::Generator gen = generatorOf(info.Env(), info[0]);
    std::lock_guard<std::mutex> lock(gen.mutex());
    return Napi::BigInt::New(info.Env(), gen.seed());
  });
}

static Napi::Value getState(const Napi::CallbackInfo& info) {
  return guardedValue(info, [&]() -> Napi::Value {
    at::Generator gen = generatorOf(info.Env(), info[0]);
    std::lock_guard<std::mutex> lock(gen.mutex());
    return Napi::Value(info.Env(), wrapTensor(info.Env(), at::Tensor(gen.get_state())));
  });
}

static Napi::Value setState(const Napi::CallbackInfo& info) {
  return guardedValue(info, [&]() -> Napi::Value {
    at::Generator gen = generatorOf(info.Env(), info[0]);
    const at::Tensor& state = unwrapTensor(info.Env(), info[1], "newState");
    std::lock_guard<std::mutex> lock(gen.mutex());
    gen.set_state(state);
    return info.Env().Undefined();
  });
}

static Napi::Value generatorDevice(const Napi::CallbackInfo& info) {
  return guardedValue(info, [&]() -> Napi::Value {
    return Napi::String::New(info.Env(), generatorOf(info.Env(), info[0]).device().str());
  });
}

void registerGenerators(Napi::Env env, Napi::Object exports) {
  exports.Set("newGenerator", Napi::Function::New(env, newGenerator, "newGenerator"));
  exports.Set("defaultGenerator", Napi::Function::New(env, defaultGenerator, "defaultGenerator"));
  exports.Set("generatorManualSeed", Napi::Function::New(env, manualSeed, "generatorManualSeed"));
  exports.Set("generatorInitialSeed", Napi::Function::New(env, seedOf, "generatorInitialSeed"));
  exports.Set("generatorSeed", Napi::Function::New(env, reseed, "generatorSeed"));
  exports.Set("generatorGetState", Napi::Function::New(env, getState, "generatorGetState"));
  exports.Set("generatorSetState", Napi::Function::New(env, setState, "generatorSetState"));
  exports.Set("generatorDevice", Napi::Function::New(env, generatorDevice, "generatorDevice"));
}

}  // namespace tn
