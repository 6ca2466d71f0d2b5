#include "enum_names.h"

#include <string_view>

namespace tn {

namespace {
struct DtypeRow { std::string_view name; at::ScalarType type; };
// The dtypes of native/dtypes.def, then PyTorch's aliases: a dtype's own row comes first, so
// scalarTypeName answers it.
constexpr DtypeRow kOwnNames[] = {
#define TN_DTYPE(name, type, itemsize, kind, array, arrayType, storage, safetensors) {#name, at::ScalarType::type},
#define TN_DTYPE_ALIAS(alias, name)
#include "dtypes.def"
#undef TN_DTYPE
#undef TN_DTYPE_ALIAS
};
constexpr at::ScalarType ownNamed(std::string_view name) {
  for (const auto& row : kOwnNames) if (row.name == name) return row.type;
  return at::ScalarType::Undefined;
}
constexpr DtypeRow kDtypes[] = {
#define TN_DTYPE(name, type, itemsize, kind, array, arrayType, storage, safetensors) {#name, at::ScalarType::type},
#define TN_DTYPE_ALIAS(alias, name) {#alias, ownNamed(#name)},
#include "dtypes.def"
#undef TN_DTYPE
#undef TN_DTYPE_ALIAS
};

// The table's item sizes are those of LibTorch's element types (codegen ships them to lib/).
#define TN_DTYPE(name, type, itemsize, kind, array, arrayType, storage, safetensors) \
  static_assert(sizeof(c10::impl::ScalarTypeToCPPTypeT<at::ScalarType::type>) == (itemsize), #name ": itemsize");
#define TN_DTYPE_ALIAS(alias, name)
#include "dtypes.def"
#undef TN_DTYPE
#undef TN_DTYPE_ALIAS

// The TypedArray column's names as N-API types; None: no typed array.
constexpr auto kNone = static_cast<napi_typedarray_type>(-1);
constexpr napi_typedarray_type napiArray(std::string_view name) {
  return name == "Float32Array" ? napi_float32_array : name == "Float64Array" ? napi_float64_array
       : name == "Int8Array" ? napi_int8_array : name == "Int16Array" ? napi_int16_array
       : name == "Int32Array" ? napi_int32_array : name == "BigInt64Array" ? napi_bigint64_array
       : name == "Uint8Array" ? napi_uint8_array : name == "Uint16Array" ? napi_uint16_array
       : name == "Uint32Array" ? napi_uint32_array : name == "BigUint64Array" ? napi_biguint64_array
       : kNone;
}
}  // namespace

std::optional<at::ScalarType> scalarTypeFromName(const std::string& name) {
  std::string key = name.rfind("torch.", 0) == 0 ? name.substr(6) : name;
  for (const auto& row : kDtypes) if (key == row.name) return row.type;
  return std::nullopt;
}

const char* scalarTypeName(at::ScalarType type) {
  for (const auto& row : kDtypes) if (row.type == type) return row.name.data();  // literals: NUL-terminated
  return c10::toString(type);
}

std::optional<TypedArrayOf> typedArrayOf(at::ScalarType type) {
  switch (type) {
#define TN_DTYPE(name, type, itemsize, kind, array, arrayType, storage, safetensors)                                      \
  case at::ScalarType::type:                                                                       \
    static_assert(napiArray(#array) != kNone || std::string_view(#array) == "None", #name ": TypedArray"); \
    if (napiArray(#array) == kNone) return std::nullopt;                                           \
    return TypedArrayOf{napiArray(#array), at::ScalarType::arrayType};
#define TN_DTYPE_ALIAS(alias, name)
#include "dtypes.def"
#undef TN_DTYPE
#undef TN_DTYPE_ALIAS
    default: return std::nullopt;
  }
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
