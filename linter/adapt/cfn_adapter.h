// The CloudFormation adapter's inside, shared by its files: cfn.cpp (parameters,
// mappings, resources and AMI slots) and cfn_resources.cpp (Image Builder
// distributions, DLM policies, organization policies, StackSets).
#pragma once
#include <functional>
#include <cstdint>
#include <map>
#include <string>

#include "linter/eval/cfn.h"
#include "linter/model/finding.h"
#include "linter/model/model.h"

namespace amilint {

struct CfnStackTree;

class CfnAdapter {
 public:
  CfnAdapter(const Node& root, const LintOptions& options, const CfnStackTree* tree = nullptr);
  Model run();

 private:
  // A nested template's adapter: it adds to its parent's Model.
  CfnAdapter(const Node& root, const LintOptions& options, const CfnStackTree* tree, uint32_t file,
             CfnAdapter& parent, const Node* passed, const std::string& passed_path, size_t depth);

  const Node& root_;
  const LintOptions& options_;
  const CfnStackTree* tree_;  // the stack tree, or null (one template)
  uint32_t file_ = 0;         // this template's index in the tree
  size_t depth_ = 0;          // nesting level
  std::string prefix_;        // a nested template's resources are named "Stack/Resource" ("" at the root)
  Model own_;                 // the root's Model
  Model& model_;              // the Model being built (the root's)
  CfnEvaluator eval_;
  size_t params_begin_ = 0, params_end_ = 0;  // this template's parameters in model_.parameters
  // map name -> region position (1 = first key is the region, 2 = second)
  std::map<std::string, int> region_maps_used_;

  // cfn.cpp
  void adapt();  // everything but binding the deploy regions
  void apply_given();
  void adapt_nested(const std::string& name, const Node* props, const std::string& base);
  void collect_parameters();
  void scan_find_in_map_uses();
  void collect_mappings();
  void add_region_map(const MapEntry& m, bool used_with_region, bool regions_top);
  void add_mapping_literals(const MapEntry& m);
  void add_parameter_literals();
  void adapt_resource(const MapEntry& e);
  void add_use(const std::string& name, const std::string& type, const std::string& path, const Node* value,
               unsigned accepts);
  // Visits every node at a dotted path (`[]` iterates a list), following both
  // branches of Fn::If.
  void visit_path(const Node* n, const std::string& spec, size_t pos, const std::string& path,
                  const std::function<void(const Node*, const std::string&)>& fn);

  // cfn_resources.cpp
  void adapt_distribution(const std::string& name, const Node* props, const std::string& base);
  void adapt_dlm(const std::string& name, const Node* props, const std::string& base);
  void adapt_default_dlm(const std::string& name, const Node* props, const std::string& base, LifecyclePolicy& lp);
  CopyRule copy_rule(const Node* rule, const std::string& path, bool with_encryption);
  void adapt_org_policy(const std::string& name, const Node* props, const std::string& base);
  void adapt_recipe(const std::string& name, const Node* props, const std::string& base);
  void adapt_image_builder_link(const std::string& name, const Node* props);
  void adapt_stackset(const Node* props, const std::string& base);
};

}  // namespace amilint
