// Tests for the lowering of HCL's JSON syntax (.tf.json, .tfvars.json) into the HCL
// AST: block structure and labels, attributes, every value kind with its exact byte
// range, templates parsed from the JSON string's source and spliced in with ranges
// on the JSON text, "//" comments, both schemas, documents that are not objects,
// parse errors, and every .tf.json/.tfvars.json of the fixtures and the corpus.
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <functional>
#include <iterator>
#include <random>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "linter/load/hcl/hcl.h"
#include "linter/load/hcl/json_syntax.h"
#include "linter/load/loaders.h"

using namespace amilint;
using namespace amilint::hcl;

namespace {

namespace fs = std::filesystem;

HclFile lower(std::string_view text, JsonSchema schema = JsonSchema::TerraformConfig) {
  Document doc = load_json(text, "test.tf.json");
  return lower_json(doc, text, "test.tf.json", schema);
}

HclFile lower_ok(std::string_view text, JsonSchema schema = JsonSchema::TerraformConfig) {
  HclFile f = lower(text, schema);
  INFO(text);
  INFO((f.errors.empty() ? std::string("no error") : std::to_string(f.errors[0].offset) + ": " + f.errors[0].message));
  REQUIRE(f.ok());
  return f;
}

// The range of the nth occurrence of needle in text.
Range find(std::string_view text, std::string_view needle, int nth = 0) {
  size_t at = text.find(needle);
  for (int i = 0; i < nth && at != std::string_view::npos; ++i) at = text.find(needle, at + 1);
  REQUIRE(at != std::string_view::npos);
  return Range{static_cast<uint32_t>(at), static_cast<uint32_t>(at + needle.size())};
}

bool same(Range a, Range b) { return a.begin == b.begin && a.end == b.end; }

std::vector<const Block*> blocks(const HclFile& f) {
  std::vector<const Block*> out;
  const Body& b = f.bodies[f.root];
  for (uint32_t i = 0; i < b.item_count; ++i)
    if (f.items(b)[i].is_block) out.push_back(&f.blocks[f.items(b)[i].index]);
  return out;
}

std::vector<const Attribute*> attributes(const HclFile& f, Id body) {
  std::vector<const Attribute*> out;
  const Body& b = f.bodies[body];
  for (uint32_t i = 0; i < b.item_count; ++i) {
    REQUIRE_FALSE(f.items(b)[i].is_block);
    out.push_back(&f.attributes[f.items(b)[i].index]);
  }
  return out;
}

// The value of the attribute `name` of a body.
Id attr(const HclFile& f, Id body, std::string_view name) {
  for (const Attribute* a : attributes(f, body))
    if (name_text(f, a->name) == name) return a->value;
  FAIL("no attribute " << name);
  return kNone;
}

std::string label(const HclFile& f, const Block& b, uint32_t i) {
  REQUIRE(i < b.label_count);
  return std::string(f.str(f.labels_of(b)[i].value));
}

const Expr& item(const HclFile& f, const Expr& e, uint32_t i) {
  REQUIRE(i < e.item_count);
  return f.expr(f.items(e)[i]);
}

// "type label label ..." of a block.
std::string header(const HclFile& f, const Block& b) {
  std::string s = name_text(f, b.type);
  for (uint32_t i = 0; i < b.label_count; ++i) s += " " + label(f, b, i);
  return s;
}

bool inside(Range r, size_t size) { return r.begin <= r.end && r.end <= size; }

// Every index and range of a lowered file is valid; returns the first problem.
std::string check_file(const HclFile& f) {
  const size_t n = f.text.size();
  auto bad_id = [&](Id id) { return id != kNone && id >= f.exprs.size(); };
  for (size_t i = 0; i < f.exprs.size(); ++i) {
    const Expr& e = f.exprs[i];
    std::string at = "expr " + std::to_string(i) + ": ";
    if (!inside(e.range, n) || !inside(e.name, n) || !inside(e.key_name, n)) return at + "range";
    if (e.str.offset + uint64_t(e.str.size) > f.strings.size()) return at + "string";
    if (bad_id(e.a) || bad_id(e.b) || bad_id(e.c) || bad_id(e.d)) return at + "child";
    if (e.items + uint64_t(e.item_count) > f.lists.size()) return at + "items";
    if (e.items2 + uint64_t(e.item2_count) > f.lists.size()) return at + "items2";
    if (e.steps + uint64_t(e.step_count) > f.steps.size()) return at + "steps";
    for (uint32_t k = 0; k < e.item_count; ++k)
      if (f.lists[e.items + k] >= f.exprs.size()) return at + "item";
    for (uint32_t k = 0; k < e.item2_count; ++k)
      if (f.lists[e.items2 + k] >= f.exprs.size()) return at + "item2";
  }
  for (const Step& s : f.steps)
    if (!inside(s.range, n) || !inside(s.name, n) || bad_id(s.key)) return "step";
  for (const Attribute& a : f.attributes)
    if (!inside(a.name, n) || !inside(a.range, n) || a.value >= f.exprs.size()) return "attribute";
  for (const Label& l : f.labels)
    if (!inside(l.range, n) || l.value.offset + uint64_t(l.value.size) > f.strings.size()) return "label";
  for (const Block& b : f.blocks)
    if (!inside(b.type, n) || !inside(b.range, n) || !inside(b.open_brace, n) || !inside(b.close_brace, n) ||
        b.body >= f.bodies.size() || b.labels + uint64_t(b.label_count) > f.labels.size())
      return "block";
  for (const Body& b : f.bodies) {
    if (!inside(b.range, n) || b.items + uint64_t(b.item_count) > f.body_items.size()) return "body";
    for (uint32_t k = 0; k < b.item_count; ++k) {
      const BodyItem& it = f.body_items[b.items + k];
      if (it.index >= (it.is_block ? f.blocks.size() : f.attributes.size())) return "body item";
    }
  }
  if (f.root == kNone || f.root >= f.bodies.size()) return "root";
  return "";
}

// Every range of the subtree of id lies within r.
bool all_within(const HclFile& f, Id id, Range r) {
  if (id == kNone) return true;
  const Expr& e = f.expr(id);
  auto in = [&](Range x) { return (x.begin == 0 && x.end == 0) || (x.begin >= r.begin && x.end <= r.end); };
  if (!in(e.range) || !in(e.name) || !in(e.key_name)) return false;
  for (Id c : {e.a, e.b, e.c, e.d})
    if (!all_within(f, c, r)) return false;
  for (uint32_t k = 0; k < e.item_count; ++k)
    if (!all_within(f, f.items(e)[k], r)) return false;
  for (uint32_t k = 0; k < e.item2_count; ++k)
    if (!all_within(f, f.items2(e)[k], r)) return false;
  for (uint32_t k = 0; k < e.step_count; ++k) {
    const Step& s = f.steps_of(e)[k];
    if (!in(s.range) || !in(s.name) || !all_within(f, s.key, r)) return false;
  }
  return true;
}

}  // namespace

