// Registry and git modules: a root module's units get what `terraform init` installed,
// from .terraform/modules/modules.json (units.cpp add_installed, manifest.cpp).
#include <sys/stat.h>

#include <catch2/catch.hpp>
#include <chrono>
#include <string>
#include <vector>

#include "linter/discover/discover.h"
#include "linter/discover/manifest.h"
#include "linter/discover/units.h"
#include "tests/registry_tree.h"
#include "tests/test_util.h"

using namespace amilint;
using amilint_test::InDir;
using amilint_test::TempDir;
namespace fs = std::filesystem;

namespace {

const char* const kEc2Call = R"(module "ec2" {
  source        = "terraform-aws-modules/ec2-instance/aws"
  version       = "6.0.0"
  ami           = "ami-0abcdef1234567890"
  instance_type = "t3.micro"
}
)";

std::vector<Candidate> walk_paths(const std::vector<std::string>& paths) {
  DiscoverResult d = discover(paths, {});
  REQUIRE(d.errors.empty());
  return d.files;
}

// The unit of the root module whose directory is `dir` (the run's only one).
Unit root_unit(const std::vector<std::string>& paths, const std::string& dir) {
  std::vector<Unit> units = make_units(walk_paths(paths), 2);
  const Unit* found = nullptr;
  for (const auto& u : units)
    if (u.kind == UnitKind::TerraformModule && !u.dirs.empty() && u.dirs[0].dir == dir) {
      REQUIRE(found == nullptr);
      found = &u;
    }
  REQUIRE(found);
  return *found;
}

std::vector<std::string> dir_list(const Unit& u) {
  std::vector<std::string> out;
  for (const auto& d : u.dirs) out.push_back(d.dir);
  return out;
}

std::vector<std::string> key_list(const Unit& u) {
  std::vector<std::string> out;
  for (const auto& d : u.dirs) out.push_back(d.key);
  return out;
}

std::vector<std::string> file_names(const Unit& u, const ModuleDir& d, bool display = true) {
  std::vector<std::string> out;
  for (uint32_t f : d.config) out.push_back(display ? u.files[f]->display : u.files[f]->path);
  return out;
}

std::string identity_of_path(const fs::path& p) {
  struct stat st;
  REQUIRE(::stat(p.c_str(), &st) == 0);
  return std::to_string(st.st_dev) + ":" + std::to_string(st.st_ino);
}

}  // namespace

