// One libFuzzer program per target; AMILINT_FUZZ_TARGET names it (yaml, json, hcl,
// pipeline). Built by tests/fuzz/run.sh with clang's -fsanitize=fuzzer.
#include "tests/fuzz/targets.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  amilint::fuzz::AMILINT_FUZZ_TARGET(data, size);
  return 0;
}
