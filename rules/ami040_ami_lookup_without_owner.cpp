#include "rules/rule.h"

namespace amilint {

namespace {

void check(const Model& m, RuleContext& ctx) {
  for (const auto& l : m.lookups) {
    if (l.allow_unsafe_filter.is_true()) {
      ctx.report(l.allow_unsafe_filter, "allow_unsafe_filter",
                 l.address + " sets allow_unsafe_filter = true, which lets it pick anyone's AMI; set owners "
                 "instead");
      continue;
    }
    if (l.has_owners() || l.owner_filter) continue;
    // Picks by name or recency from anyone's images.
    bool by_recency = l.most_recent.is_true();
    bool by_name = l.wildcard_name || l.name_regex.known();
    if (!by_recency && !by_name) continue;
    std::vector<std::string> how;
    if (by_recency) how.push_back("most_recent = true");
    if (l.wildcard_name) how.push_back("a wildcard name filter");
    if (l.name_regex.known()) how.push_back("name_regex");
    std::string how_text = how.size() == 1 ? how[0] : join(std::vector<std::string>(how.begin(), how.end() - 1)) +
                                                          " and " + how.back();
    ctx.report(l.anchor, "no-owner",
               l.address + " selects an image by " + how_text + " without owners (whoAMI); set owners or an "
                   "owner-id filter");
  }
}

}  // namespace

extern const Rule kAmi040 = {
    "AMI040", "ami-lookup-without-owner", Severity::Error, true, "TF, plan",
    "An AMI lookup can pick anyone's image by name or recency (whoAMI).",
    R"(## What it does
Reports the whoAMI pattern: a `data "aws_ami"` (or `aws_ami_ids`) that selects an
image by name or recency (`most_recent = true`, a wildcard `name` filter, or
`name_regex`) without `owners` and without an `owner-id`, `owner-alias` or
`image-id` filter. Also reports `allow_unsafe_filter = true`, which turns off the
provider's own guard (AWS provider v6).

## Why is this bad?
Anyone can publish a public AMI with a matching name. Without an owner restriction
the lookup may launch an attacker's image (Datadog Security Labs, "whoAMI", 2025;
CVE-2018-15869 for the AWS CLI). `most_recent = true` makes it worse: a newer
public image wins. `allow_unsafe_filter = true` turns off the AWS provider's own
guard against exactly this. Restrict the owners: `owners = ["self"]`,
`["amazon"]`, or the publisher's account ID, or an `owner-id` filter.

## Example
```hcl
data "aws_ami" "ubuntu" {
  most_recent = true
  filter {
    name   = "name"
    values = ["ubuntu/images/hvm-ssd/ubuntu-jammy-22.04-amd64-server-*"]
  }
}
```

## Use instead
```hcl
data "aws_ami" "ubuntu" {
  most_recent = true
  owners      = ["099720109477"] # Canonical
  filter {
    name   = "name"
    values = ["ubuntu/images/hvm-ssd/ubuntu-jammy-22.04-amd64-server-*"]
  }
}
```)",
    // Not Packer: Packer refuses a source_ami_filter or data "amazon-ami" without owners.
    check, kTerraform | kPlan, Needs::Nothing, Identity::Slot};

}  // namespace amilint
