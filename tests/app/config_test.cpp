// The config file `.amilint.yaml` through the real binary and real files: discovery,
// every key, overrides, CLI precedence, and every kind of error with its position and
// "did you mean" hint.
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

struct Run : amilint_test::Run {
  nlohmann::json json() const { return nlohmann::json::parse(out); }
  // "file:line RULE" of every finding (json output).
  std::multiset<std::string> findings() const {
    std::multiset<std::string> s;
    nlohmann::json doc = json();
    for (const auto& f : doc["findings"])
      s.insert(f["file"].get<std::string>() + ":" + std::to_string(f["line"].get<int>()) + " " +
               f["rule"].get<std::string>());
    return s;
  }
};

Run run_amilint(const std::string& args, const fs::path& dir) {
  Run r;
  static_cast<amilint_test::Run&>(r) = amilint_test::run_amilint(args, dir);
  return r;
}


// A temporary repository: it holds .git, so config discovery stops there.
struct Repo {
  fs::path path;
  Repo() {
    char tmpl[] = "/tmp/amilint-config-XXXXXX";
    path = mkdtemp(tmpl);
    fs::create_directory(path / ".git");
  }
  ~Repo() { fs::remove_all(path); }
  void write(const std::string& rel, const std::string& text) const {
    fs::create_directories((path / rel).parent_path());
    std::ofstream(path / rel, std::ios::binary) << text;
  }
  Run run(const std::string& args, const std::string& sub = "") const { return run_amilint(args, path / sub); }
};

// A literal AMI ID: AMI002 (warning) when the region is not pinned.
std::string stack(const std::string& ami = "ami-0abcdef1234567890") {
  return "AWSTemplateFormatVersion: '2010-09-09'\n"
         "Resources:\n"
         "  Web:\n"
         "    Type: AWS::EC2::Instance\n"
         "    Properties:\n"
         "      ImageId: " + ami + "\n";
}

const char* kUnresolved =
    "AWSTemplateFormatVersion: '2010-09-09'\n"
    "Resources:\n"
    "  Web:\n"
    "    Type: AWS::EC2::Instance\n"
    "    Properties:\n"
    "      ImageId: !GetAtt Builder.ImageId\n";

const char* kShared =
    "AWSTemplateFormatVersion: '2010-09-09'\n"
    "Resources:\n"
    "  Dist:\n"
    "    Type: AWS::ImageBuilder::DistributionConfiguration\n"
    "    Properties:\n"
    "      Name: d\n"
    "      Distributions:\n"
    "        - Region: us-east-1\n"
    "          AmiDistributionConfiguration:\n"
    "            KmsKeyId: arn:aws:kms:us-east-1:111122223333:key/abc\n"
    "            TargetAccountIds: ['444455556666']\n";

const char* kInventory =
    "{\"Images\": [{\"ImageId\": \"ami-0a1b2c3d4e5f60001\", \"Name\": \"web\", \"OwnerId\": \"111122223333\","
    " \"Public\": false, \"State\": \"available\"}]}\n";

}  // namespace

TEST_CASE("config: discovered from the current directory up to the repository root", "[config]") {
  Repo r;
  r.write("stacks/eu/web.yaml", stack());
  CHECK(r.run("stacks/eu/web.yaml").code == 1);  // no config: AMI002
  r.write(".amilint.yaml", "regions: [us-east-1]\n");
  CHECK(r.run("stacks/eu/web.yaml").code == 0);
  CHECK(r.run("web.yaml", "stacks/eu").code == 0);  // found two levels up
  Run v = r.run("--verbose web.yaml", "stacks/eu");
  CHECK(v.err.find("amilint: config: ../../.amilint.yaml") != std::string::npos);
  // The nearest one wins.
  r.write("stacks/.amilint.yaml", "regions: [us-east-1, us-west-2]\n");
  CHECK(r.run("web.yaml", "stacks/eu").code == 1);
  CHECK(r.run("stacks/eu/web.yaml").code == 0);
}

