#!/usr/bin/env bash
# Inventory evidence against a real AWS API fake: moto_server plus the AWS CLI make
# images (register-image, run-instances + create-image, copy-image to another region,
# modify-image-attribute to make one public), the inventories are exported with
# `aws ec2 describe-images --owners self` exactly as the README tells users (plus
# --endpoint-url), and amilint must report what only the inventory can tell:
# AMI010 (ID from another region), AMI020 (no copy in the DR region), AMI030 (our
# image is public), AMI060 (ID in no inventory), AMI061 (deprecated image).
#
# moto does not implement EnableImageDeprecation: when the call fails, the test
# writes "DeprecationTime" into a copy of the exported us-east-1 document (the raw
# export is kept unchanged beside it) and says so.
#
# Usage: tests/moto_test.sh path/to/amilint
# Needs moto_server (pip package moto[server]), the AWS CLI and python3; loopback
# only, dummy credentials.
set -euo pipefail

amilint=${1:?usage: tests/moto_test.sh path/to/amilint}
case $amilint in /*) ;; *) amilint=$PWD/$amilint ;; esac

fail() {
  echo "FAIL: $*" >&2
  exit 1
}

for tool in moto_server aws python3; do
  command -v "$tool" >/dev/null || fail "$tool is not installed (pip install 'moto[server]' awscli)"
done

work=$(mktemp -d /tmp/amilint-moto-XXXXXX)
moto_pid=
cleanup() {
  if [ -n "$moto_pid" ]; then
    kill "$moto_pid" 2>/dev/null || true
    wait "$moto_pid" 2>/dev/null || true
  fi
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# Dummy credentials, nothing from the user's own AWS configuration, no retries.
unset AWS_PROFILE AWS_DEFAULT_PROFILE AWS_ENDPOINT_URL AWS_ENDPOINT_URL_EC2 AWS_CA_BUNDLE
export AWS_ACCESS_KEY_ID=test AWS_SECRET_ACCESS_KEY=test AWS_SESSION_TOKEN=test
export AWS_DEFAULT_REGION=us-east-1 AWS_CONFIG_FILE=/dev/null AWS_SHARED_CREDENTIALS_FILE=/dev/null
export AWS_EC2_METADATA_DISABLED=true AWS_PAGER= AWS_MAX_ATTEMPTS=1 AWS_RETRY_MODE=standard

free_port() {
  python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}

ready() {  # moto answers HTTP on its port
  python3 - "$1" <<'EOF' >/dev/null 2>&1
import sys, urllib.request
urllib.request.urlopen("http://127.0.0.1:%s/moto-api/" % sys.argv[1], timeout=1).read()
EOF
}

endpoint=
for attempt in 1 2 3; do  # another process may take the free port first
  port=$(free_port)
  moto_server -H 127.0.0.1 -p "$port" >"$work/moto.log" 2>&1 &
  moto_pid=$!
  for _ in $(seq 1 150); do
    if ready "$port"; then
      endpoint=http://127.0.0.1:$port
      break 2
    fi
    kill -0 "$moto_pid" 2>/dev/null || break
    sleep 0.2
  done
  kill "$moto_pid" 2>/dev/null || true
  wait "$moto_pid" 2>/dev/null || true
  moto_pid=
done
[ -n "$endpoint" ] || { cat "$work/moto.log" >&2; fail "moto_server did not start"; }

ec2() { aws ec2 --endpoint-url "$endpoint" --output json "$@"; }

# Images in us-east-1.
web_east=$(ec2 register-image --region us-east-1 --name web-base-v1 --query ImageId --output text)
old=$(ec2 register-image --region us-east-1 --name web-base-v0 --query ImageId --output text)
leaky=$(ec2 register-image --region us-east-1 --name leaky-build-7 --query ImageId --output text)
instance=$(ec2 run-instances --region us-east-1 --image-id "$web_east" --instance-type t3.micro \
  --query 'Instances[0].InstanceId' --output text)
db_east=$(ec2 create-image --region us-east-1 --instance-id "$instance" --name db-base-v1 --query ImageId --output text)
# The web image is copied to us-west-2 (a new ID there), the build image made public.
web_west=$(ec2 copy-image --region us-west-2 --source-region us-east-1 --source-image-id "$web_east" \
  --name web-base-v1 --query ImageId --output text)
ec2 modify-image-attribute --region us-east-1 --image-id "$leaky" --launch-permission 'Add=[{Group=all}]'
deprecate_patch=0
if ! ec2 enable-image-deprecation --region us-east-1 --image-id "$old" \
  --deprecate-at 2025-01-01T00:00:00Z >/dev/null 2>"$work/deprecation.err"; then
  deprecate_patch=1
  echo "note: moto does not implement EnableImageDeprecation; writing DeprecationTime of $old into a copy of" \
    "the exported us-east-1 inventory" >&2
fi
for id in "$web_east" "$old" "$leaky" "$db_east" "$web_west"; do
  [[ $id =~ ^ami-[0-9a-f]{8}([0-9a-f]{9})?$ ]] || fail "not an AMI ID from moto: '$id'"
done

# Export the inventories as the README says (plus the fake's endpoint).
cd "$work"
mkdir -p export
for r in us-east-1 us-west-2; do
  aws ec2 describe-images --owners self --region "$r" --endpoint-url "$endpoint" > export/"$r".json
done
cp -r export repo-inventory
if [ "$deprecate_patch" = 1 ]; then
  python3 - repo-inventory/us-east-1.json "$old" <<'EOF'
import json, sys
path, image = sys.argv[1], sys.argv[2]
doc = json.load(open(path))
hits = [i for i in doc["Images"] if i["ImageId"] == image]
assert len(hits) == 1, hits
hits[0]["DeprecationTime"] = "2025-01-01T00:00:00.000Z"
json.dump(doc, open(path, "w"), indent=4)
EOF
fi
python3 - "$web_east" "$web_west" "$leaky" <<'EOF' || fail "the exported inventories are not what the test made"
import json, sys
web_east, web_west, leaky = sys.argv[1:]
east = json.load(open("export/us-east-1.json"))["Images"]
west = json.load(open("export/us-west-2.json"))["Images"]
assert {i["Name"] for i in east} == {"web-base-v1", "web-base-v0", "leaky-build-7", "db-base-v1"}, east
assert [i["ImageId"] for i in west] == [web_west], west
assert [i["Public"] for i in east if i["ImageId"] == leaky] == [True]
owners = {i["OwnerId"] for i in east + west}
assert owners == {"123456789012"}, owners
EOF

# A repository of templates with a config file.
mkdir -p repo/.git repo/stacks/west repo/stacks/dr
mv repo-inventory repo/inventory
cat > repo/.amilint.yaml <<EOF
regions: [us-east-1]
trusted_accounts: ["123456789012"]
inventory: inventory/
overrides:
  - paths: ["stacks/west/**"]
    regions: [us-west-2]
  - paths: ["stacks/dr/**"]
    dr_regions: [us-west-2]
EOF
cat > repo/stacks/east.yaml <<EOF
AWSTemplateFormatVersion: "2010-09-09"
Mappings:
  RegionAmi:
    us-east-1: {Web: $web_east}
    us-west-2: {Web: $web_west}
Resources:
  Web:
    Type: AWS::EC2::Instance
    Properties:
      ImageId: !FindInMap [RegionAmi, !Ref "AWS::Region", Web]
  Build:
    Type: AWS::EC2::Instance
    Properties:
      ImageId: $leaky
  Legacy:
    Type: AWS::EC2::Instance
    Properties:
      ImageId: $old
  Gone:
    Type: AWS::EC2::Instance
    Properties:
      ImageId: ami-0fffffffffffffff0
EOF
cat > repo/stacks/west/web.yaml <<EOF
AWSTemplateFormatVersion: "2010-09-09"
Resources:
  Web:
    Type: AWS::EC2::Instance
    Properties:
      ImageId: $web_east
  Api:
    Type: AWS::EC2::Instance
    Properties:
      ImageId: $web_west
EOF
cat > repo/stacks/dr/db.yaml <<EOF
{
  "AWSTemplateFormatVersion": "2010-09-09",
  "Resources": {
    "Web": {"Type": "AWS::EC2::Instance", "Properties": {"ImageId": "$web_east"}},
    "Db": {"Type": "AWS::AutoScaling::LaunchConfiguration",
           "Properties": {"InstanceType": "t3.micro", "ImageId": "$db_east"}}
  }
}
EOF

# check JSON_FILE EXPECTED...: the findings, as "file path rule", are exactly EXPECTED.
check() {
  python3 - "$@" <<'EOF'
import json, sys
doc = json.load(open(sys.argv[1]))
got = sorted("%s %s %s" % (f["file"], f["path"], f["rule"]) for f in doc["findings"])
want = sorted(sys.argv[2:])
if got != want:
    print("findings differ\n  got:\n    " + "\n    ".join(got) + "\n  want:\n    " + "\n    ".join(want))
    for f in doc["findings"]:
        print("  %s:%s: %s [%s]" % (f["file"], f["line"], f["message"], f["rule"]))
    sys.exit(1)
EOF
}

expected=(
  "stacks/east.yaml Resources/Build/Properties/ImageId AMI030"
  "stacks/east.yaml Resources/Legacy/Properties/ImageId AMI061"
  "stacks/east.yaml Resources/Gone/Properties/ImageId AMI060"
  "stacks/west/web.yaml Resources/Web/Properties/ImageId AMI010"
  "stacks/dr/db.yaml Resources/Db/Properties/ImageId AMI020"
)

# 1. The config file names the inventory, trusted accounts and per-path regions.
cd "$work/repo"
set +e
"$amilint" --format json --now 2026-06-01T00:00:00Z . > "$work/config.json" 2>"$work/config.err"
rc=$?
set -e
[ "$rc" = 1 ] || { cat "$work/config.err" >&2; fail "amilint with the config exited $rc, not 1"; }
check "$work/config.json" "${expected[@]}" || fail "findings with the config file"
python3 - "$work/config.json" "$web_east" "$web_west" "$leaky" <<'EOF' || fail "finding messages"
import json, sys
doc = json.load(open(sys.argv[1]))
web_east, web_west, leaky = sys.argv[2:]
by_rule = {f["rule"]: f["message"] for f in doc["findings"]}
m = by_rule["AMI010"]
assert "used in us-west-2 but is only in us-east-1 (inventory)" in m, m
assert "use its copy " + web_west + " in us-west-2 ('web-base-v1')" in m, m
assert "your account 123456789012) is public in us-east-1" in by_rule["AMI030"], by_rule["AMI030"]
assert "deprecated on 2025-01-01 in " in by_rule["AMI061"], by_rule["AMI061"]
assert "is in no inventoried region; fix the ID" in by_rule["AMI060"], by_rule["AMI060"]
assert "(no 'db-base-v1' in the inventory of us-west-2)" in by_rule["AMI020"], by_rule["AMI020"]
EOF

# 2. The same from the command line, from a subdirectory, with the single-file form.
python3 - <<'EOF'
import json
json.dump({r: json.load(open("inventory/%s.json" % r)) for r in ("us-east-1", "us-west-2")},
          open("../inventory.json", "w"))
EOF
cd "$work/repo/stacks/west"
set +e
"$amilint" --no-config --format json --region us-west-2 --inventory ../../../inventory.json web.yaml \
  > "$work/cli.json" 2>"$work/cli.err"
rc=$?
set -e
[ "$rc" = 1 ] || { cat "$work/cli.err" >&2; fail "amilint --inventory FILE exited $rc, not 1"; }
check "$work/cli.json" "web.yaml Resources/Web/Properties/ImageId AMI010" || fail "findings with --inventory FILE"

# 3. Without the inventory none of it is known: the evidence is what made the findings.
set +e
"$amilint" --no-config --format json --region us-west-2 web.yaml > "$work/none.json" 2>/dev/null
rc=$?
set -e
[ "$rc" = 0 ] || fail "without an inventory amilint exited $rc, not 0"
check "$work/none.json" || fail "findings without an inventory"

echo "ok: moto_server inventories of $web_east (us-east-1), $web_west (us-west-2), $leaky (public)," \
  "$old (deprecated$([ "$deprecate_patch" = 1 ] && echo ', DeprecationTime written into a copy')), $db_east;" \
  "amilint found AMI010, AMI020, AMI030, AMI060, AMI061"
