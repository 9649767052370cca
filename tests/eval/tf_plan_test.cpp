// Tests for the plan JSON reader (linter/tf_plan.cpp): which documents are plans, the
// blocks and values of the TfView with their exact positions in the plan, references
// traced through the configuration, values known only after apply, effective regions,
// child modules, older plan formats, the engine's plan path, and the real plans of the
// corpus.
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <functional>
#include <iostream>
#include <map>
#include <sstream>
#include <string>

#include "linter/engine/engine.h"
#include "linter/load/loaders.h"
#include "linter/source/source.h"
#include "linter/eval/plan.h"
#include "rules/rule.h"

namespace fs = std::filesystem;
using namespace amilint;
using Kind = EvalValue::Kind;

namespace {

// A plan of one root module (`terraform show -json`, pretty-printed): a lookup read
// while planning (prior_state), a copy and an instance through an aliased provider
// whose region is a variable, for_each over a variable, values through locals, a
// launch template with its own region (AWS provider v6) and nested blocks.
const std::string kRootPlan = R"JSON({
  "format_version": "1.2",
  "terraform_version": "1.9.8",
  "variables": {
    "amis": {"value": {"a": "ami-0aaaaaaaaaaaaaaa1", "b": "ami-0bbbbbbbbbbbbbbb2"}},
    "west_region": {"value": "us-west-2"}
  },
  "planned_values": {
    "root_module": {
      "resources": [
        {
          "address": "aws_ami_copy.dr",
          "mode": "managed",
          "type": "aws_ami_copy",
          "name": "dr",
          "provider_name": "registry.terraform.io/hashicorp/aws",
          "schema_version": 0,
          "values": {
            "description": "DR copy",
            "encrypted": false,
            "name": "web-dr",
            "source_ami_id": "ami-0123456789abcdef0",
            "source_ami_region": "us-east-1",
            "tags": null,
            "timeouts": null
          },
          "sensitive_values": {}
        },
        {
          "address": "aws_instance.dr",
          "mode": "managed",
          "type": "aws_instance",
          "name": "dr",
          "provider_name": "registry.terraform.io/hashicorp/aws",
          "schema_version": 0,
          "values": {
            "instance_type": "t3.micro",
            "ebs_block_device": [{"device_name": "/dev/sdf", "volume_size": 20}]
          },
          "sensitive_values": {}
        },
        {
          "address": "aws_instance.fe[\"a\"]",
          "mode": "managed",
          "type": "aws_instance",
          "name": "fe",
          "index": "a",
          "provider_name": "registry.terraform.io/hashicorp/aws",
          "schema_version": 0,
          "values": {"ami": "ami-0aaaaaaaaaaaaaaa1", "instance_type": "t3.micro"},
          "sensitive_values": {}
        },
        {
          "address": "aws_instance.fe[\"b\"]",
          "mode": "managed",
          "type": "aws_instance",
          "name": "fe",
          "index": "b",
          "provider_name": "registry.terraform.io/hashicorp/aws",
          "schema_version": 0,
          "values": {"ami": "ami-0bbbbbbbbbbbbbbb2", "instance_type": "t3.micro"},
          "sensitive_values": {}
        },
        {
          "address": "aws_instance.via_local",
          "mode": "managed",
          "type": "aws_instance",
          "name": "via_local",
          "provider_name": "registry.terraform.io/hashicorp/aws",
          "schema_version": 0,
          "values": {"ami": "ami-0123456789abcdef0", "monitoring": true},
          "sensitive_values": {}
        },
        {
          "address": "aws_instance.web",
          "mode": "managed",
          "type": "aws_instance",
          "name": "web",
          "provider_name": "registry.terraform.io/hashicorp/aws",
          "schema_version": 0,
          "values": {
            "ami": "ami-0123456789abcdef0",
            "instance_type": "t3.micro",
            "tags": {"Name": "web"}
          },
          "sensitive_values": {}
        },
        {
          "address": "aws_launch_template.eu",
          "mode": "managed",
          "type": "aws_launch_template",
          "name": "eu",
          "provider_name": "registry.terraform.io/hashicorp/aws",
          "schema_version": 0,
          "values": {
            "block_device_mappings": [
              {"device_name": "/dev/xvda", "ebs": [{"encrypted": "true", "volume_size": 8}]}
            ],
            "image_id": "ami-0fedcba9876543210",
            "name": "eu",
            "region": "eu-west-1"
          },
          "sensitive_values": {}
        }
      ]
    }
  },
  "resource_changes": [
    {
      "address": "aws_ami_copy.dr",
      "mode": "managed",
      "type": "aws_ami_copy",
      "name": "dr",
      "provider_name": "registry.terraform.io/hashicorp/aws",
      "change": {
        "actions": ["create"],
        "before": null,
        "after": {
          "description": "DR copy",
          "encrypted": false,
          "name": "web-dr",
          "source_ami_id": "ami-0123456789abcdef0",
          "source_ami_region": "us-east-1",
          "tags": null,
          "timeouts": null
        },
        "after_unknown": {"arn": true, "id": true, "image_id": true, "kms_key_id": true},
        "before_sensitive": false,
        "after_sensitive": {}
      }
    },
    {
      "address": "aws_instance.dr",
      "mode": "managed",
      "type": "aws_instance",
      "name": "dr",
      "provider_name": "registry.terraform.io/hashicorp/aws",
      "change": {
        "actions": ["create"],
        "before": null,
        "after": {
          "instance_type": "t3.micro",
          "ebs_block_device": [{"device_name": "/dev/sdf", "volume_size": 20}]
        },
        "after_unknown": {
          "ami": true,
          "arn": true,
          "ebs_block_device": [{"volume_id": true}],
          "id": true
        },
        "before_sensitive": false,
        "after_sensitive": {}
      }
    },
    {
      "address": "aws_instance.fe[\"a\"]",
      "mode": "managed",
      "type": "aws_instance",
      "name": "fe",
      "index": "a",
      "provider_name": "registry.terraform.io/hashicorp/aws",
      "change": {
        "actions": ["create"],
        "before": null,
        "after": {"ami": "ami-0aaaaaaaaaaaaaaa1", "instance_type": "t3.micro"},
        "after_unknown": {"id": true},
        "before_sensitive": false,
        "after_sensitive": {}
      }
    },
    {
      "address": "aws_instance.fe[\"b\"]",
      "mode": "managed",
      "type": "aws_instance",
      "name": "fe",
      "index": "b",
      "provider_name": "registry.terraform.io/hashicorp/aws",
      "change": {
        "actions": ["create"],
        "before": null,
        "after": {"ami": "ami-0bbbbbbbbbbbbbbb2", "instance_type": "t3.micro"},
        "after_unknown": {"id": true},
        "before_sensitive": false,
        "after_sensitive": {}
      }
    },
    {
      "address": "aws_instance.via_local",
      "mode": "managed",
      "type": "aws_instance",
      "name": "via_local",
      "provider_name": "registry.terraform.io/hashicorp/aws",
      "change": {
        "actions": ["create"],
        "before": null,
        "after": {"ami": "ami-0123456789abcdef0", "monitoring": true},
        "after_unknown": {"id": true},
        "before_sensitive": false,
        "after_sensitive": {}
      }
    },
    {
      "address": "aws_instance.web",
      "mode": "managed",
      "type": "aws_instance",
      "name": "web",
      "provider_name": "registry.terraform.io/hashicorp/aws",
      "change": {
        "actions": ["create"],
        "before": null,
        "after": {
          "ami": "ami-0123456789abcdef0",
          "instance_type": "t3.micro",
          "tags": {"Name": "web"}
        },
        "after_unknown": {"id": true},
        "before_sensitive": false,
        "after_sensitive": {}
      }
    },
    {
      "address": "aws_launch_template.eu",
      "mode": "managed",
      "type": "aws_launch_template",
      "name": "eu",
      "provider_name": "registry.terraform.io/hashicorp/aws",
      "change": {
        "actions": ["create"],
        "before": null,
        "after": {
          "block_device_mappings": [
            {"device_name": "/dev/xvda", "ebs": [{"encrypted": "true", "volume_size": 8}]}
          ],
          "image_id": "ami-0fedcba9876543210",
          "name": "eu",
          "region": "eu-west-1"
        },
        "after_unknown": {"block_device_mappings": [{"ebs": [{"kms_key_id": true}]}], "id": true},
        "before_sensitive": false,
        "after_sensitive": {}
      }
    }
  ],
  "prior_state": {
    "format_version": "1.0",
    "terraform_version": "1.9.8",
    "values": {
      "root_module": {
        "resources": [
          {
            "address": "data.aws_ami.web",
            "mode": "data",
            "type": "aws_ami",
            "name": "web",
            "provider_name": "registry.terraform.io/hashicorp/aws",
            "schema_version": 0,
            "values": {
              "filter": [{"name": "name", "values": ["al2023-ami-*-x86_64"]}],
              "id": "ami-0123456789abcdef0",
              "image_id": "ami-0123456789abcdef0",
              "most_recent": true,
              "name_regex": null,
              "owners": ["amazon"]
            },
            "sensitive_values": {}
          }
        ]
      }
    }
  },
  "configuration": {
    "provider_config": {
      "aws": {
        "name": "aws",
        "full_name": "registry.terraform.io/hashicorp/aws",
        "expressions": {"region": {"constant_value": "us-east-1"}}
      },
      "aws.west": {
        "name": "aws",
        "full_name": "registry.terraform.io/hashicorp/aws",
        "alias": "west",
        "expressions": {"region": {"references": ["var.west_region"]}}
      }
    },
    "root_module": {
      "resources": [
        {
          "address": "aws_ami_copy.dr",
          "mode": "managed",
          "type": "aws_ami_copy",
          "name": "dr",
          "provider_config_key": "aws.west",
          "expressions": {
            "description": {"constant_value": "DR copy"},
            "name": {"constant_value": "web-dr"},
            "source_ami_id": {"references": ["data.aws_ami.web.id", "data.aws_ami.web"]},
            "source_ami_region": {"constant_value": "us-east-1"}
          },
          "schema_version": 0
        },
        {
          "address": "aws_instance.dr",
          "mode": "managed",
          "type": "aws_instance",
          "name": "dr",
          "provider_config_key": "aws.west",
          "expressions": {
            "ami": {"references": ["aws_ami_copy.dr.id", "aws_ami_copy.dr"]},
            "ebs_block_device": [
              {"device_name": {"constant_value": "/dev/sdf"}, "volume_size": {"constant_value": 20}}
            ],
            "instance_type": {"constant_value": "t3.micro"}
          },
          "schema_version": 0
        },
        {
          "address": "aws_instance.fe",
          "mode": "managed",
          "type": "aws_instance",
          "name": "fe",
          "provider_config_key": "aws",
          "expressions": {
            "ami": {"references": ["each.value"]},
            "instance_type": {"constant_value": "t3.micro"}
          },
          "schema_version": 0,
          "for_each_expression": {"references": ["var.amis"]}
        },
        {
          "address": "aws_instance.via_local",
          "mode": "managed",
          "type": "aws_instance",
          "name": "via_local",
          "provider_config_key": "aws",
          "expressions": {
            "ami": {"references": ["local.ami_id"]},
            "monitoring": {"references": ["local.monitoring"]}
          },
          "schema_version": 0
        },
        {
          "address": "aws_instance.web",
          "mode": "managed",
          "type": "aws_instance",
          "name": "web",
          "provider_config_key": "aws",
          "expressions": {
            "ami": {"references": ["data.aws_ami.web.id", "data.aws_ami.web"]},
            "instance_type": {"constant_value": "t3.micro"},
            "tags": {"constant_value": {"Name": "web"}}
          },
          "schema_version": 0
        },
        {
          "address": "aws_launch_template.eu",
          "mode": "managed",
          "type": "aws_launch_template",
          "name": "eu",
          "provider_config_key": "aws",
          "expressions": {
            "block_device_mappings": [
              {
                "device_name": {"constant_value": "/dev/xvda"},
                "ebs": [
                  {
                    "encrypted": {"constant_value": "true"},
                    "kms_key_id": {"references": ["aws_kms_key.eu.arn", "aws_kms_key.eu"]},
                    "volume_size": {"constant_value": 8}
                  }
                ]
              }
            ],
            "image_id": {"constant_value": "ami-0fedcba9876543210"},
            "name": {"constant_value": "eu"},
            "region": {"constant_value": "eu-west-1"}
          },
          "schema_version": 0
        },
        {
          "address": "data.aws_ami.web",
          "mode": "data",
          "type": "aws_ami",
          "name": "web",
          "provider_config_key": "aws",
          "expressions": {
            "filter": [
              {
                "name": {"constant_value": "name"},
                "values": {"constant_value": ["al2023-ami-*-x86_64"]}
              }
            ],
            "most_recent": {"constant_value": true},
            "owners": {"constant_value": ["amazon"]}
          },
          "schema_version": 0
        }
      ],
      "variables": {
        "amis": {"description": "AMI per frontend"},
        "west_region": {"default": "us-west-2"}
      }
    }
  },
  "timestamp": "2025-01-15T10:00:00Z",
  "applyable": true,
  "complete": true,
  "errored": false
})JSON";

