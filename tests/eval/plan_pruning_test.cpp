// A Terraform plan is loaded pruned (load/loaders.h PlanPruning): only what the plan
// reader reads is built. These tests hold that to account: every plan fixture, and a
// generated plan, lints the same with and without pruning; a big plan's blocks made
// by several threads give what one thread gives; and the loader keeps and leaves out
// what PlanPruning says, with exact ranges, while other JSON is unaffected.
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <sstream>
#include <string>
#include <vector>

#include "linter/adapt/terraform.h"
#include "linter/engine/engine.h"
#include "linter/eval/plan.h"
#include "linter/load/loaders.h"
#include "linter/source/unit.h"
#include "tests/test_util.h"

using namespace amilint;
namespace fs = std::filesystem;

namespace {

bool keep_all_traced(std::string_view a) { return tf_adapter_reads(a) || plan_traces_attribute(a); }
const PlanPruning kPruning{keep_all_traced, tf_adapter_reads};

// Everything a run reports of its findings and suppressions, one line each.
std::string describe(const RunResult& r) {
  std::ostringstream out;
  for (const auto& f : r.findings)
    out << f.rule << ' ' << f.file << ':' << f.line << ':' << f.column << '-' << f.end_line << ':' << f.end_column
        << ' ' << f.path << ' ' << f.fingerprint << ' ' << f.message << '\n';
  for (const auto& s : r.suppressions) out << "suppression " << s.file << ':' << s.line << ':' << s.column << '\n';
  out << "suppressed " << r.suppressed << " templates " << r.templates << " amis " << r.amis.size() << '\n';
  return out.str();
}

std::vector<EngineOptions> option_sets() {
  std::vector<EngineOptions> sets(4);
  sets[0].enable = {"AMI009"};
  sets[1].lint.regions = {"us-east-1"};
  sets[2].lint.regions = {"us-east-1"};
  sets[2].lint.dr_regions = {"us-west-2", "eu-west-1"};
  sets[3].lint.regions = {"us-east-1", "eu-west-1"};
  sets[3].lint.dr_regions = {"ap-south-1"};
  sets[3].lint.trusted_accounts = {"111122223333"};
  for (auto& s : sets) s.audit = true;
  return sets;
}

// The findings of one file linted with pruning on, and off.
std::pair<RunResult, RunResult> both_ways(const fs::path& file, EngineOptions options) {
  Candidate c;
  c.path = c.display = file.string();
  c.named = true;
  options.prune_plans = true;
  RunResult pruned = run({c}, options);
  options.prune_plans = false;
  RunResult whole = run({c}, options);
  return {std::move(pruned), std::move(whole)};
}

std::string generate_plan(const fs::path& dir, int resources, const std::string& extra = "") {
  const fs::path src(AMILINT_SOURCE_DIR);
  const fs::path out = dir / ("plan_" + std::to_string(resources) + ".json");
  std::string cmd = "python3 '" + (src / "tests/bench/gen_plan.py").string() + "' --resources " +
                    std::to_string(resources) + " --seed 11 " + extra + " > '" + out.string() + "'";
  REQUIRE(std::system(cmd.c_str()) == 0);
  return out.string();
}

const Node& at(const Node* n, std::string_view key) {
  REQUIRE(n);
  const Node* v = n->get(key);
  INFO("key " << key);
  REQUIRE(v);
  return *v;
}

std::string slice(std::string_view text, Range r) { return std::string(text.substr(r.begin, r.end - r.begin)); }

}  // namespace

TEST_CASE("every plan fixture lints the same with and without pruning", "[plan-pruning]") {
  const fs::path fixtures = fs::path(AMILINT_SOURCE_DIR) / "fixtures";
  int plans = 0;
  for (const auto& e : fs::recursive_directory_iterator(fixtures)) {
    if (!e.is_regular_file() || e.path().extension() != ".json") continue;
    const std::string name = e.path().filename().string();
    if (name.size() > 8 && name.compare(name.size() - 8, 8, ".tf.json") == 0) continue;
    bool plan = false;
    for (const auto& options : option_sets()) {
      auto [pruned, whole] = both_ways(e.path(), options);
      REQUIRE(pruned.files.size() == 1);
      if (pruned.files[0].format != Format::TfPlan) break;
      plan = true;
      INFO(e.path().string());
      CHECK(describe(pruned) == describe(whole));
    }
    plans += plan;
  }
  CHECK(plans >= 30);
}

