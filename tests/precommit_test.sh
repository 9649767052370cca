#!/usr/bin/env bash
# Runs the real pre-commit client with this repository's hooks in a temporary git
# repository whose .pre-commit-config.yaml names a snapshot of this repository (its
# working tree, committed, as `pre-commit try-repo` would take it; unlike try-repo,
# the hook is installed in one pre-commit cache, so amilint is built once):
# - hook `amilint` (builds amilint once, showing its progress): a commit with a bad
#   template is blocked with the finding printed, a good one passes, a non-template
#   YAML file is ignored; a commit that only changes a Terraform variable file is
#   linted with its module (blocked when the value it sets is bad, passed when good);
#   Packer files are matched and linted (a clean build passes); a second hook waits for a
#   build in progress (flock) instead of building too; a build that cannot work names
#   the missing Debian packages and fails at once;
# - hook `amilint-system` runs the amilint found on PATH.
# The whole run builds amilint once (with ccache when it is installed).
set -euo pipefail
src="$(cd "$(dirname "$0")/.." && pwd)"
command -v pre-commit >/dev/null || { echo "pre-commit is not installed: run ./setup.sh --test-tools" >&2; exit 1; }
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
export PRE_COMMIT_HOME="$work/cache"
if [ -z "${CMAKE_CXX_COMPILER_LAUNCHER:-}" ] && command -v ccache >/dev/null; then
  export CMAKE_CXX_COMPILER_LAUNCHER=ccache CCACHE_BASEDIR="$work"
fi
export GIT_AUTHOR_NAME=test GIT_AUTHOR_EMAIL=test@example.com GIT_COMMITTER_NAME=test GIT_COMMITTER_EMAIL=test@example.com

# The hook repository: this repository's tracked files as they are in the working tree.
mkdir "$work/hooks"
(cd "$src" && git ls-files -z | while IFS= read -r -d '' f; do
  [ -e "$f" ] && cp --parents -P "$f" "$work/hooks/"
done)
git -C "$work/hooks" init -q && git -C "$work/hooks" add -A && git -C "$work/hooks" commit -qm snapshot
rev="$(git -C "$work/hooks" rev-parse HEAD)"

cd "$work"
git init -q repo && cd repo
cat > .pre-commit-config.yaml <<YAML
repos:
  - repo: $work/hooks
    rev: $rev
    hooks:
      - id: amilint
      - id: amilint-system
YAML
git add .pre-commit-config.yaml && git commit -qm config

fail() { echo "FAIL: $*" >&2; exit 1; }
passed=0
ok() { passed=$((passed + 1)); echo "ok: $*"; }

# pre-commit run HOOK on the staged files, without a terminal (setsid: no /dev/tty,
# so the build's progress goes to stderr, which pre-commit shows with --verbose or on
# failure). Sets out and rc.
try() {
  set +e
  out="$(setsid -w pre-commit run --verbose "$@" 2>&1 </dev/null)"
  rc=$?
  set -e
  echo "$out"
}

cat > bad.yaml <<'YAML'
AWSTemplateFormatVersion: "2010-09-09"
Resources:
  Web:
    Type: AWS::EC2::Instance
    Properties:
      ImageId: ami-12345
YAML
cat > good.yaml <<'YAML'
AWSTemplateFormatVersion: "2010-09-09"
Resources:
  Web:
    Type: AWS::EC2::Instance
    Properties:
      ImageId: '{{resolve:ssm:/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-x86_64}}'
YAML
cat > settings.yaml <<'YAML'
name: not a template
ImageId: ami-12345
YAML

# 1. The first run builds amilint: its progress shows, then the bad template is blocked.
git add bad.yaml
try amilint
[ "$rc" -ne 0 ] || fail "a commit with bad.yaml was not blocked"
grep -q "bad.yaml:6:16: error: 'ami-12345' is not an AMI ID" <<<"$out" || fail "the finding is not printed"
grep -q "amilint hook: building amilint once" <<<"$out" || fail "the build did not say it started"
grep -q "amilint hook: configuring (cmake)" <<<"$out" || fail "no configure step shown"
grep -qE "amilint hook: \[ *[0-9]+%\] compiling linter/" <<<"$out" || fail "no compile progress with percentages shown"
grep -qE "amilint hook: \[100%\] linking amilint" <<<"$out" || fail "the final link is not shown"
ok "the first run shows the build's progress and blocks bad.yaml"
bin="$(find "$PRE_COMMIT_HOME" -path '*/build-hook/bin/amilint' -type f | head -n 1)"
[ -x "$bin" ] || fail "the hook's amilint is not in pre-commit's cache"

# 2. A good template and a plain YAML file pass, without building again.
git reset -q bad.yaml
git add good.yaml settings.yaml
try amilint
[ "$rc" -eq 0 ] || fail "a commit with good.yaml was blocked"
grep -q "Passed" <<<"$out" || fail "the hook did not run on good.yaml"
! grep -q "amilint hook:" <<<"$out" || fail "the second run built again"
git commit -qm good --no-verify
ok "good.yaml passes; the build is reused"

# 3. A Terraform module, then commits that only change its variable files.
mkdir -p infra
cat > infra/main.tf <<'TF'
provider "aws" {
  region = "us-east-1"
}
variable "ami" {}
variable "suffix" { default = "0123456789abcdef0" }
resource "aws_instance" "web" {
  ami = var.ami
}
resource "aws_instance" "built" {
  ami = "ami-${var.suffix}"
}
TF
echo 'ami = "ami-0123456789abcdef0"' > infra/terraform.tfvars
git add infra && git commit -qm module --no-verify

