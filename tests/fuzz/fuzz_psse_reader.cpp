// libFuzzer target for the PSS/E RAW reader: any input either parses or throws gat::InputError
// (never crashes, hangs or throws anything else). Seeds: tests/data/psse/*.raw.
//   cmake --preset fuzz && cmake --build --preset fuzz --target gat_fuzz_psse
//   build/fuzz/tests/fuzz/gat_fuzz_psse -max_total_time=60 tests/data/psse
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "gat/core/error.hpp"
#include "gat/io/psse.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  try {
    (void)gat::io::parse_psse(text, "fuzz.raw");
  } catch (const gat::InputError&) {
  }
  return 0;
}