TEST_CASE("a generated plan lints the same with and without pruning", "[plan-pruning]") {
  amilint_test::TempDir dir;
  for (const std::string indent : {"", "--indent 2"}) {
    const std::string plan = generate_plan(dir.path, 200, indent);
    for (const auto& options : option_sets()) {
      auto [pruned, whole] = both_ways(plan, options);
      REQUIRE(pruned.files.size() == 1);
      REQUIRE(pruned.files[0].format == Format::TfPlan);
      CHECK(pruned.findings.size() > 50);
      CHECK(describe(pruned) == describe(whole));
    }
  }
}

TEST_CASE("a big plan's blocks made by several threads give what one thread gives", "[plan-pruning]") {
  amilint_test::TempDir dir;
  // 5000 resources: more blocks than two threads' minimum share; over 1 MB, so mapped
  const std::string plan = generate_plan(dir.path, 5000);
  REQUIRE(fs::file_size(plan) > FileText::kMapAtLeast);
  Candidate c;
  c.path = c.display = plan;
  EngineOptions one, four;
  one.jobs = 1;
  four.jobs = 4;
  one.lint.regions = four.lint.regions = {"us-east-1"};
  one.audit = four.audit = true;
  RunResult a = run({c}, one), b = run({c}, four);
  CHECK(a.findings.size() > 1000);
  CHECK(describe(a) == describe(b));
}

