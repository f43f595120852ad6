#include "gat/core/error.hpp"

#include <utility>

namespace gat {

namespace {
std::string locate(const std::string& file, std::size_t line, const std::string& message) {
  if (line == 0) return file + ": " + message;
  return file + ":" + std::to_string(line) + ": " + message;
}
}  // namespace

InputError::InputError(std::string file, std::size_t line, const std::string& message)
    : Error(locate(file, line, message)), file_(std::move(file)), line_(line), message_(message) {}

ModelError::ModelError(std::string element, const std::string& message)
    : Error(element + ": " + message), element_(std::move(element)) {}

}  // namespace gat
