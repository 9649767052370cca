// Discover's second half: the walked (or named) files grouped into units
// (make_units), templates read when a worker takes them (read_unit), and the local
// module sources a Terraform file calls (local_sources, join_path).
#include <sys/stat.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <cerrno>
#include <string>
#include <vector>

#include "linter/discover/discover.h"
#include "linter/discover/units.h"
#include "tests/test_util.h"

using namespace amilint;
using amilint_test::InDir;
using amilint_test::TempDir;
namespace fs = std::filesystem;

namespace {

// The candidates a walk of `paths` finds (no excludes).
std::vector<Candidate> walk(const std::vector<std::string>& paths) {
  DiscoverResult d = discover(paths, {});
  REQUIRE(d.errors.empty());
  return d.files;
}

std::vector<std::string> displays(const Unit& u, const std::vector<uint32_t>& ids) {
  std::vector<std::string> out;
  for (uint32_t i : ids) out.push_back(u.files[i]->display);
  return out;
}

std::vector<std::string> paths(const Unit& u, const std::vector<uint32_t>& ids) {
  std::vector<std::string> out;
  for (uint32_t i : ids) out.push_back(u.files[i]->path);
  return out;
}

std::vector<Format> formats(const Unit& u, const std::vector<uint32_t>& ids) {
  std::vector<Format> out;
  for (uint32_t i : ids) out.push_back(u.files[i]->format);
  return out;
}

std::vector<std::string> dir_names(const Unit& u) {
  std::vector<std::string> out;
  for (const auto& d : u.dirs) out.push_back(d.dir);
  return out;
}

// The unit file at `path` (null when the unit has none).
const SourceFile* file_at(const Unit& u, const std::string& path) {
  for (const auto& f : u.files)
    if (f->path == path) return f.get();
  return nullptr;
}

// A directory's device and inode, as "dev:ino".
std::string identity(const fs::path& p) {
  struct stat st;
  REQUIRE(::stat(p.c_str(), &st) == 0);
  return std::to_string(st.st_dev) + ":" + std::to_string(st.st_ino);
}

}  // namespace

// ---- templates ----

TEST_CASE("units: each template is a Template unit of its own, unread until read_unit", "[discover][units]") {
  TempDir t;
  t.write("a.json", R"({"Resources": {}})");
  t.write("b.yaml", "Resources: {}\n");
  t.write("c.template", "  \n{\"Resources\": {}}");
  t.write("d.template", "AWSTemplateFormatVersion: '2010-09-09'\n");
  t.write("e.yml", "{}\n");  // a .yml name wins over a JSON-looking text
  std::string root = t.path.string();
  auto files = walk({root});
  REQUIRE(files.size() == 5);

  std::vector<Unit> units = make_units(files, 2);
  REQUIRE(units.size() == 5);
  const char* names[] = {"a.json", "b.yaml", "c.template", "d.template", "e.yml"};
  for (size_t i = 0; i < units.size(); ++i) {
    INFO(names[i]);
    const Unit& u = units[i];
    CHECK(u.kind == UnitKind::Template);
    REQUIRE(u.files.size() == 1);
    CHECK(u.files[0]->path == root + "/" + names[i]);
    CHECK(u.files[0]->display == root + "/" + names[i]);
    CHECK(u.files[0]->content == nullptr);  // not read yet
    CHECK(u.files[0]->text().empty());
    CHECK(u.candidates == std::vector<size_t>{i});
    CHECK(u.dirs.empty());
    CHECK_FALSE(u.named);
    CHECK(u.weight == files[i].size);
  }
  CHECK(units[0].weight == 17);

  const Format expected[] = {Format::CfnJson, Format::CfnYaml, Format::CfnJson, Format::CfnYaml, Format::CfnYaml};
  for (size_t i = 0; i < units.size(); ++i) {
    INFO(names[i]);
    read_unit(units[i]);
    REQUIRE(units[i].files[0]->content != nullptr);
    CHECK(units[i].files[0]->text() == t.read(names[i]));
    CHECK(units[i].files[0]->read_error() == 0);
    CHECK(units[i].files[0]->format == expected[i]);
    CHECK(units[i].files[0]->path == root + "/" + names[i]);
  }

  // Idempotent: a unit already read keeps its text.
  auto before = units[0].files[0]->content;
  t.write("a.json", "{}");
  read_unit(units[0]);
  CHECK(units[0].files[0]->content == before);
  CHECK(units[0].files[0]->text() == R"({"Resources": {}})");
}

