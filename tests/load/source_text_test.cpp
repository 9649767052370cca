// The source stage's reading and positions: a file's text is the same whether it is
// read into a string (small files) or into a buffer of its own (1 MB and more), and a
// LineIndex (counted a word at a time) gives the same line and column as counting
// byte by byte, on every kind of line break and on multi-byte UTF-8.
#include <catch2/catch.hpp>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <fstream>
#include <random>
#include <string>

#include "linter/source/source.h"
#include "linter/source/unit.h"
#include "tests/test_util.h"

using namespace amilint;

namespace {

std::string read_back(const std::string& path) {
  int fd = ::open(path.c_str(), O_RDONLY);
  REQUIRE(fd >= 0);
  struct stat st;
  REQUIRE(::fstat(fd, &st) == 0);
  FileText t;
  bool ok = t.load(fd, st);
  ::close(fd);
  REQUIRE(ok);
  return std::string(t.text());
}

// Line and column (code points, 1-based) counted one byte at a time.
Position slow_position(std::string_view text, uint32_t offset) {
  int line = 1, column = 1;
  for (uint32_t i = 0; i < offset; ++i) {
    char c = text[i];
    if (c == '\n' || (c == '\r' && (i + 1 >= text.size() || text[i + 1] != '\n'))) {
      ++line;
      column = 1;
    } else if (c == '\r') {
      continue;  // the \r of \r\n: the \n ends the line
    } else if ((static_cast<unsigned char>(c) & 0xC0) != 0x80) {
      ++column;
    }
  }
  return Position{line, column};
}

}  // namespace

TEST_CASE("a file reads the same small and big", "[source]") {
  amilint_test::TempDir dir;
  std::mt19937 rng(5);
  for (size_t size : {size_t(0), size_t(100), size_t(FileText::kMapAtLeast - 1), size_t(FileText::kMapAtLeast),
                      size_t(3 * FileText::kMapAtLeast + 17), size_t(4u << 20)}) {
    std::string text(size, '\0');
    for (auto& c : text) c = static_cast<char>('a' + rng() % 26);
    const std::string path = (dir.path / ("f" + std::to_string(size))).string();
    std::ofstream(path, std::ios::binary) << text;
    INFO("size " << size);
    CHECK(read_back(path) == text);
  }
}

TEST_CASE("LineIndex agrees with counting byte by byte", "[source]") {
  std::mt19937 rng(9);
  const char* pieces[] = {"a", "bc", "\n", "\r\n", "\r", "\xc3\xa9", "\xe6\xa4\x9c", "\xf0\x9f\x98\x80", " ", "x"};
  for (int round = 0; round < 20; ++round) {
    std::string text;
    size_t n = 1 + rng() % 3000;
    for (size_t i = 0; i < n; ++i) text += pieces[rng() % (round % 2 ? 10 : 2)];  // odd rounds: breaks, UTF-8
    LineIndex index(text);
    for (uint32_t off = 0; off <= text.size(); off += 1 + rng() % 7) {
      if (off < text.size() && (static_cast<unsigned char>(text[off]) & 0xC0) == 0x80) continue;  // mid code point
      if (off > 0 && off < text.size() && text[off - 1] == '\r' && text[off] == '\n') continue;   // inside \r\n
      Position want = slow_position(text, off);
      Position got = index.position(off);
      INFO("round " << round << " offset " << off);
      REQUIRE(got.line == want.line);
      REQUIRE(got.column == want.column);
    }
  }
}
