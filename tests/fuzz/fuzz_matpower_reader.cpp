// libFuzzer target for the MATPOWER reader. Any input must either parse or raise gat::Error;
// another exception, a crash, a sanitizer report, a hang or a runaway allocation is a finding.
//
//   cmake --preset fuzz && cmake --build --preset fuzz -j2
//   build/fuzz/tests/fuzz/gat_fuzz_matpower -dict=tests/fuzz/matpower.dict \
//       -max_total_time=180 build/fuzz/tests/fuzz/corpus tests/fuzz/corpus/matpower
#include <spdlog/spdlog.h>

#include <cstddef>
#include <cstdint>
#include <string_view>

#include "gat/core/error.hpp"
#include "gat/io/matpower.hpp"

extern "C" int LLVMFuzzerInitialize(int* /*argc*/, char*** /*argv*/) {
  spdlog::set_level(spdlog::level::off);  // the dcline warning would flood the output
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  try {
    (void)gat::io::parse_matpower(text, "fuzz.m");
  } catch (const gat::Error&) {
    // Rejecting bad input is the reader's job.
  }
  return 0;
}
