// One runner for every fixture, of every format, through the engine's own run():
//
//   fixtures/<CODE>/<format>/NAME.yaml|.json|.template   a template or plan, one unit
//   fixtures/<CODE>/tf/NAME.tf|NAME.tf.json              a one-file Terraform module
//   fixtures/<CODE>/tf/NAME/                             a module directory (its .tf files,
//                                                        with child modules and tfvars below)
//   fixtures/<CODE>/cfn/NAME/                            a directory walked as the CLI walks
//                                                        it (nested stacks, a CDK cloud assembly)
//   fixtures/<CODE>/packer/NAME.pkr.hcl|NAME.pkr.json    a one-file Packer build
//   fixtures/<CODE>/packer/NAME.json                     a legacy JSON Packer template
//   fixtures/<CODE>/packer/NAME/                         a build directory (its templates and
//                                                        variable files; a .pkrvars.hcl that
//                                                        Packer does not read itself, not
//                                                        *.auto.pkrvars.hcl, is named as
//                                                        `packer build -var-file` names it)
//
// Expectations live in the fixture: `# expect: CODE@COL` trailing comments (several,
// comma-separated) on the line where a finding starts, optionally pinning text its
// message must contain: `# expect: AMI010@15 "exists only in its own region"`. Files
// that cannot carry comments (JSON, JSON in a heredoc) list `LINE:COL CODE ["text"]`
// in a sibling FILE.expected. A line `# args: --region R ...` (or `args: ...` in a
// .expected file) sets the unit's options: --region, --dr-region, --enable, --select,
// --trusted-account, --inventory PATH, --var-file PATH and --parameters PATH (relative
// to the fixture file; --var-file and --parameters repeatable, in order) and --now RFC3339. Every finding must be expected and every expectation met; a fixture
// without expectations must be clean. fixtures/inventory/ holds inventories, not
// templates.
#include <algorithm>
#include <cstring>
#include <catch2/catch.hpp>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include "linter/app/inventory_files.h"
#include "linter/discover/parameter_files.h"
#include "linter/discover/units.h"
#include "linter/engine/engine.h"
#include "linter/model/inventory.h"
#include "rules/rule.h"

namespace fs = std::filesystem;
using namespace amilint;

