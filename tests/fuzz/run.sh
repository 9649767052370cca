#!/usr/bin/env bash
# Fuzzes amilint's loaders and its whole pipeline with libFuzzer, AddressSanitizer and
# UndefinedBehaviorSanitizer (clang-14 from Debian).
#
#   tests/fuzz/run.sh [SECONDS] [TARGET...]
#
# Runs each target (yaml, json, hcl, pipeline; default all) for SECONDS (default 60),
# the targets side by side. Seeds come from fixtures/ and ../shared/corpus/; the
# growing corpus is kept in build-fuzz/corpus/TARGET between runs. An input that
# crashes, leaks, trips a sanitizer or runs longer than 10 s is copied to
# tests/fuzz/regressions/TARGET/ (replayed by the test suite: tests/engine/fuzz_regression_test.cpp)
# and the script exits 1 (fuzzing goes on after a finding: -fork=1 -ignore_crashes=1). Logs: build-fuzz/logs/TARGET.log.
set -euo pipefail
cd "$(dirname "$0")/../.."
seconds=${1:-60}
shift || true
targets=("$@")
[ ${#targets[@]} -eq 0 ] && targets=(yaml json hcl pipeline)

need=()
for p in clang-14 libclang-rt-14-dev cmake make pkg-config libyaml-cpp-dev nlohmann-json3-dev libre2-dev libcli11-dev; do
  dpkg -s "$p" >/dev/null 2>&1 || need+=("$p")
done
if [ ${#need[@]} -gt 0 ]; then
  sudo=""
  [ "$(id -u)" -ne 0 ] && sudo=sudo
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${need[@]}" >/dev/null
fi

out=build-fuzz
flags="-g -O1 -fno-omit-frame-pointer -fsanitize=fuzzer-no-link,address,undefined -fno-sanitize-recover=undefined"
cmake -S . -B "$out" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_CXX_COMPILER=clang++-14 \
  -DCMAKE_CXX_FLAGS="$flags" -DCMAKE_EXE_LINKER_FLAGS="-fsanitize=address,undefined" \
  -DAMILINT_TESTS=OFF -DAMILINT_FUZZ=ON -DAMILINT_STATIC=OFF >/dev/null
cmake --build "$out" -j"$(nproc)" --target $(printf 'fuzz_%s ' "${targets[@]}") >/dev/null

corpus_root=../shared/corpus
seed() {  # seed TARGET: fills $out/seeds/TARGET
  local t=$1 dir=$out/seeds/$1
  [ -d "$dir" ] && return
  mkdir -p "$dir"
  local sources=(fixtures)
  [ -d "$corpus_root" ] && sources+=("$corpus_root")
  case $t in
    yaml) find "${sources[@]}" -type f \( -name '*.yaml' -o -name '*.yml' -o -name '*.template' \) -size -64k -exec cp -t "$dir" --backup=numbered {} + ;;
    json) find "${sources[@]}" -type f -name '*.json' -size -64k -exec cp -t "$dir" --backup=numbered {} + ;;
    hcl) find "${sources[@]}" -type f \( -name '*.tf' -o -name '*.tfvars' \) -size -64k -exec cp -t "$dir" --backup=numbered {} + ;;
    pipeline)
      # The first byte picks the kind: 0 CloudFormation YAML, 1 JSON, 2 HCL, 3 Terraform JSON.
      local i=0 f b
      while IFS= read -r -d '' f; do
        case $f in
          *.tf.json) b='\x03' ;; *.tf) b='\x02' ;; *.json) b='\x01' ;; *) b='\x00' ;;
        esac
        { printf "$b"; cat "$f"; } >"$dir/seed$i"
        i=$((i + 1))
      done < <(find "${sources[@]}" -type f \( -name '*.yaml' -o -name '*.yml' -o -name '*.json' -o -name '*.tf' \) -size -16k -print0)
      ;;
  esac
}

pids=()
for t in "${targets[@]}"; do
  seed "$t"
  mkdir -p "$out/corpus/$t" "$out/artifacts/$t" "$out/logs"
  nice -n 10 "$out/fuzz_$t" "$out/corpus/$t" "$out/seeds/$t" -max_total_time="$seconds" -timeout=10 \
    -rss_limit_mb=4096 -max_len=65536 -dict=tests/fuzz/amilint.dict -fork=1 -ignore_crashes=1 -ignore_timeouts=1 -ignore_ooms=1 \
    -artifact_prefix="$out/artifacts/$t/" >"$out/logs/$t.log" 2>&1 &
  pids+=($!)
done
status=0
for i in "${!targets[@]}"; do
  t=${targets[$i]}
  if wait "${pids[$i]}"; then r=0; else r=$?; fi
  # fork mode: the last status line says how many inputs ran ("#N: cov: ...")
  execs=$(grep -o '^#[0-9]*: cov' "$out/logs/$t.log" | tail -1 | tr -dc '0-9' || true)
  found=$(find "$out/artifacts/$t" -type f | wc -l)
  echo "fuzz $t: ${seconds}s, ${execs:-?} inputs run, exit $r, $found finding(s)"
  if [ "$found" -gt 0 ] || [ "$r" -ne 0 ]; then
    status=1
    mkdir -p "tests/fuzz/regressions/$t"
    for a in "$out/artifacts/$t"/*; do
      [ -f "$a" ] || continue
      cp "$a" "tests/fuzz/regressions/$t/$(basename "$a")"
      echo "  kept $a as tests/fuzz/regressions/$t/$(basename "$a")"
    done
    grep -m1 -A3 'ERROR\|runtime error\|fuzz invariant' "$out/logs/$t.log" | sed 's/^/  /' || true
  fi
done
exit $status
