// What graph_tools.cpp shares with the call paths: the graph task a JS autograd callback runs
// for, and the JS objects a saved-tensor pack hook receives.
#pragma once
#include <node_api.h>
#include <c10/core/TensorImpl.h>
#include <c10/util/SmallVector.h>
#include <torch/csrc/autograd/graph_task.h>
#include <atomic>
#include <utility>

namespace tn {

// The engine keeps the graph task thread-local to the engine thread; a callback brought to the JS
// thread (engine_bridge.h) carries it along, so that torch._C._current_graph_task_id /
// _will_engine_execute_node's equivalents answer there too.
struct GraphTaskRef {
  int id = -1;
  const std::unordered_map<torch::autograd::Node*, torch::autograd::GraphTask::ExecInfo>* execInfo = nullptr;
  const std::unordered_set<torch::autograd::Node*>* nodesInGraph = nullptr;
};

// The calling thread's graph task (an engine thread's, or the one bridged to this JS thread).
GraphTaskRef currentGraphTask();

// While alive, the JS thread answers for `task`.
struct BridgedGraphTaskScope {
  explicit BridgedGraphTaskScope(const GraphTaskRef& task);
  ~BridgedGraphTaskScope();
  BridgedGraphTaskScope(const BridgedGraphTaskScope&) = delete;
  BridgedGraphTaskScope& operator=(const BridgedGraphTaskScope&) = delete;

 private:
  GraphTaskRef saved_;
};

// A pack hook receives the saved tensor's own JS object, as Python's receives the tensor's own
// Python object (THPVariable_Wrap finds it from the TensorImpl): an input's object, or for a saved
// output the object the operator then returns. While JS pack hooks are pushed on any thread
// (jsPackHooksPushed: the call paths' one check), an operator call on the JS thread lists its
// tensor arguments' objects in a SavedObjectsScope; the pack hook looks the tensor up in the open
// scopes, and an object it has to make (an output's) is added to the innermost one, for the call
// to return as its result.
extern std::atomic<int> jsPackHooksPushed;

class SavedObjectsScope {
 public:
  SavedObjectsScope();
  ~SavedObjectsScope();
  SavedObjectsScope(const SavedObjectsScope&) = delete;
  SavedObjectsScope& operator=(const SavedObjectsScope&) = delete;
  // A live JS Tensor object holding impl, valid while the scope is open.
  void add(const c10::TensorImpl* impl, napi_value object) { objects_.emplace_back(impl, object); }
  // The object of impl in this scope, or nullptr.
  napi_value find(const c10::TensorImpl* impl) const;
  // The object of impl in the open scopes of this thread, innermost first, or nullptr.
  static napi_value findOpen(const c10::TensorImpl* impl);
  static SavedObjectsScope* innermost();

 private:
  c10::SmallVector<std::pair<const c10::TensorImpl*, napi_value>, 8> objects_;
  SavedObjectsScope* outer_;
};

}  // namespace tn
