// The evaluated view of a Terraform configuration that the Terraform adapter reads.
// HCL modules (.tf and .tf.json, after variables, locals, providers and module calls
// are resolved) and plan JSON (`terraform show -json`) both produce it, so the
// adapter, and every rule after it, is written once.
#pragma once
#include <string>
#include <utility>
#include <vector>

#include "linter/source/source.h"

namespace amilint {

struct TfValue {
  enum class Kind { Null, String, Number, Bool, List, Object, Reference, Unknown };
  Kind kind = Kind::Unknown;
  std::string text;  // String/Number/Bool: the value ("true"/"false" for Bool)
  Range range;       // where the value (or the expression producing it) is written
  std::vector<TfValue> items;                            // List (also repeated nested blocks)
  std::vector<std::pair<std::string, TfValue>> fields;   // Object (also one nested block)
  // Reference: the block it points at and the attribute read from it, e.g.
  // ref = "data.aws_ami.web", attr = "id"; for module outputs the evaluator follows
  // them to the block inside the module when it can.
  std::string ref;
  std::string attr;
  std::string reason;  // Unknown: why (a variable without value, a computed value, ...)

  bool known() const { return kind == Kind::String || kind == Kind::Number || kind == Kind::Bool; }
  const TfValue* field(const std::string& name) const {
    for (const auto& f : fields)
      if (f.first == name) return &f.second;
    return nullptr;
  }
};

// One resource or data block (one instance of it).
struct TfBlock {
  bool data = false;       // data source
  std::string type;        // aws_instance
  std::string name;        // web
  std::string address;     // data.aws_ami.web, module.app.aws_instance.web
  std::string path;        // logical location for findings: resource.aws_instance.web
  Range anchor;            // the block's name label (or the plan address)
  TfValue body;            // Object: attributes and nested blocks
  std::vector<std::string> regions;  // effective region: own `region`, its provider's, the default's
  bool region_known = false;
  // Where the effective region comes from, for region-name checks (AMI013).
  std::string region_text;
  Range region_range;
};

// A region name written somewhere (provider blocks, resource `region`, ...).
struct TfRegionMention {
  std::string region;
  Range range;
  std::string path;
  std::string what;
};

struct TfView {
  std::vector<TfBlock> blocks;
  std::vector<TfRegionMention> region_mentions;
};

}  // namespace amilint
