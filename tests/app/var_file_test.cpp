// Terraform -var-file values through the real binary: `--var-file FILE` (repeatable)
// and config `var_files` (top level and overrides) applied to every root module after
// terraform.tfvars and *.auto.tfvars, in order; findings located in the variable file;
// each file once; the errors.
#include <nlohmann/json.hpp>

#include <string>
#include <vector>

#include "tests/test_util.h"

using namespace amilint_test;

namespace {

// A root module whose region comes only from var.region; the AMI is a literal.
const char* kModule = R"(provider "aws" {
  region = var.region
}

variable "region" {
  type = string
}

resource "aws_instance" "web" {
  ami           = "ami-0123456789abcdef0"
  instance_type = "t3.micro"
}
)";

// The same, with the AMI from var.ami (no default).
const char* kModuleAmiVar = R"(provider "aws" {
  region = var.region
}

variable "region" {
  type = string
}

variable "ami" {
  type = string
}

resource "aws_instance" "web" {
  ami = var.ami
}
)";

// ami-0123456789abcdef0 exists in us-east-1 only.
void write_inventory(const TempDir& t) {
  t.write("inventory/us-east-1.json",
          R"({"Images": [{"ImageId": "ami-0123456789abcdef0", "Name": "web", "OwnerId": "111122223333",
                          "Public": false, "State": "available"}]})");
  t.write("inventory/us-west-2.json", R"({"Images": []})");
}

// "file:line:col RULE" of every finding of a JSON report.
std::vector<std::string> findings(const Run& r) {
  INFO(r.out << r.err);
  auto j = nlohmann::json::parse(r.out);
  std::vector<std::string> out;
  for (const auto& f : j["findings"])
    out.push_back(f["file"].get<std::string>() + ":" + std::to_string(f["line"].get<int>()) + ":" +
                  std::to_string(f["column"].get<int>()) + " " + f["rule"].get<std::string>());
  return out;
}

Run lint(const std::string& args, const TempDir& t, const std::string& sub = "") {
  return run_amilint("--format json " + args, t.path / sub, 60);
}

using Lines = std::vector<std::string>;

}  // namespace

TEST_CASE("var-file option: the region it sets decides the verdict", "[var-file][cli]") {
  TempDir t(true);
  t.write("live/main.tf", kModule);
  t.write("east.tfvars", "region = \"us-east-1\"\n");
  t.write("west.tfvars", "region = \"us-west-2\"\n");
  write_inventory(t);
  // Without it the region is unknown: the literal ID is hard-coded (AMI002).
  Run bare = lint("--no-config live", t);
  CHECK(bare.code == 1);
  CHECK(findings(bare) == Lines{"live/main.tf:10:19 AMI002"});
  CHECK(nlohmann::json::parse(bare.out)["findings"][0]["message"].get<std::string>().find("its region is not known") !=
        std::string::npos);
  // Pinned to one region by the variable file: not hard-coded any more.
  Run east = lint("--no-config --var-file east.tfvars live", t);
  CHECK(east.code == 0);
  CHECK(findings(east).empty());
  // With the inventory: right in us-east-1, wrong in us-west-2.
  CHECK(findings(lint("--no-config --inventory inventory --var-file east.tfvars live", t)).empty());
  Run west = lint("--no-config --inventory inventory --var-file west.tfvars live", t);
  CHECK(west.code == 1);
  CHECK(findings(west) == Lines{"live/main.tf:10:19 AMI010"});
  CHECK(nlohmann::json::parse(west.out)["findings"][0]["message"].get<std::string>().find(
            "is used in us-west-2 but is only in us-east-1 (inventory)") != std::string::npos);
  // The path is relative to the current directory.
  Run sub = lint("--no-config --inventory ../inventory --var-file ../west.tfvars .", t, "live");
  CHECK(findings(sub) == Lines{"main.tf:10:19 AMI010"});
}