TEST_CASE("units: a named template is a named unit, its display the name given", "[discover][units]") {
  TempDir t;
  t.write("stack.yaml", "Resources: {}\n");
  InDir in(t.path);
  auto files = walk({"./stack.yaml"});
  REQUIRE(files.size() == 1);
  std::vector<Unit> units = make_units(files, 1);
  REQUIRE(units.size() == 1);
  CHECK(units[0].kind == UnitKind::Template);
  CHECK(units[0].named);
  REQUIRE(units[0].files.size() == 1);
  CHECK(units[0].files[0]->named);
  CHECK(units[0].files[0]->display == "./stack.yaml");
  read_unit(units[0]);
  CHECK(units[0].files[0]->text() == "Resources: {}\n");
  CHECK(units[0].files[0]->display == "./stack.yaml");
}

TEST_CASE("units: a template removed after discovery has read_error ENOENT", "[discover][units]") {
  TempDir t;
  t.write("gone.json", "{}");
  t.write("kept.yaml", "a: 1\n");
  auto files = walk({t.path.string()});
  REQUIRE(files.size() == 2);
  fs::remove(t.path / "gone.json");
  std::vector<Unit> units = make_units(files, 2);
  REQUIRE(units.size() == 2);
  REQUIRE_NOTHROW(read_unit(units[0]));
  read_unit(units[1]);
  REQUIRE(units[0].files[0]->content != nullptr);
  CHECK(units[0].files[0]->read_error() == ENOENT);
  CHECK(units[0].files[0]->text().empty());
  CHECK(units[0].files[0]->format == Format::CfnJson);  // still by its name
  CHECK(units[1].files[0]->read_error() == 0);
  CHECK(units[1].files[0]->text() == "a: 1\n");
}

// ---- Terraform modules ----

TEST_CASE("units: the .tf and .tf.json files of a directory are one module, read with its variable files",
          "[discover][units]") {
  TempDir t;
  t.write("stack/variables.tf", "variable \"x\" {}\n");
  t.write("stack/main.tf", "resource \"aws_instance\" \"a\" {}\n");
  t.write("stack/extra.tf.json", "{}\n");
  t.write("stack/z.auto.tfvars", "x = 1\n");
  t.write("stack/terraform.tfvars.json", "{\"x\": 2}\n");
  t.write("stack/a.auto.tfvars.json", "{\"x\": 3}\n");
  t.write("stack/terraform.tfvars", "x = 4\n");
  t.write("stack/b.auto.tfvars", "x = 5\n");
  t.write("stack/other.tfvars", "x = 6\n");       // not loaded by Terraform: ignored
  t.write("stack/secret.tfvars.json", "{}\n");    // idem
  t.write("stack/notes.txt", "x\n");
  std::string dir = (t.path / "stack").string();
  auto files = walk({dir});
  // The walk takes every .json and .tf file, by name.
  std::vector<std::string> walked;
  for (const auto& f : files) walked.push_back(f.path.substr(dir.size() + 1));
  REQUIRE(walked == std::vector<std::string>{"a.auto.tfvars.json", "extra.tf.json", "main.tf", "secret.tfvars.json",
                                             "terraform.tfvars.json", "variables.tf"});

  std::vector<Unit> units = make_units(files, 2);
  // The variable files the walk found are read with the module (once), not as
  // templates; a .tfvars.json Terraform does not read is just a JSON file. The three
  // configuration files are one module.
  REQUIRE(units.size() == 4);
  CHECK(units[0].kind == UnitKind::VariableFile);
  CHECK(units[0].candidates == std::vector<size_t>{0});
  CHECK(units[2].kind == UnitKind::Template);
  CHECK(units[2].candidates == std::vector<size_t>{3});
  CHECK(units[3].kind == UnitKind::VariableFile);
  CHECK(units[3].candidates == std::vector<size_t>{4});

  const Unit& m = units[1];
  CHECK(m.kind == UnitKind::TerraformModule);
  CHECK(m.candidates == std::vector<size_t>{1, 2, 5});
  CHECK_FALSE(m.named);
  CHECK(m.weight == files[1].size + files[2].size + files[5].size);
  REQUIRE(m.dirs.size() == 1);
  const ModuleDir& root = m.dirs[0];
  CHECK(root.dir == dir);
  CHECK(root.display == dir);
  CHECK(root.identity == identity(dir));
  CHECK(paths(m, root.config) == std::vector<std::string>{dir + "/extra.tf.json", dir + "/main.tf", dir + "/variables.tf"});
  CHECK(displays(m, root.config) == paths(m, root.config));
  CHECK(formats(m, root.config) == std::vector<Format>{Format::TfJson, Format::TfHcl, Format::TfHcl});
  CHECK(paths(m, root.vars) == std::vector<std::string>{dir + "/terraform.tfvars", dir + "/terraform.tfvars.json",
                                                         dir + "/a.auto.tfvars.json", dir + "/b.auto.tfvars",
                                                         dir + "/z.auto.tfvars"});
  CHECK(formats(m, root.vars) == std::vector<Format>{Format::TfVars, Format::TfVarsJson, Format::TfVarsJson,
                                                      Format::TfVars, Format::TfVars});
  CHECK(m.files.size() == 8);
  // Read by make_units, every one.
  for (const auto& f : m.files) {
    INFO(f->path);
    REQUIRE(f->content != nullptr);
    CHECK(f->read_error() == 0);
    CHECK(f->text() == t.read(fs::path(f->path).lexically_relative(t.path).string()));
    CHECK_FALSE(f->named);
  }
  CHECK(m.files[root.vars[0]]->text() == "x = 4\n");
  // read_unit has nothing left to read.
  Unit copy = m;
  read_unit(copy);
  for (size_t i = 0; i < m.files.size(); ++i) CHECK(copy.files[i] == m.files[i]);
}

