// The hcl2json rendering of a parsed HCL file (see hcl_render.h).
#include "tests/tools/hcl_render.h"

#include <algorithm>
#include <new>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace amilint {
namespace hcl {
namespace {

bool is_digit(char c) { return c >= '0' && c <= '9'; }

struct JVal {
  enum Kind : uint8_t { Object, Array, String, Number, Bool, Null };
  Kind kind = Null;
  std::string text;  // String: the value; Number: JSON number text; Bool: true/false
  std::vector<std::pair<std::string, JVal>> members;  // Object
  std::vector<JVal> elems;                            // Array

  JVal* find(std::string_view key) {
    for (auto& m : members)
      if (m.first == key) return &m.second;
    return nullptr;
  }
  // Adds a member; a later member with the same key replaces an earlier one
  // when the object is written (as with Go maps).
  void set(std::string key, JVal v) { members.emplace_back(std::move(key), std::move(v)); }
};

struct RenderError {};

// A number literal as plain decimal text (1.5e3 -> 1500), the way cty writes
// numbers; absurd exponents keep an exponent so the text stays small.
std::string plain_decimal(std::string_view n) {
  std::string digits;
  long point = 0;
  size_t i = 0;
  while (i < n.size() && is_digit(n[i])) digits.push_back(n[i++]);
  point = static_cast<long>(digits.size());
  if (i < n.size() && n[i] == '.') {
    ++i;
    while (i < n.size() && is_digit(n[i])) digits.push_back(n[i++]);
  }
  long exp = 0;
  if (i < n.size() && (n[i] == 'e' || n[i] == 'E')) {
    ++i;
    bool neg = false;
    if (i < n.size() && (n[i] == '+' || n[i] == '-')) neg = n[i++] == '-';
    while (i < n.size() && is_digit(n[i])) {
      if (exp < 100000000) exp = exp * 10 + (n[i] - '0');
      ++i;
    }
    if (neg) exp = -exp;
  }
  point += exp;
  size_t lead = 0;
  while (lead < digits.size() && digits[lead] == '0') ++lead;
  digits.erase(0, lead);
  point -= static_cast<long>(lead);
  while (!digits.empty() && digits.back() == '0') digits.pop_back();
  if (digits.empty()) return "0";
  const long len = static_cast<long>(digits.size());
  if (point > 400 || point < -400) {
    std::string s(1, digits[0]);
    if (len > 1) s += "." + digits.substr(1);
    return s + "e" + std::to_string(point - 1);
  }
  if (point <= 0) return "0." + std::string(static_cast<size_t>(-point), '0') + digits;
  if (point >= len) return digits + std::string(static_cast<size_t>(point - len), '0');
  return digits.substr(0, static_cast<size_t>(point)) + "." + digits.substr(static_cast<size_t>(point));
}

// Literal text inside a rendered template: "${" and "%{" are written escaped.
void append_escaped_literal(std::string& out, std::string_view s) {
  for (size_t i = 0; i < s.size(); ++i) {
    char c = s[i];
    if ((c == '$' || c == '%') && i + 1 < s.size() && s[i + 1] == '{') out.push_back(c);
    out.push_back(c);
  }
}

class Renderer {
 public:
  Renderer(const HclFile& f, ParseError* error) : f_(f), error_(error) {}

  JVal body(Id id) {
    const Body& b = f_.bodies[id];
    JVal out;
    out.kind = JVal::Object;
    const BodyItem* items = f_.items(b);
    for (uint32_t i = 0; i < b.item_count; ++i)
      if (items[i].is_block) block(f_.blocks[items[i].index], out);
    for (uint32_t i = 0; i < b.item_count; ++i) {
      if (items[i].is_block) continue;
      const Attribute& a = f_.attributes[items[i].index];
      out.set(std::string(f_.source(a.name)), value(a.value));
    }
    return out;
  }

 private:
  [[noreturn]] void fail(uint32_t offset, std::string message) {
    *error_ = ParseError{offset, std::move(message)};
    throw RenderError{};
  }

  void block(const Block& b, JVal& out) {
    JVal* cur = &out;
    std::string key(f_.source(b.type));
    const Label* labels = f_.labels_of(b);
    for (uint32_t i = 0; i < b.label_count; ++i) {
      JVal* next = cur->find(key);
      if (next) {
        if (next->kind != JVal::Object) fail(b.type.begin, "cannot convert the block to JSON: " + path(b) +
                                                              " is also a block with fewer labels");
      } else {
        JVal obj;
        obj.kind = JVal::Object;
        cur->members.emplace_back(key, std::move(obj));
        next = &cur->members.back().second;
      }
      cur = next;
      key = std::string(f_.str(labels[i].value));
    }
    JVal v = body(b.body);
    JVal* existing = cur->find(key);
    if (existing) {
      if (existing->kind != JVal::Array)
        fail(b.type.begin, "cannot convert the block to JSON: " + path(b) + " is also a block with more labels");
      existing->elems.push_back(std::move(v));
    } else {
      JVal arr;
      arr.kind = JVal::Array;
      arr.elems.push_back(std::move(v));
      cur->members.emplace_back(key, std::move(arr));
    }
  }

