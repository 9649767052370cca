// From bake to launch: which images of the run's Packer builds (LintOptions::baked) a
// lookup or an HCP Packer artifact in a stack can find. AMI020 and the audit table
// read them as evidence of the regions such an image is in.
#pragma once
#include <string>
#include <vector>

#include "linter/model/finding.h"
#include "linter/model/model.h"

namespace amilint {

// Whether some name matches both globs ('*': any run of characters, '?': one).
bool globs_overlap(const std::string& a, const std::string& b);

// The images a lookup of your own images can find: its owners are all known and each
// is `self` or an account ID, and its name filter (or name_regex) admits a name the
// build gives. `by` is the value that links them (the name filter value, else
// name_regex). Empty when no build matches or the lookup is not of your own images.
struct BakedMatch {
  std::vector<const BakedImage*> images;
  const Str* by = nullptr;
};
BakedMatch baked_for_lookup(const LintOptions& o, const AmiLookup& l);

// The images published to this HCP Packer bucket.
std::vector<const BakedImage*> baked_in_bucket(const LintOptions& o, const std::string& bucket);

// "source.amazon-ebs.web (packer/web.pkr.hcl:14)", and "and N more builds".
std::string describe_baked(const std::vector<const BakedImage*>& images);

// Whether the Model has a lookup or artifact that may find a baked image (a lookup of
// your own images by name, an hcp_packer_artifact with a known bucket).
bool may_launch_baked(const Model& m);

// Whether one of the images is in region r.
bool baked_in_region(const std::vector<const BakedImage*>& images, const std::string& r);

}  // namespace amilint
