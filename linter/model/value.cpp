#include "linter/model/value.h"

namespace amilint {

Bool bool_of(const std::string& text, Range r, std::string path) {
  Bool b;
  b.range = r;
  b.path = std::move(path);
  b.text = text;
  if (text == "true" || text == "True" || text == "TRUE") {
    b.state = State::Known;
    b.value = true;
  } else if (text == "false" || text == "False" || text == "FALSE") {
    b.state = State::Known;
    b.value = false;
  } else {
    b.state = State::Unknown;
    b.reason = "'" + text + "' is not a boolean";
  }
  return b;
}

Bool bool_of(const Str& s) {
  if (s.known()) return bool_of(s.value, s.range, s.path);
  Bool b;
  static_cast<Origin&>(b) = s;
  b.state = s.state;
  b.reason = s.reason;
  return b;
}

}  // namespace amilint
