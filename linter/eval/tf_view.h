// The evaluated view of a Terraform configuration that the Terraform adapter reads.
// HCL modules (.tf and .tf.json, after variables, locals, providers and module calls
// are resolved) and plan JSON (`terraform show -json`) both produce it, so the
// adapter, and every rule after it, is written once.
#pragma once
#include <string>
#include <utility>
#include <vector>

#include "linter/eval/value.h"
#include "linter/source/source.h"

namespace amilint {

// One resource or data block (one instance of it).
struct TfBlock {
  bool data = false;       // data source
  std::string type;        // aws_instance
  std::string name;        // web
  std::string address;     // data.aws_ami.web, module.app.aws_instance.web
  std::string path;        // logical location for findings: resource.aws_instance.web
  Range anchor;            // the block's name label (or the plan address)
  EvalValue body;            // Object: attributes and nested blocks
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
