// TorchScript modules (torch.jit): loading, saving, attributes, method calls, and method calls on
// the inference pool (forwardAsync). JS sees a module as a tagged External (ivalue_convert.h);
// lib/jit/script_module.ts wraps it into a ScriptModule.
//
// The inference pool is our own, not libuv's: libuv's pool (4 threads by default, sized once per
// process) also runs fs, dns.lookup, zlib and crypto, which long model runs would starve; ours is
// sized at run time (setAsyncPool) and each of its threads has its own intra-op thread count
// (OpenMP and MKL thread counts are per thread). Inputs are converted on the JS thread, the method
// runs on a pool thread under the caller's thread-local state (grad mode, inference mode, ...
// captured at call time), and the result is converted back on the JS thread through a
// thread-safe function, which is referenced only while calls are pending (so an idle pool never
// keeps the process alive).
#include "ivalue_convert.h"
#include "enum_names.h"
#include "names.h"
#include "tensor_object.h"
#include <torch/csrc/jit/api/module.h>
#include <torch/csrc/jit/api/function_impl.h>
#include <torch/csrc/jit/serialization/import.h>
#include <ATen/ThreadLocalState.h>
#include <ATen/Parallel.h>
#include <cerrno>
#include <cmath>
#include <condition_variable>
#include <deque>
#include <dlfcn.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>
#include <mutex>
#include <sstream>
#include <thread>