TEST_CASE("registry modules: the modules terraform init installed are read into the root module's unit",
          "[discover][manifest]") {
  REQUIRE(fs::is_directory(amilint_test::ec2_instance_corpus()));
  std::vector<std::string> ec2_files = amilint_test::ec2_instance_files();
  REQUIRE(ec2_files.size() >= 4);  // main, outputs, variables, versions
  TempDir t;
  amilint_test::write_registry_tree(t, "live", kEc2Call);
  std::string base = t.path.string(), live = base + "/live", mods = live + "/.terraform/modules";

  // The walk skips .terraform: its files are no candidates; app is called by the root.
  std::vector<Candidate> files = walk_paths({live});
  REQUIRE(files.size() == 2);
  CHECK(files[0].path == live + "/app/main.tf");
  CHECK(files[1].path == live + "/main.tf");
  std::vector<Unit> units = make_units(files, 2);
  REQUIRE(units.size() == 2);
  CHECK(units[0].kind == UnitKind::ChildModule);
  const Unit& u = units[1];
  REQUIRE(u.kind == UnitKind::TerraformModule);
  CHECK(u.candidates == std::vector<size_t>{1});

  CHECK(u.manifest.state == ModuleManifest::State::Read);
  CHECK(u.manifest.display == mods + "/modules.json");
  CHECK(u.manifest.error.empty());
  CHECK(u.manifest.error_offset == -1);
  CHECK(u.manifest.notes.empty());
  // The root's local child first (found from its call), then the manifest's entries in
  // its order, each followed by the local modules it calls.
  CHECK(dir_list(u) == std::vector<std::string>{live, live + "/app", mods + "/ec2", mods + "/net/modules/subnet",
                                                mods + "/vpc", mods + "/vpc/modules/sub", mods + "/vpc.flow"});
  CHECK(key_list(u) == std::vector<std::string>{"", "app", "ec2", "net", "vpc", "vpc.sub", "vpc.flow"});
  for (const auto& d : u.dirs) {
    INFO(d.dir);
    CHECK(d.display == d.dir);  // walked by absolute path
    CHECK(d.identity == identity_of_path(d.dir));
    CHECK(d.vars.empty());
  }
  std::map<std::string, uint32_t> by_key{{"app", 1}, {"ec2", 2}, {"net", 3}, {"vpc", 4}, {"vpc.sub", 5}, {"vpc.flow", 6}};
  CHECK(u.manifest.dirs == by_key);
  for (const auto& [key, d] : by_key) CHECK(u.module_by_key(key) == &u.dirs[d]);
  CHECK(u.module_by_key("") == nullptr);
  CHECK(u.module_by_key("db") == nullptr);
  CHECK(u.module_by_key("vpc.flow.x") == nullptr);

  // The corpus module's top-level .tf files, read; the git clone's other files are not.
  std::vector<std::string> want;
  for (const auto& n : ec2_files) want.push_back(mods + "/ec2/" + n);
  CHECK(file_names(u, u.dirs[2]) == want);
  CHECK(file_names(u, u.dirs[2], false) == want);
  CHECK(file_names(u, u.dirs[3]) == std::vector<std::string>{mods + "/net/modules/subnet/main.tf",
                                                             mods + "/net/modules/subnet/variables.tf.json"});
  CHECK(u.files[u.dirs[3].config[1]]->format == Format::TfJson);
  CHECK(file_names(u, u.dirs[4]) == std::vector<std::string>{mods + "/vpc/main.tf"});
  CHECK(file_names(u, u.dirs[5]) == std::vector<std::string>{mods + "/vpc/modules/sub/main.tf"});
  CHECK(file_names(u, u.dirs[6]) == std::vector<std::string>{mods + "/vpc.flow/main.tf"});
  CHECK(u.files.size() == 2 + ec2_files.size() + 2 + 1 + 1 + 1);
  for (const auto& f : u.files) {
    INFO(f->path);
    REQUIRE(f->content != nullptr);
    CHECK(f->read_error() == 0);
    CHECK_FALSE(f->named);
    CHECK(f->text() == t.read(fs::path(f->path).lexically_relative(t.path).string()));
  }
  CHECK(u.weight == files[1].size);  // the walked files only
}

TEST_CASE("registry modules: displays follow the root module's display", "[discover][manifest]") {
  TempDir t;
  amilint_test::write_registry_tree(t, "live", kEc2Call);

  SECTION("the root module is the current directory") {
    InDir in(t.path / "live");
    Unit u = root_unit({"."}, ".");
    REQUIRE(u.dirs.size() == 7);
    CHECK(u.manifest.display == ".terraform/modules/modules.json");
    CHECK(u.dirs[2].dir == ".terraform/modules/ec2");
    CHECK(u.dirs[2].display == ".terraform/modules/ec2");
    CHECK(file_names(u, u.dirs[2])[0] == ".terraform/modules/ec2/main.tf");
    CHECK(u.dirs[5].display == ".terraform/modules/vpc/modules/sub");
    CHECK(file_names(u, u.dirs[5]) == std::vector<std::string>{".terraform/modules/vpc/modules/sub/main.tf"});
    CHECK(u.dirs[2].identity == identity_of_path(t.path / "live/.terraform/modules/ec2"));
  }

  SECTION("a named file of the root module (pre-commit)") {
    InDir in(t.path);
    Unit u = root_unit({"live/main.tf"}, "live");
    CHECK(u.named);
    REQUIRE(u.dirs.size() == 7);
    CHECK(u.manifest.display == "live/.terraform/modules/modules.json");
    CHECK(u.dirs[3].display == "live/.terraform/modules/net/modules/subnet");
    CHECK(file_names(u, u.dirs[3])[0] == "live/.terraform/modules/net/modules/subnet/main.tf");
    REQUIRE(u.module_by_key("vpc.flow"));
    CHECK(u.module_by_key("vpc.flow")->display == "live/.terraform/modules/vpc.flow");
    for (size_t d = 1; d < u.dirs.size(); ++d)
      for (uint32_t f : u.dirs[d].config) CHECK_FALSE(u.files[f]->named);
  }
}

