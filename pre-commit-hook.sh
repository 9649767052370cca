#!/usr/bin/env bash
# The pre-commit hook's entry: builds amilint once inside pre-commit's copy of this
# repository, then lints the files pre-commit passes. Files that are not templates are
# skipped by amilint itself.
#
# pre-commit shows a hook's output only when it fails, so the first run would sit
# silent while amilint builds: the build's progress goes to the terminal (/dev/tty)
# when there is one, else to stderr, one line per build step with the build's own
# percentage; the whole build output is kept in build-hook/build.log. A build that
# fails says why (the missing Debian packages, when that is the cause) and exits 1.
# Two hooks sharing pre-commit's cache (two repositories committing at once) build
# one at a time: the build directory is locked with flock.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
build="$here/build-hook"
bin="$build/bin/amilint"   # put in place whole (mv), so a finished binary is all a later run sees

if [ -x "$bin" ]; then exec "$bin" "$@"; fi

# Progress: the terminal if the hook has one, else stderr.
tty=0
if { exec 3>/dev/tty; } 2>/dev/null; then tty=1; else exec 3>&2; fi
say() { printf 'amilint hook: %s\n' "$*" >&3; }
fail() {
  printf 'amilint hook: error: %s\n' "$*" >&2
  [ "$tty" = 1 ] && printf 'amilint hook: error: %s\n' "$*" >&3
  exit 1
}

# The Debian packages the build needs (setup.sh installs them), and the names CMake
# gives them when they are missing.
packages=(cmake g++ make pkg-config libyaml-cpp-dev nlohmann-json3-dev libre2-dev libcli11-dev)
missing_packages() {  # $1: the build log, or empty
  local log="${1:-}" found=()
  if command -v dpkg-query >/dev/null 2>&1; then
    for p in "${packages[@]}"; do
      dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || found+=("$p")
    done
  fi
  command -v cmake >/dev/null 2>&1 || found+=(cmake)
  if [ -n "$log" ] && [ -f "$log" ]; then
    grep -q 'No CMAKE_CXX_COMPILER could be found' "$log" && found+=(g++)
    grep -q 'unable to find a build program' "$log" && found+=(make)
    grep -q 'Could NOT find PkgConfig' "$log" && found+=(pkg-config)
    grep -q '"yaml-cpp"' "$log" && found+=(libyaml-cpp-dev)
    grep -q '"nlohmann_json"' "$log" && found+=(nlohmann-json3-dev)
    grep -q '"CLI11"' "$log" && found+=(libcli11-dev)
    grep -qE "required 're2'|Package 're2'" "$log" && found+=(libre2-dev)
  fi
  [ ${#found[@]} -eq 0 ] || printf '%s\n' "${found[@]}" | sort -u | tr '\n' ' ' | sed 's/ $//'
}

build_failed() {  # $1: the step that failed
  local log="$build/build.log" missing
  missing="$(missing_packages "$log")"
  {
    printf 'amilint hook: error: %s failed; the last lines of %s:\n' "$1" "$log"
    [ -f "$log" ] && tail -n 25 "$log" | sed 's/^/  | /'
    if [ -n "$missing" ]; then
      printf 'amilint hook: error: missing Debian packages: %s\n' "$missing"
      printf 'amilint hook: install them (sudo apt-get install %s) and commit again,\n' "$missing"
      printf 'amilint hook: or install amilint and use the hook id amilint-system\n'
    fi
  } >&2
  [ "$tty" = 1 ] && printf 'amilint hook: error: %s failed (see the hook output)\n' "$1" >&3
  exit 1
}

mkdir -p "$build"
if command -v flock >/dev/null 2>&1; then
  exec 9>"$build/.lock"
  if ! flock -n 9; then
    say "another amilint hook is building amilint; waiting for it"
    flock -w 3600 9 || fail "waited an hour for the other build (lock $build/.lock); giving up"
  fi
fi
if [ -x "$bin" ]; then exec "$bin" "$@"; fi  # built while we waited

command -v cmake >/dev/null 2>&1 || build_failed "building amilint (cmake is not installed)"
jobs="$(nproc 2>/dev/null || echo 2)"
say "building amilint once for pre-commit (later runs start at once); log: $build/build.log"
say "configuring (cmake)"
: >"$build/build.log"
cmake -S "$here" -B "$build" -DCMAKE_BUILD_TYPE=Release -DAMILINT_TESTS=OFF -DAMILINT_FUZZ=OFF \
  >>"$build/build.log" 2>&1 </dev/null || build_failed "configuring amilint (cmake)"
say "compiling with $jobs jobs"
# One line per build step, with the build's own progress: "[ 42%] Building CXX object
# ..." (Makefiles) or "[12/80] Building CXX object ..." (Ninja).
set +e
cmake --build "$build" -j"$jobs" --target amilint </dev/null 2>&1 | tee -a "$build/build.log" |
  while IFS= read -r line; do
    case "$line" in
      \[*%\]\ Building*|\[*%\]\ Linking*|\[*/*\]\ Building*|\[*/*\]\ Linking*)
        step="${line%%]*}]"
        what="${line#*] }"
        what="${what% (*}"
        file="${what##* }"
        case "$what" in
          Linking*) say "$step linking $file" ;;
          *) file="${file#*CMakeFiles/*.dir/}"; say "$step compiling ${file%.o}" ;;
        esac ;;
    esac
  done
status=${PIPESTATUS[0]}
set -e
[ "$status" -eq 0 ] && [ -x "$build/amilint" ] || build_failed "compiling amilint"
mkdir -p "$build/bin"
cp "$build/amilint" "$build/bin/.amilint.tmp"
mv -f "$build/bin/.amilint.tmp" "$bin"
say "built $bin"
exec 9>&- 3>&-
exec "$bin" "$@"