TEST_CASE("var-file option: applied after terraform.tfvars and *.auto.tfvars, a later file wins", "[var-file][cli]") {
  TempDir t(true);
  t.write("live/main.tf", kModule);
  t.write("live/terraform.tfvars", "region = \"us-west-2\"\n");
  t.write("live/b.auto.tfvars.json", "{\"region\": \"us-west-2\"}\n");
  t.write("east.tfvars", "region = \"us-east-1\"\n");
  t.write("west.tfvars", "region = \"us-west-2\"\n");
  write_inventory(t);
  const std::string inv = "--no-config --inventory inventory ";
  CHECK(findings(lint(inv + "live", t)) == Lines{"live/main.tf:10:19 AMI010"});  // the module's own files
  CHECK(findings(lint(inv + "--var-file east.tfvars live", t)).empty());         // wins over them
  CHECK(findings(lint(inv + "--var-file east.tfvars --var-file west.tfvars live", t)) ==
        Lines{"live/main.tf:10:19 AMI010"});
  CHECK(findings(lint(inv + "--var-file west.tfvars --var-file east.tfvars live", t)).empty());
  // A file given again counts at its last place.
  CHECK(findings(lint(inv + "--var-file east.tfvars --var-file west.tfvars --var-file east.tfvars live", t)).empty());
}

TEST_CASE("var-file option: a value it sets is found in it, at the value, and a suppression there works",
          "[var-file][cli]") {
  TempDir t(true);
  t.write("live/main.tf", kModuleAmiVar);
  t.write("vars/prod.tfvars", "# production\nregion = \"us-west-2\"\nami    = \"ami-0123456789abcdef0\"\n");
  t.write("vars/prod.tfvars.json", "{\n  \"region\": \"us-west-2\",\n  \"ami\": \"ami-0123456789abcdef0\"\n}\n");
  write_inventory(t);
  SECTION(".tfvars") {
    Run r = lint("--no-config --inventory inventory --var-file vars/prod.tfvars live", t);
    CHECK(r.code == 1);
    auto j = nlohmann::json::parse(r.out);
    REQUIRE(j["findings"].size() == 1);
    auto f = j["findings"][0];
    CHECK(f["rule"] == "AMI010");
    CHECK(f["file"] == "vars/prod.tfvars");
    CHECK(f["line"] == 3);
    CHECK(f["column"] == 10);
    CHECK(f["end_line"] == 3);
    CHECK(f["end_column"] == 33);
    // text output names it the same way
    Run text = run_amilint("--no-config --inventory inventory --var-file ./vars/prod.tfvars live", t.path, 60);
    CHECK(text.out.rfind("vars/prod.tfvars:3:10: error: 'ami-0123456789abcdef0'", 0) == 0);
  }
  SECTION(".tfvars.json") {
    Run r = lint("--no-config --inventory inventory --var-file vars/prod.tfvars.json live", t);
    CHECK(findings(r) == Lines{"vars/prod.tfvars.json:3:10 AMI010"});
    CHECK(nlohmann::json::parse(r.out)["findings"][0]["end_column"] == 33);
  }
  SECTION("a suppression in the variable file") {
    t.write("vars/prod.tfvars", "region = \"us-west-2\"\n"
                                "# amilint:ignore AMI010 reason=\"copied tonight\"\n"
                                "ami = \"ami-0123456789abcdef0\"\n");
    Run r = lint("--no-config --inventory inventory --var-file vars/prod.tfvars live", t);
    CHECK(r.code == 0);
    auto j = nlohmann::json::parse(r.out);
    CHECK(j["findings"].empty());
    CHECK(j["summary"]["suppressed"] == 1);
    Run list = run_amilint("--no-config --inventory inventory --var-file vars/prod.tfvars --list-suppressions live",
                           t.path, 60);
    CHECK(list.out == "vars/prod.tfvars:2: AMI010 reason=\"copied tonight\" until=never: used (1 finding)\n");
  }
}

