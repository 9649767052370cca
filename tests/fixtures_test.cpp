// Runs every fixture under fixtures/ and compares its findings with the
// expectations written in it: `# expect: CODE@COL` trailing comments (several,
// comma-separated) on the line where a finding starts, in YAML fixtures; a sibling
// NAME.json.expected listing `LINE:COL CODE` for JSON fixtures. A fixture without
// expectations must be clean. A line `# args: --region R ...` (or `args: ...` in a
// .expected file) sets the options of that fixture: --region, --dr-region, --enable,
// --select, --trusted-account, --inventory PATH (relative to the fixture file) and
// --now RFC3339 (default: the current time, as the CLI). fixtures/inventory/ holds
// the inventories fixtures name, not templates.
#include <catch2/catch.hpp>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

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

void apply_args(const std::string& args, EngineOptions& o, const fs::path& fixture, bool* now_given = nullptr) {
  std::istringstream in(args);
  std::string flag, val;
  while (in >> flag) {
    in >> val;
    if (flag == "--inventory") {
      o.lint.inventory = fixture_inventory(fixture.parent_path() / val);
      continue;
    }
    if (flag == "--now") {
      INFO("fixture " << fixture.string() << ": --now " << val);
      REQUIRE(parse_rfc3339(val, o.lint.now));
      if (now_given) *now_given = true;
      continue;
    }
    if (flag == "--region") o.lint.regions.push_back(val);
    else if (flag == "--dr-region") o.lint.dr_regions.push_back(val);
    else if (flag == "--enable") o.enable.push_back(val);
    else if (flag == "--select") o.select.push_back(val);
    else if (flag == "--trusted-account") o.lint.trusted_accounts.push_back(val);
    else FAIL("unknown fixture argument " << flag);
  }
}

struct Expectations {
  std::multiset<std::string> items;  // "LINE:COL CODE"
  EngineOptions options;
  bool now_given = false;  // an `--now` argument
};

Expectations read_expectations(const fs::path& file, const std::string& text) {
  Expectations e;
  e.options.enable.push_back("AMI009");  // every rule runs on fixtures
  e.options.lint.now = static_cast<int64_t>(std::time(nullptr));
  bool json = file.extension() == ".json";
  if (json) {
    fs::path side = file;
    side += ".expected";
    if (!fs::exists(side)) return e;
    std::istringstream in(slurp(side));
    std::string line;
    while (std::getline(in, line)) {
      if (line.empty() || line[0] == '#') continue;
      if (line.rfind("args:", 0) == 0) {
        apply_args(line.substr(5), e.options, file, &e.now_given);
        continue;
      }
      std::istringstream ls(line);
      std::string pos, code;
      ls >> pos >> code;
      REQUIRE_FALSE(code.empty());
      e.items.insert(pos + " " + code);
    }
    return e;
  }
  std::istringstream in(text);
  std::string line;
  int n = 0;
  while (std::getline(in, line)) {
    ++n;
    size_t a = line.find("# args:");
    if (a != std::string::npos) apply_args(line.substr(a + 7), e.options, file, &e.now_given);
    size_t x = line.find("# expect:");
    if (x == std::string::npos) continue;
    std::stringstream list(line.substr(x + 9));
    std::string item;
    while (std::getline(list, item, ',')) {
      item.erase(0, item.find_first_not_of(" \t"));
      item.erase(item.find_last_not_of(" \t\r") + 1);
      size_t at = item.find('@');
      INFO(file.string() << ":" << n << ": expectation '" << item << "' needs CODE@COLUMN");
      REQUIRE(at != std::string::npos);
      e.items.insert(std::to_string(n) + ":" + item.substr(at + 1) + " " + item.substr(0, at));
    }
  }
  return e;
}

}  // namespace

// A Terraform configuration file: NAME.tf or NAME.tf.json.
bool is_tf_fixture(const fs::path& p) {
  std::string n = p.filename().string();
  auto ends = [&](const std::string& x) { return n.size() > x.size() && n.compare(n.size() - x.size(), x.size(), x) == 0; };
  return ends(".tf") || ends(".tf.json");
}

bool under_tf_dir(const fs::path& p) {
  for (fs::path q = p.parent_path(); !q.empty() && q != q.parent_path(); q = q.parent_path())
    if (q.filename() == "tf") return true;
  return false;
}