TEST_CASE("JSON syntax: resource and data blocks, labels at both levels, arrays at each", "[hcl][json_syntax]") {
  const std::string text = R"({
  "resource": {
    "aws_instance": {
      "web": {"ami": "ami-1"},
      "multi": [{"ami": "ami-2"}, {"ami": "ami-3"}]
    },
    "aws_launch_template": [{"lt": {}}, {"lt2": {"image_id": "ami-4"}}]
  },
  "data": [{"aws_ami": {"ubuntu": {"most_recent": true}}}]
})";
  HclFile f = lower_ok(text);
  CHECK(f.text == text);
  CHECK(same(f.bodies[f.root].range, Range{0, static_cast<uint32_t>(text.size())}));
  auto bs = blocks(f);
  REQUIRE(bs.size() == 6);
  CHECK(header(f, *bs[0]) == "resource aws_instance web");
  CHECK(header(f, *bs[1]) == "resource aws_instance multi");
  CHECK(header(f, *bs[2]) == "resource aws_instance multi");
  CHECK(header(f, *bs[3]) == "resource aws_launch_template lt");
  CHECK(header(f, *bs[4]) == "resource aws_launch_template lt2");
  CHECK(header(f, *bs[5]) == "data aws_ami ubuntu");

  // type: the section key (quoted); labels: the keys, quoted, decoded values
  const Block& web = *bs[0];
  CHECK(same(web.type, find(text, "\"resource\"")));
  CHECK(f.source(web.type) == "\"resource\"");
  REQUIRE(web.label_count == 2);
  CHECK(same(f.labels_of(web)[0].range, find(text, "\"aws_instance\"")));
  CHECK(same(f.labels_of(web)[1].range, find(text, "\"web\"")));
  CHECK(f.labels_of(web)[0].quoted);
  CHECK(f.labels_of(web)[1].quoted);
  // range, body range and braces: the body object
  Range web_body = find(text, R"({"ami": "ami-1"})");
  CHECK(same(web.range, web_body));
  CHECK(same(f.bodies[web.body].range, web_body));
  CHECK(same(web.open_brace, Range{web_body.begin, web_body.begin + 1}));
  CHECK(same(web.close_brace, Range{web_body.end - 1, web_body.end}));
  auto attrs = attributes(f, web.body);
  REQUIRE(attrs.size() == 1);
  CHECK(same(attrs[0]->name, find(text, "\"ami\"")));
  CHECK(same(attrs[0]->range, find(text, R"("ami": "ami-1")")));
  CHECK(f.as_literal(attrs[0]->value)->text == "ami-1");

  // an array at the NAME level: one block per object, each with its own body
  CHECK(same(bs[1]->range, find(text, R"({"ami": "ami-2"})")));
  CHECK(same(bs[2]->range, find(text, R"({"ami": "ami-3"})")));
  CHECK(same(f.labels_of(*bs[1])[1].range, f.labels_of(*bs[2])[1].range));
  CHECK(f.as_literal(attr(f, bs[2]->body, "ami"))->text == "ami-3");
  // an array at the TYPE level
  CHECK(same(f.labels_of(*bs[3])[0].range, find(text, "\"aws_launch_template\"")));
  CHECK(same(f.labels_of(*bs[4])[0].range, find(text, "\"aws_launch_template\"")));
  CHECK(f.bodies[bs[3]->body].item_count == 0);
  CHECK(same(bs[3]->range, find(text, "{}")));
  // an array at the section level
  CHECK(same(bs[5]->type, find(text, "\"data\"")));
  CHECK(f.as_literal(attr(f, bs[5]->body, "most_recent"))->text == "true");
  CHECK(check_file(f) == "");
}

