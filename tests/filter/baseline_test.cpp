// Baselines: distinct fingerprints, the baseline document, applying it (fixed
// entries), and `--write-baseline` / `--baseline` end to end with the real binary.
#include <sys/wait.h>
#include <unistd.h>

#include <catch2/catch.hpp>

#include "tests/test_util.h"
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <set>
#include <string>

#include "linter/filter/baseline.h"

namespace fs = std::filesystem;
using namespace amilint;

namespace {

using amilint_test::Run;
using amilint_test::run_amilint;
using amilint_test::TempDir;

Finding make(const std::string& rule, const std::string& file, int line, const std::string& path,
             const std::string& value) {
  Finding f;
  f.rule = rule;
  f.file = file;
  f.line = line;
  f.column = 3;
  f.path = path;
  f.value = value;
  f.message = "message for " + value;
  f.fingerprint = fingerprint_of(rule, file, path, value);
  return f;
}

std::set<std::string> fingerprints(const std::vector<Finding>& fs) {
  std::set<std::string> out;
  for (const auto& f : fs) out.insert(f.fingerprint);
  return out;
}



std::string instance(const std::string& name, const std::string& ami) {
  return "  " + name + ":\n    Type: AWS::EC2::Instance\n    Properties:\n      ImageId: " + ami + "\n";
}

std::string stack(const std::string& resources) {
  return "AWSTemplateFormatVersion: '2010-09-09'\nResources:\n" + resources;
}

const std::string kWeb = instance("Web", "ami-0abcdef1234567890");
const std::string kDb = instance("Db", "ami-0abcdef1234567891");

}  // namespace

TEST_CASE("findings that share a fingerprint get distinct ones, deterministically", "[baseline]") {
  std::vector<Finding> fs = {
      make("AMI002", "a.yaml", 9, "Resources/Web/Properties/ImageId", "ami-1"),
      make("AMI002", "a.yaml", 4, "Resources/Web/Properties/ImageId", "ami-1"),
      make("AMI002", "b.yaml", 4, "Resources/Web/Properties/ImageId", "ami-1"),
  };
  std::string original = fs[1].fingerprint;
  make_fingerprints_unique(fs);
  CHECK(fingerprints(fs).size() == 3);
  CHECK(fs[1].fingerprint == original);  // the first by position keeps its fingerprint
  CHECK(fs[0].fingerprint != original);
  CHECK(fs[2].fingerprint == fingerprint_of("AMI002", "b.yaml", "Resources/Web/Properties/ImageId", "ami-1"));
  // Moving both lines keeps the set of fingerprints.
  std::vector<Finding> moved = {
      make("AMI002", "a.yaml", 19, "Resources/Web/Properties/ImageId", "ami-1"),
      make("AMI002", "a.yaml", 14, "Resources/Web/Properties/ImageId", "ami-1"),
      make("AMI002", "b.yaml", 4, "Resources/Web/Properties/ImageId", "ami-1"),
  };
  make_fingerprints_unique(moved);
  CHECK(fingerprints(moved) == fingerprints(fs));
}

TEST_CASE("a baseline counts findings with a shared fingerprint one by one", "[baseline]") {
  auto three = [] {
    std::vector<Finding> fs;
    for (int line : {4, 8, 12}) fs.push_back(make("AMI002", "a.yaml", line, "Resources/Web/Properties/ImageId", "ami-1"));
    make_fingerprints_unique(fs);
    return fs;
  };
  std::vector<Finding> two = three();
  two.pop_back();
  Baseline b;
  std::string why;
  REQUIRE(parse_baseline(baseline_json(two), b, why));
  REQUIRE(b.entries.size() == 2);
  std::vector<Finding> now = three();
  BaselineResult r = apply_baseline(now, b);
  CHECK(r.baselined == 2);
  CHECK(r.fixed == 0);
  REQUIRE(now.size() == 1);
  CHECK(now[0].line == 12);
}

