// The graph task a JS autograd callback runs for. The engine keeps it thread-local to the engine
// thread; a callback brought to the JS thread (engine_bridge.h) carries it along, so that
// torch._C._current_graph_task_id / _will_engine_execute_node's equivalents answer there too.
#pragma once
#include <torch/csrc/autograd/graph_task.h>

namespace tn {

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

}  // namespace tn
