// The JS side of an operator call: each argument read once into a JsArg (its type, its Tensor
// box, an array's elements; the keyword arguments' names and values), so that matching and
// conversion see the same values even when a getter or Proxy runs. Included by op_call.cpp only
// (with op_match.h and op_convert.h): the call path is one translation unit, and internal linkage
// lets the compiler inline what it uses once.
#pragma once
#include "op_registry.h"
#include "tensor_object.h"
#include "v8_entry.h"
#include <c10/util/SmallVector.h>
#include <cmath>
#include <memory>
#include <string>
#include <vector>

namespace tn {
namespace {

// No default member initializers on purpose: the call's argument buffers (kMaxArgs of these, on
// the stack) were zeroed on every call, 2 KB of stores (3% of a small op). JsArg{} and JsArg{v}
// still zero what they do not set; bindArgs clears the slots an overload uses.
struct JsArg {
  napi_value value;
  napi_valuetype type;
  bool isArray;
  TensorBox* box;  // set when value is a Tensor (type napi_external)
  // An array's elements, read once when the call starts (a getter or Proxy runs once, and
  // matching and conversion see the same values).
  const JsArg* elems;
  uint32_t nElems;
};

// The arguments one call takes: more positional arguments go to the heap (varargs sizes), more
// keyword arguments are refused.
constexpr size_t kMaxArgs = 24;

// Longer lists are refused up front: no operator takes them, and walking a sparse array of 2^32
// holes would hang the call.
constexpr uint32_t kMaxListLength = 1u << 24;

// The element snapshots of one call. The lists of a typical call (a size, a dim list) fit the
// inline buffer, left uninitialized: a heap allocation per list cost 3% of torch.zeros(1).
struct ArgArena {
  static constexpr uint32_t kInline = 32;
  JsArg inlineElems[kInline];
  uint32_t used = 0;
  std::vector<std::unique_ptr<JsArg[]>> lists;

  JsArg* allocate(uint32_t n) {
    if (n <= kInline - used) {
      JsArg* p = inlineElems + used;
      used += n;
      return p;
    }
    lists.push_back(std::make_unique<JsArg[]>(n));
    return lists.back().get();
  }
};

// The positional arguments of one call, in a buffer on the C++ stack (no allocation per call).
struct ArgSpan {
  const JsArg* data;
  size_t n;
  size_t size() const { return n; }
  const JsArg& operator[](size_t i) const { return data[i]; }
};

// Reading an element or property runs JS (getters, proxies), which may throw: the exception is
// then pending and the value unset, so the call stops here. Read through V8 directly:
// napi_get_element's try/catch and escapable handle scope per element were a third of what an
// options object's two elements per keyword cost.
napi_value elementOf(napi_env /*env*/, napi_value array, uint32_t i) {
  v8::Isolate* isolate = v8::Isolate::GetCurrent();
  v8::Local<v8::Value> e;
  if (!toLocal(array).As<v8::Object>()->Get(isolate->GetCurrentContext(), i).ToLocal(&e)) throw JsPending{};
  return toNapi(e);
}

bool isInteger(double d) { return std::isfinite(d) && std::floor(d) == d; }

inline double numberOf(napi_env env, napi_value v) {
  double d;
  if (napi_get_value_double(env, v, &d) != napi_ok) throw JsTypeError("expected a number");
  return d;
}

// A JS value as an argument: its type, its Tensor box, and an array's elements (snapshot).
JsArg readArg(napi_env env, napi_value v, ArgArena& arena) {
  JsArg a{v};
  a.type = argTypeOf(env, v, &a.isArray, &a.box);
  if (!a.isArray) return a;
  uint32_t n = 0;
  napi_get_array_length(env, v, &n);
  if (n > kMaxListLength) {
    throw JsRangeError("a list argument has " + std::to_string(n) + " elements; operators take lists of at most " +
                       std::to_string(kMaxListLength));
  }
  JsArg* elems = arena.allocate(n);
  for (uint32_t i = 0; i < n; ++i) {
    napi_value e = elementOf(env, v, i);
    elems[i] = JsArg{e};
    elems[i].type = argTypeOf(env, e, &elems[i].isArray, &elems[i].box);
    if (elems[i].type == napi_undefined) {
      // A hole reads as undefined: stop at the first one (a sparse array is no list of values).
      bool has = true;
      napi_has_element(env, v, i, &has);
      if (!has) {
        // lib/arrays.ts's holeError, word for word.
        throw JsTypeError("a list argument: the array has a hole at index " + std::to_string(i) +
                          " (a sparse array of length " + std::to_string(n) + "); arrays must be dense");
      }
    }
  }
  a.elems = elems;
  a.nElems = n;
  return a;
}

std::string stringOf(napi_env env, napi_value v) {
  size_t len;
  napi_get_value_string_utf8(env, v, nullptr, 0, &len);
  std::string s(len, '\0');
  napi_get_value_string_utf8(env, v, s.data(), len + 1, &len);
  return s;
}

// A keyword's name as the schema spells names: V8 keeps short ASCII strings one byte per
// character, copied as they are (UTF-8's length pass and conversion cost more than the call's
// matching); any other string goes through UTF-8.
std::string keywordName(napi_env env, v8::Local<v8::String> name) {
  int length = name->Length();
  if (name->IsOneByte() && length <= 64) {
    uint8_t buf[64];
    name->WriteOneByte(v8::Isolate::GetCurrent(), buf, 0, length, v8::String::NO_NULL_TERMINATION);
    bool ascii = true;
    for (int i = 0; i < length; ++i) ascii &= buf[i] < 0x80;
    if (ascii) return std::string(reinterpret_cast<const char*>(buf), static_cast<size_t>(length));
  }
  return stringOf(env, toNapi(name));
}

// A call's keyword arguments: names as given, and their values read once.
using KeywordNames = c10::SmallVector<std::string, 4>;
using KeywordValues = c10::SmallVector<JsArg, 4>;

// Reads the keyword arguments: lib/dispatch.ts passes them as the call's last arguments, a name
// then its value (argv points at the first name), so that no array is read element by element
// through V8's generic lookup. Kept out of line: most calls have none.
[[gnu::noinline]] void readKeywords(napi_env env, const Family& family, const napi_value* argv, size_t count,
                                    ArgArena& arena, KeywordNames& names, KeywordValues& values) {
  for (size_t k = 0; k < count; ++k) {
    v8::Local<v8::Value> name = toLocal(argv[2 * k]);
    if (!name->IsString()) {
      throw JsTypeError(shortName(family) + "(): a keyword argument's name must be a string");
    }
    names.push_back(keywordName(env, name.As<v8::String>()));
    values.push_back(readArg(env, argv[2 * k + 1], arena));
  }
}

}  // namespace
}  // namespace tn
