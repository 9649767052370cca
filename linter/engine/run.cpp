// The run: units in a thread pool (largest first), then the StackSet pass over what
// they kept, then everything gathered and sorted.
#include <algorithm>
#include <atomic>
#include <map>
#include <mutex>
#include <set>
#include <thread>
#include <tuple>

#include "linter/discover/units.h"
#include "linter/engine/engine.h"
#include "linter/discover/sniff.h"
#include "linter/engine/lint_unit.h"
#include "linter/load/parameter_file.h"
#include "rules/rule.h"

namespace amilint {

namespace {

// Templates kept for the StackSet pass, up to this much memory (about twenty
// templates with large region maps); a template a StackSet deploys that did not fit
// is read again. Keeping every Model would make memory grow with the number of
// templates, which an audit of thousands must not.
constexpr size_t kKeepBudget = 1u << 20;

bool contains_code(const std::vector<std::string>& list, const Rule* r) {
  for (const auto& c : list)
    if (find_rule(c) == r) return true;
  return false;
}

std::vector<std::string> split_path(const std::string& p) {
  std::vector<std::string> out;
  size_t i = 0;
  while (i <= p.size()) {
    size_t j = p.find('/', i);
    if (j == std::string::npos) j = p.size();
    if (j > i) out.push_back(p.substr(i, j - i));
    i = j + 1;
  }
  return out;
}

// What makes two findings, suppressions or audit entries the same one.
using FindingId =
    std::tuple<std::string, std::string, int, int, int, int, std::string, std::string, std::string, Severity>;
using SuppressionId = std::tuple<std::string, int, int, SuppressionOrigin>;
using AuditId = std::tuple<std::string, int, int, std::string, std::string, std::vector<std::string>>;

FindingId id_of(const Finding& f) {
  return {f.file, f.fingerprint, f.line, f.column, f.end_line, f.end_column, f.rule, f.path, f.message, f.severity};
}

AuditId id_of(const AmiAuditEntry& a) { return {a.file, a.line, a.column, a.slot, a.value, a.regions}; }

class Runner {
 public:
  Runner(const std::vector<Candidate>& files, const std::vector<EngineOptions>& sets, const std::vector<size_t>& set_of_file)
      : files_(files), sets_(sets), set_of_file_(set_of_file) {
    for (const auto& o : sets) set_rules_.push_back(active_rules(o));
    res_.files.resize(files.size());
    kept_.resize(files.size());
  }

  RunResult run() {
    int jobs = std::max(1, std::min<int>(sets_[0].jobs, static_cast<int>(files_.size())));
    std::vector<std::shared_ptr<const SourceFile>> var_files;  // of every set: read once with the modules
    for (const auto& o : sets_) var_files.insert(var_files.end(), o.var_files.begin(), o.var_files.end());
    units_ = make_units(files_, jobs, var_files);
    // --show-source: parameter files hold findings of the templates they are given to.
    if (sets_[0].keep_sources)
      for (const auto& o : sets_)
        for (const auto& pf : o.parameter_files)
          if (pf && pf->file && pf->file->content) res_.sources.insert_or_assign(pf->file->display, pf->file->content);
    // Largest first, so that no thread is left with one big module at the end.
    std::vector<size_t> order(units_.size());
    for (size_t i = 0; i < order.size(); ++i) order[i] = i;
    std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) { return units_[a].weight > units_[b].weight; });
    // Packer builds first: the images they make are evidence for the stacks that
    // launch them (LintOptions::baked), so those are checked after them.
    std::stable_partition(order.begin(), order.end(), [&](size_t u) { return units_[u].kind == UnitKind::PackerBuild; });
    size_t builds = 0;
    while (builds < order.size() && units_[order[builds]].kind == UnitKind::PackerBuild) ++builds;
    lint_all(std::vector<size_t>(order.begin(), order.begin() + builds), jobs);
    share_baked();
    size_t known = baked_.size();
    lint_all(std::vector<size_t>(order.begin() + builds, order.end()), jobs);
    // Legacy JSON Packer templates are known as such only once read, beside the
    // stacks: those that may launch their images are checked again with them.
    if (baked_.size() > known && !launches_.empty()) {
      share_baked();
      std::sort(launches_.begin(), launches_.end());
      for (size_t i : launches_) relaunch(units_[i]);
    }
    stackset_pass();
    gather();
    return std::move(res_);
  }