TEST_CASE("config: discovery stops at the directory holding .git", "[config]") {
  Repo outer;
  outer.write(".amilint.yaml", "regions: [us-east-1]\n");
  outer.write("inner/stack.yaml", stack());
  CHECK(outer.run("stack.yaml", "inner").code == 0);  // the outer config applies
  fs::create_directory(outer.path / "inner" / ".git");  // inner is now its own repository
  CHECK(outer.run("stack.yaml", "inner").code == 1);
  // .git may be a file (worktrees, submodules)
  fs::remove(outer.path / "inner" / ".git");
  outer.write("inner/.git", "gitdir: ../.git/worktrees/inner\n");
  CHECK(outer.run("stack.yaml", "inner").code == 1);
}

TEST_CASE("config: .amilint.yml works and .amilint.yaml wins in the same directory", "[config]") {
  Repo r;
  r.write("stack.yaml", stack());
  r.write(".amilint.yml", "regions: [us-east-1]\n");
  CHECK(r.run("stack.yaml").code == 0);
  r.write(".amilint.yaml", "fail_on: info\n");
  CHECK(r.run("stack.yaml").code == 1);  // .yaml read, .yml ignored
}

TEST_CASE("config: --config FILE and --no-config", "[config]") {
  Repo r;
  r.write("stack.yaml", stack());
  r.write("ci/amilint.yaml", "regions: [us-east-1]\n");
  CHECK(r.run("stack.yaml").code == 1);
  CHECK(r.run("--config ci/amilint.yaml stack.yaml").code == 0);
  r.write(".amilint.yaml", "regions: [us-east-1]\n");
  CHECK(r.run("stack.yaml").code == 0);
  CHECK(r.run("--no-config stack.yaml").code == 1);
  Run both = r.run("--no-config --config ci/amilint.yaml stack.yaml");
  CHECK(both.code == 2);
  CHECK(both.err.find("amilint: error: --config and --no-config cannot be used together") != std::string::npos);
  Run missing = r.run("--config nope.yaml stack.yaml");
  CHECK(missing.code == 2);
  CHECK(missing.err.find("nope.yaml: cannot read config file: No such file or directory") != std::string::npos);
  CHECK(missing.out.empty());
  Run dir = r.run("--config ci stack.yaml");
  CHECK(dir.code == 2);
  CHECK(dir.err.find("ci: cannot read config file: is a directory") != std::string::npos);
}

TEST_CASE("config: an empty file or only comments sets nothing", "[config]") {
  Repo r;
  r.write("stack.yaml", stack());
  r.write(".amilint.yaml", "");
  CHECK(r.run("stack.yaml").code == 1);
  r.write(".amilint.yaml", "# nothing yet\n");
  CHECK(r.run("stack.yaml").code == 1);
}

TEST_CASE("config: regions and dr_regions", "[config]") {
  Repo r;
  r.write("stack.yaml", stack());
  r.write(".amilint.yaml", "regions: [us-east-1]\ndr_regions: [us-west-2]\n");
  Run run = r.run("--format json stack.yaml");
  CHECK(run.code == 1);
  CHECK(run.findings() == std::multiset<std::string>{"stack.yaml:6 AMI020"});
  CHECK(run.json()["findings"][0]["message"].get<std::string>().find("DR region us-west-2") != std::string::npos);
  // A single string is a list of one.
  r.write(".amilint.yaml", "regions: us-east-1\n");
  CHECK(r.run("stack.yaml").code == 0);
}

