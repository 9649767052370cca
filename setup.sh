#!/usr/bin/env bash
# Installs what amilint needs on a Debian machine (only what is missing), then
# builds it into build/. Safe to run again.
set -euo pipefail
cd "$(dirname "$0")"
packages=(cmake g++ make pkg-config libyaml-cpp-dev nlohmann-json3-dev libre2-dev catch2 libcli11-dev)
missing=()
for p in "${packages[@]}"; do
  dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  sudo=""
  [ "$(id -u)" -ne 0 ] && sudo=sudo
  echo "setup: installing ${missing[*]}" >&2
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >/dev/null
fi
cmake -S . -B build -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build build -j"$(nproc)"
