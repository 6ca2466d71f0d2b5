// Declarations only, for ATen/functorch/Interpreter.h: LibTorch's wheel ships that header but not
// the nlohmann/json it includes, which it uses solely to (de)serialize interpreters for
// torch.compile. native/functorch.cpp never does that, so nothing here is defined: any use would
// fail to link rather than misbehave.
#pragma once
#include <string>

namespace nlohmann {
class json {
 public:
  json();
  template <typename T>
  json(const T& value);  // NOLINT(google-explicit-constructor): mirrors nlohmann::json
  std::string dump() const;
  static json parse(const std::string& text);
  template <typename T>
  T get() const;
};
}  // namespace nlohmann
