#include "gat/adequacy/fixed_sum.hpp"

#include <cmath>
#include <string>

#include "gat/core/error.hpp"

namespace gat::adequacy {

void FixedSum::add(double x) {
  if (!(std::fabs(x) < 0x1p50))
    throw Error("a sum term of " + std::to_string(x) + " is outside the range summed exactly");
  units_ += static_cast<Int128>(std::nearbyint(std::ldexp(x, kFractionBits)));
}

double FixedSum::value() const {
  // int128 → double rounds to nearest; the scaling by a power of two is exact.
  return std::ldexp(static_cast<double>(units_), -kFractionBits);
}

FixedSum FixedSum::from_halves(std::int64_t high, std::uint64_t low) {
  FixedSum s;
  s.units_ = (static_cast<Int128>(high) << 64) | static_cast<Int128>(low);
  return s;
}

}  // namespace gat::adequacy
