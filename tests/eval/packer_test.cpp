// Packer builds evaluated into a PackerView: HCL2 templates (tests/data/packer/golden:
// sources, a build overriding one of them, a .pkr.json file, an auto variable file and
// a named one, a data "amazon-ami") and a legacy JSON template (tests/data/packer/legacy).
#include <algorithm>
#include <catch2/catch.hpp>
#include <filesystem>
#include <string>
#include <vector>

#include "linter/discover/discover.h"
#include "linter/discover/sniff.h"
#include "linter/discover/units.h"
#include "linter/eval/packer.h"
#include "linter/load/load.h"
#include "linter/source/source.h"
#include "tests/test_util.h"

using namespace amilint;
namespace fs = std::filesystem;

namespace {

const std::string kData = std::string(AMILINT_SOURCE_DIR) + "/tests/data/packer";

// A unit loaded and evaluated, with its ranges printed as file:line:column.
struct Evaluated {
  Unit unit;
  std::vector<LoadedFile> loaded;
  PackerView view;

  std::string at(const Range& r) const {
    const SourceFile& f = *unit.files[r.file];
    Position p = LineIndex(f.text()).position(r.begin);
    return fs::path(f.path).filename().string() + ":" + std::to_string(p.line) + ":" + std::to_string(p.column);
  }
  std::string text(const Range& r) const { return std::string(unit.files[r.file]->text().substr(r.begin, r.end - r.begin)); }
  const PackerBuilder& builder(const std::string& address) const {
    for (const auto& b : view.builders)
      if (b.address == address) return b;
    FAIL("no builder " << address);
    return view.builders[0];
  }
};

// The PackerBuild unit of the golden directory: walked (named_vars empty), or linted
// with a named variable file.
Evaluated golden(const std::string& named_vars = "") {
  std::vector<Candidate> files;
  if (named_vars.empty()) {
    DiscoverResult d = discover({kData + "/golden"}, {});
    REQUIRE(d.errors.empty());
    files = d.files;
  } else {
    files.push_back({kData + "/golden/" + named_vars, named_vars, true, 0, nullptr});
  }
  std::vector<Unit> units = make_units(files, 1);
  Evaluated e;
  for (auto& u : units)
    if (u.kind == UnitKind::PackerBuild) e.unit = std::move(u);
  REQUIRE(e.unit.kind == UnitKind::PackerBuild);
  for (const auto& f : e.unit.files) e.loaded.push_back(load_file(*f));
  std::vector<const hcl::HclFile*> hcl;
  for (const auto& l : e.loaded) {
    REQUIRE(l.errors().empty());
    hcl.push_back(&l.hcl);
  }
  e.view = evaluate_packer(e.unit, hcl, LintOptions{});
  return e;
}

std::vector<std::string> texts(const PackerValue& list) {
  std::vector<std::string> out;
  for (const auto& i : list.items) out.push_back(i.known() ? i.text : "?");
  return out;
}

}  // namespace

