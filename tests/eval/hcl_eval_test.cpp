// The HCL evaluator (eval/hcl_eval.h) on native and JSON syntax, and the Terraform
// layer over it (eval/terraform.h) on module units built in memory.
#include <catch2/catch.hpp>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "linter/eval/hcl_eval.h"
#include "linter/eval/terraform.h"
#include "linter/load/hcl/json_syntax.h"
#include "linter/load/load.h"
#include "linter/load/loaders.h"

using namespace amilint;
using Kind = EvalValue::Kind;

namespace {

hcl::HclFile native(const std::string& text) {
  hcl::HclFile f = hcl::parse_hcl(text, "main.tf");
  REQUIRE(f.ok());
  return f;
}

hcl::HclFile json(const std::string& text) {
  Document d = load_json(text, "main.tf.json");
  REQUIRE(d.errors.empty());
  hcl::HclFile f = hcl::lower_json(d, text, "main.tf.json", hcl::JsonSchema::TerraformConfig);
  REQUIRE(f.ok());
  return f;
}

// The range of the n-th occurrence of `needle` in text.
Range at(const std::string& text, const std::string& needle, int n = 0, uint32_t file = 0) {
  size_t p = text.find(needle);
  while (n-- > 0 && p != std::string::npos) p = text.find(needle, p + 1);
  REQUIRE(p != std::string::npos);
  return Range{static_cast<uint32_t>(p), static_cast<uint32_t>(p + needle.size()), file};
}

// The first n bytes of a range.
Range prefix(Range r, uint32_t n) {
  r.end = r.begin + n;
  return r;
}

// Every attribute of the file's `locals` blocks, as the Terraform layer declares them.
void declare_locals(const hcl::HclFile& f, uint32_t fid, Scope& scope) {
  const hcl::Body& body = f.bodies[f.root];
  for (uint32_t i = 0; i < body.item_count; ++i) {
    const hcl::BodyItem& it = f.items(body)[i];
    if (!it.is_block) continue;
    const hcl::Block& b = f.blocks[it.index];
    if (hcl::name_text(f, b.type) != "locals") continue;
    const hcl::Body& lb = f.bodies[b.body];
    for (uint32_t k = 0; k < lb.item_count; ++k) {
      const hcl::BodyItem& li = f.items(lb)[k];
      if (li.is_block) continue;
      const hcl::Attribute& a = f.attributes[li.index];
      scope.locals[hcl::name_text(f, a.name)] = Def{fid, a.value};
    }
  }
}

// Every `variable` block of the file with its default (its first attribute), as the
// Terraform layer declares them.
void declare_variables(const hcl::HclFile& f, uint32_t fid, Scope& scope) {
  const hcl::Body& body = f.bodies[f.root];
  for (uint32_t i = 0; i < body.item_count; ++i) {
    const hcl::BodyItem& it = f.items(body)[i];
    if (!it.is_block) continue;
    const hcl::Block& b = f.blocks[it.index];
    if (hcl::name_text(f, b.type) != "variable") continue;
    const hcl::Body& vb = f.bodies[b.body];
    Def d{fid, hcl::kNone};
    if (vb.item_count && !f.items(vb)[0].is_block) d.expr = f.attributes[f.items(vb)[0].index].value;
    scope.variable_defaults[std::string(f.str(f.labels_of(b)[0].value))] = d;
  }
}

EvalValue eval_local(HclEvaluator& ev, Scope& scope, const std::string& name) {
  auto it = scope.locals.find(name);
  REQUIRE(it != scope.locals.end());
  return ev.eval(scope, it->second);
}

std::string source_of(const hcl::HclFile& f, Range r) { return std::string(f.source(r)); }

// Kind, text, reason, items and fields, recursively (not ranges).
void same_value(const EvalValue& a, const EvalValue& b) {
  CHECK(a.kind == b.kind);
  CHECK(a.text == b.text);
  CHECK(a.reason == b.reason);
  CHECK(a.ref == b.ref);
  CHECK(a.attr == b.attr);
  REQUIRE(a.items.size() == b.items.size());
  for (size_t i = 0; i < a.items.size(); ++i) same_value(a.items[i], b.items[i]);
  REQUIRE(a.fields.size() == b.fields.size());
  for (size_t i = 0; i < a.fields.size(); ++i) {
    CHECK(a.fields[i].first == b.fields[i].first);
    same_value(a.fields[i].second, b.fields[i].second);
  }
}

EvalValue string_value(const std::string& s, Range r) {
  EvalValue v;
  v.kind = Kind::String;
  v.text = s;
  v.range = r;
  return v;
}

}  // namespace

// ---- the HCL evaluator ----

TEST_CASE("hcl eval: literals of each kind, with the range they are written at", "[eval][hcl]") {
  const std::string text = R"(locals {
  s = "ami-123"
  e = "a\tb\u0041"
  n = 42
  f = 1.5e3
  t = true
  no = false
  z = null
  h = <<EOT
hello
EOT
}
)";
  hcl::HclFile f = native(text);
  HclEvaluator ev({&f});
  Scope scope;
  declare_locals(f, 0, scope);

  EvalValue s = eval_local(ev, scope, "s");
  CHECK(s.kind == Kind::String);
  CHECK(s.text == "ami-123");
  CHECK(s.range == at(text, "\"ami-123\""));  // quotes included
  CHECK(s.known());

  EvalValue e = eval_local(ev, scope, "e");
  CHECK(e.kind == Kind::String);
  CHECK(e.text == "a\tbA");  // escapes decoded
  CHECK(e.range == at(text, R"("a\tb\u0041")"));

  EvalValue n = eval_local(ev, scope, "n");
  CHECK(n.kind == Kind::Number);
  CHECK(n.text == "42");
  CHECK(n.range == at(text, "42"));

  EvalValue fl = eval_local(ev, scope, "f");
  CHECK(fl.kind == Kind::Number);
  CHECK(fl.text == "1.5e3");  // as written
  CHECK(fl.range == at(text, "1.5e3"));

  EvalValue t = eval_local(ev, scope, "t");
  CHECK(t.kind == Kind::Bool);
  CHECK(t.text == "true");
  CHECK(t.range == at(text, "true"));
  EvalValue no = eval_local(ev, scope, "no");
  CHECK(no.kind == Kind::Bool);
  CHECK(no.text == "false");
  CHECK(no.range == at(text, "false"));

  EvalValue z = eval_local(ev, scope, "z");
  CHECK(z.kind == Kind::Null);
  CHECK(z.text == "null");
  CHECK(z.range == at(text, "null"));
  CHECK_FALSE(z.known());

  // A heredoc that is its value verbatim: the range is its body.
  EvalValue h = eval_local(ev, scope, "h");
  CHECK(h.kind == Kind::String);
  CHECK(h.text == "hello\n");
  CHECK(h.range == at(text, "hello\n"));
}