TEST_CASE("JSON syntax: variable, output, module, provider, locals and other blocks, // skipped",
          "[hcl][json_syntax]") {
  const std::string text = R"({
  "//": "a comment",
  "variable": {"ami": {"default": "ami-0abc", "//": "c"}, "//": "c", "empty": {}},
  "output": {"id": [{"value": "${var.ami}"}]},
  "module": {"app": {"source": "./app", "count": 2}},
  "provider": {"aws": [{"region": "us-east-1"}, {"alias": "west", "region": "us-west-2"}]},
  "locals": [{"a": 1}, {"b": {"//": "c", "x": [1, {"//": 0}]}, "//": "c"}],
  "terraform": {"required_version": ">= 1.0"},
  "moved": [{"from": "aws_instance.a", "to": "aws_instance.b"}],
  "resource": {"//": "c", "aws_instance": {"//": "c", "x": {"ami": "ami-1"}}},
  "import": {"to": "aws_instance.x", "id": "i-1"}
})";
  HclFile f = lower_ok(text);
  auto bs = blocks(f);
  std::vector<std::string> headers;
  for (const Block* b : bs) headers.push_back(header(f, *b));
  CHECK(headers == std::vector<std::string>{"variable ami", "variable empty", "output id", "module app",
                                            "provider aws", "provider aws", "locals", "locals", "terraform",
                                            "moved", "resource aws_instance x", "import"});
  // "//" keys are in no body
  for (const Attribute& a : f.attributes) CHECK(name_text(f, a.name) != "//");
  CHECK(attributes(f, bs[0]->body).size() == 1);
  CHECK(f.as_literal(attr(f, bs[0]->body, "default"))->text == "ami-0abc");
  CHECK(f.bodies[bs[1]->body].item_count == 0);
  CHECK(same(f.labels_of(*bs[1])[0].range, find(text, "\"empty\"")));
  // one label: the name key
  CHECK(bs[2]->label_count == 1);
  CHECK(same(f.labels_of(*bs[2])[0].range, find(text, "\"id\"")));
  CHECK(same(bs[2]->range, find(text, R"({"value": "${var.ami}"})")));
  CHECK(f.as_reference(attr(f, bs[2]->body, "value"))->root == "var");
  CHECK(f.as_literal(attr(f, bs[3]->body, "source"))->text == "./app");
  CHECK(f.as_literal(attr(f, bs[3]->body, "count"))->text == "2");
  CHECK(f.as_literal(attr(f, bs[5]->body, "alias"))->text == "west");
  CHECK(f.as_literal(attr(f, bs[5]->body, "region"))->text == "us-west-2");
  // locals: no labels, one block per object, its keys the attributes
  CHECK(bs[6]->label_count == 0);
  CHECK(same(bs[6]->type, find(text, "\"locals\"")));
  CHECK(same(bs[6]->range, find(text, R"({"a": 1})")));
  CHECK(f.as_literal(attr(f, bs[6]->body, "a"))->text == "1");
  auto b_attrs = attributes(f, bs[7]->body);
  REQUIRE(b_attrs.size() == 1);
  const Expr& b = f.expr(b_attrs[0]->value);
  REQUIRE(b.kind == ExprKind::Object);
  REQUIRE(b.item_count == 2);  // "x": [...] only
  CHECK(f.as_literal(f.items(b)[0])->text == "x");
  const Expr& x = item(f, b, 1);
  REQUIRE(x.kind == ExprKind::Tuple);
  REQUIRE(x.item_count == 2);
  CHECK(item(f, x, 1).kind == ExprKind::Object);
  CHECK(item(f, x, 1).item_count == 0);
  // other keys: a block of that type, no labels, nested objects stay values
  CHECK(bs[8]->label_count == 0);
  CHECK(f.as_literal(attr(f, bs[8]->body, "required_version"))->text == ">= 1.0");
  CHECK(f.as_literal(attr(f, bs[9]->body, "to"))->text == "aws_instance.b");
  CHECK(f.as_literal(attr(f, bs[11]->body, "id"))->text == "i-1");
  CHECK(check_file(f) == "");
}

TEST_CASE("JSON syntax: bodies that are not objects make no block, nested blocks stay values",
          "[hcl][json_syntax]") {
  const std::string text = R"({
  "resource": {"aws_instance": {"a": null, "b": [1, {"ami": "x"}, [{}]], "c": "s"}, "t": 5},
  "variable": {"v": 1},
  "locals": [1, null],
  "terraform": "x",
  "module": {"m": {"source": "./m", "providers": {"aws": "${aws.west}"}}},
  "data": {"aws_ami": {"d": {"filter": [{"name": "name", "values": ["ubuntu-*"]}]}}}
})";
  HclFile f = lower_ok(text);
  auto bs = blocks(f);
  REQUIRE(bs.size() == 3);
  CHECK(header(f, *bs[0]) == "resource aws_instance b");
  CHECK(same(bs[0]->range, find(text, R"({"ami": "x"})")));
  CHECK(header(f, *bs[1]) == "module m");
  CHECK(header(f, *bs[2]) == "data aws_ami d");
  CHECK(f.blocks.size() == 3);
  const Expr& filter = f.expr(attr(f, bs[2]->body, "filter"));
  REQUIRE(filter.kind == ExprKind::Tuple);
  REQUIRE(filter.item_count == 1);
  CHECK(item(f, filter, 0).kind == ExprKind::Object);
  CHECK(check_file(f) == "");
}

