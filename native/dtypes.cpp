#include "dtypes.h"

namespace tn {

namespace {
struct DtypeRow { const char* name; at::ScalarType type; };
// First row for a type is its canonical name; later rows are PyTorch's aliases.
const DtypeRow kDtypes[] = {
    {"float32", at::kFloat},     {"float64", at::kDouble},     {"float16", at::kHalf},
    {"bfloat16", at::kBFloat16}, {"int8", at::kChar},          {"int16", at::kShort},
    {"int32", at::kInt},         {"int64", at::kLong},         {"uint8", at::kByte},
    {"bool", at::kBool},         {"complex64", at::kComplexFloat},
    {"complex128", at::kComplexDouble},
    {"uint16", at::kUInt16},     {"uint32", at::kUInt32},      {"uint64", at::kUInt64},
    {"float", at::kFloat},       {"double", at::kDouble},      {"half", at::kHalf},
    {"short", at::kShort},       {"int", at::kInt},            {"long", at::kLong},
    {"cfloat", at::kComplexFloat}, {"cdouble", at::kComplexDouble},
};
}  // namespace

std::optional<at::ScalarType> scalarTypeFromName(const std::string& name) {
  std::string key = name.rfind("torch.", 0) == 0 ? name.substr(6) : name;
  for (const auto& row : kDtypes) if (key == row.name) return row.type;
  return std::nullopt;
}

const char* scalarTypeName(at::ScalarType type) {
  for (const auto& row : kDtypes) if (row.type == type) return row.name;
  return c10::toString(type);
}

std::optional<at::Layout> layoutFromName(const std::string& name) {
  if (name == "strided") return at::kStrided;
  if (name == "sparse_coo") return at::kSparse;
  if (name == "sparse_csr") return at::kSparseCsr;
  return std::nullopt;
}

const char* layoutName(at::Layout layout) {
  switch (layout) {
    case at::kStrided: return "strided";
    case at::kSparse: return "sparse_coo";
    case at::kSparseCsr: return "sparse_csr";
    default: return "other";
  }
}

std::optional<at::MemoryFormat> memoryFormatFromName(const std::string& name) {
  if (name == "contiguous_format") return at::MemoryFormat::Contiguous;
  if (name == "preserve_format") return at::MemoryFormat::Preserve;
  if (name == "channels_last") return at::MemoryFormat::ChannelsLast;
  if (name == "channels_last_3d") return at::MemoryFormat::ChannelsLast3d;
  return std::nullopt;
}

at::Device deviceFromName(const std::string& name) { return at::Device(name); }

}  // namespace tn
