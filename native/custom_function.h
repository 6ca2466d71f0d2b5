// Custom autograd Functions written in JS (torch.autograd.Function), modelled on PyTorch's
// THPFunction_apply and PyNode (torch/csrc/autograd/python_function.cpp). One native call,
// functionApply, does all of `F.apply(...args)`: it reads the arguments (needsInputGrad, whether
// the Function is recorded), calls the JS forward (and setupContext) with grad mode off under RAII
// guards, then wires the outputs into the graph with LibTorch's own _wrap_outputs (dirty inputs,
// non-differentiable outputs, views) and saves tensors as SavedVariables (so in-place changes of a
// saved tensor are reported as PyTorch does). The graph node, JsNode, calls the JS backward and
// checks its results as PyNode does; the engine may call it from another thread (engine_bridge.h).
#pragma once
#include <napi.h>

namespace tn {
void registerCustomFunction(Napi::Env env, Napi::Object exports);
}  // namespace tn
