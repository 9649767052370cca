// Runs the real amilint binary: exit codes, output formats, flags, discovery.
#include <sys/stat.h>
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

namespace fs = std::filesystem;

namespace {

using amilint_test::Run;
using amilint_test::run_amilint;
inline Run amilint(const std::string& args, const fs::path& dir) { return run_amilint(args, dir); }
using amilint_test::TempDir;



const char* kBad =
    "AWSTemplateFormatVersion: '2010-09-09'\n"
    "Resources:\n"
    "  Web:\n"
    "    Type: AWS::EC2::Instance\n"
    "    Properties:\n"
    "      ImageId: ami-0abcdef1234567890\n";

const char* kGood =
    "AWSTemplateFormatVersion: '2010-09-09'\n"
    "Resources:\n"
    "  Web:\n"
    "    Type: AWS::EC2::Instance\n"
    "    Properties:\n"
    "      ImageId: '{{resolve:ssm:/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-x86_64}}'\n";

const char* kMalformed =
    "AWSTemplateFormatVersion: '2010-09-09'\n"
    "Resources:\n"
    "  Web:\n"
    "    Type: AWS::EC2::Instance\n"
    "    Properties:\n"
    "      ImageId: ami-12345\n";

}  // namespace

TEST_CASE("text output: file:line:col: severity: message [CODE name], summary on stderr", "[cli]") {
  TempDir d;
  d.write("stack.yaml", kBad);
  Run r = amilint("stack.yaml", d.path);
  CHECK(r.code == 1);
  CHECK(r.out.rfind("stack.yaml:6:16: warning: hard-coded AMI ID 'ami-0abcdef1234567890'", 0) == 0);
  CHECK(r.out.find("[AMI002 hardcoded-ami-id]\n") != std::string::npos);
  CHECK(r.err.find("amilint: 0 errors, 1 warning, 0 infos in 1 template (1 file checked)") != std::string::npos);
}

TEST_CASE("exit codes follow --fail-on", "[cli]") {
  TempDir d;
  d.write("warn.yaml", kBad);
  d.write("good.yaml", kGood);
  d.write("err.yaml", kMalformed);
  CHECK(amilint("good.yaml", d.path).code == 0);
  CHECK(amilint("warn.yaml", d.path).code == 1);                      // default: warning
  CHECK(amilint("warn.yaml --fail-on error", d.path).code == 0);
  CHECK(amilint("err.yaml --fail-on error", d.path).code == 1);
  CHECK(amilint("err.yaml --fail-on never", d.path).code == 0);
  CHECK(amilint("warn.yaml --fail-on info", d.path).code == 1);
  CHECK(amilint("warn.yaml --fail-on sometimes", d.path).code == 2);
  CHECK(amilint("--no-such-flag", d.path).code == 2);
  CHECK(amilint("missing-dir", d.path).code == 2);
}

TEST_CASE("json output is the documented document", "[cli]") {
  TempDir d;
  d.write("a/stack.yaml", kBad);
  d.write("b/err.yaml", kMalformed);
  d.write("b/notes.yaml", "name: not a template\nitems: [1, 2]\n");
  Run r = amilint("--format json .", d.path);
  REQUIRE(r.code == 1);
  auto j = nlohmann::json::parse(r.out);
  CHECK(j["version"].is_string());
  REQUIRE(j["findings"].size() == 2);
  auto f = j["findings"][0];
  CHECK(f["rule"] == "AMI002");
  CHECK(f["name"] == "hardcoded-ami-id");
  CHECK(f["severity"] == "warning");
  CHECK(f["file"] == "a/stack.yaml");
  CHECK(f["line"] == 6);
  CHECK(f["column"] == 16);
  CHECK(f["end_line"] == 6);
  CHECK(f["end_column"] == 37);
  CHECK(f["path"] == "Resources/Web/Properties/ImageId");
  CHECK(f["fingerprint"].get<std::string>().size() == 16);
  CHECK(j["findings"][1]["rule"] == "AMI001");
  CHECK(j["findings"][1]["file"] == "b/err.yaml");
  auto s = j["summary"];
  CHECK(s["files"] == 3);
  CHECK(s["templates"] == 2);
  CHECK(s["errors"] == 1);
  CHECK(s["warnings"] == 1);
  CHECK(s["infos"] == 0);
  CHECK(s["suppressed"] == 0);
  CHECK(s["baselined"] == 0);
  // the document keeps its key order
  CHECK(r.out.find("\"version\"") < r.out.find("\"findings\""));
  CHECK(r.out.find("\"findings\"") < r.out.find("\"summary\""));
}

