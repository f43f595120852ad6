// Numbers as a person reads them, for what a run prints on the terminal (a study's
// highlights, a command's summary).
#pragma once

#include <string>

namespace gat::runs {

// 12345.678 -> "12,345.7"
std::string thousands(double value, int decimals = 1);

// printf onto the end of `out` (lines longer than 511 characters are cut).
[[gnu::format(printf, 2, 3)]] void append(std::string& out, const char* format, ...);

}  // namespace gat::runs