TEST_CASE("packer: the builders a build uses, with variables from the auto variable file") {
  Evaluated e = golden();
  // golden and data (sources = [...]), hardened (the build's own source block),
  // surrogate (.pkr.json); not `unused`, which no build names.
  std::vector<std::string> addresses;
  for (const auto& b : e.view.builders) addresses.push_back(b.address);
  std::sort(addresses.begin(), addresses.end());
  CHECK(addresses == std::vector<std::string>{"source.amazon-ebs.golden", "source.amazon-ebs.hardened",
                                              "source.amazon-ebssurrogate.surrogate", "source.amazon-ebsvolume.data"});
  CHECK(e.view.notes.empty());

  const PackerBuilder& g = e.builder("source.amazon-ebs.golden");
  CHECK(g.type == "amazon-ebs");
  CHECK(g.name == "golden");
  CHECK(g.build == "golden");
  CHECK(e.at(g.range) == "sources.pkr.hcl:45:1");
  CHECK(e.at(g.use_range) == "build.pkr.hcl:3:14");
  CHECK(g.makes_ami);
  // region: the auto variable file overrides the default
  REQUIRE(g.region.known());
  CHECK(g.region.text == "eu-west-1");
  CHECK(e.at(g.region.range) == "defaults.auto.pkrvars.hcl:1:14");
  // source_ami_filter
  CHECK(g.source_ami.absent());
  const PackerAmiFilter& f = g.source_ami_filter;
  CHECK(f.present);
  CHECK(e.at(f.range) == "sources.pkr.hcl:50:3");
  REQUIRE(f.owners.kind == PackerValue::Kind::List);
  CHECK(texts(f.owners) == std::vector<std::string>{"amazon"});
  CHECK(e.at(f.owners.items[0].range) == "sources.pkr.hcl:55:27");
  REQUIRE(f.filters.kind == PackerValue::Kind::Map);
  REQUIRE(f.filters.entries.size() == 2);
  CHECK(f.filters.entries[0].key == "name");
  CHECK(f.filters.entries[0].value.text == "amzn2-ami-hvm-*-x86_64-gp2");
  CHECK(e.at(f.filters.entries[0].value.range) == "sources.pkr.hcl:52:29");
  CHECK(f.filters.entries[1].key == "virtualization-type");
  CHECK(e.at(f.filters.entries[1].key_range) == "sources.pkr.hcl:53:7");
  CHECK(f.most_recent.as_bool() == true);
  CHECK(f.include_deprecated.as_bool() == false);
  // copies and their keys
  REQUIRE(g.ami_regions.kind == PackerValue::Kind::List);
  CHECK(texts(g.ami_regions) == std::vector<std::string>{"us-west-2", "eu-west-1"});
  CHECK(e.at(g.ami_regions.range) == "sources.pkr.hcl:17:13");
  CHECK(g.encrypt_boot.as_bool() == true);
  CHECK(e.at(g.encrypt_boot.range) == "sources.pkr.hcl:60:18");
  CHECK(g.kms_key_id.text == "alias/golden");
  CHECK(e.at(g.kms_key_id.range) == "sources.pkr.hcl:61:18");
  REQUIRE(g.region_kms_key_ids.kind == PackerValue::Kind::Map);
  REQUIRE(g.region_kms_key_ids.entries.size() == 2);
  const PackerEntry& west = g.region_kms_key_ids.entries[0];
  CHECK(west.key == "us-west-2");
  CHECK(e.at(west.key_range) == "sources.pkr.hcl:63:5");
  CHECK(west.value.text == "arn:aws:kms:us-west-2:111122223333:key/west");
  CHECK(e.at(west.value.range) == "sources.pkr.hcl:31:16");  // the local block's expression
  const PackerEntry& ireland = g.region_kms_key_ids.entries[1];
  CHECK(e.at(ireland.key_range) == "sources.pkr.hcl:64:5");
  CHECK(e.at(ireland.value.range) == "sources.pkr.hcl:64:17");
  // sharing
  CHECK(texts(g.ami_users) == std::vector<std::string>{"111122223333"});
  CHECK(e.at(g.ami_users.range) == "defaults.auto.pkrvars.hcl:2:14");
  CHECK(g.ami_groups.kind == PackerValue::Kind::List);
  CHECK(g.ami_groups.items.empty());
  CHECK(texts(g.snapshot_users) == std::vector<std::string>{"444455556666"});
  CHECK(e.at(g.snapshot_users.range) == "sources.pkr.hcl:68:20");
  CHECK(g.snapshot_groups.absent());
  CHECK(g.ami_org_arns.absent());
  CHECK(g.ami_ou_arns.absent());
  CHECK(g.skip_region_validation.absent());
  CHECK(g.deprecate_at.text == "2027-01-01T00:00:00Z");
  CHECK(e.at(g.deprecate_at.range) == "sources.pkr.hcl:69:20");
  // Packer's own values are unknown, with a reason, never errors
  CHECK(g.ami_name.unknown());
  CHECK(!g.ami_name.reason.empty());
  CHECK(e.at(g.ami_name.range) == "sources.pkr.hcl:49:19");
  CHECK(g.source_ami_data == -1);
}

