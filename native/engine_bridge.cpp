#include "engine_bridge.h"
#include "common.h"
#include "js_error_stash.h"
#include <ATen/Parallel.h>
#include <ATen/ThreadLocalState.h>
#include <ATen/detail/CUDAHooksInterface.h>
#include <c10/core/StreamGuard.h>
#include <c10/core/impl/DeviceGuardImplInterface.h>
#include <optional>
#include <chrono>
#include <condition_variable>
#include <cstdlib>
#include <deque>
#include <exception>
#include <mutex>
#include <thread>
#include <vector>

namespace tn {

std::atomic<int64_t> liveJsCallables{0};

namespace {

std::atomic<bool> forced{false};

// A JS call requested by a non-JS thread.
struct JsTask {
  const std::function<void(napi_env)>* fn;
  at::ThreadLocalState tls;  // the requesting thread's state (grad mode = createGraph, ...)
  // The requesting CUDA device thread's current device and stream (the engine sets the node's
  // stream there): the JS call runs with the same, as PyNode runs Python on that thread.
  std::optional<c10::Stream> stream;
  std::exception_ptr error;
  bool done = false;
  std::condition_variable cv;  // the requester waits here (under JsThread::mutex)
};

// One engine run handed to a worker.
struct Job {
  const std::function<void()>* body;
  at::ThreadLocalState tls;  // the JS thread's state, so the graph task sees the caller's grad mode
  JsThread* jt;
  int numThreads;     // the JS thread's intra-op thread count (OpenMP keeps it per thread)
  std::exception_ptr error;
  bool done = false;  // under JsThread::mutex
};

}  // namespace

struct JsThread {
  napi_env env;
  std::thread::id id;
  std::mutex mutex;
  std::condition_variable cv;  // the JS thread waits here for tasks or for its job to finish
  std::deque<JsTask*> tasks;
  int pumping = 0;             // pump loops open on the JS thread (nesting depth)
  int engineDepth = 0;         // runEngine frames open (direct or pumped)
  std::vector<uint64_t> stashIds;  // JS exceptions stashed inside runEngine frames
};

namespace {

thread_local JsThread* tlsJsThread = nullptr;

// Waits until pred() holds (checked under lock, as cv.wait does). A hand-off is usually answered
// within microseconds, while a sleep and wake through the kernel costs tens of them (measured
// here: 66-190 us per backward with plain waits), so the waiter polls briefly before sleeping.
template <typename Pred>
void spinThenWait(std::unique_lock<std::mutex>& lock, std::condition_variable& cv, Pred pred) {
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::microseconds(100);
  while (!pred()) {
    if (std::chrono::steady_clock::now() >= deadline) {
      cv.wait(lock, pred);
      return;
    }
    lock.unlock();
    std::this_thread::yield();
    lock.lock();
  }
}

// A persistent thread that runs engine calls for JS threads.
struct Worker {
  std::mutex mutex;
  std::condition_variable cv;
  Job* pending = nullptr;
  std::thread thread;

  Worker() : thread([this] { loop(); }) { thread.detach(); }

  void post(Job* job) {
    {
      std::lock_guard<std::mutex> lock(mutex);
      pending = job;
    }
    cv.notify_one();
  }

