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

}  // namespace amilint
