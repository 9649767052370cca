// Discover: the .pkr.hcl and .pkr.json files of a directory are one Packer build, read
// with the variable files Packer reads itself; a named variable file lints the build
// with it applied; a legacy JSON template is a template recognised by its content;
// CloudFormation templates and plans beside them are unaffected.
#include <catch2/catch.hpp>
#include <string>
#include <vector>

#include "linter/discover/discover.h"
#include "linter/discover/sniff.h"
#include "linter/discover/units.h"
#include "linter/engine/lint_unit.h"
#include "linter/load/load.h"
#include "rules/rule.h"
#include "tests/test_util.h"

using namespace amilint;
using amilint_test::TempDir;
namespace fs = std::filesystem;

namespace {

std::vector<std::string> names(const Unit& u, const std::vector<uint32_t>& ids) {
  std::vector<std::string> out;
  for (uint32_t i : ids) out.push_back(fs::path(u.files[i]->path).filename().string());
  return out;
}

std::vector<Format> formats(const Unit& u, const std::vector<uint32_t>& ids) {
  std::vector<Format> out;
  for (uint32_t i : ids) out.push_back(u.files[i]->format);
  return out;
}

void write_build(const TempDir& t) {
  t.write("img/sources.pkr.hcl", "source \"amazon-ebs\" \"a\" {\n  region = var.region\n}\n");
  t.write("img/build.pkr.hcl", "build {\n  sources = [\"source.amazon-ebs.a\"]\n}\n");
  t.write("img/vars.pkr.json", "{\"variable\": {\"region\": {\"default\": \"us-east-1\"}}}\n");
  t.write("img/z.auto.pkrvars.hcl", "region = \"eu-west-1\"\n");
  t.write("img/a.auto.pkrvars.json", "{\"region\": \"eu-west-2\"}\n");
  t.write("img/prod.pkrvars.hcl", "region = \"us-west-2\"\n");
  t.write("img/legacy.json",
          "{\"variables\": {\"r\": \"us-east-1\"},\n \"builders\": [{\"type\": \"amazon-ebs\", \"region\": \"{{user `r`}}\"}]}\n");
  t.write("img/stack.yaml", "AWSTemplateFormatVersion: '2010-09-09'\nResources: {}\n");
  t.write("img/plan.json", "{\"format_version\": \"1.2\", \"planned_values\": {}}\n");
}

}  // namespace

TEST_CASE("packer units: the templates of a directory are one build, read with its auto variable files",
          "[discover][units][packer]") {
  TempDir t;
  write_build(t);
  std::string dir = (t.path / "img").string();
  DiscoverResult d = discover({dir}, {});
  REQUIRE(d.errors.empty());
  std::vector<std::string> walked;
  for (const auto& f : d.files) walked.push_back(fs::path(f.path).filename().string());
  // .pkr.hcl and .pkrvars.hcl files are walked too
  CHECK(walked == std::vector<std::string>{"a.auto.pkrvars.json", "build.pkr.hcl", "legacy.json", "plan.json",
                                           "prod.pkrvars.hcl", "sources.pkr.hcl", "stack.yaml",
                                           "vars.pkr.json", "z.auto.pkrvars.hcl"});
  std::vector<Unit> units = make_units(d.files, 2);
  std::vector<UnitKind> kinds;
  for (const auto& u : units) kinds.push_back(u.kind);
  // one build (its first candidate a.auto.pkrvars.json), then the other files in the walk's order
  REQUIRE(units.size() == 5);
  CHECK(kinds == std::vector<UnitKind>{UnitKind::PackerBuild, UnitKind::Template, UnitKind::Template,
                                       UnitKind::Template, UnitKind::Template});
  const Unit& b = units[0];
  CHECK(b.candidates == std::vector<size_t>{0, 1, 5, 7, 8});
  REQUIRE(b.dirs.size() == 1);
  CHECK(names(b, b.dirs[0].config) == std::vector<std::string>{"build.pkr.hcl", "sources.pkr.hcl", "vars.pkr.json"});
  CHECK(formats(b, b.dirs[0].config) == std::vector<Format>{Format::PkrHcl, Format::PkrHcl, Format::PkrJson});
  // Packer reads *.auto.pkrvars.* by name; prod.pkrvars.hcl only when given
  CHECK(names(b, b.dirs[0].vars) == std::vector<std::string>{"a.auto.pkrvars.json", "z.auto.pkrvars.hcl"});
  CHECK(formats(b, b.dirs[0].vars) == std::vector<Format>{Format::PkrVarsJson, Format::PkrVars});
  CHECK(b.files.size() == 5);  // each file once
  for (const auto& f : b.files) {
    REQUIRE(f->content);
    CHECK(f->read_error() == 0);
    CHECK(f->display == f->path);  // walked files keep their names
  }
  CHECK(units[1].candidates == std::vector<size_t>{2});  // legacy.json: a template
  CHECK(units[3].candidates == std::vector<size_t>{4});  // prod.pkrvars.hcl walked: a file of its own

  // The engine: the build is evaluated and adapted, and counted as a template.
  EngineOptions options;
  UnitResult r = lint_unit(b, options, {}, false);
  REQUIRE(r.reports.size() == 5);
  CHECK(r.reports[1].display == b.files[b.dirs[0].config[0]]->display);
  CHECK(r.reports[0].note.empty());
  CHECK(r.reports[0].is_template);
  CHECK(r.reports[1].format == Format::PkrHcl);
  CHECK(r.reports[0].format == Format::PkrVarsJson);
}

