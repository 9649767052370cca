// Units: what one run of the pipeline (engine/lint_unit.h) lints as a whole. Discover
// makes them (discover/units.h): one template, or one Terraform module with its
// variable files and the local child modules it calls. A unit holds its files' text,
// read once by discover; nothing after discover reads the disk. Every Range's `file`
// is an index into Unit::files.
#pragma once
#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

struct stat;

#include "linter/source/format.h"

namespace amilint {

// A file's content, read once; shared when one file is reached by several paths.
class FileText {
 public:
  FileText() = default;
  explicit FileText(std::string text) : owned_(std::move(text)) {}
  FileText(const FileText&) = delete;
  FileText& operator=(const FileText&) = delete;
  ~FileText();

  std::string_view text() const { return map_ ? std::string_view(map_, map_size_) : std::string_view(owned_); }
  int read_error = 0;  // errno when it could not be read (text is then empty)

  // Reads the open file fd whose status is st. A regular file of kMapAtLeast bytes or
  // more is read into a buffer of its own in huge pages (where the system has them):
  // a big plan then costs a few hundred page faults, not one per 4 KB. False with
  // errno when it fails.
  bool load(int fd, const struct stat& st);
  static constexpr size_t kMapAtLeast = 1 << 20;

 private:
  std::string owned_;
  char* map_ = nullptr;  // the big file's buffer (mapped memory), or null
  size_t map_size_ = 0;
  size_t map_capacity_ = 0;
};

struct SourceFile {
  std::string path;     // where discover read it
  std::string display;  // how findings name it
  Format format = Format::CfnYaml;
  bool named = false;   // named on the command line
  std::shared_ptr<const FileText> content;  // null until read

  std::string_view text() const;
  int read_error() const { return content ? content->read_error : 0; }
};

// One directory of a Terraform unit: its configuration files and, for the root
// module, its variable files (Terraform's order: terraform.tfvars,
// terraform.tfvars.json, then *.auto.tfvars[.json] by name). A Packer build is one
// directory: its templates and its variable files (*.auto.pkrvars.* by name, then a
// named -var-file).
struct ModuleDir {
  std::string dir;       // as the module calls name it (relative paths joined textually)
  std::string display;   // how findings name it
  std::string identity;  // "device:inode" (or dir when absent): one directory reached two ways is one module
  std::vector<uint32_t> config;  // .tf and .tf.json files, by name
  std::vector<uint32_t> vars;    // variable files (root module only)
  // The key `terraform init` installed it under (.terraform/modules/modules.json): the
  // module call's name, after its callers' names and dots ("web", "web.db"). Empty for
  // the root and for a directory the manifest does not name; the first key when several
  // name it (a local module called twice): Unit::module_by_key finds it by any of them.
  std::string key;
};

// The module manifest `terraform init` writes in a root module,
// .terraform/modules/modules.json: where each registry, git or local module the
// configuration calls (directly or nested) was installed. Discover reads it for root
// module units only; the directories it lists are in Unit::dirs, found by key.
struct ModuleManifest {
  enum class State {
    Absent,   // no manifest: `terraform init` has not run here, so no remote module is installed
    Read,     // read (some entries may have been skipped: see notes)
    Invalid,  // unreadable, not JSON, or not {"Modules": [...]}: nothing was taken from it
  };
  State state = State::Absent;
  std::string display;         // how notes name it: the root's display + "/.terraform/modules/modules.json"
  std::string error;           // Invalid: why ("line 1, column 14: syntax error while parsing value - ...")
  int64_t error_offset = -1;   // Invalid because of a JSON syntax error: its byte offset; else -1
  // Sentences for --verbose, each starting with `display`: the Invalid error, and the
  // entries not followed and why (a directory outside the root module or missing, a bad
  // entry, too many entries). Never findings: the file is Terraform's, not the user's.
  std::vector<std::string> notes;
  std::map<std::string, uint32_t> dirs;  // key -> index into Unit::dirs, for each module followed
};

// CloudFormation: a stack a CDK cloud assembly (cdk.out) declares: its template is
// deployed where the stack's environment says, and its constructs name its elements.
struct AssemblyStack {
  std::string id;           // the artifact ID ("WebStack", "ProdDbStack1A2B3C4D")
  std::string name;         // how people name it: the artifact's displayName ("Prod/DbStack"), else id
  std::string environment;  // "aws://111122223333/eu-west-1" as written
  std::string region;       // the environment's region; empty when environment-agnostic
  std::string manifest;     // the manifest's display name, for notes
  // Logical ID -> construct path, from the manifest's `aws:cdk:logicalId` metadata
  // ("WebStack/Web/Resource", without the leading '/').
  std::map<std::string, std::string> construct_paths;
};

// CloudFormation: a nested stack of the unit's template tree: the
// AWS::CloudFormation::Stack (or AWS::Serverless::Application) `resource` of the
// template Unit::files[parent] deploys the template Unit::files[file].
struct NestedStack {
  uint32_t parent = 0;
  std::string resource;
  uint32_t file = 0;
};

enum class UnitKind {
  Template,         // one CloudFormation template or Terraform plan (or a file that is neither)
  NestedTemplate,   // a CloudFormation template another template of the run deploys as a nested stack
  TerraformModule,  // a root module with its children
  ChildModule,      // a module other modules of the run call: linted through them, not alone
  VariableFile,     // a Terraform variable file (.tfvars.json) the module in its directory reads
  PackerBuild,      // the .pkr.hcl/.pkr.json files of a directory with their variable files (dirs[0])
};

struct Unit {
  UnitKind kind = UnitKind::Template;
  std::vector<std::shared_ptr<const SourceFile>> files;
  // The run's candidate files this unit reports for (indexes into the discovered
  // files): a template's own file, or the root module's files that were walked or named.
  std::vector<size_t> candidates;
  std::vector<std::string> candidate_displays;  // their names, in the same order
  std::vector<ModuleDir> dirs;  // Terraform: [0] is the root module
  ModuleManifest manifest;      // Terraform root module: what `terraform init` installed
  bool named = false;           // files were named: only their findings are reported
  // Templates: the nested stacks it deploys from local files (files[0] is the root
  // template, files[n.file] each nested template, read with it), and the stack a CDK
  // cloud assembly says it is (absent: a template on its own).
  std::vector<NestedStack> nested;
  std::shared_ptr<const AssemblyStack> stack;
  std::string parent_display;   // NestedTemplate: the template that deploys it
  std::vector<std::string> notes;  // Templates: what discover could not follow (--verbose)
  uint64_t weight = 0;          // bytes, to schedule the largest units first

  const ModuleDir* dir(const std::string& path) const {
    for (const auto& d : dirs)
      if (d.dir == path) return &d;
    return nullptr;
  }

  // The directory installed for the module call with this manifest key ("web" for
  // `module "web"` in the root, "web.db" for `module "db"` in it), or null: then the
  // module is not installed (manifest.state Read: `terraform init` ran before the call
  // was written, or its directory is gone) or nothing is known (Absent, Invalid).
  const ModuleDir* module_by_key(const std::string& key) const {
    auto it = manifest.dirs.find(key);
    return it == manifest.dirs.end() || it->second >= dirs.size() ? nullptr : &dirs[it->second];
  }
};

}  // namespace amilint