// Child modules: a module variable fed by a root lookup, a module output, a nested
// module two calls deep, a module with count, a module with its own provider block
// whose region is a module variable.
const std::string kModulePlan = R"JSON({
  "format_version": "1.2",
  "terraform_version": "1.9.8",
  "planned_values": {
    "root_module": {
      "resources": [
        {
          "address": "aws_instance.out",
          "mode": "managed",
          "type": "aws_instance",
          "name": "out",
          "provider_name": "registry.terraform.io/hashicorp/aws",
          "schema_version": 0,
          "values": {"ami": "ami-0fedcba9876543210", "instance_type": "t3.small"},
          "sensitive_values": {}
        }
      ],
      "child_modules": [
        {
          "resources": [
            {
              "address": "module.app.aws_instance.this",
              "mode": "managed",
              "type": "aws_instance",
              "name": "this",
              "provider_name": "registry.terraform.io/hashicorp/aws",
              "schema_version": 0,
              "values": {"ami": "ami-0123456789abcdef0", "instance_type": "t3.small"},
              "sensitive_values": {}
            },
            {
              "address": "module.app.aws_launch_template.lt",
              "mode": "managed",
              "type": "aws_launch_template",
              "name": "lt",
              "provider_name": "registry.terraform.io/hashicorp/aws",
              "schema_version": 0,
              "values": {"image_id": "ami-0fedcba9876543210", "name_prefix": "app-"},
              "sensitive_values": {}
            }
          ],
          "address": "module.app",
          "child_modules": [
            {
              "resources": [
                {
                  "address": "module.app.module.db.aws_instance.db",
                  "mode": "managed",
                  "type": "aws_instance",
                  "name": "db",
                  "provider_name": "registry.terraform.io/hashicorp/aws",
                  "schema_version": 0,
                  "values": {"ami": "ami-0123456789abcdef0", "instance_type": "t3.small"},
                  "sensitive_values": {}
                }
              ],
              "address": "module.app.module.db"
            }
          ]
        },
        {
          "resources": [
            {
              "address": "module.legacy[0].aws_instance.this",
              "mode": "managed",
              "type": "aws_instance",
              "name": "this",
              "provider_name": "registry.terraform.io/hashicorp/aws",
              "schema_version": 0,
              "values": {"ami": "ami-0123456789abcdef0", "instance_type": "t3.small"},
              "sensitive_values": {}
            }
          ],
          "address": "module.legacy[0]"
        },
        {
          "resources": [
            {
              "address": "module.legacy[1].aws_instance.this",
              "mode": "managed",
              "type": "aws_instance",
              "name": "this",
              "provider_name": "registry.terraform.io/hashicorp/aws",
              "schema_version": 0,
              "values": {"ami": "ami-0123456789abcdef0", "instance_type": "t3.small"},
              "sensitive_values": {}
            }
          ],
          "address": "module.legacy[1]"
        },
        {
          "resources": [
            {
              "address": "module.west.aws_instance.this",
              "mode": "managed",
              "type": "aws_instance",
              "name": "this",
              "provider_name": "registry.terraform.io/hashicorp/aws",
              "schema_version": 0,
              "values": {"ami": "ami-0fedcba9876543210", "instance_type": "t3.small"},
              "sensitive_values": {}
            }
          ],
          "address": "module.west"
        }
      ]
    }
  },
  "resource_changes": [
    {
      "address": "aws_instance.out",
      "mode": "managed",
      "type": "aws_instance",
      "name": "out",
      "provider_name": "registry.terraform.io/hashicorp/aws",
      "change": {
        "actions": ["create"],
        "before": null,
        "after": {"ami": "ami-0fedcba9876543210", "instance_type": "t3.small"},
        "after_unknown": {"id": true},
        "before_sensitive": false,
        "after_sensitive": {}
      }
    },
    {
      "address": "module.app.aws_instance.this",
      "module_address": "module.app",
      "mode": "managed",
      "type": "aws_instance",
      "name": "this",
      "provider_name": "registry.terraform.io/hashicorp/aws",
      "change": {
        "actions": ["create"],
        "before": null,
        "after": {"ami": "ami-0123456789abcdef0", "instance_type": "t3.small"},
        "after_unknown": {"id": true},
        "before_sensitive": false,
        "after_sensitive": {}
      }
    },
    {
      "address": "module.app.aws_launch_template.lt",
      "module_address": "module.app",
      "mode": "managed",
      "type": "aws_launch_template",
      "name": "lt",
      "provider_name": "registry.terraform.io/hashicorp/aws",
      "change": {
        "actions": ["create"],
        "before": null,
        "after": {"image_id": "ami-0fedcba9876543210", "name_prefix": "app-"},
        "after_unknown": {"id": true, "name": true},
        "before_sensitive": false,
        "after_sensitive": {}
      }
    },
    {
      "address": "module.app.module.db.aws_instance.db",
      "module_address": "module.app.module.db",
      "mode": "managed",
      "type": "aws_instance",
      "name": "db",
      "provider_name": "registry.terraform.io/hashicorp/aws",
      "change": {
        "actions": ["create"],
        "before": null,
        "after": {"ami": "ami-0123456789abcdef0", "instance_type": "t3.small"},
        "after_unknown": {"id": true},
        "before_sensitive": false,
        "after_sensitive": {}
      }
    },
    {
      "address": "module.legacy[0].aws_instance.this",
      "module_address": "module.legacy[0]",
      "mode": "managed",
      "type": "aws_instance",
      "name": "this",
      "provider_name": "registry.terraform.io/hashicorp/aws",
      "change": {
        "actions": ["create"],
        "before": null,
        "after": {"ami": "ami-0123456789abcdef0", "instance_type": "t3.small"},
        "after_unknown": {"id": true},
        "before_sensitive": false,
        "after_sensitive": {}
      }
    },
    {
      "address": "module.legacy[1].aws_instance.this",
      "module_address": "module.legacy[1]",
      "mode": "managed",
      "type": "aws_instance",
      "name": "this",
      "provider_name": "registry.terraform.io/hashicorp/aws",
      "change": {
        "actions": ["create"],
        "before": null,
        "after": {"ami": "ami-0123456789abcdef0", "instance_type": "t3.small"},
        "after_unknown": {"id": true},
        "before_sensitive": false,
        "after_sensitive": {}
      }
    },
    {
      "address": "module.west.aws_instance.this",
      "module_address": "module.west",
      "mode": "managed",
      "type": "aws_instance",
      "name": "this",
      "provider_name": "registry.terraform.io/hashicorp/aws",
      "change": {
        "actions": ["create"],
        "before": null,
        "after": {"ami": "ami-0fedcba9876543210", "instance_type": "t3.small"},
        "after_unknown": {"id": true},
        "before_sensitive": false,
        "after_sensitive": {}
      }
    }
  ],
  "prior_state": {
    "format_version": "1.0",
    "terraform_version": "1.9.8",
    "values": {
      "root_module": {
        "resources": [
          {
            "address": "data.aws_ami.web",
            "mode": "data",
            "type": "aws_ami",
            "name": "web",
            "provider_name": "registry.terraform.io/hashicorp/aws",
            "schema_version": 0,
            "values": {
              "id": "ami-0123456789abcdef0",
              "image_id": "ami-0123456789abcdef0",
              "most_recent": true,
              "owners": ["self"]
            },
            "sensitive_values": {}
          }
        ],
        "child_modules": [
          {
            "resources": [
              {
                "address": "module.app.data.aws_ami.inner",
                "mode": "data",
                "type": "aws_ami",
                "name": "inner",
                "provider_name": "registry.terraform.io/hashicorp/aws",
                "schema_version": 0,
                "values": {
                  "id": "ami-0fedcba9876543210",
                  "image_id": "ami-0fedcba9876543210",
                  "most_recent": true,
                  "owners": ["self"]
                },
                "sensitive_values": {}
              }
            ],
            "address": "module.app"
          }
        ]
      }
    }
  },
  "configuration": {
    "provider_config": {
      "aws": {
        "name": "aws",
        "full_name": "registry.terraform.io/hashicorp/aws",
        "expressions": {"region": {"constant_value": "us-east-1"}}
      },
      "module.app.module.db:aws": {
        "name": "aws",
        "full_name": "registry.terraform.io/hashicorp/aws",
        "module_address": "module.app.module.db"
      },
      "module.west:aws": {
        "name": "aws",
        "full_name": "registry.terraform.io/hashicorp/aws",
        "module_address": "module.west",
        "expressions": {"region": {"references": ["var.region"]}}
      }
    },
    "root_module": {
      "outputs": {"image": {"expression": {"references": ["module.app.ami", "module.app"]}}},
      "resources": [
        {
          "address": "aws_instance.out",
          "mode": "managed",
          "type": "aws_instance",
          "name": "out",
          "provider_config_key": "aws",
          "expressions": {
            "ami": {"references": ["module.app.ami", "module.app"]},
            "instance_type": {"constant_value": "t3.small"}
          },
          "schema_version": 0
        },
        {
          "address": "data.aws_ami.web",
          "mode": "data",
          "type": "aws_ami",
          "name": "web",
          "provider_config_key": "aws",
          "expressions": {
            "most_recent": {"constant_value": true},
            "owners": {"constant_value": ["self"]}
          },
          "schema_version": 0
        }
      ],
      "module_calls": {
        "app": {
          "source": "./modules/app",
          "expressions": {"ami_id": {"references": ["data.aws_ami.web.id", "data.aws_ami.web"]}},
          "module": {
            "outputs": {
              "ami": {"expression": {"references": ["data.aws_ami.inner.id", "data.aws_ami.inner"]}}
            },
            "resources": [
              {
                "address": "aws_instance.this",
                "mode": "managed",
                "type": "aws_instance",
                "name": "this",
                "provider_config_key": "aws",
                "expressions": {
                  "ami": {"references": ["var.ami_id"]},
                  "instance_type": {"constant_value": "t3.small"}
                },
                "schema_version": 0
              },
              {
                "address": "aws_launch_template.lt",
                "mode": "managed",
                "type": "aws_launch_template",
                "name": "lt",
                "provider_config_key": "aws",
                "expressions": {
                  "image_id": {"references": ["data.aws_ami.inner.id", "data.aws_ami.inner"]},
                  "name_prefix": {"constant_value": "app-"}
                },
                "schema_version": 0
              },
              {
                "address": "data.aws_ami.inner",
                "mode": "data",
                "type": "aws_ami",
                "name": "inner",
                "provider_config_key": "aws",
                "expressions": {
                  "most_recent": {"constant_value": true},
                  "owners": {"constant_value": ["self"]}
                },
                "schema_version": 0
              }
            ],
            "module_calls": {
              "db": {
                "source": "./db",
                "expressions": {"ami": {"references": ["var.ami_id"]}},
                "module": {
                  "resources": [
                    {
                      "address": "aws_instance.db",
                      "mode": "managed",
                      "type": "aws_instance",
                      "name": "db",
                      "provider_config_key": "module.app.module.db:aws",
                      "expressions": {
                        "ami": {"references": ["var.ami"]},
                        "instance_type": {"constant_value": "t3.small"}
                      },
                      "schema_version": 0
                    }
                  ],
                  "variables": {"ami": {}}
                }
              }
            },
            "variables": {"ami_id": {"description": "AMI to launch"}}
          }
        },
        "legacy": {
          "source": "./modules/legacy",
          "expressions": {"ami": {"references": ["data.aws_ami.web.id", "data.aws_ami.web"]}},
          "count_expression": {"constant_value": 2},
          "module": {
            "resources": [
              {
                "address": "aws_instance.this",
                "mode": "managed",
                "type": "aws_instance",
                "name": "this",
                "provider_config_key": "aws",
                "expressions": {
                  "ami": {"references": ["var.ami"]},
                  "instance_type": {"constant_value": "t3.small"}
                },
                "schema_version": 0
              }
            ],
            "variables": {"ami": {}}
          }
        },
        "west": {
          "source": "./modules/west",
          "expressions": {
            "ami": {"references": ["module.app.ami", "module.app"]},
            "region": {"constant_value": "eu-central-1"}
          },
          "module": {
            "resources": [
              {
                "address": "aws_instance.this",
                "mode": "managed",
                "type": "aws_instance",
                "name": "this",
                "provider_config_key": "module.west:aws",
                "expressions": {
                  "ami": {"references": ["var.ami"]},
                  "instance_type": {"constant_value": "t3.small"}
                },
                "schema_version": 0
              }
            ],
            "variables": {"ami": {}, "region": {"default": "eu-west-3"}}
          }
        }
      }
    }
  },
  "timestamp": "2025-01-15T10:00:00Z",
  "applyable": true,
  "complete": true,
  "errored": false
})JSON";

