// Terraform plan JSON (`terraform show -json plan.out`) -> the evaluated TfView that
// the Terraform adapter reads, so plans and HCL modules share one adapter and one set
// of rules. Every value keeps its exact range in the plan file.
//
// Blocks: every resource and data source instance of `planned_values` (root module and
// child modules, recursively), plus the data sources Terraform read while planning,
// which it records in `prior_state` only. `address`, `path` = the instance address
// (module.app[0].aws_instance.web["a"]); `anchor` = its "address" string.
//
// Body: `values`, as written in the plan (lists of objects stay lists: nested blocks).
// Attributes that `resource_changes[].change.after_unknown` marks are Unknown ("known
// after apply"). Where the configuration writes an attribute as `references`, the
// plan is traced back to the block it comes from (through module variables, module
// outputs and for_each), and the attribute becomes a Reference (ref = block address
// of that instance, attr = the attribute read, text = the planned value when known).
// References through `local.x` and other sources the plan does not describe leave a
// value that looks like an AMI ID Unknown (its origin cannot be told); other values
// keep their planned value, which is what Terraform will apply.
//
// Effective region of an aws_* block: its own `region` value (AWS provider v6), else
// its provider configuration's `region` (`configuration.provider_config`, via the
// resource's `provider_config_key`; `constant_value`, or `var.x` resolved from the
// plan's `variables` or the module call), inheriting the parent module's default
// provider where Terraform does; else LintOptions::regions when it holds exactly one
// region; else unknown.
#pragma once
#include <string_view>

#include "linter/model/finding.h"
#include "linter/load/node.h"
#include "linter/eval/tf_view.h"

namespace amilint {

// A JSON object with `format_version` and `planned_values` or `resource_changes`.
bool is_tf_plan(const Node* root);

// view_attribute: when set, a block's body holds only the top-level attributes it
// accepts (what the adapter reads).
// threads: at most this many make the blocks of a big plan.
TfView plan_view(const Node& root, const LintOptions& options, bool (*view_attribute)(std::string_view) = nullptr,
                 int threads = 1);

// The attributes the plan reader matches AMI IDs by, in the planned values of the
// blocks a reference may name (id, value, insecure_value): a plan loaded with
// PlanPruning keeps them.
bool plan_traces_attribute(std::string_view name);

}  // namespace amilint
