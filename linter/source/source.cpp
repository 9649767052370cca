#include "linter/source/source.h"

#include "linter/source/format.h"
#include "linter/source/unit.h"

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

namespace amilint {

namespace {

// UTF-8 continuation bytes (10xxxxxx) in the 8 bytes of w: bit 7 set, bit 6 clear.
inline uint32_t continuation_bytes(uint64_t w) {
  const uint64_t high = 0x8080808080808080ULL;
  const uint64_t bit7 = w & high;
  if (!bit7) return 0;
  return static_cast<uint32_t>(__builtin_popcountll(bit7 & ~((w << 1) & high)));
}

// Code points (bytes that are not continuation bytes) in [p, p + n).
uint32_t count_code_points(const char* p, size_t n) {
  uint32_t cont = 0;
  size_t i = 0;
  for (; i + 8 <= n; i += 8) {
    uint64_t w;
    std::memcpy(&w, p + i, 8);
    cont += continuation_bytes(w);
  }
  for (; i < n; ++i) cont += (static_cast<unsigned char>(p[i]) & 0xC0) == 0x80;
  return static_cast<uint32_t>(n) - cont;
}

}  // namespace

LineIndex::LineIndex(std::string_view text) : text_(text) {
  starts_.push_back(0);
  code_points_.reserve(text.size() / kBlock + 1);
  uint32_t cps = 0;
  for (size_t b = 0; b < text.size(); b += kBlock) {
    code_points_.push_back(cps);
    cps += count_code_points(text.data() + b, std::min(kBlock, text.size() - b));
  }
  const char* data = text.data();
  const size_t n = text.size();
  if (!std::memchr(data, '\r', n)) {  // line feeds only: found by memchr
    for (const void* p = std::memchr(data, '\n', n); p; ) {
      size_t i = static_cast<const char*>(p) - data + 1;
      starts_.push_back(static_cast<uint32_t>(i));
      p = i < n ? std::memchr(data + i, '\n', n - i) : nullptr;
    }
    return;
  }
  for (uint32_t i = 0; i < n; ++i) {
    char c = text[i];
    if (c == '\n') {
      starts_.push_back(i + 1);
    } else if (c == '\r') {
      if (i + 1 < n && text[i + 1] == '\n') ++i;
      starts_.push_back(i + 1);
    }
  }
}

Position LineIndex::position(uint32_t offset) const {
  if (offset > text_.size()) offset = static_cast<uint32_t>(text_.size());
  auto it = std::upper_bound(starts_.begin(), starts_.end(), offset);
  size_t line = static_cast<size_t>(it - starts_.begin());  // 1-based
  uint32_t start = starts_[line - 1];
  if (line == 1) start = static_cast<uint32_t>(std::min<size_t>(utf8_bom_length(text_), offset));  // a BOM is no column
  int column = 1 + static_cast<int>(code_points_before(offset) - code_points_before(start));
  return Position{static_cast<int>(line), column};
}

// Code points (UTF-8 bytes that are not continuation bytes) in text_[0, offset): the
// count at the block boundary, then at most one block scanned, so that a position on
// a long line (a plan on one line) costs the same as on a short one.
uint32_t LineIndex::code_points_before(uint32_t offset) const {
  size_t block = offset / kBlock;
  if (block >= code_points_.size()) {  // offset == text size, at a block boundary
    if (code_points_.empty()) return 0;
    block = code_points_.size() - 1;
  }
  return code_points_[block] + count_code_points(text_.data() + block * kBlock, offset - block * kBlock);
}

uint32_t LineIndex::line_start(int line) const {
  if (line < 1) return 0;
  if (static_cast<size_t>(line) > starts_.size()) return static_cast<uint32_t>(text_.size());
  return starts_[static_cast<size_t>(line) - 1];
}

std::string trim(std::string_view s) {
  auto ws = [](char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f' || c == '\v'; };
  size_t b = 0, e = s.size();
  while (b < e && ws(s[b])) ++b;
  while (e > b && ws(s[e - 1])) --e;
  return std::string(s.substr(b, e - b));
}

void append_utf8(std::string& out, uint32_t cp) {
  if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    out += static_cast<char>(0xC0 | (cp >> 6));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    out += static_cast<char>(0xE0 | (cp >> 12));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (cp >> 18));
    out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  }
}

std::optional<uint32_t> find_invalid_utf8(std::string_view s) {
  size_t i = 0, n = s.size();
  while (i < n) {
    // most text is ASCII: skip it 8 bytes at a time
    while (i + 8 <= n) {
      uint64_t w;
      std::memcpy(&w, s.data() + i, 8);
      if (w & 0x8080808080808080ull) break;
      i += 8;
    }
    if (i >= n) break;
    unsigned char c = static_cast<unsigned char>(s[i]);
    if (c < 0x80) { ++i; continue; }
    size_t len;
    uint32_t cp;
    if ((c & 0xE0) == 0xC0) { len = 2; cp = c & 0x1F; }
    else if ((c & 0xF0) == 0xE0) { len = 3; cp = c & 0x0F; }
    else if ((c & 0xF8) == 0xF0) { len = 4; cp = c & 0x07; }
    else return static_cast<uint32_t>(i);
    if (i + len > n) return static_cast<uint32_t>(i);
    for (size_t k = 1; k < len; ++k) {
      unsigned char cc = static_cast<unsigned char>(s[i + k]);
      if ((cc & 0xC0) != 0x80) return static_cast<uint32_t>(i);
      cp = (cp << 6) | (cc & 0x3F);
    }
    // reject overlong forms, surrogates and out-of-range code points
    if ((len == 2 && cp < 0x80) || (len == 3 && cp < 0x800) || (len == 4 && cp < 0x10000) ||
        (cp >= 0xD800 && cp <= 0xDFFF) || cp > 0x10FFFF)
      return static_cast<uint32_t>(i);
    i += len;
  }
  return std::nullopt;
}