TEST_CASE("registry modules: without a manifest, only the local modules are read", "[discover][manifest]") {
  TempDir t;
  amilint_test::write_registry_tree(t, "live", kEc2Call);
  std::string live = (t.path / "live").string();

  SECTION("no .terraform directory") { fs::remove_all(t.path / "live/.terraform"); }
  SECTION("modules installed, but no modules.json") { fs::remove(t.path / "live/.terraform/modules/modules.json"); }

  Unit u = root_unit({live}, live);
  CHECK(u.manifest.state == ModuleManifest::State::Absent);
  CHECK(u.manifest.display == live + "/.terraform/modules/modules.json");
  CHECK(u.manifest.notes.empty());
  CHECK(u.manifest.dirs.empty());
  CHECK(dir_list(u) == std::vector<std::string>{live, live + "/app"});
  CHECK(key_list(u) == std::vector<std::string>{"", ""});
  CHECK(u.module_by_key("ec2") == nullptr);
  CHECK(u.module_by_key("app") == nullptr);
}

TEST_CASE("registry modules: an invalid manifest is a note, and the local modules are still read",
          "[discover][manifest]") {
  TempDir t;
  amilint_test::write_registry_tree(t, "live", kEc2Call);
  std::string live = (t.path / "live").string();
  std::string manifest = "live/.terraform/modules/modules.json";
  std::string error;
  int64_t offset = -1;

  SECTION("not JSON") {
    t.write(manifest, "{\"Modules\": [}");
    error = "line 1, column 14: syntax error while parsing value - unexpected '}'; expected '[', '{', or a literal";
    offset = 13;
  }
  SECTION("empty") {
    t.write(manifest, "");
    error = "line 1, column 1: syntax error while parsing value - unexpected end of input; expected '[', '{', or a literal";
    offset = 0;
  }
  SECTION("cut short") {
    t.write(manifest, std::string(amilint_test::kRegistryManifest).substr(0, 100));
    offset = 100;  // the end of the text
  }
  SECTION("not an object") {
    t.write(manifest, "[{\"Key\": \"ec2\", \"Dir\": \".terraform/modules/ec2\"}]");
    error = "the top level is not an object";
  }
  SECTION("no Modules list") {
    t.write(manifest, "{\"modules\": []}");
    error = "it has no \"Modules\" list";
  }
  SECTION("Modules is not a list") {
    t.write(manifest, "{\"Modules\": {\"Key\": \"ec2\", \"Dir\": \".terraform/modules/ec2\"}}");
    error = "its \"Modules\" is not a list";
  }
  SECTION("a directory") {
    fs::remove(t.path / manifest);
    fs::create_directory(t.path / manifest);
    error = "not a regular file";
  }

  Unit u;
  REQUIRE_NOTHROW(u = root_unit({live}, live));
  CHECK(u.manifest.state == ModuleManifest::State::Invalid);
  if (!error.empty()) CHECK(u.manifest.error == error);
  else CHECK(u.manifest.error == "line 4, column 6: syntax error while parsing object key - invalid string: missing closing quote; "
                                 "last read: '\"K'; expected string literal");
  CHECK(u.manifest.error_offset == offset);
  REQUIRE(u.manifest.notes.size() == 1);
  CHECK(u.manifest.notes[0] == live + "/.terraform/modules/modules.json: not a module manifest Terraform can read (" +
                                   u.manifest.error +
                                   "); the registry and git modules it lists are not linted; run `terraform init` to rewrite it");
  CHECK(u.manifest.dirs.empty());
  CHECK(dir_list(u) == std::vector<std::string>{live, live + "/app"});
  CHECK(u.module_by_key("ec2") == nullptr);
}