TEST_CASE("the baseline document is sorted and round trips", "[baseline]") {
  std::vector<Finding> fs = {
      make("AMI010", "b.yaml", 3, "Resources/B/Properties/ImageId", "ami-2"),
      make("AMI002", "b.yaml", 9, "Resources/A/Properties/ImageId", "ami-1"),
      make("AMI002", "a.yaml", 5, "Resources/Z/Properties/ImageId", "ami-3"),
  };
  fs[0].message = std::string(200, 'x');
  std::string text = baseline_json(fs);
  auto doc = nlohmann::json::parse(text);
  CHECK(doc["version"] == kBaselineVersion);
  REQUIRE(doc["findings"].size() == 3);
  CHECK(doc["findings"][0]["file"] == repository_file_name("a.yaml"));  // relative to the repository root
  CHECK(doc["findings"][1]["rule"] == "AMI002");
  CHECK(doc["findings"][1]["path"] == "Resources/A/Properties/ImageId");
  CHECK(doc["findings"][2]["rule"] == "AMI010");
  for (const char* key : {"rule", "file", "path", "fingerprint", "message"})
    CHECK(doc["findings"][0].contains(key));
  CHECK(doc["findings"][2]["message"].get<std::string>().size() < 200);  // short, for humans
  Baseline b;
  std::string why;
  REQUIRE(parse_baseline(text, b, why));
  CHECK(b.entries[0].fingerprint == fs[2].fingerprint);
  CHECK(b.entries[0].path == "Resources/Z/Properties/ImageId");
}

TEST_CASE("malformed baselines are rejected with a reason", "[baseline]") {
  Baseline b;
  std::string why;
  CHECK_FALSE(parse_baseline("{", b, why));
  CHECK(why == "not valid JSON");
  CHECK_FALSE(parse_baseline("[]", b, why));
  CHECK(why.find("not an amilint baseline") == 0);
  CHECK_FALSE(parse_baseline("{\"findings\": []}", b, why));
  CHECK(why.find("no \"version\"") == 0);
  CHECK_FALSE(parse_baseline("{\"version\": 7, \"findings\": []}", b, why));
  CHECK(why.find("unsupported baseline version 7") == 0);
  CHECK_FALSE(parse_baseline("{\"version\": 1}", b, why));
  CHECK(why == "no \"findings\" array");
  CHECK_FALSE(parse_baseline("{\"version\": 1, \"findings\": [{\"rule\": \"AMI002\"}]}", b, why));
  CHECK(why.find("findings[0]") == 0);
  CHECK_FALSE(parse_baseline("{\"version\": 1, \"findings\": [{\"fingerprint\": 12}]}", b, why));
  CHECK(parse_baseline("{\"version\": 1, \"findings\": []}", b, why));
  CHECK_FALSE(load_baseline("/nonexistent/baseline.json", b, why));
  CHECK(why.find("cannot read baseline /nonexistent/baseline.json") == 0);
}

TEST_CASE("fixed entries count only for files that were looked at", "[baseline]") {
  Baseline b;
  b.entries = {{"AMI002", "a.yaml", "p", "f1", ""}, {"AMI002", "b.yaml", "p", "f2", ""}, {"AMI002", "a.yaml", "q", "f3", ""}};
  std::vector<Finding> fs = {make("AMI002", "a.yaml", 1, "p", "v")};
  fs[0].fingerprint = "f1";
  BaselineResult all = apply_baseline(fs, b);
  CHECK(all.baselined == 1);
  CHECK(all.fixed == 2);
  std::vector<Finding> again = {make("AMI002", "a.yaml", 1, "p", "v")};
  again[0].fingerprint = "f1";
  BaselineResult some = apply_baseline(again, b, [](const std::string& f) { return f == "a.yaml"; });
  CHECK(some.fixed == 1);
  REQUIRE(some.fixed_entries.size() == 1);
  CHECK(some.fixed_entries[0].fingerprint == "f3");
}