TEST_CASE("the loader keeps of a plan what PlanPruning says", "[plan-pruning]") {
  // planned_values before resource_changes, as Terraform writes them
  const std::string text = R"({
  "format_version": "1.2",
  "planned_values": {"outputs": {"o": {"value": 1}}, "root_module": {
    "resources": [{"address": "aws_instance.web", "mode": "managed", "type": "aws_instance", "name": "web",
                   "provider_name": "registry.terraform.io/hashicorp/aws", "schema_version": 1,
                   "values": {"ami": "ami-0123456789abcdef0", "tags": {"Name": "web"}, "id": "i-1",
                              "instance_type": "t3.micro", "region": "us-east-1"},
                   "sensitive_values": {"tags": {}}}],
    "child_modules": [{"address": "module.m", "resources": [
      {"address": "module.m.aws_launch_template.lt", "values": {"image_id": "ami-0fedcba9876543210", "name_prefix": "x"}}]}]}},
  "resource_drift": [{"address": "aws_instance.old", "change": {"before": {"ami": "ami-00000000000000000"}}}],
  "resource_changes": [{"address": "aws_instance.web", "mode": "managed", "provider_name": "aws",
                        "change": {"actions": ["create"], "before": null,
                                   "after": {"ami": "ami-0123456789abcdef0"},
                                   "after_unknown": {"id": true, "arn": true, "ami": false},
                                   "after_sensitive": {}}}],
  "prior_state": {"values": {"root_module": {"resources": [
    {"address": "data.aws_ami.a", "mode": "data", "type": "aws_ami", "values": {"id": "ami-0aaaaaaaaaaaaaaaa", "owners": ["self"], "arn": "x"}},
    {"address": "aws_s3_bucket.b", "mode": "managed", "type": "aws_s3_bucket", "values": {"id": "b", "bucket": "b"}}]}}},
  "configuration": {"provider_config": {"aws": {"name": "aws", "expressions": {"region": {"constant_value": "us-east-1"}}}},
    "root_module": {"resources": [{"address": "aws_instance.web", "mode": "managed", "provider_config_key": "aws",
      "expressions": {"ami": {"references": ["data.aws_ami.a.id", "data.aws_ami.a"]}, "instance_type": {"constant_value": "t3.micro"},
                      "region": {"constant_value": "us-east-1"}, "name": {"constant_value": "n", "references": ["var.n"]}},
      "schema_version": 1, "depends_on": ["x"]}]}},
  "relevant_attributes": [{"resource": "aws_instance.web", "attribute": ["ami"]}],
  "checks": []
})";
  Document whole = load_json(text, "plan.json");
  Document doc = load_json(text, "plan.json", &kPruning);
  REQUIRE(whole.errors.empty());
  REQUIRE(doc.errors.empty());
  CHECK(doc.node_count() * 3 < whole.node_count() * 2);
  const Node* root = doc.root;
  CHECK(is_tf_plan(root));
  CHECK(root->get("resource_drift") == nullptr);
  CHECK(root->get("relevant_attributes") == nullptr);
  CHECK(root->get("checks") == nullptr);
  CHECK(at(root, "format_version").text == "1.2");

  const Node& pv = at(root, "planned_values");
  CHECK(pv.get("outputs") == nullptr);
  const Node& web = *at(&pv, "root_module").get("resources")->items[0];
  CHECK(at(&web, "address").text == "aws_instance.web");
  CHECK(slice(text, at(&web, "address").range) == "\"aws_instance.web\"");
  for (const char* gone : {"mode", "type", "name", "provider_name", "schema_version", "sensitive_values"})
    CHECK(web.get(gone) == nullptr);
  const Node& values = at(&web, "values");
  CHECK(at(&values, "ami").text == "ami-0123456789abcdef0");
  CHECK(slice(text, at(&values, "ami").range) == "\"ami-0123456789abcdef0\"");
  CHECK(at(&values, "id").text == "i-1");  // traced: a reference may read it
  CHECK(at(&values, "region").text == "us-east-1");
  CHECK(values.get("tags") == nullptr);
  CHECK(values.get("instance_type") == nullptr);
  const Node& child = *at(&pv, "root_module").get("child_modules")->items[0];
  const Node& lt = *at(&child, "resources").items[0];
  CHECK(at(&at(&lt, "values"), "image_id").text == "ami-0fedcba9876543210");
  CHECK(at(&lt, "values").get("name_prefix") == nullptr);

  const Node& change = *at(root, "resource_changes").items[0];
  CHECK(at(&change, "address").text == "aws_instance.web");
  CHECK(change.get("provider_name") == nullptr);
  const Node& body = at(&change, "change");
  CHECK(body.get("before") == nullptr);
  CHECK(body.get("after") == nullptr);    // planned_values came first
  CHECK(body.get("actions") == nullptr);  // read only without planned_values
  const Node& unknown = at(&body, "after_unknown");
  CHECK(unknown.entries.size() == 1);  // only what the adapter reads
  CHECK(at(&unknown, "ami").text == "false");

  const Node& state = *at(&at(&at(root, "prior_state"), "values"), "root_module").get("resources");
  REQUIRE(state.items.size() == 2);
  CHECK(at(&at(state.items[0], "values"), "id").text == "ami-0aaaaaaaaaaaaaaaa");
  CHECK(at(state.items[0], "values").get("owners") != nullptr);
  CHECK(at(state.items[0], "values").get("arn") == nullptr);
  CHECK(at(state.items[1], "mode").text == "managed");
  CHECK(state.items[1]->get("values") == nullptr);  // managed: not read

  const Node& conf = at(root, "configuration");
  CHECK(at(&at(&at(&conf, "provider_config"), "aws"), "name").text == "aws");
  const Node& cres = *at(&at(&conf, "root_module"), "resources").items[0];
  CHECK(at(&cres, "provider_config_key").text == "aws");
  CHECK(cres.get("depends_on") == nullptr);
  CHECK(cres.get("schema_version") == nullptr);
  const Node& exprs = at(&cres, "expressions");
  CHECK(at(&exprs, "ami").get("references")->items.size() == 2);
  CHECK(exprs.get("instance_type") == nullptr);
  CHECK(exprs.get("region") == nullptr);  // used, but only a constant: the planned value says it
  CHECK(at(&at(&exprs, "name"), "constant_value").text == "n");
  CHECK(exprs.entries.size() == 2);
}

