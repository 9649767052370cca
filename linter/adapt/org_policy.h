// EC2 declarative organization policies (CloudFormation AWS::Organizations::Policy and
// Terraform aws_organizations_policy of type DECLARATIVE_POLICY_EC2): the settings
// amilint judges, read from the policy content in one place for both adapters.
#pragma once
#include <string>
#include <vector>

#include "linter/load/node.h"
#include "linter/model/model.h"

namespace amilint {

struct DeclarativeSetting {
  SettingKind kind;
  const char* key;     // image_block_public_access, allowed_images_settings
  const Node* state;   // its `state` value (plain or {"@@assign": value}), a scalar
};

// The settings of a policy's content (an object with `ec2_attributes`).
std::vector<DeclarativeSetting> declarative_policy_settings(const Node* content);

// A setting's state as rules compare it: lowercase, with '_' written as '-'.
std::string normalized_state(std::string state);

}  // namespace amilint
