#include "rules/rule.h"

namespace amilint {

namespace {

void check(const Model& m, RuleContext& ctx) {
  for (const auto& l : m.lookups) {
    if (!l.include_deprecated.is_true() || !l.most_recent.is_true()) continue;
    ctx.report(l.include_deprecated, "include_deprecated",
               l.address + " takes the most recent image including deprecated ones: the newest image "
               "may be one its owner has deprecated; drop include_deprecated");
  }
}

}  // namespace

extern const Rule kAmi042 = {
    "AMI042", "ami-lookup-includes-deprecated", Severity::Info, true, "TF, plan",
    "An AMI lookup takes the most recent image, deprecated ones included.",
    R"(## What it does
Reports `include_deprecated = true` together with `most_recent = true` on an AMI
lookup.

## Why is this bad?
Owners deprecate images that must no longer be launched (broken, vulnerable,
superseded). With deprecated images included, the newest match may be one of them.

## Use instead
Leave `include_deprecated` unset (false), or pin the image.)",
    check, kTerraform | kPlan, Needs::Nothing, Identity::Slot};

}  // namespace amilint
