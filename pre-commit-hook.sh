#!/usr/bin/env bash
# The pre-commit hook's entry: builds amilint once inside pre-commit's copy of this
# repository, then lints the files pre-commit passes. Infrastructure files that are
# not templates are skipped by amilint itself.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
bin="$here/build-hook/amilint"
if [ ! -x "$bin" ]; then
  echo "amilint: building the hook once (needs cmake, g++ and the packages listed in setup.sh)" >&2
  cmake -S "$here" -B "$here/build-hook" -DCMAKE_BUILD_TYPE=Release -DAMILINT_TESTS=OFF >/dev/null
  cmake --build "$here/build-hook" -j"$(nproc)" --target amilint >/dev/null
fi
exec "$bin" "$@"
