// The HCL evaluator: expressions of parsed HCL files (native syntax, or JSON syntax
// lowered into the same AST) evaluated in a Scope of variables and locals. Literals,
// templates whose parts are known, tuples, objects, `var.x` (a given value, else the
// default) and `local.x`; index and attribute access into known maps, lists and
// objects; conditionals (the branch taken when the condition is known, else both, as a
// Choice); comparisons and boolean operators; `for` expressions; the pure functions
// people use around AMIs and regions (hcl_functions.cpp). Other references go to the
// format's layer (Terraform: modules, data sources, resources, `each`, `count`;
// eval/terraform.h), which also says what the nested blocks of a body are. Anything
// else is an Unknown value with the reason.
#pragma once
#include <map>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "linter/eval/value.h"
#include "linter/load/hcl/hcl.h"

namespace amilint {

class HclEvaluator;

// An expression written in a file, evaluated where it is used.
struct Def {
  uint32_t file = 0;
  hcl::Id expr = hcl::kNone;
  bool has() const { return expr != hcl::kNone; }
};

class Scope {
 public:
  virtual ~Scope() = default;
  std::map<std::string, EvalValue> inputs;       // var.NAME given a value (variable files, module arguments)
  std::map<std::string, Def> variable_defaults;  // var.NAME declared, with its default
  std::map<std::string, Def> locals;
  std::set<std::string> evaluating;  // locals being evaluated (cycles)
  std::map<std::string, EvalValue> local_values;  // locals already evaluated (each once)

  // A reference whose root is neither `var`, `local` nor a name bound by the
  // evaluator (a `for` variable, `each`, `count`): its value, with `consumed` set to
  // the number of steps it used (the evaluator applies the rest as index and
  // attribute access).
  virtual EvalValue reference(HclEvaluator& ev, uint32_t file, const hcl::ReferenceView& ref, int depth,
                              size_t& consumed);
  // The scope variable defaults are evaluated in: constants only.
  virtual std::unique_ptr<Scope> constants() const { return std::make_unique<Scope>(); }
};

class HclEvaluator {
 public:
  // files[i] is the parsed file i of the unit (Range::file = i); null for files that
  // are not HCL.
  explicit HclEvaluator(std::vector<const hcl::HclFile*> files) : files_(std::move(files)) {}

  // A string template with parts known only at run time stays unknown, but keeps in
  // its `text` a glob of what is known (`golden-web-${local.ts}` -> `golden-web-*`):
  // Packer reads an image's ami_name this way. Off for Terraform.
  bool string_patterns = false;

  EvalValue eval(Scope& scope, uint32_t file, hcl::Id expr, int depth = 0);
  EvalValue eval(Scope& scope, const Def& def, int depth = 0) { return eval(scope, def.file, def.expr, depth); }
  // A block body: its attributes, and its nested blocks as lists of objects by type
  // (`dynamic` and `lifecycle` blocks are left out).
  EvalValue eval_body(Scope& scope, uint32_t file, hcl::Id body, int depth = 0);

  // Names visible to every expression until unbound, innermost last: `each`,
  // `count`, the variables of a `for` expression.
  void bind(std::string name, EvalValue value) { bound_.emplace_back(std::move(name), std::move(value)); }
  void unbind() { bound_.pop_back(); }

  // coll[key]: an object's field, a list's item, an instance of a referenced block
  // (`aws_instance.web[0]`). `name` is the collection as written; a read out of a map
  // records a MapRead (value.h) on the result. With a default (lookup()), a missing
  // key gives the default. Unknown (failed) when Terraform would reject the read.
  EvalValue index(const EvalValue& coll, const EvalValue& key, Range r, const std::string& name, bool constant_key,
                  const EvalValue* default_value = nullptr);

  const hcl::HclFile& file(uint32_t id) const { return *files_[id]; }
  static Range at(uint32_t file, Range r) {
    r.file = file;
    return r;
  }
  static EvalValue unknown(Range r, std::string reason);
  static EvalValue failure(Range r, std::string reason);
  static EvalValue string(std::string text, Range r);

 private:
  std::vector<const hcl::HclFile*> files_;
  std::vector<std::pair<std::string, EvalValue>> bound_;

  EvalValue literal(uint32_t file, hcl::Id id, const hcl::LiteralView& lit) const;
  EvalValue json_string(Scope& scope, uint32_t file, const hcl::Expr& e, int depth);
  EvalValue reference(Scope& scope, uint32_t file, const hcl::ReferenceView& ref, int depth);
  EvalValue steps(Scope& scope, uint32_t file, EvalValue v, const hcl::Step* steps, size_t n, Range begin, int depth);
  EvalValue tuple(Scope& scope, uint32_t file, const hcl::Expr& e, Range r, int depth);
  EvalValue object(Scope& scope, uint32_t file, const hcl::Expr& e, Range r, int depth);
  EvalValue templ(Scope& scope, uint32_t file, const hcl::Expr& e, Range r, int depth);
  EvalValue conditional(Scope& scope, uint32_t file, const hcl::Expr& e, Range r, int depth);
  EvalValue operation(Scope& scope, uint32_t file, const hcl::Expr& e, Range r, int depth);
  EvalValue for_expr(Scope& scope, uint32_t file, const hcl::Expr& e, Range r, int depth);
  EvalValue variable(Scope& scope, const std::string& name, Range r, int depth);
  EvalValue local(Scope& scope, const std::string& name, Range r, int depth);
  // hcl_functions.cpp
  EvalValue call(Scope& scope, uint32_t file, const hcl::Expr& e, Range r, int depth);
};

// Helpers shared by the evaluator's files.
namespace hcl_values {
bool truthy(const EvalValue& v, bool& out);  // a known bool (or "true"/"false")
bool number(const EvalValue& v, double& out);
std::string number_text(double d);
// Terraform's address form of an instance key: [0], ["us-east-1"].
std::string instance_key(const EvalValue& key);
}  // namespace hcl_values

}  // namespace amilint
