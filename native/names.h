// The one snake_case -> camelCase rule: a '_' between two characters is dropped and the character
// after it upper-cased; leading and trailing '_' stay ('_foreach_add_' -> '_foreachAdd_'). Native
// code names schema arguments with it (keyword arguments, messages); listSchemas exports those
// names, so codegen/ and lib/ use the same (lib/names.ts implements it for JS keys; a test checks
// both agree on every schema name).
#pragma once
#include <cctype>
#include <string>

namespace tn {

inline std::string jsName(const std::string& snake) {
  std::string out;
  bool upper = false;
  for (size_t i = 0; i < snake.size(); ++i) {
    char c = snake[i];
    if (c == '_' && i > 0 && i + 1 < snake.size()) { upper = true; continue; }
    out += upper ? static_cast<char>(std::toupper(static_cast<unsigned char>(c))) : c;
    upper = false;
  }
  return out;
}

}  // namespace tn
