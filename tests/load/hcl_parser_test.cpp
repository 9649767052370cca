// Tests for the HCL parser: exact ranges (line:column) of blocks, labels,
// attributes, every expression kind, references, templates and heredocs; exact
// error messages and positions; nesting limits; the hcl2json rendering.
#include <catch2/catch.hpp>

#include <chrono>
#include <random>
#include <string>
#include <string_view>
#include <vector>

#include "linter/load/hcl/hcl.h"
#include "linter/load/loaders.h"
#include "linter/source/source.h"
#include "tests/tools/hcl_render.h"

using namespace amilint;
using namespace amilint::hcl;

namespace {

// "line:col" of a byte offset.
std::string at(std::string_view text, uint32_t offset) {
  Position p = LineIndex(text).position(offset);
  return std::to_string(p.line) + ":" + std::to_string(p.column);
}

// "line:col-line:col" of a range.
std::string span(std::string_view text, Range r) { return at(text, r.begin) + "-" + at(text, r.end); }

HclFile parse_ok(std::string_view text) {
  HclFile f = parse_hcl(text, "test.tf");
  INFO(text);
  if (!f.errors.empty()) INFO(at(text, f.errors[0].offset) + ": " + f.errors[0].message);
  REQUIRE(f.ok());
  return f;
}

// "line:col: message" of the parse error.
std::string error_of(std::string_view text) {
  HclFile f = parse_hcl(text, "test.tf");
  if (f.ok()) return "no error";
  REQUIRE(f.errors.size() == 1);
  return at(text, f.errors[0].offset) + ": " + f.errors[0].message;
}

// The value of the top-level attribute `name`.
Id attr(const HclFile& f, std::string_view name) {
  const Body& b = f.bodies[f.root];
  for (uint32_t i = 0; i < b.item_count; ++i) {
    const BodyItem& it = f.items(b)[i];
    if (!it.is_block && f.source(f.attributes[it.index].name) == name) return f.attributes[it.index].value;
  }
  FAIL("no attribute " << name);
  return kNone;
}

const Expr& item(const HclFile& f, const Expr& e, uint32_t i) {
  REQUIRE(i < e.item_count);
  return f.expr(f.items(e)[i]);
}

std::string render(std::string_view text) {
  HclFile f = parse_ok(text);
  std::string out;
  ParseError err;
  REQUIRE(render_hcl_json(f, &out, &err));
  return out;
}

}  // namespace

TEST_CASE("hcl blocks, labels and attributes have exact ranges", "[hcl]") {
  const std::string text =
      "# header\n"
      "resource \"aws_instance\" \"web\" {\n"
      "  ami           = data.aws_ami.ubuntu.id\n"
      "  instance_type = \"t3.micro\"\n"
      "\n"
      "  ebs_block_device {\n"
      "    encrypted = true\n"
      "  }\n"
      "}\n"
      "locals { region = \"eu-west-1\" }\n"
      "x y \"z\" {}\n";
  HclFile f = parse_ok(text);
  const Body& root = f.bodies[f.root];
  REQUIRE(root.item_count == 3);
  REQUIRE(f.items(root)[0].is_block);

  const Block& res = f.blocks[f.items(root)[0].index];
  CHECK(f.source(res.type) == "resource");
  CHECK(span(text, res.type) == "2:1-2:9");
  REQUIRE(res.label_count == 2);
  const Label* labels = f.labels_of(res);
  CHECK(f.str(labels[0].value) == "aws_instance");
  CHECK(labels[0].quoted);
  CHECK(span(text, labels[0].range) == "2:10-2:24");
  CHECK(f.str(labels[1].value) == "web");
  CHECK(span(text, labels[1].range) == "2:25-2:30");
  CHECK(span(text, res.open_brace) == "2:31-2:32");
  CHECK(span(text, res.close_brace) == "9:1-9:2");
  CHECK(span(text, res.range) == "2:1-9:2");

  const Body& body = f.bodies[res.body];
  CHECK(span(text, body.range) == "2:31-9:2");
  REQUIRE(body.item_count == 3);
  const Attribute& ami = f.attributes[f.items(body)[0].index];
  CHECK(f.source(ami.name) == "ami");
  CHECK(span(text, ami.name) == "3:3-3:6");
  CHECK(span(text, f.expr(ami.value).range) == "3:19-3:41");
  CHECK(span(text, ami.range) == "3:3-3:41");
  const Attribute& type = f.attributes[f.items(body)[1].index];
  CHECK(span(text, f.expr(type.value).range) == "4:19-4:29");
  REQUIRE(f.items(body)[2].is_block);
  const Block& ebs = f.blocks[f.items(body)[2].index];
  CHECK(f.source(ebs.type) == "ebs_block_device");
  CHECK(ebs.label_count == 0);
  CHECK(span(text, ebs.range) == "6:3-8:4");

  const Block& locals = f.blocks[f.items(root)[1].index];
  CHECK(span(text, locals.range) == "10:1-10:32");
  const Body& one_line = f.bodies[locals.body];
  REQUIRE(one_line.item_count == 1);
  CHECK(f.source(f.attributes[f.items(one_line)[0].index].name) == "region");

  const Block& bare = f.blocks[f.items(root)[2].index];
  REQUIRE(bare.label_count == 2);
  CHECK_FALSE(f.labels_of(bare)[0].quoted);
  CHECK(f.str(f.labels_of(bare)[0].value) == "y");
  CHECK(span(text, f.labels_of(bare)[0].range) == "11:3-11:4");
  CHECK(f.str(f.labels_of(bare)[1].value) == "z");
  CHECK(f.bodies[bare.body].item_count == 0);

  REQUIRE(f.comments.size() == 1);
  CHECK(span(text, f.comments[0].range) == "1:1-2:1");
}