TEST_CASE("units: modules are grouped by directory, in the walk's order", "[discover][units]") {
  TempDir t;
  t.write("b/main.tf", "");
  t.write("a/x.tf", "");
  t.write("a/y.tf", "");
  t.write("a/t.yaml", "Resources: {}\n");
  auto files = walk({t.path.string()});
  REQUIRE(files.size() == 4);  // a/t.yaml a/x.tf a/y.tf b/main.tf
  std::vector<Unit> units = make_units(files, 2);
  REQUIRE(units.size() == 3);
  CHECK(units[0].kind == UnitKind::Template);
  CHECK(units[0].candidates == std::vector<size_t>{0});
  CHECK(units[1].kind == UnitKind::TerraformModule);
  CHECK(units[1].candidates == std::vector<size_t>{1, 2});
  CHECK(units[1].dirs.size() == 1);
  CHECK(units[1].dirs[0].dir == (t.path / "a").string());
  CHECK(units[2].kind == UnitKind::TerraformModule);
  CHECK(units[2].candidates == std::vector<size_t>{3});
  CHECK(units[2].dirs[0].dir == (t.path / "b").string());
}

TEST_CASE("units: local child modules are read into dirs, recursively, also outside the walked paths",
          "[discover][units]") {
  TempDir t;
  t.write("envs/prod/main.tf", R"(module "a" {
  source = "../../modules/a"
}
module "vpc" {
  source  = "terraform-aws-modules/vpc/aws"
  version = "5.0.0"
}
module "git" {
  source = "git::https://example.com/m.git"
}
)");
  t.write("modules/a/main.tf", "module \"b\" {\n  source = \"../b\"\n}\n");
  t.write("modules/a/terraform.tfvars", "x = 1\n");  // only the root's variable files count
  t.write("modules/b/main.tf.json", R"({"module": {"c": {"source": "./c"}}})");
  t.write("modules/b/c/res.tf", "resource \"aws_instance\" \"c\" {}\n");
  t.write("modules/b/c/notes.md", "");
  std::string base = t.path.string();
  auto files = walk({base + "/envs/prod"});
  REQUIRE(files.size() == 1);
  std::vector<Unit> units = make_units(files, 2);
  REQUIRE(units.size() == 1);
  const Unit& u = units[0];
  CHECK(u.kind == UnitKind::TerraformModule);
  CHECK(u.candidates == std::vector<size_t>{0});
  CHECK(dir_names(u) == std::vector<std::string>{base + "/envs/prod", base + "/modules/a", base + "/modules/b",
                                                  base + "/modules/b/c"});
  std::vector<std::string> shown, ids;
  for (const auto& d : u.dirs) {
    shown.push_back(d.display);
    ids.push_back(d.identity);
    CHECK(d.vars.empty());  // the root has none; a child's are not read
  }
  CHECK(shown == dir_names(u));
  CHECK(ids == std::vector<std::string>{identity(base + "/envs/prod"), identity(base + "/modules/a"),
                                        identity(base + "/modules/b"), identity(base + "/modules/b/c")});
  CHECK(paths(u, u.dirs[1].config) == std::vector<std::string>{base + "/modules/a/main.tf"});
  CHECK(paths(u, u.dirs[2].config) == std::vector<std::string>{base + "/modules/b/main.tf.json"});
  CHECK(formats(u, u.dirs[2].config) == std::vector<Format>{Format::TfJson});
  CHECK(paths(u, u.dirs[3].config) == std::vector<std::string>{base + "/modules/b/c/res.tf"});
  CHECK(displays(u, u.dirs[3].config) == std::vector<std::string>{base + "/modules/b/c/res.tf"});
  // Remote sources are not read; only .tf files and the root's variable files are.
  REQUIRE(u.files.size() == 4);
  for (const auto& f : u.files) {
    INFO(f->path);
    REQUIRE(f->content != nullptr);
    CHECK_FALSE(f->named);
  }
  CHECK(u.files[u.dirs[3].config[0]]->text() == "resource \"aws_instance\" \"c\" {}\n");
  CHECK(u.weight == files[0].size);  // the walked files only
}

