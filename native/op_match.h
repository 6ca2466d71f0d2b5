// Overload resolution, as PyTorch's Python argument parser does it: the JS arguments are bound
// to each overload's parameters and scored (0 exact, 1 a conversion PyTorch also makes); the
// cheapest match wins, and a cache keyed by the arguments' types remembers the winner. Included by
// op_call.cpp only (see op_args.h).
#pragma once
#include <cstring>
#include "generator_box.h"
#include "op_args.h"

namespace tn {
namespace {

constexpr int kNoMatch = 1 << 20;

// Cost of passing a JS value as the given kind: 0 exact, 1 a conversion PyTorch also makes
// (int -> int list, number -> wrapped Tensor), kNoMatch otherwise.
int elementCost(napi_env env, Kind kind, napi_value v, napi_valuetype t);

int arrayCost(napi_env env, Kind elemKind, const JsArg& array, bool allowNull) {
  int cost = 0;
  for (uint32_t i = 0; i < array.nElems; ++i) {
    const JsArg& e = array.elems[i];
    napi_valuetype t = e.type;
    if ((t == napi_null || t == napi_undefined) && allowNull) continue;
    if (elemKind == Kind::Tensor) {
      if (!e.box) return kNoMatch;
      continue;
    }
    if (e.isArray) return kNoMatch;
    int c = elementCost(env, elemKind, e.value, t);
    if (c >= kNoMatch) return kNoMatch;
    cost = std::max(cost, c);
  }
  return cost;
}

int elementCost(napi_env env, Kind kind, napi_value v, napi_valuetype t) {
  switch (kind) {
    case Kind::Tensor:
      if (t == napi_external) return isTensorHandle(env, v) ? 0 : kNoMatch;
      return kNoMatch;
    case Kind::Int:
      if (t == napi_number) return isInteger(numberOf(env, v)) ? 0 : kNoMatch;
      if (t == napi_bigint) return 0;
      return kNoMatch;
    case Kind::Float:
      return (t == napi_number || t == napi_bigint) ? 0 : kNoMatch;
    case Kind::Bool:
      return t == napi_boolean ? 0 : kNoMatch;
    case Kind::Scalar:
      return (t == napi_number || t == napi_boolean || t == napi_bigint) ? 0 : kNoMatch;
    default:
      return kNoMatch;
  }
}

int argCost(napi_env env, const ArgSpec& spec, const JsArg& a, bool lenient) {
  if (a.type == napi_null) return spec.optional ? 0 : kNoMatch;
  switch (spec.kind) {
    case Kind::Tensor:
      if (a.type == napi_external) return a.box ? 0 : kNoMatch;
      if (lenient && (a.type == napi_number || a.type == napi_boolean || a.type == napi_bigint)) return 1;
      return kNoMatch;
    case Kind::Int: case Kind::Float: case Kind::Bool: case Kind::Scalar:
      if (a.type == napi_external && spec.kind != Kind::Bool) {
        // Like Python: a 0-dim tensor that does not require grad stands for a number (an
        // integral one for int), at a cost, so Tensor overloads win when there are any.
        if (!a.box) return kNoMatch;
        const at::Tensor& t = boxTensor(a.box, spec.name.c_str());
        if (t.dim() != 0 || t.requires_grad()) return kNoMatch;
        if (spec.kind == Kind::Int && !at::isIntegralType(t.scalar_type(), /*includeBool=*/false)) return kNoMatch;
        return 1;
      }
      return elementCost(env, spec.kind, a.value, a.type);
    case Kind::IntList:
      if (a.isArray) return arrayCost(env, Kind::Int, a, false);
      if (a.type == napi_number && isInteger(numberOf(env, a.value))) return 1;
      return kNoMatch;
    case Kind::FloatList:
      if (a.isArray) return arrayCost(env, Kind::Float, a, false);
      if (a.type == napi_number) return 1;
      return kNoMatch;
    case Kind::BoolList:
      return a.isArray ? arrayCost(env, Kind::Bool, a, false) : kNoMatch;
    case Kind::ScalarList:
      return a.isArray ? arrayCost(env, Kind::Scalar, a, false) : kNoMatch;
    case Kind::TensorList:
      return a.isArray ? arrayCost(env, Kind::Tensor, a, false) : kNoMatch;
    case Kind::OptTensorList:
      return a.isArray ? arrayCost(env, Kind::Tensor, a, true) : kNoMatch;
    case Kind::Str: case Kind::ScalarType: case Kind::Layout: case Kind::MemoryFormat:
      return a.type == napi_string ? 0 : kNoMatch;
    // A torch.device object (lib/device.ts) stands for its string.
    case Kind::Device:
      return a.type == napi_string || a.type == napi_object ? 0 : kNoMatch;
    case Kind::Generator:
      return (a.type == napi_external && isGeneratorHandle(env, a.value)) ? 0 : kNoMatch;
    default:
      return kNoMatch;
  }
}

struct Bound {
  JsArg slots[kMaxArgs];  // per schema argument (the overload's first args.size()); value null = not given
  int cost;
};

std::string describeJs(napi_env env, const JsArg& a) {
  switch (a.type) {
    case napi_external: return a.box ? "Tensor" : "Generator";
    case napi_number: return isInteger(numberOf(env, a.value)) ? "int" : "float";
    case napi_boolean: return "bool";
    case napi_string: return "str";
    case napi_null: return "None";
    case napi_bigint: return "int";
    case napi_object: return a.isArray ? "list" : "object";
    default: return "undefined";
  }
}

// Binds positional JS args (and the keyword arguments) to an overload's parameters and scores it.
// kwValues[k] is the value of kwNames[k], read once.
bool bindArgs(napi_env env, const Overload& ov, ArgSpan positional, const KeywordNames& kwNames,
              const KeywordValues& kwValues, bool lenient, Bound& out) {
  if (!ov.supported || ov.args.size() > kMaxArgs) return false;
  if (ov.hiddenFromPython && !ov.only) return false;
  for (size_t i = 0; i < ov.args.size(); ++i) out.slots[i] = JsArg{};
  out.cost = 0;
  size_t nPos = positional.size();
  if (nPos > static_cast<size_t>(ov.positionalCount)) {
    // Varargs sizes: x.view(-1, 784), torch.zeros(2, 3). PyTorch allows them when an int list
    // is the last positional parameter.
    size_t last = ov.positionalCount - 1;
    if (ov.positionalCount == 0 || ov.args[last].kind != Kind::IntList) return false;
    for (size_t i = 0; i < last; ++i) out.slots[i] = positional[i];
    for (size_t i = last; i < nPos; ++i) {
      if (positional[i].type != napi_number && positional[i].type != napi_bigint) return false;
    }
    // The trailing positional arguments are the list's elements.
    JsArg list{positional[last].value, napi_object, true};
    list.elems = positional.data + last;
    list.nElems = static_cast<uint32_t>(nPos - last);
    out.slots[last] = list;
  } else {
    for (size_t i = 0; i < nPos; ++i) out.slots[i] = positional[i];
  }
  for (size_t k = 0; k < kwNames.size(); ++k) {
    const std::string& key = kwNames[k];
    size_t index = ov.args.size();
    for (size_t i = 0; i < ov.args.size(); ++i) {
      if (ov.args[i].jsName == key || ov.args[i].name == key) { index = i; break; }
    }
    if (index == ov.args.size() && key == "input") {
      // Python names `self` `input` in functions: torch.sum(input=x, dim=1).
      for (size_t i = 0; i < ov.args.size(); ++i) {
        if (ov.args[i].name == "self") { index = i; break; }
      }
    }
    if (index == ov.args.size()) {
      // Python's out=(values, indices): the keyword-only out arguments of a multi-output overload.
      if (key != "out") return false;
      const JsArg& v = kwValues[k];
      if (!v.isArray) return false;
      uint32_t n = v.nElems, used = 0;
      for (size_t i = 0; i < ov.args.size(); ++i) {
        if (!ov.args[i].writes || !ov.args[i].kwargOnly) continue;
        if (used >= n || out.slots[i].value != nullptr) return false;
        out.slots[i] = v.elems[used++];
      }
      if (used != n || used < 2) return false;
      continue;
    }
    if (out.slots[index].value != nullptr) return false;  // given twice
    const JsArg& a = kwValues[k];
    if (a.type == napi_undefined) continue;
    out.slots[index] = a;
  }
  for (size_t i = 0; i < ov.args.size(); ++i) {
    const JsArg& a = out.slots[i];
    const ArgSpec& spec = ov.args[i];
    if (a.value == nullptr || a.type == napi_undefined) {
      if (!spec.defaultValue) return false;
      continue;
    }
    int c = argCost(env, spec, a, lenient);
    if (c >= kNoMatch) return false;
    out.cost += c;
  }
  return true;
}

// 4 bits per argument: cheap to compute, and it separates every case the matcher does.
uint64_t keyCode(napi_env env, const JsArg& a) {
  switch (a.type) {
    case napi_external: return a.box ? 1 : 9;  // a Tensor, or a Generator handle
    case napi_number: return isInteger(numberOf(env, a.value)) ? 2 : 3;
    case napi_boolean: return 4;
    case napi_string: return 5;
    case napi_null: return 6;
    case napi_bigint: return 7;
    case napi_undefined: return 8;
    default: return 15;  // arrays and objects: content decides, never cached
  }
}

uint64_t signatureKey(ArgSpan positional, napi_env env) {
  uint64_t key = positional.size();
  for (size_t i = 0; i < positional.size() && i < 14; ++i) key |= keyCode(env, positional[i]) << (4 + 4 * i);
  return key;
}

// Whether a cache entry for these positional arguments (no keyword arguments) can be direct
// (CacheEntry): each argument's match depends on nothing but its key code. A Tensor passed for a
// number matches only when 0-dim and not requiring grad, and a Generator handle is checked to be
// one; the varargs form packs arguments into a list.
bool directBinding(const Overload& ov, ArgSpan positional) {
  if (positional.size() > static_cast<size_t>(ov.positionalCount)) return false;
  for (size_t i = 0; i < positional.size(); ++i) {
    if (positional[i].type == napi_external && ov.args[i].kind != Kind::Tensor) return false;
  }
  return true;
}

bool cacheable(uint64_t key) {
  for (int i = 0; i < 15; ++i) if (((key >> (4 + 4 * i)) & 0xf) == 15) return false;
  return true;
}

// A keyword call's cache key (KwCacheEntry): the values' codes, and the names joined by NULs
// into names (false when the call cannot be cached: too many or too long names, a list value).
struct KwKey {
  uint64_t codes = 0;
  uint8_t nameBytes = 0;
  char names[KwCacheEntry::kNameBytes];
};

bool keywordKey(napi_env env, const KeywordNames& kwNames, const KeywordValues& kwValues, KwKey& out) {
  if (kwNames.size() > 15) return false;
  out.codes = kwNames.size();
  size_t used = 0;
  for (size_t k = 0; k < kwNames.size(); ++k) {
    uint64_t code = keyCode(env, kwValues[k]);
    if (code == 15) return false;
    out.codes |= code << (4 + 4 * k);
    const std::string& name = kwNames[k];
    if (used + name.size() + 1 > KwCacheEntry::kNameBytes) return false;
    std::memcpy(out.names + used, name.data(), name.size());
    used += name.size();
    out.names[used++] = '\0';
  }
  out.nameBytes = static_cast<uint8_t>(used);
  return true;
}

bool sameKeywords(const KwCacheEntry& e, uint64_t key, const KwKey& kw) {
  return e.key == key && e.kwKey == kw.codes && e.nameBytes == kw.nameBytes &&
         std::memcmp(e.names, kw.names, kw.nameBytes) == 0;
}

std::string noMatchMessage(napi_env env, const Family& family, ArgSpan positional,
                           const KeywordNames& kwNames) {
  std::string got;
  for (size_t i = 0; i < positional.size(); ++i) got += (i ? ", " : "") + describeJs(env, positional[i]);
  for (const auto& k : kwNames) got += (got.empty() ? "" : ", ") + k + "=...";
  std::string msg = shortName(family) + "() received an invalid combination of arguments - got (" + got +
                    "), but expected one of:";
  for (const auto& ov : family.overloads) {
    if (!ov.supported) continue;
    msg += "\n * " + ov.schemaText.substr(ov.schemaText.find('('));
  }
  return msg;
}

}  // namespace
}  // namespace tn