TEST_CASE("hcl references are a root name and steps", "[hcl]") {
  const std::string text =
      "a = data.aws_ami.ubuntu.id\n"
      "b = var.region\n"
      "c = local.a\n"
      "d = module.m.out\n"
      "e = aws_ami_copy.c.id\n"
      "f = data.aws_ami_ids.x.ids[0]\n"
      "g = \"${var.ami}\"\n"
      "h = aws_instance.web.0.id\n"
      "i = x[\"key\"].y\n"
      "j = (var.x)\n";
  HclFile f = parse_ok(text);

  auto ref = f.as_reference(attr(f, "a"));
  REQUIRE(ref);
  CHECK(ref->root == "data");
  CHECK(span(text, ref->root_range) == "1:5-1:9");
  CHECK(span(text, ref->range) == "1:5-1:27");
  REQUIRE(ref->step_count == 3);
  CHECK(ref->steps[0].kind == StepKind::Attr);
  CHECK(f.source(ref->steps[0].name) == "aws_ami");
  CHECK(span(text, ref->steps[0].range) == "1:9-1:17");
  CHECK(f.source(ref->steps[1].name) == "ubuntu");
  CHECK(f.source(ref->steps[2].name) == "id");
  CHECK(span(text, ref->steps[2].name) == "1:25-1:27");

  for (const char* name : {"b", "c", "d", "e"}) {
    auto r = f.as_reference(attr(f, name));
    REQUIRE(r);
  }
  CHECK(f.as_reference(attr(f, "b"))->root == "var");
  CHECK(f.source(f.as_reference(attr(f, "b"))->steps[0].name) == "region");
  CHECK(f.as_reference(attr(f, "c"))->root == "local");
  CHECK(f.as_reference(attr(f, "d"))->root == "module");
  CHECK(f.as_reference(attr(f, "d"))->step_count == 2);
  CHECK(f.as_reference(attr(f, "e"))->root == "aws_ami_copy");

  auto ids = f.as_reference(attr(f, "f"));
  REQUIRE(ids);
  REQUIRE(ids->step_count == 4);
  CHECK(ids->steps[3].kind == StepKind::Index);
  CHECK(span(text, ids->steps[3].range) == "6:27-6:30");
  CHECK(f.source(ids->steps[3].name) == "0");
  CHECK(f.expr(ids->steps[3].key).kind == ExprKind::Number);

  // "${x}" is x; its range is the reference inside the quotes
  auto wrapped = f.as_reference(attr(f, "g"));
  REQUIRE(wrapped);
  CHECK(wrapped->root == "var");
  CHECK(span(text, wrapped->range) == "7:8-7:15");
  CHECK(f.expr(attr(f, "g")).kind == ExprKind::TemplateWrap);

  auto legacy = f.as_reference(attr(f, "h"));
  REQUIRE(legacy);
  REQUIRE(legacy->step_count == 3);
  CHECK(legacy->steps[1].kind == StepKind::LegacyIndex);
  CHECK(span(text, legacy->steps[1].range) == "8:21-8:23");

  auto keyed = f.as_reference(attr(f, "i"));
  REQUIRE(keyed);
  REQUIRE(keyed->step_count == 2);
  CHECK(keyed->steps[0].kind == StepKind::Index);
  CHECK(f.as_literal(keyed->steps[0].key)->text == "key");
}

