// The values an evaluator produces: HCL expressions evaluated in their scope
// (eval/hcl_eval.h) and plan JSON values (eval/plan.h). Every value keeps the range it
// is written at.
#pragma once
#include <string>
#include <utility>
#include <vector>

#include "linter/source/source.h"

namespace amilint {

struct EvalValue {
  enum class Kind { Null, String, Number, Bool, List, Object, Reference, Unknown };
  Kind kind = Kind::Unknown;
  std::string text;  // String/Number/Bool: the value ("true"/"false" for Bool)
  Range range;       // where the value (or the expression producing it) is written
  std::vector<EvalValue> items;                            // List (also repeated nested blocks)
  std::vector<std::pair<std::string, EvalValue>> fields;   // Object (also one nested block)
  // Reference: the block it points at and the attribute read from it, e.g.
  // ref = "data.aws_ami.web", attr = "id"; for module outputs the evaluator follows
  // them to the block inside the module when it can.
  std::string ref;
  std::string attr;
  std::string reason;  // Unknown: why (a variable without value, a computed value, ...)

  bool known() const { return kind == Kind::String || kind == Kind::Number || kind == Kind::Bool; }
  const EvalValue* field(const std::string& name) const {
    for (const auto& f : fields)
      if (f.first == name) return &f.second;
    return nullptr;
  }
};

}  // namespace amilint
