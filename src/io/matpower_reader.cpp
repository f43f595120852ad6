#include "gat/io/matpower.hpp"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fstream>

#include "gat/core/error.hpp"
#include "gat/core/input_file.hpp"
#include "io/matpower_network.hpp"
#include "io/matpower_script.hpp"

namespace gat::io {

core::Network parse_matpower(std::string_view text, const std::string& source) {
  matlab::Workspace ws = matlab::run_case_script(text, source);
  core::Network net = build_matpower_network(ws, source);
  net.name = std::filesystem::path(source).stem().string();
  net.source = source;
  return net;
}

core::Network read_matpower(const std::filesystem::path& file) {
  core::require_readable_file(file);
  std::ifstream in(file, std::ios::binary);
  if (!in) throw InputError(file.string(), 0, std::string("cannot open: ") + std::strerror(errno));
  in.seekg(0, std::ios::end);
  std::string text(static_cast<std::size_t>(std::max<std::streamoff>(in.tellg(), 0)), '\0');
  in.seekg(0, std::ios::beg);
  in.read(text.data(), static_cast<std::streamsize>(text.size()));
  if (static_cast<std::size_t>(in.gcount()) != text.size()) {
    throw InputError(file.string(), 0, "read failed");
  }
  return parse_matpower(text, file.string());
}

}  // namespace gat::io
