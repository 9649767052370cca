// ctest runs each Catch test by its name (catch_discover_tests): a name that starts
// with a dash is read as an option and a semicolon splits CMake's list, so such a test
// fails in CI while it passes when the test binary is run by hand.
#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>

namespace fs = std::filesystem;

TEST_CASE("test names can be run by ctest", "[meta]") {
  std::regex test_case(R"re(TEST_CASE\(\s*"([^"]*)")re");
  int names = 0;
  for (const auto& e : fs::recursive_directory_iterator(fs::path(AMILINT_SOURCE_DIR) / "tests")) {
    std::string file = e.path().string();
    if (file.find("node_modules") != std::string::npos || e.path().extension() != ".cpp") continue;
    std::ifstream in(e.path());
    std::stringstream ss;
    ss << in.rdbuf();
    std::string text = ss.str();
    for (std::sregex_iterator it(text.begin(), text.end(), test_case), end; it != end; ++it) {
      std::string name = (*it)[1];
      INFO(file << ": TEST_CASE(\"" << name << "\")");
      CHECK_FALSE(name.empty());
      if (name.empty()) continue;
      CHECK(name[0] != '-');
      CHECK(name.find(';') == std::string::npos);
      ++names;
    }
  }
  CHECK(names > 100);
}
