// The HCL parser's templates: quoted strings and heredocs, their escapes, strip
// markers and indentation, interpolations and %{if}/%{for} directives (see parser.h).
#include <algorithm>
#include <cctype>
#include <cstdio>
#include <string>

#include "linter/load/hcl/parser.h"
#include "linter/load/hcl/unicode.h"

namespace amilint {
namespace hcl {
namespace detail {
namespace {

constexpr size_t kNoElse = static_cast<size_t>(-1);

// The characters in s, counting "\r\n" as one.
size_t count_chars(std::string_view s) {
  size_t n = 0;
  for (size_t i = 0; i < s.size(); ++i) {
    if ((static_cast<unsigned char>(s[i]) & 0xC0) == 0x80) continue;
    if (s[i] == '\n' && i > 0 && s[i - 1] == '\r') continue;  // "\r\n" is one character
    ++n;
  }
  return n;
}

// The keyword of a directive piece.
const char* directive_name(PartKind k) {
  switch (k) {
    case PartKind::Else: return "else";
    case PartKind::EndIf: return "endif";
    case PartKind::EndFor: return "endfor";
    case PartKind::For: return "for";
    default: return "if";
  }
}

}  // namespace

// Decodes a literal token into f_.strings (escapes in quoted strings; "$${" and
// "%%{" everywhere).
StrRef Parser::decode(Tok t, bool quoted) {
  std::string& out = f_.strings;
  const uint32_t start = static_cast<uint32_t>(out.size());
  const uint32_t b = begin(t), e = end(t);
  uint32_t i = b;
  while (i < e) {
    // copy a run of plain characters at once
    uint32_t j = i;
    while (j < e && s_[j] != '$' && s_[j] != '%' && !(quoted && s_[j] == '\\')) ++j;
    out.append(s_.data() + i, j - i);
    i = j;
    if (i >= e) break;
    char c = s_[i];
    if (c == '$' || c == '%') {
      if (i + 2 < e && s_[i + 1] == c && s_[i + 2] == '{') {
        out.push_back(c);
        out.push_back('{');
        i += 3;
      } else {
        out.push_back(c);
        ++i;
      }
      continue;
    }
    // backslash escape (quoted only)
    char sel = s_[i + 1];
    switch (sel) {
      case 'n': out.push_back('\n'); i += 2; continue;
      case 'r': out.push_back('\r'); i += 2; continue;
      case 't': out.push_back('\t'); i += 2; continue;
      case '"': out.push_back('"'); i += 2; continue;
      case '\\': out.push_back('\\'); i += 2; continue;
      case 'u':
      case 'U': {
        const uint32_t want = sel == 'u' ? 4 : 8;
        uint32_t k = i + 2;
        uint32_t cp = 0;
        while (k < e && k - (i + 2) < want && std::isxdigit(static_cast<unsigned char>(s_[k]))) {
          char h = s_[k];
          cp = cp * 16 + static_cast<uint32_t>(is_digit(h) ? h - '0' : (h | 0x20) - 'a' + 10);
          ++k;
        }
        if (k - (i + 2) != want) {
          soft(i, std::string("invalid escape sequence: \\") + sel + " must be followed by " +
                      (want == 4 ? "four" : "eight") + " hexadecimal digits");
          out.append(s_.data() + i, k - i);
        } else if ((cp >= 0xD800 && cp <= 0xDFFF) || cp > 0x10FFFF) {
          char buf[16];
          std::snprintf(buf, sizeof buf, "U+%04X", cp);
          soft(i, std::string("invalid escape sequence: ") + buf + " is not a character that UTF-8 can encode");
        } else {
          append_utf8(out, cp);
        }
        i = k;
        continue;
      }
      default: {
        size_t len;
        decode_utf8(s_, i + 1, &len);
        soft(i, "invalid escape sequence '\\" + std::string(s_.substr(i + 1, len)) +
                    "'; the escapes are \\n \\r \\t \\\" \\\\ \\uNNNN \\UNNNNNNNN (write \\\\ for a backslash)");
        out.append(s_.data() + i + 1, len);
        i += 1 + static_cast<uint32_t>(len);
        continue;
      }
    }
  }
  return StrRef{start, static_cast<uint32_t>(out.size() - start)};
}

// A quoted string or a heredoc, at its opening quote or marker.
Id Parser::parse_template() {
  Tok open = read();
  const bool heredoc = toks_[open.index].type == T::OHeredoc;
  const bool flush = heredoc && s_[begin(open) + 2] == '-';

  // 1. pieces: literals (with strip markers applied), interpolations, directives
  const size_t base = parts_.size();
  Tok close = parse_template_parts(open, heredoc ? T::CHeredoc : T::CQuote);
  parts_.push_back(Part{PartKind::End, range(close), {}, kNone, {}, {}});

  // 2. indented heredocs lose the common indentation; adjacent literals join
  if (flush) flush_indentation(base);
  meld_literals(base);

  // 3. the structure: directives nest
  return build_template(Range{begin(open), end(close)}, base,
                        static_cast<uint8_t>((heredoc ? kHeredoc : 0) | (flush ? kFlush : 0)));
}

// The pieces of a template up to its closing token (of type end_type), which it
// returns, into parts_. A "~" in "${~", "%{~" or "~}" strips the white space of the
// literal next to it.
Parser::Tok Parser::parse_template_parts(Tok open, T end_type) {
  const size_t base = parts_.size();
  const uint32_t start_offset = begin(peek());
  bool ltrim_next = false, next_can_trim_prev = false;
  for (;;) {
    Tok next = read();
    if (next.type == end_type) return next;
    const bool ltrim = ltrim_next, can_trim_prev = next_can_trim_prev;
    ltrim_next = next_can_trim_prev = false;
    switch (next.type) {
      case T::StringLit:
      case T::QuotedLit:
        template_literal(next, ltrim);
        next_can_trim_prev = true;
        break;
      case T::Interp:
        trim_previous(next, can_trim_prev, base);
        ltrim_next = template_interp(next, start_offset, end_type);
        break;
      case T::Control:
        trim_previous(next, can_trim_prev, base);
        ltrim_next = template_directive(next);
        break;
      default:
        fail(begin(next), end_type == T::CHeredoc
                              ? "unterminated heredoc: no line with the closing marker '" + std::string(marker(open)) +
                                    "' before the end of the file"
                              : std::string("unterminated string: no closing quote before the end of the file"));
    }
  }
}

// A literal piece; ltrim: a "~}" before it strips its leading white space.
void Parser::template_literal(Tok lit, bool ltrim) {
  StrRef v = decode(lit, lit.type == T::QuotedLit);
  if (ltrim) {
    size_t skip = leading_space(f_.str(v));
    v.offset += static_cast<uint32_t>(skip);
    v.size -= static_cast<uint32_t>(skip);
  }
  Part p{PartKind::Lit, range(lit), v, kNone, {}, {}};
  parts_.push_back(p);
}

// An interpolation after its "${" (open): the expression and the closing "}".
// Returns true when that is "~}".
bool Parser::template_interp(Tok open, uint32_t start_offset, T end_type) {
  Newlines nl(this, false);
  Id e = parse_expression();
  Tok sq = peek();
  if (sq.type != T::SeqEnd) interp_error(sq, start_offset, end_type);
  read();
  parts_.push_back(Part{PartKind::Interp, Range{begin(open), end(sq)}, {}, e, {}, {}});
  return end(sq) - begin(sq) == 2;
}

// A directive after its "%{" (open): if, else, endif, for or endfor and the closing
// "}". Returns true when that is "~}".
bool Parser::template_directive(Tok open) {
  Newlines nl(this, false);
  Tok kw = peek();
  if (kw.type != T::Ident)
    fail(begin(kw), "expected a directive keyword (if, else, endif, for, endfor) after '%{', found " + what(kw) +
                        "; to write a literal '%{' double the % (\"%%{\")");
  read();
  std::string_view word = text(kw);
  Part p{PartKind::If, {}, {}, kNone, {}, {}};
  if (word == "if") {
    p.expr = parse_expression();
  } else if (word == "else") {
    p.kind = PartKind::Else;
  } else if (word == "endif") {
    p.kind = PartKind::EndIf;
  } else if (word == "endfor") {
    p.kind = PartKind::EndFor;
  } else if (word == "for") {
    template_for_header(p);
  } else {
    fail(begin(kw), "unknown template directive " + quote(word) +
                        "; the directives are if, else, endif, for and endfor (to write a literal '%{' "
                        "double the %: \"%%{\")");
  }
  Tok sq = peek();
  if (sq.type != T::SeqEnd)
    fail(begin(sq), "expected '}' to end the %{ " + std::string(word) + " } directive, found " + what(sq));
  read();
  p.range = Range{begin(open), end(sq)};
  parts_.push_back(p);
  return end(sq) - begin(sq) == 2;
}

// "%{ for k, v in collection }" after the "for": the variable names and the
// collection.
void Parser::template_for_header(Part& p) {
  p.kind = PartKind::For;
  Tok v = peek();
  if (v.type != T::Ident)
    fail(begin(v), "expected a variable name after 'for', found " + what(v) + "; write %{ for v in collection }");
  read();
  p.name = range(v);
  if (peek().type == T::Comma) {
    read();
    p.key_name = p.name;
    Tok v2 = peek();
    if (v2.type != T::Ident)
      fail(begin(v2), "expected the value variable name after ',', found " + what(v2));
    read();
    p.name = range(v2);
  }
  Tok in = peek();
  if (!keyword(in, "in"))
    fail(begin(in), "expected 'in' after the variable names, found " + what(in) + "; write %{ for v in collection }");
  read();
  p.expr = parse_expression();
}

// The node of a template from parts_[base..] (which it takes): a TemplateWrap for
// a template that is exactly one interpolation, else a Template (with `flags`)
// whose directives nest.
Id Parser::build_template(Range whole, size_t base, uint8_t flags) {
  Expr e;
  e.range = whole;
  if (parts_.size() - base == 2 && parts_[base].kind == PartKind::Interp) {
    e.kind = ExprKind::TemplateWrap;
    e.a = parts_[base].expr;
    parts_.resize(base);
    return add(e);
  }
  e.kind = ExprKind::Template;
  e.flags = flags;
  size_t i = base;
  const size_t list_base = scratch_.size();
  while (parts_[i].kind != PartKind::End) scratch_.push_back(build_part(i));
  parts_.resize(base);
  e.items = commit_list(list_base, &e.item_count);
  return add(e);
}
std::string_view Parser::marker(Tok open) const {
  std::string_view t = text(open);
  size_t b = t[2] == '-' ? 3 : 2;
  size_t e = t.size();
  while (e > b && (t[e - 1] == '\n' || t[e - 1] == '\r')) --e;
  return t.substr(b, e - b);
}

// "${~" / "%{~" strip the white space at the end of the literal before them.
void Parser::trim_previous(Tok opener, bool can_trim_prev, size_t base) {
  if (!can_trim_prev || end(opener) - begin(opener) != 3 || parts_.size() <= base) return;
  Part& prev = parts_.back();
  if (prev.kind != PartKind::Lit) return;
  prev.str.size = static_cast<uint32_t>(without_trailing_space(f_.str(prev.str)));
}

void Parser::interp_error(Tok t, uint32_t start_offset, T end_type) {
  const char* hint =
      "; if this is meant for another language (a shell script, a policy), escape it as \"$${\"";
  if (t.type == T::Eof)
    fail(start_offset, "unclosed '${': no closing brace before the end of the file");
  if (t.type == T::Colon)
    fail(begin(t), std::string("unexpected ':' in an interpolation") + hint);
  if ((t.type == T::CQuote || t.type == T::OQuote) && end_type == T::CQuote)
    fail(start_offset, "unclosed '${': no closing brace before the end of the string");
  fail(begin(t), "expected '}' to end the interpolation, found " + what(t) + hint);
}

// The indentation rule of <<-: remove from every line the white space that all
// non-blank lines share (a line starting with an interpolation shares none).
void Parser::flush_indentation(size_t base) {
  const size_t kMax = static_cast<size_t>(-1);
  size_t min_spaces = kMax;
  bool newline = true;
  std::vector<size_t>& adjust = flush_scratch_;
  adjust.clear();
  for (size_t i = base; i < parts_.size(); ++i) {
    const Part& p = parts_[i];
    if (newline) {
      newline = false;
      size_t spaces = 0;
      if (p.kind == PartKind::Lit) {
        std::string_view v = f_.str(p.str);
        size_t lead = leading_space(v);
        if (lead == v.size() && !v.empty() && v.back() == '\n') {
          spaces = kMax;
        } else {
          spaces = count_chars(v.substr(0, lead));
          adjust.push_back(i);
        }
      } else if (p.kind == PartKind::End) {
        break;
      }
      min_spaces = std::min(min_spaces, spaces);
    }
    if (p.kind == PartKind::Lit) {
      std::string_view v = f_.str(p.str);
      if (!v.empty() && v.back() == '\n') newline = true;
    }
  }
  for (size_t i : adjust) {
    Part& p = parts_[i];
    std::string_view v = f_.str(p.str);
    size_t bytes = 0;
    for (size_t n = 0; n < min_spaces && bytes < v.size(); ++n) {
      if (v[bytes] == '\r' && bytes + 1 < v.size() && v[bytes + 1] == '\n') {
        bytes += 2;
        continue;
      }
      size_t len;
      decode_utf8(v, bytes, &len);
      bytes += len;
    }
    p.str.offset += static_cast<uint32_t>(bytes);
    p.str.size -= static_cast<uint32_t>(bytes);
    p.range.begin = std::min(p.range.end, p.range.begin + static_cast<uint32_t>(bytes));
  }
}

// Joins each run of adjacent literal pieces into one.
void Parser::meld_literals(size_t base) {
  size_t out = base;
  for (size_t i = base; i < parts_.size();) {
    size_t j = i + 1;
    if (parts_[i].kind == PartKind::Lit) {
      bool contiguous = true;
      size_t total = parts_[i].str.size;
      for (; j < parts_.size() && parts_[j].kind == PartKind::Lit; ++j) {
        const StrRef& prev = parts_[j - 1].str;
        contiguous = contiguous && prev.offset + prev.size == parts_[j].str.offset;
        total += parts_[j].str.size;
      }
      Part joined = parts_[i];
      joined.range.end = parts_[j - 1].range.end;
      if (contiguous) {
        joined.str.size = static_cast<uint32_t>(total);
      } else {
        std::string& pool = f_.strings;
        pool.reserve(pool.size() + total);
        const uint32_t start = static_cast<uint32_t>(pool.size());
        for (size_t k = i; k < j; ++k) pool.append(pool.data() + parts_[k].str.offset, parts_[k].str.size);
        joined.str = StrRef{start, static_cast<uint32_t>(total)};
      }
      parts_[out++] = joined;
    } else {
      parts_[out++] = parts_[i];
    }
    i = j;
  }
  parts_.resize(out);
}

// One element of a template's structure starting at parts_[i]; advances i.
Id Parser::build_part(size_t& i) {
  const Part& p = parts_[i];
  switch (p.kind) {
    case PartKind::Lit: {
      ++i;
      Expr e;
      e.kind = ExprKind::String;
      e.range = p.range;
      e.str = p.str;
      return add(e);
    }
    case PartKind::Interp:
      ++i;
      return p.expr;
    case PartKind::If:
      return build_if(i);
    case PartKind::For:
      return build_for(i);
    case PartKind::Else:
    case PartKind::EndIf:
    case PartKind::EndFor:
      fail(p.range.begin, std::string("unexpected %{ ") + directive_name(p.kind) +
                              " } directive: the template's directives are unbalanced");
    case PartKind::End:
      break;
  }
  fail(p.range.begin, "unexpected end of the template");
}

Id Parser::build_if(size_t& i) {
  const Part open = parts_[i++];
  Depth depth(this, open.range.begin);
  const size_t base = scratch_.size();
  size_t else_at = kNoElse;
  for (;;) {
    const Part& p = parts_[i];
    if (p.kind == PartKind::End)
      fail(p.range.begin, "the %{ if } directive at " + here(open.range.begin) + " has no %{ endif }");
    if (p.kind == PartKind::Else) {
      if (else_at != kNoElse)
        fail(p.range.begin, "a second %{ else } for the %{ if } at " + here(open.range.begin));
      else_at = scratch_.size();
      ++i;
      continue;
    }
    if (p.kind == PartKind::EndIf) break;
    if (p.kind == PartKind::EndFor)
      fail(p.range.begin, "unexpected %{ endfor }: the %{ if } at " + here(open.range.begin) + " needs %{ endif } first");
    scratch_.push_back(build_part(i));
  }
  const Part close = parts_[i++];
  Expr e;
  e.kind = ExprKind::TemplateIf;
  e.range = Range{open.range.begin, close.range.end};
  e.a = open.expr;
  const size_t split = else_at == kNoElse ? scratch_.size() : else_at;
  e.items = static_cast<uint32_t>(f_.lists.size());
  e.item_count = static_cast<uint32_t>(split - base);
  f_.lists.insert(f_.lists.end(), scratch_.begin() + static_cast<std::ptrdiff_t>(base),
                  scratch_.begin() + static_cast<std::ptrdiff_t>(split));
  e.items2 = static_cast<uint32_t>(f_.lists.size());
  e.item2_count = static_cast<uint32_t>(scratch_.size() - split);
  f_.lists.insert(f_.lists.end(), scratch_.begin() + static_cast<std::ptrdiff_t>(split), scratch_.end());
  scratch_.resize(base);
  return add(e);
}

Id Parser::build_for(size_t& i) {
  const Part open = parts_[i++];
  Depth depth(this, open.range.begin);
  const size_t base = scratch_.size();
  for (;;) {
    const Part& p = parts_[i];
    if (p.kind == PartKind::End)
      fail(p.range.begin, "the %{ for } directive at " + here(open.range.begin) + " has no %{ endfor }");
    if (p.kind == PartKind::EndFor) break;
    if (p.kind == PartKind::Else) fail(p.range.begin, "a %{ for } directive cannot have an %{ else }");
    if (p.kind == PartKind::EndIf)
      fail(p.range.begin, "unexpected %{ endif }: the %{ for } at " + here(open.range.begin) + " needs %{ endfor } first");
    scratch_.push_back(build_part(i));
  }
  const Part close = parts_[i++];
  Expr e;
  e.kind = ExprKind::TemplateFor;
  e.range = Range{open.range.begin, close.range.end};
  e.a = open.expr;
  e.name = open.name;
  e.key_name = open.key_name;
  e.items = commit_list(base, &e.item_count);
  return add(e);
}

}  // namespace detail
}  // namespace hcl
}  // namespace amilint
