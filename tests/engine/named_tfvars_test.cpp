// A Terraform variable file named on the command line (as pre-commit passes it) lints
// its module and reports the findings that rest on it: those located in it, and those
// elsewhere in the module that it changes. Checked through the real binary against a
// walk of the directory with and without the file.
#include <nlohmann/json.hpp>

#include <algorithm>
#include <set>
#include <string>
#include <vector>

#include "tests/test_util.h"

using namespace amilint_test;

namespace {

using Lines = std::vector<std::string>;

// The findings of a JSON report as "file:line:col RULE message", sorted.
Lines findings_of(const Run& r) {
  INFO(r.out << r.err);
  auto j = nlohmann::json::parse(r.out);
  Lines out;
  for (const auto& f : j["findings"])
    out.push_back(f["file"].get<std::string>() + ":" + std::to_string(f["line"].get<int>()) + ":" +
                  std::to_string(f["column"].get<int>()) + " " + f["rule"].get<std::string>() + " " +
                  f["message"].get<std::string>());
  std::sort(out.begin(), out.end());
  return out;
}

Lines lint(const std::string& args, const fs::path& dir) {
  return findings_of(run_amilint("--no-config --format json " + args, dir, 60));
}

// Only "file:line:col RULE" of each finding.
Lines short_of(const Lines& l) {
  Lines out;
  for (const auto& s : l) {
    size_t sp = s.find(' ', s.find(' ') + 1);
    out.push_back(s.substr(0, sp));
  }
  return out;
}

// What rests on `file` (relative to the module directory `dir`), worked out from two
// walks: the findings located in it, and the findings of the walk that the walk
// without it does not have.
Lines resting_on(const TempDir& t, const std::string& dir, const std::string& file) {
  Lines all = lint(dir, t.path);
  fs::path p = t.path / dir / file;
  fs::rename(p, p.string() + ".off");
  Lines without = lint(dir, t.path);
  fs::rename(p.string() + ".off", p);
  std::multiset<std::string> rest(without.begin(), without.end());
  Lines out;
  for (const auto& f : all) {
    bool in_file = f.rfind(dir + "/" + file + ":", 0) == 0;
    auto same = rest.find(f);
    if (same != rest.end() && !in_file) {
      rest.erase(same);
      continue;
    }
    out.push_back(f);
  }
  return out;
}

// A module whose variable files set an AMI (located in the file), a part of an AMI
// built in main.tf (located in main.tf), a region, and a value a later file overrides.
void write_module(const TempDir& t) {
  t.write("live/main.tf", R"(provider "aws" {
  region = var.region
}
variable "region" { default = "us-east-1" }
variable "ami" { default = "ami-0123456789abcdef0" }
variable "suffix" { default = "0123456789abcdef0" }
resource "aws_instance" "web" {
  ami = var.ami
}
resource "aws_instance" "built" {
  ami = "ami-${var.suffix}"
}
resource "aws_instance" "fixed" {
  ami = "ami-zz"
}
module "child" {
  source = "./child"
}
)");
  t.write("live/child/main.tf", "resource \"aws_instance\" \"c\" {\n  ami = \"ami-1\"\n}\n");
  t.write("live/terraform.tfvars", "ami = \"ami-2\"\n");
  t.write("live/a.auto.tfvars", "suffix = \"99\"\n");           // overridden by x.auto.tfvars.json
  t.write("live/x.auto.tfvars.json", "{\"suffix\": \"12\"}\n");
  t.write("live/y.auto.tfvars", "region = \"us-esat-1\"\n");
  t.write("live/good.auto.tfvars", "# nothing wrong here\n");
}

}  // namespace

TEST_CASE("named tfvars: the findings are the walk's that rest on the file", "[named-tfvars]") {
  TempDir t(true);
  write_module(t);
  // The walk sees all of them.
  CHECK(short_of(lint("live", t.path)) == Lines{"live/child/main.tf:2:9 AMI001", "live/main.tf:11:9 AMI001",
                                                "live/main.tf:14:9 AMI001", "live/terraform.tfvars:1:7 AMI001",
                                                "live/y.auto.tfvars:1:10 AMI013"});
  SECTION("a value located in the file") {
    Lines named = lint("live/terraform.tfvars", t.path);
    CHECK(short_of(named) == Lines{"live/terraform.tfvars:1:7 AMI001"});
    CHECK(named == resting_on(t, "live", "terraform.tfvars"));
  }
  SECTION("a value it gives to an expression in main.tf") {
    Lines named = lint("live/x.auto.tfvars.json", t.path);
    REQUIRE(short_of(named) == Lines{"live/main.tf:11:9 AMI001"});
    CHECK(named[0].find("'ami-12' is not an AMI ID") != std::string::npos);
    CHECK(named == resting_on(t, "live", "x.auto.tfvars.json"));
  }
  SECTION("a region") {
    Lines named = lint("live/y.auto.tfvars", t.path);
    CHECK(short_of(named) == Lines{"live/y.auto.tfvars:1:10 AMI013"});
    CHECK(named == resting_on(t, "live", "y.auto.tfvars"));
  }
  SECTION("a value a later file overrides, and a file without values, have none") {
    CHECK(lint("live/a.auto.tfvars", t.path).empty());
    CHECK(resting_on(t, "live", "a.auto.tfvars").empty());
    Run r = run_amilint("--no-config live/good.auto.tfvars", t.path, 60);
    CHECK(r.code == 0);
    CHECK(r.out.empty());
  }
  SECTION("a .tf file and a variable file named together: the module once, the union") {
    Lines both = lint("live/x.auto.tfvars.json live/main.tf", t.path);
    Lines tf = lint("live/main.tf", t.path);
    Lines vars = lint("live/x.auto.tfvars.json", t.path);
    std::set<std::string> u(tf.begin(), tf.end());
    u.insert(vars.begin(), vars.end());
    CHECK(both == Lines(u.begin(), u.end()));
    REQUIRE(vars.size() == 1);
    CHECK(std::count(both.begin(), both.end(), vars[0]) == 1);
  }
  SECTION("exit code 1 on a finding, as when walked") {
    CHECK(run_amilint("--no-config live/terraform.tfvars", t.path, 60).code == 1);
    CHECK(run_amilint("--no-config live/a.auto.tfvars", t.path, 60).code == 0);
  }
}

