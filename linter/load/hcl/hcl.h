// HCL native syntax (Terraform `.tf` files): a hand-written lexer and
// recursive-descent parser that produce an AST in which every node carries its
// exact byte range. The parser is tested against HashiCorp's through the JSON form
// that `@cdktf/hcl2json` produces (tests/tools/hcl_render.h renders our AST so).
//
// The parser's files: unicode.cpp (identifier tables, UTF-8), lexer.cpp (tokens),
// parser.cpp (parse_hcl, bodies and blocks), expressions.cpp, traversals.cpp,
// templates.cpp (the rest of the parser, see parser.h), views.cpp (the HclFile
// helpers).
//
// The AST is flat: every kind of node lives in one vector of HclFile and refers to
// others by index, so a parse makes a handful of growing vectors rather than one
// allocation per node. Ranges are byte offsets into HclFile::text (the parsed text,
// kept by the file); HclFile::text(range) returns the source of a range.
//
// Shape:
//   Body      = items in source order, each an Attribute or a Block
//   Attribute = name = value-expression
//   Block     = type label* { Body }
//   Expr      = one expression node (see ExprKind)
// Templates ("..." and heredocs) keep their pieces: decoded literal strings,
// interpolated expressions and %{if}/%{for} directives. A reference such as
// `data.aws_ami.x.id` is one Reference node: a root name plus attribute and index
// steps (HclFile::as_reference); anything an adapter cannot read as a literal or a
// reference is "unresolvable" and still has its range.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "linter/load/node.h"
#include "linter/source/source.h"

namespace amilint {
namespace hcl {

using Id = uint32_t;                 // index of an Expr, Body, Block, Attribute, ...
inline constexpr Id kNone = 0xFFFFFFFFu;

// A decoded string kept in HclFile::strings (escapes resolved, heredoc
// indentation and template strip markers applied).
struct StrRef {
  uint32_t offset = 0;
  uint32_t size = 0;
};

enum class ExprKind : uint8_t {
  Number,        // 42, 1.5e3 (the source text is the value: HclFile::text(range))
  Bool,          // true, false (flag kTrue)
  Null,          // null
  String,        // a literal piece of a template; str = decoded text, range = its source
  Template,      // "..." or <<EOT heredoc; items = parts (String pieces, interpolated
                 //   expressions, TemplateIf, TemplateFor)
  TemplateWrap,  // a template that is exactly one interpolation, "${x}": its value is x (a)
  TemplateIf,    // %{if c}...%{else}...%{endif}: a = condition, items = then-parts,
                 //   items2 = else-parts
  TemplateFor,   // %{for k, v in c}...%{endfor}: key_name, name = value variable,
                 //   a = collection, items = body parts
  Tuple,         // [x, y]: items
  Object,        // {k = v, ...}: items = key, value, key, value, ... (a key that is a
                 //   bare name is a Reference without steps and means that name)
  Call,          // f(x, y...): name = function name (with provider::ns:: if any),
                 //   items = arguments, flag kExpandFinal for a trailing "..."
  Reference,     // var.x, data.aws_ami.x.id, local.a[0]: name = root, steps
  Traversal,     // steps applied to another expression (a), e.g. f(x).id or x[*].y[0]
  Index,         // a[b] where the key b is not a literal
  Splat,         // a[*].b or a.*.b: a = source, b = what is taken from each item (a
                 //   SplatItem, or a Traversal of one); flag kAttrOnly for ".*"
  SplatItem,     // the anonymous item of a splat; range = "[*]" or ".*"
  For,           // [for k, v in c : x if cond] or {for k, v in c : key => x... if cond}:
                 //   key_name, name = value variable, a = collection, b = key expression
                 //   (objects), c = value expression, d = condition; flags kForObject,
                 //   kGroup
  Conditional,   // a ? b : c
  Unary,         // op a
  Binary,        // a op b
  Parens,        // (a)
};

enum class Op : uint8_t {
  None,
  Negate, Not,                                   // unary
  Or, And, Equal, NotEqual, Less, LessEqual, Greater, GreaterEqual,
  Add, Subtract, Multiply, Divide, Modulo,       // binary
};

// Expr::flags
inline constexpr uint8_t kTrue = 1;          // Bool: the value is true
inline constexpr uint8_t kExpandFinal = 2;   // Call: the last argument is expanded (...)
inline constexpr uint8_t kAttrOnly = 4;      // Splat: the ".*" form
inline constexpr uint8_t kForObject = 8;     // For: builds an object ({for ...})
inline constexpr uint8_t kGroup = 16;        // For: grouping mode ("..." after the value)
inline constexpr uint8_t kHeredoc = 32;      // Template: a heredoc
inline constexpr uint8_t kFlush = 64;        // Template: an indented heredoc (<<-EOT)
inline constexpr uint8_t kJsonString = 128;  // TemplateWrap: a JSON-syntax string template
                                             //   (json_syntax.h); a == kNone when the
                                             //   template could not be parsed

struct Expr {
  ExprKind kind = ExprKind::Null;
  Op op = Op::None;
  uint8_t flags = 0;
  Range range;          // the whole expression, e.g. `"a${b}"` with its quotes
  Range name;           // Reference root, Call function name, For value variable
  Range key_name;       // For/TemplateFor key variable (empty when there is none)
  StrRef str;           // String: the decoded text
  Id a = kNone, b = kNone, c = kNone, d = kNone;  // sub-expressions (see ExprKind)
  uint32_t items = 0, item_count = 0;             // into HclFile::lists
  uint32_t items2 = 0, item2_count = 0;           // into HclFile::lists
  uint32_t steps = 0, step_count = 0;             // into HclFile::steps
};

enum class StepKind : uint8_t {
  Attr,         // .name
  Index,        // [key] with a literal key (number, string, bool or null)
  LegacyIndex,  // .0 (old index syntax)
};

struct Step {
  StepKind kind = StepKind::Attr;
  Range range;      // the whole step: ".name", "[0]", ".0"
  Range name;       // Attr: the name; LegacyIndex: the digits; Index: the key's source
  Id key = kNone;   // Index: the literal key expression
};

struct Attribute {
  Range name;
  Id value = kNone;
  Range range;  // from the name to the end of the value
};

struct Label {
  Range range;     // the label as written (quotes included)
  StrRef value;    // decoded
  bool quoted = false;
};

struct Block {
  Range type;
  uint32_t labels = 0, label_count = 0;  // into HclFile::labels
  Id body = kNone;                       // into HclFile::bodies
  Range open_brace, close_brace;
  Range range;  // from the type to the closing brace
};

struct BodyItem {
  bool is_block = false;
  Id index = kNone;  // into HclFile::blocks or HclFile::attributes
};

struct Body {
  uint32_t items = 0, item_count = 0;  // into HclFile::body_items
  Range range;                         // the whole file, or the braces of a block
};

struct Comment {
  Range range;           // from the marker to the end of the comment (a line comment's
                         // range includes its line break)
  bool line = true;      // "#" or "//" (true), "/* */" (false)
};

// A reference seen through HclFile::as_reference: root name plus steps.
struct ReferenceView {
  std::string_view root;  // "data", "var", "local", "module", "aws_ami_copy", ...
  Range root_range;
  const Step* steps = nullptr;
  size_t step_count = 0;
  Range range;            // the whole reference
};

// A literal seen through HclFile::as_literal.
struct LiteralView {
  ExprKind type = ExprKind::Null;  // String (a template without interpolation), Number,
                                   // Bool or Null
  std::string text;                // String: the decoded value; Number: the source text;
                                   // Bool: "true"/"false"; Null: "null"
  Range range;                     // the literal as written (quotes included)
};

struct HclFile {
  std::string display_name;
  std::string text;  // the parsed text (offsets in every Range refer to it)
  Id root = kNone;   // the top-level body (kNone when the text could not be parsed)
  std::vector<ParseError> errors;  // at most one: the first syntax error

