#include "linter/model/baked.h"

#include <re2/re2.h>

#include <algorithm>
#include <vector>

namespace amilint {

bool globs_overlap(const std::string& a, const std::string& b) {
  // reach[i][j]: the first i characters of a and the first j of b can match one name.
  const size_t n = a.size(), m = b.size();
  std::vector<std::vector<char>> reach(n + 1, std::vector<char>(m + 1, 0));
  reach[0][0] = 1;
  for (size_t i = 0; i <= n; ++i)
    for (size_t j = 0; j <= m; ++j) {
      if (!reach[i][j]) continue;
      if (i < n && a[i] == '*') {
        reach[i + 1][j] = 1;              // the star ends here
        if (j < m) reach[i][j + 1] = 1;   // ... or takes what b has next
      }
      if (j < m && b[j] == '*') {
        reach[i][j + 1] = 1;
        if (i < n) reach[i + 1][j] = 1;
      }
      if (i < n && j < m && a[i] != '*' && b[j] != '*' && (a[i] == b[j] || a[i] == '?' || b[j] == '?'))
        reach[i + 1][j + 1] = 1;
    }
  return reach[n][m];
}

namespace {

bool own_images(const AmiLookup& l) {
  if (!l.has_owners() || !l.owners.all_known() || l.owners.items.empty()) return false;
  return std::all_of(l.owners.items.begin(), l.owners.items.end(),
                     [](const Str& o) { return o.value == "self" || is_account_id(o.value); });
}

// Names a build's pattern can give: each '*' as one of the shapes build names
// commonly take there (a timestamp, a date, a version), to try a name_regex on.
std::vector<std::string> sample_names(const std::string& pattern) {
  static const char* fillers[] = {"", "1", "1765065600", "20261207", "20261207120000", "2026-12-07T12-00-00Z",
                                  "2026-12-07", "1.0.0"};
  std::vector<std::string> out{""};
  int stars = 0;
  for (char c : pattern) {
    if (c != '*' && c != '?') {
      for (auto& s : out) s += c;
      continue;
    }
    if (++stars > 3) return {};  // too open to sample
    std::vector<std::string> next;
    for (const auto& s : out)
      for (const char* f : fillers) next.push_back(s + (c == '?' ? std::string(1, f[0] ? f[0] : '1') : f));
    out.swap(next);
  }
  return out;
}

bool regex_admits(const std::string& regex, const std::string& pattern) {
  RE2::Options opts;
  opts.set_log_errors(false);
  RE2 re(regex, opts);
  if (!re.ok()) return false;
  for (const auto& name : sample_names(pattern))
    if (RE2::PartialMatch(name, re)) return true;
  return false;
}

// A build's pattern gives a name worth linking: some of it is known.
bool linkable(const std::string& pattern) {
  size_t literal = 0;
  for (char c : pattern) literal += c != '*' && c != '?';
  return literal >= 3;
}

}  // namespace

BakedMatch baked_for_lookup(const LintOptions& o, const AmiLookup& l) {
  BakedMatch out;
  if (!o.baked || !own_images(l)) return out;
  if (l.names.empty() && !l.name_regex.known()) return out;
  for (const auto& img : *o.baked) {
    if (!linkable(img.name_pattern)) continue;
    const Str* by = nullptr;
    bool ok = true;
    for (const auto& n : l.names) {  // the filter's values are alternatives
      if (globs_overlap(n.value, img.name_pattern)) {
        by = &n;
        break;
      }
    }
    if (!l.names.empty() && !by) ok = false;
    if (ok && l.name_regex.known()) {
      ok = regex_admits(l.name_regex.value, img.name_pattern);
      if (!by) by = &l.name_regex;
    }
    if (!ok) continue;
    if (!out.by) out.by = by;
    out.images.push_back(&img);
  }
  return out;
}

std::vector<const BakedImage*> baked_in_bucket(const LintOptions& o, const std::string& bucket) {
  std::vector<const BakedImage*> out;
  if (!o.baked || bucket.empty()) return out;
  for (const auto& img : *o.baked)
    if (img.hcp_bucket == bucket) out.push_back(&img);
  return out;
}

std::string describe_baked(const std::vector<const BakedImage*>& images) {
  if (images.empty()) return "";
  const BakedImage& b = *images[0];
  std::string s = b.build + " (" + b.file + ":" + std::to_string(b.line) + ")";
  if (images.size() > 1) s += " and " + std::to_string(images.size() - 1) + " more build" + (images.size() > 2 ? "s" : "");
  return s;
}

bool may_launch_baked(const Model& m) {
  for (const auto& l : m.lookups)
    if (own_images(l) && (!l.names.empty() || l.name_regex.known())) return true;
  for (const auto& u : m.uses)
    for (const auto& s : u.sources)
      if (s.kind == SourceKind::Registry && !s.registry_bucket.empty()) return true;
  return false;
}

bool baked_in_region(const std::vector<const BakedImage*>& images, const std::string& r) {
  for (const auto* img : images)
    if (std::find(img->regions.begin(), img->regions.end(), r) != img->regions.end()) return true;
  return false;
}

}  // namespace amilint
