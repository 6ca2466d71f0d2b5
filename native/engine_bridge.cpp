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
  std::atomic<bool> done{false};  // set under JsThread::mutex; polled without it
  std::condition_variable cv;     // the requester sleeps here (under JsThread::mutex)
};

// One engine run handed to a worker.
struct Job {
  const std::function<void()>* body;
  at::ThreadLocalState tls;  // the JS thread's state, so the graph task sees the caller's grad mode
  JsThread* jt;
  int numThreads;     // the JS thread's intra-op thread count (OpenMP keeps it per thread)
  std::exception_ptr error;
  std::atomic<bool> done{false};  // set under JsThread::mutex; polled without it
};

// How long a waiter polls before it sleeps (see waitFor): from kMinSpinNs to kMaxSpinNs.
constexpr int64_t kMinSpinNs = 100'000;
constexpr int64_t kMaxSpinNs = 1'000'000;
struct SpinWindow {
  int64_t ns = kMinSpinNs;
};

}  // namespace

struct JsThread {
  napi_env env;
  std::thread::id id;
  std::mutex mutex;
  std::condition_variable cv;  // the JS thread waits here for tasks or for its job to finish
  std::deque<JsTask*> tasks;
  std::atomic<size_t> queued{0};  // tasks.size(), set under mutex, for waiters polling without it
  SpinWindow pumpWindow;          // the pump's wait for a task or for the job's end
  int pumping = 0;             // pump loops open on the JS thread (nesting depth)
  int engineDepth = 0;         // runEngine frames open (direct or pumped)
  std::vector<uint64_t> stashIds;  // JS exceptions stashed inside runEngine frames
};

namespace {

thread_local JsThread* tlsJsThread = nullptr;

// Waits until pred() holds (pred reads state guarded by lock's mutex, as cv.wait's does). A
// hand-off is usually answered within microseconds while a sleep and wake through the kernel
// costs tens of them (more in a virtual machine, where waking an idle CPU exits to the host), so
// the waiter first polls ready(), an atomic hint that the other side sets (under the mutex,
// before notifying cv), without holding the mutex: polling under it made the other side block on
// the mutex, which costs the same sleep and wake. Between polls it yields its core: on a busy
// machine the thread it waits for may need that core, and a busy-wait would hold it until the
// scheduler's time slice ends. It polls for a window that adapts to how fast answers
// come: twice the last wait, from kMinSpinNs up to kMaxSpinNs (a JS forward or backward of a
// hundred microseconds is waited for without sleeping); a wait longer than kMaxSpinNs / 2 (a long
// JS backward, a worker idle between backward calls) makes the next window the shortest, so that
// a thread does not keep polling for answers that come late.
// Waits that polled, and those of them that slept (for engineBridgeStats).
std::atomic<uint64_t> waitCount{0};
std::atomic<uint64_t> sleepCount{0};

inline void cpuRelax() {
#if defined(__x86_64__) || defined(__i386__)
  __builtin_ia32_pause();
#elif defined(__aarch64__)
  asm volatile("yield");
#endif
}

inline int64_t nsSince(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration_cast<std::chrono::nanoseconds>(std::chrono::steady_clock::now() - start).count();
}

template <typename Ready, typename Pred>
void waitFor(std::unique_lock<std::mutex>& lock, std::condition_variable& cv, SpinWindow& window, Ready ready,
             Pred pred) {
  if (pred()) return;
  const auto start = std::chrono::steady_clock::now();
  lock.unlock();
  while (!ready() && nsSince(start) < window.ns) {
    std::this_thread::yield();
    for (int i = 0; i < 8 && !ready(); ++i) cpuRelax();
  }
  // The other side sets the hint under the mutex and holds it a moment longer: wait for that
  // briefly too, as lock() on a held mutex sleeps in the kernel at once.
  for (int i = 0; i < 64 && !lock.try_lock(); ++i) cpuRelax();
  if (!lock.owns_lock()) lock.lock();
  waitCount.fetch_add(1, std::memory_order_relaxed);
  if (!pred()) sleepCount.fetch_add(1, std::memory_order_relaxed);
  cv.wait(lock, pred);  // at once when ready() held
  const int64_t waited = nsSince(start);
  window.ns = 2 * waited <= kMaxSpinNs ? std::max<int64_t>(2 * waited, kMinSpinNs) : kMinSpinNs;
}

// An engine thread's wait for the JS calls it requests.
thread_local SpinWindow taskWindow;

// A persistent thread that runs engine calls for JS threads.
struct Worker {
  std::mutex mutex;
  std::condition_variable cv;
  std::atomic<Job*> pending{nullptr};  // set under mutex; polled without it
  SpinWindow window;                   // the wait for the next job
  std::thread thread;