TEST_CASE("registry modules: entries that cannot be followed are notes, the others are followed",
          "[discover][manifest]") {
  TempDir t;
  amilint_test::write_registry_tree(t, "live", kEc2Call);
  std::string live = (t.path / "live").string(), mods = live + "/.terraform/modules";
  t.write("outside/main.tf", "resource \"aws_instance\" \"x\" {}\n");
  t.write("live/.terraform/modules/modules.json", R"({"Modules": [
  {"Key": "", "Source": "", "Dir": "."},
  {"Key": "gone", "Source": "registry.terraform.io/o/gone/aws", "Version": "1.0.0", "Dir": ".terraform/modules/gone"},
  {"Key": "up", "Source": "git::https://example.com/up.git", "Dir": "../outside"},
  {"Key": "abs", "Source": "registry.terraform.io/o/abs/aws", "Dir": ")" + t.path.string() + R"(/outside"},
  {"Key": "self", "Source": "registry.terraform.io/o/self/aws", "Dir": "."},
  {"Key": "sneaky", "Source": "registry.terraform.io/o/sneaky/aws", "Dir": ".terraform/modules/../../../outside"},
  {"Key": 7, "Source": "x", "Dir": ".terraform/modules/ec2"},
  "ec2",
  {"Key": "nodir", "Source": "registry.terraform.io/o/nodir/aws"},
  {"Key": "a.b.c.d.e.f.g.h.i", "Source": "registry.terraform.io/o/deep/aws", "Dir": ".terraform/modules/ec2"},
  {"Key": "a..b", "Source": "registry.terraform.io/o/x/aws", "Dir": ".terraform/modules/ec2"},
  {"Key": "ec2", "Source": "registry.terraform.io/terraform-aws-modules/ec2-instance/aws", "Version": "6.0.0",
   "Dir": ".terraform/modules/ec2", "Extra": [[[{"Key": "hidden", "Dir": ".terraform/modules/vpc"}]]]},
  {"Key": "ec2", "Source": "registry.terraform.io/o/again/aws", "Dir": ".terraform/modules/vpc"},
  {"Key": "stale", "Source": "./stale", "Dir": "stale"},
  {"Key": "far", "Source": "../../far", "Dir": "../../far"}
]})");
  Unit u = root_unit({live}, live);
  CHECK(u.manifest.state == ModuleManifest::State::Read);
  // Only ec2 is followed (once); nothing outside the root module is read.
  CHECK(dir_list(u) == std::vector<std::string>{live, live + "/app", mods + "/ec2"});
  CHECK(u.manifest.dirs == std::map<std::string, uint32_t>{{"ec2", 2}});
  for (const auto& f : u.files) CHECK(f->path.find("outside") == std::string::npos);
  std::string at = mods + "/modules.json: ";
  CHECK(u.manifest.notes == std::vector<std::string>{
                                at + "entry 7: its Key is not a string; skipped",
                                at + "entry 8 is not an object; skipped",
                                at + "module 'nodir': it has no Dir; skipped",
                                at + "module 'a.b.c.d.e.f.g.h.i': nested 9 deep (more than 8); not followed",
                                at + "module 'a..b': its Key has an empty module name; skipped",
                                at + "module 'ec2': listed twice; the first entry is used",
                                at + "module 'gone' is not installed: " + mods + "/gone does not exist; run `terraform init` to install it",
                                at + "module 'up': its Dir '../outside' is not inside the root module; not followed",
                                at + "module 'abs': its Dir '" + t.path.string() + "/outside' is not inside the root module; not followed",
                                at + "module 'self': its Dir '.' is not inside the root module; not followed",
                                at + "module 'sneaky': its Dir '.terraform/modules/../../../outside' is not inside the root module; not followed",
                            });
  CHECK(u.module_by_key("gone") == nullptr);
  CHECK(u.module_by_key("hidden") == nullptr);
  CHECK(u.module_by_key("stale") == nullptr);  // a local module no call reaches any more
  CHECK(u.module_by_key("far") == nullptr);
  REQUIRE(u.module_by_key("ec2"));
  CHECK(u.module_by_key("ec2")->config.size() == amilint_test::ec2_instance_files().size());
}

