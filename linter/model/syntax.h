// How a format writes what rules mention: field names, settings, nested settings and
// the few remedies that name a format's own constructs. Each adapter supplies one
// (adapt/cfn_syntax.cpp, adapt/terraform_syntax.cpp), so rules build their messages
// (and, later, their fixes) without asking which format they are reading.
#pragma once
#include <array>
#include <string>
#include <string_view>

namespace amilint {

// Fields that messages name.
enum class Field {
  DlmEncrypted,          // a DLM cross-region copy rule's encryption switch
  DlmCmkArn,             // ... and its KMS key
  DlmParameters,         // a DLM policy's parameters
  DlmNoReboot,           // ... its no-reboot switch
  DlmPolicyType,         // a DLM policy's type
  DistAmiConfig,         // an Image Builder distribution's AMI distribution configuration
  DistKmsKey,            // ... its KMS key
  DistUserGroups,        // ... its launch permission user groups
  CopyEncrypted,         // an AMI copy's encryption switch
  VolumeEncrypted,       // an image's block device's encryption switch
  CopyKmsKey,            // an AMI copy's KMS key
  BuildKmsKey,           // the KMS key of the image a build makes in its own region
  kCount
};

// Phrases that name a format's own constructs.
enum class Phrase {
  UnpinnedRegion,        // AMI002: why one AMI ID does not fit where the region is not pinned
  HardcodedAmiRemedy,    // AMI002: how to select a regional AMI
  InventoryMoveRemedy,   // AMI010 (inventory): after "copy it to R": how to use the copy
  EvidenceMoveRemedy,    // AMI010 (template evidence): after "copy the image to R": how to use it
  DrCopyRemedy,          // AMI020: how to make an image available in the DR regions
  SlotAlsoAccepts,       // AMI001: what else an AMI slot takes ("" when nothing)
  ResolveSsmHint,        // AMI001: after a `resolve:ssm:` value where the slot does not take it: what to do
  PublicGroupSetting,    // AMI030: the setting that makes a distribution public
  ShareWithInstead,      // AMI030: what to share with instead
  NoRebootOffSetting,    // AMI050: the setting that turns no-reboot off in a policy without it
  FixedKeyRead,          // a region map read with one fixed region key ({} = the key)
  FixedKeysRead,         // a map read with fixed keys ({} = the region key, when the format names it)
  RegionKeyRemedy,       // how to read a region map by the region instead
  ParameterDefaultRemedy,  // AMI002: instead of a parameter defaulting to an AMI ID
  CopyKeyRemedy,         // AMI022: the key to give a copy to region {}
  LaunchPublicSetting,   // AMI030: the launch permission setting that makes an AMI public
  LaunchShareInstead,    // AMI030: ... what to share with instead
  kCount
};

class Syntax {
 public:
  enum class Style { Yaml, Hcl };
  using Names = std::array<const char*, static_cast<size_t>(Field::kCount)>;
  using Phrases = std::array<const char*, static_cast<size_t>(Phrase::kCount)>;

  Syntax(Style style, const Names& names, const Phrases& phrases) : style_(style), names_(names), phrases_(phrases) {}

  // The field's name: `Encrypted`, `encrypted`.
  std::string name(Field f) const { return names_[static_cast<size_t>(f)]; }
  // The field set to a value: `Encrypted: true`, `encrypted = true`.
  std::string assign(Field f, std::string_view value) const;
  // A field inside another: `Parameters.NoReboot`, `parameters { no_reboot }`.
  std::string nested(Field outer, Field inner) const;
  // A phrase; `{}` in it stands for arg.
  std::string phrase(Phrase p, std::string_view arg = {}) const;

 private:
  Style style_;
  Names names_;
  Phrases phrases_;
};

}  // namespace amilint
