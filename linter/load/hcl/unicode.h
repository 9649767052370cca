// Characters for the HCL lexer and parser: identifier classes beyond ASCII,
// UTF-8 decoding and Unicode white space. Internal to linter/load/hcl/.
#pragma once
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace amilint {
namespace hcl {
namespace detail {

// The identifier class of a code point beyond ASCII (Unicode XID_Start and
// XID_Continue): 1 = may start an identifier, 2 = may only continue one, 0 = neither.
int unicode_ident_class(uint32_t cp);

// Decodes the (valid) UTF-8 sequence at s[i]; *len receives its length.
inline uint32_t decode_utf8(std::string_view s, size_t i, size_t* len) {
  unsigned char c = static_cast<unsigned char>(s[i]);
  if (c < 0x80) { *len = 1; return c; }
  size_t n = (c & 0xE0) == 0xC0 ? 2 : (c & 0xF0) == 0xE0 ? 3 : 4;
  if (i + n > s.size()) { *len = 1; return c; }
  uint32_t cp = n == 2 ? (c & 0x1F) : n == 3 ? (c & 0x0F) : (c & 0x07);
  for (size_t k = 1; k < n; ++k) cp = (cp << 6) | (static_cast<unsigned char>(s[i + k]) & 0x3F);
  *len = n;
  return cp;
}

inline bool is_digit(char c) { return c >= '0' && c <= '9'; }
inline bool is_ascii_alpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }

// Length of the white space (Unicode, as Go's unicode.IsSpace) at the start of s.
size_t leading_space(std::string_view s);

// Length of s without its trailing white space.
size_t without_trailing_space(std::string_view s);

// The character at text[offset] for a message: 'x', U+0001, 'é' (U+00E9), or
// "end of file".
std::string describe_char(std::string_view text, uint32_t offset);

}  // namespace detail
}  // namespace hcl
}  // namespace amilint
