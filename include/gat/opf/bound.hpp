// The value that means "no bound" in every gat optimization interface.
#pragma once

#include <limits>

namespace gat::opf {

inline constexpr double kInf = std::numeric_limits<double>::infinity();

}  // namespace gat::opf
