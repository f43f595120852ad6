// Content hashes (SHA-256, OpenSSL) of inputs and outputs: what a run records of every file it
// reads and writes, and what its run id is made from (exec::StudySpec::run_id).
#pragma once

#include <filesystem>
#include <string>
#include <string_view>

namespace gat::io {

std::string sha256_hex(std::string_view bytes);
// Throws gat::Error naming the file when it cannot be read. A directory (a gat network
// directory) hashes as the sorted list of "relative/path sha256" of the files it holds.
std::string sha256_file(const std::filesystem::path& file);

}  // namespace gat::io
