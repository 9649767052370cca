// The pure functions of Terraform's language that people use around AMIs and regions,
// evaluated on known values (hcl_eval.h). A function amilint does not know, or one
// whose arguments are unknown, gives an Unknown value naming it.
#include <algorithm>
#include <functional>
#include <map>

#include "linter/eval/hcl_eval.h"

namespace amilint {

using hcl::ExprKind;
using hcl::Id;
using Kind = EvalValue::Kind;

namespace {

struct Args {
  HclEvaluator& ev;
  Scope& scope;
  uint32_t file;
  const Id* ids;
  size_t n;
  int depth;
  Range r;
  std::string fn;
  EvalValue operator[](size_t i) const { return ev.eval(scope, file, ids[i], depth + 1); }
  std::vector<EvalValue> all() const {
    std::vector<EvalValue> out;
    for (size_t i = 0; i < n; ++i) out.push_back((*this)[i]);
    return out;
  }
  EvalValue unknown_from(const EvalValue& v) const {
    EvalValue u = HclEvaluator::unknown(r, v.reason.empty() ? "the result of " + fn + "() on values known only when Terraform runs"
                                                             : v.reason);
    u.failed = v.failed;
    return u;
  }
};

bool collection(const EvalValue& v) { return v.kind == Kind::List || v.kind == Kind::Object; }

EvalValue list_of(std::vector<EvalValue> items, Range r) {
  EvalValue v;
  v.kind = Kind::List;
  v.range = r;
  v.items = std::move(items);
  return v;
}

// The first argument that Terraform can evaluate without an error.
EvalValue fn_try(const Args& a) {
  EvalValue last;
  for (size_t i = 0; i < a.n; ++i) {
    last = a[i];
    if (!last.failed) return last;
  }
  return a.n ? last : HclEvaluator::failure(a.r, "try() without arguments");
}

// The first argument that is neither null nor an empty string.
EvalValue fn_coalesce(const Args& a) {
  for (size_t i = 0; i < a.n; ++i) {
    EvalValue v = a[i];
    if (v.kind == Kind::Null || (v.kind == Kind::String && v.text.empty())) continue;
    if (v.known() || v.kind == Kind::Reference || collection(v)) return v;
    return a.unknown_from(v);
  }
  return HclEvaluator::failure(a.r, "coalesce() found no argument that is not null or empty");
}

EvalValue fn_lookup(HclEvaluator& ev, const Args& a) {
  if (a.n < 2) return HclEvaluator::failure(a.r, "lookup() needs a map and a key");
  EvalValue map = a[0], key = a[1];
  const hcl::HclFile& f = ev.file(a.file);
  std::string name(f.source(f.expr(a.ids[0]).range));
  bool constant = f.as_literal(a.ids[1]).has_value();
  if (map.kind != Kind::Object && map.kind != Kind::Choice && map.kind != Kind::Unknown && map.kind != Kind::Reference)
    return HclEvaluator::failure(a.r, "lookup() on '" + name + "', which is not a map");
  if (a.n >= 3) {
    EvalValue d = a[2];
    return ev.index(map, key, a.r, name, constant, &d);
  }
  return ev.index(map, key, a.r, name, constant);
}

EvalValue fn_element(HclEvaluator& ev, const Args& a) {
  if (a.n < 2) return HclEvaluator::failure(a.r, "element() needs a list and an index");
  EvalValue list = a[0], idx = a[1];
  double d = 0;
  if (list.kind != Kind::List || !hcl_values::number(idx, d)) return a.unknown_from(list.kind != Kind::List ? list : idx);
  if (list.items.empty() || d < 0) return HclEvaluator::failure(a.r, "element() of an empty list");
  EvalValue i = idx;
  i.kind = Kind::Number;
  i.text = std::to_string(static_cast<size_t>(d) % list.items.size());
  return ev.index(list, i, a.r, "", false);
}

EvalValue fn_merge(const Args& a) {
  EvalValue out;
  out.kind = Kind::Object;
  out.range = a.r;
  for (const auto& v : a.all()) {
    if (v.kind == Kind::Null) continue;
    if (v.kind != Kind::Object) return a.unknown_from(v);
    for (size_t k = 0; k < v.fields.size(); ++k) {
      Range kr = k < v.key_ranges.size() ? v.key_ranges[k] : v.fields[k].second.range;
      bool replaced = false;
      for (size_t j = 0; j < out.fields.size() && !replaced; ++j)
        if (out.fields[j].first == v.fields[k].first) {
          out.fields[j].second = v.fields[k].second;
          out.key_ranges[j] = kr;
          replaced = true;
        }
      if (!replaced) {
        out.fields.push_back(v.fields[k]);
        out.key_ranges.push_back(kr);
      }
    }
  }
  return out;
}

EvalValue fn_concat(const Args& a) {
  std::vector<EvalValue> items;
  for (const auto& v : a.all()) {
    if (v.kind != Kind::List) return a.unknown_from(v);
    items.insert(items.end(), v.items.begin(), v.items.end());
  }
  return list_of(std::move(items), a.r);
}

// toset(): the distinct strings, in Terraform's (lexical) order; other lists as given.
EvalValue fn_toset(const Args& a, bool sorted) {
  if (a.n != 1) return HclEvaluator::failure(a.r, "toset() takes one argument");
  EvalValue v = a[0];
  if (v.kind != Kind::List) return v.kind == Kind::Choice || v.kind == Kind::Unknown ? a.unknown_from(v) : v;
  std::vector<EvalValue> items;
  bool strings = std::all_of(v.items.begin(), v.items.end(), [](const EvalValue& i) { return i.known(); });
  for (const auto& i : v.items)
    if (!strings || std::none_of(items.begin(), items.end(), [&](const EvalValue& x) { return x.text == i.text; }))
      items.push_back(i);
  if (strings && sorted)
    std::stable_sort(items.begin(), items.end(), [](const EvalValue& x, const EvalValue& y) { return x.text < y.text; });
  return list_of(std::move(items), v.range);
}

// format() with %s, %d, %v, %q and %%.
EvalValue fn_format(const Args& a) {
  if (a.n < 1) return HclEvaluator::failure(a.r, "format() needs a format string");
  EvalValue spec = a[0];
  if (!spec.known()) return a.unknown_from(spec);
  std::string out;
  size_t next = 1;
  for (size_t i = 0; i < spec.text.size(); ++i) {
    char c = spec.text[i];
    if (c != '%') {
      out += c;
      continue;
    }
    if (i + 1 >= spec.text.size()) return HclEvaluator::failure(a.r, "format() string ends with %");
    char verb = spec.text[++i];
    if (verb == '%') {
      out += '%';
      continue;
    }
    if (verb != 's' && verb != 'd' && verb != 'v' && verb != 'q') return HclEvaluator::unknown(a.r, "a format() verb amilint does not evaluate");
    if (next >= a.n) return HclEvaluator::failure(a.r, "format() has too few arguments");
    EvalValue v = a[next++];
    if (!v.known()) return a.unknown_from(v);
    out += verb == 'q' ? "\"" + v.text + "\"" : v.text;
  }
  return HclEvaluator::string(std::move(out), a.r);
}

EvalValue fn_keys_values(const Args& a, bool keys) {
  if (a.n != 1) return HclEvaluator::failure(a.r, a.fn + "() takes one argument");
  EvalValue v = a[0];
  if (v.kind != Kind::Object) return a.unknown_from(v);
  std::vector<size_t> order(v.fields.size());
  for (size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::stable_sort(order.begin(), order.end(), [&](size_t x, size_t y) { return v.fields[x].first < v.fields[y].first; });
  std::vector<EvalValue> items;
  for (size_t i : order)
    items.push_back(keys ? HclEvaluator::string(v.fields[i].first, i < v.key_ranges.size() ? v.key_ranges[i] : v.fields[i].second.range)
                         : v.fields[i].second);
  return list_of(std::move(items), a.r);
}

EvalValue fn_length(const Args& a) {
  if (a.n != 1) return HclEvaluator::failure(a.r, "length() takes one argument");
  EvalValue v = a[0];
  size_t n = 0;
  if (v.kind == Kind::List) n = v.items.size();
  else if (v.kind == Kind::Object) n = v.fields.size();
  else if (v.kind == Kind::String) n = v.text.size();
  else return a.unknown_from(v);
  EvalValue out;
  out.kind = Kind::Number;
  out.text = std::to_string(n);
  out.range = a.r;
  return out;
}

EvalValue fn_join(const Args& a) {
  if (a.n < 2) return HclEvaluator::failure(a.r, "join() needs a separator and lists");
  EvalValue sep = a[0];
  if (!sep.known()) return a.unknown_from(sep);
  std::string out;
  bool first = true;
  for (size_t i = 1; i < a.n; ++i) {
    EvalValue l = a[i];
    if (l.kind != Kind::List) return a.unknown_from(l);
    for (const auto& it : l.items) {
      if (!it.known()) return a.unknown_from(it);
      out += (first ? "" : sep.text) + it.text;
      first = false;
    }
  }
  return HclEvaluator::string(std::move(out), a.r);
}

EvalValue fn_case(const Args& a, bool upper) {
  if (a.n != 1) return HclEvaluator::failure(a.r, a.fn + "() takes one argument");
  EvalValue v = a[0];
  if (!v.known()) return a.unknown_from(v);
  std::string t = v.text;
  for (auto& c : t) c = static_cast<char>(upper ? std::toupper(static_cast<unsigned char>(c)) : std::tolower(static_cast<unsigned char>(c)));
  return HclEvaluator::string(std::move(t), a.r);
}

EvalValue fn_contains(const Args& a) {
  if (a.n != 2) return HclEvaluator::failure(a.r, "contains() takes a list and a value");
  EvalValue l = a[0], x = a[1];
  if (l.kind != Kind::List || !x.known()) return a.unknown_from(l.kind != Kind::List ? l : x);
  bool found = false, all_known = true;
  for (const auto& i : l.items) {
    if (!i.known()) all_known = false;
    else if (i.text == x.text) found = true;
  }
  if (!found && !all_known) return a.unknown_from(l);
  EvalValue out;
  out.kind = Kind::Bool;
  out.text = found ? "true" : "false";
  out.range = a.r;
  return out;
}

// The argument itself: type conversions and sensitivity markers.
bool identity(const std::string& fn) {
  static const char* const names[] = {"tomap", "tolist", "tostring", "tonumber", "tobool", "nonsensitive", "sensitive"};
  return std::find(std::begin(names), std::end(names), fn) != std::end(names);
}

}  // namespace

EvalValue HclEvaluator::call(Scope& scope, uint32_t fid, const hcl::Expr& e, Range r, int depth) {
  const hcl::HclFile& f = file(fid);
  std::string fn(f.source(e.name));
  Args a{*this, scope, fid, f.items(e), e.item_count, depth, r, fn};
  if (e.flags & hcl::kExpandFinal) return unknown(r, "the result of " + fn + "() with expanded arguments");
  if (fn == "try") return fn_try(a);
  if (fn == "can") {
    EvalValue v = a.n ? a[0] : failure(r, "can() takes one argument");
    if (!v.failed && !v.known() && v.kind != Kind::Null && !collection(v)) return a.unknown_from(v);
    EvalValue b;
    b.kind = Kind::Bool;
    b.text = v.failed ? "false" : "true";
    b.range = r;
    return b;
  }
  if (fn == "coalesce") return fn_coalesce(a);
  if (fn == "lookup") return fn_lookup(*this, a);
  if (fn == "element") return fn_element(*this, a);
  if (fn == "merge") return fn_merge(a);
  if (fn == "concat") return fn_concat(a);
  if (fn == "toset" || fn == "distinct") return fn_toset(a, fn == "toset");
  if (fn == "format") return fn_format(a);
  if (fn == "keys" || fn == "values") return fn_keys_values(a, fn == "keys");
  if (fn == "length") return fn_length(a);
  if (fn == "join") return fn_join(a);
  if (fn == "lower" || fn == "upper") return fn_case(a, fn == "upper");
  if (fn == "contains") return fn_contains(a);
  if (identity(fn)) {
    if (a.n != 1) return failure(r, fn + "() takes one argument");
    return a[0];
  }
  return unknown(r, "the result of " + fn + "()");
}

}  // namespace amilint
