// gat's own network format: a directory of Arrow IPC files, one per table, and a manifest.
//
//   case.gat/
//     manifest.json      format, schema version, case (name, base MVA, frequency), source file
//                        and its sha256, and per table: file, row count and sha256
//     buses.arrow  loads.arrow  shunts.arrow  branches.arrow  gens.arrow  gen_costs.arrow
//
// The tables hold exactly what core::Network holds, in its units (per unit on the system base,
// radians), so reading one back gives the same doubles. Cross references use external bus
// numbers (bus_id, from_bus_id, ...), so the tables join in any data tool. Files are Arrow IPC
// (uncompressed) and are read through a memory map: loading parses no text.
// Columns: docs/schemas/network.md.
#pragma once

#include <filesystem>
#include <map>
#include <string>

#include "gat/core/network.hpp"
#include "gat/io/diagnostics.hpp"

namespace gat::io {

inline constexpr int kNetworkSchemaVersion = 1;

struct GatWriteOptions {
  std::string source_format;                       // "matpower", "psse", ... (manifest only)
  const ImportDiagnostics* diagnostics = nullptr;  // counts go into the manifest
};

// Writes dir (created; an existing gat directory there is replaced, anything else is an
// error). The files are written into a temporary sibling directory that is then renamed.
void write_gat(const core::Network& net, const std::filesystem::path& dir,
               const GatWriteOptions& options = {});

struct GatReadOptions {
  bool verify_checksums = true;  // sha256 of every table against the manifest
};

core::Network read_gat(const std::filesystem::path& dir, const GatReadOptions& options = {});

// A directory holding a gat manifest.json.
bool is_gat_directory(const std::filesystem::path& path);

// Lets io::load_case (and so every command) read gat directories. Idempotent.
void register_gat_format();

}  // namespace gat::io