TEST_CASE("hcl literals and whether a string is a pure literal", "[hcl]") {
  const std::string text =
      "n = 1.5e3\n"
      "t = true\n"
      "z = null\n"
      "s = \"ami-0abc \\\"q\\\" \\u00e9\\U0001F600 $${x} %%{y}\"\n"
      "e = \"\"\n"
      "i = \"ami-${var.x}\"\n"
      "h = <<EOT\n  two\n  lines\nEOT\n";
  HclFile f = parse_ok(text);
  auto n = f.as_literal(attr(f, "n"));
  REQUIRE(n);
  CHECK(n->type == ExprKind::Number);
  CHECK(n->text == "1.5e3");
  CHECK(span(text, n->range) == "1:5-1:10");
  CHECK(f.as_literal(attr(f, "t"))->text == "true");
  CHECK(f.as_literal(attr(f, "z"))->type == ExprKind::Null);
  auto s = f.as_literal(attr(f, "s"));
  REQUIRE(s);
  CHECK(s->type == ExprKind::String);
  CHECK(s->text == "ami-0abc \"q\" \xC3\xA9\xF0\x9F\x98\x80 ${x} %{y}");
  CHECK(span(text, s->range) == "4:5-4:50");
  CHECK(f.as_literal(attr(f, "e"))->text.empty());
  CHECK_FALSE(f.as_literal(attr(f, "i")));
  auto h = f.as_literal(attr(f, "h"));
  REQUIRE(h);
  CHECK(h->text == "  two\n  lines\n");
  CHECK(span(text, h->range) == "7:5-10:4");
}

TEST_CASE("hcl templates keep interpolations, directives and strip markers", "[hcl]") {
  const std::string text =
      "a = \"ami-${var.x}-${local.y}\"\n"
      "b = \"%{ if var.on ~}  yes  %{~ else }no%{ endif }\"\n"
      "c = \"%{ for k, v in var.m }${k}=${v},%{ endfor }\"\n";
  HclFile f = parse_ok(text);
  const Expr& a = f.expr(attr(f, "a"));
  REQUIRE(a.kind == ExprKind::Template);
  REQUIRE(a.item_count == 4);
  CHECK(item(f, a, 0).kind == ExprKind::String);
  CHECK(f.str(item(f, a, 0).str) == "ami-");
  CHECK(span(text, item(f, a, 0).range) == "1:6-1:10");
  CHECK(item(f, a, 1).kind == ExprKind::Reference);
  CHECK(span(text, item(f, a, 1).range) == "1:12-1:17");
  CHECK(f.str(item(f, a, 2).str) == "-");
  CHECK(span(text, item(f, a, 3).range) == "1:21-1:28");

  const Expr& b = f.expr(attr(f, "b"));
  REQUIRE(b.item_count == 1);
  const Expr& cond = item(f, b, 0);
  REQUIRE(cond.kind == ExprKind::TemplateIf);
  CHECK(span(text, cond.range) == "2:6-2:50");
  CHECK(f.source(f.expr(cond.a).range) == "var.on");
  REQUIRE(cond.item_count == 1);
  CHECK(f.str(f.expr(f.items(cond)[0]).str) == "yes");  // both sides stripped
  REQUIRE(cond.item2_count == 1);
  CHECK(f.str(f.expr(f.items2(cond)[0]).str) == "no");

  const Expr& c = f.expr(attr(f, "c"));
  const Expr& loop = item(f, c, 0);
  REQUIRE(loop.kind == ExprKind::TemplateFor);
  CHECK(f.source(loop.key_name) == "k");
  CHECK(f.source(loop.name) == "v");
  CHECK(f.source(f.expr(loop.a).range) == "var.m");
  CHECK(loop.item_count == 4);
}

TEST_CASE("hcl heredocs, plain and indented, with interpolation", "[hcl]") {
  const std::string text =
      "a = <<EOT\n"
      "  ami ${var.id}\n"
      "EOT\n"
      "b = <<-EOT\n"
      "    first\n"
      "      second ${x}\n"
      "\n"
      "    EOT\n"
      "c = 1\n";
  HclFile f = parse_ok(text);
  const Expr& a = f.expr(attr(f, "a"));
  REQUIRE(a.kind == ExprKind::Template);
  CHECK((a.flags & kHeredoc) != 0);
  CHECK((a.flags & kFlush) == 0);
  CHECK(span(text, a.range) == "1:5-3:4");
  REQUIRE(a.item_count == 3);
  CHECK(f.str(item(f, a, 0).str) == "  ami ");
  CHECK(item(f, a, 1).kind == ExprKind::Reference);
  CHECK(span(text, item(f, a, 1).range) == "2:9-2:15");
  CHECK(f.str(item(f, a, 2).str) == "\n");

  const Expr& b = f.expr(attr(f, "b"));
  CHECK((b.flags & kFlush) != 0);
  CHECK(span(text, b.range) == "4:5-8:8");
  REQUIRE(b.item_count == 3);
  CHECK(f.str(item(f, b, 0).str) == "first\n  second ");
  CHECK(span(text, item(f, b, 0).range) == "5:5-6:14");
  CHECK(f.str(item(f, b, 2).str) == "\n\n");
  CHECK(f.expr(attr(f, "c")).kind == ExprKind::Number);
  CHECK(render(text) == R"({"a":"  ami ${var.id}\n","b":"first\n  second ${x}\n\n","c":1})");
}

