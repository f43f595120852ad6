#include "gat/io/sha256.hpp"

#include <openssl/evp.h>

#include <algorithm>
#include <array>
#include <fstream>
#include <memory>
#include <vector>

#include "gat/core/error.hpp"
#include "gat/core/input_file.hpp"

namespace gat::io {

namespace {

class Sha256 {
 public:
  Sha256() : ctx_(EVP_MD_CTX_new(), &EVP_MD_CTX_free) {
    if (!ctx_ || EVP_DigestInit_ex(ctx_.get(), EVP_sha256(), nullptr) != 1) {
      throw Error("SHA-256 unavailable from OpenSSL");
    }
  }
  void update(const void* data, std::size_t n) { EVP_DigestUpdate(ctx_.get(), data, n); }
  std::string hex() {
    std::array<unsigned char, EVP_MAX_MD_SIZE> digest{};
    unsigned int n = 0;
    EVP_DigestFinal_ex(ctx_.get(), digest.data(), &n);
    static constexpr char kHex[] = "0123456789abcdef";
    std::string out;
    for (unsigned int i = 0; i < n; ++i) {
      out += kHex[digest[i] >> 4];
      out += kHex[digest[i] & 15];
    }
    return out;
  }

 private:
  std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)> ctx_;
};

}  // namespace

std::string sha256_hex(std::string_view bytes) {
  Sha256 h;
  h.update(bytes.data(), bytes.size());
  return h.hex();
}

namespace {

// A directory (a gat network directory) hashes as the sorted list of its regular files, one
// line "relative/path sha256" each, so renaming, adding or changing any file changes it.
std::string sha256_directory(const std::filesystem::path& dir) {
  std::vector<std::string> lines;
  std::error_code ec;
  for (auto it = std::filesystem::recursive_directory_iterator(dir, ec);
       !ec && it != std::filesystem::recursive_directory_iterator(); it.increment(ec)) {
    if (!it->is_regular_file()) continue;
    lines.push_back(std::filesystem::relative(it->path(), dir).generic_string() + " " +
                    sha256_file(it->path()));
  }
  if (ec) throw Error("cannot read " + dir.string() + ": " + ec.message());
  std::sort(lines.begin(), lines.end());
  std::string text;
  for (const auto& line : lines) text += line + "\n";
  return sha256_hex(text);
}

}  // namespace

std::string sha256_file(const std::filesystem::path& file) {
  std::error_code ec;
  if (std::filesystem::is_directory(file, ec)) return sha256_directory(file);
  core::require_readable_file(file);
  std::ifstream in(file, std::ios::binary);
  if (!in) throw Error("cannot read " + file.string());
  Sha256 h;
  std::array<char, 1 << 16> buffer{};
  while (in) {
    in.read(buffer.data(), buffer.size());
    h.update(buffer.data(), static_cast<std::size_t>(in.gcount()));
  }
  if (in.bad()) throw Error("cannot read " + file.string());
  return h.hex();
}

}  // namespace gat::io
