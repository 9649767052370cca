// The values an evaluator produces: HCL expressions evaluated in their scope
// (eval/hcl_eval.h) and plan JSON values (eval/plan.h). Every value keeps the range it
// is written at.
#pragma once
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "linter/source/source.h"

namespace amilint {

struct MapRead;

struct EvalValue {
  // Choice: one of items, not known which (a conditional whose condition is unknown);
  // every item is a possible value.
  enum class Kind { Null, String, Number, Bool, List, Object, Reference, Unknown, Choice };
  Kind kind = Kind::Unknown;
  // Unknown because evaluating it fails in Terraform too (a key a map does not have,
  // an index out of range): try() goes on to its next argument.
  bool failed = false;
  std::string text;  // String/Number/Bool: the value ("true"/"false" for Bool)
  Range range;       // where the value (or the expression producing it) is written
  std::vector<EvalValue> items;                            // List (also repeated nested blocks), Choice
  std::vector<std::pair<std::string, EvalValue>> fields;   // Object (also one nested block)
  std::vector<Range> key_ranges;  // Object written as an object literal: each key's range, as fields
  // Reference: the block it points at and the attribute read from it, e.g.
  // ref = "data.aws_ami.web", attr = "id"; for module outputs the evaluator follows
  // them to the block inside the module when it can.
  std::string ref;
  std::string attr;
  std::string reason;  // Unknown: why (a variable without value, a computed value, ...)
  // The value was read out of a map by a key (`var.amis[var.region]`,
  // `lookup(var.amis, var.region, "ami-...")`): which map and key, so the adapter can
  // tell region-map reads. Also on an Unknown when the key is missing or unknown.
  std::shared_ptr<const MapRead> map_read;

  bool known() const { return kind == Kind::String || kind == Kind::Number || kind == Kind::Bool; }
  const EvalValue* field(const std::string& name) const {
    for (const auto& f : fields)
      if (f.first == name) return &f.second;
    return nullptr;
  }
};

// A read of a map (an object) by a key, and the keys read from its entry after it
// (`var.amis[var.region].web`: key var.region, then "web").
struct MapRead {
  EvalValue map;         // the object read, with the ranges of its keys and values
  std::string name;      // the map as written: var.amis, local.ami_by_region
  EvalValue key;         // the key: a String when known
  bool constant_key = false;      // the key is written as a literal ("us-east-1")
  bool has_default = false;       // lookup() with a default
  std::vector<std::string> then;  // keys read from the entry afterwards
  Range range;                    // the whole read expression
};

}  // namespace amilint
