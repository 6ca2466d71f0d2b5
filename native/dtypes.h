// The one table between JS names and c10 enums: dtypes, layouts, memory formats, devices.
#pragma once
#include "common.h"
#include <optional>

namespace tn {

// 'float32' -> at::kFloat. nullopt for unknown names.
std::optional<at::ScalarType> scalarTypeFromName(const std::string& name);
// at::kFloat -> 'float32'.
const char* scalarTypeName(at::ScalarType type);
std::optional<at::Layout> layoutFromName(const std::string& name);
const char* layoutName(at::Layout layout);
std::optional<at::MemoryFormat> memoryFormatFromName(const std::string& name);
// Parses 'cpu', 'cuda', 'cuda:1' with PyTorch's own rules and messages.
at::Device deviceFromName(const std::string& name);

}  // namespace tn