TEST_CASE("hcl eval: templates, tuples and objects", "[eval][hcl]") {
  const std::string text = R"(locals {
  s   = "ami-123"
  t   = "a-${local.s}-${1}-${true}"
  w   = "${local.s}"
  u   = "a-${var.nope}"
  fn  = "x${sha256("a")}"
  dir = "%{if true}a%{endif}"
  l   = ["a", 1, var.nope]
  o   = { k = "v", "q" = 2, (local.s) = 3, "${local.s}" = 4, n = { m = null } }
  e   = []
}
)";
  hcl::HclFile f = native(text);
  HclEvaluator ev({&f});
  Scope scope;
  declare_locals(f, 0, scope);

  EvalValue t = eval_local(ev, scope, "t");
  CHECK(t.kind == Kind::String);
  CHECK(t.text == "a-ami-123-1-true");
  CHECK(t.range == at(text, R"("a-${local.s}-${1}-${true}")"));

  // A template that is one interpolation is its value, where that is written.
  EvalValue w = eval_local(ev, scope, "w");
  CHECK(w.kind == Kind::String);
  CHECK(w.text == "ami-123");
  CHECK(w.range == at(text, "\"ami-123\""));

  EvalValue u = eval_local(ev, scope, "u");
  CHECK(u.kind == Kind::Unknown);
  CHECK(u.reason == "variable 'nope' has no value: no default and no tfvars");
  CHECK(u.range == at(text, R"("a-${var.nope}")"));
  CHECK(u.text.empty());

  EvalValue fn = eval_local(ev, scope, "fn");
  CHECK(fn.kind == Kind::Unknown);
  CHECK(fn.reason == "the result of sha256()");
  CHECK(fn.range == at(text, R"("x${sha256("a")}")"));

  EvalValue dir = eval_local(ev, scope, "dir");
  CHECK(dir.kind == Kind::Unknown);
  CHECK(dir.reason == "an expression evaluated by Terraform");
  CHECK(dir.range == at(text, R"("%{if true}a%{endif}")"));

  EvalValue l = eval_local(ev, scope, "l");
  CHECK(l.kind == Kind::List);
  CHECK(l.range == at(text, R"(["a", 1, var.nope])"));
  REQUIRE(l.items.size() == 3);
  CHECK(l.items[0].kind == Kind::String);
  CHECK(l.items[0].text == "a");
  CHECK(l.items[0].range == at(text, "\"a\"", 1));
  CHECK(l.items[1].kind == Kind::Number);
  CHECK(l.items[1].text == "1");
  CHECK(l.items[2].kind == Kind::Unknown);
  CHECK(l.items[2].reason == "variable 'nope' has no value: no default and no tfvars");
  CHECK(l.items[2].range == at(text, "var.nope", 1));

  // Keys that are names or strings, or computed from known values (a later one wins),
  // each with its range.
  EvalValue o = eval_local(ev, scope, "o");
  CHECK(o.kind == Kind::Object);
  CHECK(o.range.begin == at(text, "{ k = ").begin);
  CHECK(o.range.end == at(text, "null } }").end);
  REQUIRE(o.fields.size() == 4);
  REQUIRE(o.key_ranges.size() == 4);
  CHECK(o.fields[0].first == "k");
  CHECK(o.key_ranges[0] == prefix(at(text, "k = \"v\""), 1));
  CHECK(o.fields[0].second.text == "v");
  CHECK(o.fields[0].second.range == at(text, "\"v\""));
  CHECK(o.fields[1].first == "q");
  CHECK(o.key_ranges[1] == at(text, "\"q\""));
  CHECK(o.fields[1].second.kind == Kind::Number);
  CHECK(o.fields[1].second.text == "2");
  CHECK(o.fields[2].first == "ami-123");
  CHECK(o.fields[2].second.text == "4");
  CHECK(o.key_ranges[2] == prefix(at(text, "\"${local.s}\" = 4"), 12));
  CHECK(o.fields[3].first == "n");
  CHECK(o.fields[3].second.kind == Kind::Object);
  REQUIRE(o.field("n") != nullptr);
  REQUIRE(o.field("n")->field("m") != nullptr);
  CHECK(o.field("n")->field("m")->kind == Kind::Null);
  CHECK(o.field("absent") == nullptr);

  EvalValue e = eval_local(ev, scope, "e");
  CHECK(e.kind == Kind::List);
  CHECK(e.items.empty());
  CHECK(e.range == at(text, "[]"));
}

TEST_CASE("hcl eval: var.x from inputs, else its default (a constant), else unknown", "[eval][hcl]") {
  const std::string text = R"(variable "given" { default = "d0" }
variable "dflt" { default = "ami-0abc" }
variable "list" { default = ["a", "b"] }
variable "computed" { default = "${local.s}-x" }
variable "none" {}
locals {
  s = "local"
  a = var.given
  b = var.dflt
  c = var.list
  d = var.computed
  e = var.none
  f = var.undeclared
  g = "${var.dflt}/${var.given}"
}
)";
  hcl::HclFile f = native(text);
  HclEvaluator ev({&f});
  Scope scope;
  declare_locals(f, 0, scope);
  // Declared variables with their defaults (kNone: no default).
  auto default_of = [&](const std::string& name) {
    for (const auto& b : f.blocks)
      if (hcl::name_text(f, b.type) == "variable" && f.str(f.labels_of(b)[0].value) == name) {
        const hcl::Body& body = f.bodies[b.body];
        for (uint32_t i = 0; i < body.item_count; ++i)
          if (!f.items(body)[i].is_block) return Def{0, f.attributes[f.items(body)[i].index].value};
        return Def{0, hcl::kNone};
      }
    FAIL("no variable " << name);
    return Def{};
  };
  for (const char* v : {"given", "dflt", "list", "computed", "none"}) scope.variable_defaults[v] = default_of(v);
  Range given_at{500, 507, 3};  // where the input is written (another file)
  scope.inputs["given"] = string_value("from-input", given_at);

  EvalValue a = eval_local(ev, scope, "a");
  CHECK(a.kind == Kind::String);
  CHECK(a.text == "from-input");
  CHECK(a.range == given_at);

  EvalValue b = eval_local(ev, scope, "b");
  CHECK(b.kind == Kind::String);
  CHECK(b.text == "ami-0abc");
  CHECK(b.range == at(text, "\"ami-0abc\""));  // the default, where it is written

  EvalValue c = eval_local(ev, scope, "c");
  CHECK(c.kind == Kind::List);
  REQUIRE(c.items.size() == 2);
  CHECK(c.items[1].text == "b");

  // Defaults are constants: local.s is not visible to them.
  EvalValue d = eval_local(ev, scope, "d");
  CHECK(d.kind == Kind::Unknown);
  CHECK(d.reason == "local 's' is not defined");
  CHECK(d.range == at(text, R"("${local.s}-x")"));

  EvalValue e = eval_local(ev, scope, "e");
  CHECK(e.kind == Kind::Unknown);
  CHECK(e.reason == "variable 'none' has no value: no default and no tfvars");
  CHECK(e.range == at(text, "var.none"));

  EvalValue fu = eval_local(ev, scope, "f");
  CHECK(fu.kind == Kind::Unknown);
  CHECK(fu.reason == "variable 'undeclared' has no value: no default and no tfvars");

  EvalValue g = eval_local(ev, scope, "g");
  CHECK(g.kind == Kind::String);
  CHECK(g.text == "ami-0abc/from-input");
  CHECK(g.range == at(text, R"("${var.dflt}/${var.given}")"));
}