 private:
  const std::vector<Candidate>& files_;
  std::vector<EngineOptions> sets_;  // with the run's baked images, once the Packer builds are checked
  const std::vector<size_t>& set_of_file_;
  std::vector<std::vector<const Rule*>> set_rules_;
  std::vector<Unit> units_;
  RunResult res_;
  std::vector<std::shared_ptr<Prepared>> kept_;  // by candidate: templates kept for the StackSet pass
  std::atomic<size_t> kept_total_{0};
  std::mutex sources_mutex_;
  std::vector<BakedImage> baked_;  // gathered from the Packer builds
  std::vector<size_t> launches_;   // units that may launch a baked image (UnitResult::launches_baked)
  std::mutex baked_mutex_;

  // The images gathered so far, in a stable order, given to every set's options.
  void share_baked() {
    if (baked_.empty()) return;
    std::sort(baked_.begin(), baked_.end(), [](const BakedImage& a, const BakedImage& b) {
      return std::tie(a.file, a.line, a.column, a.build) < std::tie(b.file, b.line, b.column, b.build);
    });
    auto baked = std::make_shared<const std::vector<BakedImage>>(baked_);
    for (auto& o : sets_) o.lint.baked = baked;
  }

  // The options a unit is checked with: its set's, in its CDK environment's region.
  EngineOptions options_for(const Unit& u) const {
    EngineOptions o = sets_[set_of(u.candidates[0])];
    if (u.stack && !u.stack->region.empty()) o.lint.regions = {u.stack->region};
    return o;
  }

  // A unit checked again, with the images of every Packer build of the run.
  void relaunch(Unit& u) {
    std::vector<Format> formats;  // as discover knew them (read_unit sniffs templates only)
    for (const auto& f : u.files) formats.push_back(f->format);
    read_unit(u);
    for (size_t i = 0; i < u.files.size(); ++i)
      if (u.files[i]->format != formats[i]) {
        auto f = std::make_shared<SourceFile>(*u.files[i]);
        f->format = formats[i];
        u.files[i] = std::move(f);
      }
    UnitResult r = lint_unit(u, options_for(u), set_rules_[set_of(u.candidates[0])], u.kind == UnitKind::Template);
    keep_sources(u, r.reports);
    for (size_t k = 0; k < r.reports.size() && k < u.candidates.size(); ++k)
      res_.files[u.candidates[k]] = std::move(r.reports[k]);
    if (r.prepared && kept_[u.candidates[0]]) kept_[u.candidates[0]] = std::move(r.prepared);
    u.files.clear();
  }

  // The units at these indexes, in this order, in a pool of threads.
  void lint_all(const std::vector<size_t>& order, int jobs) {
    std::atomic<size_t> next{0};
    auto worker = [&] {
      for (size_t n; (n = next.fetch_add(1)) < order.size();) lint(units_[order[n]]);
    };
    std::vector<std::thread> pool;
    for (int j = 1; j < std::min<int>(jobs, static_cast<int>(order.size())); ++j) pool.emplace_back(worker);
    worker();
    for (auto& t : pool) t.join();
  }

  size_t set_of(size_t i) const { return i < set_of_file_.size() && set_of_file_[i] < sets_.size() ? set_of_file_[i] : 0; }