TEST_CASE("config: trusted_accounts feeds AMI031 and --trusted-account replaces it", "[config]") {
  Repo r;
  r.write("dist.yaml", kShared);
  CHECK(r.run("dist.yaml").code == 0);  // no list: no finding
  r.write(".amilint.yaml", "trusted_accounts: ['111122223333']\n");
  Run run = r.run("--format json dist.yaml");
  CHECK(run.findings() == std::multiset<std::string>{"dist.yaml:11 AMI031"});
  r.write(".amilint.yaml", "trusted_accounts: [111122223333, '444455556666']\n");  // numbers are fine
  CHECK(r.run("dist.yaml").code == 0);
  CHECK(r.run("--trusted-account 111122223333 dist.yaml").code == 1);  // the CLI wins
  Run bad = r.run("--trusted-account 1234 dist.yaml");
  CHECK(bad.code == 2);
  CHECK(bad.err.find("--trusted-account '1234' is not an AWS account ID (12 digits)") != std::string::npos);
}

TEST_CASE("config: inventory is relative to the config file", "[config]") {
  Repo r;
  r.write("audit/inventory/us-east-1.json", kInventory);
  r.write("audit/.amilint.yaml", "regions: [us-east-1]\ninventory: inventory/\n");
  r.write("audit/stacks/web.yaml", stack("ami-0a1b2c3d4e5f60001"));
  r.write("audit/stacks/gone.yaml", stack("ami-0fffffffffffffff0"));
  Run run = r.run("--format json .", "audit/stacks");
  CHECK(run.code == 1);
  CHECK(run.findings() == std::multiset<std::string>{"gone.yaml:6 AMI060"});
  // --inventory wins over the config's.
  r.write("other/us-east-1.json", "{\"Images\": [{\"ImageId\": \"ami-0fffffffffffffff0\"}]}");
  Run cli = r.run("--format json --inventory ../../other .", "audit/stacks");
  CHECK(cli.findings() == std::multiset<std::string>{"web.yaml:6 AMI060"});
  // A bad inventory named by the config is a configuration error.
  r.write("audit/.amilint.yaml", "regions: [us-east-1]\ninventory: missing/\n");
  Run bad = r.run(".", "audit/stacks");
  CHECK(bad.code == 2);
  CHECK(bad.err.find("../missing/: no such file or directory") != std::string::npos);
  CHECK(bad.out.empty());
}

TEST_CASE("config: extra_regions are accepted wherever regions are", "[config]") {
  Repo r;
  r.write("stack.yaml",
          "AWSTemplateFormatVersion: '2010-09-09'\n"
          "Mappings:\n"
          "  Amis:\n"
          "    us-east-1: {Ami: ami-0abcdef1234567890}\n"
          "    us-test-1: {Ami: ami-0123456789abcdef0}\n"
          "Resources:\n"
          "  Web:\n"
          "    Type: AWS::EC2::Instance\n"
          "    Properties:\n"
          "      ImageId: !FindInMap [Amis, !Ref 'AWS::Region', Ami]\n");
  Run before = r.run("--format json stack.yaml");
  CHECK(before.findings() == std::multiset<std::string>{"stack.yaml:5 AMI013"});
  r.write(".amilint.yaml", "extra_regions: [us-test-1]\nregions: [us-east-1, us-test-1]\n");
  CHECK(r.run("stack.yaml").code == 0);
  CHECK(r.run("--region us-test-1 stack.yaml").code == 0);  // CLI regions too
  r.write(".amilint.yaml", "extra_regions: [Test Region]\n");
  Run bad = r.run("stack.yaml");
  CHECK(bad.code == 2);
  CHECK(bad.err.find(".amilint.yaml:1:17: 'Test Region' in extra_regions does not look like a region name") !=
        std::string::npos);
}

TEST_CASE("config: fail_on, and --fail-on wins", "[config]") {
  Repo r;
  r.write("stack.yaml", stack());  // one warning
  r.write(".amilint.yaml", "fail_on: error\n");
  CHECK(r.run("stack.yaml").code == 0);
  CHECK(r.run("--fail-on warning stack.yaml").code == 1);
  r.write(".amilint.yaml", "fail_on: never\n");
  CHECK(r.run("stack.yaml").code == 0);
}

