#!/usr/bin/env bash
# Runs the real pre-commit client with this repository's hook (pre-commit try-repo)
# in a temporary git repository: a commit with a bad template is blocked with the
# finding printed, a good one passes, and a non-template YAML file is ignored.
set -euo pipefail
src="$(cd "$(dirname "$0")/.." && pwd)"
command -v pre-commit >/dev/null || { echo "pre-commit is not installed: run ./setup.sh --test-tools" >&2; exit 1; }
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
export PRE_COMMIT_HOME="$work/cache"
cd "$work"
git init -q repo && cd repo
git config user.email test@example.com && git config user.name test

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

fail() { echo "FAIL: $*" >&2; exit 1; }

git add bad.yaml
set +e
out="$(pre-commit try-repo "$src" amilint 2>&1)"
rc=$?
set -e
echo "$out"
[ "$rc" -ne 0 ] || fail "a commit with bad.yaml was not blocked"
grep -q "bad.yaml:6:16: error: 'ami-12345' is not a valid AMI ID" <<<"$out" || fail "the finding is not printed"

git reset -q bad.yaml
git add good.yaml settings.yaml
out="$(pre-commit try-repo "$src" amilint 2>&1)" || { echo "$out"; fail "a commit with good.yaml was blocked"; }
echo "$out"
grep -q "Passed" <<<"$out" || fail "the hook did not run on good.yaml"
git commit -qm good --no-verify
echo "1 passed, 0 failed"