TEST_CASE("hcl eval: locals, undefined locals and cycles", "[eval][hcl]") {
  const std::string text = R"(locals {
  a = local.b
  b = "${local.c}-b"
  c = "c"
  x = local.y
  y = local.x
  self = "${local.self}!"
  missing = local.nothing
  twice = [local.c, local.c]
  px = local.x
}
)";
  hcl::HclFile f = native(text);
  HclEvaluator ev({&f});
  Scope scope;
  declare_locals(f, 0, scope);

  EvalValue a = eval_local(ev, scope, "a");
  CHECK(a.kind == Kind::String);
  CHECK(a.text == "c-b");
  CHECK(a.range == at(text, R"("${local.c}-b")"));

  // local.x, read from elsewhere: x -> y -> x.
  EvalValue x = eval_local(ev, scope, "px");
  CHECK(x.kind == Kind::Unknown);
  CHECK(x.reason == "local 'x' refers to itself");
  CHECK(x.range == at(text, "local.x"));  // where the cycle closes
  CHECK(scope.evaluating.empty());

  EvalValue self = eval_local(ev, scope, "self");
  CHECK(self.kind == Kind::Unknown);
  CHECK(self.reason == "local 'self' refers to itself");

  EvalValue m = eval_local(ev, scope, "missing");
  CHECK(m.kind == Kind::Unknown);
  CHECK(m.reason == "local 'nothing' is not defined");
  CHECK(m.range == at(text, "local.nothing"));

  // The same local twice in one expression is not a cycle.
  EvalValue twice = eval_local(ev, scope, "twice");
  REQUIRE(twice.items.size() == 2);
  CHECK(twice.items[0].text == "c");
  CHECK(twice.items[1].text == "c");
}

TEST_CASE("hcl eval: unknown functions, unknown conditions and other references are unknown with their reason",
          "[eval][hcl]") {
  const std::string text = R"(locals {
  call = sha256("X")
  pf   = provider::aws::arn_parse("arn:aws:s3:::b")
  fe   = [for x in var.nope : x]
  res  = aws_instance.web.id
  dat  = data.aws_ami.x.id
  idx  = local.call[0]
  par  = ("p")
  opv  = var.nope == "x"
}
)";
  hcl::HclFile f = native(text);
  HclEvaluator ev({&f});
  Scope scope;
  declare_locals(f, 0, scope);

  auto unknown = [&](const std::string& name, const std::string& reason, const std::string& written) {
    INFO(name);
    EvalValue v = eval_local(ev, scope, name);
    CHECK(v.kind == Kind::Unknown);
    CHECK(v.reason == reason);
    CHECK(v.range == at(text, written));
  };
  unknown("call", "the result of sha256()", R"(sha256("X"))");
  unknown("pf", "the result of provider::aws::arn_parse()", R"(provider::aws::arn_parse("arn:aws:s3:::b"))");
  unknown("fe", "variable 'nope' has no value: no default and no tfvars", R"([for x in var.nope : x])");
  unknown("opv", "variable 'nope' has no value: no default and no tfvars", R"(var.nope == "x")");
  // The base scope resolves no other roots (the Terraform layer does).
  unknown("res", "'aws_instance' is not something amilint resolves", "aws_instance.web.id");
  unknown("dat", "'data' is not something amilint resolves", "data.aws_ami.x.id");
  // An index step into an unknown local: unknown, for the local's reason.
  EvalValue idx = eval_local(ev, scope, "idx");
  CHECK(idx.kind == Kind::Unknown);
  CHECK(idx.reason == "the result of sha256()");
  CHECK_FALSE(idx.failed);
  // Parentheses are seen through.
  EvalValue par = eval_local(ev, scope, "par");
  CHECK(par.kind == Kind::String);
  CHECK(par.text == "p");
}

