#include <cctype>
#include <set>

#include "rules/rule.h"

namespace amilint {

namespace {

// What is wrong with v, which starts with "ami-" in some case but is not an AMI ID.
std::string problem(const std::string& v) {
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
  if (v.compare(0, 4, "ami-") != 0) what.push_back("the prefix must be lowercase 'ami-'");
  if (!bad.empty()) what.push_back("'" + bad + "' is not a hexadecimal digit");
  else if (upper) what.push_back("it has uppercase hexadecimal digits");
  if (digits.size() != 8 && digits.size() != 17)
    what.push_back(digits.empty() ? std::string("it has no digits")
                                  : "it has " + std::to_string(digits.size()) + " characters after 'ami-'");
  std::string out = join(what, ", ") + "; an AMI ID is 'ami-' followed by exactly 8 or 17 lowercase "
                                       "hexadecimal digits";
  std::string fixed = v;
  for (auto& c : fixed) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (is_ami_id(fixed)) out += " (did you mean '" + fixed + "'?)";
  return out;
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
    ctx.report(lit.value, v, "'" + v + "' is not a valid AMI ID: " + problem(v));
  }
  const Syntax& syntax = *m.syntax;
  for (const auto& use : m.uses) {
    for (const auto& s : use.sources) {
      if (s.kind != SourceKind::Literal || !s.value.known() || s.from_mapping) continue;
      const std::string& v = s.value.value;
      if (claims_ami_id(v)) continue;  // judged above
      if (use.accepts & (kAcceptsImageBuilder | kAcceptsAlias)) continue;
      std::string accepted = "an AMI ID ('ami-' and 8 or 17 hexadecimal digits)";
      if (use.accepts & kAcceptsResolveSsm) accepted += " or 'resolve:ssm:PARAMETER'";
      bool ssm = v.compare(0, 12, "resolve:ssm:") == 0;
      ctx.report(Origin{s.value.range, use.path}, v,
                 "'" + v + "' is not an AMI ID: " + use.slot_name + " takes " + accepted +
                     syntax.phrase(Phrase::SlotAlsoAccepts) +
                     (ssm ? syntax.phrase(Phrase::ResolveSsmHint, v) : std::string()));
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
other resources were already created and must be rolled back.

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
```)",
    check, kAnyFormat, Needs::Nothing, Identity::SlotAndValue};

}  // namespace amilint
