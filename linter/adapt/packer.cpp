#include "linter/adapt/packer.h"

#include <algorithm>
#include <map>

#include "linter/adapt/syntaxes.h"

namespace amilint {

namespace {

// An option's value as a Model string: known for a scalar, unknown (with its reason)
// when Packer knows it only when it runs, absent when not set.
Str str_of(const PackerValue& v, const std::string& path) {
  switch (v.kind) {
    case PackerValue::Kind::Scalar: return Str::make_known(v.text, v.range, path);
    case PackerValue::Kind::Absent: return Str::make_absent(v.range, path);
    default: return Str::make_unknown(v.range, path, v.reason.empty() ? "known only when Packer runs" : v.reason);
  }
}

Bool bool_value(const PackerValue& v, const std::string& path) { return bool_of(str_of(v, path)); }

// A list option's entries; a list that is not known is one unknown entry, so that
// "every entry known" is false for it.
std::vector<Str> items_of(const PackerValue& v, const std::string& path) {
  std::vector<Str> out;
  if (v.kind == PackerValue::Kind::List) {
    for (const auto& i : v.items) out.push_back(str_of(i, path));
  } else if (v.kind == PackerValue::Kind::Scalar) {
    out.push_back(str_of(v, path));  // Packer takes a single string for a one-entry list
  } else if (v.unknown()) {
    out.push_back(str_of(v, path));
  }
  return out;
}

class PackerAdapter {
 public:
  explicit PackerAdapter(const PackerView& view) : view_(view) { model_.syntax = &packer_syntax(); }

  Model run() {
    for (const auto& b : view_.builders) add_builder(b);
    // Packer reads every data source, used or not.
    for (size_t i = 0; i < view_.data_sources.size(); ++i) {
      const PackerDataSource& d = view_.data_sources[i];
      data_lookup(static_cast<int>(i));
      if (d.region.kind == PackerValue::Kind::Scalar)
        model_.region_mentions.push_back({str_of(d.region, d.address + ".region"), "data \"amazon-ami\" region"});
    }
    return std::move(model_);
  }

 private:
  // The lookup of a source_ami_filter or a data "amazon-ami" block (made once each).
  int add_lookup(const std::string& address, Origin anchor, const PackerAmiFilter& f,
                 const std::vector<std::string>& regions, bool region_known) {
    AmiLookup l;
    l.address = address;
    l.anchor = std::move(anchor);
    l.regions = regions;
    l.region_known = region_known;
    // Packer refuses a filter without owners ("For security reasons, your source AMI
    // filter must declare an owner"), so an owners list is always there when it runs.
    if (!f.owners.absent()) {
      l.owners.range = f.owners.range;
      l.owners.path = address + ".owners";
      l.owners.state = f.owners.known() ? State::Known : State::Unknown;
      l.owners.items = items_of(f.owners, l.owners.path);
    }
    if (f.filters.kind == PackerValue::Kind::Map) {
      for (const auto& e : f.filters.entries) {
        if (e.key == "owner-id" || e.key == "owner-alias" || e.key == "image-id") l.owner_filter = true;
        if (e.key == "name" && e.value.kind == PackerValue::Kind::Scalar &&
            e.value.text.find_first_of("*?") != std::string::npos)
          l.wildcard_name = true;
      }
    }
    l.most_recent = bool_value(f.most_recent, address + ".most_recent");
    l.include_deprecated = bool_value(f.include_deprecated, address + ".include_deprecated");
    model_.lookups.push_back(std::move(l));
    return static_cast<int>(model_.lookups.size() - 1);
  }

  int data_lookup(int index) {
    auto it = data_lookups_.find(index);
    if (it != data_lookups_.end()) return it->second;
    const PackerDataSource& d = view_.data_sources[static_cast<size_t>(index)];
    std::vector<std::string> regions;
    bool known = d.region.kind == PackerValue::Kind::Scalar;
    if (known) regions.push_back(d.region.text);
    int k = add_lookup(d.address, Origin{d.name_range, d.address}, d.filter, regions, known);
    data_lookups_[index] = k;
    return k;
  }

