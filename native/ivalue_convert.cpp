// JS <-> IValue conversions for TorchScript calls and attributes (see ivalue_convert.h).
#include "ivalue_convert.h"
#include "enum_names.h"
#include "tensor_object.h"
#include <ATen/core/Dict.h>
#include <ATen/core/List.h>
#include <ATen/core/class_type.h>
#include <cmath>
#include <optional>

namespace tn {

constexpr uint32_t kMaxJsListLength = 1u << 24;

uint32_t jsListLength(napi_env env, napi_value array, const char* what) {
  uint32_t n = 0;
  napi_status status = napi_get_array_length(env, array, &n);
  if (status != napi_ok) throw JsTypeError(std::string(what) + " must be an array");
  if (n > kMaxJsListLength) throw JsRangeError(std::string(what) + ": an array of " + std::to_string(n) + " elements is too long");
  return n;
}

namespace {

constexpr double kMaxSafe = 9007199254740991.0;
constexpr int kMaxDepth = 64;

// Where a value sits ("forward() argument 'xs'[3]"), built into text only for a message: a
// conversion of a long list must not format one string per element.
struct Where {
  const Where* parent = nullptr;
  const std::string* text = nullptr;  // the root's name, or a suffix: ".field", "[key]", " key"
  int64_t index = -1;                 // "[index]" when >= 0
  std::string str() const {
    std::string s = parent ? parent->str() : std::string();
    if (text) s += *text;
    if (index >= 0) s += "[" + std::to_string(index) + "]";
    return s;
  }
};
std::string operator+(const Where& w, const char* s) { return w.str() + s; }
const std::string kKeySuffix = " key";

// Tags the External so that no other External (a Generator handle, a mapped file) passes for one.
const napi_type_tag kScriptObjectTag = {0x3c5e2a9b41d7f608ULL, 0x9e4b17c0d2a85f36ULL};

using ObjectPtr = c10::intrusive_ptr<c10::ivalue::Object>;

thread_local napi_ref moduleFactory = nullptr;

void dropFactory(void*) {
  // The env is going away with its references; forgetting ours is all that is left to do.
  moduleFactory = nullptr;
}

napi_valuetype typeOf(napi_env env, napi_value v) {
  napi_valuetype t;
  check(env, napi_typeof(env, v, &t));
  return t;
}

bool isArray(napi_env env, napi_value v) {
  bool a = false;
  napi_is_array(env, v, &a);
  return a;
}

double numberOf(napi_env env, napi_value v) {
  double d = 0;
  check(env, napi_get_value_double(env, v, &d));
  return d;
}

bool isSafeInteger(double d) { return std::isfinite(d) && std::floor(d) == d && std::fabs(d) <= kMaxSafe; }

std::string stringOf(napi_env env, napi_value v) {
  size_t len = 0;
  check(env, napi_get_value_string_utf8(env, v, nullptr, 0, &len));
  std::string s(len, '\0');
  check(env, napi_get_value_string_utf8(env, v, s.data(), len + 1, &len));
  return s;
}

std::optional<int64_t> bigintOf(napi_env env, napi_value v) {
  int64_t out = 0;
  bool lossless = false;
  check(env, napi_get_value_bigint_int64(env, v, &out, &lossless));
  if (!lossless) return std::nullopt;
  return out;
}

bool instanceOfGlobal(napi_env env, napi_value v, const char* ctorName) {
  napi_value global, ctor;
  check(env, napi_get_global(env, &global));
  check(env, napi_get_named_property(env, global, ctorName, &ctor));
  bool result = false;
  check(env, napi_instanceof(env, v, ctor, &result));
  return result;
}

bool isMap(napi_env env, napi_value v) { return typeOf(env, v) == napi_object && instanceOfGlobal(env, v, "Map"); }

// A plain object: its prototype is Object.prototype or null.
bool isPlainObject(napi_env env, napi_value v) {
  if (typeOf(env, v) != napi_object || isArray(env, v)) return false;
  napi_value proto, global, object, objectProto, nullValue;
  check(env, napi_get_prototype(env, v, &proto));
  check(env, napi_get_null(env, &nullValue));
  bool isNull = false;
  check(env, napi_strict_equals(env, proto, nullValue, &isNull));
  if (isNull) return true;
  check(env, napi_get_global(env, &global));
  check(env, napi_get_named_property(env, global, "Object", &object));
  check(env, napi_get_named_property(env, object, "prototype", &objectProto));
  bool same = false;
  check(env, napi_strict_equals(env, proto, objectProto, &same));
  return same;
}

std::string describeJs(napi_env env, napi_value v) {
  switch (typeOf(env, v)) {
    case napi_undefined: return "undefined";
    case napi_null: return "null";
    case napi_boolean: return "a boolean";
    case napi_number: return "a number";
    case napi_bigint: return "a bigint";
    case napi_string: return "a string";
    case napi_symbol: return "a symbol";
    case napi_function: return "a function";
    case napi_external: return "a native handle";
    default: break;
  }
  if (isTensorHandle(env, v)) return "a Tensor";
  if (isArray(env, v)) return "an array";
  return "an object";
}

uint32_t arrayLength(napi_env env, napi_value v, const Where& what) {
  uint32_t n = 0;
  check(env, napi_get_array_length(env, v, &n));
  // The message (a Where walk) is built only when it is needed.
  if (n > kMaxJsListLength) throw JsRangeError(what + ": an array of " + std::to_string(n) + " elements is too long");
  return n;
}

napi_value elementOf(napi_env env, napi_value array, uint32_t i) {
  napi_value e;
  check(env, napi_get_element(env, array, i, &e));
  return e;
}

// [key, value] pairs of a Map or of a plain object's own enumerable string keys.
std::vector<std::pair<napi_value, napi_value>> entriesOf(napi_env env, napi_value v, const Where& what) {
  std::vector<std::pair<napi_value, napi_value>> out;
  if (isMap(env, v)) {
    napi_value global, array, from, entries;
    check(env, napi_get_global(env, &global));
    check(env, napi_get_named_property(env, global, "Array", &array));
    check(env, napi_get_named_property(env, array, "from", &from));
    check(env, napi_call_function(env, array, from, 1, &v, &entries));
    uint32_t n = arrayLength(env, entries, what);
    for (uint32_t i = 0; i < n; ++i) {
      napi_value pair = elementOf(env, entries, i);
      out.emplace_back(elementOf(env, pair, 0), elementOf(env, pair, 1));
    }
    return out;
  }
  napi_value keys;
  check(env, napi_get_all_property_names(env, v, napi_key_own_only,
                                         static_cast<napi_key_filter>(napi_key_enumerable | napi_key_skip_symbols),
                                         napi_key_numbers_to_strings, &keys));
  uint32_t n = arrayLength(env, keys, what);
  for (uint32_t i = 0; i < n; ++i) {
    napi_value key = elementOf(env, keys, i), value;
    check(env, napi_get_property(env, v, key, &value));
    out.emplace_back(key, value);
  }
  return out;
}

struct Converter {
  napi_env env;
  int depth = 0;