TEST_CASE("an attribute the adapter reads of one resource type is kept for that type only", "[plan-pruning]") {
  // aws_instance has an ebs_block_device too: only aws_ami's is read (AMI024), so only
  // its is kept; the type comes from the address, module keys with dots included.
  const std::string text = R"({
  "format_version": "1.2",
  "planned_values": {"root_module": {
    "resources": [
      {"address": "aws_instance.web", "type": "aws_instance", "values": {"ami": "ami-0123456789abcdef0",
       "ebs_block_device": [{"device_name": "/dev/xvdb", "encrypted": false}]}},
      {"address": "aws_ami.golden", "type": "aws_ami", "values": {"name": "golden",
       "ebs_block_device": [{"device_name": "/dev/xvda", "encrypted": false}]}},
      {"values": {"ebs_block_device": []}, "address": "aws_instance.late"}],
    "child_modules": [{"address": "module.edge[\"eu.west\"]", "resources": [
      {"address": "module.edge[\"eu.west\"].aws_ami.x", "values": {"ebs_block_device": [{"device_name": "/dev/sdb"}]}},
      {"address": "module.edge[\"eu.west\"].aws_ebs_encryption_by_default.on", "values": {"enabled": true}},
      {"address": "module.edge[\"eu.west\"].aws_cloudwatch_event_rule.r", "values": {"enabled": true}}]}]}},
  "resource_changes": [
    {"address": "aws_instance.web", "change": {"actions": ["create"], "after": {"ebs_block_device": [{}]}}}]
})";
  const PlanPruning typed{keep_all_traced, tf_adapter_reads, tf_adapter_reads_of};
  Document doc = load_json(text, "plan.json", &typed);
  REQUIRE(doc.errors.empty());
  const Node* resources = at(doc.root, "planned_values").get("root_module")->get("resources");
  REQUIRE(resources->items.size() == 3);
  CHECK(resources->items[0]->get("values")->get("ami") != nullptr);
  CHECK(resources->items[0]->get("values")->get("ebs_block_device") == nullptr);
  CHECK(resources->items[1]->get("values")->get("ebs_block_device") != nullptr);
  CHECK(resources->items[2]->get("values")->get("ebs_block_device") != nullptr);  // address after values: kept
  const Node* child = at(doc.root, "planned_values").get("root_module")->get("child_modules")->items[0];
  const Node* in_module = child->get("resources");
  CHECK(in_module->items[0]->get("values")->get("ebs_block_device") != nullptr);
  CHECK(in_module->items[1]->get("values")->get("enabled") != nullptr);
  CHECK((in_module->items[2]->get("values") == nullptr || in_module->items[2]->get("values")->get("enabled") == nullptr));
  // Without the type filter, every resource's is kept.
  Document untyped = load_json(text, "plan.json", &kPruning);
  const Node* all = at(untyped.root, "planned_values").get("root_module")->get("resources");
  CHECK(all->items[0]->get("values")->get("ebs_block_device") != nullptr);
}

TEST_CASE("a change with nothing the reader uses is left out whole", "[plan-pruning]") {
  const std::string text = R"({"format_version": "1.2", "planned_values": {"root_module": {}}, "resource_changes": [
    {"address": "aws_instance.a", "change": {"actions": ["create"], "after_unknown": {"id": true, "arn": true}}},
    {"address": "aws_instance.b", "change": {"actions": ["create"], "after_unknown": {"ami": true}}},
    {"address": "aws_instance.c", "deposed": "abc", "change": {"actions": ["delete"], "after_unknown": {}}},
    {"address": "aws_instance.d", "change": {"actions": ["no-op"], "after_unknown": {"tags_all": {}}}}]})";
  Document doc = load_json(text, "plan.json", &kPruning);
  REQUIRE(doc.errors.empty());
  const Node& changes = at(doc.root, "resource_changes");
  REQUIRE(changes.items.size() == 2);
  CHECK(at(changes.items[0], "address").text == "aws_instance.b");
  CHECK(at(&at(&at(changes.items[0], "change"), "after_unknown"), "ami").text == "true");
  CHECK(at(changes.items[1], "address").text == "aws_instance.c");
  CHECK(at(changes.items[1], "deposed").text == "abc");
  CHECK(slice(text, changes.range) == slice(text, at(load_json(text, "plan.json").root, "resource_changes").range));
}

TEST_CASE("without planned_values, a change's after and actions are kept", "[plan-pruning]") {
  const std::string text = R"({"format_version": "1.0", "resource_changes": [
    {"address": "aws_instance.a", "change": {"actions": ["create"], "before": {"ami": "x"},
     "after": {"ami": "ami-0123456789abcdef0", "user_data": "long"}, "after_unknown": {}}}]})";
  Document doc = load_json(text, "plan.json", &kPruning);
  REQUIRE(doc.errors.empty());
  const Node& body = at(at(doc.root, "resource_changes").items[0], "change");
  CHECK(at(&body, "actions").items.size() == 1);
  CHECK(at(&at(&body, "after"), "ami").text == "ami-0123456789abcdef0");
  CHECK(at(&body, "after").get("user_data") == nullptr);
  CHECK(body.get("before") == nullptr);
}

