// The plan reader, internal to the plan stage of eval (plan.h says what it makes of
// a plan). PlanReader is defined in these files:
//   plan.cpp          the entry points, and the blocks: every resource and data
//                     source instance of the plan, with its configuration
//   plan_refs.cpp     addresses and configuration references, parsed
//   plan_values.cpp   reading planned values, and applying their traced origin
//   plan_origin.cpp   tracing a value's origin through the configuration
//   plan_regions.cpp  effective regions and provider configurations
#pragma once
#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <utility>
#include <vector>

#include "linter/eval/tf_view.h"
#include "linter/load/node.h"
#include "linter/model/finding.h"

namespace amilint {
namespace detail {
namespace plan {

inline bool starts_with(const std::string& s, const std::string& p) {
  return s.size() >= p.size() && s.compare(0, p.size(), p) == 0;
}

inline bool is_true(const Node* n) {
  return n && n->is_scalar() && n->type == ScalarType::Bool && n->text == "true";
}

inline const Node* get_map(const Node* n, std::string_view key) {
  const Node* v = n ? n->get(key) : nullptr;
  return v && v->is_map() ? v : nullptr;
}

inline std::string text_of(const Node* n, std::string_view key) {
  const Node* v = n ? n->get(key) : nullptr;
  return v && v->is_scalar() && !v->is_null() ? v->text : std::string();
}

// ----- addresses and references (plan_refs.cpp) --------------------------------
// One step of a Terraform address or traversal: a name and the index written right
// after it, brackets included ("[0]", "[\"a\"]"), or empty.
struct Step {
  std::string name;
  std::string key;
};

// "module.a[0].data.aws_ami.x[\"k.1\"].id" -> module a[0], data, aws_ami, x["k.1"], id.
std::vector<Step> split_steps(const std::string& s);

// A resource instance address: the module instances it is in, then the resource.
struct Address {
  std::vector<Step> modules;
  bool data = false;
  std::string type, name, key;
  bool ok = false;
};

Address parse_address(const std::string& a);

// What one reference of a configuration expression names.
struct Subject {
  enum Kind { Resource, Var, Local, Module, Each, Count, Neutral };
  Kind kind = Neutral;
  std::string name;  // Resource: data.aws_ami.x / aws_ami.x; Var/Local/Each: the name; Module: the call
  std::string key;   // the instance key written in the reference
  std::string attr;  // Resource: the attribute read; Module: the output
  Range range;       // the reference string
};

// Terraform lists each reference several times, unwrapped step by step
// ("data.aws_ami.x.id", "data.aws_ami.x"): one Subject per object referenced.
std::vector<Subject> subjects_of(const Node* refs);

// A configuration expression object: {"constant_value": ...} and/or {"references": [...]}.
bool is_expression(const Node* n);
Range expression_range(const Node* expr);

// ----- the reader ----------------------------------------------------------------
// One module level of the configuration: the root, or a module call and its module.
struct ModLevel {
  const Node* config = nullptr;  // the module: resources, module_calls, outputs, variables
  const Node* call = nullptr;    // the module call (nullptr at the root)
  std::string name;              // module call name
  std::string key;               // the instance key of this module instance
};
using Ctx = std::vector<ModLevel>;

// Where a configured value comes from, as far as the plan tells.
struct Origin {
  enum Kind { Literal, Block, Unknown };
  Kind kind = Literal;
  std::string ref, attr;   // Block
  std::string reason;      // Unknown
  std::vector<std::pair<std::string, std::string>> candidates;  // blocks it may come from
  bool literal_part = false;  // part of it is a literal or a variable value
};

// The evaluation context of a block's expressions.
struct BlockCtx {
  Ctx ctx;
  const Node* for_each = nullptr;
  std::string self_key;
};

// A resource or data source instance to turn into a block.
struct Source {
  const Node* address_node = nullptr;
  Text address;    // the plan's text, which outlives the reader
  Address parsed;  // of address; its type and name are the block's (as the plan writes them, if it does)
  bool data = false;
  const Node* values = nullptr;
  const Node* unknown = nullptr;  // after_unknown
};

struct Region {
  bool known = false;
  std::string text;
  Range range;
};

// Reads one plan into a TfView (plan_view).
class PlanReader {
 public:
  PlanReader(const Node& root, const LintOptions& options, bool (*view_attribute)(std::string_view), int threads)
      : root_(root), options_(options), view_attribute_(view_attribute), threads_(threads < 1 ? 1 : threads) {
    variables_ = get_map(&root, "variables");
    const Node* conf = get_map(&root, "configuration");
    provider_config_ = get_map(conf, "provider_config");
    config_root_ = get_map(conf, "root_module");
  }

