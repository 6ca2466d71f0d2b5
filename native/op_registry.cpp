#include "op_registry.h"
#include "names.h"
#include <ATen/core/jit_type.h>
#include <algorithm>
#include <set>
#include <sstream>
#include <unordered_map>

namespace tn {

std::unique_ptr<Family>* const families = new std::unique_ptr<Family>[kMaxFamilies];  // never freed
std::atomic<int32_t> familyCount{0};

namespace {

// native/numbers_as_tensors.def, as family names.
bool allowsNumbersAsTensors(const std::string& opName) {
  static const std::set<std::string> names = {
#define TN_NUMBERS_AS_TENSORS(name) "aten::" name,
#include "numbers_as_tensors.def"
#undef TN_NUMBERS_AS_TENSORS
  };
  return names.count(opName) > 0;
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

template <class Sig>
UnboxedHandle typedHandle(const c10::OperatorHandle& op) {
  // typed() checks Sig against the C++ signature the kernels were registered with.
  try {
    return op.typed<Sig>();
  } catch (const c10::Error&) {
    return {};
  }
}

// The unboxed signature of an overload, read off its schema: arguments that are neither written
// nor optional tensors, one Tensor returned.
UnboxedHandle unboxedHandleOf(const Overload& ov) {
  const auto& schema = ov.op.schema();
  if (!ov.supported || ov.writesArgs || schema.is_vararg() || schema.returns().size() != 1 ||
      schema.returns()[0].real_type()->str() != "Tensor") {
    return {};
  }
  std::string types;
  for (const auto& a : ov.args) types += (types.empty() ? "" : ",") + a.typeText;
  if (types == "Tensor") return typedHandle<unboxed::Unary>(ov.op);
  if (types == "Tensor,Tensor") return typedHandle<unboxed::Binary>(ov.op);
  if (types == "Tensor,Tensor,Scalar") return typedHandle<unboxed::BinaryAlpha>(ov.op);
  if (types == "Tensor,Scalar") return typedHandle<unboxed::WithScalar>(ov.op);
  if (types == "Tensor,ScalarType?") return typedHandle<unboxed::Reduce>(ov.op);
  if (types == "SymInt[],ScalarType?,Layout?,Device?,bool?") return typedHandle<unboxed::Factory>(ov.op);
  return {};
}

}  // namespace

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
    spec.jsName = jsName(a.name());
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
  // As PyTorch's structseq_fieldnames (tools/autograd/gen_python_functions.py): several returns,
  // all named.
  const auto& returns = schema.returns();
  if (returns.size() > 1 &&
      std::all_of(returns.begin(), returns.end(), [](const c10::Argument& r) { return !r.name().empty(); })) {
    for (const auto& r : returns) ov.retNames.push_back(jsName(r.name()));
  }
  // native/python_hidden_overloads.def, as family names.
  static const std::set<std::string> kPythonHiddenScalarFamilies = {
#define TN_PYTHON_HIDDEN_SCALAR_OVERLOADS(name) "aten::" name,
#include "python_hidden_overloads.def"
#undef TN_PYTHON_HIDDEN_SCALAR_OVERLOADS
  };
  ov.hiddenFromPython = ov.overloadName.rfind("Scalar", 0) == 0 && kPythonHiddenScalarFamilies.count(schema.name()) > 0;
  static const std::set<std::string> kResizeFamilies = {"aten::resize_", "aten::resize_as_", "aten::_resize_output_"};
  if (kResizeFamilies.count(schema.name())) ov.mayResizeWritten = true;
  ov.unboxed = unboxedHandleOf(ov);
  return ov;
}

namespace {

// Families are built on first use; the name index once.
std::mutex registryMutex;
std::unordered_map<std::string, std::vector<std::string>> overloadNamesByOp;
std::unordered_map<std::string, int> familyIds;

void buildNameIndex() {
  if (!overloadNamesByOp.empty()) return;
  for (const auto& name : c10::Dispatcher::singleton().getAllOpNames()) {
    overloadNamesByOp[name.name].push_back(name.overload_name);
  }
}

}  // namespace

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

}  // namespace tn
