#!/usr/bin/env bash
# `packer validate` on the Packer fixtures: every template and build directory under
# fixtures/*/packer/ must be one that Packer itself accepts, except those listed in
# EXCLUDED below (each with its reason): features newer than the Packer that Debian
# ships (1.6.6: no `data` blocks, no `packer { required_plugins }`, no
# `ami_org_arns`/`ami_ou_arns`, no `include_deprecated`), and templates that are wrong
# on purpose in a way Packer refuses too (the point of their fixture). With Packer
# 1.6.x, an excluded fixture must still be rejected, so that the list stays exact.
#
# Packer 1.6.6 validates offline: it needs no AWS credentials and makes no AWS call
# (region names, `ami_regions` included, are checked only when a build runs). The test
# makes sure of it: dummy credentials, no AWS or Packer configuration of the user's,
# no checkpoint (version check), and HTTP(S)_PROXY pointing at a loopback listener that
# fails the test if anything connects to it.
#
# Usage: tests/packer_validate_test.sh [path/to/fixtures]
# Needs packer (Debian package `packer`, installed by `setup.sh --test-tools`) and python3.
set -euo pipefail

fixtures=${1:-$(cd "$(dirname "$0")/.." && pwd)/fixtures}
fixtures=$(cd "$fixtures" && pwd)

fail() {
  echo "FAIL: $*" >&2
  exit 1
}

for tool in packer python3; do
  command -v "$tool" >/dev/null || fail "$tool is not installed (./setup.sh --test-tools installs it)"
done

# Fixtures that Packer 1.6.6 cannot accept, by path under fixtures/, with the reason.
declare -A EXCLUDED=(
  # Features newer than Packer 1.6.6.
  [AMI001/packer/fire.pkr.hcl]="packer { required_plugins } is Packer 1.7+"
  [AMI020/packer/fire.pkr.hcl]="data \"amazon-ami\" is Packer 1.7+"
  [AMI030/packer/near_miss.pkr.hcl]="ami_org_arns is newer than Packer 1.6.6"
  [AMI031/packer/fire_org.pkr.hcl]="ami_org_arns and ami_ou_arns are newer than Packer 1.6.6"
  [AMI031/packer/near_miss_org.pkr.hcl]="ami_org_arns and ami_ou_arns are newer than Packer 1.6.6"
  [AMI031/packer/fire_org_legacy.json]="ami_org_arns and ami_ou_arns are newer than Packer 1.6.6"
  [AMI031/packer/near_miss_org_legacy.json]="ami_org_arns and ami_ou_arns are newer than Packer 1.6.6"
  [AMI040/packer/near_miss_data.pkr.hcl]="data \"amazon-ami\" is Packer 1.7+"
  [AMI041/packer/fire.pkr.hcl]="data \"amazon-ami\" is Packer 1.7+"
  [AMI041/packer/fire_unused_data.pkr.hcl]="data \"amazon-ami\" is Packer 1.7+"
  [AMI042/packer/fire.pkr.hcl]="data \"amazon-ami\" and include_deprecated are newer than Packer 1.6.6"
  [AMI042/packer/near_miss.pkr.hcl]="source_ami_filter include_deprecated is newer than Packer 1.6.6"
  [AMI042/packer/fire_legacy.json]="source_ami_filter include_deprecated is newer than Packer 1.6.6"
  [AMI025/packer/fire_org.pkr.hcl]="ami_org_arns and ami_ou_arns are newer than Packer 1.6.6"
  [AMI025/packer/near_miss_region_key.pkr.hcl]="sharing with the build region's key in region_kms_key_ids only: Packer 1.6 wants a kms_key_id (later versions accept it), else it says the default KMS key"
  # Wrong on purpose, and Packer refuses them too.
  [AMI013/packer/fire.pkr.hcl]="misspelt region_kms_key_ids key: Packer wants a key for every ami_regions entry"
  [AMI040/packer/fire.pkr.hcl]="filter without owners: Packer refuses it"
  [AMI040/packer/fire_data.pkr.hcl]="data source without owners (and data \"amazon-ami\" is Packer 1.7+)"
  [AMI040/packer/fire_empty_owners.pkr.hcl]="filter with an empty owners list: Packer refuses it"
  [AMI040/packer/fire_legacy.json]="filter without owners: Packer refuses it"
  [AMI025/packer/fire_no_key.pkr.hcl]="an encrypted image shared without any key: Packer refuses to share the default KMS key"
)

# What Packer 1.6.6 says when it rejects each reason above (a grep -E pattern), so that
# an excluded fixture is rejected for its reason and not another.
refusal() {
  case $1 in
    *'default KMS key'*) echo 'Cannot share AMI encrypted with default KMS key' ;;
    *required_plugins*) echo 'Blocks of type "required_plugins" are not expected here' ;;
    *'data "amazon-ami"'*) echo 'Blocks of type "data" are not expected here' ;;
    *ami_org_arns*) echo 'ami_org_arns' ;;
    *include_deprecated*) echo 'include_deprecated' ;;
    *owners*) echo 'must declare an owner' ;;
    *region_kms_key_ids*) echo 'is in region_kms_key_ids but not in ami_regions' ;;
    *) echo "no refusal pattern for: $1" >&2; exit 1 ;;
  esac
}

