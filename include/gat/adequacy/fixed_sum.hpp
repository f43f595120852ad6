// A sum of doubles that is the same however its terms are grouped: each term is rounded once to
// a multiple of 2⁻⁵² (exact for |x| ≥ 1; an error below 1.2e-16 otherwise) and the multiples
// are added as 128-bit integers, exactly, in any order. The Monte Carlo studies sum a
// per-(scenario, hour) quantity over scenarios chunk by chunk (runs/): with floating-point
// partial sums another chunk size would change the last bits of the total; with these it
// cannot. The two 64-bit halves let a partial sum travel through a table.
#pragma once

#include <cstdint>

namespace gat::adequacy {

class FixedSum {
 public:
  static constexpr int kFractionBits = 52;

  // Error for a term that is not finite or not below 2⁵⁰ in magnitude (no sum of MW or MWh
  // comes near it; the bound keeps 2²⁵ such terms from overflowing).
  void add(double x);
  FixedSum& operator+=(const FixedSum& other) {
    units_ += other.units_;
    return *this;
  }
  double value() const;  // the sum, rounded once to the nearest double

  std::int64_t high() const { return static_cast<std::int64_t>(units_ >> 64); }
  std::uint64_t low() const { return static_cast<std::uint64_t>(units_); }
  static FixedSum from_halves(std::int64_t high, std::uint64_t low);
  bool operator==(const FixedSum&) const = default;

 private:
  __extension__ using Int128 = __int128;
  Int128 units_ = 0;  // the sum in units of 2⁻⁵²
};

}  // namespace gat::adequacy
