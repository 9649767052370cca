#include "rules/rule.h"

namespace amilint {

namespace {

// Packer's lookups: a source_ami_filter (named after its builder) or a data "amazon-ami".
bool packer_lookup(const AmiLookup& l) {
  return l.address.rfind("source_ami_filter of ", 0) == 0 || l.address.rfind("data.amazon-ami.", 0) == 0;
}

// Packer refuses a filter without owners ("For security reasons, your source AMI filter
// must declare an owner"; an owner-id filter does not count), unless the builder also
// gives source_ami: then it checks no owners and the filter only narrows that ID.
void check_packer(const Model& m, const AmiLookup& l, RuleContext& ctx) {
  if (l.has_owners()) return;
  const std::string filter_of = "source_ami_filter of ";
  if (l.address.rfind(filter_of, 0) == 0) {
    std::string source_ami = l.address.substr(filter_of.size()) + ".source_ami";
    for (const auto& lit : m.literals)
      if (lit.value.path == source_ami && lit.value.known() && !lit.value.value.empty()) return;
  }
  Origin at = l.owners.absent() ? l.anchor : Origin{l.owners.range, l.owners.path};
  if (l.owner_filter)  // restricted, but not in a way Packer accepts
    ctx.report(at, "no-owner",
               l.address + " names its owner in filters only, and Packer refuses a filter without owners; "
               "move it to owners");
  else
    ctx.report(at, "no-owner",
               l.address + " has no owners, so it can pick anyone's image (whoAMI), and Packer refuses it; "
               "set owners");
}

void check(const Model& m, RuleContext& ctx) {
  for (const auto& l : m.lookups) {
    if (packer_lookup(l)) {
      check_packer(m, l, ctx);
      continue;
    }
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
    "AMI040", "ami-lookup-without-owner", Severity::Error, true, "TF, plan, Packer",
    "An AMI lookup can pick anyone's image by name or recency (whoAMI).",
    R"(## What it does
Reports the whoAMI pattern: a `data "aws_ami"` (or `aws_ami_ids`) that selects an
image by name or recency (`most_recent = true`, a wildcard `name` filter, or
`name_regex`) without `owners` and without an `owner-id`, `owner-alias` or
`image-id` filter. Also reports `allow_unsafe_filter = true`, which turns off the
provider's own guard (AWS provider v6).

Packer: a `source_ami_filter` or `data "amazon-ami"` without `owners` (or with an
empty list), whatever it filters on. Packer refuses it ("For security reasons,
your source AMI filter must declare an owner"; an `owner-id` filter does not count
for Packer), so the build fails before it starts, and the same filters copied into
a tool without that guard pick anyone's image. Not reported when the builder also
sets `source_ami`: Packer then checks no owners and the filter only narrows that ID.

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
```

Packer:

```hcl
source_ami_filter {
  filters = {
    name = "ubuntu/images/hvm-ssd/ubuntu-jammy-22.04-amd64-server-*"
  }
  owners      = ["099720109477"] # Canonical
  most_recent = true
}
```)",
    check, kTerraform | kPlan | kPacker, Needs::Nothing, Identity::Slot};

}  // namespace amilint
