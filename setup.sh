#!/usr/bin/env bash
# Installs what amilint needs on a Debian or Ubuntu machine (only what is missing),
# then builds it into build/: only the amilint binary (no tests, no catch2). With
# --test-tools it also installs what the test suite needs (catch2, the reference tools
# it compares against: npm packages in tests/tools, pre-commit, man-db, zsh, fish,
# python3-yaml, packer) and builds everything, tests included. Safe to run again, in either order.
set -euo pipefail
cd "$(dirname "$0")"
test_tools=0
[ "${1:-}" = "--test-tools" ] && test_tools=1
packages=(cmake g++ make pkg-config libyaml-cpp-dev nlohmann-json3-dev libre2-dev libcli11-dev)
[ "$test_tools" = 1 ] && packages+=(catch2 man-db zsh fish python3-yaml dpkg-dev file packer)
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
if [ "$test_tools" = 1 ]; then
  cmake -S . -B build -DCMAKE_BUILD_TYPE=Release -DAMILINT_TESTS=ON >/dev/null
  cmake --build build -j"$(nproc)"
else
  # The quick start builds only the binary; a build/ configured with tests by an
  # earlier --test-tools run keeps them (its ctest stays complete).
  tests=OFF
  grep -qx 'AMILINT_TESTS:BOOL=ON' build/CMakeCache.txt 2>/dev/null && tests=ON
  cmake -S . -B build -DCMAKE_BUILD_TYPE=Release -DAMILINT_TESTS=$tests >/dev/null
  cmake --build build -j"$(nproc)" --target amilint
fi
