// JS names of the c10 enums operators take and return: dtypes (ScalarType, from the table
// native/dtypes.def), layouts, memory formats, devices.
#pragma once
#include "common.h"
#include <optional>

namespace tn {

// 'float32' (or 'torch.float32', or an alias such as 'float') -> at::kFloat. nullopt for unknown names.
std::optional<at::ScalarType> scalarTypeFromName(const std::string& name);
// at::kFloat -> 'float32'.
const char* scalarTypeName(at::ScalarType type);

// The JS typed array a dtype's elements read as (native/dtypes.def): its N-API type, and the
// ScalarType with its layout, the dtype's own when the array can share the tensor's memory, another
// when reading converts (float16 reads as float32). nullopt for dtypes no typed array holds.
struct TypedArrayOf { napi_typedarray_type type; at::ScalarType layout; };
std::optional<TypedArrayOf> typedArrayOf(at::ScalarType type);

std::optional<at::Layout> layoutFromName(const std::string& name);
const char* layoutName(at::Layout layout);
std::optional<at::MemoryFormat> memoryFormatFromName(const std::string& name);
// Parses 'cpu', 'cuda', 'cuda:1' with PyTorch's own rules and messages.
at::Device deviceFromName(const std::string& name);

}  // namespace tn
