#!/usr/bin/env bash
# Install and packages: cmake --install into a temporary prefix (binary, man page,
# completions, license files), the man page renders and names every option of --help,
# the bash, zsh and fish completions complete, cpack builds the .deb (no Depends) and
# the tarball, and, as root on a machine without amilint, the .deb installs with apt-get
# and lints the bundled examples.
#   tests/install_test.sh SOURCE_DIR BUILD_DIR [static|dynamic]
# (dynamic: the build links dynamically, so the .deb must list the libraries it needs)
set -uo pipefail
src=$(cd "$1" && pwd)
build=$(cd "$2" && pwd)
link=${3:-static}
tmp=$(mktemp -d /tmp/amilint-install-XXXXXX)
trap 'rm -rf "$tmp"' EXIT
failures=0
fail() { echo "FAIL: $*" >&2; failures=$((failures + 1)); }
pass() { echo "ok: $*"; }

version=$(sed -n 's/^project(amilint VERSION \([0-9.]*\).*/\1/p' "$src/CMakeLists.txt")
[ -n "$version" ] || fail "no project version in CMakeLists.txt"

# --- the quick start's configuration needs no Catch2 and has no test targets -------------
qs_cmd=$(sed -n 's/^ *cmake -S \. -B build \(.*-DAMILINT_TESTS=\$tests.*\) >\/dev\/null$/\1/p' "$src/setup.sh")
[ -n "$qs_cmd" ] || fail "setup.sh: no quick-start cmake line with -DAMILINT_TESTS=\$tests"
grep -q 'cmake --build build .*--target amilint$' "$src/setup.sh" || fail "setup.sh's quick start does not build only the amilint target"
if cmake -S "$src" -B "$tmp/quick" -DCMAKE_BUILD_TYPE=Release -DAMILINT_TESTS=OFF \
  -DCMAKE_DISABLE_FIND_PACKAGE_Catch2=ON >"$tmp/quick.log" 2>&1; then
  if cmake --build "$tmp/quick" --target help | grep -q amilint_tests; then fail "tests off still has amilint_tests"
  else pass "the quick start configures without Catch2 and without test targets"; fi
else
  cat "$tmp/quick.log" >&2
  fail "configuring with -DAMILINT_TESTS=OFF needs Catch2"
fi

# --- cmake --install ----------------------------------------------------------------
cmake --build "$build" --target amilint amilint_docs >/dev/null || fail "building amilint and its docs"
prefix=$tmp/prefix
if ! cmake --install "$build" --prefix "$prefix" >"$tmp/install.log" 2>&1; then
  cat "$tmp/install.log" >&2
  fail "cmake --install"
fi
for f in bin/amilint share/man/man1/amilint.1 share/bash-completion/completions/amilint \
  share/zsh/vendor-completions/_amilint share/fish/vendor_completions.d/amilint.fish \
  share/doc/amilint/LICENSE share/doc/amilint/NOTICE; do
  [ -f "$prefix/$f" ] && pass "installed $f" || fail "cmake --install did not install $f"
done
amilint=$prefix/bin/amilint
[ "$("$amilint" --version)" = "amilint $version" ] && pass "installed --version" || fail "installed --version is not amilint $version"

# Every long and short option the help lists, and the subcommands.
help_options=$("$amilint" --help | grep -E '^ +-' | grep -oE '(^|[ ,])--?[A-Za-z][A-Za-z0-9-]*' | tr -d ' ,' | sort -u)
[ "$(printf '%s\n' "$help_options" | wc -l)" -ge 20 ] || fail "could not read the options of --help"

# --- the man page ---------------------------------------------------------------------
if command -v man >/dev/null 2>&1; then
  page=$(LC_ALL=C.UTF-8 MANWIDTH=120 man -l "$prefix/share/man/man1/amilint.1" 2>"$tmp/man.err")
  [ -s "$tmp/man.err" ] && { cat "$tmp/man.err" >&2; fail "man printed warnings"; }
  # also as an installed page, found through MANPATH
  MANPATH=$prefix/share/man man -w amilint >/dev/null 2>&1 && pass "man finds the page via MANPATH" ||
    fail "MANPATH=$prefix/share/man man -w amilint"
  grep -q "amilint - a fast linter" <<<"$page" && pass "man page NAME" || fail "man page has no NAME line"
  missing=""
  for o in $help_options; do
    grep -qE -- "(^|[^A-Za-z0-9-])$o([^A-Za-z0-9-]|$)" <<<"$page" || missing+=" $o"
  done
  [ -z "$missing" ] && pass "man page names every option of --help" || fail "man page lacks:$missing"
  for w in explain rules AMI001 AMI061 "Exit codes"; do
    grep -q -- "$w" <<<"$page" || fail "man page lacks '$w'"
  done
