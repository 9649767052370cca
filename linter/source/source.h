// Source text, byte ranges and the line index that turns offsets into 1-based
// line:column positions for reports.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace amilint {

// A half-open byte range [begin, end) into one file's text. `file` tells which file
// of a multi-file unit (a Terraform module) the range is in; 0 for single files.
struct Range {
  uint32_t begin = 0;
  uint32_t end = 0;
  uint32_t file = 0;
  bool empty() const { return begin == end; }
  // Ranges compare with their file first: two values at the same offsets of two files
  // are different values (nothing is deduplicated across files by accident).
  bool operator==(const Range& o) const { return file == o.file && begin == o.begin && end == o.end; }
  bool operator!=(const Range& o) const { return !(*this == o); }
  bool operator<(const Range& o) const {
    if (file != o.file) return file < o.file;
    if (begin != o.begin) return begin < o.begin;
    return end < o.end;
  }
};

struct Position {
  int line = 1;    // 1-based
  int column = 1;  // 1-based, counted in Unicode code points
};

// Maps byte offsets to line/column. Line breaks are "\n", "\r\n" and a lone "\r"
// (YAML treats all three as breaks). Columns count code points, so a tab or a
// multi-byte character is one column.
class LineIndex {
 public:
  explicit LineIndex(std::string_view text);
  Position position(uint32_t offset) const;
  // Offset of the first byte of a 1-based line (clamped to the text).
  uint32_t line_start(int line) const;
  int line_count() const { return static_cast<int>(starts_.size()); }

 private:
  static constexpr size_t kBlock = 512;
  uint32_t code_points_before(uint32_t offset) const;
  std::string_view text_;
  std::vector<uint32_t> starts_;
  std::vector<uint32_t> code_points_;  // code points before each kBlock-byte block
};

// s without leading and trailing whitespace (spaces, tabs, line breaks, \f, \v).
std::string trim(std::string_view s);

// Whether s ends with suffix (a file name's extension: ".tf.json", ".pkr.hcl").
inline bool ends_with(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

// Appends the UTF-8 encoding of code point cp to out.
void append_utf8(std::string& out, uint32_t cp);

// Returns the byte offset of the first invalid UTF-8 sequence, if any.
std::optional<uint32_t> find_invalid_utf8(std::string_view text);

// Length of a UTF-8 byte order mark at the start of text (0 or 3).
size_t utf8_bom_length(std::string_view text);

// Names a UTF-16/UTF-32 byte order mark at the start of text, or nullptr.
const char* foreign_bom_name(std::string_view text);

// Appends the whole file at path to out (binary). False when it cannot be opened,
// with errno saying why.
bool read_file(const std::string& path, std::string& out);
// The AMI000 message for a file read_file could not open (errno err), with a hint.
std::string cannot_read_message(int err);

}  // namespace amilint