  Worker() : thread([this] { loop(); }) { thread.detach(); }

  void post(Job* job) {
    {
      std::lock_guard<std::mutex> lock(mutex);
      pending.store(job, std::memory_order_release);
    }
    cv.notify_one();
  }

  void loop() {
    // The state the worker returns to after each job (so that it keeps nothing of the job's
    // alive), captured once: a ThreadLocalStateGuard would capture it again for every job.
    const at::ThreadLocalState idle;
    for (;;) {
      Job* job;
      {
        std::unique_lock<std::mutex> lock(mutex);
        auto ready = [this] { return pending.load(std::memory_order_acquire) != nullptr; };
        waitFor(lock, cv, window, ready, ready);
        job = pending.load(std::memory_order_relaxed);
        pending.store(nullptr, std::memory_order_relaxed);
      }
      try {
        // As PyTorch's engine threads: ops run here use the caller's intra-op thread count.
        if (at::get_num_threads() != job->numThreads) at::set_num_threads(job->numThreads);
        at::ThreadLocalState::setThreadLocalState(job->tls);
        (*job->body)();
      } catch (...) {
        job->error = std::current_exception();
      }
      at::ThreadLocalState::setThreadLocalState(idle);
      JsThread* jt = job->jt;
      std::lock_guard<std::mutex> lock(jt->mutex);
      job->done.store(true, std::memory_order_release);  // the JS thread may free job once it sees this
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

// Runs task with its requester's thread-local state, which it leaves set: the pump puts its own
// back once, when it ends (see pumpUntilDone).
void runTask(JsThread* jt, JsTask* task) {
  try {
    at::ThreadLocalState::setThreadLocalState(task->tls);
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
  // Each task runs with its requester's thread-local state. The JS thread's own is saved before
  // the first task and put back when the pump ends, not around every task: no JS or LibTorch code
  // runs here between tasks, and each save or restore copies all of LibTorch's thread-local state
  // (thousands of instructions, a large part of a JS node's hand-off).
  struct RestoreState {
    std::optional<at::ThreadLocalState> own;
    ~RestoreState() {
      if (own) at::ThreadLocalState::setThreadLocalState(*own);
    }
  } restore;
  std::unique_lock<std::mutex> lock(jt->mutex);
  auto ready = [&] {
    return job.done.load(std::memory_order_acquire) || jt->queued.load(std::memory_order_acquire) != 0;
  };
  while (!job.done.load(std::memory_order_relaxed)) {
    if (!jt->tasks.empty()) {
      JsTask* task = jt->tasks.front();
      jt->tasks.pop_front();
      jt->queued.store(jt->tasks.size(), std::memory_order_relaxed);
      lock.unlock();
      if (!restore.own) restore.own.emplace();
      runTask(jt, task);
      lock.lock();
      task->done.store(true, std::memory_order_release);
      task->cv.notify_all();
    } else {
      waitFor(lock, jt->cv, jt->pumpWindow, ready, ready);
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
    jt->queued.store(jt->tasks.size(), std::memory_order_release);
    jt->cv.notify_all();
    auto done = [&] { return task.done.load(std::memory_order_acquire); };
    waitFor(lock, task.cv, taskWindow, done, done);
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
  o.Set("waits", static_cast<double>(waitCount.load()));
  o.Set("sleeps", static_cast<double>(sleepCount.load()));
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