TEST_CASE("every fixture yields exactly its expected findings", "[fixtures]") {
  fs::path root = fs::path(AMILINT_SOURCE_DIR) / "fixtures";
  std::vector<fs::path> files;
  for (auto it = fs::recursive_directory_iterator(root); it != fs::recursive_directory_iterator(); ++it) {
    const auto& entry = *it;
    if (entry.is_directory() && entry.path() == root / "inventory") {
      it.disable_recursion_pending();  // inventories, not templates
      continue;
    }
    if (!entry.is_regular_file()) continue;
    std::string ext = entry.path().extension().string();
    if ((ext == ".yaml" || ext == ".yml" || ext == ".json" || ext == ".template") && !under_tf_dir(entry.path()))
      files.push_back(entry.path());
  }
  std::sort(files.begin(), files.end());
  REQUIRE(files.size() > 20);
  for (const auto& f : files) {
    std::string text = slurp(f);
    Expectations want = read_expectations(f, text);
    want.options.jobs = 1;
    FileReport rep = lint_text(text, f.string(), want.options, active_rules(want.options));
    std::multiset<std::string> got;
    std::string detail;
    for (const auto& fi : rep.findings) {
      got.insert(std::to_string(fi.line) + ":" + std::to_string(fi.column) + " " + fi.rule);
      detail += "  " + std::to_string(fi.line) + ":" + std::to_string(fi.column) + " " + fi.rule + " " +
                fi.message + "\n";
    }
    INFO("fixture " << fs::relative(f, root).string() << "\nfindings:\n" << detail);
    CHECK(rep.is_template);
    CHECK(got == want.items);
  }
}

// Terraform fixtures: fixtures/<CODE>/tf/NAME.tf is a one-file module;
// fixtures/<CODE>/tf/NAME/ is a module directory (its .tf files, with child modules
// and tfvars files below it). Expectations are `# expect: CODE@COL` comments in any
// file of the unit, or `LINE:COL CODE` lines in a sibling FILE.expected for lines that
// cannot carry a comment (JSON in a heredoc); `# args:` lines set the options.
TEST_CASE("every Terraform fixture yields exactly its expected findings", "[fixtures]") {
  fs::path root = fs::path(AMILINT_SOURCE_DIR) / "fixtures";
  std::vector<fs::path> units;
  for (const auto& entry : fs::recursive_directory_iterator(root)) {
    if (!entry.is_directory() || entry.path().filename() != "tf") continue;
    for (const auto& u : fs::directory_iterator(entry.path()))
      if (u.is_directory() || is_tf_fixture(u.path())) units.push_back(u.path());
  }
  std::sort(units.begin(), units.end());
  REQUIRE(units.size() >= 50);
  for (const auto& unit : units) {
    std::vector<fs::path> all, roots;
    if (fs::is_directory(unit)) {
      for (const auto& e : fs::recursive_directory_iterator(unit))
        if (e.is_regular_file() && (is_tf_fixture(e.path()) || e.path().extension() == ".tfvars" ||
                                    e.path().string().find(".tfvars.json") == e.path().string().size() - 12))
          all.push_back(e.path());
      for (const auto& e : fs::directory_iterator(unit))
        if (e.is_regular_file() && is_tf_fixture(e.path())) roots.push_back(e.path());
    } else {
      all = roots = {unit};
    }
    std::sort(roots.begin(), roots.end());
    EngineOptions options;
    options.enable.push_back("AMI009");
    options.lint.now = static_cast<int64_t>(std::time(nullptr));
    std::multiset<std::string> want;
    for (const auto& f : all) {
      Expectations e = read_expectations(f, slurp(f));
      for (const auto& item : e.items) want.insert(f.lexically_normal().string() + ":" + item);
      // Lines that cannot carry a comment (inside a heredoc's JSON, a heredoc's opening
      // line): a sibling NAME.tf.expected lists `LINE:COL CODE`, as for JSON fixtures.
      fs::path side = f;
      side += ".expected";
      if (f.extension() != ".json" && fs::exists(side)) {  // JSON: read_expectations did
        std::istringstream in(slurp(side));
        std::string line;
        while (std::getline(in, line)) {
          if (line.empty() || line[0] == '#') continue;
          std::istringstream ls(line);
          std::string pos, code;
          ls >> pos >> code;
          REQUIRE_FALSE(code.empty());
          want.insert(f.lexically_normal().string() + ":" + pos + " " + code);
        }
      }
      for (const auto& r : e.options.lint.regions) options.lint.regions.push_back(r);
      for (const auto& r : e.options.lint.dr_regions) options.lint.dr_regions.push_back(r);
      for (const auto& r : e.options.lint.trusted_accounts) options.lint.trusted_accounts.push_back(r);
      if (e.options.lint.inventory) options.lint.inventory = e.options.lint.inventory;
      if (e.now_given) options.lint.now = e.options.lint.now;
    }
    std::vector<Candidate> cands;
    for (const auto& r : roots) cands.push_back({r.string(), r.lexically_normal().string(), false});
    std::vector<FileReport> reps = lint_terraform_module(cands, options, active_rules(options));
    std::multiset<std::string> got;
    std::string detail;
    for (const auto& rep : reps)
      for (const auto& fi : rep.findings) {
        std::string key = fs::path(fi.file).lexically_normal().string() + ":" + std::to_string(fi.line) + ":" +
                          std::to_string(fi.column) + " " + fi.rule;
        got.insert(key);
        detail += "  " + key + " " + fi.message + "\n";
      }
    INFO("fixture " << fs::relative(unit, root).string() << "\nfindings:\n" << detail);
    CHECK(got == want);
  }
}