struct Loaded {
  std::string text;
  Document doc;
  TfView view;
};

Loaded load(const std::string& text, const LintOptions& options = LintOptions{}) {
  Loaded l;
  l.text = text;
  l.doc = load_json(l.text, "plan.json");
  REQUIRE(l.doc.errors.empty());
  REQUIRE(l.doc.root != nullptr);
  REQUIRE(is_tf_plan(l.doc.root));
  l.view = plan_view(*l.doc.root, options);
  return l;
}

// "line:col" where a range starts.
std::string at(const std::string& text, Range r) {
  Position p = LineIndex(text).position(r.begin);
  return std::to_string(p.line) + ":" + std::to_string(p.column);
}

std::string slice(const std::string& text, Range r) { return text.substr(r.begin, r.end - r.begin); }

const TfBlock& block(const TfView& v, const std::string& address) {
  for (const auto& b : v.blocks)
    if (b.address == address) return b;
  FAIL("no block " << address);
  throw;
}

// A value by path: "ebs_block_device[0].volume_id".
const EvalValue& get(const EvalValue& root, const std::string& path) {
  const EvalValue* v = &root;
  size_t i = 0;
  while (i < path.size()) {
    if (path[i] == '.') ++i;
    if (path[i] == '[') {
      size_t j = path.find(']', i);
      size_t n = std::stoul(path.substr(i + 1, j - i - 1));
      INFO(path);
      REQUIRE(v->kind == Kind::List);
      REQUIRE(n < v->items.size());
      v = &v->items[n];
      i = j + 1;
      continue;
    }
    size_t j = path.find_first_of(".[", i);
    std::string name = path.substr(i, j == std::string::npos ? std::string::npos : j - i);
    const EvalValue* f = v->field(name);
    INFO(path << ": no field " << name);
    REQUIRE(f != nullptr);
    v = f;
    i = j == std::string::npos ? path.size() : j;
  }
  return *v;
}