  const at::Tensor& tensorOf(TensorBox* box, const Where& what) {
    if (!box->tensor.defined()) return boxTensor(box, what.str().c_str());  // throws, naming it
    return box->tensor;
  }

  [[noreturn]] void unsupported(napi_value v, const Where& what) {
    throw JsTypeError(what + ": cannot convert " + describeJs(env, v) + " to a TorchScript value");
  }

  // The value's own TorchScript reading, type inferred (what Python's toTypeInferredIValue does).
  c10::IValue infer(napi_value v, const Where& what) {
    if (++depth > kMaxDepth) throw JsRangeError(what + ": nested deeper than " + std::to_string(kMaxDepth) + " levels");
    struct Leave { int& d; ~Leave() { --d; } } leave{depth};
    switch (typeOf(env, v)) {
      case napi_undefined:
      case napi_null: return c10::IValue();
      case napi_boolean: {
        bool b = false;
        check(env, napi_get_value_bool(env, v, &b));
        return b;
      }
      case napi_number: {
        double d = numberOf(env, v);
        if (isSafeInteger(d)) return static_cast<int64_t>(d);
        return d;
      }
      case napi_bigint: {
        auto i = bigintOf(env, v);
        if (!i) throw JsRangeError(what + ": the bigint does not fit in int64");
        return *i;
      }
      case napi_string: return stringOf(env, v);
      case napi_external: {
        if (auto* obj = scriptObjectOf(env, v)) return c10::IValue(*obj);
        unsupported(v, what);
      }
      case napi_object: break;
      default: unsupported(v, what);
    }
    if (TensorBox* box = tensorBoxOf(env, v)) return tensorOf(box, what);
    if (isArray(env, v)) {
      uint32_t n = arrayLength(env, v, what);
      std::vector<c10::IValue> items;
      items.reserve(n);
      c10::TypePtr unified;
      bool same = true;
      for (uint32_t i = 0; i < n; ++i) {
        items.push_back(infer(elementOf(env, v, i), Where{&what, nullptr, i}));
        c10::TypePtr t = items.back().type();
        if (!unified) unified = t;
        else if (auto u = c10::unifyTypes(unified, t)) unified = *u;
        else same = false;
      }
      // A homogeneous array is a List (Python's list); a mixed one can only be a Tuple.
      if (!same) return c10::ivalue::Tuple::create(std::move(items));
      c10::impl::GenericList list(unified ? unified : c10::TensorType::get());
      list.reserve(n);
      for (auto& item : items) list.push_back(std::move(item));
      return list;
    }
    if (isMap(env, v) || isPlainObject(env, v)) {
      auto entries = entriesOf(env, v, what);
      bool intKeys = isMap(env, v) && !entries.empty();
      for (auto& [k, _] : entries) {
        auto t = typeOf(env, k);
        if (!(t == napi_bigint || (t == napi_number && isSafeInteger(numberOf(env, k))))) intKeys = false;
      }
      std::vector<std::pair<c10::IValue, c10::IValue>> items;
      c10::TypePtr valueType;
      for (auto& [k, val] : entries) {
        c10::IValue key = intKeys ? infer(k, Where{&what, &kKeySuffix}) : c10::IValue(stringOfKey(k, what));
        std::string suffix = "[" + (key.isString() ? key.toStringRef() : std::to_string(key.toInt())) + "]";
        c10::IValue value = infer(val, Where{&what, &suffix});
        c10::TypePtr t = value.type();
        if (!valueType) valueType = t;
        else if (auto u = c10::unifyTypes(valueType, t)) valueType = *u;
        else valueType = c10::AnyType::get();
        items.emplace_back(std::move(key), std::move(value));
      }
      c10::impl::GenericDict dict(intKeys ? c10::TypePtr(c10::IntType::get()) : c10::TypePtr(c10::StringType::get()),
                                  valueType ? valueType : c10::TensorType::get());
      for (auto& [k, val] : items) dict.insert_or_assign(std::move(k), std::move(val));
      return dict;
    }
    unsupported(v, what);
  }