TEST_CASE("fingerprints survive line moves and differ across files", "[cli]") {
  TempDir d;
  d.write("one.yaml", kBad);
  d.write("two.yaml", std::string("# moved down\n\n") + kBad);
  auto fp = [&](const char* file) {
    auto j = nlohmann::json::parse(amilint(std::string("--format json ") + file, d.path).out);
    return j["findings"][0]["fingerprint"].get<std::string>();
  };
  d.write("three.yaml", kBad);
  std::string one = fp("one.yaml");
  d.write("one.yaml", std::string("# moved down\n\n\n") + kBad);
  CHECK(fp("one.yaml") == one);
  CHECK(fp("three.yaml") != one);
}

TEST_CASE("declared regions pin the template and unknown regions are usage errors", "[cli]") {
  TempDir d;
  d.write("stack.yaml", kBad);
  CHECK(amilint("stack.yaml --region us-east-1", d.path).code == 0);
  CHECK(amilint("stack.yaml --region us-east-1 --region us-west-2", d.path).code == 1);
  Run r = amilint("stack.yaml --region us-east-3", d.path);
  CHECK(r.code == 2);
  CHECK(r.err.find("unknown region 'us-east-3' in --region (did you mean 'us-east-1'?)") != std::string::npos);
  CHECK(r.out.empty());
}

TEST_CASE("rule selection flags take codes or names", "[cli]") {
  TempDir d;
  d.write("stack.yaml",
          std::string(kBad) + "  Other:\n    Type: AWS::EC2::Instance\n    Properties:\n      ImageId: !GetAtt X.Y\n");
  CHECK(amilint("stack.yaml --ignore AMI002", d.path).code == 0);
  CHECK(amilint("stack.yaml --ignore hardcoded-ami-id", d.path).code == 0);
  CHECK(amilint("stack.yaml --select AMI001", d.path).code == 0);
  Run on = amilint("stack.yaml --enable AMI009 --fail-on info", d.path);
  CHECK(on.out.find("[AMI009 unresolved-ami-source]") != std::string::npos);
  CHECK(amilint("stack.yaml --select AMI009", d.path).out.find("AMI009") != std::string::npos);
  CHECK(amilint("stack.yaml", d.path).out.find("AMI009") == std::string::npos);
  Run bad = amilint("stack.yaml --ignore AMI02", d.path);
  CHECK(bad.code == 2);
  CHECK(bad.err.find("unknown rule 'AMI02' in --ignore (did you mean 'AMI002'?)") != std::string::npos);
}

TEST_CASE("the output flag writes the report to a file", "[cli]") {
  TempDir d;
  d.write("stack.yaml", kBad);
  Run r = amilint("stack.yaml --format json --output report.json", d.path);
  CHECK(r.code == 1);
  CHECK(r.out.empty());
  std::ifstream f(d.path / "report.json");
  auto j = nlohmann::json::parse(f);
  CHECK(j["findings"].size() == 1);
}

TEST_CASE("discovery walks directories by content, skips .git, node_modules and excludes", "[cli]") {
  TempDir d;
  d.write("stacks/web.template", kBad);             // a .template holding YAML
  d.write("stacks/web.json",
          "{\"Resources\": {\"Web\": {\"Type\": \"AWS::EC2::Instance\", \"Properties\": "
          "{\"ImageId\": \"ami-0abcdef1234567890\"}}}}");
  d.write("node_modules/x/stack.yaml", kBad);
  d.write(".git/stack.yaml", kBad);
  d.write("legacy/old.yaml", kBad);
  d.write("package.json", "{\"name\": \"x\", \"version\": \"1.0.0\"}");
  d.write("config.yaml", "key: value\n");
  d.write("broken-config.yaml", "key: [unclosed\n");
  Run r = amilint("--format json --exclude 'legacy/**'", d.path);
  auto j = nlohmann::json::parse(r.out);
  std::set<std::string> files;
  for (auto& f : j["findings"]) files.insert(f["file"].get<std::string>());
  CHECK(files == std::set<std::string>{"stacks/web.json", "stacks/web.template"});
  CHECK(j["summary"]["templates"] == 2);
  CHECK(r.err.empty());  // non-templates are skipped silently
  Run v = amilint("--verbose --exclude 'legacy/**'", d.path);
  CHECK(v.err.find("config.yaml: skipped (not a CloudFormation template)") != std::string::npos);
  CHECK(v.err.find("legacy: excluded") != std::string::npos);
}

TEST_CASE("a file named explicitly that is not a template is skipped with a note", "[cli]") {
  TempDir d;
  d.write("package.json", "{\"name\": \"x\"}");
  Run r = amilint("package.json", d.path);
  CHECK(r.code == 0);
  CHECK(r.err.find("note: package.json: skipped (not a CloudFormation template)") != std::string::npos);
}