TEST_CASE("units: display names of child modules follow the root's display", "[discover][units]") {
  TempDir t;
  t.write("live/main.tf", "module \"app\" { source = \"./app\" }\n");
  t.write("live/app/main.tf", "");
  InDir in(t.path);
  auto files = walk({"live/main.tf"});  // named, relative
  std::vector<Unit> units = make_units(files, 1);
  REQUIRE(units.size() == 1);
  const Unit& u = units[0];
  REQUIRE(u.dirs.size() == 2);
  CHECK(u.dirs[0].dir == "live");
  CHECK(u.dirs[1].dir == "live/app");
  CHECK(u.dirs[1].display == "live/app");
  CHECK(u.dirs[1].identity == identity(t.path / "live/app"));
  CHECK(displays(u, u.dirs[1].config) == std::vector<std::string>{"live/app/main.tf"});
  CHECK(paths(u, u.dirs[1].config) == std::vector<std::string>{"live/app/main.tf"});
}

TEST_CASE("units: a module that another module of the run calls is a ChildModule unit", "[discover][units]") {
  TempDir t;
  t.write("main.tf", "module \"app\" {\n  source = \"./app\"\n}\n");
  t.write("app/main.tf", "resource \"aws_instance\" \"web\" {}\n");
  t.write("app/outputs.tf", "");
  t.write("lonely/main.tf", "");
  std::string base = t.path.string();
  auto files = walk({base});
  REQUIRE(files.size() == 4);  // app/main.tf app/outputs.tf lonely/main.tf main.tf
  std::vector<Unit> units = make_units(files, 2);
  REQUIRE(units.size() == 3);
  const Unit& child = units[0];
  CHECK(child.kind == UnitKind::ChildModule);
  CHECK(child.candidates == std::vector<size_t>{0, 1});
  CHECK(child.files.empty());  // linted through its callers
  CHECK(child.dirs.empty());
  CHECK(units[1].kind == UnitKind::TerraformModule);  // called by no one
  CHECK(units[1].candidates == std::vector<size_t>{2});
  const Unit& root = units[2];
  CHECK(root.kind == UnitKind::TerraformModule);
  CHECK(root.candidates == std::vector<size_t>{3});
  REQUIRE(root.dirs.size() == 2);
  CHECK(root.dirs[1].dir == base + "/app");
  CHECK(paths(root, root.dirs[1].config) == std::vector<std::string>{base + "/app/main.tf", base + "/app/outputs.tf"});

  SECTION("not when the call is only in a comment") {
    t.write("main.tf", "# module \"app\" {\n#   source = \"./app\"\n# }\n");
    std::vector<Unit> us = make_units(walk({base}), 2);
    REQUIRE(us.size() == 3);
    CHECK(us[0].kind == UnitKind::TerraformModule);  // app: linted on its own
    CHECK(us[2].dirs.size() == 1);
  }

  SECTION("unless its files were named") {
    auto named = walk({base + "/main.tf", base + "/app/main.tf"});
    REQUIRE(named.size() == 2);
    std::vector<Unit> us = make_units(named, 2);
    REQUIRE(us.size() == 2);
    CHECK(us[0].kind == UnitKind::TerraformModule);
    CHECK(us[0].named);
    CHECK(us[1].kind == UnitKind::TerraformModule);
    CHECK(us[1].named);
    CHECK(us[1].candidates == std::vector<size_t>{1});
    // The named child's whole directory is read; only the named file is marked.
    REQUIRE(us[1].dirs.size() == 1);
    const Unit& c = us[1];
    CHECK(paths(c, c.dirs[0].config) == std::vector<std::string>{base + "/app/main.tf", base + "/app/outputs.tf"});
    CHECK(c.files[c.dirs[0].config[0]]->named);
    CHECK_FALSE(c.files[c.dirs[0].config[1]]->named);
    // The same file, reached from the caller and as a named file, is read once.
    const SourceFile* via_caller = file_at(us[0], base + "/app/main.tf");
    REQUIRE(via_caller);
    CHECK(via_caller->content == c.files[c.dirs[0].config[0]]->content);
  }
}

