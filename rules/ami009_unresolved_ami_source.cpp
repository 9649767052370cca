#include "rules/rule.h"

namespace amilint {

namespace {

void check(const Model& m, RuleContext& ctx) {
  for (const auto& use : m.uses) {
    for (const auto& s : use.sources) {
      // An SSM-typed parameter without a default: the SSM parameter itself is chosen
      // at deploy time, so whether it resolves in a region is unknown too.
      bool ssm_param = s.kind == SourceKind::Ssm && !s.param.empty() && !s.value.known();
      bool unresolved = s.kind == SourceKind::Unresolved ||
                        (s.kind == SourceKind::Parameter && !s.value.known()) || ssm_param;
      if (!unresolved) continue;
      std::string reason = s.reason;
      if (reason.empty() && ssm_param)
        reason = "SSM parameter-typed parameter '" + s.param + "' has no default";
      if (reason.empty()) reason = "its value is known only at deploy time";
      ctx.report(s, reason,
                 "the AMI of " + use.resource + " is unknown (" + reason + ")");
    }
  }
}

}  // namespace

extern const Rule kAmi009 = {
    "AMI009", "unresolved-ami-source", Severity::Info, false, "all",
    "An AMI slot whose source could not be resolved (off by default).",
    R"(## What it does
Off by default; enable it with `--enable AMI009` for an audit. Lists every AMI slot
whose value amilint could not resolve, with the reason: a parameter or variable
without a default (an SSM-typed parameter without a default too: which SSM parameter
is read is chosen at deploy time), an attribute of another resource, an export of
another stack, a `Ref` to a resource, a value computed at deploy time, an unknown
variable. Points at the expression in the slot.

## Why is this bad?
It is not wrong by itself. The region rules (AMI010, AMI011, AMI014, AMI020) and
the inventory rules (AMI030, AMI060, AMI061) judge an AMI only when its value is
known, so these slots were not checked at all. The list shows an audit where to
look by hand, which values to pass (parameters, `.tfvars`) or which inventory to
add.

## Use instead
Nothing to fix. To make such a slot checkable, give the parameter a type and a
default, or pass the variable's value in a `.tfvars` file.)",
    check, kAnyFormat, Needs::Nothing, Identity::Slot};

}  // namespace amilint