  void add_source(const PackerBuilder& b, const std::vector<std::string>& regions, bool region_known) {
    AmiUse use;
    use.resource = b.address;
    use.resource_type = b.type;
    use.slot_name = "source_ami of " + b.address;
    use.path = b.address + ".source_ami";
    use.regions = regions;
    use.region_known = region_known;
    use.build_source = true;
    AmiSource s;
    s.path = use.path;
    Str written = str_of(b.source_ami, use.path);
    if (written.known() && claims_ami_id(written.value))  // a malformed ID is wrong even where a filter overrides it
      model_.literals.push_back({written, LiteralContext::Slot});
    if (b.source_ami_filter.present) {  // Packer takes the filter's image
      s.kind = SourceKind::Lookup;
      s.range = b.source_ami_filter.range;
      s.path = b.address + ".source_ami_filter";
      s.ref_address = "source_ami_filter of " + b.address;
      s.lookup = add_lookup(s.ref_address, Origin{b.source_ami_filter.range, s.path}, b.source_ami_filter, regions,
                            region_known);
      s.ref_regions = regions;  // the filter runs in the build region
      s.ref_region_known = region_known;
      s.value = Str::make_unknown(s.range, s.path, "the image the filter finds");
    } else if (b.source_ami_data >= 0 && static_cast<size_t>(b.source_ami_data) < view_.data_sources.size()) {
      const PackerDataSource& d = view_.data_sources[static_cast<size_t>(b.source_ami_data)];
      s.kind = SourceKind::Lookup;
      s.range = b.source_ami.range;
      s.ref_address = d.address;
      s.lookup = data_lookup(b.source_ami_data);
      s.ref_regions = model_.lookups[static_cast<size_t>(s.lookup)].regions;
      s.ref_region_known = model_.lookups[static_cast<size_t>(s.lookup)].region_known;
      s.value = Str::make_unknown(s.range, s.path, "the image " + d.address + " finds");
    } else if (b.source_ami.kind == PackerValue::Kind::Scalar) {
      s.kind = SourceKind::Literal;
      s.range = b.source_ami.range;
      s.value = written;
    } else if (b.source_ami.unknown()) {
      s.kind = SourceKind::Unresolved;
      s.range = b.source_ami.range;
      s.value = str_of(b.source_ami, s.path);
      s.reason = s.value.reason;
    } else {
      return;  // not set: Packer refuses the build (and amazon-chroot may use the host's)
    }
    use.range = s.range;
    use.sources.push_back(std::move(s));
    model_.uses.push_back(std::move(use));
  }

  // ami_users / ami_groups / snapshot_users / snapshot_groups entries.
  void add_permissions(const std::string& address, const PackerValue& v, const std::string& option, bool group,
                       bool snapshot) {
    for (const Str& item : items_of(v, address + "." + option)) {
      if (!item.known()) continue;
      LaunchPermission lp;
      lp.address = address;
      if (option == "ami_org_arns" || option == "ami_ou_arns") {
        lp.org_arn = item;
        lp.org_unit = option == "ami_ou_arns";
      } else {
        (group ? lp.group : lp.account_id) = item;
      }
      lp.snapshot = snapshot;
      model_.launch_permissions.push_back(std::move(lp));
    }
  }

