// Test-only fault switch: compiled in, inert unless GAT_FAULT_INJECT is set.
//
//   GAT_FAULT_INJECT="crash:chunk=3"       SIGSEGV while running chunk 3
//   GAT_FAULT_INJECT="kill:chunk=3"        SIGKILL to itself (as the OOM killer would)
//   GAT_FAULT_INJECT="exit:chunk=3"        exit(9) without a result
//   GAT_FAULT_INJECT="fail:chunk=3"        throw: the chunk fails with a message
//   GAT_FAULT_INJECT="hang:chunk=3"        sleep until killed (for --max-runtime-per-chunk)
//   GAT_FAULT_INJECT="delay:ms=200"        every chunk sleeps 200 ms first (to kill a run mid-way)
//
// Several faults are separated by ';'. A fault without chunk= applies to every chunk.
#pragma once

#include <cstdint>

namespace gat::exec {

// Called by the chunk runner before a chunk computes anything.
void inject_fault(std::int64_t chunk_index);

}  // namespace gat::exec
