#include "linter/load/parameter_file.h"

#include <cctype>

#include "linter/load/loaders.h"
#include "linter/model/regions.h"

namespace amilint {

// File-local names in a namespace of their own (the core is compiled in unity batches).
namespace parameter_file_detail {
namespace {

const char* const kEntryKeys[] = {"ParameterKey", "ParameterValue", "UsePreviousValue", "ResolvedValue"};
const char* const kConfigurationKeys[] = {"Parameters", "Tags", "StackPolicy"};

std::string lower(std::string_view s) {
  std::string out(s);
  for (auto& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

// The closest of candidates to a misspelled key (case ignored), or empty.
template <size_t N>
std::string closest_key(std::string_view bad, const char* const (&candidates)[N]) {
  std::string best;
  size_t best_d = 3;
  for (const char* c : candidates) {
    size_t d = edit_distance(lower(bad), lower(c));
    if (d < best_d) {
      best_d = d;
      best = c;
    }
  }
  return best.empty() ? "" : " (did you mean '" + best + "'?)";
}

const char* kind_name(const Node& n) {
  if (n.is_map()) return "a mapping";
  if (n.is_seq()) return "a list";
  switch (n.type) {
    case ScalarType::String: return "a string";
    case ScalarType::Number: return "a number";
    case ScalarType::Bool: return "a boolean";
    case ScalarType::Null: return "null";
  }
  return "a value";
}

class Parser {
 public:
  Parser(std::string_view text, std::vector<ParameterValue>& out, uint32_t& error_offset, std::string& error)
      : text_(text), out_(out), error_offset_(error_offset), error_(error) {}

  bool root(const Node& n) {
    if (n.is_seq()) {
      for (const Node* item : n.items)
        if (!list_item(*item)) return false;
      return true;
    }
    if (n.is_map()) {
      const MapEntry* version = n.entry("AWSTemplateFormatVersion");
      const MapEntry* resources = n.entry("Resources");
      if (version || (resources && resources->value && resources->value->is_map()))
        return fail((version ? version : resources)->key_range.begin,
                    "this is a CloudFormation template, not a parameter file");
      return is_configuration(n) ? configuration(n) : object(n);
    }
    if (n.is_null() && n.range.empty()) return true;  // nothing written
    return fail(n.range.begin, std::string("a parameter file is a list or a mapping, not ") + kind_name(n));
  }

 private:
  bool fail(uint32_t offset, std::string message) {
    error_offset_ = offset;
    error_ = std::move(message);
    return false;
  }

  // Where a value is, or its key when the value is not written (YAML `Name:`).
  static uint32_t value_offset(const MapEntry& e) {
    return e.value && !e.value->range.empty() ? e.value->range.begin : e.key_range.begin;
  }

  void add(std::string name, Range name_at, Str value) {
    ParameterValue v;
    value.path = "Parameters/" + name;
    v.name_at.range = name_at;
    v.name_at.path = value.path;
    v.name = std::move(name);
    v.value = std::move(value);
    out_.push_back(std::move(v));
  }

  // A parameter's value: a scalar (its text), or a list of scalars (joined with ",").
  bool value_of(const std::string& name, const Node* v, uint32_t at, Str& out) {
    if (!v || (v->is_null() && v->range.empty()))
      return fail(at, "parameter '" + name + "' has no value; give a string, a number, a boolean or a list of them");
    if (v->is_null())
      return fail(v->range.begin,
                  "parameter '" + name + "' is null; give a string, a number, a boolean or a list of them");
    if (v->is_scalar()) {
      out = Str::make_known(v->text.str(), v->range);
      return true;
    }
    if (v->is_seq()) {
      std::string joined;
      for (size_t i = 0; i < v->items.size(); ++i) {
        const Node* item = v->items[i];
        if (!item->is_scalar() || item->is_null())
          return fail(item->range.begin, "item " + std::to_string(i + 1) + " of parameter '" + name + "' is " +
                                             kind_name(*item) +
                                             "; a list value (CommaDelimitedList) holds strings, numbers or booleans");
        joined += (i ? "," : "") + item->text;
      }
      out = Str::make_known(std::move(joined), v->range);
      return true;
    }
    std::string_view fn = v->intrinsic();
    if (!fn.empty())
      return fail(v->range.begin, "parameter '" + name + "' is " + std::string(fn) +
                                      ": a parameter file gives values, not intrinsic functions");
    return fail(v->range.begin, "parameter '" + name +
                                    "' is a mapping; a value is a string, a number, a boolean or a list of them");
  }

  // The AWS CLI's {"ParameterKey": ..., "ParameterValue": ...}, or `Name=value`.
  bool list_item(const Node& item) {
    if (item.is_map()) return entry(item);
    if (item.is_scalar() && item.type == ScalarType::String) return assignment(item);
    return fail(item.range.begin, std::string("an item of a parameter list is {\"ParameterKey\": ..., "
                                              "\"ParameterValue\": ...} or \"Name=value\", not ") +
                                      kind_name(item));
  }

  bool entry(const Node& item) {
    const MapEntry *key = nullptr, *value = nullptr, *previous = nullptr;
    for (const MapEntry& e : item.entries) {
      if (e.key == "ParameterKey") key = &e;
      else if (e.key == "ParameterValue") value = &e;
      else if (e.key == "UsePreviousValue") previous = &e;
      else if (e.key == "ResolvedValue") continue;  // what CloudFormation resolved an SSM parameter to
      else
        return fail(e.key_range.begin, "unknown key '" + e.key + "' in a parameter entry" + closest_key(e.key, kEntryKeys) +
                                           "; an entry takes ParameterKey, ParameterValue, UsePreviousValue and "
                                           "ResolvedValue");
    }
    if (!key) return fail(item.range.begin, "a parameter entry needs a ParameterKey");
    const Node* k = key->value;
    if (!k || k->range.empty() || !k->is_scalar() || k->is_null())
      return fail(value_offset(*key), "ParameterKey must be the parameter's name");
    if (k->text.empty()) return fail(k->range.begin, "ParameterKey must not be empty");
    std::string name = k->text.str();
    bool use_previous = false;
    if (previous) {
      const Node* p = previous->value;
      std::string t = p && p->is_scalar() && !p->is_null() ? lower(p->text) : "";
      if (t != "true" && t != "false") return fail(value_offset(*previous), "UsePreviousValue must be true or false");
      use_previous = t == "true";
    }
    if (use_previous && value)
      return fail(value->key_range.begin, "parameter '" + name +
                                              "' has both ParameterValue and UsePreviousValue: true; give one");
    if (use_previous) {
      add(std::move(name), k->range,
          Str::make_unknown(previous->value->range, {}, "UsePreviousValue: the stack's current value"));
      return true;
    }
    if (!value)
      return fail(item.range.begin, "parameter entry '" + name + "' needs a ParameterValue (or UsePreviousValue: true)");
    Str v;
    if (!value_of(name, value->value, value->key_range.begin, v)) return false;
    add(std::move(name), k->range, std::move(v));
    return true;
  }

  // "Name=value": the name is before the first '=', the value is all after it.
  bool assignment(const Node& item) {
    std::string_view s = item.text;
    size_t eq = s.find('=');
    if (eq == std::string_view::npos)
      return fail(item.range.begin, "'" + item.text + "' is not Name=value");
    if (eq == 0) return fail(item.range.begin, "'" + item.text + "' has no name before '='");
    // The token's bytes: quotes around the text, and the text as written when it has
    // no escapes; else the '=' written in the token, or the whole token.
    std::string_view tok = text_.substr(item.range.begin, item.range.end - item.range.begin);
    uint32_t b = item.range.begin, e = item.range.end;
    if (tok.size() >= 2 && (tok.front() == '"' || tok.front() == '\'') && tok.back() == tok.front()) {
      ++b;
      --e;
    }
    std::string_view raw = text_.substr(b, e - b);
    Range name_at = item.range, value_at = item.range;
    size_t raw_eq = raw == s ? eq : raw.find('=');
    if (raw_eq != std::string_view::npos) {
      name_at = Range{b, static_cast<uint32_t>(b + raw_eq), 0};
      value_at = Range{static_cast<uint32_t>(b + raw_eq + 1), e, 0};
    }
    add(std::string(s.substr(0, eq)), name_at, Str::make_known(std::string(s.substr(eq + 1)), value_at));
    return true;
  }

  // {"Name": value, ...}
  bool object(const Node& n) {
    for (const MapEntry& e : n.entries) {
      if (e.key.empty()) return fail(e.key_range.begin, "a parameter name must not be empty");
      std::string name = e.key.str();
      Str v;
      if (!value_of(name, e.value, e.key_range.begin, v)) return false;
      add(std::move(name), e.key_range, std::move(v));
    }
    return true;
  }

  // CodePipeline's template configuration: {"Parameters": {...}, "Tags": {...},
  // "StackPolicy": {...}}, told from a plain object by a mapping under one of them (a
  // parameter's value is never a mapping).
  static bool is_configuration(const Node& n) {
    for (const char* k : kConfigurationKeys)
      if (const Node* v = n.get(k); v && v->is_map()) return true;
    return false;
  }

  bool configuration(const Node& n) {
    for (const MapEntry& e : n.entries) {
      if (e.key == "Tags" || e.key == "StackPolicy") continue;
      if (e.key == "Parameters") {
        if (!e.value || !e.value->is_map())
          return fail(value_offset(e), "Parameters must be a mapping of parameter names to values, e.g. "
                                       "{\"Parameters\": {\"AmiId\": \"ami-...\"}}");
        if (!object(*e.value)) return false;
        continue;
      }
      return fail(e.key_range.begin, "unknown key '" + e.key + "' in a template configuration file" +
                                         closest_key(e.key, kConfigurationKeys) +
                                         "; it takes Parameters, Tags and StackPolicy");
    }
    return true;
  }

  std::string_view text_;
  std::vector<ParameterValue>& out_;
  uint32_t& error_offset_;
  std::string& error_;
};

}  // namespace
}  // namespace parameter_file_detail

bool parse_parameter_file(std::string_view text, bool yaml, std::vector<ParameterValue>& out, uint32_t& error_offset,
                          std::string& error) {
  out.clear();
  error_offset = 0;
  error.clear();
  if (trim(text.substr(utf8_bom_length(text))).empty()) return true;  // an empty file gives no value
  Document doc = yaml ? load_yaml(text, "") : load_json(text, "");
  if (!doc.errors.empty()) {
    error_offset = doc.errors[0].offset;
    error = doc.errors[0].message;
    out.clear();
    return false;
  }
  if (!doc.root) return true;  // YAML: only comments
  if (parameter_file_detail::Parser(text, out, error_offset, error).root(*doc.root)) return true;
  out.clear();
  return false;
}

}  // namespace amilint
