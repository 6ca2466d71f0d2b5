// Conversions between JS values and TorchScript IValues, guided by a TorchScript type where one is
// known (a method's schema, an attribute's declared type). The mapping is documented in
// docs/jit.md; the rules in short:
//   JS -> IValue: Tensor -> Tensor; number -> int or float as the type says (int only when the
//   number is a safe integer; a bigint is an int); boolean -> bool; string -> str (or a Device,
//   or a dtype name for ScalarType); null/undefined -> None; Array -> List or Tuple as the type
//   says; Map or plain object -> Dict (str keys, or int keys from numbers / integer strings).
//   Without a type (Any, or a value that does not fit the type) the IValue's type is inferred, so
//   that TorchScript's own argument check reports the mismatch with its message.
//   IValue -> JS: Tensor -> Tensor (undefined -> null); int -> number (bigint beyond 2^53);
//   float -> number; bool; str; None -> null; List and Tuple -> Array (a NamedTuple's array also
//   carries its field names); Dict with str keys -> plain object, other keys -> Map; Device ->
//   string; a module object -> ScriptModule (through the factory lib/jit registers).
#pragma once
#include "common.h"
#include <ATen/core/ivalue.h>
#include <ATen/core/jit_type.h>

namespace torch { namespace jit { struct Module; } }

namespace tn {

// JS -> IValue for a value expected to be of `type` (nullptr: infer). `what` names the value in
// messages ("forward() argument 'x'"). Throws JsTypeError for JS values with no TorchScript
// counterpart (functions, symbols, class instances, undefined inside containers).
c10::IValue jsToIValue(napi_env env, napi_value value, const c10::TypePtr& type, const std::string& what);

// A JS array's length, bounded: longer than 2^24 elements is a RangeError naming `what` (walking
// a sparse array of length 2^32 - 1 element by element would never end).
uint32_t jsListLength(napi_env env, napi_value array, const char* what);

// True for a plain JS object (prototype Object.prototype or null): not an array, Map or Tensor.
bool isPlainJsObject(napi_env env, napi_value value);
// A plain object's own enumerable string keys with their values.
std::vector<std::pair<std::string, napi_value>> plainObjectEntries(napi_env env, napi_value value);

// IValue -> JS. Throws JsTypeError for IValues with no JS counterpart (futures, capsules, ...).
napi_value ivalueToJs(napi_env env, const c10::IValue& value);

// Script object handles: a tagged External owning a torch::jit::Module (which may be any
// TorchScript object; only modules are ever wrapped).
napi_value wrapScriptObject(napi_env env, const c10::intrusive_ptr<c10::ivalue::Object>& object);
// The object behind a handle, or nullptr when value is not one.
c10::intrusive_ptr<c10::ivalue::Object>* scriptObjectOf(napi_env env, napi_value value);
// Registers the JS function that turns a handle into a ScriptModule (lib/jit/script_module.ts).
void setScriptModuleFactory(napi_env env, napi_value fn);

}  // namespace tn