TEST_CASE("registry modules: a local module called twice is one directory, found by both keys",
          "[discover][manifest]") {
  TempDir t;
  t.write("main.tf", "module \"a\" {\n  source = \"./shared\"\n}\nmodule \"b\" {\n  source = \"./shared\"\n}\n");
  t.write("shared/main.tf", "variable \"x\" {}\n");
  t.write(".terraform/modules/modules.json", R"({"Modules": [{"Key": "", "Source": "", "Dir": "."},
    {"Key": "a", "Source": "./shared", "Dir": "shared"}, {"Key": "b", "Source": "./shared", "Dir": "shared"}]})");
  std::string base = t.path.string();
  Unit u = root_unit({base}, base);
  CHECK(dir_list(u) == std::vector<std::string>{base, base + "/shared"});
  CHECK(u.dirs[1].key == "a");
  CHECK(u.module_by_key("a") == &u.dirs[1]);
  CHECK(u.module_by_key("b") == &u.dirs[1]);
  CHECK(u.manifest.notes.empty());
}

TEST_CASE("registry modules: a module under .terraform/modules is never a unit of its own", "[discover][manifest]") {
  TempDir t;
  amilint_test::write_registry_tree(t, "live", kEc2Call);
  std::string mods = (t.path / "live/.terraform/modules").string();
  // Walked (vpc and its local module vpc/modules/sub) or named.
  for (auto [path, count] : {std::pair<std::string, size_t>{mods + "/vpc", 2}, {mods + "/vpc/main.tf", 1}}) {
    INFO(path);
    std::vector<Unit> units = make_units(walk_paths({path}), 2);
    REQUIRE(units.size() == count);
    for (const auto& unit : units) {
      CHECK(unit.kind == UnitKind::ChildModule);
      CHECK(unit.files.empty());
    }
  }
  // Only the root module where terraform init ran reads the manifest: a local child
  // module linted as a root of its own reads none of its parent's.
  std::vector<Unit> app = make_units(walk_paths({(t.path / "live/app").string()}), 1);
  REQUIRE(app.size() == 1);
  CHECK(app[0].kind == UnitKind::TerraformModule);
  CHECK(app[0].manifest.state == ModuleManifest::State::Absent);
  CHECK(app[0].dirs.size() == 1);
}

TEST_CASE("registry modules: a manifest with very many entries costs bounded work", "[discover][manifest]") {
  TempDir t;
  t.write("main.tf", "module \"m0\" {\n  source = \"example/m/aws\"\n}\n");
  std::string json = "{\"Modules\": [{\"Key\": \"\", \"Source\": \"\", \"Dir\": \".\"}";
  const size_t n = 100000;
  for (size_t i = 0; i < n; ++i)
    json += ",\n{\"Key\": \"m" + std::to_string(i) + "\", \"Source\": \"example/m/aws\", \"Dir\": \".terraform/modules/m" +
            std::to_string(i) + "\"}";
  json += "]}";
  t.write(".terraform/modules/modules.json", json);
  for (int i : {0, 1, 9998, 10005}) t.write(".terraform/modules/m" + std::to_string(i) + "/main.tf", "");
  std::string base = t.path.string();
  auto start = std::chrono::steady_clock::now();
  Unit u = root_unit({base}, base);
  double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  CHECK(seconds < 20);  // about a tenth of a second
  CHECK(u.manifest.state == ModuleManifest::State::Read);
  // The first 10000 entries (the root's and 9999 modules): m10005 is beyond them.
  CHECK(u.manifest.dirs == std::map<std::string, uint32_t>{{"m0", 1}, {"m1", 2}, {"m9998", 3}});
  CHECK(u.module_by_key("m10005") == nullptr);
  std::string at = base + "/.terraform/modules/modules.json: ";
  REQUIRE(u.manifest.notes.size() == 21);
  CHECK(u.manifest.notes[0] == at + "lists 100001 modules; only the first 10000 are read");
  CHECK(u.manifest.notes[1] == at + "module 'm2' is not installed: " + base +
                                   "/.terraform/modules/m2 does not exist; run `terraform init` to install it");
  CHECK(u.manifest.notes[20] == at + "9977 more entries not followed");
}

