// DistributedDataParallel's native side: c10d's Reducer (bucketing, autograd hooks on the
// parameters' gradient accumulators, allreduce of each bucket as soon as it is ready, averaging by
// the world size), and the helpers torch/nn/parallel/distributed.py calls at construction
// (verify_params_across_processes, broadcast_coalesced, compute_bucket_assignment_by_size).
//
// The Reducer's hooks run on the autograd engine's threads and its finalizer runs as an engine
// callback: all of that is C++ and never calls into JS, so it is safe off the JS thread. Nothing
// here assumes Gloo: the Reducer talks to whatever backend the c10d::ProcessGroup holds.
#include "distributed.h"
#include "tensor_object.h"
#include <torch/csrc/autograd/engine.h>
#include <torch/csrc/autograd/functions/accumulate_grad.h>
#include <torch/csrc/autograd/utils/lambda_post_hook.h>
#include <torch/csrc/autograd/variable.h>
#include <torch/csrc/distributed/c10d/comm.hpp>
#include <torch/csrc/distributed/c10d/reducer.hpp>
#include <atomic>
#include <limits>

namespace tn::dist {

namespace {

constexpr napi_type_tag kReducerTag = {0x6c1f0a3e5b7d4c24ULL, 0x9e2d8b4a7f6c5e34ULL};

// A Reducer and what DDP's Python side keeps beside it. The static-graph flag is shared with the
// gradient-accumulator hooks (they may outlive a destroyed box only until remove_autograd_hooks).
struct ReducerBox {
  std::unique_ptr<c10d::Reducer> reducer;
  bool staticGraph = false;
  // Armed for the first static-graph backward: the first hook to fire queues delay_all_reduce as
  // an engine callback, as DDP's _DDPSink.backward does in Python.
  std::shared_ptr<std::atomic<bool>> delayArmed = std::make_shared<std::atomic<bool>>(false);
  bool delayEnqueued = false;
};

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

int64_t intArg(const Napi::CallbackInfo& info, size_t i, const char* what) {
  if (!info[i].IsNumber()) throw JsTypeError(std::string(what) + " must be an integer");
  double d = info[i].As<Napi::Number>().DoubleValue();
  if (d != static_cast<double>(static_cast<int64_t>(d))) throw JsRangeError(std::string(what) + " must be an integer");
  return static_cast<int64_t>(d);
}

ReducerBox& reducerOf(const Napi::CallbackInfo& info, size_t i) {
  napi_env env = info.Env();
  napi_value value = info[i];
  napi_valuetype type;
  check(env, napi_typeof(env, value, &type));
  bool tagged = false;
  if (type == napi_external) check(env, napi_check_object_type_tag(env, value, &kReducerTag, &tagged));
  if (!tagged) throw JsTypeError("reducer must be a Reducer handle");
  void* data;
  check(env, napi_get_value_external(env, value, &data));
  auto* box = static_cast<ReducerBox*>(data);
  if (!box->reducer) throw JsTypeError("reducer: the Reducer was released");
  return *box;
}

void deleteBox(ReducerBox* box) {
  // ~Reducer is noexcept(false) (it removes its autograd hooks); a finalizer must not throw.
  box->delayArmed->store(false);
  try {
    box->reducer.reset();
  } catch (...) {
  }
  delete box;
}

// reducerNew(group, params, bucketBytesCap, firstBucketBytesCap, findUnusedParameters,
//            gradientAsBucketView, staticGraph): DDP's _ddp_init_helper. The initial assignment is one
// bucket (sys.maxsize) unless unused parameters are searched for, and the bucket list is reversed
// (gradients are produced in about the reverse order of definition), as Python's.
Napi::Value reducerNew(const Napi::CallbackInfo& info) {
  auto pg = processGroupOf(info.Env(), info[0], "processGroup");
  auto params = tensorList(info, 1, "parameters");
  int64_t bucketBytesCap = intArg(info, 2, "bucketBytesCap");
  int64_t firstBucketBytesCap = intArg(info, 3, "firstBucketBytesCap");
  bool findUnused = info[4].ToBoolean();
  bool gradAsView = info[5].ToBoolean();
  bool staticGraph = info[6].ToBoolean();
  if (bucketBytesCap <= 0) throw JsRangeError("bucketCapMb must be positive");
  if (params.empty()) {
    throw JsRangeError(
        "DistributedDataParallel is not needed when a module doesn't have any parameter that requires a gradient.");
  }
  std::vector<size_t> limits;
  if (staticGraph || !findUnused) {
    limits = {static_cast<size_t>(std::numeric_limits<int64_t>::max())};
  } else if (firstBucketBytesCap < bucketBytesCap) {
    limits = {static_cast<size_t>(firstBucketBytesCap), static_cast<size_t>(bucketBytesCap)};
  } else {
    limits = {static_cast<size_t>(bucketBytesCap)};
  }
  std::vector<bool> expectSparse(params.size(), false);
  auto [indices, perBucketLimits] = c10d::compute_bucket_assignment_by_size(params, limits, expectSparse);
  (void)perBucketLimits;
  std::reverse(indices.begin(), indices.end());
  auto* box = new ReducerBox();
  try {
    box->reducer = std::make_unique<c10d::Reducer>(
        params, std::move(indices), pg, expectSparse, bucketBytesCap, findUnused, gradAsView,
        std::unordered_map<size_t, std::string>{}, firstBucketBytesCap, /*skip_all_reduce_unused_params=*/false,
        /*use_python_reducer=*/false, std::vector<int64_t>{});
    if (staticGraph) {
      box->staticGraph = true;
      box->reducer->set_static_graph();
      auto armed = box->delayArmed;
      c10d::Reducer* reducer = box->reducer.get();
      for (auto& p : params) {
        auto acc = torch::autograd::impl::grad_accumulator(p);
        acc->add_post_hook(std::make_unique<torch::autograd::utils::LambdaPostHook>(
            [armed, reducer](const torch::autograd::variable_list& outputs, const torch::autograd::variable_list&) {
              if (armed->exchange(false)) {
                torch::autograd::Engine::get_default_engine().queue_callback([reducer] { reducer->delay_all_reduce(); });
              }
              return outputs;
            }));
      }
    }
  } catch (...) {
    deleteBox(box);
    throw;
  }
  napi_value external;
  napi_status status = napi_create_external(
      info.Env(), box, [](napi_env, void* data, void*) { deleteBox(static_cast<ReducerBox*>(data)); }, nullptr,
      &external);
  if (status != napi_ok) {
    deleteBox(box);
    check(info.Env(), status);
  }
  check(info.Env(), napi_type_tag_object(info.Env(), external, &kReducerTag));
  return Napi::Value(info.Env(), external);
}

Napi::Value reducerPrepareForForward(const Napi::CallbackInfo& info) {
  reducerOf(info, 0).reducer->prepare_for_forward();
  return info.Env().Undefined();
}

// The one-time rebuild after the first iteration (a broadcast of the new bucket order from rank 0).
Napi::Value reducerRebuildBuckets(const Napi::CallbackInfo& info) {
  return Napi::Boolean::New(info.Env(), reducerOf(info, 0).reducer->rebuild_buckets());
}

// reducerPrepareForBackward(reducer, outputs): outputs are searched for unused parameters only when
// the reducer was made with findUnusedParameters.
Napi::Value reducerPrepareForBackward(const Napi::CallbackInfo& info) {
  auto& box = reducerOf(info, 0);
  auto outputs = tensorList(info, 1, "outputs");
  box.reducer->prepare_for_backward(outputs);
  if (box.staticGraph && !box.delayEnqueued) {
    box.delayEnqueued = true;
    box.delayArmed->store(true);
  }
  return info.Env().Undefined();
}

Napi::Value reducerRelease(const Napi::CallbackInfo& info) {
  auto& box = reducerOf(info, 0);
  box.delayArmed->store(false);
  box.reducer.reset();
  return info.Env().Undefined();
}

// The current buckets' parameter indices (after a rebuild, the order gradients became ready).
Napi::Value reducerBucketIndices(const Napi::CallbackInfo& info) {
  auto& box = reducerOf(info, 0);
  auto buckets = box.reducer->get_grad_buckets(/*return_zero_tensors=*/true);
  Napi::Array out = Napi::Array::New(info.Env(), buckets.size());
  for (size_t b = 0; b < buckets.size(); ++b) {
    auto params = buckets[b].getParameters();
    out.Set(static_cast<uint32_t>(b), Napi::Number::New(info.Env(), static_cast<double>(params.size())));
  }
  return out;
}

// verifyParamsAcrossProcesses(group, params): DDP's _verify_param_shape_across_processes.
Napi::Value verifyParamsAcrossProcesses(const Napi::CallbackInfo& info) {
  auto pg = processGroupOf(info.Env(), info[0], "processGroup");
  auto params = tensorList(info, 1, "parameters");
  c10d::verify_params_across_processes(pg, params, std::nullopt);
  return info.Env().Undefined();
}

// broadcastCoalesced(group, tensors, bufferSize, src): dist._broadcast_coalesced, writing into the
// tensors' storage (detached, as Python hands it param.detach()).
Napi::Value broadcastCoalesced(const Napi::CallbackInfo& info) {
  auto pg = processGroupOf(info.Env(), info[0], "processGroup");
  auto tensors = tensorList(info, 1, "tensors");
  int64_t bufferSize = intArg(info, 2, "bufferSize");
  int64_t src = intArg(info, 3, "src");
  if (bufferSize <= 0) throw JsRangeError("bufferSize must be positive");
  if (src < 0 || src >= pg->getSize()) throw JsRangeError("src must be a rank of the group");
  std::vector<at::Tensor> detached;
  detached.reserve(tensors.size());
  for (auto& t : tensors) detached.push_back(t.detach());
  at::NoGradGuard noGrad;
  c10d::broadcast_coalesced(pg, detached, static_cast<size_t>(bufferSize), static_cast<int>(src));
  return info.Env().Undefined();
}

}  // namespace

void registerDistributedReducer(Napi::Env env, Napi::Object target) {
  defineFunctions(env, target, {
      TN_FN("reducerNew", reducerNew),
      TN_FN("reducerPrepareForForward", reducerPrepareForForward),
      TN_FN("reducerRebuildBuckets", reducerRebuildBuckets),
      TN_FN("reducerPrepareForBackward", reducerPrepareForBackward),
      TN_FN("reducerRelease", reducerRelease),
      TN_FN("reducerBucketSizes", reducerBucketIndices),
      TN_FN("verifyParamsAcrossProcesses", verifyParamsAcrossProcesses),
      TN_FN("broadcastCoalesced", broadcastCoalesced),
  });
}

}  // namespace tn::dist
