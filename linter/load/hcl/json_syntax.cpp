#include "linter/load/hcl/json_syntax.h"

#include "linter/source/source.h"

#include <vector>

namespace amilint {
namespace hcl {
namespace {

bool decode_json_string(std::string_view in, std::string* out);

// "x = " before a JSON string's source makes it an HCL attribute (the prefix of the
// text a template is parsed from).
constexpr uint32_t kPrefix = 4;

bool is_comment(const MapEntry& e) { return e.key == "//"; }

class Lowerer {
 public:
  explicit Lowerer(HclFile& f) : f_(f) {}

  void config(const Node& root, bool packer = false) {
    std::vector<BodyItem> items;
    for (const MapEntry& sec : root.entries) {
      if (is_comment(sec) || !sec.value) continue;
      const std::string& type = sec.key;
      each_object(sec.value, [&](const Node& obj) {
        if (type == "resource" || type == "data" || (packer && type == "source")) {
          for (const MapEntry& t : obj.entries) {
            if (is_comment(t)) continue;
            each_object(t.value, [&](const Node& names) {
              for (const MapEntry& n : names.entries) {
                if (is_comment(n)) continue;
                each_object(n.value, [&](const Node& body) {
                  const MapEntry* labels[] = {&t, &n};
                  items.push_back({true, block(sec, labels, 2, body)});
                });
              }
            });
          }
        } else if (type == "variable" || type == "output" || type == "module" || type == "provider" ||
                   (packer && type == "local")) {
          for (const MapEntry& n : obj.entries) {
            if (is_comment(n)) continue;
            each_object(n.value, [&](const Node& body) {
              const MapEntry* labels[] = {&n};
              items.push_back({true, block(sec, labels, 1, body)});
            });
          }
        } else {  // locals, terraform, moved, import, check, removed, ...
          items.push_back({true, block(sec, nullptr, 0, obj)});
        }
      });
    }
    f_.root = body(items, Range{0, static_cast<uint32_t>(f_.text.size())});
  }

  void variables(const Node& root) {
    std::vector<BodyItem> items;
    attributes(root, items);
    f_.root = body(items, Range{0, static_cast<uint32_t>(f_.text.size())});
  }

  Id empty_root() {
    std::vector<BodyItem> none;
    return f_.root = body(none, Range{0, static_cast<uint32_t>(f_.text.size())});
  }

 private:
  HclFile& f_;

  // fn(object) for an object, or for each object of an array; anything else is
  // not a body and is skipped.
  template <class Fn>
  static void each_object(const Node* n, Fn fn) {
    if (!n) return;
    if (n->is_map()) {
      fn(*n);
    } else if (n->is_seq()) {
      for (const Node* item : n->items)
        if (item && item->is_map()) fn(*item);
    }
  }

  StrRef add_string(std::string_view s) {
    StrRef r{static_cast<uint32_t>(f_.strings.size()), static_cast<uint32_t>(s.size())};
    f_.strings.append(s.data(), s.size());
    return r;
  }

  Id add_expr(const Expr& e) {
    f_.exprs.push_back(e);
    return static_cast<Id>(f_.exprs.size() - 1);
  }

  uint32_t add_list(const std::vector<Id>& ids, uint32_t* count) {
    uint32_t at = static_cast<uint32_t>(f_.lists.size());
    f_.lists.insert(f_.lists.end(), ids.begin(), ids.end());
    *count = static_cast<uint32_t>(ids.size());
    return at;
  }

  Id body(const std::vector<BodyItem>& items, Range range) {
    Body b;
    b.items = static_cast<uint32_t>(f_.body_items.size());
    b.item_count = static_cast<uint32_t>(items.size());
    b.range = range;
    f_.body_items.insert(f_.body_items.end(), items.begin(), items.end());
    f_.bodies.push_back(b);
    return static_cast<Id>(f_.bodies.size() - 1);
  }

  Id block(const MapEntry& type, const MapEntry* const* labels, uint32_t label_count, const Node& obj) {
    std::vector<BodyItem> items;
    attributes(obj, items);
    Block b;
    b.type = type.key_range;
    b.labels = static_cast<uint32_t>(f_.labels.size());
    b.label_count = label_count;
    for (uint32_t i = 0; i < label_count; ++i) {
      Label l;
      l.range = labels[i]->key_range;
      l.value = add_string(labels[i]->key);
      l.quoted = true;
      f_.labels.push_back(l);
    }
    b.body = body(items, obj.range);
    b.range = obj.range;
    if (obj.range.end > obj.range.begin) {
      b.open_brace = Range{obj.range.begin, obj.range.begin + 1};
      b.close_brace = Range{obj.range.end - 1, obj.range.end};
    }
    f_.blocks.push_back(b);
    return static_cast<Id>(f_.blocks.size() - 1);
  }

