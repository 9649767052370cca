// The HCL evaluator: expressions of parsed HCL files (native syntax, or JSON syntax
// lowered into the same AST) evaluated in a Scope of variables and locals. Literals,
// templates whose parts are known, tuples, objects, `var.x` (a given value, else the
// default) and `local.x`; other references go to the format's layer (Terraform:
// modules, data sources, resources; eval/terraform.h), which also says what the
// nested blocks of a body are. Anything else is an Unknown value with the reason.
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

  // A reference whose root is neither `var` nor `local`.
  virtual EvalValue reference(HclEvaluator& ev, uint32_t file, const hcl::ReferenceView& ref, int depth);
  // The scope variable defaults are evaluated in: constants only.
  virtual std::unique_ptr<Scope> constants() const { return std::make_unique<Scope>(); }
};

class HclEvaluator {
 public:
  // files[i] is the parsed file i of the unit (Range::file = i); null for files that
  // are not HCL.
  explicit HclEvaluator(std::vector<const hcl::HclFile*> files) : files_(std::move(files)) {}

  EvalValue eval(Scope& scope, uint32_t file, hcl::Id expr, int depth = 0);
  EvalValue eval(Scope& scope, const Def& def, int depth = 0) { return eval(scope, def.file, def.expr, depth); }
  // A block body: its attributes, and its nested blocks as lists of objects by type
  // (`dynamic` and `lifecycle` blocks are left out).
  EvalValue eval_body(Scope& scope, uint32_t file, hcl::Id body, int depth = 0);

  const hcl::HclFile& file(uint32_t id) const { return *files_[id]; }
  static Range at(uint32_t file, Range r) {
    r.file = file;
    return r;
  }
  static EvalValue unknown(Range r, std::string reason);

 private:
  std::vector<const hcl::HclFile*> files_;

  EvalValue literal(uint32_t file, hcl::Id id, const hcl::LiteralView& lit) const;
  EvalValue json_string(Scope& scope, uint32_t file, const hcl::Expr& e, int depth);
  EvalValue tuple(Scope& scope, uint32_t file, const hcl::Expr& e, Range r, int depth);
  EvalValue object(Scope& scope, uint32_t file, const hcl::Expr& e, Range r, int depth);
  EvalValue templ(Scope& scope, uint32_t file, const hcl::Expr& e, Range r, int depth);
  EvalValue variable(Scope& scope, const std::string& name, Range r, int depth);
  EvalValue local(Scope& scope, const std::string& name, Range r, int depth);
};

}  // namespace amilint