# Variables a fixture leaves to the command line (its point: the value is not in the
# template), given here as `packer build -var` would give them.
declare -A VARS=(
  [AMI002/packer/fire.pkr.hcl]="aws_region=us-east-1"
  [AMI009/packer/fire.pkr.hcl]="source_ami=ami-0abcdef1234567890"
  [AMI009/packer/fire_legacy.json]="source_ami=ami-0abcdef1234567890"
)

work=$(mktemp -d /tmp/amilint-packer-XXXXXX)
listener_pid=
cleanup() {
  if [ -n "$listener_pid" ]; then
    kill "$listener_pid" 2>/dev/null || true
    wait "$listener_pid" 2>/dev/null || true
  fi
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# A loopback "proxy" that answers nothing and writes one line per connection.
python3 - "$work/port" "$work/connections" <<'EOF' &
import socket, sys
s = socket.socket()
s.bind(("127.0.0.1", 0))
s.listen(16)
open(sys.argv[1] + ".tmp", "w").write(str(s.getsockname()[1]))
import os
os.rename(sys.argv[1] + ".tmp", sys.argv[1])
while True:
    c, _ = s.accept()
    first = c.recv(256).split(b"\r\n")[0].decode("latin-1")
    with open(sys.argv[2], "a") as log:
        log.write(first + "\n")
    c.sendall(b"HTTP/1.1 403 Forbidden\r\nContent-Length: 0\r\n\r\n")
    c.close()
EOF
listener_pid=$!
for _ in $(seq 1 100); do
  [ -s "$work/port" ] && break
  sleep 0.05
done
[ -s "$work/port" ] || fail "the loopback listener did not start"
proxy=http://127.0.0.1:$(cat "$work/port")

version=$(packer version | head -1)
echo "$version"
strict=0
case $version in "Packer v1.6."*) strict=1 ;; esac
[ "$strict" = 1 ] || echo "note: not Packer 1.6.x; excluded fixtures are skipped without checking that it rejects them"

mkdir -p "$work/home" "$work/config" "$work/cache" "$work/cwd"
validate() {  # validate ARGS...: packer validate in a clean environment, output in $work/out
  (cd "$work/cwd" && env -i PATH="$PATH" HOME="$work/home" TMPDIR="$work" \
    CHECKPOINT_DISABLE=1 PACKER_CONFIG_DIR="$work/config" PACKER_CACHE_DIR="$work/cache" \
    AWS_ACCESS_KEY_ID=testing AWS_SECRET_ACCESS_KEY=testing AWS_SESSION_TOKEN=testing \
    AWS_CONFIG_FILE=/dev/null AWS_SHARED_CREDENTIALS_FILE=/dev/null AWS_EC2_METADATA_DISABLED=true \
    HTTPS_PROXY="$proxy" HTTP_PROXY="$proxy" https_proxy="$proxy" http_proxy="$proxy" \
    packer validate "$@") >"$work/out" 2>&1
}

accepted=0 rejected_as_expected=0 failures=0
declare -A seen=()
for dir in "$fixtures"/*/packer; do
  for path in "$dir"/*; do
    name=${path#"$fixtures"/}
    args=()
    if [ -d "$path" ]; then
      # A build directory: Packer reads its *.auto.pkrvars.hcl itself; other variable
      # files are given with -var-file, as the fixture runner names them.
      for v in "$path"/*.pkrvars.hcl; do
        [ -e "$v" ] || continue
        case $v in *.auto.pkrvars.hcl) ;; *) args+=("-var-file=$v") ;; esac
      done
    else
      case $path in
        *.pkr.hcl | *.pkr.json) ;;
        *.json) python3 -c 'import json, sys; d = json.load(open(sys.argv[1])); sys.exit(0 if isinstance(d.get("builders"), list) else 1)' "$path" 2>/dev/null || continue ;;
        *) continue ;;
      esac
    fi
    for v in ${VARS[$name]:-}; do args+=(-var "$v"); done
    args+=("$path")
    if [ -n "${EXCLUDED[$name]:-}" ]; then
      seen[$name]=1
      [ "$strict" = 1 ] || continue
      pattern=$(refusal "${EXCLUDED[$name]}")
      if validate "${args[@]}"; then
        echo "FAIL $name: Packer accepts it, but it is excluded (${EXCLUDED[$name]}); remove the exclusion"
        failures=$((failures + 1))
      elif ! grep -Eq -- "$pattern" "$work/out"; then
        echo "FAIL $name: excluded (${EXCLUDED[$name]}), but Packer rejects it for another reason:"
        sed 's/^/       /' "$work/out" | grep -v '^ *$'
        failures=$((failures + 1))
      else
        echo "ok   $name: rejected as expected (${EXCLUDED[$name]})"
        rejected_as_expected=$((rejected_as_expected + 1))
      fi
      continue
    fi
    if validate "${args[@]}"; then
      echo "ok   $name"
      accepted=$((accepted + 1))
    else
      echo "FAIL $name: packer validate rejects it:"
      sed 's/^/       /' "$work/out" | grep -v '^ *$'
      failures=$((failures + 1))
    fi
  done
done

for name in "${!EXCLUDED[@]}"; do
  if [ -z "${seen[$name]:-}" ]; then
    echo "FAIL $name: excluded, but there is no such fixture"
    failures=$((failures + 1))
  fi
done
if [ -s "$work/connections" ]; then
  echo "FAIL packer validate tried to reach the network:"
  sed 's/^/       /' "$work/connections"
  failures=$((failures + 1))
fi

echo "packer validate: $accepted fixtures accepted, $rejected_as_expected excluded and rejected as expected, $failures failures"
[ "$failures" = 0 ]
