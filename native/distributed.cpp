// torch.distributed, native side: handles of c10d objects, promises settled from c10d's threads,
// the key-value stores (TCPStore, FileStore, HashStore, PrefixStore) and Work objects.
// Process groups and collectives: distributed_collectives.cpp.
#include "distributed.h"
#include <torch/csrc/distributed/c10d/FileStore.hpp>
#include <torch/csrc/distributed/c10d/HashStore.hpp>
#include <torch/csrc/distributed/c10d/PrefixStore.hpp>
#include <torch/csrc/distributed/c10d/TCPStore.hpp>
#include <thread>

namespace tn::dist {

void registerDistributedCollectives(Napi::Env env, Napi::Object target);
void registerDistributedReducer(Napi::Env env, Napi::Object target);

namespace {

// ---- Handles --------------------------------------------------------------------------------

// Type tags tell our externals apart from any other external (a Generator handle, say).
constexpr napi_type_tag kStoreTag = {0x6c1f0a3e5b7d4c21ULL, 0x9e2d8b4a7f6c5e31ULL};
constexpr napi_type_tag kGroupTag = {0x6c1f0a3e5b7d4c22ULL, 0x9e2d8b4a7f6c5e32ULL};
constexpr napi_type_tag kWorkTag = {0x6c1f0a3e5b7d4c23ULL, 0x9e2d8b4a7f6c5e33ULL};

template <typename T>
struct Box {
  c10::intrusive_ptr<T> ptr;
};

template <typename T>
napi_value wrapBox(napi_env env, c10::intrusive_ptr<T> ptr, const napi_type_tag& tag) {
  auto* box = new Box<T>{std::move(ptr)};
  napi_value external;
  napi_status status = napi_create_external(
      env, box, [](napi_env, void* data, void*) { delete static_cast<Box<T>*>(data); }, nullptr, &external);
  if (status != napi_ok) {
    delete box;
    check(env, status);
  }
  check(env, napi_type_tag_object(env, external, &tag));
  return external;
}

template <typename T>
c10::intrusive_ptr<T> unwrapBox(napi_env env, napi_value value, const napi_type_tag& tag, const char* what,
                                const char* kind) {
  napi_valuetype type;
  check(env, napi_typeof(env, value, &type));
  bool tagged = false;
  if (type == napi_external) check(env, napi_check_object_type_tag(env, value, &tag, &tagged));
  if (!tagged) throw JsTypeError(std::string(what) + " must be a " + kind + " handle");
  void* data;
  check(env, napi_get_value_external(env, value, &data));
  auto& ptr = static_cast<Box<T>*>(data)->ptr;
  if (!ptr) throw JsTypeError(std::string(what) + ": the " + kind + " was released");
  return ptr;
}

}  // namespace

napi_value wrapStore(napi_env env, c10::intrusive_ptr<c10d::Store> store) { return wrapBox(env, std::move(store), kStoreTag); }
napi_value wrapProcessGroup(napi_env env, c10::intrusive_ptr<c10d::ProcessGroup> pg) { return wrapBox(env, std::move(pg), kGroupTag); }
napi_value wrapWork(napi_env env, c10::intrusive_ptr<c10d::Work> work) { return wrapBox(env, std::move(work), kWorkTag); }

c10::intrusive_ptr<c10d::Store> storeOf(napi_env env, napi_value value, const char* what) {
  return unwrapBox<c10d::Store>(env, value, kStoreTag, what, "Store");
}
c10::intrusive_ptr<c10d::ProcessGroup> processGroupOf(napi_env env, napi_value value, const char* what) {
  return unwrapBox<c10d::ProcessGroup>(env, value, kGroupTag, what, "ProcessGroup");
}
c10::intrusive_ptr<c10d::Work> workOf(napi_env env, napi_value value, const char* what) {
  return unwrapBox<c10d::Work>(env, value, kWorkTag, what, "Work");
}

// ---- Promises settled from other threads -----------------------------------------------------

Completion* Completion::create(napi_env env, napi_value* promise) {
  auto* self = new Completion();
  check(env, napi_create_promise(env, &self->deferred_, promise));
  napi_value name;
  check(env, napi_create_string_utf8(env, "torch.distributed", NAPI_AUTO_LENGTH, &name));
  napi_status status = napi_create_threadsafe_function(env, nullptr, nullptr, name, 0, 1, nullptr, nullptr, self,
                                                       &Completion::callJs, &self->tsfn_);
  if (status != napi_ok) {
    delete self;
    check(env, status);
  }
  return self;
}

// callJs may delete this as soon as the call is queued: the handle is read before.
void Completion::complete(Settle settle) {
  settle_ = std::move(settle);
  napi_threadsafe_function tsfn = tsfn_;
  napi_call_threadsafe_function(tsfn, nullptr, napi_tsfn_blocking);
  napi_release_threadsafe_function(tsfn, napi_tsfn_release);
}

void Completion::fail(std::exception_ptr error) {
  error_ = std::move(error);
  napi_threadsafe_function tsfn = tsfn_;
  napi_call_threadsafe_function(tsfn, nullptr, napi_tsfn_blocking);
  napi_release_threadsafe_function(tsfn, napi_tsfn_release);
}

void Completion::callJs(napi_env env, napi_value, void* context, void*) {
  std::unique_ptr<Completion> self(static_cast<Completion*>(context));
  if (env == nullptr) return;  // the environment is going away: nobody awaits the promise
  napi_value result = nullptr;
  try {
    if (self->error_) std::rethrow_exception(self->error_);
    result = self->settle_(env);
  } catch (const c10::DistError& e) {
    napi_throw(env, distErrorValue(env, e));
  } catch (...) {
    throwAsJs(env);
  }
  bool pending = false;
  napi_is_exception_pending(env, &pending);
  if (pending) {
    napi_value error;
    napi_get_and_clear_last_exception(env, &error);
    napi_reject_deferred(env, self->deferred_, error);
  } else {
    if (result == nullptr) napi_get_undefined(env, &result);
    napi_resolve_deferred(env, self->deferred_, result);
  }
}

napi_value distErrorValue(napi_env env, const c10::DistError& error) {
  const char* name = "DistError";
  if (dynamic_cast<const c10::DistQueueEmptyError*>(&error)) name = "DistQueueEmptyError";
  else if (dynamic_cast<const c10::DistStoreError*>(&error)) name = "DistStoreError";
  else if (dynamic_cast<const c10::DistNetworkError*>(&error)) name = "DistNetworkError";
  else if (dynamic_cast<const c10::DistBackendError*>(&error)) name = "DistBackendError";
  Napi::Error value = Napi::Error::New(env, error.what_without_backtrace());
  value.Set("name", Napi::String::New(env, name));
  return value.Value();
}

napi_value runOffThread(napi_env env, std::function<Settle()> task) {
  napi_value promise;
  Completion* completion = Completion::create(env, &promise);
  std::thread([completion, task = std::move(task)]() {
    try {
      completion->complete(task());
    } catch (...) {
      completion->fail(std::current_exception());
    }
  }).detach();
  return promise;
}

napi_value promiseOfFuture(napi_env env, const c10::intrusive_ptr<c10::ivalue::Future>& future) {
  napi_value promise;
  Completion* completion = Completion::create(env, &promise);
  // Runs on the thread that completes the future (or here, when it already has).
  future->addCallback([completion](c10::ivalue::Future& f) {
    if (f.hasError()) {
      completion->fail(f.exception_ptr());
    } else {
      completion->complete([](napi_env) -> napi_value { return nullptr; });
    }
  });
  return promise;
}

std::chrono::milliseconds msArg(napi_env env, napi_value value, std::chrono::milliseconds fallback, const char* what) {
  napi_valuetype type;
  check(env, napi_typeof(env, value, &type));
  if (type == napi_undefined || type == napi_null) return fallback;
  if (type != napi_number) throw JsTypeError(std::string(what) + " must be a number of milliseconds");
  double ms;
  check(env, napi_get_value_double(env, value, &ms));
  if (!(ms >= 0) || ms > 9.0e15) throw JsRangeError(std::string(what) + " must be a non-negative number of milliseconds (got " + std::to_string(ms) + ")");
  return std::chrono::milliseconds(static_cast<int64_t>(ms));
}

namespace {

// ---- Argument helpers ------------------------------------------------------------------------

std::string stringArg(const Napi::CallbackInfo& info, size_t i, const char* what) {
  if (!info[i].IsString()) throw JsTypeError(std::string(what) + " must be a string");
  return info[i].As<Napi::String>().Utf8Value();
}

std::vector<std::string> keysArg(const Napi::CallbackInfo& info, size_t i, const char* what) {
  if (!info[i].IsArray()) throw JsTypeError(std::string(what) + " must be an array of strings");
  auto array = info[i].As<Napi::Array>();
  std::vector<std::string> keys;
  keys.reserve(array.Length());
  for (uint32_t k = 0; k < array.Length(); ++k) {
    Napi::Value v = array.Get(k);
    if (!v.IsString()) throw JsTypeError(std::string(what) + "[" + std::to_string(k) + "] must be a string");
    keys.push_back(v.As<Napi::String>().Utf8Value());
  }
  return keys;
}

// A store value: a string (UTF-8) or bytes (Uint8Array/Buffer).
std::vector<uint8_t> bytesArg(const Napi::CallbackInfo& info, size_t i, const char* what) {
  if (info[i].IsString()) {
    std::string s = info[i].As<Napi::String>().Utf8Value();
    return std::vector<uint8_t>(s.begin(), s.end());
  }
  if (info[i].IsTypedArray()) {
    auto array = info[i].As<Napi::TypedArray>();
    if (array.TypedArrayType() == napi_uint8_array || array.TypedArrayType() == napi_int8_array ||
        array.TypedArrayType() == napi_uint8_clamped_array) {
      auto bytes = info[i].As<Napi::Uint8Array>();
      return std::vector<uint8_t>(bytes.Data(), bytes.Data() + bytes.ByteLength());
    }
  }
  throw JsTypeError(std::string(what) + " must be a string or a Uint8Array");
}

napi_value bufferOf(napi_env env, const std::vector<uint8_t>& bytes) {
  return Napi::Buffer<uint8_t>::Copy(env, bytes.data(), bytes.size());
}

int64_t intArg(const Napi::CallbackInfo& info, size_t i, const char* what) {
  if (!info[i].IsNumber()) throw JsTypeError(std::string(what) + " must be an integer");
  double d = info[i].As<Napi::Number>().DoubleValue();
  if (d != static_cast<double>(static_cast<int64_t>(d))) throw JsRangeError(std::string(what) + " must be an integer (got " + std::to_string(d) + ")");
  return static_cast<int64_t>(d);
}

// The store to block on off the JS thread: a clone with a connection of its own when the store
// supports it, so that the blocked call does not hold the lock the JS thread's calls take.
// Only a TCPStore (bare or under prefixes) is cloned: a FileStore clone would count as one more
// worker in the file's cleanup count, and a HashStore's waits release its lock anyway.
c10::intrusive_ptr<c10d::Store> storeForBackground(const c10::intrusive_ptr<c10d::Store>& store) {
  c10d::Store* base = store.get();
  if (auto* prefixed = dynamic_cast<c10d::PrefixStore*>(base)) base = prefixed->getUnderlyingNonPrefixStore().get();
  if (dynamic_cast<c10d::TCPStore*>(base) == nullptr) return store;
  return store->clone();
}

// ---- Stores ----------------------------------------------------------------------------------

// tcpStore(host, port, worldSize | null, isMaster, timeoutMs, waitWorkers, multiTenant, useLibuv)
Napi::Value tcpStore(const Napi::CallbackInfo& info) {
  napi_env env = info.Env();
  c10d::TCPStoreOptions opts;
  std::string host = stringArg(info, 0, "hostName");
  int64_t port = intArg(info, 1, "port");
  if (port < 0 || port > 65535) throw JsRangeError("port must have value from 0 to 65535 but was " + std::to_string(port) + ".");
  opts.port = static_cast<uint16_t>(port);
  if (!info[2].IsUndefined() && !info[2].IsNull()) {
    int64_t n = intArg(info, 2, "worldSize");
    if (n < 1) throw JsRangeError("worldSize must be a positive integer (got " + std::to_string(n) + ")");
    opts.numWorkers = static_cast<size_t>(n);
  }
  opts.isServer = info[3].ToBoolean();
  opts.timeout = msArg(env, info[4], c10d::Store::kDefaultTimeout, "timeout");
  opts.waitWorkers = info[5].ToBoolean();
  opts.multiTenant = info[6].ToBoolean();
  opts.useLibUV = info[7].ToBoolean();
  return Napi::Value(env, wrapStore(env, c10::make_intrusive<c10d::TCPStore>(host, opts)));
}

// tcpStoreAsync(...): the same, constructed on a thread of its own (a master waits for its
// workers, a worker retries its connection: neither blocks the event loop).
Napi::Value tcpStoreAsync(const Napi::CallbackInfo& info) {
  napi_env env = info.Env();
  c10d::TCPStoreOptions opts;
  std::string host = stringArg(info, 0, "hostName");
  int64_t port = intArg(info, 1, "port");
  if (port < 0 || port > 65535) throw JsRangeError("port must have value from 0 to 65535 but was " + std::to_string(port) + ".");
  opts.port = static_cast<uint16_t>(port);
  if (!info[2].IsUndefined() && !info[2].IsNull()) {
    int64_t n = intArg(info, 2, "worldSize");
    if (n < 1) throw JsRangeError("worldSize must be a positive integer (got " + std::to_string(n) + ")");
    opts.numWorkers = static_cast<size_t>(n);
  }
  opts.isServer = info[3].ToBoolean();
  opts.timeout = msArg(env, info[4], c10d::Store::kDefaultTimeout, "timeout");
  opts.waitWorkers = info[5].ToBoolean();
  opts.multiTenant = info[6].ToBoolean();
  opts.useLibUV = info[7].ToBoolean();
  return Napi::Value(env, runOffThread(env, [host, opts]() -> Settle {
    auto store = c10::make_intrusive<c10d::TCPStore>(host, opts);
    return [store](napi_env env) { return wrapStore(env, store); };
  }));
}

// tcpStoreInfo(store) -> { host, port, libuvBackend } | null when not a TCPStore.
Napi::Value tcpStoreInfo(const Napi::CallbackInfo& info) {
  auto store = storeOf(info.Env(), info[0], "store");
  auto* tcp = dynamic_cast<c10d::TCPStore*>(store.get());
  if (tcp == nullptr) return info.Env().Null();
  auto result = Napi::Object::New(info.Env());
  result.Set("host", tcp->getHost());
  result.Set("port", static_cast<double>(tcp->getPort()));
  result.Set("libuvBackend", tcp->isLibUvBackend());
  return result;
}

Napi::Value fileStore(const Napi::CallbackInfo& info) {
  std::string path = stringArg(info, 0, "fileName");
  int64_t n = -1;
  if (!info[1].IsUndefined() && !info[1].IsNull()) n = intArg(info, 1, "worldSize");
  return Napi::Value(info.Env(), wrapStore(info.Env(), c10::make_intrusive<c10d::FileStore>(path, static_cast<int>(n))));
}

Napi::Value hashStore(const Napi::CallbackInfo& info) {
  return Napi::Value(info.Env(), wrapStore(info.Env(), c10::make_intrusive<c10d::HashStore>()));
}

Napi::Value prefixStore(const Napi::CallbackInfo& info) {
  std::string prefix = stringArg(info, 0, "prefix");
  auto store = storeOf(info.Env(), info[1], "store");
  return Napi::Value(info.Env(), wrapStore(info.Env(), c10::make_intrusive<c10d::PrefixStore>(prefix, store)));
}

Napi::Value storeSet(const Napi::CallbackInfo& info) {
  auto store = storeOf(info.Env(), info[0], "store");
  store->set(stringArg(info, 1, "key"), bytesArg(info, 2, "value"));
  return info.Env().Undefined();
}

Napi::Value storeGet(const Napi::CallbackInfo& info) {
  auto store = storeOf(info.Env(), info[0], "store");
  return Napi::Value(info.Env(), bufferOf(info.Env(), store->get(stringArg(info, 1, "key"))));
}

Napi::Value storeGetAsync(const Napi::CallbackInfo& info) {
  auto store = storeForBackground(storeOf(info.Env(), info[0], "store"));
  std::string key = stringArg(info, 1, "key");
  return Napi::Value(info.Env(), runOffThread(info.Env(), [store, key]() -> Settle {
    auto bytes = store->get(key);
    return [bytes = std::move(bytes)](napi_env env) { return bufferOf(env, bytes); };
  }));
}

Napi::Value storeAdd(const Napi::CallbackInfo& info) {
  auto store = storeOf(info.Env(), info[0], "store");
  int64_t v = store->add(stringArg(info, 1, "key"), intArg(info, 2, "amount"));
  return Napi::Number::New(info.Env(), static_cast<double>(v));
}

Napi::Value storeCompareSet(const Napi::CallbackInfo& info) {
  auto store = storeOf(info.Env(), info[0], "store");
  auto result = store->compareSet(stringArg(info, 1, "key"), bytesArg(info, 2, "expectedValue"),
                                  bytesArg(info, 3, "desiredValue"));
  return Napi::Value(info.Env(), bufferOf(info.Env(), result));
}

// storeWait(store, keys, timeoutMs | undefined (the store's timeout))
Napi::Value storeWait(const Napi::CallbackInfo& info) {
  auto store = storeOf(info.Env(), info[0], "store");
  auto keys = keysArg(info, 1, "keys");
  if (info[2].IsUndefined() || info[2].IsNull()) {
    store->wait(keys);
  } else {
    store->wait(keys, msArg(info.Env(), info[2], store->getTimeout(), "timeout"));
  }
  return info.Env().Undefined();
}

Napi::Value storeWaitAsync(const Napi::CallbackInfo& info) {
  auto store = storeOf(info.Env(), info[0], "store");
  auto keys = keysArg(info, 1, "keys");
  auto timeout = msArg(info.Env(), info[2], store->getTimeout(), "timeout");
  auto background = storeForBackground(store);
  return Napi::Value(info.Env(), runOffThread(info.Env(), [background, keys, timeout]() -> Settle {
    background->wait(keys, timeout);
    return [](napi_env) -> napi_value { return nullptr; };
  }));
}

Napi::Value storeDeleteKey(const Napi::CallbackInfo& info) {
  auto store = storeOf(info.Env(), info[0], "store");
  return Napi::Boolean::New(info.Env(), store->deleteKey(stringArg(info, 1, "key")));
}

Napi::Value storeNumKeys(const Napi::CallbackInfo& info) {
  auto store = storeOf(info.Env(), info[0], "store");
  return Napi::Number::New(info.Env(), static_cast<double>(store->getNumKeys()));
}

Napi::Value storeCheck(const Napi::CallbackInfo& info) {
  auto store = storeOf(info.Env(), info[0], "store");
  return Napi::Boolean::New(info.Env(), store->check(keysArg(info, 1, "keys")));
}

Napi::Value storeSetTimeout(const Napi::CallbackInfo& info) {
  auto store = storeOf(info.Env(), info[0], "store");
  store->setTimeout(msArg(info.Env(), info[1], c10d::Store::kDefaultTimeout, "timeout"));
  return info.Env().Undefined();
}

Napi::Value storeGetTimeout(const Napi::CallbackInfo& info) {
  auto store = storeOf(info.Env(), info[0], "store");
  return Napi::Number::New(info.Env(), static_cast<double>(store->getTimeout().count()));
}

// ---- Work ------------------------------------------------------------------------------------

// workWait(work, timeoutMs | undefined): true when completed; throws the collective's error.
Napi::Value workWait(const Napi::CallbackInfo& info) {
  auto work = workOf(info.Env(), info[0], "work");
  auto timeout = msArg(info.Env(), info[1], ::kNoTimeout, "timeout");
  return Napi::Boolean::New(info.Env(), work->wait(timeout));
}

Napi::Value workIsCompleted(const Napi::CallbackInfo& info) {
  return Napi::Boolean::New(info.Env(), workOf(info.Env(), info[0], "work")->isCompleted());
}

Napi::Value workIsSuccess(const Napi::CallbackInfo& info) {
  return Napi::Boolean::New(info.Env(), workOf(info.Env(), info[0], "work")->isSuccess());
}

// workException(work): the JS error of a failed work, or null.
Napi::Value workException(const Napi::CallbackInfo& info) {
  auto work = workOf(info.Env(), info[0], "work");
  if (!work->isCompleted()) return info.Env().Null();
  std::exception_ptr error = work->exception();
  if (!error) return info.Env().Null();
  napi_env env = info.Env();
  try {
    std::rethrow_exception(error);
  } catch (const c10::DistError& e) {
    napi_throw(env, distErrorValue(env, e));
  } catch (...) {
    throwAsJs(env);
  }
  napi_value value;
  napi_get_and_clear_last_exception(env, &value);
  return Napi::Value(env, value);
}

Napi::Value workSourceRank(const Napi::CallbackInfo& info) {
  return Napi::Number::New(info.Env(), workOf(info.Env(), info[0], "work")->sourceRank());
}

// workPromise(work): settled on the JS thread when the work completes. c10d's future when the
// work has one; otherwise (point-to-point works) a thread of its own waits.
Napi::Value workPromise(const Napi::CallbackInfo& info) {
  auto work = workOf(info.Env(), info[0], "work");
  c10::intrusive_ptr<c10::ivalue::Future> future;
  try {
    future = work->getFuture();
  } catch (const std::exception&) {
    future.reset();
  }
  if (future) return Napi::Value(info.Env(), promiseOfFuture(info.Env(), future));
  return Napi::Value(info.Env(), runOffThread(info.Env(), [work]() -> Settle {
    work->wait();
    return [](napi_env) -> napi_value { return nullptr; };
  }));
}

// release(handle): drops the handle's reference now instead of at garbage collection (a
// destroyed group's stores and sockets must go before the next rendezvous on the same port);
// later use of the handle is a TypeError.
Napi::Value release(const Napi::CallbackInfo& info) {
  napi_env env = info.Env();
  napi_valuetype type;
  check(env, napi_typeof(env, info[0], &type));
  if (type != napi_external) throw JsTypeError("release: not a torch.distributed handle");
  void* data;
  check(env, napi_get_value_external(env, info[0], &data));
  bool tagged = false;
  check(env, napi_check_object_type_tag(env, info[0], &kStoreTag, &tagged));
  if (tagged) { static_cast<Box<c10d::Store>*>(data)->ptr.reset(); return info.Env().Undefined(); }
  check(env, napi_check_object_type_tag(env, info[0], &kGroupTag, &tagged));
  if (tagged) { static_cast<Box<c10d::ProcessGroup>*>(data)->ptr.reset(); return info.Env().Undefined(); }
  check(env, napi_check_object_type_tag(env, info[0], &kWorkTag, &tagged));
  if (tagged) { static_cast<Box<c10d::Work>*>(data)->ptr.reset(); return info.Env().Undefined(); }
  throw JsTypeError("release: not a torch.distributed handle");
}

// What this build has: { gloo, nccl, reason }.
Napi::Value availability(const Napi::CallbackInfo& info) {
  auto result = Napi::Object::New(info.Env());
#ifdef TORCH_NODE_WITH_GLOO
  result.Set("gloo", true);
  result.Set("reason", info.Env().Null());
#else
  result.Set("gloo", false);
  result.Set("reason", TORCH_NODE_GLOO_MISSING);
#endif
#ifdef TORCH_NODE_WITH_NCCL
  result.Set("nccl", true);
#else
  result.Set("nccl", false);
#endif
  return result;
}

}  // namespace

}  // namespace tn::dist

