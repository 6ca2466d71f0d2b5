#include "generator_box.h"
#include "enum_names.h"
#include "tensor_object.h"
#include <ATen/CPUGeneratorImpl.h>
#include <ATen/Context.h>
#include <atomic>
#include <mutex>

namespace tn {

namespace {

struct ThreadRng {
  at::mt19937 engine;
  std::optional<float> nextFloat;
  std::optional<double> nextDouble;
};

std::recursive_mutex rngMutex;         // held by a lease; recursive: a leased call may nest
// Whose state the default generator holds; written under rngMutex, read without it by the lease's
// fast path (atomic for that read).
std::atomic<ThreadRng*> rngOwner{nullptr};
std::atomic<int> jsThreadCount{0};
thread_local ThreadRng* threadRng = nullptr;

// rngMutex held: the calling thread's state into the default generator, the previous owner's out.
void loadThreadRng() {
  ThreadRng* owner = rngOwner.load();
  if (owner == threadRng || threadRng == nullptr) return;
  at::Generator gen = at::detail::getDefaultCPUGenerator();
  std::lock_guard<std::mutex> lock(gen.mutex());
  auto* impl = at::check_generator<at::CPUGeneratorImpl>(gen);
  if (owner) {
    owner->engine = impl->engine();
    owner->nextFloat = impl->next_float_normal_sample();
    owner->nextDouble = impl->next_double_normal_sample();
  }
  impl->set_engine(threadRng->engine);
  impl->set_next_float_normal_sample(threadRng->nextFloat);
  impl->set_next_double_normal_sample(threadRng->nextDouble);
  rngOwner = threadRng;
}

void unregisterThreadRng(void*) {
  std::lock_guard<std::recursive_mutex> lock(rngMutex);
  if (rngOwner.load() == threadRng) rngOwner.store(nullptr);  // the generator holds a dead stream; the next lease loads its caller's
  delete threadRng;
  threadRng = nullptr;
  jsThreadCount.fetch_sub(1, std::memory_order_relaxed);
}

void registerThreadRng(napi_env env) {
  std::lock_guard<std::recursive_mutex> lock(rngMutex);
  threadRng = new ThreadRng();
  if (jsThreadCount.fetch_add(1, std::memory_order_relaxed) == 0 && rngOwner.load() == nullptr) {
    // The first JS thread owns the state the default generator already has.
    rngOwner = threadRng;
  } else {
    threadRng->engine = at::mt19937(c10::default_rng_seed_val);
  }
  napi_add_env_cleanup_hook(env, unregisterThreadRng, nullptr);
}

}  // namespace

DefaultGeneratorLease::DefaultGeneratorLease(bool needed) {
  if (!needed) return;
  // One JS thread that already owns the generator needs no lock. When the last other thread exits
  // while owning it, the survivor must load its own stream back: hence the owner check, not only
  // the thread count.
  if (jsThreadCount.load(std::memory_order_relaxed) < 2 && rngOwner.load() == threadRng) return;
  rngMutex.lock();
  held_ = true;
  loadThreadRng();
}

DefaultGeneratorLease::~DefaultGeneratorLease() {
  if (held_) rngMutex.unlock();
}

bool isDefaultCpuGenerator(const at::Generator& gen) {
  return gen.defined() && gen.unsafeGetGeneratorImpl() == at::detail::getDefaultCPUGenerator().unsafeGetGeneratorImpl();
}

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
}

static Napi::Value defaultGenerator(const Napi::CallbackInfo& info) {
  at::Device device = info.Length() > 0 && info[0].IsString()
                          ? deviceFromName(info[0].As<Napi::String>()) : at::Device(at::kCPU);
  return Napi::Value(info.Env(), wrapGenerator(info.Env(), defaultGeneratorFor(device)));
}

static Napi::Value manualSeed(const Napi::CallbackInfo& info) {
  at::Generator gen = generatorOf(info.Env(), info[0]);
  DefaultGeneratorLease lease(isDefaultCpuGenerator(gen));
  bool lossless;
  uint64_t seed = info[1].As<Napi::BigInt>().Uint64Value(&lossless);
  std::lock_guard<std::mutex> lock(gen.mutex());
  gen.set_current_seed(seed);
  return info.Env().Undefined();
}

static Napi::Value seedOf(const Napi::CallbackInfo& info) {
  at::Generator gen = generatorOf(info.Env(), info[0]);
  DefaultGeneratorLease lease(isDefaultCpuGenerator(gen));
  std::lock_guard<std::mutex> lock(gen.mutex());
  return Napi::BigInt::New(info.Env(), gen.current_seed());
}

// Picks a non-deterministic seed, as torch.seed() / Generator.seed() do.
static Napi::Value reseed(const Napi::CallbackInfo& info) {
  at::Generator gen = generatorOf(info.Env(), info[0]);
  DefaultGeneratorLease lease(isDefaultCpuGenerator(gen));
  std::lock_guard<std::mutex> lock(gen.mutex());
  return Napi::BigInt::New(info.Env(), gen.seed());
}

static Napi::Value getState(const Napi::CallbackInfo& info) {
  at::Generator gen = generatorOf(info.Env(), info[0]);
  DefaultGeneratorLease lease(isDefaultCpuGenerator(gen));
  std::lock_guard<std::mutex> lock(gen.mutex());
  return Napi::Value(info.Env(), wrapTensor(info.Env(), at::Tensor(gen.get_state())));
}

static Napi::Value setState(const Napi::CallbackInfo& info) {
  at::Generator gen = generatorOf(info.Env(), info[0]);
  const at::Tensor& state = unwrapTensor(info.Env(), info[1], "newState");
  DefaultGeneratorLease lease(isDefaultCpuGenerator(gen));
  std::lock_guard<std::mutex> lock(gen.mutex());
  gen.set_state(state);
  return info.Env().Undefined();
}

static Napi::Value generatorDevice(const Napi::CallbackInfo& info) {
  return Napi::String::New(info.Env(), generatorOf(info.Env(), info[0]).device().str());
}

void registerGenerators(Napi::Env env, Napi::Object exports) {
  registerThreadRng(env);
  defineFunctions(env, exports, {
      TN_FN("newGenerator", newGenerator),
      TN_FN("defaultGenerator", defaultGenerator),
      TN_FN("generatorManualSeed", manualSeed),
      TN_FN("generatorInitialSeed", seedOf),
      TN_FN("generatorSeed", reseed),
      TN_FN("generatorGetState", getState),
      TN_FN("generatorSetState", setState),
      TN_FN("generatorDevice", generatorDevice),
  });
}

}  // namespace tn
