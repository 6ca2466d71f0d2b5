// Running the autograd engine when the graph holds nodes written in JS.
//
// The engine calls a node on the thread of its device: the calling thread for CPU, a device thread
// for CUDA. JS runs on one thread only, and that thread is blocked inside backward(). So (the
// mlverse/torch pattern) the engine runs on a persistent worker thread while the JS thread, still
// inside the native backward call, services a queue of "run this JS call" tasks until the engine
// is done. Thread-local state (grad mode, inference mode, ...) travels with every hand-off in both
// directions. A JS node called on the JS thread itself (the CPU fast path) runs JS directly.
//
// Re-entrant: a JS callback may call backward() again; every nested call gets its own worker
// from a pool of persistent threads and its own pump loop on the JS thread.
#pragma once
#include <napi.h>
#include <atomic>
#include <cstdint>
#include <functional>

namespace tn {

// The JS thread an env belongs to (created on first use, never freed).
struct JsThread;
JsThread* currentJsThread(napi_env env);
napi_env jsThreadEnv(JsThread* jt);

// Runs `body` (a call into the autograd engine) for the JS thread of env: directly when no JS
// node can be reached from another thread, else on a worker thread while this thread pumps JS
// tasks. Exceptions thrown by body are rethrown here; JS exceptions stashed while body ran and
// not propagated are dropped, so the stash cannot grow.
void runEngine(napi_env env, const std::function<void()>& body);

// Runs task on jt's JS thread: directly when called on it, else queued for the pump of a running
// runEngine, with the caller's thread-local state, and waits. Exceptions thrown by task (a
// StashedJsError for a JS exception) are rethrown in the calling thread.
void callOnJsThread(JsThread* jt, const std::function<void(napi_env)>& task);

// Calls a JS function on the JS thread in its own handle scope's caller frame; a JS exception is
// stashed and thrown as StashedJsError. JS thread only.
napi_value callJsFunction(napi_env env, napi_value fn, napi_value recv, size_t argc, const napi_value* argv);

// JS nodes and hooks alive: with none, the engine needs no worker even on CUDA.
extern std::atomic<int64_t> liveJsCallables;

// Test switch: every backward()/grad() goes through a worker thread, as on CUDA.
void setForceCrossThread(bool force);
bool forceCrossThread();

void registerEngineBridge(Napi::Env env, Napi::Object exports);

}  // namespace tn