  void lint(Unit& u) {
    if (u.kind == UnitKind::ChildModule) {
      for (size_t k : u.candidates) {
        FileReport& r = res_.files[k];
        r.display = files_[k].display;
        r.is_template = true;
        r.format = Format::TfHcl;
        r.note = "linted as a child module of the modules that call it";
      }
      return;
    }
    if (u.kind == UnitKind::NestedTemplate) {
      FileReport& r = res_.files[u.candidates[0]];
      r.display = files_[u.candidates[0]].display;
      r.is_template = true;
      r.format = ends_with(files_[u.candidates[0]].path, ".json") ? Format::CfnJson : Format::CfnYaml;
      r.note = "linted as a nested stack of " + u.parent_display;
      return;
    }
    if (u.kind == UnitKind::VariableFile) {
      FileReport& r = res_.files[u.candidates[0]];
      r.display = files_[u.candidates[0]].display;
      r.format = Format::TfVarsJson;
      r.note = "a Terraform variable file, read with the module in its directory";
      return;
    }
    size_t set = set_of(u.candidates[0]);
    read_unit(u);
    apply_var_files(u, sets_[set].var_files);  // Terraform root modules only
    // A stack of a CDK cloud assembly deploys where its environment says.
    UnitResult r = lint_unit(u, options_for(u), set_rules_[set], u.kind == UnitKind::Template);
    if (!r.baked.empty() || r.launches_baked) {
      std::lock_guard<std::mutex> lock(baked_mutex_);
      for (auto& b : r.baked) baked_.push_back(std::move(b));
      if (r.launches_baked) launches_.push_back(static_cast<size_t>(&u - units_.data()));
    }
    keep_sources(u, r.reports);
    for (size_t k = 0; k < r.reports.size() && k < u.candidates.size(); ++k)
      res_.files[u.candidates[k]] = std::move(r.reports[k]);
    if (r.prepared && kept_total_.fetch_add(kept_bytes(*r.prepared)) < kKeepBudget) {
      kept_[u.candidates[0]] = std::move(r.prepared);
      keep_sources(u, {});  // the kept template holds its text anyway; the StackSet pass may find more in it
    }
    if (r.launches_baked) {  // its files' text is let go, their names kept for relaunch
      for (auto& f : u.files) {
        auto name = std::make_shared<SourceFile>(*f);
        name->content.reset();
        f = std::move(name);
      }
      return;
    }
    u.files.clear();  // the text is not needed any more
  }

  // --show-source: the text of the unit's files that have findings in reports (with
  // no reports: of all its files), shared with the unit, not copied.
  void keep_sources(const Unit& u, const std::vector<FileReport>& reports) {
    if (!sets_[0].keep_sources) return;
    std::set<std::string> with_findings;
    for (const auto& rep : reports)
      for (const auto& finding : rep.findings) with_findings.insert(finding.file);
    std::lock_guard<std::mutex> lock(sources_mutex_);
    for (const auto& f : u.files)
      if (f->content && !f->content->read_error && (reports.empty() || with_findings.count(f->display)))
        res_.sources.insert_or_assign(f->display, f->content);  // a later lint (StackSet pass) wins
  }

  // A template that a StackSet deploys also runs in the StackSet's regions: its
  // Model is bound to them and checked again.
  void stackset_pass() {
    std::vector<std::string> displays;
    for (const auto& fr : res_.files) displays.push_back(fr.is_template ? fr.display : std::string());
    std::map<size_t, std::vector<std::string>> extra;
    for (const auto& fr : res_.files)
      for (const auto& ss : fr.stacksets) {
        int target = match_template_url(ss.template_url, displays);
        if (target < 0) continue;
        auto& regs = extra[static_cast<size_t>(target)];
        for (const auto& r : ss.regions)
          if (std::find(regs.begin(), regs.end(), r) == regs.end()) regs.push_back(r);
      }
    for (auto& [i, regs] : extra) {
      EngineOptions o = sets_[set_of(i)];
      for (const auto& r : regs)
        if (std::find(o.lint.regions.begin(), o.lint.regions.end(), r) == o.lint.regions.end()) o.lint.regions.push_back(r);
      const auto& rules = set_rules_[set_of(i)];
      if (kept_[i]) {
        res_.files[i] = relint(*kept_[i], o, rules);
      } else {
        Unit u = template_unit(i);
        read_unit(u);
        auto r = lint_unit(u, o, rules);
        keep_sources(u, r.reports);
        res_.files[i] = std::move(r.reports[0]);
      }
      res_.files[i].stackset_regions = regs;
    }
  }

  Unit template_unit(size_t i) const {
    for (const auto& u : units_)
      if (u.kind == UnitKind::Template && u.candidates[0] == i) {
        Unit copy = u;
        auto f = std::make_shared<SourceFile>();
        f->path = files_[i].path;
        f->display = files_[i].display;
        f->named = files_[i].named;
        copy.files = {f};
        return copy;
      }
    return Unit{};
  }

  // A file that several units read (a child module two modules call, a variable file
  // given to every module) gives each of them the same findings, suppressions and
  // audit entries: they are gathered once.
  // One suppression written in a file several units read: listed once, used as much
  // as in the unit that used it most.
  void gather_suppression(const Suppression& s, std::map<SuppressionId, size_t>& seen) {
    auto [it, fresh] = seen.emplace(SuppressionId{s.file, s.line, s.column, s.origin}, res_.suppressions.size());
    if (fresh) {
      res_.suppressions.push_back(s);
      return;
    }
    Suppression& first = res_.suppressions[it->second];
    first.matches = std::max(first.matches, s.matches);
    first.hidden = std::max(first.hidden, s.hidden);
  }