TEST_CASE("packer: a build's own source block overrides the source, and data amazon-ami is linked") {
  Evaluated e = golden();
  REQUIRE(e.view.data_sources.size() == 1);
  const PackerDataSource& d = e.view.data_sources[0];
  CHECK(d.address == "data.amazon-ami.ubuntu");
  CHECK(d.name == "ubuntu");
  CHECK(e.at(d.range) == "sources.pkr.hcl:34:1");
  CHECK(d.region.text == "eu-west-1");
  CHECK(texts(d.filter.owners) == std::vector<std::string>{"099720109477"});
  CHECK(e.at(d.filter.owners.range) == "sources.pkr.hcl:41:17");
  CHECK(d.filter.filters.entries.size() == 3);
  CHECK(d.filter.most_recent.as_bool() == true);
  CHECK(d.filter.include_deprecated.absent());

  const PackerBuilder& h = e.builder("source.amazon-ebs.hardened");
  CHECK(h.name == "cis");  // the build's `name`
  CHECK(e.at(h.range) == "sources.pkr.hcl:72:1");
  CHECK(e.at(h.use_range) == "build.pkr.hcl:5:3");
  CHECK(h.source_ami.unknown());
  CHECK(e.at(h.source_ami.range) == "sources.pkr.hcl:75:19");
  CHECK(h.source_ami_data == 0);
  CHECK(!h.source_ami_filter.present);
  // overridden in the build
  CHECK(texts(h.ami_regions) == std::vector<std::string>{"eu-central-1"});
  CHECK(e.at(h.ami_regions.range) == "build.pkr.hcl:7:21");
  CHECK(h.encrypt_boot.as_bool() == false);
  CHECK(e.at(h.encrypt_boot.range) == "build.pkr.hcl:8:21");
  // kept from the source
  CHECK(h.region.text == "eu-west-1");
}

TEST_CASE("packer: only the options each builder type has") {
  Evaluated e = golden();
  const PackerBuilder& v = e.builder("source.amazon-ebsvolume.data");
  CHECK(!v.makes_ami);
  CHECK(v.ami_users.absent());  // amazon-ebsvolume makes no AMI
  CHECK(texts(v.snapshot_users) == std::vector<std::string>{"444455556666"});
  CHECK(e.at(v.snapshot_users.range) == "sources.pkr.hcl:83:20");
  CHECK(v.source_ami.text == "ami-0123456789abcdef0");

  const PackerBuilder& s = e.builder("source.amazon-ebssurrogate.surrogate");  // from the .pkr.json file
  CHECK(s.region.text == "eu-west-1");
  CHECK(e.at(s.region.range) == "defaults.auto.pkrvars.hcl:1:14");
  CHECK(texts(s.snapshot_groups) == std::vector<std::string>{"all"});
  CHECK(e.at(s.snapshot_groups.range) == "extra.pkr.json:8:28");
  CHECK(e.at(s.range) == "extra.pkr.json:4:20");

  CHECK(packer_has_ami_options("amazon-instance"));
  CHECK(!packer_has_snapshot_options("amazon-instance"));
  CHECK(packer_has_snapshot_options("amazon-chroot"));
  CHECK(!packer_amazon_builder("docker"));
}

TEST_CASE("packer: a named variable file is applied after the auto variable files") {
  Evaluated e = golden("prod.pkrvars.hcl");
  const PackerBuilder& g = e.builder("source.amazon-ebs.golden");
  CHECK(g.region.text == "us-east-2");
  CHECK(e.at(g.region.range) == "prod.pkrvars.hcl:1:10");
  CHECK(texts(g.ami_users) == std::vector<std::string>{"111122223333"});  // still from the auto file
}