TEST_CASE("hcl expression kinds have exact ranges", "[hcl]") {
  const std::string text =
      "tuple  = [1, \"two\", [3]]\n"
      "object = { a = 1, \"b\" : 2, (c) = 3\n  d = 4 }\n"
      "call   = concat(var.a, var.b...)\n"
      "prov   = provider::aws::arn_parse(x)\n"
      "index  = var.m[local.k]\n"
      "splat1 = aws_instance.web[*].id\n"
      "splat2 = aws_instance.web.*.id\n"
      "fortup = [for s in var.l : upper(s) if s != \"\"]\n"
      "forobj = {for k, v in var.m : v => k...}\n"
      "cond   = var.a ? \"x\" : \"y\"\n"
      "neg    = -var.n\n"
      "not    = !var.b\n"
      "prec   = 1 + 2 * 3 == 7 || false\n"
      "paren  = (1 + 2) * 3\n";
  HclFile f = parse_ok(text);

  const Expr& tuple = f.expr(attr(f, "tuple"));
  REQUIRE(tuple.kind == ExprKind::Tuple);
  CHECK(span(text, tuple.range) == "1:10-1:25");
  REQUIRE(tuple.item_count == 3);
  CHECK(span(text, item(f, tuple, 1).range) == "1:14-1:19");
  CHECK(item(f, tuple, 2).kind == ExprKind::Tuple);

  const Expr& obj = f.expr(attr(f, "object"));
  REQUIRE(obj.kind == ExprKind::Object);
  CHECK(span(text, obj.range) == "2:10-3:10");
  REQUIRE(obj.item_count == 8);
  CHECK(item(f, obj, 0).kind == ExprKind::Reference);  // bare key `a`
  CHECK(f.as_literal(f.items(obj)[2])->text == "b");
  CHECK(item(f, obj, 4).kind == ExprKind::Parens);
  CHECK(span(text, item(f, obj, 7).range) == "3:7-3:8");

  const Expr& call = f.expr(attr(f, "call"));
  REQUIRE(call.kind == ExprKind::Call);
  CHECK(f.source(call.name) == "concat");
  CHECK(call.item_count == 2);
  CHECK((call.flags & kExpandFinal) != 0);
  CHECK(span(text, call.range) == "4:10-4:33");
  const Expr& prov = f.expr(attr(f, "prov"));
  CHECK(f.source(prov.name) == "provider::aws::arn_parse");

  const Expr& index = f.expr(attr(f, "index"));
  REQUIRE(index.kind == ExprKind::Index);
  CHECK(span(text, index.range) == "6:10-6:24");
  CHECK(f.source(f.expr(index.a).range) == "var.m");
  CHECK(f.source(f.expr(index.b).range) == "local.k");

  const Expr& s1 = f.expr(attr(f, "splat1"));
  REQUIRE(s1.kind == ExprKind::Splat);
  CHECK((s1.flags & kAttrOnly) == 0);
  CHECK(span(text, s1.range) == "7:10-7:32");
  CHECK(f.source(f.expr(s1.a).range) == "aws_instance.web");
  const Expr& each = f.expr(s1.b);
  REQUIRE(each.kind == ExprKind::Traversal);
  CHECK(f.expr(each.a).kind == ExprKind::SplatItem);
  CHECK(f.source(f.expr(each.a).range) == "[*]");
  const Expr& s2 = f.expr(attr(f, "splat2"));
  CHECK((s2.flags & kAttrOnly) != 0);
  CHECK(span(text, s2.range) == "8:10-8:31");

  const Expr& ft = f.expr(attr(f, "fortup"));
  REQUIRE(ft.kind == ExprKind::For);
  CHECK((ft.flags & kForObject) == 0);
  CHECK(f.source(ft.name) == "s");
  CHECK(ft.key_name.empty());
  CHECK(f.source(f.expr(ft.a).range) == "var.l");
  CHECK(ft.b == kNone);
  CHECK(f.source(f.expr(ft.c).range) == "upper(s)");
  CHECK(f.source(f.expr(ft.d).range) == "s != \"\"");
  CHECK(span(text, ft.range) == "9:10-9:48");
  const Expr& fo = f.expr(attr(f, "forobj"));
  CHECK((fo.flags & (kForObject | kGroup)) == (kForObject | kGroup));
  CHECK(f.source(fo.key_name) == "k");
  CHECK(f.source(f.expr(fo.b).range) == "v");

  const Expr& cond = f.expr(attr(f, "cond"));
  REQUIRE(cond.kind == ExprKind::Conditional);
  CHECK(span(text, cond.range) == "11:10-11:27");
  const Expr& neg = f.expr(attr(f, "neg"));
  CHECK(neg.kind == ExprKind::Unary);
  CHECK(neg.op == Op::Negate);
  CHECK(span(text, neg.range) == "12:10-12:16");
  CHECK(f.expr(attr(f, "not")).op == Op::Not);

  // 1 + 2 * 3 == 7 || false  parses as  ((1 + (2 * 3)) == 7) || false
  const Expr& prec = f.expr(attr(f, "prec"));
  REQUIRE(prec.op == Op::Or);
  const Expr& eq = f.expr(prec.a);
  REQUIRE(eq.op == Op::Equal);
  const Expr& add = f.expr(eq.a);
  REQUIRE(add.op == Op::Add);
  CHECK(f.expr(add.b).op == Op::Multiply);
  CHECK(span(text, add.range) == "14:10-14:19");

  const Expr& paren = f.expr(attr(f, "paren"));
  REQUIRE(paren.op == Op::Multiply);
  CHECK(f.expr(paren.a).kind == ExprKind::Parens);
  CHECK(span(text, f.expr(paren.a).range) == "15:10-15:17");
}

