#include "linter/discover/manifest.h"

#include <algorithm>
#include <nlohmann/json.hpp>
#include <set>

namespace amilint {

namespace manifest_detail {

using Json = nlohmann::json;

// The JSON parser's events, kept only where a manifest has something: the top-level
// object's "Modules" list and the string fields of its entries. Anything else is
// skipped as it streams by, however big or deep, so memory stays bounded.
class ManifestSax : public nlohmann::json_sax<Json> {
 public:
  explicit ManifestSax(ParsedManifest& out) : out_(out) {}

  bool null() override { return value(Kind::Other); }
  bool boolean(bool) override { return value(Kind::Other); }
  bool number_integer(number_integer_t) override { return value(Kind::Other); }
  bool number_unsigned(number_unsigned_t) override { return value(Kind::Other); }
  bool number_float(number_float_t, const string_t&) override { return value(Kind::Other); }
  bool string(string_t& s) override { return value(Kind::String, &s); }
  bool binary(binary_t&) override { return value(Kind::Other); }
  bool start_object(std::size_t) override { return open(Kind::Object); }
  bool start_array(std::size_t) override { return open(Kind::Array); }
  bool end_object() override { return close(); }
  bool end_array() override { return close(); }

  bool key(string_t& k) override {
    if (depth_ == 1) top_key_ = k;
    else if (depth_ == 3) field_ = k;
    return true;
  }

  bool parse_error(std::size_t position, const std::string&, const nlohmann::detail::exception& ex) override {
    syntax_error_ = ex.what();
    syntax_position_ = position;
    return false;
  }

  // After the parse: the state, and a problem for the entries beyond the cap.
  void finish(std::string_view text) {
    if (!syntax_error_.empty()) return fail(syntax_message(), syntax_offset(text));
    if (!top_object_) return fail("the top level is not an object", -1);
    if (!saw_modules_) return fail("it has no \"Modules\" list", -1);
    if (!modules_list_) return fail("its \"Modules\" is not a list", -1);
    if (count_ > kMaxManifestEntries)
      out_.problems.push_back("lists " + std::to_string(count_) + " modules; only the first " +
                              std::to_string(kMaxManifestEntries) + " are read");
  }

 private:
  enum class Kind { Object, Array, String, Other };

  ParsedManifest& out_;
  size_t depth_ = 0;  // containers open
  bool top_object_ = false, saw_modules_ = false, modules_list_ = false, in_modules_ = false;
  std::string top_key_, field_;
  size_t count_ = 0;  // entries of the Modules list seen
  bool in_entry_ = false;
  ManifestEntry entry_;
  std::string bad_field_;  // a field of the entry that is not a string
  std::set<std::string> keys_;
  std::string syntax_error_;
  size_t syntax_position_ = 0;

  bool open(Kind k) {
    value(k);
    ++depth_;
    return true;
  }

  bool close() {
    --depth_;
    if (in_entry_ && depth_ == 2) end_entry();
    if (in_modules_ && depth_ == 1) in_modules_ = false;
    return true;
  }

  // A value starts at depth_ (before its container, if any, opens).
  bool value(Kind k, const std::string* s = nullptr) {
    if (depth_ == 0) {
      top_object_ = k == Kind::Object;
    } else if (depth_ == 1 && top_object_ && top_key_ == "Modules") {
      saw_modules_ = true;
      modules_list_ = in_modules_ = k == Kind::Array;
    } else if (depth_ == 2 && in_modules_) {
      start_entry(k);
    } else if (depth_ == 3 && in_entry_) {
      field(k, s);
    }
    return true;
  }

  void start_entry(Kind k) {
    if (++count_ > kMaxManifestEntries) return;
    if (k != Kind::Object) {
      out_.problems.push_back("entry " + std::to_string(count_) + " is not an object; skipped");
      return;
    }
    in_entry_ = true;
    entry_ = ManifestEntry{};
    bad_field_.clear();
  }

