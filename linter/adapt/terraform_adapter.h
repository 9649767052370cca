// The Terraform adapter's inside, shared by its files: terraform.cpp (AMI slots,
// lookups, copies) and terraform_resources.cpp (launch permissions, images from
// instances, Image Builder distributions, DLM policies, account settings and
// organization policies).
#pragma once
#include <functional>
#include <string>
#include <string_view>
#include <map>
#include <unordered_map>

#include "linter/eval/tf_view.h"
#include "linter/model/model.h"

namespace amilint {

// A value as a Str: known for strings, numbers and bools; absent when missing or null
// (Terraform's "not set"); otherwise unknown, with the evaluator's reason.
Str tf_str(const EvalValue* v, std::string path);
Bool tf_bool(const EvalValue* v, std::string path);
// The known strings of a string or a list of strings.
std::vector<Str> tf_strs(const EvalValue* v, const std::string& path);

// Visits every value at a dotted path. Lists on the way (repeated nested blocks) are
// iterated; at the end, a list of objects (nested blocks) is visited block by block.
void visit_tf(const EvalValue& v, const std::string& spec, const std::string& path,
              const std::function<void(const EvalValue&, const std::string&)>& fn, size_t pos = 0);

class TfAdapter {
 public:
  explicit TfAdapter(const TfView& view);
  Model run();

 private:
  const TfView& view_;
  std::unordered_map<std::string_view, const TfBlock*> by_address_;  // the first block of each address
  Model model_;
  std::map<Range, int> region_maps_;  // region maps by where the map is written

  // terraform.cpp
  const TfBlock* block(const std::string& address) const;
  void add_lookup(const TfBlock& b);
  void add_copy(const TfBlock& b);
  void add_uses(const TfBlock& b);
  AmiSource resolve(const EvalValue& v, unsigned accepts, const std::string& path);
  AmiSource resolve_reference(const EvalValue& v, AmiSource s);
  void add_use(const TfBlock& b, const std::string& path, const EvalValue& v, unsigned accepts);
  void add_sources(AmiUse& use, const EvalValue& v, int depth = 0);
  bool add_map_read(AmiUse& use, const EvalValue& v);
  int region_map(const MapRead& mr);
 public:
  // A KMS key given by reference, with its block's effective region.
  KeyRef key_ref(const EvalValue* v) const;
 private:

  // terraform_resources.cpp
  void add_resource(const TfBlock& b);
  void add_launch_permission(const TfBlock& b);
  void add_image_volume(const TfBlock& b, const EvalValue& device, const EvalValue* ebs, const std::string& path,
                        const std::string& ebs_path);
  void add_ebs_default(const TfBlock& b);
  void add_image_builder_link(const TfBlock& b);
  void add_distribution(const TfBlock& b);
  void add_dlm(const TfBlock& b);
  void add_copy_rule(LifecyclePolicy& lp, const EvalValue& r, const std::string& rp);
  void add_setting(const TfBlock& b, SettingKind kind, const EvalValue* state, const std::string& path, bool policy);
  void add_org_policy(const TfBlock& b);
};

}  // namespace amilint