  void gather() {
    std::set<FindingId> findings, hidden;
    std::map<SuppressionId, size_t> suppressions;  // -> index in res_.suppressions
    std::set<AuditId> amis;
    for (auto& fr : res_.files) {
      if (fr.is_template) ++res_.templates;
      for (auto& f : fr.findings)
        if (findings.insert(id_of(f)).second) res_.findings.push_back(f);
      for (auto& s : fr.suppressions) gather_suppression(s, suppressions);
      for (auto& f : fr.suppressed) res_.suppressed += hidden.insert(id_of(f)).second ? 1 : 0;
      for (auto& a : fr.amis)
        if (amis.insert(id_of(a)).second) res_.amis.push_back(a);
    }
    std::stable_sort(res_.amis.begin(), res_.amis.end(), [](const AmiAuditEntry& a, const AmiAuditEntry& b) {
      if (a.file != b.file) return a.file < b.file;
      if (a.line != b.line) return a.line < b.line;
      return a.column < b.column;
    });
    std::stable_sort(res_.findings.begin(), res_.findings.end(), [](const Finding& a, const Finding& b) {
      if (a.file != b.file) return a.file < b.file;
      if (a.line != b.line) return a.line < b.line;
      if (a.column != b.column) return a.column < b.column;
      return a.rule < b.rule;
    });
  }
};

}  // namespace

void locate(Finding& f, const LineIndex& index, const std::string& display) {
  f.file = display;
  Position b = index.position(f.range.begin);
  Position e = index.position(std::max(f.range.end, f.range.begin));
  f.line = b.line;
  f.column = b.column;
  f.end_line = e.line;
  f.end_column = e.column;
  set_fingerprints(f);
}

int match_template_url(const std::string& url, const std::vector<std::string>& displays) {
  std::string path = url.substr(0, url.find_first_of("?#"));
  size_t scheme = path.find("://");
  if (scheme != std::string::npos) {
    size_t slash = path.find('/', scheme + 3);
    path = slash == std::string::npos ? "" : path.substr(slash);
  }
  std::vector<std::string> want = split_path(path);
  if (want.empty() || want.back().find("${") != std::string::npos) return -1;
  int best = -1, best_len = 0;
  bool tie = false;
  for (size_t i = 0; i < displays.size(); ++i) {
    if (displays[i].empty()) continue;
    std::vector<std::string> have = split_path(displays[i]);
    int len = 0;
    while (len < static_cast<int>(want.size()) && len < static_cast<int>(have.size()) &&
           want[want.size() - 1 - len] == have[have.size() - 1 - len] &&
           want[want.size() - 1 - len].find("${") == std::string::npos)
      ++len;
    if (len == 0) continue;
    if (len > best_len) {
      best = static_cast<int>(i);
      best_len = len;
      tie = false;
    } else if (len == best_len) {
      tie = true;
    }
  }
  return tie ? -1 : best;
}

std::vector<const Rule*> active_rules(const EngineOptions& o) {
  std::vector<const Rule*> out;
  for (const Rule* r : all_rules()) {
    bool on = r->enabled_by_default;
    auto sw = o.rule_switch.find(r->code);
    if (sw != o.rule_switch.end()) on = sw->second;
    if (contains_code(o.enable, r)) on = true;
    if (!o.select.empty()) on = contains_code(o.select, r);
    if (contains_code(o.ignore, r)) on = false;
    if (on) out.push_back(r);
  }
  return out;
}

FileReport lint_text(const std::string& text, const std::string& display, const EngineOptions& options,
                     const std::vector<const Rule*>& rules) {
  Unit u;
  auto f = std::make_shared<SourceFile>();
  f->path = display;
  f->display = display;
  f->content = std::make_shared<FileText>(text);
  f->format = sniff_syntax(display, text);
  u.files.push_back(std::move(f));
  u.candidates = {0};
  return std::move(lint_unit(u, options, rules).reports[0]);
}

RunResult run(const std::vector<Candidate>& files, const EngineOptions& options) {
  return run(files, std::vector<EngineOptions>{options}, std::vector<size_t>(files.size(), 0));
}

RunResult run(const std::vector<Candidate>& files, const std::vector<EngineOptions>& sets,
              const std::vector<size_t>& set_of_file) {
  return Runner(files, sets, set_of_file).run();
}

}  // namespace amilint
