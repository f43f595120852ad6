// libFuzzer target for the chunk spec reader, the document every executor hands `gat run-chunk`
// (soon from a queue: untrusted input). Any input either reads as a spec that the checks
// against a study can judge, or throws gat::InputError (never crashes, hangs or throws
// anything else). Seeds: tests/fuzz/corpus/chunk_spec/*.json.
//   cmake --preset fuzz && cmake --build --preset fuzz --target gat_fuzz_chunk_spec
//   build/fuzz/tests/fuzz/gat_fuzz_chunk_spec -max_total_time=60 tests/fuzz/corpus/chunk_spec
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "gat/core/error.hpp"
#include "gat/exec/chunk_spec.hpp"
#include "gat/exec/planner.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  try {
    const auto chunk =
        gat::exec::chunk_spec_from_json(gat::exec::parse_json(text, "fuzz.json"), "fuzz.json");
    // A study of the seeds' shape: whatever the reader let through, the check must judge.
    gat::exec::check_chunk(chunk, {{"hour", 24}, {"contingency", 186}});
  } catch (const gat::InputError&) {
  } catch (const gat::UsageError&) {
  }
  return 0;
}