const TfRegionMention* mention(const TfView& v, const std::string& path) {
  for (const auto& m : v.region_mentions)
    if (m.path == path) return &m;
  return nullptr;
}

}  // namespace

TEST_CASE("plan JSON is recognised by format_version with planned_values or resource_changes", "[tf_plan]") {
  auto plan = [](const std::string& json) {
    Document d = load_json(json, "x.json");
    return is_tf_plan(d.root);
  };
  CHECK(plan(R"({"format_version": "1.2", "planned_values": {}})"));
  CHECK(plan(R"({"format_version": "0.1", "terraform_version": "0.12.5", "resource_changes": []})"));
  CHECK_FALSE(plan(R"({"format_version": "1.0", "values": {"root_module": {}}})"));  // terraform show -json state
  CHECK_FALSE(plan(R"({"planned_values": {}, "resource_changes": []})"));
  CHECK_FALSE(plan(R"({"format_version": "1.0", "provider_schemas": {}})"));
  CHECK_FALSE(plan(R"([{"format_version": "1.2", "planned_values": {}}])"));
  CHECK_FALSE(plan(R"({"AWSTemplateFormatVersion": "2010-09-09", "Resources": {}})"));
  CHECK_FALSE(is_tf_plan(nullptr));
}

TEST_CASE("plan blocks: one per resource and data source instance, anchored at its address", "[tf_plan]") {
  Loaded l = load(kRootPlan);
  std::vector<std::string> addresses;
  for (const auto& b : l.view.blocks) addresses.push_back(b.address);
  // planned_values in order, then the data sources read while planning (prior_state).
  CHECK(addresses == std::vector<std::string>{"aws_ami_copy.dr", "aws_instance.dr", "aws_instance.fe[\"a\"]",
                                              "aws_instance.fe[\"b\"]", "aws_instance.via_local", "aws_instance.web",
                                              "aws_launch_template.eu", "data.aws_ami.web"});
  const TfBlock& web = block(l.view, "aws_instance.web");
  CHECK_FALSE(web.data);
  CHECK(web.type == "aws_instance");
  CHECK(web.name == "web");
  CHECK(web.path == "aws_instance.web");
  CHECK(at(l.text, web.anchor) == "75:22");
  CHECK(slice(l.text, web.anchor) == "\"aws_instance.web\"");
  const TfBlock& fe = block(l.view, "aws_instance.fe[\"a\"]");
  CHECK(fe.name == "fe");
  CHECK(fe.path == "aws_instance.fe[\"a\"]");
  CHECK(at(l.text, fe.anchor) == "43:22");
  const TfBlock& lookup = block(l.view, "data.aws_ami.web");
  CHECK(lookup.data);
  CHECK(lookup.type == "aws_ami");
  CHECK(lookup.name == "web");
  CHECK(at(l.text, lookup.anchor) == "251:24");
}

