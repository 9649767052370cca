#include "linter/filter/baseline.h"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <sstream>

namespace amilint {

namespace {

// At most n code points of a UTF-8 string, with an ellipsis when cut.
std::string shorten(const std::string& s, size_t n) {
  size_t cps = 0;
  for (size_t i = 0; i < s.size(); ++i) {
    if ((static_cast<unsigned char>(s[i]) & 0xC0) == 0x80) continue;
    if (cps++ == n) return s.substr(0, i) + "\xE2\x80\xA6";
  }
  return s;
}

}  // namespace

void make_fingerprints_unique(std::vector<Finding>& findings) {
  std::vector<size_t> order(findings.size());
  for (size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::stable_sort(order.begin(), order.end(), [&](size_t x, size_t y) {
    const Finding& a = findings[x];
    const Finding& b = findings[y];
    if (a.file != b.file) return a.file < b.file;
    if (a.line != b.line) return a.line < b.line;
    if (a.column != b.column) return a.column < b.column;
    if (a.end_line != b.end_line) return a.end_line < b.end_line;
    if (a.end_column != b.end_column) return a.end_column < b.end_column;
    if (a.rule != b.rule) return a.rule < b.rule;
    return a.message < b.message;
  });
  // Both schemes, each on its own: the k-th finding of a group that shares a
  // fingerprint gets one that also hashes k.
  std::map<std::string, int> seen, seen_legacy;
  for (size_t i : order) {
    Finding& f = findings[i];
    int k = ++seen[f.fingerprint];
    if (k > 1) f.fingerprint = fingerprint_for(f, "\x1f#" + std::to_string(k));
    int l = ++seen_legacy[f.legacy_fingerprint];
    if (l > 1) f.legacy_fingerprint = legacy_fingerprint_for(f, "\x1f#" + std::to_string(l));
  }
}

std::string baseline_json(const std::vector<Finding>& findings) {
  struct Row {
    std::string file;  // repository-relative
    const Finding* f;
  };
  std::vector<Row> sorted;
  for (const auto& f : findings) sorted.push_back({repository_file_name(f.file), &f});
  std::stable_sort(sorted.begin(), sorted.end(), [](const Row& x, const Row& y) {
    const Finding* a = x.f;
    const Finding* b = y.f;
    if (x.file != y.file) return x.file < y.file;
    if (a->rule != b->rule) return a->rule < b->rule;
    if (a->path != b->path) return a->path < b->path;
    return a->fingerprint < b->fingerprint;
  });
  nlohmann::ordered_json doc;
  doc["version"] = kBaselineVersion;
  doc["amilint"] = AMILINT_VERSION;
  auto arr = nlohmann::ordered_json::array();
  for (const Row& row : sorted) {
    const Finding* f = row.f;
    nlohmann::ordered_json j;
    j["rule"] = f->rule;
    j["file"] = row.file;
    j["path"] = f->path;
    j["fingerprint"] = f->fingerprint;
    j["message"] = shorten(f->message, 120);
    arr.push_back(std::move(j));
  }
  doc["findings"] = std::move(arr);
  return doc.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
}

bool parse_baseline(const std::string& text, Baseline& out, std::string& error) {
  nlohmann::json doc = nlohmann::json::parse(text, nullptr, false);
  if (doc.is_discarded()) {
    error = "not valid JSON";
    return false;
  }
  if (!doc.is_object()) {
    error = "not an amilint baseline (expected a JSON object with \"version\" and \"findings\")";
    return false;
  }
  auto v = doc.find("version");
  if (v == doc.end() || !v->is_number_integer()) {
    error = "no \"version\" number (write one with --write-baseline)";
    return false;
  }
  if (v->get<int64_t>() < kOldestBaselineVersion || v->get<int64_t>() > kBaselineVersion) {
    error = "unsupported baseline version " + v->dump() + " (this amilint reads versions " +
            std::to_string(kOldestBaselineVersion) + " to " + std::to_string(kBaselineVersion) + " and writes version " +
            std::to_string(kBaselineVersion) + ")";
    return false;
  }
  out.version = static_cast<int>(v->get<int64_t>());
  auto fs = doc.find("findings");
  if (fs == doc.end() || !fs->is_array()) {
    error = "no \"findings\" array";
    return false;
  }
  out.entries.clear();
  size_t i = 0;
  for (const auto& e : *fs) {
    auto field = [&](const char* key, bool required, std::string& dst) {
      auto it = e.find(key);
      if (it == e.end() || it->is_null()) return !required;
      if (!it->is_string()) return false;
      dst = it->get<std::string>();
      return !(required && dst.empty());
    };
    BaselineEntry b;
    if (!e.is_object() || !field("fingerprint", true, b.fingerprint) || !field("rule", false, b.rule) ||
        !field("file", false, b.file) || !field("path", false, b.path) || !field("message", false, b.message)) {
      error = "findings[" + std::to_string(i) + "] is not an entry with a \"fingerprint\" string";
      return false;
    }
    out.entries.push_back(std::move(b));
    ++i;
  }
  return true;
}

bool load_baseline(const std::string& file, Baseline& out, std::string& error) {
  std::string text;
  if (!read_file(file, text)) {
    error = "cannot read baseline " + file + ": " + std::strerror(errno);
    return false;
  }
  std::string why;
  if (!parse_baseline(text, out, why)) {
    error = "baseline " + file + " is malformed: " + why;
    return false;
  }
  return true;
}

BaselineResult apply_baseline(std::vector<Finding>& findings, const Baseline& baseline,
                              const std::function<bool(const std::string& file)>& in_scope) {
  BaselineResult res;
  std::map<std::string, std::vector<const BaselineEntry*>> open;  // fingerprint -> unmatched entries
  for (const auto& e : baseline.entries) open[e.fingerprint].push_back(&e);
  auto take = [&](const std::string& fp) {
    auto it = open.find(fp);
    if (it == open.end() || it->second.empty()) return false;
    it->second.pop_back();
    return true;
  };
  // Each entry hides at most one finding. Fingerprints of this version first, then the
  // legacy ones of the findings left, so that a legacy match never takes an entry
  // that a finding's own fingerprint names.
  std::vector<char> hide(findings.size(), 0);
  for (size_t i = 0; i < findings.size(); ++i) hide[i] = take(findings[i].fingerprint);
  for (size_t i = 0; i < findings.size(); ++i) {
    const Finding& f = findings[i];
    if (!hide[i] && !f.legacy_fingerprint.empty() && f.legacy_fingerprint != f.fingerprint)
      hide[i] = take(f.legacy_fingerprint);
  }
  std::vector<Finding> keep;
  for (size_t i = 0; i < findings.size(); ++i) {
    if (hide[i]) {
      ++res.baselined;
      res.hidden.push_back(std::move(findings[i]));
    } else {
      keep.push_back(std::move(findings[i]));
    }
  }
  findings = std::move(keep);
  for (const auto& e : baseline.entries) {  // in file order, for a stable report
    auto& left = open[e.fingerprint];
    auto it = std::find(left.begin(), left.end(), &e);
    if (it == left.end()) continue;
    left.erase(it);
    if (in_scope && !in_scope(e.file)) continue;
    ++res.fixed;
    res.fixed_entries.push_back(e);
  }
  return res;
}

}  // namespace amilint
