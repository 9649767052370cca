#!/usr/bin/env python3
"""Writes a big Terraform plan (`terraform show -json`) for benchmarks and scale tests.

    gen_plan.py --resources N [--seed S] [--indent K] > plan.json

The plan has the shape Terraform writes: planned_values, resource_changes, prior_state
(the AMI lookups read while planning) and configuration (three aliased AWS providers in
different regions, and one configuration entry per resource with its provider key and
expressions, literal or references). The resources are of the AMI kinds
(aws_instance, aws_launch_template, aws_ami_copy) with realistic other attributes,
about 2 KB per resource. Some AMI values are malformed, hard-coded, or copied without
encryption, and some take their AMI from a lookup or a copy in another region, so that
rules find something. The same arguments always give the same bytes.
"""
import argparse
import json
import random
import sys

PROVIDERS = [("aws", "", "us-east-1"), ("aws.west", "west", "us-west-2"), ("aws.eu", "eu", "eu-west-1")]
INSTANCE_TYPES = ["t3.micro", "t3.small", "m5.large", "c6i.xlarge", "r6g.2xlarge"]
PROVIDER_NAME = "registry.terraform.io/hashicorp/aws"


def hexid(rng, n=17):
    return "".join(rng.choice("0123456789abcdef") for _ in range(n))


def ami_id(rng):
    return "ami-" + hexid(rng)


def tags(rng, name, i):
    return {
        "Name": "%s-%d" % (name, i),
        "Environment": rng.choice(["prod", "staging", "dev"]),
        "Team": rng.choice(["platform", "payments", "search", "data", "données", "検索"]),
        "CostCenter": "cc-%04d" % rng.randrange(10000),
        "ManagedBy": "terraform",
    }


def lookups(rng):
    """The AMI lookups (data.aws_ami), one per provider, read while planning."""
    out = []
    for key, alias, region in PROVIDERS:
        name = "base_" + (alias or "default")
        out.append({
            "address": "data.aws_ami." + name, "mode": "data", "type": "aws_ami", "name": name,
            "provider_name": PROVIDER_NAME, "schema_version": 0, "provider_key": key,
            "values": {
                "id": ami_id(rng), "architecture": "x86_64", "most_recent": True,
                "owners": ["137112412989"], "name_regex": None,
                "filter": [{"name": "name", "values": ["al2023-ami-*-x86_64"]}],
                "root_device_type": "ebs", "virtualization_type": "hvm",
            },
        })
    return out


def ami_choice(rng, i, data):
    """The AMI of resource i: (planned value, configuration expression)."""
    r = rng.random()
    if r < 0.04:  # malformed literal
        bad = rng.choice(["ami-" + hexid(rng, 12), "ami-XYZ" + hexid(rng, 10), "img-" + hexid(rng)])
        return bad, {"constant_value": bad}
    if r < 0.30:  # hard-coded literal
        v = ami_id(rng)
        return v, {"constant_value": v}
    if r < 0.50:  # a variable
        v = ami_id(rng)
        return v, {"references": ["var.ami_%d" % (i % 7)]}
    d = rng.choice(data)
    ref = d["address"]
    return d["values"]["id"], {"references": [ref + ".id", ref]}


def block_devices(rng):
    return [{
        "device_name": "/dev/xvda", "delete_on_termination": True, "encrypted": rng.random() < 0.8,
        "iops": 3000, "kms_key_id": None, "snapshot_id": None, "throughput": 125,
        "volume_size": rng.choice([8, 20, 50, 100]), "volume_type": "gp3", "tags": None,
    }]


