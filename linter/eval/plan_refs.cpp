// Terraform plan JSON: resource instance addresses and the references of
// configuration expressions, parsed (see plan_reader.h).
#include <algorithm>
#include <string>
#include <utility>
#include <vector>

#include "linter/eval/plan_reader.h"

namespace amilint {
namespace detail {
namespace plan {

// "module.a[0].data.aws_ami.x[\"k.1\"].id" -> module a[0], data, aws_ami, x["k.1"], id.
std::vector<Step> split_steps(const std::string& s) {
  std::vector<Step> out;
  Step cur;
  size_t i = 0;
  while (i < s.size()) {
    char c = s[i];
    if (c == '.') {
      out.push_back(std::move(cur));
      cur = Step{};
      ++i;
    } else if (c != '[') {
      size_t j = s.find_first_of(".[", i);
      if (j == std::string::npos) j = s.size();
      cur.name.append(s, i, j - i);
      i = j;
    } else {
      size_t j = i + 1;
      bool quoted = false;
      while (j < s.size()) {
        if (quoted) {
          if (s[j] == '\\') {
            j += 2;
            continue;
          }
          if (s[j] == '"') quoted = false;
        } else if (s[j] == '"') {
          quoted = true;
        } else if (s[j] == ']') {
          break;
        }
        ++j;
      }
      size_t end = std::min(j + 1, s.size());
      cur.key.append(s, i, end - i);
      i = end;
    }
  }
  if (!s.empty()) out.push_back(std::move(cur));
  return out;
}

Address parse_address(const std::string& a) {
  Address r;
  std::vector<Step> st = split_steps(a);
  size_t i = 0;
  while (i + 3 <= st.size() && st[i].name == "module" && st[i].key.empty()) {
    r.modules.push_back(st[i + 1]);
    i += 2;
  }
  if (i < st.size() && st[i].name == "data" && st[i].key.empty()) {
    r.data = true;
    ++i;
  }
  if (i + 2 == st.size() && st[i].key.empty()) {
    r.type = st[i].name;
    r.name = st[i + 1].name;
    r.key = st[i + 1].key;
    r.ok = true;
  }
  return r;
}

namespace {

Subject parse_ref(const std::string& s) {
  Subject r;
  std::vector<Step> st = split_steps(s);
  if (st.size() < 2) return r;
  const std::string& root = st[0].name;
  if (root == "var") {
    r.kind = Subject::Var;
    r.name = st[1].name;
  } else if (root == "local") {
    r.kind = Subject::Local;
    r.name = st[1].name;
  } else if (root == "each") {
    r.kind = Subject::Each;
    r.name = st[1].name;
  } else if (root == "count") {
    r.kind = Subject::Count;
  } else if (root == "path" || root == "terraform" || root == "self") {
    r.kind = Subject::Neutral;
  } else if (root == "module") {
    r.kind = Subject::Module;
    r.name = st[1].name;
    r.key = st[1].key;
    if (st.size() > 2) r.attr = st[2].name;
  } else if (root == "data") {
    if (st.size() < 3) return r;
    r.kind = Subject::Resource;
    r.name = "data." + st[1].name + "." + st[2].name;
    r.key = st[2].key;
    if (st.size() > 3) r.attr = st[3].name;
  } else if (st[0].key.empty()) {
    r.kind = Subject::Resource;
    r.name = st[0].name + "." + st[1].name;
    r.key = st[1].key;
    if (st.size() > 2) r.attr = st[2].name;
  }
  return r;
}

}  // namespace

// Terraform lists each reference several times, unwrapped step by step
// ("data.aws_ami.x.id", "data.aws_ami.x"): one Subject per object referenced.
std::vector<Subject> subjects_of(const Node* refs) {
  std::vector<Subject> out;
  if (!refs || !refs->is_seq()) return out;
  for (const Node* n : refs->items) {
    if (!n || !n->is_scalar() || n->type != ScalarType::String) continue;
    Subject s = parse_ref(n->text);
    s.range = n->range;
    bool merged = false;
    for (auto& o : out)
      if (o.kind == s.kind && o.name == s.name && (o.key == s.key || o.key.empty() || s.key.empty())) {
        if (o.key.empty()) o.key = s.key;
        if (o.attr.empty()) o.attr = s.attr;
        merged = true;
        break;
      }
    if (!merged) out.push_back(std::move(s));
  }
  return out;
}

// A configuration expression object: {"constant_value": ...} and/or {"references": [...]}.
bool is_expression(const Node* n) {
  if (!n || !n->is_map() || n->entries.empty()) return false;
  for (const auto& e : n->entries)
    if (e.key != "constant_value" && e.key != "references") return false;
  return true;
}

Range expression_range(const Node* expr) {
  const Node* refs = expr->get("references");
  if (refs && refs->is_seq() && !refs->items.empty()) return refs->items[0]->range;
  if (const Node* c = expr->get("constant_value")) return c->range;
  return expr->range;
}

}  // namespace plan
}  // namespace detail
}  // namespace amilint
