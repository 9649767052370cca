#include <set>

#include "linter/model/regions.h"
#include "rules/rule.h"

namespace amilint {

namespace {

void check(const Model& m, RuleContext& ctx) {
  std::set<Range> seen;  // one finding per literal, however many slots share it
  const Syntax& syntax = *m.syntax;
  for (const auto& use : m.uses) {
    bool pinned = use.region_known && use.regions.size() == 1 &&
                  is_known_region(use.regions[0], ctx.options().extra_regions);
    if (pinned) continue;
    // Why the literal is wrong here: an AMI ID exists in its own region only.
    bool unknown = use.regions.size() == 1 && !is_known_region(use.regions[0], ctx.options().extra_regions);
    std::string where = use.regions.empty() ? ": " + syntax.phrase(Phrase::UnpinnedRegion)
                        : unknown           ? ", deployed in unknown region " + use.regions[0]
                                            : ", deployed in " + join(use.regions) + " (IDs are regional)";
    for (const auto& s : use.sources) {
      if (!s.value.known() || !is_ami_id(s.value.value)) continue;
      // A map read's DefaultValue, used in one known region only (or none): AMI010 judges it.
      if (s.default_for_map >= 0 && use.region_known && source_regions(m, use, s).size() <= 1) continue;
      if (s.kind == SourceKind::Literal && s.mapping_region_map >= 0) {
        // A cell of a region map read with a fixed region key (Fn::FindInMap [Map,
        // us-east-1, Ami]): the lookup in the slot is the mistake, not the map.
        if (!seen.insert(s.range).second) continue;
        const RegionMap& map = m.region_maps[static_cast<size_t>(s.mapping_region_map)];
        ctx.report(s, s.value.value,
                   syntax.phrase(Phrase::FixedKeyRead, s.mapping_region) + " reads region map '" + map.name +
                       "' for " + use.resource + ": every region gets the " + s.mapping_region + " image '" +
                       s.value.value + "'; " + syntax.phrase(Phrase::RegionKeyRemedy));
      } else if (s.kind == SourceKind::Literal) {
        if (!seen.insert(s.value.range).second) continue;
        ctx.report(Origin{s.value.range, value_path(use, s)}, s.value.value,
                   "hard-coded AMI ID '" + s.value.value + "' in " + use.resource + where + "; " +
                       syntax.phrase(Phrase::HardcodedAmiRemedy));
      } else if (s.kind == SourceKind::Parameter && s.from_default && !s.given) {  // a parameter file is per deployment
        if (!seen.insert(s.value.range).second) continue;
        ctx.report(s.value, s.value.value,
                   "parameter '" + s.param + "' defaults to hard-coded AMI ID '" + s.value.value + "' for " +
                       use.resource + where + "; " + syntax.phrase(Phrase::ParameterDefaultRemedy));
      }
    }
  }
}

}  // namespace

extern const Rule kAmi002 = {
    "AMI002", "hardcoded-ami-id", Severity::Warning, true, "all",
    "A literal AMI ID is used where the region is not pinned to one region.",
    R"(## What it does
Reports a literal AMI ID in an AMI slot, or as the default of a parameter that
feeds one, when the template (CloudFormation) or the resource (Terraform) is not
pinned to exactly one known region. CloudFormation templates are region-portable
unless you declare their regions (`--region`, config `regions`). A region map read
with a fixed region key (`Fn::FindInMap [Map, us-east-1, Ami]`) is reported at the
lookup: every region gets that one region's image.

## Why is this bad?
AMI IDs are regional: an image has its own ID in each region it was copied to, and
an ID means nothing outside its region. The same template deployed in another
region fails with `InvalidAMIID.NotFound`, usually in the middle of a stack or an
apply. When the template is deployed in several regions (`--region` more than
once, or a Terraform resource whose provider spans several), it fails in all but
the image's own region.

## Example
```yaml
Resources:
  Web:
    Type: AWS::EC2::Instance
    Properties:
      ImageId: ami-0abcdef1234567890
```

## Use instead
A region map (`Fn::FindInMap [AmiMap, !Ref AWS::Region, Ami]`), an SSM public
parameter (`{{resolve:ssm:/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-x86_64}}`
or a parameter of type `AWS::SSM::Parameter::Value<AWS::EC2::Image::Id>`), or in
Terraform a `data "aws_ami"` lookup with `owners` or a `data "aws_ssm_parameter"`.
For a parameter that defaults to an AMI ID, give it an SSM parameter type
(`AWS::SSM::Parameter::Value<AWS::EC2::Image::Id>`) whose default is a parameter
name, or feed the slot from a region map. If the template really deploys to one
region only, declare it (`--region us-east-1`, config `regions`) and AMI010/AMI060
judge the ID. A region map read with a fixed key: read it with `!Ref AWS::Region`
(in Terraform, with the effective region) as the key.)",
    check, kAnyFormat, Needs::Nothing, Identity::Slot};

}  // namespace amilint