  std::vector<Expr> exprs;
  std::vector<Id> lists;  // item lists of exprs (contiguous per node)
  std::vector<Step> steps;
  std::vector<Attribute> attributes;
  std::vector<Label> labels;
  std::vector<Block> blocks;
  std::vector<Body> bodies;
  std::vector<BodyItem> body_items;
  std::vector<Comment> comments;  // every comment, in source order
  std::string strings;            // decoded string data (StrRef)

  bool ok() const { return errors.empty() && root != kNone; }
  std::string_view source(Range r) const { return std::string_view(text).substr(r.begin, r.end - r.begin); }
  std::string_view str(StrRef s) const { return std::string_view(strings).substr(s.offset, s.size); }
  const Expr& expr(Id id) const { return exprs[id]; }
  const Id* items(const Expr& e) const { return lists.data() + e.items; }
  const Id* items2(const Expr& e) const { return lists.data() + e.items2; }
  const Step* steps_of(const Expr& e) const { return steps.data() + e.steps; }
  const BodyItem* items(const Body& b) const { return body_items.data() + b.items; }
  const Label* labels_of(const Block& b) const { return labels.data() + b.labels; }

  // The expression itself, or what it stands for when wrapped in parentheses or
  // in a template that is one interpolation ("${x}" is x). kNone for kNone, and for
  // a JSON-syntax template that could not be parsed (kJsonString with a == kNone).
  Id unwrap(Id id) const;
  // A reference (root name and steps), seen through unwrap; nullopt otherwise.
  std::optional<ReferenceView> as_reference(Id id) const;
  // A number, bool, null or a string without interpolation or directives (quoted or
  // heredoc), seen through unwrap; nullopt otherwise.
  std::optional<LiteralView> as_literal(Id id) const;
};

// Parses HCL native syntax. Never throws; a syntax error (including invalid UTF-8,
// nesting deeper than kMaxNestingDepth, unbalanced brackets, unterminated strings
// and heredocs) leaves root == kNone and one ParseError at the offending byte.
HclFile parse_hcl(std::string_view text, const std::string& display_name);

}  // namespace hcl
}  // namespace amilint