TEST_CASE("units: a child module called by two modules is read once", "[discover][units]") {
  TempDir t;
  t.write("envs/a/main.tf", "module \"s\" { source = \"../../modules/shared\" }\n");
  t.write("envs/b/main.tf", "module \"s\" {\n  source = \"../../modules/shared\"\n}\n");
  t.write("modules/shared/main.tf", "resource \"aws_instance\" \"x\" {}\n");
  std::string base = t.path.string();
  auto files = walk({base + "/envs"});
  REQUIRE(files.size() == 2);
  std::vector<Unit> units = make_units(files, 2);
  REQUIRE(units.size() == 2);
  REQUIRE(units[0].dirs.size() == 2);
  REQUIRE(units[1].dirs.size() == 2);
  const SourceFile* a = units[0].files[units[0].dirs[1].config[0]].get();
  const SourceFile* b = units[1].files[units[1].dirs[1].config[0]].get();
  CHECK(a->path == base + "/modules/shared/main.tf");
  CHECK(b->path == base + "/modules/shared/main.tf");
  REQUIRE(a->content != nullptr);
  CHECK(a->content == b->content);  // one FileText
  CHECK(a->text() == "resource \"aws_instance\" \"x\" {}\n");
}

TEST_CASE("units: a child module reached by two paths is read once", "[discover][units]") {
  TempDir t;
  t.write("main.tf", R"(module "one" {
  source = "./modules/shared"
}
module "two" {
  source = "./modules/link"
}
module "three" {
  source = "./modules/../modules/shared"
}
)");
  t.write("modules/shared/main.tf", "output \"x\" { value = 1 }\n");
  fs::create_directory_symlink("shared", t.path / "modules/link");
  std::string base = t.path.string();
  std::vector<Unit> units = make_units(walk({base + "/main.tf"}), 2);
  REQUIRE(units.size() == 1);
  const Unit& u = units[0];
  // "./modules/../modules/shared" is the first directory, written another way.
  REQUIRE(dir_names(u) == std::vector<std::string>{base, base + "/modules/shared", base + "/modules/link"});
  CHECK(u.dirs[1].identity == u.dirs[2].identity);
  CHECK(u.dirs[1].identity == identity(t.path / "modules/shared"));
  const SourceFile* a = u.files[u.dirs[1].config[0]].get();
  const SourceFile* b = u.files[u.dirs[2].config[0]].get();
  CHECK(a->path == base + "/modules/shared/main.tf");
  CHECK(b->path == base + "/modules/link/main.tf");
  CHECK(a->content == b->content);
}

TEST_CASE("units: named files read their whole directory and keep the name they were given",
          "[discover][units]") {
  TempDir t;
  t.write("main.tf", "module \"m\" { source = \"./m\" }\n");
  t.write("other.tf", "variable \"v\" {}\n");
  t.write("terraform.tfvars", "v = 1\n");
  t.write("m/main.tf", "");
  t.write("template.yaml", "Resources: {}\n");
  InDir in(t.path);
  auto files = walk({"./main.tf"});
  REQUIRE(files.size() == 1);
  CHECK(files[0].named);
  std::vector<Unit> units = make_units(files, 2);
  REQUIRE(units.size() == 1);
  const Unit& u = units[0];
  CHECK(u.kind == UnitKind::TerraformModule);
  CHECK(u.named);
  CHECK(u.candidates == std::vector<size_t>{0});
  REQUIRE(u.dirs.size() == 2);
  CHECK(u.dirs[0].dir == ".");
  CHECK(u.dirs[0].display == ".");
  CHECK(u.dirs[0].identity == identity(t.path));
  CHECK(displays(u, u.dirs[0].config) == std::vector<std::string>{"./main.tf", "other.tf"});
  CHECK(paths(u, u.dirs[0].config) == std::vector<std::string>{"main.tf", "other.tf"});
  CHECK(u.files[u.dirs[0].config[0]]->named);
  CHECK_FALSE(u.files[u.dirs[0].config[1]]->named);
  CHECK(displays(u, u.dirs[0].vars) == std::vector<std::string>{"terraform.tfvars"});
  CHECK(u.dirs[1].dir == "m");
  CHECK(u.dirs[1].display == "m");
  CHECK(displays(u, u.dirs[1].config) == std::vector<std::string>{"m/main.tf"});
  for (const auto& f : u.files) CHECK(f->content != nullptr);
  CHECK(u.files[u.dirs[0].config[1]]->text() == "variable \"v\" {}\n");
  CHECK(u.candidate_displays == std::vector<std::string>{"./main.tf"});

  SECTION("in the order they were named") {
    auto both = walk({"other.tf", "./main.tf"});
    std::vector<Unit> us = make_units(both, 2);
    REQUIRE(us.size() == 1);
    CHECK(us[0].candidates == std::vector<size_t>{0, 1});
    CHECK(us[0].candidate_displays == std::vector<std::string>{"other.tf", "./main.tf"});
  }
}

