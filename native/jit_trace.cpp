// torch.jit.trace of JS code: LibTorch's tracer records every operator that goes through the
// dispatcher on this thread while the JS function runs (our operators all do, synchronously), and
// the graph becomes the forward of a new TorchScript module. For a JS nn.Module, lib/jit describes
// its tree (class names, parameters, buffers, children) and the same tensors are registered in a
// TorchScript module tree first, so that the tracer reads them as attributes of `self` (Python's
// torch.jit.trace does the same), not as constants.
#include "ivalue_convert.h"
#include "tensor_object.h"
#include <torch/csrc/jit/api/module.h>
#include <torch/csrc/jit/frontend/tracer.h>
#include <cctype>

namespace tn {
namespace {

constexpr int kMaxModuleDepth = 256;

std::string sanitize(const std::string& name) {
  std::string out;
  for (char c : name) out += (std::isalnum(static_cast<unsigned char>(c)) || c == '_') ? c : '_';
  if (out.empty() || std::isdigit(static_cast<unsigned char>(out[0]))) out = "M" + out;
  return out;
}

// spec: { className: string, training: boolean, tensors: [name, Tensor, isParameter][],
//         children: [name, spec][] }
torch::jit::Module buildModule(Napi::Env env, Napi::Value specValue, const std::shared_ptr<torch::jit::CompilationUnit>& cu,
                               int depth) {
  if (depth > kMaxModuleDepth) throw JsRangeError("torch.jit.trace(): the module tree is deeper than 256 levels");
  if (!specValue.IsObject()) throw JsTypeError("torch.jit.trace(): internal module description is not an object");
  Napi::Object spec = specValue.As<Napi::Object>();
  Napi::Value className = spec.Get("className");
  if (!className.IsString()) throw JsTypeError("torch.jit.trace(): module description without a class name");
  torch::jit::Module m(c10::QualifiedName("__torch__.torch_node." + sanitize(className.As<Napi::String>().Utf8Value())), cu,
                       /*shouldMangle=*/true);
  m.register_attribute("training", c10::BoolType::get(), spec.Get("training").ToBoolean().Value());
  Napi::Value tensors = spec.Get("tensors");
  if (!tensors.IsArray()) throw JsTypeError("torch.jit.trace(): module description without tensors");
  Napi::Array ts = tensors.As<Napi::Array>();
  for (uint32_t i = 0; i < ts.Length(); ++i) {
    Napi::Array row = ts.Get(i).As<Napi::Array>();
    std::string name = row.Get(0u).As<Napi::String>().Utf8Value();
    const at::Tensor& t = unwrapTensor(env, row.Get(1u), name.c_str());
    if (row.Get(2u).ToBoolean()) m.register_parameter(name, t, /*is_buffer=*/false);
    else m.register_buffer(name, t);
  }
  Napi::Value children = spec.Get("children");
  if (!children.IsArray()) throw JsTypeError("torch.jit.trace(): module description without children");
  Napi::Array cs = children.As<Napi::Array>();
  for (uint32_t i = 0; i < cs.Length(); ++i) {
    Napi::Array row = cs.Get(i).As<Napi::Array>();
    m.register_module(row.Get(0u).As<Napi::String>().Utf8Value(), buildModule(env, row.Get(1u), cu, depth + 1));
  }
  return m;
}

// What the traced function returned, as the tracer's output: arrays are tuples (Python's tuple
// outputs), objects and Maps dicts; numbers and other non-tensors are refused by the tracer.
c10::IValue traceOutput(napi_env env, napi_value v, int depth) {
  if (depth > 64) throw JsRangeError("torch.jit.trace(): the traced function's result is nested too deeply");
  bool isArray = false;
  napi_is_array(env, v, &isArray);
  if (isArray) {
    uint32_t n = jsListLength(env, v, "the traced function's result");
    std::vector<c10::IValue> items;
    for (uint32_t i = 0; i < n; ++i) {
      napi_value e;
      check(env, napi_get_element(env, v, i, &e));
      items.push_back(traceOutput(env, e, depth + 1));
    }
    return c10::ivalue::Tuple::create(std::move(items));
  }
  napi_valuetype t;
  check(env, napi_typeof(env, v, &t));
  if (t == napi_undefined || t == napi_null) {
    throw JsTypeError("The traced function didn't return any values! Side-effects are not captured in traces, so it would be a no-op.");
  }
  return jsToIValue(env, v, nullptr, "the traced function's result");
}

// trace(fn, exampleInputs: unknown[], moduleSpec | null, strict: boolean) -> ScriptModule handle
Napi::Value trace(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  if (!info[0].IsFunction()) throw JsTypeError("torch.jit.trace(fn, exampleInputs): fn must be a function or an nn.Module");
  if (!info[1].IsArray()) throw JsTypeError("torch.jit.trace(fn, exampleInputs): exampleInputs must be an array");
  Napi::Function fn = info[0].As<Napi::Function>();
  Napi::Array examples = info[1].As<Napi::Array>();
  bool strict = info[3].ToBoolean();
  auto cu = std::make_shared<torch::jit::CompilationUnit>();
  torch::jit::Module self;
  if (info[2].IsNull() || info[2].IsUndefined()) {
    self = torch::jit::Module(c10::QualifiedName("__torch__.torch_node.TracedFunction"), cu, true);
    self.register_attribute("training", c10::BoolType::get(), true);
  } else {
    self = buildModule(env, info[2], cu, 0);
  }
  torch::jit::Stack inputs;
  uint32_t nInputs = jsListLength(env, examples, "torch.jit.trace(): exampleInputs");
  for (uint32_t i = 0; i < nInputs; ++i) {
    inputs.push_back(jsToIValue(env, examples.Get(i), nullptr, "exampleInputs[" + std::to_string(i) + "]"));
  }
  auto traced = [&](torch::jit::Stack stack) -> torch::jit::Stack {
    std::vector<napi_value> args;
    args.reserve(stack.size());
    for (const auto& v : stack) args.push_back(ivalueToJs(env, v));
    napi_value result;
    napi_status st = napi_call_function(env, env.Undefined(), fn, args.size(), args.data(), &result);
    if (st == napi_pending_exception) throw JsPending();
    check(env, st);
    return {traceOutput(env, result, 0)};
  };
  auto outcome = torch::jit::tracer::trace(std::move(inputs), traced, [](const at::Tensor&) { return std::string(); },
                                          strict, /*force_outplace=*/false, &self);
  auto fnPtr = cu->create_function(c10::QualifiedName(*self.type()->name(), "forward"), outcome.first->graph);
  self.type()->addMethod(fnPtr);
  return Napi::Value(env, wrapScriptObject(env, self._ivalue()));
}

}  // namespace

void registerJitTrace(Napi::Env env, Napi::Object jit) {
  napi_value target = jit;
  defineFunctions(env, target, {
      TN_FN("trace", trace),
  });
}

}  // namespace tn