  std::string path(const Block& b) const {
    std::string p(f_.source(b.type));
    const Label* labels = f_.labels_of(b);
    for (uint32_t i = 0; i < b.label_count; ++i) p += "." + std::string(f_.str(labels[i].value));
    return p;
  }

  // The source of an expression; a ")" right after it is taken too, as the
  // reference renderer does.
  std::string_view src(const Expr& e) const {
    uint32_t end = e.range.end;
    if (end < f_.text.size() && f_.text[end] == ')') ++end;
    return std::string_view(f_.text).substr(e.range.begin, end - e.range.begin);
  }
  std::string wrap(const Expr& e) const { return "${" + std::string(src(e)) + "}"; }

  static bool is_plain_literal(const Expr& e) {
    return e.kind == ExprKind::Number || e.kind == ExprKind::Bool || e.kind == ExprKind::Null;
  }

  JVal value(Id id) {
    const Expr& e = f_.expr(id);
    JVal v;
    switch (e.kind) {
      case ExprKind::Number:
        v.kind = JVal::Number;
        v.text = plain_decimal(f_.source(e.range));
        return v;
      case ExprKind::Bool:
        v.kind = JVal::Bool;
        v.text = (e.flags & kTrue) ? "true" : "false";
        return v;
      case ExprKind::Null:
        return v;
      case ExprKind::Unary: {
        const Expr& operand = f_.expr(e.a);
        if (!is_plain_literal(operand)) break;
        if (e.op == Op::Negate && operand.kind == ExprKind::Number) {
          v.kind = JVal::Number;
          v.text = "-" + plain_decimal(f_.source(operand.range));
          return v;
        }
        if (e.op == Op::Not && operand.kind == ExprKind::Bool) {
          v.kind = JVal::Bool;
          v.text = (operand.flags & kTrue) ? "false" : "true";
          return v;
        }
        fail(e.range.begin, std::string("cannot convert to JSON: '") + (e.op == Op::Negate ? "-" : "!") +
                                "' applied to " + std::string(f_.source(operand.range)));
      }
      case ExprKind::Template:
        v.kind = JVal::String;
        v.text = template_text(e);
        return v;
      case ExprKind::TemplateWrap:
        return value(e.a);
      case ExprKind::Tuple: {
        v.kind = JVal::Array;
        const Id* items = f_.items(e);
        for (uint32_t i = 0; i < e.item_count; ++i) v.elems.push_back(value(items[i]));
        return v;
      }
      case ExprKind::Object: {
        v.kind = JVal::Object;
        const Id* items = f_.items(e);
        for (uint32_t i = 0; i + 1 < e.item_count; i += 2) {
          std::string k = key(items[i]);
          v.set(std::move(k), value(items[i + 1]));
        }
        return v;
      }
      default:
        break;
    }
    v.kind = JVal::String;
    v.text = wrap(e);
    return v;
  }

  std::string key(Id id) {
    const Expr& e = f_.expr(id);
    if (e.kind == ExprKind::Reference) return std::string(src(e));
    return string_part(id);
  }

  // Concatenation of template parts (a single literal is the literal itself).
  std::string parts_text(const Id* items, uint32_t count) {
    std::string out;
    for (uint32_t i = 0; i < count; ++i) out += string_part(items[i]);
    return out;
  }

  std::string template_text(const Expr& t) { return parts_text(f_.items(t), t.item_count); }

  // The body of a %{if} or %{for} directive: a body that is one interpolated null
  // cannot be rendered (the reference evaluates such a body, and a template
  // cannot hold null).
  std::string branch_text(const Id* items, uint32_t count) {
    if (count == 1 && f_.expr(items[0]).kind == ExprKind::Null)
      fail(f_.expr(items[0]).range.begin, "cannot convert to JSON: a template directive's body is null");
    return parts_text(items, count);
  }