TEST_CASE("config: exclude globs are relative to the config file", "[config]") {
  Repo r;
  r.write(".amilint.yaml", "exclude: ['legacy/**', 'stacks/old', '*.bak.yaml']\n");
  r.write("legacy/a.yaml", stack());
  r.write("stacks/old/b.yaml", stack());
  r.write("stacks/new/c.yaml", stack());
  r.write("stacks/new/c.bak.yaml", stack());
  Run run = r.run("--format json .");
  CHECK(run.findings() == std::multiset<std::string>{"stacks/new/c.yaml:6 AMI002"});
  // From a subdirectory the globs still mean the same files.
  Run sub = r.run("--format json ..", "stacks");
  CHECK(sub.findings() == std::multiset<std::string>{"../stacks/new/c.yaml:6 AMI002"});
  Run v = r.run("--verbose .");
  CHECK(v.err.find("legacy/a.yaml: excluded (config exclude)") != std::string::npos);
  // --exclude adds to them.
  Run cli = r.run("--format json --exclude 'stacks/new/**' .");
  CHECK(cli.findings().empty());
}

TEST_CASE("config: rules turn rules off and on and set severities", "[config]") {
  Repo r;
  r.write("stack.yaml", stack());
  r.write("unresolved.yaml", kUnresolved);
  r.write(".amilint.yaml", "rules:\n  AMI002: off\n");
  CHECK(r.run("stack.yaml").code == 0);
  CHECK(r.run("--select AMI002 stack.yaml").code == 1);  // the CLI wins
  r.write(".amilint.yaml", "rules:\n  hardcoded-ami-id: error\n");  // names work too
  Run sev = r.run("--format json --fail-on error stack.yaml");
  CHECK(sev.code == 1);
  CHECK(sev.json()["findings"][0]["severity"] == "error");
  r.write(".amilint.yaml", "rules:\n  AMI009: on\n");
  Run on = r.run("--format json --fail-on info unresolved.yaml");
  CHECK(on.findings() == std::multiset<std::string>{"unresolved.yaml:6 AMI009"});
  CHECK(on.json()["findings"][0]["severity"] == "info");
  r.write(".amilint.yaml", "rules:\n  AMI009: warning\n");  // a severity also turns it on
  Run warn = r.run("--format json unresolved.yaml");
  CHECK(warn.code == 1);
  CHECK(warn.json()["findings"][0]["severity"] == "warning");
  CHECK(r.run("--ignore AMI009 unresolved.yaml").code == 0);
}

TEST_CASE("config: overrides apply per file, later entries win", "[config]") {
  Repo r;
  r.write(".amilint.yaml",
          "regions: [us-east-1, us-west-2]\n"
          "overrides:\n"
          "  - paths: ['stacks/eu/**']\n"
          "    regions: [eu-west-1]\n"
          "  - paths: ['stacks/global']\n"
          "    rules: {AMI002: off}\n"
          "  - paths: ['stacks/eu/dr/**']\n"
          "    dr_regions: [eu-central-1]\n"
          "  - paths: ['**/*.strict.yaml']\n"
          "    rules: {AMI002: error}\n");
  r.write("stacks/eu/web.yaml", stack());                // pinned to eu-west-1: clean
  r.write("stacks/eu/dr/db.yaml", stack());              // eu-west-1 + DR eu-central-1: AMI020
  r.write("stacks/global/edge.yaml", stack());           // AMI002 off
  r.write("stacks/us/api.yaml", stack());                // two regions: AMI002 warning
  r.write("stacks/us/api.strict.yaml", stack());         // AMI002 error
  Run run = r.run("--format json --fail-on never .");
  CHECK(run.code == 0);
  CHECK(run.findings() == std::multiset<std::string>{"stacks/eu/dr/db.yaml:6 AMI020", "stacks/us/api.yaml:6 AMI002",
                                                     "stacks/us/api.strict.yaml:6 AMI002"});
  std::map<std::string, std::string> severity;
  nlohmann::json doc = run.json();
  for (const auto& f : doc["findings"]) severity[f["file"]] = f["severity"];
  CHECK(severity["stacks/us/api.yaml"] == "warning");
  CHECK(severity["stacks/us/api.strict.yaml"] == "error");
  // The CLI's regions win over every override.
  Run cli = r.run("--format json --region us-east-1 --fail-on never stacks/eu/web.yaml stacks/eu/dr/db.yaml");
  CHECK(cli.findings() == std::multiset<std::string>{"stacks/eu/dr/db.yaml:6 AMI020"});
  CHECK(cli.json()["findings"][0]["message"].get<std::string>().find("in us-east-1") != std::string::npos);
  // Matching is relative to the config file, also from a subdirectory.
  Run sub = r.run("--format json --fail-on never .", "stacks/eu");
  CHECK(sub.findings() == std::multiset<std::string>{"dr/db.yaml:6 AMI020"});
}

