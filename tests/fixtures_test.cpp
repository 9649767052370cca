// Runs every fixture under fixtures/ and compares its findings with the
// expectations written in it: `# expect: CODE@COL` trailing comments (several,
// comma-separated) on the line where a finding starts, in YAML fixtures; a sibling
// NAME.json.expected listing `LINE:COL CODE` for JSON fixtures. A fixture without
// expectations must be clean. A line `# args: --region R ...` (or `args: ...` in a
// .expected file) sets the options of that fixture.
#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

#include "linter/engine.h"
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

void apply_args(const std::string& args, EngineOptions& o) {
  std::istringstream in(args);
  std::string flag, val;
  while (in >> flag) {
    in >> val;
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
};

Expectations read_expectations(const fs::path& file, const std::string& text) {
  Expectations e;
  e.options.enable.push_back("AMI009");  // every rule runs on fixtures
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
        apply_args(line.substr(5), e.options);
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
    if (a != std::string::npos) apply_args(line.substr(a + 7), e.options);
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

TEST_CASE("every fixture yields exactly its expected findings", "[fixtures]") {
  fs::path root = fs::path(AMILINT_SOURCE_DIR) / "fixtures";
  std::vector<fs::path> files;
  for (const auto& entry : fs::recursive_directory_iterator(root)) {
    if (!entry.is_regular_file()) continue;
    std::string ext = entry.path().extension().string();
    if (ext == ".yaml" || ext == ".yml" || ext == ".json" || ext == ".template") files.push_back(entry.path());
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
