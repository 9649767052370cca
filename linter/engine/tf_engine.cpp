// The engine's Terraform path: the `.tf` files of one directory are one module,
// loaded, evaluated, adapted and checked together; findings are located in the file
// each range points into.
#include <algorithm>
#include <atomic>
#include <climits>
#include <cstdlib>
#include <cstring>
#include <map>
#include <set>
#include <thread>

#include <dirent.h>
#include <re2/re2.h>

#include "linter/filter/baseline.h"
#include "linter/engine/engine.h"
#include "linter/model/inventory.h"
#include "linter/filter/suppress.h"
#include "linter/adapt/terraform.h"
#include "linter/eval/terraform.h"
#include "rules/rule.h"

namespace amilint {

namespace {

std::string dir_of(const std::string& path) {
  size_t slash = path.rfind('/');
  return slash == std::string::npos ? "." : (slash == 0 ? "/" : path.substr(0, slash));
}

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

bool is_tf_file(const std::string& path) {
  auto ends = [&](const char* s) {
    size_t n = std::strlen(s);
    return path.size() > n && path.compare(path.size() - n, n, s) == 0;
  };
  return ends(".tf") || ends(".tf.json");
}

std::vector<std::vector<size_t>> terraform_modules(const std::vector<Candidate>& files) {
  std::map<std::string, size_t> by_dir;
  std::vector<std::vector<size_t>> out;
  for (size_t i = 0; i < files.size(); ++i) {
    if (!is_tf_file(files[i].path)) continue;
    std::string d = dir_of(files[i].path);
    auto it = by_dir.find(d);
    if (it == by_dir.end()) {
      by_dir.emplace(d, out.size());
      out.push_back({i});
    } else {
      out[it->second].push_back(i);
    }
  }
  return out;
}

std::vector<bool> called_as_child(const std::vector<Candidate>& files, const std::vector<std::vector<size_t>>& modules,
                                  int jobs) {
  static const re2::RE2 source_re(R"re(\bsource\s*[=:]\s*"(\.\.?/[^"]*)")re");
  auto real = [](const std::string& p) {
    char buf[PATH_MAX];
    return realpath(p.c_str(), buf) ? std::string(buf) : p;
  };
  // Every .tf file is read and scanned once, by `jobs` threads.
  std::vector<size_t> scan;
  for (const auto& m : modules)
    for (size_t i : m)
      if (!files[i].named) scan.push_back(i);  // named files (pre-commit) are linted as given
  std::vector<std::vector<std::string>> sources(scan.size());
  std::atomic<size_t> next{0};
  auto worker = [&] {
    std::string text, src;
    for (size_t k; (k = next.fetch_add(1)) < scan.size();) {
      const Candidate& c = files[scan[k]];
      text.clear();
      read_file(c.path, text);  // an unreadable file is reported when its module is linted
      if (text.find("source") == std::string::npos) continue;
      re2::StringPiece input(text);
      while (re2::RE2::FindAndConsume(&input, source_re, &src)) sources[k].push_back(real(dir_of(c.path) + "/" + src));
    }
  };
  std::vector<std::thread> pool;
  for (int j = 1; j < std::min<int>(jobs, static_cast<int>(scan.size())); ++j) pool.emplace_back(worker);
  worker();
  for (auto& t : pool) t.join();
  std::set<std::string> called;
  for (auto& list : sources)
    for (auto& s : list) called.insert(std::move(s));
  std::vector<bool> out(modules.size(), false);
  for (size_t k = 0; k < modules.size(); ++k)
    out[k] = !files[modules[k][0]].named && called.count(real(dir_of(files[modules[k][0]].path)));
  return out;
}

std::vector<FileReport> lint_terraform_module(const std::vector<Candidate>& tf_files, const EngineOptions& options,
                                              const std::vector<const Rule*>& rules) {
  std::vector<std::string> paths;
  for (const auto& c : tf_files) paths.push_back(c.path);
  // Files named on the command line (pre-commit passes the changed ones): the whole
  // module is read, and only findings in the named files are reported.
  bool named = std::any_of(tf_files.begin(), tf_files.end(), [](const Candidate& c) { return c.named; });
  std::string dir = dir_of(tf_files[0].path), display_dir = dir_of(tf_files[0].display);
  if (named) {
    paths.clear();
    if (DIR* d = opendir(dir.c_str())) {
      while (dirent* e = readdir(d)) {
        std::string n = e->d_name;
        if (is_tf_file(n)) paths.push_back(dir == "." ? n : dir + "/" + n);
      }
      closedir(d);
    }
    std::sort(paths.begin(), paths.end());
  }
  TfModule mod = load_module(dir, display_dir, paths, options.lint);
  // One report per .tf file given; findings in other files of the module are dropped
  // when files were named, and findings in child modules and tfvars files go to the
  // report of the first file.
  std::vector<FileReport> reps(tf_files.size());
  std::map<std::string, size_t> rep_of;
  for (size_t i = 0; i < tf_files.size(); ++i) {
    reps[i].display = tf_files[i].display;
    reps[i].is_template = true;
    reps[i].format = is_tf_file(tf_files[i].path) && tf_files[i].path.back() == 'n' ? Format::TfJson : Format::TfHcl;
    rep_of[tf_files[i].display] = i;
  }
  std::set<std::string> unreported;  // root-module files not named
  if (named)
    for (const auto& f : mod.files)
      if (f->lint && !rep_of.count(f->display)) unreported.insert(f->display);
  std::vector<LineIndex> indexes;
  for (const auto& f : mod.files) indexes.emplace_back(f->hcl.text);
  auto severity_of = [&](const Rule* r) {
    auto it = options.severity.find(r->code);
    return it == options.severity.end() ? r->severity : it->second;
  };
  auto place = [&](Finding&& f) {
    if (unreported.count(f.file)) return;
    auto it = rep_of.find(f.file);
    reps[it == rep_of.end() ? 0 : it->second].findings.push_back(std::move(f));
  };
  const Rule* parse_rule = find_rule("AMI000");
  bool parse_on = std::find(rules.begin(), rules.end(), parse_rule) != rules.end();
  for (size_t fid = 0; fid < mod.files.size(); ++fid) {
    const TfFile& tf = *mod.files[fid];
    if (!parse_on) break;
    std::vector<ParseError> errors = tf.hcl.errors;
    errors.insert(errors.end(), tf.problems.begin(), tf.problems.end());
    for (const auto& e : errors) {
      Finding f;
      f.rule = parse_rule->code;
      f.name = parse_rule->name;
      f.severity = severity_of(parse_rule);
      f.range = {e.offset, std::min<uint32_t>(e.offset + 1, static_cast<uint32_t>(tf.hcl.text.size())),
                 static_cast<uint32_t>(fid)};
      f.message = e.message;
      f.value = e.message;
      locate(f, indexes[fid], tf.display);
      place(std::move(f));
    }
  }
  Model model = adapt_terraform(mod.view);
  // The audit table: every AMI slot of the module, located in the file its range
  // points into (the report of that file; child modules and tfvars: the first).
  if (options.audit)
    for (auto& a : ami_audit(model, options.lint)) {
      uint32_t fid = a.range.file < mod.files.size() ? a.range.file : 0;
      a.file = mod.files[fid]->display;
      if (unreported.count(a.file)) continue;
      Position p = indexes[fid].position(a.range.begin);
      a.line = p.line;
      a.column = p.column;
      auto it = rep_of.find(a.file);
      reps[it == rep_of.end() ? 0 : it->second].amis.push_back(std::move(a));
    }
  for (const Rule* r : rules) {
    if (!r->check) continue;
    std::vector<Finding> found;
    RuleContext ctx(*r, options.lint, found);
    r->check(model, ctx);
    for (auto& f : found) {
      uint32_t fid = f.range.file < mod.files.size() ? f.range.file : 0;
      f.severity = severity_of(r);
      locate(f, indexes[fid], mod.files[fid]->display);
      place(std::move(f));
    }
  }
  // Suppressions written in each file of the module apply to findings in that file.
  for (size_t fid = 0; fid < mod.files.size(); ++fid) {
    const TfFile& tf = *mod.files[fid];
    if (unreported.count(tf.display)) continue;
    auto it = rep_of.find(tf.display);
    size_t ri = it == rep_of.end() ? 0 : it->second;
    std::vector<Suppression> sups;
    if (!tf.json) sups = comment_suppressions(tf.hcl.text, CommentSyntax::Hcl);
    else if (tf.doc.root) json_suppressions(*tf.doc.root, sups);
    for (auto& s : sups) {
      s.file = tf.display;
      if (s.line == 0) s.line = indexes[fid].position(s.written.begin).line;
    }
    std::vector<Finding> mine, others;
    for (auto& f : reps[ri].findings) (f.file == tf.display ? mine : others).push_back(std::move(f));
    make_fingerprints_unique(mine);
    apply_suppressions(mine, sups, options.lint.now, &reps[ri].suppressed);
    reps[ri].findings = std::move(others);
    for (auto& f : mine) reps[ri].findings.push_back(std::move(f));
    for (auto& s : sups) reps[ri].suppressions.push_back(std::move(s));
  }
  if (!mod.notes.empty()) reps[0].note = mod.notes[0];
  for (size_t i = 1; i < mod.notes.size(); ++i) reps[0].note += "; " + mod.notes[i];
  return reps;
}

}  // namespace amilint