TEST_CASE("hcl eval: index and attribute access into known maps, lists and objects", "[eval][hcl]") {
  const std::string text = R"(variable "amis" {
  default = {
    us-east-1 = "ami-0123456789abcdef0"
    eu-west-1 = "ami-0fedcba9876543210"
  }
}
variable "region" {
  default = "eu-west-1"
}
locals {
  app     = { ami = "ami-0aaaaaaaaaaaaaaaa", size = "t3.micro" }
  workers = ["ami-01", "ami-02"]
  nested  = { us-east-1 = { web = "ami-0bbbbbbbbbbbbbbbb" } }
  by_var  = var.amis[var.region]
  by_lit  = local.ami_by["us-east-1"]
  ami_by  = var.amis
  field   = local.app.ami
  item    = local.workers[1]
  legacy  = local.workers.0
  row     = local.nested[var.r2].web
  missing = var.amis["ap-south-1"]
  out     = local.workers[5]
  nul     = local.nothing.x
  nothing = null
}
variable "r2" {
  default = "us-east-1"
}
)";
  hcl::HclFile f = native(text);
  HclEvaluator ev({&f});
  Scope scope;
  declare_locals(f, 0, scope);
  declare_variables(f, 0, scope);

  EvalValue v = eval_local(ev, scope, "by_var");
  CHECK(v.kind == Kind::String);
  CHECK(v.text == "ami-0fedcba9876543210");
  CHECK(v.range == at(text, "\"ami-0fedcba9876543210\""));
  REQUIRE(v.map_read);
  CHECK(v.map_read->name == "var.amis");
  CHECK(v.map_read->key.text == "eu-west-1");
  CHECK_FALSE(v.map_read->constant_key);
  CHECK(v.map_read->range == at(text, "var.amis[var.region]"));
  CHECK(v.map_read->map.fields.size() == 2);
  CHECK(v.map_read->map.key_ranges[1] == prefix(at(text, "eu-west-1 ="), 9));

  EvalValue lit = eval_local(ev, scope, "by_lit");
  CHECK(lit.text == "ami-0123456789abcdef0");
  REQUIRE(lit.map_read);
  CHECK(lit.map_read->constant_key);
  CHECK(lit.map_read->name == "local.ami_by");

  EvalValue field = eval_local(ev, scope, "field");
  CHECK(field.text == "ami-0aaaaaaaaaaaaaaaa");
  CHECK_FALSE(field.map_read);  // not a map keyed by regions
  CHECK(eval_local(ev, scope, "item").text == "ami-02");
  CHECK(eval_local(ev, scope, "legacy").text == "ami-01");

  EvalValue row = eval_local(ev, scope, "row");
  CHECK(row.text == "ami-0bbbbbbbbbbbbbbbb");
  REQUIRE(row.map_read);
  CHECK(row.map_read->key.text == "us-east-1");
  CHECK(row.map_read->then == std::vector<std::string>{"web"});

  EvalValue missing = eval_local(ev, scope, "missing");
  CHECK(missing.kind == Kind::Unknown);
  CHECK(missing.failed);
  CHECK(missing.reason == "'var.amis' has no key 'ap-south-1'");
  REQUIRE(missing.map_read);
  CHECK(missing.map_read->key.text == "ap-south-1");

  EvalValue out = eval_local(ev, scope, "out");
  CHECK(out.failed);
  CHECK(out.reason == "'local.workers' has no element 5 (it has 2)");
  CHECK(eval_local(ev, scope, "nul").failed);
}

TEST_CASE("hcl eval: functions, conditionals, operators and for expressions", "[eval][hcl]") {
  const std::string text = R"(variable "amis" {
  default = {
    us-east-1 = "ami-0123456789abcdef0"
  }
}
variable "flag" {}
locals {
  lk      = lookup(var.amis, "us-east-1")
  lk_def  = lookup(var.amis, "ap-south-1", "ami-0fedcba9876543210")
  lk_miss = lookup(var.amis, "ap-south-1")
  el      = element(["a", "b"], 3)
  tr      = try(var.amis["nope"], local.lk)
  co      = coalesce(null, "", "x")
  mg      = merge({ a = 1, b = 2 }, { b = 3 })
  ts      = toset(["b", "a", "b"])
  cc      = concat(["a"], ["b", "c"])
  fm      = format("ami-%s-%d", "x", 7)
  tpl     = "${local.lk}-suffix"
  up      = upper("ab")
  ns      = nonsensitive(local.lk)
  cond    = true ? "a" : "b"
  choice  = var.flag ? "ami-0aaaaaaaaaaaaaaaa" : data.aws_ssm_parameter.x.value
  eq      = "a" == "a" && !false
  num     = 1 + 2 * 3
  cmp     = 2 > 1 || var.flag
  fe      = [for r in ["us-east-1", "eu-west-1"] : upper(r) if r != "eu-west-1"]
  fo      = { for k, v in var.amis : v => k }
  ln      = length(var.amis)
  ky      = keys(var.amis)
}
)";
  hcl::HclFile f = native(text);
  HclEvaluator ev({&f});
  Scope scope;
  declare_locals(f, 0, scope);
  declare_variables(f, 0, scope);

  EvalValue lk = eval_local(ev, scope, "lk");
  CHECK(lk.text == "ami-0123456789abcdef0");
  REQUIRE(lk.map_read);
  CHECK(lk.map_read->constant_key);
  CHECK_FALSE(lk.map_read->has_default);
  EvalValue lk_def = eval_local(ev, scope, "lk_def");
  CHECK(lk_def.text == "ami-0fedcba9876543210");
  CHECK(lk_def.range == at(text, "\"ami-0fedcba9876543210\""));
  REQUIRE(lk_def.map_read);
  CHECK(lk_def.map_read->has_default);
  CHECK(eval_local(ev, scope, "lk_miss").failed);
  CHECK(eval_local(ev, scope, "el").text == "b");
  CHECK(eval_local(ev, scope, "tr").text == "ami-0123456789abcdef0");
  CHECK(eval_local(ev, scope, "co").text == "x");
  EvalValue mg = eval_local(ev, scope, "mg");
  REQUIRE(mg.fields.size() == 2);
  CHECK(mg.field("b")->text == "3");
  EvalValue ts = eval_local(ev, scope, "ts");
  REQUIRE(ts.items.size() == 2);
  CHECK(ts.items[0].text == "a");
  CHECK(ts.items[1].text == "b");
  CHECK(eval_local(ev, scope, "cc").items.size() == 3);
  CHECK(eval_local(ev, scope, "fm").text == "ami-x-7");
  CHECK(eval_local(ev, scope, "tpl").text == "ami-0123456789abcdef0-suffix");
  CHECK(eval_local(ev, scope, "up").text == "AB");
  CHECK(eval_local(ev, scope, "ns").text == "ami-0123456789abcdef0");
  CHECK(eval_local(ev, scope, "cond").text == "a");
  EvalValue choice = eval_local(ev, scope, "choice");
  CHECK(choice.kind == Kind::Choice);
  REQUIRE(choice.items.size() == 2);
  CHECK(choice.items[0].text == "ami-0aaaaaaaaaaaaaaaa");
  CHECK(choice.items[0].range == at(text, "\"ami-0aaaaaaaaaaaaaaaa\""));
  CHECK(choice.items[1].kind == Kind::Unknown);
  CHECK(eval_local(ev, scope, "eq").text == "true");
  CHECK(eval_local(ev, scope, "num").text == "7");
  CHECK(eval_local(ev, scope, "cmp").text == "true");
  EvalValue fe = eval_local(ev, scope, "fe");
  REQUIRE(fe.items.size() == 1);
  CHECK(fe.items[0].text == "US-EAST-1");
  EvalValue fo = eval_local(ev, scope, "fo");
  REQUIRE(fo.fields.size() == 1);
  CHECK(fo.fields[0].first == "ami-0123456789abcdef0");
  CHECK(fo.fields[0].second.text == "us-east-1");
  CHECK(eval_local(ev, scope, "ln").text == "1");
  CHECK(eval_local(ev, scope, "ky").items.at(0).text == "us-east-1");
}

