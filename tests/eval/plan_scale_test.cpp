// A mid-size generated Terraform plan (tests/bench/gen_plan.py: 300 resources of the
// AMI kinds, three aliased providers, configuration entries, non-ASCII tags), on one
// line as Terraform writes it and pretty-printed: the binary's findings (rule,
// position, message, path, fingerprint) equal the committed list, so that making the
// plan path fast changes no finding and no 1-based line or column.
#include <catch2/catch.hpp>

#include <fstream>
#include <iterator>
#include <nlohmann/json.hpp>
#include <string>
#include <utility>

#include "tests/test_util.h"

using amilint_test::run_amilint;
using amilint_test::TempDir;
namespace fs = std::filesystem;

namespace {

nlohmann::json findings_of(const std::string& out) {
  nlohmann::json doc = nlohmann::json::parse(out);
  nlohmann::json list = nlohmann::json::array();
  for (const auto& f : doc.at("findings")) {
    nlohmann::json g;
    for (const char* k : {"rule", "file", "line", "column", "end_line", "end_column", "message", "path", "fingerprint"})
      g[k] = f.at(k);
    list.push_back(g);
  }
  return list;
}

}  // namespace

TEST_CASE("a generated mid-size plan gives the committed findings", "[plan-scale]") {
  const fs::path src(AMILINT_SOURCE_DIR);
  std::ifstream ef(src / "tests/eval/plan_scale_expected.json");
  REQUIRE(ef);
  const nlohmann::json expected = nlohmann::json::parse(std::string(std::istreambuf_iterator<char>(ef), {}));
  TempDir dir;
  for (const auto& [file, indent] : {std::pair<std::string, std::string>{"plan.json", ""},
                                     std::pair<std::string, std::string>{"plan_indented.json", " --indent 1"}}) {
    INFO(file);
    std::string gen = "python3 '" + (src / "tests/bench/gen_plan.py").string() + "' --resources 300 --seed 7" +
                      indent + " > '" + (dir.path / file).string() + "'";
    REQUIRE(std::system(gen.c_str()) == 0);
    auto r = run_amilint("--no-config --fail-on never --format json " + file, dir.path, 60);
    INFO(r.err);
    REQUIRE(r.code == 0);
    const nlohmann::json got = findings_of(r.out);
    const nlohmann::json& want = expected.at(file);
    REQUIRE(want.size() > 100);
    REQUIRE(got.size() == want.size());
    for (size_t i = 0; i < want.size(); ++i) {
      INFO("finding " << i);
      CHECK(got[i] == want[i]);
    }
  }
}
