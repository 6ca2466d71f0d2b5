// Custom autograd Functions written in JS (torch.autograd.Function): the graph node that calls a
// JS backward, like PyTorch's PyNode. The JS side (lib/autograd/function.ts) runs forward and
// hands its results to functionFinish, which wires the outputs into the graph with LibTorch's own
// _wrap_outputs (dirty inputs, non-differentiable outputs, views) and saves tensors as
// SavedVariables (so in-place changes of a saved tensor are reported as PyTorch does).
#pragma once
#include <napi.h>

namespace tn {
void registerJsFunction(Napi::Env env, Napi::Object exports);
}  // namespace tn
