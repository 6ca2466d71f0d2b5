// Conversion between JS values and the IValues of an operator's stack: arguments by their schema
// kind, results by their return kind. Included by op_call.cpp only (see op_args.h).
#pragma once
#include "enum_names.h"
#include "generator_box.h"
#include "op_args.h"

namespace tn {
namespace {

// An int argument; values outside int64 are a RangeError naming the argument, never clamped.
int64_t intOf(napi_env env, napi_value v, napi_valuetype t, const char* what = "argument") {
  if (t == napi_bigint) {
    int64_t r;
    bool lossless;
    napi_get_value_bigint_int64(env, v, &r, &lossless);
    if (!lossless) throw JsRangeError(std::string(what) + " is outside the int64 range");
    return r;
  }
  double d = numberOf(env, v);
  if (!(d >= -9223372036854775808.0 && d < 9223372036854775808.0)) {
    throw JsRangeError(std::string(what) + " is outside the int64 range (got " + std::to_string(d) + ")");
  }
  return static_cast<int64_t>(d);
}

c10::Scalar scalarOf(napi_env env, napi_value v, napi_valuetype t) {
  if (t == napi_boolean) {
    bool b;
    napi_get_value_bool(env, v, &b);
    return c10::Scalar(b);
  }
  if (t == napi_bigint) return c10::Scalar(intOf(env, v, t));
  double d = numberOf(env, v);
  // An integral JS number is Python's int here, so int tensors stay int (x.add(1)), up to the
  // int64 range: 2**60 is an exact integer in JS as in Python.
  if (isInteger(d) && d >= -9223372036854775808.0 && d < 9223372036854775808.0) return c10::Scalar(static_cast<int64_t>(d));
  return c10::Scalar(d);
}

c10::IValue toIValue(napi_env env, const ArgSpec& spec, const JsArg& a) {
  if (a.type == napi_null) return c10::IValue();
  switch (spec.kind) {
    case Kind::Tensor: {
      if (a.type == napi_external) return boxTensor(a.box, spec.name.c_str());
      at::Tensor wrapped = at::scalar_to_tensor(scalarOf(env, a.value, a.type));
      wrapped.unsafeGetTensorImpl()->set_wrapped_number(true);
      return wrapped;
    }
    case Kind::Int:
      if (a.type == napi_external) return boxTensor(a.box, spec.name.c_str()).item().toLong();
      return intOf(env, a.value, a.type, spec.jsName.c_str());
    case Kind::Float:
      if (a.type == napi_external) return boxTensor(a.box, spec.name.c_str()).item().toDouble();
      return a.type == napi_bigint ? static_cast<double>(intOf(env, a.value, a.type)) : numberOf(env, a.value);
    case Kind::Bool: {
      bool b;
      if (napi_get_value_bool(env, a.value, &b) != napi_ok) throw JsTypeError("argument '" + spec.jsName + "' must be a bool");
      return b;
    }
    case Kind::Scalar:
      if (a.type == napi_external) return boxTensor(a.box, spec.name.c_str()).item();
      return scalarOf(env, a.value, a.type);
    case Kind::IntList: {
      // Built as the c10::List the IValue holds (no std::vector copied into it: one allocation
      // less per call of torch.zeros(n), x.view(...), x.sum(dim)).
      c10::List<int64_t> out;
      if (!a.isArray) {
        int64_t v = intOf(env, a.value, a.type, spec.jsName.c_str());
        int n = spec.fixedLength > 0 ? spec.fixedLength : 1;
        out.reserve(n);
        for (int i = 0; i < n; ++i) out.push_back(v);
      } else {
        out.reserve(a.nElems);
        for (uint32_t i = 0; i < a.nElems; ++i) {
          const JsArg& e = a.elems[i];
          if (e.type != napi_number && e.type != napi_bigint) throw JsTypeError("argument '" + spec.jsName + "' must be a list of ints");
          out.push_back(intOf(env, e.value, e.type, spec.jsName.c_str()));
        }
      }
      return out;
    }
    case Kind::FloatList: {
      // A bigint element is an int, converted exactly as Python converts an int in a float list.
      auto floatOf = [&](const JsArg& e) -> double {
        if (e.type == napi_bigint) return static_cast<double>(intOf(env, e.value, e.type, spec.jsName.c_str()));
        if (e.type != napi_number) throw JsTypeError("argument '" + spec.jsName + "' must be a list of floats");
        return numberOf(env, e.value);
      };
      std::vector<double> out;
      if (!a.isArray) {
        out.assign(spec.fixedLength > 0 ? spec.fixedLength : 1, floatOf(a));
      } else {
        out.reserve(a.nElems);
        for (uint32_t i = 0; i < a.nElems; ++i) out.push_back(floatOf(a.elems[i]));
      }
      return out;
    }
    case Kind::BoolList: {
      c10::List<bool> out;
      for (uint32_t i = 0; i < a.nElems; ++i) {
        bool b;
        if (napi_get_value_bool(env, a.elems[i].value, &b) != napi_ok) throw JsTypeError("argument '" + spec.jsName + "' must be a list of bools");
        out.push_back(b);
      }
      return out;
    }
    case Kind::ScalarList: {
      std::vector<c10::Scalar> out;
      for (uint32_t i = 0; i < a.nElems; ++i) out.push_back(scalarOf(env, a.elems[i].value, a.elems[i].type));
      return out;
    }
    case Kind::TensorList: {
      std::vector<at::Tensor> out;
      out.reserve(a.nElems);
      for (uint32_t i = 0; i < a.nElems; ++i) {
        if (!a.elems[i].box) throw JsTypeError(spec.name + " must be a list of Tensors");
        out.push_back(boxTensor(a.elems[i].box, spec.name.c_str()));
      }
      return out;
    }
    case Kind::OptTensorList: {
      c10::List<std::optional<at::Tensor>> out;
      for (uint32_t i = 0; i < a.nElems; ++i) {
        const JsArg& e = a.elems[i];
        if (e.type == napi_null || e.type == napi_undefined) out.push_back(std::nullopt);
        else if (!e.box) throw JsTypeError(spec.name + " must be a list of Tensors or nulls");
        else out.push_back(boxTensor(e.box, spec.name.c_str()));
      }
      return out;
    }
    case Kind::Str: return stringOf(env, a.value);
    case Kind::ScalarType: {
      std::string name = stringOf(env, a.value);
      auto type = scalarTypeFromName(name);
      if (!type) throw JsTypeError("argument '" + spec.jsName + "' must be a dtype such as 'float32', 'int64' or 'bool', not '" + name + "'");
      return *type;
    }
    case Kind::Layout: {
      std::string name = stringOf(env, a.value);
      auto layout = layoutFromName(name);
      if (!layout) throw JsTypeError("argument '" + spec.jsName + "' must be a layout ('strided', 'sparse_coo', 'sparse_csr'), not '" + name + "'");
      return *layout;
    }
    case Kind::Device: {
      if (a.type == napi_string) return deviceFromName(stringOf(env, a.value));
      // A torch.device object: its String() is Python's str(device).
      napi_value s;
      if (napi_coerce_to_string(env, a.value, &s) != napi_ok) throw JsPending{};
      return deviceFromName(stringOf(env, s));
    }
    case Kind::MemoryFormat: {
      std::string name = stringOf(env, a.value);
      auto format = memoryFormatFromName(name);
      if (!format) throw JsTypeError("argument '" + spec.jsName + "' must be a memory format ('contiguous_format', 'preserve_format', 'channels_last', 'channels_last_3d'), not '" + name + "'");
      return *format;
    }
    case Kind::Generator: return generatorOf(env, a.value);
    default: throw JsTypeError("argument '" + spec.jsName + "' has a type torch-node cannot pass");
  }
}

napi_value convertReturn(napi_env env, RetKind kind, const c10::IValue& v) {
  napi_value r;
  if (v.isNone()) { napi_get_null(env, &r); return r; }
  switch (kind) {
    case RetKind::Tensor: return wrapTensor(env, v.toTensor());
    case RetKind::TensorList: {
      auto list = v.toTensorVector();
      napi_create_array_with_length(env, list.size(), &r);
      for (size_t i = 0; i < list.size(); ++i) napi_set_element(env, r, i, wrapTensor(env, list[i]));
      return r;
    }
    case RetKind::Int: napi_create_double(env, static_cast<double>(v.toInt()), &r); return r;
    case RetKind::Float: napi_create_double(env, v.toDouble(), &r); return r;
    case RetKind::Bool: napi_get_boolean(env, v.toBool(), &r); return r;
    case RetKind::Scalar: {
      c10::Scalar s = v.toScalar();
      if (s.isBoolean()) napi_get_boolean(env, s.toBool(), &r);
      else napi_create_double(env, s.toDouble(), &r);
      return r;
    }
    case RetKind::ScalarType: {
      const char* name = scalarTypeName(v.toScalarType());
      napi_create_string_utf8(env, name, NAPI_AUTO_LENGTH, &r);
      return r;
    }
    case RetKind::Str: {
      const auto& s = v.toStringRef();
      napi_create_string_utf8(env, s.data(), s.size(), &r);
      return r;
    }
    case RetKind::None: napi_get_null(env, &r); return r;
    default:
      if (v.isTensor()) return wrapTensor(env, v.toTensor());
      if (v.isInt()) { napi_create_double(env, static_cast<double>(v.toInt()), &r); return r; }
      if (v.isDouble()) { napi_create_double(env, v.toDouble(), &r); return r; }
      if (v.isBool()) { napi_get_boolean(env, v.toBool(), &r); return r; }
      throw JsTypeError("torch-node cannot return a value of type " + v.tagKind());
  }
}

}  // namespace
}  // namespace tn