TEST_CASE("config: when overrides disagree the later entry wins", "[config]") {
  Repo r;
  r.write(".amilint.yaml",
          "overrides:\n"
          "  - paths: ['*.yaml']\n"
          "    rules: {AMI002: error}\n"
          "  - paths: ['b.yaml']\n"
          "    rules: {AMI002: info}\n");
  r.write("a.yaml", stack());
  r.write("b.yaml", stack());
  Run run = r.run("--format json --fail-on never .");
  REQUIRE(run.json()["findings"].size() == 2);
  CHECK(run.json()["findings"][0]["severity"] == "error");
  CHECK(run.json()["findings"][1]["severity"] == "info");
}

TEST_CASE("config: errors name the file, line and column, with did you mean", "[config]") {
  Repo r;
  r.write("stack.yaml", stack());
  struct Case {
    const char* text;
    const char* message;
  } cases[] = {
      {"region: [us-east-1]\n", ".amilint.yaml:1:1: unknown key 'region' (did you mean 'regions'?)"},
      {"regions: [us-east-1]\ndr-regions: [us-west-2]\n",
       ".amilint.yaml:2:1: unknown key 'dr-regions' (did you mean 'dr_regions'?)"},
      {"failOn: error\n", ".amilint.yaml:1:1: unknown key 'failOn' (did you mean 'fail_on'?)"},
      {"colour: blue\n", ".amilint.yaml:1:1: unknown key 'colour'; the keys are regions, dr_regions"},
      {"regions: [us-east-1, us-east-3]\n",
       ".amilint.yaml:1:22: unknown region 'us-east-3' in regions (did you mean 'us-east-1'?)"},
      {"dr_regions:\n  - eu-west\n", ".amilint.yaml:2:5: unknown region 'eu-west' in dr_regions (did you mean 'eu-west-1'?)"},
      {"rules:\n  AMI02: off\n", ".amilint.yaml:2:3: unknown rule 'AMI02' (did you mean 'AMI002'?)"},
      {"rules:\n  hardcoded-ami: off\n", ".amilint.yaml:2:3: unknown rule 'hardcoded-ami' (did you mean 'hardcoded-ami-id'?)"},
      {"rules:\n  AMI002: warn\n",
       ".amilint.yaml:2:11: bad setting 'warn' for AMI002: expected off, on, error, warning or info (did you mean 'warning'?)"},
      {"rules:\n  AMI002: false\n", ".amilint.yaml:2:11: bad setting 'false' for AMI002: expected off, on, error, warning or info (did you mean 'off'?)"},
      {"rules: [AMI002]\n", ".amilint.yaml:1:8: rules must be a mapping of rule codes"},
      {"fail_on: errors\n", ".amilint.yaml:1:10: bad fail_on 'errors': expected error, warning, info or never (did you mean 'error'?)"},
      {"trusted_accounts: ['11112222333']\n",
       ".amilint.yaml:1:20: '11112222333' in trusted_accounts is not an AWS account ID (12 digits"},
      {"regions: {us-east-1: true}\n", ".amilint.yaml:1:10: regions must be a list of regions, e.g. [us-east-1]"},
      {"exclude:\n", ".amilint.yaml:1:1: exclude must be a list of globs"},
      {"inventory: [a, b]\n", ".amilint.yaml:1:12: inventory must be a path"},
      {"regions: [us-east-1\n", ".amilint.yaml:2:1: "},  // YAML syntax error: unclosed flow sequence
      {"regions: [us-east-1]\nregions: [us-west-2]\n", ".amilint.yaml:2:1: duplicate key 'regions'"},
      {"- regions\n", ".amilint.yaml:1:1: the config file must be a mapping of settings"},
      {"overrides:\n  - paths: ['a/**']\n    region: [eu-west-1]\n",
       ".amilint.yaml:3:5: unknown key 'region' in an overrides entry (did you mean 'regions'?)"},
      {"overrides:\n  - paths: ['a/**']\n    fail_on: error\n",
       ".amilint.yaml:3:5: 'fail_on' cannot be set per path; an overrides entry takes paths, regions"},
      {"overrides:\n  - regions: [eu-west-1]\n", ".amilint.yaml:2:5: an overrides entry needs paths"},
      {"overrides:\n  - paths: []\n    regions: [eu-west-1]\n", ".amilint.yaml:2:12: paths of an overrides entry must not be empty"},
      {"overrides:\n  - paths: ['a/**']\n    regions: [eu-wset-1]\n",
       ".amilint.yaml:3:15: unknown region 'eu-wset-1' in regions (did you mean 'eu-west-1'?)"},
      {"overrides:\n  - paths: ['a/**']\n    rules: {ami06: off}\n",
       ".amilint.yaml:3:13: unknown rule 'ami06' (did you mean 'AMI060'?)"},
      {"overrides: {paths: a}\n", ".amilint.yaml:1:12: overrides must be a list"},
      {"paths: ['a/**']\n", ".amilint.yaml:1:1: 'paths' belongs in an overrides entry"},
      {"var_file: [prod.tfvars]\n", ".amilint.yaml:1:1: unknown key 'var_file' (did you mean 'var_files'?)"},
      {"var_files: {prod: a.tfvars}\n",
       ".amilint.yaml:1:12: var_files must be a list of Terraform variable files relative to the config file, e.g. "
       "[env/prod.tfvars]"},
      {"var_files: [a.tfvars, [b.tfvars]]\n", ".amilint.yaml:1:23: each item of var_files must be a string"},
      {"var_files:\n  - env/prod.yaml\n",
       ".amilint.yaml:2:5: 'env/prod.yaml' in var_files is not a Terraform variable file (.tfvars or .tfvars.json)"},
      {"overrides:\n  - paths: ['a/**']\n    var-files: [a.tfvars]\n",
       ".amilint.yaml:3:5: unknown key 'var-files' in an overrides entry (did you mean 'var_files'?)"},
      {"overrides:\n  - paths: ['a/**']\n    var_files: [a.json]\n",
       ".amilint.yaml:3:17: 'a.json' in var_files is not a Terraform variable file"},
      {"var_files: [missing.tfvars]\n",
       ".amilint.yaml:1:13: var_files entry 'missing.tfvars': cannot read it (No such file or directory); var_files "
       "paths are relative to the config file's directory"},
      {"parameter: [prod.json]\n", ".amilint.yaml:1:1: unknown key 'parameter' (did you mean 'parameters'?)"},
      {"parameters: {prod: a.json}\n",
       ".amilint.yaml:1:13: parameters must be a list of CloudFormation parameter files relative to the config file, "
       "e.g. [params/prod.json]"},
      {"overrides:\n  - paths: ['a/**']\n    parameters: [a.json, {b: c}]\n",
       ".amilint.yaml:3:26: each item of parameters must be a string"},
      {"parameters: [missing.json]\n",
       ".amilint.yaml:1:14: parameters entry 'missing.json': cannot read it (No such file or directory); parameters "
       "paths are relative to the config file's directory"},
  };
  for (const auto& c : cases) {
    r.write(".amilint.yaml", c.text);
    Run run = r.run("stack.yaml");
    INFO("config:\n" << c.text << "stderr: " << run.err);
    CHECK(run.code == 2);
    CHECK(run.out.empty());  // nothing was linted
    CHECK(run.err.find(c.message) != std::string::npos);
  }
  // --config names the file as given.
  r.write("cfg/amilint.yaml", "regoins: [us-east-1]\n");
  Run named = r.run("--config cfg/amilint.yaml stack.yaml");
  CHECK(named.err.find("cfg/amilint.yaml:1:1: unknown key 'regoins' (did you mean 'regions'?)") != std::string::npos);
}

