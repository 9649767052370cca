#!/usr/bin/env bash
# Installs what amilint needs on a Debian machine (only what is missing), then
# builds it into build/. With --test-tools it also installs the reference tools the
# test suite compares against (npm packages in tests/tools). Safe to run again.
set -euo pipefail
cd "$(dirname "$0")"
test_tools=0
[ "${1:-}" = "--test-tools" ] && test_tools=1
packages=(cmake g++ make pkg-config libyaml-cpp-dev nlohmann-json3-dev libre2-dev catch2 libcli11-dev)
missing=()
for p in "${packages[@]}"; do
  dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p")
done
if [ "$test_tools" = 1 ]; then
  command -v npm >/dev/null 2>&1 || missing+=(nodejs npm)
  dpkg -s pre-commit >/dev/null 2>&1 || missing+=(pre-commit)
fi
if [ ${#missing[@]} -gt 0 ]; then
  sudo=""
  [ "$(id -u)" -ne 0 ] && sudo=sudo
  echo "setup: installing ${missing[*]}" >&2
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >/dev/null
fi
if [ "$test_tools" = 1 ]; then
  (cd tests/tools && npm ci --no-audit --no-fund --loglevel=error >/dev/null)
  # npm does not run the package's install script that marks its binary executable
  chmod u+x tests/tools/node_modules/@microsoft/sarif-multitool-linux/Sarif.Multitool 2>/dev/null || true
fi
cmake -S . -B build -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build build -j"$(nproc)"