TEST_CASE("var-file option: a syntax error is AMI000 in the file, and the run goes on", "[var-file][cli]") {
  TempDir t(true);
  t.write("live/main.tf", kModule);
  t.write("stack.yaml", "AWSTemplateFormatVersion: '2010-09-09'\nResources:\n  Web:\n    Type: AWS::EC2::Instance\n"
                        "    Properties:\n      ImageId: ami-1\n");
  t.write("broken.tfvars", "region = \"us-east-1\nx = 1\n");
  Run r = lint("--no-config --var-file broken.tfvars live stack.yaml", t);
  CHECK(r.code == 1);
  CHECK(findings(r) == Lines{"broken.tfvars:1:20 AMI000", "live/main.tf:10:19 AMI002", "stack.yaml:6:16 AMI001"});
}

TEST_CASE("var-file option: a file given to several modules gives each finding once", "[var-file][cli]") {
  TempDir t(true);
  t.write("a/main.tf", kModule);
  t.write("b/main.tf", kModule);
  t.write("broken.tfvars", "region = \"us-east-1\nx = 1\n");
  // Both modules read it: one syntax error.
  CHECK(findings(lint("--no-config --var-file broken.tfvars a b", t)) ==
        Lines{"a/main.tf:10:19 AMI002", "b/main.tf:10:19 AMI002", "broken.tfvars:1:20 AMI000"});
  // Both providers take its region: one finding, one suppression, used once.
  t.write("typo.tfvars", "region = \"us-esat-1\"\n");
  Run typo = lint("--no-config --select AMI013 --var-file typo.tfvars a b", t);
  CHECK(findings(typo) == Lines{"typo.tfvars:1:10 AMI013"});
  t.write("typo.tfvars", "region = \"us-esat-1\" # amilint:ignore AMI013 reason=\"a test region\"\n");
  Run hidden = lint("--no-config --select AMI013 --var-file typo.tfvars a b", t);
  CHECK(hidden.code == 0);
  CHECK(nlohmann::json::parse(hidden.out)["summary"]["suppressed"] == 1);
  Run list = run_amilint("--no-config --select AMI013 --var-file typo.tfvars --list-suppressions a b", t.path, 60);
  CHECK(list.out == "typo.tfvars:1: AMI013 reason=\"a test region\" until=never: used (1 finding)\n");
}

TEST_CASE("var-file option: not applied to child modules or templates", "[var-file][cli]") {
  TempDir t(true);
  t.write("live/main.tf", "module \"app\" {\n  source = \"./app\"\n}\n");
  t.write("live/app/main.tf", "provider \"aws\" {\n  region = \"us-east-1\"\n}\n"
                              "variable \"ami\" {\n  default = \"ami-0123456789abcdef0\"\n}\n"
                              "resource \"aws_instance\" \"web\" {\n  ami = var.ami\n}\n");
  t.write("stack.yaml", "AWSTemplateFormatVersion: '2010-09-09'\nParameters:\n  ami:\n    Type: AWS::EC2::Image::Id\n"
                        "    Default: ami-0123456789abcdef0\nResources:\n  Web:\n    Type: AWS::EC2::Instance\n"
                        "    Properties:\n      ImageId: !Ref ami\n");
  t.write("bad.tfvars", "ami = \"ami-zz\"\n");
  Run without = lint("--no-config --region us-east-1 live stack.yaml", t);
  Run with = lint("--no-config --region us-east-1 --var-file bad.tfvars live stack.yaml", t);
  CHECK(without.code == 0);
  CHECK(with.code == 0);
  CHECK(findings(with).empty());
  // The root module that declares it reads it; its child still does not.
  t.write("live/root.tf", "variable \"ami\" {}\nresource \"aws_instance\" \"x\" {\n  ami = var.ami\n}\n");
  Run root = lint("--no-config --region us-east-1 --var-file bad.tfvars live stack.yaml", t);
  CHECK(findings(root) == Lines{"bad.tfvars:1:7 AMI001"});
  CHECK(nlohmann::json::parse(root.out)["findings"][0]["path"] == "resource.aws_instance.x.ami");
}