  void attributes(const Node& obj, std::vector<BodyItem>& items) {
    for (const MapEntry& e : obj.entries) {
      if (is_comment(e) || !e.value) continue;
      Attribute a;
      a.name = e.key_range;
      a.value = value(*e.value);
      a.range = Range{e.key_range.begin, e.value->range.end};
      f_.attributes.push_back(a);
      items.push_back({false, static_cast<Id>(f_.attributes.size() - 1)});
    }
  }

  // A string without interpolation, as the parser makes "...": a Template with no
  // part (empty) or one String part ranging over the text inside the quotes.
  Id literal_string(Range range, std::string_view decoded) {
    Expr t;
    t.kind = ExprKind::Template;
    t.range = range;
    if (!decoded.empty()) {
      Expr s;
      s.kind = ExprKind::String;
      s.range = range.end - range.begin >= 2 ? Range{range.begin + 1, range.end - 1} : range;
      s.str = add_string(decoded);
      std::vector<Id> part{add_expr(s)};
      t.items = add_list(part, &t.item_count);
    }
    return add_expr(t);
  }

  Id value(const Node& n) {
    Expr e;
    e.range = n.range;
    switch (n.kind) {
      case NodeKind::Mapping: {
        std::vector<Id> items;
        items.reserve(n.entries.size() * 2);
        for (const MapEntry& m : n.entries) {
          if (is_comment(m) || !m.value) continue;
          items.push_back(literal_string(m.key_range, m.key));
          items.push_back(value(*m.value));
        }
        e.kind = ExprKind::Object;
        e.items = add_list(items, &e.item_count);
        return add_expr(e);
      }
      case NodeKind::Sequence: {
        std::vector<Id> items;
        items.reserve(n.items.size());
        for (const Node* item : n.items)
          if (item) items.push_back(value(*item));
        e.kind = ExprKind::Tuple;
        e.items = add_list(items, &e.item_count);
        return add_expr(e);
      }
      case NodeKind::Scalar:
        break;
    }
    switch (n.type) {
      case ScalarType::Number: e.kind = ExprKind::Number; return add_expr(e);
      case ScalarType::Bool:
        e.kind = ExprKind::Bool;
        if (n.text == "true") e.flags = kTrue;
        return add_expr(e);
      case ScalarType::Null: e.kind = ExprKind::Null; return add_expr(e);
      case ScalarType::String: break;
    }
    if (n.text.find("${") == std::string::npos && n.text.find("%{") == std::string::npos)
      return literal_string(n.range, n.text);
    return json_template(n.range);
  }

  // ---- templates ----

  // The string's source parsed as HCL ("x = <source>\n"), its value copied in. A
  // string with JSON escapes is parsed from its decoded value, as HashiCorp's JSON
  // syntax does (`"${lookup(m, \"k\")}"`), with every offset mapped back to the
  // JSON source.
  Id json_template(Range range) {
    Expr w;
    w.kind = ExprKind::TemplateWrap;
    w.flags = kJsonString;
    w.range = range;
    if (range.end > range.begin + 1 && range.end <= f_.text.size()) {
      std::string_view source(f_.text.data() + range.begin, range.end - range.begin);
      std::string src = "x = ";
      std::vector<Range> origin;  // escaped: the JSON bytes of each byte after "x = "
      if (source.find('\\') == std::string_view::npos) src.append(source);
      else if (!requote(source, range.begin, src, origin)) return add_expr(w);
      src += '\n';
      HclFile p = parse_hcl(src, f_.display_name);
      if (p.ok()) {
        const Body& b = p.bodies[p.root];
        if (b.item_count == 1 && !p.items(b)[0].is_block) {
          const Attribute& a = p.attributes[p.items(b)[0].index];
          w.a = splice(p, a.value, range, origin.empty() ? nullptr : &origin);
        }
      }
    }
    return add_expr(w);
  }