TEST_CASE("named tfvars: a suppression in main.tf hides a finding that rests on a variable file",
          "[named-tfvars]") {
  TempDir t(true);
  write_module(t);
  std::string main = t.read("live/main.tf");
  main.replace(main.find("  ami = \"ami-${"), 0, "  # amilint:ignore AMI001 reason=\"test image\"\n");
  t.write("live/main.tf", main);
  Run r = run_amilint("--no-config --format json live/x.auto.tfvars.json", t.path, 60);
  CHECK(findings_of(r).empty());
  auto j = nlohmann::json::parse(r.out);
  CHECK(j["summary"]["suppressed"] == 1);
}

TEST_CASE("named tfvars: a variable file Terraform reads only with -var-file is applied after the others",
          "[named-tfvars]") {
  TempDir t(true);
  write_module(t);
  // prod.tfvars overrides the AMI of terraform.tfvars and the suffix of x.auto.tfvars.json:
  // the AMI built in main.tf becomes well-formed, and a literal where the region
  // (us-esat-1) pins none.
  t.write("live/prod.tfvars", "ami = \"ami-3\"\nsuffix = \"0123456789abcdef0\"\n");
  t.write("live/bad.tfvars.json", "{\"suffix\": \"7\"}\n");
  CHECK(short_of(lint("live/prod.tfvars", t.path)) == Lines{"live/main.tf:11:9 AMI002", "live/prod.tfvars:1:7 AMI001"});
  Lines bad = lint("live/bad.tfvars.json", t.path);
  REQUIRE(short_of(bad) == Lines{"live/main.tf:11:9 AMI001"});
  CHECK(bad[0].find("'ami-7'") != std::string::npos);
  // Each is applied alone: two named together are two lintings of the module.
  CHECK(short_of(lint("live/prod.tfvars live/bad.tfvars.json", t.path)) ==
        Lines{"live/main.tf:11:9 AMI001", "live/main.tf:11:9 AMI002", "live/prod.tfvars:1:7 AMI001"});
  // A walk does not apply them.
  CHECK(short_of(lint("live", t.path)) == Lines{"live/child/main.tf:2:9 AMI001", "live/main.tf:11:9 AMI001",
                                                "live/main.tf:14:9 AMI001", "live/terraform.tfvars:1:7 AMI001",
                                                "live/y.auto.tfvars:1:10 AMI013"});
}

TEST_CASE("named tfvars: without a module in the directory, skipped with a note", "[named-tfvars]") {
  TempDir t(true);
  t.write("vars/a.auto.tfvars", "ami = \"ami-1\"\n");
  t.write("vars/prod.tfvars.json", "{\"ami\": \"ami-1\"}\n");
  Run r = run_amilint("--no-config vars/a.auto.tfvars vars/prod.tfvars.json", t.path, 60);
  CHECK(r.code == 0);
  CHECK(r.out.empty());
  CHECK(r.err.find("amilint: note: vars/a.auto.tfvars: skipped (no Terraform module here") != std::string::npos);
  CHECK(r.err.find("amilint: note: vars/prod.tfvars.json: skipped (no Terraform module here") != std::string::npos);
}

TEST_CASE("named Packer files lint their directory's build: a source no build uses is clean", "[named-tfvars]") {
  TempDir t(true);
  t.write("img/build.pkr.hcl", "source \"amazon-ebs\" \"x\" {\n  source_ami = \"ami-1\"\n}\n");
  t.write("img/legacy.pkr.json", "{\"builders\": [{\"type\": \"amazon-ebs\", \"source_ami\": \"ami-1\"}]}\n");
  t.write("img/vars.pkrvars.hcl", "ami = \"ami-1\"\n");
  Run r = run_amilint("--no-config img/build.pkr.hcl img/legacy.pkr.json img/vars.pkrvars.hcl", t.path, 60);
  CHECK(r.code == 0);
  CHECK(r.out.empty());
  CHECK(r.err.find("skipped") == std::string::npos);
}