TEST_CASE("hcl comments of every style are kept with their positions", "[hcl]") {
  const std::string text =
      "a = 1 # amilint:ignore AMI002\n"
      "// line\n"
      "/* block\n   comment */ b = [\n  2, /* inner */ 3\n]\n";
  HclFile f = parse_ok(text);
  REQUIRE(f.comments.size() == 4);
  CHECK(span(text, f.comments[0].range) == "1:7-2:1");
  CHECK(f.source(f.comments[0].range) == "# amilint:ignore AMI002\n");
  CHECK(f.comments[0].line);
  CHECK(span(text, f.comments[1].range) == "2:1-3:1");
  CHECK_FALSE(f.comments[2].line);
  CHECK(span(text, f.comments[2].range) == "3:1-4:14");
  CHECK(span(text, f.comments[3].range) == "5:6-5:17");
}

TEST_CASE("hcl syntax errors have exact positions and messages", "[hcl]") {
  // missing '='
  CHECK(error_of("ami 5\n") ==
        "1:1: expected '=' or a block after 'ami', found the number 5; to set an argument write name = value");
  CHECK(error_of("x = { a 1 }\n") == "1:9: expected '=' after the object key 'a', found the number 1");
  // unclosed '{'
  CHECK(error_of("resource \"a\" \"b\" {\n  ami = 1\n") ==
        "1:18: unclosed '{': this block has no closing brace before the end of the file (check the brace nesting in "
        "the file)");
  CHECK(error_of("x = { a = 1") ==
        "1:5: unclosed '{': no closing brace before the end of the file (check the brace nesting)");
  // unterminated string: reported at the end of its line
  CHECK(error_of("ami = \"ami-123\ny = 1\n") ==
        "1:15: unterminated string: a quoted string cannot span lines; close the quote on this line, or write \\n or "
        "use a heredoc (<<EOT) for a multi-line string");
  CHECK(error_of("ami = \"ami-123") == "1:15: unterminated string: no closing quote before the end of the file");
  // unterminated heredoc
  CHECK(error_of("x = <<EOT\nabc\n") ==
        "3:1: unterminated heredoc: no line with the closing marker 'EOT' before the end of the file");
  CHECK(error_of("x = <<EOT\nabc\nEOT") ==
        "3:4: unterminated heredoc: no line with the closing marker 'EOT' before the end of the file");
  // bad characters
  CHECK(error_of("a = 1\nb = @x\n") == "2:5: invalid character '@'; it has no meaning in HCL here");
  CHECK(error_of("a = $var.x\n") ==
        "1:5: '$' outside a string; write a reference without it (var.x), or interpolate inside quotes "
        "(\"${var.x}\")");
  CHECK(error_of("a = 'x'\n") == "1:5: single quotes do not make a string in HCL; use double quotes");
  CHECK(error_of("a = 1; b = 2\n") ==
        "1:6: ';' is not valid in HCL; put each argument on its own line and separate collection items with commas");
  CHECK(error_of("a = b & c\n") == "1:7: '&' is not an operator in HCL; for a logical AND write '&&'");
  // lexer errors come before parse errors, as in HashiCorp's parser
  CHECK(error_of("a = = 1\nb = 'x'\n") == "2:5: single quotes do not make a string in HCL; use double quotes");
  // others
  CHECK(error_of("a = 1\na = 2\n") == "2:1: argument 'a' is already set on line 1; each argument may be set only once");
  CHECK(error_of("cidr = 10.0.0.0\n") ==
        "1:8: invalid number '10.0.0.0'; a number has at most one decimal point (quote values such as IP addresses or "
        "versions)");
  CHECK(error_of("a = 1 2\n") ==
        "1:7: expected a newline after the argument value, found the number 2; put each argument on its own line");
  CHECK(error_of("a = [1 2]\n") == "1:8: expected ',' or ']' after a list item, found the number 2");
  CHECK(error_of("a = f(1 2)\n") == "1:9: expected ',' or ')' after a function argument, found the number 2");
  CHECK(error_of("a = \"\\q\"\n") ==
        "1:6: invalid escape sequence '\\q'; the escapes are \\n \\r \\t \\\" \\\\ \\uNNNN \\UNNNNNNNN (write \\\\ "
        "for a backslash)");
  // the quote after "${x" opens a string inside the interpolation
  CHECK(error_of("a = \"${x\"\n") ==
        "1:10: unterminated string: a quoted string cannot span lines; close the quote on this line, or write \\n or "
        "use a heredoc (<<EOT) for a multi-line string");
  CHECK(error_of("a = \"${x y}\"\n") ==
        "1:10: expected '}' to end the interpolation, found 'y'; if this is meant for another language (a shell "
        "script, a policy), escape it as \"$${\"");
  CHECK(error_of("a = \"%{ if x }y\"\n") == "1:16: the %{ if } directive at 1:6 has no %{ endif }");
  CHECK(error_of("a = x[1\nb = 2\n") == "3:1: expected ']' to close the index opened at 1:6");
  CHECK(error_of("b {\n  a = 1 }\n") ==
        "2:9: expected a newline after the argument value, found '}'; put each argument on its own line");
  CHECK(error_of("b { a = 1\n}\n") ==
        "1:10: a block that starts with an argument on its first line must close on that line; put the closing brace "
        "right after the argument, or the argument on its own line");
  CHECK(error_of("x \"a\"\n{}\n") ==
        "1:6: expected '{' on the same line as the block header 'x'; the opening brace must follow the labels on the "
        "same line");
  CHECK(error_of("}\n") == "1:1: expected an argument or a block, found '}' (check the brace nesting)");
  CHECK(error_of("\"a\" = 1\n") == "1:1: an argument name cannot be quoted; write the name without quotes");
  CHECK(error_of("a = \xff\n") == "1:5: invalid UTF-8 byte sequence; save the file as UTF-8");
  CHECK(error_of("a = [for x in y : x if]\n") ==
        "1:23: expected a value (a string, number, name, [list], {object} or function call), found ']'");
  CHECK(error_of("a = {for x in y : x}\n") == "1:19: an object 'for' expression needs a key: write key => value");
}

