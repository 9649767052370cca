// CloudFormation intrinsics: what a template's values resolve to, given its
// Parameters, its Mappings and its deploy regions. `Ref`, `Fn::FindInMap` (with
// AWS::Region, or with fixed keys), `Fn::If` (both branches), `Fn::Select`, `Fn::Sub`,
// `{{resolve:ssm:...}}`; `AWS::Region` and `${AWS::Region}` in ARNs are kept as
// DeployRegionExprs and bound to the deploy regions by bind_deploy_regions, so that a
// Model can be judged again for other regions (StackSets) without its template.
#pragma once
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "linter/load/node.h"
#include "linter/model/model.h"

namespace amilint {

// A scalar as a Str: known when it is a non-null scalar; unknown (with its range) when
// it is null or not a scalar; absent when n is null.
Str cfn_str(const Node* n, std::string path);

// `{"Ref": "AWS::Region"}` or `{"Fn::Sub": "${AWS::Region}"}`.
bool is_region_ref(const Node* n);

// `List<...>` and `CommaDelimitedList` parameters: the default is "a,b,c".
bool is_list_type(const Str& type);
// The elements of a comma-separated default, trimmed, each with its own range when the
// scalar's text is its source verbatim, else the whole scalar's.
std::vector<Str> split_list(const Str& s);

class CfnEvaluator {
 public:
  // parameters and maps are the Model's, already collected; resolve() marks the
  // parameters that feed AMI slots.
  CfnEvaluator(const Node& root, std::vector<Parameter>& parameters, const std::vector<RegionMap>& maps)
      : root_(root), parameters_(parameters), maps_(maps) {}

  // The possible sources of an AMI slot's value (`accepts`: SlotAccept flags of the slot;
  // path: the slot's logical path).
  std::vector<AmiSource> resolve(const Node* value, unsigned accepts, const std::string& path);

  // A region setting: a literal, or AWS::Region (expr.is_region, bound later).
  Str region(const Node* n, std::string path, DeployRegionExpr& expr) const;
  // An ARN: a literal, or an Fn::Sub template (expr.arn_template, bound later).
  Str arn(const Node* n, std::string path, DeployRegionExpr& expr) const;

  Parameter* parameter(const std::string& name);

  // The template's own parameters and maps: parameters_[params_begin, params_end) and
  // maps_[maps_begin, maps_end), when several templates (a stack and its nested
  // stacks) share one Model. Set once they are collected.
  void scope(size_t params_begin, size_t params_end, size_t maps_begin, size_t maps_end);

  // A nested stack: the parent's evaluator and the values it passes to this template's
  // parameters (AWS::CloudFormation::Stack Properties.Parameters), each with its path
  // in the parent. A passed parameter resolves to what the value resolves to in the
  // parent, at the parent's value (AmiSource::passed).
  struct Passed {
    const Node* value = nullptr;
    std::string path;
  };
  void pass_from(CfnEvaluator* parent, std::map<std::string, Passed> passed);

 private:
  const Node& root_;
  std::vector<Parameter>& parameters_;
  const std::vector<RegionMap>& maps_;
  size_t params_begin_ = 0, params_end_ = SIZE_MAX, maps_begin_ = 0, maps_end_ = SIZE_MAX;
  CfnEvaluator* parent_ = nullptr;
  std::map<std::string, Passed> passed_;
  unsigned accepts_ = 0;
  std::string path_;

  // A parameter the parent stack passes a value for: its sources, or false.
  bool passed_value(const std::string& name, const Range& at, std::vector<AmiSource>& out);

  std::vector<AmiSource> resolve_node(const Node* n, int depth);
  AmiSource scalar(const Node* n) const;
  AmiSource ref(const std::string& name, AmiSource s);
  void find_in_map(const Node* n, const Node* args, std::vector<AmiSource>& out);
  AmiSource select(const Node* args, AmiSource s, std::vector<AmiSource>& out, int depth, bool& done);
  AmiSource sub(const Node* arg, AmiSource s);
  bool key_candidates(const Node* k, std::vector<std::string>& out, int depth = 0);
  int region_map_index(const std::string& name) const;
  AmiSource from_parameter(Parameter& p, AmiSource s) const;
};

// Binds the Model's DeployRegionExprs and regions_from_deploy uses to
// model.deploy_regions: AWS::Region is known when there is exactly one deploy region
// (it then counts as a region mention), an ARN template when its region field resolves.
void bind_deploy_regions(Model& model);

}  // namespace amilint
