#include "linter/model/syntax.h"

namespace amilint {

std::string Syntax::assign(Field f, std::string_view value) const {
  return name(f) + (style_ == Style::Yaml ? ": " : " = ") + std::string(value);
}

std::string Syntax::nested(Field outer, Field inner) const {
  if (style_ == Style::Yaml) return name(outer) + "." + name(inner);
  return name(outer) + " { " + name(inner) + " }";
}

std::string Syntax::phrase(Phrase p, std::string_view arg) const {
  std::string out = phrases_[static_cast<size_t>(p)];
  size_t at = out.find("{}");
  if (at != std::string::npos) out.replace(at, 2, arg);
  return out;
}

}  // namespace amilint
