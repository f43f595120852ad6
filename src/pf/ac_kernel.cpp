#include "pf/ac_kernel.hpp"

#include <cmath>
#include <numbers>

#include "gat/core/error.hpp"

namespace gat::pf::detail {

Ybus island_block(const Ybus& y, std::span<const std::int32_t> buses,
                  std::vector<std::int32_t>& local_of) {
  const auto n = static_cast<std::int32_t>(buses.size());
  for (std::int32_t i = 0; i < n; ++i) local_of[buses[i]] = i;

  Ybus out;
  out.n = n;
  out.col_ptr.assign(static_cast<std::size_t>(n) + 1, 0);
  out.diag.assign(static_cast<std::size_t>(n), -1);
  for (std::int32_t c = 0; c < n; ++c) {
    const auto j = buses[c];
    for (auto p = y.col_ptr[j]; p < y.col_ptr[j + 1]; ++p) {
      const auto r = local_of[y.row_idx[p]];
      if (r < 0) throw Error("island_block: an admittance leaves the island");
      if (r == c) out.diag[c] = static_cast<std::int32_t>(out.row_idx.size());
      out.row_idx.push_back(r);
      out.g.push_back(y.g[p]);
      out.b.push_back(y.b[p]);
    }
    out.col_ptr[c + 1] = static_cast<std::int32_t>(out.row_idx.size());
  }
  for (auto b : buses) local_of[b] = -1;
  return out;
}

void BusClasses::index(std::int32_t n, std::vector<std::int32_t>& ang,
                       std::vector<std::int32_t>& mag) const {
  ang.assign(static_cast<std::size_t>(n), -1);
  mag.assign(static_cast<std::size_t>(n), -1);
  std::int32_t k = 0;
  for (auto i : pv) ang[i] = k++;
  for (auto i : pq) ang[i] = k++;
  for (auto i : pq) mag[i] = k++;
}

void injected_power(const Ybus& y, std::span<const double> vr, std::span<const double> vi,
                    std::span<double> s_re, std::span<double> s_im) {
  std::fill(s_re.begin(), s_re.end(), 0.0);
  std::fill(s_im.begin(), s_im.end(), 0.0);
  // Column k of Y scaled by V_k: t_ik = V_i conj(Y_ik V_k), summed over k into S_i.
  for (std::int32_t k = 0; k < y.n; ++k) {
    const double vrk = vr[k], vik = vi[k];
    for (auto p = y.col_ptr[k]; p < y.col_ptr[k + 1]; ++p) {
      const auto i = y.row_idx[p];
      const double yr = y.g[p] * vrk - y.b[p] * vik;
      const double yi = y.g[p] * vik + y.b[p] * vrk;
      s_re[i] += vr[i] * yr + vi[i] * yi;
      s_im[i] += vi[i] * yr - vr[i] * yi;
    }
  }
}

void polar_to_cartesian(std::span<double> vm, std::span<double> va, std::span<double> vr,
                        std::span<double> vi, bool normalize) {
  constexpr double kPi = std::numbers::pi;
  for (std::size_t i = 0; i < vm.size(); ++i) {
    if (normalize) {
      if (vm[i] < 0) {
        vm[i] = -vm[i];
        va[i] += kPi;
      }
      if (va[i] > kPi || va[i] <= -kPi) {
        va[i] = std::remainder(va[i], 2 * kPi);
        if (va[i] <= -kPi) va[i] += 2 * kPi;
      }
    }
    vr[i] = vm[i] * std::cos(va[i]);
    vi[i] = vm[i] * std::sin(va[i]);
  }
}

}  // namespace gat::pf::detail