TEST_CASE("plan values keep their kinds and exact positions", "[tf_plan]") {
  Loaded l = load(kRootPlan);
  const EvalValue& copy = block(l.view, "aws_ami_copy.dr").body;
  REQUIRE(copy.kind == Kind::Object);
  CHECK(at(l.text, copy.range) == "18:21");
  CHECK(get(copy, "description").kind == Kind::String);
  CHECK(get(copy, "description").text == "DR copy");
  CHECK(at(l.text, get(copy, "description").range) == "19:28");
  CHECK(get(copy, "encrypted").kind == Kind::Bool);
  CHECK(get(copy, "encrypted").text == "false");
  CHECK(at(l.text, get(copy, "encrypted").range) == "20:26");
  CHECK(get(copy, "source_ami_region").text == "us-east-1");
  CHECK(at(l.text, get(copy, "source_ami_region").range) == "23:34");
  CHECK(get(copy, "tags").kind == Kind::Null);
  CHECK(at(l.text, get(copy, "tags").range) == "24:21");

  // Nested blocks are lists of objects.
  const EvalValue& lt = block(l.view, "aws_launch_template.eu").body;
  const EvalValue& bdm = get(lt, "block_device_mappings");
  REQUIRE(bdm.kind == Kind::List);
  REQUIRE(bdm.items.size() == 1);
  CHECK(bdm.items[0].kind == Kind::Object);
  CHECK(at(l.text, bdm.items[0].range) == "97:15");
  CHECK(get(lt, "block_device_mappings[0].device_name").text == "/dev/xvda");
  CHECK(at(l.text, get(lt, "block_device_mappings[0].device_name").range) == "97:31");
  const EvalValue& size = get(lt, "block_device_mappings[0].ebs[0].volume_size");
  CHECK(size.kind == Kind::Number);
  CHECK(size.text == "8");
  CHECK(at(l.text, size.range) == "97:89");
  CHECK(get(lt, "block_device_mappings[0].ebs[0].encrypted").kind == Kind::String);

  const EvalValue& ami = block(l.view, "data.aws_ami.web").body;
  const EvalValue& owners = get(ami, "owners");
  REQUIRE(owners.kind == Kind::List);
  REQUIRE(owners.items.size() == 1);
  CHECK(owners.items[0].text == "amazon");
  CHECK(at(l.text, owners.items[0].range) == "263:26");
  CHECK(get(ami, "filter[0].values[0]").text == "al2023-ami-*-x86_64");
  CHECK(at(l.text, get(ami, "filter[0].values[0]").range) == "258:54");
  CHECK(get(ami, "most_recent").kind == Kind::Bool);
  CHECK(get(ami, "name_regex").kind == Kind::Null);
  CHECK(get(ami, "id").kind == Kind::String);
}

TEST_CASE("values known only after apply are Unknown, also inside nested blocks", "[tf_plan]") {
  Loaded l = load(kRootPlan);
  const EvalValue& copy = block(l.view, "aws_ami_copy.dr").body;
  const EvalValue& id = get(copy, "id");
  CHECK(id.kind == Kind::Unknown);
  CHECK(id.reason == "known after apply");
  CHECK(at(l.text, id.range) == "127:40");  // its key in after_unknown
  CHECK(get(copy, "kms_key_id").kind == Kind::Unknown);

  const EvalValue& dr = block(l.view, "aws_instance.dr").body;
  const EvalValue& vol = get(dr, "ebs_block_device[0].volume_id");
  CHECK(vol.kind == Kind::Unknown);
  CHECK(at(l.text, vol.range) == "148:33");
  CHECK(get(dr, "ebs_block_device[0].volume_size").text == "20");

  // Unknown and configured as a reference: a Reference without a planned value,
  // at the configuration's expression.
  const EvalValue& kms = get(block(l.view, "aws_launch_template.eu").body, "block_device_mappings[0].ebs[0].kms_key_id");
  CHECK(kms.kind == Kind::Reference);
  CHECK(kms.ref == "aws_kms_key.eu");
  CHECK(kms.attr == "arn");
  CHECK(kms.text.empty());
  CHECK(at(l.text, kms.range) == "367:51");
  CHECK(slice(l.text, kms.range) == "\"aws_kms_key.eu.arn\"");
}

TEST_CASE("configured references become References carrying the planned value", "[tf_plan]") {
  Loaded l = load(kRootPlan);
  const EvalValue& ami = get(block(l.view, "aws_instance.web").body, "ami");
  CHECK(ami.kind == Kind::Reference);
  CHECK(ami.ref == "data.aws_ami.web");
  CHECK(ami.attr == "id");
  CHECK(ami.text == "ami-0123456789abcdef0");
  CHECK(at(l.text, ami.range) == "82:20");  // the planned value

  const EvalValue& src = get(block(l.view, "aws_ami_copy.dr").body, "source_ami_id");
  CHECK(src.kind == Kind::Reference);
  CHECK(src.ref == "data.aws_ami.web");
  CHECK(src.text == "ami-0123456789abcdef0");
  CHECK(at(l.text, src.range) == "22:30");

  // Unknown until the copy exists: the reference, at the configuration.
  const EvalValue& dr = get(block(l.view, "aws_instance.dr").body, "ami");
  CHECK(dr.kind == Kind::Reference);
  CHECK(dr.ref == "aws_ami_copy.dr");
  CHECK(dr.attr == "id");
  CHECK(dr.text.empty());
  CHECK(at(l.text, dr.range) == "308:36");
  CHECK(slice(l.text, dr.range) == "\"aws_ami_copy.dr.id\"");

  // Constants stay literals.
  const EvalValue& lt = get(block(l.view, "aws_launch_template.eu").body, "image_id");
  CHECK(lt.kind == Kind::String);
  CHECK(lt.text == "ami-0fedcba9876543210");
  CHECK(at(l.text, lt.range) == "99:25");
}

TEST_CASE("values through variables stay literals, through locals an AMI ID is Unknown", "[tf_plan]") {
  Loaded l = load(kRootPlan);
  // for_each = var.amis, ami = each.value: the variable's values are literals.
  const EvalValue& a = get(block(l.view, "aws_instance.fe[\"a\"]").body, "ami");
  CHECK(a.kind == Kind::String);
  CHECK(a.text == "ami-0aaaaaaaaaaaaaaa1");
  CHECK(at(l.text, a.range) == "50:29");
  CHECK(get(block(l.view, "aws_instance.fe[\"b\"]").body, "ami").text == "ami-0bbbbbbbbbbbbbbb2");

  // ami = local.ami_id: the plan does not say whether the local is a literal or a lookup.
  const TfBlock& loc = block(l.view, "aws_instance.via_local");
  const EvalValue& ami = get(loc.body, "ami");
  CHECK(ami.kind == Kind::Unknown);
  CHECK(ami.reason == "it comes from local.ami_id, which the plan does not record");
  CHECK(at(l.text, ami.range) == "71:29");
  // Other values keep what Terraform will apply.
  const EvalValue& mon = get(loc.body, "monitoring");
  CHECK(mon.kind == Kind::Bool);
  CHECK(mon.text == "true");
}