TEST_CASE("a finding identified by its slot keeps its fingerprint when the value changes", "[baseline]") {
  Finding slot = make("AMI002", "a.yaml", 4, "Resources/Web/Properties/ImageId", "ami-0abcdef1234567890");
  Finding bumped = make("AMI002", "a.yaml", 4, "Resources/Web/Properties/ImageId", "ami-0abcdef1234567891");
  slot.identity = bumped.identity = Identity::Slot;
  set_fingerprints(slot);
  set_fingerprints(bumped);
  CHECK(slot.fingerprint == bumped.fingerprint);
  CHECK(slot.legacy_fingerprint != bumped.legacy_fingerprint);
  // The legacy fingerprint is the one baselines version 1 hold: rule, file, path, value.
  CHECK(slot.legacy_fingerprint == fingerprint_of("AMI002", "a.yaml", "Resources/Web/Properties/ImageId",
                                                  "ami-0abcdef1234567890"));
  // Identified by slot and value: a new value is a new finding, and both schemes agree.
  Finding account = make("AMI031", "a.tf", 9, "resource.aws_ami_launch_permission.x.account_id", "123456789012");
  Finding other = make("AMI031", "a.tf", 9, "resource.aws_ami_launch_permission.x.account_id", "210987654321");
  set_fingerprints(account);
  set_fingerprints(other);
  CHECK(account.fingerprint != other.fingerprint);
  CHECK(account.fingerprint == account.legacy_fingerprint);
  // Two slot-identified findings at one path still get distinct fingerprints, and
  // their legacy ones stay what version 1 gave them.
  std::vector<Finding> two = {slot, make("AMI002", "a.yaml", 4, "Resources/Web/Properties/ImageId", "ami-0abcdef1234567891")};
  two[1].column = 30;
  two[1].identity = Identity::Slot;
  set_fingerprints(two[1]);
  REQUIRE(two[0].fingerprint == two[1].fingerprint);
  make_fingerprints_unique(two);
  CHECK(two[0].fingerprint != two[1].fingerprint);
  CHECK(two[0].legacy_fingerprint == slot.legacy_fingerprint);
  CHECK(two[1].legacy_fingerprint == bumped.legacy_fingerprint);
}

TEST_CASE("a baseline matches a finding by its fingerprint or its legacy one, each entry once", "[baseline]") {
  auto finding = [](const std::string& fp, const std::string& legacy) {
    Finding f = make("AMI002", "a.yaml", 1, "p", "v");
    f.fingerprint = fp;
    f.legacy_fingerprint = legacy;
    return f;
  };
  Baseline b;
  b.entries = {{"AMI002", "a.yaml", "p", "new1", ""}, {"AMI002", "a.yaml", "p", "old2", ""},
               {"AMI002", "a.yaml", "p", "gone", ""}};
  // The second finding's legacy fingerprint names the entry the first one's own
  // fingerprint names: the own fingerprint wins, whatever the order.
  std::vector<Finding> fs = {finding("x", "new1"), finding("new1", "y"), finding("z", "old2")};
  BaselineResult r = apply_baseline(fs, b);
  CHECK(r.baselined == 2);
  REQUIRE(fs.size() == 1);
  CHECK(fs[0].fingerprint == "x");
  CHECK(r.fixed == 1);  // "gone" only: entries matched by a legacy fingerprint are not fixed
  REQUIRE(r.fixed_entries.size() == 1);
  CHECK(r.fixed_entries[0].fingerprint == "gone");
}

// ---- the command line ----

TEST_CASE("write baseline then read it back, a moved line stays baselined", "[baseline][cli]") {
  TempDir d;
  d.write("stack.yaml", stack(kWeb + kDb));
  Run w = run_amilint("--write-baseline base.json stack.yaml", d.path);
  CHECK(w.code == 0);  // the findings just written are accepted
  CHECK(w.out.empty());
  CHECK(w.err.find("amilint: wrote 2 findings to baseline base.json") != std::string::npos);
  auto doc = nlohmann::json::parse(d.read("base.json"));
  CHECK(doc["version"] == 2);
  REQUIRE(doc["findings"].size() == 2);
  CHECK(doc["findings"][0]["path"] == "Resources/Db/Properties/ImageId");  // sorted by file, rule, path
  CHECK(doc["findings"][0]["file"] == "stack.yaml");
  CHECK(doc["findings"][0]["rule"] == "AMI002");

  // Lines move, and a new finding appears.
  d.write("stack.yaml", "# a header comment\n\n" + stack(instance("New", "ami-0abcdef1234567892") + kDb + kWeb));
  Run r = run_amilint("--baseline base.json stack.yaml", d.path);
  CHECK(r.code == 1);
  CHECK(r.out.find("ami-0abcdef1234567892") != std::string::npos);
  CHECK(r.out.find("ami-0abcdef1234567890") == std::string::npos);
  CHECK(r.out.find("ami-0abcdef1234567891") == std::string::npos);
  CHECK(r.err.find("0 errors, 1 warning, 0 infos in 1 template (1 file checked, 2 baselined)") != std::string::npos);
  Run j = run_amilint("--format json --baseline base.json stack.yaml", d.path);
  auto out = nlohmann::json::parse(j.out);
  CHECK(out["findings"].size() == 1);
  CHECK(out["summary"]["baselined"] == 2);
  CHECK(out["summary"]["fixed"] == 0);
}