# A real `git commit` through the installed hook.
pre-commit install >/dev/null
echo 'ami = "ami-12345"' > infra/terraform.tfvars
git add infra/terraform.tfvars
set +e
out="$(SKIP=amilint-system setsid -w git commit -qm "bad vars" 2>&1 </dev/null)"
rc=$?
set -e
echo "$out"
[ "$rc" -ne 0 ] || fail "a commit setting a malformed AMI in terraform.tfvars was not blocked"
[ "$(git log -1 --format=%s)" = module ] || fail "the bad commit was made"
grep -q "infra/terraform.tfvars:1:7: error: 'ami-12345' is not an AMI ID" <<<"$out" || fail "the tfvars finding is not printed"
pre-commit uninstall >/dev/null
ok "git commit of a bad terraform.tfvars is blocked"

git checkout -q HEAD -- infra/terraform.tfvars
echo '{"suffix": "12345"}' > infra/web.auto.tfvars.json
git add infra/web.auto.tfvars.json
try amilint
[ "$rc" -ne 0 ] || fail "a commit whose .auto.tfvars.json makes main.tf build a bad AMI was not blocked"
grep -q "infra/main.tf:10:9: error: 'ami-12345' is not an AMI ID" <<<"$out" ||
  fail "the finding in main.tf that rests on the .auto.tfvars.json is not printed"
ok "a .auto.tfvars.json that makes a bad AMI in main.tf is blocked"

echo '{"suffix": "fedcba9876543210f"}' > infra/web.auto.tfvars.json
echo 'ami = "ami-0fedcba9876543210"' > infra/terraform.tfvars
git add infra
try amilint
[ "$rc" -eq 0 ] || fail "a good tfvars change was blocked"
grep -q "amilint.*Passed" <<<"$out" || fail "the hook did not run on the tfvars files"
git commit -qm "good vars" --no-verify
ok "a good tfvars change passes"

# 4. Packer files match the hook and lint their build (a source no build uses: clean).
mkdir -p image
printf 'source "amazon-ebs" "x" {\n  source_ami = "ami-1"\n}\n' > image/build.pkr.hcl
printf 'region = "us-east-1"\n' > image/vars.pkrvars.hcl
printf '{"builders": [{"type": "amazon-ebs"}]}\n' > image/legacy.pkr.json
git add image
try amilint
[ "$rc" -eq 0 ] || fail "Packer files failed the hook"
grep -q "amilint.*Passed" <<<"$out" || fail "the hook did not run on the Packer files"
git commit -qm packer --no-verify
ok "Packer files are matched and linted"

# 5. A second hook run while a build holds the lock waits for it and uses its result
#    (the binary put in place while the lock is held), instead of building too.
build="$(dirname "$(dirname "$bin")")"
echo 'ami = "ami-12345"' > infra/terraform.tfvars
git add infra/terraform.tfvars
mv "$bin" "$bin.saved"
(flock 9; sleep 3; mv "$bin.saved" "$bin") 9>"$build/.lock" &
holder=$!
sleep 1
try amilint
wait "$holder"
[ "$rc" -ne 0 ] || fail "the waiting hook did not block the bad tfvars"
grep -q "amilint hook: another amilint hook is building amilint; waiting for it" <<<"$out" || fail "the hook did not wait for the lock"
! grep -q "amilint hook: configuring" <<<"$out" || fail "the waiting hook built amilint again"
grep -q "infra/terraform.tfvars:1:7: error: 'ami-12345'" <<<"$out" || fail "the waiting hook's finding is not printed"
ok "a second build waits for the first (flock)"

# 6. amilint-system runs the amilint on PATH (here the one the hook built, copied into a
#    bin/ directory as an installation would put it).
mkdir -p "$work/bin"
cp "$bin" "$work/bin/amilint"
PATH="$work/bin:$PATH" try amilint-system
[ "$rc" -ne 0 ] || fail "amilint-system did not block the bad tfvars"
grep -q "infra/terraform.tfvars:1:7: error: 'ami-12345' is not an AMI ID" <<<"$out" || fail "amilint-system's finding is not printed"
! grep -q "amilint hook:" <<<"$out" || fail "amilint-system built amilint"
git checkout -q HEAD -- infra/terraform.tfvars
echo "# nothing" > infra/extra.tf
git add infra/extra.tf
PATH="$work/bin:$PATH" try amilint-system
[ "$rc" -eq 0 ] || fail "amilint-system blocked a good commit"
grep -q "amilint.*Passed" <<<"$out" || fail "amilint-system did not run on the .tf file"
ok "amilint-system runs the installed amilint"

# 7. Without a needed package the build fails at once, naming it (here pkg-config finds
#    no re2), in a fresh cache.
set +e
out="$(PRE_COMMIT_HOME="$work/cache2" PKG_CONFIG_LIBDIR=/nonexistent timeout 300 setsid -w \
  pre-commit run amilint 2>&1 </dev/null)"
rc=$?
set -e
echo "$out"
[ "$rc" -ne 0 ] && [ "$rc" -ne 124 ] || fail "a build without re2 did not fail (or hung)"
grep -q "amilint hook: error: configuring amilint (cmake) failed" <<<"$out" || fail "the failed step is not named"
grep -q "amilint hook: error: missing Debian packages: libre2-dev" <<<"$out" || fail "the missing package is not named"
ok "a build that cannot work names the missing packages and fails"

echo "$passed passed, 0 failed"