TEST_CASE("one bad file never hides the others", "[cli]") {
  TempDir d;
  d.write("a-broken.yaml", "AWSTemplateFormatVersion: '2010-09-09'\nResources:\n  Web: [\n");
  d.write("b-stack.yaml", kBad);
  auto j = nlohmann::json::parse(amilint("--format json .", d.path).out);
  REQUIRE(j["findings"].size() == 2);
  CHECK(j["findings"][0]["rule"] == "AMI000");
  CHECK(j["findings"][0]["file"] == "a-broken.yaml");
  CHECK(j["findings"][1]["rule"] == "AMI002");
}

TEST_CASE("symlink loops are not followed forever", "[cli]") {
  TempDir d;
  d.write("a/stack.yaml", kBad);
  fs::create_directory_symlink("..", d.path / "a" / "loop");
  Run r = amilint("--format json .", d.path);
  auto j = nlohmann::json::parse(r.out);
  CHECK(j["findings"].size() == 1);
}

TEST_CASE("explain and rules print the registry's documentation", "[cli]") {
  TempDir d;
  Run e = amilint("explain AMI014", d.path);
  CHECK(e.code == 0);
  CHECK(e.out.find("# AMI014 region-map-missing-region") == 0);
  CHECK(e.out.find("Unable to get mapping") != std::string::npos);
  CHECK(amilint("explain hardcoded-ami-id", d.path).out.find("# AMI002") == 0);
  Run bad = amilint("explain AMI0100", d.path);
  CHECK(bad.code == 2);
  CHECK(bad.err.find("did you mean") != std::string::npos);
  auto rules = nlohmann::json::parse(amilint("rules --format json", d.path).out);
  CHECK(rules.size() >= 17);
  CHECK(rules[0]["code"] == "AMI000");
  Run text = amilint("rules", d.path);
  CHECK(text.out.find("AMI009  unresolved-ami-source") != std::string::npos);
}

TEST_CASE("the README rule table is the registry's", "[cli]") {
  TempDir d;
  std::string table = amilint("rules --format markdown", d.path).out;
  std::ifstream f(fs::path(AMILINT_SOURCE_DIR) / "README.md");
  std::string readme((std::istreambuf_iterator<char>(f)), {});
  INFO("regenerate the README table with: build/amilint rules --format markdown");
  CHECK(readme.find(table) != std::string::npos);
}

TEST_CASE("version and help", "[cli]") {
  TempDir d;
  CHECK(amilint("--version", d.path).out.rfind("amilint ", 0) == 0);
  Run h = amilint("--help", d.path);
  CHECK(h.code == 0);
  CHECK(h.out.find("--fail-on") != std::string::npos);
}

TEST_CASE("a StackSet's regions are deploy regions of the template it deploys", "[cli]") {
  TempDir d;
  d.write("stacks/web.yaml",
          "AWSTemplateFormatVersion: '2010-09-09'\n"
          "Mappings:\n"
          "  AmiMap:\n"
          "    us-east-1: {Ami: ami-0abcdef1234567890}\n"
          "    eu-west-1: {Ami: ami-0123456789abcdef0}\n"
          "Resources:\n"
          "  Web:\n"
          "    Type: AWS::EC2::Instance\n"
          "    Properties:\n"
          "      ImageId: !FindInMap [AmiMap, !Ref 'AWS::Region', Ami]\n");
  std::string stackset =
      "Resources:\n"
      "  Web:\n"
      "    Type: AWS::CloudFormation::StackSet\n"
      "    Properties:\n"
      "      StackSetName: web\n"
      "      PermissionModel: SELF_MANAGED\n"
      "      TemplateURL: !Sub https://${Bucket}.s3.amazonaws.com/stacks/web.yaml\n"
      "      StackInstancesGroup:\n"
      "        - DeploymentTargets: {Accounts: ['111122223333']}\n"
      "          Regions: [us-east-1, ap-south-1]\n";
  // Without the StackSet the map covers every region it names: clean.
  CHECK(amilint("stacks/web.yaml", d.path).code == 0);
  d.write("deploy/stackset.yaml", stackset);
  Run r = amilint("--format json --verbose .", d.path);
  auto j = nlohmann::json::parse(r.out);
  REQUIRE(j["findings"].size() == 1);
  CHECK(j["findings"][0]["rule"] == "AMI014");
  CHECK(j["findings"][0]["file"] == "stacks/web.yaml");
  CHECK(j["findings"][0]["message"].get<std::string>().find("ap-south-1") != std::string::npos);
  CHECK(r.err.find("stacks/web.yaml: deployed by a StackSet to us-east-1, ap-south-1") != std::string::npos);
}

