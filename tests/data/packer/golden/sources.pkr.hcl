packer {
  required_plugins {
    amazon = {
      version = ">= 1.2.0"
      source  = "github.com/hashicorp/amazon"
    }
  }
}

variable "region" {
  type    = string
  default = "us-east-1"
}

variable "copy_regions" {
  type    = list(string)
  default = ["us-west-2", "eu-west-1"]
}

variable "share_with" {
  type    = list(string)
  default = []
}

locals {
  timestamp = regex_replace(timestamp(), "[- TZ:]", "")
  base_name = "golden-base"
}

local "kms_west" {
  expression = "arn:aws:kms:us-west-2:111122223333:key/west"
}

data "amazon-ami" "ubuntu" {
  region = var.region
  filters = {
    name                = "ubuntu/images/hvm-ssd/ubuntu-jammy-22.04-amd64-server-*"
    root-device-type    = "ebs"
    virtualization-type = "hvm"
  }
  owners      = ["099720109477"]
  most_recent = true
}

source "amazon-ebs" "golden" {
  region        = var.region
  instance_type = "t3.micro"
  ssh_username  = "ubuntu"
  ami_name      = "${local.base_name}-${local.timestamp}"
  source_ami_filter {
    filters = {
      name                = "amzn2-ami-hvm-*-x86_64-gp2"
      virtualization-type = "hvm"
    }
    owners             = ["amazon"]
    most_recent        = true
    include_deprecated = false
  }
  ami_regions  = var.copy_regions
  encrypt_boot = true
  kms_key_id   = "alias/golden"
  region_kms_key_ids = {
    us-west-2 = local.kms_west
    eu-west-1 = "arn:aws:kms:eu-west-1:111122223333:key/ireland"
  }
  ami_users      = var.share_with
  ami_groups     = []
  snapshot_users = ["444455556666"]
  deprecate_at   = "2027-01-01T00:00:00Z"
}

source "amazon-ebs" "hardened" {
  region        = var.region
  instance_type = "t3.micro"
  source_ami    = data.amazon-ami.ubuntu.id
  ami_name      = "hardened-${local.timestamp}"
}

source "amazon-ebsvolume" "data" {
  region         = var.region
  source_ami     = "ami-0123456789abcdef0"
  ami_users      = ["444455556666"]
  snapshot_users = ["444455556666"]
}

source "amazon-ebs" "unused" {
  region     = "ap-south-1"
  source_ami = "ami-0fedcba9876543210"
}
