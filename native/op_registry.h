// The operator registry: families of ATen overloads by name, described once from their schemas
// and shared by every JS thread (process-wide; workers look families up and call them
// concurrently). A family is published once built and never changes, except its resolution
// cache (written once per entry, under its lock, before the count that publishes it).
#pragma once
#include "common.h"
#include <ATen/core/dispatch/Dispatcher.h>
#include <ATen/core/function_schema.h>
#include <atomic>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <variant>
#include <vector>

namespace tn {

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

// The C++ signatures of common overloads, which the call path calls unboxed (native/op_call.cpp):
// no IValue stack to fill and empty, and the dispatcher reads the dispatch keys off the tensors
// rather than scanning a stack.
namespace unboxed {
using Unary = at::Tensor(const at::Tensor&);                                          // sigmoid
using Binary = at::Tensor(const at::Tensor&, const at::Tensor&);                      // mul.Tensor
using BinaryAlpha = at::Tensor(const at::Tensor&, const at::Tensor&, const c10::Scalar&);  // add.Tensor
using WithScalar = at::Tensor(const at::Tensor&, const c10::Scalar&);                 // pow.Tensor_Scalar
using Reduce = at::Tensor(const at::Tensor&, std::optional<c10::ScalarType>);         // sum
using Factory = at::Tensor(c10::SymIntArrayRef, std::optional<c10::ScalarType>, std::optional<c10::Layout>,
                           std::optional<c10::Device>, std::optional<bool>);          // zeros
}  // namespace unboxed
// The typed handle of an overload with one of those signatures; monostate for the others.
using UnboxedHandle = std::variant<std::monostate, c10::TypedOperatorHandle<unboxed::Unary>,
                                   c10::TypedOperatorHandle<unboxed::Binary>,
                                   c10::TypedOperatorHandle<unboxed::BinaryAlpha>,
                                   c10::TypedOperatorHandle<unboxed::WithScalar>,
                                   c10::TypedOperatorHandle<unboxed::Reduce>,
                                   c10::TypedOperatorHandle<unboxed::Factory>>;

struct Overload {
  c10::OperatorHandle op;
  std::string overloadName;
  std::vector<ArgSpec> args;
  std::vector<RetKind> rets;
  std::vector<int> retAliasesArg;  // for each return: index of the argument it writes to, or -1
  std::vector<int> retMayBeArg;    // for each return: index of an argument it may alias (Tensor(a)), or -1
  // Python's named tuple (torch.return_types.NAME): set when there are several returns, all named;
  // their camelCase names, which the result array also carries as properties.
  std::vector<std::string> retNames;
  // A Scalar overload Python never picks (native/python_hidden_overloads.def): matched only when
  // the family is called by overload name.
  bool hiddenFromPython = false;
  bool only = false;  // the family is this one overload, called by its qualified name
  bool writesArgs = false;  // in-place or out=: a failed call may have changed an argument
  // out= and resize_: a failed allocation leaves the written tensor claiming its new sizes over
  // its old storage (LibTorch sets sizes first); their geometry is saved before the call.
  bool mayResizeWritten = false;
  int positionalCount = 0;         // arguments that may be given positionally
  bool supported = true;
  std::string schemaText;
  UnboxedHandle unboxed;  // set when the overload has one of the signatures in namespace unboxed
};

// direct: the key alone decides that the arguments bind to the overload, positionally (no tensor
// standing for a number, no generator): a hit binds without checking them again.
struct CacheEntry { uint64_t key; int overload; bool direct; };

// A call with keyword arguments: the positional key, the keyword values' key codes and their
// names in the order given (joined by NULs). A hit binds the arguments to the overload again
// (bindArgs places the keyword values and checks them), skipping the search of the others.
struct KwCacheEntry {
  static constexpr size_t kNameBytes = 48;
  uint64_t key;
  uint64_t kwKey;
  int overload;
  uint8_t nameBytes;
  char names[kNameBytes];
};

struct Family {
  static constexpr int kCacheSize = 8;
  std::string name;
  std::vector<Overload> overloads;
  bool numbersAsTensors = false;  // numbers_as_tensors.def
  bool drawsRandom = false;       // may draw from the default generator: see DefaultGeneratorLease
  CacheEntry cache[kCacheSize];
  std::atomic<int> cacheCount{0};
  KwCacheEntry kwCache[kCacheSize];
  std::atomic<int> kwCacheCount{0};
  std::mutex cacheMutex;  // writers of both caches
};

// The name messages give a family: "add" for "aten::add".
inline std::string shortName(const Family& family) { return family.name.substr(family.name.find("::") + 2); }

// A schema's parameters, returns and flags (schema export and family building).
Overload describe(const c10::OperatorHandle& op);

// Where an overload comes in its family's resolution order: 0 the default (unnamed) overload,
// 1 the others, 2 out= variants; ties by name. Deterministic, so the first best match is stable
// across runs and LibTorch builds. listSchemas exports it (codegen/ orders typings by it).
int overloadRank(const std::string& overloadName);

// The family id of "aten::name" (all overloads) or "aten::name.overload" (that one), building it
// on first use; -1 when there is no such operator.
int familyId(const std::string& qualified);

// Published families: a slot is written once, under the registry's lock, before familyCount
// covers it; slots never move (callers on other threads read them without the lock).
constexpr int32_t kMaxFamilies = 1 << 16;
extern std::unique_ptr<Family>* const families;
extern std::atomic<int32_t> familyCount;

// The family of an id from familyId, or nullptr when the id is not one.
inline Family* familyAt(int32_t id) {
  if (id < 0 || id >= familyCount.load(std::memory_order_acquire)) return nullptr;
  return families[id].get();
}

}  // namespace tn