  // A JSON string (quotes included, at offset `at`) as an HCL quoted template of its
  // decoded value: literal text escaped for HCL, interpolations and directives as
  // decoded. origin gets the JSON offset of every byte written, and one past the end.
  static bool requote(std::string_view json, uint32_t at, std::string& out, std::vector<Range>& origin) {
    std::string decoded;
    std::vector<Range> from;  // JSON bytes of each decoded byte
    for (size_t i = 1; i + 1 < json.size(); ++i) {
      size_t start = i;
      std::string piece;
      if (json[i] != '\\') {
        piece = json[i];
      } else if (!decode_json_string(json.substr(i, json[i + 1] == 'u' ? 6 : 2), &piece)) {
        return false;
      } else {
        i += json[i + 1] == 'u' ? 5 : 1;
      }
      for (char c : piece) {
        decoded += c;
        from.push_back(Range{at + static_cast<uint32_t>(start), at + static_cast<uint32_t>(i + 1)});
      }
    }
    auto put = [&](std::string_view text, size_t k) {
      out += text;
      origin.insert(origin.end(), text.size(), from[k]);
    };
    out += '"';
    origin.push_back(Range{at, at + 1});
    int depth = 0;  // inside ${ } or %{ }
    bool in_string = false;  // a quoted string inside an interpolation
    for (size_t k = 0; k < decoded.size(); ++k) {
      char c = decoded[k];
      std::string_view one(&decoded[k], 1);
      if (depth > 0) {
        put(one, k);
        if (in_string) {
          if (c == '\\' && k + 1 < decoded.size()) {
            ++k;
            put(std::string_view(&decoded[k], 1), k);
          } else if (c == '"') {
            in_string = false;
          }
        } else if (c == '"') {
          in_string = true;
        } else if (c == '{') {
          ++depth;
        } else if (c == '}') {
          --depth;
        }
        continue;
      }
      bool open = (c == '$' || c == '%') && k + 1 < decoded.size() && decoded[k + 1] == '{';
      bool literal_open = (c == '$' || c == '%') && k + 2 < decoded.size() && decoded[k + 1] == c && decoded[k + 2] == '{';
      if (open) {
        put(std::string_view(&decoded[k], 2), k);
        ++k;
        origin.back() = from[k];
        depth = 1;
      } else if (literal_open) {  // $${ and %%{ stay literal
        put(std::string_view(&decoded[k], 3), k);
        k += 2;
      } else if (c == '"' || c == '\\') {
        put(std::string("\\") + c, k);
      } else if (c == '\n' || c == '\r' || c == '\t') {
        put(c == '\n' ? "\\n" : c == '\r' ? "\\r" : "\\t", k);
      } else {
        put(one, k);
      }
    }
    uint32_t end = at + static_cast<uint32_t>(json.size());
    out += '"';
    origin.push_back(Range{end - 1, end});
    return true;
  }

  struct Splice {
    const HclFile& p;
    Range to;  // the JSON string; parsed offsets kPrefix.. map onto it
    const std::vector<Range>* origin = nullptr;  // parsed from the decoded value: the JSON bytes of each byte
    bool ok = true;
  };

  Range map(Splice& s, Range r) {
    if (r.begin == 0 && r.end == 0) return Range{};  // unset (no key variable, ...)
    if (s.origin) {
      const auto& o = *s.origin;
      if (r.begin < kPrefix || r.end < r.begin || r.end - kPrefix > o.size() || r.begin - kPrefix >= o.size()) {
        s.ok = false;
        return Range{};
      }
      Range first = o[r.begin - kPrefix];
      return Range{first.begin, r.end == r.begin ? first.begin : o[r.end - 1 - kPrefix].end};
    }
    uint32_t len = s.to.end - s.to.begin;
    if (r.begin < kPrefix || r.end < r.begin || r.end > kPrefix + len) {
      s.ok = false;  // not inside the string: never expected, never spliced
      return Range{};
    }
    return Range{r.begin - kPrefix + s.to.begin, r.end - kPrefix + s.to.begin};
  }

  // Copies the value tree of p (rooted at id) into f_; kNone, with f_ as it was,
  // when any range falls outside the string.
  Id splice(const HclFile& p, Id id, Range to, const std::vector<Range>* origin = nullptr) {
    const size_t exprs = f_.exprs.size(), lists = f_.lists.size(), steps = f_.steps.size(),
                 strings = f_.strings.size();
    Splice s{p, to, origin};
    Id root = copy(s, id);
    if (!s.ok) {
      f_.exprs.resize(exprs);
      f_.lists.resize(lists);
      f_.steps.resize(steps);
      f_.strings.resize(strings);
      return kNone;
    }
    return root;
  }