TEST_CASE("JSON syntax: variable values schema", "[hcl][json_syntax]") {
  const std::string text = R"({"ami": "ami-1", "//": "c", "n": 3, "resource": {"aws_instance": {"x": {}}}})";
  HclFile f = lower_ok(text, JsonSchema::VariableValues);
  CHECK(f.blocks.empty());
  auto attrs = attributes(f, f.root);
  REQUIRE(attrs.size() == 3);
  CHECK(name_text(f, attrs[0]->name) == "ami");
  CHECK(same(attrs[0]->name, find(text, "\"ami\"")));
  CHECK(same(attrs[0]->range, find(text, R"("ami": "ami-1")")));
  CHECK(f.as_literal(attrs[0]->value)->text == "ami-1");
  CHECK(name_text(f, attrs[1]->name) == "n");
  CHECK(f.as_literal(attrs[1]->value)->text == "3");
  CHECK(name_text(f, attrs[2]->name) == "resource");
  CHECK(f.expr(attrs[2]->value).kind == ExprKind::Object);
  CHECK(same(f.bodies[f.root].range, Range{0, static_cast<uint32_t>(text.size())}));
  CHECK(check_file(f) == "");
}

TEST_CASE("JSON syntax: literals of every type with exact ranges", "[hcl][json_syntax]") {
  const std::string text =
      R"({"s": "hello", "e": "", "esc": "a\"b\u0041\n", "n": -1.5e3, "i": 0, "t": true, "f": false, )"
      R"("z": null, "o": {"k": 1, "//": 2, "k\u0032": "v"}, "l": [1, "x", []], "u": "caf\u00e9 \ud83d\ude00"})";
  HclFile f = lower_ok(text, JsonSchema::VariableValues);
  Id root = f.root;

  Id s = attr(f, root, "s");
  const Expr& se = f.expr(s);
  CHECK(se.kind == ExprKind::Template);
  CHECK(se.flags == 0);
  CHECK(same(se.range, find(text, "\"hello\"")));
  REQUIRE(se.item_count == 1);
  CHECK(item(f, se, 0).kind == ExprKind::String);
  CHECK(f.str(item(f, se, 0).str) == "hello");
  CHECK(same(item(f, se, 0).range, find(text, "hello")));
  auto sl = f.as_literal(s);
  REQUIRE(sl);
  CHECK(sl->type == ExprKind::String);
  CHECK(sl->text == "hello");
  CHECK(same(sl->range, find(text, "\"hello\"")));

  Id e = attr(f, root, "e");
  CHECK(f.expr(e).kind == ExprKind::Template);
  CHECK(f.expr(e).item_count == 0);
  CHECK(same(f.expr(e).range, find(text, "\"\"")));
  auto el = f.as_literal(e);
  REQUIRE(el);
  CHECK(el->type == ExprKind::String);
  CHECK(el->text == "");
  CHECK(same(el->range, find(text, "\"\"")));

  Id esc = attr(f, root, "esc");
  auto escl = f.as_literal(esc);
  REQUIRE(escl);
  CHECK(escl->text == "a\"bA\n");
  CHECK(same(escl->range, find(text, R"("a\"b\u0041\n")")));
  CHECK(same(item(f, f.expr(esc), 0).range, find(text, R"(a\"b\u0041\n)")));

  auto nl = f.as_literal(attr(f, root, "n"));
  REQUIRE(nl);
  CHECK(nl->type == ExprKind::Number);
  CHECK(nl->text == "-1.5e3");
  CHECK(same(nl->range, find(text, "-1.5e3")));
  CHECK(f.expr(attr(f, root, "n")).kind == ExprKind::Number);
  CHECK(f.as_literal(attr(f, root, "i"))->text == "0");

  const Expr& t = f.expr(attr(f, root, "t"));
  CHECK(t.kind == ExprKind::Bool);
  CHECK(t.flags == kTrue);
  CHECK(same(t.range, find(text, "true")));
  CHECK(f.as_literal(attr(f, root, "t"))->text == "true");
  const Expr& fa = f.expr(attr(f, root, "f"));
  CHECK(fa.kind == ExprKind::Bool);
  CHECK(fa.flags == 0);
  CHECK(same(fa.range, find(text, "false")));
  CHECK(f.as_literal(attr(f, root, "f"))->text == "false");
  const Expr& z = f.expr(attr(f, root, "z"));
  CHECK(z.kind == ExprKind::Null);
  CHECK(same(z.range, find(text, "null")));
  auto zl = f.as_literal(attr(f, root, "z"));
  REQUIRE(zl);
  CHECK(zl->type == ExprKind::Null);
  CHECK(zl->text == "null");

  // objects: key, value, ...; keys are string literals with the key's range
  const Expr& o = f.expr(attr(f, root, "o"));
  CHECK(o.kind == ExprKind::Object);
  CHECK(same(o.range, find(text, R"({"k": 1, "//": 2, "k\u0032": "v"})")));
  REQUIRE(o.item_count == 4);
  auto k0 = f.as_literal(f.items(o)[0]);
  REQUIRE(k0);
  CHECK(k0->type == ExprKind::String);
  CHECK(k0->text == "k");
  CHECK(same(k0->range, find(text, "\"k\"")));
  CHECK(same(item(f, o, 0).range, find(text, "\"k\"")));
  Range kq = find(text, "\"k\"");
  CHECK(same(item(f, item(f, o, 0), 0).range, Range{kq.begin + 1, kq.end - 1}));
  CHECK(f.as_literal(f.items(o)[1])->text == "1");
  auto k2 = f.as_literal(f.items(o)[2]);
  REQUIRE(k2);
  CHECK(k2->text == "k2");
  CHECK(same(k2->range, find(text, R"("k\u0032")")));
  CHECK(f.as_literal(f.items(o)[3])->text == "v");

  const Expr& l = f.expr(attr(f, root, "l"));
  CHECK(l.kind == ExprKind::Tuple);
  CHECK(same(l.range, find(text, R"([1, "x", []])")));
  REQUIRE(l.item_count == 3);
  CHECK(item(f, l, 0).kind == ExprKind::Number);
  CHECK(f.as_literal(f.items(l)[1])->text == "x");
  CHECK(item(f, l, 2).kind == ExprKind::Tuple);
  CHECK(item(f, l, 2).item_count == 0);
  CHECK(same(item(f, l, 2).range, find(text, "[]")));

  CHECK(f.as_literal(attr(f, root, "u"))->text == "caf\xC3\xA9 \xF0\x9F\x98\x80");
  CHECK(check_file(f) == "");
}

TEST_CASE("JSON syntax: a template is parsed from the string's source, ranges on the JSON text",
          "[hcl][json_syntax]") {
  const std::string text = R"({"resource": {"aws_instance": {"web": {
    "ami": "${var.ami}",
    "provider": "${aws.west}",
    "name": "ami-${var.v}-x",
    "tags": {"Name": "${local.n}"}
}}}})";
  HclFile f = lower_ok(text);
  auto bs = blocks(f);
  REQUIRE(bs.size() == 1);
  Id body = bs[0]->body;

  Id ami = attr(f, body, "ami");
  const Expr& w = f.expr(ami);
  CHECK(w.kind == ExprKind::TemplateWrap);
  CHECK(w.flags == kJsonString);
  CHECK(same(w.range, find(text, "\"${var.ami}\"")));
  REQUIRE(w.a != kNone);
  CHECK(all_within(f, w.a, w.range));
  auto ref = f.as_reference(ami);
  REQUIRE(ref);
  CHECK(ref->root == "var");
  Range va = find(text, "var.ami");
  CHECK(same(ref->root_range, Range{va.begin, va.begin + 3}));
  CHECK(same(ref->range, va));
  CHECK(f.source(ref->range) == "var.ami");
  REQUIRE(ref->step_count == 1);
  CHECK(ref->steps[0].kind == StepKind::Attr);
  CHECK(f.source(ref->steps[0].name) == "ami");
  CHECK(same(ref->steps[0].name, Range{va.begin + 4, va.end}));
  CHECK(same(ref->steps[0].range, Range{va.begin + 3, va.end}));
  CHECK_FALSE(f.as_literal(ami));

  auto prov = f.as_reference(attr(f, body, "provider"));
  REQUIRE(prov);
  CHECK(prov->root == "aws");
  REQUIRE(prov->step_count == 1);
  CHECK(f.source(prov->steps[0].name) == "west");
  CHECK(same(prov->range, find(text, "aws.west")));

  // text around an interpolation: the wrapper holds the parsed Template
  Id name = attr(f, body, "name");
  const Expr& nw = f.expr(name);
  CHECK(nw.flags == kJsonString);
  CHECK(same(nw.range, find(text, "\"ami-${var.v}-x\"")));
  const Expr& tpl = f.expr(f.unwrap(name));
  REQUIRE(tpl.kind == ExprKind::Template);
  CHECK(same(tpl.range, nw.range));
  REQUIRE(tpl.item_count == 3);
  CHECK(item(f, tpl, 0).kind == ExprKind::String);
  CHECK(f.str(item(f, tpl, 0).str) == "ami-");
  Range piece = find(text, "ami-$");
  CHECK(same(item(f, tpl, 0).range, Range{piece.begin, piece.begin + 4}));
  auto v = f.as_reference(f.items(tpl)[1]);
  REQUIRE(v);
  CHECK(same(v->range, find(text, "var.v")));
  CHECK(f.str(item(f, tpl, 2).str) == "-x");
  piece = find(text, "-x\"");
  CHECK(same(item(f, tpl, 2).range, Range{piece.begin, piece.begin + 2}));

  const Expr& tags = f.expr(attr(f, body, "tags"));
  REQUIRE(tags.kind == ExprKind::Object);
  auto n = f.as_reference(f.items(tags)[1]);
  REQUIRE(n);
  CHECK(same(n->range, find(text, "local.n")));
  CHECK(check_file(f) == "");
}

