// A network's buses, branches and generators as tables in engineering units (MW, MVAr, kV,
// degrees), for `gat inspect buses|branches|generators`. Schemas: docs/schemas/inspect.md.
#pragma once

#include "gat/core/network.hpp"
#include "gat/io/arrow/table.hpp"

namespace gat::io {

inline constexpr int kInspectSchemaVersion = 1;

// Bus loads and shunts are the sums of the in-service rows at each bus.
NamedTable inspect_bus_table(const core::Network& net);
NamedTable inspect_branch_table(const core::Network& net);
NamedTable inspect_gen_table(const core::Network& net);

}  // namespace gat::io