size_t utf8_bom_length(std::string_view t) {
  return (t.size() >= 3 && t[0] == '\xEF' && t[1] == '\xBB' && t[2] == '\xBF') ? 3 : 0;
}

const char* foreign_bom_name(std::string_view t) {
  if (t.size() >= 4 && t.substr(0, 4) == std::string_view("\xFF\xFE\0\0", 4)) return "UTF-32LE";
  if (t.size() >= 4 && t.substr(0, 4) == std::string_view("\0\0\xFE\xFF", 4)) return "UTF-32BE";
  if (t.size() >= 2 && t[0] == '\xFF' && t[1] == '\xFE') return "UTF-16LE";
  if (t.size() >= 2 && t[0] == '\xFE' && t[1] == '\xFF') return "UTF-16BE";
  return nullptr;
}

namespace {

// Appends what is left to read of fd to out: a regular file's size is reserved first
// (no growth by doubling, which would hold up to three times a big file while it
// copies), then whatever comes (a file that grew, a pipe). False with errno on error.
bool append_all(int fd, const struct stat& st, std::string& out) {
  if (S_ISREG(st.st_mode) && st.st_size > 0) out.reserve(out.size() + static_cast<size_t>(st.st_size));
  char buf[65536];
  for (;;) {
    ssize_t n = ::read(fd, buf, sizeof buf);
    if (n == 0) return true;
    if (n < 0) {
      if (errno == EINTR) continue;
      return false;
    }
    out.append(buf, static_cast<size_t>(n));
  }
}

}  // namespace

bool read_file(const std::string& path, std::string& out) {
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return false;
  struct stat st;
  bool ok = ::fstat(fd, &st) == 0 && append_all(fd, st, out);
  int err = errno;
  ::close(fd);
  errno = err;
  return ok;
}

std::string cannot_read_message(int err) {
  return std::string("cannot read file: ") + std::strerror(err) +
         (err == ENOENT ? " (it was removed or renamed while amilint ran)" : " (check its permissions)");
}

std::string_view SourceFile::text() const { return content ? content->text() : std::string_view(); }

FileText::~FileText() {
  if (map_) ::munmap(map_, map_capacity_);
}

bool FileText::load(int fd, const struct stat& st) {
  if (S_ISREG(st.st_mode) && static_cast<size_t>(st.st_size) >= kMapAtLeast) {
    // A buffer of its own in huge pages, read into: not the file mapped, which another
    // process truncating it would turn into a crash.
    constexpr size_t kHugePage = 2 << 20;
    const size_t capacity = (static_cast<size_t>(st.st_size) / kHugePage + 1) * kHugePage;
    void* m = ::mmap(nullptr, capacity, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (m != MAP_FAILED) {
      ::madvise(m, capacity, MADV_HUGEPAGE);  // advice: ignored where huge pages are off
      char* p = static_cast<char*>(m);
      size_t got = 0;
      while (got < capacity) {
        ssize_t n = ::read(fd, p + got, capacity - got);
        if (n == 0) break;
        if (n < 0) {
          if (errno == EINTR) continue;
          int err = errno;
          ::munmap(m, capacity);
          errno = err;
          return false;
        }
        got += static_cast<size_t>(n);
      }
      if (got < capacity) {
        // the last huge page's unused part back to the system (its 4 KB pages)
        const size_t used = (got + 4095) / 4096 * 4096;
        if (used < capacity) ::madvise(p + used, capacity - used, MADV_DONTNEED);
        map_ = p;
        map_size_ = got;
        map_capacity_ = capacity;
        return true;
      }
      owned_.assign(p, got);  // it grew by a whole huge page while read: the rest below
      ::munmap(m, capacity);
    }
  }
  return append_all(fd, st, owned_);
}

const char* format_name(Format f) {
  switch (f) {
    case Format::CfnYaml: return "cfn-yaml";
    case Format::CfnJson: return "cfn-json";
    case Format::TfHcl: return "tf-hcl";
    case Format::TfJson: return "tf-json";
    case Format::TfPlan: return "tf-plan";
    case Format::TfVars: return "tf-vars";
    case Format::TfVarsJson: return "tf-vars-json";
    case Format::PkrHcl: return "pkr-hcl";
    case Format::PkrJson: return "pkr-json";
    case Format::PkrVars: return "pkr-vars";
    case Format::PkrVarsJson: return "pkr-vars-json";
  }
  return "?";
}

}  // namespace amilint