TEST_CASE("a StackSet's regions reach its template also when the run has too much to keep every Model", "[cli]") {
  TempDir d;
  d.write("stacks/web.yaml",
          "AWSTemplateFormatVersion: '2010-09-09'\n"
          "Mappings:\n"
          "  AmiMap:\n"
          "    us-east-1: {Ami: ami-0abcdef1234567890}\n"
          "Resources:\n"
          "  Web:\n"
          "    Type: AWS::EC2::Instance\n"
          "    Properties:\n"
          "      ImageId: !FindInMap [AmiMap, !Ref 'AWS::Region', Ami]\n");
  d.write("deploy/stackset.yaml",
          "Resources:\n"
          "  Web:\n"
          "    Type: AWS::CloudFormation::StackSet\n"
          "    Properties:\n"
          "      StackSetName: web\n"
          "      PermissionModel: SELF_MANAGED\n"
          "      TemplateURL: https://bucket.s3.amazonaws.com/stacks/web.yaml\n"
          "      StackInstancesGroup:\n"
          "        - DeploymentTargets: {Accounts: ['111122223333']}\n"
          "          Regions: [eu-west-1]\n");
  auto expect = [&](const std::string& args) {
    auto j = nlohmann::json::parse(amilint("--format json " + args, d.path).out);
    REQUIRE(j["findings"].size() == 1);
    CHECK(j["findings"][0]["rule"] == "AMI014");
    CHECK(j["findings"][0]["file"] == "stacks/web.yaml");
    CHECK(j["findings"][0]["message"].get<std::string>().find("no entry for eu-west-1") != std::string::npos);
  };
  expect(".");
  // A large template linted first fills what the run keeps for the StackSet pass: the
  // StackSet's target is then read again, with the same result.
  std::string big = "Resources:\n";
  for (int i = 0; i < 12000; ++i)
    big += "  Topic" + std::to_string(i) + ":\n    Type: AWS::SNS::Topic\n    Properties: {TopicName: topic-" +
           std::to_string(i) + "}\n";
  d.write("big/large.yaml", big);
  REQUIRE(fs::file_size(d.path / "big" / "large.yaml") > 600000);
  expect("--jobs 1 .");  // one thread: the large template is linted first, for sure
}

TEST_CASE("list options take one value each and do not swallow paths", "[cli]") {
  TempDir d;
  d.write("stack.yaml", kBad);
  Run r = amilint("--select AMI002 stack.yaml --region us-east-1 --region us-west-2", d.path);
  CHECK(r.code == 1);
  CHECK(r.out.find("stack.yaml:6:16") != std::string::npos);
  CHECK(amilint("--ignore AMI002 stack.yaml", d.path).code == 0);
}

TEST_CASE("a UTF-8 byte order mark is accepted and takes no column", "[cli]") {
  TempDir d;
  d.write("bom.yaml", std::string("\xEF\xBB\xBF") + "Resources: {Web: {Type: AWS::EC2::Instance, Properties: {ImageId: ami-0abcdef1234567890}}}\n");
  Run r = amilint("bom.yaml", d.path);
  CHECK(r.code == 1);
  CHECK(r.out.rfind("bom.yaml:1:67: warning: hard-coded AMI ID", 0) == 0);
}

TEST_CASE("fingerprints do not depend on the directory amilint runs in", "[cli]") {
  TempDir d;
  fs::create_directory(d.path / ".git");
  d.write("stacks/web.yaml", kBad);
  auto fp = [&](const std::string& args, const fs::path& dir) {
    auto j = nlohmann::json::parse(amilint("--format json " + args, dir).out);
    return j["findings"][0]["fingerprint"].get<std::string>();
  };
  std::string from_root = fp("stacks/web.yaml", d.path);
  CHECK(fp("web.yaml", d.path / "stacks") == from_root);
  CHECK(fp(".", d.path / "stacks") == from_root);
}

TEST_CASE("a child module that two modules call reports its findings and suppressions once", "[cli]") {
  TempDir d(true);
  d.write("a/main.tf", "module \"c\" {\n  source = \"../child\"\n}\n");
  d.write("b/main.tf", "module \"c\" {\n  source = \"../child\"\n}\n");
  d.write("child/main.tf", "resource \"aws_instance\" \"x\" {\n  ami = \"ami-1\"\n}\n"
                           "resource \"aws_instance\" \"y\" {\n  # amilint:ignore AMI001 reason=\"test\"\n"
                           "  ami = \"ami-2\"\n}\n");
  Run r = amilint("--no-config --format json .", d.path);
  auto j = nlohmann::json::parse(r.out);
  REQUIRE(j["findings"].size() == 1);
  CHECK(j["findings"][0]["file"] == "child/main.tf");
  CHECK(j["findings"][0]["line"] == 2);
  CHECK(j["summary"]["suppressed"] == 1);
  Run list = amilint("--no-config --list-suppressions .", d.path);
  CHECK(list.out == "child/main.tf:5: AMI001 reason=\"test\" until=never: used (1 finding)\n");
  // The audit table lists each AMI slot of the child once.
  CHECK(j["amis"].size() == 2);
}