  std::string stringOfKey(napi_value k, const Where& what) {
    if (typeOf(env, k) == napi_string) return stringOf(env, k);
    throw JsTypeError(what + ": a Dict[str, ...] needs string keys (got " + describeJs(env, k) + ")");
  }

  // The value read as `type`, or nullopt when it does not fit (the caller then infers, so that
  // TorchScript's own check names the mismatch).
  std::optional<c10::IValue> fit(napi_value v, const c10::TypePtr& type, const Where& what) {
    if (++depth > kMaxDepth) throw JsRangeError(what + ": nested deeper than " + std::to_string(kMaxDepth) + " levels");
    struct Leave { int& d; ~Leave() { --d; } } leave{depth};
    napi_valuetype t = typeOf(env, v);
    switch (type->kind()) {
      case c10::TypeKind::AnyType: return infer(v, what);
      case c10::TypeKind::TensorType:
        if (TensorBox* box = tensorBoxOf(env, v)) return c10::IValue(tensorOf(box, what));
        return std::nullopt;
      case c10::TypeKind::IntType:
        if (t == napi_number && isSafeInteger(numberOf(env, v))) return static_cast<int64_t>(numberOf(env, v));
        if (t == napi_bigint) {
          auto i = bigintOf(env, v);
          if (!i) throw JsRangeError(what + ": the bigint does not fit in int64");
          return *i;
        }
        return std::nullopt;
      case c10::TypeKind::FloatType:
        if (t == napi_number) return numberOf(env, v);
        return std::nullopt;
      case c10::TypeKind::NumberType:
        if (t == napi_number || t == napi_bigint) return infer(v, what);
        if (t == napi_boolean) return infer(v, what);
        return std::nullopt;
      case c10::TypeKind::BoolType:
        if (t == napi_boolean) return infer(v, what);
        return std::nullopt;
      case c10::TypeKind::StringType:
        if (t == napi_string) return stringOf(env, v);
        return std::nullopt;
      case c10::TypeKind::DeviceObjType:
        if (t == napi_string) return c10::IValue(deviceFromName(stringOf(env, v)));
        return std::nullopt;
      case c10::TypeKind::NoneType:
        if (t == napi_null || t == napi_undefined) return c10::IValue();
        return std::nullopt;
      case c10::TypeKind::OptionalType:
        if (t == napi_null || t == napi_undefined) return c10::IValue();
        return fit(v, type->expectRef<c10::OptionalType>().getElementType(), what);
      case c10::TypeKind::UnionType:
        for (const auto& member : type->expectRef<c10::UnionType>().containedTypes()) {
          if (auto r = fit(v, member, what)) return r;
        }
        return std::nullopt;
      case c10::TypeKind::ListType: {
        if (!isArray(env, v)) return std::nullopt;
        const c10::TypePtr& elem = type->expectRef<c10::ListType>().getElementType();
        uint32_t n = arrayLength(env, v, what);
        c10::impl::GenericList list(elem);
        list.reserve(n);
        for (uint32_t i = 0; i < n; ++i) {
          auto item = fit(elementOf(env, v, i), elem, Where{&what, nullptr, i});
          if (!item) return std::nullopt;
          list.push_back(std::move(*item));
        }
        return list;
      }
      case c10::TypeKind::TupleType: {
        const auto& tuple = type->expectRef<c10::TupleType>();
        const auto& elems = tuple.elements();
        std::vector<c10::IValue> items;
        if (isArray(env, v)) {
          if (arrayLength(env, v, what) != elems.size()) return std::nullopt;
          for (uint32_t i = 0; i < elems.size(); ++i) {
            auto item = fit(elementOf(env, v, i), elems[i], Where{&what, nullptr, i});
            if (!item) return std::nullopt;
            items.push_back(std::move(*item));
          }
        } else if (auto names = tuple.names(); names && names->size() == elems.size() && isPlainObject(env, v)) {
          // A NamedTuple may be given as an object with its field names.
          for (size_t i = 0; i < elems.size(); ++i) {
            std::string fieldName((*names)[i]);
            napi_value field;
            check(env, napi_get_named_property(env, v, fieldName.c_str(), &field));
            std::string suffix = "." + fieldName;
            auto item = fit(field, elems[i], Where{&what, &suffix});
            if (!item) return std::nullopt;
            items.push_back(std::move(*item));
          }
        } else {
          return std::nullopt;
        }
        if (tuple.schema()) return c10::ivalue::Tuple::createNamed(std::move(items), type->expect<c10::TupleType>());
        return c10::ivalue::Tuple::create(std::move(items));
      }
      case c10::TypeKind::DictType: {
        if (!(isMap(env, v) || isPlainObject(env, v))) return std::nullopt;
        const auto& dictType = type->expectRef<c10::DictType>();
        const c10::TypePtr& keyType = dictType.getKeyType();
        const c10::TypePtr& valueType = dictType.getValueType();
        c10::impl::GenericDict dict(keyType, valueType);
        for (auto& [k, val] : entriesOf(env, v, what)) {
          std::optional<c10::IValue> key;
          if (keyType->kind() == c10::TypeKind::IntType && typeOf(env, k) == napi_string) {
            // A plain object's keys are strings: '3' is the int key 3.
            std::string s = stringOf(env, k);
            char* end = nullptr;
            long long parsed = std::strtoll(s.c_str(), &end, 10);
            if (s.empty() || *end != '\0' || std::to_string(parsed) != s) return std::nullopt;
            key = static_cast<int64_t>(parsed);
          } else {
            key = fit(k, keyType, Where{&what, &kKeySuffix});
          }
          if (!key) return std::nullopt;
          std::string suffix = "[" + (key->isString() ? key->toStringRef() : std::to_string(key->isInt() ? key->toInt() : 0)) + "]";
          auto value = fit(val, valueType, Where{&what, &suffix});
          if (!value) return std::nullopt;
          dict.insert_or_assign(std::move(*key), std::move(*value));
        }
        return dict;
      }
      case c10::TypeKind::ClassType:
        if (t == napi_external) {
          if (auto* obj = scriptObjectOf(env, v)) {
            if ((*obj)->type()->isSubtypeOf(*type)) return c10::IValue(*obj);
          }
        }
        return std::nullopt;
      default:
        return std::nullopt;
    }
  }