namespace {

std::string slurp(const fs::path& p) {
  std::ifstream f(p, std::ios::binary);
  std::stringstream ss;
  ss << f.rdbuf();
  return ss.str();
}

// Inventories named by fixtures, loaded once each.
std::shared_ptr<const Inventory> fixture_inventory(const fs::path& path) {
  static std::map<std::string, std::shared_ptr<const Inventory>> cache;
  std::string key = path.lexically_normal().string();
  auto it = cache.find(key);
  if (it != cache.end()) return it->second;
  auto inv = std::make_shared<Inventory>();
  std::string error;
  INFO("fixture inventory " << key);
  REQUIRE(load_inventory(key, {}, *inv, error));
  return cache[key] = inv;
}

// A variable file named by a fixture, read as --var-file reads it; findings name it
// by its normalized path, as they name the fixture's other files.
std::shared_ptr<const SourceFile> fixture_var_file(const fs::path& path) {
  std::string name = path.lexically_normal().string();
  std::vector<std::string> errors;
  auto read = read_var_files({{name, name}}, errors);
  INFO("fixture var file " << name << ": " << errors[0]);
  REQUIRE(read[0]);
  return read[0];
}

// A CloudFormation parameter file named by a fixture, read as --parameters reads it.
std::shared_ptr<const ParameterFile> fixture_parameters(const fs::path& path) {
  std::string name = path.lexically_normal().string();
  std::vector<std::string> errors;
  auto read = read_parameter_files({{name, name}}, errors);
  INFO("fixture parameter file " << name << ": " << errors[0]);
  REQUIRE(read[0]);
  return read[0];
}

struct Expectation {
  std::string where;    // "FILE:LINE:COL CODE"
  std::string message;  // text the message must contain (may be empty)
};

struct Fixture {
  fs::path root;                    // the fixture file or directory
  std::vector<fs::path> candidates; // what is linted (a directory: its .tf files)
  std::vector<Expectation> expected;
  EngineOptions options;
};

void apply_args(const std::string& args, Fixture& u, const fs::path& fixture) {
  std::istringstream in(args);
  std::string flag, val;
  while (in >> flag) {
    in >> val;
    INFO("fixture " << fixture.string() << ": " << flag << " " << val);
    EngineOptions& o = u.options;
    if (flag == "--inventory") o.lint.inventory = fixture_inventory(fixture.parent_path() / val);
    else if (flag == "--var-file") o.var_files.push_back(fixture_var_file(fixture.parent_path() / val));
    else if (flag == "--parameters") o.parameter_files.push_back(fixture_parameters(fixture.parent_path() / val));
    else if (flag == "--now") REQUIRE(parse_rfc3339(val, o.lint.now));
    else if (flag == "--region") o.lint.regions.push_back(val);
    else if (flag == "--dr-region") o.lint.dr_regions.push_back(val);
    else if (flag == "--enable") o.enable.push_back(val);
    else if (flag == "--select") o.select.push_back(val);
    else if (flag == "--trusted-account") o.lint.trusted_accounts.push_back(val);
    else FAIL("unknown fixture argument " << flag);
  }
}

// `CODE@COL "text", CODE@COL` -> items, commas inside quotes kept.
std::vector<std::string> split_items(const std::string& list) {
  std::vector<std::string> out(1);
  bool quoted = false;
  for (char c : list) {
    if (c == '"') quoted = !quoted;
    if (c == ',' && !quoted) out.emplace_back();
    else out.back() += c;
  }
  for (auto& s : out) {
    s.erase(0, s.find_first_not_of(" \t"));
    s.erase(s.find_last_not_of(" \t\r") + 1);
  }
  return out;
}

// "\"text\"" -> text; "" when there is none.
std::string quoted_text(const std::string& rest, const std::string& context) {
  size_t q = rest.find('"');
  if (q == std::string::npos) return {};
  size_t e = rest.rfind('"');
  INFO(context << ": unterminated message text");
  REQUIRE(e > q);
  return rest.substr(q + 1, e - q - 1);
}

void read_comment_expectations(const fs::path& file, const std::string& text, Fixture& u) {
  std::istringstream in(text);
  std::string line;
  int n = 0;
  std::string name = file.lexically_normal().string();
  while (std::getline(in, line)) {
    ++n;
    size_t a = line.find("# args:");
    if (a != std::string::npos) apply_args(line.substr(a + 7), u, file);
    size_t x = line.find("# expect:");
    if (x == std::string::npos) continue;
    for (const auto& item : split_items(line.substr(x + 9))) {
      std::string ctx = name + ":" + std::to_string(n) + ": expectation '" + item + "'";
      size_t at = item.find('@');
      INFO(ctx << " needs CODE@COLUMN");
      REQUIRE(at != std::string::npos);
      size_t col_end = item.find_first_not_of("0123456789", at + 1);
      std::string col = item.substr(at + 1, col_end == std::string::npos ? std::string::npos : col_end - at - 1);
      REQUIRE_FALSE(col.empty());
      std::string rest = col_end == std::string::npos ? "" : item.substr(col_end);
      u.expected.push_back({name + ":" + std::to_string(n) + ":" + col + " " + item.substr(0, at), quoted_text(rest, ctx)});
    }
  }
}

// NAME.expected: `LINE:COL CODE ["text"]` lines and `args:` lines.
void read_sidecar(const fs::path& file, Fixture& u) {
  fs::path side = file;
  side += ".expected";
  if (!fs::exists(side)) return;
  std::istringstream in(slurp(side));
  std::string line;
  std::string name = file.lexically_normal().string();
  while (std::getline(in, line)) {
    if (line.empty() || line[0] == '#') continue;
    if (line.rfind("args:", 0) == 0) {
      apply_args(line.substr(5), u, file);
      continue;
    }
    std::istringstream ls(line);
    std::string pos, code, rest;
    ls >> pos >> code;
    std::getline(ls, rest);
    REQUIRE_FALSE(code.empty());
    u.expected.push_back({name + ":" + pos + " " + code, quoted_text(rest, side.string())});
  }
}

bool ends_with(const std::string& s, const std::string& x) {
  return s.size() > x.size() && s.compare(s.size() - x.size(), x.size(), x) == 0;
}
bool is_tf_file(const fs::path& p) { return ends_with(p.filename().string(), ".tf") || ends_with(p.filename().string(), ".tf.json"); }
// A Packer build's file: templates (HCL2, legacy JSON) and variable files.
bool is_packer_fixture(const fs::path& p) {
  std::string n = p.filename().string();
  return ends_with(n, ".pkr.hcl") || ends_with(n, ".pkrvars.hcl") || ends_with(n, ".json");
}
// A Packer variable file that Packer reads only when named (-var-file).
bool is_named_packer_var_file(const fs::path& p) {
  std::string n = p.filename().string();
  return ends_with(n, ".pkrvars.hcl") && !ends_with(n, ".auto.pkrvars.hcl");
}
bool is_template_file(const fs::path& p) {
  std::string e = p.extension().string();
  return e == ".yaml" || e == ".yml" || e == ".json" || e == ".template";
}

Fixture make_unit(const fs::path& root) {
  Fixture u;
  u.root = root;
  u.options.enable.push_back("AMI009");  // every rule runs on fixtures
  u.options.lint.now = static_cast<int64_t>(std::time(nullptr));
  u.options.jobs = 1;
  std::vector<fs::path> files;
  if (fs::is_directory(root)) {
    for (const auto& e : fs::recursive_directory_iterator(root))
      if (e.is_regular_file() && e.path().extension() != ".expected" && e.path().extension() != ".md")
        files.push_back(e.path());
    if (root.parent_path().filename() == "cfn") {  // every file, as a walk finds them
      for (const auto& c : discover({root.string()}, {}).files) u.candidates.push_back(c.path);
    } else {
      bool packer = root.parent_path().filename() == "packer";
      for (const auto& e : fs::directory_iterator(root))
        if (e.is_regular_file() && (packer ? is_packer_fixture(e.path()) : is_tf_file(e.path())))
          u.candidates.push_back(e.path());
    }
  } else {
    files = u.candidates = {root};
  }
  std::sort(files.begin(), files.end());
  std::sort(u.candidates.begin(), u.candidates.end());
  for (const auto& f : files) {
    if (f.extension() != ".json") read_comment_expectations(f, slurp(f), u);
    read_sidecar(f, u);
  }
  return u;
}

// Every fixture unit: files outside `tf` and `packer` folders, and the entries of those.
std::vector<Fixture> all_units() {
  fs::path root = fs::path(AMILINT_SOURCE_DIR) / "fixtures";
  std::vector<fs::path> roots;
  for (auto it = fs::recursive_directory_iterator(root); it != fs::recursive_directory_iterator(); ++it) {
    const fs::path& p = it->path();
    if (it->is_directory() && (p == root / "inventory" || p.filename() == "tf" || p.filename() == "packer")) {
      it.disable_recursion_pending();
      if (p.filename() == "tf")
        for (const auto& e : fs::directory_iterator(p))
          if (e.is_directory() || is_tf_file(e.path())) roots.push_back(e.path());
      if (p.filename() == "packer")
        for (const auto& e : fs::directory_iterator(p))
          if (e.is_directory() || is_packer_fixture(e.path())) roots.push_back(e.path());
      continue;
    }
    if (it->is_directory() && p.parent_path().filename() == "cfn") {  // a walked directory
      it.disable_recursion_pending();
      roots.push_back(p);
      continue;
    }
    if (it->is_regular_file() && is_template_file(p)) roots.push_back(p);
  }
  std::sort(roots.begin(), roots.end());
  std::vector<Fixture> units;
  for (const auto& r : roots) units.push_back(make_unit(r));
  return units;
}

// What the engine lints for a fixture: its files as a walk finds them, except a Packer
// build directory's -var-file files, named as on the command line.
std::vector<Candidate> candidates_of(const Fixture& u) {
  bool packer_dir = fs::is_directory(u.root) && u.root.parent_path().filename() == "packer";
  std::vector<Candidate> cands;
  for (const auto& c : u.candidates)
    cands.push_back({c.string(), c.lexically_normal().string(), packer_dir && is_named_packer_var_file(c), 0});
  return cands;
}

}  // namespace

