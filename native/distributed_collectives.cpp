// torch.distributed, native side: process groups over Gloo and their collectives. A group is a
// c10d::ProcessGroup with a ProcessGroupGloo backend registered for CPU and CUDA tensors, built as
// torch/distributed/distributed_c10d.py's _new_process_group_helper builds it, so that a Python
// rank joining the same store sees the same keys. Every collective returns a Work handle; the
// TypeScript layer waits on it unless asyncOp. Ranks here are group ranks (lib/distributed maps
// global ranks). Bad arguments are JS errors before anything reaches Gloo.
#include "distributed.h"
#include "tensor_object.h"
#ifdef TORCH_NODE_WITH_GLOO
#include <torch/csrc/distributed/c10d/ProcessGroupGloo.hpp>
#endif
#ifdef TORCH_NODE_WITH_NCCL
#include <torch/csrc/distributed/c10d/ProcessGroupNCCL.hpp>
#endif

namespace tn::dist {

namespace {

std::vector<at::Tensor> tensorList(const Napi::CallbackInfo& info, size_t i, const char* what) {
  if (!info[i].IsArray()) throw JsTypeError(std::string(what) + " must be an array of tensors");
  auto array = info[i].As<Napi::Array>();
  std::vector<at::Tensor> out;
  out.reserve(array.Length());
  for (uint32_t k = 0; k < array.Length(); ++k) {
    std::string name = std::string(what) + "[" + std::to_string(k) + "]";
    Napi::Value v = array.Get(k);
    if (!isTensorHandle(info.Env(), v)) throw JsTypeError(name + " must be a Tensor");
    out.push_back(unwrapTensor(info.Env(), v, name.c_str()));
  }
  return out;
}

at::Tensor tensorArg(const Napi::CallbackInfo& info, size_t i, const char* what) {
  if (!isTensorHandle(info.Env(), info[i])) throw JsTypeError(std::string(what) + " must be a Tensor");
  return unwrapTensor(info.Env(), info[i], what);
}

int64_t intArg(const Napi::CallbackInfo& info, size_t i, const char* what) {
  if (!info[i].IsNumber()) throw JsTypeError(std::string(what) + " must be an integer");
  double d = info[i].As<Napi::Number>().DoubleValue();
  if (d != static_cast<double>(static_cast<int64_t>(d))) throw JsRangeError(std::string(what) + " must be an integer");
  return static_cast<int64_t>(d);
}

std::vector<int64_t> intList(const Napi::CallbackInfo& info, size_t i, const char* what) {
  std::vector<int64_t> out;
  if (info[i].IsUndefined() || info[i].IsNull()) return out;
  if (!info[i].IsArray()) throw JsTypeError(std::string(what) + " must be an array of integers");
  auto array = info[i].As<Napi::Array>();
  for (uint32_t k = 0; k < array.Length(); ++k) {
    Napi::Value v = array.Get(k);
    if (!v.IsNumber()) throw JsTypeError(std::string(what) + " must be an array of integers");
    double d = v.As<Napi::Number>().DoubleValue();
    if (d != static_cast<double>(static_cast<int64_t>(d)) || d < 0) throw JsRangeError(std::string(what) + " must hold non-negative integers");
    out.push_back(static_cast<int64_t>(d));
  }
  return out;
}

// A rank of the group at info[i]: RangeError naming it when outside [0, size).
int64_t rankArg(const Napi::CallbackInfo& info, size_t i, const c10d::ProcessGroup& pg, const char* what) {
  int64_t r = intArg(info, i, what);
  if (r < 0 || r >= pg.getSize()) {
    throw JsRangeError(std::string(what) + " " + std::to_string(r) + " is not a rank of the group (size " +
                       std::to_string(pg.getSize()) + ")");
  }
  return r;
}

c10d::ReduceOp reduceOpArg(const Napi::CallbackInfo& info, size_t i) {
  int64_t op = intArg(info, i, "op");
  if (op < 0 || op > c10d::ReduceOp::PREMUL_SUM) throw JsRangeError("op must be a torch.distributed.ReduceOp");
  // c10d's constructor would fail an internal assertion: PREMUL_SUM carries a factor only NCCL's
  // _make_nccl_premul_sum gives it.
  if (op == c10d::ReduceOp::PREMUL_SUM) {
    throw JsTypeError("ReduceOp.PREMUL_SUM is NCCL's (it needs the factor torch.distributed._make_nccl_premul_sum attaches): Gloo does not support it");
  }
  return c10d::ReduceOp(static_cast<c10d::ReduceOp::RedOpType>(op));
}

// Every tensor a collective reads or writes: one device and layout, as c10d needs; Gloo's own
// checks (dtypes, sizes, contiguity) give c10d's messages.
void requireSameDevice(const std::vector<at::Tensor>& tensors, const char* what) {
  for (const auto& t : tensors) {
    if (!t.defined()) throw JsTypeError(std::string(what) + ": undefined tensor");
    if (t.device() != tensors[0].device()) {
      throw JsTypeError(std::string(what) + ": tensors must be on one device (" + tensors[0].device().str() + " and " +
                        t.device().str() + ")");
    }
  }
}

// Every tensor a collective moves must have one dtype: Gloo copies bytes, and a wider element on
// one side would write past the other's buffer.
void requireSameDtype(const char* fn, const std::vector<at::Tensor>& a, const std::vector<at::Tensor>& b = {}) {
  const at::Tensor* first = nullptr;
  for (const auto* list : {&a, &b}) {
    for (const auto& t : *list) {
      if (!t.defined()) throw JsTypeError(std::string(fn) + ": undefined tensor");
      if (first == nullptr) {
        first = &t;
      } else if (t.scalar_type() != first->scalar_type()) {
        throw JsTypeError(std::string(fn) + ": every tensor must have one dtype (got " +
                          std::string(c10::toString(first->scalar_type())) + " and " +
                          std::string(c10::toString(t.scalar_type())) + ")");
      }
    }
  }
}

Napi::Value workValue(const Napi::CallbackInfo& info, c10::intrusive_ptr<c10d::Work> work) {
  return Napi::Value(info.Env(), wrapWork(info.Env(), std::move(work)));
}

// The arguments both group constructors take:
// (groupStore, backendStore, rank, size, timeoutMs, groupName, globalRanks).
struct GroupArgs {
  c10::intrusive_ptr<c10d::Store> groupStore;
  c10::intrusive_ptr<c10d::Store> backendStore;
  int rank;
  int size;
  std::chrono::milliseconds timeout;
  std::string name;
  std::vector<uint64_t> globalRanks;
};

[[maybe_unused]] GroupArgs groupArgs(const Napi::CallbackInfo& info) {
  napi_env env = info.Env();
  auto groupStore = storeOf(env, info[0], "store");
  auto backendStore = storeOf(env, info[1], "store");
  int64_t rank = intArg(info, 2, "rank");
  int64_t size = intArg(info, 3, "worldSize");
  if (size < 1 || size > INT32_MAX) throw JsRangeError("worldSize must be a positive integer (got " + std::to_string(size) + ")");
  if (rank < 0 || rank >= size) {
    throw JsRangeError("rank must be in [0, worldSize) (got rank " + std::to_string(rank) + ", worldSize " +
                       std::to_string(size) + ")");
  }
  auto timeout = msArg(env, info[4], ::kProcessGroupDefaultTimeout, "timeout");
  std::string name = info[5].IsString() ? info[5].As<Napi::String>().Utf8Value() : std::string();
  std::vector<int64_t> globalRanks = intList(info, 6, "ranks");
  return {std::move(groupStore), std::move(backendStore), static_cast<int>(rank), static_cast<int>(size), timeout,
          std::move(name), std::vector<uint64_t>(globalRanks.begin(), globalRanks.end())};
}

// distributed_c10d.py's ProcessGroup(prefix_store, rank, size) with `backend` as its default,
// registered for `devices`, named as Python names it.
[[maybe_unused]] Napi::Value wrapGroup(napi_env env, const GroupArgs& a, c10::intrusive_ptr<c10d::Backend> backend,
                      c10d::ProcessGroup::BackendType type, std::initializer_list<c10::DeviceType> devices) {
  backend->setSequenceNumberForGroup();
  auto pg = c10::make_intrusive<c10d::ProcessGroup>(a.groupStore, a.rank, a.size);
  pg->setDefaultBackend(type);
  for (auto device : devices) pg->setBackend(device, type, backend);
  if (!a.name.empty()) {
    pg->setGroupName(a.name);
    pg->setGroupDesc(a.name == "0" ? "default_pg" : "undefined");
  }
  return Napi::Value(env, wrapProcessGroup(env, pg));
}

#ifdef TORCH_NODE_WITH_GLOO

// newGroupGloo(...GroupArgs): ProcessGroupGloo(backend_prefix_store, rank, size, timeout)
// registered for cpu and cuda. Blocks until every rank has connected (Gloo's full mesh through
// the store), or the timeout.
Napi::Value newGroupGloo(const Napi::CallbackInfo& info) {
  GroupArgs a = groupArgs(info);
  auto options = c10d::ProcessGroupGloo::Options::create_default(a.timeout);
  options->global_ranks_in_group = a.globalRanks;
  options->group_name = a.name;
  auto backend = c10::make_intrusive<c10d::ProcessGroupGloo>(a.backendStore, a.rank, a.size, options);
  return wrapGroup(info.Env(), a, backend, c10d::ProcessGroup::BackendType::GLOO,
                   {c10::DeviceType::CPU, c10::DeviceType::CUDA});
}

#else

Napi::Value newGroupGloo(const Napi::CallbackInfo& info) {
  throw std::runtime_error(std::string("torch.distributed is not available: ") + TORCH_NODE_GLOO_MISSING);
}

#endif

#ifdef TORCH_NODE_WITH_NCCL

// newGroupNccl(...GroupArgs): the same helper's NCCL branch, ProcessGroupNCCL over the 'cuda/'
// backend store, registered for CUDA tensors. NCCL's communicators are made lazily, on the first
// collective, as in Python.
Napi::Value newGroupNccl(const Napi::CallbackInfo& info) {
  GroupArgs a = groupArgs(info);
  auto options = c10d::ProcessGroupNCCL::Options::create();
  options->timeout = a.timeout;
  options->global_ranks_in_group = a.globalRanks;
  options->group_name = a.name;
  auto backend = c10::make_intrusive<c10d::ProcessGroupNCCL>(a.backendStore, a.rank, a.size, options);
  return wrapGroup(info.Env(), a, backend, c10d::ProcessGroup::BackendType::NCCL, {c10::DeviceType::CUDA});
}

#else

Napi::Value newGroupNccl(const Napi::CallbackInfo& info) {
  throw std::runtime_error("Distributed package doesn't have NCCL built in: this torch-node build supports the 'gloo' backend only "
                           "(NCCL needs a CUDA LibTorch and NCCL's header: see docs/porting.md, Distributed)");
}

#endif

// groupInfo(pg) -> { rank, size, backend, name }
Napi::Value groupInfo(const Napi::CallbackInfo& info) {
  auto pg = processGroupOf(info.Env(), info[0], "group");
  auto result = Napi::Object::New(info.Env());
  result.Set("rank", pg->getRank());
  result.Set("size", pg->getSize());
  result.Set("backend", pg->getBackendName());
  result.Set("name", pg->getGroupName());
  return result;
}

Napi::Value groupShutdown(const Napi::CallbackInfo& info) {
  processGroupOf(info.Env(), info[0], "group")->shutdown();
  return info.Env().Undefined();
}

// ---- Collectives: (pg, ...tensors and options, asyncOp) -> Work ---------------------------------

Napi::Value allReduce(const Napi::CallbackInfo& info) {
  auto pg = processGroupOf(info.Env(), info[0], "group");
  auto tensors = tensorList(info, 1, "tensors");
  requireSameDevice(tensors, "allReduce");
  c10d::AllreduceOptions opts;
  opts.reduceOp = reduceOpArg(info, 2);
  opts.asyncOp = info[3].ToBoolean();
  return workValue(info, pg->allreduce(tensors, opts));
}

Napi::Value broadcast(const Napi::CallbackInfo& info) {
  auto pg = processGroupOf(info.Env(), info[0], "group");
  auto tensors = tensorList(info, 1, "tensors");
  requireSameDevice(tensors, "broadcast");
  c10d::BroadcastOptions opts;
  opts.rootRank = rankArg(info, 2, *pg, "src");
  opts.asyncOp = info[3].ToBoolean();
  return workValue(info, pg->broadcast(tensors, opts));
}

Napi::Value reduce(const Napi::CallbackInfo& info) {
  auto pg = processGroupOf(info.Env(), info[0], "group");
  std::vector<at::Tensor> tensors{tensorArg(info, 1, "tensor")};
  c10d::ReduceOptions opts;
  opts.rootRank = rankArg(info, 2, *pg, "dst");
  opts.reduceOp = reduceOpArg(info, 3);
  opts.asyncOp = info[4].ToBoolean();
  return workValue(info, pg->reduce(tensors, opts));
}

// allGather(pg, outputs[], input, asyncOp)
Napi::Value allGather(const Napi::CallbackInfo& info) {
  auto pg = processGroupOf(info.Env(), info[0], "group");
  std::vector<std::vector<at::Tensor>> outputs{tensorList(info, 1, "tensorList")};
  std::vector<at::Tensor> inputs{tensorArg(info, 2, "tensor")};
  if (static_cast<int64_t>(outputs[0].size()) != pg->getSize()) {
    throw JsRangeError("allGather: tensorList must hold one tensor per rank (" + std::to_string(pg->getSize()) +
                       "), got " + std::to_string(outputs[0].size()));
  }
  requireSameDtype("allGather", outputs[0], inputs);
  c10d::AllgatherOptions opts;
  opts.asyncOp = info[3].ToBoolean();
  return workValue(info, pg->allgather(outputs, inputs, opts));
}

Napi::Value allGatherIntoTensor(const Napi::CallbackInfo& info) {
  auto pg = processGroupOf(info.Env(), info[0], "group");
  at::Tensor output = tensorArg(info, 1, "outputTensor");
  at::Tensor input = tensorArg(info, 2, "inputTensor");
  requireSameDtype("allGatherIntoTensor", {output, input});
  c10d::AllgatherOptions opts;
  opts.asyncOp = info[3].ToBoolean();
  return workValue(info, pg->all_gather_single(output, input, opts));
}

// reduceScatter(pg, output, inputs[], op, asyncOp)
Napi::Value reduceScatter(const Napi::CallbackInfo& info) {
  auto pg = processGroupOf(info.Env(), info[0], "group");
  std::vector<at::Tensor> outputs{tensorArg(info, 1, "output")};
  std::vector<std::vector<at::Tensor>> inputs{tensorList(info, 2, "inputList")};
  if (static_cast<int64_t>(inputs[0].size()) != pg->getSize()) {
    throw JsRangeError("reduceScatter: inputList must hold one tensor per rank (" + std::to_string(pg->getSize()) +
                       "), got " + std::to_string(inputs[0].size()));
  }
  requireSameDtype("reduceScatter", outputs, inputs[0]);
  c10d::ReduceScatterOptions opts;
  opts.reduceOp = reduceOpArg(info, 3);
  opts.asyncOp = info[4].ToBoolean();
  return workValue(info, pg->reduce_scatter(outputs, inputs, opts));
}

Napi::Value reduceScatterTensor(const Napi::CallbackInfo& info) {
  auto pg = processGroupOf(info.Env(), info[0], "group");
  at::Tensor output = tensorArg(info, 1, "output");
  at::Tensor input = tensorArg(info, 2, "input");
  requireSameDtype("reduceScatterTensor", {output, input});
  c10d::ReduceScatterOptions opts;
  opts.reduceOp = reduceOpArg(info, 3);
  opts.asyncOp = info[4].ToBoolean();
  return workValue(info, pg->reduce_scatter_single(output, input, opts));
}

// gather(pg, outputs[] | null (non-destination ranks), input, dst, asyncOp)
Napi::Value gather(const Napi::CallbackInfo& info) {
  auto pg = processGroupOf(info.Env(), info[0], "group");
  int64_t dst = rankArg(info, 3, *pg, "dst");
  std::vector<std::vector<at::Tensor>> outputs;
  if (pg->getRank() == dst) {
    if (info[1].IsUndefined() || info[1].IsNull()) throw JsTypeError("Argument ``gather_list`` must be specified on destination rank.");
    outputs.push_back(tensorList(info, 1, "gatherList"));
  } else if (info[1].IsArray() && info[1].As<Napi::Array>().Length() > 0) {
    throw JsTypeError("Argument ``gather_list`` must NOT be specified on non-destination ranks.");
  }
  std::vector<at::Tensor> inputs{tensorArg(info, 2, "tensor")};
  requireSameDtype("gather", outputs.empty() ? std::vector<at::Tensor>{} : outputs[0], inputs);
  c10d::GatherOptions opts;
  opts.rootRank = dst;
  opts.asyncOp = info[4].ToBoolean();
  return workValue(info, pg->gather(outputs, inputs, opts));
}

// scatter(pg, output, inputs[] | null (non-source ranks), src, asyncOp)
Napi::Value scatter(const Napi::CallbackInfo& info) {
  auto pg = processGroupOf(info.Env(), info[0], "group");
  int64_t src = rankArg(info, 3, *pg, "src");
  std::vector<at::Tensor> outputs{tensorArg(info, 1, "tensor")};
  std::vector<std::vector<at::Tensor>> inputs;
  if (pg->getRank() == src) {
    if (info[2].IsUndefined() || info[2].IsNull()) throw JsTypeError("Argument ``scatter_list`` must be specified on source rank.");
    inputs.push_back(tensorList(info, 2, "scatterList"));
  } else if (info[2].IsArray() && info[2].As<Napi::Array>().Length() > 0) {
    throw JsTypeError("Argument ``scatter_list`` must NOT be specified on non-source ranks.");
  }
  requireSameDtype("scatter", outputs, inputs.empty() ? std::vector<at::Tensor>{} : inputs[0]);
  c10d::ScatterOptions opts;
  opts.rootRank = src;
  opts.asyncOp = info[4].ToBoolean();
  return workValue(info, pg->scatter(outputs, inputs, opts));
}

// allToAll(pg, outputs[], inputs[], asyncOp)
Napi::Value allToAll(const Napi::CallbackInfo& info) {
  auto pg = processGroupOf(info.Env(), info[0], "group");
  auto outputs = tensorList(info, 1, "outputTensorList");
  auto inputs = tensorList(info, 2, "inputTensorList");
  if (static_cast<int64_t>(outputs.size()) != pg->getSize() || static_cast<int64_t>(inputs.size()) != pg->getSize()) {
    throw JsRangeError("allToAll: outputTensorList and inputTensorList must hold one tensor per rank (" +
                       std::to_string(pg->getSize()) + ")");
  }
  requireSameDtype("allToAll", outputs, inputs);
  c10d::AllToAllOptions opts;
  opts.asyncOp = info[3].ToBoolean();
  return workValue(info, pg->alltoall(outputs, inputs, opts));
}

// allToAllSingle(pg, output, input, outputSplitSizes | null, inputSplitSizes | null, asyncOp)
Napi::Value allToAllSingle(const Napi::CallbackInfo& info) {
  auto pg = processGroupOf(info.Env(), info[0], "group");
  at::Tensor output = tensorArg(info, 1, "output");
  at::Tensor input = tensorArg(info, 2, "input");
  auto outSplits = intList(info, 3, "outputSplitSizes");
  auto inSplits = intList(info, 4, "inputSplitSizes");
  requireSameDtype("allToAllSingle", {output, input});
  c10d::AllToAllOptions opts;
  opts.asyncOp = info[5].ToBoolean();
  return workValue(info, pg->all_to_all_single(output, input, outSplits, inSplits, opts));
}

// barrier(pg, timeoutMs | undefined, asyncOp)
Napi::Value barrier(const Napi::CallbackInfo& info) {
  auto pg = processGroupOf(info.Env(), info[0], "group");
  c10d::BarrierOptions opts;
  opts.timeout = msArg(info.Env(), info[1], c10d::kUnsetTimeout, "timeout");
  opts.asyncOp = info[2].ToBoolean();
  return workValue(info, pg->barrier(opts));
}

// monitoredBarrier(pg, timeoutMs | undefined, waitAllRanks): Gloo's barrier that names the ranks
// that did not arrive.
Napi::Value monitoredBarrier(const Napi::CallbackInfo& info) {
  auto pg = processGroupOf(info.Env(), info[0], "group");
  c10d::BarrierOptions opts;
  opts.timeout = msArg(info.Env(), info[1], c10d::kUnsetTimeout, "timeout");
  pg->getBackend(c10::DeviceType::CPU)->monitoredBarrier(opts, info[2].ToBoolean());
  return info.Env().Undefined();
}

// send(pg, tensor, dst, tag)
Napi::Value send(const Napi::CallbackInfo& info) {
  auto pg = processGroupOf(info.Env(), info[0], "group");
  std::vector<at::Tensor> tensors{tensorArg(info, 1, "tensor")};
  int64_t dst = rankArg(info, 2, *pg, "dst");
  if (dst == pg->getRank()) throw JsRangeError("Invalid destination rank: should not be the same as the rank of the current process.");
  return workValue(info, pg->send(tensors, static_cast<int>(dst), static_cast<int>(intArg(info, 3, "tag"))));
}

// recv(pg, tensor, src | -1 (any source), tag)
Napi::Value recv(const Napi::CallbackInfo& info) {
  auto pg = processGroupOf(info.Env(), info[0], "group");
  std::vector<at::Tensor> tensors{tensorArg(info, 1, "tensor")};
  int tag = static_cast<int>(intArg(info, 3, "tag"));
  if (info[2].IsNumber() && info[2].As<Napi::Number>().Int64Value() == -1) {
    return workValue(info, pg->recvAnysource(tensors, tag));
  }
  int64_t src = rankArg(info, 2, *pg, "src");
  if (src == pg->getRank()) throw JsRangeError("Invalid source rank: should not be the same as the rank of the current process.");
  return workValue(info, pg->recv(tensors, static_cast<int>(src), tag));
}

}  // namespace

void registerDistributedCollectives(Napi::Env env, Napi::Object target) {
  defineFunctions(env, target, {
      TN_DIST_FN("newGroupGloo", newGroupGloo),
      TN_DIST_FN("newGroupNccl", newGroupNccl),
      TN_DIST_FN("groupInfo", groupInfo),
      TN_DIST_FN("groupShutdown", groupShutdown),
      TN_DIST_FN("allReduce", allReduce),
      TN_DIST_FN("broadcast", broadcast),
      TN_DIST_FN("reduce", reduce),
      TN_DIST_FN("allGather", allGather),
      TN_DIST_FN("allGatherIntoTensor", allGatherIntoTensor),
      TN_DIST_FN("reduceScatter", reduceScatter),
      TN_DIST_FN("reduceScatterTensor", reduceScatterTensor),
      TN_DIST_FN("gather", gather),
      TN_DIST_FN("scatter", scatter),
      TN_DIST_FN("allToAll", allToAll),
      TN_DIST_FN("allToAllSingle", allToAllSingle),
      TN_DIST_FN("barrier", barrier),
      TN_DIST_FN("monitoredBarrier", monitoredBarrier),
      TN_DIST_FN("send", send),
      TN_DIST_FN("recv", recv),
  });
}

}  // namespace tn::dist
