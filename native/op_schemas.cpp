// native.listSchemas(namespace): every operator schema of a namespace, described as the operator
// call sees it, for code generation (codegen/).
#include "op_call.h"
#include "op_registry.h"
#include "names.h"
#include <sstream>

namespace tn {
namespace {

// Every schema of a namespace, for code generation: [{name, jsName, overload, rank,
// hiddenFromPython, schema, supported, args, returns, namedReturns}]. The policies native code applies to a
// schema (its order, whether Python sees it, its JS names) are exported as verdicts, so codegen/
// follows them instead of restating them.
Napi::Value listSchemas(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  std::string ns = info.Length() > 0 ? info[0].As<Napi::String>().Utf8Value() : "aten";
  Napi::Array out = Napi::Array::New(env);
  uint32_t n = 0;
  for (const auto& name : c10::Dispatcher::singleton().getAllOpNames()) {
    if (name.name.rfind(ns + "::", 0) != 0) continue;
    auto handle = c10::Dispatcher::singleton().findSchema(name);
    if (!handle) continue;
    Overload ov = describe(*handle);
    Napi::Object o = Napi::Object::New(env);
    std::string shortName = name.name.substr(ns.size() + 2);
    o.Set("name", shortName);
    o.Set("jsName", jsName(shortName));
    o.Set("overload", name.overload_name);
    o.Set("rank", overloadRank(name.overload_name));
    o.Set("hiddenFromPython", ov.hiddenFromPython);
    o.Set("schema", ov.schemaText);
    o.Set("supported", ov.supported);
    Napi::Array args = Napi::Array::New(env);
    const auto& schemaArgs = handle->schema().arguments();
    for (size_t i = 0; i < ov.args.size(); ++i) {
      Napi::Object a = Napi::Object::New(env);
      a.Set("name", ov.args[i].name);
      a.Set("jsName", ov.args[i].jsName);
      a.Set("type", ov.args[i].typeText);
      a.Set("kwargOnly", ov.args[i].kwargOnly);
      a.Set("optional", ov.args[i].optional);
      a.Set("hasDefault", ov.args[i].defaultValue.has_value());
      if (ov.args[i].defaultValue) {
        std::ostringstream d;
        d << *ov.args[i].defaultValue;
        a.Set("default", d.str());
      }
      a.Set("writes", schemaArgs[i].alias_info() != nullptr && schemaArgs[i].alias_info()->isWrite());
      args.Set(static_cast<uint32_t>(i), a);
    }
    o.Set("args", args);
    Napi::Array rets = Napi::Array::New(env);
    const auto& schemaRets = handle->schema().returns();
    for (size_t i = 0; i < schemaRets.size(); ++i) {
      Napi::Object r = Napi::Object::New(env);
      r.Set("name", schemaRets[i].name());
      r.Set("jsName", jsName(schemaRets[i].name()));
      r.Set("type", schemaRets[i].real_type()->str());
      r.Set("aliasesArg", ov.retAliasesArg[i]);
      rets.Set(static_cast<uint32_t>(i), r);
    }
    o.Set("returns", rets);
    // Python returns a named tuple (torch.return_types.NAME), and the result array carries the names.
    o.Set("namedReturns", !ov.retNames.empty());
    out.Set(n++, o);
  }
  return out;
}

}  // namespace

void registerOpSchemas(Napi::Env env, Napi::Object exports) {
  defineFunctions(env, exports, {TN_FN("listSchemas", listSchemas)});
}

}  // namespace tn