  void add_builder(const PackerBuilder& b) {
    const std::string& a = b.address;
    Origin anchor{b.range, a};
    Str region = str_of(b.region, a + ".region");
    if (region.known()) model_.region_mentions.push_back({region, "region"});
    std::vector<std::string> regions;
    if (region.known()) regions.push_back(region.value);
    add_source(b, regions, region.known());

    if (packer_has_snapshot_options(b.type)) {
      add_permissions(a, b.snapshot_users, "snapshot_users", false, true);
      add_permissions(a, b.snapshot_groups, "snapshot_groups", true, true);
    }
    if (!b.makes_ami || !packer_has_ami_options(b.type)) return;
    add_permissions(a, b.ami_users, "ami_users", false, false);
    add_permissions(a, b.ami_groups, "ami_groups", true, false);
    add_permissions(a, b.ami_org_arns, "ami_org_arns", false, false);
    add_permissions(a, b.ami_ou_arns, "ami_ou_arns", false, false);

    ImageBuild build;
    build.address = a;
    build.anchor = anchor;
    build.regions = regions;
    build.region_known = region.known();
    build.kms_key_id = str_of(b.kms_key_id, a + ".kms_key_id");
    build.ami_name = str_of(b.ami_name, a + ".ami_name");
    if (build.ami_name.known()) build.name_pattern = build.ami_name.value;
    else if (b.ami_name.unknown()) build.name_pattern = b.ami_name.pattern;
    build.hcp_bucket = b.hcp_bucket;
    build.encrypted = bool_value(b.encrypt_boot, a + ".encrypt_boot");
    if (!b.source_ami_filter.present && b.source_ami_data < 0 && b.source_ami.kind == PackerValue::Kind::Scalar)
      build.source_ami = str_of(b.source_ami, a + ".source_ami");
    build.copies_at = b.ami_regions.absent() ? anchor : Origin{b.ami_regions.range, a + ".ami_regions"};
    build.copies_known = !b.ami_regions.unknown();
    for (const auto& e : b.region_kms_key_ids.entries)
      model_.region_mentions.push_back(
          {Str::make_known(e.key, e.key_range, a + ".region_kms_key_ids"), "region_kms_key_ids key"});
    // encrypt_boot is three-state: unset keeps the source image's encryption, which the
    // template does not show (and the inventory does not record).
    Bool encrypted = bool_value(b.encrypt_boot, a + ".encrypt_boot");
    if (encrypted.absent()) {
      encrypted.state = State::Unknown;
      encrypted.range = b.range;
      encrypted.reason = "encrypt_boot unset: the copy keeps the source image's encryption";
    }
    for (const Str& r : items_of(b.ami_regions, a + ".ami_regions")) {
      if (!r.known()) {
        build.copies_known = false;
        continue;
      }
      model_.region_mentions.push_back({r, "ami_regions entry"});
      build.copy_regions.push_back(r.value);
      if (region.known() && r.value == region.value) continue;  // Packer drops the build region
      AmiCopy c;
      c.address = a;
      c.anchor = r;
      c.source_ref = a;
      c.source_ami_region = region;
      c.encrypted = encrypted;
      const PackerValue* key = b.region_kms_key_ids.get(r.value);
      c.kms_key_id = key ? str_of(*key, a + ".region_kms_key_ids." + r.value) : Str::make_absent(r.range, r.path);
      if (c.kms_key_id.is("")) c.kms_key_id = Str::make_absent(r.range, r.path);  // "": the region's default key
      c.regions = {r.value};
      c.region_known = true;
      model_.copies.push_back(std::move(c));
    }
    // Without a kms_key_id, Packer encrypts the build region's image with that region's
    // region_kms_key_ids entry, when it has one.
    if ((build.kms_key_id.absent() || build.kms_key_id.is("")) && region.known())
      if (const PackerValue* key = b.region_kms_key_ids.get(region.value))
        build.kms_key_id = str_of(*key, a + ".region_kms_key_ids." + region.value);
    model_.builds.push_back(std::move(build));
  }

  const PackerView& view_;
  Model model_;
  std::map<int, int> data_lookups_;  // data source index -> lookup index
};

}  // namespace

Model adapt_packer(const PackerView& view, const LintOptions&) { return PackerAdapter(view).run(); }

}  // namespace amilint
