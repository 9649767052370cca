// Shared by the tests that run the real amilint binary in temporary directories.
#pragma once
#include <sys/wait.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>

namespace amilint_test {

namespace fs = std::filesystem;

struct Run {
  int code = -1;
  std::string out;  // stdout
  std::string err;  // stderr
};

// Runs amilint with args (a shell-quoted string) in directory dir; killed after
// timeout_s seconds (a hang is then exit code 137, never a stuck suite). `launcher`
// goes before the command (e.g. setpriv to drop privileges), `binary` replaces it.
inline Run run_amilint(const std::string& args, const fs::path& dir, int timeout_s = 600,
                       const std::string& binary = AMILINT_BINARY, const std::string& launcher = "") {
  char errname[] = "/tmp/amilint-stderr-XXXXXX";
  int fd = mkstemp(errname);
  REQUIRE(fd >= 0);
  close(fd);
  std::string cmd = "cd '" + dir.string() + "' && " + launcher + "timeout -s KILL " + std::to_string(timeout_s) + " '" + binary + "' " + args + " 2>'" + errname + "'";
  Run r;
  FILE* p = popen(cmd.c_str(), "r");
  REQUIRE(p);
  char buf[4096];
  size_t n;
  while ((n = fread(buf, 1, sizeof buf, p)) > 0) r.out.append(buf, n);
  int status = pclose(p);
  r.code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  std::ifstream e(errname);
  r.err.assign(std::istreambuf_iterator<char>(e), {});
  fs::remove(errname);
  return r;
}

// A temporary directory, removed at the end of the test. With `repo`, it holds a
// `.git` directory, so config discovery stops there.
struct TempDir {
  fs::path path;
  explicit TempDir(bool repo = false) {
    char tmpl[] = "/tmp/amilint-test-XXXXXX";
    path = mkdtemp(tmpl);
    if (repo) fs::create_directory(path / ".git");
  }
  ~TempDir() { fs::remove_all(path); }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  void write(const std::string& rel, const std::string& text) const {
    fs::create_directories((path / rel).parent_path());
    std::ofstream(path / rel, std::ios::binary) << text;
  }
  std::string read(const std::string& rel) const {
    std::ifstream f(path / rel, std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(f), {});
  }
};

// Runs a test body in another directory, and comes back.
struct InDir {
  fs::path old = fs::current_path();
  explicit InDir(const fs::path& p) { fs::current_path(p); }
  ~InDir() { fs::current_path(old); }
};

}  // namespace amilint_test
