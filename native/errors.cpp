#include "common.h"
#include "js_error_stash.h"
#include "v8_entry.h"
#include <ATen/detail/CUDAHooksInterface.h>

namespace tn {

static void throwWithCtor(napi_env env, const char* kind, const std::string& message) {
  napi_value msg, error;
  napi_create_string_utf8(env, message.c_str(), message.size(), &msg);
  if (std::string(kind) == "TypeError") {
    napi_create_type_error(env, nullptr, msg, &error);
  } else if (std::string(kind) == "RangeError") {
    napi_create_range_error(env, nullptr, msg, &error);
  } else {
    napi_create_error(env, nullptr, msg, &error);
  }
  napi_throw(env, error);
}

// PyTorch's Python layer (torch/csrc/Exceptions.cpp, processErrorMsg) rewrites ATen type names in
// error messages (CPUFloatType -> torch.FloatTensor); so do we, so that messages match Python's.
static std::string translateAtenTypes(std::string text) {
  if (text.find("Type") == std::string::npos) return text;
  static const char* const kBackends[][2] = {
      {"SparseCUDA", "torch.cuda.sparse."}, {"SparseCPU", "torch.sparse."}, {"CUDA", "torch.cuda."}, {"CPU", "torch."}};
  static const char* const kScalars[] = {"Byte", "Char", "Double", "Float", "Int", "Long", "Short", "Half"};
  auto replaceAll = [&](const std::string& from, const std::string& to) {
    for (size_t pos = text.find(from); pos != std::string::npos; pos = text.find(from, pos + to.size())) {
      text.replace(pos, from.size(), to);
    }
  };
  for (const auto& backend : kBackends) {
    for (const char* scalar : kScalars) {
      std::string aten = std::string(backend[0]) + scalar + "Type";
      std::string torch = std::string(backend[1]) + scalar + "Tensor";
      replaceAll("Variable[" + aten + "]", torch);
      replaceAll(aten, torch);
    }
  }
  return text;
}

// A CUDA tensor requested from a LibTorch without CUDA fails deep in the dispatcher with a
// page-long kernel listing; Python says "Torch not compiled with CUDA enabled" first. So do we.
static std::string explainMissingCuda(std::string text) {
  if (text.find("from the 'CUDA' backend") == std::string::npos) return text;
  const auto& cuda = at::detail::getCUDAHooks();
  std::string why = !cuda.hasCUDA() ? "Torch not compiled with CUDA enabled: the linked LibTorch has no CUDA support"
                                   : "CUDA is not available: no CUDA device or driver was found";
  auto firstLine = text.find('\n');
  return why + " (" + text.substr(0, firstLine) + ")";
}

void defineFunctions(napi_env env, napi_value target, std::initializer_list<NativeFunction> table) {
  for (const NativeFunction& row : table) {
    napi_value fn;
    if (row.v8Callback != nullptr) {
      // A plain V8 callback finds its env in the function's data, as N-API's own callbacks do.
      v8::Isolate* isolate = v8::Isolate::GetCurrent();
      v8::Local<v8::Function> v8fn =
          v8::FunctionTemplate::New(isolate, row.v8Callback, v8::External::New(isolate, env))
              ->GetFunction(isolate->GetCurrentContext())
              .ToLocalChecked();
      v8fn->SetName(v8::String::NewFromUtf8(isolate, row.name).ToLocalChecked());
      fn = toNapi(v8fn);
    } else {
      check(env, napi_create_function(env, row.name, NAPI_AUTO_LENGTH, row.callback, nullptr, &fn));
    }
    check(env, napi_set_named_property(env, target, row.name, fn));
  }
}

void throwAsJs(napi_env env) {
  bool pending = false;
  napi_is_exception_pending(env, &pending);
  try {
    throw;
  } catch (const JsPending&) {
    // already pending
  } catch (const StashedJsError& e) {
    // A JS exception raised inside a JS callback reached us through C++ (e.g. through the
    // autograd engine): rethrow the very same JS value.
    if (!pending) rethrowStashed(env, e.id);
  } catch (const Napi::Error& e) {
    if (!pending) napi_throw(env, e.Value());
  } catch (const c10::Error& e) {
    if (!pending) {
      const std::string text = explainMissingCuda(translateAtenTypes(e.what_without_backtrace()));
      // IndexError/TypeError/ValueError in PyTorch map onto RangeError/TypeError in JS.
      const char* kind = "Error";
      if (dynamic_cast<const c10::IndexError*>(&e)) kind = "RangeError";
      else if (dynamic_cast<const c10::TypeError*>(&e)) kind = "TypeError";
      throwWithCtor(env, kind, text);
    }
  } catch (const JsTypeError& e) {
    if (!pending) throwWithCtor(env, "TypeError", e.what());
  } catch (const JsRangeError& e) {
    if (!pending) throwWithCtor(env, "RangeError", e.what());
  } catch (const std::bad_alloc&) {
    if (!pending) throwWithCtor(env, "RangeError", "torch-node: out of memory (std::bad_alloc)");
  } catch (const std::exception& e) {
    if (!pending) {
      std::string text = e.what();
      // Errors that crossed the autograd engine arrive as std::runtime_error wrapping a c10
      // message; strip any backtrace that was appended.
      auto pos = text.find("\nException raised from");
      if (pos != std::string::npos) text.resize(pos);
      text = translateAtenTypes(std::move(text));
      throwWithCtor(env, "Error", text);
    }
  } catch (...) {
    if (!pending) throwWithCtor(env, "Error", "torch-node: unknown native error");
  }
}

}  // namespace tn