TEST_CASE("a baseline entry that matches nothing is counted as fixed", "[baseline][cli]") {
  TempDir d;
  d.write("stack.yaml", stack(kWeb + kDb));
  d.write("other.yaml", stack(kWeb));
  REQUIRE(run_amilint("--write-baseline base.json stack.yaml other.yaml", d.path).code == 0);
  d.write("stack.yaml", stack(kWeb));  // Db fixed
  Run j = run_amilint("--format json --baseline base.json stack.yaml other.yaml", d.path);
  CHECK(j.code == 0);
  auto out = nlohmann::json::parse(j.out);
  CHECK(out["findings"].empty());
  CHECK(out["summary"]["baselined"] == 2);
  CHECK(out["summary"]["fixed"] == 1);
  Run t = run_amilint("--baseline base.json --verbose stack.yaml other.yaml", d.path);
  CHECK(t.err.find("(2 files checked, 2 baselined, 1 fixed)") != std::string::npos);
  CHECK(t.err.find("baseline entry fixed: stack.yaml: AMI002 Resources/Db/Properties/ImageId") != std::string::npos);
  // Linting one file (a pre-commit hook) does not call the other file's entries fixed.
  Run one = run_amilint("--format json --baseline base.json other.yaml", d.path);
  CHECK(nlohmann::json::parse(one.out)["summary"]["baselined"] == 1);
  CHECK(nlohmann::json::parse(one.out)["summary"]["fixed"] == 0);
  // A deleted file's entries are fixed when a linted path covers it, not when only
  // another file is linted.
  fs::remove(d.path / "stack.yaml");
  Run gone = run_amilint("--format json --baseline base.json other.yaml", d.path);
  CHECK(nlohmann::json::parse(gone.out)["summary"]["fixed"] == 0);
  Run all = run_amilint("--format json --baseline base.json .", d.path);
  CHECK(nlohmann::json::parse(all.out)["summary"]["fixed"] == 2);
}

TEST_CASE("same named resources in different files do not share a fingerprint", "[baseline][cli]") {
  TempDir d;
  d.write("a/stack.yaml", stack(kWeb));
  d.write("b/stack.yaml", stack(kWeb));
  REQUIRE(run_amilint("--write-baseline base.json a/stack.yaml", d.path).code == 0);
  Run r = run_amilint("--format json --baseline base.json a/stack.yaml b/stack.yaml", d.path);
  CHECK(r.code == 1);
  auto out = nlohmann::json::parse(r.out);
  REQUIRE(out["findings"].size() == 1);
  CHECK(out["findings"][0]["file"] == "b/stack.yaml");
  CHECK(out["summary"]["baselined"] == 1);
  REQUIRE(run_amilint("--write-baseline both.json a/stack.yaml b/stack.yaml", d.path).code == 0);
  auto both = nlohmann::json::parse(d.read("both.json"));
  REQUIRE(both["findings"].size() == 2);
  CHECK(both["findings"][0]["path"] == both["findings"][1]["path"]);
  CHECK(both["findings"][0]["fingerprint"] != both["findings"][1]["fingerprint"]);
}

TEST_CASE("suppressions apply before the baseline is written", "[baseline][cli]") {
  TempDir d;
  d.write("stack.yaml", stack(kDb + "  Web:\n    Type: AWS::EC2::Instance\n    Properties:\n"
                                     "      # amilint:ignore AMI002 reason=\"pinned\"\n"
                                     "      ImageId: ami-0abcdef1234567890\n"));
  Run w = run_amilint("--write-baseline base.json stack.yaml", d.path);
  CHECK(w.err.find("1 suppressed, 1 baselined") != std::string::npos);
  auto doc = nlohmann::json::parse(d.read("base.json"));
  REQUIRE(doc["findings"].size() == 1);
  CHECK(doc["findings"][0]["path"] == "Resources/Db/Properties/ImageId");
}

