#include "gat/runs/text.hpp"

#include <algorithm>
#include <cmath>
#include <cstdarg>
#include <cstdio>
#include <string_view>

namespace gat::runs {

std::string thousands(double value, int decimals) {
  if (std::abs(value) < 0.5 * std::pow(10.0, -decimals)) value = 0.0;  // no "-0.0"
  char buf[64];
  const int n = std::snprintf(buf, sizeof buf, "%.*f", decimals, std::abs(value));
  const std::string_view digits(buf, static_cast<std::size_t>(std::clamp(n, 0, 63)));
  const auto integer = std::min(digits.find('.'), digits.size());
  std::string out = value < 0 ? "-" : "";
  for (std::size_t i = 0; i < integer; ++i) {
    if (i > 0 && (integer - i) % 3 == 0) out += ',';
    out += digits[i];
  }
  out += digits.substr(integer);
  return out;
}

void append(std::string& out, const char* format, ...) {
  char buf[512];
  va_list args;
  va_start(args, format);
  const int n = std::vsnprintf(buf, sizeof buf, format, args);
  va_end(args);
  out.append(buf, static_cast<std::size_t>(std::clamp(n, 0, static_cast<int>(sizeof buf) - 1)));
}

}  // namespace gat::runs