// ---- JSON syntax ----

TEST_CASE("hcl eval: the same expressions in .tf and .tf.json give the same values", "[eval][hcl][json]") {
  const std::string tf = R"(locals {
  s   = "ami-123"
  n   = 42
  b   = true
  z   = null
  l   = ["a", 1, true, null]
  o   = { k = "v", q = 2, n = { m = ["x"] } }
  t   = "a-${local.s}-b"
  w   = "${local.s}"
  u   = "a-${var.nope}"
  fn  = "${lower(local.s)}"
  c   = "${true ? local.s : local.n}"
  cyc = "${local.cyc}"
  res = "${aws_instance.web.id}"
}
)";
  const std::string js = R"({"locals": {
  "s": "ami-123",
  "n": 42,
  "b": true,
  "z": null,
  "l": ["a", 1, true, null],
  "o": {"k": "v", "q": 2, "n": {"m": ["x"]}},
  "t": "a-${local.s}-b",
  "w": "${local.s}",
  "u": "a-${var.nope}",
  "fn": "${lower(local.s)}",
  "c": "${true ? local.s : local.n}",
  "cyc": "${local.cyc}",
  "res": "${aws_instance.web.id}"
}}
)";
  hcl::HclFile ft = native(tf);
  hcl::HclFile fj = json(js);
  HclEvaluator ev({&ft, &fj});
  Scope st, sj;
  declare_locals(ft, 0, st);
  declare_locals(fj, 1, sj);
  REQUIRE(st.locals.size() == 13);
  REQUIRE(sj.locals.size() == 13);
  for (const auto& [name, def] : st.locals) {
    INFO(name);
    EvalValue a = ev.eval(st, def);
    EvalValue b = eval_local(ev, sj, name);
    CHECK(a.range.file == 0);
    CHECK(b.range.file == 1);
    same_value(a, b);
  }
  CHECK(eval_local(ev, sj, "t").text == "a-ami-123-b");
  CHECK(eval_local(ev, sj, "fn").text == "ami-123");
  CHECK(eval_local(ev, sj, "cyc").reason == "local 'cyc' refers to itself");
  CHECK(eval_local(ev, sj, "n").text == "42");
  CHECK(eval_local(ev, sj, "b").text == "true");
  CHECK(eval_local(ev, sj, "z").kind == Kind::Null);
}

TEST_CASE("hcl eval: in JSON, what a template string computes points at the whole string", "[eval][hcl][json]") {
  const std::string js = R"({"locals": {
  "s": "ami-123",
  "t": "a-${local.s}-b",
  "w": "${local.s}",
  "u": "x-${var.nope}",
  "r": "${var.nope}",
  "l": "${[local.s, var.nope]}",
  "bad": "\/${local.s}",
  "esc": "\u0061-${local.s}"
}}
)";
  hcl::HclFile f = json(js);
  HclEvaluator ev({&f});
  Scope scope;
  declare_locals(f, 0, scope);

  EvalValue s = eval_local(ev, scope, "s");
  CHECK(s.range == at(js, "\"ami-123\""));

  EvalValue t = eval_local(ev, scope, "t");
  CHECK(t.kind == Kind::String);
  CHECK(t.text == "a-ami-123-b");
  CHECK(t.range == at(js, R"("a-${local.s}-b")"));

  // A value from elsewhere keeps its own range.
  EvalValue w = eval_local(ev, scope, "w");
  CHECK(w.text == "ami-123");
  CHECK(w.range == at(js, "\"ami-123\""));

  EvalValue u = eval_local(ev, scope, "u");
  CHECK(u.kind == Kind::Unknown);
  CHECK(u.reason == "variable 'nope' has no value: no default and no tfvars");
  CHECK(u.range == at(js, R"("x-${var.nope}")"));

  // The unknown reference inside the string is reported at the string.
  EvalValue r = eval_local(ev, scope, "r");
  CHECK(r.kind == Kind::Unknown);
  CHECK(r.range == at(js, R"("${var.nope}")"));

  // ... and so is every part of a value built inside it.
  EvalValue l = eval_local(ev, scope, "l");
  CHECK(l.kind == Kind::List);
  CHECK(l.range == at(js, R"("${[local.s, var.nope]}")"));
  REQUIRE(l.items.size() == 2);
  CHECK(l.items[0].text == "ami-123");
  CHECK(l.items[0].range == at(js, "\"ami-123\""));  // local.s: where s is written
  CHECK(l.items[1].kind == Kind::Unknown);
  CHECK(l.items[1].range == l.range);

  // JSON's "\/" is not an HCL escape: the template is read from the decoded string.
  EvalValue bad = eval_local(ev, scope, "bad");
  CHECK(bad.kind == Kind::String);
  CHECK(bad.text == "/ami-123");
  CHECK(bad.range == at(js, R"("\/${local.s}")"));

  EvalValue esc = eval_local(ev, scope, "esc");
  CHECK(esc.kind == Kind::String);
  CHECK(esc.text == "a-ami-123");
  CHECK(esc.range == at(js, R"("\u0061-${local.s}")"));
}

// ---- the Terraform layer ----

namespace {

Format format_of(const std::string& path) {
  auto ends = [&](const std::string& s) { return path.size() >= s.size() && path.compare(path.size() - s.size(), s.size(), s) == 0; };
  if (ends(".tfvars.json")) return Format::TfVarsJson;
  if (ends(".tfvars")) return Format::TfVars;
  if (ends(".tf.json")) return Format::TfJson;
  return Format::TfHcl;
}

// A module unit built in memory, as discover makes it.
struct MemUnit {
  Unit unit;
  std::vector<LoadedFile> loaded;

  MemUnit() { unit.kind = UnitKind::TerraformModule; }

  // A directory: "." is the root; the identity stands for its device and inode.
  size_t dir(const std::string& d, const std::string& identity = "") {
    unit.dirs.push_back(ModuleDir{d, d, identity.empty() ? "/mem/" + d : identity, {}, {}});
    return unit.dirs.size() - 1;
  }