TEST_CASE("config: trusted_accounts reaches Terraform lookups and per-path overrides", "[config]") {
  Repo r;
  const char* tf =
      "provider \"aws\" {\n"
      "  region = \"us-east-1\"\n"
      "}\n"
      "\n"
      "data \"aws_ami\" \"web\" {\n"
      "  most_recent = true\n"
      "  owners      = [\"444455556666\"]\n"
      "  filter {\n"
      "    name   = \"name\"\n"
      "    values = [\"web-*\"]\n"
      "  }\n"
      "}\n"
      "\n"
      "resource \"aws_instance\" \"web\" {\n"
      "  ami           = data.aws_ami.web.id\n"
      "  instance_type = \"t3.micro\"\n"
      "}\n";
  r.write("infra/app/main.tf", tf);
  r.write("infra/shared/main.tf", tf);
  CHECK(r.run("infra").code == 0);  // no list: owners are not judged
  r.write(".amilint.yaml",
          "trusted_accounts: ['111122223333']\n"
          "overrides:\n"
          "  - paths: ['infra/shared/**']\n"
          "    trusted_accounts: ['111122223333', '444455556666']\n");
  Run run = r.run("--format json infra");
  CHECK(run.code == 1);
  CHECK(run.findings() == std::multiset<std::string>{"infra/app/main.tf:7 AMI041"});
}