TEST_CASE("effective regions: default provider, aliased provider from a variable, the resource's own region", "[tf_plan]") {
  Loaded l = load(kRootPlan);
  const TfBlock& web = block(l.view, "aws_instance.web");
  REQUIRE(web.region_known);
  CHECK(web.regions == std::vector<std::string>{"us-east-1"});
  CHECK(web.region_text == "us-east-1");
  CHECK(at(l.text, web.region_range) == "276:54");  // the provider's constant_value
  CHECK(block(l.view, "data.aws_ami.web").regions == std::vector<std::string>{"us-east-1"});

  // provider = aws.west, region = var.west_region: the plan's variable value.
  const TfBlock& dr = block(l.view, "aws_instance.dr");
  REQUIRE(dr.region_known);
  CHECK(dr.regions == std::vector<std::string>{"us-west-2"});
  CHECK(at(l.text, dr.region_range) == "6:30");
  CHECK(block(l.view, "aws_ami_copy.dr").regions == std::vector<std::string>{"us-west-2"});

  // region = "eu-west-1" on the resource wins over its provider's.
  const TfBlock& lt = block(l.view, "aws_launch_template.eu");
  REQUIRE(lt.region_known);
  CHECK(lt.regions == std::vector<std::string>{"eu-west-1"});
  CHECK(at(l.text, lt.region_range) == "101:23");

  // Every region written: each provider's once, and the resource's own.
  REQUIRE(l.view.region_mentions.size() == 3);
  const TfRegionMention* def = mention(l.view, "provider.aws.region");
  REQUIRE(def);
  CHECK(def->region == "us-east-1");
  CHECK(at(l.text, def->range) == "276:54");
  const TfRegionMention* west = mention(l.view, "provider.aws.west.region");
  REQUIRE(west);
  CHECK(west->region == "us-west-2");
  CHECK(at(l.text, west->range) == "6:30");
  const TfRegionMention* own = mention(l.view, "aws_launch_template.eu.region");
  REQUIRE(own);
  CHECK(own->region == "eu-west-1");
  CHECK(at(l.text, own->range) == "101:23");
}

TEST_CASE("without a provider region the single --region is the fallback", "[tf_plan]") {
  const std::string plan = R"({
  "format_version": "1.2",
  "terraform_version": "1.9.8",
  "planned_values": {"root_module": {"resources": [
    {"address": "aws_instance.a", "mode": "managed", "type": "aws_instance", "name": "a",
     "provider_name": "registry.terraform.io/hashicorp/aws", "values": {"ami": "ami-0123456789abcdef0"}},
    {"address": "aws_instance.b", "mode": "managed", "type": "aws_instance", "name": "b",
     "provider_name": "registry.terraform.io/hashicorp/aws", "values": {"ami": "ami-0123456789abcdef0"}},
    {"address": "aws_instance.c", "mode": "managed", "type": "aws_instance", "name": "c",
     "provider_name": "registry.terraform.io/hashicorp/aws", "values": {"ami": "ami-0123456789abcdef0", "region": null}}
  ]}},
  "resource_changes": [
    {"address": "aws_instance.c", "mode": "managed", "type": "aws_instance", "name": "c",
     "change": {"actions": ["create"], "before": null, "after": {}, "after_unknown": {"region": true}}}
  ],
  "configuration": {
    "provider_config": {
      "aws": {"name": "aws", "full_name": "registry.terraform.io/hashicorp/aws"},
      "aws.env": {"name": "aws", "alias": "env", "expressions": {"region": {"references": ["local.region"]}}}
    },
    "root_module": {"resources": [
      {"address": "aws_instance.a", "mode": "managed", "type": "aws_instance", "name": "a", "provider_config_key": "aws",
       "expressions": {"ami": {"constant_value": "ami-0123456789abcdef0"}}},
      {"address": "aws_instance.b", "mode": "managed", "type": "aws_instance", "name": "b", "provider_config_key": "aws.env",
       "expressions": {"ami": {"constant_value": "ami-0123456789abcdef0"}}},
      {"address": "aws_instance.c", "mode": "managed", "type": "aws_instance", "name": "c", "provider_config_key": "aws",
       "expressions": {"ami": {"constant_value": "ami-0123456789abcdef0"}, "region": {"references": ["aws_s3_bucket.x.region", "aws_s3_bucket.x"]}}}
    ]}
  }
})";
  // No region anywhere: unknown.
  Loaded none = load(plan);
  CHECK_FALSE(block(none.view, "aws_instance.a").region_known);
  CHECK_FALSE(block(none.view, "aws_instance.b").region_known);
  CHECK(none.view.region_mentions.empty());

  LintOptions one;
  one.regions = {"ap-south-1"};
  Loaded l = load(plan, one);
  const TfBlock& a = block(l.view, "aws_instance.a");
  REQUIRE(a.region_known);
  CHECK(a.regions == std::vector<std::string>{"ap-south-1"});
  CHECK(a.region_text.empty());  // written nowhere in the plan
  CHECK(block(l.view, "aws_instance.b").regions == std::vector<std::string>{"ap-south-1"});
  // A region the resource sets itself but that is unknown: no fallback.
  const TfBlock& c = block(l.view, "aws_instance.c");
  CHECK_FALSE(c.region_known);
  CHECK(get(c.body, "region").kind == Kind::Reference);

  LintOptions two;
  two.regions = {"ap-south-1", "eu-west-1"};
  Loaded t = load(plan, two);
  CHECK_FALSE(block(t.view, "aws_instance.a").region_known);
}

