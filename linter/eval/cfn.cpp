#include "linter/eval/cfn.h"

#include <algorithm>
#include <cstdlib>

namespace amilint {

namespace {

bool starts_with(const std::string& s, std::string_view p) {
  return s.size() >= p.size() && s.compare(0, p.size(), p) == 0;
}

bool is_ssm_type(const Str& type) { return type.known() && starts_with(type.value, "AWS::SSM::Parameter::Value<"); }

// A non-negative decimal index, as Fn::Select takes it.
bool parse_index(const Node* idx, size_t& out) {
  if (!idx || !idx->is_scalar() || idx->text.empty()) return false;
  char* end = nullptr;
  const std::string text = idx->text;
  long i = std::strtol(text.c_str(), &end, 10);
  if (!end || *end != '\0' || i < 0) return false;
  out = static_cast<size_t>(i);
  return true;
}

// The partition of a region's ARNs.
const char* partition_of(const std::string& region) {
  if (region.rfind("cn-", 0) == 0) return "aws-cn";
  if (region.rfind("us-gov-", 0) == 0) return "aws-us-gov";
  return "aws";
}

// An Fn::Sub ARN template with ${AWS::Region} bound to `region` (when given) and
// ${AWS::Partition} to that region's partition: the ARN, or "" when its region field
// is not known. Other variables (${AWS::AccountId}) stay as written.
std::string resolve_arn(const std::string& tmpl, const std::string* region) {
  std::string v = tmpl;
  const std::string var = "${AWS::Region}";
  for (size_t p; region && (p = v.find(var)) != std::string::npos;) v.replace(p, var.size(), *region);
  std::string flat = v;  // variables without their "::", so that ARN fields split right
  for (size_t p = 0; (p = flat.find("${", p)) != std::string::npos; p += 2)
    for (size_t q = p + 2; q < flat.size() && flat[q] != '}'; ++q)
      if (flat[q] == ':') flat[q] = '.';
  std::string r = arn_region(flat);
  if (r.empty() || r.find("${") != std::string::npos) return {};
  const std::string part = "${AWS::Partition}";
  for (size_t p; (p = v.find(part)) != std::string::npos;) v.replace(p, part.size(), partition_of(r));
  return arn_region(v) == r ? v : std::string();
}

}  // namespace

Str cfn_str(const Node* n, std::string path) {
  if (!n) return Str::make_absent({}, std::move(path));
  if (n->is_scalar() && !n->is_null()) return Str::make_known(n->text, n->range, std::move(path));
  return Str::make_unknown(n->range, std::move(path), n->is_null() ? "null" : "not a single value");
}

bool is_region_ref(const Node* n) {
  if (!n || !n->is_map()) return false;
  std::string_view f = n->intrinsic();
  const Node* v = f.empty() ? nullptr : n->entries[0].value;
  if (!v || !v->is_scalar()) return false;
  if (f == "Ref") return v->text == "AWS::Region";
  if (f == "Fn::Sub") return v->text == "${AWS::Region}";
  return false;
}

bool is_list_type(const Str& type) {
  return type.known() && (starts_with(type.value, "List<") || type.value == "CommaDelimitedList");
}

std::vector<Str> split_list(const Str& s) {
  std::vector<Str> out;
  const std::string& t = s.value;
  size_t raw = s.range.end - s.range.begin;
  bool exact = raw == t.size() || raw == t.size() + 2;
  uint32_t base = s.range.begin + (raw == t.size() + 2 ? 1 : 0);
  for (size_t b = 0; b <= t.size();) {
    size_t e = t.find(',', b);
    if (e == std::string::npos) e = t.size();
    size_t x = b, y = e;
    while (x < y && std::isspace(static_cast<unsigned char>(t[x]))) ++x;
    while (y > x && std::isspace(static_cast<unsigned char>(t[y - 1]))) --y;
    Range r = exact ? Range{base + static_cast<uint32_t>(x), base + static_cast<uint32_t>(y), s.range.file} : s.range;
    out.push_back(Str::make_known(t.substr(x, y - x), r, s.path));
    b = e + 1;
  }
  return out;
}

Parameter* CfnEvaluator::parameter(const std::string& name) {
  for (size_t i = params_begin_; i < std::min(params_end_, parameters_.size()); ++i)
    if (parameters_[i].name == name) return &parameters_[i];
  return nullptr;
}

int CfnEvaluator::region_map_index(const std::string& name) const {
  for (size_t i = maps_begin_; i < std::min(maps_end_, maps_.size()); ++i)
    if (maps_[i].name == name) return static_cast<int>(i);
  return -1;
}

void CfnEvaluator::scope(size_t params_begin, size_t params_end, size_t maps_begin, size_t maps_end) {
  params_begin_ = params_begin;
  params_end_ = params_end;
  maps_begin_ = maps_begin;
  maps_end_ = maps_end;
}

void CfnEvaluator::pass_from(CfnEvaluator* parent, std::map<std::string, Passed> passed) {
  parent_ = parent;
  passed_ = std::move(passed);
}

bool CfnEvaluator::passed_value(const std::string& name, const Range& at, std::vector<AmiSource>& out) {
  auto it = parent_ ? passed_.find(name) : passed_.end();
  if (it == passed_.end()) return false;
  Parameter* p = parameter(name);
  if (!p) return false;  // passed to no parameter: CloudFormation rejects the stack
  p->feeds_ami_slot = true;
  const Node* v = it->second.value;
  if (is_ssm_type(p->type)) {  // the parent passes the name of an SSM parameter
    AmiSource s;
    s.range = v ? v->range : at;
    s.path = it->second.path;
    s.param = p->name;
    s.passed = true;
    if (v && v->is_scalar() && !v->is_null()) {
      s.kind = SourceKind::Ssm;
      s.value = cfn_str(v, it->second.path);
      s.ssm_public = starts_with(v->text, "/aws/service/");
    } else {
      s.kind = SourceKind::Unresolved;
      s.reason = "the SSM parameter the parent stack passes is computed";
    }
    out.push_back(std::move(s));
    return true;
  }
  for (auto& s : parent_->resolve(v, accepts_, it->second.path)) {
    s.passed = true;
    out.push_back(std::move(s));
  }
  return true;
}

std::vector<AmiSource> CfnEvaluator::resolve(const Node* value, unsigned accepts, const std::string& path) {
  accepts_ = accepts;  // plain `resolve:ssm:` is a literal where the slot does not take it
  path_ = path;
  return resolve_node(value, 0);
}

AmiSource CfnEvaluator::scalar(const Node* n) const {
  AmiSource s;
  s.range = n->range;
  s.path = path_;
  s.value = cfn_str(n, path_);
  const std::string& t = n->text;
  if (starts_with(t, "{{resolve:ssm:")) {
    s.kind = SourceKind::Ssm;
    std::string p = t.substr(14);
    if (p.size() >= 2 && p.compare(p.size() - 2, 2, "}}") == 0) p.resize(p.size() - 2);
    s.value.value = p;
    s.ssm_public = starts_with(p, "/aws/service/");
  } else if (starts_with(t, "{{resolve:")) {
    s.kind = SourceKind::Unresolved;
    s.reason = "a dynamic reference resolved at deploy time";
  } else if (starts_with(t, "resolve:ssm:") && (accepts_ & kAcceptsResolveSsm)) {
    s.kind = SourceKind::Ssm;
    s.value.value = t.substr(12);
    s.ssm_public = starts_with(s.value.value, "/aws/service/");
  } else {
    s.kind = SourceKind::Literal;
  }
  return s;
}

// A parameter as the source: its default (SSM-typed parameters: the SSM parameter).
AmiSource CfnEvaluator::from_parameter(Parameter& p, AmiSource s) const {
  s.param = p.name;
  s.value = p.default_value;
  s.given = p.given;
  if (is_ssm_type(p.type)) {
    s.kind = SourceKind::Ssm;
    s.ssm_public = p.default_value.known() && starts_with(p.default_value.value, "/aws/service/");
    s.from_default = true;
  } else {
    s.kind = SourceKind::Parameter;
    s.from_default = p.default_value.known();
    if (!p.default_value.known())
      s.reason = p.given ? "parameter '" + p.name + "': " + p.default_value.reason
                         : "parameter '" + p.name + "' has no default";
  }
  return s;
}

AmiSource CfnEvaluator::ref(const std::string& name, AmiSource s) {
  if (Parameter* p = parameter(name)) {
    p->feeds_ami_slot = true;
    return from_parameter(*p, std::move(s));
  }
  s.kind = SourceKind::Unresolved;
  const Node* res = root_.get("Resources");
  s.reason = starts_with(name, "AWS::")  ? "pseudo parameter '" + name + "'"
             : res && res->get(name) ? "Ref of resource '" + name + "', known only at deploy time"
                                     : "'" + name + "' is not a parameter of this template";
  return s;
}

void CfnEvaluator::find_in_map(const Node* n, const Node* args, std::vector<AmiSource>& out) {
  const std::string& mapname = args->items[0]->text;
  AmiSource s;
  s.range = n->range;
  s.path = path_;
  int pos = is_region_ref(args->items[1]) ? 1 : is_region_ref(args->items[2]) ? 2 : 0;
  if (pos) {
    s.kind = SourceKind::RegionMap;
    // Fn::FindInMap [Map, K1, K2, {DefaultValue: v}] (AWS::LanguageExtensions) never fails.
    s.map_has_default = args->items.size() >= 4;
    s.region_map = region_map_index(mapname);
    s.map_keys_known = key_candidates(args->items[pos == 1 ? 2 : 1], s.map_keys);
    if (s.region_map < 0) {
      s.kind = SourceKind::Unresolved;
      s.reason = "mapping '" + mapname + "' is not defined in this template";
    }
    int map = s.region_map;
    std::vector<std::string> keys = s.map_keys_known ? s.map_keys : std::vector<std::string>{};
    out.push_back(std::move(s));
    // The DefaultValue is what the regions without an entry get.
    const Node* opts = args->items.size() >= 4 ? args->items[3] : nullptr;
    const Node* dv = opts && opts->is_map() ? opts->get("DefaultValue") : nullptr;
    if (dv && map >= 0)
      for (auto& d : resolve_node(dv, 1)) {
        d.default_for_map = map;
        d.default_keys = keys;
        out.push_back(std::move(d));
      }
    return;
  }
  // A lookup with fixed keys resolves to the cells themselves.
  std::vector<std::string> k1, k2;
  const Node* maps = root_.get("Mappings");
  const Node* m = maps ? maps->get(mapname) : nullptr;
  if (m && key_candidates(args->items[1], k1) && key_candidates(args->items[2], k2)) {
    int rm = region_map_index(mapname);
    for (const auto& a : k1) {
      const Node* row = m->get(a);
      for (const auto& b : k2) {
        const Node* cell = row ? row->get(b) : nullptr;
        if (!cell || !cell->is_scalar() || cell->is_null()) continue;
        AmiSource c;
        c.kind = SourceKind::Literal;
        c.value = cfn_str(cell, path_);
        c.range = n->range;
        c.path = path_;
        c.from_mapping = true;
        if (rm >= 0) {
          c.mapping_region_map = rm;
          c.mapping_region = maps_[static_cast<size_t>(rm)].regions_top ? a : b;
        }
        out.push_back(std::move(c));
      }
    }
    if (!out.empty()) return;
  }
  s.kind = SourceKind::Unresolved;
  s.reason = "Fn::FindInMap keys are not known";
  out.push_back(std::move(s));
}

// Fn::Select [i, list]: the element when the list is written out; an element of a list
// parameter (of its default, when it has one).
AmiSource CfnEvaluator::select(const Node* args, AmiSource s, std::vector<AmiSource>& out, int depth, bool& done) {
  const Node* list = args->items[1];
  const Node* idx = args->items[0];
  size_t i = 0;
  if (list && list->is_seq() && idx && idx->is_scalar() && parse_index(idx, i) && i < list->items.size()) {
    for (auto& x : resolve_node(list->items[i], depth + 1)) out.push_back(std::move(x));
    done = true;
    return s;
  }
  Parameter* p = list && list->intrinsic() == "Ref" && list->entries[0].value->is_scalar()
                     ? parameter(list->entries[0].value->text)
                     : nullptr;
  if (!p || (parent_ && passed_.count(p->name))) {
    s.kind = SourceKind::Unresolved;
    s.reason = p ? "an element of list parameter '" + p->name + "', which the parent stack passes"
                 : "Fn::Select over a computed list";
    return s;
  }
  p->feeds_ami_slot = true;
  s.kind = SourceKind::Parameter;
  s.param = p->name;
  s.reason = "an element of list parameter '" + p->name + "'";
  if (is_ssm_type(p->type)) {
    // An element of an SSM list parameter: the source is that SSM parameter.
    s = from_parameter(*p, std::move(s));
    s.reason.clear();
  } else if (!p->default_value.known()) {
    s.reason = "parameter '" + p->name + "' has no default";
  } else if (idx && idx->is_scalar() && is_list_type(p->type) && parse_index(idx, i)) {
    auto elems = split_list(p->default_value);
    if (i < elems.size()) {  // Select [i, !Ref List] with a default: element i of it
      s.value = elems[i];
      s.from_default = true;
      s.given = p->given;
      s.reason.clear();
    }
  }
  return s;
}

AmiSource CfnEvaluator::sub(const Node* arg, AmiSource s) {
  const Node* tmpl = arg->is_seq() && !arg->items.empty() ? arg->items[0] : arg;
  if (tmpl && tmpl->is_scalar()) {
    const std::string& t = tmpl->text;
    if (t.size() > 3 && starts_with(t, "${") && t.back() == '}' && t.find("${", 2) == std::string::npos &&
        !arg->is_seq()) {
      if (Parameter* p = parameter(t.substr(2, t.size() - 3))) {  // "${Param}": the parameter itself
        p->feeds_ami_slot = true;
        s.param = p->name;
        s.kind = SourceKind::Parameter;
        s.value = p->default_value;
        s.from_default = p->default_value.known();
        s.given = p->given;
        if (!p->default_value.known()) s.reason = "parameter '" + p->name + "' has no default";
        return s;
      }
    }
    if (starts_with(t, "{{resolve:ssm:")) {
      s.kind = SourceKind::Ssm;
      s.value = cfn_str(tmpl, path_);
      s.ssm_public = starts_with(t, "{{resolve:ssm:/aws/service/");
      return s;
    }
    // An Image Builder image ARN built per partition/region (AWS-managed images).
    if ((accepts_ & kAcceptsImageBuilder) && starts_with(t, "arn:") && t.find(":imagebuilder:") != std::string::npos) {
      s.kind = SourceKind::Managed;
      s.value = cfn_str(tmpl, path_);
      return s;
    }
  }
  s.kind = SourceKind::Unresolved;
  s.reason = "a string built with Fn::Sub";
  return s;
}

std::vector<AmiSource> CfnEvaluator::resolve_node(const Node* n, int depth) {
  std::vector<AmiSource> out;
  if (!n || depth > 16) return out;
  if (n->is_scalar()) {
    if (!n->is_null()) out.push_back(scalar(n));
    return out;
  }
  std::string_view f = n->intrinsic();
  const Node* arg = f.empty() ? nullptr : n->entries[0].value;
  AmiSource s;
  s.range = n->range;
  s.path = path_;
  if (f == "Ref" && arg && arg->is_scalar()) {
    if (arg->text == "AWS::NoValue" || passed_value(arg->text, n->range, out)) return out;
    out.push_back(ref(arg->text, std::move(s)));
    return out;
  }
  if (f == "Fn::If" && arg && arg->is_seq() && arg->items.size() == 3) {
    for (int i = 1; i <= 2; ++i)
      for (auto& b : resolve_node(arg->items[i], depth + 1)) out.push_back(std::move(b));
    return out;
  }
  if (f == "Fn::FindInMap" && arg && arg->is_seq() && arg->items.size() >= 3 && arg->items[0] &&
      arg->items[0]->is_scalar()) {
    find_in_map(n, arg, out);
    return out;
  }
  if (f == "Fn::Select" && arg && arg->is_seq() && arg->items.size() == 2) {
    bool done = false;
    AmiSource sel = select(arg, std::move(s), out, depth, done);
    if (!done) out.push_back(std::move(sel));
    return out;
  }
  if (f == "Fn::Sub" && arg) {
    if (arg->is_scalar() && arg->text.size() > 3 && starts_with(arg->text, "${") && arg->text.back() == '}' &&
        arg->text.find("${", 2) == std::string::npos &&
        passed_value(std::string(arg->text.substr(2, arg->text.size() - 3)), n->range, out))
      return out;
    out.push_back(sub(arg, std::move(s)));
    return out;
  }
  s.kind = SourceKind::Unresolved;
  if (f == "Fn::GetAtt") s.reason = "an attribute of another resource, known only at deploy time";
  else if (f == "Fn::ImportValue") s.reason = "an export of another stack";
  else if (!f.empty()) s.reason = std::string(f) + " is evaluated at deploy time";
  else s.reason = "not a single value";
  out.push_back(std::move(s));
  return out;
}

// Possible values of a FindInMap key argument; false when they cannot be known.
bool CfnEvaluator::key_candidates(const Node* k, std::vector<std::string>& out, int depth) {
  if (!k || depth > 8) return false;
  if (k->is_scalar()) {
    if (k->is_null()) return false;
    out.push_back(k->text);
    return true;
  }
  std::string_view f = k->intrinsic();
  const Node* arg = f.empty() ? nullptr : k->entries[0].value;
  if (f == "Ref" && arg && arg->is_scalar()) {
    if (auto it = parent_ ? passed_.find(arg->text) : passed_.end(); it != passed_.end() && parameter(arg->text))
      return parent_->key_candidates(it->second.value, out, depth + 1);
    const Parameter* p = parameter(arg->text);
    if (!p) return false;
    if (!p->allowed_values.empty()) {
      out.insert(out.end(), p->allowed_values.begin(), p->allowed_values.end());
      return true;
    }
    if (!p->default_value.known()) return false;
    out.push_back(p->default_value.value);
    return true;
  }
  if (f != "Fn::FindInMap" || !arg || !arg->is_seq() || arg->items.size() < 3) return false;
  const Node* mapname = arg->items[0];
  const Node* maps = root_.get("Mappings");
  if (!mapname || !mapname->is_scalar() || !maps) return false;
  const Node* m = maps->get(mapname->text);
  if (!m || !m->is_map()) return false;
  std::vector<std::string> k1, k2;
  bool k1_known = key_candidates(arg->items[1], k1, depth + 1);
  if (!key_candidates(arg->items[2], k2, depth + 1)) return false;
  for (const auto& row : m->entries) {
    if (k1_known && std::find(k1.begin(), k1.end(), row.key) == k1.end()) continue;
    if (!row.value || !row.value->is_map()) continue;
    for (const auto& key : k2)
      if (const Node* v = row.value->get(key); v && v->is_scalar() && !v->is_null())
        if (std::find(out.begin(), out.end(), v->text) == out.end()) out.push_back(v->text);
  }
  return !out.empty();
}

Str CfnEvaluator::region(const Node* n, std::string path, DeployRegionExpr& expr) const {
  Str s = cfn_str(n, std::move(path));
  if (!s.known() && is_region_ref(n)) {
    expr.is_region = true;
    s.reason = "AWS::Region";
  }
  return s;
}

Str CfnEvaluator::arn(const Node* n, std::string path, DeployRegionExpr& expr) const {
  Str s = cfn_str(n, std::move(path));
  if (s.known() || !n || n->intrinsic() != "Fn::Sub") return s;
  const Node* t = n->entries[0].value;
  if (t && t->is_scalar() && t->text.compare(0, 4, "arn:") == 0) expr.arn_template = t->text;
  return s;
}

namespace {

// One DeployRegionExpr bound to the deploy regions.
void bind_deploy_region(Str& s, const DeployRegionExpr& expr, const std::vector<std::string>& regions) {
  const std::string* one = regions.size() == 1 ? &regions[0] : nullptr;
  std::string v;
  if (expr.is_region && one) v = *one;
  else if (!expr.arn_template.empty()) v = resolve_arn(expr.arn_template, one);
  if (v.empty()) {
    s.state = State::Unknown;
    s.value.clear();
    return;
  }
  s.state = State::Known;
  s.value = v;
}

}  // namespace

void bind_deploy_regions(Model& m) {
  const auto& regions = m.deploy_regions;
  auto& mentions = m.region_mentions;
  mentions.erase(std::remove_if(mentions.begin(), mentions.end(), [](const RegionMention& r) { return r.bound; }),
                 mentions.end());
  auto mention = [&](const Str& s, const DeployRegionExpr& e, const char* what) {
    if (e.is_region && s.known()) mentions.push_back({s, what, true});
  };
  for (auto& use : m.uses)
    if (use.regions_from_deploy) {
      use.regions = regions;
      use.region_known = !regions.empty();
    }
  for (auto& dc : m.distributions) {
    if (dc.home_from_deploy) dc.home_regions = regions;
    for (auto& d : dc.distributions) {
      if (d.region_expr.any()) bind_deploy_region(d.region, d.region_expr, regions);
      if (d.kms_key_expr.any()) bind_deploy_region(d.kms_key, d.kms_key_expr, regions);
      mention(d.region, d.region_expr, "Image Builder distribution region");
    }
  }
  for (auto& lp : m.lifecycle_policies) {
    if (lp.home_from_deploy) lp.home_regions = regions;
    for (auto& r : lp.copy_rules) {
      if (r.target_region_expr.any()) bind_deploy_region(r.target_region, r.target_region_expr, regions);
      if (r.cmk_arn_expr.any()) bind_deploy_region(r.cmk_arn, r.cmk_arn_expr, regions);
      mention(r.target_region, r.target_region_expr, "DLM TargetRegion");
    }
  }
}

}  // namespace amilint