TEST_CASE("packer: a legacy JSON template, with user variables resolved") {
  std::string path = kData + "/legacy/template.json";
  std::string content;
  REQUIRE(read_file(path, content));
  auto text = std::make_shared<FileText>(std::move(content));
  SourceFile f;
  f.path = path;
  f.display = "template.json";
  f.format = Format::CfnJson;
  f.content = text;
  LoadedFile l = load_file(f);
  REQUIRE(l.errors().empty());
  CHECK(classify(l.doc.root, true, Format::CfnJson, text->text()) == DocKind::PackerLegacy);
  PackerView v = packer_legacy_view(*l.doc.root, LintOptions{});
  LineIndex index(text->text());
  auto at = [&](const Range& r) {
    Position p = index.position(r.begin);
    return std::to_string(p.line) + ":" + std::to_string(p.column);
  };
  REQUIRE(v.builders.size() == 2);  // docker is not an Amazon builder

  const PackerBuilder& b = v.builders[0];
  CHECK(b.legacy);
  CHECK(b.type == "amazon-ebs");
  CHECK(b.name == "base-ebs");
  CHECK(b.address == "base-ebs");
  CHECK(at(b.range) == "9:5");
  CHECK(b.region.text == "us-east-1");  // {{user `region`}}
  CHECK(at(b.region.range) == "13:17");
  CHECK(b.source_ami_filter.present);
  CHECK(texts(b.source_ami_filter.owners) == std::vector<std::string>{"099720109477"});
  CHECK(at(b.source_ami_filter.owners.items[0].range) == "19:20");
  REQUIRE(b.source_ami_filter.filters.entries.size() == 2);
  CHECK(at(b.source_ami_filter.filters.entries[0].key_range) == "16:11");
  CHECK(at(b.source_ami_filter.filters.entries[0].value.range) == "16:34");
  CHECK(b.source_ami_filter.most_recent.as_bool() == true);
  CHECK(b.ami_name.unknown());  // {{timestamp}}
  CHECK(b.ami_name.reason.find("timestamp") != std::string::npos);
  CHECK(at(b.ami_name.range) == "22:19");
  REQUIRE(b.ami_regions.items.size() == 2);
  CHECK(b.ami_regions.items[0].text == "us-west-2");
  CHECK(at(b.ami_regions.items[0].range) == "23:23");
  CHECK(b.ami_regions.items[1].unknown());  // a variable without default: given with -var
  CHECK(at(b.ami_regions.items[1].range) == "23:36");
  CHECK(b.encrypt_boot.as_bool() == false);
  CHECK(at(b.encrypt_boot.range) == "26:23");
  CHECK(texts(b.ami_groups) == std::vector<std::string>{"all"});
  CHECK(texts(b.snapshot_users) == std::vector<std::string>{"111122223333"});
  CHECK(b.kms_key_id.absent());

  const PackerBuilder& i = v.builders[1];
  CHECK(i.type == "amazon-instance");
  CHECK(i.name == "amazon-instance");
  CHECK(i.region.text == "us-east-1");  // {{ user `region` }}
  CHECK(at(i.region.range) == "31:17");
  CHECK(i.snapshot_users.absent());  // amazon-instance has no snapshot options
  CHECK(i.ami_name.text == "prefix-base-suffix");  // embedded
  CHECK(at(i.ami_name.range) == "34:19");
}

TEST_CASE("packer: JSON syntax overrides, a source no block declares, Packer's own values") {
  amilint_test::TempDir t;
  t.write("b/main.pkr.json", R"({
  "local": {"copy": {"expression": "${upper(\"x\")}"}},
  "source": {"amazon-ebs": {"a": {"region": "us-east-1", "ami_name": "a-${timestamp()}", "ami_regions": ["eu-west-1"]}}},
  "build": {
    "name": "${packer.version}",
    "sources": ["source.amazon-ebs.missing"],
    "source": {"source.amazon-ebs.a": {"name": "renamed", "ami_regions": ["ap-south-1"]}}
  }
}
)");
  DiscoverResult d = discover({(t.path / "b").string()}, {});
  std::vector<Unit> units = make_units(d.files, 1);
  REQUIRE(units.size() == 1);
  REQUIRE(units[0].kind == UnitKind::PackerBuild);
  std::vector<LoadedFile> loaded;
  for (const auto& f : units[0].files) loaded.push_back(load_file(*f));
  REQUIRE(loaded[0].errors().empty());
  PackerView v = evaluate_packer(units[0], {&loaded[0].hcl}, LintOptions{});
  REQUIRE(v.notes.size() == 1);
  CHECK(v.notes[0] == "source.amazon-ebs.missing: a build uses it, but no source block declares it");
  REQUIRE(v.builders.size() == 1);
  const PackerBuilder& b = v.builders[0];
  CHECK(b.address == "source.amazon-ebs.a");
  CHECK(b.name == "renamed");
  CHECK(b.build.empty());  // packer.version: known only when Packer runs
  CHECK(texts(b.ami_regions) == std::vector<std::string>{"ap-south-1"});
  CHECK(b.region.text == "us-east-1");
  CHECK(b.ami_name.unknown());
  CHECK(b.encrypt_boot.absent());
  CHECK_FALSE(b.encrypt_boot.as_bool().has_value());
}
