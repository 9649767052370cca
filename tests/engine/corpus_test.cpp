// amilint over the real-world corpus beside the repository (../shared/corpus): it
// never crashes, and parallel runs give byte-identical output.
#include <sys/wait.h>

#include <catch2/catch.hpp>
#include <cstdio>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <string>

namespace fs = std::filesystem;

namespace {

struct Run {
  int code = -1;
  std::string out;
};

Run run(const std::string& args) {
  std::string cmd = std::string("'") + AMILINT_BINARY + "' " + args + " 2>/dev/null";
  Run r;
  FILE* p = popen(cmd.c_str(), "r");
  REQUIRE(p);
  char buf[65536];
  size_t n;
  while ((n = fread(buf, 1, sizeof buf, p)) > 0) r.out.append(buf, n);
  int status = pclose(p);
  r.code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return r;
}

fs::path corpus() { return fs::path(AMILINT_SOURCE_DIR).parent_path() / "shared" / "corpus"; }

}  // namespace

TEST_CASE("the whole corpus lints without a crash", "[corpus]") {
  REQUIRE(fs::exists(corpus()));
  Run r = run("--format json --jobs 2 '" + corpus().string() + "'");
  CHECK((r.code == 0 || r.code == 1));
  auto j = nlohmann::json::parse(r.out);
  CHECK(j["summary"]["templates"].get<int>() > 1300);
  // Parse errors only where the files really are broken (cfn-lint agrees on each).
  int cfn_errors = 0, tf_errors = 0, tf_duplicates = 0;
  for (const auto& f : j["findings"]) {
    if (f["rule"] != "AMI000") continue;
    std::string file = f["file"];
    bool tf = file.size() > 3 && file.compare(file.size() - 3, 3, ".tf") == 0;
    bool duplicate = f["message"].get<std::string>().find("Terraform rejects a module that declares it twice") !=
                     std::string::npos;
    if (duplicate) {
      // only in test directories whose files each hold one case or phase (checkov's
      // check tests, kops' lifecycle phases), never in a real module of the corpus
      CHECK(file.find("/tests/") != std::string::npos);
      ++tf_duplicates;
    } else {
      (tf ? tf_errors : cfn_errors)++;
    }
  }
  CHECK(cfn_errors <= 20);      // 17 findings in 10 files, each also E0000 in cfn-lint
  CHECK(tf_errors <= 20);       // HashiCorp's parser rejects 20 .tf files of the corpus
  CHECK(tf_duplicates <= 115);  // resources, providers, locals declared twice in one directory
}

TEST_CASE("jobs 2 output is byte-identical to jobs 1", "[corpus]") {
  REQUIRE(fs::exists(corpus()));
  std::string args = "--format json '" + corpus().string() + "'";
  Run one = run("--jobs 1 " + args);
  Run two = run("--jobs 2 " + args);
  CHECK(one.code == two.code);
  CHECK(one.out.size() > 1000);
  CHECK(one.out == two.out);
}