TEST_CASE("var-file option: a file also walked or named is read and reported once", "[var-file][cli]") {
  TempDir t(true);
  t.write("live/main.tf", kModule);
  t.write("live/terraform.tfvars.json", "{\"region\": \"us-esat-1\"}\n");
  t.write("live/prod.tfvars", "region = \"eu-wset-1\" # amilint:ignore AMI002 reason=\"test\"\n");
  const Lines walked{"live/main.tf:10:19 AMI002", "live/terraform.tfvars.json:1:12 AMI013"};
  CHECK(findings(lint("--no-config live", t)) == walked);
  CHECK(findings(lint("--no-config --var-file live/terraform.tfvars.json live", t)) == walked);
  // Named (pre-commit): the findings that rest on it (AMI002's message names the region).
  CHECK(findings(lint("--no-config --var-file ./live/terraform.tfvars.json live/terraform.tfvars.json", t)) == walked);
  // A variable file named and given: one linting with it, its findings once.
  const Lines prod{"live/main.tf:10:19 AMI002", "live/prod.tfvars:1:10 AMI013"};
  CHECK(findings(lint("--no-config live/prod.tfvars", t)) == prod);
  CHECK(findings(lint("--no-config --var-file live/prod.tfvars live/prod.tfvars", t)) == prod);
  Run list = run_amilint("--no-config --var-file live/prod.tfvars --list-suppressions live/prod.tfvars", t.path, 60);
  CHECK(list.out == "live/prod.tfvars:1: AMI002 reason=\"test\" until=never: unused\n");
}

TEST_CASE("var-file option: a file that is missing or not a variable file is a usage error", "[var-file][cli]") {
  TempDir t(true);
  t.write("live/main.tf", kModule);
  t.write("envs/prod.tfvars", "region = \"us-east-1\"\n");
  struct Case {
    const char* args;
    const char* error;
  } cases[] = {
      {"--var-file envs/nope.tfvars live",
       "amilint: error: --var-file envs/nope.tfvars: cannot read it (No such file or directory); --var-file paths are "
       "relative to the current directory\n"},
      {"--var-file envs/prdo.tfvars live",
       "amilint: error: --var-file envs/prdo.tfvars: cannot read it (No such file or directory) (did you mean "
       "'envs/prod.tfvars'?)\n"},
      {"--var-file envs live",
       "amilint: error: --var-file envs: not a Terraform variable file (.tfvars or .tfvars.json); see 'amilint --help'\n"},
      {"--var-file live/main.tf live",
       "amilint: error: --var-file live/main.tf: not a Terraform variable file (.tfvars or .tfvars.json); see 'amilint "
       "--help'\n"},
      {"--var-file envs/prod.tfvars --var-file gone.tfvars.json live",
       "amilint: error: --var-file gone.tfvars.json: cannot read it (No such file or directory); --var-file paths are "
       "relative to the current directory\n"},
      {"live --var-file", "amilint: error: --var-file needs a value (FILE); see 'amilint --help'\n"},
  };
  for (const auto& c : cases) {
    Run r = run_amilint(std::string("--no-config ") + c.args, t.path, 60);
    INFO(c.args);
    CHECK(r.code == 2);
    CHECK(r.out.empty());
    CHECK(r.err == c.error);
  }
  fs::create_directories(t.path / "dir.tfvars");
  Run dir = run_amilint("--no-config --var-file dir.tfvars live", t.path, 60);
  CHECK(dir.code == 2);
  CHECK(dir.err == "amilint: error: --var-file dir.tfvars: cannot read it (Is a directory); see 'amilint --help'\n");
}