// ---- parse_module_manifest ----

TEST_CASE("parse_module_manifest: the entries, in order, with their fields", "[discover][manifest]") {
  ParsedManifest m = parse_module_manifest(amilint_test::kRegistryManifest);
  CHECK(m.state == ModuleManifest::State::Read);
  CHECK(m.problems.empty());
  REQUIRE(m.entries.size() == 6);  // the root's own entry is left out
  CHECK(m.entries[0].key == "app");
  CHECK(m.entries[0].local());
  CHECK(m.entries[1].key == "ec2");
  CHECK(m.entries[1].source == "registry.terraform.io/terraform-aws-modules/ec2-instance/aws");
  CHECK(m.entries[1].version == "6.0.0");
  CHECK(m.entries[1].dir == ".terraform/modules/ec2");
  CHECK_FALSE(m.entries[1].local());
  CHECK(m.entries[1].depth() == 1);
  CHECK(m.entries[2].source == "git::https://example.com/net.git//modules/subnet?ref=v1");
  CHECK(m.entries[2].version.empty());
  CHECK(m.entries[4].key == "vpc.flow");
  CHECK(m.entries[4].depth() == 2);
  CHECK(m.entries[5].local());

  // A byte-order mark, other fields and whitespace are Terraform's business.
  ParsedManifest bom = parse_module_manifest("\xEF\xBB\xBF {\"Other\": {\"Modules\": 1},\n \"Modules\": [{\"Dir\": \"d\", \"Key\": "
                                             "\"k\", \"Source\": \"../k\", \"Extra\": {\"Key\": \"no\"}}]}\n");
  CHECK(bom.state == ModuleManifest::State::Read);
  REQUIRE(bom.entries.size() == 1);
  CHECK(bom.entries[0].key == "k");
  CHECK(bom.entries[0].dir == "d");
  CHECK(bom.entries[0].local());
}

TEST_CASE("parse_module_manifest: hostile text never throws and stays bounded", "[discover][manifest]") {
  // Deeply nested values anywhere are skipped as they stream by.
  std::string deep = "{\"Modules\": [{\"Key\": \"a\", \"Dir\": \"x\", \"Extra\": " + std::string(200000, '[') +
                     std::string(200000, ']') + "}]}";
  ParsedManifest m;
  REQUIRE_NOTHROW(m = parse_module_manifest(deep));
  CHECK(m.state == ModuleManifest::State::Read);
  REQUIRE(m.entries.size() == 1);
  CHECK(m.entries[0].key == "a");
  // Unbalanced: a syntax error at the end.
  std::string open = "{\"Modules\": " + std::string(100000, '[');
  REQUIRE_NOTHROW(m = parse_module_manifest(open));
  CHECK(m.state == ModuleManifest::State::Invalid);
  CHECK(m.error_offset == static_cast<int64_t>(open.size()));
  CHECK(m.entries.empty());
  // NUL characters and invalid UTF-8.
  REQUIRE_NOTHROW(m = parse_module_manifest("{\"Modules\": [{\"Key\": \"a\\u0000b\", \"Dir\": \"x\"},\n"
                                             "{\"Key\": \"c\", \"Dir\": \"x\\u0000y\"}, {\"Key\": \"d\\ne\", \"Dir\": \"x\"}]}"));
  CHECK(m.state == ModuleManifest::State::Read);
  CHECK(m.entries.empty());
  CHECK(m.problems == std::vector<std::string>{"entry 1: a control character in its Key; skipped",
                                               "module 'c': a NUL character in its Dir; skipped",
                                               "entry 3: a control character in its Key; skipped"});
  REQUIRE_NOTHROW(m = parse_module_manifest("{\"Modules\": [{\"Key\": \"\xff\", \"Dir\": \"x\"}]}"));
  CHECK(m.state == ModuleManifest::State::Invalid);
  CHECK(m.error == "line 1, column 23: syntax error while parsing value - invalid string: ill-formed UTF-8 byte; last read: '\"?'");
  CHECK(m.error_offset == 22);  // the byte 0xff
}
