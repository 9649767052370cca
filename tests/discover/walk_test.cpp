// The walk: which files are candidates, which paths are skipped and why, in a fixed
// order whatever the number of threads that list the directories.
#include <catch2/catch.hpp>
#include <filesystem>
#include <string>
#include <vector>

#include "linter/discover/discover.h"
#include "tests/test_util.h"

using namespace amilint;
using amilint_test::TempDir;

namespace fs = std::filesystem;

namespace {

std::vector<std::string> displays(const DiscoverResult& r) {
  std::vector<std::string> out;
  for (const auto& c : r.files) out.push_back(c.display);
  return out;
}

// A tree with what the walk must skip, follow once, or report.
void hostile_tree(const TempDir& t) {
  t.write("b/main.tf", "");
  t.write("b/z.yaml", "");
  t.write("b/notes.txt", "");
  t.write("a/deep/x.json", "");
  t.write("vendor/skip.yaml", "");
  t.write(".git/config.json", "");
  t.write("node_modules/pkg/package.json", "");
  t.write("a/.terraform/modules/m/main.tf", "");
  t.write("c/gen/out.yaml", "");
  t.write("top.template", "");
  fs::create_directory_symlink(".", t.path / "self");          // a loop
  fs::create_directory_symlink("../..", t.path / "a/deep/up");  // a loop, deeper
  fs::create_directory_symlink("b", t.path / "also-b");        // a second name for b
  fs::create_symlink("gone.yaml", t.path / "b/dangling.yaml");  // a link to nothing
}

}  // namespace

TEST_CASE("discover: the walk's files, notes and errors do not depend on --jobs", "[discover][walk]") {
  TempDir t;
  hostile_tree(t);
  const std::string root = t.path.string();
  const std::vector<std::string> excludes = {"vendor/", "**/gen"};
  // Excludes match displays: walk from inside the tree, as a user does.
  fs::path old = fs::current_path();
  fs::current_path(t.path);
  DiscoverResult one = discover({"."}, excludes, 1);
  fs::current_path(old);

  CHECK(displays(one) == std::vector<std::string>{"a/deep/x.json", "also-b/main.tf", "also-b/z.yaml", "top.template"});
  CHECK(one.notes == std::vector<std::string>{"a/deep/up: skipped (directory already visited: a symlink loop)",
                                              "also-b/dangling.yaml: skipped (broken symlink)",
                                              "b: skipped (directory already visited: a symlink loop)",
                                              "c/gen: excluded",
                                              "self: skipped (directory already visited: a symlink loop)",
                                              "vendor: excluded"});
  CHECK(one.errors.empty());
  CHECK(one.files[0].size == 0);

  for (int jobs : {2, 3, 8}) {
    fs::current_path(t.path);
    DiscoverResult many = discover({"."}, excludes, jobs);
    fs::current_path(old);
    INFO("jobs " << jobs);
    CHECK(displays(many) == displays(one));
    CHECK(many.notes == one.notes);
    CHECK(many.errors == one.errors);
  }
  // Two paths naming one directory: the second is the loop note, with any jobs.
  for (int jobs : {1, 2}) {
    DiscoverResult twice = discover({root + "/b", root + "/also-b"}, {}, jobs);
    CHECK(displays(twice) == std::vector<std::string>{root + "/b/main.tf", root + "/b/z.yaml"});
    CHECK(twice.notes == std::vector<std::string>{root + "/b/dangling.yaml: skipped (broken symlink)",
                                                  root + "/also-b: skipped (directory already visited: a symlink loop)"});
  }
}

TEST_CASE("discover: sizes are the files' sizes, and a missing path is an error with its reason",
          "[discover][walk]") {
  TempDir t;
  t.write("d/a.yaml", std::string(1234, 'x'));
  t.write("d/e/b.tf", std::string(7, 'x'));
  for (int jobs : {1, 2}) {
    DiscoverResult r = discover({(t.path / "d").string(), (t.path / "nothing").string()}, {}, jobs);
    REQUIRE(r.files.size() == 2);
    CHECK(r.files[0].size == 1234);
    CHECK(r.files[1].size == 7);
    CHECK_FALSE(r.files[0].named);
    CHECK(r.errors == std::vector<std::string>{(t.path / "nothing").string() + ": No such file or directory"});
  }
}
