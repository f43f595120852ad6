#include "gat/core/run_id.hpp"

#include <openssl/evp.h>

#include <algorithm>
#include <array>
#include <fstream>
#include <memory>

#include "gat/build_info.hpp"
#include "gat/core/error.hpp"

namespace gat::core {

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

std::string sha256_file(const std::filesystem::path& file) {
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

std::string make_run_id_from_digests(std::string_view command,
                                     std::vector<std::pair<std::string, std::string>> params,
                                     const std::vector<std::string>& input_sha256) {
  std::sort(params.begin(), params.end());
  std::string text = std::string("gat ") + build::kVersion + "\n" + std::string(command) + "\n";
  for (const auto& [key, value] : params) text += key + "=" + value + "\n";
  for (const auto& digest : input_sha256) text += "input " + digest + "\n";
  return sha256_hex(text).substr(0, 16);
}

std::string make_run_id(const StudyIdentity& identity) {
  std::vector<std::string> digests;
  for (const auto& input : identity.inputs) digests.push_back(sha256_file(input));
  return make_run_id_from_digests(identity.command, identity.params, digests);
}

}  // namespace gat::core
