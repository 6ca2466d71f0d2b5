// native.callOp(familyId, kwargs | undefined, ...args): one ATen operator call. The family's
// overload is resolved against the JS arguments (op_match.h), the arguments converted onto a
// boxed stack (op_convert.h), the operator called through the c10 dispatcher, and its results
// converted back. Overloads with one of the commonest C++ signatures (op_registry.h, namespace
// unboxed) are called unboxed instead, through their typed handle. Exported as a plain V8
// callback (v8_entry.h): this is the hottest path.
#include "op_call.h"
#include "gc_pressure.h"
#include "graph_tools.h"
#include "generator_box.h"
#include "op_args.h"
#include "op_convert.h"
#include "op_match.h"
#include "v8_entry.h"

#include <ATen/EmptyTensor.h>
#include <c10/util/SmallVector.h>
#include <algorithm>
#include <atomic>
#include <iterator>
#include <mutex>
#include <unordered_map>

namespace tn {
namespace {

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

// The array of a named tuple is made by a JS function per overload, compiled once per thread:
// `(p0, p1) => { const r = [p0, p1]; r["values"] = p0; r["indices"] = p1; return r; }`. Its literal
// and stores run at JIT speed with inline caches, where named properties set through N-API take
// V8's generic path on every call (docs/design-history.md). Where code generation from strings is
// disallowed (node --disallow-code-generation-from-strings), the names are set from here.
napi_value namedTupleMaker(napi_env env, const Overload& ov) {
  static thread_local std::unordered_map<const Overload*, napi_ref> makers;
  auto found = makers.find(&ov);
  napi_value fn = nullptr;
  if (found != makers.end()) {
    if (found->second != nullptr) check(env, napi_get_reference_value(env, found->second, &fn));
    return fn;
  }
  std::string body = "const r = [";
  for (size_t i = 0; i < ov.retNames.size(); ++i) body += (i ? ", p" : "p") + std::to_string(i);
  body += "];";
  for (size_t i = 0; i < ov.retNames.size(); ++i) {
    body += " r[\"" + ov.retNames[i] + "\"] = p" + std::to_string(i) + ";";  // schema names: [A-Za-z0-9_]
  }
  body += " return r;";
  std::vector<napi_value> args;
  for (size_t i = 0; i < ov.retNames.size(); ++i) {
    std::string name = "p" + std::to_string(i);
    napi_value p;
    check(env, napi_create_string_utf8(env, name.c_str(), name.size(), &p));
    args.push_back(p);
  }
  napi_value b, global, ctor;
  check(env, napi_create_string_utf8(env, body.c_str(), body.size(), &b));
  args.push_back(b);
  check(env, napi_get_global(env, &global));
  check(env, napi_get_named_property(env, global, "Function", &ctor));
  napi_ref ref = nullptr;
  if (napi_new_instance(env, ctor, args.size(), args.data(), &fn) == napi_ok) {
    check(env, napi_create_reference(env, fn, 1, &ref));
  } else {
    napi_value ignored;
    napi_get_and_clear_last_exception(env, &ignored);
    fn = nullptr;
  }
  makers.emplace(&ov, ref);
  return fn;
}

napi_value namedTuple(napi_env env, const Overload& ov, napi_value* results) {
  size_t n = ov.rets.size();
  napi_value out;
  if (napi_value maker = namedTupleMaker(env, ov)) {
    napi_value undefined;
    check(env, napi_get_undefined(env, &undefined));
    if (napi_call_function(env, undefined, maker, n, results, &out) != napi_ok) throw JsPending{};
    return out;
  }
  check(env, napi_create_array_with_length(env, n, &out));
  for (size_t i = 0; i < n; ++i) {
    check(env, napi_set_element(env, out, static_cast<uint32_t>(i), results[i]));
    check(env, napi_set_named_property(env, out, ov.retNames[i].c_str(), results[i]));
  }
  return out;
}

// An argument's value as the boxed call would get it: the JS value converted, or the default.
c10::IValue slotValue(napi_env env, const ArgSpec& spec, const JsArg& a) {
  if (a.value == nullptr || a.type == napi_undefined) return spec.defaultValue ? *spec.defaultValue : c10::IValue();
  return toIValue(env, spec, a);
}

// The tensor of a Tensor argument given as a Tensor object; nullptr for a number standing for a
// Tensor (the boxed call wraps it).
const at::Tensor* tensorSlot(const ArgSpec& spec, const JsArg& a) {
  if (a.type != napi_external || !a.box) return nullptr;
  return &boxTensor(a.box, spec.name.c_str());
}

// The overload called unboxed (op_registry.h, namespace unboxed): the same conversions as the
// boxed call, without the IValue stack. Returns nullptr, having called nothing, when an argument
// needs the boxed path.
napi_value callUnboxed(napi_env env, const Family& family, const Overload& ov, const Bound& best) {
  const JsArg* slots = best.slots;
  const auto& args = ov.args;
  std::optional<at::Tensor> result;
  DefaultGeneratorLease rngLease(family.drawsRandom);
  // Out of memory: collect what JS no longer reaches and retry once, as the boxed call does
  // (these overloads write none of their arguments).
  auto run = [&](auto&& call) {
    try {
      result = call();
      return;
    } catch (const c10::Error& e) {
      if (!isOutOfMemory(e)) throw;
    }
    collectGarbageNow(env);
    result = call();
  };
  switch (ov.unboxed.index()) {
    case 1: {
      const at::Tensor* self = tensorSlot(args[0], slots[0]);
      if (!self) return nullptr;
      const auto& h = std::get<1>(ov.unboxed);
      run([&] { return h.call(*self); });
      break;
    }
    case 2: {
      const at::Tensor* self = tensorSlot(args[0], slots[0]);
      const at::Tensor* other = tensorSlot(args[1], slots[1]);
      if (!self || !other) return nullptr;
      const auto& h = std::get<2>(ov.unboxed);
      run([&] { return h.call(*self, *other); });
      break;
    }
    case 3: {
      const at::Tensor* self = tensorSlot(args[0], slots[0]);
      const at::Tensor* other = tensorSlot(args[1], slots[1]);
      if (!self || !other) return nullptr;
      c10::Scalar alpha = slotValue(env, args[2], slots[2]).toScalar();
      const auto& h = std::get<3>(ov.unboxed);
      run([&] { return h.call(*self, *other, alpha); });
      break;
    }
    case 4: {
      const at::Tensor* self = tensorSlot(args[0], slots[0]);
      if (!self) return nullptr;
      c10::Scalar other = slotValue(env, args[1], slots[1]).toScalar();
      const auto& h = std::get<4>(ov.unboxed);
      run([&] { return h.call(*self, other); });
      break;
    }
    case 5: {
      const at::Tensor* self = tensorSlot(args[0], slots[0]);
      if (!self) return nullptr;
      auto dtype = slotValue(env, args[1], slots[1]).toOptional<c10::ScalarType>();
      const auto& h = std::get<5>(ov.unboxed);
      run([&] { return h.call(*self, dtype); });
      break;
    }
    case 6: {
      const JsArg& a = slots[0];
      if (a.value == nullptr || a.type == napi_undefined) return nullptr;
      c10::SmallVector<int64_t, 8> size;
      const char* what = args[0].jsName.c_str();
      if (!a.isArray) {
        size.assign(args[0].fixedLength > 0 ? args[0].fixedLength : 1, intOf(env, a.value, a.type, what));
      } else {
        for (uint32_t i = 0; i < a.nElems; ++i) {
          const JsArg& e = a.elems[i];
          if (e.type != napi_number && e.type != napi_bigint) throw JsTypeError("argument '" + args[0].jsName + "' must be a list of ints");
          size.push_back(intOf(env, e.value, e.type, what));
        }
      }
      auto dtype = slotValue(env, args[1], slots[1]).toOptional<c10::ScalarType>();
      auto layout = slotValue(env, args[2], slots[2]).toOptional<c10::Layout>();
      auto device = slotValue(env, args[3], slots[3]).toOptional<c10::Device>();
      auto pinMemory = slotValue(env, args[4], slots[4]).toOptional<bool>();
      const auto& h = std::get<6>(ov.unboxed);
      run([&] { return h.call(c10::fromIntArrayRefSlow(size), dtype, layout, device, pinMemory); });
      break;
    }
    default:
      return nullptr;
  }
  // A result that is an input unchanged is that input's JS object, as in the boxed call.
  int mayBe = ov.retMayBeArg[0];
  if (mayBe >= 0 && slots[mayBe].box &&
      result->unsafeGetTensorImpl() == slots[mayBe].box->tensor.unsafeGetTensorImpl()) {
    return slots[mayBe].value;
  }
  return wrapTensor(env, std::move(*result));
}

// The overload the arguments bind to at the lowest cost (only overloads writing an argument when
// writingOnly), best bound into best; -1 when none. A second, lenient pass lets a number stand for
// a Tensor, for the operators Python allows it.
int searchOverloads(napi_env env, const Family& family, ArgSpan positional, const KeywordNames& kwNames,
                    const KeywordValues& kwValues, bool writingOnly, Bound& best) {
  Bound bound;
  int bestIndex = -1;
  int passes = family.numbersAsTensors ? 2 : 1;
  for (int pass = 0; pass < passes && bestIndex < 0; ++pass) {
    int bestCost = kNoMatch;
    for (size_t i = 0; i < family.overloads.size(); ++i) {
      const Overload& ov = family.overloads[i];
      if ((!writingOnly || ov.writesArgs) && bindArgs(env, ov, positional, kwNames, kwValues, pass == 1, bound) &&
          bound.cost < bestCost) {
        bestCost = bound.cost;
        bestIndex = static_cast<int>(i);
        best = bound;
      }
    }
  }
  return bestIndex;
}

// Python's factories take out= together with their tensor options (torch.zeros(2, out=t,
// dtype=torch.float32)): its binding merges a factory's functional and out= overloads into one
// signature and checks the options against out (torch/csrc/utils/out_types.cpp,
// check_out_type_matches), and torch.set_default_device adds a device to such calls too.
// LibTorch's out= overloads take no options, so such a call matches no overload here; this finds
// the out= overload it matches without them and checks them as Python does. Runs only when
// nothing matched. Returns the overload's index (best bound), or -1.
[[gnu::noinline]] int matchOutWithOptions(napi_env env, const Family& family, ArgSpan positional,
                                          const KeywordNames& kwNames, const KeywordValues& kwValues,
                                          Bound& best) {
  static const char* const kOptions[] = {"dtype", "layout", "device", "pin_memory"};
  auto optionIndex = [](const std::string& key) -> int {
    if (key == "pinMemory") return 3;
    for (int i = 0; i < 4; ++i) {
      if (key == kOptions[i]) return i;
    }
    return -1;
  };
  // The family's overload taking the options (a factory's functional overload), whose argument
  // specs type and convert their values.
  const ArgSpec* specs[4] = {};
  for (const Overload& ov : family.overloads) {
    if (ov.writesArgs) continue;
    for (const ArgSpec& a : ov.args) {
      int o = a.kwargOnly ? optionIndex(a.name) : -1;
      if (o >= 0) specs[o] = &a;
    }
    if (specs[0] && specs[2]) break;
    std::fill(std::begin(specs), std::end(specs), nullptr);
  }
  if (!specs[0]) return -1;
  KeywordNames names;
  KeywordValues values;
  const JsArg* options[4] = {};
  bool hasOut = false;
  for (size_t k = 0; k < kwNames.size(); ++k) {
    int o = optionIndex(kwNames[k]);
    if (o >= 0) {
      if (options[o]) return -1;  // given twice (dtype and its camelCase twin): no match
      // Typed as the functional overload types it, before any conversion reads the value.
      const JsArg& a = kwValues[k];
      if (a.type != napi_undefined && (!specs[o] || argCost(env, *specs[o], a, false) >= kNoMatch)) return -1;
      options[o] = &a;
      continue;
    }
    hasOut |= kwNames[k] == "out";
    names.push_back(kwNames[k]);
    values.push_back(kwValues[k]);
  }
  if (!hasOut || names.size() == kwNames.size()) return -1;
  int bestIndex = searchOverloads(env, family, positional, names, values, /*writingOnly=*/true, best);
  if (bestIndex < 0) return -1;
  const Overload& ov = family.overloads[bestIndex];
  const at::Tensor* out = nullptr;
  for (size_t i = 0; i < ov.args.size(); ++i) {
    if (ov.args[i].writes && ov.args[i].name == "out" && best.slots[i].box) out = &best.slots[i].box->tensor;
  }
  if (!out) return -1;
  // An option's value as the functional overload converts it; None when null or not given.
  // pin_memory is typed only: Python ignores it with out=.
  auto option = [&](int o) -> c10::IValue {
    const JsArg* a = options[o];
    if (!a || a->type == napi_null || a->type == napi_undefined) return c10::IValue();
    return toIValue(env, *specs[o], *a);
  };
  c10::IValue dtype = option(0), layout = option(1), device = option(2);
  if (!dtype.isNone() && dtype.toScalarType() != out->scalar_type()) {
    TORCH_CHECK(false, "dtype ", dtype.toScalarType(), " does not match dtype of out parameter (", out->scalar_type(), ")");
  }
  if (!layout.isNone() && layout.toLayout() != out->layout()) {
    TORCH_CHECK(false, "layout ", layout.toLayout(), " does not match layout of out parameter (", out->layout(), ")");
  }
  if (!device.isNone() && device.toDevice().type() != out->device().type()) {
    TORCH_CHECK(false, "device type ", device.toDevice().type(), " does not match device type of out parameter (",
                out->device().type(), ")");
  }
  return bestIndex;
}

// A Tensor result as the object a pack hook made for it, if it made one.
napi_value savedObjectOr(napi_env env, const SavedObjectsScope& saved, napi_value result) {
  TensorBox* box = nullptr;
  bool isArray = false;
  if (argTypeOf(env, result, &isArray, &box) != napi_external || box == nullptr || !box->tensor.defined()) return result;
  napi_value made = saved.find(box->tensor.unsafeGetTensorImpl());
  return made != nullptr ? made : result;
}

// The call of an overload bound to the JS arguments, and its results as JS values.
// packScope: the call's SavedObjectsScope while JS pack hooks are pushed (callSavingObjects).
napi_value callBound(napi_env env, const Family& family, const Overload& ov, const Bound& best,
                     const SavedObjectsScope* packScope = nullptr) {
  if (ov.unboxed.index() != 0) {
    if (napi_value r = callUnboxed(env, family, ov, best)) return packScope ? savedObjectOr(env, *packScope, r) : r;
  }
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
    if (packScope != nullptr && stack[i].isTensor()) [[unlikely]] {
      if (napi_value made = packScope->find(stack[i].toTensor().unsafeGetTensorImpl())) return made;
    }
    return convertReturn(env, ov.rets[i], stack[i]);
  };
  if (ov.rets.empty()) {
    napi_value r;
    napi_get_undefined(env, &r);
    return r;
  }
  if (ov.rets.size() == 1) return returnOne(0);
  c10::SmallVector<napi_value, 4> results(ov.rets.size());
  for (size_t i = 0; i < ov.rets.size(); ++i) results[i] = returnOne(i);
  // Python's named tuple: the array carries the return names too (x.max(1).indices).
  if (!ov.retNames.empty()) return namedTuple(env, ov, results.data());
  napi_value out;
  napi_create_array_with_length(env, ov.rets.size(), &out);
  for (size_t i = 0; i < ov.rets.size(); ++i) napi_set_element(env, out, i, results[i]);
  return out;
}

// callBound while JS saved-tensor pack hooks are pushed: the call's tensor arguments are listed
// for the pack hook (graph_tools.h, SavedObjectsScope), and a result the hook made an object for
// (a saved output) is returned as that object: in Python the pack hook's tensor and the call's
// result are one object.
[[gnu::noinline]] napi_value callSavingObjects(napi_env env, const Family& family, const Overload& ov, const Bound& best) {
  SavedObjectsScope scope;
  for (size_t i = 0; i < ov.args.size(); ++i) {
    const JsArg& a = best.slots[i];
    if (a.box != nullptr && a.box->tensor.defined()) scope.add(a.box->tensor.unsafeGetTensorImpl(), a.value);
    if (a.isArray) {
      for (uint32_t k = 0; k < a.nElems; ++k) {
        const JsArg& e = a.elems[k];
        if (e.box != nullptr && e.box->tensor.defined()) scope.add(e.box->tensor.unsafeGetTensorImpl(), e.value);
      }
    }
  }
  return callBound(env, family, ov, best, &scope);
}

// The keyword argument count callOp was given (argv[1], not undefined), checked against the values
// that follow it: JS can pass anything. Kept out of line: most calls have none.
[[gnu::noinline]] size_t keywordCount(const Family& family, v8::Local<v8::Value> count, size_t argc) {
  const double d = count->IsNumber() ? count.As<v8::Number>()->Value() : -1;
  if (!(d >= 0 && d <= 1e6) || std::floor(d) != d) {
    throw JsTypeError(shortName(family) + "(): the keyword argument count must be a non-negative integer");
  }
  const size_t n = static_cast<size_t>(d);
  if (n > kMaxArgs) throw JsTypeError(shortName(family) + "() got " + std::to_string(n) + " keyword arguments");
  if (2 * n > argc - 2) {
    throw JsTypeError(shortName(family) + "(): " + std::to_string(n) + " keyword arguments announced, but " +
                      std::to_string(argc - 2) + " values follow");
  }
  return n;
}

// native.callOp(familyId, keywordCount, ...args, ...keywords): argv holds argc >= 2 values, the
// last 2 * keywordCount of them the keyword arguments' names and values in pairs (keywordCount
// undefined: none).
napi_value callOpImpl(napi_env env, size_t argc, const napi_value* argv) {
  int32_t id = -1;
  napi_get_value_int32(env, argv[0], &id);
  Family* found = familyAt(id);
  if (!found) throw JsRangeError("unknown operator id");
  Family& family = *found;
  ArgArena arena;

  v8::Local<v8::Value> kwLocal = toLocal(argv[1]);
  const size_t kwCount = kwLocal->IsUndefined() ? 0 : keywordCount(family, kwLocal, argc);
  const size_t nPositional = argc - 2 - 2 * kwCount;

  // Positional arguments on the stack; many (varargs sizes: torch.zeros(1, 1, ..., 1)) on the heap.
  JsArg positionalInline[kMaxArgs];
  std::vector<JsArg> positionalHeap;
  JsArg* positionalBuf = positionalInline;
  if (nPositional > kMaxArgs) {
    positionalHeap.resize(nPositional);
    positionalBuf = positionalHeap.data();
  }
  ArgSpan positional{positionalBuf, nPositional};
  for (size_t i = 0; i < nPositional; ++i) {
    JsArg& a = positionalBuf[i];
    a.value = argv[i + 2];
    a.type = argTypeOf(env, argv[i + 2], &a.isArray, &a.box);
    if (a.isArray) a = readArg(env, argv[i + 2], arena);
  }
  KeywordNames kwNames;
  KeywordValues kwValues;
  if (kwCount > 0) readKeywords(env, family, argv + 2 + nPositional, kwCount, arena, kwNames, kwValues);
  Bound best;
  int bestIndex = -1;
  bool fromCache = false;
  uint64_t key = signatureKey(positional, env);
  bool useCache = kwNames.empty() && cacheable(key);
  if (useCache) {
    int cached = family.cacheCount.load(std::memory_order_acquire);
    for (int c = 0; c < cached; ++c) {
      const CacheEntry& entry = family.cache[c];
      if (entry.key != key) continue;
      if (entry.direct) {
        size_t nArgs = family.overloads[entry.overload].args.size();
        for (size_t i = 0; i < nArgs; ++i) best.slots[i] = i < positional.size() ? positional[i] : JsArg{};
      } else if (!bindArgs(env, family.overloads[entry.overload], positional, kwNames, kwValues,
                           family.numbersAsTensors, best)) {
        break;  // keys are unique: no other entry has this one
      }
      bestIndex = entry.overload;
      fromCache = true;
      break;
    }
  }
  // Keyword calls have their own cache: a family's overloads all searched on each call with an
  // options object cost more than the rest of a small op's binding.
  KwKey kw;
  bool useKwCache = !kwNames.empty() && cacheable(key) && keywordKey(env, kwNames, kwValues, kw);
  if (useKwCache) {
    int cached = family.kwCacheCount.load(std::memory_order_acquire);
    for (int c = 0; c < cached; ++c) {
      const KwCacheEntry& entry = family.kwCache[c];
      if (!sameKeywords(entry, key, kw)) continue;
      if (bindArgs(env, family.overloads[entry.overload], positional, kwNames, kwValues, family.numbersAsTensors, best)) {
        bestIndex = entry.overload;
        fromCache = true;
      }
      break;
    }
  }
  if (bestIndex < 0) bestIndex = searchOverloads(env, family, positional, kwNames, kwValues, /*writingOnly=*/false, best);
  bool outWithOptions = false;
  if (bestIndex < 0 && !kwNames.empty()) {
    bestIndex = matchOutWithOptions(env, family, positional, kwNames, kwValues, best);
    outWithOptions = true;
  }
  if (bestIndex < 0) throw JsTypeError(noMatchMessage(env, family, positional, kwNames));
  // Only a match found by the full search is recorded (in either cache): a cache hit taking the
  // lock every call cost a mutex round trip per operator call until the cache filled. A call
  // that matched only with its factory options set aside (matchOutWithOptions) is not recorded:
  // a hit would bind the options to the out= overload, which has none.
  if (useCache && !fromCache && family.cacheCount.load(std::memory_order_relaxed) < Family::kCacheSize) {
    std::lock_guard<std::mutex> lock(family.cacheMutex);
    int n = family.cacheCount.load(std::memory_order_relaxed);
    bool known = false;
    for (int c = 0; c < n; ++c) known |= family.cache[c].key == key;
    if (!known && n < Family::kCacheSize) {
      family.cache[n] = {key, bestIndex, directBinding(family.overloads[bestIndex], positional)};
      family.cacheCount.store(n + 1, std::memory_order_release);
    }
  }
  if (useKwCache && !fromCache && !outWithOptions && family.kwCacheCount.load(std::memory_order_relaxed) < Family::kCacheSize) {
    std::lock_guard<std::mutex> lock(family.cacheMutex);
    int n = family.kwCacheCount.load(std::memory_order_relaxed);
    bool known = false;
    for (int c = 0; c < n; ++c) known |= sameKeywords(family.kwCache[c], key, kw);
    if (!known && n < Family::kCacheSize) {
      KwCacheEntry& e = family.kwCache[n];
      e.key = key;
      e.kwKey = kw.codes;
      e.overload = bestIndex;
      e.nameBytes = kw.nameBytes;
      std::memcpy(e.names, kw.names, kw.nameBytes);
      family.kwCacheCount.store(n + 1, std::memory_order_release);
    }
  }

  const Overload& ov = family.overloads[bestIndex];
  if (jsPackHooksPushed.load(std::memory_order_relaxed) != 0) [[unlikely]] {
    return callSavingObjects(env, family, ov, best);
  }
  return callBound(env, family, ov, best);
}

Napi::Value opFamily(const Napi::CallbackInfo& info) {
  std::string name = info[0].As<Napi::String>();
  if (name.find("::") == std::string::npos) name = "aten::" + name;
  return Napi::Number::New(info.Env(), familyId(name));
}

}  // namespace

void registerOpCall(Napi::Env env, Napi::Object exports) {
  defineFunctions(env, exports, {
      TN_V8_FN("callOp", callOpImpl, 2),
      TN_FN("opFamily", opFamily),
  });
}

}  // namespace tn