  Id copy(Splice& s, Id id) {
    if (id == kNone || id >= s.p.exprs.size()) return kNone;
    Expr e = s.p.exprs[id];
    e.range = map(s, e.range);
    e.name = map(s, e.name);
    e.key_name = map(s, e.key_name);
    e.str = e.str.size ? add_string(s.p.str(e.str)) : StrRef{};
    e.a = copy(s, e.a);
    e.b = copy(s, e.b);
    e.c = copy(s, e.c);
    e.d = copy(s, e.d);
    e.items = copy_list(s, s.p.items(e), e.item_count, &e.item_count);
    e.items2 = copy_list(s, s.p.items2(e), e.item2_count, &e.item2_count);
    if (e.step_count) {
      std::vector<Step> steps(s.p.steps_of(e), s.p.steps_of(e) + e.step_count);
      for (Step& st : steps) {
        st.range = map(s, st.range);
        st.name = map(s, st.name);
        st.key = copy(s, st.key);
      }
      e.steps = static_cast<uint32_t>(f_.steps.size());
      f_.steps.insert(f_.steps.end(), steps.begin(), steps.end());
    } else {
      e.steps = 0;
    }
    return add_expr(e);
  }

  // (e.items/e.items2 still index p.lists when called: the source list is read
  // before they are overwritten.)
  uint32_t copy_list(Splice& s, const Id* src, uint32_t n, uint32_t* count) {
    if (n == 0) {
      *count = 0;
      return 0;
    }
    std::vector<Id> ids(src, src + n);
    for (Id& i : ids) i = copy(s, i);
    return add_list(ids, count);
  }
};

bool hex4(std::string_view s, size_t at, uint32_t* out) {
  if (at + 4 > s.size()) return false;
  uint32_t v = 0;
  for (size_t i = at; i < at + 4; ++i) {
    char c = s[i];
    v <<= 4;
    if (c >= '0' && c <= '9') v |= c - '0';
    else if (c >= 'a' && c <= 'f') v |= c - 'a' + 10;
    else if (c >= 'A' && c <= 'F') v |= c - 'A' + 10;
    else return false;
  }
  *out = v;
  return true;
}

// The value of a JSON string's inside (escapes decoded); false on a bad escape.
bool decode_json_string(std::string_view in, std::string* out) {
  out->clear();
  for (size_t i = 0; i < in.size(); ++i) {
    char c = in[i];
    if (c != '\\') {
      *out += c;
      continue;
    }
    if (++i >= in.size()) return false;
    switch (in[i]) {
      case '"': *out += '"'; break;
      case '\\': *out += '\\'; break;
      case '/': *out += '/'; break;
      case 'b': *out += '\b'; break;
      case 'f': *out += '\f'; break;
      case 'n': *out += '\n'; break;
      case 'r': *out += '\r'; break;
      case 't': *out += '\t'; break;
      case 'u': {
        uint32_t cp;
        if (!hex4(in, i + 1, &cp)) return false;
        i += 4;
        if (cp >= 0xD800 && cp <= 0xDBFF) {
          uint32_t lo;
          if (i + 2 >= in.size() || in[i + 1] != '\\' || in[i + 2] != 'u' || !hex4(in, i + 3, &lo) || lo < 0xDC00 ||
              lo > 0xDFFF)
            return false;
          i += 6;
          cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
        } else if (cp >= 0xDC00 && cp <= 0xDFFF) {
          return false;
        }
        append_utf8(*out, cp);
        break;
      }
      default:
        return false;
    }
  }
  return true;
}

}  // namespace

HclFile lower_json(const Document& doc, std::string_view text, const std::string& display_name, JsonSchema schema) {
  HclFile f;
  f.display_name = display_name;
  f.text.assign(text.data(), text.size());
  f.errors = doc.errors;
  Lowerer l(f);
  const Node* root = doc.root;
  if (!root || !root->is_map()) {
    l.empty_root();
  } else if (schema == JsonSchema::VariableValues) {
    l.variables(*root);
  } else {
    l.config(*root, schema == JsonSchema::PackerConfig);
  }
  return f;
}

std::string name_text(const HclFile& f, Range name) {
  if (name.end > f.text.size() || name.begin > name.end) return {};
  std::string_view s = f.source(name);
  if (s.size() < 2 || s.front() != '"' || s.back() != '"') return std::string(s);
  std::string_view inner = s.substr(1, s.size() - 2);
  std::string out;
  if (!decode_json_string(inner, &out)) return std::string(inner);
  return out;
}

}  // namespace hcl
}  // namespace amilint
