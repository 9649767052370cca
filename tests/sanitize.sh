#!/usr/bin/env bash
# The whole test suite again, built with AddressSanitizer (leaks included) and
# UndefinedBehaviorSanitizer into build-asan/; any report fails the run.
# Run after ./setup.sh --test-tools (which installs what the suite needs).
set -euo pipefail
cd "$(dirname "$0")/.."
flags="-O1 -g -fno-omit-frame-pointer -fsanitize=address,undefined -fno-sanitize-recover=all"
cmake -S . -B build-asan -DCMAKE_BUILD_TYPE=Sanitize -DCMAKE_CXX_FLAGS_SANITIZE="$flags" -DAMILINT_STATIC=OFF \
  -DCMAKE_EXE_LINKER_FLAGS="-fsanitize=address,undefined" >/dev/null
cmake --build build-asan -j"$(nproc)"
# Reports also go to files, so that one in a child process whose exit status a test
# does not look at still fails the run.
reports="$PWD/build-asan/sanitizer-reports"
rm -rf "$reports" && mkdir -p "$reports" && chmod 1777 "$reports"  # tests also run it as nobody
export ASAN_OPTIONS="detect_leaks=1:abort_on_error=1:detect_stack_use_after_return=1:strict_string_checks=1:log_path=$reports/asan"
export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1:log_path=$reports/ubsan"
status=0
ctest --test-dir build-asan --output-on-failure -j"$(nproc)" "$@" || status=$?
if [ -n "$(ls -A "$reports")" ]; then
  echo "sanitize: sanitizer reports:" >&2
  for f in "$reports"/*; do echo "== $f" >&2; cat "$f" >&2; done
  status=1
fi
exit $status