  TfView run();

 private:
  const Node& root_;
  const LintOptions& options_;
  bool (*view_attribute_)(std::string_view);
  size_t threads_;
  static constexpr size_t kBlocksPerThread = 2048;  // fewer: one thread
  const Node* variables_ = nullptr;
  const Node* provider_config_ = nullptr;
  const Node* config_root_ = nullptr;
  std::vector<Source> sources_;
  std::vector<std::string_view> addresses_;  // of sources_, sorted
  std::unordered_map<std::string_view, const Node*> values_of_;  // by address, of sources_
  std::unordered_set<uint32_t> mentioned_;
  std::unordered_map<std::string, std::vector<std::pair<std::string, std::string>>> ami_sources_;
  // Each configuration module's resources by address (index_resources).
  std::unordered_map<const Node*, std::unordered_map<std::string_view, const Node*>> resources_of_;
  TfView view_;

  // ----- blocks (plan.cpp) -------------------------------------------------------
  static void walk_module(const Node* mod, std::vector<const Node*>& out, int depth = 0);
  static bool source_of(const Node* r, const Node* values, Source& s);
  void collect_sources();
  Ctx ctx_for(const std::vector<Step>& modules, bool* complete) const;
  void index_resources(const Node* module, int depth);
  const Node* resource_config(const Node* module, const Source& s) const;
  // Made by several threads at once: reads the reader, changes nothing of it. The
  // region mention it finds is left in mention.
  TfBlock block(const Source& s, std::optional<TfRegionMention>& mention) const;

  // ----- values (plan_values.cpp) ------------------------------------------------
  void index_ami_sources();
  void infer_untraced(EvalValue& v, const std::string& self) const;
  static EvalValue scalar(const Node* n);
  EvalValue object(const Node* v, const Node* unk, const Node* cfg, const BlockCtx& bc, bool traced,
                   bool (*only)(std::string_view) = nullptr) const;
  EvalValue value(const Node* v, const Node* unk, const Node* cfg, const BlockCtx& bc, Range fallback,
                  bool traced) const;
  static bool scalar_kind(const EvalValue& v);
  const Node* planned_attr(const std::string& address, const std::string& attr) const;
  std::string attribute_with(const std::string& address, const std::string& text) const;
  void apply_origin(EvalValue& out, const Node* expr, const BlockCtx& bc, bool traced) const;

  // ----- origins (plan_origin.cpp) -----------------------------------------------
  static Origin unknown_origin(const std::string& why);
  Origin resolve(const Node* expr, const Ctx& ctx, size_t level, const Node* for_each, const std::string& self_key,
                 int depth) const;
  Origin subject_origin(const Subject& s, const Ctx& ctx, size_t level, const Node* for_each,
                        const std::string& self_key, int depth) const;
  Origin module_origin(const Subject& s, const Ctx& ctx, size_t level, int depth) const;
  static std::string describe(const Origin& o);
  std::string instance(const std::string& base, const std::string& key, const std::string& self_key) const;

  // ----- regions (plan_regions.cpp) ----------------------------------------------
  static std::string parent_module(const std::string& module_path);
  const Node* module_call_at(const std::string& module_path) const;
  Region variable(const std::string& module_path, const std::string& name, int depth = 0) const;
  Region region_expression(const Node* e, const std::string& module_path, int depth = 0) const;
  Region own_region(const Node* pc) const;
  static bool aws_provider(const Node* pc);
  Region provider_region(const std::string& key, const std::vector<Step>& modules) const;
  void mention(const std::string& region, Range range, const std::string& path, const std::string& what);
  void provider_mentions();
  void effective_region(TfBlock& b, const Node* rcfg, const Node* exprs, const Address& parsed,
                        std::optional<TfRegionMention>& mention) const;
};

}  // namespace plan
}  // namespace detail
}  // namespace amilint