TEST_CASE("child modules: variables, outputs, nested modules, count instances and module providers", "[tf_plan]") {
  Loaded l = load(kModulePlan);
  std::vector<std::string> addresses;
  for (const auto& b : l.view.blocks) addresses.push_back(b.address);
  CHECK(addresses == std::vector<std::string>{"aws_instance.out", "module.app.aws_instance.this",
                                              "module.app.aws_launch_template.lt", "module.app.module.db.aws_instance.db",
                                              "module.legacy[0].aws_instance.this", "module.legacy[1].aws_instance.this",
                                              "module.west.aws_instance.this", "data.aws_ami.web",
                                              "module.app.data.aws_ami.inner"});
  const TfBlock& inner = block(l.view, "module.app.data.aws_ami.inner");
  CHECK(inner.data);
  CHECK(inner.type == "aws_ami");
  CHECK(inner.name == "inner");
  CHECK(at(l.text, inner.anchor) == "248:28");

  auto ref_of = [&](const std::string& address, const std::string& attr) {
    const EvalValue& v = get(block(l.view, address).body, attr);
    INFO(address << "." << attr);
    CHECK(v.kind == Kind::Reference);
    return v.ref + "." + v.attr + "=" + v.text + "@" + at(l.text, v.range);
  };
  // ami = var.ami_id, and the module call passes data.aws_ami.web.id.
  CHECK(ref_of("module.app.aws_instance.this", "ami") == "data.aws_ami.web.id=ami-0123456789abcdef0@28:33");
  // A lookup inside the module: module-prefixed.
  CHECK(ref_of("module.app.aws_launch_template.lt", "image_id") ==
        "module.app.data.aws_ami.inner.id=ami-0fedcba9876543210@38:38");
  // Two module calls deep: db's var.ami <- app's var.ami_id <- data.aws_ami.web.id.
  CHECK(ref_of("module.app.module.db.aws_instance.db", "ami") == "data.aws_ami.web.id=ami-0123456789abcdef0@53:37");
  // Instances of a module with count.
  CHECK(ref_of("module.legacy[0].aws_instance.this", "ami") == "data.aws_ami.web.id=ami-0123456789abcdef0@70:33");
  CHECK(ref_of("module.legacy[1].aws_instance.this", "ami") == "data.aws_ami.web.id=ami-0123456789abcdef0@85:33");
  // A module output, followed to the block inside the module.
  CHECK(ref_of("aws_instance.out", "ami") == "module.app.data.aws_ami.inner.id=ami-0fedcba9876543210@14:29");
  CHECK(ref_of("module.west.aws_instance.this", "ami") ==
        "module.app.data.aws_ami.inner.id=ami-0fedcba9876543210@100:33");

  // Modules without a provider block inherit the root's default provider, also
  // through a module whose provider entry Terraform left unlinked.
  for (const char* a : {"module.app.aws_instance.this", "module.app.data.aws_ami.inner",
                        "module.app.module.db.aws_instance.db", "module.legacy[1].aws_instance.this"}) {
    INFO(a);
    CHECK(block(l.view, a).regions == std::vector<std::string>{"us-east-1"});
    CHECK(at(l.text, block(l.view, a).region_range) == "274:54");
  }
  // A module's own provider block, region = var.region, passed by the module call.
  const TfBlock& west = block(l.view, "module.west.aws_instance.this");
  REQUIRE(west.region_known);
  CHECK(west.regions == std::vector<std::string>{"eu-central-1"});
  CHECK(at(l.text, west.region_range) == "414:42");
  const TfRegionMention* m = mention(l.view, "module.west.provider.aws.region");
  REQUIRE(m);
  CHECK(m->region == "eu-central-1");
  CHECK(l.view.region_mentions.size() == 2);
}

TEST_CASE("module outputs of modules with several instances stay Unknown with a reason", "[tf_plan]") {
  const std::string plan = R"({
  "format_version": "1.2",
  "planned_values": {"root_module": {"resources": [
    {"address": "aws_instance.x", "mode": "managed", "type": "aws_instance", "name": "x",
     "values": {"ami": "ami-0123456789abcdef0"}}
  ]}},
  "configuration": {"root_module": {
    "resources": [{"address": "aws_instance.x", "mode": "managed", "type": "aws_instance", "name": "x",
      "provider_config_key": "aws", "expressions": {"ami": {"references": ["module.amis.id", "module.amis"]}}}],
    "module_calls": {"amis": {"source": "./amis", "count_expression": {"constant_value": 2},
      "module": {"outputs": {"id": {"expression": {"references": ["data.aws_ami.a.id", "data.aws_ami.a"]}}}}}}
  }}
})";
  Loaded l = load(plan);
  const EvalValue& ami = get(block(l.view, "aws_instance.x").body, "ami");
  CHECK(ami.kind == Kind::Unknown);
  CHECK(ami.reason == "an output of module.amis, which has several instances");
  CHECK(at(l.text, ami.range) == "5:24");  // the planned value
}

TEST_CASE("older plans: module-name provider keys and references without an attribute", "[tf_plan]") {
  // Terraform 0.12/0.13: resources in modules name their provider "<module>:aws", and
  // references name only the object.
  std::string plan = R"({
  "format_version": "0.1",
  "terraform_version": "0.13.7",
  "planned_values": {"root_module": {
    "resources": [
      {"address": "aws_instance.web", "mode": "managed", "type": "aws_instance", "name": "web",
       "provider_name": "registry.terraform.io/hashicorp/aws", "schema_version": 1,
       "values": {"ami": "ami-0123456789abcdef0", "instance_type": "t2.micro"}}
    ],
    "child_modules": [{"resources": [
      {"address": "module.m.aws_instance.this", "mode": "managed", "type": "aws_instance", "name": "this",
       "provider_name": "registry.terraform.io/hashicorp/aws", "schema_version": 1,
       "values": {"ami": "ami-0aaaaaaaaaaaaaaa1", "instance_type": "t2.micro"}}
    ], "address": "module.m"}]
  }},
  "prior_state": {"format_version": "0.1", "terraform_version": "0.13.7", "values": {"root_module": {"resources": [
    {"address": "data.aws_ami.web", "mode": "data", "type": "aws_ami", "name": "web",
     "provider_name": "registry.terraform.io/hashicorp/aws", "schema_version": 0,
     "values": {"id": "ami-0123456789abcdef0", "image_id": "ami-0123456789abcdef0", "owners": ["amazon"]}}
  ]}}},
  "configuration": {
    "provider_config": {
      "aws": {"name": "aws", "expressions": {"region": {"constant_value": "ap-southeast-2"}}},
      "module.m:aws": {"name": "aws", "version_constraint": ">= 3.0", "module_address": "module.m"}
    },
    "root_module": {
      "resources": [
        {"address": "aws_instance.web", "mode": "managed", "type": "aws_instance", "name": "web",
         "provider_config_key": "aws", "expressions": {"ami": {"references": ["data.aws_ami.web"]}}},
        {"address": "data.aws_ami.web", "mode": "data", "type": "aws_ami", "name": "web",
         "provider_config_key": "aws", "expressions": {"owners": {"constant_value": ["amazon"]}}}
      ],
      "module_calls": {"m": {"source": "./m", "module": {"resources": [
        {"address": "aws_instance.this", "mode": "managed", "type": "aws_instance", "name": "this",
         "provider_config_key": "m:aws", "expressions": {"ami": {"constant_value": "ami-0aaaaaaaaaaaaaaa1"}}}
      ]}}}
    }
  }
})";
  Loaded l = load(plan);
  const EvalValue& ami = get(block(l.view, "aws_instance.web").body, "ami");
  CHECK(ami.kind == Kind::Reference);
  CHECK(ami.ref == "data.aws_ami.web");
  CHECK(ami.attr == "id");  // the attribute whose planned value it is
  const TfBlock& m = block(l.view, "module.m.aws_instance.this");
  REQUIRE(m.region_known);
  CHECK(m.regions == std::vector<std::string>{"ap-southeast-2"});
  CHECK(at(l.text, m.region_range) == "23:75");

  // With an aliased aws provider, "m:aws" may be a provider the module call passes:
  // the plan does not say which, so the region is unknown.
  std::string aliased = plan;
  std::string key = R"("module.m:aws": {)";
  aliased.replace(aliased.find(key), key.size(),
                  R"("aws.west": {"name": "aws", "alias": "west", "expressions": {"region": {"constant_value": "us-west-2"}}}, )" + key);
  Loaded a = load(aliased);
  CHECK_FALSE(block(a.view, "module.m.aws_instance.this").region_known);
  CHECK(block(a.view, "aws_instance.web").regions == std::vector<std::string>{"ap-southeast-2"});
}