TEST_CASE("config var_files: relative to the config file, before --var-file", "[var-file][config]") {
  TempDir t(true);
  t.write("infra/live/main.tf", kModule);
  t.write("infra/env/west.tfvars", "region = \"us-west-2\"\n");
  t.write("infra/env/east.tfvars", "region = \"us-east-1\"\n");
  write_inventory(t);
  t.write("infra/.amilint.yaml", "var_files: [env/west.tfvars]\n");
  const Lines wrong{"live/main.tf:10:19 AMI010"};
  CHECK(findings(lint("--inventory ../inventory live", t, "infra")) == wrong);
  // From another directory the path still means infra/env/west.tfvars.
  CHECK(findings(lint("--inventory ../../inventory .", t, "infra/live")) == Lines{"main.tf:10:19 AMI010"});
  CHECK(findings(lint("--config infra/.amilint.yaml --inventory inventory infra/live", t)) ==
        Lines{"infra/live/main.tf:10:19 AMI010"});
  // --var-file comes after: it wins.
  CHECK(findings(lint("--inventory ../inventory --var-file env/east.tfvars live", t, "infra")).empty());
  CHECK(findings(lint("--no-config --inventory ../inventory live", t, "infra")) ==
        Lines{"live/main.tf:10:19 AMI002"});
}

TEST_CASE("config var_files: an overrides entry scopes them to its paths, after the top level's",
          "[var-file][config]") {
  TempDir t(true);
  t.write("envs/prod/main.tf", kModule);
  t.write("envs/dev/main.tf", kModule);
  t.write("vars/east.tfvars", "region = \"us-east-1\"\n");
  t.write("vars/west.tfvars", "region = \"us-west-2\"\n");
  write_inventory(t);
  t.write(".amilint.yaml",
          "inventory: inventory\n"
          "var_files: [vars/east.tfvars]\n"
          "overrides:\n"
          "  - paths: ['envs/prod/**']\n"
          "    var_files: [vars/west.tfvars]\n");
  CHECK(findings(lint("envs", t)) == Lines{"envs/prod/main.tf:10:19 AMI010"});
  CHECK(findings(lint("envs/dev/main.tf envs/prod/main.tf", t)) == Lines{"envs/prod/main.tf:10:19 AMI010"});
  // Only in the override: dev has no region at all.
  t.write(".amilint.yaml",
          "inventory: inventory\n"
          "overrides:\n"
          "  - paths: ['envs/prod']\n"
          "    var_files: vars/west.tfvars\n");
  CHECK(findings(lint("envs", t)) == Lines{"envs/dev/main.tf:10:19 AMI002", "envs/prod/main.tf:10:19 AMI010"});
  // --var-file comes after the overrides' too.
  CHECK(findings(lint("--var-file vars/east.tfvars envs", t)).empty());
}

TEST_CASE("config var_files: a missing file is a configuration error at its entry", "[var-file][config]") {
  TempDir t(true);
  t.write("live/main.tf", kModule);
  t.write("cfg/.amilint.yaml",
          "var_files:\n"
          "  - ../vars/a.tfvars\n"
          "overrides:\n"
          "  - paths: [live]\n"
          "    var_files: [../vars/b.tfvars]\n");
  t.write("vars/a.tfvars", "region = \"us-east-1\"\n");
  Run r = run_amilint("--config cfg/.amilint.yaml live", t.path, 60);
  CHECK(r.code == 2);
  CHECK(r.out.empty());
  CHECK(r.err == "amilint: error: cfg/.amilint.yaml:5:17: var_files entry '../vars/b.tfvars': cannot read it (No such "
                 "file or directory); var_files paths are relative to the config file's directory\n");
  fs::remove(t.path / "vars/a.tfvars");
  Run first = run_amilint("--config cfg/.amilint.yaml live", t.path, 60);
  CHECK(first.err.find("cfg/.amilint.yaml:2:5: var_files entry '../vars/a.tfvars': cannot read it") !=
        std::string::npos);
}
