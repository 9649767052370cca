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
  CHECK(doc["findings"][0]["file"] == "a.yaml");
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

// ---- the command line ----

TEST_CASE("write baseline then read it back, a moved line stays baselined", "[baseline][cli]") {
  TempDir d;
  d.write("stack.yaml", stack(kWeb + kDb));
  Run w = run_amilint("--write-baseline base.json stack.yaml", d.path);
  CHECK(w.code == 0);  // the findings just written are accepted
  CHECK(w.out.empty());
  CHECK(w.err.find("amilint: wrote 2 findings to baseline base.json") != std::string::npos);
  auto doc = nlohmann::json::parse(d.read("base.json"));
  CHECK(doc["version"] == 1);
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
  // A deleted file's entries are fixed.
  fs::remove(d.path / "stack.yaml");
  Run gone = run_amilint("--format json --baseline base.json other.yaml", d.path);
  CHECK(nlohmann::json::parse(gone.out)["summary"]["fixed"] == 2);
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
