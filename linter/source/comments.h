// Comments of YAML and HCL texts, found by scanning the text (so they are found in text
// that does not parse): YAML `#` after whitespace, not in a quoted or block scalar;
// HCL `#`, `//` and `/* */`, not in strings, template expressions or heredocs. The
// filter reads suppressions in them; discover reads module sources outside them.
#pragma once
#include <string>
#include <string_view>
#include <vector>

#include "linter/source/source.h"

namespace amilint {

enum class CommentSyntax { Yaml, Hcl };

struct Comment {
  Range range;        // the whole comment, marker included
  int line = 0;       // 1-based
  bool own_line = false;  // nothing but whitespace before it on its line
  std::string text;   // after the marker (`#` or `//`); empty for a block comment
  bool block = false; // HCL `/* ... */`
};

// The real line comments of a YAML or HCL text, in order (where suppressions are).
std::vector<Comment> scan_comments(std::string_view text, CommentSyntax syntax);

// The text with every comment, HCL block comments too, blanked out (line breaks kept,
// so offsets do not move).
std::string without_comments(std::string_view text, CommentSyntax syntax);

}  // namespace amilint