// The tree of a in fa is the tree of b in fb, every range of fa shifted by delta.
bool same_tree(const HclFile& fa, Id a, const HclFile& fb, Id b, uint32_t delta) {
  if (a == kNone || b == kNone) return a == b;
  const Expr& x = fa.expr(a);
  const Expr& y = fb.expr(b);
  auto eq = [&](Range p, Range q) {
    return (p.empty() && q.empty() && p.begin == 0 && q.begin == 0) ||
           (p.begin == q.begin + delta && p.end == q.end + delta);
  };
  if (x.kind != y.kind || x.op != y.op || x.flags != y.flags || !eq(x.range, y.range) || !eq(x.name, y.name) ||
      !eq(x.key_name, y.key_name) || fa.str(x.str) != fb.str(y.str) || x.item_count != y.item_count ||
      x.item2_count != y.item2_count || x.step_count != y.step_count)
    return false;
  if (!same_tree(fa, x.a, fb, y.a, delta) || !same_tree(fa, x.b, fb, y.b, delta) ||
      !same_tree(fa, x.c, fb, y.c, delta) || !same_tree(fa, x.d, fb, y.d, delta))
    return false;
  for (uint32_t i = 0; i < x.item_count; ++i)
    if (!same_tree(fa, fa.items(x)[i], fb, fb.items(y)[i], delta)) return false;
  for (uint32_t i = 0; i < x.item2_count; ++i)
    if (!same_tree(fa, fa.items2(x)[i], fb, fb.items2(y)[i], delta)) return false;
  for (uint32_t i = 0; i < x.step_count; ++i) {
    const Step& s = fa.steps_of(x)[i];
    const Step& t = fb.steps_of(y)[i];
    if (s.kind != t.kind || !eq(s.range, t.range) || !eq(s.name, t.name) || !same_tree(fa, s.key, fb, t.key, delta))
      return false;
  }
  return true;
}