TEST_CASE("a missing or malformed baseline is a usage error", "[baseline][cli]") {
  TempDir d;
  d.write("stack.yaml", stack(kWeb));
  Run missing = run_amilint("--baseline nope.json stack.yaml", d.path);
  CHECK(missing.code == 2);
  CHECK(missing.out.empty());
  CHECK(missing.err.find("amilint: error: cannot read baseline nope.json") != std::string::npos);
  d.write("bad.json", "{\"version\": 1, \"findings\": [");
  Run bad = run_amilint("--baseline bad.json stack.yaml", d.path);
  CHECK(bad.code == 2);
  CHECK(bad.out.empty());
  CHECK(bad.err.find("amilint: error: baseline bad.json is malformed: not valid JSON") != std::string::npos);
  d.write("report.json", "{\"version\": \"0.1.0\", \"findings\": [], \"summary\": {}}");  // a report, not a baseline
  Run report = run_amilint("--baseline report.json stack.yaml", d.path);
  CHECK(report.code == 2);
  CHECK(report.err.find("baseline report.json is malformed") != std::string::npos);
}

// ---- what a fingerprint is about ----

namespace {

std::string replace_all(std::string s, const std::string& from, const std::string& to) {
  for (size_t at = s.find(from); at != std::string::npos; at = s.find(from, at + to.size())) s.replace(at, from.size(), to);
  return s;
}

// tests/filter/baseline_v1: a CloudFormation stack and a Terraform module, and the
// baseline the version before fingerprints knew identities (baseline version 1)
// wrote for them with `--trusted-account 111122223333 --write-baseline baseline.json .`
// in a repository that held just these files.
void copy_v1_fixture(const TempDir& d) {
  fs::copy(fs::path(AMILINT_SOURCE_DIR) / "tests" / "filter" / "baseline_v1", d.path, fs::copy_options::recursive);
}

nlohmann::json summary_of(const Run& r) { return nlohmann::json::parse(r.out)["summary"]; }

std::set<std::string> rules_of(const Run& r) {
  std::set<std::string> out;
  const auto doc = nlohmann::json::parse(r.out);
  for (const auto& f : doc["findings"]) out.insert(f["rule"].get<std::string>());
  return out;
}

}  // namespace

TEST_CASE("a baseline written by the previous version still hides the same findings", "[baseline][cli]") {
  TempDir d(true);
  copy_v1_fixture(d);
  auto doc = nlohmann::json::parse(d.read("baseline.json"));
  REQUIRE(doc["version"] == 1);
  REQUIRE(doc["findings"].size() == 10);
  const std::string args = "--format json --trusted-account 111122223333 ";
  Run plain = run_amilint(args + ".", d.path);
  REQUIRE(nlohmann::json::parse(plain.out)["findings"].size() == 10);  // what the baseline hides
  Run r = run_amilint(args + "--baseline baseline.json .", d.path);
  CHECK(r.code == 0);
  CHECK(nlohmann::json::parse(r.out)["findings"].empty());
  CHECK(summary_of(r)["baselined"] == 10);
  CHECK(summary_of(r)["fixed"] == 0);
  // From a subdirectory: its file's findings are hidden; the other's entries are not fixed.
  Run sub = run_amilint(args + "--baseline ../baseline.json .", d.path / "stacks");
  CHECK(sub.code == 0);
  CHECK(summary_of(sub)["baselined"] == 6);
  CHECK(summary_of(sub)["fixed"] == 0);
  // Rewritten, it holds this version's fingerprints and hides the same findings.
  REQUIRE(run_amilint(args + "--baseline baseline.json --write-baseline v2.json .", d.path).code == 0);
  auto v2 = nlohmann::json::parse(d.read("v2.json"));
  CHECK(v2["version"] == 2);
  CHECK(v2["findings"].size() == 10);
  CHECK(v2["findings"] != doc["findings"]);  // the AMI002, AMI003 and AMI040 fingerprints changed
  Run again = run_amilint(args + "--baseline v2.json .", d.path);
  CHECK(nlohmann::json::parse(again.out)["findings"].empty());
  CHECK(summary_of(again)["baselined"] == 10);
  CHECK(summary_of(again)["fixed"] == 0);
}

