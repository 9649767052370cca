provider "aws" {
  region = "us-east-3"
}

data "aws_ami" "base" {
  most_recent = true
  filter {
    name   = "name"
    values = ["base-*"]
  }
}

resource "aws_instance" "app" {
  ami = data.aws_ami.base.id
}

resource "aws_ami_launch_permission" "share" {
  image_id   = "ami-0abcdef1234567890"
  account_id = "123456789012"
}

resource "aws_ami_launch_permission" "typo" {
  image_id   = "ami-0abcdef1234567890"
  account_id = "12345"
}