TEST_CASE("packer units: a named variable file lints its directory's build with it applied",
          "[discover][units][packer]") {
  TempDir t;
  write_build(t);
  std::string dir = (t.path / "img").string();
  std::vector<Candidate> files{{dir + "/prod.pkrvars.hcl", "img/prod.pkrvars.hcl", true, 0, nullptr}};
  std::vector<Unit> units = make_units(files, 1);
  REQUIRE(units.size() == 1);
  const Unit& b = units[0];
  CHECK(b.kind == UnitKind::PackerBuild);
  CHECK(b.candidate_displays == std::vector<std::string>{"img/prod.pkrvars.hcl"});
  CHECK(names(b, b.dirs[0].config) == std::vector<std::string>{"build.pkr.hcl", "sources.pkr.hcl", "vars.pkr.json"});
  // after the auto variable files, as `packer build -var-file` would
  CHECK(names(b, b.dirs[0].vars) ==
        std::vector<std::string>{"a.auto.pkrvars.json", "z.auto.pkrvars.hcl", "prod.pkrvars.hcl"});
  CHECK(b.files[b.dirs[0].vars[2]]->named);
  CHECK(b.files[b.dirs[0].vars[2]]->display == "img/prod.pkrvars.hcl");
}

TEST_CASE("packer units: a named variable file where there is no build", "[discover][units][packer]") {
  TempDir t;
  t.write("none/prod.pkrvars.hcl", "region = \"us-west-2\"\n");
  std::vector<Candidate> files{{(t.path / "none/prod.pkrvars.hcl").string(), "none/prod.pkrvars.hcl", true, 0, nullptr}};
  std::vector<Unit> units = make_units(files, 1);
  REQUIRE(units.size() == 1);
  CHECK(units[0].kind == UnitKind::PackerBuild);
  UnitResult r = lint_unit(units[0], EngineOptions{}, {}, false);
  REQUIRE(r.reports.size() == 1);
  CHECK(r.reports[0].note == "no Packer build here: no .pkr.hcl or .pkr.json file in its directory");
}

TEST_CASE("packer units: classify tells a legacy Packer template from templates and plans", "[discover][packer]") {
  auto kind = [](const std::string& text) {
    SourceFile f;
    f.path = "x.json";
    f.display = "x.json";
    f.format = Format::CfnJson;
    f.content = std::make_shared<FileText>(text);
    LoadedFile l = load_file(f);
    return classify(l.doc.root, l.doc.errors.empty(), Format::CfnJson, f.text());
  };
  CHECK(kind("{\"builders\": [{\"type\": \"amazon-ebs\"}]}") == DocKind::PackerLegacy);
  CHECK(kind("{\"builders\": [{\"type\": \"docker\"}], \"provisioners\": []}") == DocKind::PackerLegacy);
  CHECK(kind("{\"builders\": []}") == DocKind::NotTemplate);
  CHECK(kind("{\"builders\": [{\"name\": \"x\"}]}") == DocKind::NotTemplate);
  CHECK(kind("{\"builders\": {\"type\": \"amazon-ebs\"}}") == DocKind::NotTemplate);
  CHECK(kind("{\"Resources\": {\"A\": {\"Type\": \"AWS::EC2::Instance\"}}, \"builders\": [{\"type\": \"amazon-ebs\"}]}") ==
        DocKind::CfnTemplate);
  CHECK(kind("{\"format_version\": \"1.2\", \"planned_values\": {}}") == DocKind::TfPlan);
}

TEST_CASE("packer units: a legacy template is linted as a Packer build, its syntax errors AMI000",
          "[engine][packer]") {
  TempDir t;
  write_build(t);
  t.write("broken/b.pkr.hcl", "source \"amazon-ebs\" \"a\" {\n  region = \n}\n");
  std::string legacy = (t.path / "img/legacy.json").string();
  std::vector<Unit> units = make_units({{legacy, "legacy.json", true, 0, nullptr}}, 1);
  REQUIRE(units.size() == 1);
  read_unit(units[0]);
  UnitResult r = lint_unit(units[0], EngineOptions{}, {}, false);
  REQUIRE(r.reports.size() == 1);
  CHECK(r.reports[0].note.empty());
  CHECK(r.reports[0].is_template);
  CHECK(r.reports[0].format == Format::PkrJson);
  CHECK(r.reports[0].findings.empty());

  // A build whose HCL is broken: AMI000 in its file, at the offending character.
  std::string broken = (t.path / "broken").string();
  DiscoverResult d = discover({broken}, {});
  std::vector<Unit> bu = make_units(d.files, 1);
  REQUIRE(bu.size() == 1);
  REQUIRE(bu[0].kind == UnitKind::PackerBuild);
  std::vector<const Rule*> ami000{find_rule("AMI000")};
  UnitResult br = lint_unit(bu[0], EngineOptions{}, ami000, false);
  REQUIRE(br.reports.size() == 1);
  REQUIRE(br.reports[0].findings.size() == 1);
  CHECK(br.reports[0].findings[0].rule == std::string("AMI000"));
  CHECK(br.reports[0].findings[0].line == 2);  // the end of `region = `, where a value was expected
  CHECK(br.reports[0].findings[0].column == 12);
}
