// Files that are either wholly old or wholly new, also across a crash or power loss:
// write a temporary file in the same folder, fsync it, rename it over the target, fsync the
// folder. Readers never see a half-written file; a failure (disk full, read-only folder)
// leaves the previous version in place and throws gat::Error naming the path and the reason.
#pragma once

#include <filesystem>
#include <string_view>

namespace gat::exec {

// durable = false skips the fsyncs: still atomic for readers, but after a power loss the file
// may be missing or empty (for files that can be made again, like chunk specs).
void atomic_write_file(const std::filesystem::path& file, std::string_view bytes,
                       bool durable = true);

// Makes a rename or a new entry in dir durable.
void fsync_dir(const std::filesystem::path& dir);

// Temporary files atomic_write_file leaves behind when its process is killed mid-write are
// named ".<name>.tmp-<pid>-<n>"; this says whether a file name is one.
bool is_temporary_name(std::string_view file_name);

}  // namespace gat::exec