  std::string string_part(Id id) {
    const Expr& e = f_.expr(id);
    std::string out;
    switch (e.kind) {
      case ExprKind::String:
        append_escaped_literal(out, f_.str(e.str));
        return out;
      case ExprKind::Number:
        return plain_decimal(f_.source(e.range));
      case ExprKind::Bool:
        return (e.flags & kTrue) ? "true" : "false";
      case ExprKind::Null:
        return "null";
      case ExprKind::Template:
        return template_text(e);
      case ExprKind::TemplateWrap:
        return string_part(e.a);
      case ExprKind::Conditional:
      case ExprKind::TemplateIf: {
        // The reference renderer drops a directive whose true branch fails and
        // an else branch that fails.
        std::string yes, no;
        try {
          yes = e.kind == ExprKind::Conditional ? string_part(e.b) : branch_text(f_.items(e), e.item_count);
        } catch (const RenderError&) {
          return "";
        }
        try {
          no = e.kind == ExprKind::Conditional ? string_part(e.c) : branch_text(f_.items2(e), e.item2_count);
        } catch (const RenderError&) {
          no.clear();
        }
        out = "%{if " + std::string(src(f_.expr(e.a))) + "}" + yes;
        if (!no.empty()) out += "%{else}" + no;
        return out + "%{endif}";
      }
      case ExprKind::TemplateFor: {
        out = "%{for ";
        if (!e.key_name.empty()) out += std::string(f_.source(e.key_name)) + ", ";
        out += std::string(f_.source(e.name)) + " in " + std::string(src(f_.expr(e.a))) + "}";
        return out + branch_text(f_.items(e), e.item_count) + "%{endfor}";
      }
      default:
        return wrap(e);
    }
  }

  const HclFile& f_;
  ParseError* error_;
};

// JSON text as Go's encoder writes it (so the output can be compared byte for
// byte): object keys sorted, "<", ">", "&", U+2028 and U+2029 escaped.
void write_json_string(std::string& out, std::string_view s) {
  static const char* hex = "0123456789abcdef";
  out.push_back('"');
  for (size_t i = 0; i < s.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    switch (c) {
      case '"': out += "\\\""; continue;
      case '\\': out += "\\\\"; continue;
      case '\n': out += "\\n"; continue;
      case '\r': out += "\\r"; continue;
      case '\t': out += "\\t"; continue;
      default: break;
    }
    if (c < 0x20 || c == '<' || c == '>' || c == '&') {
      out += "\\u00";
      out.push_back(hex[c >> 4]);
      out.push_back(hex[c & 15]);
      continue;
    }
    if (c == 0xE2 && i + 2 < s.size() && static_cast<unsigned char>(s[i + 1]) == 0x80 &&
        (static_cast<unsigned char>(s[i + 2]) == 0xA8 || static_cast<unsigned char>(s[i + 2]) == 0xA9)) {
      out += static_cast<unsigned char>(s[i + 2]) == 0xA8 ? "\\u2028" : "\\u2029";
      i += 2;
      continue;
    }
    out.push_back(static_cast<char>(c));
  }
  out.push_back('"');
}

void write_json(std::string& out, JVal& v) {
  switch (v.kind) {
    case JVal::Object: {
      std::stable_sort(v.members.begin(), v.members.end(),
                       [](const auto& a, const auto& b) { return a.first < b.first; });
      out.push_back('{');
      bool first = true;
      for (size_t i = 0; i < v.members.size(); ++i) {
        auto& m = v.members[i];
        if (i + 1 < v.members.size() && v.members[i + 1].first == m.first) continue;  // the last one wins
        if (!first) out.push_back(',');
        first = false;
        write_json_string(out, m.first);
        out.push_back(':');
        write_json(out, m.second);
      }
      out.push_back('}');
      return;
    }
    case JVal::Array: {
      out.push_back('[');
      for (size_t i = 0; i < v.elems.size(); ++i) {
        if (i) out.push_back(',');
        write_json(out, v.elems[i]);
      }
      out.push_back(']');
      return;
    }
    case JVal::String: write_json_string(out, v.text); return;
    case JVal::Number:
    case JVal::Bool: out += v.text; return;
    case JVal::Null: out += "null"; return;
  }
}

}  // namespace

bool render_hcl_json(const HclFile& file, std::string* out, ParseError* error) {
  if (!file.ok()) {
    if (error) *error = file.errors.empty() ? ParseError{0, "the file was not parsed"} : file.errors.front();
    return false;
  }
  ParseError local;
  try {
    Renderer r(file, error ? error : &local);
    JVal v = r.body(file.root);
    out->clear();
    write_json(*out, v);
    return true;
  } catch (const RenderError&) {
    return false;
  } catch (const std::bad_alloc&) {
    if (error) *error = ParseError{0, "out of memory while rendering the file"};
    return false;
  }
}

}  // namespace hcl
}  // namespace amilint
