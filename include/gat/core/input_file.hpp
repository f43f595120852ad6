// The one check every reader makes before it opens an input file, so that a file gat cannot
// read is reported with the reason (no such file, permission denied, is a directory) instead
// of a bare "cannot read" that leaves the user to guess.
#pragma once

#include <filesystem>

namespace gat::core {

// Throws InputError(file, 0, "cannot read: <reason>") unless `file` is a regular file this
// process may open for reading.
void require_readable_file(const std::filesystem::path& file);

}  // namespace gat::core