TEST_CASE("units: named variable files lint the module of their directory", "[discover][units][named-tfvars]") {
  TempDir t;
  t.write("main.tf", "variable \"v\" {}\n");
  t.write("terraform.tfvars", "v = 1\n");
  t.write("b.auto.tfvars.json", "{\"v\": 2}\n");
  t.write("prod.tfvars", "v = 3\n");
  t.write("dr.tfvars.json", "{\"v\": 4}\n");
  t.write("alone/x.auto.tfvars", "v = 5\n");
  InDir in(t.path);
  auto files = walk({"b.auto.tfvars.json", "prod.tfvars", "main.tf", "dr.tfvars.json", "alone/x.auto.tfvars"});
  REQUIRE(files.size() == 5);
  std::vector<Unit> units = make_units(files, 2);
  REQUIRE(units.size() == 4);
  // The module with the files Terraform reads itself: the named ones are its candidates.
  const Unit& m = units[0];
  CHECK(m.kind == UnitKind::TerraformModule);
  CHECK(m.named);
  CHECK(m.candidates == std::vector<size_t>{0, 2});
  CHECK(m.candidate_displays == std::vector<std::string>{"b.auto.tfvars.json", "main.tf"});
  REQUIRE(m.dirs.size() == 1);
  CHECK(displays(m, m.dirs[0].config) == std::vector<std::string>{"main.tf"});
  CHECK(displays(m, m.dirs[0].vars) == std::vector<std::string>{"terraform.tfvars", "b.auto.tfvars.json"});
  CHECK(formats(m, m.dirs[0].vars) == std::vector<Format>{Format::TfVars, Format::TfVarsJson});
  CHECK_FALSE(m.files[m.dirs[0].vars[0]]->named);
  CHECK(m.files[m.dirs[0].vars[1]]->named);
  // Each variable file Terraform reads only with -var-file: the module again, with it
  // applied last; only it is named there.
  for (size_t k : {size_t{1}, size_t{2}}) {
    const Unit& v = units[k];
    std::string name = k == 1 ? "prod.tfvars" : "dr.tfvars.json";
    INFO(name);
    CHECK(v.kind == UnitKind::TerraformModule);
    CHECK(v.named);
    CHECK(v.candidates == std::vector<size_t>{k == 1 ? size_t{1} : size_t{3}});
    CHECK(v.candidate_displays == std::vector<std::string>{name});
    REQUIRE(v.dirs.size() == 1);
    CHECK(displays(v, v.dirs[0].config) == std::vector<std::string>{"main.tf"});
    CHECK(displays(v, v.dirs[0].vars) == std::vector<std::string>{"terraform.tfvars", "b.auto.tfvars.json", name});
    for (uint32_t f : v.dirs[0].config) CHECK_FALSE(v.files[f]->named);
    CHECK_FALSE(v.files[v.dirs[0].vars[1]]->named);
    CHECK(v.files[v.dirs[0].vars[2]]->named);
    CHECK(v.files[v.dirs[0].vars[2]]->text() == t.read(name));
  }
  // No .tf file in its directory: a module unit without configuration.
  const Unit& a = units[3];
  CHECK(a.kind == UnitKind::TerraformModule);
  CHECK(a.candidates == std::vector<size_t>{4});
  REQUIRE(a.dirs.size() == 1);
  CHECK(a.dirs[0].config.empty());
  CHECK(a.dirs[0].vars.empty());
}

// ---- variable files the user gives (--var-file, config var_files) ----

