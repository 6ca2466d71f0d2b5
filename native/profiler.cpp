// torch.profiler over LibTorch's Kineto profiler (torch/csrc/autograd/profiler_kineto.h), as
// torch.autograd.profiler's _enable_profiler / _disable_profiler / _record_function_enter_new.
// JS gets the result as an opaque handle: its events (lib/profiler builds Python's FunctionEvents
// and tables from them) and save(path) for the Chrome trace.
#include "common.h"
#include <ATen/record_function.h>
#include <c10/core/CPUAllocator.h>
#include <torch/csrc/autograd/profiler_kineto.h>
#include <memory>
#include <set>
#include <string>

namespace tn {
namespace {

namespace prof = torch::autograd::profiler;
using torch::profiler::impl::ActivityType;
using torch::profiler::impl::ProfilerConfig;
using torch::profiler::impl::ProfilerState;

// Kineto's activity type of user annotations (libkineto::ActivityType::USER_ANNOTATION and
// GPU_USER_ANNOTATION), what Python's KinetoEvent.is_user_annotation() tests.
constexpr uint8_t kUserAnnotation = 1;
constexpr uint8_t kGpuUserAnnotation = 2;

std::set<ActivityType> activitiesOf(Napi::Array list) {
  std::set<ActivityType> out;
  for (uint32_t i = 0; i < list.Length(); ++i) {
    std::string a = list.Get(i).As<Napi::String>().Utf8Value();
    if (a == "cpu") out.insert(ActivityType::CPU);
    else if (a == "cuda") out.insert(ActivityType::CUDA);
    else throw JsTypeError("profile(): unknown activity '" + a + "'");
  }
  return out;
}

// torch-node's malloc-based CPU allocator (process_effects.h) does not report to the profiler;
// LibTorch's default one does. While a profile records memory, new CPU blocks come from the default
// allocator (each block keeps its own deleter, so blocks of either kind free correctly after).
c10::Allocator* savedCpuAllocator = nullptr;

void useReportingAllocator(bool on) {
  if (on && savedCpuAllocator == nullptr) {
    savedCpuAllocator = c10::GetCPUAllocator();
    c10::SetCPUAllocator(c10::GetDefaultCPUAllocator(), /*priority=*/1);
  } else if (!on && savedCpuAllocator != nullptr) {
    c10::SetCPUAllocator(savedCpuAllocator, /*priority=*/1);
    savedCpuAllocator = nullptr;
  }
}

// profilerEnable(activities, recordShapes, profileMemory, withStack, withFlops, withModules)
Napi::Value profilerEnable(const Napi::CallbackInfo& info) {
  auto activities = activitiesOf(info[0].As<Napi::Array>());
  ProfilerConfig config(ProfilerState::KINETO, info[1].ToBoolean().Value(), info[2].ToBoolean().Value(),
                        info[3].ToBoolean().Value(), info[4].ToBoolean().Value(), info[5].ToBoolean().Value());
  prof::prepareProfiler(config, activities);
  prof::enableProfiler(config, activities);
  if (config.profile_memory) useReportingAllocator(true);
  return info.Env().Undefined();
}

void finalizeResult(Napi::Env, prof::ProfilerResult* r) { delete r; }

// profilerDisable(): the result handle.
Napi::Value profilerDisable(const Napi::CallbackInfo& info) {
  std::unique_ptr<prof::ProfilerResult> result = prof::disableProfiler();
  useReportingAllocator(false);
  return Napi::External<prof::ProfilerResult>::New(info.Env(), result.release(), finalizeResult);
}

Napi::Value profilerEnabled(const Napi::CallbackInfo& info) {
  return Napi::Boolean::New(info.Env(), torch::profiler::impl::profilerEnabled());
}

Napi::Array stringArray(Napi::Env env, c10::ArrayRef<std::string> list) {
  Napi::Array a = Napi::Array::New(env, list.size());
  for (size_t i = 0; i < list.size(); ++i) a.Set(i, Napi::String::New(env, list[i]));
  return a;
}

// profilerResultEvents(result): one plain object per Kineto event, times in ns from the trace start.
Napi::Value profilerResultEvents(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  auto* result = info[0].As<Napi::External<prof::ProfilerResult>>().Data();
  const auto& events = result->events();
  const double start = static_cast<double>(result->trace_start_ns());
  Napi::Array out = Napi::Array::New(env, events.size());
  for (size_t i = 0; i < events.size(); ++i) {
    const auto& e = events[i];
    Napi::Object o = Napi::Object::New(env);
    o.Set("name", e.name());
    o.Set("overloadName", e.overload_name());
    o.Set("hidden", e.isHiddenEvent());
    o.Set("startNs", static_cast<double>(e.startNs()) - start);
    o.Set("endNs", static_cast<double>(e.endNs()) - start);
    o.Set("startThreadId", static_cast<double>(e.startThreadId()));
    o.Set("endThreadId", static_cast<double>(e.endThreadId()));
    o.Set("fwdThreadId", static_cast<double>(e.fwdThreadId()));
    o.Set("correlationId", static_cast<double>(e.correlationId()));
    o.Set("sequenceNr", static_cast<double>(e.sequenceNr()));
    o.Set("scope", static_cast<double>(e.scope()));
    o.Set("deviceType", c10::DeviceTypeName(e.deviceType(), /*lower_case=*/true));
    o.Set("deviceIndex", e.deviceIndex());
    o.Set("nBytes", static_cast<double>(e.nBytes()));
    o.Set("isAsync", e.isAsync());
    o.Set("flops", static_cast<double>(e.flops()));
    uint8_t activity = e.activityType();
    o.Set("isUserAnnotation", activity == kUserAnnotation || activity == kGpuUserAnnotation);
    Napi::Array shapes = Napi::Array::New(env);
    if (e.hasShapes()) {
      auto s = e.shapes();
      for (size_t j = 0; j < s.size(); ++j) {
        Napi::Array dims = Napi::Array::New(env, s[j].size());
        for (size_t k = 0; k < s[j].size(); ++k) dims.Set(k, static_cast<double>(s[j][k]));
        shapes.Set(j, dims);
      }
    }
    o.Set("shapes", shapes);
    o.Set("dtypes", e.hasTypes() ? stringArray(env, e.dtypes()) : Napi::Array::New(env));
    o.Set("stack", e.hasStack() ? stringArray(env, e.stack()) : Napi::Array::New(env));
    out.Set(i, o);
  }
  return out;
}

// profilerResultSave(result, path): Kineto's Chrome trace JSON.
Napi::Value profilerResultSave(const Napi::CallbackInfo& info) {
  auto* result = info[0].As<Napi::External<prof::ProfilerResult>>().Data();
  result->save(info[1].As<Napi::String>().Utf8Value());
  return info.Env().Undefined();
}

// A user scope (RECORD_FUNCTION with USER_SCOPE): recordFunctionEnter(name) -> handle,
// recordFunctionExit(handle). A handle never exited ends when collected.
struct UserScope {
  at::RecordFunction rf{at::RecordScope::USER_SCOPE};
  bool ended = false;
};

void finalizeScope(Napi::Env, UserScope* s) { delete s; }

Napi::Value recordFunctionEnter(const Napi::CallbackInfo& info) {
  auto* scope = new UserScope();
  if (scope->rf.isActive()) {
    scope->rf.before(info[0].As<Napi::String>().Utf8Value());
  }
  return Napi::External<UserScope>::New(info.Env(), scope, finalizeScope);
}

Napi::Value recordFunctionExit(const Napi::CallbackInfo& info) {
  auto* scope = info[0].As<Napi::External<UserScope>>().Data();
  if (!scope->ended) {
    scope->ended = true;
    scope->rf.end();
  }
  return info.Env().Undefined();
}

}  // namespace

void registerProfiler(Napi::Env env, Napi::Object exports) {
  defineFunctions(env, exports, {
      TN_FN("profilerEnable", profilerEnable),
      TN_FN("profilerDisable", profilerDisable),
      TN_FN("profilerEnabled", profilerEnabled),
      TN_FN("profilerResultEvents", profilerResultEvents),
      TN_FN("profilerResultSave", profilerResultSave),
      TN_FN("recordFunctionEnter", recordFunctionEnter),
      TN_FN("recordFunctionExit", recordFunctionExit),
  });
}

}  // namespace tn
