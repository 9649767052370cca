// Replays every input the fuzzers found (tests/fuzz/regressions/TARGET/*) through the
// same target body the fuzzer ran (tests/fuzz/targets.cpp). A crash, sanitizer report
// (in the sanitizer build) or broken invariant fails the suite.
#include <catch2/catch.hpp>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include "tests/fuzz/targets.h"

namespace fs = std::filesystem;

TEST_CASE("fuzz regression inputs replay cleanly", "[fuzz]") {
  fs::path root = fs::path(AMILINT_SOURCE_DIR) / "tests" / "fuzz" / "regressions";
  REQUIRE(fs::is_directory(root));
  size_t replayed = 0;
  for (const auto& dir : fs::directory_iterator(root)) {
    std::string target = dir.path().filename().string();
    auto fn = amilint::fuzz::target_named(target);
    INFO("directory " << dir.path());
    REQUIRE(fn != nullptr);  // only target names
    std::vector<fs::path> inputs;
    for (const auto& f : fs::directory_iterator(dir.path())) inputs.push_back(f.path());
    std::sort(inputs.begin(), inputs.end());
    for (const auto& p : inputs) {
      std::ifstream in(p, std::ios::binary);
      std::string data((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
      INFO("input " << p);
      fn(reinterpret_cast<const uint8_t*>(data.data()), data.size());
      ++replayed;
    }
  }
  CHECK(replayed > 0);
}