TEST_CASE("every fixture yields exactly its expected findings", "[fixtures]") {
  std::vector<Fixture> units = all_units();
  REQUIRE(units.size() > 250);
  std::set<std::string> pinned;  // rules with an expectation that pins message text
  for (auto& u : units) {
    RunResult res = run(candidates_of(u), u.options);
    std::multiset<std::string> got, want;
    std::multimap<std::string, std::string> messages;
    std::string detail;
    for (const auto& f : res.findings) {
      std::string key = fs::path(f.file).lexically_normal().string() + ":" + std::to_string(f.line) + ":" +
                        std::to_string(f.column) + " " + f.rule;
      got.insert(key);
      messages.emplace(key, f.message);
      detail += "  " + key + " " + f.message + "\n";
    }
    INFO("fixture " << u.root.string() << "\nfindings:\n" << detail);
    for (const auto& fr : res.files) {
      // A walked directory also holds a cloud assembly's manifests and parameter files.
      std::string name = fs::path(fr.display).filename().string();
      bool other = fs::is_directory(u.root) && u.root.parent_path().filename() == "cfn" &&
                   (name == "manifest.json" || name == "tree.json" || ends_with(name, ".assets.json") ||
                    fr.display.find("/params/") != std::string::npos);
      INFO(fr.display << ": " << fr.note);
      CHECK((fr.is_template || other));
    }
    for (const auto& e : u.expected) {
      want.insert(e.where);
      if (e.message.empty()) continue;
      pinned.insert(e.where.substr(e.where.rfind(' ') + 1));
      bool found = false;
      auto range = messages.equal_range(e.where);
      for (auto it = range.first; it != range.second; ++it) found |= it->second.find(e.message) != std::string::npos;
      INFO("expected " << e.where << " with a message containing \"" << e.message << "\"");
      CHECK(found);
    }
    CHECK(got == want);
  }
  for (const Rule* r : all_rules()) {
    INFO("rule " << r->code << " needs a fixture that pins its message text");
    CHECK(pinned.count(r->code));
  }
}