TEST_CASE("JSON syntax: strings lower to what the parser makes of the same source", "[hcl][json_syntax]") {
  // {"x": S} puts S at offset 6; x = S at offset 4.
  std::vector<std::string> rejected;
  for (std::string s : {R"("")", R"("hello")", R"("a\"b\\c\n\t")", R"("caf\u00e9")", R"("${var.ami}")",
                        R"("ami-${var.v}-x")", R"("%{if a}b%{else}c%{endif}")", R"("%{for k, v in m}${k}=${v}%{endfor}")",
                        R"("${data.aws_ami.x.id}")", R"("${a[*].b}")", R"("${f(x...)}")", R"("${x ? 1 : -2}")",
                        R"("${~ x ~}")", R"("${[for k, v in m : v if k != \"\"]}")", R"("$${x} %%{y}")",
                        R"("${a.0.b[\"k\"]}")"}) {
    INFO(s);
    std::string json = "{\"x\": " + s + "}";
    HclFile j = lower(json, JsonSchema::VariableValues);
    REQUIRE(j.ok());
    HclFile h = parse_hcl("x = " + s + "\n", "x.tf");
    Id jv = attr(j, j.root, "x");
    if (!h.ok()) {
      // HCL rejects \" inside ${}; the JSON syntax decodes the string first, so there
      // it is a quote (HashiCorp's JSON syntax reads it so)
      CHECK(j.expr(jv).kind == ExprKind::TemplateWrap);
      CHECK(j.expr(jv).a != kNone);
      rejected.push_back(s);
      continue;
    }
    Id hv = h.attributes[0].value;
    const Expr& je = j.expr(jv);
    if (je.kind == ExprKind::TemplateWrap && (je.flags & kJsonString)) {
      CHECK(same_tree(j, je.a, h, hv, 2));
      CHECK(same(je.range, Range{6, static_cast<uint32_t>(6 + s.size())}));
    } else {
      CHECK(same_tree(j, jv, h, hv, 2));
    }
  }
  // a JSON-escaped quote inside an interpolation is no HCL, but is JSON syntax
  CHECK(rejected == std::vector<std::string>{R"("${[for k, v in m : v if k != \"\"]}")", R"("${a.0.b[\"k\"]}")"});
}

TEST_CASE("JSON syntax: escaped quotes inside an interpolation are the string's quotes, at their JSON bytes",
          "[hcl][json_syntax]") {
  const std::string text = R"({"x": "ami-${lookup(var.m, \"k\\\"q\", \"d\")}\n"})";
  HclFile f = lower_ok(text, JsonSchema::VariableValues);
  Id x = attr(f, f.root, "x");
  const Expr& t = f.expr(f.unwrap(x));
  REQUIRE(t.kind == ExprKind::Template);
  REQUIRE(t.item_count == 3);
  CHECK(f.str(item(f, t, 0).str) == "ami-");
  CHECK(same(item(f, t, 0).range, find(text, "ami-")));
  const Expr& call = f.expr(f.unwrap(f.items(t)[1]));
  REQUIRE(call.kind == ExprKind::Call);
  CHECK(f.source(call.name) == "lookup");
  REQUIRE(call.item_count == 3);
  auto k = f.as_literal(f.items(call)[1]);
  REQUIRE(k);
  CHECK(k->text == "k\"q");
  CHECK(same(k->range, find(text, R"(\"k\\\"q\")")));
  auto m = f.as_reference(f.items(call)[0]);
  REQUIRE(m);
  CHECK(same(m->range, find(text, "var.m")));
  CHECK(f.str(item(f, t, 2).str) == "\n");
  CHECK(same(item(f, t, 2).range, find(text, R"(\n)")));
}

TEST_CASE("JSON syntax: %{if} directives, escapes and unparsable templates", "[hcl][json_syntax]") {
  const std::string text =
      R"({"d": "%{if var.on}yes%{else}no%{endif}", "bad": "\/${x}", "lit": "$${x}", "i": "${a[0]}", )"
      R"("e": "x", "after": "${var.z}"})";
  HclFile f = lower_ok(text, JsonSchema::VariableValues);

  Id d = attr(f, f.root, "d");
  CHECK(f.expr(d).kind == ExprKind::TemplateWrap);
  CHECK(f.expr(d).flags == kJsonString);
  const Expr& tpl = f.expr(f.unwrap(d));
  REQUIRE(tpl.kind == ExprKind::Template);
  CHECK(same(tpl.range, find(text, R"("%{if var.on}yes%{else}no%{endif}")")));
  REQUIRE(tpl.item_count == 1);
  const Expr& cond = item(f, tpl, 0);
  REQUIRE(cond.kind == ExprKind::TemplateIf);
  CHECK(same(cond.range, find(text, "%{if var.on}yes%{else}no%{endif}")));
  auto c = f.as_reference(cond.a);
  REQUIRE(c);
  CHECK(same(c->range, find(text, "var.on")));
  REQUIRE(cond.item_count == 1);
  CHECK(f.str(item(f, cond, 0).str) == "yes");
  CHECK(same(item(f, cond, 0).range, find(text, "yes")));
  REQUIRE(cond.item2_count == 1);
  CHECK(f.str(f.expr(f.items2(cond)[0]).str) == "no");
  Range no = find(text, "no%{endif}");
  CHECK(same(f.expr(f.items2(cond)[0]).range, Range{no.begin, no.begin + 2}));
  CHECK_FALSE(f.as_literal(d));

  // JSON's "\/" is no HCL escape: the string is read from its decoded value, "/${x}",
  // with every part at its bytes in the JSON text
  Id bad = attr(f, f.root, "bad");
  const Expr& be = f.expr(bad);
  CHECK(be.kind == ExprKind::TemplateWrap);
  CHECK(be.flags == kJsonString);
  REQUIRE(be.a != kNone);
  CHECK(same(be.range, find(text, R"("\/${x}")")));
  const Expr& bt = f.expr(f.unwrap(bad));
  REQUIRE(bt.kind == ExprKind::Template);
  REQUIRE(bt.item_count == 2);
  CHECK(f.str(item(f, bt, 0).str) == "/");
  CHECK(same(item(f, bt, 0).range, find(text, R"(\/)")));
  auto bx = f.as_reference(f.items(bt)[1]);
  REQUIRE(bx);
  Range xr = find(text, "${x}");
  CHECK(same(bx->range, Range{xr.begin + 2, xr.begin + 3}));
  CHECK_FALSE(f.as_literal(bad));

  // "$${" is a literal "${"
  auto lit = f.as_literal(attr(f, f.root, "lit"));
  REQUIRE(lit);
  CHECK(lit->text == "${x}");
  CHECK(f.expr(attr(f, f.root, "lit")).flags == kJsonString);

  // an index step: its key is spliced too
  auto i = f.as_reference(attr(f, f.root, "i"));
  REQUIRE(i);
  REQUIRE(i->step_count == 1);
  CHECK(i->steps[0].kind == StepKind::Index);
  CHECK(same(i->steps[0].range, find(text, "[0]")));
  REQUIRE(i->steps[0].key != kNone);
  CHECK(same(f.expr(i->steps[0].key).range, Range{find(text, "[0]").begin + 1, find(text, "[0]").begin + 2}));

  // values after an unparsable template are unaffected
  CHECK(f.as_literal(attr(f, f.root, "e"))->text == "x");
  auto z = f.as_reference(attr(f, f.root, "after"));
  REQUIRE(z);
  CHECK(same(z->range, find(text, "var.z")));
  CHECK(check_file(f) == "");
}

TEST_CASE("JSON syntax: documents that are no object, parse errors, escaped names", "[hcl][json_syntax]") {
  for (const char* text : {"[1, {\"resource\": {}}]", "\"${x}\"", "42", "null", "  \"s\" "}) {
    for (JsonSchema schema : {JsonSchema::TerraformConfig, JsonSchema::VariableValues}) {
      INFO(text);
      HclFile f = lower(text, schema);
      CHECK(f.errors.empty());
      REQUIRE(f.root != kNone);
      CHECK(f.ok());
      CHECK(f.bodies[f.root].item_count == 0);
      CHECK(f.text == text);
      CHECK(check_file(f) == "");
    }
  }

  const std::string broken = "{\"variable\": {\"a\": {},}}";
  Document doc = load_json(broken, "x.tf.json");
  REQUIRE_FALSE(doc.errors.empty());
  HclFile f = lower_json(doc, broken, "x.tf.json", JsonSchema::TerraformConfig);
  CHECK(f.display_name == "x.tf.json");
  REQUIRE(f.errors.size() == doc.errors.size());
  CHECK(f.errors[0].offset == doc.errors[0].offset);
  CHECK(f.errors[0].message == doc.errors[0].message);
  CHECK_FALSE(f.ok());
  REQUIRE(f.root != kNone);
  CHECK(f.bodies[f.root].item_count == 0);
  CHECK(check_file(f) == "");

  const std::string dup = "{\"locals\": {\"a\": 1, \"a\": 2}}";
  HclFile d = lower(dup);
  CHECK_FALSE(d.errors.empty());
  CHECK(check_file(d) == "");

  // keys with escapes: labels decoded, names through name_text
  const std::string esc = R"({"res\u006furce": {"aws_instance": {"w\u0065b": {"am\u0069": "x", "a\/b": 1}}}})";
  HclFile e = lower_ok(esc);
  auto bs = blocks(e);
  REQUIRE(bs.size() == 1);
  CHECK(name_text(e, bs[0]->type) == "resource");
  CHECK(label(e, *bs[0], 1) == "web");
  CHECK(e.source(e.labels_of(*bs[0])[1].range) == R"("w\u0065b")");
  CHECK(e.as_literal(attr(e, bs[0]->body, "ami"))->text == "x");
  CHECK(e.as_literal(attr(e, bs[0]->body, "a/b"))->text == "1");

  // name_text on native syntax: the source
  HclFile native = parse_hcl("resource \"a\" \"b\" {\n  ami = 1\n}\n", "x.tf");
  REQUIRE(native.ok());
  CHECK(name_text(native, native.blocks[0].type) == "resource");
  CHECK(name_text(native, native.attributes[0].name) == "ami");
}

TEST_CASE("JSON syntax: deep nesting lowers without a crash", "[hcl][json_syntax]") {
  std::string text = "{\"locals\": {\"deep\": ";
  const int depth = kMaxNestingDepth - 3;
  for (int i = 0; i < depth; ++i) text += i % 2 ? "[" : "{\"k\": ";
  text += "\"${var.x[0]}\"";
  for (int i = depth - 1; i >= 0; --i) text += i % 2 ? "]" : "}";
  text += "}}";
  HclFile f = lower_ok(text);
  CHECK(check_file(f) == "");
  bool found = false;
  for (const Expr& e : f.exprs)
    if (e.kind == ExprKind::Reference && f.source(e.range) == "var.x[0]") found = true;
  CHECK(found);

  std::string too_deep(kMaxNestingDepth + 10, '[');
  HclFile g = lower(too_deep, JsonSchema::VariableValues);
  CHECK_FALSE(g.errors.empty());
  CHECK(check_file(g) == "");
}

TEST_CASE("JSON syntax: every .tf.json and .tfvars.json of the fixtures and the corpus", "[hcl][json_syntax]") {
  fs::path source(AMILINT_SOURCE_DIR);
  int files = 0, templates = 0, unreadable = 0;
  for (const fs::path& root : {source / "fixtures", source.parent_path() / "shared" / "corpus"}) {
    if (!fs::exists(root)) continue;
    for (auto it = fs::recursive_directory_iterator(root, fs::directory_options::skip_permission_denied);
         it != fs::recursive_directory_iterator(); ++it) {
      if (!it->is_regular_file()) continue;
      std::string name = it->path().filename().string();
      auto ends = [&](const std::string& s) {
        return name.size() >= s.size() && name.compare(name.size() - s.size(), s.size(), s) == 0;
      };
      bool config = ends(".tf.json"), vars = ends(".tfvars.json");
      if (!config && !vars) continue;
      std::ifstream in(it->path(), std::ios::binary);
      std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
      Document doc = load_json(text, name);
      HclFile f = lower_json(doc, text, name, vars ? JsonSchema::VariableValues : JsonSchema::TerraformConfig);
      INFO(it->path().string());
      CHECK(check_file(f) == "");
      CHECK(f.errors.size() == doc.errors.size());
      for (size_t i = 0; i < f.exprs.size(); ++i) {
        const Expr& e = f.exprs[i];
        if (e.kind != ExprKind::TemplateWrap || !(e.flags & kJsonString)) continue;
        ++templates;
        if (e.a == kNone) ++unreadable;
        CHECK(all_within(f, e.a, e.range));
        CHECK(f.source(e.range).front() == '"');
      }
      ++files;
    }
  }
  INFO(files << " files, " << templates << " templates, " << unreadable << " unreadable");
  CHECK(files > 0);
  CHECK(templates > 0);
}

TEST_CASE("JSON syntax: random documents lower to valid files", "[hcl][json_syntax]") {
  std::mt19937 rng(20240611);
  auto pick = [&](int n) { return static_cast<int>(rng() % static_cast<unsigned>(n)); };
  const char* keys[] = {"resource", "data", "variable", "output", "module", "provider", "locals",
                        "terraform", "//", "aws_instance", "x", "a\\u0062", ""};
  const char* strings[] = {"", "plain", "${var.x}", "a${b}c", "%{if c}y%{endif}", "${", "%{", "\\/${x}",
                           "${a[0].b}", "${f(1, [2])}", "$${x}", "%{for k, v in m}${k}%{endfor}", "${\\\"q\\\"}",
                           "${x # c}", "\\u0024{x}", "${ {a = 1} }", "${[for x in y : x]}", "\\ud83d\\ude00${x}"};
  std::function<void(std::string&, int)> value = [&](std::string& out, int depth) {
    int kind = depth > 6 ? 2 + pick(4) : pick(6);
    switch (kind) {
      case 0: {
        out += '{';
        std::set<int> used;
        int n = pick(4);
        for (int i = 0; i < n; ++i) {
          int k = pick(13);
          if (!used.insert(k).second) continue;  // no duplicate keys
          if (used.size() > 1) out += ", ";
          out += std::string("\"") + keys[k] + "\": ";
          value(out, depth + 1);
        }
        out += '}';
        break;
      }
      case 1: {
        out += '[';
        int n = pick(4);
        for (int i = 0; i < n; ++i) {
          if (i) out += ", ";
          value(out, depth + 1);
        }
        out += ']';
        break;
      }
      case 2: out += std::string("\"") + strings[pick(18)] + "\""; break;
      case 3: out += std::to_string(static_cast<int>(rng() % 2000) - 1000); break;
      case 4: out += pick(2) ? "true" : "false"; break;
      default: out += "null"; break;
    }
  };
  int templates = 0, unreadable = 0, invalid = 0;
  for (int round = 0; round < 3000; ++round) {
    std::string text = "{";
    std::set<int> used;
    int n = 1 + pick(4);
    for (int i = 0; i < n; ++i) {
      int k = pick(9);
      if (!used.insert(k).second) continue;
      if (used.size() > 1) text += ", ";
      text += std::string("\"") + keys[k] + "\": ";
      value(text, 0);
    }
    text += "}";
    for (JsonSchema schema : {JsonSchema::TerraformConfig, JsonSchema::VariableValues}) {
      HclFile f = lower(text, schema);
      INFO(text);
      if (!f.errors.empty()) ++invalid;
      REQUIRE(check_file(f) == "");
      for (const Expr& e : f.exprs) {
        if (e.kind != ExprKind::TemplateWrap || !(e.flags & kJsonString)) continue;
        ++templates;
        if (e.a == kNone) ++unreadable;
        REQUIRE(all_within(f, e.a, e.range));
      }
    }
  }
  CHECK(templates > 0);
  CHECK(unreadable > 0);
  CHECK(invalid == 0);  // the generator writes valid JSON only
}