TEST_CASE("config: var_files take one path or a list, relative or absolute, at the top level and per path",
          "[config][var-file]") {
  Repo r;
  const char* tf =
      "provider \"aws\" {\n"
      "  region = var.region\n"
      "}\n"
      "variable \"region\" {}\n"
      "resource \"aws_instance\" \"web\" {\n"
      "  ami = \"ami-0123456789abcdef0\"\n"
      "}\n";
  r.write("infra/app/main.tf", tf);
  r.write("infra/db/main.tf", tf);
  r.write("vars/east.tfvars", "region = \"us-east-1\"\n");
  r.write("vars/typo.tfvars.json", "{\"region\": \"us-esat-1\"}\n");
  // No region: the literal ID is hard-coded in both modules.
  CHECK(r.run("--format json infra").findings() ==
        std::multiset<std::string>{"infra/app/main.tf:6 AMI002", "infra/db/main.tf:6 AMI002"});
  r.write(".amilint.yaml", "var_files: vars/east.tfvars\n");
  Run one = r.run("--format json infra");
  CHECK(one.code == 0);
  CHECK(one.findings().empty());
  r.write(".amilint.yaml", "var_files: ['" + (r.path / "vars/east.tfvars").string() + "']\n");
  CHECK(r.run("--format json infra").findings().empty());
  // Per path: after the top level's, only for the files under the override's paths.
  r.write(".amilint.yaml",
          "var_files: [vars/east.tfvars]\n"
          "overrides:\n"
          "  - paths: ['infra/db/**']\n"
          "    var_files: [vars/typo.tfvars.json]\n");
  Run scoped = r.run("--format json infra");
  CHECK(scoped.findings() == std::multiset<std::string>{"infra/db/main.tf:6 AMI002", "vars/typo.tfvars.json:1 AMI013"});
  nlohmann::json doc = scoped.json();
  for (const auto& f : doc["findings"])
    if (f["rule"] == "AMI013") CHECK(f["column"] == 12);
}
