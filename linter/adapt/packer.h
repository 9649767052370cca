// Packer adapter: the evaluated view of a Packer build (eval/packer_view.h, HCL2 or a
// legacy JSON template) becomes the provider-neutral Model the rules read.
#pragma once
#include "linter/eval/packer_view.h"
#include "linter/model/finding.h"
#include "linter/model/model.h"

namespace amilint {

// Each Amazon builder: its source_ami (a literal slot) or source_ami_filter / data
// "amazon-ami" (a lookup) in the build region; the build region, ami_regions and
// region_kms_key_ids keys as region mentions; each ami_regions entry other than the
// build region as a copy; ami_users / ami_groups / snapshot_users / snapshot_groups as
// permissions; the image it makes as an ImageBuild.
Model adapt_packer(const PackerView& view, const LintOptions& options);

}  // namespace amilint
