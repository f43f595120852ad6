// Content hashes: the SHA-256 of inputs, and the run id that names a study's results.
//
// A run id is the hash of everything that determines a study's output — gat's version, the
// command, its canonical parameters and the SHA-256 of every input file — so running the same
// study twice yields the same id, and every output table carries it.
#pragma once

#include <filesystem>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace gat::core {

std::string sha256_hex(std::string_view bytes);
// Throws gat::Error naming the file when it cannot be read. A directory (a gat network
// directory) hashes as the sorted list of "relative/path sha256" of the files it holds.
std::string sha256_file(const std::filesystem::path& file);

struct StudyIdentity {
  std::string command;                                      // e.g. "pf dc"
  std::vector<std::pair<std::string, std::string>> params;  // canonical: sorted by key
  std::vector<std::filesystem::path> inputs;
};

// 16 hex digits of SHA-256 over the identity (and gat's version).
std::string make_run_id(const StudyIdentity& identity);

// The same hash for a study whose inputs' SHA-256 (hex) are already known, in input order:
// make_run_id(identity) == make_run_id_from_digests(command, params, sha256 of each input).
std::string make_run_id_from_digests(std::string_view command,
                                     std::vector<std::pair<std::string, std::string>> params,
                                     const std::vector<std::string>& input_sha256);

}  // namespace gat::core