  void field(Kind k, const std::string* s) {
    std::string* slot = field_ == "Key" ? &entry_.key : field_ == "Source" ? &entry_.source
                        : field_ == "Version" ? &entry_.version : field_ == "Dir" ? &entry_.dir : nullptr;
    if (!slot) return;
    if (k == Kind::String) *slot = *s;
    else if (bad_field_.empty()) bad_field_ = field_;
  }

  void end_entry();
  std::string syntax_message() const;
  int64_t syntax_offset(std::string_view text) const {
    size_t at = syntax_position_ > 0 ? syntax_position_ - 1 : 0;  // the byte the parser stopped at
    return static_cast<int64_t>(std::min(at, text.size()));
  }

  void fail(std::string why, int64_t offset) {
    out_.state = ModuleManifest::State::Invalid;
    out_.error = std::move(why);
    out_.error_offset = offset;
    out_.entries.clear();
    out_.problems.clear();
  }
};

// The key's names: non-empty, at most kMaxModuleDepth of them.
std::string key_problem(const std::string& key) {
  size_t names = 1;
  bool empty_name = key.empty() || key.front() == '.' || key.back() == '.' || key.find("..") != std::string::npos;
  for (char c : key) names += c == '.';
  if (empty_name) return "its Key has an empty module name; skipped";
  if (names > kMaxModuleDepth)
    return "nested " + std::to_string(names) + " deep (more than " + std::to_string(kMaxModuleDepth) + "); not followed";
  return "";
}

void ManifestSax::end_entry() {
  in_entry_ = false;
  // Named by its key in notes, unless the key would garble them (control characters).
  bool printable = std::none_of(entry_.key.begin(), entry_.key.end(), [](char c) { return c >= 0 && c < 0x20; });
  std::string who = entry_.key.empty() || !bad_field_.empty() || !printable ? "entry " + std::to_string(count_)
                                                                            : "module '" + entry_.key + "'";
  auto skip = [&](const std::string& why) { out_.problems.push_back(who + ": " + why); };
  if (!bad_field_.empty()) return skip("its " + bad_field_ + " is not a string; skipped");
  if (entry_.key.empty()) return;  // the root module's own entry (or a keyless one: nothing to find it by)
  if (!printable) return skip("a control character in its Key; skipped");
  if (entry_.dir.find('\0') != std::string::npos) return skip("a NUL character in its Dir; skipped");
  if (entry_.dir.empty()) return skip("it has no Dir; skipped");
  std::string bad_key = key_problem(entry_.key);
  if (!bad_key.empty()) return skip(bad_key);
  if (!keys_.insert(entry_.key).second) return skip("listed twice; the first entry is used");
  out_.entries.push_back(std::move(entry_));
}

// nlohmann's message without its exception id: "line 1, column 14: syntax error ...",
// printable ASCII only (its "last read" quotes the bytes where the text went wrong).
std::string ManifestSax::syntax_message() const {
  const std::string& m = syntax_error_;
  size_t at = m.find("parse error at ");
  std::string out = at != std::string::npos ? m.substr(at + 15) : m.substr(m.find("] ") == std::string::npos ? 0 : m.find("] ") + 2);
  for (char& c : out)
    if (c < 0x20 || c > 0x7e) c = '?';
  return out;
}

}  // namespace manifest_detail

bool ManifestEntry::local() const { return source.rfind("./", 0) == 0 || source.rfind("../", 0) == 0; }

size_t ManifestEntry::depth() const { return 1 + static_cast<size_t>(std::count(key.begin(), key.end(), '.')); }

ParsedManifest parse_module_manifest(std::string_view text) {
  ParsedManifest out;
  manifest_detail::ManifestSax sax(out);
  try {
    nlohmann::json::sax_parse(text.data(), text.data() + text.size(), &sax);
  } catch (const std::exception& e) {  // the parser reports through parse_error; this is a safety net
    out = ParsedManifest{};
    out.state = ModuleManifest::State::Invalid;
    out.error = e.what();
    return out;
  }
  sax.finish(text);
  return out;
}

}  // namespace amilint
