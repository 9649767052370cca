// Where suppressions come from: `amilint:ignore` comments (with the lines they cover),
// CloudFormation Metadata, and Terraform JSON `"//"` strings; written_suppressions
// picks the ones a file's format can hold.
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "linter/filter/suppress.h"
#include "linter/filter/suppress_detail.h"
#include "linter/load/node.h"
#include "linter/model/regions.h"

namespace amilint {

using detail::suppress::add_rules;
using detail::suppress::finish;
using detail::suppress::trim;

namespace {

// Where `amilint` starts in a comment (any case), or 0.
size_t directive_offset(std::string_view comment) {
  for (size_t i = 0; i + 7 <= comment.size(); ++i)
    if (detail::suppress::lower(comment.substr(i, 7)) == "amilint") return i;
  return 0;
}

// Does text say amilint in one of the ways a directive would be written?
bool mentions_amilint(std::string_view text) {
  for (std::string_view w : {"amilint", "AMILINT", "Amilint", "AmiLint"})
    if (text.find(w) != std::string_view::npos) return true;
  return false;
}

}  // namespace

std::vector<Suppression> comment_suppressions(std::string_view text, CommentSyntax syntax) {
  std::vector<Comment> comments = scan_comments(text, syntax);
  std::set<int> comment_lines;
  for (const auto& c : comments)
    if (c.own_line) comment_lines.insert(c.line);
  std::vector<Suppression> out;
  for (const auto& c : comments) {
    Suppression s;
    if (!parse_ignore_directive(c.text, s) && !parse_misspelled_directive(c.text, s)) continue;
    s.origin = SuppressionOrigin::Comment;
    s.written = c.range;
    s.written.begin += static_cast<uint32_t>(directive_offset(text.substr(c.range.begin, c.range.end - c.range.begin)));
    s.line = c.line;
    s.scope = SuppressionScope::Lines;
    int target = c.line;
    if (c.own_line) {
      do ++target;
      while (comment_lines.count(target));
    }
    s.first_line = s.last_line = target;
    out.push_back(std::move(s));
  }
  return out;
}

std::vector<Suppression> cfn_metadata_suppressions(const Node& root) {
  std::vector<Suppression> out;
  auto read = [&](const Node* metadata, SuppressionScope scope, const std::string& prefix) {
    if (!metadata || !metadata->is_map()) return;
    const Node* a = metadata->get("amilint");
    auto misspelled = [&](const Range& key, std::string problem) {  // a key that hides nothing
      Suppression s;
      s.origin = SuppressionOrigin::Metadata;
      s.written = key;
      s.scope = scope;
      s.path_prefix = prefix;
      s.misspelled = true;
      s.problem = std::move(problem);
      out.push_back(std::move(s));
    };
    for (const auto& e : metadata->entries) {  // `amilnt:`, `AmiLint:`, `amilint-ignore:`
      std::string k = detail::suppress::lower(e.key);
      if (k.size() < 5 || e.key == "amilint" ||
          (k.compare(0, 7, "amilint") != 0 && edit_distance(k, "amilint") > 2))
        continue;
      misspelled(e.key_range, "unknown Metadata key '" + e.key + "' (did you mean 'amilint'?); it hides nothing");
    }
    if (!a) return;
    const Node* ignore = a->is_map() ? a->get("ignore") : nullptr;
    if (a->is_map())
      for (const auto& e : a->entries)
        if (e.key != "ignore")
          misspelled(e.key_range, "unknown key '" + e.key + "' in Metadata amilint" +
                                      detail::suppress::did_you_mean(e.key, {"ignore"}) + "; it hides nothing");
    std::vector<const Node*> items;
    if (ignore && ignore->is_seq()) items.assign(ignore->items.begin(), ignore->items.end());
    else if (ignore) items.push_back(ignore);
    if (!ignore) {  // `amilint:` without an ignore list: say so in the listing
      Suppression s;
      s.origin = SuppressionOrigin::Metadata;
      s.written = a->range;
      s.scope = scope;
      s.path_prefix = prefix;
      s.problem = "Metadata amilint needs an ignore list";
      out.push_back(std::move(s));
      return;
    }
    for (const Node* item : items) {
      if (!item) continue;
      Suppression s;
      s.origin = SuppressionOrigin::Metadata;
      s.written = item->range;
      s.scope = scope;
      s.path_prefix = prefix;
      if (item->is_scalar()) {
        add_rules(item->text, s);  // `ignore: [AMI002]`: a rule without a reason
      } else if (item->is_map()) {
        for (const auto& e : item->entries) {
          const Node* v = e.value;
          if (e.key == "rule" || e.key == "rules") {
            if (v && v->is_scalar()) add_rules(v->text, s);
            else if (v && v->is_seq())
              for (const Node* r : v->items)
                if (r && r->is_scalar()) add_rules(r->text, s);
          } else if (e.key == "reason") {
            if (v && v->is_scalar() && !v->is_null()) s.reason = trim(v->text);
          } else if (e.key == "until") {
            if (v && v->is_scalar() && !v->is_null()) s.until = trim(v->text);
          } else {
            s.notes.push_back("unknown key '" + e.key + "'" +
                              detail::suppress::did_you_mean(e.key, {"rule", "rules", "reason", "until"}));
          }
        }
      }
      finish(s);
      out.push_back(std::move(s));
    }
  };
  if (!root.is_map()) return out;
  read(root.get("Metadata"), SuppressionScope::File, "");
  const Node* resources = root.get("Resources");
  if (resources && resources->is_map())
    for (const auto& e : resources->entries)
      if (e.value && e.value->is_map()) read(e.value->get("Metadata"), SuppressionScope::Block, "Resources/" + e.key);
  return out;
}

bool json_comment_suppression(std::string_view text, Range written, Range block, const std::string& path_prefix,
                              Suppression& out) {
  Suppression s;
  if (!parse_ignore_directive(text, s) && !parse_misspelled_directive(text, s)) return false;
  s.origin = SuppressionOrigin::JsonComment;
  s.written = written;
  s.scope = SuppressionScope::Block;
  s.bytes = block;
  s.path_prefix = path_prefix;
  out = std::move(s);
  return true;
}

namespace {

// Terraform JSON: a `"//"` string holding `amilint:ignore ...` covers the object
// (block) it is written in.
void json_suppressions(const Node& n, std::vector<Suppression>& out, int depth = 0) {
  if (depth > 64) return;
  if (n.is_map()) {
    for (const auto& e : n.entries) {
      if (!e.value) continue;
      if (e.key == "//" && e.value->is_scalar()) {
        Suppression s;
        if (json_comment_suppression(e.value->text, e.value->range, n.range, "", s)) out.push_back(std::move(s));
      } else {
        json_suppressions(*e.value, out, depth + 1);
      }
    }
  } else if (n.is_seq()) {
    for (const Node* item : n.items)
      if (item) json_suppressions(*item, out, depth + 1);
  }
}

}  // namespace

std::vector<Suppression> written_suppressions(Format format, std::string_view text, const Node* json_root) {
  std::vector<Suppression> out;
  if (format == Format::CfnJson || format == Format::TfPlan) return out;  // JSON has no comments
  if (!mentions_amilint(text)) return out;  // every directive, even a misspelled one, says it
  switch (format) {
    case Format::CfnYaml: return comment_suppressions(text, CommentSyntax::Yaml);
    case Format::TfHcl:
    case Format::TfVars:
    case Format::PkrHcl:
    case Format::PkrVars: return comment_suppressions(text, CommentSyntax::Hcl);
    case Format::TfJson:
    case Format::TfVarsJson:
    case Format::PkrJson:
    case Format::PkrVarsJson:
      if (json_root) json_suppressions(*json_root, out);
      return out;
    case Format::CfnJson:
    case Format::TfPlan: return out;
  }
  return out;
}

}  // namespace amilint