TEST_CASE("hcl reports the error that HashiCorp's parser reports first", "[hcl]") {
  // an escape error is found before the unbalanced directive that precedes it
  CHECK(error_of("a = \"%{endif} \\q\"\n") ==
        "1:15: invalid escape sequence '\\q'; the escapes are \\n \\r \\t \\\" \\\\ \\uNNNN \\UNNNNNNNN (write "
        "\\\\ for a backslash)");
  // the end of a 'for' expression is checked before its key
  CHECK(error_of("b = [for x in y: a => b c]\n") ==
        "1:25: unexpected 'c' in the 'for' expression; expected ']' (or 'if' and a condition)");
  // a one-line block not closed on its line is reported before the error inside it
  CHECK(error_of("output \"w\" {\n  value   {    = module.wrapper\n  # sensitive\n}\n") ==
        "3:3: a block that starts with an argument on its first line must close on that line; put the closing brace "
        "right after the argument, or the argument on its own line");
  CHECK(error_of("b { a = 1.2.3\n}\n") ==
        "1:14: a block that starts with an argument on its first line must close on that line; put the closing brace "
        "right after the argument, or the argument on its own line");
  CHECK(error_of("b { a = 1.2.3 }\n") ==
        "1:9: invalid number '1.2.3'; a number has at most one decimal point (quote values such as IP addresses or "
        "versions)");
  // a missing ']' is reported where the brackets close
  CHECK(error_of("a = x[*\n]\n") == "2:1: expected ']' right after '[*'; a full splat is written [*]");
  CHECK(error_of("a = x.0.1\n") == "1:7: '.0.1' chains two old-style indexes; write [0][1]");
  CHECK(error_of("a = \"${x:y}\"\n") ==
        "1:9: unexpected ':' in an interpolation; if this is meant for another language (a shell script, a policy), "
        "escape it as \"$${\"");
  CHECK(error_of("a = 1\n/* unterminated\nb = 2\n") == "2:1: unterminated comment: this '/*' has no closing '*/'");
}