// A finding's message is one line that names the value, the cause and the fix, so that
// `file:line:col: severity: message [CODE name]` mostly fits a 160-column terminal; the
// background (why, what AWS does, commands, alternatives) is in `amilint explain`.
// Every finding of every fixture, each with the fixture's own options (regions, DR
// regions, inventory), counts once.
TEST_CASE("finding messages are short", "[fixtures][messages]") {
  std::vector<size_t> lengths;
  std::string longest;
  for (auto& u : all_units()) {
    for (const auto& f : run(candidates_of(u), u.options).findings) {
      lengths.push_back(f.message.size());
      if (f.message.size() > longest.size()) longest = f.rule + " " + f.message;
    }
  }
  REQUIRE(lengths.size() > 400);
  std::sort(lengths.begin(), lengths.end());
  size_t median = lengths[lengths.size() / 2];
  size_t p90 = lengths[lengths.size() * 9 / 10];
  INFO(lengths.size() << " messages: median " << median << ", p90 " << p90 << ", max " << lengths.back()
                      << "\nlongest: " << longest);
  CHECK(median <= 110);
  CHECK(p90 <= 160);
  CHECK(lengths.back() <= 260);
}

// What a message no longer says is in the rule's documentation: for each rule, a piece
// of background that its fixtures' messages leave out must be in `amilint explain`,
// and every rule that fires in the fixtures has documentation of substance (what it
// does, why it is bad, what to use instead).
TEST_CASE("the background left out of messages is in the rule's documentation", "[fixtures][messages]") {
  const std::map<std::string, std::vector<std::string>> background = {
      {"AMI000", {"silently keep one of the values"}},
      {"AMI001", {"InvalidAMIID.Malformed", "works in every AMI slot", "Terraform has no dynamic references"}},
      {"AMI002", {"InvalidAMIID.NotFound", "AWS::SSM::Parameter::Value<AWS::EC2::Image::Id>", "declare it"}},
      {"AMI003", {"cannot check that the value is an AMI"}},
      {"AMI009", {"were not checked"}},
      {"AMI010", {"aws ec2 copy-image", "exists only in its own region", "InvalidAMIID.NotFound"}},
      {"AMI011", {"exists only in its own region", "runs in the region of its own provider"}},
      {"AMI012", {"always gets a new ID"}},
      {"AMI013", {"silently never used"}},
      {"AMI014", {"Unable to get mapping for"}},
      {"AMI020", {"exists in one region only", "copying it then takes time"}},
      {"AMI021", {"doubles the snapshot", "disaster recovery"}},
      {"AMI022", {"does not encrypt the AMI"}},
      {"AMI023", {"KMS keys are regional"}},
      {"AMI024", {"Every volume launched from the image starts unencrypted", "aws_ebs_encryption_by_default"}},
      {"AMI025", {"AWS cannot share snapshots encrypted with the AWS managed key", "at launch time"}},
      {"AMI030", {"modify-image-attribute", "copy its snapshots"}},
      {"AMI031", {"with a stranger"}},
      {"AMI032", {"can be made public"}},
      {"AMI033", {"create a volume from it"}},
      {"AMI040", {"Anyone can publish a public AMI with a matching name", "owners = [\"self\"]"}},
      {"AMI041", {"every Marketplace seller"}},
      {"AMI042", {"the newest match may be one of them"}},
      {"AMI043", {"outside the allowed criteria"}},
      {"AMI050", {"inconsistent"}},
      {"AMI060", {"InvalidAMIID.NotFound", "deregistered by a cleanup job"}},
      {"AMI061", {"no longer gets patches", "deregistered soon after"}},
  };
  std::map<std::string, std::vector<std::string>> messages;  // rule -> its fixture messages
  for (auto& u : all_units()) {
    for (const auto& f : run(candidates_of(u), u.options).findings) messages[f.rule].push_back(f.message);
  }
  for (const Rule* r : all_rules()) {
    std::string doc = r->doc;
    INFO("rule " << r->code);
    if (messages.count(r->code)) {
      // What it does, why it is bad and what to use instead, each with some substance.
      CHECK(doc.size() >= 700);
      for (const char* heading : {"## What it does\n", "## Why is this bad?\n", "## Use instead\n"}) {
        INFO("section " << heading);
        size_t at = doc.find(heading);
        REQUIRE(at != std::string::npos);
        size_t body = at + std::strlen(heading);
        size_t end = doc.find("\n## ", body);
        CHECK((end == std::string::npos ? doc.size() : end) - body >= 40);
      }
    }
    auto it = background.find(r->code);
    INFO("rule " << r->code << " needs background that its messages leave out");
    REQUIRE(it != background.end());
    for (const auto& text : it->second) {
      INFO("background \"" << text << "\"");
      CHECK(doc.find(text) != std::string::npos);
      for (const auto& m : messages[r->code]) {
        INFO("message: " << m);
        CHECK(m.find(text) == std::string::npos);
      }
    }
  }
}
