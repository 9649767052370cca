// The Terraform adapter and the Terraform rules on hand-built views: the same view
// comes from HCL modules and from plans, so these cases hold for both.
#include <catch2/catch.hpp>
#include <set>

#include "linter/engine/engine.h"
#include "linter/adapt/terraform.h"
#include "rules/rule.h"

using namespace amilint;

namespace {

uint32_t next_offset = 1;

EvalValue str(const std::string& s) {
  EvalValue v;
  v.kind = EvalValue::Kind::String;
  v.text = s;
  v.range = {next_offset, next_offset + static_cast<uint32_t>(s.size())};
  next_offset += 100;
  return v;
}
EvalValue boolean(bool b) {
  EvalValue v = str(b ? "true" : "false");
  v.kind = EvalValue::Kind::Bool;
  return v;
}
EvalValue ref(const std::string& address, const std::string& attr) {
  EvalValue v;
  v.kind = EvalValue::Kind::Reference;
  v.ref = address;
  v.attr = attr;
  v.range = {next_offset, next_offset + 10};
  next_offset += 100;
  return v;
}
EvalValue list(std::vector<EvalValue> items) {
  EvalValue v;
  v.kind = EvalValue::Kind::List;
  v.items = std::move(items);
  return v;
}
EvalValue object(std::vector<std::pair<std::string, EvalValue>> fields) {
  EvalValue v;
  v.kind = EvalValue::Kind::Object;
  v.fields = std::move(fields);
  return v;
}
TfBlock block(bool data, const std::string& type, const std::string& name, const std::string& region,
              std::vector<std::pair<std::string, EvalValue>> fields) {
  TfBlock b;
  b.data = data;
  b.type = type;
  b.name = name;
  b.address = (data ? "data." : "") + type + "." + name;
  b.path = (data ? "data." : "resource.") + type + "." + name;
  b.anchor = {next_offset, next_offset + static_cast<uint32_t>(name.size())};
  next_offset += 100;
  b.body = object(std::move(fields));
  if (!region.empty()) {
    b.regions = {region};
    b.region_known = true;
  }
  return b;
}

// rule code -> how many findings, over the whole model
std::multiset<std::string> lint(const TfView& view, LintOptions lo = {}) {
  Model m = adapt_terraform(view);
  std::vector<Finding> out;
  EngineOptions eo;
  eo.enable.push_back("AMI009");
  for (const Rule* r : active_rules(eo)) {
    if (!r->check) continue;
    RuleContext ctx(*r, lo, out);
    r->check(m, ctx);
  }
  std::multiset<std::string> codes;
  for (const auto& f : out) codes.insert(f.rule);
  return codes;
}

}  // namespace

TEST_CASE("tf: a lookup in another region than the instance is AMI011", "[tf]") {
  TfView v;
  v.blocks.push_back(block(true, "aws_ami", "web", "us-east-1",
                           {{"owners", list({str("self")})}, {"most_recent", boolean(true)}}));
  v.blocks.push_back(block(false, "aws_instance", "dr", "us-west-2", {{"ami", ref("data.aws_ami.web", "id")}}));
  CHECK(lint(v) == std::multiset<std::string>{"AMI011"});
  v.blocks[1].regions = {"us-east-1"};
  CHECK(lint(v).empty());
  v.blocks[1].region_known = false;  // unresolved region: nothing to prove
  v.blocks[1].regions.clear();
  CHECK(lint(v).empty());
}

TEST_CASE("tf: whoAMI lookups are AMI040 and owners make them safe", "[tf]") {
  TfView v;
  v.blocks.push_back(block(true, "aws_ami", "ubuntu", "us-east-1",
                           {{"most_recent", boolean(true)},
                            {"filter", list({object({{"name", str("name")}, {"values", list({str("ubuntu-*")})}})})}}));
  CHECK(lint(v) == std::multiset<std::string>{"AMI040"});
  v.blocks[0].body.fields.push_back({"owners", list({str("099720109477")})});
  CHECK(lint(v).empty());
  LintOptions trusted;
  trusted.trusted_accounts = {"111122223333"};
  CHECK(lint(v, trusted) == std::multiset<std::string>{"AMI041"});
}

TEST_CASE("tf: an owner filter counts as an owner and allow_unsafe_filter is reported", "[tf]") {
  TfView v;
  v.blocks.push_back(block(true, "aws_ami", "a", "us-east-1",
                           {{"most_recent", boolean(true)},
                            {"filter", list({object({{"name", str("owner-alias")}, {"values", list({str("amazon")})}})})}}));
  CHECK(lint(v).empty());
  v.blocks[0].body.fields.push_back({"allow_unsafe_filter", boolean(true)});
  CHECK(lint(v) == std::multiset<std::string>{"AMI040"});
}

TEST_CASE("tf: marketplace owners and deprecated images", "[tf]") {
  TfView v;
  v.blocks.push_back(block(true, "aws_ami", "m", "us-east-1",
                           {{"owners", list({str("aws-marketplace")})},
                            {"most_recent", boolean(true)},
                            {"include_deprecated", boolean(true)}}));
  CHECK(lint(v) == std::multiset<std::string>{"AMI041", "AMI042"});
}

TEST_CASE("tf: copies in the same region, unencrypted, with a key elsewhere", "[tf]") {
  TfView v;
  v.blocks.push_back(block(false, "aws_ami_copy", "c", "us-east-1",
                           {{"source_ami_id", str("ami-0abcdef1234567890")},
                            {"source_ami_region", str("us-east-1")}}));
  CHECK(lint(v) == std::multiset<std::string>{"AMI021", "AMI022"});
  v.blocks[0].regions = {"us-west-2"};
  v.blocks[0].body.fields.push_back({"encrypted", boolean(true)});
  v.blocks[0].body.fields.push_back({"kms_key_id", str("arn:aws:kms:us-east-1:111122223333:key/abc")});
  CHECK(lint(v) == std::multiset<std::string>{"AMI023"});
  v.blocks[0].body.fields.back().second = str("arn:aws:kms:us-west-2:111122223333:key/abc");
  CHECK(lint(v).empty());
}