TEST_CASE("read_var_files: each file read once, however many requests name it, and errors say why",
          "[discover][units][var-file]") {
  TempDir t;
  t.write("env/prod.tfvars", "region = \"us-west-2\"\n");
  t.write("env/dr.tfvars.json", "{\"region\": \"eu-west-1\"}\n");
  t.write("main.tf", "variable \"region\" {}\n");
  fs::create_directories(t.path / "dir.tfvars");
  InDir in(t.path);
  std::vector<std::string> errors;
  auto read = read_var_files({{"env/prod.tfvars", "env/prod.tfvars"},
                              {"./env/../env/prod.tfvars", "shown.tfvars"},
                              {"env/dr.tfvars.json", "env/dr.tfvars.json"},
                              {"env/missing.tfvars", "env/missing.tfvars"},
                              {"main.tf", "main.tf"},
                              {"dir.tfvars", "dir.tfvars"}},
                             errors);
  REQUIRE(read.size() == 6);
  REQUIRE(errors.size() == 6);
  REQUIRE(read[0]);
  REQUIRE(read[1]);
  CHECK(read[0]->content == read[1]->content);  // one text
  CHECK(read[0]->text() == "region = \"us-west-2\"\n");
  CHECK(read[0]->display == "env/prod.tfvars");
  CHECK(read[1]->display == "shown.tfvars");
  CHECK(read[1]->path == "./env/../env/prod.tfvars");
  CHECK(read[0]->format == Format::TfVars);
  REQUIRE(read[2]);
  CHECK(read[2]->format == Format::TfVarsJson);
  CHECK_FALSE(read[0]->named);
  for (size_t i : {0, 1, 2}) CHECK(errors[i].empty());
  CHECK_FALSE(read[3]);
  CHECK(errors[3] == "cannot read it (No such file or directory)");
  CHECK_FALSE(read[4]);
  CHECK(errors[4] == "not a Terraform variable file (.tfvars or .tfvars.json)");
  CHECK_FALSE(read[5]);
  CHECK(errors[5] == "cannot read it (Is a directory)");
}

TEST_CASE("apply_var_files: after Terraform's own files, before a named variable file, each file once",
          "[discover][units][var-file]") {
  TempDir t;
  t.write("live/main.tf", "variable \"v\" {}\n");
  t.write("live/terraform.tfvars", "v = 1\n");
  t.write("live/a.auto.tfvars", "v = 2\n");
  t.write("live/prod.tfvars", "v = 3\n");
  t.write("env/x.tfvars", "v = 4\n");
  t.write("stack.yaml", "Resources: {}\n");
  InDir in(t.path);
  std::vector<std::string> errors;
  // env/x.tfvars, then live/terraform.tfvars (which the module reads itself) and
  // live/prod.tfvars (named below) given again under other names.
  auto given = read_var_files({{"env/x.tfvars", "env/x.tfvars"},
                               {"./live/terraform.tfvars", "given/terraform.tfvars"},
                               {"live/../live/prod.tfvars", "given/prod.tfvars"}},
                              errors);
  for (const auto& g : given) REQUIRE(g);
  auto files = walk({"live/main.tf", "live/prod.tfvars", "stack.yaml"});
  std::vector<Unit> units = make_units(files, 2, given);
  REQUIRE(units.size() == 3);
  Unit& m = units[0];    // the module
  Unit& p = units[1];    // the module with the named live/prod.tfvars applied
  Unit& tpl = units[2];  // the template
  REQUIRE(m.kind == UnitKind::TerraformModule);
  REQUIRE(p.kind == UnitKind::TerraformModule);
  REQUIRE(tpl.kind == UnitKind::Template);
  CHECK(displays(m, m.dirs[0].vars) == std::vector<std::string>{"live/terraform.tfvars", "live/a.auto.tfvars"});
  size_t m_files = m.files.size();
  // The text make_units read of a file given before is the given one.
  CHECK(m.files[m.dirs[0].vars[0]]->content == given[1]->content);

  apply_var_files(m, given);
  // A file applied twice counts at its last place, under the module's name for it.
  CHECK(displays(m, m.dirs[0].vars) ==
        std::vector<std::string>{"live/a.auto.tfvars", "env/x.tfvars", "live/terraform.tfvars", "given/prod.tfvars"});
  CHECK(m.files.size() == m_files + 2);  // env/x.tfvars and live/prod.tfvars; terraform.tfvars stays one file
  CHECK(m.files[m.dirs[0].vars[3]]->text() == "v = 3\n");

  apply_var_files(p, given);
  // The named file stays last, and named.
  CHECK(displays(p, p.dirs[0].vars) ==
        std::vector<std::string>{"live/a.auto.tfvars", "env/x.tfvars", "live/terraform.tfvars", "live/prod.tfvars"});
  CHECK(p.files[p.dirs[0].vars.back()]->named);
  CHECK_FALSE(p.files[p.dirs[0].vars[1]]->named);

  // Templates take none; neither do modules without configuration.
  apply_var_files(tpl, given);
  CHECK(tpl.files.size() == 1);
  CHECK(tpl.dirs.empty());
  Unit bare;
  bare.kind = UnitKind::TerraformModule;
  bare.dirs.emplace_back();
  apply_var_files(bare, given);
  CHECK(bare.files.empty());
  CHECK(bare.dirs[0].vars.empty());
}