TEST_CASE("pruning leaves other JSON alone and still reports syntax errors where they are", "[plan-pruning]") {
  const std::string cfn = R"({"AWSTemplateFormatVersion": "2010-09-09", "Resources": {"I": {"Type": "AWS::EC2::Instance",
    "Properties": {"ImageId": "ami-0123456789abcdef0", "Tags": [{"Key": "a", "Value": "b\u00e9"}]}}}})";
  Document a = load_json(cfn, "t.json"), b = load_json(cfn, "t.json", &kPruning);
  CHECK(a.node_count() == b.node_count());
  CHECK(at(&at(&at(&at(b.root, "Resources"), "I"), "Properties"), "ImageId").text == "ami-0123456789abcdef0");

  // a syntax error inside a part that is left out: the same error, at the same byte
  const std::string broken = R"({"format_version": "1.0", "planned_values": {"root_module": {}},
    "resource_drift": [{"address": "x", "change": {"before": {"a": [1, 2,]}}}]})";
  Document w = load_json(broken, "plan.json"), p = load_json(broken, "plan.json", &kPruning);
  REQUIRE(w.errors.size() == 1);
  REQUIRE(p.errors.size() == 1);
  CHECK(p.errors[0].offset == w.errors[0].offset);
  CHECK(p.errors[0].message == w.errors[0].message);
  CHECK(p.root == nullptr);

  // escaped strings are unescaped (a copy); plain ones view the text
  const std::string esc = R"({"format_version": "1", "planned_values": {"root_module": {"resources": [
    {"address": "aws_instance.\u0061", "values": {"ami": "ami-0123456789abcdef0", "name": "caf\u00e9 \"x\""}}]}}})";
  Document e = load_json(esc, "plan.json", &kPruning);
  REQUIRE(e.errors.empty());
  const Node& res = *at(&at(&at(e.root, "planned_values"), "root_module"), "resources").items[0];
  CHECK(at(&res, "address").text == "aws_instance.a");
  CHECK(slice(esc, at(&res, "address").range) == "\"aws_instance.\\u0061\"");
  CHECK(at(&at(&res, "values"), "name").text == "caf\xc3\xa9 \"x\"");
  const Text ami = at(&at(&res, "values"), "ami").text;
  CHECK(ami == "ami-0123456789abcdef0");
  CHECK((ami.data() > esc.data() && ami.data() < esc.data() + esc.size()));
}

TEST_CASE("constant expressions left out of a long expressions object keep its duplicate keys exact", "[plan-pruning]") {
  // more than 16 attributes kept: the loader indexes the keys of this mapping; then
  // constant ones come and go, and keys after them reuse their places
  std::string exprs;
  for (const char* a : {"account_id", "allow_unsafe_filter", "ami_id", "content", "custom_ami_id", "data_type",
                        "encrypted", "group", "image_id", "include_deprecated", "kms_key_id", "most_recent", "name",
                        "name_regex", "region", "state", "type"})
    exprs += std::string("\"") + a + "\": {\"references\": [\"var.x\"]}, ";
  for (const char* a : {"value", "owners", "parent_image", "setting"})
    exprs += std::string("\"") + a + "\": {\"constant_value\": 1}, ";
  const std::string text = R"({"format_version": "1.2", "planned_values": {"root_module": {}},
  "configuration": {"root_module": {"resources": [{"address": "aws_instance.a", "expressions": {)" + exprs +
                           R"("ami": {"references": ["var.a"]}, "source_ami_id": {"references": ["var.b"]},
     "source_ami_region": {"references": ["var.b"]}, "ami": {"references": ["var.c"]}}}]}}})";
  Document whole = load_json(text, "plan.json");
  Document doc = load_json(text, "plan.json", &kPruning);
  REQUIRE(whole.errors.size() == 1);
  REQUIRE(doc.errors.size() == 1);
  CHECK(doc.errors[0].message.rfind("duplicate key 'ami'", 0) == 0);
  CHECK(doc.errors[0].offset == text.rfind("\"ami\""));
  CHECK(doc.errors[0].offset == whole.errors[0].offset);
  const Node& r = *at(&at(&at(doc.root, "configuration"), "root_module"), "resources").items[0];
  const Node& e = at(&r, "expressions");
  CHECK(e.entries.size() == 21);  // 17 + ami, source_ami_id, source_ami_region, ami: no constant left
  CHECK(e.get("value") == nullptr);
  CHECK(at(&e, "source_ami_region").get("references") != nullptr);
}
