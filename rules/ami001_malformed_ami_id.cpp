#include <cctype>
#include <set>

#include "rules/rule.h"

namespace amilint {

namespace {

// The finding for v, which starts with "ami-" in some case but is not an AMI ID: what
// is wrong with it, and the ID it was meant to be when only the case is wrong.
std::string malformed(const std::string& v) {
  std::string digits = v.substr(4);
  std::string bad;
  bool upper = false;
  for (char c : digits) {
    if ((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f')) continue;
    if (c >= 'A' && c <= 'F') {
      upper = true;
      continue;
    }
    bad = std::string(1, c);
    break;
  }
  std::vector<std::string> what;
  if (v.compare(0, 4, "ami-") != 0) what.push_back("prefix not lowercase 'ami-'");
  if (!bad.empty()) what.push_back("'" + bad + "' is not a hex digit");
  else if (upper) what.push_back("uppercase hex digits");
  if (digits.size() != 8 && digits.size() != 17)
    what.push_back(digits.empty() ? std::string("no digits")
                                  : std::to_string(digits.size()) + " characters after 'ami-'");
  std::string out = "'" + v + "' is not an AMI ID (" + join(what, ", ") + ")";
  std::string fixed = v;
  for (auto& c : fixed) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (is_ami_id(fixed)) return out + ": write '" + fixed + "'";
  return out + (v.compare(0, 4, "ami-") != 0 ? ": need 'ami-' and 8 or 17 lowercase hex digits"
                                             : ": need 8 or 17 lowercase hex digits");
}

void check(const Model& m, RuleContext& ctx) {
  // Cells of mappings that are not region maps are AMI values only when a slot reads
  // them (Fn::FindInMap with fixed keys); elsewhere "ami-..." may be any name.
  std::set<Range> read_by_slot;
  for (const auto& use : m.uses)
    for (const auto& s : use.sources)
      if (s.kind == SourceKind::Literal && s.value.known()) read_by_slot.insert(s.value.range);
  for (const auto& lit : m.literals) {
    const std::string& v = lit.value.value;
    if (!lit.value.known() || !claims_ami_id(v) || is_ami_id(v)) continue;
    if (lit.context == LiteralContext::Mapping && !read_by_slot.count(lit.value.range)) continue;
    ctx.report(lit.value, v, malformed(v));
  }
  const Syntax& syntax = *m.syntax;
  for (const auto& use : m.uses) {
    for (const auto& s : use.sources) {
      if (s.kind != SourceKind::Literal || !s.value.known() || s.from_mapping) continue;
      const std::string& v = s.value.value;
      if (claims_ami_id(v)) continue;  // judged above
      if (use.accepts & (kAcceptsImageBuilder | kAcceptsAlias)) continue;
      std::vector<std::string> accepted{"an AMI ID"};
      if (use.accepts & kAcceptsResolveSsm) accepted.push_back("'resolve:ssm:NAME'");
      std::string also = syntax.phrase(Phrase::SlotAlsoAccepts);
      if (!also.empty()) accepted.push_back(also);
      std::string takes = accepted.size() == 1 ? accepted[0]
                                               : join(std::vector<std::string>(accepted.begin(), accepted.end() - 1)) +
                                                     " or " + accepted.back();
      bool ssm = v.compare(0, 12, "resolve:ssm:") == 0;
      ctx.report(Origin{s.value.range, value_path(use, s)}, v,
                 "'" + v + "' is not an AMI ID: " + use.slot_name + " takes " + takes +
                     (ssm ? syntax.phrase(Phrase::ResolveSsmHint) : std::string()));
    }
  }
}

}  // namespace

extern const Rule kAmi001 = {
    "AMI001", "malformed-ami-id", Severity::Error, true, "all",
    "A value in an AMI slot is not a well-formed AMI ID.",
    R"(## What it does
Checks every literal that is, or claims to be, an AMI ID: values in AMI slots
(`ImageId`, `ami`, `image_id`, ...), region-map entries, parameter defaults of AMI
type (each element of a `List<AWS::EC2::Image::Id>` default), cells of other
mappings that a slot reads with `Fn::FindInMap`, launch permission image IDs and copy
sources. An AMI ID is `ami-` followed by exactly 8 or 17 lowercase hexadecimal
digits; the message says what is wrong (case, length, a non-hex character). Also
reports a literal in an AMI slot that is not an AMI ID at all, unless the slot
accepts it (`resolve:ssm:` on launch templates and Cloud9, and on Terraform
`aws_instance.ami`; `ssm:` paths and ARNs on Image Builder recipes, aliases on
Cloud9); a plain `resolve:ssm:` elsewhere is reported with the `{{resolve:ssm:...}}`
form to use instead (in Terraform: a `data "aws_ssm_parameter"`).

## Why is this bad?
The deployment fails at launch time with `InvalidAMIID.Malformed`, often after
other resources were already created and must be rolled back. Older AMI IDs have 8
hexadecimal digits, those issued since AWS moved to longer resource IDs have 17;
EC2 takes lowercase digits only, so an ID whose case was changed is invalid.

A plain `resolve:ssm:NAME` is resolved by EC2 itself only where the API takes it:
the `ImageId` of a launch template (CloudFormation `AWS::EC2::LaunchTemplate`,
Terraform `aws_launch_template.image_id`), Terraform's `aws_instance.ami` and
Cloud9. Anywhere else it reaches EC2 as a literal and fails. In CloudFormation, the
dynamic reference `{{resolve:ssm:NAME}}` is resolved by CloudFormation before EC2
sees it and works in every AMI slot. Terraform has no dynamic references: read the
parameter with `data "aws_ssm_parameter"` and use its `value`.

## Example
```yaml
ImageId: ami-0ABCDEF1234567890   # uppercase hex
ImageId: ami-12345               # too short
ImageId: latest                  # not an AMI ID
```

## Use instead
```yaml
ImageId: ami-0abcdef1234567890
ImageId: '{{resolve:ssm:/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-x86_64}}'
```
```hcl
data "aws_ssm_parameter" "al2023" {
  name = "/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-x86_64"
}
resource "aws_launch_configuration" "web" {
  image_id = data.aws_ssm_parameter.al2023.value
}
```)",
    check, kAnyFormat, Needs::Nothing, Identity::SlotAndValue};

}  // namespace amilint