TEST_CASE("hcl nesting is bounded without exhausting the stack", "[hcl]") {
  auto nested = [](int depth, const std::string& open, const std::string& close) {
    std::string s = "a = ";
    for (int i = 0; i < depth; ++i) s += open;
    s += "1";
    for (int i = 0; i < depth; ++i) s += close;
    return s + "\n";
  };
  CHECK(parse_hcl(nested(kMaxNestingDepth - 2, "[", "]"), "t").ok());
  CHECK(parse_hcl(nested(kMaxNestingDepth - 2, "(", ")"), "t").ok());
  const std::string limit = "nesting deeper than 512 levels; simplify the expression or split it with locals";
  for (const auto& [open, close] : std::vector<std::pair<std::string, std::string>>{
           {"[", "]"}, {"(", ")"}, {"{a = ", "}"}, {"f(", ")"}, {"\"${", "}\""}, {"-", ""}, {"!", ""}}) {
    INFO(open);
    HclFile f = parse_hcl(nested(100000, open, close), "t");
    REQUIRE_FALSE(f.ok());
    CHECK(f.errors[0].message == limit);
  }
  // conditionals chained in their false branch
  std::string chain = "a = ";
  for (int i = 0; i < 100000; ++i) chain += "x ? 1 : ";
  HclFile c = parse_hcl(chain + "2\n", "t");
  REQUIRE_FALSE(c.ok());
  CHECK(c.errors[0].message == limit);
  // blocks in blocks
  std::string blocks;
  for (int i = 0; i < 2000; ++i) blocks += "b {\n";
  HclFile b = parse_hcl(blocks, "t");
  REQUIRE_FALSE(b.ok());
  CHECK(b.errors[0].message == limit);
  CHECK(at(blocks, b.errors[0].offset) == "513:1");
  // long but flat input is fine
  std::string flat = "a = [";
  for (int i = 0; i < 100000; ++i) flat += "1 + 2, var.x.y[0], ";
  CHECK(parse_hcl(flat + "]\n", "t").ok());
}

TEST_CASE("hcl parses and renders large or hostile input in linear time", "[hcl]") {
  // Each input takes milliseconds when the work is linear and minutes when it is
  // quadratic; the bound is loose so that a busy machine does not matter.
  auto timed = [](const std::string& text, bool expect_ok) {
    auto t0 = std::chrono::steady_clock::now();
    HclFile f = parse_hcl(text, "big.tf");
    CHECK(f.ok() == expect_ok);
    if (f.ok()) {
      std::string out;
      ParseError err;
      CHECK(render_hcl_json(f, &out, &err));
    }
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  };
  auto repeat = [](const std::string& s, int n) {
    std::string out;
    out.reserve(s.size() * static_cast<size_t>(n));
    for (int i = 0; i < n; ++i) out += s;
    return out;
  };
  const int n = 100000;
  std::string many_attrs;
  for (int i = 0; i < n; ++i) many_attrs += "a" + std::to_string(i) + " = \"v\"\n";
  std::string many_keys = "o = {\n";
  for (int i = 0; i < n; ++i) many_keys += "  k" + std::to_string(i % 1000) + " = " + std::to_string(i) + "\n";
  many_keys += "}\n";
  const std::vector<std::pair<std::string, bool>> inputs = {
      {many_attrs, true},
      {many_keys, true},
      {"h = <<-EOT\n" + repeat("    line ${x} $${y}\n", n) + "  EOT\n", true},
      {"a = x" + repeat(".y[0]", n) + "\n", true},
      {"a = 1\n" + repeat("/*", n) + "\n", false},
      {repeat("a = 1\n", n), false},
      {"a = " + repeat("\"${", n) + "\n", false},
      {"a = " + repeat("<<EOT\n${", n) + "\n", false},
  };
  for (const auto& [text, ok] : inputs) {
    INFO(text.substr(0, 40));
    CHECK(timed(text, ok) < 5.0);
  }
}