  void loop() {
    for (;;) {
      Job* job;
      {
        std::unique_lock<std::mutex> lock(mutex);
        spinThenWait(lock, cv, [this] { return pending != nullptr; });
        job = pending;
        pending = nullptr;
      }
      try {
        // As PyTorch's engine threads: ops run here use the caller's intra-op thread count.
        if (at::get_num_threads() != job->numThreads) at::set_num_threads(job->numThreads);
        at::ThreadLocalStateGuard guard(job->tls);
        (*job->body)();
      } catch (...) {
        job->error = std::current_exception();
      }
      JsThread* jt = job->jt;
      std::lock_guard<std::mutex> lock(jt->mutex);
      job->done = true;  // the JS thread may free job as soon as we unlock
      jt->cv.notify_all();
    }
  }
};

// Workers are never destroyed (they sleep when idle); process exit ends them.
std::mutex poolMutex;
std::vector<Worker*>* idleWorkers = new std::vector<Worker*>();

Worker* acquireWorker() {
  {
    std::lock_guard<std::mutex> lock(poolMutex);
    if (!idleWorkers->empty()) {
      Worker* w = idleWorkers->back();
      idleWorkers->pop_back();
      return w;
    }
  }
  return new Worker();
}

void releaseWorker(Worker* w) {
  std::lock_guard<std::mutex> lock(poolMutex);
  idleWorkers->push_back(w);
}

bool hasCuda() {
  static const bool cuda = at::detail::getCUDAHooks().hasCUDA();
  return cuda;
}

bool needWorker() {
  if (forced.load(std::memory_order_relaxed)) return true;
  return hasCuda() && liveJsCallables.load(std::memory_order_relaxed) > 0;
}

void runTask(JsThread* jt, JsTask* task) {
  try {
    at::ThreadLocalStateGuard guard(task->tls);
    c10::OptionalStreamGuard streamGuard(task->stream);
    napi_handle_scope scope;
    napi_open_handle_scope(jt->env, &scope);
    try {
      (*task->fn)(jt->env);
    } catch (...) {
      napi_close_handle_scope(jt->env, scope);
      throw;
    }
    napi_close_handle_scope(jt->env, scope);
  } catch (...) {
    task->error = std::current_exception();
  }
}

// The caller incremented jt->pumping before posting the job (so that the worker never sees a JS
// thread that is not pumping yet); this loop decrements it.
void pumpUntilDone(JsThread* jt, Job& job) {
  std::unique_lock<std::mutex> lock(jt->mutex);
  while (!job.done) {
    if (!jt->tasks.empty()) {
      JsTask* task = jt->tasks.front();
      jt->tasks.pop_front();
      lock.unlock();
      runTask(jt, task);
      lock.lock();
      task->done = true;
      task->cv.notify_all();
    } else {
      spinThenWait(lock, jt->cv, [&] { return job.done || !jt->tasks.empty(); });
    }
  }
  jt->pumping--;
}

}  // namespace

JsThread* currentJsThread(napi_env env) {
  JsThread* jt = tlsJsThread;
  if (jt == nullptr || jt->env != env) {
    jt = new JsThread();
    jt->env = env;
    jt->id = std::this_thread::get_id();
    tlsJsThread = jt;
  }
  return jt;
}

napi_env jsThreadEnv(JsThread* jt) { return jt->env; }

void runEngine(napi_env env, const std::function<void()>& body) {
  JsThread* jt = currentJsThread(env);
  size_t stashStart = jt->stashIds.size();
  jt->engineDepth++;
  std::exception_ptr error;
  uint64_t propagating = 0;
  try {
    if (!needWorker()) {
      body();
    } else {
      Job job{&body, at::ThreadLocalState(), jt, at::get_num_threads()};
      Worker* worker = acquireWorker();
      {
        std::lock_guard<std::mutex> lock(jt->mutex);
        jt->pumping++;
      }
      worker->post(&job);
      pumpUntilDone(jt, job);
      releaseWorker(worker);
      if (job.error) std::rethrow_exception(job.error);
    }
  } catch (const StashedJsError& e) {
    propagating = e.id;
    error = std::current_exception();
  } catch (...) {
    error = std::current_exception();
  }
  jt->engineDepth--;
  // JS exceptions stashed in this run that are not the one propagating (a second node failing
  // on another device thread, an exception the engine replaced) are dropped here.
  for (size_t i = stashStart; i < jt->stashIds.size(); ++i) {
    if (jt->stashIds[i] != propagating) dropStashed(env, jt->stashIds[i]);
  }
  jt->stashIds.resize(stashStart);
  if (error) std::rethrow_exception(error);
}

void callOnJsThread(JsThread* jt, const std::function<void(napi_env)>& fn) {
  if (std::this_thread::get_id() == jt->id) {
    fn(jt->env);
    return;
  }
  JsTask task;
  task.fn = &fn;
  if (hasCuda()) {
    const auto* impl = c10::impl::getDeviceGuardImpl(c10::DeviceType::CUDA);
    task.stream = impl->getStream(impl->getDevice());
  }
  {
    std::unique_lock<std::mutex> lock(jt->mutex);
    if (jt->pumping == 0) {
      throw std::runtime_error(
          "torch-node: a JavaScript autograd callback (custom Function backward or tensor hook) was "
          "called from a non-JavaScript thread outside of backward()/autograd.grad(); it cannot run");
    }
    jt->tasks.push_back(&task);
    jt->cv.notify_all();
    spinThenWait(lock, task.cv, [&] { return task.done; });
  }
  if (task.error) std::rethrow_exception(task.error);
}

napi_value callJsFunction(napi_env env, napi_value fn, napi_value recv, size_t argc, const napi_value* argv) {
  napi_value result = nullptr;
  napi_status status = napi_call_function(env, recv, fn, argc, argv, &result);
  if (status == napi_ok) return result;
  bool pending = false;
  napi_is_exception_pending(env, &pending);
  if (!pending) throw std::runtime_error("torch-node: calling a JavaScript autograd callback failed");
  uint64_t id = stashPendingJsError(env);
  JsThread* jt = tlsJsThread;
  if (jt != nullptr && jt->env == env && jt->engineDepth > 0) jt->stashIds.push_back(id);
  throw StashedJsError(id);
}

void setForceCrossThread(bool force) { forced.store(force); }
bool forceCrossThread() { return forced.load(); }

namespace {

Napi::Value setForceCrossThreadJs(const Napi::CallbackInfo& info) {
  setForceCrossThread(info[0].ToBoolean().Value());
  return info.Env().Undefined();
}

Napi::Value engineBridgeStats(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  Napi::Object o = Napi::Object::New(env);
  JsThread* jt = currentJsThread(env);
  size_t idle;
  {
    std::lock_guard<std::mutex> lock(poolMutex);
    idle = idleWorkers->size();
  }
  o.Set("forceCrossThread", forced.load());
  o.Set("idleWorkers", static_cast<double>(idle));
  {
    std::lock_guard<std::mutex> lock(jt->mutex);
    o.Set("pendingTasks", static_cast<double>(jt->tasks.size()));
    o.Set("pumping", static_cast<double>(jt->pumping));
  }
  o.Set("stashedErrors", static_cast<double>(stashedErrorCount()));
  o.Set("liveJsCallables", static_cast<double>(liveJsCallables.load()));
  return o;
}

}  // namespace

void registerEngineBridge(Napi::Env env, Napi::Object exports) {
  const char* flag = std::getenv("TORCH_NODE_FORCE_CROSS_THREAD");
  if (flag != nullptr && flag[0] != '\0' && flag[0] != '0') setForceCrossThread(true);
  currentJsThread(env);
  defineFunctions(env, exports, {
      TN_FN("setForceCrossThread", setForceCrossThreadJs),
      TN_FN("engineBridgeStats", engineBridgeStats),
  });
}

}  // namespace tn