namespace tn {
void registerJitTrace(Napi::Env env, Napi::Object jit);

namespace {

using ObjectPtr = c10::intrusive_ptr<c10::ivalue::Object>;

std::string stringArg(const Napi::CallbackInfo& info, size_t i, const char* what) {
  if (!info[i].IsString()) throw JsTypeError(std::string(what) + " must be a string");
  return info[i].As<Napi::String>().Utf8Value();
}

torch::jit::Module moduleArg(const Napi::CallbackInfo& info, size_t i, const char* what = "module") {
  ObjectPtr* obj = scriptObjectOf(info.Env(), info[i]);
  if (obj == nullptr) throw JsTypeError(std::string(what) + " must be a ScriptModule handle");
  return torch::jit::Module(*obj);
}

std::optional<at::Device> deviceArg(const Napi::CallbackInfo& info, size_t i) {
  if (info.Length() <= i || info[i].IsNull() || info[i].IsUndefined()) return std::nullopt;
  if (!info[i].IsString()) throw JsTypeError("mapLocation must be a device string such as 'cpu' or 'cuda:0'");
  return deviceFromName(info[i].As<Napi::String>().Utf8Value());
}

Napi::Value wrap(Napi::Env env, const torch::jit::Module& m) {
  return Napi::Value(env, wrapScriptObject(env, m._ivalue()));
}

// load(pathOrBytes, mapLocation?)
Napi::Value load(const Napi::CallbackInfo& info) {
  auto device = deviceArg(info, 1);
  if (info[0].IsString()) {
    return wrap(info.Env(), torch::jit::load(info[0].As<Napi::String>().Utf8Value(), device));
  }
  if (!info[0].IsTypedArray() || info[0].As<Napi::TypedArray>().TypedArrayType() != napi_uint8_array) {
    throw JsTypeError("torch.jit.load(f): f must be a path string or a Uint8Array/Buffer");
  }
  auto bytes = info[0].As<Napi::Uint8Array>();
  std::istringstream in(std::string(reinterpret_cast<const char*>(bytes.Data()), bytes.ByteLength()));
  return wrap(info.Env(), torch::jit::load(in, device));
}

Napi::Value save(const Napi::CallbackInfo& info) {
  moduleArg(info, 0).save(stringArg(info, 1, "path"));
  return info.Env().Undefined();
}

Napi::Value saveToBuffer(const Napi::CallbackInfo& info) {
  std::ostringstream out;
  moduleArg(info, 0).save(out);
  std::string bytes = out.str();
  return Napi::Buffer<char>::Copy(info.Env(), bytes.data(), bytes.size());
}

// describe(h): the class name, attributes (name, TorchScript type, kind) and methods (name, schema).
Napi::Value describe(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  torch::jit::Module m = moduleArg(info, 0);
  const auto& type = m.type();
  Napi::Object out = Napi::Object::New(env);
  out.Set("typeName", type->name() ? type->name()->qualifiedName() : std::string("Module"));
  Napi::Array attrs = Napi::Array::New(env);
  for (size_t i = 0; i < type->numAttributes(); ++i) {
    Napi::Object a = Napi::Object::New(env);
    a.Set("name", type->getAttributeName(i));
    const c10::TypePtr& t = type->getAttribute(i);
    a.Set("type", t->annotation_str());
    const char* kind = type->is_parameter(i) ? "parameter" : type->is_buffer(i) ? "buffer"
                       : t->is_module() ? "module" : "attribute";
    a.Set("kind", kind);
    attrs.Set(static_cast<uint32_t>(i), a);
  }
  out.Set("attributes", attrs);
  Napi::Array constants = Napi::Array::New(env);
  for (size_t i = 0; i < type->numConstants(); ++i) constants.Set(static_cast<uint32_t>(i), type->getConstantName(i));
  out.Set("constants", constants);
  Napi::Array methods = Napi::Array::New(env);
  uint32_t n = 0;
  for (const auto& method : m.get_methods()) {
    Napi::Object d = Napi::Object::New(env);
    d.Set("name", method.name());
    std::ostringstream schema;
    schema << method.function().getSchema();
    d.Set("schema", schema.str());
    methods.Set(n++, d);
  }
  out.Set("methods", methods);
  return out;
}

Napi::Value getAttr(const Napi::CallbackInfo& info) {
  torch::jit::Module m = moduleArg(info, 0);
  return Napi::Value(info.Env(), ivalueToJs(info.Env(), m.attr(stringArg(info, 1, "name"))));
}

Napi::Value hasAttr(const Napi::CallbackInfo& info) {
  return Napi::Boolean::New(info.Env(), moduleArg(info, 0).hasattr(stringArg(info, 1, "name")));
}

// setAttr(h, name, value): converted by the attribute's declared type; TorchScript checks it
// (constants and unknown names are refused, a value of another type too).
Napi::Value setAttr(const Napi::CallbackInfo& info) {
  torch::jit::Module m = moduleArg(info, 0);
  std::string name = stringArg(info, 1, "name");
  c10::TypePtr type;
  if (auto slot = m.type()->findAttributeSlot(name)) type = m.type()->getAttribute(*slot);
  m.setattr(name, jsToIValue(info.Env(), info[2], type, "setAttr('" + name + "')"));
  return info.Env().Undefined();
}

// [[name, tensor, 'parameter' | 'buffer'], ...]: the module's own tensors, in slot order.
Napi::Value ownTensors(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  torch::jit::Module m = moduleArg(info, 0);
  const auto& type = m.type();
  Napi::Array out = Napi::Array::New(env);
  uint32_t n = 0;
  for (size_t i = 0; i < type->numAttributes(); ++i) {
    bool param = type->is_parameter(i);
    if (!param && !type->is_buffer(i)) continue;
    c10::IValue v = m._ivalue()->getSlot(i);
    if (!v.isTensor()) continue;  // a None parameter slot (bias=False)
    Napi::Array row = Napi::Array::New(env, 3);
    row.Set(0u, type->getAttributeName(i));
    row.Set(1u, Napi::Value(env, wrapTensor(env, v.toTensor())));
    row.Set(2u, param ? "parameter" : "buffer");
    out.Set(n++, row);
  }
  return out;
}

// [[name, handle], ...]: direct submodules, as handles (the JS side keeps one wrapper each).
Napi::Value ownModules(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  torch::jit::Module m = moduleArg(info, 0);
  Napi::Array out = Napi::Array::New(env);
  uint32_t n = 0;
  for (const auto& child : m.named_children()) {
    Napi::Array row = Napi::Array::New(env, 2);
    row.Set(0u, child.name);
    row.Set(1u, wrap(env, child.value));
    out.Set(n++, row);
  }
  return out;
}

Napi::Value sameObject(const Napi::CallbackInfo& info) {
  ObjectPtr* a = scriptObjectOf(info.Env(), info[0]);
  ObjectPtr* b = scriptObjectOf(info.Env(), info[1]);
  return Napi::Boolean::New(info.Env(), a != nullptr && b != nullptr && a->get() == b->get());
}

Napi::Value sameTensor(const Napi::CallbackInfo& info) {
  TensorBox* a = tensorBoxOf(info.Env(), info[0]);
  TensorBox* b = tensorBoxOf(info.Env(), info[1]);
  return Napi::Boolean::New(info.Env(), a != nullptr && b != nullptr && a->tensor.defined() && b->tensor.defined() &&
                                            a->tensor.unsafeGetTensorImpl() == b->tensor.unsafeGetTensorImpl());
}

Napi::Value train(const Napi::CallbackInfo& info) {
  if (!info[1].IsBoolean()) throw JsTypeError("train(mode): mode must be a boolean");
  moduleArg(info, 0).train(info[1].As<Napi::Boolean>());
  return info.Env().Undefined();
}

// to(h, device | null, dtype | null, nonBlocking)
Napi::Value to(const Napi::CallbackInfo& info) {
  torch::jit::Module m = moduleArg(info, 0);
  std::optional<at::Device> device;
  if (info[1].IsString()) device = deviceFromName(info[1].As<Napi::String>().Utf8Value());
  std::optional<at::ScalarType> dtype;
  if (info[2].IsString()) {
    dtype = scalarTypeFromName(info[2].As<Napi::String>().Utf8Value());
    if (!dtype) throw JsTypeError("to(): unknown dtype " + info[2].As<Napi::String>().Utf8Value());
  }
  bool nonBlocking = info[3].ToBoolean();
  if (device && dtype) m.to(*device, *dtype, nonBlocking);
  else if (device) m.to(*device, nonBlocking);
  else if (dtype) m.to(*dtype, nonBlocking);
  return info.Env().Undefined();
}

Napi::Value cloneModule(const Napi::CallbackInfo& info) {
  return wrap(info.Env(), moduleArg(info, 0).deepcopy());
}

Napi::Value graph(const Napi::CallbackInfo& info) {
  torch::jit::Module m = moduleArg(info, 0);
  std::string name = stringArg(info, 1, "method");
  auto method = m.find_method(name);
  if (!method) throw JsTypeError("ScriptModule has no method '" + name + "'");
  return Napi::String::New(info.Env(), torch::jit::toGraphFunction(method->function()).graph()->toString());
}

Napi::Value setModuleFactory(const Napi::CallbackInfo& info) {
  if (!info[0].IsFunction()) throw JsTypeError("setModuleFactory(fn): fn must be a function");
  setScriptModuleFactory(info.Env(), info[0]);
  return info.Env().Undefined();
}

// The method and its converted arguments (self not included), checked later by TorchScript.
struct PreparedCall {
  torch::jit::Method method;
  std::vector<c10::IValue> stack;
  torch::jit::Kwargs kwargs;
  c10::IValue run() { return method(std::move(stack), kwargs); }
};

// Types a trailing plain object may stand for as a positional argument (else it is keywords).
bool takesObject(const c10::TypePtr& type) {
  switch (type->kind()) {
    case c10::TypeKind::DictType:
    case c10::TypeKind::TupleType:
    case c10::TypeKind::AnyType:
      return true;
    case c10::TypeKind::OptionalType:
      return takesObject(type->expectRef<c10::OptionalType>().getElementType());
    case c10::TypeKind::UnionType:
      for (const auto& t : type->expectRef<c10::UnionType>().containedTypes()) if (takesObject(t)) return true;
      return false;
    default:
      return false;
  }
}

PreparedCall prepare(const Napi::CallbackInfo& info) {
  torch::jit::Module m = moduleArg(info, 0);
  std::string name = stringArg(info, 1, "method name");
  if (!info[2].IsArray()) throw JsTypeError("callMethod(): args must be an array");
  auto method = m.find_method(name);
  if (!method) {
    std::string names;
    for (const auto& mm : m.get_methods()) names += (names.empty() ? "" : ", ") + mm.name();
    throw JsTypeError("ScriptModule (" + m.type()->repr_str() + ") has no method '" + name + "'" +
                      (names.empty() ? "" : " (its methods: " + names + ")"));
  }
  const auto& schemaArgs = method->function().getSchema().arguments();
  Napi::Array args = info[2].As<Napi::Array>();
  uint32_t n = args.Length();
  if (n > 4096) throw JsRangeError("callMethod(): too many arguments (" + std::to_string(n) + ")");
  // A trailing plain object is keyword arguments (the project's options-object convention, with
  // snake_case or camelCase names) unless the parameter in its position takes a dict or tuple.
  torch::jit::Kwargs kwargs;
  if (n > 0) {
    Napi::Value last = args.Get(n - 1);
    if (isPlainJsObject(info.Env(), last) && !(n < schemaArgs.size() && takesObject(schemaArgs[n].type()))) {
      for (auto& [key, value] : plainObjectEntries(info.Env(), last)) {
        const c10::Argument* match = nullptr;
        for (size_t j = 1; j < schemaArgs.size(); ++j) {
          if (schemaArgs[j].name() != key && jsName(schemaArgs[j].name()) != key) continue;
          match = &schemaArgs[j];
          // Given positionally too (LibTorch would only assert): Python's message.
          if (j < n) throw JsTypeError(name + "() got multiple values for argument '" + schemaArgs[j].name() + "'");
        }
        // An unknown name is passed on as written: TorchScript names it in its error.
        std::string argName = match ? match->name() : key;
        kwargs[argName] = jsToIValue(info.Env(), value, match ? match->type() : nullptr, name + "() argument '" + argName + "'");
      }
      --n;
    }
  }
  std::vector<c10::IValue> stack;
  stack.reserve(n + 1);
  for (uint32_t i = 0; i < n; ++i) {
    // Schema argument 0 is self.
    c10::TypePtr type;
    std::string what = name + "() argument " + std::to_string(i + 1);
    if (i + 1 < schemaArgs.size()) {
      type = schemaArgs[i + 1].type();
      what = name + "() argument '" + schemaArgs[i + 1].name() + "'";
    }
    stack.push_back(jsToIValue(info.Env(), args.Get(i), type, what));
  }
  return {*method, std::move(stack), std::move(kwargs)};
}

Napi::Value callMethod(const Napi::CallbackInfo& info) {
  PreparedCall call = prepare(info);
  c10::IValue out = call.run();
  return Napi::Value(info.Env(), ivalueToJs(info.Env(), out));
}

// ---- the inference pool ------------------------------------------------------------------------

using OmpSetThreadsFn = void (*)(int);
using MklSetThreadsFn = int (*)(int);

// OpenMP's and MKL's per-thread thread counts, looked up in LibTorch's own libraries (absent in
// builds without them: the counts then stay what LibTorch gives every new thread).
struct ThreadCountSetters {
  OmpSetThreadsFn omp = nullptr;
  MklSetThreadsFn mkl = nullptr;
  ThreadCountSetters() {
    void* lib = dlopen("libtorch_cpu.so", RTLD_LAZY | RTLD_NOLOAD);
    if (lib == nullptr) return;
    omp = reinterpret_cast<OmpSetThreadsFn>(dlsym(lib, "omp_set_num_threads"));
    // mkl_service.h's mkl_set_num_threads_local is a macro for this C entry point (the exported
    // lowercase names are the Fortran interface, which takes a pointer).
    mkl = reinterpret_cast<MklSetThreadsFn>(dlsym(lib, "MKL_Set_Num_Threads_Local"));
  }
};

const ThreadCountSetters& threadCountSetters() {
  static ThreadCountSetters setters;
  return setters;
}

struct Pool;

struct Task {
  Pool* pool = nullptr;
  PreparedCall call;
  at::ThreadLocalState state;
  napi_deferred deferred = nullptr;
  c10::IValue result;
  bool failed = false;
  std::string error;
};

struct Pool {
  int threads = 0;
  int intraOpThreads = 0;  // 0: what LibTorch gives a new thread (the process-wide setting)
  int measuredIntraOp = 0;
  std::mutex mutex;
  std::condition_variable wake;
  std::deque<Task*> queue;
  bool stopping = false;
  std::vector<std::thread> workers;
  napi_threadsafe_function done = nullptr;
  int pending = 0;  // JS thread only
};

thread_local Pool* jsThreadPool = nullptr;

// Pool threads yield the CPU to the event loop when the cores are oversubscribed (at equal priority
// a pool with more threads than cores delays the loop's timers by several periods): on Linux, nice
// is per thread.
constexpr int kPoolNiceIncrement = 5;

void workerMain(Pool* pool) {
#if defined(__linux__)
  {
    auto tid = static_cast<id_t>(syscall(SYS_gettid));
    errno = 0;
    int current = getpriority(PRIO_PROCESS, tid);
    if (errno == 0) setpriority(PRIO_PROCESS, tid, current + kPoolNiceIncrement);  // best effort
  }
#endif
  // LibTorch's lazy per-thread setup first (at::get_num_threads runs it), then our counts.
  at::get_num_threads();
  if (pool->intraOpThreads > 0) {
    const auto& set = threadCountSetters();
    if (set.omp) set.omp(pool->intraOpThreads);
    if (set.mkl) set.mkl(pool->intraOpThreads);
  }
  {
    std::lock_guard<std::mutex> lock(pool->mutex);
    pool->measuredIntraOp = at::get_num_threads();
  }
  for (;;) {
    Task* task;
    {
      std::unique_lock<std::mutex> lock(pool->mutex);
      pool->wake.wait(lock, [&] { return pool->stopping || !pool->queue.empty(); });
      if (pool->stopping) return;
      task = pool->queue.front();
      pool->queue.pop_front();
    }
    try {
      at::ThreadLocalStateGuard guard(task->state);
      task->result = task->call.run();
    } catch (const c10::Error& e) {
      task->failed = true;
      task->error = e.what_without_backtrace();
    } catch (const std::exception& e) {
      task->failed = true;
      task->error = e.what();
      auto pos = task->error.find("\nException raised from");
      if (pos != std::string::npos) task->error.resize(pos);
    } catch (...) {
      task->failed = true;
      task->error = "torch-node: unknown error in a TorchScript call";
    }
    // The inputs die here, on the pool thread; the result travels to the JS thread.
    task->call.stack.clear();
    task->call.kwargs.clear();
    if (napi_call_threadsafe_function(pool->done, task, napi_tsfn_nonblocking) != napi_ok) {
      // The env is shutting down: nobody is waiting for the promise any more.
      delete task;
    }
  }
}

void settle(napi_env env, napi_value, void*, void* data) {
  Task* task = static_cast<Task*>(data);
  std::unique_ptr<Task> owner(task);
  if (env == nullptr) return;  // the thread-safe function is being torn down
  Pool* pool = task->pool;
  if (--pool->pending == 0) napi_unref_threadsafe_function(env, pool->done);
  napi_value value = nullptr;
  bool ok = !task->failed;
  if (ok) {
    try {
      value = ivalueToJs(env, task->result);
    } catch (...) {
      throwAsJs(env);
    }
    bool pendingException = false;
    napi_is_exception_pending(env, &pendingException);
    if (pendingException) {
      napi_get_and_clear_last_exception(env, &value);
      ok = false;
    }
  } else {
    napi_value message;
    napi_create_string_utf8(env, task->error.data(), task->error.size(), &message);
    napi_create_error(env, nullptr, message, &value);
  }
  task->result = c10::IValue();
  if (ok) napi_resolve_deferred(env, task->deferred, value);
  else napi_reject_deferred(env, task->deferred, value);
}

void stopPool(Pool* pool) {
  {
    std::lock_guard<std::mutex> lock(pool->mutex);
    pool->stopping = true;
    for (Task* t : pool->queue) delete t;
    pool->queue.clear();
  }
  pool->wake.notify_all();
  for (auto& w : pool->workers) w.join();
}

void cleanupPool(void*) {
  Pool* pool = jsThreadPool;
  jsThreadPool = nullptr;
  if (pool == nullptr) return;
  stopPool(pool);
  // The thread-safe function is released by the env's own teardown (its cleanup hook).
  napi_release_threadsafe_function(pool->done, napi_tsfn_abort);
  delete pool;
}

Pool* startPool(napi_env env, int threads, int intraOp) {
  auto pool = std::make_unique<Pool>();
  pool->threads = threads;
  pool->intraOpThreads = intraOp;
  napi_value name;
  check(env, napi_create_string_utf8(env, "torch-node.jit.inference", NAPI_AUTO_LENGTH, &name));
  check(env, napi_create_threadsafe_function(env, nullptr, nullptr, name, 0, 1, nullptr, nullptr, nullptr, settle,
                                             &pool->done));
  check(env, napi_unref_threadsafe_function(env, pool->done));
  for (int i = 0; i < threads; ++i) pool->workers.emplace_back(workerMain, pool.get());
  return pool.release();
}

Pool* poolFor(napi_env env) {
  if (jsThreadPool == nullptr) {
    jsThreadPool = startPool(env, 1, 0);
    napi_add_env_cleanup_hook(env, cleanupPool, nullptr);
  }
  return jsThreadPool;
}

// setAsyncPool(threads, intraOpThreads): replaces the pool (none may be running).
Napi::Value setAsyncPool(const Napi::CallbackInfo& info) {
  napi_env env = info.Env();
  auto intArg = [&](size_t i, const char* what, int min) {
    if (!info[i].IsNumber()) throw JsTypeError(std::string(what) + " must be an integer");
    double d = info[i].As<Napi::Number>().DoubleValue();
    if (!(d >= min && d <= 256 && std::floor(d) == d)) {
      throw JsRangeError(std::string(what) + " must be an integer from " + std::to_string(min) + " to 256");
    }
    return static_cast<int>(d);
  };
  int threads = intArg(0, "threads", 1);
  int intraOp = intArg(1, "intraOpThreads", 0);
  Pool* old = poolFor(env);
  if (old->pending > 0) {
    throw std::runtime_error("torch.jit.setAsyncPool(): " + std::to_string(old->pending) +
                             " asynchronous calls are still running; await them first");
  }
  Pool* fresh = startPool(env, threads, intraOp);
  jsThreadPool = fresh;
  stopPool(old);
  napi_release_threadsafe_function(old->done, napi_tsfn_abort);
  delete old;
  return info.Env().Undefined();
}

Napi::Value asyncPoolInfo(const Napi::CallbackInfo& info) {
  Pool* pool = poolFor(info.Env());
  Napi::Object out = Napi::Object::New(info.Env());
  out.Set("threads", pool->threads);
  out.Set("intraOpThreads", pool->intraOpThreads);
  out.Set("pending", pool->pending);
  std::lock_guard<std::mutex> lock(pool->mutex);
  out.Set("workerIntraOpThreads", pool->measuredIntraOp);
  return out;
}

Napi::Value callMethodAsync(const Napi::CallbackInfo& info) {
  napi_env env = info.Env();
  Pool* pool = poolFor(env);
  auto task = std::make_unique<Task>(Task{pool, prepare(info), at::ThreadLocalState(), nullptr, {}, false, {}});
  napi_value promise;
  check(env, napi_create_promise(env, &task->deferred, &promise));
  if (pool->pending++ == 0) check(env, napi_ref_threadsafe_function(env, pool->done));
  {
    std::lock_guard<std::mutex> lock(pool->mutex);
    pool->queue.push_back(task.release());
  }
  pool->wake.notify_one();
  return Napi::Value(env, promise);
}

}  // namespace

void registerScriptModule(Napi::Env env, Napi::Object exports) {
  Napi::Object jit = Napi::Object::New(env);
  napi_value target = jit;
  defineFunctions(env, target, {
      TN_FN("load", load),
      TN_FN("save", save),
      TN_FN("saveToBuffer", saveToBuffer),
      TN_FN("describe", describe),
      TN_FN("getAttr", getAttr),
      TN_FN("hasAttr", hasAttr),
      TN_FN("setAttr", setAttr),
      TN_FN("ownTensors", ownTensors),
      TN_FN("ownModules", ownModules),
      TN_FN("sameObject", sameObject),
      TN_FN("sameTensor", sameTensor),
      TN_FN("train", train),
      TN_FN("to", to),
      TN_FN("clone", cloneModule),
      TN_FN("graph", graph),
      TN_FN("setModuleFactory", setModuleFactory),
      TN_FN("callMethod", callMethod),
      TN_FN("callMethodAsync", callMethodAsync),
      TN_FN("setAsyncPool", setAsyncPool),
      TN_FN("asyncPoolInfo", asyncPoolInfo),
  });
  registerJitTrace(env, jit);
  exports.Set("jit", jit);
}

}  // namespace tn