  uint32_t file(size_t d, const std::string& name, const std::string& text) {
    auto f = std::make_shared<SourceFile>();
    const std::string& dir = unit.dirs[d].dir;
    f->path = f->display = dir == "." ? name : dir + "/" + name;
    f->format = format_of(name);
    auto content = std::make_shared<FileText>(std::string(text));
    f->content = std::move(content);
    unit.files.push_back(std::move(f));
    uint32_t id = static_cast<uint32_t>(unit.files.size() - 1);
    bool var = f_is_var(name);
    (var ? unit.dirs[d].vars : unit.dirs[d].config).push_back(id);
    if (d == 0 && !var) unit.candidates.push_back(id);
    return id;
  }

  static bool f_is_var(const std::string& name) { return name.find(".tfvars") != std::string::npos; }

  TfEvaluation evaluate(const LintOptions& options = {}) {
    loaded.clear();
    for (const auto& f : unit.files) {
      loaded.push_back(load_file(*f));
      REQUIRE(loaded.back().errors().empty());
    }
    std::vector<const hcl::HclFile*> files;
    for (const auto& l : loaded) files.push_back(&l.hcl);
    return evaluate_terraform(unit, files, options);
  }

  std::string source(Range r) const { return std::string(unit.files[r.file]->text().substr(r.begin, r.end - r.begin)); }
};

const TfBlock* block(const TfEvaluation& ev, const std::string& address) {
  for (const auto& b : ev.view.blocks)
    if (b.address == address) return &b;
  return nullptr;
}

std::vector<std::string> addresses(const TfEvaluation& ev) {
  std::vector<std::string> out;
  for (const auto& b : ev.view.blocks) out.push_back(b.address);
  return out;
}

}  // namespace

TEST_CASE("terraform: provider aliases and regions give blocks their effective region", "[eval][terraform]") {
  const std::string main = R"(provider "aws" {
  region = "us-east-1"
}
provider "aws" {
  alias  = "west"
  region = var.west
}
variable "west" {
  default = "us-west-2"
}
resource "aws_instance" "a" {
  ami = "ami-12345678"
}
resource "aws_instance" "b" {
  provider = aws.west
}
resource "aws_instance" "c" {
  provider = aws.west
  region   = "eu-west-1"
}
resource "aws_instance" "n" {
  region = null
}
data "aws_ami" "d" {
  provider = aws.west
}
resource "random_id" "r" {}
)";
  MemUnit m;
  m.dir(".");
  uint32_t fm = m.file(0, "main.tf", main);
  uint32_t fj = m.file(0, "extra.tf.json", R"({"resource": {"aws_instance": {"j": {"provider": "aws.west"}}}})");
  TfEvaluation ev = m.evaluate();

  CHECK(addresses(ev) ==
        std::vector<std::string>{"aws_instance.a", "aws_instance.b", "aws_instance.c", "aws_instance.n",
                                 "data.aws_ami.d", "aws_instance.j"});
  const TfBlock* a = block(ev, "aws_instance.a");
  REQUIRE(a);
  CHECK_FALSE(a->data);
  CHECK(a->type == "aws_instance");
  CHECK(a->name == "a");
  CHECK(a->path == "resource.aws_instance.a");
  CHECK(a->anchor == at(main, "\"a\"", 0, fm));
  CHECK(a->regions == std::vector<std::string>{"us-east-1"});
  CHECK(a->region_known);
  CHECK(a->region_text == "us-east-1");
  CHECK(a->region_range == at(main, "\"us-east-1\"", 0, fm));
  REQUIRE(a->body.field("ami"));
  CHECK(a->body.field("ami")->text == "ami-12345678");

  const TfBlock* b = block(ev, "aws_instance.b");
  REQUIRE(b);
  CHECK(b->regions == std::vector<std::string>{"us-west-2"});
  CHECK(b->region_text == "us-west-2");
  CHECK(b->region_range == at(main, "\"us-west-2\"", 0, fm));  // the variable's default

  // Its own region wins (provider v6).
  const TfBlock* c = block(ev, "aws_instance.c");
  REQUIRE(c);
  CHECK(c->regions == std::vector<std::string>{"eu-west-1"});
  CHECK(c->region_range == at(main, "\"eu-west-1\"", 0, fm));

  // region = null is not written: the provider's.
  const TfBlock* n = block(ev, "aws_instance.n");
  REQUIRE(n);
  CHECK(n->regions == std::vector<std::string>{"us-east-1"});

  const TfBlock* d = block(ev, "data.aws_ami.d");
  REQUIRE(d);
  CHECK(d->data);
  CHECK(d->path == "data.aws_ami.d");
  CHECK(d->regions == std::vector<std::string>{"us-west-2"});

  // JSON syntax writes the provider as a string.
  const TfBlock* j = block(ev, "aws_instance.j");
  REQUIRE(j);
  CHECK(j->regions == std::vector<std::string>{"us-west-2"});
  CHECK(j->anchor.file == fj);

  REQUIRE(ev.view.region_mentions.size() == 3);
  CHECK(ev.view.region_mentions[0].region == "us-east-1");
  CHECK(ev.view.region_mentions[0].path == "provider.aws.region");
  CHECK(ev.view.region_mentions[0].what == "provider region");
  CHECK(ev.view.region_mentions[0].range == at(main, "\"us-east-1\"", 0, fm));
  CHECK(ev.view.region_mentions[1].region == "us-west-2");
  CHECK(ev.view.region_mentions[1].path == "provider.aws.west.region");
  CHECK(ev.view.region_mentions[2].region == "eu-west-1");
  CHECK(ev.view.region_mentions[2].path == "resource.aws_instance.c.region");
  CHECK(ev.view.region_mentions[2].what == "resource region");
  CHECK(ev.notes.empty());
  REQUIRE(ev.problems.size() == 2);
  CHECK(ev.problems[0].empty());
  CHECK(ev.problems[1].empty());
}