def resource(rng, i, data, copies):
    """One resource: (planned_values entry, after_unknown, configuration entry)."""
    kind = rng.choice(["aws_instance", "aws_instance", "aws_launch_template", "aws_ami_copy"])
    key, alias, region = rng.choice(PROVIDERS)
    name = "%s_%d" % (kind.split("_", 1)[1], i)
    address = "%s.%s" % (kind, name)
    unknown = {"id": True, "arn": True, "tags_all": True}
    exprs = {"tags": {"constant_value": tags(rng, name, i)}}
    if kind == "aws_ami_copy":
        src = rng.choice(data)
        encrypted = rng.random() < 0.6
        kms = ("arn:aws:kms:%s:123456789012:key/%s" % (rng.choice(PROVIDERS)[2], hexid(rng, 32))
               if encrypted and rng.random() < 0.7 else None)
        values = {
            "name": "copy-%d" % i, "description": "Copy of the base image %d — équipe données" % i,
            "source_ami_id": src["values"]["id"], "source_ami_region": rng.choice(PROVIDERS)[2],
            "encrypted": encrypted, "kms_key_id": kms, "deprecation_time": None,
            "tags": tags(rng, name, i), "timeouts": None,
            "ebs_block_device": block_devices(rng),
        }
        unknown.update({"architecture": True, "image_location": True, "root_snapshot_id": True,
                        "ebs_block_device": [{}], "ephemeral_block_device": True})
        exprs.update({
            "name": {"constant_value": values["name"]},
            "description": {"constant_value": values["description"]},
            "source_ami_id": {"references": [src["address"] + ".id", src["address"]]},
            "source_ami_region": {"constant_value": values["source_ami_region"]},
            "encrypted": {"constant_value": encrypted},
        })
        if kms:
            exprs["kms_key_id"] = {"constant_value": kms}
        copies.append(address)
    else:
        ami, ami_expr = ami_choice(rng, i, data)
        subnet = "subnet-" + hexid(rng)
        sgs = ["sg-" + hexid(rng) for _ in range(2)]
        if kind == "aws_instance":
            values = {
                "ami": ami, "instance_type": rng.choice(INSTANCE_TYPES), "subnet_id": subnet,
                "vpc_security_group_ids": sgs, "associate_public_ip_address": False,
                "key_name": None, "monitoring": True, "ebs_optimized": True,
                "iam_instance_profile": "app-profile", "user_data": None,
                "tags": tags(rng, name, i), "timeouts": None,
                "root_block_device": block_devices(rng),
                "metadata_options": [{"http_endpoint": "enabled", "http_tokens": "required",
                                      "http_put_response_hop_limit": 1, "instance_metadata_tags": "disabled"}],
                "credit_specification": [], "ebs_block_device": [],
            }
            exprs["ami"] = ami_expr
            unknown.update({"private_ip": True, "public_ip": True, "primary_network_interface_id": True,
                            "root_block_device": [{"volume_id": True, "device_name": True}],
                            "ebs_block_device": [], "metadata_options": [{}]})
        else:
            values = {
                "image_id": ami, "instance_type": rng.choice(INSTANCE_TYPES), "name_prefix": "lt-%d-" % i,
                "description": "Launch template %d" % i, "update_default_version": True,
                "vpc_security_group_ids": sgs, "user_data": None, "key_name": None,
                "tags": tags(rng, name, i),
                "block_device_mappings": [{"device_name": "/dev/xvda", "no_device": None,
                                           "ebs": block_devices(rng)}],
                "network_interfaces": [{"subnet_id": subnet, "associate_public_ip_address": "false",
                                        "delete_on_termination": "true"}],
            }
            exprs["image_id"] = ami_expr
            unknown.update({"latest_version": True, "name": True,
                            "block_device_mappings": [{"ebs": [{}]}], "network_interfaces": [{}]})
        exprs["instance_type"] = {"constant_value": values["instance_type"]}
    planned = {"address": address, "mode": "managed", "type": kind, "name": name,
               "provider_name": PROVIDER_NAME, "schema_version": 0, "values": values,
               "sensitive_values": {"tags": {}}}
    config = {"address": address, "mode": "managed", "type": kind, "name": name,
              "provider_config_key": key, "expressions": exprs, "schema_version": 0}
    return planned, unknown, config


def generate(n, seed):
    rng = random.Random(seed)
    data = lookups(rng)
    copies = []
    planned, changes, configs = [], [], []
    for i in range(n):
        p, unknown, c = resource(rng, i, data, copies)
        planned.append(p)
        changes.append({
            "address": p["address"], "mode": "managed", "type": p["type"], "name": p["name"],
            "provider_name": PROVIDER_NAME,
            "change": {"actions": ["create"], "before": None, "after": p["values"], "after_unknown": unknown,
                       "before_sensitive": False, "after_sensitive": {"tags": {}}},
        })
        configs.append(c)
    for d in data:
        configs.append({
            "address": d["address"], "mode": "data", "type": "aws_ami", "name": d["name"],
            "provider_config_key": d["provider_key"], "schema_version": 0,
            "expressions": {"most_recent": {"constant_value": True},
                            "owners": {"constant_value": ["137112412989"]},
                            "filter": [{"name": {"constant_value": "name"},
                                        "values": {"constant_value": ["al2023-ami-*-x86_64"]}}]},
        })
    prior = [{k: v for k, v in d.items() if k != "provider_key"} for d in data]
    variables = {"ami_%d" % k: {"value": ami_id(rng)} for k in range(7)}
    providers = {}
    for key, alias, region in PROVIDERS:
        pc = {"name": "aws", "full_name": PROVIDER_NAME, "version_constraint": "~> 5.0",
              "expressions": {"region": {"constant_value": region}}}
        if alias:
            pc["alias"] = alias
        providers[key] = pc
    config_vars = {"ami_%d" % k: {"description": "AMI for tier %d" % k} for k in range(7)}
    return {
        "format_version": "1.2",
        "terraform_version": "1.9.8",
        "variables": variables,
        "planned_values": {"root_module": {"resources": planned}},
        "resource_changes": changes,
        "prior_state": {"format_version": "1.0", "terraform_version": "1.9.8",
                        "values": {"root_module": {"resources": prior}}},
        "configuration": {"provider_config": providers,
                          "root_module": {"resources": configs, "variables": config_vars}},
        "timestamp": "2026-01-01T00:00:00Z",
        "applyable": True,
        "complete": True,
        "errored": False,
    }


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--resources", type=int, required=True, help="number of managed resources")
    ap.add_argument("--seed", type=int, default=1, help="random seed (default 1)")
    ap.add_argument("--indent", type=int, default=None,
                    help="pretty-print with this indent (default: one line, as Terraform writes it)")
    a = ap.parse_args()
    sys.stdout.reconfigure(encoding="utf-8")
    if a.resources < 0:
        ap.error("--resources must be at least 0")
    plan = generate(a.resources, a.seed)
    # json.dumps (whose one-line form is C code) then one write: json.dump writes
    # piece by piece, minutes for a plan of hundreds of megabytes
    if a.indent is None:
        text = json.dumps(plan, separators=(",", ":"), ensure_ascii=False)
    else:
        text = json.dumps(plan, indent=a.indent, ensure_ascii=False)
    del plan
    sys.stdout.write(text)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