TEST_CASE("tf: public launch permissions, images without reboot, public access settings", "[tf]") {
  TfView v;
  v.blocks.push_back(block(false, "aws_ami_launch_permission", "p", "us-east-1",
                           {{"image_id", str("ami-0abcdef1234567890")}, {"group", str("all")}}));
  v.blocks.push_back(block(false, "aws_ami_from_instance", "i", "us-east-1",
                           {{"source_instance_id", ref("aws_instance.x", "id")},
                            {"snapshot_without_reboot", boolean(true)}}));
  v.blocks.push_back(block(false, "aws_ec2_image_block_public_access", "b", "us-east-1", {{"state", str("unblocked")}}));
  v.blocks.push_back(block(false, "aws_ec2_allowed_images_settings", "s", "us-east-1", {{"state", str("audit-mode")}}));
  auto codes = lint(v);
  CHECK(codes.count("AMI050") == 1);
  CHECK(codes.count("AMI032") == 1);
  CHECK(codes.count("AMI043") == 1);
}

TEST_CASE("tf: a literal AMI with an unpinned region is hard-coded and unresolved values are AMI009", "[tf]") {
  TfView v;
  v.blocks.push_back(block(false, "aws_instance", "a", "", {{"ami", str("ami-0abcdef1234567890")}}));
  EvalValue unknown;
  unknown.kind = EvalValue::Kind::Unknown;
  unknown.reason = "variable 'ami' has no value";
  v.blocks.push_back(block(false, "aws_instance", "b", "us-east-1", {{"ami", unknown}}));
  v.blocks.push_back(block(false, "aws_instance", "c", "us-east-1", {{"ami", str("ami-12345")}}));
  CHECK(lint(v) == std::multiset<std::string>{"AMI001", "AMI002", "AMI009"});
}

TEST_CASE("tf: the same literal in two regions is AMI012", "[tf]") {
  TfView v;
  v.blocks.push_back(block(false, "aws_instance", "a", "us-east-1", {{"ami", str("ami-0abcdef1234567890")}}));
  v.blocks.push_back(block(false, "aws_instance", "b", "us-west-2", {{"ami", str("ami-0abcdef1234567890")}}));
  CHECK(lint(v) == std::multiset<std::string>{"AMI012"});
}

TEST_CASE("tf: a copy's source region is evidence of where a literal lives", "[tf]") {
  TfView v;
  v.blocks.push_back(block(false, "aws_ami_copy", "dr", "us-west-2",
                           {{"source_ami_id", str("ami-0abcdef1234567890")},
                            {"source_ami_region", str("us-east-1")},
                            {"encrypted", boolean(true)}}));
  v.blocks.push_back(block(false, "aws_instance", "web", "us-west-2", {{"ami", str("ami-0abcdef1234567890")}}));
  CHECK(lint(v) == std::multiset<std::string>{"AMI010"});
  v.blocks[1].regions = {"us-east-1"};
  CHECK(lint(v).empty());
}

TEST_CASE("tf: DR regions need a copy of self-owned images, not of Amazon's", "[tf]") {
  LintOptions lo;
  lo.dr_regions = {"us-west-2"};
  TfView v;
  v.blocks.push_back(block(true, "aws_ami", "golden", "us-east-1",
                           {{"owners", list({str("self")})}, {"most_recent", boolean(true)}}));
  v.blocks.push_back(block(false, "aws_instance", "web", "us-east-1", {{"ami", ref("data.aws_ami.golden", "id")}}));
  CHECK(lint(v, lo) == std::multiset<std::string>{"AMI020"});
  v.blocks.push_back(block(false, "aws_ami_copy", "dr", "us-west-2",
                           {{"source_ami_id", ref("data.aws_ami.golden", "id")},
                            {"source_ami_region", str("us-east-1")},
                            {"encrypted", boolean(true)}}));
  CHECK(lint(v, lo).empty());
  TfView amazon;
  amazon.blocks.push_back(block(true, "aws_ami", "al2023", "us-east-1",
                                {{"owners", list({str("amazon")})}, {"most_recent", boolean(true)}}));
  amazon.blocks.push_back(block(false, "aws_instance", "web", "us-east-1", {{"ami", ref("data.aws_ami.al2023", "id")}}));
  CHECK(lint(amazon, lo).empty());
  TfView literal;
  literal.blocks.push_back(block(false, "aws_instance", "web", "us-east-1", {{"ami", str("ami-0abcdef1234567890")}}));
  CHECK(lint(literal, lo) == std::multiset<std::string>{"AMI020"});
}

TEST_CASE("tf: launch permissions to all or to a malformed account", "[tf]") {
  TfView v;
  v.blocks.push_back(block(false, "aws_ami_launch_permission", "a", "us-east-1",
                           {{"image_id", str("ami-0abcdef1234567890")}, {"account_id", str("12345")}}));
  CHECK(lint(v) == std::multiset<std::string>{"AMI031"});
  v.blocks[0].body.fields[1].second = str("123456789012");
  CHECK(lint(v).empty());
  LintOptions lo;
  lo.trusted_accounts = {"111122223333"};
  CHECK(lint(v, lo) == std::multiset<std::string>{"AMI031"});
}
