// One version: CMakeLists.txt's project(VERSION) is what --version, the JSON report,
// SARIF's tool.driver.version and a written baseline say.
#include <nlohmann/json.hpp>
#include <regex>

#include "tests/test_util.h"

using namespace amilint_test;

namespace {

std::string project_version() {
  std::ifstream f(std::string(AMILINT_SOURCE_DIR) + "/CMakeLists.txt");
  std::string text((std::istreambuf_iterator<char>(f)), {});
  std::smatch m;
  REQUIRE(std::regex_search(text, m, std::regex(R"(\bproject\(\s*amilint\s+VERSION\s+([0-9][0-9.]*))")));
  return m[1];
}

}  // namespace

TEST_CASE("the version option, JSON, SARIF and baselines carry CMakeLists' project version", "[version]") {
  const std::string version = project_version();
  TempDir d(true);
  d.write("t.yaml",
          "AWSTemplateFormatVersion: '2010-09-09'\n"
          "Resources:\n  Web:\n    Type: AWS::EC2::Instance\n    Properties:\n      ImageId: ami-12345\n");

  Run v = run_amilint("--version", d.path);
  CHECK(v.code == 0);
  CHECK(v.out == "amilint " + version + "\n");

  Run j = run_amilint("--format json t.yaml", d.path);
  CHECK(j.code == 1);
  CHECK(nlohmann::json::parse(j.out)["version"] == version);

  Run s = run_amilint("--format sarif t.yaml", d.path);
  CHECK(s.code == 1);
  auto driver = nlohmann::json::parse(s.out)["runs"][0]["tool"]["driver"];
  CHECK(driver["name"] == "amilint");
  CHECK(driver["version"] == version);

  Run b = run_amilint("--write-baseline base.json t.yaml", d.path);
  CHECK(b.code == 0);
  CHECK(nlohmann::json::parse(d.read("base.json"))["amilint"] == version);
}