TEST_CASE("terraform: without a provider region, the single deploy region is the fallback", "[eval][terraform]") {
  SECTION("no provider block") {
    MemUnit m;
    m.dir(".");
    m.file(0, "main.tf", "resource \"aws_instance\" \"a\" {}\n");
    LintOptions one;
    one.regions = {"ap-south-1"};
    TfEvaluation ev = m.evaluate(one);
    REQUIRE(ev.view.blocks.size() == 1);
    CHECK(ev.view.blocks[0].regions == std::vector<std::string>{"ap-south-1"});
    CHECK(ev.view.blocks[0].region_known);
    CHECK(ev.view.blocks[0].region_text.empty());

    LintOptions two;
    two.regions = {"ap-south-1", "eu-west-1"};
    ev = m.evaluate(two);
    REQUIRE(ev.view.blocks.size() == 1);
    CHECK(ev.view.blocks[0].regions.empty());
    CHECK_FALSE(ev.view.blocks[0].region_known);
  }
  SECTION("a provider without region: taken from the environment, unknown") {
    MemUnit m;
    m.dir(".");
    m.file(0, "main.tf", "provider \"aws\" {}\nresource \"aws_instance\" \"a\" {}\n");
    LintOptions one;
    one.regions = {"ap-south-1"};
    TfEvaluation ev = m.evaluate(one);
    REQUIRE(ev.view.blocks.size() == 1);
    CHECK(ev.view.blocks[0].regions.empty());
    CHECK_FALSE(ev.view.blocks[0].region_known);
    CHECK(ev.view.region_mentions.empty());
  }
}

TEST_CASE("terraform: a local child module receives inputs and providers, module.x.out resolves",
          "[eval][terraform]") {
  const std::string main = R"(provider "aws" {
  region = "us-east-1"
}
provider "aws" {
  alias  = "west"
  region = "us-west-2"
}
variable "image" {
  default = "ami-11111111"
}
module "app" {
  source    = "./app"
  ami       = var.image
  providers = { aws = aws.west }
}
module "plain" {
  source = "./app"
  ami    = "ami-22222222"
}
module "vpc" {
  source  = "terraform-aws-modules/vpc/aws"
  version = "5.0.0"
}
module "gone" {
  source = "./missing"
}
resource "aws_instance" "out" {
  ami = module.app.ami_out
}
resource "aws_instance" "ref" {
  ami = module.app.web_id
}
resource "aws_instance" "lookup" {
  ami = module.plain.lookup
}
resource "aws_instance" "nooutput" {
  ami = module.app.missing
}
resource "aws_instance" "notread" {
  ami = module.vpc.ami
}
)";
  const std::string app = R"(variable "ami" {}
resource "aws_instance" "web" {
  ami = var.ami
}
data "aws_ami" "x" {}
output "ami_out" {
  value = var.ami
}
output "web_id" {
  value = aws_instance.web.id
}
output "lookup" {
  value = data.aws_ami.x.id
}
)";
  MemUnit m;
  m.dir(".");
  m.dir("app");
  uint32_t fm = m.file(0, "main.tf", main);
  uint32_t fa = m.file(1, "main.tf", app);
  TfEvaluation ev = m.evaluate();

  CHECK(addresses(ev) == std::vector<std::string>{"module.app.aws_instance.web", "module.app.data.aws_ami.x",
                                                  "module.plain.aws_instance.web", "module.plain.data.aws_ami.x",
                                                  "aws_instance.out", "aws_instance.ref", "aws_instance.lookup",
                                                  "aws_instance.nooutput", "aws_instance.notread"});
  const TfBlock* web = block(ev, "module.app.aws_instance.web");
  REQUIRE(web);
  CHECK(web->path == "module.app.resource.aws_instance.web");
  CHECK(web->anchor == at(app, "\"web\"", 0, fa));
  CHECK(web->regions == std::vector<std::string>{"us-west-2"});  // the provider passed to it
  const EvalValue* ami = web->body.field("ami");
  REQUIRE(ami);
  CHECK(ami->kind == Kind::String);
  CHECK(ami->text == "ami-11111111");
  CHECK(ami->range == at(main, "\"ami-11111111\"", 0, fm));  // where the value is written

  const TfBlock* data = block(ev, "module.app.data.aws_ami.x");
  REQUIRE(data);
  CHECK(data->path == "module.app.data.aws_ami.x");

  const TfBlock* plain = block(ev, "module.plain.aws_instance.web");
  REQUIRE(plain);
  CHECK(plain->path == "module.plain.resource.aws_instance.web");
  CHECK(plain->regions == std::vector<std::string>{"us-east-1"});  // the default provider, inherited
  REQUIRE(plain->body.field("ami"));
  CHECK(plain->body.field("ami")->text == "ami-22222222");

  const EvalValue* out = block(ev, "aws_instance.out")->body.field("ami");
  REQUIRE(out);
  CHECK(out->kind == Kind::String);
  CHECK(out->text == "ami-11111111");

  const EvalValue* ref = block(ev, "aws_instance.ref")->body.field("ami");
  REQUIRE(ref);
  CHECK(ref->kind == Kind::Reference);
  CHECK(ref->ref == "module.app.aws_instance.web");
  CHECK(ref->attr == "id");
  CHECK(ref->range == at(app, "aws_instance.web.id", 0, fa));

  const EvalValue* lookup = block(ev, "aws_instance.lookup")->body.field("ami");
  REQUIRE(lookup);
  CHECK(lookup->kind == Kind::Reference);
  CHECK(lookup->ref == "module.plain.data.aws_ami.x");
  CHECK(lookup->attr == "id");

  const EvalValue* nooutput = block(ev, "aws_instance.nooutput")->body.field("ami");
  REQUIRE(nooutput);
  CHECK(nooutput->kind == Kind::Unknown);
  CHECK(nooutput->reason == "module 'app' has no output 'missing'");
  CHECK(nooutput->range == at(main, "module.app.missing", 0, fm));

  const EvalValue* notread = block(ev, "aws_instance.notread")->body.field("ami");
  REQUIRE(notread);
  CHECK(notread->kind == Kind::Unknown);
  CHECK(notread->reason == "an output of module 'vpc', which is not read");

  CHECK(ev.notes == std::vector<std::string>{
                        "main.tf: module 'vpc' has the remote source 'terraform-aws-modules/vpc/aws', which is not "
                        "installed (no .terraform/modules/modules.json): run 'terraform init'; its "
                        "resources are not linted",
                        "main.tf: module 'gone': no .tf files in missing"});
  REQUIRE(ev.view.region_mentions.size() == 2);
  CHECK(ev.view.region_mentions[0].path == "provider.aws.region");
  CHECK(ev.view.region_mentions[1].path == "provider.aws.west.region");
  for (const auto& p : ev.problems) CHECK(p.empty());
}

