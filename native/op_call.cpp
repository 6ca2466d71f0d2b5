#include "op_call.h"
#include "dtypes.h"
#include "generator_box.h"
#include "tensor_box.h"

#include <ATen/core/dispatch/Dispatcher.h>
#include <ATen/core/function_schema.h>
#include <ATen/core/jit_type.h>
#include <ATen/WrapDimUtils.h>
#include <ATen/EmptyTensor.h>
#include <c10/util/SmallVector.h>
#include <atomic>
#include <cmath>
#include <cstring>
#include <mutex>
#include <set>
#include <unordered_map>

#if TN_HAVE_V8
#include <v8.h>
#endif

namespace tn {
namespace {

enum class Kind : uint8_t {
  Tensor, TensorList, OptTensorList, Int, IntList, Float, FloatList, Bool, BoolList, Scalar,
  ScalarList, Str, ScalarType, Layout, Device, MemoryFormat, Generator, Unsupported
};

struct ArgSpec {
  Kind kind = Kind::Unsupported;
  bool optional = false;
  bool kwargOnly = false;
  std::optional<c10::IValue> defaultValue;
  std::string name;     // schema name, snake_case
  std::string jsName;   // camelCase
  int fixedLength = 0;  // N of int[N]: a single int fills all N
  bool writes = false;  // Tensor(a!): written to (out= and in-place arguments)
  std::string typeText;
};

enum class RetKind : uint8_t { Tensor, TensorList, Int, Float, Bool, Scalar, ScalarType, Str, None, Other };

struct Overload {
  c10::OperatorHandle op;
  std::string overloadName;
  std::vector<ArgSpec> args;
  std::vector<RetKind> rets;
  std::vector<int> retAliasesArg;  // for each return: index of the argument it writes to, or -1
  std::vector<int> retMayBeArg;    // for each return: index of an argument it may alias (Tensor(a)), or -1
  // Scalar overloads Python never picks (native_functions.yaml: "For C++ only"): Python passes a
  // number to the Tensor overload as a wrapped number, which names the backward node
  // (AddBackward0, not AddBackward1). Matched only when the family is called by overload name.
  bool hiddenFromPython = false;
  bool only = false;  // the family is this one overload, called by its qualified name
  bool writesArgs = false;  // in-place or out=: a failed call may have changed an argument
  // out= and resize_: a failed allocation leaves the written tensor claiming its new sizes over
  // its old storage (LibTorch sets sizes first); their geometry is saved before the call.
  bool mayResizeWritten = false;
  int positionalCount = 0;         // arguments that may be given positionally
  bool supported = true;
  std::string schemaText;
};

struct CacheEntry { uint64_t key; int overload; };

// Shared by every JS thread (workers look families up and call them concurrently): the overloads
// are immutable once the family is published; the resolution cache is a fixed array whose entries
// are written once, under a lock, before the count that publishes them.
struct Family {
  static constexpr int kCacheSize = 8;
  std::string name;
  std::vector<Overload> overloads;
  bool numbersAsTensors = false;  // numbers_as_tensors.def
  bool drawsRandom = false;       // may draw from the default generator: see DefaultGeneratorLease
  CacheEntry cache[kCacheSize];
  std::atomic<int> cacheCount{0};
  std::mutex cacheMutex;
};

// native/numbers_as_tensors.def, as family names.
bool allowsNumbersAsTensors(const std::string& opName) {
  static const std::set<std::string> names = {
#define TN_NUMBERS_AS_TENSORS(name) "aten::" name,
#include "numbers_as_tensors.def"
#undef TN_NUMBERS_AS_TENSORS
  };
  return names.count(opName) > 0;
}

std::string camelCase(const std::string& snake) {
  std::string out;
  bool upper = false;
  for (size_t i = 0; i < snake.size(); ++i) {
    char c = snake[i];
    if (c == '_' && i > 0 && i + 1 < snake.size()) { upper = true; continue; }
    out += upper ? static_cast<char>(std::toupper(c)) : c;
    upper = false;
  }
  return out;
}

Kind kindOf(const c10::TypePtr& type, bool& optional, int& fixedLength) {
  c10::TypePtr t = type;
  optional = false;
  if (auto opt = t->cast<c10::OptionalType>()) { optional = true; t = opt->getElementType(); }
  switch (t->kind()) {
    case c10::TypeKind::TensorType: return Kind::Tensor;
    case c10::TypeKind::IntType: case c10::TypeKind::SymIntType: return Kind::Int;
    case c10::TypeKind::FloatType: case c10::TypeKind::SymFloatType: return Kind::Float;
    case c10::TypeKind::BoolType: case c10::TypeKind::SymBoolType: return Kind::Bool;
    case c10::TypeKind::NumberType: return Kind::Scalar;
    case c10::TypeKind::StringType: return Kind::Str;
    case c10::TypeKind::ScalarTypeType: return Kind::ScalarType;
    case c10::TypeKind::LayoutType: return Kind::Layout;
    case c10::TypeKind::DeviceObjType: return Kind::Device;
    case c10::TypeKind::MemoryFormatType: return Kind::MemoryFormat;
    case c10::TypeKind::GeneratorType: return Kind::Generator;
    case c10::TypeKind::ListType: {
      auto elem = t->castRaw<c10::ListType>()->getElementType();
      if (auto opt = elem->cast<c10::OptionalType>()) {
        if (opt->getElementType()->kind() == c10::TypeKind::TensorType) return Kind::OptTensorList;
        return Kind::Unsupported;
      }
      switch (elem->kind()) {
        case c10::TypeKind::TensorType: return Kind::TensorList;
        case c10::TypeKind::IntType: case c10::TypeKind::SymIntType: return Kind::IntList;
        case c10::TypeKind::FloatType: return Kind::FloatList;
        case c10::TypeKind::BoolType: return Kind::BoolList;
        case c10::TypeKind::NumberType: return Kind::ScalarList;
        default: return Kind::Unsupported;
      }
    }
    default: return Kind::Unsupported;
  }
}

RetKind retKindOf(const c10::TypePtr& type) {
  switch (type->kind()) {
    case c10::TypeKind::TensorType: return RetKind::Tensor;
    case c10::TypeKind::ListType:
      return type->castRaw<c10::ListType>()->getElementType()->kind() == c10::TypeKind::TensorType
                 ? RetKind::TensorList : RetKind::Other;
    case c10::TypeKind::IntType: case c10::TypeKind::SymIntType: return RetKind::Int;
    case c10::TypeKind::FloatType: case c10::TypeKind::SymFloatType: return RetKind::Float;
    case c10::TypeKind::BoolType: case c10::TypeKind::SymBoolType: return RetKind::Bool;
    case c10::TypeKind::NumberType: return RetKind::Scalar;
    case c10::TypeKind::ScalarTypeType: return RetKind::ScalarType;
    case c10::TypeKind::StringType: return RetKind::Str;
    case c10::TypeKind::NoneType: return RetKind::None;
    default: return RetKind::Other;
  }
}

Overload describe(const c10::OperatorHandle& op) {
  Overload ov{op};
  const auto& schema = op.schema();
  ov.overloadName = schema.overload_name();
  std::ostringstream text;
  text << schema;
  ov.schemaText = text.str();
  for (const auto& a : schema.arguments()) {
    ArgSpec spec;
    spec.name = a.name();
    spec.jsName = camelCase(a.name());
    spec.kwargOnly = a.kwarg_only();
    spec.defaultValue = a.default_value();
    spec.kind = kindOf(a.real_type(), spec.optional, spec.fixedLength);
    if (a.N()) spec.fixedLength = static_cast<int>(*a.N());
    spec.typeText = a.real_type()->str();
    spec.writes = a.alias_info() != nullptr && a.alias_info()->isWrite();
    if (spec.writes) {
      ov.writesArgs = true;
      if (spec.kwargOnly) ov.mayResizeWritten = true;
    }
    if (spec.kind == Kind::Unsupported) ov.supported = false;
    if (!spec.kwargOnly) ov.positionalCount++;
    ov.args.push_back(std::move(spec));
  }
  for (const auto& r : schema.returns()) {
    ov.rets.push_back(retKindOf(r.real_type()));
    int aliased = -1;
    if (r.alias_info() && r.alias_info()->isWrite()) {
      for (size_t i = 0; i < schema.arguments().size(); ++i) {
        const auto* info = schema.arguments()[i].alias_info();
        if (info && info->isWrite() && info->beforeSets() == r.alias_info()->beforeSets()) {
          aliased = static_cast<int>(i);
          break;
        }
      }
    }
    ov.retAliasesArg.push_back(aliased);
    int mayBe = -1;
    if (r.alias_info() && !r.alias_info()->isWrite()) {
      for (size_t i = 0; i < schema.arguments().size(); ++i) {
        const auto* info = schema.arguments()[i].alias_info();
        if (info && info->beforeSets() == r.alias_info()->beforeSets()) { mayBe = static_cast<int>(i); break; }
      }
    }
    ov.retMayBeArg.push_back(mayBe);
  }
  static const std::set<std::string> kCppOnlyScalarFamilies = {
      "aten::add", "aten::add_", "aten::sub", "aten::sub_", "aten::mul", "aten::mul_", "aten::div", "aten::div_",
      "aten::true_divide", "aten::true_divide_", "aten::multiply", "aten::multiply_", "aten::subtract",
      "aten::subtract_", "aten::divide", "aten::divide_"};
  ov.hiddenFromPython = ov.overloadName.rfind("Scalar", 0) == 0 && kCppOnlyScalarFamilies.count(schema.name()) > 0;
  static const std::set<std::string> kResizeFamilies = {"aten::resize_", "aten::resize_as_", "aten::_resize_output_"};
  if (kResizeFamilies.count(schema.name())) ov.mayResizeWritten = true;
  return ov;
}

// Families are built on first use; the name index once.
std::mutex registryMutex;
std::unordered_map<std::string, std::vector<std::string>> overloadNamesByOp;
std::unordered_map<std::string, int> familyIds;
// Published families: a slot is written once, under registryMutex, before familyCount covers it;
// slots never move (callers on other threads read them without the lock).
constexpr int32_t kMaxFamilies = 1 << 16;
std::unique_ptr<Family>* const families = new std::unique_ptr<Family>[kMaxFamilies];
std::atomic<int32_t> familyCount{0};

void buildNameIndex() {
  if (!overloadNamesByOp.empty()) return;
  for (const auto& name : c10::Dispatcher::singleton().getAllOpNames()) {
    overloadNamesByOp[name.name].push_back(name.overload_name);
  }
}

// Order: the default overload, then by name; out= variants last. Deterministic, so the
// first best match is stable across runs and LibTorch builds.
int overloadRank(const std::string& name) {
  if (name.empty()) return 0;
  if (name == "out" || name.find("_out") != std::string::npos || name.rfind("out", 0) == 0) return 2;
  return 1;
}

int familyId(const std::string& qualified) {
  std::lock_guard<std::mutex> lock(registryMutex);
  auto found = familyIds.find(qualified);
  if (found != familyIds.end()) return found->second;
  buildNameIndex();
  std::string opName = qualified;
  std::vector<std::string> sorted;
  auto names = overloadNamesByOp.find(qualified);
  if (names == overloadNamesByOp.end()) {
    // One overload by name, as Python's torch.ops.aten.sum.dim_IntList ('default' is the unnamed one).
    size_t sep = qualified.find("::");
    size_t dot = qualified.find('.', sep == std::string::npos ? 0 : sep + 2);
    if (dot == std::string::npos) return -1;
    opName = qualified.substr(0, dot);
    std::string overload = qualified.substr(dot + 1);
    if (overload == "default") overload.clear();
    auto base = overloadNamesByOp.find(opName);
    if (base == overloadNamesByOp.end() ||
        std::find(base->second.begin(), base->second.end(), overload) == base->second.end()) return -1;
    sorted.push_back(overload);
  } else {
    sorted = names->second;
  }
  std::sort(sorted.begin(), sorted.end(), [](const std::string& a, const std::string& b) {
    int ra = overloadRank(a), rb = overloadRank(b);
    return ra != rb ? ra < rb : a < b;
  });
  auto family = std::make_unique<Family>();
  family->name = qualified;
  for (const auto& ovName : sorted) {
    auto handle = c10::Dispatcher::singleton().findSchema({opName, ovName});
    if (!handle) continue;
    family->overloads.push_back(describe(*handle));
  }
  if (names == overloadNamesByOp.end()) for (auto& ov : family->overloads) ov.only = true;
  family->numbersAsTensors = allowsNumbersAsTensors(opName);
  // Random operators take a Generator argument; these draw from the default one without.
  static const std::set<std::string> kRandomWithoutGenerator = {
      "aten::dropout", "aten::dropout_", "aten::feature_dropout", "aten::feature_dropout_",
      "aten::alpha_dropout", "aten::alpha_dropout_", "aten::feature_alpha_dropout",
      "aten::feature_alpha_dropout_", "aten::native_dropout", "aten::lstm", "aten::gru",
      "aten::rnn_tanh", "aten::rnn_relu", "aten::rand_like", "aten::randn_like", "aten::randint_like"};
  family->drawsRandom = kRandomWithoutGenerator.count(opName) > 0;
  for (const auto& ov : family->overloads) {
    for (const auto& a : ov.args) family->drawsRandom |= a.kind == Kind::Generator;
  }
  int32_t id = familyCount.load(std::memory_order_relaxed);
  if (id >= kMaxFamilies) throw std::runtime_error("torch-node: too many operator families");
  families[id] = std::move(family);
  familyCount.store(id + 1, std::memory_order_release);
  familyIds.emplace(qualified, id);
  return id;
}

// ---- matching ------------------------------------------------------------------------------

constexpr int kNoMatch = 1 << 20;

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
// then pending and the value unset, so the call stops here.
napi_value elementOf(napi_env env, napi_value array, uint32_t i) {
  napi_value e = nullptr;
  if (napi_get_element(env, array, i, &e) != napi_ok || e == nullptr) throw JsPending{};
  return e;
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
    case Kind::Str: case Kind::ScalarType: case Kind::Layout: case Kind::Device:
    case Kind::MemoryFormat:
      return a.type == napi_string ? 0 : kNoMatch;
    case Kind::Generator:
      return (a.type == napi_external && isGeneratorHandle(env, a.value)) ? 0 : kNoMatch;
    default:
      return kNoMatch;
  }
}

// ---- conversion ----------------------------------------------------------------------------

std::string stringOf(napi_env env, napi_value v) {
  size_t len;
  napi_get_value_string_utf8(env, v, nullptr, 0, &len);
  std::string s(len, '\0');
  napi_get_value_string_utf8(env, v, s.data(), len + 1, &len);
  return s;
}

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
    case Kind::Device: return deviceFromName(stringOf(env, a.value));
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

// ---- resolution ----------------------------------------------------------------------------

constexpr size_t kMaxArgs = 24;

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

// Binds positional JS args (and the kwargs object) to an overload's parameters and scores it.
// kwValues[k] is the value of kwNames[k], read once.
bool bindArgs(napi_env env, const Overload& ov, ArgSpan positional, const std::vector<std::string>& kwNames,
              const std::vector<JsArg>& kwValues, bool lenient, Bound& out) {
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

uint64_t signatureKey(ArgSpan positional, napi_env env) {
  // 4 bits per argument: cheap to compute, and it separates every case the matcher does.
  uint64_t key = positional.size();
  for (size_t i = 0; i < positional.size() && i < 14; ++i) {
    const JsArg& a = positional[i];
    uint64_t code;
    switch (a.type) {
      case napi_external: code = 1; break;
      case napi_number: code = isInteger(numberOf(env, a.value)) ? 2 : 3; break;
      case napi_boolean: code = 4; break;
      case napi_string: code = 5; break;
      case napi_null: code = 6; break;
      case napi_bigint: code = 7; break;
      case napi_undefined: code = 8; break;
      default: code = 15; break;  // arrays: content decides, never cached
    }
    key |= code << (4 + 4 * i);
  }
  return key;
}

bool cacheable(uint64_t key) {
  for (int i = 0; i < 15; ++i) if (((key >> (4 + 4 * i)) & 0xf) == 15) return false;
  return true;
}

std::string noMatchMessage(napi_env env, const Family& family, ArgSpan positional,
                           const std::vector<std::string>& kwNames) {
  std::string shortName = family.name.substr(family.name.find("::") + 2);
  std::string got;
  for (size_t i = 0; i < positional.size(); ++i) got += (i ? ", " : "") + describeJs(env, positional[i]);
  for (const auto& k : kwNames) got += (got.empty() ? "" : ", ") + k + "=...";
  std::string msg = shortName + "() received an invalid combination of arguments - got (" + got +
                    "), but expected one of:";
  for (const auto& ov : family.overloads) {
    if (!ov.supported) continue;
    msg += "\n * " + ov.schemaText.substr(ov.schemaText.find('('));
  }
  return msg;
}

// The IValue stacks of calls in progress, kept for reuse: no vector allocation per call. A depth
// index, not one stack, because calls nest (a JS hook or custom Function may call operators).
struct StackLease {
  static thread_local std::vector<std::unique_ptr<torch::jit::Stack>> pool;
  static thread_local size_t depth;
  torch::jit::Stack& stack;
  static torch::jit::Stack& acquire() {
    if (depth == pool.size()) pool.push_back(std::make_unique<torch::jit::Stack>());
    return *pool[depth++];
  }
  StackLease() : stack(acquire()) {}
  ~StackLease() { stack.clear(); --depth; }
};
thread_local std::vector<std::unique_ptr<torch::jit::Stack>> StackLease::pool;
thread_local size_t StackLease::depth = 0;

// A written tensor's geometry before the call. LibTorch's resize sets the new sizes before it
// allocates, so a failed allocation leaves a tensor claiming more elements than its storage holds
// (Python keeps it so, and reading it crashes); such a tensor gets its old geometry back.
struct SavedGeometry {
  at::Tensor tensor;
  c10::SmallVector<int64_t, 6> sizes, strides;
  int64_t offset = 0;
  void save(const at::Tensor& t) {
    tensor = t;
    sizes.assign(t.sizes().begin(), t.sizes().end());
    strides.assign(t.strides().begin(), t.strides().end());
    offset = t.storage_offset();
  }
  void restoreIfBroken() {
    try {
      if (!tensor.has_storage() || tensor.numel() == 0) return;
      size_t needed = at::detail::computeStorageNbytes(tensor.sizes(), tensor.strides(), tensor.element_size(),
                                                       static_cast<size_t>(tensor.storage_offset()));
      if (needed <= tensor.storage().nbytes()) return;
      tensor.unsafeGetTensorImpl()->set_sizes_and_strides(sizes, strides, offset);
    } catch (...) {
    }
  }
};

// CUDA's allocator throws OutOfMemoryError; the CPU allocator a plain c10::Error.
bool isOutOfMemory(const c10::Error& e) {
  if (dynamic_cast<const c10::OutOfMemoryError*>(&e)) return true;
  const std::string& msg = e.msg();
  return msg.find("can't allocate memory") != std::string::npos ||
         msg.find("not enough memory") != std::string::npos;
}

// native.callOp(familyId, kwargs | undefined, ...args): argv holds argc >= 2 values.
napi_value callOpImpl(napi_env env, size_t argc, const napi_value* argv) {
  return guarded(env, [&]() -> napi_value {
    int32_t id = -1;
    napi_get_value_int32(env, argv[0], &id);
    if (id < 0 || id >= familyCount.load(std::memory_order_acquire)) throw JsRangeError("unknown operator id");
    Family& family = *families[id];
    ArgArena arena;

    // Positional arguments on the stack; many (varargs sizes: torch.zeros(1, 1, ..., 1)) on the heap.
    JsArg positionalInline[kMaxArgs];
    std::vector<JsArg> positionalHeap;
    JsArg* positionalBuf = positionalInline;
    if (argc - 2 > kMaxArgs) {
      positionalHeap.resize(argc - 2);
      positionalBuf = positionalHeap.data();
    }
    ArgSpan positional{positionalBuf, argc - 2};
    for (size_t i = 2; i < argc; ++i) {
      JsArg& a = positionalBuf[i - 2];
      a.value = argv[i];
      a.type = argTypeOf(env, argv[i], &a.isArray, &a.box);
      if (a.isArray) a = readArg(env, argv[i], arena);
    }
    napi_valuetype kwType;
    napi_typeof(env, argv[1], &kwType);
    std::vector<std::string> kwNames;
    std::vector<JsArg> kwValues;
    napi_value kwargs = argv[1];
    if (kwType == napi_object) {
      napi_value keys;
      if (napi_get_property_names(env, kwargs, &keys) != napi_ok) throw JsPending{};
      uint32_t n;
      napi_get_array_length(env, keys, &n);
      if (n > kMaxArgs) throw JsTypeError(family.name.substr(family.name.find("::") + 2) + "() got " + std::to_string(n) + " keyword arguments");
      for (uint32_t i = 0; i < n; ++i) {
        napi_value k = elementOf(env, keys, i), v = nullptr;
        if (napi_get_property(env, kwargs, k, &v) != napi_ok || v == nullptr) throw JsPending{};
        kwNames.push_back(stringOf(env, k));
        kwValues.push_back(readArg(env, v, arena));
      }
    }

    Bound bound, best;
    int bestIndex = -1;
    bool fromCache = false;
    uint64_t key = kwNames.empty() ? signatureKey(positional, env) : 0;
    bool useCache = kwNames.empty() && cacheable(key);
    if (useCache) {
      int cached = family.cacheCount.load(std::memory_order_acquire);
      for (int c = 0; c < cached; ++c) {
        const CacheEntry& entry = family.cache[c];
        if (entry.key == key &&
            bindArgs(env, family.overloads[entry.overload], positional, kwNames, kwValues, family.numbersAsTensors, best)) {
          bestIndex = entry.overload;
          fromCache = true;
          break;
        }
      }
    }
    // A second, lenient pass lets a number stand for a Tensor, for the operators Python allows it.
    int passes = family.numbersAsTensors ? 2 : 1;
    for (int pass = 0; pass < passes && bestIndex < 0; ++pass) {
      int bestCost = kNoMatch;
      for (size_t i = 0; i < family.overloads.size(); ++i) {
        if (bindArgs(env, family.overloads[i], positional, kwNames, kwValues, pass == 1, bound) &&
            bound.cost < bestCost) {
          bestCost = bound.cost;
          bestIndex = static_cast<int>(i);
          best = bound;
        }
      }
    }
    if (bestIndex < 0) throw JsTypeError(noMatchMessage(env, family, positional, kwNames));
    // Only a match found by the full search is recorded: a cache hit taking the lock every call
    // cost a mutex round trip per operator call until the cache filled.
    if (useCache && !fromCache && family.cacheCount.load(std::memory_order_relaxed) < Family::kCacheSize) {
      std::lock_guard<std::mutex> lock(family.cacheMutex);
      int n = family.cacheCount.load(std::memory_order_relaxed);
      bool known = false;
      for (int c = 0; c < n; ++c) known |= family.cache[c].key == key;
      if (!known && n < Family::kCacheSize) {
        family.cache[n] = {key, bestIndex};
        family.cacheCount.store(n + 1, std::memory_order_release);
      }
    }

    const Overload& ov = family.overloads[bestIndex];
    StackLease lease;
    torch::jit::Stack& stack = lease.stack;
    auto fillStack = [&]() {
      stack.clear();
      for (size_t i = 0; i < ov.args.size(); ++i) {
        const JsArg& a = best.slots[i];
        if (a.value == nullptr || a.type == napi_undefined) {
          stack.push_back(ov.args[i].defaultValue ? *ov.args[i].defaultValue : c10::IValue());
        } else {
          stack.push_back(toIValue(env, ov.args[i], a));
        }
      }
    };
    fillStack();
    DefaultGeneratorLease rngLease(family.drawsRandom);
    // Empty (no allocation, nothing to destroy) unless the overload may resize what it writes.
    std::vector<SavedGeometry> saved;
    if (ov.mayResizeWritten) {
      for (size_t i = 0; i < ov.args.size(); ++i) {
        if (ov.args[i].writes && best.slots[i].box && best.slots[i].box->tensor.defined()) {
          saved.emplace_back().save(best.slots[i].box->tensor);
        }
      }
    }
    try {
      ov.op.callBoxed(&stack);
    } catch (...) {
      for (auto& g : saved) g.restoreIfBroken();
      // Out of memory: tensors JS no longer reaches may still hold memory until the next GC.
      // Collect now and retry once (the CUDA caching allocator reuses what was freed). Only an
      // operator that writes none of its arguments is retried: a second run of an in-place or
      // out= call would start from what the first one left.
      bool retry = false;
      try {
        throw;
      } catch (const c10::Error& e) {
        retry = !ov.writesArgs && isOutOfMemory(e);
      } catch (...) {
      }
      if (!retry) throw;
      collectGarbageNow(env);
      fillStack();
      ov.op.callBoxed(&stack);
    }

    auto returnOne = [&](size_t i) -> napi_value {
      int aliased = ov.retAliasesArg[i];
      // In-place and out= results are the tensor passed in: hand back the same JS handle.
      if (aliased >= 0 && best.slots[aliased].type == napi_external) return best.slots[aliased].value;
      // A result that is an input unchanged (x.contiguous() of a contiguous x, x.to(itsOwnDtype))
      // is that input's JS object, as in Python.
      int mayBe = ov.retMayBeArg[i];
      if (mayBe >= 0 && best.slots[mayBe].box && stack[i].isTensor() &&
          stack[i].toTensor().unsafeGetTensorImpl() ==
              best.slots[mayBe].box->tensor.unsafeGetTensorImpl()) {
        return best.slots[mayBe].value;
      }
      return convertReturn(env, ov.rets[i], stack[i]);
    };
    if (ov.rets.empty()) {
      napi_value r;
      napi_get_undefined(env, &r);
      return r;
    }
    if (ov.rets.size() == 1) return returnOne(0);
    napi_value out;
    napi_create_array_with_length(env, ov.rets.size(), &out);
    for (size_t i = 0; i < ov.rets.size(); ++i) napi_set_element(env, out, i, returnOne(i));
    return out;
  });
}

napi_value callOp(napi_env env, napi_callback_info info) {
  size_t argc = kMaxArgs + 2;
  napi_value argv[kMaxArgs + 2];
  napi_get_cb_info(env, info, &argc, argv, nullptr, nullptr);
  if (argc <= kMaxArgs + 2) return callOpImpl(env, std::max<size_t>(argc, 2), argv);
  std::vector<napi_value> all(argc);
  napi_get_cb_info(env, info, &argc, all.data(), nullptr, nullptr);
  return callOpImpl(env, argc, all.data());
}

#if TN_HAVE_V8
// The same entry point as a plain V8 callback: the operator call is the hottest path, and N-API's
// callback wrapper cost ~5% of a small op. What the wrapper would do after our code runs is done
// here: an exception N-API stored (napi_throw keeps it until the callback returns) is thrown.
static_assert(sizeof(napi_value) == sizeof(v8::Local<v8::Value>), "napi_value is a V8 handle");

void callOpV8(const v8::FunctionCallbackInfo<v8::Value>& info) {
  auto env = static_cast<napi_env>(info.Data().As<v8::External>()->Value());
  size_t argc = static_cast<size_t>(info.Length());
  size_t n = std::max<size_t>(argc, 2);
  napi_value inlineArgv[kMaxArgs + 2];
  std::vector<napi_value> heapArgv;
  napi_value* argv = inlineArgv;
  if (n > kMaxArgs + 2) {
    heapArgv.resize(n);
    argv = heapArgv.data();
  }
  for (size_t i = 0; i < n; ++i) {
    v8::Local<v8::Value> v = i < argc ? info[static_cast<int>(i)] : v8::Local<v8::Value>(v8::Undefined(info.GetIsolate()));
    argv[i] = reinterpret_cast<napi_value>(*v);
  }
  napi_value result = callOpImpl(env, n, argv);
  bool pending = false;
  napi_is_exception_pending(env, &pending);
  if (pending) {
    napi_value error;
    napi_get_and_clear_last_exception(env, &error);
    v8::Local<v8::Value> thrown;
    std::memcpy(static_cast<void*>(&thrown), &error, sizeof(error));
    info.GetIsolate()->ThrowException(thrown);
    return;
  }
  if (result != nullptr) {
    v8::Local<v8::Value> value;
    std::memcpy(static_cast<void*>(&value), &result, sizeof(result));
    info.GetReturnValue().Set(value);
  }
}
#endif

Napi::Value opFamily(const Napi::CallbackInfo& info) {
  std::string name = info[0].As<Napi::String>();
  if (name.find("::") == std::string::npos) name = "aten::" + name;
  return Napi::Number::New(info.Env(), familyId(name));
}

// Every schema of a namespace, for code generation: [{name, overload, schema, args, returns}].
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
    o.Set("name", name.name.substr(ns.size() + 2));
    o.Set("overload", name.overload_name);
    o.Set("schema", ov.schemaText);
    o.Set("supported", ov.supported);
    Napi::Array args = Napi::Array::New(env);
    const auto& schemaArgs = handle->schema().arguments();
    for (size_t i = 0; i < ov.args.size(); ++i) {
      Napi::Object a = Napi::Object::New(env);
      a.Set("name", ov.args[i].name);
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
      r.Set("type", schemaRets[i].real_type()->str());
      r.Set("aliasesArg", ov.retAliasesArg[i]);
      rets.Set(static_cast<uint32_t>(i), r);
    }
    o.Set("returns", rets);
    out.Set(n++, o);
  }
  return out;
}

}  // namespace

void registerOpCall(Napi::Env env, Napi::Object exports) {
  napi_value fn;
#if TN_HAVE_V8
  v8::Isolate* isolate = v8::Isolate::GetCurrent();
  v8::Local<v8::Context> context = isolate->GetCurrentContext();
  v8::Local<v8::Function> v8fn =
      v8::FunctionTemplate::New(isolate, callOpV8, v8::External::New(isolate, static_cast<napi_env>(env)))
          ->GetFunction(context).ToLocalChecked();
  v8fn->SetName(v8::String::NewFromUtf8Literal(isolate, "callOp"));
  fn = reinterpret_cast<napi_value>(*v8fn);
  (void)callOp;
#else
  napi_create_function(env, "callOp", NAPI_AUTO_LENGTH, callOp, nullptr, &fn);
#endif
  exports.Set("callOp", Napi::Value(env, fn));
  TN_EXPORT(exports, "opFamily", opFamily);
  TN_EXPORT(exports, "listSchemas", listSchemas);
}

}  // namespace tn