  c10::IValue convert(napi_value v, const c10::TypePtr& type, const Where& what) {
    if (!type) return infer(v, what);
    if (auto r = fit(v, type, what)) return std::move(*r);
    return infer(v, what);
  }
};

napi_value makeMap(napi_env env) {
  napi_value global, ctor, map;
  check(env, napi_get_global(env, &global));
  check(env, napi_get_named_property(env, global, "Map", &ctor));
  check(env, napi_new_instance(env, ctor, 0, nullptr, &map));
  return map;
}

napi_value toJs(napi_env env, const c10::IValue& v, int depth) {
  if (depth > kMaxDepth) throw JsRangeError("TorchScript value nested deeper than " + std::to_string(kMaxDepth) + " levels");
  napi_value out;
  if (v.isNone()) { check(env, napi_get_null(env, &out)); return out; }
  if (v.isTensor()) return wrapTensor(env, v.toTensor());
  if (v.isBool()) { check(env, napi_get_boolean(env, v.toBool(), &out)); return out; }
  if (v.isInt()) {
    int64_t i = v.toInt();
    if (static_cast<double>(i) > kMaxSafe || static_cast<double>(i) < -kMaxSafe) {
      check(env, napi_create_bigint_int64(env, i, &out));
    } else {
      check(env, napi_create_double(env, static_cast<double>(i), &out));
    }
    return out;
  }
  if (v.isDouble()) { check(env, napi_create_double(env, v.toDouble(), &out)); return out; }
  if (v.isString()) {
    const std::string& s = v.toStringRef();
    check(env, napi_create_string_utf8(env, s.data(), s.size(), &out));
    return out;
  }
  if (v.isDevice()) {
    std::string s = v.toDevice().str();
    check(env, napi_create_string_utf8(env, s.data(), s.size(), &out));
    return out;
  }
  if (v.isList()) {
    auto list = v.toListRef();
    check(env, napi_create_array_with_length(env, list.size(), &out));
    for (size_t i = 0; i < list.size(); ++i) check(env, napi_set_element(env, out, i, toJs(env, list[i], depth + 1)));
    return out;
  }
  if (v.isTuple()) {
    const auto& tuple = v.toTupleRef();
    const auto& elems = tuple.elements();
    check(env, napi_create_array_with_length(env, elems.size(), &out));
    std::vector<napi_value> items;
    for (size_t i = 0; i < elems.size(); ++i) {
      items.push_back(toJs(env, elems[i], depth + 1));
      check(env, napi_set_element(env, out, i, items.back()));
    }
    // A NamedTuple's fields are also named properties, like our other named-tuple results.
    auto type = tuple.type();
    auto names = type && type->schema() ? type->names() : std::nullopt;
    if (names && names->size() == elems.size()) {
      for (size_t i = 0; i < elems.size(); ++i) {
        std::string name((*names)[i]);
        napi_property_descriptor d = {name.c_str(), nullptr, nullptr, nullptr, nullptr, items[i], napi_default_jsproperty, nullptr};
        check(env, napi_define_properties(env, out, 1, &d));
      }
    }
    return out;
  }
  if (v.isGenericDict()) {
    auto dict = v.toGenericDict();
    if (dict.keyType()->kind() == c10::TypeKind::StringType) {
      check(env, napi_create_object(env, &out));
      for (const auto& entry : dict) {
        const std::string& key = entry.key().toStringRef();
        napi_value value = toJs(env, entry.value(), depth + 1);
        napi_value keyValue;
        check(env, napi_create_string_utf8(env, key.data(), key.size(), &keyValue));
        // defineProperty, not a set: '__proto__' is an ordinary key here.
        napi_property_descriptor d = {nullptr, keyValue, nullptr, nullptr, nullptr, value, napi_default_jsproperty, nullptr};
        check(env, napi_define_properties(env, out, 1, &d));
      }
      return out;
    }
    out = makeMap(env);
    napi_value set;
    check(env, napi_get_named_property(env, out, "set", &set));
    for (const auto& entry : dict) {
      napi_value args[2] = {toJs(env, entry.key(), depth + 1), toJs(env, entry.value(), depth + 1)};
      napi_value ignored;
      check(env, napi_call_function(env, out, set, 2, args, &ignored));
    }
    return out;
  }
  if (v.isObject()) {
    auto obj = v.toObject();
    if (obj->type()->is_module()) {
      napi_value handle = wrapScriptObject(env, obj);
      if (moduleFactory == nullptr) return handle;
      napi_value factory, undefined;
      check(env, napi_get_reference_value(env, moduleFactory, &factory));
      check(env, napi_get_undefined(env, &undefined));
      napi_status st = napi_call_function(env, undefined, factory, 1, &handle, &out);
      if (st == napi_pending_exception) throw JsPending();
      check(env, st);
      return out;
    }
    throw JsTypeError("cannot convert a TorchScript object of class " + obj->type()->repr_str() +
                      " to a JS value (only modules are supported)");
  }
  if (v.isEnum()) return toJs(env, v.toEnumHolder()->value(), depth + 1);
  throw JsTypeError("cannot convert a TorchScript value of type " + v.type()->repr_str() + " to a JS value");
}

}  // namespace

c10::IValue jsToIValue(napi_env env, napi_value value, const c10::TypePtr& type, const std::string& what) {
  Converter c{env};
  return c.convert(value, type, Where{nullptr, &what});
}

napi_value ivalueToJs(napi_env env, const c10::IValue& value) { return toJs(env, value, 0); }

bool isPlainJsObject(napi_env env, napi_value value) {
  return !isTensorHandle(env, value) && isPlainObject(env, value);
}

std::vector<std::pair<std::string, napi_value>> plainObjectEntries(napi_env env, napi_value value) {
  std::vector<std::pair<std::string, napi_value>> out;
  static const std::string kWhat = "keyword arguments";
  for (auto& [k, v] : entriesOf(env, value, Where{nullptr, &kWhat})) out.emplace_back(stringOf(env, k), v);
  return out;
}

napi_value wrapScriptObject(napi_env env, const ObjectPtr& object) {
  auto* holder = new ObjectPtr(object);
  napi_value out;
  napi_status st = napi_create_external(env, holder, [](node_api_basic_env, void* data, void*) {
    delete static_cast<ObjectPtr*>(data);
  }, nullptr, &out);
  if (st != napi_ok) {
    delete holder;
    check(env, st);
  }
  check(env, napi_type_tag_object(env, out, &kScriptObjectTag));
  return out;
}

ObjectPtr* scriptObjectOf(napi_env env, napi_value value) {
  napi_valuetype t;
  if (napi_typeof(env, value, &t) != napi_ok || t != napi_external) return nullptr;
  bool tagged = false;
  if (napi_check_object_type_tag(env, value, &kScriptObjectTag, &tagged) != napi_ok || !tagged) return nullptr;
  void* data = nullptr;
  check(env, napi_get_value_external(env, value, &data));
  return static_cast<ObjectPtr*>(data);
}

void setScriptModuleFactory(napi_env env, napi_value fn) {
  if (moduleFactory != nullptr) {
    napi_delete_reference(env, moduleFactory);
  } else {
    napi_add_env_cleanup_hook(env, dropFactory, nullptr);
  }
  check(env, napi_create_reference(env, fn, 1, &moduleFactory));
}

}  // namespace tn