TEST_CASE("terraform: variable files override defaults, in their order", "[eval][terraform]") {
  const std::string main = R"(variable "image" {
  default = "ami-default0"
}
variable "other" {
  default = "d"
}
variable "count_of" {}
resource "aws_instance" "a" {
  ami  = var.image
  tags = { other = var.other, n = var.count_of }
}
)";
  MemUnit m;
  m.dir(".");
  m.file(0, "main.tf", main);
  const std::string first = "image = \"ami-first00\"\ncount_of = 3\n";
  const std::string json_vars = R"({"image": "ami-json000"})";
  const std::string last = "image = \"ami-last000\"\n";
  uint32_t f1 = m.file(0, "terraform.tfvars", first);
  uint32_t f2 = m.file(0, "terraform.tfvars.json", json_vars);

  TfEvaluation ev = m.evaluate();
  REQUIRE(ev.view.blocks.size() == 1);
  const EvalValue* ami = ev.view.blocks[0].body.field("ami");
  REQUIRE(ami);
  CHECK(ami->text == "ami-json000");
  CHECK(ami->range == at(json_vars, "\"ami-json000\"", 0, f2));

  uint32_t f3 = m.file(0, "z.auto.tfvars", last);
  ev = m.evaluate();
  ami = ev.view.blocks[0].body.field("ami");
  REQUIRE(ami);
  CHECK(ami->text == "ami-last000");
  CHECK(ami->range == at(last, "\"ami-last000\"", 0, f3));

  const EvalValue* tags = ev.view.blocks[0].body.field("tags");
  REQUIRE(tags);
  REQUIRE(tags->field("other"));
  CHECK(tags->field("other")->text == "d");  // no variable file sets it: the default
  REQUIRE(tags->field("n"));
  CHECK(tags->field("n")->kind == Kind::Number);
  CHECK(tags->field("n")->text == "3");
  CHECK(tags->field("n")->range == at(first, "3", 0, f1));
  for (const auto& p : ev.problems) CHECK(p.empty());
}

TEST_CASE("terraform: a block in a variable file is a problem of that file", "[eval][terraform]") {
  const std::string vars = R"(image = "ami-fromvars"
locals {
  a = 1
}
variable "v" {}
)";
  MemUnit m;
  m.dir(".");
  m.file(0, "main.tf", "variable \"image\" {}\nresource \"aws_instance\" \"a\" {\n  ami = var.image\n}\n");
  uint32_t fv = m.file(0, "terraform.tfvars", vars);
  TfEvaluation ev = m.evaluate();
  REQUIRE(ev.problems.size() == 2);
  CHECK(ev.problems[0].empty());
  REQUIRE(ev.problems[fv].size() == 1);  // the first block only
  CHECK(ev.problems[fv][0].offset == at(vars, "locals").begin);
  CHECK(ev.problems[fv][0].message ==
        "unexpected block 'locals': a variable definitions file holds only name = value arguments");
  // Its arguments still count.
  REQUIRE(ev.view.blocks.size() == 1);
  CHECK(ev.view.blocks[0].body.field("ami")->text == "ami-fromvars");
}

TEST_CASE("terraform: a declaration made twice across two files is a problem in the second", "[eval][terraform]") {
  const std::string a = "# first\nresource \"aws_instance\" \"web\" {}\nvariable \"v\" {}\n";
  const std::string b = "\n\n  resource \"aws_instance\" \"web\" {\n}\nresource \"aws_instance\" \"other\" {}\n"
                        "variable \"v\" {}\nlocals {\n  x = 1\n}\n";
  const std::string c = "locals {\n  x = 2\n}\n";
  const std::string over = "resource \"aws_instance\" \"web\" {}\n";
  MemUnit m;
  m.dir(".");
  uint32_t fa = m.file(0, "a.tf", a);
  uint32_t fb = m.file(0, "b.tf", b);
  uint32_t fc = m.file(0, "c.tf", c);
  uint32_t fo = m.file(0, "override.tf", over);  // merges into the declaration: not a duplicate
  TfEvaluation ev = m.evaluate();
  REQUIRE(ev.problems.size() == 4);
  CHECK(ev.problems[fa].empty());
  REQUIRE(ev.problems[fb].size() == 2);
  CHECK(ev.problems[fb][0].offset == at(b, "resource").begin);
  CHECK(ev.problems[fb][0].message ==
        "duplicate resource \"aws_instance\" \"web\" (first declared at a.tf:2:1); Terraform rejects a module "
        "that declares it twice");
  CHECK(ev.problems[fb][1].offset == at(b, "variable").begin);
  CHECK(ev.problems[fb][1].message ==
        "duplicate variable \"v\" (first declared at a.tf:3:1); Terraform rejects a module that declares it twice");
  REQUIRE(ev.problems[fc].size() == 1);
  CHECK(ev.problems[fc][0].offset == at(c, "x").begin);
  CHECK(ev.problems[fc][0].message ==
        "duplicate local value \"x\" (first declared at b.tf:8:3); Terraform rejects a module that declares it "
        "twice");
  CHECK(ev.problems[fo].empty());
}

TEST_CASE("terraform: a child module called twice reports its duplicate once", "[eval][terraform]") {
  MemUnit m;
  m.dir(".");
  m.dir("m");
  m.file(0, "main.tf", "module \"one\" {\n  source = \"./m\"\n}\nmodule \"two\" {\n  source = \"./m\"\n}\n");
  m.file(1, "a.tf", "output \"o\" {\n  value = 1\n}\n");
  uint32_t fb = m.file(1, "b.tf", "output \"o\" {\n  value = 2\n}\n");
  TfEvaluation ev = m.evaluate();
  REQUIRE(ev.problems[fb].size() == 1);
  CHECK(ev.problems[fb][0].message ==
        "duplicate output \"o\" (first declared at m/a.tf:1:1); Terraform rejects a module that declares it twice");
}

TEST_CASE("terraform: a module that reaches its own directory again is not followed twice", "[eval][terraform]") {
  MemUnit m;
  m.dir(".");
  m.dir("m");
  m.dir("m/again", "/mem/m");  // a symbolic link back to m: one directory, another name
  m.file(0, "main.tf", "module \"a\" {\n  source = \"./m\"\n}\n");
  m.file(1, "main.tf", "module \"self\" {\n  source = \"./again\"\n}\nresource \"aws_instance\" \"web\" {}\n");
  m.file(2, "main.tf", "module \"self\" {\n  source = \"./again\"\n}\nresource \"aws_instance\" \"web\" {}\n");
  TfEvaluation ev = m.evaluate();
  CHECK(addresses(ev) == std::vector<std::string>{"module.a.aws_instance.web"});
  CHECK(ev.notes == std::vector<std::string>{"m/main.tf: module 'self' is nested too deeply or calls itself; not followed"});
}