TEST_CASE("hcl renders the JSON form of hcl2json", "[hcl]") {
  CHECK(render("resource \"aws_instance\" \"web\" {\n  ami = var.ami\n  count = 2\n}\n"
               "resource \"aws_instance\" \"db\" {\n}\n"
               "locals {\n  a = 1\n}\nlocals {\n  b = [true, null, -1.50]\n}\n") ==
        R"({"locals":[{"a":1},{"b":[true,null,-1.5]}],"resource":{"aws_instance":{"db":[{}],)"
        R"("web":[{"ami":"${var.ami}","count":2}]}}})");
  // expressions keep their source; whitespace inside interpolations is dropped
  CHECK(render("a = \"ami-${ var.x }\"\nb = \"${ var.y }\"\nc = f(\n  1)\nd = 1e3\ne = \"a${1e3}\"\n") ==
        R"({"a":"ami-${var.x}","b":"${var.y}","c":"${f(\n  1)}","d":1000,"e":"a1000"})");
  // literal "${" stays escaped; directives are rewritten without strip markers
  CHECK(render("a = \"$${x} %%{y}\"\nb = \"%{ if c ~} y %{~ else } n %{ endif }\"\n"
               "c = \"x${a ? \"y\" : \"\"}\"\n") ==
        R"({"a":"$${x} %%{y}","b":"%{if c}y%{else} n %{endif}","c":"x%{if a}y%{endif}"})");
  // object keys: names and strings are literal, other expressions are interpolated
  CHECK(render("o = {\n  a = 1\n  \"b\" = 2\n  (c) = 3\n  d.e = 4\n  \"${f}\" = 5\n}\n") ==
        R"({"o":{"${(c)}":3,"${f}":5,"a":1,"b":2,"d.e":4}})");
  // an attribute wins over a block of the same name
  CHECK(render("x {\n}\nx = 1\n") == R"({"x":1})");
  // "<", ">" and "&" are escaped as Go's encoder does
  CHECK(render("v = \">= 1.0 & <2\"\n") == R"({"v":"\u003e= 1.0 \u0026 \u003c2"})");

  HclFile mixed = parse_ok("x \"a\" {\n}\nx {\n}\n");
  std::string out;
  ParseError err;
  CHECK_FALSE(render_hcl_json(mixed, &out, &err));
  CHECK(err.message == "cannot convert the block to JSON: x is also a block with more labels");
  CHECK(err.offset == 10);
}

TEST_CASE("hcl parser survives random and mutated input", "[hcl]") {
  const std::string seed =
      "resource \"aws_instance\" \"web\" {\n  ami = \"${data.aws_ami.x.id}\"\n  tags = { Name = \"a-${var.n}\" }\n"
      "  user_data = <<-EOT\n    #!/bin/sh\n    echo %{ if var.x }yes%{ endif }\n  EOT\n  list = [for i in "
      "var.l : i[*].id if i != null]\n}\n";
  const std::string alphabet = "{}[]()\"=,.:?!$%~\n#/*<-\\';&|^@a1 \t\r${}%{}<<EOT\n";
  std::mt19937 rng(42);
  size_t accepted = 0;
  for (int i = 0; i < 3000; ++i) {
    std::string t = seed;
    int edits = 1 + static_cast<int>(rng() % 4);
    for (int k = 0; k < edits; ++k) {
      size_t pos = rng() % (t.size() + 1);
      switch (rng() % 3) {
        case 0:
          if (pos < t.size()) t.erase(pos, 1);
          break;
        case 1:
          t.insert(pos, 1, alphabet[rng() % alphabet.size()]);
          break;
        default:
          t.insert(pos, t.substr(rng() % t.size(), rng() % 12));
          break;
      }
    }
    HclFile f = parse_hcl(t, "fuzz.tf");
    if (f.ok()) {
      ++accepted;
      std::string out;
      ParseError err;
      render_hcl_json(f, &out, &err);
    } else {
      REQUIRE(f.errors.size() == 1);
      CHECK(f.errors[0].offset <= t.size());
      CHECK_FALSE(f.errors[0].message.empty());
    }
  }
  CHECK(accepted > 100);
  for (int i = 0; i < 500; ++i) {
    std::string t(rng() % 200, '\0');
    for (char& c : t) c = static_cast<char>(rng() % 128);
    HclFile f = parse_hcl(t, "random.tf");
    CHECK((f.ok() || f.errors.size() == 1));
  }
}