TEST_CASE("a plan without configuration takes AMI IDs from the lookups it holds", "[tf_plan]") {
  const std::string plan = R"({
  "format_version": "0.1",
  "terraform_version": "0.12.23",
  "planned_values": {"root_module": {"resources": [
    {"address": "aws_instance.a", "mode": "managed", "type": "aws_instance", "name": "a",
     "values": {"ami": "ami-0123456789abcdef0"}},
    {"address": "aws_instance.b", "mode": "managed", "type": "aws_instance", "name": "b",
     "values": {"ami": "ami-0aaaaaaaaaaaaaaa1"}}
  ]}},
  "prior_state": {"values": {"root_module": {"resources": [
    {"address": "data.aws_ami.al2", "mode": "data", "type": "aws_ami", "name": "al2",
     "values": {"id": "ami-0123456789abcdef0", "most_recent": true}}
  ]}}}
})";
  Loaded l = load(plan);
  const EvalValue& a = get(block(l.view, "aws_instance.a").body, "ami");
  CHECK(a.kind == Kind::Reference);
  CHECK(a.ref == "data.aws_ami.al2");
  CHECK(a.attr == "id");
  CHECK(a.text == "ami-0123456789abcdef0");
  CHECK(at(l.text, a.range) == "6:24");
  const EvalValue& b = get(block(l.view, "aws_instance.b").body, "ami");
  CHECK(b.kind == Kind::String);
  CHECK_FALSE(block(l.view, "aws_instance.a").region_known);
}

TEST_CASE("a plan with only resource_changes is read from the changes", "[tf_plan]") {
  const std::string plan = R"({
  "format_version": "1.2",
  "resource_changes": [
    {"address": "aws_ami_copy.c", "mode": "managed", "type": "aws_ami_copy", "name": "c",
     "change": {"actions": ["create"], "before": null,
                "after": {"source_ami_id": "ami-0123456789abcdef0", "source_ami_region": "us-east-1"},
                "after_unknown": {"id": true}}},
    {"address": "aws_instance.gone", "mode": "managed", "type": "aws_instance", "name": "gone",
     "change": {"actions": ["delete"], "before": {"ami": "ami-0123456789abcdef0"}, "after": null}}
  ]
})";
  Loaded l = load(plan);
  REQUIRE(l.view.blocks.size() == 1);
  const TfBlock& c = l.view.blocks[0];
  CHECK(c.address == "aws_ami_copy.c");
  CHECK(at(l.text, c.anchor) == "4:17");
  CHECK(get(c.body, "source_ami_region").text == "us-east-1");
  CHECK(get(c.body, "id").kind == Kind::Unknown);
}

TEST_CASE("the engine lints plan JSON as a Terraform plan", "[tf_plan]") {
  EngineOptions o;
  o.jobs = 1;
  auto rules = active_rules(o);
  FileReport rep = lint_text(kRootPlan, "plan.json", o, rules);
  CHECK(rep.is_template);
  CHECK(rep.format == Format::TfPlan);
  for (const auto& f : rep.findings) CHECK(f.rule != "AMI000");

  // JSON that is neither a template nor a plan is skipped.
  FileReport other = lint_text(R"({"format_version": "1.0", "values": {}})", "state.json", o, rules);
  CHECK_FALSE(other.is_template);
  CHECK(other.findings.empty());

  // A broken plan is a parse error, not a skipped file.
  std::string broken = kRootPlan.substr(0, 400);
  FileReport bad = lint_text(broken, "plan.json", o, rules);
  CHECK(bad.is_template);
  CHECK(bad.format == Format::TfPlan);
  REQUIRE_FALSE(bad.findings.empty());
  CHECK(bad.findings[0].rule == "AMI000");
}

TEST_CASE("plan findings point at the planned value and name the resource address", "[tf_plan]") {
  fs::path file = fs::path(AMILINT_SOURCE_DIR) / "fixtures" / "AMI011" / "plan" / "fire.json";
  std::ifstream in(file, std::ios::binary);
  std::stringstream buf;
  buf << in.rdbuf();
  EngineOptions o;
  o.jobs = 1;
  o.select = {"AMI011"};
  FileReport rep = lint_text(buf.str(), "fire.json", o, active_rules(o));
  REQUIRE(rep.findings.size() == 2);
  const Finding& f = rep.findings[0];
  CHECK(f.path == "aws_instance.web.ami");
  CHECK(f.line == 15);
  CHECK(f.column == 29);
  CHECK(f.end_line == 15);
  CHECK(f.end_column == 52);  // just past "ami-0123456789abcdef0" (23 characters with its quotes)
  CHECK(rep.findings[1].path == "aws_launch_template.eu.image_id");
}

TEST_CASE("every corpus plan loads into a view", "[tf_plan][corpus]") {
  fs::path corpus = fs::path(AMILINT_SOURCE_DIR).parent_path() / "shared" / "corpus";
  if (!fs::exists(corpus / "MANIFEST.tsv")) {
    WARN("no corpus at " << corpus.string());
    return;
  }
  std::ifstream manifest(corpus / "MANIFEST.tsv");
  std::string line;
  int files = 0, blocks = 0, data = 0, known_region = 0, mentions = 0, references = 0, unknowns = 0;
  std::map<std::string, int> ami_blocks;
  int ami_refs = 0, ami_literals = 0;
  while (std::getline(manifest, line)) {
    std::vector<std::string> cols;
    std::stringstream ss(line);
    std::string c;
    while (std::getline(ss, c, '\t')) cols.push_back(c);
    if (cols.size() < 6 || cols[5] != "tf-plan") continue;
    ++files;
    std::ifstream in(corpus / cols[4], std::ios::binary);
    std::stringstream buf;
    buf << in.rdbuf();
    std::string text = buf.str();
    INFO(cols[4]);
    Document doc = load_json(text, cols[4]);
    REQUIRE(doc.errors.empty());
    REQUIRE(is_tf_plan(doc.root));
    TfView view = plan_view(*doc.root, LintOptions{});
    mentions += static_cast<int>(view.region_mentions.size());
    for (const auto& b : view.blocks) {
      ++blocks;
      data += b.data;
      known_region += b.region_known;
      CHECK_FALSE(b.address.empty());
      CHECK_FALSE(b.type.empty());
      CHECK(b.path == b.address);
      CHECK(b.anchor.end <= text.size());
      CHECK(text[b.anchor.begin] == '"');
      CHECK(b.body.kind == Kind::Object);
      std::function<void(const EvalValue&)> walk = [&](const EvalValue& v) {
        CHECK(v.range.end <= text.size());
        references += v.kind == Kind::Reference;
        unknowns += v.kind == Kind::Unknown;
        for (const auto& f : v.fields) walk(f.second);
        for (const auto& i : v.items) walk(i);
      };
      walk(b.body);
      std::string kind = (b.data ? "data." : "") + b.type;
      if (kind == "aws_instance" || kind == "aws_launch_template" || kind == "aws_launch_configuration" ||
          kind == "data.aws_ami" || kind == "data.aws_ami_ids" || kind == "aws_ami" || kind == "aws_ami_copy" ||
          kind == "aws_ami_from_instance")
        ++ami_blocks[kind];
      if (kind == "aws_instance") {
        const EvalValue* ami = b.body.field("ami");
        if (ami && ami->kind == Kind::Reference && ami->ref.rfind("data.aws_ami.", 0) == 0) ++ami_refs;
        if (ami && ami->kind == Kind::String) ++ami_literals;
      }
    }
  }
  std::cout << "corpus plans: " << files << " files, " << blocks << " blocks (" << data << " data sources), "
            << known_region << " with a known region, " << mentions << " region mentions, " << references
            << " references, " << unknowns << " unknown values\n  AMI-related blocks:";
  for (const auto& [k, n] : ami_blocks) std::cout << " " << k << "=" << n;
  std::cout << "; aws_instance.ami from data.aws_ami: " << ami_refs << ", literal: " << ami_literals << "\n";
  CHECK(files == 50);
  CHECK(blocks == 311);
  CHECK(ami_blocks["aws_instance"] == 8);
  CHECK(ami_blocks["data.aws_ami"] == 4);
  CHECK(ami_refs == 3);
  CHECK(ami_literals == 5);
}