namespace tn {

void registerDistributed(Napi::Env env, Napi::Object exports) {
  using namespace tn::dist;
  Napi::Object target = Napi::Object::New(env);
  defineFunctions(env, target, {
      TN_DIST_FN("availability", availability),
      TN_DIST_FN("release", release),
      TN_DIST_FN("tcpStore", tcpStore),
      TN_DIST_FN("tcpStoreAsync", tcpStoreAsync),
      TN_DIST_FN("tcpStoreInfo", tcpStoreInfo),
      TN_DIST_FN("fileStore", fileStore),
      TN_DIST_FN("hashStore", hashStore),
      TN_DIST_FN("prefixStore", prefixStore),
      TN_DIST_FN("storeSet", storeSet),
      TN_DIST_FN("storeGet", storeGet),
      TN_DIST_FN("storeGetAsync", storeGetAsync),
      TN_DIST_FN("storeAdd", storeAdd),
      TN_DIST_FN("storeCompareSet", storeCompareSet),
      TN_DIST_FN("storeWait", storeWait),
      TN_DIST_FN("storeWaitAsync", storeWaitAsync),
      TN_DIST_FN("storeDeleteKey", storeDeleteKey),
      TN_DIST_FN("storeNumKeys", storeNumKeys),
      TN_DIST_FN("storeCheck", storeCheck),
      TN_DIST_FN("storeSetTimeout", storeSetTimeout),
      TN_DIST_FN("storeGetTimeout", storeGetTimeout),
      TN_DIST_FN("workWait", workWait),
      TN_DIST_FN("workIsCompleted", workIsCompleted),
      TN_DIST_FN("workIsSuccess", workIsSuccess),
      TN_DIST_FN("workException", workException),
      TN_DIST_FN("workSourceRank", workSourceRank),
      TN_DIST_FN("workPromise", workPromise),
  });
  registerDistributedCollectives(env, target);
  registerDistributedReducer(env, target);
  exports.Set("distributed", target);
}

}  // namespace tn