TEST_CASE("units: a Terraform file removed after discovery has read_error ENOENT", "[discover][units]") {
  TempDir t;
  t.write("a.tf", "variable \"a\" {}\n");
  t.write("b.tf", "variable \"b\" {}\n");
  std::string base = t.path.string();
  auto files = walk({base});
  REQUIRE(files.size() == 2);
  fs::remove(t.path / "b.tf");
  std::vector<Unit> units;
  REQUIRE_NOTHROW(units = make_units(files, 2));
  REQUIRE(units.size() == 1);
  const Unit& u = units[0];
  REQUIRE(u.dirs.size() == 1);
  REQUIRE(u.dirs[0].config.size() == 2);
  const SourceFile& a = *u.files[u.dirs[0].config[0]];
  const SourceFile& b = *u.files[u.dirs[0].config[1]];
  CHECK(a.read_error() == 0);
  CHECK(a.text() == "variable \"a\" {}\n");
  CHECK(b.path == base + "/b.tf");
  REQUIRE(b.content != nullptr);
  CHECK(b.read_error() == ENOENT);
  CHECK(b.text().empty());
}

// ---- local_sources ----

TEST_CASE("local_sources: every ./ or ../ string after `source =` or `\"source\":`", "[discover][units]") {
  CHECK(local_sources("") == std::vector<std::string>{});
  CHECK(local_sources("module \"a\" {\n  source = \"./a\"\n}\n") == std::vector<std::string>{"./a"});
  // Spacing variants, tabs, no spaces, a value on the next line.
  CHECK(local_sources("source=\"./a\"\nsource  =   \"../b\"\n\tsource\t=\t\"./c/d\"\nsource =\n  \"../../e\"") ==
        std::vector<std::string>{"./a", "../b", "./c/d", "../../e"});
  // Not in comments: a commented-out call calls nothing (its module is linted alone).
  CHECK(local_sources("# source = \"./old\"\n// source = \"../older\"\n/* source = \"./oldest\" */\n") ==
        std::vector<std::string>{});
  CHECK(local_sources("module \"a\" {\n  # source = \"./old\"\n  source = \"./new\" # was ./old\n}\n") ==
        std::vector<std::string>{"./new"});
  // A `#` inside a string is not a comment.
  CHECK(local_sources("module \"a\" {\n  source = \"./a#b\"\n}\n") == std::vector<std::string>{"./a#b"});
  // JSON syntax.
  CHECK(local_sources(R"({"module": {"a": {"source": "./x"}, "b": {"source" : "../y"}, "c": {"source":"./z"}}})") ==
        std::vector<std::string>{"./x", "../y", "./z"});
  // Not local sources.
  CHECK(local_sources(R"(module "r" {
  source = "terraform-aws-modules/vpc/aws"
}
module "g" { source = "git::https://example.com/x.git//sub" }
module "s3" { source = "s3::https://bucket.s3.amazonaws.com/m.zip" }
module "abs" { source = "/opt/modules/x" }
module "dot" { source = "." }
module "hidden" { source = ".terraform/modules/x" }
resource "aws_ami_copy" "c" { source_ami_id = "./x" }
data "archive_file" "z" { source_dir = "./lambda" }
locals { data_source = "./y" }
locals { resource = "source = ./z" }
)") == std::vector<std::string>{});
  // A key that ends in "source" is not `source`.
  CHECK(local_sources("x = { datasource = \"./a\" }") == std::vector<std::string>{});
  CHECK(local_sources("x = { \"my_source\": \"./a\" }") == std::vector<std::string>{});
}

// ---- join_path ----

TEST_CASE("join_path: joined and normalized textually", "[discover][units]") {
  CHECK(join_path("a/b", "../c") == "a/c");
  CHECK(join_path("a/b", "./c") == "a/b/c");
  CHECK(join_path("a/b", "c/./d/../e") == "a/b/c/e");
  CHECK(join_path("a", "..") == ".");
  CHECK(join_path("a", "../..") == "..");
  CHECK(join_path("../a", "../../b") == "../../b");
  CHECK(join_path(".", "./x") == "x");
  CHECK(join_path(".", "x") == "x");
  CHECK(join_path(".", "..") == "..");
  CHECK(join_path(".", ".") == ".");
  CHECK(join_path("", "./x") == "x");
  CHECK(join_path("a/b/", "c") == "a/b/c");
  CHECK(join_path("a//b", "c") == "a/b/c");
  // Absolute directories stay absolute; ".." stops at the root.
  CHECK(join_path("/srv/envs/prod", "../../modules/a") == "/srv/modules/a");
  CHECK(join_path("/srv", "../../x") == "/x");
  CHECK(join_path("/", "x") == "/x");
  CHECK(join_path("/", "..") == "/");
  CHECK(join_path("/a", "..") == "/");
}