TEST_CASE("a bumped hard-coded AMI stays baselined, a new malformed ID or untrusted account does not", "[baseline][cli]") {
  TempDir d(true);
  copy_v1_fixture(d);
  const std::string args = "--format json --trusted-account 111122223333 ";
  REQUIRE(run_amilint(args + "--write-baseline base.json .", d.path).code == 0);
  std::string web = d.read("stacks/web.yaml"), tf = d.read("net/main.tf");
  // Both AMIs of Web bumped, and Twin's pair: AMI002 still baselined.
  d.write("stacks/web.yaml", replace_all(replace_all(web, "ami-0abcdef1234567890", "ami-0fedcba9876543210"),
                                         "ami-0abcdef1234567892", "ami-0abcdef1234567899"));
  Run bumped = run_amilint(args + "--baseline base.json .", d.path);
  CHECK(bumped.code == 0);
  CHECK(nlohmann::json::parse(bumped.out)["findings"].empty());
  CHECK(summary_of(bumped)["baselined"] == 10);
  CHECK(summary_of(bumped)["fixed"] == 0);
  // A new malformed ID is a new AMI001; the old one's entry is fixed.
  d.write("stacks/web.yaml", replace_all(web, "ami-12345", "ami-123456"));
  Run malformed = run_amilint(args + "--baseline base.json .", d.path);
  CHECK(malformed.code == 1);
  CHECK(rules_of(malformed) == std::set<std::string>{"AMI001"});
  CHECK(summary_of(malformed)["fixed"] == 1);
  d.write("stacks/web.yaml", web);
  // A new untrusted account is a new AMI031, and a new region typo a new AMI013.
  d.write("net/main.tf", replace_all(replace_all(tf, "123456789012", "210987654321"), "us-east-3", "us-east-4"));
  Run account = run_amilint(args + "--baseline base.json .", d.path);
  CHECK(account.code == 1);
  CHECK(rules_of(account) == std::set<std::string>{"AMI013", "AMI031"});
  CHECK(nlohmann::json::parse(account.out)["findings"].size() == 2);
  CHECK(summary_of(account)["fixed"] == 2);
}

TEST_CASE("fixed counts only entries of files the run linted, from any directory", "[baseline][cli]") {
  TempDir d(true);
  d.write("top.yaml", stack(kWeb));
  d.write("sub/a.yaml", stack(kWeb + kDb));
  d.write("sub/b.yaml", stack(kDb));
  REQUIRE(run_amilint("--write-baseline base.json .", d.path).code == 0);
  auto doc = nlohmann::json::parse(d.read("base.json"));
  REQUIRE(doc["findings"].size() == 4);
  CHECK(doc["findings"][0]["file"] == "sub/a.yaml");  // repository-relative, sorted
  CHECK(doc["findings"][3]["file"] == "top.yaml");
  const fs::path sub = d.path / "sub";
  auto check = [&](const std::string& args, const fs::path& dir, int baselined, int fixed) {
    Run r = run_amilint("--format json " + args, dir);
    INFO(args << " in " << dir << ": " << r.err);
    CHECK(summary_of(r)["baselined"] == baselined);
    CHECK(summary_of(r)["fixed"] == fixed);
  };
  check("--baseline base.json .", d.path, 4, 0);
  check("--baseline ../base.json .", sub, 3, 0);  // top.yaml was not linted: not fixed
  check("--baseline ../base.json a.yaml", sub, 2, 0);
  // A file written in the subdirectory is the same file for the baseline.
  REQUIRE(run_amilint("--write-baseline ../sub.json .", sub).code == 0);
  auto from_sub = nlohmann::json::parse(d.read("sub.json"));
  REQUIRE(from_sub["findings"].size() == 3);
  CHECK(from_sub["findings"][0]["file"] == "sub/a.yaml");
  check("--baseline sub.json sub", d.path, 3, 0);
  check("--baseline sub.json .", d.path, 3, 0);  // top.yaml's finding is new, not hidden
  // A fix in top.yaml is seen from the root, not from the subdirectory.
  d.write("top.yaml", stack(""));
  check("--baseline ../base.json .", sub, 3, 0);
  check("--baseline base.json .", d.path, 3, 1);
  // A deleted file's entries are fixed when a linted path covers it.
  fs::remove(sub / "b.yaml");
  check("--baseline ../base.json .", sub, 2, 1);
  check("--baseline ../base.json a.yaml", sub, 2, 0);
  check("--baseline base.json sub", d.path, 2, 1);
  check("--baseline base.json top.yaml", d.path, 0, 1);
  check("--baseline base.json .", d.path, 2, 2);
}