else
  fail "man is not installed (setup.sh --test-tools installs man-db)"
fi

# --- bash completion --------------------------------------------------------------------
# complete WORDS...: what the completion offers for the last word (empty = a new word).
bash_complete() {
  bash --norc --noprofile -c '
    source "$1"; shift
    spec=$(complete -p amilint) || exit 3
    fn=$(printf "%s" "$spec" | sed -n "s/.*-F \([^ ]*\).*/\1/p")
    COMP_WORDS=("$@"); COMP_CWORD=$(( $# - 1 ))
    COMP_LINE="$*"; COMP_POINT=${#COMP_LINE}
    "$fn" amilint "${COMP_WORDS[COMP_CWORD]}" "${COMP_WORDS[COMP_CWORD-1]}"
    printf "%s\n" "${COMPREPLY[@]}"' bash "$prefix/share/bash-completion/completions/amilint" "$@"
}
expect_bash() {  # expected-word WORDS...
  local want=$1; shift
  local got
  got=$(cd "$tmp" && bash_complete "$@")
  if grep -qx -- "$want" <<<"$got"; then pass "bash: '$*' offers $want"
  else fail "bash: '$*' does not offer $want (got: $(printf '%s' "$got" | tr '\n' ' '))"; fi
}
expect_bash_not() {
  local unwanted=$1; shift
  local got
  got=$(cd "$tmp" && bash_complete "$@")
  if grep -qx -- "$unwanted" <<<"$got"; then fail "bash: '$*' offers $unwanted"
  else pass "bash: '$*' does not offer $unwanted"; fi
}
mkdir -p "$tmp/stacks"
expect_bash --select amilint --sel
expect_bash --fail-on amilint --fa
expect_bash sarif amilint --format sa
expect_bash sarif amilint --format = sa
expect_bash never amilint --fail-on ""
expect_bash AMI010 amilint --select AMI01
expect_bash AMI002,AMI010 amilint --ignore AMI002,AMI01
expect_bash hardcoded-ami-id amilint --enable hardcoded
expect_bash explain amilint ex
expect_bash rules amilint ru
expect_bash stacks amilint st
expect_bash AMI020 amilint explain AMI02
expect_bash markdown amilint rules --format m
expect_bash stacks amilint --output st
expect_bash_not stacks amilint --jobs ""
for o in $help_options; do
  [[ $o == --* ]] || continue
  [ "$(cd "$tmp" && bash_complete amilint "$o")" = "$o" ] || fail "bash: '$o' does not complete to itself"
done
if "$amilint" help >/dev/null 2>&1; then expect_bash help amilint he; fi

# --- zsh ---------------------------------------------------------------------------------
if command -v zsh >/dev/null 2>&1; then
  zdir=$prefix/share/zsh/vendor-completions
  zsh -n "$zdir/_amilint" && pass "zsh: _amilint parses" || fail "zsh: _amilint has a syntax error"
  # compinit finds the function through fpath and binds it to amilint
  out=$(HOME=$tmp zsh -f -c "fpath=('$zdir' \$fpath); autoload -Uz compinit; compinit -u -d '$tmp/zcomp'; print -r -- \$_comps[amilint]" 2>&1)
  [ "$out" = "_amilint" ] && pass "zsh: compinit binds _amilint" || fail "zsh: compinit gives '$out' for amilint"
  # complete for real in an interactive zsh on a pseudo-terminal, collecting what
  # compadd is given
  zsh_complete() {
    HOME=$tmp zsh -f -c '
      zmodload zsh/zpty
      zpty z zsh -f -i
      zpty -w z "PS1=; fpath=(\"$1\" \$fpath); autoload -Uz compinit; compinit -u -d \"$2/zcomp\""
      zpty -w z "compadd() { builtin compadd \"\$@\"; local -a a; builtin compadd -O a \"\$@\"; print -rl -- \$a >> \"$2/zmatches\" }"
      zpty -w z "zstyle \":completion:*\" list-prompt \"\"; zstyle \":completion:*\" menu no"
      zpty -w z "cd \"$2\""
      : > "$2/zmatches"
      zpty -w -n z "$3"$'"'"'\t'"'"'
      # until the matches stop growing (at most 10 s): a fixed wait is too short on a
      # slow or busy machine
      integer i size=-1
      for (( i = 0; i < 50; i++ )); do
        sleep 0.2
        [[ -s $2/zmatches ]] || continue
        (( $(wc -c < $2/zmatches) == size )) && break
        size=$(wc -c < $2/zmatches)
      done
      zpty -d z' zsh "$zdir" "$tmp" "$1" >/dev/null 2>&1
    cat "$tmp/zmatches"
  }
  expect_zsh() {
    local want=$1 line=$2 got
    got=$(zsh_complete "$line")
    if grep -qx -- "$want" <<<"$got"; then pass "zsh: '$line' offers $want"
    else fail "zsh: '$line' does not offer $want (got: $(printf '%s' "$got" | tr '\n' ' ' | cut -c1-300))"; fi
  }
  expect_zsh --select "amilint --sel"
  expect_zsh sarif "amilint --format "
  expect_zsh AMI010 "amilint --select AMI01"
  expect_zsh AMI020 "amilint explain AMI02"
  expect_zsh explain "amilint ex"
else
  echo "skip: zsh is not installed (setup.sh --test-tools installs it)"
fi

# --- fish --------------------------------------------------------------------------------
if command -v fish >/dev/null 2>&1; then
  fish_complete() {
    HOME=$tmp fish --no-config -c "source '$prefix/share/fish/vendor_completions.d/amilint.fish'; cd '$tmp'; complete -C '$1'" |
      cut -f1
  }
  expect_fish() {
    local want=$1 line=$2 got
    got=$(fish_complete "$line")
    if grep -qx -- "$want" <<<"$got"; then pass "fish: '$line' offers $want"
    else fail "fish: '$line' does not offer $want (got: $(printf '%s' "$got" | tr '\n' ' ' | cut -c1-300))"; fi
  }
  expect_fish --select "amilint --sel"
  expect_fish sarif "amilint --format "
  expect_fish AMI010 "amilint --select AMI01"
  expect_fish AMI002,AMI010 "amilint --select AMI002,AMI01"
  expect_fish AMI020 "amilint explain AMI02"
  expect_fish explain "amilint ex"
  expect_fish markdown "amilint rules --format "
else
  echo "skip: fish is not installed (setup.sh --test-tools installs it)"
fi

# --- cpack ---------------------------------------------------------------------------------
pkgdir=$tmp/pkg
(cd "$build" && cpack -G "DEB;TGZ" -B "$pkgdir" >"$tmp/cpack.log" 2>&1) || { cat "$tmp/cpack.log" >&2; fail "cpack"; }
deb=$(ls "$pkgdir"/amilint_"$version"_*.deb 2>/dev/null | head -n 1)
tgz=$(ls "$pkgdir"/amilint-"$version"-linux-*.tar.gz 2>/dev/null | head -n 1)
if [ -n "$deb" ]; then
  pass "cpack -G DEB made $(basename "$deb")"
  [ "$(basename "$deb")" = "amilint_${version}_$(dpkg --print-architecture).deb" ] || fail "the .deb is named $(basename "$deb")"
  info=$(dpkg-deb -I "$deb")
  grep -q '^ Package: amilint$' <<<"$info" || fail "dpkg-deb -I: no Package: amilint"
  grep -q "^ Version: $version\$" <<<"$info" || fail "dpkg-deb -I: the version is not $version"
  if [ "$link" = static ]; then
    if grep -q '^ Depends:' <<<"$info"; then fail "the .deb has Depends: $(printf '%s\n' "$info" | grep '^ Depends:')"
    else pass "the .deb has no Depends"; fi
  else
    grep -q '^ Depends:.*libyaml-cpp' <<<"$info" && pass "the dynamic build's .deb depends on libyaml-cpp" ||
      fail "the dynamic build's .deb does not list libyaml-cpp in Depends"
  fi
  contents=$(dpkg-deb -c "$deb")
  for f in ./usr/bin/amilint ./usr/share/man/man1/amilint.1 ./usr/share/bash-completion/completions/amilint \
    ./usr/share/zsh/vendor-completions/_amilint ./usr/share/fish/vendor_completions.d/amilint.fish \
    ./usr/share/doc/amilint/LICENSE ./usr/share/doc/amilint/NOTICE; do
    grep -q " $f\$" <<<"$contents" || fail "the .deb lacks $f"
  done
  mkdir -p "$tmp/deb" && dpkg-deb -x "$deb" "$tmp/deb"
  if [ "$link" = dynamic ]; then :
  elif ldd "$tmp/deb/usr/bin/amilint" >/dev/null 2>&1; then
    fail "the .deb's amilint is linked dynamically: $(ldd "$tmp/deb/usr/bin/amilint" | tr '\n' ' ')"
  else pass "the .deb's amilint is static (ldd: not a dynamic executable)"; fi
else
  fail "cpack -G DEB made no amilint_${version}_*.deb ($(ls "$pkgdir" 2>/dev/null | tr '\n' ' '))"
fi
if [ -n "$tgz" ]; then
  pass "cpack -G TGZ made $(basename "$tgz")"
  mkdir -p "$tmp/tgz" && tar -xzf "$tgz" -C "$tmp/tgz"
  top=$tmp/tgz/$(basename "$tgz" .tar.gz)
  for f in bin/amilint share/man/man1/amilint.1 share/bash-completion/completions/amilint \
    share/zsh/vendor-completions/_amilint share/fish/vendor_completions.d/amilint.fish \
    share/doc/amilint/LICENSE share/doc/amilint/NOTICE; do
    [ -f "$top/$f" ] || fail "the tarball lacks $f"
  done
  [ "$("$top/bin/amilint" --version 2>&1)" = "amilint $version" ] && pass "the tarball's amilint runs --version" ||
    fail "the tarball's amilint --version"
else
  fail "cpack -G TGZ made no amilint-${version}-linux-*.tar.gz"
fi

# --- apt-get install of the .deb (root, amilint not installed) --------------------------------
if [ "$(id -u)" -ne 0 ]; then
  echo "skip: installing the .deb with apt-get needs root (CI runs this as root)"
elif dpkg -s amilint >/dev/null 2>&1 || [ -e /usr/bin/amilint ]; then
  echo "skip: installing the .deb: amilint is already installed on this machine"
elif [ -n "$deb" ]; then
  cp "$deb" "$tmp/amilint.deb"
  if DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$tmp/amilint.deb" >"$tmp/apt.log" 2>&1; then
    out=$(cd "$src" && /usr/bin/amilint fixtures/examples 2>&1)
    rc=$?
    [ $rc -eq 1 ] && pass "the installed amilint exits 1 on fixtures/examples" || fail "the installed amilint exited $rc"
    grep -qE '^fixtures/examples/.*:[0-9]+:[0-9]+: (error|warning|info): .*\[AMI[0-9]{3} ' <<<"$out" &&
      pass "the installed amilint prints findings" || fail "the installed amilint printed no findings: $out"
    [ -f /usr/share/man/man1/amilint.1 ] || [ -f /usr/share/man/man1/amilint.1.gz ] || echo "note: dpkg excludes man pages here"
    DEBIAN_FRONTEND=noninteractive apt-get remove -y -qq amilint >/dev/null 2>&1 || fail "apt-get remove amilint"
    [ -e /usr/bin/amilint ] && fail "apt-get remove left /usr/bin/amilint"
  else
    cat "$tmp/apt.log" >&2
    fail "apt-get install ./$(basename "$deb")"
  fi
fi

if [ "$failures" -ne 0 ]; then
  echo "$failures check(s) failed" >&2
  exit 1
fi
echo "all install checks passed"
